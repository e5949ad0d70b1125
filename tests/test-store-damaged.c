/* test-store-damaged.c: damaged and read-only certificate lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "smartca-store.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)
#define N_CERTIFICATES 120

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

  fixture->dir = g_dir_make_tmp ("smartca-damaged-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "certificates.db", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_chmod (fixture->dir, 0700);
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
serial_of (guint i)
{
  return g_strdup_printf ("54%08x", i);
}

/* A list of N_CERTIFICATES, closed, in rollback-journal mode (as a copy
 * made by another tool, or an older SQLite, may be). */
static void
make_list_in_mode (Fixture    *fixture,
                   const char *journal_mode);

static void
make_list (Fixture *fixture)
{
  make_list_in_mode (fixture, "DELETE");
}

static void
make_list_in_mode (Fixture    *fixture,
                   const char *journal_mode)
{
  g_autofree char        *set_mode = g_strdup_printf ("PRAGMA journal_mode = %s", journal_mode);
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)       error = NULL;
  sqlite3                *db = NULL;

  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_CERTIFICATES; i++)
    {
      g_autofree char *serial = serial_of (i);
      g_autofree char *cccd = g_strdup_printf ("0010990%05u", i);
      g_autofree char *dn = g_strdup_printf ("C=VN,L=Hà Nội,CN=Người Thứ %u,UID=CCCD:%s", i, cccd);

      g_ptr_array_add (fresh, smartca_test_pki_certificate (pki, cccd, dn, serial, "SMARTCA PRO",
                                                            smartca_test_now () - DAY, smartca_test_now () + 300 * DAY));
    }
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, set_mode, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

typedef struct
{
  gint64 page;
  gint64 n_cells;
} Page;

/* A page of @name (a table or an index) found with dbstat: the root when
 * @leaf is FALSE, else a leaf in the middle. */
static Page
find_page (const char *path,
           const char *name,
           gboolean    leaf)
{
  Page              page = { 0, 0 };
  g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (Page));
  sqlite3          *db = NULL;
  sqlite3_stmt     *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (!leaf)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                                           -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      page.page = sqlite3_column_int64 (stmt, 0);
    }
  else
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pageno, ncell FROM dbstat"
                                               " WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno",
                                           -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          Page found = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

          g_array_append_val (leaves, found);
        }
      g_assert_cmpuint (leaves->len, >=, 3);
      page = g_array_index (leaves, Page, leaves->len / 2);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (page.page, >, 1);
  return page;
}

static void
write_garbage_over_schema (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length;

  /* Page 1 after the 100-byte file header: the list of tables. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096);
  memset (contents + 100, 0xa5, 4096 - 100);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
write_garbage_over_page (const char *path,
                         gint64      page)
{
  g_autofree char *contents = NULL;
  gsize            length;
  guint            page_size;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  page_size = ((guchar) contents[16] << 8) | (guchar) contents[17];
  g_assert_cmpuint (length, >=, page * page_size);
  memset (contents + (page - 1) * page_size, 0xa5, page_size);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
assert_no_companions (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

static void
assert_same_contents (const char *a,
                      const char *b)
{
  g_autofree char *contents_a = NULL;
  g_autofree char *contents_b = NULL;
  gsize            length_a, length_b;

  g_assert_true (g_file_get_contents (a, &contents_a, &length_a, NULL));
  g_assert_true (g_file_get_contents (b, &contents_b, &length_b, NULL));
  g_assert_cmpmem (contents_a, length_a, contents_b, length_b);
}

static void
assert_writes_refused (SmartcaStore *store)
{
  g_autoptr(GPtrArray)          fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SmartcaCertificate) one = NULL;
  g_autoptr(GError)             error = NULL;
  g_autofree char              *serial = serial_of (1);
  SmartcaCertificate           *stored = smartca_store_lookup (store, serial);

  g_assert_nonnull (stored);
  one = smartca_test_pki_certificate (pki, "001099077777", "C=VN,CN=Mới,UID=CCCD:001099077777",
                                      "77", "SMARTCA PRO", smartca_test_now () - DAY, smartca_test_now () + DAY);
  g_ptr_array_add (fresh, g_object_ref (one));

  g_assert_false (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, smartca_store_get_path (store)));
  g_clear_error (&error);
  g_assert_false (smartca_store_set_custom_name (store, stored, "Tên mới", &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (smartca_store_set_default (store, stored, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (smartca_store_remove (store, stored, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_null (smartca_store_lookup (store, "77"));
  g_assert_cmpstr (smartca_certificate_get_custom_name (stored), ==, NULL);
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static char *
copy_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length;
  char            *copy = g_strconcat (path, ".before", NULL);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  return copy;
}

/* Tests */

/* Nothing readable: the open fails and the file is exactly as it was, in
 * rollback-journal mode, with no -wal or -shm beside it. */
static void
test_unreadable_file_untouched (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GError)       error = NULL;
  g_autofree char        *before = NULL;

  make_list (fixture);
  write_garbage_over_schema (fixture->path);
  before = copy_file (fixture->path);

  store = smartca_store_new (fixture->path, &error);
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  assert_same_contents (before, fixture->path);
  assert_no_companions (fixture->path);
}

