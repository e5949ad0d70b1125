/* smartca-certificate.c: one SmartCA certificate as the app knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-certificate.h"
#include "smartca-core-enums.h"
#include "smartca-dn.h"

#include <string.h>

#define SECONDS_PER_DAY (24 * 60 * 60)

/* The only cert_status text VNPT documents; anything else means the
 * certificate cannot be used, whatever its dates say. */
#define SMARTCA_STATUS_ACTIVE_TEXT "Đang hoạt động"

struct _SmartcaCertificate
{
  GObject parent_instance;

  char *serial_number;
  char *cert_id;
  char *lookup_id;
  char *service_type;
  char *service_name;
  char *status_text;
  char *status_code;
  char *subject_dn;
  gint64 valid_from;
  gint64 valid_to;
  GBytes *der;
  GBytes *ca_der;
  GBytes *root_der;
  char *custom_name;
  gint64 signature_image_id;
  SmartcaBusinessMethod business_method;
  guint is_default : 1;
  guint business_enabled : 1;

  /* Derived from subject_dn, kept because every card draws them. */
  char *common_name;
  char *id_number;
  char *id_kind;
  char *sort_key; /* of the display name; made on first use */
  char *search_text; /* folded name, subject, ID, serial and package; on first use */
};

enum {
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
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Reads CN and UID=KIND:NUMBER from the subject in one pass. */
static void
derive_from_subject (const char  *subject_dn,
                     char       **common_name,
                     char       **id_number,
                     char       **id_kind)
{
  g_autofree char *uid = NULL;
  const char *colon;

  *common_name = *id_number = *id_kind = NULL;
  smartca_dn_dup_two (subject_dn, "CN", common_name, "UID", &uid);

  if (uid == NULL || uid[0] == '\0')
    return;
  colon = strchr (uid, ':');
  if (colon == NULL)
    {
      *id_number = g_steal_pointer (&uid);
      return;
    }
  *id_kind = g_ascii_strup (uid, colon - uid);
  *id_number = g_strdup (colon + 1);
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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
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

  /* Straight into the fields: nobody can be watching a new object yet. */
  self = g_object_new (SMARTCA_TYPE_CERTIFICATE, NULL);
  self->serial_number = g_ascii_strdown (fields->serial_number, -1);
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
  GObject *object = G_OBJECT (self);

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
smartca_certificate_set_business (SmartcaCertificate    *self,
                                  gboolean               enabled,
                                  SmartcaBusinessMethod  method)
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

/**
 * smartca_certificate_get_is_business:
 *
 * Whether this is an organisation certificate, the kind that can sign through
 * a business (TH) SmartCA account: an e-seal, or a subject identified by a
 * tax number.
 */
gboolean
smartca_certificate_get_is_business (SmartcaCertificate *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (self), FALSE);

  if (g_strcmp0 (self->service_type, "ESEAL") == 0)
    return TRUE;
  if (g_strcmp0 (self->id_kind, "MST") == 0)
    return TRUE;
  if (self->service_name != NULL)
    {
      g_autofree char *upper = g_utf8_strup (self->service_name, -1);

      if (strstr (upper, "DOANH NGHIỆP") != NULL || strstr (upper, "BUSINESS") != NULL ||
          strstr (upper, "ENTERPRISE") != NULL || strstr (upper, "TỔ CHỨC") != NULL)
        return TRUE;
    }
  return FALSE;
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
      const char *name = smartca_certificate_get_display_name (self);
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
  GString *folded;

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
                     ? smartca_certificate_get_id_number (self) : "",
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
