/* test-client-hardening.c: hostile answers, redirects, proxies, deadlines,
 * secrets left in memory, and the generic call every SmartCA request uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "smartca-proxy-resolver.h"
#include "test-client.h"

/* Helpers */

static char *
repeat (const char *text,
        guint       times)
{
  GString *s = g_string_sized_new (strlen (text) * times);

  for (guint i = 0; i < times; i++)
    g_string_append (s, text);
  return g_string_free (s, FALSE);
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  g_auto(GStrv) parts = g_strsplit (text, old, 2);

  g_assert_nonnull (parts[1]);
  return g_strjoin (new, parts[0], parts[1], NULL);
}

static SmartcaClientReply *
call (SmartcaClient     *client,
      const char        *path,
      SmartcaClientBody *body,
      guint              deadline,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_client_call_async (client, path, body, SMARTCA_CLIENT_CALL_SP_CREDENTIALS, deadline,
                             NULL, store_result_cb, &result);
  return smartca_client_call_finish (client, wait_result (&result), error);
}

static char *
closed_port_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError)          error = NULL;
  guint16                    port;

  /* A port that was free a moment ago and has nobody listening now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return g_strdup_printf ("http://127.0.0.1:%u/sca/sp769", port);
}

/* 1. Deep nesting, 4. NUL inside strings: refused before json-glib */

static void
test_json_deep_nesting (void)
{
  g_autofree char *open_arrays = repeat ("[", 80000);
  g_autofree char *close_arrays = repeat ("]", 80000);
  g_autofree char *arrays = g_strconcat (open_arrays, close_arrays, NULL);
  g_autofree char *open_objects = repeat ("{\"a\":", 80000);
  g_autofree char *objects = g_strconcat ("{\"status_code\":200,\"data\":", open_objects, NULL);
  g_autofree char *in_envelope = g_strconcat ("{\"status_code\":200,\"message\":\"x\",\"data\":",
                                              open_arrays, close_arrays, "}", NULL);
  g_autofree char *just_deep_enough = NULL;
  g_autofree char *brackets_in_text = NULL;
  const struct
  {
    const char *body;
    guint       status;
    int         code;
  } cases[] = {
    { arrays, 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { objects, 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { in_envelope, 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    /* An error body is read for its message only; unreadable, the status
     * alone tells what happened, as with an HTML error page. */
    { arrays, 500, SMARTCA_CLIENT_ERROR_SERVER },
    { arrays, 401, SMARTCA_CLIENT_ERROR_SP_CREDENTIALS },
    /* Not JSON: single quotes and comments would hide brackets from the
     * scanner, so they are refused outright. */
    { "{'a':1}", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
    { "/* \" */ {\"status_code\":200}", 200, SMARTCA_CLIENT_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError)    error = NULL;
      g_autoptr(GPtrArray) list = parse (cases[i].body, cases[i].status, NULL, &error);

      g_test_message ("case %u", i);
      g_assert_null (list);
      g_assert_error (error, SMARTCA_CLIENT_ERROR, cases[i].code);
      if (cases[i].code == SMARTCA_CLIENT_ERROR_MALFORMED)
        g_assert_nonnull (strstr (error->message, "does not understand"));
    }

  /* 64 levels are still read; brackets inside strings do not count. */
  {
    g_autofree char     *open = repeat ("[", SMARTCA_CLIENT_JSON_MAX_DEPTH - 2);
    g_autofree char     *close = repeat ("]", SMARTCA_CLIENT_JSON_MAX_DEPTH - 2);
    g_autoptr(GError)    error = NULL;
    g_autoptr(GPtrArray) list = NULL;

    just_deep_enough = g_strconcat ("{\"status_code\":200,\"data\":{\"user_certificates\":[],"
                                    "\"x\":",
                                    open, close, "}}", NULL);
    list = parse (just_deep_enough, 200, NULL, &error);
    g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND);
  }
  {
    g_autoptr(GError)    error = NULL;
    g_autoptr(GPtrArray) list = NULL;

    brackets_in_text = g_strconcat ("{\"status_code\":200,\"message\":\"\\\"", open_arrays,
                                    "\",\"data\":{\"user_certificates\":[]}}", NULL);
    list = parse (brackets_in_text, 200, NULL, &error);
    g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_ID_NOT_FOUND);
  }
}

static void
test_json_nul (void)
{
  gint64            now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;
  const char       *subject = "CN=Nguyễn Văn An,UID=CCCD:001099012345";
  g_autoptr(GBytes) der = smartca_test_pki_issue (pki, subject, "5401aa06", now, now + DAY);
  g_autofree char  *good = record_json ("\"5401aa06\"", subject, now, now + DAY, der, NULL);
  g_autofree char  *nul_serial = record_json ("\"5401aa06\\u0000ff\"", subject, now, now + DAY,
                                              der, NULL);
  g_autofree char  *nul_package = replace (good, "\"SMARTCA PERSONAL PRO\"",
                                           "\"PRO\\u0000HIDDEN\"");
  g_autofree char  *nul_name = replace (good, "\"cert_id\"", "\"cert_id\\u0000x\"");
  g_autofree char  *escaped_backslash = replace (good, "\"SMARTCA PERSONAL PRO\"",
                                                 "\"PRO\\\\u0000\"");
  const char       *records[] = { nul_serial, nul_package, nul_name };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autofree char     *body = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                       "{\"user_certificates\":[%s]}}",
                                                   records[i]);
      g_autoptr(GError)    error = NULL;
      g_autoptr(GPtrArray) list = parse (body, 200, NULL, &error);

      g_test_message ("case %u", i);
      g_assert_null (list);
      g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_MALFORMED);
    }

  /* A backslash followed by the text u0000 is no NUL, and is kept whole. */
  {
    g_autofree char     *body = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                     "{\"user_certificates\":[%s]}}",
                                                 escaped_backslash);
    g_autoptr(GError)    error = NULL;
    g_autoptr(GPtrArray) list = parse (body, 200, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (smartca_certificate_get_service_name (g_ptr_array_index (list, 0)), ==,
                     "PRO\\u0000");
  }
}

