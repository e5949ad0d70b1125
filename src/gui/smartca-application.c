/* smartca-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-application.h"
#include "smartca-accessible.h"
#include "smartca-deletion.h"
#include "smartca-resources.h"
#include "smartca-sign-cli.h"
#include "smartca-preferences-window.h"
#include "smartca-window.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

/* How long a quit waits for the keyring to forget deleted certificates;
 * what it did not forget by then is cleared at the next start. */
#define QUIT_DEADLINE_SECONDS 10

struct _SmartcaApplication
{
  AdwApplication parent_instance;

  GSettings      *settings;
  SmartcaContext *context;
  char           *service_url;
  gboolean        bench_first_frame;
  gboolean        quitting;
  guint           quit_deadline_id;
  guint           sigterm_id;
  guint           sigint_id;
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

/* Quitting: nothing the user did is lost */

static gboolean
quit_deadline_cb (gpointer user_data)
{
  SmartcaApplication *self = user_data;

  self->quit_deadline_id = 0;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/* Every window commits the deletions that wait for their Undo (the store
 * at once) and goes away now. The app runs on, held, only until the keyring
 * has forgotten those certificates too, and not longer than the deadline.
 * Asked a second time, it quits at once. */
static void
quit_gracefully (SmartcaApplication *self)
{
  GList *windows;

  if (self->quitting)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }
  self->quitting = TRUE;
  self->quit_deadline_id = g_timeout_add_seconds (QUIT_DEADLINE_SECONDS, quit_deadline_cb, self);

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  g_list_foreach (windows, (GFunc) (void (*) (void)) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    if (SMARTCA_IS_WINDOW (l->data))
      gtk_window_close (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (windows, g_object_unref);
}

static gboolean
quit_signal_cb (gpointer user_data)
{
  quit_gracefully (SMARTCA_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

/* The session is ending: what waits for Undo is committed now, while the
 * windows stay until the session manager says to go. */
static void
query_end_cb (SmartcaApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SMARTCA_IS_WINDOW (l->data))
      smartca_window_commit_all_deletes (l->data);
}

/* Actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  quit_gracefully (SMARTCA_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SmartcaApplication *self = user_data;
  GtkWindow          *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow          *preferences = smartca_preferences_window_new (parent,
                                                                    smartca_application_get_context (self));

  gtk_window_present (preferences);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication    *app = user_data;
  static const char *developers[] = { "SmartCA Certificates developers", NULL };
  GtkWidget         *about;

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
  gint64     now = g_get_monotonic_time ();

  /* The first frame that shows the list, as before the loading page was. */
  if (smartca_window_get_loading (SMARTCA_WINDOW (window)))
    return;

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
pending_deletions_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(SmartcaApplication) self = user_data;
  g_autoptr(GError)             error = NULL;
  gboolean                      keyring_cleared = FALSE;

  if (!smartca_deletion_complete_all_finish (SMARTCA_DELETION (source), result, &keyring_cleared,
                                             &error))
    g_debug ("A deletion left from the last run could not be done: %s", error->message);
  else if (!keyring_cleared)
    g_debug ("The keyring entries of deleted certificates are left for the next start");
  g_application_release (G_APPLICATION (self));
}

static void
store_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SmartcaApplication) self = user_data;
  g_autoptr(SmartcaDeletion)    deletion = NULL;

  if (!smartca_context_load_store_finish (SMARTCA_CONTEXT (source), result, NULL))
    return;

  /* Finish what the last run left: a deletion that was not undone before
   * the app was killed, keyring entries the keyring could not forget. */
  deletion = smartca_deletion_new (self->context);
  g_application_hold (G_APPLICATION (self));
  smartca_deletion_complete_all_async (deletion, NULL, pending_deletions_done_cb,
                                       g_object_ref (self));
}

static void
smartca_application_startup (GApplication *application)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);
  g_autofree char    *path = smartca_store_dup_default_path ();
  static const char  *quit_accels[] = { "<Control>q", NULL };
  static const char  *preferences_accels[] = { "<Control>comma", NULL };
  static const char  *add_accels[] = { "<Control>n", NULL };
  static const char  *close_accels[] = { "<Control>w", NULL };
  static const char  *shortcuts_accels[] = { "<Control>question", NULL };
  static const char  *refresh_accels[] = { "F5", "<Control>r", NULL };
  static const char  *search_accels[] = { "<Control>f", NULL };
  static const char  *undo_accels[] = { "<Control>z", NULL };
  static const char  *sign_accels[] = { "<Control>o", NULL };
  static const char  *history_accels[] = { "<Control>h", NULL };

  self->settings = g_settings_new (APP_ID);

  /* Read the certificates on another core while GTK and libadwaita start:
   * with thousands of them, that is most of what the app adds to start-up.
   * Windows show that they are loading meanwhile; nothing waits for it. */
  self->context = smartca_context_new (NULL, NULL, self->settings);
  if (self->service_url != NULL)
    smartca_context_set_url_override (self->context, self->service_url);
  smartca_context_load_store_async (self->context, path, NULL, store_loaded_cb,
                                    g_object_ref (self));

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
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sign-document", sign_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-history",
                                         history_accels);

  /* Stopped (kill, Ctrl+C in a terminal, the session's end) as by Ctrl+Q. */
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  g_signal_connect (self, "query-end", G_CALLBACK (query_end_cb), NULL);

  g_signal_connect_object (self->settings, "changed::style",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
smartca_application_shutdown (GApplication *application)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->quit_deadline_id, g_source_remove);

  G_APPLICATION_CLASS (smartca_application_parent_class)->shutdown (application);
}

