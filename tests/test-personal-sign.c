/* test-personal-sign.c: signing with the phone-confirmed flow (v1 sign and
 * status polling) and smartca_remote_sign_async() choosing a flow, against
 * the SmartCA sandbox over loopback, with the business accounts' secrets in
 * a real keyring (the session wrapper's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The poll interval and the lifetime are shortened through the private
 * setter (and once through SMARTCA_POLL_INTERVAL_MS, the public override);
 * nothing here measures time: where promptness matters, the slow way would
 * not end before the test's time-out.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "smartca-remote-sign-private.h"
#include "smartca-remote-sign.h"
#include "smartca-sandbox-private.h"
#include "test-business.h"

#define ACTIVE "Đang hoạt động"
#define PERSON_USER "001099012345"
#define SUSPENDED_USER "079188000111"
#define SUSPENDED_SERIAL "5401010100000000000000000000beef"
#define TH_USER "0101234567"
#define INTERVAL_MS 20
#define LIFETIME_MS (60 * 1000)
#define HOUR_MS (60 * 60 * 1000)
#define SANDBOX_KEY_BYTES "12345678901234567890"

static SmartcaSandbox *sandbox;

/* Helpers */

typedef struct
{
  SmartcaClient      *client;
  SmartcaCertificate *certificate; /* the personal one */
  GBytes             *digest;
  SmartcaStore       *store;
  SmartcaVault       *vault;
} Fixture;

static void
reset_sandbox (void)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_pending_polls (sandbox, 2);
  smartca_sandbox_set_v1_refusal (sandbox, NULL);
  smartca_sandbox_set_status (sandbox, SERIAL_PERSONAL, ACTIVE);
}

static GBytes *
digest_of (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8               digest[32];
  gsize                size = sizeof digest;

  g_checksum_update (checksum, (const guchar *) text, -1);
  g_checksum_get_digest (checksum, digest, &size);
  return g_bytes_new (digest, size);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  reset_sandbox ();
  personal_set_timing_for_testing (INTERVAL_MS, LIFETIME_MS);
  fixture->client = business_test_client (sandbox);
  fixture->certificate = business_test_look_up (fixture->client, PERSON_USER, SERIAL_PERSONAL);
  fixture->digest = digest_of ("the signed attributes of Hợp đồng 12/2025");
  fixture->vault = smartca_vault_new ();
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  reset_sandbox ();
  personal_set_timing_for_testing (0, 0);
  g_clear_object (&fixture->certificate);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->digest, g_bytes_unref);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->vault);
}

/* What the progress callback was told, and what it does when told */
typedef struct
{
  SmartcaRemoteSignStage stages[8];
  gint64                 deadlines[8];
  gint64                 told_at[8]; /* g_get_real_time () then */
  guint                  n;
  GCancellable          *cancel_when_waiting;
  gboolean               fail_when_waiting; /* the sandbox answers 500 from then on */
} Progress;

static gboolean
cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (SmartcaRemoteSignStage stage,
             gint64                 deadline,
             gpointer               user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (progress->n, <, G_N_ELEMENTS (progress->stages));
  progress->stages[progress->n] = stage;
  progress->deadlines[progress->n] = deadline;
  progress->told_at[progress->n] = g_get_real_time ();
  progress->n++;

  if (stage != SMARTCA_REMOTE_SIGN_WAITING_FOR_PHONE)
    return;
  /* As a user would: a moment later, not from inside the callback */
  if (progress->cancel_when_waiting != NULL)
    g_timeout_add (10, cancel_cb, progress->cancel_when_waiting);
  if (progress->fail_when_waiting)
    smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
}

static GBytes *
personal_sign (Fixture            *fixture,
               SmartcaCertificate *certificate,
               const char         *description,
               Progress           *progress,
               GCancellable       *cancellable,
               char              **transaction_id,
               GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GBytes                 *signature;

  smartca_personal_sign_digest_async (fixture->client, certificate, fixture->digest, description,
                                      progress != NULL ? progress_cb : NULL, progress,
                                      cancellable, smartca_test_result_cb, &result);
  signature = smartca_personal_sign_digest_finish (smartca_test_wait_result (&result),
                                                   transaction_id, error);
  return signature;
}

/* The error of a personal signing that must fail */
static GError *
personal_error (Fixture            *fixture,
                SmartcaCertificate *certificate)
{
  GError           *error = NULL;
  g_autoptr(GBytes) signature = personal_sign (fixture, certificate, "a.pdf", NULL, NULL, NULL,
                                               &error);

  g_assert_null (signature);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  return error;
}

