/* smartca-image-grid.c: the user's signature images as a grid of
 * thumbnails, shared by the images window and the picker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkGridView over the store's images: it makes the tiles of one
 * screenful and rebinds them while scrolling, so 200 images cost a few
 * dozen widgets; the thumbnails load off the main thread. The picker puts
 * one more tile first, "Use the default image", so a certificate can go
 * back to the fallback.
 */

#include "config.h"

#include "smartca-image-add.h"
#include "smartca-image-grid.h"
#include "smartca-image-thumbnail.h"

#include <glib/gi18n.h>

struct _SmartcaImageGrid
{
  GtkWidget parent_instance;

  SmartcaStore       *store;
  GObject            *default_choice; /* the item standing for "the default image", or NULL */
  GListStore         *choice_model;
  GListModel         *all;   /* the choice, then the images */
  GtkSliceListModel  *slice; /* what the view has so far; G_MAXUINT once it has all */
  GtkSingleSelection *selection;
  guint               populate_tick;
  GtkWidget          *scrolled;
  GtkGridView        *view;
  gulong              default_handler;
};

enum
{
  SELECTION_CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmartcaImageGrid, smartca_image_grid, GTK_TYPE_WIDGET)

/* Tiles built per frame while the grid fills up */
#define TILES_PER_FRAME 8

/* Tiles */

typedef struct
{
  SmartcaImageThumbnail *thumbnail;
  GtkLabel              *label;
  GtkWidget             *badge;
  GBinding              *label_binding;
  GBinding              *badge_binding;
  GBinding              *tooltip_binding;
} Tile;

static void
tile_free (Tile *tile)
{
  g_free (tile);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SmartcaImageGrid         *self)
{
  Tile      *tile = g_new0 (Tile, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *overlay = gtk_overlay_new ();

  gtk_widget_add_css_class (box, "image-tile");
  tile->thumbnail =
    SMARTCA_IMAGE_THUMBNAIL (smartca_image_thumbnail_new (SMARTCA_IMAGE_GRID_THUMBNAIL_SIZE));
  gtk_widget_add_css_class (GTK_WIDGET (tile->thumbnail), "image-tile-picture");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (tile->thumbnail));

  /* Translators: a badge on the user's default signature image */
  tile->badge = gtk_label_new (C_("signature image", "Default"));
  gtk_widget_add_css_class (tile->badge, "default-badge");
  gtk_widget_set_halign (tile->badge, GTK_ALIGN_END);
  gtk_widget_set_valign (tile->badge, GTK_ALIGN_START);
  gtk_widget_set_margin_top (tile->badge, 4);
  gtk_widget_set_margin_end (tile->badge, 4);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), tile->badge);
  gtk_box_append (GTK_BOX (box), overlay);

  /* Text from the user: never markup, one line. */
  tile->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_use_markup (tile->label, FALSE);
  gtk_label_set_ellipsize (tile->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (tile->label, 14);
  gtk_label_set_width_chars (tile->label, 14);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile->label));

  g_object_set_data_full (G_OBJECT (item), "tile", tile, (GDestroyNotify) tile_free);
  g_object_set_data (G_OBJECT (box), "list-item", item);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         SmartcaImageGrid         *self)
{
  Tile    *tile = g_object_get_data (G_OBJECT (item), "tile");
  GObject *object = gtk_list_item_get_item (item);

  if (SMARTCA_IS_SIGNATURE_IMAGE (object))
    {
      SmartcaSignatureImage *image = SMARTCA_SIGNATURE_IMAGE (object);

      smartca_image_thumbnail_set_image (tile->thumbnail, image);
      tile->label_binding =
        g_object_bind_property (image, "label", tile->label, "label", G_BINDING_SYNC_CREATE);
      tile->badge_binding =
        g_object_bind_property (image, "is-default", tile->badge, "visible", G_BINDING_SYNC_CREATE);
      /* The whole label, when the tile shows it cut short */
      tile->tooltip_binding =
        g_object_bind_property (image, "label", gtk_widget_get_parent (GTK_WIDGET (tile->label)),
                                "tooltip-text", G_BINDING_SYNC_CREATE);
    }
  else
    {
      SmartcaSignatureImage *fallback = smartca_store_get_default_image (self->store);

      /* What "the default" is today: its picture, or the placeholder. */
      smartca_image_thumbnail_set_image (tile->thumbnail, fallback);
      gtk_label_set_label (tile->label, _("Default image"));
      gtk_widget_set_visible (tile->badge, FALSE);
      gtk_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (tile->label)),
                                   fallback != NULL ? _("Use the default image")
                                                    : _("Use the default image (there is none yet)"));
    }
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SmartcaImageGrid         *self)
{
  Tile *tile = g_object_get_data (G_OBJECT (item), "tile");

  g_clear_pointer (&tile->label_binding, g_binding_unbind);
  g_clear_pointer (&tile->badge_binding, g_binding_unbind);
  g_clear_pointer (&tile->tooltip_binding, g_binding_unbind);
  smartca_image_thumbnail_set_image (tile->thumbnail, NULL);
}

