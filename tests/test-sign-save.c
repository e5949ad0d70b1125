/* test-sign-save.c: where the signing window writes the signed copy, under
 * Xvfb against the SmartCA sandbox over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Save As" row shows the default name; its button (by keyboard) opens
 * GTK's Save chooser and the copy is written where it was chosen; a
 * document in a folder that cannot be written makes Sign ask where to save
 * first, and cancelling that leaves nothing done.
 *
 * A folder that cannot be written: the tests run as root here, and root
 * writes in a 0555 folder anyway (access() says yes). So, as root, the
 * process enters a mount namespace of its own at start and the document's
 * folder is bind-mounted read-only in it (EROFS for everyone, root too, and
 * gone with the process); as another user, chmod 0555 is enough. When
 * neither can be done the read-only cases are skipped, not faked.
 */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "smartca-sandbox-private.h"
#include "smartca-sign-window-private.h"
#include "smartca-test-gui.h"
#include "test-sign-window-support.h"
#include "test-sign.h"

#define VALID "Signature Validation: Signature is Valid."

static SmartcaApplication *app;
static SmartcaSandbox     *sandbox;
static SmartcaStore       *store;
static SmartcaContext     *context;
static char               *tmp_dir;
static char               *nss_db;
static gboolean            own_mounts; /* root, in a mount namespace of its own */

typedef struct
{
  char              *dir;       /* where the document is */
  char              *elsewhere; /* a folder that can be written, for the copy */
  gboolean           read_only; /* dir was made read-only */
  SmartcaSignWindow *window;    /* weak */
  GPtrArray         *stages;    /* every stage shown, in order */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint n;

  fixture->dir = g_strdup_printf ("%s/case-%u", tmp_dir, ++n);
  fixture->elsewhere = g_strdup_printf ("%s/elsewhere-%u", tmp_dir, n);
  g_assert_cmpint (g_mkdir (fixture->dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->elsewhere, 0700), ==, 0);
  fixture->stages = g_ptr_array_new_with_free_func (g_free);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_pending_polls (sandbox, 1);
}

static gboolean
window_gone (gpointer data)
{
  return ((Fixture *) data)->window == NULL;
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      g_assert_true (wait_for (window_gone, fixture));
    }
  if (fixture->read_only && own_mounts)
    g_assert_cmpint (umount2 (fixture->dir, MNT_DETACH), ==, 0);
  else if (fixture->read_only)
    g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  smartca_test_remove_tree (fixture->dir);
  smartca_test_remove_tree (fixture->elsewhere);
  g_free (fixture->dir);
  g_free (fixture->elsewhere);
  g_ptr_array_unref (fixture->stages);
}

/* Makes the document's folder one that cannot be written, for real; FALSE
 * (the case skipped) when that cannot be done here */
static gboolean
make_read_only (Fixture *fixture)
{
  if (own_mounts)
    {
      if (mount (fixture->dir, fixture->dir, NULL, MS_BIND, NULL) != 0)
        return FALSE;
      fixture->read_only = TRUE;
      g_assert_cmpint (mount (NULL, fixture->dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), ==,
                       0);
    }
  else if (geteuid () != 0)
    {
      fixture->read_only = TRUE;
      g_assert_cmpint (g_chmod (fixture->dir, 0555), ==, 0);
    }
  else
    return FALSE;
  /* What the window will see */
  g_assert_cmpint (g_access (fixture->dir, W_OK), !=, 0);
  return TRUE;
}

static void
open_window (Fixture    *fixture,
             const char *path)
{
  sign_window_test_open (app, context, path, NULL, &fixture->window, fixture->stages);
}

static void
wait_for_stage (Fixture    *fixture,
                const char *stage)
{
  sign_window_test_wait_for_stage (fixture->window, stage);
}

/* Whether the signing was started (the "progress" stage shown) */
static gboolean
progressed (Fixture *fixture)
{
  for (guint i = 0; i < fixture->stages->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->stages, i), "progress"))
      return TRUE;
  return FALSE;
}

