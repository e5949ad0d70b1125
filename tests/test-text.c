/* test-text.c: names are text, never markup; values from SmartCA and
 * certificates shown on one line and isolated, exactly in the Detail. The
 * helpers alone, then the app's windows under Xvfb, with hostile names in
 * real certificates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "smartca-add-dialog.h"
#include "smartca-application.h"
#include "smartca-certificate-card.h"
#include "smartca-detail-dialog.h"
#include "smartca-format.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

#define DAY (24 * 60 * 60)

#define FSI "\xe2\x81\xa8" /* U+2068 FIRST STRONG ISOLATE */
#define PDI "\xe2\x81\xa9" /* U+2069 POP DIRECTIONAL ISOLATE */
#define RLO "\xe2\x80\xae" /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define LRE "\xe2\x80\xaa" /* U+202A LEFT-TO-RIGHT EMBEDDING */
#define RLI "\xe2\x81\xa7" /* U+2067 RIGHT-TO-LEFT ISOLATE */
#define LS "\xe2\x80\xa8"  /* U+2028 LINE SEPARATOR */
#define PS "\xe2\x80\xa9"  /* U+2029 PARAGRAPH SEPARATOR */
#define NEL "\xc2\x85"     /* U+0085 NEXT LINE (C1) */
#define CSI "\xc2\x9b"     /* U+009B CONTROL SEQUENCE INTRODUCER (C1) */

#define SERIAL_AMP "54010101000000000000000000000a01"
#define SERIAL_SPAN "54010101000000000000000000000a02"
#define SERIAL_QUOTE "54010101000000000000000000000a03"
#define SERIAL_BIDI "54010101000000000000000000000a04"
#define SERIAL_PLAIN "54010101000000000000000000000a05"

#define NAME_AMP "CÔNG TY TNHH AN & BÌNH"
#define NAME_SPAN "<span size='xx-large' foreground='red'>PAY 1900 0000</span>"
#define NAME_QUOTE "Hộ kinh doanh \"Bình An\" giảm 100% <b>&amp;</b> 'Tết' %s %d"
/* Reads "Văn An Nguyễn PDF.exe" when the override is obeyed */
#define NAME_BIDI "Văn An Nguyễn\r\n" RLO "exe.FDP"
#define NAME_BIDI_SHOWN "Văn An Nguyễn  exe.FDP"
#define PACKAGE_BIDI "SMARTCA\r\nPERSONAL" RLO " PRO"
#define PACKAGE_BIDI_SHOWN "SMARTCA  PERSONAL PRO"
#define STATUS_BIDI "Đang " RLO "hoạt động"
#define STATUS_BIDI_SHOWN "Đang hoạt động"

static SmartcaApplication *app;
static SmartcaTestPki     *pki;

/* The helpers alone */

static void
test_clean_controls (void)
{
  g_autofree char *c0 = smartca_format_clean ("a\tb\nc\rd\x01"
                                              "e\x1b[31mf\x7fg");
  g_autofree char *c1 = smartca_format_clean ("a" NEL "b" CSI "c");
  g_autofree char *separators = smartca_format_clean ("a" LS "b" PS "c");
  g_autofree char *kept = smartca_format_clean ("Nguyễn & <b>\"'%s</b>");
  g_autofree char *empty = smartca_format_clean (NULL);
  g_autofree char *invalid = smartca_format_clean ("ab\xff\xfe"
                                                   "c");

  g_assert_cmpstr (c0, ==, "a b c d e [31mf g");
  g_assert_cmpstr (c1, ==, "a b c");
  g_assert_cmpstr (separators, ==, "a b c");
  /* Markup characters are text: escaping is the markup API's business. */
  g_assert_cmpstr (kept, ==, "Nguyễn & <b>\"'%s</b>");
  g_assert_cmpstr (empty, ==, "");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "ab"));
  g_assert_true (g_str_has_suffix (invalid, "c"));
}

