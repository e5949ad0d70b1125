/* smartca-drawing-pad.c: a pad to draw a signature on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stroke follows the pointer or a finger (GtkGestureDrag, constant width)
 * or a stylus (GtkGestureStylus: every motion the device reported, and a
 * width that follows the pressure when the device gives it). Points closer
 * than MIN_DISTANCE to the last one kept are dropped, and the line runs as
 * quadratic curves through the midpoints between the points kept, so that a
 * hand's jitter and the pointer's sampling do not show as corners.
 *
 * The pad shows a light sheet of paper in light and dark mode alike, so that
 * blue or black ink reads on it as it will on a document; the baseline and
 * the "Sign here" hint are drawn on the pad only. The exported PNG holds the
 * ink alone, on transparency, drawn again at a higher scale.
 */

#include "config.h"

#include "smartca-drawing-pad.h"

#include <glib/gi18n.h>
#include <math.h>

/* Pad pixels */
#define MIN_DISTANCE 1.5
#define BASE_WIDTH 2.6
#define GUIDE_INSET 24.0
#define MAX_STROKE_LEN 20000
#define DEFAULT_PRESSURE 0.5

/* The exported image's long side, at most (before the store scales it down
 * to its own limit): a pad on a very large screen is drawn at a lower scale. */
#define EXPORT_MAX_SIDE 2400

typedef struct
{
  float x;
  float y;
  float pressure;
} PadPoint;

struct _SmartcaDrawingPad
{
  GtkWidget parent_instance;

  GPtrArray             *strokes; /* of GArray of PadPoint, oldest first */
  GArray                *current; /* the stroke being drawn (the last one), or NULL */
  GtkGesture            *current_gesture;
  double                 drag_x;
  double                 drag_y;
  SmartcaDrawingPadColor color;
};

enum
{
  PROP_0,
  PROP_N_STROKES,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaDrawingPad, smartca_drawing_pad, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (SmartcaDrawingPadColor, smartca_drawing_pad_color, G_DEFINE_ENUM_VALUE (SMARTCA_DRAWING_PAD_COLOR_BLUE, "blue"), G_DEFINE_ENUM_VALUE (SMARTCA_DRAWING_PAD_COLOR_BLACK, "black"))

G_DEFINE_QUARK (smartca-drawing-pad-error-quark, smartca_drawing_pad_error)

/* Ink */

static void
set_ink (SmartcaDrawingPad *self,
         cairo_t           *cr)
{
  /* The blue of a ballpoint signature; black a little softer than pure. */
  if (self->color == SMARTCA_DRAWING_PAD_COLOR_BLACK)
    cairo_set_source_rgb (cr, 0x11 / 255.0, 0x11 / 255.0, 0x11 / 255.0);
  else
    cairo_set_source_rgb (cr, 0x1a / 255.0, 0x3f / 255.0, 0xb0 / 255.0);
}

static double
width_for_pressure (double pressure)
{
  /* DEFAULT_PRESSURE gives BASE_WIDTH: a mouse draws at that width. */
  return BASE_WIDTH * (0.35 + 1.3 * CLAMP (pressure, 0.0, 1.0));
}

static PadPoint
midpoint (const PadPoint *a,
          const PadPoint *b)
{
  return (PadPoint){ (a->x + b->x) / 2, (a->y + b->y) / 2, (a->pressure + b->pressure) / 2 };
}

/* Segment @k of a stroke of @n ≥ 2 points: a straight start from the first
 * point to the first midpoint, a quadratic curve through each inner point
 * from midpoint to midpoint, a straight end to the last point. Returns the
 * pressure it is drawn with. */
static double
trace_segment (cairo_t        *cr,
               const PadPoint *points,
               guint           n,
               guint           k,
               gboolean        move)
{
  PadPoint from, to;

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
  const PadPoint *points = (const PadPoint *) (gpointer) stroke->data;

  for (guint i = 1; i < stroke->len; i++)
    if (points[i].pressure != points[0].pressure)
      return FALSE;
  return TRUE;
}

static void
draw_stroke (cairo_t *cr,
             GArray  *stroke)
{
  const PadPoint *points = (const PadPoint *) (gpointer) stroke->data;
  guint           n = stroke->len;
  guint           n_segments = n <= 2 ? 1 : n;

  if (n == 0)
    return;
  if (n == 1)
    {
      /* A tap leaves a dot. */
      cairo_new_path (cr);
      cairo_arc (cr, points[0].x, points[0].y, width_for_pressure (points[0].pressure) / 2, 0, 2 * G_PI);
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
      cairo_set_line_width (cr, width_for_pressure (points[0].pressure));
      cairo_stroke (cr);
      return;
    }

  for (guint k = 0; k < n_segments; k++)
    {
      cairo_new_path (cr);
      cairo_set_line_width (cr, width_for_pressure (trace_segment (cr, points, n, k, TRUE)));
      cairo_stroke (cr);
    }
}

static void
draw_strokes (SmartcaDrawingPad *self,
              cairo_t           *cr)
{
  set_ink (self, cr);
  for (guint i = 0; i < self->strokes->len; i++)
    draw_stroke (cr, g_ptr_array_index (self->strokes, i));
}

/* The baseline, and the hint while the pad is empty: on the pad only. */
static void
draw_guide (SmartcaDrawingPad *self,
            cairo_t           *cr,
            double             width,
            double             height)
{
  double baseline = round (height * 0.7) + 0.5;

  cairo_save (cr);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.2, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, (double[]){ 6, 4 }, 2, 0);
  cairo_move_to (cr, GUIDE_INSET, baseline);
  cairo_line_to (cr, MAX (GUIDE_INSET, width - GUIDE_INSET), baseline);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (self->strokes->len == 0)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Sign here"));

