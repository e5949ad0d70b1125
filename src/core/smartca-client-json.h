/* smartca-client-json.h: SmartCA's answers, read without any I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SMARTCA_CLIENT_ERROR (smartca_client_error_quark ())

/* No real SmartCA answer nests deeper than a handful of levels; json-glib
 * parses recursively, so a deeper one is refused before it sees it. */
#define SMARTCA_CLIENT_JSON_MAX_DEPTH 64

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
  SMARTCA_CLIENT_ERROR_REDIRECT, /* HTTP 3xx: SmartCA never redirects */
} SmartcaClientError;

/* One answer that passed the envelope checks (see
 * smartca_client_json_read_reply()). */
typedef struct _SmartcaClientReply SmartcaClientReply;

GQuark smartca_client_error_quark (void);

/* An error in SMARTCA_CLIENT_ERROR made from an answer keeps what SmartCA
 * said (an extended GError domain: the details survive g_error_copy() and
 * GTask, and go with the error). error->message is the translated text for
 * the user; these are for code, e.g. a signing flow telling a wrong OTP
 * from an expired transaction. */
guint       smartca_client_error_get_http_status (const GError *error);
gboolean    smartca_client_error_get_status_code (const GError *error,
                                                  gint64       *status_code);
const char *smartca_client_error_get_message (const GError *error);

SmartcaClientReply *smartca_client_json_read_reply (const char *body,
                                                    gsize       length,
                                                    guint       http_status,
                                                    GError    **error);
void                smartca_client_reply_free (SmartcaClientReply *reply);
const char         *smartca_client_reply_get_message (SmartcaClientReply *reply);
JsonNode           *smartca_client_reply_get_data (SmartcaClientReply *reply);

GPtrArray *smartca_client_json_parse_certificates (const char *body,
                                                   gsize       length,
                                                   guint       http_status,
                                                   const char *lookup_id,
                                                   const char *serial_filter,
                                                   GError    **error);
GPtrArray *smartca_client_json_read_certificates (SmartcaClientReply *reply,
                                                  const char         *lookup_id,
                                                  const char         *serial_filter,
                                                  GError            **error);
gboolean   smartca_client_json_check_status (const char *body,
                                             gsize       length,
                                             guint       http_status,
                                             GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaClientReply, smartca_client_reply_free)

G_END_DECLS
