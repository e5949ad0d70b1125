/* smartca-window-history.c: the window's History page — showing it
 * (Ctrl+H), typing into the search of the page that shows, and forgetting
 * an entry with Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-history-page.h"
#include "smartca-history.h"
#include "smartca-text.h"
#include "smartca-window.h"
#include "smartca-window-private.h"

#include <glib/gi18n.h>

/* Typing starts a search in the certificates' list only while it shows
 * (the History page has its own, smartca-history-page.c). */
static void
visible_page_changed_cb (SmartcaWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean    history = g_strcmp0 (name, "history") == 0;

  gtk_search_bar_set_key_capture_widget (self->search_bar, history ? NULL : GTK_WIDGET (self));
  if (history)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
show_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "history");
  smartca_history_page_focus (self->history_page);
}

static void
show_certificates_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SmartcaWindow *self = SMARTCA_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "certificates");
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

static SmartcaHistoryEntry *
entry_for_id (SmartcaWindow *self,
              gint64         id)
{
  GListModel *history;

  if (self->store == NULL)
    return NULL;
  history = smartca_store_get_history (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(SmartcaHistoryEntry) entry = g_list_model_get_item (history, i);

      if (smartca_history_entry_get_id (entry) == id)
        return g_steal_pointer (&entry);
    }
  return NULL;
}

/* The entry goes at once; the toast's Undo stores it again, in its place.
 * The window keeps it only while the toast shows. */
static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static gboolean
forget_toast_gone_cb (gpointer user_data)
{
  AdwToast                *toast = user_data;
  g_autoptr(SmartcaWindow) self = g_weak_ref_get (g_object_get_data (G_OBJECT (toast), "window"));

  if (self != NULL && self->forgotten != NULL)
    g_hash_table_remove (self->forgotten, g_object_get_data (G_OBJECT (toast), "id"));
  return G_SOURCE_REMOVE;
}

/* Its Undo button dismisses the toast before its action runs: let it run. */
static void
forget_toast_dismissed_cb (AdwToast *toast)
{
  g_idle_add_full (G_PRIORITY_LOW, forget_toast_gone_cb, g_object_ref (toast), g_object_unref);
}

static void
forget_history_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SmartcaWindow                 *self = SMARTCA_WINDOW (widget);
  gint64                         id = g_variant_get_int64 (parameter);
  g_autoptr(SmartcaHistoryEntry) entry = entry_for_id (self, id);
  g_autoptr(GError)              error = NULL;
  g_autofree char               *base = NULL;
  g_autofree char               *name = NULL;
  g_autofree char               *title = NULL;
  const char                    *path;
  AdwToast                      *toast;

  if (entry == NULL)
    return;
  if (!smartca_store_forget_history (self->store, entry, &error))
    {
      smartca_window_show_error (self, error->message);
      return;
    }

  path = smartca_history_entry_get_output_path (entry);
  if (path == NULL)
    path = smartca_history_entry_get_input_path (entry);
  base = g_path_get_basename (path != NULL ? path : "");
  name = smartca_format_isolate (base);
  /* Translators: %s is a file name; the entry of its signing is forgotten */
  title = g_strdup_printf (_("“%s” removed from the history"), name);
  toast = smartca_window_new_toast (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-forget-history");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  g_hash_table_insert (self->forgotten, g_memdup2 (&id, sizeof id), g_object_ref (entry));
  g_object_set_data_full (G_OBJECT (toast), "id", g_memdup2 (&id, sizeof id), g_free);
  {
    GWeakRef *window_ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (window_ref, self);
    g_object_set_data_full (G_OBJECT (toast), "window", window_ref,
                            (GDestroyNotify) weak_ref_free);
  }
  g_signal_connect (toast, "dismissed", G_CALLBACK (forget_toast_dismissed_cb), NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_forget_history_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SmartcaWindow       *self = SMARTCA_WINDOW (widget);
  gint64               id = g_variant_get_int64 (parameter);
  SmartcaHistoryEntry *entry = g_hash_table_lookup (self->forgotten, &id);
  g_autoptr(GError)    error = NULL;

  if (entry == NULL || self->store == NULL)
    return;
  if (!smartca_store_restore_history (self->store, entry, &error))
    smartca_window_show_error (self, error->message);
  g_hash_table_remove (self->forgotten, &id);
}

/* Setup, for smartca-window.c */

void
smartca_window_class_install_history_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "win.show-certificates", NULL,
                                   show_certificates_action);
  gtk_widget_class_install_action (widget_class, "win.forget-history", "x",
                                   forget_history_action);
  gtk_widget_class_install_action (widget_class, "win.undo-forget-history", "x",
                                   undo_forget_history_action);
}

void
smartca_window_init_history (SmartcaWindow *self)
{
  self->forgotten = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_changed_cb), self, G_CONNECT_SWAPPED);
  visible_page_changed_cb (self);
}

void
smartca_window_dispose_history (SmartcaWindow *self)
{
  g_clear_pointer (&self->forgotten, g_hash_table_unref);
}
