/* test-business-dialog.c: the Detail's "Business SmartCA account" switch,
 * the business dialog (methods 1 and 2, the secret key typed, pasted or
 * from a QR code, the live code, the clock hint) and the card's usage line,
 * driven from the keyboard under Xvfb; the helpers the Detail's tests
 * (test-business-detail.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-business-dialog.h"
#include "smartca-business.h"
#include "smartca-certificate-card.h"
#include "smartca-check-dialog.h"
#include "smartca-detail-dialog.h"
#include "smartca-sandbox.h"
#include "smartca-test-gui.h"
#include "smartca-test-image.h"
#include "smartca-test-pki.h"
#include "smartca-test-qr.h"
#include "smartca-totp.h"
#include "smartca-window.h"
#include "test-business-dialog.h"

SmartcaApplication *app;
SmartcaTestPki     *pki;
SmartcaSandbox     *sandbox;

/* Expected texts, per language the test runs in */

/* clang-format off */
static const Texts texts_en = {
  "_Business SmartCA account", "Off",
  "Method 1 — OTP from an authenticator app", "Method 2 — automatic TOTP with the secret key",
  "OTP authentication usage  Method 1", "OTP authentication usage  Method 2",
  "Business SmartCA Account",
  "alt+b", "alt+p", "alt+e", "alt+s", "alt+g", "alt+t", "alt+i", "alt+k",
};
static const Texts texts_vi = {
  "Tài khoản SmartCA _doanh nghiệp", "Tắt",
  "Phương thức 1 — mã OTP từ ứng dụng xác thực", "Phương thức 2 — tự động tính TOTP từ khóa bí mật",
  "Sử dụng xác thực OTP  Phương thức 1", "Sử dụng xác thực OTP  Phương thức 2",
  "Tài khoản SmartCA doanh nghiệp",
  "alt+d", "alt+m", "alt+k", "alt+l", "alt+i", "alt+t", "alt+q", "alt+r",
};
/* clang-format on */

const Texts *
texts (void)
{
  return test_language_is_vi () ? &texts_vi : &texts_en;
}

/* The keyring */

/* The keyring is read in a context of its own: the window's X events
 * (another process taking the selection, in the keyring-unavailable run)
 * wait for the window's next turn. */
static GAsyncResult *
wait_private (GMainContext  *context,
              GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  return *slot;
}

char *
vault_get (SmartcaSecretKind kind,
           const char       *serial)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SmartcaVault) vault = smartca_vault_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  char                   *secret;

  g_main_context_push_thread_default (context);
  smartca_vault_lookup_async (vault, kind, serial, NULL, smartca_test_result_cb, &result);
  secret = smartca_vault_lookup_finish (vault, wait_private (context, &result), &error);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (error);
  return secret;
}

void
vault_clear (SmartcaSecretKind kind,
             const char       *serial)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SmartcaVault) vault = smartca_vault_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  smartca_vault_clear_async (vault, kind, serial, NULL, smartca_test_result_cb, &result);
  smartca_vault_clear_finish (vault, wait_private (context, &result), NULL);
  g_main_context_pop_thread_default (context);
}

