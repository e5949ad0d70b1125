/* test-store.c: the SQLite certificate store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "smartca-dn.h"
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

  fixture->dir = g_dir_make_tmp ("smartca-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: the store creates it. */
  fixture->path = g_build_filename (fixture->dir, "nested", "smartca.db", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static int
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  int      rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}

/* Tests */

static void
test_new_store_is_empty_and_migrated (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  sqlite3                *db = NULL;
  sqlite3_stmt           *stmt = NULL;

  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 0);
  g_assert_null (smartca_store_get_default (store));
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, SMARTCA_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_migrates_an_empty_file (Fixture      *fixture,
                             gconstpointer data)
{
  g_autofree char        *dir = g_path_get_dirname (fixture->path);
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GPtrArray)    fresh = NULL;
  g_autoptr(GError)       error = NULL;

  /* A zero-byte file is a valid, empty SQLite database of version 0. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, "", 0, NULL));

  store = smartca_test_open_store (fixture->path);
  fresh = smartca_test_certificates (smartca_test_pki_person (pki, "54010101aa", "Nguyễn Văn A", "001099012345"), NULL);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 1);
}

static void
test_add_update_and_persist (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(SmartcaStore)       store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)          fresh = NULL;
  g_autoptr(GPtrArray)          again = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaCertificate) changed = NULL;
  SmartcaCertificate           *stored;
  guint                         added = 99, updated = 99;

  fresh = smartca_test_certificates (smartca_test_pki_person (pki, "54010101AA", "Nguyễn Văn A", "001099012345"),
                                     smartca_test_pki_person (pki, "54010101bb", "Trần Thị Bích Đào", "079188000111"),
                                     NULL);
  g_assert_true (smartca_store_upsert (store, fresh, &added, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (updated, ==, 0);

  /* Serial numbers are looked up without regard to case. */
  stored = smartca_store_lookup (store, "54010101aa");
  g_assert_nonnull (stored);
  g_assert_true (stored == smartca_store_lookup (store, "54010101AA"));
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Nguyễn Văn A");
  g_assert_cmpstr (smartca_certificate_get_id_number (stored), ==, "001099012345");
  g_assert_true (smartca_store_set_custom_name (store, stored, "  Chữ ký công việc  ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Chữ ký công việc");

  /* The same certificate from SmartCA again updates it, keeps the user's
   * name, and never adds it twice. */
  changed = smartca_test_pki_person (pki, "54010101aa", "Nguyễn Văn A", "001099012345");
  smartca_certificate_set_status_text (changed, "Tạm dừng");
  again = smartca_test_certificates (g_object_ref (changed), NULL);
  g_assert_true (smartca_store_upsert (store, again, &added, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (updated, ==, 1);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 2);
  g_assert_cmpstr (smartca_certificate_get_status_text (stored), ==, "Tạm dừng");
  g_assert_cmpint (smartca_certificate_get_status (stored), ==, SMARTCA_CERTIFICATE_STATUS_INACTIVE);
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Chữ ký công việc");

  g_clear_object (&store);

  /* Everything is still there after reopening. */
  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 2);
  stored = smartca_store_lookup (store, "54010101aa");
  g_assert_nonnull (stored);
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Chữ ký công việc");
  g_assert_cmpstr (smartca_certificate_get_common_name (stored), ==, "Nguyễn Văn A");
  g_assert_cmpstr (smartca_certificate_get_status_text (stored), ==, "Tạm dừng");
  g_assert_cmpstr (smartca_certificate_get_service_name (stored), ==, "SMARTCA PERSONAL PRO");
  g_assert_true (smartca_certificate_get_is_default (stored));

  /* The DER stays on disk until asked for, and comes back intact. */
  g_assert_null (smartca_certificate_get_der (stored));
  g_assert_true (smartca_store_load_der (store, stored, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (smartca_certificate_get_der (stored),
                                smartca_certificate_get_der (g_ptr_array_index (fresh, 0))));
  g_assert_true (g_bytes_equal (smartca_certificate_get_ca_der (stored),
                                smartca_test_pki_get_ca_der (pki)));

  {
    g_auto(GStrv) ids = smartca_store_dup_lookup_ids (store);
    const char   *expected[] = { "001099012345", "079188000111", NULL };
    g_assert_cmpstrv (ids, expected);
  }
}

static void
test_rename_rules (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    fresh = smartca_test_certificates (smartca_test_pki_person (pki, "54010101aa", "Nguyễn Văn A", "001099012345"), NULL);
  g_autoptr(GError)       error = NULL;
  g_autoptr(GString)      too_long = g_string_new (NULL);
  SmartcaCertificate     *stored;

  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  stored = smartca_store_lookup (store, "54010101aa");

  for (guint i = 0; i <= SMARTCA_STORE_NAME_MAX_CHARS; i++)
    g_string_append (too_long, "ệ");
  g_assert_false (smartca_store_set_custom_name (store, stored, too_long->str, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Nguyễn Văn A");

  g_assert_true (smartca_store_set_custom_name (store, stored, "Ký hợp đồng", &error));
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Ký hợp đồng");

  /* Empty (or blank) restores the name SmartCA returned. */
  g_assert_true (smartca_store_set_custom_name (store, stored, "   ", &error));
  g_assert_no_error (error);
  g_assert_null (smartca_certificate_get_custom_name (stored));
  g_assert_cmpstr (smartca_certificate_get_display_name (stored), ==, "Nguyễn Văn A");
}

static void
test_one_default (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    first = smartca_test_certificates (smartca_test_pki_person (pki, "01", "Một", "001099000001"), NULL);
  g_autoptr(GPtrArray)    more = smartca_test_certificates (smartca_test_pki_person (pki, "02", "Hai", "001099000002"),
                                                            smartca_test_pki_person (pki, "03", "Ba", "001099000003"), NULL);
  g_autoptr(GError)       error = NULL;
  SmartcaCertificate     *one, *two, *three;

  /* The first certificate ever added becomes the default by itself. */
  g_assert_true (smartca_store_upsert (store, first, NULL, NULL, &error));
  one = smartca_store_lookup (store, "01");
  g_assert_true (smartca_certificate_get_is_default (one));

  g_assert_true (smartca_store_upsert (store, more, NULL, NULL, &error));
  two = smartca_store_lookup (store, "02");
  three = smartca_store_lookup (store, "03");
  g_assert_true (smartca_store_get_default (store) == one);
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);

  g_assert_true (smartca_store_set_default (store, three, &error));
  g_assert_no_error (error);
  g_assert_false (smartca_certificate_get_is_default (one));
  g_assert_true (smartca_certificate_get_is_default (three));
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);

  g_clear_object (&store);
  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, "03")));

  /* The database itself refuses a second default. */
  g_clear_object (&store);
  g_assert_cmpint (raw_exec (fixture->path,
                             "UPDATE certificates SET is_default = 1 WHERE serial_number = '01'"),
                   ==, SQLITE_CONSTRAINT);
  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);
  (void) two;
}

