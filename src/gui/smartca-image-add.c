/* smartca-image-add.c: the ways a signature image joins the user's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every way ends the same: bytes are read and checked off the main thread
 * (smartca_image_read_file, smartca_image_normalize), so that a file that is
 * no image, too large or unreadable is refused with a message before anything
 * else opens; then the import dialog (label, clean-up), then the store.
 * Nothing is written before the user says Add, and a failure changes nothing.
 *
 * A flow lives as long as its steps: each pending step holds a reference,
 * and the parent's "destroy" cancels them, closes what the flow opened and
 * ends it without calling back.
 */

#include "config.h"

#include "smartca-image-add.h"
#include "smartca-draw-dialog.h"
#include "smartca-image-import.h"
#include "smartca-import-dialog.h"

#include <adwaita.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  GtkWindow            *parent; /* NULL once it is destroyed */
  gulong                parent_destroy_handler;
  gboolean              parent_gone;
  SmartcaStore         *store;
  SmartcaImageAddedFunc done;
  gpointer              user_data;
  GCancellable         *cancellable;
  GtkNativeDialog      *chooser; /* while the file chooser shows */
  GtkWindow            *dialog;  /* the import or drawing dialog, while it shows */
  gboolean              importing;
  gboolean              finished;
} AddFlow;

static void
add_flow_clear (gpointer data)
{
  AddFlow *flow = data;

  g_clear_object (&flow->store);
  g_clear_object (&flow->cancellable);
}

static AddFlow *
add_flow_ref (AddFlow *flow)
{
  return g_rc_box_acquire (flow);
}

