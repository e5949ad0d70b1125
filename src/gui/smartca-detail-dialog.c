/* smartca-detail-dialog.c: "VNPT SmartCA certificate information"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field of the manual's section 2, named as users know them, plus the
 * fingerprint, the chain and an export. Subject, issuer and validity are read
 * from the certificate itself; the rest comes from what SmartCA said. The
 * name is the one thing edited here (manual section 3): Save stores it, and
 * an empty name restores the one SmartCA gave.
 */

#include "config.h"

#include "smartca-detail-dialog.h"
#include "smartca-detail-business.h"
#include "smartca-dn.h"
#include "smartca-export.h"
#include "smartca-format.h"
#include "smartca-image-picker.h"
#include "smartca-image-thumbnail.h"
#include "smartca-signed-documents.h"
#include "smartca-x509.h"

#include <glib/gi18n.h>

struct _SmartcaDetailDialog
{
  AdwWindow parent_instance;

  SmartcaContext     *context;
  SmartcaCertificate *certificate;
  SmartcaX509Info    *info;

  AdwToastOverlay        *toast_overlay;
  AdwWindowTitle         *window_title;
  GtkWidget              *save_button;
  AdwEntryRow            *name_row;
  GtkLabel               *name_hint_label;
  AdwPreferencesGroup    *fields_group;
  AdwPreferencesGroup    *technical_group;
  AdwPreferencesGroup    *chain_group;
  GtkWidget              *export_button;
  AdwActionRow           *image_row;
  GtkBox                 *image_slot;
  GtkWidget              *change_image_button;
  SmartcaDetailBusiness  *business_group;
  SmartcaSignedDocuments *signed_documents;

  /* The signature image row */
  GtkWidget             *image_thumbnail;
  SmartcaStore          *store;
  SmartcaSignatureImage *shown_image;
  gulong                 shown_label_handler;
};

G_DEFINE_FINAL_TYPE (SmartcaDetailDialog, smartca_detail_dialog, ADW_TYPE_WINDOW)

/* A toast's title is markup; @text is shown as it is written, on one line
 * (an error may quote a file name or SmartCA). */
static void
show_toast (SmartcaDetailDialog *self,
            const char          *text)
{
  g_autofree char *clean = smartca_format_clean (text);
  g_autofree char *markup = g_markup_escape_text (clean, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

/* Rows */

static void
copy_clicked_cb (GtkButton           *button,
                 SmartcaDetailDialog *self)
{
  const char *value = g_object_get_data (G_OBJECT (button), "value");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), value);
  show_toast (self, _("Copied to the clipboard"));
}

/* A row: its name above @text, which wraps and can be selected; with
 * @copy_value, a button that copies that. */
static void
add_row (SmartcaDetailDialog *self,
         AdwPreferencesGroup *group,
         const char          *buildable_id,
         const char          *title,
         const char          *text,
         const char          *copy_value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *caption = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (text != NULL && text[0] != '\0' ? text : "—");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The value and its copy button take the focus; the row itself need not. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (texts, TRUE);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, buildable_id);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL, -1);

  gtk_box_append (GTK_BOX (texts), caption);
  gtk_box_append (GTK_BOX (texts), label);
  gtk_box_append (GTK_BOX (box), texts);

  if (copy_value != NULL && copy_value[0] != '\0')
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      /* Translators: accessible name of a copy button, "Copy Serial number" */
      g_autofree char *label_text = g_strdup_printf (_("Copy %s"), title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label_text);
      {
        g_autofree char *name = g_strdup_printf ("copy-%s", buildable_id);
        gtk_widget_set_name (button, name);
      }
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label_text, -1);
      g_object_set_data_full (G_OBJECT (button), "value", g_strdup (copy_value), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_group_add (group, row);
}

/* A value from SmartCA or the certificate: shown exactly, its hidden
 * characters written out rather than obeyed; with @copy, copied exactly as
 * received. */
static void
add_field (SmartcaDetailDialog *self,
           AdwPreferencesGroup *group,
           const char          *buildable_id,
           const char          *title,
           const char          *value,
           gboolean             copy)
{
  g_autofree char *shown = smartca_format_reveal (value);

  add_row (self, group, buildable_id, title, shown, copy ? value : NULL);
}

