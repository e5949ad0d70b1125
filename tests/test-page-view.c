/* test-page-view.c: the page and the signature box, looked at and driven
 * with a real keyboard and pointer (XTEST, through xdotool) under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file: the fixture, what the tests share, and how the view looks;
 * test-page-view-input.c: the keyboard and the pointer.
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

/* The test page, 595 × 842 before its /Rotate: a small square near the top
 * left corner and a bar low on the right, so that a page shown turned the
 * wrong way or mirrored has its ink somewhere else. */
#define MARK_CONTENT "0 0 0 rg 40 742 60 60 re f 300 100 200 100 re f"

static SmartcaApplication *app;

/* A one-page PDF written by hand as @dir/@name, with @media_box, a
 * /Rotate, maybe a CropBox smaller than the MediaBox, and MARK_CONTENT */
static char *
make_box_pdf (const char *dir,
              const char *name,
              const char *media_box,
              int         rotation,
              gboolean    cropped)
{
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
  g_autofree char   *content = g_strdup (MARK_CONTENT);
  g_autofree char   *path = g_build_filename (dir, name, NULL);
  gsize              offsets[5];
  gsize              xref;
  g_autoptr(GError)  error = NULL;

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
  offsets[3] = pdf->len;
  g_string_append_printf (pdf,
                          "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox %s %s /Rotate %d "
                          "/Contents 4 0 R /Resources << >> >> endobj\n",
                          media_box, cropped ? "/CropBox [20 30 575 812]" : "", rotation);
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n", strlen (content) + 1,
                          content);
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 1; i < 5; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer << /Size 5 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);

  g_assert_true (g_file_set_contents (path, pdf->str, pdf->len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

char *
make_marked_pdf (const char *dir,
                 int         rotation,
                 gboolean    cropped)
{
  return make_box_pdf (dir, "marked.pdf", "[0 0 595 842]", rotation, cropped);
}

static void
box_changed_cb (SmartcaPageView *view,
                Fixture         *fixture)
{
  fixture->n_changed++;
}

gboolean
view_is_shown (gpointer data)
{
  Fixture *fixture = data;

  return gtk_window_is_active (GTK_WINDOW (fixture->window)) && gtk_widget_get_mapped (GTK_WIDGET (fixture->view)) &&
         smartca_page_view_get_scale (fixture->view) > 0.5;
}

void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  PopplerPage      *page;
  g_autofree char  *uri = NULL;

  fixture->rotation = GPOINTER_TO_INT (data) % CROPPED;
  fixture->cropped = GPOINTER_TO_INT (data) >= CROPPED;
  fixture->dir = g_dir_make_tmp ("smartca-page-view-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = make_marked_pdf (fixture->dir, fixture->rotation, fixture->cropped);
  uri = g_filename_to_uri (fixture->path, NULL, &error);
  g_assert_no_error (error);
  fixture->document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (fixture->document, 0);

  fixture->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Page view");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 620, 700);
  fixture->view = SMARTCA_PAGE_VIEW (smartca_page_view_new ());
  g_signal_connect (fixture->view, "box-changed", G_CALLBACK (box_changed_cb), fixture);
  smartca_page_view_set_page (fixture->view, page, 0);
  g_object_unref (page); /* poppler-glib 22.12 has no g_autoptr for it */
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  give_focus (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (view_is_shown, fixture));
  gtk_widget_grab_focus (GTK_WIDGET (fixture->view));
  run_main_loop_for (100);
  fixture->n_changed = 0;
}

void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (50);
  g_clear_object (&fixture->document);
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Geometry, as the view documents it: the page zoomed to fit, centred */

void
page_origin (Fixture *fixture,
             double  *x,
             double  *y)
{
  double scale = smartca_page_view_get_scale (fixture->view);
  double width, height;

  smartca_page_view_get_page_size (fixture->view, &width, &height);
  *x = (gtk_widget_get_width (GTK_WIDGET (fixture->view)) - width * scale) / 2;
  *y = (gtk_widget_get_height (GTK_WIDGET (fixture->view)) - height * scale) / 2;
}

/* A page point (points, y up) in the view's pixels */
graphene_point_t
to_widget (Fixture *fixture,
           double   x,
           double   y)
{
  double scale = smartca_page_view_get_scale (fixture->view);
  double origin_x, origin_y, width, height;

  page_origin (fixture, &origin_x, &origin_y);
  smartca_page_view_get_page_size (fixture->view, &width, &height);
  return GRAPHENE_POINT_INIT (origin_x + x * scale, origin_y + (height - y) * scale);
}

void
shot_free (Shot *shot)
{
  g_free (shot->pixels);
  g_free (shot);
}

Shot *
shoot (Fixture *fixture)
{
  GtkWidget               *widget = GTK_WIDGET (fixture->view);
  Shot                    *shot = g_new0 (Shot, 1);
  g_autoptr(GdkPaintable)  paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot             *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture)    texture = NULL;
  GskRenderer             *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  run_main_loop_for (100);
  shot->width = gtk_widget_get_width (widget);
  shot->height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, shot->width, shot->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, shot->width, shot->height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, shot->width);
  shot->pixels = g_malloc ((gsize) shot->width * shot->height * 4);
  gdk_texture_download (texture, shot->pixels, shot->width * 4);
  return shot;
}