/* The key the keyring holds, as its bytes in hex; NULL when none */
char *
stored_key_hex (const char *serial)
{
  g_autofree char          *text = vault_get (SMARTCA_SECRET_BUSINESS_KEY, serial);
  g_autoptr(SmartcaTotpKey) key = NULL;
  const guint8             *bytes;
  gsize                     length;
  GString                  *hex = g_string_new (NULL);

  if (text == NULL)
    return g_string_free (hex, TRUE);
  key = smartca_totp_key_parse (text, SMARTCA_TOTP_FORMAT_AUTO, NULL);
  g_assert_nonnull (key);
  bytes = smartca_totp_key_get_bytes (key, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* Fixture: a personal and a business certificate, the app's window */

void
app_set_up (App          *fixture,
            gconstpointer data)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)    error = NULL;
  gint64               now = smartca_test_now ();

  fixture->path = smartca_store_dup_default_path ();
  fixture->store = smartca_test_open_store (fixture->path);
  g_ptr_array_add (fresh, smartca_test_pki_person (pki, SERIAL_AN, "Nguyễn Văn An", "001099012345"));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567",
                            "C=VN,ST=HÀ NỘI,L=Hoàn Kiếm,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                            SERIAL_ABC, "SMARTCA TH DOANH NGHIỆP", now - 86400, now + 300 * 86400));
  g_assert_true (smartca_store_upsert (fixture->store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  smartca_context_set_url_override (fixture->context, smartca_sandbox_get_base_url (sandbox));
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

void
app_tear_down (App          *fixture,
               gconstpointer data)
{
  GType types[] = { SMARTCA_TYPE_CHECK_DIALOG, SMARTCA_TYPE_BUSINESS_DIALOG, ADW_TYPE_MESSAGE_DIALOG,
                    SMARTCA_TYPE_DETAIL_DIALOG };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWindow *window;

      while ((window = find_toplevel (types[i])) != NULL)
        gtk_window_destroy (window);
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  g_clear_object (&fixture->context);
  smartca_test_remove_store_and_images (&fixture->store, fixture->path);
  g_free (fixture->path);
  vault_clear (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  vault_clear (SMARTCA_SECRET_BUSINESS_KEY, SERIAL_ABC);
  smartca_sandbox_set_clock_offset (sandbox, 0);
}

/* Windows */

gboolean
detail_is_open (gpointer data)
{
  GtkWindow *detail = find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG);

  return detail != NULL && gtk_window_is_active (detail);
}

gboolean
business_is_open (gpointer data)
{
  GtkWindow *dialog = find_toplevel (SMARTCA_TYPE_BUSINESS_DIALOG);

  return dialog != NULL && gtk_window_is_active (dialog);
}

gboolean
business_is_closed (gpointer data)
{
  return find_toplevel (SMARTCA_TYPE_BUSINESS_DIALOG) == NULL;
}

gboolean
check_is_open (gpointer data)
{
  GtkWindow *dialog = find_toplevel (SMARTCA_TYPE_CHECK_DIALOG);

  return dialog != NULL && gtk_window_is_active (dialog);
}

gboolean
check_is_closed (gpointer data)
{
  return find_toplevel (SMARTCA_TYPE_CHECK_DIALOG) == NULL;
}

/* Check Account opened (what it says is test-check-dialog's business) */
void
close_check_dialog (void)
{
  g_assert_true (wait_for (check_is_open, NULL));
  press ("Escape");
  g_assert_true (wait_for (check_is_closed, NULL));
  run_main_loop_for (100);
}

gboolean
message_is_open (gpointer data)
{
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_window_is_active (dialog);
}

gboolean
business_enabled_is (gpointer data)
{
  SmartcaCertificate *certificate = g_object_get_data (data, "certificate");

  return smartca_certificate_get_business_enabled (certificate) ==
         GPOINTER_TO_INT (g_object_get_data (data, "expected"));
}

void
wait_business_enabled (App     *fixture,
                       gboolean expected)
{
  g_autoptr(GObject) probe = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (probe, "certificate", smartca_store_lookup (fixture->store, SERIAL_ABC));
  g_object_set_data (probe, "expected", GINT_TO_POINTER (expected));
  g_assert_true (wait_for (business_enabled_is, probe));
}

GtkWidget *
open_detail (App        *fixture,
             const char *serial)
{
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", serial));
  g_assert_true (wait_for (detail_is_open, NULL));
  return GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
}

GtkWidget *
business_dialog (void)
{
  g_assert_true (wait_for (business_is_open, NULL));
  return GTK_WIDGET (find_toplevel (SMARTCA_TYPE_BUSINESS_DIALOG));
}

const char *
usage_text (GtkWidget *detail)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (detail, "usage_row")));
}

gboolean
switch_on (GtkWidget *detail)
{
  return gtk_switch_get_active (GTK_SWITCH (find_named (detail, "enabled_switch")));
}

const char *
entry_text (GtkWidget  *dialog,
            const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, name)));
}