/* Waits about @ms on the main context (the loop keeps running) */
static gboolean
set_true_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Tests: the phone-confirmed flow */

/* Pending for two polls, then the signature of the certificate's own key */
static void
test_success (Fixture      *fixture,
              gconstpointer data)
{
  Progress          progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) other = digest_of ("another document");
  g_autofree char  *transaction_id = NULL;
  g_autofree char  *request = NULL;
  guint             polls = smartca_sandbox_get_poll_count (sandbox);
  guint             signs = smartca_sandbox_get_sign_count (sandbox);

  smartca_sandbox_set_pending_polls (sandbox, 2);
  signature = personal_sign (fixture, fixture->certificate, "Hợp đồng 12.pdf", &progress, NULL,
                             &transaction_id, &error);
  g_assert_no_error (error);
  g_assert_true (business_test_verifies (fixture->certificate, fixture->digest, signature));
  g_assert_false (business_test_verifies (fixture->certificate, other, signature));

  /* pending, pending, SUCCESS; no business signing */
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls + 3);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs);

  /* Sending, then waiting for the phone until a deadline still to come */
  g_assert_cmpuint (progress.n, ==, 2);
  g_assert_cmpint (progress.stages[0], ==, SMARTCA_REMOTE_SIGN_SENDING);
  g_assert_cmpint (progress.deadlines[0], ==, 0);
  g_assert_cmpint (progress.stages[1], ==, SMARTCA_REMOTE_SIGN_WAITING_FOR_PHONE);
  g_assert_cmpint (progress.deadlines[1], >, progress.told_at[1]);

  /* The transaction is the one sent (and polled) */
  g_assert_true (g_uuid_string_is_valid (transaction_id));
  request = smartca_sandbox_dup_last_v1_request (sandbox);
  g_assert_nonnull (strstr (request, transaction_id));
}

/* Only the hash of the signed attributes leaves the computer, exactly as
 * §5 wants it: nothing of the document but its name in the description */
static void
test_only_the_hash (Fixture      *fixture,
                    gconstpointer data)
{
  static const char *const members[] = { "sp_id", "sp_password", "user_id",
                                         "transaction_id", "transaction_desc", "serial_number",
                                         "time_stamp", "sign_files" };
  static const char *const file_members[] = { "file_type", "data_to_be_signed", "doc_id",
                                              "sign_type" };
  g_autoptr(GError)        error = NULL;
  g_autoptr(GBytes)        signature = NULL;
  g_autofree char         *request = NULL;
  g_autofree char         *transaction_id = NULL;
  g_autoptr(JsonParser)    parser = json_parser_new ();
  g_autoptr(GList)         names = NULL;
  JsonObject              *object;
  JsonArray               *files;
  JsonObject              *file;
  const char              *hex;
  const char              *stamp;
  const guint8            *digest = g_bytes_get_data (fixture->digest, NULL);

  signature = personal_sign (fixture, fixture->certificate, "  Hợp\u202E đồng\n12.pdf ", NULL,
                             NULL, &transaction_id, &error);
  g_assert_no_error (error);
  request = smartca_sandbox_dup_last_v1_request (sandbox);
  g_test_message ("%s", request);
  g_assert_true (json_parser_load_from_data (parser, request, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));

  names = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (names), ==, G_N_ELEMENTS (members));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (object, members[i]));
  g_assert_cmpstr (json_object_get_string_member (object, "user_id"), ==, PERSON_USER);
  g_assert_cmpstr (json_object_get_string_member (object, "serial_number"), ==, SERIAL_PERSONAL);
  g_assert_cmpstr (json_object_get_string_member (object, "transaction_id"), ==, transaction_id);
  /* The file name, on one line, nothing that reorders text */
  g_assert_cmpstr (json_object_get_string_member (object, "transaction_desc"), ==,
                   "Hợp đồng 12.pdf");
  /* YYYYMMDDHHmmSSZ, UTC */
  stamp = json_object_get_string_member (object, "time_stamp");
  g_assert_true (g_regex_match_simple ("^20[0-9]{12}Z$", stamp, 0, 0));

  files = json_object_get_array_member (object, "sign_files");
  g_assert_cmpuint (json_array_get_length (files), ==, 1);
  file = json_array_get_object_element (files, 0);
  g_clear_pointer (&names, g_list_free);
  names = json_object_get_members (file);
  g_assert_cmpuint (g_list_length (names), ==, G_N_ELEMENTS (file_members));
  for (guint i = 0; i < G_N_ELEMENTS (file_members); i++)
    g_assert_true (json_object_has_member (file, file_members[i]));
  g_assert_cmpstr (json_object_get_string_member (file, "sign_type"), ==, "hash");
  g_assert_cmpstr (json_object_get_string_member (file, "file_type"), ==, "pdf");

  /* Exactly the 32 bytes, as lowercase hex */
  hex = json_object_get_string_member (file, "data_to_be_signed");
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{64}$", hex, 0, 0));
  for (guint i = 0; i < 32; i++)
    g_assert_cmpint (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]),
                     ==, digest[i]);
  /* Nothing else rides along: the whole request is a few hundred bytes */
  g_assert_cmpuint (strlen (request), <, 700);
}

