/* test-personal-sign-answers.c: the phone-confirmed flow against answers
 * the sandbox does not give — a message in capitals, signatures of the
 * wrong type, a signature for another document first — from a scripted
 * server on loopback; the certificate and its key are the sandbox's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "smartca-remote-sign-private.h"
#include "smartca-remote-sign.h"
#include "smartca-sandbox-private.h"
#include "test-business.h"

#define PERSON_USER "001099012345"
#define INTERVAL_MS 20
#define LIFETIME_MS (60 * 1000)
#define SIGN_PATH "/sca/sp769/v1/signatures/sign"
#define WAITING_BODY                                                \
  "{\"status_code\":200,\"message\":\"sig_wait_for_user_confirm\"," \
  "\"data\":{\"transaction_id\":\"x\",\"tran_code\":\"y\"}}"
#define PENDING_BODY \
  "{\"status_code\":200,\"message\":\"sig_wait_for_user_confirm\",\"data\":{\"signatures\":null}}"

static SmartcaSandbox *sandbox;

typedef struct
{
  SoupServer         *server;
  SmartcaClient      *client;
  SmartcaCertificate *certificate;
  GBytes             *digest;
  char               *good; /* base64 of the certificate's signature of the digest */
  char               *bad;  /* the same by another key */
  const char         *sign_answer;
  const char *const  *status_answers; /* one per poll; the last one repeats */
  guint               polls;
  char               *status_path; /* the path of the last poll */
} Fixture;

/* @GOOD@ and @BAD@ stand for the two signatures */
static char *
expand (Fixture    *fixture,
        const char *body)
{
  g_auto(GStrv)    good = g_strsplit (body, "@GOOD@", -1);
  g_autofree char *with_good = g_strjoinv (fixture->good, good);
  g_auto(GStrv)    bad = g_strsplit (with_good, "@BAD@", -1);

  return g_strjoinv (fixture->bad, bad);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture    *fixture = user_data;
  const char *body;
  char       *expanded;

  if (g_str_equal (path, SIGN_PATH))
    body = fixture->sign_answer;
  else
    {
      guint last = g_strv_length ((GStrv) fixture->status_answers) - 1;

      body = fixture->status_answers[MIN (fixture->polls, last)];
      fixture->polls++;
      g_free (fixture->status_path);
      fixture->status_path = g_strdup (path);
    }
  expanded = expand (fixture, body);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, expanded,
                                    strlen (expanded));
}

static char *
base64_of (GBytes *bytes)
{
  return g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SmartcaClient)  lookup = business_test_client (sandbox);
  g_autoptr(GError)         error = NULL;
  g_autoptr(GBytes)         good = NULL;
  g_autoptr(GBytes)         bad = NULL;
  g_autofree char          *url = NULL;
  g_autoptr(GSocket)        socket = NULL;
  g_autoptr(GInetAddress)   loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  guint8                    digest[32];

  for (guint i = 0; i < sizeof digest; i++)
    digest[i] = (guint8) (i * 7 + 1);
  fixture->digest = g_bytes_new (digest, sizeof digest);
  good = smartca_test_pki_sign_digest_by (sandbox->pki, SERIAL_PERSONAL, digest, sizeof digest);
  bad = smartca_test_pki_sign_digest_as_ca (sandbox->pki, digest, sizeof digest);
  fixture->good = base64_of (good);
  fixture->bad = base64_of (bad);
  fixture->certificate = business_test_look_up (lookup, PERSON_USER, SERIAL_PERSONAL);

  /* Its own socket: libsoup 3.2 leaks what soup_server_get_uris() reads */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, SIGN_PATH, server_cb, fixture, NULL);
  g_assert_true (soup_server_listen_socket (fixture->server, socket, 0, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/sca/sp769",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  fixture->client = smartca_client_new ();
  g_assert_true (smartca_client_set_base_url (fixture->client, url, &error));
  g_assert_no_error (error);
  smartca_client_set_credentials (fixture->client, SMARTCA_SANDBOX_SP_ID,
                                  SMARTCA_SANDBOX_SP_PASSWORD);
  fixture->sign_answer = WAITING_BODY;
  personal_set_timing_for_testing (INTERVAL_MS, LIFETIME_MS);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  personal_set_timing_for_testing (0, 0);
  g_clear_object (&fixture->client);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->certificate);
  g_clear_pointer (&fixture->digest, g_bytes_unref);
  g_free (fixture->good);
  g_free (fixture->bad);
  g_free (fixture->status_path);
}

static GBytes *
sign (Fixture *fixture,
      GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_personal_sign_digest_async (fixture->client, fixture->certificate, fixture->digest,
                                      "a.pdf", NULL, NULL, NULL, smartca_test_result_cb, &result);
  return smartca_personal_sign_digest_finish (smartca_test_wait_result (&result), NULL, error);
}

static void
assert_signed (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = sign (fixture, &error);

  g_assert_no_error (error);
  g_assert_nonnull (signature);
  g_assert_true (business_test_verifies (fixture->certificate, fixture->digest, signature));
}

