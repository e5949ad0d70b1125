/* test-sign-window.c: the signing window driven from the keyboard under
 * Xvfb, against the SmartCA sandbox over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case opens a PDF made at test time in a real window, looks at what
 * the user sees (the stage, the page number, the box, the texts), signs
 * with keys as a user would, and checks the written file with pdfsig.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-business.h"
#include "smartca-page-view.h"
#include "smartca-sandbox-private.h"
#include "smartca-sign-window.h"
#include "smartca-test-gui.h"
#include "smartca-totp.h"
#include "test-sign-window-support.h"
#include "test-sign.h"

#define SANDBOX_KEY_BYTES "12345678901234567890"
#define VALID "Signature Validation: Signature is Valid."
#define A4_WIDTH 595.0
#define A4_HEIGHT 842.0

static SmartcaApplication *app;
static SmartcaSandbox     *sandbox;
static SmartcaStore       *store;
static SmartcaContext     *context;
static char               *tmp_dir;
static char               *nss_db;

/* What the user reads, in the language of the run */

typedef struct
{
  const char *phone;
  const char *intact;
  const char *cancelled;
  const char *not_pdf_title;
  const char *page_of;
  const char *rejected;
  const char *expired;
  const char *changed;
} Texts;

/* clang-format off */
static const Texts texts_en = {
  "Open the VNPT SmartCA app on your phone and confirm",
  "The signature was checked: the document is intact.",
  "Signing was cancelled: no file was written.",
  "This document cannot be signed",
  "of 3",
  "Refused in the SmartCA app",
  "The time to confirm ran out",
  "The document has changed",
};
static const Texts texts_vi = {
  "Mở ứng dụng VNPT SmartCA trên điện thoại và xác nhận",
  "Chữ ký đã được kiểm tra: tài liệu còn nguyên vẹn.",
  "Đã hủy việc ký: không có tệp nào được ghi.",
  "Không thể ký tài liệu này",
  "trên 3",
  "Đã bị từ chối trong ứng dụng SmartCA",
  "Đã hết thời gian xác nhận",
  "Tài liệu đã thay đổi",
};
/* clang-format on */

static const Texts *
texts (void)
{
  return test_language_is_vi () ? &texts_vi : &texts_en;
}

/* Fixture */

typedef struct
{
  char              *dir;
  SmartcaSignWindow *window; /* weak */
  GPtrArray         *stages; /* every stage shown, in order */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint n;

  fixture->dir = g_strdup_printf ("%s/case-%u", tmp_dir, ++n);
  g_assert_cmpint (g_mkdir (fixture->dir, 0700), ==, 0);
  fixture->stages = g_ptr_array_new_with_free_func (g_free);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_pending_polls (sandbox, 2);
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
  smartca_sandbox_set_pending_polls (sandbox, 2);
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_ptr_array_unref (fixture->stages);
}

/* Looking at the window */

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static SmartcaPageView *
page_view (Fixture *fixture)
{
  return SMARTCA_PAGE_VIEW (find_type (GTK_WIDGET (fixture->window), SMARTCA_TYPE_PAGE_VIEW));
}

static int
page_number (Fixture *fixture)
{
  GtkWidget *spin = find_type (GTK_WIDGET (fixture->window), GTK_TYPE_SPIN_BUTTON);

  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin));
}

static char *
stage_text (Fixture *fixture)
{
  return sign_window_test_stage_text (fixture->window);
}

static void
wait_for_stage (Fixture    *fixture,
                const char *stage)
{
  sign_window_test_wait_for_stage (fixture->window, stage);
}

static void
open_window (Fixture    *fixture,
             const char *path,
             const char *serial)
{
  sign_window_test_open (app, context, path, serial != NULL ? smartca_store_lookup (store, serial) : NULL,
                         &fixture->window, fixture->stages);
}

static char *
make_pdf (Fixture    *fixture,
          const char *name,
          guint       n_pages)
{
  return smartca_test_pdf_make (fixture->dir, name, n_pages, 0, SMARTCA_TEST_PDF_PLAIN);
}

static void
assert_box (Fixture              *fixture,
            const SmartcaPdfRect *expected)
{
  SmartcaPdfRect rect;

  smartca_page_view_get_box (page_view (fixture), &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, expected->x, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.y, expected->y, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.width, expected->width, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, expected->height, 0.01);
}

static void
assert_stage_shows (Fixture    *fixture,
                    const char *text)
{
  g_autofree char *shown = stage_text (fixture);

  g_assert_true (sign_test_contains (shown, text));
}

