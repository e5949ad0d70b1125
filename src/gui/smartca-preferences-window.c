/* smartca-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-preferences-window.h"
#include "smartca-window.h"

#include <glib/gi18n.h>

/* A password waiting for the keyring. Saves run one after the other, in the
 * order they were asked for, and nothing cancels them: not a new look-up of
 * the status, not closing Preferences. */
typedef struct
{
  char *sp_id;
  char *password;
} PasswordSave;

struct _SmartcaPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;
  SmartcaContext *context;
  GCancellable   *status_cancellable; /* the status look-up only */
  GQueue          password_saves;     /* PasswordSave, the head being written */
  GtkWindow      *parent;             /* weak: where failures go once this is closed */
  GApplication   *held;               /* kept running while saves are pending */
  gboolean        disposed;

  AdwComboRow *style_row;
  AdwComboRow *service_row;
  AdwEntryRow *custom_url_row;
  AdwEntryRow *sp_id_row;
  AdwEntryRow *sp_password_row;
  GtkLabel    *service_status_label;
};

G_DEFINE_FINAL_TYPE (SmartcaPreferencesWindow, smartca_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Enum keys shown in combo rows: the row's position is the nick's index in
 * the NULL-terminated array passed as user data. */
static const char *const style_nicks[] = { "default", "light", "dark", NULL };
static const char *const service_nicks[] = { "production", "test", "custom", NULL };

static gboolean
nick_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *const *nicks = user_data;
  const char        *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nick, nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char *const *nicks = user_data;
  guint              position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[position]);
}

/* A toast's title is markup: @message (which may quote the address the
 * user typed) is shown as it is written. */
static void
password_save_free (PasswordSave *save)
{
  g_free (save->sp_id);
  smartca_secret_wipe (&save->password);
  g_free (save);
}

/* What was saved, or why not, is said in the status line under the service
 * rows rather than in toasts: a toast takes the first Escape for itself
 * (AdwToastOverlay dismisses it), and a keyboard user would find Escape no
 * longer closing Preferences. */
static void
show_status (SmartcaPreferencesWindow *self,
             const char               *text,
             gboolean                  is_error)
{
  gtk_label_set_label (self->service_status_label, text);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->service_status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->service_status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->service_status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->service_status_label), "dim-label");
    }
}

/* A failure after Preferences was closed is told in the window below. */
static void
show_error (SmartcaPreferencesWindow *self,
            const char               *message)
{
  if (!self->disposed && gtk_widget_get_visible (GTK_WIDGET (self)))
    show_status (self, message, TRUE);
  else if (self->parent != NULL && SMARTCA_IS_WINDOW (self->parent))
    smartca_window_add_toast (SMARTCA_WINDOW (self->parent), message);
}

/* Empties an entry row without leaving its apply button over the empty
 * field: AdwEntryRow counts any change made while it has the focus as an
 * edit to apply, unless it shows no apply button at that moment. */
static void
clear_entry_row (AdwEntryRow *row)
{
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
password_known_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SmartcaPreferencesWindow) self = user_data;
  g_autoptr(GError)                   error = NULL;
  char                               *password = smartca_vault_lookup_finish (SMARTCA_VAULT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    show_status (self, error->message, TRUE);
  else if (password != NULL)
    show_status (self, _("A password for this service provider is saved in your keyring."), FALSE);
  else if (!g_queue_is_empty (&self->password_saves))
    show_status (self, _("Saving the password in your keyring…"), FALSE);
  else
    show_status (self, _("No password is saved for this service provider yet."), FALSE);
  if (password != NULL)
    smartca_vault_free_secret (password);
}

/* Says what is in force: overrides for this session, or the keyring. */
static void
update_service_status (SmartcaPreferencesWindow *self)
{
  g_autofree char *sp_id = NULL;
  const char      *override = smartca_context_get_url_override (self->context);
  gboolean         custom = adw_combo_row_get_selected (self->service_row) == 2;
  gboolean         from_env = smartca_context_get_sp_from_environment (self->context);

  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row), custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_row), override == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_url_row), override == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sp_id_row), !from_env);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sp_password_row), !from_env);

  if (override != NULL || from_env)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      if (override != NULL)
        g_string_append_printf (text, _("For this session SmartCA is reached at %s, as started "
                                        "with --service-url or SMARTCA_BASE_URL."),
                                override);
      if (from_env)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                _("The service provider account comes from SMARTCA_SP_ID and "
                                  "SMARTCA_SP_PASSWORD for this session; nothing here is used "
                                  "or saved."));
      show_status (self, text->str, FALSE);
      return;
    }

  sp_id = smartca_context_dup_sp_id (self->context);
  if (sp_id == NULL)
    {
      show_status (self,
                   _("Enter the service provider ID and password VNPT gave you, then "
                     "press Enter or the check mark to save each."),
                   FALSE);
      return;
    }

  /* Only an older look-up of the status is cancelled, never a save. */
  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);
  self->status_cancellable = g_cancellable_new ();
  smartca_vault_lookup_async (smartca_context_get_vault (self->context),
                              SMARTCA_SECRET_SP_PASSWORD, sp_id, self->status_cancellable,
                              password_known_cb, g_object_ref (self));
}

