/* test-pdf-appearance.c: what a visible signature shows, checked in its
 * pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "smartca-pdf-appearance.h"
#include "smartca-test-pki.h"

#define SCALE SMARTCA_PDF_APPEARANCE_SCALE
/* 27/11/2026 09:30:15 in Vietnam */
#define SIGNING_TIME G_GINT64_CONSTANT (1795746615)

static char *png_dir;

/* Pixels */

typedef struct
{
  guint8 r, g, b, a;
} Pixel;

static Pixel
pixel_at (const SmartcaPdfImage *image,
          int                    x,
          int                    y)
{
  const guint8 *rgb = g_bytes_get_data (image->rgb, NULL);
  gsize         i = (gsize) y * image->width + x;
  Pixel         pixel = { rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2], 255 };

  if (image->alpha != NULL)
    pixel.a = ((const guint8 *) g_bytes_get_data (image->alpha, NULL))[i];
  return pixel;
}

/* The signature image's colour in these tests */
static gboolean
is_red (Pixel p)
{
  return p.a > 200 && p.r > 200 && p.g < 60 && p.b < 60;
}

/* Text: dark, and blue rather than red */
static gboolean
is_dark_text (Pixel p)
{
  return p.a > 160 && p.r < 90 && p.g < 110 && p.b < 170 && p.b >= p.r;
}

typedef struct
{
  guint red;
  guint dark;
  guint painted; /* alpha > 0 */
} Count;

/* Counts in the pixel rectangle [x0, x1) × [y0, y1) */
static Count
count (const SmartcaPdfImage *image,
       int                    x0,
       int                    y0,
       int                    x1,
       int                    y1)
{
  Count c = { 0, 0, 0 };

  for (int y = MAX (0, y0); y < MIN (y1, image->height); y++)
    for (int x = MAX (0, x0); x < MIN (x1, image->width); x++)
      {
        Pixel p = pixel_at (image, x, y);

        c.red += is_red (p);
        c.dark += is_dark_text (p);
        c.painted += p.a > 0;
      }
  return c;
}

typedef struct
{
  int x0, y0, x1, y1; /* inclusive; x0 > x1 when nothing matched */
} Bounds;

static Bounds
bounds_of (const SmartcaPdfImage *image,
           gboolean (*matches) (Pixel))
{
  Bounds b = { image->width, image->height, -1, -1 };

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      if (matches (pixel_at (image, x, y)))
        {
          b.x0 = MIN (b.x0, x);
          b.y0 = MIN (b.y0, y);
          b.x1 = MAX (b.x1, x);
          b.y1 = MAX (b.y1, y);
        }
  return b;
}

static Count
count_all (const SmartcaPdfImage *image)
{
  return count (image, 0, 0, image->width, image->height);
}

/* Nothing in a frame of @points around the edge */
static void
assert_clear_edges (const SmartcaPdfImage *image,
                    double                 points)
{
  int edge = (int) (points * SCALE);

  g_assert_cmpuint (count (image, 0, 0, image->width, edge).painted, ==, 0);
  g_assert_cmpuint (count (image, 0, image->height - edge, image->width, image->height).painted,
                    ==, 0);
  g_assert_cmpuint (count (image, 0, 0, edge, image->height).painted, ==, 0);
  g_assert_cmpuint (count (image, image->width - edge, 0, image->width, image->height).painted,
                    ==, 0);
}

static GdkPixbuf *
solid_pixbuf (int    width,
              int    height,
              guint8 alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, 0xe00000u << 8 | alpha); /* red */
  return pixbuf;
}

/* Saves the render, on white too, for a person to look at */
static void
save_png (const SmartcaPdfImage *image,
          const char            *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, image->width,
                                                image->height);
  g_autoptr(GdkPixbuf) on_white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, image->width,
                                                  image->height);
  g_autoptr(GError)    error = NULL;
  g_autofree char     *path = g_strdup_printf ("%s/%s.png", png_dir, name);
  g_autofree char     *white_path = g_strdup_printf ("%s/%s-on-white.png", png_dir, name);

  for (int y = 0; y < image->height; y++)
    {
      guint8 *row = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf);
      guint8 *white_row = gdk_pixbuf_get_pixels (on_white) + y * gdk_pixbuf_get_rowstride (on_white);

      for (int x = 0; x < image->width; x++)
        {
          Pixel   p = pixel_at (image, x, y);
          guint8 *q = row + x * 4;
          guint8 *w = white_row + x * 3;

          q[0] = p.r;
          q[1] = p.g;
          q[2] = p.b;
          q[3] = p.a;
          w[0] = (p.r * p.a + 255 * (255 - p.a)) / 255;
          w[1] = (p.g * p.a + 255 * (255 - p.a)) / 255;
          w[2] = (p.b * p.a + 255 * (255 - p.a)) / 255;
        }
    }
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  gdk_pixbuf_save (on_white, white_path, "png", &error, NULL);
  g_assert_no_error (error);
  g_test_message ("saved %s", white_path);
}

