/* smartca-client.c: the SmartCA SP769 API over libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession; every call asynchronous and cancellable, with a fresh
 * transaction_id. TLS certificates are always verified, and plain http is
 * allowed only to this machine (the sandbox). The SP password lives in this
 * object's memory only, wiped when replaced.
 */

#include "config.h"

#include "smartca-client.h"
#include "smartca-vault.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

struct _SmartcaClient
{
  GObject parent_instance;

  SoupSession *session;
  guint timeout;
  char *base_url;
  char *sp_id;
  char *sp_password;
};

G_DEFINE_FINAL_TYPE (SmartcaClient, smartca_client, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
  char *user_id;
  char *serial;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request->user_id);
  g_free (request->serial);
  g_free (request);
}

/* What went wrong on the way, in words for the user. */
static GError *
transport_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_TIMEOUT,
                                _("SmartCA did not answer in time. Try again later."));

  if (error->domain == G_TLS_ERROR)
    return g_error_new (SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_TLS,
                        _("The secure connection to SmartCA could not be established: %s"),
                        error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      error->domain == SOUP_SESSION_ERROR)
    return g_error_new_literal (SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_MALFORMED,
                                _("The answer from SmartCA was cut short. Nothing was changed; "
                                  "try again."));

  return g_error_new (SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NETWORK,
                      _("SmartCA could not be reached. Check your internet connection. (%s)"),
                      error->message);
}

static void
return_transport_error (GTask        *task,
                        const GError *error)
{
  g_task_return_error (task, transport_error (error));
  g_object_unref (task);
}

static void
finish_request (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *certificates;

  certificates = smartca_client_json_parse_certificates ((const char *) request->body->data,
                                                         request->body->len,
                                                         soup_message_get_status (request->message),
                                                         request->user_id,
                                                         request->serial,
                                                         &error);
  if (certificates == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, certificates, (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

/* Reads the next chunk of the answer, unless @size (what was read, or what
 * the answer announced) is already more than a lookup can need. */
static void
read_more (GTask   *task,
           goffset  size)
{
  Request *request = g_task_get_task_data (task);

  if (size > SMARTCA_CLIENT_MAX_ANSWER)
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_TOO_LARGE,
                               _("SmartCA sent an answer far larger than a list of certificates. "
                                 "It was refused; nothing was changed."));
      g_object_unref (task);
      return;
    }

  g_input_stream_read_bytes_async (request->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_request (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (task, request->body->len);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  /* Refused before reading, when the answer says its size up front. */
  length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (request->message));
  read_more (task, length);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* GObject */

static void
smartca_client_finalize (GObject *object)
{
  SmartcaClient *self = SMARTCA_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->sp_id);
  smartca_secret_wipe (&self->sp_password);

  G_OBJECT_CLASS (smartca_client_parent_class)->finalize (object);
}

static void
smartca_client_class_init (SmartcaClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smartca_client_finalize;
}

static void
smartca_client_init (SmartcaClient *self)
{
  self->timeout = SMARTCA_CLIENT_DEFAULT_TIMEOUT;
}

/* The session (proxy settings, TLS database …) is set up on the first
 * request, not while the app starts. */
static SoupSession *
get_session (SmartcaClient *self)
{
  if (self->session == NULL)
    {
      g_autofree char *user_agent = g_strdup_printf ("SmartCA-Certificates/%s ", PACKAGE_VERSION);

      self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                     "user-agent", user_agent,
                                                     NULL);
    }
  return self->session;
}

/* Public API */

SmartcaClient *
smartca_client_new (void)
{
  return g_object_new (SMARTCA_TYPE_CLIENT, NULL);
}

/**
 * smartca_client_check_url:
 *
 * A SmartCA base URL must be https, or http to this machine only.
 */
gboolean
smartca_client_check_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                   _("“%s” is not a web address, such as %s."),
                   url != NULL ? url : "", SMARTCA_PRODUCTION_URL);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_INSECURE_URL,
               _("“%s” is not secure. SmartCA must be reached over https (plain http is "
                 "allowed only to this computer)."),
               url);
  return FALSE;
}

