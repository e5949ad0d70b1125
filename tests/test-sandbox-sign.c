/* test-sandbox-sign.c: the sandbox's business signing, on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw HTTP with libsoup against the sandbox in this process — not through the
 * app's client — so that the sandbox the client's tests rely on is checked
 * by itself: every answer of v2/signatures/sign and /confirm, its TOTP, its
 * clock, its sad and the signature it returns.
 */

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "smartca-sandbox-private.h"
#include "smartca-sandbox.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)
#define SIGN "/v2/signatures/sign"
#define CONFIRM "/v2/signatures/confirm"
#define RFC_KEY "12345678901234567890"

/* The business certificates and a personal one */
#define TH_USER "0101234567"
#define TH_SERIAL "540101011111222233334444555566aa"
#define ESEAL_SERIAL "54010101fedcba9876543210fedcba98"
#define BRANCH_USER "0312345678-001"
#define BRANCH_SERIAL "540101012222333344445555666677aa"
#define BARE_USER "0109998887"
#define BARE_SERIAL "540101013333444455556666777788aa"
#define PERSON_USER "001099012345"
#define PERSON_SERIAL "540101010123456789abcdef01234567"

static SmartcaSandbox *sandbox;
static SoupSession    *session;

/* Answers */

typedef struct
{
  guint       status;
  gint64      date; /* the Date header, 0 if none */
  JsonParser *parser;
  JsonObject *envelope;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->parser);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static Answer *
post (const char *endpoint,
      const char *body)
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

/* Checks the HTTP status and the envelope; returns its data (or NULL) */
static JsonObject *
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

static void
assert_refused (Answer     *answer,
                guint       http_status,
                gint64      status_code,
                const char *message)
{
  g_assert_null (assert_answer (answer, http_status, status_code, message));
  g_assert_true (json_node_is_null (json_object_get_member (answer->envelope, "data")));
}

/* Requests */

static void
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

static char *
to_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

typedef struct
{
  const char *sp_id;
  const char *sp_password;
  const char *user_id;
  const char *password;
  const char *otp;
  const char *transaction_id;
  const char *serial;
  const char *digest; /* NULL: no sign_files */
  char        otp_now[8];
} SignRequest;

static const char *
test_digest (void)
{
  static char *digest;

  if (digest == NULL)
    digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Hợp đồng 12/2025", -1);
  return digest;
}

static char *
otp_at (gint64 unix_time)
{
  return g_strdup_printf ("%06u", smartca_sandbox_totp ((const guint8 *) RFC_KEY,
                                                        strlen (RFC_KEY), unix_time));
}

/* A request that signs, for @user_id's certificate @serial, with the OTP of
 * the sandbox's now */
static void
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

static Answer *
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

static Answer *
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

static Answer *
confirm (const char *user_id,
         const char *transaction_id,
         const char *sad)
{
  return confirm_with (SMARTCA_SANDBOX_SP_PASSWORD, user_id, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                       transaction_id, sad);
}

/* Signs with the right password and OTP; returns the sign answer's data */
typedef struct
{
  char *transaction_id;
  char *sad;
} Started;

static void
started_clear (Started *started)
{
  g_clear_pointer (&started->transaction_id, g_free);
  g_clear_pointer (&started->sad, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Started, started_clear)

static void
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
static void
wait_for_step_start (void)
{
  while (sandbox_now (sandbox) % 30 >= 25)
    g_usleep (G_USEC_PER_SEC / 4);
}

/* Sets the sandbox back to how it starts */
static void
reset (void)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_clock_offset (sandbox, 0);
  smartca_sandbox_set_sad_lifetime (sandbox, 299);
  smartca_sandbox_set_status (sandbox, TH_SERIAL, SANDBOX_ACTIVE);
  wait_for_step_start ();
}

static GBytes *
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
static gboolean
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

