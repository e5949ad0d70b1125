/* test-history.c: the signing history and the last place of each
 * certificate's signature, in a real SQLite file; and the entries that
 * signing leaves, against the SmartCA sandbox over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "smartca-history.h"
#include "smartca-remote-sign.h"
#include "test-sign.h"

#define SERIAL_A "54010101aa"
#define SERIAL_B "54010101bb"

static SmartcaTestPki *pki;
static SmartcaSandbox *sandbox;
static SmartcaStore   *sign_store;
static SmartcaContext *context;
static char           *tmp_dir;

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint n;

  fixture->dir = g_strdup_printf ("%s/case-%u", tmp_dir, ++n);
  g_assert_cmpint (g_mkdir (fixture->dir, 0700), ==, 0);
  fixture->path = g_build_filename (fixture->dir, "smartca.db", NULL);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_pending_polls (sandbox, 2);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_pending_polls (sandbox, 2);
  g_chmod (fixture->dir, 0700);
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Helpers */

static SmartcaHistoryEntry *
entry_at (gint64                signed_at,
          const char           *name,
          SmartcaHistoryOutcome outcome)
{
  g_autofree char *input = g_strdup_printf ("/home/lan/Tài liệu/%s.pdf", name);
  g_autofree char *output = g_strdup_printf ("/home/lan/Tài liệu/%s-signed.pdf", name);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

  return smartca_history_entry_new (signed_at, input, output, sha, SERIAL_A, "Nguyễn Thị Lan",
                                    "txn-1", outcome,
                                    outcome == SMARTCA_HISTORY_SIGNED ? NULL : "Không ký được");
}

static void
add (SmartcaStore        *store,
     SmartcaHistoryEntry *entry)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (smartca_store_add_history (store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (smartca_history_entry_get_id (entry), >, 0);
}

/* The input names of the list, newest first, as "c b a" */
static char *
history_names (SmartcaStore *store)
{
  GListModel *model = smartca_store_get_history (store);
  GString    *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaHistoryEntry) entry = g_list_model_get_item (model, i);
      g_autofree char               *base = g_path_get_basename (
                      smartca_history_entry_get_input_path (entry));

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "", base);
    }
  return g_string_free (names, FALSE);
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

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
assert_same_entry (SmartcaHistoryEntry *a,
                   SmartcaHistoryEntry *b)
{
  g_assert_cmpint (smartca_history_entry_get_id (a), ==, smartca_history_entry_get_id (b));
  g_assert_cmpint (smartca_history_entry_get_signed_at (a), ==,
                   smartca_history_entry_get_signed_at (b));
  g_assert_cmpstr (smartca_history_entry_get_input_path (a), ==,
                   smartca_history_entry_get_input_path (b));
  g_assert_cmpstr (smartca_history_entry_get_output_path (a), ==,
                   smartca_history_entry_get_output_path (b));
  g_assert_cmpstr (smartca_history_entry_get_output_sha256 (a), ==,
                   smartca_history_entry_get_output_sha256 (b));
  g_assert_cmpstr (smartca_history_entry_get_serial_number (a), ==,
                   smartca_history_entry_get_serial_number (b));
  g_assert_cmpstr (smartca_history_entry_get_certificate_name (a), ==,
                   smartca_history_entry_get_certificate_name (b));
  g_assert_cmpstr (smartca_history_entry_get_transaction_id (a), ==,
                   smartca_history_entry_get_transaction_id (b));
  g_assert_cmpint (smartca_history_entry_get_outcome (a), ==, smartca_history_entry_get_outcome (b));
  g_assert_cmpstr (smartca_history_entry_get_message (a), ==, smartca_history_entry_get_message (b));
}

/* Tests of the store */

/* Entries come newest first whatever order they are added in; forgetting
 * takes one out, Undo puts it back in its place under its own id */
