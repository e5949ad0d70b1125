/* smartca-store-sql.c: small SQLite helpers shared by the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-store.h"
#include "smartca-store-private.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

gboolean
store_sqlite_error (SmartcaStore  *self,
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

gboolean
store_exec (SmartcaStore  *self,
          const char    *sql,
          GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return store_sqlite_error (self, rc, error);
  return TRUE;
}

sqlite3_stmt *
store_prepare (SmartcaStore  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      store_sqlite_error (self, rc, error);
      return NULL;
    }
  return stmt;
}

void
store_finalize_stmt (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

void
store_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
store_bind_bytes (sqlite3_stmt *stmt,
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

GBytes *
store_column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  const void *blob;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  blob = sqlite3_column_blob (stmt, column);
  return g_bytes_new (blob, sqlite3_column_bytes (stmt, column));
}

const char *
store_column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gint64
store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
store_rollback (SmartcaStore *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

