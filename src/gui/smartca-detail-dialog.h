/* smartca-detail-dialog.h: "VNPT SmartCA certificate information"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_DETAIL_DIALOG (smartca_detail_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaDetailDialog, smartca_detail_dialog, SMARTCA, DETAIL_DIALOG, AdwWindow)

SmartcaDetailDialog *smartca_detail_dialog_new (GtkWindow          *parent,
                                                SmartcaContext     *context,
                                                SmartcaCertificate *certificate);

G_END_DECLS
