/* smartca-certificate-card.c: one certificate in the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dumb view of one SmartcaCertificate: it redraws on notify and turns its
 * "…" menu into window actions carrying the serial number. It never writes
 * to the certificate or the store itself.
 */

#include "config.h"

#include "smartca-certificate-card.h"
#include "smartca-format.h"
#include "smartca-image-thumbnail.h"

#include <glib/gi18n.h>

struct _SmartcaCertificateCard
{
  GtkWidget parent_instance;

  SmartcaCertificate *certificate;
  gulong              notify_handler;
  SmartcaStore       *store;
  GtkWidget          *preview; /* made when there is first an image to show */

  GMenuModel    *card_menu;
  GtkWidget     *box;
  GtkLabel      *name_label;
  GtkWidget     *default_badge;
  GtkMenuButton *menu_button;
  GtkLabel      *subject_label;
  GtkWidget     *details_box;
  GtkLabel      *details_label;
  GtkLabel      *business_label;
  gboolean       tabs_set;
  GtkImage      *status_icon;
  GtkLabel      *status_label;
  GtkWidget     *expiry_icon;
  GtkLabel      *expiry_label;
  gboolean       read_only;
};

G_DEFINE_FINAL_TYPE (SmartcaCertificateCard, smartca_certificate_card, GTK_TYPE_WIDGET)

static const char *const status_classes[] = { "success", "warning", "error" };

/* Helpers */

/* A value from SmartCA or the certificate, on one line and isolated. */
static void
set_value_label (GtkLabel   *label,
                 const char *value)
{
  g_autofree char *shown = smartca_format_isolate (value);

  gtk_label_set_label (label, shown[0] != '\0' ? shown : "—");
}

/* ID/Tax number, package and validity: one label in two tab-aligned
 * columns, captions dimmed. A card is rebuilt for every row the list shows,
 * and one label costs a third of what a grid of six did. */
static PangoTabArray *
caption_tabs (GtkWidget *widget)
{
  static int     column = 0;
  PangoTabArray *tabs;

  if (column == 0)
    {
      const char  *captions[] = { _("ID/Tax number"), _("Package"), _("Validity period") };
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (captions); i++)
        {
          int width;

          pango_layout_set_text (layout, captions[i], -1);
          pango_layout_get_pixel_size (layout, &width, NULL);
          column = MAX (column, width);
        }
      column += 12;
      g_object_unref (layout);
    }

  tabs = pango_tab_array_new (1, TRUE);
  pango_tab_array_set_tab (tabs, 0, PANGO_TAB_LEFT, column);
  return tabs;
}

static void
append_detail (GString    *markup,
               const char *caption,
               const char *value)
{
  g_autofree char *caption_markup = g_markup_escape_text (caption, -1);
  g_autofree char *shown = smartca_format_isolate (value);
  g_autofree char *value_markup = g_markup_escape_text (shown[0] != '\0' ? shown : "—", -1);

  g_string_append_printf (markup, "%s<span size=\"smaller\" alpha=\"55%%\">%s</span>\t%s",
                          markup->len > 0 ? "\n" : "", caption_markup, value_markup);
}

static void
sync_details (SmartcaCertificateCard *self,
              const char             *validity)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  PangoTabArray     *tabs;

  append_detail (markup, _("ID/Tax number"), smartca_certificate_get_id_number (self->certificate));
  append_detail (markup, _("Package"), smartca_certificate_get_service_name (self->certificate));
  append_detail (markup, _("Validity period"), validity);
  g_string_prepend (markup, "<span line_height=\"1.3\">");
  g_string_append (markup, "</span>");
  gtk_label_set_markup (self->details_label, markup->str);

  if (!self->tabs_set)
    {
      tabs = caption_tabs (GTK_WIDGET (self));
      gtk_label_set_tabs (self->details_label, tabs);
      pango_tab_array_free (tabs);
      self->tabs_set = TRUE;
    }
}

static void
sync_status (SmartcaCertificateCard *self)
{
  SmartcaCertificateStatus status = smartca_certificate_get_status (self->certificate);
  const char              *icon_name;
  const char              *style;

  switch (status)
    {
    case SMARTCA_CERTIFICATE_STATUS_ACTIVE:
      icon_name = "emblem-ok-symbolic";
      style = "success";
      break;
    case SMARTCA_CERTIFICATE_STATUS_EXPIRED:
      icon_name = "dialog-error-symbolic";
      style = "error";
      break;
    case SMARTCA_CERTIFICATE_STATUS_NOT_YET_VALID:
      icon_name = "document-open-recent-symbolic";
      style = "warning";
      break;
    case SMARTCA_CERTIFICATE_STATUS_INACTIVE:
    default:
      icon_name = "action-unavailable-symbolic";
      style = "warning";
      break;
    }

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), status_classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);
  /* SmartCA words its other states itself. */
  set_value_label (self->status_label, smartca_status_label (self->certificate, status));
}

