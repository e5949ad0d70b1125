/* smartca-page-view.c: one PDF page, fitted to the widget, with the box
 * where the signature goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * poppler-glib gives the page as it is displayed: poppler_page_get_size()
 * swaps width and height for /Rotate 90 and 270, and poppler_page_render()
 * draws the page turned by its /Rotate, so the view shows the page upright
 * and its box is in the engine's displayed coordinates without any turning
 * here.
 *
 * This file has the box and the input; smartca-page-view-draw.c draws.
 */

#include "config.h"

#include "smartca-page-view-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* Points */
#define STEP 10.0
#define FINE_STEP 1.0

enum
{
  PROP_0,
  PROP_BOX_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  BOX_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmartcaPageView, smartca_page_view, GTK_TYPE_WIDGET)

/* Geometry */

/* Where the page is drawn: its top-left corner in widget pixels and the
 * pixels per point. FALSE when there is nothing to draw. */
gboolean
smartca_page_view_geometry (SmartcaPageView *self,
                            double          *origin_x,
                            double          *origin_y,
                            double          *scale)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double s;

  if (self->page == NULL || self->page_width <= 0 || self->page_height <= 0)
    return FALSE;
  s = MIN ((width - 2 * PAGE_MARGIN) / self->page_width, (height - 2 * PAGE_MARGIN) / self->page_height);
  if (s <= 0)
    return FALSE;
  *scale = s;
  *origin_x = round ((width - self->page_width * s) / 2);
  *origin_y = round ((height - self->page_height * s) / 2);
  return TRUE;
}

/* The box in widget pixels */
gboolean
smartca_page_view_box_rect (SmartcaPageView *self,
                            graphene_rect_t *rect)
{
  double origin_x, origin_y, scale;

  if (!smartca_page_view_geometry (self, &origin_x, &origin_y, &scale))
    return FALSE;
  graphene_rect_init (rect, origin_x + self->box.x * scale,
                      origin_y + (self->page_height - self->box.y - self->box.height) * scale,
                      self->box.width * scale, self->box.height * scale);
  return TRUE;
}

/* A widget point in page points (y up) */
static void
widget_to_page (SmartcaPageView *self,
                double           x,
                double           y,
                double          *page_x,
                double          *page_y)
{
  double origin_x = 0, origin_y = 0, scale = 1;

  smartca_page_view_geometry (self, &origin_x, &origin_y, &scale);
  *page_x = (x - origin_x) / scale;
  *page_y = self->page_height - (y - origin_y) / scale;
}

static Hit
hit_test (SmartcaPageView *self,
          double           x,
          double           y)
{
  graphene_rect_t box;
  double          origin_x, origin_y, scale;
  double          left, right, top, bottom, reach;

  if (!self->box_visible || !smartca_page_view_geometry (self, &origin_x, &origin_y, &scale) || !smartca_page_view_box_rect (self, &box))
    return HIT_NONE;
  left = box.origin.x;
  top = box.origin.y;
  right = left + box.size.width;
  bottom = top + box.size.height;
  /* A small box keeps some of itself to be moved by */
  reach = MIN (HANDLE_HIT, MIN (box.size.width, box.size.height) / 3);
  if (fabs (x - left) <= reach && fabs (y - top) <= reach)
    return HIT_TOP_LEFT;
  if (fabs (x - right) <= reach && fabs (y - top) <= reach)
    return HIT_TOP_RIGHT;
  if (fabs (x - left) <= reach && fabs (y - bottom) <= reach)
    return HIT_BOTTOM_LEFT;
  if (fabs (x - right) <= reach && fabs (y - bottom) <= reach)
    return HIT_BOTTOM_RIGHT;
  if (x >= left && x <= right && y >= top && y <= bottom)
    return HIT_BOX;
  return HIT_PAGE;
}

/* The box */

/* @rect made at least the minimum size and moved (not shrunk) into the
 * page; a page smaller than the minimum keeps the box at the minimum. */
static void
clamp_rect (SmartcaPageView *self,
            SmartcaPdfRect  *rect)
{
  rect->width = MAX (rect->width, SMARTCA_PDF_MIN_RECT_SIZE);
  rect->height = MAX (rect->height, SMARTCA_PDF_MIN_RECT_SIZE);
  if (self->page == NULL)
    return;
  rect->width = MIN (rect->width, MAX (self->page_width, SMARTCA_PDF_MIN_RECT_SIZE));
  rect->height = MIN (rect->height, MAX (self->page_height, SMARTCA_PDF_MIN_RECT_SIZE));
  rect->x = CLAMP (rect->x, 0, MAX (0, self->page_width - rect->width));
  rect->y = CLAMP (rect->y, 0, MAX (0, self->page_height - rect->height));
}

