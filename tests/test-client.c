/* test-client.c: SmartCA answers, the client over loopback HTTP against our
 * sandbox, and the add/refresh flows that write the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "smartca-context.h"
#include "smartca-lookup.h"
#include "smartca-sandbox.h"
#include "smartca-store.h"
#include "smartca-x509.h"
#include "test-client.h"

SmartcaSandbox *sandbox;
SmartcaTestPki *pki;

/* Helpers */

GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

SmartcaClient *
sandbox_client (void)
{
  SmartcaClient    *client = smartca_client_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (smartca_client_set_base_url (client, smartca_sandbox_get_base_url (sandbox),
                                              &error));
  g_assert_no_error (error);
  smartca_client_set_credentials (client, SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD);
  return client;
}

GPtrArray *
fetch (SmartcaClient *client,
       const char    *user_id,
       const char    *serial,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_client_get_certificates_async (client, user_id, serial, cancellable, store_result_cb,
                                         &result);
  return smartca_client_get_certificates_finish (client, wait_result (&result), error);
}

static SmartcaCertificate *
find (GPtrArray  *certificates,
      const char *serial)
{
  for (guint i = 0; i < certificates->len; i++)
    if (g_str_equal (smartca_certificate_get_serial_number (g_ptr_array_index (certificates, i)),
                     serial))
      return g_ptr_array_index (certificates, i);
  return NULL;
}

/* Pure parsing */

char *
record_json (const char *serial_field,
             const char *subject,
             gint64      from,
             gint64      to,
             GBytes     *der,
             const char *extra)
{
  g_autofree char     *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autoptr(GDateTime) f = g_date_time_new_from_unix_utc (from);
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (to);
  g_autofree char     *fs = g_date_time_format (f, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char     *ts = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GString)   wrapped = g_string_new (NULL);

  /* Line breaks inside cert_data, as some SmartCA answers have them. */
  for (gsize i = 0; i < strlen (b64); i += 64)
    g_string_append_printf (wrapped, "%s%.64s", i > 0 ? "\\r\\n" : "", b64 + i);

  return g_strdup_printf ("{\"service_type\":\"SMARTCA\",\"service_name\":\"SMARTCA PERSONAL PRO\","
                          "\"cert_id\":\"abc\",\"cert_status\":\"Đang hoạt động\","
                          "\"serial_number\":%s,\"cert_subject\":\"%s\","
                          "\"cert_valid_from\":\"%s\",\"cert_valid_to\":\"%s\","
                          "\"cert_data\":\"%s\",\"chain_data\":{\"ca_cert\":null,\"root_cert\":null}%s}",
                          serial_field, subject, fs, ts, wrapped->str, extra != NULL ? extra : "");
}

GPtrArray *
parse (const char *body,
       guint       status,
       const char *serial_filter,
       GError    **error)
{
  return smartca_client_json_parse_certificates (body, body != NULL ? strlen (body) : 0, status,
                                                 "001099012345", serial_filter, error);
}

