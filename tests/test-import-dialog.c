/* test-import-dialog.c: adding a picture as a signature image, by keyboard,
 * under Xvfb: a generated photo cleaned up, a plain add, a bad file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "smartca-image-cleanup.h"
#include "smartca-import-dialog.h"
#include "smartca-store.h"
#include "smartca-test-gui.h"
#include "smartca-test-photo.h"

static SmartcaApplication *app;

typedef struct
{
  guint   n;
  GBytes *png;
  char   *label;
} Ready;

static void
ready_clear (Ready *ready)
{
  g_clear_pointer (&ready->png, g_bytes_unref);
  g_clear_pointer (&ready->label, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ready, ready_clear)

static void
image_ready_cb (SmartcaImportDialog *dialog,
                GBytes              *png,
                const char          *label,
                Ready               *ready)
{
  ready->n++;
  g_clear_pointer (&ready->png, g_bytes_unref);
  g_free (ready->label);
  ready->png = g_bytes_ref (png);
  ready->label = g_strdup (label);
}

/* Helpers */

/* The key that a translated mnemonic label answers to, as "alt+x". */
static char *
mnemonic_key (const char *translated)
{
  const char *underline = strchr (translated, '_');

  g_assert_nonnull (underline);
  g_assert_true (g_ascii_isalnum (underline[1]));
  return g_strdup_printf ("alt+%c", g_ascii_tolower (underline[1]));
}

static void
press_mnemonic (const char *translated)
{
  g_autofree char *key = mnemonic_key (translated);

  press (key);
}

/* With SMARTCA_TEST_SCREENSHOTS set to a folder, the screen is saved there. */
static void
screenshot (const char *name)
{
  const char      *folder = g_getenv ("SMARTCA_TEST_SCREENSHOTS");
  g_autofree char *command = NULL;

  if (folder == NULL)
    return;
  run_main_loop_for (300);
  command = g_strdup_printf ("import -window root %s/%s-%s.png", folder, name,
                             g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "en");
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static SmartcaImportDialog *
open_dialog (GBytes     *data,
             const char *label,
             Ready      *ready)
{
  SmartcaImportDialog *dialog = smartca_import_dialog_new (NULL, data, label);

  g_signal_connect (dialog, "image-ready", G_CALLBACK (image_ready_cb), ready);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (window_is_active, dialog));
  return dialog;
}

static gboolean
dialog_is_closed (gpointer data)
{
  return find_toplevel (SMARTCA_TYPE_IMPORT_DIALOG) == NULL;
}

static gboolean
loaded (gpointer data)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (find_named (data, "preview_stack")));

  return g_strcmp0 (page, "loading") != 0;
}

static gboolean
error_shown (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (find_named (data, "error_revealer")));
}

static gboolean
error_hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (GTK_REVEALER (find_named (data, "error_revealer")));
}

static const char *
error_text (GtkWidget *dialog)
{
  return gtk_label_get_text (GTK_LABEL (find_named (dialog, "error_label")));
}

static gboolean
preview_is_settled (GtkWidget *dialog)
{
  return !gtk_widget_get_visible (find_named (dialog, "preview_spinner"));
}

/* The preview shows a picture trimmed to the ink (narrower than the photo's
 * preview, which is the photo scaled down). */
static gboolean
preview_is_trimmed (gpointer data)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (find_named (data, "preview_picture")));

  return preview_is_settled (data) && paintable != NULL && gdk_paintable_get_intrinsic_width (paintable) < 600;
}

static gboolean
preview_is_blue (gpointer data)
{
  GdkPaintable        *paintable = gtk_picture_get_paintable (GTK_PICTURE (find_named (data, "preview_picture")));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guint8        *pixels;
  int                  rowstride;

  if (!preview_is_trimmed (data))
    return FALSE;
  pixbuf = gdk_pixbuf_get_from_texture (GDK_TEXTURE (paintable));
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      {
        const guint8 *p = pixels + y * rowstride + x * 4;

        if (p[3] == 255)
          return p[0] == SMARTCA_IMAGE_CLEANUP_BLUE_R && p[1] == SMARTCA_IMAGE_CLEANUP_BLUE_G &&
                 p[2] == SMARTCA_IMAGE_CLEANUP_BLUE_B;
      }
  return FALSE;
}

