/* test-pdf-refusals.c: what cannot be signed is refused with a clear
 * message and leaves no file behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>
#include <string.h>
#include <unistd.h>

#include "test-pdf.h"

static void
assert_open_refused (const char *path,
                     int         code)
{
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (path, NULL, &error);

  g_assert_null (document);
  g_assert_error (error, SMARTCA_PDF_ERROR, code);
  g_test_message ("%s", error->message);
}

static char *
read_file (const char *path,
           gsize      *len)
{
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

static void
run_ok (const char *const *argv)
{
  int              status = -1;
  g_autofree char *out = smartca_test_run (argv, &status);

  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
}

static void
test_not_pdf (PdfFixture   *fixture,
              gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "letter.pdf", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.pdf", NULL);

  g_assert_true (g_file_set_contents (path, "Dear reader,\nthis is no PDF.\n", -1, NULL));
  assert_open_refused (path, SMARTCA_PDF_ERROR_NOT_PDF);
  assert_open_refused (missing, SMARTCA_PDF_ERROR_READ);
  assert_open_refused (fixture->dir, SMARTCA_PDF_ERROR_READ);
}

static void
test_encrypted (PdfFixture   *fixture,
                gconstpointer data)
{
  g_autofree char  *plain = smartca_test_pdf_make (fixture->dir, "plain.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char  *locked = g_build_filename (fixture->dir, "locked.pdf", NULL);
  g_autofree char  *open = g_build_filename (fixture->dir, "open.pdf", NULL);
  const char *const with_password[] = { "qpdf", "--encrypt", "secret", "owner", "256", "--", plain, locked, NULL };
  const char *const empty_password[] = { "qpdf", "--encrypt", "", "owner", "256", "--", plain, open, NULL };

  run_ok (with_password);
  run_ok (empty_password);
  assert_open_refused (locked, SMARTCA_PDF_ERROR_ENCRYPTED);
  /* qpdf reads this one without a password, but it is encrypted all the same */
  assert_open_refused (open, SMARTCA_PDF_ERROR_ENCRYPTED);
}

/* The first or last @needle in @data (which holds NUL bytes) */
static char *
find_bytes (char       *data,
            gsize       len,
            const char *needle,
            gboolean    last)
{
  gsize n = strlen (needle);
  char *found = NULL;

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      {
        found = data + i;
        if (!last)
          break;
      }
  return found;
}

static void
write_damaged (const char *from,
               const char *to,
               const char *find,
               const char *replace)
{
  gsize            len = 0;
  g_autofree char *data = read_file (from, &len);
  char            *at = find_bytes (data, len, find, FALSE);

  g_assert_nonnull (at);
  g_assert_cmpuint (strlen (find), ==, strlen (replace));
  memcpy (at, replace, strlen (replace));
  g_assert_true (g_file_set_contents (to, data, len, NULL));
}