static void
test_parse_good (void)
{
  gint64               now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;
  const char          *subject = "C=VN,ST=HÀ NỘI,CN=Nguyễn Văn An,UID=CCCD:001099012345";
  g_autoptr(GBytes)    der = smartca_test_pki_issue (pki, subject, "00c1d2", now, now + 100 * DAY);
  g_autofree char     *record = record_json ("\"C1D2\"", subject, now, now + 100 * DAY, der, NULL);
  g_autofree char     *body = g_strdup_printf ("{\"status_code\":200,\"message\":\"Success\","
                                                   "\"data\":{\"user_certificates\":[%s]}}",
                                               record);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError)    error = NULL;
  SmartcaCertificate  *c;

  list = parse (body, 200, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  c = g_ptr_array_index (list, 0);
  /* Written as the certificate writes it: no leading zero octet, lower case. */
  g_assert_cmpstr (smartca_certificate_get_serial_number (c), ==, "c1d2");
  g_assert_cmpstr (smartca_certificate_get_common_name (c), ==, "Nguyễn Văn An");
  g_assert_cmpstr (smartca_certificate_get_lookup_id (c), ==, "001099012345");
  g_assert_cmpstr (smartca_certificate_get_service_name (c), ==, "SMARTCA PERSONAL PRO");
  g_assert_cmpint (smartca_certificate_get_valid_to (c), ==, now + 100 * DAY);
  g_assert_true (g_bytes_equal (smartca_certificate_get_der (c), der));

  /* A serial filter keeps only that certificate; another finds none. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = parse (body, 200, "c1d2", &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = parse (body, 200, "abcd", &error);
  g_assert_null (list);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SERIAL_NOT_FOUND);
}

static void
test_parse_disagreeing_record (void)
{
  gint64            now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;
  const char       *subject = "CN=Nguyễn Văn An,UID=CCCD:001099012345";
  g_autoptr(GBytes) der = smartca_test_pki_issue (pki, subject, "0a0b", now, now + 100 * DAY);
  struct
  {
    const char *serial;
    const char *subject;
    gint64      to;
  } cases[] = {
    { "\"0a0c\"", subject, now + 100 * DAY },                                  /* another serial */
    { "\"0a0b\"", "CN=Trần Văn B,UID=CCCD:001099012345", now + 100 * DAY },    /* another name */
    { "\"0a0b\"", "CN=Nguyễn Văn An,UID=CCCD:001099099999", now + 100 * DAY }, /* another ID */
    { "\"0a0b\"", subject, now + 400 * DAY },                                  /* longer validity */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char     *record = record_json (cases[i].serial, cases[i].subject, now, cases[i].to,
                                                 der, NULL);
      g_autofree char     *body = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                       "{\"user_certificates\":[%s]}}",
                                                   record);
      g_autoptr(GError)    error = NULL;
      g_autoptr(GPtrArray) list = parse (body, 200, NULL, &error);

      g_test_message ("case %u", i);
      g_assert_null (list);
      g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_MISMATCH);
    }
}

