/* smartca-history-row.c: one signing in a list (History, the Detail)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file's name, when, with which certificate (name · serial, copied into
 * the entry, so a removed certificate still shows), and the outcome. A
 * signed copy that is still there opens when the row is activated. Every
 * value is plain text: the row does not parse markup.
 */

#include "config.h"

#include "smartca-history-row.h"
#include "smartca-text.h"

#include <glib/gi18n.h>

struct _SmartcaHistoryRow
{
  AdwActionRow parent_instance;

  SmartcaHistoryEntry *entry;
  GtkWidget           *outcome_label;
};

G_DEFINE_FINAL_TYPE (SmartcaHistoryRow, smartca_history_row, ADW_TYPE_ACTION_ROW)

static SmartcaHistoryOpenFunc open_func;

/* Helpers */

static const char *
shown_path (SmartcaHistoryEntry *entry)
{
  const char *output = smartca_history_entry_get_output_path (entry);

  return output != NULL && output[0] != '\0' ? output : smartca_history_entry_get_input_path (entry);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  /* Translators: the date and time of a signing, as strftime() writes it */
  return g_date_time_format (local, _("%d/%m/%Y %H:%M"));
}

static const char *
outcome_style (SmartcaHistoryOutcome outcome)
{
  switch (outcome)
    {
    case SMARTCA_HISTORY_SIGNED:
      return "success";
    case SMARTCA_HISTORY_CANCELLED:
      return "dim-label";
    case SMARTCA_HISTORY_REJECTED:
    case SMARTCA_HISTORY_EXPIRED:
      return "warning";
    case SMARTCA_HISTORY_FAILED:
    default:
      return "error";
    }
}

static void
default_open (GtkWindow  *parent,
              const char *uri)
{
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

static void
fill (SmartcaHistoryRow *self)
{
  SmartcaHistoryEntry  *entry = self->entry;
  SmartcaHistoryOutcome outcome = smartca_history_entry_get_outcome (entry);
  const char           *path = shown_path (entry);
  g_autofree char      *base = path != NULL ? g_path_get_basename (path) : g_strdup ("—");
  g_autofree char      *name = smartca_format_isolate (base);
  g_autofree char      *when = format_time (smartca_history_entry_get_signed_at (entry));
  g_autofree char      *certificate =
    smartca_format_isolate (smartca_history_entry_get_certificate_name (entry));
  g_autofree char   *serial = smartca_format_isolate (smartca_history_entry_get_serial_number (entry));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GFile)   file = NULL;
  const char        *message = smartca_history_entry_get_message (entry);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  /* Translators: a signing's date and time, then the certificate's name and
   * serial number */
  g_string_append_printf (subtitle, _("%s\n%s · %s"), when, certificate, serial);

  file = smartca_history_row_dup_openable_file (self);
  if (outcome == SMARTCA_HISTORY_SIGNED && file == NULL)
    g_string_append_printf (subtitle, "\n%s", _("The signed file is no longer there."));
  else if (outcome != SMARTCA_HISTORY_SIGNED && message != NULL && message[0] != '\0')
    {
      g_autofree char *clean = smartca_format_clean (message);

      g_string_append_printf (subtitle, "\n%s", clean);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  gtk_label_set_text (GTK_LABEL (self->outcome_label), smartca_history_outcome_to_string (outcome));
  gtk_widget_add_css_class (self->outcome_label, outcome_style (outcome));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), file != NULL);
  if (file != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Open the signed document"));
}

static void
add_forget_button (SmartcaHistoryRow *self)
{
  GtkWidget       *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *base = g_path_get_basename (shown_path (self->entry));
  g_autofree char *clean = smartca_format_clean (base);
  /* Translators: accessible name of a history row's button; %s is a file name */
  g_autofree char *label = g_strdup_printf (_("Forget “%s”"), clean);

  gtk_widget_set_name (button, "forget_button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Forget This Entry (Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.forget-history");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int64 (
                                            smartca_history_entry_get_id (self->entry)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), button);
}

/* Callbacks */

static void
activated_cb (SmartcaHistoryRow *self)
{
  g_autoptr(GFile) file = smartca_history_row_dup_openable_file (self);
  g_autofree char *uri = NULL;
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (file == NULL)
    return;
  uri = g_file_get_uri (file);
  (open_func != NULL ? open_func : default_open) (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  uri);
}

/* GObject */

static void
smartca_history_row_dispose (GObject *object)
{
  SmartcaHistoryRow *self = SMARTCA_HISTORY_ROW (object);

  g_clear_object (&self->entry);

  G_OBJECT_CLASS (smartca_history_row_parent_class)->dispose (object);
}

static void
smartca_history_row_class_init (SmartcaHistoryRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = smartca_history_row_dispose;
}

static void
smartca_history_row_init (SmartcaHistoryRow *self)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 4);
  self->outcome_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->outcome_label, "outcome_label");
  gtk_widget_set_valign (self->outcome_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->outcome_label, "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->outcome_label);
  g_signal_connect (self, "activated", G_CALLBACK (activated_cb), NULL);
}

/* Public API */

GtkWidget *
smartca_history_row_new (SmartcaHistoryEntry *entry,
                         gboolean             forgettable)
{
  SmartcaHistoryRow *self;

  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (entry), NULL);

  self = g_object_new (SMARTCA_TYPE_HISTORY_ROW, NULL);
  self->entry = g_object_ref (entry);
  fill (self);
  if (forgettable)
    add_forget_button (self);
  return GTK_WIDGET (self);
}

SmartcaHistoryEntry *
smartca_history_row_get_entry (SmartcaHistoryRow *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ROW (self), NULL);
  return self->entry;
}

/**
 * smartca_history_row_dup_openable_file:
 *
 * Returns: (transfer full) (nullable): the signed copy, when it was signed
 *   and is still a file
 */
GFile *
smartca_history_row_dup_openable_file (SmartcaHistoryRow *self)
{
  const char *output;

  g_return_val_if_fail (SMARTCA_IS_HISTORY_ROW (self), NULL);

  output = smartca_history_entry_get_output_path (self->entry);
  if (smartca_history_entry_get_outcome (self->entry) != SMARTCA_HISTORY_SIGNED ||
      output == NULL || !g_file_test (output, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_file_new_for_path (output);
}

void
smartca_history_set_open_func (SmartcaHistoryOpenFunc func)
{
  open_func = func;
}
