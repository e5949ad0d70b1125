/* smartca-sign-window.h: the signing window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One window per document. Stages, in a GtkStack whose visible child name
 * is the stage name:
 *   "loading"  the document is being opened
 *   "place"    the page (SmartcaPageView) with page navigation (Page Up /
 *              Page Down, a page number spin button), the certificate
 *              chooser (the default certificate, or the one given; any that
 *              can sign), Reason, Location, "Invisible signature" switch,
 *              and the Sign button (default widget)
 *   "progress" what is happening (SmartcaSignOperation's progress text; for
 *              a personal certificate "Open the VNPT SmartCA app on your
 *              phone and confirm" with the time left) and Cancel
 *   "otp"      method 1 business account: the 6-digit code, then Sign
 *   "done"     where the file was written, Open, Show in Folder, and
 *              "The signature was checked: the document is intact." when
 *              poppler validated it
 *   "error"    what went wrong and what to do, Try Again (back to "place")
 *              and Close; a document that cannot be signed (not a PDF,
 *              encrypted, damaged, certified) lands here at once
 * Closing the window while SmartCA is asked cancels the signing (no file, a
 * "cancelled" history entry); while the file is written it waits for it.
 */

#pragma once

#include <adwaita.h>

#include "smartca-application.h"
#include "smartca-context.h"
#include "smartca-history.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_SIGN_WINDOW (smartca_sign_window_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaSignWindow, smartca_sign_window, SMARTCA, SIGN_WINDOW, AdwApplicationWindow)

/* @context's store must be loaded. @certificate: the certificate to sign
 * with, or NULL for the default one. */
SmartcaSignWindow *smartca_sign_window_new (SmartcaApplication *application,
                                            SmartcaContext     *context,
                                            GFile              *file,
                                            SmartcaCertificate *certificate);

GFile *smartca_sign_window_get_file (SmartcaSignWindow *self);
/* "loading", "place", "progress", "otp", "done" or "error" */
const char *smartca_sign_window_get_stage (SmartcaSignWindow *self);
/* The history entry of the last run, or NULL */
SmartcaHistoryEntry *smartca_sign_window_get_history_entry (SmartcaSignWindow *self);
/* The appearance last drawn into the box (the live preview), or NULL; for
 * tests */
GdkTexture *smartca_sign_window_get_preview (SmartcaSignWindow *self);

G_END_DECLS