static gboolean
has_preview (gpointer data)
{
  return smartca_sign_window_get_preview (((Fixture *) data)->window) != NULL;
}

static void
business_save (SmartcaBusinessMethod method)
{
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaTotpKey) key = NULL;

  if (method == SMARTCA_BUSINESS_METHOD_TOTP)
    key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET, SMARTCA_TOTP_FORMAT_AUTO,
                                  &error);
  g_assert_no_error (error);
  smartca_business_save_async (store, smartca_context_get_vault (context),
                               smartca_store_lookup (store, SIGN_SERIAL_TH), method,
                               SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL,
                               smartca_test_result_cb, &result);
  g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
assert_signed (Fixture    *fixture,
               const char *output)
{
  g_autofree char     *out = NULL;
  SmartcaHistoryEntry *entry;

  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  out = smartca_test_pdfsig (nss_db, output);
  g_assert_true (sign_test_contains (out, VALID));
  assert_stage_shows (fixture, output);
  entry = smartca_sign_window_get_history_entry (fixture->window);
  g_assert_nonnull (entry);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_SIGNED);
  g_assert_cmpstr (smartca_history_entry_get_output_path (entry), ==, output);
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} TextWait;

static gboolean
stage_has_text (gpointer data)
{
  TextWait        *wait = data;
  g_autofree char *shown = stage_text (wait->fixture);

  return strstr (shown, wait->text) != NULL;
}

static void
wait_for_text (Fixture    *fixture,
               const char *text)
{
  TextWait wait = { fixture, text };

  if (!wait_for (stage_has_text, &wait))
    g_assert_true (sign_test_contains (stage_text (fixture), text));
}

/* Cases */

/* A personal certificate: the last page, bottom right; Page Up / Page Down
 * anywhere; the preview is drawn and redrawn with the reason */
static void
test_place_personal (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "contract.pdf", 3);
  SmartcaPdfRect   expected;
  GdkTexture      *first;

  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  smartca_sign_operation_default_rect (smartca_store_lookup (store, SIGN_SERIAL_PERSONAL), A4_WIDTH,
                                       A4_HEIGHT, &expected);
  g_assert_cmpint (page_number (fixture), ==, 3);
  assert_stage_shows (fixture, texts ()->page_of);
  assert_box (fixture, &expected);
  g_assert_cmpfloat (expected.y, <, A4_HEIGHT / 2);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (page_view (fixture))));

  /* The chooser offers the certificates that can sign, and only those */
  {
    GListModel *all = smartca_store_get_certificates (store);
    GListModel *offered = adw_combo_row_get_model (
      ADW_COMBO_ROW (find_type (GTK_WIDGET (fixture->window), ADW_TYPE_COMBO_ROW)));
    guint can_sign = 0;

    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (all, i);

        can_sign += smartca_certificate_can_sign (certificate, NULL);
      }
    g_assert_cmpuint (can_sign, <, g_list_model_get_n_items (all));
    g_assert_cmpuint (g_list_model_get_n_items (offered), ==, can_sign);
  }

  /* The preview: the appearance at the box's proportions */
  g_assert_true (wait_for (has_preview, fixture));
  first = smartca_sign_window_get_preview (fixture->window);
  g_assert_cmpfloat_with_epsilon ((double) gdk_texture_get_width (first) / gdk_texture_get_height (first),
                                  expected.width / expected.height, 0.05);
  take_screenshot ("sign-window-place");

  press ("Page_Up");
  g_assert_cmpint (page_number (fixture), ==, 2);
  press ("Page_Up Page_Up");
  g_assert_cmpint (page_number (fixture), ==, 1);
  press ("Page_Down");
  g_assert_cmpint (page_number (fixture), ==, 2);

  /* Tab to the spin button, the chooser, then Reason: Page Down still
   * turns the page from there, and typing redraws the preview */
  press ("Tab Tab Tab");
  type ("Duyet");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_type (GTK_WIDGET (fixture->window),
                                                                   ADW_TYPE_ENTRY_ROW))),
                   ==, "Duyet");
  /* Escape in a field leaves the window as it is */
  press ("Escape");
  g_assert_cmpstr (smartca_sign_window_get_stage (fixture->window), ==, "place");
  /* Then Location, the Invisible switch and Sign */
  press ("Tab");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         find_named (GTK_WIDGET (fixture->window), "location_row")));
  press ("Tab");
  g_assert_true (GTK_IS_SWITCH (gtk_root_get_focus (GTK_ROOT (fixture->window))));
  press ("space");
  g_assert_false (smartca_page_view_get_box_visible (page_view (fixture)));
  press ("alt+i");
  g_assert_true (smartca_page_view_get_box_visible (page_view (fixture)));
  /* Save As's button, then Sign */
  press ("Tab");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) ==
                 find_named (GTK_WIDGET (fixture->window), "output_button"));
  press ("Tab");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) ==
                 find_named (GTK_WIDGET (fixture->window), "sign_button"));
  press ("Page_Down");
  g_assert_cmpint (page_number (fixture), ==, 3);
  g_assert_true (wait_for (has_preview, fixture));
  run_main_loop_for (400);
  g_assert_true (smartca_sign_window_get_preview (fixture->window) != first);
}

