/* smartca-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_PREFERENCES_WINDOW (smartca_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaPreferencesWindow, smartca_preferences_window, SMARTCA, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *smartca_preferences_window_new (GtkWindow      *parent,
                                           SmartcaContext *context);

G_END_DECLS
