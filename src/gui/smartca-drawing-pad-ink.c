/* smartca-drawing-pad-ink.c: the ink of a drawing pad, drawn with cairo
 * on the pad and into the exported PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stroke runs as quadratic curves through the midpoints between its
 * points, which smooths a hand's jitter and the pointer's sampling into a
 * line without corners. With even pressure (a mouse) it is one path at one
 * width; with a stylus's pressure each piece has its own width, the round
 * caps joining them.
 */

#include "config.h"

#include "smartca-drawing-pad-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* Pad pixels */
#define BASE_WIDTH 2.6

/* The exported image's long side, at most (before the store scales it down
 * to its own limit): a pad on a very large screen is drawn at a lower scale. */
#define EXPORT_MAX_SIDE 2400

/* Drawing */

static void
set_ink (cairo_t               *cr,
         SmartcaDrawingPadColor color)
{
  /* The blue of a ballpoint signature; black a little softer than pure. */
  if (color == SMARTCA_DRAWING_PAD_COLOR_BLACK)
    cairo_set_source_rgb (cr, 0x11 / 255.0, 0x11 / 255.0, 0x11 / 255.0);
  else
    cairo_set_source_rgb (cr, 0x1a / 255.0, 0x3f / 255.0, 0xb0 / 255.0);
}

/* A line's width in pad pixels. The default pressure gives BASE_WIDTH. */
static double
ink_width (double pressure)
{
  return BASE_WIDTH * (0.35 + 1.3 * CLAMP (pressure, 0.0, 1.0));
}

static SmartcaPadPoint
midpoint (const SmartcaPadPoint *a,
          const SmartcaPadPoint *b)
{
  return (SmartcaPadPoint){ (a->x + b->x) / 2, (a->y + b->y) / 2, (a->pressure + b->pressure) / 2 };
}

/* Segment @k of a stroke of @n ≥ 2 points: a straight start from the first
 * point to the first midpoint, a quadratic curve through each inner point
 * from midpoint to midpoint, a straight end to the last point. Returns the
 * pressure it is drawn with. */
static double
trace_segment (cairo_t               *cr,
               const SmartcaPadPoint *points,
               guint                  n,
               guint                  k,
               gboolean               move)
{
  SmartcaPadPoint from, to;

  if (n == 2 || k == 0 || k == n - 1)
    {
      from = k == 0 ? points[0] : midpoint (&points[n - 2], &points[n - 1]);
      to = k == n - 1 || n == 2 ? points[n - 1] : midpoint (&points[0], &points[1]);
      if (move)
        cairo_move_to (cr, from.x, from.y);
      cairo_line_to (cr, to.x, to.y);
      return (from.pressure + to.pressure) / 2;
    }

  from = midpoint (&points[k - 1], &points[k]);
  to = midpoint (&points[k], &points[k + 1]);
  if (move)
    cairo_move_to (cr, from.x, from.y);
  /* The quadratic curve as the cubic cairo draws. */
  cairo_curve_to (cr,
                  from.x + 2.0 / 3.0 * (points[k].x - from.x),
                  from.y + 2.0 / 3.0 * (points[k].y - from.y),
                  to.x + 2.0 / 3.0 * (points[k].x - to.x),
                  to.y + 2.0 / 3.0 * (points[k].y - to.y),
                  to.x, to.y);
  return points[k].pressure;
}

static gboolean
has_even_pressure (GArray *stroke)
{
  const SmartcaPadPoint *points = (const SmartcaPadPoint *) (gpointer) stroke->data;

  for (guint i = 1; i < stroke->len; i++)
    if (points[i].pressure != points[0].pressure)
      return FALSE;
  return TRUE;
}

