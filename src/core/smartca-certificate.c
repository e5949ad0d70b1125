/* smartca-certificate.c: one SmartCA certificate as the app knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-certificate.h"
#include "smartca-certificate-private.h"
#include "smartca-core-enums.h"
#include "smartca-dn.h"

#include <string.h>

enum
{
  PROP_0,
  PROP_SERIAL_NUMBER,
  PROP_CERT_ID,
  PROP_LOOKUP_ID,
  PROP_SERVICE_TYPE,
  PROP_SERVICE_NAME,
  PROP_STATUS_TEXT,
  PROP_STATUS_CODE,
  PROP_SUBJECT_DN,
  PROP_VALID_FROM,
  PROP_VALID_TO,
  PROP_CUSTOM_NAME,
  PROP_IS_DEFAULT,
  PROP_SIGNATURE_IMAGE_ID,
  PROP_BUSINESS_ENABLED,
  PROP_BUSINESS_METHOD,
  PROP_DISPLAY_NAME,
  PROP_COMMON_NAME,
  PROP_ID_NUMBER,
  PROP_IS_BUSINESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaCertificate, smartca_certificate, G_TYPE_OBJECT)

static gboolean
replace_string (char      **field,
                const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Reads CN and UID=KIND:NUMBER from the subject in one pass. */
static void
derive_from_subject (const char *subject_dn,
                     char      **common_name,
                     char      **id_number,
                     char      **id_kind)
{
  g_autofree char *uid = NULL;

  smartca_dn_dup_two (subject_dn, "CN", common_name, "UID", &uid);
  *id_number = smartca_dn_split_uid (uid, id_kind);
}

static void
drop_sort_key (SmartcaCertificate *self)
{
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->search_text, g_free);
}

/* Anything that is searched changed. */
static void
drop_search_text (SmartcaCertificate *self)
{
  g_clear_pointer (&self->search_text, g_free);
}

static gboolean
replace_bytes (GBytes **field,
               GBytes  *value)
{
  if (*field == value || (*field != NULL && value != NULL && g_bytes_equal (*field, value)))
    return FALSE;
  g_clear_pointer (field, g_bytes_unref);
  *field = value != NULL ? g_bytes_ref (value) : NULL;
  return TRUE;
}

static void
smartca_certificate_finalize (GObject *object)
{
  SmartcaCertificate *self = (SmartcaCertificate *) object;

  g_free (self->serial_number);
  g_free (self->cert_id);
  g_free (self->lookup_id);
  g_free (self->service_type);
  g_free (self->service_name);
  g_free (self->status_text);
  g_free (self->status_code);
  g_free (self->subject_dn);
  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->ca_der, g_bytes_unref);
  g_clear_pointer (&self->root_der, g_bytes_unref);
  g_free (self->custom_name);
  g_free (self->common_name);
  g_free (self->id_number);
  g_free (self->id_kind);
  g_free (self->sort_key);
  g_free (self->search_text);

  G_OBJECT_CLASS (smartca_certificate_parent_class)->finalize (object);
}

