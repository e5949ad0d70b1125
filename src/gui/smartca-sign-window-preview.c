/* smartca-sign-window-preview.c: the signing window's live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the signature will look like, drawn by the engine
 * (smartca_pdf_appearance_render()) at a small scale in a worker thread,
 * with the certificate's signature image loaded there too, and given to the
 * page view as a texture. A change (box size, certificate, reason,
 * location) asks for a new one after a short pause; a newer one cancels
 * the one under way.
 */

#include "config.h"

#include "smartca-pdf-appearance.h"
#include "smartca-sign-window-private.h"

/* The preview waits this long after the last change, so that typing or
 * dragging does not draw every step */
#define PREVIEW_DELAY_MS 150
/* Pixels per point of the preview raster: enough for the page as shown */
#define PREVIEW_SCALE 2.0

typedef struct
{
  SmartcaCertificate *certificate;
  GFile              *image_file; /* to load, when image is NULL */
  GdkPixbuf          *image;
  char               *signer_name;
  char               *reason;
  char               *location;
  double              width;
  double              height;
  /* The answer */
  int     texture_width;
  int     texture_height;
  GBytes *rgba;
} Preview;

static void
preview_free (Preview *preview)
{
  g_clear_object (&preview->certificate);
  g_clear_object (&preview->image_file);
  g_clear_object (&preview->image);
  g_free (preview->signer_name);
  g_free (preview->reason);
  g_free (preview->location);
  g_clear_pointer (&preview->rgba, g_bytes_unref);
  g_free (preview);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Preview                   *preview = task_data;
  SmartcaPdfAppearanceSpec   spec = { 0 };
  g_autoptr(SmartcaPdfImage) raster = NULL;
  const guint8              *rgb, *alpha = NULL;
  guint8                    *rgba;
  gsize                      n;

  if (preview->image == NULL && preview->image_file != NULL)
    preview->image = smartca_sign_load_image (preview->image_file, cancellable);
  spec.signer_name = preview->signer_name;
  spec.signing_time = g_get_real_time () / G_USEC_PER_SEC;
  spec.reason = preview->reason;
  spec.location = preview->location;
  spec.image = preview->image;
  raster = smartca_pdf_appearance_render (&spec, preview->width, preview->height, PREVIEW_SCALE);
  if (raster == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* RGB and alpha planes into one RGBA buffer, as GdkMemoryTexture takes it */
  n = (gsize) raster->width * raster->height;
  rgb = g_bytes_get_data (raster->rgb, NULL);
  if (raster->alpha != NULL)
    alpha = g_bytes_get_data (raster->alpha, NULL);
  rgba = g_malloc (n * 4);
  for (gsize i = 0; i < n; i++)
    {
      rgba[4 * i] = rgb[3 * i];
      rgba[4 * i + 1] = rgb[3 * i + 1];
      rgba[4 * i + 2] = rgb[3 * i + 2];
      rgba[4 * i + 3] = alpha != NULL ? alpha[i] : 255;
    }
  preview->texture_width = raster->width;
  preview->texture_height = raster->height;
  preview->rgba = g_bytes_new_take (rgba, n * 4);
  g_task_return_boolean (task, TRUE);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SmartcaSignWindow    *self = SMARTCA_SIGN_WINDOW (source);
  Preview              *preview = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError)     error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return;
  /* The image stays for the next preview of the same certificate */
  g_set_object (&self->image_certificate, preview->certificate);
  g_set_object (&self->image, preview->image);
  texture = gdk_memory_texture_new (preview->texture_width, preview->texture_height,
                                    GDK_MEMORY_R8G8B8A8, preview->rgba,
                                    (gsize) preview->texture_width * 4);
  smartca_page_view_set_preview (self->page_view, texture);
  g_set_object (&self->preview, texture);
}

static gboolean
preview_cb (gpointer user_data)
{
  SmartcaSignWindow *self = user_data;
  SmartcaStore      *store = smartca_context_get_store (self->context);
  g_autoptr(GTask)   task = NULL;
  Preview           *preview;
  SmartcaPdfRect     rect;

  self->preview_source = 0;
  if (self->certificate == NULL || self->document == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();

  smartca_page_view_get_box (self->page_view, &rect);
  preview = g_new0 (Preview, 1);
  preview->certificate = g_object_ref (self->certificate);
  if (self->image_certificate == self->certificate && self->image != NULL)
    preview->image = g_object_ref (self->image);
  else
    {
      SmartcaSignatureImage *image = smartca_store_get_signing_image (store, self->certificate, NULL);

      if (image != NULL)
        preview->image_file = g_object_ref (smartca_signature_image_get_file (image));
    }
  preview->signer_name = g_strdup (smartca_certificate_get_common_name (self->certificate));
  preview->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  preview->location = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->location_row)));
  preview->width = rect.width;
  preview->height = rect.height;

  task = g_task_new (self, self->preview_cancellable, preview_done_cb, NULL);
  g_task_set_source_tag (task, preview_cb);
  g_task_set_task_data (task, preview, (GDestroyNotify) preview_free);
  g_task_run_in_thread (task, preview_thread);
  return G_SOURCE_REMOVE;
}

void
smartca_sign_window_schedule_preview (SmartcaSignWindow *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_cb, self);
}
