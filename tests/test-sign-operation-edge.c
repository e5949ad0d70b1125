/* test-sign-operation-edge.c: the signing operation at the edges of its
 * lifecycle, against the SmartCA sandbox over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "smartca-sandbox-private.h"
#include "test-sign.h"

static SmartcaSandbox *sandbox;
static SmartcaStore   *store;
static SmartcaContext *context;
static char           *tmp_dir;

static void
writing_cb (SmartcaSignOperation *operation,
            GParamSpec           *pspec,
            gboolean             *writing)
{
  if (smartca_sign_operation_get_state (operation) == SMARTCA_SIGN_STATE_WRITING)
    *writing = TRUE;
}

/* Cancelled once the signed copy is in place, before the operation hears
 * of it: what it reports is what is on the disk (here: signed, DONE) */
static void
test_cancel_after_written (void)
{
  g_autofree char                *input = smartca_test_pdf_make (tmp_dir, "late.pdf", 1, 0,
                                                                 SMARTCA_TEST_PDF_PLAIN);
  g_autofree char                *output = g_build_filename (tmp_dir, "late-signed.pdf", NULL);
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autoptr(GCancellable)         cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult)         result = NULL;
  g_autoptr(GError)               error = NULL;
  g_autofree char                *path = NULL;
  gboolean                        writing = FALSE;

  operation = smartca_sign_operation_new (context, smartca_store_lookup (store, SIGN_SERIAL_PERSONAL),
                                          input);
  g_signal_connect (operation, "notify::state", G_CALLBACK (writing_cb), &writing);
  smartca_sign_operation_run_async (operation, cancellable, smartca_test_result_cb, &result);
  while (!writing && result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (result);

  /* The worker writes the file without the main context: it is not
   * iterated until the cancellation */
  for (guint i = 0; i < 6000 && !g_file_test (output, G_FILE_TEST_EXISTS); i++)
    g_usleep (10 * 1000);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  g_cancellable_cancel (cancellable);

  path = smartca_sign_operation_run_finish (operation, smartca_test_wait_result (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, output);
  g_assert_cmpint (smartca_sign_operation_get_state (operation), ==, SMARTCA_SIGN_STATE_DONE);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
}

/* On a page smaller than the default box, the default box is still one
 * the signing accepts: inside the page and at least the smallest size */
static void
test_default_rect_tiny_page (void)
{
  static const double sizes[][2] = { { 50, 50 }, { 60, 30 }, { 30, 90 }, { 100, 40 } };
  static const char  *serials[] = { SIGN_SERIAL_PERSONAL, SIGN_SERIAL_TH };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (serials); j++)
      {
        SmartcaPdfRect rect;

        smartca_sign_operation_default_rect (smartca_store_lookup (store, serials[j]), sizes[i][0],
                                             sizes[i][1], &rect);
        g_test_message ("%gx%g: %g,%g %gx%g", sizes[i][0], sizes[i][1], rect.x, rect.y,
                        rect.width, rect.height);
        g_assert_cmpfloat (rect.width, >=, SMARTCA_PDF_MIN_RECT_SIZE);
        g_assert_cmpfloat (rect.height, >=, SMARTCA_PDF_MIN_RECT_SIZE);
        g_assert_cmpfloat (rect.x, >=, 0);
        g_assert_cmpfloat (rect.y, >=, 0);
        g_assert_cmpfloat (rect.x + rect.width, <=, sizes[i][0]);
        g_assert_cmpfloat (rect.y + rect.height, <=, sizes[i][1]);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *store_path = NULL;
  int               status;

  setlocale (LC_ALL, "");
  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  g_test_init (&argc, &argv, NULL);

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  smartca_sandbox_set_pending_polls (sandbox, 1);
  tmp_dir = g_dir_make_tmp ("smartca-sign-edge-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp_dir, "smartca.db", NULL);
  store = sign_test_fill_store (sandbox, store_path);
  context = sign_test_context (sandbox, store);

  g_test_add_func ("/sign-operation-edge/cancel-after-written", test_cancel_after_written);
  g_test_add_func ("/sign-operation-edge/default-rect-tiny-page", test_default_rect_tiny_page);

  status = g_test_run ();
  g_clear_object (&context);
  g_clear_object (&store);
  g_clear_object (&sandbox);
  smartca_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
