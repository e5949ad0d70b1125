/* smartca-add-dialog.h: "Add VNPT SmartCA certificate"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_ADD_DIALOG (smartca_add_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaAddDialog, smartca_add_dialog, SMARTCA, ADD_DIALOG, AdwWindow)

SmartcaAddDialog *smartca_add_dialog_new (GtkWindow      *parent,
                                          SmartcaContext *context);

G_END_DECLS
