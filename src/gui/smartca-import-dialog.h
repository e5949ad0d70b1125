/* smartca-import-dialog.h: a picture the user adds as a signature image,
 * previewed, labelled and optionally cleaned up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SMARTCA_TYPE_IMPORT_DIALOG (smartca_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaImportDialog, smartca_import_dialog, SMARTCA, IMPORT_DIALOG, AdwWindow)

/* @data: the raw bytes of the file/paste. The dialog normalises them off the
 * main thread (spinner), shows the preview, a Label entry (prefilled with
 * @label), "Clean up photo" (threshold scale, live preview computed off the
 * main thread, "Blue ink" switch), and _Add / _Cancel. A bad image: a clear
 * translated message in the dialog and no "Add".
 * Signal "image-ready" (GBytes *png, const char *label): emitted on Add, then
 * the dialog closes. */
SmartcaImportDialog *smartca_import_dialog_new (GtkWindow  *parent,
                                                GBytes     *data,
                                                const char *label);

G_END_DECLS
