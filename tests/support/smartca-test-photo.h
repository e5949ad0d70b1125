/* smartca-test-photo.h: generated "photos" of a signature on paper (off-white
 * paper with noise and uneven light, a pen stroke drawn as thick anti-aliased
 * curves), and how a cleaned-up result compares with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

#define SMARTCA_TEST_PHOTO_WIDTH 900
#define SMARTCA_TEST_PHOTO_HEIGHT 600
#define SMARTCA_TEST_PHOTO_PEN_RADIUS 4.0
/* The clean-up's margin around the ink is at most this. */
#define SMARTCA_TEST_PHOTO_MAX_MARGIN 24

typedef struct
{
  GdkPixbuf *pixbuf;
  float     *coverage;                 /* how much of each pixel the stroke covers, 0..1 */
  float     *distance;                 /* to the stroke's centre line (capped) */
  int        left, top, right, bottom; /* the stroke's extent (coverage ≥ 0.5) */
} SmartcaTestPhoto;

/* How a cleaned-up image matches the photo. Paper: farther than 2.5 px
 * from the stroke's edge; core: within the stroke, a pixel from its edge. */
typedef struct
{
  guint paper, paper_clear; /* alpha 0, or trimmed away */
  guint core, core_opaque;  /* alpha ≥ 200 */
  guint core_blue;          /* clearly blue */
} SmartcaTestPhotoTally;

extern const guint8 smartca_test_blue_ink[3];
extern const guint8 smartca_test_black_ink[3];

/* @light_low..1.05: the light across the sheet, left to right. */
SmartcaTestPhoto     *smartca_test_photo_new (const guint8 ink[3],
                                              gboolean     with_stroke,
                                              double       light_low,
                                              guint32      seed);
void                  smartca_test_photo_free (SmartcaTestPhoto *photo);
GBytes               *smartca_test_photo_png (SmartcaTestPhoto *photo);
SmartcaTestPhotoTally smartca_test_photo_tally (SmartcaTestPhoto *photo,
                                                GdkPixbuf        *cleaned);
void                  smartca_test_photo_assert_clean (SmartcaTestPhoto *photo,
                                                       GdkPixbuf        *cleaned);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaTestPhoto, smartca_test_photo_free)

G_END_DECLS
