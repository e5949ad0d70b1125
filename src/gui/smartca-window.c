/* smartca-window.c: the "Account information" window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-add-dialog.h"
#include "smartca-certificate-card.h"
#include "smartca-detail-dialog.h"
#include "smartca-window.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SmartcaWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  SmartcaContext *context;
  SmartcaStore *store;
  GtkFilter *filter;
  GtkFilterListModel *filtered;
  GtkSliceListModel *slice;
  char *query;               /* folded search text, or NULL */
  GHashTable *pending;       /* serial → PendingDelete, hidden until committed */
  GCancellable *cancellable;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *refresh_button;
  GtkMenuButton *primary_menu_button;
  GMenuModel *primary_menu;
  GtkWidget *refresh_spinner;
  GtkStack *stack;
  GtkSearchBar *search_bar;
  GtkEditable *search_entry;
  GtkGridView *list_view;
  AdwStatusPage *error_page;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaWindow, smartca_window, ADW_TYPE_APPLICATION_WINDOW)

/* Helpers */

static SmartcaCertificate *
certificate_for_serial (SmartcaWindow *self,
                        GVariant      *parameter)
{
  if (self->store == NULL || parameter == NULL)
    return NULL;
  return smartca_store_lookup (self->store, g_variant_get_string (parameter, NULL));
}

/* Errors stay until dismissed: they say what to do next. */
static void
show_error (SmartcaWindow *self,
            const char    *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_view (SmartcaWindow *self)
{
  guint n_items;

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  n_items = g_list_model_get_n_items (smartca_store_get_certificates (self->store)) -
            g_hash_table_size (self->pending);
  if (n_items == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_set_sensitive (self->refresh_button, n_items > 0);

  if (n_items > 0)
    {
      g_autofree char *subtitle =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate", "%u certificates", n_items),
                         n_items);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

/* The focused card, when keyboard focus is on one (or inside one). */
static SmartcaCertificateCard *
focused_card (SmartcaWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child;

      if (SMARTCA_IS_CERTIFICATE_CARD (widget))
        return SMARTCA_CERTIFICATE_CARD (widget);

      /* The list focuses the row that holds the card. */
      child = gtk_widget_get_first_child (widget);
      if (child != NULL && SMARTCA_IS_CERTIFICATE_CARD (child))
        return SMARTCA_CERTIFICATE_CARD (child);

      if (widget == GTK_WIDGET (self->list_view))
        break;
    }

  return NULL;
}

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
      GtkWidget *card = gtk_widget_get_first_child (row);
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

/* Callbacks */

/* The primary menu's popover is built when first opened, not at start-up. */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  SmartcaWindow *self = SMARTCA_WINDOW (user_data);

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

#define CARD_HEIGHT_ESTIMATE 160
#define CARDS_PER_FRAME 4
/* Beyond this the grid view builds no more cards anyway (30 rows and 3). */
#define GRID_VIEW_LIVE_CARDS 40

static gboolean
grow_list_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  SmartcaWindow *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice);

  if (size + CARDS_PER_FRAME >= GRID_VIEW_LIVE_CARDS)
    {
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->slice, size + CARDS_PER_FRAME);
  return G_SOURCE_CONTINUE;
}

/* Keyboard users start on the first certificate rather than on the header
 * bar. The list makes its rows at its first layout, so wait for a frame that
 * has them. */
