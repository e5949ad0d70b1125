/* TEMPORARY SHIM (img-wiring): replaced by img-cleanup's dialog on merge */
#pragma once
#include <adwaita.h>
G_BEGIN_DECLS
#define SMARTCA_TYPE_IMPORT_DIALOG (smartca_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SmartcaImportDialog, smartca_import_dialog, SMARTCA, IMPORT_DIALOG, AdwWindow)
SmartcaImportDialog *smartca_import_dialog_new (GtkWindow *parent, GBytes *data, const char *label);
G_END_DECLS
