/* test-sign-e2e-support.c: running the whole app and looking at its
 * signing window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <stdio.h>

#include "test-sign-e2e.h"

typedef struct
{
  SmartcaApplication *app;
  E2eScenario         scenario;
  gpointer            data;
  gboolean            ran;
} Run;

static gboolean
scenario_cb (gpointer user_data)
{
  Run *run = user_data;

  run->ran = TRUE;
  run->scenario (run->app, run->data);
  /* What Ctrl+Q does: every window closes, the app ends. */
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

void
e2e_run_app (const char *path,
             E2eScenario scenario,
             gpointer    data)
{
  g_autoptr(SmartcaApplication) app = smartca_application_new ();
  char                         *argv[] = { (char *) "smartca-certs", (char *) path, NULL };
  Run                           run = { app, scenario, data, FALSE };

  /* Not the session's one instance: the test's own. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_idle_add (scenario_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), path != NULL ? 2 : 1, argv), ==, 0);
  g_assert_true (run.ran);
}

GtkWidget *
e2e_find_type (GtkWidget *root,
               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = e2e_find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
e2e_wait (Condition condition,
          gpointer  data,
          guint     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      if (condition (data))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return condition (data);
}

char *
e2e_text (GtkWidget *widget)
{
  GString *out = g_string_new ("|");

  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static gboolean
sign_window_is_mapped (gpointer data)
{
  return find_toplevel (SMARTCA_TYPE_SIGN_WINDOW) != NULL;
}

SmartcaSignWindow *
e2e_wait_for_sign_window (void)
{
  GtkWindow *window;

  g_assert_true (e2e_wait (sign_window_is_mapped, NULL, 30));
  window = find_toplevel (SMARTCA_TYPE_SIGN_WINDOW);
  give_focus (window);
  return SMARTCA_SIGN_WINDOW (window);
}

typedef struct
{
  SmartcaSignWindow *window;
  const char        *stage;
} StageWait;

static gboolean
shows_stage (gpointer data)
{
  StageWait *wait = data;

  return g_strcmp0 (smartca_sign_window_get_stage (wait->window), wait->stage) == 0;
}

void
e2e_wait_for_stage (SmartcaSignWindow *window,
                    const char        *stage)
{
  StageWait wait = { window, stage };

  if (!e2e_wait (shows_stage, &wait, 60))
    g_error ("The signing window shows “%s”, not “%s”; it says %s",
             smartca_sign_window_get_stage (window), stage, e2e_text (GTK_WIDGET (window)));
  /* Drawn, as the user sees it */
  run_main_loop_for (100);
}

static GtkStack *
stages_stack (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), "place") != NULL)
    return GTK_STACK (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkStack *found = stages_stack (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
stage_changed_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  GString    *stages)
{
  const char *name = gtk_stack_get_visible_child_name (stack);

  g_string_append_printf (stages, "%s%s", stages->len > 0 ? " " : "", name != NULL ? name : "?");
}

static void
free_stages (gpointer data)
{
  g_string_free (data, TRUE);
}

void
e2e_record_stages (SmartcaSignWindow *window)
{
  GtkStack *stack = stages_stack (GTK_WIDGET (window));
  GString  *stages = g_string_new (NULL);

  g_assert_nonnull (stack);
  g_object_set_data_full (G_OBJECT (window), "e2e-stages", stages, free_stages);
  g_signal_handlers_disconnect_matched (stack, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, stage_changed_cb,
                                        NULL);
  g_signal_connect (stack, "notify::visible-child-name", G_CALLBACK (stage_changed_cb), stages);
}

char *
e2e_dup_stages (SmartcaSignWindow *window)
{
  GString *stages = g_object_get_data (G_OBJECT (window), "e2e-stages");

  g_assert_nonnull (stages);
  return g_strdup (stages->str);
}

/* Where @window's surface is on the screen, from the X server */
static void
surface_origin (GtkWindow *window,
                int       *x,
                int       *y)
{
  GdkSurface      *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command =
    g_strdup_printf ("xdotool getwindowgeometry --shell %lu",
                     (unsigned long) gdk_x11_surface_get_xid (surface));
  g_autofree char *out = NULL;
  g_auto(GStrv)    lines = NULL;

  *x = *y = 0;
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, NULL, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      sscanf (lines[i], "X=%d", x);
      sscanf (lines[i], "Y=%d", y);
    }
}

/* Whether the keyboard is in @widget */
gboolean
e2e_focus_is_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Types @text: ASCII as it is, anything else by its code point with
 * Ctrl+Shift+U, GTK's own way of typing any character from the keyboard
 * (xdotool cannot type what the keyboard map lacks) */
