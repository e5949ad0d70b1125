/* smartca-window.c: the "Account information" window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-certificate-card.h"
#include "smartca-format.h"
#include "smartca-window.h"
#include "smartca-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaWindow, smartca_window, ADW_TYPE_APPLICATION_WINDOW)

/* Helpers */

SmartcaCertificate *
smartca_window_certificate_for_serial (SmartcaWindow *self,
                                       GVariant      *parameter)
{
  if (self->store == NULL || parameter == NULL)
    return NULL;
  return smartca_store_lookup (self->store, g_variant_get_string (parameter, NULL));
}

/* Errors stay until dismissed: they say what to do next. An error's message
 * may quote SmartCA, a file name or what the user typed: it is shown on one
 * line, and nothing in it can reorder the rest. */
void
smartca_window_show_error (SmartcaWindow *self,
                           const char    *message)
{
  g_autofree char *text = smartca_format_clean (message);
  AdwToast        *toast = smartca_window_new_toast (text);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
smartca_window_update_view (SmartcaWindow *self)
{
  guint n_items;

  if (self->store == NULL)
    {
      gboolean loading = self->context != NULL && smartca_context_get_loading (self->context);

      gtk_stack_set_visible_child_name (self->stack, loading ? "loading" : "error");
      gtk_spinner_set_spinning (self->loading_spinner, loading);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
      adw_view_switcher_title_set_subtitle (self->window_title, NULL);
      return;
    }

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  n_items = g_list_model_get_n_items (smartca_store_get_certificates (self->store)) -
            smartca_store_count_pending_removals (self->store);
  if (n_items == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_set_sensitive (self->refresh_button,
                            n_items > 0 && !smartca_store_get_read_only (self->store));

  if (n_items > 0)
    {
      g_autofree char *subtitle =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate", "%u certificates", n_items),
                         n_items);

      adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_view_switcher_title_set_subtitle (self->window_title, NULL);
}

gboolean
smartca_window_get_read_only (SmartcaWindow *self)
{
  return self->store == NULL || smartca_store_get_read_only (self->store);
}

/* While the list can only be viewed, a notice says why, Repair is offered
 * for a damaged list, and nothing that would change the list is enabled. */
static void
sync_read_only (SmartcaWindow *self)
{
  static const char *const editing_actions[] = {
    "win.add",
    "win.refresh",
    "win.set-default",
    "win.delete",
  };
  gboolean         read_only = smartca_window_get_read_only (self);
  gboolean         damaged = self->store != NULL && smartca_store_get_damaged (self->store);
  g_autofree char *reason = NULL;

  if (self->store != NULL)
    reason = smartca_store_dup_read_only_reason (self->store);
  gtk_label_set_text (self->read_only_label, reason != NULL ? reason : "");
  gtk_revealer_set_reveal_child (self->read_only_revealer, self->store != NULL && read_only);
  gtk_widget_set_visible (self->repair_button, damaged);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.repair", damaged);

  for (guint i = 0; i < G_N_ELEMENTS (editing_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), editing_actions[i], !read_only);

  /* The cards the list shows now; new ones learn it when bound. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_widget_get_first_child (child);

      if (card != NULL && SMARTCA_IS_CERTIFICATE_CARD (card))
        smartca_certificate_card_set_read_only (SMARTCA_CERTIFICATE_CARD (card), read_only);
    }
}

static void
repair_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmartcaWindow    *self = SMARTCA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char  *backup = NULL;
  g_autofree char  *backup_name = NULL;
  g_autofree char  *title = NULL;
  AdwToast         *toast;

  if (self->store == NULL || !smartca_store_get_damaged (self->store))
    return;

  if (!smartca_store_repair (self->store, &backup, &error))
    {
      smartca_window_show_error (self, error->message);
      return;
    }

  /* The store's notify::read-only has given editing back already. */
  backup_name = g_path_get_basename (backup);
  title = g_markup_printf_escaped (_("The list was repaired. The damaged file was kept as “%s”."),
                                   backup_name);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

/* The focused card, when keyboard focus is on one (or inside one). */
SmartcaCertificateCard *
smartca_window_focused_card (SmartcaWindow *self)
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
  guint          size = gtk_slice_list_model_get_size (self->slice);

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
  guint   *frames = user_data;

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
  smartca_window_update_view (self);
}

static void
list_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               SmartcaWindow            *self)
{
  SmartcaCertificateCard *card = smartca_certificate_card_new ();

  smartca_certificate_card_set_store (card, self->store);
  gtk_list_item_set_child (list_item, GTK_WIDGET (card));
}

static void
list_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              SmartcaWindow            *self)
{
  SmartcaCertificateCard *card = SMARTCA_CERTIFICATE_CARD (gtk_list_item_get_child (list_item));

  smartca_certificate_card_set_read_only (card, smartca_window_get_read_only (self));
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
  GListModel                   *model = G_LIST_MODEL (gtk_grid_view_get_model (self->list_view));
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
  SmartcaWindow          *self = SMARTCA_WINDOW (widget);
  SmartcaCertificateCard *card = smartca_window_focused_card (self);

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
  SmartcaWindow      *self = user_data;
  SmartcaCertificate *certificate = item;

  if (smartca_store_is_removal_pending (self->store, certificate))
    return FALSE;
  if (self->query == NULL || self->query[0] == '\0')
    return TRUE;
  return strstr (smartca_certificate_get_search_text (certificate), self->query) != NULL;
}

