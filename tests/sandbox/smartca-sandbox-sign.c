/* smartca-sandbox-sign.c: the sandbox's business (TH) signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST {base}/v2/signatures/sign (account password + TOTP) and
 * POST {base}/v2/signatures/confirm (password + the sad the first one
 * gave), as ../shared/docs/smartca-api.md §8 describes them, with the
 * answers SmartCA is reported to give, and a real PKCS#1 v1.5 signature by
 * the certificate's key. The TOTP it accepts is its own small
 * RFC 6238 implementation, kept apart from the app's smartca-totp.c so that
 * each checks the other. Everything time-dependent (the TOTP, the sad's
 * lifetime, the Date header) follows the sandbox's clock: this computer's
 * plus an offset tests can set.
 */

#include "config.h"

#include "smartca-sandbox.h"
#include "smartca-sandbox-private.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#define TOTP_STEP 30
#define TOTP_DIGITS 6
#define DIGEST_SIZE SANDBOX_DIGEST_SIZE
#define SAD_HEADER "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9" /* {"typ":"JWT","alg":"RS256"} */

typedef struct
{
  char      *user_id;
  char      *serial;
  char      *sad;
  gint64     issued_at;
  guint      lifetime;
  GPtrArray *documents;
} SandboxTransaction;

void
sandbox_document_free (SandboxDocument *document)
{
  g_free (document->doc_id);
  g_free (document);
}

static void
sandbox_transaction_free (SandboxTransaction *transaction)
{
  g_free (transaction->user_id);
  g_free (transaction->serial);
  g_free (transaction->sad);
  g_ptr_array_unref (transaction->documents);
  g_free (transaction);
}

/* The sandbox's clock */

gint64
sandbox_now (SmartcaSandbox *self)
{
  return g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;
}

/* Returns: (transfer full): the sandbox's time as an HTTP Date */
char *
sandbox_http_date (SmartcaSandbox *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (sandbox_now (self));

  return soup_date_time_to_string (now, SOUP_DATE_HTTP);
}

/* Replaces the Date libsoup put in the answer (this computer's) */
void
sandbox_set_date (SmartcaSandbox    *self,
                  SoupServerMessage *msg)
{
  g_autofree char *date = sandbox_http_date (self);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
}

/* TOTP */

/* RFC 6238 (TOTP) on RFC 4226 (HOTP): the counter is the number of 30 s
 * steps since the Unix epoch as 8 big-endian bytes, HMAC-SHA1 of it with
 * the key, then the dynamic truncation of RFC 4226 §5.3 and the last six
 * decimal digits. */
guint
smartca_sandbox_totp (const guint8 *key,
                      gsize         key_size,
                      gint64        unix_time)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, key, key_size);
  guint64          counter = (guint64) (unix_time / TOTP_STEP);
  guint8           message[8];
  guint8           mac[20];
  gsize            mac_size = sizeof mac;
  guint            offset;
  guint32          binary;

  for (int i = 7; i >= 0; i--)
    {
      message[i] = counter & 0xff;
      counter >>= 8;
    }
  g_hmac_update (hmac, message, sizeof message);
  g_hmac_get_digest (hmac, mac, &mac_size);
  g_assert (mac_size == sizeof mac);

  offset = mac[19] & 0x0f;
  binary = ((guint32) (mac[offset] & 0x7f) << 24) | ((guint32) mac[offset + 1] << 16) |
           ((guint32) mac[offset + 2] << 8) | (guint32) mac[offset + 3];
  return binary % 1000000;
}

gboolean
smartca_sandbox_totp_accepts (const char *secret_base64,
                              const char *otp,
                              gint64      unix_time)
{
  g_autofree guint8 *key = NULL;
  gsize              key_size = 0;
  guint              code = 0;
  gboolean           accepted = FALSE;

  if (otp == NULL || strlen (otp) != TOTP_DIGITS)
    return FALSE;
  for (const char *p = otp; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      code = code * 10 + (guint) (*p - '0');
    }

  /* VNPT's samples: the HMAC key is the base64-decoded secret */
  key = g_base64_decode (secret_base64, &key_size);
  for (int step = -1; step <= 1 && key_size > 0; step++)
    accepted |= smartca_sandbox_totp (key, key_size, unix_time + step * TOTP_STEP) == code;
  memset (key, 0, key_size);
  return accepted;
}

