/* smartca-lookup.h: asking SmartCA about certificates — add and refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_LOOKUP (smartca_lookup_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaLookup, smartca_lookup, SMARTCA, LOOKUP, GObject)

SmartcaLookup  *smartca_lookup_new (SmartcaContext *context);
SmartcaContext *smartca_lookup_get_context (SmartcaLookup *self);
gboolean        smartca_lookup_get_busy (SmartcaLookup *self);

void     smartca_lookup_add_async (SmartcaLookup      *self,
                                   const char         *user_id,
                                   const char         *serial_number,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
gboolean smartca_lookup_add_finish (SmartcaLookup *self,
                                    GAsyncResult  *result,
                                    guint         *n_added,
                                    guint         *n_updated,
                                    GError       **error);
void     smartca_lookup_refresh_async (SmartcaLookup      *self,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean smartca_lookup_refresh_finish (SmartcaLookup *self,
                                        GAsyncResult  *result,
                                        guint         *n_updated,
                                        GError       **error);

G_END_DECLS
