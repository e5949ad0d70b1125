/* smartca-window-default.c: noticing when the default certificate can no
 * longer sign, and offering another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window only observes: the store's list (the default changed) and the
 * default certificate's notifications (a refresh found it expired or
 * suspended), plus a timer for the moment it expires while the app runs.
 * Whatever flow changed them, the window shows it here.
 */

#include "config.h"

#include "smartca-certificate-card.h"
#include "smartca-window.h"
#include "smartca-format.h"
#include "smartca-window-private.h"

#include <glib/gi18n.h>

#define SECONDS_PER_DAY (24 * 60 * 60)

static void check_default (SmartcaWindow *self);

/* Shows every card again as it is now: a certificate that expired or
 * became valid while the app ran changes its status line, its badge and
 * whether its menu offers Default. */
static void
update_cards (SmartcaWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);

      if (card != NULL && SMARTCA_IS_CERTIFICATE_CARD (card))
        smartca_certificate_card_update (SMARTCA_CERTIFICATE_CARD (card));
    }
}

static gboolean
validity_changed_cb (gpointer user_data)
{
  SmartcaWindow *self = user_data;

  self->default_expiry_source = 0;
  update_cards (self);
  check_default (self);
  return G_SOURCE_REMOVE;
}

/* Seconds until a certificate in the list starts or stops being valid. */
static gint64
seconds_to_next_validity_change (SmartcaWindow *self,
                                 gint64         now)
{
  GListModel *certificates = smartca_store_get_certificates (self->store);
  guint       n = g_list_model_get_n_items (certificates);
  gint64      next = G_MAXINT64;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (certificates, i);
      gint64                        from = smartca_certificate_get_valid_from (certificate);
      gint64                        to = smartca_certificate_get_valid_to (certificate);

      if (from > now && from < next)
        next = from;
      if (to > now && to < next)
        next = to;
    }
  return next - now;
}

/* Changes come in bursts (a refresh updates every field, a new default
 * moves two cards): look once they are done. */
static gboolean
check_default_idle_cb (gpointer user_data)
{
  SmartcaWindow *self = user_data;

  self->default_check_source = 0;
  check_default (self);
  return G_SOURCE_REMOVE;
}

static void
queue_check (SmartcaWindow *self)
{
  if (self->default_check_source == 0)
    self->default_check_source = g_idle_add (check_default_idle_cb, self);
}

static void
default_notify_cb (SmartcaWindow *self)
{
  queue_check (self);
}

static void
certificates_changed_cb (SmartcaWindow *self)
{
  queue_check (self);
}

/* The store keeps the default first in its list. */
static SmartcaCertificate *
get_default (SmartcaWindow *self)
{
  g_autoptr(SmartcaCertificate) first = NULL;

  if (self->store == NULL)
    return NULL;
  first = g_list_model_get_item (smartca_store_get_certificates (self->store), 0);
  return first != NULL && smartca_certificate_get_is_default (first) ? first : NULL;
}

static void
watch (SmartcaWindow      *self,
       SmartcaCertificate *certificate)
{
  if (self->watched_default == certificate)
    return;
  if (self->watched_default != NULL)
    {
      g_clear_signal_handler (&self->default_notify_handler, self->watched_default);
      g_clear_object (&self->watched_default);
    }
  if (certificate != NULL)
    {
      self->watched_default = g_object_ref (certificate);
      self->default_notify_handler =
        g_signal_connect_object (certificate, "notify", G_CALLBACK (default_notify_cb), self,
                                 G_CONNECT_SWAPPED);
    }
}

/* A banner under the header bar, as long as the default cannot sign: why,
 * and the best one that can, one button away. Not a toast: it must stay
 * until the user acts, and a toast that stays would hold back every other
 * toast (errors included). Built here rather than in the window's template
 * so that this concern stays in one file. */
