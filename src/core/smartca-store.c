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
#include "smartca-store-private.h"

#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_FINAL_TYPE (SmartcaStore, smartca_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (smartca-store-error-quark, smartca_store_error)

GParamSpec *store_properties[STORE_N_PROPS];

/* Opening */

SmartcaCertificate *
store_certificate_from_row (sqlite3_stmt *stmt)
{
  SmartcaCertificateFields fields = {
    .serial_number = store_column_text (stmt, 0),
    .cert_id = store_column_text (stmt, 1),
    .lookup_id = store_column_text (stmt, 2),
    .service_type = store_column_text (stmt, 3),
    .service_name = store_column_text (stmt, 4),
    .status_text = store_column_text (stmt, 5),
    .status_code = store_column_text (stmt, 6),
    .subject_dn = store_column_text (stmt, 7),
    .valid_from = sqlite3_column_int64 (stmt, 8),
    .valid_to = sqlite3_column_int64 (stmt, 9),
    .custom_name = store_column_text (stmt, 10),
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
  gpointer     item;

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

typedef struct
{
  GPtrArray   *loaded;
  GAsyncQueue *queue;
} LoadState;

static gboolean
load_row (sqlite3_stmt *row,
          gpointer      user_data,
          GError      **error)
{
  LoadState          *state = user_data;
  SmartcaCertificate *certificate = store_certificate_from_row (row);

  g_ptr_array_add (state->loaded, certificate);
  g_async_queue_push (state->queue, certificate);
  return TRUE;
}

static gboolean
load (SmartcaStore *self,
      GError      **error)
{
  g_autoptr(GPtrArray)   loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  LoadState              state = { loaded, queue };
  GThread               *sort_keys_thread;
  gboolean               read;

  /* Nobody else sees these objects until the thread is joined below. */
  sort_keys_thread = g_thread_new ("smartca-sort-keys", make_sort_keys_thread, queue);

  /* The DER blobs stay on disk until somebody asks for them: the list only
   * needs the fields a card shows, and 10,000 certificates must stay cheap.
   * A damaged list shows every row that can still be read. */
  read = store_scan (self, STORE_CERT_COLUMNS, "certificates", load_row, &state, error);

  g_async_queue_push (queue, queue);
  g_thread_join (sort_keys_thread);

  if (!read || !store_load_images (self, error) || !store_load_history (self, error) ||
      !store_read_data_version (self, &self->data_version, error))
    return FALSE;

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
  return store_load_pending_removals (self, error);
}

/* Hands what load() read to the list, on the thread that will use it. */
static void
publish (SmartcaStore *self)
{
  store_publish_images (self);
  store_publish_history (self);
  if (self->loaded == NULL)
    return;
  g_list_store_splice (self->certificates, 0, 0, self->loaded->pdata, self->loaded->len);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);
}

/* Whether the file starts as every SQLite database does. An empty file is
 * a new database; anything else is not one, and nothing opens it. */
static gboolean
check_header (SmartcaStore *self,
              GError      **error)
{
  static const char           magic[16] = "SQLite format 3";
  g_autoptr(GFile)            file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) stream = NULL;
  char                        header[sizeof magic];
  gsize                       n_read = 0;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return TRUE; /* missing or unreadable: sqlite3_open_v2 () says which */
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read,
                                NULL, NULL))
    return TRUE;
  if (n_read == 0 || (n_read == sizeof header && memcmp (header, magic, sizeof magic) == 0))
    return TRUE;
  return store_sqlite_error (self, SQLITE_NOTADB, error);
}

/* Asked with the rights this process writes with (AT_EACCESS), which a
 * read-only mount, an immutable file or plain permissions all refuse. */
