/* test-sign-e2e.c: signing a PDF in the app's window, end to end, by
 * keyboard only, under Xvfb, against the SmartCA sandbox on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application object is started the way the desktop starts it
 * for "Open With" (`smartca-certs FILE.pdf`), with its store at its own
 * path and the session wrapper's keyring. Keys go through XTEST (xdotool);
 * widgets are only looked at. What comes out is checked as the engine's
 * tests check it (pdfsig against an NSS database trusting only the
 * sandbox's root, pdftoppm for where the signature was drawn), and what
 * the history kept is read back from the SQLite file after the app ended.
 *
 * With SMARTCA_E2E_SCREENSHOTS=FOLDER the run also writes the README's
 * screenshots of the signing window and the History page (see
 * build-aux/screenshots.sh).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-business.h"
#include "smartca-history.h"
#include "smartca-page-view.h"
#include "smartca-sign-window.h"
#include "smartca-window.h"
#include "test-sign-e2e.h"
#include "test-sign.h"

#define VALID "Signature Validation: Signature is Valid."
#define TRUSTED "Certificate Validation: Certificate is Trusted."
#define TOTAL "Total document signed"
/* Pending until the test has looked at the progress page */
#define HOLD_POLLS 1000000

static SmartcaSandbox *sandbox;
static char           *docs;
static char           *nss_db;
static char           *store_path;

/* What the user reads, per language */
typedef struct
{
  const char *waiting;   /* the progress page, personal certificate */
  const char *time_left; /* under it, while SmartCA waits for the phone */
  const char *intact;    /* the done page */
  const char *open;      /* its buttons */
  const char *folder;
  const char *not_a_pdf; /* the toast, with the file name in it */
  const char *no_file;   /* the toast after Escape on the progress page */
  const char *reason;    /* typed in the window */
  const char *location;
  const char *signed_; /* outcomes in the History page */
  const char *cancelled;
} Texts;

/* clang-format off */
static const Texts texts_en = {
  "Open the VNPT SmartCA app on your phone and confirm",
  "Time left to confirm: 4:",
  "The signature was checked: the document is intact.",
  "Open",
  "Show in Folder",
  "“notes.txt” is not a PDF document. Choose a PDF file to sign.",
  "Signing was cancelled: no file was written.",
  "Contract approved",
  "Hanoi",
  "Signed",
  "Cancelled",
};
static const Texts texts_vi = {
  "Mở ứng dụng VNPT SmartCA trên điện thoại và xác nhận",
  "Thời gian còn lại để xác nhận: 4:",
  "Chữ ký đã được kiểm tra: tài liệu còn nguyên vẹn.",
  "Mở",
  "Hiện trong thư mục",
  "“notes.txt” không phải là tài liệu PDF. Hãy chọn một tệp PDF để ký.",
  "Đã hủy việc ký: không có tệp nào được ghi.",
  "Phê duyệt hợp đồng",
  "Hà Nội",
  "Đã ký",
  "Đã hủy",
};
/* clang-format on */

static const Texts *
texts (void)
{
  return test_language_is_vi () ? &texts_vi : &texts_en;
}

/* Helpers */

static SmartcaStore *
app_store (SmartcaApplication *app)
{
  return smartca_context_get_store (smartca_application_get_context (app));
}

static gboolean
text_contains (GtkWidget  *widget,
               const char *needle)
{
  g_autofree char *text = e2e_text (widget);

  return strstr (text, needle) != NULL;
}

typedef struct
{
  GtkWidget  *widget;
  const char *needle;
} TextWait;

static gboolean
shows_text (gpointer data)
{
  TextWait *wait = data;

  return text_contains (wait->widget, wait->needle);
}

static void
wait_for_text (GtkWidget  *widget,
               const char *needle)
{
  TextWait wait = { widget, needle };

  if (!e2e_wait (shows_text, &wait, 30))
    {
      g_autofree char *text = e2e_text (widget);
      g_error ("“%s” is not shown; the window says %s", needle, text);
    }
}