/* A business certificate: the seal on the first page, top right */
static void
test_place_business (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "invoice.pdf", 3);
  SmartcaPdfRect   expected;

  open_window (fixture, input, SIGN_SERIAL_ESEAL);
  wait_for_stage (fixture, "place");
  smartca_sign_operation_default_rect (smartca_store_lookup (store, SIGN_SERIAL_ESEAL), A4_WIDTH,
                                       A4_HEIGHT, &expected);
  g_assert_cmpint (page_number (fixture), ==, 1);
  assert_box (fixture, &expected);
  g_assert_cmpfloat (expected.y, >, A4_HEIGHT / 2);
}

/* Signed by keyboard with a personal certificate: the phone is waited for
 * (pending polls), the file is written and valid, checked intact, and the
 * place is remembered */
static void
test_sign_personal (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "report.pdf", 2);
  g_autofree char *output = g_build_filename (fixture->dir, "report-signed.pdf", NULL);
  SmartcaPdfRect   rect;
  int              page;
  gboolean         invisible = TRUE;

  smartca_sandbox_set_pending_polls (sandbox, 30);
  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  /* The box moves by keyboard: 10 points to the left */
  press ("Left");
  press ("ctrl+Return");
  wait_for_stage (fixture, "progress");
  assert_stage_shows (fixture, texts ()->phone);
  take_screenshot ("sign-window-progress");
  wait_for_stage (fixture, "done");
  assert_signed (fixture, output);
  wait_for_text (fixture, texts ()->intact);
  take_screenshot ("sign-window-done");

  g_assert_true (smartca_store_get_sign_position (store, SIGN_SERIAL_PERSONAL, &page, &rect,
                                                  &invisible));
  g_assert_cmpint (page, ==, -1);
  g_assert_false (invisible);
  g_assert_cmpfloat_with_epsilon (rect.x, A4_WIDTH - 36 - 200 - 10, 0.01);
}

/* Escape while the phone is waited for: no file, back to "place", the run
 * recorded as cancelled */
static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char     *input = make_pdf (fixture, "draft.pdf", 1);
  g_autofree char     *listing = NULL;
  SmartcaHistoryEntry *entry;

  smartca_sandbox_set_pending_polls (sandbox, 100000);
  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  press ("ctrl+Return");
  wait_for_stage (fixture, "progress");
  /* The time left shows, and counts */
  wait_for_text (fixture, "4:");
  press ("Escape");
  wait_for_stage (fixture, "place");
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "draft.pdf");
  entry = smartca_sign_window_get_history_entry (fixture->window);
  g_assert_nonnull (entry);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_CANCELLED);
  {
    GString *shown = g_string_new (NULL);

    collect_text (GTK_WIDGET (fixture->window), shown);
    g_assert_true (sign_test_contains (shown->str, texts ()->cancelled));
    g_string_free (shown, TRUE);
  }
}

/* Closing the window while the phone is waited for cancels: no file */
static void
test_close_while_waiting (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char               *input = make_pdf (fixture, "memo.pdf", 1);
  g_autofree char               *listing = NULL;
  GListModel                    *history = smartca_store_get_history (store);
  g_autoptr(SmartcaHistoryEntry) entry = NULL;
  guint                          before = g_list_model_get_n_items (history);

  smartca_sandbox_set_pending_polls (sandbox, 100000);
  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  press ("ctrl+Return");
  wait_for_stage (fixture, "progress");
  wait_for_text (fixture, "4:");
  press ("ctrl+w");
  g_assert_true (wait_for (window_gone, fixture));
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "memo.pdf");
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, before + 1);
  entry = g_list_model_get_item (history, 0);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_CANCELLED);
  g_clear_object (&entry);

  /* Destroyed (as the application's Quit does), not closed: the same */
  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  press ("ctrl+Return");
  wait_for_stage (fixture, "progress");
  wait_for_text (fixture, "4:");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_gone, fixture));
  g_free (listing);
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "memo.pdf");
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, before + 2);
  entry = g_list_model_get_item (history, 0);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_CANCELLED);
}

