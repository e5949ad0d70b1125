/* smartca-store-private.h: shared between the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "smartca-signature-image.h"
#include "smartca-store.h"

G_BEGIN_DECLS

struct _SmartcaStore
{
  GObject parent_instance;

  char       *path;
  sqlite3    *db;
  GListStore *certificates;
  GHashTable *by_serial;        /* serial → SmartcaCertificate (owned by the list) */
  GPtrArray  *loaded;           /* read from disk, not yet in the list (see publish()) */
  gint64      data_version;     /* PRAGMA data_version when the list last matched the file */
  guint       damaged : 1;      /* failed its integrity check: read-only until repaired */
  guint       not_writable : 1; /* the file or its folder cannot be written */
  GHashTable *pending_removals; /* serial → StorePendingRemoval: deletions not yet done */

  /* The user's signature images (smartca-store-images.c) */
  char                  *images_dir;
  GListStore            *images;        /* oldest first */
  GHashTable            *images_by_id;  /* gint64 * → SmartcaSignatureImage (owned by the list) */
  GPtrArray             *loaded_images; /* read from disk, not yet in the list */
  SmartcaSignatureImage *default_image; /* owned by the list */

  /* The signing history (smartca-store-history.c) */
  GListStore *history;        /* newest first */
  GPtrArray  *loaded_history; /* read from disk, not yet in the list */
};

typedef enum
{
  STORE_PROP_0,
  STORE_PROP_READ_ONLY,
  STORE_PROP_DAMAGED,
  STORE_PROP_DEFAULT_IMAGE,
  STORE_N_PROPS,
} StoreProperty;

extern GParamSpec *store_properties[STORE_N_PROPS];

/* A deletion the user can still undo (smartca_store_begin_removal()). What
 * Undo needs lives only here: a mark left in the file is never undone. */
typedef struct
{
  gboolean was_default;
  char    *successor; /* the serial that became the default instead, or NULL */
} StorePendingRemoval;

G_GNUC_INTERNAL
gboolean store_sqlite_error (SmartcaStore *self, int rc, GError **error);
G_GNUC_INTERNAL
gboolean store_exec (SmartcaStore *self, const char *sql, GError **error);
G_GNUC_INTERNAL
sqlite3_stmt *store_prepare (SmartcaStore *self, const char *sql, GError **error);
G_GNUC_INTERNAL
void store_finalize_stmt (sqlite3_stmt *stmt);
G_GNUC_INTERNAL
void store_bind_text (sqlite3_stmt *stmt, int index, const char *text);
G_GNUC_INTERNAL
void store_bind_bytes (sqlite3_stmt *stmt, int index, GBytes *bytes);
G_GNUC_INTERNAL
GBytes *store_column_bytes (sqlite3_stmt *stmt, int column);
G_GNUC_INTERNAL
const char *store_column_text (sqlite3_stmt *stmt, int column);
G_GNUC_INTERNAL
gint64 store_now (void);
G_GNUC_INTERNAL
void store_rollback (SmartcaStore *self);
G_GNUC_INTERNAL
gboolean store_check_stored (SmartcaStore *self, SmartcaCertificate *certificate, GError **error);
G_GNUC_INTERNAL
gboolean store_step_once (SmartcaStore *self, sqlite3_stmt *stmt, GError **error);
G_GNUC_INTERNAL
gboolean store_begin_write (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
gboolean store_commit (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
gboolean store_reconcile (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
gboolean store_read_data_version (SmartcaStore *self, gint64 *version, GError **error);
G_GNUC_INTERNAL
SmartcaCertificate *store_certificate_from_row (sqlite3_stmt *stmt);
G_GNUC_INTERNAL
gboolean store_open_connection (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
void store_close_connection (SmartcaStore *self);
typedef gboolean (*StoreRowFunc) (sqlite3_stmt *row, gpointer user_data, GError **error);

G_GNUC_INTERNAL
gboolean store_scan (SmartcaStore *self, const char *columns, const char *table, StoreRowFunc func, gpointer user_data, GError **error);
G_GNUC_INTERNAL
int store_compare_items (gconstpointer a, gconstpointer b, gpointer user_data);

#define STORE_CERT_COLUMNS                                                        \
  "serial_number, cert_id, lookup_id, service_type, service_name, cert_status, "  \
  "cert_status_code, subject_dn, valid_from, valid_to, custom_name, is_default, " \
  "signature_image_id, business_enabled, business_method"

G_GNUC_INTERNAL
gboolean store_write_default (SmartcaStore *self, const char *serial, GError **error);
G_GNUC_INTERNAL
void store_apply_default (SmartcaStore *self, SmartcaCertificate *new_default);
G_GNUC_INTERNAL
void store_pending_removal_free (gpointer data);
G_GNUC_INTERNAL
gboolean store_load_pending_removals (SmartcaStore *self, GError **error);

G_GNUC_INTERNAL
gboolean store_read_user_version (SmartcaStore *self, int *version, GError **error);
G_GNUC_INTERNAL
gboolean store_migrate (SmartcaStore *self, int from, GError **error);

G_GNUC_INTERNAL
void store_images_init (SmartcaStore *self);
G_GNUC_INTERNAL
void store_images_finalize (SmartcaStore *self);
G_GNUC_INTERNAL
gboolean store_load_images (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
void store_publish_images (SmartcaStore *self);
G_GNUC_INTERNAL
gboolean store_reconcile_images (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
int store_compare_images (gconstpointer a, gconstpointer b, gpointer user_data);
G_GNUC_INTERNAL
void store_set_default_image (SmartcaStore *self, SmartcaSignatureImage *image);
G_GNUC_INTERNAL
void store_index_image (SmartcaStore *self, SmartcaSignatureImage *image);

G_GNUC_INTERNAL
void store_history_init (SmartcaStore *self);
G_GNUC_INTERNAL
void store_history_finalize (SmartcaStore *self);
G_GNUC_INTERNAL
gboolean store_load_history (SmartcaStore *self, GError **error);
G_GNUC_INTERNAL
void store_publish_history (SmartcaStore *self);
G_GNUC_INTERNAL
gboolean store_reconcile_history (SmartcaStore *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, store_finalize_stmt)

G_END_DECLS
