/* smartca-business-sign.c: signing through a business (TH) account —
 * v2/signatures/sign with the password and an OTP, then
 * v2/signatures/confirm with the sad — and "Check account"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What SmartCA answers is mapped to SMARTCA_BUSINESS_ERROR by what it says
 * (its message), not by codes nobody documents. A signature is returned only
 * once it verifies with the certificate's own public key.
 */

#include "config.h"

#include "smartca-business.h"
#include "smartca-business-private.h"
#include "smartca-client-json-private.h"
#include "smartca-sign-private.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

typedef struct
{
  SmartcaClient      *client;
  SmartcaCertificate *certificate;
  gnutls_pubkey_t     pubkey;
  char               *password;
  SmartcaTotpKey     *key; /* method 2 */
  char                otp[SMARTCA_TOTP_DIGITS + 1];
  gint64              otp_step; /* the 30 s step the computed code belongs to */
  gboolean            retried;
  GBytes             *digest;
  char               *digest_hex;
  const char         *doc_id;
  char               *transaction_id; /* from the sign answer */
  char               *sad;
  /* For smartca_remote_sign_async(): SENDING, then CONFIRMING */
  SmartcaRemoteSignProgress progress;
  gpointer                  progress_data;
} Sign;

static void
sign_free (Sign *sign)
{
  g_clear_object (&sign->client);
  g_clear_object (&sign->certificate);
  g_clear_pointer (&sign->pubkey, gnutls_pubkey_deinit);
  smartca_secret_wipe (&sign->password);
  g_clear_pointer (&sign->key, smartca_totp_key_free);
  explicit_bzero (sign->otp, sizeof sign->otp);
  g_clear_pointer (&sign->digest, g_bytes_unref);
  g_free (sign->digest_hex);
  g_free (sign->transaction_id);
  smartca_secret_wipe (&sign->sad);
  g_free (sign);
}

/* Errors */

static const SignErrorCodes error_codes = {
  .domain = smartca_business_error_quark,
  .unreachable = SMARTCA_BUSINESS_ERROR_UNREACHABLE,
  .not_active = SMARTCA_BUSINESS_ERROR_NOT_ACTIVE,
  .refused = SMARTCA_BUSINESS_ERROR_REFUSED,
  .bad_signature = SMARTCA_BUSINESS_ERROR_BAD_SIGNATURE,
};

static GError *
wrong_otp_error (void)
{
  return g_error_new_literal (SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP,
                              _("SmartCA refused the one-time code: it is wrong or has "
                                "expired. Check the secret key, or type the code the "
                                "authenticator app shows now, and try again."));
}

/* One mapping from what the client reports to what the user is told. */
static GError *
map_error (const GError *error,
           gboolean      confirming)
{
  GError     *mapped = sign_error_transport (&error_codes, error);
  const char *said;

  if (mapped != NULL)
    return mapped;

  said = smartca_client_error_get_message (error);
  if (sign_message_says (said, "PASSWORD"))
    return g_error_new_literal (SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_PASSWORD,
                                _("SmartCA refused the password of the business account. "
                                  "Check it (it is the SmartCA login password) and enter it "
                                  "again."));
  if (sign_message_says (said, "OTP"))
    return wrong_otp_error ();
  if (confirming && sign_message_says (said, "EXPIRED"))
    return g_error_new_literal (SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_SAD_EXPIRED,
                                _("SmartCA’s approval of this signature expired before it "
                                  "was used. Try again."));
  return sign_error_refusal (&error_codes, error);
}

static GError *
bad_signature_error (void)
{
  return g_error_new_literal (SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_BAD_SIGNATURE,
                              _("SmartCA returned a signature that does not match this "
                                "certificate. Do not rely on this account for signing, and "
                                "contact VNPT SmartCA."));
}

/* Confirm */

static void
confirm_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask)              task = user_data;
  Sign                         *sign = g_task_get_task_data (task);
  g_autoptr(SmartcaClientReply) reply = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(GBytes)             signature = NULL;

  reply = smartca_client_call_finish (SMARTCA_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, map_error (error, TRUE));
      return;
    }

  signature = sign_read_signature (smartca_client_reply_get_data (reply), sign->doc_id);
  if (signature == NULL)
    {
      g_task_return_error (task, sign_error_incomplete (&error_codes));
      return;
    }
  if (!sign_verify (sign->pubkey, sign->digest, signature))
    {
      g_task_return_error (task, bad_signature_error ());
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&signature), (GDestroyNotify) g_bytes_unref);
}