static gboolean
has_focus (gpointer widget)
{
  return gtk_widget_has_focus (widget);
}

static gboolean
phone_was_asked_twice (gpointer data)
{
  return smartca_sandbox_get_poll_count (sandbox) >= GPOINTER_TO_UINT (data) + 2;
}

static gboolean
is_gone (gpointer type)
{
  return find_toplevel ((GType) GPOINTER_TO_SIZE (type)) == NULL;
}

static void
assert_rect (const SmartcaPdfRect *rect,
             double                x,
             double                y,
             double                width,
             double                height)
{
  g_assert_cmpfloat_with_epsilon (rect->x, x, 0.01);
  g_assert_cmpfloat_with_epsilon (rect->y, y, 0.01);
  g_assert_cmpfloat_with_epsilon (rect->width, width, 0.01);
  g_assert_cmpfloat_with_epsilon (rect->height, height, 0.01);
}

/* The page number as the window shows it (from 1) */
static int
shown_page (SmartcaSignWindow *window)
{
  GtkWidget *spin = e2e_find_type (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON);

  g_assert_nonnull (spin);
  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin));
}

/* pdfsig: one signature, intact, trusted, over the whole document, by @who */
static void
assert_valid (const char *path,
              const char *who)
{
  g_autofree char *out = smartca_test_pdfsig (nss_db, path);

  g_test_message ("%s", out);

  g_assert_true (sign_test_contains (out, VALID));
  g_assert_true (sign_test_contains (out, TRUSTED));
  g_assert_true (sign_test_contains (out, TOTAL));
  g_assert_true (sign_test_contains (out, who));
  g_assert_cmpuint (sign_test_count (out, VALID), ==, 1);
  g_assert_true (smartca_test_pdf_qpdf_clean (path));
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Where the certificate chooser lists @serial: the store's order, those
 * that can sign */
static guint
chooser_index (SmartcaStore *store,
               const char   *serial)
{
  GListModel *all = smartca_store_get_certificates (store);
  guint       index = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (all, i);

      if (g_str_equal (smartca_certificate_get_serial_number (certificate), serial))
        return index;
      index += smartca_certificate_can_sign (certificate, NULL);
    }
  g_assert_not_reached ();
}

/* Tab to the certificate chooser, open it (Space), go to the top of its
 * list and down to @serial, Return */
