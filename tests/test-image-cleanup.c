/* test-image-cleanup.c: a photographed signature made clean; every "photo"
 * is generated here: off-white paper with noise and uneven light, and a pen
 * stroke drawn as thick anti-aliased curves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>

#include "smartca-image-cleanup.h"

#define PHOTO_WIDTH 900
#define PHOTO_HEIGHT 600
#define PEN_RADIUS 4.0

typedef struct
{
  GdkPixbuf *pixbuf;
  float     *coverage;                 /* how much of each pixel the stroke covers, 0..1 */
  float     *distance;                 /* to the stroke's centre line (capped) */
  int        left, top, right, bottom; /* the stroke's extent (coverage ≥ 0.5) */
} Photo;

static void
photo_free (Photo *photo)
{
  g_clear_object (&photo->pixbuf);
  g_free (photo->coverage);
  g_free (photo->distance);
  g_free (photo);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Photo, photo_free)

/* A disc of the pen at (cx, cy): each pixel keeps the nearest distance. */
static void
stamp (Photo *photo,
       double cx,
       double cy)
{
  for (int y = (int) (cy - PEN_RADIUS - 2); y <= (int) (cy + PEN_RADIUS + 2); y++)
    for (int x = (int) (cx - PEN_RADIUS - 2); x <= (int) (cx + PEN_RADIUS + 2); x++)
      {
        double d;

        if (x < 0 || y < 0 || x >= PHOTO_WIDTH || y >= PHOTO_HEIGHT)
          continue;
        d = hypot (x + 0.5 - cx, y + 0.5 - cy);
        if (d < photo->distance[y * PHOTO_WIDTH + x])
          photo->distance[y * PHOTO_WIDTH + x] = d;
      }
}

/* A signature-like scrawl: a few loops travelling right, and an underline. */
static void
draw_signature (Photo *photo)
{
  for (double t = 0; t < 1; t += 0.0002)
    {
      double x = 200 + 450 * t + 45 * sin (t * 6 * 2 * G_PI);
      double y = 280 - 70 * sin (t * 3 * 2 * G_PI) * cos (t * 6 * 2 * G_PI + 0.7);

      stamp (photo, x, y);
    }
  for (double t = 0; t < 1; t += 0.0005)
    stamp (photo, 230 + 400 * t, 390 - 25 * sin (t * G_PI));
}

/* @light_low..1.05: the light across the sheet, left to right. */
static Photo *
make_photo (const guint8 ink[3],
            gboolean     with_stroke,
            double       light_low,
            guint32      seed)
{
  Photo  *photo = g_new0 (Photo, 1);
  GRand  *rand = g_rand_new_with_seed (seed);
  guint8 *pixels;
  int     rowstride;

  photo->pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_WIDTH, PHOTO_HEIGHT);
  photo->coverage = g_new0 (float, PHOTO_WIDTH *PHOTO_HEIGHT);
  photo->distance = g_new (float, PHOTO_WIDTH *PHOTO_HEIGHT);
  for (int i = 0; i < PHOTO_WIDTH * PHOTO_HEIGHT; i++)
    photo->distance[i] = 1000;
  if (with_stroke)
    draw_signature (photo);

  photo->left = PHOTO_WIDTH;
  photo->top = PHOTO_HEIGHT;
  photo->right = photo->bottom = -1;
  pixels = gdk_pixbuf_get_pixels (photo->pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (photo->pixbuf);
  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      {
        static const double paper[3] = { 235, 232, 225 };
        guint8             *p = pixels + y * rowstride + x * 3;
        double              light = light_low + (1.05 - light_low) * x / PHOTO_WIDTH - 0.04 * y / PHOTO_HEIGHT;
        double              noise = 0;
        float               coverage;

        /* Anti-aliased: the pen's edge covers a pixel partly. */
        coverage = CLAMP (PEN_RADIUS + 0.5 - photo->distance[y * PHOTO_WIDTH + x], 0.0, 1.0);
        photo->coverage[y * PHOTO_WIDTH + x] = coverage;
        if (coverage >= 0.5)
          {
            photo->left = MIN (photo->left, x);
            photo->right = MAX (photo->right, x);
            photo->top = MIN (photo->top, y);
            photo->bottom = MAX (photo->bottom, y);
          }
        /* Sensor noise, roughly Gaussian (σ ≈ 3.5 levels). */
        for (int i = 0; i < 4; i++)
          noise += g_rand_double_range (rand, -3, 3);
        for (int c = 0; c < 3; c++)
          {
            double v = (coverage * ink[c] + (1 - coverage) * paper[c]) * light + noise;
            p[c] = (guint8) CLAMP (v + 0.5, 0, 255);
          }
      }
  g_rand_free (rand);
  return photo;
}

