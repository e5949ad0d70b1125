/* test-sign-window-support.h: what the signing window's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-application.h"
#include "smartca-context.h"
#include "smartca-sign-window.h"

G_BEGIN_DECLS

/* Opens @path in a new signing window, presented and given the keyboard.
 * *@weak is the window, and NULL once it is gone; @stages (nullable) gets
 * the name of every stage shown, in order (newly allocated strings). */
void sign_window_test_open (SmartcaApplication *application,
                            SmartcaContext     *context,
                            const char         *path,
                            SmartcaCertificate *certificate,
                            SmartcaSignWindow **weak,
                            GPtrArray          *stages);
/* The text of the stage shown */
char *sign_window_test_stage_text (SmartcaSignWindow *window);
/* Waits for @stage, or fails saying what is shown */
void sign_window_test_wait_for_stage (SmartcaSignWindow *window,
                                      const char        *stage);

G_END_DECLS
