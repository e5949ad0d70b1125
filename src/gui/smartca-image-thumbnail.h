/* smartca-image-thumbnail.h: one signature image, small
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "smartca-signature-image.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_IMAGE_THUMBNAIL (smartca_image_thumbnail_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaImageThumbnail, smartca_image_thumbnail, SMARTCA, IMAGE_THUMBNAIL, GtkWidget)

GtkWidget             *smartca_image_thumbnail_new (int size);
void                   smartca_image_thumbnail_set_image (SmartcaImageThumbnail *self,
                                                          SmartcaSignatureImage *image);
SmartcaSignatureImage *smartca_image_thumbnail_get_image (SmartcaImageThumbnail *self);
int                    smartca_image_thumbnail_get_size (SmartcaImageThumbnail *self);
gboolean               smartca_image_thumbnail_get_loaded (SmartcaImageThumbnail *self);

G_END_DECLS
