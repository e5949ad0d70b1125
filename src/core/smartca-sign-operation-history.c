/* smartca-sign-operation-history.c: every run of a signing leaves an entry
 * in the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-sign-operation-private.h"
#include "smartca-remote-sign.h"

static SmartcaHistoryOutcome
outcome_of (const GError *error)
{
  if (error == NULL)
    return SMARTCA_HISTORY_SIGNED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SMARTCA_HISTORY_CANCELLED;
  if (g_error_matches (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REJECTED))
    return SMARTCA_HISTORY_REJECTED;
  if (g_error_matches (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_EXPIRED))
    return SMARTCA_HISTORY_EXPIRED;
  return SMARTCA_HISTORY_FAILED;
}

SmartcaHistoryEntry *
smartca_sign_record_history (SmartcaContext     *context,
                             SmartcaCertificate *certificate,
                             const char         *input_path,
                             const char         *output_path,
                             const char         *output_sha256,
                             const char         *transaction_id,
                             const GError       *error)
{
  SmartcaHistoryOutcome outcome = outcome_of (error);
  SmartcaStore         *store = smartca_context_get_store (context);
  SmartcaHistoryEntry  *entry;
  g_autoptr(GError)     store_error = NULL;

  /* GLib's "Operation was cancelled" says nothing the outcome does not */
  entry = smartca_history_entry_new (g_get_real_time () / G_USEC_PER_SEC, input_path,
                                     output_path, output_sha256,
                                     smartca_certificate_get_serial_number (certificate),
                                     smartca_certificate_get_display_name (certificate),
                                     transaction_id, outcome,
                                     error != NULL && outcome != SMARTCA_HISTORY_CANCELLED
                                       ? error->message
                                       : NULL);
  if (store == NULL)
    g_debug ("No history for %s: the certificate list is not open", input_path);
  else if (!smartca_store_add_history (store, entry, &store_error))
    g_debug ("No history for %s: %s", input_path, store_error->message);
  return entry;
}
