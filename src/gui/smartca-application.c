/* smartca-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-application.h"
#include "smartca-accessible.h"
#include "smartca-resources.h"
#include "smartca-preferences-window.h"
#include "smartca-window.h"

#include <glib/gi18n.h>

struct _SmartcaApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  SmartcaContext *context;
  SmartcaStore *opened_store;
  GError *store_error;
  gboolean store_ready;
  char *service_url;
  gboolean bench_first_frame;
};

G_DEFINE_FINAL_TYPE (SmartcaApplication, smartca_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (SmartcaApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT,
    ADW_COLOR_SCHEME_FORCE_LIGHT,
    ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint style = g_settings_get_enum (self->settings, "style");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (style, G_N_ELEMENTS (schemes) - 1)]);
}

static void
style_changed_cb (SmartcaApplication *self)
{
  apply_color_scheme (self);
}

/* Actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SmartcaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *preferences = smartca_preferences_window_new (parent,
                                                           smartca_application_get_context (self));

  gtk_window_present (preferences);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "SmartCA Certificates developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("SmartCA Certificates"),
                        "developer-name", _("SmartCA Certificates developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Manage your VNPT SmartCA remote-signing certificates"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name(s), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
};

/* Bench hook: report the first frame, then quit (see tests/bench). */

static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GtkWindow *window = user_data;
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, user_data);
  g_print ("first-frame-monotonic-us %" G_GINT64_FORMAT "\n", now);
  gtk_window_destroy (window);
}

static void
window_mapped_cb (GtkWidget *widget,
                  gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect_after (clock, "after-paint", G_CALLBACK (first_frame_cb), widget);
}

/* GApplication */

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SmartcaApplication) self = user_data;

  self->opened_store = smartca_store_new_finish (result, &self->store_error);
  self->store_ready = TRUE;
}

static void
smartca_application_startup (GApplication *application)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);
  g_autofree char *path = smartca_store_dup_default_path ();

  /* Read the certificates on another core while GTK and libadwaita start:
   * with thousands of them, that is most of what the app adds to start-up. */
  smartca_store_new_async (path, NULL, store_opened_cb, g_object_ref (self));
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *add_accels[] = { "<Control>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *refresh_accels[] = { "F5", "<Control>r", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *undo_accels[] = { "<Control>z", NULL };

  G_APPLICATION_CLASS (smartca_application_parent_class)->startup (application);
  smartca_accessible_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.undo", undo_accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::style",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
smartca_application_activate (GApplication *application)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (smartca_window_new (self));
      if (self->bench_first_frame)
        g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
    }

  gtk_window_present (window);
}

static int
smartca_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", APP_ID, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "service-url", "s", &self->service_url))
    {
      g_autoptr(GError) error = NULL;

      if (!smartca_client_check_url (self->service_url, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  if (g_variant_dict_contains (options, "bench-first-frame"))
    {
      /* A benchmark run must not hand over to an instance already running. */
      self->bench_first_frame = TRUE;
      g_application_set_flags (application,
                               g_application_get_flags (application) |
                               G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (smartca_application_parent_class)
           ->handle_local_options (application, options);
}

static void
smartca_application_dispose (GObject *object)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->opened_store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->service_url, g_free);

  G_OBJECT_CLASS (smartca_application_parent_class)->dispose (object);
}

static void
smartca_application_class_init (SmartcaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = smartca_application_dispose;
  app_class->startup = smartca_application_startup;
  app_class->activate = smartca_application_activate;
  app_class->handle_local_options = smartca_application_handle_local_options;

  smartca_register_resource ();
}

static void
smartca_application_init (SmartcaApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { "service-url", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use this SmartCA SP769 address for this session (https, or http to this computer)"),
      N_("URL") },
    { "bench-first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
      "Print the time of the first frame drawn and quit (for benchmarks)", NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

/* Public API */

SmartcaApplication *
smartca_application_new (void)
{
  return g_object_new (SMARTCA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/com/example/SmartCACerts",
                       NULL);
}

/**
 * smartca_application_get_context:
 *
 * Opens the certificate store and sets up the SmartCA client on first use.
 * When the store cannot be opened, the context carries the reason and the
 * window shows it.
 *
 * Returns: (transfer none): the context
 */
SmartcaContext *
smartca_application_get_context (SmartcaApplication *self)
{
  g_return_val_if_fail (SMARTCA_IS_APPLICATION (self), NULL);

  if (self->context == NULL)
    {
      /* Started in startup(); usually done by now. */
      while (!self->store_ready)
        g_main_context_iteration (NULL, TRUE);

      if (self->opened_store == NULL)
        g_debug ("Could not open the store: %s", self->store_error->message);
      self->context = smartca_context_new (self->opened_store, self->store_error, self->settings);
      g_clear_object (&self->opened_store);
      if (self->service_url != NULL)
        smartca_context_set_url_override (self->context, self->service_url);
    }
  return self->context;
}
