/* smartca-test-pki.c: a throwaway certificate authority for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real X.509, made fresh in every run with GnuTLS: a root, an issuing CA
 * named like VNPT's, and user certificates with Vietnamese subjects. The keys
 * never leave the process.
 */

#include "config.h"

#include "smartca-test-pki.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct _SmartcaTestPki
{
  gnutls_x509_privkey_t root_key;
  gnutls_x509_crt_t     root;
  gnutls_x509_privkey_t ca_key;
  gnutls_x509_crt_t     ca;
  gnutls_x509_privkey_t user_key;
  GBytes               *root_der;
  GBytes               *ca_der;
  GHashTable           *own_keys; /* lower-case serial hex → gnutls_x509_privkey_t */
};

/* GLib's G_STMT_START { … } G_STMT_END, which clang-format cannot lay out */
/* clang-format off */
#define CHECK(expr)                                                      \
  G_STMT_START {                                                         \
    int _rc = (expr);                                                    \
    if (_rc < 0)                                                         \
      g_error ("%s: %s", #expr, gnutls_strerror (_rc));                 \
  } G_STMT_END
/* clang-format on */

static gnutls_x509_privkey_t
make_key (void)
{
  gnutls_x509_privkey_t key;

  CHECK (gnutls_x509_privkey_init (&key));
  CHECK (gnutls_x509_privkey_generate (key, GNUTLS_PK_RSA, 2048, 0));
  return key;
}

static GBytes *
export_der (gnutls_x509_crt_t crt)
{
  gnutls_datum_t out = { NULL, 0 };
  GBytes        *bytes;

  CHECK (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &out));
  bytes = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  return bytes;
}

static gnutls_x509_crt_t
make_certificate (const char           *dn,
                  const char           *common_name,
                  const char           *uid,
                  const guint8         *serial,
                  gsize                 serial_len,
                  gint64                not_before,
                  gint64                not_after,
                  gnutls_x509_privkey_t key,
                  gboolean              is_ca,
                  gnutls_x509_crt_t     issuer,
                  gnutls_x509_privkey_t issuer_key)
{
  gnutls_x509_crt_t crt;
  const char       *err = NULL;
  guint8            key_id[64];
  size_t            key_id_size = sizeof key_id;

  CHECK (gnutls_x509_crt_init (&crt));
  CHECK (gnutls_x509_crt_set_version (crt, 3));
  if (gnutls_x509_crt_set_dn (crt, dn, &err) < 0)
    g_error ("Bad test DN %s near %s", dn, err);
  /* Any characters at all, which GnuTLS's DN parser would refuse */
  if (common_name != NULL)
    CHECK (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, common_name,
                                          strlen (common_name)));
  if (uid != NULL)
    CHECK (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_LDAP_UID, 0, uid, strlen (uid)));
  CHECK (gnutls_x509_crt_set_serial (crt, serial, serial_len));
  CHECK (gnutls_x509_crt_set_activation_time (crt, (time_t) not_before));
  CHECK (gnutls_x509_crt_set_expiration_time (crt, (time_t) not_after));
  CHECK (gnutls_x509_crt_set_key (crt, key));
  CHECK (gnutls_x509_crt_set_basic_constraints (crt, is_ca, -1));
  CHECK (gnutls_x509_crt_set_key_usage (crt, is_ca
                                               ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
                                               : GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                   GNUTLS_KEY_NON_REPUDIATION));
  CHECK (gnutls_x509_privkey_get_key_id (key, 0, key_id, &key_id_size));
  CHECK (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size));

  if (issuer == NULL)
    CHECK (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0));
  else
    {
      key_id_size = sizeof key_id;
      CHECK (gnutls_x509_privkey_get_key_id (issuer_key, 0, key_id, &key_id_size));
      CHECK (gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size));
      CHECK (gnutls_x509_crt_sign2 (crt, issuer, issuer_key, GNUTLS_DIG_SHA256, 0));
    }
  return crt;
}

