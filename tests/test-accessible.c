/* test-accessible.c: what screen readers are told — every button named
 * once, as the user reads it, in the app's windows under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "smartca-add-dialog.h"
#include "smartca-application.h"
#include "smartca-detail-dialog.h"
#include "smartca-draw-dialog.h"
#include "smartca-preferences-window.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

#define DAY (24 * 60 * 60)
#define SERIAL_PLAIN "540101010123456789abcdef01234567"
#define SERIAL_ABC "54010101fedcba9876543210fedcba98"

static SmartcaApplication *app;
static SmartcaTestPki     *pki;

/* Reading what is said */

/* What a screen reader hears for @widget, computed as GTK 4.8 does: its
 * label, then the labels of what labels it. */
static char *
spoken_name (GtkWidget *widget,
             GtkWidget *labels_root)
{
  GString *name = g_string_new (NULL);
  /* Not equal to any label: the answer is the label itself. */
  static const char *no_label = "\x01";

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *label =
        gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, no_label);
      g_string_append (name, label);
    }

  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      g_autoptr(GPtrArray) stack = g_ptr_array_new ();
      gboolean             found = FALSE;

      g_ptr_array_add (stack, labels_root);
      while (stack->len > 0)
        {
          GtkWidget       *candidate = g_ptr_array_steal_index (stack, stack->len - 1);
          g_autofree char *mismatch =
            gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                candidate, NULL);

          if (mismatch == NULL)
            {
              if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (candidate),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL))
                {
                  g_autofree char *label =
                    gtk_test_accessible_check_property (GTK_ACCESSIBLE (candidate),
                                                        GTK_ACCESSIBLE_PROPERTY_LABEL, no_label);

                  g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", label);
                }
              found = TRUE;
              break;
            }
          for (GtkWidget *c = gtk_widget_get_first_child (candidate); c != NULL;
               c = gtk_widget_get_next_sibling (c))
            g_ptr_array_add (stack, c);
        }
      g_assert_true (found);
    }

  return g_string_free (name, FALSE);
}

/* The name is said once, as the user reads it: no mnemonic underscore, and
 * not the same words twice. */
static void
assert_named_once (const char *name,
                   GtkWidget  *widget)
{
  gsize half = strlen (name) / 2;

  g_test_message ("%s: “%s”", G_OBJECT_TYPE_NAME (widget), name);
  if (strchr (name, '_') != NULL ||
      (strlen (name) % 2 == 1 && name[half] == ' ' && strncmp (name, name + half + 1, half) == 0))
    g_error ("%s (%s) is announced as “%s”", G_OBJECT_TYPE_NAME (widget),
             gtk_widget_get_name (widget), name);
}

static guint
assert_buttons_named_once (GtkWidget *root)
{
  guint n = 0;

  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root))
    {
      g_autofree char *name = spoken_name (root, GTK_WIDGET (gtk_widget_get_root (root)));

      assert_named_once (name, root);
      n += name[0] != '\0';
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += assert_buttons_named_once (c);
  return n;
}

/* Fixture: the app's window on an empty list, or on two certificates */

typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

static void
fill_store (const char *path)
{
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64                  now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;

  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate_named (
                            pki, "001099012345", "Nguyễn Văn An", SERIAL_PLAIN, "SMARTCA PERSONAL PRO",
                            now - 100 * DAY, now + 800 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate_named (
                            pki, "0101234567", "CÔNG TY TNHH THƯƠNG MẠI ABC", SERIAL_ABC, "ESEAL",
                            now - 100 * DAY, now + 300 * DAY));
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = smartca_store_dup_default_path ();
  if (GPOINTER_TO_INT (data))
    fill_store (fixture->path);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  g_free (fixture->path);
}

static GtkWidget *
open_detail (GtkWidget  *window,
             const char *serial)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (window, "win.show-detail", "s", serial));
  run_main_loop_for (300);
  dialog = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

/* Tests */

static void
test_empty_state_button_named_once (Fixture      *fixture,
                                    gconstpointer data)
{
  GtkWidget         *button = find_named (fixture->window, "empty_add_button");
  g_autofree char   *name = NULL;
  g_autoptr(GString) label = g_string_new (_("_Add Certificate"));
  const char        *language = g_getenv ("LANGUAGE");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_string_replace (label, "_", "", 0);

  name = spoken_name (button, fixture->window);
  g_assert_cmpstr (name, ==, label->str);
  if (language != NULL && g_str_has_prefix (language, "vi"))
    g_assert_cmpstr (name, ==, "Thêm chứng thư số");
  else
    g_assert_cmpstr (name, ==, "Add Certificate");

  /* Its mnemonic still works: Alt and the letter add a certificate. */
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button)))) == button);
  assert_buttons_named_once (fixture->window);
}

static void
test_every_button_named_once (Fixture      *fixture,
                              gconstpointer data)
{
  GtkWidget         *detail, *add, *preferences;
  g_autoptr(GString) undo = g_string_new (_("_Undo"));
  guint              n;

  g_string_replace (undo, "_", "", 0);

  /* The window, and a toast with its Undo */
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.delete", "s", SERIAL_ABC));
  run_main_loop_for (600);
  g_assert_nonnull (find_button (fixture->window, undo->str));
  n = assert_buttons_named_once (fixture->window);
  g_assert_cmpuint (n, >, 3);
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.undo", NULL));
  run_main_loop_for (900);

  detail = open_detail (fixture->window, SERIAL_PLAIN);
  n = assert_buttons_named_once (detail);
  g_assert_cmpuint (n, >=, 4);
  gtk_window_destroy (GTK_WINDOW (detail));
  run_main_loop_for (200);

  add = GTK_WIDGET (smartca_add_dialog_new (GTK_WINDOW (fixture->window), fixture->context));
  gtk_window_present (GTK_WINDOW (add));
  g_assert_true (wait_for (window_is_active, add));
  n = assert_buttons_named_once (add);
  g_assert_cmpuint (n, >=, 2);
  gtk_window_destroy (GTK_WINDOW (add));
  run_main_loop_for (200);

  preferences = GTK_WIDGET (smartca_preferences_window_new (GTK_WINDOW (fixture->window),
                                                            fixture->context));
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (wait_for (window_is_active, preferences));
  run_main_loop_for (300);
  assert_buttons_named_once (preferences);
  gtk_window_destroy (GTK_WINDOW (preferences));
  run_main_loop_for (200);
}

/* "Draw a Signature": every button named once (the ink colours by their
 * mnemonic labels), and the pad says what it is. */
static void
test_draw_dialog_named (Fixture      *fixture,
                        gconstpointer data)
{
  GtkWidget *draw = GTK_WIDGET (smartca_draw_dialog_new (GTK_WINDOW (fixture->window)));
  GtkWidget *pad;

  gtk_window_present (GTK_WINDOW (draw));
  g_assert_true (wait_for (window_is_active, draw));
  g_assert_cmpuint (assert_buttons_named_once (draw), >=, 6);

  pad = find_named (draw, "pad");
  g_assert_nonnull (pad);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (pad), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pad), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       _("Signature drawing area"));
  gtk_window_destroy (GTK_WINDOW (draw));
  run_main_loop_for (200);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* GTK keeps what screen readers are told only with an accessibility
   * backend; the test one keeps it in the process. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

  g_test_add ("/accessible/empty-state-button", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_empty_state_button_named_once, fixture_tear_down);
  g_test_add ("/accessible/every-button", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_every_button_named_once, fixture_tear_down);
  g_test_add ("/accessible/draw-dialog", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_draw_dialog_named, fixture_tear_down);

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
