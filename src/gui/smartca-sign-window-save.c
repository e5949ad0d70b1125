/* smartca-sign-window-save.c: where the signing window writes the signed copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Save As" row of the "place" stage shows the signed copy's name (the
 * engine's default beside the document unless another was chosen) and its
 * button opens a Save chooser (GtkFileChooserNative: the portal inside
 * Flatpak). When the copy cannot go beside the document — the document came
 * through the document portal, whose folder holds that one file only, or its
 * folder cannot be written (a CD, a shared folder) — Sign asks where to save
 * it first, and signs once a file is chosen. The file the Save portal
 * returns may be written by the app, including through a temporary file in
 * its folder renamed onto it, which is how the engine writes.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smartca-sign-window-private.h"
#include "smartca-text.h"

static gboolean
has_portal_prefix (const char *path,
                   const char *prefix)
{
  return g_str_has_prefix (path, prefix) && path[strlen (prefix)] != '\0';
}

gboolean
smartca_sign_window_is_portal_path (const char *path)
{
  const char *rest;

  if (path == NULL)
    return FALSE;
  if (has_portal_prefix (path, "/run/flatpak/doc/"))
    return TRUE;
  if (!g_str_has_prefix (path, "/run/user/"))
    return FALSE;
  rest = path + strlen ("/run/user/");
  if (!g_ascii_isdigit (*rest))
    return FALSE;
  while (g_ascii_isdigit (*rest))
    rest++;
  return has_portal_prefix (rest, "/doc/");
}

gboolean
smartca_sign_window_output_needs_choice (const char *input_path,
                                         const char *output_path)
{
  g_autofree char *folder = NULL;

  if (smartca_sign_window_is_portal_path (input_path) || output_path == NULL)
    return TRUE;
  folder = g_path_get_dirname (output_path);
  /* A file is created in it (the engine's temporary file) */
  return g_access (folder, W_OK | X_OK) != 0;
}

char *
smartca_sign_window_dup_output (SmartcaSignWindow *self)
{
  if (self->chosen_output != NULL)
    return g_strdup (self->chosen_output);
  return smartca_pdf_default_output_path (self->path);
}

void
smartca_sign_window_update_output (SmartcaSignWindow *self)
{
  g_autofree char *output = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *display = NULL;
  g_autofree char *shown = NULL;

  if (self->path == NULL)
    return;
  output = smartca_sign_window_dup_output (self);
  basename = g_path_get_basename (output);
  display = g_filename_display_name (basename);
  /* A file name is text from the user: plain text (the row does not use
   * markup), and unable to reorder what is around it */
  shown = smartca_format_isolate (display);
  adw_action_row_set_subtitle (self->output_row, shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->output_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose where to save the signed copy"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, shown, -1);
}

/* The chooser */

static void
chooser_response_cb (GtkNativeDialog   *dialog,
                     int                response,
                     SmartcaSignWindow *self)
{
  g_autoptr(GFile)  file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char  *path = NULL;
  gboolean          sign = self->sign_when_chosen;

  self->sign_when_chosen = FALSE;
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_signal_handlers_disconnect_by_data (dialog, self);
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->save_chooser);
  if (file == NULL) /* cancelled: nothing done, still on "place" */
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      smartca_sign_window_toast (self, _("Choose a file on this computer for the signed copy."));
      return;
    }
  /* The engine's own refusal (the document itself, a folder…), said now on
   * "place" rather than after SmartCA was asked */
  if (self->pdf != NULL && !smartca_pdf_check_output (self->pdf, path, &error))
    {
      smartca_sign_window_toast (self, error->message);
      return;
    }
  g_free (self->chosen_output);
  self->chosen_output = g_steal_pointer (&path);
  smartca_sign_window_update_output (self);
  if (sign && g_str_equal (smartca_sign_window_get_stage (self), "place"))
    smartca_sign_window_sign (self);
}

static void
open_chooser (SmartcaSignWindow *self,
              gboolean           sign_when_chosen)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char         *output = NULL;
  g_autofree char         *basename = NULL;
  g_autofree char         *name = NULL;
  GtkFileChooser          *chooser;

  if (self->save_chooser != NULL || self->path == NULL)
    return;
  self->sign_when_chosen = sign_when_chosen;
  self->save_chooser = gtk_file_chooser_native_new (_("Save the Signed Copy"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                    _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->save_chooser);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (chooser, filter);
  gtk_file_chooser_set_filter (chooser, filter);

  output = smartca_sign_window_dup_output (self);
  /* The document's folder, unless it is the portal's, which only the
   * document is in */
  if (!smartca_sign_window_is_portal_path (output))
    {
      g_autofree char *folder_path = g_path_get_dirname (output);
      g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

      gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }
  basename = g_path_get_basename (output);
  name = g_filename_display_name (basename);
  gtk_file_chooser_set_current_name (chooser, name);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->save_chooser), TRUE);
  g_signal_connect (self->save_chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

gboolean
smartca_sign_window_output_ready (SmartcaSignWindow *self)
{
  g_autofree char *output = NULL;

  if (self->chosen_output != NULL)
    return TRUE;
  output = smartca_sign_window_dup_output (self);
  if (!smartca_sign_window_output_needs_choice (self->path, output))
    return TRUE;
  open_chooser (self, TRUE);
  return FALSE;
}

static void
choose_output_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_chooser (SMARTCA_SIGN_WINDOW (widget), FALSE);
}

void
smartca_sign_window_save_dispose (SmartcaSignWindow *self)
{
  if (self->save_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->save_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_chooser));
      g_clear_object (&self->save_chooser);
    }
  g_clear_pointer (&self->pdf, smartca_pdf_document_free);
}

void
smartca_sign_window_save_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "sign.choose-output", NULL, choose_output_action);
}
