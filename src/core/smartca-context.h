/* smartca-context.h: the store, the SmartCA client and the vault, and where
 * SmartCA is and who we are to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-client.h"
#include "smartca-store.h"
#include "smartca-vault.h"

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_SERVICE_PRODUCTION,
  SMARTCA_SERVICE_TEST,
  SMARTCA_SERVICE_CUSTOM,
} SmartcaService;

#define SMARTCA_TYPE_CONTEXT (smartca_context_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaContext, smartca_context, SMARTCA, CONTEXT, GObject)

SmartcaContext *smartca_context_new (SmartcaStore *store,
                                     const GError *store_error,
                                     GSettings    *settings);
SmartcaStore   *smartca_context_get_store (SmartcaContext *self);
const GError   *smartca_context_get_store_error (SmartcaContext *self);
SmartcaClient  *smartca_context_get_client (SmartcaContext *self);
SmartcaVault   *smartca_context_get_vault (SmartcaContext *self);
GSettings      *smartca_context_get_settings (SmartcaContext *self);
void            smartca_context_set_url_override (SmartcaContext *self,
                                                  const char     *url);
const char     *smartca_context_get_url_override (SmartcaContext *self);
gboolean        smartca_context_get_sp_from_environment (SmartcaContext *self);
char           *smartca_context_dup_service_url (SmartcaContext *self,
                                                 GError        **error);
char           *smartca_context_dup_sp_id (SmartcaContext *self);
void            smartca_context_forget_credentials (SmartcaContext *self);

gboolean smartca_context_get_loading (SmartcaContext *self);
void     smartca_context_load_store_async (SmartcaContext     *self,
                                           const char         *path,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean smartca_context_load_store_finish (SmartcaContext *self,
                                            GAsyncResult   *result,
                                            GError        **error);
gboolean smartca_context_check_store (SmartcaContext *self,
                                      GError        **error);

void           smartca_context_prepare_client_async (SmartcaContext     *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
SmartcaClient *smartca_context_prepare_client_finish (SmartcaContext *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);

G_END_DECLS
