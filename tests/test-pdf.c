/* test-pdf.c: PDFs signed by the incremental update, checked by qpdf,
 * poppler (pdfsig, pdftoppm), which did not write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

#include "smartca-cms.h"
#include "smartca-pdf-appearance.h"
#include "test-pdf.h"

#define DAY (24 * 60 * 60)
#define SUBJECT "C=VN,ST=HÀ NỘI,CN=Nguyễn Văn An,UID=CCCD:001099012345"
#define SERIAL "540101010123456789abcdef01234567"

static SmartcaTestPki *pki;
static GBytes         *leaf;
static char           *nss_dir;
static char           *nss_db;

/* Shared helpers */

void
pdf_fixture_set_up (PdfFixture   *fixture,
                    gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("smartca-pdf-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

void
pdf_fixture_tear_down (PdfFixture   *fixture,
                       gconstpointer data)
{
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
pdf_list_dir (const char *dir)
{
  g_autoptr(GDir)      handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char          *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Opaque ink in the top-left quadrant only; the rest is transparent (its
 * colour is dark too, so a lost soft mask shows) */
SmartcaPdfImage *
pdf_test_image (int width,
                int height)
{
  SmartcaPdfImage *image = g_new0 (SmartcaPdfImage, 1);
  guint8          *rgb = g_malloc ((gsize) width * height * 3);
  guint8          *alpha = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        gsize i = (gsize) y * width + x;

        rgb[3 * i] = 0x10;
        rgb[3 * i + 1] = 0x20;
        rgb[3 * i + 2] = 0xa0;
        alpha[i] = x < width / 2 && y < height / 2 ? 0xff : 0;
      }
  image->width = width;
  image->height = height;
  image->rgb = g_bytes_new_take (rgb, (gsize) width * height * 3);
  image->alpha = g_bytes_new_take (alpha, (gsize) width * height);
  return image;
}

GBytes *
pdf_test_cms (const guint8 *digest)
{
  GBytes               *chain[] = { smartca_test_pki_get_ca_der (pki), smartca_test_pki_get_root_der (pki), NULL };
  g_autoptr(GError)     error = NULL;
  g_autoptr(SmartcaCms) cms = smartca_cms_new (leaf, chain, digest, &error);
  g_autoptr(GBytes)     hash = NULL;
  g_autoptr(GBytes)     signature = NULL;
  GBytes               *der;

  g_assert_no_error (error);
  hash = smartca_cms_get_hash_to_sign (cms);
  signature = smartca_test_pki_sign_digest (pki, g_bytes_get_data (hash, NULL), g_bytes_get_size (hash));
  der = smartca_cms_finish (cms, signature, &error);
  g_assert_no_error (error);
  return der;
}

/* Signing */

static void
spec_init (SmartcaPdfSignatureSpec *spec,
           const SmartcaPdfImage   *image)
{
  *spec = (SmartcaPdfSignatureSpec){
    .page = 0,
    .rect = { 340, 60, 200, 80 },
    .appearance = image,
    .name = "Nguyễn Văn An",
    .reason = "Phê duyệt (bản cuối) \\ ok",
    .location = "Hà Nội",
    .signing_time = 1767225600, /* 2026-01-01 07:00 in Vietnam */
  };
}

static char *
sign (const char                    *input,
      const char                    *output,
      const SmartcaPdfSignatureSpec *spec)
{
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  g_autoptr(SmartcaPdfPrepared) prepared = NULL;
  g_autoptr(GBytes)             cms = NULL;
  guint8                        digest[32];

  g_assert_no_error (error);
  prepared = smartca_pdf_prepare (document, spec, output, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_true (smartca_pdf_prepared_digest (prepared, digest, NULL, &error));
  cms = pdf_test_cms (digest);
  g_assert_true (smartca_pdf_prepared_commit (prepared, cms, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (smartca_pdf_prepared_get_output_path (prepared), ==, output);
  return g_strdup (output);
}

static void
assert_prefix (const char *original,
               const char *signed_path)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize            a_len = 0, b_len = 0;

  g_assert_true (g_file_get_contents (original, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (signed_path, &b, &b_len, NULL));
  g_assert_cmpuint (b_len, >, a_len + 2 * SMARTCA_PDF_CONTENTS_SIZE);
  g_assert_true (memcmp (a, b, a_len) == 0);
}

static void
assert_valid (const char *path,
              guint       n_signatures)
{
  g_autofree char *out = smartca_test_pdfsig (nss_db, path);
  g_autofree char *header = g_strdup_printf ("Signature #%u:", n_signatures);
  g_autofree char *beyond = g_strdup_printf ("Signature #%u:", n_signatures + 1);

  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, header));
  g_assert_null (strstr (out, beyond));
  /* The last signature covers the whole file */
  g_assert_nonnull (strstr (strstr (out, header), "Signature is Valid."));
  g_assert_nonnull (strstr (strstr (out, header), "Certificate is Trusted."));
  g_assert_nonnull (strstr (strstr (out, header), "Total document signed"));
  g_assert_null (strstr (out, "Digest Mismatch"));
  g_assert_true (smartca_test_pdf_qpdf_clean (path));

  /* MuPDF, another reader, agrees that nothing changed since the last one */
  {
    const char *const argv[] = { "mutool", "sign", "-v", path, NULL };
    g_autofree char  *mutool = smartca_test_run (argv, NULL);
    const char       *last;

    g_assert_nonnull (mutool);
    last = g_strrstr (mutool, "Verifying signature");
    g_assert_nonnull (last);
    g_assert_nonnull (strstr (last, "The document is unchanged since signing."));
  }
}

/* For the other files of this test */
char *
pdf_test_sign (const char                    *input,
               const char                    *output,
               const SmartcaPdfSignatureSpec *spec)
{
  return sign (input, output, spec);
}

void
pdf_test_assert_valid (const char *path,
                       guint       n_signatures)
{
  assert_valid (path, n_signatures);
}

/* One byte of the signed range changed: the digest no longer matches */
static void
assert_tamper_detected (const char *path,
                        const char *dir)
{
  g_autofree char *data = NULL;
  g_autofree char *tampered = g_build_filename (dir, "tampered.pdf", NULL);
  g_autofree char *out = NULL;
  gsize            len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  /* In the binary comment on the second line: the file still parses */
  data[strchr (data, '\n') - data + 2] ^= 0x01;
  g_assert_true (g_file_set_contents (tampered, data, len, NULL));
  out = smartca_test_pdfsig (nss_db, tampered);
  g_assert_nonnull (strstr (out, "Digest Mismatch."));
  g_unlink (tampered);
}

/* Ink inside the displayed rectangle's top-left quadrant only (the image
 * upright), and nothing new outside it */
static void
assert_appearance (const char           *original,
                   const char           *signed_path,
                   guint                 page,
                   const SmartcaPdfRect *r)
{
  guint  before_in = 0, before_out = 0, in = 0, out = 0;
  guint  q_in = 0, q_out = 0;
  double half_w = r->width / 2, half_h = r->height / 2;

  g_assert_true (smartca_test_pdf_ink (original, page + 1, r->x, r->y, r->width, r->height, &before_in,
                                       &before_out));
  g_assert_true (smartca_test_pdf_ink (signed_path, page + 1, r->x, r->y, r->width, r->height, &in, &out));
  g_assert_cmpuint (out, ==, before_out);
  g_assert_cmpuint (in, >, before_in + (guint) (half_w * half_h * 0.8));

  /* top-left quadrant: full; the other three: nothing (2 pt of slack) */
  g_assert_true (smartca_test_pdf_ink (signed_path, page + 1, r->x + 2, r->y + half_h + 2, half_w - 4,
                                       half_h - 4, &q_in, &q_out));
  g_assert_cmpuint (q_in, >=, (guint) ((half_w - 4) * (half_h - 4) * 0.95));
  g_assert_true (smartca_test_pdf_ink (signed_path, page + 1, r->x + half_w + 2, r->y + 2, half_w - 4,
                                       r->height - 4, &q_in, &q_out));
  g_assert_cmpuint (q_in, ==, 0);
  g_assert_true (smartca_test_pdf_ink (signed_path, page + 1, r->x + 2, r->y + 2, r->width - 4, half_h - 4,
                                       &q_in, &q_out));
  g_assert_cmpuint (q_in, ==, 0);
}

static void
sign_and_check (PdfFixture         *fixture,
                SmartcaTestPdfFlags flags,
                int                 rotation,
                const char         *qpdf_option)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 2, rotation, flags);
  g_autofree char              *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char              *listing = NULL;
  g_autoptr(SmartcaPdfImage)    image = pdf_test_image (200, 80);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = NULL;
  SmartcaPdfSignatureSpec       spec;
  g_autofree char              *signed_path = NULL;
  double                        width = 0, height = 0;
  int                           shown_rotation = -1;

  if (qpdf_option != NULL)
    {
      g_autofree char  *drawn = g_build_filename (fixture->dir, "drawn.pdf", NULL);
      const char *const argv[] = { "qpdf", qpdf_option, drawn, input, NULL };
      int               status = -1;
      g_autofree char  *out = NULL;

      g_assert_cmpint (g_rename (input, drawn), ==, 0);
      out = smartca_test_run (argv, &status);
      g_assert_cmpint (status, ==, 0);
      g_unlink (drawn);
    }

  spec_init (&spec, image);
  spec.page = 1;
  document = smartca_pdf_document_open (input, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_pdf_document_get_page_size (document, 1, &width, &height, &shown_rotation, &error));
  g_assert_cmpint (shown_rotation, ==, rotation);
  g_assert_cmpfloat_with_epsilon (width, rotation % 180 == 0 ? 595 : 842, 0.01);
  g_assert_cmpfloat_with_epsilon (height, rotation % 180 == 0 ? 842 : 595, 0.01);
  g_assert_cmpuint (smartca_pdf_document_get_n_signatures (document), ==, 0);
  spec.rect = (SmartcaPdfRect){ width - 240, 40, 200, 80 };

  signed_path = sign (input, output, &spec);
  assert_prefix (input, signed_path);
  assert_valid (signed_path, 1);
  assert_appearance (input, signed_path, 1, &spec.rect);
  assert_tamper_detected (signed_path, fixture->dir);

  /* Nothing else left in the folder: no temporary file */
  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "in.pdf out.pdf");
}

static void
test_sign_table (PdfFixture   *fixture,
                 gconstpointer data)
{
  sign_and_check (fixture, SMARTCA_TEST_PDF_PLAIN, 0, NULL);
}

static void
test_sign_xref_stream (PdfFixture   *fixture,
                       gconstpointer data)
{
  sign_and_check (fixture, SMARTCA_TEST_PDF_XREF_STREAM, 0, NULL);
}

static void
test_sign_form (PdfFixture   *fixture,
                gconstpointer data)
{
  sign_and_check (fixture, SMARTCA_TEST_PDF_FORM, 0, NULL);
}

static void
test_sign_form_xref_stream (PdfFixture   *fixture,
                            gconstpointer data)
{
  sign_and_check (fixture, SMARTCA_TEST_PDF_FORM | SMARTCA_TEST_PDF_XREF_STREAM, 0, NULL);
}

/* Linearized ("fast web view"): the last startxref points near the start */
static void
test_sign_linearized (PdfFixture   *fixture,
                      gconstpointer data)
{
  sign_and_check (fixture, SMARTCA_TEST_PDF_PLAIN, 0, "--linearize");
}

static void
test_sign_rotated (PdfFixture   *fixture,
                   gconstpointer data)
{
  sign_and_check (fixture, SMARTCA_TEST_PDF_PLAIN, GPOINTER_TO_INT (data), NULL);
}

/* MediaBox and Rotate inherited from the page tree, a CropBox that does not
 * start at 0 0: the displayed rectangle still lands where it is shown */
static void
test_sign_inherited (PdfFixture   *fixture,
                     gconstpointer data)
{
  g_autofree char              *drawn = smartca_test_pdf_make (fixture->dir, "drawn.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *input = g_build_filename (fixture->dir, "in.pdf", NULL);
  g_autofree char              *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autoptr(SmartcaPdfImage)    image = pdf_test_image (120, 60);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = NULL;
  g_autofree char              *signed_path = NULL;
  SmartcaPdfSignatureSpec       spec;
  qpdf_data                     qpdf = qpdf_init ();
  qpdf_oh                       page, parent, crop;
  double                        width = 0, height = 0;
  int                           rotation = 0;

  g_assert_cmpint (qpdf_read (qpdf, drawn, NULL), ==, QPDF_SUCCESS);
  page = qpdf_get_page_n (qpdf, 0);
  parent = qpdf_oh_get_key (qpdf, page, "/Parent");
  qpdf_oh_replace_key (qpdf, parent, "/MediaBox", qpdf_oh_get_key (qpdf, page, "/MediaBox"));
  qpdf_oh_replace_key (qpdf, parent, "/Rotate", qpdf_oh_new_integer (qpdf, GPOINTER_TO_INT (data)));
  qpdf_oh_remove_key (qpdf, page, "/MediaBox");
  crop = qpdf_oh_new_array (qpdf);
  qpdf_oh_append_item (qpdf, crop, qpdf_oh_new_integer (qpdf, 100));
  qpdf_oh_append_item (qpdf, crop, qpdf_oh_new_integer (qpdf, 50));
  qpdf_oh_append_item (qpdf, crop, qpdf_oh_new_integer (qpdf, 500));
  qpdf_oh_append_item (qpdf, crop, qpdf_oh_new_integer (qpdf, 800));
  qpdf_oh_replace_key (qpdf, page, "/CropBox", crop);
  g_assert_cmpint (qpdf_init_write (qpdf, input), ==, QPDF_SUCCESS);
  g_assert_cmpint (qpdf_write (qpdf), ==, QPDF_SUCCESS);
  qpdf_cleanup (&qpdf);

  document = smartca_pdf_document_open (input, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_pdf_document_get_page_size (document, 0, &width, &height, &rotation, &error));
  g_assert_cmpint (rotation, ==, GPOINTER_TO_INT (data));
  g_assert_cmpfloat (width, ==, rotation % 180 == 0 ? 400 : 750);
  g_assert_cmpfloat (height, ==, rotation % 180 == 0 ? 750 : 400);

  spec_init (&spec, image);
  spec.rect = (SmartcaPdfRect){ width - 250, 40, 200, 80 };
  signed_path = sign (input, output, &spec);
  assert_valid (signed_path, 1);
  assert_appearance (input, signed_path, 0, &spec.rect);
}

/* The appearance as the signing operation draws it (text, 4 pixels a
 * point) on a turned page: it lands inside its rectangle only */
static void
test_sign_rendered (PdfFixture   *fixture,
                    gconstpointer data)
{
  g_autofree char         *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 90, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char         *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  SmartcaPdfAppearanceSpec look = {
    .signer_name = "Nguyễn Văn An",
    .signing_time = 1767225600,
    .reason = "Phê duyệt",
    .location = "Hà Nội",
  };
  SmartcaPdfRect             rect = { 560, 40, 220, 90 };
  g_autoptr(SmartcaPdfImage) image = smartca_pdf_appearance_render (&look, rect.width, rect.height,
                                                                    SMARTCA_PDF_APPEARANCE_SCALE);
  g_autofree char           *signed_path = NULL;
  SmartcaPdfSignatureSpec    spec;
  guint                      before_in = 0, before_out = 0, in = 0, out = 0;

  spec_init (&spec, image);
  spec.rect = rect;
  signed_path = sign (input, output, &spec);
  assert_valid (signed_path, 1);
  g_assert_true (smartca_test_pdf_ink (input, 1, rect.x, rect.y, rect.width, rect.height, &before_in, &before_out));
  g_assert_true (smartca_test_pdf_ink (signed_path, 1, rect.x, rect.y, rect.width, rect.height, &in, &out));
  g_assert_cmpuint (out, ==, before_out);
  g_assert_cmpuint (in, >, before_in + 500);
}

/* The signed file, read back with qpdf: the field that holds signature
 * @index (from 0) */
typedef struct
{
  qpdf_data qpdf;
  qpdf_oh   field;
} SignedField;

static void
read_field (const char  *path,
            int          index,
            SignedField *out)
{
  qpdf_oh fields;

  out->qpdf = qpdf_init ();
  g_assert_cmpint (qpdf_read (out->qpdf, path, NULL), ==, QPDF_SUCCESS);
  g_assert_false (qpdf_more_warnings (out->qpdf));
  fields = qpdf_oh_get_key (out->qpdf, qpdf_oh_get_key (out->qpdf, qpdf_get_root (out->qpdf), "/AcroForm"),
                            "/Fields");
  g_assert_true (qpdf_oh_is_array (out->qpdf, fields));
  g_assert_cmpint (qpdf_oh_get_array_n_items (out->qpdf, fields), >, index);
  out->field = qpdf_oh_get_array_item (out->qpdf, fields, qpdf_oh_get_array_n_items (out->qpdf, fields) - 1);
}

static void
test_sign_dictionary (PdfFixture   *fixture,
                      gconstpointer data)
{
  g_autofree char           *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_FORM);
  g_autofree char           *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autoptr(SmartcaPdfImage) image = pdf_test_image (40, 16);
  g_autofree char           *signed_path = NULL;
  SmartcaPdfSignatureSpec    spec;
  SignedField                read = { 0 };
  qpdf_oh                    sig, rect;

  spec_init (&spec, image);
  signed_path = sign (input, output, &spec);
  read_field (signed_path, 1, &read);

  /* The form had a field named Signature1 already */
  g_assert_cmpstr (qpdf_oh_get_utf8_value (read.qpdf, qpdf_oh_get_key (read.qpdf, read.field, "/T")), ==,
                   "Signature2");
  g_assert_cmpint (qpdf_oh_get_int_value (read.qpdf, qpdf_oh_get_key (read.qpdf, read.field, "/F")), ==, 132);
  g_assert_cmpint (qpdf_oh_get_int_value (read.qpdf,
                                          qpdf_oh_get_key (read.qpdf,
                                                           qpdf_oh_get_key (read.qpdf, qpdf_get_root (read.qpdf),
                                                                            "/AcroForm"),
                                                           "/SigFlags")),
                   ==, 3);
  rect = qpdf_oh_get_key (read.qpdf, read.field, "/Rect");
  g_assert_cmpfloat (qpdf_oh_get_numeric_value (read.qpdf, qpdf_oh_get_array_item (read.qpdf, rect, 0)), ==, 340);
  g_assert_cmpfloat (qpdf_oh_get_numeric_value (read.qpdf, qpdf_oh_get_array_item (read.qpdf, rect, 3)), ==, 140);

  sig = qpdf_oh_get_key (read.qpdf, read.field, "/V");
  g_assert_cmpstr (qpdf_oh_get_utf8_value (read.qpdf, qpdf_oh_get_key (read.qpdf, sig, "/Name")), ==,
                   "Nguyễn Văn An");
  g_assert_cmpstr (qpdf_oh_get_utf8_value (read.qpdf, qpdf_oh_get_key (read.qpdf, sig, "/Reason")), ==,
                   "Phê duyệt (bản cuối) \\ ok");
  g_assert_cmpstr (qpdf_oh_get_utf8_value (read.qpdf, qpdf_oh_get_key (read.qpdf, sig, "/Location")), ==,
                   "Hà Nội");
  g_assert_cmpstr (qpdf_oh_get_utf8_value (read.qpdf, qpdf_oh_get_key (read.qpdf, sig, "/M")), ==,
                   "D:20260101070000+07'00'");
  g_assert_true (qpdf_oh_is_name_and_equals (read.qpdf, qpdf_oh_get_key (read.qpdf, sig, "/SubFilter"),
                                             "/ETSI.CAdES.detached"));
  qpdf_cleanup (&read.qpdf);
  assert_valid (signed_path, 1);
}

static void
test_sign_invisible (PdfFixture   *fixture,
                     gconstpointer data)
{
  g_autofree char        *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 90, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char        *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char        *signed_path = NULL;
  SmartcaPdfSignatureSpec spec;
  SignedField             read = { 0 };
  qpdf_oh                 rect;
  guint                   before_in = 0, before_out = 0, in = 0, out = 0;

  spec_init (&spec, NULL);
  spec.invisible = TRUE;
  spec.rect = (SmartcaPdfRect){ 0, 0, 0, 0 };
  signed_path = sign (input, output, &spec);
  assert_valid (signed_path, 1);

  read_field (signed_path, 0, &read);
  g_assert_false (qpdf_oh_has_key (read.qpdf, read.field, "/AP"));
  rect = qpdf_oh_get_key (read.qpdf, read.field, "/Rect");
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (qpdf_oh_get_numeric_value (read.qpdf, qpdf_oh_get_array_item (read.qpdf, rect, i)), ==, 0);
  qpdf_cleanup (&read.qpdf);

  g_assert_true (smartca_test_pdf_ink (input, 1, 0, 0, 10, 10, &before_in, &before_out));
  g_assert_true (smartca_test_pdf_ink (signed_path, 1, 0, 0, 10, 10, &in, &out));
  g_assert_cmpuint (in + out, ==, before_in + before_out);
}

/* A signed file signed again: the first signature stays valid but no
 * longer covers the whole file */
static void
test_sign_twice (PdfFixture   *fixture,
                 gconstpointer data)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, GPOINTER_TO_INT (data));
  g_autofree char              *first_path = g_build_filename (fixture->dir, "first.pdf", NULL);
  g_autofree char              *second_path = g_build_filename (fixture->dir, "second.pdf", NULL);
  g_autoptr(SmartcaPdfImage)    image = pdf_test_image (100, 50);
  g_autofree char              *first = NULL;
  g_autofree char              *second = NULL;
  g_autofree char              *out = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = NULL;
  SmartcaPdfSignatureSpec       spec;
  const char                   *second_block;
  SignedField                   read = { 0 };

  spec_init (&spec, image);
  first = sign (input, first_path, &spec);
  document = smartca_pdf_document_open (first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_pdf_document_get_n_signatures (document), ==, 1);

  spec.rect = (SmartcaPdfRect){ 40, 60, 150, 60 };
  second = sign (first, second_path, &spec);
  assert_prefix (first, second);
  assert_valid (second, 2);

  out = smartca_test_pdfsig (nss_db, second);
  second_block = strstr (out, "Signature #2:");
  g_assert_nonnull (second_block);
  g_assert_nonnull (g_strstr_len (out, second_block - out, "Signature is Valid."));
  g_assert_nonnull (g_strstr_len (out, second_block - out, "Not total document signed"));

  read_field (second, 1, &read);
  g_assert_cmpstr (qpdf_oh_get_utf8_value (read.qpdf, qpdf_oh_get_key (read.qpdf, read.field, "/T")), ==,
                   (GPOINTER_TO_INT (data) & SMARTCA_TEST_PDF_FORM) ? "Signature3" : "Signature2");
  qpdf_cleanup (&read.qpdf);
}

