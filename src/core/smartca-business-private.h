/* smartca-business-private.h: shared between the business account's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-business.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
gboolean business_check_supported (SmartcaCertificate *certificate,
                                   GError            **error);
G_GNUC_INTERNAL
gboolean business_check_account (SmartcaCertificate *certificate,
                                 const char         *password,
                                 GError            **error);

/* Tests only: the time the one-time codes are computed for (the Unix time
 * by default). NULL restores the real clock. */
typedef gint64 (*BusinessClockFunc) (gpointer user_data);

G_GNUC_INTERNAL
void business_set_clock_for_testing (BusinessClockFunc func,
                                     gpointer          user_data);

G_END_DECLS
