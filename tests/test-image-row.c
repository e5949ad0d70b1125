/* test-image-row.c: the signature image a certificate signs with, as the
 * Detail's "Signature image" row (its own, the default, none; Change) and
 * the card's preview show it, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-detail-dialog.h"
#include "smartca-image-picker.h"
#include "smartca-test-gui.h"
#include "smartca-test-image.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_DAO "5401010100000000000000000000beef"

static SmartcaApplication *app;
static SmartcaTestPki     *pki;

/* Expected texts, per language the test runs in */
typedef struct
{
  const char *none_title;
  const char *default_title;
  const char *own_subtitle;
} Texts;

/* clang-format off */
static const Texts texts_en = {
  "No signature image", "Default image", "Chosen for this certificate",
};
static const Texts texts_vi = {
  "Không có ảnh chữ ký", "Ảnh mặc định", "Đã chọn cho chứng thư số này",
};
/* clang-format on */

static const Texts *
texts (void)
{
  return test_language_is_vi () ? &texts_vi : &texts_en;
}

/* Fixture for the Detail and the card: two certificates, the app's window */

typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} App;

static void
app_set_up (App          *fixture,
            gconstpointer data)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)    error = NULL;

  fixture->path = smartca_store_dup_default_path ();
  fixture->store = smartca_test_open_store (fixture->path);
  g_ptr_array_add (fresh, smartca_test_pki_person (pki, SERIAL_AN, "Nguyễn Văn An", "001099012345"));
  g_ptr_array_add (fresh,
                   smartca_test_pki_person (pki, SERIAL_DAO, "Trần Thị Bích Đào", "079188000111"));
  g_assert_true (smartca_store_upsert (fixture->store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

static void
app_tear_down (App          *fixture,
               gconstpointer data)
{
  GtkWindow *detail = find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG);

  if (detail != NULL)
    gtk_window_destroy (detail);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  g_clear_object (&fixture->context);
  smartca_test_remove_store_and_images (&fixture->store, fixture->path);
  g_free (fixture->path);
}

static const char *
row_title (GtkWidget *dialog)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_named (dialog, "image_row")));
}

static const char *
row_subtitle (GtkWidget *dialog)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (dialog, "image_row")));
}

static char *
isolated (const char *text)
{
  return g_strdup_printf ("\u2068%s\u2069", text);
}

static gboolean
detail_is_open (gpointer data)
{
  GtkWindow *detail = find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG);

  return detail != NULL && gtk_window_is_active (detail);
}

static void
test_detail_row_states (App          *fixture,
                        gconstpointer data)
{
  SmartcaCertificate              *an = smartca_store_lookup (fixture->store, SERIAL_AN);
  g_autoptr(SmartcaSignatureImage) own = NULL;
  g_autoptr(SmartcaSignatureImage) seal = NULL;
  g_autoptr(GError)                error = NULL;
  g_autofree char                 *own_label = NULL;
  g_autofree char                 *seal_label = NULL;
  g_autofree char                 *renamed_label = NULL;
  GtkWidget                       *dialog;
  GtkWidget                       *change;

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", SERIAL_AN));
  g_assert_true (wait_for (detail_is_open, NULL));
  dialog = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));

  /* None: a placeholder, and how to add one */
  g_assert_cmpstr (row_title (dialog), ==, texts ()->none_title);
  g_assert_nonnull (row_subtitle (dialog));
  g_assert_cmpstr (row_subtitle (dialog), !=, "");
  change = find_named (dialog, "change_image_button");
  g_assert_true (gtk_widget_is_sensitive (change));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (change)));
  take_screenshot ("detail-none");

  /* The default image, while the certificate has none of its own */
  seal = smartca_test_add_image (fixture->store, 300, 100, 2, "Con dấu");
  g_assert_true (smartca_store_set_default_image (fixture->store, seal, &error));
  g_assert_no_error (error);
  run_main_loop_for (50);
  seal_label = isolated ("Con dấu");
  g_assert_cmpstr (row_title (dialog), ==, texts ()->default_title);
  g_assert_cmpstr (row_subtitle (dialog), ==, seal_label);
  take_screenshot ("detail-default");

  /* Its own */
  own = smartca_test_add_image (fixture->store, 300, 100, 1, "Chữ ký An");
  g_assert_true (smartca_store_set_certificate_image (fixture->store, an, own, &error));
  g_assert_no_error (error);
  run_main_loop_for (50);
  own_label = isolated ("Chữ ký An");
  g_assert_cmpstr (row_title (dialog), ==, own_label);
  g_assert_cmpstr (row_subtitle (dialog), ==, texts ()->own_subtitle);
  take_screenshot ("detail-own");

  /* Renamed: the row follows */
  g_assert_true (smartca_store_rename_image (fixture->store, own, "An ký", &error));
  g_assert_no_error (error);
  run_main_loop_for (50);
  renamed_label = isolated ("An ký");
  g_assert_cmpstr (row_title (dialog), ==, renamed_label);

  /* Its own removed: back to the default, then nothing */
  g_assert_true (smartca_store_remove_image (fixture->store, own, &error));
  g_assert_no_error (error);
  run_main_loop_for (50);
  g_assert_cmpstr (row_title (dialog), ==, texts ()->default_title);
  g_assert_true (smartca_store_set_default_image (fixture->store, NULL, &error));
  g_assert_no_error (error);
  run_main_loop_for (50);
  g_assert_cmpstr (row_title (dialog), ==, texts ()->none_title);

  /* Change opens the picker for this certificate */
  click (change);
  g_assert_nonnull (wait_for_window_of_type (SMARTCA_TYPE_IMAGE_PICKER));
  gtk_window_destroy (find_toplevel (SMARTCA_TYPE_IMAGE_PICKER));
  run_main_loop_for (100);

  /* Opened afresh, it shows the same */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (smartca_store_set_default_image (fixture->store, seal, &error));
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", SERIAL_AN));
  g_assert_true (wait_for (detail_is_open, NULL));
  dialog = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
  g_assert_cmpstr (row_title (dialog), ==, texts ()->default_title);
}

