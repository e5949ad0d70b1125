/* test-image-add.c: signature images added by file, paste, drop and
 * drawing, as a user does it, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-draw-dialog.h"
#include "smartca-image-add.h"
#include "smartca-import-dialog.h"
#include "smartca-test-gui.h"
#include "smartca-test-image.h"
#include "smartca-test-pki.h"

static SmartcaApplication *app;

/* Images */

static char *
write_png (const char *dir,
           const char *name,
           int         seed)
{
  g_autoptr(GdkPixbuf) pixbuf = smartca_test_image_pixbuf (300, 100, TRUE, seed);
  g_autoptr(GError)    error = NULL;
  char                *path = g_build_filename (dir, name, NULL);

  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return path;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

/* What the images folder holds, as "name:size|…" in name order */
static char *
images_folder (SmartcaStore *store)
{
  g_autoptr(GDir)      dir = g_dir_open (smartca_store_get_images_dir (store), 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString             *out = g_string_new (NULL);
  const char          *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (smartca_store_get_images_dir (store), name, NULL);
      GStatBuf         st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_ptr_array_add (names, g_strdup_printf ("%s:%ld", name, (long) st.st_size));
    }
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s|", (char *) g_ptr_array_index (names, i));
  return g_string_free (out, FALSE);
}

static guint
n_images (SmartcaStore *store)
{
  return g_list_model_get_n_items (smartca_store_get_images (store));
}

/* The flows' result */

typedef struct
{
  guint                  calls;
  SmartcaSignatureImage *image;
} Result;

static void
added_cb (SmartcaSignatureImage *image,
          gpointer               user_data)
{
  Result *result = user_data;

  result->calls++;
  g_set_object (&result->image, image);
}

static gboolean
result_came (gpointer data)
{
  return ((Result *) data)->calls > 0;
}

static GtkWindow *
import_dialog (void)
{
  return find_toplevel (SMARTCA_TYPE_IMPORT_DIALOG);
}

static gboolean
import_dialog_ready (gpointer data)
{
  GtkWindow *dialog = import_dialog ();
  GtkWidget *add;

  if (dialog == NULL)
    return FALSE;
  add = find_button (GTK_WIDGET (dialog), "Add");
  return add != NULL && gtk_widget_is_sensitive (add);
}

static gboolean
import_dialog_closed (gpointer data)
{
  return import_dialog () == NULL;
}

/* In the import dialog: Add, by its mnemonic. */
static void
add_in_import_dialog (void)
{
  g_assert_nonnull (wait_for_window_of_type (SMARTCA_TYPE_IMPORT_DIALOG));
  g_assert_true (wait_for (import_dialog_ready, NULL));
  press ("alt+a");
  g_assert_true (wait_for (import_dialog_closed, NULL));
}

static GtkWindow *
message_dialog (void)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static GtkWindow *
file_chooser (void)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

/* Fixture for the flows: a store, an empty folder of files to add, and a
 * window to add from (a toast overlay in it) */

typedef struct
{
  char         *path;
  char         *files;
  SmartcaStore *store;
  GtkWidget    *window;
  GtkWidget    *overlay;
  Result        result;
} Flow;

static void
flow_set_up (Flow         *flow,
             gconstpointer data)
{
  flow->path = smartca_store_dup_default_path ();
  flow->store = smartca_test_open_store (flow->path);
  flow->files = g_dir_make_tmp ("smartca-image-add-XXXXXX", NULL);
  g_assert_nonnull (flow->files);

  flow->window = adw_window_new ();
  flow->overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (flow->overlay), gtk_label_new ("Drop here"));
  adw_window_set_content (ADW_WINDOW (flow->window), flow->overlay);
  gtk_window_set_default_size (GTK_WINDOW (flow->window), 600, 400);
  /* Kept alive while the test looks at it after it is destroyed */
  g_object_ref (flow->window);
  gtk_window_present (GTK_WINDOW (flow->window));
  g_assert_true (wait_for (window_is_active, flow->window));
}

