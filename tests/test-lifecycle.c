/* test-lifecycle.c: the app as a process — it shows its window before the
 * list is read, and whatever way it ends, a deletion the user made is
 * carried out in the store and the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test runs the real application (g_application_run(), start-up,
 * the store at its own path, the keyring of the session wrapper) in a
 * subprocess under Xvfb, drives it with keys sent through XTEST, and then
 * looks at what the process left on disk and in the keyring.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

#define DAY (24 * 60 * 60)
#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_ABC "54010101fedcba9876543210fedcba98"
#define SERIAL_DAO "5401010100000000000000000000beef"

/* Helpers */

static char *
business_password (const char *serial)
{
  g_autoptr(SmartcaVault) vault = smartca_vault_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  char                   *secret;

  smartca_vault_lookup_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, serial, NULL, smartca_test_result_cb,
                              &result);
  secret = smartca_vault_lookup_finish (vault, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return secret;
}

/* Three certificates at the app's own path; Nguyễn Văn An is the default
 * and has a business password in the keyring. */
static void
fill_store (void)
{
  g_autoptr(SmartcaTestPki) pki = smartca_test_pki_new ();
  g_autofree char          *path = smartca_store_dup_default_path ();
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(GPtrArray)      fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SmartcaVault)   vault = smartca_vault_new ();
  g_autoptr(GAsyncResult)   result = NULL;
  gint64                    now = g_get_real_time () / G_USEC_PER_SEC;

  smartca_test_remove_store_files (path);
  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "001099012345", "C=VN,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                            SERIAL_AN, "SMARTCA PERSONAL PRO", now - 100 * DAY, now + 800 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567", "C=VN,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                            SERIAL_ABC, "ESEAL", now - 100 * DAY, now + 30 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "079188000111", "C=VN,CN=Trần Thị Bích Đào,UID=CCCD:079188000111",
                            SERIAL_DAO, "SMARTCA BASIC", now - 10 * DAY, now + 300 * DAY));
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);

  smartca_vault_store_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_AN, "mật khẩu", NULL,
                             smartca_test_result_cb, &result);
  g_assert_true (smartca_vault_store_finish (vault, smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static SmartcaApplication *
new_app (void)
{
  SmartcaApplication *app = smartca_application_new ();

  /* Not the session's one instance: each subprocess is its own. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  return app;
}

static SmartcaWindow *
the_window (SmartcaApplication *app)
{
  SmartcaWindow *found = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (SMARTCA_IS_WINDOW (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }
  return found;
}

static guint
count_windows (SmartcaApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += SMARTCA_IS_WINDOW (l->data);
  return n;
}

static const char *
visible_page (SmartcaWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find_named (GTK_WIDGET (window), "certificates_stack")));
}

/* Deleting, then ending the app one way or another (in the subprocess) */

typedef enum
{
  END_WITH_CTRL_Q,
  END_WITH_CTRL_W,
  END_WITH_SIGTERM,
  END_WITH_SESSION,
} Ending;

typedef struct
{
  SmartcaApplication *app;
  Ending              ending;
  guint               step;
  guint               source;
} Driver;

/* Keys through XTEST, as a keyboard sends them. The app's main loop sees
 * them when this returns: nothing else runs in between. */
static void
send_keys (const char *keys)
{
  g_autofree char *command = g_strdup_printf ("xdotool key --delay 30 %s", keys);
  g_autofree char *err = NULL;
  int              status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

static gboolean
drive_cb (gpointer user_data)
{
  Driver                 *driver = user_data;
  SmartcaWindow          *window = the_window (driver->app);
  SmartcaCertificateCard *card;
  g_autoptr(GPtrArray)    cards = NULL;
  SmartcaStore           *store;

  if (window == NULL || !gtk_window_is_active (GTK_WINDOW (window)))
    return G_SOURCE_CONTINUE;

  /* Every way out below but G_SOURCE_CONTINUE ends this source. */
  switch (driver->step)
    {
    case 0:
      /* The list is there and the keyboard on its first card, the default. */
      cards = visible_cards (GTK_WIDGET (window));
      card = focused_card (GTK_WIDGET (window));
      if (cards->len != 3 || card == NULL)
        return G_SOURCE_CONTINUE;
      g_assert_cmpstr (smartca_certificate_get_serial_number (
                         smartca_certificate_card_get_certificate (card)),
                       ==, SERIAL_AN);

      /* Delete (the Delete key on the focused card). */
      driver->step++;
      send_keys ("Delete");
      return G_SOURCE_CONTINUE;

    case 1:
      /* At once, while the card is gone and its toast offers Undo: quit
       * (app.quit), close the window (window.close) or be told to stop
       * (SIGTERM). */
      store = smartca_context_get_store (smartca_window_get_context (window));
      g_assert_nonnull (smartca_store_lookup (store, SERIAL_AN));
      if (!smartca_store_is_removal_pending (store, smartca_store_lookup (store, SERIAL_AN)) ||
          find_button (GTK_WIDGET (window), "Undo") == NULL)
        return G_SOURCE_CONTINUE;
      driver->step++;
      driver->source = 0;
      switch (driver->ending)
        {
        case END_WITH_CTRL_Q:
          /* What Ctrl+Q and the menu activate. */
          g_action_group_activate_action (G_ACTION_GROUP (driver->app), "quit", NULL);
          break;
        case END_WITH_CTRL_W:
          /* What Ctrl+W and the title bar's close button activate. */
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
          break;
        case END_WITH_SESSION:
          /* What GTK emits when the session manager asks whether the
           * session may end. The window stays until the session ends. */
          g_signal_emit_by_name (driver->app, "query-end");
          g_assert_null (smartca_store_lookup (store, SERIAL_AN));
          g_assert_cmpuint (count_windows (driver->app), ==, 1);
          driver->source = g_timeout_add (50, drive_cb, driver);
          break;
        case END_WITH_SIGTERM:
        default:
          kill (getpid (), SIGTERM);
          break;
        }
      return G_SOURCE_REMOVE;

    case 2:
      /* The session ends once the keyring has answered too. */
      {
        g_auto(GStrv) left =
          smartca_store_dup_keyring_cleanup (smartca_context_get_store (smartca_window_get_context (window)));

        if (g_strv_length (left) > 0)
          return G_SOURCE_CONTINUE;
      }
      driver->step++;
      driver->source = 0;
      g_application_quit (G_APPLICATION (driver->app));
      return G_SOURCE_REMOVE;

    default:
      driver->source = 0;
      return G_SOURCE_REMOVE;
    }
}

/* Rather than hang: the app did not do what the test waited for. */
static gboolean
give_up_cb (gpointer user_data)
{
  Driver             *driver = user_data;
  SmartcaStore       *store = smartca_context_get_store (smartca_application_get_context (driver->app));
  SmartcaCertificate *an = store != NULL ? smartca_store_lookup (store, SERIAL_AN) : NULL;

  g_error ("Still running, at step %u of driving the app; %u windows; the certificate %s",
           driver->step, count_windows (driver->app),
           an == NULL ? "gone" : smartca_store_is_removal_pending (store, an) ? "pending"
                                                                              : "there");
  return G_SOURCE_REMOVE;
}

static void
run_app_deleting_then (Ending ending)
{
  g_autoptr(SmartcaApplication) app = new_app ();
  Driver                        driver = { app, ending, 0, 0 };

  guint give_up = g_timeout_add_seconds (60, give_up_cb, &driver);

  driver.source = g_timeout_add (50, drive_cb, &driver);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_handle_id (&driver.source, g_source_remove);
  g_clear_handle_id (&give_up, g_source_remove);
  g_assert_cmpuint (driver.step, >, 0);
}

/* What a restart finds: the certificate gone, exactly one default (the one
 * that took over), nothing left to do, and the keyring forgot it. */
static void
assert_deleted_for_good (void)
{
  g_autofree char        *path = smartca_store_dup_default_path ();
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  GListModel             *model;
  guint                   n_defaults = 0;
  char                   *secret;

  g_assert_no_error (error);
  model = smartca_store_get_certificates (store);
  g_assert_null (smartca_store_lookup (store, SERIAL_AN));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (model, i);

      n_defaults += smartca_certificate_get_is_default (certificate);
      g_assert_false (smartca_store_is_removal_pending (store, certificate));
    }
  g_assert_cmpuint (n_defaults, ==, 1);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (store, SERIAL_DAO)));
  {
    g_auto(GStrv) left = smartca_store_dup_keyring_cleanup (store);
    g_assert_cmpuint (g_strv_length (left), ==, 0);
  }

  secret = business_password (SERIAL_AN);
  g_assert_null (secret);
}

/* The restarted app shows it so: two cards, one Default badge. */
static gboolean
restarted_shows_two_cards_cb (gpointer user_data)
{
  SmartcaApplication  *app = user_data;
  SmartcaWindow       *window = the_window (app);
  g_autoptr(GPtrArray) cards = NULL;
  guint                n_badges = 0;

  if (window == NULL || smartca_window_get_loading (window))
    return G_SOURCE_CONTINUE;
  cards = visible_cards (GTK_WIDGET (window));
  if (cards->len < 2)
    return G_SOURCE_CONTINUE;

  g_assert_cmpuint (cards->len, ==, 2);
  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificate *certificate =
        smartca_certificate_card_get_certificate (g_ptr_array_index (cards, i));

      g_assert_cmpstr (smartca_certificate_get_serial_number (certificate), !=, SERIAL_AN);
      n_badges += gtk_widget_get_visible (find_named (g_ptr_array_index (cards, i),
                                                      "default_badge"));
    }
  g_assert_cmpuint (n_badges, ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_quit_at_once_after_delete (void)
{
  if (g_test_subprocess ())
    {
      if (g_strcmp0 (g_getenv ("SMARTCA_TEST_STEP"), "restart") == 0)
        {
          g_autoptr(SmartcaApplication) app = new_app ();
          Driver                        driver = { app, END_WITH_CTRL_Q, 0, 0 };
          guint                         give_up = g_timeout_add_seconds (60, give_up_cb, &driver);

          g_timeout_add (50, restarted_shows_two_cards_cb, app);
          g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
          g_clear_handle_id (&give_up, g_source_remove);
        }
      else
        run_app_deleting_then (END_WITH_CTRL_Q);
      return;
    }

  fill_store ();
  g_setenv ("SMARTCA_TEST_STEP", "delete", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  assert_deleted_for_good ();

  g_setenv ("SMARTCA_TEST_STEP", "restart", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("SMARTCA_TEST_STEP");
}

static void
test_sigterm_after_delete (void)
{
  if (g_test_subprocess ())
    {
      run_app_deleting_then (END_WITH_SIGTERM);
      return;
    }

  fill_store ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  assert_deleted_for_good ();
}

static void
test_close_window_after_delete (void)
{
  if (g_test_subprocess ())
    {
      run_app_deleting_then (END_WITH_CTRL_W);
      return;
    }

  fill_store ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  assert_deleted_for_good ();
}

/* Started, then activated twice at once (as a second launch would): one
 * window, shown before the list is read and saying so; the list follows. */
static gboolean
has_three_cards (gpointer data)
{
  SmartcaWindow       *window = the_window (data);
  g_autoptr(GPtrArray) cards = NULL;

  if (window == NULL)
    return FALSE;
  cards = visible_cards (GTK_WIDGET (window));
  return cards->len == 3;
}

static void
test_window_before_the_list (void)
{
  g_autoptr(SmartcaApplication) app = NULL;
  SmartcaContext               *context;
  SmartcaWindow                *window;
  g_autoptr(GString)            text = g_string_new ("|");

  if (!g_test_subprocess ())
    {
      fill_store ();
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  app = new_app ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  context = smartca_application_get_context (app);
  g_assert_nonnull (context);

  /* Start-up began reading the list; nothing waits for it. */
  g_application_activate (G_APPLICATION (app));
  g_application_activate (G_APPLICATION (app));
  g_assert_cmpuint (count_windows (app), ==, 1);
  window = the_window (app);
  g_assert_true (smartca_context_get_loading (context));
  g_assert_null (smartca_context_get_store (context));
  g_assert_true (smartca_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "loading");
  collect_text (GTK_WIDGET (window), text);
  g_assert_nonnull (strstr (text->str, "|Loading Certificates…|"));
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (window), "add_button")));

  /* The list appears in the same window. */
  g_assert_true (wait_for (has_three_cards, app));
  g_assert_cmpuint (count_windows (app), ==, 1);
  g_assert_true (the_window (app) == window);
  g_assert_false (smartca_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "list");
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (window), "add_button")));
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (window), "refresh_button")));

  /* Activated again later: still that window. */
  g_application_activate (G_APPLICATION (app));
  run_main_loop_for (100);
  g_assert_cmpuint (count_windows (app), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  run_main_loop_for (100);
}

static void
test_session_end_after_delete (void)
{
  if (g_test_subprocess ())
    {
      run_app_deleting_then (END_WITH_SESSION);
      return;
    }

  fill_store ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  assert_deleted_for_good ();
}

int
main (int   argc,
      char *argv[])
{
  test_init_gettext ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/lifecycle/window-before-the-list", test_window_before_the_list);
  g_test_add_func ("/lifecycle/quit-at-once-after-delete", test_quit_at_once_after_delete);
  g_test_add_func ("/lifecycle/sigterm-after-delete", test_sigterm_after_delete);
  g_test_add_func ("/lifecycle/close-window-after-delete", test_close_window_after_delete);
  g_test_add_func ("/lifecycle/session-end-after-delete", test_session_end_after_delete);

  return g_test_run ();
}
