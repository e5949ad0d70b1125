/* smartca-image-import-private.h: the checked decoding of image files,
 * shared with the QR code reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Within SMARTCA_IMAGE_MAX_SIDE and SMARTCA_IMAGE_MAX_PIXELS. */
gboolean   smartca_image_dimensions_acceptable (int width,
                                                int height);
GdkPixbuf *smartca_image_decode (GBytes       *data,
                                 GCancellable *cancellable,
                                 GError      **error);

G_END_DECLS
