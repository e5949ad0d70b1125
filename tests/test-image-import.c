/* test-image-import.c: image bytes checked and normalised into a signature
 * image; every image is generated here with GdkPixbuf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smartca-image-import.h"
#include "smartca-test-image.h"
#include "smartca-test-pki.h"

static GBytes *
normalize_ok (GBytes            *data,
              SmartcaImageInfo **info)
{
  g_autoptr(GError) error = NULL;
  GBytes           *png = smartca_image_normalize (data, info, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (png);
  return png;
}

static void
assert_refused (GBytes *data,
                int     code)
{
  g_autoptr(GError)           error = NULL;
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = smartca_image_normalize (data, &info, NULL, &error);

  g_assert_error (error, SMARTCA_IMAGE_ERROR, code);
  g_assert_null (png);
  g_assert_null (info);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_same_pixels (GdkPixbuf *a,
                    GdkPixbuf *b)
{
  int width = gdk_pixbuf_get_width (a);
  int channels = gdk_pixbuf_get_n_channels (a);

  g_assert_cmpint (gdk_pixbuf_get_width (b), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (b), ==, gdk_pixbuf_get_height (a));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (b), ==, channels);
  for (int y = 0; y < gdk_pixbuf_get_height (a); y++)
    g_assert_cmpmem (gdk_pixbuf_read_pixels (a) + y * gdk_pixbuf_get_rowstride (a),
                     width * channels,
                     gdk_pixbuf_read_pixels (b) + y * gdk_pixbuf_get_rowstride (b),
                     width * channels);
}

/* The PNG chunk types of @png, in order, as "IHDR IDAT IEND". */
static char *
png_chunks (GBytes *png)
{
  gsize              length;
  const guint8      *data = g_bytes_get_data (png, &length);
  g_autoptr(GString) chunks = g_string_new (NULL);
  gsize              offset = 8;

  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  while (offset + 8 <= length)
    {
      guint32 size = (guint32) data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3];

      if (chunks->len > 0)
        g_string_append_c (chunks, ' ');
      g_string_append_len (chunks, (const char *) data + offset + 4, 4);
      offset += 12 + (gsize) size;
    }
  g_assert_cmpuint (offset, ==, length);
  return g_string_free (g_steal_pointer (&chunks), FALSE);
}

static void
assert_no_metadata (GBytes *png)
{
  g_autofree char *chunks = png_chunks (png);

  g_assert_null (strstr (chunks, "tEXt"));
  g_assert_null (strstr (chunks, "iTXt"));
  g_assert_null (strstr (chunks, "zTXt"));
  g_assert_null (strstr (chunks, "eXIf"));
  g_assert_null (strstr (chunks, "tIME"));
}

static void
test_png_alpha (void)
{
  g_autoptr(GdkPixbuf)        source = smartca_test_image_pixbuf (50, 30, TRUE, 1);
  g_autoptr(GBytes)           data = smartca_test_image_encode (source, "png", "tEXt::Comment",
                                                                "a secret note", NULL);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);
  g_autoptr(GdkPixbuf)        stored = smartca_test_image_decode_png (png);
  g_autofree char            *source_chunks = png_chunks (data);

  /* The source carries metadata; the stored copy does not. */
  g_assert_nonnull (strstr (source_chunks, "tEXt"));
  assert_no_metadata (png);
  g_assert_true (gdk_pixbuf_get_has_alpha (stored));
  assert_same_pixels (source, stored);
  g_assert_cmpint (info->width, ==, 50);
  g_assert_cmpint (info->height, ==, 30);
  g_assert_cmpuint (strlen (info->pixels_sha256), ==, 64);
}

static void
test_large_jpeg (void)
{
  g_autoptr(GdkPixbuf)        source = smartca_test_image_pixbuf (3000, 2000, FALSE, 2);
  g_autoptr(GBytes)           data = smartca_test_image_encode (source, "jpeg", "quality", "80", NULL);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);
  g_autoptr(GdkPixbuf)        stored = smartca_test_image_decode_png (png);

  g_assert_cmpint (info->width, ==, 1200);
  g_assert_cmpint (info->height, ==, 800);
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 1200);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 800);
  /* Alpha added to an opaque picture, and opaque. */
  g_assert_true (gdk_pixbuf_get_has_alpha (stored));
  g_assert_cmpuint (gdk_pixbuf_read_pixels (stored)[3], ==, 255);
  assert_no_metadata (png);
}

