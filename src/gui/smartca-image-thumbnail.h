/* TEMPORARY SHIM (img-wiring): replaced by img-gallery's widget on merge */
#pragma once
#include <gtk/gtk.h>
#include "smartca-signature-image.h"
G_BEGIN_DECLS
#define SMARTCA_TYPE_IMAGE_THUMBNAIL (smartca_image_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (SmartcaImageThumbnail, smartca_image_thumbnail, SMARTCA, IMAGE_THUMBNAIL, GtkWidget)
GtkWidget *smartca_image_thumbnail_new (int size);
void smartca_image_thumbnail_set_image (SmartcaImageThumbnail *self, SmartcaSignatureImage *image);
G_END_DECLS