static void
test_sign_sp_credentials (void)
{
  SignRequest r;

  reset ();
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, TH_USER, TH_SERIAL);
      if (i == 0)
        r.sp_id = "SOMEONE-ELSE";
      else if (i == 1)
        r.sp_password = "wrong";
      else
        r.sp_password = NULL;
      answer = sign (&r);
      assert_refused (answer, 401, 401, "SP_CREDENTIAL_INVALID");
    }
}

static void
test_sign_bad_request (void)
{
  g_autofree char *upper = g_ascii_strup (test_digest (), -1);
  g_autofree char *short_digest = g_strndup (test_digest (), 63);
  g_autofree char *not_hex = g_strdup (test_digest ());
  const char      *digests[] = { short_digest, not_hex, "" };

  reset ();
  not_hex[10] = 'g';
  for (guint i = 0; i < G_N_ELEMENTS (digests); i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, TH_USER, TH_SERIAL);
      r.digest = digests[i];
      answer = sign (&r);
      assert_refused (answer, 400, 400, "BAD_REQUEST");
    }

  for (guint i = 0; i < 6; i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, TH_USER, TH_SERIAL);
      switch (i)
        {
        case 0:
          r.user_id = NULL;
          break;
        case 1:
          r.password = NULL;
          break;
        case 2:
          r.otp = NULL;
          break;
        case 3:
          r.transaction_id = NULL;
          break;
        case 4:
          r.serial = NULL;
          break;
        default:
          r.digest = NULL;
          break;
        }
      answer = sign (&r);
      assert_refused (answer, 400, 400, "BAD_REQUEST");
    }

  {
    g_autoptr(Answer) answer = post (SIGN, "not json");

    assert_refused (answer, 400, 400, "BAD_REQUEST");
  }

  /* Upper-case hex is still hex */
  {
    SignRequest       r;
    g_autoptr(Answer) answer = NULL;

    sign_request_init (&r, TH_USER, TH_SERIAL);
    r.digest = upper;
    answer = sign (&r);
    g_assert_nonnull (assert_answer (answer, 200, 200, "sig_wait_for_user_confirm"));
  }
}

static void
test_sign_not_found (void)
{
  const char *cases[][2] = {
    { TH_USER, "54010101000000000000000000000000" }, /* nobody's */
    { BRANCH_USER, TH_SERIAL },                      /* someone else's */
    { "0101234568", TH_SERIAL },                     /* nobody */
  };

  reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, cases[i][0], cases[i][1]);
      answer = sign (&r);
      assert_refused (answer, 200, 40004, "CERTIFICATE_NOT_FOUND");
    }
}

static void
test_sign_not_business (void)
{
  const char *cases[][2] = {
    { PERSON_USER, PERSON_SERIAL },
    { "C1234567", "54010101ab12cd34ef56ab12cd34ef56" },
    { "036085001234_002", "54010101c0ffee00c0ffee00c0ffee00" },
  };

  reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, cases[i][0], cases[i][1]);
      answer = sign (&r);
      assert_refused (answer, 200, 40003, "ACCOUNT_NOT_BUSINESS");
    }
}

static void
test_sign_not_active (void)
{
  SignRequest r;

  reset ();
  smartca_sandbox_set_status (sandbox, TH_SERIAL, "Tạm dừng");
  {
    g_autoptr(Answer) answer = NULL;

    sign_request_init (&r, TH_USER, TH_SERIAL);
    answer = sign (&r);
    assert_refused (answer, 403, 403, "CREDENTIAL_STATUS_INVALID");
  }
  smartca_sandbox_set_status (sandbox, TH_SERIAL, SANDBOX_ACTIVE);

  /* The branch's certificate expires in 45 days: on the sandbox's day 46
   * it has, with every other answer right */
  smartca_sandbox_set_clock_offset (sandbox, 46 * DAY);
  wait_for_step_start ();
  {
    g_autoptr(Answer) answer = NULL;

    sign_request_init (&r, BRANCH_USER, BRANCH_SERIAL);
    answer = sign (&r);
    assert_refused (answer, 403, 403, "CREDENTIAL_STATUS_INVALID");
  }
  {
    g_autoptr(Answer) answer = NULL;

    sign_request_init (&r, TH_USER, TH_SERIAL);
    answer = sign (&r);
    g_assert_nonnull (assert_answer (answer, 200, 200, "sig_wait_for_user_confirm"));
  }
}