SmartcaTestPki *
smartca_test_pki_new (void)
{
  SmartcaTestPki     *pki = g_new0 (SmartcaTestPki, 1);
  gint64              now = g_get_real_time () / G_USEC_PER_SEC;
  static const guint8 root_serial[] = { 0x01 };
  static const guint8 ca_serial[] = { 0x02 };

  pki->root_key = make_key ();
  pki->ca_key = make_key ();
  pki->user_key = make_key ();

  pki->root = make_certificate ("C=VN,O=SmartCA Sandbox,CN=SmartCA Sandbox Root CA", NULL, NULL,
                                root_serial, sizeof root_serial,
                                now - 3650 * 86400, now + 3650 * 86400,
                                pki->root_key, TRUE, NULL, NULL);
  pki->ca = make_certificate ("C=VN,O=VIETNAM POSTS AND TELECOMMUNICATIONS GROUP,"
                              "CN=VNPT SmartCA RS (Sandbox)",
                              NULL, NULL,
                              ca_serial, sizeof ca_serial,
                              now - 3000 * 86400, now + 3000 * 86400,
                              pki->ca_key, TRUE, pki->root, pki->root_key);
  pki->root_der = export_der (pki->root);
  pki->ca_der = export_der (pki->ca);
  return pki;
}

void
smartca_test_pki_free (SmartcaTestPki *pki)
{
  if (pki == NULL)
    return;
  gnutls_x509_crt_deinit (pki->root);
  gnutls_x509_crt_deinit (pki->ca);
  gnutls_x509_privkey_deinit (pki->root_key);
  gnutls_x509_privkey_deinit (pki->ca_key);
  gnutls_x509_privkey_deinit (pki->user_key);
  g_clear_pointer (&pki->own_keys, g_hash_table_unref);
  g_bytes_unref (pki->root_der);
  g_bytes_unref (pki->ca_der);
  g_free (pki);
}

GBytes *
smartca_test_pki_get_root_der (SmartcaTestPki *pki)
{
  return pki->root_der;
}

GBytes *
smartca_test_pki_get_ca_der (SmartcaTestPki *pki)
{
  return pki->ca_der;
}

static GBytes *
issue_with_key (SmartcaTestPki       *pki,
                const char           *subject_dn,
                const char           *common_name,
                const char           *uid,
                const char           *serial_hex,
                gint64                not_before,
                gint64                not_after,
                gnutls_x509_privkey_t key)
{
  g_autoptr(GByteArray) serial = g_byte_array_new ();
  gnutls_x509_crt_t     crt;
  GBytes               *der;

  g_assert (strlen (serial_hex) % 2 == 0);
  for (const char *p = serial_hex; *p != '\0'; p += 2)
    {
      guint8 byte = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);
      g_byte_array_append (serial, &byte, 1);
    }

  crt = make_certificate (subject_dn, common_name, uid, serial->data, serial->len, not_before,
                          not_after, key, FALSE, pki->ca, pki->ca_key);
  der = export_der (crt);
  gnutls_x509_crt_deinit (crt);
  return der;
}

static GBytes *
issue (SmartcaTestPki *pki,
       const char     *subject_dn,
       const char     *common_name,
       const char     *uid,
       const char     *serial_hex,
       gint64          not_before,
       gint64          not_after)
{
  return issue_with_key (pki, subject_dn, common_name, uid, serial_hex, not_before, not_after,
                         pki->user_key);
}

/**
 * smartca_test_pki_issue_with_own_key:
 *
 * Like smartca_test_pki_issue(), but the certificate gets a key of its own
 * (a fresh 2048-bit RSA key), which smartca_test_pki_sign_digest_by() signs
 * with: a signature made for one certificate does not verify with another.
 */
GBytes *
smartca_test_pki_issue_with_own_key (SmartcaTestPki *pki,
                                     const char     *subject_dn,
                                     const char     *serial_hex,
                                     gint64          not_before,
                                     gint64          not_after)
{
  gnutls_x509_privkey_t key = make_key ();

  if (pki->own_keys == NULL)
    pki->own_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) gnutls_x509_privkey_deinit);
  g_hash_table_replace (pki->own_keys, g_ascii_strdown (serial_hex, -1), key);
  return issue_with_key (pki, subject_dn, NULL, NULL, serial_hex, not_before, not_after, key);
}

GBytes *
smartca_test_pki_issue (SmartcaTestPki *pki,
                        const char     *subject_dn,
                        const char     *serial_hex,
                        gint64          not_before,
                        gint64          not_after)
{
  return issue (pki, subject_dn, NULL, NULL, serial_hex, not_before, not_after);
}

