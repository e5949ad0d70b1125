/* test-cms.c: the CMS SignedData around a signature made elsewhere, checked
 * by GnuTLS and OpenSSL, which did not build it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>
#include <string.h>

#include "smartca-cms.h"
#include "smartca-pdf.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)
#define SUBJECT "C=VN,ST=HÀ NỘI,CN=Nguyễn Văn An,UID=CCCD:001099012345"

#define OID_CONTENT_TYPE "1.2.840.113549.1.9.3"
#define OID_MESSAGE_DIGEST "1.2.840.113549.1.9.4"
#define OID_SIGNING_CERTIFICATE_V2 "1.2.840.113549.1.9.16.2.47"
#define DER_ID_DATA "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01"

static SmartcaTestPki *pki;

typedef struct
{
  GBytes *leaf;
  GBytes *chain[3]; /* CA, root, NULL */
  GBytes *data;     /* the "document" */
  guint8  digest[32];
} Fixture;

static guint
count_occurrences (const void *haystack,
                   gsize       haystack_size,
                   const void *needle,
                   gsize       needle_size)
{
  guint n = 0;

  for (gsize i = 0; i + needle_size <= haystack_size; i++)
    if (memcmp ((const guint8 *) haystack + i, needle, needle_size) == 0)
      n++;
  return n;
}

/* Checks the tag at *@p, moves *@p past the header and returns the
 * content's length */
static gsize
der_enter (const guint8 **p,
           const guint8  *end,
           guint8         tag)
{
  gsize length;

  g_assert_true (*p + 2 <= end);
  g_assert_cmphex ((*p)[0], ==, tag);
  length = (*p)[1];
  *p += 2;
  if (length & 0x80)
    {
      guint n_octets = length & 0x7f;

      g_assert_cmpuint (n_octets, >=, 1);
      g_assert_cmpuint (n_octets, <=, 3);
      g_assert_true (*p + n_octets <= end);
      length = 0;
      for (guint i = 0; i < n_octets; i++)
        length = (length << 8) | (*p)[i];
      g_assert_cmpuint (length, >=, 0x80); /* DER: the shortest form */
      *p += n_octets;
    }
  g_assert_true (*p + length <= end);
  return length;
}

static void
sha256 (GBytes *bytes,
        guint8 *out)
{
  gsize       size;
  const void *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpint (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, size, out), ==, 0);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  const char *serial = data != NULL ? data : "540101010123456789abcdef01234567";
  gint64      now = g_get_real_time () / G_USEC_PER_SEC;
  GString    *document = g_string_new ("%PDF-1.7\n");

  fixture->leaf = smartca_test_pki_issue (pki, SUBJECT, serial, now - 10 * DAY, now + 300 * DAY);
  fixture->chain[0] = g_bytes_ref (smartca_test_pki_get_ca_der (pki));
  fixture->chain[1] = g_bytes_ref (smartca_test_pki_get_root_der (pki));
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (document, "%u 0 obj (Tài liệu %u) endobj\n", i + 1, i);
  fixture->data = g_string_free_to_bytes (document);
  sha256 (fixture->data, fixture->digest);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->leaf, g_bytes_unref);
  g_clear_pointer (&fixture->chain[0], g_bytes_unref);
  g_clear_pointer (&fixture->chain[1], g_bytes_unref);
  g_clear_pointer (&fixture->data, g_bytes_unref);
}

/* The CMS signed as SmartCA would: the test PKI's key over the hash */
static GBytes *
build_cms (Fixture       *fixture,
           GBytes *const *chain)
{
  g_autoptr(GError)     error = NULL;
  g_autoptr(SmartcaCms) cms = smartca_cms_new (fixture->leaf, chain, fixture->digest, &error);
  g_autoptr(GBytes)     hash = NULL;
  g_autoptr(GBytes)     signature = NULL;
  GBytes               *der;

  g_assert_no_error (error);
  g_assert_nonnull (cms);
  hash = smartca_cms_get_hash_to_sign (cms);
  g_assert_cmpuint (g_bytes_get_size (hash), ==, 32);
  signature = smartca_test_pki_sign_digest (pki, g_bytes_get_data (hash, NULL), 32);
  der = smartca_cms_finish (cms, signature, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);
  return der;
}

