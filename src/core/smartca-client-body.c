/* smartca-client-body.c: a JSON request body that may hold secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SmartCA's requests carry the SP password, and later an account password
 * and a one-time code. json-glib would leave copies of them in freed memory
 * (each JsonNode's string, every step of the generator's growing GString),
 * so bodies are written here instead, into one buffer that is wiped
 * whenever it grows and when it is freed. A second text with every secret
 * left out is kept alongside, for debug logs.
 */

#include "config.h"

#include "smartca-client-body.h"
#include "smartca-vault.h"

#include <string.h>

#define MAX_NESTING 16

typedef struct
{
  char *data;
  gsize len;
  gsize capacity;
} WipedBuffer;

struct _SmartcaClientBody
{
  WipedBuffer text;
  GString    *redacted;
  /* For each open container: is it an array, has it a member yet. */
  guint    depth;
  gboolean is_array[MAX_NESTING];
  gboolean has_member[MAX_NESTING];
};

static void
wiped_buffer_clear (WipedBuffer *buffer)
{
  if (buffer->data != NULL)
    explicit_bzero (buffer->data, buffer->capacity);
  g_clear_pointer (&buffer->data, g_free);
  buffer->len = buffer->capacity = 0;
}

/* Grows by moving to a new block and wiping the old one: realloc() would
 * leave the old block's contents behind. */
static void
wiped_buffer_append (WipedBuffer *buffer,
                     const char  *text,
                     gsize        len)
{
  if (buffer->len + len + 1 > buffer->capacity)
    {
      gsize capacity = MAX (256, buffer->capacity);
      char *data;

      while (buffer->len + len + 1 > capacity)
        capacity *= 2;
      data = g_malloc0 (capacity);
      if (buffer->data != NULL)
        {
          memcpy (data, buffer->data, buffer->len);
          explicit_bzero (buffer->data, buffer->capacity);
          g_free (buffer->data);
        }
      buffer->data = data;
      buffer->capacity = capacity;
    }
  memcpy (buffer->data + buffer->len, text, len);
  buffer->len += len;
  buffer->data[buffer->len] = '\0';
}

static void
append_raw (SmartcaClientBody *self,
            const char        *text)
{
  wiped_buffer_append (&self->text, text, strlen (text));
  g_string_append (self->redacted, text);
}

/* JSON's two-character escapes; every other control character is \u00XX. */
static const char *const short_escapes[] = {
  ['"'] = "\\\"",
  ['\\'] = "\\\\",
  ['\b'] = "\\b",
  ['\f'] = "\\f",
  ['\n'] = "\\n",
  ['\r'] = "\\r",
  ['\t'] = "\\t",
};

/* A JSON string: quotes, backslashes and every control character escaped. */
static void
append_json_string (WipedBuffer *buffer,
                    const char  *value)
{
  const char *run = value;
  const char *p;

  wiped_buffer_append (buffer, "\"", 1);
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char   escape[8];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      wiped_buffer_append (buffer, run, p - run);
      if (c < G_N_ELEMENTS (short_escapes) && short_escapes[c] != NULL)
        g_strlcpy (escape, short_escapes[c], sizeof escape);
      else
        g_snprintf (escape, sizeof escape, "\\u%04x", c);
      wiped_buffer_append (buffer, escape, strlen (escape));
      run = p + 1;
    }
  wiped_buffer_append (buffer, run, p - run);
  wiped_buffer_append (buffer, "\"", 1);
}

static void
append_redacted_string (GString    *redacted,
                        const char *value)
{
  WipedBuffer escaped = { 0 };

  append_json_string (&escaped, value);
  g_string_append_len (redacted, escaped.data, escaped.len);
  wiped_buffer_clear (&escaped);
}

/* The separator and name before a new member or element. */
static gboolean
begin_member (SmartcaClientBody *self,
              const char        *name)
{
  gboolean in_array = self->depth > 0 && self->is_array[self->depth - 1];

  g_return_val_if_fail (in_array == (name == NULL), FALSE);

  if (self->has_member[self->depth])
    append_raw (self, ",");
  self->has_member[self->depth] = TRUE;

  if (name != NULL)
    {
      g_return_val_if_fail (g_utf8_validate (name, -1, NULL), FALSE);
      append_json_string (&self->text, name);
      append_redacted_string (self->redacted, name);
      append_raw (self, ":");
    }
  return TRUE;
}

static void
begin_container (SmartcaClientBody *self,
                 const char        *name,
                 gboolean           is_array)
{
  g_return_if_fail (self->depth + 1 < MAX_NESTING);

  if (!begin_member (self, name))
    return;
  append_raw (self, is_array ? "[" : "{");
  self->depth++;
  self->is_array[self->depth - 1] = is_array;
  self->has_member[self->depth] = FALSE;
}

