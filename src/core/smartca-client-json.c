/* smartca-client-json.c: SmartCA's answers, read without any I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions from an HTTP status and body to certificate records or an
 * error, so that they can be tested exhaustively and fuzzed. Every node's
 * type is checked before use; a certificate record must agree with the
 * certificate it carries, and one bad record rejects the whole answer.
 */

#include "config.h"

#include "smartca-client-json.h"
#include "smartca-certificate.h"
#include "smartca-dn.h"
#include "smartca-x509.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* What SmartCA itself said with an error, kept on the GError (an extended
 * error domain), so that callers can tell its codes apart. */
typedef struct
{
  guint http_status;
  gboolean has_status_code;
  gint64 status_code;
  char *message;
} SmartcaClientErrorPrivate;

static void
smartca_client_error_private_init (SmartcaClientErrorPrivate *priv)
{
}

static void
smartca_client_error_private_copy (const SmartcaClientErrorPrivate *src,
                                   SmartcaClientErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->has_status_code = src->has_status_code;
  dest->status_code = src->status_code;
  dest->message = g_strdup (src->message);
}

static void
smartca_client_error_private_clear (SmartcaClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->message, g_free);
}

G_DEFINE_EXTENDED_ERROR (SmartcaClientError, smartca_client_error)

struct _SmartcaClientReply
{
  char *message;
  JsonNode *data;
};

/* SmartCA's validity dates and the certificate's own may be written a
 * little apart (rounding to the minute); anything further is a mismatch. */
#define VALIDITY_TOLERANCE_SECONDS 60

/* Shape */

/* json-glib parses recursively and hands strings out as C strings: an
 * answer nested deeper than any SmartCA answer overflows its stack, and a
 * NUL written as \u0000 silently cuts a value short. Both are refused here,
 * before json-glib sees the text. Outside strings only JSON's own
 * characters may appear, so that what this scanner takes for a string is
 * exactly what any JSON parser does (no single quotes, no comments). */
static gboolean
scan_shape (const char  *body,
            gsize        length,
            const char **problem)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  gsize i = 0;

  if (length >= 3 && memcmp (body, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  for (; i < length; i++)
    {
      char c = body[i];

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < length)
            {
              i++;
              if (body[i] == 'u' && i + 4 < length && memcmp (body + i + 1, "0000", 4) == 0)
                {
                  *problem = _("a text holds a NUL character");
                  return FALSE;
                }
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > SMARTCA_CLIENT_JSON_MAX_DEPTH)
            {
              *problem = _("nested too deeply");
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case ' ': case '\t': case '\r': case '\n':
        case ',': case ':': case '-': case '+': case '.':
          break;
        default:
          if (!g_ascii_isalnum (c))
            {
              *problem = _("not JSON, or cut short");
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Envelope */

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_is_null_or_absent (JsonObject *object,
                          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
malformed (GError    **error,
           const char *detail)
{
  g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_MALFORMED,
               _("SmartCA sent an answer this app does not understand (%s). "
                 "Nothing was changed; try again later."),
               detail);
  return FALSE;
}

/* The one mapping from an HTTP or API status (and SmartCA's message, which
 * it writes itself, often in Vietnamese) to what the user is told. */
static gboolean
set_status_error (guint        status,
                  const char  *message,
                  gboolean     from_http,
                  GError     **error)
{
  g_autofree char *lower = message != NULL ? g_utf8_strdown (message, -1) : g_strdup ("");
  g_autofree char *said = NULL;

  if (message != NULL && message[0] != '\0')
    /* Translators: appended to an error, with what SmartCA itself said */
    said = g_strdup_printf (_(" SmartCA said: “%s”."), message);
  else
    said = g_strdup ("");

  switch (status)
    {
    case 400:
      g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_BAD_REQUEST,
                   _("SmartCA did not accept the request.%s"), said);
      return FALSE;

    case 401:
      if ((strstr (lower, "user") != NULL && strstr (lower, "exist") != NULL) ||
          strstr (lower, "không tồn tại") != NULL)
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND,
                     _("SmartCA has no account with this ID/Tax number. Check the number, "
                       "including any “_002”-style account suffix."));
      else
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SP_CREDENTIALS,
                     _("SmartCA refused the service provider ID or password. Check them in "
                       "Preferences.%s"),
                     said);
      return FALSE;

    case 403:
      g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_CERTIFICATE_STATUS,
                   _("SmartCA says the certificate cannot be used (expired or locked).%s"), said);
      return FALSE;

    default:
      if (status >= 500 && status <= 599)
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SERVER,
                     _("The SmartCA service is not available right now (error %u). Try again "
                       "later."),
                     status);
      else if (from_http)
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_HTTP,
                     _("SmartCA answered with an unexpected error (HTTP %u).%s"), status, said);
      else
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_API,
                     _("SmartCA reported an error (%u).%s"), status, said);
      return FALSE;
    }
}

