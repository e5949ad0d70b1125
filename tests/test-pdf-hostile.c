/* test-pdf-hostile.c: odd and hostile inputs are signed correctly or
 * refused with a clear message, quickly and without leaving files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>
#include <string.h>
#include <sys/stat.h>

#include "test-pdf.h"

/* A one-page PDF written byte by byte: @objects from number 1 (the
 * catalog first), each line ended by @eol, an xref table, and @tail after
 * "%%EOF" */
static char *
write_pdf (const char        *dir,
           const char        *name,
           const char *const *objects,
           const char        *trailer_extra,
           const char        *eol,
           const char        *tail)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray)  offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char   *path = g_build_filename (dir, name, NULL);
  gsize              xref;
  guint              n = g_strv_length ((char **) objects);

  g_string_append_printf (out, "%%PDF-1.7%s%%\xe2\xe3\xcf\xd3%s", eol, eol);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv)    lines = g_strsplit (objects[i], "\n", -1);
      g_autofree char *body = g_strjoinv (eol, lines);

      g_array_append_val (offsets, out->len);
      g_string_append_printf (out, "%u 0 obj%s%s%sendobj%s", i + 1, eol, body, eol, eol);
    }
  xref = out->len;
  g_string_append_printf (out, "xref%s0 %u%s0000000000 65535 f\r\n", eol, n + 1, eol);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%010" G_GSIZE_FORMAT " 00000 n\r\n", g_array_index (offsets, gsize, i));
  g_string_append_printf (out, "trailer%s<< /Size %u /Root 1 0 R %s>>%sstartxref%s%" G_GSIZE_FORMAT "%s%%%%EOF%s",
                          eol, n + 1, trailer_extra, eol, eol, xref, eol, tail);
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));
  return g_steal_pointer (&path);
}

#define CATALOG "<< /Type /Catalog /Pages 2 0 R >>"
#define PAGES "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>"
#define CONTENTS "<< /Length 0 >>\nstream\n\nendstream"

static void
assert_refused (const char *path,
                int         code,
                const char *says)
{
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (path, NULL, &error);

  g_assert_null (document);
  g_assert_error (error, SMARTCA_PDF_ERROR, code);
  g_test_message ("%s", error->message);
  if (says != NULL)
    g_assert_nonnull (strstr (error->message, says));
}

/* A pipe is refused at once (opening it used to wait for a writer, for
 * ever), and so is a device, without calling either a folder */
static void
test_not_a_file (PdfFixture   *fixture,
                 gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe.pdf", NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fifo, SMARTCA_PDF_ERROR_READ, "“pipe.pdf” is not a file saved on disk");
  assert_refused ("/dev/zero", SMARTCA_PDF_ERROR_READ, "“zero” is not a file saved on disk");
}

/* A file whose cross-reference section is not there, full of objects:
 * refused as damaged without qpdf rebuilding the table from the whole file
 * first (which took 40 s for 90 MB, and then said "not a PDF") */
static void
test_unrepairable (PdfFixture   *fixture,
                   gconstpointer data)
{
  g_autofree char   *path = g_build_filename (fixture->dir, "big.pdf", NULL);
  g_autoptr(GString) out = g_string_new ("%PDF-1.7\n");
  gsize              last;

  for (int i = 0; i < 20000; i++)
    g_string_append (out, "1 0 obj\n<< /A 2 0 R >>\nendobj\n");
  last = out->len - strlen ("1 0 obj\n<< /A 2 0 R >>\nendobj\n");
  g_string_append_printf (out, "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", last);
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));
  assert_refused (path, SMARTCA_PDF_ERROR_DAMAGED, NULL);
}

/* Bytes before "%PDF-": qpdf reads the offsets from the header, the
 * update's are from the start of the file. Made so that the last
 * startxref, from the start of the file, lands on "1 0 obj": it used to be
 * signed into a file that qpdf and MuPDF had to repair */
