/* smartca-context.c: the store, the SmartCA client and the vault, together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one object the GUI is handed. It decides where SmartCA is and who we
 * are to it, and runs the flows that cross the client and the store: an
 * answer is fetched and checked in full before the store is touched, and
 * then written in one transaction.
 *
 * Where SmartCA is: a URL override (command line, or SMARTCA_BASE_URL) wins
 * over the Preferences (production, test or custom URL). Who we are:
 * SMARTCA_SP_ID / SMARTCA_SP_PASSWORD win over Preferences' SP ID and the
 * password kept in the keyring; they are never written anywhere.
 */

#include "config.h"

#include "smartca-context.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _SmartcaContext
{
  GObject parent_instance;

  SmartcaStore *store;
  GError *store_error;
  SmartcaClient *client;
  SmartcaVault *vault;
  GSettings *settings;

  char *url_override;
  char *env_sp_id;
  char *env_sp_password;
  gboolean credentials_loaded;
};

G_DEFINE_FINAL_TYPE (SmartcaContext, smartca_context, G_TYPE_OBJECT)

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

static void
settings_changed_cb (SmartcaContext *self)
{
  smartca_context_forget_credentials (self);
}

/* GObject */

static void
smartca_context_finalize (GObject *object)
{
  SmartcaContext *self = SMARTCA_CONTEXT (object);

  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_object (&self->client);
  g_clear_object (&self->vault);
  g_clear_object (&self->settings);
  g_free (self->url_override);
  g_free (self->env_sp_id);
  smartca_secret_wipe (&self->env_sp_password);

  G_OBJECT_CLASS (smartca_context_parent_class)->finalize (object);
}

static void
smartca_context_class_init (SmartcaContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smartca_context_finalize;
}

static void
smartca_context_init (SmartcaContext *self)
{
  self->client = smartca_client_new ();
  self->vault = smartca_vault_new ();
  self->url_override = dup_env ("SMARTCA_BASE_URL");
  self->env_sp_id = dup_env ("SMARTCA_SP_ID");
  self->env_sp_password = dup_env ("SMARTCA_SP_PASSWORD");
}

/* Public API */

/**
 * smartca_context_new:
 * @store: (nullable): the opened store, or %NULL when it could not be opened
 * @store_error: (nullable): why it could not
 * @settings: (nullable): the app's settings; %NULL uses only the overrides
 */
SmartcaContext *
smartca_context_new (SmartcaStore *store,
                     const GError *store_error,
                     GSettings    *settings)
{
  SmartcaContext *self = g_object_new (SMARTCA_TYPE_CONTEXT, NULL);

  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->store_error = store_error != NULL ? g_error_copy (store_error) : NULL;
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  return self;
}

SmartcaStore *
smartca_context_get_store (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);
  return self->store;
}

const GError *
smartca_context_get_store_error (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);
  return self->store_error;
}

SmartcaClient *
smartca_context_get_client (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);
  return self->client;
}

SmartcaVault *
smartca_context_get_vault (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);
  return self->vault;
}

GSettings *
smartca_context_get_settings (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);
  return self->settings;
}

void
smartca_context_set_url_override (SmartcaContext *self,
                                  const char     *url)
{
  g_return_if_fail (SMARTCA_IS_CONTEXT (self));

  g_free (self->url_override);
  self->url_override = url != NULL && url[0] != '\0' ? g_strdup (url) : NULL;
  smartca_context_forget_credentials (self);
}

const char *
smartca_context_get_url_override (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);
  return self->url_override;
}

/**
 * smartca_context_get_sp_from_environment:
 *
 * Whether SMARTCA_SP_ID and SMARTCA_SP_PASSWORD decide who we are to
 * SmartCA, so that Preferences can say so instead of offering to edit them.
 */
gboolean
smartca_context_get_sp_from_environment (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), FALSE);
  return self->env_sp_id != NULL && self->env_sp_password != NULL;
}

/**
 * smartca_context_dup_service_url:
 *
 * Returns: (transfer full) (nullable): the SmartCA base URL in force
 */
char *
smartca_context_dup_service_url (SmartcaContext  *self,
                                 GError         **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);

  if (self->url_override != NULL)
    url = g_strdup (self->url_override);
  else if (self->settings == NULL)
    url = g_strdup (SMARTCA_PRODUCTION_URL);
  else
    switch (g_settings_get_enum (self->settings, "service"))
      {
      case SMARTCA_SERVICE_TEST:
        url = g_strdup (SMARTCA_TEST_URL);
        break;
      case SMARTCA_SERVICE_CUSTOM:
        url = g_settings_get_string (self->settings, "custom-url");
        break;
      case SMARTCA_SERVICE_PRODUCTION:
      default:
        url = g_strdup (SMARTCA_PRODUCTION_URL);
        break;
      }

  if (!smartca_client_check_url (url, error))
    return NULL;
  return g_steal_pointer (&url);
}

