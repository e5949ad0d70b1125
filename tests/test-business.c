/* test-business.c: a business account's password and secret key in a real
 * gnome-keyring-daemon (the session wrapper's private bus), its flag and
 * method in a real SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "The keyring cannot be reached" is a subprocess whose session bus address
 * leads nowhere, as in test-deletion.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "smartca-deletion.h"
#include "test-business.h"

#define SERIAL_A "5401010100000000000000000000a001"
#define SERIAL_B "5401010100000000000000000000b002"
#define SERIAL_C "5401010100000000000000000000c003"
#define SERIAL_PERSON "5401010100000000000000000000d004"

/* A key that is not the sandbox's: "business key 2026" */
#define OTHER_KEY_BASE32 "MJ2XG2LOMVZXGIDLMV4SAMRQGI3A"

/* Helpers */

static char *
store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "business.db", NULL);
}

static void
vault_clear (SmartcaVault     *vault,
             SmartcaSecretKind kind,
             const char       *serial)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;

  smartca_vault_clear_async (vault, kind, serial, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_vault_clear_finish (vault, smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* Three organisation certificates and a personal one, none set up yet, and
 * nothing of theirs in the keyring. */
static void
fill_store (void)
{
  static const char *const serials[] = { SERIAL_A, SERIAL_B, SERIAL_C, SERIAL_PERSON };
  g_autoptr(SmartcaVault)  vault = smartca_vault_new ();

  g_autoptr(SmartcaTestPki) pki = smartca_test_pki_new ();
  g_autofree char          *path = store_path ();
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(GPtrArray)      fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64                    now = smartca_test_now ();

  for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
    {
      vault_clear (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, serials[i]);
      vault_clear (vault, SMARTCA_SECRET_BUSINESS_KEY, serials[i]);
    }
  smartca_test_remove_store_files (path);
  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567", "C=VN,CN=CÔNG TY TNHH ABC,UID=MST:0101234567",
                            SERIAL_A, "SMARTCA TH DOANH NGHIỆP", now - DAY, now + 300 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567", "C=VN,CN=CÔNG TY TNHH ABC,UID=MST:0101234567",
                            SERIAL_B, "ESEAL", now - DAY, now + 300 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0109998887", "C=VN,CN=CÔNG TY ĐÔNG Á,UID=MST:0109998887",
                            SERIAL_C, "SMARTCA TH", now - DAY, now + 300 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "001099012345", "C=VN,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                            SERIAL_PERSON, "SMARTCA PERSONAL PRO", now - DAY, now + 300 * DAY));
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

static SmartcaStore *
open_store (void)
{
  g_autofree char *path = store_path ();

  return smartca_test_open_store (path);
}

static char *
vault_get (SmartcaVault     *vault,
           SmartcaSecretKind kind,
           const char       *serial)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  char                   *secret;
  char                   *copy;

  smartca_vault_lookup_async (vault, kind, serial, NULL, smartca_test_result_cb, &result);
  secret = smartca_vault_lookup_finish (vault, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  smartca_vault_free_secret (secret);
  return copy;
}

static gboolean
save (SmartcaStore         *store,
      SmartcaVault         *vault,
      const char           *serial,
      SmartcaBusinessMethod method,
      const char           *password,
      SmartcaTotpKey       *key,
      GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_business_save_async (store, vault, smartca_store_lookup (store, serial), method,
                               password, key, NULL, smartca_test_result_cb, &result);
  return smartca_business_save_finish (smartca_test_wait_result (&result), error);
}

static gboolean
disable (SmartcaStore *store,
         SmartcaVault *vault,
         const char   *serial,
         GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_business_disable_async (store, vault, smartca_store_lookup (store, serial), NULL,
                                  smartca_test_result_cb, &result);
  return smartca_business_disable_finish (smartca_test_wait_result (&result), error);
}

static SmartcaBusinessSecrets *
load (SmartcaStore *store,
      SmartcaVault *vault,
      const char   *serial,
      GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_business_load_async (vault, smartca_store_lookup (store, serial), NULL,
                               smartca_test_result_cb, &result);
  return smartca_business_load_finish (smartca_test_wait_result (&result), error);
}

/* What the file says, from a store opened afresh */
static void
assert_stored_flag (const char           *serial,
                    gboolean              enabled,
                    SmartcaBusinessMethod method)
{
  g_autoptr(SmartcaStore) again = open_store ();
  SmartcaCertificate     *certificate = smartca_store_lookup (again, serial);

  g_assert_nonnull (certificate);
  g_assert_cmpint (smartca_certificate_get_business_enabled (certificate), ==, enabled);
  g_assert_cmpint (smartca_certificate_get_business_method (certificate), ==, method);
}

static void
assert_same_key (SmartcaTotpKey *a,
                 SmartcaTotpKey *b)
{
  gsize         size_a, size_b;
  const guint8 *bytes_a = smartca_totp_key_get_bytes (a, &size_a);
  const guint8 *bytes_b = smartca_totp_key_get_bytes (b, &size_b);

  g_assert_cmpmem (bytes_a, size_a, bytes_b, size_b);
}

static SmartcaTotpKey *
other_key (void)
{
  g_autoptr(GError) error = NULL;
  SmartcaTotpKey   *key = smartca_totp_key_parse (OTHER_KEY_BASE32, SMARTCA_TOTP_FORMAT_BASE32,
                                                  &error);

  g_assert_no_error (error);
  return key;
}

static void
count_cb (gpointer counter)
{
  (*(guint *) counter)++;
}

/* Tests */

/* Method 1: the password only; the card and the Detail hear of it */
static void
test_save_method_1 (void)
{
  g_autoptr(SmartcaStore)           store = NULL;
  g_autoptr(SmartcaVault)           vault = smartca_vault_new ();
  g_autoptr(SmartcaBusinessSecrets) secrets = NULL;
  g_autoptr(GError)                 error = NULL;
  g_autofree char                  *password = NULL;
  g_autofree char                  *key = NULL;
  guint                             notified = 0;

  fill_store ();
  store = open_store ();
  g_signal_connect_swapped (smartca_store_lookup (store, SERIAL_A), "notify::business-method",
                            G_CALLBACK (count_cb), &notified);
  g_assert_true (save (store, vault, SERIAL_A, SMARTCA_BUSINESS_METHOD_OTP, "mật khẩu 1", NULL,
                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (smartca_certificate_get_business_enabled (smartca_store_lookup (store, SERIAL_A)));
  assert_stored_flag (SERIAL_A, TRUE, SMARTCA_BUSINESS_METHOD_OTP);

  password = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_A);
  g_assert_cmpstr (password, ==, "mật khẩu 1");
  key = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_A);
  g_assert_null (key);

  secrets = load (store, vault, SERIAL_A, &error);
  g_assert_no_error (error);
  g_assert_cmpint (secrets->method, ==, SMARTCA_BUSINESS_METHOD_OTP);
  g_assert_cmpstr (secrets->password, ==, "mật khẩu 1");
  g_assert_null (secrets->key);

  /* Nothing else changed */
  assert_stored_flag (SERIAL_B, FALSE, SMARTCA_BUSINESS_METHOD_NONE);
  g_clear_pointer (&password, g_free);
  password = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_null (password);
}

/* Method 2, then a new password alone (the key stays), then method 1 (the
 * key goes), then off (both go). */
static void
test_method_2_lifecycle (void)
{
  g_autoptr(SmartcaStore)           store = NULL;
  g_autoptr(SmartcaVault)           vault = smartca_vault_new ();
  g_autoptr(SmartcaTotpKey)         key = business_test_sandbox_key ();
  g_autoptr(SmartcaBusinessSecrets) secrets = NULL;
  g_autoptr(GError)                 error = NULL;
  g_autofree char                  *stored = NULL;

  fill_store ();
  store = open_store ();

  /* Method 2 with no key given and none stored */
  g_assert_false (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "pw", NULL, &error));
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_SECRET);
  g_clear_error (&error);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_null (stored);
  assert_stored_flag (SERIAL_B, FALSE, SMARTCA_BUSINESS_METHOD_NONE);

  g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "first", key, &error));
  g_assert_no_error (error);
  assert_stored_flag (SERIAL_B, TRUE, SMARTCA_BUSINESS_METHOD_TOTP);
  secrets = load (store, vault, SERIAL_B, &error);
  g_assert_no_error (error);
  g_assert_cmpint (secrets->method, ==, SMARTCA_BUSINESS_METHOD_TOTP);
  g_assert_cmpstr (secrets->password, ==, "first");
  g_assert_nonnull (secrets->key);
  assert_same_key (secrets->key, key);
  g_clear_pointer (&secrets, smartca_business_secrets_free);

  /* The keyring keeps one unambiguous form of the key, not the typed text */
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_B);
  g_assert_true (g_str_has_prefix (stored, "otpauth://totp/"));
  g_clear_pointer (&stored, g_free);

  /* A new password: replaced, the key kept, nothing else asked */
  g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "second", NULL, &error));
  g_assert_no_error (error);
  secrets = load (store, vault, SERIAL_B, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secrets->password, ==, "second");
  g_assert_nonnull (secrets->key);
  assert_same_key (secrets->key, key);
  g_clear_pointer (&secrets, smartca_business_secrets_free);

  /* Another key replaces it */
  {
    g_autoptr(SmartcaTotpKey) other = other_key ();

    g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "second", other,
                         &error));
    g_assert_no_error (error);
    secrets = load (store, vault, SERIAL_B, &error);
    g_assert_no_error (error);
    assert_same_key (secrets->key, other);
    g_clear_pointer (&secrets, smartca_business_secrets_free);
  }

  /* Method 1: the key is removed from the keyring */
  g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_OTP, "third", key, &error));
  g_assert_no_error (error);
  assert_stored_flag (SERIAL_B, TRUE, SMARTCA_BUSINESS_METHOD_OTP);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_B);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_cmpstr (stored, ==, "third");
  g_clear_pointer (&stored, g_free);

  /* Back to method 2 needs a key again */
  g_assert_false (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "fourth", NULL, &error));
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_SECRET);
  g_clear_error (&error);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_cmpstr (stored, ==, "third");
  g_clear_pointer (&stored, g_free);
  assert_stored_flag (SERIAL_B, TRUE, SMARTCA_BUSINESS_METHOD_OTP);

  /* Off: both secrets gone, the flag off */
  g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "fifth", key, &error));
  g_assert_true (disable (store, vault, SERIAL_B, &error));
  g_assert_no_error (error);
  g_assert_false (smartca_certificate_get_business_enabled (smartca_store_lookup (store, SERIAL_B)));
  assert_stored_flag (SERIAL_B, FALSE, SMARTCA_BUSINESS_METHOD_NONE);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_B);
  g_assert_null (stored);
  secrets = load (store, vault, SERIAL_B, &error);
  g_assert_no_error (error);
  g_assert_cmpint (secrets->method, ==, SMARTCA_BUSINESS_METHOD_NONE);
  g_assert_null (secrets->password);
  g_assert_null (secrets->key);
}

