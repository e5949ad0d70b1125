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

void
test_image_store_edit_add_tests (void)
{
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/image-store/rename", test_rename);
  ADD ("/image-store/default-and-fallback", test_default_and_fallback);
  ADD ("/image-store/remove-in-use", test_remove_in_use);
  ADD ("/image-store/choice-survives-reopening", test_choice_survives_reopening);
  ADD ("/image-store/certificate-removal-keeps-image", test_certificate_removal_keeps_image);
#undef ADD
}