      /* Dark grey on the paper whatever the theme's text colour. */
      cairo_set_source_rgb (cr, 0.38, 0.38, 0.4);
      cairo_move_to (cr, GUIDE_INSET, baseline + 6);
      pango_cairo_show_layout (cr, layout);
    }
}

/* Strokes */

static void
add_point (SmartcaDrawingPad *self,
           double             x,
           double             y,
           double             pressure,
           gboolean           last)
{
  PadPoint point = { CLAMP (x, 0, gtk_widget_get_width (GTK_WIDGET (self))),
                     CLAMP (y, 0, gtk_widget_get_height (GTK_WIDGET (self))),
                     CLAMP (pressure, 0, 1) };

  if (self->current == NULL || self->current->len >= MAX_STROKE_LEN)
    return;
  if (self->current->len > 0)
    {
      const PadPoint *previous = &g_array_index (self->current, PadPoint, self->current->len - 1);
      double          distance = hypot (point.x - previous->x, point.y - previous->y);

      /* The stroke's end is kept where it is, unless nothing moved. */
      if (distance < (last ? 0.25 : MIN_DISTANCE))
        return;
    }
  g_array_append_val (self->current, point);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
begin_stroke (SmartcaDrawingPad *self,
              GtkGesture        *gesture,
              double             x,
              double             y,
              double             pressure)
{
  self->current = g_array_new (FALSE, FALSE, sizeof (PadPoint));
  self->current_gesture = gesture;
  g_ptr_array_add (self->strokes, self->current);
  add_point (self, x, y, pressure, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
}

static void
end_stroke (SmartcaDrawingPad *self)
{
  self->current = NULL;
  self->current_gesture = NULL;
}

static gboolean
owns_stroke (SmartcaDrawingPad *self,
             gpointer           gesture)
{
  return self->current != NULL && self->current_gesture == gesture;
}

/* The pointer and fingers */

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               SmartcaDrawingPad *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));

  /* A stylus is the stylus gesture's, which knows its pressure. */
  if (self->current != NULL || (event != NULL && gdk_event_get_device_tool (event) != NULL))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_x = x;
  self->drag_y = y;
  begin_stroke (self, GTK_GESTURE (gesture), x, y, DEFAULT_PRESSURE);
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             offset_x,
                double             offset_y,
                SmartcaDrawingPad *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  double    x = self->drag_x + offset_x, y = self->drag_y + offset_y;
  double    event_x, event_y;

  if (!owns_stroke (self, gesture))
    return;

  /* The motions GDK merged into this one (a mouse reports far more often
   * than frames are drawn), oldest first: in the surface's coordinates,
   * which are the event's, the same distance from the pad's as its own. */
  if (event != NULL && gdk_event_get_event_type (event) == GDK_MOTION_NOTIFY &&
      gdk_event_get_position (event, &event_x, &event_y))
    {
      guint                    n_history = 0;
      g_autofree GdkTimeCoord *history = gdk_event_get_history (event, &n_history);

      for (guint i = 0; i < n_history; i++)
        add_point (self, history[i].axes[GDK_AXIS_X] + x - event_x, history[i].axes[GDK_AXIS_Y] + y - event_y,
                   DEFAULT_PRESSURE, FALSE);
    }
  add_point (self, x, y, DEFAULT_PRESSURE, FALSE);
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             offset_x,
             double             offset_y,
             SmartcaDrawingPad *self)
{
  if (!owns_stroke (self, gesture))
    return;
  add_point (self, self->drag_x + offset_x, self->drag_y + offset_y, DEFAULT_PRESSURE, TRUE);
  end_stroke (self);
}

