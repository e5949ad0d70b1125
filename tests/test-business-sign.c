/* test-business-sign.c: signing through a business (TH) account and "Check
 * account", against the SmartCA sandbox over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every answer of the TH flow the sandbox gives (API9.md's table) becomes
 * what the user is told; a signature is only ever returned once it verifies
 * with the certificate's own key.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "smartca-business-private.h"
#include "smartca-sandbox-private.h"
#include "test-business.h"

static SmartcaSandbox *sandbox;

#define ACTIVE "Đang hoạt động"
#define SANDBOX_KEY_BYTES "12345678901234567890"

/* Helpers */

typedef struct
{
  SmartcaClient      *client;
  SmartcaCertificate *certificate;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_clock_offset (sandbox, 0);
  smartca_sandbox_set_sad_lifetime (sandbox, 299);
  fixture->client = business_test_client (sandbox);
  fixture->certificate = business_test_look_up (fixture->client, "0101234567", SERIAL_TH);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_clock_offset (sandbox, 0);
  smartca_sandbox_set_sad_lifetime (sandbox, 299);
  smartca_sandbox_set_status (sandbox, SERIAL_TH, ACTIVE);
  g_clear_object (&fixture->certificate);
  g_clear_object (&fixture->client);
}

/* "Check account"; returns the error, or NULL when the account works */
static GError *
check (SmartcaClient      *client,
       SmartcaCertificate *certificate,
       const char         *password,
       SmartcaTotpKey     *key,
       const char         *otp)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError                 *error = NULL;
  gboolean                ok;

  smartca_business_check_async (client, certificate, password, key, otp, NULL,
                                smartca_test_result_cb, &result);
  ok = smartca_business_check_finish (smartca_test_wait_result (&result), &error);
  g_assert_true (ok == (error == NULL));
  return error;
}

/* The OTP an authenticator app shows now for the sandbox's secret, as the
 * sandbox itself computes it (not the app's code) */
static char *
sandbox_otp_at (gint64 unix_time)
{
  return g_strdup_printf ("%06u", smartca_sandbox_totp ((const guint8 *) SANDBOX_KEY_BYTES,
                                                        strlen (SANDBOX_KEY_BYTES), unix_time));
}

/* Tests */

/* Method 2 on each business account: the signature is the certificate's,
 * of the digest sent. */
static void
test_sign_digest (Fixture      *fixture,
                  gconstpointer data)
{
  static const struct
  {
    const char *user_id;
    const char *serial;
  } accounts[] = {
    { "0101234567", SERIAL_TH },
    { "0101234567", SERIAL_ESEAL },
    { "0312345678-001", SERIAL_BRANCH },
    { "0109998887", SERIAL_NO_TYPE },
  };
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr(SmartcaCertificate) certificate = NULL;
      g_autoptr(GAsyncResult)       result = NULL;
      g_autoptr(GError)             error = NULL;
      g_autoptr(GBytes)             digest = NULL;
      g_autoptr(GBytes)             signature = NULL;
      g_autoptr(GBytes)             other = NULL;
      guint8                        bytes[32];
      guint                         signs = smartca_sandbox_get_sign_count (sandbox);

      for (guint j = 0; j < sizeof bytes; j++)
        bytes[j] = (guint8) (i * 32 + j);
      digest = g_bytes_new (bytes, sizeof bytes);
      bytes[0] ^= 1;
      other = g_bytes_new (bytes, sizeof bytes);

      certificate = business_test_look_up (fixture->client, accounts[i].user_id,
                                           accounts[i].serial);
      smartca_business_sign_digest_async (fixture->client, certificate,
                                          SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL, digest,
                                          NULL, smartca_test_result_cb, &result);
      signature = smartca_business_sign_digest_finish (smartca_test_wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_nonnull (signature);
      g_assert_true (business_test_verifies (certificate, digest, signature));
      g_assert_false (business_test_verifies (certificate, other, signature));
      /* sign, then confirm: no app confirmation, no polling */
      g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs + 2);
    }
}

