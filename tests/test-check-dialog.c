/* test-check-dialog.c: "Check Account" driven from the keyboard under Xvfb,
 * against the sandbox's business signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "smartca-business.h"
#include "smartca-check-dialog.h"
#include "smartca-lookup.h"
#include "smartca-sandbox.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-totp.h"

/* MST 0101234567's TH certificate: a business one, with a key the sandbox
 * signs with. */
#define BUSINESS_USER "0101234567"
#define BUSINESS_SERIAL "540101011111222233334444555566aa"

static SmartcaApplication *app;
static SmartcaSandbox     *sandbox;

/* What the user reads, in the language of the run */

typedef struct
{
  const char *works;
  const char *works_explanation;
  const char *wrong_password;
  const char *wrong_otp;
  const char *not_active;
  const char *cancelled;
  const char *keyring;
  const char *nothing_stored;
  const char *signing;
  const char *only_digits;
  const char *otp_prompt;
  const char *refused;
  const char *bad_signature;
  const char *unreachable;
} Texts;

/* clang-format off */
static const Texts texts_en = {
  "The account works",
  "SmartCA signed a test digest and the signature matches this certificate.",
  "Wrong password",
  "Wrong or expired code",
  "The certificate is not active",
  "Check cancelled",
  "The keyring cannot be reached",
  "Nothing is stored for this account",
  "Signing a test digest with SmartCA…",
  "Only digits: the code is the 6 digits your authenticator app shows.",
  "Enter the code from your authenticator app",
  "SmartCA refused the test signature",
  "The signature does not match",
  "SmartCA cannot be reached",
};
static const Texts texts_vi = {
  "Tài khoản hoạt động tốt",
  "SmartCA đã ký một bản tóm lược thử và chữ ký khớp với chứng thư số này.",
  "Sai mật khẩu",
  "Mã sai hoặc đã hết hạn",
  "Chứng thư số không hoạt động",
  "Đã hủy kiểm tra",
  "Không truy cập được kho khóa",
  "Chưa lưu thông tin cho tài khoản này",
  "Đang ký một bản tóm lược thử với SmartCA…",
  "Chỉ nhập chữ số: mã là 6 chữ số mà ứng dụng xác thực hiển thị.",
  "Nhập mã từ ứng dụng xác thực của bạn",
  "SmartCA từ chối chữ ký thử",
  "Chữ ký không khớp",
  "Không kết nối được SmartCA",
};
/* clang-format on */

static const Texts *
texts (void)
{
  return test_language_is_vi () ? &texts_vi : &texts_en;
}

/* Fixture: a store holding the business certificate, a parent window */

typedef struct
{
  char               *path;
  SmartcaStore       *store;
  SmartcaContext     *context;
  SmartcaCertificate *certificate;
  SmartcaTotpKey     *key;
  GtkWidget          *parent;
  GtkWidget          *dialog; /* weak */
  guint               signs_before;
} Fixture;

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError)        error = NULL;
  g_autoptr(SmartcaLookup) lookup = NULL;
  Wait                     wait = { NULL };

  fixture->path = smartca_store_dup_default_path ();
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  smartca_context_set_url_override (fixture->context, smartca_sandbox_get_base_url (sandbox));

  lookup = smartca_lookup_new (fixture->context);
  smartca_lookup_add_async (lookup, BUSINESS_USER, BUSINESS_SERIAL, NULL, store_result_cb, &wait);
  g_assert_true (wait_for (has_result, &wait));
  g_assert_true (smartca_lookup_add_finish (lookup, wait.result, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  fixture->certificate = g_object_ref (smartca_store_lookup (fixture->store, BUSINESS_SERIAL));
  g_assert_true (smartca_certificate_get_is_business (fixture->certificate));

  fixture->key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET, SMARTCA_TOTP_FORMAT_AUTO,
                                         &error);
  g_assert_no_error (error);

  fixture->parent = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->parent), 700, 560);
  gtk_window_present (GTK_WINDOW (fixture->parent));
  g_assert_true (wait_for (window_is_active, fixture->parent));
  fixture->signs_before = smartca_sandbox_get_sign_count (sandbox);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_null (fixture->dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  run_main_loop_for (100);

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_delay (sandbox, 0);
  smartca_sandbox_set_clock_offset (sandbox, 0);
  smartca_sandbox_set_status (sandbox, BUSINESS_SERIAL, "Đang hoạt động");

  g_clear_pointer (&fixture->key, smartca_totp_key_free);
  g_clear_object (&fixture->certificate);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  g_free (fixture->path);
}

