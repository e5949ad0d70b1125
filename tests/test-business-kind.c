/* test-business-kind.c: which certificates are business-type (may have a
 * business SmartCA account) — every kind of subject the sandbox serves,
 * looked up for real, and made-up certificates for the edge cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-business.h"

static SmartcaSandbox *sandbox;
static SmartcaTestPki *pki;

static GPtrArray *
look_up (const char *user_id)
{
  g_autoptr(SmartcaClient) client = business_test_client (sandbox);

  return business_test_look_up_all (client, user_id);
}

/* Every ID the sandbox serves, with what each of its certificates is. */
static void
test_sandbox_subjects (void)
{
  static const struct
  {
    const char *user_id;
    gboolean    business;
    guint       n_certificates;
  } ids[] = {
    { "001099012345", FALSE, 2 },     /* CCCD, SMARTCA PERSONAL PRO / BASIC */
    { "0101234567", TRUE, 2 },        /* MST: ESEAL and SMARTCA TH DOANH NGHIỆP */
    { "079188000111", FALSE, 1 },     /* CCCD, PERSONAL BASIC */
    { "036085001234_002", FALSE, 1 }, /* CCCD with an account suffix */
    { "C1234567", FALSE, 1 },         /* passport */
    { "0312345678-001", TRUE, 1 },    /* a branch's MST, TH */
    { "0109998887", TRUE, 1 },        /* MST, SMARTCA TH, no service_type at all */
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GPtrArray) certificates = look_up (ids[i].user_id);

      g_assert_cmpuint (certificates->len, ==, ids[i].n_certificates);
      for (guint j = 0; j < certificates->len; j++)
        {
          SmartcaCertificate *certificate = g_ptr_array_index (certificates, j);

          g_test_message ("%s %s (%s / %s): %s", ids[i].user_id,
                          smartca_certificate_get_serial_number (certificate),
                          smartca_certificate_get_service_type (certificate),
                          smartca_certificate_get_service_name (certificate),
                          ids[i].business ? "business" : "personal");
          g_assert_cmpint (smartca_certificate_get_is_business (certificate), ==, ids[i].business);
          g_assert_cmpint (smartca_business_is_supported (certificate), ==, ids[i].business);
        }
    }

  /* The answer without service_type was read, and is business all the same. */
  {
    g_autoptr(GPtrArray) certificates = look_up ("0109998887");
    SmartcaCertificate  *certificate = g_ptr_array_index (certificates, 0);

    g_assert_null (smartca_certificate_get_service_type (certificate));
    g_assert_cmpstr (smartca_certificate_get_service_name (certificate), ==, "SMARTCA TH");
    g_assert_true (smartca_certificate_get_is_business (certificate));
  }
}

