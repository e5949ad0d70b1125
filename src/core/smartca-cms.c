/* smartca-cms.c: the CMS SignedData of a PAdES B-B signature, around a
 * signature made elsewhere (by SmartCA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The DER is written here rather than by gnutls_pkcs7_sign(), whose key
 * callback is synchronous (SmartCA answers minutes later, from a phone) and
 * which wants the whole signed content in memory. What is written:
 *
 *   ContentInfo { id-signedData, [0] SignedData {
 *     1, { sha256 }, { id-data }, [0] { leaf, CA, root },
 *     { SignerInfo { 1, { issuer, serial }, sha256,
 *                    [0] { contentType, messageDigest, signingCertificateV2 },
 *                    rsaEncryption, signature } } } }
 *
 * No signing-time attribute: the same inputs give the same bytes, and the
 * time is the PDF's /M.
 */

#include "config.h"

#include "smartca-cms.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

G_DEFINE_QUARK (smartca-cms-error-quark, smartca_cms_error)

#define SHA256_SIZE 32

/* DER tags */
#define TAG_INTEGER 0x02
#define TAG_OCTET_STRING 0x04
#define TAG_NULL 0x05
#define TAG_OID 0x06
#define TAG_SEQUENCE 0x30
#define TAG_SET 0x31
#define TAG_CONTEXT_0 0xa0 /* [0], constructed */
#define TAG_CONTEXT_4 0xa4 /* [4], constructed: directoryName */

#define OID_SIGNED_DATA "1.2.840.113549.1.7.2"
#define OID_DATA "1.2.840.113549.1.7.1"
#define OID_SHA256 "2.16.840.1.101.3.4.2.1"
#define OID_RSA_ENCRYPTION "1.2.840.113549.1.1.1"
#define OID_CONTENT_TYPE "1.2.840.113549.1.9.3"
#define OID_MESSAGE_DIGEST "1.2.840.113549.1.9.4"
#define OID_SIGNING_CERTIFICATE_V2 "1.2.840.113549.1.9.16.2.47"

struct _SmartcaCms
{
  gnutls_x509_crt_t leaf;
  GPtrArray        *certificates;      /* GBytes: the leaf, then the chain */
  GBytes           *issuer_and_serial; /* SEQ { issuer Name, serialNumber } */
  GBytes           *signed_attributes; /* SET OF Attribute, tag 0x31 */
  guint8            hash_to_sign[SHA256_SIZE];
};

/* A small DER writer */

static void
der_append_length (GByteArray *out,
                   gsize       length)
{
  guint8 bytes[sizeof (gsize) + 1];
  guint  n = 0;

  if (length < 0x80)
    {
      guint8 byte = (guint8) length;

      g_byte_array_append (out, &byte, 1);
      return;
    }
  for (gsize rest = length; rest > 0; rest >>= 8)
    n++;
  bytes[0] = 0x80 | n;
  for (guint i = 0; i < n; i++)
    bytes[n - i] = (guint8) (length >> (8 * i));
  g_byte_array_append (out, bytes, n + 1);
}

static void
der_append (GByteArray   *out,
            guint8        tag,
            const guint8 *content,
            gsize         length)
{
  g_byte_array_append (out, &tag, 1);
  der_append_length (out, length);
  if (length > 0)
    g_byte_array_append (out, content, length);
}

/* Wraps @content (consumed) in @tag, appended to @out */
static void
der_append_wrapped (GByteArray *out,
                    guint8      tag,
                    GByteArray *content)
{
  der_append (out, tag, content->data, content->len);
  g_byte_array_unref (content);
}

static void
der_append_bytes (GByteArray *out,
                  guint8      tag,
                  GBytes     *content)
{
  gsize         length;
  const guint8 *data = g_bytes_get_data (content, &length);

  der_append (out, tag, data, length);
}

/* Bytes that are already DER (a certificate, a Name) */
static void
der_append_raw (GByteArray *out,
                GBytes     *der)
{
  gsize         length;
  const guint8 *data = g_bytes_get_data (der, &length);

  g_byte_array_append (out, data, length);
}

static void
der_append_small_integer (GByteArray *out,
                          guint8      value)
{
  g_assert (value < 0x80);
  der_append (out, TAG_INTEGER, &value, 1);
}