static void
test_add_forget_restore (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(SmartcaStore)        store = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaHistoryEntry) a = entry_at (1700000100, "a", SMARTCA_HISTORY_SIGNED);
  g_autoptr(SmartcaHistoryEntry) b = entry_at (1700000300, "b", SMARTCA_HISTORY_FAILED);
  g_autoptr(SmartcaHistoryEntry) c = entry_at (1700000200, "c", SMARTCA_HISTORY_CANCELLED);
  g_autoptr(SmartcaHistoryEntry) d = NULL;
  g_autoptr(GError)              error = NULL;
  g_autofree char               *names = NULL;
  gint64                         c_id;

  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), ==, 0);
  add (store, a);
  add (store, b);
  add (store, c);
  names = history_names (store);
  g_assert_cmpstr (names, ==, "b.pdf c.pdf a.pdf");
  g_clear_pointer (&names, g_free);

  /* Only a signed copy has an output; the hash is kept as written */
  g_assert_nonnull (smartca_history_entry_get_output_path (a));
  g_assert_cmpuint (strlen (smartca_history_entry_get_output_sha256 (a)), ==, 64);
  g_assert_null (smartca_history_entry_get_output_path (c));
  g_assert_null (smartca_history_entry_get_output_sha256 (c));
  g_assert_cmpstr (smartca_history_entry_get_message (b), ==, "Không ký được");
  g_assert_cmpstr (smartca_history_outcome_to_string (SMARTCA_HISTORY_REJECTED), ==,
                   "Refused on the phone");

  c_id = smartca_history_entry_get_id (c);
  g_assert_true (smartca_store_forget_history (store, c, &error));
  g_assert_no_error (error);
  names = history_names (store);
  g_assert_cmpstr (names, ==, "b.pdf a.pdf");
  g_clear_pointer (&names, g_free);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signing_history"), ==, 2);

  /* A new signing meanwhile does not take the forgotten one's id */
  d = entry_at (1700000400, "d", SMARTCA_HISTORY_SIGNED);
  add (store, d);
  g_assert_cmpint (smartca_history_entry_get_id (d), >, c_id);

  g_assert_true (smartca_store_restore_history (store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (smartca_history_entry_get_id (c), ==, c_id);
  names = history_names (store);
  g_assert_cmpstr (names, ==, "d.pdf b.pdf c.pdf a.pdf");
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signing_history"), ==, 4);
}

/* Everything survives closing the app and opening it again */
static void
test_survives_restart (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(SmartcaStore)        store = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaHistoryEntry) a = entry_at (1700000100, "a", SMARTCA_HISTORY_SIGNED);
  g_autoptr(SmartcaHistoryEntry) b = entry_at (1700000200, "b", SMARTCA_HISTORY_EXPIRED);
  g_autoptr(SmartcaHistoryEntry) first = NULL;
  g_autoptr(SmartcaHistoryEntry) second = NULL;
  g_autoptr(GAsyncResult)        result = NULL;
  g_autoptr(GError)              error = NULL;
  SmartcaPdfRect                 rect = { 400.5, 36, 150, 60 }, got = { 0 };
  gboolean                       invisible = TRUE;
  int                            page = 0;

  add (store, a);
  add (store, b);
  g_assert_true (smartca_store_set_sign_position (store, SERIAL_B, -1, &rect, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* As the app opens it: on a worker thread */
  smartca_store_new_async (fixture->path, NULL, smartca_test_result_cb, &result);
  store = smartca_store_new_finish (smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), ==, 2);
  first = g_list_model_get_item (smartca_store_get_history (store), 0);
  second = g_list_model_get_item (smartca_store_get_history (store), 1);
  assert_same_entry (first, b);
  assert_same_entry (second, a);
  g_assert_cmpint (smartca_history_entry_get_outcome (first), ==, SMARTCA_HISTORY_EXPIRED);

  g_assert_true (smartca_store_get_sign_position (store, SERIAL_B, &page, &got, &invisible));
  g_assert_cmpint (page, ==, -1);
  g_assert_cmpfloat (got.x, ==, rect.x);
  g_assert_cmpfloat (got.y, ==, rect.y);
  g_assert_cmpfloat (got.width, ==, rect.width);
  g_assert_cmpfloat (got.height, ==, rect.height);
  g_assert_false (invisible);
}

/* A file of schema 3 (before the history) is brought up to date with its
 * certificates intact, and then records */
static void
test_migrates_version_3 (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(SmartcaStore)        store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)           fresh = NULL;
  g_autoptr(SmartcaHistoryEntry) a = entry_at (1700000100, "a", SMARTCA_HISTORY_SIGNED);
  g_autoptr(GError)              error = NULL;
  SmartcaCertificate            *lan;

  fresh = smartca_test_certificates (
    smartca_test_pki_person (pki, SERIAL_A, "Nguyễn Thị Lan", "001190000061"),
    smartca_test_pki_person (pki, SERIAL_B, "Trần Văn Minh", "001190000062"), NULL);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_set_custom_name (store, smartca_store_lookup (store, SERIAL_A),
                                                "Ký hồ sơ", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* What version 3 wrote: the same file without the new tables */
  g_assert_cmpint (raw_exec (fixture->path, "DROP TABLE signing_history;"
                                            "DROP TABLE sign_positions;"
                                            "DELETE FROM sqlite_sequence;"
                                            "PRAGMA user_version = 3;"),
                   ==, SQLITE_OK);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count (*) FROM sqlite_schema WHERE name = 'signing_history'"),
                   ==, 0);

  store = smartca_test_open_store (fixture->path);
  g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (SMARTCA_STORE_SCHEMA_VERSION, ==, 4);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 2);
  lan = smartca_store_lookup (store, SERIAL_A);
  g_assert_nonnull (lan);
  g_assert_cmpstr (smartca_certificate_get_display_name (lan), ==, "Ký hồ sơ");
  g_assert_true (smartca_store_load_der (store, lan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), ==, 0);
  add (store, a);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signing_history"), ==, 1);
}

