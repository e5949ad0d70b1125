/* test-image-store.c: the user's signature images in the store: imports,
 * refusals that change nothing, duplicates, migration, read-only files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every picture is made here with GdkPixbuf and goes through the real
 * import (normalised on a worker thread) into a real SQLite file and a real
 * images folder; the files are compared byte for byte.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "test-image-store.h"

SmartcaTestPki *pki;

/* Shared with test-image-store-edit.c */

void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("smartca-images-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "com.example.SmartCACerts", NULL);
  fixture->path = g_build_filename (fixture->data_dir, "smartca.db", NULL);
  fixture->images_dir = g_build_filename (fixture->data_dir, "signature-images", NULL);
}

void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_chmod (fixture->data_dir, 0700);
  smartca_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->path);
  g_free (fixture->images_dir);
}

/* A 40×30 translucent PNG, different for each @seed. */
GBytes *
picture (guint seed)
{
  g_autoptr(GdkPixbuf) pixbuf = smartca_test_image_pixbuf (40, 30, TRUE, seed);

  return smartca_test_image_encode (pixbuf, "png", NULL);
}

static SmartcaSignatureImage *
import (SmartcaStore *store,
        GBytes       *data,
        const char   *label,
        gboolean     *already_there,
        GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  smartca_store_import_image_async (store, data, label, NULL, smartca_test_result_cb, &result);
  smartca_test_wait_result (&result);
  return smartca_store_import_image_finish (store, result, already_there, error);
}

SmartcaSignatureImage *
import_ok (SmartcaStore *store,
           GBytes       *data,
           const char   *label,
           gboolean     *already_there)
{
  g_autoptr(GError)      error = NULL;
  SmartcaSignatureImage *image = import (store, data, label, already_there, &error);

  g_assert_no_error (error);
  g_assert_nonnull (image);
  return image;
}

GError *
import_error (SmartcaStore *store,
              GBytes       *data)
{
  GError                          *error = NULL;
  gboolean                         already_there = TRUE;
  g_autoptr(SmartcaSignatureImage) image = import (store, data, "Refused", &already_there, &error);

  g_assert_null (image);
  g_assert_nonnull (error);
  g_assert_false (already_there);
  return error;
}

gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
query_text (const char *path,
            const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

int
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  int      rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}

