/* test-sandbox-sign.c: the sandbox's business signing, on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw HTTP with libsoup against the sandbox in this process — not through the
 * app's client — so that the sandbox the client's tests rely on is checked
 * by itself: every answer of v2/signatures/sign and /confirm, its TOTP, its
 * clock, its sad and the signature it returns. This file: the helpers and
 * the TOTP; test-sandbox-sign-answers.c: every answer of both endpoints;
 * test-sandbox-v1.c: the same of the phone-confirmed v1 sign and status.
 */

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "test-sandbox-sign.h"

SmartcaSandbox     *sandbox;
static SoupSession *session;

/* Answers */

void
answer_free (Answer *answer)
{
  g_clear_object (&answer->parser);
  g_free (answer);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* POSTs @body to @endpoint; with @slow, checks that the answer has not come
 * in the first 0.5 s */
static Answer *
send (const char *endpoint,
      const char *body,
      gboolean    slow)
{
  g_autofree char        *url = g_strconcat (smartca_sandbox_get_base_url (sandbox), endpoint, NULL);
  g_autoptr(SoupMessage)  msg = soup_message_new ("POST", url);
  g_autoptr(GBytes)       request = g_bytes_new (body, strlen (body));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes)       reply = NULL;
  g_autoptr(GError)       error = NULL;
  Answer                 *answer = g_new0 (Answer, 1);
  const char             *date;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    smartca_test_result_cb, &result);
  if (slow)
    {
      gboolean waited = FALSE;

      g_timeout_add (500, timeout_cb, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
      g_assert_null (result);
    }
  reply = soup_session_send_and_read_finish (session, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);

  answer->status = soup_message_get_status (msg);
  date = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date");
  if (date != NULL)
    {
      g_autoptr(GDateTime) time = soup_date_time_new_from_http_string (date);

      g_assert_nonnull (time);
      answer->date = g_date_time_to_unix (time);
    }

  answer->parser = json_parser_new ();
  if (g_bytes_get_size (reply) > 0 &&
      json_parser_load_from_data (answer->parser, g_bytes_get_data (reply, NULL),
                                  g_bytes_get_size (reply), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (answer->parser)))
    answer->envelope = json_node_get_object (json_parser_get_root (answer->parser));
  return answer;
}

Answer *
post (const char *endpoint,
      const char *body)
{
  return send (endpoint, body, FALSE);
}

/* The answer to @body on @endpoint comes, but not before 0.5 s */
Answer *
post_slow (const char *endpoint,
           const char *body)
{
  return send (endpoint, body, TRUE);
}

/* Checks the HTTP status and the envelope; returns its data (or NULL) */
JsonObject *
assert_answer (Answer     *answer,
               guint       http_status,
               gint64      status_code,
               const char *message)
{
  JsonNode *data;

  g_assert_cmpuint (answer->status, ==, http_status);
  g_assert_nonnull (answer->envelope);
  g_assert_cmpint (json_object_get_int_member (answer->envelope, "status_code"), ==, status_code);
  g_assert_cmpstr (json_object_get_string_member (answer->envelope, "message"), ==, message);
  data = json_object_get_member (answer->envelope, "data");
  g_assert_nonnull (data);
  return JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
}

void
assert_refused (Answer     *answer,
                guint       http_status,
                gint64      status_code,
                const char *message)
{
  g_assert_null (assert_answer (answer, http_status, status_code, message));
  g_assert_true (json_node_is_null (json_object_get_member (answer->envelope, "data")));
}

/* Requests */

void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  /* NULL: the member is left out */
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

char *
to_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

const char *
test_digest (void)
{
  static char *digest;

  if (digest == NULL)
    digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Hợp đồng 12/2025", -1);
  return digest;
}

char *
otp_at (gint64 unix_time)
{
  return g_strdup_printf ("%06u", smartca_sandbox_totp ((const guint8 *) RFC_KEY,
                                                        strlen (RFC_KEY), unix_time));
}

/* A request that signs, for @user_id's certificate @serial, with the OTP of
 * the sandbox's now */
void
sign_request_init (SignRequest *r,
                   const char  *user_id,
                   const char  *serial)
{
  g_autofree char *otp = otp_at (sandbox_now (sandbox));

  g_strlcpy (r->otp_now, otp, sizeof r->otp_now);
  r->sp_id = SMARTCA_SANDBOX_SP_ID;
  r->sp_password = SMARTCA_SANDBOX_SP_PASSWORD;
  r->user_id = user_id;
  r->password = SMARTCA_SANDBOX_BUSINESS_PASSWORD;
  r->otp = r->otp_now;
  r->transaction_id = "9eecc3e3-9e1b-41de-9b39-48e7bcecdebe";
  r->serial = serial;
  r->digest = test_digest ();
}

