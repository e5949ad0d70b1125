/* smartca-image-cleanup.c: a photographed signature made into a clean one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A phone photo of a signature has paper that is neither white nor even: the
 * light falls off across the sheet, and there is noise. So the paper's
 * lightness is estimated locally: the image is cut into blocks, each block's
 * paper is a high percentile of its lightness (ink is the darker minority),
 * spread to neighbouring blocks by a maximum (a block filled with ink takes
 * its neighbours' paper) and smoothed, then interpolated for each pixel.
 * Every pixel's lightness relative to that paper decides its alpha: lighter
 * than the threshold is transparent, darker fades in over a soft edge so the
 * strokes keep their anti-aliasing. Lone specks are dropped, the result is
 * trimmed to the ink with a small margin, and the ink is optionally made
 * blue (its alpha kept).
 */

#include "config.h"

#include "smartca-image-cleanup.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Paper is the lightest part of a block: its 90th percentile. */
#define PAPER_PERCENTILE 0.90
/* Lightness relative to the paper below the threshold fades in over this. */
#define SOFT_EDGE 0.20
/* The normalised-lightness histogram covers 0..HISTOGRAM_TOP. */
#define HISTOGRAM_BINS 256
#define HISTOGRAM_TOP 1.25
/* Fewer opaque pixels than this is no signature. */
#define MIN_INK_PIXELS 6

G_DEFINE_QUARK (smartca-image-cleanup-error-quark, smartca_image_cleanup_error)

/* Per pixel: lightness relative to the local paper (1 ≈ paper, 0 = black). */
typedef struct
{
  int    width;
  int    height;
  float *relative;
  float *paper; /* the local paper's lightness, 0..1 */
} Lightness;

