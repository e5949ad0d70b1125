/* smartca-pdf.c: reading a PDF to sign it (libqpdf), and what it refuses
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
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAIL_SIZE 4096
#define MAX_TREE_DEPTH 64
#define RECT_TOLERANCE 0.01

G_DEFINE_QUARK (smartca-pdf-error-quark, smartca_pdf_error)

/* Helpers */

/* A file's name in a message: UTF-8, and its bidi controls dropped (a
 * U+202E in a name would turn the rest of the sentence around) */
static char *
display_name (const char *path)
{
  g_autofree char *name = g_filename_display_basename (path);

  return smartca_format_clean (name);
}

/* A folder's path in a message, the same way */
static char *
display_path (const char *path)
{
  g_autofree char *shown = g_filename_display_name (path);

  return smartca_format_clean (shown);
}

/* The value of @key when @oh is a dictionary (or a stream), else null: a
 * lookup on anything else makes qpdf warn, which would read as damage. */
static qpdf_oh
dict_get (qpdf_data   qpdf,
          qpdf_oh     oh,
          const char *key)
{
  if (qpdf_oh_is_dictionary (qpdf, oh))
    return qpdf_oh_get_key (qpdf, oh, key);
  if (qpdf_oh_is_stream (qpdf, oh))
    return qpdf_oh_get_key (qpdf, qpdf_oh_get_dict (qpdf, oh), key);
  return qpdf_oh_new_null (qpdf);
}

static gboolean
read_box (qpdf_data qpdf,
          qpdf_oh   oh,
          double    box[4])
{
  if (!qpdf_oh_is_array (qpdf, oh) || qpdf_oh_get_array_n_items (qpdf, oh) != 4)
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      qpdf_oh item = qpdf_oh_get_array_item (qpdf, oh, i);

      if (!qpdf_oh_is_number (qpdf, item))
        return FALSE;
      box[i] = qpdf_oh_get_numeric_value (qpdf, item);
    }
  /* Any two opposite corners */
  if (box[0] > box[2])
    {
      double t = box[0];
      box[0] = box[2];
      box[2] = t;
    }
  if (box[1] > box[3])
    {
      double t = box[1];
      box[1] = box[3];
      box[3] = t;
    }
  return TRUE;
}

/* The offset after the last "startxref" in the file's tail (NUL-safe) */
static gboolean
find_startxref (int      fd,
                guint64  size,
                guint64 *offset)
{
  static const char keyword[] = "startxref";
  gsize             keyword_len = sizeof keyword - 1;
  guint64           start = size > TAIL_SIZE ? size - TAIL_SIZE : 0;
  gsize             len = size - start;
  g_autofree char  *tail = g_malloc (len + 1);
  ssize_t           n = pread (fd, tail, len, start);

  if (n != (ssize_t) len || len < keyword_len)
    return FALSE;
  tail[len] = '\0';

  for (gsize i = len - keyword_len + 1; i-- > 0;)
    {
      if (memcmp (tail + i, keyword, keyword_len) == 0)
        {
          const char *p = tail + i + keyword_len;
          char       *end = NULL;
          guint64     value;

          while (p < tail + len && g_ascii_isspace (*p))
            p++;
          if (p >= tail + len || !g_ascii_isdigit (*p))
            return FALSE;
          value = g_ascii_strtoull (p, &end, 10);
          if (end == p || value >= size)
            return FALSE;
          *offset = value;
          return TRUE;
        }
    }
  return FALSE;
}

/* Whether the section at @offset is a table ("xref") or a stream ("N G obj") */
static gboolean
read_xref_kind (int       fd,
                guint64   offset,
                gboolean *is_stream)
{
  char        buffer[48] = { 0 };
  ssize_t     n = pread (fd, buffer, sizeof buffer - 1, offset);
  const char *head = buffer;

  /* Some writers point at the end of line before the keyword */
  while (n > 0 && head < buffer + n && g_ascii_isspace (*head))
    head++;
  if (head + 4 > buffer + MAX (n, 0))
    return FALSE;
  if (memcmp (head, "xref", 4) == 0)
    {
      *is_stream = FALSE;
      return TRUE;
    }
  if (g_ascii_isdigit (head[0]) && strstr (head, "obj") != NULL)
    {
      *is_stream = TRUE;
      return TRUE;
    }
  return FALSE;
}