/* A sentence of ours, with any values in it isolated */
static void
add_text (SmartcaDetailDialog *self,
          AdwPreferencesGroup *group,
          const char          *buildable_id,
          const char          *title,
          const char          *text)
{
  add_row (self, group, buildable_id, title, text, NULL);
}

static char *
dn_common_name (const char *dn)
{
  char *cn = smartca_dn_dup_attribute (dn, "CN");

  return cn != NULL ? cn : g_strdup (dn);
}

static char *
x509_validity (SmartcaX509Info *info)
{
  g_autofree char *from = smartca_format_date (info->not_before);
  g_autofree char *to = smartca_format_date (info->not_after);

  return g_strdup_printf (_("%s – %s"), from, to);
}

static void
fill_fields (SmartcaDetailDialog *self)
{
  SmartcaCertificate *c = self->certificate;
  gint64              now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char    *subject = NULL;
  g_autofree char    *validity = NULL;
  g_autofree char    *expiry = NULL;
  g_autofree char    *validity_text = NULL;
  g_autofree char    *status = NULL;
  g_autofree char    *package = NULL;
  g_autofree char    *cannot_sign_reason = NULL;
  g_autofree char    *default_text = NULL;
  gboolean            can_sign;
  const char         *status_text = smartca_certificate_get_status_text (c);
  const char         *status_label;
  const char         *service_type = smartca_certificate_get_service_type (c);

  subject = self->info != NULL ? dn_common_name (self->info->subject_dn)
                               : g_strdup (smartca_certificate_get_common_name (c));
  validity = self->info != NULL ? x509_validity (self->info) : smartca_format_validity (c);
  expiry = smartca_expiry_text (c, now, NULL);
  validity_text = g_strdup_printf ("%s\n%s", validity, expiry);

  /* Beside our words, SmartCA's are isolated: an override in them cannot
   * reach ours. Alone, they are a value like the others. */
  status_label = smartca_status_label (c, smartca_certificate_get_status_at (c, now));
  if (status_text != NULL && status_text[0] != '\0' && g_strcmp0 (status_label, status_text) != 0)
    {
      g_autofree char *said = smartca_format_isolate (status_text);

      /* Translators: our status, then SmartCA's own words for it */
      status = g_strdup_printf (_("%s (SmartCA: %s)"), status_label, said);
    }

  /* The default is the certificate that signs: say whether this one can be. */
  can_sign = smartca_certificate_can_sign_at (c, now, &cannot_sign_reason);
  if (smartca_certificate_get_is_default (c))
    default_text = can_sign
                     ? g_strdup (_("Yes — it is used for signing"))
                     /* Translators: %s says why ("expired on 07/03/2027") */
                     : g_strdup_printf (_("Yes, but it cannot sign: %s. Choose another default."),
                                        cannot_sign_reason);
  else
    default_text = can_sign
                     ? g_strdup (_("No — choose Default in its menu to sign with it"))
                     /* Translators: %s says why ("expired on 07/03/2027") */
                     : g_strdup_printf (_("Cannot be the default: %s"), cannot_sign_reason);

  if (service_type != NULL &&
      g_strcmp0 (service_type, smartca_certificate_get_service_name (c)) != 0)
    {
      g_autofree char *name = smartca_format_isolate (smartca_certificate_get_service_name (c));
      g_autofree char *type = smartca_format_isolate (service_type);

      package = g_strdup_printf ("%s (%s)", name, type);
    }

  add_field (self, self->fields_group, "subject", _("Subject"), subject, TRUE);
  add_field (self, self->fields_group, "id-number", _("ID/Tax number"),
             smartca_certificate_get_id_number (c), TRUE);
  add_field (self, self->fields_group, "issuer", _("Issuer"),
             self->info != NULL ? self->info->issuer_dn : NULL, FALSE);
  add_text (self, self->fields_group, "validity", _("Validity period"), validity_text);
  add_field (self, self->fields_group, "serial", _("Serial number"),
             smartca_certificate_get_serial_number (c), TRUE);
  add_field (self, self->fields_group, "subject-dn", _("Subject DN"),
             smartca_certificate_get_subject_dn (c), TRUE);
  if (status != NULL)
    add_text (self, self->fields_group, "status", _("Status"), status);
  else
    add_field (self, self->fields_group, "status", _("Status"), status_label, FALSE);
  add_text (self, self->fields_group, "default", _("Default certificate"), default_text);
  if (package != NULL)
    add_text (self, self->fields_group, "package", _("Package"), package);
  else
    add_field (self, self->fields_group, "package", _("Package"),
               smartca_certificate_get_service_name (c), FALSE);

  if (self->info != NULL)
    {
      add_field (self, self->technical_group, "fingerprint", _("SHA-256 fingerprint"),
                 self->info->sha256_fingerprint, TRUE);
      add_field (self, self->technical_group, "key", _("Public key"), self->info->key_algorithm,
                 FALSE);
      add_field (self, self->technical_group, "signature-algorithm", _("Signature algorithm"),
                 self->info->signature_algorithm, FALSE);
    }
}

