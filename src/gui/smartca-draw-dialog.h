/* TEMPORARY SHIM (img-wiring): replaced by img-draw's dialog on merge */
#pragma once
#include <adwaita.h>
G_BEGIN_DECLS
#define SMARTCA_TYPE_DRAW_DIALOG (smartca_draw_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SmartcaDrawDialog, smartca_draw_dialog, SMARTCA, DRAW_DIALOG, AdwWindow)
SmartcaDrawDialog *smartca_draw_dialog_new (GtkWindow *parent);
G_END_DECLS