/* A method 1 business account asks for the code first */
static void
test_business_method_1 (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "order.pdf", 1);
  g_autofree char *output = g_build_filename (fixture->dir, "order-signed.pdf", NULL);
  g_autofree char *otp = NULL;

  business_save (SMARTCA_BUSINESS_METHOD_OTP);
  open_window (fixture, input, SIGN_SERIAL_TH);
  wait_for_stage (fixture, "place");
  press ("ctrl+Return");
  wait_for_stage (fixture, "otp");
  take_screenshot ("sign-window-otp");
  otp = g_strdup_printf ("%06u", smartca_sandbox_totp ((const guint8 *) SANDBOX_KEY_BYTES,
                                                       strlen (SANDBOX_KEY_BYTES),
                                                       g_get_real_time () / G_USEC_PER_SEC));
  type (otp);
  press ("Return");
  wait_for_stage (fixture, "done");
  assert_signed (fixture, output);
}

/* A method 2 business account signs without asking */
static void
test_business_method_2 (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "seal.pdf", 2);
  g_autofree char *output = g_build_filename (fixture->dir, "seal-signed.pdf", NULL);

  business_save (SMARTCA_BUSINESS_METHOD_TOTP);
  open_window (fixture, input, SIGN_SERIAL_TH);
  wait_for_stage (fixture, "place");
  g_assert_cmpint (page_number (fixture), ==, 1);
  press ("ctrl+Return");
  wait_for_stage (fixture, "done");
  assert_signed (fixture, output);
  for (guint i = 0; i < fixture->stages->len; i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->stages, i), !=, "otp");
}

/* A file name is bytes and may carry a bidi override, markup or a byte
 * that is not UTF-8: the title and the done page show it as UTF-8 text
 * that cannot reorder what is around it, and never as markup */
static void
test_hostile_name (Fixture      *fixture,
                   gconstpointer data)
{
  const char      *name = "caf\xe9 \xe2\x80\xae"
                          "fdp.exe <b>&amp;.pdf";
  g_autofree char *input = make_pdf (fixture, name, 1);
  g_autofree char *shown = NULL;
  const char      *title;

  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  title = gtk_window_get_title (GTK_WINDOW (fixture->window));
  g_assert_true (g_utf8_validate (title, -1, NULL));
  g_assert_null (strstr (title, "\u202e"));
  g_assert_nonnull (strstr (title, " <b>&amp;.pdf"));

  press ("ctrl+Return");
  wait_for_stage (fixture, "done");
  shown = stage_text (fixture);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_null (strstr (shown, "\u202e"));
  g_assert_nonnull (strstr (shown, " <b>&amp;"));
  g_assert_nonnull (strstr (shown, "caf\ufffd"));
}

/* A page poppler shows at another size than the engine signs it in (a
 * MediaBox of no size, which poppler replaces with a Letter page) is
 * refused when the document opens: the box would be placed on a page that
 * the engine says is 0 × 0 points, and signing could only fail */
static void
test_unshown_pages (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "no-box.pdf", 2);

  smartca_test_pdf_set_box (input, "/MediaBox", "[0 0 0 0]");
  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "error");
  assert_stage_shows (fixture, texts ()->not_pdf_title);
}

/* The document rewritten, or deleted, after it was opened: signing is
 * refused (what would be signed is not what is shown), no file written */
static void
test_changed_file (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "contract.pdf", 2);
  g_autofree char *listing = NULL;

  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  g_free (make_pdf (fixture, "contract.pdf", 3));
  press ("ctrl+Return");
  wait_for_stage (fixture, "error");
  assert_stage_shows (fixture, texts ()->changed);
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "contract.pdf");
  press ("Escape");
  g_assert_true (wait_for (window_gone, fixture));

  open_window (fixture, input, NULL);
  wait_for_stage (fixture, "place");
  g_assert_cmpint (g_unlink (input), ==, 0);
  press ("ctrl+Return");
  wait_for_stage (fixture, "error");
  assert_stage_shows (fixture, texts ()->changed);
}

