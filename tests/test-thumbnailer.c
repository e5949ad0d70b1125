/* test-thumbnailer.c: thumbnails decoded at the size asked, cached in memory
 * and on disk, damaged cache files replaced, requests shared and cancelled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smartca-signature-image-private.h"
#include "smartca-test-image.h"
#include "smartca-test-pki.h"
#include "smartca-thumbnailer.h"

typedef struct
{
  char               *dir;
  char               *cache_dir;
  SmartcaStore       *store;
  SmartcaThumbnailer *thumbnailer;
} Fixture;

static SmartcaSignatureImage *
add_image (Fixture *fixture,
           int      width,
           int      height,
           guint    seed)
{
  return smartca_test_add_image (fixture->store, width, height, seed, "Test");
}

static GdkPixbuf *
load (SmartcaThumbnailer    *thumbnailer,
      SmartcaSignatureImage *image,
      int                    size,
      GCancellable          *cancellable,
      GError               **error)
{
  GAsyncResult *result = NULL;
  GdkPixbuf    *pixbuf;

  smartca_thumbnailer_load_async (thumbnailer, image, size, cancellable, smartca_test_result_cb,
                                  &result);
  pixbuf = smartca_thumbnailer_load_finish (thumbnailer, smartca_test_wait_result (&result), error);
  g_object_unref (result);
  return pixbuf;
}

static char *
stored_path (SmartcaSignatureImage *image)
{
  return g_file_get_path (smartca_signature_image_get_file (image));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *path = NULL;

  fixture->dir = g_dir_make_tmp ("smartca-thumbnailer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "certificates.db", NULL);
  fixture->store = smartca_test_open_store (path);
  fixture->cache_dir = g_build_filename (fixture->dir, "cache", "thumbnails", NULL);
  fixture->thumbnailer = smartca_thumbnailer_new (fixture->cache_dir);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->thumbnailer);
  g_clear_object (&fixture->store);
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->cache_dir);
  g_free (fixture->dir);
}

/* Decoded to fit the size asked, the shape kept; never scaled up. */
static void
test_size (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(SmartcaSignatureImage) wide = add_image (fixture, 1000, 600, 1);
  g_autoptr(SmartcaSignatureImage) small = add_image (fixture, 50, 40, 2);
  g_autoptr(GError)                error = NULL;
  g_autoptr(GdkPixbuf)             thumbnail = NULL;
  g_autoptr(GdkPixbuf)             tiny = NULL;
  g_autoptr(GdkPixbuf)             cached = NULL;
  g_autofree char                 *cache_path = NULL;

  thumbnail = load (fixture->thumbnailer, wide, 96, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumbnail), ==, 96);
  g_assert_cmpint (gdk_pixbuf_get_height (thumbnail), ==, 58);
  g_assert_true (gdk_pixbuf_get_has_alpha (thumbnail));

  tiny = load (fixture->thumbnailer, small, 256, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (tiny), ==, 50);
  g_assert_cmpint (gdk_pixbuf_get_height (tiny), ==, 40);
  g_assert_cmpuint (smartca_thumbnailer_get_n_decoded (fixture->thumbnailer), ==, 2);

  /* The disk cache holds the small one, named after the pixels and size. */
  cache_path = smartca_thumbnailer_dup_cache_path (
    fixture->thumbnailer, smartca_signature_image_get_pixels_sha256 (wide), 96);
  g_assert_true (g_str_has_prefix (cache_path, fixture->cache_dir));
  cached = gdk_pixbuf_new_from_file (cache_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (cached), ==, 96);
  g_assert_cmpint (gdk_pixbuf_get_height (cached), ==, 58);
}

/* Once made, a thumbnail comes from memory, then from disk, even when the
 * stored image is gone: nothing is decoded again. */
