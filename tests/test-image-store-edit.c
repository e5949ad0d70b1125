/* test-image-store-edit.c: renaming, the default image and the fallback of
 * certificates, removal, reopening, read-only files, migration, and another
 * instance's changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "test-image-store.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
assert_invalid_label (SmartcaStore          *store,
                      SmartcaSignatureImage *image,
                      const char            *label)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (smartca_store_rename_image (store, image, label, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_rename (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png = picture (20);
  g_autoptr(SmartcaSignatureImage) image = import_ok (store, png, "Cũ", NULL);
  g_autoptr(GHashTable)            before = NULL;
  g_autoptr(GHashTable)            after = NULL;
  g_autoptr(GError)                error = NULL;
  g_autoptr(GString)               longest = g_string_new (NULL);
  g_autofree char                 *too_long = NULL;
  g_autofree char                 *label = NULL;
  guint                            notified = 0;

  g_signal_connect (image, "notify::label", G_CALLBACK (count_notify_cb), &notified);
  for (int i = 0; i < SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS; i++)
    g_string_append (longest, "ữ");
  too_long = g_strconcat (longest->str, "a", NULL);

  /* Refused, and nothing changes: not the object, the file or the folder. */
  before = smartca_test_snapshot_tree (fixture->data_dir);
  assert_invalid_label (store, image, too_long);
  assert_invalid_label (store, image, "Hai\ndòng");
  assert_invalid_label (store, image, "Tab\there");
  assert_invalid_label (store, image, "Xóa\x7f");
  assert_invalid_label (store, image, "Dòng\u2028mới");
  /* Bidi overrides, embeddings and isolates */
  assert_invalid_label (store, image, "Ký \u202egnp.exe");
  assert_invalid_label (store, image, "\u202bKý");
  assert_invalid_label (store, image, "Ký \u2067tên");
  assert_invalid_label (store, image, "   ");
  assert_invalid_label (store, image, "\xff\xfe");
  after = smartca_test_snapshot_tree (fixture->data_dir);
  smartca_test_assert_same_tree (before, after);
  g_assert_cmpstr (smartca_signature_image_get_label (image), ==, "Cũ");
  g_assert_cmpuint (notified, ==, 0);

  /* Trimmed; the longest allowed is allowed. */
  g_assert_true (smartca_store_rename_image (store, image, "  Ký nháy  ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (smartca_signature_image_get_label (image), ==, "Ký nháy");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (smartca_store_rename_image (store, image, longest->str, &error));
  g_assert_no_error (error);
  label = query_text (fixture->path, "SELECT label FROM signature_images");
  g_assert_cmpstr (label, ==, longest->str);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_default_and_fallback (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png_a = picture (21);
  g_autoptr(GBytes)                png_b = picture (22);
  g_autoptr(SmartcaSignatureImage) a = import_ok (store, png_a, "A", NULL);
  g_autoptr(SmartcaSignatureImage) b = import_ok (store, png_b, "B", NULL);
  g_autoptr(GError)                error = NULL;
  SmartcaCertificate              *lan = add_person (store, "a1", "NGUYỄN THỊ LAN", "001190000001");
  SmartcaCertificate              *minh = add_person (store, "a2", "TRẦN VĂN MINH", "001190000002");
  gboolean                         fallback = TRUE;
  guint                            default_notified = 0;
  guint                            a_notified = 0;

  g_signal_connect (store, "notify::default-image", G_CALLBACK (count_notify_cb), &default_notified);
  g_signal_connect (a, "notify::is-default", G_CALLBACK (count_notify_cb), &a_notified);

  /* No image of its own and no default: nothing. */
  g_assert_null (smartca_store_get_default_image (store));
  g_assert_null (smartca_store_get_signing_image (store, lan, &fallback));
  g_assert_false (fallback);

  g_assert_true (smartca_store_set_default_image (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_default_image (store) == a);
  g_assert_true (smartca_signature_image_get_is_default (a));
  g_assert_cmpuint (default_notified, ==, 1);
  g_assert_cmpuint (a_notified, ==, 1);
  g_assert_true (smartca_store_get_signing_image (store, lan, &fallback) == a);
  g_assert_true (fallback);

  /* Its own image wins over the default. */
  g_assert_true (smartca_store_set_certificate_image (store, minh, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (smartca_certificate_get_signature_image_id (minh), ==, smartca_signature_image_get_id (b));
  g_assert_true (smartca_store_get_signing_image (store, minh, &fallback) == b);
  g_assert_false (fallback);
  g_assert_true (smartca_store_get_signing_image (store, lan, NULL) == a);
  g_assert_cmpint (query_int (fixture->path, "SELECT signature_image_id FROM certificates"
                                             " WHERE serial_number = 'a2'"),
                   ==, smartca_signature_image_get_id (b));

  /* One default at a time. */
  g_assert_true (smartca_store_set_default_image (store, b, &error));
  g_assert_no_error (error);
  g_assert_false (smartca_signature_image_get_is_default (a));
  g_assert_true (smartca_signature_image_get_is_default (b));
  g_assert_cmpuint (a_notified, ==, 2);
  g_assert_cmpuint (default_notified, ==, 2);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signature_images WHERE is_default = 1"),
                   ==, 1);
  g_assert_true (smartca_store_get_signing_image (store, lan, &fallback) == b);
  g_assert_true (fallback);
  /* The file refuses a second default, whatever writes to it. */
  g_assert_cmpint (raw_exec (fixture->path, "UPDATE signature_images SET is_default = 1"), ==,
                   SQLITE_CONSTRAINT);

  /* Back to its default; then no default at all. */
  g_assert_true (smartca_store_set_certificate_image (store, minh, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (smartca_certificate_get_signature_image_id (minh), ==, 0);
  g_assert_true (smartca_store_get_signing_image (store, minh, &fallback) == b);
  g_assert_true (fallback);
  g_assert_true (smartca_store_set_default_image (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (smartca_store_get_default_image (store));
  g_assert_false (smartca_signature_image_get_is_default (b));
  g_assert_cmpuint (default_notified, ==, 3);
  g_assert_null (smartca_store_get_signing_image (store, minh, &fallback));
  g_assert_false (fallback);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signature_images WHERE is_default = 1"),
                   ==, 0);
}

static void
test_remove_in_use (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png_a = picture (23);
  g_autoptr(GBytes)                png_b = picture (24);
  g_autoptr(SmartcaSignatureImage) a = import_ok (store, png_a, "Mặc định", NULL);
  g_autoptr(SmartcaSignatureImage) b = import_ok (store, png_b, "Riêng", NULL);
  g_autoptr(GError)                error = NULL;
  SmartcaCertificate              *lan = add_person (store, "b1", "NGUYỄN THỊ LAN", "001190000011");
  SmartcaCertificate              *minh = add_person (store, "b2", "TRẦN VĂN MINH", "001190000012");
  SmartcaCertificate              *hoa = add_person (store, "b3", "LÊ THỊ HOA", "001190000013");
  const char                      *rows = "SELECT group_concat (serial_number || ':' || coalesce (custom_name, '')"
                                          " || ':' || is_default || ':' || subject_dn, '|') FROM certificates";
  g_autofree char                 *rows_before = NULL;
  g_autofree char                 *rows_after = NULL;
  gboolean                         fallback = FALSE;
  guint                            id_notified = 0;
  guint                            default_notified = 0;

  g_assert_true (smartca_store_set_default_image (store, a, &error) &&
                 smartca_store_set_certificate_image (store, lan, b, &error) &&
                 smartca_store_set_certificate_image (store, minh, b, &error) &&
                 smartca_store_set_custom_name (store, minh, "Chữ ký công việc", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_store_count_image_users (store, b), ==, 2);
  g_assert_cmpuint (smartca_store_count_image_users (store, a), ==, 0);
  rows_before = query_text (fixture->path, rows);
  g_signal_connect (lan, "notify::signature-image-id", G_CALLBACK (count_notify_cb), &id_notified);

  g_assert_true (smartca_store_remove_image (store, b, &error));
  g_assert_no_error (error);
  /* Its users fall back to the default image; nothing else of theirs changed. */
  g_assert_cmpuint (id_notified, ==, 1);
  g_assert_cmpint (smartca_certificate_get_signature_image_id (lan), ==, 0);
  g_assert_cmpint (smartca_certificate_get_signature_image_id (minh), ==, 0);
  g_assert_true (smartca_store_get_signing_image (store, lan, &fallback) == a);
  g_assert_true (fallback);
  g_assert_true (smartca_store_get_signing_image (store, hoa, NULL) == a);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM certificates"
                                             " WHERE signature_image_id IS NOT NULL"),
                   ==, 0);
  rows_after = query_text (fixture->path, rows);
  g_assert_cmpstr (rows_after, ==, rows_before);
  g_assert_cmpstr (smartca_certificate_get_custom_name (minh), ==, "Chữ ký công việc");
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 3);
  /* The image is gone from the list, the file and the folder. */
  g_assert_false (file_exists (smartca_signature_image_get_file (b)));
  g_assert_true (file_exists (smartca_signature_image_get_file (a)));
  g_assert_cmpuint (count_files (fixture->images_dir), ==, 1);
  g_assert_null (smartca_store_lookup_image (store, smartca_signature_image_get_id (b)));
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 1);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signature_images"), ==, 1);

  /* The default goes: there is none, and nobody signs with an image. */
  g_signal_connect (store, "notify::default-image", G_CALLBACK (count_notify_cb), &default_notified);
  g_assert_true (smartca_store_remove_image (store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (default_notified, ==, 1);
  g_assert_null (smartca_store_get_default_image (store));
  g_assert_null (smartca_store_get_signing_image (store, lan, &fallback));
  g_assert_false (fallback);
  g_assert_cmpuint (count_files (fixture->images_dir), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 0);

  /* Gone means gone: a second removal is refused. */
  g_assert_false (smartca_store_remove_image (store, a, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND);
}

static void
test_choice_survives_reopening (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png_a = picture (25);
  g_autoptr(GBytes)                png_b = picture (26);
  g_autoptr(SmartcaSignatureImage) a = import_ok (store, png_a, "Đầu tiên", NULL);
  g_autoptr(SmartcaSignatureImage) b = import_ok (store, png_b, "Thứ hai", NULL);
  g_autoptr(SmartcaSignatureImage) first = NULL;
  g_autoptr(SmartcaSignatureImage) second = NULL;
  g_autoptr(GError)                error = NULL;
  SmartcaCertificate              *lan = add_person (store, "c1", "NGUYỄN THỊ LAN", "001190000021");
  gint64                           id_a = smartca_signature_image_get_id (a);
  gint64                           id_b = smartca_signature_image_get_id (b);
  g_autofree char                 *hash_b = g_strdup (smartca_signature_image_get_pixels_sha256 (b));
  gboolean                         fallback = TRUE;

  g_assert_true (smartca_store_set_default_image (store, a, &error) &&
                 smartca_store_set_certificate_image (store, lan, b, &error) &&
                 smartca_store_rename_image (store, b, "Đã đổi tên", &error));
  g_assert_no_error (error);
  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&store);

  store = smartca_test_open_store (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 2);
  first = g_list_model_get_item (smartca_store_get_images (store), 0);
  second = g_list_model_get_item (smartca_store_get_images (store), 1);
  g_assert_cmpint (smartca_signature_image_get_id (first), ==, id_a);
  g_assert_cmpint (smartca_signature_image_get_id (second), ==, id_b);
  g_assert_cmpstr (smartca_signature_image_get_label (first), ==, "Đầu tiên");
  g_assert_cmpstr (smartca_signature_image_get_label (second), ==, "Đã đổi tên");
  g_assert_cmpstr (smartca_signature_image_get_pixels_sha256 (second), ==, hash_b);
  g_assert_cmpint (smartca_signature_image_get_width (second), ==, 40);
  g_assert_cmpint (smartca_signature_image_get_height (second), ==, 30);
  g_assert_true (smartca_store_get_default_image (store) == first);
  g_assert_true (smartca_signature_image_get_is_default (first));
  g_assert_false (smartca_signature_image_get_is_default (second));
  lan = smartca_store_lookup (store, "c1");
  g_assert_true (smartca_store_get_signing_image (store, lan, &fallback) == second);
  g_assert_false (fallback);
  g_assert_true (file_exists (smartca_signature_image_get_file (second)));
}

static void
test_certificate_removal_keeps_image (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png = picture (27);
  g_autoptr(SmartcaSignatureImage) image = import_ok (store, png, "Dùng chung", NULL);
  g_autoptr(GHashTable)            before = NULL;
  g_autoptr(GHashTable)            after = NULL;
  g_autoptr(GError)                error = NULL;
  SmartcaCertificate              *lan = add_person (store, "d1", "NGUYỄN THỊ LAN", "001190000031");
  SmartcaCertificate              *minh = add_person (store, "d2", "TRẦN VĂN MINH", "001190000032");
  g_autofree char                 *images_path = NULL;

  g_assert_true (smartca_store_set_certificate_image (store, lan, image, &error) &&
                 smartca_store_set_certificate_image (store, minh, image, &error));
  g_assert_no_error (error);
  before = smartca_test_snapshot_tree (fixture->images_dir);

  /* At once, and through a deletion that could still be undone. */
  g_assert_true (smartca_store_remove (store, lan, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_begin_removal (store, minh, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (smartca_store_count_image_users (store, image), ==, 0);
  g_assert_true (smartca_store_remove (store, minh, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 1);
  g_assert_true (smartca_store_lookup_image (store, smartca_signature_image_get_id (image)) == image);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM signature_images"), ==, 1);
  after = smartca_test_snapshot_tree (fixture->images_dir);
  smartca_test_assert_same_tree (before, after);
  images_path = g_file_get_path (smartca_signature_image_get_file (image));
  g_assert_true (g_file_test (images_path, G_FILE_TEST_IS_REGULAR));
}

static void
assert_read_only (gboolean ok,
                  GError **error)
{
  g_assert_false (ok);
  g_assert_error (*error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY);
  g_clear_error (error);
}

/* A list in a folder that cannot be written refuses every change to the
 * images, and nothing in the folder changes. */
static void
test_read_only_refuses_everything (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png_a = picture (30);
  g_autoptr(GBytes)                png_new = picture (31);
  g_autoptr(SmartcaSignatureImage) a = import_ok (store, png_a, "Chỉ xem", NULL);
  g_autoptr(SmartcaSignatureImage) stored = NULL;
  g_autoptr(SmartcaSignatureImage) added = NULL;
  g_autoptr(SmartcaImageInfo)      info = NULL;
  g_autoptr(GBytes)                normalized = smartca_image_normalize (png_new, &info, NULL, NULL);
  g_autoptr(GHashTable)            before = NULL;
  g_autoptr(GHashTable)            after = NULL;
  g_autoptr(GAsyncResult)          result = NULL;
  GError                          *error = NULL;
  SmartcaCertificate              *lan = add_person (store, "f1", "NGUYỄN THỊ LAN", "001190000051");
  gboolean                         opened;
  gboolean                         ok;

  g_assert_true (smartca_store_set_certificate_image (store, lan, a, &error));
  g_assert_no_error (error);
  g_clear_object (&a);
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (fixture->path, 0400), ==, 0);
  g_assert_cmpint (g_chmod (fixture->data_dir, 0500), ==, 0);
  before = smartca_test_snapshot_tree (fixture->data_dir);

  if (!smartca_test_set_dac_override (FALSE))
    {
      g_test_skip ("cannot give up CAP_DAC_OVERRIDE");
      return;
    }
  store = smartca_store_new (fixture->path, &error);
  opened = store != NULL;
  if (opened)
    {
      g_assert_true (smartca_store_get_read_only (store));
      stored = g_list_model_get_item (smartca_store_get_images (store), 0);
      lan = smartca_store_lookup (store, "f1");

      added = smartca_store_add_image (store, normalized, info, "Mới", NULL, &error);
      assert_read_only (added != NULL, &error);
      smartca_store_import_image_async (store, png_new, NULL, NULL, smartca_test_result_cb, &result);
      smartca_test_wait_result (&result);
      added = smartca_store_import_image_finish (store, result, NULL, &error);
      assert_read_only (added != NULL, &error);
      ok = smartca_store_rename_image (store, stored, "Tên khác", &error);
      assert_read_only (ok, &error);
      ok = smartca_store_set_default_image (store, stored, &error);
      assert_read_only (ok, &error);
      ok = smartca_store_set_default_image (store, NULL, &error);
      assert_read_only (ok, &error);
      ok = smartca_store_set_certificate_image (store, lan, NULL, &error);
      assert_read_only (ok, &error);
      ok = smartca_store_remove_image (store, stored, &error);
      assert_read_only (ok, &error);
    }
  smartca_test_set_dac_override (TRUE);
  g_assert_no_error (error);
  g_assert_true (opened);

  after = smartca_test_snapshot_tree (fixture->data_dir);
  smartca_test_assert_same_tree (before, after);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 1);
  g_assert_cmpstr (smartca_signature_image_get_label (stored), ==, "Chỉ xem");
  g_assert_false (smartca_signature_image_get_is_default (stored));
  g_assert_true (smartca_store_get_signing_image (store, lan, NULL) == stored);
}

/* The schema of version 2, as that version created it. */
static const char schema_2[] =
  "CREATE TABLE signature_images (id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL UNIQUE CHECK (file_name <> ''), label TEXT, added_at INTEGER NOT NULL);"
  "CREATE TABLE certificates (id INTEGER PRIMARY KEY,"
  "  serial_number TEXT NOT NULL UNIQUE"
  "    CHECK (serial_number <> '' AND serial_number = lower (serial_number)),"
  "  cert_id TEXT, lookup_id TEXT NOT NULL CHECK (lookup_id <> ''), service_type TEXT,"
  "  service_name TEXT, cert_status TEXT, cert_status_code TEXT, subject_dn TEXT NOT NULL,"
  "  valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL,"
  "  custom_name TEXT CHECK (custom_name IS NULL OR custom_name <> ''),"
  "  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),"
  "  signature_image_id INTEGER REFERENCES signature_images (id) ON DELETE SET NULL,"
  "  business_enabled INTEGER NOT NULL DEFAULT 0 CHECK (business_enabled IN (0, 1)),"
  "  business_method INTEGER NOT NULL DEFAULT 0 CHECK (business_method IN (0, 1, 2)),"
  "  added_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX certificates_single_default ON certificates (is_default) WHERE is_default = 1;"
  "CREATE INDEX certificates_lookup_id ON certificates (lookup_id);"
  "CREATE TABLE certificate_der ("
  "  certificate_id INTEGER PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,"
  "  cert_der BLOB NOT NULL CHECK (length (cert_der) > 0), ca_der BLOB, root_der BLOB);"
  "CREATE TABLE pending_removals ("
  "  certificate_id INTEGER PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,"
  "  requested_at INTEGER NOT NULL);"
  "CREATE TABLE pending_keyring_cleanup ("
  "  serial_number TEXT PRIMARY KEY CHECK (serial_number <> ''), removed_at INTEGER NOT NULL);"
  "INSERT INTO signature_images (id, file_name, label, added_at)"
  "  VALUES (1, 'scan-cu.png', 'Chữ ký cũ', 1700000000), (2, 'khong-ten.png', NULL, 1700000100);"
  "INSERT INTO certificates (id, serial_number, lookup_id, subject_dn, valid_from, valid_to,"
  "  custom_name, is_default, signature_image_id, added_at, updated_at) VALUES"
  "  (1, 'e1', '001190000061', 'C=VN,CN=NGUYỄN THỊ LAN,UID=CCCD:001190000061', 1700000000,"
  "   4100000000, 'Ký hồ sơ', 1, 1, 1700000000, 1700000000),"
  "  (2, 'e2', '001190000062', 'C=VN,CN=TRẦN VĂN MINH,UID=CCCD:001190000062', 1700000000,"
  "   4100000000, NULL, 0, NULL, 1700000000, 1700000000);"
  "PRAGMA user_version = 2;";

static void
test_migrates_version_2 (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = NULL;
  g_autoptr(SmartcaSignatureImage) old = NULL;
  g_autoptr(SmartcaSignatureImage) unnamed = NULL;
  g_autoptr(SmartcaSignatureImage) fresh = NULL;
  g_autoptr(GBytes)                png = picture (40);
  g_autoptr(GError)                error = NULL;
  g_autofree char                 *old_path = NULL;
  g_autofree char                 *expected_path = g_build_filename (fixture->images_dir, "scan-cu.png", NULL);
  g_autofree char                 *rows = NULL;
  SmartcaCertificate              *lan;
  gboolean                         fallback = TRUE;

  g_assert_cmpint (g_mkdir_with_parents (fixture->data_dir, 0700), ==, 0);
  g_assert_cmpint (raw_exec (fixture->path, schema_2), ==, SQLITE_OK);

  store = smartca_test_open_store (fixture->path);
  g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==, SMARTCA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (SMARTCA_STORE_SCHEMA_VERSION, >=, 3);

  /* The rows are all there, as they were; what they never had is unknown. */
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 2);
  old = g_list_model_get_item (smartca_store_get_images (store), 0);
  unnamed = g_list_model_get_item (smartca_store_get_images (store), 1);
  g_assert_cmpint (smartca_signature_image_get_id (old), ==, 1);
  g_assert_cmpstr (smartca_signature_image_get_label (old), ==, "Chữ ký cũ");
  g_assert_cmpint (smartca_signature_image_get_added_at (old), ==, 1700000000);
  g_assert_null (smartca_signature_image_get_pixels_sha256 (old));
  g_assert_cmpint (smartca_signature_image_get_width (old), ==, 0);
  g_assert_false (smartca_signature_image_get_is_default (old));
  old_path = g_file_get_path (smartca_signature_image_get_file (old));
  g_assert_cmpstr (old_path, ==, expected_path);
  g_assert_cmpstr (smartca_signature_image_get_label (unnamed), ==, "Signature 2");
  g_assert_null (smartca_store_get_default_image (store));
  rows = query_text (fixture->path, "SELECT group_concat (id || ':' || file_name || ':'"
                                    " || coalesce (label, '-') || ':' || added_at, '|')"
                                    " FROM signature_images");
  g_assert_cmpstr (rows, ==, "1:scan-cu.png:Chữ ký cũ:1700000000|2:khong-ten.png:-:1700000100");
  g_assert_cmpuint (smartca_test_n_certificates (store), ==, 2);
  lan = smartca_store_lookup (store, "e1");
  g_assert_cmpstr (smartca_certificate_get_custom_name (lan), ==, "Ký hồ sơ");
  g_assert_true (smartca_certificate_get_is_default (lan));
  g_assert_true (smartca_store_get_signing_image (store, lan, &fallback) == old);
  g_assert_false (fallback);
  g_assert_cmpuint (smartca_store_count_image_users (store, old), ==, 1);

  /* New images live beside the old rows (no hash is no conflict), and
   * everything works on them. */
  fresh = import_ok (store, png, NULL, NULL);
  g_assert_cmpstr (smartca_signature_image_get_label (fresh), ==, "Signature 3");
  g_assert_true (smartca_store_set_default_image (store, unnamed, &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_rename_image (store, unnamed, "Có tên", &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_remove_image (store, old, &error));
  g_assert_no_error (error);
  g_assert_cmpint (smartca_certificate_get_signature_image_id (lan), ==, 0);
  g_assert_cmpint (query_int (fixture->path, "SELECT count (*) FROM certificates"
                                             " WHERE signature_image_id IS NULL"),
                   ==, 2);
  g_assert_true (smartca_store_get_signing_image (store, lan, &fallback) == unnamed);
  g_assert_true (fallback);
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

/* Another instance (the command line, a second window's process) changes
 * the same file: this one's list follows at its next change. */
static void
test_follows_other_instance (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(SmartcaStore)          store = smartca_test_open_store (fixture->path);
  g_autoptr(SmartcaStore)          other = smartca_test_open_store (fixture->path);
  g_autoptr(GBytes)                png_a = picture (50);
  g_autoptr(GBytes)                png_b = picture (51);
  g_autoptr(GBytes)                png_c = picture (52);
  g_autoptr(SmartcaSignatureImage) theirs = import_ok (other, png_a, "Của họ", NULL);
  g_autoptr(SmartcaSignatureImage) mine = NULL;
  g_autoptr(SmartcaSignatureImage) seen = NULL;
  g_autoptr(SmartcaSignatureImage) again = NULL;
  g_autoptr(GError)                error = NULL;
  gboolean                         already_there = FALSE;
  guint                            changes = 0;
  guint                            default_notified = 0;

  g_assert_true (smartca_store_set_default_image (other, theirs, &error));
  g_assert_no_error (error);
  g_signal_connect (smartca_store_get_images (store), "items-changed", G_CALLBACK (count_changes_cb),
                    &changes);
  g_signal_connect (store, "notify::default-image", G_CALLBACK (count_notify_cb), &default_notified);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 0);

  mine = import_ok (store, png_b, "Của tôi", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 2);
  seen = g_list_model_get_item (smartca_store_get_images (store), 0);
  g_assert_cmpint (smartca_signature_image_get_id (seen), ==, smartca_signature_image_get_id (theirs));
  g_assert_cmpstr (smartca_signature_image_get_label (seen), ==, "Của họ");
  g_assert_true (smartca_store_get_default_image (store) == seen);
  g_assert_cmpuint (default_notified, ==, 1);
  g_assert_cmpuint (changes, >=, 2);

  /* The same picture added there is found here. */
  again = import_ok (store, png_a, NULL, &already_there);
  g_assert_true (already_there);
  g_assert_true (again == seen);

  /* Renamed, then removed there. */
  g_assert_true (smartca_store_rename_image (other, theirs, "Đổi ở kia", &error));
  g_assert_no_error (error);
  g_assert_true (smartca_store_set_default_image (store, mine, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (smartca_signature_image_get_label (seen), ==, "Đổi ở kia");
  g_assert_true (smartca_store_remove_image (other, theirs, &error));
  g_assert_no_error (error);
  g_clear_object (&again);
  again = import_ok (store, png_c, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_images (store)), ==, 2);
  g_assert_null (smartca_store_lookup_image (store, smartca_signature_image_get_id (seen)));
  g_assert_true (smartca_store_get_default_image (store) == mine);
}

void
test_image_store_edit_add_tests (void)
{
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/image-store/rename", test_rename);
  ADD ("/image-store/default-and-fallback", test_default_and_fallback);
  ADD ("/image-store/remove-in-use", test_remove_in_use);
  ADD ("/image-store/choice-survives-reopening", test_choice_survives_reopening);
  ADD ("/image-store/certificate-removal-keeps-image", test_certificate_removal_keeps_image);
  ADD ("/image-store/read-only-refuses-everything", test_read_only_refuses_everything);
  ADD ("/image-store/migrates-version-2", test_migrates_version_2);
  ADD ("/image-store/follows-other-instance", test_follows_other_instance);
#undef ADD
}