static void
der_append_oid (GByteArray *out,
                const char *dotted)
{
  g_auto(GStrv)         arcs = g_strsplit (dotted, ".", -1);
  g_autoptr(GByteArray) content = g_byte_array_new ();
  guint64               first;

  g_assert (g_strv_length (arcs) >= 2);
  first = g_ascii_strtoull (arcs[0], NULL, 10) * 40 + g_ascii_strtoull (arcs[1], NULL, 10);
  for (guint i = 1; arcs[i] != NULL; i++)
    {
      guint64 arc = i == 1 ? first : g_ascii_strtoull (arcs[i], NULL, 10);
      guint8  base128[10];
      guint   n = 0;

      do
        {
          base128[n++] = arc & 0x7f;
          arc >>= 7;
        }
      while (arc > 0);
      while (n > 0)
        {
          guint8 byte;

          n--;
          byte = base128[n] | (n > 0 ? 0x80 : 0);

          g_byte_array_append (content, &byte, 1);
        }
    }
  der_append (out, TAG_OID, content->data, content->len);
}

/* AlgorithmIdentifier; RFC 5754: SHA-2 parameters are absent, RSA's are
 * NULL */
static void
der_append_algorithm (GByteArray *out,
                      const char *oid,
                      gboolean    null_parameters)
{
  GByteArray *algorithm = g_byte_array_new ();

  der_append_oid (algorithm, oid);
  if (null_parameters)
    der_append (algorithm, TAG_NULL, NULL, 0);
  der_append_wrapped (out, TAG_SEQUENCE, algorithm);
}

/* The certificate's serialNumber as a DER INTEGER: its content octets as
 * the certificate has them, which gnutls_x509_crt_get_serial() returns
 * unchanged (two's complement: a positive serial whose first octet has
 * its high bit set keeps its leading 0x00). Normalising them instead would
 * name another certificate when an issuer wrote a negative serial, as
 * some do. */
static void
der_append_serial (GByteArray *out,
                   GBytes     *serial)
{
  der_append_bytes (out, TAG_INTEGER, serial);
}

/* X.690 11.6: the encodings of a SET OF in ascending order, compared as
 * octet strings, the shorter padded with zeros at its end */
static int
compare_encodings (gconstpointer a,
                   gconstpointer b)
{
  GBytes       *left = *(GBytes **) a;
  GBytes       *right = *(GBytes **) b;
  gsize         left_size, right_size;
  const guint8 *left_data = g_bytes_get_data (left, &left_size);
  const guint8 *right_data = g_bytes_get_data (right, &right_size);

  for (gsize i = 0; i < MAX (left_size, right_size); i++)
    {
      guint8 l = i < left_size ? left_data[i] : 0;
      guint8 r = i < right_size ? right_data[i] : 0;

      if (l != r)
        return l < r ? -1 : 1;
    }
  return 0;
}

/* Certificates */

static gboolean
set_certificate_error (GError **error)
{
  g_set_error_literal (error, SMARTCA_CMS_ERROR, SMARTCA_CMS_ERROR_CERTIFICATE,
                       _("The certificate cannot sign documents: it cannot be read or its key "
                         "is not an RSA key. Update the certificates and try again."));
  return FALSE;
}

static gnutls_x509_crt_t
import_certificate (GBytes  *der,
                    GError **error)
{
  gnutls_x509_crt_t crt = NULL;
  gsize             size = 0;
  gnutls_datum_t    datum;

  if (der == NULL || g_bytes_get_size (der) == 0)
    {
      set_certificate_error (error);
      return NULL;
    }
  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = (unsigned int) size;
  if (gnutls_x509_crt_init (&crt) < 0)
    {
      set_certificate_error (error);
      return NULL;
    }
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      set_certificate_error (error);
      return NULL;
    }
  return crt;
}

/* The certificate as it is, re-exported (a DER import accepts trailing
 * bytes; the CMS holds the certificate alone) */
static GBytes *
export_certificate (gnutls_x509_crt_t crt)
{
  gnutls_datum_t out = { NULL, 0 };
  GBytes        *bytes;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &out) < 0)
    return NULL;
  bytes = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  return bytes;
}

/* SEQ { issuer Name, serialNumber }, the body of both the signer's
 * IssuerAndSerialNumber and ESS IssuerSerial (wrapped differently) */