/* Damaged index pages: every row is shown, nothing is written, and Repair
 * makes a sound, writable list with every row, keeping the old file. */
static void
test_damaged_index_then_repair (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(SmartcaStore) reopened = NULL;
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)       error = NULL;
  g_autoptr(GDateTime)    today = g_date_time_new_now_local ();
  g_autofree char        *date = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char        *expected_backup = NULL;
  g_autofree char        *backup = NULL;
  g_autofree char        *before = NULL;
  g_autofree char        *serial = serial_of (7);
  g_autofree char        *backup_wal = NULL;
  gboolean                wal = GPOINTER_TO_INT (data);
  SmartcaCertificate     *seventh;

  make_list_in_mode (fixture, wal ? "WAL" : "DELETE");
  write_garbage_over_page (fixture->path,
                           find_page (fixture->path, "certificates_lookup_id", FALSE).page);
  before = copy_file (fixture->path);

  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_read_only (store));
  g_assert_true (smartca_store_get_damaged (store));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==,
                    N_CERTIFICATES);
  assert_writes_refused (store);
  g_assert_true (smartca_store_load_der (store, smartca_store_lookup (store, serial), &error));
  g_assert_no_error (error);
  /* Opened, read, written to in vain: the file has not changed at all. */
  g_clear_object (&store);
  assert_same_contents (before, fixture->path);
  if (!wal)
    assert_no_companions (fixture->path);
  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);

  seventh = smartca_store_lookup (store, serial);
  g_assert_true (smartca_store_repair (store, &backup, &error));
  g_assert_no_error (error);
  expected_backup = g_strdup_printf ("%s.damaged-%s", fixture->path, date);
  g_assert_cmpstr (backup, ==, expected_backup);
  assert_same_contents (before, backup);
  /* A write-ahead log belongs with its file: it went along. */
  backup_wal = g_strconcat (backup, "-wal", NULL);
  g_assert_true (g_file_test (backup_wal, G_FILE_TEST_EXISTS) == wal);

  g_assert_false (smartca_store_get_read_only (store));
  g_assert_false (smartca_store_get_damaged (store));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==,
                    N_CERTIFICATES);
  /* The cards on screen stay bound to the same objects. */
  g_assert_true (smartca_store_lookup (store, serial) == seventh);
  g_assert_true (smartca_store_set_custom_name (store, seventh, "Bảy", &error));
  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate (pki, "001099077777",
                                                        "C=VN,CN=Mới,UID=CCCD:001099077777",
                                                        "77", "SMARTCA PRO", smartca_test_now () - DAY,
                                                        smartca_test_now () + DAY));
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  reopened = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (smartca_store_get_damaged (reopened));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (reopened)), ==,
                    N_CERTIFICATES + 1);
  g_assert_cmpstr (smartca_certificate_get_custom_name (smartca_store_lookup (reopened, serial)),
                   ==, "Bảy");
  g_assert_true (smartca_store_load_der (reopened, smartca_store_lookup (reopened, serial), &error));
  g_assert_no_error (error);
  g_assert_nonnull (smartca_certificate_get_der (smartca_store_lookup (reopened, serial)));
  g_unlink (before);
}

