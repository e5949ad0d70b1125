/* smartca-store-private.h: shared between the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "smartca-store.h"

G_BEGIN_DECLS

struct _SmartcaStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GListStore *certificates;
  GHashTable *by_serial; /* serial → SmartcaCertificate (owned by the list) */
  GPtrArray *loaded;     /* read from disk, not yet in the list (see publish()) */
  GHashTable *pending_removals; /* serial → StorePendingRemoval: deletions not yet done */
};

/* A deletion the user can still undo (smartca_store_begin_removal()). What
 * Undo needs lives only here: a mark left in the file is never undone. */
typedef struct
{
  gboolean was_default;
  char *successor; /* the serial that became the default instead, or NULL */
} StorePendingRemoval;

G_GNUC_INTERNAL
gboolean       store_sqlite_error (SmartcaStore *self, int rc, GError **error);
G_GNUC_INTERNAL
gboolean       store_exec (SmartcaStore *self, const char *sql, GError **error);
G_GNUC_INTERNAL
sqlite3_stmt * store_prepare (SmartcaStore *self, const char *sql, GError **error);
G_GNUC_INTERNAL
void           store_finalize_stmt (sqlite3_stmt *stmt);
G_GNUC_INTERNAL
void           store_bind_text (sqlite3_stmt *stmt, int index, const char *text);
G_GNUC_INTERNAL
void           store_bind_bytes (sqlite3_stmt *stmt, int index, GBytes *bytes);
G_GNUC_INTERNAL
GBytes *       store_column_bytes (sqlite3_stmt *stmt, int column);
G_GNUC_INTERNAL
const char *   store_column_text (sqlite3_stmt *stmt, int column);
G_GNUC_INTERNAL
gint64         store_now (void);
G_GNUC_INTERNAL
void           store_rollback (SmartcaStore *self);
G_GNUC_INTERNAL
gboolean       store_check_stored (SmartcaStore *self, SmartcaCertificate *certificate, GError **error);
G_GNUC_INTERNAL
gboolean       store_step_once (SmartcaStore *self, sqlite3_stmt *stmt, GError **error);

G_GNUC_INTERNAL
gboolean       store_write_default (SmartcaStore *self, const char *serial, GError **error);
G_GNUC_INTERNAL
void           store_apply_default (SmartcaStore *self, SmartcaCertificate *new_default);
G_GNUC_INTERNAL
void           store_pending_removal_free (gpointer data);
G_GNUC_INTERNAL
gboolean       store_load_pending_removals (SmartcaStore *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, store_finalize_stmt)

G_END_DECLS
