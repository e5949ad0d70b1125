/* bench-stall.c: does the window keep drawing while SmartCA is slow?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the sandbox as its own process, answering after 5 seconds, opens
 * the Add dialog of a real window and saves. While the answer is awaited it
 * records every frame the dialog draws (its spinner asks for one each
 * refresh) and, with a 1 ms timer, how long the main loop was ever kept from
 * running. A benchmark: it prints figures and fails only if it cannot
 * measure.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "smartca-add-dialog.h"
#include "smartca-application.h"
#include "smartca-window.h"

#define DELAY_SECONDS 5

typedef struct
{
  gint64   last_tick;
  gint64   longest_tick_gap;
  guint    frames;
  gint64   last_timer;
  gint64   longest_stall;
  gboolean waiting;
} Stats;

static Stats stats;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (stats.waiting)
    {
      if (stats.last_tick != 0)
        stats.longest_tick_gap = MAX (stats.longest_tick_gap, now - stats.last_tick);
      stats.frames++;
    }
  stats.last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
timer_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (stats.waiting && stats.last_timer != 0)
    stats.longest_stall = MAX (stats.longest_stall, now - stats.last_timer - 1000);
  stats.last_timer = now;
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, id);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static SmartcaAddDialog *
find_dialog (void)
{
  GList            *windows = gtk_window_list_toplevels ();
  SmartcaAddDialog *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (SMARTCA_IS_ADD_DIALOG (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static char *
start_sandbox (const char *program,
               GPid       *pid)
{
  char                 *argv[] = { (char *) program, (char *) "--delay", (char *) G_STRINGIFY (DELAY_SECONDS), NULL };
  g_autoptr(GError)     error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  int                   out_fd;
  char                 *line = NULL;

  if (!g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, pid, NULL,
                                 &out_fd, NULL, &error))
    g_error ("Cannot start the sandbox: %s", error->message);

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      if (g_str_has_prefix (line, "SMARTCA_BASE_URL="))
        {
          char *url = g_strstrip (g_strdup (line + strlen ("SMARTCA_BASE_URL=")));
          g_free (line);
          return url;
        }
      g_free (line);
    }
  g_error ("The sandbox printed no address");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SmartcaApplication) app = NULL;
  g_autoptr(SmartcaStore)       store = NULL;
  g_autoptr(SmartcaContext)     context = NULL;
  g_autoptr(GError)             error = NULL;
  g_autofree char              *path = smartca_store_dup_default_path ();
  g_autofree char              *url = NULL;
  SmartcaAddDialog             *dialog;
  GtkWidget                    *window;
  gint64                        started, answered;
  GPid                          sandbox_pid;

  if (argc != 2)
    g_error ("usage: bench-stall SMARTCA-SANDBOX");

  g_setenv ("SMARTCA_SP_ID", "SANDBOX-SP.apps.smartca.example", TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", "sandbox-secret", TRUE);
  url = start_sandbox (argv[1], &sandbox_pid);

  gtk_init ();
  adw_init ();
  app = smartca_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert (g_application_register (G_APPLICATION (app), NULL, NULL));

  /* The session is new, so the list is empty; the app may be reading the
   * same file meanwhile, which SQLite allows. */
  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  context = smartca_context_new (store, NULL, NULL);
  smartca_context_set_url_override (context, url);

  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (500);

  gtk_widget_activate_action (window, "win.add", NULL);
  iterate_for (300);
  dialog = find_dialog ();
  g_assert (dialog != NULL);

  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), "id_row")),
                         "001099012345");
  gtk_widget_add_tick_callback (GTK_WIDGET (dialog), tick_cb, NULL, NULL);
  g_timeout_add (1, timer_cb, NULL);
  iterate_for (100);

  stats.waiting = TRUE;
  started = g_get_monotonic_time ();
  gtk_widget_activate (find_widget (GTK_WIDGET (dialog), "save_button"));
  while (find_dialog () != NULL && g_get_monotonic_time () - started < 30 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  answered = g_get_monotonic_time ();
  stats.waiting = FALSE;

  if (find_dialog () != NULL ||
      g_list_model_get_n_items (smartca_store_get_certificates (store)) != 2)
    g_error ("The add did not finish: nothing to report");

  g_print ("bench stall: the Add dialog waiting %.1f s for a slow SmartCA (sandbox in its own "
           "process)\n",
           (answered - started) / 1e6);
  g_print ("  frames drawn while waiting:        %u (%.1f per second)\n", stats.frames,
           stats.frames / ((answered - started) / 1e6));
  g_print ("  longest gap between frames:        %.1f ms (one refresh is 16.7 ms)\n",
           stats.longest_tick_gap / 1000.0);
  g_print ("  longest main-loop stall:           %.1f ms (target < 20 ms)\n",
           stats.longest_stall / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  kill (sandbox_pid, SIGTERM);
  g_spawn_close_pid (sandbox_pid);
  return 0;
}
