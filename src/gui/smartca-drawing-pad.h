/* smartca-drawing-pad.h: a pad to draw a signature on, with the pointer,
 * a finger or a stylus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SMARTCA_TYPE_DRAWING_PAD (smartca_drawing_pad_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaDrawingPad, smartca_drawing_pad, SMARTCA, DRAWING_PAD, GtkWidget)

typedef enum
{
  SMARTCA_DRAWING_PAD_COLOR_BLUE,
  SMARTCA_DRAWING_PAD_COLOR_BLACK,
} SmartcaDrawingPadColor;

#define SMARTCA_TYPE_DRAWING_PAD_COLOR (smartca_drawing_pad_color_get_type ())
GType smartca_drawing_pad_color_get_type (void);

#define SMARTCA_DRAWING_PAD_ERROR (smartca_drawing_pad_error_quark ())

typedef enum
{
  SMARTCA_DRAWING_PAD_ERROR_EMPTY,
  SMARTCA_DRAWING_PAD_ERROR_FAILED,
} SmartcaDrawingPadError;

GQuark smartca_drawing_pad_error_quark (void);

/* The exported PNG: SCALE image pixels for each pad pixel, and MARGIN fully
 * transparent image pixels on each side of the ink. */
#define SMARTCA_DRAWING_PAD_EXPORT_SCALE 2
#define SMARTCA_DRAWING_PAD_EXPORT_MARGIN 8

GtkWidget             *smartca_drawing_pad_new (void);
guint                  smartca_drawing_pad_get_n_strokes (SmartcaDrawingPad *self);
void                   smartca_drawing_pad_undo (SmartcaDrawingPad *self);
void                   smartca_drawing_pad_clear (SmartcaDrawingPad *self);
SmartcaDrawingPadColor smartca_drawing_pad_get_color (SmartcaDrawingPad *self);
void                   smartca_drawing_pad_set_color (SmartcaDrawingPad     *self,
                                                      SmartcaDrawingPadColor color);
GBytes                *smartca_drawing_pad_export_png (SmartcaDrawingPad *self,
                                                       GError           **error);

G_END_DECLS