static gboolean
read_issuer_and_serial (gnutls_x509_crt_t crt,
                        GBytes          **issuer_out,
                        GBytes          **serial_out)
{
  gnutls_datum_t issuer = { NULL, 0 };
  guint8         serial[64];
  size_t         serial_size = sizeof serial;

  if (gnutls_x509_crt_get_raw_issuer_dn (crt, &issuer) < 0)
    return FALSE;
  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0 || serial_size == 0)
    {
      gnutls_free (issuer.data);
      return FALSE;
    }
  *issuer_out = g_bytes_new (issuer.data, issuer.size);
  *serial_out = g_bytes_new (serial, serial_size);
  gnutls_free (issuer.data);
  return TRUE;
}

/* Signed attributes */

static GBytes *
make_attribute (const char *oid,
                GByteArray *value) /* consumed: the DER of the one value */
{
  GByteArray *attribute = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();

  der_append_oid (attribute, oid);
  der_append_wrapped (attribute, TAG_SET, value);
  der_append_wrapped (out, TAG_SEQUENCE, attribute);
  return g_byte_array_free_to_bytes (out);
}

/* SigningCertificateV2 ::= SEQ { SEQ OF ESSCertIDv2 }, one ESSCertIDv2
 * (hashAlgorithm left out: sha256 is its default) */
static GByteArray *
make_signing_certificate_v2 (GBytes *leaf_der,
                             GBytes *issuer,
                             GBytes *serial)
{
  guint8      cert_hash[SHA256_SIZE];
  gsize       size;
  const void *data = g_bytes_get_data (leaf_der, &size);
  GByteArray *directory_name = g_byte_array_new ();
  GByteArray *general_names = g_byte_array_new ();
  GByteArray *issuer_serial = g_byte_array_new ();
  GByteArray *cert_id = g_byte_array_new ();
  GByteArray *cert_id_der = g_byte_array_new ();
  GByteArray *cert_ids = g_byte_array_new ();
  GByteArray *value = g_byte_array_new ();

  gnutls_hash_fast (GNUTLS_DIG_SHA256, data, size, cert_hash);

  der_append_raw (directory_name, issuer);
  der_append_wrapped (general_names, TAG_CONTEXT_4, directory_name);
  der_append_wrapped (issuer_serial, TAG_SEQUENCE, general_names);
  der_append_serial (issuer_serial, serial);

  der_append (cert_id, TAG_OCTET_STRING, cert_hash, sizeof cert_hash);
  der_append_wrapped (cert_id, TAG_SEQUENCE, issuer_serial);
  der_append_wrapped (cert_id_der, TAG_SEQUENCE, cert_id);  /* ESSCertIDv2 */
  der_append_wrapped (cert_ids, TAG_SEQUENCE, cert_id_der); /* certs: SEQ OF */
  der_append_wrapped (value, TAG_SEQUENCE, cert_ids);       /* SigningCertificateV2 */
  return value;
}

/* The attributes' SET OF body: sorted encodings, concatenated */
static GByteArray *
make_signed_attributes_body (GBytes       *leaf_der,
                             GBytes       *issuer,
                             GBytes       *serial,
                             const guint8 *content_digest)
{
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GByteArray          *content_type = g_byte_array_new ();
  GByteArray          *message_digest = g_byte_array_new ();
  GByteArray          *body = g_byte_array_new ();

  der_append_oid (content_type, OID_DATA);
  g_ptr_array_add (attributes, make_attribute (OID_CONTENT_TYPE, content_type));
  der_append (message_digest, TAG_OCTET_STRING, content_digest, SHA256_SIZE);
  g_ptr_array_add (attributes, make_attribute (OID_MESSAGE_DIGEST, message_digest));
  g_ptr_array_add (attributes,
                   make_attribute (OID_SIGNING_CERTIFICATE_V2,
                                   make_signing_certificate_v2 (leaf_der, issuer, serial)));

  g_ptr_array_sort (attributes, compare_encodings);
  for (guint i = 0; i < attributes->len; i++)
    der_append_raw (body, g_ptr_array_index (attributes, i));
  return body;
}

/* Public API */

