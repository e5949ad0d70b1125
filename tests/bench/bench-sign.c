/* bench-sign.c: signing a 100 MB, 2,000-page PDF against the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PDF is drawn at bench time by a child process (so that drawing it
 * does not count in this process's peak memory): 2,000 pages, each with an
 * image of ~50 KB of noise that no compression shrinks. Then this process
 * signs it through the one sign path (SmartcaSignOperation, the personal
 * flow against the sandbox in-process over loopback) and prints:
 * - the time to prepare the hash (start → SmartCA is asked),
 * - the time from the signature to the written file,
 * - the peak RSS growth while signing, and its ratio to the file's size
 *   (target: under 1.5×; never the whole file twice),
 * - the longest main-loop stall while it runs (a 1 ms timer; target < 20 ms).
 * Figures, not assertions: it fails only if it cannot measure.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "test-sign.h"

#define N_PAGES 2000
#define NOISE_SIDE 128 /* 128 × 128 × 3 = 48 KiB of noise a page */

typedef struct
{
  GMainLoop *loop;
  gint64     started;
  gint64     asked;
  gint64     signature;
  gint64     written;
  gint64     last_tick;
  gint64     longest_stall;
  gboolean   running;
  char      *path;
  GError    *error;
} Bench;

static void
draw_pdf (const char *path)
{
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 595, 842);
  cairo_t         *cr = cairo_create (pdf);
  GRand           *rand = g_rand_new_with_seed (2026);

  for (guint page = 0; page < N_PAGES; page++)
    {
      cairo_surface_t *noise = cairo_image_surface_create (CAIRO_FORMAT_RGB24, NOISE_SIDE,
                                                           NOISE_SIDE);
      guint8          *data = cairo_image_surface_get_data (noise);
      int              stride = cairo_image_surface_get_stride (noise);
      char             label[32];

      for (int y = 0; y < NOISE_SIDE; y++)
        for (int x = 0; x < NOISE_SIDE; x++)
          *(guint32 *) (data + y * stride + x * 4) = g_rand_int (rand) & 0xffffff;
      cairo_surface_mark_dirty (noise);
      cairo_save (cr);
      cairo_translate (cr, 100, 200);
      cairo_scale (cr, 3, 3);
      cairo_set_source_surface (cr, noise, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (noise);

      g_snprintf (label, sizeof label, "Page %u", page + 1);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_font_size (cr, 36);
      cairo_move_to (cr, 100, 120);
      cairo_show_text (cr, label);
      cairo_show_page (cr);
    }
  g_rand_free (rand);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  g_assert_cmpint (cairo_surface_status (pdf), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf);
}

/* VmHWM (peak resident memory) in bytes */
static gint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + 6, NULL, 10) * 1024;
}

static gint64
current_rss (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + 6, NULL, 10) * 1024;
}

static gboolean
tick_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->running && bench->last_tick != 0)
    bench->longest_stall = MAX (bench->longest_stall, now - bench->last_tick - 1000);
  bench->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
