/* smartca-store.c: the certificates, kept in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The database is the truth and the GListModel mirrors it: every change is
 * written (in one transaction) before any object or the list is touched, so a
 * failed write leaves both as they were. No password or secret key is ever
 * written here; the keyring holds those.
 */

#include "config.h"

#include "smartca-store.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

struct _SmartcaStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GListStore *certificates;
  GHashTable *by_serial; /* serial → SmartcaCertificate (owned by the list) */
  GPtrArray *loaded;     /* read from disk, not yet in the list (see publish()) */
};

G_DEFINE_FINAL_TYPE (SmartcaStore, smartca_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (smartca-store-error-quark, smartca_store_error)

/* Each entry moves the schema one version up. Never edit a released one:
 * add the next. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE signature_images ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL UNIQUE CHECK (file_name <> ''),"
  "  label TEXT,"
  "  added_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE certificates ("
  "  id INTEGER PRIMARY KEY,"
  "  serial_number TEXT NOT NULL UNIQUE"
  "    CHECK (serial_number <> '' AND serial_number = lower (serial_number)),"
  "  cert_id TEXT,"
  "  lookup_id TEXT NOT NULL CHECK (lookup_id <> ''),"
  "  service_type TEXT,"
  "  service_name TEXT,"
  "  cert_status TEXT,"
  "  cert_status_code TEXT,"
  "  subject_dn TEXT NOT NULL,"
  "  valid_from INTEGER NOT NULL,"
  "  valid_to INTEGER NOT NULL,"
  "  custom_name TEXT CHECK (custom_name IS NULL OR custom_name <> ''),"
  "  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),"
  "  signature_image_id INTEGER REFERENCES signature_images (id) ON DELETE SET NULL,"
  "  business_enabled INTEGER NOT NULL DEFAULT 0 CHECK (business_enabled IN (0, 1)),"
  "  business_method INTEGER NOT NULL DEFAULT 0 CHECK (business_method IN (0, 1, 2)),"
  "  added_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  /* At most one default, whatever the code above does. */
  "CREATE UNIQUE INDEX certificates_single_default ON certificates (is_default)"
  "  WHERE is_default = 1;"
  "CREATE INDEX certificates_lookup_id ON certificates (lookup_id);"
  /* The certificates themselves live apart, so that loading the list reads
   * only the small rows and never pages through kilobytes of DER. */
  "CREATE TABLE certificate_der ("
  "  certificate_id INTEGER PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,"
  "  cert_der BLOB NOT NULL CHECK (length (cert_der) > 0),"
  "  ca_der BLOB,"
  "  root_der BLOB"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SMARTCA_STORE_SCHEMA_VERSION);

#define CERT_COLUMNS                                                                         \
  "serial_number, cert_id, lookup_id, service_type, service_name, cert_status, "            \
  "cert_status_code, subject_dn, valid_from, valid_to, custom_name, is_default, "           \
  "signature_image_id, business_enabled, business_method"

/* Helpers */