static void
test_damaged (PdfFixture   *fixture,
              gconstpointer data)
{
  g_autofree char *plain = smartca_test_pdf_make (fixture->dir, "plain.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *object = g_build_filename (fixture->dir, "object.pdf", NULL);
  g_autofree char *xref = g_build_filename (fixture->dir, "xref.pdf", NULL);
  g_autofree char *cut = g_build_filename (fixture->dir, "cut.pdf", NULL);
  gsize            len = 0;
  g_autofree char *bytes = read_file (plain, &len);

  /* An object where the cross-reference table says it is, but broken */
  write_damaged (plain, object, "\n2 0 obj", "\n2 0 obx");
  assert_open_refused (object, SMARTCA_PDF_ERROR_DAMAGED);
  /* The table itself: qpdf rebuilds it */
  write_damaged (plain, xref, "0000000000 65535 f", "0000000000 65535 x");
  assert_open_refused (xref, SMARTCA_PDF_ERROR_DAMAGED);
  /* Truncated: no startxref */
  g_assert_true (g_file_set_contents (cut, bytes, len - 40, NULL));
  assert_open_refused (cut, SMARTCA_PDF_ERROR_DAMAGED);
}

/* A DocMDP certification signature (/Perms) added by hand as an
 * incremental update, with permission @p */
static char *
make_certified (const char *dir,
                const char *name,
                int         p)
{
  g_autofree char *plain = smartca_test_pdf_make (dir, "plain.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize            len = 0;
  g_autofree char *bytes = read_file (plain, &len);
  const char      *startxref = find_bytes (bytes, len, "startxref", TRUE);
  qpdf_data        qpdf = qpdf_init ();
  qpdf_oh          root;
  GString         *out = g_string_new_len (bytes, len);
  g_autofree char *root_text = NULL;
  guint64          prev = g_ascii_strtoull (startxref + strlen ("startxref"), NULL, 10);
  int              root_id, size;
  gsize            sig_at, root_at, xref_at;

  g_assert_cmpint (qpdf_read (qpdf, plain, NULL), ==, QPDF_SUCCESS);
  root = qpdf_get_root (qpdf);
  root_id = qpdf_oh_get_object_id (qpdf, root);
  size = qpdf_oh_get_int_value_as_int (qpdf, qpdf_oh_get_key (qpdf, qpdf_get_trailer (qpdf), "/Size"));
  root_text = g_strdup (qpdf_oh_unparse_resolved (qpdf, root));
  *g_strrstr (root_text, ">>") = '\0';

  sig_at = out->len;
  g_string_append_printf (out,
                          "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
                          "/Reference [ << /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type "
                          "/TransformParams /P %d /V /1.2 >> >> ] /ByteRange [ 0 0 0 0 ] /Contents <00> >>\nendobj\n",
                          size, p);
  root_at = out->len;
  g_string_append_printf (out, "%d 0 obj\n%s /Perms << /DocMDP %d 0 R >> >>\nendobj\n", root_id, root_text, size);
  xref_at = out->len;
  g_string_append_printf (out,
                          "xref\n0 1\n0000000000 65535 f\r\n%d 1\n%010" G_GSIZE_FORMAT " 00000 n\r\n%d 1\n%010" G_GSIZE_FORMAT
                          " 00000 n\r\ntrailer\n<< /Size %d /Root %d 0 R /Prev %" G_GUINT64_FORMAT " >>\nstartxref\n%" G_GSIZE_FORMAT
                          "\n%%%%EOF\n",
                          root_id, root_at, size, sig_at, size + 1, root_id,
                          prev, xref_at);
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));
  g_string_free (out, TRUE);
  qpdf_cleanup (&qpdf);
  return g_steal_pointer (&path);
}

static void
test_certified (PdfFixture   *fixture,
                gconstpointer data)
{
  g_autofree char              *locked = make_certified (fixture->dir, "locked.pdf", 1);
  g_autofree char              *forms = make_certified (fixture->dir, "forms.pdf", 2);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = NULL;

  g_assert_true (smartca_test_pdf_qpdf_clean (locked));
  assert_open_refused (locked, SMARTCA_PDF_ERROR_CERTIFIED);
  /* P 2 allows form filling and signing */
  document = smartca_pdf_document_open (forms, NULL, &error);
  g_assert_no_error (error);
}

static void
assert_prepare_refused (SmartcaPdfDocument            *document,
                        const SmartcaPdfSignatureSpec *spec,
                        const char                    *output,
                        int                            code)
{
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfPrepared) prepared = smartca_pdf_prepare (document, spec, output, NULL, &error);

  g_assert_null (prepared);
  g_assert_error (error, SMARTCA_PDF_ERROR, code);
  g_test_message ("%s", error->message);
}

static void
test_page_and_rect (PdfFixture   *fixture,
                    gconstpointer data)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 90, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autoptr(SmartcaPdfImage)    image = pdf_test_image (50, 50);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  g_autofree char              *listing = NULL;
  SmartcaPdfSignatureSpec       spec = { .page = 1, .rect = { 10, 10, 100, 50 }, .appearance = image };
  const SmartcaPdfRect          bad[] = {
             { 800, 10, 100, 50 }, /* beyond the right edge: the page is 842 wide as shown */
             { 10, 560, 100, 50 }, /* beyond the top (595 high) */
             { -5, 10, 100, 50 },
             { 10, 10, 20, 50 },  /* too narrow */
             { 10, 10, 100, 10 }, /* too low */
  };

  g_assert_no_error (error);
  g_assert_cmpuint (smartca_pdf_document_get_n_pages (document), ==, 1);
  assert_prepare_refused (document, &spec, output, SMARTCA_PDF_ERROR_PAGE);
  g_assert_false (smartca_pdf_document_get_page_size (document, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_PAGE);
  g_clear_error (&error);

  spec.page = 0;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      spec.rect = bad[i];
      g_assert_false (smartca_pdf_document_check_rect (document, 0, &bad[i], &error));
      g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_RECT);
      g_clear_error (&error);
      assert_prepare_refused (document, &spec, output, SMARTCA_PDF_ERROR_RECT);
    }
  /* The whole page as shown fits */
  spec.rect = (SmartcaPdfRect){ 0, 0, 842, 595 };
  g_assert_true (smartca_pdf_document_check_rect (document, 0, &spec.rect, &error));
  g_assert_no_error (error);

  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "in.pdf");
}

