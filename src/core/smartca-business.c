/* smartca-business.c: a certificate's SmartCA business (TH) account —
 * saving, reading and removing its password and secret key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyring is written first and the store last, so the store never says
 * "enabled" for secrets that were not kept. What the keyring held before a
 * save is read first: when a later step fails (the keyring itself, or the
 * store), the keyring is put back as it was. The signing flow is in
 * smartca-business-sign.c.
 */

#include "config.h"

#include "smartca-business.h"
#include "smartca-business-private.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (smartca-business-error-quark, smartca_business_error)

/* Secrets */

/**
 * smartca_business_secrets_free:
 *
 * Wipes the password and the key from memory and frees @secrets.
 */
void
smartca_business_secrets_free (SmartcaBusinessSecrets *secrets)
{
  if (secrets == NULL)
    return;
  smartca_secret_wipe (&secrets->password);
  g_clear_pointer (&secrets->key, smartca_totp_key_free);
  g_free (secrets);
}

gboolean
smartca_business_secrets_check (const SmartcaBusinessSecrets *secrets,
                                GError                      **error)
{
  if (secrets->password != NULL && secrets->method != SMARTCA_BUSINESS_METHOD_NONE &&
      (secrets->method != SMARTCA_BUSINESS_METHOD_TOTP || secrets->key != NULL))
    return TRUE;
  g_set_error_literal (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NOT_SET_UP,
                       _("The keyring answered, but it holds no password (or no secret "
                         "key) for this certificate’s business account. Enter them again "
                         "in the certificate’s details."));
  return FALSE;
}

/**
 * smartca_business_is_supported:
 *
 * Returns: whether @certificate can have a business account (only
 *   organisation certificates: smartca_certificate_get_is_business())
 */
gboolean
smartca_business_is_supported (SmartcaCertificate *certificate)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);
  return smartca_certificate_get_is_business (certificate);
}

gboolean
business_check_supported (SmartcaCertificate *certificate,
                          GError            **error)
{
  if (smartca_business_is_supported (certificate))
    return TRUE;
  g_set_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NOT_BUSINESS,
               _("“%s” is a personal certificate. Only organisation certificates can sign "
                 "with a business SmartCA account."),
               smartca_certificate_get_display_name (certificate));
  return FALSE;
}

/* What every use of the account needs first: a business certificate and
 * a password. */
gboolean
business_check_account (SmartcaCertificate *certificate,
                        const char         *password,
                        GError            **error)
{
  if (!business_check_supported (certificate, error))
    return FALSE;
  if (password != NULL && password[0] != '\0')
    return TRUE;
  g_set_error_literal (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_PASSWORD,
                       _("Enter the password of the business SmartCA account."));
  return FALSE;
}

/* Keyring steps: a list of "store this secret" or "remove it" (secret
 * NULL), done one after the other. */

typedef struct
{
  SmartcaSecretKind kind;
  char             *secret; /* NULL: remove */
} VaultStep;

static void
vault_step_clear (gpointer data)
{
  VaultStep *step = data;

  smartca_secret_wipe (&step->secret);
}

static void
add_step (GArray           *steps,
          SmartcaSecretKind kind,
          const char       *secret)
{
  VaultStep step = { kind, g_strdup (secret) };

  g_array_append_val (steps, step);
}

static GArray *
steps_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (VaultStep));

  g_array_set_clear_func (steps, vault_step_clear);
  return steps;
}

typedef enum
{
  SAVE_READ_PASSWORD,
  SAVE_READ_KEY,
  SAVE_WRITE,
  SAVE_ROLL_BACK,
} SaveStage;