static void
add_chain_link (SmartcaDetailDialog *self,
                const char          *id,
                const char          *role,
                GBytes              *der)
{
  g_autoptr(SmartcaX509Info) info = NULL;
  g_autofree char           *text = NULL;
  g_autofree char           *subject = NULL;
  g_autofree char           *validity = NULL;

  if (der == NULL)
    return;
  info = smartca_x509_parse (der, NULL);
  if (info == NULL)
    return;

  subject = smartca_format_isolate (info->subject_dn);
  validity = x509_validity (info);
  text = g_strdup_printf ("%s\n%s", subject, validity);
  add_text (self, self->chain_group, id, role, text);
}

static void
fill_chain (SmartcaDetailDialog *self)
{
  SmartcaCertificate *c = self->certificate;

  if (self->info != NULL)
    add_field (self, self->chain_group, "chain-certificate", _("This certificate"),
               self->info->subject_dn, FALSE);
  add_chain_link (self, "chain-ca", _("Issued by"), smartca_certificate_get_ca_der (c));
  add_chain_link (self, "chain-root", _("Root certificate authority"),
                  smartca_certificate_get_root_der (c));
  gtk_widget_set_visible (GTK_WIDGET (self->chain_group),
                          smartca_certificate_get_ca_der (c) != NULL);
}

/* Name */

static char *
trimmed_name (SmartcaDetailDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static void
name_changed_cb (SmartcaDetailDialog *self)
{
  g_autofree char *name = trimmed_name (self);
  const char      *current = smartca_certificate_get_display_name (self->certificate);
  glong            length = g_utf8_strlen (name, -1);
  gboolean         too_long = length > SMARTCA_STORE_NAME_MAX_CHARS;
  gboolean         restores = name[0] == '\0';
  gboolean         changed;

  /* Empty restores SmartCA's name, which changes something only if the
   * user had chosen another. */
  changed = restores ? smartca_certificate_get_custom_name (self->certificate) != NULL
                     : g_strcmp0 (name, current) != 0;

  if (too_long)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "A certificate name can be at most %d character long.",
                                      "A certificate name can be at most %d characters long.",
                                      SMARTCA_STORE_NAME_MAX_CHARS),
                         SMARTCA_STORE_NAME_MAX_CHARS);
      gtk_label_set_label (self->name_hint_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_hint_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_hint_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
    }
  else
    {
      g_autofree char *given =
        smartca_format_isolate (smartca_certificate_get_common_name (self->certificate) != NULL
                                  ? smartca_certificate_get_common_name (self->certificate)
                                  : smartca_certificate_get_serial_number (self->certificate));
      g_autofree char *text =
        /* Translators: %s is the certificate's common name */
        g_strdup_printf (_("Leave it empty to use the name SmartCA gave: %s"), given);
      gtk_label_set_label (self->name_hint_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_hint_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_hint_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
    }

  gtk_widget_set_sensitive (self->save_button, changed && !too_long);
}