static void
flow_tear_down (Flow         *flow,
                gconstpointer data)
{
  GtkWindow *dialog;

  while ((dialog = message_dialog ()) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (flow->window));
  g_object_unref (flow->window);
  run_main_loop_for (200);
  g_clear_object (&flow->result.image);
  smartca_test_remove_store_and_images (&flow->store, flow->path);
  smartca_test_remove_tree (flow->files);
  g_free (flow->files);
  g_free (flow->path);
}

/* Tests: a file */

static void
test_file_png_is_stored (Flow         *flow,
                         gconstpointer data)
{
  /* xdotool types ASCII only; a Vietnamese name is dropped below. */
  g_autofree char *png = write_png (flow->files, "chu-ky An.png", 1);
  g_autofree char *folder = NULL;
  g_autofree char *expected = NULL;

  smartca_image_add_from_file (GTK_WINDOW (flow->window), flow->store, added_cb, &flow->result);
  choose_file (png);
  add_in_import_dialog ();
  g_assert_true (wait_for (result_came, &flow->result));

  g_assert_cmpuint (flow->result.calls, ==, 1);
  g_assert_nonnull (flow->result.image);
  g_assert_cmpuint (n_images (flow->store), ==, 1);
  /* Its label: the file's name, without the extension */
  g_assert_cmpstr (smartca_signature_image_get_label (flow->result.image), ==, "chu-ky An");
  g_assert_cmpint (smartca_signature_image_get_width (flow->result.image), ==, 300);
  g_assert_cmpint (smartca_signature_image_get_height (flow->result.image), ==, 100);
  /* A copy of its own in the images folder: the original may go. */
  folder = images_folder (flow->store);
  expected = g_strdup_printf ("%s.png:", smartca_signature_image_get_pixels_sha256 (flow->result.image));
  g_assert_true (g_str_has_prefix (folder, expected));
  g_assert_cmpint (g_unlink (png), ==, 0);
  g_assert_true (g_file_query_exists (smartca_signature_image_get_file (flow->result.image), NULL));
}

static void
test_file_not_an_image_changes_nothing (Flow         *flow,
                                        gconstpointer data)
{
  g_autofree char                 *path = g_build_filename (flow->files, "ghi-chu.png", NULL);
  g_autofree char                 *before = NULL;
  g_autofree char                 *after = NULL;
  g_autoptr(GString)               text = g_string_new (NULL);
  g_autoptr(SmartcaSignatureImage) kept = smartca_test_add_image (flow->store, 300, 100, 1, "An");

  g_assert_true (g_file_set_contents (path, "Đây không phải là ảnh.\n", -1, NULL));
  before = images_folder (flow->store);

  smartca_image_add_from_file (GTK_WINDOW (flow->window), flow->store, added_cb, &flow->result);
  choose_file (path);
  g_assert_nonnull (wait_for_window_of_type (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (wait_for (result_came, &flow->result));

  /* What went wrong, said; no import dialog; nothing changed. */
  collect_text (GTK_WIDGET (message_dialog ()), text);
  g_assert_nonnull (strstr (text->str, _("The file is not an image this app can read.")));
  g_assert_null (import_dialog ());
  g_assert_null (flow->result.image);
  g_assert_cmpuint (n_images (flow->store), ==, 1);
  {
    g_autoptr(SmartcaSignatureImage) first = g_list_model_get_item (smartca_store_get_images (flow->store), 0);

    g_assert_true (first == kept);
  }
  after = images_folder (flow->store);
  g_assert_cmpstr (after, ==, before);

  /* Closed with Escape, as the user does */
  press ("Escape");
  g_assert_null (message_dialog ());
}

static void
test_file_cancelled (Flow         *flow,
                     gconstpointer data)
{
  smartca_image_add_from_file (GTK_WINDOW (flow->window), flow->store, added_cb, &flow->result);
  g_assert_nonnull (wait_for_window_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG));
  press ("Escape");
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_null (flow->result.image);
  g_assert_null (file_chooser ());
  g_assert_cmpuint (n_images (flow->store), ==, 0);
}

/* The window closes while the chooser shows: the chooser goes with it and
 * the flow ends without calling back. */
static void
test_parent_closes_on_chooser (Flow         *flow,
                               gconstpointer data)
{
  GtkWidget *parent = adw_window_new ();

  gtk_window_present (GTK_WINDOW (parent));
  g_assert_true (wait_for (window_is_active, parent));
  smartca_image_add_from_file (GTK_WINDOW (parent), flow->store, added_cb, &flow->result);
  g_assert_nonnull (wait_for_window_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG));
  gtk_window_destroy (GTK_WINDOW (parent));
  run_main_loop_for (300);
  g_assert_null (file_chooser ());
  g_assert_cmpuint (flow->result.calls, ==, 0);
}

