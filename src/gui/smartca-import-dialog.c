/* smartca-import-dialog.c: a picture the user adds as a signature image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown once a file was chosen, dropped or pasted. The bytes are normalised
 * off the main thread (smartca_image_normalize_async, a spinner meanwhile);
 * a bad image is explained and cannot be added. The preview sits on a
 * checkerboard, so what is transparent shows as such in light and dark
 * mode. "Clean up photo" turns the paper of a photographed signature
 * transparent: its preview is recomputed on a small copy in a worker thread,
 * a moment after the threshold stops moving, each run cancelling the one
 * before. Add cleans the full image (again in a worker) and hands the PNG
 * over in "image-ready".
 */

#include "config.h"

#include "smartca-import-dialog.h"
#include "smartca-image-cleanup.h"
#include "smartca-image-import.h"
#include "smartca-store.h"

#include <glib/gi18n.h>

/* The preview is computed on a copy this large at most (HiDPI-sharp). */
#define PREVIEW_SIDE 640
/* The threshold has to rest this long before the preview follows it. */
#define PREVIEW_DEBOUNCE_MS 120

struct _SmartcaImportDialog
{
  AdwWindow parent_instance;

  GBytes       *data;
  GBytes       *normalized;
  GdkPixbuf    *preview_source;
  GdkTexture   *plain_texture;
  GCancellable *cancellable;         /* loading, then Add's clean-up */
  GCancellable *preview_cancellable; /* the preview being computed */
  guint         preview_timeout;
  gboolean      loaded;
  gboolean      preview_has_ink;
  gboolean      busy;
  gboolean      label_error; /* the error shown is about the label */

  GtkWidget      *cancel_button;
  GtkWidget      *add_button;
  GtkWidget      *busy_spinner;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkStack       *preview_stack;
  GtkSpinner     *loading_spinner;
  GtkAspectFrame *preview_frame;
  GtkPicture     *preview_picture;
  GtkWidget      *preview_spinner;
  AdwEntryRow    *label_row;
  GtkWidget      *cleanup_group;
  GtkWidget      *threshold_row;
  GtkWidget      *blue_row;
  GtkSwitch      *cleanup_switch;
  GtkRange       *threshold_scale;
  GtkSwitch      *blue_switch;
};

enum
{
  IMAGE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmartcaImportDialog, smartca_import_dialog, ADW_TYPE_WINDOW)

/* The preview's source: the normalised PNG decoded and scaled down, and the
 * threshold suggested for it, in a worker thread */

typedef struct
{
  GdkPixbuf *preview;
  double     threshold;
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  g_clear_object (&prepared->preview);
  g_free (prepared);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(GdkPixbuf) full = NULL;
  GError              *error = NULL;
  Prepared            *prepared;
  int                  width, height, long_side;

  full = smartca_image_cleanup_decode_png (task_data, cancellable, &error);
  if (full == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  prepared = g_new0 (Prepared, 1);
  width = gdk_pixbuf_get_width (full);
  height = gdk_pixbuf_get_height (full);
  long_side = MAX (width, height);
  if (long_side > PREVIEW_SIDE)
    prepared->preview = gdk_pixbuf_scale_simple (full, MAX (1, width * PREVIEW_SIDE / long_side),
                                                 MAX (1, height * PREVIEW_SIDE / long_side),
                                                 GDK_INTERP_BILINEAR);
  else
    prepared->preview = g_object_ref (full);
  prepared->threshold = smartca_image_cleanup_suggest_threshold (prepared->preview);
  g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
}

static void
prepare_async (GBytes             *png,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, prepare_async);
  g_task_set_task_data (task, g_bytes_ref (png), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, prepare_thread);
}

/* State */

static void
show_error (SmartcaImportDialog *self,
            const char          *message)
{
  self->label_error = FALSE;
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* What was said about the label goes once it is edited. */
static void
label_changed_cb (SmartcaImportDialog *self)
{
  if (self->label_error)
    show_error (self, NULL);
}

static gboolean
cleanup_on (SmartcaImportDialog *self)
{
  return gtk_switch_get_active (self->cleanup_switch);
}

static void
update_sensitivity (SmartcaImportDialog *self)
{
  gboolean can_edit = self->loaded && !self->busy;

  gtk_widget_set_sensitive (self->cleanup_group, can_edit);
  gtk_widget_set_sensitive (self->threshold_row, cleanup_on (self));
  gtk_widget_set_sensitive (self->blue_row, cleanup_on (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->label_row), !self->busy);
  gtk_widget_set_sensitive (self->add_button,
                            can_edit && (!cleanup_on (self) || self->preview_has_ink));
  gtk_widget_set_visible (self->busy_spinner, self->busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->busy_spinner), self->busy);
}

