/* test-sign-support.c: what the signing tests and benchmark share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-sign.h"

static void
look_up_into (SmartcaClient *client,
              const char    *user_id,
              GPtrArray     *all)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  g_autoptr(GPtrArray)    certificates = NULL;

  smartca_client_get_certificates_async (client, user_id, NULL, NULL, smartca_test_result_cb,
                                         &result);
  certificates = smartca_client_get_certificates_finish (client, smartca_test_wait_result (&result),
                                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificates);
  for (guint i = 0; i < certificates->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (certificates, i)));
}

SmartcaStore *
sign_test_fill_store (SmartcaSandbox *sandbox,
                      const char     *path)
{
  static const char *const users[] = { "001099012345", "079188000111", "0101234567" };
  g_autoptr(SmartcaClient) client = smartca_client_new ();
  g_autoptr(GPtrArray)     all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)        error = NULL;
  SmartcaStore            *store;

  g_assert_true (smartca_client_set_base_url (client, smartca_sandbox_get_base_url (sandbox),
                                              &error));
  smartca_client_set_credentials (client, SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    look_up_into (client, users[i], all);

  smartca_test_remove_store_files (path);
  store = smartca_test_open_store (path);
  g_assert_true (smartca_store_upsert (store, all, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (smartca_store_lookup (store, SIGN_SERIAL_PERSONAL));
  g_assert_true (smartca_store_set_default (store, smartca_store_lookup (store, SIGN_SERIAL_PERSONAL),
                                            &error));
  g_assert_no_error (error);
  return store;
}

SmartcaContext *
sign_test_context (SmartcaSandbox *sandbox,
                   SmartcaStore   *store)
{
  SmartcaContext *context = smartca_context_new (store, NULL, NULL);

  smartca_context_set_url_override (context, smartca_sandbox_get_base_url (sandbox));
  return context;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
sign_test_list_dir (const char *path)
{
  g_autoptr(GDir)      dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char          *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

gboolean
sign_test_contains (const char *haystack,
                    const char *needle)
{
  if (haystack != NULL && strstr (haystack, needle) != NULL)
    return TRUE;
  g_printerr ("“%s” not found in:\n%s\n", needle, haystack != NULL ? haystack : "(null)");
  return FALSE;
}

guint
sign_test_count (const char *haystack,
                 const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; p != NULL && (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

char *
sign_test_sha256_of_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}
