/* smartca-sandbox.h: a SmartCA SP769 server of our own, on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_SANDBOX_SP_ID "SANDBOX-SP.apps.smartca.example"
#define SMARTCA_SANDBOX_SP_PASSWORD "sandbox-secret"

typedef enum
{
  SMARTCA_SANDBOX_FAULT_NONE,
  SMARTCA_SANDBOX_FAULT_HTTP_401,   /* SP_CREDENTIAL_INVALID, whatever was sent */
  SMARTCA_SANDBOX_FAULT_HTTP_403,   /* CREDENTIAL_STATUS_INVALID */
  SMARTCA_SANDBOX_FAULT_HTTP_500,   /* SERVAR_INTERNAL_ERROR, as VNPT spells it */
  SMARTCA_SANDBOX_FAULT_MALFORMED,  /* JSON, but fields of the wrong type */
  SMARTCA_SANDBOX_FAULT_TRUNCATED,  /* a correct answer cut in half */
  SMARTCA_SANDBOX_FAULT_NOT_JSON,   /* an HTML error page with status 200 */
  SMARTCA_SANDBOX_FAULT_CLOSE,      /* the connection closes mid-answer */
  SMARTCA_SANDBOX_FAULT_MISMATCH,   /* a record that disagrees with its certificate */
  SMARTCA_SANDBOX_FAULT_HUGE,       /* an answer of 8 MiB */
  SMARTCA_SANDBOX_FAULT_DEEP,       /* [ × 80,000 then ] × 80,000, with status 200 */
  SMARTCA_SANDBOX_FAULT_DEEP_ERROR, /* the same with status 500 */
  SMARTCA_SANDBOX_FAULT_REDIRECT,   /* 302 to http://example.invalid/… (never contacted) */
  SMARTCA_SANDBOX_FAULT_TRICKLE,    /* a short answer, one byte a second */
  SMARTCA_SANDBOX_FAULT_API_ERROR,  /* status 200, the envelope's status_code 62001 */
} SmartcaSandboxFault;

#define SMARTCA_TYPE_SANDBOX (smartca_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaSandbox, smartca_sandbox, SMARTCA, SANDBOX, GObject)

SmartcaSandbox     *smartca_sandbox_new (guint    port,
                                         GError **error);
const char         *smartca_sandbox_get_base_url (SmartcaSandbox *self);
void                smartca_sandbox_set_fault (SmartcaSandbox     *self,
                                               SmartcaSandboxFault fault);
void                smartca_sandbox_set_delay (SmartcaSandbox *self,
                                               guint           milliseconds);
void                smartca_sandbox_set_status (SmartcaSandbox *self,
                                                const char     *serial_number,
                                                const char     *status_text);
guint               smartca_sandbox_get_request_count (SmartcaSandbox *self);
SmartcaSandboxFault smartca_sandbox_fault_from_name (const char *name);

G_END_DECLS
