/* smartca-client-reply.c: the envelope of every SmartCA answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions from an HTTP status and body to a reply (the envelope's
 * `message` and `data`) or an error that keeps what SmartCA said. Every
 * answer of every call goes through here, so that the same checks apply
 * to all: shape (nesting, NUL) before json-glib, then status and envelope.
 */

#include "config.h"

#include "smartca-client-json.h"
#include "smartca-client-json-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What SmartCA itself said with an error, kept on the GError (an extended
 * error domain), so that callers can tell its codes apart. */
typedef struct
{
  guint    http_status;
  gboolean has_status_code;
  gint64   status_code;
  char    *message;
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
  char     *message;
  JsonNode *data;
};

/* Shape */

/* json-glib parses recursively and hands strings out as C strings: an
 * answer nested deeper than any SmartCA answer overflows its stack, and a
 * NUL written as \u0000 silently cuts a value short. Both are refused here,
 * before json-glib sees the text. Outside strings only JSON's own
 * characters may appear, so that what this scanner takes for a string is
 * exactly what any JSON parser does (no single quotes, no comments). */
/* The code unit of a \\uXXXX escape at @p (the 'u'), or -1. */
static int
read_unit (const char *body,
           gsize       length,
           gsize       p)
{
  int unit = 0;

  if (p + 4 >= length || body[p] != 'u')
    return -1;
  for (gsize k = p + 1; k <= p + 4; k++)
    {
      int digit = g_ascii_xdigit_value (body[k]);

      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

/* Only JSON's own escapes: json-glib also takes \\0 (octal, a NUL that cuts
 * the value short, like \\u0000) and turns a lone surrogate into text that
 * is not UTF-8. @i is on the backslash, and is left on the escape's last
 * character. */
static gboolean
scan_escape (const char  *body,
             gsize        length,
             gsize       *i,
             const char **problem)
{
  gsize p = *i + 1;
  int   unit;

  if (p >= length)
    return TRUE; /* cut short: json-glib says so */

  if (strchr ("\"\\/bfnrt", body[p]) != NULL && body[p] != '\0')
    {
      *i = p;
      return TRUE;
    }

  unit = read_unit (body, length, p);
  if (unit == 0 || body[p] == '0')
    {
      *problem = _("a text holds a NUL character");
      return FALSE;
    }
  if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    {
      *problem = _("not JSON, or cut short");
      return FALSE;
    }
  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      /* A high surrogate is only half of a character: the low half follows. */
      int low = p + 6 < length && body[p + 5] == '\\' ? read_unit (body, length, p + 6) : -1;

      if (low < 0xdc00 || low > 0xdfff)
        {
          *problem = _("not JSON, or cut short");
          return FALSE;
        }
      p += 6;
    }
  *i = p + 4;
  return TRUE;
}

static gboolean
scan_shape (const char  *body,
            gsize        length,
            const char **problem)
{
  gboolean in_string = FALSE;
  guint    depth = 0;
  gsize    i = 0;

  if (length >= 3 && memcmp (body, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  for (; i < length; i++)
    {
      char c = body[i];

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && !scan_escape (body, length, &i, problem))
            return FALSE;
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
        case ' ':
        case '\t':
        case '\r':
        case '\n':
        case ',':
        case ':':
        case '-':
        case '+':
        case '.':
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

const char *
smartca_client_json_get_string (JsonObject *object,
                                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
smartca_client_json_is_null_or_absent (JsonObject *object,
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

gboolean
smartca_client_json_malformed (GError    **error,
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
set_status_error (guint       status,
                  const char *message,
                  gboolean    from_http,
                  GError    **error)
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
remember_status (GError    **error,
                 guint       http_status,
                 JsonObject *envelope)
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
      priv->message = g_strdup (smartca_client_json_get_string (envelope, "message"));
    }
}

/* Parses the envelope {status_code, message, data}. On success returns the
 * root object (owned by @parser). */
static JsonObject *
read_envelope (JsonParser *parser,
               const char *body,
               gsize       length,
               guint       http_status,
               GError    **error)
{
  g_autoptr(GError) json_error = NULL;
  const char       *problem = NULL;
  JsonNode         *root;
  JsonObject       *object;
  gint64            status_code = 200;
  const char       *message;
  gboolean          parsed;

  if (length > G_MAXSSIZE)
    {
      smartca_client_json_malformed (error, _("too long"));
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
      message = object != NULL ? smartca_client_json_get_string (object, "message") : NULL;
      set_status_error (http_status, message, TRUE, error);
      remember_status (error, http_status, object);
      return NULL;
    }

  if (object == NULL)
    {
      smartca_client_json_malformed (error, problem != NULL ? problem
                                            : parsed        ? _("not a JSON object")
                                                            : _("not JSON, or cut short"));
      remember_status (error, http_status, NULL);
      return NULL;
    }

  if (json_object_has_member (object, "status_code") &&
      !get_int_member (object, "status_code", &status_code))
    {
      smartca_client_json_malformed (error, _("status_code is not a number"));
      remember_status (error, http_status, NULL);
      return NULL;
    }

  if (status_code != 200)
    {
      set_status_error (status_code >= 0 && status_code <= G_MAXUINT ? (guint) status_code : 0,
                        smartca_client_json_get_string (object, "message"), FALSE, error);
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
smartca_client_json_read_reply (const char *body,
                                gsize       length,
                                guint       http_status,
                                GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SmartcaClientReply   *reply;
  JsonObject           *envelope;
  JsonNode             *data;

  envelope = read_envelope (parser, body, length, http_status, error);
  if (envelope == NULL)
    return NULL;

  data = json_object_get_member (envelope, "data");
  reply = g_new0 (SmartcaClientReply, 1);
  reply->message = g_strdup (smartca_client_json_get_string (envelope, "message"));
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
smartca_client_json_check_status (const char *body,
                                  gsize       length,
                                  guint       http_status,
                                  GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return read_envelope (parser, body, length, http_status, error) != NULL;
}
