/* smartca-qr.c: read the text of a QR code in a picture (zbar)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The secret key of a business account often comes as the QR code an
 * authenticator app would scan: a screenshot, a photo, a PNG from the
 * clipboard. zbar finds and decodes it; this file only hands zbar grey
 * pixels and reads back what it found. Pictures are read and decoded with
 * the checks of signature images (smartca-image-import.c): bounded size,
 * no FIFO or device, dimensions checked before any pixel is decoded.
 *
 * Errors: SMARTCA_QR_ERROR for what is in the picture; reading and decoding
 * a file or bytes can also give SMARTCA_IMAGE_ERROR (not an image, damaged,
 * too large) and G_IO_ERROR_CANCELLED.
 */

#include "config.h"

#include "smartca-qr.h"

#include "smartca-image-import-private.h"
#include "smartca-image-import.h"
#include "smartca-vault.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zbar.h>

/* zbar looks for a quiet zone around a code; a picture cropped to the code
 * itself gets a white one, this wide at least. */
#define MIN_MARGIN 16
/* A code whose modules are a pixel or two wide is scanned enlarged. */
#define MIN_SIDE 400
#define MAX_ENLARGE 8

G_DEFINE_QUARK (smartca-qr-error-quark, smartca_qr_error)

typedef struct
{
  guint8 *pixels;
  int     width;
  int     height;
} GreyImage;

/* The luma of each pixel (BT.601), transparent pixels over white, within a
 * white margin, enlarged by an integer @scale (nearest neighbour). */
static GreyImage
grey_image_new (GdkPixbuf *pixbuf,
                int        scale,
                int        margin)
{
  int           width = gdk_pixbuf_get_width (pixbuf);
  int           height = gdk_pixbuf_get_height (pixbuf);
  int           channels = gdk_pixbuf_get_n_channels (pixbuf);
  int           rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean      alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *source = gdk_pixbuf_read_pixels (pixbuf);
  GreyImage     grey;

  grey.width = width * scale + 2 * margin;
  grey.height = height * scale + 2 * margin;
  grey.pixels = g_malloc ((gsize) grey.width * grey.height);
  memset (grey.pixels, 0xff, (gsize) grey.width * grey.height);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = source + (gsize) y * rowstride;

      for (int x = 0; x < width; x++)
        {
          const guint8 *p = row + (gsize) x * channels;
          guint         luma = (299u * p[0] + 587u * p[1] + 114u * p[2] + 500u) / 1000u;
          guint8       *out;

          if (alpha)
            luma = (luma * p[3] + 255u * (255u - p[3]) + 127u) / 255u;
          out = grey.pixels + ((gsize) y * scale + margin) * grey.width + (gsize) x * scale + margin;
          for (int dy = 0; dy < scale; dy++)
            memset (out + (gsize) dy * grey.width, (int) luma, scale);
        }
    }
  return grey;
}

static void
quiet_zbar_once (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* zbar writes its warnings to stderr at any verbosity above 0. */
      zbar_set_verbosity (0);
      g_once_init_leave (&done, 1);
    }
}

/* The texts of the QR codes zbar finds in @grey, each once. */
static GPtrArray *
scan (GreyImage *grey)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t         *image = zbar_image_create ();
  GPtrArray            *texts = g_ptr_array_new_with_free_func (smartca_secret_free);

  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_TEST_INVERTED, 1);

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, grey->width, grey->height);
  zbar_image_set_data (image, grey->pixels, (unsigned long) grey->width * grey->height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    for (const zbar_symbol_t *symbol = zbar_image_first_symbol (image); symbol != NULL;
         symbol = zbar_symbol_next (symbol))
      {
        const char *data = zbar_symbol_get_data (symbol);
        gsize       length = zbar_symbol_get_data_length (symbol);
        char       *text;
        guint       i;

        if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || data == NULL)
          continue;
        while (length > 0 && data[length - 1] == '\0')
          length--;
        /* A NUL inside: no text (a string would end there, shorter than
         * what the code holds). */
        text = memchr (data, '\0', length) != NULL ? g_strdup ("") : g_strndup (data, length);
        for (i = 0; i < texts->len; i++)
          if (strcmp (g_ptr_array_index (texts, i), text) == 0)
            break;
        if (i < texts->len)
          smartca_secret_free (text);
        else
          g_ptr_array_add (texts, text);
      }

  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return texts;
}

/* The text without the NULs and line breaks some generators add at its
 * end; NULL when what is left is not text. */
static char *
clean_text (const char *text)
{
  gsize length = strlen (text);

  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
    length--;
  if (length == 0 || !g_utf8_validate (text, length, NULL))
    return NULL;
  return g_strndup (text, length);
}

/**
 * smartca_qr_decode_pixbuf:
 *
 * Returns: (transfer full): the text of the one QR code in @pixbuf (two
 *   codes with the same text count as one), without trailing NULs or line
 *   breaks; wipe it with smartca_secret_free()
 */