static void
test_sign_wrong_password (void)
{
  const char *passwords[] = { "sandbox@2026", "Sandbox@2026 ", "" };

  reset ();
  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, TH_USER, TH_SERIAL);
      r.password = passwords[i];
      /* Checked before the OTP, which is wrong too here */
      if (i == 2)
        r.otp = "000000";
      answer = sign (&r);
      assert_refused (answer, 200, 40001, "PASSWORD_INVALID");
    }
}

static void
test_sign_wrong_otp (void)
{
  g_autofree char *late = NULL;
  const char      *otps[] = { NULL, "12345", "abcdef", "" };

  reset ();
  late = otp_at (sandbox_now (sandbox) - 600);
  otps[0] = late;
  for (guint i = 0; i < G_N_ELEMENTS (otps); i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;
      JsonObject       *data;

      sign_request_init (&r, TH_USER, TH_SERIAL);
      r.otp = otps[i];
      answer = sign (&r);
      data = assert_answer (answer, 200, 200, "sig_wait_for_user_confirm");
      g_assert_nonnull (data);
      g_assert_nonnull (json_object_get_string_member (data, "transaction_id"));
      g_assert_nonnull (json_object_get_string_member (data, "tran_code"));
      g_assert_false (json_object_has_member (data, "sad"));
      g_assert_false (json_object_has_member (data, "expired_in"));
    }
}

static void
test_sign_ok (void)
{
  const char *cases[][2] = {
    { TH_USER, TH_SERIAL },
    { TH_USER, ESEAL_SERIAL },
    { BRANCH_USER, BRANCH_SERIAL },
    { BARE_USER, BARE_SERIAL },
  };
  g_autoptr(GHashTable) sads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;
      JsonObject       *data;
      const char       *transaction_id, *sad;

      g_test_message ("%s %s", cases[i][0], cases[i][1]);
      sign_request_init (&r, cases[i][0], cases[i][1]);
      answer = sign (&r);
      data = assert_answer (answer, 200, 200, "sig_wait_for_user_confirm");
      g_assert_nonnull (data);
      transaction_id = json_object_get_string_member (data, "transaction_id");
      g_assert_true (g_uuid_string_is_valid (transaction_id));
      g_assert_cmpstr (transaction_id, !=, r.transaction_id);
      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (data, "tran_code")));
      sad = json_object_get_string_member (data, "sad");
      g_assert_true (g_str_has_prefix (sad, "eyJ"));
      g_assert_cmpuint (strlen (sad), >, 40);
      g_assert_false (g_hash_table_contains (sads, sad));
      g_hash_table_add (sads, g_strdup (sad));
      g_assert_cmpint (json_object_get_int_member (data, "expired_in"), ==, 299);
    }

  /* Each its own sad, even for the same request */
  {
    Started started = { 0 };

    start (TH_USER, TH_SERIAL, &started);
    g_assert_false (g_hash_table_contains (sads, started.sad));
    started_clear (&started);
  }
}

/* v2/signatures/confirm */

static void
test_confirm_sp_credentials (void)
{
  g_auto(Started)   started = { 0 };
  g_autoptr(Answer) wrong = NULL;
  g_autoptr(Answer) right = NULL;

  reset ();
  start (TH_USER, TH_SERIAL, &started);
  wrong = confirm_with ("wrong", TH_USER, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                        started.transaction_id, started.sad);
  assert_refused (wrong, 401, 401, "SP_CREDENTIAL_INVALID");
  /* Refusing it did not use the sad */
  right = confirm (TH_USER, started.transaction_id, started.sad);
  g_assert_nonnull (assert_answer (right, 200, 200, "Success"));
}

