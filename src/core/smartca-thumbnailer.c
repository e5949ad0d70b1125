/* smartca-thumbnailer.c: signature images decoded small, off the main
 * thread, and kept in memory and on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thumbnail is keyed by the image's pixel hash and the size asked for, so
 * a cached file never goes stale: other pixels are another key. A request
 * first looks in memory (an LRU bounded by count and bytes), then a worker
 * looks in the disk cache, and only then decodes the stored PNG at the size
 * shown. Requests for a key already on its way wait for that one decode;
 * when every one of them is cancelled, the decode is dropped.
 */

#include "config.h"

#include "smartca-thumbnailer.h"

#include "smartca-image-import.h"
#include "smartca-signature-image-private.h"

#include <glib/gstdio.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#define APP_CACHE_FOLDER "com.example.SmartCACerts"

typedef struct
{
  char      *key;
  GdkPixbuf *pixbuf;
  gsize      bytes;
  GList     *link; /* in lru, most recent first */
} Entry;

typedef struct
{
  SmartcaThumbnailer *self;
  GMainContext       *context;
  char               *key;
  char               *source_path;
  char               *cache_path;
  int                 size;
  GCancellable       *cancellable; /* cancelled when nobody waits any more */
  GPtrArray          *waiters;     /* of GTask */
  GdkPixbuf          *result;      /* set by the worker */
  GError             *error;       /* set by the worker */
  gint                forgotten;   /* atomic: its image was removed meanwhile */
} Job;

typedef struct
{
  Job   *job; /* NULL once answered */
  gulong cancelled_id;
} Waiter;

struct _SmartcaThumbnailer
{
  GObject parent_instance;

  char        *cache_dir;
  GHashTable  *memory; /* key → Entry */
  GQueue       lru;    /* of Entry */
  gsize        memory_bytes;
  GHashTable  *pending; /* key → Job */
  GPtrArray   *running; /* every Job not yet done, pending or not */
  GThreadPool *pool;
  guint        n_decoded; /* atomic: stored images decoded, not cache hits */
};

G_DEFINE_FINAL_TYPE (SmartcaThumbnailer, smartca_thumbnailer, G_TYPE_OBJECT)

/* The memory cache */

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_clear_object (&entry->pixbuf);
  g_free (entry);
}

/* An image from before schema 3 has no pixel hash: it is known by its
 * file, in memory only (its pixels have no name for the disk cache). */
static char *
make_key (SmartcaSignatureImage *image,
          int                    size)
{
  const char      *pixels_sha256 = smartca_signature_image_get_pixels_sha256 (image);
  g_autofree char *path = NULL;

  if (pixels_sha256 != NULL)
    return g_strdup_printf ("%s-%d", pixels_sha256, size);
  path = g_file_get_path (smartca_signature_image_get_file (image));
  return g_strdup_printf ("file:%s-%d", path, size);
}

static void
memory_remove (SmartcaThumbnailer *self,
               Entry              *entry)
{
  g_queue_delete_link (&self->lru, entry->link);
  self->memory_bytes -= entry->bytes;
  g_hash_table_remove (self->memory, entry->key);
}

static void
memory_insert (SmartcaThumbnailer *self,
               const char         *key,
               GdkPixbuf          *pixbuf)
{
  Entry *entry = g_hash_table_lookup (self->memory, key);

  if (entry != NULL)
    memory_remove (self, entry);

  entry = g_new0 (Entry, 1);
  entry->key = g_strdup (key);
  entry->pixbuf = g_object_ref (pixbuf);
  entry->bytes = gdk_pixbuf_get_byte_length (pixbuf);
  g_queue_push_head (&self->lru, entry);
  entry->link = self->lru.head;
  self->memory_bytes += entry->bytes;
  g_hash_table_insert (self->memory, entry->key, entry);

  while (self->lru.length > 1 &&
         (self->lru.length > SMARTCA_THUMBNAILER_MEMORY_ITEMS ||
          self->memory_bytes > SMARTCA_THUMBNAILER_MEMORY_BYTES))
    memory_remove (self, g_queue_peek_tail (&self->lru));
}

/* Jobs */

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_main_context_unref (job->context);
  g_free (job->key);
  g_free (job->source_path);
  g_free (job->cache_path);
  g_object_unref (job->cancellable);
  g_ptr_array_unref (job->waiters);
  g_clear_object (&job->result);
  g_clear_error (&job->error);
  g_free (job);
}

