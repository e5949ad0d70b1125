/* smartca-window-open.c: getting a document in — Sign a Document… (Ctrl+O),
 * a card's "Sign a Document with This Certificate", a file dropped on the
 * window, and the files the application is asked to open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All of them end in smartca_window_open_document(): it waits for the
 * certificate list, looks at the file's first bytes (a PDF starts with
 * "%PDF-" within its first 1024 bytes), and opens the signing window, or
 * says in a toast why not.
 */

#include "config.h"

#include "smartca-sign-window.h"
#include "smartca-text.h"
#include "smartca-window.h"
#include "smartca-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#define SNIFF_BYTES 1024

typedef struct
{
  GFile              *file;
  SmartcaCertificate *certificate;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_clear_object (&request->file);
  g_clear_object (&request->certificate);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenRequest, open_request_free)

static OpenRequest *
open_request_new (GFile              *file,
                  SmartcaCertificate *certificate)
{
  OpenRequest *request = g_new0 (OpenRequest, 1);

  request->file = g_object_ref (file);
  request->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  return request;
}

/* Is it a PDF? Read asynchronously: the file may be on a slow disk, a
 * network share or behind the document portal. */

typedef struct
{
  GInputStream *stream;
  guint8        buffer[SNIFF_BYTES];
} Sniff;

static void
sniff_free (Sniff *sniff)
{
  g_clear_object (&sniff->stream);
  g_free (sniff);
}

/* PDF readers accept the header anywhere in the first kilobyte. */
static gboolean
has_pdf_header (const guint8 *data,
                gsize         length)
{
  for (gsize i = 0; i + 5 <= length; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

static void
sniff_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sniff           *sniff = g_task_get_task_data (task);
  GError          *error = NULL;
  gsize            n_read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n_read, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_input_stream_close (sniff->stream, NULL, NULL);
  g_task_return_boolean (task, has_pdf_header (sniff->buffer, n_read));
}

static void
sniff_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sniff           *sniff = g_task_get_task_data (task);
  GError          *error = NULL;

  sniff->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (source), result, &error));
  if (sniff->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_input_stream_read_all_async (sniff->stream, sniff->buffer, sizeof sniff->buffer,
                                 G_PRIORITY_DEFAULT, g_task_get_cancellable (task), sniff_read_cb,
                                 g_object_ref (task));
}

static void
sniff_pdf_async (GFile              *file,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (file, cancellable, callback, user_data);

  g_task_set_source_tag (task, sniff_pdf_async);
  g_task_set_task_data (task, g_new0 (Sniff, 1), (GDestroyNotify) sniff_free);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, sniff_opened_cb, g_object_ref (task));
}

/* Returns TRUE for a PDF; FALSE with @error unset for any other file. */
static gboolean
sniff_pdf_finish (GAsyncResult *result,
                  GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Opening */

static void
show_persistent_toast (SmartcaWindow *self,
                       const char    *text)
{
  AdwToast *toast = smartca_window_new_toast (text);

  /* Shown at once: it answers what the user just did. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
isolated_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return smartca_format_isolate (base != NULL ? base : "");
}

typedef struct
{
  SmartcaWindow *window;
  OpenRequest   *request;
} Opening;

static void
sniffed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Opening                 *opening = user_data;
  g_autoptr(SmartcaWindow) self = opening->window;
  g_autoptr(OpenRequest)   request = opening->request;
  g_autoptr(GError)        error = NULL;
  g_autofree char         *name = isolated_name (request->file);
  g_autofree char         *message = NULL;
  gboolean                 is_pdf;

  g_free (opening);
  is_pdf = sniff_pdf_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *reason = smartca_format_clean (error->message);

      /* Translators: %s is a file name, then why it cannot be read */
      message = g_strdup_printf (_("“%s” cannot be read. %s"), name, reason);
      show_persistent_toast (self, message);
      return;
    }
  if (!is_pdf)
    {
      /* Translators: %s is a file name */
      message = g_strdup_printf (_("“%s” is not a PDF document. Choose a PDF file to sign."), name);
      show_persistent_toast (self, message);
      return;
    }

  gtk_window_present (GTK_WINDOW (smartca_sign_window_new (
    SMARTCA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), self->context,
    request->file, request->certificate)));
}