static void
test_confirm_wrong_password (void)
{
  g_auto(Started)   started = { 0 };
  g_autoptr(Answer) wrong = NULL;
  g_autoptr(Answer) right = NULL;

  reset ();
  start (TH_USER, TH_SERIAL, &started);
  wrong = confirm_with (SMARTCA_SANDBOX_SP_PASSWORD, TH_USER, "Sandbox@2025",
                        started.transaction_id, started.sad);
  assert_refused (wrong, 200, 40001, "PASSWORD_INVALID");
  right = confirm (TH_USER, started.transaction_id, started.sad);
  g_assert_nonnull (assert_answer (right, 200, 200, "Success"));
}

static void
test_confirm_sad_invalid (void)
{
  g_auto(Started)  started = { 0 };
  g_auto(Started)  other = { 0 };
  g_autofree char *forged = NULL;

  reset ();
  start (TH_USER, TH_SERIAL, &started);
  start (BARE_USER, BARE_SERIAL, &other);
  forged = g_strdup (started.sad);
  forged[strlen (forged) - 1] ^= 1;

  {
    g_autoptr(Answer) unknown = confirm (TH_USER, "67975bcc-5ee7-4a24-ab29-dd9f3c8fe32a",
                                         started.sad);
    g_autoptr(Answer) mismatch = confirm (TH_USER, started.transaction_id, forged);
    g_autoptr(Answer) swapped = confirm (TH_USER, started.transaction_id, other.sad);
    g_autoptr(Answer) not_yours = confirm (BARE_USER, started.transaction_id, started.sad);

    assert_refused (unknown, 200, 40002, "SAD_INVALID");
    assert_refused (mismatch, 200, 40002, "SAD_INVALID");
    assert_refused (swapped, 200, 40002, "SAD_INVALID");
    assert_refused (not_yours, 200, 40002, "SAD_INVALID");
  }

  /* Single use */
  {
    g_autoptr(Answer) first = confirm (TH_USER, started.transaction_id, started.sad);
    g_autoptr(Answer) again = confirm (TH_USER, started.transaction_id, started.sad);

    g_assert_nonnull (assert_answer (first, 200, 200, "Success"));
    assert_refused (again, 200, 40002, "SAD_INVALID");
  }

  /* A wrong OTP's transaction has no sad to confirm */
  {
    SignRequest       r;
    g_autoptr(Answer) refused = NULL;
    g_autoptr(Answer) answer = NULL;

    sign_request_init (&r, TH_USER, TH_SERIAL);
    r.otp = "000000";
    if (smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, r.otp,
                                      sandbox_now (sandbox)))
      r.otp = "999999";
    refused = sign (&r);
    answer = confirm (TH_USER,
                      json_object_get_string_member (
                        assert_answer (refused, 200, 200, "sig_wait_for_user_confirm"),
                        "transaction_id"),
                      started.sad);
    assert_refused (answer, 200, 40002, "SAD_INVALID");
  }
}

