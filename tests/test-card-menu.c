/* test-card-menu.c: the card's "…" menu — Detail, rename, Default, Delete
 * with Undo — the filter and a keyboard-only walk, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <locale.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-detail-dialog.h"
#include "smartca-dn.h"
#include "smartca-format.h"
#include "smartca-test-pki.h"
#include "smartca-test-gui.h"
#include "smartca-window.h"
#include "smartca-x509.h"

#define DAY (24 * 60 * 60)
#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_ABC "54010101fedcba9876543210fedcba98"
#define SERIAL_DAO "5401010100000000000000000000beef"

static SmartcaApplication *app;
static SmartcaTestPki     *pki;

/* Helpers */

static const char *
field (GtkWidget  *dialog,
       const char *name)
{
  GtkWidget *label = find_named (dialog, name);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static GtkWidget *
open_detail (void)
{
  return GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
}

static gboolean
detail_is_open (gpointer data)
{
  return open_detail () != NULL && gtk_window_is_active (GTK_WINDOW (open_detail ()));
}

static gboolean
detail_is_closed (gpointer data)
{
  return open_detail () == NULL;
}

/* The names on the cards shown, top to bottom, as "name|name|…" */
static char *
shown_names (GtkWidget *window)
{
  g_autoptr(GPtrArray) cards = NULL;
  GString             *names = g_string_new (NULL);

  run_main_loop_for (100);
  cards = visible_cards (window);
  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificate *c = smartca_certificate_card_get_certificate (g_ptr_array_index (cards, i));
      g_string_append_printf (names, "%s%s", i > 0 ? "|" : "",
                              smartca_certificate_get_display_name (c));
    }
  return g_string_free (names, FALSE);
}

/* Cards showing the Default badge */
static guint
shown_badges (GtkWidget *window)
{
  g_autoptr(GPtrArray) cards = NULL;
  guint                n = 0;

  run_main_loop_for (100);
  cards = visible_cards (window);
  for (guint i = 0; i < cards->len; i++)
    n += gtk_widget_get_visible (find_named (g_ptr_array_index (cards, i), "default_badge"));
  return n;
}

/* Fixture: three certificates, one of them business; the app's window */

typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

static void
fill_store (const char *path)
{
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64                  now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;
  SmartcaCertificate     *dao;

  g_assert_no_error (error);
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "001099012345", "C=VN,ST=HÀ NỘI,L=Cầu Giấy,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                            SERIAL_AN, "SMARTCA PERSONAL PRO", now - 100 * DAY, now + 800 * DAY));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567", "C=VN,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                            SERIAL_ABC, "ESEAL", now - 100 * DAY, now + 30 * DAY));
  dao = smartca_test_pki_certificate (
    pki, "079188000111", "C=VN,ST=TP HỒ CHÍ MINH,CN=Trần Thị Bích Đào,UID=CCCD:079188000111",
    SERIAL_DAO, "SMARTCA BASIC", now - 10 * DAY, now + 300 * DAY);
  g_ptr_array_add (fresh, dao);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = smartca_store_dup_default_path ();
  fill_store (fixture->path);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (open_detail () != NULL)
    gtk_window_destroy (GTK_WINDOW (open_detail ()));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  g_free (fixture->path);
}

static void
activate (GtkWidget  *window,
          const char *action,
          const char *serial)
{
  g_assert_true (gtk_widget_activate_action (window, action, "s", serial));
  run_main_loop_for (200);
}

/* Tests */

