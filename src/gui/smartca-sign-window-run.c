/* smartca-sign-window-run.c: the signing window's run: "progress", "otp",
 * "done" and "error"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SmartcaSignOperation per run, with the options of the "place" stage.
 * The application is held while a run is under way, so that quitting from
 * the main window waits for the file being written. Closing the window
 * cancels the run (SmartCA's request is dropped, no file is written) and
 * the window goes once the run has ended. After a signed copy is written,
 * poppler checks the new signature over the bytes on disk.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "smartca-business.h"
#include "smartca-client.h"
#include "smartca-remote-sign.h"
#include "smartca-sign-window-private.h"
#include "smartca-text.h"
#include "smartca-totp.h"
#include "smartca-vault.h"

/* Accessibility: hiding an alert and showing it again with its new text is
 * what AT-SPI reports as an alert appearing */
static void
announce (GtkWidget  *alert,
          const char *text)
{
  gtk_widget_set_visible (alert, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (alert), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_set_visible (alert, TRUE);
}

/* Progress */

static void
update_progress_text (SmartcaSignWindow *self)
{
  g_autofree char *time_left = NULL;
  const char      *text;
  gint64           deadline;

  if (self->operation == NULL)
    return;
  text = smartca_sign_operation_get_progress_text (self->operation);
  deadline = smartca_sign_operation_get_deadline (self->operation);
  /* The title already says to open the app and confirm: under it, only the
   * time left (the operation's sentence says both, for the command line) */
  if (smartca_sign_operation_get_state (self->operation) == SMARTCA_SIGN_STATE_WAITING_FOR_PHONE &&
      deadline > 0)
    {
      gint64 left = (deadline - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

      left = MAX (left, 0);
      /* Translators: minutes:seconds left to confirm on the phone ("4:32") */
      time_left = g_strdup_printf (_("Time left to confirm: %d:%02d"), (int) (left / 60),
                                   (int) (left % 60));
      text = time_left;
    }
  if (g_strcmp0 (gtk_label_get_label (self->progress_label), text) != 0)
    gtk_label_set_label (self->progress_label, text);
}

static void
progress_text_cb (SmartcaSignWindow *self)
{
  update_progress_text (self);
}

/* The time left, every second, even when the operation says nothing */
static gboolean
tick_cb (gpointer user_data)
{
  update_progress_text (user_data);
  return G_SOURCE_CONTINUE;
}

static void
show_progress (SmartcaSignWindow *self)
{
  const char *title;

  if (smartca_certificate_get_business_enabled (self->certificate))
    title = _("Signing with the business account…");
  else
    title = _("Open the VNPT SmartCA app on your phone and confirm");
  gtk_label_set_label (self->progress_title, title);
  gtk_label_set_label (self->progress_label, "");
  update_progress_text (self);
  announce (GTK_WIDGET (self->progress_title), title);
  smartca_sign_window_show_stage (self, "progress");
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_widget_grab_focus (self->cancel_button);
}

/* Errors: what went wrong, and what to do */

void
smartca_sign_window_describe_error (const GError *error,
                                    const char  **title,
                                    const char  **hint)
{
  *title = _("The document could not be signed");
  *hint = _("Check the network connection and this computer’s clock, then try again.");

  if (error->domain == SMARTCA_PERSONAL_ERROR)
    switch ((SmartcaPersonalError) error->code)
      {
      case SMARTCA_PERSONAL_ERROR_EXPIRED:
        *title = _("The time to confirm ran out");
        *hint = NULL; /* the message says to sign again and confirm in time */
        return;
      case SMARTCA_PERSONAL_ERROR_REJECTED:
        *title = _("Refused in the SmartCA app");
        *hint = NULL; /* the message says to start again and confirm */
        return;
      case SMARTCA_PERSONAL_ERROR_NOT_ACTIVE:
        *title = _("The certificate cannot sign");
        *hint = _("Choose another certificate, or contact VNPT SmartCA to renew this one.");
        return;
      case SMARTCA_PERSONAL_ERROR_UNREACHABLE:
        *title = _("SmartCA cannot be reached");
        *hint = _("Check the network connection and the service in Preferences, then try again.");
        return;
      default:
        return;
      }

  if (error->domain == SMARTCA_BUSINESS_ERROR)
    switch ((SmartcaBusinessError) error->code)
      {
      case SMARTCA_BUSINESS_ERROR_WRONG_PASSWORD:
      case SMARTCA_BUSINESS_ERROR_NO_PASSWORD:
      case SMARTCA_BUSINESS_ERROR_NOT_SET_UP:
        *title = _("Wrong business password");
        *hint = _("Check the password of the business SmartCA account in the certificate’s "
                  "Detail, then try again.");
        return;
      case SMARTCA_BUSINESS_ERROR_WRONG_OTP:
      case SMARTCA_BUSINESS_ERROR_SAD_EXPIRED:
      case SMARTCA_BUSINESS_ERROR_NO_OTP:
        *title = _("Wrong or expired code");
        *hint = _("Check that this computer’s clock is right, then try again with the code your "
                  "authenticator app shows now.");
        return;
      case SMARTCA_BUSINESS_ERROR_NOT_ACTIVE:
        *title = _("The certificate cannot sign");
        *hint = _("Choose another certificate, or contact VNPT SmartCA to renew this one.");
        return;
      case SMARTCA_BUSINESS_ERROR_UNREACHABLE:
        *title = _("SmartCA cannot be reached");
        *hint = _("Check the network connection and the service in Preferences, then try again.");
        return;
      default:
        return;
      }

  if (error->domain == SMARTCA_PDF_ERROR)
    {
      *title = _("The document cannot be signed");
      switch ((SmartcaPdfError) error->code)
        {
        case SMARTCA_PDF_ERROR_NOT_PDF:
          *hint = _("Choose a PDF document to sign.");
          break;
        case SMARTCA_PDF_ERROR_READ:
          *hint = _("Check that the file is still there and that you may read it.");
          break;
        case SMARTCA_PDF_ERROR_OUTPUT:
          *hint = _("Choose another place for the signed copy with Save As, then try again.");
          break;
        default:
          *hint = NULL; /* the engine's message says what to do */
          break;
        }
      return;
    }

  if (g_error_matches (error, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE))
    {
      *title = _("The keyring cannot be reached");
      *hint = _("Start or unlock the desktop keyring (such as GNOME Keyring), then try again.");
      return;
    }

  if (error->domain == SMARTCA_CLIENT_ERROR)
    {
      *title = _("SmartCA could not be asked");
      *hint = _("Check the service settings in Preferences and the network connection, then try "
                "again.");
    }
}

void
smartca_sign_window_show_run_error (SmartcaSignWindow *self,
                                    const GError      *error,
                                    const char        *title,
                                    gboolean           can_try_again)
{
  g_autofree char *explanation = NULL;
  const char      *described, *hint;

  smartca_sign_window_describe_error (error, &described, &hint);
  if (hint != NULL)
    explanation = g_strdup_printf ("%s\n\n%s", error->message, hint);
  else
    explanation = g_strdup (error->message);
  smartca_sign_window_show_error (self, title != NULL ? title : described, explanation,
                                  can_try_again);
}

/* "Checked intact": poppler validates the new signature of the file on
 * disk. Only the signature over the bytes is checked, not the certificate's
 * trust (no network, no NSS database needed: without one poppler falls back
 * to NSS without a database, which still verifies the signature). */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char            *path = task_data;
  PopplerDocument       *document = NULL;
  PopplerSignatureInfo  *info = NULL;
  g_autofree char       *uri = g_filename_to_uri (path, NULL, NULL);
  GList                 *fields = NULL;
  PopplerSignatureStatus status = POPPLER_SIGNATURE_NOT_FOUND;

  if (uri != NULL)
    document = poppler_document_new_from_file (uri, NULL, NULL);
  if (document != NULL)
    fields = poppler_document_get_signature_fields (document);
  if (fields != NULL)
    info = poppler_form_field_signature_validate_sync (g_list_last (fields)->data, 0, cancellable,
                                                       NULL);
  if (info != NULL)
    status = poppler_signature_info_get_signature_status (info);
  g_clear_pointer (&info, poppler_signature_info_free);
  g_list_free_full (fields, g_object_unref);
  g_clear_object (&document);
  g_task_return_boolean (task, status == POPPLER_SIGNATURE_VALID);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (source);
  g_autoptr(GError)  error = NULL;
  gboolean           intact = g_task_propagate_boolean (G_TASK (result), &error);
  const char        *text;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (intact)
    {
      text = _("The signature was checked: the document is intact.");
      gtk_widget_remove_css_class (GTK_WIDGET (self->intact_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->intact_label), "success");
    }
  else
    {
      text = _("The signed copy was written, but its signature could not be checked here. Open it "
               "in a PDF viewer to check the signature.");
      gtk_widget_remove_css_class (GTK_WIDGET (self->intact_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->intact_label), "warning");
    }
  gtk_label_set_label (self->intact_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->intact_label), TRUE);
}

