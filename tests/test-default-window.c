/* test-default-window.c: the default is the certificate that signs, as the
 * window shows it — the card menu, the Detail, and the offer of another
 * default when it can no longer sign — under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-detail-dialog.h"
#include "smartca-format.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

#define DAY (24 * 60 * 60)
#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_OLD "54010101aaaaaaaaaaaaaaaaaaaaaaaa"
#define SERIAL_DAO "5401010100000000000000000000beef"

static SmartcaApplication *app;
static SmartcaTestPki     *pki;

static SmartcaCertificate *
an (gint64 valid_to)
{
  return smartca_test_pki_certificate (
    pki, "001099012345", "C=VN,CN=Nguyễn Văn An,UID=CCCD:001099012345", SERIAL_AN,
    "SMARTCA PERSONAL PRO", smartca_test_now () - 100 * DAY, valid_to);
}

static SmartcaCertificate *
old (void)
{
  return smartca_test_pki_certificate (
    pki, "001099000222", "C=VN,CN=Hoàng Văn Cũ,UID=CCCD:001099000222", SERIAL_OLD,
    "SMARTCA BASIC", smartca_test_now () - 400 * DAY, smartca_test_now () - 20 * DAY);
}

static SmartcaCertificate *
dao (void)
{
  return smartca_test_pki_certificate (
    pki, "079188000111", "C=VN,CN=Trần Thị Bích Đào,UID=CCCD:079188000111", SERIAL_DAO,
    "SMARTCA BASIC", smartca_test_now () - 10 * DAY, smartca_test_now () + 300 * DAY);
}

static void
upsert (SmartcaStore       *store,
        SmartcaCertificate *certificate)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)    error = NULL;

  g_ptr_array_add (fresh, certificate);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Fixture: An (the default, active), Cũ (expired), Đào (active) */

typedef struct
{
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char  *path = smartca_store_dup_default_path ();
  g_autoptr(GError) error = NULL;

  fixture->store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  upsert (fixture->store, an (smartca_test_now () + 800 * DAY));
  upsert (fixture->store, old ());
  upsert (fixture->store, dao ());
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_AN)));
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
}

static void
show_window (Fixture *fixture)
{
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *path = smartca_store_dup_default_path ();
  GtkWindow       *detail = find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG);

  if (detail != NULL)
    gtk_window_destroy (detail);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (100);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (path);
}

/* Helpers */

static GtkWidget *
card_for (GtkWidget  *window,
          const char *serial)
{
  g_autoptr(GPtrArray) cards = visible_cards (window);

  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificate *c = smartca_certificate_card_get_certificate (g_ptr_array_index (cards, i));
      if (g_str_equal (smartca_certificate_get_serial_number (c), serial))
        return g_ptr_array_index (cards, i);
    }
  return NULL;
}

static char *
text_of (GtkWidget *widget)
{
  GString *out = g_string_new ("|");

  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} Shown;

static gboolean
text_shown (gpointer data)
{
  Shown           *shown = data;
  g_autofree char *all = text_of (shown->widget);

  return strstr (all, shown->text) != NULL;
}

/* Tests */