static void
test_cache_hit (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SmartcaSignatureImage) image = add_image (fixture, 800, 800, 3);
  g_autoptr(SmartcaThumbnailer)    fresh = NULL;
  g_autoptr(GError)                error = NULL;
  g_autoptr(GdkPixbuf)             first = NULL;
  g_autoptr(GdkPixbuf)             from_memory = NULL;
  g_autoptr(GdkPixbuf)             from_disk = NULL;
  g_autoptr(GdkPixbuf)             from_disk_again = NULL;
  g_autofree char                 *path = stored_path (image);

  g_assert_null (smartca_thumbnailer_lookup (fixture->thumbnailer, image, 128));
  first = load (fixture->thumbnailer, image, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_thumbnailer_get_n_decoded (fixture->thumbnailer), ==, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  from_memory = smartca_thumbnailer_lookup (fixture->thumbnailer, image, 128);
  g_assert_true (from_memory == first);
  g_clear_object (&from_memory);
  from_memory = load (fixture->thumbnailer, image, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (from_memory == first);

  smartca_thumbnailer_clear_memory (fixture->thumbnailer);
  g_assert_null (smartca_thumbnailer_lookup (fixture->thumbnailer, image, 128));
  from_disk = load (fixture->thumbnailer, image, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (from_disk), ==, 128);
  g_assert_cmpuint (smartca_thumbnailer_get_n_decoded (fixture->thumbnailer), ==, 1);

  /* Another run of the app (a new thumbnailer on the same folder) */
  fresh = smartca_thumbnailer_new (fixture->cache_dir);
  from_disk_again = load (fresh, image, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (from_disk_again), ==, 128);
  g_assert_cmpuint (smartca_thumbnailer_get_n_decoded (fresh), ==, 0);

  /* Another size is another thumbnail: it needs the stored image. */
  g_assert_null (load (fresh, image, 64, NULL, &error));
  g_assert_nonnull (error);
}

static void
check_recovers (Fixture               *fixture,
                SmartcaSignatureImage *image,
                const void            *damage,
                gsize                  damage_length)
{
  g_autoptr(SmartcaThumbnailer) fresh = smartca_thumbnailer_new (fixture->cache_dir);
  g_autoptr(GError)             error = NULL;
  g_autoptr(GdkPixbuf)          thumbnail = NULL;
  g_autoptr(GdkPixbuf)          rewritten = NULL;
  g_autofree char              *cache_path = smartca_thumbnailer_dup_cache_path (
                 fresh, smartca_signature_image_get_pixels_sha256 (image), 100);

  g_assert_true (g_file_set_contents (cache_path, damage, damage_length, &error));
  thumbnail = load (fresh, image, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumbnail), ==, 100);
  g_assert_cmpint (gdk_pixbuf_get_height (thumbnail), ==, 50);
  g_assert_cmpuint (smartca_thumbnailer_get_n_decoded (fresh), ==, 1);

  /* …and the damaged file was replaced by a good one. */
  rewritten = gdk_pixbuf_new_from_file (cache_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (rewritten), ==, 100);
}

/* A damaged cache file (garbage, cut short, or the wrong size) is ignored
 * and written again. */
static void
test_corrupt_cache (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(SmartcaSignatureImage) image = add_image (fixture, 600, 300, 4);
  g_autoptr(GError)                error = NULL;
  g_autoptr(GdkPixbuf)             first = NULL;
  g_autoptr(GdkPixbuf)             big = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 300);
  g_autofree char                 *cache_path = NULL;
  g_autofree char                 *good = NULL;
  g_autofree char                 *big_png = NULL;
  gsize                            good_length, big_length;

  first = load (fixture->thumbnailer, image, 100, NULL, &error);
  g_assert_no_error (error);
  cache_path = smartca_thumbnailer_dup_cache_path (
    fixture->thumbnailer, smartca_signature_image_get_pixels_sha256 (image), 100);
  g_assert_true (g_file_get_contents (cache_path, &good, &good_length, &error));

  check_recovers (fixture, image, "not a picture at all", 20);
  check_recovers (fixture, image, good, good_length / 2);
  gdk_pixbuf_fill (big, 0x336699ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (big, &big_png, &big_length, "png", &error, NULL));
  check_recovers (fixture, image, big_png, big_length);
}

typedef struct
{
  GError    *error;
  GdkPixbuf *pixbuf;
  gboolean   done;
} Outcome;

static void
outcome_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->pixbuf = smartca_thumbnailer_load_finish (SMARTCA_THUMBNAILER (source), result,
                                                     &outcome->error);
  outcome->done = TRUE;
}

static void
wait_outcomes (Outcome *outcomes,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    while (!outcomes[i].done)
      g_main_context_iteration (NULL, TRUE);
}

static void
outcomes_clear (Outcome *outcomes,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_clear_error (&outcomes[i].error);
      g_clear_object (&outcomes[i].pixbuf);
    }
}