static const guint8 blue_ink[3] = { 30, 55, 160 };
static const guint8 black_ink[3] = { 25, 25, 30 };

typedef struct
{
  guint paper, paper_clear;
  guint core, core_opaque;
  guint core_blue;
} Tally;

static const guint8 *
pixel_at (GdkPixbuf *pixbuf,
          int        x,
          int        y)
{
  return gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 4;
}

/* Where the photo's (0, 0) lies in @out: found by matching the strokes. */
static void
find_offset (Photo     *photo,
             GdkPixbuf *out,
             int       *ox,
             int       *oy)
{
  int  width = gdk_pixbuf_get_width (out), height = gdk_pixbuf_get_height (out);
  int  left = width, top = height;
  long best = -1;
  int  gx, gy;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixel_at (out, x, y)[3] >= 128)
        {
          left = MIN (left, x);
          top = MIN (top, y);
        }
  g_assert_cmpint (left, <, width);
  gx = left - photo->left;
  gy = top - photo->top;
  *ox = gx;
  *oy = gy;
  for (int dy = -3; dy <= 3; dy++)
    for (int dx = -3; dx <= 3; dx++)
      {
        long score = 0;

        for (int y = photo->top; y <= photo->bottom; y += 2)
          for (int x = photo->left; x <= photo->right; x += 2)
            {
              int      qx = x + gx + dx, qy = y + gy + dy;
              gboolean opaque = qx >= 0 && qy >= 0 && qx < width && qy < height && pixel_at (out, qx, qy)[3] >= 128;
              gboolean ink = photo->coverage[y * PHOTO_WIDTH + x] >= 0.5;

              score += opaque == ink;
            }
        if (score > best)
          {
            best = score;
            *ox = gx + dx;
            *oy = gy + dy;
          }
      }
}

/* Paper: farther than two pixels from the stroke's edge. Core: within the
 * stroke, a pixel from its edge. */
static Tally
tally (Photo     *photo,
       GdkPixbuf *out)
{
  Tally counts = { 0 };
  int   ox, oy;
  int   width = gdk_pixbuf_get_width (out), height = gdk_pixbuf_get_height (out);

  g_assert_true (gdk_pixbuf_get_has_alpha (out));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (out), ==, 4);
  find_offset (photo, out, &ox, &oy);

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      {
        float         d = photo->distance[y * PHOTO_WIDTH + x];
        int           qx = x + ox, qy = y + oy;
        const guint8 *q = qx >= 0 && qy >= 0 && qx < width && qy < height ? pixel_at (out, qx, qy) : NULL;

        if (d > PEN_RADIUS + 2.5)
          {
            counts.paper++;
            /* Trimmed away is transparent too. */
            counts.paper_clear += q == NULL || q[3] == 0;
          }
        else if (d <= PEN_RADIUS - 1)
          {
            counts.core++;
            counts.core_opaque += q != NULL && q[3] >= 200;
            counts.core_blue += q != NULL && q[2] > q[0] + 60 && q[2] > q[1] + 40;
          }
      }
  return counts;
}

/* Trimmed: the stroke's extent plus a small margin, no more. */
static void
assert_trimmed (Photo     *photo,
                GdkPixbuf *out)
{
  int ink_width = photo->right - photo->left + 1;
  int ink_height = photo->bottom - photo->top + 1;

  g_assert_cmpint (gdk_pixbuf_get_width (out), >=, ink_width);
  g_assert_cmpint (gdk_pixbuf_get_width (out), <=, ink_width + 2 * 24 + 4);
  g_assert_cmpint (gdk_pixbuf_get_height (out), >=, ink_height);
  g_assert_cmpint (gdk_pixbuf_get_height (out), <=, ink_height + 2 * 24 + 4);
}