static void
choose_certificate (SmartcaApplication *app,
                    SmartcaSignWindow  *window,
                    const char         *serial)
{
  GtkWidget *row = e2e_find_type (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW);
  guint      index = chooser_index (app_store (app), serial);

  e2e_tab_to (row);
  press ("space");
  g_assert_nonnull (find_open_popover (row));
  for (guint i = 0; i < 8; i++)
    press ("Up");
  for (guint i = 0; i < index; i++)
    press ("Down");
  press ("Return");
  g_assert_null (find_open_popover (row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, index);
}

/* Personal certificate: place by keyboard, sign, pending polls, done */

typedef struct
{
  const char    *input;
  char          *output;
  SmartcaPdfRect placed;
  guint          polls;
} PersonalRun;

static void
personal_scenario (SmartcaApplication *app,
                   gpointer            data)
{
  PersonalRun         *run = data;
  SmartcaSignWindow   *window = e2e_wait_for_sign_window ();
  GtkWidget           *view, *reason, *location, *open_button;
  SmartcaPdfRect       box, expected;
  SmartcaHistoryEntry *entry;
  g_autofree char     *stages = NULL;
  int                  page;
  SmartcaPdfRect       position;
  gboolean             invisible = TRUE;
  guint                polls_before;

  {
    g_autoptr(GFile) input = g_file_new_for_path (run->input);

    g_assert_true (g_file_equal (smartca_sign_window_get_file (window), input));
  }
  e2e_wait_for_stage (window, "place");
  e2e_record_stages (window);

  /* The page has the keyboard first; the box where it goes by default,
   * on the last page (no position remembered yet) */
  view = e2e_find_type (GTK_WIDGET (window), SMARTCA_TYPE_PAGE_VIEW);
  g_assert_nonnull (view);
  g_assert_true (wait_for (has_focus, view));
  g_assert_cmpint (shown_page (window), ==, 2);
  smartca_sign_operation_default_rect (smartca_store_lookup (app_store (app), SIGN_SERIAL_PERSONAL),
                                       595.0, 842.0, &expected);
  smartca_page_view_get_box (SMARTCA_PAGE_VIEW (view), &box);
  assert_rect (&box, expected.x, expected.y, expected.width, expected.height);

  /* Page Up: the first page, the box kept */
  press ("Page_Up");
  g_assert_cmpint (shown_page (window), ==, 1);
  g_assert_true (gtk_widget_has_focus (view));
  /* Three steps left, two up, one wider */
  press ("Left Left Left Up Up shift+Right");
  smartca_page_view_get_box (SMARTCA_PAGE_VIEW (view), &run->placed);
  assert_rect (&run->placed, expected.x - 30, expected.y + 20, expected.width + 10, expected.height);
  /* Tab on to Reason and Location, and type them */
  reason = find_named (GTK_WIDGET (window), "reason_row");
  location = find_named (GTK_WIDGET (window), "location_row");
  e2e_tab_to (reason);
  e2e_type_text (texts ()->reason);
  e2e_tab_to (location);
  e2e_type_text (texts ()->location);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reason)), ==, texts ()->reason);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (location)), ==, texts ()->location);
  /* The box stayed where it was put */
  smartca_page_view_get_box (SMARTCA_PAGE_VIEW (view), &box);
  assert_rect (&box, run->placed.x, run->placed.y, run->placed.width, run->placed.height);
  e2e_screenshot (GTK_WINDOW (window), "sign-window");

  /* Sign (Ctrl+Return): the phone is asked, and stays pending meanwhile */
  smartca_sandbox_set_pending_polls (sandbox, HOLD_POLLS);
  polls_before = smartca_sandbox_get_poll_count (sandbox);
  press ("ctrl+Return");
  e2e_wait_for_stage (window, "progress");
  wait_for_text (GTK_WIDGET (window), texts ()->waiting);
  /* Still pending after two polls, with the time left */
  g_assert_true (e2e_wait (phone_was_asked_twice, GUINT_TO_POINTER (polls_before), 30));
  wait_for_text (GTK_WIDGET (window), texts ()->time_left);
  g_assert_cmpstr (smartca_sign_window_get_stage (window), ==, "progress");
  e2e_screenshot (GTK_WINDOW (window), "sign-progress");
  /* The phone confirms */
  smartca_sandbox_set_pending_polls (sandbox, 0);
  e2e_wait_for_stage (window, "done");
  run->polls = smartca_sandbox_get_poll_count (sandbox) - polls_before;
  smartca_sandbox_set_pending_polls (sandbox, 2);

  /* Where it went, and that it was checked */
  {
    g_autofree char *name = g_path_get_basename (run->output);

    wait_for_text (GTK_WIDGET (window), name);
    wait_for_text (GTK_WIDGET (window), texts ()->intact);
  }
  /* Open (the default, Return) and Show in Folder */
  open_button = find_button (GTK_WIDGET (window), texts ()->open);
  g_assert_nonnull (open_button);
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == open_button);
  g_assert_nonnull (find_button (GTK_WIDGET (window), texts ()->folder));
  stages = e2e_dup_stages (window);
  g_assert_cmpstr (stages, ==, "progress done");

  /* What the history and the store remember */
  entry = smartca_sign_window_get_history_entry (window);
  g_assert_nonnull (entry);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_SIGNED);
  g_assert_cmpstr (smartca_history_entry_get_output_path (entry), ==, run->output);
  g_assert_cmpstr (smartca_history_entry_get_serial_number (entry), ==, SIGN_SERIAL_PERSONAL);
  g_assert_true (smartca_store_get_sign_position (app_store (app), SIGN_SERIAL_PERSONAL, &page,
                                                  &position, &invisible));
  g_assert_cmpint (page, ==, 0);
  g_assert_false (invisible);
  assert_rect (&position, run->placed.x, run->placed.y, run->placed.width, run->placed.height);

  /* Done: Ctrl+W closes the window */
  press ("ctrl+w");
  g_assert_true (wait_for (is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_SIGN_WINDOW)));
}