/* The main window: the one used last, else a new one */
static SmartcaWindow *
ensure_main_window (SmartcaApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (SMARTCA_IS_WINDOW (l->data))
      return l->data;

  {
    SmartcaWindow *window = smartca_window_new (self);

    if (self->bench_first_frame)
      g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
    return window;
  }
}

static void
smartca_application_activate (GApplication *application)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);

  gtk_window_present (GTK_WINDOW (ensure_main_window (self)));
}

/* smartca-certs FILE.pdf, "Open With" in Files, a second launch with files:
 * a signing window for each, over the main window (where a file that is
 * not a PDF is told about). */
static void
smartca_application_open (GApplication *application,
                          GFile       **files,
                          int           n_files,
                          const char   *hint)
{
  SmartcaApplication *self = SMARTCA_APPLICATION (application);
  SmartcaWindow      *window = ensure_main_window (self);

  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < n_files; i++)
    smartca_window_open_document (window, files[i], NULL);
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

  /* --sign: signs and exits, before GTK starts (no window, no display) */
  {
    int status = smartca_sign_cli_run (options, self->service_url);

    if (status >= 0)
      return status;
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
  g_clear_pointer (&self->service_url, g_free);

  G_OBJECT_CLASS (smartca_application_parent_class)->dispose (object);
}

static void
smartca_application_class_init (SmartcaApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = smartca_application_dispose;
  app_class->startup = smartca_application_startup;
  app_class->shutdown = smartca_application_shutdown;
  app_class->activate = smartca_application_activate;
  app_class->open = smartca_application_open;
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
  g_application_add_main_option_entries (G_APPLICATION (self), smartca_sign_cli_get_options ());
}

/* Public API */

SmartcaApplication *
smartca_application_new (void)
{
  return g_object_new (SMARTCA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/com/example/SmartCACerts",
                       /* To hear of the session's end (query-end). */
                       "register-session", TRUE,
                       NULL);
}

/**
 * smartca_application_get_context:
 *
 * The context made at start-up. Its store may still be loading
 * (smartca_context_get_loading()); when it could not be opened, the context
 * carries the reason and the window shows it.
 *
 * Returns: (transfer none): the context
 */
SmartcaContext *
smartca_application_get_context (SmartcaApplication *self)
{
  g_return_val_if_fail (SMARTCA_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (self->context != NULL, NULL);

  return self->context;
}
