/* smartca-sign-operation-work.c: the slow parts of a signing, run in a
 * worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here touches the operation object, the store or the client: the
 * job holds copies of what it needs.
 */

#include "config.h"

#include "smartca-sign-operation-private.h"
#include "smartca-image-import-private.h"
#include "smartca-image-import.h"
#include "smartca-pdf-appearance.h"
#include "smartca-sign-operation.h"

void
smartca_sign_job_free (SmartcaSignJob *job)
{
  if (job == NULL)
    return;
  g_free (job->input_path);
  g_free (job->output_path);
  g_free (job->reason);
  g_free (job->location);
  g_free (job->signer_name);
  g_clear_object (&job->image_file);
  g_clear_pointer (&job->leaf_der, g_bytes_unref);
  g_clear_pointer (&job->ca_der, g_bytes_unref);
  g_clear_pointer (&job->root_der, g_bytes_unref);
  /* Removes the temporary file unless it was committed */
  g_clear_pointer (&job->prepared, smartca_pdf_prepared_free);
  g_clear_pointer (&job->cms, smartca_cms_free);
  g_clear_pointer (&job->hash_to_sign, g_bytes_unref);
  g_clear_pointer (&job->signature, g_bytes_unref);
  g_free (job->output_sha256);
  g_free (job);
}

/* The signature image, read with the same bounds as every image the app
 * reads; NULL (text only) when it cannot be read. */
GdkPixbuf *
smartca_sign_load_image (GFile        *file,
                         GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray)       buffer = g_byte_array_new ();
  g_autoptr(GBytes)           data = NULL;
  g_autoptr(GError)           error = NULL;
  GdkPixbuf                  *pixbuf;
  guint8                      chunk[64 * 1024];

  stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    goto failed;
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, cancellable,
                                      &error);

      if (n < 0)
        goto failed;
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, n);
      /* One byte over the limit is enough for the decoder to refuse it */
      if (buffer->len > SMARTCA_IMAGE_MAX_FILE_SIZE)
        break;
    }
  data = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  pixbuf = smartca_image_decode (data, cancellable, &error);
  if (pixbuf != NULL)
    return pixbuf;

failed:
  g_debug ("The signature image %s cannot be read, the signature shows text only: %s",
           g_file_peek_path (file), error->message);
  return NULL;
}

static guint
default_page (SmartcaSignJob     *job,
              SmartcaPdfDocument *document)
{
  guint n_pages = smartca_pdf_document_get_n_pages (document);

  if (job->business || n_pages == 0)
    return 0;
  return n_pages - 1;
}

static SmartcaPdfImage *
render_appearance (SmartcaSignJob *job,
                   GCancellable   *cancellable)
{
  g_autoptr(GdkPixbuf)     image = NULL;
  SmartcaPdfAppearanceSpec spec = { 0 };

  if (job->image_file != NULL)
    image = smartca_sign_load_image (job->image_file, cancellable);
  spec.signer_name = job->signer_name;
  spec.signing_time = job->signing_time;
  spec.reason = job->reason;
  spec.location = job->location;
  spec.image = image;
  return smartca_pdf_appearance_render (&spec, job->rect.width, job->rect.height,
                                        SMARTCA_PDF_APPEARANCE_SCALE);
}

gboolean
smartca_sign_job_prepare (SmartcaSignJob *job,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(SmartcaPdfDocument) document = NULL;
  g_autoptr(SmartcaPdfImage)    appearance = NULL;
  GBytes                       *chain[3] = { NULL, NULL, NULL };
  SmartcaPdfSignatureSpec       spec = { 0 };
  guint8                        digest[32];
  double                        width, height;
  int                           rotation;
  guint                         n_chain;

  document = smartca_pdf_document_open (job->input_path, cancellable, error);
  if (document == NULL)
    return FALSE;

  spec.page = job->page < 0 ? default_page (job, document) : (guint) job->page;
  if (!smartca_pdf_document_get_page_size (document, spec.page, &width, &height, &rotation, error))
    return FALSE;
  if (!job->invisible)
    {
      if (!job->has_rect)
        {
          smartca_sign_operation_default_rect_for (job->business, width, height, &job->rect);
          job->has_rect = TRUE;
        }
      if (!smartca_pdf_document_check_rect (document, spec.page, &job->rect, error))
        return FALSE;
      appearance = render_appearance (job, cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  if (job->output_path == NULL)
    job->output_path = smartca_pdf_default_output_path (job->input_path);
  spec.rect = job->rect;
  spec.invisible = job->invisible;
  spec.appearance = appearance;
  spec.name = job->signer_name;
  spec.reason = job->reason;
  spec.location = job->location;
  spec.signing_time = job->signing_time;
  job->prepared = smartca_pdf_prepare (document, &spec, job->output_path, cancellable, error);
  if (job->prepared == NULL)
    return FALSE;
  if (!smartca_pdf_prepared_digest (job->prepared, digest, cancellable, error))
    return FALSE;

  n_chain = 0;
  if (job->ca_der != NULL)
    chain[n_chain++] = job->ca_der;
  if (job->root_der != NULL)
    chain[n_chain++] = job->root_der;
  job->cms = smartca_cms_new (job->leaf_der, (GBytes *const *) chain, digest, error);
  if (job->cms == NULL)
    return FALSE;
  job->hash_to_sign = smartca_cms_get_hash_to_sign (job->cms);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* SHA-256 of the file as written, for the history; NULL (logged) when it
 * cannot be read back, which does not undo the signing */
static char *
hash_file (const char *path)
{
  g_autoptr(GChecksum)        checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError)           error = NULL;
  g_autoptr(GFile)            file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);
  guint8                      chunk[64 * 1024];
  gssize                      n;

  if (stream == NULL)
    goto failed;
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, NULL, &error)) > 0)
    g_checksum_update (checksum, chunk, n);
  if (n < 0)
    goto failed;
  return g_strdup (g_checksum_get_string (checksum));

failed:
  g_debug ("The signed copy %s could not be read back for its checksum: %s", path,
           error->message);
  return NULL;
}

gboolean
smartca_sign_job_commit (SmartcaSignJob *job,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(GBytes) cms = NULL;

  g_return_val_if_fail (job->prepared != NULL && job->signature != NULL, FALSE);

  cms = smartca_cms_finish (job->cms, job->signature, error);
  if (cms == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!smartca_pdf_prepared_commit (job->prepared, cms, cancellable, error))
    return FALSE;
  g_free (job->output_path);
  job->output_path = g_strdup (smartca_pdf_prepared_get_output_path (job->prepared));
  job->output_sha256 = hash_file (job->output_path);
  return TRUE;
}
