/* test-store-sync.c: the list and the file agree, with two processes on
 * one file and with duplicates in one answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "smartca-store.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)

static SmartcaTestPki *pki;

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("smartca-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "smartca.db", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* What the file holds, one line per certificate in id order: serial,
 * default, custom name, service name, valid_to. */
static char *
dump_file (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3           *db = NULL;
  sqlite3_stmt      *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT serial_number, is_default, custom_name,"
                                           " service_name, valid_to FROM certificates"
                                           " ORDER BY serial_number",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %d %s %s %" G_GINT64_FORMAT "\n",
                            sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                            sqlite3_column_text (stmt, 2) ? (const char *) sqlite3_column_text (stmt, 2) : "-",
                            sqlite3_column_text (stmt, 3), (gint64) sqlite3_column_int64 (stmt, 4));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The same, from a store's list. */
static char *
dump_list (SmartcaStore *store)
{
  GListModel          *model = smartca_store_get_certificates (store);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString)   out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaCertificate) c = g_list_model_get_item (model, i);
      const char                   *custom = smartca_certificate_get_custom_name (c);

      g_assert_true (smartca_store_lookup (store, smartca_certificate_get_serial_number (c)) == c);
      g_ptr_array_add (lines, g_strdup_printf ("%s %d %s %s %" G_GINT64_FORMAT "\n",
                                               smartca_certificate_get_serial_number (c),
                                               smartca_certificate_get_is_default (c),
                                               custom != NULL ? custom : "-",
                                               smartca_certificate_get_service_name (c),
                                               smartca_certificate_get_valid_to (c)));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_list_is_file (SmartcaStore *store,
                     const char   *path)
{
  g_autofree char *in_file = dump_file (path);
  g_autofree char *in_list = dump_list (store);

  g_assert_cmpstr (in_list, ==, in_file);
}

static void
test_two_connections (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(SmartcaStore) a = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaStore) b = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    from_a = smartca_test_certificates (smartca_test_pki_person (pki, "0a", "Anh", "001099000001"), NULL);
  g_autoptr(GPtrArray)    from_b = smartca_test_certificates (smartca_test_pki_person (pki, "0b", "Bình", "001099000002"), NULL);
  g_autoptr(GPtrArray)    more_a = smartca_test_certificates (smartca_test_pki_person (pki, "0c", "Chi", "001099000003"), NULL);
  g_autoptr(GError)       error = NULL;
  SmartcaCertificate     *stale;

  /* The command line adds one while the window's store has an empty list:
   * the window's add must not make a second default. */
  g_assert_true (smartca_store_upsert (a, from_a, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_upsert (b, from_b, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_test_n_certificates (b), ==, 2);
  g_assert_cmpuint (smartca_test_count_defaults (b), ==, 1);
  g_assert_cmpstr (smartca_certificate_get_serial_number (smartca_store_get_default (b)), ==, "0a");
  assert_list_is_file (b, fixture->path);

  /* b makes its own the default, then a (still thinking 0a is) adds more. */
  g_assert_true (smartca_store_set_default (b, smartca_store_lookup (b, "0b"), &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_upsert (a, more_a, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_list_is_file (a, fixture->path);
  g_assert_cmpstr (smartca_certificate_get_serial_number (smartca_store_get_default (a)), ==, "0b");

  /* b removes the default; its successor is decided from the file (0c,
   * which b never saw, is valid as long as 0a: the lower serial wins). */
  g_assert_true (smartca_store_remove (b, smartca_store_lookup (b, "0b"), &error));
  g_assert_no_error (error);
  assert_list_is_file (b, fixture->path);
  g_assert_cmpuint (smartca_test_count_defaults (b), ==, 1);

  /* a renames what b just removed: refused, and a's list loses it. */
  stale = smartca_store_lookup (a, "0b");
  g_assert_nonnull (stale);
  g_assert_false (smartca_store_set_custom_name (a, stale, "Cũ", &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (smartca_store_lookup (a, "0b"));
  assert_list_is_file (a, fixture->path);

  /* And a rename by one is seen by the other at its next write. */
  g_assert_true (smartca_store_set_custom_name (a, smartca_store_lookup (a, "0c"), "Chị Chi", &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_set_default (b, smartca_store_lookup (b, "0c"), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (smartca_certificate_get_custom_name (smartca_store_lookup (b, "0c")), ==, "Chị Chi");
  assert_list_is_file (b, fixture->path);
}

static SmartcaCertificate *
copy_with (const char *serial,
           const char *service_name,
           gint64      valid_to)
{
  return smartca_test_pki_certificate (pki, "001099000009",
                                       "C=VN,CN=Lê Văn Chín,UID=CCCD:001099000009",
                                       serial, service_name, smartca_test_now () - 30 * DAY, valid_to);
}

static void
test_duplicates_last_copy_wins (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    added = NULL;
  g_autoptr(GPtrArray)    updated = NULL;
  g_autoptr(GError)       error = NULL;
  g_autofree char        *list_after_add = NULL;
  g_autofree char        *list_after_update = NULL;
  g_autofree char        *reopened = NULL;
  guint                   n_added = 99, n_updated = 99;
  gint64                  later = smartca_test_now () + 900 * DAY;

  /* New: the same serial twice in one answer, with different fields. */
  added = smartca_test_certificates (copy_with ("09", "SMARTCA PERSONAL BASIC", smartca_test_now () + 300 * DAY),
                                     smartca_test_pki_person (pki, "01", "Một", "001099000001"),
                                     copy_with ("09", "SMARTCA PERSONAL PRO", later), NULL);
  g_assert_true (smartca_store_upsert (store, added, &n_added, &n_updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (n_updated, ==, 0);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 2);
  g_assert_cmpstr (smartca_certificate_get_service_name (smartca_store_lookup (store, "09")), ==,
                   "SMARTCA PERSONAL PRO");
  assert_list_is_file (store, fixture->path);
  list_after_add = dump_list (store);

  /* Stored: the IDs of one refresh answer with two versions of it. */
  updated = smartca_test_certificates (copy_with ("09", "SMARTCA PERSONAL PLUS", later + DAY),
                                       copy_with ("09", "SMARTCA ENTERPRISE", later + 2 * DAY), NULL);
  g_assert_true (smartca_store_upsert (store, updated, &n_added, &n_updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 0);
  g_assert_cmpuint (n_updated, ==, 1);
  g_assert_cmpstr (smartca_certificate_get_service_name (smartca_store_lookup (store, "09")), ==,
                   "SMARTCA ENTERPRISE");
  g_assert_cmpint (smartca_certificate_get_valid_to (smartca_store_lookup (store, "09")), ==,
                   later + 2 * DAY);
  assert_list_is_file (store, fixture->path);
  list_after_update = dump_list (store);

  g_clear_object (&store);
  store = smartca_test_open_store (fixture->path);
  reopened = dump_list (store);
  g_assert_cmpstr (reopened, ==, list_after_update);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store-sync/two-connections", test_two_connections);
  ADD ("/store-sync/duplicates-last-copy-wins", test_duplicates_last_copy_wins);
#undef ADD

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
