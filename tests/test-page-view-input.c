/* test-page-view-input.c: the signature box moved, resized and placed with
 * a real keyboard and pointer (XTEST, through xdotool) under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "smartca-test-gui.h"
#include "smartca-test-pdf.h"
#include "test-page-view.h"

/* Arrow keys move by 10 points, with Ctrl by 1; Shift+arrows resize from
 * the top-right corner (right and up grow, left and down shrink). */
static void
test_keyboard (Fixture      *fixture,
               gconstpointer data)
{
  set_box (fixture, 100, 100, 200, 80);
  /* Said to a screen reader, in the user's language */
  if (test_language_is_vi ())
    assert_description (fixture, "Khung chữ ký trên trang 1: 200 × 80 điểm, cách mép trái 100 điểm, cách mép "
                                 "dưới 100 điểm");
  else
    assert_description (fixture, "Signature box on page 1: 200 × 80 points, 100 points from the left, 100 from "
                                 "the bottom");

  press ("Right");
  assert_box (fixture, 110, 100, 200, 80, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  press ("ctrl+Right");
  assert_box (fixture, 111, 100, 200, 80, 1e-9);
  press ("Up Up");
  assert_box (fixture, 111, 120, 200, 80, 1e-9);
  press ("ctrl+Down Left");
  assert_box (fixture, 101, 119, 200, 80, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 6);

  press ("shift+Right");
  assert_box (fixture, 101, 119, 210, 80, 1e-9);
  press ("shift+Up ctrl+shift+Up");
  assert_box (fixture, 101, 119, 210, 91, 1e-9);
  press ("shift+Left shift+Left ctrl+shift+Left");
  assert_box (fixture, 101, 119, 189, 91, 1e-9);
  press ("shift+Down");
  assert_box (fixture, 101, 119, 189, 81, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 13);

  /* Said to a screen reader as it changes */
  assert_box (fixture, 101, 119, 189, 81, 1e-9);
  assert_box_described (fixture, 1);
  /* The focus stays on the view through all of it */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->view)));
}

/* Never out of the page, never under the minimum size */
static void
test_keyboard_edges (Fixture      *fixture,
                     gconstpointer data)
{
  double width, height;

  smartca_page_view_get_page_size (fixture->view, &width, &height);
  set_box (fixture, width - 205, 3, 200, 80);

  press ("Right Down");
  assert_box (fixture, width - 200, 0, 200, 80, 1e-9);
  press ("Right Right Down");
  assert_box (fixture, width - 200, 0, 200, 80, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  /* Growing stops at the page's edge; the focus stays. */
  press ("shift+Right");
  assert_box (fixture, width - 200, 0, 200, 80, 1e-9);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->view)));

  for (guint i = 0; i < 4; i++)
    press ("shift+Left shift+Left shift+Left shift+Left shift+Left");
  assert_box (fixture, width - 200, 0, SMARTCA_PDF_MIN_RECT_SIZE, 80, 1e-9);
  press ("shift+Down shift+Down shift+Down shift+Down shift+Down shift+Down");
  assert_box (fixture, width - 200, 0, SMARTCA_PDF_MIN_RECT_SIZE, SMARTCA_PDF_MIN_RECT_SIZE, 1e-9);

  /* To the top: 10 points at a time, then stopped */
  set_box (fixture, 0, height - 95, 100, 90);
  press ("Up Up Left");
  assert_box (fixture, 0, height - 90, 100, 90, 1e-9);
  press ("shift+Up");
  assert_box (fixture, 0, height - 90, 100, 90, 1e-9);
}