/**
 * smartca_context_dup_sp_id:
 *
 * Returns: (transfer full) (nullable): the service provider ID in force
 */
char *
smartca_context_dup_sp_id (SmartcaContext *self)
{
  g_autofree char *sp_id = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), NULL);

  if (self->env_sp_id != NULL)
    return g_strdup (self->env_sp_id);
  if (self->settings == NULL)
    return NULL;
  sp_id = g_strstrip (g_settings_get_string (self->settings, "sp-id"));
  return sp_id[0] != '\0' ? g_steal_pointer (&sp_id) : NULL;
}

/**
 * smartca_context_forget_credentials:
 *
 * Makes the next request read the service settings and the keyring again
 * (after Preferences changed them).
 */
void
smartca_context_forget_credentials (SmartcaContext *self)
{
  g_return_if_fail (SMARTCA_IS_CONTEXT (self));

  self->credentials_loaded = FALSE;
  smartca_client_set_credentials (self->client, NULL, NULL);
}

/* Configuring the client before a request */

static void
password_looked_up_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SmartcaContext *self = g_task_get_source_object (task);
  const char *sp_id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password = smartca_vault_lookup_finish (SMARTCA_VAULT (source), result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (password == NULL)
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                               _("The password of service provider %s is not set. Enter it in "
                                 "Preferences."),
                               sp_id);
      return;
    }

  smartca_client_set_credentials (self->client, sp_id, password);
  smartca_vault_free_secret (password);
  self->credentials_loaded = TRUE;
  g_task_return_boolean (task, TRUE);
}

static void
configure_async (SmartcaContext      *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  char *sp_id;

  g_task_set_source_tag (task, configure_async);

  url = smartca_context_dup_service_url (self, &error);
  if (url == NULL || !smartca_client_set_base_url (self->client, url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->credentials_loaded && smartca_client_is_configured (self->client))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  sp_id = smartca_context_dup_sp_id (self);
  if (sp_id == NULL)
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                               _("The SmartCA service is not set up. Enter the service provider "
                                 "ID and password in Preferences."));
      return;
    }
  g_task_set_task_data (task, sp_id, g_free);

  if (self->env_sp_password != NULL)
    {
      smartca_client_set_credentials (self->client, sp_id, self->env_sp_password);
      self->credentials_loaded = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  smartca_vault_lookup_async (self->vault, SMARTCA_SECRET_SP_PASSWORD, sp_id, cancellable,
                              password_looked_up_cb, g_steal_pointer (&task));
}

static gboolean
configure_finish (SmartcaContext  *self,
                  GAsyncResult    *result,
                  GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_store (SmartcaContext  *self,
             GError         **error)
{
  if (self->store != NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->store_error));
  return FALSE;
}

/* Add */

typedef struct
{
  char *user_id;
  char *serial;
  guint n_added;
  guint n_updated;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->user_id);
  g_free (data->serial);
  g_free (data);
}

