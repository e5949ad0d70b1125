/* smartca-sign-operation.h: signing one PDF, from the file to the signed
 * copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one `sign` path, used by the command line (--sign) and by the signing
 * window. It reads and checks the PDF, draws the appearance, prepares the
 * update and hashes it in a worker thread; has SmartCA sign on the main
 * context (smartca_remote_sign_async()); builds and checks the CMS and
 * writes the file in a worker thread again. The state, the stage's
 * deadline and a translated progress text are properties (notify on the
 * main context). Cancelling at any point leaves no output file.
 */

#pragma once

#include <gio/gio.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "smartca-context.h"
#include "smartca-history.h"
#include "smartca-pdf.h"

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_SIGN_STATE_READY,             /* not started */
  SMARTCA_SIGN_STATE_PREPARING,         /* reading, drawing, hashing */
  SMARTCA_SIGN_STATE_SIGNING,           /* SmartCA is asked (business flow, or before the phone) */
  SMARTCA_SIGN_STATE_WAITING_FOR_PHONE, /* confirm in the VNPT SmartCA app before the deadline */
  SMARTCA_SIGN_STATE_WRITING,           /* building the CMS, writing the file */
  SMARTCA_SIGN_STATE_DONE,
  SMARTCA_SIGN_STATE_FAILED,
  SMARTCA_SIGN_STATE_CANCELLED,
} SmartcaSignState;

#define SMARTCA_TYPE_SIGN_OPERATION (smartca_sign_operation_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaSignOperation, smartca_sign_operation, SMARTCA, SIGN_OPERATION, GObject)

/* The certificate must be in @context's store. */
SmartcaSignOperation *smartca_sign_operation_new (SmartcaContext     *context,
                                                  SmartcaCertificate *certificate,
                                                  const char         *input_path);

/* Options, before run. The defaults: output smartca_pdf_default_output_path(),
 * visible, on the last page, at smartca_sign_operation_default_rect(). */
void smartca_sign_operation_set_output_path (SmartcaSignOperation *self,
                                             const char           *output_path);
/* -1: the default page */
void smartca_sign_operation_set_page (SmartcaSignOperation *self,
                                      int                   page);
/* NULL: the default rectangle */
void smartca_sign_operation_set_rect (SmartcaSignOperation *self,
                                      const SmartcaPdfRect *rect);
void smartca_sign_operation_set_invisible (SmartcaSignOperation *self,
                                           gboolean              invisible);
void smartca_sign_operation_set_reason (SmartcaSignOperation *self,
                                        const char           *reason);
void smartca_sign_operation_set_location (SmartcaSignOperation *self,
                                          const char           *location);
/* Method 1 business accounts: the code from the authenticator app */
void smartca_sign_operation_set_otp (SmartcaSignOperation *self,
                                     const char           *otp);

/* The default place of the signature on a page of @width × @height points
 * (displayed): 200 × 80 pt, 36 pt from the bottom-right corner; for
 * organisation seals (business certificates) 36 pt from the top-right
 * corner. Shrunk to fit a small page. */
void smartca_sign_operation_default_rect (SmartcaCertificate *certificate,
                                          double              width,
                                          double              height,
                                          SmartcaPdfRect     *rect);

/* Refuses a certificate that cannot sign (expired, not yet valid, not
 * active) before anything else happens. */
void smartca_sign_operation_run_async (SmartcaSignOperation *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Returns the path written (transfer full) */
char *smartca_sign_operation_run_finish (SmartcaSignOperation *self,
                                         GAsyncResult         *result,
                                         GError              **error);

SmartcaSignState smartca_sign_operation_get_state (SmartcaSignOperation *self);
/* g_get_real_time() (µs) by which the phone must confirm, or 0 */
gint64 smartca_sign_operation_get_deadline (SmartcaSignOperation *self);
/* A translated sentence for the current state ("Waiting for confirmation on
 * your phone…") */
const char *smartca_sign_operation_get_progress_text (SmartcaSignOperation *self);
/* SmartCA's transaction id once known, or NULL */
const char *smartca_sign_operation_get_transaction_id (SmartcaSignOperation *self);
const char *smartca_sign_operation_get_input_path (SmartcaSignOperation *self);
const char *smartca_sign_operation_get_output_path (SmartcaSignOperation *self);

/* Issue 11: the history entry this run recorded in the store when it ended
 * (signed, cancelled, refused, expired or failed), or NULL before. */
SmartcaHistoryEntry *smartca_sign_operation_get_history_entry (SmartcaSignOperation *self);

/* The signature image in @file as signing draws it (the same bounds as every
 * image the app reads), or NULL (text only) when it cannot be read. Blocks:
 * call it from a worker thread for anything but a small file. */
GdkPixbuf *smartca_sign_load_image (GFile        *file,
                                    GCancellable *cancellable);

G_END_DECLS