/* Stores a citizen's certificate; returns the store's object. */
SmartcaCertificate *
add_person (SmartcaStore *store,
            const char   *serial,
            const char   *name,
            const char   *cccd)
{
  g_autoptr(GPtrArray) fresh = smartca_test_certificates (smartca_test_pki_person (pki, serial, name, cccd),
                                                          NULL);
  g_autoptr(GError)    error = NULL;

  g_assert_true (smartca_store_upsert (store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
  return smartca_store_lookup (store, serial);
}

guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint           n = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

gboolean
file_exists (GFile *file)
{
  return g_file_query_exists (file, NULL);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* The stored file is a PNG of that size with an alpha channel, named after
 * the hash of its pixels, in the images folder. */
static GdkPixbuf *
assert_stored (Fixture               *fixture,
               SmartcaSignatureImage *image,
               int                    width,
               int                    height)
{
  GFile            *file = smartca_signature_image_get_file (image);
  g_autofree char  *path = g_file_get_path (file);
  g_autofree char  *name = g_strconcat (smartca_signature_image_get_pixels_sha256 (image), ".png", NULL);
  g_autofree char  *expected = g_build_filename (fixture->images_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char             *contents = NULL;
  gsize             length = 0;
  g_autoptr(GBytes) png = NULL;
  GdkPixbuf        *pixbuf;

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpint (smartca_signature_image_get_width (image), ==, width);
  g_assert_cmpint (smartca_signature_image_get_height (image), ==, height);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  png = g_bytes_new_take (contents, length);
  pixbuf = smartca_test_image_decode_png (png);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  return pixbuf;
}

/* Tests */

static void
test_import_png (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GdkPixbuf)             source = smartca_test_image_pixbuf (50, 30, TRUE, 1);
  g_autoptr(GBytes)                png = smartca_test_image_encode (source, "png", "tEXt::Comment", "private",
                                                                    NULL);
  g_autoptr(SmartcaSignatureImage) image = NULL;
  g_autoptr(SmartcaSignatureImage) unnamed = NULL;
  g_autoptr(SmartcaSignatureImage) listed = NULL;
  g_autoptr(GdkPixbuf)             stored = NULL;
  g_autoptr(GBytes)                other = picture (2);
  g_autofree char                 *sql = NULL;
  g_autofree char                 *stored_hash = NULL;
  gboolean                         already_there = TRUE;
  guint                            changes = 0;

  g_assert_cmpstr (smartca_store_get_images_dir (store), ==, fixture->images_dir);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 0);
  g_signal_connect (smartca_store_get_images (store), "items-changed", G_CALLBACK (count_changes_cb),
                    &changes);

  image = import_ok (store, png, "  Chữ ký chính \n", &already_there);
  g_assert_false (already_there);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (smartca_signature_image_get_label (image), ==, "Chữ ký chính");
  g_assert_false (smartca_signature_image_get_is_default (image));
  g_assert_cmpuint (strlen (smartca_signature_image_get_pixels_sha256 (image)), ==, 64);
  g_assert_cmpint (smartca_signature_image_get_added_at (image), >, 0);
  stored = assert_stored (fixture, image, 50, 30);
  g_assert_cmpuint (count_files (fixture->images_dir), ==, 1);
  listed = g_list_model_get_item (smartca_store_get_images (store), 0);
  g_assert_true (listed == image);
  g_assert_true (smartca_store_lookup_image (store, smartca_signature_image_get_id (image)) == image);

  /* The row says the same. */
  sql = g_strdup_printf ("SELECT pixels_sha256 FROM signature_images WHERE id = %" G_GINT64_FORMAT
                         " AND label = 'Chữ ký chính' AND width = 50 AND height = 30"
                         " AND is_default = 0",
                         smartca_signature_image_get_id (image));
  stored_hash = query_text (fixture->path, sql);
  g_assert_cmpstr (stored_hash, ==, smartca_signature_image_get_pixels_sha256 (image));

  /* No label: a numbered one. */
  unnamed = import_ok (store, other, "   ", NULL);
  g_assert_cmpstr (smartca_signature_image_get_label (unnamed), ==, "Signature 2");
  g_assert_cmpuint (changes, ==, 2);
  g_clear_object (&listed);
  listed = g_list_model_get_item (smartca_store_get_images (store), 1);
  g_assert_true (listed == unnamed);
  g_assert_cmpuint (count_files (fixture->images_dir), ==, 2);
}

static void
test_import_jpeg (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GdkPixbuf)             source = smartca_test_image_pixbuf (3000, 2000, FALSE, 3);
  g_autoptr(GBytes)                jpeg = smartca_test_image_encode (source, "jpeg", "quality", "85", NULL);
  g_autoptr(SmartcaSignatureImage) image = import_ok (store, jpeg, "Ảnh chụp", NULL);
  g_autoptr(GdkPixbuf)             stored = assert_stored (fixture, image, 1200, 800);

  /* Opaque photo, alpha channel added and opaque. */
  g_assert_cmpuint (gdk_pixbuf_read_pixels (stored)[3], ==, 255);
}

static void
test_import_exif_rotated (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                jpeg = smartca_test_image_rotated_jpeg ();
  g_autoptr(SmartcaSignatureImage) image = import_ok (store, jpeg, NULL, NULL);
  g_autoptr(GdkPixbuf)             stored = assert_stored (fixture, image, 32, 64);

  smartca_test_image_assert_upright (stored);
}

static void
test_import_svg (Fixture      *fixture,
                 gconstpointer data)
{
  static const char                svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='300' height='150'>"
                                           "<path d='M 10 100 C 60 10 120 140 290 40' stroke='#1a3cc8' "
                                           "stroke-width='6' fill='none'/></svg>";
  g_autoptr(GBytes)                bytes = g_bytes_new_static (svg, sizeof svg - 1);
  g_autoptr(SmartcaStore)          store = NULL;
  g_autoptr(SmartcaSignatureImage) image = NULL;
  g_autoptr(GdkPixbuf)             stored = NULL;

  if (!smartca_test_image_have_format ("svg"))
    {
      g_test_skip ("no SVG loader for GdkPixbuf is installed");
      return;
    }
  store = smartca_test_open_store (fixture->path);
  image = import_ok (store, bytes, "Vẽ", NULL);
  stored = assert_stored (fixture, image, 300, 150);
  /* Transparent where there is no ink. */
  g_assert_cmpuint (gdk_pixbuf_read_pixels (stored)[3], ==, 0);
}

/* Reads @file as the app does before importing: the refusals of reading
 * and of importing alike. */
static GError *
import_file_error (SmartcaStore *store,
                   const char   *path)
{
  g_autoptr(GFile)  file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  GError           *error = NULL;

  bytes = smartca_image_read_file (file, NULL, &error);
  if (bytes == NULL)
    return error;
  return import_error (store, bytes);
}

static void
assert_refused (GError *error,
                int     code)
{
  g_assert_error (error, SMARTCA_IMAGE_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_error_free (error);
}

/* Every kind of bad file, into a list that has an image already and into
 * one whose images folder does not exist yet: the database, its log and
 * the images folder are byte for byte what they were. */
static void
test_bad_files_change_nothing (Fixture      *fixture,
                               gconstpointer with_image)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaSignatureImage) kept = NULL;
  g_autoptr(GHashTable)            before = NULL;
  g_autoptr(GHashTable)            after = NULL;
  g_autoptr(GBytes)                good = picture (4);
  g_autoptr(GdkPixbuf)             photo = smartca_test_image_pixbuf (300, 200, FALSE, 5);
  g_autoptr(GBytes)                jpeg = smartca_test_image_encode (photo, "jpeg", NULL);
  g_autoptr(GBytes)                text = g_bytes_new_static ("Hello, world\n", 13);
  g_autoptr(GBytes)                empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes)                half_png = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
  g_autoptr(GBytes)                half_jpeg = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr(GBytes)                bomb = smartca_test_image_png_header (100000, 100000);
  g_autoptr(GBytes)                huge = NULL;
  g_autofree char                 *big_path = g_build_filename (fixture->dir, "big.png", NULL);
  g_autofree char                 *locked_path = g_build_filename (fixture->dir, "locked.png", NULL);
  g_autofree char                 *missing_path = g_build_filename (fixture->dir, "missing.png", NULL);
  gsize                            huge_length = SMARTCA_IMAGE_MAX_FILE_SIZE + 1;
  guint8                          *huge_data = g_malloc0 (huge_length);
  FILE                            *stream;
  gboolean                         dropped;

  if (GPOINTER_TO_INT (with_image))
    kept = import_ok (store, good, "Đã có", NULL);

  /* A valid PNG padded beyond the size limit. */
  memcpy (huge_data, g_bytes_get_data (good, NULL), g_bytes_get_size (good));
  huge = g_bytes_new_take (huge_data, huge_length);
  /* A (sparse) file over the limit, and a file nobody may read. */
  stream = g_fopen (big_path, "wb");
  g_assert_nonnull (stream);
  g_assert_cmpint (fseek (stream, SMARTCA_IMAGE_MAX_FILE_SIZE, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, stream), ==, 0);
  g_assert_cmpint (fclose (stream), ==, 0);
  g_assert_true (g_file_set_contents (locked_path, g_bytes_get_data (good, NULL), g_bytes_get_size (good),
                                      NULL));
  g_assert_cmpint (g_chmod (locked_path, 0), ==, 0);

  before = smartca_test_snapshot_tree (fixture->data_dir);
  g_assert_true (g_hash_table_contains (before, "smartca.db"));
  g_assert_cmpint (g_hash_table_contains (before, "signature-images/"), ==, GPOINTER_TO_INT (with_image));

  assert_refused (import_error (store, text), SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
  assert_refused (import_error (store, empty), SMARTCA_IMAGE_ERROR_NOT_AN_IMAGE);
  assert_refused (import_error (store, half_png), SMARTCA_IMAGE_ERROR_TRUNCATED);
  assert_refused (import_error (store, half_jpeg), SMARTCA_IMAGE_ERROR_TRUNCATED);
  assert_refused (import_error (store, bomb), SMARTCA_IMAGE_ERROR_TOO_MANY_PIXELS);
  assert_refused (import_error (store, huge), SMARTCA_IMAGE_ERROR_TOO_LARGE_FILE);
  assert_refused (import_file_error (store, big_path), SMARTCA_IMAGE_ERROR_TOO_LARGE_FILE);
  assert_refused (import_file_error (store, missing_path), SMARTCA_IMAGE_ERROR_UNREADABLE);
  assert_refused (import_file_error (store, fixture->dir), SMARTCA_IMAGE_ERROR_UNREADABLE);
  /* Root reads anything: the test reads as a user would. */
  dropped = smartca_test_set_dac_override (FALSE);
  if (dropped)
    assert_refused (import_file_error (store, locked_path), SMARTCA_IMAGE_ERROR_UNREADABLE);
  smartca_test_set_dac_override (TRUE);

  after = smartca_test_snapshot_tree (fixture->data_dir);
  smartca_test_assert_same_tree (before, after);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==,
                    GPOINTER_TO_INT (with_image) ? 1 : 0);
  if (!dropped)
    g_test_skip ("cannot give up CAP_DAC_OVERRIDE: the unreadable file was not tried");
}

