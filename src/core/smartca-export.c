/* smartca-export.c: a certificate written to a file, as PEM or DER
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-export.h"
#include "smartca-x509.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * smartca_export_format_for_name:
 *
 * Returns: DER for a name ending in .der or .cer (any case), PEM otherwise
 */
SmartcaExportFormat
smartca_export_format_for_name (const char *basename)
{
  g_autofree char *lower = basename != NULL ? g_ascii_strdown (basename, -1) : NULL;

  if (lower != NULL && (g_str_has_suffix (lower, ".der") || g_str_has_suffix (lower, ".cer")))
    return SMARTCA_EXPORT_DER;
  return SMARTCA_EXPORT_PEM;
}

/**
 * smartca_export_encode:
 *
 * Returns: (transfer full): @certificate as a PEM "CERTIFICATE" block or as
 *   its DER bytes, or %NULL when its data is not loaded
 */
GBytes *
smartca_export_encode (SmartcaCertificate *certificate,
                       SmartcaExportFormat format,
                       GError            **error)
{
  GBytes *der;
  char   *pem;

  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  der = smartca_certificate_get_der (certificate);
  if (der == NULL || g_bytes_get_size (der) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The certificate data is not available."));
      return NULL;
    }

  if (format == SMARTCA_EXPORT_DER)
    return g_bytes_ref (der);

  pem = smartca_x509_to_pem (der);
  return g_bytes_new_take (pem, strlen (pem));
}

/**
 * smartca_export_to_file:
 *
 * Writes @certificate to @file in @format. The file is replaced at once
 * (written beside it, then renamed), so a failure leaves what was there.
 * On failure @error names the file, then says why.
 */
gboolean
smartca_export_to_file (SmartcaCertificate *certificate,
                        GFile              *file,
                        SmartcaExportFormat format,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char  *name = NULL;
  GError           *local_error = NULL;
  gsize             size;
  gconstpointer     bytes;

  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  data = smartca_export_encode (certificate, format, &local_error);
  if (data != NULL)
    {
      bytes = g_bytes_get_data (data, &size);
      if (g_file_replace_contents (file, bytes, size, NULL, FALSE,
                                   G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable,
                                   &local_error))
        return TRUE;
    }

  /* Translators: %s is a file name; the reason follows */
  g_propagate_prefixed_error (error, local_error, _("“%s” could not be written: "), name);
  return FALSE;
}