/* The user says no on the phone */
static void
test_rejected (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint             polls = smartca_sandbox_get_poll_count (sandbox);

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_USER_REJECTED);
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "refused in the VNPT SmartCA app"));
  /* pending, pending, REJECTED: then no more */
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls + 3);
}

/* SmartCA says the transaction expired */
static void
test_expired (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_EXPIRED);
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_EXPIRED);
  if (g_str_has_prefix (g_getenv ("LANGUAGE"), "vi"))
    g_assert_nonnull (strstr (error->message, "trong vòng 5 phút"));
  else
    g_assert_nonnull (strstr (error->message,
                              "confirm the signature in the VNPT SmartCA app within 5 minutes"));
}

/* The phone never answers and SmartCA never says so: the app gives up at
 * the end of the lifetime, after a last poll */
static void
test_lifetime (Fixture      *fixture,
               gconstpointer data)
{
  Progress          progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;
  guint             polls = smartca_sandbox_get_poll_count (sandbox);

  smartca_sandbox_set_pending_polls (sandbox, G_MAXUINT);
  personal_set_timing_for_testing (INTERVAL_MS, 10 * INTERVAL_MS);
  signature = personal_sign (fixture, fixture->certificate, "a.pdf", &progress, NULL, NULL,
                             &error);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_EXPIRED);
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), >, polls);
  g_assert_cmpuint (progress.n, ==, 2);

  /* No poll is left pending */
  polls = smartca_sandbox_get_poll_count (sandbox);
  run_for (10 * INTERVAL_MS);
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
}

/* SMARTCA_POLL_INTERVAL_MS: a lifetime of one second is five minutes of
 * polls every 20 ms; at the default interval the one poll would come at
 * the deadline and find it pending */
static void
test_interval_from_environment (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;

  personal_set_timing_for_testing (0, 1000);
  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  signature = personal_sign (fixture, fixture->certificate, "a.pdf", NULL, NULL, NULL, &error);
  g_unsetenv ("SMARTCA_POLL_INTERVAL_MS");
  g_assert_no_error (error);
  g_assert_nonnull (signature);
}

/* Cancel while the phone is awaited: over at once, not at the next poll
 * (an hour away), and nothing is polled afterwards */
static void
test_cancel_waiting (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress                progress = { .cancel_when_waiting = cancellable };
  g_autoptr(GError)       error = NULL;
  g_autoptr(GBytes)       signature = NULL;
  guint                   polls = smartca_sandbox_get_poll_count (sandbox);

  personal_set_timing_for_testing (HOUR_MS, 2 * HOUR_MS);
  signature = personal_sign (fixture, fixture->certificate, "a.pdf", &progress, cancellable, NULL,
                             &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.n, ==, 2);
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
}

/* Cancel while SmartCA is slow to take the request: over before it
 * answers; its late answer goes nowhere */
static void
test_cancel_sending (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(GCancellable)  cancellable = g_cancellable_new ();
  g_autoptr(SmartcaClient) fresh = business_test_client (sandbox);
  Progress                 progress = { 0 };
  g_autoptr(GError)        error = NULL;
  g_autoptr(GBytes)        signature = NULL;
  guint                    polls = smartca_sandbox_get_poll_count (sandbox);

  /* A client that has had no answer yet */
  g_set_object (&fixture->client, fresh);
  smartca_sandbox_set_delay (sandbox, 2000);
  g_timeout_add (50, cancel_cb, cancellable);
  signature = personal_sign (fixture, fixture->certificate, "a.pdf", &progress, cancellable, NULL,
                             &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.n, ==, 1);
  g_assert_cmpint (progress.stages[0], ==, SMARTCA_REMOTE_SIGN_SENDING);
  /* No answer reached this client: it did not wait for SmartCA */
  g_assert_false (smartca_client_get_clock_offset (fixture->client, NULL));

  smartca_sandbox_set_delay (sandbox, 0);
  run_for (2500);
  g_assert_cmpuint (progress.n, ==, 1);
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
}

