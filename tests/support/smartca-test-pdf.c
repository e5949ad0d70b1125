/* smartca-test-pdf.c: PDFs made at test time, and the outside tools that
 * check a signed one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-test-pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#define A4_WIDTH 595.0
#define A4_HEIGHT 842.0
#define INK_DPI 72
/* Anti-aliasing bleeds this many pixels out of a drawing */
#define INK_MARGIN 2
#define WHITE 245

static void
draw_pages (const char *path,
            guint       n_pages)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_t         *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 160);
      cairo_move_to (cr, A4_WIDTH / 2 - 50, A4_HEIGHT / 2 + 60);
      cairo_show_text (cr, number);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static qpdf_oh
rect_array (qpdf_data qpdf,
            double    x0,
            double    y0,
            double    x1,
            double    y1)
{
  qpdf_oh array = qpdf_oh_new_array (qpdf);
  double  values[] = { x0, y0, x1, y1 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    qpdf_oh_append_item (qpdf, array, qpdf_oh_new_real_from_double (qpdf, values[i], 2));
  return array;
}

/* A text field on page 1, in an indirect AcroForm and an indirect /Annots */
static void
add_form (qpdf_data qpdf)
{
  qpdf_oh page = qpdf_get_page_n (qpdf, 0);
  qpdf_oh field = qpdf_oh_new_dictionary (qpdf);
  qpdf_oh form = qpdf_oh_new_dictionary (qpdf);
  qpdf_oh fields = qpdf_oh_new_array (qpdf);
  qpdf_oh annots = qpdf_oh_new_array (qpdf);

  qpdf_oh_replace_key (qpdf, field, "/Type", qpdf_oh_new_name (qpdf, "/Annot"));
  qpdf_oh_replace_key (qpdf, field, "/Subtype", qpdf_oh_new_name (qpdf, "/Widget"));
  qpdf_oh_replace_key (qpdf, field, "/FT", qpdf_oh_new_name (qpdf, "/Tx"));
  qpdf_oh_replace_key (qpdf, field, "/T", qpdf_oh_new_string (qpdf, "Signature1"));
  qpdf_oh_replace_key (qpdf, field, "/V", qpdf_oh_new_string (qpdf, "a text field"));
  qpdf_oh_replace_key (qpdf, field, "/F", qpdf_oh_new_integer (qpdf, 4));
  qpdf_oh_replace_key (qpdf, field, "/Rect", rect_array (qpdf, 40, 40, 240, 70));
  qpdf_oh_replace_key (qpdf, field, "/P", page);
  field = qpdf_make_indirect_object (qpdf, field);

  qpdf_oh_append_item (qpdf, fields, field);
  qpdf_oh_replace_key (qpdf, form, "/Fields", fields);
  qpdf_oh_replace_key (qpdf, form, "/DA", qpdf_oh_new_string (qpdf, "/Helv 0 Tf 0 g"));
  qpdf_oh_replace_key (qpdf, qpdf_get_root (qpdf), "/AcroForm", qpdf_make_indirect_object (qpdf, form));

  qpdf_oh_append_item (qpdf, annots, field);
  qpdf_oh_replace_key (qpdf, page, "/Annots", qpdf_make_indirect_object (qpdf, annots));
}

/* Rotation, a form and object streams, by qpdf (which rewrites the file) */
static void
rewrite (const char         *in,
         const char         *out,
         int                 rotation,
         SmartcaTestPdfFlags flags)
{
  qpdf_data qpdf = qpdf_init ();

  g_assert_cmpint (qpdf_read (qpdf, in, NULL), ==, QPDF_SUCCESS);
  if (rotation != 0)
    for (int i = 0; i < qpdf_get_num_pages (qpdf); i++)
      qpdf_oh_replace_key (qpdf, qpdf_get_page_n (qpdf, i), "/Rotate", qpdf_oh_new_integer (qpdf, rotation));
  if (flags & SMARTCA_TEST_PDF_FORM)
    add_form (qpdf);
  g_assert_cmpint (qpdf_init_write (qpdf, out), ==, QPDF_SUCCESS);
  qpdf_set_object_stream_mode (qpdf, (flags & SMARTCA_TEST_PDF_XREF_STREAM) ? qpdf_o_generate : qpdf_o_disable);
  g_assert_cmpint (qpdf_write (qpdf), ==, QPDF_SUCCESS);
  qpdf_cleanup (&qpdf);
}

void
smartca_test_pdf_set_box (const char *path,
                          const char *key,
                          const char *box)
{
  g_autofree char *written = g_strdup_printf ("%s.box.pdf", path);
  qpdf_data        qpdf = qpdf_init ();

  g_assert_cmpint (qpdf_read (qpdf, path, NULL), ==, QPDF_SUCCESS);
  for (int i = 0; i < qpdf_get_num_pages (qpdf); i++)
    qpdf_oh_replace_key (qpdf, qpdf_get_page_n (qpdf, i), key, qpdf_oh_parse (qpdf, box));
  g_assert_cmpint (qpdf_init_write (qpdf, written), ==, QPDF_SUCCESS);
  g_assert_cmpint (qpdf_write (qpdf), ==, QPDF_SUCCESS);
  qpdf_cleanup (&qpdf);
  g_assert_cmpint (g_rename (written, path), ==, 0);
}

char *
smartca_test_pdf_make (const char         *dir,
                       const char         *name,
                       guint               n_pages,
                       int                 rotation,
                       SmartcaTestPdfFlags flags)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *drawn = g_strdup_printf ("%s.cairo.pdf", path);

  if (rotation == 0 && flags == SMARTCA_TEST_PDF_PLAIN)
    {
      draw_pages (path, n_pages);
      return g_steal_pointer (&path);
    }
  draw_pages (drawn, n_pages);
  rewrite (drawn, path, rotation, flags);
  g_unlink (drawn);
  return g_steal_pointer (&path);
}