/* A stylus */

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  /* Without a pressure axis, a stylus draws as a mouse does. */
  if (!gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    pressure = DEFAULT_PRESSURE;
  return pressure;
}

static void
stylus_down_cb (GtkGestureStylus  *gesture,
                double             x,
                double             y,
                SmartcaDrawingPad *self)
{
  if (self->current != NULL)
    return;
  begin_stroke (self, GTK_GESTURE (gesture), x, y, stylus_pressure (gesture));
}

static void
stylus_motion_cb (GtkGestureStylus  *gesture,
                  double             x,
                  double             y,
                  SmartcaDrawingPad *self)
{
  g_autofree GdkTimeCoord *backlog = NULL;
  guint                    n_backlog = 0;

  if (!owns_stroke (self, gesture))
    return;

  /* The motions GTK merged into this one, oldest first. */
  if (gtk_gesture_stylus_get_backlog (gesture, &backlog, &n_backlog))
    for (guint i = 0; i < n_backlog; i++)
      {
        const GdkTimeCoord *coord = &backlog[i];
        double              pressure = (coord->flags & GDK_AXIS_FLAG_PRESSURE) ? coord->axes[GDK_AXIS_PRESSURE]
                                                                               : DEFAULT_PRESSURE;

        add_point (self, coord->axes[GDK_AXIS_X], coord->axes[GDK_AXIS_Y], pressure, FALSE);
      }
  add_point (self, x, y, stylus_pressure (gesture), FALSE);
}

