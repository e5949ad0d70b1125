/* smartca-store-repair.c: a new list from what a damaged one still holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A damaged file is never written. Repair copies every row that can still
 * be read into a new file of the current schema, moves the damaged file
 * (with its -wal and -shm) aside under a name that carries the date, and
 * puts the new one in its place.
 */

#include "config.h"

#include "smartca-store.h"
#include "smartca-store-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

static const char *const companions[] = { "", "-wal", "-shm", "-journal" };

static char *
quote_identifier (const char *name)
{
  g_autoptr(GString) quoted = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static GPtrArray *
column_names (sqlite3    *db,
              const char *table)
{
  g_autofree char *quoted = quote_identifier (table);
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", quoted);
  GPtrArray       *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt    *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  SmartcaStore *repaired;
  sqlite3_stmt *insert;
  int           n_columns;
} CopyState;

static gboolean
copy_row (sqlite3_stmt *row,
          gpointer      user_data,
          GError      **error)
{
  CopyState *state = user_data;

  sqlite3_reset (state->insert);
  for (int i = 0; i < state->n_columns; i++)
    sqlite3_bind_value (state->insert, i + 1, sqlite3_column_value (row, i));
  return store_step_once (state->repaired, state->insert, error);
}

/* Copies every row of @table that can be read, in the columns both files
 * know. */
static gboolean
copy_table (SmartcaStore *damaged,
            SmartcaStore *repaired,
            const char   *table,
            GError      **error)
{
  g_autoptr(GPtrArray) old_columns = column_names (damaged->db, table);
  g_autoptr(GPtrArray) new_columns = column_names (repaired->db, table);
  g_autoptr(GString)   columns = g_string_new (NULL);
  g_autoptr(GString)   values = g_string_new (NULL);
  g_autofree char     *quoted_table = quote_identifier (table);
  g_autofree char     *insert_sql = NULL;
  CopyState            state = { 0 };
  gboolean             ok;
  int                  n = 0;

  for (guint i = 0; i < new_columns->len; i++)
    {
      const char      *name = g_ptr_array_index (new_columns, i);
      g_autofree char *quoted = NULL;

      if (!has_name (old_columns, name))
        continue;
      quoted = quote_identifier (name);
      g_string_append_printf (columns, "%s%s", n > 0 ? ", " : "", quoted);
      g_string_append_printf (values, "%s?%d", n > 0 ? ", " : "", n + 1);
      n++;
    }
  if (n == 0)
    return TRUE;

  insert_sql = g_strdup_printf ("INSERT OR IGNORE INTO %s (%s) VALUES (%s)",
                                quoted_table, columns->str, values->str);
  state.insert = store_prepare (repaired, insert_sql, error);
  if (state.insert == NULL)
    return FALSE;
  state.repaired = repaired;
  state.n_columns = n;

  ok = store_scan (damaged, columns->str, quoted_table, copy_row, &state, error);
  sqlite3_finalize (state.insert);
  return ok;
}

/* The indexes that allow one default row: dropped while the rows are
 * copied, made again after. */
static const char *const single_default_indexes[] = {
  "certificates_single_default",
  "signature_images_single_default",
};

/* The damage may have left two rows marked default (the index that forbids
 * it broke too): those indexes wait until the rows are in, or INSERT OR
 * IGNORE would drop the second row altogether. Returns their SQL. */
static GPtrArray *
drop_single_default_indexes (SmartcaStore *repaired,
                             GError      **error)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (single_default_indexes); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char        *drop = NULL;

      stmt = store_prepare (repaired,
                            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                            error);
      if (stmt == NULL)
        return NULL;
      store_bind_text (stmt, 1, single_default_indexes[i]);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      g_ptr_array_add (dropped, g_strdup (store_column_text (stmt, 0)));
      /* A statement still reading the schema would keep the index. */
      g_clear_pointer (&stmt, sqlite3_finalize);
      drop = g_strdup_printf ("DROP INDEX %s", single_default_indexes[i]);
      if (!store_exec (repaired, drop, error))
        return NULL;
    }
  return g_steal_pointer (&dropped);
}