static void
set_damaged (GError    **error,
             const char *path)
{
  g_autofree char *name = display_name (path);

  g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_DAMAGED,
               _("“%s” is damaged: it can be read only after a repair, which a signature would "
                 "not cover. Save a repaired copy with a PDF editor and sign that copy."),
               name);
}

gboolean
smartca_pdf_document_take_warnings (SmartcaPdfDocument *self,
                                    GError            **error)
{
  gboolean warned = FALSE;

  while (qpdf_more_warnings (self->qpdf))
    {
      qpdf_error warning = qpdf_next_warning (self->qpdf);

      g_debug ("qpdf: %s", qpdf_get_error_full_text (self->qpdf, warning));
      warned = TRUE;
    }
  if (qpdf_has_error (self->qpdf))
    {
      qpdf_error e = qpdf_get_error (self->qpdf);

      g_debug ("qpdf error: %s", qpdf_get_error_full_text (self->qpdf, e));
      warned = TRUE;
    }
  if (warned)
    set_damaged (error, self->path);
  return !warned;
}

/* Fields: counts them, their signatures, and the top-level names */

static gboolean
field_is_signature (qpdf_data qpdf,
                    qpdf_oh   field)
{
  qpdf_oh node = field;

  for (int depth = 0; depth < MAX_TREE_DEPTH && qpdf_oh_is_dictionary (qpdf, node); depth++)
    {
      qpdf_oh ft = qpdf_oh_get_key (qpdf, node, "/FT");

      if (qpdf_oh_is_name (qpdf, ft))
        return qpdf_oh_is_name_and_equals (qpdf, ft, "/Sig");
      node = qpdf_oh_get_key (qpdf, node, "/Parent");
    }
  return FALSE;
}

static void
walk_fields (SmartcaPdfDocument *self,
             qpdf_oh             fields,
             int                 depth,
             GHashTable         *seen)
{
  qpdf_data qpdf = self->qpdf;
  int       n;

  if (depth > MAX_TREE_DEPTH || !qpdf_oh_is_array (qpdf, fields))
    return;

  n = qpdf_oh_get_array_n_items (qpdf, fields);
  for (int i = 0; i < n; i++)
    {
      qpdf_oh field = qpdf_oh_get_array_item (qpdf, fields, i);
      qpdf_oh kids;

      if (!qpdf_oh_is_dictionary (qpdf, field))
        continue;
      if (qpdf_oh_is_indirect (qpdf, field))
        {
          int id = qpdf_oh_get_object_id (qpdf, field);

          if (g_hash_table_contains (seen, GINT_TO_POINTER (id)))
            continue;
          g_hash_table_add (seen, GINT_TO_POINTER (id));
        }

      if (depth == 0)
        {
          qpdf_oh name = qpdf_oh_get_key (qpdf, field, "/T");

          self->n_fields++;
          if (qpdf_oh_is_string (qpdf, name))
            g_hash_table_add (self->field_names, g_strdup (qpdf_oh_get_utf8_value (qpdf, name)));
        }
      if (field_is_signature (qpdf, field) && qpdf_oh_is_dictionary (qpdf, qpdf_oh_get_key (qpdf, field, "/V")))
        self->n_signatures++;

      kids = qpdf_oh_get_key (qpdf, field, "/Kids");
      walk_fields (self, kids, depth + 1, seen);
    }
}

