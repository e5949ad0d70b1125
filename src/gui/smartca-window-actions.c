/* smartca-window-actions.c: what the window does — win.* actions, delete
 * with undo, and keeping the keyboard on a card that moved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-add-dialog.h"
#include "smartca-certificate-card.h"
#include "smartca-detail-dialog.h"
#include "smartca-format.h"
#include "smartca-images-window.h"
#include "smartca-window.h"
#include "smartca-window-private.h"

#include <glib/gi18n.h>

/* Keeping the keyboard on a certificate that moved in the list (it became
 * the default, or was renamed): its card is rebuilt at the next layout, so
 * look for it in the next few frames. */
typedef struct
{
  char *serial;
  guint frames;
} Refocus;

static void
refocus_free (Refocus *refocus)
{
  g_free (refocus->serial);
  g_free (refocus);
}

static gboolean
refocus_tick_cb (GtkWidget     *list_view,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  Refocus *refocus = user_data;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget          *card = gtk_widget_get_first_child (row);
      SmartcaCertificate *certificate;

      if (card == NULL || !SMARTCA_IS_CERTIFICATE_CARD (card))
        continue;
      certificate = smartca_certificate_card_get_certificate (SMARTCA_CERTIFICATE_CARD (card));
      if (certificate != NULL &&
          g_strcmp0 (smartca_certificate_get_serial_number (certificate), refocus->serial) == 0 &&
          gtk_widget_get_mapped (row))
        {
          gtk_widget_grab_focus (row);
          return G_SOURCE_REMOVE;
        }
    }
  return ++refocus->frames < 5 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
refocus_certificate (SmartcaWindow *self,
                     const char    *serial)
{
  Refocus *refocus = g_new0 (Refocus, 1);

  refocus->serial = g_strdup (serial);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), refocus_tick_cb, refocus,
                                (GDestroyNotify) refocus_free);
}

/* Delete with Undo: the card goes at once (SmartcaDeletion marks the
 * certificate; if it was the default, the best one left becomes the default
 * in the same transaction, and Undo gives the default back). The
 * certificate is deleted for real — the store, then the keyring — when its
 * toast goes away, when the window closes or the app quits, and not at all
 * if Undo is pressed. */
typedef struct
{
  SmartcaCertificate *certificate;
  AdwToast           *toast; /* weak */
  gint64              when;
} PendingDelete;

static void
pending_delete_free (PendingDelete *pending)
{
  g_clear_object (&pending->certificate);
  g_clear_weak_pointer (&pending->toast);
  g_free (pending);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SmartcaWindow) self = user_data;
  g_autoptr(GError)        error = NULL;
  GApplication            *app = g_application_get_default ();

  if (!smartca_deletion_commit_finish (SMARTCA_DELETION (source), result, NULL, &error) &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The certificate could not be deleted. %s"), error->message);
      smartca_window_show_error (self, message);
    }
  if (app != NULL)
    g_application_release (app);
}

static void
commit_delete (SmartcaWindow *self,
               const char    *serial)
{
  PendingDelete                *pending = g_hash_table_lookup (self->pending, serial);
  g_autoptr(SmartcaCertificate) certificate = NULL;
  GApplication                 *app = g_application_get_default ();

  if (pending == NULL)
    return;

  certificate = g_object_ref (pending->certificate);
  g_hash_table_remove (self->pending, serial);

  /* The store is done before this returns; the app stays until the keyring
   * is done too, even if this was the last window. (Should it have to go
   * first, the keyring entries are cleared at the next start.) */
  if (app != NULL)
    g_application_hold (app);
  smartca_deletion_commit_async (self->deletion, certificate, NULL, deleted_cb,
                                 g_object_ref (self));
}

/* libadwaita 1.2 crashes when a toast is dismissed while it is still
 * sliding in, so the toast of a deletion undone with Ctrl+Z is dismissed a
 * moment later, if nothing dismissed it meanwhile. */
static gboolean
dismiss_toast_later_cb (gpointer user_data)
{
  AdwToast *toast = user_data;

  if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toast), "gone")))
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

static void
undo_delete (SmartcaWindow *self,
             const char    *serial,
             gboolean       dismiss_toast)
{
  PendingDelete    *pending = g_hash_table_lookup (self->pending, serial);
  g_autoptr(GError) error = NULL;
  AdwToast         *toast;

  if (pending == NULL)
    return;

  if (!smartca_deletion_undo (self->deletion, pending->certificate, &error))
    smartca_window_show_error (self, error->message);

  toast = pending->toast != NULL ? g_object_ref (pending->toast) : NULL;
  g_hash_table_remove (self->pending, serial);
  smartca_window_refilter (self);

  /* The toast's own Undo button dismisses it already. */
  if (toast != NULL && dismiss_toast)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 600, dismiss_toast_later_cb, g_object_ref (toast),
                        g_object_unref);
  g_clear_object (&toast);
}

