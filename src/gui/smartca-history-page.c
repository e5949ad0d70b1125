/* smartca-history-page.c: the main window's History page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every signing the store remembers, newest first (the store's own order),
 * filtered by what the search entry holds: a file name, the certificate's
 * name or its serial number, ignoring case and Vietnamese diacritics. The
 * rows' Delete (the key, or their button) goes to win.forget-history, which
 * offers Undo.
 */

#include "config.h"

#include "smartca-history-page.h"
#include "smartca-history-row.h"
#include "smartca-history.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SmartcaHistoryPage
{
  GtkWidget parent_instance;

  SmartcaStore       *store;
  GtkFilter          *filter;
  GtkFilterListModel *filtered;
  char               *query; /* folded, or NULL */

  GtkWidget      *history_search_clamp;
  GtkSearchEntry *history_search_entry;
  GtkStack       *history_stack;
  GtkListBox     *history_list;
};

G_DEFINE_FINAL_TYPE (SmartcaHistoryPage, smartca_history_page, GTK_TYPE_WIDGET)

/* Helpers */

static gboolean
folded_contains (const char *text,
                 const char *query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = smartca_fold_for_search (text);
  return strstr (folded, query) != NULL;
}

static gboolean
path_name_contains (const char *path,
                    const char *query)
{
  g_autofree char *base = NULL;

  if (path == NULL)
    return FALSE;
  base = g_path_get_basename (path);
  return folded_contains (base, query);
}

static gboolean
filter_entry (gpointer item,
              gpointer user_data)
{
  SmartcaHistoryPage  *self = user_data;
  SmartcaHistoryEntry *entry = item;
  g_autofree char     *serial_query = NULL;

  if (self->query == NULL || self->query[0] == '\0')
    return TRUE;
  if (path_name_contains (smartca_history_entry_get_input_path (entry), self->query) ||
      path_name_contains (smartca_history_entry_get_output_path (entry), self->query) ||
      folded_contains (smartca_history_entry_get_certificate_name (entry), self->query))
    return TRUE;

  /* A serial as certificate viewers write it too: "54:01:01…" */
  {
    g_autoptr(GString) plain = g_string_new (self->query);

    g_string_replace (plain, ":", "", 0);
    g_string_replace (plain, " ", "", 0);
    serial_query = g_string_free (g_steal_pointer (&plain), FALSE);
  }
  return serial_query[0] != '\0' &&
         folded_contains (smartca_history_entry_get_serial_number (entry), serial_query);
}

static void
update_view (SmartcaHistoryPage *self)
{
  GListModel *history = self->store != NULL ? smartca_store_get_history (self->store) : NULL;

  if (history == NULL || g_list_model_get_n_items (history) == 0)
    {
      gtk_stack_set_visible_child_name (self->history_stack, "empty");
      gtk_widget_set_visible (self->history_search_clamp, FALSE);
      return;
    }
  gtk_widget_set_visible (self->history_search_clamp, TRUE);
  gtk_stack_set_visible_child_name (
    self->history_stack,
    g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0 ? "list" : "no-results");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return smartca_history_row_new (SMARTCA_HISTORY_ENTRY (item), TRUE);
}

/* Callbacks */

static void
history_changed_cb (SmartcaHistoryPage *self)
{
  update_view (self);
}

static void
search_changed_cb (SmartcaHistoryPage *self)
{
  g_autofree char *query =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->history_search_entry))));

  g_free (self->query);
  self->query = smartca_fold_for_search (query);
  if (self->filter != NULL)
    gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
stop_search_cb (SmartcaHistoryPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->history_search_entry), "");
}

/* Delete on a row forgets it; the keyboard goes to the row that takes its
 * place. */