static void
test_check_method_2 (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(SmartcaTotpKey) base32 = NULL;
  g_autoptr(GError)         error = NULL;

  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_no_error (error);

  /* The same key as an authenticator's QR code carries it */
  base32 = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET_BASE32,
                                   SMARTCA_TOTP_FORMAT_BASE32, &error);
  g_assert_no_error (error);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, base32,
                 NULL);
  g_assert_no_error (error);
}

/* Method 1: the code typed from the authenticator app */
static void
test_check_method_1 (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char  *otp = sandbox_otp_at (smartca_test_now ());
  g_autoptr(GError) error = NULL;

  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL,
                 otp);
  g_assert_no_error (error);
}

static void
test_wrong_password (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;

  error = check (fixture->client, fixture->certificate, "Sandbox@2025", key, NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_PASSWORD);
  g_assert_nonnull (strstr (error->message, "password"));
}

/* A code that is none of those the sandbox accepts now (±1 step) */
static void
test_wrong_otp (Fixture      *fixture,
                gconstpointer data)
{
  gint64            now = smartca_test_now ();
  g_autofree char  *before = sandbox_otp_at (now - 30);
  g_autofree char  *current = sandbox_otp_at (now);
  g_autofree char  *after = sandbox_otp_at (now + 30);
  g_autoptr(GError) error = NULL;
  char              wrong[7];
  guint             code = (guint) g_ascii_strtoull (current, NULL, 10);

  do
    {
      code = (code + 111111) % 1000000;
      g_snprintf (wrong, sizeof wrong, "%06u", code);
    }
  while (g_str_equal (wrong, before) || g_str_equal (wrong, current) || g_str_equal (wrong, after));

  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL,
                 wrong);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP);
  /* The clock is right: no hint */
  g_assert_false (smartca_business_clock_hint (fixture->client, NULL));
}

/* The clock the codes are computed with: each reading is that many seconds
 * behind the real time (the last one for all later readings) */
typedef struct
{
  gint64 lateness[4];
  guint  n_lateness;
  guint  readings;
} TestClock;

static gint64
test_clock (gpointer user_data)
{
  TestClock *clock = user_data;
  guint      i = MIN (clock->readings, clock->n_lateness - 1);

  clock->readings++;
  return smartca_test_now () - clock->lateness[i];
}

static GError *
check_with_clock (Fixture   *fixture,
                  TestClock *clock)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  GError                   *error;

  business_set_clock_for_testing (test_clock, clock);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  business_set_clock_for_testing (NULL, NULL);
  return error;
}

/* A code computed just before its step ended is refused; the step has
 * changed since, so the next code is sent, once. */
static void
test_retry_next_step (Fixture      *fixture,
                      gconstpointer data)
{
  TestClock         next_step = { { 90, 0 }, 2, 0 };
  TestClock         same_step = { { 90 }, 1, 0 };
  TestClock         wrong_again = { { 90, 0, 90, 0 }, 4, 0 };
  g_autoptr(GError) error = NULL;
  guint             signs = smartca_sandbox_get_sign_count (sandbox);

  error = check_with_clock (fixture, &next_step);
  g_assert_no_error (error);
  /* sign (refused), sign again, confirm */
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs + 3);

  /* Still the same step: no second try, the code is wrong */
  error = check_with_clock (fixture, &same_step);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs + 4);
  g_clear_error (&error);

  /* Only once, even when the step changes again */
  error = check_with_clock (fixture, &wrong_again);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs + 6);
}

/* SmartCA's clock 5 minutes ahead: the computed code is refused, and the
 * hint says why, by how much and which way. */