/* The expiry radar: how long is left, flagged when it is time to renew. */
static void
sync_expiry (SmartcaCertificateCard *self)
{
  gboolean         warning = FALSE;
  g_autofree char *text = smartca_expiry_text (self->certificate,
                                               g_get_real_time () / G_USEC_PER_SEC, &warning);

  /* "Expired" and "Expired on …" would say the same thing twice. */
  if (smartca_certificate_get_status (self->certificate) == SMARTCA_CERTIFICATE_STATUS_EXPIRED)
    {
      gtk_label_set_label (self->status_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->expiry_label), FALSE);
      gtk_widget_set_visible (self->expiry_icon, FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->expiry_label), TRUE);
  gtk_label_set_label (self->expiry_label, text);
  gtk_widget_set_visible (self->expiry_icon, warning);
  if (warning)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->expiry_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->expiry_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->expiry_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->expiry_label), "dim-label");
    }
}

/* The badge of the default; when the default can no longer sign, it says
 * so (the status line under it says why, the Detail says more). Short: the
 * name beside it must keep its room on a narrow window. */
static void
sync_default (SmartcaCertificateCard *self,
              gboolean                is_default,
              gboolean                can_sign)
{
  gtk_widget_set_visible (self->default_badge, is_default);
  if (!is_default || can_sign)
    {
      gtk_label_set_label (GTK_LABEL (self->default_badge), _("Default"));
      gtk_widget_remove_css_class (self->default_badge, "cannot-sign");
      return;
    }

  /* Translators: the badge of a default certificate that cannot sign */
  gtk_label_set_label (GTK_LABEL (self->default_badge), _("Default — cannot sign"));
  gtk_widget_add_css_class (self->default_badge, "cannot-sign");
}

/* How an enabled business account gets its OTP (manual, section 5) */
static void
sync_business (SmartcaCertificateCard *self)
{
  gboolean shown = smartca_certificate_get_business_enabled (self->certificate) &&
                   smartca_certificate_get_is_business (self->certificate);
  g_autofree char *caption = NULL;
  g_autofree char *method = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->business_label), shown);
  if (!shown)
    return;
  /* Captioned like the details above it: the caption dimmed and small. */
  caption = g_markup_escape_text (_("OTP authentication usage"), -1);
  method = g_markup_escape_text (smartca_business_method_label (self->certificate, FALSE), -1);
  text = g_strdup_printf ("<span size=\"smaller\" alpha=\"55%%\">%s</span>  %s", caption, method);
  gtk_label_set_markup (self->business_label, text);
}

/* The image the certificate signs with, small. Nothing is made or loaded
 * for a certificate without one, and the card keeps no room for it. */
static void
sync_preview (SmartcaCertificateCard *self)
{
  SmartcaSignatureImage *image = NULL;

  if (self->store != NULL && self->certificate != NULL)
    image = smartca_store_get_signing_image (self->store, self->certificate, NULL);

  if (image == NULL)
    {
      if (self->preview != NULL)
        {
          smartca_image_thumbnail_set_image (SMARTCA_IMAGE_THUMBNAIL (self->preview), NULL);
          gtk_widget_set_visible (self->preview, FALSE);
        }
      return;
    }

  if (self->preview == NULL)
    {
      self->preview = smartca_image_thumbnail_new (SMARTCA_CERTIFICATE_CARD_PREVIEW_SIZE);
      gtk_widget_set_name (self->preview, "signature_preview");
      gtk_widget_set_valign (self->preview, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->preview, "signature-paper");
      gtk_box_append (GTK_BOX (self->details_box), self->preview);
    }
  smartca_image_thumbnail_set_image (SMARTCA_IMAGE_THUMBNAIL (self->preview), image);
  gtk_widget_set_visible (self->preview, TRUE);
}

static void
sync_card (SmartcaCertificateCard *self)
{
  SmartcaCertificate *certificate = self->certificate;
  g_autofree char    *validity = NULL;
  g_autofree char    *menu_label = NULL;
  g_autofree char    *spoken_name = NULL;
  const char         *name;
  gboolean            is_default;
  gboolean            can_sign;

  if (certificate == NULL)
    return;

  name = smartca_certificate_get_display_name (certificate);
  is_default = smartca_certificate_get_is_default (certificate);
  can_sign = smartca_certificate_can_sign (certificate, NULL);
  validity = smartca_format_validity (certificate);

  set_value_label (self->name_label, name);
  set_value_label (self->subject_label, smartca_certificate_get_common_name (certificate));
  /* The subject only adds something once the user has renamed the card. */
  gtk_widget_set_visible (GTK_WIDGET (self->subject_label),
                          g_strcmp0 (name, smartca_certificate_get_common_name (certificate)) != 0);
  sync_details (self, validity);
  sync_default (self, is_default, can_sign);
  sync_status (self);
  sync_expiry (self);
  sync_preview (self);
  sync_business (self);

  /* Only a certificate that signs can become the default. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.set-default",
                                 !is_default && can_sign && !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.delete", !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.sign", can_sign);

  spoken_name = smartca_format_clean (name);
  /* Translators: accessible name of a certificate card's "…" button */
  menu_label = g_strdup_printf (_("Actions for “%s”"), spoken_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken_name,
                                  -1);
}

