/* smartca-sandbox.h: a SmartCA SP769 server of our own, on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_SANDBOX_SP_ID "SANDBOX-SP.apps.smartca.example"
#define SMARTCA_SANDBOX_SP_PASSWORD "sandbox-secret"

/* Every business (TH) certificate of the sandbox (MST 0101234567 and
 * 0312345678-001, and the organisation without service_type) signs with
 * this account password and the TOTP of this secret key (RFC 6238's key
 * "12345678901234567890" written VNPT's way, in base64; in base32 it is
 * GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ). */
#define SMARTCA_SANDBOX_BUSINESS_PASSWORD "Sandbox@2026"
#define SMARTCA_SANDBOX_BUSINESS_SECRET "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA="
#define SMARTCA_SANDBOX_BUSINESS_SECRET_BASE32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

typedef enum
{
  SMARTCA_SANDBOX_FAULT_NONE,
  SMARTCA_SANDBOX_FAULT_HTTP_401,      /* SP_CREDENTIAL_INVALID, whatever was sent */
  SMARTCA_SANDBOX_FAULT_HTTP_403,      /* CREDENTIAL_STATUS_INVALID */
  SMARTCA_SANDBOX_FAULT_HTTP_500,      /* SERVAR_INTERNAL_ERROR, as VNPT spells it */
  SMARTCA_SANDBOX_FAULT_MALFORMED,     /* JSON, but fields of the wrong type */
  SMARTCA_SANDBOX_FAULT_TRUNCATED,     /* a correct answer cut in half */
  SMARTCA_SANDBOX_FAULT_NOT_JSON,      /* an HTML error page with status 200 */
  SMARTCA_SANDBOX_FAULT_CLOSE,         /* the connection closes mid-answer */
  SMARTCA_SANDBOX_FAULT_MISMATCH,      /* a record that disagrees with its certificate */
  SMARTCA_SANDBOX_FAULT_HUGE,          /* an answer of 8 MiB */
  SMARTCA_SANDBOX_FAULT_DEEP,          /* [ × 80,000 then ] × 80,000, with status 200 */
  SMARTCA_SANDBOX_FAULT_DEEP_ERROR,    /* the same with status 500 */
  SMARTCA_SANDBOX_FAULT_REDIRECT,      /* 302 to http://example.invalid/… (never contacted) */
  SMARTCA_SANDBOX_FAULT_TRICKLE,       /* a short answer, one byte a second */
  SMARTCA_SANDBOX_FAULT_API_ERROR,     /* status 200, the envelope's status_code 62001 */
  SMARTCA_SANDBOX_FAULT_BAD_SIGNATURE, /* v2 confirm / v1 status return a signature made with another key */
  SMARTCA_SANDBOX_FAULT_USER_REJECTED, /* v1: the user refuses in the phone app (status "REJECTED") */
  SMARTCA_SANDBOX_FAULT_EXPIRED,       /* v1: never confirmed (status "EXPIRED") */
} SmartcaSandboxFault;

#define SMARTCA_TYPE_SANDBOX (smartca_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaSandbox, smartca_sandbox, SMARTCA, SANDBOX, GObject)

SmartcaSandbox *smartca_sandbox_new (guint    port,
                                     GError **error);
const char     *smartca_sandbox_get_base_url (SmartcaSandbox *self);
void            smartca_sandbox_set_fault (SmartcaSandbox     *self,
                                           SmartcaSandboxFault fault);
void            smartca_sandbox_set_delay (SmartcaSandbox *self,
                                           guint           milliseconds);
void            smartca_sandbox_set_status (SmartcaSandbox *self,
                                            const char     *serial_number,
                                            const char     *status_text);
/* Business signing (v2/signatures/sign and /confirm). */
/* The sandbox's clock runs @seconds ahead of this computer's (negative:
 * behind): its Date header and the TOTP it expects both follow it. */
void smartca_sandbox_set_clock_offset (SmartcaSandbox *self,
                                       gint64          seconds);
/* How long a sad stays valid (default 299 s; 0: already expired at confirm). */
void smartca_sandbox_set_sad_lifetime (SmartcaSandbox *self,
                                       guint           seconds);
/* How many v2/signatures/sign and /confirm requests were answered. */
guint               smartca_sandbox_get_sign_count (SmartcaSandbox *self);
guint               smartca_sandbox_get_request_count (SmartcaSandbox *self);
SmartcaSandboxFault smartca_sandbox_fault_from_name (const char *name);

/* Phone-confirmed signing (v1/signatures/sign and …/{tranId}/status).
 * A transaction answers "pending" (message sig_wait_for_user_confirm,
 * signatures null) to this many polls (default 2), then SUCCESS with the
 * signature, or REJECTED / EXPIRED under those faults. */
void smartca_sandbox_set_pending_polls (SmartcaSandbox *self,
                                        guint           polls);
/* How many status polls were answered */
guint smartca_sandbox_get_poll_count (SmartcaSandbox *self);
/* The DER of the sandbox's root CA (to trust it in an NSS database);
 * transfer none, owned by the sandbox */
GBytes *smartca_sandbox_get_root_der (SmartcaSandbox *self);
/* The body of the last v1/signatures/sign request as it came (free it);
 * NULL before the first */
char *smartca_sandbox_dup_last_v1_request (SmartcaSandbox *self);
/* v1/signatures/sign refuses every otherwise valid request with this
 * message (status_code 40010), as SmartCA writes its own; NULL: it signs */
void smartca_sandbox_set_v1_refusal (SmartcaSandbox *self,
                                     const char     *message);

G_END_DECLS