static void
test_confirm_sad_expired (void)
{
  g_auto(Started)   started = { 0 };
  g_autoptr(Answer) expired = NULL;
  g_autoptr(Answer) sign_answer = NULL;
  SignRequest       r;

  reset ();
  smartca_sandbox_set_sad_lifetime (sandbox, 0);
  sign_request_init (&r, TH_USER, TH_SERIAL);
  sign_answer = sign (&r);
  g_assert_cmpint (json_object_get_int_member (
                     assert_answer (sign_answer, 200, 200, "sig_wait_for_user_confirm"),
                     "expired_in"),
                   ==, 0);
  start (TH_USER, TH_SERIAL, &started);
  expired = confirm (TH_USER, started.transaction_id, started.sad);
  assert_refused (expired, 200, 40005, "SAD_EXPIRED");

  /* The default 299 s, by the sandbox's clock: still good 290 s later,
   * expired when it has moved on past 299 s */
  smartca_sandbox_set_sad_lifetime (sandbox, 299);
  {
    g_auto(Started)   late = { 0 };
    g_auto(Started)   in_time = { 0 };
    g_autoptr(Answer) refused = NULL;
    g_autoptr(Answer) accepted = NULL;

    start (TH_USER, TH_SERIAL, &late);
    start (TH_USER, TH_SERIAL, &in_time);
    smartca_sandbox_set_clock_offset (sandbox, 290);
    accepted = confirm (TH_USER, in_time.transaction_id, in_time.sad);
    g_assert_nonnull (assert_answer (accepted, 200, 200, "Success"));
    smartca_sandbox_set_clock_offset (sandbox, 299 + 5);
    refused = confirm (TH_USER, late.transaction_id, late.sad);
    assert_refused (refused, 200, 40005, "SAD_EXPIRED");
  }
}

static void
test_confirm_signature (void)
{
  const char *cases[][2] = {
    { TH_USER, TH_SERIAL },
    { BARE_USER, BARE_SERIAL },
  };

  reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Started)   started = { 0 };
      g_autoptr(Answer) answer = NULL;
      g_autoptr(GBytes) der = certificate_der (cases[i][0], cases[i][1]);
      g_autofree char  *other = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "other", -1);
      JsonObject       *data, *signature;
      JsonArray        *signatures;
      const char       *value;

      start (cases[i][0], cases[i][1], &started);
      answer = confirm (cases[i][0], started.transaction_id, started.sad);
      data = assert_answer (answer, 200, 200, "Success");
      g_assert_nonnull (data);
      g_assert_cmpstr (json_object_get_string_member (data, "transaction_id"), ==,
                       started.transaction_id);
      g_assert_cmpint (json_object_get_int_member (data, "expired_in"), ==, 299);
      signatures = json_object_get_array_member (data, "signatures");
      g_assert_cmpuint (json_array_get_length (signatures), ==, 1);
      signature = json_array_get_object_element (signatures, 0);
      g_assert_cmpstr (json_object_get_string_member (signature, "doc_id"), ==, "CHECK-1");
      g_assert_true (json_node_is_null (json_object_get_member (signature, "timestamp_signature")));
      value = json_object_get_string_member (signature, "signature_value");
      g_assert_true (signature_verifies (der, test_digest (), value));
      /* Of the digest sent, not of any */
      g_assert_false (signature_verifies (der, other, value));
    }

  /* A signature of the right form that does not verify */
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE);
  {
    g_auto(Started)   started = { 0 };
    g_autoptr(Answer) answer = NULL;
    g_autoptr(GBytes) der = certificate_der (TH_USER, TH_SERIAL);
    JsonObject       *data;

    start (TH_USER, TH_SERIAL, &started);
    answer = confirm (TH_USER, started.transaction_id, started.sad);
    data = assert_answer (answer, 200, 200, "Success");
    g_assert_false (signature_verifies (
      der, test_digest (),
      json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (data, "signatures"), 0),
        "signature_value")));
  }
}

/* The rest */