static void
test_personal (void)
{
  g_autofree char *input = smartca_test_pdf_make (docs, "hợp đồng.pdf", 2, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *names = NULL;
  PersonalRun      run = { input, g_build_filename (docs, "hợp đồng-signed.pdf", NULL) };
  guint            inside = 0, outside = 0;

  e2e_run_app (input, personal_scenario, &run);

  /* Phone-confirmed: pending twice, then the answer */
  g_assert_cmpuint (run.polls, >=, 3);
  assert_valid (run.output, "Nguyễn Văn An");
  /* Drawn on the first page, in the box as placed; nothing there before,
   * and nothing there on the second page */
  g_assert_true (smartca_test_pdf_ink (run.output, 1, run.placed.x, run.placed.y, run.placed.width,
                                       run.placed.height, &inside, &outside));
  g_assert_cmpuint (inside, >, 100);
  g_assert_true (smartca_test_pdf_ink (input, 1, run.placed.x, run.placed.y, run.placed.width,
                                       run.placed.height, &inside, &outside));
  g_assert_cmpuint (inside, ==, 0);
  g_assert_true (smartca_test_pdf_ink (run.output, 2, run.placed.x, run.placed.y, run.placed.width,
                                       run.placed.height, &inside, &outside));
  g_assert_cmpuint (inside, ==, 0);
  names = sign_test_list_dir (docs);
  g_assert_true (sign_test_contains (names, "hợp đồng-signed.pdf"));
  g_free (run.output);
}

/* A method-2 business account: no question asked */

typedef struct
{
  char          *output;
  SmartcaPdfRect box;
} BusinessRun;

static void
business_scenario (SmartcaApplication *app,
                   gpointer            data)
{
  BusinessRun       *run = data;
  SmartcaSignWindow *window = e2e_wait_for_sign_window ();
  GtkWidget         *view;
  SmartcaPdfRect     expected;
  g_autofree char   *stages = NULL;
  g_autofree char   *name = g_path_get_basename (run->output);

  e2e_wait_for_stage (window, "place");
  e2e_record_stages (window);
  view = e2e_find_type (GTK_WIDGET (window), SMARTCA_TYPE_PAGE_VIEW);
  g_assert_true (wait_for (has_focus, view));
  /* The default certificate is a person's, which remembers where it
   * signed last (on the first page, in the box placed then) */
  {
    SmartcaPdfRect last;
    int            page = -1;
    gboolean       invisible;

    g_assert_true (smartca_store_get_sign_position (app_store (app), SIGN_SERIAL_PERSONAL, &page,
                                                    &last, &invisible));
    g_assert_cmpint (page, ==, 0);
    g_assert_cmpint (shown_page (window), ==, 1);
    smartca_page_view_get_box (SMARTCA_PAGE_VIEW (view), &run->box);
    assert_rect (&run->box, last.x, last.y, last.width, last.height);
  }
  /* The business certificate, chosen with the keyboard: an organisation's
   * seal goes top right on the first page */
  choose_certificate (app, window, SIGN_SERIAL_TH);
  g_assert_cmpint (shown_page (window), ==, 1);
  smartca_sign_operation_default_rect (smartca_store_lookup (app_store (app), SIGN_SERIAL_TH), 595.0,
                                       842.0, &expected);
  smartca_page_view_get_box (SMARTCA_PAGE_VIEW (view), &run->box);
  assert_rect (&run->box, expected.x, expected.y, expected.width, expected.height);
  g_assert_cmpfloat (run->box.y, >, 842.0 / 2);

  press ("ctrl+Return");
  e2e_wait_for_stage (window, "done");
  wait_for_text (GTK_WIDGET (window), name);
  wait_for_text (GTK_WIDGET (window), texts ()->intact);
  /* Never asked for a code */
  stages = e2e_dup_stages (window);
  g_assert_null (strstr (stages, "otp"));
  g_assert_true (g_str_has_suffix (stages, "done"));
  g_assert_cmpint (smartca_history_entry_get_outcome (smartca_sign_window_get_history_entry (window)),
                   ==, SMARTCA_HISTORY_SIGNED);
  press ("Escape");
  g_assert_true (wait_for (is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_SIGN_WINDOW)));
}

