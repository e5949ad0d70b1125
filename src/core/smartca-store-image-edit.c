/* smartca-store-image-edit.c: every change to the user's signature images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As for the certificates, a change is written (in one transaction) before
 * any object or list is touched. A new image's PNG is written into the
 * images folder first (a temporary file renamed into place) and the row
 * after it; when the row cannot be written, the file written for it goes
 * again, so a failure leaves both the folder and the database as they were.
 * A removed image's file is deleted only once the row is gone for good.
 */

#include "config.h"

#include "smartca-signature-image-private.h"
#include "smartca-store-private.h"
#include "smartca-store.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Labels */

/* Control characters, line breaks, and the bidi embeddings, overrides and
 * isolates: a label could otherwise show its text in an order other than
 * typed (U+202E turns "gnp.exe" around) wherever it is shown. */
static gboolean
is_refused_character (gunichar c)
{
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The label as stored: NFC, trimmed; *normalized is %NULL when it is empty. */
static gboolean
normalize_label (const char *label,
                 char      **normalized,
                 GError    **error)
{
  g_autofree char *trimmed = NULL;

  *normalized = NULL;
  if (label == NULL)
    return TRUE;

  if (!g_utf8_validate (label, -1, NULL))
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   _("The image name is not valid text."));
      return FALSE;
    }
  trimmed = g_utf8_normalize (label, -1, G_NORMALIZE_NFC);
  g_strstrip (trimmed);

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (is_refused_character (g_utf8_get_char (p)))
      {
        g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                     _("An image name cannot contain line breaks, tabs or other control "
                       "characters."));
        return FALSE;
      }

  if (g_utf8_strlen (trimmed, -1) > SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "An image name can be at most %d character long.",
                                "An image name can be at most %d characters long.",
                                SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS),
                   SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS);
      return FALSE;
    }

  if (trimmed[0] != '\0')
    *normalized = g_steal_pointer (&trimmed);
  return TRUE;
}

/**
 * smartca_store_check_image_label:
 * @label: (nullable): a label as the user typed it
 *
 * Whether smartca_store_add_image() would take @label (an empty one is
 * named for the user), so that a dialog can say so before it closes.
 */
gboolean
smartca_store_check_image_label (const char *label,
                                 GError    **error)
{
  g_autofree char *normalized = NULL;

  return normalize_label (label, &normalized, error);
}

/* Marks that only change the order text is shown in (LRM, RLM, ALM). */
static gboolean
is_bidi_mark (gunichar c)
{
  return c == 0x200e || c == 0x200f || c == 0x061c;
}

/**
 * smartca_store_suggest_image_label:
 * @text: (nullable): a name from elsewhere, e.g. a file's name
 *
 * @text made into a label smartca_store_check_image_label() takes: invalid
 * UTF-8 replaced, control characters and line breaks made spaces, bidi
 * embeddings, overrides, isolates and marks removed, white space collapsed
 * and trimmed, and cut to %SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS characters.
 *
 * Returns: (transfer full): the label, maybe empty
 */
