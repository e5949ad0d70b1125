/* test-read-only.c: a damaged list in the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is shown read-only with a notice that says why, nothing that
 * would change it is enabled, and Repair (reached as a user would) makes
 * it editable again.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "smartca-certificate-card.h"
#include "smartca-store.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

#define DAY (24 * 60 * 60)

static SmartcaTestPki     *pki;
static SmartcaApplication *app;

static void
fill_store (const char *path)
{
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  const char             *names[] = { "Nguyễn Văn A", "Trần Thị Bích", "Lê Văn Chín" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *cccd = g_strdup_printf ("00109901234%u", i);
      g_autofree char *serial = g_strdup_printf ("5401aa0%u", i);
      g_autofree char *dn = g_strdup_printf ("C=VN,CN=%s,UID=CCCD:%s", names[i], cccd);

      g_ptr_array_add (fresh, smartca_test_pki_certificate (pki, cccd, dn, serial, "SMARTCA PRO",
                                                            smartca_test_now () - DAY, smartca_test_now () + 300 * DAY));
    }
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Garbage over the root page of an index: the rows stay readable, the
 * file fails its integrity check. */
static void
damage_index (const char *path)
{
  g_autofree char *contents = NULL;
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  gint64           page;
  gsize            length;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_schema"
                                           " WHERE name = 'certificates_lookup_id'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, page * 4096);
  memset (contents + (page - 1) * 4096, 0xa5, 4096);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static gboolean
has_three_cards (gpointer window)
{
  g_autoptr(GPtrArray) cards = visible_cards (window);
  return cards->len == 3;
}

static gboolean
has_two_cards (gpointer window)
{
  g_autoptr(GPtrArray) cards = visible_cards (window);
  return cards->len == 2;
}

static gboolean
notice_shown (gpointer window)
{
  GtkWidget *notice = find_named (window, "read_only_notice");
  return notice != NULL && gtk_widget_get_mapped (notice) &&
         gtk_widget_get_height (notice) > 0 &&
         gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (notice)));
}

static gboolean
notice_hidden (gpointer window)
{
  GtkWidget *notice = find_named (window, "read_only_notice");
  return !gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (notice)));
}

/* Opens the focused card's menu with the Menu key and says whether its
 * Delete item can be chosen. */
static gboolean
delete_item_enabled (GtkWidget *window)
{
  GtkPopover *popover;
  GtkWidget  *item;
  gboolean    enabled;

  g_assert_nonnull (focused_card (window));
  press ("Menu");
  popover = find_open_popover (window);
  g_assert_nonnull (popover);
  item = find_menu_item (GTK_WIDGET (popover), "Delete");
  g_assert_nonnull (item);
  enabled = gtk_widget_is_sensitive (item);
  press ("Escape");
  run_main_loop_for (200);
  return enabled;
}

static gboolean
has_focused_card (gpointer window)
{
  return focused_card (window) != NULL;
}

static void
test_damaged_list_repair (void)
{
  g_autofree char          *path = smartca_store_dup_default_path ();
  g_autoptr(GDateTime)      today = g_date_time_new_now_local ();
  g_autofree char          *date = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char          *backup = g_strdup_printf ("%s.damaged-%s", path, date);
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(SmartcaContext) context = NULL;
  g_autoptr(GString)        text = g_string_new ("|");
  GtkWidget                *window;
  GtkWidget                *notice;
  GtkWidget                *repair;
  GtkWidget                *add;

  smartca_test_remove_store_files (path);
  smartca_test_remove_store_files (backup);
  fill_store (path);
  damage_index (path);

  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  context = smartca_context_new (store, NULL, NULL);
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));
  g_assert_true (wait_for (has_three_cards, window));

  /* The notice: shown, says why (naming the file), announced as an alert,
   * with Repair. */
  g_assert_true (wait_for (notice_shown, window));
  notice = find_named (window, "read_only_notice");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (notice)), ==,
                   GTK_ACCESSIBLE_ROLE_ALERT);
  collect_text (notice, text);
  g_assert_nonnull (strstr (text->str, path));
  g_assert_nonnull (strstr (text->str, "damaged"));
  repair = find_button (window, "Repair");
  g_assert_nonnull (repair);
  g_assert_true (gtk_widget_is_sensitive (repair));
  g_assert_true (gtk_widget_get_focusable (repair));

  /* Nothing that would change the list can be used. */
  add = find_named (window, "add_button");
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_false (gtk_widget_is_sensitive (find_named (window, "refresh_button")));
  g_assert_true (wait_for (has_focused_card, window));
  g_assert_false (delete_item_enabled (window));

  /* Repair, from the keyboard: its mnemonic. */
  press ("alt+r");
  g_assert_true (wait_for (notice_hidden, window));
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_false (smartca_store_get_read_only (store));
  g_assert_true (wait_for (has_three_cards, window));

  /* Editing is back: Add, and Delete in the card's menu. */
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (wait_for (has_focused_card, window));
  g_assert_true (delete_item_enabled (window));
  press ("Menu");
  choose_menu_item (window, "Delete");
  g_assert_true (wait_for (has_two_cards, window));

  gtk_window_destroy (GTK_WINDOW (window));
  run_main_loop_for (50);
  g_clear_object (&context);
  g_clear_object (&store);

  /* The deletion reached the repaired file. */
  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_false (smartca_store_get_damaged (store));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==, 2);
  g_clear_object (&store);

  smartca_test_remove_store_files (path);
  smartca_test_remove_store_files (backup);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

  g_test_add_func ("/read-only/damaged-list-repair", test_damaged_list_repair);

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