static void
assert_size (const SmartcaPdfImage *image,
             double                 width,
             double                 height)
{
  g_assert_cmpint (image->width, ==, (int) (width * SCALE));
  g_assert_cmpint (image->height, ==, (int) (height * SCALE));
  g_assert_cmpuint (g_bytes_get_size (image->rgb), ==, (gsize) image->width * image->height * 3);
  g_assert_nonnull (image->alpha); /* a transparent background */
  g_assert_cmpuint (g_bytes_get_size (image->alpha), ==, (gsize) image->width * image->height);
}

/* The time */

static void
check_vietnam_times (void)
{
  static const struct
  {
    gint64      time;
    const char *text;
  } cases[] = {
    { 0, "01/01/1970 07:00:00" },
    { -1, "01/01/1970 06:59:59" },
    { 1700000000, "15/11/2023 05:13:20" },
    { 951843600, "01/03/2000 00:00:00" },
    { 1782864000, "01/07/2026 07:00:00" }, /* summer elsewhere */
    { 1795746615, "27/11/2026 09:30:15" },
    { 2147483647, "19/01/2038 10:14:07" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = smartca_pdf_format_vietnam_time (cases[i].time);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_vietnam_time (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("TZ"));
  const char      *zones[] = { "America/New_York", "Asia/Ho_Chi_Minh", "UTC", "Europe/Paris" };

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_setenv ("TZ", zones[i], TRUE);
      tzset ();
      check_vietnam_times ();
    }
  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
  tzset ();
}

/* The text */

static void
test_text (void)
{
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = SIGNING_TIME,
    .reason = "Phê duyệt hợp đồng",
    .location = "Hà Nội",
  };
  g_autofree char *full = smartca_pdf_appearance_text (&spec);
  g_autofree char *short_text = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *hostile = NULL;

  g_assert_cmpstr (full, ==,
                   "Ký bởi: Nguyễn Văn An\n"
                   "Ký ngày: 27/11/2026 09:30:15\n"
                   "Lý do: Phê duyệt hợp đồng\n"
                   "Nơi ký: Hà Nội");

  spec.reason = NULL;
  spec.location = NULL;
  short_text = smartca_pdf_appearance_text (&spec);
  g_assert_cmpstr (short_text, ==, "Ký bởi: Nguyễn Văn An\nKý ngày: 27/11/2026 09:30:15");

  /* only blanks: not given */
  spec.reason = "  \t ";
  spec.location = "";
  blank = smartca_pdf_appearance_text (&spec);
  g_assert_cmpstr (blank, ==, short_text);

  /* Text stays text: markup is literal, a reversal override and line
   * breaks are dropped, one value stays on its line */
  spec.signer_name = "<b>x</b> \xe2\x80\xae"
                     "cba";
  spec.reason = "a\nb\rc";
  spec.location = "\xe2\x80\xaeHà Nội\xe2\x80\xac";
  hostile = smartca_pdf_appearance_text (&spec);
  g_assert_cmpstr (hostile, ==,
                   "Ký bởi: <b>x</b> cba\n"
                   "Ký ngày: 27/11/2026 09:30:15\n"
                   "Lý do: a b c\n"
                   "Nơi ký: Hà Nội");
  g_assert_null (strstr (hostile, "\xe2\x80\xae"));
}

/* The raster */