const guint8 *
shot_pixel (const Shot *shot,
            double      x,
            double      y)
{
  int col = CLAMP ((int) x, 0, shot->width - 1);
  int row = CLAMP ((int) y, 0, shot->height - 1);

  return shot->pixels + ((gsize) row * shot->width + col) * 4;
}

gboolean
is_ink (const guint8 *p)
{
  return p[3] > 200 && p[0] < 90 && p[1] < 90 && p[2] < 90;
}

gboolean
is_white (const guint8 *p)
{
  return p[3] == 255 && p[0] > 245 && p[1] > 245 && p[2] > 245;
}

/* The accent's blue: blue well above red */
gboolean
is_accent (const guint8 *p)
{
  return p[3] > 200 && p[0] > p[2] + 80;
}

void
assert_description (Fixture    *fixture,
                    const char *expected)
{
  g_autofree char *mismatch = NULL;

  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                 expected);
  if (mismatch != NULL)
    g_error ("accessible description: %s", mismatch);
}

/* The description of the box where it is now, in the test's language */
void
assert_box_described (Fixture *fixture,
                      guint    page)
{
  SmartcaPdfRect   box;
  g_autofree char *expected = NULL;

  smartca_page_view_get_box (fixture->view, &box);
  expected = g_strdup_printf (_("Signature box on page %u: %.0f × %.0f points, %.0f points from the left, "
                                "%.0f from the bottom"),
                              page, box.width, box.height, box.x, box.y);
  assert_description (fixture, expected);
}

void
assert_box (Fixture *fixture,
            double   x,
            double   y,
            double   width,
            double   height,
            double   epsilon)
{
  SmartcaPdfRect box;

  smartca_page_view_get_box (fixture->view, &box);
  g_test_message ("box %.2f %.2f %.2f × %.2f", box.x, box.y, box.width, box.height);
  g_assert_cmpfloat_with_epsilon (box.x, x, epsilon);
  g_assert_cmpfloat_with_epsilon (box.y, y, epsilon);
  g_assert_cmpfloat_with_epsilon (box.width, width, epsilon);
  g_assert_cmpfloat_with_epsilon (box.height, height, epsilon);
}

void
set_box (Fixture *fixture,
         double   x,
         double   y,
         double   width,
         double   height)
{
  smartca_page_view_set_box (fixture->view, &(SmartcaPdfRect){ x, y, width, height });
  run_main_loop_for (50);
  fixture->n_changed = 0;
}