/* Callbacks */

static void
selection_changed_cb (SmartcaImageGrid *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
activate_cb (SmartcaImageGrid *self,
             guint             position)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* GTK 4.8's grid view keeps a tile alive for each of max-columns × 30
 * items: with 200 images, every tile would be built, bound and measured in
 * the frame that shows the window. So the window's first frame comes
 * without tiles, and the view is handed a few more items each frame. */
static void
grow_to (SmartcaImageGrid *self,
         guint             size)
{
  if (gtk_slice_list_model_get_size (self->slice) < size)
    gtk_slice_list_model_set_size (self->slice, size);
}

static gboolean
populate_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  SmartcaImageGrid *self = SMARTCA_IMAGE_GRID (widget);
  guint             size = gtk_slice_list_model_get_size (self->slice);

  if (gtk_grid_view_get_model (self->view) == NULL)
    {
      gtk_grid_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
      return G_SOURCE_CONTINUE;
    }
  if (size >= g_list_model_get_n_items (self->all))
    {
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
      self->populate_tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->slice, size + TILES_PER_FRAME);
  return G_SOURCE_CONTINUE;
}

static void
map_cb (SmartcaImageGrid *self)
{
  if (self->populate_tick == 0 && gtk_slice_list_model_get_size (self->slice) != G_MAXUINT)
    self->populate_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), populate_tick_cb, NULL,
                                                        NULL);
}

/* The default choice's tile shows the default image: rebind it. */
static void
default_image_notify_cb (SmartcaImageGrid *self)
{
  if (self->default_choice != NULL)
    g_list_model_items_changed (G_LIST_MODEL (self->choice_model), 0, 1, 1);
}

/* GObject */

static void
smartca_image_grid_dispose (GObject *object)
{
  SmartcaImageGrid *self = SMARTCA_IMAGE_GRID (object);

  g_clear_signal_handler (&self->default_handler, self->store);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->all);
  g_clear_object (&self->choice_model);
  g_clear_object (&self->default_choice);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (smartca_image_grid_parent_class)->dispose (object);
}

static void
smartca_image_grid_class_init (SmartcaImageGridClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_image_grid_dispose;

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagegrid");
}

static void
smartca_image_grid_init (SmartcaImageGrid *self)
{
}

/* Public API */

GtkWidget *
smartca_image_grid_new (SmartcaStore *store,
                        gboolean      with_default_choice)
{
  SmartcaImageGrid     *self;
  g_autoptr(GListStore) parts = NULL;
  GtkListItemFactory   *factory;

  g_return_val_if_fail (SMARTCA_IS_STORE (store), NULL);

  self = g_object_new (SMARTCA_TYPE_IMAGE_GRID, "name", "image_grid", "vexpand", TRUE, "hexpand",
                       TRUE, NULL);
  self->store = g_object_ref (store);
  self->choice_model = g_list_store_new (G_TYPE_OBJECT);
  if (with_default_choice)
    {
      self->default_choice = g_object_new (G_TYPE_OBJECT, NULL);
      g_list_store_append (self->choice_model, self->default_choice);
      self->default_handler = g_signal_connect_swapped (
        store, "notify::default-image", G_CALLBACK (default_image_notify_cb), self);
    }

  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->choice_model);
  g_list_store_append (parts, smartca_store_get_images (store));
  self->all = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
  self->slice = gtk_slice_list_model_new (g_object_ref (self->all), 0, TILES_PER_FRAME);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->slice));
  /* The list's own window keeps a neighbour selected when one goes; the
   * picker starts on the certificate's choice. */
  gtk_single_selection_set_autoselect (self->selection, !with_default_choice);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                            self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);

  self->view = GTK_GRID_VIEW (gtk_grid_view_new (NULL, factory));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_grid_view_set_min_columns (self->view, 2);
  gtk_grid_view_set_max_columns (self->view, 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "image-grid");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signature images"), -1);
  g_signal_connect_swapped (self->view, "activate", G_CALLBACK (activate_cb), self);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  return GTK_WIDGET (self);
}

GtkGridView *
smartca_image_grid_get_view (SmartcaImageGrid *self)
{
  g_return_val_if_fail (SMARTCA_IS_IMAGE_GRID (self), NULL);

  return self->view;
}

