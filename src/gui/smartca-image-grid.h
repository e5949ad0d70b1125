/* smartca-image-grid.h: the user's signature images as a grid of
 * thumbnails, shared by the images window and the picker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "smartca-store.h"

G_BEGIN_DECLS

#define SMARTCA_IMAGE_GRID_THUMBNAIL_SIZE 112

/* The ways to add an image (the flows of smartca-image-add.h) */
typedef enum
{
  SMARTCA_IMAGE_GRID_ADD_FILE,
  SMARTCA_IMAGE_GRID_ADD_DRAWING,
  SMARTCA_IMAGE_GRID_ADD_PASTE,
} SmartcaImageGridAdd;

#define SMARTCA_TYPE_IMAGE_GRID (smartca_image_grid_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaImageGrid, smartca_image_grid, SMARTCA, IMAGE_GRID, GtkWidget)

GtkWidget             *smartca_image_grid_new (SmartcaStore *store,
                                               gboolean      with_default_choice);
GtkGridView           *smartca_image_grid_get_view (SmartcaImageGrid *self);
guint                  smartca_image_grid_get_n_items (SmartcaImageGrid *self);
SmartcaSignatureImage *smartca_image_grid_get_selected_image (SmartcaImageGrid *self);
gboolean               smartca_image_grid_get_default_choice_selected (SmartcaImageGrid *self);
void                   smartca_image_grid_select_image (SmartcaImageGrid      *self,
                                                        SmartcaSignatureImage *image);
void                   smartca_image_grid_focus_selected (SmartcaImageGrid *self);
void                   smartca_image_grid_add (SmartcaImageGrid   *self,
                                               SmartcaImageGridAdd how);
void                   smartca_image_grid_add_drop_target (SmartcaImageGrid *self,
                                                           GtkWidget        *widget);

G_END_DECLS