void
smartca_window_refilter (SmartcaWindow *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  smartca_window_update_view (self);
}

static void
search_changed_cb (SmartcaWindow *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (self->search_entry)));

  g_free (self->query);
  self->query = smartca_fold_for_search (query);
  if (self->filter != NULL)
    smartca_window_refilter (self);
}

static void
stop_search_cb (SmartcaWindow *self)
{
  gtk_editable_set_text (self->search_entry, "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
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
  smartca_window_commit_all_deletes (SMARTCA_WINDOW (window));
  save_window_state (SMARTCA_WINDOW (window));
  return GTK_WINDOW_CLASS (smartca_window_parent_class)->close_request (window);
}

/* The store is there (or could not be opened): the window shows it. */
static void
attach_store (SmartcaWindow *self)
{
  GtkListItemFactory *factory;
  GListModel         *certificates;
  const GError       *store_error = smartca_context_get_store_error (self->context);

  self->store = smartca_context_get_store (self->context);
  if (self->store == NULL)
    {
      if (store_error != NULL)
        {
          /* It names the file: a path is not markup. */
          g_autofree char *description = g_markup_escape_text (store_error->message, -1);

          adw_status_page_set_description (self->error_page, description);
        }
      smartca_window_update_view (self);
      sync_read_only (self);
      smartca_window_open_waiting_documents (self);
      return;
    }
  g_object_ref (self->store);
  /* Off while it was loading. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", TRUE);

  certificates = smartca_store_get_certificates (self->store);
  g_signal_connect_object (self->store, "notify::read-only", G_CALLBACK (sync_read_only), self,
                           G_CONNECT_SWAPPED);

  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_certificate, self, NULL));
  self->filtered = gtk_filter_list_model_new (g_object_ref (certificates),
                                              g_object_ref (self->filter));
  /* Connected after the filter model, so that the filter has seen the
   * change and the view counts what shows. */
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

  smartca_window_update_view (self);
  sync_read_only (self);
  smartca_window_watch_default (self);
  smartca_history_page_set_store (self->history_page, self->store);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    window_mapped_cb (self);
  smartca_window_open_waiting_documents (self);
}

static void
context_loading_cb (SmartcaWindow *self)
{
  if (self->store != NULL || smartca_context_get_loading (self->context))
    return;
  g_signal_handlers_disconnect_by_func (self->context, context_loading_cb, self);
  attach_store (self);
}

static void
smartca_window_constructed (GObject *object)
{
  SmartcaWindow *self = SMARTCA_WINDOW (object);

  G_OBJECT_CLASS (smartca_window_parent_class)->constructed (object);

  load_window_state (self);

  self->lookup = smartca_lookup_new (self->context);
  self->deletion = smartca_deletion_new (self->context);

  /* While the store is read, the window shows that it is loading; it never
   * waits for it. */
  if (smartca_context_get_loading (self->context))
    {
      g_signal_connect_object (self->context, "notify::loading", G_CALLBACK (context_loading_cb),
                               self, G_CONNECT_SWAPPED);
      smartca_window_update_view (self);
      return;
    }
  attach_store (self);
}

static void
smartca_window_dispose (GObject *object)
{
  SmartcaWindow *self = SMARTCA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Deletions still offered for Undo are done now, while the widgets they
   * update are there; after that nothing the store says reaches them. */
  if (self->pending != NULL)
    smartca_window_commit_all_deletes (self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (smartca_store_get_certificates (self->store), self);
    }
  /* Last, so that nothing the deletions above set off is left to run. */
  smartca_window_unwatch_default (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_WINDOW);
  g_clear_object (&self->filter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->slice);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->waiting_documents, g_ptr_array_unref);
  smartca_window_dispose_history (self);
  g_clear_pointer (&self->query, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->lookup);
  g_clear_object (&self->deletion);
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
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_window_class_init (SmartcaWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
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
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, refresh_spinner);
  /* Not "stack": AdwViewSwitcherTitle has one of that name inside */
  gtk_widget_class_bind_template_child_full (widget_class, "certificates_stack", FALSE,
                                             G_STRUCT_OFFSET (SmartcaWindow, stack));
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, loading_spinner);
  gtk_widget_class_bind_template_callback (widget_class, list_view_activate_cb);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaWindow, repair_button);

  smartca_window_class_install_actions (widget_class);
  smartca_window_class_install_open_actions (widget_class);
  smartca_window_class_install_history_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.repair", NULL, repair_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, card_menu_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                card_menu_shortcut_cb, NULL);
}