static void
test_business (void)
{
  g_autofree char          *input = smartca_test_pdf_make (docs, "hóa đơn.pdf", 2, 0,
                                                           SMARTCA_TEST_PDF_PLAIN);
  BusinessRun               run = { g_build_filename (docs, "hóa đơn-signed.pdf", NULL) };
  guint                     inside = 0, outside = 0;
  guint                     signs = smartca_sandbox_get_sign_count (sandbox);
  g_autoptr(SmartcaTotpKey) key = NULL;
  g_autoptr(GError)         error = NULL;

  /* Method 2: the password and the secret key in the session's keyring */
  {
    g_autoptr(SmartcaStore) store = smartca_test_open_store (store_path);
    g_autoptr(SmartcaVault) vault = smartca_vault_new ();
    g_autoptr(GAsyncResult) result = NULL;

    key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET, SMARTCA_TOTP_FORMAT_AUTO, &error);
    g_assert_no_error (error);
    smartca_business_save_async (store, vault, smartca_store_lookup (store, SIGN_SERIAL_TH),
                                 SMARTCA_BUSINESS_METHOD_TOTP, SMARTCA_SANDBOX_BUSINESS_PASSWORD, key,
                                 NULL, smartca_test_result_cb, &result);
    g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
    g_assert_no_error (error);
  }
  e2e_run_app (input, business_scenario, &run);

  g_assert_cmpuint (smartca_sandbox_get_sign_count (sandbox), >, signs);
  assert_valid (run.output, "CÔNG TY TNHH THƯƠNG MẠI ABC");
  g_assert_true (smartca_test_pdf_ink (run.output, 1, run.box.x, run.box.y, run.box.width,
                                       run.box.height, &inside, &outside));
  g_assert_cmpuint (inside, >, 100);
  g_free (run.output);
}

/* Cancel while the phone is asked: no file, a "cancelled" entry */

typedef struct
{
  const char *input;
} CancelRun;

static gboolean
cancelled_entry_is_first (gpointer data)
{
  gpointer                      *args = data;
  GListModel                    *history = smartca_store_get_history (app_store (args[0]));
  g_autoptr(SmartcaHistoryEntry) first = g_list_model_get_n_items (history) > 0
                                           ? g_list_model_get_item (history, 0)
                                           : NULL;

  return first != NULL && g_strcmp0 (smartca_history_entry_get_input_path (first), args[1]) == 0 &&
         smartca_history_entry_get_outcome (first) == SMARTCA_HISTORY_CANCELLED;
}

static void
cancel_scenario (SmartcaApplication *app,
                 gpointer            data)
{
  CancelRun         *run = data;
  SmartcaSignWindow *window = e2e_wait_for_sign_window ();
  gpointer           args[] = { app, (gpointer) run->input };
  g_autofree char   *stages = NULL;
  guint              polls_before;

  e2e_wait_for_stage (window, "place");
  e2e_record_stages (window);
  smartca_sandbox_set_pending_polls (sandbox, HOLD_POLLS);
  polls_before = smartca_sandbox_get_poll_count (sandbox);
  press ("ctrl+Return");
  e2e_wait_for_stage (window, "progress");
  wait_for_text (GTK_WIDGET (window), texts ()->waiting);
  /* While SmartCA waits for the phone, Escape cancels */
  g_assert_true (e2e_wait (phone_was_asked_twice, GUINT_TO_POINTER (polls_before), 30));
  wait_for_text (GTK_WIDGET (window), texts ()->time_left);
  press ("Escape");
  g_assert_true (e2e_wait (cancelled_entry_is_first, args, 30));
  smartca_sandbox_set_pending_polls (sandbox, 2);
  /* Back to the page, saying nothing was written */
  e2e_wait_for_stage (window, "place");
  wait_for_text (GTK_WIDGET (window), texts ()->no_file);
  stages = e2e_dup_stages (window);
  g_assert_cmpstr (stages, ==, "progress place");
  g_assert_cmpint (smartca_history_entry_get_outcome (smartca_sign_window_get_history_entry (window)),
                   ==, SMARTCA_HISTORY_CANCELLED);
}