Answer *
sign (const SignRequest *r)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char       *body = NULL;

  json_builder_begin_object (builder);
  add_member (builder, "sp_id", r->sp_id);
  add_member (builder, "sp_password", r->sp_password);
  add_member (builder, "user_id", r->user_id);
  add_member (builder, "password", r->password);
  add_member (builder, "otp", r->otp);
  add_member (builder, "transaction_id", r->transaction_id);
  add_member (builder, "serial_number", r->serial);
  if (r->digest != NULL)
    {
      json_builder_set_member_name (builder, "sign_files");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_member (builder, "file_type", "pdf");
      add_member (builder, "data_to_be_signed", r->digest);
      add_member (builder, "doc_id", "CHECK-1");
      add_member (builder, "sign_type", "hash");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  body = to_json (builder);
  return post (SIGN, body);
}

Answer *
confirm_with (const char *sp_password,
              const char *user_id,
              const char *password,
              const char *transaction_id,
              const char *sad)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char       *body = NULL;

  json_builder_begin_object (builder);
  add_member (builder, "sp_id", SMARTCA_SANDBOX_SP_ID);
  add_member (builder, "sp_password", sp_password);
  add_member (builder, "user_id", user_id);
  add_member (builder, "password", password);
  add_member (builder, "transaction_id", transaction_id);
  add_member (builder, "sad", sad);
  json_builder_end_object (builder);
  body = to_json (builder);
  return post (CONFIRM, body);
}

Answer *
confirm (const char *user_id,
         const char *transaction_id,
         const char *sad)
{
  return confirm_with (SMARTCA_SANDBOX_SP_PASSWORD, user_id, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                       transaction_id, sad);
}

/* Signs with the right password and OTP; returns the sign answer's data */

void
started_clear (Started *started)
{
  g_clear_pointer (&started->transaction_id, g_free);
  g_clear_pointer (&started->sad, g_free);
}

void
start (const char *user_id,
       const char *serial,
       Started    *started)
{
  SignRequest       r;
  g_autoptr(Answer) answer = NULL;
  JsonObject       *data;

  sign_request_init (&r, user_id, serial);
  answer = sign (&r);
  data = assert_answer (answer, 200, 200, "sig_wait_for_user_confirm");
  g_assert_nonnull (data);
  g_assert_true (json_object_has_member (data, "sad"));
  started->transaction_id = g_strdup (json_object_get_string_member (data, "transaction_id"));
  started->sad = g_strdup (json_object_get_string_member (data, "sad"));
}

/* The sandbox's clock stays in one 30 s step for the next few seconds, so
 * that "now" means the same step to the test and to the sandbox */
void
wait_for_step_start (void)
{
  while (sandbox_now (sandbox) % 30 >= 25)
    g_usleep (G_USEC_PER_SEC / 4);
}

/* Sets the sandbox back to how it starts */
void
reset (void)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_clock_offset (sandbox, 0);
  smartca_sandbox_set_sad_lifetime (sandbox, 299);
  smartca_sandbox_set_status (sandbox, TH_SERIAL, SANDBOX_ACTIVE);
  wait_for_step_start ();
}

GBytes *
certificate_der (const char *user_id,
                 const char *serial)
{
  g_autofree char  *body = g_strdup_printf ("{\"sp_id\":\"%s\",\"sp_password\":\"%s\","
                                             "\"user_id\":\"%s\",\"serial_number\":\"%s\","
                                             "\"transaction_id\":\"t-1\"}",
                                            SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD,
                                            user_id, serial);
  g_autoptr(Answer) answer = post ("/v1/credentials/get_certificate", body);
  JsonObject       *data = assert_answer (answer, 200, 200, "Success");
  JsonArray        *list = json_object_get_array_member (data, "user_certificates");
  g_autofree char  *text = NULL;
  guchar           *der;
  gsize             size;

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  text = g_strdup (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "cert_data"));
  g_strdelimit (text, "\r\n", ' ');
  der = g_base64_decode (g_strstrip (text), &size);
  return g_bytes_new_take (der, size);
}

static void
digest_bytes (const char *hex,
              guint8      digest[32])
{
  g_assert_cmpuint (strlen (hex), ==, 64);
  for (guint i = 0; i < 32; i++)
    digest[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 |
                          g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* Whether @signature_b64 is @digest_hex signed by the key of @der */
gboolean
signature_verifies (GBytes     *der,
                    const char *digest_hex,
                    const char *signature_b64)
{
  gnutls_x509_crt_t  crt;
  gnutls_pubkey_t    pubkey;
  guint8             digest[32];
  gsize              size;
  g_autofree guchar *signature = g_base64_decode (signature_b64, &size);
  gnutls_datum_t     cert_datum = { (unsigned char *) g_bytes_get_data (der, NULL),
                                    (unsigned int) g_bytes_get_size (der) };
  gnutls_datum_t     hash = { digest, sizeof digest };
  gnutls_datum_t     sig = { signature, (unsigned int) size };
  int                rc;

  /* Well formed whatever it says: as long as the 2048-bit key */
  g_assert_cmpuint (size, ==, 256);
  digest_bytes (digest_hex, digest);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &cert_datum, GNUTLS_X509_FMT_DER), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_x509 (pubkey, crt, 0), ==, 0);
  rc = gnutls_pubkey_verify_hash2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &hash, &sig);
  gnutls_pubkey_deinit (pubkey);
  gnutls_x509_crt_deinit (crt);
  g_assert_true (rc >= 0 || rc == GNUTLS_E_PK_SIG_VERIFY_FAILED);
  return rc >= 0;
}
/* TOTP */