static void
show_done (SmartcaSignWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, checked_cb, NULL);
  g_autofree char *shown = smartca_sign_window_shown_path (self->output_path);

  gtk_label_set_label (self->done_path_label, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->intact_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->done_page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The document is signed"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown, -1);
  smartca_sign_window_show_stage (self, "done");
  gtk_window_set_default_widget (GTK_WINDOW (self), self->open_button);
  gtk_widget_grab_focus (self->open_button);

  g_task_set_source_tag (task, show_done);
  g_task_set_task_data (task, g_strdup (self->output_path), g_free);
  g_task_run_in_thread (task, check_thread);
}

/* The run */

static void
end_run (SmartcaSignWindow *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_clear_object (&self->run_cancellable);
  if (self->held != NULL)
    g_application_release (self->held);
  g_clear_object (&self->held);
  self->running = FALSE;
}

static void
save_position (SmartcaSignWindow *self)
{
  g_autoptr(GError) error = NULL;
  SmartcaPdfRect    rect;
  int               page = self->page;

  if (self->n_pages > 1 && self->page == self->n_pages - 1)
    page = -1;
  smartca_page_view_get_box (self->page_view, &rect);
  if (!smartca_store_set_sign_position (smartca_context_get_store (self->context),
                                        smartca_certificate_get_serial_number (self->certificate),
                                        page, &rect, gtk_switch_get_active (self->invisible_switch),
                                        &error))
    g_debug ("The signature's position was not saved: %s", error->message);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SmartcaSignWindow) self = user_data;
  g_autoptr(GError)            error = NULL;
  g_autofree char             *output = NULL;
  SmartcaHistoryEntry         *entry;

  output = smartca_sign_operation_run_finish (SMARTCA_SIGN_OPERATION (source), result, &error);
  entry = smartca_sign_operation_get_history_entry (SMARTCA_SIGN_OPERATION (source));
  g_set_object (&self->history_entry, entry);
  end_run (self);

  if (self->stack == NULL) /* disposed */
    return;
  if (self->close_when_done)
    {
      /* (not again when it was destroyed already) */
      if (gtk_widget_get_realized (GTK_WIDGET (self)))
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (output != NULL)
    {
      g_free (self->output_path);
      self->output_path = g_steal_pointer (&output);
      save_position (self);
      show_done (self);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      smartca_sign_window_show_place (self);
      smartca_sign_window_toast (self, _("Signing was cancelled: no file was written."));
    }
  else if (g_error_matches (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_WRONG_OTP) &&
           smartca_sign_window_needs_otp (self->certificate))
    {
      /* Method 1: the code was mistyped or has just changed: ask again */
      gtk_editable_set_text (self->otp_entry, "");
      smartca_sign_window_show_stage (self, "otp");
      gtk_label_set_label (self->otp_reason_label, error->message);
      announce (GTK_WIDGET (self->otp_reason_label), error->message);
      gtk_window_set_default_widget (GTK_WINDOW (self), self->otp_button);
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_entry));
    }
  else
    smartca_sign_window_show_run_error (self, error, NULL, TRUE);
}

