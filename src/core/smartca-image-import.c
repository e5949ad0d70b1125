/* smartca-image-import.c: an image file's bytes turned into the app's
 * normalised signature image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every image the user adds goes through here: it is decoded by the
 * installed GdkPixbuf loaders (which proves it is an image), turned upright
 * by its EXIF orientation, scaled down to SMARTCA_IMAGE_MAX_STORED_SIDE, given
 * an alpha channel, and encoded again as a PNG without any metadata. Sizes
 * are checked before decoding: the file's, then the header's dimensions
 * (decompression bombs are refused before a pixel buffer exists).
 */

#include "config.h"

#include "smartca-image-import-private.h"
#include "smartca-image-import.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* Data is fed to the loader in chunks, the cancellable checked between. */
#define FEED_CHUNK (64 * 1024)

G_DEFINE_QUARK (smartca-image-error-quark, smartca_image_error)

G_DEFINE_BOXED_TYPE (SmartcaImageInfo, smartca_image_info, smartca_image_info_copy, smartca_image_info_free)

SmartcaImageInfo *
smartca_image_info_copy (const SmartcaImageInfo *info)
{
  SmartcaImageInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (SmartcaImageInfo, 1);
  copy->width = info->width;
  copy->height = info->height;
  copy->pixels_sha256 = g_strdup (info->pixels_sha256);
  return copy;
}

void
smartca_image_info_free (SmartcaImageInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->pixels_sha256);
  g_free (info);
}

static void
set_too_large_file (GError **error)
{
  g_set_error (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_TOO_LARGE_FILE,
               _("The file is larger than %d MiB. Choose a smaller image."),
               SMARTCA_IMAGE_MAX_FILE_SIZE / (1024 * 1024));
}

/* Reads at most SMARTCA_IMAGE_MAX_FILE_SIZE + 1 bytes of @stream: a file
 * that grows, or whose size was not told, cannot make it read more. */
static GBytes *
read_bounded (GInputStream *stream,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autofree guint8    *chunk = g_malloc (FEED_CHUNK);

  while (array->len <= SMARTCA_IMAGE_MAX_FILE_SIZE)
    {
      gssize n = g_input_stream_read (stream, chunk,
                                      MIN (FEED_CHUNK, SMARTCA_IMAGE_MAX_FILE_SIZE + 1 - array->len),
                                      cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (array, chunk, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}

static gboolean
is_special (GFileInfo *info)
{
  return info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_TYPE) &&
         g_file_info_get_file_type (info) == G_FILE_TYPE_SPECIAL;
}

static void
set_special (GError **error)
{
  g_set_error_literal (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE,
                       _("The file is not an image this app can read."));
}

/**
 * smartca_image_read_file:
 *
 * Reads @file for smartca_image_normalize(), refusing a file over
 * %SMARTCA_IMAGE_MAX_FILE_SIZE before reading it, and a FIFO, device or
 * socket (a FIFO would block, a device never end). At most
 * %SMARTCA_IMAGE_MAX_FILE_SIZE + 1 bytes are read whatever the size said.
 */
GBytes *
smartca_image_read_file (GFile        *file,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autoptr(GFileInfo)        info = NULL;
  g_autoptr(GFileInfo)        opened_info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError)           local_error = NULL;
  GBytes                     *bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  /* A FIFO, a device, a socket; a folder or a link that cannot be
   * followed is left to g_file_read() to say why. */
  if (is_special (info))
    {
      set_special (error);
      return NULL;
    }
  if (info != NULL && g_file_info_get_size (info) > SMARTCA_IMAGE_MAX_FILE_SIZE)
    {
      set_too_large_file (error);
      return NULL;
    }

  if (info != NULL)
    stream = g_file_read (file, cancellable, &local_error);
  /* What was opened is checked again (the path may have changed since). */
  if (stream != NULL)
    opened_info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                  cancellable, NULL);
  if (is_special (opened_info))
    {
      set_special (error);
      return NULL;
    }
  if (stream != NULL)
    bytes = read_bounded (G_INPUT_STREAM (stream), cancellable, &local_error);

  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SMARTCA_IMAGE_ERROR,
                     SMARTCA_IMAGE_ERROR_UNREADABLE,
                     _("The file could not be read: %s"),
                     local_error->message);
      return NULL;
    }

  if (g_bytes_get_size (bytes) > SMARTCA_IMAGE_MAX_FILE_SIZE)
    {
      g_bytes_unref (bytes);
      set_too_large_file (error);
      return NULL;
    }
  return bytes;
}

