/* smartca-remote-sign.c: having SmartCA sign a digest, whichever flow the
 * certificate uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A certificate with a business account signs through it (v2 sign +
 * confirm, its secrets read from the keyring now, never kept); any other
 * through the phone app (smartca-personal-sign.c).
 */

#include "config.h"

#include "smartca-remote-sign.h"
#include "smartca-business.h"
#include "smartca-business-private.h"

typedef struct
{
  SmartcaClient            *client;
  SmartcaCertificate       *certificate;
  GBytes                   *digest;
  char                     *otp;
  SmartcaRemoteSignProgress progress;
  gpointer                  progress_data;
  char                     *transaction_id;
} Remote;

static void
remote_free (Remote *remote)
{
  g_clear_object (&remote->client);
  g_clear_object (&remote->certificate);
  g_clear_pointer (&remote->digest, g_bytes_unref);
  smartca_secret_wipe (&remote->otp);
  g_free (remote->transaction_id);
  g_free (remote);
}

static void
personal_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Remote           *remote = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes           *signature;

  signature = smartca_personal_sign_digest_finish (result, &remote->transaction_id, &error);
  if (signature == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, signature, (GDestroyNotify) g_bytes_unref);
}

static void
business_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Remote           *remote = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes           *signature;

  signature = smartca_business_sign_digest_finish (result, &error);
  if (signature == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  remote->transaction_id = g_strdup (business_sign_get_transaction_id (result));
  g_task_return_pointer (task, signature, (GDestroyNotify) g_bytes_unref);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)                  task = user_data;
  Remote                           *remote = g_task_get_task_data (task);
  g_autoptr(GError)                 error = NULL;
  g_autoptr(SmartcaBusinessSecrets) secrets = NULL;

  secrets = smartca_business_load_finish (result, &error);
  if (secrets == NULL)
    {
      /* The keyring could not be reached (or the caller cancelled) */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The keyring answered, and what the account needs is not in it */
  if (!smartca_business_secrets_check (secrets, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Method 1 without a code: SMARTCA_BUSINESS_ERROR_NO_OTP, before anything is sent */
  business_sign_digest_async (remote->client, remote->certificate, secrets->password,
                              secrets->method == SMARTCA_BUSINESS_METHOD_TOTP ? secrets->key : NULL,
                              secrets->method == SMARTCA_BUSINESS_METHOD_OTP ? remote->otp : NULL,
                              remote->digest, remote->progress, remote->progress_data,
                              g_task_get_cancellable (task), business_cb, g_object_ref (task));
}

/**
 * smartca_remote_sign_async:
 * @vault: where the business account's secrets are (only read for a
 *   certificate with a business account)
 * @otp: (nullable): method 1's 6-digit code
 * @progress: (nullable): told the stages, on the main context
 *
 * Errors: those of smartca_personal_sign_digest_async(), or for a business
 * account those of smartca_business_sign_digest_async(),
 * %SMARTCA_BUSINESS_ERROR_NOT_SET_UP (nothing in the keyring) and
 * %SMARTCA_VAULT_ERROR_UNAVAILABLE.
 */
void
smartca_remote_sign_async (SmartcaClient            *client,
                           SmartcaVault             *vault,
                           SmartcaCertificate       *certificate,
                           GBytes                   *digest,
                           const char               *description,
                           const char               *otp,
                           SmartcaRemoteSignProgress progress,
                           gpointer                  progress_data,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Remote          *remote;

  g_return_if_fail (SMARTCA_IS_CLIENT (client));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));
  g_return_if_fail (digest != NULL && g_bytes_get_size (digest) == 32);
  g_return_if_fail (SMARTCA_IS_VAULT (vault) ||
                    (vault == NULL && !smartca_certificate_get_business_enabled (certificate)));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_remote_sign_async);

  remote = g_new0 (Remote, 1);
  remote->client = g_object_ref (client);
  remote->certificate = g_object_ref (certificate);
  remote->digest = g_bytes_ref (digest);
  remote->otp = g_strdup (otp);
  remote->progress = progress;
  remote->progress_data = progress_data;
  g_task_set_task_data (task, remote, (GDestroyNotify) remote_free);

  if (!smartca_certificate_get_business_enabled (certificate))
    {
      smartca_personal_sign_digest_async (client, certificate, digest, description, progress,
                                          progress_data, cancellable, personal_cb,
                                          g_steal_pointer (&task));
      return;
    }

  smartca_business_load_async (vault, certificate, cancellable, load_cb, g_steal_pointer (&task));
}

/**
 * smartca_remote_sign_finish:
 * @transaction_id: (out) (optional) (transfer full): SmartCA's transaction
 *   id (the business flow's may be %NULL); on error, the phone flow's once
 *   SmartCA took the request, else %NULL
 *
 * Returns: (transfer full): the PKCS#1 v1.5 signature of the digest,
 *   verified with the certificate's public key; or %NULL with @error set
 */
GBytes *
smartca_remote_sign_finish (GAsyncResult *result,
                            char        **transaction_id,
                            GError      **error)
{
  Remote *remote;
  GBytes *signature;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == smartca_remote_sign_async, NULL);

  remote = g_task_get_task_data (G_TASK (result));
  signature = g_task_propagate_pointer (G_TASK (result), error);
  if (transaction_id != NULL)
    *transaction_id = g_strdup (remote->transaction_id);
  return signature;
}
