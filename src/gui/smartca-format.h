/* smartca-format.h: how dates, validity and status are written, and how
 * text from SmartCA, a certificate or the user is shown among ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "smartca-certificate.h"
#include "smartca-text.h"

G_BEGIN_DECLS

/* From this many days before expiry a certificate is flagged: Vietnamese CAs
 * want renewal requests 30–60 days ahead. */
#define SMARTCA_EXPIRY_WARNING_DAYS 60

char       *smartca_format_date (gint64 unix_time);
char       *smartca_format_validity (SmartcaCertificate *certificate);
const char *smartca_status_label (SmartcaCertificate      *certificate,
                                  SmartcaCertificateStatus status);
char       *smartca_expiry_text (SmartcaCertificate *certificate,
                                 gint64              now,
                                 gboolean           *warning);

/* A business certificate's "OTP authentication usage": "Method 1",
 * "Method 2" or "Off"; with what the method is when @long_form. */
const char *smartca_business_method_label (SmartcaCertificate *certificate,
                                           gboolean            long_form);

G_END_DECLS
