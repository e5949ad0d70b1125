/* test-qr.c: the secret key read from a picture of its QR code, the QR
 * codes drawn here with libqrencode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-image-import.h"
#include "smartca-qr.h"
#include "smartca-test-image.h"
#include "smartca-test-qr.h"
#include "smartca-totp.h"
#include "smartca-vault.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#define RFC_BASE32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define RFC_KEY "12345678901234567890"
#define URI                                                                       \
  "otpauth://totp/VNPT%20SmartCA:0101234567?secret=" RFC_BASE32 "&issuer=VNPT%20" \
  "SmartCA&algorithm=SHA1&digits=6&period=30"
/* VNPT's form: base64 of 32 hex digits in ASCII. */
#define VNPT_BASE64 "QTQ4RTAxN0I2QzVENEYzQTJCMUMwRDlFOEY3QTZCNUM="
#define VNPT_KEY "A48E017B6C5D4F3A2B1C0D9E8F7A6B5C"

typedef char *SecretText;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SecretText, smartca_secret_free, NULL)

/* The text read from the picture gives the key expected. */
static void
assert_secret (const char *text,
               const char *key_bytes)
{
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaTotpKey) key = smartca_totp_key_parse (text, SMARTCA_TOTP_FORMAT_AUTO, &error);
  const guint8             *bytes;
  gsize                     length = 0;

  g_assert_no_error (error);
  bytes = smartca_totp_key_get_bytes (key, &length);
  g_assert_cmpmem (bytes, length, key_bytes, strlen (key_bytes));
}

