/* smartca-id-number.h: the numbers certificates are looked up by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SMARTCA_ID_KIND_CCCD,       /* citizen identity card, 12 digits */
  SMARTCA_ID_KIND_CMND,       /* old identity card, 9 digits */
  SMARTCA_ID_KIND_MST,        /* tax number, 10 digits */
  SMARTCA_ID_KIND_MST_BRANCH, /* tax number of a branch, 10 digits "-" 3 digits */
  SMARTCA_ID_KIND_PASSPORT,   /* hộ chiếu: letters and digits */
} SmartcaIdKind;

#define SMARTCA_ID_NUMBER_ERROR (smartca_id_number_error_quark ())

typedef enum
{
  SMARTCA_ID_NUMBER_ERROR_EMPTY,
  SMARTCA_ID_NUMBER_ERROR_INVALID,
} SmartcaIdNumberError;

GQuark   smartca_id_number_error_quark (void);
gboolean smartca_id_number_check (const char    *input,
                                  char         **normalized,
                                  SmartcaIdKind *kind,
                                  GError       **error);
gboolean smartca_serial_number_check (const char *input,
                                      char      **normalized,
                                      GError    **error);

G_END_DECLS