static void
test_small_not_scaled_up (void)
{
  g_autoptr(GdkPixbuf)        source = smartca_test_image_pixbuf (120, 40, FALSE, 3);
  g_autoptr(GBytes)           data = smartca_test_image_encode (source, "png", NULL);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);

  g_assert_cmpint (info->width, ==, 120);
  g_assert_cmpint (info->height, ==, 40);
}

static void
test_exif_rotated (void)
{
  g_autoptr(GBytes)           data = smartca_test_image_rotated_jpeg ();
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);
  g_autoptr(GdkPixbuf)        stored = smartca_test_image_decode_png (png);

  /* Stored upright: 32×64, the red block now in the top-right corner. */
  g_assert_cmpint (info->width, ==, 32);
  g_assert_cmpint (info->height, ==, 64);
  smartca_test_image_assert_upright (stored);
  /* Upright pixels need no orientation tag any more: none is kept. */
  assert_no_metadata (png);
  g_assert_null (gdk_pixbuf_get_option (stored, "orientation"));
}

static void
test_hash (void)
{
  g_autoptr(GdkPixbuf)        picture = smartca_test_image_pixbuf (40, 40, TRUE, 4);
  g_autoptr(GdkPixbuf)        other = smartca_test_image_pixbuf (40, 40, TRUE, 4);
  g_autoptr(GBytes)           plain = smartca_test_image_encode (picture, "png", NULL);
  g_autoptr(GBytes)           commented = smartca_test_image_encode (picture, "png", "tEXt::Title", "x",
                                                                     NULL);
  g_autoptr(GBytes)           different = NULL;
  g_autoptr(SmartcaImageInfo) a = NULL;
  g_autoptr(SmartcaImageInfo) b = NULL;
  g_autoptr(SmartcaImageInfo) c = NULL;
  g_autoptr(GBytes)           png_a = NULL;
  g_autoptr(GBytes)           png_b = NULL;
  g_autoptr(GBytes)           png_c = NULL;

  /* One pixel changed. */
  gdk_pixbuf_get_pixels (other)[0] ^= 1;
  different = smartca_test_image_encode (other, "png", NULL);

  /* Different files, the same picture. */
  g_assert_false (g_bytes_equal (plain, commented));
  png_a = normalize_ok (plain, &a);
  png_b = normalize_ok (commented, &b);
  png_c = normalize_ok (different, &c);
  g_assert_cmpstr (a->pixels_sha256, ==, b->pixels_sha256);
  g_assert_cmpstr (a->pixels_sha256, !=, c->pixels_sha256);
}