static void
test_no_service_type (void)
{
  g_autofree char  *body = g_strdup_printf ("{\"sp_id\":\"%s\",\"sp_password\":\"%s\","
                                             "\"user_id\":\"" BARE_USER "\",\"serial_number\":\"\","
                                             "\"transaction_id\":\"t-2\"}",
                                            SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD);
  g_autoptr(Answer) answer = NULL;
  JsonArray        *list;
  JsonObject       *record;

  reset ();
  answer = post ("/v1/credentials/get_certificate", body);
  list = json_object_get_array_member (assert_answer (answer, 200, 200, "Success"),
                                       "user_certificates");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  record = json_array_get_object_element (list, 0);
  g_assert_false (json_object_has_member (record, "service_type"));
  g_assert_cmpstr (json_object_get_string_member (record, "service_name"), ==, "SMARTCA TH");
  g_assert_cmpstr (json_object_get_string_member (record, "serial_number"), ==, BARE_SERIAL);
  g_assert_cmpstr (json_object_get_string_member (record, "cert_subject"), ==,
                   "C=VN,ST=HÀ NỘI,CN=CÔNG TY CỔ PHẦN DỊCH VỤ SỐ ĐÔNG Á,UID=MST:0109998887");
  g_assert_cmpstr (json_object_get_string_member (record, "cert_status"), ==, SANDBOX_ACTIVE);
}

/* The Date is the sandbox's: a day ahead of this computer here */
static void
assert_sandbox_date (Answer *answer)
{
  g_assert_cmpint (answer->date, >, smartca_test_now () + DAY / 2);
}

static void
test_sign_count_and_date (void)
{
  guint             before;
  g_autoptr(Answer) lookup = NULL;
  g_autoptr(Answer) missing = NULL;
  g_auto(Started)   started = { 0 };

  reset ();
  smartca_sandbox_set_clock_offset (sandbox, DAY);
  wait_for_step_start ();
  before = smartca_sandbox_get_sign_count (sandbox);
  lookup = post ("/v1/credentials/get_certificate", "{}");
  missing = post ("/v3/nothing", "{}");
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, before);
  /* Every answer has the sandbox's Date, even a 404 */
  g_assert_cmpuint (missing->status, ==, 404);
  assert_sandbox_date (lookup);
  assert_sandbox_date (missing);

  start (TH_USER, TH_SERIAL, &started);
  {
    g_autoptr(Answer) answer = confirm (TH_USER, started.transaction_id, started.sad);
    g_autoptr(Answer) refused = post (CONFIRM, "{}");
    g_autoptr(Answer) sign_refused = post (SIGN, "{}");

    g_assert_nonnull (assert_answer (answer, 200, 200, "Success"));
    assert_sandbox_date (answer);
    assert_sandbox_date (refused);
    assert_sandbox_date (sign_refused);
  }
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, before + 4);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The answer to @body on @endpoint comes, but not before 0.5 s */
static Answer *
post_slow (const char *endpoint,
           const char *body)
{
  g_autofree char        *url = g_strconcat (smartca_sandbox_get_base_url (sandbox), endpoint, NULL);
  g_autoptr(SoupMessage)  msg = soup_message_new ("POST", url);
  g_autoptr(GBytes)       request = g_bytes_new (body, strlen (body));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes)       reply = NULL;
  g_autoptr(GError)       error = NULL;
  gboolean                waited = FALSE;
  Answer                 *answer = g_new0 (Answer, 1);

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    smartca_test_result_cb, &result);
  g_timeout_add (500, timeout_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (result);

  reply = soup_session_send_and_read_finish (session, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (answer->parser, g_bytes_get_data (reply, NULL),
                                             g_bytes_get_size (reply), NULL));
  answer->envelope = json_node_get_object (json_parser_get_root (answer->parser));
  return answer;
}

