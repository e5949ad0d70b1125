/* smartca-thumbnailer.h: signature images decoded small, off the main
 * thread, and kept in memory and on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "smartca-signature-image.h"

G_BEGIN_DECLS

/* How many thumbnails are decoded at once, at most. */
#define SMARTCA_THUMBNAILER_MAX_DECODES 2
/* The memory cache keeps at most this many thumbnails and bytes of pixels. */
#define SMARTCA_THUMBNAILER_MEMORY_ITEMS 400
#define SMARTCA_THUMBNAILER_MEMORY_BYTES (24 * 1024 * 1024)

#define SMARTCA_TYPE_THUMBNAILER (smartca_thumbnailer_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaThumbnailer, smartca_thumbnailer, SMARTCA, THUMBNAILER, GObject)

SmartcaThumbnailer *smartca_thumbnailer_get_default (void);
SmartcaThumbnailer *smartca_thumbnailer_new (const char *cache_dir);
const char         *smartca_thumbnailer_get_cache_dir (SmartcaThumbnailer *self);
char               *smartca_thumbnailer_dup_cache_path (SmartcaThumbnailer *self,
                                                        const char         *pixels_sha256,
                                                        int                 size);
GdkPixbuf          *smartca_thumbnailer_lookup (SmartcaThumbnailer    *self,
                                                SmartcaSignatureImage *image,
                                                int                    size);
void                smartca_thumbnailer_load_async (SmartcaThumbnailer    *self,
                                                    SmartcaSignatureImage *image,
                                                    int                    size,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
GdkPixbuf          *smartca_thumbnailer_load_finish (SmartcaThumbnailer *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
guint               smartca_thumbnailer_get_n_decoded (SmartcaThumbnailer *self);
void                smartca_thumbnailer_clear_memory (SmartcaThumbnailer *self);
void                smartca_thumbnailer_forget (SmartcaThumbnailer *self,
                                                const char         *pixels_sha256);

G_END_DECLS
