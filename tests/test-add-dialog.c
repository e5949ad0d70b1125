/* test-add-dialog.c: "Add VNPT SmartCA certificate" as a user drives it,
 * against the sandbox, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "smartca-add-dialog.h"
#include "smartca-preferences-window.h"
#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-sandbox.h"
#include "smartca-window.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"

static SmartcaApplication *app;
static SmartcaSandbox     *sandbox;

/* Helpers (keys go through XTEST, as a keyboard's would) */

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *buildable_id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), buildable_id) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, buildable_id);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static SmartcaAddDialog *
open_dialog (void)
{
  return (SmartcaAddDialog *) find_toplevel (SMARTCA_TYPE_ADD_DIALOG);
}

static gboolean
dialog_is_open (gpointer data)
{
  return open_dialog () != NULL && gtk_window_is_active (GTK_WINDOW (open_dialog ()));
}

static gboolean
dialog_is_closed (gpointer data)
{
  return open_dialog () == NULL;
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  GtkWidget *label = find_widget (root, id);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static gboolean
is_sensitive (GtkWidget  *root,
              const char *id)
{
  return gtk_widget_is_sensitive (find_widget (root, id));
}

static guint
n_stored (SmartcaStore *store)
{
  return g_list_model_get_n_items (smartca_store_get_certificates (store));
}

typedef struct
{
  GtkWidget *window;
  guint      n;
} CardCount;

static gboolean
has_cards (gpointer data)
{
  CardCount           *count = data;
  g_autoptr(GPtrArray) cards = visible_cards (count->window);

  return cards->len == count->n;
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *revealer = find_widget (data, "error_revealer");
  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* Fixture: an empty store, the app's window, the sandbox */

typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = smartca_store_dup_default_path ();
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  smartca_context_set_url_override (fixture->context, smartca_sandbox_get_base_url (sandbox));
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));

  /* Ctrl+N, as the header bar's Add New says. */
  press ("ctrl+n");
  g_assert_true (wait_for (dialog_is_open, NULL));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (open_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (open_dialog ()));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (50);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  g_free (fixture->path);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_status (sandbox, "540101010123456789abcdef01234567", "Đang hoạt động");
}

/* Tests */

static void
test_invalid_input_keeps_save_off (Fixture      *fixture,
                                   gconstpointer data)
{
  GtkWidget *dialog = GTK_WIDGET (open_dialog ());
  guint      requests = smartca_sandbox_get_request_count (sandbox);

  /* Nothing typed: Save is off, and no error shouts at an empty form. */
  g_assert_false (is_sensitive (dialog, "save_button"));
  g_assert_null (label_text (dialog, "id_reason_label"));

  type ("12345");
  g_assert_false (is_sensitive (dialog, "save_button"));
  g_assert_nonnull (label_text (dialog, "id_reason_label"));
  g_assert_nonnull (strstr (label_text (dialog, "id_reason_label"), "5"));

  /* Enter does not send an invalid number. */
  press ("Return");
  g_assert_cmpuint (smartca_sandbox_get_request_count (sandbox), ==, requests);

  type ("6789012");
  g_assert_true (is_sensitive (dialog, "save_button"));
  g_assert_null (label_text (dialog, "id_reason_label"));

  /* A bad serial number turns Save off again, with its own reason. */
  press ("Tab");
  type ("54zz");
  g_assert_false (is_sensitive (dialog, "save_button"));
  g_assert_nonnull (label_text (dialog, "serial_reason_label"));
  press ("BackSpace BackSpace");
  g_assert_true (is_sensitive (dialog, "save_button"));
  g_assert_null (label_text (dialog, "serial_reason_label"));
  g_assert_cmpuint (smartca_sandbox_get_request_count (sandbox), ==, requests);
}

static void
test_add_all_of_an_id (Fixture      *fixture,
                       gconstpointer data)
{
  CardCount count = { fixture->window, 2 };

  type (" 001099012345 ");
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (n_stored (fixture->store), ==, 2);
  g_assert_true (wait_for (has_cards, &count));
}