static void
add_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SmartcaContext *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certificates = NULL;

  certificates = smartca_client_get_certificates_finish (SMARTCA_CLIENT (source), result, &error);
  if (certificates == NULL ||
      !smartca_store_upsert (self->store, certificates, &data->n_added, &data->n_updated, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
add_configured_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SmartcaContext *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!configure_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  smartca_client_get_certificates_async (self->client, data->user_id, data->serial, cancellable,
                                         add_fetched_cb, g_steal_pointer (&task));
}

/**
 * smartca_context_add_async:
 * @user_id: a checked ID/Tax number (smartca_id_number_check())
 * @serial_number: (nullable): only this certificate (manual case 1); %NULL
 *   for every certificate of @user_id (case 2)
 *
 * Adds certificates from SmartCA, or updates the ones already stored.
 */
void
smartca_context_add_async (SmartcaContext      *self,
                           const char          *user_id,
                           const char          *serial_number,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  AddData *data;

  g_return_if_fail (SMARTCA_IS_CONTEXT (self));
  g_return_if_fail (user_id != NULL);

  g_task_set_source_tag (task, smartca_context_add_async);

  if (!check_store (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (AddData, 1);
  data->user_id = g_strdup (user_id);
  data->serial = serial_number != NULL && serial_number[0] != '\0' ? g_strdup (serial_number)
                                                                   : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  configure_async (self, cancellable, add_configured_cb, g_steal_pointer (&task));
}

gboolean
smartca_context_add_finish (SmartcaContext  *self,
                            GAsyncResult    *result,
                            guint           *n_added,
                            guint           *n_updated,
                            GError         **error)
{
  AddData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (n_added != NULL)
    *n_added = data->n_added;
  if (n_updated != NULL)
    *n_updated = data->n_updated;
  return TRUE;
}

/* Refresh */

typedef struct
{
  char **ids;
  guint next;
  GPtrArray *fresh;
  guint n_updated;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_strfreev (data->ids);
  g_ptr_array_unref (data->fresh);
  g_free (data);
}

static void refresh_next (GTask *task);

static void
refresh_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certificates = NULL;

  certificates = smartca_client_get_certificates_finish (SMARTCA_CLIENT (source), result, &error);
  if (certificates == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_ptr_array_extend_and_steal (data->fresh, g_steal_pointer (&certificates));
  refresh_next (task);
}

static void
refresh_next (GTask *task)
{
  SmartcaContext *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GError) error = NULL;

  if (data->ids[data->next] != NULL)
    {
      smartca_client_get_certificates_async (self->client, data->ids[data->next++], NULL,
                                             g_task_get_cancellable (task), refresh_fetched_cb,
                                             task);
      return;
    }

  /* Every answer is in and valid: update what is stored, in one go. A
   * certificate the user removed is not brought back. */
  known = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < data->fresh->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (data->fresh, i);

      if (smartca_store_lookup (self->store, smartca_certificate_get_serial_number (certificate)))
        g_ptr_array_add (known, g_object_ref (certificate));
    }

  if (!smartca_store_upsert (self->store, known, NULL, &data->n_updated, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
refresh_configured_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!configure_finish (SMARTCA_CONTEXT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  refresh_next (task);
}

/**
 * smartca_context_refresh_async:
 *
 * Asks SmartCA again about every stored ID/Tax number and updates the
 * stored certificates' status and validity. Unless every answer is valid,
 * nothing is changed.
 */
void
smartca_context_refresh_async (SmartcaContext      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  RefreshData *data;

  g_return_if_fail (SMARTCA_IS_CONTEXT (self));

  g_task_set_source_tag (task, smartca_context_refresh_async);

  if (!check_store (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (RefreshData, 1);
  data->ids = smartca_store_dup_lookup_ids (self->store);
  data->fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  configure_async (self, cancellable, refresh_configured_cb, g_steal_pointer (&task));
}

gboolean
smartca_context_refresh_finish (SmartcaContext  *self,
                                GAsyncResult    *result,
                                guint           *n_updated,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_updated != NULL)
    *n_updated = ((RefreshData *) g_task_get_task_data (G_TASK (result)))->n_updated;
  return TRUE;
}

/* Delete: the vault forgets first, then the store. */

static void
delete_step (GTask *task);

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!smartca_vault_clear_finish (SMARTCA_VAULT (source), result, &error))
    {
      /* A secret that cannot be removed must not be orphaned: keep all. */
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  delete_step (task);
}

static void
delete_step (GTask *task)
{
  static const SmartcaSecretKind kinds[] = {
    SMARTCA_SECRET_BUSINESS_PASSWORD,
    SMARTCA_SECRET_BUSINESS_KEY,
  };
  SmartcaContext *self = g_task_get_source_object (task);
  SmartcaCertificate *certificate = g_task_get_task_data (task);
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "step"));
  g_autoptr(GError) error = NULL;

  if (step < G_N_ELEMENTS (kinds))
    {
      g_object_set_data (G_OBJECT (task), "step", GUINT_TO_POINTER (step + 1));
      smartca_vault_clear_async (self->vault, kinds[step],
                                 smartca_certificate_get_serial_number (certificate),
                                 g_task_get_cancellable (task), secret_cleared_cb, task);
      return;
    }

  if (!smartca_store_remove (self->store, certificate, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/**
 * smartca_context_delete_async:
 *
 * Forgets @certificate: first whatever the keyring holds for it (business
 * password and secret key), then the certificate itself. If the keyring
 * cannot be cleared, nothing is removed.
 */
void
smartca_context_delete_async (SmartcaContext      *self,
                              SmartcaCertificate  *certificate,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SMARTCA_IS_CONTEXT (self));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_context_delete_async);
  g_task_set_task_data (task, g_object_ref (certificate), g_object_unref);

  if (!check_store (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  delete_step (task);
}

gboolean
smartca_context_delete_finish (SmartcaContext  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