state_cb (SmartcaSignOperation *operation,
          GParamSpec           *pspec,
          Bench                *bench)
{
  gint64 now = g_get_monotonic_time ();

  switch (smartca_sign_operation_get_state (operation))
    {
    case SMARTCA_SIGN_STATE_SIGNING:
      if (bench->asked == 0)
        bench->asked = now;
      break;
    case SMARTCA_SIGN_STATE_WRITING:
      bench->signature = now;
      break;
    default:
      break;
    }
}

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Bench *bench = user_data;

  bench->path = smartca_sign_operation_run_finish (SMARTCA_SIGN_OPERATION (source), result,
                                                   &bench->error);
  bench->written = g_get_monotonic_time ();
  bench->running = FALSE;
  g_main_loop_quit (bench->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError)               error = NULL;
  g_autoptr(SmartcaSandbox)       sandbox = NULL;
  g_autoptr(SmartcaStore)         store = NULL;
  g_autoptr(SmartcaContext)       context = NULL;
  g_autoptr(SmartcaSignOperation) operation = NULL;
  g_autofree char                *dir = NULL, *input = NULL, *store_path = NULL;
  g_autofree char                *self_path = NULL;
  g_autoptr(GSubprocess)          child = NULL;
  GStatBuf                        st;
  Bench                           bench = { 0 };
  gint64                          peak_before, rss_before, peak_after, growth;
  gboolean                        reset_peak;
  guint                           tick_id;

  setlocale (LC_ALL, "");
  if (argc == 3 && g_str_equal (argv[1], "--draw"))
    {
      draw_pdf (argv[2]);
      return 0;
    }

  g_setenv ("SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  g_setenv ("SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_setenv ("SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);

  dir = g_dir_make_tmp ("smartca-bench-sign-XXXXXX", &error);
  g_assert_no_error (error);
  input = g_build_filename (dir, "big.pdf", NULL);
  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  {
    gint64 t0 = g_get_monotonic_time ();

    child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--draw", input, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (child, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (input, &st), ==, 0);
    g_print ("input: %d pages, %.1f MB (drawn in %.1f s)\n", N_PAGES, st.st_size / 1e6,
             (g_get_monotonic_time () - t0) / 1e6);
  }

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  smartca_sandbox_set_pending_polls (sandbox, 1);
  store_path = g_build_filename (dir, "smartca.db", NULL);
  store = sign_test_fill_store (sandbox, store_path);
  context = sign_test_context (sandbox, store);

  operation = smartca_sign_operation_new (context,
                                          smartca_store_lookup (store, SIGN_SERIAL_PERSONAL),
                                          input);
  g_signal_connect (operation, "notify::state", G_CALLBACK (state_cb), &bench);

  /* Peak memory from here on: reset it when the kernel lets us */
  {
    FILE *clear_refs = fopen ("/proc/self/clear_refs", "w");

    reset_peak = clear_refs != NULL && fputs ("5", clear_refs) >= 0;
    if (clear_refs != NULL)
      reset_peak &= fclose (clear_refs) == 0;
  }
  rss_before = current_rss ();
  peak_before = peak_rss ();

  bench.loop = g_main_loop_new (NULL, FALSE);
  tick_id = g_timeout_add (1, tick_cb, &bench);
  bench.running = TRUE;
  bench.started = g_get_monotonic_time ();
  smartca_sign_operation_run_async (operation, NULL, signed_cb, &bench);
  g_main_loop_run (bench.loop);
  g_source_remove (tick_id);
  peak_after = peak_rss ();

  if (bench.error != NULL)
    {
      g_printerr ("signing failed: %s\n", bench.error->message);
      return 1;
    }
  g_assert_cmpint (g_stat (bench.path, &st), ==, 0);
  growth = peak_after - (reset_peak ? rss_before : peak_before);
  g_print ("output: %.1f MB\n", st.st_size / 1e6);
  g_print ("time to prepare the hash: %.2f s\n", (bench.asked - bench.started) / 1e6);
  g_print ("time from the signature to the written file: %.2f s\n",
           (bench.written - bench.signature) / 1e6);
  g_print ("total: %.2f s (SmartCA's part, with the sandbox's polls: %.2f s)\n",
           (bench.written - bench.started) / 1e6, (bench.signature - bench.asked) / 1e6);
  g_print ("peak RSS growth: %.1f MB (%.2f× the file's size; target < 1.5×)%s\n", growth / 1e6,
           (double) growth / st.st_size,
           reset_peak ? "" : " [VmHWM could not be reset: growth over the earlier peak]");
  g_print ("longest main-loop stall: %.1f ms (target < 20 ms)\n", bench.longest_stall / 1e3);

  g_main_loop_unref (bench.loop);
  g_free (bench.path);
  g_clear_object (&operation);
  g_clear_object (&context);
  g_clear_object (&store);
  smartca_test_remove_tree (dir);
  return 0;
}