static gnutls_datum_t
datum_of (GBytes *bytes)
{
  gsize          size;
  gnutls_datum_t datum;

  datum.data = (unsigned char *) g_bytes_get_data (bytes, &size);
  datum.size = (unsigned int) size;
  return datum;
}

static gnutls_pkcs7_t
import_pkcs7 (GBytes *der)
{
  gnutls_pkcs7_t pkcs7;
  gnutls_datum_t datum = datum_of (der);

  g_assert_cmpint (gnutls_pkcs7_init (&pkcs7), ==, 0);
  g_assert_cmpint (gnutls_pkcs7_import (pkcs7, &datum, GNUTLS_X509_FMT_DER), ==, 0);
  return pkcs7;
}

static gnutls_x509_crt_t
import_crt (GBytes *der)
{
  gnutls_x509_crt_t crt;
  gnutls_datum_t    datum = datum_of (der);

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER), ==, 0);
  return crt;
}

/* GnuTLS's verification of the detached signature over @data, trusting the
 * test root and CA */
static int
gnutls_verify (GBytes *der,
               GBytes *data)
{
  gnutls_pkcs7_t           pkcs7 = import_pkcs7 (der);
  gnutls_x509_trust_list_t trust;
  gnutls_x509_crt_t        cas[2];
  gnutls_datum_t           content = datum_of (data);
  int                      rc;

  cas[0] = import_crt (smartca_test_pki_get_root_der (pki));
  cas[1] = import_crt (smartca_test_pki_get_ca_der (pki));
  g_assert_cmpint (gnutls_x509_trust_list_init (&trust, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_trust_list_add_cas (trust, cas, 2, 0), ==, 2);
  rc = gnutls_pkcs7_verify (pkcs7, trust, NULL, 0, 0, &content, 0);
  gnutls_x509_trust_list_deinit (trust, 1); /* frees the CAs too */
  gnutls_pkcs7_deinit (pkcs7);
  return rc;
}

static void
test_gnutls_verifies (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(GBytes) der = build_cms (fixture, fixture->chain);
  g_autoptr(GBytes) flipped = NULL;
  gsize             size = g_bytes_get_size (fixture->data);
  char             *copy = g_memdup2 (g_bytes_get_data (fixture->data, NULL), size);
  gsize             der_size = g_bytes_get_size (der);

  g_assert_cmpint (gnutls_verify (der, fixture->data), ==, 0);

  copy[size / 2] ^= 0x01;
  flipped = g_bytes_new_take (copy, size);
  g_assert_cmpint (gnutls_verify (der, flipped), ==, GNUTLS_E_PK_SIG_VERIFY_FAILED);

  /* What the PDF writer must make room for */
  g_test_message ("CMS with a 2048-bit leaf, CA and root: %" G_GSIZE_FORMAT " bytes (room: %d)",
                  der_size, SMARTCA_PDF_CONTENTS_SIZE);
  g_assert_cmpuint (der_size, <, SMARTCA_PDF_CONTENTS_SIZE / 2);
}

/* A serial whose first octet has its high bit set: its INTEGER needs a
 * leading zero, or neither the signer nor the ESS attribute names the
 * certificate (OpenSSL then finds no signer) */
#define HIGH_BIT_SERIAL "008a0101010123456789abcdef01234567"
/* The same octets without the zero: a negative serial, which GnuTLS (and
 * some issuers) write; the CMS must name it as the certificate does */
#define NEGATIVE_SERIAL "8a0101010123456789abcdef01234567"

static char *
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char             *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static void
append_pem (GString *out,
            GBytes  *der)
{
  gnutls_datum_t datum = datum_of (der);
  gnutls_datum_t pem = { NULL, 0 };

  g_assert_cmpint (gnutls_pem_base64_encode2 ("CERTIFICATE", &datum, &pem), ==, 0);
  g_string_append_len (out, (const char *) pem.data, pem.size);
  gnutls_free (pem.data);
}

static gboolean
openssl_verifies (const char *openssl,
                  const char *cms_path,
                  const char *data_path,
                  const char *ca_path)
{
  const char       *argv[] = { openssl, "cms", "-verify", "-binary", "-inform", "DER",
                               "-in", cms_path, "-content", data_path, "-CAfile", ca_path,
                               "-out", "/dev/null", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char  *out = NULL;
  g_autofree char  *err = NULL;
  int               status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("openssl cms -verify: %s%s", out, err);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_openssl_verifies (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char   *openssl = g_find_program_in_path ("openssl");
  g_autofree char   *dir = NULL;
  g_autofree char   *cms_path = NULL;
  g_autofree char   *data_path = NULL;
  g_autofree char   *flipped_path = NULL;
  g_autofree char   *ca_path = NULL;
  g_autoptr(GString) pem = g_string_new (NULL);
  g_autoptr(GBytes)  der = NULL;
  g_autoptr(GBytes)  pem_bytes = NULL;
  g_autoptr(GBytes)  flipped = NULL;
  gsize              size;
  char              *copy;

  if (openssl == NULL)
    {
      g_test_skip ("The openssl command is not installed: the CMS was NOT cross-checked with "
                   "OpenSSL (install the openssl package)");
      return;
    }

  dir = g_dir_make_tmp ("smartca-cms-XXXXXX", NULL);
  der = build_cms (fixture, fixture->chain);
  append_pem (pem, smartca_test_pki_get_root_der (pki));
  append_pem (pem, smartca_test_pki_get_ca_der (pki));
  pem_bytes = g_bytes_new (pem->str, pem->len);
  cms_path = write_file (dir, "signature.der", der);
  data_path = write_file (dir, "data.bin", fixture->data);
  ca_path = write_file (dir, "ca.pem", pem_bytes);

  g_assert_true (openssl_verifies (openssl, cms_path, data_path, ca_path));

  size = g_bytes_get_size (fixture->data);
  copy = g_memdup2 (g_bytes_get_data (fixture->data, NULL), size);
  copy[0] ^= 0x20;
  flipped = g_bytes_new_take (copy, size);
  flipped_path = write_file (dir, "flipped.bin", flipped);
  g_assert_false (openssl_verifies (openssl, cms_path, flipped_path, ca_path));

  smartca_test_remove_tree (dir);
}

/* The attributes, as GnuTLS reads them back */
static void
test_signed_attributes (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(GError)              error = NULL;
  g_autoptr(SmartcaCms)          cms = smartca_cms_new (fixture->leaf, fixture->chain, fixture->digest,
                                                        &error);
  g_autoptr(GBytes)              attributes = NULL;
  g_autoptr(GBytes)              hash = NULL;
  g_autoptr(GBytes)              der = build_cms (fixture, fixture->chain);
  gnutls_pkcs7_t                 pkcs7 = import_pkcs7 (der);
  gnutls_pkcs7_signature_info_st info;
  guint8                         expected_hash[32];
  guint8                         leaf_hash[32];
  gboolean                       seen_type = FALSE, seen_digest = FALSE, seen_ess = FALSE;
  guint                          n = 0;
  gsize                          attributes_size;
  const guint8                  *attributes_data;
  gsize                          der_size;
  const guint8                  *der_data = g_bytes_get_data (der, &der_size);
  gnutls_x509_crt_t              leaf = import_crt (fixture->leaf);
  gnutls_datum_t                 issuer = { NULL, 0 };

  g_assert_no_error (error);

  /* The hash SmartCA signs is the SHA-256 of the attributes' SET */
  attributes = smartca_cms_get_signed_attributes (cms);
  attributes_data = g_bytes_get_data (attributes, &attributes_size);
  g_assert_cmpuint (attributes_data[0], ==, 0x31);
  hash = smartca_cms_get_hash_to_sign (cms);
  sha256 (attributes, expected_hash);
  g_assert_cmpmem (g_bytes_get_data (hash, NULL), 32, expected_hash, 32);
  /* and the CMS carries that SET as [0] IMPLICIT */
  g_assert_true (der_size > attributes_size);
  {
    gboolean found = FALSE;

    for (gsize i = 0; !found && i + attributes_size <= der_size; i++)
      found = der_data[i] == 0xa0 &&
              memcmp (der_data + i + 1, attributes_data + 1, attributes_size - 1) == 0;
    g_assert_true (found);
  }

  g_assert_cmpint (gnutls_pkcs7_get_signature_count (pkcs7), ==, 1);
  g_assert_cmpint (gnutls_pkcs7_get_signature_info (pkcs7, 0, &info), ==, 0);
  g_assert_cmpint (info.algo, ==, GNUTLS_SIGN_RSA_SHA256);
  g_assert_cmpint (info.signing_time, ==, -1); /* no signing-time */
  sha256 (fixture->leaf, leaf_hash);
  g_assert_cmpint (gnutls_x509_crt_get_raw_issuer_dn (leaf, &issuer), ==, 0);

  for (;; n++)
    {
      char          *oid = NULL; /* read only */
      gnutls_datum_t value = { NULL, 0 };
      int            rc = gnutls_pkcs7_get_attr (info.signed_attrs, n, &oid, &value, 0);

      if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      g_assert_cmpint (rc, ==, 0);
      if (g_strcmp0 (oid, OID_CONTENT_TYPE) == 0)
        {
          seen_type = TRUE;
          g_assert_cmpmem (value.data, value.size, DER_ID_DATA, sizeof DER_ID_DATA - 1);
        }
      else if (g_strcmp0 (oid, OID_MESSAGE_DIGEST) == 0)
        {
          seen_digest = TRUE;
          g_assert_cmpuint (value.size, ==, 34);
          g_assert_cmpuint (value.data[0], ==, 0x04);
          g_assert_cmpmem (value.data + 2, 32, fixture->digest, 32);
        }
      else if (g_strcmp0 (oid, OID_SIGNING_CERTIFICATE_V2) == 0)
        {
          /* SigningCertificateV2 ::= SEQ { SEQ OF ESSCertIDv2 };
           * ESSCertIDv2 ::= SEQ { certHash, IssuerSerial SEQ {
           * GeneralNames SEQ { [4] Name }, serialNumber } } */
          const guint8 *p = value.data;
          const guint8 *end = value.data + value.size;
          gsize         length;

          seen_ess = TRUE;
          g_assert_cmpuint (der_enter (&p, end, 0x30), ==, value.size - (p - value.data));
          der_enter (&p, end, 0x30);          /* SEQ OF: one */
          length = der_enter (&p, end, 0x30); /* ESSCertIDv2 */
          g_assert_true (p + length == end);
          length = der_enter (&p, end, 0x04); /* certHash */
          g_assert_cmpmem (p, length, leaf_hash, 32);
          p += length;
          der_enter (&p, end, 0x30);          /* IssuerSerial */
          der_enter (&p, end, 0x30);          /* GeneralNames */
          length = der_enter (&p, end, 0xa4); /* directoryName */
          g_assert_cmpmem (p, length, issuer.data, issuer.size);
          p += length;
          length = der_enter (&p, end, 0x02); /* serialNumber */
          g_assert_cmpmem (p, length, "\x54\x01\x01\x01\x01\x23\x45\x67\x89\xab\xcd\xef"
                                      "\x01\x23\x45\x67",
                           16);
          g_assert_true (p + length == end);
        }
      else
        g_assert_not_reached ();
      gnutls_free (value.data);
    }
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (seen_type && seen_digest && seen_ess);

  gnutls_free (issuer.data);
  gnutls_x509_crt_deinit (leaf);
  gnutls_pkcs7_signature_info_deinit (&info);
  gnutls_pkcs7_deinit (pkcs7);
}

/* The DER SET OF is sorted by the attributes' encodings (X.690 11.6),
 * length octets included: each encoding is not above the next */
static void
test_attributes_sorted (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(GError)     error = NULL;
  g_autoptr(SmartcaCms) cms = smartca_cms_new (fixture->leaf, fixture->chain, fixture->digest,
                                               &error);
  g_autoptr(GBytes)     attributes = smartca_cms_get_signed_attributes (cms);
  gsize                 size;
  const guint8         *p = g_bytes_get_data (attributes, &size);
  const guint8         *end = p + size;
  const guint8         *previous = NULL;
  gsize                 previous_size = 0;
  guint                 n = 0;

  g_assert_no_error (error);
  /* SET with a (possibly long) length */
  g_assert_cmpuint (*p++, ==, 0x31);
  if (*p & 0x80)
    p += 1 + (*p & 0x7f);
  else
    p++;
  while (p < end)
    {
      gsize length = p[1];
      gsize header = 2;

      g_assert_cmpuint (p[0], ==, 0x30);
      if (length & 0x80)
        {
          guint n_octets = length & 0x7f;

          length = 0;
          for (guint i = 0; i < n_octets; i++)
            length = (length << 8) | p[2 + i];
          header += n_octets;
        }
      if (previous != NULL)
        {
          gsize common = MIN (previous_size, header + length);

          g_assert_cmpint (memcmp (previous, p, common), <=, 0);
        }
      previous = p;
      previous_size = header + length;
      p += header + length;
      n++;
    }
  g_assert_true (p == end);
  g_assert_cmpuint (n, ==, 3);
}

static void
test_chain_embedded (Fixture      *fixture,
                     gconstpointer data)
{
  GBytes           *ca_only[] = { fixture->chain[0], NULL };
  g_autoptr(GBytes) with_root = build_cms (fixture, fixture->chain);
  g_autoptr(GBytes) without_root = build_cms (fixture, ca_only);
  g_autoptr(GBytes) leaf_only = build_cms (fixture, NULL);
  gnutls_pkcs7_t    pkcs7;
  gnutls_datum_t    first = { NULL, 0 };

  pkcs7 = import_pkcs7 (with_root);
  g_assert_cmpint (gnutls_pkcs7_get_crt_count (pkcs7), ==, 3);
  /* the leaf first, as it was given */
  g_assert_cmpint (gnutls_pkcs7_get_crt_raw2 (pkcs7, 0, &first), ==, 0);
  g_assert_cmpmem (first.data, first.size, g_bytes_get_data (fixture->leaf, NULL),
                   g_bytes_get_size (fixture->leaf));
  gnutls_free (first.data);
  gnutls_pkcs7_deinit (pkcs7);

  pkcs7 = import_pkcs7 (without_root);
  g_assert_cmpint (gnutls_pkcs7_get_crt_count (pkcs7), ==, 2);
  gnutls_pkcs7_deinit (pkcs7);
  /* The root is in the trust list: the CA is enough */
  g_assert_cmpint (gnutls_verify (without_root, fixture->data), ==, 0);

  pkcs7 = import_pkcs7 (leaf_only);
  g_assert_cmpint (gnutls_pkcs7_get_crt_count (pkcs7), ==, 1);
  gnutls_pkcs7_deinit (pkcs7);
}

static void
test_bad_signature (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError)     error = NULL;
  g_autoptr(SmartcaCms) cms = smartca_cms_new (fixture->leaf, fixture->chain, fixture->digest,
                                               &error);
  g_autoptr(GBytes)     hash = smartca_cms_get_hash_to_sign (cms);
  g_autoptr(GBytes)     wrong_key = smartca_test_pki_sign_digest_as_ca (pki, g_bytes_get_data (hash, NULL), 32);
  g_autoptr(GBytes)     right = smartca_test_pki_sign_digest (pki, g_bytes_get_data (hash, NULL), 32);
  g_autoptr(GBytes)     der = NULL;
  g_autoptr(GBytes)     empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes)     truncated = g_bytes_new_from_bytes (right, 0, g_bytes_get_size (right) - 1);
  guint8                other_digest[32] = { 0 };
  g_autoptr(SmartcaCms) other = smartca_cms_new (fixture->leaf, fixture->chain, other_digest,
                                                 &error);
  g_autoptr(GBytes)     other_der = NULL;
  GBytes               *wrong[] = { wrong_key, empty, truncated };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      der = smartca_cms_finish (cms, wrong[i], &error);
      g_assert_error (error, SMARTCA_CMS_ERROR, SMARTCA_CMS_ERROR_BAD_SIGNATURE);
      g_assert_null (der);
      g_assert_nonnull (strstr (error->message, "SmartCA"));
      g_clear_error (&error);
    }

  /* a signature of another document's attributes */
  other_der = smartca_cms_finish (other, right, &error);
  g_assert_error (error, SMARTCA_CMS_ERROR, SMARTCA_CMS_ERROR_BAD_SIGNATURE);
  g_assert_null (other_der);
  g_clear_error (&error);

  /* the right one still goes through afterwards */
  der = smartca_cms_finish (cms, right, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);
}

