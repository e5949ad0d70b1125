/* test-image-cleanup.c: a photographed signature made clean; every "photo"
 * is generated here: off-white paper with noise and uneven light, and a pen
 * stroke drawn as thick anti-aliased curves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "smartca-image-cleanup.h"
#include "smartca-test-photo.h"
#include "smartca-test-pki.h"

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
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.88, 1);
  g_autoptr(GdkPixbuf)        out = clean (photo->pixbuf, FALSE);
  SmartcaTestPhotoTally       counts;

  smartca_test_photo_assert_clean (photo, out);
  /* Left as it was, the ink stays blue. */
  counts = smartca_test_photo_tally (photo, out);
  g_assert_cmpuint (counts.core_blue, >=, counts.core * 99 / 100);
}

/* The light falls from one side to the other (a shadow): one threshold for
 * the whole sheet would either keep the dim paper or lose the bright ink. */
static void
test_uneven_light (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.55, 2);
  g_autoptr(GdkPixbuf)        out = clean (photo->pixbuf, FALSE);

  smartca_test_photo_assert_clean (photo, out);
}

static void
test_black_ink_recolored (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_black_ink, TRUE, 0.9, 3);
  g_autoptr(GdkPixbuf)        plain = clean (photo->pixbuf, FALSE);
  g_autoptr(GdkPixbuf)        blue = clean (photo->pixbuf, TRUE);
  guint                       n_edge, n_light;
  SmartcaTestPhotoTally       counts;

  smartca_test_photo_assert_clean (photo, plain);
  /* No light fringe: even the strokes' soft edges are dark ink. */
  n_edge = n_light = 0;
  for (int y = 0; y < gdk_pixbuf_get_height (plain); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (plain); x++)
      {
        const guint8 *p = gdk_pixbuf_read_pixels (plain) + y * gdk_pixbuf_get_rowstride (plain) + x * 4;

        if (p[3] >= 16)
          {
            n_edge++;
            n_light += MAX (MAX (p[0], p[1]), p[2]) > 100;
          }
      }
  g_test_message ("light fringe: %u of %u", n_light, n_edge);
  g_assert_cmpuint (n_light, <=, n_edge / 200);
  counts = smartca_test_photo_tally (photo, plain);
  g_assert_cmpuint (counts.core_blue, ==, 0);

  /* Recoloured: the same alpha, the ink now blue. */
  smartca_test_photo_assert_clean (photo, blue);
  counts = smartca_test_photo_tally (photo, blue);
  g_assert_cmpuint (counts.core_blue, ==, counts.core);
  g_assert_cmpint (gdk_pixbuf_get_width (blue), ==, gdk_pixbuf_get_width (plain));
  g_assert_cmpint (gdk_pixbuf_get_height (blue), ==, gdk_pixbuf_get_height (plain));
  for (int y = 0; y < gdk_pixbuf_get_height (blue); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (blue); x++)
      {
        const guint8 *b = (gdk_pixbuf_read_pixels (blue) + y * gdk_pixbuf_get_rowstride (blue) + x * 4);

        g_assert_cmpuint (b[3], ==, (gdk_pixbuf_read_pixels (plain) + y * gdk_pixbuf_get_rowstride (plain) + x * 4)[3]);
        if (b[3] != 0)
          {
            g_assert_cmpuint (b[0], ==, SMARTCA_IMAGE_CLEANUP_BLUE_R);
            g_assert_cmpuint (b[1], ==, SMARTCA_IMAGE_CLEANUP_BLUE_G);
            g_assert_cmpuint (b[2], ==, SMARTCA_IMAGE_CLEANUP_BLUE_B);
          }
      }
}

/* A photo cropped close around the signature: ink is no longer a small
 * minority of the pixels. */
static void
test_tight_crop (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.85, 9);
  g_autoptr(GdkPixbuf)        crop = NULL;
  g_autoptr(GdkPixbuf)        out = NULL;

  crop = gdk_pixbuf_new_subpixbuf (photo->pixbuf, photo->left - 4, photo->top - 4,
                                   photo->right - photo->left + 9, photo->bottom - photo->top + 9);
  out = clean (crop, FALSE);
  smartca_test_photo_assert_clean (photo, out);
}

/* A picture that is transparent already (a drawn signature, say): what is
 * transparent counts as paper, the ink stays. */
static void
test_already_transparent (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 1.0, 10);
  g_autoptr(GdkPixbuf)        drawn = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, SMARTCA_TEST_PHOTO_WIDTH,
                                                      SMARTCA_TEST_PHOTO_HEIGHT);
  g_autoptr(GdkPixbuf)        out = NULL;
  guint8                     *pixels = gdk_pixbuf_get_pixels (drawn);
  int                         rowstride = gdk_pixbuf_get_rowstride (drawn);

  for (int y = 0; y < SMARTCA_TEST_PHOTO_HEIGHT; y++)
    for (int x = 0; x < SMARTCA_TEST_PHOTO_WIDTH; x++)
      {
        guint8 *p = pixels + y * rowstride + x * 4;

        memcpy (p, smartca_test_blue_ink, 3);
        p[3] = (guint8) (photo->coverage[y * SMARTCA_TEST_PHOTO_WIDTH + x] * 255 + 0.5);
      }
  out = clean (drawn, FALSE);
  smartca_test_photo_assert_clean (photo, out);
}