static void
start_run (SmartcaSignWindow *self,
           const char        *otp)
{
  GApplication    *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  SmartcaPdfRect   rect;
  g_autofree char *reason = smartca_format_clean (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  g_autofree char *location =
    smartca_format_clean (gtk_editable_get_text (GTK_EDITABLE (self->location_row)));

  g_clear_object (&self->operation);
  self->operation = smartca_sign_operation_new (self->context, self->certificate, self->path);
  smartca_page_view_get_box (self->page_view, &rect);
  smartca_sign_operation_set_page (self->operation, self->page);
  smartca_sign_operation_set_rect (self->operation, &rect);
  smartca_sign_operation_set_invisible (self->operation, gtk_switch_get_active (self->invisible_switch));
  smartca_sign_operation_set_reason (self->operation, reason);
  smartca_sign_operation_set_location (self->operation, location);
  smartca_sign_operation_set_otp (self->operation, otp);
  if (self->chosen_output != NULL)
    smartca_sign_operation_set_output_path (self->operation, self->chosen_output);
  g_signal_connect_swapped (self->operation, "notify::progress-text", G_CALLBACK (progress_text_cb),
                            self);

  self->run_cancellable = g_cancellable_new ();
  self->running = TRUE;
  if (application != NULL)
    {
      self->held = g_object_ref (application);
      g_application_hold (application);
    }
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
  show_progress (self);
  smartca_sign_operation_run_async (self->operation, self->run_cancellable, run_cb,
                                    g_object_ref (self));
}

/* What is signed is what is shown: the file read again by the engine must
 * be the one opened here */
static gboolean
check_unchanged (SmartcaSignWindow *self)
{
  g_autofree char *stamp = smartca_sign_window_file_stamp (self->path);

  if (stamp != NULL && g_strcmp0 (stamp, self->stamp) == 0)
    return TRUE;
  smartca_sign_window_show_error (self, _("The document has changed"),
                                  _("It was changed, moved or deleted after it was opened here, so "
                                    "what would be signed is not what is shown. Close this window "
                                    "and open the document again."),
                                  FALSE);
  return FALSE;
}

void
smartca_sign_window_sign (SmartcaSignWindow *self)
{
  if (self->running || self->document == NULL || self->certificate == NULL)
    return;
  if (!check_unchanged (self))
    return;
  /* Where the copy goes, asked first when it cannot go beside the document */
  if (!smartca_sign_window_output_ready (self))
    return;
  if (smartca_sign_window_needs_otp (self->certificate))
    {
      gtk_editable_set_text (self->otp_entry, "");
      gtk_widget_set_visible (GTK_WIDGET (self->otp_reason_label), FALSE);
      smartca_sign_window_show_stage (self, "otp");
      gtk_window_set_default_widget (GTK_WINDOW (self), self->otp_button);
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_entry));
      return;
    }
  start_run (self, NULL);
}