typedef struct
{
  SmartcaStore         *store;
  SmartcaVault         *vault;
  SmartcaCertificate   *certificate;
  SmartcaBusinessMethod method; /* NONE: turning the account off */
  char                 *password;
  char                 *key_text; /* the key as the keyring keeps it; NULL: keep the stored one */
  char                 *old_password;
  char                 *old_key;
  SaveStage             stage;
  GArray               *steps;
  guint                 next_step;
  GError               *error; /* what made the save roll back */
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->store);
  g_clear_object (&save->vault);
  g_clear_object (&save->certificate);
  smartca_secret_wipe (&save->password);
  smartca_secret_wipe (&save->key_text);
  smartca_secret_wipe (&save->old_password);
  smartca_secret_wipe (&save->old_key);
  g_clear_pointer (&save->steps, g_array_unref);
  g_clear_error (&save->error);
  g_free (save);
}

static void run_steps (GTask *task);

/* What the keyring hands out is libsecret's to free; the app keeps its own
 * copy, wiped when freed (smartca_secret_free()). */
static char *
take_secret (char *vault_secret)
{
  char *copy = g_strdup (vault_secret);

  smartca_vault_free_secret (vault_secret);
  return copy;
}

static void
roll_back (GTask  *task,
           GError *error)
{
  Save *save = g_task_get_task_data (task);

  g_debug ("Business account of %s: putting the keyring back (%s)",
           smartca_certificate_get_serial_number (save->certificate), error->message);
  save->error = error;
  save->stage = SAVE_ROLL_BACK;
  g_clear_pointer (&save->steps, g_array_unref);
  save->steps = steps_new ();
  save->next_step = 0;
  add_step (save->steps, SMARTCA_SECRET_BUSINESS_PASSWORD, save->old_password);
  if (save->method != SMARTCA_BUSINESS_METHOD_TOTP || save->key_text != NULL)
    add_step (save->steps, SMARTCA_SECRET_BUSINESS_KEY, save->old_key);
  run_steps (task);
}