/* "--window XID X Y" for xdotool's mousemove: @point of the view */
char *
window_point (Fixture         *fixture,
              graphene_point_t point)
{
  GtkNative       *native = gtk_widget_get_native (GTK_WIDGET (fixture->view));
  graphene_point_t in_window;
  double           surface_x, surface_y;

  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (fixture->view), GTK_WIDGET (native), &point, &in_window));
  return g_strdup_printf ("--window %lu %d %d", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                          (int) round (in_window.x + surface_x), (int) round (in_window.y + surface_y));
}

/* The pointer moved over the view, no button down */
void
xdotool_move (Fixture         *fixture,
              graphene_point_t point)
{
  g_autofree char *where = window_point (fixture, point);
  g_autofree char *args = g_strdup_printf ("mousemove %s", where);

  xdotool (args);
}

void
stroke (Fixture *fixture,
        double   x0,
        double   y0,
        double   x1,
        double   y1)
{
  graphene_point_t points[8];

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double t = i / (double) (G_N_ELEMENTS (points) - 1);

      points[i] = GRAPHENE_POINT_INIT (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
    }
  pointer_stroke (GTK_WIDGET (fixture->view), points, G_N_ELEMENTS (points));
}

/* The page is drawn where it is: every dark pixel the view shows, taken
 * to page points, lies where pdftoppm (which turns the page by its
 * /Rotate itself) finds the page's ink, and all of that ink is there. */
static void
test_page_drawn (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(Shot)  shot = NULL;
  double           scale = smartca_page_view_get_scale (fixture->view);
  double           origin_x, origin_y, width, height;
  double           left = G_MAXDOUBLE, right = -1, top = G_MAXDOUBLE, bottom = -1;
  guint            n_ink = 0, inside = 0, outside = 0, mark_inside = 0, mark_outside = 0;
  graphene_point_t corner;

  smartca_page_view_get_page_size (fixture->view, &width, &height);
  if (fixture->cropped)
    {
      g_assert_cmpfloat (width, ==, 595 - 2 * CROP_X);
      g_assert_cmpfloat (height, ==, 842 - 2 * CROP_Y);
    }
  else
    {
      g_assert_cmpfloat (width, ==, fixture->rotation % 180 == 0 ? 595 : 842);
      g_assert_cmpfloat (height, ==, fixture->rotation % 180 == 0 ? 842 : 595);
    }

  /* Only the page's own ink */
  smartca_page_view_set_box_visible (fixture->view, FALSE);
  shot = shoot (fixture);
  page_origin (fixture, &origin_x, &origin_y);

  for (int row = 0; row < shot->height; row++)
    for (int col = 0; col < shot->width; col++)
      if (is_ink (shot_pixel (shot, col, row)))
        {
          n_ink++;
          left = MIN (left, col);
          right = MAX (right, col + 1);
          top = MIN (top, row);
          bottom = MAX (bottom, row + 1);
        }
  g_assert_cmpuint (n_ink, >, 1000);

  /* The page is white, its corners where the view says, nothing on the
   * window beside it. */
  corner = to_widget (fixture, 0, 0);
  g_assert_true (is_white (shot_pixel (shot, corner.x + 3, corner.y - 3)));
  corner = to_widget (fixture, width, height);
  g_assert_true (is_white (shot_pixel (shot, corner.x - 3, corner.y + 3)));
  g_assert_false (is_white (shot_pixel (shot, corner.x + 8, corner.y + 3)));
  g_assert_cmpfloat (fabs (origin_x - (shot->width - width * scale) / 2), <=, 1);

  /* Both marks' ink, in page points, with a point of blur around it */
  {
    double x0 = (left - origin_x) / scale - 2, x1 = (right - origin_x) / scale + 2;
    double y1 = height - (top - origin_y) / scale + 2, y0 = height - (bottom - origin_y) / scale - 2;

    g_test_message ("ink on screen: %.1f,%.1f – %.1f,%.1f points", x0, y0, x1, y1);
    g_assert_true (smartca_test_pdf_ink (fixture->path, 1, x0, y0, x1 - x0, y1 - y0, &inside, &outside));
    g_assert_cmpuint (inside, >, 60 * 60 + 200 * 100 - 500);
    g_assert_cmpuint (outside, ==, 0);
  }

  /* The small mark alone: where the top-left of the page went */
  {
    /* Turned a quarter clockwise, the page's left edge is the top one. */
    double           mark_x = fixture->rotation == 90 ? 742 : fixture->cropped ? 40 - CROP_X
                                                                               : 40;
    double           mark_y = fixture->rotation == 90 ? 495 : fixture->cropped ? 742 - CROP_Y
                                                                               : 742;
    graphene_point_t centre = to_widget (fixture, mark_x + 30, mark_y + 30);

    g_assert_true (smartca_test_pdf_ink (fixture->path, 1, mark_x, mark_y, 60, 60, &mark_inside, &mark_outside));
    g_assert_cmpuint (mark_inside, >=, 60 * 60 - 10);
    g_assert_true (is_ink (shot_pixel (shot, centre.x, centre.y)));
  }
}

