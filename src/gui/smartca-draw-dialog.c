/* smartca-draw-dialog.c: "Draw a Signature"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drawing pad with what a signature needs around it: blue or black ink,
 * Undo (Ctrl+Z) and Clear, and a label. Save hands the ink as a transparent
 * PNG, trimmed to it, to whoever opened the dialog ("image-ready") and
 * closes; Cancel or Escape closes and hands nothing. Undo, Clear and Save
 * are off while the pad is empty.
 */

#include "config.h"

#include "smartca-draw-dialog.h"
#include "smartca-drawing-pad.h"
#include "smartca-format.h"
#include "smartca-store.h"

#include <glib/gi18n.h>

struct _SmartcaDrawDialog
{
  AdwWindow parent_instance;

  AdwToastOverlay   *toast_overlay;
  SmartcaDrawingPad *pad;
  GtkToggleButton   *blue_button;
  AdwEntryRow       *label_row;
};

enum
{
  IMAGE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmartcaDrawDialog, smartca_draw_dialog, ADW_TYPE_WINDOW)

static void
update_actions (SmartcaDrawDialog *self)
{
  gboolean has_ink = smartca_drawing_pad_get_n_strokes (self->pad) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draw.undo", has_ink);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draw.clear", has_ink);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draw.save", has_ink);
}

/* Callbacks */

static void
n_strokes_changed_cb (SmartcaDrawDialog *self)
{
  update_actions (self);
}

static void
color_toggled_cb (SmartcaDrawDialog *self)
{
  smartca_drawing_pad_set_color (self->pad, gtk_toggle_button_get_active (self->blue_button)
                                              ? SMARTCA_DRAWING_PAD_COLOR_BLUE
                                              : SMARTCA_DRAWING_PAD_COLOR_BLACK);
}

static void
label_activated_cb (SmartcaDrawDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "draw.save", NULL);
}

/* Actions */

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  smartca_drawing_pad_undo (SMARTCA_DRAW_DIALOG (widget)->pad);
}

static void
clear_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  smartca_drawing_pad_clear (SMARTCA_DRAW_DIALOG (widget)->pad);
}

/* A toast's title is markup: @message is shown as it is written. */
static void
show_toast (SmartcaDrawDialog *self,
            const char        *message)
{
  g_autofree char *text = smartca_format_clean (message);
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(SmartcaDrawDialog) self = g_object_ref (SMARTCA_DRAW_DIALOG (widget));
  g_autoptr(GError)            error = NULL;
  g_autoptr(GBytes)            png = NULL;
  g_autofree char             *label = NULL;

  /* A label the store refuses is said here, the drawing still there. */
  if (!smartca_store_check_image_label (gtk_editable_get_text (GTK_EDITABLE (self->label_row)), &error))
    {
      show_toast (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
      return;
    }

  png = smartca_drawing_pad_export_png (self->pad, &error);
  if (png == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  /* The store checks the label (and names an empty one). */
  label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  g_signal_emit (self, signals[IMAGE_READY], 0, png, label);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject */

static void
smartca_draw_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SMARTCA_TYPE_DRAW_DIALOG);

  G_OBJECT_CLASS (smartca_draw_dialog_parent_class)->dispose (object);
}

static void
smartca_draw_dialog_class_init (SmartcaDrawDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_draw_dialog_dispose;

  /**
   * SmartcaDrawDialog::image-ready:
   * @png: the ink as a PNG with transparency, trimmed to it
   * @label: the label the user gave, trimmed (may be empty)
   *
   * Emitted on Save, just before the dialog closes.
   */
  signals[IMAGE_READY] = g_signal_new ("image-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);

  g_type_ensure (SMARTCA_TYPE_DRAWING_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-draw-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaDrawDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDrawDialog, pad);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDrawDialog, blue_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDrawDialog, label_row);
  gtk_widget_class_bind_template_callback (widget_class, color_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_activated_cb);

  gtk_widget_class_install_action (widget_class, "draw.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "draw.clear", NULL, clear_activated);
  gtk_widget_class_install_action (widget_class, "draw.save", NULL, save_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "draw.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
smartca_draw_dialog_init (SmartcaDrawDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_editable_set_text (GTK_EDITABLE (self->label_row), _("Drawn signature"));
  g_signal_connect_object (self->pad, "notify::n-strokes", G_CALLBACK (n_strokes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  /* The pad takes no focus; the keyboard starts on the ink colour, from
   * where Ctrl+Z undoes a stroke and Tab reaches the rest. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->blue_button));
}

SmartcaDrawDialog *
smartca_draw_dialog_new (GtkWindow *parent)
{
  return g_object_new (SMARTCA_TYPE_DRAW_DIALOG, "transient-for", parent, NULL);
}
