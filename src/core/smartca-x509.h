/* smartca-x509.h: what a certificate says about itself (GnuTLS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMARTCA_X509_ERROR (smartca_x509_error_quark ())

typedef enum
{
  SMARTCA_X509_ERROR_BASE64,
  SMARTCA_X509_ERROR_PARSE,
} SmartcaX509Error;

typedef struct
{
  char  *subject_dn; /* RFC 4514, as GnuTLS writes it */
  char  *issuer_dn;
  char  *serial_number; /* lower-case hex, no leading zero octets */
  gint64 not_before;    /* Unix time, UTC */
  gint64 not_after;
  char  *sha256_fingerprint;  /* "AB:CD:…" */
  char  *key_algorithm;       /* "RSA 2048", "ECDSA SECP256R1", … */
  char  *signature_algorithm; /* "RSA-SHA256", … */
} SmartcaX509Info;

GQuark           smartca_x509_error_quark (void);
GBytes          *smartca_x509_decode_base64 (const char *text,
                                             GError    **error);
SmartcaX509Info *smartca_x509_parse (GBytes  *der,
                                     GError **error);
void             smartca_x509_info_free (SmartcaX509Info *info);
char            *smartca_x509_to_pem (GBytes *der);
gboolean         smartca_x509_serials_equal (const char *a,
                                             const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaX509Info, smartca_x509_info_free)

G_END_DECLS