/* Keeps what SmartCA said on the error just set. */
static void
remember_status (GError     **error,
                 guint        http_status,
                 JsonObject  *envelope)
{
  SmartcaClientErrorPrivate *priv;

  if (error == NULL || *error == NULL || (*error)->domain != SMARTCA_CLIENT_ERROR)
    return;

  priv = smartca_client_error_get_private (*error);
  priv->http_status = http_status;
  if (envelope != NULL)
    {
      priv->has_status_code = get_int_member (envelope, "status_code", &priv->status_code);
      g_free (priv->message);
      priv->message = g_strdup (get_string_member (envelope, "message"));
    }
}

/* Parses the envelope {status_code, message, data}. On success returns the
 * root object (owned by @parser). */
static JsonObject *
read_envelope (JsonParser  *parser,
               const char  *body,
               gsize        length,
               guint        http_status,
               GError     **error)
{
  g_autoptr(GError) json_error = NULL;
  const char *problem = NULL;
  JsonNode *root;
  JsonObject *object;
  gint64 status_code = 200;
  const char *message;
  gboolean parsed;

  if (length > G_MAXSSIZE)
    {
      malformed (error, _("too long"));
      return NULL;
    }

  parsed = body != NULL && length > 0 &&
           g_utf8_validate (body, length, NULL) &&
           scan_shape (body, length, &problem) &&
           json_parser_load_from_data (parser, body, length, &json_error);
  root = parsed ? json_parser_get_root (parser) : NULL;
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (http_status != 200)
    {
      /* Error bodies are not documented: use the envelope when there is one
       * (and it can be read safely), and the HTTP status in any case. */
      message = object != NULL ? get_string_member (object, "message") : NULL;
      set_status_error (http_status, message, TRUE, error);
      remember_status (error, http_status, object);
      return NULL;
    }

  if (object == NULL)
    {
      malformed (error, problem != NULL ? problem
                        : parsed        ? _("not a JSON object")
                                        : _("not JSON, or cut short"));
      remember_status (error, http_status, NULL);
      return NULL;
    }

  if (json_object_has_member (object, "status_code") &&
      !get_int_member (object, "status_code", &status_code))
    {
      malformed (error, _("status_code is not a number"));
      remember_status (error, http_status, NULL);
      return NULL;
    }

  if (status_code != 200)
    {
      set_status_error (status_code >= 0 && status_code <= G_MAXUINT ? (guint) status_code : 0,
                        get_string_member (object, "message"), FALSE, error);
      remember_status (error, http_status, object);
      return NULL;
    }

  return object;
}

/**
 * smartca_client_error_get_http_status:
 * @error: an error in %SMARTCA_CLIENT_ERROR
 *
 * Returns: the HTTP status of the answer that caused @error, or 0 when
 *   there was no answer (a network error, a time-out …)
 */
guint
smartca_client_error_get_http_status (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == SMARTCA_CLIENT_ERROR, 0);
  return smartca_client_error_get_private (error)->http_status;
}

/**
 * smartca_client_error_get_status_code:
 * @error: an error in %SMARTCA_CLIENT_ERROR
 * @status_code: (out): SmartCA's `status_code`
 *
 * Returns: %TRUE if the answer that caused @error carried SmartCA's
 *   envelope with a numeric `status_code`
 */
