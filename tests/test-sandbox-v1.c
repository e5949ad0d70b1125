/* test-sandbox-v1.c: every answer of the sandbox's phone-confirmed
 * signing, v1/signatures/sign and …/{tranId}/status, by raw HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-sandbox-sign.h"

#define V1_SIGN "/v1/signatures/sign"
#define WAITING "sig_wait_for_user_confirm"
#define SUSPENDED_USER "079188000111"
#define SUSPENDED_SERIAL "5401010100000000000000000000beef"
#define EXPIRED_SERIAL "5401010100aa00bb00cc00dd00ee00ff"

typedef struct
{
  const char *sp_id;
  const char *sp_password;
  const char *user_id;
  const char *transaction_id;
  const char *serial;
  const char *digest;    /* NULL: no sign_files */
  const char *sign_type; /* NULL: left out */
  const char *digest2;   /* a second document, or NULL */
  char        unique_id[40];
} V1Request;

/* A request that signs test_digest() with @user_id's certificate @serial,
 * with a fresh transaction_id */
static void
v1_request_init (V1Request  *r,
                 const char *user_id,
                 const char *serial)
{
  g_autofree char *uuid = g_uuid_string_random ();

  memset (r, 0, sizeof *r);
  g_strlcpy (r->unique_id, uuid, sizeof r->unique_id);
  r->sp_id = SMARTCA_SANDBOX_SP_ID;
  r->sp_password = SMARTCA_SANDBOX_SP_PASSWORD;
  r->user_id = user_id;
  r->transaction_id = r->unique_id;
  r->serial = serial;
  r->digest = test_digest ();
  r->sign_type = "hash";
}

static void
add_file (JsonBuilder *builder,
          const char  *digest,
          const char  *doc_id,
          const char  *sign_type)
{
  json_builder_begin_object (builder);
  add_member (builder, "file_type", "pdf");
  add_member (builder, "data_to_be_signed", digest);
  add_member (builder, "doc_id", doc_id);
  add_member (builder, "sign_type", sign_type);
  json_builder_end_object (builder);
}

static char *
v1_body (const V1Request *r)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_member (builder, "sp_id", r->sp_id);
  add_member (builder, "sp_password", r->sp_password);
  add_member (builder, "user_id", r->user_id);
  add_member (builder, "transaction_id", r->transaction_id);
  add_member (builder, "transaction_desc", "Hợp đồng 12/2025.pdf");
  add_member (builder, "serial_number", r->serial);
  add_member (builder, "time_stamp", "20250101120000Z");
  if (r->digest != NULL)
    {
      json_builder_set_member_name (builder, "sign_files");
      json_builder_begin_array (builder);
      add_file (builder, r->digest, "DOC-1", r->sign_type);
      if (r->digest2 != NULL)
        add_file (builder, r->digest2, "DOC-2", r->sign_type);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return to_json (builder);
}

static Answer *
v1_sign (const V1Request *r)
{
  g_autofree char *body = v1_body (r);

  return post (V1_SIGN, body);
}

static Answer *
v1_status (const char *transaction_id)
{
  g_autofree char *endpoint = g_strdup_printf (V1_SIGN "/%s/status", transaction_id);

  return post (endpoint, "{}");
}

/* Starts a transaction that the sandbox accepts; returns its id */
static void
v1_start (V1Request  *r,
          const char *user_id,
          const char *serial)
{
  g_autoptr(Answer) answer = NULL;
  JsonObject       *data;

  v1_request_init (r, user_id, serial);
  answer = v1_sign (r);
  data = assert_answer (answer, 200, 200, WAITING);
  g_assert_nonnull (data);
  g_assert_cmpstr (json_object_get_string_member (data, "transaction_id"), ==, r->transaction_id);
}

static void
v1_reset (void)
{
  reset ();
  smartca_sandbox_set_pending_polls (sandbox, 2);
  smartca_sandbox_set_v1_refusal (sandbox, NULL);
  smartca_sandbox_set_status (sandbox, PERSON_SERIAL, SANDBOX_ACTIVE);
}