/* A signature whose leading zero octet the service dropped (a number
 * turned back into bytes) is the same signature: it verifies, and the CMS
 * carries it at the modulus's full length */
static void
test_short_signature (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(SmartcaCms)          cms = NULL;
  g_autoptr(GBytes)              signature = NULL;
  g_autoptr(GBytes)              shortened = NULL;
  g_autoptr(GBytes)              der = NULL;
  g_autoptr(GError)              error = NULL;
  gnutls_pkcs7_t                 pkcs7;
  gnutls_pkcs7_signature_info_st info;

  /* one signature in 256 starts with a zero */
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(GBytes) hash = NULL;

      g_clear_pointer (&cms, smartca_cms_free);
      g_clear_pointer (&signature, g_bytes_unref);
      memcpy (fixture->digest, &i, sizeof i);
      cms = smartca_cms_new (fixture->leaf, fixture->chain, fixture->digest, &error);
      g_assert_no_error (error);
      hash = smartca_cms_get_hash_to_sign (cms);
      signature = smartca_test_pki_sign_digest (pki, g_bytes_get_data (hash, NULL), 32);
      if (((const guint8 *) g_bytes_get_data (signature, NULL))[0] == 0x00)
        break;
    }
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (signature, NULL))[0], ==, 0x00);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);

  shortened = g_bytes_new_from_bytes (signature, 1, 255);
  der = smartca_cms_finish (cms, shortened, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);

  pkcs7 = import_pkcs7 (der);
  g_assert_cmpint (gnutls_pkcs7_get_signature_info (pkcs7, 0, &info), ==, 0);
  g_assert_cmpmem (info.sig.data, info.sig.size, g_bytes_get_data (signature, NULL), 256);
  gnutls_pkcs7_signature_info_deinit (&info);
  gnutls_pkcs7_deinit (pkcs7);
}