static gboolean
cancel_after_polls_cb (gpointer cancellable)
{
  if (smartca_sandbox_get_poll_count (sandbox) < GPOINTER_TO_UINT (
                                                   g_object_get_data (G_OBJECT (cancellable), "cancel-at")))
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* Cancel between polls: no poll comes after */
static void
test_cancel_between_polls (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError)       error = NULL;
  g_autoptr(GBytes)       signature = NULL;
  guint                   polls;

  smartca_sandbox_set_pending_polls (sandbox, G_MAXUINT);
  g_object_set_data (G_OBJECT (cancellable), "cancel-at",
                     GUINT_TO_POINTER (smartca_sandbox_get_poll_count (sandbox) + 2));
  g_timeout_add (1, cancel_after_polls_cb, cancellable);
  signature = personal_sign (fixture, fixture->certificate, "a.pdf", NULL, cancellable, NULL,
                             &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  polls = smartca_sandbox_get_poll_count (sandbox);
  run_for (10 * INTERVAL_MS);
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
}

/* SmartCA answers 500, or nobody listens */
static void
test_unreachable (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaSandbox) stopped = NULL;
  g_autoptr(SmartcaClient)  client = NULL;
  g_autoptr(GError)         error = NULL;
  guint                     polls = smartca_sandbox_get_poll_count (sandbox);

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Check the internet connection"));
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
  g_clear_error (&error);

  stopped = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  client = business_test_client (stopped);
  g_clear_object (&stopped);
  g_set_object (&fixture->client, client);
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_UNREACHABLE);
}

/* The status poll fails: tried again, and given up after a few in a row */
static void
test_poll_unreachable (Fixture      *fixture,
                       gconstpointer data)
{
  Progress          progress = { .fail_when_waiting = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;
  guint             polls = smartca_sandbox_get_poll_count (sandbox);

  signature = personal_sign (fixture, fixture->certificate, "a.pdf", &progress, NULL, NULL,
                             &error);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_UNREACHABLE);
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==,
                    polls + PERSONAL_MAX_POLL_FAILURES);
}

/* Suspended at SmartCA, whatever this app knew of it */
static void
test_not_active (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(SmartcaCertificate) suspended = NULL;
  g_autoptr(GError)             error = NULL;

  suspended = business_test_look_up (fixture->client, SUSPENDED_USER, SUSPENDED_SERIAL);
  error = personal_error (fixture, suspended);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_NOT_ACTIVE);
  g_clear_error (&error);

  smartca_sandbox_set_status (sandbox, SERIAL_PERSONAL, "Tạm dừng");
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_NOT_ACTIVE);
  g_assert_nonnull (strstr (error->message, "suspended, revoked or expired"));
}

/* A well-formed signature by another key is never a success */
static void
test_bad_signature (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE);
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_BAD_SIGNATURE);
}

/* SmartCA's own words are quoted as text, isolated, unable to reorder ours */
static void
test_refused_isolated (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  smartca_sandbox_set_v1_refusal (sandbox, "<b>Tài khoản</b> \u202Ebị khóa");
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "\u2068<b>Tài khoản</b> bị khóa\u2069"));
  g_assert_null (strstr (error->message, "\u202E"));
  g_clear_error (&error);

  /* A refusal to start is not the end of a transaction that never was */
  smartca_sandbox_set_v1_refusal (sandbox, "CERTIFICATE_EXPIRED");
  error = personal_error (fixture, fixture->certificate);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "\u2068CERTIFICATE_EXPIRED\u2069"));
}

/* Answers that are not what they should be: refused, never a success */
static void
test_malformed (Fixture      *fixture,
                gconstpointer data)
{
  static const SmartcaSandboxFault faults[] = {
    SMARTCA_SANDBOX_FAULT_MALFORMED,
    SMARTCA_SANDBOX_FAULT_NOT_JSON,
    SMARTCA_SANDBOX_FAULT_TRUNCATED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;

      smartca_sandbox_set_fault (sandbox, faults[i]);
      error = personal_error (fixture, fixture->certificate);
      g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REFUSED);
      g_assert_null (strstr (error->message, "It said"));
    }
}