/* /Perms /DocMDP with P 1: the author allows no change at all */
static gboolean
is_certified_no_changes (qpdf_data qpdf,
                         qpdf_oh   root)
{
  qpdf_oh sig = dict_get (qpdf, dict_get (qpdf, root, "/Perms"), "/DocMDP");
  qpdf_oh refs = dict_get (qpdf, sig, "/Reference");
  int     n;

  if (!qpdf_oh_is_array (qpdf, refs))
    return FALSE;
  n = qpdf_oh_get_array_n_items (qpdf, refs);
  for (int i = 0; i < n; i++)
    {
      qpdf_oh ref = qpdf_oh_get_array_item (qpdf, refs, i);
      qpdf_oh method = dict_get (qpdf, ref, "/TransformMethod");
      qpdf_oh p;

      if (!qpdf_oh_is_name_and_equals (qpdf, method, "/DocMDP"))
        continue;
      p = dict_get (qpdf, dict_get (qpdf, ref, "/TransformParams"), "/P");
      if (qpdf_oh_is_integer (qpdf, p) && qpdf_oh_get_int_value (qpdf, p) == 1)
        return TRUE;
    }
  return FALSE;
}

static gboolean
read_trailer (SmartcaPdfDocument *self,
              GError            **error)
{
  qpdf_data qpdf = self->qpdf;
  qpdf_oh   trailer = qpdf_get_trailer (qpdf);
  qpdf_oh   size = dict_get (qpdf, trailer, "/Size");
  qpdf_oh   info = dict_get (qpdf, trailer, "/Info");
  qpdf_oh   id = dict_get (qpdf, trailer, "/ID");

  if (!qpdf_oh_is_integer (qpdf, size) || qpdf_oh_get_int_value (qpdf, size) < 1 || qpdf_oh_get_int_value (qpdf, size) > G_MAXINT32)
    {
      set_damaged (error, self->path);
      return FALSE;
    }
  self->xref_size = qpdf_oh_get_int_value (qpdf, size);

  /* A direct dictionary (which the standard forbids, yet some writers
   * make) is carried over as it is: the update's trailer replaces it */
  if (qpdf_oh_is_indirect (qpdf, info) || qpdf_oh_is_dictionary (qpdf, info))
    self->info_ref = g_strdup (qpdf_oh_unparse (qpdf, info));
  if (qpdf_oh_is_array (qpdf, id) && qpdf_oh_get_array_n_items (qpdf, id) >= 1 && qpdf_oh_is_string (qpdf, qpdf_oh_get_array_item (qpdf, id, 0)))
    self->id_first = g_strdup (qpdf_oh_unparse_binary (qpdf, qpdf_oh_get_array_item (qpdf, id, 0)));
  return TRUE;
}

/* The file itself: size, identity, header, last cross-reference section */
static gboolean
read_file_facts (SmartcaPdfDocument *self,
                 GError            **error)
{
  g_autofree char *name = display_name (self->path);
  char             head[1024] = { 0 };
  struct stat      st;
  int              fd;
  ssize_t          n;
  char             last = 0;
  gboolean         ok;

  /* O_NONBLOCK: opening a FIFO would wait for a writer */
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved = fd < 0 ? errno : EISDIR;

      if (fd >= 0 && !S_ISDIR (st.st_mode))
        {
          close (fd);
          g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_READ,
                       _("“%s” is not a file saved on disk (a pipe or a device): save the document "
                         "as a file and sign that file."),
                       name);
          return FALSE;
        }
      if (fd >= 0)
        close (fd);
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_READ,
                   _("Could not read “%s”: %s."), name, g_strerror (saved));
      return FALSE;
    }
  self->size = st.st_size;
  self->dev = st.st_dev;
  self->ino = st.st_ino;
  self->mode = st.st_mode & 0777;

  n = pread (fd, head, sizeof head - 1, 0);
  if (n < 5 || g_strstr_len (head, n, "%PDF-") == NULL)
    {
      close (fd);
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_NOT_PDF,
                   _("“%s” is not a PDF document."), name);
      return FALSE;
    }
  /* Bytes before the header shift every offset for qpdf, but not for
   * every reader, nor for the update's offsets and ByteRange */
  if (memcmp (head, "%PDF-", 5) != 0)
    {
      close (fd);
      set_damaged (error, self->path);
      return FALSE;
    }

  ok = pread (fd, &last, 1, self->size - 1) == 1 && find_startxref (fd, self->size, &self->prev_startxref) && read_xref_kind (fd, self->prev_startxref, &self->xref_stream);
  close (fd);
  self->ends_with_eol = last == '\n' || last == '\r';
  if (!ok)
    set_damaged (error, self->path);
  return ok;
}

