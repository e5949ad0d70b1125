/* smartca-store-edit.c: every change to the stored certificates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change is written (in one transaction) before any object or the
 * list is touched, so a failed write leaves both as they were. The list is
 * kept in the order people see it.
 */

#include "config.h"

#include "smartca-store.h"
#include "smartca-store-private.h"

#include <glib/gi18n-lib.h>

int
store_compare_items (gconstpointer a,
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
  guint                         position;

  if (certificate == NULL || !g_list_store_find (self->certificates, certificate, &position))
    return;
  hold = g_object_ref (certificate);
  g_list_store_remove (self->certificates, position);
  g_list_store_insert_sorted (self->certificates, certificate, store_compare_items, NULL);
}

static gboolean
validate_fresh (SmartcaCertificate *fresh,
                GError            **error)
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

/* One answer (or the answers for all the IDs of one refresh) may hold the
 * same certificate twice. The last copy wins, in the file and in the list
 * alike, at the place of its last copy. */
static GPtrArray *
last_copies (GPtrArray *fresh)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray            *unique = g_ptr_array_new_full (fresh->len, g_object_unref);

  for (guint i = fresh->len; i-- > 0;)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (fresh, i);

      if (g_hash_table_add (seen, (gpointer) smartca_certificate_get_serial_number (certificate)))
        g_ptr_array_add (unique, g_object_ref (certificate));
    }
  /* Back to the answer's order. */
  for (guint i = 0; i < unique->len / 2; i++)
    {
      gpointer swap = unique->pdata[i];

      unique->pdata[i] = unique->pdata[unique->len - 1 - i];
      unique->pdata[unique->len - 1 - i] = swap;
    }
  return unique;
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
 * certificate is the default yet, the first new one that can sign becomes it.
 * When the same serial number comes twice, the last copy is the one kept.
 */