/* The frame takes the picture's shape, so the checkerboard shows only where
 * the picture is transparent. */
static void
set_preview (SmartcaImportDialog *self,
             GdkTexture          *texture)
{
  gtk_aspect_frame_set_ratio (self->preview_frame,
                              (float) gdk_texture_get_width (texture) / gdk_texture_get_height (texture));
  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (texture));
}

static void
set_preview_busy (SmartcaImportDialog *self,
                  gboolean             busy)
{
  gtk_widget_set_visible (self->preview_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->preview_spinner), busy);
}

static void
cleanup_options (SmartcaImportDialog   *self,
                 SmartcaCleanupOptions *options)
{
  options->threshold = gtk_range_get_value (self->threshold_scale);
  options->recolor_blue = gtk_switch_get_active (self->blue_switch);
}

/* Callbacks */

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SmartcaImportDialog) self = user_data;
  g_autoptr(GError)              error = NULL;
  g_autoptr(GdkPixbuf)           cleaned = NULL;

  cleaned = smartca_image_cleanup_pixbuf_finish (result, &error);
  /* Superseded, or the dialog is gone: the newer run shows its own. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->preview_cancellable);
  set_preview_busy (self, FALSE);
  self->preview_has_ink = cleaned != NULL;
  if (cleaned != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (cleaned);

      set_preview (self, texture);
      show_error (self, NULL);
    }
  else
    {
      set_preview (self, self->plain_texture);
      show_error (self, error->message);
    }
  update_sensitivity (self);
}

static gboolean
compute_preview_cb (gpointer user_data)
{
  SmartcaImportDialog  *self = user_data;
  SmartcaCleanupOptions options;

  self->preview_timeout = 0;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();
  set_preview_busy (self, TRUE);
  cleanup_options (self, &options);
  smartca_image_cleanup_pixbuf_async (self->preview_source, &options, self->preview_cancellable,
                                      preview_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
options_changed_cb (SmartcaImportDialog *self)
{
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  if (self->loaded && cleanup_on (self))
    {
      self->preview_timeout = g_timeout_add (PREVIEW_DEBOUNCE_MS, compute_preview_cb, self);
    }
  else if (self->loaded)
    {
      /* As it will be added: the normalised picture. */
      g_cancellable_cancel (self->preview_cancellable);
      g_clear_object (&self->preview_cancellable);
      set_preview_busy (self, FALSE);
      set_preview (self, self->plain_texture);
      show_error (self, NULL);
    }
  update_sensitivity (self);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SmartcaImportDialog) self = user_data;
  g_autoptr(GError)              error = NULL;
  Prepared                      *prepared;

  prepared = g_task_propagate_pointer (G_TASK (result), &error);
  if (prepared == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_stack_set_visible_child_name (self->preview_stack, "broken");
      show_error (self, error->message);
      return;
    }

  self->preview_source = g_steal_pointer (&prepared->preview);
  self->plain_texture = gdk_texture_new_for_pixbuf (self->preview_source);
  g_signal_handlers_block_by_func (self->threshold_scale, options_changed_cb, self);
  gtk_range_set_value (self->threshold_scale, prepared->threshold);
  /* A tick where the suggestion was, to find one's way back to it. */
  gtk_scale_add_mark (GTK_SCALE (self->threshold_scale), prepared->threshold, GTK_POS_BOTTOM, NULL);
  g_signal_handlers_unblock_by_func (self->threshold_scale, options_changed_cb, self);
  prepared_free (prepared);

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  set_preview (self, self->plain_texture);
  gtk_stack_set_visible_child_name (self->preview_stack, "picture");
  self->loaded = TRUE;
  options_changed_cb (self);
}