/* Without the certificate's own data nothing is sent */
static void
test_no_der (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(SmartcaCertificate) no_der = smartca_certificate_new (SERIAL_PERSONAL);
  g_autoptr(GError)             error = NULL;
  g_autofree char              *before = smartca_sandbox_dup_last_v1_request (sandbox);
  g_autofree char              *after = NULL;
  Progress                      progress = { 0 };
  g_autoptr(GBytes)             signature = NULL;

  smartca_certificate_set_lookup_id (no_der, PERSON_USER);
  signature = personal_sign (fixture, no_der, "a.pdf", &progress, NULL, NULL, &error);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_BAD_SIGNATURE);
  g_assert_cmpuint (progress.n, ==, 0);
  after = smartca_sandbox_dup_last_v1_request (sandbox);
  g_assert_cmpstr (before, ==, after);
}

/* Tests: one entry point for both flows */

static GBytes *
remote_sign (Fixture            *fixture,
             SmartcaCertificate *certificate,
             const char         *otp,
             Progress           *progress,
             char              **transaction_id,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_remote_sign_async (fixture->client, fixture->vault, certificate, fixture->digest,
                             "a.pdf", otp, progress_cb, progress, NULL, smartca_test_result_cb,
                             &result);
  return smartca_remote_sign_finish (smartca_test_wait_result (&result), transaction_id, error);
}

/* The sandbox's TH certificate in a real store, its business account set
 * up (@method) with the secrets in the keyring */
static SmartcaCertificate *
business_certificate (Fixture              *fixture,
                      SmartcaBusinessMethod method)
{
  g_autofree char          *path = g_build_filename (g_get_user_data_dir (), "remote.db", NULL);
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GPtrArray)      fresh = NULL;
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;
  SmartcaCertificate       *certificate;

  smartca_test_remove_store_files (path);
  fixture->store = smartca_test_open_store (path);
  fresh = smartca_test_certificates (business_test_look_up (fixture->client, TH_USER, SERIAL_TH),
                                     NULL);
  g_assert_true (smartca_store_upsert (fixture->store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  certificate = smartca_store_lookup (fixture->store, SERIAL_TH);
  g_assert_true (smartca_store_load_der (fixture->store, certificate, &error));
  g_assert_no_error (error);

  smartca_business_save_async (fixture->store, fixture->vault, certificate, method,
                               SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                               method == SMARTCA_BUSINESS_METHOD_TOTP ? key : NULL, NULL,
                               smartca_test_result_cb, &result);
  g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (smartca_certificate_get_business_enabled (certificate));
  return certificate;
}

/* A personal certificate: the phone */
static void
test_remote_personal (Fixture      *fixture,
                      gconstpointer data)
{
  Progress          progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char  *transaction_id = NULL;
  g_autofree char  *request = NULL;
  guint             polls = smartca_sandbox_get_poll_count (sandbox);
  guint             signs = smartca_sandbox_get_sign_count (sandbox);

  signature = remote_sign (fixture, fixture->certificate, "123456", &progress, &transaction_id,
                           &error);
  g_assert_no_error (error);
  g_assert_true (business_test_verifies (fixture->certificate, fixture->digest, signature));
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls + 3);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs);
  g_assert_cmpuint (progress.n, ==, 2);
  g_assert_cmpint (progress.stages[1], ==, SMARTCA_REMOTE_SIGN_WAITING_FOR_PHONE);
  request = smartca_sandbox_dup_last_v1_request (sandbox);
  g_assert_nonnull (transaction_id);
  g_assert_nonnull (strstr (request, transaction_id));
  /* The OTP is a business account's business only */
  g_assert_null (strstr (request, "\"otp\""));
}

