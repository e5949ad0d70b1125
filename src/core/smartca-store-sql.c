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
store_sqlite_error (SmartcaStore *self,
                    int           rc,
                    GError      **error)
{
  int primary = rc & 0xff;

  /* Damage found after the check at opening (in pages it does not read):
   * from now on the list is read-only, and Repair is offered. */
  if (primary == SQLITE_CORRUPT && self->db != NULL && !self->damaged)
    {
      self->damaged = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), store_properties[STORE_PROP_DAMAGED]);
      if (!self->not_writable)
        g_object_notify_by_pspec (G_OBJECT (self), store_properties[STORE_PROP_READ_ONLY]);
    }

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

/* After a Repair that could neither finish nor reopen the old file, the
 * store has no connection: every call says so instead of crashing. */
static gboolean
store_check_open (SmartcaStore *self,
                  GError      **error)
{
  if (self->db != NULL)
    return TRUE;
  g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN,
               _("The certificate list “%s” is not open any more. Close the app and start it "
                 "again."),
               self->path);
  return FALSE;
}

gboolean
store_exec (SmartcaStore *self,
            const char   *sql,
            GError      **error)
{
  int rc;

  if (!store_check_open (self, error))
    return FALSE;
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return store_sqlite_error (self, rc, error);
  return TRUE;
}

sqlite3_stmt *
store_prepare (SmartcaStore *self,
               const char   *sql,
               GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  if (!store_check_open (self, error))
    return NULL;
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
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
  gsize         size;
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

/* Whether rows from @from on can be reached: TRUE when the seek lands on a
 * row or past the end, FALSE when it lands on a damaged page. */
static gboolean
can_seek_from (sqlite3_stmt *stmt,
               gint64        from)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, from);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* The smallest rowid after @failed from which a scan can go on, or FALSE
 * when none can (seeking to a rowid lands on the page that would hold it). Doubling steps find one; halving finds the first, so that
 * no readable row after the damaged page is skipped. */
static gboolean
find_readable_after (sqlite3_stmt *stmt,
                     gint64        failed,
                     gint64       *resume)
{
  gint64 bad = failed;
  gint64 good;
  gint64 step = 1;

  for (;;)
    {
      if (bad > G_MAXINT64 - step)
        return FALSE;
      good = bad + step;
      if (can_seek_from (stmt, good))
        break;
      bad = good;
      if (step < G_MAXINT64 / 2)
        step *= 2;
    }

  while (good - bad > 1)
    {
      gint64 middle = bad + (good - bad) / 2;

      if (can_seek_from (stmt, middle))
        good = middle;
      else
        bad = middle;
    }
  *resume = good;
  return TRUE;
}

/**
 * store_scan:
 * @columns: the columns to read, as SQL
 * @table: the table, as SQL
 * @func: called for each row; the row's columns are @columns in order
 *
 * Reads every row of @table in rowid order. In a damaged file, a damaged
 * page costs only the rows on it: the scan goes on after it.
 */
gboolean
store_scan (SmartcaStore *self,
            const char   *columns,
            const char   *table,
            StoreRowFunc  func,
            gpointer      user_data,
            GError      **error)
{
  g_autofree char        *sql = g_strdup_printf ("SELECT %s, rowid FROM %s WHERE rowid >= ?1"
                                                        " ORDER BY rowid",
                                                 columns, table);
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, error);
  gint64                  from = G_MININT64;
  int                     rowid_column;
  int                     rc;

  if (stmt == NULL)
    return FALSE;
  rowid_column = sqlite3_column_count (stmt) - 1;

  for (;;)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, from);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, rowid_column);

          if (!func (stmt, user_data, error))
            return FALSE;
          if (rowid == G_MAXINT64)
            return TRUE;
          from = rowid + 1;
        }
      if (rc == SQLITE_DONE)
        return TRUE;
      if (!self->damaged)
        return store_sqlite_error (self, rc, error);
      g_debug ("%s: %s is damaged from rowid %" G_GINT64_FORMAT ": %s",
               self->path, table, from, sqlite3_errstr (rc));
      if (!find_readable_after (stmt, from, &from))
        return TRUE;
    }
}
