/* test-open-document.c: every way a document gets in — Sign a Document…
 * (Ctrl+O), a card's "Sign a Document with This Certificate", a drop, the
 * files the application is asked to open — under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-sign-window.h"
#include "smartca-test-pdf.h"
#include "smartca-text.h"
#include "test-entry.h"

/* Helpers */

static SmartcaSignWindow *
wait_for_sign_window (void)
{
  GtkWindow *window = wait_for_window_of_type (SMARTCA_TYPE_SIGN_WINDOW);

  g_assert_nonnull (window);
  return SMARTCA_SIGN_WINDOW (window);
}

static void
assert_sign_window_for (SmartcaSignWindow *window,
                        const char        *path)
{
  g_autofree char *shown = g_file_get_path (smartca_sign_window_get_file (window));

  g_assert_cmpstr (shown, ==, path);
}

static guint
count_sign_windows (void)
{
  GList *windows = gtk_window_list_toplevels ();
  guint  n = 0;

  for (GList *l = windows; l != NULL; l = l->next)
    n += SMARTCA_IS_SIGN_WINDOW (l->data);
  g_list_free (windows);
  return n;
}

/* The certificate the signing window offers: its chooser's choice */
static gboolean
certificate_chosen (gpointer data)
{
  GtkWidget *row = find_named (data, "certificate_row");

  return row != NULL && adw_combo_row_get_selected_item (ADW_COMBO_ROW (row)) != NULL;
}

static const char *
chosen_certificate (SmartcaSignWindow *window)
{
  GtkWidget *row;

  g_assert_true (wait_for (certificate_chosen, window));
  row = find_named (GTK_WIDGET (window), "certificate_row");
  return gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (row)));
}

static char *
not_a_pdf_text (const char *name)
{
  g_autofree char *isolated = smartca_format_isolate (name);

  return g_strdup_printf (_("“%s” is not a PDF document. Choose a PDF file to sign."), isolated);
}

static SmartcaCertificateCard *
card_for (GtkWidget  *window,
          const char *serial)
{
  g_autoptr(GPtrArray) cards = visible_cards (window);

  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificate *c = smartca_certificate_card_get_certificate (g_ptr_array_index (cards, i));

      if (g_str_equal (smartca_certificate_get_serial_number (c), serial))
        return g_ptr_array_index (cards, i);
    }
  g_assert_not_reached ();
}

/* Tests */

/* Ctrl+O, the file chooser, a PDF: its signing window, with the default
 * certificate. */
static void
test_ctrl_o (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char   *pdf = fixture_make_pdf (fixture, "hop-dong.pdf");
  SmartcaSignWindow *window;

  press ("ctrl+o");
  choose_file (pdf);
  window = wait_for_sign_window ();
  assert_sign_window_for (window, pdf);
  g_assert_cmpstr (chosen_certificate (window), ==, NAME_AN);
  g_assert_cmpuint (count_sign_windows (), ==, 1);

  /* The header bar's button does the same, and says what it does. */
  {
    GtkWidget *button = find_named (fixture->window, "sign_button");

    g_assert_true (gtk_widget_get_mapped (button));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                     "win.sign-document");
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Ctrl+O"));
  }
}

/* A card's menu: the chooser, then the window with that certificate; not
 * offered for a certificate that cannot sign. */
static void
test_card_menu (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char   *pdf = fixture_make_pdf (fixture, "to-trinh.pdf");
  const char        *item = _("Sign a Document with This Certificate");
  SmartcaSignWindow *window;
  GtkPopover        *menu;

  smartca_certificate_card_popup_menu (card_for (fixture->window, SERIAL_OLD));
  run_main_loop_for (300);
  menu = find_open_popover (fixture->window);
  g_assert_nonnull (menu);
  g_assert_false (gtk_widget_get_sensitive (find_menu_item (GTK_WIDGET (menu), item)));
  press ("Escape");
  run_main_loop_for (200);

  smartca_certificate_card_popup_menu (card_for (fixture->window, SERIAL_DAO));
  run_main_loop_for (300);
  choose_menu_item (fixture->window, item);
  choose_file (pdf);
  window = wait_for_sign_window ();
  assert_sign_window_for (window, pdf);
  g_assert_cmpstr (chosen_certificate (window), ==, NAME_DAO);
}

/* A file that is not a PDF (whatever its name says) gets a toast naming it,
 * and no window; a file that cannot be read, the reason. */