static void
test_parse_bad_answers (void)
{
  gint64            now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;
  const char       *subject = "CN=A,UID=CCCD:001099012345";
  g_autoptr(GBytes) der = smartca_test_pki_issue (pki, subject, "01", now, now + DAY);
  g_autofree char  *good = record_json ("\"01\"", subject, now, now + DAY, der, NULL);
  g_autofree char  *bad_chain = record_json ("\"01\"", subject, now, now + DAY, der,
                                             ",\"chain_data\":{\"ca_cert\":\"bm90IGEgY2VydA==\"}");
  g_autofree char  *good_then_bad = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                      "{\"user_certificates\":[%s,42]}}",
                                                     good);
  g_autofree char  *with_bad_chain = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                       "{\"user_certificates\":[%s]}}",
                                                      bad_chain);
  const struct
  {
    const char *body;
    guint       status;
    int         code;
  } cases[] = {
    { "", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "<html>maintenance</html>", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":200,\"data\":{\"user_certificates\":[", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "[1,2,3]", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":\"200\",\"data\":{}}", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":200}", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":200,\"data\":null}", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":200,\"data\":{\"user_certificates\":{}}}", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":200,\"data\":{\"user_certificates\":[{\"serial_number\":42}]}}", 200,
      SMARTCA_CLIENT_ERROR_MALFORMED },
    { "{\"status_code\":200,\"data\":{\"user_certificates\":[]}}", 200, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND },
    { "{\"status_code\":200,\"data\":{\"user_certificates\":null}}", 200, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND },
    { "{\"status_code\":401,\"message\":\"SP_CREDENTIAL_INVALID\",\"data\":null}", 200,
      SMARTCA_CLIENT_ERROR_SP_CREDENTIALS },
    { "{\"status_code\":401,\"message\":\"user not exist\",\"data\":null}", 401,
      SMARTCA_CLIENT_ERROR_ID_NOT_FOUND },
    { "{\"status_code\":401,\"message\":\"SP_CREDENTIAL_INVALID\",\"data\":null}", 401,
      SMARTCA_CLIENT_ERROR_SP_CREDENTIALS },
    { "{\"status_code\":400,\"message\":\"BAD_REQUEST\"}", 400, SMARTCA_CLIENT_ERROR_BAD_REQUEST },
    { "{\"status_code\":403,\"message\":\"CREDENTIAL_STATUS_INVALID\"}", 403,
      SMARTCA_CLIENT_ERROR_CERTIFICATE_STATUS },
    { "<html>Bad gateway</html>", 502, SMARTCA_CLIENT_ERROR_SERVER },
    { "{\"status_code\":500,\"message\":\"SERVAR_INTERNAL_ERROR\"}", 500, SMARTCA_CLIENT_ERROR_SERVER },
    { "", 418, SMARTCA_CLIENT_ERROR_HTTP },
    { "{\"status_code\":62001,\"message\":\"khác\"}", 200, SMARTCA_CLIENT_ERROR_API },
    { good_then_bad, 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { with_bad_chain, 200, SMARTCA_CLIENT_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError)    error = NULL;
      g_autoptr(GPtrArray) list = parse (cases[i].body, cases[i].status, NULL, &error);

      g_test_message ("case %u: HTTP %u %.60s", i, cases[i].status, cases[i].body);
      g_assert_null (list);
      g_assert_error (error, SMARTCA_CLIENT_ERROR, cases[i].code);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

static void
test_base64_and_x509 (void)
{
  g_autoptr(GError)          error = NULL;
  g_autoptr(GBytes)          der = smartca_test_pki_issue (pki, "CN=X,UID=CCCD:001099012345", "00ff01",
                                                           1700000000, 1800000000);
  g_autofree char           *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autoptr(GBytes)          back = smartca_x509_decode_base64 (b64, &error);
  g_autoptr(SmartcaX509Info) info = smartca_x509_parse (back, &error);
  g_autofree char           *pem = smartca_x509_to_pem (der);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (der, back));
  g_assert_cmpstr (info->serial_number, ==, "ff01");
  g_assert_cmpint (info->not_before, ==, 1700000000);
  g_assert_cmpint (info->not_after, ==, 1800000000);
  g_assert_nonnull (strstr (info->issuer_dn, "VNPT SmartCA RS"));
  g_assert_cmpuint (strlen (info->sha256_fingerprint), ==, 32 * 3 - 1);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----\n"));

  g_assert_true (smartca_x509_serials_equal ("00FF01", "ff01"));
  g_assert_false (smartca_x509_serials_equal ("ff01", "ff02"));

  g_assert_null (smartca_x509_decode_base64 ("not base64!", &error));
  g_assert_error (error, SMARTCA_X509_ERROR, SMARTCA_X509_ERROR_BASE64);
  g_clear_error (&error);
  g_assert_null (smartca_x509_decode_base64 ("QUJD=QUJD", &error));
  g_clear_error (&error);
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x01", 5);
    g_assert_null (smartca_x509_parse (junk, &error));
    g_assert_error (error, SMARTCA_X509_ERROR, SMARTCA_X509_ERROR_PARSE);
  }
}

/* The client against the sandbox */

static void
test_case_2_all_certificates (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  g_autoptr(GError)        error = NULL;
  g_autoptr(GPtrArray)     list = fetch (client, "001099012345", NULL, NULL, &error);
  SmartcaCertificate      *pro, *basic;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  pro = find (list, "540101010123456789abcdef01234567");
  basic = find (list, "5401010100aa00bb00cc00dd00ee00ff");
  g_assert_nonnull (pro);
  g_assert_nonnull (basic);
  g_assert_cmpstr (smartca_certificate_get_display_name (pro), ==, "Nguyễn Văn An");
  g_assert_cmpstr (smartca_certificate_get_id_number (pro), ==, "001099012345");
  g_assert_cmpstr (smartca_certificate_get_service_name (pro), ==, "SMARTCA PERSONAL PRO");
  g_assert_cmpint (smartca_certificate_get_status (pro), ==, SMARTCA_CERTIFICATE_STATUS_ACTIVE);
  g_assert_cmpint (smartca_certificate_get_status (basic), ==, SMARTCA_CERTIFICATE_STATUS_EXPIRED);
  g_assert_nonnull (smartca_certificate_get_ca_der (pro));
  g_assert_nonnull (smartca_certificate_get_root_der (pro));
}