static void
steps_done (GTask *task)
{
  Save             *save = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (save->stage == SAVE_ROLL_BACK)
    {
      g_task_return_error (task, g_steal_pointer (&save->error));
      return;
    }

  if (!smartca_store_set_business (save->store, save->certificate,
                                   save->method != SMARTCA_BUSINESS_METHOD_NONE, save->method,
                                   &error))
    {
      roll_back (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
step_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Save             *save = g_task_get_task_data (task);
  VaultStep        *step = &g_array_index (save->steps, VaultStep, save->next_step);
  g_autoptr(GError) error = NULL;
  gboolean          done;

  if (step->secret != NULL)
    done = smartca_vault_store_finish (SMARTCA_VAULT (source), result, &error);
  else
    done = smartca_vault_clear_finish (SMARTCA_VAULT (source), result, &error);

  if (!done)
    {
      if (save->stage == SAVE_ROLL_BACK)
        /* The keyring went away meanwhile: nothing more can be put back. */
        g_debug ("The keyring could not be put back: %s", error->message);
      else
        {
          roll_back (task, g_steal_pointer (&error));
          return;
        }
    }

  save->next_step++;
  run_steps (task);
}

static void
run_steps (GTask *task)
{
  Save      *save = g_task_get_task_data (task);
  VaultStep *step;
  /* Putting back is not cancelled: it is what makes a cancelled save leave
   * nothing behind. */
  GCancellable *cancellable = save->stage == SAVE_ROLL_BACK ? NULL : g_task_get_cancellable (task);

  if (save->next_step >= save->steps->len)
    {
      steps_done (task);
      return;
    }

  step = &g_array_index (save->steps, VaultStep, save->next_step);
  if (step->secret != NULL)
    smartca_vault_store_async (save->vault, step->kind,
                               smartca_certificate_get_serial_number (save->certificate),
                               step->secret, cancellable, step_cb, g_object_ref (task));
  else
    smartca_vault_clear_async (save->vault, step->kind,
                               smartca_certificate_get_serial_number (save->certificate),
                               cancellable, step_cb, g_object_ref (task));
}

static void
start_writing (GTask *task)
{
  Save *save = g_task_get_task_data (task);

  if (save->method == SMARTCA_BUSINESS_METHOD_TOTP && save->key_text == NULL &&
      save->old_key == NULL)
    {
      g_task_return_new_error (task, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_SECRET,
                               _("Enter the secret key: method 2 computes the one-time code "
                                 "from it."));
      return;
    }

  save->stage = SAVE_WRITE;
  save->steps = steps_new ();
  if (save->method == SMARTCA_BUSINESS_METHOD_NONE)
    {
      add_step (save->steps, SMARTCA_SECRET_BUSINESS_KEY, NULL);
      add_step (save->steps, SMARTCA_SECRET_BUSINESS_PASSWORD, NULL);
    }
  else
    add_step (save->steps, SMARTCA_SECRET_BUSINESS_PASSWORD, save->password);
  if (save->method == SMARTCA_BUSINESS_METHOD_OTP)
    add_step (save->steps, SMARTCA_SECRET_BUSINESS_KEY, NULL);
  else if (save->key_text != NULL)
    add_step (save->steps, SMARTCA_SECRET_BUSINESS_KEY, save->key_text);
  run_steps (task);
}

static void
read_old_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Save             *save = g_task_get_task_data (task);
  GCancellable     *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  char             *secret;

  secret = smartca_vault_lookup_finish (SMARTCA_VAULT (source), result, &error);
  if (error != NULL)
    {
      /* Nothing written yet: nothing to put back. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (save->stage == SAVE_READ_PASSWORD)
    {
      save->old_password = take_secret (secret);
      save->stage = SAVE_READ_KEY;
      smartca_vault_lookup_async (save->vault, SMARTCA_SECRET_BUSINESS_KEY,
                                  smartca_certificate_get_serial_number (save->certificate),
                                  cancellable, read_old_cb, g_steal_pointer (&task));
      return;
    }

  save->old_key = take_secret (secret);
  start_writing (task);
}

/* Takes @task: reads what the keyring holds now (to put it back if a later
 * step fails), then writes. */
static void
start_save (GTask                *task,
            SmartcaStore         *store,
            SmartcaVault         *vault,
            SmartcaCertificate   *certificate,
            SmartcaBusinessMethod method,
            const char           *password,
            SmartcaTotpKey       *key)
{
  Save *save = g_new0 (Save, 1);

  save->store = g_object_ref (store);
  save->vault = g_object_ref (vault);
  save->certificate = g_object_ref (certificate);
  save->method = method;
  save->password = g_strdup (password);
  if (method == SMARTCA_BUSINESS_METHOD_TOTP && key != NULL)
    save->key_text = smartca_totp_key_to_string (key);
  save->stage = SAVE_READ_PASSWORD;
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);

  smartca_vault_lookup_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD,
                              smartca_certificate_get_serial_number (certificate),
                              g_task_get_cancellable (task), read_old_cb, task);
}

/**
 * smartca_business_save_async:
 * @method: %SMARTCA_BUSINESS_METHOD_OTP or %SMARTCA_BUSINESS_METHOD_TOTP
 * @password: the account password; the caller wipes its own copy
 * @key: (nullable): the secret key (method 2); %NULL keeps the stored one
 *
 * Fails with %SMARTCA_BUSINESS_ERROR_NOT_BUSINESS, _NO_PASSWORD, _NO_SECRET,
 * %SMARTCA_VAULT_ERROR_UNAVAILABLE or a %SMARTCA_STORE_ERROR; after a
 * failure the keyring and the store hold what they held before.
 */
void
smartca_business_save_async (SmartcaStore         *store,
                             SmartcaVault         *vault,
                             SmartcaCertificate   *certificate,
                             SmartcaBusinessMethod method,
                             const char           *password,
                             SmartcaTotpKey       *key,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask)  task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SMARTCA_IS_STORE (store));
  g_return_if_fail (SMARTCA_IS_VAULT (vault));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));
  g_return_if_fail (method == SMARTCA_BUSINESS_METHOD_OTP || method == SMARTCA_BUSINESS_METHOD_TOTP);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_business_save_async);
  /* The result says what was done, even when cancelled late. */
  g_task_set_check_cancellable (task, FALSE);

  if (!business_check_account (certificate, password, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  start_save (g_steal_pointer (&task), store, vault, certificate, method, password, key);
}

gboolean
smartca_business_save_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Disable */

/**
 * smartca_business_disable_async:
 *
 * Removes the secret key, then the password, then records "disabled". When
 * the keyring cannot be reached the error is %SMARTCA_VAULT_ERROR_UNAVAILABLE
 * and the account stays on; when the store cannot record it, the secrets
 * are put back. A read-only store is refused before the keyring is touched.
 */
void
smartca_business_disable_async (SmartcaStore       *store,
                                SmartcaVault       *vault,
                                SmartcaCertificate *certificate,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SMARTCA_IS_STORE (store));
  g_return_if_fail (SMARTCA_IS_VAULT (vault));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_business_disable_async);
  g_task_set_check_cancellable (task, FALSE);

  /* A list that cannot be written is refused before the keyring is
   * touched. */
  if (smartca_store_get_read_only (store))
    {
      g_autofree char *reason = smartca_store_dup_read_only_reason (store);

      g_task_return_new_error (task, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY, "%s",
                               reason);
      return;
    }

  start_save (g_steal_pointer (&task), store, vault, certificate, SMARTCA_BUSINESS_METHOD_NONE,
              NULL, NULL);
}

