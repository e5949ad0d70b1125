/* test-history-page.c: the History page and the Detail's Signed Documents,
 * bound to a real store's history, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-detail-dialog.h"
#include "smartca-history-row.h"
#include "smartca-text.h"
#include "test-entry.h"

#define SERIAL_GONE "54010101000000000000000000000a11"
#define NAME_GONE "Phạm Văn Xóa"
#define HOUR (60 * 60)

/* Helpers */

static SmartcaHistoryEntry *
add_entry (SmartcaStore         *store,
           gint64                signed_at,
           const char           *input,
           const char           *output,
           const char           *serial,
           const char           *name,
           SmartcaHistoryOutcome outcome)
{
  g_autoptr(GError)              error = NULL;
  g_autoptr(SmartcaHistoryEntry) entry =
    smartca_history_entry_new (signed_at, input, output, NULL, serial, name, "tx-1", outcome,
                               outcome == SMARTCA_HISTORY_FAILED ? "The network is down." : NULL);

  g_assert_true (smartca_store_add_history (store, entry, &error));
  g_assert_no_error (error);
  return entry;
}

/* Three signings, oldest first: An signed (file there), Đào cancelled, a
 * removed certificate signed (file gone) */
static void
add_three (Fixture *fixture)
{
  gint64           now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *contract = g_build_filename (fixture->dir, "hop-dong.pdf", NULL);
  g_autofree char *signed_copy = g_build_filename (fixture->dir, "hop-dong-signed.pdf", NULL);

  g_assert_true (g_file_set_contents (signed_copy, "%PDF-1.7\n", -1, NULL));
  add_entry (fixture->store, now - 3 * HOUR, contract, signed_copy, SERIAL_AN, NAME_AN,
             SMARTCA_HISTORY_SIGNED);
  add_entry (fixture->store, now - 2 * HOUR, "/tmp/to-trinh.pdf", NULL, SERIAL_DAO, NAME_DAO,
             SMARTCA_HISTORY_CANCELLED);
  add_entry (fixture->store, now - 1 * HOUR, "/tmp/bao-cao.pdf", "/tmp/bao-cao-signed.pdf",
             SERIAL_GONE, NAME_GONE, SMARTCA_HISTORY_SIGNED);
}

static GtkWidget *
history_page (Fixture *fixture)
{
  return find_named (fixture->window, "history_page");
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (SMARTCA_IS_HISTORY_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* The rows shown, top to bottom, as "title|title|…" (file names, without
 * their isolation marks) */
static char *
shown_rows (GtkWidget *root)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GString             *names = g_string_new (NULL);

  run_main_loop_for (200);
  collect_rows (root, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *clean = smartca_format_clean (
        adw_preferences_row_get_title (g_ptr_array_index (rows, i)));

      g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", clean);
    }
  return g_string_free (names, FALSE);
}

static GtkWidget *
row_at (GtkWidget *root,
        guint      index)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (root, rows);
  g_assert_cmpuint (index, <, rows->len);
  return g_ptr_array_index (rows, index);
}

static char *
row_text (GtkWidget *row)
{
  g_autoptr(GString) text = g_string_new (NULL);

  collect_text (row, text);
  return smartca_format_clean (text->str);
}

static void
show_history (Fixture *fixture)
{
  press ("ctrl+h");
  run_main_loop_for (300);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (find_named (fixture->window, "view_stack"))),
                   ==, "history");
}

static const char *
history_stack_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find_named (fixture->window, "history_stack")));
}

static void
search_history (Fixture    *fixture,
                const char *text)
{
  GtkWidget *entry = find_named (fixture->window, "history_search_entry");

  press ("ctrl+f");
  g_assert_true (gtk_widget_has_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), entry));
  press ("ctrl+a");
  press ("BackSpace");
  if (text[0] != '\0')
    type (text);
  run_main_loop_for (500);
}

/* Tests */

/* Empty: says so and how to sign one; the switcher reaches it by keyboard
 * (Ctrl+H). */
static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  show_history (fixture);
  g_assert_cmpstr (history_stack_page (fixture), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (
                     ADW_STATUS_PAGE (find_named (fixture->window, "history_empty_page"))),
                   ==, _("No Documents Signed Yet"));
  g_assert_nonnull (find_button (fixture->window, _("Sign a Document…")));
  take_screenshot ("history-empty");
}

/* Newest first; each row: the file's name (the signed copy's when there is
 * one), the certificate's name and serial (also of a certificate no longer
 * in the list), the outcome; a signed copy that is gone is said to be. */
