/* smartca-dn.c: reading the distinguished names SmartCA returns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SmartCA sends subjects as "C=VN,ST=HÀ NỘI,CN=Nguyễn Văn A,UID=CCCD:001099012345":
 * comma separated, no spaces, RFC 4514 escapes possible ("\,", "\2C") and,
 * from older systems, quoted values. Attribute names are compared without
 * regard to case, and the OID of UID is understood as UID.
 */

#include "config.h"

#include "smartca-dn.h"

#include <string.h>

#define UID_OID "0.9.2342.19200300.100.1.1"

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads one attribute value starting at @p, stopping at an unescaped ',' , ';'
 * or '+'. Returns the position after the value. */
static const char *
read_value (const char *p,
            GString    *out)
{
  gboolean quoted = FALSE;

  while (*p == ' ')
    p++;

  if (*p == '"')
    {
      quoted = TRUE;
      p++;
    }

  while (*p != '\0')
    {
      if (quoted && *p == '"')
        {
          p++;
          while (*p != '\0' && *p != ',' && *p != ';' && *p != '+')
            p++;
          break;
        }

      if (!quoted && (*p == ',' || *p == ';' || *p == '+'))
        break;

      if (*p == '\\' && p[1] != '\0')
        {
          int hi = hex_value (p[1]);
          int lo = hi >= 0 && p[2] != '\0' ? hex_value (p[2]) : -1;

          if (hi >= 0 && lo >= 0)
            {
              g_string_append_c (out, (char) (hi * 16 + lo));
              p += 3;
            }
          else
            {
              g_string_append_c (out, p[1]);
              p += 2;
            }
          continue;
        }

      g_string_append_c (out, *p);
      p++;
    }

  /* Trailing spaces are not part of an unquoted value. */
  if (!quoted)
    while (out->len > 0 && out->str[out->len - 1] == ' ')
      g_string_truncate (out, out->len - 1);

  return p;
}

typedef gboolean (*AttributeFunc) (const char *key,
                                   GString    *value,
                                   gpointer    user_data);

/* Calls @func for each attribute in order until it returns FALSE. The key
 * and value are only valid during the call. */
static void
scan (const char   *dn,
      AttributeFunc func,
      gpointer      user_data)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  const char        *p = dn;

  if (dn == NULL)
    return;

  while (*p != '\0')
    {
      const char *eq;
      const char *key_start, *key_end;

      while (*p == ' ' || *p == ',' || *p == ';' || *p == '+')
        p++;
      if (*p == '\0')
        break;

      eq = strchr (p, '=');
      if (eq == NULL)
        break;

      key_start = p;
      key_end = eq;
      while (key_end > key_start && key_end[-1] == ' ')
        key_end--;
      g_string_truncate (key, 0);
      g_string_append_len (key, key_start, key_end - key_start);
      if (g_str_equal (key->str, UID_OID))
        g_string_assign (key, "UID");

      g_string_truncate (value, 0);
      p = read_value (eq + 1, value);

      if (!g_utf8_validate (value->str, value->len, NULL))
        continue;
      if (!func (key->str, value, user_data))
        break;
    }
}

typedef struct
{
  const char *keys[2];
  char      **values[2];
} FindTwo;

static gboolean
find_two_cb (const char *key,
             GString    *value,
             gpointer    user_data)
{
  FindTwo *find = user_data;

  for (guint i = 0; i < 2; i++)
    if (find->keys[i] != NULL && *find->values[i] == NULL &&
        g_ascii_strcasecmp (key, find->keys[i]) == 0)
      {
        *find->values[i] = g_strndup (value->str, value->len);
        break;
      }
  return *find->values[0] == NULL || (find->keys[1] != NULL && *find->values[1] == NULL);
}

/**
 * smartca_dn_dup_two:
 * @key2: (nullable): a second attribute, or %NULL
 *
 * Reads the first values of two attributes in one pass (one certificate
 * loads in a few microseconds this way, and the list loads thousands).
 */
void
smartca_dn_dup_two (const char *dn,
                    const char *key1,
                    char      **value1,
                    const char *key2,
                    char      **value2)
{
  char   *unused = NULL;
  FindTwo find = { { key1, key2 }, { value1, value2 != NULL ? value2 : &unused } };

  *value1 = NULL;
  if (value2 != NULL)
    *value2 = NULL;
  scan (dn, find_two_cb, &find);
}

/**
 * smartca_dn_dup_attribute:
 * @dn: a distinguished name
 * @key: an attribute name such as "CN"
 *
 * Returns: (nullable): the first value of @key in @dn
 */
char *
smartca_dn_dup_attribute (const char *dn,
                          const char *key)
{
  char *value = NULL;

  smartca_dn_dup_two (dn, key, &value, NULL, NULL);
  return value;
}

/**
 * smartca_dn_dup_id_number:
 * @dn: a subject distinguished name
 * @kind: (out) (optional) (nullable): the kind written before the number
 *   ("CCCD", "CMND", "MST", "HC", …)
 *
 * VNPT writes the owner's identity number as UID=KIND:NUMBER.
 *
 * Returns: (nullable): the number, without its kind
 */
char *
smartca_dn_dup_id_number (const char *dn,
                          char      **kind)
{
  g_autofree char *uid = smartca_dn_dup_attribute (dn, "UID");

  return smartca_dn_split_uid (uid, kind);
}

/**
 * smartca_dn_split_uid:
 * @uid: (nullable): a UID value, "KIND:NUMBER" or just a number
 * @kind: (out) (optional) (nullable): "CCCD", "CMND", "MST", "HC", …
 *
 * Returns: (nullable): the number, without its kind; %NULL for an empty @uid
 */
char *
smartca_dn_split_uid (const char *uid,
                      char      **kind)
{
  const char *colon;

  if (kind != NULL)
    *kind = NULL;

  if (uid == NULL || uid[0] == '\0')
    return NULL;

  colon = strchr (uid, ':');
  if (colon == NULL)
    return g_strdup (uid);

  if (kind != NULL)
    *kind = g_ascii_strup (uid, colon - uid);

  return g_strdup (colon + 1);
}
