/* smartca-signature-image-private.h: what only the store changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-signature-image.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  const char *file_name;     /* as stored: a name inside the images folder */
  const char *label;         /* nullable */
  const char *pixels_sha256; /* nullable: rows from before schema 3 */
  int         width;         /* 0 when unknown */
  int         height;
  gint64      added_at;
  gboolean    is_default;
} SmartcaSignatureImageFields;

G_GNUC_INTERNAL
SmartcaSignatureImage *smartca_signature_image_new (const SmartcaSignatureImageFields *fields,
                                                    const char                        *images_dir);
G_GNUC_INTERNAL
const char *smartca_signature_image_get_file_name (SmartcaSignatureImage *self);
G_GNUC_INTERNAL
gboolean smartca_signature_image_has_file (SmartcaSignatureImage *self);
G_GNUC_INTERNAL
void smartca_signature_image_set_label (SmartcaSignatureImage *self,
                                        const char            *label);
G_GNUC_INTERNAL
void smartca_signature_image_set_is_default (SmartcaSignatureImage *self,
                                             gboolean               is_default);

G_END_DECLS