static gboolean
copy_readable_rows (SmartcaStore *damaged,
                    SmartcaStore *repaired,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(GPtrArray)    dropped = NULL;

  /* Rows are copied as they are; links that point at rows lost to the
   * damage are dropped afterwards, so the order of the tables is free. */
  if (!store_exec (repaired, "PRAGMA foreign_keys = OFF", error) ||
      !store_exec (repaired, "BEGIN IMMEDIATE", error))
    return FALSE;

  dropped = drop_single_default_indexes (repaired, error);
  if (dropped == NULL)
    {
      store_rollback (repaired);
      return FALSE;
    }

  tables = store_prepare (repaired,
                          "SELECT name FROM sqlite_schema WHERE type = 'table'"
                          " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                          error);
  if (tables == NULL)
    {
      store_rollback (repaired);
      return FALSE;
    }
  while (sqlite3_step (tables) == SQLITE_ROW)
    if (!copy_table (damaged, repaired, store_column_text (tables, 0), error))
      {
        store_rollback (repaired);
        return FALSE;
      }

  if (!store_exec (repaired,
                   "DELETE FROM certificate_der"
                   " WHERE certificate_id NOT IN (SELECT id FROM certificates);"
                   "UPDATE certificates SET signature_image_id = NULL"
                   " WHERE signature_image_id NOT IN (SELECT id FROM signature_images);"
                   /* One default: the one added first. */
                   "UPDATE certificates SET is_default = 0 WHERE is_default = 1"
                   " AND id <> (SELECT min (id) FROM certificates WHERE is_default = 1);"
                   "UPDATE signature_images SET is_default = 0 WHERE is_default = 1"
                   " AND id <> (SELECT min (id) FROM signature_images WHERE is_default = 1);",
                   error))
    {
      store_rollback (repaired);
      return FALSE;
    }
  for (guint i = 0; i < dropped->len; i++)
    if (!store_exec (repaired, g_ptr_array_index (dropped, i), error))
      {
        store_rollback (repaired);
        return FALSE;
      }
  if (!store_exec (repaired, "COMMIT", error))
    {
      store_rollback (repaired);
      return FALSE;
    }
  return store_exec (repaired, "PRAGMA foreign_keys = ON", error);
}

static void
remove_with_companions (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *file = g_strconcat (path, companions[i], NULL);

      g_unlink (file);
    }
}

/* certificates.db.damaged-2026-11-27, or …-2, …-3 when the day already
 * has one. */
static char *
dup_backup_path (const char *path)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char     *date = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char     *base = g_strdup_printf ("%s.damaged-%s", path, date);
  char                *candidate = g_strdup (base);

  for (guint n = 2; g_file_test (candidate, G_FILE_TEST_EXISTS); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", base, n);
    }
  return candidate;
}

static gboolean
move_aside (const char *path,
            const char *backup,
            GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (backup, companions[i], NULL);

      if (g_rename (from, to) != 0 && (errno != ENOENT || i == 0))
        {
          int saved_errno = errno;

          g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_FAILED,
                       _("The damaged list could not be moved to “%s”: %s"),
                       to, g_strerror (saved_errno));
          /* Whatever moved goes back, so the pieces stay together. */
          while (i-- > 0)
            {
              g_autofree char *moved = g_strconcat (backup, companions[i], NULL);
              g_autofree char *back = g_strconcat (path, companions[i], NULL);

              g_rename (moved, back);
            }
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * smartca_store_repair:
 * @backup_path: (out) (optional) (transfer full): where the damaged file
 *   now is
 *
 * Builds a new list from every row of the damaged one that can still be
 * read, keeps the damaged file beside it (named with today's date, with its
 * -wal and -shm), and makes the store writable again on the new file. The
 * objects of the certificates that were recovered stay the same.
 */
gboolean
smartca_store_repair (SmartcaStore *self,
                      char        **backup_path,
                      GError      **error)
{
  g_autofree char        *new_path = NULL;
  g_autofree char        *backup = NULL;
  g_autoptr(SmartcaStore) repaired = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);

  if (!self->damaged)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   _("The certificate list is not damaged."));
      return FALSE;
    }

  new_path = g_strconcat (self->path, ".repairing", NULL);
  remove_with_companions (new_path);

  repaired = smartca_store_new (new_path, error);
  if (repaired == NULL)
    {
      remove_with_companions (new_path);
      return FALSE;
    }
  if (!copy_readable_rows (self, repaired, error))
    {
      g_clear_object (&repaired);
      remove_with_companions (new_path);
      return FALSE;
    }
  /* Closing the last connection folds its log into the file. */
  g_clear_object (&repaired);

  store_close_connection (self);
  backup = dup_backup_path (self->path);
  if (!move_aside (self->path, backup, error))
    {
      remove_with_companions (new_path);
      store_open_connection (self, NULL);
      return FALSE;
    }
  if (g_rename (new_path, self->path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_FAILED,
                   _("The repaired list could not be put in place of the damaged one: %s"),
                   g_strerror (saved_errno));
      move_aside (backup, self->path, NULL);
      store_open_connection (self, NULL);
      return FALSE;
    }

  if (!store_open_connection (self, error) || !store_reconcile (self, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), store_properties[STORE_PROP_DAMAGED]);
  g_object_notify_by_pspec (G_OBJECT (self), store_properties[STORE_PROP_READ_ONLY]);

  if (backup_path != NULL)
    *backup_path = g_steal_pointer (&backup);
  return TRUE;
}