static void
ensure_banner (SmartcaWindow *self)
{
  GtkWidget *content;

  if (self->default_banner != NULL)
    return;

  /* Text above the button: a long certificate name makes a wide button,
   * and the window must stay usable at its narrowest. */
  self->default_banner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->default_banner, "default-banner");
  gtk_widget_set_name (self->default_banner, "default_banner");

  self->default_banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->default_banner_label, TRUE);
  gtk_label_set_xalign (self->default_banner_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->default_banner_label), TRUE);
  gtk_box_append (GTK_BOX (self->default_banner), GTK_WIDGET (self->default_banner_label));

  self->default_banner_button = gtk_button_new ();
  gtk_widget_set_halign (self->default_banner_button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self->default_banner), self->default_banner_button);

  /* Under the search bar, above the list (on the Certificates page). */
  content = gtk_widget_get_parent (GTK_WIDGET (self->search_bar));
  gtk_box_insert_child_after (GTK_BOX (content), self->default_banner,
                              GTK_WIDGET (self->search_bar));
}

static void
show_banner (SmartcaWindow      *self,
             SmartcaCertificate *current,
             const char         *reason)
{
  SmartcaCertificate *candidate = smartca_store_pick_successor (self->store, current);
  g_autofree char    *text = NULL;

  ensure_banner (self);
  if (candidate != NULL)
    {
      g_autofree char *button = NULL;
      g_autofree char *name = smartca_format_isolate (
        smartca_certificate_get_display_name (candidate));

      /* Translators: %s says why ("expired on 07/03/2027") */
      text = g_strdup_printf (_("Your default certificate cannot sign: %s."), reason);
      /* Translators: %s is a certificate's name */
      button = g_strdup_printf (_("Make “%s” the Default"), name);
      gtk_button_set_label (GTK_BUTTON (self->default_banner_button), button);
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->default_banner_button))),
                               PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_tooltip_text (self->default_banner_button, button);
      gtk_actionable_set_action_target_value (
        GTK_ACTIONABLE (self->default_banner_button),
        g_variant_new_string (smartca_certificate_get_serial_number (candidate)));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->default_banner_button),
                                      "win.set-default");
    }
  else
    /* Translators: %s says why ("expired on 07/03/2027") */
    text = g_strdup_printf (_("Your default certificate cannot sign: %s. Add or renew a "
                              "certificate to sign again."),
                            reason);

  gtk_label_set_label (self->default_banner_label, text);
  gtk_widget_set_visible (self->default_banner_button, candidate != NULL);
  gtk_widget_set_visible (self->default_banner, TRUE);
}

static void
hide_banner (SmartcaWindow *self)
{
  if (self->default_banner != NULL)
    gtk_widget_set_visible (self->default_banner, FALSE);
}

static void
check_default (SmartcaWindow *self)
{
  SmartcaCertificate *current = get_default (self);
  gint64              now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char    *reason = NULL;

  watch (self, current);

  /* Look again when a certificate expires or becomes valid (at least once a
   * day, so that a clock change or a suspend does not make it late by much). */
  g_clear_handle_id (&self->default_expiry_source, g_source_remove);
  self->default_expiry_source =
    g_timeout_add_seconds (MIN (seconds_to_next_validity_change (self, now), SECONDS_PER_DAY) + 1,
                           validity_changed_cb, self);

  if (current == NULL || smartca_certificate_can_sign_at (current, now, &reason))
    hide_banner (self);
  else
    show_banner (self, current, reason);
}

/* Setup, for smartca-window.c */

/* Once the window has its store: looks at the default now, and whenever it
 * or its state changes. */
void
smartca_window_watch_default (SmartcaWindow *self)
{
  g_return_if_fail (self->store != NULL);

  g_signal_connect_object (smartca_store_get_certificates (self->store), "items-changed",
                           G_CALLBACK (certificates_changed_cb), self, G_CONNECT_SWAPPED);
  check_default (self);
}

void
smartca_window_unwatch_default (SmartcaWindow *self)
{
  watch (self, NULL);
  g_clear_handle_id (&self->default_expiry_source, g_source_remove);
  g_clear_handle_id (&self->default_check_source, g_source_remove);
}
