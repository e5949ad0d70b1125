/* test-sign-operation.c: signing PDFs end to end, against the SmartCA
 * sandbox over loopback, checked with poppler's pdfsig, qpdf and pdftoppm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates are looked up from the sandbox into a real store; the
 * sandbox signs with each certificate's own key, and the NSS database the
 * outputs are checked against trusts only the sandbox's root.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "smartca-business.h"
#include "smartca-image-import.h"
#include "smartca-remote-sign.h"
#include "smartca-sandbox-private.h"
#include "smartca-totp.h"
#include "test-sign.h"

static SmartcaSandbox *sandbox;
static SmartcaStore   *store;
static SmartcaContext *context;
static char           *tmp_dir;
static char           *nss_db;

/* pdf_ink's count outside the box, when it does not matter */
static guint ignored;

#define VALID "Signature Validation: Signature is Valid."
#define TRUSTED "Certificate Validation: Certificate is Trusted."
#define TOTAL "Total document signed"
#define NOT_TOTAL "Not total document signed"
#define SANDBOX_KEY_BYTES "12345678901234567890"

/* Helpers */

typedef struct
{
  char         *dir;
  GArray       *states;
  GPtrArray    *texts;
  int           cancel_in; /* cancel as the operation enters this state; -1: never */
  GCancellable *cancellable;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint n;

  fixture->dir = g_strdup_printf ("%s/case-%u", tmp_dir, ++n);
  g_assert_cmpint (g_mkdir (fixture->dir, 0700), ==, 0);
  fixture->states = g_array_new (FALSE, FALSE, sizeof (SmartcaSignState));
  fixture->texts = g_ptr_array_new_with_free_func (g_free);
  fixture->cancellable = g_cancellable_new ();
  fixture->cancel_in = -1;
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_pending_polls (sandbox, 2);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  smartca_sandbox_set_pending_polls (sandbox, 2);
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_array_unref (fixture->states);
  g_ptr_array_unref (fixture->texts);
  g_object_unref (fixture->cancellable);
}

static void
state_cb (SmartcaSignOperation *operation,
          GParamSpec           *pspec,
          Fixture              *fixture)
{
  SmartcaSignState state = smartca_sign_operation_get_state (operation);

  g_array_append_val (fixture->states, state);
  if ((int) state == fixture->cancel_in)
    g_cancellable_cancel (fixture->cancellable);
}

static void
text_cb (SmartcaSignOperation *operation,
         GParamSpec           *pspec,
         Fixture              *fixture)
{
  g_ptr_array_add (fixture->texts, g_strdup (smartca_sign_operation_get_progress_text (operation)));
}

typedef struct
{
  const char           *serial;
  int                   page;
  const SmartcaPdfRect *rect;
  gboolean              invisible;
  const char           *output;
  const char           *otp;
} Options;

/* Signs @input; returns the path written, or NULL with @error */
static char *
sign_with (Fixture       *fixture,
           const char    *input,
           const Options *options,
           GError       **error)
{
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autoptr(GAsyncResult)         result = NULL;
  SmartcaCertificate             *certificate;
  char                           *path;

  certificate = smartca_store_lookup (store, options->serial != NULL ? options->serial
                                                                     : SIGN_SERIAL_PERSONAL);
  g_assert_nonnull (certificate);
  operation = smartca_sign_operation_new (context, certificate, input);
  smartca_sign_operation_set_page (operation, options->page - 1);
  smartca_sign_operation_set_rect (operation, options->rect);
  smartca_sign_operation_set_invisible (operation, options->invisible);
  smartca_sign_operation_set_output_path (operation, options->output);
  smartca_sign_operation_set_otp (operation, options->otp);
  smartca_sign_operation_set_reason (operation, "Xác nhận tài liệu");
  smartca_sign_operation_set_location (operation, "Hà Nội");
  g_signal_connect (operation, "notify::state", G_CALLBACK (state_cb), fixture);
  g_signal_connect (operation, "notify::progress-text", G_CALLBACK (text_cb), fixture);
  g_assert_cmpint (smartca_sign_operation_get_state (operation), ==, SMARTCA_SIGN_STATE_READY);

  smartca_sign_operation_run_async (operation, fixture->cancellable, smartca_test_result_cb,
                                    &result);
  path = smartca_sign_operation_run_finish (operation, smartca_test_wait_result (&result), error);
  if (path != NULL)
    {
      g_assert_cmpint (smartca_sign_operation_get_state (operation), ==, SMARTCA_SIGN_STATE_DONE);
      g_assert_cmpstr (smartca_sign_operation_get_output_path (operation), ==, path);
    }
  else
    g_assert_cmpint (smartca_sign_operation_get_state (operation), !=, SMARTCA_SIGN_STATE_DONE);
  return path;
}

