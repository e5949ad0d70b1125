/* smartca-sandbox.c: a SmartCA SP769 server of our own, on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speaks POST {base}/v1/credentials/get_certificate exactly as
 * ../shared/docs/smartca-api.md describes it, with real X.509 certificates
 * issued at start-up by a throwaway CA, and can be told to misbehave. The
 * business signing endpoints (v2/signatures/sign and /confirm) are in
 * smartca-sandbox-sign.c, the phone-confirmed ones (v1/signatures/sign and
 * its status) in smartca-sandbox-v1.c.
 * Used in-process by tests and as the `smartca-sandbox` program by the
 * README's run command, so that the whole app works offline.
 */

#include "config.h"

#include "smartca-sandbox.h"
#include "smartca-sandbox-private.h"

#include <string.h>

#define DAY (24 * 60 * 60)
#define DEEP_LEVELS 80000

typedef struct
{
  SmartcaSandbox *self;
  GIOStream      *stream;
  const char     *rest;
  guint           source_id;
} Trickle;

G_DEFINE_FINAL_TYPE (SmartcaSandbox, smartca_sandbox, G_TYPE_OBJECT)

static void
sandbox_certificate_free (SandboxCertificate *c)
{
  g_free (c->user_id);
  g_free (c->subject);
  g_free (c->serial);
  g_free (c->status);
  g_bytes_unref (c->der);
  g_free (c);
}

/* The accounts a new user can try: every kind of number, both services,
 * an expired certificate, a suspended one and one that expires soon. */
static void
add_certificate (SmartcaSandbox *self,
                 const char     *user_id,
                 const char     *subject,
                 const char     *serial,
                 const char     *service_type,
                 const char     *service_name,
                 const char     *status,
                 gint64          from_days,
                 gint64          to_days)
{
  SandboxCertificate *c = g_new0 (SandboxCertificate, 1);
  /* Whole minutes, as VNPT's own certificates have. */
  gint64 today = (g_get_real_time () / G_USEC_PER_SEC) / 60 * 60;

  c->user_id = g_strdup (user_id);
  c->subject = g_strdup (subject);
  c->serial = g_strdup (serial);
  c->service_type = service_type;
  c->service_name = service_name;
  c->status = g_strdup (status);
  c->valid_from = today + from_days * DAY;
  c->valid_to = today + to_days * DAY;
  /* Each certificate signs with a key of its own, as at SmartCA */
  c->der = smartca_test_pki_issue_with_own_key (self->pki, subject, serial, c->valid_from,
                                                c->valid_to);
  g_ptr_array_add (self->certificates, c);
}