static void
test_card_menu (Fixture      *fixture,
                gconstpointer data)
{
  GtkWidget          *window, *item;
  GtkPopover         *popover;
  SmartcaCertificate *default_before;
  g_autofree char    *badge = g_strdup_printf ("|%s|", _("Default"));
  g_autofree char    *old_text = NULL;

  show_window (fixture);
  window = fixture->window;
  default_before = smartca_store_get_default (fixture->store);

  /* The expired card's menu: Default is there, but cannot be chosen. */
  gtk_widget_grab_focus (gtk_widget_get_parent (card_for (window, SERIAL_OLD)));
  run_main_loop_for (100);
  press ("Menu");
  popover = find_open_popover (window);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (popover), card_for (window, SERIAL_OLD)));
  item = find_menu_item (GTK_WIDGET (popover), "Default");
  g_assert_nonnull (item);
  g_assert_false (gtk_widget_is_sensitive (item));
  press ("Escape");

  /* An active card's menu offers it. */
  gtk_widget_grab_focus (gtk_widget_get_parent (card_for (window, SERIAL_DAO)));
  run_main_loop_for (100);
  press ("Menu");
  popover = find_open_popover (window);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (popover), card_for (window, SERIAL_DAO)));
  item = find_menu_item (GTK_WIDGET (popover), "Default");
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_is_sensitive (item));
  press ("Escape");

  /* Asked anyway (an older menu, another window): refused, and said why. */
  g_assert_true (gtk_widget_activate_action (window, "win.set-default", "s", SERIAL_OLD));
  run_main_loop_for (300);
  g_assert_true (smartca_store_get_default (fixture->store) == default_before);
  {
    Shown refused = { window, "cannot be the default certificate: expired on " };
    g_assert_true (wait_for (text_shown, &refused));
  }
  old_text = text_of (card_for (window, SERIAL_OLD));
  g_assert_null (strstr (old_text, badge));
}

static void
test_detail_says_why (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *until = smartca_format_date (smartca_test_now () - 20 * DAY);
  g_autofree char *expected = g_strdup_printf ("Cannot be the default: expired on %s", until);
  GtkWidget       *detail;

  show_window (fixture);
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", SERIAL_OLD));
  run_main_loop_for (300);
  detail = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
  g_assert_nonnull (detail);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (detail, "default"))), ==, expected);
  gtk_window_destroy (GTK_WINDOW (detail));
  run_main_loop_for (100);

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", SERIAL_AN));
  run_main_loop_for (300);
  detail = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (detail, "default"))), ==,
                   "Yes — it is used for signing");
}

/* The default was suspended before the app started: the window says so at
 * once, on the card and in a banner that offers the best one that signs. */
static void
test_offer_at_start (Fixture      *fixture,
                     gconstpointer data)
{
  SmartcaCertificate *suspended = an (smartca_test_now () + 800 * DAY);
  Shown               offer = { NULL, "|Your default certificate cannot sign: SmartCA reports it as "
                                                    "“Tạm dừng”.|" };
  g_autofree char    *an_text = NULL;
  GtkWidget          *button;

  smartca_certificate_set_status_text (suspended, "Tạm dừng");
  upsert (fixture->store, suspended);
  show_window (fixture);

  offer.widget = fixture->window;
  g_assert_true (wait_for (text_shown, &offer));
  an_text = text_of (card_for (fixture->window, SERIAL_AN));
  g_assert_nonnull (strstr (an_text, "|Default — cannot sign|"));

  /* One click makes it the default. */
  button = find_button (fixture->window, "Make “\u2068Trần Thị Bích Đào\u2069” the Default");
  g_assert_nonnull (button);
  click (button);
  run_main_loop_for (500);
  g_assert_false (text_shown (&offer));
  g_assert_true (smartca_store_get_default (fixture->store) ==
                 smartca_store_lookup (fixture->store, SERIAL_DAO));
  g_clear_pointer (&an_text, g_free);
  an_text = text_of (card_for (fixture->window, SERIAL_AN));
  g_assert_null (strstr (an_text, "Default"));
}

/* A refresh finds the default expired (SmartCA's new dates): the store
 * updates the certificate, and the window notices. No other certificate
 * signs: the banner says why and offers none. */