static void
update_accessible (SmartcaPageView *self)
{
  g_autofree char *description = NULL;

  if (self->page == NULL)
    description = g_strdup (_("No page is shown."));
  else if (!self->box_visible)
    /* Translators: %u is the page number */
    description = g_strdup_printf (_("Page %u. The signature is invisible: it has no box on the page."),
                                   self->page_number + 1);
  else
    /* Translators: the signature box on the page, in points (1/72 inch):
     * page number, width × height, distance from the page's left edge and
     * from its bottom edge */
    description = g_strdup_printf (_("Signature box on page %u: %.0f × %.0f points, %.0f points from the left, "
                                     "%.0f from the bottom"),
                                   self->page_number + 1, self->box.width, self->box.height, self->box.x,
                                   self->box.y);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static gboolean
rect_equal (const SmartcaPdfRect *a,
            const SmartcaPdfRect *b)
{
  return a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height;
}

/* Takes @rect as it is (the caller clamped it) */
static void
change_box (SmartcaPageView      *self,
            const SmartcaPdfRect *rect)
{
  if (rect_equal (rect, &self->box))
    return;
  self->box = *rect;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[BOX_CHANGED], 0);
}

/* The box spanned by a fixed corner and one that moves, both in points,
 * at least the minimum size (growing away from the fixed corner, towards
 * where the moving one is) and inside the page. */
static void
span_box (SmartcaPageView *self,
          double           fixed_x,
          double           fixed_y,
          double           moving_x,
          double           moving_y,
          gboolean         towards_right,
          gboolean         towards_top)
{
  SmartcaPdfRect rect;
  double         min = SMARTCA_PDF_MIN_RECT_SIZE;

  fixed_x = CLAMP (fixed_x, 0, self->page_width);
  fixed_y = CLAMP (fixed_y, 0, self->page_height);
  moving_x = CLAMP (moving_x, 0, self->page_width);
  moving_y = CLAMP (moving_y, 0, self->page_height);
  if (fabs (moving_x - fixed_x) > 0.5)
    towards_right = moving_x > fixed_x;
  if (fabs (moving_y - fixed_y) > 0.5)
    towards_top = moving_y > fixed_y;
  if (towards_right)
    moving_x = MAX (moving_x, fixed_x + min);
  else
    moving_x = MIN (moving_x, fixed_x - min);
  if (towards_top)
    moving_y = MAX (moving_y, fixed_y + min);
  else
    moving_y = MIN (moving_y, fixed_y - min);

  rect.x = MIN (fixed_x, moving_x);
  rect.y = MIN (fixed_y, moving_y);
  rect.width = fabs (moving_x - fixed_x);
  rect.height = fabs (moving_y - fixed_y);
  clamp_rect (self, &rect);
  change_box (self, &rect);
}

/* The pointer */