static void
add_accounts (SmartcaSandbox *self)
{
  const char *active = SANDBOX_ACTIVE;

  add_certificate (self, "001099012345",
                   "C=VN,ST=HÀ NỘI,L=Cầu Giấy,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                   "540101010123456789abcdef01234567", "SMARTCA", "SMARTCA PERSONAL PRO",
                   active, -120, 975);
  add_certificate (self, "001099012345",
                   "C=VN,ST=HÀ NỘI,L=Cầu Giấy,CN=Nguyễn Văn An,UID=CCCD:001099012345",
                   "5401010100aa00bb00cc00dd00ee00ff", "SMARTCA", "SMARTCA PERSONAL BASIC",
                   active, -760, -25);
  add_certificate (self, "0101234567",
                   "C=VN,ST=HÀ NỘI,L=Hoàn Kiếm,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                   "54010101fedcba9876543210fedcba98", "ESEAL", "ESEAL",
                   active, -200, 530);
  add_certificate (self, "0101234567",
                   "C=VN,ST=HÀ NỘI,L=Hoàn Kiếm,CN=CÔNG TY TNHH THƯƠNG MẠI ABC,UID=MST:0101234567",
                   "540101011111222233334444555566aa", "SMARTCA", "SMARTCA TH DOANH NGHIỆP",
                   active, -30, 700);
  add_certificate (self, "079188000111",
                   "C=VN,ST=TP HỒ CHÍ MINH,L=Quận 3,CN=Trần Thị Bích Đào,UID=CCCD:079188000111",
                   "5401010100000000000000000000beef", "SMARTCA", "SMARTCA PERSONAL BASIC",
                   "Tạm dừng", -60, 300);
  add_certificate (self, "036085001234_002",
                   "C=VN,ST=NAM ĐỊNH,CN=Lê Minh Châu,UID=CCCD:036085001234",
                   "54010101c0ffee00c0ffee00c0ffee00", "SMARTCA", "SMARTCA PERSONAL PRO",
                   active, -10, 720);
  add_certificate (self, "C1234567",
                   "C=VN,ST=ĐÀ NẴNG,CN=Phạm Thu Hà,UID=HC:C1234567",
                   "54010101ab12cd34ef56ab12cd34ef56", "SMARTCA", "SMARTCA PERSONAL PRO",
                   active, -90, 640);
  add_certificate (self, "0312345678-001",
                   "C=VN,ST=ĐÀ NẴNG,CN=CHI NHÁNH CÔNG TY CỔ PHẦN XYZ,UID=MST:0312345678-001",
                   "540101012222333344445555666677aa", "SMARTCA", "SMARTCA TH DOANH NGHIỆP",
                   active, -320, 45);
  /* A business answer with no service_type member at all, as some are */
  add_certificate (self, "0109998887",
                   "C=VN,ST=HÀ NỘI,CN=CÔNG TY CỔ PHẦN DỊCH VỤ SỐ ĐÔNG Á,UID=MST:0109998887",
                   "540101013333444455556666777788aa", NULL, "SMARTCA TH",
                   active, -15, 715);
}

/* Answers */

static char *
iso8601 (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
base64_with_line_breaks (GBytes *der)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  GString         *out = g_string_new (NULL);
  gsize            len = strlen (b64);

  /* SmartCA's samples strip "\r\n" from cert_data; send some to be sure. */
  for (gsize i = 0; i < len; i += 76)
    {
      if (i > 0)
        g_string_append (out, "\r\n");
      g_string_append_len (out, b64 + i, MIN (76, len - i));
    }
  return g_string_free (out, FALSE);
}

