/* test-images-window.c: "Default Signature Images" and the picker, driven
 * by the keyboard under Xvfb; what they write is read back from the
 * database file by a second store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-image-grid.h"
#include "smartca-image-picker.h"
#include "smartca-image-thumbnail.h"
#include "smartca-images-window.h"
#include "smartca-import-dialog.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-thumbnailer.h"
#include "smartca-window.h"

#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_ABC "54010101fedcba9876543210fedcba98"

static SmartcaApplication *app;
static SmartcaTestPki     *pki;

typedef struct
{
  char                  *path;
  SmartcaStore          *store;
  SmartcaContext        *context;
  GtkWidget             *window;
  SmartcaSignatureImage *images[3]; /* blue (An's), black (the default), seal */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError)    error = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64               now = g_get_real_time () / G_USEC_PER_SEC;

  fixture->path = smartca_store_dup_default_path ();
  fixture->store = smartca_test_open_store (fixture->path);
  g_ptr_array_add (fresh, smartca_test_pki_person (pki, SERIAL_AN, "Nguyễn Văn An", "001099012345"));
  g_ptr_array_add (fresh, smartca_test_pki_certificate (
                            pki, "0101234567", "C=VN,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                            SERIAL_ABC, "ESEAL", now - 100 * 86400, now + 300 * 86400));
  g_assert_true (smartca_store_upsert (fixture->store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);

  fixture->images[0] = smartca_test_add_image (fixture->store, 900, 300, 1, "Chữ ký mực xanh");
  fixture->images[1] = smartca_test_add_image (fixture->store, 800, 400, 2, "Chữ ký mực đen");
  fixture->images[2] = smartca_test_add_image (fixture->store, 500, 500, 3,
                                               "Con dấu đỏ <b>công ty</b>");
  g_assert_true (smartca_store_set_default_image (fixture->store, fixture->images[1], &error));
  g_assert_true (smartca_store_set_certificate_image (
    fixture->store, smartca_store_lookup (fixture->store, SERIAL_AN), fixture->images[0], &error));
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
  g_autofree char *images_dir = g_strdup (smartca_store_get_images_dir (fixture->store));
  GtkWindow       *window;

  while ((window = find_toplevel (SMARTCA_TYPE_IMAGE_PICKER)) != NULL ||
         (window = find_toplevel (SMARTCA_TYPE_IMAGES_WINDOW)) != NULL)
    gtk_window_destroy (window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  run_main_loop_for (300);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->images); i++)
    g_clear_object (&fixture->images[i]);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  smartca_test_remove_tree (images_dir);
  g_free (fixture->path);
}

/* Helpers */

static gboolean
toplevel_is_active (gpointer type)
{
  GtkWindow *window = find_toplevel (GPOINTER_TO_SIZE (type));

  return window != NULL && gtk_window_is_active (window);
}

static gboolean
toplevel_is_gone (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

static GtkWidget *
wait_for_toplevel (GType type)
{
  g_assert_true (wait_for (toplevel_is_active, GSIZE_TO_POINTER (type)));
  run_main_loop_for (200);
  return GTK_WIDGET (find_toplevel (type));
}

/* Alt and the letter a (translated) label underlines */
static void
press_mnemonic (const char *label)
{
  const char      *underline = strchr (label, '_');
  g_autofree char *keys = NULL;

  g_assert_nonnull (underline);
  g_assert_true (g_ascii_isalpha (underline[1]));
  keys = g_strdup_printf ("alt+%c", g_ascii_tolower (underline[1]));
  press (keys);
}

static void
collect_thumbnails (GtkWidget *widget,
                    GPtrArray *found)
{
  if (SMARTCA_IS_IMAGE_THUMBNAIL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_thumbnails (c, found);
}

static gboolean
all_thumbnails_loaded (gpointer window)
{
  g_autoptr(GPtrArray) thumbnails = g_ptr_array_new ();

  collect_thumbnails (window, thumbnails);
  for (guint i = 0; i < thumbnails->len; i++)
    if (smartca_signature_image_get_id (smartca_image_thumbnail_get_image (
          g_ptr_array_index (thumbnails, i))) > 0 &&
        !smartca_image_thumbnail_get_loaded (g_ptr_array_index (thumbnails, i)))
      return FALSE;
  return thumbnails->len > 0;
}

/* Visible labels with the badge's style */
static guint
count_badges (GtkWidget *widget)
{
  guint n = 0;

  if (!gtk_widget_get_visible (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "default-badge"))
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_badges (c);
  return n;
}

static char *
shown_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

static void
assert_shows (GtkWidget  *widget,
              const char *expected)
{
  g_autofree char *text = shown_text (widget);
  g_autofree char *field = g_strconcat ("|", expected, "|", NULL);
  g_autofree char *haystack = g_strconcat ("|", text, NULL);

  if (strstr (haystack, field) == NULL)
    g_error ("“%s” is not shown in: %s", expected, text);
}

/* Translated (in the Vietnamese run, really translated) */
static const char *
translated (const char *english,
            const char *shown)
{
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "vi") == 0)
    g_assert_cmpstr (shown, !=, english);
  return shown;
}

static gboolean
image_is_default (gpointer image)
{
  return smartca_signature_image_get_is_default (image);
}

/* A second store on the same file: what the database really holds */
static SmartcaStore *
reopen (Fixture *fixture)
{
  return smartca_test_open_store (fixture->path);
}

static gint64
stored_image_id (Fixture    *fixture,
                 const char *serial)
{
  g_autoptr(SmartcaStore) store = reopen (fixture);

  return smartca_certificate_get_signature_image_id (smartca_store_lookup (store, serial));
}

/* A closed dialog's parent gets the keyboard back from the window manager,
 * and there is none under Xvfb. */
static void
refocus (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (window_is_active, window));
  run_main_loop_for (200);
}