typedef struct
{
  SmartcaWindow *window;
  char          *serial;
} DeferredCommit;

static void
deferred_commit_free (DeferredCommit *deferred)
{
  g_object_unref (deferred->window);
  g_free (deferred->serial);
  g_free (deferred);
}

static gboolean
commit_if_still_pending_cb (gpointer user_data)
{
  DeferredCommit *deferred = user_data;
  SmartcaWindow  *self = deferred->window;

  /* Still pending: not undone, so the deletion happens now. */
  if (self->pending != NULL && g_hash_table_contains (self->pending, deferred->serial))
    commit_delete (self, deferred->serial);
  return G_SOURCE_REMOVE;
}

static void
toast_dismissed_cb (AdwToast *toast,
                    gpointer  user_data)
{
  SmartcaWindow *self = SMARTCA_WINDOW (user_data);
  const char    *serial = g_object_get_data (G_OBJECT (toast), "serial");

  g_object_set_data (G_OBJECT (toast), "gone", GINT_TO_POINTER (TRUE));

  /* Its Undo button dismisses the toast before its action runs: decide once
   * the action had its turn. */
  if (self->pending != NULL && g_hash_table_contains (self->pending, serial))
    {
      DeferredCommit *deferred = g_new0 (DeferredCommit, 1);

      deferred->window = g_object_ref (self);
      deferred->serial = g_strdup (serial);
      g_idle_add_full (G_PRIORITY_DEFAULT, commit_if_still_pending_cb, deferred,
                       (GDestroyNotify) deferred_commit_free);
    }
}

/**
 * smartca_window_commit_all_deletes:
 *
 * Deletes for real what waits for its Undo to time out (the window closes,
 * the app quits or the session ends).
 */
void
smartca_window_commit_all_deletes (SmartcaWindow *self)
{
  guint                n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (self->pending, &n);
  g_auto(GStrv)        serials = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    serials[i] = g_strdup (keys[i]);
  for (guint i = 0; i < n; i++)
    commit_delete (self, serials[i]);
}

/* Actions */

static void
certificates_added_cb (SmartcaWindow    *self,
                       guint             n_added,
                       guint             n_updated,
                       SmartcaAddDialog *dialog)
{
  g_autofree char *message = NULL;

  if (n_updated == 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate added",
                                            "%u certificates added", n_added),
                               n_added);
  else if (n_added == 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate updated",
                                            "%u certificates updated", n_updated),
                               n_updated);
  else
    /* Translators: "2 certificates added, 1 updated" */
    message = g_strdup_printf (_("%u added, %u updated"), n_added, n_updated);

  smartca_window_add_toast (self, message);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SmartcaWindow    *self = SMARTCA_WINDOW (widget);
  SmartcaAddDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = smartca_add_dialog_new (GTK_WINDOW (self), self->context);
  g_signal_connect_object (dialog, "added", G_CALLBACK (certificates_added_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_refreshing (SmartcaWindow *self,
                gboolean       refreshing)
{
  gtk_widget_set_visible (self->refresh_spinner, refreshing);
  gtk_spinner_set_spinning (GTK_SPINNER (self->refresh_spinner), refreshing);
  gtk_widget_set_visible (self->refresh_button, !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 !refreshing && !smartca_window_get_read_only (self));
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SmartcaWindow) self = user_data;
  g_autoptr(GError)        error = NULL;
  guint                    n_updated = 0;

  if (!smartca_lookup_refresh_finish (SMARTCA_LOOKUP (source), result, &n_updated, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_refreshing (self, FALSE);
      {
        g_autofree char *message =
          /* Translators: %s says why; nothing was changed */
          g_strdup_printf (_("The certificates could not be refreshed. %s"), error->message);
        smartca_window_show_error (self, message);
      }
      return;
    }

  set_refreshing (self, FALSE);
  {
    g_autofree char *message =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate is up to date",
                                    "%u certificates are up to date", n_updated),
                       n_updated);
    smartca_window_add_toast (self, message);
  }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);

  if (self->store == NULL ||
      g_list_model_get_n_items (smartca_store_get_certificates (self->store)) == 0)
    return;

  set_refreshing (self, TRUE);
  smartca_lookup_refresh_async (self->lookup, self->cancellable, refreshed_cb,
                                g_object_ref (self));
}

