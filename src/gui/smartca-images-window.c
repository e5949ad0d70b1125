/* smartca-images-window.c: "Default Signature Images", the user's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One window per store, opened from the primary menu or the picker: the
 * images as a grid; add from a file, by pasting, by dropping or by drawing
 * (the flows of smartca-image-add.c); rename, mark as default and remove
 * the selected one. Removing an image that certificates sign with asks
 * first and says how many.
 */

#include "config.h"

#include "smartca-image-grid.h"
#include "smartca-images-window.h"
#include "smartca-text.h"
#include "smartca-thumbnailer.h"

#include <glib/gi18n.h>

#define WINDOW_KEY "smartca-images-window"

struct _SmartcaImagesWindow
{
  AdwWindow parent_instance;

  SmartcaStore *store;
  GtkWidget    *grid;
  gulong        items_handler;
  gulong        default_handler;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *images_box;
  GtkButton       *default_button;
};

G_DEFINE_FINAL_TYPE (SmartcaImagesWindow, smartca_images_window, ADW_TYPE_WINDOW)

/* Helpers */

static void
show_toast (SmartcaImagesWindow *self,
            const char          *text)
{
  /* A toast's title is markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast        *toast = adw_toast_new (escaped);

  /* The latest action is what the user wants to hear about. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A label from the user, kept apart from the sentence around it whatever
 * its direction */
static char *
quoted_label (SmartcaSignatureImage *image)
{
  return smartca_format_isolate (smartca_signature_image_get_label (image));
}

static SmartcaSignatureImage *
selected_image (SmartcaImagesWindow *self)
{
  return smartca_image_grid_get_selected_image (SMARTCA_IMAGE_GRID (self->grid));
}

static void
update_view (SmartcaImagesWindow *self)
{
  GListModel            *images = smartca_store_get_images (self->store);
  SmartcaSignatureImage *image = selected_image (self);
  gboolean               writable = !smartca_store_get_read_only (self->store);
  gboolean               is_default = image != NULL && smartca_signature_image_get_is_default (image);

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (images) > 0 ? "images" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.add-file", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.draw", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.paste", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.rename", writable && image != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.toggle-default",
                                 writable && image != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.remove", writable && image != NULL);

  gtk_button_set_label (self->default_button,
                        is_default ? _("Un_mark as Default") : _("_Mark as Default"));
  gtk_widget_set_tooltip_text (
    GTK_WIDGET (self->default_button),
    is_default ? _("Certificates without an image of their own will sign without one")
               : _("Certificates without an image of their own sign with the default image"));
}

/* The add flows: images.add-file, images.draw, images.paste */
static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SmartcaImagesWindow *self = SMARTCA_IMAGES_WINDOW (widget);
  SmartcaImageGridAdd  how = g_str_equal (action_name, "images.draw")    ? SMARTCA_IMAGE_GRID_ADD_DRAWING
                             : g_str_equal (action_name, "images.paste") ? SMARTCA_IMAGE_GRID_ADD_PASTE
                                                                         : SMARTCA_IMAGE_GRID_ADD_FILE;

  smartca_image_grid_add (SMARTCA_IMAGE_GRID (self->grid), how);
}

/* Rename */

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", label[0] != '\0');
}

static void
rename_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    SmartcaImagesWindow *self)
{
  SmartcaSignatureImage *image = g_object_get_data (G_OBJECT (dialog), "image");
  GtkEditable           *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError)      error = NULL;
  g_autofree char       *quoted = NULL;
  g_autofree char       *message = NULL;

  smartca_image_grid_focus_selected (SMARTCA_IMAGE_GRID (self->grid));
  if (!g_str_equal (response, "rename"))
    return;
  if (!smartca_store_rename_image (self->store, image, gtk_editable_get_text (entry), &error))
    {
      /* Translators: %s is why, a sentence */
      message = g_strdup_printf (_("The image could not be renamed. %s"), error->message);
      show_toast (self, message);
      return;
    }
  quoted = quoted_label (image);
  /* Translators: %s is the image's new label */
  message = g_strdup_printf (_("Renamed to “%s”"), quoted);
  show_toast (self, message);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaImagesWindow   *self = SMARTCA_IMAGES_WINDOW (widget);
  SmartcaSignatureImage *image = selected_image (self);
  GtkWidget             *dialog;
  GtkWidget             *entry;

  if (image == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Image"),
                                   _("The label is only shown to you, in this app."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "rename",
                                    _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (entry), SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), smartca_signature_image_get_label (image));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Label"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "image", g_object_ref (image), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Default */

static void
toggle_default_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SmartcaImagesWindow   *self = SMARTCA_IMAGES_WINDOW (widget);
  SmartcaSignatureImage *image = selected_image (self);
  g_autoptr(GError)      error = NULL;
  g_autofree char       *quoted = NULL;
  g_autofree char       *message = NULL;
  gboolean               unmark;

  if (image == NULL)
    return;

  unmark = smartca_signature_image_get_is_default (image);
  if (!smartca_store_set_default_image (self->store, unmark ? NULL : image, &error))
    {
      message = g_strdup_printf (_("The default image could not be changed. %s"), error->message);
      show_toast (self, message);
      return;
    }
  quoted = quoted_label (image);
  /* Translators: %s is the image's label */
  message = g_strdup_printf (unmark ? _("“%s” is no longer the default image")
                                    : _("“%s” is now the default image"),
                             quoted);
  show_toast (self, message);
  update_view (self);
}