static void
test_refused (void)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(SmartcaVault) vault = smartca_vault_new ();
  g_autoptr(GError)       error = NULL;
  g_autofree char        *stored = NULL;

  fill_store ();
  store = open_store ();
  g_assert_false (save (store, vault, SERIAL_PERSON, SMARTCA_BUSINESS_METHOD_OTP, "pw", NULL,
                        &error));
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NOT_BUSINESS);
  g_clear_error (&error);
  g_assert_false (save (store, vault, SERIAL_A, SMARTCA_BUSINESS_METHOD_OTP, "", NULL, &error));
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_PASSWORD);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_PERSON);
  g_assert_null (stored);
  assert_stored_flag (SERIAL_PERSON, FALSE, SMARTCA_BUSINESS_METHOD_NONE);
  assert_stored_flag (SERIAL_A, FALSE, SMARTCA_BUSINESS_METHOD_NONE);
}

/* Deleting the certificate (with the Undo window over) removes its secrets */
static void
test_deletion (void)
{
  g_autoptr(SmartcaStore)    store = NULL;
  g_autoptr(SmartcaVault)    vault = smartca_vault_new ();
  g_autoptr(SmartcaTotpKey)  key = business_test_sandbox_key ();
  g_autoptr(SmartcaContext)  context = NULL;
  g_autoptr(SmartcaDeletion) deletion = NULL;
  g_autoptr(GAsyncResult)    result = NULL;
  g_autoptr(GError)          error = NULL;
  g_autofree char           *stored = NULL;
  gboolean                   keyring_cleared = FALSE;

  fill_store ();
  store = open_store ();
  g_assert_true (save (store, vault, SERIAL_C, SMARTCA_BUSINESS_METHOD_TOTP, "xoá tôi", key, &error));
  g_assert_no_error (error);
  g_assert_true (save (store, vault, SERIAL_A, SMARTCA_BUSINESS_METHOD_OTP, "giữ tôi", NULL, &error));

  context = smartca_context_new (store, NULL, NULL);
  deletion = smartca_deletion_new (context);
  g_assert_true (smartca_deletion_request (deletion, smartca_store_lookup (store, SERIAL_C), &error));
  g_assert_no_error (error);
  smartca_deletion_commit_async (deletion, smartca_store_lookup (store, SERIAL_C), NULL,
                                 smartca_test_result_cb, &result);
  g_assert_true (smartca_deletion_commit_finish (deletion, smartca_test_wait_result (&result),
                                                 &keyring_cleared, &error));
  g_assert_no_error (error);
  g_assert_true (keyring_cleared);

  g_assert_null (smartca_store_lookup (store, SERIAL_C));
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_C);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_C);
  g_assert_null (stored);
  /* Another certificate's account is untouched */
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_A);
  g_assert_cmpstr (stored, ==, "giữ tôi");
}