/* What the "Save As" row shows under its title */
static const char *
row_subtitle (Fixture *fixture)
{
  GtkWidget *row = find_named (GTK_WIDGET (fixture->window), "output_row");

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
assert_row_shows (Fixture    *fixture,
                  const char *name)
{
  /* The name alone, bidi-isolated (FSI … PDI) */
  g_autofree char *expected = g_strdup_printf ("\u2068%s\u2069", name);

  g_assert_cmpstr (row_subtitle (fixture), ==, expected);
}

/* GTK's Save chooser (no portal here): the name field has the focus, with
 * the proposed name; a whole path typed there saves there */
static GtkFileChooser *
wait_for_save_chooser (void)
{
  GtkWindow *dialog = wait_for_window_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  run_main_loop_for (300);
  return GTK_FILE_CHOOSER (dialog);
}

static gboolean
chooser_gone (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

/* Once the chooser is gone, the keyboard back in the window (no window
 * manager under Xvfb gives it back) */
static void
back_to_window (Fixture *fixture)
{
  g_assert_true (wait_for (chooser_gone, NULL));
  give_focus (GTK_WINDOW (fixture->window));
}

static void
save_as (const char *path)
{
  wait_for_save_chooser ();
  press ("ctrl+a");
  type (path);
  press ("Return");
}

static void
assert_valid (const char *output)
{
  g_autofree char *out = NULL;

  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  out = smartca_test_pdfsig (nss_db, output);
  g_assert_true (sign_test_contains (out, VALID));
}

/* Cases */

/* The document portal's folders are recognised; a folder that can be
 * written is not asked about */
static void
test_portal_paths (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *input = g_build_filename (fixture->dir, "a.pdf", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "a-signed.pdf", NULL);

  g_assert_true (smartca_sign_window_is_portal_path ("/run/user/1000/doc/3f2a1b7c/hợp đồng.pdf"));
  g_assert_true (smartca_sign_window_is_portal_path ("/run/flatpak/doc/3f2a1b7c/a.pdf"));
  g_assert_false (smartca_sign_window_is_portal_path ("/run/user/1000/documents/a.pdf"));
  g_assert_false (smartca_sign_window_is_portal_path ("/run/user/x/doc/1/a.pdf"));
  g_assert_false (smartca_sign_window_is_portal_path ("/home/an/doc/a.pdf"));
  g_assert_false (smartca_sign_window_is_portal_path ("/run/user/1000/doc/"));
  g_assert_true (
    smartca_sign_window_output_needs_choice ("/run/user/0/doc/1/a.pdf", "/run/user/0/doc/1/a-signed.pdf"));
  g_assert_false (smartca_sign_window_output_needs_choice (input, output));
}

/* The row shows the engine's default name, which moves on when that file
 * exists */
static void
test_row (Fixture      *fixture,
          gconstpointer data)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "hợp đồng.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *taken = g_build_filename (fixture->dir, "hợp đồng-signed.pdf", NULL);
  GtkWidget       *row;

  open_window (fixture, input);
  wait_for_stage (fixture, "place");
  assert_row_shows (fixture, "hợp đồng-signed.pdf");
  take_screenshot ("sign-save-row");
  row = find_named (GTK_WIDGET (fixture->window), "output_row");
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
  g_assert_true (adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_gone, fixture));

  g_assert_true (g_file_set_contents (taken, "x", 1, NULL));
  open_window (fixture, input);
  wait_for_stage (fixture, "place");
  assert_row_shows (fixture, "hợp đồng-signed-2.pdf");
}

/* cd.pdf in a folder that cannot be written, and Sign pressed: the Save
 * chooser it opens, before anything is signed (NULL: skipped) */
static GtkFileChooser *
sign_in_read_only_folder (Fixture *fixture)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "cd.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  GtkFileChooser  *chooser;

  if (!make_read_only (fixture))
    {
      g_test_skip ("a read-only folder cannot be made here");
      return NULL;
    }
  open_window (fixture, input);
  wait_for_stage (fixture, "place");
  press ("ctrl+Return");
  chooser = wait_for_save_chooser ();
  g_assert_cmpstr (smartca_sign_window_get_stage (fixture->window), ==, "place");
  g_assert_false (progressed (fixture));
  return chooser;
}

/* A document in a folder that cannot be written: Sign opens the Save
 * chooser first; the copy is written where chosen, and valid */
static void
test_read_only (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *output = g_build_filename (fixture->elsewhere, "cd copy.pdf", NULL);
  GtkFileChooser  *chooser = sign_in_read_only_folder (fixture);
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;

  if (chooser == NULL)
    return;
  /* Proposed: the default name, in the document's folder */
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "cd-signed.pdf");
  folder = gtk_file_chooser_get_current_folder (chooser);
  g_assert_nonnull (folder);
  folder_path = g_file_get_path (folder);
  g_assert_cmpstr (folder_path, ==, fixture->dir);
  take_screenshot ("sign-save-chooser");
  save_as (output);
  wait_for_stage (fixture, "done");
  g_assert_cmpstr (smartca_history_entry_get_output_path (smartca_sign_window_get_history_entry (fixture->window)),
                   ==, output);
  assert_valid (output);
}