static char *
sign_ok (Fixture       *fixture,
         const char    *input,
         const Options *options)
{
  g_autoptr(GError) error = NULL;
  char             *path = sign_with (fixture, input, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* pdfsig says the one signature (or the last of several) is intact,
 * trusted and covers the whole document */
static char *
assert_valid (const char *path,
              guint       n_signatures)
{
  char *out = smartca_test_pdfsig (nss_db, path);

  g_assert_true (sign_test_contains (out, VALID));
  g_assert_true (sign_test_contains (out, TRUSTED));
  g_assert_cmpuint (sign_test_count (out, VALID), ==, n_signatures);
  g_assert_cmpuint (sign_test_count (out, TRUSTED), ==, n_signatures);
  g_assert_cmpuint (sign_test_count (out, TOTAL), ==, 1);
  g_assert_true (sign_test_contains (strrchr (out, '#'), TOTAL));
  g_assert_true (smartca_test_pdf_qpdf_clean (path));
  return out;
}

static void
assert_no_output (Fixture    *fixture,
                  const char *expected_files)
{
  g_autofree char *names = sign_test_list_dir (fixture->dir);

  g_assert_cmpstr (names, ==, expected_files);
}

static void
assert_states (Fixture                *fixture,
               const SmartcaSignState *expected,
               guint                   n)
{
  g_assert_cmpuint (fixture->states->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (fixture->states, SmartcaSignState, i), ==, expected[i]);
}

/* Tests */

/* A PDF drawn with cairo (an xref table), the personal flow with pending
 * polls: intact, trusted, the whole document; the states in order; the
 * appearance on the last page inside the default box; one byte changed →
 * Digest Mismatch. */
static void
test_plain (Fixture      *fixture,
            gconstpointer data)
{
  static const SmartcaSignState expected[] = {
    SMARTCA_SIGN_STATE_PREPARING,
    SMARTCA_SIGN_STATE_SIGNING,
    SMARTCA_SIGN_STATE_WAITING_FOR_PHONE,
    SMARTCA_SIGN_STATE_WRITING,
    SMARTCA_SIGN_STATE_DONE,
  };
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "hợp đồng.pdf", 3, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *expected_path = g_build_filename (fixture->dir, "hợp đồng-signed.pdf", NULL);
  g_autofree char *path = NULL, *out = NULL, *tampered = NULL, *tampered_out = NULL;
  g_autofree char *contents = NULL;
  gsize            length;
  guint            inside = 0, outside = 0, unsigned_outside = 0;
  SmartcaPdfRect   rect;
  Options          options = { NULL };
  gboolean         saw_time_left = FALSE;

  g_autofree char *request = NULL;

  path = sign_ok (fixture, input, &options);
  g_assert_cmpstr (path, ==, expected_path);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
  /* Nothing of the document went to SmartCA, not even its name */
  request = smartca_sandbox_dup_last_v1_request (sandbox);
  g_assert_nonnull (request);
  g_assert_null (strstr (request, "hợp đồng"));
  g_assert_null (strstr (request, "h\\u1ee3p"));
  g_assert_cmpuint (smartca_sandbox_get_poll_count (sandbox), >=, 3);
  for (guint i = 0; i < fixture->texts->len; i++)
    saw_time_left |= g_str_has_prefix (g_ptr_array_index (fixture->texts, i),
                                       "Waiting for confirmation on your phone — open the VNPT "
                                       "SmartCA app and confirm (4:") ||
                     g_str_has_prefix (g_ptr_array_index (fixture->texts, i),
                                       "Waiting for confirmation on your phone — open the VNPT "
                                       "SmartCA app and confirm (5:00");
  g_assert_true (saw_time_left);
  g_assert_cmpstr (g_ptr_array_index (fixture->texts, 0), ==, "Reading the document…");

  out = assert_valid (path, 1);
  g_assert_true (sign_test_contains (out, "Nguyễn Văn An"));
  g_assert_true (sign_test_contains (out, "ETSI.CAdES.detached"));

  /* On the last page, in the default box, and nowhere else than the page's
   * own drawing (which the unsigned page also has) */
  smartca_sign_operation_default_rect (smartca_store_lookup (store, SIGN_SERIAL_PERSONAL), 595.0,
                                       842.0, &rect);
  g_assert_true (smartca_test_pdf_ink (path, 3, rect.x, rect.y, rect.width, rect.height, &inside,
                                       &outside));
  g_assert_cmpuint (inside, >, 100);
  g_assert_true (smartca_test_pdf_ink (input, 3, rect.x, rect.y, rect.width, rect.height, &inside,
                                       &unsigned_outside));
  g_assert_cmpuint (inside, ==, 0);
  /* Outside the box, the same page as before (give or take the pixels
   * that straddle the box's edge) */
  g_assert_cmpuint (outside, <=, unsigned_outside + 2 * (guint) (rect.width + rect.height));

  /* One byte of the original changed afterwards */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 2000);
  /* In the middle of the first signed range (the original document) */
  {
    const char *range = NULL;
    guint64     first_end;

    /* (the file holds NUL bytes: no string search) */
    for (gsize i = 0; i + 10 < length; i++)
      if (memcmp (contents + i, "/ByteRange", 10) == 0)
        range = contents + i;

    g_assert_nonnull (range);
    range = strchr (range, '[');
    g_assert_nonnull (range);
    g_assert_cmpint (sscanf (range, "[ %*u %" G_GUINT64_FORMAT, &first_end), ==, 1);
    g_assert_cmpuint (first_end, >, 1000);
    contents[first_end / 2] ^= 0x01;
  }
  tampered = g_build_filename (fixture->dir, "tampered.pdf", NULL);
  g_assert_true (g_file_set_contents (tampered, contents, length, NULL));
  tampered_out = smartca_test_pdfsig (nss_db, tampered);
  g_assert_true (sign_test_contains (tampered_out, "Digest Mismatch."));
}

/* The same through qpdf --object-streams=generate (an xref stream), and a
 * PDF with a form already */
static void
test_xref_stream_and_form (Fixture      *fixture,
                           gconstpointer data)
{
  static const SmartcaTestPdfFlags kinds[] = {
    SMARTCA_TEST_PDF_XREF_STREAM,
    SMARTCA_TEST_PDF_FORM,
    SMARTCA_TEST_PDF_XREF_STREAM | SMARTCA_TEST_PDF_FORM,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *name = g_strdup_printf ("kind-%u.pdf", i);
      g_autofree char *input = smartca_test_pdf_make (fixture->dir, name, 2, 0, kinds[i]);
      g_autofree char *path = NULL, *out = NULL;
      Options          options = { NULL };

      path = sign_ok (fixture, input, &options);
      out = assert_valid (path, 1);
    }
}

/* A document signed once, signed again: both signatures intact, the first
 * no longer covering the whole document */
static void
test_signed_twice (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "a.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *once = NULL, *twice = NULL, *out = NULL, *first = NULL;
  SmartcaPdfRect   rect = { 50, 50, 150, 60 };
  Options          options = { NULL };

  once = sign_ok (fixture, input, &options);
  options.rect = &rect;
  twice = sign_ok (fixture, once, &options);
  g_assert_true (g_str_has_suffix (twice, "a-signed-signed.pdf"));

  out = assert_valid (twice, 2);
  first = g_strndup (out, strrchr (out, '#') - out);
  g_assert_true (sign_test_contains (first, NOT_TOTAL));
  /* The first one's bytes are untouched */
  {
    g_autofree char *a = NULL, *b = NULL;
    gsize            a_len, b_len;

    g_assert_true (g_file_get_contents (once, &a, &a_len, NULL));
    g_assert_true (g_file_get_contents (twice, &b, &b_len, NULL));
    g_assert_cmpuint (b_len, >, a_len);
    g_assert_cmpint (memcmp (a, b, a_len), ==, 0);
  }
}

/* A page turned by /Rotate: the signature drew inside the box given in
 * displayed coordinates, and is upright (its ink is where a text box's
 * first line would be: more of it in the box's top half than its bottom
 * third) */
static void
test_rotated (Fixture      *fixture,
              gconstpointer data)
{
  static const int rotations[] = { 90, 180, 270 };

  for (guint i = 0; i < G_N_ELEMENTS (rotations); i++)
    {
      g_autofree char *name = g_strdup_printf ("rotated-%d.pdf", rotations[i]);
      g_autofree char *input = smartca_test_pdf_make (fixture->dir, name, 1, rotations[i],
                                                      SMARTCA_TEST_PDF_PLAIN);
      g_autofree char *path = NULL, *out = NULL;
      /* Near a corner of the displayed page, clear of the page number */
      SmartcaPdfRect rect = { 40, 40, 220, 70 };
      guint          inside, outside, top, bottom;
      Options        options = { NULL };

      options.page = 1;
      options.rect = &rect;
      path = sign_ok (fixture, input, &options);
      out = assert_valid (path, 1);

      g_assert_true (smartca_test_pdf_ink (path, 1, rect.x, rect.y, rect.width, rect.height,
                                           &inside, &outside));
      g_assert_cmpuint (inside, >, 100);
      /* The text starts at the top: upright, not upside down */
      g_assert_true (smartca_test_pdf_ink (path, 1, rect.x, rect.y + rect.height / 2, rect.width,
                                           rect.height / 2, &top, &ignored));
      g_assert_true (smartca_test_pdf_ink (path, 1, rect.x, rect.y, rect.width, rect.height / 3,
                                           &bottom, &ignored));
      g_assert_cmpuint (top, >, bottom);
      if (g_getenv ("SMARTCA_TEST_KEEP_DIR") != NULL)
        {
          g_autofree char *copy = g_build_filename (g_getenv ("SMARTCA_TEST_KEEP_DIR"), name, NULL);
          g_autofree char *bytes = NULL;
          gsize            length;

          g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
          g_assert_true (g_file_set_contents (copy, bytes, length, NULL));
        }
    }
}

/* Invisible: signed, valid, nothing drawn where the default box would be */
static void
test_invisible (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "inv.pdf", 2, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *output = g_build_filename (fixture->dir, "chosen name.pdf", NULL);
  g_autofree char *path = NULL, *out = NULL;
  SmartcaPdfRect   rect;
  guint            inside;
  Options          options = { NULL };

  options.invisible = TRUE;
  options.output = output;
  path = sign_ok (fixture, input, &options);
  g_assert_cmpstr (path, ==, output);
  out = assert_valid (path, 1);
  smartca_sign_operation_default_rect (smartca_store_lookup (store, SIGN_SERIAL_PERSONAL), 595.0,
                                       842.0, &rect);
  g_assert_true (smartca_test_pdf_ink (path, 2, rect.x, rect.y, rect.width, rect.height, &inside, &ignored));
  g_assert_cmpuint (inside, ==, 0);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A handwritten-looking signature in blue ink on a transparent background,
 * imported as the app imports any image */
static SmartcaSignatureImage *
add_signature_image (const char *label)
{
  cairo_surface_t            *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 480, 180);
  cairo_t                    *cr = cairo_create (surface);
  g_autoptr(GByteArray)       png = g_byte_array_new ();
  g_autoptr(GBytes)           data = NULL, normalized = NULL;
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GError)           error = NULL;
  SmartcaSignatureImage      *image;

  cairo_set_source_rgb (cr, 0.05, 0.2, 0.7);
  cairo_set_line_width (cr, 10);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, 30, 120);
  cairo_curve_to (cr, 60, 10, 110, 10, 100, 110);
  cairo_curve_to (cr, 95, 170, 150, 40, 190, 60);
  cairo_curve_to (cr, 230, 80, 200, 150, 250, 120);
  cairo_curve_to (cr, 300, 90, 310, 40, 350, 70);
  cairo_curve_to (cr, 390, 100, 400, 140, 450, 90);
  cairo_stroke (cr);
  cairo_move_to (cr, 60, 150);
  cairo_curve_to (cr, 180, 135, 300, 160, 420, 140);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_cb, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  data = g_byte_array_free_to_bytes (g_steal_pointer (&png));
  normalized = smartca_image_normalize (data, &info, NULL, &error);
  g_assert_no_error (error);
  image = smartca_store_add_image (store, normalized, info, label, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  return image;
}