static void
test_lists_newest_first (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *names = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *cancelled = NULL;
  g_autofree char *an = NULL;

  show_history (fixture);
  g_assert_cmpstr (history_stack_page (fixture), ==, "empty");
  add_three (fixture);
  run_main_loop_for (300);
  g_assert_cmpstr (history_stack_page (fixture), ==, "list");
  names = shown_rows (history_page (fixture));
  g_assert_cmpstr (names, ==, "bao-cao-signed.pdf|to-trinh.pdf|hop-dong-signed.pdf");

  gone = row_text (row_at (history_page (fixture), 0));
  g_assert_nonnull (strstr (gone, NAME_GONE " · " SERIAL_GONE));
  g_assert_nonnull (strstr (gone, _("The signed file is no longer there.")));
  g_assert_nonnull (strstr (gone, _("Signed")));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row_at (history_page (fixture), 0))));

  cancelled = row_text (row_at (history_page (fixture), 1));
  g_assert_nonnull (strstr (cancelled, NAME_DAO " · " SERIAL_DAO));
  g_assert_nonnull (strstr (cancelled, smartca_history_outcome_to_string (SMARTCA_HISTORY_CANCELLED)));

  an = row_text (row_at (history_page (fixture), 2));
  g_assert_nonnull (strstr (an, NAME_AN " · " SERIAL_AN));
  g_assert_null (strstr (an, _("The signed file is no longer there.")));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row_at (history_page (fixture), 2))));
  take_screenshot ("history");

  /* At its narrowest, the switcher moves to the bottom. */
  if (g_getenv ("SMARTCA_TEST_SCREENSHOTS") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
      run_main_loop_for (500);
      take_screenshot ("history-narrow");
    }
}

/* File names, the certificate's name (diacritics ignored) and the serial
 * (with colons too) */
static void
test_search (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *by_file = NULL;
  g_autofree char *by_name = NULL;
  g_autofree char *by_serial = NULL;
  g_autofree char *all = NULL;

  add_three (fixture);
  show_history (fixture);

  search_history (fixture, "hop-dong");
  by_file = shown_rows (history_page (fixture));
  g_assert_cmpstr (by_file, ==, "hop-dong-signed.pdf");

  search_history (fixture, "bich dao");
  by_name = shown_rows (history_page (fixture));
  g_assert_cmpstr (by_name, ==, "to-trinh.pdf");

  search_history (fixture, "00:0a:11");
  by_serial = shown_rows (history_page (fixture));
  g_assert_cmpstr (by_serial, ==, "bao-cao-signed.pdf");

  search_history (fixture, "nothing like it");
  g_assert_cmpstr (history_stack_page (fixture), ==, "no-results");

  search_history (fixture, "");
  all = shown_rows (history_page (fixture));
  g_assert_cmpstr (all, ==, "bao-cao-signed.pdf|to-trinh.pdf|hop-dong-signed.pdf");
}

/* Delete forgets the focused entry (in the SQLite file too); the toast's
 * Undo brings it back in its place. */
static gboolean
history_has (gpointer data)
{
  Fixture *fixture = data;
  guint    n = g_list_model_get_n_items (smartca_store_get_history (fixture->store));

  return n == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->window), "wanted"));
}

static guint
entries_on_disk (Fixture *fixture)
{
  g_autoptr(SmartcaStore) reopened = smartca_test_open_store (fixture->path);

  return g_list_model_get_n_items (smartca_store_get_history (reopened));
}

static void
test_forget_and_undo (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *name = smartca_format_isolate ("to-trinh.pdf");
  g_autofree char *toast = g_strdup_printf (_("“%s” removed from the history"), name);

  add_three (fixture);
  show_history (fixture);
  before = shown_rows (history_page (fixture));

  /* The keyboard on the second row, then Delete */
  gtk_widget_grab_focus (row_at (history_page (fixture), 1));
  press ("Delete");
  run_main_loop_for (300);
  after = shown_rows (history_page (fixture));
  g_assert_cmpstr (after, ==, "bao-cao-signed.pdf|hop-dong-signed.pdf");
  g_assert_cmpuint (entries_on_disk (fixture), ==, 2);
  assert_toast_shows (fixture->window, toast);
  /* The keyboard stays in the list */
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                             SMARTCA_TYPE_HISTORY_ROW));

  {
    g_autoptr(GString) undo = g_string_new (_("_Undo"));

    g_string_replace (undo, "_", "", 0);
    click (find_button (fixture->window, undo->str));
  }
  g_object_set_data (G_OBJECT (fixture->window), "wanted", GUINT_TO_POINTER (3));
  g_assert_true (wait_for (history_has, fixture));
  restored = shown_rows (history_page (fixture));
  g_assert_cmpstr (restored, ==, before);
  g_assert_cmpuint (entries_on_disk (fixture), ==, 3);

  /* The row's own button does the same, and says what it forgets. */
  {
    GtkWidget       *button = find_named (row_at (history_page (fixture), 0), "forget_button");
    g_autofree char *forgotten = NULL;

    g_assert_nonnull (gtk_widget_get_tooltip_text (button));
    click (button);
    run_main_loop_for (300);
    forgotten = shown_rows (history_page (fixture));
    g_assert_cmpstr (forgotten, ==, "to-trinh.pdf|hop-dong-signed.pdf");
  }
}

/* Activating a signed row whose file is there opens it (gtk_show_uri, here
 * replaced to see the call). */
static char *opened_uri;

static void
record_open (GtkWindow  *parent,
             const char *uri)
{
  g_assert_nonnull (parent);
  g_free (opened_uri);
  opened_uri = g_strdup (uri);
}