/* A self-signed ECDSA certificate: a key SmartCA does not sign with */
static GBytes *
make_ec_certificate (void)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t     crt;
  gnutls_datum_t        out = { NULL, 0 };
  static const guint8   serial[] = { 0x42 };
  gint64                now = g_get_real_time () / G_USEC_PER_SEC;
  GBytes               *der;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0),
                   ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, "C=VN,CN=Trần Thị Bình", NULL), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - DAY), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + DAY), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &out), ==, 0);
  der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  return der;
}

static void
test_bad_certificates (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(GBytes) ec = make_ec_certificate ();
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x30\x82\x01\x00garbage", 12);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  GBytes           *bad_chain[] = { fixture->chain[0], garbage, NULL };
  struct
  {
    GBytes        *leaf;
    GBytes *const *chain;
  } cases[] = {
    { ec, fixture->chain },
    { garbage, fixture->chain },
    { empty, fixture->chain },
    { NULL, fixture->chain },
    { fixture->leaf, bad_chain },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError)     error = NULL;
      g_autoptr(SmartcaCms) cms = smartca_cms_new (cases[i].leaf, cases[i].chain, fixture->digest,
                                                   &error);

      g_assert_error (error, SMARTCA_CMS_ERROR, SMARTCA_CMS_ERROR_CERTIFICATE);
      g_assert_null (cms);
    }
}