/* Made-up certificates: the words and the subject that decide. */
static void
test_edge_cases (void)
{
  static const struct
  {
    const char *uid;          /* NULL: no UID in the subject */
    const char *service_type; /* NULL: SmartCA sent none */
    const char *service_name;
    gboolean    business;
  } cases[] = {
    /* Personal packages and subjects */
    { "CCCD:001099012345", "SMARTCA", "SMARTCA PERSONAL PRO", FALSE },
    { "CMND:012345678", "SMARTCA", "SMARTCA BASIC", FALSE },
    { "HC:C1234567", NULL, "SMARTCA PERSONAL PRO", FALSE },
    { "CCCD:001099012345", NULL, NULL, FALSE },
    { NULL, NULL, NULL, FALSE },
    /* "TH" only as a word: not inside "HEALTH" or "THƯƠNG" */
    { "CCCD:001099012345", "SMARTCA", "SMARTCA HEALTH", FALSE },
    { "CCCD:001099012345", "SMARTCA", "GÓI THƯƠNG MẠI", FALSE },
    /* A package that says personal is personal, whatever else it says */
    { "MST:0101234567", "SMARTCA", "SMARTCA PERSONAL PRO", FALSE },
    { "CCCD:001099012345", "SMARTCA", "SMARTCA CÁ NHÂN TH", FALSE },
    { NULL, "PERSONAL", "SMARTCA TH", FALSE },
    /* A tax number in the subject */
    { "MST:0101234567", "SMARTCA", "SMARTCA PRO", TRUE },
    { "MST:0109998887", NULL, NULL, TRUE },
    { "mst:0312345678-001", NULL, "SMARTCA", TRUE },
    /* An organisation or e-seal service type */
    { NULL, "ESEAL", "ESEAL", TRUE },
    { "CCCD:001099012345", "ORGANIZATION", "SMARTCA PRO", TRUE },
    /* The package name, with or without service_type, diacritics, spacing */
    { NULL, NULL, "SMARTCA TH", TRUE },
    { "CCCD:001099012345", "SMARTCA", "SMARTCA TH", TRUE },
    { NULL, "SMARTCA", "smartca_th", TRUE },
    { NULL, NULL, "ESEAL", TRUE },
    { NULL, NULL, "E-Seal", TRUE },
    { NULL, "SMARTCA", "SMARTCA DOANH  NGHIỆP", TRUE },
    { NULL, "SMARTCA", "SMARTCA DOANH NGHIEP", TRUE },
    { NULL, "SMARTCA", "CHỮ KÝ SỐ TỔ CHỨC", TRUE },
    { NULL, "SMARTCA", "chu ky so to chuc", TRUE },
    { NULL, NULL, "SMARTCA ENTERPRISE", TRUE },
  };
  gint64 now = smartca_test_now ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char              *subject = NULL;
      g_autofree char              *serial = g_strdup_printf ("5401%028x", i + 1);
      g_autoptr(SmartcaCertificate) certificate = NULL;

      subject = cases[i].uid != NULL ? g_strdup_printf ("C=VN,CN=Chủ thể %u,UID=%s", i, cases[i].uid)
                                     : g_strdup_printf ("C=VN,CN=Chủ thể %u", i);
      certificate = smartca_test_pki_certificate (pki, "0101234567", subject, serial,
                                                  cases[i].service_name, now - DAY, now + 300 * DAY);
      smartca_certificate_set_service_type (certificate, cases[i].service_type);
      g_test_message ("%s / %s / %s", subject, cases[i].service_type, cases[i].service_name);
      g_assert_cmpint (smartca_certificate_get_is_business (certificate), ==, cases[i].business);
    }
}

static void
count_cb (gpointer counter)
{
  (*(guint *) counter)++;
}

/* The card and the Detail follow when SmartCA's answer changes the kind. */
static void
test_notifies (void)
{
  g_autoptr(SmartcaCertificate) certificate = NULL;
  guint                         notified = 0;

  certificate = smartca_test_pki_certificate (pki, "001099012345",
                                              "C=VN,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                                              "54010101000000000000000000000abc", "SMARTCA BASIC",
                                              smartca_test_now () - DAY, smartca_test_now () + DAY);
  g_assert_false (smartca_certificate_get_is_business (certificate));
  g_signal_connect_swapped (certificate, "notify::is-business", G_CALLBACK (count_cb),
                            &notified);
  smartca_certificate_set_service_name (certificate, "SMARTCA TH");
  g_assert_true (smartca_certificate_get_is_business (certificate));
  g_assert_cmpuint (notified, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               ret;

  g_test_init (&argc, &argv, NULL);

  pki = smartca_test_pki_new ();
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

  g_test_add_func ("/business-kind/sandbox-subjects", test_sandbox_subjects);
  g_test_add_func ("/business-kind/edge-cases", test_edge_cases);
  g_test_add_func ("/business-kind/notifies", test_notifies);

  ret = g_test_run ();
  g_clear_object (&sandbox);
  smartca_test_pki_free (pki);
  return ret;
}