static void
test_default_output_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("smartca-pdf-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (dir, "Hợp đồng.PDF", NULL);
  g_autofree char *first = g_build_filename (dir, "Hợp đồng-signed.pdf", NULL);
  g_autofree char *second = g_build_filename (dir, "Hợp đồng-signed-2.pdf", NULL);
  g_autofree char *plain = g_build_filename (dir, "notes", NULL);
  g_autofree char *plain_signed = g_build_filename (dir, "notes-signed.pdf", NULL);
  g_autofree char *path = NULL;

  path = smartca_pdf_default_output_path (input);
  g_assert_cmpstr (path, ==, first);
  g_assert_true (g_file_set_contents (first, "x", 1, NULL));
  g_free (path);
  path = smartca_pdf_default_output_path (input);
  g_assert_cmpstr (path, ==, second);
  g_free (path);
  path = smartca_pdf_default_output_path (plain);
  g_assert_cmpstr (path, ==, plain_signed);
  smartca_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SMARTCA_TEST_LOCALEDIR");
  gint64      now;
  int         status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  pki = smartca_test_pki_new ();
  now = g_get_real_time () / G_USEC_PER_SEC;
  leaf = smartca_test_pki_issue (pki, SUBJECT, SERIAL, now - 10 * DAY, now + 300 * DAY);
  nss_dir = g_dir_make_tmp ("smartca-nss-XXXXXX", NULL);
  {
    GBytes *also[] = { leaf, NULL };

    /* poppler 22.12 wants the signer known when two signatures share it */
    nss_db = smartca_test_nss_db_new (nss_dir, smartca_test_pki_get_root_der (pki), also);
  }

#define ADD(path, func, data) \
  g_test_add (path, PdfFixture, data, pdf_fixture_set_up, func, pdf_fixture_tear_down)
  ADD ("/pdf/sign/xref-table", test_sign_table, NULL);
  ADD ("/pdf/sign/xref-stream", test_sign_xref_stream, NULL);
  ADD ("/pdf/sign/form", test_sign_form, NULL);
  ADD ("/pdf/sign/form-xref-stream", test_sign_form_xref_stream, NULL);
  ADD ("/pdf/sign/linearized", test_sign_linearized, NULL);
  ADD ("/pdf/sign/rotated-90", test_sign_rotated, GINT_TO_POINTER (90));
  ADD ("/pdf/sign/rotated-180", test_sign_rotated, GINT_TO_POINTER (180));
  ADD ("/pdf/sign/rotated-270", test_sign_rotated, GINT_TO_POINTER (270));
  ADD ("/pdf/sign/inherited-cropbox-0", test_sign_inherited, GINT_TO_POINTER (0));
  ADD ("/pdf/sign/inherited-cropbox-90", test_sign_inherited, GINT_TO_POINTER (90));
  ADD ("/pdf/sign/inherited-cropbox-270", test_sign_inherited, GINT_TO_POINTER (270));
  ADD ("/pdf/sign/rendered", test_sign_rendered, NULL);
  ADD ("/pdf/sign/dictionary", test_sign_dictionary, NULL);
  ADD ("/pdf/sign/invisible", test_sign_invisible, NULL);
  ADD ("/pdf/sign/twice", test_sign_twice, GINT_TO_POINTER (SMARTCA_TEST_PDF_PLAIN));
  ADD ("/pdf/sign/twice-form", test_sign_twice, GINT_TO_POINTER (SMARTCA_TEST_PDF_FORM));
  ADD ("/pdf/sign/twice-xref-stream", test_sign_twice, GINT_TO_POINTER (SMARTCA_TEST_PDF_XREF_STREAM));
#undef ADD
  g_test_add_func ("/pdf/default-output-path", test_default_output_path);
  pdf_refusal_tests_add ();
  pdf_hostile_tests_add ();

  status = g_test_run ();

  smartca_test_remove_tree (nss_dir);
  g_free (nss_dir);
  g_free (nss_db);
  g_bytes_unref (leaf);
  smartca_test_pki_free (pki);
  return status;
}
