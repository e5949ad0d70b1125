/* smartca-signed-documents.c: the Detail's "Signed Documents" group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same rows as the History page, for one certificate (by serial
 * number), with a line saying so when there are none.
 */

#include "config.h"

#include "smartca-signed-documents.h"
#include "smartca-history-row.h"
#include "smartca-history.h"
#include "smartca-x509.h"

#include <glib/gi18n.h>

struct _SmartcaSignedDocuments
{
  AdwPreferencesGroup parent_instance;

  char               *serial_number;
  GtkFilterListModel *filtered;
  GtkListBox         *list;
};

G_DEFINE_FINAL_TYPE (SmartcaSignedDocuments, smartca_signed_documents, ADW_TYPE_PREFERENCES_GROUP)

static gboolean
filter_entry (gpointer item,
              gpointer user_data)
{
  SmartcaSignedDocuments *self = user_data;

  return smartca_x509_serials_equal (smartca_history_entry_get_serial_number (item),
                                     self->serial_number);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return smartca_history_row_new (SMARTCA_HISTORY_ENTRY (item), FALSE);
}

static void
smartca_signed_documents_dispose (GObject *object)
{
  SmartcaSignedDocuments *self = SMARTCA_SIGNED_DOCUMENTS (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->filtered);
  g_clear_pointer (&self->serial_number, g_free);

  G_OBJECT_CLASS (smartca_signed_documents_parent_class)->dispose (object);
}

static void
smartca_signed_documents_class_init (SmartcaSignedDocumentsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = smartca_signed_documents_dispose;
}

static void
smartca_signed_documents_init (SmartcaSignedDocuments *self)
{
  GtkWidget *placeholder = gtk_label_new (_("No documents signed with this certificate yet"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Signed Documents"));

  gtk_widget_set_name (placeholder, "signed_documents_empty");
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_xalign (GTK_LABEL (placeholder), 0);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "signed_documents_list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signed Documents"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->list));
}

void
smartca_signed_documents_bind (SmartcaSignedDocuments *self,
                               SmartcaStore           *store,
                               const char             *serial_number)
{
  g_return_if_fail (SMARTCA_IS_SIGNED_DOCUMENTS (self));
  g_return_if_fail (self->filtered == NULL);

  if (store == NULL || serial_number == NULL)
    return;
  self->serial_number = g_strdup (serial_number);
  self->filtered = gtk_filter_list_model_new (
    g_object_ref (smartca_store_get_history (store)),
    GTK_FILTER (gtk_custom_filter_new (filter_entry, self, NULL)));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->filtered), create_row, NULL, NULL);
}