static GtkWidget *
open_images_window (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.signature-images", NULL));
  return wait_for_toplevel (SMARTCA_TYPE_IMAGES_WINDOW);
}

static GtkWidget *
open_picker (Fixture    *fixture,
             const char *serial)
{
  GtkWindow *picker = smartca_image_picker_new (GTK_WINDOW (fixture->window), fixture->store,
                                                smartca_store_lookup (fixture->store, serial));

  gtk_window_present (picker);
  return wait_for_toplevel (SMARTCA_TYPE_IMAGE_PICKER);
}

/* Tests */

/* The primary menu has the item; the window lists the images with their
 * labels (as text, not markup), their thumbnails and one Default badge. */
static void
test_lists_images (Fixture      *fixture,
                   gconstpointer data)
{
  const char        *item = translated ("Default Signature _Images", _("Default Signature _Images"));
  g_autoptr(GString) plain = g_string_new (item);
  GtkWidget         *window;

  /* From the primary menu, as a user would. */
  g_string_replace (plain, "_", "", 0);
  click (find_named (fixture->window, "primary_menu_button"));
  g_assert_nonnull (find_open_popover (fixture->window));
  take_screenshot ("primary-menu");
  choose_menu_item (fixture->window, plain->str);
  window = wait_for_toplevel (SMARTCA_TYPE_IMAGES_WINDOW);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   translated ("Default Signature Images", _("Default Signature Images")));
  g_assert_true (wait_for (all_thumbnails_loaded, window));
  assert_shows (window, "Chữ ký mực xanh");
  assert_shows (window, "Chữ ký mực đen");
  assert_shows (window, "Con dấu đỏ <b>công ty</b>");
  assert_shows (window, translated ("Default", C_("signature image", "Default")));
  g_assert_cmpuint (count_badges (window), ==, 1);
  take_screenshot ("images-window");

  /* Ctrl+W closes it. */
  press ("ctrl+w");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMAGES_WINDOW)));
}

/* Whether the thumbnail cache holds a thumbnail of @image (of any size). */
static gboolean
has_cached_thumbnail (gpointer data)
{
  const char      *cache_dir = smartca_thumbnailer_get_cache_dir (smartca_thumbnailer_get_default ());
  g_autofree char *prefix = g_strconcat (smartca_signature_image_get_pixels_sha256 (data), "-", NULL);
  g_autoptr(GDir)  dir = g_dir_open (cache_dir, 0, NULL);
  const char      *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;
  return FALSE;
}

/* Rename (F2), Mark as Default (its mnemonic), and Remove (Delete) an image a certificate signs with,
 * all from the keyboard. */
