/* smartca-business-dialog.h: "Business SmartCA account" (manual, section 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opened from a business certificate's Detail when its "Business SmartCA
 * account" switch is turned on (or its settings are changed). The user picks
 * method 1 (password; OTP typed at signing time) or method 2 (password and
 * secret key; the OTP is computed), sees the current code with its countdown,
 * can check the account, and saves to the keyring.
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_BUSINESS_DIALOG (smartca_business_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaBusinessDialog, smartca_business_dialog, SMARTCA, BUSINESS_DIALOG, AdwWindow)

/* Modal on @parent. When the certificate already has an account, the form is
 * filled from the keyring. Emits "saved" after a successful Save (the store
 * and the keyring are written by then); closing it otherwise changes
 * nothing. */
SmartcaBusinessDialog *smartca_business_dialog_new (GtkWindow          *parent,
                                                    SmartcaContext     *context,
                                                    SmartcaCertificate *certificate);

G_END_DECLS