static void
test_totp_rfc6238 (void)
{
  /* RFC 6238 Appendix B, SHA1: the 8-digit values; 6 digits are their end */
  static const struct
  {
    gint64 time;
    guint  code;
  } vectors[] = {
    { 59, 94287082 },
    { 1111111109, 7081804 },
    { 1111111111, 14050471 },
    { 1234567890, 89005924 },
    { 2000000000, 69279037 },
    { 20000000000, 65353130 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_assert_cmpuint (smartca_sandbox_totp ((const guint8 *) RFC_KEY, strlen (RFC_KEY),
                                            vectors[i].time),
                      ==, vectors[i].code % 1000000);

  /* The same key as VNPT writes it, and the API document's vectors */
  g_assert_cmpstr (SMARTCA_SANDBOX_BUSINESS_SECRET, ==, "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=");
  g_assert_true (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "287082", 59));
  g_assert_true (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "081804",
                                               1111111109));
  g_assert_true (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "005924",
                                               1234567890));
  g_assert_true (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "279037",
                                               2000000000));
  /* ± one step, not two */
  g_assert_true (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "081804",
                                               1111111109 + 30));
  g_assert_true (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "081804",
                                               1111111109 - 30));
  g_assert_false (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "081804",
                                                1111111109 + 90));
  g_assert_false (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "081804",
                                                1111111109 - 90));
  /* Six digits, nothing else */
  g_assert_false (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "94287082", 59));
  g_assert_false (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "287 082", 59));
  g_assert_false (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, "", 59));
  g_assert_false (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, NULL, 59));
}

/* Whether the sandbox gives a sad for @otp */
static gboolean
sandbox_accepts (const char *otp)
{
  SignRequest       r;
  g_autoptr(Answer) answer = NULL;
  JsonObject       *data;

  sign_request_init (&r, TH_USER, TH_SERIAL);
  r.otp = otp;
  answer = sign (&r);
  data = assert_answer (answer, 200, 200, "sig_wait_for_user_confirm");
  g_assert_nonnull (data);
  return json_object_has_member (data, "sad");
}

static void
assert_window (gint64 now)
{
  static const struct
  {
    int      seconds;
    gboolean accepted;
  } cases[] = { { -90, FALSE }, { -60, FALSE }, { -30, TRUE }, { 0, TRUE }, { 30, TRUE }, { 60, FALSE }, { 90, FALSE } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *otp = otp_at (now + cases[i].seconds);

      g_test_message ("now %+d s", cases[i].seconds);
      g_assert_cmpint (sandbox_accepts (otp), ==, cases[i].accepted);
    }
}

static void
test_totp_window (void)
{
  reset ();
  assert_window (smartca_test_now ());
}

static void
test_clock_offset (void)
{
  g_autofree char  *otp_here = NULL;
  g_autoptr(Answer) before = NULL;
  g_autoptr(Answer) after = NULL;
  g_autoptr(Answer) lookup = NULL;

  reset ();
  before = post (SIGN, "{}");
  g_assert_cmpint (before->date, >, 0);

  /* Two hours ahead: its Date and the codes it takes move with it */
  smartca_sandbox_set_clock_offset (sandbox, 2 * 60 * 60);
  after = post (SIGN, "{}");
  g_assert_cmpint (after->date - before->date, >=, 2 * 60 * 60);
  g_assert_cmpint (after->date - before->date, <, 2 * 60 * 60 + 60);
  lookup = post ("/v1/credentials/get_certificate", "{}");
  g_assert_cmpint (lookup->date, >=, after->date);
  g_assert_cmpint (lookup->date, <, after->date + 60);

  wait_for_step_start ();
  otp_here = otp_at (smartca_test_now ());
  g_assert_false (sandbox_accepts (otp_here));
  assert_window (smartca_test_now () + 2 * 60 * 60);

  /* And behind */
  smartca_sandbox_set_clock_offset (sandbox, -3 * 60);
  wait_for_step_start ();
  g_assert_false (sandbox_accepts (otp_here));
  assert_window (smartca_test_now () - 3 * 60);
}

/* v2/signatures/sign */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               status;

  g_test_init (&argc, &argv, NULL);

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  /* Straight to the loopback sandbox, whatever the environment says */
  soup_session_set_proxy_resolver (session, NULL);

  g_test_add_func ("/sandbox-sign/totp/rfc6238", test_totp_rfc6238);
  g_test_add_func ("/sandbox-sign/totp/window", test_totp_window);
  g_test_add_func ("/sandbox-sign/totp/clock-offset", test_clock_offset);
  test_sandbox_sign_answers_add_tests ();
  test_sandbox_v1_add_tests ();

  status = g_test_run ();

  g_clear_object (&session);
  g_clear_object (&sandbox);
  return status;
}
