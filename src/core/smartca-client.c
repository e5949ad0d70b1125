/* smartca-client.c: the SmartCA SP769 API over libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession and one generic call (smartca_client_call_async()) that
 * every SmartCA request goes through: POST a JSON body to a path under the
 * base URL, with an overall deadline, and read the answer through the same
 * checks (size, HTTP status, envelope, shape). TLS certificates are always
 * verified; redirects are never followed; plain http is allowed only to
 * this machine (the sandbox) and never through a proxy. The SP password
 * lives in this object's memory only, wiped when replaced, and request
 * bodies are wiped when libsoup is done with them.
 */

#include "config.h"

#include "smartca-client.h"
#include "smartca-proxy-resolver.h"
#include "smartca-vault.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

struct _SmartcaClient
{
  GObject parent_instance;

  SoupSession    *session;
  GProxyResolver *proxy_resolver;
  guint           timeout;
  char           *base_url;
  char           *sp_id;
  char           *sp_password;
  /* SmartCA's clock minus ours, from the Date of the last answer. */
  gint64   clock_offset;
  gboolean has_clock_offset;
};

G_DEFINE_FINAL_TYPE (SmartcaClient, smartca_client, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  /* Cancelled by the caller's cancellable or by the deadline. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      timed_out;
} Call;

static void
call_free (Call *call)
{
  if (call->deadline != NULL)
    {
      g_source_destroy (call->deadline);
      g_source_unref (call->deadline);
    }
  if (call->caller_cancellable != NULL)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_handler);
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->message);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->body, g_byte_array_unref);
  g_free (call);
}

/* What went wrong on the way, in words for the user. */
static GError *
transport_error (Call         *call,
                 const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !call->timed_out)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) || call->timed_out)
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
finish_call (GTask *task)
{
  Call               *call = g_task_get_task_data (task);
  g_autoptr(GError)   error = NULL;
  SmartcaClientReply *reply;

  reply = smartca_client_json_read_reply ((const char *) call->body->data, call->body->len,
                                          soup_message_get_status (call->message), &error);
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) smartca_client_reply_free);
}

static void read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

/* Reads the next chunk of the answer, unless @size (what was read, or what
 * the answer announced) is already more than any SmartCA answer can need.
 * Takes @task. */
static void
read_more (GTask  *task,
           goffset size)
{
  g_autoptr(GTask) owned = task;
  Call            *call = g_task_get_task_data (task);

  if (size > SMARTCA_CLIENT_MAX_ANSWER)
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_TOO_LARGE,
                               _("SmartCA sent an answer far larger than any it should send. "
                                 "It was refused; nothing was changed."));
      return;
    }

  g_input_stream_read_bytes_async (call->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   call->cancellable, read_cb, g_steal_pointer (&owned));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Call             *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, transport_error (call, error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_call (task);
      return;
    }

  g_byte_array_append (call->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task), call->body->len);
}

/* SmartCA does not redirect: a redirect is reported, never followed, so
 * that nothing (the SP password least of all) goes to another address. */
static GError *
redirect_error (SoupMessage *message)
{
  const char      *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                            "Location");
  g_autoptr(GUri)  target = NULL;
  g_autofree char *shown = NULL;

  if (location != NULL)
    target = g_uri_parse_relative (soup_message_get_uri (message), location, G_URI_FLAGS_NONE,
                                   NULL);
  if (target != NULL)
    shown = g_uri_to_string_partial (target, G_URI_HIDE_PASSWORD);
  else
    shown = g_strdup (location != NULL ? location : "");
  if (!g_utf8_validate (shown, -1, NULL))
    {
      char *valid = g_utf8_make_valid (shown, -1);

      g_free (shown);
      shown = valid;
    }
  if (g_utf8_strlen (shown, -1) > 200)
    {
      g_autofree char *cut = g_utf8_substring (shown, 0, 200);

      g_free (shown);
      shown = g_strconcat (cut, "…", NULL);
    }

  return g_error_new (SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_REDIRECT,
                      _("The service answered with a redirect to “%s”. SmartCA never redirects, "
                        "so the answer was refused and nothing was sent there. Check the "
                        "service address."),
                      shown);
}

/* A one-time code depends on the time: its Date tells whether this
 * computer's clock agrees with SmartCA's. */
static void
note_clock (SmartcaClient *self,
            SoupMessage   *message)
{
  const char          *date = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                            "Date");
  g_autoptr(GDateTime) time = NULL;
  gint64               now = g_get_real_time () / G_USEC_PER_SEC;

  if (date != NULL)
    time = soup_date_time_new_from_http_string (date);
  if (time == NULL)
    return;
  self->clock_offset = g_date_time_to_unix (time) - now;
  self->has_clock_offset = TRUE;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Call             *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset           length;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      g_task_return_error (task, transport_error (call, error));
      return;
    }

  /* Every answer, an error as well, says what time SmartCA thinks it is. */
  note_clock (g_task_get_source_object (task), call->message);

  if (SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (call->message)))
    {
      g_task_return_error (task, redirect_error (call->message));
      return;
    }

  /* Refused before reading, when the answer says its size up front. */
  length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (call->message));
  read_more (g_steal_pointer (&task), length);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* Once the caller has its answer, the deadline has nothing left to stop. */
