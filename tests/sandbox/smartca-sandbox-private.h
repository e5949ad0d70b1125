/* smartca-sandbox-private.h: what the sandbox's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "smartca-sandbox.h"
#include "smartca-test-pki.h"

G_BEGIN_DECLS

#define SANDBOX_BASE_PATH "/sca/sp769"
#define SANDBOX_ACTIVE "Đang hoạt động"
#define SANDBOX_DEFAULT_SAD_LIFETIME 299

#define SANDBOX_DIGEST_SIZE 32
#define SANDBOX_DEFAULT_PENDING_POLLS 2

typedef struct
{
  char       *user_id;
  char       *subject;
  char       *serial;
  const char *service_type; /* NULL: the answer has no service_type member */
  const char *service_name;
  char       *status;
  gint64      valid_from;
  gint64      valid_to;
  GBytes     *der;
} SandboxCertificate;

struct _SmartcaSandbox
{
  GObject parent_instance;

  SoupServer         *server;
  char               *base_url;
  SmartcaTestPki     *pki;
  GPtrArray          *certificates;
  SmartcaSandboxFault fault;
  guint               delay_ms;
  guint               request_count;
  GPtrArray          *trickles;

  /* Business signing (smartca-sandbox-sign.c) */
  gint64      clock_offset;
  guint       sad_lifetime;
  guint       sign_count;
  GHashTable *transactions; /* transaction_id → SandboxTransaction */

  /* Phone-confirmed signing (smartca-sandbox-v1.c) */
  guint       pending_polls;
  guint       poll_count;
  GHashTable *v1_transactions; /* the SP's transaction_id → SandboxV1Transaction */
  char       *last_v1_request;
  char       *v1_refusal;
};

/* One document of sign_files */
typedef struct
{
  char  *doc_id;
  guint8 digest[SANDBOX_DIGEST_SIZE];
} SandboxDocument;

/* Answers one request, from the handler or after the delay */
typedef void (*SandboxAnswerFunc) (SmartcaSandbox    *self,
                                   SoupServerMessage *msg);

/* smartca-sandbox.c */
char               *sandbox_envelope (int         status_code,
                                      const char *message,
                                      JsonNode   *data);
void                sandbox_respond (SoupServerMessage *msg,
                                     guint              status,
                                     const char        *content_type,
                                     char              *body);
void                sandbox_respond_error (SoupServerMessage *msg,
                                           guint              status,
                                           const char        *message);
const char         *sandbox_request_string (JsonObject *object,
                                            const char *name);
JsonObject         *sandbox_parse_request (SoupServerMessage *msg,
                                           JsonParser        *parser);
gboolean            sandbox_answer_fault (SmartcaSandbox    *self,
                                          SoupServerMessage *msg,
                                          const char        *malformed);
void                sandbox_handle (SmartcaSandbox    *self,
                                    SoupServerMessage *msg,
                                    SandboxAnswerFunc  answer);
SandboxCertificate *sandbox_find_certificate (SmartcaSandbox *self,
                                              const char     *serial);

/* smartca-sandbox-sign.c */
gint64      sandbox_now (SmartcaSandbox *self);
char       *sandbox_http_date (SmartcaSandbox *self);
void        sandbox_set_date (SmartcaSandbox    *self,
                              SoupServerMessage *msg);
void        sandbox_sign_init (SmartcaSandbox *self);
void        sandbox_sign_add_handlers (SmartcaSandbox *self);
void        sandbox_document_free (SandboxDocument *document);
GPtrArray  *sandbox_parse_documents (JsonObject *request);
JsonObject *sandbox_parse_sp_request (SoupServerMessage *msg,
                                      JsonParser        *parser);
void        sandbox_respond_data (SmartcaSandbox    *self,
                                  SoupServerMessage *msg,
                                  const char        *message,
                                  JsonBuilder       *builder);
void        sandbox_add_string (JsonBuilder *builder,
                                const char  *name,
                                const char  *value);
gboolean    sandbox_is_active (SmartcaSandbox     *self,
                               SandboxCertificate *c);
void        sandbox_add_signatures (SmartcaSandbox *self,
                                    const char     *serial,
                                    GPtrArray      *documents,
                                    JsonBuilder    *builder);

/* smartca-sandbox-v1.c */
void sandbox_v1_init (SmartcaSandbox *self);
void sandbox_v1_finalize (SmartcaSandbox *self);
void sandbox_v1_add_handlers (SmartcaSandbox *self);

/* RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits) of @key at @unix_time:
 * the sandbox's own, independent of the app's smartca-totp.c */
guint smartca_sandbox_totp (const guint8 *key,
                            gsize         key_size,
                            gint64        unix_time);
/* Whether @otp is the TOTP of @secret_base64 at @unix_time ± 1 step */
gboolean smartca_sandbox_totp_accepts (const char *secret_base64,
                                       const char *otp,
                                       gint64      unix_time);

G_END_DECLS