char *
smartca_test_run (const char *const *argv,
                  int               *exit_status)
{
  g_autofree char  *out = NULL;
  g_autofree char  *err = NULL;
  g_autoptr(GError) error = NULL;
  int               status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return NULL;
    }
  if (exit_status != NULL)
    *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : (WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  return g_strconcat (out, err, NULL);
}

gboolean
smartca_test_pdf_qpdf_clean (const char *path)
{
  const char *const argv[] = { "qpdf", "--check", path, NULL };
  int               status = -1;
  g_autofree char  *out = smartca_test_run (argv, &status);

  if (out == NULL)
    return FALSE;
  if (status != 0 || strstr (out, "No syntax or stream encoding errors found") == NULL)
    g_test_message ("qpdf --check %s (%d):\n%s", path, status, out);
  return status == 0 && strstr (out, "No syntax or stream encoding errors found") != NULL;
}

static void
certutil (const char *const *argv)
{
  int              status = -1;
  g_autofree char *out = smartca_test_run (argv, &status);

  g_assert_nonnull (out);
  if (status != 0)
    g_error ("certutil failed: %s", out);
}

char *
smartca_test_nss_db_new (const char    *dir,
                         GBytes        *root_der,
                         GBytes *const *also)
{
  g_autofree char  *db = g_strdup_printf ("sql:%s", dir);
  g_autofree char  *root_file = g_build_filename (dir, "root.der", NULL);
  const char *const create[] = { "certutil", "-N", "-d", db, "--empty-password", NULL };
  const char *const add_root[] = { "certutil", "-A", "-n", "root", "-t", "CT,C,C", "-i", root_file, "-d", db, NULL };

  g_mkdir_with_parents (dir, 0700);
  certutil (create);
  g_assert_true (g_file_set_contents (root_file, g_bytes_get_data (root_der, NULL), g_bytes_get_size (root_der),
                                      NULL));
  certutil (add_root);

  for (guint i = 0; also != NULL && also[i] != NULL; i++)
    {
      g_autofree char  *nick = g_strdup_printf ("peer%u", i);
      g_autofree char  *file = g_build_filename (dir, "peer.der", NULL);
      const char *const add[] = { "certutil", "-A", "-n", nick, "-t", ",,", "-i", file, "-d", db, NULL };

      g_assert_true (
        g_file_set_contents (file, g_bytes_get_data (also[i], NULL), g_bytes_get_size (also[i]), NULL));
      certutil (add);
    }
  return g_steal_pointer (&db);
}

