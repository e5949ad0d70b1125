/* smartca-page-view-draw.c: how the page view looks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is rendered once into a texture at the on-screen size (times the
 * scale factor) and drawn from it until the page or the size changes; the
 * box, its handles and the focus ring are drawn over it at every frame. The
 * page is a white sheet in light and dark mode alike, as it will print.
 */

#include "config.h"

#include "smartca-page-view-private.h"

#include <math.h>

static GdkTexture *
render_page (PopplerPage *page,
             int          width,
             int          height,
             double       scale)
{
  cairo_surface_t  *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(GBytes) bytes = NULL;
  cairo_t          *cr;
  int               stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface), (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  /* cairo's ARGB32 is premultiplied BGRA in memory here, GDK's default */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
snapshot_page (SmartcaPageView *self,
               GtkSnapshot     *snapshot,
               graphene_rect_t *page_rect)
{
  GtkWidget     *widget = GTK_WIDGET (self);
  int            scale_factor = gtk_widget_get_scale_factor (widget);
  int            width = MIN ((int) ceil (page_rect->size.width * scale_factor), MAX_TEXTURE_SIZE);
  int            height = MIN ((int) ceil (page_rect->size.height * scale_factor), MAX_TEXTURE_SIZE);
  GskRoundedRect outline;
  GdkRGBA        border = { 0, 0, 0, 0.22 };

  /* A sheet lifted off the window: a shadow for light mode, a thin edge
   * that also reads on a dark window. */
  gsk_rounded_rect_init_from_rect (&outline, page_rect, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA){ 0, 0, 0, 0.28 }, 0, 1, 1, 6);

  if (self->rendered == NULL || gdk_texture_get_width (self->rendered) != width ||
      gdk_texture_get_height (self->rendered) != height)
    {
      g_clear_object (&self->rendered);
      /* Both ways, should a huge page meet the texture's limit */
      self->rendered =
        render_page (self->page, width, height, MIN (width / self->page_width, height / self->page_height));
    }
  if (self->rendered != NULL)
    gtk_snapshot_append_texture (snapshot, self->rendered, page_rect);
  else
    gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 1, 1, 1, 1 }, page_rect);

  gtk_snapshot_append_border (snapshot, &outline, (float[]){ 1, 1, 1, 1 },
                              (GdkRGBA[]){ border, border, border, border });
}

static void
append_rect_outline (GtkSnapshot           *snapshot,
                     const graphene_rect_t *rect,
                     float                  radius,
                     float                  width,
                     const GdkRGBA         *color)
{
  GskRoundedRect outline;

  gsk_rounded_rect_init_from_rect (&outline, rect, radius);
  gtk_snapshot_append_border (snapshot, &outline, (float[]){ width, width, width, width },
                              (GdkRGBA[]){ *color, *color, *color, *color });
}

static void
snapshot_box (SmartcaPageView *self,
              GtkSnapshot     *snapshot)
{
  GtkWidget      *widget = GTK_WIDGET (self);
  graphene_rect_t box, ring;
  GdkRGBA         accent, fill;
  const double    corners[4][2] = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 1, 1 } };

  if (!self->box_visible || !smartca_page_view_box_rect (self, &box))
    return;
  lookup_color (widget, "accent_bg_color", "#3584e4", &accent);
  fill = accent;
  fill.alpha = 0.12;

  gtk_snapshot_append_color (snapshot, &fill, &box);
  if (self->preview != NULL)
    gtk_snapshot_append_texture (snapshot, self->preview, &box);
  append_rect_outline (snapshot, &box, 0, 2, &accent);

  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      graphene_rect_t handle = GRAPHENE_RECT_INIT (box.origin.x + corners[i][0] * box.size.width - HANDLE_SIZE / 2,
                                                   box.origin.y + corners[i][1] * box.size.height - HANDLE_SIZE / 2,
                                                   HANDLE_SIZE, HANDLE_SIZE);

      gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 1, 1, 1, 1 }, &handle);
      append_rect_outline (snapshot, &handle, 0, 2, &accent);
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA focus = accent;

      /* libadwaita's focus ring (the accent at half strength, outside), in
       * the accent that reads on white: the ring is on the page. */
      focus.alpha = 0.5;
      graphene_rect_inset_r (&box, -(HANDLE_SIZE / 2 + 3), -(HANDLE_SIZE / 2 + 3), &ring);
      append_rect_outline (snapshot, &ring, 6, 2, &focus);
    }
}

void
smartca_page_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SmartcaPageView *self = SMARTCA_PAGE_VIEW (widget);
  double           origin_x, origin_y, scale;
  graphene_rect_t  page_rect;

  if (!smartca_page_view_geometry (self, &origin_x, &origin_y, &scale))
    return;
  graphene_rect_init (&page_rect, origin_x, origin_y, self->page_width * scale, self->page_height * scale);
  snapshot_page (self, snapshot, &page_rect);
  snapshot_box (self, snapshot);

  /* Without a box the focus ring goes round the page. */
  if (!self->box_visible && gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA         focus;
      graphene_rect_t ring;

      lookup_color (widget, "accent_color", "#1c71d8", &focus);
      focus.alpha = 0.5;
      graphene_rect_inset_r (&page_rect, -4, -4, &ring);
      append_rect_outline (snapshot, &ring, 6, 2, &focus);
    }
}