/* No Secret Service on the bus: the error says so, and nothing changes —
 * a missing keyring is never taken for "nothing stored". */
static void
test_keyring_unavailable (void)
{
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(SmartcaVault)   vault = smartca_vault_new ();
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;
  g_autofree char          *stored = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(SmartcaBusinessSecrets) secrets = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/smartca-test-bus", TRUE);
      store = open_store ();

      /* Saving: refused, the flag stays off */
      g_assert_false (save (store, vault, SERIAL_A, SMARTCA_BUSINESS_METHOD_TOTP, "không lưu", key,
                            &error));
      g_assert_error (error, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "keyring"));
      g_clear_error (&error);
      g_assert_false (smartca_certificate_get_business_enabled (smartca_store_lookup (store, SERIAL_A)));

      /* Reading: an error, not "nothing stored" */
      secrets = load (store, vault, SERIAL_B, &error);
      g_assert_error (error, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE);
      g_assert_null (secrets);
      g_clear_error (&error);

      /* Turning off: refused, the account stays on */
      g_assert_false (disable (store, vault, SERIAL_B, &error));
      g_assert_error (error, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE);
      g_assert_true (smartca_certificate_get_business_enabled (smartca_store_lookup (store, SERIAL_B)));
      return;
    }

  fill_store ();
  store = open_store ();
  g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "đã lưu", key, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* What the file and the keyring hold afterwards */
  assert_stored_flag (SERIAL_A, FALSE, SMARTCA_BUSINESS_METHOD_NONE);
  assert_stored_flag (SERIAL_B, TRUE, SMARTCA_BUSINESS_METHOD_TOTP);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_A);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_A);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_cmpstr (stored, ==, "đã lưu");
  g_clear_pointer (&stored, g_free);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_B);
  g_assert_nonnull (stored);
}

