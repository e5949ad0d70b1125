/* smartca-test-gui.c: driving the app's windows as a user would, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-test-gui.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

/* The tests read the translations built in the build tree. */
void
test_init_gettext (void)
{
  const char *localedir = g_getenv ("SMARTCA_TEST_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
run_main_loop_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Runs the main loop until @condition holds, for ten seconds at most. */
gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      if (condition (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return condition (data);
}

/* Every xdotool command ends with a key GTK does nothing with, and this
 * counts it as GDK hands it out: once it is counted, every key and click
 * sent before it has been handled, however slow the build (leak checking
 * makes each allocation dear) or the machine. */
#define SENTINEL_KEY "Pause"
static guint sentinels_seen;

static gboolean
count_sentinel (GSignalInvocationHint *hint,
                guint                  n_params,
                const GValue          *params,
                gpointer               data)
{
  GdkEvent *event = n_params > 1 ? g_value_peek_pointer (&params[1]) : NULL;

  if (event != NULL && gdk_event_get_event_type (event) == GDK_KEY_RELEASE &&
      gdk_key_event_get_keyval (event) == GDK_KEY_Pause)
    sentinels_seen++;
  return TRUE;
}

void
xdotool (const char *args)
{
  /* Two commands: "type" would type the sentinel's name. */
  const char   *commands[] = { args, "key " SENTINEL_KEY };
  guint         expected = sentinels_seen + 1;
  static gulong hook;

  if (hook == 0)
    hook = g_signal_add_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), 0,
                                       count_sentinel, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *command = g_strdup_printf ("xdotool %s", commands[i]);
      int              status = 0;

      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  /* It never comes when the keys closed the window that had the keyboard
   * (no window manager gives it to another): then three seconds at most. */
  for (gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
       sentinels_seen < expected && g_get_monotonic_time () < end;)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  run_main_loop_for (150);
}

void
press (const char *keys)
{
  g_autofree char *args = g_strdup_printf ("key --delay 30 %s", keys);
  xdotool (args);
}

void
type (const char *text)
{
  g_autofree char *args = g_strdup_printf ("type --delay 15 '%s'", text);
  xdotool (args);
}

/* A pointer click in the middle of @widget. */
void
click (GtkWidget *widget)
{
  GtkWidget       *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GdkSurface      *surface = gtk_native_get_surface (GTK_NATIVE (root));
  graphene_point_t point;
  g_autofree char *args = NULL;

  g_assert_true (gtk_widget_compute_point (widget, root,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  args = g_strdup_printf ("mousemove --window %lu %d %d click 1",
                          (unsigned long) gdk_x11_surface_get_xid (surface),
                          (int) point.x, (int) point.y);
  xdotool (args);
}

/* A press of the primary button at the first of @points (in @widget's
 * coordinates), a move through each of the others and a release at the
 * last, as a hand on a mouse would draw. */
void
pointer_stroke (GtkWidget              *widget,
                const graphene_point_t *points,
                guint                   n_points)
{
  GtkNative         *native = gtk_widget_get_native (widget);
  unsigned long      xid = (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  double             surface_x, surface_y;
  g_autoptr(GString) args = g_string_new (NULL);

  g_assert_cmpuint (n_points, >, 0);
  /* Window coordinates are the surface's, around any client-side shadow. */
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  for (guint i = 0; i < n_points; i++)
    {
      graphene_point_t point;

      g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &points[i], &point));
      g_string_append_printf (args, "mousemove --window %lu %d %d %s ", xid,
                              (int) round (point.x + surface_x), (int) round (point.y + surface_y),
                              i == 0 ? "mousedown 1" : "sleep 0.02");
    }
  g_string_append (args, "mouseup 1");
  xdotool (args->str);
}

/* A drag with the pointer's first button from the middle of @from to the
 * middle of @to, both in one window: a real drag and drop (XDND), which
 * needs no window manager within a window. */
void
drag_and_drop (GtkWidget *from,
               GtkWidget *to)
{
  GtkWidget         *root = GTK_WIDGET (gtk_widget_get_root (from));
  GdkSurface        *surface = gtk_native_get_surface (GTK_NATIVE (root));
  unsigned long      xid = (unsigned long) gdk_x11_surface_get_xid (surface);
  graphene_point_t   start, end;
  g_autoptr(GString) args = g_string_new (NULL);

  g_assert_true (gtk_widget_get_root (to) == GTK_ROOT (root));
  g_assert_true (gtk_widget_compute_point (from, root,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (from) / 2.0,
                                                                 gtk_widget_get_height (from) / 2.0),
                                           &start));
  g_assert_true (gtk_widget_compute_point (to, root,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (to) / 2.0,
                                                                 gtk_widget_get_height (to) / 2.0),
                                           &end));
  g_string_append_printf (args, "mousemove --window %lu %d %d mousedown 1", xid, (int) start.x,
                          (int) start.y);
  xdotool (args->str);
  /* In steps, as a hand moves: GTK starts a drag past a threshold. */
  for (int i = 1; i <= 6; i++)
    {
      g_string_printf (args, "mousemove --window %lu %d %d", xid,
                       (int) (start.x + (end.x - start.x) * i / 6),
                       (int) (start.y + (end.y - start.y) * i / 6));
      xdotool (args->str);
    }
  xdotool ("mouseup 1");
}

/* The widget with this template id or widget name. */
GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 ||
      g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A mapped button whose label, without mnemonics, is @label */
GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) && gtk_button_get_label (GTK_BUTTON (root)))
    {
      g_autoptr(GString) plain = g_string_new (gtk_button_get_label (GTK_BUTTON (root)));
      g_string_replace (plain, "_", "", 0);
      if (g_str_equal (plain->str, label))
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every visible label's text under @widget, as "text|text|…|" */
void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      /* What is shown (markup and the invisible isolates around values
       * aside), a line or a tab stop a field. */
      g_autoptr(GString) text = g_string_new (gtk_label_get_text (GTK_LABEL (widget)));

      g_string_replace (text, "\u2068", "", 0);
      g_string_replace (text, "\u2069", "", 0);
      g_string_replace (text, "\t", "|", 0);
      g_string_replace (text, "\n", "|", 0);
      g_string_append_printf (out, "%s|", text->str);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (SMARTCA_IS_CERTIFICATE_CARD (widget) && gtk_widget_get_mapped (widget))
    {
      g_ptr_array_add (cards, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cards (c, cards);
}

static int
compare_y (gconstpointer a,
           gconstpointer b)
{
  GtkWidget       *wa = *(GtkWidget **) a, *wb = *(GtkWidget **) b;
  GtkWidget       *root = GTK_WIDGET (gtk_widget_get_root (wa));
  graphene_point_t pa, pb;

  g_assert_true (gtk_widget_compute_point (wa, root, &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert_true (gtk_widget_compute_point (wb, root, &GRAPHENE_POINT_INIT (0, 0), &pb));
  return (pa.y > pb.y) - (pa.y < pb.y);
}

/* The cards on screen, top to bottom as the user sees them */
GPtrArray *
visible_cards (GtkWidget *window)
{
  GPtrArray *cards = g_ptr_array_new ();

  collect_cards (window, cards);
  g_ptr_array_sort (cards, compare_y);
  return cards;
}

/* The card that has the keyboard focus (or holds it), if any */
SmartcaCertificateCard *
focused_card (GtkWidget *window)
{
  for (GtkWidget *w = gtk_root_get_focus (GTK_ROOT (window)); w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *child = gtk_widget_get_first_child (w);

      if (SMARTCA_IS_CERTIFICATE_CARD (w))
        return SMARTCA_CERTIFICATE_CARD (w);
      if (child != NULL && SMARTCA_IS_CERTIFICATE_CARD (child))
        return SMARTCA_CERTIFICATE_CARD (child);
    }
  return NULL;
}

/* Moves through an open menu with Down until the item labelled @label has
 * the focus, then presses Return on it. */
void
choose_menu_item (GtkWidget  *window,
                  const char *label)
{
  for (guint i = 0; i < 6; i++)
    {
      GtkWidget       *focus = gtk_root_get_focus (GTK_ROOT (window));
      g_autofree char *text = NULL;

      if (focus != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (focus), "text"))
        g_object_get (focus, "text", &text, NULL);
      if (text != NULL)
        {
          g_autoptr(GString) plain = g_string_new (text);
          g_string_replace (plain, "_", "", 0);
          if (g_str_equal (plain->str, label))
            {
              press ("Return");
              return;
            }
        }
      press ("Down");
    }
  g_assert_not_reached ();
}

/* The first mapped popover in @widget's tree, or NULL */
GtkPopover *
find_open_popover (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget))
    return GTK_POPOVER (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPopover *found = find_open_popover (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The menu item whose text, without mnemonics, is @label */
GtkWidget *
find_menu_item (GtkWidget  *root,
                const char *label)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (root), "text") != NULL)
    {
      g_autofree char *text = NULL;

      g_object_get (root, "text", &text, NULL);
      if (text != NULL)
        {
          g_autoptr(GString) plain = g_string_new (text);
          g_string_replace (plain, "_", "", 0);
          if (g_str_equal (plain->str, label))
            return root;
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_menu_item (c, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
window_is_active (gpointer window)
{
  return gtk_window_is_active (GTK_WINDOW (window)) && gtk_widget_get_mapped (window);
}

/* The mapped toplevel of @type (a dialog the app opened), if any */
GtkWindow *
find_toplevel (GType type)
{
  GList     *windows = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
toplevel_is_mapped (gpointer type)
{
  return find_toplevel ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

/* Gives @window the keyboard, as a window manager does when a window opens
 * after something finished in the background, or when the dialog above
 * it closed (there is none under Xvfb: the keyboard would stay where it
 * was). */
void
give_focus (GtkWindow *window)
{
  GdkSurface      *surface;
  g_autofree char *args = NULL;

  if (gtk_window_is_active (window))
    return;
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  args = g_strdup_printf ("windowfocus %lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  xdotool (args);
  g_assert_true (wait_for (window_is_active, window));
}

/* Waits for the app to open a window of @type and gives it the keyboard.
 * NULL when none opened within ten seconds. */
GtkWindow *
wait_for_window_of_type (GType type)
{
  GtkWindow *window;

  if (!wait_for (toplevel_is_mapped, GSIZE_TO_POINTER (type)))
    return NULL;
  window = find_toplevel (type);
  give_focus (window);
  return window;
}

/* Whether this run is the Vietnamese one (LANGUAGE=vi): what the user
 * reads is then checked in Vietnamese. */
gboolean
test_language_is_vi (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "vi");
}

/* With SMARTCA_TEST_SCREENSHOTS set to a folder, the screen as the test
 * sees it, for a person to look at: NAME-LANGUAGE.png, NAME-LANGUAGE-dark.png
 * in dark mode (light, dark and Vietnamese runs). */
void
take_screenshot (const char *name)
{
  const char      *folder = g_getenv ("SMARTCA_TEST_SCREENSHOTS");
  const char      *language = g_getenv ("LANGUAGE");
  g_autofree char *command = NULL;

  if (folder == NULL)
    return;
  run_main_loop_for (500);
  command = g_strdup_printf ("import -window root %s/%s-%s%s.png", folder, name,
                             language != NULL ? language : "en",
                             adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "-dark" : "");
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

/* GTest, translations, libadwaita and a registered app (not unique: each
 * test program is its own instance). */
SmartcaApplication *
test_gui_init (int    *argc,
               char ***argv)
{
  SmartcaApplication *app;

  test_init_gettext ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();

  app = smartca_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  return app;
}

/* In GTK's own file chooser (GtkFileChooserNative without a portal): the
 * path typed, as the user does with Ctrl+L, then Return. */
void
choose_file (const char *path)
{
  g_assert_nonnull (wait_for_window_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG));
  press ("ctrl+l");
  type (path);
  press ("Return");
}

/* Toasts */

static gboolean
inside_button (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL;
}

/* What a toast shows: its label's text, markup parsed (its button aside) */
void
collect_toast_titles (GtkWidget *widget,
                      gboolean   in_toast,
                      GPtrArray *titles)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    {
      if (!gtk_widget_get_mapped (widget))
        return;
      in_toast = TRUE;
    }
  if (in_toast && GTK_IS_LABEL (widget) && !inside_button (widget))
    g_ptr_array_add (titles, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_toast_titles (c, in_toast, titles);
}

typedef struct
{
  GtkWidget  *window;
  const char *expected;
} ToastWait;

static gboolean
toast_shows (gpointer data)
{
  ToastWait           *wait = data;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_toast_titles (wait->window, FALSE, titles);
  for (guint i = 0; i < titles->len; i++)
    if (g_str_equal (g_ptr_array_index (titles, i), wait->expected))
      return TRUE;
  return FALSE;
}

void
assert_toast_shows (GtkWidget  *window,
                    const char *expected)
{
  ToastWait wait = { window, expected };

  if (!wait_for (toast_shows, &wait))
    {
      g_autoptr(GPtrArray) titles = g_ptr_array_new ();
      g_autoptr(GString)   shown = g_string_new (NULL);

      collect_toast_titles (window, FALSE, titles);
      for (guint i = 0; i < titles->len; i++)
        g_string_append_printf (shown, "“%s” ", (char *) g_ptr_array_index (titles, i));
      g_error ("Toast “%s” not shown; shown: %s", expected, shown->str);
    }
}
