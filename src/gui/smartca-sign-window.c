/* smartca-sign-window.c: the signing window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder with the contract's API, so that the entry points can be
 * built before the window: it shows the file's name and nothing else.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "smartca-sign-window.h"

struct _SmartcaSignWindow
{
  AdwApplicationWindow parent_instance;

  SmartcaContext      *context;
  SmartcaCertificate  *certificate;
  GFile               *file;
  SmartcaHistoryEntry *history_entry;
};

G_DEFINE_FINAL_TYPE (SmartcaSignWindow, smartca_sign_window, ADW_TYPE_APPLICATION_WINDOW)

static void
smartca_sign_window_dispose (GObject *object)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_object (&self->certificate);
  g_clear_object (&self->file);
  g_clear_object (&self->history_entry);

  G_OBJECT_CLASS (smartca_sign_window_parent_class)->dispose (object);
}

static void
smartca_sign_window_class_init (SmartcaSignWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = smartca_sign_window_dispose;
}

static void
smartca_sign_window_init (SmartcaSignWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 700);
}

SmartcaSignWindow *
smartca_sign_window_new (SmartcaApplication *application,
                         SmartcaContext     *context,
                         GFile              *file,
                         SmartcaCertificate *certificate)
{
  SmartcaSignWindow *self;
  g_autofree char   *name = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SMARTCA_TYPE_SIGN_WINDOW, "application", application, NULL);
  self->context = g_object_ref (context);
  self->file = g_object_ref (file);
  if (certificate != NULL)
    self->certificate = g_object_ref (certificate);
  name = g_file_get_basename (file);
  gtk_window_set_title (GTK_WINDOW (self), name);
  return self;
}

GFile *
smartca_sign_window_get_file (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return self->file;
}

const char *
smartca_sign_window_get_stage (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return "loading";
}

SmartcaHistoryEntry *
smartca_sign_window_get_history_entry (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return self->history_entry;
}