static gboolean
set_sqlite_error (SmartcaStore  *self,
                  int            rc,
                  GError       **error)
{
  int primary = rc & 0xff;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_CORRUPT,
                 _("The certificate list at “%s” is damaged and cannot be read. "
                   "It has been left as it is; move it away to start a new list."),
                 self->path);
  else
    g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_FAILED,
                 _("The certificate list could not be saved: %s"),
                 self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec_sql (SmartcaStore  *self,
          const char    *sql,
          GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static sqlite3_stmt *
prepare (SmartcaStore  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  return stmt;
}

static void
finalize_stmt (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, finalize_stmt)

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_bytes_or_null (sqlite3_stmt *stmt,
                    int           index,
                    GBytes       *bytes)
{
  gsize size;
  gconstpointer data;

  if (bytes == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  sqlite3_bind_blob64 (stmt, index, data, size, SQLITE_TRANSIENT);
}

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  const void *blob;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  blob = sqlite3_column_blob (stmt, column);
  return g_bytes_new (blob, sqlite3_column_bytes (stmt, column));
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
rollback (SmartcaStore *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Opening */

static gboolean
read_user_version (SmartcaStore  *self,
                   int           *version,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
migrate (SmartcaStore  *self,
         int            from,
         GError       **error)
{
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another connection may have migrated while this one waited for the
   * write lock: start from what the file says now. */
  if (!read_user_version (self, &from, error))
    {
      rollback (self);
      return FALSE;
    }

  for (int version = from; version < SMARTCA_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = NULL;

      if (!exec_sql (self, migrations[version], error))
        {
          rollback (self);
          return FALSE;
        }

      bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec_sql (self, bump, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  if (!exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static SmartcaCertificate *
certificate_from_row (sqlite3_stmt *stmt)
{
  SmartcaCertificateFields fields = {
    .serial_number = column_text (stmt, 0),
    .cert_id = column_text (stmt, 1),
    .lookup_id = column_text (stmt, 2),
    .service_type = column_text (stmt, 3),
    .service_name = column_text (stmt, 4),
    .status_text = column_text (stmt, 5),
    .status_code = column_text (stmt, 6),
    .subject_dn = column_text (stmt, 7),
    .valid_from = sqlite3_column_int64 (stmt, 8),
    .valid_to = sqlite3_column_int64 (stmt, 9),
    .custom_name = column_text (stmt, 10),
    .is_default = sqlite3_column_int (stmt, 11),
    .signature_image_id = sqlite3_column_int64 (stmt, 12),
    .business_enabled = sqlite3_column_int (stmt, 13),
    .business_method = CLAMP (sqlite3_column_int (stmt, 14),
                              SMARTCA_BUSINESS_METHOD_NONE, SMARTCA_BUSINESS_METHOD_TOTP),
  };

  return smartca_certificate_new_from_fields (&fields);
}

/* Sorting the list by name needs a collation key for every certificate,
 * about as costly as reading them all. A helper thread makes the keys while
 * the rows are still being read, so loading 10,000 certificates costs hardly
 * more than reading them. */
static gpointer
make_sort_keys_thread (gpointer data)
{
  GAsyncQueue *queue = data;
  gpointer item;

  while ((item = g_async_queue_pop (queue)) != queue)
    smartca_certificate_get_sort_key (item);
  return NULL;
}

static int
compare_loaded (gconstpointer a,
                gconstpointer b)
{
  return smartca_certificate_compare (*(SmartcaCertificate **) a, *(SmartcaCertificate **) b);
}

static gboolean
load (SmartcaStore  *self,
      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  GThread *sort_keys_thread;
  int rc;

  /* The DER blobs stay on disk until somebody asks for them: the list only
   * needs the fields a card shows, and 10,000 certificates must stay cheap. */
  stmt = prepare (self, "SELECT " CERT_COLUMNS " FROM certificates ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  /* Nobody else sees these objects until the thread is joined below. */
  sort_keys_thread = g_thread_new ("smartca-sort-keys", make_sort_keys_thread, queue);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SmartcaCertificate *certificate = certificate_from_row (stmt);

      g_ptr_array_add (loaded, certificate);
      g_async_queue_push (queue, certificate);
    }

  g_async_queue_push (queue, queue);
  g_thread_join (sort_keys_thread);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);

  /* The list is kept in the order people see it (see reposition()); sorting
   * here, off the main thread, means no view has to sort 10,000 rows. */
  g_ptr_array_sort (loaded, compare_loaded);

  for (guint i = 0; i < loaded->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (loaded, i);

      g_hash_table_insert (self->by_serial,
                           (gpointer) smartca_certificate_get_serial_number (certificate),
                           certificate);
    }

  self->loaded = g_steal_pointer (&loaded);
  return TRUE;
}

/* Hands what load() read to the list, on the thread that will use it. */
static void
publish (SmartcaStore *self)
{
  if (self->loaded == NULL)
    return;
  g_list_store_splice (self->certificates, 0, 0, self->loaded->pdata, self->loaded->len);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);
}

static gboolean
open_database (SmartcaStore  *self,
               GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int version = 0;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN,
                   _("The folder “%s” could not be created: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN,
                   _("The certificate list at “%s” could not be opened: %s"),
                   self->path, sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 2000);

  /* Read the version before anything writes to the file, so that a damaged
   * file or one from a newer version is left exactly as it was. */
  if (!read_user_version (self, &version, error))
    return FALSE;

  if (version > SMARTCA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_TOO_NEW,
                   _("The certificate list at “%s” was saved by a newer version of "
                     "SmartCA Certificates. Update the app to open it; the file has not "
                     "been changed."),
                   self->path);
      return FALSE;
    }

  if (!exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_sql (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  if (version < SMARTCA_STORE_SCHEMA_VERSION && !migrate (self, version, error))
    return FALSE;

  return load (self, error);
}

/* GObject */

static void
smartca_store_finalize (GObject *object)
{
  SmartcaStore *self = (SmartcaStore *) object;

  g_clear_pointer (&self->by_serial, g_hash_table_unref);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);
  g_clear_object (&self->certificates);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (smartca_store_parent_class)->finalize (object);
}

static void
smartca_store_class_init (SmartcaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = smartca_store_finalize;
}

static void
smartca_store_init (SmartcaStore *self)
{
  self->certificates = g_list_store_new (SMARTCA_TYPE_CERTIFICATE);
  self->by_serial = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Public API */

/**
 * smartca_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/com.example.SmartCACerts/smartca.db`
 */
char *
smartca_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "smartca.db", NULL);
}

/**
 * smartca_store_new:
 * @path: the database file; created with its folder when missing
 *
 * Opens the store, bringing an older schema up to date. A damaged file, or
 * one written by a newer version, yields an error and is not modified.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
SmartcaStore *
smartca_store_new (const char  *path,
                   GError     **error)
{
  g_autoptr(SmartcaStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SMARTCA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!open_database (self, error))
    return NULL;

  publish (self);
  return g_steal_pointer (&self);
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(SmartcaStore) self = g_object_new (SMARTCA_TYPE_STORE, NULL);
  GError *error = NULL;

  self->path = g_strdup (task_data);
  if (!open_database (self, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

/**
 * smartca_store_new_async:
 * @path: as for smartca_store_new()
 *
 * Opens and reads the store on a worker thread, so that the caller can do
 * other work meanwhile (the app starts GTK while 10,000 rows are read).
 */
void
smartca_store_new_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_store_new_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_in_thread);
}

/**
 * smartca_store_new_finish:
 *
 * Returns: (transfer full) (nullable): the store, with its list filled, or
 *   %NULL with @error set as smartca_store_new() would
 */
SmartcaStore *
smartca_store_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  SmartcaStore *self;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  if (self != NULL)
    publish (self);
  return self;
}

const char *
smartca_store_get_path (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  return self->path;
}

/**
 * smartca_store_get_certificates:
 *
 * Returns: (transfer none): a #GListModel of #SmartcaCertificate, always in
 *   the order people see them: smartca_certificate_compare()
 */
GListModel *
smartca_store_get_certificates (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->certificates);
}

/**
 * smartca_store_lookup:
 *
 * Returns: (transfer none) (nullable): the stored certificate with that
 *   serial number, compared without regard to case
 */
SmartcaCertificate *
smartca_store_lookup (SmartcaStore *self,
                      const char   *serial_number)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);

  if (serial_number == NULL)
    return NULL;
  key = g_ascii_strdown (serial_number, -1);
  return g_hash_table_lookup (self->by_serial, key);
}