/**
 * smartca_test_pki_certificate:
 *
 * A certificate record as SmartCA would describe it, with a real certificate
 * behind it that says the same.
 */
static SmartcaCertificate *
record (SmartcaTestPki *pki,
        const char     *lookup_id,
        const char     *subject_dn,
        GBytes         *der,
        const char     *serial_hex,
        const char     *service_name,
        gint64          not_before,
        gint64          not_after)
{
  SmartcaCertificate *certificate = smartca_certificate_new (serial_hex);

  smartca_certificate_set_cert_id (certificate, serial_hex);
  smartca_certificate_set_lookup_id (certificate, lookup_id);
  smartca_certificate_set_service_type (certificate,
                                        g_strcmp0 (service_name, "ESEAL") == 0 ? "ESEAL" : "SMARTCA");
  smartca_certificate_set_service_name (certificate, service_name);
  smartca_certificate_set_status_text (certificate, "Đang hoạt động");
  smartca_certificate_set_subject_dn (certificate, subject_dn);
  smartca_certificate_set_validity (certificate, not_before, not_after);
  smartca_certificate_set_der (certificate, der);
  smartca_certificate_set_chain (certificate, pki->ca_der, pki->root_der);
  return certificate;
}

SmartcaCertificate *
smartca_test_pki_certificate (SmartcaTestPki *pki,
                              const char     *lookup_id,
                              const char     *subject_dn,
                              const char     *serial_hex,
                              const char     *service_name,
                              gint64          not_before,
                              gint64          not_after)
{
  g_autoptr(GBytes) der = smartca_test_pki_issue (pki, subject_dn, serial_hex,
                                                  not_before, not_after);

  return record (pki, lookup_id, subject_dn, der, serial_hex, service_name, not_before, not_after);
}

/**
 * smartca_test_pki_certificate_named:
 * @common_name: any characters at all: markup, quotes, control characters,
 *   bidi overrides
 *
 * As smartca_test_pki_certificate(), for the subject
 * "C=VN,CN=@common_name,UID=MST:@lookup_id" (a tax number) or
 * "UID=CCCD:@lookup_id" (12 digits), the CN put into the certificate as it
 * is and escaped in the DN SmartCA describes it with.
 */
SmartcaCertificate *
smartca_test_pki_certificate_named (SmartcaTestPki *pki,
                                    const char     *lookup_id,
                                    const char     *common_name,
                                    const char     *serial_hex,
                                    const char     *service_name,
                                    gint64          not_before,
                                    gint64          not_after)
{
  g_autofree char  *uid = g_strdup_printf ("%s:%s", strlen (lookup_id) == 12 ? "CCCD" : "MST",
                                           lookup_id);
  g_autofree char  *escaped = smartca_test_pki_escape_dn_value (common_name);
  g_autofree char  *subject_dn = g_strdup_printf ("C=VN,CN=%s,UID=%s", escaped, uid);
  g_autoptr(GBytes) der = issue (pki, "C=VN", common_name, uid, serial_hex, not_before, not_after);

  return record (pki, lookup_id, subject_dn, der, serial_hex, service_name, not_before, not_after);
}

/**
 * smartca_test_pki_issue_server_pem:
 *
 * Returns: (transfer full): a TLS server certificate for @ip_address and its
 *   private key, as PEM, issued by the test CA that nobody trusts
 */
