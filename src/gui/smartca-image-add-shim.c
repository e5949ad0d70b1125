/* TEMPORARY (helper D): stands in for img-wiring's smartca-image-add.c until
 * that branch builds; deleted before the final commit. */

#include "config.h"

#include "smartca-image-add.h"

void
smartca_image_add_from_file (GtkWindow            *parent,
                             SmartcaStore         *store,
                             SmartcaImageAddedFunc done,
                             gpointer              user_data)
{
  done (NULL, user_data);
}

void
smartca_image_add_from_clipboard (GtkWindow            *parent,
                                  SmartcaStore         *store,
                                  SmartcaImageAddedFunc done,
                                  gpointer              user_data)
{
  done (NULL, user_data);
}

void
smartca_image_draw (GtkWindow            *parent,
                    SmartcaStore         *store,
                    SmartcaImageAddedFunc done,
                    gpointer              user_data)
{
  done (NULL, user_data);
}

void
smartca_image_add_drop_target (GtkWidget            *widget,
                               GtkWindow            *parent,
                               SmartcaStore         *store,
                               SmartcaImageAddedFunc done,
                               gpointer              user_data)
{
}