static void
test_remove (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(SmartcaStore)       store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)          fresh = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaCertificate) expired = NULL;
  SmartcaCertificate           *first;

  expired = smartca_test_pki_certificate (pki, "001099000002",
                                          "CN=Cũ,UID=CCCD:001099000002", "02", "SMARTCA BASIC",
                                          smartca_test_now () - 800 * DAY, smartca_test_now () - 10 * DAY);
  fresh = smartca_test_certificates (smartca_test_pki_person (pki, "01", "Một", "001099000001"), g_object_ref (expired),
                                     smartca_test_pki_person (pki, "03", "Ba", "001099000003"), NULL);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  first = smartca_store_lookup (store, "01");
  g_assert_true (smartca_certificate_get_is_default (first));

  /* Removing the default hands it to one that can still sign. */
  g_assert_true (smartca_store_remove (store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 2);
  g_assert_null (smartca_store_lookup (store, "01"));
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, "03")));
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);

  /* Only an expired one left: it cannot sign, so it does not become the
   * default. */
  g_assert_true (smartca_store_remove (store, smartca_store_lookup (store, "03"), &error));
  g_assert_false (smartca_certificate_get_is_default (smartca_store_lookup (store, "02")));
  g_assert_null (smartca_store_get_default (store));

  /* Removing one that is gone already is an error, not a crash. */
  g_assert_false (smartca_store_remove (store, first, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 1);
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 0);
}

static void
test_invalid_batch_writes_nothing (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    fresh = NULL;
  g_autoptr(GError)       error = NULL;
  SmartcaCertificate     *broken = smartca_test_pki_person (pki, "02", "Hai", "001099000002");

  smartca_certificate_set_der (broken, NULL);
  fresh = smartca_test_certificates (smartca_test_pki_person (pki, "01", "Một", "001099000001"), broken, NULL);
  g_assert_false (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 0);

  g_clear_object (&store);
  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 0);
}

