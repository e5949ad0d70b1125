/* test-business-secrets.c: after a whole save → check → delete cycle, the
 * password, the secret key (in every form) and the one-time codes are
 * nowhere but in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cycle runs as the app does: the context (settings in GSettings'
 * keyfile backend, a real file), the store (a real SQLite file, with its
 * WAL), the vault (the session wrapper's gnome-keyring-daemon) and the
 * sandbox. Then every file of the test's home, data, config and cache
 * folders and everything logged (debug included) is searched.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "smartca-deletion.h"
#include "test-business.h"

/* Distinctive values, so that finding them means they leaked */
#define DISTINCT_PASSWORD "Zq7-Mật-khẩu-Đặc-Biệt-5150"
#define DISTINCT_KEY_BYTES "distinct-key-5150-XyZ!"

static GMutex   log_lock;
static GString *log_text;

/* Every message, debug included (G_MESSAGES_DEBUG=all), is kept for the
 * search; what is not debug is shown as usual. */
static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (log_text, fields[i].key);
      g_string_append_c (log_text, '=');
      if (fields[i].length < 0)
        g_string_append (log_text, fields[i].value);
      else
        g_string_append_len (log_text, fields[i].value, fields[i].length);
      g_string_append_c (log_text, '\n');
    }
  g_mutex_unlock (&log_lock);

  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* What must not be found: each secret in every form it could take */
static GPtrArray *
needles_for_key (const guint8 *bytes,
                 gsize         size)
{
  GPtrArray        *needles = g_ptr_array_new_with_free_func (g_free);
  g_autofree char  *base64 = g_base64_encode (bytes, size);
  GString          *base32 = g_string_new (NULL);
  GString          *hex = g_string_new (NULL);
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  guint             buffer = 0, bits = 0;

  for (gsize i = 0; i < size; i++)
    {
      buffer = (buffer << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (base32, alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
      g_string_append_printf (hex, "%02x", bytes[i]);
    }
  if (bits > 0)
    g_string_append_c (base32, alphabet[(buffer << (5 - bits)) & 31]);

  g_ptr_array_add (needles, g_strndup ((const char *) bytes, size));
  g_ptr_array_add (needles, g_strdup (base64));
  /* Without its padding too */
  g_ptr_array_add (needles, g_strndup (base64, strcspn (base64, "=")));
  g_ptr_array_add (needles, g_ascii_strdown (base32->str, -1));
  g_ptr_array_add (needles, g_string_free (base32, FALSE));
  g_ptr_array_add (needles, g_ascii_strup (hex->str, -1));
  g_ptr_array_add (needles, g_string_free (hex, FALSE));
  return needles;
}

/* The codes of @key for every step from @from to @to (and one either side) */
static void
add_codes (GPtrArray      *needles,
           SmartcaTotpKey *key,
           gint64          from,
           gint64          to)
{
  for (gint64 t = from - SMARTCA_TOTP_PERIOD; t <= to + SMARTCA_TOTP_PERIOD; t += SMARTCA_TOTP_PERIOD)
    {
      char code[SMARTCA_TOTP_DIGITS + 1];

      smartca_totp_key_code (key, t, code);
      g_ptr_array_add (needles, g_strdup (code));
    }
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);

  if (needle_length == 0 || needle_length > length)
    return FALSE;
  for (gsize i = 0; i + needle_length <= length; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* Reads every regular file under @path; returns how many it searched. */
static guint
search_tree (const char *path,
             GPtrArray  *needles,
             GHashTable *searched)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char     *name;
  guint           n = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize            length = 0;
      GStatBuf         st;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          n += search_tree (child, needles, searched);
          continue;
        }
      if (!S_ISREG (st.st_mode) || g_hash_table_contains (searched, child))
        continue;

      g_assert_true (g_file_get_contents (child, &contents, &length, NULL));
      for (guint i = 0; i < needles->len; i++)
        if (contains (contents, length, g_ptr_array_index (needles, i)))
          g_error ("%s holds a secret (needle %u)", child, i);
      g_hash_table_add (searched, g_steal_pointer (&child));
      n++;
    }
  return n;
}

