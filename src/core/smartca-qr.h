/* smartca-qr.h: read the text of a QR code in a picture (zbar)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_QR_ERROR (smartca_qr_error_quark ())

typedef enum
{
  SMARTCA_QR_ERROR_NOT_FOUND, /* the picture holds no QR code that could be read */
  SMARTCA_QR_ERROR_SEVERAL,   /* more than one QR code, with different texts */
  SMARTCA_QR_ERROR_TOO_LARGE, /* a picture too large to scan */
} SmartcaQrError;

GQuark smartca_qr_error_quark (void);

/* The text of the one QR code in @pixbuf (any size up to the import limits,
 * with or without alpha; transparent pixels count as white). Returns NULL
 * with a translated error otherwise. The caller wipes the text with
 * smartca_secret_free() (it is usually a secret key). */
char *smartca_qr_decode_pixbuf (GdkPixbuf *pixbuf,
                                GError   **error);
/* Reads @file with the same checks as a signature image (regular file,
 * bounded size, a format GdkPixbuf decodes) and decodes its QR code. */
char *smartca_qr_decode_file (GFile        *file,
                              GCancellable *cancellable,
                              GError      **error);
/* Decodes encoded image bytes (a PNG from the clipboard, a dropped file's
 * contents). */
char *smartca_qr_decode_bytes (GBytes  *bytes,
                               GError **error);

/* The same in a worker thread (a large picture takes a second or two to
 * scan): the dialog stays responsive and can cancel. Both finish with
 * smartca_qr_decode_finish(). */
void  smartca_qr_decode_file_async (GFile              *file,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
void  smartca_qr_decode_bytes_async (GBytes             *bytes,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
char *smartca_qr_decode_finish (GAsyncResult *result,
                                GError      **error);

G_END_DECLS