static gboolean
focus_first_card_tick_cb (GtkWidget     *list_view,
                          GdkFrameClock *clock,
                          gpointer       user_data)
{
  GtkRoot *root = gtk_widget_get_root (list_view);
  guint *frames = user_data;

  /* GTK focuses the first button of the header bar when the window shows;
   * within the first frames nobody has chosen anything yet. */
  if (root == NULL || ++(*frames) > 10)
    return G_SOURCE_REMOVE;
  if (gtk_widget_get_first_child (list_view) == NULL || !gtk_widget_get_mapped (list_view))
    return G_SOURCE_CONTINUE;

  gtk_widget_child_focus (list_view, GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

static void
window_mapped_cb (SmartcaWindow *self)
{
  if (self->store != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), focus_first_card_tick_cb,
                                  g_new0 (guint, 1), g_free);
}

static void
certificates_changed_cb (SmartcaWindow *self,
                         guint          position,
                         guint          removed,
                         guint          added,
                         GListModel    *model)
{
  update_view (self);
}

static void
list_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               SmartcaWindow            *self)
{
  gtk_list_item_set_child (list_item, GTK_WIDGET (smartca_certificate_card_new ()));
}

static void
list_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              SmartcaWindow            *self)
{
  SmartcaCertificateCard *card = SMARTCA_CERTIFICATE_CARD (gtk_list_item_get_child (list_item));

  smartca_certificate_card_set_certificate (card, gtk_list_item_get_item (list_item));
}

static void
list_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SmartcaWindow            *self)
{
  SmartcaCertificateCard *card = SMARTCA_CERTIFICATE_CARD (gtk_list_item_get_child (list_item));

  smartca_certificate_card_set_certificate (card, NULL);
}

static void
list_view_activate_cb (SmartcaWindow *self,
                       guint          position)
{
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (self->list_view));
  g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (model, position);

  if (certificate == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-detail", "s",
                              smartca_certificate_get_serial_number (certificate));
}

static gboolean
card_menu_shortcut_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);
  SmartcaCertificateCard *card = focused_card (self);

  if (card == NULL)
    return FALSE;
  smartca_certificate_card_popup_menu (card);
  return TRUE;
}


/* What the list shows: not what waits to be deleted, and what matches the
 * search, ignoring case and Vietnamese diacritics. */
static gboolean
filter_certificate (gpointer item,
                    gpointer user_data)
{
  SmartcaWindow *self = user_data;
  SmartcaCertificate *certificate = item;

  if (g_hash_table_size (self->pending) > 0 &&
      g_hash_table_contains (self->pending, smartca_certificate_get_serial_number (certificate)))
    return FALSE;
  if (self->query == NULL || self->query[0] == '\0')
    return TRUE;
  return strstr (smartca_certificate_get_search_text (certificate), self->query) != NULL;
}

static void
refilter (SmartcaWindow *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
search_changed_cb (SmartcaWindow *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (self->search_entry)));

  g_free (self->query);
  self->query = smartca_fold_for_search (query);
  if (self->filter != NULL)
    refilter (self);
}

