/* smartca-certificate-derived.c: what follows from a certificate's fields —
 * its name, owner, status, days left, place in the list and search text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-certificate.h"
#include "smartca-certificate-private.h"
#include "smartca-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SECONDS_PER_DAY (24 * 60 * 60)

/* The only cert_status text VNPT documents; anything else means the
 * certificate cannot be used, whatever its dates say. */
#define SMARTCA_STATUS_ACTIVE_TEXT "Đang hoạt động"

/**
 * smartca_certificate_get_display_name:
 *
 * The name the user gave the certificate or, until they do, the name SmartCA
 * returned: the subject's common name.
 */
const char *
smartca_certificate_get_display_name (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);

  if (self->custom_name != NULL)
    return self->custom_name;
  if (self->common_name != NULL && self->common_name[0] != '\0')
    return self->common_name;
  return self->serial_number;
}

const char *
smartca_certificate_get_common_name (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->common_name;
}

/**
 * smartca_certificate_get_id_number:
 *
 * The owner's CCCD / CMND / passport / tax number as the certificate states
 * it, or the one the lookup was made with when the subject has none.
 */
const char *
smartca_certificate_get_id_number (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->id_number != NULL ? self->id_number : self->lookup_id;
}

/* Whether the words of @folded (smartca_fold_for_search()) hold @phrase,
 * itself folded words separated by single spaces, as whole words ("th"
 * is in "smartca th", not in "health"). */
static gboolean
has_words (const char *folded,
           const char *phrase)
{
  gsize length = strlen (phrase);

  for (const char *p = strstr (folded, phrase); p != NULL; p = strstr (p + 1, phrase))
    {
      gboolean starts = p == folded || !g_ascii_isalnum (p[-1]);
      gboolean ends = !g_ascii_isalnum (p[length]);

      if (starts && ends)
        return TRUE;
    }
  return FALSE;
}

/* Package names and service types say what kind of account a certificate
 * belongs to: VNPT writes them in Vietnamese or English, with or without
 * diacritics ("SMARTCA TH DOANH NGHIỆP", "ESEAL", "SMARTCA PERSONAL PRO"). */
static const char *const personal_words[] = { "personal", "ca nhan", "individual", NULL };
static const char *const business_words[] = { "th", "eseal", "e seal",
                                              "doanh nghiep", "to chuc", "business",
                                              "enterprise", "organization", "organisation",
                                              "org", NULL };

static gboolean
says_any (const char        *text,
          const char *const *words)
{
  g_autofree char   *folded = NULL;
  g_autoptr(GString) spaced = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  folded = smartca_fold_for_search (text);
  /* "SMARTCA_TH", "E-SEAL", "DOANH  NGHIỆP": any run of spaces or
   * punctuation is one space between words. */
  spaced = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        g_string_append_c (spaced, *p);
      else if (spaced->len > 0 && spaced->str[spaced->len - 1] != ' ')
        g_string_append_c (spaced, ' ');
    }
  for (guint i = 0; words[i] != NULL; i++)
    if (has_words (spaced->str, words[i]))
      return TRUE;
  return FALSE;
}

/**
 * smartca_certificate_get_is_business:
 *
 * Whether this is an organisation certificate, the kind that can sign through
 * a business (TH) SmartCA account. The one place that decides, from what
 * SmartCA and the certificate say:
 * - a package or service type that says personal ("SMARTCA PERSONAL PRO",
 *   "CÁ NHÂN") never is one;
 * - a subject identified by a tax number (UID=MST:…) is one;
 * - so is a service type or package that names an organisation, an e-seal or
 *   a TH account ("ESEAL", "SMARTCA TH", "DOANH NGHIỆP", "TỔ CHỨC"), whether
 *   SmartCA sent a service type or not.
 * A personal subject (CCCD, CMND, passport) with a plain package is not.
 */
gboolean
smartca_certificate_get_is_business (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), FALSE);

  if (says_any (self->service_type, personal_words) ||
      says_any (self->service_name, personal_words))
    return FALSE;
  if (g_strcmp0 (self->id_kind, "MST") == 0)
    return TRUE;
  return says_any (self->service_type, business_words) ||
         says_any (self->service_name, business_words);
}

/**
 * smartca_certificate_get_sort_key:
 *
 * Names sort first by their letters without diacritics, in the user's
 * collation ("Đặng" with the D names, not after Z as code points would put
 * it), then by their exact spelling.
 *
 * Returns: a key that sorts certificates by display name, for strcmp()
 */
