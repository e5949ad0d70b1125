/* smartca-history-row.h: one signing in a list (History, the Detail)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-history.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_HISTORY_ROW (smartca_history_row_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaHistoryRow, smartca_history_row, SMARTCA, HISTORY_ROW, AdwActionRow)

/* @forgettable: a button that forgets the entry (win.forget-history with the
 * entry's id), where the window offers it. */
GtkWidget           *smartca_history_row_new (SmartcaHistoryEntry *entry,
                                              gboolean             forgettable);
SmartcaHistoryEntry *smartca_history_row_get_entry (SmartcaHistoryRow *self);
/* The file the row opens (the signed copy), when it is there, or NULL */
GFile *smartca_history_row_dup_openable_file (SmartcaHistoryRow *self);

/* How a signed file is opened: gtk_show_uri() unless a test replaces it. */
typedef void (*SmartcaHistoryOpenFunc) (GtkWindow  *parent,
                                        const char *uri);
void smartca_history_set_open_func (SmartcaHistoryOpenFunc func);

G_END_DECLS
