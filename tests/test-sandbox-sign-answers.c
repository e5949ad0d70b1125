/* test-sandbox-sign-answers.c: every answer of the sandbox's
 * v2/signatures/sign and /confirm, one test per kind of answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-sandbox-sign.h"

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

/* Each of @cases (user ID, serial), otherwise right, is refused */
static void
assert_sign_refused (const char *const cases[][2],
                     guint             n_cases,
                     gint64            status_code,
                     const char       *message)
{
  reset ();
  for (guint i = 0; i < n_cases; i++)
    {
      SignRequest       r;
      g_autoptr(Answer) answer = NULL;

      sign_request_init (&r, cases[i][0], cases[i][1]);
      answer = sign (&r);
      assert_refused (answer, 200, status_code, message);
    }
}

static void
test_sign_not_found (void)
{
  static const char *const cases[][2] = {
    { TH_USER, "54010101000000000000000000000000" }, /* nobody's */
    { BRANCH_USER, TH_SERIAL },                      /* someone else's */
    { "0101234568", TH_SERIAL },                     /* nobody */
  };

  assert_sign_refused (cases, G_N_ELEMENTS (cases), 40004, "CERTIFICATE_NOT_FOUND");
}

static void
test_sign_not_business (void)
{
  static const char *const cases[][2] = {
    { PERSON_USER, PERSON_SERIAL },
    { "C1234567", "54010101ab12cd34ef56ab12cd34ef56" },
    { "036085001234_002", "54010101c0ffee00c0ffee00c0ffee00" },
  };

  assert_sign_refused (cases, G_N_ELEMENTS (cases), 40003, "ACCOUNT_NOT_BUSINESS");
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

/* A confirm with @sp_password and @password is refused, and refusing it
 * did not use the sad */
static void
assert_confirm_refused (const char *sp_password,
                        const char *password,
                        guint       http_status,
                        gint64      status_code,
                        const char *message)
{
  g_auto(Started)   started = { 0 };
  g_autoptr(Answer) wrong = NULL;
  g_autoptr(Answer) right = NULL;

  reset ();
  start (TH_USER, TH_SERIAL, &started);
  wrong = confirm_with (sp_password, TH_USER, password, started.transaction_id, started.sad);
  assert_refused (wrong, http_status, status_code, message);
  right = confirm (TH_USER, started.transaction_id, started.sad);
  g_assert_nonnull (assert_answer (right, 200, 200, "Success"));
}

static void
test_confirm_sp_credentials (void)
{
  assert_confirm_refused ("wrong", SMARTCA_SANDBOX_BUSINESS_PASSWORD, 401, 401,
                          "SP_CREDENTIAL_INVALID");
}

static void
test_confirm_wrong_password (void)
{
  assert_confirm_refused (SMARTCA_SANDBOX_SP_PASSWORD, "Sandbox@2025", 200, 40001,
                          "PASSWORD_INVALID");
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
void
test_sandbox_sign_answers_add_tests (void)
{
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
}