gboolean
smartca_business_disable_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Load */

typedef struct
{
  SmartcaVault           *vault;
  SmartcaCertificate     *certificate;
  SmartcaBusinessSecrets *secrets;
  gboolean                reading_key;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->vault);
  g_clear_object (&load->certificate);
  g_clear_pointer (&load->secrets, smartca_business_secrets_free);
  g_free (load);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask)  task = user_data;
  Load             *load = g_task_get_task_data (task);
  GCancellable     *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  char             *secret;

  secret = smartca_vault_lookup_finish (SMARTCA_VAULT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!load->reading_key)
    {
      load->secrets->password = take_secret (secret);
      load->reading_key = TRUE;
      smartca_vault_lookup_async (load->vault, SMARTCA_SECRET_BUSINESS_KEY,
                                  smartca_certificate_get_serial_number (load->certificate),
                                  cancellable, load_cb, g_steal_pointer (&task));
      return;
    }

  if (secret != NULL)
    {
      load->secrets->key = smartca_totp_key_parse (secret, SMARTCA_TOTP_FORMAT_AUTO, NULL);
      /* Never the error's text: it may quote the secret. */
      if (load->secrets->key == NULL)
        g_debug ("The stored secret key of %s cannot be read; it counts as missing",
                 smartca_certificate_get_serial_number (load->certificate));
      smartca_vault_free_secret (secret);
    }
  g_task_return_pointer (task, g_steal_pointer (&load->secrets),
                         (GDestroyNotify) smartca_business_secrets_free);
}

/**
 * smartca_business_load_async:
 *
 * Reads the certificate's password and secret key. Either may be missing
 * (%NULL) — that is not an error; a keyring that cannot be reached is
 * (%SMARTCA_VAULT_ERROR_UNAVAILABLE), never "nothing stored".
 */
void
smartca_business_load_async (SmartcaVault       *vault,
                             SmartcaCertificate *certificate,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Load            *load;

  g_return_if_fail (SMARTCA_IS_VAULT (vault));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_business_load_async);

  load = g_new0 (Load, 1);
  load->vault = g_object_ref (vault);
  load->certificate = g_object_ref (certificate);
  load->secrets = g_new0 (SmartcaBusinessSecrets, 1);
  load->secrets->method = smartca_certificate_get_business_enabled (certificate)
                            ? smartca_certificate_get_business_method (certificate)
                            : SMARTCA_BUSINESS_METHOD_NONE;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  smartca_vault_lookup_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD,
                              smartca_certificate_get_serial_number (certificate), cancellable,
                              load_cb, g_steal_pointer (&task));
}

/**
 * smartca_business_load_finish:
 *
 * Returns: (transfer full): what the keyring holds, or %NULL with @error set
 */
SmartcaBusinessSecrets *
smartca_business_load_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
