/* smartca-accessible.c: what screen readers are told, where GTK 4.8 says it
 * wrongly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 names a button made with a mnemonic label ("_Add Certificate",
 * use-underline) twice: its accessible label is set to the label as written,
 * underscore included, and the label inside, which the mnemonic ties to the
 * button, names it again. Orca reads "_Add Certificate Add Certificate".
 * The label inside already says it right, so the button's own accessible
 * label goes. This covers every such button, ours and libadwaita's (a
 * toast's Undo), whenever one is shown; later GTK versions name buttons
 * from their content, where this changes nothing.
 */

#include "config.h"

#include "smartca-accessible.h"

static gboolean
button_mapped_cb (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  GObject   *object = g_value_get_object (&params[0]);
  GtkButton *button;

  if (!GTK_IS_BUTTON (object))
    return TRUE;

  button = GTK_BUTTON (object);
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL &&
      GTK_IS_LABEL (gtk_button_get_child (button)) &&
      gtk_label_get_mnemonic_widget (GTK_LABEL (gtk_button_get_child (button))) ==
        GTK_WIDGET (button))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  return TRUE;
}

/**
 * smartca_accessible_init:
 *
 * Installs the fix for buttons with mnemonics once for the process; every
 * button shown from then on is named once, without its underscore.
 */
void
smartca_accessible_init (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      guint map_signal;

      /* Before any widget is made, GtkWidget's signals are not there yet. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      map_signal = g_signal_lookup ("map", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (map_signal, 0, button_mapped_cb, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
