/* smartca-detail-business.c: the Detail's "Business SmartCA account" group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The manual's section 5, step 2: the switch. On, it opens the business
 * dialog, and goes back off if that closes without saving. Off, it asks
 * first, then removes the password and the secret key from the keyring;
 * when the keyring cannot be reached it stays on and says why. The usage
 * row names the method; Change and Check Account act on the saved account.
 * The switch always shows what the store says, except while the user is
 * being asked.
 */

#include "config.h"

#include "smartca-business-dialog.h"
#include "smartca-business.h"
#include "smartca-check-dialog.h"
#include "smartca-detail-business.h"
#include "smartca-format.h"

#include <glib/gi18n.h>

struct _SmartcaDetailBusiness
{
  AdwPreferencesGroup parent_instance;

  SmartcaContext     *context;
  SmartcaCertificate *certificate;
  GCancellable       *cancellable;
  gboolean            syncing; /* the switch moved by us, not the user */
  gboolean            busy;    /* a dialog or a removal under way */

  AdwActionRow *switch_row;
  GtkSwitch    *enabled_switch;
  AdwActionRow *usage_row;
  GtkWidget    *buttons_box;
  GtkWidget    *check_button;
  GtkWidget    *change_button;
};

G_DEFINE_FINAL_TYPE (SmartcaDetailBusiness, smartca_detail_business, ADW_TYPE_PREFERENCES_GROUP)

static SmartcaStore *
get_store (SmartcaDetailBusiness *self)
{
  return smartca_context_get_store (self->context);
}

static gboolean
read_only (SmartcaDetailBusiness *self)
{
  return get_store (self) == NULL || smartca_store_get_read_only (get_store (self));
}

/* A toast on the Detail; its title is markup. */
static void
show_toast (SmartcaDetailBusiness *self,
            const char            *text)
{
  GtkWidget       *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *markup = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (markup));
}

static GtkWindow *parent_window (SmartcaDetailBusiness *self);

/* An error says what to do, which takes more than a toast's one line. */
static void
show_error (SmartcaDetailBusiness *self,
            const char            *text)
{
  g_autofree char *clean = smartca_format_clean (text);
  GtkWidget       *dialog = adw_message_dialog_new (parent_window (self),
                                                    _("The Business Account Is Still On"), clean);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWindow *
parent_window (SmartcaDetailBusiness *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
set_switch (SmartcaDetailBusiness *self,
            gboolean               active)
{
  self->syncing = TRUE;
  gtk_switch_set_active (self->enabled_switch, active);
  self->syncing = FALSE;
}

/* Everything from the store's word */
static void
sync_group (SmartcaDetailBusiness *self)
{
  gboolean enabled = smartca_certificate_get_business_enabled (self->certificate);

  if (!self->busy)
    set_switch (self, enabled);
  adw_action_row_set_subtitle (self->usage_row,
                               smartca_business_method_label (self->certificate, TRUE));
  gtk_widget_set_visible (self->buttons_box, enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->enabled_switch), !read_only (self) && !self->busy);
  gtk_widget_set_sensitive (self->change_button, !read_only (self) && !self->busy);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->enabled_switch),
                               read_only (self)
                                 ? _("The certificate list can only be viewed now, so the "
                                     "business account cannot be changed. The main window says "
                                     "why.")
                                 : NULL);
}

/* Turning on, and Change: the business dialog */

static void
dialog_saved_cb (SmartcaDetailBusiness *self)
{
  show_toast (self, _("Business account saved"));
}

static void
dialog_destroyed_cb (SmartcaDetailBusiness *self)
{
  self->busy = FALSE;
  sync_group (self);
}

static void
open_business_dialog (SmartcaDetailBusiness *self)
{
  SmartcaBusinessDialog *dialog =
    smartca_business_dialog_new (parent_window (self), self->context, self->certificate);

  self->busy = TRUE;
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
change_clicked_cb (SmartcaDetailBusiness *self)
{
  if (self->busy || read_only (self))
    return;
  open_business_dialog (self);
}

static void
check_clicked_cb (SmartcaDetailBusiness *self)
{
  gtk_window_present (GTK_WINDOW (
    smartca_check_dialog_new_saved (parent_window (self), self->context, self->certificate)));
}

/* Turning off: asked, then the keyring and the store */

static void
disabled_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SmartcaDetailBusiness) self = user_data;
  g_autoptr(GError)                error = NULL;

  if (!smartca_business_disable_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  sync_group (self);
  if (error != NULL)
    show_error (self, error->message);
}

static void
confirm_response_cb (AdwMessageDialog      *dialog,
                     const char            *response,
                     SmartcaDetailBusiness *self)
{
  if (g_strcmp0 (response, "turn-off") != 0)
    {
      self->busy = FALSE;
      sync_group (self);
      return;
    }
  smartca_business_disable_async (get_store (self), smartca_context_get_vault (self->context),
                                  self->certificate, self->cancellable, disabled_cb,
                                  g_object_ref (self));
}

static void
confirm_turn_off (SmartcaDetailBusiness *self)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self),
                                              _("Turn off the business account?"),
                                              _("Its password and secret key are removed from "
                                                "the keyring."));

  self->busy = TRUE;
  sync_group (self);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "turn-off", _("_Turn Off"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "turn-off",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
switch_active_cb (SmartcaDetailBusiness *self)
{
  gboolean active = gtk_switch_get_active (self->enabled_switch);

  if (self->syncing || self->busy ||
      active == smartca_certificate_get_business_enabled (self->certificate))
    return;
  if (active)
    open_business_dialog (self);
  else
    confirm_turn_off (self);
}

/* GObject */

static void
smartca_detail_business_dispose (GObject *object)
{
  SmartcaDetailBusiness *self = SMARTCA_DETAIL_BUSINESS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->certificate != NULL)
    g_signal_handlers_disconnect_by_data (self->certificate, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SMARTCA_TYPE_DETAIL_BUSINESS);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (smartca_detail_business_parent_class)->dispose (object);
}

static void
smartca_detail_business_class_init (SmartcaDetailBusinessClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_detail_business_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/example/SmartCACerts/smartca-detail-business.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailBusiness, switch_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailBusiness, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailBusiness, usage_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailBusiness, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailBusiness, check_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailBusiness, change_button);
  gtk_widget_class_bind_template_callback (widget_class, switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
smartca_detail_business_init (SmartcaDetailBusiness *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Public API */

void
smartca_detail_business_bind (SmartcaDetailBusiness *self,
                              SmartcaContext        *context,
                              SmartcaCertificate    *certificate)
{
  g_return_if_fail (SMARTCA_IS_DETAIL_BUSINESS (self));
  g_return_if_fail (SMARTCA_IS_CONTEXT (context));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));
  g_return_if_fail (self->certificate == NULL);

  /* Personal certificates show none of it. */
  gtk_widget_set_visible (GTK_WIDGET (self), smartca_business_is_supported (certificate));
  if (!smartca_business_is_supported (certificate))
    return;

  self->context = g_object_ref (context);
  self->certificate = g_object_ref (certificate);
  g_signal_connect_object (certificate, "notify::business-enabled", G_CALLBACK (sync_group), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (certificate, "notify::business-method", G_CALLBACK (sync_group), self,
                           G_CONNECT_SWAPPED);
  sync_group (self);
}
