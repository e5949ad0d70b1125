/* smartca-sandbox-v1.c: the sandbox's phone-confirmed signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST {base}/v1/signatures/sign (the SP account, the user, the serial of
 * one of the user's certificates, and sign_files of 32-byte hashes) and
 * POST {base}/v1/signatures/sign/{tranId}/status (body {}, no credentials),
 * as ../shared/docs/smartca-api.md §5 and §6 describe them. Nobody holds a
 * phone here: a transaction stays "pending" for pending_polls polls, then
 * the user has confirmed (SUCCESS, with a real PKCS#1 v1.5 signature of
 * each hash by the certificate's key), refused (REJECTED) or let it expire
 * (EXPIRED), as the fault says.
 */

#include "config.h"

#include "smartca-sandbox.h"
#include "smartca-sandbox-private.h"

#include <string.h>

#define SIGN_PATH SANDBOX_BASE_PATH "/v1/signatures/sign"
#define STATUS_SUFFIX "/status"
#define WAITING "sig_wait_for_user_confirm"

typedef struct
{
  char      *serial;
  GPtrArray *documents;
  guint      polls;
} SandboxV1Transaction;

static void
sandbox_v1_transaction_free (SandboxV1Transaction *transaction)
{
  g_free (transaction->serial);
  g_ptr_array_unref (transaction->documents);
  g_free (transaction);
}

static void
respond_envelope (SoupServerMessage *msg,
                  int                status_code,
                  const char        *message)
{
  sandbox_respond (msg, 200, "application/json", sandbox_envelope (status_code, message, NULL));
}

/* v1/signatures/sign */

static void
keep_request (SmartcaSandbox    *self,
              SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_free (self->last_v1_request);
  self->last_v1_request = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
answer_sign (SmartcaSandbox    *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonParser)  parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray)   documents = NULL;
  g_autofree char       *tran_code = NULL;
  JsonObject            *request;
  const char            *user_id, *transaction_id, *serial;
  SandboxCertificate    *c;
  SandboxV1Transaction  *transaction;

  keep_request (self, msg);
  if (sandbox_answer_fault (self, msg,
                            "{\"status_code\":200,\"message\":\"" WAITING "\","
                            "\"data\":{\"transaction_id\":42,\"tran_code\":[\"x\"]}}"))
    return;

  request = sandbox_parse_sp_request (msg, parser);
  if (request == NULL)
    return;

  user_id = sandbox_request_string (request, "user_id");
  transaction_id = sandbox_request_string (request, "transaction_id");
  serial = sandbox_request_string (request, "serial_number");
  documents = sandbox_parse_documents (request);
  if (user_id == NULL || transaction_id == NULL || transaction_id[0] == '\0' || serial == NULL ||
      documents == NULL)
    {
      sandbox_respond_error (msg, 400, "BAD_REQUEST");
      return;
    }

  c = sandbox_find_certificate (self, serial);
  if (c == NULL || !g_str_equal (c->user_id, user_id))
    {
      respond_envelope (msg, 40004, "CERTIFICATE_NOT_FOUND");
      return;
    }
  if (!sandbox_is_active (self, c))
    {
      sandbox_respond_error (msg, 403, "CREDENTIAL_STATUS_INVALID");
      return;
    }
  if (self->v1_refusal != NULL)
    {
      respond_envelope (msg, 40010, self->v1_refusal);
      return;
    }
  /* "must be unique for sign": it is also the id the status is polled by */
  if (g_hash_table_contains (self->v1_transactions, transaction_id))
    {
      respond_envelope (msg, 40006, "TRANSACTION_ID_DUPLICATE");
      return;
    }

  transaction = g_new0 (SandboxV1Transaction, 1);
  transaction->serial = g_strdup (c->serial);
  transaction->documents = g_steal_pointer (&documents);
  g_hash_table_insert (self->v1_transactions, g_strdup (transaction_id), transaction);

  tran_code = g_uuid_string_random ();
  json_builder_begin_object (builder);
  sandbox_add_string (builder, "transaction_id", transaction_id);
  sandbox_add_string (builder, "tran_code", tran_code);
  json_builder_end_object (builder);
  sandbox_respond_data (self, msg, WAITING, builder);
}

/* v1/signatures/sign/{tranId}/status */

