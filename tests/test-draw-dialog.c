/* test-draw-dialog.c: "Draw a Signature" drawn on with a real pointer
 * (XTEST, through xdotool) under Xvfb, and the PNG it hands over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "smartca-draw-dialog.h"
#include "smartca-drawing-pad-private.h"
#include "smartca-image-import.h"
#include "smartca-store.h"
#include "smartca-test-gui.h"

#define SCALE SMARTCA_DRAWING_PAD_EXPORT_SCALE
#define MARGIN SMARTCA_DRAWING_PAD_EXPORT_MARGIN

static SmartcaApplication *app;

/* Strokes across the pad: a quarter of an ellipse from (x0, y0) to (x1, y1),
 * as fractions of the pad's width and height, setting off along y and
 * arriving along x. Both run one way only, so the ends are the extremes. */
typedef struct
{
  double x0, y0, x1, y1;
} Arc;

#define ARC_STEPS 16

static const Arc left_stroke = { 0.08, 0.20, 0.32, 0.80 };
static const Arc right_stroke = { 0.70, 0.20, 0.92, 0.80 };
static const Arc right_stroke_again = { 0.58, 0.65, 0.90, 0.35 };

typedef struct
{
  GtkWidget         *parent;
  SmartcaDrawDialog *dialog;
  GtkWidget         *pad;
  int                pad_width; /* as it was drawn on */
  int                pad_height;
  GBytes            *png;
  char              *label;
  guint              n_ready;
  GArray            *ink; /* the pad points of the strokes that are kept, graphene_point_t */
} Fixture;

static void
image_ready_cb (SmartcaDrawDialog *dialog,
                GBytes            *png,
                const char        *label,
                Fixture           *fixture)
{
  g_clear_pointer (&fixture->png, g_bytes_unref);
  g_clear_pointer (&fixture->label, g_free);
  fixture->png = g_bytes_ref (png);
  fixture->label = g_strdup (label);
  fixture->n_ready++;
}

static gboolean
pad_is_shown (gpointer data)
{
  Fixture *fixture = data;

  return fixture->dialog != NULL && gtk_window_is_active (GTK_WINDOW (fixture->dialog)) &&
         gtk_widget_get_mapped (fixture->pad) && gtk_widget_get_width (fixture->pad) >= 480;
}

static gboolean
dialog_is_closed (gpointer data)
{
  Fixture *fixture = data;

  return fixture->dialog == NULL;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->parent = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->parent), 900, 700);
  gtk_window_present (GTK_WINDOW (fixture->parent));
  g_assert_true (wait_for (window_is_active, fixture->parent));

  fixture->dialog = smartca_draw_dialog_new (GTK_WINDOW (fixture->parent));
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "image-ready", G_CALLBACK (image_ready_cb), fixture);
  fixture->pad = find_named (GTK_WIDGET (fixture->dialog), "pad");
  g_assert_true (SMARTCA_IS_DRAWING_PAD (fixture->pad));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  g_assert_true (wait_for (pad_is_shown, fixture));
  fixture->pad_width = gtk_widget_get_width (fixture->pad);
  fixture->pad_height = gtk_widget_get_height (fixture->pad);
  fixture->ink = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_null (fixture->dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  run_main_loop_for (50);
  g_clear_pointer (&fixture->png, g_bytes_unref);
  g_clear_pointer (&fixture->label, g_free);
  g_clear_pointer (&fixture->ink, g_array_unref);
}

/* Helpers */

static guint
n_strokes (Fixture *fixture)
{
  guint n;

  g_object_get (fixture->pad, "n-strokes", &n, NULL);
  return n;
}

static gboolean
is_sensitive (Fixture    *fixture,
              const char *id)
{
  GtkWidget *widget = find_named (GTK_WIDGET (fixture->dialog), id);

  g_assert_nonnull (widget);
  return gtk_widget_is_sensitive (widget);
}

/* Where a fraction of the pad is, in whole pad pixels. */
static graphene_point_t
pad_point (Fixture *fixture,
           double   fx,
           double   fy)
{
  return GRAPHENE_POINT_INIT (round (fx * fixture->pad_width), round (fy * fixture->pad_height));
}

/* Point @i of ARC_STEPS + 1 along @arc, in whole pad pixels. */
static graphene_point_t
arc_point (Fixture   *fixture,
           const Arc *arc,
           guint      i)
{
  double angle = G_PI / 2 * i / ARC_STEPS;

  return pad_point (fixture, arc->x0 + (arc->x1 - arc->x0) * (1 - cos (angle)),
                    arc->y0 + (arc->y1 - arc->y0) * sin (angle));
}