typedef struct
{
  int      width;
  int      height;
  gboolean too_many_pixels;
  int      rows_done;
} HeaderSize;

gboolean
smartca_image_dimensions_acceptable (int width,
                                     int height)
{
  return width > 0 && height > 0 && width <= SMARTCA_IMAGE_MAX_SIDE && height <= SMARTCA_IMAGE_MAX_SIDE && (gint64) width * height <= SMARTCA_IMAGE_MAX_PIXELS;
}

/* Emitted once the header is read, before the loader allocates the pixbuf:
 * a size of 0×0 makes it stop there (as gdk_pixbuf_get_file_info() does). */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  HeaderSize *size = user_data;

  size->width = width;
  size->height = height;
  if (!smartca_image_dimensions_acceptable (width, height))
    {
      size->too_many_pixels = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

/* How far down the loader got: truncated data leaves the bottom undecoded
 * (some loaders would hand over a pixbuf cut short without any error). */
static void
on_area_updated (GdkPixbufLoader *loader,
                 int              x,
                 int              y,
                 int              width,
                 int              height,
                 gpointer         user_data)
{
  HeaderSize *size = user_data;

  size->rows_done = MAX (size->rows_done, y + height);
}

static void
set_too_many_pixels (GError **error,
                     int      width,
                     int      height)
{
  g_set_error (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS,
               _("The image is %d × %d pixels, too large to use (at most "
                 "%d pixels on a side and %d megapixels)."),
               width, height, SMARTCA_IMAGE_MAX_SIDE,
               SMARTCA_IMAGE_MAX_PIXELS / (1000 * 1000));
}

/* The error for data the loader gave up on. */
static void
set_load_error (GError         **error,
                GdkPixbufLoader *loader,
                const GError    *loader_error)
{
  if (gdk_pixbuf_loader_get_format (loader) == NULL || g_error_matches (loader_error, GDK_PIXBUF_ERROR,
                                                                        GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
    g_set_error_literal (error, SMARTCA_IMAGE_ERROR,
                         SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE,
                         _("The file is not an image this app can read."));
  else
    g_set_error_literal (error, SMARTCA_IMAGE_ERROR,
                         SMARTCA_IMAGE_ERROR_TRUNCATED,
                         _("The image is damaged or incomplete."));
}

/* Whether a JPEG's segments run to its EOI marker, skipping the segments'
 * contents (an Exif thumbnail has an EOI of its own) and the entropy-coded
 * data (where 0xff is followed by 0x00 or a restart marker). */
static gboolean
jpeg_has_end (const guint8 *bytes,
              gsize         length)
{
  gsize offset = 2;

  while (offset + 1 < length)
    {
      guint8 marker;

      if (bytes[offset] != 0xff)
        {
          offset++; /* entropy-coded data */
          continue;
        }
      marker = bytes[offset + 1];
      if (marker == 0xd9)
        return TRUE;
      if (marker == 0x00 || marker == 0xff || (marker >= 0xd0 && marker <= 0xd7))
        {
          offset += marker == 0xff ? 1 : 2;
          continue;
        }
      if (offset + 3 >= length)
        return FALSE;
      /* A segment with a length: skip it whole. */
      offset += 2 + ((gsize) bytes[offset + 2] << 8 | bytes[offset + 3]);
    }
  return FALSE;
}

/* Whether a PNG has its IEND chunk (normally last). */
static gboolean
png_has_end (const guint8 *bytes,
             gsize         length)
{
  static const guint8 iend[] = { 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };

  for (gsize end = length; end >= sizeof iend; end--)
    if (memcmp (bytes + end - sizeof iend, iend, sizeof iend) == 0)
      return TRUE;
  return FALSE;
}

/* Data cut short still decodes with the PNG and JPEG loaders (rows that
 * arrived, or grey filling the rest): their end markers tell. */
static gboolean
has_end_marker (GdkPixbufLoader *loader,
                const guint8    *bytes,
                gsize            length)
{
  GdkPixbufFormat *format = gdk_pixbuf_loader_get_format (loader);
  g_autofree char *name = NULL;

  if (format == NULL)
    return TRUE;
  name = gdk_pixbuf_format_get_name (format);

  if (g_strcmp0 (name, "png") == 0)
    return png_has_end (bytes, length);
  if (g_strcmp0 (name, "jpeg") == 0)
    return jpeg_has_end (bytes, length);
  return TRUE;
}

static GdkPixbuf *
decode (GBytes       *data,
        GCancellable *cancellable,
        GError      **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError)          local_error = NULL;
  HeaderSize                 size = { 0, 0, FALSE, 0 };
  const guint8              *bytes;
  gsize                      length, offset;
  gboolean                   ok = TRUE;
  GdkPixbuf                 *pixbuf;

  bytes = g_bytes_get_data (data, &length);
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared),
                    &size);
  g_signal_connect (loader, "area-updated", G_CALLBACK (on_area_updated),
                    &size);

  for (offset = 0; ok && offset < length; offset += FEED_CHUNK)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      ok = gdk_pixbuf_loader_write (loader, bytes + offset,
                                    MIN (FEED_CHUNK, length - offset),
                                    &local_error);
      if (size.too_many_pixels)
        break;
    }
  /* After a failed write the loader is closed already; closing is a no-op. */
  if (ok && !size.too_many_pixels)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (size.too_many_pixels)
    {
      set_too_many_pixels (error, size.width, size.height);
      return NULL;
    }
  if (!ok)
    {
      set_load_error (error, loader, local_error);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || size.rows_done < gdk_pixbuf_get_height (pixbuf) || !has_end_marker (loader, bytes, length))
    {
      set_load_error (error, loader, NULL);
      return NULL;
    }
  /* A loader that does not report its size first is checked here. */
  if (!smartca_image_dimensions_acceptable (gdk_pixbuf_get_width (pixbuf),
                                            gdk_pixbuf_get_height (pixbuf)))
    {
      set_too_many_pixels (error, gdk_pixbuf_get_width (pixbuf),
                           gdk_pixbuf_get_height (pixbuf));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

/**
 * smartca_image_decode:
 * @data: an image file's contents
 *
 * Decodes @data with the checks of every image the app reads: its size,
 * then the dimensions of its header before any pixel is decoded, then
 * whether it was cut short. Also used for the pictures of QR codes.
 *
 * Returns: (transfer full): the pixels as decoded (not turned upright), or
 *   %NULL with @error set (%SMARTCA_IMAGE_ERROR, or %G_IO_ERROR_CANCELLED)
 */
GdkPixbuf *
smartca_image_decode (GBytes       *data,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_return_val_if_fail (data != NULL, NULL);

  if (g_bytes_get_size (data) > SMARTCA_IMAGE_MAX_FILE_SIZE)
    {
      set_too_large_file (error);
      return NULL;
    }
  if (g_bytes_get_size (data) == 0)
    {
      g_set_error_literal (error, SMARTCA_IMAGE_ERROR,
                           SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE,
                           _("The file is empty."));
      return NULL;
    }
  return decode (data, cancellable, error);
}

/* Upright, with alpha, at most SMARTCA_IMAGE_MAX_STORED_SIDE on its long
 * side; a new pixbuf carrying no option (metadata) of the original. */
static GdkPixbuf *
normalize_pixels (GdkPixbuf *decoded)
{
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) alpha = NULL;
  int                  width, height, long_side;

  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  /* Always a fresh copy: the decoded pixbuf's options stay behind. */
  alpha = gdk_pixbuf_add_alpha (upright, FALSE, 0, 0, 0);

  width = gdk_pixbuf_get_width (alpha);
  height = gdk_pixbuf_get_height (alpha);
  long_side = MAX (width, height);
  if (long_side <= SMARTCA_IMAGE_MAX_STORED_SIDE)
    return g_steal_pointer (&alpha);

  width = MAX (1, (int) ((gint64) width * SMARTCA_IMAGE_MAX_STORED_SIDE + long_side / 2) / long_side);
  height = MAX (1, (int) ((gint64) height * SMARTCA_IMAGE_MAX_STORED_SIDE + long_side / 2) / long_side);
  return gdk_pixbuf_scale_simple (alpha, width, height, GDK_INTERP_HYPER);
}