char *
smartca_qr_decode_pixbuf (GdkPixbuf *pixbuf,
                          GError   **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  GreyImage            grey;
  int                  width, height, scale, margin;
  char                *text;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);
  g_return_val_if_fail (gdk_pixbuf_get_n_channels (pixbuf) >= 3, NULL);

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  if (!smartca_image_dimensions_acceptable (width, height))
    {
      g_set_error (error, SMARTCA_QR_ERROR, SMARTCA_QR_ERROR_TOO_LARGE,
                   _("The picture is too large to look for a QR code in it (at most %d pixels "
                     "on a side and %d megapixels)."),
                   SMARTCA_IMAGE_MAX_SIDE, SMARTCA_IMAGE_MAX_PIXELS / (1000 * 1000));
      return NULL;
    }

  scale = CLAMP (MIN_SIDE / MAX (width, height), 1, MAX_ENLARGE);
  /* A tenth of the short side (the code is at most that large). */
  margin = MAX (MIN_MARGIN, MIN (width, height) * scale / 10);
  quiet_zbar_once ();
  grey = grey_image_new (pixbuf, scale, margin);
  texts = scan (&grey);
  /* A picture of a secret is a secret. */
  explicit_bzero (grey.pixels, (gsize) grey.width * grey.height);
  g_free (grey.pixels);

  if (texts->len > 1)
    {
      g_set_error_literal (error, SMARTCA_QR_ERROR, SMARTCA_QR_ERROR_SEVERAL,
                           _("The picture holds several different QR codes. Choose a picture with "
                             "only the QR code of the secret key."));
      return NULL;
    }
  if (texts->len == 0)
    {
      g_set_error_literal (error, SMARTCA_QR_ERROR, SMARTCA_QR_ERROR_NOT_FOUND,
                           _("No QR code could be read in the picture. Try a sharper picture "
                             "that shows the whole code."));
      return NULL;
    }

  text = clean_text (g_ptr_array_index (texts, 0));
  if (text == NULL)
    g_set_error_literal (error, SMARTCA_QR_ERROR, SMARTCA_QR_ERROR_NOT_FOUND,
                         _("The QR code in the picture does not hold text."));
  return text;
}

static char *
decode_data (GBytes       *bytes,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr(GdkPixbuf) pixbuf = smartca_image_decode (bytes, cancellable, error);

  if (pixbuf == NULL)
    return NULL;
  return smartca_qr_decode_pixbuf (pixbuf, error);
}

/**
 * smartca_qr_decode_bytes:
 * @bytes: an image file's contents (PNG, JPEG, any format GdkPixbuf reads)
 */
char *
smartca_qr_decode_bytes (GBytes  *bytes,
                         GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return decode_data (bytes, NULL, error);
}

/**
 * smartca_qr_decode_file:
 *
 * Reads @file as a signature image is read (a regular file of bounded
 * size; a FIFO or a device is refused, never read) and decodes its QR code.
 */
char *
smartca_qr_decode_file (GFile        *file,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = smartca_image_read_file (file, cancellable, error);
  if (bytes == NULL)
    return NULL;
  return decode_data (bytes, cancellable, error);
}

/* In a worker thread */

typedef struct
{
  GFile  *file; /* one of the two */
  GBytes *bytes;
} DecodeSource;

static void
decode_source_free (DecodeSource *source)
{
  g_clear_object (&source->file);
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_free (source);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeSource *source = task_data;
  GError       *error = NULL;
  char         *text;

  if (source->file != NULL)
    text = smartca_qr_decode_file (source->file, cancellable, &error);
  else
    text = decode_data (source->bytes, cancellable, &error);

  /* A text read after the caller gave up is wiped, not handed over. */
  if (text != NULL && g_cancellable_set_error_if_cancelled (cancellable, &error))
    smartca_secret_wipe (&text);
  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, smartca_secret_free);
}

static void
decode_async (GFile              *file,
              GBytes             *bytes,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DecodeSource    *source = g_new0 (DecodeSource, 1);

  source->file = file != NULL ? g_object_ref (file) : NULL;
  source->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  g_task_set_source_tag (task, smartca_qr_decode_finish);
  g_task_set_task_data (task, source, (GDestroyNotify) decode_source_free);
  g_task_run_in_thread (task, decode_thread);
}

void
smartca_qr_decode_file_async (GFile              *file,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (G_IS_FILE (file));

  decode_async (file, NULL, cancellable, callback, user_data);
}

void
smartca_qr_decode_bytes_async (GBytes             *bytes,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (bytes != NULL);

  decode_async (NULL, bytes, cancellable, callback, user_data);
}

/**
 * smartca_qr_decode_finish:
 *
 * Returns: (transfer full): the text, to wipe with smartca_secret_free(),
 *   or %NULL with @error set (as the synchronous calls, or
 *   %G_IO_ERROR_CANCELLED)
 */
char *
smartca_qr_decode_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == smartca_qr_decode_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