static void
save_clicked_cb (SmartcaDetailDialog *self)
{
  g_autofree char  *name = trimmed_name (self);
  g_autoptr(GError) error = NULL;
  SmartcaStore     *store = smartca_context_get_store (self->context);

  if (!gtk_widget_get_sensitive (self->save_button))
    return;

  if (!smartca_store_set_custom_name (store, self->certificate, name, &error))
    {
      gtk_label_set_label (self->name_hint_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->name_hint_label), "error");
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
name_activated_cb (SmartcaDetailDialog *self)
{
  save_clicked_cb (self);
}

/* Signature image: what this certificate signs with */

static void sync_image_row (SmartcaDetailDialog *self);

static void
show_image (SmartcaDetailDialog   *self,
            SmartcaSignatureImage *image)
{
  if (self->shown_image == image)
    return;
  if (self->shown_image != NULL)
    g_clear_signal_handler (&self->shown_label_handler, self->shown_image);
  g_set_object (&self->shown_image, image);
  /* A rename shows at once. */
  if (image != NULL)
    self->shown_label_handler = g_signal_connect_swapped (image, "notify::label",
                                                          G_CALLBACK (sync_image_row), self);
  smartca_image_thumbnail_set_image (SMARTCA_IMAGE_THUMBNAIL (self->image_thumbnail), image);
  /* Ink on paper; the placeholder icon on the row itself */
  if (image != NULL)
    gtk_widget_add_css_class (self->image_thumbnail, "signature-paper");
  else
    gtk_widget_remove_css_class (self->image_thumbnail, "signature-paper");
}

static void
sync_image_row (SmartcaDetailDialog *self)
{
  SmartcaSignatureImage *image = NULL;
  gboolean               fallback = FALSE;
  g_autofree char       *label = NULL;

  if (self->store != NULL)
    image = smartca_store_get_signing_image (self->store, self->certificate, &fallback);
  show_image (self, image);

  if (image == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row),
                                     _("No signature image"));
      adw_action_row_set_subtitle (
        self->image_row,
        _("Choose Change to add an image, or mark one of your images as the default."));
      return;
    }

  label = smartca_format_isolate (smartca_signature_image_get_label (image));
  if (fallback)
    {
      /* Translators: the row of a certificate that signs with the image
       * marked as the default; its label follows underneath */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row), _("Default image"));
      adw_action_row_set_subtitle (self->image_row, label);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row), label);
      adw_action_row_set_subtitle (self->image_row, _("Chosen for this certificate"));
    }
}

static void
change_image_clicked_cb (SmartcaDetailDialog *self)
{
  if (self->store == NULL)
    return;
  gtk_window_present (smartca_image_picker_new (GTK_WINDOW (self), self->store, self->certificate));
}

static void
watch_image (SmartcaDetailDialog *self)
{
  SmartcaStore *store = smartca_context_get_store (self->context);

  self->image_thumbnail = smartca_image_thumbnail_new (64);
  gtk_widget_set_name (self->image_thumbnail, "image_thumbnail");
  gtk_box_append (self->image_slot, self->image_thumbnail);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "notify::default-image", G_CALLBACK (sync_image_row), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->certificate, "notify::signature-image-id",
                               G_CALLBACK (sync_image_row), self, G_CONNECT_SWAPPED);
    }
  gtk_widget_set_sensitive (self->change_image_button,
                            store != NULL && !smartca_store_get_read_only (store));
  sync_image_row (self);
}

/* Export */

static void
export_response_cb (GtkNativeDialog     *chooser,
                    int                  response,
                    SmartcaDetailDialog *self)
{
  g_autoptr(GFile)    file = NULL;
  g_autoptr(GError)   error = NULL;
  g_autofree char    *basename = NULL;
  SmartcaExportFormat format;
  GtkFileFilter      *filter;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (chooser);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  basename = g_file_get_basename (file);
  format = smartca_export_format_for_name (basename);
  if (filter != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (filter), "format"), "der") == 0)
    format = SMARTCA_EXPORT_DER;

  if (!smartca_export_to_file (self->certificate, file, format, NULL, &error))
    show_toast (self, error->message);
  else
    show_toast (self, _("Certificate exported"));
  g_object_unref (chooser);
}