static void
test_add_one_serial (Fixture      *fixture,
                     gconstpointer data)
{
  CardCount count = { fixture->window, 1 };

  type ("0101234567");
  press ("Tab");
  type ("54010101FEDCBA9876543210FEDCBA98");
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (n_stored (fixture->store), ==, 1);
  g_assert_nonnull (smartca_store_lookup (fixture->store, "54010101fedcba9876543210fedcba98"));
  g_assert_true (wait_for (has_cards, &count));
}

static void
test_failure_keeps_input (Fixture      *fixture,
                          gconstpointer data)
{
  GtkWidget *dialog = GTK_WIDGET (open_dialog ());
  GtkWidget *id_row = find_widget (dialog, "id_row");

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  type ("001099012345");
  press ("Return");
  g_assert_true (wait_for (error_shown, dialog));

  /* Still open, the input kept and editable, and the reason in words. */
  g_assert_true (open_dialog () == SMARTCA_ADD_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, "001099012345");
  g_assert_true (gtk_widget_is_sensitive (id_row));
  g_assert_nonnull (strstr (label_text (dialog, "error_label"), "500"));
  g_assert_cmpuint (n_stored (fixture->store), ==, 0);

  /* The service recovers; the same input now works. */
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (n_stored (fixture->store), ==, 2);
}

static void
test_unknown_id_is_explained (Fixture      *fixture,
                              gconstpointer data)
{
  GtkWidget *dialog = GTK_WIDGET (open_dialog ());

  type ("001099000000");
  press ("Return");
  g_assert_true (wait_for (error_shown, dialog));
  g_assert_nonnull (strstr (label_text (dialog, "error_label"), "ID/Tax"));
  g_assert_cmpuint (n_stored (fixture->store), ==, 0);
}

static void
test_cancel_stops_the_request (Fixture      *fixture,
                               gconstpointer data)
{
  GtkWidget *dialog = GTK_WIDGET (open_dialog ());

  smartca_sandbox_set_delay (sandbox, 1500);
  type ("001099012345");
  press ("Return");

  /* Busy: a spinner, the form locked. */
  g_assert_true (gtk_widget_get_visible (find_widget (dialog, "spinner")));
  g_assert_false (is_sensitive (dialog, "id_row"));
  g_assert_false (is_sensitive (dialog, "save_button"));

  press ("Escape");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  run_main_loop_for (2000);
  g_assert_cmpuint (n_stored (fixture->store), ==, 0);
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} Shown;

static gboolean
text_shown (gpointer data)
{
  Shown             *shown = data;
  g_autoptr(GString) text = g_string_new ("|");

  collect_text (shown->window, text);
  return strstr (text->str, shown->text) != NULL;
}

static void
test_refresh (Fixture      *fixture,
              gconstpointer data)
{
  CardCount          count = { fixture->window, 2 };
  Shown              suspended = { fixture->window, "|Tạm dừng|" };
  Shown              refused = { fixture->window, "could not be refreshed" };
  g_autoptr(GString) before = g_string_new ("|");
  g_autoptr(GString) after = g_string_new ("|");

  type ("001099012345");
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_true (wait_for (has_cards, &count));
  g_assert_false (text_shown (&suspended));

  /* SmartCA suspends a certificate; F5 shows it. */
  smartca_sandbox_set_status (sandbox, "540101010123456789abcdef01234567", "Tạm dừng");
  press ("F5");
  g_assert_true (wait_for (text_shown, &suspended));

  /* SmartCA is down: the user is told, and the cards stay as they were. */
  smartca_sandbox_set_status (sandbox, "540101010123456789abcdef01234567", "Đang hoạt động");
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  run_main_loop_for (500);
  press ("F5");
  g_assert_true (wait_for (text_shown, &refused));
  g_assert_true (text_shown (&suspended));
  g_assert_cmpstr (smartca_certificate_get_status_text (
                     smartca_store_lookup (fixture->store, "540101010123456789abcdef01234567")),
                   ==, "Tạm dừng");
}