static void
send_confirm (GTask *task)
{
  Sign                        *sign = g_task_get_task_data (task);
  g_autoptr(SmartcaClientBody) body = smartca_client_body_new ();

  if (sign->progress != NULL)
    sign->progress (SMARTCA_REMOTE_SIGN_CONFIRMING, 0, sign->progress_data);
  smartca_client_body_add_string (body, "user_id",
                                  smartca_certificate_get_lookup_id (sign->certificate));
  smartca_client_body_add_secret (body, "password", sign->password);
  smartca_client_body_add_string (body, "transaction_id", sign->transaction_id);
  smartca_client_body_add_secret (body, "sad", sign->sad);
  smartca_client_call_async (sign->client, "v2/signatures/confirm", body,
                             SMARTCA_CLIENT_CALL_SP_CREDENTIALS, 0,
                             g_task_get_cancellable (task), confirm_cb, g_object_ref (task));
}

/* Sign */

static BusinessClockFunc clock_func;
static gpointer          clock_data;

void
business_set_clock_for_testing (BusinessClockFunc func,
                                gpointer          user_data)
{
  clock_func = func;
  clock_data = user_data;
}

static gint64
now_seconds (void)
{
  if (clock_func != NULL)
    return clock_func (clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
compute_otp (Sign *sign)
{
  gint64 now = now_seconds ();

  smartca_totp_key_code (sign->key, now, sign->otp);
  sign->otp_step = now / SMARTCA_TOTP_PERIOD;
}

static void send_sign (GTask *task);

static void
sign_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)              task = user_data;
  Sign                         *sign = g_task_get_task_data (task);
  g_autoptr(SmartcaClientReply) reply = NULL;
  g_autoptr(GError)             error = NULL;
  JsonNode                     *data;
  JsonObject                   *object = NULL;
  const char                   *transaction_id = NULL;
  const char                   *sad = NULL;

  reply = smartca_client_call_finish (SMARTCA_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, map_error (error, FALSE));
      return;
    }

  data = smartca_client_reply_get_data (reply);
  if (JSON_NODE_HOLDS_OBJECT (data))
    object = json_node_get_object (data);
  if (object != NULL)
    {
      transaction_id = smartca_client_json_get_string (object, "transaction_id");
      sad = smartca_client_json_get_string (object, "sad");
    }

  /* An answer that is not what it should be is not a refused code. */
  if (object == NULL || (sad == NULL && !smartca_client_json_is_null_or_absent (object, "sad")))
    {
      g_task_return_error (task, sign_error_incomplete (&error_codes));
      return;
    }
  if (sad == NULL || sad[0] == '\0')
    {
      /* SmartCA fell back to confirming in its app: the OTP was refused.
       * A computed code may just have been sent at the turn of a step. */
      if (sign->key != NULL && !sign->retried &&
          now_seconds () / SMARTCA_TOTP_PERIOD != sign->otp_step)
        {
          sign->retried = TRUE;
          compute_otp (sign);
          send_sign (task);
          return;
        }
      g_task_return_error (task, wrong_otp_error ());
      return;
    }
  if (transaction_id == NULL || transaction_id[0] == '\0')
    {
      g_task_return_error (task, sign_error_incomplete (&error_codes));
      return;
    }

  g_free (sign->transaction_id);
  sign->transaction_id = g_strdup (transaction_id);
  smartca_secret_wipe (&sign->sad);
  sign->sad = g_strdup (sad);
  send_confirm (task);
}

static void
send_sign (GTask *task)
{
  Sign                        *sign = g_task_get_task_data (task);
  g_autoptr(SmartcaClientBody) body = smartca_client_body_new ();
  g_autofree char             *transaction_id = g_uuid_string_random ();

  smartca_client_body_add_string (body, "user_id",
                                  smartca_certificate_get_lookup_id (sign->certificate));
  smartca_client_body_add_secret (body, "password", sign->password);
  smartca_client_body_add_secret (body, "otp", sign->otp);
  smartca_client_body_add_string (body, "transaction_id", transaction_id);
  smartca_client_body_add_string (body, "serial_number",
                                  smartca_certificate_get_serial_number (sign->certificate));
  sign_body_add_file (body, sign->digest_hex, sign->doc_id);

  smartca_client_call_async (sign->client, "v2/signatures/sign", body,
                             SMARTCA_CLIENT_CALL_SP_CREDENTIALS, 0, g_task_get_cancellable (task),
                             sign_cb, g_object_ref (task));
}

