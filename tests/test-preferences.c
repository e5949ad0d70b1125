/* test-preferences.c: Preferences as a keyboard user drives it, under Xvfb,
 * with the real keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys go through XTEST (xdotool), as a keyboard's would.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-preferences-window.h"
#include "smartca-test-gui.h"
#include "smartca-window.h"

#define SP_ID "4184-6371.apps.signserviceapi.com"

static SmartcaApplication *app;

typedef struct
{
  SmartcaStore   *store;
  SmartcaContext *context;
  GSettings      *settings;
  GtkWidget      *window;
  GtkWidget      *preferences;
} Fixture;

/* Helpers */

static GtkWidget *
open_preferences (void)
{
  return GTK_WIDGET (find_toplevel (SMARTCA_TYPE_PREFERENCES_WINDOW));
}

static gboolean
preferences_closed (gpointer data)
{
  return open_preferences () == NULL;
}

static void
show_preferences (Fixture *fixture)
{
  fixture->preferences = GTK_WIDGET (smartca_preferences_window_new (GTK_WINDOW (fixture->window),
                                                                     fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->preferences));
  g_assert_true (wait_for (window_is_active, fixture->preferences));
  run_main_loop_for (200);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What the keyring holds for the SP ID (wiped by the caller) */
static char *
keyring_password (Fixture *fixture)
{
  SmartcaVault           *vault = smartca_context_get_vault (fixture->context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  char                   *password;

  smartca_vault_lookup_async (vault, SMARTCA_SECRET_SP_PASSWORD, SP_ID, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  password = smartca_vault_lookup_finish (vault, result, &error);
  g_assert_no_error (error);
  return password;
}

typedef struct
{
  Fixture    *fixture;
  const char *expected;
} KeyringWait;

static gboolean
keyring_has (gpointer data)
{
  KeyringWait *wait = data;
  char        *password = keyring_password (wait->fixture);
  gboolean     found = g_strcmp0 (password, wait->expected) == 0;

  if (!found && g_test_verbose ())
    g_test_message ("keyring: %s", password);

  if (password != NULL)
    smartca_vault_free_secret (password);
  return found;
}

static gboolean
row_is_empty (gpointer row)
{
  return g_str_equal (gtk_editable_get_text (GTK_EDITABLE (row)), "");
}

static GtkWidget *
row (Fixture    *fixture,
     const char *name)
{
  GtkWidget *widget = find_named (fixture->preferences, name);

  g_assert_nonnull (widget);
  return widget;
}

/* The row's apply button (the check mark), if it shows */
static GtkWidget *
apply_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "adw-entry-apply-symbolic") == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = apply_button (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Fixture: the app's window with an SP ID set, and Preferences over it */

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char  *path = smartca_store_dup_default_path ();
  g_autoptr(GError) error = NULL;

  fixture->settings = g_settings_new (APP_ID);
  g_settings_set_string (fixture->settings, "sp-id", SP_ID);
  g_settings_set_string (fixture->settings, "service", "production");
  fixture->store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, fixture->settings);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  show_preferences (fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (open_preferences () != NULL)
    gtk_window_destroy (GTK_WINDOW (open_preferences ()));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (100);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
}

/* Each kind of save, done from the keyboard (or the apply button) */

static void
save_service (Fixture *fixture)
{
  g_autofree char *before = g_settings_get_string (fixture->settings, "service");
  g_autofree char *after = NULL;

  gtk_widget_grab_focus (row (fixture, "service_row"));
  press ("Return");
  press ("Down");
  press ("Return");
  after = g_settings_get_string (fixture->settings, "service");
  g_assert_cmpstr (after, !=, before);
}

static void
save_sp_id (Fixture *fixture)
{
  g_autofree char *sp_id = NULL;

  gtk_widget_grab_focus (row (fixture, "sp_id_row"));
  press ("ctrl+a BackSpace");
  type (SP_ID);
  press ("Return");
  sp_id = g_settings_get_string (fixture->settings, "sp-id");
  g_assert_cmpstr (sp_id, ==, SP_ID);
}

static void
save_password_enter (Fixture *fixture)
{
  GtkWidget  *password_row = row (fixture, "sp_password_row");
  KeyringWait wait = { fixture, "Mat-khau-Enter-1" };

  gtk_widget_grab_focus (password_row);
  type (wait.expected);
  press ("Return");
  g_assert_true (wait_for (keyring_has, &wait));
  g_assert_true (wait_for (row_is_empty, password_row));
  run_main_loop_for (200);
  /* Nothing is left to apply: the check mark is gone with the text. */
  g_assert_null (apply_button (password_row));
}

static void
save_password_button (Fixture *fixture)
{
  GtkWidget  *password_row = row (fixture, "sp_password_row");
  KeyringWait wait = { fixture, "Mat-khau-Nut-2" };
  GtkWidget  *button;

  gtk_widget_grab_focus (password_row);
  type (wait.expected);
  button = apply_button (password_row);
  g_assert_nonnull (button);
  click (button);
  g_assert_true (wait_for (keyring_has, &wait));
  g_assert_true (wait_for (row_is_empty, password_row));
  run_main_loop_for (200);
  g_assert_null (apply_button (password_row));
}

typedef void (*SaveFunc) (Fixture *fixture);

typedef struct
{
  SaveFunc    save;
  const char *keys;     /* what closes Preferences */
  gboolean    tab_away; /* the focus leaves the row first */
} CloseCase;

/* After a save, the keyboard still closes Preferences. */
static void
test_closes_after_save (Fixture      *fixture,
                        gconstpointer data)
{
  const CloseCase *close_case = data;

  close_case->save (fixture);
  if (close_case->tab_away)
    press ("Tab");
  press (close_case->keys);
  g_assert_true (wait_for (preferences_closed, NULL));
}

/* Saving the password while its status is looked up again (another save,
 * a change of service) keeps the save: the password reaches the keyring. */
static void
change_service_cb (GSettings *settings)
{
  g_autofree char *service = g_settings_get_string (settings, "service");

  g_settings_set_string (settings, "service", g_str_equal (service, "test") ? "production" : "test");
}

static void
test_save_survives_refresh (Fixture      *fixture,
                            gconstpointer data)
{
  GtkWidget         *password_row = row (fixture, "sp_password_row");
  KeyringWait        wait = { fixture, "Mat-khau-khong-mat-3" };
  g_autoptr(GString) text = g_string_new ("|");

  /* Right after the row's apply, before the keyring could answer, the
   * service changes, which makes Preferences look up the status again. */
  g_signal_connect_data (password_row, "apply", G_CALLBACK (change_service_cb),
                         fixture->settings, NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_widget_grab_focus (password_row);
  type (wait.expected);
  press ("Return");

  wait_for (row_is_empty, password_row);
  g_assert_true (keyring_has (&wait));
  g_assert_true (row_is_empty (password_row));

  /* And the status says so. */
  run_main_loop_for (300);
  collect_text (fixture->preferences, text);
  g_assert_nonnull (strstr (text->str, _("A password for this service provider is saved in your keyring.")));
}

/* A second password applied while the first is still on its way to the
 * keyring: both are written, in order, so the keyring ends with the second. */
static void
apply_again_cb (GtkEditable *row)
{
  g_signal_handlers_disconnect_by_func (row, apply_again_cb, NULL);
  gtk_editable_set_text (row, "Mat-khau-thu-hai-5");
  g_signal_emit_by_name (row, "apply");
}

static void
test_saves_in_order (Fixture      *fixture,
                     gconstpointer data)
{
  GtkWidget  *password_row = row (fixture, "sp_password_row");
  KeyringWait wait = { fixture, "Mat-khau-thu-hai-5" };

  g_signal_connect (password_row, "apply", G_CALLBACK (apply_again_cb), NULL);
  gtk_widget_grab_focus (password_row);
  type ("Mat-khau-thu-nhat-4");
  press ("Return");

  g_assert_true (wait_for (row_is_empty, password_row));
  run_main_loop_for (300);
  g_assert_true (keyring_has (&wait));
}

int
main (int   argc,
      char *argv[])
{
  static const CloseCase cases[] = {
    { save_service, "Escape", FALSE },
    { save_service, "ctrl+w", FALSE },
    { save_sp_id, "Escape", FALSE },
    { save_sp_id, "ctrl+w", FALSE },
    { save_password_enter, "Escape", FALSE },
    { save_password_enter, "ctrl+w", FALSE },
    { save_password_enter, "Escape", TRUE },
    { save_password_button, "Escape", FALSE },
    { save_password_button, "ctrl+w", FALSE },
  };
  static const char *const names[] = {
    "service-escape",
    "service-ctrl-w",
    "sp-id-escape",
    "sp-id-ctrl-w",
    "password-enter-escape",
    "password-enter-ctrl-w",
    "password-enter-tab-escape",
    "password-button-escape",
    "password-button-ctrl-w",
  };
  int ret;

  g_unsetenv ("SMARTCA_SP_ID");
  g_unsetenv ("SMARTCA_SP_PASSWORD");
  app = test_gui_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/preferences/closes/%s", names[i]);
      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_closes_after_save,
                  fixture_tear_down);
    }
  g_test_add ("/preferences/save-survives-refresh", Fixture, NULL, fixture_set_up,
              test_save_survives_refresh, fixture_tear_down);
  g_test_add ("/preferences/saves-in-order", Fixture, NULL, fixture_set_up,
              test_saves_in_order, fixture_tear_down);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