static void
add_flow_unref (AddFlow *flow)
{
  g_rc_box_release_full (flow, add_flow_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddFlow, add_flow_unref)

static void flow_finish (AddFlow               *flow,
                         SmartcaSignatureImage *image);

static void
parent_destroyed_cb (GtkWindow *parent,
                     AddFlow   *flow)
{
  g_clear_signal_handler (&flow->parent_destroy_handler, parent);
  flow->parent = NULL;
  flow->parent_gone = TRUE;
  g_cancellable_cancel (flow->cancellable);
  flow_finish (flow, NULL);
}

static AddFlow *
add_flow_new (GtkWindow            *parent,
              SmartcaStore         *store,
              SmartcaImageAddedFunc done,
              gpointer              user_data)
{
  AddFlow *flow = g_rc_box_new0 (AddFlow);

  flow->parent = parent;
  flow->store = g_object_ref (store);
  flow->done = done;
  flow->user_data = user_data;
  flow->cancellable = g_cancellable_new ();
  if (parent != NULL)
    flow->parent_destroy_handler =
      g_signal_connect (parent, "destroy", G_CALLBACK (parent_destroyed_cb), flow);
  return flow;
}

static void
close_dialog (AddFlow *flow)
{
  GtkWindow *dialog = g_steal_pointer (&flow->dialog);

  if (dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (dialog, flow);
  /* Its work in the background may keep it alive past its parent: it must
   * not keep pointing at the parent then. */
  gtk_window_set_transient_for (dialog, NULL);
  gtk_window_destroy (dialog);
}

static void
close_chooser (AddFlow *flow)
{
  g_autoptr(GtkNativeDialog) chooser = g_steal_pointer (&flow->chooser);

  if (chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (chooser, flow);
  gtk_native_dialog_hide (chooser);
  gtk_native_dialog_destroy (chooser);
}

/* Ends the flow once: closes what it opened and says what it gave, unless
 * the parent went (then nobody is left to tell). Steps still pending hold
 * their own reference and find the flow finished. */
static void
flow_finish (AddFlow               *flow,
             SmartcaSignatureImage *image)
{
  if (flow->finished)
    return;
  flow->finished = TRUE;

  if (flow->parent != NULL)
    g_clear_signal_handler (&flow->parent_destroy_handler, flow->parent);
  close_chooser (flow);
  close_dialog (flow);
  if (!flow->parent_gone && flow->done != NULL)
    flow->done (image, flow->user_data);
  add_flow_unref (flow);
}

/* Telling the user */

static void
show_error (AddFlow      *flow,
            const GError *error)
{
  GtkWidget *dialog;

  if (flow->parent_gone || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Plain text: the message may quote a file name. */
  dialog = adw_message_dialog_new (flow->parent, _("The Image Could Not Be Added"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget) && gtk_widget_get_mapped (widget))
    return ADW_TOAST_OVERLAY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Something to know, not an error: a toast where the parent has room for
 * one, else a message. */
static void
show_notice (AddFlow    *flow,
             const char *heading,
             const char *text)
{
  AdwToastOverlay *overlay;
  GtkWidget       *dialog;

  if (flow->parent_gone)
    return;

  overlay = flow->parent != NULL ? find_toast_overlay (GTK_WIDGET (flow->parent)) : NULL;
  if (overlay != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (text, -1);

      adw_toast_overlay_add_toast (overlay, adw_toast_new (markup));
      return;
    }

  dialog = adw_message_dialog_new (flow->parent, heading, text);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Storing */

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AddFlow)               flow = user_data;
  g_autoptr(SmartcaSignatureImage) image = NULL;
  g_autoptr(GError)                error = NULL;
  gboolean                         already_there = FALSE;

  image = smartca_store_import_image_finish (SMARTCA_STORE (source), result, &already_there,
                                             &error);
  if (flow->finished)
    return;
  if (image == NULL)
    {
      show_error (flow, error);
      flow_finish (flow, NULL);
      return;
    }

  if (already_there)
    show_notice (flow, _("Already in Your List"), _("This image is already in your list"));
  flow_finish (flow, image);
}

static void
image_ready_cb (GtkWindow  *dialog,
                GBytes     *png,
                const char *label,
                AddFlow    *flow)
{
  if (flow->finished || flow->importing)
    return;
  flow->importing = TRUE;
  smartca_store_import_image_async (flow->store, png, label, flow->cancellable, import_done_cb,
                                    add_flow_ref (flow));
}

/* Closed without an image: cancelled. After "image-ready" the store has it.
 * (No reference is held on the dialog: its "destroy" comes when GTK lets
 * it go.) */
static void
dialog_destroyed_cb (GtkWindow *dialog,
                     AddFlow   *flow)
{
  g_signal_handlers_disconnect_by_data (dialog, flow);
  flow->dialog = NULL;
  if (!flow->importing)
    flow_finish (flow, NULL);
}

static void
flow_show_dialog (AddFlow   *flow,
                  GtkWindow *dialog)
{
  flow->dialog = dialog;
  g_signal_connect (dialog, "image-ready", G_CALLBACK (image_ready_cb), flow);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), flow);
  gtk_window_present (dialog);
}

/* Reading and checking, off the main thread */

typedef struct
{
  GFile      *file;    /* or */
  GdkTexture *texture; /* what to read */
  char       *label;
  GBytes     *png; /* the result */
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->texture);
  g_clear_pointer (&job->png, g_bytes_unref);
  g_free (job->label);
  g_free (job);
}

/* The file's name as the user sees it, without its extension, made a label
 * the store takes (no control characters, not too long). */
static char *
label_for_file (GFile        *file,
                GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  g_autofree char     *name = NULL;
  char                *dot;

  if (info != NULL)
    name = g_strdup (g_file_info_get_display_name (info));
  else
    {
      g_autofree char *basename = g_file_get_basename (file);

      name = basename != NULL ? g_filename_display_name (basename) : g_strdup ("");
    }
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';
  return smartca_store_suggest_image_label (name);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob                    *job = task_data;
  g_autoptr(GBytes)           data = NULL;
  g_autoptr(GError)           error = NULL;
  g_autoptr(SmartcaImageInfo) info = NULL;

  if (job->file != NULL)
    {
      data = smartca_image_read_file (job->file, cancellable, &error);
      if (data != NULL)
        job->label = label_for_file (job->file, cancellable);
    }
  else
    data = gdk_texture_save_to_png_bytes (job->texture);

  if (data != NULL)
    job->png = smartca_image_normalize (data, &info, cancellable, &error);
  if (job->png == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AddFlow) flow = user_data;
  g_autoptr(GError)  error = NULL;
  ReadJob           *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!flow->finished)
        {
          show_error (flow, error);
          flow_finish (flow, NULL);
        }
      return;
    }
  if (flow->finished)
    return;

  flow_show_dialog (flow, GTK_WINDOW (smartca_import_dialog_new (flow->parent, job->png,
                                                                 job->label)));
}

