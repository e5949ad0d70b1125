/* smartca-history.h: the signing history, and where each certificate last
 * signed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every run of a SmartcaSignOperation leaves one entry in the store's SQLite
 * file: when, the input and output paths, SHA-256 of the output, the
 * certificate's serial and name (copied, so the entry outlives the
 * certificate), SmartCA's transaction id and the outcome. Never a byte of the
 * document's content.
 */

#pragma once

#include <gio/gio.h>

#include "smartca-pdf.h"
#include "smartca-store.h"

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_HISTORY_SIGNED,    /* the signed copy was written */
  SMARTCA_HISTORY_CANCELLED, /* the user cancelled: no file */
  SMARTCA_HISTORY_REJECTED,  /* refused on the phone */
  SMARTCA_HISTORY_EXPIRED,   /* not confirmed in time */
  SMARTCA_HISTORY_FAILED,    /* any other error: see the message */
} SmartcaHistoryOutcome;

#define SMARTCA_TYPE_HISTORY_ENTRY (smartca_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaHistoryEntry, smartca_history_entry, SMARTCA, HISTORY_ENTRY, GObject)

/* A new entry, not yet stored (id 0). */
SmartcaHistoryEntry *smartca_history_entry_new (gint64                signed_at,
                                                const char           *input_path,
                                                const char           *output_path,
                                                const char           *output_sha256,
                                                const char           *serial_number,
                                                const char           *certificate_name,
                                                const char           *transaction_id,
                                                SmartcaHistoryOutcome outcome,
                                                const char           *message);

/* The row id once stored, else 0 */
gint64 smartca_history_entry_get_id (SmartcaHistoryEntry *self);
/* Unix seconds */
gint64      smartca_history_entry_get_signed_at (SmartcaHistoryEntry *self);
const char *smartca_history_entry_get_input_path (SmartcaHistoryEntry *self);
/* NULL unless the outcome is SIGNED */
const char *smartca_history_entry_get_output_path (SmartcaHistoryEntry *self);
/* 64 lower-case hex digits, or NULL */
const char *smartca_history_entry_get_output_sha256 (SmartcaHistoryEntry *self);
const char *smartca_history_entry_get_serial_number (SmartcaHistoryEntry *self);
/* The certificate's display name when it signed (custom name, else CN) */
const char           *smartca_history_entry_get_certificate_name (SmartcaHistoryEntry *self);
const char           *smartca_history_entry_get_transaction_id (SmartcaHistoryEntry *self);
SmartcaHistoryOutcome smartca_history_entry_get_outcome (SmartcaHistoryEntry *self);
/* The translated error for FAILED (and the others when known), or NULL */
const char *smartca_history_entry_get_message (SmartcaHistoryEntry *self);
/* "Signed", "Cancelled", "Refused on the phone", "Not confirmed in time",
 * "Failed" (translated) */
const char *smartca_history_outcome_to_string (SmartcaHistoryOutcome outcome);

/* Every entry, newest first; a GListModel of SmartcaHistoryEntry owned by
 * the store, which adds and removes items as entries are added and
 * forgotten. Entries stay when their certificate is removed. */
GListModel *smartca_store_get_history (SmartcaStore *self);
/* Stores @entry (sets its id) and puts it first in the model. */
gboolean smartca_store_add_history (SmartcaStore        *self,
                                    SmartcaHistoryEntry *entry,
                                    GError             **error);
/* Deletes the row and takes @entry out of the model. */
gboolean smartca_store_forget_history (SmartcaStore        *self,
                                       SmartcaHistoryEntry *entry,
                                       GError             **error);
/* Undo of forget: stores @entry again with its old id, in its place. */
gboolean smartca_store_restore_history (SmartcaStore        *self,
                                        SmartcaHistoryEntry *entry,
                                        GError             **error);

/* Where @serial_number last signed. @page counts from 0; a negative page
 * counts from the end (-1: the last page), so "the last page" stays the
 * last page of a longer document. Returns FALSE (no error) when the
 * certificate never signed. */
gboolean smartca_store_get_sign_position (SmartcaStore   *self,
                                          const char     *serial_number,
                                          int            *page,
                                          SmartcaPdfRect *rect,
                                          gboolean       *invisible);
gboolean smartca_store_set_sign_position (SmartcaStore         *self,
                                          const char           *serial_number,
                                          int                   page,
                                          const SmartcaPdfRect *rect,
                                          gboolean              invisible,
                                          GError              **error);

G_END_DECLS