static void
lightness_clear (Lightness *lightness)
{
  g_clear_pointer (&lightness->relative, g_free);
  g_clear_pointer (&lightness->paper, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lightness, lightness_clear)

/* A pixel's lightness, 0..1, as it shows on white: what is transparent in
 * the picture already counts as white paper. */
static inline float
luma (const guint8 *p,
      int           channels)
{
  float value = (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) / 255.0f;

  if (channels < 4)
    return value;
  return (value * p[3] + (255 - p[3])) / 255.0f;
}

/* Each block's paper lightness. */
static float *
block_paper (GdkPixbuf *pixbuf,
             int        block,
             int        grid_width,
             int        grid_height)
{
  int           width = gdk_pixbuf_get_width (pixbuf);
  int           height = gdk_pixbuf_get_height (pixbuf);
  int           channels = gdk_pixbuf_get_n_channels (pixbuf);
  int           rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  float        *grid = g_new (float, (gsize) grid_width *grid_height);

  for (int by = 0; by < grid_height; by++)
    for (int bx = 0; bx < grid_width; bx++)
      {
        guint histogram[256] = { 0 };
        guint count = 0, seen = 0;
        int   value = 255;

        for (int y = by * block; y < MIN (height, (by + 1) * block); y++)
          for (int x = bx * block; x < MIN (width, (bx + 1) * block); x++)
            {
              const guint8 *p = pixels + (gsize) y * rowstride + (gsize) x * channels;

              histogram[(int) (luma (p, channels) * 255.0f + 0.5f)]++;
              count++;
            }
        for (value = 0; value < 255; value++)
          {
            seen += histogram[value];
            if (seen >= PAPER_PERCENTILE * count)
              break;
          }
        grid[by * grid_width + bx] = value / 255.0f;
      }
  return grid;
}

/* A 3×3 maximum (@use_max) or mean over the grid. */
static float *
filter_3x3 (const float *grid,
            int          grid_width,
            int          grid_height,
            gboolean     use_max)
{
  float *out = g_new (float, (gsize) grid_width *grid_height);

  for (int y = 0; y < grid_height; y++)
    for (int x = 0; x < grid_width; x++)
      {
        float result = 0.0f;
        int   n = 0;

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            {
              int   nx = x + dx, ny = y + dy;
              float v;

              if (nx < 0 || ny < 0 || nx >= grid_width || ny >= grid_height)
                continue;
              v = grid[ny * grid_width + nx];
              result = use_max ? MAX (result, v) : result + v;
              n++;
            }
        out[y * grid_width + x] = use_max ? result : result / n;
      }
  return out;
}

static float
grid_at (const float *grid,
         int          grid_width,
         int          grid_height,
         int          x,
         int          y)
{
  return grid[CLAMP (y, 0, grid_height - 1) * grid_width + CLAMP (x, 0, grid_width - 1)];
}

static gboolean
measure_lightness (GdkPixbuf    *pixbuf,
                   Lightness    *out,
                   GCancellable *cancellable,
                   GError      **error)
{
  int               width = gdk_pixbuf_get_width (pixbuf);
  int               height = gdk_pixbuf_get_height (pixbuf);
  int               channels = gdk_pixbuf_get_n_channels (pixbuf);
  int               rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8     *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int               block = CLAMP (MAX (width, height) / 20, 6, 64);
  int               grid_width = (width + block - 1) / block;
  int               grid_height = (height + block - 1) / block;
  g_autofree float *raw = NULL;
  g_autofree float *spread = NULL;
  g_autofree float *smooth = NULL;

  raw = block_paper (pixbuf, block, grid_width, grid_height);
  spread = filter_3x3 (raw, grid_width, grid_height, TRUE);
  smooth = filter_3x3 (spread, grid_width, grid_height, FALSE);

  out->width = width;
  out->height = height;
  out->relative = g_new (float, (gsize) width *height);
  out->paper = g_new (float, (gsize) width *height);

  for (int y = 0; y < height; y++)
    {
      /* Block centres are at (i + 0.5) * block: interpolate between them. */
      float gy = (y + 0.5f) / block - 0.5f;
      int   y0 = (int) floorf (gy);
      float fy = gy - y0;

      if (y % 64 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (int x = 0; x < width; x++)
        {
          const guint8 *p = pixels + (gsize) y * rowstride + (gsize) x * channels;
          float         gx = (x + 0.5f) / block - 0.5f;
          int           x0 = (int) floorf (gx);
          float         fx = gx - x0;
          float         top, bottom, paper;
          gsize         i = (gsize) y * width + x;

          top = grid_at (smooth, grid_width, grid_height, x0, y0) * (1 - fx) + grid_at (smooth, grid_width, grid_height, x0 + 1, y0) * fx;
          bottom = grid_at (smooth, grid_width, grid_height, x0, y0 + 1) * (1 - fx) + grid_at (smooth, grid_width, grid_height, x0 + 1, y0 + 1) * fx;
          paper = MAX (top * (1 - fy) + bottom * fy, 0.04f);
          out->paper[i] = paper;
          out->relative[i] = luma (p, channels) / paper;
        }
    }
  return TRUE;
}

/* Otsu's threshold over the histogram: the split with the largest variance
 * between the two classes, as a value of 0..HISTOGRAM_TOP. */
static double
otsu (const guint64 *histogram,
      guint64        total)
{
  double sum = 0, sum_below = 0, best = -1;
  double weight_below = 0;
  int    best_bin = HISTOGRAM_BINS - 1;

  for (int i = 0; i < HISTOGRAM_BINS; i++)
    sum += (double) i * histogram[i];

  for (int i = 0; i < HISTOGRAM_BINS; i++)
    {
      double weight_above, mean_below, mean_above, between;

      weight_below += histogram[i];
      if (weight_below == 0)
        continue;
      weight_above = total - weight_below;
      if (weight_above == 0)
        break;
      sum_below += (double) i * histogram[i];
      mean_below = sum_below / weight_below;
      mean_above = (sum - sum_below) / weight_above;
      between = weight_below * weight_above * (mean_below - mean_above) * (mean_below - mean_above);
      if (between > best)
        {
          best = between;
          best_bin = i;
        }
    }
  return (best_bin + 1.0) * HISTOGRAM_TOP / HISTOGRAM_BINS;
}

/* The value below which @fraction of the histogram lies. */
static double
histogram_quantile (const guint64 *histogram,
                    guint64        total,
                    double         fraction)
{
  guint64 seen = 0;

  for (int i = 0; i < HISTOGRAM_BINS; i++)
    {
      seen += histogram[i];
      if (seen >= fraction * total)
        return (i + 0.5) * HISTOGRAM_TOP / HISTOGRAM_BINS;
    }
  return HISTOGRAM_TOP;
}

static double
suggest_from (const Lightness *lightness)
{
  g_autofree guint64 *histogram = g_new0 (guint64, HISTOGRAM_BINS);
  gsize               n = (gsize) lightness->width * lightness->height;
  guint64             total = 0;
  double              median, upper, noise, threshold;

  for (gsize i = 0; i < n; i++)
    {
      float v = lightness->relative[i];

      histogram[MIN (HISTOGRAM_BINS - 1, (int) (v / HISTOGRAM_TOP * HISTOGRAM_BINS))]++;
      total++;
    }
  if (total == 0)
    return 0.75;

  /* The paper's noise, robustly: most pixels are paper, so the median is
   * paper, and above it there is nothing but paper (ink only ever darkens):
   * the spread from the median to the 84th percentile is the paper's own σ,
   * however much of the picture the ink covers. */
  median = histogram_quantile (histogram, total, 0.5);
  upper = histogram_quantile (histogram, total, 0.84);
  noise = MAX (upper - median, 0.01);

  /* Otsu splits ink from paper; the threshold sits between Otsu's split and
   * the paper's noise floor (so faint ink is kept), and never in the noise. */
  threshold = otsu (histogram, total);
  threshold = MIN ((threshold + median) / 2, median - 5 * noise);
  return CLAMP (threshold, 0.30, 0.92);
}

double
smartca_image_cleanup_suggest_threshold (GdkPixbuf *pixbuf)
{
  g_auto(Lightness) lightness = { 0 };

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), 0.75);

  measure_lightness (pixbuf, &lightness, NULL, NULL);
  return suggest_from (&lightness);
}