/* When the row cannot be written, the PNG written for it goes again, and a
 * folder made for it too. */
static void
test_database_failure_changes_nothing (Fixture      *fixture,
                                       gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaSignatureImage) first = NULL;
  g_autoptr(GHashTable)            before = NULL;
  g_autoptr(GHashTable)            after = NULL;
  g_autoptr(GBytes)                one = picture (6);
  g_autoptr(GBytes)                two = picture (7);
  g_autoptr(GError)                error = NULL;
  const char                      *refuse = "CREATE TRIGGER refuse BEFORE INSERT ON signature_images"
                                            " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END";

  for (int round = 0; round < 2; round++)
    {
      g_assert_cmpint (raw_exec (fixture->path, refuse), ==, SQLITE_OK);
      before = smartca_test_snapshot_tree (fixture->data_dir);
      g_assert_cmpint (g_hash_table_contains (before, "signature-images/"), ==, round == 1);

      error = import_error (store, round == 0 ? one : two);
      g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "refused by the test"));
      g_clear_error (&error);

      after = smartca_test_snapshot_tree (fixture->data_dir);
      smartca_test_assert_same_tree (before, after);
      g_clear_pointer (&before, g_hash_table_unref);
      g_clear_pointer (&after, g_hash_table_unref);
      g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, round);

      /* Then one image gets in, and the folder exists for the second round. */
      g_assert_cmpint (raw_exec (fixture->path, "DROP TRIGGER refuse"), ==, SQLITE_OK);
      if (round == 0)
        first = import_ok (store, one, NULL, NULL);
    }
  g_assert_cmpuint (count_files (fixture->images_dir), ==, 1);
}

