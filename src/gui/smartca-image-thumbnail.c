/* smartca-image-thumbnail.c: one signature image, small
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder icon until the thumbnailer hands the picture over (off the
 * main thread, at the size shown), or when there is no image. Screen
 * readers hear the image's label.
 */

#include "config.h"

#include "smartca-image-thumbnail.h"
#include "smartca-thumbnailer.h"

#include <glib/gi18n.h>

struct _SmartcaImageThumbnail
{
  GtkWidget parent_instance;

  int                    size;
  SmartcaSignatureImage *image;
  gulong                 label_handler;
  GCancellable          *cancellable;
  GtkWidget             *placeholder;
  GdkTexture            *texture; /* drawn here: a new one is a redraw, never a relayout */
  gboolean               loaded;
};

enum
{
  PROP_0,
  PROP_SIZE,
  PROP_IMAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaImageThumbnail, smartca_image_thumbnail, GTK_TYPE_WIDGET)

static void
show_pixbuf (SmartcaImageThumbnail *self,
             GdkPixbuf             *pixbuf)
{
  if (pixbuf == NULL && self->texture == NULL)
    return;
  g_clear_object (&self->texture);
  if (pixbuf != NULL)
    self->texture = gdk_texture_new_for_pixbuf (pixbuf);
  self->loaded = pixbuf != NULL;
  /* In a grid of 200 tiles a resize per arriving thumbnail would relayout
   * them all: only opacity and drawing change. */
  gtk_widget_set_opacity (self->placeholder, pixbuf != NULL ? 0.0 : 1.0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_label (SmartcaImageThumbnail *self)
{
  const char *label = self->image != NULL ? smartca_signature_image_get_label (self->image) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : _("No signature image"), -1);
}

static void
label_notify_cb (SmartcaImageThumbnail *self)
{
  update_label (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GdkPixbuf)   pixbuf = NULL;
  g_autoptr(GError)      error = NULL;
  SmartcaImageThumbnail *self;

  pixbuf = smartca_thumbnailer_load_finish (SMARTCA_THUMBNAILER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Not cancelled, so the widget is alive (dispose cancels). */
  self = SMARTCA_IMAGE_THUMBNAIL (user_data);
  if (error != NULL)
    g_debug ("No thumbnail: %s", error->message);
  show_pixbuf (self, pixbuf);
}

static void
load (SmartcaImageThumbnail *self)
{
  SmartcaThumbnailer  *thumbnailer = smartca_thumbnailer_get_default ();
  g_autoptr(GdkPixbuf) cached = NULL;
  int                  pixels = self->size * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  show_pixbuf (self, NULL);
  if (self->image == NULL)
    return;

  cached = smartca_thumbnailer_lookup (thumbnailer, self->image, pixels);
  if (cached != NULL)
    {
      show_pixbuf (self, cached);
      return;
    }
  self->cancellable = g_cancellable_new ();
  smartca_thumbnailer_load_async (thumbnailer, self->image, pixels, self->cancellable, loaded_cb,
                                  self);
}

static void
scale_factor_notify_cb (SmartcaImageThumbnail *self)
{
  if (self->image != NULL)
    load (self);
}

/* GObject */

static void
smartca_image_thumbnail_dispose (GObject *object)
{
  SmartcaImageThumbnail *self = SMARTCA_IMAGE_THUMBNAIL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->label_handler, self->image);
  g_clear_object (&self->image);
  g_clear_pointer (&self->placeholder, gtk_widget_unparent);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (smartca_image_thumbnail_parent_class)->dispose (object);
}

static void
smartca_image_thumbnail_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SmartcaImageThumbnail *self = SMARTCA_IMAGE_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_image_thumbnail_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SmartcaImageThumbnail *self = SMARTCA_IMAGE_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_SIZE:
      self->size = g_value_get_int (value);
      gtk_image_set_pixel_size (GTK_IMAGE (self->placeholder), MIN (self->size / 2, 64));
      gtk_widget_set_size_request (self->placeholder, self->size, self->size);
      break;
    case PROP_IMAGE:
      smartca_image_thumbnail_set_image (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The picture, whole and centred, as large as the widget allows */
static void
smartca_image_thumbnail_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  SmartcaImageThumbnail *self = SMARTCA_IMAGE_THUMBNAIL (widget);

  if (self->texture != NULL)
    {
      double width = gtk_widget_get_width (widget);
      double height = gtk_widget_get_height (widget);
      double texture_width = gdk_texture_get_width (self->texture);
      double texture_height = gdk_texture_get_height (self->texture);
      double scale = MIN (width / texture_width, height / texture_height);
      double shown_width = texture_width * scale, shown_height = texture_height * scale;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) ((width - shown_width) / 2),
                                                              (float) ((height - shown_height) / 2)));
      gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, shown_width, shown_height);
      gtk_snapshot_restore (snapshot);
    }
  GTK_WIDGET_CLASS (smartca_image_thumbnail_parent_class)->snapshot (widget, snapshot);
}

static void
smartca_image_thumbnail_class_init (SmartcaImageThumbnailClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_image_thumbnail_dispose;
  object_class->get_property = smartca_image_thumbnail_get_property;
  object_class->set_property = smartca_image_thumbnail_set_property;
  widget_class->snapshot = smartca_image_thumbnail_snapshot;

  properties[PROP_SIZE] =
    g_param_spec_int ("size", NULL, NULL, 16, 1024, 96,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, SMARTCA_TYPE_SIGNATURE_IMAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagethumbnail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
smartca_image_thumbnail_init (SmartcaImageThumbnail *self)
{
  self->size = 96;
  self->placeholder = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->placeholder),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_parent (self->placeholder, GTK_WIDGET (self));

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_notify_cb), NULL);
  update_label (self);
}

/* Public API */

GtkWidget *
smartca_image_thumbnail_new (int size)
{
  return g_object_new (SMARTCA_TYPE_IMAGE_THUMBNAIL, "size", size, NULL);
}

void
smartca_image_thumbnail_set_image (SmartcaImageThumbnail *self,
                                   SmartcaSignatureImage *image)
{
  g_return_if_fail (SMARTCA_IS_IMAGE_THUMBNAIL (self));
  g_return_if_fail (image == NULL || SMARTCA_IS_SIGNATURE_IMAGE (image));

  if (self->image == image)
    return;

  g_clear_signal_handler (&self->label_handler, self->image);
  g_set_object (&self->image, image);
  if (image != NULL)
    self->label_handler = g_signal_connect_swapped (image, "notify::label",
                                                    G_CALLBACK (label_notify_cb), self);
  update_label (self);
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

SmartcaSignatureImage *
smartca_image_thumbnail_get_image (SmartcaImageThumbnail *self)
{
  g_return_val_if_fail (SMARTCA_IS_IMAGE_THUMBNAIL (self), NULL);

  return self->image;
}

int
smartca_image_thumbnail_get_size (SmartcaImageThumbnail *self)
{
  g_return_val_if_fail (SMARTCA_IS_IMAGE_THUMBNAIL (self), 0);

  return self->size;
}

/* Whether the picture is shown (not the placeholder) */
gboolean
smartca_image_thumbnail_get_loaded (SmartcaImageThumbnail *self)
{
  g_return_val_if_fail (SMARTCA_IS_IMAGE_THUMBNAIL (self), FALSE);

  return self->loaded;
}
