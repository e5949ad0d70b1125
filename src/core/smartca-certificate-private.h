/* smartca-certificate-private.h: shared between the certificate's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-certificate.h"

G_BEGIN_DECLS

struct _SmartcaCertificate
{
  GObject parent_instance;

  char                 *serial_number;
  char                 *cert_id;
  char                 *lookup_id;
  char                 *service_type;
  char                 *service_name;
  char                 *status_text;
  char                 *status_code;
  char                 *subject_dn;
  gint64                valid_from;
  gint64                valid_to;
  GBytes               *der;
  GBytes               *ca_der;
  GBytes               *root_der;
  char                 *custom_name;
  gint64                signature_image_id;
  SmartcaBusinessMethod business_method;
  guint                 is_default : 1;
  guint                 business_enabled : 1;

  /* Derived from subject_dn, kept because every card draws them. */
  char *common_name;
  char *id_number;
  char *id_kind;
  char *sort_key;    /* of the display name; made on first use */
  char *search_text; /* folded name, subject, ID, serial and package; on first use */
};

G_END_DECLS