static void
certificate_notify_cb (SmartcaCertificateCard *self)
{
  sync_card (self);
}

static void
forward_to_window (SmartcaCertificateCard *self,
                   const char             *window_action)
{
  if (self->certificate == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), window_action, "s",
                              smartca_certificate_get_serial_number (self->certificate));
}

/* Actions: the card only says what the user asked for; the window acts. */

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  forward_to_window (SMARTCA_CERTIFICATE_CARD (widget), "win.show-detail");
}

static void
set_default_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  forward_to_window (SMARTCA_CERTIFICATE_CARD (widget), "win.set-default");
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  forward_to_window (SMARTCA_CERTIFICATE_CARD (widget), "win.delete");
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  forward_to_window (SMARTCA_CERTIFICATE_CARD (widget), "win.sign-with");
}

/* The menu is built the first time it opens: a popover for every card the
 * list keeps would cost more than all the rest of the card. */
static void
create_menu_popup_cb (GtkMenuButton *menu_button,
                      gpointer       user_data)
{
  SmartcaCertificateCard *self = SMARTCA_CERTIFICATE_CARD (user_data);

  gtk_menu_button_set_create_popup_func (menu_button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (menu_button, self->card_menu);
}

/* GObject */

static void
smartca_certificate_card_dispose (GObject *object)
{
  SmartcaCertificateCard *self = SMARTCA_CERTIFICATE_CARD (object);

  smartca_certificate_card_set_certificate (self, NULL);
  smartca_certificate_card_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_CERTIFICATE_CARD);

  G_OBJECT_CLASS (smartca_certificate_card_parent_class)->dispose (object);
}

static void
smartca_certificate_card_class_init (SmartcaCertificateCardClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_certificate_card_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/example/SmartCACerts/smartca-certificate-card.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, card_menu);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, box);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, default_badge);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, subject_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, details_box);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, business_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, expiry_icon);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCertificateCard, expiry_label);

  gtk_widget_class_install_action (widget_class, "card.details", NULL, details_action);
  gtk_widget_class_install_action (widget_class, "card.set-default", NULL, set_default_action);
  gtk_widget_class_install_action (widget_class, "card.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "card.sign", NULL, sign_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "certificatecard");
}

static void
smartca_certificate_card_init (SmartcaCertificateCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_popup_cb, self, NULL);
}

/* Public API */

SmartcaCertificateCard *
smartca_certificate_card_new (void)
{
  return g_object_new (SMARTCA_TYPE_CERTIFICATE_CARD, NULL);
}

SmartcaCertificate *
smartca_certificate_card_get_certificate (SmartcaCertificateCard *self)
{
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE_CARD (self), NULL);
  return self->certificate;
}

void
smartca_certificate_card_set_certificate (SmartcaCertificateCard *self,
                                          SmartcaCertificate     *certificate)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE_CARD (self));
  g_return_if_fail (certificate == NULL || SMARTCA_IS_CERTIFICATE (certificate));

  if (self->certificate == certificate)
    return;

  if (self->certificate != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->certificate);
      g_clear_object (&self->certificate);
    }

  if (certificate != NULL)
    {
      self->certificate = g_object_ref (certificate);
      self->notify_handler = g_signal_connect_object (certificate, "notify",
                                                      G_CALLBACK (certificate_notify_cb),
                                                      self, G_CONNECT_SWAPPED);
      sync_card (self);
    }
}

/**
 * smartca_certificate_card_update:
 *
 * Shows the certificate again as it is now: for what time changes (an
 * expiry passing) rather than the certificate.
 */
void
smartca_certificate_card_update (SmartcaCertificateCard *self)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE_CARD (self));
  sync_card (self);
}

void
smartca_certificate_card_popup_menu (SmartcaCertificateCard *self)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE_CARD (self));
  gtk_menu_button_popup (self->menu_button);
}

/**
 * smartca_certificate_card_set_read_only:
 *
 * Turns off the menu items that would change the list (Default, Delete),
 * while the list can only be viewed.
 */
void
smartca_certificate_card_set_read_only (SmartcaCertificateCard *self,
                                        gboolean                read_only)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE_CARD (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.delete", !read_only);
  if (self->certificate != NULL)
    sync_card (self);
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.set-default", !read_only);
}

/**
 * smartca_certificate_card_set_store:
 * @store: (nullable): where the certificate's signature image is found
 *
 * With a store, the card shows a preview of the image the certificate signs
 * with, and follows the default image.
 */
void
smartca_certificate_card_set_store (SmartcaCertificateCard *self,
                                    SmartcaStore           *store)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE_CARD (self));
  g_return_if_fail (store == NULL || SMARTCA_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "notify::default-image", G_CALLBACK (sync_preview), self,
                             G_CONNECT_SWAPPED);
  sync_preview (self);
}
