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

#include "smartca-image-import.h"
#include "smartca-test-pki.h"

/* An opaque or translucent picture with a pattern that @seed changes. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha,
             guint    seed)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width,
                                      height);
  int        channels = gdk_pixbuf_get_n_channels (pixbuf);
  int        rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8    *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * rowstride + x * channels;

        p[0] = (guint8) (x * 7 + seed);
        p[1] = (guint8) (y * 13);
        p[2] = (guint8) ((x + y) * 3);
        if (alpha)
          p[3] = (guint8) ((x * 11 + y * 5) % 256);
      }
  return pixbuf;
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *type,
        ...)
{
  g_autoptr(GError) error = NULL;
  char             *buffer = NULL;
  gsize             length = 0;
  const char       *keys[3] = { NULL };
  const char       *values[3] = { NULL };
  const char       *key;
  va_list           args;
  int               n = 0;

  va_start (args, type);
  while (n < 2 && (key = va_arg (args, const char *)) != NULL)
    {
      keys[n] = key;
      values[n] = va_arg (args, const char *);
      n++;
    }
  va_end (args);

  g_assert_true (gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &length, type,
                                             (char **) keys, (char **) values,
                                             &error));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static GdkPixbuf *
decode_png (GBytes *png)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png",
                                                                       NULL);
  g_autoptr(GError)          error = NULL;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

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
  g_autoptr(GdkPixbuf)        source = make_pixbuf (50, 30, TRUE, 1);
  g_autoptr(GBytes)           data = encode (source, "png", "tEXt::Comment",
                                             "a secret note", NULL);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);
  g_autoptr(GdkPixbuf)        stored = decode_png (png);
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
  g_autoptr(GdkPixbuf)        source = make_pixbuf (3000, 2000, FALSE, 2);
  g_autoptr(GBytes)           data = encode (source, "jpeg", "quality", "80", NULL);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);
  g_autoptr(GdkPixbuf)        stored = decode_png (png);

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
  g_autoptr(GdkPixbuf)        source = make_pixbuf (120, 40, FALSE, 3);
  g_autoptr(GBytes)           data = encode (source, "png", NULL);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);

  g_assert_cmpint (info->width, ==, 120);
  g_assert_cmpint (info->height, ==, 40);
}

/* A white 64×32 JPEG with a red 16×16 block in its top-left corner, with an
 * Exif segment saying "rotate 90° clockwise to show" (Orientation = 6). */
static GBytes *
make_rotated_jpeg (void)
{
  static const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,   /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0, 0, /* Exif header */
    'M', 'M', 0x00, 0x2a,     /* TIFF, big endian */
    0x00, 0x00, 0x00, 0x08,   /* first IFD at 8 */
    0x00, 0x01,               /* one entry */
    0x01, 0x12, 0x00, 0x03,   /* Orientation, SHORT */
    0x00, 0x00, 0x00, 0x01,   /* count 1 */
    0x00, 0x06, 0x00, 0x00,   /* value 6 */
    0x00, 0x00, 0x00, 0x00,   /* no next IFD */
  };
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                64, 32);
  g_autoptr(GdkPixbuf) red = gdk_pixbuf_new_subpixbuf (source, 0, 0, 16, 16);
  g_autoptr(GBytes)    jpeg = NULL;
  GByteArray          *spliced;
  gsize                length;
  const guint8        *data;

  gdk_pixbuf_fill (source, 0xffffffff);
  gdk_pixbuf_fill (red, 0xff0000ff);
  jpeg = encode (source, "jpeg", "quality", "95", NULL);
  data = g_bytes_get_data (jpeg, &length);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);

  spliced = g_byte_array_new ();
  g_byte_array_append (spliced, data, 2);
  g_byte_array_append (spliced, app1, sizeof app1);
  g_byte_array_append (spliced, data + 2, length - 2);
  return g_byte_array_free_to_bytes (spliced);
}

static void
assert_colour (GdkPixbuf *pixbuf,
               int        x,
               int        y,
               gboolean   red)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_cmpuint (p[0], >, 200);
  if (red)
    g_assert_cmpuint (p[1], <, 60);
  else
    g_assert_cmpuint (p[1], >, 200);
}