/**
 * smartca_store_get_default:
 *
 * Returns: (transfer none) (nullable): the certificate used for signing
 */
SmartcaCertificate *
smartca_store_get_default (SmartcaStore *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);

  g_hash_table_iter_init (&iter, self->by_serial);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (smartca_certificate_get_is_default (value))
      return value;
  return NULL;
}

/**
 * smartca_store_dup_lookup_ids:
 *
 * Returns: (transfer full): the distinct ID/Tax numbers the stored
 *   certificates were looked up with, sorted
 */
char **
smartca_store_dup_lookup_ids (SmartcaStore *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT DISTINCT lookup_id FROM certificates ORDER BY lookup_id", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return smartca_certificate_compare ((SmartcaCertificate *) a, (SmartcaCertificate *) b);
}

/* The list is kept in the order people see (smartca_certificate_compare()):
 * when a name or the default changes, the certificate moves to its place.
 * Views also learn this way that it changed (filters look again). */
static void
reposition (SmartcaStore       *self,
            SmartcaCertificate *certificate)
{
  g_autoptr(SmartcaCertificate) hold = NULL;
  guint position;

  if (certificate == NULL || !g_list_store_find (self->certificates, certificate, &position))
    return;
  hold = g_object_ref (certificate);
  g_list_store_remove (self->certificates, position);
  g_list_store_insert_sorted (self->certificates, certificate, compare_items, NULL);
}

