/* smartca-remote-sign-private.h: the phone-confirmed flow's timing, for
 * tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-remote-sign.h"

G_BEGIN_DECLS

/* How many network failures of the status poll in a row end the wait
 * (SMARTCA_PERSONAL_ERROR_UNREACHABLE); a failed poll before that is tried
 * again at the next interval. */
#define PERSONAL_MAX_POLL_FAILURES 3

/* Tests only: milliseconds between two polls and until the flow gives up
 * on the phone (0: the default, SMARTCA_POLL_INTERVAL_MS or
 * SMARTCA_PERSONAL_POLL_INTERVAL; SMARTCA_PERSONAL_SIGN_LIFETIME). Applies
 * to the signings started afterwards. */
G_GNUC_INTERNAL
void personal_set_timing_for_testing (guint interval_ms,
                                      guint lifetime_ms);

G_END_DECLS