const char *
smartca_certificate_get_sort_key (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), "");

  if (self->sort_key == NULL)
    {
      const char      *name = smartca_certificate_get_display_name (self);
      g_autofree char *folded = smartca_fold_for_search (name);
      g_autofree char *primary = g_utf8_collate_key (folded, -1);
      g_autofree char *exact = g_utf8_casefold (name, -1);

      self->sort_key = g_strconcat (primary, "\x01", exact, NULL);
    }
  return self->sort_key;
}

/**
 * smartca_certificate_compare:
 *
 * The order of the certificate list: the default first, then by display
 * name (smartca_certificate_get_sort_key()), then by serial number. Sorting
 * 10,000 certificates calls this some 140,000 times, so it reads the fields
 * directly.
 *
 * Returns: <0, 0 or >0 like strcmp()
 */
int
smartca_certificate_compare (SmartcaCertificate *a,
                             SmartcaCertificate *b)
{
  int order;

  if (a->is_default != b->is_default)
    return a->is_default ? -1 : 1;

  order = strcmp (a->sort_key != NULL ? a->sort_key : smartca_certificate_get_sort_key (a),
                  b->sort_key != NULL ? b->sort_key : smartca_certificate_get_sort_key (b));
  if (order != 0)
    return order;
  return strcmp (a->serial_number, b->serial_number);
}

/**
 * smartca_fold_for_search:
 *
 * Folds @text so that people find what they mean however they type it:
 * case and Vietnamese diacritics do not matter ("nguyen van a" finds
 * "Nguyễn Văn A"; "đ" and "d" are the same letter).
 *
 * Returns: (transfer full): the folded text
 */
char *
smartca_fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString         *folded;

  if (text == NULL)
    return g_strdup ("");

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");

  folded = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Diacritics are combining marks once decomposed; đ has no
       * decomposition and is folded by hand. */
      if (g_unichar_ismark (c))
        continue;
      if (c == 0x0111 || c == 0x0110)
        c = 'd';
      g_string_append_unichar (folded, g_unichar_tolower (c));
    }
  return g_string_free (folded, FALSE);
}

/**
 * smartca_certificate_get_search_text:
 *
 * Returns: the display name, subject, ID/Tax number, serial number and
 *   package, folded with smartca_fold_for_search(), to match against a
 *   folded query with strstr()
 */
const char *
smartca_certificate_get_search_text (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), "");

  if (self->search_text == NULL)
    {
      g_autofree char *joined =
        g_strjoin ("\n",
                   smartca_certificate_get_display_name (self),
                   self->subject_dn != NULL ? self->subject_dn : "",
                   smartca_certificate_get_id_number (self) != NULL
                     ? smartca_certificate_get_id_number (self)
                     : "",
                   self->lookup_id != NULL ? self->lookup_id : "",
                   self->serial_number,
                   self->service_name != NULL ? self->service_name : "",
                   NULL);

      self->search_text = smartca_fold_for_search (joined);
    }
  return self->search_text;
}

SmartcaCertificateStatus
smartca_certificate_get_status_at (SmartcaCertificate *self,
                                   gint64              now)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), SMARTCA_CERTIFICATE_STATUS_INACTIVE);

  if (now >= self->valid_to)
    return SMARTCA_CERTIFICATE_STATUS_EXPIRED;
  if (now < self->valid_from)
    return SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID;
  if (self->status_code != NULL && self->status_code[0] != '\0')
    return g_ascii_strcasecmp (self->status_code, "VALID") == 0
             ? SMARTCA_CERTIFICATE_STATUS_ACTIVE
             : SMARTCA_CERTIFICATE_STATUS_INACTIVE;
  if (self->status_text != NULL && !g_str_equal (self->status_text, SMARTCA_STATUS_ACTIVE_TEXT))
    return SMARTCA_CERTIFICATE_STATUS_INACTIVE;
  return SMARTCA_CERTIFICATE_STATUS_ACTIVE;
}

SmartcaCertificateStatus
smartca_certificate_get_status (SmartcaCertificate *self)
{
  return smartca_certificate_get_status_at (self, g_get_real_time () / G_USEC_PER_SEC);
}

/* dd/MM/yyyy in local time, as the rest of the app writes dates */
static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m/%Y");
}