gboolean
smartca_store_upsert (SmartcaStore *self,
                      GPtrArray    *fresh,
                      guint        *n_added,
                      guint        *n_updated,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) der = NULL;
  g_autoptr(GPtrArray)    added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray)    unique = NULL;
  SmartcaCertificate     *new_default = NULL;
  SmartcaCertificate     *renewed_default = NULL;
  SmartcaCertificate     *renewed_fresh = NULL;
  gboolean                had_default;
  gint64                  now = store_now ();
  guint                   updated = 0;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (fresh != NULL, FALSE);

  for (guint i = 0; i < fresh->len; i++)
    if (!validate_fresh (g_ptr_array_index (fresh, i), error))
      return FALSE;

  insert = store_prepare (self,
                          "INSERT INTO certificates (serial_number, cert_id, lookup_id, service_type,"
                          " service_name, cert_status, cert_status_code, subject_dn, valid_from,"
                          " valid_to, is_default, added_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?14, ?15, ?15)",
                          error);
  if (insert == NULL)
    return FALSE;

  update = store_prepare (self,
                          "UPDATE certificates SET cert_id = ?2, lookup_id = ?3, service_type = ?4,"
                          " service_name = ?5, cert_status = ?6, cert_status_code = ?7,"
                          " subject_dn = ?8, valid_from = ?9, valid_to = ?10, updated_at = ?15"
                          " WHERE serial_number = ?1",
                          error);
  if (update == NULL)
    return FALSE;

  der = store_prepare (self,
                       "INSERT INTO certificate_der (certificate_id, cert_der, ca_der, root_der)"
                       " VALUES ((SELECT id FROM certificates WHERE serial_number = ?1), ?2, ?3, ?4)"
                       " ON CONFLICT (certificate_id) DO UPDATE SET cert_der = excluded.cert_der,"
                       " ca_der = excluded.ca_der, root_der = excluded.root_der",
                       error);
  if (der == NULL)
    return FALSE;

  unique = last_copies (fresh);

  /* From here the list is what the file holds, and stays so until COMMIT. */
  if (!store_begin_write (self, error))
    return FALSE;
  had_default = smartca_store_get_default (self) != NULL;

  for (guint i = 0; i < unique->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (unique, i);
      const char         *serial = smartca_certificate_get_serial_number (certificate);
      gboolean            exists = g_hash_table_contains (self->by_serial, serial);
      sqlite3_stmt       *stmt = exists ? update : insert;
      gboolean            make_default = FALSE;
      int                 rc;

      if (!exists && new_default == NULL && !had_default &&
          smartca_certificate_can_sign_at (certificate, now, NULL))
        {
          new_default = certificate;
          make_default = TRUE;
        }

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      store_bind_text (stmt, 1, serial);
      store_bind_text (stmt, 2, smartca_certificate_get_cert_id (certificate));
      store_bind_text (stmt, 3, smartca_certificate_get_lookup_id (certificate));
      store_bind_text (stmt, 4, smartca_certificate_get_service_type (certificate));
      store_bind_text (stmt, 5, smartca_certificate_get_service_name (certificate));
      store_bind_text (stmt, 6, smartca_certificate_get_status_text (certificate));
      store_bind_text (stmt, 7, smartca_certificate_get_status_code (certificate));
      store_bind_text (stmt, 8, smartca_certificate_get_subject_dn (certificate));
      sqlite3_bind_int64 (stmt, 9, smartca_certificate_get_valid_from (certificate));
      sqlite3_bind_int64 (stmt, 10, smartca_certificate_get_valid_to (certificate));
      if (!exists)
        sqlite3_bind_int (stmt, 14, make_default);
      sqlite3_bind_int64 (stmt, 15, now);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          sqlite3_reset (der);
          store_bind_text (der, 1, serial);
          store_bind_bytes (der, 2, smartca_certificate_get_der (certificate));
          store_bind_bytes (der, 3, smartca_certificate_get_ca_der (certificate));
          store_bind_bytes (der, 4, smartca_certificate_get_root_der (certificate));
          rc = sqlite3_step (der);
        }
      if (rc != SQLITE_DONE)
        {
          store_sqlite_error (self, rc, error);
          store_rollback (self);
          return FALSE;
        }

      if (exists)
        updated++;
      else
        g_ptr_array_add (added, g_object_ref (certificate));
    }

  /* With no default and no new certificate that can sign, one already
   * stored that SmartCA now says can sign (renewed, active again) becomes
   * the default: the one that stays valid longest. */
  if (!had_default && new_default == NULL)
    {
      for (guint i = 0; i < unique->len; i++)
        {
          SmartcaCertificate *certificate = g_ptr_array_index (unique, i);
          SmartcaCertificate *stored = g_hash_table_lookup (self->by_serial,
                                                            smartca_certificate_get_serial_number (certificate));

          if (stored == NULL || smartca_store_is_removal_pending (self, stored) ||
              !smartca_certificate_can_sign_at (certificate, now, NULL))
            continue;
          if (renewed_default == NULL ||
              smartca_certificate_get_valid_to (certificate) > smartca_certificate_get_valid_to (renewed_fresh))
            {
              renewed_default = stored;
              renewed_fresh = certificate;
            }
        }
      if (renewed_default != NULL &&
          !store_write_default (self, smartca_certificate_get_serial_number (renewed_default), error))
        {
          store_rollback (self);
          return FALSE;
        }
    }

  if (!store_commit (self, error))
    return FALSE;

  /* Written: now the objects and the list may follow. */
  for (guint i = 0; i < unique->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (unique, i);
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
                                  store_compare_items, NULL);
  else
    {
      g_list_store_splice (self->certificates,
                           g_list_model_get_n_items (G_LIST_MODEL (self->certificates)),
                           0, added->pdata, added->len);
      g_list_store_sort (self->certificates, store_compare_items, NULL);
    }

  if (renewed_default != NULL)
    store_apply_default (self, renewed_default);

  if (n_added != NULL)
    *n_added = added->len;
  if (n_updated != NULL)
    *n_updated = updated;

  return TRUE;
}