/**
 * smartca_cms_new:
 *
 * Reads the certificates and builds the signed attributes. Refuses a leaf
 * or chain certificate that cannot be read, and a leaf whose key is not RSA
 * (SMARTCA_CMS_ERROR_CERTIFICATE).
 *
 * Returns: (transfer full) (nullable): the CMS waiting for its signature
 */
SmartcaCms *
smartca_cms_new (GBytes        *leaf_der,
                 GBytes *const *chain,
                 const guint8  *content_digest,
                 GError       **error)
{
  g_autoptr(SmartcaCms) self = g_new0 (SmartcaCms, 1);
  g_autoptr(GBytes)     leaf = NULL;
  g_autoptr(GBytes)     issuer = NULL;
  g_autoptr(GBytes)     serial = NULL;
  GByteArray           *body;
  GByteArray           *set;
  GByteArray           *issuer_and_serial;
  gsize                 size;
  const void           *data;

  g_return_val_if_fail (content_digest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->leaf = import_certificate (leaf_der, error);
  if (self->leaf == NULL)
    return NULL;
  if (gnutls_x509_crt_get_pk_algorithm (self->leaf, NULL) != GNUTLS_PK_RSA ||
      (leaf = export_certificate (self->leaf)) == NULL ||
      !read_issuer_and_serial (self->leaf, &issuer, &serial))
    {
      set_certificate_error (error);
      return NULL;
    }
  g_ptr_array_add (self->certificates, g_bytes_ref (leaf));

  for (guint i = 0; chain != NULL && chain[i] != NULL; i++)
    {
      gnutls_x509_crt_t crt = import_certificate (chain[i], error);
      GBytes           *der;

      if (crt == NULL)
        return NULL;
      der = export_certificate (crt);
      gnutls_x509_crt_deinit (crt);
      if (der == NULL)
        {
          set_certificate_error (error);
          return NULL;
        }
      g_ptr_array_add (self->certificates, der);
    }

  issuer_and_serial = g_byte_array_new ();
  der_append_raw (issuer_and_serial, issuer);
  der_append_serial (issuer_and_serial, serial);
  self->issuer_and_serial = g_byte_array_free_to_bytes (issuer_and_serial);

  body = make_signed_attributes_body (leaf, issuer, serial, content_digest);
  set = g_byte_array_new ();
  der_append_wrapped (set, TAG_SET, body);
  self->signed_attributes = g_byte_array_free_to_bytes (set);

  data = g_bytes_get_data (self->signed_attributes, &size);
  gnutls_hash_fast (GNUTLS_DIG_SHA256, data, size, self->hash_to_sign);
  return g_steal_pointer (&self);
}

void
smartca_cms_free (SmartcaCms *self)
{
  if (self == NULL)
    return;
  if (self->leaf != NULL)
    gnutls_x509_crt_deinit (self->leaf);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->issuer_and_serial, g_bytes_unref);
  g_clear_pointer (&self->signed_attributes, g_bytes_unref);
  g_free (self);
}

/**
 * smartca_cms_get_signed_attributes:
 *
 * Returns: (transfer full): the DER of the signed attributes as a SET (tag
 *   0x31): what is hashed and signed
 */
GBytes *
smartca_cms_get_signed_attributes (SmartcaCms *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_ref (self->signed_attributes);
}

/**
 * smartca_cms_get_hash_to_sign:
 *
 * Returns: (transfer full): the SHA-256 of the signed attributes, 32 bytes
 */
GBytes *
smartca_cms_get_hash_to_sign (SmartcaCms *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_bytes_new (self->hash_to_sign, sizeof self->hash_to_sign);
}

/* The signature as k octets, k the modulus's size (RFC 8017 8.2.2): a
 * service that turns it into a number and back loses its leading zero
 * octets once in 256 signatures. NULL when it is longer than k. */
static GBytes *
pad_signature (SmartcaCms *self,
               GBytes     *signature)
{
  unsigned int bits = 0;
  gsize        k;
  gsize        size = g_bytes_get_size (signature);
  guint8      *padded;

  gnutls_x509_crt_get_pk_algorithm (self->leaf, &bits);
  k = (bits + 7) / 8;
  if (size >= k || size == 0)
    return size <= k ? g_bytes_ref (signature) : NULL;
  padded = g_malloc0 (k);
  memcpy (padded + (k - size), g_bytes_get_data (signature, NULL), size);
  return g_bytes_new_take (padded, k);
}