static void
task_completed_cb (GTask      *task,
                   GParamSpec *pspec,
                   Call       *call)
{
  if (call->deadline != NULL)
    g_source_destroy (call->deadline);
}

static void
chain_cancel_cb (GCancellable *caller,
                 GCancellable *internal)
{
  g_cancellable_cancel (internal);
}

/* GObject */

static void
smartca_client_finalize (GObject *object)
{
  SmartcaClient *self = SMARTCA_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->proxy_resolver);
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
      g_autofree char          *user_agent = g_strdup_printf ("SmartCA-Certificates/%s ", PACKAGE_VERSION);
      g_autoptr(GProxyResolver) resolver = smartca_proxy_resolver_new (self->proxy_resolver);

      self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                     "user-agent", user_agent,
                                                     "proxy-resolver", resolver,
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
smartca_client_check_url (const char *url,
                          GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  const char     *scheme;

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
  if (g_ascii_strcasecmp (scheme, "http") == 0 && smartca_uri_host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_INSECURE_URL,
               _("“%s” is not secure. SmartCA must be reached over https (plain http is "
                 "allowed only to this computer)."),
               url);
  return FALSE;
}

gboolean
smartca_client_set_base_url (SmartcaClient *self,
                             const char    *url,
                             GError       **error)
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

/**
 * smartca_client_set_timeout:
 * @seconds: the longest silence while waiting for an answer, and the
 *   longest a call may take unless it has its own deadline
 */
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
 * smartca_client_set_proxy_resolver:
 * @resolver: (nullable): the proxy resolver for addresses other than this
 *   machine; %NULL for the system's
 *
 * Requests to this machine never use a proxy, whatever @resolver says.
 */
void
smartca_client_set_proxy_resolver (SmartcaClient  *self,
                                   GProxyResolver *resolver)
{
  g_return_if_fail (SMARTCA_IS_CLIENT (self));
  g_return_if_fail (resolver == NULL || G_IS_PROXY_RESOLVER (resolver));

  g_set_object (&self->proxy_resolver, resolver);
  if (self->session != NULL)
    {
      g_autoptr(GProxyResolver) wrapped = smartca_proxy_resolver_new (resolver);

      soup_session_set_proxy_resolver (self->session, wrapped);
    }
}

static gboolean
return_not_configured (GTask *task)
{
  g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                           _("The SmartCA service is not set up. Enter the service "
                             "provider ID and password in Preferences."));
  return FALSE;
}

/**
 * smartca_client_call_async:
 * @path: an API path under the base URL, such as "v1/credentials/get_certificate"
 * @body: (nullable): the request's members (not freed); %NULL for none
 * @flags: %SMARTCA_CLIENT_CALL_SP_CREDENTIALS to send the SP account first
 * @deadline_seconds: the longest the whole call may take, answer included;
 *   0 for the client's timeout
 *
 * POSTs a JSON object to `{base}/{path}`. The body is copied into memory
 * that is wiped once libsoup is done with it; @body itself can be freed
 * (and so wiped) as soon as this returns. The answer goes through every
 * check: size, redirect, HTTP status, envelope, nesting and NUL.
 */
void
smartca_client_call_async (SmartcaClient         *self,
                           const char            *path,
                           SmartcaClientBody     *body,
                           SmartcaClientCallFlags flags,
                           guint                  deadline_seconds,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask)             task = NULL;
  g_autoptr(SmartcaClientBody) credentials = NULL;
  g_autoptr(SmartcaClientBody) empty = NULL;
  g_autoptr(GBytes)            bytes = NULL;
  g_autofree char             *url = NULL;
  Call                        *call;

  g_return_if_fail (SMARTCA_IS_CLIENT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_client_call_async);

  if (self->base_url == NULL ||
      ((flags & SMARTCA_CLIENT_CALL_SP_CREDENTIALS) && !smartca_client_is_configured (self)))
    {
      return_not_configured (task);
      return;
    }

  while (path[0] == '/')
    path++;
  url = g_strconcat (self->base_url, "/", path, NULL);

  call = g_new0 (Call, 1);
  call->message = soup_message_new ("POST", url);
  call->body = g_byte_array_new ();
  call->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (call->message == NULL)
    {
      g_task_return_new_error (task, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED,
                               _("“%s” is not a web address."), url);
      return;
    }

  if (flags & SMARTCA_CLIENT_CALL_SP_CREDENTIALS)
    {
      credentials = smartca_client_body_new ();
      smartca_client_body_add_string (credentials, "sp_id", self->sp_id);
      smartca_client_body_add_secret (credentials, "sp_password", self->sp_password);
    }
  if (body == NULL)
    body = empty = smartca_client_body_new ();
  g_debug ("POST %s {%s%s%s}", url,
           credentials != NULL ? smartca_client_body_get_redacted (credentials) : "",
           credentials != NULL && smartca_client_body_get_redacted (body)[0] != '\0' ? "," : "",
           smartca_client_body_get_redacted (body));
  bytes = smartca_client_body_to_bytes (body, credentials);

  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_append (soup_message_get_request_headers (call->message),
                               "Accept", "application/json");
  soup_message_set_request_body_from_bytes (call->message, "application/json", bytes);

  /* libsoup's own timeout only limits silences: a server sending a byte a
   * second would hold the call forever. */
  if (deadline_seconds == 0)
    deadline_seconds = self->timeout;
  if (deadline_seconds > 0)
    {
      call->deadline = g_timeout_source_new ((guint) MIN ((guint64) deadline_seconds * 1000,
                                                          G_MAXUINT));
      g_source_set_callback (call->deadline, deadline_cb, call, NULL);
      g_source_set_static_name (call->deadline, "[smartca] call deadline");
      g_source_attach (call->deadline, g_task_get_context (task));
      g_signal_connect (task, "notify::completed", G_CALLBACK (task_completed_cb), call);
    }
  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (chain_cancel_cb),
                                                    g_object_ref (call->cancellable),
                                                    g_object_unref);
    }

  soup_session_send_async (get_session (self), call->message, G_PRIORITY_DEFAULT,
                           call->cancellable, send_cb, g_steal_pointer (&task));
}

