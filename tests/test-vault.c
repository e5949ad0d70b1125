/* test-vault.c: secrets in a real gnome-keyring-daemon on a private bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "smartca-vault.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/round-trip", test_round_trip);
  g_test_add_func ("/vault/no-secret-on-disk", test_no_secret_on_disk);

  return g_test_run ();
}