/* The list cannot be written: the keyring is put back as it was */
static void
test_store_failure_rolls_back (void)
{
  g_autofree char          *path = store_path ();
  g_autofree char          *dir = g_path_get_dirname (path);
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(SmartcaStore)   read_only = NULL;
  g_autoptr(SmartcaVault)   vault = smartca_vault_new ();
  g_autoptr(SmartcaTotpKey) key = business_test_sandbox_key ();
  g_autoptr(GError)         error = NULL;
  g_autofree char          *stored = NULL;
  gboolean                  refused_a, refused_b, refused_off;
  g_autoptr(GError)         error_a = NULL;
  g_autoptr(GError)         error_b = NULL;
  g_autoptr(GError)         error_off = NULL;

  fill_store ();
  store = open_store ();
  g_assert_true (save (store, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_OTP, "cũ", NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  if (!smartca_test_set_dac_override (FALSE))
    {
      g_chmod (dir, 0700);
      g_chmod (path, 0600);
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      return;
    }
  read_only = smartca_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_read_only (read_only));

  /* A certificate with nothing stored yet, and one already on method 1 */
  refused_a = !save (read_only, vault, SERIAL_A, SMARTCA_BUSINESS_METHOD_TOTP, "mới", key, &error_a);
  refused_b = !save (read_only, vault, SERIAL_B, SMARTCA_BUSINESS_METHOD_TOTP, "mới", key, &error_b);
  refused_off = !disable (read_only, vault, SERIAL_B, &error_off);
  smartca_test_set_dac_override (TRUE);
  g_chmod (dir, 0700);
  g_chmod (path, 0600);

  g_assert_true (refused_a);
  g_assert_error (error_a, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_assert_true (refused_b);
  g_assert_error (error_b, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_assert_true (refused_off);
  g_assert_error (error_off, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);

  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_A);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_A);
  g_assert_null (stored);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_B);
  g_assert_cmpstr (stored, ==, "cũ");
  g_clear_pointer (&stored, g_free);
  stored = vault_get (vault, SMARTCA_SECRET_BUSINESS_KEY, SERIAL_B);
  g_assert_null (stored);
  g_assert_false (smartca_certificate_get_business_enabled (smartca_store_lookup (read_only, SERIAL_A)));
  g_clear_object (&read_only);
  assert_stored_flag (SERIAL_A, FALSE, SMARTCA_BUSINESS_METHOD_NONE);
  assert_stored_flag (SERIAL_B, TRUE, SMARTCA_BUSINESS_METHOD_OTP);
}