/* Removing a certificate keeps its entries, with the name and serial it
 * signed with, and its last position */
static void
test_certificate_removed (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(SmartcaStore)        store = smartca_test_open_store (fixture->path);
  g_autoptr(GPtrArray)           fresh = NULL;
  g_autoptr(SmartcaHistoryEntry) a = entry_at (1700000100, "a", SMARTCA_HISTORY_SIGNED);
  g_autoptr(SmartcaHistoryEntry) kept = NULL;
  g_autoptr(GError)              error = NULL;
  SmartcaPdfRect                 rect = { 10, 20, 200, 80 }, got;
  int                            page;

  fresh = smartca_test_certificates (
    smartca_test_pki_person (pki, SERIAL_A, "Nguyễn Thị Lan", "001190000061"), NULL);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  add (store, a);
  g_assert_true (smartca_store_set_sign_position (store, SERIAL_A, 0, &rect, FALSE, &error));
  g_assert_no_error (error);

  g_assert_true (smartca_store_remove (store, smartca_store_lookup (store, SERIAL_A), &error));
  g_assert_no_error (error);
  g_assert_null (smartca_store_lookup (store, SERIAL_A));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), ==, 1);
  g_clear_object (&store);

  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), ==, 1);
  kept = g_list_model_get_item (smartca_store_get_history (store), 0);
  g_assert_cmpstr (smartca_history_entry_get_certificate_name (kept), ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (smartca_history_entry_get_serial_number (kept), ==, SERIAL_A);
  assert_same_entry (kept, a);
  g_assert_true (smartca_store_get_sign_position (store, SERIAL_A, &page, &got, NULL));
}

/* Positions: none until set, the last one set wins, any case of the
 * serial, a page counted from the end; no box off a page */