/* Cancel in the import dialog: nothing stored, and the flow says so. */
static void
test_import_cancelled (Flow         *flow,
                       gconstpointer data)
{
  g_autofree char *png = write_png (flow->files, "an.png", 1);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  g_autofree char *folder = NULL;

  smartca_image_add_file (GTK_WINDOW (flow->window), flow->store, file, added_cb, &flow->result);
  g_assert_true (wait_for (import_dialog_ready, NULL));
  g_assert_nonnull (wait_for_window_of_type (SMARTCA_TYPE_IMPORT_DIALOG));
  press ("Escape");
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_cmpuint (flow->result.calls, ==, 1);
  g_assert_null (flow->result.image);
  g_assert_null (import_dialog ());
  g_assert_cmpuint (n_images (flow->store), ==, 0);
  folder = images_folder (flow->store);
  g_assert_cmpstr (folder, ==, "");
}

/* The window closes while the import dialog shows: the dialog goes with
 * it, the flow ends without calling back and nothing is stored
 * (LeakSanitizer checks that nothing is left behind). */
static void
test_parent_closes_on_import (Flow         *flow,
                              gconstpointer data)
{
  g_autofree char *png = write_png (flow->files, "an.png", 1);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  GtkWidget       *parent = adw_window_new ();
  g_autofree char *folder = NULL;

  gtk_window_present (GTK_WINDOW (parent));
  g_assert_true (wait_for (window_is_active, parent));
  smartca_image_add_file (GTK_WINDOW (parent), flow->store, file, added_cb, &flow->result);
  g_assert_nonnull (wait_for_window_of_type (SMARTCA_TYPE_IMPORT_DIALOG));
  gtk_window_destroy (GTK_WINDOW (parent));
  g_assert_true (wait_for (import_dialog_closed, NULL));
  run_main_loop_for (300);

  g_assert_cmpuint (flow->result.calls, ==, 0);
  g_assert_cmpuint (n_images (flow->store), ==, 0);
  folder = images_folder (flow->store);
  g_assert_cmpstr (folder, ==, "");
}

/* Tests: paste */

static gboolean
paste_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  Flow *flow = user_data;

  smartca_image_add_from_clipboard (GTK_WINDOW (flow->window), flow->store, added_cb, &flow->result);
  return TRUE;
}

static void
wire_paste (Flow *flow)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>v"),
                      gtk_callback_action_new (paste_cb, flow, NULL)));
  gtk_widget_add_controller (flow->window, shortcuts);
}

static void
test_paste_texture (Flow         *flow,
                    gconstpointer data)
{
  g_autoptr(GdkPixbuf)             pixbuf = smartca_test_image_pixbuf (240, 90, TRUE, 3);
  g_autoptr(GdkTexture)            texture = gdk_texture_new_for_pixbuf (pixbuf);
  g_autoptr(SmartcaSignatureImage) first = NULL;
  g_autoptr(GString)               text = g_string_new (NULL);

  wire_paste (flow);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (flow->window), texture);
  press ("ctrl+v");
  add_in_import_dialog ();
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_nonnull (flow->result.image);
  g_assert_cmpint (smartca_signature_image_get_width (flow->result.image), ==, 240);
  g_assert_cmpint (smartca_signature_image_get_height (flow->result.image), ==, 90);
  g_assert_cmpuint (n_images (flow->store), ==, 1);
  first = g_steal_pointer (&flow->result.image);

  /* The same picture again: the one in the list is the answer, and the
   * user is told. */
  flow->result.calls = 0;
  give_focus (GTK_WINDOW (flow->window));
  press ("ctrl+v");
  add_in_import_dialog ();
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_true (flow->result.image == first);
  g_assert_cmpuint (n_images (flow->store), ==, 1);
  run_main_loop_for (200);
  collect_text (flow->window, text);
  g_assert_nonnull (strstr (text->str, _("This image is already in your list")));
}