/* Cancelling that chooser: back on "place", nothing signed, no file */
static void
test_read_only_cancel (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *listing = NULL;

  if (sign_in_read_only_folder (fixture) == NULL)
    return;
  press ("Escape");
  back_to_window (fixture);
  run_main_loop_for (500);
  g_assert_cmpstr (smartca_sign_window_get_stage (fixture->window), ==, "place");
  g_assert_false (progressed (fixture));
  g_assert_null (smartca_sign_window_get_history_entry (fixture->window));
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "cd.pdf");
  listing = (g_free (listing), sign_test_list_dir (fixture->elsewhere));
  g_assert_cmpstr (listing, ==, "");
}

/* The button by keyboard (the row's mnemonic): choosing the document itself
 * is refused with the engine's words, on "place"; another name is shown
 * and signed to */
static void
test_keyboard (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "memo.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *output = g_build_filename (fixture->elsewhere, "memo final.pdf", NULL);
  g_autofree char *listing = NULL;

  open_window (fixture, input);
  wait_for_stage (fixture, "place");
  press ("alt+a");
  save_as (input);
  /* GTK asks whether to replace the existing file: yes */
  run_main_loop_for (500);
  press ("Return");
  assert_toast_shows (GTK_WIDGET (fixture->window),
                      _("The signed copy cannot replace the document itself: choose another file "
                        "name for it."));
  g_assert_cmpstr (smartca_sign_window_get_stage (fixture->window), ==, "place");
  assert_row_shows (fixture, "memo-signed.pdf");

  /* Tab to the button, then Return */
  back_to_window (fixture);
  for (guint i = 0; i < 12 && gtk_root_get_focus (GTK_ROOT (fixture->window)) !=
                                find_named (GTK_WIDGET (fixture->window), "output_button");
       i++)
    press ("Tab");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) ==
                 find_named (GTK_WIDGET (fixture->window), "output_button"));
  press ("Return");
  save_as (output);
  back_to_window (fixture);
  assert_row_shows (fixture, "memo final.pdf");
  g_assert_cmpstr (smartca_sign_window_get_stage (fixture->window), ==, "place");
  press ("ctrl+Return");
  wait_for_stage (fixture, "done");
  assert_valid (output);
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "memo.pdf");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *store_path = NULL, *nss_dir = NULL;
  GBytes           *also[2] = { NULL, NULL };
  int               status;

  /* First, while the process has one thread: a mount namespace of its own,
   * whose mounts go with it */
  if (geteuid () == 0 && unshare (CLONE_NEWNS) == 0 &&
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
    own_mounts = TRUE;

  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  app = test_gui_init (&argc, &argv);
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("smartca-sign-save-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp_dir, "smartca.db", NULL);
  store = sign_test_fill_store (sandbox, store_path);
  context = sign_test_context (sandbox, store);
  g_assert_true (smartca_store_load_der (store, smartca_store_lookup (store, SIGN_SERIAL_PERSONAL),
                                         &error));
  also[0] = smartca_certificate_get_der (smartca_store_lookup (store, SIGN_SERIAL_PERSONAL));
  nss_dir = g_build_filename (tmp_dir, "nss", NULL);
  g_assert_cmpint (g_mkdir (nss_dir, 0700), ==, 0);
  nss_db = smartca_test_nss_db_new (nss_dir, smartca_sandbox_get_root_der (sandbox), also);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  /* Without a chooser (leak-checked) */
  ADD ("/sign-save/portal-paths", test_portal_paths);
  ADD ("/sign-save/row", test_row);
  /* With GTK's chooser (see tests/meson.build) */
  ADD ("/save-chooser/read-only", test_read_only);
  ADD ("/save-chooser/read-only-cancel", test_read_only_cancel);
  ADD ("/save-chooser/keyboard", test_keyboard);
#undef ADD

  status = g_test_run ();
  g_clear_object (&context);
  g_clear_object (&store);
  g_clear_object (&sandbox);
  g_clear_object (&app);
  smartca_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (nss_db);
  return status;
}
