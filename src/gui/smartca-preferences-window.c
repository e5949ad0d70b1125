/* smartca-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-preferences-window.h"

struct _SmartcaPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;

  AdwComboRow *style_row;
};

G_DEFINE_FINAL_TYPE (SmartcaPreferencesWindow, smartca_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* The "style" key is an enum whose values are the rows' positions. */
static const char *const style_nicks[] = { "default", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_nicks); i++)
    if (g_str_equal (nick, style_nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (style_nicks))
    return NULL;
  return g_variant_new_string (style_nicks[position]);
}

static void
smartca_preferences_window_dispose (GObject *object)
{
  SmartcaPreferencesWindow *self = SMARTCA_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (smartca_preferences_window_parent_class)->dispose (object);
}

static void
smartca_preferences_window_class_init (SmartcaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/example/SmartCACerts/smartca-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaPreferencesWindow, style_row);
}

static void
smartca_preferences_window_init (SmartcaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "style", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
}

GtkWindow *
smartca_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (SMARTCA_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