void
smartca_sign_window_cancel (SmartcaSignWindow *self)
{
  if (self->running)
    g_cancellable_cancel (self->run_cancellable);
  else if (g_str_equal (smartca_sign_window_get_stage (self), "otp"))
    smartca_sign_window_show_place (self);
}

gboolean
smartca_sign_window_close_while_running (SmartcaSignWindow *self)
{
  /* SmartCA's request is dropped; a file being written is finished first.
   * The window goes when the run ends (run_cb); the application is held
   * until then. */
  self->close_when_done = TRUE;
  g_cancellable_cancel (self->run_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

/* The OTP stage */

static void
otp_changed_cb (SmartcaSignWindow *self)
{
  gtk_widget_set_sensitive (self->otp_button,
                            smartca_totp_is_code (gtk_editable_get_text (self->otp_entry)));
}

static void
otp_activate_cb (SmartcaSignWindow *self)
{
  g_autofree char *otp = g_strdup (gtk_editable_get_text (self->otp_entry));

  if (!smartca_totp_is_code (otp))
    {
      const char *reason = _("Only digits: the code is the 6 digits your authenticator app shows.");

      gtk_label_set_label (self->otp_reason_label, reason);
      announce (GTK_WIDGET (self->otp_reason_label), reason);
      smartca_secret_wipe (&otp);
      return;
    }
  gtk_editable_set_text (self->otp_entry, "");
  if (check_unchanged (self))
    start_run (self, otp);
  smartca_secret_wipe (&otp);
}

/* The done stage */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (widget);
  g_autofree char   *uri = NULL;

  if (self->output_path == NULL)
    return;
  uri = g_filename_to_uri (self->output_path, NULL, NULL);
  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SmartcaSignWindow) self = user_data;
  g_autoptr(GVariant)          reply = NULL;
  g_autoptr(GError)            error = NULL;
  g_autoptr(GFile)             file = NULL;
  g_autoptr(GFile)             folder = NULL;
  g_autofree char             *uri = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL || self->output_path == NULL)
    return;
  /* No file manager on the bus (or not allowed, inside Flatpak): the folder,
   * through the portal */
  file = g_file_new_for_path (self->output_path);
  folder = g_file_get_parent (file);
  uri = g_file_get_uri (folder);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SmartcaSignWindow         *self = SMARTCA_SIGN_WINDOW (widget);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char           *uri = NULL;
  const char                *uris[2] = { NULL, NULL };

  if (self->output_path == NULL)
    return;
  uri = g_filename_to_uri (self->output_path, NULL, NULL);
  uris[0] = uri;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL || uri == NULL)
    return;
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, show_items_cb, g_object_ref (self));
}

/* Escape: cancels on "progress" and "otp", closes on "done" and "error";
 * on "place" it does nothing, so that the box placed and the text typed are
 * not lost to a key pressed to leave a field */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (widget);
  const char        *stage = smartca_sign_window_get_stage (self);

  if (g_str_equal (stage, "progress") || g_str_equal (stage, "otp"))
    smartca_sign_window_cancel (self);
  else if (!g_str_equal (stage, "place"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  smartca_sign_window_cancel (SMARTCA_SIGN_WINDOW (widget));
}

/* The run itself holds the window until it ends (run_cb), which releases
 * the application: a file being written is finished first. */
void
smartca_sign_window_run_dispose (SmartcaSignWindow *self)
{
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_clear_object (&self->operation);
}

void
smartca_sign_window_run_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, otp_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, otp_activate_cb);
  gtk_widget_class_install_action (widget_class, "sign.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sign.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "sign.show-in-folder", NULL,
                                   show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "sign.escape", NULL, escape_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign.escape", NULL);
}