/* json-glib's scanner takes escapes JSON does not have: \0 (octal) cuts a
 * value short as \u0000 does, and a lone surrogate becomes text that is not
 * UTF-8. Only JSON's own escapes are taken; a surrogate pair is one
 * character. */
static void
test_json_escapes (void)
{
  gint64            now = g_get_real_time () / G_USEC_PER_SEC / 60 * 60;
  const char       *subject = "CN=Nguyễn Văn An,UID=CCCD:001099012345";
  g_autoptr(GBytes) der = smartca_test_pki_issue (pki, subject, "5401aa06", now, now + DAY);
  g_autofree char  *good = record_json ("\"5401aa06\"", subject, now, now + DAY, der, NULL);
  const char       *bad[] = {
          "\"PRO\\0HIDDEN\"", /* octal NUL */
          "\"PRO\\000HIDDEN\"",
          "\"PRO\\101\"", /* octal 'A' */
          "\"PRO\\x41\"",
          "\"PRO\\ud800\"", /* lone high surrogate */
          "\"PRO\\ud800x\"",
          "\"PRO\\ud800\\u0041\"",
          "\"PRO\\udc00\"", /* lone low surrogate */
          "\"PRO\\u12\"",   /* cut short */
          "\"PRO\\u12zz\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char     *record = replace (good, "\"SMARTCA PERSONAL PRO\"", bad[i]);
      g_autofree char     *body = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                       "{\"user_certificates\":[%s]}}",
                                                   record);
      g_autoptr(GError)    error = NULL;
      g_autoptr(GPtrArray) list = parse (body, 200, NULL, &error);

      g_test_message ("case %s", bad[i]);
      g_assert_null (list);
      g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_MALFORMED);
    }

  /* Every escape JSON has, and a pair of surrogates, are read as written. */
  {
    g_autofree char     *record = replace (good, "\"SMARTCA PERSONAL PRO\"",
                                           "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00C2\\ud83d\\ude00\"");
    g_autofree char     *body = g_strdup_printf ("{\"status_code\":200,\"data\":"
                                                     "{\"user_certificates\":[%s]}}",
                                                 record);
    g_autoptr(GError)    error = NULL;
    g_autoptr(GPtrArray) list = parse (body, 200, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (smartca_certificate_get_service_name (g_ptr_array_index (list, 0)), ==,
                     "\"\\/\b\f\n\r\t\u00C2\U0001F600");
  }
}

static void
test_client_deep_answers (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_DEEP);
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_MALFORMED);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_DEEP_ERROR);
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_SERVER);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
}