/* Pending: sig_wait_for_user_confirm, the transaction, signatures null */
static void
assert_pending (const char *transaction_id)
{
  g_autoptr(Answer) answer = v1_status (transaction_id);
  JsonObject       *data = assert_answer (answer, 200, 200, WAITING);

  g_assert_nonnull (data);
  g_assert_cmpstr (json_object_get_string_member (data, "transaction_id"), ==, transaction_id);
  g_assert_true (json_object_has_member (data, "signatures"));
  g_assert_true (json_object_get_null_member (data, "signatures"));
}

/* v1/signatures/sign */

static void
test_v1_sign_sp_credentials (void)
{
  v1_reset ();
  for (guint i = 0; i < 3; i++)
    {
      V1Request         r;
      g_autoptr(Answer) answer = NULL;

      v1_request_init (&r, PERSON_USER, PERSON_SERIAL);
      if (i == 0)
        r.sp_id = "SOMEONE-ELSE";
      else if (i == 1)
        r.sp_password = "wrong";
      else
        r.sp_password = NULL;
      answer = v1_sign (&r);
      assert_refused (answer, 401, 401, "SP_CREDENTIAL_INVALID");
    }
}

static void
test_v1_sign_bad_request (void)
{
  g_autofree char *short_digest = g_strndup (test_digest (), 63);
  g_autofree char *not_hex = g_strdup (test_digest ());

  v1_reset ();
  not_hex[10] = 'g';
  for (guint i = 0; i < 9; i++)
    {
      V1Request         r;
      g_autoptr(Answer) answer = NULL;

      v1_request_init (&r, PERSON_USER, PERSON_SERIAL);
      switch (i)
        {
        case 0:
          r.user_id = NULL;
          break;
        case 1:
          r.transaction_id = NULL;
          break;
        case 2:
          r.transaction_id = "";
          break;
        case 3:
          r.serial = NULL;
          break;
        case 4:
          r.digest = NULL;
          break;
        case 5:
          r.digest = short_digest;
          break;
        case 6:
          r.digest = not_hex;
          break;
        case 7:
          r.sign_type = NULL;
          break;
        default:
          /* Whole files are not taken: only hashes */
          r.sign_type = "file";
          break;
        }
      g_test_message ("case %u", i);
      answer = v1_sign (&r);
      assert_refused (answer, 400, 400, "BAD_REQUEST");
    }

  {
    g_autoptr(Answer) answer = post (V1_SIGN, "not json");

    assert_refused (answer, 400, 400, "BAD_REQUEST");
  }
}

static void
test_v1_sign_not_found (void)
{
  static const char *const cases[][2] = {
    { PERSON_USER, "54010101000000000000000000000000" }, /* nobody's */
    { TH_USER, PERSON_SERIAL },                          /* someone else's */
    { "001099012346", PERSON_SERIAL },                   /* nobody */
  };

  v1_reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      V1Request         r;
      g_autoptr(Answer) answer = NULL;

      v1_request_init (&r, cases[i][0], cases[i][1]);
      answer = v1_sign (&r);
      assert_refused (answer, 200, 40004, "CERTIFICATE_NOT_FOUND");
    }
}

/* Suspended, expired, or suspended since the lookup: refused as v2 does */
static void
test_v1_sign_not_active (void)
{
  static const char *const cases[][2] = {
    { SUSPENDED_USER, SUSPENDED_SERIAL },
    { PERSON_USER, EXPIRED_SERIAL },
  };

  v1_reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      V1Request         r;
      g_autoptr(Answer) answer = NULL;

      v1_request_init (&r, cases[i][0], cases[i][1]);
      answer = v1_sign (&r);
      assert_refused (answer, 403, 403, "CREDENTIAL_STATUS_INVALID");
    }

  smartca_sandbox_set_status (sandbox, PERSON_SERIAL, "Tạm dừng");
  {
    V1Request         r;
    g_autoptr(Answer) answer = NULL;

    v1_request_init (&r, PERSON_USER, PERSON_SERIAL);
    answer = v1_sign (&r);
    assert_refused (answer, 403, 403, "CREDENTIAL_STATUS_INVALID");
  }
  smartca_sandbox_set_status (sandbox, PERSON_SERIAL, SANDBOX_ACTIVE);
}

