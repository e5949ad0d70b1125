/* test-window.c: the certificate list as a user sees it, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys are pressed with xdotool (XTEST), so they arrive exactly as a user's
 * keyboard would send them; nothing here calls a widget's handler directly.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <locale.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-format.h"
#include "smartca-store.h"
#include "smartca-test-pki.h"
#include "smartca-test-gui.h"
#include "smartca-window.h"

#define DAY (24 * 60 * 60)

static SmartcaTestPki     *pki;
static SmartcaApplication *app;

/* Expected texts, per language the test runs in */
typedef struct
{
  const char *lang;
  const char *badge;
  const char *active;
  const char *expired;
  const char *title;
  const char *empty_title;
  const char *menu_default;
} Texts;

/* One row per language. */
/* clang-format off */
static const Texts texts_en = {
  "en", "Default", "Active", "Expired on ", "Account information", "No Certificates Yet", "Default",
};
static const Texts texts_vi = {
  "vi", "Mặc định", "Đang hoạt động", "Đã hết hạn ngày ", "Thông tin tài khoản", "Chưa có chứng thư số", "Mặc định",
};
/* clang-format on */

static const Texts *
texts (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "vi") ? &texts_vi : &texts_en;
}

/* Helpers */

/* Everything a card shows, as "text|text|…|" */
static char *
card_text (GtkWidget *card)
{
  GString *out = g_string_new ("|");

  collect_text (card, out);
  return g_string_free (out, FALSE);
}

static gboolean
has_n_cards (gpointer data)
{
  gpointer            *args = data;
  g_autoptr(GPtrArray) cards = visible_cards (args[0]);

  return cards->len == GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_cards (GtkWidget *window,
                guint      n)
{
  gpointer args[] = { window, GUINT_TO_POINTER (n) };

  g_assert_true (wait_for (has_n_cards, args));
}

static const char *
focused_name (GtkWidget *window)
{
  SmartcaCertificateCard *card = focused_card (window);

  if (card == NULL)
    return NULL;
  return smartca_certificate_get_display_name (smartca_certificate_card_get_certificate (card));
}

/* Resizes @window from outside, as a window manager would. */
static void
resize_window (GtkWidget *window,
               int        width,
               int        height)
{
  GdkSurface      *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command =
    g_strdup_printf ("xdotool windowsize --sync %lu %d %d",
                     (unsigned long) gdk_x11_surface_get_xid (surface), width, height);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  run_main_loop_for (200);
}

/* Fixture: a store filled as SmartCA would, then the app's own window */

typedef struct
{
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

static void
fill_store (void)
{
  g_autofree char        *path = smartca_store_dup_default_path ();
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  SmartcaCertificate     *suspended;

  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "001099012345",
                            "C=VN,ST=HÀ NỘI,L=Cầu Giấy,CN=Nguyễn Văn A,UID=CCCD:001099012345",
                            "540101010123456789abcdef01234567", "SMARTCA PERSONAL PRO",
                            smartca_test_now () - 100 * DAY, smartca_test_now () + 800 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567",
                            "CN=CÔNG TY TNHH ABC,UID=MST:0101234567",
                            "54010101fedcba9876543210fedcba98", "ESEAL",
                            smartca_test_now () - 400 * DAY, smartca_test_now () - 20 * DAY));
  suspended = smartca_test_pki_certificate (pki, "079188000111",
                                            "C=VN,ST=TP HỒ CHÍ MINH,CN=Trần Thị Bích Đào,UID=CCCD:079188000111",
                                            "5401010100000000000000000000beef", "SMARTCA BASIC",
                                            smartca_test_now () - 10 * DAY, smartca_test_now () + 300 * DAY);
  smartca_certificate_set_status_text (suspended, "Tạm dừng");
  g_ptr_array_add (fresh, suspended);

  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *path = smartca_store_dup_default_path ();
  gboolean          filled = GPOINTER_TO_INT (data);

  if (filled)
    fill_store ();

  /* The store at the app's own path, reopened as a restarted app would. */
  fixture->store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  if (filled)
    wait_for_cards (fixture->window, 3);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (50);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  /* Each test starts from an empty list. */
  {
    g_autofree char *path = smartca_store_dup_default_path ();
    smartca_test_remove_store_files (path);
  }
}