static gboolean
validate_fresh (SmartcaCertificate  *fresh,
                GError             **error)
{
  const char *serial = smartca_certificate_get_serial_number (fresh);
  const char *lookup_id = smartca_certificate_get_lookup_id (fresh);

  if (serial == NULL || serial[0] == '\0' || lookup_id == NULL || lookup_id[0] == '\0' ||
      smartca_certificate_get_subject_dn (fresh) == NULL ||
      smartca_certificate_get_der (fresh) == NULL)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   _("A certificate without a serial number, subject or certificate data "
                     "cannot be saved."));
      return FALSE;
    }
  return TRUE;
}

/**
 * smartca_store_upsert:
 * @fresh: (element-type SmartcaCertificate): certificates as SmartCA
 *   returned them, not yet stored
 * @n_added: (out) (optional): how many were new
 * @n_updated: (out) (optional): how many were already stored and updated
 *
 * Adds new certificates and updates stored ones from SmartCA's answer, all
 * in one transaction: either every certificate is written or none is. What
 * the user chose (name, default, image, business settings) is kept. When no
 * certificate is the default yet, the first new one becomes it.
 */
gboolean
smartca_store_upsert (SmartcaStore  *self,
                      GPtrArray     *fresh,
                      guint         *n_added,
                      guint         *n_updated,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) der = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  SmartcaCertificate *new_default = NULL;
  gint64 now = now_seconds ();
  guint updated = 0;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (fresh != NULL, FALSE);

  for (guint i = 0; i < fresh->len; i++)
    if (!validate_fresh (g_ptr_array_index (fresh, i), error))
      return FALSE;

  insert = prepare (self,
                    "INSERT INTO certificates (serial_number, cert_id, lookup_id, service_type,"
                    " service_name, cert_status, cert_status_code, subject_dn, valid_from,"
                    " valid_to, is_default, added_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?14, ?15, ?15)",
                    error);
  if (insert == NULL)
    return FALSE;

  update = prepare (self,
                    "UPDATE certificates SET cert_id = ?2, lookup_id = ?3, service_type = ?4,"
                    " service_name = ?5, cert_status = ?6, cert_status_code = ?7,"
                    " subject_dn = ?8, valid_from = ?9, valid_to = ?10, updated_at = ?15"
                    " WHERE serial_number = ?1",
                    error);
  if (update == NULL)
    return FALSE;

  der = prepare (self,
                 "INSERT INTO certificate_der (certificate_id, cert_der, ca_der, root_der)"
                 " VALUES ((SELECT id FROM certificates WHERE serial_number = ?1), ?2, ?3, ?4)"
                 " ON CONFLICT (certificate_id) DO UPDATE SET cert_der = excluded.cert_der,"
                 " ca_der = excluded.ca_der, root_der = excluded.root_der",
                 error);
  if (der == NULL)
    return FALSE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < fresh->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (fresh, i);
      const char *serial = smartca_certificate_get_serial_number (certificate);
      gboolean exists = g_hash_table_contains (self->by_serial, serial);
      sqlite3_stmt *stmt = exists ? update : insert;
      gboolean make_default = FALSE;
      int rc;

      /* The same certificate twice in one answer is written once. */
      if (!g_hash_table_add (seen, (gpointer) serial))
        continue;

      if (!exists && new_default == NULL && smartca_store_get_default (self) == NULL)
        {
          new_default = certificate;
          make_default = TRUE;
        }

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      bind_text_or_null (stmt, 1, serial);
      bind_text_or_null (stmt, 2, smartca_certificate_get_cert_id (certificate));
      bind_text_or_null (stmt, 3, smartca_certificate_get_lookup_id (certificate));
      bind_text_or_null (stmt, 4, smartca_certificate_get_service_type (certificate));
      bind_text_or_null (stmt, 5, smartca_certificate_get_service_name (certificate));
      bind_text_or_null (stmt, 6, smartca_certificate_get_status_text (certificate));
      bind_text_or_null (stmt, 7, smartca_certificate_get_status_code (certificate));
      bind_text_or_null (stmt, 8, smartca_certificate_get_subject_dn (certificate));
      sqlite3_bind_int64 (stmt, 9, smartca_certificate_get_valid_from (certificate));
      sqlite3_bind_int64 (stmt, 10, smartca_certificate_get_valid_to (certificate));
      if (!exists)
        sqlite3_bind_int (stmt, 14, make_default);
      sqlite3_bind_int64 (stmt, 15, now);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          sqlite3_reset (der);
          bind_text_or_null (der, 1, serial);
          bind_bytes_or_null (der, 2, smartca_certificate_get_der (certificate));
          bind_bytes_or_null (der, 3, smartca_certificate_get_ca_der (certificate));
          bind_bytes_or_null (der, 4, smartca_certificate_get_root_der (certificate));
          rc = sqlite3_step (der);
        }
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error);
          rollback (self);
          return FALSE;
        }

      if (exists)
        updated++;
      else
        g_ptr_array_add (added, g_object_ref (certificate));
    }

  if (!exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }

  /* Written: now the objects and the list may follow. */
  g_hash_table_remove_all (seen);
  for (guint i = 0; i < fresh->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (fresh, i);
      SmartcaCertificate *stored;

      stored = g_hash_table_lookup (self->by_serial,
                                    smartca_certificate_get_serial_number (certificate));
      if (stored != NULL && stored != certificate)
        {
          g_autofree char *old_name = g_strdup (smartca_certificate_get_display_name (stored));

          smartca_certificate_update_from (stored, certificate);
          if (g_strcmp0 (old_name, smartca_certificate_get_display_name (stored)) != 0)
            reposition (self, stored);
        }
    }

  for (guint i = 0; i < added->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (added, i);

      smartca_certificate_set_is_default (certificate, certificate == new_default);
      g_hash_table_insert (self->by_serial,
                           (gpointer) smartca_certificate_get_serial_number (certificate),
                           certificate);
    }

  /* A few go to their places; many are appended and the list sorted once. */
  if (added->len <= 16)
    for (guint i = 0; i < added->len; i++)
      g_list_store_insert_sorted (self->certificates, g_ptr_array_index (added, i),
                                  compare_items, NULL);
  else
    {
      g_list_store_splice (self->certificates,
                           g_list_model_get_n_items (G_LIST_MODEL (self->certificates)),
                           0, added->pdata, added->len);
      g_list_store_sort (self->certificates, compare_items, NULL);
    }

  if (n_added != NULL)
    *n_added = added->len;
  if (n_updated != NULL)
    *n_updated = updated;

  return TRUE;
}

