/* smartca-test-image.c: pictures made in the test, and snapshots of
 * folders to prove a refusal changed nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-test-image.h"
#include "smartca-test-pki.h"

#include <string.h>

/* An opaque or translucent picture with a pattern that @seed changes. */
GdkPixbuf *
smartca_test_image_pixbuf (int      width,
                           int      height,
                           gboolean alpha,
                           guint    seed)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width,
                                      height);
  int        channels = gdk_pixbuf_get_n_channels (pixbuf);
  int        rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8    *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * rowstride + x * channels;

        p[0] = (guint8) (x * 7 + seed);
        p[1] = (guint8) (y * 13);
        p[2] = (guint8) ((x + y) * 3);
        if (alpha)
          p[3] = (guint8) ((x * 11 + y * 5) % 256);
      }
  return pixbuf;
}

GBytes *
smartca_test_image_encode (GdkPixbuf  *pixbuf,
                           const char *type,
                           ...)
{
  g_autoptr(GError) error = NULL;
  char             *buffer = NULL;
  gsize             length = 0;
  const char       *keys[3] = { NULL };
  const char       *values[3] = { NULL };
  const char       *key;
  va_list           args;
  int               n = 0;

  va_start (args, type);
  while (n < 2 && (key = va_arg (args, const char *)) != NULL)
    {
      keys[n] = key;
      values[n] = va_arg (args, const char *);
      n++;
    }
  va_end (args);

  g_assert_true (gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &length, type,
                                             (char **) keys, (char **) values,
                                             &error));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

GdkPixbuf *
smartca_test_image_decode_png (GBytes *png)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png",
                                                                       NULL);
  g_autoptr(GError)          error = NULL;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* A white 64×32 JPEG with a red 16×16 block in its top-left corner, with an
 * Exif segment saying "rotate 90° clockwise to show" (Orientation = 6). */
GBytes *
smartca_test_image_rotated_jpeg (void)
{
  static const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,   /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0, 0, /* Exif header */
    'M', 'M', 0x00, 0x2a,     /* TIFF, big endian */
    0x00, 0x00, 0x00, 0x08,   /* first IFD at 8 */
    0x00, 0x01,               /* one entry */
    0x01, 0x12, 0x00, 0x03,   /* Orientation, SHORT */
    0x00, 0x00, 0x00, 0x01,   /* count 1 */
    0x00, 0x06, 0x00, 0x00,   /* value 6 */
    0x00, 0x00, 0x00, 0x00,   /* no next IFD */
  };
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                64, 32);
  g_autoptr(GdkPixbuf) red = gdk_pixbuf_new_subpixbuf (source, 0, 0, 16, 16);
  g_autoptr(GBytes)    jpeg = NULL;
  GByteArray          *spliced;
  gsize                length;
  const guint8        *data;

  gdk_pixbuf_fill (source, 0xffffffff);
  gdk_pixbuf_fill (red, 0xff0000ff);
  jpeg = smartca_test_image_encode (source, "jpeg", "quality", "95", NULL);
  data = g_bytes_get_data (jpeg, &length);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);

  spliced = g_byte_array_new ();
  g_byte_array_append (spliced, data, 2);
  g_byte_array_append (spliced, app1, sizeof app1);
  g_byte_array_append (spliced, data + 2, length - 2);
  return g_byte_array_free_to_bytes (spliced);
}

static void
assert_red_at (GdkPixbuf *pixbuf,
               int        x,
               int        y,
               gboolean   red)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_cmpuint (p[0], >, 200);
  if (red)
    g_assert_cmpuint (p[1], <, 60);
  else
    g_assert_cmpuint (p[1], >, 200);
}

/* @stored, made from smartca_test_image_rotated_jpeg(), is upright: 32×64,
 * the red block of the top-left corner now in the top-right one. */
void
smartca_test_image_assert_upright (GdkPixbuf *stored)
{
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 32);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 64);
  assert_red_at (stored, 28, 4, TRUE);
  assert_red_at (stored, 4, 4, FALSE);
  assert_red_at (stored, 28, 60, FALSE);
}

static guint32
crc32 (const guint8 *data,
       gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

static void
put_be32 (guint8 *p,
          guint32 value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

/* A PNG signature, a valid IHDR claiming @width×@height RGBA, and an IDAT
 * chunk of garbage: libpng reports the size when the IDAT starts, and there
 * is nothing to decode after, so only the header can refuse it. */
GBytes *
smartca_test_image_png_header (guint32 width,
                               guint32 height)
{
  guint8 data[8 + 25 + 12 + 64];

  memcpy (data, "\x89PNG\r\n\x1a\n", 8);
  put_be32 (data + 8, 13);
  memcpy (data + 12, "IHDR", 4);
  put_be32 (data + 16, width);
  put_be32 (data + 20, height);
  data[24] = 8; /* bit depth */
  data[25] = 6; /* RGBA */
  data[26] = data[27] = data[28] = 0;
  put_be32 (data + 29, crc32 (data + 12, 17));
  put_be32 (data + 33, 64);
  memcpy (data + 37, "IDAT", 4);
  memset (data + 41, 0x5a, 64);
  put_be32 (data + 105, crc32 (data + 37, 68));
  return g_bytes_new (data, sizeof data);
}

gboolean
smartca_test_image_have_format (const char *name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (l->data);

      if (g_strcmp0 (format_name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
snapshot_into (GHashTable *snapshot,
               const char *root,
               const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir)  dir = g_dir_open (path, 0, NULL);
  const char      *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *child_path = g_build_filename (root, child, NULL);
      char            *contents = NULL;
      gsize            length = 0;

      /* SQLite's shared memory changes as it reads: it is not the data. */
      if (g_str_has_suffix (name, "-shm"))
        continue;
      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          g_hash_table_insert (snapshot, g_strconcat (child, "/", NULL), g_bytes_new (NULL, 0));
          snapshot_into (snapshot, root, child);
          continue;
        }
      g_assert_true (g_file_get_contents (child_path, &contents, &length, NULL));
      g_hash_table_insert (snapshot, g_steal_pointer (&child), g_bytes_new_take (contents, length));
    }
}

/**
 * smartca_test_snapshot_tree:
 *
 * Returns: (transfer full): every file and folder under @dir, as its path
 *   relative to @dir ("folder/" for a folder) → its bytes
 */
GHashTable *
smartca_test_snapshot_tree (const char *dir)
{
  GHashTable *snapshot = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_bytes_unref);

  snapshot_into (snapshot, dir, "");
  return snapshot;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static char *
dup_sorted_names (GHashTable *snapshot)
{
  g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (snapshot, NULL);

  g_qsort_with_data (names, g_hash_table_size (snapshot), sizeof (char *), compare_names, NULL);
  return g_strjoinv (" ", (char **) names);
}

/* The same files and folders, each with the same bytes. */
void
smartca_test_assert_same_tree (GHashTable *before,
                               GHashTable *after)
{
  g_autofree char *names_before = dup_sorted_names (before);
  g_autofree char *names_after = dup_sorted_names (after);
  GHashTableIter   iter;
  gpointer         key;
  gpointer         value;

  g_assert_cmpstr (names_after, ==, names_before);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_bytes_equal (value, g_hash_table_lookup (after, key)))
        g_error ("%s changed", (const char *) key);
    }
}

/* Closes @store and removes its files and its images folder. */
void
smartca_test_remove_store_and_images (SmartcaStore **store,
                                      const char    *path)
{
  g_autofree char *images = g_strdup (smartca_store_get_images_dir (*store));

  g_clear_object (store);
  smartca_test_remove_store_files (path);
  smartca_test_remove_tree (images);
}
