/* smartca-image-add.h: the ways a signature image joins the user's list —
 * a file, the clipboard, a drop, a drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "smartca-signature-image.h"
#include "smartca-store.h"

G_BEGIN_DECLS

/* @image: what the list now holds (the image added, or the one that was
 * already there), or NULL when the user cancelled or it failed (the user was
 * told why). Called once, on the main thread — unless @parent was destroyed
 * first: then the flow stops quietly and @done is not called, since its
 * @user_data is usually part of @parent. */
typedef void (*SmartcaImageAddedFunc) (SmartcaSignatureImage *image,
                                       gpointer               user_data);

void smartca_image_add_from_file (GtkWindow            *parent,
                                  SmartcaStore         *store,
                                  SmartcaImageAddedFunc done,
                                  gpointer              user_data);
void smartca_image_add_from_clipboard (GtkWindow            *parent,
                                       SmartcaStore         *store,
                                       SmartcaImageAddedFunc done,
                                       gpointer              user_data);
void smartca_image_draw (GtkWindow            *parent,
                         SmartcaStore         *store,
                         SmartcaImageAddedFunc done,
                         gpointer              user_data);
void smartca_image_add_drop_target (GtkWidget            *widget,
                                    GtkWindow            *parent,
                                    SmartcaStore         *store,
                                    SmartcaImageAddedFunc done,
                                    gpointer              user_data);

/* Added: one file (a GFile), as if it had been chosen, dropped or pasted. */
void           smartca_image_add_file (GtkWindow            *parent,
                                       SmartcaStore         *store,
                                       GFile                *file,
                                       SmartcaImageAddedFunc done,
                                       gpointer              user_data);
GtkFileFilter *smartca_image_add_new_images_filter (void);

G_END_DECLS
