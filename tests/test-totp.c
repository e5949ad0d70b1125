/* test-totp.c: the one-time codes of a business account, from every form
 * of secret key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-totp.h"
#include "smartca-vault.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

/* RFC 6238 appendix B's SHA1 key, "12345678901234567890", in each form. */
#define RFC_BASE64 "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA="
#define RFC_BASE32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define RFC_KEY "12345678901234567890"

/* RFC 6238 appendix B (SHA1): the 8-digit values, of which a 6-digit code
 * is the last six. */
static const struct
{
  gint64      time;
  const char *code;
} rfc_vectors[] = {
  { 59, "287082" },          /* 94287082 */
  { 1111111109, "081804" },  /* 07081804 */
  { 1111111111, "050471" },  /* 14050471 */
  { 1234567890, "005924" },  /* 89005924 */
  { 2000000000, "279037" },  /* 69279037 */
  { 20000000000, "353130" }, /* 65353130 */
};

static SmartcaTotpKey *
parse_ok (const char       *text,
          SmartcaTotpFormat format)
{
  g_autoptr(GError) error = NULL;
  SmartcaTotpKey   *key = smartca_totp_key_parse (text, format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static void
assert_key (SmartcaTotpKey *key,
            const char     *expected,
            gsize           expected_length)
{
  gsize         length = 0;
  const guint8 *bytes = smartca_totp_key_get_bytes (key, &length);

  g_assert_cmpmem (bytes, length, expected, expected_length);
}

static void
assert_rfc_codes (SmartcaTotpKey *key)
{
  assert_key (key, RFC_KEY, strlen (RFC_KEY));
  for (guint i = 0; i < G_N_ELEMENTS (rfc_vectors); i++)
    {
      char code[SMARTCA_TOTP_DIGITS + 1];

      memset (code, 'x', sizeof code);
      smartca_totp_key_code (key, rfc_vectors[i].time, code);
      g_assert_cmpstr (code, ==, rfc_vectors[i].code);
    }
}

static void
test_rfc_vectors (void)
{
  static const struct
  {
    const char       *text;
    SmartcaTotpFormat format;
    SmartcaTotpFormat recognised;
  } forms[] = {
    { RFC_BASE64, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE64 },
    { RFC_BASE64, SMARTCA_TOTP_FORMAT_BASE64, SMARTCA_TOTP_FORMAT_BASE64 },
    { "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE64 },
    { "  MTIzNDU2Nzg5\nMDEyMzQ1Njc4OTA=\r\n", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE64 },
    { RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    { RFC_BASE32, SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_FORMAT_BASE32 },
    { "gezd gnbv gy3t qojq gezd gnbv gy3t qojq", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    { "gezd gnbv gy3t qojq gezd gnbv gy3t qojq", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_FORMAT_BASE32 },
    { "GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    { "\tGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    { "otpauth://totp/VNPT%20SmartCA:0101234567?secret=" RFC_BASE32 "&issuer=VNPT%20SmartCA"
      "&algorithm=SHA1&digits=6&period=30",
      SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    { "otpauth://totp/?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    { "OTPAUTH://TOTP/x?issuer=A&secret=gezdgnbvgy3tqojqgezdgnbvgy3tqojq&algorithm=sha1",
      SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    /* Escaped letters, a fragment. */
    { "otpauth://totp/a?secret=%47EZDGNBVGY3TQOJQGEZDG%4EBVGY3TQOJQ#x",
      SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_FORMAT_BASE32 },
    /* A URI names its own form, whatever form was asked for. */
    { "otpauth://totp/a?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_BASE64, SMARTCA_TOTP_FORMAT_BASE32 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(SmartcaTotpKey) key = NULL;

      g_test_message ("form: %s", forms[i].text);
      key = parse_ok (forms[i].text, forms[i].format);
      g_assert_cmpint (smartca_totp_key_get_format (key), ==, forms[i].recognised);
      assert_rfc_codes (key);
    }
}

/* The vectors of smartca-api.md §8.3 (the same key, VNPT's way). */
static void
test_api_vectors (void)
{
  g_autoptr(SmartcaTotpKey) key = parse_ok ("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", SMARTCA_TOTP_FORMAT_AUTO);
  static const struct
  {
    gint64      time;
    const char *code;
  } vectors[] = {
    { 59, "287082" },
    { 1111111109, "081804" },
    { 1234567890, "005924" },
    { 2000000000, "279037" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      char code[SMARTCA_TOTP_DIGITS + 1];

      smartca_totp_key_code (key, vectors[i].time, code);
      g_assert_cmpstr (code, ==, vectors[i].code);
    }
}

/* A code belongs to its 30 s step: the same through the step, another in
 * the next; before 1970 too. */
static void
test_steps (void)
{
  g_autoptr(SmartcaTotpKey) key = smartca_totp_key_new ((const guint8 *) RFC_KEY, strlen (RFC_KEY));
  char                      first[SMARTCA_TOTP_DIGITS + 1], last[SMARTCA_TOTP_DIGITS + 1];
  char                      next[SMARTCA_TOTP_DIGITS + 1], before[SMARTCA_TOTP_DIGITS + 1];

  smartca_totp_key_code (key, 1111111080, first);
  smartca_totp_key_code (key, 1111111109, last);
  smartca_totp_key_code (key, 1111111110, next);
  g_assert_cmpstr (first, ==, "081804");
  g_assert_cmpstr (last, ==, "081804");
  g_assert_cmpstr (next, ==, "050471");

  /* Step -1 (counter 0xffff…ff) differs from step 0. */
  smartca_totp_key_code (key, -1, before);
  smartca_totp_key_code (key, 0, first);
  g_assert_cmpuint (strlen (before), ==, 6);
  g_assert_cmpstr (before, !=, first);
  smartca_totp_key_code (key, -30, last);
  g_assert_cmpstr (before, ==, last);
}

static void
test_seconds_left (void)
{
  g_assert_cmpuint (smartca_totp_seconds_left (0), ==, 30);
  g_assert_cmpuint (smartca_totp_seconds_left (1), ==, 29);
  g_assert_cmpuint (smartca_totp_seconds_left (29), ==, 1);
  g_assert_cmpuint (smartca_totp_seconds_left (30), ==, 30);
  g_assert_cmpuint (smartca_totp_seconds_left (59), ==, 1);
  g_assert_cmpuint (smartca_totp_seconds_left (1111111109), ==, 1);
  g_assert_cmpuint (smartca_totp_seconds_left (1111111111), ==, 29);
  g_assert_cmpuint (smartca_totp_seconds_left (-1), ==, 1);
  g_assert_cmpuint (smartca_totp_seconds_left (-30), ==, 30);
  g_assert_cmpuint (smartca_totp_seconds_left (G_MAXINT64), >=, 1);
  g_assert_cmpuint (smartca_totp_seconds_left (G_MAXINT64), <=, 30);
  g_assert_cmpuint (smartca_totp_seconds_left (G_MININT64 + 30), >=, 1);
  g_assert_cmpuint (smartca_totp_seconds_left (G_MININT64 + 30), <=, 30);
  for (gint64 t = 1700000000; t < 1700000000 + 90; t++)
    {
      guint left = smartca_totp_seconds_left (t);

      g_assert_cmpuint (left, >=, 1);
      g_assert_cmpuint (left, <=, 30);
      g_assert_cmpint ((t + left) % 30, ==, 0);
    }
}

/* What the keyring keeps reads back as the same key, for keys of every
 * length a base32 group can end on. */
static void
test_to_string (void)
{
  g_autoptr(SmartcaTotpKey) rfc = smartca_totp_key_new ((const guint8 *) RFC_KEY, strlen (RFC_KEY));
  char                     *text = smartca_totp_key_to_string (rfc);

  g_assert_cmpstr (text, ==, "otpauth://totp/SmartCA?secret=" RFC_BASE32);
  smartca_secret_free (text);

  for (gsize length = 10; length <= 128; length++)
    {
      g_autofree guint8        *bytes = g_malloc (length);
      g_autoptr(SmartcaTotpKey) key = NULL;
      g_autoptr(SmartcaTotpKey) back = NULL;
      char                     *string;

      for (gsize i = 0; i < length; i++)
        bytes[i] = (guint8) (i * 37 + length);
      key = smartca_totp_key_new (bytes, length);
      string = smartca_totp_key_to_string (key);
      g_assert_true (g_str_has_prefix (string, "otpauth://totp/SmartCA?secret="));
      back = parse_ok (string, SMARTCA_TOTP_FORMAT_AUTO);
      smartca_secret_free (string);
      assert_key (back, (const char *) bytes, length);
    }
}

static void
assert_error (const char       *text,
              SmartcaTotpFormat format,
              SmartcaTotpError  code)
{
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaTotpKey) key = smartca_totp_key_parse (text, format, &error);

  g_assert_null (key);
  g_assert_error (error, SMARTCA_TOTP_ERROR, (int) code);
  /* Every message is a sentence for the user. */
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_errors (void)
{
  g_autofree char *long_base64 = NULL;
  g_autofree char *long_base32 = NULL;
  g_autofree char *bytes = g_strnfill (129, 'x');

  assert_error (NULL, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_EMPTY);
  assert_error ("", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_EMPTY);
  assert_error (" \t\r\n ", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_EMPTY);

  assert_error ("not a key!", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("GEZDGNBVGY3TQOJQ=", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA===", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  /* Each form refuses the other. */
  assert_error (RFC_BASE64, SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ", SMARTCA_TOTP_FORMAT_BASE64, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ=", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("GEZDGNBVGY3TQOJ1", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_INVALID);

  /* 9 bytes: under 80 bits. 10 bytes are enough. */
  assert_error ("MTIzNDU2Nzg5", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_TOO_SHORT);
  assert_error ("GEZDGNBVGY3TQOI", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_TOO_SHORT);
  assert_error ("otpauth://totp/a?secret=GEZDGNBV", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_TOO_SHORT);
  g_clear_pointer (&bytes, g_free);
  {
    g_autoptr(SmartcaTotpKey) ten = parse_ok ("GEZDGNBVGY3TQOJQ", SMARTCA_TOTP_FORMAT_AUTO);

    assert_key (ten, "1234567890", 10);
  }

  /* 129 bytes: over the limit; 128 are accepted. */
  bytes = g_strnfill (129, 'x');
  long_base64 = g_base64_encode ((const guchar *) bytes, 129);
  assert_error (long_base64, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_TOO_LONG);
  g_clear_pointer (&long_base64, g_free);
  long_base64 = g_base64_encode ((const guchar *) bytes, 128);
  {
    g_autoptr(SmartcaTotpKey) max = parse_ok (long_base64, SMARTCA_TOTP_FORMAT_AUTO);

    assert_key (max, bytes, 128);
  }
  long_base32 = g_strnfill (208, 'A'); /* 130 bytes */
  assert_error (long_base32, SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_TOO_LONG);

  /* otpauth: only TOTP with SHA1, 6 digits, 30 s. */
  assert_error ("otpauth://hotp/a?secret=" RFC_BASE32 "&counter=1", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_UNSUPPORTED);
  assert_error ("otpauth://steam/a?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_UNSUPPORTED);
  assert_error ("otpauth://?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_UNSUPPORTED);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "&algorithm=SHA256", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_UNSUPPORTED);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "&digits=8", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_UNSUPPORTED);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "&period=60", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_UNSUPPORTED);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "&digits=", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_UNSUPPORTED);

  /* otpauth: missing, empty or broken secrets, damaged links. */
  assert_error ("otpauth://totp/a?issuer=VNPT", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret=", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a#?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE64, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret=GEZD%00GNBVGY3TQOJQ", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a%00b?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "%", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "%4", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?secret=%zzGEZDGNBVGY3TQOJQ", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/a?issuer=%00&secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  /* Two secrets: which one would the phone have used? */
  assert_error ("otpauth://totp/a?secret=" RFC_BASE32 "&secret=JBSWY3DPEHPK3PXP", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth:totp/a?secret=" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth:", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
}

/* AUTO on text both forms could read. */
static void
test_auto (void)
{
  static const char *hex_secrets[] = {
    "A48E017B6C5D4F3A2B1C0D9E8F7A6B5C",
    "0123456789ABCDEF0123456789ABCDEF",
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "00000000000000000000000000000000",
    "DEADBEEFDEADBEEFDEADBEEFDEADBEEF",
  };

  /* VNPT's samples: base64 of 32 hex digits in ASCII; the key is those 32
   * ASCII bytes, with or without the padding, whatever the digits. */
  for (guint i = 0; i < G_N_ELEMENTS (hex_secrets); i++)
    {
      g_autofree char          *encoded = g_base64_encode ((const guchar *) hex_secrets[i], 32);
      g_autoptr(SmartcaTotpKey) key = NULL;
      g_autoptr(SmartcaTotpKey) unpadded = NULL;

      g_test_message ("VNPT-like secret %s = %s", hex_secrets[i], encoded);
      key = parse_ok (encoded, SMARTCA_TOTP_FORMAT_AUTO);
      g_assert_cmpint (smartca_totp_key_get_format (key), ==, SMARTCA_TOTP_FORMAT_BASE64);
      assert_key (key, hex_secrets[i], 32);

      *strchr (encoded, '=') = '\0';
      unpadded = parse_ok (encoded, SMARTCA_TOTP_FORMAT_AUTO);
      g_assert_cmpint (smartca_totp_key_get_format (unpadded), ==, SMARTCA_TOTP_FORMAT_BASE64);
      assert_key (unpadded, hex_secrets[i], 32);
    }

  /* "QTQ4RTAxN0I2QzVENEYzQTJCMUMwRDlFOEY3QTZCNUM=" as VNPT writes it. */
  {
    g_autoptr(SmartcaTotpKey) key = parse_ok ("QTQ4RTAxN0I2QzVENEYzQTJCMUMwRDlFOEY3QTZCNUM=",
                                              SMARTCA_TOTP_FORMAT_AUTO);

    assert_key (key, "A48E017B6C5D4F3A2B1C0D9E8F7A6B5C", 32);
  }

  /* 16 upper-case letters from A–Z and 2–7: both forms could read it;
   * an authenticator's base32 it is. */
  {
    g_autoptr(SmartcaTotpKey) key = parse_ok ("JBSWY3DPEHPK3PXP", SMARTCA_TOTP_FORMAT_AUTO);
    g_autoptr(SmartcaTotpKey) forced = parse_ok ("JBSWY3DPEHPK3PXP", SMARTCA_TOTP_FORMAT_BASE64);

    g_assert_cmpint (smartca_totp_key_get_format (key), ==, SMARTCA_TOTP_FORMAT_BASE32);
    assert_key (key, "Hello!\xde\xad\xbe\xef", 10);
    g_assert_cmpint (smartca_totp_key_get_format (forced), ==, SMARTCA_TOTP_FORMAT_BASE64);
  }
  /* Lower case only: base32 too. */
  {
    g_autoptr(SmartcaTotpKey) key = parse_ok ("jbswy3dpehpk3pxp", SMARTCA_TOTP_FORMAT_AUTO);

    assert_key (key, "Hello!\xde\xad\xbe\xef", 10);
  }
  /* Padding that only base32 has (6 '='), or that both allow: base32. */
  {
    g_autoptr(SmartcaTotpKey) six = parse_ok ("GEZDGNBVGY3TQOJQGEZDGNBVGY======", SMARTCA_TOTP_FORMAT_AUTO);
    g_autoptr(SmartcaTotpKey) one = parse_ok ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOI=", SMARTCA_TOTP_FORMAT_AUTO);

    g_assert_cmpint (smartca_totp_key_get_format (six), ==, SMARTCA_TOTP_FORMAT_BASE32);
    assert_key (six, "1234567890123456", 16);
    g_assert_cmpint (smartca_totp_key_get_format (one), ==, SMARTCA_TOTP_FORMAT_BASE32);
    assert_key (one, "1234567890123456789", 19);
  }
  /* Two '=' after 8k+2 characters: only base64 pads so. */
  {
    g_autoptr(SmartcaTotpKey) key = parse_ok ("QUJDREVGR0hJSktMTU5PUA==", SMARTCA_TOTP_FORMAT_AUTO);

    g_assert_cmpint (smartca_totp_key_get_format (key), ==, SMARTCA_TOTP_FORMAT_BASE64);
    assert_key (key, "ABCDEFGHIJKLMNOP", 16);
  }
  /* Digits base32 has not. */
  {
    g_autoptr(SmartcaTotpKey) key = parse_ok ("MDEyMzQ1Njc4OWFi", SMARTCA_TOTP_FORMAT_AUTO);

    g_assert_cmpint (smartca_totp_key_get_format (key), ==, SMARTCA_TOTP_FORMAT_BASE64);
    assert_key (key, "0123456789ab", 12);
  }
}

/* What a hostile or broken paste gives: an error, never a crash, a hang or
 * a key. */
static void
test_hostile (void)
{
  g_autofree char *huge = g_strnfill (4 * 1024 * 1024, 'A');
  g_autofree char *huge_uri = NULL;
  GString         *garbage = g_string_new (NULL);

  assert_error (huge, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_TOO_LONG);
  huge_uri = g_strconcat ("otpauth://totp/a?secret=", huge, NULL);
  assert_error (huge_uri, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_TOO_LONG);

  /* Bidi controls and other non-ASCII inside or around a key. */
  assert_error ("\u2067" RFC_BASE32 "\u2069", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("GEZDGNBV\u202eGY3TQOJQGEZDGNBVGY3TQOJQ", SMARTCA_TOTP_FORMAT_BASE32, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("MTIzNDU2Nzg5MDEy\u200fMzQ1Njc4OTA=", SMARTCA_TOTP_FORMAT_BASE64, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("ＧＥＺＤＧＮＢＶＧＹ３ＴＱＯＪＱ", SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("\xff\xfe" RFC_BASE32, SMARTCA_TOTP_FORMAT_AUTO, SMARTCA_TOTP_ERROR_INVALID);
  assert_error ("otpauth://totp/\u202e?secret=" RFC_BASE32 "\u202c", SMARTCA_TOTP_FORMAT_AUTO,
                SMARTCA_TOTP_ERROR_INVALID);
  {
    /* The label may hold any text (it is not used); this one is Vietnamese. */
    g_autoptr(SmartcaTotpKey) key = parse_ok ("otpauth://totp/C%C3%94NG%20TY:Đ%E1%BB%92NG?secret=" RFC_BASE32,
                                              SMARTCA_TOTP_FORMAT_AUTO);

    assert_rfc_codes (key);
  }

  /* Printable garbage of every length up to the limit. */
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GError)         error = NULL;
      g_autoptr(SmartcaTotpKey) key = NULL;

      g_string_append_c (garbage, "!\"#$%&'()*,.:;<>?@[\\]^_`{|}~"[i % 28]);
      key = smartca_totp_key_parse (garbage->str, SMARTCA_TOTP_FORMAT_AUTO, &error);
      g_assert_null (key);
      g_assert_error (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_INVALID);
    }
  g_string_free (garbage, TRUE);

  /* Random bytes, with and without the scheme in front. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char          *random = g_malloc (65);
      g_autofree char          *uri = NULL;
      g_autoptr(GError)         error = NULL;
      g_autoptr(GError)         uri_error = NULL;
      g_autoptr(SmartcaTotpKey) key = NULL;
      g_autoptr(SmartcaTotpKey) uri_key = NULL;

      for (guint j = 0; j < 64; j++)
        random[j] = (char) g_test_rand_int_range (1, 256);
      random[64] = '\0';
      uri = g_strconcat ("otpauth://totp/", random, NULL);
      key = smartca_totp_key_parse (random, SMARTCA_TOTP_FORMAT_AUTO, &error);
      uri_key = smartca_totp_key_parse (uri, SMARTCA_TOTP_FORMAT_AUTO, &uri_error);
      g_assert_true ((key == NULL) != (error == NULL));
      g_assert_true ((uri_key == NULL) != (uri_error == NULL));
    }
}

/* The messages reach the user in their language (the totp-vi run). */
static void
test_translated (void)
{
  gboolean vietnamese = g_strcmp0 (g_getenv ("LANGUAGE"), "vi") == 0;
  struct
  {
    const char *text;
    const char *english;
    const char *vietnamese;
  } cases[] = {
    { "", "Enter the secret key.", "Hãy nhập khóa bí mật." },
    { "otpauth://hotp/a?secret=" RFC_BASE32,
      "This otpauth:// link is for counter-based codes (HOTP); SmartCA uses time-based codes (TOTP).",
      "Liên kết otpauth:// này dành cho mã theo bộ đếm (HOTP); SmartCA dùng mã theo thời gian (TOTP)." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError)         error = NULL;
      g_autoptr(SmartcaTotpKey) key = smartca_totp_key_parse (cases[i].text, SMARTCA_TOTP_FORMAT_AUTO, &error);

      g_assert_null (key);
      g_assert_cmpstr (error->message, ==, vietnamese ? cases[i].vietnamese : cases[i].english);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SMARTCA_TEST_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/totp/rfc6238", test_rfc_vectors);
  g_test_add_func ("/totp/api-vectors", test_api_vectors);
  g_test_add_func ("/totp/steps", test_steps);
  g_test_add_func ("/totp/seconds-left", test_seconds_left);
  g_test_add_func ("/totp/to-string", test_to_string);
  g_test_add_func ("/totp/errors", test_errors);
  g_test_add_func ("/totp/auto", test_auto);
  g_test_add_func ("/totp/hostile", test_hostile);
  g_test_add_func ("/totp/translated", test_translated);

  return g_test_run ();
}