gboolean
message_shown (gpointer dialog)
{
  return gtk_widget_get_mapped (find_named (dialog, "message_row"));
}

gboolean
secret_filled (gpointer dialog)
{
  return entry_text (dialog, "secret_row")[0] != '\0';
}

/* The Caps Lock indicator of a password field, shown */
gboolean
caps_lock_shown (GtkWidget *widget)
{
  if (GTK_IS_IMAGE (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "caps-lock-symbolic") == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (caps_lock_shown (c))
      return TRUE;
  return FALSE;
}

/* The saved account has come from the keyring. */
gboolean
form_filled (gpointer dialog)
{
  return entry_text (dialog, "password_row")[0] != '\0' &&
         gtk_widget_is_sensitive (find_named (dialog, "save_button"));
}

gboolean
shown (GtkWidget  *root,
       const char *name)
{
  GtkWidget *widget = find_named (root, name);

  g_assert_nonnull (widget);
  return gtk_widget_get_mapped (widget);
}

GtkWidget *
card_of (App        *fixture,
         const char *serial)
{
  g_autoptr(GPtrArray) cards = NULL;

  run_main_loop_for (100);
  cards = visible_cards (fixture->window);
  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificate *c = smartca_certificate_card_get_certificate (g_ptr_array_index (cards, i));

      if (g_strcmp0 (smartca_certificate_get_serial_number (c), serial) == 0)
        return g_ptr_array_index (cards, i);
    }
  g_assert_not_reached ();
}

const char *
card_usage (App        *fixture,
            const char *serial)
{
  GtkWidget *label = find_named (card_of (fixture, serial), "business_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* The code the dialog shows, as it must be: that of now, or of the step
 * before when it rolled over between the two readings. */
void
assert_code_shown (GtkWidget *dialog)
{
  g_autoptr(SmartcaTotpKey) key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET,
                                                          SMARTCA_TOTP_FORMAT_BASE64, NULL);
  g_autoptr(GString)        label = NULL;
  char                      before[SMARTCA_TOTP_DIGITS + 1];
  char                      after[SMARTCA_TOTP_DIGITS + 1];

  run_main_loop_for (100);
  g_assert_true (shown (dialog, "code_label"));
  smartca_totp_key_code (key, g_get_real_time () / G_USEC_PER_SEC - 2, before);
  label = g_string_new (gtk_label_get_label (GTK_LABEL (find_named (dialog, "code_label"))));
  smartca_totp_key_code (key, g_get_real_time () / G_USEC_PER_SEC, after);
  /* "287 082": grouped as authenticator apps show it */
  g_assert_cmpint (label->len, ==, 7);
  g_assert_cmpint (label->str[3], ==, ' ');
  g_string_erase (label, 3, 1);
  if (strcmp (label->str, after) != 0)
    g_assert_cmpstr (label->str, ==, before);
  g_assert_false (shown (dialog, "secret_error_label"));
}

/* Tests */

/* Method 1: the switch, the password, Save. */
static void
test_method1 (App          *fixture,
              gconstpointer data)
{
  GtkWidget       *detail = open_detail (fixture, SERIAL_ABC);
  GtkWidget       *dialog;
  GtkEditable     *text;
  g_autofree char *password = NULL;
  g_autofree char *im_module = NULL;
  GtkInputPurpose  purpose;

  g_assert_true (shown (detail, "enabled_switch"));
  g_assert_false (switch_on (detail));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_named (detail, "switch_row"))),
                   ==, texts ()->switch_title);
  g_assert_cmpstr (usage_text (detail), ==, texts ()->usage_off);
  g_assert_false (shown (detail, "change_button"));
  take_screenshot ("business-detail-off");

  /* Alt+B: the switch's mnemonic turns it on and opens the dialog. */
  press (texts ()->key_switch);
  dialog = business_dialog ();
  g_assert_true (switch_on (detail));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, texts ()->dialog_title);
  /* Method 1 first, with no secret key */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (dialog, "method1_check"))));
  g_assert_false (shown (dialog, "secret_row"));
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "save_button")));

  /* The password is typed exactly: no input method may rewrite it. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (find_named (dialog, "password_row")));
  g_object_get (text, "im-module", &im_module, "input-purpose", &purpose, NULL);
  g_assert_cmpstr (im_module, ==, "gtk-im-context-simple");
  g_assert_cmpint (purpose, ==, GTK_INPUT_PURPOSE_PASSWORD);

  press (texts ()->key_password);
  type (SMARTCA_SANDBOX_BUSINESS_PASSWORD);
  g_assert_cmpstr (entry_text (dialog, "password_row"), ==, SMARTCA_SANDBOX_BUSINESS_PASSWORD);

  /* Caps Lock on shows beside the password */
  g_assert_false (caps_lock_shown (find_named (dialog, "password_row")));
  press ("Caps_Lock");
  g_assert_true (caps_lock_shown (find_named (dialog, "password_row")));
  take_screenshot ("business-caps-lock");
  press ("Caps_Lock");
  g_assert_false (caps_lock_shown (find_named (dialog, "password_row")));
  g_assert_true (gtk_widget_is_sensitive (find_named (dialog, "save_button")));
  take_screenshot ("business-method1");

  press (texts ()->key_save);
  g_assert_true (wait_for (business_is_closed, NULL));
  wait_business_enabled (fixture, TRUE);

  /* The keyring has the password; the store, the flag and the method */
  password = vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  g_assert_cmpstr (password, ==, SMARTCA_SANDBOX_BUSINESS_PASSWORD);
  g_assert_null (vault_get (SMARTCA_SECRET_BUSINESS_KEY, SERIAL_ABC));
  g_assert_cmpint (smartca_certificate_get_business_method (
                     smartca_store_lookup (fixture->store, SERIAL_ABC)),
                   ==, SMARTCA_BUSINESS_METHOD_OTP);
  {
    g_autoptr(GError)       error = NULL;
    g_autoptr(SmartcaStore) reopened = smartca_store_new (fixture->path, &error);

    g_assert_no_error (error);
    g_assert_true (smartca_certificate_get_business_enabled (smartca_store_lookup (reopened, SERIAL_ABC)));
  }

  /* The Detail and the card say so. */
  run_main_loop_for (100);
  g_assert_true (switch_on (detail));
  g_assert_cmpstr (usage_text (detail), ==, texts ()->usage_method1);
  g_assert_true (shown (detail, "change_button"));
  g_assert_true (shown (detail, "check_button"));
  g_assert_cmpstr (card_usage (fixture, SERIAL_ABC), ==, texts ()->card_method1);
  take_screenshot ("business-detail-method1");
  gtk_window_destroy (GTK_WINDOW (detail));
  take_screenshot ("business-card-method1");
}