static void
test_deterministic (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GBytes)     first = build_cms (fixture, fixture->chain);
  g_autoptr(GBytes)     second = build_cms (fixture, fixture->chain);
  g_autoptr(GError)     error = NULL;
  g_autoptr(SmartcaCms) a = smartca_cms_new (fixture->leaf, fixture->chain, fixture->digest, &error);
  g_autoptr(SmartcaCms) b = smartca_cms_new (fixture->leaf, fixture->chain, fixture->digest, &error);
  g_autoptr(GBytes)     hash_a = smartca_cms_get_hash_to_sign (a);
  g_autoptr(GBytes)     hash_b = smartca_cms_get_hash_to_sign (b);
  guint8                other_digest[32];
  g_autoptr(SmartcaCms) c = NULL;
  g_autoptr(GBytes)     hash_c = NULL;

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_true (g_bytes_equal (hash_a, hash_b));

  /* and the hash follows the document */
  memcpy (other_digest, fixture->digest, 32);
  other_digest[31] ^= 0x80;
  c = smartca_cms_new (fixture->leaf, fixture->chain, other_digest, &error);
  g_assert_no_error (error);
  hash_c = smartca_cms_get_hash_to_sign (c);
  g_assert_false (g_bytes_equal (hash_a, hash_c));
}

