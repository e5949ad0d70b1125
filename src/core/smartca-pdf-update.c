/* smartca-pdf-update.c: the objects of the incremental update and its
 * cross-reference section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * New objects are numbered from the old /Size. Objects that change (the
 * page or its /Annots array, the AcroForm or the catalog) are re-emitted
 * under their own numbers: qpdf unparses their dictionaries with the
 * references kept, and the new keys are spliced in as text.
 */

#include "config.h"

#include "smartca-pdf-private.h"

#include <string.h>

#define BYTE_RANGE_WIDTH 64

/* "<< …" of @dict without @skip keys and without its closing ">>", so that
 * keys can follow */
static char *
unparse_open_dict (qpdf_data          qpdf,
                   qpdf_oh            dict,
                   const char *const *skip)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  qpdf_oh              copy = qpdf_oh_new_dictionary (qpdf);
  const char          *text;
  const char          *end;

  if (qpdf_oh_is_dictionary (qpdf, dict))
    {
      qpdf_oh_begin_dict_key_iter (qpdf, dict);
      while (qpdf_oh_dict_more_keys (qpdf))
        g_ptr_array_add (keys, g_strdup (qpdf_oh_dict_next_key (qpdf)));
    }
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (skip != NULL && g_strv_contains (skip, key))
        continue;
      qpdf_oh_replace_key (qpdf, copy, key, qpdf_oh_get_key (qpdf, dict, key));
    }

  text = qpdf_oh_unparse (qpdf, copy);
  end = g_strrstr (text, ">>");
  return g_strndup (text, end != NULL ? (gsize) (end - text) : strlen (text));
}

/* The items of @array (references kept), each followed by a space */
static void
append_array_items (GString  *out,
                    qpdf_data qpdf,
                    qpdf_oh   array)
{
  int n;

  if (!qpdf_oh_is_array (qpdf, array))
    return;
  n = qpdf_oh_get_array_n_items (qpdf, array);
  for (int i = 0; i < n; i++)
    {
      g_string_append (out, qpdf_oh_unparse (qpdf, qpdf_oh_get_array_item (qpdf, array, i)));
      g_string_append_c (out, ' ');
    }
}

static void
append_reemitted (GString    *out,
                  GArray     *entries,
                  guint64     base,
                  qpdf_data   qpdf,
                  qpdf_oh     oh,
                  const char *text)
{
  smartca_pdf_begin_object (out, entries, base, qpdf_oh_get_object_id (qpdf, oh),
                            qpdf_oh_get_generation (qpdf, oh));
  g_string_append (out, text);
  g_string_append (out, "\nendobj\n");
}

/* The displayed rectangle in default user space */
static void
map_rect (const SmartcaPdfPageBox *box,
          const SmartcaPdfRect    *rect,
          double                   user[4])
{
  double w = box->x1 - box->x0, h = box->y1 - box->y0;
  double dx[2] = { rect->x, rect->x + rect->width };
  double dy[2] = { rect->y, rect->y + rect->height };
  double ux[2], uy[2];

  for (int i = 0; i < 2; i++)
    {
      switch (box->rotation)
        {
        case 90:
          ux[i] = box->x0 + w - dy[i];
          uy[i] = box->y0 + dx[i];
          break;
        case 180:
          ux[i] = box->x0 + w - dx[i];
          uy[i] = box->y0 + h - dy[i];
          break;
        case 270:
          ux[i] = box->x0 + dy[i];
          uy[i] = box->y0 + h - dx[i];
          break;
        default:
          ux[i] = box->x0 + dx[i];
          uy[i] = box->y0 + dy[i];
          break;
        }
    }
  user[0] = MIN (ux[0], ux[1]);
  user[1] = MIN (uy[0], uy[1]);
  user[2] = MAX (ux[0], ux[1]);
  user[3] = MAX (uy[0], uy[1]);
}

static char *
free_field_name (SmartcaPdfDocument *self)
{
  for (guint n = self->n_fields + 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("Signature%u", n);

      if (!g_hash_table_contains (self->field_names, name))
        return g_steal_pointer (&name);
    }
}