static void
test_exif_rotated (void)
{
  g_autoptr(GBytes)           data = make_rotated_jpeg ();
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = normalize_ok (data, &info);
  g_autoptr(GdkPixbuf)        stored = decode_png (png);

  /* Stored upright: 32×64, the red block now in the top-right corner. */
  g_assert_cmpint (info->width, ==, 32);
  g_assert_cmpint (info->height, ==, 64);
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 32);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 64);
  assert_colour (stored, 28, 4, TRUE);
  assert_colour (stored, 4, 4, FALSE);
  assert_colour (stored, 28, 60, FALSE);
  /* Upright pixels need no orientation tag any more: none is kept. */
  assert_no_metadata (png);
  g_assert_null (gdk_pixbuf_get_option (stored, "orientation"));
}

static void
test_hash (void)
{
  g_autoptr(GdkPixbuf)        picture = make_pixbuf (40, 40, TRUE, 4);
  g_autoptr(GdkPixbuf)        other = make_pixbuf (40, 40, TRUE, 4);
  g_autoptr(GBytes)           plain = encode (picture, "png", NULL);
  g_autoptr(GBytes)           commented = encode (picture, "png", "tEXt::Title", "x",
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
  different = encode (other, "png", NULL);

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
  g_autoptr(GdkPixbuf) source = make_pixbuf (200, 200, TRUE, 5);
  g_autoptr(GBytes)    png = encode (source, "png", NULL);
  g_autoptr(GBytes)    half = g_bytes_new_from_bytes (png, 0,
                                                      g_bytes_get_size (png) / 2);
  g_autoptr(GdkPixbuf) photo = make_pixbuf (200, 200, FALSE, 6);
  g_autoptr(GBytes)    jpeg = encode (photo, "jpeg", NULL);
  g_autoptr(GBytes)    jpeg_half = g_bytes_new_from_bytes (jpeg, 0,
                                                           g_bytes_get_size (jpeg) / 2);

  assert_refused (half, SMARTCA_IMAGE_ERROR_TRUNCATED);
  assert_refused (jpeg_half, SMARTCA_IMAGE_ERROR_TRUNCATED);
}

static guint32
crc32 (const guint8 *data,
       gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

static void
put_be32 (guint8 *p,
          guint32 value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

/* A PNG signature, a valid IHDR claiming @width×@height RGBA, and an IDAT
 * chunk of garbage: libpng reports the size when the IDAT starts, and there
 * is nothing to decode after, so only the header can refuse it. */
static GBytes *
make_png_header (guint32 width,
                 guint32 height)
{
  guint8 data[8 + 25 + 12 + 64];

  memcpy (data, "\x89PNG\r\n\x1a\n", 8);
  put_be32 (data + 8, 13);
  memcpy (data + 12, "IHDR", 4);
  put_be32 (data + 16, width);
  put_be32 (data + 20, height);
  data[24] = 8; /* bit depth */
  data[25] = 6; /* RGBA */
  data[26] = data[27] = data[28] = 0;
  put_be32 (data + 29, crc32 (data + 12, 17));
  put_be32 (data + 33, 64);
  memcpy (data + 37, "IDAT", 4);
  memset (data + 41, 0x5a, 64);
  put_be32 (data + 105, crc32 (data + 37, 68));
  return g_bytes_new (data, sizeof data);
}

static void
test_too_many_pixels (void)
{
  g_autoptr(GBytes) bomb = make_png_header (100000, 100000);
  g_autoptr(GBytes) wide = make_png_header (30000, 10);
  g_autoptr(GBytes) fine = make_png_header (100, 100);
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
  g_autoptr(GdkPixbuf) source = make_pixbuf (10, 10, TRUE, 7);
  g_autoptr(GBytes)    png = encode (source, "png", NULL);
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

static void
test_async (void)
{
  g_autoptr(GdkPixbuf)        source = make_pixbuf (1600, 400, TRUE, 8);
  g_autoptr(GBytes)           data = encode (source, "png", NULL);
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
    g_autoptr(GBytes) bomb = make_png_header (100000, 100000);
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
  g_autoptr(GdkPixbuf)        source = make_pixbuf (100, 100, TRUE, 9);
  g_autoptr(GBytes)           data = encode (source, "png", NULL);
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

static gboolean
have_format (const char *name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (l->data);

      if (g_strcmp0 (format_name, name) == 0)
        return TRUE;
    }
  return FALSE;
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

  if (!have_format ("svg"))
    {
      g_test_skip ("no SVG loader for GdkPixbuf is installed");
      return;
    }
  png = normalize_ok (data, &info);
  stored = decode_png (png);
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
  g_test_add_func ("/image-import/async", test_async);
  g_test_add_func ("/image-import/async-cancelled", test_async_cancelled);
  g_test_add_func ("/image-import/svg", test_svg);

  return g_test_run ();
}