static void
test_duplicate_stored_once (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GdkPixbuf)             source = smartca_test_image_pixbuf (60, 20, TRUE, 8);
  g_autoptr(GBytes)                plain = smartca_test_image_encode (source, "png", NULL);
  g_autoptr(GBytes)                commented = smartca_test_image_encode (source, "png", "tEXt::Title", "again",
                                                                          NULL);
  g_autoptr(SmartcaSignatureImage) first = NULL;
  g_autoptr(SmartcaSignatureImage) second = NULL;
  g_autoptr(GHashTable)            before = NULL;
  g_autoptr(GHashTable)            after = NULL;
  gboolean                         already_there = TRUE;
  guint                            changes = 0;

  first = import_ok (store, plain, "Một", &already_there);
  g_assert_false (already_there);
  before = smartca_test_snapshot_tree (fixture->data_dir);
  g_signal_connect (smartca_store_get_images (store), "items-changed", G_CALLBACK (count_changes_cb),
                    &changes);

  /* Another file, the same pixels. */
  g_assert_false (g_bytes_equal (plain, commented));
  second = import_ok (store, commented, "Hai", &already_there);
  g_assert_true (already_there);
  g_assert_true (second == first);
  g_assert_cmpstr (smartca_signature_image_get_label (first), ==, "Một");
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 1);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signature_images"), ==, 1);
  g_assert_cmpuint (count_files (fixture->images_dir), ==, 1);
  after = smartca_test_snapshot_tree (fixture->data_dir);
  smartca_test_assert_same_tree (before, after);

  /* A stored file deleted by hand comes back with the same picture. */
  g_assert_true (g_file_delete (smartca_signature_image_get_file (first), NULL, NULL));
  g_clear_object (&second);
  second = import_ok (store, commented, NULL, &already_there);
  g_assert_true (already_there);
  g_assert_true (second == first);
  g_clear_pointer (&after, g_hash_table_unref);
  after = smartca_test_snapshot_tree (fixture->data_dir);
  smartca_test_assert_same_tree (before, after);
}