static void
smartca_window_init (SmartcaWindow *self)
{
  g_type_ensure (SMARTCA_TYPE_HISTORY_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu_cb, self,
                                         NULL);
  self->pending = smartca_window_new_pending_table ();
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect (self, "map", G_CALLBACK (window_mapped_cb), NULL);
  smartca_window_init_open (self);
  smartca_window_init_history (self);
}

/* Public API */

SmartcaWindow *
smartca_window_new_for_context (SmartcaApplication *application,
                                SmartcaContext     *context)
{
  g_return_val_if_fail (SMARTCA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);

  return g_object_new (SMARTCA_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
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

/**
 * smartca_window_get_loading:
 *
 * Returns: whether the window still waits for its certificate list
 */
gboolean
smartca_window_get_loading (SmartcaWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_WINDOW (self), FALSE);
  return self->store == NULL && smartca_context_get_loading (self->context);
}

/**
 * smartca_window_add_toast:
 * @title: plain text, not markup; values in it isolated with
 *   smartca_format_isolate()
 */
void
smartca_window_add_toast (SmartcaWindow *self,
                          const char    *title)
{
  g_return_if_fail (SMARTCA_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, smartca_window_new_toast (title));
}

/**
 * smartca_window_new_toast:
 * @title: plain text, as for smartca_window_add_toast()
 *
 * A toast's title is markup (use-markup arrived in libadwaita 1.4), so it
 * is escaped, here in one place.
 *
 * Returns: (transfer full): a toast showing @title as it is written
 */
AdwToast *
smartca_window_new_toast (const char *title)
{
  g_autofree char *markup = g_markup_escape_text (title, -1);

  return adw_toast_new (markup);
}