static void
assert_file_unchanged_after_open (const char *path,
                                  int         expected_code)
{
  g_autofree char        *before = NULL;
  g_autofree char        *after = NULL;
  gsize                   before_len, after_len;
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = NULL;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  store = smartca_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, SMARTCA_STORE_ERROR, expected_code);
  /* The message names the file, so the user knows what to move away. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_corrupt_file (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  memcpy (garbage, "not a database at all", 21);
  g_assert_true (g_file_set_contents (fixture->path, garbage, 8192, NULL));
  assert_file_unchanged_after_open (fixture->path, SMARTCA_STORE_ERROR_CORRUPT);
}

static void
test_newer_version (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    fresh = smartca_test_certificates (smartca_test_pki_person (pki, "01", "Một", "001099000001"), NULL);

  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, NULL));
  g_clear_object (&store);
  g_assert_cmpint (raw_exec (fixture->path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 99"),
                   ==, SQLITE_OK);
  assert_file_unchanged_after_open (fixture->path, SMARTCA_STORE_ERROR_TOO_NEW);
}

static void
test_no_secret_columns (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  sqlite3                *db = NULL;
  sqlite3_stmt           *stmt = NULL;

  /* Business settings are a flag and a method; the password and secret key
   * belong to the keyring, so no column may be able to hold them. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT m.name, p.name FROM sqlite_master m"
                                       " JOIN pragma_table_info (m.name) p WHERE m.type = 'table'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 1);

      g_assert_null (strstr (column, "password"));
      g_assert_null (strstr (column, "secret"));
      g_assert_null (strstr (column, "otp"));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
list_order (SmartcaStore *store)
{
  GListModel *model = smartca_store_get_certificates (store);
  GString    *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaCertificate) c = g_list_model_get_item (model, i);
      g_string_append_printf (order, "%s%s", i > 0 ? "|" : "",
                              smartca_certificate_get_display_name (c));
    }
  return g_string_free (order, FALSE);
}

static void
test_list_order (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)    first = smartca_test_certificates (smartca_test_pki_person (pki, "01", "Trần Bình", "001099000001"), NULL);
  g_autoptr(GPtrArray)    more = smartca_test_certificates (smartca_test_pki_person (pki, "02", "Đặng Châu", "001099000002"),
                                                            smartca_test_pki_person (pki, "03", "An Khang", "001099000003"), NULL);
  g_autoptr(GError)       error = NULL;
  g_autofree char        *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  /* The default first, then by name as people read it: Đ with the Ds,
   * before T (code points would put it after Z). */
  g_assert_true (smartca_store_upsert (store, first, NULL, NULL, &error));
  g_assert_true (smartca_store_upsert (store, more, NULL, NULL, &error));
  a = list_order (store);
  g_assert_cmpstr (a, ==, "Trần Bình|An Khang|Đặng Châu");

  g_assert_true (smartca_store_set_default (store, smartca_store_lookup (store, "03"), &error));
  b = list_order (store);
  g_assert_cmpstr (b, ==, "An Khang|Đặng Châu|Trần Bình");

  g_assert_true (smartca_store_set_custom_name (store, smartca_store_lookup (store, "02"),
                                                "Bảo", &error));
  c = list_order (store);
  g_assert_cmpstr (c, ==, "An Khang|Bảo|Trần Bình");

  /* And it comes back from disk the same way. */
  g_clear_object (&store);
  store = smartca_test_open_store (fixture->path);
  d = list_order (store);
  g_assert_cmpstr (d, ==, "An Khang|Bảo|Trần Bình");
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_concurrent_first_open (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(SmartcaStore) s1 = NULL;
  g_autoptr(SmartcaStore) s2 = NULL;
  g_autoptr(GError)       e1 = NULL;
  g_autoptr(GError)       e2 = NULL;

  /* Two connections create the same new file at once: the second waits for
   * the first's migration instead of running it again. */
  smartca_store_new_async (fixture->path, NULL, opened_cb, &r1);
  smartca_store_new_async (fixture->path, NULL, opened_cb, &r2);
  while (r1 == NULL || r2 == NULL)
    g_main_context_iteration (NULL, TRUE);
  s1 = smartca_store_new_finish (r1, &e1);
  s2 = smartca_store_new_finish (r2, &e2);
  g_assert_no_error (e1);
  g_assert_no_error (e2);
  g_assert_nonnull (s1);
  g_assert_nonnull (s2);
}

