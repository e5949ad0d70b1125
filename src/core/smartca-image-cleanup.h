/* smartca-image-cleanup.h: a photographed signature made into a clean one
 * (paper transparent, trimmed to the ink, optionally blue ink)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_IMAGE_CLEANUP_ERROR (smartca_image_cleanup_error_quark ())

typedef enum
{
  SMARTCA_IMAGE_CLEANUP_ERROR_NO_INK,
  SMARTCA_IMAGE_CLEANUP_ERROR_FAILED,
} SmartcaImageCleanupError;

GQuark smartca_image_cleanup_error_quark (void);

/* The ink's colour when recoloured: the blue of a ballpoint pen. */
#define SMARTCA_IMAGE_CLEANUP_BLUE_R 0x1a
#define SMARTCA_IMAGE_CLEANUP_BLUE_G 0x3d
#define SMARTCA_IMAGE_CLEANUP_BLUE_B 0xa8

typedef struct
{
  /* 0..1: pixels lighter than this (relative to the paper around them)
   * become transparent; below it they fade in over a soft edge. */
  double   threshold;
  gboolean recolor_blue;
} SmartcaCleanupOptions;

double smartca_image_cleanup_suggest_threshold (GdkPixbuf *pixbuf);

/* RGBA, trimmed to the ink with a small margin; NULL when no ink is found. */
GdkPixbuf *smartca_image_cleanup_pixbuf (GdkPixbuf                   *pixbuf,
                                         const SmartcaCleanupOptions *options);
/* The same, with cancellation and the reason for NULL. */
GdkPixbuf *smartca_image_cleanup_pixbuf_full (GdkPixbuf                   *pixbuf,
                                              const SmartcaCleanupOptions *options,
                                              GCancellable                *cancellable,
                                              GError                     **error);

/* A live preview: smartca_image_cleanup_pixbuf_full() in a worker thread. */
void       smartca_image_cleanup_pixbuf_async (GdkPixbuf                   *pixbuf,
                                               const SmartcaCleanupOptions *options,
                                               GCancellable                *cancellable,
                                               GAsyncReadyCallback          callback,
                                               gpointer                     user_data);
GdkPixbuf *smartca_image_cleanup_pixbuf_finish (GAsyncResult *result,
                                                GError      **error);

/* @png (a normalised image) decoded, cleaned up and encoded again as PNG, in
 * a worker thread. */
void    smartca_image_cleanup_async (GBytes                      *png,
                                     const SmartcaCleanupOptions *options,
                                     GCancellable                *cancellable,
                                     GAsyncReadyCallback          callback,
                                     gpointer                     user_data);
GBytes *smartca_image_cleanup_finish (GAsyncResult *result,
                                      GError      **error);

/* Helpers for the same worker-thread pattern elsewhere: PNG bytes to a
 * pixbuf (with alpha) and back. */
GdkPixbuf *smartca_image_cleanup_decode_png (GBytes       *png,
                                             GCancellable *cancellable,
                                             GError      **error);
GBytes    *smartca_image_cleanup_encode_png (GdkPixbuf *pixbuf,
                                             GError   **error);

G_END_DECLS