static void
start_signing (GTask                    *task,
               SmartcaClient            *client,
               SmartcaCertificate       *certificate,
               const char               *password,
               SmartcaTotpKey           *key,
               const char               *otp,
               GBytes                   *digest,
               const char               *doc_id,
               SmartcaRemoteSignProgress progress,
               gpointer                  progress_data)
{
  g_autoptr(GError) error = NULL;
  Sign             *sign;
  const guint8     *bytes;
  gsize             size;

  if (!business_check_account (certificate, password, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (key == NULL && !smartca_totp_is_code (otp))
    {
      g_task_return_new_error (task, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_OTP,
                               _("Enter the 6-digit code the authenticator app shows now."));
      return;
    }

  sign = g_new0 (Sign, 1);
  sign->client = g_object_ref (client);
  sign->certificate = g_object_ref (certificate);
  sign->password = g_strdup (password);
  sign->digest = g_bytes_ref (digest);
  sign->digest_hex = sign_digest_hex (digest);
  sign->doc_id = doc_id;
  sign->progress = progress;
  sign->progress_data = progress_data;
  g_task_set_task_data (task, sign, (GDestroyNotify) sign_free);

  /* Before anything is sent: a signature that cannot be checked is of no use. */
  sign->pubkey = sign_import_public_key (&error_codes, certificate, &error);
  if (sign->pubkey == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (key != NULL)
    {
      bytes = smartca_totp_key_get_bytes (key, &size);
      sign->key = smartca_totp_key_new (bytes, size);
      compute_otp (sign);
    }
  else
    g_strlcpy (sign->otp, otp, sizeof sign->otp);

  if (sign->progress != NULL)
    sign->progress (SMARTCA_REMOTE_SIGN_SENDING, 0, sign->progress_data);
  send_sign (task);
}

/**
 * smartca_business_sign_digest_async:
 * @certificate: a business certificate whose DER is loaded
 *   (smartca_store_load_der()), to check the signature with
 * @password: the business account's password
 * @key: (nullable): method 2: the secret key, the OTP is computed
 * @otp: (nullable): method 1: the 6 digits typed from the authenticator app
 * @digest: the SHA-256 digest to sign (32 bytes)
 *
 * Errors are in %SMARTCA_BUSINESS_ERROR, except %G_IO_ERROR_CANCELLED and
 * the client's own %SMARTCA_CLIENT_ERROR_SP_CREDENTIALS and
 * _NOT_CONFIGURED (the service provider account in Preferences).
 */
void
smartca_business_sign_digest_async (SmartcaClient      *client,
                                    SmartcaCertificate *certificate,
                                    const char         *password,
                                    SmartcaTotpKey     *key,
                                    const char         *otp,
                                    GBytes             *digest,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  business_sign_digest_async (client, certificate, password, key, otp, digest, NULL, NULL,
                              cancellable, callback, user_data);
}

/* smartca_business_sign_digest_async() telling @progress the stages
 * (SENDING, CONFIRMING); finished with smartca_business_sign_digest_finish() */
void
business_sign_digest_async (SmartcaClient            *client,
                            SmartcaCertificate       *certificate,
                            const char               *password,
                            SmartcaTotpKey           *key,
                            const char               *otp,
                            GBytes                   *digest,
                            SmartcaRemoteSignProgress progress,
                            gpointer                  progress_data,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SMARTCA_IS_CLIENT (client));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));
  g_return_if_fail (digest != NULL && g_bytes_get_size (digest) == SIGN_DIGEST_SIZE);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_business_sign_digest_async);
  start_signing (task, client, certificate, password, key, otp, digest, "DOC-1", progress,
                 progress_data);
}

/* The transaction_id of SmartCA's sign answer, once a signing got that far
 * (NULL before, or when it was refused up front) */
const char *
business_sign_get_transaction_id (GAsyncResult *result)
{
  Sign *sign;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  sign = g_task_get_task_data (G_TASK (result));
  return sign != NULL ? sign->transaction_id : NULL;
}

/**
 * smartca_business_sign_digest_finish:
 *
 * Returns: (transfer full): the PKCS#1 v1.5 signature, verified with the
 *   certificate's public key; or %NULL with @error set
 */