/* Phones save photos as JPEG: its artefacts around the strokes are not ink. */
static void
test_jpeg_photo (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.8, 14);
  g_autoptr(GError)           error = NULL;
  g_autoptr(GBytes)           jpeg = NULL;
  g_autoptr(GdkPixbuf)        decoded = NULL;
  g_autoptr(GdkPixbuf)        out = NULL;
  char                       *buffer = NULL;
  gsize                       length = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (photo->pixbuf, &buffer, &length, "jpeg", &error, "quality", "80",
                                            NULL));
  g_assert_no_error (error);
  jpeg = g_bytes_new_take (buffer, length);
  decoded = smartca_image_cleanup_decode_png (jpeg, NULL, &error);
  g_assert_no_error (error);
  out = clean (decoded, TRUE);
  smartca_test_photo_assert_clean (photo, out);
}

static void
test_no_ink (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, FALSE, 0.8, 4);
  SmartcaCleanupOptions       options = { 0 };
  g_autoptr(GError)           error = NULL;
  g_autoptr(GdkPixbuf)        out = NULL;

  options.threshold = smartca_image_cleanup_suggest_threshold (photo->pixbuf);
  out = smartca_image_cleanup_pixbuf_full (photo->pixbuf, &options, NULL, &error);
  g_assert_error (error, SMARTCA_IMAGE_CLEANUP_ERROR, SMARTCA_IMAGE_CLEANUP_ERROR_NO_INK);
  g_assert_null (out);
  g_assert_nonnull (strstr (error->message, "ink"));
  g_assert_null (smartca_image_cleanup_pixbuf (photo->pixbuf, &options));
}

static void
test_async_png (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.85, 5);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(GBytes)           cleaned = NULL;
  g_autoptr(GdkPixbuf)        out = NULL;
  SmartcaCleanupOptions       options = { 0 };
  static const guint8         signature[] = { 0x89, 'P', 'N', 'G' };

  options.threshold = smartca_image_cleanup_suggest_threshold (photo->pixbuf);
  options.recolor_blue = TRUE;
  smartca_image_cleanup_async (png, &options, NULL, smartca_test_result_cb, &result);
  cleaned = smartca_image_cleanup_finish (smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cleaned);
  g_assert_cmpmem (g_bytes_get_data (cleaned, NULL), 4, signature, 4);

  out = smartca_image_cleanup_decode_png (cleaned, NULL, &error);
  g_assert_no_error (error);
  smartca_test_photo_assert_clean (photo, out);
}

static void
test_async_no_ink (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_black_ink, FALSE, 0.95, 6);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(GBytes)           cleaned = NULL;
  SmartcaCleanupOptions       options = { 0.8, FALSE };

  smartca_image_cleanup_async (png, &options, NULL, smartca_test_result_cb, &result);
  cleaned = smartca_image_cleanup_finish (smartca_test_wait_result (&result), &error);
  g_assert_error (error, SMARTCA_IMAGE_CLEANUP_ERROR, SMARTCA_IMAGE_CLEANUP_ERROR_NO_INK);
  g_assert_null (cleaned);
}

static void
test_cancel (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.85, 7);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_autoptr(GCancellable)     cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(GAsyncResult)     preview_result = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(GError)           preview_error = NULL;
  g_autoptr(GBytes)           cleaned = NULL;
  g_autoptr(GdkPixbuf)        preview = NULL;
  SmartcaCleanupOptions       options = { 0.8, FALSE };

  /* Cancelled while it runs: the result is the cancellation, never an image. */
  smartca_image_cleanup_async (png, &options, cancellable, smartca_test_result_cb, &result);
  smartca_image_cleanup_pixbuf_async (photo->pixbuf, &options, cancellable, smartca_test_result_cb,
                                      &preview_result);
  g_cancellable_cancel (cancellable);
  cleaned = smartca_image_cleanup_finish (smartca_test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cleaned);
  preview = smartca_image_cleanup_pixbuf_finish (smartca_test_wait_result (&preview_result), &preview_error);
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
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.85, 8);
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(GdkPixbuf)        out = NULL;
  SmartcaCleanupOptions       options = { 0 };

  options.threshold = smartca_image_cleanup_suggest_threshold (photo->pixbuf);
  smartca_image_cleanup_pixbuf_async (photo->pixbuf, &options, NULL, smartca_test_result_cb, &result);
  out = smartca_image_cleanup_pixbuf_finish (smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  smartca_test_photo_assert_clean (photo, out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-cleanup/blue-photo", test_blue_photo);
  g_test_add_func ("/image-cleanup/uneven-light", test_uneven_light);
  g_test_add_func ("/image-cleanup/black-ink-recolored", test_black_ink_recolored);
  g_test_add_func ("/image-cleanup/tight-crop", test_tight_crop);
  g_test_add_func ("/image-cleanup/already-transparent", test_already_transparent);
  g_test_add_func ("/image-cleanup/jpeg-photo", test_jpeg_photo);
  g_test_add_func ("/image-cleanup/no-ink", test_no_ink);
  g_test_add_func ("/image-cleanup/async-png", test_async_png);
  g_test_add_func ("/image-cleanup/async-no-ink", test_async_no_ink);
  g_test_add_func ("/image-cleanup/preview-async", test_preview_async);
  g_test_add_func ("/image-cleanup/cancel", test_cancel);

  return g_test_run ();
}
