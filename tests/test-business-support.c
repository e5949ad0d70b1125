/* test-business-support.c: what the business account's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-business.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>

/* A client of @sandbox with its service provider account */
SmartcaClient *
business_test_client (SmartcaSandbox *sandbox)
{
  SmartcaClient    *client = smartca_client_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (smartca_client_set_base_url (client, smartca_sandbox_get_base_url (sandbox),
                                              &error));
  g_assert_no_error (error);
  smartca_client_set_credentials (client, SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD);
  return client;
}

/* Every certificate SmartCA (the sandbox) has for @user_id, looked up for real */
GPtrArray *
business_test_look_up_all (SmartcaClient *client,
                           const char    *user_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  GPtrArray              *certificates;

  smartca_client_get_certificates_async (client, user_id, NULL, NULL, smartca_test_result_cb,
                                         &result);
  certificates = smartca_client_get_certificates_finish (client, smartca_test_wait_result (&result),
                                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificates);
  g_assert_cmpuint (certificates->len, >, 0);
  return certificates;
}

/* One certificate, as a lookup returns it (with its DER) */
SmartcaCertificate *
business_test_look_up (SmartcaClient *client,
                       const char    *user_id,
                       const char    *serial)
{
  g_autoptr(GPtrArray) certificates = business_test_look_up_all (client, user_id);

  for (guint i = 0; i < certificates->len; i++)
    {
      SmartcaCertificate *certificate = g_ptr_array_index (certificates, i);

      if (g_str_equal (smartca_certificate_get_serial_number (certificate), serial))
        return g_object_ref (certificate);
    }
  g_assert_not_reached ();
}

/* The secret key of the sandbox's business accounts, as VNPT writes it */
SmartcaTotpKey *
business_test_sandbox_key (void)
{
  g_autoptr(GError) error = NULL;
  SmartcaTotpKey   *key = smartca_totp_key_parse (SMARTCA_SANDBOX_BUSINESS_SECRET,
                                                  SMARTCA_TOTP_FORMAT_AUTO, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* Whether @signature is the certificate's PKCS#1 v1.5 RSA-SHA256 signature
 * of @digest — checked here with GnuTLS directly, not with the app's code */
gboolean
business_test_verifies (SmartcaCertificate *certificate,
                        GBytes             *digest,
                        GBytes             *signature)
{
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t  der, hash, value;
  gsize           size;
  int             rc;

  der.data = (unsigned char *) g_bytes_get_data (smartca_certificate_get_der (certificate), &size);
  der.size = size;
  hash.data = (unsigned char *) g_bytes_get_data (digest, &size);
  hash.size = size;
  value.data = (unsigned char *) g_bytes_get_data (signature, &size);
  value.size = size;
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_x509_raw (pubkey, &der, GNUTLS_X509_FMT_DER, 0), ==, 0);
  rc = gnutls_pubkey_verify_hash2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &hash, &value);
  gnutls_pubkey_deinit (pubkey);
  return rc >= 0;
}