static void
test_case_1_one_serial (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  g_autoptr(GError)        error = NULL;
  g_autoptr(GPtrArray)     list = fetch (client, "001099012345", "5401010100aa00bb00cc00dd00ee00ff",
                                         NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_nonnull (find (list, "5401010100aa00bb00cc00dd00ee00ff"));
}

static void
test_other_kinds_of_number (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  const char              *ids[] = { "0101234567", "036085001234_002", "C1234567", "0312345678-001",
                                     "079188000111" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError)    error = NULL;
      g_autoptr(GPtrArray) list = fetch (client, ids[i], NULL, NULL, &error);

      g_test_message ("%s", ids[i]);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, >=, 1);
    }
}

void
assert_fetch_fails (SmartcaClient *client,
                    const char    *user_id,
                    const char    *serial,
                    int            code)
{
  g_autoptr(GError)    error = NULL;
  g_autoptr(GPtrArray) list = fetch (client, user_id, serial, NULL, &error);

  g_assert_null (list);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, code);
}

static void
test_not_found (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();

  assert_fetch_fails (client, "001099000000", NULL, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND);
  assert_fetch_fails (client, "001099012345", "abcdef", SMARTCA_CLIENT_ERROR_SERIAL_NOT_FOUND);
}

static void
test_wrong_sp_credentials (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  g_autoptr(SmartcaClient) unconfigured = smartca_client_new ();

  smartca_client_set_credentials (client, SMARTCA_SANDBOX_SP_ID, "wrong password");
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_SP_CREDENTIALS);
  assert_fetch_fails (unconfigured, "001099012345", NULL, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED);
}

static void
test_faults (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  const struct
  {
    SmartcaSandboxFault fault;
    int                 code;
  } cases[] = {
    { SMARTCA_SANDBOX_FAULT_HTTP_401, SMARTCA_CLIENT_ERROR_SP_CREDENTIALS },
    { SMARTCA_SANDBOX_FAULT_HTTP_403, SMARTCA_CLIENT_ERROR_CERTIFICATE_STATUS },
    { SMARTCA_SANDBOX_FAULT_HTTP_500, SMARTCA_CLIENT_ERROR_SERVER },
    { SMARTCA_SANDBOX_FAULT_MALFORMED, SMARTCA_CLIENT_ERROR_MALFORMED },
    { SMARTCA_SANDBOX_FAULT_TRUNCATED, SMARTCA_CLIENT_ERROR_MALFORMED },
    { SMARTCA_SANDBOX_FAULT_NOT_JSON, SMARTCA_CLIENT_ERROR_MALFORMED },
    { SMARTCA_SANDBOX_FAULT_CLOSE, SMARTCA_CLIENT_ERROR_MALFORMED },
    { SMARTCA_SANDBOX_FAULT_MISMATCH, SMARTCA_CLIENT_ERROR_MISMATCH },
    { SMARTCA_SANDBOX_FAULT_HUGE, SMARTCA_CLIENT_ERROR_TOO_LARGE },
    { SMARTCA_SANDBOX_FAULT_DEEP, SMARTCA_CLIENT_ERROR_MALFORMED },
    { SMARTCA_SANDBOX_FAULT_DEEP_ERROR, SMARTCA_CLIENT_ERROR_SERVER },
    { SMARTCA_SANDBOX_FAULT_REDIRECT, SMARTCA_CLIENT_ERROR_REDIRECT },
    { SMARTCA_SANDBOX_FAULT_API_ERROR, SMARTCA_CLIENT_ERROR_API },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("fault %d", cases[i].fault);
      smartca_sandbox_set_fault (sandbox, cases[i].fault);
      assert_fetch_fails (client, "001099012345", NULL, cases[i].code);
    }
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
}