/* set_box() takes the box into the page */
static void
test_set_box_clamps (Fixture      *fixture,
                     gconstpointer data)
{
  double width, height;

  smartca_page_view_get_page_size (fixture->view, &width, &height);
  set_box (fixture, 100, 100, 200, 80);

  smartca_page_view_set_box (fixture->view, &(SmartcaPdfRect){ width - 50, -30, 200, 80 });
  assert_box (fixture, width - 200, 0, 200, 80, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  smartca_page_view_set_box (fixture->view, &(SmartcaPdfRect){ 10, 20, 5, 1 });
  assert_box (fixture, 10, 20, SMARTCA_PDF_MIN_RECT_SIZE, SMARTCA_PDF_MIN_RECT_SIZE, 1e-9);
  smartca_page_view_set_box (fixture->view, &(SmartcaPdfRect){ -10, 5, 5000, 5000 });
  assert_box (fixture, 0, 0, width, height, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 3);
  /* The same box again changes nothing */
  smartca_page_view_set_box (fixture->view, &(SmartcaPdfRect){ 0, 0, width, height });
  g_assert_cmpuint (fixture->n_changed, ==, 3);
}

/* A click away from the box brings it there, centred on the click */
static void
test_click_places (Fixture      *fixture,
                   gconstpointer data)
{
  double           scale = smartca_page_view_get_scale (fixture->view);
  graphene_point_t point = to_widget (fixture, 300, 400);
  double           epsilon = 1 / scale + 0.01;

  set_box (fixture, 20, 20, 160, 60);
  pointer_stroke (GTK_WIDGET (fixture->view), &point, 1);
  assert_box (fixture, 300 - 80, 400 - 30, 160, 60, epsilon);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  /* In whole points, wherever the pixel put it */
  assert_box_described (fixture, 1);

  /* A click on the box leaves it where it is */
  pointer_stroke (GTK_WIDGET (fixture->view), &point, 1);
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  /* Near the page's corner: centred as far as the page lets it */
  point = to_widget (fixture, 5, 5);
  pointer_stroke (GTK_WIDGET (fixture->view), &point, 1);
  assert_box (fixture, 0, 0, 160, 60, 1e-9);
}

/* Drags: from outside the box a new one, inside it a move, on a corner a
 * resize with the opposite corner staying */
static void
test_drags (Fixture      *fixture,
            gconstpointer data)
{
  double           scale = smartca_page_view_get_scale (fixture->view);
  double           epsilon = 1 / scale + 0.01;
  graphene_point_t from, to;

  set_box (fixture, 20, 20, 160, 60);

  /* Drawn from its top-left corner to its bottom-right one */
  from = to_widget (fixture, 250, 500);
  to = to_widget (fixture, 400, 420);
  stroke (fixture, from.x, from.y, to.x, to.y);
  assert_box (fixture, 250, 420, 150, 80, epsilon);
  g_assert_cmpuint (fixture->n_changed, >, 0);

  /* Moved by the pointer's way */
  from = to_widget (fixture, 300, 450);
  stroke (fixture, from.x, from.y, from.x - 60, from.y + 40);
  assert_box (fixture, 250 - 60 / scale, 420 - 40 / scale, 150, 80, epsilon);

  /* Its top-right corner dragged up and right */
  set_box (fixture, 250, 420, 150, 80);
  from = to_widget (fixture, 400, 500);
  stroke (fixture, from.x, from.y, from.x + 30, from.y - 20);
  assert_box (fixture, 250, 420, 150 + 30 / scale, 80 + 20 / scale, epsilon);

  /* Its bottom-left corner dragged past the top-right one: the box turns
   * over, the top-right corner stays */
  set_box (fixture, 250, 420, 150, 80);
  from = to_widget (fixture, 250, 420);
  to = to_widget (fixture, 450, 550);
  stroke (fixture, from.x, from.y, to.x, to.y);
  assert_box (fixture, 400, 500, 50, 50, epsilon);

  /* A tiny box is drawn at the minimum size */
  from = to_widget (fixture, 100, 700);
  stroke (fixture, from.x, from.y, from.x + 12, from.y + 12);
  assert_box (fixture, 100, 700 - SMARTCA_PDF_MIN_RECT_SIZE, SMARTCA_PDF_MIN_RECT_SIZE, SMARTCA_PDF_MIN_RECT_SIZE,
              epsilon);

  /* Escape during a drag puts the box back */
  set_box (fixture, 250, 420, 150, 80);
  {
    g_autofree char *start = window_point (fixture, to_widget (fixture, 300, 450));
    g_autofree char *half = window_point (fixture, to_widget (fixture, 330, 430));
    g_autofree char *end = window_point (fixture, to_widget (fixture, 360, 410));
    g_autofree char *args = g_strdup_printf ("mousemove %s mousedown 1 sleep 0.05 mousemove %s sleep 0.05 "
                                             "mousemove %s sleep 0.05",
                                             start, half, end);

    xdotool (args);
    assert_box (fixture, 310, 380, 150, 80, epsilon);
    xdotool ("key Escape mouseup 1");
    assert_box (fixture, 250, 420, 150, 80, 1e-9);
  }

  /* Dragged beyond the page: it stops at the edge */
  set_box (fixture, 250, 420, 150, 80);
  from = to_widget (fixture, 300, 450);
  stroke (fixture, from.x, from.y, 2, from.y);
  assert_box (fixture, 0, 420, 150, 80, epsilon);
}

/* An invisible signature has no box: keys and clicks leave it alone */
static void
test_invisible (Fixture      *fixture,
                gconstpointer data)
{
  graphene_point_t point = to_widget (fixture, 300, 400);
  g_autofree char *invisible = NULL;

  set_box (fixture, 100, 100, 200, 80);
  smartca_page_view_set_box_visible (fixture->view, FALSE);
  g_assert_false (smartca_page_view_get_box_visible (fixture->view));
  invisible = g_strdup_printf (_("Page %u. The signature is invisible: it has no box on the page."), 1);
  assert_description (fixture, invisible);

  gtk_widget_grab_focus (GTK_WIDGET (fixture->view));
  press ("Right Up shift+Right");
  pointer_stroke (GTK_WIDGET (fixture->view), &point, 1);
  stroke (fixture, point.x, point.y, point.x + 60, point.y + 60);
  assert_box (fixture, 100, 100, 200, 80, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  g_object_set (fixture->view, "box-visible", TRUE, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->view));
  press ("Right");
  assert_box (fixture, 110, 100, 200, 80, 1e-9);
  assert_box_described (fixture, 1);
}

/* Another page keeps the box, taken into it; the cursor says what a drag
 * would do */
static void
test_page_change (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char  *path = NULL;
  g_autofree char  *uri = NULL;
  PopplerDocument  *document;
  g_autoptr(GError) error = NULL;
  PopplerPage      *page;
  GdkCursor        *cursor;
  graphene_point_t  point;

  path = make_marked_pdf (fixture->dir, 90, FALSE);
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);

  set_box (fixture, 400, 700, 150, 60);
  page = poppler_document_get_page (document, 0);
  smartca_page_view_set_page (fixture->view, page, 1);
  g_object_unref (page);
  assert_box (fixture, 400, 595 - 60, 150, 60, 1e-9);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  assert_box_described (fixture, 2);
  g_assert_true (wait_for (view_is_shown, fixture));

  point = to_widget (fixture, 475, 565);
  xdotool_move (fixture, point);
  cursor = gtk_widget_get_cursor (GTK_WIDGET (fixture->view));
  g_assert_cmpstr (cursor != NULL ? gdk_cursor_get_name (cursor) : NULL, ==, "move");
  point = to_widget (fixture, 550, 595);
  xdotool_move (fixture, point);
  cursor = gtk_widget_get_cursor (GTK_WIDGET (fixture->view));
  g_assert_cmpstr (cursor != NULL ? gdk_cursor_get_name (cursor) : NULL, ==, "nesw-resize");

  /* No page: nothing to show or place */
  smartca_page_view_set_page (fixture->view, NULL, 0);
  g_assert_cmpfloat (smartca_page_view_get_scale (fixture->view), ==, 0);
  assert_description (fixture, _("No page is shown."));
  g_object_unref (document);
  g_unlink (path);
}

void
add_input_tests (void)
{
#define ADD(name, rotation, func) \
  g_test_add (name, Fixture, GINT_TO_POINTER (rotation), fixture_set_up, func, fixture_tear_down)
  ADD ("/page-view/keyboard", 0, test_keyboard);
  ADD ("/page-view/keyboard-edges", 0, test_keyboard_edges);
  ADD ("/page-view/keyboard-edges-rotated", 90, test_keyboard_edges);
  ADD ("/page-view/set-box-clamps", 0, test_set_box_clamps);
  ADD ("/page-view/click", 0, test_click_places);
  ADD ("/page-view/drags", 0, test_drags);
  ADD ("/page-view/invisible", 0, test_invisible);
  ADD ("/page-view/page-change", 0, test_page_change);
#undef ADD
}