/* A cancelled import stores nothing. */
static void
test_import_cancelled (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GCancellable)          cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult)          result = NULL;
  g_autoptr(GBytes)                png = picture (9);
  g_autoptr(GError)                error = NULL;
  g_autoptr(SmartcaSignatureImage) image = NULL;

  smartca_store_import_image_async (store, png, NULL, cancellable, smartca_test_result_cb, &result);
  g_cancellable_cancel (cancellable);
  smartca_test_wait_result (&result);
  image = smartca_store_import_image_finish (store, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (image);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 0);
  g_assert_false (g_file_test (fixture->images_dir, G_FILE_TEST_EXISTS));
}

/* A tampered database whose file name is a path (absolute, or out of the
 * images folder) gives the image no file: nothing outside is ever read. */
static void
test_tampered_file_name (Fixture      *fixture,
                         gconstpointer data)
{
  const char *const names[] = { NULL, "../outside.png", "sub/outside.png", ".." };
  g_autofree char  *outside = g_build_filename (fixture->dir, "outside.png", NULL);

  {
    g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
    g_autoptr(SmartcaSignatureImage) image = smartca_test_add_image (store, 120, 60, 3, "Tampered");
    g_autoptr(GdkPixbuf)             pixbuf = smartca_test_image_pixbuf (120, 60, TRUE, 4);

    g_assert_true (gdk_pixbuf_save (pixbuf, outside, "png", NULL, NULL));
  }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char                            *sql = sqlite3_mprintf ("UPDATE signature_images SET file_name = %Q",
                                   names[i] != NULL ? names[i] : outside);
      g_autoptr(SmartcaStore)          store = NULL;
      g_autoptr(SmartcaSignatureImage) image = NULL;
      g_autofree char                 *path = NULL;

      g_assert_cmpint (raw_exec (fixture->path, sql), ==, SQLITE_OK);
      sqlite3_free (sql);
      store = smartca_test_open_store (fixture->path);
      g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 1);
      image = g_list_model_get_item (smartca_store_get_images (store), 0);
      g_assert_cmpstr (smartca_signature_image_get_label (image), ==, "Tampered");
      path = g_file_get_path (smartca_signature_image_get_file (image));
      g_assert_true (g_str_has_prefix (path, fixture->images_dir));
      g_assert_cmpstr (path, !=, outside);
      g_assert_false (g_file_query_exists (smartca_signature_image_get_file (image), NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki = smartca_test_pki_new ();

#define ADD(name, func, data) g_test_add (name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/image-store/import-png", test_import_png, NULL);
  ADD ("/image-store/import-jpeg", test_import_jpeg, NULL);
  ADD ("/image-store/import-exif-rotated", test_import_exif_rotated, NULL);
  ADD ("/image-store/import-svg", test_import_svg, NULL);
  ADD ("/image-store/bad-files-change-nothing/first", test_bad_files_change_nothing, GINT_TO_POINTER (FALSE));
  ADD ("/image-store/bad-files-change-nothing/more", test_bad_files_change_nothing, GINT_TO_POINTER (TRUE));
  ADD ("/image-store/database-failure-changes-nothing", test_database_failure_changes_nothing, NULL);
  ADD ("/image-store/duplicate-stored-once", test_duplicate_stored_once, NULL);
  ADD ("/image-store/import-cancelled", test_import_cancelled, NULL);
  ADD ("/image-store/tampered-file-name", test_tampered_file_name, NULL);
#undef ADD
  test_image_store_edit_add_tests ();

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