static void
test_timeout (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();

  smartca_client_set_timeout (client, 1);
  smartca_sandbox_set_delay (sandbox, 2500);
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_TIMEOUT);
  smartca_sandbox_set_delay (sandbox, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  g_autoptr(GCancellable)  cancellable = g_cancellable_new ();
  g_autoptr(GError)        error = NULL;
  g_autoptr(GPtrArray)     list = NULL;

  smartca_sandbox_set_delay (sandbox, 2000);
  g_timeout_add (100, cancel_cb, cancellable);
  list = fetch (client, "001099012345", NULL, cancellable, &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  smartca_sandbox_set_delay (sandbox, 0);
}

static void
test_no_network (void)
{
  g_autoptr(SmartcaClient)   client = sandbox_client ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError)          error = NULL;
  g_autofree char           *url = NULL;
  guint16                    port;

  /* A port that was free a moment ago and has nobody listening now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/sca/sp769", port);
  g_assert_true (smartca_client_set_base_url (client, url, NULL));
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_NETWORK);
}

static void
test_tls_is_verified (void)
{
  g_autoptr(SmartcaClient)   client = sandbox_client ();
  g_autofree char           *pem = smartca_test_pki_issue_server_pem (pki, "127.0.0.1");
  g_autoptr(GError)          error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_autoptr(SoupServer)      server = NULL;
  g_autoptr(GInetAddress)    loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress)  address = g_inet_socket_address_new (loopback, 0);
  g_autofree char           *url = NULL;
  GSList                    *uris;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  g_assert_true (soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d/sca/sp769", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* A certificate from a CA nobody trusts is refused, never accepted. */
  g_assert_true (smartca_client_set_base_url (client, url, NULL));
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_TLS);
  soup_server_disconnect (server);
}

static void
test_urls (void)
{
  const char *good[] = { SMARTCA_PRODUCTION_URL, SMARTCA_TEST_URL, "http://127.0.0.1:8080/sca/sp769",
                         "http://localhost/sca/sp769", "http://[::1]:9/x" };
  const char *insecure[] = { "http://gwsca.vnpt.vn/sca/sp769", "http://10.0.0.1/sca/sp769",
                             "ftp://example.com/" };
  const char *nonsense[] = { "", "gwsca.vnpt.vn", "https://" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (smartca_client_check_url (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (smartca_client_check_url (insecure[i], &error));
      g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_INSECURE_URL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (nonsense); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (smartca_client_check_url (nonsense[i], &error));
      g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED);
    }
}

/* The look-up flows (SmartcaLookup, on a SmartcaContext): the store only
 * ever sees whole, valid answers. */

typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  SmartcaLookup  *lookup;
} Flow;

static void
flow_set_up (Flow         *flow,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  flow->path = g_build_filename (g_get_user_data_dir (), "flow.db", NULL);
  g_remove (flow->path);
  flow->store = smartca_store_new (flow->path, &error);
  g_assert_no_error (error);
  flow->context = smartca_context_new (flow->store, NULL, NULL);
  smartca_context_set_url_override (flow->context, smartca_sandbox_get_base_url (sandbox));
  flow->lookup = smartca_lookup_new (flow->context);
}

static void
flow_tear_down (Flow         *flow,
                gconstpointer data)
{
  g_clear_object (&flow->lookup);
  g_clear_object (&flow->context);
  g_clear_object (&flow->store);
  g_remove (flow->path);
  g_free (flow->path);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
}

static gboolean
add (Flow       *flow,
     const char *user_id,
     const char *serial,
     guint      *n_added,
     guint      *n_updated,
     GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_lookup_add_async (flow->lookup, user_id, serial, NULL, store_result_cb, &result);
  return smartca_lookup_add_finish (flow->lookup, wait_result (&result), n_added, n_updated,
                                    error);
}

static gboolean
refresh (Flow    *flow,
         guint   *n_updated,
         GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_lookup_refresh_async (flow->lookup, NULL, store_result_cb, &result);
  return smartca_lookup_refresh_finish (flow->lookup, wait_result (&result), n_updated, error);
}