char *
smartca_test_pki_issue_server_pem (SmartcaTestPki *pki,
                                   const char     *ip_address)
{
  static const guint8 serial[] = { 0x7e, 0x57 };
  gint64              now = g_get_real_time () / G_USEC_PER_SEC;
  gnutls_x509_crt_t   crt;
  gnutls_datum_t      cert_pem = { NULL, 0 };
  gnutls_datum_t      key_pem = { NULL, 0 };
  guint8              ip[4];
  char               *pem;

  g_assert_cmpint (sscanf (ip_address, "%hhu.%hhu.%hhu.%hhu", &ip[0], &ip[1], &ip[2], &ip[3]), ==, 4);

  CHECK (gnutls_x509_crt_init (&crt));
  CHECK (gnutls_x509_crt_set_version (crt, 3));
  CHECK (gnutls_x509_crt_set_dn (crt, "CN=SmartCA Sandbox TLS", NULL));
  CHECK (gnutls_x509_crt_set_serial (crt, serial, sizeof serial));
  CHECK (gnutls_x509_crt_set_activation_time (crt, (time_t) (now - 86400)));
  CHECK (gnutls_x509_crt_set_expiration_time (crt, (time_t) (now + 86400)));
  CHECK (gnutls_x509_crt_set_key (crt, pki->user_key));
  CHECK (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, ip, sizeof ip,
                                               GNUTLS_FSAN_SET));
  CHECK (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
  CHECK (gnutls_x509_crt_sign2 (crt, pki->ca, pki->ca_key, GNUTLS_DIG_SHA256, 0));
  CHECK (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &cert_pem));
  CHECK (gnutls_x509_privkey_export2 (pki->user_key, GNUTLS_X509_FMT_PEM, &key_pem));

  pem = g_strdup_printf ("%.*s%.*s", (int) cert_pem.size, cert_pem.data,
                         (int) key_pem.size, key_pem.data);
  gnutls_free (cert_pem.data);
  gnutls_free (key_pem.data);
  gnutls_x509_crt_deinit (crt);
  return pem;
}

/**
 * smartca_test_pki_escape_dn_value:
 *
 * Returns: (transfer full): @value, any characters at all, written as an
 *   attribute value of an RFC 4514 distinguished name ("CN=%s"), as SmartCA
 *   would send it and as smartca_test_pki_issue() takes it
 */
char *
smartca_test_pki_escape_dn_value (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      gboolean edge_space = *p == ' ' && (p == value || p[1] == '\0');

      if (strchr ("\"+,;<>\\", *p) != NULL || (*p == '#' && p == value) || edge_space)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static GBytes *
sign_digest (gnutls_x509_privkey_t key,
             const guint8         *sha256,
             gsize                 size)
{
  gnutls_privkey_t     privkey;
  const gnutls_datum_t hash = { (unsigned char *) sha256, (unsigned int) size };
  gnutls_datum_t       signature = { NULL, 0 };
  GBytes              *bytes;

  g_assert_cmpuint (size, ==, 32);
  CHECK (gnutls_privkey_init (&privkey));
  CHECK (gnutls_privkey_import_x509 (privkey, key, 0));
  /* A hash and GNUTLS_DIG_SHA256: PKCS#1 v1.5 over the DigestInfo */
  CHECK (gnutls_privkey_sign_hash (privkey, GNUTLS_DIG_SHA256, 0, &hash, &signature));
  bytes = g_bytes_new (signature.data, signature.size);
  gnutls_free (signature.data);
  gnutls_privkey_deinit (privkey);
  return bytes;
}

/**
 * smartca_test_pki_sign_digest:
 * @sha256: a SHA-256 digest (32 bytes)
 *
 * Returns: (transfer full): the PKCS#1 v1.5 RSA-SHA256 signature of
 *   @sha256 by the key of every certificate smartca_test_pki_issue() makes,
 *   as a remote signing service returns it
 */
GBytes *
smartca_test_pki_sign_digest (SmartcaTestPki *pki,
                              const guint8   *sha256,
                              gsize           size)
{
  return sign_digest (pki->user_key, sha256, size);
}

/**
 * smartca_test_pki_sign_digest_by:
 * @serial_hex: the serial number of the certificate whose key signs
 *
 * Returns: (transfer full): the signature of @sha256 by the key of that
 *   certificate: its own (smartca_test_pki_issue_with_own_key()), or the
 *   key every other issued certificate shares
 */
GBytes *
smartca_test_pki_sign_digest_by (SmartcaTestPki *pki,
                                 const char     *serial_hex,
                                 const guint8   *sha256,
                                 gsize           size)
{
  g_autofree char      *serial = g_ascii_strdown (serial_hex, -1);
  gnutls_x509_privkey_t key = NULL;

  if (pki->own_keys != NULL)
    key = g_hash_table_lookup (pki->own_keys, serial);
  return sign_digest (key != NULL ? key : pki->user_key, sha256, size);
}

/**
 * smartca_test_pki_sign_digest_as_ca:
 *
 * Returns: (transfer full): a signature of the same form as
 *   smartca_test_pki_sign_digest() makes, but by the issuing CA's key, so
 *   that it does not verify with an issued certificate
 */
GBytes *
smartca_test_pki_sign_digest_as_ca (SmartcaTestPki *pki,
                                    const guint8   *sha256,
                                    gsize           size)
{
  return sign_digest (pki->ca_key, sha256, size);
}

/* Small helpers shared by the tests */

/* The wall clock, in seconds since the epoch */
gint64
smartca_test_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Removes a folder and everything in it (a test's temporary folder) */
void
smartca_test_remove_tree (const char *path)
{
  g_autoptr(GFile)           file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo                 *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        smartca_test_remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

/* A new array owning the given certificates; the list ends with NULL */
GPtrArray *
smartca_test_certificates (SmartcaCertificate *first,
                           ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);
  va_list    args;

  va_start (args, first);
  for (SmartcaCertificate *c = first; c != NULL; c = va_arg (args, SmartcaCertificate *))
    g_ptr_array_add (array, c);
  va_end (args);
  return array;
}

/* How many certificates in the store's list are marked default */
guint
smartca_test_count_defaults (SmartcaStore *store)
{
  GListModel *model = smartca_store_get_certificates (store);
  guint       n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaCertificate) c = g_list_model_get_item (model, i);
      n += smartca_certificate_get_is_default (c);
    }
  return n;
}

