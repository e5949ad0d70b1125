/* smartca-test-photo.c: generated "photos" of a signature on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-test-photo.h"

#include <math.h>

#define WIDTH SMARTCA_TEST_PHOTO_WIDTH
#define HEIGHT SMARTCA_TEST_PHOTO_HEIGHT
#define RADIUS SMARTCA_TEST_PHOTO_PEN_RADIUS

const guint8 smartca_test_blue_ink[3] = { 30, 55, 160 };
const guint8 smartca_test_black_ink[3] = { 25, 25, 30 };

void
smartca_test_photo_free (SmartcaTestPhoto *photo)
{
  g_clear_object (&photo->pixbuf);
  g_free (photo->coverage);
  g_free (photo->distance);
  g_free (photo);
}

/* A disc of the pen at (cx, cy): each pixel keeps the nearest distance. */
static void
stamp (SmartcaTestPhoto *photo,
       double            cx,
       double            cy)
{
  for (int y = (int) (cy - RADIUS - 2); y <= (int) (cy + RADIUS + 2); y++)
    for (int x = (int) (cx - RADIUS - 2); x <= (int) (cx + RADIUS + 2); x++)
      {
        double d;

        if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT)
          continue;
        d = hypot (x + 0.5 - cx, y + 0.5 - cy);
        if (d < photo->distance[y * WIDTH + x])
          photo->distance[y * WIDTH + x] = d;
      }
}

/* A signature-like scrawl: a few loops travelling right, and an underline. */
static void
draw_signature (SmartcaTestPhoto *photo)
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

SmartcaTestPhoto *
smartca_test_photo_new (const guint8 ink[3],
                        gboolean     with_stroke,
                        double       light_low,
                        guint32      seed)
{
  SmartcaTestPhoto *photo = g_new0 (SmartcaTestPhoto, 1);
  GRand            *rand = g_rand_new_with_seed (seed);
  guint8           *pixels;
  int               rowstride;

  photo->pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  photo->coverage = g_new0 (float, WIDTH *HEIGHT);
  photo->distance = g_new (float, WIDTH *HEIGHT);
  for (int i = 0; i < WIDTH * HEIGHT; i++)
    photo->distance[i] = 1000;
  if (with_stroke)
    draw_signature (photo);

  photo->left = WIDTH;
  photo->top = HEIGHT;
  photo->right = photo->bottom = -1;
  pixels = gdk_pixbuf_get_pixels (photo->pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (photo->pixbuf);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        static const double paper[3] = { 235, 232, 225 };
        guint8             *p = pixels + y * rowstride + x * 3;
        double              light = light_low + (1.05 - light_low) * x / WIDTH - 0.04 * y / HEIGHT;
        double              noise = 0;
        float               coverage;

        /* Anti-aliased: the pen's edge covers a pixel partly. */
        coverage = CLAMP (RADIUS + 0.5 - photo->distance[y * WIDTH + x], 0.0, 1.0);
        photo->coverage[y * WIDTH + x] = coverage;
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

GBytes *
smartca_test_photo_png (SmartcaTestPhoto *photo)
{
  g_autoptr(GError) error = NULL;
  char             *buffer = NULL;
  gsize             length = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (photo->pixbuf, &buffer, &length, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static const guint8 *
pixel_at (GdkPixbuf *pixbuf,
          int        x,
          int        y)
{
  return gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 4;
}

/* Where the photo's (0, 0) lies in @out: found by matching the strokes. */
static void
find_offset (SmartcaTestPhoto *photo,
             GdkPixbuf        *out,
             int              *ox,
             int              *oy)
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
              gboolean ink = photo->coverage[y * WIDTH + x] >= 0.5;

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

SmartcaTestPhotoTally
smartca_test_photo_tally (SmartcaTestPhoto *photo,
                          GdkPixbuf        *out)
{
  SmartcaTestPhotoTally counts = { 0 };
  int                   ox, oy;
  int                   width = gdk_pixbuf_get_width (out), height = gdk_pixbuf_get_height (out);

  g_assert_true (gdk_pixbuf_get_has_alpha (out));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (out), ==, 4);
  find_offset (photo, out, &ox, &oy);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        float         d = photo->distance[y * WIDTH + x];
        int           qx = x + ox, qy = y + oy;
        const guint8 *q = qx >= 0 && qy >= 0 && qx < width && qy < height ? pixel_at (out, qx, qy) : NULL;

        if (d > RADIUS + 2.5)
          {
            counts.paper++;
            counts.paper_clear += q == NULL || q[3] == 0;
          }
        else if (d <= RADIUS - 1)
          {
            counts.core++;
            counts.core_opaque += q != NULL && q[3] >= 200;
            counts.core_blue += q != NULL && q[2] > q[0] + 60 && q[2] > q[1] + 40;
          }
      }
  return counts;
}

/* ≥ 99 % of the paper fully transparent, every pixel of the stroke's core
 * opaque, and trimmed: the stroke's extent plus a small margin, no more. */
void
smartca_test_photo_assert_clean (SmartcaTestPhoto *photo,
                                 GdkPixbuf        *out)
{
  SmartcaTestPhotoTally counts = smartca_test_photo_tally (photo, out);
  int                   ink_width = photo->right - photo->left + 1;
  int                   ink_height = photo->bottom - photo->top + 1;
  int                   slack = 2 * SMARTCA_TEST_PHOTO_MAX_MARGIN + 4;

  g_test_message ("paper transparent: %u of %u; stroke core opaque: %u of %u; %d × %d for ink of %d × %d",
                  counts.paper_clear, counts.paper, counts.core_opaque, counts.core,
                  gdk_pixbuf_get_width (out), gdk_pixbuf_get_height (out), ink_width, ink_height);
  g_assert_cmpuint (counts.core, >, 2000);
  g_assert_cmpfloat ((double) counts.paper_clear / counts.paper, >=, 0.99);
  g_assert_cmpuint (counts.core_opaque, ==, counts.core);

  g_assert_cmpint (gdk_pixbuf_get_width (out), >=, ink_width);
  g_assert_cmpint (gdk_pixbuf_get_width (out), <=, ink_width + slack);
  g_assert_cmpint (gdk_pixbuf_get_height (out), >=, ink_height);
  g_assert_cmpint (gdk_pixbuf_get_height (out), <=, ink_height + slack);
}