/* Requests for the same thumbnail share one decode. */
static void
test_coalesced (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SmartcaSignatureImage) image = add_image (fixture, 700, 500, 5);
  Outcome                          outcomes[3] = { { 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    smartca_thumbnailer_load_async (fixture->thumbnailer, image, 90, NULL, outcome_cb,
                                    &outcomes[i]);
  wait_outcomes (outcomes, G_N_ELEMENTS (outcomes));

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_assert_no_error (outcomes[i].error);
      g_assert_true (outcomes[i].pixbuf == outcomes[0].pixbuf);
    }
  g_assert_cmpint (gdk_pixbuf_get_width (outcomes[0].pixbuf), ==, 90);
  g_assert_cmpuint (smartca_thumbnailer_get_n_decoded (fixture->thumbnailer), ==, 1);
  outcomes_clear (outcomes, G_N_ELEMENTS (outcomes));
}

/* A cancelled request answers "cancelled"; the others sharing its decode
 * still get the thumbnail, and a request after a cancelled one works. */
static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(SmartcaSignatureImage) image = add_image (fixture, 900, 400, 6);
  g_autoptr(SmartcaSignatureImage) other = add_image (fixture, 400, 900, 7);
  g_autoptr(GCancellable)          cancellable = g_cancellable_new ();
  g_autoptr(GCancellable)          alone = g_cancellable_new ();
  g_autoptr(GCancellable)          before = g_cancellable_new ();
  g_autoptr(GError)                error = NULL;
  g_autoptr(GdkPixbuf)             later = NULL;
  Outcome                          outcomes[4] = { { 0 } };

  smartca_thumbnailer_load_async (fixture->thumbnailer, image, 80, cancellable, outcome_cb,
                                  &outcomes[0]);
  smartca_thumbnailer_load_async (fixture->thumbnailer, image, 80, NULL, outcome_cb,
                                  &outcomes[1]);
  smartca_thumbnailer_load_async (fixture->thumbnailer, other, 80, alone, outcome_cb,
                                  &outcomes[2]);
  g_cancellable_cancel (before);
  smartca_thumbnailer_load_async (fixture->thumbnailer, other, 80, before, outcome_cb,
                                  &outcomes[3]);
  g_cancellable_cancel (cancellable);
  g_cancellable_cancel (alone);
  wait_outcomes (outcomes, G_N_ELEMENTS (outcomes));

  g_assert_error (outcomes[0].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcomes[0].pixbuf);
  g_assert_no_error (outcomes[1].error);
  g_assert_cmpint (gdk_pixbuf_get_width (outcomes[1].pixbuf), ==, 80);
  g_assert_error (outcomes[2].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (outcomes[3].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  later = load (fixture->thumbnailer, other, 80, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (later), ==, 80);
  g_assert_cmpint (gdk_pixbuf_get_width (later), ==, 36);
  outcomes_clear (outcomes, G_N_ELEMENTS (outcomes));
}

/* Images from before schema 3 have no pixel hash: each still gets its own
 * thumbnail (they all shared one, "(null)-96", in memory and on disk). */
static void
test_no_hash (Fixture      *fixture,
              gconstpointer data)
{
  const int sizes[][2] = { { 1000, 600 }, { 600, 1000 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GdkPixbuf)             source = smartca_test_image_pixbuf (sizes[i][0], sizes[i][1], TRUE, i);
      g_autofree char                 *name = g_strdup_printf ("legacy-%u.png", i);
      g_autofree char                 *path = g_build_filename (fixture->dir, name, NULL);
      SmartcaSignatureImageFields      fields = { .id = 100 + i, .file_name = name };
      g_autoptr(SmartcaSignatureImage) image = NULL;
      g_autoptr(GdkPixbuf)             thumbnail = NULL;
      g_autoptr(GError)                error = NULL;

      g_assert_true (gdk_pixbuf_save (source, path, "png", &error, NULL));
      image = smartca_signature_image_new (&fields, fixture->dir);
      g_assert_null (smartca_signature_image_get_pixels_sha256 (image));
      thumbnail = load (fixture->thumbnailer, image, 96, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (thumbnail), ==, i == 0 ? 96 : 58);
      g_assert_cmpint (gdk_pixbuf_get_height (thumbnail), ==, i == 0 ? 58 : 96);
    }
  g_assert_false (g_file_test (fixture->cache_dir, G_FILE_TEST_EXISTS));
}

static void
assert_no_thumbnail (Fixture    *fixture,
                     const char *file_name)
{
  SmartcaSignatureImageFields      fields = { .id = 200, .file_name = file_name };
  g_autoptr(SmartcaSignatureImage) image = smartca_signature_image_new (&fields, fixture->dir);
  g_autoptr(GdkPixbuf)             thumbnail = NULL;
  g_autoptr(GError)                error = NULL;
  g_autofree char                 *path = stored_path (image);

  g_assert_false (g_str_equal (path, file_name));
  thumbnail = load (fixture->thumbnailer, image, 96, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_nonnull (error);
}

/* A tampered database's file name (an absolute path, "..") is not followed,
 * and a FIFO or device in the images folder is refused like an import: the
 * image shows no thumbnail, and no worker hangs. */
static void
test_tampered_file (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GdkPixbuf) source = smartca_test_image_pixbuf (100, 60, TRUE, 7);
  g_autoptr(GError)    error = NULL;
  g_autofree char     *outside_dir = g_build_filename (fixture->dir, "outside", NULL);
  g_autofree char     *outside = g_build_filename (outside_dir, "picture.png", NULL);
  g_autofree char     *fifo = g_build_filename (fixture->dir, "pipe.png", NULL);
  g_autofree char     *device = g_build_filename (fixture->dir, "zero.png", NULL);

  g_assert_cmpint (g_mkdir_with_parents (outside_dir, 0700), ==, 0);
  g_assert_true (gdk_pixbuf_save (source, outside, "png", &error, NULL));
  g_assert_no_error (error);
  assert_no_thumbnail (fixture, outside);
  assert_no_thumbnail (fixture, "outside/picture.png");
  assert_no_thumbnail (fixture, "../outside/picture.png");
  assert_no_thumbnail (fixture, "..");
  assert_no_thumbnail (fixture, ".hidden.png");

  /* Plain names, but not files an import would read. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_no_thumbnail (fixture, "pipe.png");
  g_assert_cmpint (symlink ("/dev/zero", device), ==, 0);
  assert_no_thumbnail (fixture, "zero.png");
}

/* An image removed while its thumbnail is being made: forget() comes
 * before the decode ends (the workers are busy with others first), and the
 * thumbnail is neither written to the disk cache nor kept in memory. */
static void
test_forget_in_flight (Fixture      *fixture,
                       gconstpointer data)
{
  SmartcaSignatureImage *images[SMARTCA_THUMBNAILER_MAX_DECODES + 1];
  GAsyncResult          *results[G_N_ELEMENTS (images)] = { NULL };
  SmartcaSignatureImage *removed;
  g_autofree char       *cache_path = NULL;
  g_autofree char       *kept_path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    images[i] = add_image (fixture, 1200, 1200, 20 + i);
  removed = images[G_N_ELEMENTS (images) - 1];
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    smartca_thumbnailer_load_async (fixture->thumbnailer, images[i], 96, NULL,
                                    smartca_test_result_cb, &results[i]);
  smartca_thumbnailer_forget (fixture->thumbnailer,
                              smartca_signature_image_get_pixels_sha256 (removed));

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      g_autoptr(GdkPixbuf) thumbnail = NULL;
      g_autoptr(GError)    error = NULL;

      thumbnail = smartca_thumbnailer_load_finish (fixture->thumbnailer,
                                                   smartca_test_wait_result (&results[i]), &error);
      g_assert_no_error (error);
      g_assert_nonnull (thumbnail);
      g_object_unref (results[i]);
    }

  cache_path = smartca_thumbnailer_dup_cache_path (
    fixture->thumbnailer, smartca_signature_image_get_pixels_sha256 (removed), 96);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  g_assert_null (smartca_thumbnailer_lookup (fixture->thumbnailer, removed, 96));
  /* The others are cached as usual. */
  kept_path = smartca_thumbnailer_dup_cache_path (
    fixture->thumbnailer, smartca_signature_image_get_pixels_sha256 (images[0]), 96);
  g_assert_true (g_file_test (kept_path, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    g_object_unref (images[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/thumbnailer/size", Fixture, NULL, fixture_set_up, test_size, fixture_tear_down);
  g_test_add ("/thumbnailer/cache-hit", Fixture, NULL, fixture_set_up, test_cache_hit,
              fixture_tear_down);
  g_test_add ("/thumbnailer/corrupt-cache", Fixture, NULL, fixture_set_up, test_corrupt_cache,
              fixture_tear_down);
  g_test_add ("/thumbnailer/coalesced", Fixture, NULL, fixture_set_up, test_coalesced,
              fixture_tear_down);
  g_test_add ("/thumbnailer/no-hash", Fixture, NULL, fixture_set_up, test_no_hash, fixture_tear_down);
  g_test_add ("/thumbnailer/tampered-file", Fixture, NULL, fixture_set_up, test_tampered_file,
              fixture_tear_down);
  g_test_add ("/thumbnailer/forget-in-flight", Fixture, NULL, fixture_set_up,
              test_forget_in_flight, fixture_tear_down);
  g_test_add ("/thumbnailer/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  return g_test_run ();
}
