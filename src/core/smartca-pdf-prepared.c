/* smartca-pdf-prepared.c: the copy with its update, in a temporary file
 * beside the output; its digest; the CMS written in and the atomic rename
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-pdf-private.h"
#include "smartca-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK_SIZE (1024 * 1024)
#define TEMP_NAME_MAX 64

struct _SmartcaPdfPrepared
{
  char    *output_path;
  char    *temp_path;
  int      fd;
  guint64  contents_offset; /* the "<" of /Contents */
  guint64  total;
  gboolean committed;
};

static void
set_write_error (GError    **error,
                 const char *path,
                 int         saved_errno)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *display = g_filename_display_name (dir);
  g_autofree char *shown = smartca_format_clean (display);

  g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT,
               _("The signed copy cannot be written in “%s”: %s."), shown, g_strerror (saved_errno));
}

static gboolean
write_all (int         fd,
           const void *data,
           gsize       size,
           const char *path,
           GError    **error)
{
  const guint8 *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          set_write_error (error, path, n < 0 ? errno : ENOSPC);
          return FALSE;
        }
      p += n;
      size -= n;
    }
  return TRUE;
}

static gboolean
pread_all (int     fd,
           void   *data,
           gsize   size,
           guint64 offset)
{
  guint8 *p = data;

  while (size > 0)
    {
      ssize_t n = pread (fd, p, size, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= n;
      offset += n;
    }
  return TRUE;
}

/* The input's first @size bytes, unchanged, in chunks */
static gboolean
copy_original (SmartcaPdfDocument *document,
               int                 out_fd,
               const char         *output_path,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  guint64            done = 0;
  int                in_fd = g_open (document->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  struct stat        st;

  if (in_fd < 0 || fstat (in_fd, &st) != 0 || st.st_dev != document->dev || st.st_ino != document->ino || (guint64) st.st_size < document->size)
    {
      g_autofree char *name = g_filename_display_basename (document->path);

      if (in_fd >= 0)
        close (in_fd);
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_READ,
                   _("“%s” changed or disappeared while it was being signed. Try again."), name);
      return FALSE;
    }

  while (done < document->size)
    {
      gsize want = MIN ((guint64) CHUNK_SIZE, document->size - done);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      if (!pread_all (in_fd, buffer, want, done))
        {
          g_autofree char *name = g_filename_display_basename (document->path);

          g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_READ, _("Could not read “%s”: %s."), name,
                       g_strerror (errno != 0 ? errno : EIO));
          break;
        }
      if (!write_all (out_fd, buffer, want, output_path, error))
        break;
      done += want;
    }
  close (in_fd);
  return done == document->size;
}

SmartcaPdfPrepared *
smartca_pdf_prepare (SmartcaPdfDocument            *document,
                     const SmartcaPdfSignatureSpec *spec,
                     const char                    *output_path,
                     GCancellable                  *cancellable,
                     GError                       **error)
{
  g_autoptr(SmartcaPdfPrepared) self = NULL;
  g_autoptr(GString)            update = NULL;
  g_autofree char              *dir = NULL;
  g_autofree char              *base_name = NULL;
  gsize                         contents_at = 0;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (output_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!smartca_pdf_check_output (document, output_path, error))
    return NULL;

  /* The update first: a refusal leaves no file behind */
  update = g_string_new (document->ends_with_eol ? NULL : "\n");
  if (!smartca_pdf_build_update (document, spec, document->size, update, &contents_at, error))
    return NULL;

  self = g_new0 (SmartcaPdfPrepared, 1);
  self->fd = -1;
  self->output_path = g_strdup (output_path);
  dir = g_path_get_dirname (output_path);
  base_name = g_path_get_basename (output_path);
  /* Hidden, and short enough that a name near NAME_MAX still has one */
  self->temp_path = g_strdup_printf ("%s/.%.*s.XXXXXX", dir, (int) MIN (strlen (base_name), TEMP_NAME_MAX), base_name);
  /* The input's permissions (at least the owner's read and write), within
   * the umask, which open() applies */
  self->fd = g_mkstemp_full (self->temp_path, O_RDWR | O_CLOEXEC, (document->mode & 0666) | 0600);
  if (self->fd < 0)
    {
      set_write_error (error, output_path, errno);
      g_clear_pointer (&self->temp_path, g_free);
      return NULL;
    }

  if (!copy_original (document, self->fd, output_path, cancellable, error) || !write_all (self->fd, update->str, update->len, output_path, error))
    return NULL;

  self->contents_offset = document->size + contents_at;
  self->total = document->size + update->len;
  return g_steal_pointer (&self);
}

gboolean
smartca_pdf_prepared_digest (SmartcaPdfPrepared *self,
                             guint8              digest[32],
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8   *buffer = g_malloc (CHUNK_SIZE);
  guint64              after = self->contents_offset + 2 + 2 * (guint64) SMARTCA_PDF_CONTENTS_SIZE;
  guint64              ranges[2][2] = { { 0, self->contents_offset }, { after, self->total } };
  gsize                len = 32;

  g_return_val_if_fail (self != NULL && self->fd >= 0, FALSE);

  for (int r = 0; r < 2; r++)
    for (guint64 at = ranges[r][0]; at < ranges[r][1];)
      {
        gsize want = MIN ((guint64) CHUNK_SIZE, ranges[r][1] - at);

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        if (!pread_all (self->fd, buffer, want, at))
          {
            set_write_error (error, self->output_path, errno != 0 ? errno : EIO);
            return FALSE;
          }
        g_checksum_update (checksum, buffer, want);
        at += want;
      }
  g_checksum_get_digest (checksum, digest, &len);
  return TRUE;
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int              fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
smartca_pdf_prepared_commit (SmartcaPdfPrepared *self,
                             GBytes             *cms,
                             GCancellable       *cancellable,
                             GError            **error)
{
  static const char digits[] = "0123456789abcdef";
  gsize             size = 0;
  const guint8     *der;
  g_autofree char  *hex = NULL;

  g_return_val_if_fail (self != NULL && self->fd >= 0 && !self->committed, FALSE);
  g_return_val_if_fail (cms != NULL, FALSE);

  der = g_bytes_get_data (cms, &size);
  if (size > SMARTCA_PDF_CONTENTS_SIZE)
    {
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_TOO_LARGE,
                   _("The signature is %lu bytes long, more than the %d bytes reserved for it in the "
                     "document. Nothing was written."),
                   (gulong) size, SMARTCA_PDF_CONTENTS_SIZE);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  hex = g_malloc (2 * size + 1);
  for (gsize i = 0; i < size; i++)
    {
      hex[2 * i] = digits[der[i] >> 4];
      hex[2 * i + 1] = digits[der[i] & 0xf];
    }

  if (pwrite (self->fd, hex, 2 * size, self->contents_offset + 1) != (ssize_t) (2 * size) || fsync (self->fd) != 0)
    {
      set_write_error (error, self->output_path, errno != 0 ? errno : EIO);
      return FALSE;
    }
  close (self->fd);
  self->fd = -1;
  if (g_rename (self->temp_path, self->output_path) != 0)
    {
      set_write_error (error, self->output_path, errno);
      return FALSE;
    }
  sync_folder (self->output_path);
  self->committed = TRUE;
  return TRUE;
}

const char *
smartca_pdf_prepared_get_output_path (SmartcaPdfPrepared *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->output_path;
}

void
smartca_pdf_prepared_free (SmartcaPdfPrepared *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  if (!self->committed && self->temp_path != NULL)
    g_unlink (self->temp_path);
  g_free (self->temp_path);
  g_free (self->output_path);
  g_free (self);
}
