/* test-sign-e2e.h: what the end-to-end signing tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-application.h"
#include "smartca-sign-window.h"
#include "smartca-test-gui.h"

G_BEGIN_DECLS

/* What the test does once the app runs; the app quits when it returns. */
typedef void (*E2eScenario) (SmartcaApplication *app,
                             gpointer            data);

/* Runs the real application as the desktop starts it, `smartca-certs FILE`
 * (@path NULL: no argument), with @scenario driving it from inside its
 * main loop; ends with app.quit (what Ctrl+Q does) and asserts the exit
 * status is 0. */
void e2e_run_app (const char *path,
                  E2eScenario scenario,
                  gpointer    data);

/* The first widget of @type under @root (depth first), or NULL */
GtkWidget *e2e_find_type (GtkWidget *root,
                          GType      type);
/* Like wait_for(), but for @seconds */
gboolean e2e_wait (Condition condition,
                   gpointer  data,
                   guint     seconds);

/* Every visible label's text under @widget, "|text|text|…|" */
char *e2e_text (GtkWidget *widget);

/* The signing window the app opened, with the keyboard */
SmartcaSignWindow *e2e_wait_for_sign_window (void);
/* Waits until the window shows @stage (60 s at most) */
void e2e_wait_for_stage (SmartcaSignWindow *window,
                         const char        *stage);
/* Every stage the window showed since e2e_record_stages(), "a b c" */
void  e2e_record_stages (SmartcaSignWindow *window);
char *e2e_dup_stages (SmartcaSignWindow *window);

/* Whether the keyboard is in @widget (it or one of its children) */
gboolean e2e_focus_is_in (GtkWidget *widget);
/* Tab until the keyboard is in @widget */
void e2e_tab_to (GtkWidget *widget);
/* Types @text, any character (Ctrl+Shift+U and its code point for those
 * the keyboard map lacks) */
void e2e_type_text (const char *text);

/* A real drag and drop (XDND) of the file at @path onto @target, from a
 * window of another "file manager" put beside the app's */
void e2e_drop_file (GtkWidget  *target,
                    const char *path);

/* With SMARTCA_E2E_SCREENSHOTS set to a folder: @window alone, cropped to
 * its frame, as FOLDER/NAME-LANGUAGE.png (README screenshots). */
void e2e_screenshot (GtkWindow  *window,
                     const char *name);

G_END_DECLS