gboolean
store_check_stored (SmartcaStore       *self,
                    SmartcaCertificate *certificate,
                    GError            **error)
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

gboolean
store_step_once (SmartcaStore *self,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return store_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
write_default (SmartcaStore *self,
               const char   *serial,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;

  clear = store_prepare (self, "UPDATE certificates SET is_default = 0 WHERE is_default = 1", error);
  if (clear == NULL || !store_step_once (self, clear, error))
    return FALSE;

  if (serial == NULL)
    return TRUE;

  set = store_prepare (self, "UPDATE certificates SET is_default = 1 WHERE serial_number = ?1", error);
  if (set == NULL)
    return FALSE;
  store_bind_text (set, 1, serial);
  return store_step_once (self, set, error);
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
 * being it. There is never more than one, and only a certificate that can
 * sign (smartca_certificate_can_sign_at()) can become it.
 */
gboolean
smartca_store_set_default (SmartcaStore       *self,
                           SmartcaCertificate *certificate,
                           GError            **error)
{
  g_autoptr(SmartcaCertificate) hold = NULL;
  g_autofree char              *reason = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  /* Bringing the list up to date may drop it: the caller may not hold it. */
  hold = g_object_ref (certificate);
  if (!store_begin_write (self, error))
    return FALSE;

  if (!store_check_stored (self, certificate, error))
    {
      store_rollback (self);
      return FALSE;
    }

  if (smartca_certificate_get_is_default (certificate))
    return store_commit (self, error);

  if (!smartca_certificate_can_sign_at (certificate, store_now (), &reason))
    {
      store_rollback (self);
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   /* Translators: %s is the certificate's name, then why it
                    * cannot sign ("expired on 07/03/2027") */
                   _("“%s” cannot be the default certificate: %s."),
                   smartca_certificate_get_display_name (certificate), reason);
      return FALSE;
    }

  if (!write_default (self, smartca_certificate_get_serial_number (certificate), error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  apply_default (self, certificate);
  return TRUE;
}

/**
 * smartca_store_set_custom_name:
 * @name: (nullable): the user's name for the certificate; surrounding spaces
 *   are trimmed, and an empty name restores the name SmartCA returned
 */
gboolean
smartca_store_set_custom_name (SmartcaStore       *self,
                               SmartcaCertificate *certificate,
                               const char         *name,
                               GError            **error)
{
  g_autofree char              *trimmed = NULL;
  g_autoptr(sqlite3_stmt)       stmt = NULL;
  g_autoptr(SmartcaCertificate) hold = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

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

  hold = g_object_ref (certificate);
  if (!store_begin_write (self, error))
    return FALSE;

  if (!store_check_stored (self, certificate, error) ||
      (stmt = store_prepare (self, "UPDATE certificates SET custom_name = ?2"
                                   " WHERE serial_number = ?1",
                             error)) == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  store_bind_text (stmt, 1, smartca_certificate_get_serial_number (certificate));
  store_bind_text (stmt, 2, trimmed);
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  if (g_strcmp0 (smartca_certificate_get_custom_name (certificate), trimmed) != 0)
    {
      smartca_certificate_set_custom_name (certificate, trimmed);
      reposition (self, certificate);
    }
  return TRUE;
}

/**
 * smartca_store_set_business:
 * @enabled: whether the certificate signs with its business (TH) account
 * @method: how the OTP comes (ignored, and recorded as none, when @enabled
 *   is %FALSE)
 *
 * Records only the flag and the method: the password and the secret key
 * live in the keyring (smartca-business.h). The certificate notifies
 * #SmartcaCertificate:business-enabled and :business-method once written.
 */
gboolean
smartca_store_set_business (SmartcaStore         *self,
                            SmartcaCertificate   *certificate,
                            gboolean              enabled,
                            SmartcaBusinessMethod method,
                            GError              **error)
{
  g_autoptr(sqlite3_stmt)       stmt = NULL;
  g_autoptr(SmartcaCertificate) hold = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  enabled = !!enabled;
  if (!enabled)
    method = SMARTCA_BUSINESS_METHOD_NONE;
  else if (method != SMARTCA_BUSINESS_METHOD_OTP && method != SMARTCA_BUSINESS_METHOD_TOTP)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   _("Choose how the one-time code is obtained before turning the business "
                     "account on."));
      return FALSE;
    }

  /* Bringing the list up to date may drop it: the caller may not hold it. */
  hold = g_object_ref (certificate);
  if (!store_begin_write (self, error))
    return FALSE;

  if (!store_check_stored (self, certificate, error) ||
      (stmt = store_prepare (self, "UPDATE certificates SET business_enabled = ?2,"
                                   " business_method = ?3 WHERE serial_number = ?1",
                             error)) == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  store_bind_text (stmt, 1, smartca_certificate_get_serial_number (certificate));
  sqlite3_bind_int (stmt, 2, enabled);
  sqlite3_bind_int (stmt, 3, method);
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  smartca_certificate_set_business (certificate, enabled, method);
  return TRUE;
}

/**
 * smartca_store_pick_successor:
 * @leaving: the default certificate that is going away
 *
 * When the default goes, the most useful one left takes its place: of those
 * that can sign today, the one valid the longest. None of them when none can
 * sign: the default is the certificate that signs.
 *
 * Returns: (transfer none) (nullable): the certificate to make the default
 */
SmartcaCertificate *
smartca_store_pick_successor (SmartcaStore       *self,
                              SmartcaCertificate *leaving)
{
  GHashTableIter      iter;
  gpointer            value;
  SmartcaCertificate *best = NULL;
  gint64              now = store_now ();

  g_hash_table_iter_init (&iter, self->by_serial);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SmartcaCertificate *candidate = value;

      /* Nor one whose own deletion waits for its Undo to time out. */
      if (candidate == leaving || !smartca_certificate_can_sign_at (candidate, now, NULL) ||
          smartca_store_is_removal_pending (self, candidate))
        continue;
      if (best == NULL)
        {
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
 * default (see smartca_store_pick_successor()). In the same transaction its
 * serial number is listed for the keyring (smartca_store_dup_keyring_cleanup()),
 * and a pending removal (smartca_store_begin_removal()) is done with.
 */
gboolean
smartca_store_remove (SmartcaStore       *self,
                      SmartcaCertificate *certificate,
                      GError            **error)
{
  g_autoptr(sqlite3_stmt)       stmt = NULL;
  g_autoptr(sqlite3_stmt)       list = NULL;
  g_autoptr(SmartcaCertificate) hold = NULL;
  SmartcaCertificate           *successor = NULL;
  guint                         position;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);

  /* Bringing the list up to date may drop it: the caller may not hold it. */
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

  stmt = store_prepare (self, "DELETE FROM certificates WHERE serial_number = ?1", error);
  if (stmt == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  store_bind_text (stmt, 1, smartca_certificate_get_serial_number (certificate));

  list = store_prepare (self,
                        "INSERT INTO pending_keyring_cleanup (serial_number, removed_at)"
                        " VALUES (?1, ?2) ON CONFLICT (serial_number) DO UPDATE"
                        " SET removed_at = excluded.removed_at",
                        error);
  if (list == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  store_bind_text (list, 1, smartca_certificate_get_serial_number (certificate));
  sqlite3_bind_int64 (list, 2, store_now ());

  if (!store_step_once (self, stmt, error) || !store_step_once (self, list, error) ||
      (successor != NULL &&
       !write_default (self, smartca_certificate_get_serial_number (successor), error)))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  g_hash_table_remove (self->pending_removals, smartca_certificate_get_serial_number (certificate));
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

/* For smartca-store-removal.c */

gboolean
store_write_default (SmartcaStore *self,
                     const char   *serial,
                     GError      **error)
{
  return write_default (self, serial, error);
}

void
store_apply_default (SmartcaStore       *self,
                     SmartcaCertificate *new_default)
{
  apply_default (self, new_default);
}