static void
test_pixbuf (void)
{
  static const struct
  {
    const char *text;
    const char *key;
  } cases[] = {
    { URI, RFC_KEY },
    { VNPT_BASE64, VNPT_KEY },
    { RFC_BASE32, RFC_KEY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = smartca_test_qr_pixbuf (cases[i].text, 6, 4, SMARTCA_TEST_QR_PLAIN);
      g_autoptr(GError)    error = NULL;
      g_auto(SecretText)   text = smartca_qr_decode_pixbuf (pixbuf, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, cases[i].text);
      assert_secret (text, cases[i].key);
    }

  /* The code at T=59 from the picture of the URI: RFC 6238's 287082. */
  {
    g_autoptr(GdkPixbuf)      pixbuf = smartca_test_qr_pixbuf (URI, 4, 4, SMARTCA_TEST_QR_PLAIN);
    g_auto(SecretText)        text = smartca_qr_decode_pixbuf (pixbuf, NULL);
    g_autoptr(SmartcaTotpKey) key = smartca_totp_key_parse (text, SMARTCA_TOTP_FORMAT_AUTO, NULL);
    char                      code[SMARTCA_TOTP_DIGITS + 1];

    g_assert_nonnull (key);
    smartca_totp_key_code (key, 59, code);
    g_assert_cmpstr (code, ==, "287082");
  }
}

/* A screenshot cropped to the code (no quiet zone), one pixel a module;
 * a code drawn white on black. */
static void
test_hard_pictures (void)
{
  g_autoptr(GdkPixbuf) tight = smartca_test_qr_pixbuf (URI, 1, 0, SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GdkPixbuf) inverted = smartca_test_qr_pixbuf (VNPT_BASE64, 5, 4, SMARTCA_TEST_QR_INVERTED);
  g_autoptr(GError)    error = NULL;
  g_auto(SecretText)   tight_text = NULL;
  g_auto(SecretText)   inverted_text = NULL;

  tight_text = smartca_qr_decode_pixbuf (tight, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tight_text, ==, URI);

  inverted_text = smartca_qr_decode_pixbuf (inverted, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (inverted_text, ==, VNPT_BASE64);
}

/* Black modules on transparent pixels whose colour is black too: only
 * compositing over white shows the code. */
static void
test_transparent (void)
{
  g_autoptr(GBytes)  png = smartca_test_qr_png (URI, 5, SMARTCA_TEST_QR_TRANSPARENT);
  g_autoptr(GError)  error = NULL;
  g_auto(SecretText) text = smartca_qr_decode_bytes (png, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, URI);
  assert_secret (text, RFC_KEY);
}

static char *
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  char             *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  gsize             length = 0;
  const char       *data = g_bytes_get_data (bytes, &length);

  g_assert_true (g_file_set_contents (path, data, length, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_file_and_bytes (void)
{
  g_autofree char   *dir = g_dir_make_tmp ("smartca-qr-XXXXXX", NULL);
  g_autoptr(GBytes)  png = smartca_test_qr_png (VNPT_BASE64, 4, SMARTCA_TEST_QR_PLAIN);
  g_autofree char   *path = write_file (dir, "secret key.png", png);
  g_autoptr(GFile)   file = g_file_new_for_path (path);
  g_autoptr(GError)  error = NULL;
  g_auto(SecretText) from_file = NULL;
  g_auto(SecretText) from_bytes = NULL;

  from_file = smartca_qr_decode_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_file, ==, VNPT_BASE64);
  assert_secret (from_file, VNPT_KEY);

  from_bytes = smartca_qr_decode_bytes (png, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_bytes, ==, VNPT_BASE64);

  if (smartca_test_image_have_format ("jpeg"))
    {
      g_autoptr(GdkPixbuf) pixbuf = smartca_test_qr_pixbuf (URI, 6, 4, SMARTCA_TEST_QR_PLAIN);
      g_autoptr(GBytes)    jpeg = smartca_test_image_encode (pixbuf, "jpeg", "quality", "85", NULL);
      g_auto(SecretText)   from_jpeg = smartca_qr_decode_bytes (jpeg, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (from_jpeg, ==, URI);
    }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_qr_error (GdkPixbuf     *pixbuf,
                 SmartcaQrError code)
{
  g_autoptr(GError)  error = NULL;
  g_auto(SecretText) text = smartca_qr_decode_pixbuf (pixbuf, &error);

  g_assert_null (text);
  g_assert_error (error, SMARTCA_QR_ERROR, (int) code);
}

/* Pictures without a code: a photo-like noise, a white page. */
static void
test_not_found (void)
{
  g_autoptr(GdkPixbuf) noise = smartca_test_image_pixbuf (320, 240, FALSE, 7);
  g_autoptr(GdkPixbuf) noise_alpha = smartca_test_image_pixbuf (320, 240, TRUE, 8);
  g_autoptr(GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 100);
  g_autoptr(GdkPixbuf) dot = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 1, 1);

  gdk_pixbuf_fill (white, 0xffffffff);
  gdk_pixbuf_fill (dot, 0);
  assert_qr_error (noise, SMARTCA_QR_ERROR_NOT_FOUND);
  assert_qr_error (noise_alpha, SMARTCA_QR_ERROR_NOT_FOUND);
  assert_qr_error (white, SMARTCA_QR_ERROR_NOT_FOUND);
  assert_qr_error (dot, SMARTCA_QR_ERROR_NOT_FOUND);
}

/* Two codes side by side, on white. */
static GdkPixbuf *
side_by_side (const char *left_text,
              const char *right_text)
{
  g_autoptr(GdkPixbuf) left = smartca_test_qr_pixbuf (left_text, 4, 4, SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GdkPixbuf) right = smartca_test_qr_pixbuf (right_text, 4, 4, SMARTCA_TEST_QR_PLAIN);
  int                  width = gdk_pixbuf_get_width (left) + gdk_pixbuf_get_width (right);
  int                  height = MAX (gdk_pixbuf_get_height (left), gdk_pixbuf_get_height (right));
  GdkPixbuf           *both = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  gdk_pixbuf_fill (both, 0xffffffff);
  gdk_pixbuf_copy_area (left, 0, 0, gdk_pixbuf_get_width (left), gdk_pixbuf_get_height (left), both, 0, 0);
  gdk_pixbuf_copy_area (right, 0, 0, gdk_pixbuf_get_width (right), gdk_pixbuf_get_height (right), both,
                        gdk_pixbuf_get_width (left), 0);
  return both;
}

static void
test_several (void)
{
  g_autoptr(GdkPixbuf) different = side_by_side (URI, VNPT_BASE64);
  g_autoptr(GdkPixbuf) same = side_by_side (VNPT_BASE64, VNPT_BASE64);
  g_autoptr(GError)    error = NULL;
  g_auto(SecretText)   text = NULL;

  assert_qr_error (different, SMARTCA_QR_ERROR_SEVERAL);

  /* The same code twice is one text. */
  text = smartca_qr_decode_pixbuf (same, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, VNPT_BASE64);
}

/* NULs and line breaks some generators add at the end are not part of the
 * text; a NUL inside makes it no text at all. */
static void
test_text_ends (void)
{
  static const guint8  trailing[] = RFC_BASE32 "\r\n\0\0";
  static const guint8  inner[] = "GEZDGNBVGY3TQOJQ\0GEZDGNBVGY3TQOJQ";
  g_autoptr(GdkPixbuf) trailing_pixbuf = smartca_test_qr_pixbuf_data (trailing, sizeof trailing - 1, 4, 4,
                                                                      SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GdkPixbuf) newline_pixbuf = smartca_test_qr_pixbuf (URI "\n", 4, 4, SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GdkPixbuf) inner_pixbuf = smartca_test_qr_pixbuf_data (inner, sizeof inner - 1, 4, 4,
                                                                   SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GError)    error = NULL;
  g_auto(SecretText)   text = NULL;
  g_auto(SecretText)   newline_text = NULL;

  text = smartca_qr_decode_pixbuf (trailing_pixbuf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, RFC_BASE32);

  newline_text = smartca_qr_decode_pixbuf (newline_pixbuf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newline_text, ==, URI);

  assert_qr_error (inner_pixbuf, SMARTCA_QR_ERROR_NOT_FOUND);
}

static void
assert_bytes_error (GBytes           *bytes,
                    SmartcaImageError code)
{
  g_autoptr(GError)  error = NULL;
  g_auto(SecretText) text = smartca_qr_decode_bytes (bytes, &error);

  g_assert_null (text);
  g_assert_error (error, SMARTCA_IMAGE_ERROR, (int) code);
}

/* Pictures too large are refused before their pixels exist. */
static void
test_too_large (void)
{
  g_autoptr(GBytes)    header = smartca_test_image_png_header (30000, 30000);
  g_autoptr(GBytes)    wide_header = smartca_test_image_png_header (SMARTCA_IMAGE_MAX_SIDE + 1, 10);
  g_autoptr(GdkPixbuf) wide = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, SMARTCA_IMAGE_MAX_SIDE + 1, 1);
  g_autoptr(GdkPixbuf) tall = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 1, SMARTCA_IMAGE_MAX_SIDE + 1);

  assert_bytes_error (header, SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS);
  assert_bytes_error (wide_header, SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS);
  gdk_pixbuf_fill (wide, 0xffffffff);
  gdk_pixbuf_fill (tall, 0xffffffff);
  assert_qr_error (wide, SMARTCA_QR_ERROR_TOO_LARGE);
  assert_qr_error (tall, SMARTCA_QR_ERROR_TOO_LARGE);
}

/* Damaged and foreign data: a clear error. */
static void
test_damaged (void)
{
  g_autoptr(GBytes) png = smartca_test_qr_png (URI, 4, SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) - 20);
  g_autoptr(GBytes) text = g_bytes_new_static (URI, strlen (URI));
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  assert_bytes_error (half, SMARTCA_IMAGE_ERROR_TRUNCATED);
  assert_bytes_error (cut, SMARTCA_IMAGE_ERROR_TRUNCATED);
  assert_bytes_error (text, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
  assert_bytes_error (empty, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
}

/* A FIFO would block the reader forever, /dev/zero never end: both are
 * refused before anything is read (the test would hang otherwise). A
 * damaged file says so. */
static void
test_files_refused (void)
{
  g_autofree char  *dir = g_dir_make_tmp ("smartca-qr-XXXXXX", NULL);
  g_autofree char  *fifo_path = g_build_filename (dir, "qr.png", NULL);
  g_autoptr(GBytes) png = smartca_test_qr_png (URI, 4, SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autofree char  *half_path = write_file (dir, "half.png", half);
  const char       *paths[] = { fifo_path, "/dev/zero" };

  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile)   file = g_file_new_for_path (paths[i]);
      g_autoptr(GError)  error = NULL;
      g_auto(SecretText) text = smartca_qr_decode_file (file, NULL, &error);

      g_test_message ("%s", paths[i]);
      g_assert_null (text);
      g_assert_error (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
    }

  {
    g_autoptr(GFile)   file = g_file_new_for_path (half_path);
    g_autoptr(GError)  error = NULL;
    g_auto(SecretText) text = smartca_qr_decode_file (file, NULL, &error);

    g_assert_null (text);
    g_assert_error (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_TRUNCATED);
  }

  g_assert_cmpint (g_unlink (fifo_path), ==, 0);
  g_assert_cmpint (g_unlink (half_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct
{
  GMainLoop *loop;
  char      *text;
  GError    *error;
} AsyncResult;

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->text = smartca_qr_decode_finish (result, &async->error);
  g_main_loop_quit (async->loop);
}

/* Decodes @file or @bytes in the worker thread, waiting for the answer. */
static AsyncResult
decode_async (GFile        *file,
              GBytes       *bytes,
              GCancellable *cancellable)
{
  AsyncResult async = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  if (file != NULL)
    smartca_qr_decode_file_async (file, cancellable, decoded_cb, &async);
  else
    smartca_qr_decode_bytes_async (bytes, cancellable, decoded_cb, &async);
  g_main_loop_run (async.loop);
  g_main_loop_unref (async.loop);
  return async;
}

/* The worker-thread calls give what the others give, and nothing once
 * cancelled. */
static void
test_async (void)
{
  g_autofree char        *dir = g_dir_make_tmp ("smartca-qr-XXXXXX", NULL);
  g_autoptr(GBytes)       png = smartca_test_qr_png (URI, 4, SMARTCA_TEST_QR_TRANSPARENT);
  g_autofree char        *path = write_file (dir, "qr.png", png);
  g_autofree char        *fifo_path = g_build_filename (dir, "fifo.png", NULL);
  g_autoptr(GFile)        file = g_file_new_for_path (path);
  g_autoptr(GFile)        fifo = g_file_new_for_path (fifo_path);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncResult             async;

  async = decode_async (file, NULL, NULL);
  g_assert_no_error (async.error);
  g_assert_cmpstr (async.text, ==, URI);
  smartca_secret_free (async.text);

  async = decode_async (NULL, png, NULL);
  g_assert_no_error (async.error);
  g_assert_cmpstr (async.text, ==, URI);
  smartca_secret_free (async.text);

  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  async = decode_async (fifo, NULL, NULL);
  g_assert_null (async.text);
  g_assert_error (async.error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
  g_clear_error (&async.error);

  g_cancellable_cancel (cancelled);
  async = decode_async (file, NULL, cancelled);
  g_assert_null (async.text);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async.error);
  async = decode_async (NULL, png, cancelled);
  g_assert_null (async.text);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async.error);

  g_assert_cmpint (g_unlink (fifo_path), ==, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* zbar says nothing on stderr, whether it finds a code or not. */
static void
test_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GdkPixbuf) qr = smartca_test_qr_pixbuf (URI, 3, 4, SMARTCA_TEST_QR_PLAIN);
      g_autoptr(GdkPixbuf) noise = smartca_test_image_pixbuf (400, 300, TRUE, 3);
      g_autoptr(GdkPixbuf) different = side_by_side (URI, VNPT_BASE64);
      g_auto(SecretText)   text = smartca_qr_decode_pixbuf (qr, NULL);

      g_assert_nonnull (text);
      g_assert_null (smartca_qr_decode_pixbuf (noise, NULL));
      g_assert_null (smartca_qr_decode_pixbuf (different, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/qr/pixbuf", test_pixbuf);
  g_test_add_func ("/qr/hard-pictures", test_hard_pictures);
  g_test_add_func ("/qr/transparent", test_transparent);
  g_test_add_func ("/qr/file-and-bytes", test_file_and_bytes);
  g_test_add_func ("/qr/not-found", test_not_found);
  g_test_add_func ("/qr/several", test_several);
  g_test_add_func ("/qr/text-ends", test_text_ends);
  g_test_add_func ("/qr/too-large", test_too_large);
  g_test_add_func ("/qr/damaged", test_damaged);
  g_test_add_func ("/qr/files-refused", test_files_refused);
  g_test_add_func ("/qr/async", test_async);
  g_test_add_func ("/qr/quiet", test_quiet);

  return g_test_run ();
}
