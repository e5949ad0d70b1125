/* smartca-store-images.c: the user's signature images, as the list shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each image is a row of signature_images and a normalised PNG named after
 * the hash of its pixels in the images folder, beside the database. The
 * list mirrors the rows as the certificates' list does (oldest first), and
 * follows the file when another instance changed it (store_reconcile()).
 * Changes are in smartca-store-image-edit.c.
 */

#include "config.h"

#include "smartca-signature-image-private.h"
#include "smartca-store-private.h"
#include "smartca-store.h"

#define IMAGE_COLUMNS "id, file_name, label, added_at, pixels_sha256, width, height, is_default"
/* A file not yet brought up to schema 3 (read-only) has no hash, size or
 * default: the same columns, unknown. */
#define IMAGE_COLUMNS_V2 "id, file_name, label, added_at, NULL, 0, 0, 0"

void
store_images_init (SmartcaStore *self)
{
  self->images = g_list_store_new (SMARTCA_TYPE_SIGNATURE_IMAGE);
  self->images_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

void
store_images_finalize (SmartcaStore *self)
{
  self->default_image = NULL;
  g_clear_pointer (&self->images_by_id, g_hash_table_unref);
  g_clear_pointer (&self->loaded_images, g_ptr_array_unref);
  g_clear_object (&self->images);
  g_clear_pointer (&self->images_dir, g_free);
}

/* Oldest first; the order of the list. */
int
store_compare_images (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  SmartcaSignatureImage *image_a = (SmartcaSignatureImage *) a;
  SmartcaSignatureImage *image_b = (SmartcaSignatureImage *) b;
  gint64                 added_a = smartca_signature_image_get_added_at (image_a);
  gint64                 added_b = smartca_signature_image_get_added_at (image_b);
  gint64                 id_a = smartca_signature_image_get_id (image_a);
  gint64                 id_b = smartca_signature_image_get_id (image_b);

  if (added_a != added_b)
    return added_a < added_b ? -1 : 1;
  return id_a < id_b ? -1 : id_a > id_b;
}

static int
compare_images_indirect (gconstpointer a,
                         gconstpointer b)
{
  return store_compare_images (*(SmartcaSignatureImage **) a, *(SmartcaSignatureImage **) b, NULL);
}

static gboolean
has_image_columns (SmartcaStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self,
                                                "SELECT 1 FROM pragma_table_info ('signature_images')"
                                                " WHERE name = 'is_default'",
                                                NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

typedef struct
{
  SmartcaStore *self;
  GPtrArray    *rows;
} ReadState;

static gboolean
read_image_row (sqlite3_stmt *row,
                gpointer      user_data,
                GError      **error)
{
  ReadState                  *state = user_data;
  SmartcaSignatureImageFields fields = {
    .id = sqlite3_column_int64 (row, 0),
    .file_name = store_column_text (row, 1),
    .label = store_column_text (row, 2),
    .added_at = sqlite3_column_int64 (row, 3),
    .pixels_sha256 = store_column_text (row, 4),
    .width = sqlite3_column_int (row, 5),
    .height = sqlite3_column_int (row, 6),
    .is_default = sqlite3_column_int (row, 7) != 0,
  };

  if (fields.file_name == NULL)
    return TRUE;
  g_ptr_array_add (state->rows, smartca_signature_image_new (&fields, state->self->images_dir));
  return TRUE;
}

/* Every readable row, sorted oldest first. */
static GPtrArray *
read_images (SmartcaStore *self,
             GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  const char          *columns = has_image_columns (self) ? IMAGE_COLUMNS : IMAGE_COLUMNS_V2;
  ReadState            state = { self, rows };

  if (!store_scan (self, columns, "signature_images", read_image_row, &state, error))
    return NULL;
  g_ptr_array_sort (rows, compare_images_indirect);
  return g_steal_pointer (&rows);
}

static SmartcaSignatureImage *
find_default (GPtrArray *images)
{
  for (guint i = 0; i < images->len; i++)
    if (smartca_signature_image_get_is_default (g_ptr_array_index (images, i)))
      return g_ptr_array_index (images, i);
  return NULL;
}

void
store_index_image (SmartcaStore          *self,
                   SmartcaSignatureImage *image)
{
  gint64 *id = g_new (gint64, 1);

  *id = smartca_signature_image_get_id (image);
  g_hash_table_insert (self->images_by_id, id, image);
}

static void
index_images (SmartcaStore *self,
              GPtrArray    *images)
{
  g_hash_table_remove_all (self->images_by_id);
  for (guint i = 0; i < images->len; i++)
    store_index_image (self, g_ptr_array_index (images, i));
}

/* On the thread that opens the store, after the certificates. */
gboolean
store_load_images (SmartcaStore *self,
                   GError      **error)
{
  g_autoptr(GPtrArray) images = NULL;

  if (self->images_dir == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      self->images_dir = g_build_filename (dir, "signature-images", NULL);
    }

  images = read_images (self, error);
  if (images == NULL)
    return FALSE;
  index_images (self, images);
  self->default_image = find_default (images);
  g_clear_pointer (&self->loaded_images, g_ptr_array_unref);
  self->loaded_images = g_steal_pointer (&images);
  return TRUE;
}

/* Hands what store_load_images() read to the list, on the thread that will
 * use it. */
void
store_publish_images (SmartcaStore *self)
{
  if (self->loaded_images == NULL)
    return;
  g_list_store_splice (self->images, 0, 0, self->loaded_images->pdata, self->loaded_images->len);
  g_clear_pointer (&self->loaded_images, g_ptr_array_unref);
}

void
store_set_default_image (SmartcaStore          *self,
                         SmartcaSignatureImage *image)
{
  if (self->default_image == image)
    return;
  if (self->default_image != NULL)
    smartca_signature_image_set_is_default (self->default_image, FALSE);
  self->default_image = image;
  if (image != NULL)
    smartca_signature_image_set_is_default (image, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), store_properties[STORE_PROP_DEFAULT_IMAGE]);
}

/**
 * store_reconcile_images:
 *
 * Makes the images' list what the file holds, as store_reconcile() does for
 * the certificates: objects are kept for rows that stay (their label and
 * default follow the file), rows added elsewhere appear, rows removed
 * elsewhere go.
 */
gboolean
store_reconcile_images (SmartcaStore *self,
                        GError      **error)
{
  g_autoptr(GPtrArray)   rows = read_images (self, error);
  g_autoptr(GPtrArray)   next = NULL;
  GListModel            *model = G_LIST_MODEL (self->images);
  SmartcaSignatureImage *new_default = NULL;
  guint                  n_items;
  gboolean               same;

  if (rows == NULL)
    return FALSE;

  next = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      SmartcaSignatureImage *row = g_ptr_array_index (rows, i);
      SmartcaSignatureImage *known = smartca_store_lookup_image (self,
                                                                 smartca_signature_image_get_id (row));

      if (known != NULL && g_strcmp0 (smartca_signature_image_get_file_name (known),
                                      smartca_signature_image_get_file_name (row)) == 0)
        {
          smartca_signature_image_set_label (known, smartca_signature_image_get_label (row));
          g_ptr_array_add (next, g_object_ref (known));
        }
      else
        g_ptr_array_add (next, g_object_ref (row));
    }

  n_items = g_list_model_get_n_items (model);
  same = n_items == next->len;
  for (guint i = 0; same && i < n_items; i++)
    {
      g_autoptr(SmartcaSignatureImage) item = g_list_model_get_item (model, i);

      same = item == g_ptr_array_index (next, i);
    }

  index_images (self, next);
  for (guint i = 0; i < rows->len; i++)
    if (smartca_signature_image_get_is_default (g_ptr_array_index (rows, i)))
      new_default = g_ptr_array_index (next, i);
  store_set_default_image (self, new_default);

  if (!same)
    g_list_store_splice (self->images, 0, n_items, next->pdata, next->len);
  return TRUE;
}