/* Takes @file or @texture. */
static void
flow_read (AddFlow    *flow,
           GFile      *file,
           GdkTexture *texture)
{
  g_autoptr(GTask) task = g_task_new (NULL, flow->cancellable, read_done_cb, add_flow_ref (flow));
  ReadJob         *job = g_new0 (ReadJob, 1);

  job->file = file != NULL ? g_object_ref (file) : NULL;
  job->texture = texture != NULL ? g_object_ref (texture) : NULL;
  /* Translators: the label proposed for an image pasted or dropped */
  job->label = texture != NULL ? g_strdup (_("Pasted image")) : NULL;
  g_task_set_source_tag (task, flow_read);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

/* A file */

/**
 * smartca_image_add_new_images_filter:
 *
 * Returns: (transfer full): a filter named "Images" matching what the
 *   installed GdkPixbuf loaders read (PNG and JPEG at least, SVG when its
 *   loader is there)
 */
GtkFileFilter *
smartca_image_add_new_images_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  GSList        *formats = gdk_pixbuf_get_formats ();

  gtk_file_filter_set_name (filter, _("Images"));
  for (GSList *l = formats; l != NULL; l = l->next)
    {
      GdkPixbufFormat *format = l->data;
      g_auto(GStrv)    mime_types = NULL;
      g_auto(GStrv)    extensions = NULL;

      if (gdk_pixbuf_format_is_disabled (format))
        continue;
      mime_types = gdk_pixbuf_format_get_mime_types (format);
      extensions = gdk_pixbuf_format_get_extensions (format);
      for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
        gtk_file_filter_add_mime_type (filter, mime_types[i]);
      /* Suffixes match in any case (.JPG from a camera). */
      for (guint i = 0; extensions != NULL && extensions[i] != NULL; i++)
        gtk_file_filter_add_suffix (filter, extensions[i]);
    }
  g_slist_free (formats);
  return filter;
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     AddFlow         *flow)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  close_chooser (flow);
  if (file == NULL)
    {
      flow_finish (flow, NULL);
      return;
    }
  flow_read (flow, file, NULL);
}

/**
 * smartca_image_add_from_file:
 *
 * A file chooser (the portal's in a sandbox) offering the images this
 * system can read, then the import dialog, then the store.
 */
void
smartca_image_add_from_file (GtkWindow            *parent,
                             SmartcaStore         *store,
                             SmartcaImageAddedFunc done,
                             gpointer              user_data)
{
  AddFlow                 *flow;
  GtkFileChooserNative    *chooser;
  g_autoptr(GtkFileFilter) images = smartca_image_add_new_images_filter ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SMARTCA_IS_STORE (store));

  flow = add_flow_new (parent, store, done, user_data);
  chooser = gtk_file_chooser_native_new (_("Add Signature Image"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), images);

  flow->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * smartca_image_add_file:
 *
 * The flow after a file was chosen: read and checked, the import dialog,
 * the store.
 */
void
smartca_image_add_file (GtkWindow            *parent,
                        SmartcaStore         *store,
                        GFile                *file,
                        SmartcaImageAddedFunc done,
                        gpointer              user_data)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SMARTCA_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  flow_read (add_flow_new (parent, store, done, user_data), file, NULL);
}

/* The clipboard */

static void
clipboard_texture_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AddFlow)    flow = user_data;
  g_autoptr(GError)     error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source),
                                                                     result, &error);

  if (flow->finished)
    return;
  if (texture == NULL)
    {
      show_error (flow, error);
      flow_finish (flow, NULL);
      return;
    }
  flow_read (flow, NULL, texture);
}

/* The first file of a list (from a file manager's copy or drag). */
static GFile *
first_file (const GValue *value)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      return files != NULL ? g_object_ref (files->data) : NULL;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    return g_object_ref (g_value_get_object (value));
  return NULL;
}

static void
clipboard_files_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AddFlow) flow = user_data;
  g_autoptr(GError)  error = NULL;
  g_autoptr(GFile)   file = NULL;
  const GValue      *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result,
                                                              &error);

  if (flow->finished)
    return;
  if (value != NULL)
    file = first_file (value);
  if (file == NULL)
    {
      if (error != NULL)
        show_error (flow, error);
      else
        show_notice (flow, _("Nothing to Paste"),
                     _("There is no image on the clipboard to paste."));
      flow_finish (flow, NULL);
      return;
    }
  flow_read (flow, file, NULL);
}

