/* smartca-client.h: the SmartCA SP769 API over libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-client-body.h"
#include "smartca-client-json.h"

G_BEGIN_DECLS

#define SMARTCA_PRODUCTION_URL "https://gwsca.vnpt.vn/sca/sp769"
#define SMARTCA_TEST_URL "https://rmgateway.vnptit.vn/sca/sp769"

/* Answers larger than this are refused: a lookup returns a few certificates. */
#define SMARTCA_CLIENT_MAX_ANSWER (4 * 1024 * 1024)
/* Seconds: both the longest silence while waiting for an answer and, unless
 * a call says otherwise, the longest a whole call may take. */
#define SMARTCA_CLIENT_DEFAULT_TIMEOUT 30

typedef enum
{
  SMARTCA_CLIENT_CALL_NONE = 0,
  SMARTCA_CLIENT_CALL_SP_CREDENTIALS = 1 << 0, /* sp_id and sp_password first in the body */
} SmartcaClientCallFlags;

#define SMARTCA_TYPE_CLIENT (smartca_client_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaClient, smartca_client, SMARTCA, CLIENT, GObject)

SmartcaClient      *smartca_client_new (void);
gboolean            smartca_client_check_url (const char *url,
                                              GError    **error);
gboolean            smartca_client_set_base_url (SmartcaClient *self,
                                                 const char    *url,
                                                 GError       **error);
const char         *smartca_client_get_base_url (SmartcaClient *self);
void                smartca_client_set_credentials (SmartcaClient *self,
                                                    const char    *sp_id,
                                                    const char    *sp_password);
gboolean            smartca_client_is_configured (SmartcaClient *self);
void                smartca_client_set_timeout (SmartcaClient *self,
                                                guint          seconds);
void                smartca_client_set_proxy_resolver (SmartcaClient  *self,
                                                       GProxyResolver *resolver);
void                smartca_client_call_async (SmartcaClient         *self,
                                               const char            *path,
                                               SmartcaClientBody     *body,
                                               SmartcaClientCallFlags flags,
                                               guint                  deadline_seconds,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
SmartcaClientReply *smartca_client_call_finish (SmartcaClient *self,
                                                GAsyncResult  *result,
                                                GError       **error);
void                smartca_client_get_certificates_async (SmartcaClient      *self,
                                                           const char         *user_id,
                                                           const char         *serial_number,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
/* SmartCA's clock against ours: the Date header of the last answer minus
 * this computer's time when it arrived, in seconds (positive: SmartCA is
 * ahead). FALSE until an answer with a Date header has arrived. */
gboolean   smartca_client_get_clock_offset (SmartcaClient *self,
                                            gint64        *offset_seconds);
GPtrArray *smartca_client_get_certificates_finish (SmartcaClient *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

G_END_DECLS