static gboolean
can_write (const char *path)
{
  return faccessat (AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
}

/* A quick check reads every page of a table and its indexes and checks
 * their structure (not that an index's entries match its table: that is
 * integrity_check, which costs much more). Every table is checked but the
 * certificates' DER, the bulk of the file, which the list does not read:
 * damage there is found when it is read (see store_sqlite_error()). For
 * 10,000 certificates this costs a few milliseconds instead of a hundred,
 * on the worker thread that loads the list. */
static gboolean
check_integrity (SmartcaStore *self)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  int                     rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table'"
                          " AND name <> 'certificate_der' ORDER BY rowid",
                          -1, &tables, NULL) != SQLITE_OK)
    return FALSE;

  while ((rc = sqlite3_step (tables)) == SQLITE_ROW)
    {
      g_autoptr(sqlite3_stmt) check = NULL;
      char                   *sql = sqlite3_mprintf ("PRAGMA quick_check (%Q)", store_column_text (tables, 0));

      rc = sqlite3_prepare_v2 (self->db, sql, -1, &check, NULL);
      sqlite3_free (sql);
      if (rc != SQLITE_OK || sqlite3_step (check) != SQLITE_ROW ||
          g_strcmp0 (store_column_text (check, 0), "ok") != 0)
        return FALSE;
    }
  return rc == SQLITE_DONE;
}

/* Nobody can change the file through this folder, and SQLite may be able
 * to create no lock or -shm file beside it: the file is read as it is
 * (immutable). But changes still in a write-ahead log (the app or the
 * machine stopped before they were folded in) are part of the list: when
 * there is one, SQLite reads it if it can, with its -shm. */
static int
open_read_only (SmartcaStore *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *uri = g_filename_to_uri (self->path, NULL, NULL);
  g_autofree char *immutable = g_strconcat (uri, "?immutable=1", NULL);
  GStatBuf         wal_stat;

  if (g_stat (wal, &wal_stat) == 0 && wal_stat.st_size > 0)
    {
      if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                           NULL) == SQLITE_OK &&
          sqlite3_exec (self->db, "SELECT count (*) FROM sqlite_schema", NULL, NULL, NULL) ==
            SQLITE_OK)
        return SQLITE_OK;
      g_clear_pointer (&self->db, sqlite3_close);
    }

  return sqlite3_open_v2 (immutable, &self->db,
                          SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
}

void
store_close_connection (SmartcaStore *self)
{
  g_clear_pointer (&self->db, sqlite3_close);
}

/* Opens the file, and writes to it only once it is known to be sound and
 * writable: a damaged file, one from a newer version or one that cannot be
 * written is left exactly as it was. */
gboolean
store_open_connection (SmartcaStore *self,
                       GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  gboolean         exists;
  int              version = 0;
  int              rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN,
                   _("The folder “%s” could not be created: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  exists = g_file_test (self->path, G_FILE_TEST_EXISTS);
  if (exists && !check_header (self, error))
    return FALSE;

  self->damaged = FALSE;
  self->not_writable = exists && (!can_write (self->path) || !can_write (dir));

  if (self->not_writable)
    rc = open_read_only (self);
  else
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
  sqlite3_busy_timeout (self->db, 5000);
  /* Closing must not copy a write-ahead log into a file not yet checked. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  if (sqlite3_db_readonly (self->db, "main") == 1)
    self->not_writable = TRUE;

  if (!store_read_user_version (self, &version, error))
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

  if (version > 0 && !check_integrity (self))
    self->damaged = TRUE;

  /* An older schema that cannot be brought up to date is still read as it
   * is (the list's columns have been there since version 1); only a file
   * with no list at all cannot be shown. */
  if (self->not_writable && version == 0)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN,
                   _("The certificate list at “%s” needs to be updated, but the file or "
                     "its folder cannot be written. Allow writing there and start the app "
                     "again."),
                   self->path);
      return FALSE;
    }

  if (self->damaged || self->not_writable)
    return store_exec (self, "PRAGMA foreign_keys = ON", error);

  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  if (!store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  if (version < SMARTCA_STORE_SCHEMA_VERSION && !store_migrate (self, version, error))
    return FALSE;

  return TRUE;
}