static gboolean
check_stored (SmartcaStore        *self,
              SmartcaCertificate  *certificate,
              GError             **error)
{
  if (g_hash_table_lookup (self->by_serial,
                           smartca_certificate_get_serial_number (certificate)) != certificate)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND,
                   _("The certificate %s is no longer in the list."),
                   smartca_certificate_get_serial_number (certificate));
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_once (SmartcaStore  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
write_default (SmartcaStore  *self,
               const char    *serial,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;

  clear = prepare (self, "UPDATE certificates SET is_default = 0 WHERE is_default = 1", error);
  if (clear == NULL || !step_once (self, clear, error))
    return FALSE;

  if (serial == NULL)
    return TRUE;

  set = prepare (self, "UPDATE certificates SET is_default = 1 WHERE serial_number = ?1", error);
  if (set == NULL)
    return FALSE;
  bind_text_or_null (set, 1, serial);
  return step_once (self, set, error);
}

static void
apply_default (SmartcaStore       *self,
               SmartcaCertificate *new_default)
{
  SmartcaCertificate *old_default = smartca_store_get_default (self);

  if (old_default == new_default)
    return;
  if (old_default != NULL)
    {
      smartca_certificate_set_is_default (old_default, FALSE);
      reposition (self, old_default);
    }
  if (new_default != NULL)
    {
      smartca_certificate_set_is_default (new_default, TRUE);
      reposition (self, new_default);
    }
}

/**
 * smartca_store_set_default:
 *
 * Makes @certificate the one used for signing; the previous default stops
 * being it. There is never more than one.
 */
gboolean
smartca_store_set_default (SmartcaStore        *self,
                           SmartcaCertificate  *certificate,
                           GError             **error)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!check_stored (self, certificate, error))
    return FALSE;

  if (smartca_certificate_get_is_default (certificate))
    return TRUE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!write_default (self, smartca_certificate_get_serial_number (certificate), error) ||
      !exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }

  apply_default (self, certificate);
  return TRUE;
}