gboolean
smartca_client_error_get_status_code (const GError *error,
                                      gint64       *status_code)
{
  SmartcaClientErrorPrivate *priv;

  g_return_val_if_fail (error != NULL && error->domain == SMARTCA_CLIENT_ERROR, FALSE);
  priv = smartca_client_error_get_private (error);
  if (priv->has_status_code && status_code != NULL)
    *status_code = priv->status_code;
  return priv->has_status_code;
}

/**
 * smartca_client_error_get_message:
 * @error: an error in %SMARTCA_CLIENT_ERROR
 *
 * Returns: (nullable): SmartCA's own `message` (untranslated, as sent), if
 *   the answer that caused @error had one
 */
const char *
smartca_client_error_get_message (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == SMARTCA_CLIENT_ERROR, NULL);
  return smartca_client_error_get_private (error)->message;
}

/**
 * smartca_client_json_read_reply:
 * @body: (array length=length) (nullable): the HTTP body
 * @http_status: the HTTP status of the answer
 *
 * Checks an answer's HTTP status and envelope
 * `{"status_code": 200, "message": …, "data": …}`; any other status (HTTP
 * or SmartCA's own) becomes an error that carries SmartCA's `status_code`
 * and `message` (smartca_client_error_get_status_code()).
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
SmartcaClientReply *
smartca_client_json_read_reply (const char  *body,
                                gsize        length,
                                guint        http_status,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SmartcaClientReply *reply;
  JsonObject *envelope;
  JsonNode *data;

  envelope = read_envelope (parser, body, length, http_status, error);
  if (envelope == NULL)
    return NULL;

  data = json_object_get_member (envelope, "data");
  reply = g_new0 (SmartcaClientReply, 1);
  reply->message = g_strdup (get_string_member (envelope, "message"));
  reply->data = data != NULL ? json_node_copy (data) : json_node_new (JSON_NODE_NULL);
  return reply;
}

void
smartca_client_reply_free (SmartcaClientReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->message);
  json_node_unref (reply->data);
  g_free (reply);
}

/**
 * smartca_client_reply_get_message:
 *
 * Returns: (nullable): the envelope's `message`, such as "SUCCESS" or
 *   "sig_wait_for_user_confirm"
 */
const char *
smartca_client_reply_get_message (SmartcaClientReply *reply)
{
  return reply->message;
}

/**
 * smartca_client_reply_get_data:
 *
 * Returns: (transfer none): the envelope's `data`; a null node when it was
 *   absent. Check its type before use.
 */
JsonNode *
smartca_client_reply_get_data (SmartcaClientReply *reply)
{
  return reply->data;
}

/**
 * smartca_client_json_check_status:
 *
 * Checks only the HTTP status and the envelope of an answer.
 */
gboolean
smartca_client_json_check_status (const char  *body,
                                  gsize        length,
                                  guint        http_status,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return read_envelope (parser, body, length, http_status, error) != NULL;
}

/* Records */

static gboolean
parse_time (const char *text,
            gint64     *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time);
  return TRUE;
}

static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 const char **out)
{
  *out = NULL;
  if (member_is_null_or_absent (object, name))
    return TRUE;
  *out = get_string_member (object, name);
  return *out != NULL;
}

static gboolean
decode_optional_certificate (JsonObject  *object,
                             const char  *name,
                             GBytes     **out,
                             GError     **error)
{
  const char *text;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(SmartcaX509Info) info = NULL;

  *out = NULL;
  if (!optional_string (object, name, &text))
    return malformed (error, name);
  if (text == NULL || text[0] == '\0')
    return TRUE;

  der = smartca_x509_decode_base64 (text, NULL);
  info = der != NULL ? smartca_x509_parse (der, NULL) : NULL;
  if (info == NULL)
    return malformed (error, name);

  *out = g_steal_pointer (&der);
  return TRUE;
}

