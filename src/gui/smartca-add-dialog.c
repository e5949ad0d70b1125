/* smartca-add-dialog.c: "Add VNPT SmartCA certificate" (manual section 1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CCCD/HC/MST (required) and the serial number (optional): with a serial
 * only that certificate is added (case 1), without one every certificate of
 * the ID (case 2). Input is checked as it is typed, with the reason shown
 * under the field; nothing is sent until it is valid. While SmartCA answers
 * the form is locked, and Cancel (or Escape) stops the request. A failure
 * keeps the dialog open with the user's input and says what went wrong.
 */

#include "config.h"

#include "smartca-add-dialog.h"
#include "smartca-format.h"
#include "smartca-id-number.h"
#include "smartca-lookup.h"

#include <glib/gi18n.h>

struct _SmartcaAddDialog
{
  AdwWindow parent_instance;

  SmartcaLookup *lookup;
  GCancellable  *cancellable;

  GtkWidget   *cancel_button;
  GtkWidget   *save_button;
  GtkWidget   *spinner;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  AdwEntryRow *id_row;
  GtkLabel    *id_reason_label;
  AdwEntryRow *serial_row;
  GtkLabel    *serial_reason_label;
};

enum
{
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmartcaAddDialog, smartca_add_dialog, ADW_TYPE_WINDOW)

static gboolean
is_busy (SmartcaAddDialog *self)
{
  return self->cancellable != NULL;
}

/* Shows why a field is not valid, under it and to screen readers. An empty
 * ID is not an error yet: Save being off says enough until the user types. */
static void
show_reason (AdwEntryRow  *row,
             GtkLabel     *label,
             const GError *error,
             gboolean      quiet_when_empty)
{
  gboolean show = error != NULL &&
                  !(quiet_when_empty &&
                    g_error_matches (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_EMPTY));

  gtk_widget_set_visible (GTK_WIDGET (label), show);
  if (show)
    {
      gtk_label_set_label (label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* One function decides: smartca_id_number_check(). */
static gboolean
validate (SmartcaAddDialog *self,
          char            **user_id,
          char            **serial)
{
  g_autoptr(GError) id_error = NULL;
  g_autoptr(GError) serial_error = NULL;
  gboolean          id_ok, serial_ok;

  id_ok = smartca_id_number_check (gtk_editable_get_text (GTK_EDITABLE (self->id_row)),
                                   user_id, NULL, &id_error);
  serial_ok = smartca_serial_number_check (gtk_editable_get_text (GTK_EDITABLE (self->serial_row)),
                                           serial, &serial_error);

  show_reason (self->id_row, self->id_reason_label, id_error, TRUE);
  show_reason (self->serial_row, self->serial_reason_label, serial_error, FALSE);

  return id_ok && serial_ok;
}

static void
set_busy (SmartcaAddDialog *self,
          gboolean          busy)
{
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->id_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->serial_row), !busy);
  gtk_widget_set_sensitive (self->save_button, !busy && validate (self, NULL, NULL));
}

/* The message may quote SmartCA: nothing in it can break or reorder it. */
static void
show_error (SmartcaAddDialog *self,
            const char       *message)
{
  g_autofree char *text = smartca_format_clean (message);

  gtk_label_set_label (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Callbacks */

static void
input_changed_cb (SmartcaAddDialog *self)
{
  if (is_busy (self))
    return;
  show_error (self, NULL);
  gtk_widget_set_sensitive (self->save_button, validate (self, NULL, NULL));
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SmartcaAddDialog) self = user_data;
  g_autoptr(GError)           error = NULL;
  guint                       n_added = 0, n_updated = 0;

  if (!smartca_lookup_add_finish (SMARTCA_LOOKUP (source), result, &n_added, &n_updated,
                                  &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->id_row));
      return;
    }

  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[ADDED], 0, n_added, n_updated);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_clicked_cb (SmartcaAddDialog *self)
{
  g_autofree char *user_id = NULL;
  g_autofree char *serial = NULL;

  if (is_busy (self) || !validate (self, &user_id, &serial))
    return;

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  /* Focus leaves the fields before they lock; Cancel is what one can do now. */
  gtk_widget_grab_focus (self->cancel_button);
  set_busy (self, TRUE);

  smartca_lookup_add_async (self->lookup, user_id, serial, self->cancellable, added_cb,
                            g_object_ref (self));
}

static void
entry_activated_cb (SmartcaAddDialog *self)
{
  if (gtk_widget_get_sensitive (self->save_button))
    save_clicked_cb (self);
}

/* GObject */

static gboolean
smartca_add_dialog_close_request (GtkWindow *window)
{
  SmartcaAddDialog *self = SMARTCA_ADD_DIALOG (window);

  /* Cancel stops the request: nothing is added once the dialog is gone. */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (smartca_add_dialog_parent_class)->close_request (window);
}

static void
smartca_add_dialog_dispose (GObject *object)
{
  SmartcaAddDialog *self = SMARTCA_ADD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_ADD_DIALOG);

  G_OBJECT_CLASS (smartca_add_dialog_parent_class)->dispose (object);
}

static void
smartca_add_dialog_class_init (SmartcaAddDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = smartca_add_dialog_dispose;
  window_class->close_request = smartca_add_dialog_close_request;

  /**
   * SmartcaAddDialog::added:
   * @n_added: certificates that were new
   * @n_updated: certificates that were stored already and were updated
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, id_reason_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, serial_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaAddDialog, serial_reason_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
smartca_add_dialog_init (SmartcaAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Typing starts in the ID field. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->id_row));
}

SmartcaAddDialog *
smartca_add_dialog_new (GtkWindow      *parent,
                        SmartcaContext *context)
{
  SmartcaAddDialog *self;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);

  self = g_object_new (SMARTCA_TYPE_ADD_DIALOG, "transient-for", parent, NULL);
  self->lookup = smartca_lookup_new (context);
  return self;
}