/* Alpha from the relative lightness, with a soft edge below the threshold. */
static guint8 *
ink_alpha (const Lightness *lightness,
           double           threshold)
{
  gsize   n = (gsize) lightness->width * lightness->height;
  guint8 *alpha = g_new (guint8, n);
  double  soft = MIN (SOFT_EDGE, threshold * 0.5);

  for (gsize i = 0; i < n; i++)
    {
      float  v = lightness->relative[i];
      double a = CLAMP ((threshold - v) / soft, 0.0, 1.0);

      alpha[i] = (guint8) (a * 255.0 + 0.5);
    }
  return alpha;
}

/* Drops specks: a pixel with ink with no inked neighbour. */
static void
despeckle (guint8 *alpha,
           int     width,
           int     height)
{
  g_autofree guint8 *copy = g_memdup2 (alpha, (gsize) width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        gboolean alone = TRUE;

        if (copy[(gsize) y * width + x] == 0)
          continue;
        for (int dy = -1; dy <= 1 && alone; dy++)
          for (int dx = -1; dx <= 1 && alone; dx++)
            {
              int nx = x + dx, ny = y + dy;

              if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < width && ny < height && copy[(gsize) ny * width + nx] != 0)
                alone = FALSE;
            }
        if (alone)
          alpha[(gsize) y * width + x] = 0;
      }
}

