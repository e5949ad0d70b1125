/* smartca-page-view.h: one PDF page, fitted to the widget, with the box
 * where the signature goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is rendered with poppler-glib, zoomed to fit the allocation and
 * centred. The box is in points, in the page as displayed (after /Rotate),
 * origin bottom-left, y up: the coordinates of SmartcaPdfRect, which the
 * signing engine takes as they are. The box never leaves the page and is
 * never smaller than SMARTCA_PDF_MIN_RECT_SIZE.
 *
 * Mouse: a click on the page away from the box moves the box there
 * (centred on the click, same size); a drag from outside the box draws a
 * new box; a drag inside the box moves it; a drag on its corner handles
 * resizes it. Keyboard (the view is focusable): arrow keys move the box
 * (10 pt; with Ctrl 1 pt), Shift+arrow keys resize it (right/up grow,
 * left/down shrink; with Ctrl 1 pt). Every change emits "box-changed" and
 * updates the accessible description ("Signature box on page 2: 200 × 80
 * points, 40 points from the left, 30 from the bottom").
 */

#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

#include "smartca-pdf.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_PAGE_VIEW (smartca_page_view_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaPageView, smartca_page_view, SMARTCA, PAGE_VIEW, GtkWidget)

GtkWidget *smartca_page_view_new (void);

/* The page to show (a new page keeps the box, clamped into it); NULL shows
 * nothing. @page_number counts from 0 and is only used in the accessible
 * description. */
void smartca_page_view_set_page (SmartcaPageView *self,
                                 PopplerPage     *page,
                                 guint            page_number);
/* The displayed size of the page in points (0 × 0 without a page) */
void smartca_page_view_get_page_size (SmartcaPageView *self,
                                      double          *width,
                                      double          *height);

void smartca_page_view_get_box (SmartcaPageView *self,
                                SmartcaPdfRect  *rect);
/* Clamped into the page; emits "box-changed" when it changes. */
void smartca_page_view_set_box (SmartcaPageView      *self,
                                const SmartcaPdfRect *rect);

/* FALSE for an invisible signature: no box is drawn and the box does not
 * react to the mouse or the keyboard. Property "box-visible". */
void     smartca_page_view_set_box_visible (SmartcaPageView *self,
                                            gboolean         visible);
gboolean smartca_page_view_get_box_visible (SmartcaPageView *self);

/* What the signature will look like, drawn scaled into the box; NULL: an
 * empty outlined box. */
void smartca_page_view_set_preview (SmartcaPageView *self,
                                    GdkTexture      *preview);

/* The on-screen scale, pixels per point (for tests) */
double smartca_page_view_get_scale (SmartcaPageView *self);

G_END_DECLS
