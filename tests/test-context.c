/* test-context.c: where SmartCA is and who we are to it, and opening the
 * store without waiting for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "smartca-context.h"

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Asks the context for a client ready to call SmartCA: the error, if any. */
static GError *
prepare_client (SmartcaContext *context)
{
  g_autoptr(GAsyncResult)  result = NULL;
  g_autoptr(SmartcaClient) client = NULL;
  GError                  *error = NULL;

  smartca_context_prepare_client_async (context, NULL, result_cb, &result);
  client = smartca_context_prepare_client_finish (context, wait_result (&result), &error);
  g_assert_true ((client == NULL) != (error == NULL));
  return error;
}

/* SMARTCA_SP_ID and SMARTCA_SP_PASSWORD: both, or neither. */
static void
test_environment_credentials (void)
{
  if (g_test_subprocess ())
    {
      const char               *which = g_getenv ("SMARTCA_TEST_SET");
      g_autoptr(SmartcaContext) context = NULL;
      g_autoptr(GError)         error = NULL;

      g_unsetenv ("SMARTCA_SP_ID");
      g_unsetenv ("SMARTCA_SP_PASSWORD");
      if (g_str_equal (which, "id") || g_str_equal (which, "both"))
        g_setenv ("SMARTCA_SP_ID", "SP-FROM-ENV", TRUE);
      if (g_str_equal (which, "password") || g_str_equal (which, "both"))
        g_setenv ("SMARTCA_SP_PASSWORD", "mật khẩu từ môi trường", TRUE);

      context = smartca_context_new (NULL, NULL, NULL);
      smartca_context_set_url_override (context, "http://127.0.0.1:9/sca/sp769");
      error = prepare_client (context);

      if (g_str_equal (which, "both"))
        {
          g_autofree char *sp_id = smartca_context_dup_sp_id (context);

          g_assert_true (smartca_context_get_sp_from_environment (context));
          g_assert_cmpstr (sp_id, ==, "SP-FROM-ENV");
          g_assert_no_error (error);
        }
      else
        {
          /* Ignored, as if neither were set: nothing to call SmartCA with. */
          g_autofree char *sp_id = smartca_context_dup_sp_id (context);

          g_assert_false (smartca_context_get_sp_from_environment (context));
          g_assert_null (sp_id);
          g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED);
        }
      return;
    }

  g_setenv ("SMARTCA_TEST_SET", "id", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*SMARTCA_SP_ID is set but SMARTCA_SP_PASSWORD is not; both are "
                             "ignored*");

  g_setenv ("SMARTCA_TEST_SET", "password", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*SMARTCA_SP_PASSWORD is set but SMARTCA_SP_ID is not; both are "
                             "ignored*");

  g_setenv ("SMARTCA_TEST_SET", "both", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*ignored*");

  g_unsetenv ("SMARTCA_TEST_SET");
}

static void
loading_changed_cb (SmartcaContext *context,
                    GParamSpec     *pspec,
                    guint          *n_changes)
{
  (*n_changes)++;
}

/* The store opens on a worker thread: the context says it is loading, and
 * the main loop runs meanwhile. */
static void
test_store_loads_without_waiting (void)
{
  g_autofree char          *path = g_build_filename (g_get_user_data_dir (), "context.db", NULL);
  g_autoptr(SmartcaContext) context = smartca_context_new (NULL, NULL, NULL);
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;
  guint                     n_changes = 0;

  g_signal_connect (context, "notify::loading", G_CALLBACK (loading_changed_cb), &n_changes);
  g_assert_false (smartca_context_get_loading (context));
  g_assert_false (smartca_context_check_store (context, &error));
  g_clear_error (&error);

  smartca_context_load_store_async (context, path, NULL, result_cb, &result);
  g_assert_true (smartca_context_get_loading (context));
  g_assert_null (smartca_context_get_store (context));
  g_assert_false (smartca_context_check_store (context, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_OPEN);
  g_clear_error (&error);

  g_assert_true (smartca_context_load_store_finish (context, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (smartca_context_get_loading (context));
  g_assert_cmpuint (n_changes, ==, 2);
  g_assert_nonnull (smartca_context_get_store (context));
  g_assert_null (smartca_context_get_store_error (context));
  g_assert_true (smartca_context_check_store (context, NULL));

  g_clear_object (&context);
  g_remove (path);
}

/* A file that is not a database: the context carries the reason. */
static void
test_store_error_is_kept (void)
{
  g_autofree char          *path = g_build_filename (g_get_user_data_dir (), "garbage.db", NULL);
  g_autofree char          *garbage = g_strnfill (4096, 'z');
  g_autoptr(SmartcaContext) context = smartca_context_new (NULL, NULL, NULL);
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, 4096, NULL));
  smartca_context_load_store_async (context, path, NULL, result_cb, &result);
  g_assert_false (smartca_context_load_store_finish (context, wait_result (&result), &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_CORRUPT);
  g_assert_false (smartca_context_get_loading (context));
  g_assert_null (smartca_context_get_store (context));
  g_assert_error (smartca_context_get_store_error (context), SMARTCA_STORE_ERROR,
                  SMARTCA_STORE_ERROR_CORRUPT);
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/environment-credentials", test_environment_credentials);
  g_test_add_func ("/context/store-loads-without-waiting", test_store_loads_without_waiting);
  g_test_add_func ("/context/store-error-is-kept", test_store_error_is_kept);

  return g_test_run ();
}
