/* test-deletion.c: deleting certificates — the default moves only with a
 * deletion that cannot be lost, and keyring entries left behind when the
 * keyring cannot be reached are cleared at the next start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real SQLite file and the real gnome-keyring-daemon of the session
 * wrapper. "The keyring cannot be reached" is a process whose session bus
 * address leads nowhere.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "smartca-deletion.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)
#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_ABC "54010101fedcba9876543210fedcba98"
#define SERIAL_DAO "5401010100000000000000000000beef"

/* Helpers */

static char *
store_path (void)
{
  /* The same in the test and in its subprocesses (the session wrapper's
   * XDG_DATA_HOME). */
  return g_build_filename (g_get_user_data_dir (), "deletion.db", NULL);
}

static void
remove_store (void)
{
  g_autofree char *path = store_path ();

  smartca_test_remove_store_files (path);
}

/* Three certificates; Nguyễn Văn An, valid longest, is the default and
 * Trần Thị Bích Đào (valid next longest) is the one to take over. */
static void
fill_store (void)
{
  g_autoptr(SmartcaTestPki) pki = smartca_test_pki_new ();
  g_autofree char          *path = store_path ();
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(GPtrArray)      fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64                    now = g_get_real_time () / G_USEC_PER_SEC;

  remove_store ();
  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "001099012345", "C=VN,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                            SERIAL_AN, "SMARTCA PERSONAL PRO", now - 100 * DAY, now + 800 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567", "C=VN,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                            SERIAL_ABC, "ESEAL", now - 100 * DAY, now + 30 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "079188000111", "C=VN,CN=Trần Thị Bích Đào,UID=CCCD:079188000111",
                            SERIAL_DAO, "SMARTCA BASIC", now - 10 * DAY, now + 300 * DAY));
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_AN)));
}

