/* smartca-drawing-pad-private.h: the ink of a drawing pad, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-drawing-pad.h"

G_BEGIN_DECLS

/* A point of a stroke, in pad pixels; pressure from 0 to 1. */
typedef struct
{
  float x;
  float y;
  float pressure;
} SmartcaPadPoint;

/* What a mouse or a stylus without a pressure axis draws with. */
#define SMARTCA_PAD_DEFAULT_PRESSURE 0.5

void    smartca_drawing_pad_ink_draw (cairo_t               *cr,
                                      GPtrArray             *strokes,
                                      SmartcaDrawingPadColor color);
GBytes *smartca_drawing_pad_ink_export (GPtrArray             *strokes,
                                        SmartcaDrawingPadColor color,
                                        GError               **error);

G_END_DECLS