char *
smartca_store_suggest_image_label (const char *text)
{
  g_autofree char   *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char   *nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  g_autoptr(GString) label = g_string_new (NULL);
  glong              n_chars = 0;
  gboolean           space = FALSE;

  for (const char *p = nfc != NULL ? nfc : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_mark (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        continue;
      if (is_refused_character (c) || g_unichar_isspace (c))
        {
          space = label->len > 0;
          continue;
        }
      if (n_chars + (space ? 2 : 1) > SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS)
        break;
      if (space)
        {
          g_string_append_c (label, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (label, c);
      n_chars++;
    }
  return g_string_free (g_steal_pointer (&label), FALSE);
}

static gboolean
label_in_use (SmartcaStore *self,
              const char   *label)
{
  GListModel *model = G_LIST_MODEL (self->images);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaSignatureImage) image = g_list_model_get_item (model, i);

      if (g_strcmp0 (smartca_signature_image_get_label (image), label) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "Signature 3" for the third image, or the next number not taken. */
static char *
dup_unused_label (SmartcaStore *self)
{
  for (guint n = g_list_model_get_n_items (G_LIST_MODEL (self->images)) + 1;; n++)
    {
      /* Translators: the name of a signature image the user gave no name */
      g_autofree char *label = g_strdup_printf (_("Signature %u"), n);

      if (!label_in_use (self, label))
        return g_steal_pointer (&label);
    }
}

/* Checks */

static gboolean
check_image_stored (SmartcaStore          *self,
                    SmartcaSignatureImage *image,
                    GError               **error)
{
  if (smartca_store_lookup_image (self, smartca_signature_image_get_id (image)) != image)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_NOT_FOUND,
                   _("The signature image “%s” is no longer in the list."),
                   smartca_signature_image_get_label (image));
      return FALSE;
    }
  return TRUE;
}

/* The hash names the file: only what smartca_image_normalize() makes. */
static gboolean
check_info (const SmartcaImageInfo *info,
            GError                **error)
{
  const char *hash = info->pixels_sha256;
  gboolean    valid = hash != NULL && strlen (hash) == 64 && info->width > 0 && info->height > 0;

  for (int i = 0; valid && i < 64; i++)
    valid = g_ascii_isxdigit (hash[i]) && !g_ascii_isupper (hash[i]);
  if (!valid)
    g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                 _("The image was not prepared for saving."));
  return valid;
}

static SmartcaSignatureImage *
find_same_picture (SmartcaStore *self,
                   const char   *pixels_sha256,
                   const char   *file_name)
{
  GListModel *model = G_LIST_MODEL (self->images);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SmartcaSignatureImage) image = g_list_model_get_item (model, i);

      /* A row from before the hash was kept, named as a new one would be,
       * holds the same picture. */
      if (g_strcmp0 (smartca_signature_image_get_pixels_sha256 (image), pixels_sha256) == 0 ||
          g_strcmp0 (smartca_signature_image_get_file_name (image), file_name) == 0)
        return image;
    }
  return NULL;
}

/* The images folder */

typedef struct
{
  char    *path;
  gboolean created_dir;
  gboolean created_file;
} WrittenFile;

static void
undo_written_file (SmartcaStore *self,
                   WrittenFile  *written)
{
  if (written->created_file)
    g_unlink (written->path);
  if (written->created_dir)
    g_rmdir (self->images_dir);
}

/* Writes @png as @file_name in the images folder, through a temporary file
 * in the same folder that is synced and then renamed. A file of that name
 * already there with the same bytes (left by a run that stopped before its
 * row was written) is used as it is. */