/* The box is drawn where it is, with the preview inside it */
static void
test_box_drawn (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(Shot)       shot = NULL;
  g_autoptr(GdkTexture) preview = NULL;
  g_autoptr(GBytes)     red = NULL;
  guint8                pixels[4 * 4 * 4];
  graphene_point_t      top_left, bottom_right, middle;

  set_box (fixture, 200, 300, 160, 60);
  top_left = to_widget (fixture, 200, 360);
  bottom_right = to_widget (fixture, 360, 300);
  middle = GRAPHENE_POINT_INIT ((top_left.x + bottom_right.x) / 2, (top_left.y + bottom_right.y) / 2);

  shot = shoot (fixture);
  g_assert_true (is_accent (shot_pixel (shot, top_left.x, middle.y)));
  g_assert_true (is_accent (shot_pixel (shot, bottom_right.x - 0.5, middle.y)));
  g_assert_true (is_accent (shot_pixel (shot, middle.x, top_left.y)));
  g_assert_false (is_accent (shot_pixel (shot, top_left.x - 12, middle.y)));
  g_assert_false (is_white (shot_pixel (shot, middle.x, middle.y)));
  g_clear_pointer (&shot, shot_free);

  /* BGRA: opaque red */
  for (guint i = 0; i < sizeof pixels; i += 4)
    memcpy (pixels + i, (guint8[]){ 0, 0, 255, 255 }, 4);
  red = g_bytes_new (pixels, sizeof pixels);
  preview = gdk_memory_texture_new (4, 4, GDK_MEMORY_B8G8R8A8, red, 16);
  smartca_page_view_set_preview (fixture->view, preview);
  shot = shoot (fixture);
  g_assert_cmpuint (shot_pixel (shot, middle.x, middle.y)[2], >, 240);
  g_assert_cmpuint (shot_pixel (shot, middle.x, middle.y)[1], <, 30);
  g_assert_cmpuint (shot_pixel (shot, top_left.x + 10, top_left.y + 10)[2], >, 240);
  g_assert_cmpuint (shot_pixel (shot, top_left.x - 10, middle.y)[1], >, 200);
  g_clear_pointer (&shot, shot_free);

  /* Invisible: nothing of it */
  smartca_page_view_set_box_visible (fixture->view, FALSE);
  shot = shoot (fixture);
  g_assert_true (is_white (shot_pixel (shot, top_left.x, middle.y)));
  g_assert_true (is_white (shot_pixel (shot, middle.x, middle.y)));
}

/* A /Rotate 90 page is shown upright: the view's size is the engine's,
 * and a box put on what the user sees covers that in the engine's
 * coordinates (which pdftoppm, turning the page itself, agrees with). */
