/* smartca-signature-image.h: one of the user's signature images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_TYPE_SIGNATURE_IMAGE (smartca_signature_image_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaSignatureImage, smartca_signature_image, SMARTCA, SIGNATURE_IMAGE, GObject)

gint64      smartca_signature_image_get_id (SmartcaSignatureImage *self);
const char *smartca_signature_image_get_label (SmartcaSignatureImage *self);
const char *smartca_signature_image_get_pixels_sha256 (SmartcaSignatureImage *self);
int         smartca_signature_image_get_width (SmartcaSignatureImage *self);
int         smartca_signature_image_get_height (SmartcaSignatureImage *self);
gint64      smartca_signature_image_get_added_at (SmartcaSignatureImage *self);
gboolean    smartca_signature_image_get_is_default (SmartcaSignatureImage *self);
GFile      *smartca_signature_image_get_file (SmartcaSignatureImage *self);

G_END_DECLS
