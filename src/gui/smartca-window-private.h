/* smartca-window-private.h: shared between the window's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-certificate-card.h"
#include "smartca-deletion.h"
#include "smartca-lookup.h"
#include "smartca-window.h"

G_BEGIN_DECLS

struct _SmartcaWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  SmartcaContext *context;
  SmartcaStore *store;       /* NULL while the context loads it, or when it failed */
  SmartcaLookup *lookup;
  SmartcaDeletion *deletion;
  GtkFilter *filter;
  GtkFilterListModel *filtered;
  GtkSliceListModel *slice;
  char *query;               /* folded search text, or NULL */
  GHashTable *pending;       /* serial → PendingDelete: its toast, until committed or undone */
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
  GtkSpinner *loading_spinner;
};

/* smartca-window.c */
SmartcaCertificate     *smartca_window_certificate_for_serial (SmartcaWindow  *self,
                                                               GVariant       *parameter);
void                    smartca_window_show_error             (SmartcaWindow  *self,
                                                               const char     *message);
void                    smartca_window_update_view            (SmartcaWindow  *self);
void                    smartca_window_refilter               (SmartcaWindow  *self);
SmartcaCertificateCard *smartca_window_focused_card           (SmartcaWindow  *self);

/* smartca-window-actions.c */
void                    smartca_window_class_install_actions  (GtkWidgetClass *widget_class);
GHashTable             *smartca_window_new_pending_table      (void);

G_END_DECLS
