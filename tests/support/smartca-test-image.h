/* smartca-test-image.h: pictures made in the test, and snapshots of folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "smartca-store.h"

G_BEGIN_DECLS

GdkPixbuf *smartca_test_image_pixbuf (int      width,
                                      int      height,
                                      gboolean alpha,
                                      guint    seed);
GBytes    *smartca_test_image_encode (GdkPixbuf  *pixbuf,
                                      const char *type,
                                      ...) G_GNUC_NULL_TERMINATED;
GdkPixbuf *smartca_test_image_decode_png (GBytes *png);
GBytes    *smartca_test_image_rotated_jpeg (void);
void       smartca_test_image_assert_upright (GdkPixbuf *stored);
GBytes    *smartca_test_image_png_header (guint32 width,
                                          guint32 height);
gboolean   smartca_test_image_have_format (const char *name);

GHashTable *smartca_test_snapshot_tree (const char *dir);
void        smartca_test_assert_same_tree (GHashTable *before,
                                           GHashTable *after);

void smartca_test_remove_store_and_images (SmartcaStore **store,
                                           const char    *path);

G_END_DECLS