static void
append_signature_dict (GString                       *out,
                       const SmartcaPdfSignatureSpec *spec,
                       gsize                         *byte_range_at,
                       gsize                         *contents_at)
{
  g_string_append (out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n/ByteRange ");
  *byte_range_at = out->len;
  g_string_append_c (out, '[');
  for (int i = 0; i < BYTE_RANGE_WIDTH; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, "]\n/Contents ");
  *contents_at = out->len;
  g_string_append_c (out, '<');
  for (int i = 0; i < SMARTCA_PDF_CONTENTS_SIZE; i++)
    g_string_append (out, "00");
  g_string_append (out, ">\n/M ");
  smartca_pdf_append_date (out, spec->signing_time);
  if (spec->name != NULL && *spec->name != '\0')
    {
      g_string_append (out, "\n/Name ");
      smartca_pdf_append_text_string (out, spec->name);
    }
  if (spec->reason != NULL && *spec->reason != '\0')
    {
      g_string_append (out, "\n/Reason ");
      smartca_pdf_append_text_string (out, spec->reason);
    }
  if (spec->location != NULL && *spec->location != '\0')
    {
      g_string_append (out, "\n/Location ");
      smartca_pdf_append_text_string (out, spec->location);
    }
  g_string_append (out, " >>\nendobj\n");
}

/* Whether another page lists its annotations in the same @annots array
 * (the widget would show on that page too) */
static gboolean
annots_shared (qpdf_data qpdf,
               qpdf_oh   page,
               qpdf_oh   annots)
{
  int page_id = qpdf_oh_get_object_id (qpdf, page);
  int annots_id = qpdf_oh_get_object_id (qpdf, annots);
  int n = qpdf_get_num_pages (qpdf);

  for (int i = 0; i < n; i++)
    {
      qpdf_oh  other = qpdf_get_page_n (qpdf, i);
      qpdf_oh  other_annots = qpdf_oh_get_key (qpdf, other, "/Annots");
      gboolean shared = qpdf_oh_get_object_id (qpdf, other) != page_id && qpdf_oh_get_object_id (qpdf, other_annots) == annots_id;

      /* Handles live until released: a document can have many pages */
      qpdf_oh_release (qpdf, other_annots);
      qpdf_oh_release (qpdf, other);
      if (shared)
        return TRUE;
    }
  return FALSE;
}

/* The page lists the widget: in its indirect /Annots array (unless other
 * pages share it), or in the page itself */
static void
append_page_annots (GString  *out,
                    GArray   *entries,
                    guint64   base,
                    qpdf_data qpdf,
                    qpdf_oh   page,
                    guint     widget_id)
{
  qpdf_oh            annots = qpdf_oh_get_key (qpdf, page, "/Annots");
  g_autoptr(GString) text = g_string_new (NULL);

  if (qpdf_oh_is_indirect (qpdf, annots) && qpdf_oh_is_array (qpdf, annots) && !annots_shared (qpdf, page, annots))
    {
      g_string_append (text, "[ ");
      append_array_items (text, qpdf, annots);
      g_string_append_printf (text, "%u 0 R ]", widget_id);
      append_reemitted (out, entries, base, qpdf, annots, text->str);
    }
  else
    {
      static const char *const skip[] = { "/Annots", NULL };
      g_autofree char         *open = unparse_open_dict (qpdf, page, skip);

      g_string_append_printf (text, "%s/Annots [ ", open);
      append_array_items (text, qpdf, annots);
      g_string_append_printf (text, "%u 0 R ] >>", widget_id);
      append_reemitted (out, entries, base, qpdf, page, text->str);
    }
}

/* The AcroForm lists the field and says the document is signed */
static void
append_acroform (GString  *out,
                 GArray   *entries,
                 guint64   base,
                 qpdf_data qpdf,
                 guint     widget_id)
{
  static const char *const skip_form[] = { "/Fields", "/SigFlags", NULL };
  static const char *const skip_root[] = { "/AcroForm", NULL };
  qpdf_oh                  root = qpdf_get_root (qpdf);
  qpdf_oh                  form = qpdf_oh_get_key (qpdf, root, "/AcroForm");
  g_autofree char         *open = NULL;
  g_autoptr(GString)       text = g_string_new (NULL);

  if (qpdf_oh_is_dictionary (qpdf, form))
    open = unparse_open_dict (qpdf, form, skip_form);
  else
    open = g_strdup ("<< ");

  g_string_append_printf (text, "%s/Fields [ ", open);
  append_array_items (text, qpdf, qpdf_oh_is_dictionary (qpdf, form) ? qpdf_oh_get_key (qpdf, form, "/Fields") : qpdf_oh_new_null (qpdf));
  g_string_append_printf (text, "%u 0 R ] /SigFlags 3 >>", widget_id);

  if (qpdf_oh_is_indirect (qpdf, form) && qpdf_oh_is_dictionary (qpdf, form))
    {
      append_reemitted (out, entries, base, qpdf, form, text->str);
    }
  else
    {
      g_autofree char *root_open = unparse_open_dict (qpdf, root, skip_root);
      g_autofree char *root_text = g_strdup_printf ("%s/AcroForm %s >>", root_open, text->str);

      append_reemitted (out, entries, base, qpdf, root, root_text);
    }
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SmartcaPdfXrefEntry *ea = a, *eb = b;

  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

/* Runs of consecutive numbers: [first count]… */
static GArray *
xref_runs (GArray *entries)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < entries->len;)
    {
      guint first = g_array_index (entries, SmartcaPdfXrefEntry, i).id;
      guint count = 1;

      while (i + count < entries->len && g_array_index (entries, SmartcaPdfXrefEntry, i + count).id == first + count)
        count++;
      g_array_append_val (runs, first);
      g_array_append_val (runs, count);
      i += count;
    }
  return runs;
}

