/* smartca-pdf.h: reading a PDF to sign it, and appending the signature as
 * an incremental update
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is read with libqpdf; its bytes are never rewritten. The update
 * (signature dictionary, widget with its appearance, page, AcroForm, a
 * cross-reference section of the same kind as the file's last one) is
 * appended by hand to a copy, in a temporary file beside the output. The
 * copy is hashed over its ByteRange in chunks (never the whole file in
 * memory), the CMS is written into the reserved /Contents, and the
 * temporary file is renamed onto the output path: the output appears whole
 * or not at all.
 *
 * Every function here blocks: call them from a worker thread. Objects are
 * used by one thread at a time.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_PDF_ERROR (smartca_pdf_error_quark ())

/* Every message is translated, names the file when it helps, and says what
 * to do. */
typedef enum
{
  SMARTCA_PDF_ERROR_READ,      /* the input cannot be opened or read */
  SMARTCA_PDF_ERROR_NOT_PDF,   /* not a PDF, or qpdf cannot parse it at all */
  SMARTCA_PDF_ERROR_DAMAGED,   /* it parses only after repair (qpdf warned) */
  SMARTCA_PDF_ERROR_ENCRYPTED, /* encrypted (any /Encrypt) */
  SMARTCA_PDF_ERROR_CERTIFIED, /* certified with DocMDP P=1: no change allowed */
  SMARTCA_PDF_ERROR_PAGE,      /* no such page */
  SMARTCA_PDF_ERROR_RECT,      /* the rectangle is not inside the page, or too small */
  SMARTCA_PDF_ERROR_OUTPUT,    /* the output is the input, or cannot be written */
  SMARTCA_PDF_ERROR_TOO_LARGE, /* the CMS is larger than the space reserved for it */
} SmartcaPdfError;

/* The space reserved for the CMS (DER bytes; written as twice as many hex
 * digits). A CMS with a 2048/4096-bit leaf and a two-certificate chain is
 * 5–8 KiB. */
#define SMARTCA_PDF_CONTENTS_SIZE 16384

/* The smallest visible signature, in points */
#define SMARTCA_PDF_MIN_RECT_SIZE 24.0

/* A rectangle in points, in the page as it is displayed (after /Rotate):
 * the origin is the bottom-left corner of the visible page (its CropBox),
 * x to the right, y up. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} SmartcaPdfRect;

/* The appearance raster (smartca-pdf-appearance.h), upright as displayed.
 * The writer deflates it into an image XObject with an /SMask. */
typedef struct
{
  int     width;  /* pixels */
  int     height; /* pixels */
  GBytes *rgb;    /* width × height × 3 bytes, rows top to bottom */
  GBytes *alpha;  /* width × height bytes, or NULL when opaque */
} SmartcaPdfImage;

void smartca_pdf_image_free (SmartcaPdfImage *image);

typedef struct _SmartcaPdfDocument SmartcaPdfDocument;

GQuark smartca_pdf_error_quark (void);

/* Opens @path and refuses what cannot be signed: not a PDF, damaged
 * (repaired on read), encrypted, certified with no changes allowed. */
SmartcaPdfDocument *smartca_pdf_document_open (const char   *path,
                                               GCancellable *cancellable,
                                               GError      **error);
void                smartca_pdf_document_free (SmartcaPdfDocument *self);
const char         *smartca_pdf_document_get_path (SmartcaPdfDocument *self);
guint               smartca_pdf_document_get_n_pages (SmartcaPdfDocument *self);
/* The number of signature fields that already hold a signature */
guint smartca_pdf_document_get_n_signatures (SmartcaPdfDocument *self);
/* @page counts from 0. The displayed size (width and height swapped for
 * /Rotate 90 and 270) and the rotation (0, 90, 180, 270). */
gboolean smartca_pdf_document_get_page_size (SmartcaPdfDocument *self,
                                             guint               page,
                                             double             *width,
                                             double             *height,
                                             int                *rotation,
                                             GError            **error);
/* Whether @rect (displayed coordinates) lies inside @page and is at least
 * SMARTCA_PDF_MIN_RECT_SIZE on each side (SMARTCA_PDF_ERROR_PAGE / _RECT). */
gboolean smartca_pdf_document_check_rect (SmartcaPdfDocument   *self,
                                          guint                 page,
                                          const SmartcaPdfRect *rect,
                                          GError              **error);

/* What the signature looks like and says */
typedef struct
{
  guint                  page;         /* from 0; for an invisible signature too (its /P) */
  SmartcaPdfRect         rect;         /* displayed coordinates; ignored when invisible */
  gboolean               invisible;    /* a widget with an empty /Rect and no appearance */
  const SmartcaPdfImage *appearance;   /* drawn over rect; NULL when invisible */
  const char            *name;         /* /Name: the signer's CN; nullable */
  const char            *reason;       /* /Reason; nullable */
  const char            *location;     /* /Location; nullable */
  gint64                 signing_time; /* unix seconds, for /M (written +07'00') */
} SmartcaPdfSignatureSpec;

typedef struct _SmartcaPdfPrepared SmartcaPdfPrepared;

/* Copies the input and appends the update into a temporary file in
 * @output_path's folder, with the ByteRange filled in and /Contents
 * reserved (SMARTCA_PDF_CONTENTS_SIZE zero bytes as hex). @output_path must
 * not be the input (SMARTCA_PDF_ERROR_OUTPUT), even through a link. */
SmartcaPdfPrepared *smartca_pdf_prepare (SmartcaPdfDocument            *document,
                                         const SmartcaPdfSignatureSpec *spec,
                                         const char                    *output_path,
                                         GCancellable                  *cancellable,
                                         GError                       **error);
/* SHA-256 of the bytes the ByteRange covers, read in chunks. */
gboolean smartca_pdf_prepared_digest (SmartcaPdfPrepared *self,
                                      guint8              digest[32],
                                      GCancellable       *cancellable,
                                      GError            **error);
/* Writes @cms (DER) into /Contents, syncs, and renames the temporary file
 * onto the output path. SMARTCA_PDF_ERROR_TOO_LARGE, and nothing written,
 * when it does not fit. */
gboolean    smartca_pdf_prepared_commit (SmartcaPdfPrepared *self,
                                         GBytes             *cms,
                                         GCancellable       *cancellable,
                                         GError            **error);
const char *smartca_pdf_prepared_get_output_path (SmartcaPdfPrepared *self);
/* Removes the temporary file unless committed */
void smartca_pdf_prepared_free (SmartcaPdfPrepared *self);

/* "<folder>/<name>-signed.pdf" beside @input_path (a ".pdf"/".PDF" suffix is
 * replaced; "-signed-2.pdf", "-signed-3.pdf"… when that file exists). */
char *smartca_pdf_default_output_path (const char *input_path);

/* Whether @output_path may receive the signed copy of @self: not the input
 * (same path, link or same inode), not a folder, a name that fits, in a
 * folder that exists (SMARTCA_PDF_ERROR_OUTPUT, with a message that says
 * what to do, otherwise). Nothing is written. */
gboolean smartca_pdf_check_output (SmartcaPdfDocument *self,
                                   const char         *output_path,
                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaPdfImage, smartca_pdf_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaPdfDocument, smartca_pdf_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaPdfPrepared, smartca_pdf_prepared_free)

G_END_DECLS