static void
test_keyboard_edits (Fixture      *fixture,
                     gconstpointer data)
{
  GtkWidget              *window = open_images_window (fixture);
  g_autoptr(SmartcaStore) store = NULL;
  g_autofree char        *expected = NULL;
  g_autofree char        *removed_path = NULL;
  gboolean                fallback = FALSE;
  GtkWidget              *dialog;
  SmartcaSignatureImage  *signing;

  /* The first image has the keyboard: F2, a new label, Return. */
  press ("F2");
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  assert_shows (dialog, translated ("Rename Image", _("Rename Image")));
  take_screenshot ("rename");
  press ("ctrl+a");
  type ("Blue ink");
  press ("Return");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  assert_shows (window, "Blue ink");
  store = reopen (fixture);
  g_assert_cmpstr (smartca_signature_image_get_label (smartca_store_lookup_image (
                     store, smartca_signature_image_get_id (fixture->images[0]))),
                   ==, "Blue ink");
  g_clear_object (&store);

  /* The first becomes the default (its mnemonic), in place of the second. */
  refocus (window);
  press_mnemonic (_("_Mark as Default"));
  g_assert_true (wait_for (image_is_default, fixture->images[0]));
  store = reopen (fixture);
  g_assert_cmpint (smartca_signature_image_get_id (smartca_store_get_default_image (store)), ==,
                   smartca_signature_image_get_id (fixture->images[0]));
  g_clear_object (&store);
  g_assert_cmpuint (count_badges (window), ==, 1);

  /* The third one becomes the default, then the first (An's) is removed:
   * the dialog says one certificate uses it, and An falls back. */
  press ("Right Right");
  press_mnemonic (_("_Mark as Default"));
  g_assert_true (wait_for (image_is_default, fixture->images[2]));
  press ("Left Left");
  removed_path = g_file_get_path (smartca_signature_image_get_file (fixture->images[0]));
  g_assert_true (g_file_test (removed_path, G_FILE_TEST_EXISTS));
  g_assert_true (wait_for (has_cached_thumbnail, fixture->images[0]));
  press ("Delete");
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  expected = g_strdup_printf (ngettext ("%u certificate signs with this image. It will sign with "
                                        "the default image instead.",
                                        "%u certificates sign with this image. They will sign with "
                                        "the default image instead.",
                                        1),
                              1);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, expected);
  g_assert_nonnull (strstr (expected, "1"));
  take_screenshot ("remove");
  press_mnemonic (_("_Remove"));
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  refocus (window);
  take_screenshot ("removed");

  store = reopen (fixture);
  g_assert_null (smartca_store_lookup_image (store, smartca_signature_image_get_id (fixture->images[0])));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 2);
  g_assert_cmpint (smartca_certificate_get_signature_image_id (smartca_store_lookup (store, SERIAL_AN)),
                   ==, 0);
  signing = smartca_store_get_signing_image (store, smartca_store_lookup (store, SERIAL_AN), &fallback);
  g_assert_nonnull (signing);
  g_assert_cmpint (smartca_signature_image_get_id (signing), ==,
                   smartca_signature_image_get_id (fixture->images[2]));
  g_assert_true (fallback);
  g_assert_false (g_file_test (removed_path, G_FILE_TEST_EXISTS));
  /* No copy of it is left in the thumbnail cache either. */
  g_assert_false (has_cached_thumbnail (fixture->images[0]));
  g_free (expected);
  expected = shown_text (find_named (window, "image_grid"));
  g_assert_null (strstr (expected, "Blue ink"));
}

/* With no image left, the window says how to add one. */
static void
test_empty_state (Fixture      *fixture,
                  gconstpointer data)
{
  GtkWidget        *window = open_images_window (fixture);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fixture->images); i++)
    g_assert_true (smartca_store_remove_image (fixture->store, fixture->images[i], &error));
  run_main_loop_for (300);
  assert_shows (window, translated ("No Signature Images", _("No Signature Images")));
  g_assert_false (gtk_widget_get_mapped (find_named (window, "image_grid")));
  take_screenshot ("empty");
}

/* Open, arrow to another image, Return saves; the database has it. */
static void
test_picker_save (Fixture      *fixture,
                  gconstpointer data)
{
  GtkWidget *picker = open_picker (fixture, SERIAL_AN);
  GtkWidget *grid = find_named (picker, "image_grid");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (picker)), ==,
                   translated ("Signature Image", _("Signature Image")));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (picker)));
  g_assert_true (wait_for (all_thumbnails_loaded, picker));
  assert_shows (picker, translated ("Default image", _("Default image")));
  /* The current image is selected, and has the keyboard. */
  g_assert_true (smartca_image_grid_get_selected_image (SMARTCA_IMAGE_GRID (grid)) ==
                 fixture->images[0]);
  take_screenshot ("picker");

  press ("Right");
  g_assert_true (smartca_image_grid_get_selected_image (SMARTCA_IMAGE_GRID (grid)) ==
                 fixture->images[1]);
  g_assert_cmpint (stored_image_id (fixture, SERIAL_AN), ==,
                   smartca_signature_image_get_id (fixture->images[0]));
  press ("Return");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMAGE_PICKER)));
  g_assert_cmpint (stored_image_id (fixture, SERIAL_AN), ==,
                   smartca_signature_image_get_id (fixture->images[1]));

  /* Back to "Default image", the first tile: no image of its own. */
  picker = open_picker (fixture, SERIAL_AN);
  press ("Left Left");
  g_assert_true (smartca_image_grid_get_default_choice_selected (
    SMARTCA_IMAGE_GRID (find_named (picker, "image_grid"))));
  press ("ctrl+s");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMAGE_PICKER)));
  g_assert_cmpint (stored_image_id (fixture, SERIAL_AN), ==, 0);
}

