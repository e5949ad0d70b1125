/* smartca-sign-common.c: what both SmartCA signing flows share — the
 * mapping of what the client reports to what the user is told, the request's
 * sign_files, and the check of the signature with the certificate's own key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each flow has its own error domain (SMARTCA_BUSINESS_ERROR,
 * SMARTCA_PERSONAL_ERROR); the codes that mean the same in both are handed
 * in (SignErrorCodes), so that the same answer reads the same whichever
 * flow got it.
 */

#include "config.h"

#include "smartca-sign-private.h"
#include "smartca-client-json-private.h"
#include "smartca-text.h"
#include "smartca-x509.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Errors */

gboolean
sign_message_says (const char *message,
                   const char *word)
{
  g_autofree char *upper = NULL;

  if (message == NULL)
    return FALSE;
  upper = g_utf8_strup (message, -1);
  return strstr (upper, word) != NULL;
}

GError *
sign_error_refused (const SignErrorCodes *codes,
                    const char           *said)
{
  g_autofree char *isolated = NULL;

  if (said == NULL || said[0] == '\0')
    return g_error_new_literal (codes->domain (), codes->refused,
                                _("SmartCA refused to sign, without saying why."));
  isolated = smartca_format_isolate (said);
  return g_error_new (codes->domain (), codes->refused,
                      /* Translators: %s is what SmartCA said, as it said it */
                      _("SmartCA refused to sign. It said: “%s”."), isolated);
}

GError *
sign_error_transport (const SignErrorCodes *codes,
                      const GError         *error)
{
  if (error->domain != SMARTCA_CLIENT_ERROR)
    return g_error_copy (error); /* cancelled */

  switch (error->code)
    {
    case SMARTCA_CLIENT_ERROR_NOT_CONFIGURED:
    case SMARTCA_CLIENT_ERROR_INSECURE_URL:
    case SMARTCA_CLIENT_ERROR_SP_CREDENTIALS:
      /* The service provider account in Preferences, not the certificate's. */
      return g_error_copy (error);
    case SMARTCA_CLIENT_ERROR_NETWORK:
    case SMARTCA_CLIENT_ERROR_TIMEOUT:
    case SMARTCA_CLIENT_ERROR_TLS:
    case SMARTCA_CLIENT_ERROR_SERVER:
      return g_error_new (codes->domain (), codes->unreachable,
                          _("SmartCA could not be reached, so nothing was signed. Check the "
                            "internet connection and try again. (%s)"),
                          error->message);
    default:
      return NULL;
    }
}

GError *
sign_error_refusal (const SignErrorCodes *codes,
                    const GError         *error)
{
  const char *said;

  if (error->domain != SMARTCA_CLIENT_ERROR)
    return g_error_copy (error);

  said = smartca_client_error_get_message (error);
  if (error->code == SMARTCA_CLIENT_ERROR_CERTIFICATE_STATUS)
    return g_error_new_literal (codes->domain (), codes->not_active,
                                _("SmartCA says this certificate cannot sign now: it is "
                                  "suspended, revoked or expired. Look it up again, or "
                                  "contact VNPT SmartCA."));
  if (said == NULL)
    /* Our own words (an answer cut short, not JSON…): not SmartCA's */
    return g_error_new_literal (codes->domain (), codes->refused, error->message);
  return sign_error_refused (codes, said);
}

GError *
sign_error_incomplete (const SignErrorCodes *codes)
{
  return g_error_new_literal (codes->domain (), codes->refused,
                              _("SmartCA’s answer could not be used: the signature or the "
                                "transaction was missing from it. Nothing was signed; try again "
                                "later."));
}

/* Verification */

gnutls_pubkey_t
sign_import_public_key (const SignErrorCodes *codes,
                        SmartcaCertificate   *certificate,
                        GError              **error)
{
  GBytes         *der = smartca_certificate_get_der (certificate);
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t  datum;
  gsize           size = 0;

  if (der != NULL)
    {
      datum.data = (unsigned char *) g_bytes_get_data (der, &size);
      datum.size = size;
    }
  if (der == NULL || size == 0 || gnutls_pubkey_init (&pubkey) != GNUTLS_E_SUCCESS ||
      gnutls_pubkey_import_x509_raw (pubkey, &datum, GNUTLS_X509_FMT_DER, 0) != GNUTLS_E_SUCCESS)
    {
      g_clear_pointer (&pubkey, gnutls_pubkey_deinit);
      g_set_error_literal (error, codes->domain (), codes->bad_signature,
                           _("The certificate’s own data could not be read, so a signature "
                             "made with it could not be checked. Nothing was sent to SmartCA."));
      return NULL;
    }
  return pubkey;
}

gboolean
sign_verify (gnutls_pubkey_t pubkey,
             GBytes         *digest,
             GBytes         *signature)
{
  gnutls_datum_t hash, value;
  gsize          size;

  hash.data = (unsigned char *) g_bytes_get_data (digest, &size);
  hash.size = size;
  value.data = (unsigned char *) g_bytes_get_data (signature, &size);
  value.size = size;
  return gnutls_pubkey_verify_hash2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &hash, &value) >= 0;
}

/* Answers */

static JsonArray *
get_signatures (JsonNode *data)
{
  JsonObject *object = data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data)
                                                                     : NULL;
  JsonNode   *signatures = object != NULL ? json_object_get_member (object, "signatures") : NULL;

  if (signatures == NULL || !JSON_NODE_HOLDS_ARRAY (signatures))
    return NULL;
  return json_node_get_array (signatures);
}

/* Null or absent (with the data) means "not yet"; anything else, of
 * whatever type, is an answer that sign_read_signature() must read. */
gboolean
sign_has_signatures (JsonNode *data)
{
  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (data))
    return TRUE;
  return !smartca_client_json_is_null_or_absent (json_node_get_object (data), "signatures");
}

/* The signature of our document in the answer's data: the one with our
 * doc_id, else the first (it is verified anyway). */
GBytes *
sign_read_signature (JsonNode   *data,
                     const char *doc_id)
{
  JsonArray  *array = get_signatures (data);
  const char *first = NULL;

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode   *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      value = smartca_client_json_get_string (object, "signature_value");
      if (value == NULL)
        continue;
      if (g_strcmp0 (smartca_client_json_get_string (object, "doc_id"), doc_id) == 0)
        return smartca_x509_decode_base64 (value, NULL);
      if (first == NULL)
        first = value;
    }
  return first != NULL ? smartca_x509_decode_base64 (first, NULL) : NULL;
}

/* Requests */

char *
sign_digest_hex (GBytes *digest)
{
  gsize         size;
  const guint8 *bytes = g_bytes_get_data (digest, &size);
  char         *hex = g_malloc (size * 2 + 1);

  hex[0] = '\0';
  for (gsize i = 0; i < size; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", bytes[i]);
  return hex;
}

void
sign_body_add_file (SmartcaClientBody *body,
                    const char        *digest_hex,
                    const char        *doc_id)
{
  smartca_client_body_begin_array (body, "sign_files");
  smartca_client_body_begin_object (body, NULL);
  smartca_client_body_add_string (body, "file_type", "pdf");
  smartca_client_body_add_string (body, "data_to_be_signed", digest_hex);
  smartca_client_body_add_string (body, "doc_id", doc_id);
  smartca_client_body_add_string (body, "sign_type", "hash");
  smartca_client_body_end_object (body);
  smartca_client_body_end_array (body);
}
