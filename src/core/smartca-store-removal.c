/* smartca-store-removal.c: deletions that can still be undone, and keyring
 * entries left to clear
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deletion happens in two steps. smartca_store_begin_removal() marks the
 * certificate and, when it was the default, hands the default to another one
 * — in one transaction, so the default never moves for a deletion that is
 * not recorded. smartca_store_remove() then removes the row and lists its
 * serial number for the keyring, again in one transaction; or
 * smartca_store_cancel_removal() (Undo) gives everything back. A mark found
 * in the file when it is opened belongs to a run that ended without Undo:
 * the deletion flow carries it out (smartca_deletion_finish_pending_async()).
 */

#include "config.h"

#include "smartca-store.h"
#include "smartca-store-private.h"

void
store_pending_removal_free (gpointer data)
{
  StorePendingRemoval *removal = data;

  g_free (removal->successor);
  g_free (removal);
}

/* On the worker thread that opens the store, after load(). */
gboolean
store_load_pending_removals (SmartcaStore *self,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int                     rc;

  stmt = store_prepare (self,
                        "SELECT c.serial_number FROM pending_removals p"
                        " JOIN certificates c ON c.id = p.certificate_id",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (self->pending_removals, g_strdup (store_column_text (stmt, 0)),
                         g_new0 (StorePendingRemoval, 1));
  if (rc != SQLITE_DONE)
    return store_sqlite_error (self, rc, error);
  return TRUE;
}

/**
 * smartca_store_begin_removal:
 *
 * Marks @certificate for deletion; it stays in the list (views hide it, see
 * smartca_store_is_removal_pending()) until smartca_store_remove() or
 * smartca_store_cancel_removal(). If it was the default, the best one left
 * (smartca_store_pick_successor()) becomes the default in the same
 * transaction.
 */
gboolean
smartca_store_begin_removal (SmartcaStore       *self,
                             SmartcaCertificate *certificate,
                             GError            **error)
{
  g_autoptr(sqlite3_stmt)       mark = NULL;
  g_autoptr(SmartcaCertificate) hold = NULL;
  SmartcaCertificate           *successor = NULL;
  StorePendingRemoval          *removal;
  const char                   *serial;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  serial = smartca_certificate_get_serial_number (certificate);
  if (g_hash_table_contains (self->pending_removals, serial))
    return TRUE;

  mark = store_prepare (self,
                        "INSERT INTO pending_removals (certificate_id, requested_at)"
                        " SELECT id, ?2 FROM certificates WHERE serial_number = ?1"
                        " ON CONFLICT (certificate_id) DO NOTHING",
                        error);
  if (mark == NULL)
    return FALSE;
  store_bind_text (mark, 1, serial);
  sqlite3_bind_int64 (mark, 2, store_now ());

  /* Decided under the write lock, from the file as it is now: bringing the
   * list up to date may drop @certificate, so it is held. */
  hold = g_object_ref (certificate);
  if (!store_begin_write (self, error))
    return FALSE;
  if (!store_check_stored (self, certificate, error))
    {
      store_rollback (self);
      return FALSE;
    }

  if (smartca_certificate_get_is_default (certificate))
    successor = smartca_store_pick_successor (self, certificate);

  if (!store_step_once (self, mark, error) ||
      (successor != NULL &&
       !store_write_default (self, smartca_certificate_get_serial_number (successor), error)) ||
      !store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  removal = g_new0 (StorePendingRemoval, 1);
  removal->was_default = smartca_certificate_get_is_default (certificate);
  if (successor != NULL)
    removal->successor = g_strdup (smartca_certificate_get_serial_number (successor));
  g_hash_table_insert (self->pending_removals, g_strdup (serial), removal);

  if (successor != NULL)
    store_apply_default (self, successor);
  return TRUE;
}

/**
 * smartca_store_cancel_removal:
 *
 * Undoes smartca_store_begin_removal(): the mark goes, and the default comes
 * back to @certificate if it had it and nobody chose another default since.
 */
gboolean
smartca_store_cancel_removal (SmartcaStore       *self,
                              SmartcaCertificate *certificate,
                              GError            **error)
{
  g_autoptr(sqlite3_stmt)       unmark = NULL;
  g_autoptr(SmartcaCertificate) hold = NULL;
  StorePendingRemoval          *removal;
  SmartcaCertificate           *current;
  gboolean                      give_back;
  const char                   *serial;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  serial = smartca_certificate_get_serial_number (certificate);
  if (g_hash_table_lookup (self->pending_removals, serial) == NULL)
    return TRUE;

  unmark = store_prepare (self,
                          "DELETE FROM pending_removals WHERE certificate_id ="
                          " (SELECT id FROM certificates WHERE serial_number = ?1)",
                          error);
  if (unmark == NULL)
    return FALSE;
  store_bind_text (unmark, 1, serial);

  hold = g_object_ref (certificate);
  if (!store_begin_write (self, error))
    return FALSE;
  if (!store_check_stored (self, certificate, error))
    {
      store_rollback (self);
      return FALSE;
    }

  /* The default comes back only if nobody chose another since, and only to
   * a certificate that can still sign. */
  removal = g_hash_table_lookup (self->pending_removals, serial);
  current = smartca_store_get_default (self);
  give_back = removal != NULL && removal->was_default && current != certificate &&
              (current == NULL ||
               g_strcmp0 (smartca_certificate_get_serial_number (current), removal->successor) == 0) &&
              smartca_certificate_can_sign_at (certificate, store_now (), NULL);

  if (!store_step_once (self, unmark, error) ||
      (give_back && !store_write_default (self, serial, error)) ||
      !store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  g_hash_table_remove (self->pending_removals, serial);
  if (give_back)
    store_apply_default (self, certificate);
  return TRUE;
}

/**
 * smartca_store_is_removal_pending:
 *
 * Whether @certificate is marked for deletion (views do not show it).
 */
gboolean
smartca_store_is_removal_pending (SmartcaStore       *self,
                                  SmartcaCertificate *certificate)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  return g_hash_table_size (self->pending_removals) > 0 &&
         g_hash_table_contains (self->pending_removals,
                                smartca_certificate_get_serial_number (certificate));
}

guint
smartca_store_count_pending_removals (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), 0);
  return g_hash_table_size (self->pending_removals);
}

