/* smartca-image-picker.c: the signature image one certificate signs with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A modal grid of the user's images with "Default image" first (the
 * certificate then follows whatever image is the default). Nothing is
 * written until Save; Cancel, Escape or closing leave the certificate as
 * it was. An image added from here is selected at once.
 */

#include "config.h"

#include "smartca-image-grid.h"
#include "smartca-image-picker.h"
#include "smartca-images-window.h"

#include <glib/gi18n.h>

struct _SmartcaImagePicker
{
  AdwWindow parent_instance;

  SmartcaStore       *store;
  SmartcaCertificate *certificate;
  GtkWidget          *grid;

  GtkWidget   *content_box;
  GtkWidget   *seal_hint;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (SmartcaImagePicker, smartca_image_picker, ADW_TYPE_WINDOW)

static void
show_error (SmartcaImagePicker *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmartcaImagePicker    *self = SMARTCA_IMAGE_PICKER (widget);
  SmartcaImageGrid      *grid = SMARTCA_IMAGE_GRID (self->grid);
  SmartcaSignatureImage *image = smartca_image_grid_get_selected_image (grid);
  g_autoptr(GError)      error = NULL;

  if (image == NULL && !smartca_image_grid_get_default_choice_selected (grid))
    return;
  if (!smartca_store_set_certificate_image (self->store, self->certificate, image, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("The signature image could not be saved. %s"), error->message);
      show_error (self, message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

/* The add flows: picker.add-file, picker.draw, picker.paste */
static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SmartcaImagePicker *self = SMARTCA_IMAGE_PICKER (widget);
  SmartcaImageGridAdd how = g_str_equal (action_name, "picker.draw")    ? SMARTCA_IMAGE_GRID_ADD_DRAWING
                            : g_str_equal (action_name, "picker.paste") ? SMARTCA_IMAGE_GRID_ADD_PASTE
                                                                        : SMARTCA_IMAGE_GRID_ADD_FILE;

  smartca_image_grid_add (SMARTCA_IMAGE_GRID (self->grid), how);
}

static void
grid_activate_cb (SmartcaImagePicker *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "picker.save", NULL);
}

/* The keyboard starts on the current choice. */
static void
map_cb (SmartcaImagePicker *self)
{
  smartca_image_grid_focus_selected (SMARTCA_IMAGE_GRID (self->grid));
}

static void
manage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaImagePicker *self = SMARTCA_IMAGE_PICKER (widget);

  smartca_images_window_present (GTK_WINDOW (self), self->store);
}

/* GObject */

static void
smartca_image_picker_dispose (GObject *object)
{
  SmartcaImagePicker *self = SMARTCA_IMAGE_PICKER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_IMAGE_PICKER);
  g_clear_object (&self->certificate);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (smartca_image_picker_parent_class)->dispose (object);
}

static void
smartca_image_picker_class_init (SmartcaImagePickerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_image_picker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-image-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagePicker, content_box);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagePicker, seal_hint);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagePicker, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagePicker, error_label);

  gtk_widget_class_install_action (widget_class, "picker.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "picker.add-file", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "picker.draw", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "picker.paste", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "picker.manage", NULL, manage_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "picker.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "picker.paste",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "picker.add-file", NULL);
}

static void
smartca_image_picker_init (SmartcaImagePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWindow *
smartca_image_picker_new (GtkWindow          *parent,
                          SmartcaStore       *store,
                          SmartcaCertificate *certificate)
{
  SmartcaImagePicker    *self;
  SmartcaSignatureImage *current = NULL;
  gint64                 id;
  gboolean               writable;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SMARTCA_IS_STORE (store), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);

  self = g_object_new (SMARTCA_TYPE_IMAGE_PICKER, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->certificate = g_object_ref (certificate);

  self->grid = smartca_image_grid_new (store, TRUE);
  gtk_box_append (GTK_BOX (self->content_box), self->grid);
  g_signal_connect_object (self->grid, "activate", G_CALLBACK (grid_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_widget_set_visible (self->seal_hint, smartca_certificate_get_is_business (certificate));

  id = smartca_certificate_get_signature_image_id (certificate);
  if (id > 0)
    current = smartca_store_lookup_image (store, id);
  smartca_image_grid_select_image (SMARTCA_IMAGE_GRID (self->grid), current);

  writable = !smartca_store_get_read_only (store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.save", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.add-file", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.draw", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.paste", writable);
  smartca_image_grid_add_drop_target (SMARTCA_IMAGE_GRID (self->grid), GTK_WIDGET (self));
  return GTK_WINDOW (self);
}
