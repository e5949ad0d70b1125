/* smartca-page-view-private.h: the page view's state, shared by its input
 * handling and its drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-page-view.h"

G_BEGIN_DECLS

/* Widget pixels */
#define PAGE_MARGIN 18.0
#define HANDLE_SIZE 9.0
#define HANDLE_HIT 10.0
#define MAX_TEXTURE_SIZE 8192

typedef enum
{
  HIT_NONE,
  HIT_PAGE,
  HIT_BOX,
  HIT_BOTTOM_LEFT,
  HIT_BOTTOM_RIGHT,
  HIT_TOP_LEFT,
  HIT_TOP_RIGHT,
} Hit;

struct _SmartcaPageView
{
  GtkWidget parent_instance;

  PopplerPage   *page;
  guint          page_number;
  double         page_width; /* points, as displayed */
  double         page_height;
  SmartcaPdfRect box;
  gboolean       box_visible;
  GdkTexture    *preview;
  GdkTexture    *rendered; /* the page at the last size drawn */

  /* The drag under way */
  Hit            drag_hit;
  gboolean       dragging; /* past the threshold */
  double         drag_x;   /* where it started, points */
  double         drag_y;
  SmartcaPdfRect drag_box; /* the box when it started */
  GtkGesture    *drag;
};

/* Where the page is drawn: its top-left corner in widget pixels and the
 * pixels per point; FALSE when there is nothing to draw. */
gboolean smartca_page_view_geometry (SmartcaPageView *self,
                                     double          *origin_x,
                                     double          *origin_y,
                                     double          *scale);
/* The box in widget pixels */
gboolean smartca_page_view_box_rect (SmartcaPageView *self,
                                     graphene_rect_t *rect);
void     smartca_page_view_snapshot (GtkWidget   *widget,
                                     GtkSnapshot *snapshot);

G_END_DECLS