static gboolean
write_image_file (SmartcaStore *self,
                  const char   *file_name,
                  GBytes       *png,
                  WrittenFile  *written,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char  *contents = NULL;
  gsize             length;

  written->path = g_build_filename (self->images_dir, file_name, NULL);

  if (!g_file_test (self->images_dir, G_FILE_TEST_IS_DIR))
    {
      if (g_mkdir_with_parents (self->images_dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_FAILED,
                       _("The folder “%s” could not be created: %s"),
                       self->images_dir, g_strerror (saved_errno));
          return FALSE;
        }
      written->created_dir = TRUE;
    }

  if (g_file_get_contents (written->path, &contents, &length, NULL) &&
      length == g_bytes_get_size (png) &&
      memcmp (contents, g_bytes_get_data (png, NULL), length) == 0)
    return TRUE;

  written->created_file = !g_file_test (written->path, G_FILE_TEST_EXISTS);
  if (!g_file_set_contents_full (written->path, g_bytes_get_data (png, NULL),
                                 g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      written->created_file = FALSE;
      undo_written_file (self, written);
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_FAILED,
                   _("The image could not be saved in “%s”: %s"),
                   self->images_dir, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Adding */

/**
 * smartca_store_add_image:
 * @png: the normalised PNG, as smartca_image_normalize() returned it
 * @info: what smartca_image_normalize() said of it
 * @label: (nullable): the user's name for it; trimmed, and "Signature N"
 *   when empty
 * @already_there: (out) (optional): set to whether the same picture was
 *   stored already (then nothing is written and that image is returned)
 *
 * Stores a new signature image: its PNG as "<pixels_sha256>.png" in the
 * images folder, then its row. On any error neither the folder nor the
 * database has changed.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL with @error set
 */
SmartcaSignatureImage *
smartca_store_add_image (SmartcaStore           *self,
                         GBytes                 *png,
                         const SmartcaImageInfo *info,
                         const char             *label,
                         gboolean               *already_there,
                         GError                **error)
{
  g_autofree char            *normalized = NULL;
  g_autofree char            *file_name = NULL;
  g_autoptr(sqlite3_stmt)     insert = NULL;
  SmartcaSignatureImage      *existing;
  SmartcaSignatureImage      *image;
  SmartcaSignatureImageFields fields = { 0 };
  WrittenFile                 written = { 0 };
  gint64                      now = store_now ();

  g_return_val_if_fail (SMARTCA_IS_STORE (self), NULL);
  g_return_val_if_fail (png != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);

  if (already_there != NULL)
    *already_there = FALSE;
  if (!check_info (info, error) || !normalize_label (label, &normalized, error))
    return NULL;
  file_name = g_strconcat (info->pixels_sha256, ".png", NULL);

  if (!store_begin_write (self, error))
    return NULL;

  existing = find_same_picture (self, info->pixels_sha256, file_name);
  if (existing != NULL)
    {
      gboolean restored = TRUE;

      /* Its file went missing (deleted by hand): the same picture brings it
       * back, under the same name. */
      if (!g_file_query_exists (smartca_signature_image_get_file (existing), NULL) &&
          g_strcmp0 (smartca_signature_image_get_file_name (existing), file_name) == 0)
        restored = write_image_file (self, file_name, png, &written, error);
      store_rollback (self);
      g_free (written.path);
      if (!restored)
        return NULL;
      if (already_there != NULL)
        *already_there = TRUE;
      return g_object_ref (existing);
    }

  if (normalized == NULL)
    normalized = dup_unused_label (self);

  insert = store_prepare (self,
                          "INSERT INTO signature_images (file_name, label, added_at,"
                          " pixels_sha256, width, height, is_default)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
                          error);
  if (insert == NULL)
    {
      store_rollback (self);
      return NULL;
    }
  store_bind_text (insert, 1, file_name);
  store_bind_text (insert, 2, normalized);
  sqlite3_bind_int64 (insert, 3, now);
  store_bind_text (insert, 4, info->pixels_sha256);
  sqlite3_bind_int (insert, 5, info->width);
  sqlite3_bind_int (insert, 6, info->height);

  if (!write_image_file (self, file_name, png, &written, error))
    {
      store_rollback (self);
      g_free (written.path);
      return NULL;
    }

  if (!store_step_once (self, insert, error))
    {
      store_rollback (self);
      undo_written_file (self, &written);
      g_free (written.path);
      return NULL;
    }
  fields.id = sqlite3_last_insert_rowid (self->db);
  if (!store_commit (self, error))
    {
      undo_written_file (self, &written);
      g_free (written.path);
      return NULL;
    }
  g_free (written.path);

  fields.file_name = file_name;
  fields.label = normalized;
  fields.pixels_sha256 = info->pixels_sha256;
  fields.width = info->width;
  fields.height = info->height;
  fields.added_at = now;
  image = smartca_signature_image_new (&fields, self->images_dir);
  store_index_image (self, image);
  g_list_store_insert_sorted (self->images, image, store_compare_images, NULL);
  return image;
}

typedef struct
{
  char    *label;
  gboolean already_there;
} ImportState;

static void
import_state_free (gpointer data)
{
  ImportState *state = data;

  g_free (state->label);
  g_free (state);
}

static void
import_normalized_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask)            task = user_data;
  SmartcaStore               *self = g_task_get_source_object (task);
  ImportState                *state = g_task_get_task_data (task);
  g_autoptr(SmartcaImageInfo) info = NULL;
  g_autoptr(GBytes)           png = NULL;
  SmartcaSignatureImage      *image;
  GError                     *error = NULL;

  png = smartca_image_normalize_finish (result, &info, &error);
  if (png == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  image = smartca_store_add_image (self, png, info, state->label, &state->already_there, &error);
  if (image == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, image, g_object_unref);
}

/**
 * smartca_store_import_image_async:
 * @data: the raw bytes: a file's contents, a drawn or cleaned-up PNG
 * @label: (nullable): as for smartca_store_add_image()
 *
 * Checks and normalises @data on a worker thread (smartca_image_normalize()),
 * then stores it (smartca_store_add_image()) on the thread that called.
 * Cancelled, refused or failed: nothing has changed.
 */
void
smartca_store_import_image_async (SmartcaStore       *self,
                                  GBytes             *data,
                                  const char         *label,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportState     *state;

  g_return_if_fail (SMARTCA_IS_STORE (self));
  g_return_if_fail (data != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_store_import_image_async);
  state = g_new0 (ImportState, 1);
  state->label = g_strdup (label);
  g_task_set_task_data (task, state, import_state_free);

  /* No use decoding what could not be saved. */
  if (smartca_store_get_read_only (self))
    {
      g_autofree char *reason = smartca_store_dup_read_only_reason (self);

      g_task_return_new_error (task, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_READ_ONLY,
                               "%s", reason);
      return;
    }

  smartca_image_normalize_async (data, cancellable, import_normalized_cb, g_steal_pointer (&task));
}

/**
 * smartca_store_import_image_finish:
 * @already_there: (out) (optional): as for smartca_store_add_image()
 *
 * Returns: (transfer full) (nullable): the stored image, or %NULL with
 *   @error set (%SMARTCA_IMAGE_ERROR when the data was refused)
 */
SmartcaSignatureImage *
smartca_store_import_image_finish (SmartcaStore *self,
                                   GAsyncResult *result,
                                   gboolean     *already_there,
                                   GError      **error)
{
  ImportState *state;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  state = g_task_get_task_data (G_TASK (result));
  if (already_there != NULL)
    *already_there = state->already_there;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Changing */

/**
 * smartca_store_rename_image:
 * @label: the new name: trimmed; empty, with control characters or longer
 *   than %SMARTCA_STORE_IMAGE_LABEL_MAX_CHARS, it is refused
 */
gboolean
smartca_store_rename_image (SmartcaStore          *self,
                            SmartcaSignatureImage *image,
                            const char            *label,
                            GError               **error)
{
  g_autofree char                 *normalized = NULL;
  g_autoptr(sqlite3_stmt)          stmt = NULL;
  g_autoptr(SmartcaSignatureImage) hold = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (image), FALSE);

  if (!normalize_label (label, &normalized, error))
    return FALSE;
  if (normalized == NULL)
    {
      g_set_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID,
                   _("An image name cannot be empty."));
      return FALSE;
    }

  /* Bringing the list up to date may drop it: the caller may not hold it. */
  hold = g_object_ref (image);
  if (!store_begin_write (self, error))
    return FALSE;
  if (!check_image_stored (self, image, error) ||
      (stmt = store_prepare (self, "UPDATE signature_images SET label = ?2 WHERE id = ?1",
                             error)) == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, smartca_signature_image_get_id (image));
  store_bind_text (stmt, 2, normalized);
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  smartca_signature_image_set_label (image, normalized);
  return TRUE;
}

/**
 * smartca_store_set_default_image:
 * @image: (nullable): the new default image, or %NULL for none
 *
 * Makes @image the one every certificate without an image of its own signs
 * with; the previous default stops being it.
 */
gboolean
smartca_store_set_default_image (SmartcaStore          *self,
                                 SmartcaSignatureImage *image,
                                 GError               **error)
{
  g_autoptr(sqlite3_stmt)          clear = NULL;
  g_autoptr(sqlite3_stmt)          set = NULL;
  g_autoptr(SmartcaSignatureImage) hold = NULL;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (image == NULL || SMARTCA_IS_SIGNATURE_IMAGE (image), FALSE);

  if (image != NULL)
    hold = g_object_ref (image);
  if (!store_begin_write (self, error))
    return FALSE;
  if ((image != NULL && !check_image_stored (self, image, error)) ||
      (clear = store_prepare (self, "UPDATE signature_images SET is_default = 0"
                                    " WHERE is_default = 1",
                              error)) == NULL ||
      (set = store_prepare (self, "UPDATE signature_images SET is_default = 1 WHERE id = ?1",
                            error)) == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  if (image != NULL)
    sqlite3_bind_int64 (set, 1, smartca_signature_image_get_id (image));
  if (!store_step_once (self, clear, error) ||
      (image != NULL && !store_step_once (self, set, error)))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  store_set_default_image (self, image);
  return TRUE;
}

/* Only a plain name inside the images folder is ever deleted. */
static void
delete_image_file (SmartcaStore          *self,
                   SmartcaSignatureImage *image)
{
  const char       *file_name = smartca_signature_image_get_file_name (image);
  g_autoptr(GError) error = NULL;

  if (strchr (file_name, G_DIR_SEPARATOR) != NULL || strcmp (file_name, "..") == 0 ||
      strcmp (file_name, ".") == 0)
    return;
  if (!g_file_delete (smartca_signature_image_get_file (image), NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("%s: %s", file_name, error->message);
}

/**
 * smartca_store_remove_image:
 *
 * Forgets @image and deletes its file (once the row is gone). The
 * certificates that signed with it fall back to the default image, or none
 * (their "signature-image-id" becomes 0); they are not changed otherwise.
 * When @image was the default, there is no default image afterwards.
 */
gboolean
smartca_store_remove_image (SmartcaStore          *self,
                            SmartcaSignatureImage *image,
                            GError               **error)
{
  g_autoptr(sqlite3_stmt)          stmt = NULL;
  g_autoptr(SmartcaSignatureImage) hold = NULL;
  GHashTableIter                   iter;
  gpointer                         value;
  gint64                           id;
  guint                            position;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (image), FALSE);

  hold = g_object_ref (image);
  id = smartca_signature_image_get_id (image);
  if (!store_begin_write (self, error))
    return FALSE;
  /* The certificates' links go with the row (ON DELETE SET NULL). */
  if (!check_image_stored (self, image, error) ||
      (stmt = store_prepare (self, "DELETE FROM signature_images WHERE id = ?1", error)) == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  delete_image_file (self, image);

  g_hash_table_iter_init (&iter, self->by_serial);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (smartca_certificate_get_signature_image_id (value) == id)
      smartca_certificate_set_signature_image_id (value, 0);
  if (self->default_image == image)
    store_set_default_image (self, NULL);
  g_hash_table_remove (self->images_by_id, &id);
  if (g_list_store_find (self->images, image, &position))
    g_list_store_remove (self->images, position);
  return TRUE;
}

/**
 * smartca_store_set_certificate_image:
 * @image: (nullable): the image @certificate signs with, or %NULL for the
 *   default image
 */
gboolean
smartca_store_set_certificate_image (SmartcaStore          *self,
                                     SmartcaCertificate    *certificate,
                                     SmartcaSignatureImage *image,
                                     GError               **error)
{
  g_autoptr(sqlite3_stmt)          stmt = NULL;
  g_autoptr(SmartcaCertificate)    hold = NULL;
  g_autoptr(SmartcaSignatureImage) hold_image = NULL;
  gint64                           id = image != NULL ? smartca_signature_image_get_id (image) : 0;

  g_return_val_if_fail (SMARTCA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (image == NULL || SMARTCA_IS_SIGNATURE_IMAGE (image), FALSE);

  hold = g_object_ref (certificate);
  if (image != NULL)
    hold_image = g_object_ref (image);
  if (!store_begin_write (self, error))
    return FALSE;
  if (!store_check_stored (self, certificate, error) ||
      (image != NULL && !check_image_stored (self, image, error)) ||
      (stmt = store_prepare (self, "UPDATE certificates SET signature_image_id = ?2"
                                   " WHERE serial_number = ?1",
                             error)) == NULL)
    {
      store_rollback (self);
      return FALSE;
    }
  store_bind_text (stmt, 1, smartca_certificate_get_serial_number (certificate));
  if (id > 0)
    sqlite3_bind_int64 (stmt, 2, id);
  else
    sqlite3_bind_null (stmt, 2);
  if (!store_step_once (self, stmt, error))
    {
      store_rollback (self);
      return FALSE;
    }
  if (!store_commit (self, error))
    return FALSE;

  smartca_certificate_set_signature_image_id (certificate, id);
  return TRUE;
}