static void
test_detail_shows_the_certificate (Fixture      *fixture,
                                   gconstpointer data)
{
  SmartcaCertificate        *an = smartca_store_lookup (fixture->store, SERIAL_AN);
  g_autoptr(SmartcaX509Info) info = NULL;
  g_autofree char           *cn = NULL;
  g_autofree char           *from = NULL;
  g_autofree char           *to = NULL;
  GtkWidget                 *dialog;

  activate (fixture->window, "win.show-detail", SERIAL_AN);
  g_assert_true (wait_for (detail_is_open, NULL));
  dialog = open_detail ();

  /* What the certificate itself says … */
  g_assert_nonnull (smartca_certificate_get_der (an));
  info = smartca_x509_parse (smartca_certificate_get_der (an), NULL);
  cn = smartca_dn_dup_attribute (info->subject_dn, "CN");
  from = smartca_format_date (info->not_before);
  to = smartca_format_date (info->not_after);
  g_assert_cmpstr (field (dialog, "subject"), ==, cn);
  g_assert_cmpstr (field (dialog, "issuer"), ==, info->issuer_dn);
  g_assert_nonnull (strstr (field (dialog, "issuer"), "VNPT SmartCA RS"));
  g_assert_true (g_str_has_prefix (field (dialog, "validity"), from));
  g_assert_nonnull (strstr (field (dialog, "validity"), to));
  g_assert_cmpstr (field (dialog, "fingerprint"), ==, info->sha256_fingerprint);

  /* … and what SmartCA said. */
  g_assert_cmpstr (field (dialog, "serial"), ==, SERIAL_AN);
  g_assert_cmpstr (field (dialog, "id-number"), ==, "001099012345");
  g_assert_cmpstr (field (dialog, "subject-dn"), ==,
                   "C=VN,ST=HÀ NỘI,L=Cầu Giấy,CN=Nguyễn Văn An,UID=CCCD:001099012345");
  g_assert_nonnull (strstr (field (dialog, "package"), "SMARTCA PERSONAL PRO"));
  g_assert_nonnull (strstr (field (dialog, "status"), "Active"));
  g_assert_nonnull (find_named (dialog, "chain-ca"));
  g_assert_nonnull (strstr (field (dialog, "chain-root"), "SmartCA Sandbox Root CA"));

  /* The business account (and its OTP authentication usage) is for
   * business certificates only. */
  g_assert_false (gtk_widget_get_visible (find_named (dialog, "business_group")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  run_main_loop_for (100);

  activate (fixture->window, "win.show-detail", SERIAL_ABC);
  g_assert_true (wait_for (detail_is_open, NULL));
  g_assert_true (gtk_widget_get_visible (find_named (open_detail (), "business_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (open_detail (), "usage_row"))),
                   ==, "Off");
}

static void
test_copy_buttons (Fixture      *fixture,
                   gconstpointer data)
{
  GtkWidget       *dialog;
  g_autofree char *copied = NULL;

  activate (fixture->window, "win.show-detail", SERIAL_AN);
  g_assert_true (wait_for (detail_is_open, NULL));
  dialog = open_detail ();

  /* A keyboard activation clicks after a short animation. */
  gtk_widget_activate (find_named (dialog, "copy-serial"));
  run_main_loop_for (400);
  {
    GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (dialog));
    g_auto(GValue)      value = G_VALUE_INIT;

    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    copied = g_value_dup_string (&value);
  }
  g_assert_cmpstr (copied, ==, SERIAL_AN);
}

static void
test_rename_persists_and_restores (Fixture      *fixture,
                                   gconstpointer data)
{
  SmartcaCertificate *an = smartca_store_lookup (fixture->store, SERIAL_AN);
  GtkWidget          *dialog, *name_row;
  g_autoptr(GString)  long_name = g_string_new (NULL);
  g_autofree char    *names = NULL;

  activate (fixture->window, "win.show-detail", SERIAL_AN);
  g_assert_true (wait_for (detail_is_open, NULL));
  dialog = open_detail ();
  name_row = find_named (dialog, "name_row");

  /* Typed by keyboard into the focused name field: Vietnamese kept as is. */
  gtk_widget_grab_focus (name_row);
  press ("ctrl+a BackSpace");
  /* Empty would restore SmartCA's name, which is the name already. */
  g_assert_false (gtk_widget_get_sensitive (find_named (dialog, "save_button")));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  Ký hợp đồng — Đà Nẵng 2026  ");
  press ("Return");
  g_assert_true (wait_for (detail_is_closed, NULL));
  g_assert_cmpstr (smartca_certificate_get_display_name (an), ==, "Ký hợp đồng — Đà Nẵng 2026");
  names = shown_names (fixture->window);
  g_assert_nonnull (strstr (names, "Ký hợp đồng — Đà Nẵng 2026"));

  /* It survives a restart of the store. */
  {
    g_autoptr(GError)       error = NULL;
    g_autoptr(SmartcaStore) again = smartca_store_new (fixture->path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (smartca_certificate_get_display_name (smartca_store_lookup (again, SERIAL_AN)),
                     ==, "Ký hợp đồng — Đà Nẵng 2026");
  }

  /* Too long: Save stays off and the reason is shown. */
  activate (fixture->window, "win.show-detail", SERIAL_AN);
  g_assert_true (wait_for (detail_is_open, NULL));
  dialog = open_detail ();
  name_row = find_named (dialog, "name_row");
  for (guint i = 0; i <= SMARTCA_STORE_NAME_MAX_CHARS; i++)
    g_string_append (long_name, "ệ");
  gtk_editable_set_text (GTK_EDITABLE (name_row), long_name->str);
  g_assert_false (gtk_widget_get_sensitive (find_named (dialog, "save_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find_named (dialog, "name_hint_label"))),
                            "80"));

  /* Empty restores the name SmartCA gave. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  g_assert_true (gtk_widget_get_sensitive (find_named (dialog, "save_button")));
  gtk_widget_activate (find_named (dialog, "save_button"));
  run_main_loop_for (400);
  g_assert_true (wait_for (detail_is_closed, NULL));
  g_assert_null (smartca_certificate_get_custom_name (an));
  g_assert_cmpstr (smartca_certificate_get_display_name (an), ==, "Nguyễn Văn An");
}

static void
test_exactly_one_default (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char *names = NULL;

  g_assert_cmpuint (shown_badges (fixture->window), ==, 1);
  activate (fixture->window, "win.set-default", SERIAL_DAO);
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_DAO)));
  g_assert_false (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_AN)));
  g_assert_cmpuint (shown_badges (fixture->window), ==, 1);
  names = shown_names (fixture->window);
  g_assert_true (g_str_has_prefix (names, "Trần Thị Bích Đào|"));
}

static gboolean
is_deleted (gpointer data)
{
  gpointer *args = data;
  return smartca_store_lookup (args[0], args[1]) == NULL;
}

static void
test_delete_and_undo (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *before = shown_names (fixture->window);
  g_autofree char *during = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *after_button = NULL;
  gpointer         args[] = { fixture->store, (gpointer) SERIAL_DAO };

  /* Delete: the card goes at once, the certificate not yet. */
  activate (fixture->window, "win.delete", SERIAL_DAO);
  during = shown_names (fixture->window);
  g_assert_null (strstr (during, "Trần Thị Bích Đào"));
  g_assert_nonnull (smartca_store_lookup (fixture->store, SERIAL_DAO));

  /* Ctrl+Z brings it back. */
  press ("ctrl+z");
  after_undo = shown_names (fixture->window);
  g_assert_cmpstr (after_undo, ==, before);

  /* The toast's Undo button does the same (the toast goes away first, then
   * the button's action runs: nothing may be deleted in between). */
  run_main_loop_for (800);
  activate (fixture->window, "win.delete", SERIAL_DAO);
  run_main_loop_for (1200);
  {
    GtkWidget *undo = find_button (fixture->window, "Undo");

    g_assert_nonnull (undo);
    click (undo);
    run_main_loop_for (1000);
    /* The click reached the button: its toast is gone. */
    g_assert_null (find_button (fixture->window, "Undo"));
  }
  after_button = shown_names (fixture->window);
  g_assert_cmpstr (after_button, ==, before);
  g_assert_nonnull (smartca_store_lookup (fixture->store, SERIAL_DAO));

  /* Left alone, the toast goes and the certificate is deleted for real. */
  activate (fixture->window, "win.delete", SERIAL_DAO);
  g_assert_true (wait_for (is_deleted, args));
  {
    g_autoptr(GError)       error = NULL;
    g_autoptr(SmartcaStore) again = smartca_store_new (fixture->path, &error);
    g_assert_no_error (error);
    g_assert_null (smartca_store_lookup (again, SERIAL_DAO));
    g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (again)), ==, 2);
  }
}

/* The keyring is asked once the store is done: wait for its answer. */
static gboolean
keyring_cleared (gpointer data)
{
  g_auto(GStrv) left = smartca_store_dup_keyring_cleanup (data);

  return g_strv_length (left) == 0;
}

static void
vault_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_delete_the_default (Fixture      *fixture,
                         gconstpointer data)
{
  SmartcaVault           *vault = smartca_context_get_vault (fixture->context);
  g_autoptr(GAsyncResult) result = NULL;
  gpointer                args[] = { fixture->store, (gpointer) SERIAL_AN };
  char                   *secret;

  /* Something in the keyring for it, as a business account would leave. */
  smartca_vault_store_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_AN, "mật khẩu", NULL,
                             vault_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (smartca_vault_store_finish (vault, result, NULL));
  g_clear_object (&result);

  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_AN)));
  activate (fixture->window, "win.delete", SERIAL_AN);

  /* The best one left — valid longest among those that can sign — takes the
   * badge at once; exactly one default remains. */
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_DAO)));
  g_assert_cmpuint (shown_badges (fixture->window), ==, 1);

  /* Undo gives the default back. */
  press ("ctrl+z");
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_AN)));
  g_assert_false (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_DAO)));

  /* For real this time: the keyring forgets it too. */
  activate (fixture->window, "win.delete", SERIAL_AN);
  g_assert_true (wait_for (is_deleted, args));
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, SERIAL_DAO)));
  g_assert_true (wait_for (keyring_cleared, fixture->store));
  smartca_vault_lookup_async (vault, SMARTCA_SECRET_BUSINESS_PASSWORD, SERIAL_AN, NULL,
                              vault_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  secret = smartca_vault_lookup_finish (vault, result, NULL);
  g_assert_null (secret);
}

