/* smartca-vault.h: every secret, in the desktop keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_SECRET_SP_PASSWORD,       /* keyed by the SP ID */
  SMARTCA_SECRET_BUSINESS_PASSWORD, /* keyed by a certificate's serial number */
  SMARTCA_SECRET_BUSINESS_KEY,      /* the TOTP secret key, keyed by serial number */
} SmartcaSecretKind;

#define SMARTCA_VAULT_ERROR (smartca_vault_error_quark ())

typedef enum
{
  SMARTCA_VAULT_ERROR_UNAVAILABLE,
} SmartcaVaultError;

#define SMARTCA_TYPE_VAULT (smartca_vault_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaVault, smartca_vault, SMARTCA, VAULT, GObject)

GQuark        smartca_vault_error_quark (void);
SmartcaVault *smartca_vault_new (void);
void          smartca_vault_store_async (SmartcaVault       *self,
                                         SmartcaSecretKind   kind,
                                         const char         *account,
                                         const char         *secret,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean      smartca_vault_store_finish (SmartcaVault *self,
                                          GAsyncResult *result,
                                          GError      **error);
void          smartca_vault_lookup_async (SmartcaVault       *self,
                                          SmartcaSecretKind   kind,
                                          const char         *account,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
char         *smartca_vault_lookup_finish (SmartcaVault *self,
                                           GAsyncResult *result,
                                           GError      **error);
void          smartca_vault_clear_async (SmartcaVault       *self,
                                         SmartcaSecretKind   kind,
                                         const char         *account,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean      smartca_vault_clear_finish (SmartcaVault *self,
                                          GAsyncResult *result,
                                          GError      **error);
void          smartca_vault_free_secret (char *secret);
void          smartca_secret_wipe (char **secret);
void          smartca_secret_free (gpointer secret);

G_END_DECLS