static void
test_paste_without_image (Flow         *flow,
                          gconstpointer data)
{
  g_autoptr(GString) text = g_string_new (NULL);

  wire_paste (flow);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (flow->window), "chữ ký");
  press ("ctrl+v");
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_null (flow->result.image);
  g_assert_null (import_dialog ());
  run_main_loop_for (200);
  collect_text (flow->window, text);
  g_assert_nonnull (strstr (text->str, _("There is no image on the clipboard to paste.")));
  g_assert_cmpuint (n_images (flow->store), ==, 0);
}

/* Tests: drop */

static GdkContentProvider *
prepare_drag_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 gpointer       user_data)
{
  return g_object_ref (g_object_get_data (G_OBJECT (source), "content"));
}

/* A stand-in for a file manager or an image viewer beside the drop
 * target, in the same window; it drags what @content holds. */
static GtkWidget *
drag_source_new (GdkContentProvider *content)
{
  GtkWidget     *label = gtk_label_new ("Drag me");
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_set_size_request (label, 200, 200);
  g_object_set_data_full (G_OBJECT (source), "content", content, g_object_unref);
  g_signal_connect (source, "prepare", G_CALLBACK (prepare_drag_cb), NULL);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));
  return label;
}

/* Real drags (XDND under Xvfb) of a file, then of a picture, onto a
 * widget given the drop target. */
static void
test_drop_file_and_texture (Flow         *flow,
                            gconstpointer data)
{
  g_autofree char      *png = write_png (flow->files, "Chữ ký Đào.v2.png", 5);
  g_autoptr(GFile)      file = g_file_new_for_path (png);
  g_autoptr(GdkPixbuf)  pixbuf = smartca_test_image_pixbuf (200, 60, TRUE, 7);
  g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);
  GSList               *list = g_slist_prepend (NULL, file);
  GtkWidget            *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 40);
  GtkWidget            *target = gtk_label_new ("Drop here");
  GtkWidget            *file_source =
    drag_source_new (gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list));
  GtkWidget *picture_source =
    drag_source_new (gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture));

  g_slist_free (list);
  gtk_widget_set_size_request (target, 200, 200);
  gtk_box_append (GTK_BOX (box), file_source);
  gtk_box_append (GTK_BOX (box), picture_source);
  gtk_box_append (GTK_BOX (box), target);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (flow->overlay), box);
  smartca_image_add_drop_target (target, GTK_WINDOW (flow->window), flow->store, added_cb,
                                 &flow->result);
  run_main_loop_for (200);

  drag_and_drop (file_source, target);
  add_in_import_dialog ();
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_nonnull (flow->result.image);
  /* Labelled with the file's name, as it is written */
  g_assert_cmpstr (smartca_signature_image_get_label (flow->result.image), ==, "Chữ ký Đào.v2");
  g_assert_cmpuint (n_images (flow->store), ==, 1);

  flow->result.calls = 0;
  give_focus (GTK_WINDOW (flow->window));
  drag_and_drop (picture_source, target);
  add_in_import_dialog ();
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_cmpint (smartca_signature_image_get_width (flow->result.image), ==, 200);
  g_assert_cmpint (smartca_signature_image_get_height (flow->result.image), ==, 60);
  g_assert_cmpuint (n_images (flow->store), ==, 2);
}

/* Tests: drawing */

/* A stroke across @pad with the pointer, left to right along a wave. */
static void
stroke_across (GtkWidget *pad)
{
  GtkWidget    *root = GTK_WIDGET (gtk_widget_get_root (pad));
  unsigned long xid = (unsigned long) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (root)));
  graphene_point_t origin;
  int              width = gtk_widget_get_width (pad);
  int              height = gtk_widget_get_height (pad);

  g_assert_true (gtk_widget_compute_point (pad, root, &GRAPHENE_POINT_INIT (0, 0), &origin));
  for (int i = 0; i <= 12; i++)
    {
      g_autofree char *args =
        g_strdup_printf ("mousemove --window %lu %d %d%s", xid,
                         (int) origin.x + width / 5 + i * width * 3 / 5 / 12,
                         (int) origin.y + height / 2 + (i % 2 ? height / 6 : -height / 6),
                         i == 0 ? " mousedown 1" : "");
      xdotool (args);
    }
  xdotool ("mouseup 1");
}