static void
test_offer_on_refresh (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *until = smartca_format_date (smartca_test_now () - DAY);
  g_autofree char *expected = NULL;
  g_autofree char *before = NULL;
  g_autofree char *an_text = NULL;
  Shown            offer = { NULL, NULL };

  g_assert_true (smartca_store_remove (fixture->store,
                                       smartca_store_lookup (fixture->store, SERIAL_DAO), NULL));
  show_window (fixture);
  before = text_of (fixture->window);
  g_assert_null (strstr (before, "cannot sign"));

  upsert (fixture->store, an (smartca_test_now () - DAY));
  expected = g_strdup_printf ("|Your default certificate cannot sign: expired on %s. Add or "
                              "renew a certificate to sign again.|",
                              until);
  offer.widget = fixture->window;
  offer.text = expected;
  g_assert_true (wait_for (text_shown, &offer));
  an_text = text_of (card_for (fixture->window, SERIAL_AN));
  g_assert_nonnull (strstr (an_text, "|Default — cannot sign|"));
  g_assert_null (find_button (fixture->window, "Make “\u2068Trần Thị Bích Đào\u2069” the Default"));

  /* SmartCA renews it (a later refresh): the banner goes. */
  upsert (fixture->store, an (smartca_test_now () + 700 * DAY));
  run_main_loop_for (300);
  g_assert_false (text_shown (&offer));
  g_clear_pointer (&an_text, g_free);
  an_text = text_of (card_for (fixture->window, SERIAL_AN));
  g_assert_nonnull (strstr (an_text, "|Default|"));
}

/* A certificate expires while the app runs: its card says so and its menu
 * stops offering Default, without a refresh or a restart. */
static void
test_expires_while_running (Fixture      *fixture,
                            gconstpointer data)
{
  const char      *serial = "5401010100000000000000000000500e";
  gint64           until = smartca_test_now () + 4;
  GtkPopover      *popover;
  GtkWidget       *item;
  g_autofree char *text = NULL;

  upsert (fixture->store, smartca_test_pki_certificate (
                            pki, "036085001234", "C=VN,CN=Lê Sắp Hết,UID=CCCD:036085001234",
                            serial, "SMARTCA BASIC", smartca_test_now () - 10 * DAY, until));
  show_window (fixture);

  gtk_widget_grab_focus (gtk_widget_get_parent (card_for (fixture->window, serial)));
  run_main_loop_for (100);
  press ("Menu");
  popover = find_open_popover (fixture->window);
  g_assert_nonnull (popover);
  item = find_menu_item (GTK_WIDGET (popover), "Default");
  g_assert_true (gtk_widget_is_sensitive (item));
  press ("Escape");

  while (smartca_test_now () <= until + 1)
    run_main_loop_for (250);
  run_main_loop_for (500);

  text = text_of (card_for (fixture->window, serial));
  g_assert_nonnull (strstr (text, "Expired on"));
  gtk_widget_grab_focus (gtk_widget_get_parent (card_for (fixture->window, serial)));
  run_main_loop_for (100);
  press ("Menu");
  popover = find_open_popover (fixture->window);
  g_assert_nonnull (popover);
  item = find_menu_item (GTK_WIDGET (popover), "Default");
  g_assert_false (gtk_widget_is_sensitive (item));
  press ("Escape");
}

static gboolean
detail_closed (gpointer data)
{
  return find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG) == NULL;
}

/* Escape and Ctrl+W close the Detail, even right after a copy put a toast
 * on it (the toast would take Escape first). */
static void
test_detail_closes (Fixture      *fixture,
                    gconstpointer data)
{
  const char *keys[] = { "Escape", "ctrl+w" };

  show_window (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *detail;

      g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-detail", "s", SERIAL_AN));
      run_main_loop_for (300);
      detail = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
      g_assert_nonnull (detail);
      g_assert_true (wait_for (window_is_active, detail));
      click (find_named (detail, "copy-serial"));
      run_main_loop_for (300);
      g_assert_nonnull (find_named (detail, "copy-serial"));
      {
        Shown copied = { detail, _("Copied to the clipboard") };
        g_assert_true (wait_for (text_shown, &copied));
      }
      press (keys[i]);
      g_assert_true (wait_for (detail_closed, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/default-window/card-menu", test_card_menu);
  ADD ("/default-window/detail", test_detail_says_why);
  ADD ("/default-window/detail-closes", test_detail_closes);
  ADD ("/default-window/offer-at-start", test_offer_at_start);
  ADD ("/default-window/offer-on-refresh", test_offer_on_refresh);
  ADD ("/default-window/expires-while-running", test_expires_while_running);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