static void
set_default_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SmartcaWindow      *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate *certificate = smartca_window_certificate_for_serial (self, parameter);
  g_autoptr(GError)   error = NULL;
  g_autofree char    *name = NULL;
  g_autofree char    *message = NULL;

  if (certificate == NULL)
    return;

  if (!smartca_store_set_default (self->store, certificate, &error))
    {
      smartca_window_show_error (self, error->message);
      return;
    }
  refocus_certificate (self, smartca_certificate_get_serial_number (certificate));

  name = smartca_format_isolate (smartca_certificate_get_display_name (certificate));
  message = g_strdup_printf (_("“%s” is now the default certificate for signing"), name);
  smartca_window_add_toast (self, message);
}

/* A rename may have moved the card: the keyboard goes back to it. */
static gboolean
detail_closing_cb (SmartcaWindow *self,
                   GtkWidget     *dialog)
{
  const char *serial = g_object_get_data (G_OBJECT (dialog), "serial");

  if (serial != NULL && gtk_widget_get_root (GTK_WIDGET (self->list_view)) != NULL)
    refocus_certificate (self, serial);
  return FALSE;
}

static void
show_detail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SmartcaWindow       *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate  *certificate = smartca_window_certificate_for_serial (self, parameter);
  SmartcaDetailDialog *dialog;

  if (certificate == NULL)
    return;

  dialog = smartca_detail_dialog_new (GTK_WINDOW (self), self->context, certificate);
  g_object_set_data_full (G_OBJECT (dialog), "serial",
                          g_strdup (smartca_certificate_get_serial_number (certificate)), g_free);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (detail_closing_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (detail_closing_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
signature_images_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);

  if (self->store != NULL)
    smartca_images_window_present (GTK_WINDOW (self), self->store);
}

/* GtkApplicationWindow would build the shortcuts window with every window
 * it opens; building it when asked keeps it off the start-up path. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/com/example/SmartCACerts/smartca-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaWindow      *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate *certificate = smartca_window_certificate_for_serial (self, parameter);
  g_autoptr(GError)   error = NULL;
  g_autofree char    *name = NULL;
  g_autofree char    *title = NULL;
  PendingDelete      *pending;
  AdwToast           *toast;
  const char         *serial;

  if (certificate == NULL)
    return;
  serial = smartca_certificate_get_serial_number (certificate);
  if (g_hash_table_contains (self->pending, serial))
    return;

  if (!smartca_deletion_request (self->deletion, certificate, &error))
    {
      smartca_window_show_error (self, error->message);
      return;
    }

  pending = g_new0 (PendingDelete, 1);
  pending->certificate = g_object_ref (certificate);
  pending->when = g_get_monotonic_time ();
  g_hash_table_insert (self->pending, g_strdup (serial), pending);
  smartca_window_refilter (self);

  name = smartca_format_isolate (smartca_certificate_get_display_name (certificate));
  /* Translators: %s is the certificate's name */
  title = g_strdup_printf (_("“%s” deleted"), name);
  toast = smartca_window_new_toast (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (serial));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "serial", g_strdup (serial), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  g_set_weak_pointer (&pending->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  undo_delete (SMARTCA_WINDOW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

/* Ctrl+Z: the most recent deletion that can still be undone. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);
  GHashTableIter iter;
  gpointer       key, value;
  const char    *latest = NULL;
  gint64         latest_when = 0;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((PendingDelete *) value)->when >= latest_when)
      {
        latest = key;
        latest_when = ((PendingDelete *) value)->when;
      }

  if (latest != NULL)
    {
      g_autofree char *serial = g_strdup (latest);
      undo_delete (self, serial, TRUE);
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "history") == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (smartca_history_page_get_search_entry (self->history_page)));
      return;
    }
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
card_delete_shortcut_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  SmartcaCertificateCard *card = smartca_window_focused_card (SMARTCA_WINDOW (widget));

  if (card == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (card), "card.delete", NULL);
}

/* Setup, for smartca-window.c */

GHashTable *
smartca_window_new_pending_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) pending_delete_free);
}

void
smartca_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.set-default", "s", set_default_action);
  gtk_widget_class_install_action (widget_class, "win.show-detail", "s", show_detail_action);
  gtk_widget_class_install_action (widget_class, "win.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "win.signature-images", NULL,
                                   signature_images_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, card_delete_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Delete, 0, card_delete_shortcut_cb, NULL);
}
