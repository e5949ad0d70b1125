/* test-sandbox-sign.h: what the sandbox-sign tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

extern SmartcaSandbox *sandbox;

typedef struct
{
  guint       status;
  gint64      date; /* the Date header, 0 if none */
  JsonParser *parser;
  JsonObject *envelope;
} Answer;

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

typedef struct
{
  char *transaction_id;
  char *sad;
} Started;

void answer_free (Answer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)
void started_clear (Started *started);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Started, started_clear)

Answer     *post (const char *endpoint,
                  const char *body);
Answer     *post_slow (const char *endpoint,
                       const char *body);
JsonObject *assert_answer (Answer     *answer,
                           guint       http_status,
                           gint64      status_code,
                           const char *message);
void        assert_refused (Answer     *answer,
                            guint       http_status,
                            gint64      status_code,
                            const char *message);
void        add_member (JsonBuilder *builder,
                        const char  *name,
                        const char  *value);
char       *to_json (JsonBuilder *builder);
const char *test_digest (void);
char       *otp_at (gint64 unix_time);
void        sign_request_init (SignRequest *r,
                               const char  *user_id,
                               const char  *serial);
Answer     *sign (const SignRequest *r);
Answer     *confirm_with (const char *sp_password,
                          const char *user_id,
                          const char *password,
                          const char *transaction_id,
                          const char *sad);
Answer     *confirm (const char *user_id,
                     const char *transaction_id,
                     const char *sad);
void        start (const char *user_id,
                   const char *serial,
                   Started    *started);
void        wait_for_step_start (void);
void        reset (void);
GBytes     *certificate_der (const char *user_id,
                             const char *serial);
gboolean    signature_verifies (GBytes     *der,
                                const char *digest_hex,
                                const char *signature_b64);

/* test-sandbox-sign-answers.c: every answer of sign and confirm */
void test_sandbox_sign_answers_add_tests (void);
/* test-sandbox-v1.c: every answer of v1 sign and status */
void test_sandbox_v1_add_tests (void);
