/* smartca-export.h: a certificate written to a file, as PEM or DER
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-certificate.h"

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_EXPORT_PEM,
  SMARTCA_EXPORT_DER,
} SmartcaExportFormat;

SmartcaExportFormat smartca_export_format_for_name (const char *basename);
GBytes             *smartca_export_encode (SmartcaCertificate *certificate,
                                           SmartcaExportFormat format,
                                           GError            **error);
gboolean            smartca_export_to_file (SmartcaCertificate *certificate,
                                            GFile              *file,
                                            SmartcaExportFormat format,
                                            GCancellable       *cancellable,
                                            GError            **error);

G_END_DECLS
