/* smartca-sign-private.h: what both SmartCA signing flows share (the
 * business v2 flow and the phone-confirmed v1 flow)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gnutls/abstract.h>
#include <json-glib/json-glib.h>

#include "smartca-certificate.h"
#include "smartca-client.h"

G_BEGIN_DECLS

#define SIGN_DIGEST_SIZE 32

/* The codes of one flow's error domain that the shared mapping uses */
typedef struct
{
  GQuark (*domain) (void);
  int unreachable;
  int not_active;
  int refused;
  int bad_signature;
} SignErrorCodes;

G_GNUC_INTERNAL
gboolean sign_message_says (const char *message,
                            const char *word);
/* The errors that need no reading of SmartCA's words: cancelled, the SP
 * account (copied as they are), and the network (unreachable); NULL for
 * any other error. */
G_GNUC_INTERNAL
GError *sign_error_transport (const SignErrorCodes *codes,
                              const GError         *error);
/* Any other refusal: not active (HTTP 403), or SmartCA's own words,
 * isolated, or the client's words when SmartCA said nothing. */
G_GNUC_INTERNAL
GError *sign_error_refusal (const SignErrorCodes *codes,
                            const GError         *error);
G_GNUC_INTERNAL
GError *sign_error_refused (const SignErrorCodes *codes,
                            const char           *said);
/* An answer that says yes but lacks what comes with a yes */
G_GNUC_INTERNAL
GError *sign_error_incomplete (const SignErrorCodes *codes);

/* The certificate's public key, read before anything is sent: a signature
 * that cannot be checked is of no use. */
G_GNUC_INTERNAL
gnutls_pubkey_t sign_import_public_key (const SignErrorCodes *codes,
                                        SmartcaCertificate   *certificate,
                                        GError              **error);
/* Whether @signature is the PKCS#1 v1.5 RSA-SHA256 signature of @digest */
G_GNUC_INTERNAL
gboolean sign_verify (gnutls_pubkey_t pubkey,
                      GBytes         *digest,
                      GBytes         *signature);
/* The signature_value of data.signatures[] for @doc_id (else the first),
 * decoded; NULL if none */
G_GNUC_INTERNAL
GBytes *sign_read_signature (JsonNode   *data,
                             const char *doc_id);
/* Whether data.signatures is there, null or absent meaning not yet (the
 * signing is done; it may still be of the wrong type) */
G_GNUC_INTERNAL
gboolean sign_has_signatures (JsonNode *data);
/* Lowercase hex, as data_to_be_signed takes it */
G_GNUC_INTERNAL
char *sign_digest_hex (GBytes *digest);
/* sign_files: one hash of a PDF, and nothing else of it */
G_GNUC_INTERNAL
void sign_body_add_file (SmartcaClientBody *body,
                         const char        *digest_hex,
                         const char        *doc_id);

G_END_DECLS