/* Reading the dialog */

static GtkWidget *
part (Fixture    *fixture,
      const char *id)
{
  GtkWidget *widget = find_named (fixture->dialog, id);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
page_name (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (part (fixture, "stack")));
}

static gboolean
result_shown (gpointer data)
{
  Fixture *fixture = data;

  return fixture->dialog != NULL && g_strcmp0 (page_name (fixture), "result") == 0;
}

static gboolean
otp_page_shown (gpointer data)
{
  Fixture *fixture = data;

  GtkWidget *focus;

  if (fixture->dialog == NULL || g_strcmp0 (page_name (fixture), "otp") != 0)
    return FALSE;
  /* Typing goes into the field (its text, inside the entry). */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->dialog));
  return focus != NULL && gtk_widget_is_ancestor (focus, part (fixture, "otp_entry"));
}

static gboolean
dialog_is_closed (gpointer data)
{
  return ((Fixture *) data)->dialog == NULL;
}

static const char *
result_title (Fixture *fixture)
{
  return adw_status_page_get_title (ADW_STATUS_PAGE (part (fixture, "result_page")));
}

/* The result page's text as shown (markup parsed). */
static char *
result_text (Fixture *fixture)
{
  GString *text = g_string_new (NULL);

  collect_text (part (fixture, "result_page"), text);
  return g_string_free (text, FALSE);
}

static GtkWidget *
focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->dialog));
}

/* The page a screen reader is told about: an alert, named and described
 * as shown. */
static void
assert_announced (GtkWidget  *alert,
                  const char *label)
{
  g_autofree char *mismatch = NULL;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (alert)), ==,
                   GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_true (gtk_widget_get_visible (alert));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (alert),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (alert),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  g_assert_null (mismatch);
}

static void
open_dialog (Fixture            *fixture,
             SmartcaCheckDialog *dialog)
{
  fixture->dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (window_is_active, dialog));
}

/* The dialog as the business dialog opens it, with the form's password
 * and (method 2) key. */
static void
open_check (Fixture        *fixture,
            const char     *password,
            SmartcaTotpKey *key)
{
  open_dialog (fixture, smartca_check_dialog_new (GTK_WINDOW (fixture->parent), fixture->context,
                                                  fixture->certificate, password, key));
}

/* The dialog as the Detail opens it, for the account as saved. */
static void
open_saved (Fixture *fixture)
{
  open_dialog (fixture, smartca_check_dialog_new_saved (GTK_WINDOW (fixture->parent),
                                                        fixture->context, fixture->certificate));
}

/* Closes the dialog from the keyboard (Escape). */
static void
close_dialog (Fixture *fixture)
{
  press ("Escape");
  g_assert_true (wait_for (dialog_is_closed, fixture));
}

static void
assert_result (Fixture    *fixture,
               const char *title)
{
  g_assert_true (wait_for (result_shown, fixture));
  g_assert_cmpstr (result_title (fixture), ==, title);
  assert_announced (part (fixture, "result_page"), title);
}

/* A code the sandbox does not take now: none of the three it accepts. */
static void
wrong_code (SmartcaTotpKey *key,
            char            code[SMARTCA_TOTP_DIGITS + 1])
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint candidate = 123456;; candidate = (candidate + 111111) % 1000000)
    {
      gboolean taken = FALSE;

      g_snprintf (code, SMARTCA_TOTP_DIGITS + 1, "%06u", candidate);
      for (int step = -2; step <= 2; step++)
        {
          char valid[SMARTCA_TOTP_DIGITS + 1];

          smartca_totp_key_code (key, now + step * SMARTCA_TOTP_PERIOD, valid);
          taken = taken || g_str_equal (valid, code);
        }
      if (!taken)
        return;
    }
}

/* Tests */