static void
test_output_is_input (PdfFixture   *fixture,
                      gconstpointer data)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *symbolic = g_build_filename (fixture->dir, "link.pdf", NULL);
  g_autofree char              *hard = g_build_filename (fixture->dir, "hard.pdf", NULL);
  g_autofree char              *dotted = g_build_filename (fixture->dir, ".", "in.pdf", NULL);
  g_autofree char              *nowhere = g_build_filename (fixture->dir, "missing", "out.pdf", NULL);
  g_autofree char              *listing = NULL;
  g_autofree char              *before = NULL;
  g_autofree char              *after = NULL;
  gsize                         before_len = 0, after_len = 0;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  SmartcaPdfSignatureSpec       spec = { .page = 0, .invisible = TRUE };

  g_assert_no_error (error);
  g_assert_cmpint (symlink (input, symbolic), ==, 0);
  g_assert_cmpint (link (input, hard), ==, 0);
  before = read_file (input, &before_len);

  assert_prepare_refused (document, &spec, input, SMARTCA_PDF_ERROR_OUTPUT);
  assert_prepare_refused (document, &spec, dotted, SMARTCA_PDF_ERROR_OUTPUT);
  assert_prepare_refused (document, &spec, symbolic, SMARTCA_PDF_ERROR_OUTPUT);
  assert_prepare_refused (document, &spec, hard, SMARTCA_PDF_ERROR_OUTPUT);
  assert_prepare_refused (document, &spec, nowhere, SMARTCA_PDF_ERROR_OUTPUT);

  after = read_file (input, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "hard.pdf in.pdf link.pdf");
}

static void
test_read_only_folder (PdfFixture   *fixture,
                       gconstpointer data)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *locked = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char              *output = g_build_filename (locked, "out.pdf", NULL);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  SmartcaPdfSignatureSpec       spec = { .page = 0, .invisible = TRUE };
  g_autofree char              *listing = NULL;

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  /* Root writes anywhere unless it gives that up */
  if (getuid () == 0 && !smartca_test_set_dac_override (FALSE))
    {
      g_test_skip ("root cannot give up writing in read-only folders here");
      return;
    }
  assert_prepare_refused (document, &spec, output, SMARTCA_PDF_ERROR_OUTPUT);
  if (getuid () == 0)
    smartca_test_set_dac_override (TRUE);
  listing = pdf_list_dir (locked);
  g_assert_cmpstr (listing, ==, "");
  g_chmod (locked, 0700);
}

/* A CMS that does not fit: an error, and no file at all */
static void
test_too_large (PdfFixture   *fixture,
                gconstpointer data)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree guint8            *zeros = g_malloc0 (SMARTCA_PDF_CONTENTS_SIZE + 1);
  g_autoptr(GBytes)             cms = g_bytes_new (zeros, SMARTCA_PDF_CONTENTS_SIZE + 1);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  SmartcaPdfSignatureSpec       spec = { .page = 0, .invisible = TRUE };
  SmartcaPdfPrepared           *prepared;
  g_autofree char              *listing = NULL;
  g_autofree char              *during = NULL;

  prepared = smartca_pdf_prepare (document, &spec, output, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (smartca_pdf_prepared_commit (prepared, cms, NULL, &error));
  g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  during = pdf_list_dir (fixture->dir);
  smartca_pdf_prepared_free (prepared);

  /* Only the temporary file existed, and it is gone */
  g_assert_true (g_str_has_prefix (during, ".out.pdf."));
  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "in.pdf");
}

