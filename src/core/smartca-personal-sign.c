/* smartca-personal-sign.c: signing with a personal certificate — the user
 * confirms in the VNPT SmartCA phone app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * v1/signatures/sign with the hash (and nothing else of the document),
 * answered "sig_wait_for_user_confirm"; then v1/signatures/sign/{id}/status
 * is polled on the main context, every SMARTCA_PERSONAL_POLL_INTERVAL
 * seconds, until SmartCA says SUCCESS (with the signature), EXPIRED, or
 * that the user refused, or until SMARTCA_PERSONAL_SIGN_LIFETIME has passed.
 * While it waits, the only things pending are a timeout and a watch on the
 * cancellable: cancelling ends the wait at once. The signature is returned
 * only once it verifies with the certificate's own public key.
 */

#include "config.h"

#include "smartca-remote-sign.h"
#include "smartca-client-json-private.h"
#include "smartca-remote-sign-private.h"
#include "smartca-sign-private.h"
#include "smartca-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What SmartCA's phone app shows of transaction_desc: a file name, not an
 * essay */
#define MAX_DESCRIPTION_CHARS 200
#define WAITING_MESSAGE "sig_wait_for_user_confirm"
/* The one document of a transaction */
#define DOC_ID "DOC-1"

G_DEFINE_QUARK (smartca-personal-error-quark, smartca_personal_error)

typedef struct
{
  SmartcaClient            *client;
  SmartcaCertificate       *certificate;
  gnutls_pubkey_t           pubkey;
  GBytes                   *digest;
  char                     *description;
  char                     *transaction_id; /* ours, the one polled */
  gboolean                  on_phone;       /* SmartCA took the request */
  SmartcaRemoteSignProgress progress;
  gpointer                  progress_data;
  guint                     interval_ms;
  guint                     lifetime_ms;
  gint64                    deadline; /* monotonic µs */
  guint                     failures; /* network failures of the poll in a row */
  GSource                  *timeout;  /* while waiting for the next poll */
  GSource                  *cancelled;
} Personal;

static guint testing_interval_ms;
static guint testing_lifetime_ms;

static void
stop_waiting (Personal *personal)
{
  if (personal->timeout != NULL)
    {
      g_source_destroy (personal->timeout);
      g_clear_pointer (&personal->timeout, g_source_unref);
    }
  if (personal->cancelled != NULL)
    {
      g_source_destroy (personal->cancelled);
      g_clear_pointer (&personal->cancelled, g_source_unref);
    }
}

static void
personal_free (Personal *personal)
{
  stop_waiting (personal);
  g_clear_object (&personal->client);
  g_clear_object (&personal->certificate);
  g_clear_pointer (&personal->pubkey, gnutls_pubkey_deinit);
  g_clear_pointer (&personal->digest, g_bytes_unref);
  g_free (personal->description);
  g_free (personal->transaction_id);
  g_free (personal);
}

/* Errors */

static const SignErrorCodes error_codes = {
  .domain = smartca_personal_error_quark,
  .unreachable = SMARTCA_PERSONAL_ERROR_UNREACHABLE,
  .not_active = SMARTCA_PERSONAL_ERROR_NOT_ACTIVE,
  .refused = SMARTCA_PERSONAL_ERROR_REFUSED,
  .bad_signature = SMARTCA_PERSONAL_ERROR_BAD_SIGNATURE,
};

static GError *
expired_error (void)
{
  int minutes = SMARTCA_PERSONAL_SIGN_LIFETIME / 60;

  return g_error_new (SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_EXPIRED,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The signature was not confirmed in the VNPT SmartCA app in "
                                   "time, so nothing was signed. Sign again, and confirm the "
                                   "signature in the VNPT SmartCA app within %d minute.",
                                   "The signature was not confirmed in the VNPT SmartCA app in "
                                   "time, so nothing was signed. Sign again, and confirm the "
                                   "signature in the VNPT SmartCA app within %d minutes.",
                                   minutes),
                      minutes);
}

static GError *
rejected_error (void)
{
  return g_error_new_literal (SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REJECTED,
                              _("The signature was refused in the VNPT SmartCA app, so nothing "
                                "was signed. To sign, start again and confirm it in the app."));
}