static void
test_method_2_works (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *text = NULL;

  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->works);
  text = result_text (fixture);
  g_assert_nonnull (strstr (text, texts ()->works_explanation));
  /* sign, then confirm: the signature came back and matched. */
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox) - fixture->signs_before, ==, 2);
  take_screenshot ("check-works");

  /* Nothing to try again; Close has the focus, and Enter closes. */
  g_assert_false (gtk_widget_get_visible (part (fixture, "again_button")));
  g_assert_true (focus (fixture) == part (fixture, "close_button"));
  press ("Return");
  g_assert_true (wait_for (dialog_is_closed, fixture));
}

static void
test_wrong_password (Fixture      *fixture,
                     gconstpointer data)
{
  open_check (fixture, "Sandbox@2025", fixture->key);
  assert_result (fixture, texts ()->wrong_password);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox) - fixture->signs_before, ==, 1);
  g_assert_true (focus (fixture) == part (fixture, "again_button"));
  take_screenshot ("check-wrong-password");
  close_dialog (fixture);
}

/* The sandbox's clock runs 5 minutes ahead: the code computed here is
 * refused, and the dialog says why it probably was. */
static void
test_wrong_otp_clock (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *hint = NULL;
  g_autofree char *text = NULL;

  smartca_sandbox_set_clock_offset (sandbox, 300);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->wrong_otp);
  g_assert_true (smartca_business_clock_hint (smartca_context_get_client (fixture->context), &hint));
  g_assert_nonnull (hint);
  text = result_text (fixture);
  g_assert_nonnull (strstr (text, hint));
  take_screenshot ("check-clock");
  close_dialog (fixture);
}

/* Method 1: the code is typed from the "phone", here computed as an
 * authenticator app would. */
static void
test_method_1_typed (Fixture      *fixture,
                     gconstpointer data)
{
  char code[SMARTCA_TOTP_DIGITS + 1];

  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL);
  g_assert_true (wait_for (otp_page_shown, fixture));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (part (fixture, "otp_page"))), ==,
                   texts ()->otp_prompt);
  g_assert_false (gtk_widget_is_sensitive (part (fixture, "check_button")));
  take_screenshot ("check-otp");

  smartca_totp_key_code (fixture->key, g_get_real_time () / G_USEC_PER_SEC, code);
  type (code);
  g_assert_true (gtk_widget_is_sensitive (part (fixture, "check_button")));
  press ("Return");
  assert_result (fixture, texts ()->works);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox) - fixture->signs_before, ==, 2);
  close_dialog (fixture);
}

static void
test_method_1_refuses (Fixture      *fixture,
                       gconstpointer data)
{
  GtkWidget *reason;
  char       code[SMARTCA_TOTP_DIGITS + 1];
  GtkText   *text;

  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, NULL);
  g_assert_true (wait_for (otp_page_shown, fixture));

  /* Typed as is, whatever input method the desktop runs. */
  text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (part (fixture, "otp_entry"))));
  {
    g_autofree char *im_module = NULL;
    g_object_get (text, "im-module", &im_module, NULL);
    g_assert_cmpstr (im_module, ==, "gtk-im-context-simple");
  }
  g_assert_cmpint (gtk_text_get_input_purpose (text), ==, GTK_INPUT_PURPOSE_PIN);

  /* Letters: refused there and then, and Enter sends nothing. */
  type ("12a4");
  reason = part (fixture, "otp_reason_label");
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (reason)), ==, texts ()->only_digits);
  assert_announced (reason, texts ()->only_digits);
  take_screenshot ("check-otp-letters");
  press ("Return");
  g_assert_cmpstr (page_name (fixture), ==, "otp");
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, fixture->signs_before);

  /* A wrong code: SmartCA says so, and Try Again asks for a new one. */
  press ("ctrl+a BackSpace");
  g_assert_false (gtk_widget_get_visible (reason));
  wrong_code (fixture->key, code);
  type (code);
  press ("Return");
  assert_result (fixture, texts ()->wrong_otp);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox) - fixture->signs_before, ==, 1);
  g_assert_true (focus (fixture) == part (fixture, "again_button"));
  press ("Return");
  g_assert_true (wait_for (otp_page_shown, fixture));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture, "otp_entry"))), ==, "");

  /* … and the right one then works. */
  smartca_totp_key_code (fixture->key, g_get_real_time () / G_USEC_PER_SEC, code);
  type (code);
  press ("Return");
  assert_result (fixture, texts ()->works);
  close_dialog (fixture);
}