static void
start_opening (SmartcaWindow      *self,
               GFile              *file,
               SmartcaCertificate *certificate)
{
  Opening *opening;

  if (self->store == NULL)
    {
      const GError    *store_error = smartca_context_get_store_error (self->context);
      g_autofree char *name = isolated_name (file);
      g_autofree char *message =
        /* Translators: %s is a file name */
        g_strdup_printf (_("“%s” cannot be signed: the certificate list cannot be opened."), name);

      if (store_error != NULL)
        g_debug ("%s", store_error->message);
      show_persistent_toast (self, message);
      return;
    }

  opening = g_new0 (Opening, 1);
  opening->window = g_object_ref (self);
  opening->request = open_request_new (file, certificate);
  sniff_pdf_async (file, self->cancellable, sniffed_cb, opening);
}

/* The list is there (or could not be opened): what waited for it opens. */
void
smartca_window_open_waiting_documents (SmartcaWindow *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting_documents);

  if (waiting == NULL)
    return;
  for (guint i = 0; i < waiting->len; i++)
    {
      OpenRequest *request = g_ptr_array_index (waiting, i);

      start_opening (self, request->file, request->certificate);
    }
}

/* Sign a Document…: GtkFileChooserNative (the portal inside Flatpak) */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  SmartcaWindow      *self = SMARTCA_WINDOW (user_data);
  SmartcaCertificate *certificate = g_object_get_data (G_OBJECT (chooser), "certificate");
  g_autoptr(GFile)    file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    smartca_window_open_document (self, file, certificate);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_document (SmartcaWindow      *self,
                 SmartcaCertificate *certificate)
{
  GtkFileChooserNative    *chooser;
  g_autoptr(GtkFileFilter) pdfs = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Sign a Document"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (pdfs, _("PDF documents"));
  gtk_file_filter_add_mime_type (pdfs, "application/pdf");
  gtk_file_filter_add_pattern (pdfs, "*.pdf");
  gtk_file_filter_add_pattern (pdfs, "*.PDF");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdfs);
  if (certificate != NULL)
    g_object_set_data_full (G_OBJECT (chooser), "certificate", g_object_ref (certificate),
                            g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
sign_document_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose_document (SMARTCA_WINDOW (widget), NULL);
}

/* From a card's menu: that certificate, if it can sign. */
static void
sign_with_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SmartcaWindow      *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate *certificate = smartca_window_certificate_for_serial (self, parameter);
  g_autofree char    *reason = NULL;

  if (certificate == NULL)
    return;
  if (!smartca_certificate_can_sign (certificate, &reason))
    {
      smartca_window_show_error (self, reason);
      return;
    }
  choose_document (self, certificate);
}

/* A file dropped on the window: the first one */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  SmartcaWindow *self = SMARTCA_WINDOW (user_data);
  GSList        *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    {
      g_slist_free (files);
      return FALSE;
    }
  smartca_window_open_document (self, files->data, NULL);
  g_slist_free (files);
  return TRUE;
}

/* Setup, for smartca-window.c */

void
smartca_window_class_install_open_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.sign-document", NULL, sign_document_action);
  gtk_widget_class_install_action (widget_class, "win.sign-with", "s", sign_with_action);
}

void
smartca_window_init_open (SmartcaWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (target), "document_drop_target");
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* Public API */

/**
 * smartca_window_open_document:
 * @file: the document to sign
 * @certificate: (nullable): the certificate to sign with, or %NULL for the
 *   default one
 *
 * Opens the signing window for @file once the certificate list is loaded,
 * if @file is a PDF; otherwise a toast says why not.
 */
void
smartca_window_open_document (SmartcaWindow      *self,
                              GFile              *file,
                              SmartcaCertificate *certificate)
{
  g_return_if_fail (SMARTCA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (certificate == NULL || SMARTCA_IS_CERTIFICATE (certificate));

  if (smartca_window_get_loading (self))
    {
      if (self->waiting_documents == NULL)
        self->waiting_documents = g_ptr_array_new_with_free_func ((GDestroyNotify) open_request_free);
      g_ptr_array_add (self->waiting_documents, open_request_new (file, certificate));
      return;
    }
  start_opening (self, file, certificate);
}