static void
smartca_certificate_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SmartcaCertificate *self = SMARTCA_CERTIFICATE (object);

  switch (prop_id)
    {
    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;
    case PROP_CERT_ID:
      g_value_set_string (value, self->cert_id);
      break;
    case PROP_LOOKUP_ID:
      g_value_set_string (value, self->lookup_id);
      break;
    case PROP_SERVICE_TYPE:
      g_value_set_string (value, self->service_type);
      break;
    case PROP_SERVICE_NAME:
      g_value_set_string (value, self->service_name);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_STATUS_CODE:
      g_value_set_string (value, self->status_code);
      break;
    case PROP_SUBJECT_DN:
      g_value_set_string (value, self->subject_dn);
      break;
    case PROP_VALID_FROM:
      g_value_set_int64 (value, self->valid_from);
      break;
    case PROP_VALID_TO:
      g_value_set_int64 (value, self->valid_to);
      break;
    case PROP_CUSTOM_NAME:
      g_value_set_string (value, self->custom_name);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    case PROP_SIGNATURE_IMAGE_ID:
      g_value_set_int64 (value, self->signature_image_id);
      break;
    case PROP_BUSINESS_ENABLED:
      g_value_set_boolean (value, self->business_enabled);
      break;
    case PROP_BUSINESS_METHOD:
      g_value_set_enum (value, self->business_method);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, smartca_certificate_get_display_name (self));
      break;
    case PROP_COMMON_NAME:
      g_value_set_string (value, self->common_name);
      break;
    case PROP_ID_NUMBER:
      g_value_set_string (value, smartca_certificate_get_id_number (self));
      break;
    case PROP_IS_BUSINESS:
      g_value_set_boolean (value, smartca_certificate_get_is_business (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_certificate_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SmartcaCertificate *self = SMARTCA_CERTIFICATE (object);

  switch (prop_id)
    {
    case PROP_SERIAL_NUMBER:
      /* Serial numbers are hexadecimal; VNPT writes them in lower case. */
      g_free (self->serial_number);
      self->serial_number = g_ascii_strdown (g_value_get_string (value) ?: "", -1);
      break;
    case PROP_CERT_ID:
      smartca_certificate_set_cert_id (self, g_value_get_string (value));
      break;
    case PROP_LOOKUP_ID:
      smartca_certificate_set_lookup_id (self, g_value_get_string (value));
      break;
    case PROP_SERVICE_TYPE:
      smartca_certificate_set_service_type (self, g_value_get_string (value));
      break;
    case PROP_SERVICE_NAME:
      smartca_certificate_set_service_name (self, g_value_get_string (value));
      break;
    case PROP_STATUS_TEXT:
      smartca_certificate_set_status_text (self, g_value_get_string (value));
      break;
    case PROP_STATUS_CODE:
      smartca_certificate_set_status_code (self, g_value_get_string (value));
      break;
    case PROP_SUBJECT_DN:
      smartca_certificate_set_subject_dn (self, g_value_get_string (value));
      break;
    case PROP_VALID_FROM:
      smartca_certificate_set_validity (self, g_value_get_int64 (value), self->valid_to);
      break;
    case PROP_VALID_TO:
      smartca_certificate_set_validity (self, self->valid_from, g_value_get_int64 (value));
      break;
    case PROP_CUSTOM_NAME:
      smartca_certificate_set_custom_name (self, g_value_get_string (value));
      break;
    case PROP_IS_DEFAULT:
      smartca_certificate_set_is_default (self, g_value_get_boolean (value));
      break;
    case PROP_SIGNATURE_IMAGE_ID:
      smartca_certificate_set_signature_image_id (self, g_value_get_int64 (value));
      break;
    case PROP_BUSINESS_ENABLED:
      smartca_certificate_set_business (self, g_value_get_boolean (value), self->business_method);
      break;
    case PROP_BUSINESS_METHOD:
      smartca_certificate_set_business (self, self->business_enabled, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_certificate_class_init (SmartcaCertificateClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = smartca_certificate_finalize;
  object_class->get_property = smartca_certificate_get_property;
  object_class->set_property = smartca_certificate_set_property;

  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERT_ID] = g_param_spec_string ("cert-id", NULL, NULL, NULL, rw);
  properties[PROP_LOOKUP_ID] = g_param_spec_string ("lookup-id", NULL, NULL, NULL, rw);
  properties[PROP_SERVICE_TYPE] = g_param_spec_string ("service-type", NULL, NULL, NULL, rw);
  properties[PROP_SERVICE_NAME] = g_param_spec_string ("service-name", NULL, NULL, NULL, rw);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, rw);
  properties[PROP_STATUS_CODE] = g_param_spec_string ("status-code", NULL, NULL, NULL, rw);
  properties[PROP_SUBJECT_DN] = g_param_spec_string ("subject-dn", NULL, NULL, NULL, rw);
  properties[PROP_VALID_FROM] =
    g_param_spec_int64 ("valid-from", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  properties[PROP_VALID_TO] =
    g_param_spec_int64 ("valid-to", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  properties[PROP_CUSTOM_NAME] = g_param_spec_string ("custom-name", NULL, NULL, NULL, rw);
  properties[PROP_IS_DEFAULT] = g_param_spec_boolean ("is-default", NULL, NULL, FALSE, rw);
  properties[PROP_SIGNATURE_IMAGE_ID] =
    g_param_spec_int64 ("signature-image-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_BUSINESS_ENABLED] =
    g_param_spec_boolean ("business-enabled", NULL, NULL, FALSE, rw);
  properties[PROP_BUSINESS_METHOD] =
    g_param_spec_enum ("business-method", NULL, NULL, SMARTCA_TYPE_BUSINESS_METHOD,
                       SMARTCA_BUSINESS_METHOD_NONE, rw);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_COMMON_NAME] = g_param_spec_string ("common-name", NULL, NULL, NULL, ro);
  properties[PROP_ID_NUMBER] = g_param_spec_string ("id-number", NULL, NULL, NULL, ro);
  properties[PROP_IS_BUSINESS] = g_param_spec_boolean ("is-business", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_certificate_init (SmartcaCertificate *self)
{
}

/* Public API */

SmartcaCertificate *
smartca_certificate_new (const char *serial_number)
{
  g_return_val_if_fail (serial_number != NULL, NULL);

  return g_object_new (SMARTCA_TYPE_CERTIFICATE, "serial-number", serial_number, NULL);
}

SmartcaCertificate *
smartca_certificate_new_from_fields (const SmartcaCertificateFields *fields)
{
  SmartcaCertificate *self;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->serial_number != NULL, NULL);

  /* The serial is construct-only: given here, or the construct step would
   * set it to "" first. The rest goes straight into the fields: nobody can
   * be watching a new object yet. */
  self = g_object_new (SMARTCA_TYPE_CERTIFICATE, "serial-number", fields->serial_number, NULL);
  self->cert_id = g_strdup (fields->cert_id);
  self->lookup_id = g_strdup (fields->lookup_id);
  self->service_type = g_strdup (fields->service_type);
  self->service_name = g_strdup (fields->service_name);
  self->status_text = g_strdup (fields->status_text);
  self->status_code = g_strdup (fields->status_code);
  self->subject_dn = g_strdup (fields->subject_dn);
  self->custom_name = fields->custom_name != NULL && fields->custom_name[0] != '\0'
                        ? g_strdup (fields->custom_name)
                        : NULL;
  self->valid_from = fields->valid_from;
  self->valid_to = fields->valid_to;
  self->signature_image_id = fields->signature_image_id;
  self->is_default = !!fields->is_default;
  self->business_enabled = !!fields->business_enabled;
  self->business_method = fields->business_method;
  derive_from_subject (self->subject_dn, &self->common_name, &self->id_number, &self->id_kind);
  return self;
}

const char *
smartca_certificate_get_serial_number (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->serial_number;
}

const char *
smartca_certificate_get_cert_id (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->cert_id;
}

void
smartca_certificate_set_cert_id (SmartcaCertificate *self,
                                 const char         *cert_id)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));
  if (replace_string (&self->cert_id, cert_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERT_ID]);
}

const char *
smartca_certificate_get_lookup_id (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->lookup_id;
}

void
smartca_certificate_set_lookup_id (SmartcaCertificate *self,
                                   const char         *lookup_id)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  if (!replace_string (&self->lookup_id, lookup_id))
    return;
  drop_search_text (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOKUP_ID]);
  if (self->id_number == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID_NUMBER]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
smartca_certificate_get_service_type (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->service_type;
}

void
smartca_certificate_set_service_type (SmartcaCertificate *self,
                                      const char         *service_type)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  if (!replace_string (&self->service_type, service_type))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_BUSINESS]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
