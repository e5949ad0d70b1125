/* smartca-pdf-syntax.c: PDF strings, dates and numbers, and the appearance
 * XObjects of a visible signature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-pdf-private.h"

#include <string.h>

void
smartca_pdf_begin_object (GString *out,
                          GArray  *entries,
                          guint64  base,
                          guint    id,
                          guint    generation)
{
  SmartcaPdfXrefEntry entry = { id, generation, base + out->len };

  g_array_append_val (entries, entry);
  g_string_append_printf (out, "%u %u obj\n", id, generation);
}

/* Printable ASCII as a literal string; anything else as UTF-16BE with a
 * byte order mark, in hex (PDF text strings) */
void
smartca_pdf_append_text_string (GString    *out,
                                const char *utf8)
{
  g_autofree char *valid = g_utf8_make_valid (utf8 != NULL ? utf8 : "", -1);
  gboolean         ascii = TRUE;

  for (const char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      ascii = FALSE;

  if (ascii)
    {
      g_string_append_c (out, '(');
      for (const char *p = valid; *p != '\0'; p++)
        {
          if (*p == '(' || *p == ')' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, ')');
    }
  else
    {
      glong                 n = 0;
      g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (valid, -1, NULL, &n, NULL);

      g_string_append (out, "<FEFF");
      for (glong i = 0; utf16 != NULL && i < n; i++)
        g_string_append_printf (out, "%04X", utf16[i]);
      g_string_append_c (out, '>');
    }
}

/* (D:YYYYMMDDHHmmSS+07'00'): Vietnam time */
void
smartca_pdf_append_date (GString *out,
                         gint64   unix_time)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
  g_autofree char     *text = local != NULL ? g_date_time_format (local, "D:%Y%m%d%H%M%S+07'00'") : NULL;

  g_string_append_printf (out, "(%s)", text != NULL ? text : "D:19700101070000+07'00'");
}

/* At most 4 decimals, no exponent, no locale */
void
smartca_pdf_append_number (GString *out,
                           double   value)
{
  char  buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  if (value > -0.00005 && value < 0.00005)
    value = 0;
  g_ascii_formatd (buffer, sizeof buffer, "%.4f", value);
  len = strlen (buffer);
  while (len > 0 && buffer[len - 1] == '0')
    buffer[--len] = '\0';
  if (len > 0 && buffer[len - 1] == '.')
    buffer[--len] = '\0';
  g_string_append (out, buffer);
}

/* The appearance */

static GBytes *
deflate_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr(GByteArray)      out = g_byte_array_new ();
  gsize                      in_size = 0;
  const guint8              *in = g_bytes_get_data (bytes, &in_size);
  guint8                     chunk[65536];

  for (;;)
    {
      gsize             read = 0, written = 0;
      GConverterResult  result;
      g_autoptr(GError) error = NULL;

      result = g_converter_convert (G_CONVERTER (compressor), in, in_size, chunk, sizeof chunk,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &error);
      if (result == G_CONVERTER_ERROR)
        g_error ("Deflating the appearance failed: %s", error->message);
      g_byte_array_append (out, chunk, written);
      in += read;
      in_size -= read;
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
append_stream (GString *out,
               GBytes  *data)
{
  gsize         size = 0;
  gconstpointer bytes = g_bytes_get_data (data, &size);

  g_string_append_printf (out, "/Length %" G_GSIZE_FORMAT " >>\nstream\n", size);
  g_string_append_len (out, bytes, size);
  g_string_append (out, "\nendstream\nendobj\n");
}

static void
append_image (GString    *out,
              GArray     *entries,
              guint64     base,
              guint       id,
              int         width,
              int         height,
              const char *color_space,
              GBytes     *pixels,
              guint       mask_id)
{
  g_autoptr(GBytes) deflated = deflate_bytes (pixels);

  smartca_pdf_begin_object (out, entries, base, id, 0);
  g_string_append_printf (out,
                          "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                          "/BitsPerComponent 8 /Filter /FlateDecode ",
                          width, height, color_space);
  if (mask_id != 0)
    g_string_append_printf (out, "/SMask %u 0 R ", mask_id);
  append_stream (out, deflated);
}

/* The form's /Matrix turns the upright drawing against the page's /Rotate
 * (the page turns clockwise when shown); the viewer then fits the turned
 * box into the widget's /Rect. */
static void
append_matrix (GString *out,
               int      rotation,
               double   width,
               double   height)
{
  double m[6] = { 1, 0, 0, 1, 0, 0 };

  switch (rotation)
    {
    case 90:
      m[0] = 0, m[1] = 1, m[2] = -1, m[3] = 0, m[4] = height, m[5] = 0;
      break;
    case 180:
      m[0] = -1, m[1] = 0, m[2] = 0, m[3] = -1, m[4] = width, m[5] = height;
      break;
    case 270:
      m[0] = 0, m[1] = -1, m[2] = 1, m[3] = 0, m[4] = 0, m[5] = width;
      break;
    default:
      break;
    }

  g_string_append (out, "/Matrix [");
  for (int i = 0; i < 6; i++)
    {
      g_string_append_c (out, ' ');
      smartca_pdf_append_number (out, m[i]);
    }
  g_string_append (out, " ] ");
}

guint
smartca_pdf_append_appearance (GString                       *out,
                               GArray                        *entries,
                               guint64                        base,
                               const SmartcaPdfSignatureSpec *spec,
                               int                            rotation,
                               guint                          first_id)
{
  const SmartcaPdfImage *image = spec->appearance;
  g_autoptr(GString)     content = g_string_new (NULL);
  g_autoptr(GBytes)      content_bytes = NULL;
  guint                  image_id = 0, mask_id = 0, form_id = first_id;
  gboolean               has_image = image != NULL && image->width > 0 && image->height > 0 && image->rgb != NULL && g_bytes_get_size (image->rgb) == (gsize) image->width * image->height * 3;
  double                 width = spec->rect.width, height = spec->rect.height;

  if (has_image)
    {
      gboolean has_mask = image->alpha != NULL && g_bytes_get_size (image->alpha) == (gsize) image->width * image->height;

      image_id = first_id;
      mask_id = has_mask ? first_id + 1 : 0;
      form_id = first_id + (has_mask ? 2 : 1);
      if (has_mask)
        append_image (out, entries, base, mask_id, image->width, image->height, "/DeviceGray",
                      image->alpha, 0);
      append_image (out, entries, base, image_id, image->width, image->height, "/DeviceRGB",
                    image->rgb, mask_id);

      g_string_append (content, "q ");
      smartca_pdf_append_number (content, width);
      g_string_append (content, " 0 0 ");
      smartca_pdf_append_number (content, height);
      g_string_append (content, " 0 0 cm /Img Do Q\n");
    }
  content_bytes = g_bytes_new (content->str, content->len);

  smartca_pdf_begin_object (out, entries, base, form_id, 0);
  g_string_append (out, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 ");
  smartca_pdf_append_number (out, width);
  g_string_append_c (out, ' ');
  smartca_pdf_append_number (out, height);
  g_string_append (out, " ] ");
  append_matrix (out, rotation, width, height);
  if (has_image)
    g_string_append_printf (out, "/Resources << /XObject << /Img %u 0 R >> >> ", image_id);
  else
    g_string_append (out, "/Resources << >> ");
  append_stream (out, content_bytes);
  return form_id;
}