/* The card of @serial on screen */
static GtkWidget *
card_of (GtkWidget  *window,
         const char *serial)
{
  g_autoptr(GPtrArray) cards = NULL;

  run_main_loop_for (100);
  cards = visible_cards (window);
  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificate *c = smartca_certificate_card_get_certificate (g_ptr_array_index (cards, i));

      if (g_strcmp0 (smartca_certificate_get_serial_number (c), serial) == 0)
        return g_ptr_array_index (cards, i);
    }
  g_assert_not_reached ();
}

static gboolean
shows_preview (GtkWidget *card)
{
  GtkWidget *preview = find_named (card, "signature_preview");

  return preview != NULL && gtk_widget_get_visible (preview) && gtk_widget_get_mapped (preview) &&
         gtk_widget_get_height (preview) > 0;
}

static void
test_card_preview (App          *fixture,
                   gconstpointer data)
{
  SmartcaCertificate              *an = smartca_store_lookup (fixture->store, SERIAL_AN);
  g_autoptr(SmartcaSignatureImage) own = NULL;
  g_autoptr(SmartcaSignatureImage) seal = NULL;
  g_autoptr(GError)                error = NULL;
  int                              height_without;

  /* No image: nothing made, no room taken */
  g_assert_null (find_named (card_of (fixture->window, SERIAL_AN), "signature_preview"));
  g_assert_null (find_named (card_of (fixture->window, SERIAL_DAO), "signature_preview"));
  height_without = gtk_widget_get_height (card_of (fixture->window, SERIAL_DAO));

  /* Chosen for one certificate: its card shows it, the other does not */
  own = smartca_test_add_image (fixture->store, 300, 100, 1, "Chữ ký An");
  g_assert_true (smartca_store_set_certificate_image (fixture->store, an, own, &error));
  g_assert_no_error (error);
  g_assert_true (shows_preview (card_of (fixture->window, SERIAL_AN)));
  g_assert_false (shows_preview (card_of (fixture->window, SERIAL_DAO)));

  /* The default image: every card without its own follows it */
  seal = smartca_test_add_image (fixture->store, 300, 100, 2, "Con dấu");
  g_assert_true (smartca_store_set_default_image (fixture->store, seal, &error));
  g_assert_no_error (error);
  g_assert_true (shows_preview (card_of (fixture->window, SERIAL_DAO)));
  g_assert_cmpint (gtk_widget_get_height (card_of (fixture->window, SERIAL_DAO)), >=, height_without);
  take_screenshot ("cards");

  g_assert_true (smartca_store_set_default_image (fixture->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (shows_preview (card_of (fixture->window, SERIAL_DAO)));
  g_assert_true (shows_preview (card_of (fixture->window, SERIAL_AN)));
  run_main_loop_for (100);
  g_assert_cmpint (gtk_widget_get_height (card_of (fixture->window, SERIAL_DAO)), ==, height_without);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

#define APP(name, func) g_test_add (name, App, NULL, app_set_up, func, app_tear_down)
  APP ("/image-row/detail", test_detail_row_states);
  APP ("/image-row/card", test_card_preview);
#undef APP

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
