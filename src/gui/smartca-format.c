/* smartca-format.c: how dates, validity and status are written, and how
 * text from SmartCA, a certificate or the user is shown among ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-format.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * smartca_format_date:
 *
 * Returns: (transfer full): @unix_time as dd/MM/yyyy in local time, the way
 *   dates are written in Vietnam
 */
char *
smartca_format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m/%Y");
}

char *
smartca_format_validity (SmartcaCertificate *certificate)
{
  g_autofree char *from = smartca_format_date (smartca_certificate_get_valid_from (certificate));
  g_autofree char *to = smartca_format_date (smartca_certificate_get_valid_to (certificate));

  /* Translators: a validity period, "07/03/2024 – 07/03/2027" */
  return g_strdup_printf (_("%s – %s"), from, to);
}

const char *
smartca_status_label (SmartcaCertificate      *certificate,
                      SmartcaCertificateStatus status)
{
  const char *text = smartca_certificate_get_status_text (certificate);

  switch (status)
    {
    case SMARTCA_CERTIFICATE_STATUS_ACTIVE:
      return _("Active");
    case SMARTCA_CERTIFICATE_STATUS_EXPIRED:
      return _("Expired");
    case SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID:
      return _("Not yet valid");
    case SMARTCA_CERTIFICATE_STATUS_INACTIVE:
    default:
      /* SmartCA words its other states itself (in Vietnamese). */
      return text != NULL && text[0] != '\0' ? text : _("Not active");
    }
}

/**
 * smartca_expiry_text:
 * @warning: (out) (optional): whether the user should act: the certificate
 *   expires within %SMARTCA_EXPIRY_WARNING_DAYS days
 *
 * Returns: (transfer full): "Expires in N days", "Expired on dd/MM/yyyy" or
 *   "Valid from dd/MM/yyyy"
 */
char *
smartca_expiry_text (SmartcaCertificate *certificate,
                     gint64              now,
                     gboolean           *warning)
{
  gint64   days = smartca_certificate_get_days_left_at (certificate, now);
  gboolean soon = FALSE;
  char    *text;

  if (now >= smartca_certificate_get_valid_to (certificate))
    {
      g_autofree char *date = smartca_format_date (smartca_certificate_get_valid_to (certificate));
      text = g_strdup_printf (_("Expired on %s"), date);
    }
  else if (now < smartca_certificate_get_valid_from (certificate))
    {
      g_autofree char *date = smartca_format_date (smartca_certificate_get_valid_from (certificate));
      text = g_strdup_printf (_("Valid from %s"), date);
    }
  else
    {
      soon = days <= SMARTCA_EXPIRY_WARNING_DAYS;
      if (soon)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Expires in %d day — renew it soon",
                                             "Expires in %d days — renew it soon", (gulong) days),
                                (int) days);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expires in %d day",
                                             "Expires in %d days", (gulong) days),
                                (int) days);
    }

  if (warning != NULL)
    *warning = soon;
  return text;
}

const char *
smartca_business_method_label (SmartcaCertificate *certificate,
                               gboolean            long_form)
{
  if (!smartca_certificate_get_business_enabled (certificate))
    /* Translators: OTP authentication usage of a business account that is not set up */
    return C_("business", "Off");

  switch (smartca_certificate_get_business_method (certificate))
    {
    case SMARTCA_BUSINESS_METHOD_TOTP:
      return long_form ? _("Method 2 — automatic TOTP with the secret key") : _("Method 2");
    case SMARTCA_BUSINESS_METHOD_OTP:
    case SMARTCA_BUSINESS_METHOD_NONE:
    default:
      return long_form ? _("Method 1 — OTP from an authenticator app") : _("Method 1");
    }
}
