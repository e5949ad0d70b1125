/* test-sign-window-support.c: what the signing window's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-test-gui.h"
#include "test-sign-window-support.h"

static void
stage_changed_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  GPtrArray  *stages)
{
  g_ptr_array_add (stages, g_strdup (gtk_stack_get_visible_child_name (stack)));
}

void
sign_window_test_open (SmartcaApplication *application,
                       SmartcaContext     *context,
                       const char         *path,
                       SmartcaCertificate *certificate,
                       SmartcaSignWindow **weak,
                       GPtrArray          *stages)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget       *stack;

  *weak = smartca_sign_window_new (application, context, file, certificate);
  g_object_add_weak_pointer (G_OBJECT (*weak), (gpointer *) weak);
  stack = find_named (GTK_WIDGET (*weak), "stack");
  g_assert_true (GTK_IS_STACK (stack));
  if (stages != NULL)
    g_signal_connect (stack, "notify::visible-child-name", G_CALLBACK (stage_changed_cb), stages);
  gtk_window_present (GTK_WINDOW (*weak));
  g_assert_true (wait_for (window_is_active, *weak) || (give_focus (GTK_WINDOW (*weak)), TRUE));
}

char *
sign_window_test_stage_text (SmartcaSignWindow *window)
{
  GtkWidget *stack = find_named (GTK_WIDGET (window), "stack");
  GString   *out = g_string_new (NULL);

  /* Status pages keep their title and description in labels too */
  collect_text (gtk_stack_get_visible_child (GTK_STACK (stack)), out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  SmartcaSignWindow *window;
  const char        *stage;
} StageWait;

static gboolean
stage_is (gpointer data)
{
  StageWait *wait = data;

  return g_strcmp0 (smartca_sign_window_get_stage (wait->window), wait->stage) == 0;
}

void
sign_window_test_wait_for_stage (SmartcaSignWindow *window,
                                 const char        *stage)
{
  StageWait wait = { window, stage };

  if (!wait_for (stage_is, &wait) && !wait_for (stage_is, &wait))
    {
      g_autofree char *shown = sign_window_test_stage_text (window);

      g_error ("stage “%s” expected, “%s” shown: %s", stage, smartca_sign_window_get_stage (window),
               shown);
    }
}