/* Turning on and closing without saving leaves it off. */
static void
test_cancel (App          *fixture,
             gconstpointer data)
{
  GtkWidget *detail = open_detail (fixture, SERIAL_ABC);

  press (texts ()->key_switch);
  business_dialog ();
  press (texts ()->key_password);
  type ("abc");
  press ("Escape");
  g_assert_true (wait_for (business_is_closed, NULL));
  run_main_loop_for (100);
  g_assert_false (switch_on (detail));
  g_assert_false (smartca_certificate_get_business_enabled (smartca_store_lookup (fixture->store, SERIAL_ABC)));
  g_assert_null (vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC));
}

/* Method 2: the secret key in every form the user may have it. */
static void
test_method2 (App          *fixture,
              gconstpointer data)
{
  GtkWidget            *detail = open_detail (fixture, SERIAL_ABC);
  GtkWidget            *dialog;
  GdkClipboard         *clipboard;
  g_autoptr(GBytes)     png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char      *password = NULL;
  g_autofree char      *key_hex = NULL;

  press (texts ()->key_switch);
  dialog = business_dialog ();
  press ("alt+2");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (dialog, "method2_check"))));
  g_assert_true (shown (dialog, "secret_row"));
  press (texts ()->key_password);
  type (SMARTCA_SANDBOX_BUSINESS_PASSWORD);
  /* A password alone is not enough for method 2. */
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "save_button")));

  /* Base64, as VNPT's samples write it */
  press (texts ()->key_secret);
  type (SMARTCA_SANDBOX_BUSINESS_SECRET);
  assert_code_shown (dialog);
  g_assert_true (gtk_widget_is_sensitive (find_named (dialog, "save_button")));
  take_screenshot ("business-method2-code");

  /* Not a key: said inline, and Save waits */
  press ("ctrl+a BackSpace");
  type ("not a key!");
  g_assert_true (shown (dialog, "secret_error_label"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (dialog, "secret_error_label"))), !=, "");
  g_assert_false (shown (dialog, "code_label"));
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "save_button")));
  take_screenshot ("business-method2-error");

  /* Base32 with spaces, as an authenticator app shows it */
  press ("ctrl+a BackSpace");
  type ("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  assert_code_shown (dialog);

  /* An otpauth:// URI, pasted */
  clipboard = gtk_widget_get_clipboard (dialog);
  gdk_clipboard_set_text (clipboard, OTPAUTH_URI);
  press ("ctrl+a BackSpace");
  g_assert_cmpstr (entry_text (dialog, "secret_row"), ==, "");
  press ("ctrl+v");
  g_assert_cmpstr (entry_text (dialog, "secret_row"), ==, OTPAUTH_URI);
  assert_code_shown (dialog);

  /* A picture of the QR code, pasted */
  press ("ctrl+a BackSpace");
  png = smartca_test_qr_png (OTPAUTH_URI, 6, SMARTCA_TEST_QR_PLAIN);
  texture = gdk_texture_new_from_bytes (png, NULL);
  g_assert_nonnull (texture);
  gdk_clipboard_set_texture (clipboard, texture);
  press ("ctrl+v");
  run_main_loop_for (300);
  g_assert_cmpstr (entry_text (dialog, "secret_row"), ==, OTPAUTH_URI);
  assert_code_shown (dialog);

  /* Check Account, with the form as it is */
  press (texts ()->key_check);
  close_check_dialog ();

  press (texts ()->key_save);
  g_assert_true (wait_for (business_is_closed, NULL));
  wait_business_enabled (fixture, TRUE);
  password = vault_get (SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_ABC);
  g_assert_cmpstr (password, ==, SMARTCA_SANDBOX_BUSINESS_PASSWORD);
  key_hex = stored_key_hex (SERIAL_ABC);
  g_assert_cmpstr (key_hex, ==, SANDBOX_KEY_HEX);
  g_assert_cmpint (smartca_certificate_get_business_method (smartca_store_lookup (fixture->store, SERIAL_ABC)),
                   ==, SMARTCA_BUSINESS_METHOD_TOTP);
  run_main_loop_for (100);
  g_assert_cmpstr (usage_text (detail), ==, texts ()->usage_method2);
  g_assert_cmpstr (card_usage (fixture, SERIAL_ABC), ==, texts ()->card_method2);
  take_screenshot ("business-detail-method2");

  /* Check Account in the Detail: the saved account */
  press (texts ()->key_check);
  close_check_dialog ();
}