char *
smartca_test_pdfsig (const char *nssdir,
                     const char *path)
{
  const char *const argv[] = { "pdfsig", "-nssdir", nssdir, path, NULL };
  char             *out = smartca_test_run (argv, NULL);

  g_assert_nonnull (out);
  return out;
}

/* A binary PPM (P6) as pdftoppm writes it */
static guint8 *
read_ppm (const char *path,
          int        *width,
          int        *height)
{
  g_autofree char *data = NULL;
  gsize            size = 0;
  int              maxval = 0, consumed = 0;
  guint8          *pixels;

  if (!g_file_get_contents (path, &data, &size, NULL))
    return NULL;
  if (sscanf (data, "P6 %d %d %d%n", width, height, &maxval, &consumed) != 3 || maxval != 255)
    return NULL;
  consumed++; /* the one whitespace after maxval */
  if (size < (gsize) consumed + (gsize) *width * *height * 3)
    return NULL;
  pixels = g_memdup2 (data + consumed, (gsize) *width * *height * 3);
  return pixels;
}

gboolean
smartca_test_pdf_ink (const char *path,
                      guint       page,
                      double      x,
                      double      y,
                      double      width,
                      double      height,
                      guint      *inside,
                      guint      *outside)
{
  g_autofree char   *dir = g_dir_make_tmp ("smartca-ink-XXXXXX", NULL);
  g_autofree char   *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char   *ppm = g_strdup_printf ("%s.ppm", prefix);
  g_autofree char   *page_text = g_strdup_printf ("%u", page);
  g_autofree char   *dpi = g_strdup_printf ("%d", INK_DPI);
  const char *const  argv[] = { "pdftoppm", "-cropbox", "-r", dpi, "-f", page_text, "-l", page_text, "-singlefile",
                                path, prefix, NULL };
  g_autofree guint8 *pixels = NULL;
  g_autofree char   *out = NULL;
  int                status = -1, w = 0, h = 0;
  double             scale = INK_DPI / 72.0;
  int                left, right, top, bottom;

  out = smartca_test_run (argv, &status);
  pixels = status == 0 ? read_ppm (ppm, &w, &h) : NULL;
  g_unlink (ppm);
  g_rmdir (dir);
  if (pixels == NULL)
    {
      g_test_message ("pdftoppm %s: %s", path, out != NULL ? out : "did not run");
      return FALSE;
    }

  left = (int) (x * scale);
  right = (int) ((x + width) * scale);
  top = h - (int) ((y + height) * scale);
  bottom = h - (int) (y * scale);
  *inside = *outside = 0;
  for (int row = 0; row < h; row++)
    for (int col = 0; col < w; col++)
      {
        const guint8 *p = pixels + ((gsize) row * w + col) * 3;
        gboolean      ink = p[0] < WHITE || p[1] < WHITE || p[2] < WHITE;
        gboolean      in = col >= left && col < right && row >= top && row < bottom;
        gboolean      near = col >= left - INK_MARGIN && col < right + INK_MARGIN && row >= top - INK_MARGIN && row < bottom + INK_MARGIN;

        if (!ink)
          continue;
        if (in)
          (*inside)++;
        else if (!near)
          (*outside)++;
      }
  return TRUE;
}