static const char *
cursor_for_hit (Hit hit)
{
  switch (hit)
    {
    case HIT_BOX:
      return "move";
    case HIT_TOP_LEFT:
    case HIT_BOTTOM_RIGHT:
      return "nwse-resize";
    case HIT_TOP_RIGHT:
    case HIT_BOTTOM_LEFT:
      return "nesw-resize";
    case HIT_PAGE:
      return "crosshair";
    case HIT_NONE:
    default:
      return NULL;
    }
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SmartcaPageView          *self)
{
  if (self->drag_hit == HIT_NONE)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor_for_hit (hit_test (self, x, y)));
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               SmartcaPageView *self)
{
  Hit hit = hit_test (self, x, y);

  if (hit == HIT_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_hit = hit;
  self->dragging = FALSE;
  self->drag_box = self->box;
  widget_to_page (self, x, y, &self->drag_x, &self->drag_y);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                SmartcaPageView *self)
{
  const SmartcaPdfRect *start = &self->drag_box;
  double                origin_x, origin_y, scale, dx, dy;
  int                   threshold = 8;

  if (self->drag_hit == HIT_NONE || !smartca_page_view_geometry (self, &origin_x, &origin_y, &scale))
    return;
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-dnd-drag-threshold", &threshold, NULL);
  if (!self->dragging && hypot (offset_x, offset_y) < threshold)
    return;
  self->dragging = TRUE;
  dx = offset_x / scale;
  dy = -offset_y / scale;

  switch (self->drag_hit)
    {
    case HIT_BOX:
      {
        SmartcaPdfRect rect = *start;

        rect.x += dx;
        rect.y += dy;
        clamp_rect (self, &rect);
        change_box (self, &rect);
      }
      break;
    case HIT_PAGE:
      span_box (self, self->drag_x, self->drag_y, self->drag_x + dx, self->drag_y + dy, TRUE, FALSE);
      break;
    case HIT_BOTTOM_LEFT:
      span_box (self, start->x + start->width, start->y + start->height, start->x + dx, start->y + dy, FALSE,
                FALSE);
      break;
    case HIT_BOTTOM_RIGHT:
      span_box (self, start->x, start->y + start->height, start->x + start->width + dx, start->y + dy, TRUE,
                FALSE);
      break;
    case HIT_TOP_LEFT:
      span_box (self, start->x + start->width, start->y, start->x + dx, start->y + start->height + dy, FALSE,
                TRUE);
      break;
    case HIT_TOP_RIGHT:
      span_box (self, start->x, start->y, start->x + start->width + dx, start->y + start->height + dy, TRUE,
                TRUE);
      break;
    case HIT_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           offset_x,
             double           offset_y,
             SmartcaPageView *self)
{
  /* A click away from the box brings it there, centred, the same size. */
  if (self->drag_hit == HIT_PAGE && !self->dragging)
    {
      SmartcaPdfRect rect = self->box;

      rect.x = self->drag_x - rect.width / 2;
      rect.y = self->drag_y - rect.height / 2;
      clamp_rect (self, &rect);
      change_box (self, &rect);
    }
  self->drag_hit = HIT_NONE;
  self->dragging = FALSE;
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                SmartcaPageView  *self)
{
  self->drag_hit = HIT_NONE;
  self->dragging = FALSE;
}

/* The keyboard */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SmartcaPageView       *self)
{
  SmartcaPdfRect rect = self->box;
  double         step = (state & GDK_CONTROL_MASK) ? FINE_STEP : STEP;
  gboolean       resize = (state & GDK_SHIFT_MASK) != 0;
  double         dx = 0, dy = 0;

  /* Escape during a drag puts the box back and ends the drag. */
  if (keyval == GDK_KEY_Escape && self->drag_hit != HIT_NONE)
    {
      rect = self->drag_box;
      self->drag_hit = HIT_NONE;
      self->dragging = FALSE;
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
      change_box (self, &rect);
      return TRUE;
    }
  if (!self->box_visible || self->page == NULL || (state & (GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      dx = -step;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      dx = step;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      dy = step;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      dy = -step;
      break;
    default:
      return FALSE;
    }

  if (resize)
    {
      /* The bottom-left corner stays; the right and top edges move. */
      if (dx != 0)
        rect.width = CLAMP (rect.width + dx, SMARTCA_PDF_MIN_RECT_SIZE,
                            MAX (SMARTCA_PDF_MIN_RECT_SIZE, self->page_width - rect.x));
      if (dy != 0)
        rect.height = CLAMP (rect.height + dy, SMARTCA_PDF_MIN_RECT_SIZE,
                             MAX (SMARTCA_PDF_MIN_RECT_SIZE, self->page_height - rect.y));
    }
  else
    {
      rect.x += dx;
      rect.y += dy;
    }
  clamp_rect (self, &rect);
  /* At an edge the key does nothing, and does not move the focus either. */
  change_box (self, &rect);
  return TRUE;
}

static void
smartca_page_view_measure (GtkWidget     *widget,
                           GtkOrientation orientation,
                           int            for_size,
                           int           *minimum,
                           int           *natural,
                           int           *minimum_baseline,
                           int           *natural_baseline)
{
  SmartcaPageView *self = SMARTCA_PAGE_VIEW (widget);
  double           aspect = G_SQRT2;

  /* Room for a page at a readable size, a page's shape when there is one
   * (within reason: a page may have no width, or be a strip) */
  if (self->page != NULL && self->page_width > 0 && self->page_height > 0)
    aspect = CLAMP (self->page_height / self->page_width, 0.25, 4.0);
  *minimum = 120;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = aspect >= 1 ? 420 : 560;
  else
    *natural = (int) ceil ((aspect >= 1 ? 420 : 560) * aspect + 2 * PAGE_MARGIN);
}

static void
smartca_page_view_state_flags_changed (GtkWidget    *widget,
                                       GtkStateFlags previous)
{
  /* The focus ring is ours to draw. */
  if ((gtk_widget_get_state_flags (widget) ^ previous) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
  GTK_WIDGET_CLASS (smartca_page_view_parent_class)->state_flags_changed (widget, previous);
}

/* GObject */

static void
smartca_page_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SmartcaPageView *self = SMARTCA_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_BOX_VISIBLE:
      g_value_set_boolean (value, self->box_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_page_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SmartcaPageView *self = SMARTCA_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_BOX_VISIBLE:
      smartca_page_view_set_box_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_page_view_dispose (GObject *object)
{
  SmartcaPageView *self = SMARTCA_PAGE_VIEW (object);

  g_clear_object (&self->page);
  g_clear_object (&self->preview);
  g_clear_object (&self->rendered);

  G_OBJECT_CLASS (smartca_page_view_parent_class)->dispose (object);
}

static void
smartca_page_view_class_init (SmartcaPageViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = smartca_page_view_get_property;
  object_class->set_property = smartca_page_view_set_property;
  object_class->dispose = smartca_page_view_dispose;
  widget_class->snapshot = smartca_page_view_snapshot;
  widget_class->measure = smartca_page_view_measure;
  widget_class->state_flags_changed = smartca_page_view_state_flags_changed;

  properties[PROP_BOX_VISIBLE] =
    g_param_spec_boolean ("box-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SmartcaPageView::box-changed:
   *
   * The box moved or changed size: by the user, by
   * smartca_page_view_set_box(), or clamped into a new page.
   */
  signals[BOX_CHANGED] = g_signal_new ("box-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                       NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "pageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
smartca_page_view_init (SmartcaPageView *self)
{
  GtkGesture         *drag = self->drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->box_visible = TRUE;
  self->box = (SmartcaPdfRect){ 0, 0, 180, 60 };

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Page and signature box"), -1);
  update_accessible (self);
}

/* Public API */

GtkWidget *
smartca_page_view_new (void)
{
  return g_object_new (SMARTCA_TYPE_PAGE_VIEW, NULL);
}

void
smartca_page_view_set_page (SmartcaPageView *self,
                            PopplerPage     *page,
                            guint            page_number)
{
  SmartcaPdfRect rect;

  g_return_if_fail (SMARTCA_IS_PAGE_VIEW (self));
  g_return_if_fail (page == NULL || POPPLER_IS_PAGE (page));

  if (page != self->page)
    {
      g_set_object (&self->page, page);
      g_clear_object (&self->rendered);
    }
  self->page_number = page_number;
  self->page_width = self->page_height = 0;
  if (page != NULL)
    poppler_page_get_size (page, &self->page_width, &self->page_height);
  /* A box of 400 digits is inf to poppler, and the width of one from inf
   * to inf NaN: such a page has no size to show */
  if (!isfinite (self->page_width) || !isfinite (self->page_height))
    self->page_width = self->page_height = 0;
  self->drag_hit = HIT_NONE;
  self->dragging = FALSE;

  rect = self->box;
  clamp_rect (self, &rect);
  update_accessible (self);
  change_box (self, &rect);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
smartca_page_view_get_page_size (SmartcaPageView *self,
                                 double          *width,
                                 double          *height)
{
  g_return_if_fail (SMARTCA_IS_PAGE_VIEW (self));

  if (width != NULL)
    *width = self->page_width;
  if (height != NULL)
    *height = self->page_height;
}

void
smartca_page_view_get_box (SmartcaPageView *self,
                           SmartcaPdfRect  *rect)
{
  g_return_if_fail (SMARTCA_IS_PAGE_VIEW (self));
  g_return_if_fail (rect != NULL);

  *rect = self->box;
}

void
smartca_page_view_set_box (SmartcaPageView      *self,
                           const SmartcaPdfRect *rect)
{
  SmartcaPdfRect clamped;

  g_return_if_fail (SMARTCA_IS_PAGE_VIEW (self));
  g_return_if_fail (rect != NULL);

  clamped = *rect;
  clamp_rect (self, &clamped);
  change_box (self, &clamped);
}

void
smartca_page_view_set_box_visible (SmartcaPageView *self,
                                   gboolean         visible)
{
  g_return_if_fail (SMARTCA_IS_PAGE_VIEW (self));

  visible = !!visible;
  if (self->box_visible == visible)
    return;
  self->box_visible = visible;
  self->drag_hit = HIT_NONE;
  self->dragging = FALSE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOX_VISIBLE]);
}

gboolean
smartca_page_view_get_box_visible (SmartcaPageView *self)
{
  g_return_val_if_fail (SMARTCA_IS_PAGE_VIEW (self), FALSE);

  return self->box_visible;
}

void
smartca_page_view_set_preview (SmartcaPageView *self,
                               GdkTexture      *preview)
{
  g_return_if_fail (SMARTCA_IS_PAGE_VIEW (self));
  g_return_if_fail (preview == NULL || GDK_IS_TEXTURE (preview));

  if (g_set_object (&self->preview, preview))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
smartca_page_view_get_scale (SmartcaPageView *self)
{
  double origin_x, origin_y, scale;

  g_return_val_if_fail (SMARTCA_IS_PAGE_VIEW (self), 0);

  if (!smartca_page_view_geometry (self, &origin_x, &origin_y, &scale))
    return 0;
  return scale;
}
