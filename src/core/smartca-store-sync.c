/* smartca-store-sync.c: the list follows the file, and writes wait for both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Another process (the command line, later a background helper) may change
 * the same file. Every change therefore starts with the write lock held
 * (BEGIN IMMEDIATE), brings the list up to date with what the file holds if
 * anybody else committed since, and only then decides (is it stored, is
 * there a default, who succeeds it). SQLite's data_version tells cheaply
 * whether another connection committed.
 */

#include "config.h"

#include "smartca-store.h"
#include "smartca-store-private.h"

#include <glib/gi18n-lib.h>

gboolean
store_read_data_version (SmartcaStore *self,
                         gint64       *version,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, "PRAGMA data_version", error);
  int                     rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return store_sqlite_error (self, rc, error);
  *version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static void
copy_stored_fields (SmartcaCertificate *self,
                    SmartcaCertificate *row)
{
  smartca_certificate_update_from (self, row);
  smartca_certificate_set_custom_name (self, smartca_certificate_get_custom_name (row));
  smartca_certificate_set_is_default (self, smartca_certificate_get_is_default (row));
  smartca_certificate_set_signature_image_id (self,
                                              smartca_certificate_get_signature_image_id (row));
  smartca_certificate_set_business (self, smartca_certificate_get_business_enabled (row),
                                    smartca_certificate_get_business_method (row));
}

static int
compare_indirect (gconstpointer a,
                  gconstpointer b)
{
  return smartca_certificate_compare (*(SmartcaCertificate **) a, *(SmartcaCertificate **) b);
}

typedef struct
{
  SmartcaStore *self;
  GPtrArray    *next;
} ReconcileState;

static gboolean
reconcile_row (sqlite3_stmt *stmt,
               gpointer      user_data,
               GError      **error)
{
  ReconcileState               *state = user_data;
  g_autoptr(SmartcaCertificate) row = store_certificate_from_row (stmt);
  SmartcaCertificate           *known;

  known = g_hash_table_lookup (state->self->by_serial, smartca_certificate_get_serial_number (row));
  if (known != NULL)
    {
      copy_stored_fields (known, row);
      g_ptr_array_add (state->next, g_object_ref (known));
    }
  else
    g_ptr_array_add (state->next, g_steal_pointer (&row));
  return TRUE;
}

/**
 * store_reconcile:
 *
 * Makes the list what the file holds: rows added elsewhere appear, rows
 * removed elsewhere go, and the objects of the others take their stored
 * fields (so that the widgets bound to them follow). Objects are kept for
 * rows that stay.
 */
gboolean
store_reconcile (SmartcaStore *self,
                 GError      **error)
{
  g_autoptr(GPtrArray)  next = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_serial = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel           *model = G_LIST_MODEL (self->certificates);
  ReconcileState        state = { self, next };
  guint                 n_items;
  gboolean              same = TRUE;

  if (!store_scan (self, STORE_CERT_COLUMNS, "certificates", reconcile_row, &state, error))
    return FALSE;

  g_ptr_array_sort (next, compare_indirect);
  for (guint i = 0; i < next->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (next, i);

      g_hash_table_insert (by_serial,
                           (gpointer) smartca_certificate_get_serial_number (certificate),
                           certificate);
    }

  n_items = g_list_model_get_n_items (model);
  same = n_items == next->len;
  for (guint i = 0; same && i < n_items; i++)
    {
      g_autoptr(SmartcaCertificate) item = g_list_model_get_item (model, i);

      same = item == g_ptr_array_index (next, i);
    }

  g_clear_pointer (&self->by_serial, g_hash_table_unref);
  self->by_serial = g_steal_pointer (&by_serial);

  if (!same)
    g_list_store_splice (self->certificates, 0, n_items, next->pdata, next->len);

  if (!store_reconcile_images (self, error) || !store_reconcile_history (self, error))
    return FALSE;
  return store_read_data_version (self, &self->data_version, error);
}

static gboolean
check_writable (SmartcaStore *self,
                GError      **error)
{
  g_autofree char *reason = NULL;

  if (!smartca_store_get_read_only (self))
    return TRUE;
  reason = smartca_store_dup_read_only_reason (self);
  g_set_error_literal (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY, reason);
  return FALSE;
}

/* Takes the write lock and brings the list up to date with the file, so
 * that what follows decides from what is stored. */
gboolean
store_begin_write (SmartcaStore *self,
                   GError      **error)
{
  gint64 version;

  if (!check_writable (self, error) || !store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!store_read_data_version (self, &version, error) ||
      (version != self->data_version && !store_reconcile (self, error)))
    {
      store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
store_commit (SmartcaStore *self,
              GError      **error)
{
  if (!store_exec (self, "COMMIT", error))
    {
      store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * smartca_store_get_read_only:
 *
 * Returns: whether the list can only be viewed (see
 *   smartca_store_dup_read_only_reason())
 */
gboolean
smartca_store_get_read_only (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), TRUE);
  return self->damaged || self->not_writable;
}

/**
 * smartca_store_get_damaged:
 *
 * Returns: whether the file failed its integrity check when it was opened;
 *   smartca_store_repair() makes a sound one
 */
gboolean
smartca_store_get_damaged (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  return self->damaged;
}

/**
 * smartca_store_dup_read_only_reason:
 *
 * Returns: (transfer full) (nullable): why the list cannot be changed, in
 *   words for the user, or %NULL when it can
 */
char *
smartca_store_dup_read_only_reason (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);

  if (self->damaged)
    return g_strdup_printf (_("The certificate list at “%s” is damaged, so it is shown "
                              "read-only. Repair makes a new list from every certificate "
                              "that can still be read and keeps the damaged file beside it."),
                            self->path);
  if (self->not_writable)
    return g_strdup_printf (_("The certificate list at “%s” cannot be changed because the "
                              "file or its folder is read-only. Allow writing there and start "
                              "the app again to edit it."),
                            self->path);
  return NULL;
}