/**
 * smartca_store_dup_pending_removals:
 *
 * Returns: (transfer container) (element-type SmartcaCertificate): the
 *   certificates marked for deletion
 */
GPtrArray *
smartca_store_dup_pending_removals (SmartcaStore *self)
{
  GPtrArray     *certificates = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer       serial;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), certificates);

  g_hash_table_iter_init (&iter, self->pending_removals);
  while (g_hash_table_iter_next (&iter, &serial, NULL))
    {
      SmartcaCertificate *certificate = g_hash_table_lookup (self->by_serial, serial);

      if (certificate != NULL)
        g_ptr_array_add (certificates, g_object_ref (certificate));
    }
  return certificates;
}

/**
 * smartca_store_dup_keyring_cleanup:
 *
 * Returns: (transfer full): the serial numbers of removed certificates whose
 *   keyring entries may still exist, oldest first
 */
char **
smartca_store_dup_keyring_cleanup (SmartcaStore *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);

  stmt = store_prepare (self,
                        "SELECT serial_number FROM pending_keyring_cleanup"
                        " ORDER BY removed_at, serial_number",
                        NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, store_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

/**
 * smartca_store_forget_keyring_cleanup:
 *
 * Takes @serial_number off the list once the keyring forgot its entries.
 */
gboolean
smartca_store_forget_keyring_cleanup (SmartcaStore *self,
                                      const char   *serial_number,
                                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (serial_number != NULL, FALSE);

  stmt = store_prepare (self, "DELETE FROM pending_keyring_cleanup WHERE serial_number = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  store_bind_text (stmt, 1, serial_number);
  return store_step_once (self, stmt, error);
}