static void
test_refusals (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "notes.pdf", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "gone.pdf", NULL);
  g_autofree char *expected = not_a_pdf_text ("notes.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (text);
  g_autoptr(GFile) gone = g_file_new_for_path (missing);

  g_assert_true (g_file_set_contents (text, "Not a PDF at all: %PD-1.7\n", -1, NULL));
  smartca_window_open_document (SMARTCA_WINDOW (fixture->window), file, NULL);
  assert_toast_shows (fixture->window, expected);
  g_assert_cmpuint (count_sign_windows (), ==, 0);

  smartca_window_open_document (SMARTCA_WINDOW (fixture->window), gone, NULL);
  {
    g_autofree char *name = smartca_format_isolate ("gone.pdf");
    /* GIO's own words follow */
    g_autofree char     *prefix = g_strdup_printf (_("“%s” cannot be read. %s"), name, "");
    g_autoptr(GPtrArray) titles = g_ptr_array_new ();
    gboolean             found = FALSE;

    run_main_loop_for (500);
    collect_toast_titles (fixture->window, FALSE, titles);
    for (guint i = 0; i < titles->len; i++)
      found |= g_str_has_prefix (g_ptr_array_index (titles, i), prefix);
    g_assert_true (found);
  }
  g_assert_cmpuint (count_sign_windows (), ==, 0);
}

/* Dropped on the window: the window's drop target takes a file list; the
 * first file is opened. (XTEST cannot drag a file from another app, so the
 * drop is handed to the target as GTK would.) */
static gboolean
drop_files (GtkWidget  *window,
            const char *first,
            const char *second)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  GtkDropTarget        *target = NULL;
  GSList               *list = NULL;
  GValue                value = G_VALUE_INIT;
  gboolean              accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (controller)),
                     "document_drop_target") == 0)
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target),
                                                    GDK_TYPE_FILE_LIST));

  list = g_slist_append (list, g_file_new_for_path (first));
  if (second != NULL)
    list = g_slist_append (list, g_file_new_for_path (second));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free_full (list, g_object_unref);
  return accepted;
}

static void
test_drop (Fixture      *fixture,
           gconstpointer data)
{
  g_autofree char *pdf = fixture_make_pdf (fixture, "dropped.pdf");
  g_autofree char *image = g_build_filename (fixture->dir, "scan.png", NULL);
  g_autofree char *expected = not_a_pdf_text ("scan.png");

  g_assert_true (g_file_set_contents (image, "\x89PNG\r\n\x1a\n", 8, NULL));
  g_assert_true (drop_files (fixture->window, image, pdf));
  assert_toast_shows (fixture->window, expected);
  g_assert_cmpuint (count_sign_windows (), ==, 0);

  g_assert_true (drop_files (fixture->window, pdf, NULL));
  assert_sign_window_for (wait_for_sign_window (), pdf);
}

/* Asked while the list still loads: the window opens once it is there. */
static void
test_waits_for_the_list (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char          *pdf = fixture_make_pdf (fixture, "early.pdf");
  g_autoptr(GFile)          file = g_file_new_for_path (pdf);
  g_autoptr(SmartcaContext) context = smartca_context_new (NULL, NULL, NULL);
  GtkWidget                *window;

  smartca_context_load_store_async (context, fixture->path, NULL, NULL, NULL);
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  g_assert_true (smartca_window_get_loading (SMARTCA_WINDOW (window)));
  smartca_window_open_document (SMARTCA_WINDOW (window), file, NULL);
  g_assert_cmpuint (count_sign_windows (), ==, 0);
  gtk_window_present (GTK_WINDOW (window));

  assert_sign_window_for (wait_for_sign_window (), pdf);
  g_assert_false (smartca_window_get_loading (SMARTCA_WINDOW (window)));
}

/* smartca-certs FILE.pdf: the application's open, as the command line (or
 * "Open With", or a second launch) reaches it. */
typedef struct
{
  char *path;
  char *opened;
} CommandLine;

static gboolean
look_and_close_cb (gpointer user_data)
{
  CommandLine *run = user_data;
  GtkWindow   *window = find_toplevel (SMARTCA_TYPE_SIGN_WINDOW);
  GList       *windows;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  run->opened = g_file_get_path (smartca_sign_window_get_file (SMARTCA_SIGN_WINDOW (window)));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (find_toplevel (SMARTCA_TYPE_WINDOW));
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  return G_SOURCE_REMOVE;
}

/* Last: the application shuts down when it returns. */
static void
test_command_line (void)
{
  CommandLine      run = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("smartca-open-XXXXXX", NULL);
  g_autofree char *pdf = smartca_test_pdf_make (dir, "command line.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  char            *argv[] = { "smartca-certs", pdf, NULL };

  g_timeout_add (50, look_and_close_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
  /* Found, the source removed itself */
  g_assert_cmpstr (run.opened, ==, pdf);
  g_free (run.opened);
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/open-chooser/ctrl-o", test_ctrl_o);
  ADD ("/open-chooser/card-menu", test_card_menu);
  ADD ("/open-document/refusals", test_refusals);
  ADD ("/open-document/drop", test_drop);
  ADD ("/open-document/waits-for-the-list", test_waits_for_the_list);
#undef ADD
  g_test_add_func ("/open-document/command-line", test_command_line);

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