/* The arc in ARC_STEPS pointer moves. They come faster than GTK draws
 * frames, so GDK merges them into fewer events: the pad must take every one
 * from the events' history, or the arc is drawn as its chord. */
static void
draw_arc (Fixture   *fixture,
          const Arc *arc,
          gboolean   kept)
{
  graphene_point_t points[ARC_STEPS + 1];

  g_assert_cmpint (gtk_widget_get_width (fixture->pad), ==, fixture->pad_width);
  g_assert_cmpint (gtk_widget_get_height (fixture->pad), ==, fixture->pad_height);
  for (guint i = 0; i <= ARC_STEPS; i++)
    points[i] = arc_point (fixture, arc, i);
  pointer_stroke (fixture->pad, points, G_N_ELEMENTS (points));
  if (kept)
    g_array_append_vals (fixture->ink, points, G_N_ELEMENTS (points));
}

/* alt+<the mnemonic> of a label, as translated. */
static void
press_mnemonic (const char *translated)
{
  const char      *underscore = strchr (translated, '_');
  g_autofree char *keys = NULL;
  gunichar         c;

  g_assert_nonnull (underscore);
  c = g_unichar_tolower (g_utf8_get_char (underscore + 1));
  g_assert_cmpuint (c, <, 128);
  keys = g_strdup_printf ("alt+%c", (char) c);
  press (keys);
}

/* The PNG as the next one to read it will: its own header and pixels */

typedef struct
{
  GdkPixbuf *pixbuf;
  int        width;
  int        height;
  double     origin_x; /* where pad point (min x, min y) of the ink lands */
  double     origin_y;
} Image;

static const guchar *
pixel (const Image *image,
       int          x,
       int          y)
{
  g_assert_true (x >= 0 && y >= 0 && x < image->width && y < image->height);
  return gdk_pixbuf_read_pixels (image->pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (image->pixbuf) + x * 4;
}

static gboolean
row_is_clear (const Image *image,
              int          y)
{
  for (int x = 0; x < image->width; x++)
    if (pixel (image, x, y)[3] != 0)
      return FALSE;
  return TRUE;
}

static gboolean
column_is_clear (const Image *image,
                 int          x)
{
  for (int y = 0; y < image->height; y++)
    if (pixel (image, x, y)[3] != 0)
      return FALSE;
  return TRUE;
}

/* Loads the PNG, checks that it is RGBA with transparent corners and is
 * trimmed to the ink with MARGIN clear pixels on each side, and works out
 * where the pad's points land in it. */
static void
load_image (Fixture *fixture,
            Image   *image)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (fixture->png);
  g_autoptr(GError)       error = NULL;
  gsize                   size;
  const guchar           *png = g_bytes_get_data (fixture->png, &size);
  double                  min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = 0, max_y = 0;

  /* A PNG whose IHDR says 8-bit RGBA: an alpha channel in the file itself. */
  g_assert_cmpuint (size, >, 26);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (png + 12, 4, "IHDR", 4);
  g_assert_cmpuint (png[24], ==, 8);
  g_assert_cmpuint (png[25], ==, 6);

  image->pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_get_has_alpha (image->pixbuf));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (image->pixbuf), ==, 4);
  image->width = gdk_pixbuf_get_width (image->pixbuf);
  image->height = gdk_pixbuf_get_height (image->pixbuf);

  g_assert_cmpuint (pixel (image, 0, 0)[3], ==, 0);
  g_assert_cmpuint (pixel (image, image->width - 1, 0)[3], ==, 0);
  g_assert_cmpuint (pixel (image, 0, image->height - 1)[3], ==, 0);
  g_assert_cmpuint (pixel (image, image->width - 1, image->height - 1)[3], ==, 0);

  /* Trimmed: exactly MARGIN clear rows and columns on each side of the ink. */
  for (int i = 0; i < MARGIN; i++)
    {
      g_assert_true (row_is_clear (image, i));
      g_assert_true (row_is_clear (image, image->height - 1 - i));
      g_assert_true (column_is_clear (image, i));
      g_assert_true (column_is_clear (image, image->width - 1 - i));
    }
  g_assert_false (row_is_clear (image, MARGIN));
  g_assert_false (row_is_clear (image, image->height - 1 - MARGIN));
  g_assert_false (column_is_clear (image, MARGIN));
  g_assert_false (column_is_clear (image, image->width - 1 - MARGIN));

  /* The ink is the points' extent at SCALE, widened by the line's width. */
  for (guint i = 0; i < fixture->ink->len; i++)
    {
      const graphene_point_t *p = &g_array_index (fixture->ink, graphene_point_t, i);

      min_x = MIN (min_x, p->x);
      min_y = MIN (min_y, p->y);
      max_x = MAX (max_x, p->x);
      max_y = MAX (max_y, p->y);
    }
  {
    double widen_x = image->width - 2 * MARGIN - SCALE * (max_x - min_x);
    double widen_y = image->height - 2 * MARGIN - SCALE * (max_y - min_y);

    /* A pen line a few pixels wide, on both axes alike. */
    g_assert_cmpfloat (widen_x, >=, 2);
    g_assert_cmpfloat (widen_x, <=, 16);
    g_assert_cmpfloat (fabs (widen_x - widen_y), <=, 2);
    image->origin_x = MARGIN + widen_x / 2 - SCALE * min_x;
    image->origin_y = MARGIN + widen_y / 2 - SCALE * min_y;
  }
}

