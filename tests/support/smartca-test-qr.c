/* smartca-test-qr.c: QR codes drawn in the test (libqrencode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-test-qr.h"

#include <qrencode.h>
#include <string.h>

GdkPixbuf *
smartca_test_qr_pixbuf (const char        *text,
                        int                module,
                        int                quiet,
                        SmartcaTestQrStyle style)
{
  return smartca_test_qr_pixbuf_data ((const guint8 *) text, strlen (text), module, quiet, style);
}

GdkPixbuf *
smartca_test_qr_pixbuf_data (const guint8      *data,
                             gsize              length,
                             int                module,
                             int                quiet,
                             SmartcaTestQrStyle style)
{
  QRcode    *code = QRcode_encodeData ((int) length, data, 0, QR_ECLEVEL_M);
  gboolean   alpha = style == SMARTCA_TEST_QR_TRANSPARENT;
  int        side, channels, rowstride;
  guint8    *pixels;
  GdkPixbuf *pixbuf;

  g_assert_nonnull (code);
  side = (code->width + 2 * quiet) * module;
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, side, side);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        int      mx = x / module - quiet, my = y / module - quiet;
        gboolean dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width && (code->data[my * code->width + mx] & 1);
        guint8  *p = pixels + (gsize) y * rowstride + (gsize) x * channels;

        switch (style)
          {
          case SMARTCA_TEST_QR_TRANSPARENT:
            memset (p, 0, 3);
            p[3] = dark ? 0xff : 0;
            break;
          case SMARTCA_TEST_QR_INVERTED:
            memset (p, dark ? 0xff : 0, 3);
            break;
          case SMARTCA_TEST_QR_PLAIN:
          default:
            memset (p, dark ? 0 : 0xff, 3);
            break;
          }
      }
  QRcode_free (code);
  return pixbuf;
}

GBytes *
smartca_test_qr_png (const char        *text,
                     int                module,
                     SmartcaTestQrStyle style)
{
  g_autoptr(GdkPixbuf) pixbuf = smartca_test_qr_pixbuf (text, module, 4, style);
  g_autoptr(GError)    error = NULL;
  char                *png = NULL;
  gsize                length = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &length, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (png, length);
}
