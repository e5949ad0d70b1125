/* smartca-x509.c: what a certificate says about itself (GnuTLS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-x509.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

G_DEFINE_QUARK (smartca-x509-error-quark, smartca_x509_error)

/* Certificates larger than this are not certificates we can use. */
#define MAX_DER_SIZE (64 * 1024)

/**
 * smartca_x509_decode_base64:
 * @text: base64 DER, without a PEM header; line breaks and spaces (SmartCA
 *   sends "\r\n") are ignored
 *
 * Unlike g_base64_decode(), anything that is not base64 is an error.
 *
 * Returns: (transfer full) (nullable): the decoded bytes
 */
GBytes *
smartca_x509_decode_base64 (const char *text,
                            GError    **error)
{
  g_autoptr(GString) clean = NULL;
  guchar            *decoded;
  gsize              len = 0;
  gsize              padding = 0;

  if (text == NULL)
    text = "";
  clean = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')
        continue;
      if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '='))
        goto bad;
      if (*p == '=')
        padding++;
      else if (padding > 0)
        goto bad; /* data after padding */
      g_string_append_c (clean, *p);
    }

  if (clean->len == 0 || clean->len % 4 != 0 || padding > 2 || clean->len / 4 * 3 > MAX_DER_SIZE)
    goto bad;

  decoded = g_base64_decode (clean->str, &len);
  if (len == 0)
    {
      g_free (decoded);
      goto bad;
    }
  return g_bytes_new_take (decoded, len);

bad:
  g_set_error_literal (error, SMARTCA_X509_ERROR, SMARTCA_X509_ERROR_BASE64,
                       _("The certificate data is not valid base64."));
  return NULL;
}

static char *
dup_datum_string (gnutls_datum_t *datum)
{
  char *s = g_strndup ((const char *) datum->data, datum->size);

  gnutls_free (datum->data);
  datum->data = NULL;
  return s;
}

static char *
hex_serial (const guint8 *bytes,
            gsize         len)
{
  GString *hex = g_string_new (NULL);
  gsize    start = 0;

  /* DER adds a zero octet in front when the top bit is set. */
  while (start + 1 < len && bytes[start] == 0)
    start++;
  for (gsize i = start; i < len; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/**
 * smartca_x509_serials_equal:
 *
 * Whether two hexadecimal serial numbers are the same number: case and
 * leading zeros do not matter.
 */
gboolean
smartca_x509_serials_equal (const char *a,
                            const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  while (*a == '0' && a[1] != '\0')
    a++;
  while (*b == '0' && b[1] != '\0')
    b++;
  return g_ascii_strcasecmp (a, b) == 0;
}

void
smartca_x509_info_free (SmartcaX509Info *info)
{
  if (info == NULL)
    return;
  g_free (info->subject_dn);
  g_free (info->issuer_dn);
  g_free (info->serial_number);
  g_free (info->sha256_fingerprint);
  g_free (info->key_algorithm);
  g_free (info->signature_algorithm);
  g_free (info);
}

/**
 * smartca_x509_parse:
 * @der: a DER-encoded X.509 certificate
 *
 * Returns: (transfer full) (nullable): what the certificate states
 */
SmartcaX509Info *
smartca_x509_parse (GBytes  *der,
                    GError **error)
{
  g_autoptr(SmartcaX509Info) info = NULL;
  gnutls_x509_crt_t          crt = NULL;
  gnutls_datum_t             datum;
  gnutls_datum_t             out = { NULL, 0 };
  guint8                     serial[64];
  size_t                     serial_size = sizeof serial;
  guint8                     digest[32];
  size_t                     digest_size = sizeof digest;
  unsigned int               bits = 0;
  int                        algorithm;
  int                        rc;

  g_return_val_if_fail (der != NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);

  if (datum.size == 0 || datum.size > MAX_DER_SIZE || gnutls_x509_crt_init (&crt) < 0)
    goto bad;

  rc = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (rc < 0)
    goto bad;

  info = g_new0 (SmartcaX509Info, 1);

  if (gnutls_x509_crt_get_dn3 (crt, &out, 0) < 0)
    goto bad;
  info->subject_dn = dup_datum_string (&out);
  if (gnutls_x509_crt_get_issuer_dn3 (crt, &out, 0) < 0)
    goto bad;
  info->issuer_dn = dup_datum_string (&out);

  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0 || serial_size == 0)
    goto bad;
  info->serial_number = hex_serial (serial, serial_size);

  info->not_before = gnutls_x509_crt_get_activation_time (crt);
  info->not_after = gnutls_x509_crt_get_expiration_time (crt);
  if (info->not_before == (time_t) -1 || info->not_after == (time_t) -1)
    goto bad;

  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, digest, &digest_size) < 0)
    goto bad;
  {
    GString *hex = g_string_new (NULL);

    for (gsize i = 0; i < digest_size; i++)
      g_string_append_printf (hex, i == 0 ? "%02X" : ":%02X", digest[i]);
    info->sha256_fingerprint = g_string_free (hex, FALSE);
  }

  algorithm = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  if (algorithm >= 0)
    info->key_algorithm = bits > 0
                            ? g_strdup_printf ("%s %u", gnutls_pk_get_name (algorithm), bits)
                            : g_strdup (gnutls_pk_get_name (algorithm));
  algorithm = gnutls_x509_crt_get_signature_algorithm (crt);
  if (algorithm >= 0 && gnutls_sign_get_name (algorithm) != NULL)
    info->signature_algorithm = g_strdup (gnutls_sign_get_name (algorithm));

  /* GnuTLS hands back whatever bytes the certificate holds. */
  if (!g_utf8_validate (info->subject_dn, -1, NULL) || !g_utf8_validate (info->issuer_dn, -1, NULL))
    goto bad;

  gnutls_x509_crt_deinit (crt);
  return g_steal_pointer (&info);

bad:
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  g_set_error_literal (error, SMARTCA_X509_ERROR, SMARTCA_X509_ERROR_PARSE,
                       _("The certificate data is not a valid X.509 certificate."));
  return NULL;
}

/**
 * smartca_x509_to_pem:
 *
 * Returns: (transfer full): @der as a PEM "CERTIFICATE" block, 64 columns
 */
char *
smartca_x509_to_pem (GBytes *der)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  GString         *pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  gsize            len = strlen (b64);

  for (gsize i = 0; i < len; i += 64)
    {
      g_string_append_len (pem, b64 + i, MIN (64, len - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");
  return g_string_free (pem, FALSE);
}
