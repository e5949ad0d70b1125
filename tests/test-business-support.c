/* test-business-support.c: what the business account's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-business.h"

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
