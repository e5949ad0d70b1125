/* smartca-totp-private.h: what smartca-totp.c and smartca-totp-uri.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-totp.h"

G_BEGIN_DECLS

/* RFC 4226 asks for at least 128 bits and recommends 160; authenticators
 * accept 80 (16 characters of base32), so that is the floor. */
#define SMARTCA_TOTP_MIN_KEY_LENGTH 10
#define SMARTCA_TOTP_MAX_KEY_LENGTH 128

SmartcaTotpKey *smartca_totp_key_parse_bare (const char       *text,
                                             gsize             length,
                                             SmartcaTotpFormat format,
                                             GError          **error);
SmartcaTotpKey *smartca_totp_key_parse_uri (const char *text,
                                            gsize       length,
                                            GError    **error);

G_END_DECLS
