/* smartca-totp.c: the one-time codes of a SmartCA business account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 6238 (TOTP) over RFC 4226's dynamic truncation, HMAC-SHA1 from GLib's
 * GHmac. The secret key is read from what the user typed, pasted or scanned:
 *
 * - an otpauth://totp/LABEL?secret=BASE32&… URI (Google's "Key URI format"),
 *   recognised by its scheme whatever form was asked for;
 * - base64, VNPT's form: the HMAC key is the decoded bytes (the samples'
 *   secrets decode to 32 ASCII characters that look like hex; they are not
 *   hex-decoded again);
 * - base32 (RFC 4648), an authenticator's form: lower case, spaces, '-' and
 *   missing padding accepted.
 *
 * SMARTCA_TOTP_FORMAT_AUTO tells base64 from base32 by what the text can be
 * (see detect_format()). Every copy of the secret made here is wiped before
 * it is freed.
 */

#include "config.h"

#include "smartca-totp-private.h"
#include "smartca-totp.h"

#include "smartca-vault.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Longer text is refused before it is looked at: a 128-byte key is 172
 * characters of base64 or 205 of base32, an otpauth URI with a label and an
 * issuer a few hundred. */
#define MAX_TEXT_LENGTH 4096

struct _SmartcaTotpKey
{
  guint8           *bytes;
  gsize             length;
  SmartcaTotpFormat format;
};

G_DEFINE_QUARK (smartca-totp-error-quark, smartca_totp_error)

/* Scratch copies of the secret text, wiped when they go out of scope. */
typedef char *SmartcaScratchText;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SmartcaScratchText, smartca_secret_free, NULL)

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Key */

SmartcaTotpKey *
smartca_totp_key_new (const guint8 *bytes,
                      gsize         length)
{
  SmartcaTotpKey *key;

  g_return_val_if_fail (bytes != NULL || length == 0, NULL);

  key = g_new0 (SmartcaTotpKey, 1);
  /* Never a NULL buffer, even for an empty key. */
  key->bytes = g_malloc (MAX (length, 1));
  if (length > 0)
    memcpy (key->bytes, bytes, length);
  key->length = length;
  key->format = SMARTCA_TOTP_FORMAT_BASE32;
  return key;
}

/* Takes @bytes, which smartca_totp_key_free() wipes. */
static SmartcaTotpKey *
key_new_take (guint8           *bytes,
              gsize             length,
              SmartcaTotpFormat format)
{
  SmartcaTotpKey *key = g_new0 (SmartcaTotpKey, 1);

  key->bytes = bytes;
  key->length = length;
  key->format = format;
  return key;
}

void
smartca_totp_key_free (SmartcaTotpKey *key)
{
  if (key == NULL)
    return;
  explicit_bzero (key->bytes, MAX (key->length, 1));
  g_free (key->bytes);
  g_free (key);
}

const guint8 *
smartca_totp_key_get_bytes (SmartcaTotpKey *key,
                            gsize          *length)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (length != NULL)
    *length = key->length;
  return key->bytes;
}

SmartcaTotpFormat
smartca_totp_key_get_format (SmartcaTotpKey *key)
{
  g_return_val_if_fail (key != NULL, SMARTCA_TOTP_FORMAT_BASE32);

  return key->format;
}

/* Decoders */

static void
wipe_bytes (guint8 *bytes,
            gsize   length)
{
  if (bytes == NULL)
    return;
  explicit_bzero (bytes, length);
  g_free (bytes);
}

/* A copy of @text without the characters of @drop (and without NULs: the
 * copy ends where @text does). */
static char *
copy_without (const char *text,
              gsize       length,
              const char *drop)
{
  char *copy = g_malloc (length + 1);
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    if (strchr (drop, text[i]) == NULL)
      copy[n++] = text[i];
  copy[n] = '\0';
  return copy;
}

static int
base32_value (char c)
{
  const char *found;

  if (c == '\0')
    return -1;
  found = strchr (base32_alphabet, g_ascii_toupper (c));
  return found != NULL ? (int) (found - base32_alphabet) : -1;
}

