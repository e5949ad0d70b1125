/* smartca-history-private.h: what only the store changes in a history entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-history.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
void smartca_history_entry_set_id (SmartcaHistoryEntry *self,
                                   gint64               id);
/* The stored name of @outcome ("signed", "cancelled"…), and back; an
 * unknown name is FAILED */
G_GNUC_INTERNAL
const char *smartca_history_outcome_to_key (SmartcaHistoryOutcome outcome);
G_GNUC_INTERNAL
SmartcaHistoryOutcome smartca_history_outcome_from_key (const char *key);

G_END_DECLS
