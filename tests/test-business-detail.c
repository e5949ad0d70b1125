/* test-business-detail.c: the Detail's side of the business account — no
 * switch for a personal certificate, Change replacing only the password,
 * turning off after confirmation, and no Secret Service at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-business-dialog.h"
#include "smartca-business.h"
#include "smartca-test-gui.h"
#include "smartca-totp.h"
#include "smartca-window.h"
#include "test-business-dialog.h"

/* Saves a method 2 account as the dialog would (the keyring and the store) */
static void
save_account (App        *fixture,
              const char *password)
{
  g_autoptr(SmartcaTotpKey) key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET,
                                                          SMARTCA_TOTP_FORMAT_AUTO, NULL);
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;

  smartca_business_save_async (fixture->store, smartca_context_get_vault (fixture->context),
                               smartca_store_lookup (fixture->store, SERIAL_ABC),
                               SMARTCA_BUSINESS_METHOD_TOTP, password, key, NULL,
                               smartca_test_result_cb, &result);
  g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* A personal certificate has no business account at all. */
static void
test_personal (App          *fixture,
               gconstpointer data)
{
  GtkWidget *detail = open_detail (fixture, SERIAL_AN);

  g_assert_nonnull (find_named (detail, "business_group"));
  g_assert_false (gtk_widget_get_visible (find_named (detail, "business_group")));
  g_assert_false (shown (detail, "enabled_switch"));
  g_assert_null (card_usage (fixture, SERIAL_AN));
}

/* Change: the form comes filled from the keyring; a new password replaces
 * the old one and leaves the key as it was. */
static void
test_change_password (App          *fixture,
                      gconstpointer data)
{
  GtkWidget       *detail;
  GtkWidget       *dialog;
  g_autofree char *password = NULL;
  g_autofree char *key_hex = NULL;

  save_account (fixture, "Old@password1");
  detail = open_detail (fixture, SERIAL_ABC);
  g_assert_true (switch_on (detail));
  g_assert_cmpstr (usage_text (detail), ==, texts ()->usage_method2);

  press (texts ()->key_change);
  dialog = business_dialog ();
  g_assert_true (wait_for (form_filled, dialog));
  g_assert_cmpstr (entry_text (dialog, "password_row"), ==, "Old@password1");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (dialog, "method2_check"))));
  assert_code_shown (dialog);

  press (texts ()->key_password);
  press ("ctrl+a BackSpace");
  type ("New@password2");
  press (texts ()->key_save);
  g_assert_true (wait_for (business_is_closed, NULL));
  run_main_loop_for (200);

  password = vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  g_assert_cmpstr (password, ==, "New@password2");
  key_hex = stored_key_hex (SERIAL_ABC);
  g_assert_cmpstr (key_hex, ==, SANDBOX_KEY_HEX);
  g_assert_true (switch_on (detail));
}

/* The error after Turn Off (not the question before it) */
static gboolean
error_is_open (gpointer data)
{
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_window_is_active (dialog) &&
         adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "close");
}

/* The switch can be used again (no question, no keyring work under way). */
static gboolean
switch_usable (gpointer detail)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL &&
         gtk_widget_is_sensitive (find_named (detail, "enabled_switch"));
}

/* Turning off asks first; Cancel keeps it, Turn Off removes the secrets. */
static void
test_turn_off (App          *fixture,
               gconstpointer data)
{
  GtkWidget       *detail;
  g_autofree char *password = NULL;
  g_autofree char *key_hex = NULL;

  save_account (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD);
  detail = open_detail (fixture, SERIAL_ABC);
  g_assert_cmpstr (card_usage (fixture, SERIAL_ABC), ==, texts ()->card_method2);

  press (texts ()->key_switch);
  g_assert_true (wait_for (message_is_open, NULL));
  take_screenshot ("business-turn-off");
  press ("Escape");
  run_main_loop_for (200);
  g_assert_true (switch_on (detail));
  g_assert_true (smartca_certificate_get_business_enabled (smartca_store_lookup (fixture->store, SERIAL_ABC)));

  press (texts ()->key_switch);
  g_assert_true (wait_for (message_is_open, NULL));
  press (texts ()->key_turn_off);
  wait_business_enabled (fixture, FALSE);
  run_main_loop_for (200);
  g_assert_false (switch_on (detail));
  g_assert_cmpstr (usage_text (detail), ==, texts ()->usage_off);
  g_assert_null (card_usage (fixture, SERIAL_ABC));
  password = vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  g_assert_null (password);
  key_hex = stored_key_hex (SERIAL_ABC);
  g_assert_null (key_hex);
}

/* No Secret Service on the bus: Save says so, keeps the form, stores
 * nothing; closed, the switch is off. */