static gboolean
password_row_empty (gpointer data)
{
  return g_str_equal (gtk_editable_get_text (GTK_EDITABLE (data)), "");
}

/* Service settings in Preferences: the SP ID goes to GSettings, the
 * password only to the keyring, and the app then reaches SmartCA with them. */
static void
test_preferences_service (void)
{
  g_autofree char          *path = smartca_store_dup_default_path ();
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(SmartcaContext) context = NULL;
  g_autoptr(GSettings)      settings = g_settings_new (APP_ID);
  g_autofree char          *sp_id = NULL;
  g_autofree char          *store_bytes = NULL;
  GtkWidget                *window, *preferences, *sp_id_row, *password_row;
  const char               *password = "Mật-khẩu-SP-7f3a9c";
  gsize                     store_len = 0;

  /* Not from the environment this time. */
  g_unsetenv ("SMARTCA_SP_ID");
  g_unsetenv ("SMARTCA_SP_PASSWORD");
  g_settings_reset (settings, "sp-id");

  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  context = smartca_context_new (store, NULL, settings);
  smartca_context_set_url_override (context, smartca_sandbox_get_base_url (sandbox));
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));

  preferences = GTK_WIDGET (smartca_preferences_window_new (GTK_WINDOW (window), context));
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (wait_for (window_is_active, preferences));
  sp_id_row = find_named (preferences, "sp_id_row");
  password_row = find_named (preferences, "sp_password_row");

  gtk_widget_grab_focus (sp_id_row);
  type (SMARTCA_SANDBOX_SP_ID);
  press ("Return");
  sp_id = g_settings_get_string (settings, "sp-id");
  g_assert_cmpstr (sp_id, ==, SMARTCA_SANDBOX_SP_ID);

  /* The sandbox's real password, typed and applied; the field empties once
   * the keyring has it. */
  gtk_widget_grab_focus (password_row);
  type (SMARTCA_SANDBOX_SP_PASSWORD);
  press ("Return");
  g_assert_true (wait_for (password_row_empty, password_row));
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The app now reaches SmartCA with them. */
  press ("ctrl+n");
  g_assert_true (wait_for (dialog_is_open, NULL));
  type ("0101234567");
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (n_stored (store), ==, 2);

  /* A different password typed later is kept only in the keyring too. */
  preferences = GTK_WIDGET (smartca_preferences_window_new (GTK_WINDOW (window), context));
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (wait_for (window_is_active, preferences));
  password_row = find_named (preferences, "sp_password_row");
  gtk_widget_grab_focus (password_row);
  type (password);
  press ("Return");
  g_assert_true (wait_for (password_row_empty, password_row));
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_assert_true (g_file_get_contents (path, &store_bytes, &store_len, NULL));
  g_assert_null (g_strstr_len (store_bytes, store_len, "7f3a9c"));
  {
    g_autoptr(GSettingsSchema) schema =
      g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
    g_auto(GStrv) keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char    *text = g_variant_print (value, FALSE);
        g_assert_null (strstr (text, "7f3a9c"));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  run_main_loop_for (100);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               ret;

  /* Who we are to the sandbox, the way a managed desktop would say it. */
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);

  app = test_gui_init (&argc, &argv);
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/add-dialog/invalid-input", test_invalid_input_keeps_save_off);
  ADD ("/add-dialog/case-2-all", test_add_all_of_an_id);
  ADD ("/add-dialog/case-1-serial", test_add_one_serial);
  ADD ("/add-dialog/failure-keeps-input", test_failure_keeps_input);
  ADD ("/add-dialog/unknown-id", test_unknown_id_is_explained);
  ADD ("/add-dialog/cancel", test_cancel_stops_the_request);
  ADD ("/window/refresh", test_refresh);
  g_test_add_func ("/preferences/service", test_preferences_service);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  g_clear_object (&sandbox);
  return ret;
}