static void
test_with_image (void)
{
  g_autoptr(GdkPixbuf)     signature = solid_pixbuf (300, 100, 255);
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = SIGNING_TIME,
    .reason = "Phê duyệt",
    .image = signature,
  };
  g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 200, 80, SCALE);
  Bounds                     red = bounds_of (image, is_red);
  Bounds                     dark = bounds_of (image, is_dark_text);
  Count                      all = count_all (image);

  save_png (image, "200x80-image");
  assert_size (image, 200, 80);

  /* the image on the left, in at most 40% of the box within its margins;
   * the text on the right, the one beside the other */
  g_assert_cmpuint (all.red, >, (guint) (image->width * image->height / 10));
  g_assert_cmpuint (all.dark, >, 500);
  g_assert_cmpint (red.x0, <, (int) (5 * SCALE));
  g_assert_cmpint (red.x1, <, (int) (image->width * 0.42));
  g_assert_cmpint (red.x1, <, dark.x0);
  g_assert_cmpint (dark.x1, >, (int) (image->width * 0.8));
  /* a large image (brought down before drawing) takes the same place */
  {
    g_autoptr(GdkPixbuf)       large = solid_pixbuf (3000, 1000, 255);
    g_autoptr(SmartcaPdfImage) from_large = NULL;
    Bounds                     large_red;

    spec.image = large;
    from_large = smartca_pdf_appearance_render (&spec, 200, 80, SCALE);
    large_red = bounds_of (from_large, is_red);
    g_assert_cmpint (ABS (large_red.x0 - red.x0), <=, 1);
    g_assert_cmpint (ABS (large_red.x1 - red.x1), <=, 1);
    g_assert_cmpint (ABS (large_red.y0 - red.y0), <=, 1);
    g_assert_cmpint (ABS (large_red.y1 - red.y1), <=, 1);
  }
  /* transparent background: corners, the frame */
  g_assert_cmpuint (pixel_at (image, 0, 0).a, ==, 0);
  g_assert_cmpuint (pixel_at (image, image->width - 1, image->height - 1).a, ==, 0);
  assert_clear_edges (image, 0.75);
}

static void
test_image_on_top (void)
{
  g_autoptr(GdkPixbuf)     signature = solid_pixbuf (300, 100, 255);
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Trần Thị Bình",
    .signing_time = SIGNING_TIME,
    .image = signature,
  };
  g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 120, 120, SCALE);
  Bounds                     red, dark;

  save_png (image, "120x120-image");
  assert_size (image, 120, 120);
  red = bounds_of (image, is_red);
  dark = bounds_of (image, is_dark_text);
  /* the image above the text, across the box */
  g_assert_cmpint (red.y1, <, dark.y0);
  g_assert_cmpint (red.x1 - red.x0, >, (int) (100 * SCALE));
  g_assert_cmpint (dark.y1 - dark.y0, >, (int) (10 * SCALE)); /* two lines */
  assert_clear_edges (image, 0.75);
}

static void
test_text_only (void)
{
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = SIGNING_TIME,
    .location = "TP. Hồ Chí Minh",
  };
  g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 300, 60, SCALE);
  Count                      all = count_all (image);
  Count                      left = count (image, 0, 0, image->width / 4, image->height);

  save_png (image, "300x60-text");
  assert_size (image, 300, 60);
  g_assert_cmpuint (all.red, ==, 0);
  /* the text starts at the left edge: no room kept for an image */
  g_assert_cmpuint (left.dark, >, 300);
  assert_clear_edges (image, 0.75);
}

/* A half-transparent image keeps its colour, its transparency in alpha */
static void
test_unpremultiplied (void)
{
  g_autoptr(GdkPixbuf)     signature = solid_pixbuf (100, 100, 128);
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "An",
    .signing_time = SIGNING_TIME,
    .image = signature,
  };
  g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 200, 80, SCALE);
  /* the middle of the image: a square box on the left */
  Pixel p = pixel_at (image, (int) (40 * SCALE), image->height / 2);

  g_assert_cmpint (ABS ((int) p.a - 128), <=, 2);
  g_assert_cmpint (ABS ((int) p.r - 0xe0), <=, 2);
  g_assert_cmpuint (p.g, <=, 2);
  g_assert_cmpuint (p.b, <=, 2);
}

