/* smartca-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-application.h"
#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_WINDOW (smartca_window_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaWindow, smartca_window, SMARTCA, WINDOW, AdwApplicationWindow)

SmartcaWindow  *smartca_window_new (SmartcaApplication *application);
SmartcaWindow  *smartca_window_new_for_context (SmartcaApplication *application,
                                                SmartcaContext     *context);
SmartcaContext *smartca_window_get_context (SmartcaWindow *self);
gboolean        smartca_window_get_loading (SmartcaWindow *self);
void            smartca_window_add_toast (SmartcaWindow *self,
                                          const char    *title);
void            smartca_window_commit_all_deletes (SmartcaWindow *self);
/* Issue 11: every way a document gets in (Sign a Document…, a card's menu,
 * a drop, "Open With", smartca-certs FILE.pdf) */
void smartca_window_open_document (SmartcaWindow      *self,
                                   GFile              *file,
                                   SmartcaCertificate *certificate);

G_END_DECLS