char *
sandbox_envelope (int         status_code,
                  const char *message,
                  JsonNode   *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode)    root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status_code");
  json_builder_add_int_value (builder, status_code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "data");
  if (data != NULL)
    json_builder_add_value (builder, json_node_ref (data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

void
sandbox_respond (SoupServerMessage *msg,
                 guint              status,
                 const char        *content_type,
                 char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

void
sandbox_respond_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *message)
{
  sandbox_respond (msg, status, "application/json", sandbox_envelope (status, message, NULL));
}

static JsonNode *
certificates_node (SmartcaSandbox *self,
                   const char     *user_id,
                   const char     *serial,
                   const char     *transaction_id,
                   gboolean        mismatch)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char       *ca = base64_with_line_breaks (smartca_test_pki_get_ca_der (self->pki));
  g_autofree char       *root = base64_with_line_breaks (smartca_test_pki_get_root_der (self->pki));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user_certificates");
  json_builder_begin_array (builder);

  for (guint i = 0; i < self->certificates->len; i++)
    {
      SandboxCertificate *c = g_ptr_array_index (self->certificates, i);
      g_autofree char    *from = NULL;
      g_autofree char    *to = NULL;
      g_autofree char    *data = NULL;
      g_autofree char    *cert_id = NULL;

      if (!g_str_equal (c->user_id, user_id))
        continue;
      if (serial != NULL && serial[0] != '\0' && g_ascii_strcasecmp (serial, c->serial) != 0)
        continue;

      from = iso8601 (c->valid_from);
      to = iso8601 (c->valid_to);
      data = base64_with_line_breaks (c->der);
      cert_id = g_strdup_printf ("0b7c1d7e-%.4s-4a4a-9a9a-%.12s", c->serial + 8, c->serial + 20);

      json_builder_begin_object (builder);
      if (c->service_type != NULL)
        {
          json_builder_set_member_name (builder, "service_type");
          json_builder_add_string_value (builder, c->service_type);
        }
      json_builder_set_member_name (builder, "service_name");
      json_builder_add_string_value (builder, c->service_name);
      json_builder_set_member_name (builder, "cert_id");
      json_builder_add_string_value (builder, cert_id);
      json_builder_set_member_name (builder, "cert_status");
      json_builder_add_string_value (builder, c->status);
      json_builder_set_member_name (builder, "serial_number");
      json_builder_add_string_value (builder,
                                     mismatch ? "54010101deadbeefdeadbeefdeadbeef" : c->serial);
      json_builder_set_member_name (builder, "cert_subject");
      json_builder_add_string_value (builder, c->subject);
      json_builder_set_member_name (builder, "cert_valid_from");
      json_builder_add_string_value (builder, from);
      json_builder_set_member_name (builder, "cert_valid_to");
      json_builder_add_string_value (builder, to);
      json_builder_set_member_name (builder, "cert_data");
      json_builder_add_string_value (builder, data);
      json_builder_set_member_name (builder, "chain_data");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ca_cert");
      json_builder_add_string_value (builder, ca);
      json_builder_set_member_name (builder, "root_cert");
      /* As in VNPT's business sample, the root is sometimes left out. */
      if (g_strcmp0 (c->service_type, "ESEAL") == 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, root);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "transaction_id");
      json_builder_add_string_value (builder, transaction_id);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

SandboxCertificate *
sandbox_find_certificate (SmartcaSandbox *self,
                          const char     *serial)
{
  for (guint i = 0; i < self->certificates->len; i++)
    {
      SandboxCertificate *c = g_ptr_array_index (self->certificates, i);

      if (serial != NULL && g_ascii_strcasecmp (c->serial, serial) == 0)
        return c;
    }
  return NULL;
}

static gboolean
has_user (SmartcaSandbox *self,
          const char     *user_id)
{
  for (guint i = 0; i < self->certificates->len; i++)
    if (g_str_equal (((SandboxCertificate *) g_ptr_array_index (self->certificates, i))->user_id,
                     user_id))
      return TRUE;
  return FALSE;
}

const char *
sandbox_request_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
close_mid_answer (SmartcaSandbox    *self,
                  SoupServerMessage *msg)
{
  GIOStream       *stream = soup_server_message_steal_connection (msg);
  g_autofree char *date = sandbox_http_date (self);
  g_autofree char *partial = g_strdup_printf (
    "HTTP/1.1 200 OK\r\n"
    "Date: %s\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 4096\r\n"
    "\r\n"
    "{\"status_code\":200,\"message\":\"Success\",\"data\":{\"user_certificates\":[{\"ser",
    date);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial,
                             strlen (partial), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static void
trickle_free (Trickle *trickle)
{
  g_clear_handle_id (&trickle->source_id, g_source_remove);
  g_io_stream_close (trickle->stream, NULL, NULL);
  g_object_unref (trickle->stream);
  g_free (trickle);
}

static gboolean
trickle_cb (gpointer user_data)
{
  Trickle *trickle = user_data;

  if (trickle->rest[0] != '\0' &&
      g_output_stream_write (g_io_stream_get_output_stream (trickle->stream), trickle->rest, 1,
                             NULL, NULL) == 1)
    {
      trickle->rest++;
      return G_SOURCE_CONTINUE;
    }

  /* All sent, or the client has gone. */
  trickle->source_id = 0;
  g_ptr_array_remove (trickle->self->trickles, trickle);
  return G_SOURCE_REMOVE;
}

/* A whole, short answer, sent so slowly that only an overall deadline
 * stops the wait: the client never waits long for any single byte. */
static void
trickle_answer (SmartcaSandbox    *self,
                SoupServerMessage *msg)
{
  static const char answer[] = "{\"status_code\":500,\"data\":null}";
  g_autofree char  *date = sandbox_http_date (self);
  g_autofree char  *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                             "Date: %s\r\n"
                                             "Content-Type: application/json\r\n"
                                             "Content-Length: %zu\r\n"
                                             "\r\n",
                                            date, sizeof answer - 1);
  Trickle          *trickle = g_new0 (Trickle, 1);

  trickle->self = self;
  trickle->stream = soup_server_message_steal_connection (msg);
  trickle->rest = answer;
  g_output_stream_write_all (g_io_stream_get_output_stream (trickle->stream), head,
                             strlen (head), NULL, NULL, NULL);
  trickle->source_id = g_timeout_add (1000, trickle_cb, trickle);
  g_ptr_array_add (self->trickles, trickle);
}

static char *
deep_answer (void)
{
  char *deep = g_malloc (2 * DEEP_LEVELS + 1);

  memset (deep, '[', DEEP_LEVELS);
  memset (deep + DEEP_LEVELS, ']', DEEP_LEVELS);
  deep[2 * DEEP_LEVELS] = '\0';
  return deep;
}

/* The faults every endpoint shows alike. Returns: whether @msg is answered */
gboolean
sandbox_answer_fault (SmartcaSandbox    *self,
                      SoupServerMessage *msg,
                      const char        *malformed)
{
  switch (self->fault)
    {
    case SMARTCA_SANDBOX_FAULT_HTTP_401:
      sandbox_respond_error (msg, 401, "SP_CREDENTIAL_INVALID");
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_HTTP_403:
      sandbox_respond_error (msg, 403, "CREDENTIAL_STATUS_INVALID");
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_HTTP_500:
      sandbox_respond_error (msg, 500, "SERVAR_INTERNAL_ERROR");
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_NOT_JSON:
      sandbox_respond (msg, 200, "text/html",
                       g_strdup ("<html><body><h1>Gateway maintenance</h1></body></html>"));
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_MALFORMED:
      sandbox_respond (msg, 200, "application/json", g_strdup (malformed));
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_CLOSE:
      close_mid_answer (self, msg);
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_TRICKLE:
      trickle_answer (self, msg);
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_DEEP:
      sandbox_respond (msg, 200, "application/json", deep_answer ());
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_DEEP_ERROR:
      sandbox_respond (msg, 500, "application/json", deep_answer ());
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_REDIRECT:
      {
        g_autofree char *location =
          g_strconcat ("http://example.invalid",
                       g_uri_get_path (soup_server_message_get_uri (msg)), NULL);

        soup_server_message_set_redirect (msg, 302, location);
      }
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_API_ERROR:
      sandbox_respond (msg, 200, "application/json",
                       sandbox_envelope (62001, "CREDENTIAL_NOT_MATCH_IDENTITY", NULL));
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_HUGE:
      {
        GString *huge = g_string_new ("{\"status_code\":200,\"message\":\"Success\",\"data\":"
                                      "{\"user_certificates\":[],\"padding\":\"");

        while (huge->len < 8 * 1024 * 1024)
          g_string_append (huge, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        g_string_append (huge, "\"}}");
        sandbox_respond (msg, 200, "application/json", g_string_free (huge, FALSE));
      }
      return TRUE;
    case SMARTCA_SANDBOX_FAULT_NONE:
    case SMARTCA_SANDBOX_FAULT_TRUNCATED:
    case SMARTCA_SANDBOX_FAULT_MISMATCH:
    case SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE:
    case SMARTCA_SANDBOX_FAULT_USER_REJECTED:
    case SMARTCA_SANDBOX_FAULT_EXPIRED:
    default:
      return FALSE;
    }
}

/* Returns: (nullable): the request's JSON object, kept by @parser */
JsonObject *
sandbox_parse_request (SoupServerMessage *msg,
                       JsonParser        *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

static void
answer_get_certificate (SmartcaSandbox    *self,
                        SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject           *request;
  const char           *sp_id, *sp_password, *user_id, *serial, *transaction_id;
  g_autoptr(JsonNode)   data = NULL;
  char                 *answer;

  if (sandbox_answer_fault (self, msg,
                            "{\"status_code\":200,\"message\":\"Success\",\"data\":"
                            "{\"user_certificates\":[{\"serial_number\":42,"
                            "\"cert_subject\":[\"CN=x\"],\"cert_data\":null}]}}"))
    return;

  request = sandbox_parse_request (msg, parser);
  if (request == NULL)
    {
      sandbox_respond_error (msg, 400, "BAD_REQUEST");
      return;
    }

  sp_id = sandbox_request_string (request, "sp_id");
  sp_password = sandbox_request_string (request, "sp_password");
  user_id = sandbox_request_string (request, "user_id");
  serial = sandbox_request_string (request, "serial_number");
  transaction_id = sandbox_request_string (request, "transaction_id");

  if (user_id == NULL || transaction_id == NULL || transaction_id[0] == '\0' ||
      (json_object_has_member (request, "serial_number") && serial == NULL))
    {
      sandbox_respond_error (msg, 400, "BAD_REQUEST");
      return;
    }

  if (g_strcmp0 (sp_id, SMARTCA_SANDBOX_SP_ID) != 0 ||
      g_strcmp0 (sp_password, SMARTCA_SANDBOX_SP_PASSWORD) != 0)
    {
      sandbox_respond_error (msg, 401, "SP_CREDENTIAL_INVALID");
      return;
    }

  if (!has_user (self, user_id))
    {
      sandbox_respond_error (msg, 401, "user not exist");
      return;
    }

  data = certificates_node (self, user_id, serial, transaction_id,
                            self->fault == SMARTCA_SANDBOX_FAULT_MISMATCH);
  answer = sandbox_envelope (200, "Success", data);

  if (self->fault == SMARTCA_SANDBOX_FAULT_TRUNCATED)
    answer[strlen (answer) / 2] = '\0';

  sandbox_respond (msg, 200, "application/json", answer);
}

typedef struct
{
  SmartcaSandbox    *self;
  SoupServerMessage *msg;
  SandboxAnswerFunc  answer;
} Delayed;

static gboolean
delayed_answer_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  gboolean stolen = delayed->self->fault == SMARTCA_SANDBOX_FAULT_CLOSE ||
                    delayed->self->fault == SMARTCA_SANDBOX_FAULT_TRICKLE;

  /* The Date of when the answer leaves, not of when the request came */
  sandbox_set_date (delayed->self, delayed->msg);
  delayed->answer (delayed->self, delayed->msg);
  if (!stolen)
    soup_server_message_unpause (delayed->msg);
  g_object_unref (delayed->msg);
  g_object_unref (delayed->self);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

/* Every endpoint: POST only, answered by @answer now or after the delay */
void
sandbox_handle (SmartcaSandbox    *self,
                SoupServerMessage *msg,
                SandboxAnswerFunc  answer)
{
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      sandbox_respond_error (msg, 405, "METHOD_NOT_ALLOWED");
      return;
    }

  if (self->delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = g_object_ref (self);
      delayed->msg = g_object_ref (msg);
      delayed->answer = answer;
      soup_server_message_pause (msg);
      g_timeout_add (self->delay_ms, delayed_answer_cb, delayed);
      return;
    }

  answer (self, msg);
}

static void
get_certificate_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  SmartcaSandbox *self = user_data;

  self->request_count++;
  sandbox_handle (self, msg, answer_get_certificate);
}

/* Every answer, whatever its path, carries the sandbox's clock */
static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  sandbox_set_date (user_data, msg);
}

/* GObject */

static void
smartca_sandbox_finalize (GObject *object)
{
  SmartcaSandbox *self = SMARTCA_SANDBOX (object);

  g_clear_pointer (&self->trickles, g_ptr_array_unref);
  g_clear_pointer (&self->transactions, g_hash_table_unref);
  sandbox_v1_finalize (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->pki, smartca_test_pki_free);
  g_free (self->base_url);

  G_OBJECT_CLASS (smartca_sandbox_parent_class)->finalize (object);
}

static void
smartca_sandbox_class_init (SmartcaSandboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smartca_sandbox_finalize;
}

static void
smartca_sandbox_init (SmartcaSandbox *self)
{
  self->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_certificate_free);
  self->trickles = g_ptr_array_new_with_free_func ((GDestroyNotify) trickle_free);
  sandbox_sign_init (self);
  sandbox_v1_init (self);
}