static void
test_not_active (Fixture      *fixture,
                 gconstpointer data)
{
  smartca_sandbox_set_status (sandbox, BUSINESS_SERIAL, "Tạm dừng");
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->not_active);
  take_screenshot ("check-not-active");
  close_dialog (fixture);
}

/* A refusal SmartCA explains its own way: its words are shown as they came. */
static void
test_refused (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char *text = NULL;

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_API_ERROR);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->refused);
  text = result_text (fixture);
  g_assert_nonnull (strstr (text, "CREDENTIAL_NOT_MATCH_IDENTITY"));
  close_dialog (fixture);
}

/* A stand-in for SmartCA on loopback that answers every call with @answer. */
static void
hostile_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *answer = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer,
                                    strlen (answer));
}

static SoupServer *
hostile_server_new (const char *answer,
                    char      **base_url)
{
  SoupServer               *server = soup_server_new (NULL, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GError)         error = NULL;
  GSList                   *uris;

  soup_server_add_handler (server, NULL, hostile_cb, (gpointer) answer, NULL);
  soup_server_listen (server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

/* What SmartCA says is text: markup in it is shown as typed, and its bidi
 * overrides cannot reorder the sentence around it. */
static void
test_refused_markup (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(SoupServer) server = NULL;
  g_autofree char      *url = NULL;
  g_autofree char      *text = NULL;

  server = hostile_server_new ("{\"status_code\":62001,\"message\":"
                               "\"<b>&amp;</b> \u202eexe.gnp\",\"data\":null}",
                               &url);
  smartca_context_set_url_override (fixture->context, url);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->refused);
  text = result_text (fixture);
  g_assert_nonnull (strstr (text, "<b>&amp;</b> exe.gnp"));
  g_assert_null (strstr (text, "\u202e"));
  close_dialog (fixture);
}

/* SmartCA "signed", but not with this certificate's key: no success. */
static void
test_bad_signature (Fixture      *fixture,
                    gconstpointer data)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->bad_signature);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox) - fixture->signs_before, ==, 2);
  close_dialog (fixture);
}

/* The service fails; once it is back, Try Again (method 2: straight to
 * SmartCA) works. */
static void
test_unreachable_then_again (Fixture      *fixture,
                             gconstpointer data)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_HTTP_500);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  assert_result (fixture, texts ()->unreachable);
  take_screenshot ("check-unreachable");

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  g_assert_true (focus (fixture) == part (fixture, "again_button"));
  press ("Return");
  assert_result (fixture, texts ()->works);
  close_dialog (fixture);
}

/* A slow service: Cancel says so at once, without waiting for SmartCA, and
 * the answer that comes later changes nothing. */
static void
test_cancel_slow_service (Fixture      *fixture,
                          gconstpointer data)
{
  GtkWidget *progress;

  smartca_sandbox_set_delay (sandbox, 10000);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  g_assert_cmpstr (page_name (fixture), ==, "progress");
  progress = part (fixture, "progress_label");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (progress)), ==, texts ()->signing);
  assert_announced (progress, texts ()->signing);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (part (fixture, "spinner"))));
  g_assert_true (focus (fixture) == part (fixture, "cancel_button"));
  take_screenshot ("check-progress");

  press ("Return");
  g_assert_cmpstr (page_name (fixture), ==, "result");
  g_assert_cmpstr (result_title (fixture), ==, texts ()->cancelled);
  assert_announced (part (fixture, "result_page"), texts ()->cancelled);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (part (fixture, "spinner"))));
  take_screenshot ("check-cancelled");

  /* Closed while the sandbox still holds the answer back. */
  close_dialog (fixture);
  run_main_loop_for (300);
}

/* Closed mid-call, without Cancel: the window goes, the call is cancelled. */
static void
test_close_mid_call (Fixture      *fixture,
                     gconstpointer data)
{
  smartca_sandbox_set_delay (sandbox, 10000);
  open_check (fixture, SMARTCA_SANDBOX_BUSINESS_PASSWORD, fixture->key);
  g_assert_cmpstr (page_name (fixture), ==, "progress");
  close_dialog (fixture);
  run_main_loop_for (300);
}

