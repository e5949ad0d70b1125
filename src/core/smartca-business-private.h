/* smartca-business-private.h: shared between the business account's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-business.h"
#include "smartca-remote-sign.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
gboolean business_check_supported (SmartcaCertificate *certificate,
                                   GError            **error);
G_GNUC_INTERNAL
gboolean business_check_account (SmartcaCertificate *certificate,
                                 const char         *password,
                                 GError            **error);

/* Tests only: the time the one-time codes are computed for (the Unix time
 * by default). NULL restores the real clock. */
typedef gint64 (*BusinessClockFunc) (gpointer user_data);

G_GNUC_INTERNAL
void business_set_clock_for_testing (BusinessClockFunc func,
                                     gpointer          user_data);

/* smartca_business_sign_digest_async() that tells @progress its stages
 * (SENDING, CONFIRMING): for smartca_remote_sign_async(). Finished with
 * smartca_business_sign_digest_finish(). */
G_GNUC_INTERNAL
void business_sign_digest_async (SmartcaClient            *client,
                                 SmartcaCertificate       *certificate,
                                 const char               *password,
                                 SmartcaTotpKey           *key,
                                 const char               *otp,
                                 GBytes                   *digest,
                                 SmartcaRemoteSignProgress progress,
                                 gpointer                  progress_data,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data);
/* SmartCA's transaction_id for a finished business signing (from its sign
 * answer), or NULL when it did not get that far */
G_GNUC_INTERNAL
const char *business_sign_get_transaction_id (GAsyncResult *result);

G_END_DECLS