/* SHA-256 of the size, the channel count and each row's pixels (without the
 * rowstride padding). */
static char *
pixels_sha256 (GdkPixbuf *pixbuf)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  int                  width = gdk_pixbuf_get_width (pixbuf);
  int                  height = gdk_pixbuf_get_height (pixbuf);
  int                  channels = gdk_pixbuf_get_n_channels (pixbuf);
  int                  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8        *pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_autofree char     *header = NULL;
  int                  y;

  header = g_strdup_printf ("%d×%d×%d:", width, height, channels);
  g_checksum_update (checksum, (const guchar *) header, -1);
  for (y = 0; y < height; y++)
    g_checksum_update (checksum, pixels + (gsize) y * rowstride,
                       (gsize) width * channels);
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * smartca_image_normalize:
 * @data: the image file's contents
 * @info_out: (out) (optional): the normalised image's size and pixel hash
 *
 * Returns: (transfer full): the normalised image as PNG, or %NULL with
 * @error set (%SMARTCA_IMAGE_ERROR, or %G_IO_ERROR_CANCELLED).
 */
GBytes *
smartca_image_normalize (GBytes            *data,
                         SmartcaImageInfo **info_out,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) normalized = NULL;
  g_autoptr(GError)    local_error = NULL;
  char                *png = NULL;
  gsize                png_length = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (info_out == NULL || *info_out == NULL, NULL);

  decoded = smartca_image_decode (data, cancellable, error);
  if (decoded == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  normalized = normalize_pixels (decoded);
  if (normalized == NULL)
    {
      g_set_error_literal (error, SMARTCA_IMAGE_ERROR,
                           SMARTCA_IMAGE_ERROR_UNREADABLE,
                           _("There is not enough memory to read the image."));
      return NULL;
    }

  if (!gdk_pixbuf_save_to_buffer (normalized, &png, &png_length, "png",
                                  &local_error, NULL))
    {
      g_set_error (error, SMARTCA_IMAGE_ERROR, SMARTCA_IMAGE_ERROR_UNREADABLE,
                   _("The image could not be converted: %s"),
                   local_error->message);
      return NULL;
    }

  if (info_out != NULL)
    {
      SmartcaImageInfo *info = g_new0 (SmartcaImageInfo, 1);

      info->width = gdk_pixbuf_get_width (normalized);
      info->height = gdk_pixbuf_get_height (normalized);
      info->pixels_sha256 = pixels_sha256 (normalized);
      *info_out = info;
    }
  return g_bytes_new_take (png, png_length);
}