/* Public API */

/**
 * smartca_sandbox_new:
 * @port: the loopback port to listen on, or 0 for any free one
 *
 * Returns: (transfer full) (nullable): a sandbox listening on 127.0.0.1
 */
SmartcaSandbox *
smartca_sandbox_new (guint    port,
                     GError **error)
{
  g_autoptr(SmartcaSandbox) self = g_object_new (SMARTCA_TYPE_SANDBOX, NULL);
  g_autoptr(GInetAddress)   loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSList                   *uris;

  self->pki = smartca_test_pki_new ();
  add_accounts (self);

  self->server = soup_server_new ("server-header", "SmartCA-Sandbox", NULL);
  soup_server_add_handler (self->server, SANDBOX_BASE_PATH "/v1/credentials/get_certificate",
                           get_certificate_cb, self, NULL);
  sandbox_sign_add_handlers (self);
  sandbox_v1_add_handlers (self);
  g_signal_connect_object (self->server, "request-read", G_CALLBACK (request_read_cb), self,
                           G_CONNECT_DEFAULT);

  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    {
      g_autofree char *root = g_uri_to_string (uris->data);

      self->base_url = g_strconcat (root, g_str_has_suffix (root, "/") ? "" : "/",
                                    SANDBOX_BASE_PATH + 1, NULL);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&self);
}

