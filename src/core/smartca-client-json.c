/* smartca-client-json.c: SmartCA's answers, read without any I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions from a reply (see smartca-client-reply.c) to certificate
 * records or an error, so that they can be tested exhaustively and fuzzed.
 * Every node's type is checked before use; a certificate record must agree
 * with the certificate it carries, and one bad record rejects the whole
 * answer.
 */

#include "config.h"

#include "smartca-client-json.h"
#include "smartca-client-json-private.h"
#include "smartca-certificate.h"
#include "smartca-dn.h"
#include "smartca-x509.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* SmartCA's validity dates and the certificate's own may be written a
 * little apart (rounding to the minute); anything further is a mismatch. */
#define VALIDITY_TOLERANCE_SECONDS 60

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
  if (smartca_client_json_is_null_or_absent (object, name))
    return TRUE;
  *out = smartca_client_json_get_string (object, name);
  return *out != NULL;
}

static gboolean
decode_optional_certificate (JsonObject *object,
                             const char *name,
                             GBytes    **out,
                             GError    **error)
{
  const char                *text;
  g_autoptr(GBytes)          der = NULL;
  g_autoptr(SmartcaX509Info) info = NULL;

  *out = NULL;
  if (!optional_string (object, name, &text))
    return smartca_client_json_malformed (error, name);
  if (text == NULL || text[0] == '\0')
    return TRUE;

  der = smartca_x509_decode_base64 (text, NULL);
  info = der != NULL ? smartca_x509_parse (der, NULL) : NULL;
  if (info == NULL)
    return smartca_client_json_malformed (error, name);

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
parse_record (JsonNode   *node,
              const char *lookup_id,
              GError    **error)
{
  JsonObject                *object;
  JsonObject                *chain = NULL;
  const char                *serial, *subject, *from_text, *to_text, *data;
  const char                *service_type, *service_name, *cert_id, *status, *status_code;
  gint64                     valid_from, valid_to;
  g_autoptr(GBytes)          der = NULL;
  g_autoptr(GBytes)          ca_der = NULL;
  g_autoptr(GBytes)          root_der = NULL;
  g_autoptr(SmartcaX509Info) info = NULL;
  g_autoptr(GError)          x509_error = NULL;
  SmartcaCertificate        *certificate;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      smartca_client_json_malformed (error, _("a certificate is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  serial = smartca_client_json_get_string (object, "serial_number");
  subject = smartca_client_json_get_string (object, "cert_subject");
  from_text = smartca_client_json_get_string (object, "cert_valid_from");
  to_text = smartca_client_json_get_string (object, "cert_valid_to");
  data = smartca_client_json_get_string (object, "cert_data");

  if (serial == NULL || serial[0] == '\0')
    {
      smartca_client_json_malformed (error, "serial_number");
      return NULL;
    }
  if (subject == NULL || !g_utf8_validate (subject, -1, NULL))
    {
      smartca_client_json_malformed (error, "cert_subject");
      return NULL;
    }
  if (!parse_time (from_text, &valid_from))
    {
      smartca_client_json_malformed (error, "cert_valid_from");
      return NULL;
    }
  if (!parse_time (to_text, &valid_to))
    {
      smartca_client_json_malformed (error, "cert_valid_to");
      return NULL;
    }
  if (data == NULL)
    {
      smartca_client_json_malformed (error, "cert_data");
      return NULL;
    }

  if (!optional_string (object, "service_type", &service_type) ||
      !optional_string (object, "service_name", &service_name) ||
      !optional_string (object, "cert_id", &cert_id) ||
      !optional_string (object, "cert_status", &status) ||
      !optional_string (object, "cert_status_code", &status_code))
    {
      smartca_client_json_malformed (error, _("a field of the wrong type"));
      return NULL;
    }

  if (!smartca_client_json_is_null_or_absent (object, "chain_data"))
    {
      JsonNode *chain_node = json_object_get_member (object, "chain_data");

      if (!JSON_NODE_HOLDS_OBJECT (chain_node))
        {
          smartca_client_json_malformed (error, "chain_data");
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
      smartca_client_json_malformed (error, "cert_data");
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
smartca_client_json_read_certificates (SmartcaClientReply *reply,
                                       const char         *lookup_id,
                                       const char         *serial_filter,
                                       GError            **error)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode            *data_node;
  JsonObject          *data;
  JsonNode            *list_node;
  JsonArray           *list = NULL;
  guint                n;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (lookup_id != NULL, NULL);

  data_node = smartca_client_reply_get_data (reply);
  if (!JSON_NODE_HOLDS_OBJECT (data_node))
    {
      smartca_client_json_malformed (error, "data");
      return NULL;
    }
  data = json_node_get_object (data_node);

  list_node = json_object_get_member (data, "user_certificates");
  if (list_node != NULL && JSON_NODE_HOLDS_ARRAY (list_node))
    list = json_node_get_array (list_node);
  else if (list_node != NULL && !JSON_NODE_HOLDS_NULL (list_node))
    {
      smartca_client_json_malformed (error, "user_certificates");
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
smartca_client_json_parse_certificates (const char *body,
                                        gsize       length,
                                        guint       http_status,
                                        const char *lookup_id,
                                        const char *serial_filter,
                                        GError    **error)
{
  g_autoptr(SmartcaClientReply) reply = NULL;

  g_return_val_if_fail (lookup_id != NULL, NULL);

  reply = smartca_client_json_read_reply (body, length, http_status, error);
  if (reply == NULL)
    return NULL;
  return smartca_client_json_read_certificates (reply, lookup_id, serial_filter, error);
}
