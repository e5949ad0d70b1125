/* smartca-image-picker.h: the signature image one certificate signs with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-store.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_IMAGE_PICKER (smartca_image_picker_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaImagePicker, smartca_image_picker, SMARTCA, IMAGE_PICKER, AdwWindow)

GtkWindow *smartca_image_picker_new (GtkWindow          *parent,
                                     SmartcaStore       *store,
                                     SmartcaCertificate *certificate);

G_END_DECLS
