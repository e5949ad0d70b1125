/* bench-startup.c: time to first frame and peak memory, with 0, 1,000 and
 * 10,000 certificates, beside a bare libadwaita window measured in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark, not a test: it prints figures and ratios and fails only when
 * it cannot measure. Each figure is the median of several cold process starts.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "smartca-store.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)
#define RUNS 7

extern char **environ;

typedef struct
{
  double first_frame_ms;
  double peak_rss_mib;
} Sample;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Starts @argv, reads the first-frame time it prints, and its peak RSS. */
static Sample
measure_once (char **argv)
{
  int                        out[2];
  posix_spawn_file_actions_t actions;
  struct rusage              usage;
  g_autoptr(GString)         output = g_string_new (NULL);
  char                       buffer[512];
  gint64                     started;
  gint64                     frame = 0;
  ssize_t                    n;
  pid_t                      pid;
  int                        status;
  const char                *line;
  Sample                     sample;

  g_assert_cmpint (pipe (out), ==, 0);
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose (&actions, out[0]);

  started = g_get_monotonic_time ();
  g_assert_cmpint (posix_spawn (&pid, argv[0], &actions, NULL, argv, environ), ==, 0);
  posix_spawn_file_actions_destroy (&actions);
  close (out[1]);

  while ((n = read (out[0], buffer, sizeof buffer)) > 0)
    g_string_append_len (output, buffer, n);
  close (out[0]);

  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s exited abnormally (%d): %s", argv[0], status, output->str);

  line = strstr (output->str, "first-frame-monotonic-us ");
  if (line == NULL)
    g_error ("%s drew no frame: %s", argv[0], output->str);
  frame = g_ascii_strtoll (line + strlen ("first-frame-monotonic-us "), NULL, 10);

  sample.first_frame_ms = (frame - started) / 1000.0;
  sample.peak_rss_mib = usage.ru_maxrss / 1024.0;
  return sample;
}

/* Starts the app and the bare window in turns, so that both meet the same
 * machine load; returns the medians of each and of the per-pair ratios. */
static void
measure_pair (char  **app_argv,
              char  **bare_argv,
              Sample *app,
              Sample *bare,
              double *ratio)
{
  double app_ms[RUNS], bare_ms[RUNS], app_rss[RUNS], bare_rss[RUNS], ratios[RUNS];

  /* One warm-up each, so that every measured start finds the same caches. */
  measure_once (app_argv);
  measure_once (bare_argv);
  for (guint i = 0; i < RUNS; i++)
    {
      Sample a = measure_once (app_argv);
      Sample b = measure_once (bare_argv);

      app_ms[i] = a.first_frame_ms;
      app_rss[i] = a.peak_rss_mib;
      bare_ms[i] = b.first_frame_ms;
      bare_rss[i] = b.peak_rss_mib;
      ratios[i] = a.first_frame_ms / b.first_frame_ms;
    }
  qsort (app_ms, RUNS, sizeof (double), compare_double);
  qsort (bare_ms, RUNS, sizeof (double), compare_double);
  qsort (app_rss, RUNS, sizeof (double), compare_double);
  qsort (bare_rss, RUNS, sizeof (double), compare_double);
  qsort (ratios, RUNS, sizeof (double), compare_double);
  app->first_frame_ms = app_ms[RUNS / 2];
  app->peak_rss_mib = app_rss[RUNS / 2];
  bare->first_frame_ms = bare_ms[RUNS / 2];
  bare->peak_rss_mib = bare_rss[RUNS / 2];
  *ratio = ratios[RUNS / 2];
}

/* Fills the app's store with @n certificates. A handful of real certificates
 * are issued and their DER shared: the store does not look inside it, and
 * issuing 10,000 RSA certificates would only time the benchmark itself. */