static void
assert_clean (Photo     *photo,
              GdkPixbuf *out)
{
  Tally counts = tally (photo, out);

  g_test_message ("paper transparent: %u of %u; stroke core opaque: %u of %u",
                  counts.paper_clear, counts.paper, counts.core_opaque, counts.core);
  g_assert_cmpuint (counts.core, >, 2000);
  /* ≥ 99 % of the paper is fully transparent (alpha 0). */
  g_assert_cmpfloat ((double) counts.paper_clear / counts.paper, >=, 0.99);
  /* The stroke's core is opaque: every pixel of it. */
  g_assert_cmpuint (counts.core_opaque, ==, counts.core);
  assert_trimmed (photo, out);
}

static GdkPixbuf *
clean (GdkPixbuf *pixbuf,
       gboolean   recolor_blue)
{
  SmartcaCleanupOptions options = { 0 };
  g_autoptr(GError)     error = NULL;
  GdkPixbuf            *out;

  options.threshold = smartca_image_cleanup_suggest_threshold (pixbuf);
  options.recolor_blue = recolor_blue;
  g_test_message ("suggested threshold %.3f", options.threshold);
  g_assert_cmpfloat (options.threshold, >, 0.3);
  g_assert_cmpfloat (options.threshold, <, 0.95);
  out = smartca_image_cleanup_pixbuf_full (pixbuf, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

static void
test_blue_photo (void)
{
  g_autoptr(Photo)     photo = make_photo (blue_ink, TRUE, 0.88, 1);
  g_autoptr(GdkPixbuf) out = clean (photo->pixbuf, FALSE);
  Tally                counts;

  assert_clean (photo, out);
  /* Left as it was, the ink stays blue. */
  counts = tally (photo, out);
  g_assert_cmpuint (counts.core_blue, >=, counts.core * 99 / 100);
}

/* The light falls from one side to the other (a shadow): one threshold for
 * the whole sheet would either keep the dim paper or lose the bright ink. */
static void
test_uneven_light (void)
{
  g_autoptr(Photo)     photo = make_photo (blue_ink, TRUE, 0.55, 2);
  g_autoptr(GdkPixbuf) out = clean (photo->pixbuf, FALSE);

  assert_clean (photo, out);
}

static void
test_black_ink_recolored (void)
{
  g_autoptr(Photo)     photo = make_photo (black_ink, TRUE, 0.9, 3);
  g_autoptr(GdkPixbuf) plain = clean (photo->pixbuf, FALSE);
  g_autoptr(GdkPixbuf) blue = clean (photo->pixbuf, TRUE);
  Tally                counts;

  assert_clean (photo, plain);
  counts = tally (photo, plain);
  g_assert_cmpuint (counts.core_blue, ==, 0);

  /* Recoloured: the same alpha, the ink now blue. */
  assert_clean (photo, blue);
  counts = tally (photo, blue);
  g_assert_cmpuint (counts.core_blue, ==, counts.core);
  g_assert_cmpint (gdk_pixbuf_get_width (blue), ==, gdk_pixbuf_get_width (plain));
  g_assert_cmpint (gdk_pixbuf_get_height (blue), ==, gdk_pixbuf_get_height (plain));
  for (int y = 0; y < gdk_pixbuf_get_height (blue); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (blue); x++)
      {
        const guint8 *b = pixel_at (blue, x, y);

        g_assert_cmpuint (b[3], ==, pixel_at (plain, x, y)[3]);
        if (b[3] != 0)
          {
            g_assert_cmpuint (b[0], ==, SMARTCA_IMAGE_CLEANUP_BLUE_R);
            g_assert_cmpuint (b[1], ==, SMARTCA_IMAGE_CLEANUP_BLUE_G);
            g_assert_cmpuint (b[2], ==, SMARTCA_IMAGE_CLEANUP_BLUE_B);
          }
      }
}

static void
test_no_ink (void)
{
  g_autoptr(Photo)      photo = make_photo (blue_ink, FALSE, 0.8, 4);
  SmartcaCleanupOptions options = { 0 };
  g_autoptr(GError)     error = NULL;
  g_autoptr(GdkPixbuf)  out = NULL;

  options.threshold = smartca_image_cleanup_suggest_threshold (photo->pixbuf);
  out = smartca_image_cleanup_pixbuf_full (photo->pixbuf, &options, NULL, &error);
  g_assert_error (error, SMARTCA_IMAGE_CLEANUP_ERROR, SMARTCA_IMAGE_CLEANUP_ERROR_NO_INK);
  g_assert_null (out);
  g_assert_nonnull (strstr (error->message, "ink"));
  g_assert_null (smartca_image_cleanup_pixbuf (photo->pixbuf, &options));
}

static GBytes *
encode_png (GdkPixbuf *pixbuf)
{
  g_autoptr(GError) error = NULL;
  GBytes           *png = smartca_image_cleanup_encode_png (pixbuf, &error);

  g_assert_no_error (error);
  return png;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_async_png (void)
{
  g_autoptr(Photo)        photo = make_photo (blue_ink, TRUE, 0.85, 5);
  g_autoptr(GBytes)       png = encode_png (photo->pixbuf);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  g_autoptr(GBytes)       cleaned = NULL;
  g_autoptr(GdkPixbuf)    out = NULL;
  SmartcaCleanupOptions   options = { 0 };
  static const guint8     signature[] = { 0x89, 'P', 'N', 'G' };

  options.threshold = smartca_image_cleanup_suggest_threshold (photo->pixbuf);
  options.recolor_blue = TRUE;
  smartca_image_cleanup_async (png, &options, NULL, store_result, &result);
  cleaned = smartca_image_cleanup_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cleaned);
  g_assert_cmpmem (g_bytes_get_data (cleaned, NULL), 4, signature, 4);

  out = smartca_image_cleanup_decode_png (cleaned, NULL, &error);
  g_assert_no_error (error);
  assert_clean (photo, out);
}

static void
test_async_no_ink (void)
{
  g_autoptr(Photo)        photo = make_photo (black_ink, FALSE, 0.95, 6);
  g_autoptr(GBytes)       png = encode_png (photo->pixbuf);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  g_autoptr(GBytes)       cleaned = NULL;
  SmartcaCleanupOptions   options = { 0.8, FALSE };

  smartca_image_cleanup_async (png, &options, NULL, store_result, &result);
  cleaned = smartca_image_cleanup_finish (wait_result (&result), &error);
  g_assert_error (error, SMARTCA_IMAGE_CLEANUP_ERROR, SMARTCA_IMAGE_CLEANUP_ERROR_NO_INK);
  g_assert_null (cleaned);
}

static void
test_cancel (void)
{
  g_autoptr(Photo)        photo = make_photo (blue_ink, TRUE, 0.85, 7);
  g_autoptr(GBytes)       png = encode_png (photo->pixbuf);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) preview_result = NULL;
  g_autoptr(GError)       error = NULL;
  g_autoptr(GError)       preview_error = NULL;
  g_autoptr(GBytes)       cleaned = NULL;
  g_autoptr(GdkPixbuf)    preview = NULL;
  SmartcaCleanupOptions   options = { 0.8, FALSE };

  /* Cancelled while it runs: the result is the cancellation, never an image. */
  smartca_image_cleanup_async (png, &options, cancellable, store_result, &result);
  smartca_image_cleanup_pixbuf_async (photo->pixbuf, &options, cancellable, store_result,
                                      &preview_result);
  g_cancellable_cancel (cancellable);
  cleaned = smartca_image_cleanup_finish (wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cleaned);
  preview = smartca_image_cleanup_pixbuf_finish (wait_result (&preview_result), &preview_error);
  g_assert_error (preview_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (preview);

  /* The synchronous path stops too. */
  g_clear_error (&error);
  g_assert_null (smartca_image_cleanup_pixbuf_full (photo->pixbuf, &options, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The preview path (a smaller copy) finds the same ink. */
static void
test_preview_async (void)
{
  g_autoptr(Photo)        photo = make_photo (blue_ink, TRUE, 0.85, 8);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  g_autoptr(GdkPixbuf)    out = NULL;
  SmartcaCleanupOptions   options = { 0 };

  options.threshold = smartca_image_cleanup_suggest_threshold (photo->pixbuf);
  smartca_image_cleanup_pixbuf_async (photo->pixbuf, &options, NULL, store_result, &result);
  out = smartca_image_cleanup_pixbuf_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  assert_clean (photo, out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-cleanup/blue-photo", test_blue_photo);
  g_test_add_func ("/image-cleanup/uneven-light", test_uneven_light);
  g_test_add_func ("/image-cleanup/black-ink-recolored", test_black_ink_recolored);
  g_test_add_func ("/image-cleanup/no-ink", test_no_ink);
  g_test_add_func ("/image-cleanup/async-png", test_async_png);
  g_test_add_func ("/image-cleanup/async-no-ink", test_async_no_ink);
  g_test_add_func ("/image-cleanup/preview-async", test_preview_async);
  g_test_add_func ("/image-cleanup/cancel", test_cancel);

  return g_test_run ();
}