/* Pixels of vivid blue ink (the signature image's, not the text's dark
 * navy) inside @rect on page 1, rendered at 72 dpi */
static guint
count_blue (const char           *path,
            const SmartcaPdfRect *rect)
{
  g_autofree char     *root = g_strconcat (path, "-render", NULL);
  g_autofree char     *png = g_strconcat (root, ".png", NULL);
  const char *const    argv[] = { "pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile",
                                  "-png", path, root, NULL };
  g_autofree char     *out = NULL;
  g_autoptr(GdkPixbuf) page = NULL;
  g_autoptr(GError)    error = NULL;
  int                  status = -1;
  guint                n = 0;

  out = smartca_test_run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  page = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_unlink (png);
  for (int y = (int) (gdk_pixbuf_get_height (page) - rect->y - rect->height);
       y < (int) (gdk_pixbuf_get_height (page) - rect->y); y++)
    for (int x = (int) rect->x; x < (int) (rect->x + rect->width); x++)
      {
        const guint8 *p = gdk_pixbuf_read_pixels (page) + y * gdk_pixbuf_get_rowstride (page) +
                          x * gdk_pixbuf_get_n_channels (page);

        if (p[2] > 160 && p[2] - p[0] > 140 && p[2] - p[1] > 100)
          n++;
      }
  return n;
}