gboolean
smartca_client_set_base_url (SmartcaClient  *self,
                             const char     *url,
                             GError        **error)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), FALSE);

  if (!smartca_client_check_url (url, error))
    return FALSE;

  g_free (self->base_url);
  self->base_url = g_strdup (url);
  /* One base URL, written without its trailing slash. */
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  return TRUE;
}

const char *
smartca_client_get_base_url (SmartcaClient *self)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * smartca_client_set_credentials:
 * @sp_password: (nullable): kept in memory only; the previous one is wiped
 */
void
smartca_client_set_credentials (SmartcaClient *self,
                                const char    *sp_id,
                                const char    *sp_password)
{
  g_return_if_fail (SMARTCA_IS_CLIENT (self));

  g_free (self->sp_id);
  self->sp_id = g_strdup (sp_id);
  smartca_secret_wipe (&self->sp_password);
  self->sp_password = g_strdup (sp_password);
}

gboolean
smartca_client_is_configured (SmartcaClient *self)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), FALSE);

  return self->base_url != NULL && self->sp_id != NULL && self->sp_id[0] != '\0' &&
         self->sp_password != NULL && self->sp_password[0] != '\0';
}

void
smartca_client_set_timeout (SmartcaClient *self,
                            guint          seconds)
{
  g_return_if_fail (SMARTCA_IS_CLIENT (self));
  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * smartca_client_get_certificates_async:
 * @user_id: a checked CCCD / CMND / MST / passport number
 *   (see smartca_id_number_check())
 * @serial_number: (nullable): only this certificate; %NULL or "" for all
 *
 * Looks up certificates with `POST {base}/v1/credentials/get_certificate`.
 */
void
smartca_client_get_certificates_async (SmartcaClient       *self,
                                       const char          *user_id,
                                       const char          *serial_number,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *transaction_id = g_uuid_string_random ();
  char *json;
  gsize json_length;
  Request *request;

  g_return_if_fail (SMARTCA_IS_CLIENT (self));
  g_return_if_fail (user_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_client_get_certificates_async);

  if (!smartca_client_is_configured (self))
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                               _("The SmartCA service is not set up. Enter the service "
                                 "provider ID and password in Preferences."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sp_id");
  json_builder_add_string_value (builder, self->sp_id);
  json_builder_set_member_name (builder, "sp_password");
  json_builder_add_string_value (builder, self->sp_password);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, user_id);
  json_builder_set_member_name (builder, "serial_number");
  json_builder_add_string_value (builder, serial_number != NULL ? serial_number : "");
  json_builder_set_member_name (builder, "transaction_id");
  json_builder_add_string_value (builder, transaction_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  /* The body holds the SP password: it is wiped once libsoup is done. */
  json = json_to_string (root, FALSE);
  json_length = strlen (json);
  body = g_bytes_new_with_free_func (json, json_length, smartca_secret_free, json);

  url = g_strconcat (self->base_url, "/v1/credentials/get_certificate", NULL);

  request = g_new0 (Request, 1);
  request->message = soup_message_new ("POST", url);
  request->body = g_byte_array_new ();
  request->user_id = g_strdup (user_id);
  request->serial = serial_number != NULL && serial_number[0] != '\0'
                      ? g_ascii_strdown (serial_number, -1)
                      : NULL;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (request->message == NULL)
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                               _("“%s” is not a web address."), self->base_url);
      return;
    }

  soup_message_headers_append (soup_message_get_request_headers (request->message),
                               "Accept", "application/json");
  soup_message_set_request_body_from_bytes (request->message, "application/json", body);

  soup_session_send_async (get_session (self), request->message, G_PRIORITY_DEFAULT, cancellable,
                           send_cb, g_steal_pointer (&task));
}

/**
 * smartca_client_get_certificates_finish:
 *
 * Returns: (transfer full) (element-type SmartcaCertificate): at least one
 *   certificate, checked against its own X.509 data; or %NULL with @error
 *   set in %SMARTCA_CLIENT_ERROR (or %G_IO_ERROR_CANCELLED)
 */
GPtrArray *
smartca_client_get_certificates_finish (SmartcaClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