/**
 * smartca_store_set_custom_name:
 * @name: (nullable): the user's name for the certificate; surrounding spaces
 *   are trimmed, and an empty name restores the name SmartCA returned
 */
gboolean
smartca_store_set_custom_name (SmartcaStore        *self,
                               SmartcaCertificate  *certificate,
                               const char          *name,
                               GError             **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!check_stored (self, certificate, error))
    return FALSE;

  if (name != NULL)
    {
      if (!g_utf8_validate (name, -1, NULL))
        {
          g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                       _("The certificate name is not valid text."));
          return FALSE;
        }
      trimmed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
      g_strstrip (trimmed);
      if (trimmed[0] == '\0')
        g_clear_pointer (&trimmed, g_free);
    }

  if (trimmed != NULL && g_utf8_strlen (trimmed, -1) > SMARTCA_STORE_NAME_MAX_CHARS)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A certificate name can be at most %d character long.",
                                "A certificate name can be at most %d characters long.",
                                SMARTCA_STORE_NAME_MAX_CHARS),
                   SMARTCA_STORE_NAME_MAX_CHARS);
      return FALSE;
    }

  stmt = prepare (self,
                  "UPDATE certificates SET custom_name = ?2 WHERE serial_number = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text_or_null (stmt, 1, smartca_certificate_get_serial_number (certificate));
  bind_text_or_null (stmt, 2, trimmed);
  if (!step_once (self, stmt, error))
    return FALSE;

  if (g_strcmp0 (smartca_certificate_get_custom_name (certificate), trimmed) != 0)
    {
      smartca_certificate_set_custom_name (certificate, trimmed);
      reposition (self, certificate);
    }
  return TRUE;
}

/**
 * smartca_store_pick_successor:
 * @leaving: the default certificate that is going away
 *
 * When the default goes, the most useful one left takes its place: one that
 * can sign today, and of those the one valid the longest.
 *
 * Returns: (transfer none) (nullable): the certificate to make the default
 */