static gboolean
attribute_agrees (const char *smartca_dn,
                  const char *certificate_dn,
                  const char *key)
{
  g_autofree char *claimed = smartca_dn_dup_attribute (smartca_dn, key);
  g_autofree char *actual = NULL;

  if (claimed == NULL)
    return TRUE;
  actual = smartca_dn_dup_attribute (certificate_dn, key);
  if (actual == NULL)
    return FALSE;
  return g_utf8_collate (claimed, actual) == 0 || g_str_equal (claimed, actual);
}

static gboolean
mismatch (GError    **error,
          const char *serial,
          const char *what)
{
  g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_MISMATCH,
               _("SmartCA described the certificate %s differently from what the certificate "
                 "itself says (%s). Nothing was changed."),
               serial, what);
  return FALSE;
}

static SmartcaCertificate *
parse_record (JsonNode    *node,
              const char  *lookup_id,
              GError     **error)
{
  JsonObject *object;
  JsonObject *chain = NULL;
  const char *serial, *subject, *from_text, *to_text, *data;
  const char *service_type, *service_name, *cert_id, *status, *status_code;
  gint64 valid_from, valid_to;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) ca_der = NULL;
  g_autoptr(GBytes) root_der = NULL;
  g_autoptr(SmartcaX509Info) info = NULL;
  g_autoptr(GError) x509_error = NULL;
  SmartcaCertificate *certificate;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, _("a certificate is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  serial = get_string_member (object, "serial_number");
  subject = get_string_member (object, "cert_subject");
  from_text = get_string_member (object, "cert_valid_from");
  to_text = get_string_member (object, "cert_valid_to");
  data = get_string_member (object, "cert_data");

  if (serial == NULL || serial[0] == '\0')
    {
      malformed (error, "serial_number");
      return NULL;
    }
  if (subject == NULL || !g_utf8_validate (subject, -1, NULL))
    {
      malformed (error, "cert_subject");
      return NULL;
    }
  if (!parse_time (from_text, &valid_from))
    {
      malformed (error, "cert_valid_from");
      return NULL;
    }
  if (!parse_time (to_text, &valid_to))
    {
      malformed (error, "cert_valid_to");
      return NULL;
    }
  if (data == NULL)
    {
      malformed (error, "cert_data");
      return NULL;
    }

  if (!optional_string (object, "service_type", &service_type) ||
      !optional_string (object, "service_name", &service_name) ||
      !optional_string (object, "cert_id", &cert_id) ||
      !optional_string (object, "cert_status", &status) ||
      !optional_string (object, "cert_status_code", &status_code))
    {
      malformed (error, _("a field of the wrong type"));
      return NULL;
    }

  if (!member_is_null_or_absent (object, "chain_data"))
    {
      JsonNode *chain_node = json_object_get_member (object, "chain_data");

      if (!JSON_NODE_HOLDS_OBJECT (chain_node))
        {
          malformed (error, "chain_data");
          return NULL;
        }
      chain = json_node_get_object (chain_node);
      if (!decode_optional_certificate (chain, "ca_cert", &ca_der, error) ||
          !decode_optional_certificate (chain, "root_cert", &root_der, error))
        return NULL;
    }

  der = smartca_x509_decode_base64 (data, &x509_error);
  if (der != NULL)
    info = smartca_x509_parse (der, &x509_error);
  if (info == NULL)
    {
      malformed (error, "cert_data");
      return NULL;
    }

  /* The record must say what its certificate says. */
  if (!smartca_x509_serials_equal (serial, info->serial_number))
    {
      mismatch (error, serial, _("serial number"));
      return NULL;
    }
  if (ABS (valid_from - info->not_before) > VALIDITY_TOLERANCE_SECONDS ||
      ABS (valid_to - info->not_after) > VALIDITY_TOLERANCE_SECONDS)
    {
      mismatch (error, serial, _("validity period"));
      return NULL;
    }
  if (!attribute_agrees (subject, info->subject_dn, "CN") ||
      !attribute_agrees (subject, info->subject_dn, "UID"))
    {
      mismatch (error, serial, _("subject"));
      return NULL;
    }

  certificate = smartca_certificate_new (info->serial_number);
  smartca_certificate_set_cert_id (certificate, cert_id);
  smartca_certificate_set_lookup_id (certificate, lookup_id);
  smartca_certificate_set_service_type (certificate, service_type);
  smartca_certificate_set_service_name (certificate, service_name);
  smartca_certificate_set_status_text (certificate, status);
  smartca_certificate_set_status_code (certificate, status_code);
  smartca_certificate_set_subject_dn (certificate, subject);
  /* The certificate's own dates are the ones that count. */
  smartca_certificate_set_validity (certificate, info->not_before, info->not_after);
  smartca_certificate_set_der (certificate, der);
  smartca_certificate_set_chain (certificate, ca_der, root_der);
  return certificate;
}