static void
end_container (SmartcaClientBody *self,
               gboolean           is_array)
{
  g_return_if_fail (self->depth > 0 && self->is_array[self->depth - 1] == is_array);

  self->depth--;
  append_raw (self, is_array ? "]" : "}");
}

/**
 * smartca_client_body_new:
 *
 * Returns: (transfer full): the members of an empty JSON object
 */
SmartcaClientBody *
smartca_client_body_new (void)
{
  SmartcaClientBody *self = g_new0 (SmartcaClientBody, 1);

  self->redacted = g_string_new (NULL);
  return self;
}

/**
 * smartca_client_body_free:
 *
 * Wipes the body, secrets and all, and frees it.
 */
void
smartca_client_body_free (SmartcaClientBody *self)
{
  if (self == NULL)
    return;
  wiped_buffer_clear (&self->text);
  g_string_free (self->redacted, TRUE);
  g_free (self);
}

/**
 * smartca_client_body_add_string:
 * @name: (nullable): the member's name; %NULL inside an array
 * @value: a UTF-8 string, written with JSON escapes
 */
void
smartca_client_body_add_string (SmartcaClientBody *self,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));

  if (!begin_member (self, name))
    return;
  append_json_string (&self->text, value);
  append_redacted_string (self->redacted, value);
}

/**
 * smartca_client_body_add_secret:
 *
 * Like smartca_client_body_add_string(), for a password or a one-time code:
 * the value never reaches the redacted text.
 */
void
smartca_client_body_add_secret (SmartcaClientBody *self,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));

  if (!begin_member (self, name))
    return;
  append_json_string (&self->text, value);
  g_string_append (self->redacted, "\"(secret)\"");
}

void
smartca_client_body_add_int (SmartcaClientBody *self,
                             const char        *name,
                             gint64             value)
{
  char number[32];

  g_return_if_fail (self != NULL);

  if (!begin_member (self, name))
    return;
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, value);
  append_raw (self, number);
}

void
smartca_client_body_add_null (SmartcaClientBody *self,
                              const char        *name)
{
  g_return_if_fail (self != NULL);

  if (begin_member (self, name))
    append_raw (self, "null");
}

/**
 * smartca_client_body_begin_object:
 * @name: (nullable): the member's name; %NULL inside an array
 */
void
smartca_client_body_begin_object (SmartcaClientBody *self,
                                  const char        *name)
{
  g_return_if_fail (self != NULL);
  begin_container (self, name, FALSE);
}

void
smartca_client_body_end_object (SmartcaClientBody *self)
{
  g_return_if_fail (self != NULL);
  end_container (self, FALSE);
}

/**
 * smartca_client_body_begin_array:
 * @name: (nullable): the member's name; %NULL inside an array
 */
void
smartca_client_body_begin_array (SmartcaClientBody *self,
                                 const char        *name)
{
  g_return_if_fail (self != NULL);
  begin_container (self, name, TRUE);
}

void
smartca_client_body_end_array (SmartcaClientBody *self)
{
  g_return_if_fail (self != NULL);
  end_container (self, TRUE);
}

/**
 * smartca_client_body_get_redacted:
 *
 * Returns: the body as JSON members, with "(secret)" for every secret: for
 *   debug logs
 */
const char *
smartca_client_body_get_redacted (SmartcaClientBody *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->redacted->str;
}

/**
 * smartca_client_body_to_bytes:
 * @prefix: (nullable): members to write before those of @self
 *
 * Returns: (transfer full): the JSON object, in memory that is wiped when
 *   the last reference goes
 */
GBytes *
smartca_client_body_to_bytes (SmartcaClientBody *self,
                              SmartcaClientBody *prefix)
{
  gsize    prefix_len, len, total;
  gboolean comma;
  char    *json;
  char    *p;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->depth == 0 && (prefix == NULL || prefix->depth == 0), NULL);

  prefix_len = prefix != NULL ? prefix->text.len : 0;
  len = self->text.len;
  comma = prefix_len > 0 && len > 0;
  total = 2 + prefix_len + (comma ? 1 : 0) + len;

  /* Exactly the size needed, so that the wipe on free (up to the first
   * NUL) covers every byte. */
  json = p = g_malloc0 (total + 1);
  *p++ = '{';
  if (prefix_len > 0)
    {
      memcpy (p, prefix->text.data, prefix_len);
      p += prefix_len;
    }
  if (comma)
    *p++ = ',';
  if (len > 0)
    {
      memcpy (p, self->text.data, len);
      p += len;
    }
  *p = '}';

  return g_bytes_new_with_free_func (json, total, smartca_secret_free, json);
}