static void
waiter_free (Waiter *waiter)
{
  g_free (waiter);
}

/* The disk cache holds only what this code wrote; anything else (cut short,
 * damaged, bigger than asked) is ignored and written again. */
static gboolean
has_png_end (GBytes *bytes)
{
  static const guint8 iend[] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
  gsize               length;
  const guint8       *data = g_bytes_get_data (bytes, &length);

  return length > sizeof iend && memcmp (data + length - sizeof iend, iend, sizeof iend) == 0;
}

static GdkPixbuf *
read_cached (const char *path,
             int         size)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GBytes)          bytes = NULL;
  g_autofree char           *contents = NULL;
  gsize                      length;
  GdkPixbuf                 *pixbuf;

  if (path == NULL || !g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!has_png_end (bytes))
    return NULL;

  loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
  if (loader == NULL || !gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) ||
      !gdk_pixbuf_loader_close (loader, NULL))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)) > size)
    return NULL;
  return g_object_ref (pixbuf);
}

/* Scaled while it is decoded (a JPEG loader decodes at a fraction of its
 * size), never up: a small drawing stays as it is. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  int    size = GPOINTER_TO_INT (user_data);
  double scale;

  if (width <= size && height <= size)
    return;
  scale = (double) size / MAX (width, height);
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                              MAX (1, (int) (height * scale + 0.5)));
}

/* Read through the same checks as an import (no FIFO or device, the size
 * bounded): a tampered folder cannot hang a worker. */
