/* bench-picker.c: the signature image picker with 200 large photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Makes 200 distinct photo-like 4000×3000 JPEGs with GdkPixbuf, imports
 * each into a real store (timing the import of each until it is stored),
 * then opens the picker in a real window and scrolls it to the end, first
 * with an empty thumbnail cache, then again with the cache warm. Meanwhile
 * a high-priority 1 ms timer records the longest main-loop stall, a tick
 * callback the longest gap between frames, and /proc/self/status the peak
 * RSS growth. A benchmark: it prints figures and targets and fails only if
 * it cannot measure.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "smartca-application.h"
#include "smartca-image-grid.h"
#include "smartca-image-picker.h"
#include "smartca-image-thumbnail.h"
#include "smartca-test-pki.h"
#include "smartca-thumbnailer.h"
#include "smartca-window.h"

#define N_IMAGES 200 /* SMARTCA_BENCH_IMAGES overrides it, for a quick try */
#define PHOTO_WIDTH 4000
#define PHOTO_HEIGHT 3000
#define SERIAL "540101010123456789abcdef01234567"

typedef struct
{
  gboolean measuring;
  gint64   last_timer;
  gint64   longest_stall;
  gint64   last_tick;
  gint64   longest_tick_gap;
  guint    frames;
} Stats;

static Stats stats;

static gboolean
timer_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (stats.measuring && stats.last_timer != 0)
    stats.longest_stall = MAX (stats.longest_stall, now - stats.last_timer - 1000);
  stats.last_timer = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (stats.measuring)
    {
      if (stats.last_tick != 0)
        stats.longest_tick_gap = MAX (stats.longest_tick_gap, now - stats.last_tick);
      stats.frames++;
    }
  stats.last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* A field of /proc/self/status, in KiB */
static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    g_error ("Cannot read /proc/self/status");
  line = strstr (status, field);
  if (line == NULL)
    g_error ("No %s in /proc/self/status", field);
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

/* The peak RSS starts again from the current RSS (Linux ≥ 4.0). */
static gboolean
reset_peak (void)
{
  FILE    *file = fopen ("/proc/self/clear_refs", "w");
  gboolean done;

  if (file == NULL)
    return FALSE;
  done = fputs ("5", file) >= 0;
  return fclose (file) == 0 && done;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* A photo-like picture: smooth light from a corner whose colour and place
 * @index changes, over fixed grain. Each is different to the pixel. */
static GBytes *
make_photo (const guint8 *grain,
            guint         index)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_WIDTH,
                                                PHOTO_HEIGHT);
  g_autoptr(GError)    error = NULL;
  guint8              *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int                  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  int                  cx = (index * 397) % PHOTO_WIDTH, cy = (index * 211) % PHOTO_HEIGHT;
  int                  hue = (index * 53) % 256;
  char                *buffer = NULL;
  gsize                length = 0;

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    {
      guint8       *row = pixels + (gsize) y * rowstride;
      const guint8 *noise = grain + (gsize) (y % 512) * 512;
      int           dy = abs (y - cy) >> 4;

      for (int x = 0; x < PHOTO_WIDTH; x++)
        {
          int light = 255 - MIN (255, (abs (x - cx) >> 4) + dy);
          int n = noise[x & 511] - 16;

          row[3 * x] = (guint8) CLAMP (((light * (hue + 64)) >> 8) + n, 0, 255);
          row[3 * x + 1] = (guint8) CLAMP (((light * 180) >> 8) + (x >> 5) + n, 0, 255);
          row[3 * x + 2] = (guint8) CLAMP (((light * (320 - hue)) >> 9) + (y >> 5) + n, 0, 255);
        }
    }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "jpeg", &error, "quality", "88",
                                  NULL))
    g_error ("Cannot make a JPEG: %s", error->message);
  return g_bytes_new_take (buffer, length);
}

static SmartcaSignatureImage *
import (SmartcaStore *store,
        GBytes       *jpeg,
        guint         index)
{
  g_autofree char       *label = g_strdup_printf ("Photo %u", index + 1);
  g_autoptr(GError)      error = NULL;
  GAsyncResult          *result = NULL;
  SmartcaSignatureImage *image;

  smartca_store_import_image_async (store, jpeg, label, NULL, smartca_test_result_cb, &result);
  image = smartca_store_import_image_finish (store, smartca_test_wait_result (&result), NULL,
                                             &error);
  g_object_unref (result);
  if (image == NULL)
    g_error ("Import %u failed: %s", index, error->message);
  return image;
}