static void
test_long_text (void)
{
  g_autoptr(GdkPixbuf)     signature = solid_pixbuf (300, 100, 255);
  g_autoptr(GString)       name = g_string_new ("CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN ");
  g_autoptr(GString)       reason = g_string_new (NULL);
  SmartcaPdfAppearanceSpec spec = {
    .signing_time = SIGNING_TIME,
    .location = "Thành phố Hồ Chí Minh, Việt Nam",
    .image = signature,
  };
  struct
  {
    double      width, height;
    const char *name;
  } sizes[] = {
    { 200, 80, "200x80-long" },
    { 120, 120, "120x120-long" },
    { 300, 60, "300x60-long" },
    { 24, 24, "24x24-long" },
  };

  for (guint i = 0; i < 6; i++)
    g_string_append (name, "DỊCH VỤ THƯƠNG MẠI XUẤT NHẬP KHẨU ");
  for (guint i = 0; i < 40; i++)
    g_string_append (reason, "Xác nhận nội dung tài liệu ");
  g_string_append (name, "ĐỖ_QUỐC_ỸỶỸ_WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW");
  spec.signer_name = name->str;
  spec.reason = reason->str;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, sizes[i].width,
                                                                        sizes[i].height, SCALE);

      save_png (image, sizes[i].name);
      assert_size (image, sizes[i].width, sizes[i].height);
      /* the text is drawn, and stays inside its part of the box */
      g_assert_cmpuint (count_all (image).dark, >, 20);
      assert_clear_edges (image, 0.75);
    }
}

/* "<b>x</b>" is drawn as those eight characters: far more ink than the
 * one letter markup would have made of it */
static void
test_markup_literal (void)
{
  SmartcaPdfAppearanceSpec spec = {
    .signing_time = SIGNING_TIME,
  };
  guint ink_empty, ink_x, ink_markup;

  spec.signer_name = "";
  {
    g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 300, 60, SCALE);

    ink_empty = count_all (image).painted;
  }
  spec.signer_name = "x";
  {
    g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 300, 60, SCALE);

    ink_x = count_all (image).painted;
  }
  spec.signer_name = "<b>x</b>";
  {
    g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 300, 60, SCALE);

    save_png (image, "markup");
    ink_markup = count_all (image).painted;
  }
  g_assert_cmpuint (ink_x, >, ink_empty);
  g_assert_cmpuint (ink_markup - ink_x, >, 3 * (ink_x - ink_empty));
}

/* A box as large as a page: the raster's scale comes down, not the
 * memory up */
static void
test_large_box (void)
{
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = SIGNING_TIME,
  };
  g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&spec, 1190, 1684, SCALE);
  g_autoptr(SmartcaPdfImage) tiny = smartca_pdf_appearance_render (&spec, 0.1, 0.1, SCALE);
  g_autoptr(SmartcaPdfImage) strip = smartca_pdf_appearance_render (&spec, 14400, 0.5, SCALE);
  g_autoptr(SmartcaPdfImage) huge = smartca_pdf_appearance_render (&spec, 1e9, 1e9, SCALE);

  g_assert_cmpuint ((gsize) image->width * image->height, <=, 8 * 1024 * 1024);
  g_assert_cmpuint ((gsize) image->width * image->height, >, 7 * 1024 * 1024);
  /* the box's shape */
  g_assert_cmpfloat (ABS ((double) image->width / image->height - 1190.0 / 1684.0), <, 0.01);
  g_assert_cmpuint (g_bytes_get_size (image->rgb), ==, (gsize) image->width * image->height * 3);

  g_assert_cmpint (tiny->width, ==, 1);
  g_assert_cmpint (tiny->height, ==, 1);
  /* cairo draws no side longer than 32767 pixels */
  g_assert_cmpint (strip->width, <=, 32767);
  g_assert_cmpint (strip->height, >=, 1);
  g_assert_cmpint (huge->width, <=, 32767);
  g_assert_cmpuint ((gsize) huge->width * huge->height, <=, 8 * 1024 * 1024);
}

/* The signing operation renders in a worker thread: the same pixels */
static gpointer
render_in_thread (gpointer data)
{
  return smartca_pdf_appearance_render (data, 200, 80, SCALE);
}

static void
test_thread (void)
{
  g_autoptr(GdkPixbuf)     signature = solid_pixbuf (300, 100, 255);
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = SIGNING_TIME,
    .reason = "Phê duyệt",
    .image = signature,
  };
  g_autoptr(SmartcaPdfImage) here = smartca_pdf_appearance_render (&spec, 200, 80, SCALE);
  GThread                   *thread = g_thread_new ("render", render_in_thread, &spec);
  g_autoptr(SmartcaPdfImage) there = g_thread_join (thread);

  g_assert_true (g_bytes_equal (here->rgb, there->rgb));
  g_assert_true (g_bytes_equal (here->alpha, there->alpha));
}

