/* smartca-remote-sign.h: having SmartCA sign a digest with a certificate's
 * remote key, whichever flow the certificate uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Personal certificates (and business ones without a business account):
 * v1/signatures/sign with the hash, then the user confirms in the VNPT
 * SmartCA phone app while v1/signatures/sign/{tranId}/status is polled
 * until success, rejection or expiry. Business certificates with a business
 * account: smartca_business_sign_digest_async() (v2 sign + confirm) with
 * the secrets from the keyring; method 1 needs the OTP from the caller.
 *
 * Only the 32-byte digest leaves the computer. The signature is verified
 * with the certificate's public key before it is returned.
 */

#pragma once

#include <gio/gio.h>

#include "smartca-certificate.h"
#include "smartca-client.h"
#include "smartca-vault.h"

G_BEGIN_DECLS

#define SMARTCA_PERSONAL_ERROR (smartca_personal_error_quark ())

/* Errors of the phone-confirmed flow; every message is translated and says
 * what to do. (The business flow reports SMARTCA_BUSINESS_ERROR; both may
 * report G_IO_ERROR_CANCELLED and the client's
 * SMARTCA_CLIENT_ERROR_NOT_CONFIGURED / _SP_CREDENTIALS.) */
typedef enum
{
  SMARTCA_PERSONAL_ERROR_REJECTED,      /* the user refused in the phone app */
  SMARTCA_PERSONAL_ERROR_EXPIRED,       /* not confirmed in time */
  SMARTCA_PERSONAL_ERROR_NOT_ACTIVE,    /* the certificate is suspended, revoked or expired */
  SMARTCA_PERSONAL_ERROR_UNREACHABLE,   /* network, TLS, timeout, 5xx */
  SMARTCA_PERSONAL_ERROR_BAD_SIGNATURE, /* the signature does not verify with the certificate */
  SMARTCA_PERSONAL_ERROR_REFUSED,       /* any other refusal; SmartCA's message is kept, isolated */
} SmartcaPersonalError;

/* How long SmartCA gives the user to confirm; the poll gives up after it */
#define SMARTCA_PERSONAL_SIGN_LIFETIME 300
/* Seconds between two status polls (SMARTCA_POLL_INTERVAL_MS in the
 * environment overrides it, for the tests) */
#define SMARTCA_PERSONAL_POLL_INTERVAL 10

typedef enum
{
  SMARTCA_REMOTE_SIGN_SENDING,           /* the request is on its way */
  SMARTCA_REMOTE_SIGN_WAITING_FOR_PHONE, /* confirm in the VNPT SmartCA app; see deadline */
  SMARTCA_REMOTE_SIGN_CONFIRMING,        /* business: v2/signatures/confirm */
} SmartcaRemoteSignStage;

/* Called on the main context: @deadline is the g_get_real_time() (µs) by
 * which the phone must confirm, or 0. */
typedef void (*SmartcaRemoteSignProgress) (SmartcaRemoteSignStage stage,
                                           gint64                 deadline,
                                           gpointer               user_data);

GQuark smartca_personal_error_quark (void);

/* @digest: 32 bytes. @description: transaction_desc shown in the phone
 * app (the document's file name); nullable. The certificate's DER must be
 * loaded (smartca_store_load_der()). */
void smartca_personal_sign_digest_async (SmartcaClient            *client,
                                         SmartcaCertificate       *certificate,
                                         GBytes                   *digest,
                                         const char               *description,
                                         SmartcaRemoteSignProgress progress,
                                         gpointer                  progress_data,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data);
/* @transaction_id: (out) (optional): SmartCA's transaction id */
GBytes *smartca_personal_sign_digest_finish (GAsyncResult *result,
                                             char        **transaction_id,
                                             GError      **error);

/* The one entry point: the business flow when the certificate has a
 * business account (smartca_certificate_get_business_enabled()), its
 * secrets read from @vault (@otp: method 1's code, ignored for method 2;
 * method 1 without it fails with SMARTCA_BUSINESS_ERROR_NO_OTP so that the
 * caller can ask for it), the personal flow otherwise. @progress is
 * called as the stages change (until the callback). */
void    smartca_remote_sign_async (SmartcaClient            *client,
                                   SmartcaVault             *vault,
                                   SmartcaCertificate       *certificate,
                                   GBytes                   *digest,
                                   const char               *description,
                                   const char               *otp,
                                   SmartcaRemoteSignProgress progress,
                                   gpointer                  progress_data,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
GBytes *smartca_remote_sign_finish (GAsyncResult *result,
                                    char        **transaction_id,
                                    GError      **error);

G_END_DECLS