static gboolean
verify_signature (SmartcaCms *self,
                  GBytes     *signature)
{
  gnutls_pubkey_t      pubkey = NULL;
  const gnutls_datum_t hash = { self->hash_to_sign, sizeof self->hash_to_sign };
  gnutls_datum_t       datum;
  gsize                size = 0;
  int                  rc;

  datum.data = (unsigned char *) g_bytes_get_data (signature, &size);
  datum.size = (unsigned int) size;
  if (size == 0 || gnutls_pubkey_init (&pubkey) < 0)
    return FALSE;
  rc = gnutls_pubkey_import_x509 (pubkey, self->leaf, 0);
  if (rc >= 0)
    rc = gnutls_pubkey_verify_hash2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &hash, &datum);
  gnutls_pubkey_deinit (pubkey);
  return rc >= 0;
}

/**
 * smartca_cms_finish:
 * @signature: raw RSA PKCS#1 v1.5 over DigestInfo (SHA-256, the hash to
 *   sign), as SmartCA returns it
 *
 * Returns: (transfer full) (nullable): the DER ContentInfo, or %NULL with
 *   SMARTCA_CMS_ERROR_BAD_SIGNATURE when @signature does not verify with
 *   the leaf's key
 */
GBytes *
smartca_cms_finish (SmartcaCms *self,
                    GBytes     *signature,
                    GError    **error)
{
  GByteArray       *signer_info;
  GByteArray       *signer_infos;
  GByteArray       *certificates;
  GByteArray       *encap;
  GByteArray       *digest_algorithms;
  GByteArray       *signed_data;
  GByteArray       *explicit_content;
  GByteArray       *content_info;
  GByteArray       *out;
  gsize             size;
  const void       *data;
  g_autoptr(GBytes) padded = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (signature != NULL)
    padded = pad_signature (self, signature);
  if (padded == NULL || !verify_signature (self, padded))
    {
      g_set_error_literal (error, SMARTCA_CMS_ERROR, SMARTCA_CMS_ERROR_BAD_SIGNATURE,
                           _("The signature from SmartCA does not match the certificate. "
                             "Nothing was written; try signing again."));
      return NULL;
    }

  signer_info = g_byte_array_new ();
  der_append_small_integer (signer_info, 1);
  der_append_bytes (signer_info, TAG_SEQUENCE, self->issuer_and_serial);
  der_append_algorithm (signer_info, OID_SHA256, FALSE);
  /* [0] IMPLICIT: the same SET with its tag replaced */
  data = g_bytes_get_data (self->signed_attributes, &size);
  g_byte_array_append (signer_info, data, size);
  signer_info->data[signer_info->len - size] = TAG_CONTEXT_0;
  der_append_algorithm (signer_info, OID_RSA_ENCRYPTION, TRUE);
  der_append_bytes (signer_info, TAG_OCTET_STRING, padded);
  signer_infos = g_byte_array_new ();
  der_append_wrapped (signer_infos, TAG_SEQUENCE, signer_info);

  certificates = g_byte_array_new ();
  for (guint i = 0; i < self->certificates->len; i++)
    der_append_raw (certificates, g_ptr_array_index (self->certificates, i));

  digest_algorithms = g_byte_array_new ();
  der_append_algorithm (digest_algorithms, OID_SHA256, FALSE);
  encap = g_byte_array_new ();
  der_append_oid (encap, OID_DATA);

  signed_data = g_byte_array_new ();
  der_append_small_integer (signed_data, 1);
  der_append_wrapped (signed_data, TAG_SET, digest_algorithms);
  der_append_wrapped (signed_data, TAG_SEQUENCE, encap);
  der_append_wrapped (signed_data, TAG_CONTEXT_0, certificates);
  der_append_wrapped (signed_data, TAG_SET, signer_infos);

  explicit_content = g_byte_array_new ();
  der_append_wrapped (explicit_content, TAG_SEQUENCE, signed_data);
  content_info = g_byte_array_new ();
  der_append_oid (content_info, OID_SIGNED_DATA);
  der_append_wrapped (content_info, TAG_CONTEXT_0, explicit_content);
  out = g_byte_array_new ();
  der_append_wrapped (out, TAG_SEQUENCE, content_info);
  return g_byte_array_free_to_bytes (out);
}