/* Damage can leave two rows marked default (the index that forbids it is
 * part of what broke), certificates or signature images. Repair keeps all
 * the rows, and one default of each. */
static void
test_repair_keeps_rows_with_two_defaults (Fixture      *fixture,
                                          gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(SmartcaStore) reopened = NULL;
  g_autoptr(GError)       error = NULL;
  g_autofree char        *third = serial_of (3);
  g_autofree char        *fifth = serial_of (5);
  g_autofree char        *sql = NULL;
  sqlite3                *db = NULL;
  guint                   n_defaults = 0;
  GListModel             *list;

  make_list (fixture);
  sql = g_strdup_printf ("DROP INDEX certificates_single_default;"
                         "UPDATE certificates SET is_default = (serial_number IN ('%s', '%s'));"
                         "DROP INDEX signature_images_single_default;"
                         "INSERT INTO signature_images (id, file_name, label, added_at, is_default)"
                         " VALUES (1, 'a.png', 'A', 1, 0), (2, 'b.png', 'B', 2, 1),"
                         " (3, 'c.png', 'C', 3, 1);",
                         third, fifth);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  write_garbage_over_page (fixture->path,
                           find_page (fixture->path, "certificates_lookup_id", FALSE).page);

  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_damaged (store));
  g_assert_true (smartca_store_repair (store, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  reopened = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  list = smartca_store_get_certificates (reopened);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_CERTIFICATES);
  g_assert_nonnull (smartca_store_lookup (reopened, third));
  g_assert_nonnull (smartca_store_lookup (reopened, fifth));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SmartcaCertificate) c = g_list_model_get_item (list, i);

      n_defaults += smartca_certificate_get_is_default (c);
    }
  g_assert_cmpuint (n_defaults, ==, 1);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (reopened, third)));

  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (reopened)), ==, 3);
  g_assert_cmpint (smartca_signature_image_get_id (smartca_store_get_default_image (reopened)), ==, 2);
  g_assert_false (smartca_signature_image_get_is_default (smartca_store_lookup_image (reopened, 3)));
}

/* A damaged page of the table costs the rows on it, and only those. */
static void
test_damaged_table_page (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(SmartcaStore) reopened = NULL;
  g_autoptr(GError)       error = NULL;
  g_autofree char        *first = serial_of (0);
  g_autofree char        *last = serial_of (N_CERTIFICATES - 1);
  Page                    page;
  guint                   expected;

  make_list (fixture);
  page = find_page (fixture->path, "certificates", TRUE);
  expected = N_CERTIFICATES - page.n_cells;
  write_garbage_over_page (fixture->path, page.page);

  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_damaged (store));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==, expected);
  g_assert_nonnull (smartca_store_lookup (store, first));
  g_assert_nonnull (smartca_store_lookup (store, last));

  g_assert_true (smartca_store_repair (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==, expected);
  g_clear_object (&store);

  reopened = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (smartca_store_get_read_only (reopened));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (reopened)), ==,
                    expected);
}

/* The certificates' DER is not read at opening (it is most of the file):
 * damage there is found when a certificate is read, and from then on the
 * list is read-only with Repair, as if found at opening. */
static void
test_damaged_der_found_later (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GError)       error = NULL;
  GListModel             *model;
  guint                   n_damaged = 0;
  guint                   n_missing = 0;
  gboolean                notified = FALSE;
  Page                    page;

  make_list (fixture);
  page = find_page (fixture->path, "certificate_der", TRUE);
  write_garbage_over_page (fixture->path, page.page);

  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (smartca_store_get_read_only (store));
  g_signal_connect_swapped (store, "notify::read-only", G_CALLBACK (set_true), &notified);

  model = smartca_store_get_certificates (store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaCertificate) c = g_list_model_get_item (model, i);

      if (!smartca_store_load_der (store, c, &error))
        {
          g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_CORRUPT);
          g_clear_error (&error);
          n_damaged++;
        }
    }
  g_assert_cmpuint (n_damaged, ==, page.n_cells);
  g_assert_true (notified);
  g_assert_true (smartca_store_get_damaged (store));
  assert_writes_refused (store);

  /* Repair keeps every certificate; those whose DER was lost say so. */
  g_assert_true (smartca_store_repair (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CERTIFICATES);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaCertificate) c = g_list_model_get_item (model, i);

      if (!smartca_store_load_der (store, c, &error))
        {
          g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND);
          g_clear_error (&error);
          n_missing++;
        }
    }
  g_assert_cmpuint (n_missing, ==, page.n_cells);
  g_assert_false (smartca_store_get_read_only (store));
}