/* What cannot be signed lands on "error" with the engine's message */
static void
test_refusals (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char  *text = g_build_filename (fixture->dir, "notes.pdf", NULL);
  g_autofree char  *plain = make_pdf (fixture, "plain.pdf", 1);
  g_autofree char  *locked = g_build_filename (fixture->dir, "locked.pdf", NULL);
  const char *const encrypt[] = { "qpdf", "--encrypt", "secret", "owner", "256", "--", plain, locked, NULL };
  const char *const inputs[] = { text, locked };
  g_autofree char  *ignored = NULL;

  g_assert_true (g_file_set_contents (text, "Just some notes.\n", -1, NULL));
  ignored = smartca_test_run (encrypt, NULL);
  g_assert_true (g_file_test (locked, G_FILE_TEST_IS_REGULAR));

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError)             error = NULL;
      g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (inputs[i], NULL, &error);

      g_assert_null (document);
      open_window (fixture, inputs[i], NULL);
      wait_for_stage (fixture, "error");
      assert_stage_shows (fixture, texts ()->not_pdf_title);
      assert_stage_shows (fixture, error->message);
      if (i == 0)
        take_screenshot ("sign-window-error");
      press ("Escape");
      g_assert_true (wait_for (window_gone, fixture));
    }
}

/* A refusal on the phone and a confirmation too late say so and what to
 * do; Try Again (the default) goes back to the page */
static void
test_phone_errors (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *input = make_pdf (fixture, "plan.pdf", 1);
  g_autofree char *listing = NULL;

  open_window (fixture, input, NULL);
  for (guint i = 0; i < 2; i++)
    {
      smartca_sandbox_set_fault (sandbox, i == 0 ? SMARTCA_SANDBOX_FAULT_USER_REJECTED
                                                 : SMARTCA_SANDBOX_FAULT_EXPIRED);
      wait_for_stage (fixture, "place");
      press ("ctrl+Return");
      wait_for_stage (fixture, "error");
      assert_stage_shows (fixture, i == 0 ? texts ()->rejected : texts ()->expired);
      g_assert_cmpint (smartca_history_entry_get_outcome (
                         smartca_sign_window_get_history_entry (fixture->window)),
                       ==, i == 0 ? SMARTCA_HISTORY_REJECTED : SMARTCA_HISTORY_EXPIRED);
      if (i == 0)
        take_screenshot ("sign-window-rejected");
      press ("Return");
    }
  wait_for_stage (fixture, "place");
  listing = sign_test_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "plan.pdf");
}

/* The place last used by a certificate is used again */
static void
test_saved_position (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char     *input = make_pdf (fixture, "letter.pdf", 3);
  const SmartcaPdfRect saved = { 100, 120, 150, 60 };
  g_autoptr(GError)    error = NULL;

  g_assert_true (smartca_store_set_sign_position (store, SIGN_SERIAL_ESEAL, 1, &saved, FALSE, &error));
  g_assert_no_error (error);
  open_window (fixture, input, SIGN_SERIAL_ESEAL);
  wait_for_stage (fixture, "place");
  g_assert_cmpint (page_number (fixture), ==, 2);
  assert_box (fixture, &saved);

  /* From the end: -2 is the second last page */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_gone, fixture));
  g_assert_true (smartca_store_set_sign_position (store, SIGN_SERIAL_ESEAL, -1, &saved, TRUE, &error));
  open_window (fixture, input, SIGN_SERIAL_ESEAL);
  wait_for_stage (fixture, "place");
  g_assert_cmpint (page_number (fixture), ==, 3);
  g_assert_false (smartca_page_view_get_box_visible (page_view (fixture)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *store_path = NULL, *nss_dir = NULL;
  GBytes           *also[2] = { NULL, NULL };
  int               status;

  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  app = test_gui_init (&argc, &argv);
  /* For screenshots in dark mode */
  if (g_getenv ("SMARTCA_TEST_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("smartca-sign-window-XXXXXX", &error);
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

#define ADD(name, func) \
  g_test_add ("/sign-window/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("place-personal", test_place_personal);
  ADD ("place-business", test_place_business);
  ADD ("sign-personal", test_sign_personal);
  ADD ("cancel", test_cancel);
  ADD ("close-while-waiting", test_close_while_waiting);
  ADD ("business-method-1", test_business_method_1);
  ADD ("business-method-2", test_business_method_2);
  ADD ("refusals", test_refusals);
  ADD ("phone-errors", test_phone_errors);
  ADD ("saved-position", test_saved_position);
  ADD ("hostile-name", test_hostile_name);
  ADD ("unshown-pages", test_unshown_pages);
  ADD ("changed-file", test_changed_file);
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
