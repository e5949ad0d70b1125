/* test-export.c: a certificate written to a file as PEM or DER, read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "smartca-export.h"
#include "smartca-test-pki.h"
#include "smartca-x509.h"

#define DAY (24 * 60 * 60)
#define SERIAL "540101010123456789abcdef01234567"

static SmartcaTestPki *pki;

typedef struct
{
  char               *dir;
  SmartcaCertificate *certificate;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  fixture->dir = g_dir_make_tmp ("smartca-export-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->certificate = smartca_test_pki_certificate (
    pki, "001099012345", "C=VN,ST=HÀ NỘI,CN=Nguyễn Văn An,UID=CCCD:001099012345", SERIAL,
    "SMARTCA PERSONAL PRO", now - 100 * DAY, now + 800 * DAY);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->certificate);
}

static GFile *
file_in (Fixture    *fixture,
         const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  return g_file_new_for_path (path);
}

static void
test_der (Fixture      *fixture,
          gconstpointer data)
{
  g_autoptr(GFile)           file = file_in (fixture, "an.der");
  g_autoptr(GError)          error = NULL;
  g_autoptr(GBytes)          written = NULL;
  g_autoptr(SmartcaX509Info) info = NULL;
  GBytes                    *der = smartca_certificate_get_der (fixture->certificate);

  g_assert_true (smartca_export_to_file (fixture->certificate, file, SMARTCA_EXPORT_DER, NULL,
                                         &error));
  g_assert_no_error (error);

  /* The very bytes SmartCA gave, and they read back as the certificate. */
  written = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (written, der));
  info = smartca_x509_parse (written, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_x509_serials_equal (info->serial_number, SERIAL));
  g_assert_nonnull (strstr (info->subject_dn, "Nguyễn Văn An"));
}

static void
test_pem (Fixture      *fixture,
          gconstpointer data)
{
  g_autoptr(GFile)           file = file_in (fixture, "an.pem");
  g_autoptr(GError)          error = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GByteArray)      tls_der = NULL;
  g_autofree char           *pem = NULL;
  g_autofree char           *path = g_file_get_path (file);
  GBytes                    *der = smartca_certificate_get_der (fixture->certificate);
  gsize                      len;

  g_assert_true (smartca_export_to_file (fixture->certificate, file, SMARTCA_EXPORT_PEM, NULL,
                                         &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &pem, &len, NULL));
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----\n"));
  g_assert_true (g_str_has_suffix (pem, "-----END CERTIFICATE-----\n"));
  {
    g_auto(GStrv) lines = g_strsplit (pem, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpuint (strlen (lines[i]), <=, 64);
  }

  /* GnuTLS's own PEM reader gets the same certificate back. */
  tls = g_tls_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_object_get (tls, "certificate", &tls_der, NULL);
  g_assert_cmpmem (tls_der->data, tls_der->len, g_bytes_get_data (der, NULL), g_bytes_get_size (der));

  /* Writing again replaces the file, it does not append. */
  g_assert_true (smartca_export_to_file (fixture->certificate, file, SMARTCA_EXPORT_PEM, NULL,
                                         &error));
  {
    g_autofree char *again = NULL;
    gsize            again_len;

    g_assert_true (g_file_get_contents (path, &again, &again_len, NULL));
    g_assert_cmpmem (again, again_len, pem, len);
  }
}

static void
test_format_for_name (void)
{
  g_assert_cmpint (smartca_export_format_for_name ("an.der"), ==, SMARTCA_EXPORT_DER);
  g_assert_cmpint (smartca_export_format_for_name ("AN.CER"), ==, SMARTCA_EXPORT_DER);
  g_assert_cmpint (smartca_export_format_for_name ("an.pem"), ==, SMARTCA_EXPORT_PEM);
  g_assert_cmpint (smartca_export_format_for_name ("an.crt"), ==, SMARTCA_EXPORT_PEM);
  g_assert_cmpint (smartca_export_format_for_name ("an"), ==, SMARTCA_EXPORT_PEM);
}

static void
test_failure (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char              *path = g_build_filename (fixture->dir, "no such folder", "an.pem", NULL);
  g_autoptr(GFile)              file = g_file_new_for_path (path);
  g_autoptr(GError)             error = NULL;
  g_autofree char              *expected = g_strdup_printf ("“%s” could not be written: ", path);
  g_autoptr(SmartcaCertificate) bare = smartca_certificate_new ("01");

  /* Without an error to fill: refused, no crash. */
  g_assert_false (smartca_export_to_file (fixture->certificate, file, SMARTCA_EXPORT_PEM, NULL,
                                          NULL));
  g_assert_false (smartca_export_to_file (bare, file, SMARTCA_EXPORT_DER, NULL, NULL));

  /* With one: which file, then why, keeping GIO's code. */
  g_assert_false (smartca_export_to_file (fixture->certificate, file, SMARTCA_EXPORT_PEM, NULL,
                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_cmpuint (strlen (error->message), >, strlen (expected));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A certificate whose data is not loaded. */
  g_assert_false (smartca_export_to_file (bare, file, SMARTCA_EXPORT_DER, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "certificate data is not available"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = smartca_test_pki_new ();

  g_test_add ("/export/der", Fixture, NULL, fixture_set_up, test_der, fixture_tear_down);
  g_test_add ("/export/pem", Fixture, NULL, fixture_set_up, test_pem, fixture_tear_down);
  g_test_add ("/export/failure", Fixture, NULL, fixture_set_up, test_failure, fixture_tear_down);
  g_test_add_func ("/export/format-for-name", test_format_for_name);

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
