/* test-business.h: what the business account's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-business.h"
#include "smartca-sandbox.h"
#include "smartca-test-pki.h"

G_BEGIN_DECLS

#define DAY (24 * 60 * 60)

/* The sandbox's business certificates */
#define SERIAL_ESEAL "54010101fedcba9876543210fedcba98"
#define SERIAL_TH "540101011111222233334444555566aa"
#define SERIAL_BRANCH "540101012222333344445555666677aa"
#define SERIAL_NO_TYPE "540101013333444455556666777788aa"
#define SERIAL_PERSONAL "540101010123456789abcdef01234567"

SmartcaClient      *business_test_client (SmartcaSandbox *sandbox);
GPtrArray          *business_test_look_up_all (SmartcaClient *client,
                                               const char    *user_id);
SmartcaCertificate *business_test_look_up (SmartcaClient *client,
                                           const char    *user_id,
                                           const char    *serial);
SmartcaTotpKey     *business_test_sandbox_key (void);
gboolean            business_test_verifies (SmartcaCertificate *certificate,
                                            GBytes             *digest,
                                            GBytes             *signature);

G_END_DECLS