GBytes *
smartca_business_sign_digest_finish (GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Check */

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = g_task_propagate_pointer (G_TASK (result), &error);

  if (signature == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * smartca_business_check_async:
 *
 * Signs a random throw-away digest (smartca_business_sign_digest_async()):
 * success means SmartCA accepted the password and the OTP and signed with
 * this certificate's key.
 */
void
smartca_business_check_async (SmartcaClient      *client,
                              SmartcaCertificate *certificate,
                              const char         *password,
                              SmartcaTotpKey     *key,
                              const char         *otp,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask)  task = NULL;
  g_autoptr(GTask)  inner = NULL;
  g_autoptr(GBytes) digest = NULL;
  guint8            random[SIGN_DIGEST_SIZE];

  g_return_if_fail (SMARTCA_IS_CLIENT (client));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_business_check_async);

  if (gnutls_rnd (GNUTLS_RND_NONCE, random, sizeof random) != 0)
    for (gsize i = 0; i < sizeof random; i++)
      random[i] = (guint8) g_random_int_range (0, 256);
  digest = g_bytes_new (random, sizeof random);

  inner = g_task_new (client, cancellable, check_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, smartca_business_sign_digest_async);
  start_signing (inner, client, certificate, password, key, otp, digest, "CHECK-1", NULL, NULL);
}

gboolean
smartca_business_check_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The clock */

/**
 * smartca_business_clock_hint:
 * @hint: (out) (optional) (transfer full): the sentence to show
 *
 * Returns: whether this computer's clock is off from SmartCA's (the Date of
 *   its last answer) by more than %SMARTCA_TOTP_CLOCK_TOLERANCE seconds
 */
gboolean
smartca_business_clock_hint (SmartcaClient *client,
                             char         **hint)
{
  gint64 offset = 0;
  gint64 off;

  g_return_val_if_fail (SMARTCA_IS_CLIENT (client), FALSE);

  if (hint != NULL)
    *hint = NULL;
  if (!smartca_client_get_clock_offset (client, &offset) || ABS (offset) <= SMARTCA_TOTP_CLOCK_TOLERANCE)
    return FALSE;
  if (hint == NULL)
    return TRUE;

  off = ABS (offset);
  /* offset is SmartCA's time minus ours: positive, ours is behind. */
  if (off < 60)
    *hint = g_strdup_printf (offset > 0 ? g_dngettext (GETTEXT_PACKAGE,
                                                       "This computer’s clock is %d second behind "
                                                       "SmartCA’s. One-time codes depend on the "
                                                       "time: set the clock automatically (network "
                                                       "time) and try again.",
                                                       "This computer’s clock is %d seconds behind "
                                                       "SmartCA’s. One-time codes depend on the "
                                                       "time: set the clock automatically (network "
                                                       "time) and try again.",
                                                       off)
                                        : g_dngettext (GETTEXT_PACKAGE,
                                                       "This computer’s clock is %d second ahead of "
                                                       "SmartCA’s. One-time codes depend on the "
                                                       "time: set the clock automatically (network "
                                                       "time) and try again.",
                                                       "This computer’s clock is %d seconds ahead of "
                                                       "SmartCA’s. One-time codes depend on the "
                                                       "time: set the clock automatically (network "
                                                       "time) and try again.",
                                                       off),
                             (int) off);
  else
    {
      gint64 minutes = MIN ((off + 30) / 60, G_MAXINT);

      *hint = g_strdup_printf (offset > 0 ? g_dngettext (GETTEXT_PACKAGE,
                                                         "This computer’s clock is %d minute behind "
                                                         "SmartCA’s. One-time codes depend on the "
                                                         "time: set the clock automatically "
                                                         "(network time) and try again.",
                                                         "This computer’s clock is %d minutes "
                                                         "behind SmartCA’s. One-time codes depend "
                                                         "on the time: set the clock automatically "
                                                         "(network time) and try again.",
                                                         minutes)
                                          : g_dngettext (GETTEXT_PACKAGE,
                                                         "This computer’s clock is %d minute ahead "
                                                         "of SmartCA’s. One-time codes depend on "
                                                         "the time: set the clock automatically "
                                                         "(network time) and try again.",
                                                         "This computer’s clock is %d minutes ahead "
                                                         "of SmartCA’s. One-time codes depend on "
                                                         "the time: set the clock automatically "
                                                         "(network time) and try again.",
                                                         minutes),
                               (int) minutes);
    }
  return TRUE;
}
