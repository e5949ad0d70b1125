/* smartca-test-qr.h: QR codes drawn in the test (libqrencode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_TEST_QR_PLAIN,       /* black on white, RGB */
  SMARTCA_TEST_QR_TRANSPARENT, /* black on transparent pixels (RGBA, their colour black too) */
  SMARTCA_TEST_QR_INVERTED,    /* white on black */
} SmartcaTestQrStyle;

/* The QR code of @text, @module pixels a module, with a quiet zone of
 * @quiet modules around it. */
GdkPixbuf *smartca_test_qr_pixbuf (const char        *text,
                                   int                module,
                                   int                quiet,
                                   SmartcaTestQrStyle style);
/* The QR code of @length bytes of @data (which may hold NULs). */
GdkPixbuf *smartca_test_qr_pixbuf_data (const guint8      *data,
                                        gsize              length,
                                        int                module,
                                        int                quiet,
                                        SmartcaTestQrStyle style);
/* The same, encoded as a PNG file's contents. */
GBytes *smartca_test_qr_png (const char        *text,
                             int                module,
                             SmartcaTestQrStyle style);

G_END_DECLS