static void
test_isolate (void)
{
  g_autofree char *plain = smartca_format_isolate ("Trần Thị Bích Đào");
  g_autofree char *override = smartca_format_isolate ("Văn An Nguyễn " RLO "exe.FDP");
  g_autofree char *lines = smartca_format_isolate ("Văn An Nguyễn\r\nPDF.exe");
  /* A PDI of the value's own would close the isolate early and let the
   * override after it loose on the text around. */
  g_autofree char *early_pdi = smartca_format_isolate ("x" PDI RLO "y");
  g_autofree char *unbalanced = smartca_format_isolate (RLI LRE "x" FSI "y");
  g_autofree char *none = smartca_format_isolate (NULL);
  g_autofree char *empty = smartca_format_isolate ("");

  g_assert_cmpstr (plain, ==, FSI "Trần Thị Bích Đào" PDI);
  g_assert_cmpstr (override, ==, FSI "Văn An Nguyễn exe.FDP" PDI);
  g_assert_cmpstr (lines, ==, FSI "Văn An Nguyễn  PDF.exe" PDI);
  g_assert_cmpstr (early_pdi, ==, FSI "xy" PDI);
  g_assert_cmpstr (unbalanced, ==, FSI "xy" PDI);
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (empty, ==, "");

  /* Exactly one isolate, around the whole value, whatever came in. */
  {
    const char *hostile = "a" PDI PDI RLO "b" FSI RLI "c" LRE "d\u202c\u202d\u2066";
    g_autofree char                              *shown = smartca_format_isolate (hostile);
    guint                                         isolates = 0;

    for (const char *p = shown; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        g_assert_false (c >= 0x202a && c <= 0x202e);
        if (c >= 0x2066 && c <= 0x2069)
          isolates++;
      }
    g_assert_cmpuint (isolates, ==, 2);
    g_assert_cmpstr (shown, ==, FSI "abcd" PDI);
  }
}

static void
test_reveal (void)
{
  g_autofree char *plain = smartca_format_reveal ("Nguyễn & <b>\"'%s</b>");
  g_autofree char *lines = smartca_format_reveal ("Văn An Nguyễn\r\n" RLO "exe.FDP");
  g_autofree char *others = smartca_format_reveal ("a\tb\x7f" NEL LS PDI "c");
  g_autofree char *none = smartca_format_reveal (NULL);

  /* Nothing to reveal: exactly the value */
  g_assert_cmpstr (plain, ==, "Nguyễn & <b>\"'%s</b>");
  g_assert_cmpstr (lines, ==, "Văn An Nguyễn⟨U+000D⟩⟨U+000A⟩⟨U+202E⟩exe.FDP");
  g_assert_cmpstr (others, ==, "a⟨U+0009⟩b⟨U+007F⟩⟨U+0085⟩⟨U+2028⟩⟨U+2069⟩c");
  g_assert_cmpstr (none, ==, "");
}

/* Reading what is shown */

static SmartcaCertificateCard *
card_for (GtkWidget  *window,
          const char *serial)
{
  g_autoptr(GPtrArray) cards = visible_cards (window);

  for (guint i = 0; i < cards->len; i++)
    {
      SmartcaCertificateCard *card = g_ptr_array_index (cards, i);
      SmartcaCertificate     *certificate = smartca_certificate_card_get_certificate (card);

      if (g_str_equal (smartca_certificate_get_serial_number (certificate), serial))
        return card;
    }
  g_error ("No card for %s", serial);
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = find_named (root, name);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static int
shown_lines (GtkWidget  *root,
             const char *name)
{
  GtkWidget *label = find_named (root, name);

  return pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label)));
}

/* Every label's text under @widget, isolates and all */
static void
collect_raw_text (GtkWidget *widget,
                  GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_raw_text (c, out);
}

/* Fixture: certificates with hostile names, the app's window */

typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

static SmartcaCertificate *
hostile_certificate (const char *common_name,
                     const char *serial,
                     const char *package)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;

  return smartca_test_pki_certificate_named (pki, "0312345678", common_name, serial, package,
                                             now - 10 * DAY, now + 300 * DAY);
}

static void
fill_store (const char *path)
{
  g_autoptr(GError)       error = NULL;
  g_autoptr(SmartcaStore) store = smartca_store_new (path, &error);
  g_autoptr(GPtrArray)    fresh = g_ptr_array_new_with_free_func (g_object_unref);
  SmartcaCertificate     *bidi;

  g_assert_no_error (error);
  g_ptr_array_add (fresh,
                   hostile_certificate ("Nguyễn Văn An", SERIAL_PLAIN, "SMARTCA PERSONAL PRO"));
  g_ptr_array_add (fresh, hostile_certificate (NAME_AMP, SERIAL_AMP, "ESEAL"));
  g_ptr_array_add (fresh,
                   hostile_certificate (NAME_SPAN, SERIAL_SPAN, "SMARTCA <b>PRO</b> & 100%"));
  g_ptr_array_add (fresh, hostile_certificate (NAME_QUOTE, SERIAL_QUOTE, "SMARTCA BASIC"));
  bidi = hostile_certificate (NAME_BIDI, SERIAL_BIDI, PACKAGE_BIDI);
  /* SmartCA says it is valid, in words with an override in them. */
  smartca_certificate_set_status_code (bidi, "VALID");
  smartca_certificate_set_status_text (bidi, STATUS_BIDI);
  g_ptr_array_add (fresh, bidi);
  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean          filled = GPOINTER_TO_INT (data);

  fixture->path = smartca_store_dup_default_path ();
  if (filled)
    fill_store (fixture->path);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->context = smartca_context_new (fixture->store, NULL, NULL);
  fixture->window = GTK_WIDGET (smartca_window_new_for_context (app, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 860);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (window_is_active, fixture->window));
  run_main_loop_for (300);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != fixture->window && gtk_window_get_transient_for (l->data) != NULL)
      gtk_window_destroy (l->data);
  g_list_free (windows);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  g_free (fixture->path);
}