static void
test_v1_sign_refusal (void)
{
  const char       *said = "<b>Tài khoản</b> \u202Ebị khóa";
  V1Request         r;
  g_autoptr(Answer) answer = NULL;

  v1_reset ();
  smartca_sandbox_set_v1_refusal (sandbox, said);
  v1_request_init (&r, PERSON_USER, PERSON_SERIAL);
  answer = v1_sign (&r);
  assert_refused (answer, 200, 40010, said);
  smartca_sandbox_set_v1_refusal (sandbox, NULL);
}

static void
test_v1_sign_duplicate (void)
{
  V1Request         r;
  g_autoptr(Answer) again = NULL;

  v1_reset ();
  v1_start (&r, PERSON_USER, PERSON_SERIAL);
  again = v1_sign (&r);
  assert_refused (again, 200, 40006, "TRANSACTION_ID_DUPLICATE");
}

/* The answer of §5, for a personal certificate and a business one alike;
 * the request is kept as it came */
static void
test_v1_sign_ok (void)
{
  static const char *const cases[][2] = {
    { PERSON_USER, PERSON_SERIAL },
    { TH_USER, TH_SERIAL },
    { BARE_USER, BARE_SERIAL },
  };

  v1_reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      V1Request         r;
      g_autoptr(Answer) answer = NULL;
      g_autofree char  *body = NULL;
      g_autofree char  *kept = NULL;
      JsonObject       *data;
      guint             polls = smartca_sandbox_get_poll_count (sandbox);
      guint             signs = smartca_sandbox_get_sign_count (sandbox);

      v1_request_init (&r, cases[i][0], cases[i][1]);
      body = v1_body (&r);
      answer = post (V1_SIGN, body);
      data = assert_answer (answer, 200, 200, WAITING);
      g_assert_nonnull (data);
      g_assert_cmpstr (json_object_get_string_member (data, "transaction_id"), ==,
                       r.transaction_id);
      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (data, "tran_code")));
      g_assert_false (json_object_has_member (data, "sad"));

      kept = smartca_sandbox_dup_last_v1_request (sandbox);
      g_assert_cmpstr (kept, ==, body);
      /* Neither a poll nor a business signing */
      g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls);
      g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, signs);
    }
}

/* v1/signatures/sign/{tranId}/status */

static void
test_v1_status_not_found (void)
{
  V1Request         r;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(Answer) not_json = NULL;
  guint             polls;

  v1_reset ();
  polls = smartca_sandbox_get_poll_count (sandbox);
  answer = v1_status ("tx-nobody-started");
  assert_refused (answer, 200, 404, "TRANSACTION_NOT_FOUND");
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls + 1);

  /* The status of a transaction is not found under tran_code either */
  v1_start (&r, PERSON_USER, PERSON_SERIAL);
  g_clear_pointer (&answer, answer_free);
  answer = v1_status ("acd9be84-60e7-4645-83ab-fb7079b71626");
  assert_refused (answer, 200, 404, "TRANSACTION_NOT_FOUND");

  not_json = post (V1_SIGN "/x/status", "not json");
  assert_refused (not_json, 400, 400, "BAD_REQUEST");
}

/* Pending for pending_polls polls, then SUCCESS with the certificate's own
 * signature of the hash sent; the answer stays */