/* Tests */

/* SmartCA waits for the phone, whatever the case of its message: the user
 * has the request on the phone, and confirming it must sign */
static void
test_waiting_in_capitals (Fixture      *fixture,
                          gconstpointer data)
{
  static const char *const status[] = {
    PENDING_BODY,
    "{\"status_code\":200,\"message\":\"Success\",\"data\":{\"signatures\":"
    "[{\"doc_id\":\"DOC-1\",\"signature_value\":\"@GOOD@\"}]}}",
    NULL,
  };

  fixture->sign_answer = "{\"status_code\":200,\"message\":\"SIG_WAIT_FOR_USER_CONFIRM\","
                         "\"data\":{\"transaction_id\":\"x\",\"tran_code\":\"y\"}}";
  fixture->status_answers = status;
  assert_signed (fixture);
  g_assert_cmpuint (fixture->polls, ==, 2);
}

/* SUCCESS with signatures that are not a list: the user did confirm, so
 * this is SmartCA's answer that cannot be used — said at once, not five
 * minutes later as "not confirmed in time" */
static void
test_signatures_not_a_list (Fixture      *fixture,
                            gconstpointer data)
{
  static const char *const as_string[] = {
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":{\"signatures\":\"@GOOD@\"}}",
    NULL,
  };
  static const char *const as_object[] = {
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":{\"signatures\":"
    "{\"doc_id\":\"DOC-1\",\"signature_value\":\"@GOOD@\"}}}",
    NULL,
  };
  static const char *const *const answers[] = { as_string, as_object };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) signature = NULL;

      fixture->polls = 0;
      fixture->status_answers = answers[i];
      signature = sign (fixture, &error);
      g_assert_null (signature);
      g_assert_error (error, SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_REFUSED);
      g_assert_cmpuint (fixture->polls, ==, 1);
    }
}

/* The signature is the one of our document (doc_id), not the first one */
static void
test_our_document (Fixture      *fixture,
                   gconstpointer data)
{
  static const char *const status[] = {
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":{\"signatures\":["
    "{\"doc_id\":\"DOC-2\",\"signature_value\":\"@BAD@\"},"
    "{\"doc_id\":\"DOC-1\",\"signature_value\":\"@GOOD@\"}]}}",
    NULL,
  };

  fixture->status_answers = status;
  assert_signed (fixture);
}

/* Pending, then SmartCA unavailable, and so on, never three failures in a
 * row: still waiting; SUCCESS without signatures is not done yet */
static void
test_flipping (Fixture      *fixture,
               gconstpointer data)
{
  static const char *const status[] = {
    PENDING_BODY,
    "{\"status_code\":503,\"message\":\"SERVICE_UNAVAILABLE\"}",
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":{\"signatures\":null}}",
    "{\"status_code\":500,\"message\":\"ERR\"}",
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":null}",
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":{\"signatures\":"
    "[{\"doc_id\":\"DOC-1\",\"signature_value\":\"@GOOD@\"}]}}",
    NULL,
  };

  fixture->status_answers = status;
  assert_signed (fixture);
  g_assert_cmpuint (fixture->polls, ==, 6);
}

/* The status is polled by the transaction_id SmartCA's sign answer names
 * (the API's §6), when it is safe in a URL path; ours otherwise */
static void
test_their_transaction_id (Fixture      *fixture,
                           gconstpointer data)
{
  static const char *const status[] = {
    "{\"status_code\":200,\"message\":\"SUCCESS\",\"data\":{\"signatures\":"
    "[{\"doc_id\":\"DOC-1\",\"signature_value\":\"@GOOD@\"}]}}",
    NULL,
  };

  fixture->status_answers = status;
  fixture->sign_answer = "{\"status_code\":200,\"message\":\"sig_wait_for_user_confirm\","
                         "\"data\":{\"transaction_id\":\"SCA-7f3a_01\",\"tran_code\":\"y\"}}";
  assert_signed (fixture);
  g_assert_cmpstr (fixture->status_path, ==, SIGN_PATH "/SCA-7f3a_01/status");

  /* Not a path segment: our own id (a uuid) is polled */
  fixture->sign_answer = "{\"status_code\":200,\"message\":\"sig_wait_for_user_confirm\","
                         "\"data\":{\"transaction_id\":\"../../credentials\"}}";
  assert_signed (fixture);
  g_assert_true (g_str_has_prefix (fixture->status_path, SIGN_PATH "/"));
  g_assert_cmpuint (strlen (fixture->status_path), ==,
                    strlen (SIGN_PATH "/") + 36 + strlen ("/status"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int               ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/personal-sign-answers/waiting-in-capitals", test_waiting_in_capitals);
  ADD ("/personal-sign-answers/signatures-not-a-list", test_signatures_not_a_list);
  ADD ("/personal-sign-answers/our-document", test_our_document);
  ADD ("/personal-sign-answers/flipping", test_flipping);
  ADD ("/personal-sign-answers/their-transaction-id", test_their_transaction_id);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&sandbox);
  return ret;
}