static void
search_for (GtkWidget  *window,
            const char *text)
{
  GtkWidget *entry = find_named (window, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  run_main_loop_for (400); /* search-changed is delayed a little, as typing is */
}

static void
test_filter_ignores_diacritics (Fixture      *fixture,
                                gconstpointer data)
{
  GtkWidget       *window = fixture->window;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;
  GtkStack        *stack;

  /* Ctrl+F opens the search; typing goes into it. */
  press ("ctrl+f");
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find_named (window, "search_bar"))));
  type ("nguyen van an");
  run_main_loop_for (400);
  a = shown_names (window);
  g_assert_cmpstr (a, ==, "Nguyễn Văn An");

  search_for (window, "DAO");
  b = shown_names (window);
  g_assert_cmpstr (b, ==, "Trần Thị Bích Đào");
  search_for (window, "đào");
  c = shown_names (window);
  g_assert_cmpstr (c, ==, "Trần Thị Bích Đào");
  search_for (window, "fedcba98");
  d = shown_names (window);
  g_assert_cmpstr (d, ==, "CÔNG TY TNHH THƯƠNG MẠI ABC");
  search_for (window, "eseal");
  e = shown_names (window);
  g_assert_cmpstr (e, ==, "CÔNG TY TNHH THƯƠNG MẠI ABC");
  search_for (window, "079188");
  f = shown_names (window);
  g_assert_cmpstr (f, ==, "Trần Thị Bích Đào");

  search_for (window, "không có ai");
  stack = GTK_STACK (find_named (window, "certificates_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-results");

  /* Escape clears the search and everything is back. */
  press ("Escape");
  run_main_loop_for (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  {
    g_autofree char *all = shown_names (window);
    g_assert_cmpstr (all, ==, "Nguyễn Văn An|CÔNG TY TNHH THƯƠNG MẠI ABC|Trần Thị Bích Đào");
  }
}

static const char *
focused_serial (GtkWidget *window)
{
  SmartcaCertificateCard *card = focused_card (window);

  return card != NULL
           ? smartca_certificate_get_serial_number (smartca_certificate_card_get_certificate (card))
           : NULL;
}

/* From app start to a renamed default certificate, with no pointer at all. */
static void
test_keyboard_only_walk (Fixture      *fixture,
                         gconstpointer data)
{
  GtkWidget          *window = fixture->window;
  SmartcaCertificate *abc = smartca_store_lookup (fixture->store, SERIAL_ABC);

  /* Reach a card. */
  for (guint i = 0; i < 8 && focused_card (window) == NULL; i++)
    press ("Tab");
  g_assert_cmpstr (focused_serial (window), ==, SERIAL_AN);
  press ("Down");
  g_assert_cmpstr (focused_serial (window), ==, SERIAL_ABC);

  /* Enter on the card opens its detail; Escape closes it. */
  press ("Return");
  g_assert_true (wait_for (detail_is_open, NULL));
  press ("Escape");
  g_assert_true (wait_for (detail_is_closed, NULL));

  /* Its menu, then Default. */
  g_assert_cmpstr (focused_serial (window), ==, SERIAL_ABC);
  press ("Menu");
  choose_menu_item (window, "Default");
  run_main_loop_for (300);
  g_assert_true (smartca_certificate_get_is_default (abc));
  g_assert_cmpuint (shown_badges (window), ==, 1);

  /* The menu again, then Detail. */
  g_assert_cmpstr (focused_serial (window), ==, SERIAL_ABC);
  press ("Menu");
  choose_menu_item (window, "Detail");
  g_assert_true (wait_for (detail_is_open, NULL));

  /* Rename: the name field is one Tab away from Cancel. */
  for (guint i = 0; i < 6; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (open_detail ()));
      if (focus != NULL && gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL)
        break;
      press ("Tab");
    }
  press ("ctrl+a");
  type ("Con dau cong ty");
  press ("Return");
  g_assert_true (wait_for (detail_is_closed, NULL));
  g_assert_cmpstr (smartca_certificate_get_display_name (abc), ==, "Con dau cong ty");
  {
    g_autofree char *names = shown_names (window);
    g_assert_true (g_str_has_prefix (names, "Con dau cong ty|"));
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
  ADD ("/card-menu/detail", test_detail_shows_the_certificate);
  ADD ("/card-menu/copy", test_copy_buttons);
  ADD ("/card-menu/rename", test_rename_persists_and_restores);
  ADD ("/card-menu/one-default", test_exactly_one_default);
  ADD ("/card-menu/delete-undo", test_delete_and_undo);
  ADD ("/card-menu/delete-default", test_delete_the_default);
  ADD ("/window/filter", test_filter_ignores_diacritics);
  ADD ("/window/keyboard-only-walk", test_keyboard_only_walk);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