static void
test_v1_status_success (void)
{
  static const guint pending[] = { 2, 0, 4 };
  g_autoptr(GBytes)  der = certificate_der (PERSON_USER, PERSON_SERIAL);
  /* The same person's other certificate has a key of its own */
  g_autoptr(GBytes) other = certificate_der (PERSON_USER, "5401010100aa00bb00cc00dd00ee00ff");

  v1_reset ();
  for (guint i = 0; i < G_N_ELEMENTS (pending); i++)
    {
      V1Request r;
      guint     polls;

      smartca_sandbox_set_pending_polls (sandbox, pending[i]);
      v1_start (&r, PERSON_USER, PERSON_SERIAL);
      polls = smartca_sandbox_get_poll_count (sandbox);
      for (guint j = 0; j < pending[i]; j++)
        assert_pending (r.transaction_id);

      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(Answer) answer = v1_status (r.transaction_id);
          JsonObject       *data = assert_answer (answer, 200, 200, "SUCCESS");
          JsonArray        *signatures;
          JsonObject       *signature;

          g_assert_nonnull (data);
          g_assert_cmpstr (json_object_get_string_member (data, "transaction_id"), ==,
                           r.transaction_id);
          signatures = json_object_get_array_member (data, "signatures");
          g_assert_cmpuint (json_array_get_length (signatures), ==, 1);
          signature = json_array_get_object_element (signatures, 0);
          g_assert_cmpstr (json_object_get_string_member (signature, "doc_id"), ==, "DOC-1");
          g_assert_true (json_object_get_null_member (signature, "timestamp_signature"));
          g_assert_true (signature_verifies (
            der, test_digest (), json_object_get_string_member (signature, "signature_value")));
          g_assert_false (signature_verifies (
            other, test_digest (), json_object_get_string_member (signature, "signature_value")));
        }
      g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls + pending[i] + 2);
    }
}

/* Two documents, one confirmation: each signature is of its own hash */
static void
test_v1_status_two_documents (void)
{
  g_autofree char  *second = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Phụ lục", -1);
  g_autoptr(GBytes) der = certificate_der (TH_USER, TH_SERIAL);
  V1Request         r;
  g_autoptr(Answer) started = NULL;
  g_autoptr(Answer) answer = NULL;
  JsonArray        *signatures;

  v1_reset ();
  smartca_sandbox_set_pending_polls (sandbox, 0);
  v1_request_init (&r, TH_USER, TH_SERIAL);
  r.digest2 = second;
  started = v1_sign (&r);
  g_assert_nonnull (assert_answer (started, 200, 200, WAITING));

  answer = v1_status (r.transaction_id);
  signatures = json_object_get_array_member (assert_answer (answer, 200, 200, "SUCCESS"),
                                             "signatures");
  g_assert_cmpuint (json_array_get_length (signatures), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *signature = json_array_get_object_element (signatures, i);
      const char *value = json_object_get_string_member (signature, "signature_value");

      g_assert_cmpstr (json_object_get_string_member (signature, "doc_id"), ==,
                       i == 0 ? "DOC-1" : "DOC-2");
      g_assert_true (signature_verifies (der, i == 0 ? test_digest () : second, value));
      g_assert_false (signature_verifies (der, i == 0 ? second : test_digest (), value));
    }
}

/* The user refuses, or never answers: after the pending polls, for good */
static void
test_v1_status_rejected_expired (void)
{
  static const struct
  {
    SmartcaSandboxFault fault;
    const char         *message;
  } cases[] = {
    { SMARTCA_SANDBOX_FAULT_USER_REJECTED, "REJECTED" },
    { SMARTCA_SANDBOX_FAULT_EXPIRED, "EXPIRED" },
  };

  v1_reset ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      V1Request r;

      smartca_sandbox_set_fault (sandbox, cases[i].fault);
      v1_start (&r, PERSON_USER, PERSON_SERIAL);
      assert_pending (r.transaction_id);
      assert_pending (r.transaction_id);
      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(Answer) answer = v1_status (r.transaction_id);
          JsonObject       *data = assert_answer (answer, 200, 200, cases[i].message);

          g_assert_nonnull (data);
          g_assert_true (json_object_get_null_member (data, "signatures"));
        }
    }
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
}

