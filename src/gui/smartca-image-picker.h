/* TEMPORARY SHIM (img-wiring): replaced by img-gallery's picker on merge */
#pragma once
#include <gtk/gtk.h>
#include "smartca-store.h"
G_BEGIN_DECLS
GtkWindow *smartca_image_picker_new (GtkWindow *parent, SmartcaStore *store, SmartcaCertificate *certificate);
G_END_DECLS