static GtkWidget *
open_detail (GtkWidget  *window,
             const char *serial)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (window, "win.show-detail", "s", serial));
  run_main_loop_for (300);
  dialog = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_DETAIL_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static char *
copy_with_button (GtkWidget  *dialog,
                  const char *button_name)
{
  GdkClipboard       *clipboard = gtk_widget_get_clipboard (dialog);
  GdkContentProvider *content;
  g_auto(GValue)      value = G_VALUE_INIT;
  GtkWidget          *button = find_named (dialog, button_name);

  g_assert_nonnull (button);
  gdk_clipboard_set_text (clipboard, "something else");
  gtk_widget_activate (button);
  run_main_loop_for (400);
  content = gdk_clipboard_get_content (clipboard);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  return g_value_dup_string (&value);
}

/* Item 2: names are text */

static void
test_delete_toast_shows_the_name (Fixture      *fixture,
                                  gconstpointer data)
{
  const struct
  {
    const char *serial, *shown;
  } cases[] = {
    { SERIAL_AMP, FSI NAME_AMP PDI },
    { SERIAL_SPAN, FSI NAME_SPAN PDI },
    { SERIAL_QUOTE, FSI NAME_QUOTE PDI },
    { SERIAL_BIDI, FSI NAME_BIDI_SHOWN PDI },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Translators' format, with the name as it must read inside it */
      g_autofree char *expected = g_strdup_printf (_("“%s” deleted"), cases[i].shown);

      g_assert_true (gtk_widget_activate_action (fixture->window, "win.delete", "s",
                                                 cases[i].serial));
      assert_toast_shows (fixture->window, expected);
      /* Undo, so the next one is shown alone. */
      g_assert_true (gtk_widget_activate_action (fixture->window, "win.undo", NULL));
      run_main_loop_for (900);
    }
}

static void
test_default_toast_shows_the_name (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autofree char *expected =
    g_strdup_printf (_("“%s” is now the default certificate for signing"), FSI NAME_SPAN PDI);

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.set-default", "s", SERIAL_SPAN));
  assert_toast_shows (fixture->window, expected);
}

static void
test_cards_show_names_as_text (Fixture      *fixture,
                               gconstpointer data)
{
  SmartcaCertificateCard *amp = card_for (fixture->window, SERIAL_AMP);
  SmartcaCertificateCard *span = card_for (fixture->window, SERIAL_SPAN);
  SmartcaCertificateCard *quote = card_for (fixture->window, SERIAL_QUOTE);
  g_autoptr(GString)      span_text = g_string_new (NULL);

  g_assert_cmpstr (label_text (GTK_WIDGET (amp), "name_label"), ==, FSI NAME_AMP PDI);
  g_assert_cmpstr (label_text (GTK_WIDGET (span), "name_label"), ==, FSI NAME_SPAN PDI);
  g_assert_cmpstr (label_text (GTK_WIDGET (quote), "name_label"), ==, FSI NAME_QUOTE PDI);

  /* The package sits in a label with markup of ours: its own is text. */
  collect_raw_text (GTK_WIDGET (span), span_text);
  g_assert_nonnull (strstr (span_text->str, FSI "SMARTCA <b>PRO</b> & 100%" PDI));
}

static void
test_detail_shows_exact_names (Fixture      *fixture,
                               gconstpointer data)
{
  const struct
  {
    const char *serial, *name;
  } cases[] = {
    { SERIAL_AMP, NAME_AMP },
    { SERIAL_SPAN, NAME_SPAN },
    { SERIAL_QUOTE, NAME_QUOTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget       *dialog = open_detail (fixture->window, cases[i].serial);
      AdwWindowTitle  *title = ADW_WINDOW_TITLE (find_named (dialog, "window_title"));
      g_autofree char *shown = g_strconcat (FSI, cases[i].name, PDI, NULL);
      g_autofree char *copied = NULL;

      g_assert_cmpstr (label_text (dialog, "subject"), ==, cases[i].name);
      g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, shown);
      g_assert_nonnull (strstr (label_text (dialog, "name_hint_label"), shown));
      copied = copy_with_button (dialog, "copy-subject");
      g_assert_cmpstr (copied, ==, cases[i].name);
      assert_toast_shows (dialog, _("Copied to the clipboard"));

      gtk_window_destroy (GTK_WINDOW (dialog));
      run_main_loop_for (200);
    }
}