static void
test_cancel (void)
{
  g_autofree char *dir = g_build_filename (docs, "cancel", NULL);
  g_autofree char *input = NULL, *names = NULL;
  CancelRun        run;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  input = smartca_test_pdf_make (dir, "thư mời.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  run.input = input;
  e2e_run_app (input, cancel_scenario, &run);
  names = sign_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "thư mời.pdf");
}

/* Something that is not a PDF: the clear message, no signing window */

typedef struct
{
  const char *fake_pdf; /* NULL: notes.txt was given on the command line */
} NotPdfRun;

static void
not_pdf_scenario (SmartcaApplication *app,
                  gpointer            data)
{
  NotPdfRun         *run = data;
  GtkWindow         *main_window = wait_for_window_of_type (SMARTCA_TYPE_WINDOW);
  guint              n_history;
  g_autoptr(GString) message = g_string_new (texts ()->not_a_pdf);

  g_assert_nonnull (main_window);
  n_history = g_list_model_get_n_items (smartca_store_get_history (app_store (app)));
  if (run->fake_pdf != NULL)
    {
      /* Dragged from a file manager and dropped on the window: a file
       * named .pdf that is not one is refused by its content */
      e2e_drop_file (GTK_WIDGET (main_window), run->fake_pdf);
      g_string_replace (message, "notes.txt", "scan.pdf", 1);
    }
  /* else `smartca-certs notes.txt` */
  wait_for_text (GTK_WIDGET (main_window), message->str);
  run_main_loop_for (300);
  g_assert_null (find_toplevel (SMARTCA_TYPE_SIGN_WINDOW));
  /* Nothing was run: nothing recorded */
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (app_store (app))), ==,
                    n_history);
}

static void
test_not_pdf (void)
{
  g_autofree char *notes = g_build_filename (docs, "notes.txt", NULL);
  g_autofree char *fake_pdf = g_build_filename (docs, "scan.pdf", NULL);
  NotPdfRun        by_argument = { NULL }, by_drop = { fake_pdf };

  g_assert_true (g_file_set_contents (notes, "Họp lúc 9 giờ\n", -1, NULL));
  g_assert_true (g_file_set_contents (fake_pdf, "GIF89a not a PDF at all", -1, NULL));
  e2e_run_app (notes, not_pdf_scenario, &by_argument);
  e2e_run_app (NULL, not_pdf_scenario, &by_drop);
}

/* The history, after the app ended, and in the next run's History page */

static void
history_scenario (SmartcaApplication *app,
                  gpointer            data)
{
  GtkWindow *main_window = wait_for_window_of_type (SMARTCA_TYPE_WINDOW);

  g_assert_nonnull (main_window);
  /* The certificates first (the README's screenshot of the main window,
   * with this Sign a Document… and History) */
  wait_for_text (GTK_WIDGET (main_window), "SMARTCA PERSONAL PRO");
  e2e_screenshot (main_window, "main-window");
  /* Ctrl+H: the History page, newest first */
  press ("ctrl+h");
  wait_for_text (GTK_WIDGET (main_window), "thư mời.pdf");
  wait_for_text (GTK_WIDGET (main_window), "hóa đơn-signed.pdf");
  wait_for_text (GTK_WIDGET (main_window), "hợp đồng-signed.pdf");
  wait_for_text (GTK_WIDGET (main_window), texts ()->signed_);
  wait_for_text (GTK_WIDGET (main_window), texts ()->cancelled);
  e2e_screenshot (main_window, "history");
}