/* A file whose name has a tab, a line break and a bidi override, and is
 * too long, is labelled with its name cleaned up front: Add works. */
static void
test_file_weird_name (Flow         *flow,
                      gconstpointer data)
{
  g_autoptr(GString) name = g_string_new ("Chữ  ký\t\u202eAn\nBình ");
  g_autoptr(GString) expected = g_string_new ("Chữ ký An Bình ");
  g_autofree char   *png = NULL;
  g_autoptr(GFile)   file = NULL;

  /* Multi-byte characters across the limit: cut on a character. */
  for (int i = 0; i < SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS; i++)
    g_string_append (name, "đ");
  while (g_utf8_strlen (expected->str, -1) < SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS)
    g_string_append (expected, "đ");
  g_string_append (name, ".png");
  png = write_png (flow->files, name->str, 9);
  file = g_file_new_for_path (png);

  smartca_image_add_file (GTK_WINDOW (flow->window), flow->store, file, added_cb, &flow->result);
  add_in_import_dialog ();
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_nonnull (flow->result.image);
  g_assert_cmpstr (smartca_signature_image_get_label (flow->result.image), ==, expected->str);
  g_assert_cmpuint (n_images (flow->store), ==, 1);
}

/* Draw…: what is drawn and saved joins the list. */
static void
test_draw (Flow         *flow,
           gconstpointer data)
{
  GtkWindow *dialog;

  smartca_image_draw (GTK_WINDOW (flow->window), flow->store, added_cb, &flow->result);
  dialog = wait_for_window_of_type (SMARTCA_TYPE_DRAW_DIALOG);
  g_assert_nonnull (dialog);
  run_main_loop_for (200);
  stroke_across (find_named (GTK_WIDGET (dialog), "pad"));
  press ("alt+s");
  g_assert_true (wait_for (result_came, &flow->result));

  g_assert_nonnull (flow->result.image);
  g_assert_cmpstr (smartca_signature_image_get_label (flow->result.image), ==,
                   _("Drawn signature"));
  g_assert_cmpuint (n_images (flow->store), ==, 1);
  g_assert_null (find_toplevel (SMARTCA_TYPE_DRAW_DIALOG));
  g_assert_true (g_file_query_exists (smartca_signature_image_get_file (flow->result.image), NULL));
}

/* Cancelled: nothing joins the list. */
static void
test_draw_cancelled (Flow         *flow,
                     gconstpointer data)
{
  smartca_image_draw (GTK_WINDOW (flow->window), flow->store, added_cb, &flow->result);
  g_assert_nonnull (wait_for_window_of_type (SMARTCA_TYPE_DRAW_DIALOG));
  press ("Escape");
  g_assert_true (wait_for (result_came, &flow->result));
  g_assert_null (flow->result.image);
  g_assert_cmpuint (n_images (flow->store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);
  /* Each file chooser opens where the test runs, not on the recent files
   * of the test before (where GTK 4.8 does nothing with a typed path). */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

#define FLOW(name, func) g_test_add (name, Flow, NULL, flow_set_up, func, flow_tear_down)
  /* GTK's own file chooser (the fallback of the portal's) */
  FLOW ("/image-chooser/png", test_file_png_is_stored);
  FLOW ("/image-chooser/not-an-image", test_file_not_an_image_changes_nothing);
  FLOW ("/image-chooser/cancelled", test_file_cancelled);
  FLOW ("/image-chooser/parent-closes", test_parent_closes_on_chooser);
  FLOW ("/image-add/import-cancelled", test_import_cancelled);
  FLOW ("/image-add/parent-closes", test_parent_closes_on_import);
  FLOW ("/image-add/paste-texture", test_paste_texture);
  FLOW ("/image-add/paste-no-image", test_paste_without_image);
  FLOW ("/image-add/file-weird-name", test_file_weird_name);
  FLOW ("/image-add/drop", test_drop_file_and_texture);
  FLOW ("/image-add/draw", test_draw);
  FLOW ("/image-add/draw-cancelled", test_draw_cancelled);
#undef FLOW

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
