/* smartca-window-private.h: shared between the window's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-certificate-card.h"
#include "smartca-deletion.h"
#include "smartca-history-page.h"
#include "smartca-lookup.h"
#include "smartca-window.h"

G_BEGIN_DECLS

struct _SmartcaWindow
{
  AdwApplicationWindow parent_instance;

  GSettings          *settings;
  SmartcaContext     *context;
  SmartcaStore       *store; /* NULL while the context loads it, or when it failed */
  SmartcaLookup      *lookup;
  SmartcaDeletion    *deletion;
  GtkFilter          *filter;
  GtkFilterListModel *filtered;
  GtkSliceListModel  *slice;
  char               *query;   /* folded search text, or NULL */
  GHashTable         *pending; /* serial → PendingDelete: its toast, until committed or undone */
  GCancellable       *cancellable;

  /* The default certificate, watched (smartca-window-default.c) */
  SmartcaCertificate *watched_default;
  gulong              default_notify_handler;
  guint               default_expiry_source;
  guint               default_check_source;
  GtkWidget          *default_banner; /* made when first needed */
  GtkLabel           *default_banner_label;
  GtkWidget          *default_banner_button;

  /* Issue 11: documents to open once the list is loaded (OpenRequest), and
   * history entries forgotten while their Undo toast shows (id → entry) */
  GPtrArray  *waiting_documents;
  GHashTable *forgotten;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  SmartcaHistoryPage   *history_page;
  GtkWidget            *refresh_button;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  GtkWidget            *refresh_spinner;
  GtkStack             *stack;
  GtkSearchBar         *search_bar;
  GtkEditable          *search_entry;
  GtkGridView          *list_view;
  AdwStatusPage        *error_page;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkWidget            *repair_button;
  GtkSpinner           *loading_spinner;
};

/* smartca-window.c */
SmartcaCertificate     *smartca_window_certificate_for_serial (SmartcaWindow *self,
                                                               GVariant      *parameter);
void                    smartca_window_show_error (SmartcaWindow *self,
                                                   const char    *message);
AdwToast               *smartca_window_new_toast (const char *title);
void                    smartca_window_update_view (SmartcaWindow *self);
void                    smartca_window_refilter (SmartcaWindow *self);
SmartcaCertificateCard *smartca_window_focused_card (SmartcaWindow *self);
gboolean                smartca_window_get_read_only (SmartcaWindow *self);

/* smartca-window-default.c */
void smartca_window_watch_default (SmartcaWindow *self);
void smartca_window_unwatch_default (SmartcaWindow *self);

/* smartca-window-open.c */
void smartca_window_class_install_open_actions (GtkWidgetClass *widget_class);
void smartca_window_init_open (SmartcaWindow *self);
void smartca_window_open_waiting_documents (SmartcaWindow *self);

/* smartca-window-history.c */
void smartca_window_class_install_history_actions (GtkWidgetClass *widget_class);
void smartca_window_init_history (SmartcaWindow *self);
void smartca_window_dispose_history (SmartcaWindow *self);

/* smartca-window-actions.c */
void        smartca_window_class_install_actions (GtkWidgetClass *widget_class);
GHashTable *smartca_window_new_pending_table (void);

G_END_DECLS
