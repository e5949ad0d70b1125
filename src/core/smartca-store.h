/* smartca-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-certificate.h"
#include "smartca-image-import.h"
#include "smartca-signature-image.h"

G_BEGIN_DECLS

#define SMARTCA_STORE_ERROR (smartca_store_error_quark ())

typedef enum
{
  SMARTCA_STORE_ERROR_OPEN,
  SMARTCA_STORE_ERROR_CORRUPT,
  SMARTCA_STORE_ERROR_TOO_NEW,
  SMARTCA_STORE_ERROR_FAILED,
  SMARTCA_STORE_ERROR_NOT_FOUND,
  SMARTCA_STORE_ERROR_INVALID,
  SMARTCA_STORE_ERROR_READ_ONLY,
} SmartcaStoreError;

/* The longest certificate name a user may choose, in characters. */
#define SMARTCA_STORE_NAME_MAX_CHARS 80

/* The schema version this build reads and writes. Version 3: signature
 * images carry the hash of their pixels (unique), their size, and which one
 * is the default (at most one). Version 4: the signing history and where
 * each certificate last signed (smartca-history.h). */
#define SMARTCA_STORE_SCHEMA_VERSION 4

/* The longest signature image label a user may choose, in characters. */
#define SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS 80

#define SMARTCA_TYPE_STORE (smartca_store_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaStore, smartca_store, SMARTCA, STORE, GObject)

GQuark              smartca_store_error_quark (void);
char               *smartca_store_dup_default_path (void);
SmartcaStore       *smartca_store_new (const char *path,
                                       GError    **error);
void                smartca_store_new_async (const char         *path,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
SmartcaStore       *smartca_store_new_finish (GAsyncResult *result,
                                              GError      **error);
const char         *smartca_store_get_path (SmartcaStore *self);
GListModel         *smartca_store_get_certificates (SmartcaStore *self);
SmartcaCertificate *smartca_store_lookup (SmartcaStore *self,
                                          const char   *serial_number);
SmartcaCertificate *smartca_store_get_default (SmartcaStore *self);
char              **smartca_store_dup_lookup_ids (SmartcaStore *self);
gboolean            smartca_store_upsert (SmartcaStore *self,
                                          GPtrArray    *fresh,
                                          guint        *n_added,
                                          guint        *n_updated,
                                          GError      **error);
gboolean            smartca_store_set_default (SmartcaStore       *self,
                                               SmartcaCertificate *certificate,
                                               GError            **error);
gboolean            smartca_store_set_custom_name (SmartcaStore       *self,
                                                   SmartcaCertificate *certificate,
                                                   const char         *name,
                                                   GError            **error);
/* Records a business account's "enabled" and method (never a secret). */
gboolean            smartca_store_set_business (SmartcaStore         *self,
                                                SmartcaCertificate   *certificate,
                                                gboolean              enabled,
                                                SmartcaBusinessMethod method,
                                                GError              **error);
gboolean            smartca_store_remove (SmartcaStore       *self,
                                          SmartcaCertificate *certificate,
                                          GError            **error);
SmartcaCertificate *smartca_store_pick_successor (SmartcaStore       *self,
                                                  SmartcaCertificate *leaving);
gboolean            smartca_store_get_read_only (SmartcaStore *self);
gboolean            smartca_store_get_damaged (SmartcaStore *self);
char               *smartca_store_dup_read_only_reason (SmartcaStore *self);
gboolean            smartca_store_repair (SmartcaStore *self,
                                          char        **backup_path,
                                          GError      **error);
gboolean            smartca_store_begin_removal (SmartcaStore       *self,
                                                 SmartcaCertificate *certificate,
                                                 GError            **error);
gboolean            smartca_store_cancel_removal (SmartcaStore       *self,
                                                  SmartcaCertificate *certificate,
                                                  GError            **error);
gboolean            smartca_store_is_removal_pending (SmartcaStore       *self,
                                                      SmartcaCertificate *certificate);
guint               smartca_store_count_pending_removals (SmartcaStore *self);
GPtrArray          *smartca_store_dup_pending_removals (SmartcaStore *self);
char              **smartca_store_dup_keyring_cleanup (SmartcaStore *self);
gboolean            smartca_store_forget_keyring_cleanup (SmartcaStore *self,
                                                          const char   *serial_number,
                                                          GError      **error);
gboolean            smartca_store_load_der (SmartcaStore       *self,
                                            SmartcaCertificate *certificate,
                                            GError            **error);

/* Signature images (smartca-store-images.c, smartca-store-image-edit.c).
 * lookup_image, get_default_image and get_signing_image return transfer
 * none; add_image and import_image_finish return transfer full. Every
 * change fails with SMARTCA_STORE_ERROR_READ_ONLY on a read-only list. */
const char            *smartca_store_get_images_dir (SmartcaStore *self);
GListModel            *smartca_store_get_images (SmartcaStore *self);
SmartcaSignatureImage *smartca_store_lookup_image (SmartcaStore *self,
                                                   gint64        id);
SmartcaSignatureImage *smartca_store_get_default_image (SmartcaStore *self);
SmartcaSignatureImage *smartca_store_add_image (SmartcaStore           *self,
                                                GBytes                 *png,
                                                const SmartcaImageInfo *info,
                                                const char             *label,
                                                gboolean               *already_there,
                                                GError                **error);
void                   smartca_store_import_image_async (SmartcaStore       *self,
                                                         GBytes             *data,
                                                         const char         *label,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
SmartcaSignatureImage *smartca_store_import_image_finish (SmartcaStore *self,
                                                          GAsyncResult *result,
                                                          gboolean     *already_there,
                                                          GError      **error);
gboolean               smartca_store_check_image_label (const char *label,
                                                        GError    **error);
char                  *smartca_store_suggest_image_label (const char *text);
gboolean               smartca_store_rename_image (SmartcaStore          *self,
                                                   SmartcaSignatureImage *image,
                                                   const char            *label,
                                                   GError               **error);
gboolean               smartca_store_set_default_image (SmartcaStore          *self,
                                                        SmartcaSignatureImage *image,
                                                        GError               **error);
guint                  smartca_store_count_image_users (SmartcaStore          *self,
                                                        SmartcaSignatureImage *image);
gboolean               smartca_store_remove_image (SmartcaStore          *self,
                                                   SmartcaSignatureImage *image,
                                                   GError               **error);
gboolean               smartca_store_set_certificate_image (SmartcaStore          *self,
                                                            SmartcaCertificate    *certificate,
                                                            SmartcaSignatureImage *image,
                                                            GError               **error);
SmartcaSignatureImage *smartca_store_get_signing_image (SmartcaStore       *self,
                                                        SmartcaCertificate *certificate,
                                                        gboolean           *is_default_fallback);

G_END_DECLS