/* The ink of a signature box on page 1 of a fresh one-page document signed
 * with the personal certificate */
static guint
sign_and_count_ink (Fixture    *fixture,
                    const char *name,
                    guint      *blue,
                    char      **path_out)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, name, 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *path = NULL, *out = NULL;
  SmartcaPdfRect   rect = { 300, 60, 240, 96 };
  Options          options = { NULL };
  guint            inside = 0;

  options.rect = &rect;
  path = sign_ok (fixture, input, &options);
  out = assert_valid (path, 1);
  g_assert_true (smartca_test_pdf_ink (path, 1, rect.x, rect.y, rect.width, rect.height, &inside,
                                       &ignored));
  *blue = count_blue (path, &rect);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return inside;
}

/* The signature shows the default signature image when the certificate
 * has none of its own; text only when there is no image, or when its file
 * cannot be read */
static void
test_image (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(GError)                error = NULL;
  g_autofree char                 *with_image = NULL;
  g_autoptr(SmartcaSignatureImage) image = NULL;
  guint                            text_only, drawn, unreadable, blue;

  g_assert_null (smartca_store_get_default_image (store));
  text_only = sign_and_count_ink (fixture, "text.pdf", &blue, NULL);
  g_assert_cmpuint (text_only, >, 100);
  g_assert_cmpuint (blue, ==, 0);

  image = add_signature_image ("Chữ ký xanh");
  g_assert_true (smartca_store_set_default_image (store, image, &error));
  g_assert_no_error (error);
  drawn = sign_and_count_ink (fixture, "image.pdf", &blue, &with_image);
  if (g_getenv ("SMARTCA_TEST_KEEP_SAMPLE") != NULL)
    {
      g_autofree char *copy = NULL;
      gsize            length;

      g_assert_true (g_file_get_contents (with_image, &copy, &length, NULL));
      g_assert_true (g_file_set_contents (g_getenv ("SMARTCA_TEST_KEEP_SAMPLE"), copy, length,
                                          NULL));
    }
  g_test_message ("ink: text only %u; with the image %u, of which blue %u", text_only, drawn, blue);
  g_assert_cmpuint (blue, >, 60);

  /* Its file gone: still signed, with the text only */
  {
    g_autofree char *png = g_file_get_path (smartca_signature_image_get_file (image));
    g_autofree char *moved = g_strconcat (png, ".away", NULL);

    g_assert_cmpint (g_rename (png, moved), ==, 0);
    unreadable = sign_and_count_ink (fixture, "unreadable.pdf", &blue, NULL);
    g_assert_cmpint (g_rename (moved, png), ==, 0);
    g_assert_cmpuint (unreadable, >, 100);
    g_assert_cmpuint (blue, ==, 0);
  }

  g_assert_true (smartca_store_remove_image (store, image, &error));
  g_assert_no_error (error);
}