/* The {tranId} of a status path, or NULL */
static char *
status_transaction_id (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *id;
  gsize       length;

  if (!g_str_has_prefix (path, SIGN_PATH "/") || !g_str_has_suffix (path, STATUS_SUFFIX))
    return NULL;
  id = path + strlen (SIGN_PATH "/");
  if (strlen (id) <= strlen (STATUS_SUFFIX))
    return NULL;
  length = strlen (id) - strlen (STATUS_SUFFIX);
  if (memchr (id, '/', length) != NULL)
    return NULL;
  return g_uri_unescape_segment (id, id + length, NULL);
}

static void
answer_status (SmartcaSandbox    *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonParser)  parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char       *transaction_id = status_transaction_id (msg);
  SandboxV1Transaction  *transaction;
  const char            *message;

  if (sandbox_answer_fault (self, msg,
                            "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":"
                            "{\"transaction_id\":42,\"signatures\":"
                            "[{\"doc_id\":7,\"signature_value\":{\"b64\":true}}]}}"))
    return;

  if (sandbox_parse_request (msg, parser) == NULL)
    {
      sandbox_respond_error (msg, 400, "BAD_REQUEST");
      return;
    }

  transaction = transaction_id != NULL ? g_hash_table_lookup (self->v1_transactions, transaction_id)
                                       : NULL;
  if (transaction == NULL)
    {
      respond_envelope (msg, 404, "TRANSACTION_NOT_FOUND");
      return;
    }

  json_builder_begin_object (builder);
  sandbox_add_string (builder, "transaction_id", transaction_id);
  if (transaction->polls < self->pending_polls)
    {
      transaction->polls++;
      message = WAITING;
    }
  else if (self->fault == SMARTCA_SANDBOX_FAULT_USER_REJECTED)
    message = "REJECTED";
  else if (self->fault == SMARTCA_SANDBOX_FAULT_EXPIRED)
    message = "EXPIRED";
  else
    message = "SUCCESS";

  if (g_str_equal (message, "SUCCESS"))
    sandbox_add_signatures (self, transaction->serial, transaction->documents, builder);
  else
    {
      json_builder_set_member_name (builder, "signatures");
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  sandbox_respond_data (self, msg, message, builder);
}

/* One handler for the path and everything under it */
static void
v1_sign_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SmartcaSandbox  *self = user_data;
  g_autofree char *transaction_id = NULL;

  if (g_str_equal (path, SIGN_PATH))
    {
      sandbox_handle (self, msg, answer_sign);
      return;
    }

  transaction_id = status_transaction_id (msg);
  if (transaction_id == NULL)
    {
      sandbox_respond_error (msg, 404, "NOT_FOUND");
      return;
    }
  self->poll_count++;
  sandbox_handle (self, msg, answer_status);
}

/* Set-up, for smartca-sandbox.c */

void
sandbox_v1_init (SmartcaSandbox *self)
{
  self->pending_polls = SANDBOX_DEFAULT_PENDING_POLLS;
  self->v1_transactions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) sandbox_v1_transaction_free);
}

void
sandbox_v1_finalize (SmartcaSandbox *self)
{
  g_clear_pointer (&self->v1_transactions, g_hash_table_unref);
  g_clear_pointer (&self->last_v1_request, g_free);
  g_clear_pointer (&self->v1_refusal, g_free);
}

void
sandbox_v1_add_handlers (SmartcaSandbox *self)
{
  soup_server_add_handler (self->server, SIGN_PATH, v1_sign_cb, self, NULL);
}

/* Public API */

void
smartca_sandbox_set_pending_polls (SmartcaSandbox *self,
                                   guint           polls)
{
  self->pending_polls = polls;
}

guint
smartca_sandbox_get_poll_count (SmartcaSandbox *self)
{
  return self->poll_count;
}

/**
 * smartca_sandbox_dup_last_v1_request:
 *
 * Returns: (transfer full) (nullable): the body of the last
 *   v1/signatures/sign request, exactly as it came
 */
char *
smartca_sandbox_dup_last_v1_request (SmartcaSandbox *self)
{
  return g_strdup (self->last_v1_request);
}

void
smartca_sandbox_set_v1_refusal (SmartcaSandbox *self,
                                const char     *message)
{
  g_free (self->v1_refusal);
  self->v1_refusal = g_strdup (message);
}

/**
 * smartca_sandbox_get_root_der:
 *
 * Returns: (transfer none): the DER of the root CA that issued every
 *   certificate of the sandbox
 */
GBytes *
smartca_sandbox_get_root_der (SmartcaSandbox *self)
{
  return smartca_test_pki_get_root_der (self->pki);
}
