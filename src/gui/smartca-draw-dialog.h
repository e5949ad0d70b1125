/* smartca-draw-dialog.h: "Draw a Signature"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SMARTCA_TYPE_DRAW_DIALOG (smartca_draw_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaDrawDialog, smartca_draw_dialog, SMARTCA, DRAW_DIALOG, AdwWindow)

SmartcaDrawDialog *smartca_draw_dialog_new (GtkWindow *parent);

G_END_DECLS