GdkPixbuf *
smartca_image_cleanup_pixbuf_full (GdkPixbuf                   *pixbuf,
                                   const SmartcaCleanupOptions *options,
                                   GCancellable                *cancellable,
                                   GError                     **error)
{
  g_auto(Lightness)  lightness = { 0 };
  g_autofree guint8 *alpha = NULL;
  int                width, height, channels, rowstride, out_rowstride;
  int                left, right, top, bottom, margin;
  guint              n_ink = 0;
  guint64            ink_histogram[HISTOGRAM_BINS] = { 0 };
  guint64            n_solid = 0;
  float              ink_level;
  const guint8      *pixels;
  guint8            *out_pixels;
  GdkPixbuf         *out;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!measure_lightness (pixbuf, &lightness, cancellable, error))
    return NULL;
  width = lightness.width;
  height = lightness.height;
  alpha = ink_alpha (&lightness, CLAMP (options->threshold, 0.0, 1.0));
  despeckle (alpha, width, height);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The ink's extent: what is clearly there (faint fringes may be cut). */
  left = width;
  top = height;
  right = bottom = -1;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 a = alpha[(gsize) y * width + x];

        if (a >= 64)
          {
            left = MIN (left, x);
            right = MAX (right, x);
            top = MIN (top, y);
            bottom = MAX (bottom, y);
          }
        if (a >= 128)
          n_ink++;
        if (a == 255)
          ink_histogram[MIN (HISTOGRAM_BINS - 1,
                             (int) (lightness.relative[(gsize) y * width + x] / HISTOGRAM_TOP * HISTOGRAM_BINS))]++;
      }
  if (n_ink < MIN_INK_PIXELS)
    {
      g_set_error_literal (error, SMARTCA_IMAGE_CLEANUP_ERROR,
                           SMARTCA_IMAGE_CLEANUP_ERROR_NO_INK,
                           _("No ink was found in the picture. Use a photo of the signature on "
                             "light paper, or raise the threshold."));
      return NULL;
    }

  /* How dark the ink itself is (most of it: its 20th percentile), to tell
   * how much of each pixel at the strokes' edges it covers. */
  for (int i = 0; i < HISTOGRAM_BINS; i++)
    n_solid += ink_histogram[i];
  ink_level = n_solid > 0 ? histogram_quantile (ink_histogram, n_solid, 0.2) : 0.0;
  ink_level = MIN (ink_level, 0.9);

  margin = CLAMP (MAX (right - left, bottom - top) / 50, 4, 24);
  out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, right - left + 1 + 2 * margin,
                        bottom - top + 1 + 2 * margin);
  if (out == NULL)
    {
      g_set_error_literal (error, SMARTCA_IMAGE_CLEANUP_ERROR,
                           SMARTCA_IMAGE_CLEANUP_ERROR_FAILED,
                           _("There is not enough memory to clean up the image."));
      return NULL;
    }
  gdk_pixbuf_fill (out, 0);

  channels = gdk_pixbuf_get_n_channels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  out_rowstride = gdk_pixbuf_get_rowstride (out);
  out_pixels = gdk_pixbuf_get_pixels (out);

  for (int y = MAX (0, top - margin); y <= MIN (height - 1, bottom + margin); y++)
    for (int x = MAX (0, left - margin); x <= MIN (width - 1, right + margin); x++)
      {
        gsize         i = (gsize) y * width + x;
        const guint8 *p = pixels + (gsize) y * rowstride + (gsize) x * channels;
        guint8       *q = out_pixels + (gsize) (y - top + margin) * out_rowstride + (gsize) (x - left + margin) * 4;
        /* What was transparent already counts as paper (see luma()): its
         * alpha is in the relative lightness, and so in alpha[]. */
        int a = alpha[i];
        int opacity = channels == 4 ? p[3] : 255;

        if (a == 0)
          continue;
        if (options->recolor_blue)
          {
            q[0] = SMARTCA_IMAGE_CLEANUP_BLUE_R;
            q[1] = SMARTCA_IMAGE_CLEANUP_BLUE_G;
            q[2] = SMARTCA_IMAGE_CLEANUP_BLUE_B;
          }
        else
          {
            /* The ink as it would look under white light, and at the
             * strokes' edges without the paper mixed in (which would show
             * as a light fringe on a dark background): a pixel's lightness
             * between the ink's and the paper's tells how much ink it has. */
            float coverage = CLAMP ((1.0f - lightness.relative[i]) / (1.0f - ink_level), 0.02f, 1.0f);

            for (int c = 0; c < 3; c++)
              {
                float seen = MIN ((p[c] * opacity / 255.0f + 255 - opacity) / lightness.paper[i], 255.0f);
                float ink = (seen - (1.0f - coverage) * 255.0f) / coverage;

                q[c] = (guint8) CLAMP (ink + 0.5f, 0.0f, 255.0f);
              }
          }
        q[3] = (guint8) a;
      }
  return out;
}

GdkPixbuf *
smartca_image_cleanup_pixbuf (GdkPixbuf                   *pixbuf,
                              const SmartcaCleanupOptions *options)
{
  return smartca_image_cleanup_pixbuf_full (pixbuf, options, NULL, NULL);
}

/* PNG in and out */