/* Method 2: the keyring's secrets, v2 sign and confirm, no phone */
static void
test_remote_business_totp (Fixture      *fixture,
                           gconstpointer data)
{
  SmartcaCertificate *certificate = business_certificate (fixture, SMARTCA_BUSINESS_METHOD_TOTP);
  Progress            progress = { 0 };
  g_autoptr(GError)   error = NULL;
  g_autoptr(GBytes)   signature = NULL;
  g_autofree char    *transaction_id = NULL;
  guint               polls = smartca_sandbox_get_poll_count (sandbox);
  guint               signs = smartca_sandbox_get_sign_count (sandbox);

  signature = remote_sign (fixture, certificate, NULL, &progress, &transaction_id, &error);
  g_assert_no_error (error);
  g_assert_true (business_test_verifies (certificate, fixture->digest, signature));
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs + 2);
  g_assert_cmpuint (progress.n, ==, 2);
  g_assert_cmpint (progress.stages[0], ==, SMARTCA_REMOTE_SIGN_SENDING);
  g_assert_cmpint (progress.stages[1], ==, SMARTCA_REMOTE_SIGN_CONFIRMING);
  /* SmartCA's transaction (the v2 sign answer's) */
  g_assert_true (g_uuid_string_is_valid (transaction_id));
}

/* Method 1: no code, then the code an authenticator shows now */
static void
test_remote_business_otp (Fixture      *fixture,
                          gconstpointer data)
{
  SmartcaCertificate *certificate = business_certificate (fixture, SMARTCA_BUSINESS_METHOD_OTP);
  Progress            progress = { 0 };
  g_autoptr(GError)   error = NULL;
  g_autoptr(GBytes)   signature = NULL;
  g_autofree char    *otp = NULL;
  guint               signs = smartca_sandbox_get_sign_count (sandbox);

  signature = remote_sign (fixture, certificate, NULL, &progress, NULL, &error);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_OTP);
  g_assert_null (signature);
  g_assert_cmpuint (progress.n, ==, 0);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs);
  g_clear_error (&error);

  otp = g_strdup_printf ("%06u", smartca_sandbox_totp ((const guint8 *) SANDBOX_KEY_BYTES,
                                                       strlen (SANDBOX_KEY_BYTES),
                                                       smartca_test_now ()));
  signature = remote_sign (fixture, certificate, otp, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (business_test_verifies (certificate, fixture->digest, signature));
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs + 2);
  g_assert_cmpuint (progress.n, ==, 2);
  g_assert_cmpint (progress.stages[1], ==, SMARTCA_REMOTE_SIGN_CONFIRMING);
}

/* Enabled in the store, nothing in the keyring */
static void
test_remote_business_not_set_up (Fixture      *fixture,
                                 gconstpointer data)
{
  SmartcaCertificate     *certificate = business_certificate (fixture, SMARTCA_BUSINESS_METHOD_TOTP);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  g_autoptr(GBytes)       signature = NULL;
  guint                   signs = smartca_sandbox_get_sign_count (sandbox);

  smartca_vault_clear_async (fixture->vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_TH, NULL,
                             smartca_test_result_cb, &result);
  g_assert_true (smartca_vault_clear_finish (fixture->vault, smartca_test_wait_result (&result),
                                             &error));
  g_assert_no_error (error);

  signature = remote_sign (fixture, certificate, NULL, NULL, NULL, &error);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NOT_SET_UP);
  g_assert_nonnull (strstr (error->message, "certificate’s details"));
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SMARTCA_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/personal-sign/success", test_success);
  ADD ("/personal-sign/only-the-hash", test_only_the_hash);
  ADD ("/personal-sign/rejected", test_rejected);
  ADD ("/personal-sign/expired", test_expired);
  ADD ("/personal-sign/lifetime", test_lifetime);
  ADD ("/personal-sign/interval-from-environment", test_interval_from_environment);
  ADD ("/personal-sign/cancel-waiting", test_cancel_waiting);
  ADD ("/personal-sign/cancel-between-polls", test_cancel_between_polls);
  ADD ("/personal-sign/cancel-sending", test_cancel_sending);
  ADD ("/personal-sign/unreachable", test_unreachable);
  ADD ("/personal-sign/poll-unreachable", test_poll_unreachable);
  ADD ("/personal-sign/not-active", test_not_active);
  ADD ("/personal-sign/bad-signature", test_bad_signature);
  ADD ("/personal-sign/refused-isolated", test_refused_isolated);
  ADD ("/personal-sign/malformed", test_malformed);
  ADD ("/personal-sign/no-der", test_no_der);
  ADD ("/remote-sign/personal", test_remote_personal);
  ADD ("/remote-sign/business-totp", test_remote_business_totp);
  ADD ("/remote-sign/business-otp", test_remote_business_otp);
  ADD ("/remote-sign/business-not-set-up", test_remote_business_not_set_up);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&sandbox);
  return ret;
}
