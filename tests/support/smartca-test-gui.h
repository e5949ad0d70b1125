/* smartca-test-gui.h: driving the app's windows as a user would, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys and clicks go through XTEST (xdotool), exactly as a keyboard's or a
 * pointer's would; widgets are only looked at, never called.
 */

#pragma once

#include <adwaita.h>

#include "smartca-application.h"
#include "smartca-certificate-card.h"

G_BEGIN_DECLS

typedef gboolean (*Condition) (gpointer data);

void                    test_init_gettext (void);
void                    run_main_loop_for (guint ms);
gboolean                wait_for (Condition condition,
                                  gpointer  data);
void                    xdotool (const char *args);
void                    press (const char *keys);
void                    type (const char *text);
void                    click (GtkWidget *widget);
void                    drag_and_drop (GtkWidget *from,
                                       GtkWidget *to);
void                    pointer_stroke (GtkWidget              *widget,
                                        const graphene_point_t *points,
                                        guint                   n_points);
GtkWidget              *find_named (GtkWidget  *root,
                                    const char *name);
GtkWidget              *find_button (GtkWidget  *root,
                                     const char *label);
void                    collect_text (GtkWidget *widget,
                                      GString   *out);
GPtrArray              *visible_cards (GtkWidget *window);
SmartcaCertificateCard *focused_card (GtkWidget *window);
void                    choose_menu_item (GtkWidget  *window,
                                          const char *label);
GtkPopover             *find_open_popover (GtkWidget *widget);
GtkWidget              *find_menu_item (GtkWidget  *root,
                                        const char *label);
gboolean                window_is_active (gpointer window);
GtkWindow              *find_toplevel (GType type);
GtkWindow              *wait_for_window_of_type (GType type);
void                    give_focus (GtkWindow *window);
void                    take_screenshot (const char *name);
gboolean                test_language_is_vi (void);
SmartcaApplication     *test_gui_init (int    *argc,
                                       char ***argv);
void                    choose_file (const char *path);
/* What the toasts shown in @widget say: their labels' text, markup parsed
 * (buttons aside), added to @titles (strings owned by the labels) */
void collect_toast_titles (GtkWidget *widget,
                           gboolean   in_toast,
                           GPtrArray *titles);
/* Waits for a toast that says exactly @expected, or fails naming those shown */
void assert_toast_shows (GtkWidget  *window,
                         const char *expected);

G_END_DECLS
