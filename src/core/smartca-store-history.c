/* smartca-store-history.c: the signing history, and where each certificate
 * last signed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history is a list of SmartcaHistoryEntry, newest first, that mirrors
 * signing_history as the certificates' list mirrors certificates: a change
 * is written before the list is touched, and the list follows the file when
 * another instance (the command line) wrote to it (store_reconcile()).
 * Neither table is linked to the certificates: removing one keeps its
 * entries and its position.
 */

#include "config.h"

#include "smartca-history.h"
#include "smartca-history-private.h"
#include "smartca-store-private.h"
#include "smartca-store.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define HISTORY_COLUMNS                                                    \
  "id, signed_at, input_path, output_path, output_sha256, serial_number, " \
  "certificate_name, transaction_id, outcome, message"

void
store_history_init (SmartcaStore *self)
{
  self->history = g_list_store_new (SMARTCA_TYPE_HISTORY_ENTRY);
}

void
store_history_finalize (SmartcaStore *self)
{
  g_clear_pointer (&self->loaded_history, g_ptr_array_unref);
  g_clear_object (&self->history);
}

/* Newest first; the order of the list */
static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  SmartcaHistoryEntry *entry_a = (SmartcaHistoryEntry *) a;
  SmartcaHistoryEntry *entry_b = (SmartcaHistoryEntry *) b;
  gint64               time_a = smartca_history_entry_get_signed_at (entry_a);
  gint64               time_b = smartca_history_entry_get_signed_at (entry_b);
  gint64               id_a = smartca_history_entry_get_id (entry_a);
  gint64               id_b = smartca_history_entry_get_id (entry_b);

  if (time_a != time_b)
    return time_a > time_b ? -1 : 1;
  return id_a > id_b ? -1 : id_a < id_b;
}

static int
compare_entries_indirect (gconstpointer a,
                          gconstpointer b)
{
  return compare_entries (*(SmartcaHistoryEntry **) a, *(SmartcaHistoryEntry **) b, NULL);
}

/* A file not yet brought up to schema 4 (read-only) has no history */
static gboolean
has_history_table (SmartcaStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self,
                                                "SELECT 1 FROM sqlite_schema WHERE type = 'table'"
                                                " AND name = 'signing_history'",
                                                NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
read_history_row (sqlite3_stmt *row,
                  gpointer      user_data,
                  GError      **error)
{
  GPtrArray           *rows = user_data;
  const char          *input_path = store_column_text (row, 2);
  const char          *serial_number = store_column_text (row, 5);
  SmartcaHistoryEntry *entry;

  if (input_path == NULL || serial_number == NULL)
    return TRUE;
  entry = smartca_history_entry_new (sqlite3_column_int64 (row, 1), input_path,
                                     store_column_text (row, 3), store_column_text (row, 4),
                                     serial_number, store_column_text (row, 6),
                                     store_column_text (row, 7),
                                     smartca_history_outcome_from_key (store_column_text (row, 8)),
                                     store_column_text (row, 9));
  smartca_history_entry_set_id (entry, sqlite3_column_int64 (row, 0));
  g_ptr_array_add (rows, entry);
  return TRUE;
}

/* Every readable row, newest first */
static GPtrArray *
read_history (SmartcaStore *self,
              GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (has_history_table (self) &&
      !store_scan (self, HISTORY_COLUMNS, "signing_history", read_history_row, rows, error))
    return NULL;
  g_ptr_array_sort (rows, compare_entries_indirect);
  return g_steal_pointer (&rows);
}

/* On the thread that opens the store, after the certificates */
gboolean
store_load_history (SmartcaStore *self,
                    GError      **error)
{
  GPtrArray *rows = read_history (self, error);

  if (rows == NULL)
    return FALSE;
  g_clear_pointer (&self->loaded_history, g_ptr_array_unref);
  self->loaded_history = rows;
  return TRUE;
}

/* Hands what store_load_history() read to the list, on the thread that
 * will use it. */
void
store_publish_history (SmartcaStore *self)
{
  if (self->loaded_history == NULL)
    return;
  g_list_store_splice (self->history, 0, 0, self->loaded_history->pdata,
                       self->loaded_history->len);
  g_clear_pointer (&self->loaded_history, g_ptr_array_unref);
}

/* The entry with @id in the list, or NULL; its position in @position */
static SmartcaHistoryEntry *
find_entry (SmartcaStore *self,
            gint64        id,
            guint        *position)
{
  GListModel *model = G_LIST_MODEL (self->history);
  guint       n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SmartcaHistoryEntry) item = g_list_model_get_item (model, i);

      if (smartca_history_entry_get_id (item) == id)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

/**
 * store_reconcile_history:
 *
 * Makes the history what the file holds, keeping the objects of the rows
 * that stay (entries never change once written).
 */
gboolean
store_reconcile_history (SmartcaStore *self,
                         GError      **error)
{
  g_autoptr(GPtrArray)  rows = read_history (self, error);
  g_autoptr(GPtrArray)  next = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autofree gint64    *ids = NULL;
  GListModel           *model = G_LIST_MODEL (self->history);
  guint                 n_items = g_list_model_get_n_items (model);
  gboolean              same;

  if (rows == NULL)
    return FALSE;

  /* id → the entry in the list (which holds it while this runs) */
  known = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  ids = g_new (gint64, MAX (n_items, 1));
  for (guint i = 0; i < n_items; i++)
    {
      SmartcaHistoryEntry *item = g_list_model_get_item (model, i);

      ids[i] = smartca_history_entry_get_id (item);
      g_hash_table_insert (known, &ids[i], item);
    }

  next = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      SmartcaHistoryEntry *row = g_ptr_array_index (rows, i);
      gint64               id = smartca_history_entry_get_id (row);
      SmartcaHistoryEntry *item = g_hash_table_lookup (known, &id);

      g_ptr_array_add (next, g_object_ref (item != NULL ? item : row));
    }

  same = n_items == next->len;
  for (guint i = 0; same && i < n_items; i++)
    {
      g_autoptr(SmartcaHistoryEntry) item = g_list_model_get_item (model, i);

      same = item == g_ptr_array_index (next, i);
    }
  if (!same)
    g_list_store_splice (self->history, 0, n_items, next->pdata, next->len);
  return TRUE;
}