static void
test_header_not_first (PdfFixture   *fixture,
                       gconstpointer data)
{
  const char *const  objects[] = { CATALOG, PAGES, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", CONTENTS, NULL };
  g_autofree char   *plain = write_pdf (fixture->dir, "plain.pdf", objects, "", "\n", "\n");
  g_autofree char   *path = g_build_filename (fixture->dir, "prefixed.pdf", NULL);
  g_autofree char   *bytes = NULL;
  gsize              len = 0;
  g_autoptr(GString) out = g_string_new (NULL);
  const char        *startxref;
  gsize              xref, first;

  g_assert_true (g_file_get_contents (plain, &bytes, &len, NULL));
  startxref = g_strrstr (bytes, "startxref");
  xref = g_ascii_strtoull (startxref + strlen ("startxref"), NULL, 10);
  first = strstr (bytes, "1 0 obj") - bytes;
  for (gsize i = 0; i + 1 < xref - first; i++)
    g_string_append_c (out, 'J');
  g_string_append_c (out, '\n');
  g_string_append_len (out, bytes, len);
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));
  assert_refused (path, SMARTCA_PDF_ERROR_DAMAGED, NULL);
}

/* A direct /Info dictionary in the trailer stays in the signed copy's
 * trailer: the document keeps its title */