/* How many certificates the store's list holds */
guint
smartca_test_n_certificates (SmartcaStore *store)
{
  return g_list_model_get_n_items (smartca_store_get_certificates (store));
}

/* Opens the store at @path, which must succeed */
SmartcaStore *
smartca_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  SmartcaStore     *store = smartca_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* A personal certificate of a citizen (CCCD), valid from 30 days ago for
 * 700 days */
SmartcaCertificate *
smartca_test_pki_person (SmartcaTestPki *pki,
                         const char     *serial,
                         const char     *name,
                         const char     *cccd)
{
  g_autofree char *dn = g_strdup_printf ("C=VN,ST=HÀ NỘI,L=Cầu Giấy,CN=%s,UID=CCCD:%s", name, cccd);
  gint64           now = smartca_test_now ();

  return smartca_test_pki_certificate (pki, cccd, dn, serial, "SMARTCA PERSONAL PRO",
                                       now - 30 * 24 * 60 * 60, now + 700 * 24 * 60 * 60);
}

/* Removes an SQLite store's file and its write-ahead log and shared memory */
void
smartca_test_remove_store_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

/* Runs the main context until an async call's callback has filled @slot */
GAsyncResult *
smartca_test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* A GAsyncReadyCallback keeping a reference to the result in the
 * GAsyncResult * that @user_data points to */
void
smartca_test_result_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Root can write anywhere: to see what a user sees, the test gives up the
 * capability that lets it ignore file permissions, for as long as it runs. */
gboolean
smartca_test_set_dac_override (gboolean on)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct   caps[2];

  if (syscall (SYS_capget, &header, caps) != 0)
    return FALSE;
  if (on)
    caps[0].effective |= (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH);
  else
    caps[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
  return syscall (SYS_capset, &header, caps) == 0;
}

/* A picture whose pattern @seed changes (so each seed is another image),
 * added to @store through the one import path: normalised, then stored.
 * Returns: (transfer full): the stored image */
SmartcaSignatureImage *
smartca_test_add_image (SmartcaStore *store,
                        int           width,
                        int           height,
                        guint         seed,
                        const char   *label)
{
  g_autoptr(GdkPixbuf)        pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError)           error = NULL;
  g_autoptr(GBytes)           data = NULL;
  g_autoptr(GBytes)           png = NULL;
  g_autoptr(SmartcaImageInfo) info = NULL;
  SmartcaSignatureImage      *image;
  char                       *buffer = NULL;
  gsize                       length = 0;
  guint8                     *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int                         rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * rowstride + x * 4;

        p[0] = (guint8) (x + seed * 40);
        p[1] = (guint8) (y * 3 + seed * 90);
        p[2] = (guint8) ((x ^ y) + seed * 17);
        p[3] = 255;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", &error, NULL));
  data = g_bytes_new_take (buffer, length);
  png = smartca_image_normalize (data, &info, NULL, &error);
  g_assert_no_error (error);
  image = smartca_store_add_image (store, png, info, label, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  return image;
}