static void
test_rotated_box (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaPdfDocument) document = NULL;
  g_autoptr(GError)             error = NULL;
  double                        width, height, engine_width, engine_height;
  int                           rotation = -1;
  g_autoptr(Shot)               shot = NULL;
  double                        left = G_MAXDOUBLE, right = -1, top = G_MAXDOUBLE, bottom = -1;
  graphene_point_t              from, to;
  SmartcaPdfRect                box;
  guint                         inside = 0, outside = 0;

  document = smartca_pdf_document_open (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_pdf_document_get_page_size (document, 0, &engine_width, &engine_height, &rotation, &error));
  smartca_page_view_get_page_size (fixture->view, &width, &height);
  g_assert_cmpint (rotation, ==, 90);
  g_assert_cmpfloat (width, ==, engine_width);
  g_assert_cmpfloat (height, ==, engine_height);

  /* The small mark, as seen on screen: the ink in the top-right quarter */
  smartca_page_view_set_box_visible (fixture->view, FALSE);
  shot = shoot (fixture);
  for (int row = 0; row < shot->height / 2; row++)
    for (int col = shot->width / 2; col < shot->width; col++)
      if (is_ink (shot_pixel (shot, col, row)))
        {
          left = MIN (left, col);
          right = MAX (right, col + 1);
          top = MIN (top, row);
          bottom = MAX (bottom, row + 1);
        }
  g_assert_cmpfloat (right, >, 0);
  smartca_page_view_set_box_visible (fixture->view, TRUE);

  /* A box drawn round it with the pointer, a few pixels off every side */
  set_box (fixture, 0, 0, 100, 50);
  from = GRAPHENE_POINT_INIT (left - 4, top - 4);
  to = GRAPHENE_POINT_INIT (right + 4, bottom + 4);
  stroke (fixture, from.x, from.y, to.x, to.y);
  smartca_page_view_get_box (fixture->view, &box);
  g_test_message ("box round the mark: %.1f,%.1f %.1f × %.1f", box.x, box.y, box.width, box.height);
  g_assert_true (smartca_pdf_document_check_rect (document, 0, &box, &error));
  g_assert_no_error (error);

  /* That is where the mark is in the displayed page: all of it inside,
   * only the big bar's ink outside */
  g_assert_true (smartca_test_pdf_ink (fixture->path, 1, box.x, box.y, box.width, box.height, &inside, &outside));
  g_assert_cmpuint (inside, >=, 60 * 60 - 10);
  g_assert_cmpuint (outside, <=, 200 * 100 + 10);
  g_assert_cmpfloat (box.width, <, 60 + 20);
  g_assert_cmpfloat (box.height, <, 60 + 20);
}

/* Pages of no width or height, of a point, of a strip, enormous, infinite
 * or NaN wide (as poppler gives their size): laid out, drawn and moved
 * about without a warning, the size finite, the box a finite rectangle at
 * the minimum size or more */
