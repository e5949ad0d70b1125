/* smartca-totp.h: the one-time codes of a SmartCA business account (RFC 6238)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SmartCA business (TH) account signs with its password and a 6-digit
 * TOTP: HMAC-SHA1, 30 s steps, T0 = the Unix epoch. The secret key comes in
 * three forms: base64 as VNPT's samples carry it (the HMAC key is the decoded
 * bytes), base32 as an authenticator's QR code carries it, or a whole
 * otpauth://totp/… URI (from that QR code).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMARTCA_TOTP_PERIOD 30
#define SMARTCA_TOTP_DIGITS 6

#define SMARTCA_TOTP_ERROR (smartca_totp_error_quark ())

typedef enum
{
  SMARTCA_TOTP_ERROR_EMPTY,       /* nothing but spaces */
  SMARTCA_TOTP_ERROR_INVALID,     /* neither base64, base32 nor an otpauth URI */
  SMARTCA_TOTP_ERROR_TOO_SHORT,   /* fewer than 10 key bytes (80 bits) */
  SMARTCA_TOTP_ERROR_TOO_LONG,    /* more than 128 key bytes */
  SMARTCA_TOTP_ERROR_UNSUPPORTED, /* an otpauth URI that is not TOTP/SHA1/6 digits/30 s */
} SmartcaTotpError;

typedef enum
{
  SMARTCA_TOTP_FORMAT_AUTO,   /* otpauth URI, else base64 when the text can only be base64
                               * (its characters, length or padding) or mixes upper and
                               * lower case, else base32 (see detect_format() in the .c) */
  SMARTCA_TOTP_FORMAT_BASE64, /* VNPT's form */
  SMARTCA_TOTP_FORMAT_BASE32, /* an authenticator's form; spaces, '-' and lower case accepted */
} SmartcaTotpFormat;

/* The decoded key. Its bytes are wiped when it is freed. */
typedef struct _SmartcaTotpKey SmartcaTotpKey;

GQuark smartca_totp_error_quark (void);

/* Parses what the user typed, pasted or scanned. Surrounding spaces and
 * line breaks are ignored. The error message is translated and says which
 * form was expected. */
SmartcaTotpKey *smartca_totp_key_parse (const char       *text,
                                        SmartcaTotpFormat format,
                                        GError          **error);
SmartcaTotpKey *smartca_totp_key_new (const guint8 *bytes,
                                      gsize         length);
void            smartca_totp_key_free (SmartcaTotpKey *key);
const guint8   *smartca_totp_key_get_bytes (SmartcaTotpKey *key,
                                            gsize          *length);
/* Which form smartca_totp_key_parse() recognised (never AUTO). */
SmartcaTotpFormat smartca_totp_key_get_format (SmartcaTotpKey *key);
/* The one unambiguous text the keyring keeps: "otpauth://totp/SmartCA?secret=<BASE32>"
 * (parse with AUTO gives the same key back). Free with smartca_secret_free(). */
char *smartca_totp_key_to_string (SmartcaTotpKey *key);

/* The code for the 30 s step that contains @unix_time: 6 digits, zero-padded,
 * written into @code (7 bytes with the NUL). */
void smartca_totp_key_code (SmartcaTotpKey *key,
                            gint64          unix_time,
                            char            code[SMARTCA_TOTP_DIGITS + 1]);
/* Seconds until the code of @unix_time changes: 1 … 30. */
guint smartca_totp_seconds_left (gint64 unix_time);

/* Whether @text is exactly SMARTCA_TOTP_DIGITS ASCII digits (NULL: no) */
gboolean smartca_totp_is_code (const char *text);

/* The clock: SmartCA's Date header against this computer's time. Beyond this
 * many seconds the computer's clock is said to be off (a TOTP is accepted one
 * step either way, so more than half a step already risks refusals). */
#define SMARTCA_TOTP_CLOCK_TOLERANCE 15

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaTotpKey, smartca_totp_key_free)

G_END_DECLS
