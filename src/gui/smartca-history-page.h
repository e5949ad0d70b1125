/* smartca-history-page.h: the main window's History page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-store.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_HISTORY_PAGE (smartca_history_page_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaHistoryPage, smartca_history_page, SMARTCA, HISTORY_PAGE, GtkWidget)

/* Shows @store's history (smartca_store_get_history()), or nothing */
void         smartca_history_page_set_store (SmartcaHistoryPage *self,
                                             SmartcaStore       *store);
GtkEditable *smartca_history_page_get_search_entry (SmartcaHistoryPage *self);
/* Keyboard focus to the first row (or the search entry, when none shows) */
void smartca_history_page_focus (SmartcaHistoryPage *self);

G_END_DECLS