static void
image_clear (Image *image)
{
  g_clear_object (&image->pixbuf);
}

typedef gboolean (*InkTest) (const guchar *rgba);

static gboolean
is_blue_ink (const guchar *rgba)
{
  return rgba[3] >= 200 && rgba[2] >= 140 && rgba[2] > rgba[0] + 80 && rgba[2] > rgba[1] + 60;
}

static gboolean
is_black_ink (const guchar *rgba)
{
  return rgba[3] >= 200 && rgba[0] <= 40 && rgba[1] <= 40 && rgba[2] <= 40;
}

static gboolean
is_clear (const guchar *rgba)
{
  return rgba[3] == 0;
}

/* Whether any pixel within 3 pixels of where the pad point @p lands
 * passes @test (or, with @all, every one does). */
static gboolean
ink_near (const Image            *image,
          const graphene_point_t *p,
          InkTest                 test,
          gboolean                all)
{
  int cx = (int) round (image->origin_x + SCALE * p->x);
  int cy = (int) round (image->origin_y + SCALE * p->y);

  for (int y = cy - 3; y <= cy + 3; y++)
    for (int x = cx - 3; x <= cx + 3; x++)
      {
        gboolean pass;

        /* Outside the image there is no ink. */
        if (x < 0 || y < 0 || x >= image->width || y >= image->height)
          {
            if (all && test != is_clear)
              return FALSE;
            continue;
          }
        pass = test (pixel (image, x, y));
        if (pass && !all)
          return TRUE;
        if (!pass && all)
          return FALSE;
      }
  return all;
}

/* The line runs through the midpoint between each two points the pointer
 * went through (between them, it is smoothed into curves). */
static void
assert_ink_along (Fixture     *fixture,
                  const Image *image,
                  const Arc   *arc,
                  InkTest      test)
{
  for (guint i = 0; i < ARC_STEPS; i++)
    {
      graphene_point_t a = arc_point (fixture, arc, i);
      graphene_point_t b = arc_point (fixture, arc, i + 1);
      graphene_point_t middle = GRAPHENE_POINT_INIT ((a.x + b.x) / 2, (a.y + b.y) / 2);

      g_assert_true (ink_near (image, &middle, test, FALSE));
    }
}

/* No ink where @arc went, away from the strokes that were kept. */
static void
assert_no_ink_along (Fixture     *fixture,
                     const Image *image,
                     const Arc   *arc)
{
  guint n_checked = 0;

  for (guint i = 0; i <= ARC_STEPS; i++)
    {
      graphene_point_t p = arc_point (fixture, arc, i);
      double           nearest = G_MAXDOUBLE;

      for (guint j = 0; j < fixture->ink->len; j++)
        nearest = MIN (nearest, graphene_point_distance (&p, &g_array_index (fixture->ink, graphene_point_t, j),
                                                         NULL, NULL));
      if (nearest < 12)
        continue;
      g_assert_true (ink_near (image, &p, is_clear, TRUE));
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 6);
}

/* Tests */

/* Two strokes, Ctrl+Z takes back the last, another stroke, Save by keyboard:
 * the PNG has the two kept strokes in blue where they were drawn, nothing
 * where the undone one was, and is trimmed to them. */