static void
test_keyring_unavailable (void)
{
  g_autofree char *password = NULL;

  if (g_test_subprocess ())
    {
      App                 fixture = { 0 };
      GtkWidget          *detail;
      GtkWidget          *dialog;
      SmartcaCertificate *certificate;
      g_autoptr(GError)   error = NULL;
      AdwMessageDialog   *error_dialog;
      /* The vault's words, up to the reason libsecret gives */
      g_auto(GStrv) sentences = g_strsplit (
        _("The keyring could not be used, so nothing secret was read or saved. Make sure a "
          "keyring service (such as GNOME Keyring) is running and unlocked. (%s)"),
        ". ", 2);
      const char *keyring_sentence = sentences[0];

      app_set_up (&fixture, NULL);
      detail = open_detail (&fixture, SERIAL_ABC);
      press (texts ()->key_switch);
      dialog = business_dialog ();
      press (texts ()->key_password);
      type (SMARTCA_SANDBOX_BUSINESS_PASSWORD);
      press (texts ()->key_save);
      g_assert_true (wait_for (message_shown, dialog));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_named (dialog, "message_row"))),
                       !=, "");
      g_assert_true (business_is_open (NULL));
      g_assert_cmpstr (entry_text (dialog, "password_row"), ==, SMARTCA_SANDBOX_BUSINESS_PASSWORD);
      g_assert_true (gtk_widget_is_sensitive (find_named (dialog, "save_button")));
      g_assert_false (smartca_certificate_get_business_enabled (smartca_store_lookup (fixture.store, SERIAL_ABC)));
      take_screenshot ("business-keyring-unavailable");

      press ("Escape");
      g_assert_true (wait_for (business_is_closed, NULL));
      run_main_loop_for (100);
      g_assert_false (switch_on (detail));

      /* Switching off cannot remove the secrets: it stays on and says why. */
      certificate = smartca_store_lookup (fixture.store, SERIAL_ABC);
      g_assert_true (smartca_store_set_business (fixture.store, certificate, TRUE,
                                                 SMARTCA_BUSINESS_METHOD_OTP, &error));
      g_assert_no_error (error);
      run_main_loop_for (100);
      g_assert_true (switch_on (detail));
      press (texts ()->key_switch);
      g_assert_true (wait_for (message_is_open, NULL));
      press (texts ()->key_turn_off);
      g_assert_true (wait_for (error_is_open, NULL));
      error_dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (error_dialog), keyring_sentence));
      take_screenshot ("business-turn-off-unavailable");
      press ("Escape");
      g_assert_true (wait_for (switch_usable, detail));
      g_assert_true (switch_on (detail));
      g_assert_true (smartca_certificate_get_business_enabled (certificate));
      app_tear_down (&fixture, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  password = vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  g_assert_null (password);
}

/* A list that can only be viewed: the switch cannot be used, and says why. */
static void
test_read_only (void)
{
  App               fixture = { 0 };
  g_autofree char  *folder = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget        *detail;
  GtkWidget        *toggle;
  gboolean          dropped;

  app_set_up (&fixture, NULL);
  gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.context);
  g_clear_object (&fixture.store);

  folder = g_path_get_dirname (fixture.path);
  g_assert_cmpint (g_chmod (fixture.path, 0400), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
  dropped = smartca_test_set_dac_override (FALSE);
  if (dropped)
    {
      fixture.store = smartca_store_new (fixture.path, &error);
      g_assert_no_error (error);
      g_assert_true (smartca_store_get_read_only (fixture.store));
      fixture.context = smartca_context_new (fixture.store, NULL, NULL);
      fixture.window = GTK_WIDGET (smartca_window_new_for_context (app, fixture.context));
      gtk_window_present (GTK_WINDOW (fixture.window));
      g_assert_true (wait_for (window_is_active, fixture.window));

      detail = open_detail (&fixture, SERIAL_ABC);
      toggle = find_named (detail, "enabled_switch");
      g_assert_true (gtk_widget_get_visible (find_named (detail, "business_group")));
      g_assert_false (gtk_widget_is_sensitive (toggle));
      g_assert_nonnull (gtk_widget_get_tooltip_text (toggle));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (toggle), !=, "");
      smartca_test_set_dac_override (TRUE);
    }
  g_chmod (folder, 0700);
  g_chmod (fixture.path, 0600);
  if (!dropped)
    {
      /* tear down what app_set_up made, without a window */
      fixture.store = smartca_test_open_store (fixture.path);
      fixture.window = gtk_window_new ();
      app_tear_down (&fixture, NULL);
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      return;
    }
  app_tear_down (&fixture, NULL);
}

/* The app quitting while a save is under way (it destroys every window at
 * once): the save still completes, keyring and store alike, instead of
 * being cancelled half-way with the keyring ahead of the store. */
static void
test_quit_mid_save (App          *fixture,
                    gconstpointer data)
{
  GtkWidget       *detail = open_detail (fixture, SERIAL_ABC);
  GtkWidget       *dialog;
  g_autofree char *password = NULL;

  press (texts ()->key_switch);
  dialog = business_dialog ();
  press (texts ()->key_password);
  type (SMARTCA_SANDBOX_BUSINESS_PASSWORD);
  /* Save, then at once what quitting does to the windows */
  g_assert_true (gtk_widget_activate_action (dialog, "business.save", NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (detail));

  wait_business_enabled (fixture, TRUE);
  g_assert_cmpint (smartca_certificate_get_business_method (smartca_store_lookup (fixture->store, SERIAL_ABC)),
                   ==, SMARTCA_BUSINESS_METHOD_OTP);
  password = vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  g_assert_cmpstr (password, ==, SMARTCA_SANDBOX_BUSINESS_PASSWORD);
}

void
business_detail_tests_add (void)
{
  g_test_add ("/business/personal", App, NULL, app_set_up, test_personal, app_tear_down);
  g_test_add ("/business/change-password", App, NULL, app_set_up, test_change_password,
              app_tear_down);
  g_test_add ("/business/turn-off", App, NULL, app_set_up, test_turn_off, app_tear_down);
  g_test_add ("/business/quit-mid-save", App, NULL, app_set_up, test_quit_mid_save, app_tear_down);
  g_test_add_func ("/business/read-only", test_read_only);
  /* Last of all (see main ()) */
  g_test_add_func ("/business/keyring-unavailable", test_keyring_unavailable);
}