smartca_certificate_get_service_name (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->service_name;
}

void
smartca_certificate_set_service_name (SmartcaCertificate *self,
                                      const char         *service_name)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  if (!replace_string (&self->service_name, service_name))
    return;
  drop_search_text (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_BUSINESS]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
smartca_certificate_get_status_text (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->status_text;
}

void
smartca_certificate_set_status_text (SmartcaCertificate *self,
                                     const char         *status_text)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));
  if (replace_string (&self->status_text, status_text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

const char *
smartca_certificate_get_status_code (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->status_code;
}

void
smartca_certificate_set_status_code (SmartcaCertificate *self,
                                     const char         *status_code)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));
  if (replace_string (&self->status_code, status_code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_CODE]);
}

const char *
smartca_certificate_get_subject_dn (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->subject_dn;
}

void
smartca_certificate_set_subject_dn (SmartcaCertificate *self,
                                    const char         *subject_dn)
{
  g_autofree char *common_name = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *id_kind = NULL;
  GObject         *object = G_OBJECT (self);

  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  if (!replace_string (&self->subject_dn, subject_dn))
    return;
  drop_search_text (self);

  derive_from_subject (subject_dn, &common_name, &id_number, &id_kind);

  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_SUBJECT_DN]);
  if (replace_string (&self->common_name, common_name))
    {
      g_object_notify_by_pspec (object, properties[PROP_COMMON_NAME]);
      if (self->custom_name == NULL)
        {
          drop_sort_key (self);
          g_object_notify_by_pspec (object, properties[PROP_DISPLAY_NAME]);
        }
    }
  if (replace_string (&self->id_number, id_number))
    g_object_notify_by_pspec (object, properties[PROP_ID_NUMBER]);
  if (replace_string (&self->id_kind, id_kind))
    g_object_notify_by_pspec (object, properties[PROP_IS_BUSINESS]);
  g_object_thaw_notify (object);
}