static void
test_dn (void)
{
  g_autofree char *kind = NULL;
  g_autofree char *number = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *quoted = NULL;

  number = smartca_dn_dup_id_number ("C=VN,ST=HÀ NỘI,L=Quận,CN=Nguyễn Văn A,UID=CCCD:001099012345", &kind);
  g_assert_cmpstr (number, ==, "001099012345");
  g_assert_cmpstr (kind, ==, "CCCD");
  g_clear_pointer (&number, g_free);
  g_clear_pointer (&kind, g_free);

  number = smartca_dn_dup_id_number ("CN=CÔNG TY TNHH ABC,0.9.2342.19200300.100.1.1=MST:0101234567", &kind);
  g_assert_cmpstr (number, ==, "0101234567");
  g_assert_cmpstr (kind, ==, "MST");

  cn = smartca_dn_dup_attribute ("c=VN, cn=Lê Thị Hồng , o=X", "CN");
  g_assert_cmpstr (cn, ==, "Lê Thị Hồng");
  escaped = smartca_dn_dup_attribute ("CN=CÔNG TY A\\, B VÀ C,O=\\41BC", "CN");
  g_assert_cmpstr (escaped, ==, "CÔNG TY A, B VÀ C");
  quoted = smartca_dn_dup_attribute ("O=\"Hà Nội, Việt Nam\",CN=X", "O");
  g_assert_cmpstr (quoted, ==, "Hà Nội, Việt Nam");

  g_assert_null (smartca_dn_dup_id_number ("CN=Không có", NULL));
  g_assert_null (smartca_dn_dup_attribute ("", "CN"));
  g_assert_null (smartca_dn_dup_attribute (NULL, "CN"));
  g_clear_pointer (&kind, g_free);
  {
    g_autofree char *bare = smartca_dn_split_uid ("001099012345", &kind);
    g_assert_cmpstr (bare, ==, "001099012345");
    g_assert_null (kind);
  }
}

static void
test_certificate_status (void)
{
  g_autoptr(SmartcaCertificate) c = smartca_certificate_new ("AbCd");
  gint64                        t = 1700000000;

  g_assert_cmpstr (smartca_certificate_get_serial_number (c), ==, "abcd");
  smartca_certificate_set_validity (c, t - 10 * DAY, t + 10 * DAY);
  smartca_certificate_set_status_text (c, "Đang hoạt động");
  g_assert_cmpint (smartca_certificate_get_status_at (c, t), ==, SMARTCA_CERTIFICATE_STATUS_ACTIVE);
  g_assert_cmpint (smartca_certificate_get_status_at (c, t + 10 * DAY), ==, SMARTCA_CERTIFICATE_STATUS_EXPIRED);
  g_assert_cmpint (smartca_certificate_get_status_at (c, t - 11 * DAY), ==, SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID);
  g_assert_cmpint (smartca_certificate_get_days_left_at (c, t), ==, 10);
  g_assert_cmpint (smartca_certificate_get_days_left_at (c, t + 10 * DAY - 60), ==, 1);
  smartca_certificate_set_status_code (c, "REVOKED");
  g_assert_cmpint (smartca_certificate_get_status_at (c, t), ==, SMARTCA_CERTIFICATE_STATUS_INACTIVE);

  g_assert_false (smartca_certificate_get_is_business (c));
  smartca_certificate_set_subject_dn (c, "CN=CÔNG TY TNHH ABC,UID=MST:0101234567");
  g_assert_true (smartca_certificate_get_is_business (c));
  g_assert_cmpstr (smartca_certificate_get_id_number (c), ==, "0101234567");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/new-is-empty-and-migrated", test_new_store_is_empty_and_migrated);
  ADD ("/store/migrates-empty-file", test_migrates_an_empty_file);
  ADD ("/store/add-update-persist", test_add_update_and_persist);
  ADD ("/store/rename", test_rename_rules);
  ADD ("/store/one-default", test_one_default);
  ADD ("/store/remove", test_remove);
  ADD ("/store/invalid-batch-writes-nothing", test_invalid_batch_writes_nothing);
  ADD ("/store/corrupt-file", test_corrupt_file);
  ADD ("/store/newer-version", test_newer_version);
  ADD ("/store/no-secret-columns", test_no_secret_columns);
  ADD ("/store/list-order", test_list_order);
  ADD ("/store/concurrent-first-open", test_concurrent_first_open);
#undef ADD
  g_test_add_func ("/dn/parse", test_dn);
  g_test_add_func ("/certificate/status", test_certificate_status);

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