/* The store's own write: flag and method only, checked, read-only refused */
static void
test_store_set_business (void)
{
  g_autoptr(SmartcaStore) store = NULL;
  g_autoptr(GError)       error = NULL;
  SmartcaCertificate     *a;

  fill_store ();
  store = open_store ();
  a = smartca_store_lookup (store, SERIAL_A);
  g_assert_true (smartca_store_set_business (store, a, TRUE, SMARTCA_BUSINESS_METHOD_TOTP, &error));
  g_assert_no_error (error);
  assert_stored_flag (SERIAL_A, TRUE, SMARTCA_BUSINESS_METHOD_TOTP);
  /* On without a method makes no sense */
  g_assert_false (smartca_store_set_business (store, a, TRUE, SMARTCA_BUSINESS_METHOD_NONE, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_stored_flag (SERIAL_A, TRUE, SMARTCA_BUSINESS_METHOD_TOTP);
  /* Off forgets the method */
  g_assert_true (smartca_store_set_business (store, a, FALSE, SMARTCA_BUSINESS_METHOD_TOTP, &error));
  g_assert_cmpint (smartca_certificate_get_business_method (a), ==, SMARTCA_BUSINESS_METHOD_NONE);
  assert_stored_flag (SERIAL_A, FALSE, SMARTCA_BUSINESS_METHOD_NONE);

  /* A later lookup (upsert) keeps what the user chose */
  g_assert_true (smartca_store_set_business (store, a, TRUE, SMARTCA_BUSINESS_METHOD_OTP, &error));
  {
    g_autoptr(SmartcaTestPki) pki = smartca_test_pki_new ();
    g_autoptr(GPtrArray)      fresh = g_ptr_array_new_with_free_func (g_object_unref);
    gint64                    now = smartca_test_now ();

    g_ptr_array_add (fresh, smartca_test_pki_certificate (
                              pki, "0101234567", "C=VN,CN=CÔNG TY TNHH ABC,UID=MST:0101234567",
                              SERIAL_A, "SMARTCA TH DOANH NGHIỆP", now - DAY, now + 400 * DAY));
    g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  assert_stored_flag (SERIAL_A, TRUE, SMARTCA_BUSINESS_METHOD_OTP);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/business/save-method-1", test_save_method_1);
  g_test_add_func ("/business/method-2-lifecycle", test_method_2_lifecycle);
  g_test_add_func ("/business/refused", test_refused);
  g_test_add_func ("/business/deletion", test_deletion);
  g_test_add_func ("/business/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/business/store-failure-rolls-back", test_store_failure_rolls_back);
  g_test_add_func ("/business/store-set-business", test_store_set_business);

  return g_test_run ();
}