static void
export_clicked_cb (SmartcaDetailDialog *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter        *pem = gtk_file_filter_new ();
  GtkFileFilter        *der = gtk_file_filter_new ();
  g_autofree char      *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (pem, _("PEM certificate (.pem, .crt)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  g_object_set_data (G_OBJECT (pem), "format", (gpointer) "pem");
  gtk_file_filter_set_name (der, _("DER certificate (.der, .cer)"));
  gtk_file_filter_add_pattern (der, "*.der");
  gtk_file_filter_add_pattern (der, "*.cer");
  g_object_set_data (G_OBJECT (der), "format", (gpointer) "der");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), der);
  g_object_unref (pem);
  g_object_unref (der);

  name = g_strdup_printf ("%s.pem", smartca_certificate_get_serial_number (self->certificate));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject */

static void
smartca_detail_dialog_dispose (GObject *object)
{
  SmartcaDetailDialog *self = SMARTCA_DETAIL_DIALOG (object);

  if (self->shown_image != NULL)
    g_clear_signal_handler (&self->shown_label_handler, self->shown_image);
  g_clear_object (&self->shown_image);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->certificate != NULL)
    g_signal_handlers_disconnect_by_data (self->certificate, self);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_DETAIL_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->info, smartca_x509_info_free);

  G_OBJECT_CLASS (smartca_detail_dialog_parent_class)->dispose (object);
}

static void
smartca_detail_dialog_class_init (SmartcaDetailDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_detail_dialog_dispose;

  g_type_ensure (SMARTCA_TYPE_DETAIL_BUSINESS);
  g_type_ensure (SMARTCA_TYPE_SIGNED_DOCUMENTS);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/example/SmartCACerts/smartca-detail-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, name_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, technical_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, chain_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, image_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, image_slot);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, change_image_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, business_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaDetailDialog, signed_documents);
  gtk_widget_class_bind_template_callback (widget_class, change_image_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}

static void
smartca_detail_dialog_init (SmartcaDetailDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Escape and Ctrl+W close the dialog even while a toast shows ("Copied to
   * the clipboard"): the toast overlay would otherwise take Escape first,
   * to dismiss the toast. Nothing in this dialog needs Escape for itself. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape|<Control>w"),
                      gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* Public API */

/**
 * smartca_detail_dialog_new:
 *
 * Loads the certificate's DER from the store to read it; if that fails the
 * dialog still shows what SmartCA said.
 */
SmartcaDetailDialog *
smartca_detail_dialog_new (GtkWindow          *parent,
                           SmartcaContext     *context,
                           SmartcaCertificate *certificate)
{
  SmartcaDetailDialog *self;
  g_autoptr(GError)    error = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);

  self = g_object_new (SMARTCA_TYPE_DETAIL_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->certificate = g_object_ref (certificate);

  if (smartca_certificate_get_der (certificate) != NULL ||
      smartca_store_load_der (smartca_context_get_store (context), certificate, &error))
    self->info = smartca_x509_parse (smartca_certificate_get_der (certificate), &error);
  if (self->info == NULL)
    {
      show_toast (self, error->message);
      gtk_widget_set_sensitive (self->export_button, FALSE);
    }

  {
    g_autofree char *name =
      smartca_format_isolate (smartca_certificate_get_display_name (certificate));

    adw_window_title_set_subtitle (self->window_title, name);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         smartca_certificate_get_display_name (certificate));
  fill_fields (self);
  fill_chain (self);
  name_changed_cb (self);
  watch_image (self);
  smartca_detail_business_bind (self->business_group, context, certificate);
  smartca_signed_documents_bind (self->signed_documents, smartca_context_get_store (context),
                                 smartca_certificate_get_serial_number (certificate));

  if (smartca_context_get_store (context) != NULL &&
      smartca_store_get_read_only (smartca_context_get_store (context)))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
      gtk_widget_set_sensitive (self->save_button, FALSE);
      gtk_label_set_label (self->name_hint_label,
                           _("The certificate list can only be viewed now, so the name cannot "
                             "be changed. The main window says why."));
    }

  return self;
}