typedef struct
{
  GBytes           *data;
  SmartcaImageInfo *info;
} NormalizeState;

static void
normalize_state_free (NormalizeState *state)
{
  g_clear_pointer (&state->data, g_bytes_unref);
  g_clear_pointer (&state->info, smartca_image_info_free);
  g_free (state);
}

static void
normalize_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  NormalizeState *state = task_data;
  GError         *error = NULL;
  GBytes         *png;

  png = smartca_image_normalize (state->data, &state->info, cancellable,
                                 &error);
  if (png == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
}

/* Decoding is slow: smartca_image_normalize() in a worker thread. */
void
smartca_image_normalize_async (GBytes             *data,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  NormalizeState  *state;

  g_return_if_fail (data != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_image_normalize_async);
  state = g_new0 (NormalizeState, 1);
  state->data = g_bytes_ref (data);
  g_task_set_task_data (task, state, (GDestroyNotify) normalize_state_free);
  g_task_run_in_thread (task, normalize_thread);
}

GBytes *
smartca_image_normalize_finish (GAsyncResult      *result,
                                SmartcaImageInfo **info_out,
                                GError           **error)
{
  NormalizeState *state;
  GBytes         *png;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (info_out == NULL || *info_out == NULL, NULL);

  png = g_task_propagate_pointer (G_TASK (result), error);
  if (png == NULL)
    return NULL;

  state = g_task_get_task_data (G_TASK (result));
  if (info_out != NULL)
    *info_out = g_steal_pointer (&state->info);
  return png;
}