/* The phone flow's failures: the right error, no output, no temporary
 * file left in the folder */
static void
test_personal_failures (Fixture      *fixture,
                        gconstpointer data)
{
  static const struct
  {
    SmartcaSandboxFault fault;
    GQuark              domain;
    int                 code;
  } cases[] = {
    { SMARTCA_SANDBOX_FAULT_USER_REJECTED, 0, SMARTCA_PERSONAL_ERROR_REJECTED },
    { SMARTCA_SANDBOX_FAULT_EXPIRED, 0, SMARTCA_PERSONAL_ERROR_EXPIRED },
    { SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE, 0, SMARTCA_PERSONAL_ERROR_BAD_SIGNATURE },
  };
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char  *path = NULL;
      Options           options = { NULL };

      g_array_set_size (fixture->states, 0);
      smartca_sandbox_set_fault (sandbox, cases[i].fault);
      path = sign_with (fixture, input, &options, &error);
      g_assert_null (path);
      g_assert_error (error, SMARTCA_PERSONAL_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_cmpint (g_array_index (fixture->states, SmartcaSignState, fixture->states->len - 1),
                       ==, SMARTCA_SIGN_STATE_FAILED);
      assert_no_output (fixture, "doc.pdf");
    }
}

/* Cancelled while reading the document, while the phone is asked, while
 * writing: cancelled, no output, no temporary file */