/* Tests */

static void
test_empty_state (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(GString)   text = g_string_new ("|");
  g_autoptr(GPtrArray) cards = visible_cards (fixture->window);

  g_assert_cmpuint (cards->len, ==, 0);
  collect_text (fixture->window, text);
  g_assert_nonnull (strstr (text->str, texts ()->empty_title));
  g_assert_nonnull (strstr (text->str, texts ()->title));
}

static void
test_cards_show_certificates (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(GPtrArray) cards = visible_cards (fixture->window);
  g_autofree char     *first = NULL;
  g_autofree char     *second = NULL;
  g_autofree char     *third = NULL;
  g_autofree char     *badge = g_strdup_printf ("|%s|", texts ()->badge);
  g_autofree char     *active = g_strdup_printf ("|%s|", texts ()->active);
  /* Expired cards say when: "Expired on dd/MM/yyyy". */
  g_autofree char    *expired = g_strdup_printf ("|%s", texts ()->expired);
  g_autofree char    *validity = NULL;
  g_autofree char    *from = NULL;
  g_autofree char    *to = NULL;
  SmartcaCertificate *certificate;

  g_assert_cmpuint (cards->len, ==, 3);
  first = card_text (g_ptr_array_index (cards, 0));
  second = card_text (g_ptr_array_index (cards, 1));
  third = card_text (g_ptr_array_index (cards, 2));
  g_test_message ("cards: %s\n%s\n%s", first, second, third);

  /* The default comes first, with its badge; the rest follow by name. */
  g_assert_nonnull (strstr (first, "|Nguyễn Văn A|"));
  g_assert_nonnull (strstr (first, badge));
  g_assert_nonnull (strstr (first, "|001099012345|"));
  g_assert_nonnull (strstr (first, "|SMARTCA PERSONAL PRO|"));
  g_assert_nonnull (strstr (first, active));

  certificate = smartca_certificate_card_get_certificate (g_ptr_array_index (cards, 0));
  from = smartca_format_date (smartca_certificate_get_valid_from (certificate));
  to = smartca_format_date (smartca_certificate_get_valid_to (certificate));
  validity = g_strdup_printf ("|%s – %s|", from, to);
  g_assert_nonnull (strstr (first, validity));
  g_assert_true (g_regex_match_simple ("\\|\\d\\d/\\d\\d/\\d{4} – \\d\\d/\\d\\d/\\d{4}\\|", first, 0, 0));

  g_assert_nonnull (strstr (second, "|CÔNG TY TNHH ABC|"));
  g_assert_nonnull (strstr (second, "|0101234567|"));
  g_assert_nonnull (strstr (second, expired));
  g_assert_null (strstr (second, badge));

  /* A state SmartCA words itself is shown as SmartCA words it. */
  g_assert_nonnull (strstr (third, "|Trần Thị Bích Đào|"));
  g_assert_nonnull (strstr (third, "|Tạm dừng|"));
  g_assert_null (strstr (third, badge));
}