guint
smartca_image_grid_get_n_items (SmartcaImageGrid *self)
{
  g_return_val_if_fail (SMARTCA_IS_IMAGE_GRID (self), 0);

  return g_list_model_get_n_items (self->all);
}

/* The selected image; NULL when the default choice or nothing is selected */
SmartcaSignatureImage *
smartca_image_grid_get_selected_image (SmartcaImageGrid *self)
{
  gpointer item;

  g_return_val_if_fail (SMARTCA_IS_IMAGE_GRID (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);
  return SMARTCA_IS_SIGNATURE_IMAGE (item) ? item : NULL;
}

gboolean
smartca_image_grid_get_default_choice_selected (SmartcaImageGrid *self)
{
  g_return_val_if_fail (SMARTCA_IS_IMAGE_GRID (self), FALSE);

  return self->default_choice != NULL &&
         gtk_single_selection_get_selected_item (self->selection) == (gpointer) self->default_choice;
}

/* Selects @image, or the default choice when @image is NULL. */
void
smartca_image_grid_select_image (SmartcaImageGrid      *self,
                                 SmartcaSignatureImage *image)
{
  GListModel *model;
  guint       n;

  g_return_if_fail (SMARTCA_IS_IMAGE_GRID (self));

  model = self->all;
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if ((image != NULL && item == G_OBJECT (image)) ||
          (image == NULL && item == self->default_choice))
        {
          grow_to (self, i + 1);
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/* GTK 4.8 has no gtk_grid_view_scroll_to (): the tile of @position, once
 * the view made it, takes the keyboard itself. */
static gboolean
focus_position (SmartcaImageGrid *self,
                guint             position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget   *tile = gtk_widget_get_first_child (child);
      GtkListItem *item = tile != NULL ? g_object_get_data (G_OBJECT (tile), "list-item") : NULL;

      if (item != NULL && gtk_list_item_get_position (item) == position &&
          gtk_widget_get_mapped (child))
        return gtk_widget_grab_focus (child);
    }
  return FALSE;
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  SmartcaImageGrid *self = SMARTCA_IMAGE_GRID (widget);
  guint             frames = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "focus-frames"));
  guint             position = gtk_single_selection_get_selected (self->selection);

  g_object_set_data (G_OBJECT (self), "focus-frames", GUINT_TO_POINTER (frames + 1));
  if (position == GTK_INVALID_LIST_POSITION || focus_position (self, position) || frames >= 5)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

/* Scrolls to the selected tile and gives it the keyboard. */
void
smartca_image_grid_focus_selected (SmartcaImageGrid *self)
{
  guint position;

  g_return_if_fail (SMARTCA_IS_IMAGE_GRID (self));

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", position);
  if (!focus_position (self, position))
    {
      g_object_set_data (G_OBJECT (self), "focus-frames", GUINT_TO_POINTER (0));
      gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);
    }
}

/* An image the user added: selected, with the keyboard on it. The flows
 * stop without calling back once the grid's window is gone. */
static void
added_cb (SmartcaSignatureImage *image,
          gpointer               user_data)
{
  SmartcaImageGrid *self = user_data;

  if (image == NULL)
    return;
  smartca_image_grid_select_image (self, image);
  smartca_image_grid_focus_selected (self);
}

/* Runs one of the add flows for the grid's window. */
void
smartca_image_grid_add (SmartcaImageGrid   *self,
                        SmartcaImageGridAdd how)
{
  GtkWindow *parent;

  g_return_if_fail (SMARTCA_IS_IMAGE_GRID (self));

  parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  switch (how)
    {
    case SMARTCA_IMAGE_GRID_ADD_FILE:
      smartca_image_add_from_file (parent, self->store, added_cb, self);
      break;
    case SMARTCA_IMAGE_GRID_ADD_DRAWING:
      smartca_image_draw (parent, self->store, added_cb, self);
      break;
    case SMARTCA_IMAGE_GRID_ADD_PASTE:
      smartca_image_add_from_clipboard (parent, self->store, added_cb, self);
      break;
    default:
      g_return_if_reached ();
    }
}

/* Files and images dropped on @widget (the grid's window) are added. */
void
smartca_image_grid_add_drop_target (SmartcaImageGrid *self,
                                    GtkWidget        *widget)
{
  g_return_if_fail (SMARTCA_IS_IMAGE_GRID (self));
  g_return_if_fail (GTK_IS_WINDOW (widget));

  smartca_image_add_drop_target (widget, GTK_WINDOW (widget), self->store, added_cb, self);
}