/**
 * smartca_image_add_from_clipboard:
 *
 * An image on the clipboard (copied from an image viewer or a browser), or
 * an image file copied in a file manager.
 */
void
smartca_image_add_from_clipboard (GtkWindow            *parent,
                                  SmartcaStore         *store,
                                  SmartcaImageAddedFunc done,
                                  gpointer              user_data)
{
  AddFlow                     *flow;
  GdkClipboard                *clipboard;
  g_autoptr(GdkContentFormats) formats = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SMARTCA_IS_STORE (store));

  flow = add_flow_new (parent, store, done, user_data);
  clipboard = parent != NULL ? gtk_widget_get_clipboard (GTK_WIDGET (parent))
                             : gdk_display_get_clipboard (gdk_display_get_default ());
  /* What another application offers as MIME types, as what they become. */
  formats = gdk_content_formats_union_deserialize_gtypes (
    gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  /* The picture itself first: a browser offers its address beside it, and
   * only the picture is what the user saw. */
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, flow->cancellable, clipboard_texture_cb,
                                      add_flow_ref (flow));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                    flow->cancellable, clipboard_files_cb, add_flow_ref (flow));
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_FILE))
    gdk_clipboard_read_value_async (clipboard, G_TYPE_FILE, G_PRIORITY_DEFAULT,
                                    flow->cancellable, clipboard_files_cb, add_flow_ref (flow));
  else
    {
      show_notice (flow, _("Nothing to Paste"), _("There is no image on the clipboard to paste."));
      flow_finish (flow, NULL);
    }
}

/* Drawing */

/**
 * smartca_image_draw:
 *
 * The drawing pad; what is drawn goes through the store's checks like any
 * other image.
 */
void
smartca_image_draw (GtkWindow            *parent,
                    SmartcaStore         *store,
                    SmartcaImageAddedFunc done,
                    gpointer              user_data)
{
  AddFlow *flow;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SMARTCA_IS_STORE (store));

  flow = add_flow_new (parent, store, done, user_data);
  flow_show_dialog (flow, GTK_WINDOW (smartca_draw_dialog_new (parent)));
}

/* Dropping */

typedef struct
{
  GtkWindow            *parent; /* weak */
  SmartcaStore         *store;
  SmartcaImageAddedFunc done;
  gpointer              user_data;
} DropInfo;

static void
drop_info_free (gpointer data)
{
  DropInfo *info = data;

  if (info->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (info->parent), (gpointer *) &info->parent);
  g_clear_object (&info->store);
  g_free (info);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DropInfo      *info)
{
  GtkWidget       *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GtkWindow       *parent = info->parent;
  g_autoptr(GFile) file = first_file (value);
  AddFlow         *flow;

  if (parent == NULL && widget != NULL && GTK_IS_WINDOW (gtk_widget_get_root (widget)))
    parent = GTK_WINDOW (gtk_widget_get_root (widget));

  if (file != NULL)
    {
      flow = add_flow_new (parent, info->store, info->done, info->user_data);
      flow_read (flow, file, NULL);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE) && g_value_get_object (value) != NULL)
    {
      flow = add_flow_new (parent, info->store, info->done, info->user_data);
      flow_read (flow, NULL, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/**
 * smartca_image_add_drop_target:
 * @parent: (nullable): the window the dialogs belong to; @widget's by default
 *
 * Files dropped on @widget (the first of them) and images dragged from
 * another application go through the same checks and dialog as a chosen
 * file. @done is called for each drop, as for smartca_image_add_from_file().
 */
void
smartca_image_add_drop_target (GtkWidget            *widget,
                               GtkWindow            *parent,
                               SmartcaStore         *store,
                               SmartcaImageAddedFunc done,
                               gpointer              user_data)
{
  GType          types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, GDK_TYPE_TEXTURE };
  GtkDropTarget *target;
  DropInfo      *info;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SMARTCA_IS_STORE (store));

  info = g_new0 (DropInfo, 1);
  info->parent = parent;
  if (parent != NULL)
    g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &info->parent);
  info->store = g_object_ref (store);
  info->done = done;
  info->user_data = user_data;

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_object_set_data_full (G_OBJECT (target), "smartca-drop-info", info, drop_info_free);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), info);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}