/* When this computer's clock is off from SmartCA's (as its last answer
 * said), the code says so. */
static void
test_clock_hint (App          *fixture,
                 gconstpointer data)
{
  g_autoptr(GAsyncResult)  result = NULL;
  g_autoptr(GError)        error = NULL;
  g_autoptr(SmartcaClient) client = NULL;
  g_autoptr(GPtrArray)     found = NULL;
  GtkWidget               *dialog;

  smartca_sandbox_set_clock_offset (sandbox, -300);
  smartca_context_prepare_client_async (fixture->context, NULL, smartca_test_result_cb, &result);
  client = smartca_context_prepare_client_finish (fixture->context, smartca_test_wait_result (&result),
                                                  &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  smartca_client_get_certificates_async (client, "0101234567", NULL, NULL, smartca_test_result_cb,
                                         &result);
  found = smartca_client_get_certificates_finish (client, smartca_test_wait_result (&result), &error);
  g_assert_no_error (error);

  open_detail (fixture, SERIAL_ABC);
  press (texts ()->key_switch);
  dialog = business_dialog ();
  press ("alt+2");
  press (texts ()->key_secret);
  type (SMARTCA_SANDBOX_BUSINESS_SECRET);
  run_main_loop_for (200);
  g_assert_true (shown (dialog, "clock_hint_label"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (dialog, "clock_hint_label"))), !=, "");
  take_screenshot ("business-clock-hint");
}