/* 10. Redirects */

static void
test_client_redirect (void)
{
  g_autoptr(SmartcaClient) client = sandbox_client ();
  g_autoptr(GError)        error = NULL;
  g_autoptr(GPtrArray)     list = NULL;
  guint                    before = smartca_sandbox_get_request_count (sandbox);

  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_REDIRECT);
  list = fetch (client, "001099012345", NULL, NULL, &error);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);

  g_assert_null (list);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, "redirect to “http://example.invalid/sca/sp769/"));
  g_assert_cmpuint (smartca_sandbox_get_request_count (sandbox), ==, before + 1);
}

/* 12. Deadline */

static void
test_client_deadline (void)
{
  g_autoptr(SmartcaClient)      client = sandbox_client ();
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaClientReply) reply = NULL;

  /* A byte a second never leaves the connection idle for 2 s: only the
   * overall deadline ends the wait. */
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_TRICKLE);
  smartca_client_set_timeout (client, 2);
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_TIMEOUT);

  /* A call's own deadline, shorter than the client's timeout. */
  smartca_client_set_timeout (client, 60);
  reply = call (client, "v1/credentials/get_certificate", NULL, 1, &error);
  g_assert_null (reply);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_TIMEOUT);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
}

/* 11. Proxies */

/* Something listening on loopback where a proxy would be; it only counts
 * who connects to it. */
typedef struct
{
  GSocketService *service;
  guint           connections;
  char           *url;
} FakeProxy;

static gboolean
proxy_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  FakeProxy *proxy = user_data;

  proxy->connections++;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static FakeProxy *
fake_proxy_new (void)
{
  FakeProxy                *proxy = g_new0 (FakeProxy, 1);
  g_autoptr(GInetAddress)   loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError)         error = NULL;

  proxy->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (proxy_incoming_cb), proxy);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return proxy;
}

static void
fake_proxy_free (FakeProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_object_unref (proxy->service);
  g_free (proxy->url);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeProxy, fake_proxy_free)

static char *
lookup_first (GProxyResolver *resolver,
              const char     *uri)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv)     proxies = g_proxy_resolver_lookup (resolver, uri, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (proxies);
  return g_strdup (proxies[0]);
}

static void
test_proxy_loopback_is_direct (void)
{
  g_autoptr(FakeProxy)      proxy = fake_proxy_new ();
  g_autoptr(GProxyResolver) everything_proxied = g_simple_proxy_resolver_new (proxy->url, NULL);
  g_autoptr(SmartcaClient)  client = sandbox_client ();
  g_autoptr(GError)         error = NULL;
  g_autoptr(GPtrArray)      list = NULL;

  /* The request with the SP password goes straight to the sandbox. */
  smartca_client_set_proxy_resolver (client, everything_proxied);
  list = fetch (client, "001099012345", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (proxy->connections, ==, 0);
}

static void
test_proxy_kept_for_https (void)
{
  g_autoptr(FakeProxy)      proxy = fake_proxy_new ();
  g_autoptr(GProxyResolver) inner = g_simple_proxy_resolver_new (proxy->url, NULL);
  g_autoptr(GProxyResolver) resolver = smartca_proxy_resolver_new (inner);
  const char               *loopback[] = { "http://127.0.0.1:8080/sca/sp769", "http://127.1.2.3/x",
                                           "http://localhost/sca/sp769", "http://[::1]:9/x" };
  g_autofree char          *https = NULL;

  /* Lookups only: nothing is ever sent to these addresses. */
  https = lookup_first (resolver, "https://192.0.2.1/sca/sp769/v1/credentials/get_certificate");
  g_assert_cmpstr (https, ==, proxy->url);
  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_autofree char *first = lookup_first (resolver, loopback[i]);

      g_test_message ("%s", loopback[i]);
      g_assert_cmpstr (first, ==, "direct://");
    }
  /* libsoup asks asynchronously. */
  for (guint i = 0; i < 2; i++)
    {
      const char             *uri = i == 0 ? "https://192.0.2.1/sca/sp769" : "http://127.0.0.1:8080/x";
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError)       error = NULL;
      g_auto(GStrv)           proxies = NULL;

      g_proxy_resolver_lookup_async (resolver, uri, NULL, store_result_cb, &result);
      proxies = g_proxy_resolver_lookup_finish (resolver, wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (proxies[0], ==, i == 0 ? proxy->url : "direct://");
    }
  g_assert_cmpuint (proxy->connections, ==, 0);
}

