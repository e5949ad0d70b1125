/* smartca-signature-image.c: one of the user's signature images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of signature_images as the app shows it. The store creates these
 * and changes them (label, default) only after the change is written; the
 * picture itself, a normalised PNG in the images folder, never changes.
 */

#include "config.h"

#include "smartca-signature-image.h"
#include "smartca-signature-image-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _SmartcaSignatureImage
{
  GObject parent_instance;

  gint64   id;
  char    *file_name;
  char    *label;
  char    *pixels_sha256;
  GFile   *file;
  int      width;
  int      height;
  gint64   added_at;
  gboolean is_default;
  gboolean has_file;
};

/* Never a name of a stored file: those do not start with '.'. */
#define MISSING_FILE_NAME ".no-such-image"

static gboolean
is_plain_file_name (const char *file_name)
{
  return file_name != NULL && file_name[0] != '\0' && file_name[0] != '.' &&
         strchr (file_name, '/') == NULL && strchr (file_name, G_DIR_SEPARATOR) == NULL;
}

enum
{
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_PIXELS_SHA256,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_ADDED_AT,
  PROP_IS_DEFAULT,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaSignatureImage, smartca_signature_image, G_TYPE_OBJECT)

/* A row written before labels were required has none: it is named after
 * its number, as a new image without a label is. */
static char *
dup_fallback_label (gint64 id)
{
  /* Translators: the name of a signature image the user gave no name */
  return g_strdup_printf (_("Signature %u"), (guint) id);
}

static void
smartca_signature_image_finalize (GObject *object)
{
  SmartcaSignatureImage *self = (SmartcaSignatureImage *) object;

  g_free (self->file_name);
  g_free (self->label);
  g_free (self->pixels_sha256);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (smartca_signature_image_parent_class)->finalize (object);
}

static void
smartca_signature_image_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SmartcaSignatureImage *self = SMARTCA_SIGNATURE_IMAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_PIXELS_SHA256:
      g_value_set_string (value, self->pixels_sha256);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_ADDED_AT:
      g_value_set_int64 (value, self->added_at);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_signature_image_class_init (SmartcaSignatureImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = smartca_signature_image_finalize;
  object_class->get_property = smartca_signature_image_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_PIXELS_SHA256] = g_param_spec_string ("pixels-sha256", NULL, NULL, NULL, flags);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_ADDED_AT] = g_param_spec_int64 ("added-at", NULL, NULL, G_MININT64, G_MAXINT64,
                                                  0, flags);
  properties[PROP_IS_DEFAULT] = g_param_spec_boolean ("is-default", NULL, NULL, FALSE, flags);
  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_signature_image_init (SmartcaSignatureImage *self)
{
}

/* For the store */

SmartcaSignatureImage *
smartca_signature_image_new (const SmartcaSignatureImageFields *fields,
                             const char                        *images_dir)
{
  SmartcaSignatureImage *self = g_object_new (SMARTCA_TYPE_SIGNATURE_IMAGE, NULL);

  self->id = fields->id;
  self->file_name = g_strdup (fields->file_name);
  self->label = fields->label != NULL && fields->label[0] != '\0'
                  ? g_strdup (fields->label)
                  : dup_fallback_label (fields->id);
  self->pixels_sha256 = g_strdup (fields->pixels_sha256);
  self->width = MAX (fields->width, 0);
  self->height = MAX (fields->height, 0);
  self->added_at = fields->added_at;
  self->is_default = fields->is_default;
  /* A name the store did not write (a path, "..", a hidden name) is not
   * followed: such an image has no file, and its path is one the store
   * never writes. */
  self->has_file = is_plain_file_name (fields->file_name);
  self->file = g_file_new_build_filename (images_dir,
                                          self->has_file ? fields->file_name : MISSING_FILE_NAME,
                                          NULL);
  return self;
}

/* Whether the image's file name was a plain name inside the images folder
 * (what the store writes, or a legacy row's own name): if not, there is no
 * file to read. */
gboolean
smartca_signature_image_has_file (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), FALSE);
  return self->has_file;
}

const char *
smartca_signature_image_get_file_name (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), NULL);
  return self->file_name;
}

void
smartca_signature_image_set_label (SmartcaSignatureImage *self,
                                   const char            *label)
{
  g_autofree char *next = NULL;

  g_return_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self));

  next = label != NULL && label[0] != '\0' ? g_strdup (label) : dup_fallback_label (self->id);
  if (g_strcmp0 (self->label, next) == 0)
    return;
  g_free (self->label);
  self->label = g_steal_pointer (&next);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

void
smartca_signature_image_set_is_default (SmartcaSignatureImage *self,
                                        gboolean               is_default)
{
  g_return_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self));

  is_default = !!is_default;
  if (self->is_default == is_default)
    return;
  self->is_default = is_default;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEFAULT]);
}

/* Public API */

gint64
smartca_signature_image_get_id (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), 0);
  return self->id;
}

/**
 * smartca_signature_image_get_label:
 *
 * Returns: (transfer none): the name the user gave the image; never %NULL
 */
const char *
smartca_signature_image_get_label (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), NULL);
  return self->label;
}

/**
 * smartca_signature_image_get_pixels_sha256:
 *
 * Returns: (transfer none) (nullable): the SHA-256 of the normalised
 *   pixels, lowercase hex; %NULL for an image stored before it was kept
 */
const char *
smartca_signature_image_get_pixels_sha256 (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), NULL);
  return self->pixels_sha256;
}

/* 0 when unknown (an image stored before the size was kept). */
int
smartca_signature_image_get_width (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), 0);
  return self->width;
}

int
smartca_signature_image_get_height (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), 0);
  return self->height;
}

/* Seconds since the Unix epoch. */
gint64
smartca_signature_image_get_added_at (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), 0);
  return self->added_at;
}

gboolean
smartca_signature_image_get_is_default (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), FALSE);
  return self->is_default;
}

/**
 * smartca_signature_image_get_file:
 *
 * Returns: (transfer none): the stored PNG
 */
GFile *
smartca_signature_image_get_file (SmartcaSignatureImage *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (self), NULL);
  return self->file;
}