static void
test_clock_off (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(SmartcaClient)  fresh = business_test_client (sandbox);
  g_autoptr(GError)         error = NULL;
  g_autofree char          *hint = NULL;
  gint64                    offset = 0;

  /* Nothing is known before SmartCA has answered. */
  g_assert_false (smartca_client_get_clock_offset (fresh, &offset));
  g_assert_false (smartca_business_clock_hint (fresh, &hint));
  g_assert_null (hint);

  smartca_sandbox_set_clock_offset (sandbox, 300);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP);
  g_assert_true (smartca_client_get_clock_offset (fixture->client, &offset));
  g_assert_cmpint (offset, >=, 298);
  g_assert_cmpint (offset, <=, 302);
  g_assert_true (smartca_business_clock_hint (fixture->client, &hint));
  g_assert_nonnull (strstr (hint, "5 minutes behind"));
  g_assert_nonnull (strstr (hint, "network time"));
  g_clear_pointer (&hint, g_free);

  /* Behind: the other way round */
  smartca_sandbox_set_clock_offset (sandbox, -120);
  g_clear_error (&error);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP);
  g_assert_true (smartca_business_clock_hint (fixture->client, &hint));
  g_assert_nonnull (strstr (hint, "2 minutes ahead of"));
  g_clear_pointer (&hint, g_free);

  /* A few seconds off is within what a TOTP allows: no hint, and it signs. */
  smartca_sandbox_set_clock_offset (sandbox, 5);
  g_clear_error (&error);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_no_error (error);
  g_assert_false (smartca_business_clock_hint (fixture->client, &hint));
  g_assert_null (hint);

  /* Any answer tells the clock, a lookup's too. */
  smartca_sandbox_set_clock_offset (sandbox, -45);
  g_clear_object (&fresh);
  fresh = business_test_client (sandbox);
  g_clear_object (&fixture->certificate);
  fixture->certificate = business_test_look_up (fresh, "0101234567", SERIAL_TH);
  g_assert_true (smartca_business_clock_hint (fresh, &hint));
  g_assert_nonnull (strstr (hint, "seconds ahead of"));
}

/* Run again with LANGUAGE=vi (business-sign-vi): the hint is translated. */
static void
test_clock_hint_translated (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;
  g_autofree char          *hint = NULL;

  smartca_sandbox_set_clock_offset (sandbox, 300);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP);

  g_assert_true (smartca_business_clock_hint (fixture->client, &hint));
  if (g_str_has_prefix (g_getenv ("LANGUAGE"), "vi"))
    g_assert_nonnull (strstr (hint, "chậm hơn đồng hồ của SmartCA 5 phút"));
  else
    g_assert_nonnull (strstr (hint, "5 minutes behind SmartCA’s"));
}

static void
test_sad_expired (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;

  smartca_sandbox_set_sad_lifetime (sandbox, 0);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_SAD_EXPIRED);
}

static void
test_not_active (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;

  smartca_sandbox_set_status (sandbox, SERIAL_TH, "Tạm dừng");
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NOT_ACTIVE);
}

/* Nothing listens on the port any more */
static void
test_unreachable (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(SmartcaSandbox) stopped = NULL;
  g_autoptr(SmartcaClient)  client = NULL;
  g_autoptr(GError)         error = NULL;

  stopped = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  client = business_test_client (stopped);
  g_clear_object (&stopped);

  error = check (client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_UNREACHABLE);
  g_clear_error (&error);

  /* The service answers 500: as good as unreachable */
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_UNREACHABLE);
}

/* Answers that are not what they should be: refused, never taken for a
 * wrong code or for success */
static void
test_malformed (Fixture      *fixture,
                gconstpointer data)
{
  static const SmartcaSandboxFault faults[] = {
    SMARTCA_SANDBOX_FAULT_MALFORMED,
    SMARTCA_SANDBOX_FAULT_NOT_JSON,
    SMARTCA_SANDBOX_FAULT_TRUNCATED,
    SMARTCA_SANDBOX_FAULT_CLOSE,
  };
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;

      smartca_sandbox_set_fault (sandbox, faults[i]);
      error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                     key, NULL);
      g_test_message ("fault %u: %s", faults[i], error != NULL ? error->message : "(none)");
      g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_REFUSED);
      g_assert_null (strstr (error->message, "It said"));
    }
}

/* SmartCA sends a well-formed signature by another key: never success */
static void
test_bad_signature (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_BAD_SIGNATURE);
}