static SmartcaStore *
open_store (void)
{
  g_autofree char  *path = store_path ();
  g_autoptr(GError) error = NULL;
  SmartcaStore     *store = smartca_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* What the file says, read with SQLite itself */
static int
count_rows (const char *sql)
{
  g_autofree char *path = store_path ();
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  int              n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
vault_store (SmartcaVault     *vault,
             SmartcaSecretKind kind,
             const char       *serial,
             const char       *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;

  smartca_vault_store_async (vault, kind, serial, secret, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_vault_store_finish (vault, smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static gboolean
vault_has (SmartcaVault     *vault,
           SmartcaSecretKind kind,
           const char       *serial)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  char                   *secret;

  smartca_vault_lookup_async (vault, kind, serial, NULL, smartca_test_result_cb, &result);
  secret = smartca_vault_lookup_finish (vault, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  smartca_vault_free_secret (secret);
  return secret != NULL;
}

static char *
keyring_cleanup_list (SmartcaStore *store)
{
  g_auto(GStrv) serials = smartca_store_dup_keyring_cleanup (store);

  return g_strjoinv ("|", serials);
}

/* Tests */

/* The keyring cannot be reached when the deletion is committed: the row
 * goes all the same and the serial is listed; the next start (with the
 * keyring) clears the entries and the list. */
static void
test_keyring_unreachable (void)
{
  g_autoptr(SmartcaVault)    vault = NULL;
  g_autoptr(SmartcaStore)    store = NULL;
  g_autoptr(SmartcaContext)  context = NULL;
  g_autoptr(SmartcaDeletion) deletion = NULL;
  g_autoptr(GAsyncResult)    result = NULL;
  g_autoptr(GError)          error = NULL;
  g_autofree char           *listed = NULL;
  gboolean                   keyring_cleared = TRUE;

  if (g_test_subprocess ())
    {
      /* No session bus at all here, so no keyring. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/smartca-test-bus", TRUE);

      store = open_store ();
      context = smartca_context_new (store, NULL, NULL);
      deletion = smartca_deletion_new (context);
      g_assert_true (smartca_deletion_request (deletion, smartca_store_lookup (store, SERIAL_AN),
                                               &error));
      g_assert_no_error (error);
      smartca_deletion_commit_async (deletion, smartca_store_lookup (store, SERIAL_AN), NULL,
                                     smartca_test_result_cb, &result);
      g_assert_true (smartca_deletion_commit_finish (deletion, smartca_test_wait_result (&result),
                                                     &keyring_cleared, &error));
      g_assert_no_error (error);
      g_assert_false (keyring_cleared);

      g_assert_null (smartca_store_lookup (store, SERIAL_AN));
      listed = keyring_cleanup_list (store);
      g_assert_cmpstr (listed, ==, SERIAL_AN);
      return;
    }

  fill_store ();
  vault = smartca_vault_new ();
  vault_store (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_AN, "mật khẩu doanh nghiệp");
  vault_store (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_AN, "JBSWY3DPEHPK3PXP");

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* What that run left: the certificate gone, exactly one default, its
   * secrets still in the keyring and its serial on the list. */
  g_assert_true (vault_has (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_AN));
  g_assert_true (vault_has (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_AN));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM certificates WHERE serial_number = '" SERIAL_AN "'"), ==, 0);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM certificates WHERE is_default = 1"), ==, 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_keyring_cleanup"), ==, 1);

  /* The next start, with the keyring. */
  store = open_store ();
  g_assert_null (smartca_store_lookup (store, SERIAL_AN));
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_DAO)));
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);
  listed = keyring_cleanup_list (store);
  g_assert_cmpstr (listed, ==, SERIAL_AN);

  context = smartca_context_new (store, NULL, NULL);
  deletion = smartca_deletion_new (context);
  smartca_deletion_complete_all_async (deletion, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_deletion_complete_all_finish (deletion, smartca_test_wait_result (&result),
                                                       &keyring_cleared, &error));
  g_assert_no_error (error);
  g_assert_true (keyring_cleared);

  g_assert_false (vault_has (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_AN));
  g_assert_false (vault_has (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_AN));
  g_clear_pointer (&listed, g_free);
  listed = keyring_cleanup_list (store);
  g_assert_cmpstr (listed, ==, "");
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_keyring_cleanup"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==, 2);

  g_clear_object (&deletion);
  g_clear_object (&context);
  g_clear_object (&store);
  remove_store ();
}

/* The app is killed while the toast still offers Undo, after the default
 * moved: the next start finds the deletion recorded with the move, and
 * carries it out. The default never stays moved for a deletion that was
 * lost. */
static void
test_killed_while_undo_is_offered (void)
{
  g_autoptr(SmartcaStore)    store = NULL;
  g_autoptr(SmartcaContext)  context = NULL;
  g_autoptr(SmartcaDeletion) deletion = NULL;
  g_autoptr(GAsyncResult)    result = NULL;
  g_autoptr(GError)          error = NULL;
  gboolean                   keyring_cleared = FALSE;

  if (g_test_subprocess ())
    {
      store = open_store ();
      context = smartca_context_new (store, NULL, NULL);
      deletion = smartca_deletion_new (context);
      g_assert_true (smartca_deletion_request (deletion, smartca_store_lookup (store, SERIAL_AN),
                                               &error));
      g_assert_no_error (error);
      g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_DAO)));
      g_assert_true (smartca_deletion_is_pending (deletion, smartca_store_lookup (store, SERIAL_AN)));
      /* No time for anything else. */
      _exit (0);
    }

  fill_store ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* In the file: the default moved and the deletion is recorded with it. */
  g_assert_cmpint (count_rows ("SELECT count(*) FROM certificates WHERE is_default = 1 AND "
                               "serial_number = '" SERIAL_DAO "'"),
                   ==, 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_removals p JOIN certificates c ON "
                               "c.id = p.certificate_id WHERE c.serial_number = '" SERIAL_AN "'"),
                   ==, 1);

  /* The next start carries it out. */
  store = open_store ();
  context = smartca_context_new (store, NULL, NULL);
  deletion = smartca_deletion_new (context);
  g_assert_true (smartca_deletion_is_pending (deletion, smartca_store_lookup (store, SERIAL_AN)));
  smartca_deletion_complete_all_async (deletion, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_deletion_complete_all_finish (deletion, smartca_test_wait_result (&result),
                                                       &keyring_cleared, &error));
  g_assert_no_error (error);
  g_assert_true (keyring_cleared);

  g_assert_null (smartca_store_lookup (store, SERIAL_AN));
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_DAO)));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM certificates"), ==, 2);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_removals"), ==, 0);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_keyring_cleanup"), ==, 0);

  g_clear_object (&deletion);
  g_clear_object (&context);
  g_clear_object (&store);
  remove_store ();
}