static void
test_draw_undo_save (Fixture      *fixture,
                     gconstpointer data)
{
  Image image = { 0 };

  g_assert_cmpuint (n_strokes (fixture), ==, 0);
  g_assert_false (is_sensitive (fixture, "save_button"));
  g_assert_false (is_sensitive (fixture, "undo_button"));
  g_assert_false (is_sensitive (fixture, "clear_button"));

  draw_arc (fixture, &left_stroke, TRUE);
  g_assert_cmpuint (n_strokes (fixture), ==, 1);
  g_assert_true (is_sensitive (fixture, "save_button"));
  g_assert_true (is_sensitive (fixture, "undo_button"));
  draw_arc (fixture, &right_stroke, FALSE);
  g_assert_cmpuint (n_strokes (fixture), ==, 2);

  press ("ctrl+z");
  g_assert_cmpuint (n_strokes (fixture), ==, 1);
  draw_arc (fixture, &right_stroke_again, TRUE);
  g_assert_cmpuint (n_strokes (fixture), ==, 2);

  press_mnemonic (_("_Save"));
  g_assert_true (wait_for (dialog_is_closed, fixture));
  g_assert_cmpuint (fixture->n_ready, ==, 1);
  g_assert_cmpstr (fixture->label, ==, _("Drawn signature"));

  load_image (fixture, &image);
  assert_ink_along (fixture, &image, &left_stroke, is_blue_ink);
  assert_ink_along (fixture, &image, &right_stroke_again, is_blue_ink);
  /* Nothing of the undone stroke away from the one drawn instead. */
  assert_no_ink_along (fixture, &image, &right_stroke);
  /* The left stroke's ink lies left of the right one's, clear between. */
  {
    graphene_point_t gap = pad_point (fixture, 0.45, 0.5);

    g_assert_true (column_is_clear (&image, (int) round (image.origin_x + SCALE * gap.x)));
  }

  /* The store takes it as it is: the one way bytes become a stored image
   * keeps its size and its transparency. */
  {
    g_autoptr(GError)           error = NULL;
    g_autoptr(SmartcaImageInfo) info = NULL;
    g_autoptr(GBytes)           stored = smartca_image_normalize (fixture->png, &info, NULL, &error);
    g_autoptr(GInputStream)     stream = NULL;
    g_autoptr(GdkPixbuf)        pixbuf = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (info->width, ==, image.width);
    g_assert_cmpint (info->height, ==, image.height);
    stream = g_memory_input_stream_new_from_bytes (stored);
    pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
    g_assert_cmpuint (gdk_pixbuf_read_pixels (pixbuf)[3], ==, 0);
  }
  image_clear (&image);
}

/* Black ink, a label of one's own, and Return in the label saves. */
static void
test_black_and_label (Fixture      *fixture,
                      gconstpointer data)
{
  Image image = { 0 };

  press_mnemonic (_("Bl_ack"));
  g_assert_cmpint (smartca_drawing_pad_get_color (SMARTCA_DRAWING_PAD (fixture->pad)), ==,
                   SMARTCA_DRAWING_PAD_COLOR_BLACK);
  draw_arc (fixture, &left_stroke, TRUE);
  draw_arc (fixture, &right_stroke_again, TRUE);

  press_mnemonic (C_("drawing", "_Label"));
  press ("ctrl+a");
  type ("My signature");
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, fixture));
  g_assert_cmpuint (fixture->n_ready, ==, 1);
  g_assert_cmpstr (fixture->label, ==, "My signature");

  load_image (fixture, &image);
  assert_ink_along (fixture, &image, &left_stroke, is_black_ink);
  assert_ink_along (fixture, &image, &right_stroke_again, is_black_ink);
  {
    graphene_point_t middle = arc_point (fixture, &left_stroke, ARC_STEPS / 2);

    g_assert_false (ink_near (&image, &middle, is_blue_ink, FALSE));
    g_assert_true (ink_near (&image, &middle, is_black_ink, FALSE));
  }
  image_clear (&image);
}

/* A label the store would refuse (too long) is said in the dialog, which
 * stays open with the drawing; a good label then saves. */
static void
test_refused_label_keeps_drawing (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autofree char *too_long = g_strnfill (SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS + 1, 'x');
  GtkWidget       *label_row = find_named (GTK_WIDGET (fixture->dialog), "label_row");

  draw_arc (fixture, &left_stroke, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (label_row), too_long);
  press_mnemonic (C_("drawing", "_Label"));
  press ("Return");
  run_main_loop_for (200);
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpuint (fixture->n_ready, ==, 0);
  g_assert_cmpuint (n_strokes (fixture), ==, 1);

  press ("ctrl+a");
  type ("Short");
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, fixture));
  g_assert_cmpuint (fixture->n_ready, ==, 1);
  g_assert_cmpstr (fixture->label, ==, "Short");
}

/* Clear empties the pad and turns Save, Undo and Clear off; an empty pad
 * exports nothing; Escape closes without an image. */
