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

#include "smartca-drawing-pad-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* Pad pixels */
#define MIN_DISTANCE 1.5
#define GUIDE_INSET 24.0
#define MAX_STROKE_LEN 20000
#define DEFAULT_PRESSURE SMARTCA_PAD_DEFAULT_PRESSURE

struct _SmartcaDrawingPad
{
  GtkWidget parent_instance;

  GPtrArray             *strokes; /* of GArray of SmartcaPadPoint, oldest first */
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

GType
smartca_drawing_pad_color_get_type (void)
{
  static gsize            type_id;
  static const GEnumValue values[] = {
    { SMARTCA_DRAWING_PAD_COLOR_BLUE, "SMARTCA_DRAWING_PAD_COLOR_BLUE", "blue" },
    { SMARTCA_DRAWING_PAD_COLOR_BLACK, "SMARTCA_DRAWING_PAD_COLOR_BLACK", "black" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("SmartcaDrawingPadColor"), values));
  return type_id;
}

G_DEFINE_QUARK (smartca-drawing-pad-error-quark, smartca_drawing_pad_error)

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
  SmartcaPadPoint point = { CLAMP (x, 0, gtk_widget_get_width (GTK_WIDGET (self))),
                            CLAMP (y, 0, gtk_widget_get_height (GTK_WIDGET (self))),
                            CLAMP (pressure, 0, 1) };

  if (self->current == NULL || self->current->len >= MAX_STROKE_LEN)
    return;
  if (self->current->len > 0)
    {
      const SmartcaPadPoint *previous = &g_array_index (self->current, SmartcaPadPoint, self->current->len - 1);
      double                 distance = hypot (point.x - previous->x, point.y - previous->y);

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
  /* A stroke still open (its end never came) stays as it is. */
  self->current = g_array_new (FALSE, FALSE, sizeof (SmartcaPadPoint));
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
  if (event != NULL && gdk_event_get_device_tool (event) != NULL)
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

/* The stylus went without its "up" (another window took the pointer): the
 * stroke ends where it got to. */
static void
stylus_cancel_cb (GtkGesture        *gesture,
                  GdkEventSequence  *sequence,
                  SmartcaDrawingPad *self)
{
  if (owns_stroke (self, gesture))
    end_stroke (self);
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
  smartca_drawing_pad_ink_draw (cr, self->strokes, self->color);
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
  g_signal_connect (stylus, "cancel", G_CALLBACK (stylus_cancel_cb), self);
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
  g_return_val_if_fail (SMARTCA_IS_DRAWING_PAD (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return smartca_drawing_pad_ink_export (self->strokes, self->color, error);
}