/* Undo gives the certificate back, and the default with it, on disk too. */
static void
test_undo_gives_the_default_back (void)
{
  g_autoptr(SmartcaStore)    store = NULL;
  g_autoptr(SmartcaStore)    again = NULL;
  g_autoptr(SmartcaContext)  context = NULL;
  g_autoptr(SmartcaDeletion) deletion = NULL;
  g_autoptr(GError)          error = NULL;
  SmartcaCertificate        *an;

  fill_store ();
  store = open_store ();
  context = smartca_context_new (store, NULL, NULL);
  deletion = smartca_deletion_new (context);
  an = smartca_store_lookup (store, SERIAL_AN);

  g_assert_true (smartca_deletion_request (deletion, an, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_DAO)));
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);

  /* Deleting another meanwhile: the default does not go to one that is
   * itself on its way out. */
  g_assert_true (smartca_deletion_request (deletion, smartca_store_lookup (store, SERIAL_DAO),
                                           &error));
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_ABC)));
  g_assert_true (smartca_deletion_undo (deletion, smartca_store_lookup (store, SERIAL_DAO), &error));
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_DAO)));

  g_assert_true (smartca_deletion_undo (deletion, an, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_certificate_get_is_default (an));
  g_assert_false (smartca_deletion_is_pending (deletion, an));
  g_assert_cmpuint (smartca_test_count_defaults (store), ==, 1);

  again = open_store ();
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (again, SERIAL_AN)));
  g_assert_false (smartca_store_is_removal_pending (again, smartca_store_lookup (again, SERIAL_AN)));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_removals"), ==, 0);

  g_clear_object (&again);
  g_clear_object (&deletion);
  g_clear_object (&context);
  g_clear_object (&store);
  remove_store ();
}

/* A list saved by the previous version (schema 1) opens and gains the
 * tables; nothing in it changes. */
static void
test_migrates_from_version_1 (void)
{
  g_autofree char        *path = store_path ();
  g_autoptr(SmartcaStore) store = NULL;
  sqlite3                *db = NULL;

  fill_store ();
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE pending_removals; DROP TABLE "
                                     "pending_keyring_cleanup; DROP INDEX signature_images_pixels;"
                                     "DROP INDEX signature_images_single_default;"
                                     "DROP INDEX certificates_signature_image;"
                                     "ALTER TABLE signature_images DROP COLUMN pixels_sha256;"
                                     "ALTER TABLE signature_images DROP COLUMN width;"
                                     "ALTER TABLE signature_images DROP COLUMN height;"
                                     "ALTER TABLE signature_images DROP COLUMN is_default;"
                                     "DROP TABLE signing_history; DROP TABLE sign_positions;"
                                     "DELETE FROM sqlite_sequence;"
                                     "PRAGMA user_version = 1",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_store ();
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (store)), ==, 3);
  g_assert_cmpint (count_rows ("PRAGMA user_version"), ==, SMARTCA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_removals"), ==, 0);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM pending_keyring_cleanup"), ==, 0);

  g_clear_object (&store);
  remove_store ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deletion/keyring-unreachable", test_keyring_unreachable);
  g_test_add_func ("/deletion/killed-while-undo-is-offered", test_killed_while_undo_is_offered);
  g_test_add_func ("/deletion/undo-gives-the-default-back", test_undo_gives_the_default_back);
  g_test_add_func ("/deletion/migrates-from-version-1", test_migrates_from_version_1);

  return g_test_run ();
}