/* Public API */

/**
 * smartca_store_get_images_dir:
 *
 * Returns: (transfer none): the folder of the stored images,
 *   "signature-images" beside the database
 */
const char *
smartca_store_get_images_dir (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  return self->images_dir;
}

/**
 * smartca_store_get_images:
 *
 * Returns: (transfer none): a #GListModel of #SmartcaSignatureImage, the
 *   oldest first
 */
GListModel *
smartca_store_get_images (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->images);
}

/**
 * smartca_store_lookup_image:
 *
 * Returns: (transfer none) (nullable): the stored image with that id
 */
SmartcaSignatureImage *
smartca_store_lookup_image (SmartcaStore *self,
                            gint64        id)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);

  if (id <= 0)
    return NULL;
  return g_hash_table_lookup (self->images_by_id, &id);
}

/**
 * smartca_store_get_default_image:
 *
 * Returns: (transfer none) (nullable): the image of the certificates that
 *   have none of their own
 */
SmartcaSignatureImage *
smartca_store_get_default_image (SmartcaStore *self)
{
  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  return self->default_image;
}

/**
 * smartca_store_count_image_users:
 *
 * Returns: how many certificates in the list sign with @image as their own
 *   (a certificate whose deletion can still be undone is not counted: the
 *   user no longer sees it)
 */
guint
smartca_store_count_image_users (SmartcaStore          *self,
                                 SmartcaSignatureImage *image)
{
  GHashTableIter iter;
  gpointer       value;
  guint          n = 0;
  gint64         id;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), 0);
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (image), 0);

  id = smartca_signature_image_get_id (image);
  g_hash_table_iter_init (&iter, self->by_serial);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (smartca_certificate_get_signature_image_id (value) == id &&
        !smartca_store_is_removal_pending (self, value))
      n++;
  return n;
}

/**
 * smartca_store_get_signing_image:
 * @is_default_fallback: (out) (optional): set to whether the image is the
 *   default image, used because @certificate has none of its own
 *
 * Returns: (transfer none) (nullable): what @certificate signs with: its
 *   own image, else the default image, else %NULL
 */
SmartcaSignatureImage *
smartca_store_get_signing_image (SmartcaStore       *self,
                                 SmartcaCertificate *certificate,
                                 gboolean           *is_default_fallback)
{
  SmartcaSignatureImage *own;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);

  own = smartca_store_lookup_image (self, smartca_certificate_get_signature_image_id (certificate));
  if (is_default_fallback != NULL)
    *is_default_fallback = own == NULL && self->default_image != NULL;
  return own != NULL ? own : self->default_image;
}