static void
test_read_only_folder (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GError)       error = NULL;
  g_autofree char        *reason = NULL;
  g_autofree char        *probe = g_build_filename (fixture->dir, "probe", NULL);
  g_autofree char        *before = NULL;

  make_list (fixture);
  /* Back to the app's own journal mode: WAL, whose -shm cannot be made in
   * a read-only folder. */
  store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  before = copy_file (fixture->path);

  g_assert_cmpint (g_chmod (fixture->path, 0400), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  if (!smartca_test_set_dac_override (FALSE))
    {
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      return;
    }
  /* The kernel now refuses what a user would be refused. */
  g_assert_false (g_file_set_contents (probe, "x", 1, NULL));

  store = smartca_store_new (fixture->path, &error);
  smartca_test_set_dac_override (TRUE);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (smartca_store_get_read_only (store));
  g_assert_false (smartca_store_get_damaged (store));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==,
                    N_CERTIFICATES);
  reason = smartca_store_dup_read_only_reason (store);
  g_assert_nonnull (strstr (reason, fixture->path));

  smartca_test_set_dac_override (FALSE);
  assert_writes_refused (store);
  smartca_test_set_dac_override (TRUE);
  assert_same_contents (before, fixture->path);
  g_unlink (before);
}

/* A list left with changes in its write-ahead log (the app or the machine
 * stopped before the log was folded in), then found in a read-only folder:
 * the changes are part of the list and are shown. */
static void
test_read_only_folder_with_log (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GError)       error = NULL;
  g_autofree char        *source = g_strconcat (fixture->path, ".source", NULL);
  g_autofree char        *serial = serial_of (7);
  g_autofree char        *sql = NULL;
  g_autofree char        *before = NULL;
  const char *const       suffixes[] = { "", "-wal", "-shm" };
  sqlite3                *db = NULL;
  char                   *path = fixture->path;

  fixture->path = source;
  make_list (fixture);
  fixture->path = path;

  sql = g_strdup_printf ("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                         "UPDATE certificates SET custom_name = 'Bảy' WHERE serial_number = '%s';",
                         serial);
  g_assert_cmpint (sqlite3_open (source, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  /* A copy as the files are now: the change is in the log only. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (source, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (fixture->path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize            length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
      g_chmod (to, 0400);
    }
  sqlite3_close (db);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (source, suffixes[i], NULL);

      g_unlink (file);
    }

  before = copy_file (fixture->path);

  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  if (!smartca_test_set_dac_override (FALSE))
    {
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      g_unlink (before);
      return;
    }
  store = smartca_store_new (fixture->path, &error);
  smartca_test_set_dac_override (TRUE);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_read_only (store));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==,
                    N_CERTIFICATES);
  g_assert_cmpstr (smartca_certificate_get_custom_name (smartca_store_lookup (store, serial)), ==,
                   "Bảy");
  g_clear_object (&store);
  assert_same_contents (before, fixture->path);
  g_unlink (before);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store-damaged/unreadable-file-untouched", test_unreadable_file_untouched);
  g_test_add ("/store-damaged/damaged-index-then-repair", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_damaged_index_then_repair, fixture_tear_down);
  g_test_add ("/store-damaged/damaged-index-then-repair-wal", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_damaged_index_then_repair, fixture_tear_down);
  ADD ("/store-damaged/damaged-table-page", test_damaged_table_page);
  ADD ("/store-damaged/repair-keeps-rows-with-two-defaults",
       test_repair_keeps_rows_with_two_defaults);
  ADD ("/store-damaged/damaged-der-found-later", test_damaged_der_found_later);
  ADD ("/store-damaged/read-only-folder", test_read_only_folder);
  ADD ("/store-damaged/read-only-folder-with-log", test_read_only_folder_with_log);
#undef ADD

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