void
e2e_type_text (const char *text)
{
  g_autoptr(GString) ascii = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          g_string_append_c (ascii, (char) c);
          continue;
        }
      if (ascii->len > 0)
        type (ascii->str);
      g_string_truncate (ascii, 0);
      {
        g_autofree char   *hex = g_strdup_printf ("%04x", c);
        g_autoptr(GString) sequence = g_string_new ("ctrl+shift+u");

        for (const char *h = hex; *h != '\0'; h++)
          g_string_append_printf (sequence, " %c", *h);
        g_string_append (sequence, " space");
        press (sequence->str);
      }
    }
  if (ascii->len > 0)
    type (ascii->str);
}

/* Tab until the keyboard is in @widget */
void
e2e_tab_to (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  for (guint i = 0; i < 10 && !e2e_focus_is_in (widget); i++)
    press ("Tab");
  g_assert_true (e2e_focus_is_in (widget));
}

/* @widget's middle, on the screen */
static void
screen_point (GtkWidget *widget,
              int       *x,
              int       *y)
{
  GtkNative       *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double           shadow_x, shadow_y;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (native, &shadow_x, &shadow_y);
  surface_origin (GTK_WINDOW (native), x, y);
  *x += (int) (point.x + shadow_x);
  *y += (int) (point.y + shadow_y);
}

void
e2e_drop_file (GtkWidget  *target,
               const char *path)
{
  GtkWidget          *source_window = gtk_window_new ();
  GtkWidget          *icon = gtk_label_new (NULL);
  GtkDragSource      *drag = gtk_drag_source_new ();
  g_autoptr(GFile)    file = g_file_new_for_path (path);
  g_autoptr(GString)  args = g_string_new (NULL);
  g_autofree char    *name = g_file_get_basename (file);
  GSList             *files = g_slist_prepend (NULL, file);
  GdkFileList        *list = gdk_file_list_new_from_list (files);
  GdkContentProvider *content = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);
  int                 from_x, from_y, to_x, to_y;

  g_slist_free (files);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  /* A file manager's window with the file in it, beside the app's */
  gtk_label_set_text (GTK_LABEL (icon), name);
  gtk_widget_set_size_request (icon, 160, 120);
  gtk_drag_source_set_content (drag, content);
  g_object_unref (content);
  gtk_widget_add_controller (icon, GTK_EVENT_CONTROLLER (drag));
  gtk_window_set_child (GTK_WINDOW (source_window), icon);
  gtk_window_set_decorated (GTK_WINDOW (source_window), FALSE);
  gtk_window_present (GTK_WINDOW (source_window));
  g_assert_true (wait_for ((Condition) gtk_widget_get_mapped, source_window));
  g_string_printf (args, "windowmove --sync %lu 1100 700",
                   (unsigned long) gdk_x11_surface_get_xid (
                     gtk_native_get_surface (GTK_NATIVE (source_window))));
  xdotool (args->str);

  /* Pressed on the file, moved in steps as a hand does, released on the
   * target */
  screen_point (icon, &from_x, &from_y);
  screen_point (target, &to_x, &to_y);
  g_string_printf (args, "mousemove %d %d mousedown 1", from_x, from_y);
  xdotool (args->str);
  for (int i = 1; i <= 10; i++)
    {
      g_string_printf (args, "mousemove %d %d", from_x + (to_x - from_x) * i / 10,
                       from_y + (to_y - from_y) * i / 10);
      xdotool (args->str);
    }
  xdotool ("mouseup 1");
  run_main_loop_for (300);
  gtk_window_destroy (GTK_WINDOW (source_window));
}

void
e2e_screenshot (GtkWindow  *window,
                const char *name)
{
  const char      *folder = g_getenv ("SMARTCA_E2E_SCREENSHOTS");
  const char      *language = g_getenv ("LANGUAGE");
  g_autofree char *command = NULL;
  double           shadow_x, shadow_y;
  int              x, y, status = 0;

  if (folder == NULL)
    return;
  run_main_loop_for (500);
  /* The window without its client-side shadow */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &shadow_x, &shadow_y);
  surface_origin (window, &x, &y);
  command = g_strdup_printf ("import -window root -crop %dx%d+%d+%d +repage -strip %s/%s-%s.png",
                             gtk_widget_get_width (GTK_WIDGET (window)),
                             gtk_widget_get_height (GTK_WIDGET (window)), x + (int) shadow_x,
                             y + (int) shadow_y, folder, name, language != NULL ? language : "en");
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