/* Arrowing then Escape changes nothing. */
static void
test_picker_cancel (Fixture      *fixture,
                    gconstpointer data)
{
  GtkWidget *picker = open_picker (fixture, SERIAL_AN);

  press ("Right Right");
  g_assert_true (smartca_image_grid_get_selected_image (
                   SMARTCA_IMAGE_GRID (find_named (picker, "image_grid"))) == fixture->images[2]);
  press ("Escape");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMAGE_PICKER)));
  g_assert_cmpint (stored_image_id (fixture, SERIAL_AN), ==,
                   smartca_signature_image_get_id (fixture->images[0]));
  g_assert_cmpint (smartca_certificate_get_signature_image_id (
                     smartca_store_lookup (fixture->store, SERIAL_AN)),
                   ==, smartca_signature_image_get_id (fixture->images[0]));
}

/* The red-seal hint: for the business certificate only. */
static void
test_picker_seal_hint (Fixture      *fixture,
                       gconstpointer data)
{
  const char      *hint = translated ("This is an organisation’s certificate. Organisations usually sign "
                                           "with their red company seal: add a picture of the seal and "
                                           "choose it here.",
                                      _("This is an organisation’s certificate. Organisations usually "
                                        "sign with their red company seal: add a picture of the seal "
                                        "and choose it here."));
  GtkWidget       *picker = open_picker (fixture, SERIAL_ABC);
  g_autofree char *business_text = shown_text (picker);
  g_autofree char *personal_text = NULL;

  take_screenshot ("picker-business");
  g_assert_nonnull (strstr (business_text, hint));
  /* Nothing of its own: "Default image" is selected. */
  g_assert_true (smartca_image_grid_get_default_choice_selected (
    SMARTCA_IMAGE_GRID (find_named (picker, "image_grid"))));
  press ("Escape");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMAGE_PICKER)));

  picker = open_picker (fixture, SERIAL_AN);
  personal_text = shown_text (picker);
  g_assert_null (strstr (personal_text, hint));
}

static gboolean
import_dialog_ready (gpointer data)
{
  GtkWindow         *dialog = find_toplevel (SMARTCA_TYPE_IMPORT_DIALOG);
  g_autoptr(GString) add = g_string_new (_("_Add"));
  GtkWidget         *button;

  if (dialog == NULL)
    return FALSE;
  g_string_replace (add, "_", "", 0);
  button = find_button (GTK_WIDGET (dialog), add->str);
  return button != NULL && gtk_widget_is_sensitive (button);
}

static gboolean
picker_selects_new_image (gpointer grid)
{
  SmartcaSignatureImage *image = smartca_image_grid_get_selected_image (grid);

  return image != NULL && g_str_equal (smartca_signature_image_get_label (image),
                                       _("Pasted image"));
}

/* An image pasted into the picker (Ctrl+V, then Add in the import dialog)
 * is selected at once, so Return gives it to the certificate. */
static void
test_picker_paste_selects (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(GdkPixbuf)   pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 300, 120);
  g_autoptr(GdkTexture)  texture = NULL;
  GtkWidget             *picker = open_picker (fixture, SERIAL_AN);
  GtkWidget             *grid = find_named (picker, "image_grid");
  SmartcaSignatureImage *added;

  gdk_pixbuf_fill (pixbuf, 0x1f3fbf80);
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (picker), texture);
  press ("ctrl+v");
  g_assert_true (wait_for (import_dialog_ready, NULL));
  press_mnemonic (_("_Add"));
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMPORT_DIALOG)));
  g_assert_true (wait_for (picker_selects_new_image, grid));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (fixture->store)), ==, 4);
  added = smartca_image_grid_get_selected_image (SMARTCA_IMAGE_GRID (grid));

  refocus (picker);
  press ("Return");
  g_assert_true (wait_for (toplevel_is_gone, GSIZE_TO_POINTER (SMARTCA_TYPE_IMAGE_PICKER)));
  g_assert_cmpint (stored_image_id (fixture, SERIAL_AN), ==, smartca_signature_image_get_id (added));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  pki = smartca_test_pki_new ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/images-window/lists-images", test_lists_images);
  ADD ("/images-window/keyboard-edits", test_keyboard_edits);
  ADD ("/images-window/empty", test_empty_state);
  ADD ("/image-picker/save", test_picker_save);
  ADD ("/image-picker/cancel", test_picker_cancel);
  ADD ("/image-picker/seal-hint", test_picker_seal_hint);
  ADD ("/image-picker/paste-selects", test_picker_paste_selects);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  smartca_test_pki_free (pki);
  return ret;
}