static void
collect_thumbnails (GtkWidget *widget,
                    GPtrArray *found)
{
  if (SMARTCA_IS_IMAGE_THUMBNAIL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_thumbnails (c, found);
}

static void
collect_all_thumbnails (GtkWidget *widget,
                        GPtrArray *found)
{
  if (SMARTCA_IS_IMAGE_THUMBNAIL (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_all_thumbnails (c, found);
}

static gboolean
shown_thumbnails_loaded (GtkWidget *window)
{
  g_autoptr(GPtrArray) thumbnails = g_ptr_array_new ();

  collect_thumbnails (window, thumbnails);
  for (guint i = 0; i < thumbnails->len; i++)
    {
      SmartcaImageThumbnail *thumbnail = g_ptr_array_index (thumbnails, i);

      if (smartca_image_thumbnail_get_image (thumbnail) != NULL &&
          !smartca_image_thumbnail_get_loaded (thumbnail))
        return FALSE;
    }
  return thumbnails->len > 0;
}

static GtkWidget *
find_grid (GtkWidget *root)
{
  if (SMARTCA_IS_IMAGE_GRID (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_grid (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  double open_ms;       /* until the first screenful of thumbnails is shown */
  double total_ms;      /* until the end is reached and shown */
  double open_stall_ms; /* while the picker opened */
  double stall_ms;      /* while it scrolled */
  double tick_gap_ms;
  guint  scroll_steps;
  guint  tiles_at_open;  /* tile widgets built when the first screenful showed */
  double rss_growth_mib; /* peak during the run, over the RSS before it */
  double rss_after_mib;  /* still held after the picker closed */
  guint  decoded;
} Run;

/* Opens the picker, waits for its first screenful, scrolls a quarter page
 * per frame to the end, waits for the last screenful, closes it. */
static Run
run_picker (GtkWindow          *parent,
            SmartcaStore       *store,
            SmartcaCertificate *certificate)
{
  SmartcaThumbnailer *thumbnailer = smartca_thumbnailer_get_default ();
  guint               decoded_before = smartca_thumbnailer_get_n_decoded (thumbnailer);
  gboolean            peak_reset = reset_peak ();
  gint64              rss_before = status_kib ("VmRSS:");
  GtkAdjustment      *adjustment;
  GtkWidget          *picker;
  gint64              started, deadline;
  Run                 run = { 0 };

  /* Making the window counts as a stall too: the timer last ran now. */
  memset (&stats, 0, sizeof stats);
  started = stats.last_timer = g_get_monotonic_time ();
  stats.measuring = TRUE;
  deadline = started + 120 * G_USEC_PER_SEC;

  picker = GTK_WIDGET (smartca_image_picker_new (parent, store, certificate));
  gtk_widget_add_tick_callback (picker, tick_cb, NULL, NULL);
  gtk_window_present (GTK_WINDOW (picker));
  while ((stats.frames < 3 || !shown_thumbnails_loaded (picker)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  run.open_ms = (g_get_monotonic_time () - started) / 1000.0;
  {
    g_autoptr(GPtrArray) all = g_ptr_array_new ();

    collect_all_thumbnails (picker, all);
    run.tiles_at_open = all->len;
  }
  run.open_stall_ms = stats.longest_stall / 1000.0;
  stats.longest_stall = 0;
  stats.longest_tick_gap = 0;

  adjustment = gtk_scrollable_get_vadjustment (
    GTK_SCROLLABLE (smartca_image_grid_get_view (SMARTCA_IMAGE_GRID (find_grid (picker)))));
  while (gtk_adjustment_get_value (adjustment) <
           gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1 &&
         g_get_monotonic_time () < deadline)
    {
      guint frames = stats.frames;

      run.scroll_steps++;
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                              gtk_adjustment_get_page_size (adjustment) / 4);
      while (stats.frames == frames && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
    }
  while (!shown_thumbnails_loaded (picker) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  run.total_ms = (g_get_monotonic_time () - started) / 1000.0;
  stats.measuring = FALSE;

  if (g_get_monotonic_time () >= deadline)
    g_error ("The picker did not show its thumbnails within two minutes");

  run.stall_ms = stats.longest_stall / 1000.0;
  run.tick_gap_ms = stats.longest_tick_gap / 1000.0;
  run.rss_growth_mib = ((peak_reset ? status_kib ("VmHWM:") : status_kib ("VmRSS:")) - rss_before) /
                       1024.0;
  run.decoded = smartca_thumbnailer_get_n_decoded (thumbnailer) - decoded_before;
  gtk_window_destroy (GTK_WINDOW (picker));
  iterate_for (300);
  run.rss_after_mib = (status_kib ("VmRSS:") - rss_before) / 1024.0;
  return run;
}

/* The same measure for a bare libadwaita window of the picker's size:
 * what any new window costs here. */
static double
bare_window_stall (GtkWindow *parent)
{
  GtkWidget *window = adw_window_new ();
  gint64     deadline;
  double     stall;

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  adw_window_set_content (ADW_WINDOW (window), gtk_label_new ("Bare"));
  memset (&stats, 0, sizeof stats);
  stats.last_timer = g_get_monotonic_time ();
  stats.measuring = TRUE;
  deadline = stats.last_timer + 10 * G_USEC_PER_SEC;
  gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (stats.frames < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  stats.measuring = FALSE;
  stall = stats.longest_stall / 1000.0;
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (200);
  return stall;
}

static void
print_run (const char *title,
           const Run  *run)
{
  g_print ("  %s\n", title);
  g_print ("    first screenful shown:            %.0f ms (%u tiles built by then)\n", run->open_ms,
           run->tiles_at_open);
  g_print ("    scrolled to the end, all shown:   %.0f ms\n", run->total_ms);
  g_print ("    thumbnails decoded from images:   %u\n", run->decoded);
  g_print ("    longest main-loop stall, opening: %.1f ms (target < 20 ms)\n", run->open_stall_ms);
  g_print ("    longest main-loop stall, scrolling %u steps: %.1f ms (target < 20 ms)\n",
           run->scroll_steps, run->stall_ms);
  g_print ("    longest gap between frames, scrolling: %.1f ms (one refresh is 16.7 ms)\n",
           run->tick_gap_ms);
  g_print ("    peak RSS growth:                  %.1f MiB (target < 60 MiB)\n",
           run->rss_growth_mib);
  g_print ("    RSS growth once closed:           %.1f MiB\n", run->rss_after_mib);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SmartcaApplication) app = NULL;
  g_autoptr(SmartcaStore)       store = NULL;
  g_autoptr(SmartcaContext)     context = NULL;
  g_autoptr(SmartcaTestPki)     pki = NULL;
  g_autoptr(GPtrArray)          fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)             error = NULL;
  g_autofree char              *path = smartca_store_dup_default_path ();
  g_autofree guint8            *grain = g_malloc (512 * 512);
  GRand                        *rand = g_rand_new_with_seed (8);
  GtkWidget                    *window;
  gint64                        make_us = 0, import_us = 0, longest_import = 0, first_import = 0;
  gsize                         jpeg_bytes = 0;
  Run                           cold, warm;
  double                        bare_stall;
  guint                         n_images = N_IMAGES;

  if (g_getenv ("SMARTCA_BENCH_IMAGES") != NULL)
    n_images = (guint) g_ascii_strtoull (g_getenv ("SMARTCA_BENCH_IMAGES"), NULL, 10);

  gtk_init ();
  adw_init ();
  app = smartca_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert (g_application_register (G_APPLICATION (app), NULL, NULL));

  store = smartca_store_new (path, &error);
  g_assert_no_error (error);
  pki = smartca_test_pki_new ();
  g_ptr_array_add (fresh, smartca_test_pki_person (pki, SERIAL, "Nguyễn Văn An", "001099012345"));
  g_assert (smartca_store_upsert (store, fresh, NULL, NULL, &error));

  for (guint i = 0; i < 512 * 512; i++)
    grain[i] = (guint8) g_rand_int_range (rand, 0, 33);
  g_rand_free (rand);

  /* A store kept from an earlier run (outside the session wrapper) is
   * used as it is, to look at the picker alone. */
  if (g_list_model_get_n_items (smartca_store_get_images (store)) >= n_images)
    n_images = 0;
  for (guint i = 0; i < n_images; i++)
    {
      gint64                           t0 = g_get_monotonic_time (), t1, t2;
      g_autoptr(GBytes)                jpeg = make_photo (grain, i);
      g_autoptr(SmartcaSignatureImage) image = NULL;

      t1 = g_get_monotonic_time ();
      image = import (store, jpeg, i);
      t2 = g_get_monotonic_time ();
      make_us += t1 - t0;
      import_us += t2 - t1;
      longest_import = MAX (longest_import, t2 - t1);
      if (i == 0)
        first_import = t2 - t1;
      jpeg_bytes += g_bytes_get_size (jpeg);
    }
  if (n_images == 0)
    n_images = g_list_model_get_n_items (smartca_store_get_images (store));
  else if (g_list_model_get_n_items (smartca_store_get_images (store)) != n_images)
    g_error ("Expected %u distinct images, the store has %u", n_images,
             g_list_model_get_n_items (smartca_store_get_images (store)));

  context = smartca_context_new (store, NULL, NULL);
  window = GTK_WIDGET (smartca_window_new_for_context (app, context));
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (500);

  g_timeout_add_full (G_PRIORITY_HIGH, 1, timer_cb, NULL, NULL);
  bare_stall = bare_window_stall (GTK_WINDOW (window));
  cold = run_picker (GTK_WINDOW (window), store, smartca_store_lookup (store, SERIAL));
  iterate_for (300);
  warm = run_picker (GTK_WINDOW (window), store, smartca_store_lookup (store, SERIAL));

  g_print ("bench picker: %u photo-like %u×%u JPEGs (%.1f MiB each on average)\n", n_images,
           PHOTO_WIDTH, PHOTO_HEIGHT, jpeg_bytes / (double) n_images / (1024 * 1024));
  g_print ("  import of one JPEG until stored:    first %.0f ms, mean %.0f ms, longest %.0f ms\n",
           first_import / 1000.0, import_us / 1000.0 / n_images, longest_import / 1000.0);
  g_print ("  (making them took %.1f s)\n", make_us / 1e6);
  g_print ("  a bare AdwWindow opening, for comparison: longest stall %.1f ms\n", bare_stall);
  print_run ("picker, empty thumbnail cache:", &cold);
  print_run ("picker again, thumbnails cached:", &warm);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (200);
  return 0;
}