static void
test_keyboard_reaches_cards (Fixture      *fixture,
                             gconstpointer data)
{
  GtkWidget           *window = fixture->window;
  GtkPopover          *popover;
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char     *first = NULL;
  g_autofree char     *badge = g_strdup_printf ("|%s|", texts ()->badge);

  /* Keyboard users start on the first card, not in the header bar. */
  run_main_loop_for (200);
  g_assert_cmpstr (focused_name (window), ==, "Nguyễn Văn A");

  /* Arrow keys move between cards. */
  press ("Down");
  g_assert_cmpstr (focused_name (window), ==, "CÔNG TY TNHH ABC");
  press ("Down");
  g_assert_cmpstr (focused_name (window), ==, "Trần Thị Bích Đào");
  press ("Up");
  g_assert_cmpstr (focused_name (window), ==, "CÔNG TY TNHH ABC");

  /* Menu opens the focused card's "…" menu; Escape closes it. */
  g_assert_null (find_open_popover (window));
  press ("Menu");
  popover = find_open_popover (window);
  g_assert_nonnull (popover);
  press ("Escape");
  g_assert_null (find_open_popover (window));

  /* Shift+F10 too. The card is suspended: it cannot sign, so it cannot be
   * the default and its menu's Default cannot be chosen (Down skips it). */
  press ("Down");
  g_assert_cmpstr (focused_name (window), ==, "Trần Thị Bích Đào");
  press ("shift+F10");
  g_assert_nonnull (find_open_popover (window));
  g_assert_false (gtk_widget_get_sensitive (find_menu_item (GTK_WIDGET (find_open_popover (window)),
                                                            texts ()->menu_default)));
  press ("Escape");
  g_assert_null (find_open_popover (window));

  /* Exactly one default still, on the card that signs, at the top. */
  cards = visible_cards (window);
  first = card_text (g_ptr_array_index (cards, 0));
  g_assert_nonnull (strstr (first, "|Nguyễn Văn A|"));
  g_assert_nonnull (strstr (first, badge));
  for (guint i = 1; i < cards->len; i++)
    {
      g_autofree char *other = card_text (g_ptr_array_index (cards, i));
      g_assert_null (strstr (other, badge));
    }
}

static void
test_remembers_size (void)
{
  g_autoptr(GSettings)      settings = g_settings_new (APP_ID);
  g_autoptr(GError)         error = NULL;
  g_autofree char          *path = smartca_store_dup_default_path ();
  g_autoptr(SmartcaStore)   store = smartca_store_new (path, &error);
  g_autoptr(SmartcaContext) context = smartca_context_new (store, NULL, NULL);
  GtkWidget                *window;
  int                       width, height;

  g_assert_no_error (error);
  g_settings_set_int (settings, "window-width", 812);
  g_settings_set_int (settings, "window-height", 577);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 812);
  g_assert_cmpint (height, ==, 577);

  /* The user resizes and closes the window: the next one opens that size. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));
  resize_window (window, 640, 700);
  gtk_window_close (GTK_WINDOW (window));
  run_main_loop_for (50);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 700);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_store_error_is_shown (void)
{
  g_autofree char          *path = smartca_store_dup_default_path ();
  g_autofree char          *dir = g_path_get_dirname (path);
  g_autofree char          *garbage = g_strnfill (4096, 'z');
  g_autofree char          *after = NULL;
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaStore)   store = NULL;
  g_autoptr(SmartcaContext) context = NULL;
  g_autoptr(GString)        text = g_string_new ("|");
  GtkWidget                *window;
  gsize                     len;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, 4096, NULL));

  store = smartca_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_CORRUPT);
  context = smartca_context_new (NULL, error, NULL);
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));

  collect_text (window, text);
  g_assert_nonnull (strstr (text->str, path));

  gtk_window_destroy (GTK_WINDOW (window));
  run_main_loop_for (50);

  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpuint (len, ==, 4096);
  g_assert_cmpmem (after, len, garbage, 4096);
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

  g_test_add ("/window/empty-state", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_empty_state, fixture_tear_down);
  g_test_add ("/window/cards", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_cards_show_certificates, fixture_tear_down);
  g_test_add ("/window/keyboard", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_keyboard_reaches_cards, fixture_tear_down);
  g_test_add_func ("/window/store-error", test_store_error_is_shown);
  g_test_add_func ("/window/remembers-size", test_remembers_size);

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
