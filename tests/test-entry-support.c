/* test-entry-support.c: the fixture of test-open-document.c and
 * test-history-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "smartca-test-pdf.h"
#include "test-entry.h"

#define DAY (24 * 60 * 60)

SmartcaApplication *app;
SmartcaTestPki     *pki;

static void
fill_store (const char *path)
{
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64                  now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;

  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate_named (pki, "001099012345", NAME_AN, SERIAL_AN,
                                                              "SMARTCA PERSONAL PRO", now - 100 * DAY,
                                                              now + 800 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate_named (pki, "079188000111", NAME_DAO, SERIAL_DAO,
                                                              "SMARTCA BASIC", now - 10 * DAY,
                                                              now + 300 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate_named (pki, "001080000222", "Lê Văn Cũ",
                                                              SERIAL_OLD, "SMARTCA BASIC",
                                                              now - 800 * DAY, now - 30 * DAY));
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_set_default (store, smartca_store_lookup (store, SERIAL_AN), &error));
  g_assert_no_error (error);
}

void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = smartca_store_dup_default_path ();
  fixture->dir = g_dir_make_tmp ("smartca-entry-XXXXXX", &error);
  g_assert_no_error (error);
  fill_store (fixture->path);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

void
close_other_windows (Fixture *fixture)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != (gpointer) fixture->window)
      gtk_window_destroy (l->data);
  g_list_free (windows);
  run_main_loop_for (200);
}

void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  close_other_windows (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char     *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
        g_unlink (file);
      }
  }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

char *
fixture_make_pdf (Fixture    *fixture,
                  const char *name)
{
  return smartca_test_pdf_make (fixture->dir, name, 1, 0, SMARTCA_TEST_PDF_PLAIN);
}