static void
fill_store (SmartcaTestPki *pki,
            guint           n)
{
  g_autofree char         *path = smartca_store_dup_default_path ();
  g_autoptr(GError)        error = NULL;
  g_autoptr(SmartcaStore)  store = NULL;
  g_autoptr(GPtrArray)     fresh = g_ptr_array_new_with_free_func (g_object_unref);
  static const char *const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng" };
  static const char *const given[] = { "Văn An", "Thị Bình", "Minh Châu", "Đức Dũng", "Thu Hà" };
  GBytes                  *shared[8];
  gint64                   now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      g_autofree char *serial = g_strdup_printf ("5401%028x", i);
      shared[i] = smartca_test_pki_issue (pki, "CN=Bench,UID=CCCD:001099000000", serial,
                                          now - 100 * DAY, now + 600 * DAY);
    }

  g_remove (path);
  store = smartca_store_new (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char    *serial = g_strdup_printf ("5401%028x", i);
      g_autofree char    *cccd = g_strdup_printf ("0010990%05u", i);
      g_autofree char    *dn = g_strdup_printf ("C=VN,ST=HÀ NỘI,CN=%s %s %u,UID=CCCD:%s",
                                                family[i % G_N_ELEMENTS (family)],
                                                given[i % G_N_ELEMENTS (given)], i, cccd);
      SmartcaCertificate *c = smartca_certificate_new (serial);

      smartca_certificate_set_cert_id (c, serial);
      smartca_certificate_set_lookup_id (c, cccd);
      smartca_certificate_set_service_type (c, "SMARTCA");
      smartca_certificate_set_service_name (c, "SMARTCA PERSONAL PRO");
      smartca_certificate_set_status_text (c, "Đang hoạt động");
      smartca_certificate_set_subject_dn (c, dn);
      smartca_certificate_set_validity (c, now - 100 * DAY, now + (i % 900) * DAY);
      smartca_certificate_set_der (c, shared[i % G_N_ELEMENTS (shared)]);
      smartca_certificate_set_chain (c, smartca_test_pki_get_ca_der (pki),
                                     smartca_test_pki_get_root_der (pki));
      g_ptr_array_add (fresh, c);
    }

  if (n > 0)
    {
      g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    g_bytes_unref (shared[i]);
}

static double
time_store_open (void)
{
  g_autofree char *path = smartca_store_dup_default_path ();
  double           best = G_MAXDOUBLE;

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError)       error = NULL;
      g_autoptr(SmartcaStore) store = NULL;
      gint64                  start = g_get_monotonic_time ();

      store = smartca_store_new (path, &error);
      g_assert_no_error (error);
      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SmartcaTestPki) pki = NULL;
  char                     *app_argv[] = { argv[1], (char *) "--bench-first-frame", NULL };
  char                     *bare_argv[] = { argv[2], NULL };
  static const guint        sizes[] = { 0, 1000, 10000 };

  if (argc != 3)
    g_error ("usage: bench-startup SMARTCA-CERTS BARE-WINDOW");

  pki = smartca_test_pki_new ();

  g_print ("bench startup: process start to first frame, and peak RSS, of smartca-certs and of "
           "a bare libadwaita window started in turns; medians of %d pairs under Xvfb\n",
           RUNS);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      Sample app, bare;
      double ratio, open_ms;

      fill_store (pki, sizes[i]);
      open_ms = time_store_open ();
      measure_pair (app_argv, bare_argv, &app, &bare, &ratio);
      g_print ("  %5u certificates: %6.1f ms (bare %6.1f ms) = %.2fx   "
               "RSS %6.1f MiB (bare %6.1f MiB) = %+5.1f MiB   store load %5.1f ms\n",
               sizes[i], app.first_frame_ms, bare.first_frame_ms, ratio,
               app.peak_rss_mib, bare.peak_rss_mib, app.peak_rss_mib - bare.peak_rss_mib,
               open_ms);
    }
  g_print ("  targets at 10,000 certificates: <= 1.30x the bare window's time, <= +40 MiB\n");
  return 0;
}
