/* smartca-context.c: the store, the SmartCA client and the vault, together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one object the GUI is handed. It owns the store (and opens it, off
 * the main thread), the client and the vault, and decides where SmartCA is
 * and who we are to it. The flows that use them — look-up and refresh
 * (smartca-lookup.c), deletion (smartca-deletion.c) — are objects of their
 * own, made from a context.
 *
 * Where SmartCA is: a URL override (command line, or SMARTCA_BASE_URL) wins
 * over the Preferences (production, test or custom URL). Who we are:
 * SMARTCA_SP_ID and SMARTCA_SP_PASSWORD, when both are set, win over
 * Preferences' SP ID and the password kept in the keyring; they are never
 * written anywhere. One without the other is ignored, with a warning.
 */

#include "config.h"

#include "smartca-context.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _SmartcaContext
{
  GObject parent_instance;

  SmartcaStore  *store;
  GError        *store_error;
  SmartcaClient *client;
  SmartcaVault  *vault;
  GSettings     *settings;

  char    *url_override;
  char    *env_sp_id;
  char    *env_sp_password;
  gboolean credentials_loaded;
  gboolean loading;
};

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaContext, smartca_context, G_TYPE_OBJECT)

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

/* The SP ID and its password from the environment go together: one without
 * the other would mix an SP ID with another SP's password. */
static void
read_environment_credentials (SmartcaContext *self)
{
  g_autofree char *sp_id = dup_env ("SMARTCA_SP_ID");
  char            *password = dup_env ("SMARTCA_SP_PASSWORD");

  if ((sp_id == NULL) != (password == NULL))
    {
      g_printerr (_("Warning: %s is set but %s is not; both are ignored. Set both to use "
                    "them, or neither to use Preferences."),
                  sp_id != NULL ? "SMARTCA_SP_ID" : "SMARTCA_SP_PASSWORD",
                  sp_id != NULL ? "SMARTCA_SP_PASSWORD" : "SMARTCA_SP_ID");
      g_printerr ("\n");
      smartca_secret_wipe (&password);
      return;
    }

  self->env_sp_id = g_steal_pointer (&sp_id);
  self->env_sp_password = password;
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
smartca_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SmartcaContext *self = SMARTCA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_context_class_init (SmartcaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = smartca_context_finalize;
  object_class->get_property = smartca_context_get_property;

  /**
   * SmartcaContext:loading:
   *
   * Whether the store is being opened (smartca_context_load_store_async());
   * when it turns %FALSE, the store or the reason it could not be opened is
   * there.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_context_init (SmartcaContext *self)
{
  self->client = smartca_client_new ();
  self->vault = smartca_vault_new ();
  self->url_override = dup_env ("SMARTCA_BASE_URL");
  read_environment_credentials (self);
}

/* Public API */

/**
 * smartca_context_new:
 * @store: (nullable): the opened store, or %NULL when it could not be opened
 *   or is yet to be opened (smartca_context_load_store_async())
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
smartca_context_dup_service_url (SmartcaContext *self,
                                 GError        **error)
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

/* Opening the store */

/**
 * smartca_context_get_loading:
 *
 * Returns: whether the store is still being opened
 */
gboolean
smartca_context_get_loading (SmartcaContext *self)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), FALSE);
  return self->loading;
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  SmartcaContext   *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->store = smartca_store_new_finish (result, &error);
  if (self->store == NULL)
    {
      g_debug ("Could not open the store: %s", error->message);
      self->store_error = g_error_copy (error);
    }
  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * smartca_context_load_store_async:
 * @path: the database file (smartca_store_dup_default_path())
 *
 * Opens the store on a worker thread, for a context made without one; the
 * main loop goes on meanwhile (a window shows that it is loading). When
 * done, #SmartcaContext:loading turns %FALSE and the store, or the reason
 * it could not be opened, is there.
 */
void
smartca_context_load_store_async (SmartcaContext     *self,
                                  const char         *path,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SMARTCA_IS_CONTEXT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->store == NULL && self->store_error == NULL && !self->loading);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_context_load_store_async);

  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  smartca_store_new_async (path, cancellable, store_opened_cb, g_steal_pointer (&task));
}

gboolean
smartca_context_load_store_finish (SmartcaContext *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * smartca_context_check_store:
 *
 * Returns: %TRUE when the store is open; otherwise %FALSE with the reason
 */
gboolean
smartca_context_check_store (SmartcaContext *self,
                             GError        **error)
{
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (self), FALSE);

  if (self->store != NULL)
    return TRUE;
  if (self->store_error != NULL)
    g_propagate_error (error, g_error_copy (self->store_error));
  else
    g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN,
                 _("The certificate list is still being read. Try again in a moment."));
  return FALSE;
}

/* Configuring the client before a request */

static void
password_looked_up_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  SmartcaContext   *self = g_task_get_source_object (task);
  const char       *sp_id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char             *password = smartca_vault_lookup_finish (SMARTCA_VAULT (source), result, &error);

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
  g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
}

/**
 * smartca_context_prepare_client_async:
 *
 * Points the client at the service in force and gives it the credentials
 * in force (reading the keyring when they changed), for a flow that is
 * about to call SmartCA.
 */
void
smartca_context_prepare_client_async (SmartcaContext     *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask)  task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char  *url = NULL;
  char             *sp_id;

  g_return_if_fail (SMARTCA_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_context_prepare_client_async);

  url = smartca_context_dup_service_url (self, &error);
  if (url == NULL || !smartca_client_set_base_url (self->client, url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->credentials_loaded && smartca_client_is_configured (self->client))
    {
      g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
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
      g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
      return;
    }

  smartca_vault_lookup_async (self->vault, SMARTCA_SECRET_SP_PASSWORD, sp_id, cancellable,
                              password_looked_up_cb, g_steal_pointer (&task));
}

/**
 * smartca_context_prepare_client_finish:
 *
 * Returns: (transfer full) (nullable): the client, ready to call SmartCA
 */
SmartcaClient *
smartca_context_prepare_client_finish (SmartcaContext *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