/* Public API */

/**
 * smartca_store_get_history:
 *
 * Returns: (transfer none): a #GListModel of #SmartcaHistoryEntry, newest
 *   first, that follows every change
 */
GListModel *
smartca_store_get_history (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->history);
}

/* Writes @entry's row; with @id > 0 under that id (Undo), else under a new
 * one, returned in @id. */
static gboolean
insert_entry (SmartcaStore        *self,
              SmartcaHistoryEntry *entry,
              gint64              *id,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = store_prepare (self,
                        "INSERT OR IGNORE INTO signing_history (" HISTORY_COLUMNS ")"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        error);
  if (stmt == NULL)
    return FALSE;
  if (*id > 0)
    sqlite3_bind_int64 (stmt, 1, *id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, smartca_history_entry_get_signed_at (entry));
  store_bind_text (stmt, 3, smartca_history_entry_get_input_path (entry));
  store_bind_text (stmt, 4, smartca_history_entry_get_output_path (entry));
  store_bind_text (stmt, 5, smartca_history_entry_get_output_sha256 (entry));
  store_bind_text (stmt, 6, smartca_history_entry_get_serial_number (entry));
  store_bind_text (stmt, 7, smartca_history_entry_get_certificate_name (entry));
  store_bind_text (stmt, 8, smartca_history_entry_get_transaction_id (entry));
  store_bind_text (stmt, 9,
                   smartca_history_outcome_to_key (smartca_history_entry_get_outcome (entry)));
  store_bind_text (stmt, 10, smartca_history_entry_get_message (entry));
  if (!store_step_once (self, stmt, error))
    return FALSE;
  if (*id <= 0)
    *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static gboolean
check_entry (SmartcaHistoryEntry *entry,
             GError             **error)
{
  const char *sha256 = smartca_history_entry_get_output_sha256 (entry);

  if (*smartca_history_entry_get_input_path (entry) != '\0' &&
      *smartca_history_entry_get_serial_number (entry) != '\0' &&
      (sha256 == NULL || strlen (sha256) == 64))
    return TRUE;
  g_set_error_literal (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                       _("The signing could not be added to the history: it names no document "
                         "or no certificate."));
  return FALSE;
}

/**
 * smartca_store_add_history:
 * @entry: a new entry (id 0)
 *
 * Stores @entry, sets its id and puts it in the list, newest first.
 */
gboolean
smartca_store_add_history (SmartcaStore        *self,
                           SmartcaHistoryEntry *entry,
                           GError             **error)
{
  g_autoptr(SmartcaHistoryEntry) hold = NULL;
  gint64                         id = 0;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (entry), FALSE);
  g_return_val_if_fail (smartca_history_entry_get_id (entry) == 0, FALSE);

  hold = g_object_ref (entry);

  if (!check_entry (entry, error) || !store_begin_write (self, error))
    return FALSE;
  if (!insert_entry (self, entry, &id, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  smartca_history_entry_set_id (entry, id);
  g_list_store_insert_sorted (self->history, entry, compare_entries, NULL);
  return TRUE;
}

/**
 * smartca_store_forget_history:
 *
 * Deletes @entry's row and takes it out of the list. An entry already gone
 * (forgotten elsewhere) is not an error.
 */
gboolean
smartca_store_forget_history (SmartcaStore        *self,
                              SmartcaHistoryEntry *entry,
                              GError             **error)
{
  g_autoptr(SmartcaHistoryEntry) hold = NULL;
  g_autoptr(sqlite3_stmt)        stmt = NULL;
  gint64                         id;
  guint                          position;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (entry), FALSE);

  hold = g_object_ref (entry);
  id = smartca_history_entry_get_id (entry);
  if (id <= 0)
    return TRUE;
  if (!store_begin_write (self, error))
    return FALSE;
  stmt = store_prepare (self, "DELETE FROM signing_history WHERE id = ?1", error);
  if (stmt == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  if (find_entry (self, id, &position) != NULL)
    g_list_store_remove (self->history, position);
  return TRUE;
}

/**
 * smartca_store_restore_history:
 * @entry: an entry smartca_store_forget_history() forgot
 *
 * Undo of forget: stores @entry again under its old id, and puts it back in
 * its place in the list.
 */
gboolean
smartca_store_restore_history (SmartcaStore        *self,
                               SmartcaHistoryEntry *entry,
                               GError             **error)
{
  g_autoptr(SmartcaHistoryEntry) hold = NULL;
  gint64                         id;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (entry), FALSE);

  /* Bringing the list up to date may drop it: the caller may not hold it. */
  hold = g_object_ref (entry);
  id = smartca_history_entry_get_id (entry);
  if (!check_entry (entry, error) || !store_begin_write (self, error))
    return FALSE;
  if (!insert_entry (self, entry, &id, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  smartca_history_entry_set_id (entry, id);
  if (find_entry (self, id, NULL) == NULL)
    g_list_store_insert_sorted (self->history, entry, compare_entries, NULL);
  return TRUE;
}

/* Positions */

/**
 * smartca_store_get_sign_position:
 * @page: (out): the page, from 0; negative counts from the end
 * @rect: (out): the signature's box, in points, origin bottom-left
 * @invisible: (out) (optional): whether the signature was invisible
 *
 * Returns: whether @serial_number ever signed (no error otherwise)
 */
gboolean
smartca_store_get_sign_position (SmartcaStore   *self,
                                 const char     *serial_number,
                                 int            *page,
                                 SmartcaPdfRect *rect,
                                 gboolean       *invisible)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char        *key = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (page != NULL && rect != NULL, FALSE);

  if (serial_number == NULL)
    return FALSE;
  /* (a file not brought up to schema 4 has no table: never signed) */
  stmt = store_prepare (self,
                        "SELECT page, x, y, width, height, invisible FROM sign_positions"
                        " WHERE serial_number = ?1",
                        NULL);
  if (stmt == NULL)
    return FALSE;
  key = g_ascii_strdown (serial_number, -1);
  store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *page = sqlite3_column_int (stmt, 0);
  rect->x = sqlite3_column_double (stmt, 1);
  rect->y = sqlite3_column_double (stmt, 2);
  rect->width = sqlite3_column_double (stmt, 3);
  rect->height = sqlite3_column_double (stmt, 4);
  if (invisible != NULL)
    *invisible = sqlite3_column_int (stmt, 5) != 0;
  return TRUE;
}

/**
 * smartca_store_set_sign_position:
 * @page: from 0; negative counts from the end (-1: the last page)
 *
 * Remembers where @serial_number signed, for its next document.
 */
gboolean
smartca_store_set_sign_position (SmartcaStore         *self,
                                 const char           *serial_number,
                                 int                   page,
                                 const SmartcaPdfRect *rect,
                                 gboolean              invisible,
                                 GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char        *key = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (serial_number != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (*serial_number == '\0' || !isfinite (rect->x) || !isfinite (rect->y) ||
      !isfinite (rect->width) || !isfinite (rect->height) || !(rect->width > 0) ||
      !(rect->height > 0))
    {
      g_set_error_literal (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                           _("The place of the signature could not be remembered: it is not a "
                             "box on a page."));
      return FALSE;
    }

  if (!store_begin_write (self, error))
    return FALSE;
  stmt = store_prepare (self,
                        "INSERT OR REPLACE INTO sign_positions (serial_number, page, x, y, width,"
                        " height, invisible, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        error);
  if (stmt == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  key = g_ascii_strdown (serial_number, -1);
  store_bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, page);
  sqlite3_bind_double (stmt, 3, rect->x);
  sqlite3_bind_double (stmt, 4, rect->y);
  sqlite3_bind_double (stmt, 5, rect->width);
  sqlite3_bind_double (stmt, 6, rect->height);
  sqlite3_bind_int (stmt, 7, invisible ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, store_now ());
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;
  return TRUE;
}