static void
test_not_an_image (void)
{
  g_autoptr(GRand)  rand = g_rand_new_with_seed (20261127);
  guint8            noise[4096];
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("Hello, world\n", 13);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  data = g_bytes_new (noise, sizeof noise);

  assert_refused (data, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
  assert_refused (text, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
  assert_refused (empty, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
}

static void
test_truncated (void)
{
  g_autoptr(GdkPixbuf) source = smartca_test_image_pixbuf (200, 200, TRUE, 5);
  g_autoptr(GBytes)    png = smartca_test_image_encode (source, "png", NULL);
  g_autoptr(GBytes)    half = g_bytes_new_from_bytes (png, 0,
                                                      g_bytes_get_size (png) / 2);
  g_autoptr(GdkPixbuf) photo = smartca_test_image_pixbuf (200, 200, FALSE, 6);
  g_autoptr(GBytes)    jpeg = smartca_test_image_encode (photo, "jpeg", NULL);
  g_autoptr(GBytes)    jpeg_half = g_bytes_new_from_bytes (jpeg, 0,
                                                           g_bytes_get_size (jpeg) / 2);

  assert_refused (half, SMARTCA_IMAGE_ERROR_TRUNCATED);
  assert_refused (jpeg_half, SMARTCA_IMAGE_ERROR_TRUNCATED);
}

static void
test_too_many_pixels (void)
{
  g_autoptr(GBytes) bomb = smartca_test_image_png_header (100000, 100000);
  g_autoptr(GBytes) wide = smartca_test_image_png_header (30000, 10);
  g_autoptr(GBytes) fine = smartca_test_image_png_header (100, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;

  assert_refused (bomb, SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS);
  assert_refused (wide, SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS);
  /* The same header at a sane size gets past the check, to the garbage. */
  png = smartca_image_normalize (fine, NULL, NULL, &error);
  g_assert_null (png);
  g_assert_true (g_error_matches (error, SMARTCA_IMAGE_ERROR,
                                  SMARTCA_IMAGE_ERROR_TRUNCATED));
}

static void
test_too_large_file (void)
{
  g_autoptr(GdkPixbuf) source = smartca_test_image_pixbuf (10, 10, TRUE, 7);
  g_autoptr(GBytes)    png = smartca_test_image_encode (source, "png", NULL);
  gsize                length = SMARTCA_IMAGE_MAX_FILE_SIZE + 1;
  guint8              *big = g_malloc0 (length);
  g_autoptr(GBytes)    data = NULL;
  g_autofree char     *dir = g_dir_make_tmp ("smartca-image-XXXXXX", NULL);
  g_autofree char     *path = g_build_filename (dir, "big.png", NULL);
  g_autofree char     *missing_path = g_build_filename (dir, "missing.png", NULL);
  g_autoptr(GFile)     file = g_file_new_for_path (path);
  g_autoptr(GFile)     missing = g_file_new_for_path (missing_path);
  g_autoptr(GError)    error = NULL;
  g_autoptr(GBytes)    read = NULL;
  FILE                *stream;

  /* A valid small PNG padded with zeros beyond the limit. */
  memcpy (big, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  data = g_bytes_new_take (big, length);
  assert_refused (data, SMARTCA_IMAGE_ERROR_TOO_LARGE_FILE);

  /* A (sparse) file over the limit is refused before it is read. */
  stream = g_fopen (path, "wb");
  g_assert_nonnull (stream);
  g_assert_cmpint (fseek (stream, SMARTCA_IMAGE_MAX_FILE_SIZE, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, stream), ==, 0);
  g_assert_cmpint (fclose (stream), ==, 0);
  read = smartca_image_read_file (file, NULL, &error);
  g_assert_error (error, SMARTCA_IMAGE_ERROR,
                  SMARTCA_IMAGE_ERROR_TOO_LARGE_FILE);
  g_assert_null (read);
  g_clear_error (&error);

  read = smartca_image_read_file (missing, NULL, &error);
  g_assert_error (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_UNREADABLE);
  g_assert_null (read);
  g_clear_error (&error);

  /* A file at the limit is read. */
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL),
                                      g_bytes_get_size (png), &error));
  read = smartca_image_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, png));

  smartca_test_remove_tree (dir);
}

/* What is not a regular file is refused without reading it: a FIFO would
 * block, /dev/zero never end (its size says 0); a symlink loop is unreadable.
 * Run in a subprocess so that a hang fails the test instead of the suite. */
static void
test_special_files (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *fifo_path = NULL;
  g_autofree char *loop_path = NULL;
  g_autofree char *zero_link_path = NULL;
  const char      *paths[4];
  const int        codes[] = { SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE,
                               SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE, SMARTCA_IMAGE_ERROR_UNREADABLE };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = g_dir_make_tmp ("smartca-image-XXXXXX", NULL);
  fifo_path = g_build_filename (dir, "fifo.png", NULL);
  loop_path = g_build_filename (dir, "loop.png", NULL);
  zero_link_path = g_build_filename (dir, "zero.png", NULL);
  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  g_assert_cmpint (symlink (loop_path, loop_path), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero_link_path), ==, 0);
  paths[0] = fifo_path;
  paths[1] = "/dev/zero";
  paths[2] = zero_link_path;
  paths[3] = loop_path;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile)  file = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) read = smartca_image_read_file (file, NULL, &error);

      g_assert_error (error, SMARTCA_IMAGE_ERROR, codes[i]);
      g_assert_null (read);
    }

  smartca_test_remove_tree (dir);
}

