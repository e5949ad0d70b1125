/* smartca-client.h: the SmartCA SP769 API over libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-client-json.h"

G_BEGIN_DECLS

#define SMARTCA_PRODUCTION_URL "https://gwsca.vnpt.vn/sca/sp769"
#define SMARTCA_TEST_URL       "https://rmgateway.vnptit.vn/sca/sp769"

/* Answers larger than this are refused: a lookup returns a few certificates. */
#define SMARTCA_CLIENT_MAX_ANSWER (4 * 1024 * 1024)
#define SMARTCA_CLIENT_DEFAULT_TIMEOUT 30

#define SMARTCA_TYPE_CLIENT (smartca_client_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaClient, smartca_client, SMARTCA, CLIENT, GObject)

SmartcaClient *smartca_client_new                      (void);
gboolean       smartca_client_check_url                (const char           *url,
                                                        GError              **error);
gboolean       smartca_client_set_base_url             (SmartcaClient        *self,
                                                        const char           *url,
                                                        GError              **error);
const char    *smartca_client_get_base_url             (SmartcaClient        *self);
void           smartca_client_set_credentials          (SmartcaClient        *self,
                                                        const char           *sp_id,
                                                        const char           *sp_password);
gboolean       smartca_client_is_configured            (SmartcaClient        *self);
void           smartca_client_set_timeout              (SmartcaClient        *self,
                                                        guint                 seconds);
void           smartca_client_get_certificates_async   (SmartcaClient        *self,
                                                        const char           *user_id,
                                                        const char           *serial_number,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray     *smartca_client_get_certificates_finish  (SmartcaClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