SmartcaCertificate *
smartca_store_pick_successor (SmartcaStore       *self,
                              SmartcaCertificate *leaving)
{
  GHashTableIter iter;
  gpointer value;
  SmartcaCertificate *best = NULL;
  gint64 now = now_seconds ();

  g_hash_table_iter_init (&iter, self->by_serial);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SmartcaCertificate *candidate = value;
      gboolean candidate_usable, best_usable;

      if (candidate == leaving)
        continue;
      if (best == NULL)
        {
          best = candidate;
          continue;
        }

      candidate_usable = smartca_certificate_get_status_at (candidate, now) ==
                         SMARTCA_CERTIFICATE_STATUS_ACTIVE;
      best_usable = smartca_certificate_get_status_at (best, now) ==
                    SMARTCA_CERTIFICATE_STATUS_ACTIVE;

      if (candidate_usable != best_usable)
        {
          if (candidate_usable)
            best = candidate;
          continue;
        }

      if (smartca_certificate_get_valid_to (candidate) > smartca_certificate_get_valid_to (best) ||
          (smartca_certificate_get_valid_to (candidate) == smartca_certificate_get_valid_to (best) &&
           g_strcmp0 (smartca_certificate_get_serial_number (candidate),
                      smartca_certificate_get_serial_number (best)) < 0))
        best = candidate;
    }

  return best;
}

/**
 * smartca_store_remove:
 *
 * Forgets @certificate. If it was the default, another one becomes the
 * default (see smartca_store_pick_successor()).
 */
gboolean
smartca_store_remove (SmartcaStore        *self,
                      SmartcaCertificate  *certificate,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SmartcaCertificate) hold = NULL;
  SmartcaCertificate *successor = NULL;
  guint position;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!check_stored (self, certificate, error))
    return FALSE;

  if (smartca_certificate_get_is_default (certificate))
    successor = smartca_store_pick_successor (self, certificate);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM certificates WHERE serial_number = ?1", error);
  if (stmt == NULL)
    {
      rollback (self);
      return FALSE;
    }
  bind_text_or_null (stmt, 1, smartca_certificate_get_serial_number (certificate));

  if (!step_once (self, stmt, error) ||
      (successor != NULL &&
       !write_default (self, smartca_certificate_get_serial_number (successor), error)) ||
      !exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }

  hold = g_object_ref (certificate);
  g_hash_table_remove (self->by_serial, smartca_certificate_get_serial_number (certificate));
  if (g_list_store_find (self->certificates, certificate, &position))
    g_list_store_remove (self->certificates, position);
  smartca_certificate_set_is_default (certificate, FALSE);
  if (successor != NULL)
    {
      smartca_certificate_set_is_default (successor, TRUE);
      reposition (self, successor);
    }

  return TRUE;
}

/**
 * smartca_store_load_der:
 *
 * Reads the certificate's DER and its chain from disk into @certificate
 * (they are not kept in memory for the list).
 */
gboolean
smartca_store_load_der (SmartcaStore        *self,
                        SmartcaCertificate  *certificate,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) ca_der = NULL;
  g_autoptr(GBytes) root_der = NULL;
  int rc;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!check_stored (self, certificate, error))
    return FALSE;

  stmt = prepare (self,
                  "SELECT d.cert_der, d.ca_der, d.root_der FROM certificate_der d"
                  " JOIN certificates c ON c.id = d.certificate_id WHERE c.serial_number = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text_or_null (stmt, 1, smartca_certificate_get_serial_number (certificate));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND,
                       _("The certificate %s is no longer in the list."),
                       smartca_certificate_get_serial_number (certificate));
          return FALSE;
        }
      return set_sqlite_error (self, rc, error);
    }

  der = column_bytes (stmt, 0);
  ca_der = column_bytes (stmt, 1);
  root_der = column_bytes (stmt, 2);
  smartca_certificate_set_der (certificate, der);
  smartca_certificate_set_chain (certificate, ca_der, root_der);
  return TRUE;
}