static void
test_positions (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (fixture->path);
  g_autoptr(GError)       error = NULL;
  SmartcaPdfRect          first = { 359, 36, 200, 80 }, second = { 36, 700, 120, 50 }, got;
  SmartcaPdfRect          empty = { 36, 36, 0, 80 };
  gboolean                invisible = FALSE;
  int                     page = 42;

  g_assert_false (smartca_store_get_sign_position (store, SERIAL_A, &page, &got, &invisible));
  g_assert_cmpint (page, ==, 42);

  g_assert_true (smartca_store_set_sign_position (store, SERIAL_A, -1, &first, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_sign_position (store, "54010101AA", &page, &got, &invisible));
  g_assert_cmpint (page, ==, -1);
  g_assert_cmpfloat (got.x, ==, 359);
  g_assert_cmpfloat (got.width, ==, 200);
  g_assert_false (invisible);

  g_assert_true (smartca_store_set_sign_position (store, "54010101AA", 2, &second, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_sign_position (store, SERIAL_A, &page, &got, &invisible));
  g_assert_cmpint (page, ==, 2);
  g_assert_cmpfloat (got.y, ==, 700);
  g_assert_cmpfloat (got.height, ==, 50);
  g_assert_true (invisible);
  g_assert_false (smartca_store_get_sign_position (store, SERIAL_B, &page, &got, &invisible));
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM sign_positions"), ==, 1);

  g_assert_false (smartca_store_set_sign_position (store, SERIAL_B, 0, &empty, FALSE, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_assert_false (smartca_store_get_sign_position (store, SERIAL_B, &page, &got, &invisible));
}

static GBytes *
read_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
assert_read_only (gboolean ok,
                  GError **error)
{
  g_assert_false (ok);
  g_assert_error (*error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_clear_error (error);
}

/* A list that cannot be written refuses every change with the reason, and
 * neither the list nor the file changes */
static void
test_read_only (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SmartcaStore)        store = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaHistoryEntry) a = entry_at (1700000100, "a", SMARTCA_HISTORY_SIGNED);
  g_autoptr(SmartcaHistoryEntry) b = entry_at (1700000200, "b", SMARTCA_HISTORY_SIGNED);
  g_autoptr(SmartcaHistoryEntry) stored = NULL;
  g_autoptr(GBytes)              before = NULL;
  g_autoptr(GBytes)              after = NULL;
  g_autoptr(GError)              error = NULL;
  g_autofree char               *names = NULL;
  SmartcaPdfRect                 rect = { 10, 20, 200, 80 }, got;
  int                            page = 0;
  gboolean                       opened;

  add (store, a);
  g_assert_true (smartca_store_set_sign_position (store, SERIAL_A, 0, &rect, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  before = read_bytes (fixture->path);
  g_assert_cmpint (g_chmod (fixture->path, 0400), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);

  if (!smartca_test_set_dac_override (FALSE))
    {
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      return;
    }
  store = smartca_store_new (fixture->path, &error);
  opened = store != NULL;
  if (opened)
    {
      rect.x = 300;
      g_assert_true (smartca_store_get_read_only (store));
      stored = g_list_model_get_item (smartca_store_get_history (store), 0);
      assert_read_only (smartca_store_add_history (store, b, &error), &error);
      g_assert_cmpint (smartca_history_entry_get_id (b), ==, 0);
      assert_read_only (smartca_store_forget_history (store, stored, &error), &error);
      assert_read_only (smartca_store_restore_history (store, stored, &error), &error);
      assert_read_only (smartca_store_set_sign_position (store, SERIAL_A, 1, &rect, TRUE, &error),
                        &error);
    }
  smartca_test_set_dac_override (TRUE);
  g_assert_no_error (error);
  g_assert_true (opened);

  names = history_names (store);
  g_assert_cmpstr (names, ==, "a.pdf");
  g_assert_true (smartca_store_get_sign_position (store, SERIAL_A, &page, &got, NULL));
  g_assert_cmpfloat (got.x, ==, 10);
  g_assert_cmpint (page, ==, 0);
  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
}

/* Tests of signing */

typedef struct
{
  SmartcaSignState cancel_in;
  GCancellable    *cancellable;
} CancelAt;

static void
state_cb (SmartcaSignOperation *operation,
          GParamSpec           *pspec,
          CancelAt             *at)
{
  if (smartca_sign_operation_get_state (operation) == at->cancel_in)
    g_cancellable_cancel (at->cancellable);
}

/* Runs a signing of @input with @serial to its end; cancelled as it enters
 * @cancel_in (READY: never). Returns the operation. */
static SmartcaSignOperation *
sign_run (SmartcaContext  *with,
          const char      *serial,
          const char      *input,
          SmartcaSignState cancel_in,
          char           **path,
          GError         **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  SmartcaStore           *store = smartca_context_get_store (with);
  SmartcaSignOperation   *operation;
  CancelAt                at = { cancel_in, cancellable };

  operation = smartca_sign_operation_new (with, smartca_store_lookup (store, serial), input);
  g_signal_connect (operation, "notify::state", G_CALLBACK (state_cb), &at);
  g_assert_null (smartca_sign_operation_get_history_entry (operation));
  smartca_sign_operation_run_async (operation, cancellable, smartca_test_result_cb, &result);
  *path = smartca_sign_operation_run_finish (operation, smartca_test_wait_result (&result), error);
  g_signal_handlers_disconnect_by_func (operation, state_cb, &at);
  return operation;
}

/* The entry the run recorded: the newest of the list, the same object */
static SmartcaHistoryEntry *
recorded (SmartcaSignOperation *operation,
          const char           *input,
          const char           *serial,
          SmartcaHistoryOutcome outcome)
{
  SmartcaHistoryEntry           *entry = smartca_sign_operation_get_history_entry (operation);
  g_autoptr(SmartcaHistoryEntry) newest = NULL;
  SmartcaCertificate            *certificate = smartca_store_lookup (sign_store, serial);

  g_assert_nonnull (entry);
  g_assert_cmpint (smartca_history_entry_get_id (entry), >, 0);
  newest = g_list_model_get_item (smartca_store_get_history (sign_store), 0);
  g_assert_true (newest == entry);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, outcome);
  g_assert_cmpstr (smartca_history_entry_get_input_path (entry), ==, input);
  g_assert_cmpstr (smartca_history_entry_get_serial_number (entry), ==, serial);
  g_assert_cmpstr (smartca_history_entry_get_certificate_name (entry), ==,
                   smartca_certificate_get_display_name (certificate));
  g_assert_cmpint (ABS (smartca_history_entry_get_signed_at (entry) - smartca_test_now ()), <,
                   3600);
  if (outcome != SMARTCA_HISTORY_SIGNED)
    {
      g_assert_null (smartca_history_entry_get_output_path (entry));
      g_assert_null (smartca_history_entry_get_output_sha256 (entry));
    }
  return entry;
}

/* Signed: the output, its real SHA-256 and SmartCA's transaction id; the
 * certificate's own name; survives a restart */
static void
test_sign_signed (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char                *input = smartca_test_pdf_make (fixture->dir, "hợp đồng.pdf", 2,
                                                                 0, SMARTCA_TEST_PDF_PLAIN);
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autoptr(SmartcaStore)         reopened = NULL;
  g_autoptr(SmartcaHistoryEntry)  again = NULL;
  g_autoptr(GError)               error = NULL;
  g_autofree char                *path = NULL, *sha = NULL;
  SmartcaHistoryEntry            *entry;

  g_assert_true (smartca_store_set_custom_name (sign_store,
                                                smartca_store_lookup (sign_store,
                                                                      SIGN_SERIAL_PERSONAL),
                                                "Chữ ký của An", &error));
  g_assert_no_error (error);
  operation = sign_run (context, SIGN_SERIAL_PERSONAL, input, SMARTCA_SIGN_STATE_READY, &path,
                        &error);
  g_assert_no_error (error);
  entry = recorded (operation, input, SIGN_SERIAL_PERSONAL, SMARTCA_HISTORY_SIGNED);
  g_assert_cmpstr (smartca_history_entry_get_certificate_name (entry), ==, "Chữ ký của An");
  g_assert_cmpstr (smartca_history_entry_get_output_path (entry), ==, path);
  sha = sign_test_sha256_of_file (path);
  g_assert_cmpstr (smartca_history_entry_get_output_sha256 (entry), ==, sha);
  g_assert_nonnull (smartca_sign_operation_get_transaction_id (operation));
  g_assert_cmpstr (smartca_history_entry_get_transaction_id (entry), ==,
                   smartca_sign_operation_get_transaction_id (operation));
  g_assert_null (smartca_history_entry_get_message (entry));
  g_assert_true (smartca_store_set_custom_name (sign_store,
                                                smartca_store_lookup (sign_store,
                                                                      SIGN_SERIAL_PERSONAL),
                                                NULL, &error));
  g_assert_no_error (error);

  /* Another instance (the app after a restart) reads the same */
  reopened = smartca_test_open_store (smartca_store_get_path (sign_store));
  again = g_list_model_get_item (smartca_store_get_history (reopened), 0);
  assert_same_entry (again, entry);
}

/* Cancelled while the phone is asked: no file, the entry says so */
static void
test_sign_cancelled (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char                *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                                 SMARTCA_TEST_PDF_PLAIN);
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autoptr(GError)               error = NULL;
  g_autofree char                *path = NULL, *names = NULL;
  SmartcaHistoryEntry            *entry;

  smartca_sandbox_set_pending_polls (sandbox, 1000);
  operation = sign_run (context, SIGN_SERIAL_PERSONAL, input,
                        SMARTCA_SIGN_STATE_WAITING_FOR_PHONE, &path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (path);
  names = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "doc.pdf");
  entry = recorded (operation, input, SIGN_SERIAL_PERSONAL, SMARTCA_HISTORY_CANCELLED);
  g_assert_cmpstr (smartca_history_outcome_to_string (smartca_history_entry_get_outcome (entry)),
                   ==, "Cancelled");
}

/* Refused on the phone, not confirmed in time: the outcome and the error
 * the user was shown */
static void
test_sign_rejected_expired (Fixture      *fixture,
                            gconstpointer data)
{
  static const struct
  {
    SmartcaSandboxFault   fault;
    SmartcaHistoryOutcome outcome;
  } cases[] = {
    { SMARTCA_SANDBOX_FAULT_USER_REJECTED, SMARTCA_HISTORY_REJECTED },
    { SMARTCA_SANDBOX_FAULT_EXPIRED, SMARTCA_HISTORY_EXPIRED },
    { SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE, SMARTCA_HISTORY_FAILED },
  };
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SmartcaSignOperation) operation = NULL;
      g_autoptr(GError)               error = NULL;
      g_autofree char                *path = NULL;
      SmartcaHistoryEntry            *entry;

      smartca_sandbox_set_fault (sandbox, cases[i].fault);
      operation = sign_run (context, SIGN_SERIAL_PERSONAL, input, SMARTCA_SIGN_STATE_READY, &path,
                            &error);
      g_assert_null (path);
      g_assert_nonnull (error);
      entry = recorded (operation, input, SIGN_SERIAL_PERSONAL, cases[i].outcome);
      g_assert_cmpstr (smartca_history_entry_get_message (entry), ==, error->message);
      /* SmartCA knew the transaction */
      g_assert_nonnull (smartca_history_entry_get_transaction_id (entry));
    }
}

/* A certificate that cannot sign is refused before anything is read: that
 * is recorded too, as failed, with the reason */
static void
test_sign_cannot_sign (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char                *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                                 SMARTCA_TEST_PDF_PLAIN);
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autoptr(GError)               error = NULL;
  g_autofree char                *path = NULL;
  SmartcaHistoryEntry            *entry;

  operation = sign_run (context, SIGN_SERIAL_EXPIRED, input, SMARTCA_SIGN_STATE_READY, &path,
                        &error);
  g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_NOT_ACTIVE);
  entry = recorded (operation, input, SIGN_SERIAL_EXPIRED, SMARTCA_HISTORY_FAILED);
  g_assert_cmpstr (smartca_history_entry_get_message (entry), ==, error->message);
  g_assert_true (sign_test_contains (smartca_history_entry_get_message (entry), "cannot sign"));
  g_assert_null (smartca_history_entry_get_transaction_id (entry));
}