/* The saved account */

static void
save_account (Fixture              *fixture,
              SmartcaBusinessMethod method)
{
  g_autoptr(GError) error = NULL;
  Wait              wait = { NULL };

  smartca_business_save_async (fixture->store, smartca_context_get_vault (fixture->context),
                               fixture->certificate, method, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                               method == SMARTCA_BUSINESS_METHOD_TOTP ? fixture->key : NULL, NULL,
                               store_result_cb, &wait);
  g_assert_true (wait_for (has_result, &wait));
  g_assert_true (smartca_business_save_finish (wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
}

static void
forget_account (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  Wait              wait = { NULL };

  smartca_business_disable_async (fixture->store, smartca_context_get_vault (fixture->context),
                                  fixture->certificate, NULL, store_result_cb, &wait);
  g_assert_true (wait_for (has_result, &wait));
  g_assert_true (smartca_business_disable_finish (wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
}

static void
test_saved_works (Fixture      *fixture,
                  gconstpointer data)
{
  save_account (fixture, SMARTCA_BUSINESS_METHOD_TOTP);
  open_saved (fixture);
  assert_result (fixture, texts ()->works);
  close_dialog (fixture);
  forget_account (fixture);
}

static void
test_saved_method_1_asks (Fixture      *fixture,
                          gconstpointer data)
{
  save_account (fixture, SMARTCA_BUSINESS_METHOD_OTP);
  open_saved (fixture);
  g_assert_true (wait_for (otp_page_shown, fixture));
  close_dialog (fixture);
  forget_account (fixture);
}

/* "Enabled" in the store, but the keyring holds nothing for it. */
static void
test_saved_nothing_stored (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (smartca_store_set_business (fixture->store, fixture->certificate, TRUE,
                                             SMARTCA_BUSINESS_METHOD_TOTP, &error));
  g_assert_no_error (error);
  open_saved (fixture);
  assert_result (fixture, texts ()->nothing_stored);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, fixture->signs_before);
  close_dialog (fixture);
}

/* No Secret Service answers on the bus: that is said, and never taken for
 * "nothing stored". */
static void
test_saved_keyring_unavailable (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  save_account (fixture, SMARTCA_BUSINESS_METHOD_TOTP);
  g_setenv ("SECRET_SERVICE_BUS_NAME", "com.example.SmartCACerts.Test.NoKeyring", TRUE);
  secret_service_disconnect ();

  open_saved (fixture);
  assert_result (fixture, texts ()->keyring);
  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), ==, fixture->signs_before);
  take_screenshot ("check-keyring");
  close_dialog (fixture);

  g_unsetenv ("SECRET_SERVICE_BUS_NAME");
  secret_service_disconnect ();
  forget_account (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               ret;

  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  /* What screen readers are told is kept only with an accessibility
   * backend; the test one keeps it in the process. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  app = test_gui_init (&argc, &argv);
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/check-dialog/method-2-works", test_method_2_works);
  ADD ("/check-dialog/wrong-password", test_wrong_password);
  ADD ("/check-dialog/wrong-otp-clock", test_wrong_otp_clock);
  ADD ("/check-dialog/method-1-typed", test_method_1_typed);
  ADD ("/check-dialog/method-1-refuses", test_method_1_refuses);
  ADD ("/check-dialog/not-active", test_not_active);
  ADD ("/check-dialog/refused", test_refused);
  ADD ("/check-dialog/refused-markup", test_refused_markup);
  ADD ("/check-dialog/bad-signature", test_bad_signature);
  ADD ("/check-dialog/unreachable-then-again", test_unreachable_then_again);
  ADD ("/check-dialog/cancel-slow-service", test_cancel_slow_service);
  ADD ("/check-dialog/close-mid-call", test_close_mid_call);
  ADD ("/check-dialog/saved-works", test_saved_works);
  ADD ("/check-dialog/saved-method-1-asks", test_saved_method_1_asks);
  ADD ("/check-dialog/saved-nothing-stored", test_saved_nothing_stored);
  ADD ("/check-dialog/saved-keyring-unavailable", test_saved_keyring_unavailable);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  g_clear_object (&sandbox);
  return ret;
}
