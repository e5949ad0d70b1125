/* smartca-window-default.c: noticing when the default certificate can no
 * longer sign, and offering another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window only observes: the store's list (the default changed) and the
 * default certificate's notifications (a refresh found it expired or
 * suspended), plus a timer for the moment it expires while the app runs.
 * Whatever flow changed them, the offer is made here, once per reason.
 */

#include "config.h"

#include "smartca-certificate-card.h"
#include "smartca-window.h"
#include "smartca-window-private.h"

#include <glib/gi18n.h>

#define SECONDS_PER_DAY (24 * 60 * 60)
#define OFFER_TIMEOUT_SECONDS 10

static void check_default (SmartcaWindow *self);

/* Shows the default's card again as it is now (its badge). */
static void
update_default_card (SmartcaWindow      *self,
                     SmartcaCertificate *certificate)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);

      if (card != NULL && SMARTCA_IS_CERTIFICATE_CARD (card) &&
          smartca_certificate_card_get_certificate (SMARTCA_CERTIFICATE_CARD (card)) == certificate)
        smartca_certificate_card_update (SMARTCA_CERTIFICATE_CARD (card));
    }
}

static gboolean
default_expired_cb (gpointer user_data)
{
  SmartcaWindow *self = user_data;

  self->default_expiry_source = 0;
  if (self->watched_default != NULL)
    update_default_card (self, self->watched_default);
  check_default (self);
  return G_SOURCE_REMOVE;
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

/* A toast: the default cannot sign (why), and the best one that can, if
 * any, one button away. */
static void
offer_another (SmartcaWindow      *self,
               SmartcaCertificate *current,
               const char         *reason)
{
  SmartcaCertificate *candidate = smartca_store_pick_successor (self->store, current);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* A toast has one line: short, with the name last (the card's badge and
   * the Detail say why). */
  if (candidate != NULL)
    /* Translators: %s is another certificate's name */
    title = g_markup_printf_escaped (_("The default cannot sign. Use “%s”?"),
                                     smartca_certificate_get_display_name (candidate));
  else
    /* Translators: %s says why ("expired on 07/03/2027") */
    title = g_markup_printf_escaped (_("Your default certificate cannot sign: %s"), reason);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, OFFER_TIMEOUT_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (candidate != NULL)
    {
      adw_toast_set_button_label (toast, _("_Make Default"));
      adw_toast_set_action_name (toast, "win.set-default");
      adw_toast_set_action_target_value (
        toast, g_variant_new_string (smartca_certificate_get_serial_number (candidate)));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
check_default (SmartcaWindow *self)
{
  SmartcaCertificate *current = get_default (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *reason = NULL;
  g_autofree char *offered = NULL;

  watch (self, current);
  g_clear_handle_id (&self->default_expiry_source, g_source_remove);

  if (current == NULL)
    {
      g_clear_pointer (&self->default_offered, g_free);
      return;
    }

  if (smartca_certificate_can_sign_at (current, now, &reason))
    {
      /* Look again when it expires (at least once a day, so that a clock
       * change or a suspend does not make it late by much). */
      gint64 left = smartca_certificate_get_valid_to (current) - now;

      g_clear_pointer (&self->default_offered, g_free);
      self->default_expiry_source =
        g_timeout_add_seconds (MIN (left, SECONDS_PER_DAY) + 1, default_expired_cb, self);
      return;
    }

  /* Said once for each certificate and reason, not at every notification. */
  offered = g_strconcat (smartca_certificate_get_serial_number (current), "\n", reason, NULL);
  if (g_strcmp0 (offered, self->default_offered) == 0)
    return;
  g_free (self->default_offered);
  self->default_offered = g_steal_pointer (&offered);
  offer_another (self, current, reason);
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
  g_clear_pointer (&self->default_offered, g_free);
}