/* Everything the store holds, as one string, read from the file itself. */
static char *
snapshot (Flow *flow)
{
  g_autofree char *command = g_strdup_printf ("sqlite3 -batch %s 'SELECT * FROM certificates "
                                              "ORDER BY id; SELECT hex(cert_der) FROM "
                                              "certificate_der ORDER BY certificate_id;'",
                                              flow->path);
  g_autofree char *out = NULL;
  int              status = 0;

  if (!g_spawn_command_line_sync (command, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      /* Without the sqlite3 tool, compare what the store shows. */
      GListModel *model = smartca_store_get_certificates (flow->store);
      GString    *s = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(SmartcaCertificate) c = g_list_model_get_item (model, i);
          g_string_append_printf (s, "%s|%s|%d\n", smartca_certificate_get_serial_number (c),
                                  smartca_certificate_get_status_text (c),
                                  smartca_certificate_get_is_default (c));
        }
      return g_string_free (s, FALSE);
    }
  return g_steal_pointer (&out);
}

static void
test_flow_add_cases (Flow         *flow,
                     gconstpointer data)
{
  g_autoptr(GError)   error = NULL;
  guint               added = 0, updated = 0;
  SmartcaCertificate *first;

  /* Case 1: one serial. It is the first ever, but expired: it cannot sign,
   * so it does not become the default. */
  g_assert_true (add (flow, "001099012345", "5401010100aa00bb00cc00dd00ee00ff", &added, &updated,
                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  first = smartca_store_lookup (flow->store, "5401010100aa00bb00cc00dd00ee00ff");
  g_assert_false (smartca_certificate_get_is_default (first));

  /* Case 2: the whole ID. The one already stored is updated, not doubled;
   * the new one signs, so it becomes the default. */
  g_assert_true (add (flow, "001099012345", NULL, &added, &updated, &error));
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (updated, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_certificates (flow->store)), ==, 2);
  g_assert_true (smartca_store_get_default (flow->store) ==
                 smartca_store_lookup (flow->store, "540101010123456789abcdef01234567"));
}

static void
test_flow_failures_change_nothing (Flow         *flow,
                                   gconstpointer data)
{
  g_autoptr(GError)         error = NULL;
  g_autofree char          *before = NULL;
  const SmartcaSandboxFault faults[] = {
    SMARTCA_SANDBOX_FAULT_HTTP_401,
    SMARTCA_SANDBOX_FAULT_HTTP_403,
    SMARTCA_SANDBOX_FAULT_HTTP_500,
    SMARTCA_SANDBOX_FAULT_MALFORMED,
    SMARTCA_SANDBOX_FAULT_TRUNCATED,
    SMARTCA_SANDBOX_FAULT_NOT_JSON,
    SMARTCA_SANDBOX_FAULT_CLOSE,
    SMARTCA_SANDBOX_FAULT_MISMATCH,
    SMARTCA_SANDBOX_FAULT_HUGE,
    SMARTCA_SANDBOX_FAULT_DEEP,
    SMARTCA_SANDBOX_FAULT_DEEP_ERROR,
    SMARTCA_SANDBOX_FAULT_REDIRECT,
    SMARTCA_SANDBOX_FAULT_API_ERROR,
  };

  g_assert_true (add (flow, "001099012345", NULL, NULL, NULL, &error));
  g_assert_true (add (flow, "0101234567", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  before = snapshot (flow);
  g_assert_cmpuint (strlen (before), >, 100);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *after = NULL;

      smartca_sandbox_set_fault (sandbox, faults[i]);
      g_assert_false (add (flow, "001099012345", NULL, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_assert_false (refresh (flow, NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      after = snapshot (flow);
      g_assert_cmpstr (after, ==, before);
    }
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);

  /* Unknown IDs and serials change nothing either. */
  g_assert_false (add (flow, "001099000000", NULL, NULL, NULL, &error));
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (add (flow, "001099012345", "0123", NULL, NULL, &error));
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SERIAL_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *after = snapshot (flow);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_flow_refresh (Flow         *flow,
                   gconstpointer data)
{
  g_autoptr(GError)   error = NULL;
  SmartcaCertificate *pro;
  guint               updated = 0;

  g_assert_true (add (flow, "001099012345", NULL, NULL, NULL, &error));
  g_assert_true (add (flow, "079188000111", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  pro = smartca_store_lookup (flow->store, "540101010123456789abcdef01234567");
  g_assert_true (smartca_store_set_custom_name (flow->store, pro, "Ký hợp đồng", &error));
  /* The user removes one; a refresh must not bring it back. */
  g_assert_true (smartca_store_remove (flow->store,
                                       smartca_store_lookup (flow->store,
                                                             "5401010100aa00bb00cc00dd00ee00ff"),
                                       &error));

  smartca_sandbox_set_status (sandbox, "540101010123456789abcdef01234567", "Tạm dừng");
  g_assert_true (refresh (flow, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (updated, ==, 2);
  g_assert_cmpstr (smartca_certificate_get_status_text (pro), ==, "Tạm dừng");
  g_assert_cmpstr (smartca_certificate_get_display_name (pro), ==, "Ký hợp đồng");
  g_assert_null (smartca_store_lookup (flow->store, "5401010100aa00bb00cc00dd00ee00ff"));
  smartca_sandbox_set_status (sandbox, "540101010123456789abcdef01234567", "Đang hoạt động");
}

static void
test_flow_needs_configuration (Flow         *flow,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* No SMARTCA_SP_ID / password and no settings: say what to set. */
  g_unsetenv ("SMARTCA_SP_ID");
  g_unsetenv ("SMARTCA_SP_PASSWORD");
  g_clear_object (&flow->lookup);
  g_clear_object (&flow->context);
  flow->context = smartca_context_new (flow->store, NULL, NULL);
  smartca_context_set_url_override (flow->context, smartca_sandbox_get_base_url (sandbox));
  flow->lookup = smartca_lookup_new (flow->context);
  g_assert_false (add (flow, "001099012345", NULL, NULL, NULL, &error));
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               ret;

  g_test_init (&argc, &argv, NULL);
  test_client_hardening_init ();

  /* Who we are to the sandbox, the way a managed desktop would say it. */
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);

  pki = smartca_test_pki_new ();
  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

  g_test_add_func ("/json/good", test_parse_good);
  g_test_add_func ("/json/disagreeing-record", test_parse_disagreeing_record);
  g_test_add_func ("/json/bad-answers", test_parse_bad_answers);
  g_test_add_func ("/x509/base64-and-parse", test_base64_and_x509);
  g_test_add_func ("/client/case-2-all", test_case_2_all_certificates);
  g_test_add_func ("/client/case-1-serial", test_case_1_one_serial);
  g_test_add_func ("/client/kinds-of-number", test_other_kinds_of_number);
  g_test_add_func ("/client/not-found", test_not_found);
  g_test_add_func ("/client/wrong-sp-credentials", test_wrong_sp_credentials);
  g_test_add_func ("/client/faults", test_faults);
  g_test_add_func ("/client/timeout", test_timeout);
  g_test_add_func ("/client/cancel", test_cancel);
  g_test_add_func ("/client/no-network", test_no_network);
  g_test_add_func ("/client/tls-verified", test_tls_is_verified);
  g_test_add_func ("/client/urls", test_urls);
  test_client_hardening_add_tests ();
  g_test_add ("/flow/add-cases", Flow, NULL, flow_set_up, test_flow_add_cases, flow_tear_down);
  g_test_add ("/flow/failures-change-nothing", Flow, NULL, flow_set_up,
              test_flow_failures_change_nothing, flow_tear_down);
  g_test_add ("/flow/refresh", Flow, NULL, flow_set_up, test_flow_refresh, flow_tear_down);
  g_test_add ("/flow/needs-configuration", Flow, NULL, flow_set_up, test_flow_needs_configuration,
              flow_tear_down);

  ret = g_test_run ();
  test_client_hardening_clean_up ();
  g_clear_object (&sandbox);
  smartca_test_pki_free (pki);
  return ret;
}