static void
test_async (void)
{
  g_autoptr(GdkPixbuf)        source = smartca_test_image_pixbuf (1600, 400, TRUE, 8);
  g_autoptr(GBytes)           data = smartca_test_image_encode (source, "png", NULL);
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(SmartcaImageInfo) sync_info = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(GBytes)           png = NULL;
  g_autoptr(GBytes)           sync_png = normalize_ok (data, &sync_info);

  smartca_image_normalize_async (data, NULL, smartca_test_result_cb, &result);
  smartca_test_wait_result (&result);
  png = smartca_image_normalize_finish (result, &info, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (png, sync_png));
  g_assert_cmpint (info->width, ==, 1200);
  g_assert_cmpint (info->height, ==, 300);
  g_assert_cmpstr (info->pixels_sha256, ==, sync_info->pixels_sha256);
  g_clear_object (&result);

  /* A refusal comes back the same way. */
  {
    g_autoptr(GBytes) bomb = smartca_test_image_png_header (100000, 100000);
    g_autoptr(GBytes) none = NULL;

    smartca_image_normalize_async (bomb, NULL, smartca_test_result_cb,
                                   &result);
    smartca_test_wait_result (&result);
    none = smartca_image_normalize_finish (result, NULL, &error);
    g_assert_error (error, SMARTCA_IMAGE_ERROR,
                    SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS);
    g_assert_null (none);
    g_clear_error (&error);
    g_clear_object (&result);
  }
}

static void
test_async_cancelled (void)
{
  g_autoptr(GdkPixbuf)        source = smartca_test_image_pixbuf (100, 100, TRUE, 9);
  g_autoptr(GBytes)           data = smartca_test_image_encode (source, "png", NULL);
  g_autoptr(GCancellable)     cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(GBytes)           png = NULL;

  g_cancellable_cancel (cancellable);
  smartca_image_normalize_async (data, cancellable, smartca_test_result_cb,
                                 &result);
  smartca_test_wait_result (&result);
  png = smartca_image_normalize_finish (result, &info, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (png);
  g_assert_null (info);
}

static void
test_svg (void)
{
  static const char svg[] =
    "<svg xmlns='http://www.w3.org/2000/svg' width='300' height='150'>"
    "<path d='M 10 100 C 60 10 120 140 290 40' stroke='#1a3cc8' "
    "stroke-width='6' fill='none'/></svg>";
  g_autoptr(GBytes)           data = g_bytes_new_static (svg, sizeof svg - 1);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = NULL;
  g_autoptr(GdkPixbuf)        stored = NULL;

  if (!smartca_test_image_have_format ("svg"))
    {
      g_test_skip ("no SVG loader for GdkPixbuf is installed");
      return;
    }
  png = normalize_ok (data, &info);
  stored = smartca_test_image_decode_png (png);
  g_assert_cmpint (info->width, ==, 300);
  g_assert_cmpint (info->height, ==, 150);
  g_assert_true (gdk_pixbuf_get_has_alpha (stored));
  /* Transparent where there is no ink. */
  g_assert_cmpuint (gdk_pixbuf_read_pixels (stored)[3], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-import/png-alpha", test_png_alpha);
  g_test_add_func ("/image-import/large-jpeg", test_large_jpeg);
  g_test_add_func ("/image-import/small-not-scaled-up", test_small_not_scaled_up);
  g_test_add_func ("/image-import/exif-rotated", test_exif_rotated);
  g_test_add_func ("/image-import/hash", test_hash);
  g_test_add_func ("/image-import/not-an-image", test_not_an_image);
  g_test_add_func ("/image-import/truncated", test_truncated);
  g_test_add_func ("/image-import/too-many-pixels", test_too_many_pixels);
  g_test_add_func ("/image-import/too-large-file", test_too_large_file);
  g_test_add_func ("/image-import/special-files", test_special_files);
  g_test_add_func ("/image-import/async", test_async);
  g_test_add_func ("/image-import/async-cancelled", test_async_cancelled);
  g_test_add_func ("/image-import/svg", test_svg);

  return g_test_run ();
}