/* A list that cannot be written does not stop a signing: the file is
 * written, the entry exists but is not stored */
static void
test_sign_read_only_store (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char                *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                                 SMARTCA_TEST_PDF_PLAIN);
  g_autofree char                *db_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char                *db = g_build_filename (db_dir, "smartca.db", NULL);
  g_autoptr(SmartcaStore)         store = NULL;
  g_autoptr(SmartcaContext)       read_only_context = NULL;
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autoptr(GError)               error = NULL;
  g_autofree char                *path = NULL;
  SmartcaHistoryEntry            *entry;

  g_assert_cmpint (g_mkdir (db_dir, 0700), ==, 0);
  store = sign_test_fill_store (sandbox, db);
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (db, 0400), ==, 0);
  g_assert_cmpint (g_chmod (db_dir, 0500), ==, 0);
  if (!smartca_test_set_dac_override (FALSE))
    {
      g_chmod (db_dir, 0700);
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      return;
    }
  store = smartca_store_new (db, &error);
  smartca_test_set_dac_override (TRUE);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_read_only (store));
  read_only_context = sign_test_context (sandbox, store);

  operation = sign_run (read_only_context, SIGN_SERIAL_PERSONAL, input, SMARTCA_SIGN_STATE_READY,
                        &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  entry = smartca_sign_operation_get_history_entry (operation);
  g_assert_nonnull (entry);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_SIGNED);
  g_assert_cmpint (smartca_history_entry_get_id (entry), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), ==, 0);
  g_chmod (db_dir, 0700);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *store_path = NULL;
  int               status;

  setlocale (LC_ALL, "");
  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  g_test_init (&argc, &argv, NULL);

  pki = smartca_test_pki_new ();
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("smartca-history-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp_dir, "smartca.db", NULL);
  sign_store = sign_test_fill_store (sandbox, store_path);
  context = sign_test_context (sandbox, sign_store);

#define ADD(name, func) \
  g_test_add ("/history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-forget-restore", test_add_forget_restore);
  ADD ("survives-restart", test_survives_restart);
  ADD ("migrates-version-3", test_migrates_version_3);
  ADD ("certificate-removed", test_certificate_removed);
  ADD ("positions", test_positions);
  ADD ("read-only", test_read_only);
  ADD ("sign/signed", test_sign_signed);
  ADD ("sign/cancelled", test_sign_cancelled);
  ADD ("sign/rejected-expired", test_sign_rejected_expired);
  ADD ("sign/cannot-sign", test_sign_cannot_sign);
  ADD ("sign/read-only-store", test_sign_read_only_store);
#undef ADD

  status = g_test_run ();
  g_clear_object (&context);
  g_clear_object (&sign_store);
  g_clear_object (&sandbox);
  g_clear_pointer (&pki, smartca_test_pki_free);
  smartca_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