static void
append_trailer_keys (GString            *out,
                     SmartcaPdfDocument *self,
                     guint               size)
{
  guint8               id[16];
  GString             *new_id = g_string_new ("<");
  g_autofree char     *seed = g_strdup_printf ("%s %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %u", self->path,
                                               self->size, g_get_real_time (), g_random_int ());
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize                len = sizeof id;
  guint8               digest[32];

  g_checksum_update (checksum, (const guchar *) seed, -1);
  len = sizeof digest;
  g_checksum_get_digest (checksum, digest, &len);
  memcpy (id, digest, sizeof id);
  for (gsize i = 0; i < sizeof id; i++)
    g_string_append_printf (new_id, "%02x", id[i]);
  g_string_append_c (new_id, '>');

  g_string_append_printf (out, "/Size %u /Root %s", size, qpdf_oh_unparse (self->qpdf, qpdf_get_root (self->qpdf)));
  if (self->info_ref != NULL)
    g_string_append_printf (out, " /Info %s", self->info_ref);
  g_string_append_printf (out, " /Prev %" G_GUINT64_FORMAT " /ID [ %s %s ]", self->prev_startxref,
                          self->id_first != NULL ? self->id_first : new_id->str, new_id->str);
  g_string_free (new_id, TRUE);
}

static void
append_xref_table (GString            *out,
                   SmartcaPdfDocument *self,
                   GArray             *entries,
                   guint64             base,
                   guint               size)
{
  guint64           start = base + out->len;
  g_autoptr(GArray) runs = NULL;
  guint             at = 0;

  g_array_sort (entries, compare_entries);
  runs = xref_runs (entries);
  g_string_append (out, "xref\n0 1\n0000000000 65535 f\r\n");
  for (guint r = 0; r < runs->len; r += 2)
    {
      guint count = g_array_index (runs, guint, r + 1);

      g_string_append_printf (out, "%u %u\n", g_array_index (runs, guint, r), count);
      for (guint i = 0; i < count; i++, at++)
        {
          const SmartcaPdfXrefEntry *e = &g_array_index (entries, SmartcaPdfXrefEntry, at);

          g_string_append_printf (out, "%010" G_GUINT64_FORMAT " %05u n\r\n", e->offset, e->generation);
        }
    }
  g_string_append (out, "trailer\n<< ");
  append_trailer_keys (out, self, size);
  g_string_append_printf (out, " >>\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n", start);
}