static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  static const SmartcaSignState when[] = {
    SMARTCA_SIGN_STATE_PREPARING,
    SMARTCA_SIGN_STATE_WAITING_FOR_PHONE,
    SMARTCA_SIGN_STATE_WRITING,
  };
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);

  for (guint i = 0; i < G_N_ELEMENTS (when); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char  *path = NULL;
      Options           options = { NULL };

      g_array_set_size (fixture->states, 0);
      g_clear_object (&fixture->cancellable);
      fixture->cancellable = g_cancellable_new ();
      fixture->cancel_in = when[i];
      smartca_sandbox_set_pending_polls (sandbox, when[i] == SMARTCA_SIGN_STATE_WAITING_FOR_PHONE
                                                    ? 1000
                                                    : 1);
      path = sign_with (fixture, input, &options, &error);
      g_assert_null (path);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (g_array_index (fixture->states, SmartcaSignState, fixture->states->len - 1),
                       ==, SMARTCA_SIGN_STATE_CANCELLED);
      assert_no_output (fixture, "doc.pdf");
    }
}

static void
business_save (SmartcaBusinessMethod method)
{
  g_autoptr(GAsyncResult)   result = NULL;
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaTotpKey) key = NULL;

  if (method == SMARTCA_BUSINESS_METHOD_TOTP)
    key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET, SMARTCA_TOTP_FORMAT_AUTO,
                                  &error);
  g_assert_no_error (error);
  smartca_business_save_async (store, smartca_context_get_vault (context),
                               smartca_store_lookup (store, SIGN_SERIAL_TH), method,
                               SMARTCA_SANDBOX_BUSINESS_PASSWORD, key, NULL,
                               smartca_test_result_cb, &result);
  g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* A business account: method 2 (the secrets from the keyring), then method
 * 1 with the code typed; the seal on the first page, top right */
