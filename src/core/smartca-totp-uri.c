/* smartca-totp-uri.c: the otpauth:// URI an authenticator's QR code carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * otpauth://TYPE/LABEL?secret=BASE32&issuer=…&algorithm=SHA1&digits=6&period=30
 * (Google Authenticator's "Key URI format"). Only what SmartCA's codes are is
 * accepted: type totp, and algorithm, digits and period absent or SHA1, 6
 * and 30. The label, the issuer and parameters this app does not know are
 * ignored, but every part must be well escaped: a "%00" or a broken escape
 * makes the whole link damaged, and a parameter that matters given twice
 * too (which one would the phone have used?).
 */

#include "config.h"

#include "smartca-totp-private.h"

#include "smartca-vault.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SCHEME "otpauth://"

typedef char *SmartcaScratchUri;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SmartcaScratchUri, smartca_secret_free, NULL)

typedef struct
{
  char    *secret;
  char    *algorithm;
  char    *digits;
  char    *period;
  gboolean damaged;
} UriParams;

static void
uri_params_clear (UriParams *params)
{
  smartca_secret_wipe (&params->secret);
  g_clear_pointer (&params->algorithm, g_free);
  g_clear_pointer (&params->digits, g_free);
  g_clear_pointer (&params->period, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UriParams, uri_params_clear)

/* @length bytes of @text with %XX escapes decoded, or NULL when an escape is
 * broken or decodes to a NUL. */
static char *
percent_decode (const char *text,
                gsize       length)
{
  char *decoded = g_malloc (length + 1);
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    {
      int high, low;

      if (text[i] != '%')
        {
          decoded[n++] = text[i];
          continue;
        }
      high = i + 2 < length ? g_ascii_xdigit_value (text[i + 1]) : -1;
      low = i + 2 < length ? g_ascii_xdigit_value (text[i + 2]) : -1;
      if (high < 0 || low < 0 || (high == 0 && low == 0))
        {
          explicit_bzero (decoded, length + 1);
          g_free (decoded);
          return NULL;
        }
      decoded[n++] = (char) (high << 4 | low);
      i += 2;
    }
  decoded[n] = '\0';
  return decoded;
}

/* Stores a parameter that matters; given twice, the link is damaged. */
static void
set_once (UriParams *params,
          char     **field,
          char      *value)
{
  if (*field != NULL)
    params->damaged = TRUE;
  smartca_secret_wipe (field);
  *field = value;
}

static void
read_parameter (UriParams  *params,
                const char *text,
                gsize       length)
{
  const char      *equals = memchr (text, '=', length);
  gsize            name_length = equals != NULL ? (gsize) (equals - text) : length;
  g_autofree char *name = percent_decode (text, name_length);
  char            *value;

  if (equals != NULL)
    value = percent_decode (equals + 1, length - name_length - 1);
  else
    value = g_strdup ("");
  if (name == NULL || value == NULL)
    {
      params->damaged = TRUE;
      smartca_secret_free (value);
      return;
    }

  if (g_ascii_strcasecmp (name, "secret") == 0)
    set_once (params, &params->secret, value);
  else if (g_ascii_strcasecmp (name, "algorithm") == 0)
    set_once (params, &params->algorithm, value);
  else if (g_ascii_strcasecmp (name, "digits") == 0)
    set_once (params, &params->digits, value);
  else if (g_ascii_strcasecmp (name, "period") == 0)
    set_once (params, &params->period, value);
  else
    g_free (value); /* issuer, image… */
}

static void
read_query (UriParams  *params,
            const char *query)
{
  while (*query != '\0')
    {
      gsize length = strcspn (query, "&");

      if (length > 0)
        read_parameter (params, query, length);
      query += length;
      if (*query == '&')
        query++;
    }
}

static void
set_damaged (GError **error)
{
  g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_INVALID,
                       _("This otpauth:// link is damaged: copy it again or scan its QR code again."));
}

/* The type between "otpauth://" and the label: TOTP only. */
static gboolean
check_type (const char *type,
            gsize       length,
            GError    **error)
{
  if (length == 4 && g_ascii_strncasecmp (type, "totp", 4) == 0)
    return TRUE;
  if (length == 4 && g_ascii_strncasecmp (type, "hotp", 4) == 0)
    g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_UNSUPPORTED,
                         _("This otpauth:// link is for counter-based codes (HOTP); SmartCA uses "
                           "time-based codes (TOTP)."));
  else
    g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_UNSUPPORTED,
                         _("This otpauth:// link is not for time-based codes (TOTP), which SmartCA uses."));
  return FALSE;
}

static gboolean
is_default (const char *value,
            const char *expected)
{
  return value == NULL || g_ascii_strcasecmp (value, expected) == 0;
}

/**
 * smartca_totp_key_parse_uri:
 * @text: (array length=length): an otpauth: URI without surrounding spaces
 *
 * Returns: (transfer full): the key of the URI's secret, or %NULL with
 *   @error set (INVALID for a damaged link or one without a secret,
 *   UNSUPPORTED for codes that are not SmartCA's)
 */
SmartcaTotpKey *
smartca_totp_key_parse_uri (const char *text,
                            gsize       length,
                            GError    **error)
{
  g_auto(SmartcaScratchUri) uri = g_strndup (text, length);
  g_auto(UriParams)         params = { NULL, NULL, NULL, NULL, FALSE };
  g_autoptr(GError)         local_error = NULL;
  g_autofree char          *label = NULL;
  SmartcaTotpKey           *key;
  char                     *type, *query, *hash;
  gsize                     type_length;

  /* A NUL inside the text, or no "//" after the scheme. */
  if (strlen (uri) != length || g_ascii_strncasecmp (uri, SCHEME, strlen (SCHEME)) != 0)
    {
      set_damaged (error);
      return NULL;
    }
  type = uri + strlen (SCHEME);
  type_length = strcspn (type, "/?#");
  if (!check_type (type, type_length, error))
    return NULL;

  hash = strchr (type, '#');
  if (hash != NULL)
    *hash = '\0';
  query = strchr (type, '?');
  if (query != NULL)
    *query++ = '\0';

  label = percent_decode (type + type_length, strlen (type + type_length));
  if (query != NULL)
    read_query (&params, query);
  if (label == NULL || params.damaged)
    {
      set_damaged (error);
      return NULL;
    }

  if (!is_default (params.algorithm, "SHA1") || !is_default (params.digits, "6") || !is_default (params.period, "30"))
    {
      g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_UNSUPPORTED,
                           _("This otpauth:// link is for codes SmartCA does not use: SmartCA’s codes "
                             "have 6 digits, change every 30 seconds and use SHA1."));
      return NULL;
    }
  if (params.secret == NULL || params.secret[strspn (params.secret, " ")] == '\0')
    {
      g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_INVALID,
                           _("This otpauth:// link has no secret key."));
      return NULL;
    }

  key = smartca_totp_key_parse_bare (params.secret, strlen (params.secret),
                                     SMARTCA_TOTP_FORMAT_BASE32, &local_error);
  if (key == NULL && g_error_matches (local_error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_INVALID))
    g_set_error_literal (error, SMARTCA_TOTP_ERROR, SMARTCA_TOTP_ERROR_INVALID,
                         _("The secret key in this otpauth:// link is not valid base32."));
  else if (key == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return key;
}