/**
 * smartca_certificate_can_sign_at:
 * @now: Unix time
 * @reason: (out) (optional) (transfer full) (nullable): when it cannot, why,
 *   as words that complete "Cannot be the default: …" ("expired on
 *   07/03/2027")
 *
 * The one rule for what may be the default certificate: the one that signs.
 * It signs while its validity period holds and SmartCA reports it active
 * (cert_status_code "VALID" when SmartCA gives a code, otherwise the status
 * text "Đang hoạt động"); expired, not yet valid, suspended or revoked
 * certificates do not.
 *
 * Returns: whether @self can sign at @now
 */
gboolean
smartca_certificate_can_sign_at (SmartcaCertificate *self,
                                 gint64              now,
                                 char              **reason)
{
  SmartcaCertificateStatus status;
  g_autofree char         *date = NULL;
  char                    *why = NULL;

  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), FALSE);

  status = smartca_certificate_get_status_at (self, now);
  switch (status)
    {
    case SMARTCA_CERTIFICATE_STATUS_ACTIVE:
      break;
    case SMARTCA_CERTIFICATE_STATUS_EXPIRED:
      date = format_date (self->valid_to);
      /* Translators: completes "Cannot be the default: …"; %s is a date */
      why = g_strdup_printf (_("expired on %s"), date);
      break;
    case SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID:
      date = format_date (self->valid_from);
      /* Translators: completes "Cannot be the default: …"; %s is a date */
      why = g_strdup_printf (_("valid only from %s"), date);
      break;
    case SMARTCA_CERTIFICATE_STATUS_INACTIVE:
    default:
      if (self->status_text != NULL && self->status_text[0] != '\0')
        /* Translators: completes "Cannot be the default: …"; %s is SmartCA's
         * own word for the state, such as "Tạm dừng" (suspended) */
        {
          /* In a sentence that the banner and the Detail show */
          g_autofree char *said = smartca_format_isolate (self->status_text);

          why = g_strdup_printf (_("SmartCA reports it as “%s”"), said);
        }
      else
        /* Translators: completes "Cannot be the default: …" */
        why = g_strdup (_("SmartCA reports it as not active"));
      break;
    }

  if (reason != NULL)
    *reason = why;
  else
    g_free (why);
  return status == SMARTCA_CERTIFICATE_STATUS_ACTIVE;
}

/**
 * smartca_certificate_can_sign:
 *
 * smartca_certificate_can_sign_at() now.
 */
gboolean
smartca_certificate_can_sign (SmartcaCertificate *self,
                              char              **reason)
{
  return smartca_certificate_can_sign_at (self, g_get_real_time () / G_USEC_PER_SEC, reason);
}

/**
 * smartca_certificate_get_days_left_at:
 *
 * Returns: whole days from @now until the certificate expires, rounded up so
 *   that a certificate expiring later today has 1 day left; 0 or less once
 *   expired
 */
gint64
smartca_certificate_get_days_left_at (SmartcaCertificate *self,
                                      gint64              now)
{
  gint64 left;

  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), 0);

  left = self->valid_to - now;
  if (left <= 0)
    return -((-left) / SECONDS_PER_DAY);
  return (left + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY;
}

/**
 * smartca_certificate_update_from:
 * @self: a stored certificate
 * @fresh: the same certificate as SmartCA describes it now
 *
 * Takes every field SmartCA owns from @fresh, keeping what the user chose
 * (name, default, image, business settings).
 */
void
smartca_certificate_update_from (SmartcaCertificate *self,
                                 SmartcaCertificate *fresh)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (fresh));

  g_object_freeze_notify (object);
  smartca_certificate_set_cert_id (self, fresh->cert_id);
  smartca_certificate_set_lookup_id (self, fresh->lookup_id);
  smartca_certificate_set_service_type (self, fresh->service_type);
  smartca_certificate_set_service_name (self, fresh->service_name);
  smartca_certificate_set_status_text (self, fresh->status_text);
  smartca_certificate_set_status_code (self, fresh->status_code);
  smartca_certificate_set_subject_dn (self, fresh->subject_dn);
  smartca_certificate_set_validity (self, fresh->valid_from, fresh->valid_to);
  if (fresh->der != NULL)
    smartca_certificate_set_der (self, fresh->der);
  if (fresh->ca_der != NULL || fresh->root_der != NULL)
    smartca_certificate_set_chain (self, fresh->ca_der, fresh->root_der);
  g_object_thaw_notify (object);
}