static void
search_everything (GPtrArray  *needles,
                   GHashTable *searched)
{
  const char *roots[] = { g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir (),
                          g_get_user_cache_dir () };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    search_tree (roots[i], needles, searched);

  for (guint i = 0; i < needles->len; i++)
    {
      gboolean found;

      g_mutex_lock (&log_lock);
      found = contains (log_text->str, log_text->len, g_ptr_array_index (needles, i));
      g_mutex_unlock (&log_lock);
      if (found)
        g_error ("The log holds a secret (needle %u)", i);
    }
}

static GError *
check (SmartcaClient      *client,
       SmartcaCertificate *certificate,
       const char         *password,
       SmartcaTotpKey     *key,
       const char         *otp)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError                 *error = NULL;

  smartca_business_check_async (client, certificate, password, key, otp, NULL,
                                smartca_test_result_cb, &result);
  smartca_business_check_finish (smartca_test_wait_result (&result), &error);
  return error;
}

static void
save (SmartcaContext       *context,
      SmartcaCertificate   *certificate,
      SmartcaBusinessMethod method,
      const char           *password,
      SmartcaTotpKey       *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;

  smartca_business_save_async (smartca_context_get_store (context),
                               smartca_context_get_vault (context), certificate, method, password,
                               key, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static SmartcaBusinessSecrets *
load (SmartcaContext     *context,
      SmartcaCertificate *certificate)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  SmartcaBusinessSecrets *secrets;

  smartca_business_load_async (smartca_context_get_vault (context), certificate, NULL,
                               smartca_test_result_cb, &result);
  secrets = smartca_business_load_finish (smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return secrets;
}

static void
test_cycle (void)
{
  g_autoptr(SmartcaSandbox)  sandbox = NULL;
  g_autoptr(GSettings)       settings = g_settings_new (APP_ID);
  g_autoptr(SmartcaVault)    vault = smartca_vault_new ();
  g_autoptr(SmartcaStore)    store = NULL;
  g_autoptr(SmartcaContext)  context = NULL;
  g_autoptr(SmartcaDeletion) deletion = NULL;
  g_autoptr(SmartcaClient)   client = NULL;
  g_autoptr(SmartcaTotpKey)  distinct_key = NULL;
  g_autoptr(SmartcaTotpKey)  sandbox_key = business_test_sandbox_key ();
  g_autoptr(GPtrArray)       needles = NULL;
  g_autoptr(GPtrArray)       more = NULL;
  g_autoptr(GPtrArray)       certificates = NULL;
  g_autoptr(GHashTable)      searched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GAsyncResult)    result = NULL;
  g_autoptr(GError)          error = NULL;
  g_autofree char           *path = g_build_filename (g_get_user_data_dir (), "secrets.db", NULL);
  g_autofree char           *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char           *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0",
                                                         "settings", "keyfile", NULL);
  g_autofree char           *keyfile_text = NULL;
  g_autofree char           *base64 = g_base64_encode ((const guint8 *) DISTINCT_KEY_BYTES,
                                                       strlen (DISTINCT_KEY_BYTES));
  SmartcaCertificate        *certificate;
  gboolean                   keyring_cleared = FALSE;
  gint64                     start = smartca_test_now ();
  char                       typed[SMARTCA_TOTP_DIGITS + 1];

  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "keyfile");
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

  /* The app's settings, as Preferences writes them; the SP password in the
   * keyring */
  g_settings_set_enum (settings, "service", SMARTCA_SERVICE_CUSTOM);
  g_settings_set_string (settings, "custom-url", smartca_sandbox_get_base_url (sandbox));
  g_settings_set_string (settings, "sp-id", SMARTCA_SANDBOX_SP_ID);
  g_settings_sync ();
  smartca_vault_store_async (vault, SMARTCA_SECRET_SP_PASSWORD, SMARTCA_SANDBOX_SP_ID,
                             SMARTCA_SANDBOX_SP_PASSWORD, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_vault_store_finish (vault, smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  store = smartca_test_open_store (path);
  context = smartca_context_new (store, NULL, settings);
  smartca_context_prepare_client_async (context, NULL, smartca_test_result_cb, &result);
  client = smartca_context_prepare_client_finish (context, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Add the business certificates, as the add dialog does */
  certificates = business_test_look_up_all (client, "0101234567");
  g_assert_true (smartca_store_upsert (store, certificates, NULL, NULL, &error));
  g_assert_no_error (error);
  certificate = smartca_store_lookup (store, SERIAL_TH);
  g_assert_true (smartca_store_load_der (store, certificate, &error));

  /* Save → read back → check, with a password and a key of our own … */
  distinct_key = smartca_totp_key_parse (base64, SMARTCA_TOTP_FORMAT_BASE64, &error);
  g_assert_no_error (error);
  save (context, certificate, SMARTCA_BUSINESS_METHOD_TOTP, DISTINCT_PASSWORD, distinct_key);
  {
    g_autoptr(SmartcaBusinessSecrets) secrets = load (context, certificate);

    g_assert_cmpstr (secrets->password, ==, DISTINCT_PASSWORD);
    g_clear_error (&error);
    error = check (client, certificate, secrets->password, secrets->key, NULL);
    g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_PASSWORD);
  }

  /* … and with the sandbox's, which work: method 2, then method 1 */
  save (context, certificate, SMARTCA_BUSINESS_METHOD_TOTP, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
        sandbox_key);
  {
    g_autoptr(SmartcaBusinessSecrets) secrets = load (context, certificate);

    g_clear_error (&error);
    error = check (client, certificate, secrets->password, secrets->key, NULL);
    g_assert_no_error (error);
  }
  save (context, certificate, SMARTCA_BUSINESS_METHOD_OTP, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL);
  smartca_totp_key_code (sandbox_key, smartca_test_now (), typed);
  error = check (client, certificate, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL, typed);
  g_assert_no_error (error);

  /* Everything that could hold a secret: the key in every form, both
   * passwords, every code either key gave while the test ran */
  needles = needles_for_key ((const guint8 *) DISTINCT_KEY_BYTES, strlen (DISTINCT_KEY_BYTES));
  more = needles_for_key ((const guint8 *) "12345678901234567890", 20);
  g_ptr_array_extend_and_steal (needles, g_steal_pointer (&more));
  g_ptr_array_add (needles, g_strdup (DISTINCT_PASSWORD));
  g_ptr_array_add (needles, g_strdup (SMARTCA_SANDBOX_BUSINESS_PASSWORD));
  g_ptr_array_add (needles, g_strdup (SMARTCA_SANDBOX_SP_PASSWORD));
  add_codes (needles, distinct_key, start, smartca_test_now ());
  add_codes (needles, sandbox_key, start, smartca_test_now ());

  /* While the list is open: its WAL is there too. */
  search_everything (needles, searched);
  g_assert_true (g_hash_table_contains (searched, path));
  g_assert_true (g_hash_table_contains (searched, wal));

  /* Delete, as the card's Delete does once Undo has timed out */
  deletion = smartca_deletion_new (context);
  g_assert_true (smartca_deletion_request (deletion, certificate, &error));
  g_assert_no_error (error);
  smartca_deletion_commit_async (deletion, certificate, NULL, smartca_test_result_cb, &result);
  g_assert_true (smartca_deletion_commit_finish (deletion, smartca_test_wait_result (&result),
                                                 &keyring_cleared, &error));
  g_assert_no_error (error);
  g_assert_true (keyring_cleared);

  g_clear_object (&deletion);
  g_clear_object (&client);
  g_clear_object (&context);
  g_clear_object (&store);
  g_settings_sync ();
  g_hash_table_remove_all (searched);
  search_everything (needles, searched);
  g_assert_true (g_hash_table_contains (searched, path));

  /* The searches were real: the settings file holds what was set … */
  g_assert_true (g_hash_table_contains (searched, keyfile));
  g_assert_true (g_file_get_contents (keyfile, &keyfile_text, NULL, NULL));
  g_assert_nonnull (strstr (keyfile_text, smartca_sandbox_get_base_url (sandbox)));
  /* … and the log holds the requests, with the secrets left out */
  g_mutex_lock (&log_lock);
  g_assert_nonnull (strstr (log_text->str, "v2/signatures/sign"));
  g_assert_nonnull (strstr (log_text->str, "v2/signatures/confirm"));
  g_assert_nonnull (strstr (log_text->str, "\"password\":\"(secret)\""));
  g_assert_nonnull (strstr (log_text->str, "\"otp\":\"(secret)\""));
  g_mutex_unlock (&log_lock);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/business-secrets/cycle", test_cycle);

  ret = g_test_run ();
  g_string_free (log_text, TRUE);
  return ret;
}
