/* smartca-business.h: a certificate's SmartCA business (TH) account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Section 5 of the manual: a business certificate can sign without the
 * phone app, with the account's password and an OTP. Method 1 (OTP): the
 * password is kept, the OTP is typed at signing time from an authenticator
 * app. Method 2 (TOTP): the password and the secret key are kept, and the
 * app computes the OTP itself.
 *
 * The password and the secret key live only in the keyring (SmartcaVault,
 * SMARTCA_SECRET_BUSINESS_PASSWORD / _KEY, keyed by the certificate's serial
 * number). The store keeps only "enabled" and the method.
 */

#pragma once

#include <gio/gio.h>

#include "smartca-certificate.h"
#include "smartca-client.h"
#include "smartca-store.h"
#include "smartca-totp.h"
#include "smartca-vault.h"

G_BEGIN_DECLS

#define SMARTCA_BUSINESS_ERROR (smartca_business_error_quark ())

/* Every message is translated and says what to do. Keyring trouble comes as
 * SMARTCA_VAULT_ERROR_UNAVAILABLE, never as "nothing stored". */
typedef enum
{
  SMARTCA_BUSINESS_ERROR_NOT_BUSINESS,   /* a personal certificate */
  SMARTCA_BUSINESS_ERROR_NO_PASSWORD,    /* empty password */
  SMARTCA_BUSINESS_ERROR_NO_SECRET,      /* method 2 with no secret key given or stored */
  SMARTCA_BUSINESS_ERROR_NO_OTP,         /* method 1 with no 6-digit OTP */
  SMARTCA_BUSINESS_ERROR_NOT_SET_UP,     /* enabled in the store, secrets missing in the keyring */
  SMARTCA_BUSINESS_ERROR_WRONG_PASSWORD, /* SmartCA refused the account password */
  SMARTCA_BUSINESS_ERROR_WRONG_OTP,      /* wrong or expired OTP (a sign answer without "sad") */
  SMARTCA_BUSINESS_ERROR_SAD_EXPIRED,    /* confirm came after the sad's expired_in */
  SMARTCA_BUSINESS_ERROR_NOT_ACTIVE,     /* the certificate is suspended, revoked or expired */
  SMARTCA_BUSINESS_ERROR_UNREACHABLE,    /* network, TLS, timeout, 5xx */
  SMARTCA_BUSINESS_ERROR_BAD_SIGNATURE,  /* the signature does not verify with the certificate */
  SMARTCA_BUSINESS_ERROR_REFUSED,        /* any other refusal; SmartCA's message is kept */
} SmartcaBusinessError;

/* What the keyring holds for one certificate. */
typedef struct
{
  SmartcaBusinessMethod method;   /* from the store */
  char                 *password; /* NULL when none is stored; wiped on free */
  SmartcaTotpKey       *key;      /* NULL when none is stored */
} SmartcaBusinessSecrets;

GQuark smartca_business_error_quark (void);
void   smartca_business_secrets_free (SmartcaBusinessSecrets *secrets);
/* Whether @secrets (as the keyring answered) hold what their method needs:
 * the password, and for method 2 the key. SMARTCA_BUSINESS_ERROR_NOT_SET_UP
 * otherwise. */
gboolean smartca_business_secrets_check (const SmartcaBusinessSecrets *secrets,
                                         GError                      **error);

/* Whether the certificate can have a business account at all (the one
 * decision: smartca_certificate_get_is_business()). */
gboolean smartca_business_is_supported (SmartcaCertificate *certificate);

/* Stores @password (and for method 2 @key; NULL keeps the key already
 * stored) in the keyring, removes a stored key when the method is 1, then
 * records "enabled" + @method in the store. Nothing is recorded when the
 * keyring fails; secrets written before a failing store write are removed
 * again. */
void     smartca_business_save_async (SmartcaStore         *store,
                                      SmartcaVault         *vault,
                                      SmartcaCertificate   *certificate,
                                      SmartcaBusinessMethod method,
                                      const char           *password,
                                      SmartcaTotpKey       *key,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean smartca_business_save_finish (GAsyncResult *result,
                                       GError      **error);

/* Removes the password and the key from the keyring, then records
 * "disabled". When the keyring cannot be reached nothing changes and the
 * error says so. */
void     smartca_business_disable_async (SmartcaStore       *store,
                                         SmartcaVault       *vault,
                                         SmartcaCertificate *certificate,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean smartca_business_disable_finish (GAsyncResult *result,
                                          GError      **error);

/* Reads what the keyring holds (either may be missing). */
void                    smartca_business_load_async (SmartcaVault       *vault,
                                                     SmartcaCertificate *certificate,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
SmartcaBusinessSecrets *smartca_business_load_finish (GAsyncResult *result,
                                                      GError      **error);

/* Signs a SHA-256 @digest (32 bytes) through the TH flow: v2/signatures/sign
 * with @password and the OTP (computed from @key for method 2, or @otp as
 * typed for method 1; exactly one of them), then v2/signatures/confirm with
 * the sad. The PKCS#1 v1.5 signature is verified against the certificate's
 * public key before it is returned. Cancellable at any point. */
void    smartca_business_sign_digest_async (SmartcaClient      *client,
                                            SmartcaCertificate *certificate,
                                            const char         *password,
                                            SmartcaTotpKey     *key,
                                            const char         *otp,
                                            GBytes             *digest,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GBytes *smartca_business_sign_digest_finish (GAsyncResult *result,
                                             GError      **error);

/* "Check account": signs a throw-away random digest as above. */
void     smartca_business_check_async (SmartcaClient      *client,
                                       SmartcaCertificate *certificate,
                                       const char         *password,
                                       SmartcaTotpKey     *key,
                                       const char         *otp,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean smartca_business_check_finish (GAsyncResult *result,
                                        GError      **error);

/* Whether this computer's clock differs from SmartCA's (its last answer's
 * Date header, smartca_client_get_clock_offset()) by more than
 * SMARTCA_TOTP_CLOCK_TOLERANCE; then @hint is a translated sentence to show
 * beside the code or the error ("This computer's clock is 3 minutes behind
 * SmartCA's…"). */
gboolean smartca_business_clock_hint (SmartcaClient *client,
                                      char         **hint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaBusinessSecrets, smartca_business_secrets_free)

G_END_DECLS
