/* smartca-certificate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SmartcaCertificateStatus:
 * @SMARTCA_CERTIFICATE_STATUS_ACTIVE: valid today and SmartCA says it is active
 * @SMARTCA_CERTIFICATE_STATUS_EXPIRED: its validity period has ended
 * @SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID: its validity period has not begun
 * @SMARTCA_CERTIFICATE_STATUS_INACTIVE: SmartCA reports it as not active
 *   (suspended, revoked, …); the status text says which
 */
typedef enum
{
  SMARTCA_CERTIFICATE_STATUS_ACTIVE,
  SMARTCA_CERTIFICATE_STATUS_EXPIRED,
  SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID,
  SMARTCA_CERTIFICATE_STATUS_INACTIVE,
} SmartcaCertificateStatus;

/**
 * SmartcaBusinessMethod:
 * @SMARTCA_BUSINESS_METHOD_NONE: no business signing set up
 * @SMARTCA_BUSINESS_METHOD_OTP: password + an OTP typed from a third-party
 *   authenticator app at signing time (manual, method 1)
 * @SMARTCA_BUSINESS_METHOD_TOTP: password + secret key, the app computes the
 *   TOTP itself (manual, method 2)
 */
typedef enum
{
  SMARTCA_BUSINESS_METHOD_NONE,
  SMARTCA_BUSINESS_METHOD_OTP,
  SMARTCA_BUSINESS_METHOD_TOTP,
} SmartcaBusinessMethod;

/**
 * SmartcaCertificateFields:
 *
 * Every stored field at once, for building a certificate that nobody
 * observes yet (loading 10,000 rows must not cost 150,000 notifications).
 */
typedef struct
{
  const char           *serial_number;
  const char           *cert_id;
  const char           *lookup_id;
  const char           *service_type;
  const char           *service_name;
  const char           *status_text;
  const char           *status_code;
  const char           *subject_dn;
  const char           *custom_name;
  gint64                valid_from;
  gint64                valid_to;
  gint64                signature_image_id;
  gboolean              is_default;
  gboolean              business_enabled;
  SmartcaBusinessMethod business_method;
} SmartcaCertificateFields;

#define SMARTCA_TYPE_CERTIFICATE (smartca_certificate_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaCertificate, smartca_certificate, SMARTCA, CERTIFICATE, GObject)

SmartcaCertificate *smartca_certificate_new (const char *serial_number);
SmartcaCertificate *smartca_certificate_new_from_fields (const SmartcaCertificateFields *fields);

const char           *smartca_certificate_get_serial_number (SmartcaCertificate *self);
const char           *smartca_certificate_get_cert_id (SmartcaCertificate *self);
void                  smartca_certificate_set_cert_id (SmartcaCertificate *self,
                                                       const char         *cert_id);
const char           *smartca_certificate_get_lookup_id (SmartcaCertificate *self);
void                  smartca_certificate_set_lookup_id (SmartcaCertificate *self,
                                                         const char         *lookup_id);
const char           *smartca_certificate_get_service_type (SmartcaCertificate *self);
void                  smartca_certificate_set_service_type (SmartcaCertificate *self,
                                                            const char         *service_type);
const char           *smartca_certificate_get_service_name (SmartcaCertificate *self);
void                  smartca_certificate_set_service_name (SmartcaCertificate *self,
                                                            const char         *service_name);
const char           *smartca_certificate_get_status_text (SmartcaCertificate *self);
void                  smartca_certificate_set_status_text (SmartcaCertificate *self,
                                                           const char         *status_text);
const char           *smartca_certificate_get_status_code (SmartcaCertificate *self);
void                  smartca_certificate_set_status_code (SmartcaCertificate *self,
                                                           const char         *status_code);
const char           *smartca_certificate_get_subject_dn (SmartcaCertificate *self);
void                  smartca_certificate_set_subject_dn (SmartcaCertificate *self,
                                                          const char         *subject_dn);
gint64                smartca_certificate_get_valid_from (SmartcaCertificate *self);
gint64                smartca_certificate_get_valid_to (SmartcaCertificate *self);
void                  smartca_certificate_set_validity (SmartcaCertificate *self,
                                                        gint64              valid_from,
                                                        gint64              valid_to);
GBytes               *smartca_certificate_get_der (SmartcaCertificate *self);
void                  smartca_certificate_set_der (SmartcaCertificate *self,
                                                   GBytes             *der);
GBytes               *smartca_certificate_get_ca_der (SmartcaCertificate *self);
GBytes               *smartca_certificate_get_root_der (SmartcaCertificate *self);
void                  smartca_certificate_set_chain (SmartcaCertificate *self,
                                                     GBytes             *ca_der,
                                                     GBytes             *root_der);
const char           *smartca_certificate_get_custom_name (SmartcaCertificate *self);
void                  smartca_certificate_set_custom_name (SmartcaCertificate *self,
                                                           const char         *custom_name);
gboolean              smartca_certificate_get_is_default (SmartcaCertificate *self);
void                  smartca_certificate_set_is_default (SmartcaCertificate *self,
                                                          gboolean            is_default);
gint64                smartca_certificate_get_signature_image_id (SmartcaCertificate *self);
void                  smartca_certificate_set_signature_image_id (SmartcaCertificate *self,
                                                                  gint64              image_id);
gboolean              smartca_certificate_get_business_enabled (SmartcaCertificate *self);
SmartcaBusinessMethod smartca_certificate_get_business_method (SmartcaCertificate *self);
void                  smartca_certificate_set_business (SmartcaCertificate   *self,
                                                        gboolean              enabled,
                                                        SmartcaBusinessMethod method);

/* Derived, read-only */
const char              *smartca_certificate_get_display_name (SmartcaCertificate *self);
const char              *smartca_certificate_get_common_name (SmartcaCertificate *self);
const char              *smartca_certificate_get_id_number (SmartcaCertificate *self);
gboolean                 smartca_certificate_get_is_business (SmartcaCertificate *self);
SmartcaCertificateStatus smartca_certificate_get_status_at (SmartcaCertificate *self,
                                                            gint64              now);
SmartcaCertificateStatus smartca_certificate_get_status (SmartcaCertificate *self);
gboolean                 smartca_certificate_can_sign_at (SmartcaCertificate *self,
                                                          gint64              now,
                                                          char              **reason);
gboolean                 smartca_certificate_can_sign (SmartcaCertificate *self,
                                                       char              **reason);
const char              *smartca_certificate_get_sort_key (SmartcaCertificate *self);
int                      smartca_certificate_compare (SmartcaCertificate *a,
                                                      SmartcaCertificate *b);
const char              *smartca_certificate_get_search_text (SmartcaCertificate *self);
char                    *smartca_fold_for_search (const char *text);
gint64                   smartca_certificate_get_days_left_at (SmartcaCertificate *self,
                                                               gint64              now);

void smartca_certificate_update_from (SmartcaCertificate *self,
                                      SmartcaCertificate *fresh);

G_END_DECLS