static gboolean
has_emitted (gpointer data)
{
  return ((Ready *) data)->n > 0;
}

static gboolean
focus_within (GtkWidget  *dialog,
              const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
  GtkWidget *target = find_named (dialog, name);

  return focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target));
}

static GdkPixbuf *
decode (GBytes *png)
{
  g_autoptr(GError) error = NULL;
  GdkPixbuf        *pixbuf = smartca_image_cleanup_decode_png (png, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

/* Tests */

/* The photo of a signature, cleaned up and recoloured by keyboard only. */
static void
test_clean_up_by_keyboard (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, TRUE, 0.85, 11);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_auto(Ready)               ready = { 0 };
  g_autoptr(GdkPixbuf)        added = NULL;
  GtkWidget                  *dialog;
  SmartcaTestPhotoTally       counts;

  dialog = GTK_WIDGET (open_dialog (png, "Nguyễn Văn A", &ready));
  g_assert_true (wait_for (loaded, dialog));
  g_assert_true (focus_within (dialog, "label_row"));
  g_assert_true (gtk_widget_is_sensitive (find_named (dialog, "add_button")));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "cleanup_switch"))));
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "threshold_scale")));
  screenshot ("import-photo");

  press_mnemonic (_("Clean _up photo"));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "cleanup_switch"))));
  g_assert_true (gtk_widget_is_sensitive (find_named (dialog, "threshold_scale")));
  g_assert_true (wait_for (preview_is_trimmed, dialog));
  g_assert_false (error_shown (dialog));

  /* The threshold takes the arrow keys. */
  press_mnemonic (_("_Threshold"));
  g_assert_true (focus_within (dialog, "threshold_scale"));
  press ("Right");
  press_mnemonic (_("_Blue ink"));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "blue_switch"))));
  g_assert_true (wait_for (preview_is_blue, dialog));
  screenshot ("import-cleaned");

  press_mnemonic (_("_Add"));
  g_assert_true (wait_for (has_emitted, &ready));
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (ready.n, ==, 1);
  g_assert_cmpstr (ready.label, ==, "Nguyễn Văn A");

  /* What was added: transparent paper, opaque blue ink, trimmed. */
  added = decode (ready.png);
  smartca_test_photo_assert_clean (photo, added);
  counts = smartca_test_photo_tally (photo, added);
  g_assert_cmpuint (counts.core_blue, ==, counts.core);
}

/* Without clean-up the picture is added as it is (normalised), under the
 * label typed; Enter adds. */
static void
test_plain_add (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_black_ink, TRUE, 0.9, 12);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_auto(Ready)               ready = { 0 };
  g_autoptr(GdkPixbuf)        added = NULL;
  GtkWidget                  *dialog;

  dialog = GTK_WIDGET (open_dialog (png, "photo.jpg", &ready));
  g_assert_true (wait_for (loaded, dialog));
  /* Away and back by the label's mnemonic. */
  press ("Tab");
  g_assert_false (focus_within (dialog, "label_row"));
  press_mnemonic (_("_Label"));
  g_assert_true (focus_within (dialog, "label_row"));
  press ("ctrl+a");
  type ("My signature ");
  press ("Return");
  g_assert_true (wait_for (has_emitted, &ready));
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpstr (ready.label, ==, "My signature");

  added = decode (ready.png);
  g_assert_cmpint (gdk_pixbuf_get_width (added), ==, SMARTCA_TEST_PHOTO_WIDTH);
  g_assert_cmpint (gdk_pixbuf_get_height (added), ==, SMARTCA_TEST_PHOTO_HEIGHT);
  g_assert_cmpuint (gdk_pixbuf_read_pixels (added)[3], ==, 255);
}

