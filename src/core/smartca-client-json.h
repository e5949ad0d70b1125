/* smartca-client-json.h: SmartCA's answers, read without any I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMARTCA_CLIENT_ERROR (smartca_client_error_quark ())

typedef enum
{
  SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
  SMARTCA_CLIENT_ERROR_INSECURE_URL,
  SMARTCA_CLIENT_ERROR_BAD_REQUEST,        /* HTTP 400 */
  SMARTCA_CLIENT_ERROR_SP_CREDENTIALS,     /* HTTP 401, the SP account */
  SMARTCA_CLIENT_ERROR_CERTIFICATE_STATUS, /* HTTP 403 */
  SMARTCA_CLIENT_ERROR_SERVER,             /* HTTP 5xx */
  SMARTCA_CLIENT_ERROR_HTTP,               /* any other HTTP status */
  SMARTCA_CLIENT_ERROR_API,                /* the envelope's own status_code */
  SMARTCA_CLIENT_ERROR_ID_NOT_FOUND,
  SMARTCA_CLIENT_ERROR_SERIAL_NOT_FOUND,
  SMARTCA_CLIENT_ERROR_NETWORK,
  SMARTCA_CLIENT_ERROR_TIMEOUT,
  SMARTCA_CLIENT_ERROR_TLS,
  SMARTCA_CLIENT_ERROR_MALFORMED,
  SMARTCA_CLIENT_ERROR_MISMATCH,
  SMARTCA_CLIENT_ERROR_TOO_LARGE,
} SmartcaClientError;

GQuark     smartca_client_error_quark             (void);
GPtrArray *smartca_client_json_parse_certificates (const char  *body,
                                                   gsize        length,
                                                   guint        http_status,
                                                   const char  *lookup_id,
                                                   const char  *serial_filter,
                                                   GError     **error);
gboolean   smartca_client_json_check_status       (const char  *body,
                                                   gsize        length,
                                                   guint        http_status,
                                                   GError     **error);

G_END_DECLS