/* SmartCA's own words in an error: one loopback server that refuses every
 * request with them. */
static void
refuse_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const char body[] =
    "{\"status_code\": 400, \"message\": \"Sai & <b>mã</b>\\r\\n\\u202eexe.FDP\", \"data\": null}";

  soup_server_message_set_status (message, 400, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static gboolean
refresh_failed (gpointer data)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_toast_titles (data, FALSE, titles);
  for (guint i = 0; i < titles->len; i++)
    if (strstr (g_ptr_array_index (titles, i), "Sai & <b>mã</b>") != NULL)
      return TRUE;
  return FALSE;
}

/* SmartCA, for @fixture, is that server. */
static SoupServer *
refusing_server (Fixture *fixture)
{
  SoupServer               *server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress)   loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError)         error = NULL;
  g_autofree char          *url = NULL;
  GSList                   *uris;

  soup_server_add_handler (server, NULL, refuse_cb, NULL, NULL);
  g_assert_true (soup_server_listen (server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  smartca_context_set_url_override (fixture->context, url);
  return server;
}

static void
assert_one_line_as_written (const char *text)
{
  g_test_message ("shown: %s", text);
  g_assert_nonnull (strstr (text, "Sai & <b>mã</b>"));
  g_assert_null (strchr (text, '\n'));
  g_assert_null (strchr (text, '\r'));
  g_assert_null (strstr (text, RLO));
}

static void
test_error_toast_shows_smartca_text (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autoptr(SoupServer) server = refusing_server (fixture);
  g_autoptr(GPtrArray)  titles = g_ptr_array_new ();

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.refresh", NULL));
  g_assert_true (wait_for (refresh_failed, fixture->window));

  /* Shown as SmartCA wrote it, on one line, nothing overridden */
  collect_toast_titles (fixture->window, FALSE, titles);
  g_assert_cmpuint (titles->len, ==, 1);
  assert_one_line_as_written (g_ptr_array_index (titles, 0));
}

static gboolean
add_failed (gpointer data)
{
  GtkWidget *label = find_named (data, "error_label");

  return gtk_widget_get_mapped (label) &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), "Sai") != NULL;
}

static void
test_add_dialog_shows_smartca_text (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autoptr(SoupServer) server = refusing_server (fixture);
  GtkWidget            *dialog;

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.add", NULL));
  run_main_loop_for (300);
  dialog = GTK_WIDGET (find_toplevel (SMARTCA_TYPE_ADD_DIALOG));
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "id_row")), "001099012345");
  gtk_widget_activate (find_named (dialog, "save_button"));
  g_assert_true (wait_for (add_failed, dialog));
  assert_one_line_as_written (label_text (dialog, "error_label"));
}

/* The page shown when the list cannot be opened names the file. */
static void
test_store_error_shows_the_path (void)
{
  static const char         message[] = "The certificate list at “/home/an&bình/<b>list</b>.db” is damaged.";
  g_autoptr(GError)         error = g_error_new_literal (SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_CORRUPT,
                                                         message);
  g_autoptr(SmartcaContext) context = smartca_context_new (NULL, error, NULL);
  GtkWidget                *window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  g_autoptr(GString)        text = g_string_new ("|");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));
  collect_text (window, text);
  g_assert_nonnull (strstr (text->str, message));
  gtk_window_destroy (GTK_WINDOW (window));
  run_main_loop_for (100);
}

/* Item 3: one line, isolated; the Detail exact */

