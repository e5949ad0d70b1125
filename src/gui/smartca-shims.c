/* TEMPORARY SHIMS (img-wiring) so that the wiring builds before the other
 * branches land; removed before merging them. */
#include "config.h"
#include "smartca-draw-dialog.h"
#include "smartca-image-picker.h"
#include "smartca-image-thumbnail.h"
#include "smartca-import-dialog.h"

struct _SmartcaImportDialog { AdwWindow parent_instance; GBytes *data; char *label; GtkWidget *add; };
G_DEFINE_FINAL_TYPE (SmartcaImportDialog, smartca_import_dialog, ADW_TYPE_WINDOW)
static void import_add_cb (SmartcaImportDialog *self)
{
  g_signal_emit_by_name (self, "image-ready", self->data, self->label);
  gtk_window_destroy (GTK_WINDOW (self));
}
static gboolean import_ready_cb (gpointer data) { gtk_widget_set_sensitive (data, TRUE); return G_SOURCE_REMOVE; }
static void import_finalize (GObject *o)
{
  SmartcaImportDialog *self = (SmartcaImportDialog *) o;
  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->label);
  G_OBJECT_CLASS (smartca_import_dialog_parent_class)->finalize (o);
}
static void smartca_import_dialog_class_init (SmartcaImportDialogClass *k)
{
  G_OBJECT_CLASS (k)->finalize = import_finalize;
  g_signal_new ("image-ready", G_TYPE_FROM_CLASS (k), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
}
static void smartca_import_dialog_init (SmartcaImportDialog *self) {}
SmartcaImportDialog *smartca_import_dialog_new (GtkWindow *parent, GBytes *data, const char *label)
{
  SmartcaImportDialog *self = g_object_new (SMARTCA_TYPE_IMPORT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->data = g_bytes_ref (data);
  self->label = g_strdup (label);
  self->add = gtk_button_new_with_mnemonic ("_Add");
  gtk_widget_set_sensitive (self->add, FALSE);
  g_signal_connect_swapped (self->add, "clicked", G_CALLBACK (import_add_cb), self);
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_box_append (GTK_BOX (box), self->add);
  adw_window_set_content (ADW_WINDOW (self), box);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, import_ready_cb, g_object_ref (self->add), g_object_unref);
  return self;
}

struct _SmartcaDrawDialog { AdwWindow parent_instance; };
G_DEFINE_FINAL_TYPE (SmartcaDrawDialog, smartca_draw_dialog, ADW_TYPE_WINDOW)
static void smartca_draw_dialog_class_init (SmartcaDrawDialogClass *k)
{
  g_signal_new ("image-ready", G_TYPE_FROM_CLASS (k), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
}
static void smartca_draw_dialog_init (SmartcaDrawDialog *self) {}
SmartcaDrawDialog *smartca_draw_dialog_new (GtkWindow *parent)
{
  return g_object_new (SMARTCA_TYPE_DRAW_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
}

struct _SmartcaImageThumbnail { GtkWidget parent_instance; GtkWidget *picture; int size; };
G_DEFINE_FINAL_TYPE (SmartcaImageThumbnail, smartca_image_thumbnail, GTK_TYPE_WIDGET)
static void thumb_dispose (GObject *o)
{
  SmartcaImageThumbnail *self = (SmartcaImageThumbnail *) o;
  g_clear_pointer (&self->picture, gtk_widget_unparent);
  G_OBJECT_CLASS (smartca_image_thumbnail_parent_class)->dispose (o);
}
static void smartca_image_thumbnail_class_init (SmartcaImageThumbnailClass *k)
{
  G_OBJECT_CLASS (k)->dispose = thumb_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (k), GTK_TYPE_BIN_LAYOUT);
}
static void smartca_image_thumbnail_init (SmartcaImageThumbnail *self)
{
  self->picture = gtk_picture_new ();
  gtk_widget_set_parent (self->picture, GTK_WIDGET (self));
}
GtkWidget *smartca_image_thumbnail_new (int size)
{
  SmartcaImageThumbnail *self = g_object_new (SMARTCA_TYPE_IMAGE_THUMBNAIL, NULL);
  self->size = size;
  gtk_widget_set_size_request (GTK_WIDGET (self), size * 2, size);
  return GTK_WIDGET (self);
}
void smartca_image_thumbnail_set_image (SmartcaImageThumbnail *self, SmartcaSignatureImage *image)
{
  gtk_picture_set_file (GTK_PICTURE (self->picture), image ? smartca_signature_image_get_file (image) : NULL);
}

GtkWindow *smartca_image_picker_new (GtkWindow *parent, SmartcaStore *store, SmartcaCertificate *certificate)
{
  return g_object_new (ADW_TYPE_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
}
