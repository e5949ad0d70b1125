/* smartca-vault.c: every secret, in the desktop keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only place secrets are kept. Attributes name what a secret is for and
 * never hold the secret (attributes are not encrypted); secrets are wiped
 * from memory when freed. Inside Flatpak, libsecret goes through the Secret
 * portal.
 */

#include "config.h"

#include "smartca-vault.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

struct _SmartcaVault
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SmartcaVault, smartca_vault, G_TYPE_OBJECT)

G_DEFINE_QUARK (smartca-vault-error-quark, smartca_vault_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID,
    SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static const char *
kind_name (SmartcaSecretKind kind)
{
  switch (kind)
    {
    case SMARTCA_SECRET_SP_PASSWORD:
      return "sp-password";
    case SMARTCA_SECRET_BUSINESS_PASSWORD:
      return "business-password";
    case SMARTCA_SECRET_BUSINESS_KEY:
      return "business-secret-key";
    default:
      g_return_val_if_reached ("unknown");
    }
}

static char *
label_for (SmartcaSecretKind kind,
           const char       *account)
{
  switch (kind)
    {
    case SMARTCA_SECRET_SP_PASSWORD:
      return g_strdup_printf (_("SmartCA service provider password for %s"), account);
    case SMARTCA_SECRET_BUSINESS_PASSWORD:
      return g_strdup_printf (_("SmartCA business account password for certificate %s"),
                              account);
    case SMARTCA_SECRET_BUSINESS_KEY:
    default:
      return g_strdup_printf (_("SmartCA business secret key for certificate %s"), account);
    }
}

static GError *
unavailable (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  return g_error_new (SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE,
                      _("The keyring could not be used, so nothing secret was read or saved. "
                        "Make sure a keyring service (such as GNOME Keyring) is running and "
                        "unlocked. (%s)"),
                      error->message);
}

static void
smartca_vault_class_init (SmartcaVaultClass *klass)
{
}

static void
smartca_vault_init (SmartcaVault *self)
{
}

SmartcaVault *
smartca_vault_new (void)
{
  return g_object_new (SMARTCA_TYPE_VAULT, NULL);
}

/* Store */

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, unavailable (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * smartca_vault_store_async:
 * @account: what the secret belongs to: an SP ID or a serial number
 * @secret: the secret; the caller wipes its own copy
 */
void
smartca_vault_store_async (SmartcaVault       *self,
                           SmartcaSecretKind   kind,
                           const char         *account,
                           const char         *secret,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask           *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *label = label_for (kind, account);

  g_task_set_source_tag (task, smartca_vault_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         store_cb, task,
                         "kind", kind_name (kind),
                         "account", account,
                         NULL);
}

gboolean
smartca_vault_store_finish (SmartcaVault *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static GHashTable *
attributes_for (SmartcaSecretKind kind,
                const char       *account)
{
  return secret_attributes_build (get_schema (), "kind", kind_name (kind), "account", account,
                                  NULL);
}

static void
locked_search_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask)    task = user_data;
  g_autoptr(GError)   error = NULL;
  g_autolist(GObject) items = secret_password_search_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, unavailable (error));
  else if (items != NULL)
    /* Stored, but still locked (its unlock prompt was dismissed): the
     * secret could not be read, which is not "nothing stored". */
    g_task_return_new_error (task, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE,
                             _("The keyring is locked, so the secret kept there could not be "
                               "read. Unlock the keyring and try again."));
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  g_autoptr(GError) error = NULL;
  char             *secret = secret_password_lookup_finish (result, &error);
  GCancellable     *cancellable = g_task_get_cancellable (task);
  GHashTable       *attributes = g_task_get_task_data (task);

  if (error != NULL)
    g_task_return_error (task, unavailable (error));
  else if (secret != NULL)
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
  else
    /* libsecret answers NULL both when nothing is stored and when the
     * item's collection stayed locked: a search that unlocks nothing
     * tells them apart. */
    secret_password_searchv (get_schema (), attributes, SECRET_SEARCH_ALL,
                             cancellable, locked_search_cb,
                             g_steal_pointer (&task));
}

void
smartca_vault_lookup_async (SmartcaVault       *self,
                            SmartcaSecretKind   kind,
                            const char         *account,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask      *task = g_task_new (self, cancellable, callback, user_data);
  GHashTable *attributes = attributes_for (kind, account);

  g_task_set_source_tag (task, smartca_vault_lookup_async);
  g_task_set_task_data (task, attributes, (GDestroyNotify) g_hash_table_unref);
  secret_password_lookupv (get_schema (), attributes, cancellable, lookup_cb, task);
}

/**
 * smartca_vault_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with
 *   smartca_vault_free_secret(); %NULL with no error when none is stored
 */
char *
smartca_vault_lookup_finish (SmartcaVault *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, unavailable (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
smartca_vault_clear_async (SmartcaVault       *self,
                           SmartcaSecretKind   kind,
                           const char         *account,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, smartca_vault_clear_async);
  secret_password_clear (get_schema (), cancellable, clear_cb, task,
                         "kind", kind_name (kind),
                         "account", account,
                         NULL);
}

gboolean
smartca_vault_clear_finish (SmartcaVault *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * smartca_vault_free_secret:
 *
 * Wipes @secret from memory and frees it.
 */
void
smartca_vault_free_secret (char *secret)
{
  secret_password_free (secret);
}

/**
 * smartca_secret_wipe:
 * @secret: (inout) (nullable): a secret string held anywhere in the app
 *
 * Overwrites the string, frees it and sets *@secret to %NULL.
 */
void
smartca_secret_wipe (char **secret)
{
  if (*secret == NULL)
    return;
  explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

/**
 * smartca_secret_free:
 *
 * A #GDestroyNotify that wipes and frees a secret string.
 */
void
smartca_secret_free (gpointer secret)
{
  char *text = secret;

  smartca_secret_wipe (&text);
}