static void
test_card_shows_one_isolated_line (Fixture      *fixture,
                                   gconstpointer data)
{
  GtkWidget         *bidi = GTK_WIDGET (card_for (fixture->window, SERIAL_BIDI));
  GtkWidget         *plain = GTK_WIDGET (card_for (fixture->window, SERIAL_PLAIN));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char   *active = NULL;
  guint              newlines = 0;

  g_assert_cmpstr (label_text (bidi, "name_label"), ==, FSI NAME_BIDI_SHOWN PDI);
  g_assert_cmpint (shown_lines (bidi, "name_label"), ==, 1);
  /* Three fields, three lines, the package one of them */
  g_assert_cmpint (shown_lines (bidi, "details_label"), ==, 3);
  g_assert_nonnull (strstr (label_text (bidi, "details_label"), FSI PACKAGE_BIDI_SHOWN PDI));
  /* SmartCA says it is valid: it reads Active. */
  active = g_strconcat (FSI, _("Active"), PDI, NULL);
  g_assert_cmpstr (label_text (bidi, "status_label"), ==, active);

  /* Nothing on the card breaks a line or overrides anything. */
  collect_raw_text (bidi, text);
  g_assert_null (strchr (text->str, '\r'));
  g_assert_null (strstr (text->str, RLO));
  for (const char *p = text->str; (p = strchr (p, '\n')) != NULL; p++)
    newlines++;
  g_assert_cmpuint (newlines, ==, 2); /* the details label's own three lines */
  g_assert_cmpint (gtk_widget_get_height (bidi), ==, gtk_widget_get_height (plain));

  /* Screen readers hear the name on one line too. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (bidi),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     NAME_BIDI_SHOWN));
}

static void
test_detail_shows_and_copies_exact_values (Fixture      *fixture,
                                           gconstpointer data)
{
  GtkWidget       *dialog = open_detail (fixture->window, SERIAL_BIDI);
  AdwWindowTitle  *title = ADW_WINDOW_TITLE (find_named (dialog, "window_title"));
  g_autofree char *escaped = smartca_test_pki_escape_dn_value (NAME_BIDI);
  g_autofree char *dn = g_strdup_printf ("C=VN,CN=%s,UID=MST:0312345678", escaped);
  g_autofree char *copied_name = NULL;
  g_autofree char *copied_dn = NULL;
  g_autofree char *status = NULL;

  /* The values exactly, their hidden characters written out rather than
   * obeyed; copied exactly as received … */
  g_assert_cmpstr (label_text (dialog, "subject"), ==, "Văn An Nguyễn⟨U+000D⟩⟨U+000A⟩⟨U+202E⟩exe.FDP");
  g_assert_cmpstr (label_text (dialog, "subject-dn"), ==,
                   "C=VN,CN=Văn An Nguyễn⟨U+000D⟩⟨U+000A⟩⟨U+202E⟩exe.FDP,UID=MST:0312345678");
  copied_name = copy_with_button (dialog, "copy-subject");
  g_assert_cmpstr (copied_name, ==, NAME_BIDI);
  copied_dn = copy_with_button (dialog, "copy-subject-dn");
  g_assert_cmpstr (copied_dn, ==, dn);

  /* … and isolated, on one line, among other text. */
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, FSI NAME_BIDI_SHOWN PDI);
  status = g_strdup_printf (_("%s (SmartCA: %s)"), _("Active"), FSI STATUS_BIDI_SHOWN PDI);
  g_assert_cmpstr (label_text (dialog, "status"), ==, status);
  g_assert_true (g_str_has_prefix (label_text (dialog, "package"), FSI PACKAGE_BIDI_SHOWN PDI));
  g_assert_null (strstr (label_text (dialog, "package"), RLO));
  g_assert_nonnull (strstr (label_text (dialog, "name_hint_label"), FSI NAME_BIDI_SHOWN PDI));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* GTK keeps what screen readers are told (the cards' names) only with an
   * accessibility backend; the test one keeps it in the process. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* A service provider account, for the refresh that SmartCA refuses */
  g_setenv ("SMARTCA_SP_ID", "SP-TEST", TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", "sp-test-password", TRUE);
  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

  g_test_add_func ("/format/clean", test_clean_controls);
  g_test_add_func ("/format/isolate", test_isolate);
  g_test_add_func ("/format/reveal", test_reveal);

#define ADD(name, filled, func) \
  g_test_add (name, Fixture, GINT_TO_POINTER (filled), fixture_set_up, func, fixture_tear_down)
  ADD ("/text/delete-toast", TRUE, test_delete_toast_shows_the_name);
  ADD ("/text/default-toast", TRUE, test_default_toast_shows_the_name);
  ADD ("/text/cards", TRUE, test_cards_show_names_as_text);
  ADD ("/text/detail", TRUE, test_detail_shows_exact_names);
  ADD ("/text/error-toast", TRUE, test_error_toast_shows_smartca_text);
  ADD ("/text/add-dialog-error", TRUE, test_add_dialog_shows_smartca_text);
  g_test_add_func ("/text/store-error-page", test_store_error_shows_the_path);
  ADD ("/bidi/card-one-line", TRUE, test_card_shows_one_isolated_line);
  ADD ("/bidi/detail-exact", TRUE, test_detail_shows_and_copies_exact_values);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