/* Cancelled after the prepare: nothing stays */
static void
test_abandoned (PdfFixture   *fixture,
                gconstpointer data)
{
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  g_autoptr(GCancellable)       cancellable = g_cancellable_new ();
  SmartcaPdfSignatureSpec       spec = { .page = 0, .invisible = TRUE };
  SmartcaPdfPrepared           *prepared;
  g_autofree char              *listing = NULL;
  guint8                        digest[32];

  prepared = smartca_pdf_prepare (document, &spec, output, NULL, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (smartca_pdf_prepared_digest (prepared, digest, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  smartca_pdf_prepared_free (prepared);
  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "in.pdf");
}

/* The messages a user reads, in English and in Vietnamese (LANGUAGE=vi) */
static void
test_translated (PdfFixture   *fixture,
                 gconstpointer data)
{
  gboolean                      vietnamese = g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "vi");
  g_autofree char              *letter = g_build_filename (fixture->dir, "thư.pdf", NULL);
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = NULL;
  g_autoptr(SmartcaPdfDocument) refused = NULL;
  SmartcaPdfRect                tiny = { 10, 10, 10, 10 };

  g_assert_true (g_file_set_contents (letter, "not a PDF", -1, NULL));
  refused = smartca_pdf_document_open (letter, NULL, &error);
  g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_NOT_PDF);
  g_assert_cmpstr (error->message, ==,
                   vietnamese ? "“thư.pdf” không phải là tài liệu PDF." : "“thư.pdf” is not a PDF document.");
  g_clear_error (&error);

  document = smartca_pdf_document_open (input, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (smartca_pdf_document_get_page_size (document, 3, NULL, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   vietnamese ? "Không có trang 4: tài liệu có 1 trang."
                              : "There is no page 4: the document has 1 page.");
  g_clear_error (&error);
  g_assert_false (smartca_pdf_document_check_rect (document, 0, &tiny, &error));
  g_assert_cmpstr (error->message, ==,
                   vietnamese ? "Chữ ký quá nhỏ: hãy đặt chiều rộng và chiều cao tối thiểu 24 điểm."
                              : "The signature is too small: make it at least 24 points wide and high.");
}

/* A name with a bidi override (U+202E) cannot turn the message around: the
 * control is dropped, the letters stay */
static void
test_bidi_name (PdfFixture   *fixture,
                gconstpointer data)
{
  g_autofree char              *named = g_build_filename (fixture->dir, "\u202egnp.pdf", NULL);
  g_autofree char              *input = smartca_test_pdf_make (fixture->dir, "in.pdf", 1, 0, SMARTCA_TEST_PDF_PLAIN);
  g_autofree char              *output = g_build_filename (fixture->dir, "\u202eerehwon", "out.pdf", NULL);
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = NULL;
  g_autoptr(SmartcaPdfDocument) refused = NULL;
  g_autoptr(SmartcaPdfPrepared) prepared = NULL;
  SmartcaPdfSignatureSpec       spec = { .page = 0, .invisible = TRUE };

  g_assert_true (g_file_set_contents (named, "not a PDF", -1, NULL));
  refused = smartca_pdf_document_open (named, NULL, &error);
  g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_NOT_PDF);
  g_assert_null (strstr (error->message, "\u202e"));
  g_assert_nonnull (strstr (error->message, "“gnp.pdf”"));
  g_clear_error (&error);

  document = smartca_pdf_document_open (input, NULL, &error);
  g_assert_no_error (error);
  prepared = smartca_pdf_prepare (document, &spec, output, NULL, &error);
  g_assert_null (prepared);
  g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT);
  g_assert_null (strstr (error->message, "\u202e"));
  g_assert_nonnull (strstr (error->message, "erehwon"));
}

void
pdf_refusal_tests_add (void)
{
#define ADD(path, func) g_test_add (path, PdfFixture, NULL, pdf_fixture_set_up, func, pdf_fixture_tear_down)
  ADD ("/pdf/refuse/not-pdf", test_not_pdf);
  ADD ("/pdf/refuse/encrypted", test_encrypted);
  ADD ("/pdf/refuse/damaged", test_damaged);
  ADD ("/pdf/refuse/certified", test_certified);
  ADD ("/pdf/refuse/page-and-rect", test_page_and_rect);
  ADD ("/pdf/refuse/output-is-input", test_output_is_input);
  ADD ("/pdf/refuse/read-only-folder", test_read_only_folder);
  ADD ("/pdf/refuse/too-large", test_too_large);
  ADD ("/pdf/refuse/abandoned", test_abandoned);
  ADD ("/pdf/refuse/bidi-name", test_bidi_name);
  ADD ("/pdf/translated", test_translated);
#undef ADD
}
