/* smartca-cms.h: the CMS SignedData of a PAdES B-B signature, around a
 * signature made elsewhere (by SmartCA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Detached SignedData, SHA-256, RSA PKCS#1 v1.5. The signed attributes are
 * content-type (id-data), message-digest and ESS signing-certificate-v2;
 * there is no signing-time attribute (the time is the PDF's /M). The leaf
 * and the SmartCA chain are embedded. The DER is built here, so that the
 * document's digest can be computed in chunks instead of handing the whole
 * document to a library; GnuTLS parses the certificates, hashes and checks
 * the signature.
 *
 * The flow: smartca_cms_new() with the document's digest →
 * smartca_cms_get_hash_to_sign() (SHA-256 of the DER of the signed
 * attributes: the 32 bytes SmartCA signs) → the remote signature →
 * smartca_cms_finish(), which verifies it with the leaf's public key before
 * it returns the DER.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SMARTCA_CMS_ERROR (smartca_cms_error_quark ())

typedef enum
{
  SMARTCA_CMS_ERROR_CERTIFICATE,   /* the leaf or a chain certificate cannot be read, or is not RSA */
  SMARTCA_CMS_ERROR_BAD_SIGNATURE, /* the signature does not verify with the leaf */
} SmartcaCmsError;

typedef struct _SmartcaCms SmartcaCms;

GQuark smartca_cms_error_quark (void);

/* @leaf_der: the signer's certificate. @chain: NULL-terminated array of
 * DER certificates (the CA, then the root when known; NULL entries end it;
 * the array itself may be NULL). @content_digest: SHA-256 of the signed
 * bytes (the PDF's ByteRange), 32 bytes. */
SmartcaCms *smartca_cms_new (GBytes        *leaf_der,
                             GBytes *const *chain,
                             const guint8  *content_digest,
                             GError       **error);
void        smartca_cms_free (SmartcaCms *self);
/* The DER of the signed attributes as a SET (what is hashed) */
GBytes *smartca_cms_get_signed_attributes (SmartcaCms *self);
/* SHA-256 of that DER: the 32 bytes to send to SmartCA */
GBytes *smartca_cms_get_hash_to_sign (SmartcaCms *self);
/* Verifies @signature (raw PKCS#1 v1.5 over DigestInfo(SHA-256, hash to
 * sign)) with the leaf's key, then returns the DER ContentInfo. */
GBytes *smartca_cms_finish (SmartcaCms *self,
                            GBytes     *signature,
                            GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaCms, smartca_cms_free)

G_END_DECLS