static void
stylus_up_cb (GtkGestureStylus  *gesture,
              double             x,
              double             y,
              SmartcaDrawingPad *self)
{
  if (!owns_stroke (self, gesture))
    return;
  add_point (self, x, y, stylus_pressure (gesture), TRUE);
  end_stroke (self);
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
render_ink (SmartcaDrawingPad *self,
            GError           **error)
{
  double           min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double           room = width_for_pressure (1.0) / 2 + 2;
  double           scale = SMARTCA_DRAWING_PAD_EXPORT_SCALE;
  cairo_surface_t *surface;
  cairo_t         *cr;

  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          const PadPoint *point = &g_array_index (stroke, PadPoint, j);

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
  draw_strokes (self, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_failed (cairo_surface_status (surface), error))
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

/* GObject */

static void
smartca_drawing_pad_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SmartcaDrawingPad *self = SMARTCA_DRAWING_PAD (widget);
  double             width = gtk_widget_get_width (widget);
  double             height = gtk_widget_get_height (widget);
  cairo_t           *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_guide (self, cr, width, height);
  draw_strokes (self, cr);
  cairo_destroy (cr);
}

static void
smartca_drawing_pad_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SmartcaDrawingPad *self = SMARTCA_DRAWING_PAD (object);

  switch (prop_id)
    {
    case PROP_N_STROKES:
      g_value_set_uint (value, smartca_drawing_pad_get_n_strokes (self));
      break;
    case PROP_COLOR:
      g_value_set_enum (value, self->color);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_drawing_pad_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SmartcaDrawingPad *self = SMARTCA_DRAWING_PAD (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      smartca_drawing_pad_set_color (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_drawing_pad_finalize (GObject *object)
{
  SmartcaDrawingPad *self = SMARTCA_DRAWING_PAD (object);

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (smartca_drawing_pad_parent_class)->finalize (object);
}

static void
smartca_drawing_pad_class_init (SmartcaDrawingPadClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = smartca_drawing_pad_get_property;
  object_class->set_property = smartca_drawing_pad_set_property;
  object_class->finalize = smartca_drawing_pad_finalize;
  widget_class->snapshot = smartca_drawing_pad_snapshot;

  properties[PROP_N_STROKES] =
    g_param_spec_uint ("n-strokes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COLOR] =
    g_param_spec_enum ("color", NULL, NULL, SMARTCA_TYPE_DRAWING_PAD_COLOR, SMARTCA_DRAWING_PAD_COLOR_BLUE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "drawingpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
smartca_drawing_pad_init (SmartcaDrawingPad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *stylus = gtk_gesture_stylus_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (stylus, "up", G_CALLBACK (stylus_up_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (stylus));

  /* Drawn with a pointer, never with the keyboard: not a focus stop. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signature drawing area"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Draw your signature here with the mouse, a finger or a stylus."),
                                  -1);
}

/* Public API */

GtkWidget *
smartca_drawing_pad_new (void)
{
  return g_object_new (SMARTCA_TYPE_DRAWING_PAD, NULL);
}

guint
smartca_drawing_pad_get_n_strokes (SmartcaDrawingPad *self)
{
  g_return_val_if_fail (SMARTCA_IS_DRAWING_PAD (self), 0);

  return self->strokes->len;
}

/* Takes back the last stroke, even one still being drawn. */
void
smartca_drawing_pad_undo (SmartcaDrawingPad *self)
{
  g_return_if_fail (SMARTCA_IS_DRAWING_PAD (self));

  if (self->strokes->len == 0)
    return;
  end_stroke (self);
  g_ptr_array_set_size (self->strokes, self->strokes->len - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
}

void
smartca_drawing_pad_clear (SmartcaDrawingPad *self)
{
  g_return_if_fail (SMARTCA_IS_DRAWING_PAD (self));

  if (self->strokes->len == 0)
    return;
  end_stroke (self);
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
}

SmartcaDrawingPadColor
smartca_drawing_pad_get_color (SmartcaDrawingPad *self)
{
  g_return_val_if_fail (SMARTCA_IS_DRAWING_PAD (self), SMARTCA_DRAWING_PAD_COLOR_BLUE);

  return self->color;
}

/* The ink of every stroke, those drawn already included. */
void
smartca_drawing_pad_set_color (SmartcaDrawingPad     *self,
                               SmartcaDrawingPadColor color)
{
  g_return_if_fail (SMARTCA_IS_DRAWING_PAD (self));

  if (self->color == color)
    return;
  self->color = color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

/* The ink as a PNG with an alpha channel: transparent but for the strokes,
 * trimmed to them (measured on the rendered pixels, so a line's width and
 * its antialiasing are inside) with EXPORT_MARGIN transparent pixels around. */
GBytes *
smartca_drawing_pad_export_png (SmartcaDrawingPad *self,
                                GError           **error)
{
  const int             margin = SMARTCA_DRAWING_PAD_EXPORT_MARGIN;
  cairo_surface_t      *ink, *trimmed;
  cairo_rectangle_int_t extents;
  cairo_t              *cr;
  cairo_status_t        status;
  g_autoptr(GByteArray) png = NULL;

  g_return_val_if_fail (SMARTCA_IS_DRAWING_PAD (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ink = render_ink (self, error);
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