/* "From QR Image…": a PNG file of the QR code, chosen in GTK's file
 * chooser from the keyboard */
static void
test_qr_file (App          *fixture,
              gconstpointer data)
{
  g_autofree char  *folder = g_dir_make_tmp ("smartca-qr-XXXXXX", NULL);
  g_autofree char  *path = g_build_filename (folder, "vnpt-smartca-qr.png", NULL);
  g_autoptr(GBytes) png = smartca_test_qr_png (OTPAUTH_URI, 6, SMARTCA_TEST_QR_PLAIN);
  g_autoptr(GError) error = NULL;
  GtkWidget        *dialog;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      &error));
  g_assert_no_error (error);

  open_detail (fixture, SERIAL_ABC);
  press (texts ()->key_switch);
  dialog = business_dialog ();
  press ("alt+2");
  press (texts ()->key_qr);
  choose_file (path);
  g_assert_true (wait_for (secret_filled, dialog));
  g_assert_cmpstr (entry_text (dialog, "secret_row"), ==, OTPAUTH_URI);
  assert_code_shown (dialog);

  g_unlink (path);
  g_rmdir (folder);
}

/* Every control of the dialog is reached with Tab. */
static void
test_tab_reaches_everything (App          *fixture,
                             gconstpointer data)
{
  const char *names[] = { "method1_row", "method2_row", "password_row", "get_key_link", "secret_row",
                          "qr_button", "code_row", "check_button", "save_button", "cancel_button" };
  gboolean    reached[G_N_ELEMENTS (names)] = { FALSE };
  GtkWidget  *dialog;

  open_detail (fixture, SERIAL_ABC);
  press (texts ()->key_switch);
  dialog = business_dialog ();
  press ("alt+2");
  press (texts ()->key_password);
  type ("x");
  press (texts ()->key_secret);
  type (SMARTCA_SANDBOX_BUSINESS_SECRET);

  for (guint i = 0; i < 24; i++)
    {
      GtkWidget *focus;

      press ("Tab");
      focus = gtk_window_get_focus (GTK_WINDOW (dialog));
      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          GtkWidget *widget = find_named (dialog, names[n]);

          if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
            reached[n] = TRUE;
        }
    }
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    if (!reached[n])
      g_error ("Tab never reached %s", names[n]);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int               status;

  /* The keyring-unavailable run has no session bus at all. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--GTestSubprocess"))
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/smartca-test-bus", TRUE);

  /* The sandbox's service provider account, for the clock hint's lookup */
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  app = test_gui_init (&argc, &argv);
  /* The file chooser opens where the test runs, not on recent files */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  pki = smartca_test_pki_new ();
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

  g_test_add ("/business/method1", App, NULL, app_set_up, test_method1, app_tear_down);
  g_test_add ("/business/cancel", App, NULL, app_set_up, test_cancel, app_tear_down);
  g_test_add ("/business/method2", App, NULL, app_set_up, test_method2, app_tear_down);
  g_test_add ("/business/clock-hint", App, NULL, app_set_up, test_clock_hint, app_tear_down);
  g_test_add ("/business/tab", App, NULL, app_set_up, test_tab_reaches_everything, app_tear_down);
  /* Last: its run without a keyring takes the X selection from this
   * process, whose handling by GTK 4.8 leaks once this window looks at it
   * again (after the last test, it never does). */
  business_detail_tests_add ();
  /* GTK's own file chooser: run without leak checking (tests/meson.build) */
  g_test_add ("/qr-chooser/file", App, NULL, app_set_up, test_qr_file, app_tear_down);

  status = g_test_run ();
  g_clear_object (&sandbox);
  smartca_test_pki_free (pki);
  g_object_unref (app);
  return status;
}