/* Remove */

static void
remove_image (SmartcaImagesWindow   *self,
              SmartcaSignatureImage *image)
{
  g_autoptr(SmartcaSignatureImage) kept = g_object_ref (image);
  g_autoptr(GError)                error = NULL;
  g_autofree char                 *quoted = quoted_label (kept);
  g_autofree char                 *message = NULL;

  if (!smartca_store_remove_image (self->store, kept, &error))
    {
      message = g_strdup_printf (_("The image could not be removed. %s"), error->message);
      show_toast (self, message);
      return;
    }
  smartca_thumbnailer_forget (smartca_thumbnailer_get_default (),
                              smartca_signature_image_get_pixels_sha256 (kept));
  /* Translators: %s is the image's label */
  message = g_strdup_printf (_("“%s” removed"), quoted);
  show_toast (self, message);
  update_view (self);
}

static void
remove_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    SmartcaImagesWindow *self)
{
  if (g_str_equal (response, "remove"))
    remove_image (self, g_object_get_data (G_OBJECT (dialog), "image"));
  smartca_image_grid_focus_selected (SMARTCA_IMAGE_GRID (self->grid));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaImagesWindow   *self = SMARTCA_IMAGES_WINDOW (widget);
  SmartcaSignatureImage *image = selected_image (self);
  SmartcaSignatureImage *fallback;
  GtkWidget             *dialog;
  g_autofree char       *quoted = NULL;
  g_autofree char       *heading = NULL;
  g_autofree char       *body = NULL;
  guint                  users;

  if (image == NULL)
    return;
  users = smartca_store_count_image_users (self->store, image);
  if (users == 0)
    {
      remove_image (self, image);
      return;
    }

  fallback = smartca_store_get_default_image (self->store);
  quoted = quoted_label (image);
  /* Translators: %s is the image's label */
  heading = g_strdup_printf (_("Remove “%s”?"), quoted);
  if (fallback != NULL && fallback != image)
    body = g_strdup_printf (ngettext ("%u certificate signs with this image. It will sign with "
                                      "the default image instead.",
                                      "%u certificates sign with this image. They will sign with "
                                      "the default image instead.",
                                      users),
                            users);
  else
    body = g_strdup_printf (ngettext ("%u certificate signs with this image. It will have no "
                                      "signature image until you choose one.",
                                      "%u certificates sign with this image. They will have no "
                                      "signature image until you choose one.",
                                      users),
                            users);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove",
                                    _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "image", g_object_ref (image), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
smartca_images_window_dispose (GObject *object)
{
  SmartcaImagesWindow *self = SMARTCA_IMAGES_WINDOW (object);

  if (self->store != NULL && g_object_get_data (G_OBJECT (self->store), WINDOW_KEY) == self)
    g_object_set_data (G_OBJECT (self->store), WINDOW_KEY, NULL);
  g_clear_signal_handler (&self->items_handler, smartca_store_get_images (self->store));
  g_clear_signal_handler (&self->default_handler, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_IMAGES_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (smartca_images_window_parent_class)->dispose (object);
}

static void
smartca_images_window_class_init (SmartcaImagesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_images_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-images-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagesWindow, images_box);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImagesWindow, default_button);

  gtk_widget_class_install_action (widget_class, "images.add-file", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "images.draw", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "images.paste", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "images.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "images.toggle-default", NULL,
                                   toggle_default_action);
  gtk_widget_class_install_action (widget_class, "images.remove", NULL, remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "images.paste",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "images.add-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "images.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "images.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "images.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
smartca_images_window_init (SmartcaImagesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static SmartcaImagesWindow *
smartca_images_window_new (GtkWindow    *parent,
                           SmartcaStore *store)
{
  SmartcaImagesWindow *self = g_object_new (SMARTCA_TYPE_IMAGES_WINDOW, "transient-for", parent,
                                            NULL);

  /* Opened from a modal picker, it must take the input itself. */
  gtk_window_set_modal (GTK_WINDOW (self), parent != NULL && gtk_window_get_modal (parent));
  self->store = g_object_ref (store);
  self->grid = smartca_image_grid_new (store, FALSE);
  gtk_box_prepend (GTK_BOX (self->images_box), self->grid);
  g_signal_connect_object (self->grid, "selection-changed", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);
  self->items_handler = g_signal_connect_swapped (smartca_store_get_images (store), "items-changed",
                                                  G_CALLBACK (update_view), self);
  self->default_handler = g_signal_connect_swapped (store, "notify::default-image",
                                                    G_CALLBACK (update_view), self);
  smartca_image_grid_add_drop_target (SMARTCA_IMAGE_GRID (self->grid), GTK_WIDGET (self));
  update_view (self);
  return self;
}

/* Public API */

/* Opens the list of @store's images, or raises it if it is open. */
GtkWindow *
smartca_images_window_present (GtkWindow    *parent,
                               SmartcaStore *store)
{
  SmartcaImagesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SMARTCA_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), WINDOW_KEY);
  if (self == NULL)
    {
      self = smartca_images_window_new (parent, store);
      g_object_set_data (G_OBJECT (store), WINDOW_KEY, self);
    }
  gtk_window_present (GTK_WINDOW (self));
  smartca_image_grid_focus_selected (SMARTCA_IMAGE_GRID (self->grid));
  return GTK_WINDOW (self);
}