static void
test_business (Fixture      *fixture,
               gconstpointer data)
{
  static const SmartcaSignState expected[] = {
    SMARTCA_SIGN_STATE_PREPARING,
    SMARTCA_SIGN_STATE_SIGNING,
    SMARTCA_SIGN_STATE_WRITING,
    SMARTCA_SIGN_STATE_DONE,
  };
  g_autofree char  *input = smartca_test_pdf_make (fixture->dir, "invoice.pdf", 2, 0,
                                                   SMARTCA_TEST_PDF_PLAIN);
  g_autofree char  *path = NULL, *out = NULL, *otp = NULL, *path1 = NULL, *out1 = NULL;
  g_autoptr(GError) error = NULL;
  SmartcaPdfRect    rect;
  guint             inside;
  Options           options = { SIGN_SERIAL_TH };

  business_save (SMARTCA_BUSINESS_METHOD_TOTP);
  path = sign_ok (fixture, input, &options);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
  out = assert_valid (path, 1);
  g_assert_true (sign_test_contains (out, "CÔNG TY TNHH THƯƠNG MẠI ABC"));
  smartca_sign_operation_default_rect (smartca_store_lookup (store, SIGN_SERIAL_TH), 595.0, 842.0,
                                       &rect);
  g_assert_cmpfloat (rect.y, >, 842.0 / 2);
  g_assert_true (smartca_test_pdf_ink (path, 1, rect.x, rect.y, rect.width, rect.height, &inside, &ignored));
  g_assert_cmpuint (inside, >, 100);
  g_assert_true (smartca_test_pdf_ink (path, 2, rect.x, rect.y, rect.width, rect.height, &inside, &ignored));
  g_assert_cmpuint (inside, ==, 0);

  /* Method 1: without the code it asks for it, with it it signs */
  business_save (SMARTCA_BUSINESS_METHOD_OTP);
  g_assert_null (sign_with (fixture, input, &options, &error));
  g_assert_error (error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_OTP);
  otp = g_strdup_printf ("%06u", smartca_sandbox_totp ((const guint8 *) SANDBOX_KEY_BYTES,
                                                       strlen (SANDBOX_KEY_BYTES),
                                                       g_get_real_time () / G_USEC_PER_SEC));
  options.otp = otp;
  options.output = NULL;
  path1 = sign_ok (fixture, input, &options);
  g_assert_true (g_str_has_suffix (path1, "invoice-signed-2.pdf"));
  out1 = assert_valid (path1, 1);
}

/* A certificate that cannot sign is refused before SmartCA is called or
 * the file is read */