static GError *
bad_signature_error (void)
{
  return g_error_new_literal (SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_BAD_SIGNATURE,
                              _("SmartCA returned a signature that does not match this "
                                "certificate, so nothing was signed. Try again; if it happens "
                                "again, contact VNPT SmartCA."));
}

/* What SmartCA says of a transaction that will not be signed */
static GError *
final_error (const char *said)
{
  if (sign_message_says (said, "EXPIRE"))
    return expired_error ();
  if (sign_message_says (said, "REJECT") || sign_message_says (said, "DENI") ||
      sign_message_says (said, "DENY") || sign_message_says (said, "CANCEL") ||
      sign_message_says (said, "REFUSE"))
    return rejected_error ();
  return NULL;
}

/* @polling: an answer about the transaction, which may say it is over (a
 * refusal of the certificate itself, HTTP 403, never is) */
static GError *
map_error (const GError *error,
           gboolean      polling)
{
  GError *mapped = sign_error_transport (&error_codes, error);

  if (mapped != NULL)
    return mapped;
  if (polling &&
      !g_error_matches (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_CERTIFICATE_STATUS))
    mapped = final_error (smartca_client_error_get_message (error));
  if (mapped != NULL)
    return mapped;
  return sign_error_refusal (&error_codes, error);
}

static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_TIMEOUT) ||
         g_error_matches (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SERVER);
}

/* Polling */

static void send_poll (GTask *task);

static gboolean
poll_timeout_cb (gpointer user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);

  stop_waiting (g_task_get_task_data (task));
  send_poll (task);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);

  stop_waiting (g_task_get_task_data (task));
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

/* Waits on the task's main context for the next poll, or until the
 * deadline; gives up once the deadline has passed. */
static void
wait_for_next_poll (GTask *task)
{
  Personal     *personal = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gint64        remaining = personal->deadline - g_get_monotonic_time ();
  guint         delay_ms;

  if (remaining <= 0)
    {
      g_task_return_error (task, expired_error ());
      return;
    }
  /* A last poll right at the deadline: a confirmation just before it counts */
  delay_ms = (guint) MIN ((gint64) personal->interval_ms, (remaining + 999) / 1000);

  personal->timeout = g_timeout_source_new (delay_ms);
  g_source_set_static_name (personal->timeout, "[smartca] next status poll");
  g_source_set_callback (personal->timeout, poll_timeout_cb, g_object_ref (task), g_object_unref);
  g_source_attach (personal->timeout, g_task_get_context (task));

  if (cancellable != NULL)
    {
      personal->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_static_name (personal->cancelled, "[smartca] status poll cancelled");
      g_source_set_callback (personal->cancelled, G_SOURCE_FUNC (cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (personal->cancelled, g_task_get_context (task));
    }
}

static void
poll_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)              task = user_data;
  Personal                     *personal = g_task_get_task_data (task);
  g_autoptr(SmartcaClientReply) reply = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(GBytes)             signature = NULL;
  GError                       *final;
  const char                   *message;
  JsonNode                     *data;

  reply = smartca_client_call_finish (SMARTCA_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      if (is_transient (error) && ++personal->failures < PERSONAL_MAX_POLL_FAILURES)
        {
          g_debug ("Status poll failed (%u in a row), trying again: %s", personal->failures,
                   error->message);
          wait_for_next_poll (task);
          return;
        }
      g_task_return_error (task, map_error (error, TRUE));
      return;
    }
  personal->failures = 0;

  message = smartca_client_reply_get_message (reply);
  data = smartca_client_reply_get_data (reply);
  final = final_error (message);
  if (final != NULL)
    {
      g_task_return_error (task, final);
      return;
    }

  /* Anything else without the signatures is "not yet" */
  if (message == NULL || g_ascii_strcasecmp (message, "SUCCESS") != 0 ||
      !sign_has_signatures (data))
    {
      wait_for_next_poll (task);
      return;
    }

  signature = sign_read_signature (data, DOC_ID);
  if (signature == NULL)
    g_task_return_error (task, sign_error_incomplete (&error_codes));
  else if (!sign_verify (personal->pubkey, personal->digest, signature))
    g_task_return_error (task, bad_signature_error ());
  else
    g_task_return_pointer (task, g_steal_pointer (&signature), (GDestroyNotify) g_bytes_unref);
}