static void
test_direct_info (PdfFixture   *fixture,
                  gconstpointer data)
{
  const char *const       objects[] = { CATALOG, PAGES, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", CONTENTS, NULL };
  g_autofree char        *input = write_pdf (fixture->dir, "in.pdf", objects, "/Info << /Title (Hello) >> ", "\n", "\n");
  g_autofree char        *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char        *signed_path = NULL;
  SmartcaPdfSignatureSpec spec = { .page = 0, .invisible = TRUE, .signing_time = 1767225600 };
  qpdf_data               qpdf = qpdf_init ();
  qpdf_oh                 title;

  signed_path = pdf_test_sign (input, output, &spec);
  pdf_test_assert_valid (signed_path, 1);
  g_assert_cmpint (qpdf_read (qpdf, signed_path, NULL), ==, QPDF_SUCCESS);
  title = qpdf_oh_get_key (qpdf, qpdf_oh_get_key (qpdf, qpdf_get_trailer (qpdf), "/Info"), "/Title");
  g_assert_true (qpdf_oh_is_string (qpdf, title));
  g_assert_cmpstr (qpdf_oh_get_utf8_value (qpdf, title), ==, "Hello");
  qpdf_cleanup (&qpdf);
}

/* The signed copy takes the input's permissions, within the umask: a
 * world-writable input does not make a world-writable copy */
static void
test_output_mode (PdfFixture   *fixture,
                  gconstpointer data)
{
  const char *const       objects[] = { CATALOG, PAGES, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", CONTENTS, NULL };
  g_autofree char        *input = write_pdf (fixture->dir, "in.pdf", objects, "", "\n", "\n");
  g_autofree char        *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char        *signed_path = NULL;
  SmartcaPdfSignatureSpec spec = { .page = 0, .invisible = TRUE, .signing_time = 1767225600 };
  struct stat             st;
  mode_t                  old_mask = umask (022);

  g_assert_cmpint (g_chmod (input, 0666), ==, 0);
  signed_path = pdf_test_sign (input, output, &spec);
  umask (old_mask);
  g_assert_cmpint (g_stat (signed_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
}

/* An output that is a folder, or no name at all, is refused before
 * anything is signed (it used to fail at the rename, after SmartCA had
 * signed) */
static void
test_output_folder (PdfFixture   *fixture,
                    gconstpointer data)
{
  const char *const             objects[] = { CATALOG, PAGES, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", CONTENTS, NULL };
  g_autofree char              *input = write_pdf (fixture->dir, "in.pdf", objects, "", "\n", "\n");
  g_autofree char              *folder = g_build_filename (fixture->dir, "folder", NULL);
  g_autofree char              *slash = g_strconcat (fixture->dir, "/new/", NULL);
  g_autofree char              *listing = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
  SmartcaPdfSignatureSpec       spec = { .page = 0, .invisible = TRUE };
  const char *const             outputs[] = { folder, slash, "", NULL };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; outputs[i] != NULL; i++)
    {
      g_autoptr(SmartcaPdfPrepared) prepared = smartca_pdf_prepare (document, &spec, outputs[i], NULL, &error);

      g_assert_null (prepared);
      g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "folder in.pdf");
  g_free (listing);
  listing = pdf_list_dir (folder);
  g_assert_cmpstr (listing, ==, "");
}

/* An output name near the longest a file name can be (250 bytes of
 * Vietnamese) is written: the temporary file beside it used to be named
 * after it, and too long */
static void
test_long_name (PdfFixture   *fixture,
                gconstpointer data)
{
  const char *const       objects[] = { CATALOG, PAGES, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", CONTENTS, NULL };
  g_autofree char        *input = write_pdf (fixture->dir, "in.pdf", objects, "", "\n", "\n");
  g_autoptr(GString)      name = g_string_new (NULL);
  g_autofree char        *output = NULL;
  g_autofree char        *signed_path = NULL;
  g_autofree char        *listing = NULL;
  g_autofree char        *expected = NULL;
  SmartcaPdfSignatureSpec spec = { .page = 0, .invisible = TRUE, .signing_time = 1767225600 };

  for (int i = 0; i < 82; i++)
    g_string_append (name, "ệ");
  g_string_append (name, ".pdf");
  g_assert_cmpuint (name->len, ==, 250);
  output = g_build_filename (fixture->dir, name->str, NULL);
  signed_path = pdf_test_sign (input, output, &spec);
  pdf_test_assert_valid (signed_path, 1);
  listing = pdf_list_dir (fixture->dir);
  expected = g_strdup_printf ("in.pdf %s", name->str);
  g_assert_cmpstr (listing, ==, expected);

  /* Signing that one again: the default name, cut between characters,
   * still fits */
  {
    g_autofree char *second = smartca_pdf_default_output_path (signed_path);
    g_autofree char *second_base = g_path_get_basename (second);
    g_autofree char *again = NULL;

    g_assert_cmpuint (strlen (second_base), <=, 255);
    g_assert_true (g_utf8_validate (second_base, -1, NULL));
    g_assert_true (g_str_has_suffix (second_base, "ệ-signed.pdf"));
    again = pdf_test_sign (signed_path, second, &spec);
    pdf_test_assert_valid (again, 2);
  }

  /* A name longer than a file name can be is refused before signing */
  {
    g_autoptr(GError)             error = NULL;
    g_autoptr(SmartcaPdfDocument) document = smartca_pdf_document_open (input, NULL, &error);
    g_autoptr(SmartcaPdfPrepared) prepared = NULL;
    g_autofree char              *too_long = NULL;

    g_string_prepend (name, "ệệ"); /* 256 bytes */
    too_long = g_build_filename (fixture->dir, name->str, NULL);
    g_assert_no_error (error);
    prepared = smartca_pdf_prepare (document, &spec, too_long, NULL, &error);
    g_assert_null (prepared);
    g_assert_error (error, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_OUTPUT);
  }
}

/* Two pages share one indirect /Annots array: the widget is listed on its
 * own page only (it showed on both) */
static void
test_shared_annots (PdfFixture   *fixture,
                    gconstpointer data)
{
  const char *const       objects[] = { CATALOG, "<< /Type /Pages /Kids [ 3 0 R 6 0 R ] /Count 2 /MediaBox [ 0 0 595 842 ] >>",
                                        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots 5 0 R >>", CONTENTS, "[ ]",
                                        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots 5 0 R >>", NULL };
  g_autofree char        *input = write_pdf (fixture->dir, "in.pdf", objects, "", "\n", "\n");
  g_autofree char        *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char        *signed_path = NULL;
  SmartcaPdfSignatureSpec spec = { .page = 0, .invisible = TRUE, .signing_time = 1767225600 };
  qpdf_data               qpdf = qpdf_init ();

  signed_path = pdf_test_sign (input, output, &spec);
  pdf_test_assert_valid (signed_path, 1);
  g_assert_cmpint (qpdf_read (qpdf, signed_path, NULL), ==, QPDF_SUCCESS);
  g_assert_cmpint (qpdf_oh_get_array_n_items (qpdf, qpdf_oh_get_key (qpdf, qpdf_get_page_n (qpdf, 0), "/Annots")), ==, 1);
  g_assert_cmpint (qpdf_oh_get_array_n_items (qpdf, qpdf_oh_get_key (qpdf, qpdf_get_page_n (qpdf, 1), "/Annots")), ==, 0);
  qpdf_cleanup (&qpdf);
}

/* A page tree that loops is damaged, and qpdf prints nothing on stderr
 * ("application did not handle error", on the command line) */
static void
test_page_loop (PdfFixture   *fixture,
                gconstpointer data)
{
  if (g_test_subprocess ())
    {
      const char *const objects[] = { CATALOG, "<< /Type /Pages /Kids [ 2 0 R 3 0 R ] /Count 2 >>",
                                      "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", CONTENTS, NULL };
      g_autofree char  *input = write_pdf (fixture->dir, "loop.pdf", objects, "", "\n", "\n");

      assert_refused (input, SMARTCA_PDF_ERROR_DAMAGED, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*did not handle*");
}

/* Odd but readable files are signed, and poppler, qpdf and MuPDF agree */
typedef struct
{
  const char *name;
  const char *page;    /* the page dictionary */
  const char *fifth;   /* object 5, or NULL */
  const char *catalog; /* NULL: CATALOG */
  const char *eol;
  const char *tail;
} OddCase;

static const OddCase odd_cases[] = {
  { "garbage-after-eof", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", NULL, NULL, "\n", "\n\x01junk %%EOF junk\n" },
  { "no-final-eol", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", NULL, NULL, "\n", "" },
  { "crlf", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", NULL, NULL, "\r\n", "\r\n" },
  { "annots-indirect", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots 5 0 R >>", "[ null ]", NULL, "\n", "\n" },
  { "annots-not-array", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots 5 0 R >>", "<< /A 1 >>", NULL, "\n", "\n" },
  { "annots-nulls", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [ null 5 0 R ] >>", "null", NULL, "\n", "\n" },
  { "fields-indirect", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", "<< /Fields [ ] >>",
    "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>", "\n", "\n" },
  { "signature1-taken", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [ 5 0 R ] >>",
    "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Signature1) /Rect [ 0 0 10 10 ] /P 3 0 R >>",
    "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [ 5 0 R ] >> >>", "\n", "\n" },
  { "rotate-minus-90", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Rotate -90 >>", NULL, NULL, "\n", "\n" },
  { "rotate-450", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Rotate 450 >>", NULL, NULL, "\n", "\n" },
  { "crop-inverted", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /CropBox [ 595 842 0 0 ] >>", NULL, NULL, "\n", "\n" },
};

static void
test_odd (PdfFixture   *fixture,
          gconstpointer data)
{
  const OddCase             *odd = data;
  const char *const          objects[] = { odd->catalog != NULL ? odd->catalog : CATALOG, PAGES, odd->page, CONTENTS, odd->fifth, NULL };
  g_autofree char           *input = write_pdf (fixture->dir, "in.pdf", objects, "", odd->eol, odd->tail);
  g_autofree char           *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char           *signed_path = NULL;
  g_autofree char           *listing = NULL;
  g_autoptr(SmartcaPdfImage) image = pdf_test_image (100, 40);
  SmartcaPdfSignatureSpec    spec = {
       .page = 0,
       .rect = { 300, 60, 100, 40 },
       .appearance = image,
       .name = "Nguyễn (Văn) \\ An 😀",
       .reason = "(",
       .signing_time = 1767225600,
  };

  signed_path = pdf_test_sign (input, output, &spec);
  pdf_test_assert_valid (signed_path, 1);
  listing = pdf_list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "in.pdf out.pdf");
}

void
pdf_hostile_tests_add (void)
{
#define ADD(path, func, data) g_test_add (path, PdfFixture, data, pdf_fixture_set_up, func, pdf_fixture_tear_down)
  ADD ("/pdf/hostile/not-a-file", test_not_a_file, NULL);
  ADD ("/pdf/hostile/unrepairable", test_unrepairable, NULL);
  ADD ("/pdf/hostile/direct-info", test_direct_info, NULL);
  ADD ("/pdf/hostile/output-mode", test_output_mode, NULL);
  ADD ("/pdf/hostile/header-not-first", test_header_not_first, NULL);
  ADD ("/pdf/hostile/output-folder", test_output_folder, NULL);
  ADD ("/pdf/hostile/shared-annots", test_shared_annots, NULL);
  ADD ("/pdf/hostile/long-name", test_long_name, NULL);
  ADD ("/pdf/hostile/page-loop", test_page_loop, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (odd_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pdf/hostile/odd/%s", odd_cases[i].name);

      ADD (path, test_odd, &odd_cases[i]);
    }
#undef ADD
}