/**
 * smartca_client_json_read_certificates:
 * @reply: a reply of `POST …/v1/credentials/get_certificate`
 * @lookup_id: the ID/Tax number the lookup was made with
 * @serial_filter: (nullable): the serial number asked for, if any
 *
 * Returns: (transfer full) (element-type SmartcaCertificate) (nullable):
 *   the certificates, at least one; or %NULL with @error set
 */
GPtrArray *
smartca_client_json_read_certificates (SmartcaClientReply  *reply,
                                       const char          *lookup_id,
                                       const char          *serial_filter,
                                       GError             **error)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *data_node;
  JsonObject *data;
  JsonNode *list_node;
  JsonArray *list = NULL;
  guint n;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (lookup_id != NULL, NULL);

  data_node = reply->data;
  if (!JSON_NODE_HOLDS_OBJECT (data_node))
    {
      malformed (error, "data");
      return NULL;
    }
  data = json_node_get_object (data_node);

  list_node = json_object_get_member (data, "user_certificates");
  if (list_node != NULL && JSON_NODE_HOLDS_ARRAY (list_node))
    list = json_node_get_array (list_node);
  else if (list_node != NULL && !JSON_NODE_HOLDS_NULL (list_node))
    {
      malformed (error, "user_certificates");
      return NULL;
    }

  n = list != NULL ? json_array_get_length (list) : 0;
  for (guint i = 0; i < n; i++)
    {
      SmartcaCertificate *certificate = parse_record (json_array_get_element (list, i),
                                                      lookup_id, error);

      if (certificate == NULL)
        return NULL;

      if (serial_filter != NULL && serial_filter[0] != '\0' &&
          !smartca_x509_serials_equal (serial_filter,
                                       smartca_certificate_get_serial_number (certificate)))
        {
          g_object_unref (certificate);
          continue;
        }
      g_ptr_array_add (certificates, certificate);
    }

  if (certificates->len == 0)
    {
      if (serial_filter != NULL && serial_filter[0] != '\0')
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SERIAL_NOT_FOUND,
                     _("SmartCA has no certificate with serial number %s for %s. Check the serial "
                       "number, or leave it empty to add every certificate of this ID."),
                     serial_filter, lookup_id);
      else
        g_set_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND,
                     _("SmartCA has no certificates registered to %s."), lookup_id);
      return NULL;
    }

  return g_steal_pointer (&certificates);
}

/**
 * smartca_client_json_parse_certificates:
 * @body: (array length=length) (nullable): the HTTP body
 * @http_status: the HTTP status of the answer
 * @lookup_id: the ID/Tax number the lookup was made with
 * @serial_filter: (nullable): the serial number asked for, if any
 *
 * Reads an answer of `POST …/v1/credentials/get_certificate`: the same as
 * smartca_client_json_read_reply() then
 * smartca_client_json_read_certificates().
 *
 * Returns: (transfer full) (element-type SmartcaCertificate) (nullable):
 *   the certificates, at least one; or %NULL with @error set
 */
GPtrArray *
smartca_client_json_parse_certificates (const char  *body,
                                        gsize        length,
                                        guint        http_status,
                                        const char  *lookup_id,
                                        const char  *serial_filter,
                                        GError     **error)
{
  g_autoptr(SmartcaClientReply) reply = NULL;

  g_return_val_if_fail (lookup_id != NULL, NULL);

  reply = smartca_client_json_read_reply (body, length, http_status, error);
  if (reply == NULL)
    return NULL;
  return smartca_client_json_read_certificates (reply, lookup_id, serial_filter, error);
}