/* Sent without the SP account: SmartCA's samples send {} */
static void
send_poll (GTask *task)
{
  Personal                    *personal = g_task_get_task_data (task);
  g_autoptr(SmartcaClientBody) body = smartca_client_body_new ();
  g_autofree char             *path = g_strdup_printf ("v1/signatures/sign/%s/status",
                                                       personal->transaction_id);

  smartca_client_call_async (personal->client, path, body, SMARTCA_CLIENT_CALL_NONE, 0,
                             g_task_get_cancellable (task), poll_cb, g_object_ref (task));
}

/* Sign */

/* The status is polled by the transaction_id of the sign answer (the API's
 * §6); SmartCA echoes ours, but should it name its own, that one is polled.
 * Only an id that is safe in a URL path is taken. */
static void
adopt_transaction_id (Personal *personal,
                      JsonNode *data)
{
  const char *id = NULL;
  gsize       length;

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    id = smartca_client_json_get_string (json_node_get_object (data), "transaction_id");
  if (id == NULL || (length = strlen (id)) == 0 || length > 128)
    return;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return;
  g_free (personal->transaction_id);
  personal->transaction_id = g_strdup (id);
}

static void
sign_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)              task = user_data;
  Personal                     *personal = g_task_get_task_data (task);
  g_autoptr(SmartcaClientReply) reply = NULL;
  g_autoptr(GError)             error = NULL;
  const char                   *message;

  reply = smartca_client_call_finish (SMARTCA_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, map_error (error, FALSE));
      return;
    }

  /* In whatever case: the request is on the phone already */
  message = smartca_client_reply_get_message (reply);
  if (message == NULL || g_ascii_strcasecmp (message, WAITING_MESSAGE) != 0)
    {
      g_task_return_error (task, sign_error_refused (&error_codes, message));
      return;
    }

  adopt_transaction_id (personal, smartca_client_reply_get_data (reply));
  personal->on_phone = TRUE;
  personal->deadline = g_get_monotonic_time () + (gint64) personal->lifetime_ms * 1000;
  if (personal->progress != NULL)
    personal->progress (SMARTCA_REMOTE_SIGN_WAITING_FOR_PHONE,
                        g_get_real_time () + (gint64) personal->lifetime_ms * 1000,
                        personal->progress_data);
  /* The progress callback may have cancelled: the wait then ends at once. */
  wait_for_next_poll (task);
}

static char *
time_stamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%d%H%M%SZ");
}

static void
send_sign (GTask *task)
{
  Personal                    *personal = g_task_get_task_data (task);
  g_autoptr(SmartcaClientBody) body = smartca_client_body_new ();
  g_autofree char             *digest_hex = sign_digest_hex (personal->digest);
  g_autofree char             *stamp = time_stamp ();
  const char                  *user_id = smartca_certificate_get_lookup_id (personal->certificate);
  const char                  *serial = smartca_certificate_get_serial_number (personal->certificate);

  smartca_client_body_add_string (body, "user_id", user_id != NULL ? user_id : "");
  smartca_client_body_add_string (body, "transaction_id", personal->transaction_id);
  if (personal->description != NULL)
    smartca_client_body_add_string (body, "transaction_desc", personal->description);
  smartca_client_body_add_string (body, "serial_number", serial != NULL ? serial : "");
  smartca_client_body_add_string (body, "time_stamp", stamp);
  sign_body_add_file (body, digest_hex, DOC_ID);

  smartca_client_call_async (personal->client, "v1/signatures/sign", body,
                             SMARTCA_CLIENT_CALL_SP_CREDENTIALS, 0, g_task_get_cancellable (task),
                             sign_cb, g_object_ref (task));
}

/* The file name on one line, without anything that reorders text, and not
 * longer than the app shows */