static GdkPixbuf *
pixbuf_from_surface (cairo_surface_t *surface)
{
  int        width = cairo_image_surface_get_width (surface);
  int        height = cairo_image_surface_get_height (surface);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *in = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                             y * cairo_image_surface_get_stride (surface));
      guint8        *out = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf);

      for (int x = 0; x < width; x++, out += 4)
        {
          guint a = in[x] >> 24;

          out[0] = a ? (((in[x] >> 16) & 0xff) * 255 + a / 2) / a : 0;
          out[1] = a ? (((in[x] >> 8) & 0xff) * 255 + a / 2) / a : 0;
          out[2] = a ? ((in[x] & 0xff) * 255 + a / 2) / a : 0;
          out[3] = a;
        }
    }
  return pixbuf;
}

/* The stamps a person looks at (SMARTCA_TEST_KEEP_PNG=DIR keeps them) */
static void
test_samples (void)
{
  g_autoptr(GdkPixbuf)     signature = NULL;
  g_autoptr(GdkPixbuf)     seal = solid_pixbuf (200, 200, 255);
  SmartcaPdfAppearanceSpec spec = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = SIGNING_TIME,
    .reason = "Phê duyệt hợp đồng",
    .location = "Hà Nội",
  };
  static const double sizes[][2] = { { 200, 80 }, { 120, 120 }, { 300, 60 } };
  cairo_surface_t    *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 200);
  cairo_t            *cr = cairo_create (surface);

  /* a blue handwritten-like stroke on transparency */
  cairo_set_source_rgb (cr, 0.05, 0.2, 0.75);
  cairo_set_line_width (cr, 12);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, 30, 150);
  cairo_curve_to (cr, 120, -40, 200, 260, 300, 90);
  cairo_curve_to (cr, 380, -10, 450, 200, 570, 60);
  cairo_stroke (cr);
  cairo_destroy (cr);
  signature = pixbuf_from_surface (surface);
  cairo_surface_destroy (surface);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char           *name = g_strdup_printf ("%gx%g-sample", sizes[i][0], sizes[i][1]);
      g_autofree char           *seal_name = g_strdup_printf ("%gx%g-seal", sizes[i][0], sizes[i][1]);
      g_autoptr(SmartcaPdfImage) image = NULL;
      g_autoptr(SmartcaPdfImage) sealed = NULL;

      spec.image = signature;
      image = smartca_pdf_appearance_render (&spec, sizes[i][0], sizes[i][1], SCALE);
      save_png (image, name);
      assert_clear_edges (image, 0.75);
      spec.image = seal;
      sealed = smartca_pdf_appearance_render (&spec, sizes[i][0], sizes[i][1], SCALE);
      save_png (sealed, seal_name);
      assert_clear_edges (sealed, 0.75);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *keep = g_getenv ("SMARTCA_TEST_KEEP_PNG");
  int         ret;

  g_test_init (&argc, &argv, NULL);
  if (keep != NULL)
    {
      g_mkdir_with_parents (keep, 0700);
      png_dir = g_strdup (keep);
    }
  else
    png_dir = g_dir_make_tmp ("smartca-appearance-XXXXXX", NULL);

  g_test_add_func ("/pdf-appearance/vietnam-time", test_vietnam_time);
  g_test_add_func ("/pdf-appearance/text", test_text);
  g_test_add_func ("/pdf-appearance/with-image", test_with_image);
  g_test_add_func ("/pdf-appearance/image-on-top", test_image_on_top);
  g_test_add_func ("/pdf-appearance/text-only", test_text_only);
  g_test_add_func ("/pdf-appearance/unpremultiplied", test_unpremultiplied);
  g_test_add_func ("/pdf-appearance/long-text", test_long_text);
  g_test_add_func ("/pdf-appearance/markup-literal", test_markup_literal);
  g_test_add_func ("/pdf-appearance/large-box", test_large_box);
  g_test_add_func ("/pdf-appearance/thread", test_thread);
  g_test_add_func ("/pdf-appearance/samples", test_samples);

  ret = g_test_run ();
  if (keep == NULL)
    smartca_test_remove_tree (png_dir);
  g_free (png_dir);
  return ret;
}