static void
test_open_signed (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *signed_copy = g_build_filename (fixture->dir, "hop-dong-signed.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (signed_copy);
  g_autofree char *uri = g_file_get_uri (file);

  smartca_history_set_open_func (record_open);
  add_three (fixture);
  show_history (fixture);

  /* The file that is gone: nothing (the list's cursor follows the keys) */
  gtk_widget_grab_focus (row_at (history_page (fixture), 0));
  press ("Down");
  press ("Up");
  press ("Return");
  g_assert_null (opened_uri);

  press ("Down");
  press ("Down");
  press ("Return");
  g_assert_cmpstr (opened_uri, ==, uri);

  smartca_history_set_open_func (NULL);
  g_clear_pointer (&opened_uri, g_free);
}

/* The history is in the SQLite file: a new store and window on it show it
 * again, in the same order. */
static void
test_survives_restart (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(SmartcaContext) context = NULL;
  g_autofree char          *names = NULL;
  GtkWidget                *window;

  add_three (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  run_main_loop_for (200);

  store = smartca_test_open_store (fixture->path);
  context = smartca_context_new (store, NULL, NULL);
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  fixture->window = window;
  fixture->store = g_object_ref (store);
  fixture->context = g_object_ref (context);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));
  show_history (fixture);
  names = shown_rows (history_page (fixture));
  g_assert_cmpstr (names, ==, "bao-cao-signed.pdf|to-trinh.pdf|hop-dong-signed.pdf");
}

/* Text from files is text: a name that looks like markup shows as it is. */
static void
test_names_are_text (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *names = NULL;

  add_entry (fixture->store, g_get_real_time () / G_USEC_PER_SEC, "/tmp/A & <b>B<i>.pdf", NULL,
             SERIAL_AN, "An <i>&amp;</i>", SMARTCA_HISTORY_FAILED);
  show_history (fixture);
  names = shown_rows (history_page (fixture));
  g_assert_cmpstr (names, ==, "A & <b>B<i>.pdf");
  {
    g_autofree char *text = row_text (row_at (history_page (fixture), 0));

    g_assert_nonnull (strstr (text, "An <i>&amp;</i> · " SERIAL_AN));
    g_assert_nonnull (strstr (text, "The network is down."));
  }
}

/* The Detail: that certificate's signings, not another's; none said so. */
static GtkWidget *
open_detail (Fixture    *fixture,
             const char *serial)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", serial));
  dialog = wait_for_window_of_type (SMARTCA_TYPE_DETAIL_DIALOG);
  g_assert_nonnull (dialog);
  run_main_loop_for (300);
  return GTK_WIDGET (dialog);
}

static void
test_detail (Fixture      *fixture,
             gconstpointer data)
{
  GtkWidget       *dialog;
  g_autofree char *dao = NULL;
  g_autofree char *an = NULL;

  add_three (fixture);
  add_entry (fixture->store, g_get_real_time () / G_USEC_PER_SEC, "/tmp/phu-luc.pdf", NULL,
             SERIAL_DAO, NAME_DAO, SMARTCA_HISTORY_EXPIRED);

  dialog = open_detail (fixture, SERIAL_DAO);
  g_assert_nonnull (find_named (dialog, "signed_documents"));
  dao = shown_rows (find_named (dialog, "signed_documents"));
  g_assert_cmpstr (dao, ==, "phu-luc.pdf|to-trinh.pdf");
  g_assert_null (find_named (row_at (find_named (dialog, "signed_documents"), 0), "forget_button"));
  g_assert_false (gtk_widget_get_mapped (find_named (dialog, "signed_documents_empty")));
  /* Scrolled to, as the keyboard does */
  gtk_widget_grab_focus (row_at (find_named (dialog, "signed_documents"), 0));
  take_screenshot ("detail-signed-documents");
  gtk_window_destroy (GTK_WINDOW (dialog));
  run_main_loop_for (200);

  dialog = open_detail (fixture, SERIAL_AN);
  an = shown_rows (find_named (dialog, "signed_documents"));
  g_assert_cmpstr (an, ==, "hop-dong-signed.pdf");
  gtk_window_destroy (GTK_WINDOW (dialog));
  run_main_loop_for (200);

  dialog = open_detail (fixture, SERIAL_OLD);
  {
    g_autofree char *none = shown_rows (find_named (dialog, "signed_documents"));

    g_assert_cmpstr (none, ==, "");
  }
  {
    GtkWidget *empty = find_named (dialog, "signed_documents_empty");

    g_assert_true (gtk_widget_get_mapped (empty));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (empty)), ==,
                     _("No documents signed with this certificate yet"));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history/empty", test_empty);
  ADD ("/history/newest-first", test_lists_newest_first);
  ADD ("/history/search", test_search);
  ADD ("/history/forget-undo", test_forget_and_undo);
  ADD ("/history/open", test_open_signed);
  ADD ("/history/restart", test_survives_restart);
  ADD ("/history/text", test_names_are_text);
  ADD ("/history/detail", test_detail);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