GdkPixbuf *
smartca_image_cleanup_decode_png (GBytes       *png,
                                  GCancellable *cancellable,
                                  GError      **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf)    pixbuf = NULL;
  g_autoptr(GError)       local_error = NULL;

  g_return_val_if_fail (png != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (png);
  pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, &local_error);
  if (pixbuf == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SMARTCA_IMAGE_CLEANUP_ERROR,
                     SMARTCA_IMAGE_CLEANUP_ERROR_FAILED,
                     _("The image could not be read: %s"), local_error->message);
      return NULL;
    }
  if (gdk_pixbuf_get_has_alpha (pixbuf))
    return g_steal_pointer (&pixbuf);
  return gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);
}

GBytes *
smartca_image_cleanup_encode_png (GdkPixbuf *pixbuf,
                                  GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  char             *buffer = NULL;
  gsize             length = 0;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", &local_error, NULL))
    {
      g_set_error (error, SMARTCA_IMAGE_CLEANUP_ERROR,
                   SMARTCA_IMAGE_CLEANUP_ERROR_FAILED,
                   _("The image could not be converted: %s"), local_error->message);
      return NULL;
    }
  return g_bytes_new_take (buffer, length);
}

/* Worker threads */

typedef struct
{
  GBytes               *png;
  GdkPixbuf            *pixbuf;
  SmartcaCleanupOptions options;
} CleanupState;

static void
cleanup_state_free (CleanupState *state)
{
  g_clear_pointer (&state->png, g_bytes_unref);
  g_clear_object (&state->pixbuf);
  g_free (state);
}

/* Runs @thread_func on @png or @pixbuf in a worker thread: the one way both
 * async variants start. */
static void
cleanup_task_run (gpointer                     source_tag,
                  GBytes                      *png,
                  GdkPixbuf                   *pixbuf,
                  const SmartcaCleanupOptions *options,
                  GTaskThreadFunc              thread_func,
                  GCancellable                *cancellable,
                  GAsyncReadyCallback          callback,
                  gpointer                     user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CleanupState    *state = g_new0 (CleanupState, 1);

  state->options = *options;
  state->png = png != NULL ? g_bytes_ref (png) : NULL;
  state->pixbuf = pixbuf != NULL ? g_object_ref (pixbuf) : NULL;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, state, (GDestroyNotify) cleanup_state_free);
  g_task_run_in_thread (task, thread_func);
}

static void
cleanup_pixbuf_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CleanupState *state = task_data;
  GError       *error = NULL;
  GdkPixbuf    *result;

  result = smartca_image_cleanup_pixbuf_full (state->pixbuf, &state->options, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

void
smartca_image_cleanup_pixbuf_async (GdkPixbuf                   *pixbuf,
                                    const SmartcaCleanupOptions *options,
                                    GCancellable                *cancellable,
                                    GAsyncReadyCallback          callback,
                                    gpointer                     user_data)
{
  g_return_if_fail (GDK_IS_PIXBUF (pixbuf));
  g_return_if_fail (options != NULL);

  cleanup_task_run (smartca_image_cleanup_pixbuf_async, NULL, pixbuf, options,
                    cleanup_pixbuf_thread, cancellable, callback, user_data);
}

GdkPixbuf *
smartca_image_cleanup_pixbuf_finish (GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == smartca_image_cleanup_pixbuf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleanup_png_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CleanupState        *state = task_data;
  GError              *error = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) cleaned = NULL;
  GBytes              *png;

  decoded = smartca_image_cleanup_decode_png (state->png, cancellable, &error);
  if (decoded != NULL)
    cleaned = smartca_image_cleanup_pixbuf_full (decoded, &state->options, cancellable, &error);
  if (cleaned != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      png = smartca_image_cleanup_encode_png (cleaned, &error);
      if (png != NULL)
        {
          g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
          return;
        }
    }
  g_task_return_error (task, error);
}

void
smartca_image_cleanup_async (GBytes                      *png,
                             const SmartcaCleanupOptions *options,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  g_return_if_fail (png != NULL);
  g_return_if_fail (options != NULL);

  cleanup_task_run (smartca_image_cleanup_async, png, NULL, options, cleanup_png_thread,
                    cancellable, callback, user_data);
}

GBytes *
smartca_image_cleanup_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == smartca_image_cleanup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
