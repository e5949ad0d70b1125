/* smartca-check-dialog.h: "Check Account", a test signature through the
 * business (TH) flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small modal window: for method 1 it first asks for the OTP from the
 * authenticator app; then it shows progress with Cancel while SmartCA signs a
 * throw-away digest (smartca_business_check_async), and finally success or
 * the specific failure, with the clock hint when the computer's clock is off.
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"
#include "smartca-totp.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_CHECK_DIALOG (smartca_check_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaCheckDialog, smartca_check_dialog, SMARTCA, CHECK_DIALOG, AdwWindow)

/* Checks the account as typed in a form (not yet saved): @key for method 2,
 * NULL for method 1 (the dialog asks for the OTP). The dialog copies what it
 * needs. */
SmartcaCheckDialog *smartca_check_dialog_new (GtkWindow          *parent,
                                              SmartcaContext     *context,
                                              SmartcaCertificate *certificate,
                                              const char         *password,
                                              SmartcaTotpKey     *key);
/* Checks the account as saved: reads the password (and key) from the keyring
 * first, and says so plainly when the keyring cannot be reached. */
SmartcaCheckDialog *smartca_check_dialog_new_saved (GtkWindow          *parent,
                                                    SmartcaContext     *context,
                                                    SmartcaCertificate *certificate);

G_END_DECLS
