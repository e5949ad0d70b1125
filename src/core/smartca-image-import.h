/* smartca-image-import.h: an image file's bytes turned into the app's
 * normalised signature image (checked, upright, at most 1200 px, PNG)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Files above this size are refused before anything is decoded. */
#define SMARTCA_IMAGE_MAX_FILE_SIZE (20 * 1024 * 1024)
/* Dimensions read from the header, refused before any pixel is decoded. */
#define SMARTCA_IMAGE_MAX_PIXELS (40 * 1000 * 1000)
#define SMARTCA_IMAGE_MAX_SIDE 20000
/* The long side of a normalised image, at most (never scaled up). */
#define SMARTCA_IMAGE_MAX_STORED_SIDE 1200

#define SMARTCA_IMAGE_ERROR (smartca_image_error_quark ())

typedef enum
{
  SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE,
  SMARTCA_IMAGE_ERROR_TRUNCATED,
  SMARTCA_IMAGE_ERROR_TOO_LARGE_FILE,
  SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS,
  SMARTCA_IMAGE_ERROR_UNREADABLE,
} SmartcaImageError;

GQuark smartca_image_error_quark (void);

/* What the normalised image is: its size and the SHA-256 (lowercase hex) of
 * its pixels, so the same picture is stored once. */
typedef struct
{
  int   width;
  int   height;
  char *pixels_sha256;
} SmartcaImageInfo;

#define SMARTCA_TYPE_IMAGE_INFO (smartca_image_info_get_type ())

GType             smartca_image_info_get_type (void) G_GNUC_CONST;
SmartcaImageInfo *smartca_image_info_copy (const SmartcaImageInfo *info);
void              smartca_image_info_free (SmartcaImageInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaImageInfo, smartca_image_info_free)

GBytes *smartca_image_read_file (GFile        *file,
                                 GCancellable *cancellable,
                                 GError      **error);

GBytes *smartca_image_normalize (GBytes            *data,
                                 SmartcaImageInfo **info_out,
                                 GCancellable      *cancellable,
                                 GError           **error);

void    smartca_image_normalize_async (GBytes             *data,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GBytes *smartca_image_normalize_finish (GAsyncResult      *result,
                                        SmartcaImageInfo **info_out,
                                        GError           **error);

G_END_DECLS
