/* smartca-text.c: text from SmartCA, a certificate or the user, shown
 * among ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In core, because core writes sentences too (why a certificate cannot be
 * the default) that quote such text.
 */

#include "config.h"

#include "smartca-text.h"

#include <string.h>

#define FIRST_STRONG_ISOLATE "\xe2\x81\xa8"    /* U+2068 */
#define POP_DIRECTIONAL_ISOLATE "\xe2\x81\xa9" /* U+2069 */

/* Text from elsewhere */

/* C0, DEL, C1, and the line and paragraph separators: each would start a
 * new line or show as a box. */
static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
}

/* The explicit embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO,
 * LRI, RLI, FSI, PDI): the characters that reorder text beyond their own. */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * smartca_format_clean:
 * @text: (nullable): text from SmartCA, a certificate or the user
 *
 * The text on one line and unable to reorder anything: control characters
 * become spaces, and bidi embeddings, overrides and isolates are dropped (the
 * letters stay in the order they were received). Invalid UTF-8 is replaced.
 *
 * Returns: (transfer full): the text to show; "" for %NULL
 */
char *
smartca_format_clean (const char *text)
{
  g_autofree char *valid = NULL;
  GString         *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_control (c))
        continue;
      if (is_control (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * smartca_format_reveal:
 * @value: (nullable): a value from SmartCA, a certificate or the user
 *
 * The value exactly, every character shown: those that smartca_format_clean()
 * would change are written out as their code points ("⟨U+000D⟩⟨U+202E⟩")
 * instead of obeyed (control pictures such as "␍" are missing from
 * Cantarell and DejaVu). What the Detail shows, so that nothing hidden in a
 * name can make it read otherwise; a value without such characters is
 * unchanged.
 *
 * Returns: (transfer full): the value to show; "" for %NULL
 */
char *
smartca_format_reveal (const char *value)
{
  g_autofree char *valid = NULL;
  GString         *out;

  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_control (c) || is_bidi_control (c))
        g_string_append_printf (out, "⟨U+%04X⟩", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * smartca_format_isolate:
 * @value: (nullable): a value from SmartCA, a certificate or the user
 *
 * A value to show on a card, a toast, a title or inside a sentence of ours:
 * cleaned (see smartca_format_clean()) and wrapped in FIRST STRONG ISOLATE …
 * POP DIRECTIONAL ISOLATE, so that a right-to-left value neither moves nor
 * is moved by the text around it. Nothing inside can close the isolate early,
 * since the value's own bidi controls are gone.
 *
 * The Detail shows a value alone in its own label exactly as received (see
 * smartca_format_reveal()), and copies it so.
 *
 * Returns: (transfer full): the value to show; "" for %NULL or ""
 */
char *
smartca_format_isolate (const char *value)
{
  g_autofree char *clean = smartca_format_clean (value);

  if (clean[0] == '\0')
    return g_steal_pointer (&clean);
  return g_strconcat (FIRST_STRONG_ISOLATE, clean, POP_DIRECTIONAL_ISOLATE, NULL);
}