static int
base64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* The number of data characters of @text (its length without the trailing
 * '='), and how many '=' end it. */
static gsize
split_padding (const char *text,
               gsize      *padding)
{
  gsize length = strlen (text);
  gsize n = length;

  while (n > 0 && text[n - 1] == '=')
    n--;
  *padding = length - n;
  return n;
}

/* Whether @compact (spaces and '-' removed) is base32: its alphabet in either
 * case, a length that whole bytes give (2, 4, 5 or 7 characters after the
 * last group of 8), and either no padding or exactly the padding that fills
 * the last group. */
static gboolean
base32_valid (const char *compact)
{
  static const int pad_for_rest[8] = { 0, -1, 6, -1, 4, 3, -1, 1 };
  gsize            padding;
  gsize            n = split_padding (compact, &padding);

  if (n == 0 || pad_for_rest[n % 8] < 0)
    return FALSE;
  if (padding != 0 && padding != (gsize) pad_for_rest[n % 8])
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (base32_value (compact[i]) < 0)
      return FALSE;
  return TRUE;
}

/* Whether @compact (white space removed) is base64: its alphabet, and
 * either one or two '=' completing a group of 4 or no padding and a length
 * that whole bytes give. */
static gboolean
base64_valid (const char *compact)
{
  gsize padding;
  gsize n = split_padding (compact, &padding);

  if (n == 0 || padding > 2 || n % 4 == 1)
    return FALSE;
  if (padding != 0 && (n + padding) % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (base64_value (compact[i]) < 0)
      return FALSE;
  return TRUE;
}

/* Decodes what base32_valid() or base64_valid() accepted: @bits_per_char
 * bits of each data character, most significant first; bits left over at
 * the end are dropped. */
static guint8 *
decode_bits (const char *compact,
             int         bits_per_char,
             int (*value_of) (char c),
             gsize *length)
{
  gsize   padding;
  gsize   n = split_padding (compact, &padding);
  guint8 *bytes = g_malloc (n * bits_per_char / 8 + 1);
  guint32 buffer = 0;
  int     bits = 0;
  gsize   out = 0;

  for (gsize i = 0; i < n; i++)
    {
      buffer = (buffer << bits_per_char) | (guint32) value_of (compact[i]);
      bits += bits_per_char;
      if (bits >= 8)
        {
          bits -= 8;
          bytes[out++] = (buffer >> bits) & 0xff;
        }
    }
  explicit_bzero (&buffer, sizeof buffer);
  *length = out;
  return bytes;
}

/* Which form text that is no URI has, for SMARTCA_TOTP_FORMAT_AUTO.
 *
 * Text that only one of the two forms can be is of that form: characters
 * base32 has not (0, 1, 8, 9, '+', '/'), a '-' that base64 has not, a length
 * or a padding that only one of them allows (VNPT's 32-byte keys are 44
 * characters of base64 ending in one '=', or 43 without it: neither is a
 * length base32 has). Text that can be both is base64 when it mixes upper and
 * lower case letters (base32 is written in one case; base64 of anything is
 * almost never), and base32 otherwise. */
static SmartcaTotpFormat
detect_format (const char *base64_compact,
               const char *base32_compact,
               gboolean   *valid)
{
  gboolean is_base64 = base64_valid (base64_compact);
  gboolean is_base32 = base32_valid (base32_compact);
  gboolean has_upper = FALSE, has_lower = FALSE;

  *valid = is_base64 || is_base32;
  if (is_base64 != is_base32)
    return is_base64 ? SMARTCA_TOTP_FORMAT_BASE64 : SMARTCA_TOTP_FORMAT_BASE32;

  for (const char *c = base64_compact; *c != '\0'; c++)
    {
      has_upper |= g_ascii_isupper (*c);
      has_lower |= g_ascii_islower (*c);
    }
  if (is_base64 && has_upper && has_lower)
    return SMARTCA_TOTP_FORMAT_BASE64;
  return SMARTCA_TOTP_FORMAT_BASE32;
}

static gboolean
check_key_length (gsize    length,
                  GError **error)
{
  if (length < SMARTCA_TOTP_MIN_KEY_LENGTH)
    {
      g_set_error (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_TOO_SHORT,
                   _("The secret key is too short: a key has at least %d bytes (%d bits)."),
                   SMARTCA_TOTP_MIN_KEY_LENGTH, SMARTCA_TOTP_MIN_KEY_LENGTH * 8);
      return FALSE;
    }
  if (length > SMARTCA_TOTP_MAX_KEY_LENGTH)
    {
      g_set_error (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_TOO_LONG,
                   _("The secret key is too long: a key has at most %d bytes."),
                   SMARTCA_TOTP_MAX_KEY_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static void
set_invalid (GError          **error,
             SmartcaTotpFormat format)
{
  const char *message;

  switch (format)
    {
    case SMARTCA_TOTP_FORMAT_BASE64:
      message = _("This is not a secret key in base64: it has only letters, digits, “+” and “/”, "
                  "with at most two “=” at the end.");
      break;
    case SMARTCA_TOTP_FORMAT_BASE32:
      message = _("This is not a secret key in base32: it has only the letters A to Z and the "
                  "digits 2 to 7.");
      break;
    case SMARTCA_TOTP_FORMAT_AUTO:
    default:
      message = _("This is not a secret key: enter it in base64 (as VNPT gives it), in base32 "
                  "(as an authenticator app shows it) or as an otpauth://totp/ link.");
      break;
    }
  g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_INVALID, message);
}

/**
 * smartca_totp_key_parse_bare:
 * @text: (array length=length): the secret without surrounding spaces
 * @format: the form it must have, or AUTO
 *
 * Decodes a bare base64 or base32 secret (no URI).
 */
SmartcaTotpKey *
smartca_totp_key_parse_bare (const char       *text,
                             gsize             length,
                             SmartcaTotpFormat format,
                             GError          **error)
{
  g_auto(SmartcaScratchText) base64_compact = copy_without (text, length, " \t\r\n");
  g_auto(SmartcaScratchText) base32_compact = copy_without (text, length, " \t\r\n-");
  guint8                    *bytes;
  gsize                      key_length = 0;
  gboolean                   valid;

  if (format == SMARTCA_TOTP_FORMAT_AUTO)
    {
      format = detect_format (base64_compact, base32_compact, &valid);
      if (!valid)
        {
          set_invalid (error, SMARTCA_TOTP_FORMAT_AUTO);
          return NULL;
        }
    }

  if (format == SMARTCA_TOTP_FORMAT_BASE64 && base64_valid (base64_compact))
    bytes = decode_bits (base64_compact, 6, base64_value, &key_length);
  else if (format == SMARTCA_TOTP_FORMAT_BASE32 && base32_valid (base32_compact))
    bytes = decode_bits (base32_compact, 5, base32_value, &key_length);
  else
    {
      set_invalid (error, format);
      return NULL;
    }

  if (!check_key_length (key_length, error))
    {
      wipe_bytes (bytes, key_length);
      return NULL;
    }
  return key_new_take (bytes, key_length, format);
}

/**
 * smartca_totp_key_parse:
 * @text: what the user typed, pasted or scanned
 * @format: the form expected; an otpauth URI is read whatever it says
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *   (%SMARTCA_TOTP_ERROR, translated, naming the form expected)
 */
SmartcaTotpKey *
smartca_totp_key_parse (const char       *text,
                        SmartcaTotpFormat format,
                        GError          **error)
{
  const char *start, *end;
  gsize       length;

  g_return_val_if_fail (format == SMARTCA_TOTP_FORMAT_AUTO || format == SMARTCA_TOTP_FORMAT_BASE64 || format == SMARTCA_TOTP_FORMAT_BASE32, NULL);

  if (text == NULL)
    text = "";
  length = strlen (text);
  if (length > MAX_TEXT_LENGTH)
    {
      g_set_error (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_TOO_LONG,
                   _("The secret key is too long: a key has at most %d bytes."),
                   SMARTCA_TOTP_MAX_KEY_LENGTH);
      return NULL;
    }

  start = text;
  end = text + length;
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (start == end)
    {
      g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_EMPTY,
                           _("Enter the secret key."));
      return NULL;
    }
  if (!g_utf8_validate (start, end - start, NULL))
    {
      set_invalid (error, format);
      return NULL;
    }

  if ((gsize) (end - start) >= strlen ("otpauth:") && g_ascii_strncasecmp (start, "otpauth:", strlen ("otpauth:")) == 0)
    return smartca_totp_key_parse_uri (start, end - start, error);
  return smartca_totp_key_parse_bare (start, end - start, format, error);
}

/**
 * smartca_totp_key_to_string:
 *
 * Returns: (transfer full): "otpauth://totp/SmartCA?secret=<BASE32>", base32
 *   without padding, allocated once (no stray copy of the secret is left in
 *   freed memory); free with smartca_secret_free()
 */
char *
smartca_totp_key_to_string (SmartcaTotpKey *key)
{
  static const char prefix[] = "otpauth://totp/SmartCA?secret=";
  gsize             encoded;
  char             *text, *out;
  guint32           buffer = 0;
  int               bits = 0;

  g_return_val_if_fail (key != NULL, NULL);

  encoded = (key->length * 8 + 4) / 5;
  text = g_malloc (sizeof prefix + encoded);
  memcpy (text, prefix, sizeof prefix - 1);
  out = text + sizeof prefix - 1;
  for (gsize i = 0; i < key->length; i++)
    {
      buffer = (buffer << 8) | key->bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          *out++ = base32_alphabet[(buffer >> bits) & 0x1f];
        }
    }
  if (bits > 0)
    *out++ = base32_alphabet[(buffer << (5 - bits)) & 0x1f];
  *out = '\0';
  explicit_bzero (&buffer, sizeof buffer);
  return text;
}

/* Codes */

/* The 30 s step of @unix_time, counted from the epoch (floor division, so a
 * time before 1970 is in a step of its own too). */
static gint64
time_step (gint64 unix_time)
{
  gint64 step = unix_time / SMARTCA_TOTP_PERIOD;

  if (unix_time % SMARTCA_TOTP_PERIOD < 0)
    step--;
  return step;
}

void
smartca_totp_key_code (SmartcaTotpKey *key,
                       gint64          unix_time,
                       char            code[SMARTCA_TOTP_DIGITS + 1])
{
  g_autoptr(GHmac) hmac = NULL;
  guint64          counter = (guint64) time_step (unix_time);
  guint8           message[8];
  guint8           digest[20];
  gsize            digest_length = sizeof digest;
  guint32          binary;
  guint            offset;

  g_return_if_fail (key != NULL);
  g_return_if_fail (code != NULL);

  for (int i = 7; i >= 0; i--)
    {
      message[i] = counter & 0xff;
      counter >>= 8;
    }

  hmac = g_hmac_new (G_CHECKSUM_SHA1, key->bytes, key->length);
  g_hmac_update (hmac, message, sizeof message);
  g_hmac_get_digest (hmac, digest, &digest_length);

  /* RFC 4226 §5.3: dynamic truncation to 31 bits, then the low digits. */
  offset = digest[19] & 0x0f;
  binary = ((guint32) (digest[offset] & 0x7f) << 24) | ((guint32) digest[offset + 1] << 16) | ((guint32) digest[offset + 2] << 8) | (guint32) digest[offset + 3];
  g_snprintf (code, SMARTCA_TOTP_DIGITS + 1, "%06u", binary % 1000000);

  explicit_bzero (digest, sizeof digest);
  explicit_bzero (&binary, sizeof binary);
}

guint
smartca_totp_seconds_left (gint64 unix_time)
{
  return (guint) (SMARTCA_TOTP_PERIOD - (unix_time - time_step (unix_time) * SMARTCA_TOTP_PERIOD));
}

gboolean
smartca_totp_is_code (const char *text)
{
  if (text == NULL || strlen (text) != SMARTCA_TOTP_DIGITS)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}