/* The whole test runs with http_proxy and https_proxy set, as a user
 * behind a company proxy has them (set in main(), before any thread
 * starts, pointing at a loopback listener that only counts): the system
 * resolver honours them for https, never for loopback. */
static FakeProxy *environment_proxy;

static void
test_proxy_environment (void)
{
  g_autoptr(GProxyResolver) resolver = NULL;
  g_autoptr(SmartcaClient)  client = NULL;
  g_autoptr(GError)         error = NULL;
  g_autoptr(GPtrArray)      list = NULL;
  g_autofree char          *system = NULL;
  g_autofree char          *https = NULL;

  system = lookup_first (g_proxy_resolver_get_default (), "https://192.0.2.1/sca/sp769");
  if (g_strcmp0 (system, environment_proxy->url) != 0)
    {
      g_test_skip ("the system proxy resolver does not read https_proxy here");
      return;
    }

  resolver = smartca_proxy_resolver_new (NULL);
  https = lookup_first (resolver, "https://192.0.2.1/sca/sp769");
  g_assert_cmpstr (https, ==, environment_proxy->url);

  client = sandbox_client ();
  list = fetch (client, "001099012345", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (environment_proxy->connections, ==, 0);
}

/* 13. The SP password leaves no copy in memory */

#define XOR_KEY 0x5a

static gboolean
holds_xored (const guint8 *haystack,
             gsize         size,
             const guint8 *xored,
             gsize         len)
{
  const guint8 *end = haystack + size;

  for (const guint8 *p = haystack; p + len <= end; p++)
    {
      gsize j;

      p = memchr (p, xored[0] ^ XOR_KEY, end - p);
      if (p == NULL || p + len > end)
        return FALSE;
      for (j = 1; j < len && (p[j] ^ XOR_KEY) == xored[j]; j++)
        ;
      if (j == len)
        return TRUE;
    }
  return FALSE;
}

/* Reads every writable mapping of this process through /proc/self/mem
 * (pread, so that AddressSanitizer's poisoning of freed blocks does not
 * get in the way), looking for the text that @xored hides. */
static gboolean
memory_holds (const guint8 *xored,
              gsize         len)
{
  const gsize      chunk_size = 1 << 20;
  g_autofree char *maps = NULL;
  g_auto(GStrv)    lines = NULL;
  guint8          *chunk;
  gboolean         found = FALSE;
  int              mem;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  mem = open ("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (mem, >=, 0);
  chunk = mmap (NULL, chunk_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (chunk != MAP_FAILED);

  for (guint i = 0; lines[i] != NULL && !found; i++)
    {
      guint64 start, end;
      char    perms[5] = "";

      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %4s",
                  &start, &end, perms) != 3 ||
          perms[0] != 'r' || perms[1] != 'w' || strstr (lines[i], "[vvar") != NULL ||
          start == (guint64) (guintptr) chunk)
        continue;
      /* AddressSanitizer's shadow and reserved spaces are terabytes of
       * nothing; the heap's blocks are mapped far smaller. */
      if (end - start > 512 * 1024 * 1024)
        continue;

      for (guint64 offset = start; offset < end && !found;)
        {
          gsize   n = MIN (chunk_size, end - offset);
          ssize_t got = pread (mem, chunk, n, (off_t) offset);

          if (got > 0)
            found = holds_xored (chunk, got, xored, len);
          if (offset + n >= end)
            break;
          offset += n - (len - 1);
        }
    }

  explicit_bzero (chunk, chunk_size);
  munmap (chunk, chunk_size);
  close (mem);
  return found;
}

static void
test_password_leaves_no_copy (void)
{
  static const char        alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  g_autoptr(SmartcaClient) client = smartca_client_new ();
  g_autoptr(GError)        error = NULL;
  g_autofree char         *url = closed_port_url ();
  guint8                   xored[40];
  char                    *password = g_malloc0 (sizeof xored + 1);

  /* A password made now, that only its masked form remembers. */
  for (guint i = 0; i < sizeof xored; i++)
    {
      password[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
      xored[i] = (guint8) password[i] ^ XOR_KEY;
    }
  smartca_client_set_credentials (client, "SP-MEMORY-TEST", password);
  explicit_bzero (password, sizeof xored);
  g_free (password);
  g_assert_true (smartca_client_set_base_url (client, url, NULL));

  /* The scan finds it while the client holds it … */
  g_assert_true (memory_holds (xored, sizeof xored));

  /* … and nowhere once a request body was built, the call failed (nothing
   * listens there, so nobody read the body) and the client is gone. */
  assert_fetch_fails (client, "001099012345", NULL, SMARTCA_CLIENT_ERROR_NETWORK);
  g_clear_object (&client);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (memory_holds (xored, sizeof xored));
}

static void
test_body_escaping (void)
{
  const char                  *nasty = "a\"b\\c\n\t\r\b\f\x01\x1f\x7f Nguyễn/</script>\u2028";
  g_autoptr(SmartcaClientBody) prefix = smartca_client_body_new ();
  g_autoptr(SmartcaClientBody) body = smartca_client_body_new ();
  g_autoptr(GBytes)            bytes = NULL;
  g_autoptr(JsonParser)        parser = json_parser_new ();
  g_autoptr(GError)            error = NULL;
  JsonObject                  *root, *file;
  JsonArray                   *files;

  smartca_client_body_add_string (prefix, "sp_id", "SP");
  smartca_client_body_add_secret (prefix, "sp_password", "hunter2 \"quoted\"");
  smartca_client_body_add_string (body, nasty, nasty);
  smartca_client_body_add_int (body, "n", -42);
  smartca_client_body_add_null (body, "nothing");
  smartca_client_body_add_secret (body, "otp", "287082");
  smartca_client_body_begin_array (body, "sign_files");
  smartca_client_body_begin_object (body, NULL);
  smartca_client_body_add_string (body, "doc_id", "DOC-1");
  smartca_client_body_add_string (body, "sign_type", "hash");
  smartca_client_body_end_object (body);
  smartca_client_body_add_string (body, NULL, "second");
  smartca_client_body_end_array (body);
  bytes = smartca_client_body_to_bytes (body, prefix);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (root, "sp_id"), ==, "SP");
  g_assert_cmpstr (json_object_get_string_member (root, "sp_password"), ==, "hunter2 \"quoted\"");
  g_assert_cmpstr (json_object_get_string_member (root, nasty), ==, nasty);
  g_assert_cmpint (json_object_get_int_member (root, "n"), ==, -42);
  g_assert_true (json_object_get_null_member (root, "nothing"));
  g_assert_cmpstr (json_object_get_string_member (root, "otp"), ==, "287082");
  files = json_object_get_array_member (root, "sign_files");
  g_assert_cmpuint (json_array_get_length (files), ==, 2);
  file = json_array_get_object_element (files, 0);
  g_assert_cmpstr (json_object_get_string_member (file, "doc_id"), ==, "DOC-1");
  g_assert_cmpstr (json_array_get_string_element (files, 1), ==, "second");

  /* Debug logs see every member but no secret. */
  g_assert_nonnull (strstr (smartca_client_body_get_redacted (prefix), "\"sp_id\":\"SP\""));
  g_assert_null (strstr (smartca_client_body_get_redacted (prefix), "hunter2"));
  g_assert_null (strstr (smartca_client_body_get_redacted (body), "287082"));
  g_assert_nonnull (strstr (smartca_client_body_get_redacted (body), "\"doc_id\":\"DOC-1\""));

  /* No members at all make an empty object. */
  {
    g_autoptr(SmartcaClientBody) empty = smartca_client_body_new ();
    g_autoptr(GBytes)            none = smartca_client_body_to_bytes (empty, NULL);

    g_assert_cmpmem (g_bytes_get_data (none, NULL), g_bytes_get_size (none), "{}", 2);
  }
}

/* 14. The generic call */

static void
test_call_generic (void)
{
  g_autoptr(SmartcaClient)      client = sandbox_client ();
  g_autoptr(SmartcaClientBody)  body = smartca_client_body_new ();
  g_autoptr(SmartcaClientReply) reply = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(GPtrArray)          list = NULL;
  JsonNode                     *data;
  gint64                        status_code = 0;

  /* get_certificate, spelled out. */
  smartca_client_body_add_string (body, "user_id", "001099012345");
  smartca_client_body_add_string (body, "serial_number", "");
  smartca_client_body_add_string (body, "transaction_id", "tx-generic-1");
  reply = call (client, "v1/credentials/get_certificate", body, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (smartca_client_reply_get_message (reply), ==, "Success");
  data = smartca_client_reply_get_data (reply);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (data));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (data), "user_certificates")),
                    ==, 2);
  list = smartca_client_json_read_certificates (reply, "001099012345", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&reply, smartca_client_reply_free);

  /* A path the service does not have: the HTTP status is kept. */
  reply = call (client, "v9/nothing/here", body, 10, &error);
  g_assert_null (reply);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_HTTP);
  g_assert_cmpuint (smartca_client_error_get_http_status (error), ==, 404);
  g_assert_false (smartca_client_error_get_status_code (error, &status_code));
  g_clear_error (&error);

  /* SmartCA's own status_code and message, from an error body … */
  smartca_client_set_credentials (client, SMARTCA_SANDBOX_SP_ID, "wrong password");
  reply = call (client, "v1/credentials/get_certificate", body, 10, &error);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_SP_CREDENTIALS);
  g_assert_cmpuint (smartca_client_error_get_http_status (error), ==, 401);
  g_assert_true (smartca_client_error_get_status_code (error, &status_code));
  g_assert_cmpint (status_code, ==, 401);
  g_assert_cmpstr (smartca_client_error_get_message (error), ==, "SP_CREDENTIAL_INVALID");
  g_clear_error (&error);
  smartca_client_set_credentials (client, SMARTCA_SANDBOX_SP_ID, SMARTCA_SANDBOX_SP_PASSWORD);

  /* … and from an envelope sent with HTTP 200, surviving a copy. */
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_API_ERROR);
  reply = call (client, "v1/credentials/get_certificate", body, 10, &error);
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);
  g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_API);
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpuint (smartca_client_error_get_http_status (copy), ==, 200);
    g_assert_true (smartca_client_error_get_status_code (copy, &status_code));
    g_assert_cmpint (status_code, ==, 62001);
    g_assert_cmpstr (smartca_client_error_get_message (copy), ==,
                     "CREDENTIAL_NOT_MATCH_IDENTITY");
  }
  g_clear_error (&error);

  /* Without an SP account nothing is sent. */
  {
    g_autoptr(SmartcaClient) unconfigured = smartca_client_new ();

    g_assert_true (smartca_client_set_base_url (unconfigured,
                                                smartca_sandbox_get_base_url (sandbox), NULL));
    reply = call (unconfigured, "v1/credentials/get_certificate", body, 10, &error);
    g_assert_error (error, SMARTCA_CLIENT_ERROR, SMARTCA_CLIENT_ERROR_NOT_CONFIGURED);
  }
}