/* Well formed, by another key */
static void
test_v1_status_bad_signature (void)
{
  g_autoptr(GBytes) der = certificate_der (PERSON_USER, PERSON_SERIAL);
  V1Request         r;
  g_autoptr(Answer) answer = NULL;
  JsonObject       *data;
  JsonObject       *signature;

  v1_reset ();
  smartca_sandbox_set_pending_polls (sandbox, 0);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE);
  v1_start (&r, PERSON_USER, PERSON_SERIAL);
  answer = v1_status (r.transaction_id);
  data = assert_answer (answer, 200, 200, "SUCCESS");
  signature = json_array_get_object_element (json_object_get_array_member (data, "signatures"), 0);
  g_assert_false (signature_verifies (der, test_digest (),
                                      json_object_get_string_member (signature, "signature_value")));
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
}

/* The faults every endpoint shows, on both; POST only */
static void
test_v1_faults (void)
{
  V1Request         r;
  g_autoptr(Answer) sign_500 = NULL;
  g_autoptr(Answer) status_500 = NULL;
  g_autoptr(Answer) sign_malformed = NULL;
  g_autoptr(Answer) status_malformed = NULL;
  JsonObject       *data;
  JsonObject       *signature;
  guint             polls;

  v1_reset ();
  v1_start (&r, PERSON_USER, PERSON_SERIAL);
  polls = smartca_sandbox_get_poll_count (sandbox);

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  sign_500 = v1_sign (&r);
  assert_refused (sign_500, 500, 500, "SERVAR_INTERNAL_ERROR");
  status_500 = v1_status (r.transaction_id);
  assert_refused (status_500, 500, 500, "SERVAR_INTERNAL_ERROR");
  /* A poll that failed is a poll all the same */
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), ==, polls + 1);

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_MALFORMED);
  sign_malformed = v1_sign (&r);
  data = assert_answer (sign_malformed, 200, 200, WAITING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (data, "transaction_id")), ==,
                   G_TYPE_INT64);
  status_malformed = v1_status (r.transaction_id);
  data = assert_answer (status_malformed, 200, 200, "SUCCESS");
  signature = json_array_get_object_element (json_object_get_array_member (data, "signatures"), 0);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (signature, "signature_value")));
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);

  /* The transaction was not disturbed: still pending */
  assert_pending (r.transaction_id);
}

static void
test_v1_delay (void)
{
  V1Request         r;
  g_autoptr(Answer) answer = NULL;
  g_autofree char  *endpoint = NULL;

  v1_reset ();
  v1_start (&r, PERSON_USER, PERSON_SERIAL);
  smartca_sandbox_set_delay (sandbox, 1000);
  endpoint = g_strdup_printf (V1_SIGN "/%s/status", r.transaction_id);
  answer = post_slow (endpoint, "{}");
  g_assert_nonnull (assert_answer (answer, 200, 200, WAITING));
  smartca_sandbox_set_delay (sandbox, 0);
}

void
test_sandbox_v1_add_tests (void)
{
  g_test_add_func ("/sandbox-sign/v1-sign/sp-credentials", test_v1_sign_sp_credentials);
  g_test_add_func ("/sandbox-sign/v1-sign/bad-request", test_v1_sign_bad_request);
  g_test_add_func ("/sandbox-sign/v1-sign/not-found", test_v1_sign_not_found);
  g_test_add_func ("/sandbox-sign/v1-sign/not-active", test_v1_sign_not_active);
  g_test_add_func ("/sandbox-sign/v1-sign/refusal", test_v1_sign_refusal);
  g_test_add_func ("/sandbox-sign/v1-sign/duplicate", test_v1_sign_duplicate);
  g_test_add_func ("/sandbox-sign/v1-sign/ok", test_v1_sign_ok);
  g_test_add_func ("/sandbox-sign/v1-status/not-found", test_v1_status_not_found);
  g_test_add_func ("/sandbox-sign/v1-status/success", test_v1_status_success);
  g_test_add_func ("/sandbox-sign/v1-status/two-documents", test_v1_status_two_documents);
  g_test_add_func ("/sandbox-sign/v1-status/rejected-expired", test_v1_status_rejected_expired);
  g_test_add_func ("/sandbox-sign/v1-status/bad-signature", test_v1_status_bad_signature);
  g_test_add_func ("/sandbox-sign/v1/faults", test_v1_faults);
  g_test_add_func ("/sandbox-sign/v1/delay", test_v1_delay);
}
