/* smartca-pdf-private.h: what the reader hands the writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-pdf.h"

#include <qpdf/qpdf-c.h>
#include <sys/types.h>

G_BEGIN_DECLS

struct _SmartcaPdfDocument
{
  char     *path;
  qpdf_data qpdf;
  guint64   size; /* the bytes read at open: the update follows them */
  dev_t     dev;
  ino_t     ino;
  int       mode;
  gboolean  ends_with_eol;

  guint n_pages;
  guint n_signatures;
  guint n_fields;
  /* /T of every field, to choose a free name */
  GHashTable *field_names;

  /* The last cross-reference section */
  guint64  prev_startxref;
  gboolean xref_stream;
  guint    xref_size; /* /Size: the first free object number */
  char    *info_ref;  /* "N G R" (or a direct dictionary), or NULL */
  char    *id_first;  /* "<hex>", or NULL */
};

/* The visible page, in default user space, and its rotation */
typedef struct
{
  double x0;
  double y0;
  double x1;
  double y1;
  int    rotation;
} SmartcaPdfPageBox;

gboolean smartca_pdf_document_get_page_box (SmartcaPdfDocument *self,
                                            guint               page,
                                            SmartcaPdfPageBox  *box,
                                            GError            **error);
/* Whether qpdf warned since the last call (the file needed repair) */
gboolean smartca_pdf_document_take_warnings (SmartcaPdfDocument *self,
                                             GError            **error);

/* PDF syntax */
void smartca_pdf_append_text_string (GString    *out,
                                     const char *utf8);
void smartca_pdf_append_date (GString *out,
                              gint64   unix_time);
void smartca_pdf_append_number (GString *out,
                                double   value);

/* One object of the update: where it starts */
typedef struct
{
  guint   id;
  guint   generation;
  guint64 offset;
} SmartcaPdfXrefEntry;

/* Records the object's offset (@base + the length of @out) in @entries and
 * writes "id gen obj" */
void smartca_pdf_begin_object (GString *out,
                               GArray  *entries,
                               guint64  base,
                               guint    id,
                               guint    generation);

/* The update (objects, cross-reference section, trailer) into @out, which
 * starts at file offset @base, with the ByteRange filled in. */
gboolean smartca_pdf_build_update (SmartcaPdfDocument            *self,
                                   const SmartcaPdfSignatureSpec *spec,
                                   guint64                        base,
                                   GString                       *out,
                                   gsize                         *contents_at,
                                   GError                       **error);
/* The appearance: image (and soft mask) and form XObjects, numbered from
 * @first_id; returns the form's number */
guint smartca_pdf_append_appearance (GString                       *out,
                                     GArray                        *entries,
                                     guint64                        base,
                                     const SmartcaPdfSignatureSpec *spec,
                                     int                            rotation,
                                     guint                          first_id);

G_END_DECLS