static void
normalized_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SmartcaImportDialog) self = user_data;
  g_autoptr(GError)              error = NULL;

  self->normalized = smartca_image_normalize_finish (result, NULL, &error);
  if (self->normalized == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      gtk_stack_set_visible_child_name (self->preview_stack, "broken");
      show_error (self, error->message);
      return;
    }
  prepare_async (self->normalized, self->cancellable, prepared_cb, g_object_ref (self));
}

static void
emit_and_close (SmartcaImportDialog *self,
                GBytes              *png)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));

  g_signal_emit (self, signals[IMAGE_READY], 0, png, label);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cleaned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SmartcaImportDialog) self = user_data;
  g_autoptr(GError)              error = NULL;
  g_autoptr(GBytes)              png = NULL;

  png = smartca_image_cleanup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  update_sensitivity (self);
  if (png == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->threshold_scale));
      return;
    }
  emit_and_close (self, png);
}

static void
add_clicked_cb (SmartcaImportDialog *self)
{
  SmartcaCleanupOptions options;
  g_autoptr(GError)     error = NULL;

  if (!gtk_widget_is_sensitive (self->add_button) || self->busy || !self->loaded)
    return;

  /* A label the store refuses is said here, the dialog still open (the
   * store would refuse it after the dialog closed, the image lost). */
  if (!smartca_store_check_image_label (gtk_editable_get_text (GTK_EDITABLE (self->label_row)), &error))
    {
      show_error (self, error->message);
      self->label_error = TRUE;
      gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
      return;
    }

  if (!cleanup_on (self))
    {
      emit_and_close (self, self->normalized);
      return;
    }

  /* The preview is moot now; the full image is cleaned with the same
   * options. Cancel (or Escape) stops it. */
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  set_preview_busy (self, FALSE);
  show_error (self, NULL);
  self->busy = TRUE;
  gtk_widget_grab_focus (self->cancel_button);
  update_sensitivity (self);
  cleanup_options (self, &options);
  smartca_image_cleanup_async (self->normalized, &options, self->cancellable, cleaned_cb,
                               g_object_ref (self));
}

/* GObject */

static void
label_by_row (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row,
                                  NULL, -1);
}

static gboolean
smartca_import_dialog_close_request (GtkWindow *window)
{
  SmartcaImportDialog *self = SMARTCA_IMPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  return GTK_WINDOW_CLASS (smartca_import_dialog_parent_class)->close_request (window);
}

static void
smartca_import_dialog_dispose (GObject *object)
{
  SmartcaImportDialog *self = SMARTCA_IMPORT_DIALOG (object);

  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->preview_source);
  g_clear_object (&self->plain_texture);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->normalized, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (smartca_import_dialog_parent_class)->dispose (object);
}

static void
smartca_import_dialog_class_init (SmartcaImportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = smartca_import_dialog_dispose;
  window_class->close_request = smartca_import_dialog_close_request;

  /**
   * SmartcaImportDialog::image-ready:
   * @png: the image to add (normalised, or cleaned up), as PNG
   * @label: what the user called it (trimmed; may be empty)
   */
  signals[IMAGE_READY] = g_signal_new ("image-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, preview_frame);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, cleanup_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, blue_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, cleanup_switch);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, threshold_scale);
  gtk_widget_class_bind_template_child (widget_class, SmartcaImportDialog, blue_switch);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
smartca_import_dialog_init (SmartcaImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* The scale and the switches have no label of their own: their rows'
   * titles name them. */
  label_by_row (GTK_WIDGET (self->threshold_scale));
  label_by_row (GTK_WIDGET (self->cleanup_switch));
  label_by_row (GTK_WIDGET (self->blue_switch));
  update_sensitivity (self);
  g_signal_connect_swapped (self->label_row, "changed", G_CALLBACK (label_changed_cb), self);
}

SmartcaImportDialog *
smartca_import_dialog_new (GtkWindow  *parent,
                           GBytes     *data,
                           const char *label)
{
  SmartcaImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (SMARTCA_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->data = g_bytes_ref (data);
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), label != NULL ? label : "");
  /* Typing starts in the label. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->label_row));

  gtk_stack_set_visible_child_name (self->preview_stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  smartca_image_normalize_async (self->data, self->cancellable, normalized_cb, g_object_ref (self));
  return self;
}