static GdkPixbuf *
decode_scaled (const char   *path,
               int           size,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(GFile)           file = g_file_new_for_path (path);
  g_autoptr(GBytes)          bytes = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf                 *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), GINT_TO_POINTER (size));
  bytes = smartca_image_read_file (file, cancellable, error);
  if (bytes == NULL || !gdk_pixbuf_loader_write_bytes (loader, bytes, error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  if (!gdk_pixbuf_loader_close (loader, error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           "The image could not be decoded");
      return NULL;
    }
  return g_object_ref (pixbuf);
}

static void
write_cached (const char *path,
              GdkPixbuf  *pixbuf)
{
  g_autofree char *folder = path != NULL ? g_path_get_dirname (path) : NULL;
  g_autofree char *buffer = NULL;
  gsize            length;

  /* A cache that cannot be written only costs a decode next time. */
  if (path == NULL || g_mkdir_with_parents (folder, 0700) != 0 ||
      !gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", NULL, NULL))
    return;
  g_file_set_contents_full (path, buffer, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

static gboolean job_done_cb (gpointer user_data);

/* In a worker thread */
static void
job_run (gpointer data,
         gpointer pool_data)
{
  Job     *job = data;
  GSource *source;

  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    {
      job->result = read_cached (job->cache_path, job->size);
      if (job->result == NULL)
        {
          g_atomic_int_inc (&job->self->n_decoded);
          job->result = decode_scaled (job->source_path, job->size, job->cancellable, &job->error);
          if (job->result != NULL && !g_atomic_int_get (&job->forgotten))
            write_cached (job->cache_path, job->result);
        }
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, job_done_cb, job, NULL);
  g_source_set_static_name (source, "[smartca] thumbnail ready");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
answer_waiter (GTask     *task,
               GdkPixbuf *pixbuf,
               GError    *error)
{
  Waiter       *waiter = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->job = NULL;
  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, waiter->cancelled_id);
  waiter->cancelled_id = 0;
  if (pixbuf != NULL)
    g_task_return_pointer (task, g_object_ref (pixbuf), g_object_unref);
  else
    g_task_return_error (task, g_error_copy (error));
}

/* Back in the main context */
static gboolean
job_done_cb (gpointer user_data)
{
  Job                *job = user_data;
  SmartcaThumbnailer *self = job->self;

  if (g_hash_table_lookup (self->pending, job->key) == job)
    g_hash_table_steal (self->pending, job->key);
  g_ptr_array_remove_fast (self->running, job);
  /* Forgotten while it was made: it may have been written just before the
   * worker saw the mark, so it is deleted now, and not kept in memory. */
  if (g_atomic_int_get (&job->forgotten))
    {
      if (job->cache_path != NULL)
        g_unlink (job->cache_path);
    }
  else if (job->result != NULL)
    memory_insert (self, job->key, job->result);

  /* An answer may start another request or cancel one: no waiter is added
   * to a job that left the pending table, and cancelled ones are skipped. */
  for (guint i = 0; i < job->waiters->len; i++)
    answer_waiter (g_ptr_array_index (job->waiters, i), job->result, job->error);

  job_free (job);
  return G_SOURCE_REMOVE;
}

/* A waiter's cancellable fired (in whatever thread cancelled it); answered
 * from the main context, never inside the "cancelled" emission. */
static gboolean
waiter_cancelled_idle_cb (gpointer user_data)
{
  GTask  *task = user_data;
  Waiter *waiter = g_task_get_task_data (task);
  Job    *job = waiter->job;

  if (job == NULL || !g_ptr_array_find (job->waiters, task, NULL))
    return G_SOURCE_REMOVE;

  g_object_ref (task);
  g_ptr_array_remove (job->waiters, task);
  waiter->job = NULL;
  g_cancellable_disconnect (g_task_get_cancellable (task), waiter->cancelled_id);
  waiter->cancelled_id = 0;
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  if (job->waiters->len == 0)
    {
      /* Nobody waits: drop the decode, and let a new request start anew. */
      g_cancellable_cancel (job->cancellable);
      if (g_hash_table_lookup (job->self->pending, job->key) == job)
        g_hash_table_steal (job->self->pending, job->key);
    }
  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask   *task = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, waiter_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[smartca] thumbnail cancelled");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* GObject */

static void
smartca_thumbnailer_finalize (GObject *object)
{
  SmartcaThumbnailer *self = SMARTCA_THUMBNAILER (object);

  /* Every job holds a reference: none is left. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_hash_table_unref (self->pending);
  g_ptr_array_unref (self->running);
  g_queue_clear (&self->lru);
  g_hash_table_unref (self->memory);
  g_free (self->cache_dir);

  G_OBJECT_CLASS (smartca_thumbnailer_parent_class)->finalize (object);
}

static void
smartca_thumbnailer_class_init (SmartcaThumbnailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smartca_thumbnailer_finalize;
}

static void
smartca_thumbnailer_init (SmartcaThumbnailer *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->running = g_ptr_array_new ();
  self->pool = g_thread_pool_new (job_run, NULL, SMARTCA_THUMBNAILER_MAX_DECODES, FALSE, NULL);
}

/* Public API */

SmartcaThumbnailer *
smartca_thumbnailer_new (const char *cache_dir)
{
  SmartcaThumbnailer *self;

  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (SMARTCA_TYPE_THUMBNAILER, NULL);
  self->cache_dir = g_strdup (cache_dir);
  return self;
}

/* The one every widget shares, caching under $XDG_CACHE_HOME. */
SmartcaThumbnailer *
smartca_thumbnailer_get_default (void)
{
  static SmartcaThumbnailer *instance;

  if (instance == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), APP_CACHE_FOLDER,
                                               "thumbnails", NULL);
      instance = smartca_thumbnailer_new (dir);
    }
  return instance;
}

const char *
smartca_thumbnailer_get_cache_dir (SmartcaThumbnailer *self)
{
  g_return_val_if_fail (SMARTCA_IS_THUMBNAILER (self), NULL);

  return self->cache_dir;
}

char *
smartca_thumbnailer_dup_cache_path (SmartcaThumbnailer *self,
                                    const char         *pixels_sha256,
                                    int                 size)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.png", pixels_sha256, size);

  g_return_val_if_fail (SMARTCA_IS_THUMBNAILER (self), NULL);

  return g_build_filename (self->cache_dir, name, NULL);
}

/* A thumbnail already in memory, fitting in @size × @size pixels, or NULL;
 * never reads a file. */
GdkPixbuf *
smartca_thumbnailer_lookup (SmartcaThumbnailer    *self,
                            SmartcaSignatureImage *image,
                            int                    size)
{
  g_autofree char *key = NULL;
  Entry           *entry;

  g_return_val_if_fail (SMARTCA_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (image), NULL);

  key = make_key (image, size);
  entry = g_hash_table_lookup (self->memory, key);
  if (entry == NULL)
    return NULL;
  g_queue_unlink (&self->lru, entry->link);
  g_queue_push_head_link (&self->lru, entry->link);
  return g_object_ref (entry->pixbuf);
}

void
smartca_thumbnailer_load_async (SmartcaThumbnailer    *self,
                                SmartcaSignatureImage *image,
                                int                    size,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  g_autoptr(GTask)     task = NULL;
  g_autoptr(GdkPixbuf) cached = NULL;
  g_autofree char     *key = NULL;
  Waiter              *waiter;
  Job                 *job;

  g_return_if_fail (SMARTCA_IS_THUMBNAILER (self));
  g_return_if_fail (SMARTCA_IS_SIGNATURE_IMAGE (image));
  g_return_if_fail (size > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_thumbnailer_load_async);
  g_task_set_name (task, "[smartca] thumbnail");

  if (g_task_return_error_if_cancelled (task))
    return;
  cached = smartca_thumbnailer_lookup (self, image, size);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
      return;
    }

  /* A row whose file name is not a plain name in the images folder has no
   * file: it shows the placeholder, nothing is read. */
  if (!smartca_signature_image_has_file (image))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "The image has no stored file");
      return;
    }

  key = make_key (image, size);
  job = g_hash_table_lookup (self->pending, key);
  if (job == NULL)
    {
      GFile *file = smartca_signature_image_get_file (image);

      job = g_new0 (Job, 1);
      job->self = g_object_ref (self);
      job->context = g_main_context_ref_thread_default ();
      job->key = g_steal_pointer (&key);
      job->source_path = g_file_get_path (file);
      if (smartca_signature_image_get_pixels_sha256 (image) != NULL)
        job->cache_path = smartca_thumbnailer_dup_cache_path (
          self, smartca_signature_image_get_pixels_sha256 (image), size);
      job->size = size;
      job->cancellable = g_cancellable_new ();
      job->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->pending, job->key, job);
      g_ptr_array_add (self->running, job);
      g_thread_pool_push (self->pool, job, NULL);
    }

  waiter = g_new0 (Waiter, 1);
  waiter->job = job;
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);
  g_ptr_array_add (job->waiters, g_object_ref (task));
  if (cancellable != NULL)
    waiter->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb),
                                                  task, NULL);
}

