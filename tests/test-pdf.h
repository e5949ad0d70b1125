/* test-pdf.h: what the PDF tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-pdf.h"
#include "smartca-test-pdf.h"
#include "smartca-test-pki.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir; /* a fresh folder, removed afterwards */
} PdfFixture;

void pdf_fixture_set_up (PdfFixture   *fixture,
                         gconstpointer data);
void pdf_fixture_tear_down (PdfFixture   *fixture,
                            gconstpointer data);
/* The names in @dir, sorted, joined by spaces */
char            *pdf_list_dir (const char *dir);
SmartcaPdfImage *pdf_test_image (int width,
                                 int height);
/* A CMS over @digest by the test PKI's signer */
GBytes *pdf_test_cms (const guint8 *digest);
void    pdf_refusal_tests_add (void);
/* Signs @input into @output with the test PKI's signer; checks it as
 * poppler, qpdf and MuPDF read it */
char *pdf_test_sign (const char                    *input,
                     const char                    *output,
                     const SmartcaPdfSignatureSpec *spec);
void  pdf_test_assert_valid (const char *path,
                             guint       n_signatures);
void  pdf_hostile_tests_add (void);

G_END_DECLS
