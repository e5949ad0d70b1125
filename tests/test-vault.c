/* test-vault.c: secrets in a real gnome-keyring-daemon on a private bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "smartca-vault.h"

#include <libsecret/secret.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
lookup (SmartcaVault     *vault,
        SmartcaSecretKind kind,
        const char       *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  char                   *secret;

  smartca_vault_lookup_async (vault, kind, account, NULL, store_result_cb, &result);
  secret = smartca_vault_lookup_finish (vault, wait_result (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
store (SmartcaVault     *vault,
       SmartcaSecretKind kind,
       const char       *account,
       const char       *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;

  smartca_vault_store_async (vault, kind, account, secret, NULL, store_result_cb, &result);
  g_assert_true (smartca_vault_store_finish (vault, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
clear (SmartcaVault     *vault,
       SmartcaSecretKind kind,
       const char       *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;

  smartca_vault_clear_async (vault, kind, account, NULL, store_result_cb, &result);
  g_assert_true (smartca_vault_clear_finish (vault, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autoptr(SmartcaVault) vault = smartca_vault_new ();
  char                   *secret;

  g_assert_null (lookup (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1"));

  store (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1", "mật khẩu bí mật");
  store (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-2", "other");
  store (vault, SMARTCA_SECRET_BUSINESS_KEY, "SP-1", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=");

  /* Each secret is found by what it is for and whom it belongs to. */
  secret = lookup (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1");
  g_assert_cmpstr (secret, ==, "mật khẩu bí mật");
  smartca_vault_free_secret (secret);
  secret = lookup (vault, SMARTCA_SECRET_BUSINESS_KEY, "SP-1");
  g_assert_cmpstr (secret, ==, "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=");
  smartca_vault_free_secret (secret);

  /* Storing again replaces. */
  store (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1", "new");
  secret = lookup (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1");
  g_assert_cmpstr (secret, ==, "new");
  smartca_vault_free_secret (secret);

  clear (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1");
  g_assert_null (lookup (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-1"));
  secret = lookup (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-2");
  g_assert_cmpstr (secret, ==, "other");
  smartca_vault_free_secret (secret);

  /* Clearing what is not there is fine. */
  clear (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, "nothing");
}

static void
test_no_secret_on_disk (void)
{
  g_autoptr(SmartcaVault) vault = smartca_vault_new ();
  const char             *marker = "ZZ-unique-secret-7f3a9c";
  g_autofree char        *command = NULL;
  g_autofree char        *out = NULL;
  int                     status = 0;

  store (vault, SMARTCA_SECRET_SP_PASSWORD, "SP-disk", marker);

  /* The keyring encrypts what it writes: the secret appears in no file
   * under the test's HOME and data folders. */
  command = g_strdup_printf ("grep -rl %s %s %s", marker, g_get_home_dir (), g_get_user_data_dir ());
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpstr (out, ==, "");
}

/* The unlock prompt the keyring shows is dismissed (Escape) once it is up. */
static void
dismiss_prompt_later (void)
{
  const char *argv[] = {
    "sh", "-c",
    "w=$(timeout 20 xdotool search --sync --onlyvisible --class gcr-prompter | tail -1) && "
    "xdotool windowfocus --sync \"$w\" && sleep 0.5 && xdotool key Escape",
    NULL
  };
  g_autoptr(GError) error = NULL;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_locked (void)
{
  g_autoptr(SmartcaVault)     vault = smartca_vault_new ();
  g_autoptr(SecretService)    service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GAsyncResult)     result = NULL;
  g_autoptr(GError)           error = NULL;
  g_autolist(GObject)         locked = NULL;
  g_autofree char            *xdotool = g_find_program_in_path ("xdotool");
  char                       *secret;

  if (g_getenv ("DISPLAY") == NULL || xdotool == NULL)
    {
      g_test_skip ("no display or no xdotool to dismiss the keyring's prompt");
      return;
    }

  store (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, "LOCKED-1", "locked-away");
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  locked = g_list_append (NULL, g_object_ref (collection));
  secret_service_lock_sync (service, locked, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The user dismisses the unlock prompt: the password is there but could
   * not be read — that is not "nothing stored". */
  dismiss_prompt_later ();
#ifdef __SANITIZE_ADDRESS__
  /* libsecret 0.20 leaks an array when an unlock prompt is dismissed (its
   * own static function, no symbol to suppress). Our side of this lookup
   * is the one /vault/round-trip runs (a lookup that finds nothing). */
  __lsan_disable ();
#endif
  smartca_vault_lookup_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, "LOCKED-1", NULL,
                              store_result_cb, &result);
  wait_result (&result);
#ifdef __SANITIZE_ADDRESS__
  __lsan_enable ();
#endif
  secret = smartca_vault_lookup_finish (vault, result, &error);
  g_assert_null (secret);
  g_assert_error (error, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "locked"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/round-trip", test_round_trip);
  g_test_add_func ("/vault/no-secret-on-disk", test_no_secret_on_disk);
  /* Last: the keyring stays locked. */
  g_test_add_func ("/vault/locked", test_locked);

  return g_test_run ();
}