/* Public API */

SmartcaPdfDocument *
smartca_pdf_document_open (const char   *path,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_autoptr(SmartcaPdfDocument) self = NULL;
  g_autoptr(GHashTable)         seen = NULL;
  g_autofree char              *name = NULL;
  QPDF_ERROR_CODE               status;
  qpdf_oh                       root;
  int                           n_pages;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SmartcaPdfDocument, 1);
  self->path = g_strdup (path);
  self->field_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  name = display_name (path);

  if (!read_file_facts (self, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self->qpdf = qpdf_init ();
  qpdf_silence_errors (self->qpdf);
  qpdf_set_suppress_warnings (self->qpdf, QPDF_TRUE);
  /* A damaged file is refused anyway: rebuilding its cross-reference
   * table first would scan all of it (minutes for 100 MB) */
  qpdf_set_attempt_recovery (self->qpdf, QPDF_FALSE);
  status = qpdf_read (self->qpdf, path, NULL);
  if (status & QPDF_ERRORS)
    {
      qpdf_error e = qpdf_get_error (self->qpdf);
      gboolean   password = e != NULL && qpdf_get_error_code (self->qpdf, e) == qpdf_e_password;
      gboolean   damaged = e != NULL && qpdf_get_error_code (self->qpdf, e) == qpdf_e_damaged_pdf;

      g_debug ("qpdf could not read %s: %s", path, e != NULL ? qpdf_get_error_full_text (self->qpdf, e) : "?");
      if (password)
        g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_ENCRYPTED,
                     _("“%s” is encrypted. Encrypted documents cannot be signed here: save a copy "
                       "without encryption and sign that copy."),
                     name);
      else if (damaged)
        set_damaged (error, path);
      else
        g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_NOT_PDF,
                     _("“%s” is not a PDF document, or it is too damaged to be read."), name);
      return NULL;
    }
  if (!smartca_pdf_document_take_warnings (self, error))
    return NULL;

  if (qpdf_is_encrypted (self->qpdf) || qpdf_oh_has_key (self->qpdf, qpdf_get_trailer (self->qpdf), "/Encrypt"))
    {
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_ENCRYPTED,
                   _("“%s” is encrypted. Encrypted documents cannot be signed here: save a copy "
                     "without encryption and sign that copy."),
                   name);
      return NULL;
    }

  if (!read_trailer (self, error))
    return NULL;

  root = qpdf_get_root (self->qpdf);
  n_pages = qpdf_get_num_pages (self->qpdf);
  if (!qpdf_oh_is_dictionary (self->qpdf, root) || !qpdf_oh_is_indirect (self->qpdf, root) || n_pages < 0)
    {
      /* Takes qpdf's error too, which it would print when cleaned up */
      if (smartca_pdf_document_take_warnings (self, error))
        set_damaged (error, path);
      return NULL;
    }
  self->n_pages = n_pages;

  seen = g_hash_table_new (NULL, NULL);
  walk_fields (self, dict_get (self->qpdf, dict_get (self->qpdf, root, "/AcroForm"), "/Fields"), 0, seen);

  if (is_certified_no_changes (self->qpdf, root))
    {
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_CERTIFIED,
                   _("“%s” is certified by its author, who allows no change to it, not even another "
                     "signature. Ask the author for a copy that is not locked."),
                   name);
      return NULL;
    }

  if (!smartca_pdf_document_take_warnings (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
smartca_pdf_document_free (SmartcaPdfDocument *self)
{
  if (self == NULL)
    return;
  if (self->qpdf != NULL)
    qpdf_cleanup (&self->qpdf);
  g_clear_pointer (&self->field_names, g_hash_table_unref);
  g_free (self->info_ref);
  g_free (self->id_first);
  g_free (self->path);
  g_free (self);
}

const char *
smartca_pdf_document_get_path (SmartcaPdfDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

guint
smartca_pdf_document_get_n_pages (SmartcaPdfDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_pages;
}

guint
smartca_pdf_document_get_n_signatures (SmartcaPdfDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_signatures;
}

static void
set_no_page (SmartcaPdfDocument *self,
             guint               page,
             GError            **error)
{
  g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_PAGE,
               g_dngettext (GETTEXT_PACKAGE, "There is no page %u: the document has %u page.",
                            "There is no page %u: the document has %u pages.", self->n_pages),
               page + 1, self->n_pages);
}

/* MediaBox, CropBox and Rotate are inherited from the page tree */
gboolean
smartca_pdf_document_get_page_box (SmartcaPdfDocument *self,
                                   guint               page,
                                   SmartcaPdfPageBox  *box,
                                   GError            **error)
{
  qpdf_data qpdf = self->qpdf;
  double    media[4] = { 0, 0, 612, 792 };
  double    crop[4];
  gboolean  have_media = FALSE, have_crop = FALSE, have_rotate = FALSE;
  int       rotate = 0;
  qpdf_oh   node;

  if (page >= self->n_pages)
    {
      set_no_page (self, page, error);
      return FALSE;
    }

  node = qpdf_get_page_n (qpdf, page);
  for (int depth = 0; depth < MAX_TREE_DEPTH && qpdf_oh_is_dictionary (qpdf, node); depth++)
    {
      if (!have_media)
        have_media = read_box (qpdf, qpdf_oh_get_key (qpdf, node, "/MediaBox"), media);
      if (!have_crop)
        have_crop = read_box (qpdf, qpdf_oh_get_key (qpdf, node, "/CropBox"), crop);
      if (!have_rotate)
        {
          qpdf_oh r = qpdf_oh_get_key (qpdf, node, "/Rotate");

          if (qpdf_oh_is_integer (qpdf, r))
            {
              rotate = qpdf_oh_get_int_value_as_int (qpdf, r);
              have_rotate = TRUE;
            }
        }
      node = qpdf_oh_get_key (qpdf, node, "/Parent");
    }

  /* The CropBox is clipped to the MediaBox */
  if (have_crop)
    {
      box->x0 = MAX (crop[0], media[0]);
      box->y0 = MAX (crop[1], media[1]);
      box->x1 = MIN (crop[2], media[2]);
      box->y1 = MIN (crop[3], media[3]);
    }
  if (!have_crop || box->x1 <= box->x0 || box->y1 <= box->y0)
    {
      box->x0 = media[0];
      box->y0 = media[1];
      box->x1 = media[2];
      box->y1 = media[3];
    }
  rotate %= 360;
  if (rotate < 0)
    rotate += 360;
  box->rotation = rotate - rotate % 90;

  return smartca_pdf_document_take_warnings (self, error);
}

gboolean
smartca_pdf_document_get_page_size (SmartcaPdfDocument *self,
                                    guint               page,
                                    double             *width,
                                    double             *height,
                                    int                *rotation,
                                    GError            **error)
{
  SmartcaPdfPageBox box;
  gboolean          swap;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!smartca_pdf_document_get_page_box (self, page, &box, error))
    return FALSE;
  swap = box.rotation == 90 || box.rotation == 270;
  if (width != NULL)
    *width = swap ? box.y1 - box.y0 : box.x1 - box.x0;
  if (height != NULL)
    *height = swap ? box.x1 - box.x0 : box.y1 - box.y0;
  if (rotation != NULL)
    *rotation = box.rotation;
  return TRUE;
}

gboolean
smartca_pdf_document_check_rect (SmartcaPdfDocument   *self,
                                 guint                 page,
                                 const SmartcaPdfRect *rect,
                                 GError              **error)
{
  double width, height;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (!smartca_pdf_document_get_page_size (self, page, &width, &height, NULL, error))
    return FALSE;

  if (!isfinite (rect->x) || !isfinite (rect->y) || !isfinite (rect->width) || !isfinite (rect->height) || rect->x < -RECT_TOLERANCE || rect->y < -RECT_TOLERANCE || rect->x + rect->width > width + RECT_TOLERANCE || rect->y + rect->height > height + RECT_TOLERANCE)
    {
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_RECT,
                   _("The signature does not fit on page %u, which is %.0f × %.0f points: place it "
                     "inside the page."),
                   page + 1, width, height);
      return FALSE;
    }
  if (rect->width < SMARTCA_PDF_MIN_RECT_SIZE || rect->height < SMARTCA_PDF_MIN_RECT_SIZE)
    {
      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_RECT,
                   _("The signature is too small: make it at least %.0f points wide and high."),
                   SMARTCA_PDF_MIN_RECT_SIZE);
      return FALSE;
    }
  return TRUE;
}