static void
test_cannot_sign (Fixture      *fixture,
                  gconstpointer data)
{
  static const char *const serials[] = { SIGN_SERIAL_SUSPENDED, SIGN_SERIAL_EXPIRED };
  g_autofree char         *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                          SMARTCA_TEST_PDF_PLAIN);

  for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char  *path = NULL;
      guint             requests = smartca_sandbox_get_request_count (sandbox);
      Options           options = { serials[i] };

      g_array_set_size (fixture->states, 0);
      path = sign_with (fixture, input, &options, &error);
      g_assert_null (path);
      g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_NOT_ACTIVE);
      g_test_message ("%s", error->message);
      g_assert_true (sign_test_contains (error->message, "cannot sign"));
      g_assert_true (sign_test_contains (error->message, i == 0 ? "Tạm dừng" : "expired on"));
      g_assert_cmpuint (smartca_sandbox_get_request_count (sandbox), ==, requests);
      g_assert_cmpuint (fixture->states->len, ==, 1);
      g_assert_cmpint (g_array_index (fixture->states, SmartcaSignState, 0), ==,
                       SMARTCA_SIGN_STATE_FAILED);
      assert_no_output (fixture, "doc.pdf");
    }
}

/* Refusals of the document: no output */
static void
test_refusals (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *input = smartca_test_pdf_make (fixture->dir, "doc.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *text = g_build_filename (fixture->dir, "notes.pdf", NULL);
  SmartcaPdfRect   outside_page = { 500, 800, 200, 80 };
  struct
  {
    const char           *input;
    int                   page;
    const SmartcaPdfRect *rect;
    const char           *output;
    int                   code;
  } cases[] = {
    { text, 0, NULL, NULL, SMARTCA_PDF_ERROR_NOT_PDF },
    { input, 0, &outside_page, NULL, SMARTCA_PDF_ERROR_RECT },
    { input, 5, NULL, NULL, SMARTCA_PDF_ERROR_PAGE },
    { input, 0, NULL, input, SMARTCA_PDF_ERROR_OUTPUT },
  };

  g_assert_true (g_file_set_contents (text, "just some text\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char  *path = NULL;
      Options           options = { NULL };

      options.page = cases[i].page;
      options.rect = cases[i].rect;
      options.output = cases[i].output;
      path = sign_with (fixture, cases[i].input, &options, &error);
      g_assert_null (path);
      g_assert_error (error, SMARTCA_PDF_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      assert_no_output (fixture, "doc.pdf notes.pdf");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *store_path = NULL, *nss_dir = NULL;
  GBytes           *also[2] = { NULL, NULL };
  int               status;

  setlocale (LC_ALL, "");
  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  g_test_init (&argc, &argv, NULL);

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("smartca-sign-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp_dir, "smartca.db", NULL);
  store = sign_test_fill_store (sandbox, store_path);
  context = sign_test_context (sandbox, store);
  g_assert_true (smartca_store_load_der (store, smartca_store_lookup (store, SIGN_SERIAL_PERSONAL),
                                         &error));
  /* The same signer twice in one file: poppler wants it known */
  also[0] = smartca_certificate_get_der (smartca_store_lookup (store, SIGN_SERIAL_PERSONAL));
  nss_dir = g_build_filename (tmp_dir, "nss", NULL);
  g_assert_cmpint (g_mkdir (nss_dir, 0700), ==, 0);
  nss_db = smartca_test_nss_db_new (nss_dir, smartca_sandbox_get_root_der (sandbox), also);

#define ADD(name, func) \
  g_test_add ("/sign-operation/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("plain", test_plain);
  ADD ("xref-stream-and-form", test_xref_stream_and_form);
  ADD ("signed-twice", test_signed_twice);
  ADD ("rotated", test_rotated);
  ADD ("invisible", test_invisible);
  ADD ("image", test_image);
  ADD ("personal-failures", test_personal_failures);
  ADD ("cancel", test_cancel);
  ADD ("business", test_business);
  ADD ("cannot-sign", test_cannot_sign);
  ADD ("refusals", test_refusals);
#undef ADD

  status = g_test_run ();
  g_clear_object (&context);
  g_clear_object (&store);
  g_clear_object (&sandbox);
  smartca_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (nss_db);
  return status;
}