/* A label the store would refuse (a file name too long) is said in the
 * dialog, which stays open; a good label then adds. */
static void
test_refused_label (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_black_ink, TRUE, 0.9, 12);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_autofree char            *too_long = g_strnfill (SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS + 1, 'x');
  g_autoptr(GError)           expected = NULL;
  g_auto(Ready)               ready = { 0 };
  GtkWidget                  *dialog;

  g_assert_false (smartca_store_check_image_label (too_long, &expected));
  dialog = GTK_WIDGET (open_dialog (png, too_long, &ready));
  g_assert_true (wait_for (loaded, dialog));
  press_mnemonic (_("_Label"));
  press ("Return");
  g_assert_true (wait_for (error_shown, dialog));
  g_assert_cmpstr (error_text (dialog), ==, expected->message);
  g_assert_cmpuint (ready.n, ==, 0);
  g_assert_false (dialog_is_closed (NULL));

  /* Said until the label is edited, not longer. */
  press ("ctrl+a");
  type ("S");
  g_assert_true (wait_for (error_hidden, dialog));
  type ("hort");
  press ("Return");
  g_assert_true (wait_for (has_emitted, &ready));
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpstr (ready.label, ==, "Short");
}

/* Not an image: the reason in words, and nothing can be added. */
static void
test_bad_image (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("This is not a picture.\n", 23);
  g_auto(Ready)     ready = { 0 };
  GtkWidget        *dialog;

  dialog = GTK_WIDGET (open_dialog (data, "notes.txt", &ready));
  g_assert_true (wait_for (error_shown, dialog));
  g_assert_cmpstr (error_text (dialog), ==, _("The file is not an image this app can read."));
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "add_button")));
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "cleanup_switch")));
  screenshot ("import-bad");

  press_mnemonic (_("_Add"));
  press ("Return");
  g_assert_cmpuint (ready.n, ==, 0);
  press ("Escape");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (ready.n, ==, 0);
}

/* A photo of blank paper: clean-up finds no ink, says so, and Add is off
 * until clean-up is off again. */
static void
test_no_ink (void)
{
  g_autoptr(SmartcaTestPhoto) photo = smartca_test_photo_new (smartca_test_blue_ink, FALSE, 0.85, 13);
  g_autoptr(GBytes)           png = smartca_test_photo_png (photo);
  g_auto(Ready)               ready = { 0 };
  g_autoptr(GError)           expected = NULL;
  SmartcaCleanupOptions       options = { 0.5, FALSE };
  GtkWidget                  *dialog;

  g_assert_null (smartca_image_cleanup_pixbuf_full (photo->pixbuf, &options, NULL, &expected));
  g_assert_nonnull (expected);

  dialog = GTK_WIDGET (open_dialog (png, NULL, &ready));
  g_assert_true (wait_for (loaded, dialog));
  press_mnemonic (_("Clean _up photo"));
  g_assert_true (wait_for (error_shown, dialog));
  g_assert_cmpstr (error_text (dialog), ==, expected->message);
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "add_button")));
  screenshot ("import-no-ink");

  press_mnemonic (_("Clean _up photo"));
  g_assert_true (gtk_widget_is_sensitive (find_named (dialog, "add_button")));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_named (dialog, "error_revealer"))));
  press ("Escape");
  g_assert_true (wait_for (dialog_is_closed, NULL));
  g_assert_cmpuint (ready.n, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = test_gui_init (&argc, &argv);

  g_test_add_func ("/import-dialog/clean-up-by-keyboard", test_clean_up_by_keyboard);
  g_test_add_func ("/import-dialog/plain-add", test_plain_add);
  g_test_add_func ("/import-dialog/refused-label", test_refused_label);
  g_test_add_func ("/import-dialog/bad-image", test_bad_image);
  g_test_add_func ("/import-dialog/no-ink", test_no_ink);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
