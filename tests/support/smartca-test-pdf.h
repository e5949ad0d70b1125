/* smartca-test-pdf.h: PDFs made at test time, and the outside tools that
 * check a signed one (qpdf, pdfsig with a test NSS database, pdftoppm)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_TEST_PDF_PLAIN = 0,
  SMARTCA_TEST_PDF_XREF_STREAM = 1 << 0, /* rewritten by qpdf --object-streams=generate */
  SMARTCA_TEST_PDF_FORM = 1 << 1,        /* has an AcroForm with a text field already */
} SmartcaTestPdfFlags;

/* Draws a PDF of @n_pages A4 pages with cairo (each page shows its number
 * in large text) with /Rotate @rotation on every page (0, 90, 180, 270),
 * writes it to @dir/@name and returns its path. */
char *smartca_test_pdf_make (const char         *dir,
                             const char         *name,
                             guint               n_pages,
                             int                 rotation,
                             SmartcaTestPdfFlags flags);
/* Sets @key ("/MediaBox", "/CropBox") of every page of @path to @box
 * ("[0 0 0 0]"), in place */
void smartca_test_pdf_set_box (const char *path,
                               const char *key,
                               const char *box);
/* Runs argv (NULL-terminated) and returns its stdout (and stderr appended),
 * or NULL when it could not run; @exit_status is optional. */
char *smartca_test_run (const char *const *argv,
                        int               *exit_status);
/* qpdf --check said "No syntax or stream encoding errors found" */
gboolean smartca_test_pdf_qpdf_clean (const char *path);
/* Creates an NSS database in @dir trusting @root_der as a CA (and each
 * extra DER in @also, NULL-terminated, as a peer) and returns "sql:DIR". */
char *smartca_test_nss_db_new (const char    *dir,
                               GBytes        *root_der,
                               GBytes *const *also);
/* pdfsig -nssdir @nssdir @path: its output */
char *smartca_test_pdfsig (const char *nssdir,
                           const char *path);
/* Renders page @page (from 1) at @dpi with pdftoppm and returns the count
 * of non-white pixels inside the rectangle (points, from the bottom-left
 * of the displayed page) and, in @outside, outside it. */
gboolean smartca_test_pdf_ink (const char *path,
                               guint       page,
                               double      x,
                               double      y,
                               double      width,
                               double      height,
                               guint      *inside,
                               guint      *outside);

G_END_DECLS