gint64
smartca_certificate_get_valid_from (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), 0);
  return self->valid_from;
}

gint64
smartca_certificate_get_valid_to (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), 0);
  return self->valid_to;
}

void
smartca_certificate_set_validity (SmartcaCertificate *self,
                                  gint64              valid_from,
                                  gint64              valid_to)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  g_object_freeze_notify (object);
  if (self->valid_from != valid_from)
    {
      self->valid_from = valid_from;
      g_object_notify_by_pspec (object, properties[PROP_VALID_FROM]);
    }
  if (self->valid_to != valid_to)
    {
      self->valid_to = valid_to;
      g_object_notify_by_pspec (object, properties[PROP_VALID_TO]);
    }
  g_object_thaw_notify (object);
}

/**
 * smartca_certificate_get_der:
 *
 * Returns: (nullable) (transfer none): the DER of the certificate, when it
 *   was loaded; the store loads it on demand
 */
GBytes *
smartca_certificate_get_der (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->der;
}

void
smartca_certificate_set_der (SmartcaCertificate *self,
                             GBytes             *der)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));
  replace_bytes (&self->der, der);
}

GBytes *
smartca_certificate_get_ca_der (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->ca_der;
}

GBytes *
smartca_certificate_get_root_der (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->root_der;
}

void
smartca_certificate_set_chain (SmartcaCertificate *self,
                               GBytes             *ca_der,
                               GBytes             *root_der)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));
  replace_bytes (&self->ca_der, ca_der);
  replace_bytes (&self->root_der, root_der);
}

const char *
smartca_certificate_get_custom_name (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), NULL);
  return self->custom_name;
}

void
smartca_certificate_set_custom_name (SmartcaCertificate *self,
                                     const char         *custom_name)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  if (custom_name != NULL && custom_name[0] == '\0')
    custom_name = NULL;

  if (!replace_string (&self->custom_name, custom_name))
    return;

  drop_sort_key (self);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
smartca_certificate_get_is_default (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), FALSE);
  return self->is_default;
}

void
smartca_certificate_set_is_default (SmartcaCertificate *self,
                                    gboolean            is_default)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  is_default = !!is_default;
  if (self->is_default == (guint) is_default)
    return;
  self->is_default = is_default;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEFAULT]);
}

gint64
smartca_certificate_get_signature_image_id (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), 0);
  return self->signature_image_id;
}

void
smartca_certificate_set_signature_image_id (SmartcaCertificate *self,
                                            gint64              image_id)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  if (self->signature_image_id == image_id)
    return;
  self->signature_image_id = image_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNATURE_IMAGE_ID]);
}

gboolean
smartca_certificate_get_business_enabled (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), FALSE);
  return self->business_enabled;
}

SmartcaBusinessMethod
smartca_certificate_get_business_method (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), SMARTCA_BUSINESS_METHOD_NONE);
  return self->business_method;
}

void
smartca_certificate_set_business (SmartcaCertificate   *self,
                                  gboolean              enabled,
                                  SmartcaBusinessMethod method)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (SMARTCA_IS_CERTIFICATE (self));

  enabled = !!enabled;
  g_object_freeze_notify (object);
  if (self->business_enabled != (guint) enabled)
    {
      self->business_enabled = enabled;
      g_object_notify_by_pspec (object, properties[PROP_BUSINESS_ENABLED]);
    }
  if (self->business_method != method)
    {
      self->business_method = method;
      g_object_notify_by_pspec (object, properties[PROP_BUSINESS_METHOD]);
    }
  g_object_thaw_notify (object);
}