static void
append_xref_stream (GString            *out,
                    SmartcaPdfDocument *self,
                    GArray             *entries,
                    guint64             base,
                    guint               xref_id)
{
  g_autoptr(GArray)     runs = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint64               start;
  int                   width;

  smartca_pdf_begin_object (out, entries, base, xref_id, 0);
  start = g_array_index (entries, SmartcaPdfXrefEntry, entries->len - 1).offset;
  width = start > G_MAXUINT32 ? 8 : 4;
  g_array_sort (entries, compare_entries);
  runs = xref_runs (entries);

  for (guint i = 0; i < entries->len; i++)
    {
      const SmartcaPdfXrefEntry *e = &g_array_index (entries, SmartcaPdfXrefEntry, i);
      guint8                     row[11] = { 1 };

      for (int b = 0; b < width; b++)
        row[1 + b] = (e->offset >> (8 * (width - 1 - b))) & 0xff;
      row[1 + width] = (e->generation >> 8) & 0xff;
      row[2 + width] = e->generation & 0xff;
      g_byte_array_append (data, row, 3 + width);
    }

  g_string_append_printf (out, "<< /Type /XRef /W [ 1 %d 2 ] /Index [", width);
  for (guint r = 0; r < runs->len; r++)
    g_string_append_printf (out, " %u", g_array_index (runs, guint, r));
  g_string_append (out, " ] ");
  append_trailer_keys (out, self, xref_id + 1);
  g_string_append_printf (out, " /Length %u >>\nstream\n", data->len);
  g_string_append_len (out, (const char *) data->data, data->len);
  g_string_append_printf (out, "\nendstream\nendobj\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n", start);
}

gboolean
smartca_pdf_build_update (SmartcaPdfDocument            *self,
                          const SmartcaPdfSignatureSpec *spec,
                          guint64                        base,
                          GString                       *out,
                          gsize                         *contents_at,
                          GError                       **error)
{
  qpdf_data         qpdf = self->qpdf;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SmartcaPdfXrefEntry));
  g_autofree char  *field_name = NULL;
  SmartcaPdfPageBox box;
  guint             next = self->xref_size;
  guint             sig_id = next++, widget_id = next++, form_id = 0;
  gsize             byte_range_at = 0;
  qpdf_oh           page;
  double            rect[4] = { 0, 0, 0, 0 };
  char              byte_range[BYTE_RANGE_WIDTH + 3];
  guint64           contents_offset, total, after;

  if (!smartca_pdf_document_get_page_box (self, spec->page, &box, error))
    return FALSE;
  if (!spec->invisible && !smartca_pdf_document_check_rect (self, spec->page, &spec->rect, error))
    return FALSE;
  page = qpdf_get_page_n (qpdf, spec->page);

  smartca_pdf_begin_object (out, entries, base, sig_id, 0);
  append_signature_dict (out, spec, &byte_range_at, contents_at);

  if (!spec->invisible)
    {
      map_rect (&box, &spec->rect, rect);
      form_id = smartca_pdf_append_appearance (out, entries, base, spec, box.rotation, next);
      next = form_id + 1;
    }

  field_name = free_field_name (self);
  smartca_pdf_begin_object (out, entries, base, widget_id, 0);
  g_string_append (out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T ");
  smartca_pdf_append_text_string (out, field_name);
  g_string_append_printf (out, " /V %u 0 R /F 132 /Rect [", sig_id);
  for (int i = 0; i < 4; i++)
    {
      g_string_append_c (out, ' ');
      smartca_pdf_append_number (out, rect[i]);
    }
  g_string_append_printf (out, " ] /P %s", qpdf_oh_unparse (qpdf, page));
  if (form_id != 0)
    g_string_append_printf (out, " /AP << /N %u 0 R >>", form_id);
  g_string_append (out, " >>\nendobj\n");

  append_page_annots (out, entries, base, qpdf, page, widget_id);
  append_acroform (out, entries, base, qpdf, widget_id);
  if (!smartca_pdf_document_take_warnings (self, error))
    return FALSE;

  if (self->xref_stream)
    append_xref_stream (out, self, entries, base, next);
  else
    append_xref_table (out, self, entries, base, next);

  /* The ByteRange: everything but /Contents' hex string, "<" and ">" included */
  contents_offset = base + *contents_at;
  after = contents_offset + 2 + 2 * (guint64) SMARTCA_PDF_CONTENTS_SIZE;
  total = base + out->len;
  g_snprintf (byte_range, sizeof byte_range, "[0 %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              contents_offset, after, total - after);
  memcpy (out->str + byte_range_at, byte_range, strlen (byte_range));
  return TRUE;
}