/* Transfer full */
GdkPixbuf *
smartca_thumbnailer_load_finish (SmartcaThumbnailer *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (SMARTCA_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == smartca_thumbnailer_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* How many thumbnails were decoded from stored images (not found in a
 * cache) since this thumbnailer was made. */
guint
smartca_thumbnailer_get_n_decoded (SmartcaThumbnailer *self)
{
  g_return_val_if_fail (SMARTCA_IS_THUMBNAILER (self), 0);

  return (guint) g_atomic_int_get (&self->n_decoded);
}

void
smartca_thumbnailer_clear_memory (SmartcaThumbnailer *self)
{
  g_return_if_fail (SMARTCA_IS_THUMBNAILER (self));

  while (self->lru.length > 0)
    memory_remove (self, g_queue_peek_tail (&self->lru));
}

/**
 * smartca_thumbnailer_forget:
 * @pixels_sha256: (nullable): the pixel hash of an image the user removed
 *
 * Drops that image's thumbnails, of every size, from memory and from the
 * disk cache: a removed signature leaves no copy behind. A thumbnail of
 * it still being made is not written, nor kept.
 */
void
smartca_thumbnailer_forget (SmartcaThumbnailer *self,
                            const char         *pixels_sha256)
{
  g_autofree char *prefix = NULL;
  g_autoptr(GDir)  dir = NULL;
  GList           *link, *next;
  const char      *name;

  g_return_if_fail (SMARTCA_IS_THUMBNAILER (self));

  if (pixels_sha256 == NULL)
    return;
  prefix = g_strconcat (pixels_sha256, "-", NULL);
  for (guint i = 0; i < self->running->len; i++)
    {
      Job *job = g_ptr_array_index (self->running, i);

      if (g_str_has_prefix (job->key, prefix))
        g_atomic_int_set (&job->forgotten, 1);
    }
  for (link = self->lru.head; link != NULL; link = next)
    {
      Entry *entry = link->data;

      next = link->next;
      if (g_str_has_prefix (entry->key, prefix))
        memory_remove (self, entry);
    }

  dir = g_dir_open (self->cache_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *path = g_build_filename (self->cache_dir, name, NULL);

        g_unlink (path);
      }
}