/* Helpers */

static char *
random_base64url (gsize size)
{
  g_autofree guint8 *bytes = g_malloc (size);
  char              *text;

  if (gnutls_rnd (GNUTLS_RND_NONCE, bytes, size) < 0)
    g_error ("No random numbers");
  text = g_base64_encode (bytes, size);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  return text;
}

/* An opaque token shaped like the JWT SmartCA hands out, random each time */
static char *
new_sad (void)
{
  g_autofree char *payload = random_base64url (24);
  g_autofree char *signature = random_base64url (32);

  return g_strconcat (SAD_HEADER, ".", payload, ".", signature, NULL);
}

static gboolean
is_business (SandboxCertificate *c)
{
  return strstr (c->subject, "UID=MST:") != NULL || g_strcmp0 (c->service_type, "ESEAL") == 0;
}

gboolean
sandbox_is_active (SmartcaSandbox     *self,
                   SandboxCertificate *c)
{
  gint64 now = sandbox_now (self);

  return g_str_equal (c->status, SANDBOX_ACTIVE) && c->valid_from <= now && now < c->valid_to;
}

static gboolean
parse_digest (const char *hex,
              guint8     *digest)
{
  if (hex == NULL || strlen (hex) != 2 * DIGEST_SIZE)
    return FALSE;
  for (guint i = 0; i < DIGEST_SIZE; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      digest[i] = (guint8) (high << 4 | low);
    }
  return TRUE;
}

/* Returns: (transfer full) (nullable): the documents of sign_files, or
 * %NULL when it is missing, empty or not what a hash signing sends */
GPtrArray *
sandbox_parse_documents (JsonObject *request)
{
  JsonNode            *node = json_object_get_member (request, "sign_files");
  g_autoptr(GPtrArray) documents = NULL;
  JsonArray           *files;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  files = json_node_get_array (node);
  if (json_array_get_length (files) == 0)
    return NULL;

  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_document_free);
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonNode        *file = json_array_get_element (files, i);
      SandboxDocument *document;
      const char      *doc_id;

      if (!JSON_NODE_HOLDS_OBJECT (file))
        return NULL;
      doc_id = sandbox_request_string (json_node_get_object (file), "doc_id");
      /* "Currently only hash signing is supported" */
      if (doc_id == NULL ||
          g_strcmp0 (sandbox_request_string (json_node_get_object (file), "sign_type"), "hash") != 0)
        return NULL;

      document = g_new0 (SandboxDocument, 1);
      document->doc_id = g_strdup (doc_id);
      g_ptr_array_add (documents, document);
      if (!parse_digest (sandbox_request_string (json_node_get_object (file), "data_to_be_signed"),
                         document->digest))
        return NULL;
    }
  return g_steal_pointer (&documents);
}

/* Returns: (nullable): the request, or %NULL when it is answered already
 * (not JSON, or not from the sandbox's service provider) */
JsonObject *
sandbox_parse_sp_request (SoupServerMessage *msg,
                          JsonParser        *parser)
{
  JsonObject *request = sandbox_parse_request (msg, parser);

  if (request == NULL)
    sandbox_respond_error (msg, 400, "BAD_REQUEST");
  else if (g_strcmp0 (sandbox_request_string (request, "sp_id"), SMARTCA_SANDBOX_SP_ID) != 0 ||
           g_strcmp0 (sandbox_request_string (request, "sp_password"),
                      SMARTCA_SANDBOX_SP_PASSWORD) != 0)
    {
      sandbox_respond_error (msg, 401, "SP_CREDENTIAL_INVALID");
      request = NULL;
    }
  return request;
}

void
sandbox_respond_data (SmartcaSandbox    *self,
                      SoupServerMessage *msg,
                      const char        *message,
                      JsonBuilder       *builder)
{
  g_autoptr(JsonNode) data = json_builder_get_root (builder);
  char               *answer = sandbox_envelope (200, message, data);

  if (self->fault == SMARTCA_SANDBOX_FAULT_TRUNCATED)
    answer[strlen (answer) / 2] = '\0';
  sandbox_respond (msg, 200, "application/json", answer);
}

void
sandbox_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* v2/signatures/sign */