static void
test_delay (void)
{
  g_autofree char  *body = NULL;
  g_autoptr(Answer) sign_answer = NULL;
  g_autoptr(Answer) confirm_answer = NULL;
  JsonObject       *data;

  reset ();
  smartca_sandbox_set_delay (sandbox, 2000);

  /* Sign the slow way by hand: the helpers expect an answer at once */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autofree char       *otp = otp_at (sandbox_now (sandbox));
    g_autofree char       *sign_body = g_strdup_printf (
            "{\"sp_id\":\"%s\",\"sp_password\":\"%s\",\"user_id\":\"" TH_USER "\","
                  "\"password\":\"%s\",\"otp\":\"%s\",\"transaction_id\":\"t-3\","
                  "\"serial_number\":\"" TH_SERIAL "\",\"sign_files\":[{\"file_type\":\"pdf\","
                  "\"data_to_be_signed\":\"%s\",\"doc_id\":\"CHECK-1\",\"sign_type\":\"hash\"}]}",
            SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD, SMARTCA_SANDBOX_BUSINESS_PASSWORD, otp,
            test_digest ());

    sign_answer = post_slow (SIGN, sign_body);
    data = assert_answer (sign_answer, 200, 200, "sig_wait_for_user_confirm");

    json_builder_begin_object (builder);
    add_member (builder, "sp_id", SMARTCA_SANDBOX_SP_ID);
    add_member (builder, "sp_password", SMARTCA_SANDBOX_SP_PASSWORD);
    add_member (builder, "user_id", TH_USER);
    add_member (builder, "password", SMARTCA_SANDBOX_BUSINESS_PASSWORD);
    add_member (builder, "transaction_id", json_object_get_string_member (data, "transaction_id"));
    add_member (builder, "sad", json_object_get_string_member (data, "sad"));
    json_builder_end_object (builder);
    body = to_json (builder);
  }
  confirm_answer = post_slow (CONFIRM, body);
  g_assert_nonnull (assert_answer (confirm_answer, 200, 200, "Success"));
}

static void
test_faults (void)
{
  g_auto(Started) started = { 0 };

  reset ();
  start (TH_USER, TH_SERIAL, &started);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  {
    SignRequest       r;
    g_autoptr(Answer) signed_ = NULL;
    g_autoptr(Answer) confirmed = NULL;

    sign_request_init (&r, TH_USER, TH_SERIAL);
    signed_ = sign (&r);
    confirmed = confirm (TH_USER, started.transaction_id, started.sad);
    assert_refused (signed_, 500, 500, "SERVAR_INTERNAL_ERROR");
    assert_refused (confirmed, 500, 500, "SERVAR_INTERNAL_ERROR");
  }
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  {
    g_autoptr(Answer) confirmed = confirm (TH_USER, started.transaction_id, started.sad);

    g_assert_nonnull (assert_answer (confirmed, 200, 200, "Success"));
  }
}

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
  g_test_add_func ("/sandbox-sign/sign/sp-credentials", test_sign_sp_credentials);
  g_test_add_func ("/sandbox-sign/sign/bad-request", test_sign_bad_request);
  g_test_add_func ("/sandbox-sign/sign/not-found", test_sign_not_found);
  g_test_add_func ("/sandbox-sign/sign/not-business", test_sign_not_business);
  g_test_add_func ("/sandbox-sign/sign/not-active", test_sign_not_active);
  g_test_add_func ("/sandbox-sign/sign/wrong-password", test_sign_wrong_password);
  g_test_add_func ("/sandbox-sign/sign/wrong-otp", test_sign_wrong_otp);
  g_test_add_func ("/sandbox-sign/sign/ok", test_sign_ok);
  g_test_add_func ("/sandbox-sign/confirm/sp-credentials", test_confirm_sp_credentials);
  g_test_add_func ("/sandbox-sign/confirm/wrong-password", test_confirm_wrong_password);
  g_test_add_func ("/sandbox-sign/confirm/sad-invalid", test_confirm_sad_invalid);
  g_test_add_func ("/sandbox-sign/confirm/sad-expired", test_confirm_sad_expired);
  g_test_add_func ("/sandbox-sign/confirm/signature", test_confirm_signature);
  g_test_add_func ("/sandbox-sign/no-service-type", test_no_service_type);
  g_test_add_func ("/sandbox-sign/sign-count-and-date", test_sign_count_and_date);
  g_test_add_func ("/sandbox-sign/delay", test_delay);
  g_test_add_func ("/sandbox-sign/faults", test_faults);

  status = g_test_run ();

  g_clear_object (&session);
  g_clear_object (&sandbox);
  return status;
}