static gboolean
forget_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  SmartcaHistoryPage *self = SMARTCA_HISTORY_PAGE (user_data);
  GtkRoot            *root = gtk_widget_get_root (widget);
  GtkWidget          *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget          *row;
  int                 index;
  gint64              id;

  row = focus != NULL ? gtk_widget_get_ancestor (focus, SMARTCA_TYPE_HISTORY_ROW) : NULL;
  if (row == NULL)
    return FALSE;
  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  id = smartca_history_entry_get_id (smartca_history_row_get_entry (SMARTCA_HISTORY_ROW (row)));
  if (!gtk_widget_activate_action (row, "win.forget-history", "x", id))
    return FALSE;

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->history_list, index));
  if (row == NULL && index > 0)
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->history_list, index - 1));
  if (row != NULL)
    gtk_widget_grab_focus (row);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->history_search_entry));
  return TRUE;
}

/* Typing on the list searches. (Not the search entry's key capture: it
 * would take Return and Delete from the rows too.) */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     SmartcaHistoryPage    *self)
{
  GtkEditable *entry = GTK_EDITABLE (self->history_search_entry);
  gunichar     c = gdk_keyval_to_unicode (keyval);
  char         text[8];
  int          position = -1;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 || c == 0 ||
      !g_unichar_isgraph (c))
    return FALSE;
  text[g_unichar_to_utf8 (c, text)] = '\0';
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_insert_text (entry, text, -1, &position);
  gtk_editable_set_position (entry, -1);
  return TRUE;
}

/* GObject */

static void
smartca_history_page_dispose (GObject *object)
{
  SmartcaHistoryPage *self = SMARTCA_HISTORY_PAGE (object);

  smartca_history_page_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_HISTORY_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (smartca_history_page_parent_class)->dispose (object);
}

static void
smartca_history_page_class_init (SmartcaHistoryPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_history_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaHistoryPage, history_search_clamp);
  gtk_widget_class_bind_template_child (widget_class, SmartcaHistoryPage, history_search_entry);
  gtk_widget_class_bind_template_child (widget_class, SmartcaHistoryPage, history_stack);
  gtk_widget_class_bind_template_child (widget_class, SmartcaHistoryPage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
smartca_history_page_init (SmartcaHistoryPage *self)
{
  GtkEventController *controller;
  GtkShortcut        *shortcut;

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_shortcut_controller_new ();
  for (guint i = 0; i < 2; i++)
    {
      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (i == 0 ? GDK_KEY_Delete
                                                                  : GDK_KEY_KP_Delete,
                                                           0),
                                   gtk_callback_action_new (forget_shortcut_cb, self, NULL));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->history_list), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->history_list), controller);
  update_view (self);
}

/* Public API */

void
smartca_history_page_set_store (SmartcaHistoryPage *self,
                                SmartcaStore       *store)
{
  g_return_if_fail (SMARTCA_IS_HISTORY_PAGE (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (smartca_store_get_history (self->store), self);
      gtk_list_box_bind_model (self->history_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      GListModel *history = smartca_store_get_history (store);

      self->filter = GTK_FILTER (gtk_custom_filter_new (filter_entry, self, NULL));
      self->filtered = gtk_filter_list_model_new (g_object_ref (history),
                                                  g_object_ref (self->filter));
      gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->filtered), create_row, self,
                               NULL);
      /* After the filter model, so that it counts what shows */
      g_signal_connect_object (history, "items-changed", G_CALLBACK (history_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_view (self);
}

GtkEditable *
smartca_history_page_get_search_entry (SmartcaHistoryPage *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_PAGE (self), NULL);
  return GTK_EDITABLE (self->history_search_entry);
}

void
smartca_history_page_focus (SmartcaHistoryPage *self)
{
  GtkListBoxRow *first;

  g_return_if_fail (SMARTCA_IS_HISTORY_PAGE (self));

  first = gtk_list_box_get_row_at_index (self->history_list, 0);
  if (first != NULL && gtk_widget_get_mapped (GTK_WIDGET (first)))
    gtk_widget_grab_focus (GTK_WIDGET (first));
  else if (gtk_widget_get_visible (self->history_search_clamp))
    gtk_widget_grab_focus (GTK_WIDGET (self->history_search_entry));
}