static void
answer_sign (SmartcaSandbox    *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonParser)  parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray)   documents = NULL;
  g_autofree char       *transaction_id = NULL;
  g_autofree char       *tran_code = NULL;
  JsonObject            *request;
  const char            *user_id, *password, *otp, *request_id, *serial;
  SandboxCertificate    *c;
  SandboxTransaction    *transaction;

  if (sandbox_answer_fault (self, msg,
                            "{\"status_code\":200,\"message\":\"sig_wait_for_user_confirm\","
                            "\"data\":{\"transaction_id\":42,\"tran_code\":null,"
                            "\"sad\":[\"eyJ\"],\"expired_in\":\"299\"}}"))
    return;

  request = sandbox_parse_sp_request (msg, parser);
  if (request == NULL)
    return;

  user_id = sandbox_request_string (request, "user_id");
  password = sandbox_request_string (request, "password");
  otp = sandbox_request_string (request, "otp");
  request_id = sandbox_request_string (request, "transaction_id");
  serial = sandbox_request_string (request, "serial_number");
  documents = sandbox_parse_documents (request);
  if (user_id == NULL || password == NULL || otp == NULL || request_id == NULL ||
      request_id[0] == '\0' || serial == NULL || documents == NULL)
    {
      sandbox_respond_error (msg, 400, "BAD_REQUEST");
      return;
    }

  c = sandbox_find_certificate (self, serial);
  if (c == NULL || !g_str_equal (c->user_id, user_id))
    {
      sandbox_respond (msg, 200, "application/json",
                       sandbox_envelope (40004, "CERTIFICATE_NOT_FOUND", NULL));
      return;
    }
  if (!is_business (c))
    {
      sandbox_respond (msg, 200, "application/json",
                       sandbox_envelope (40003, "ACCOUNT_NOT_BUSINESS", NULL));
      return;
    }
  if (!sandbox_is_active (self, c))
    {
      sandbox_respond_error (msg, 403, "CREDENTIAL_STATUS_INVALID");
      return;
    }
  if (!g_str_equal (password, SMARTCA_SANDBOX_BUSINESS_PASSWORD))
    {
      sandbox_respond (msg, 200, "application/json",
                       sandbox_envelope (40001, "PASSWORD_INVALID", NULL));
      return;
    }

  transaction_id = g_uuid_string_random ();
  tran_code = g_uuid_string_random ();
  json_builder_begin_object (builder);
  sandbox_add_string (builder, "transaction_id", transaction_id);
  sandbox_add_string (builder, "tran_code", tran_code);

  /* A wrong OTP, as SmartCA is reported to answer it: the transaction
   * falls back to confirmation in the mobile app, so no sad. */
  if (!smartca_sandbox_totp_accepts (SMARTCA_SANDBOX_BUSINESS_SECRET, otp, sandbox_now (self)))
    {
      json_builder_end_object (builder);
      sandbox_respond_data (self, msg, "sig_wait_for_user_confirm", builder);
      return;
    }

  transaction = g_new0 (SandboxTransaction, 1);
  transaction->user_id = g_strdup (user_id);
  transaction->serial = g_strdup (c->serial);
  transaction->sad = new_sad ();
  transaction->issued_at = sandbox_now (self);
  transaction->lifetime = self->sad_lifetime;
  transaction->documents = g_steal_pointer (&documents);
  g_hash_table_insert (self->transactions, g_strdup (transaction_id), transaction);

  sandbox_add_string (builder, "sad", transaction->sad);
  json_builder_set_member_name (builder, "expired_in");
  json_builder_add_int_value (builder, transaction->lifetime);
  json_builder_end_object (builder);
  sandbox_respond_data (self, msg, "sig_wait_for_user_confirm", builder);
}

/* v2/signatures/confirm */

/* signatures[]: each document's digest signed with the certificates' key
 * (by the CA's under FAULT_BAD_SIGNATURE) */