static void
custom_url_apply_cb (SmartcaPreferencesWindow *self)
{
  g_autofree char  *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row))));
  g_autoptr(GError) error = NULL;

  if (!smartca_client_check_url (url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->custom_url_row), "error");
      show_status (self, error->message, TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->custom_url_row), "error");
  g_settings_set_string (self->settings, "custom-url", url);
  update_service_status (self);
}

static void
sp_id_apply_cb (SmartcaPreferencesWindow *self)
{
  g_autofree char *sp_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sp_id_row))));

  g_settings_set_string (self->settings, "sp-id", sp_id);
  update_service_status (self);
}

static void save_next_password (SmartcaPreferencesWindow *self);

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SmartcaPreferencesWindow) self = user_data;
  g_autoptr(GError)                   error = NULL;
  PasswordSave                       *save = g_queue_pop_head (&self->password_saves);

  if (!smartca_vault_store_finish (SMARTCA_VAULT (source), result, &error))
    {
      g_autofree char *message =
        /* Translators: %s says why */
        g_strdup_printf (_("The password could not be saved in your keyring. %s"),
                         error->message);

      show_error (self, message);
    }
  else if (self->disposed)
    smartca_context_forget_credentials (self->context);
  else
    {
      smartca_context_forget_credentials (self->context);
      /* Unless the user typed something else meanwhile */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->sp_password_row)),
                     save->password) == 0)
        clear_entry_row (self->sp_password_row);
      update_service_status (self);
    }

  password_save_free (save);
  if (g_queue_is_empty (&self->password_saves) && self->held != NULL)
    {
      g_application_release (self->held);
      g_clear_object (&self->held);
    }
  save_next_password (self);
}

static void
save_next_password (SmartcaPreferencesWindow *self)
{
  PasswordSave *save = g_queue_peek_head (&self->password_saves);

  if (save == NULL)
    return;
  smartca_vault_store_async (smartca_context_get_vault (self->context),
                             SMARTCA_SECRET_SP_PASSWORD, save->sp_id, save->password, NULL,
                             password_stored_cb, g_object_ref (self));
}

static void
sp_password_apply_cb (SmartcaPreferencesWindow *self)
{
  g_autofree char *sp_id = smartca_context_dup_sp_id (self->context);
  const char      *password = gtk_editable_get_text (GTK_EDITABLE (self->sp_password_row));
  PasswordSave    *save;
  gboolean         idle;

  if (sp_id == NULL)
    {
      show_status (self, _("Enter the service provider ID first."), TRUE);
      return;
    }
  if (password[0] == '\0')
    return;

  save = g_new0 (PasswordSave, 1);
  save->sp_id = g_steal_pointer (&sp_id);
  save->password = g_strdup (password);
  idle = g_queue_is_empty (&self->password_saves);
  g_queue_push_tail (&self->password_saves, save);
  /* Closing the last window does not end the app before the keyring has it. */
  if (self->held == NULL && g_application_get_default () != NULL)
    {
      self->held = g_object_ref (g_application_get_default ());
      g_application_hold (self->held);
    }
  show_status (self, _("Saving the password in your keyring…"), FALSE);
  if (idle)
    save_next_password (self);
}

static void
service_changed_cb (SmartcaPreferencesWindow *self)
{
  update_service_status (self);
}

static void
smartca_preferences_window_dispose (GObject *object)
{
  SmartcaPreferencesWindow *self = SMARTCA_PREFERENCES_WINDOW (object);

  /* Saves still running hold their own reference and finish. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (smartca_preferences_window_parent_class)->dispose (object);
}

static void
smartca_preferences_window_finalize (GObject *object)
{
  SmartcaPreferencesWindow *self = SMARTCA_PREFERENCES_WINDOW (object);

  g_queue_clear_full (&self->password_saves, (GDestroyNotify) password_save_free);
  g_clear_object (&self->context);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (smartca_preferences_window_parent_class)->finalize (object);
}

static void
smartca_preferences_window_class_init (SmartcaPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_preferences_window_dispose;
  object_class->finalize = smartca_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/example/SmartCACerts/smartca-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow, service_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow, sp_id_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow, sp_password_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow,
                                        service_status_label);
  gtk_widget_class_bind_template_callback (widget_class, custom_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_id_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_password_apply_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
smartca_preferences_window_init (SmartcaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "style", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick, (gpointer) style_nicks, NULL);
}

GtkWindow *
smartca_preferences_window_new (GtkWindow      *parent,
                                SmartcaContext *context)
{
  SmartcaPreferencesWindow *self;
  g_autofree char          *url = NULL;
  g_autofree char          *sp_id = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);

  self = g_object_new (SMARTCA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  g_set_weak_pointer (&self->parent, parent);

  g_settings_bind_with_mapping (self->settings, "service", self->service_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick, (gpointer) service_nicks,
                                NULL);
  url = g_settings_get_string (self->settings, "custom-url");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), url);
  sp_id = g_settings_get_string (self->settings, "sp-id");
  gtk_editable_set_text (GTK_EDITABLE (self->sp_id_row), sp_id);
  g_signal_connect_object (self->service_row, "notify::selected",
                           G_CALLBACK (service_changed_cb), self, G_CONNECT_SWAPPED);
  update_service_status (self);

  return GTK_WINDOW (self);
}