static void
test_degenerate_pages (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *huge = g_strnfill (400, '9');
  g_autofree char *infinite = g_strdup_printf ("[0 0 %s 100]", huge);
  g_autofree char *not_a_number = g_strdup_printf ("[%s 0 %s 100]", huge, huge);
  const char      *boxes[] = { "[0 0 0 600]", "[0 0 600 0]", "[0 0 0 0.001]", "[0 0 1 1]",
                               "[0 0 10 800]", "[0 0 1e38 100]", "[0 0 100 1e38]", infinite,
                               not_a_number };

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    {
      g_autofree char  *name = g_strdup_printf ("page-%u.pdf", i);
      g_autofree char  *path = make_box_pdf (fixture->dir, name, boxes[i], 0, FALSE);
      g_autofree char  *uri = g_filename_to_uri (path, NULL, NULL);
      g_autoptr(GError) error = NULL;
      PopplerDocument  *document = poppler_document_new_from_file (uri, NULL, &error);
      PopplerPage      *page;
      SmartcaPdfRect    box;
      double            width, height;

      g_assert_no_error (error);
      page = poppler_document_get_page (document, 0);
      smartca_page_view_set_page (fixture->view, page, 0);
      g_object_unref (page);
      g_object_unref (document);
      smartca_page_view_get_page_size (fixture->view, &width, &height);
      g_test_message ("page %u: %g × %g points", i, width, height);
      g_assert_true (isfinite (width) && isfinite (height));
      set_box (fixture, 10, 10, 200, 80);
      press ("Right");
      press ("shift+Up");
      /* Drawn in the window (a page of no size draws nothing) */
      gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
      run_main_loop_for (100);
      smartca_page_view_get_box (fixture->view, &box);
      g_assert_true (isfinite (box.x) && isfinite (box.y));
      g_assert_true (isfinite (box.width) && isfinite (box.height));
      g_assert_cmpfloat (box.x, >=, 0);
      g_assert_cmpfloat (box.y, >=, 0);
      g_assert_cmpfloat (box.width, >=, SMARTCA_PDF_MIN_RECT_SIZE);
      g_assert_cmpfloat (box.height, >=, SMARTCA_PDF_MIN_RECT_SIZE);
    }
}

/* How it looks, for a person, light and dark (SMARTCA_TEST_SCREENSHOTS) */
static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("SMARTCA_TEST_SCREENSHOTS") == NULL)
    {
      g_test_skip ("SMARTCA_TEST_SCREENSHOTS is not set");
      return;
    }
  cairo_surface_t      *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 160);
  cairo_t              *cr = cairo_create (surface);
  g_autoptr(GBytes)     bytes = NULL;
  g_autoptr(GdkTexture) preview = NULL;

  /* A stand-in for the signing window's preview: text on transparency */
  cairo_set_source_rgb (cr, 0.8, 0, 0);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 28);
  cairo_move_to (cr, 16, 60);
  cairo_show_text (cr, "Signature valid");
  cairo_set_font_size (cr, 22);
  cairo_move_to (cr, 16, 110);
  cairo_show_text (cr, "Signed by: NGUYEN VAN A");
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), 400 * 160 * 4);
  preview = gdk_memory_texture_new (400, 160, GDK_MEMORY_DEFAULT, bytes, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  smartca_page_view_set_preview (fixture->view, preview);

  set_box (fixture, 300, 80, 200, 80);
  press ("Left");
  /* As after Tab brought the focus here (GTK shows it for keys that move it) */
  gtk_window_set_focus_visible (GTK_WINDOW (fixture->window), TRUE);
  take_screenshot ("page-view");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_focus_visible (GTK_WINDOW (fixture->window), TRUE);
  take_screenshot ("page-view");
  /* An invisible signature: the focus ring goes round the page */
  smartca_page_view_set_box_visible (fixture->view, FALSE);
  take_screenshot ("page-view-invisible");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The accessible properties kept where a test can read them */
  g_setenv ("GTK_A11Y", "test", TRUE);
  app = test_gui_init (&argc, &argv);

#define ADD(name, rotation, func) \
  g_test_add (name, Fixture, GINT_TO_POINTER (rotation), fixture_set_up, func, fixture_tear_down)
  ADD ("/page-view/drawn", 0, test_page_drawn);
  ADD ("/page-view/drawn-rotated", 90, test_page_drawn);
  ADD ("/page-view/drawn-cropped", CROPPED, test_page_drawn);
  ADD ("/page-view/box-drawn", 0, test_box_drawn);
  ADD ("/page-view/rotated-box", 90, test_rotated_box);
  ADD ("/page-view/degenerate-pages", 0, test_degenerate_pages);
#undef ADD
  add_input_tests ();
  g_test_add ("/page-view/screenshots", Fixture, GINT_TO_POINTER (90), fixture_set_up, test_screenshots,
              fixture_tear_down);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