void
sandbox_add_signatures (SmartcaSandbox *self,
                        const char     *serial,
                        GPtrArray      *documents,
                        JsonBuilder    *builder)
{
  json_builder_set_member_name (builder, "signatures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < documents->len; i++)
    {
      SandboxDocument  *document = g_ptr_array_index (documents, i);
      g_autoptr(GBytes) signature = NULL;
      g_autofree char  *value = NULL;

      /* Well formed, but by another key: it does not verify */
      if (self->fault == SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE)
        signature = smartca_test_pki_sign_digest_as_ca (self->pki, document->digest, DIGEST_SIZE);
      else
        signature = smartca_test_pki_sign_digest_by (self->pki, serial, document->digest, DIGEST_SIZE);
      value = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

      json_builder_begin_object (builder);
      sandbox_add_string (builder, "doc_id", document->doc_id);
      sandbox_add_string (builder, "signature_value", value);
      json_builder_set_member_name (builder, "timestamp_signature");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
answer_confirm (SmartcaSandbox    *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonParser)  parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject            *request;
  const char            *user_id, *password, *transaction_id, *sad;
  SandboxTransaction    *transaction;

  if (sandbox_answer_fault (self, msg,
                            "{\"status_code\":200,\"message\":\"Success\",\"data\":"
                            "{\"transaction_id\":42,\"expired_in\":\"299\",\"signatures\":"
                            "[{\"doc_id\":7,\"signature_value\":{\"b64\":true}}]}}"))
    return;

  request = sandbox_parse_sp_request (msg, parser);
  if (request == NULL)
    return;

  user_id = sandbox_request_string (request, "user_id");
  password = sandbox_request_string (request, "password");
  transaction_id = sandbox_request_string (request, "transaction_id");
  sad = sandbox_request_string (request, "sad");
  if (user_id == NULL || password == NULL || transaction_id == NULL || sad == NULL)
    {
      sandbox_respond_error (msg, 400, "BAD_REQUEST");
      return;
    }

  if (!g_str_equal (password, SMARTCA_SANDBOX_BUSINESS_PASSWORD))
    {
      sandbox_respond (msg, 200, "application/json",
                       sandbox_envelope (40001, "PASSWORD_INVALID", NULL));
      return;
    }

  /* A used sad is gone from the table: single use */
  transaction = g_hash_table_lookup (self->transactions, transaction_id);
  if (transaction == NULL || !g_str_equal (transaction->user_id, user_id) ||
      !g_str_equal (transaction->sad, sad))
    {
      sandbox_respond (msg, 200, "application/json", sandbox_envelope (40002, "SAD_INVALID", NULL));
      return;
    }
  if (sandbox_now (self) >= transaction->issued_at + transaction->lifetime)
    {
      sandbox_respond (msg, 200, "application/json", sandbox_envelope (40005, "SAD_EXPIRED", NULL));
      return;
    }

  json_builder_begin_object (builder);
  sandbox_add_string (builder, "transaction_id", transaction_id);
  json_builder_set_member_name (builder, "expired_in");
  json_builder_add_int_value (builder, transaction->lifetime);
  sandbox_add_signatures (self, transaction->serial, transaction->documents, builder);
  json_builder_end_object (builder);
  g_hash_table_remove (self->transactions, transaction_id);
  sandbox_respond_data (self, msg, "Success", builder);
}

static void
sign_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SmartcaSandbox *self = user_data;

  self->sign_count++;
  sandbox_handle (self, msg, answer_sign);
}

static void
confirm_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SmartcaSandbox *self = user_data;

  self->sign_count++;
  sandbox_handle (self, msg, answer_confirm);
}

/* Set-up, for smartca-sandbox.c */

void
sandbox_sign_init (SmartcaSandbox *self)
{
  self->sad_lifetime = SANDBOX_DEFAULT_SAD_LIFETIME;
  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) sandbox_transaction_free);
}

void
sandbox_sign_add_handlers (SmartcaSandbox *self)
{
  soup_server_add_handler (self->server, SANDBOX_BASE_PATH "/v2/signatures/sign", sign_cb, self,
                           NULL);
  soup_server_add_handler (self->server, SANDBOX_BASE_PATH "/v2/signatures/confirm", confirm_cb,
                           self, NULL);
}

/* Public API */

void
smartca_sandbox_set_clock_offset (SmartcaSandbox *self,
                                  gint64          seconds)
{
  self->clock_offset = seconds;
}

void
smartca_sandbox_set_sad_lifetime (SmartcaSandbox *self,
                                  guint           seconds)
{
  self->sad_lifetime = seconds;
}

guint
smartca_sandbox_get_sign_count (SmartcaSandbox *self)
{
  return self->sign_count;
}
