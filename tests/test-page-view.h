/* test-page-view.h: what the page view's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-page-view.h"
#include "smartca-pdf.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;
  char            *path;
  PopplerDocument *document;
  GtkWidget       *window;
  SmartcaPageView *view;
  guint            n_changed;
  int              rotation;
  gboolean         cropped; /* a CropBox 20 points in from the left, 30 from the bottom */
} Fixture;

/* The fixture's data: the /Rotate, plus CROPPED for the CropBox */
#define CROPPED 1000
#define CROP_X 20
#define CROP_Y 30

/* What the view shows: its own drawing, rendered, as premultiplied BGRA */
typedef struct
{
  int     width;
  int     height;
  guint8 *pixels;
} Shot;

char            *make_marked_pdf (const char *dir,
                                  int         rotation,
                                  gboolean    cropped);
gboolean         view_is_shown (gpointer data);
void             fixture_set_up (Fixture      *fixture,
                                 gconstpointer data);
void             fixture_tear_down (Fixture      *fixture,
                                    gconstpointer data);
void             page_origin (Fixture *fixture,
                              double  *x,
                              double  *y);
graphene_point_t to_widget (Fixture *fixture,
                            double   x,
                            double   y);
Shot            *shoot (Fixture *fixture);
void             shot_free (Shot *shot);
const guint8    *shot_pixel (const Shot *shot,
                             double      x,
                             double      y);
gboolean         is_ink (const guint8 *p);
gboolean         is_white (const guint8 *p);
gboolean         is_accent (const guint8 *p);
void             assert_description (Fixture    *fixture,
                                     const char *expected);
void             assert_box_described (Fixture *fixture,
                                       guint    page);
void             assert_box (Fixture *fixture,
                             double   x,
                             double   y,
                             double   width,
                             double   height,
                             double   epsilon);
void             set_box (Fixture *fixture,
                          double   x,
                          double   y,
                          double   width,
                          double   height);
char            *window_point (Fixture         *fixture,
                               graphene_point_t point);
void             xdotool_move (Fixture         *fixture,
                               graphene_point_t point);
void             stroke (Fixture *fixture,
                         double   x0,
                         double   y0,
                         double   x1,
                         double   y1);

/* test-page-view-input.c */
void add_input_tests (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shot, shot_free)

G_END_DECLS
