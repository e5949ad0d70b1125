/* smartca-id-number.c: the numbers certificates are looked up by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that decides whether a CCCD / CMND / MST / passport number
 * or a serial number can be sent to SmartCA, and how it is written when it
 * is. The add dialog shows the reason this gives, word for word.
 */

#include "config.h"

#include "smartca-id-number.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (smartca-id-number-error-quark, smartca_id_number_error)

#define PASSPORT_MIN 5
#define PASSPORT_MAX 20
#define SERIAL_MAX_DIGITS 40 /* RFC 5280: at most 20 octets */

static gboolean
all_digits (const char *s,
            gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static char *
trimmed_copy (const char *input)
{
  char *copy = g_strdup (input != NULL ? input : "");

  return g_strstrip (copy);
}

/**
 * smartca_id_number_check:
 * @input: what the user typed
 * @normalized: (out) (optional): the number as SmartCA expects it: trimmed,
 *   passport letters in upper case, any `_NNN` account suffix kept
 * @kind: (out) (optional): which kind of number it is
 *
 * CCCD has 12 digits, the old CMND 9, a tax number (MST) 10, or 10 + "-" + 3
 * for a branch; a passport (HC) is letters and digits. SmartCA tells several
 * accounts under one number apart with a suffix "_NNN", which is accepted
 * after any of them.
 *
 * Returns: %TRUE if @input can be looked up; otherwise @error says why, in
 *   words for the user
 */
gboolean
smartca_id_number_check (const char    *input,
                         char         **normalized,
                         SmartcaIdKind *kind,
                         GError       **error)
{
  g_autofree char *text = trimmed_copy (input);
  const char      *base = text;
  const char      *suffix = NULL;
  g_autofree char *base_copy = NULL;
  char            *underscore;
  gsize            len;
  gboolean         has_letter = FALSE;
  SmartcaIdKind    found;

  if (text[0] == '\0')
    {
      g_set_error_literal (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_EMPTY,
                           _("Enter the CCCD, passport or tax number the certificate was "
                             "registered with."));
      return FALSE;
    }

  underscore = strchr (text, '_');
  if (underscore != NULL)
    {
      suffix = underscore + 1;
      if (strlen (suffix) != 3 || !all_digits (suffix, 3) || strchr (suffix, '_') != NULL)
        {
          g_set_error_literal (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                               _("An account suffix is “_” and three digits, such as “_002”."));
          return FALSE;
        }
      base_copy = g_strndup (text, underscore - text);
      base = base_copy;
    }

  len = strlen (base);

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isalpha (base[i]))
        has_letter = TRUE;
      else if (!g_ascii_isdigit (base[i]) && base[i] != '-')
        {
          g_set_error_literal (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                               _("Use only digits, or letters and digits for a passport; no "
                                 "spaces or other signs."));
          return FALSE;
        }
    }

  if (!has_letter && all_digits (base, len))
    {
      switch (len)
        {
        case 12:
          found = SMARTCA_ID_KIND_CCCD;
          break;
        case 9:
          found = SMARTCA_ID_KIND_CMND;
          break;
        case 10:
          found = SMARTCA_ID_KIND_MST;
          break;
        default:
          g_set_error (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "This number has %u digit. A CCCD has 12 digits, an old "
                                    "CMND 9 and a tax number 10.",
                                    "This number has %u digits. A CCCD has 12 digits, an old "
                                    "CMND 9 and a tax number 10.",
                                    (guint) len),
                       (guint) len);
          return FALSE;
        }
    }
  else if (!has_letter)
    {
      /* Digits and dashes: only a branch tax number looks like that. */
      if (len == 14 && base[10] == '-' && all_digits (base, 10) && all_digits (base + 11, 3))
        found = SMARTCA_ID_KIND_MST_BRANCH;
      else
        {
          g_set_error_literal (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                               _("A branch tax number is 10 digits, “-” and 3 digits, such as "
                                 "“0101234567-001”."));
          return FALSE;
        }
    }
  else
    {
      if (strchr (base, '-') != NULL || len < PASSPORT_MIN || len > PASSPORT_MAX ||
          !strpbrk (base, "0123456789"))
        {
          g_set_error (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                       _("A passport number is %d to %d letters and digits, such as "
                         "“C1234567”."),
                       PASSPORT_MIN, PASSPORT_MAX);
          return FALSE;
        }
      found = SMARTCA_ID_KIND_PASSPORT;
    }

  if (kind != NULL)
    *kind = found;
  if (normalized != NULL)
    {
      g_autofree char *upper = g_ascii_strup (base, -1);

      *normalized = suffix != NULL ? g_strconcat (upper, "_", suffix, NULL)
                                   : g_steal_pointer (&upper);
    }
  return TRUE;
}

/**
 * smartca_serial_number_check:
 * @input: what the user typed; may be empty (the serial number is optional)
 * @normalized: (out) (optional) (nullable): the serial in lower case as
 *   SmartCA writes it, or %NULL when @input is empty
 *
 * Returns: %TRUE if @input is empty or hexadecimal
 */
gboolean
smartca_serial_number_check (const char *input,
                             char      **normalized,
                             GError    **error)
{
  g_autofree char *text = trimmed_copy (input);
  gsize            len = strlen (text);

  if (normalized != NULL)
    *normalized = NULL;

  if (len == 0)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      {
        g_set_error_literal (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                             _("A serial number is hexadecimal: digits 0–9 and letters a–f."));
        return FALSE;
      }

  if (len > SERIAL_MAX_DIGITS)
    {
      g_set_error (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID,
                   _("A serial number has at most %d digits."), SERIAL_MAX_DIGITS);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_ascii_strdown (text, -1);
  return TRUE;
}
