/* smartca-images-window.h: "Default Signature Images", the user's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-store.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_IMAGES_WINDOW (smartca_images_window_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaImagesWindow, smartca_images_window, SMARTCA, IMAGES_WINDOW, AdwWindow)

GtkWindow *smartca_images_window_present (GtkWindow    *parent,
                                          SmartcaStore *store);

G_END_DECLS