/* The signer's serial as the certificate writes it: both verifiers find
 * the certificate by issuer and serial (and OpenSSL checks the ESS
 * attribute's IssuerSerial against it too) */
static void
test_serial (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GBytes)  der = build_cms (fixture, fixture->chain);
  gsize              size;
  const guint8      *p = g_bytes_get_data (der, &size);
  g_autofree char   *integer = NULL;
  const char        *serial_hex = data;
  gsize              n_octets = strlen (serial_hex) / 2;
  g_autofree guint8 *expected = g_malloc (n_octets + 2);

  expected[0] = 0x02;
  expected[1] = n_octets;
  for (gsize i = 0; i < n_octets; i++)
    expected[2 + i] = g_ascii_xdigit_value (serial_hex[2 * i]) << 4 |
                      g_ascii_xdigit_value (serial_hex[2 * i + 1]);

  g_assert_cmpint (gnutls_verify (der, fixture->data), ==, 0);
  /* twice: the signer's IssuerAndSerialNumber and the ESS IssuerSerial
   * (the leaf itself holds it a third time) */
  g_assert_cmpuint (count_occurrences (p, size, expected, n_octets + 2), ==, 3);
  test_openssl_verifies (fixture, data);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = smartca_test_pki_new ();

  g_test_add ("/cms/gnutls-verifies", Fixture, NULL, fixture_set_up, test_gnutls_verifies,
              fixture_tear_down);
  g_test_add ("/cms/openssl-verifies", Fixture, NULL, fixture_set_up, test_openssl_verifies,
              fixture_tear_down);
  g_test_add ("/cms/signed-attributes", Fixture, NULL, fixture_set_up, test_signed_attributes,
              fixture_tear_down);
  g_test_add ("/cms/attributes-sorted", Fixture, NULL, fixture_set_up, test_attributes_sorted,
              fixture_tear_down);
  g_test_add ("/cms/chain-embedded", Fixture, NULL, fixture_set_up, test_chain_embedded,
              fixture_tear_down);
  g_test_add ("/cms/bad-signature", Fixture, NULL, fixture_set_up, test_bad_signature,
              fixture_tear_down);
  g_test_add ("/cms/short-signature", Fixture, NULL, fixture_set_up, test_short_signature,
              fixture_tear_down);
  g_test_add ("/cms/bad-certificates", Fixture, NULL, fixture_set_up, test_bad_certificates,
              fixture_tear_down);
  g_test_add ("/cms/deterministic", Fixture, NULL, fixture_set_up, test_deterministic,
              fixture_tear_down);
  g_test_add ("/cms/serial/high-bit", Fixture, HIGH_BIT_SERIAL, fixture_set_up, test_serial,
              fixture_tear_down);
  g_test_add ("/cms/serial/negative", Fixture, NEGATIVE_SERIAL, fixture_set_up, test_serial,
              fixture_tear_down);

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