static gboolean
open_database (SmartcaStore *self,
               GError      **error)
{
  return store_open_connection (self, error) && load (self, error);
}

/* GObject */

static void
smartca_store_finalize (GObject *object)
{
  SmartcaStore *self = (SmartcaStore *) object;

  g_clear_pointer (&self->by_serial, g_hash_table_unref);
  g_clear_pointer (&self->pending_removals, g_hash_table_unref);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);
  g_clear_object (&self->certificates);
  store_images_finalize (self);
  store_history_finalize (self);
  store_close_connection (self);
  g_free (self->path);

  G_OBJECT_CLASS (smartca_store_parent_class)->finalize (object);
}

static void
smartca_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SmartcaStore *self = SMARTCA_STORE (object);

  switch (prop_id)
    {
    case STORE_PROP_READ_ONLY:
      g_value_set_boolean (value, smartca_store_get_read_only (self));
      break;
    case STORE_PROP_DAMAGED:
      g_value_set_boolean (value, smartca_store_get_damaged (self));
      break;
    case STORE_PROP_DEFAULT_IMAGE:
      g_value_set_object (value, smartca_store_get_default_image (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_store_class_init (SmartcaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = smartca_store_finalize;
  object_class->get_property = smartca_store_get_property;

  /**
   * SmartcaStore:read-only:
   *
   * Whether the list can only be viewed: it is damaged, or the file or its
   * folder cannot be written. Every change then fails with
   * %SMARTCA_STORE_ERROR_READ_ONLY.
   */
  store_properties[STORE_PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * SmartcaStore:damaged:
   *
   * Whether the file failed its integrity check; smartca_store_repair ()
   * builds a sound one.
   */
  store_properties[STORE_PROP_DAMAGED] =
    g_param_spec_boolean ("damaged", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * SmartcaStore:default-image:
   *
   * The signature image of every certificate that has none of its own
   * (smartca_store_get_signing_image()), or %NULL.
   */
  store_properties[STORE_PROP_DEFAULT_IMAGE] =
    g_param_spec_object ("default-image", NULL, NULL, SMARTCA_TYPE_SIGNATURE_IMAGE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, STORE_N_PROPS, store_properties);
}

static void
smartca_store_init (SmartcaStore *self)
{
  self->certificates = g_list_store_new (SMARTCA_TYPE_CERTIFICATE);
  self->by_serial = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending_removals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  store_pending_removal_free);
  store_images_init (self);
  store_history_init (self);
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
smartca_store_new (const char *path,
                   GError    **error)
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
  GError                 *error = NULL;

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
smartca_store_new_async (const char         *path,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
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
smartca_store_new_finish (GAsyncResult *result,
                          GError      **error)
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
  gpointer       value;

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

  stmt = store_prepare (self, "SELECT DISTINCT lookup_id FROM certificates ORDER BY lookup_id", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, store_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

/**
 * smartca_store_load_der:
 *
 * Reads the certificate's DER and its chain from disk into @certificate
 * (they are not kept in memory for the list).
 */
gboolean
smartca_store_load_der (SmartcaStore       *self,
                        SmartcaCertificate *certificate,
                        GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes)       der = NULL;
  g_autoptr(GBytes)       ca_der = NULL;
  g_autoptr(GBytes)       root_der = NULL;
  int                     rc;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  if (!store_check_stored (self, certificate, error))
    return FALSE;

  stmt = store_prepare (self,
                        "SELECT d.cert_der, d.ca_der, d.root_der FROM certificate_der d"
                        " JOIN certificates c ON c.id = d.certificate_id WHERE c.serial_number = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, smartca_certificate_get_serial_number (certificate));

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
      return store_sqlite_error (self, rc, error);
    }

  der = store_column_bytes (stmt, 0);
  ca_der = store_column_bytes (stmt, 1);
  root_der = store_column_bytes (stmt, 2);
  smartca_certificate_set_der (certificate, der);
  smartca_certificate_set_chain (certificate, ca_der, root_der);
  return TRUE;
}
