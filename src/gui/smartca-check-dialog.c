/* smartca-check-dialog.c: TEMPORARY STUB so that biz-dialog builds before
 * biz-check (helper E) lands; the integrator takes E's file instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-check-dialog.h"

struct _SmartcaCheckDialog
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (SmartcaCheckDialog, smartca_check_dialog, ADW_TYPE_WINDOW)

static void
smartca_check_dialog_class_init (SmartcaCheckDialogClass *klass)
{
}

static void
smartca_check_dialog_init (SmartcaCheckDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), "Check Account");
}

SmartcaCheckDialog *
smartca_check_dialog_new (GtkWindow          *parent,
                          SmartcaContext     *context,
                          SmartcaCertificate *certificate,
                          const char         *password,
                          SmartcaTotpKey     *key)
{
  return g_object_new (SMARTCA_TYPE_CHECK_DIALOG, "transient-for", parent, NULL);
}

SmartcaCheckDialog *
smartca_check_dialog_new_saved (GtkWindow          *parent,
                                SmartcaContext     *context,
                                SmartcaCertificate *certificate)
{
  return g_object_new (SMARTCA_TYPE_CHECK_DIALOG, "transient-for", parent, NULL);
}