/**
 * smartca_client_call_finish:
 *
 * Returns: (transfer full): the reply (its `message` and `data`); or %NULL
 *   with @error set in %SMARTCA_CLIENT_ERROR (or %G_IO_ERROR_CANCELLED when
 *   the caller cancelled). An error from SmartCA's answer carries its HTTP
 *   status, `status_code` and `message`: see
 *   smartca_client_error_get_status_code().
 */
SmartcaClientReply *
smartca_client_call_finish (SmartcaClient *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *user_id;
  char *serial;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->user_id);
  g_free (lookup->serial);
  g_free (lookup);
}

static void
get_certificates_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask)              task = user_data;
  Lookup                       *lookup = g_task_get_task_data (task);
  g_autoptr(SmartcaClientReply) reply = NULL;
  g_autoptr(GError)             error = NULL;
  GPtrArray                    *certificates = NULL;

  reply = smartca_client_call_finish (SMARTCA_CLIENT (source), result, &error);
  if (reply != NULL)
    certificates = smartca_client_json_read_certificates (reply, lookup->user_id, lookup->serial,
                                                          &error);
  if (certificates == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, certificates, (GDestroyNotify) g_ptr_array_unref);
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
smartca_client_get_certificates_async (SmartcaClient      *self,
                                       const char         *user_id,
                                       const char         *serial_number,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr(GTask)             task = NULL;
  g_autoptr(SmartcaClientBody) body = NULL;
  g_autofree char             *transaction_id = g_uuid_string_random ();
  Lookup                      *lookup;

  g_return_if_fail (SMARTCA_IS_CLIENT (self));
  g_return_if_fail (user_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_client_get_certificates_async);

  if (!smartca_client_is_configured (self))
    {
      return_not_configured (task);
      return;
    }

  lookup = g_new0 (Lookup, 1);
  lookup->user_id = g_strdup (user_id);
  lookup->serial = serial_number != NULL && serial_number[0] != '\0'
                     ? g_ascii_strdown (serial_number, -1)
                     : NULL;
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  body = smartca_client_body_new ();
  smartca_client_body_add_string (body, "user_id", user_id);
  smartca_client_body_add_string (body, "serial_number",
                                  serial_number != NULL ? serial_number : "");
  smartca_client_body_add_string (body, "transaction_id", transaction_id);

  smartca_client_call_async (self, "v1/credentials/get_certificate", body,
                             SMARTCA_CLIENT_CALL_SP_CREDENTIALS, 0, cancellable,
                             get_certificates_cb, g_steal_pointer (&task));
}

/**
 * smartca_client_get_certificates_finish:
 *
 * Returns: (transfer full) (element-type SmartcaCertificate): at least one
 *   certificate, checked against its own X.509 data; or %NULL with @error
 *   set in %SMARTCA_CLIENT_ERROR (or %G_IO_ERROR_CANCELLED)
 */
GPtrArray *
smartca_client_get_certificates_finish (SmartcaClient *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * smartca_client_get_clock_offset:
 * @offset_seconds: (out) (optional): SmartCA's time minus this computer's
 *   time, in seconds, as the last answer's Date header said (positive:
 *   SmartCA is ahead)
 *
 * Returns: %FALSE until an answer with a Date header has arrived
 */
gboolean
smartca_client_get_clock_offset (SmartcaClient *self,
                                 gint64        *offset_seconds)
{
  g_return_val_if_fail (SMARTCA_IS_CLIENT (self), FALSE);

  if (self->has_clock_offset && offset_seconds != NULL)
    *offset_seconds = self->clock_offset;
  return self->has_clock_offset;
}