static char *
clean_description (const char *description)
{
  g_autofree char *clean = NULL;

  if (description == NULL)
    return NULL;
  clean = g_strstrip (smartca_format_clean (description));
  if (clean[0] == '\0')
    return NULL;
  if (g_utf8_strlen (clean, -1) > MAX_DESCRIPTION_CHARS)
    return g_utf8_substring (clean, 0, MAX_DESCRIPTION_CHARS);
  return g_steal_pointer (&clean);
}

static guint
poll_interval_ms (void)
{
  const char *env = g_getenv ("SMARTCA_POLL_INTERVAL_MS");
  guint64     value = 0;

  if (testing_interval_ms > 0)
    return testing_interval_ms;
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 10 * 60 * 1000, &value, NULL))
    return (guint) value;
  return SMARTCA_PERSONAL_POLL_INTERVAL * 1000;
}

void
personal_set_timing_for_testing (guint interval_ms,
                                 guint lifetime_ms)
{
  testing_interval_ms = interval_ms;
  testing_lifetime_ms = lifetime_ms;
}

/**
 * smartca_personal_sign_digest_async:
 * @certificate: its DER loaded (smartca_store_load_der()), to check the
 *   signature with
 * @digest: the SHA-256 digest to sign (32 bytes): all that is sent
 * @description: (nullable): shown in the phone app (the document's file name)
 * @progress: (nullable): told SENDING, then WAITING_FOR_PHONE with the
 *   deadline
 *
 * Errors are in %SMARTCA_PERSONAL_ERROR, except %G_IO_ERROR_CANCELLED and
 * the client's own %SMARTCA_CLIENT_ERROR_SP_CREDENTIALS and
 * _NOT_CONFIGURED (the service provider account in Preferences).
 */
void
smartca_personal_sign_digest_async (SmartcaClient            *client,
                                    SmartcaCertificate       *certificate,
                                    GBytes                   *digest,
                                    const char               *description,
                                    SmartcaRemoteSignProgress progress,
                                    gpointer                  progress_data,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  g_autoptr(GTask)  task = NULL;
  g_autoptr(GError) error = NULL;
  Personal         *personal;

  g_return_if_fail (SMARTCA_IS_CLIENT (client));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));
  g_return_if_fail (digest != NULL && g_bytes_get_size (digest) == SIGN_DIGEST_SIZE);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_personal_sign_digest_async);

  personal = g_new0 (Personal, 1);
  personal->client = g_object_ref (client);
  personal->certificate = g_object_ref (certificate);
  personal->digest = g_bytes_ref (digest);
  personal->description = clean_description (description);
  personal->transaction_id = g_uuid_string_random ();
  personal->progress = progress;
  personal->progress_data = progress_data;
  personal->interval_ms = poll_interval_ms ();
  personal->lifetime_ms = testing_lifetime_ms > 0 ? testing_lifetime_ms
                                                  : SMARTCA_PERSONAL_SIGN_LIFETIME * 1000;
  g_task_set_task_data (task, personal, (GDestroyNotify) personal_free);

  /* Before anything is sent: a signature that cannot be checked is of no use. */
  personal->pubkey = sign_import_public_key (&error_codes, certificate, &error);
  if (personal->pubkey == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (progress != NULL)
    progress (SMARTCA_REMOTE_SIGN_SENDING, 0, progress_data);
  send_sign (task);
}

/**
 * smartca_personal_sign_digest_finish:
 * @transaction_id: (out) (optional) (transfer full): the transaction's id
 *   (the one this app chose and polled) once SmartCA took the request, even
 *   when it then failed (refused, not confirmed in time: the history keeps
 *   it); %NULL when SmartCA never took it
 *
 * Returns: (transfer full): the PKCS#1 v1.5 signature, verified with the
 *   certificate's public key; or %NULL with @error set
 */
GBytes *
smartca_personal_sign_digest_finish (GAsyncResult *result,
                                     char        **transaction_id,
                                     GError      **error)
{
  Personal *personal;
  GBytes   *signature;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          smartca_personal_sign_digest_async,
                        NULL);

  personal = g_task_get_task_data (G_TASK (result));
  signature = g_task_propagate_pointer (G_TASK (result), error);
  if (transaction_id != NULL)
    *transaction_id = signature != NULL || personal->on_phone
                        ? g_strdup (personal->transaction_id)
                        : NULL;
  return signature;
}