static void
draw_stroke (cairo_t *cr,
             GArray  *stroke)
{
  const SmartcaPadPoint *points = (const SmartcaPadPoint *) (gpointer) stroke->data;
  guint                  n = stroke->len;
  guint                  n_segments = n <= 2 ? 1 : n;

  if (n == 0)
    return;
  if (n == 1)
    {
      /* A tap leaves a dot. */
      cairo_new_path (cr);
      cairo_arc (cr, points[0].x, points[0].y, ink_width (points[0].pressure) / 2, 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* One path at one width; with pressure, each segment at its own width,
   * the round caps joining them. */
  if (has_even_pressure (stroke))
    {
      cairo_new_path (cr);
      for (guint k = 0; k < n_segments; k++)
        trace_segment (cr, points, n, k, k == 0);
      cairo_set_line_width (cr, ink_width (points[0].pressure));
      cairo_stroke (cr);
      return;
    }

  for (guint k = 0; k < n_segments; k++)
    {
      cairo_new_path (cr);
      cairo_set_line_width (cr, ink_width (trace_segment (cr, points, n, k, TRUE)));
      cairo_stroke (cr);
    }
}

void
smartca_drawing_pad_ink_draw (cairo_t               *cr,
                              GPtrArray             *strokes,
                              SmartcaDrawingPadColor color)
{
  set_ink (cr, color);
  for (guint i = 0; i < strokes->len; i++)
    draw_stroke (cr, g_ptr_array_index (strokes, i));
}

/* Export */

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The smallest rectangle of @surface holding every pixel that is not fully
 * transparent; FALSE when there is none. */
static gboolean
ink_extents (cairo_surface_t       *surface,
             cairo_rectangle_int_t *extents)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int           stride = cairo_image_surface_get_stride (surface);
  int           width = cairo_image_surface_get_width (surface);
  int           height = cairo_image_surface_get_height (surface);
  int           left = width, right = -1, top = height, bottom = -1;

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0)
          {
            left = MIN (left, x);
            right = MAX (right, x);
            top = MIN (top, y);
            bottom = MAX (bottom, y);
          }
    }
  if (right < 0)
    return FALSE;
  *extents = (cairo_rectangle_int_t){ left, top, right - left + 1, bottom - top + 1 };
  return TRUE;
}

static gboolean
cairo_failed (cairo_status_t status,
              GError       **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;
  g_set_error (error, SMARTCA_DRAWING_PAD_ERROR, SMARTCA_DRAWING_PAD_ERROR_FAILED,
               _("The drawing could not be saved: %s"), cairo_status_to_string (status));
  return TRUE;
}

/* The ink at up to SCALE times the pad's size, on transparency, with room
 * around it for the widest line. */
static cairo_surface_t *
render_ink (GPtrArray             *strokes,
            SmartcaDrawingPadColor color,
            GError               **error)
{
  double           min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double           room = ink_width (1.0) / 2 + 2;
  double           scale = SMARTCA_DRAWING_PAD_EXPORT_SCALE;
  cairo_surface_t *surface;
  cairo_t         *cr;

  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          const SmartcaPadPoint *point = &g_array_index (stroke, SmartcaPadPoint, j);

          min_x = MIN (min_x, point->x);
          min_y = MIN (min_y, point->y);
          max_x = MAX (max_x, point->x);
          max_y = MAX (max_y, point->y);
        }
    }
  if (max_x < min_x)
    {
      g_set_error_literal (error, SMARTCA_DRAWING_PAD_ERROR, SMARTCA_DRAWING_PAD_ERROR_EMPTY,
                           _("Nothing has been drawn yet."));
      return NULL;
    }

  min_x = floor (min_x - room);
  min_y = floor (min_y - room);
  max_x = ceil (max_x + room);
  max_y = ceil (max_y + room);
  scale = MIN (scale, EXPORT_MAX_SIDE / MAX (max_x - min_x, max_y - min_y));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil ((max_x - min_x) * scale),
                                        (int) ceil ((max_y - min_y) * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -min_x, -min_y);
  smartca_drawing_pad_ink_draw (cr, strokes, color);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_failed (cairo_surface_status (surface), error))
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

/* The PNG: the ink's pixels, trimmed, MARGIN clear pixels around. */
GBytes *
smartca_drawing_pad_ink_export (GPtrArray             *strokes,
                                SmartcaDrawingPadColor color,
                                GError               **error)
{
  const int             margin = SMARTCA_DRAWING_PAD_EXPORT_MARGIN;
  cairo_surface_t      *ink, *trimmed;
  cairo_rectangle_int_t extents;
  cairo_t              *cr;
  cairo_status_t        status;
  g_autoptr(GByteArray) png = NULL;

  ink = render_ink (strokes, color, error);
  if (ink == NULL)
    return NULL;
  if (!ink_extents (ink, &extents))
    {
      cairo_surface_destroy (ink);
      g_set_error_literal (error, SMARTCA_DRAWING_PAD_ERROR, SMARTCA_DRAWING_PAD_ERROR_EMPTY,
                           _("Nothing has been drawn yet."));
      return NULL;
    }

  trimmed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        extents.width + 2 * margin, extents.height + 2 * margin);
  cr = cairo_create (trimmed);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, ink, margin - extents.x, margin - extents.y);
  cairo_rectangle (cr, margin, margin, extents.width, extents.height);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (ink);

  png = g_byte_array_new ();
  status = cairo_surface_status (trimmed);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (trimmed, append_to_byte_array, png);
  cairo_surface_destroy (trimmed);
  if (cairo_failed (status, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