static void
stop_search_cb (SmartcaWindow *self)
{
  gtk_editable_set_text (self->search_entry, "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Delete with Undo: the card goes at once; the certificate is deleted for
 * real (keyring first, then the store) when its toast goes away, and not at
 * all if Undo is pressed. If it was the default, the best one left becomes
 * the default at once, and Undo gives the default back. */
typedef struct
{
  SmartcaCertificate *certificate;
  SmartcaCertificate *successor;
  AdwToast *toast; /* weak */
  gint64 when;
} PendingDelete;

static void
pending_delete_free (PendingDelete *pending)
{
  g_clear_object (&pending->certificate);
  g_clear_object (&pending->successor);
  g_clear_weak_pointer (&pending->toast);
  g_free (pending);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SmartcaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (!smartca_context_delete_finish (SMARTCA_CONTEXT (source), result, &error) &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The certificate could not be deleted. %s"), error->message);
      show_error (self, message);
    }
  if (app != NULL)
    g_application_release (app);
}

static void
commit_delete (SmartcaWindow *self,
               const char    *serial)
{
  PendingDelete *pending = g_hash_table_lookup (self->pending, serial);
  g_autoptr(SmartcaCertificate) certificate = NULL;
  GApplication *app = g_application_get_default ();

  if (pending == NULL)
    return;

  certificate = g_object_ref (pending->certificate);
  g_hash_table_remove (self->pending, serial);

  /* The app stays until the keyring and the store are done, even if this
   * was the last window. */
  if (app != NULL)
    g_application_hold (app);
  smartca_context_delete_async (self->context, certificate, NULL, deleted_cb,
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
  PendingDelete *pending = g_hash_table_lookup (self->pending, serial);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (pending == NULL)
    return;

  if (pending->successor != NULL &&
      !smartca_store_set_default (self->store, pending->certificate, &error))
    show_error (self, error->message);

  toast = pending->toast != NULL ? g_object_ref (pending->toast) : NULL;
  g_hash_table_remove (self->pending, serial);
  refilter (self);

  /* The toast's own Undo button dismisses it already. */
  if (toast != NULL && dismiss_toast)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 600, dismiss_toast_later_cb, g_object_ref (toast),
                        g_object_unref);
  g_clear_object (&toast);
}

typedef struct
{
  SmartcaWindow *window;
  char *serial;
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
  SmartcaWindow *self = deferred->window;

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
  const char *serial = g_object_get_data (G_OBJECT (toast), "serial");

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

static void
commit_all_deletes (SmartcaWindow *self)
{
  guint n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (self->pending, &n);
  g_auto(GStrv) serials = g_new0 (char *, n + 1);

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
  SmartcaWindow *self = SMARTCA_WINDOW (widget);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !refreshing);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SmartcaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_updated = 0;

  if (!smartca_context_refresh_finish (SMARTCA_CONTEXT (source), result, &n_updated, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_refreshing (self, FALSE);
      {
        g_autofree char *message =
          /* Translators: %s says why; nothing was changed */
          g_strdup_printf (_("The certificates could not be refreshed. %s"), error->message);
        show_error (self, message);
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
  smartca_context_refresh_async (self->context, self->cancellable, refreshed_cb,
                                 g_object_ref (self));
}

static void
set_default_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate *certificate = certificate_for_serial (self, parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (certificate == NULL)
    return;

  if (!smartca_store_set_default (self->store, certificate, &error))
    {
      show_error (self, error->message);
      return;
    }
  refocus_certificate (self, smartca_certificate_get_serial_number (certificate));

  message = g_strdup_printf (_("“%s” is now the default certificate for signing"),
                             smartca_certificate_get_display_name (certificate));
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
  SmartcaWindow *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate *certificate = certificate_for_serial (self, parameter);
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
  SmartcaWindow *self = SMARTCA_WINDOW (widget);
  SmartcaCertificate *certificate = certificate_for_serial (self, parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  PendingDelete *pending;
  AdwToast *toast;
  const char *serial;

  if (certificate == NULL)
    return;
  serial = smartca_certificate_get_serial_number (certificate);
  if (g_hash_table_contains (self->pending, serial))
    return;

  pending = g_new0 (PendingDelete, 1);
  pending->certificate = g_object_ref (certificate);
  pending->when = g_get_monotonic_time ();

  if (smartca_certificate_get_is_default (certificate))
    {
      SmartcaCertificate *successor = smartca_store_pick_successor (self->store, certificate);

      if (successor != NULL)
        {
          if (!smartca_store_set_default (self->store, successor, &error))
            {
              show_error (self, error->message);
              pending_delete_free (pending);
              return;
            }
          pending->successor = g_object_ref (successor);
        }
    }

  g_hash_table_insert (self->pending, g_strdup (serial), pending);
  refilter (self);

  /* Translators: %s is the certificate's name */
  title = g_strdup_printf (_("“%s” deleted"), smartca_certificate_get_display_name (certificate));
  toast = adw_toast_new (title);
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
  gpointer key, value;
  const char *latest = NULL;
  gint64 latest_when = 0;

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

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
card_delete_shortcut_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  SmartcaCertificateCard *card = focused_card (SMARTCA_WINDOW (widget));

  if (card == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (card), "card.delete", NULL);
}

/* Window state */

static void
load_window_state (SmartcaWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (SmartcaWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

/* GObject */

static gboolean
smartca_window_close_request (GtkWindow *window)
{
  commit_all_deletes (SMARTCA_WINDOW (window));
  save_window_state (SMARTCA_WINDOW (window));
  return GTK_WINDOW_CLASS (smartca_window_parent_class)->close_request (window);
}

static void
smartca_window_constructed (GObject *object)
{
  SmartcaWindow *self = SMARTCA_WINDOW (object);
  GtkListItemFactory *factory;
  GListModel *certificates;

  G_OBJECT_CLASS (smartca_window_parent_class)->constructed (object);

  load_window_state (self);

  if (self->store == NULL)
    {
      update_view (self);
      return;
    }

  certificates = smartca_store_get_certificates (self->store);




  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_certificate, self, NULL));
  self->filtered = gtk_filter_list_model_new (g_object_ref (certificates),
                                              g_object_ref (self->filter));
  /* Connected after the filter model, so that the view counts what shows. */
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (certificates_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (certificates, "items-changed",
                           G_CALLBACK (certificates_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (list_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (list_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (list_unbind_cb), self);

  /* A card costs about a millisecond to build and measure, and the grid
   * keeps 30 rows of them. The first frame needs only the ones that show:
   * the rest are let in a few rows a frame afterwards. */
  {
    int width = 0, height = 0;

    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
    /* The store keeps its list in display order: no sort model needed. */
    self->slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0,
                                            MAX (height, 480) / CARD_HEIGHT_ESTIMATE + 1);
  }
  gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), grow_list_tick_cb, self, NULL);
  gtk_grid_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             G_LIST_MODEL (g_object_ref (self->slice)))));
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  update_view (self);
}

static void
smartca_window_dispose (GObject *object)
{
  SmartcaWindow *self = SMARTCA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_WINDOW);
  if (self->pending != NULL)
    commit_all_deletes (self);
  g_clear_object (&self->filter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->slice);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (smartca_window_parent_class)->dispose (object);
}

static void
smartca_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SmartcaWindow *self = SMARTCA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SmartcaWindow *self = SMARTCA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->store = self->context != NULL ? smartca_context_get_store (self->context) : NULL;
      if (self->store != NULL)
        g_object_ref (self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_window_class_init (SmartcaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = smartca_window_constructed;
  object_class->dispose = smartca_window_dispose;
  object_class->get_property = smartca_window_get_property;
  object_class->set_property = smartca_window_set_property;
  window_class->close_request = smartca_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SMARTCA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, list_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "win.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.set-default", "s", set_default_action);
  gtk_widget_class_install_action (widget_class, "win.show-detail", "s", show_detail_action);
  gtk_widget_class_install_action (widget_class, "win.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, card_menu_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                card_menu_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, card_delete_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Delete, 0, card_delete_shortcut_cb, NULL);
}

static void
smartca_window_init (SmartcaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu_cb, self,
                                         NULL);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) pending_delete_free);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect (self, "map", G_CALLBACK (window_mapped_cb), NULL);

}

/* Public API */

SmartcaWindow *
smartca_window_new_for_context (SmartcaApplication *application,
                                SmartcaContext     *context)
{
  SmartcaWindow *self;
  const GError *store_error;

  g_return_val_if_fail (SMARTCA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);

  self = g_object_new (SMARTCA_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);

  store_error = smartca_context_get_store_error (context);
  if (self->store == NULL && store_error != NULL)
    adw_status_page_set_description (self->error_page, store_error->message);

  return self;
}

SmartcaWindow *
smartca_window_new (SmartcaApplication *application)
{
  return smartca_window_new_for_context (application,
                                         smartca_application_get_context (application));
}

SmartcaContext *
smartca_window_get_context (SmartcaWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_WINDOW (self), NULL);
  return self->context;
}

void
smartca_window_add_toast (SmartcaWindow *self,
                          const char    *title)
{
  g_return_if_fail (SMARTCA_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}