/* The output is neither the input's path nor the same file through a link */
gboolean
smartca_pdf_check_output (SmartcaPdfDocument *self,
                          const char         *output_path,
                          GError            **error)
{
  g_autofree char *input_real = realpath (self->path, NULL);
  g_autofree char *dir = g_path_get_dirname (output_path);
  g_autofree char *base = g_path_get_basename (output_path);
  g_autofree char *dir_real = realpath (dir, NULL);
  int              dir_errno = errno;
  g_autofree char *output_real = dir_real != NULL ? g_build_filename (dir_real, base, NULL) : NULL;
  struct stat      st;

  if ((input_real != NULL && output_real != NULL && strcmp (input_real, output_real) == 0) || (g_stat (output_path, &st) == 0 && st.st_dev == self->dev && st.st_ino == self->ino))
    {
      g_set_error_literal (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT,
                           _("The signed copy cannot replace the document itself: choose another "
                             "file name for it."));
      return FALSE;
    }
  if (*output_path == '\0' || g_str_has_suffix (output_path, G_DIR_SEPARATOR_S) || g_file_test (output_path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = display_path (output_path);

      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT,
                   _("The signed copy cannot be written in “%s”: %s."), shown, g_strerror (EISDIR));
      return FALSE;
    }
  if (strlen (base) > NAME_MAX)
    {
      g_autofree char *shown = display_path (dir);

      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT,
                   _("The signed copy cannot be written in “%s”: %s."), shown, g_strerror (ENAMETOOLONG));
      return FALSE;
    }
  if (dir_real == NULL)
    {
      int              saved = dir_errno;
      g_autofree char *shown = display_path (dir);

      g_set_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT,
                   _("The signed copy cannot be written in “%s”: %s."), shown, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

char *
smartca_pdf_default_output_path (const char *input_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  gsize            len;

  g_return_val_if_fail (input_path != NULL, NULL);

  dir = g_path_get_dirname (input_path);
  base = g_path_get_basename (input_path);
  len = strlen (base);
  if (len > 4 && g_ascii_strcasecmp (base + len - 4, ".pdf") == 0)
    base[len - 4] = '\0';
  /* Room for "-signed-NNN.pdf" in a file name, cut between characters */
  len = strlen (base);
  if (len > NAME_MAX - 20)
    {
      len = NAME_MAX - 20;
      while (len > 0 && ((guchar) base[len] & 0xc0) == 0x80)
        len--;
      base[len] = '\0';
    }

  for (guint n = 1;; n++)
    {
      g_autofree char *file = n == 1 ? g_strdup_printf ("%s-signed.pdf", base)
                                     : g_strdup_printf ("%s-signed-%u.pdf", base, n);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        return g_steal_pointer (&path);
    }
}