/* Called first thing in main(): setenv() is unsafe once threads run. */
void
test_client_hardening_init (void)
{
  environment_proxy = fake_proxy_new ();
  g_setenv ("http_proxy", environment_proxy->url, TRUE);
  g_setenv ("https_proxy", environment_proxy->url, TRUE);
  g_unsetenv ("no_proxy");
  g_unsetenv ("NO_PROXY");
}

void
test_client_hardening_clean_up (void)
{
  /* Nothing in the whole run went through the proxy. */
  g_assert_cmpuint (environment_proxy->connections, ==, 0);
  g_clear_pointer (&environment_proxy, fake_proxy_free);
}

void
test_client_hardening_add_tests (void)
{
  g_test_add_func ("/json/deep-nesting", test_json_deep_nesting);
  g_test_add_func ("/json/nul", test_json_nul);
  g_test_add_func ("/json/escapes", test_json_escapes);
  g_test_add_func ("/client/deep-answers", test_client_deep_answers);
  g_test_add_func ("/client/redirect", test_client_redirect);
  g_test_add_func ("/client/deadline", test_client_deadline);
  g_test_add_func ("/client/proxy/loopback-direct", test_proxy_loopback_is_direct);
  g_test_add_func ("/client/proxy/kept-for-https", test_proxy_kept_for_https);
  g_test_add_func ("/client/proxy/environment", test_proxy_environment);
  g_test_add_func ("/client/password-leaves-no-copy", test_password_leaves_no_copy);
  g_test_add_func ("/client/body-escaping", test_body_escaping);
  g_test_add_func ("/client/call", test_call_generic);
}