const char *
smartca_sandbox_get_base_url (SmartcaSandbox *self)
{
  return self->base_url;
}

void
smartca_sandbox_set_fault (SmartcaSandbox     *self,
                           SmartcaSandboxFault fault)
{
  self->fault = fault;
}

void
smartca_sandbox_set_delay (SmartcaSandbox *self,
                           guint           milliseconds)
{
  self->delay_ms = milliseconds;
}

void
smartca_sandbox_set_status (SmartcaSandbox *self,
                            const char     *serial_number,
                            const char     *status_text)
{
  for (guint i = 0; i < self->certificates->len; i++)
    {
      SandboxCertificate *c = g_ptr_array_index (self->certificates, i);

      if (g_ascii_strcasecmp (c->serial, serial_number) == 0)
        {
          g_free (c->status);
          c->status = g_strdup (status_text);
        }
    }
}

guint
smartca_sandbox_get_request_count (SmartcaSandbox *self)
{
  return self->request_count;
}

SmartcaSandboxFault
smartca_sandbox_fault_from_name (const char *name)
{
  static const struct
  {
    const char         *name;
    SmartcaSandboxFault fault;
  } faults[] = {
    { "none", SMARTCA_SANDBOX_FAULT_NONE },
    { "401", SMARTCA_SANDBOX_FAULT_HTTP_401 },
    { "403", SMARTCA_SANDBOX_FAULT_HTTP_403 },
    { "500", SMARTCA_SANDBOX_FAULT_HTTP_500 },
    { "malformed", SMARTCA_SANDBOX_FAULT_MALFORMED },
    { "truncated", SMARTCA_SANDBOX_FAULT_TRUNCATED },
    { "not-json", SMARTCA_SANDBOX_FAULT_NOT_JSON },
    { "close", SMARTCA_SANDBOX_FAULT_CLOSE },
    { "mismatch", SMARTCA_SANDBOX_FAULT_MISMATCH },
    { "huge", SMARTCA_SANDBOX_FAULT_HUGE },
    { "deep", SMARTCA_SANDBOX_FAULT_DEEP },
    { "deep-error", SMARTCA_SANDBOX_FAULT_DEEP_ERROR },
    { "redirect", SMARTCA_SANDBOX_FAULT_REDIRECT },
    { "trickle", SMARTCA_SANDBOX_FAULT_TRICKLE },
    { "api-error", SMARTCA_SANDBOX_FAULT_API_ERROR },
    { "bad-signature", SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE },
    { "user-rejected", SMARTCA_SANDBOX_FAULT_USER_REJECTED },
    { "expired", SMARTCA_SANDBOX_FAULT_EXPIRED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    if (g_strcmp0 (name, faults[i].name) == 0)
      return faults[i].fault;
  return (SmartcaSandboxFault) -1;
}