static gboolean
cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
set_true_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* A slow service: Cancel ends the check at once, before SmartCA answers */
static void
test_cancel_slow (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(SmartcaClient)  client = business_test_client (sandbox);
  g_autoptr(GCancellable)   cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;
  gboolean                  answered = FALSE;

  smartca_sandbox_set_delay (sandbox, 2000);
  smartca_business_check_async (client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                                key, NULL, cancellable, smartca_test_result_cb, &result);
  g_timeout_add (50, cancel_cb, cancellable);
  g_assert_false (smartca_business_check_finish (smartca_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* No answer reached this client: it did not wait for SmartCA. */
  g_assert_false (smartca_client_get_clock_offset (client, NULL));

  /* The late answer goes nowhere, and nothing breaks meanwhile. */
  smartca_sandbox_set_delay (sandbox, 0);
  g_timeout_add (2500, set_true_cb, &answered);
  while (!answered)
    g_main_context_iteration (NULL, TRUE);
  g_clear_error (&error);
  error = check (client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL);
  g_assert_no_error (error);
}

/* What is refused before anything is sent */
static void
test_refused_up_front (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(SmartcaTotpKey)     key = business_test_sandbox_key ();
  g_autoptr(SmartcaCertificate) personal = NULL;
  g_autoptr(SmartcaCertificate) no_der = NULL;
  g_autoptr(GError)             error = NULL;
  guint                         signs = smartca_sandbox_get_sign_count (sandbox);

  personal = business_test_look_up (fixture->client, "001099012345", SERIAL_PERSONAL);
  error = check (fixture->client, personal, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NOT_BUSINESS);
  g_clear_error (&error);

  error = check (fixture->client, fixture->certificate, "", key, NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_PASSWORD);
  g_clear_error (&error);

  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL,
                 "12a456");
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_OTP);
  g_clear_error (&error);
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL,
                 NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_OTP);
  g_clear_error (&error);

  /* Without the certificate's own data a signature could not be checked */
  no_der = smartca_certificate_new (SERIAL_TH);
  smartca_certificate_set_lookup_id (no_der, "0101234567");
  smartca_certificate_set_subject_dn (no_der, smartca_certificate_get_subject_dn (fixture->certificate));
  error = check (fixture->client, no_der, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_BAD_SIGNATURE);

  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs);
}

/* SmartCA refuses for a reason of its own: its words are kept, isolated */
static void
test_refused_by_smartca (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(SmartcaTotpKey)     key = business_test_sandbox_key ();
  g_autoptr(SmartcaCertificate) personal = NULL;
  g_autoptr(GError)             error = NULL;

  /* A personal certificate this app would take for a business one */
  personal = business_test_look_up (fixture->client, "001099012345", SERIAL_PERSONAL);
  smartca_certificate_set_service_name (personal, "SMARTCA TH");
  g_assert_true (smartca_business_is_supported (personal));
  error = check (fixture->client, personal, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL);
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "\u2068ACCOUNT_NOT_BUSINESS\u2069"));
}

/* The service provider account is Preferences' business, not this one's */
static void
test_sp_credentials (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;

  smartca_client_set_credentials (fixture->client, SMARTCA_SANDBOX_SP_ID, "wrong");
  error = check (fixture->client, fixture->certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                 NULL);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SP_CREDENTIALS);
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
  g_test_add ("/business-sign/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sign-digest", test_sign_digest);
  ADD ("check-method-2", test_check_method_2);
  ADD ("check-method-1", test_check_method_1);
  ADD ("wrong-password", test_wrong_password);
  ADD ("wrong-otp", test_wrong_otp);
  ADD ("retry-next-step", test_retry_next_step);
  ADD ("clock-off", test_clock_off);
  ADD ("clock-hint-translated", test_clock_hint_translated);
  ADD ("sad-expired", test_sad_expired);
  ADD ("not-active", test_not_active);
  ADD ("unreachable", test_unreachable);
  ADD ("bad-signature", test_bad_signature);
  ADD ("malformed", test_malformed);
  ADD ("cancel-slow", test_cancel_slow);
  ADD ("refused-up-front", test_refused_up_front);
  ADD ("refused-by-smartca", test_refused_by_smartca);
  ADD ("sp-credentials", test_sp_credentials);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&sandbox);
  return ret;
}
