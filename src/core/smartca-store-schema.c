/* smartca-store-schema.c: the schema and how older files are brought up
 * to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-store.h"
#include "smartca-store-private.h"

#include <sqlite3.h>

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
  /* 2 */
  /* Deletions the user can still undo. Marked in the same transaction that
   * hands the default to another certificate, so that the default never moves
   * for a deletion that is then lost: a mark left behind (the app was killed)
   * is carried out at the next start. */
  "CREATE TABLE pending_removals ("
  "  certificate_id INTEGER PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,"
  "  requested_at INTEGER NOT NULL"
  ");"
  /* Certificates already removed whose keyring entries (business password,
   * secret key) may still exist: listed in the transaction that removes the
   * row, unlisted once the keyring forgot them. */
  "CREATE TABLE pending_keyring_cleanup ("
  "  serial_number TEXT PRIMARY KEY CHECK (serial_number <> ''),"
  "  removed_at INTEGER NOT NULL"
  ");",
  /* 3 */
  /* The user's signature images are normalised PNGs named after the hash of
   * their pixels, so the same picture is stored once. Rows from before
   * (if any) keep a NULL hash and a size of 0: unknown. At most one image
   * is the default, whatever the code does. The index on the certificates
   * lets removing an image find its users without reading every row. */
  "ALTER TABLE signature_images ADD COLUMN pixels_sha256 TEXT"
  "  CHECK (pixels_sha256 IS NULL OR length (pixels_sha256) = 64);"
  "ALTER TABLE signature_images ADD COLUMN width INTEGER NOT NULL DEFAULT 0"
  "  CHECK (width >= 0);"
  "ALTER TABLE signature_images ADD COLUMN height INTEGER NOT NULL DEFAULT 0"
  "  CHECK (height >= 0);"
  "ALTER TABLE signature_images ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0"
  "  CHECK (is_default IN (0, 1));"
  "CREATE UNIQUE INDEX signature_images_pixels ON signature_images (pixels_sha256);"
  "CREATE UNIQUE INDEX signature_images_single_default ON signature_images (is_default)"
  "  WHERE is_default = 1;"
  "CREATE INDEX certificates_signature_image ON certificates (signature_image_id);",
  /* 4 */
  /* The signing history: paths, names and hashes, never the document.
   * Keyed by the serial and not linked to the certificates, so that an
   * entry outlives its certificate (it keeps the name it signed with). Ids
   * are never used twice, so that Undo of a forgotten entry puts it back
   * under its own. */
  "CREATE TABLE signing_history ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  signed_at INTEGER NOT NULL,"
  "  input_path TEXT NOT NULL CHECK (input_path <> ''),"
  "  output_path TEXT,"
  "  output_sha256 TEXT CHECK (output_sha256 IS NULL OR length (output_sha256) = 64),"
  "  serial_number TEXT NOT NULL"
  "    CHECK (serial_number <> '' AND serial_number = lower (serial_number)),"
  "  certificate_name TEXT,"
  "  transaction_id TEXT,"
  "  outcome TEXT NOT NULL"
  "    CHECK (outcome IN ('signed', 'cancelled', 'rejected', 'expired', 'failed')),"
  "  message TEXT"
  ");"
  "CREATE INDEX signing_history_serial ON signing_history (serial_number);"
  /* Where each certificate last signed, for the next document. Kept when
   * the certificate is removed: the same certificate looked up again signs
   * where it did. */
  "CREATE TABLE sign_positions ("
  "  serial_number TEXT PRIMARY KEY"
  "    CHECK (serial_number <> '' AND serial_number = lower (serial_number)),"
  "  page INTEGER NOT NULL,"
  "  x REAL NOT NULL,"
  "  y REAL NOT NULL,"
  "  width REAL NOT NULL CHECK (width > 0),"
  "  height REAL NOT NULL CHECK (height > 0),"
  "  invisible INTEGER NOT NULL DEFAULT 0 CHECK (invisible IN (0, 1)),"
  "  updated_at INTEGER NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SMARTCA_STORE_SCHEMA_VERSION);

gboolean
store_read_user_version (SmartcaStore *self,
                         int          *version,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, "PRAGMA user_version", error);
  int                     rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return store_sqlite_error (self, rc, error);
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

gboolean
store_migrate (SmartcaStore *self,
               int           from,
               GError      **error)
{
  if (!store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another connection may have migrated while this one waited for the
   * write lock: start from what the file says now. */
  if (!store_read_user_version (self, &from, error))
    {
      store_rollback (self);
      return FALSE;
    }

  for (int version = from; version < SMARTCA_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = NULL;

      if (!store_exec (self, migrations[version], error))
        {
          store_rollback (self);
          return FALSE;
        }

      bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!store_exec (self, bump, error))
        {
          store_rollback (self);
          return FALSE;
        }
    }

  if (!store_exec (self, "COMMIT", error))
    {
      store_rollback (self);
      return FALSE;
    }
  return TRUE;
}