static void
test_history_restart (void)
{
  g_autoptr(SmartcaStore) store = smartca_test_open_store (store_path);
  GListModel             *history = smartca_store_get_history (store);
  static const struct
  {
    const char           *input;
    const char           *output;
    const char           *serial;
    SmartcaHistoryOutcome outcome;
  } expected[] = {
    /* newest first */
    { "cancel/thư mời.pdf", NULL, SIGN_SERIAL_PERSONAL, SMARTCA_HISTORY_CANCELLED },
    { "hóa đơn.pdf", "hóa đơn-signed.pdf", SIGN_SERIAL_TH, SMARTCA_HISTORY_SIGNED },
    { "hợp đồng.pdf", "hợp đồng-signed.pdf", SIGN_SERIAL_PERSONAL, SMARTCA_HISTORY_SIGNED },
  };

  /* What the runs above left, read back from the file */
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SmartcaHistoryEntry) entry = g_list_model_get_item (history, i);
      g_autofree char               *input = g_build_filename (docs, expected[i].input, NULL);

      g_assert_cmpstr (smartca_history_entry_get_input_path (entry), ==, input);
      g_assert_cmpstr (smartca_history_entry_get_serial_number (entry), ==, expected[i].serial);
      g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, expected[i].outcome);
      if (expected[i].output != NULL)
        {
          g_autofree char *output = g_build_filename (docs, expected[i].output, NULL);
          g_autofree char *sha256 = file_sha256 (output);

          g_assert_cmpstr (smartca_history_entry_get_output_path (entry), ==, output);
          g_assert_cmpstr (smartca_history_entry_get_output_sha256 (entry), ==, sha256);
          g_assert_nonnull (smartca_history_entry_get_transaction_id (entry));
        }
      else
        {
          g_assert_null (smartca_history_entry_get_output_path (entry));
          g_assert_null (smartca_history_entry_get_output_sha256 (entry));
        }
    }
  g_clear_object (&store);

  /* The app started again shows them */
  e2e_run_app (NULL, history_scenario, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *tmp_dir = NULL, *nss_dir = NULL, *store_dir = NULL;
  int               status;

  /* The app reads these when it starts: the sandbox, its account, and a
   * quick poll of the phone's answer */
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  test_init_gettext ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  g_setenv ("SMARTCA_BASE_URL", smartca_sandbox_get_base_url (sandbox), TRUE);

  /* The certificates, looked up from the sandbox, at the app's own path */
  store_path = smartca_store_dup_default_path ();
  store_dir = g_path_get_dirname (store_path);
  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0700), ==, 0);
  g_object_unref (sign_test_fill_store (sandbox, store_path));

  tmp_dir = g_dir_make_tmp ("smartca-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  docs = g_build_filename (tmp_dir, "docs", NULL);
  g_assert_cmpint (g_mkdir (docs, 0700), ==, 0);
  nss_dir = g_build_filename (tmp_dir, "nss", NULL);
  g_assert_cmpint (g_mkdir (nss_dir, 0700), ==, 0);
  nss_db = smartca_test_nss_db_new (nss_dir, smartca_sandbox_get_root_der (sandbox), NULL);

  /* In this order: the last reads what the others left */
  g_test_add_func ("/sign-e2e/personal", test_personal);
  g_test_add_func ("/sign-e2e/business", test_business);
  g_test_add_func ("/sign-e2e/cancel", test_cancel);
  g_test_add_func ("/sign-e2e/not-pdf", test_not_pdf);
  g_test_add_func ("/sign-e2e/history-restart", test_history_restart);
  status = g_test_run ();

  g_clear_object (&sandbox);
  smartca_test_remove_tree (tmp_dir);
  g_free (docs);
  g_free (nss_db);
  g_free (store_path);
  return status;
}