static void
test_clear_and_cancel (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;

  draw_arc (fixture, &left_stroke, TRUE);
  draw_arc (fixture, &right_stroke, TRUE);
  g_assert_cmpuint (n_strokes (fixture), ==, 2);
  g_assert_true (is_sensitive (fixture, "save_button"));

  click (find_named (GTK_WIDGET (fixture->dialog), "clear_button"));
  g_assert_cmpuint (n_strokes (fixture), ==, 0);
  g_assert_false (is_sensitive (fixture, "save_button"));
  g_assert_false (is_sensitive (fixture, "undo_button"));
  g_assert_false (is_sensitive (fixture, "clear_button"));

  png = smartca_drawing_pad_export_png (SMARTCA_DRAWING_PAD (fixture->pad), &error);
  g_assert_error (error, SMARTCA_DRAWING_PAD_ERROR, SMARTCA_DRAWING_PAD_ERROR_EMPTY);
  g_assert_null (png);

  /* Save's mnemonic does nothing now. */
  press_mnemonic (_("_Save"));
  g_assert_nonnull (fixture->dialog);

  press ("Escape");
  g_assert_true (wait_for (dialog_is_closed, fixture));
  g_assert_cmpuint (fixture->n_ready, ==, 0);
}

/* The keyboard goes round the dialog without stopping on the pad; the pad
 * tells screen readers what it is. */
static void
test_keyboard_passes_the_pad (Fixture      *fixture,
                              gconstpointer data)
{
  GtkWidget *first = gtk_root_get_focus (GTK_ROOT (fixture->dialog));
  gboolean   came_round = FALSE;

  g_assert_nonnull (first);
  g_assert_false (gtk_widget_get_focusable (fixture->pad));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->pad)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  for (guint i = 0; i < 12 && !came_round; i++)
    {
      GtkWidget *focus;

      press ("Tab");
      focus = gtk_root_get_focus (GTK_ROOT (fixture->dialog));
      g_assert_nonnull (focus);
      g_assert_false (focus == fixture->pad || gtk_widget_is_ancestor (focus, fixture->pad));
      came_round = focus == first;
    }
  g_assert_true (came_round);

  /* Translated where a translation is asked for. */
  if (g_str_has_prefix (g_getenv ("LANGUAGE"), "vi"))
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), !=, "Draw a Signature");
}

/* Opaque pixels in column @x: how thick a horizontal line is there. */
static int
thickness (GdkPixbuf *pixbuf,
           int        x)
{
  int n = 0;

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    if (gdk_pixbuf_read_pixels (pixbuf)[(gsize) y * gdk_pixbuf_get_rowstride (pixbuf) + x * 4 + 3] >= 128)
      n++;
  return n;
}

/* A stylus's pressure makes the line wider (a stylus cannot be had under
 * Xvfb: the points are given as the stylus gesture would record them),
 * and an even pressure keeps it even. */
static void
test_pressure_sets_width (void)
{
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray              *stroke = g_array_new (FALSE, FALSE, sizeof (SmartcaPadPoint));

  g_ptr_array_add (strokes, stroke);
  for (guint even = 0; even < 2; even++)
    {
      g_autoptr(GError)       error = NULL;
      g_autoptr(GBytes)       png = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GdkPixbuf)    pixbuf = NULL;
      int                     width, light, heavy;

      g_array_set_size (stroke, 0);
      for (guint i = 0; i <= 40; i++)
        {
          SmartcaPadPoint point = { 10 + 5 * i, 50, even ? SMARTCA_PAD_DEFAULT_PRESSURE : i / 40.0 };
          g_array_append_val (stroke, point);
        }
      png = smartca_drawing_pad_ink_export (strokes, SMARTCA_DRAWING_PAD_COLOR_BLUE, &error);
      g_assert_no_error (error);
      stream = g_memory_input_stream_new_from_bytes (png);
      pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
      g_assert_no_error (error);
      width = gdk_pixbuf_get_width (pixbuf);

      light = thickness (pixbuf, width / 5);
      heavy = thickness (pixbuf, width * 4 / 5);
      g_assert_cmpint (light, >, 0);
      if (even)
        g_assert_cmpint (ABS (heavy - light), <=, 1);
      else
        g_assert_cmpint (heavy, >=, 2 * light);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/draw-dialog/draw-undo-save", test_draw_undo_save);
  ADD ("/draw-dialog/black-and-label", test_black_and_label);
  ADD ("/draw-dialog/refused-label", test_refused_label_keeps_drawing);
  ADD ("/draw-dialog/clear-and-cancel", test_clear_and_cancel);
  ADD ("/draw-dialog/keyboard", test_keyboard_passes_the_pad);
#undef ADD
  g_test_add_func ("/draw-dialog/pressure", test_pressure_sets_width);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
