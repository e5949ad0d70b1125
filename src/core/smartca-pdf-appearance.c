/* smartca-pdf-appearance.c: what a visible signature shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The box is drawn in points (cairo scaled to the raster), with Pango's
 * resolution at 72 dpi and hinting off, so that the layout is the same at
 * every scale and on every screen: what the preview shows is what the
 * document gets.
 */

#include "config.h"

#include "smartca-pdf-appearance.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "smartca-text.h"

/* A raster larger than this is drawn at a lower scale (a whole A4 page at
 * SMARTCA_PDF_APPEARANCE_SCALE is about 8 million pixels) */
#define MAX_PIXELS (8 * 1024 * 1024)
/* Cairo's limit for a side */
#define MAX_SIDE_PIXELS 32767.0

#define FONT_FAMILY "Sans"
#define MAX_FONT_SIZE 12.0 /* points: a stamp, not a heading */
#define MIN_FONT_SIZE 4.0  /* points: still legible printed */
/* A size that fits without wrapping wins unless wrapping allows this much
 * larger a font */
#define WRAP_GAIN 1.25
#define LINE_SPACING 1.1

/* The text's colour: dark blue, as Vietnamese signatures are written */
#define TEXT_RED (13.0 / 255.0)
#define TEXT_GREEN (43.0 / 255.0)
#define TEXT_BLUE (122.0 / 255.0)

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} Area;

/* The appearance raster */

void
smartca_pdf_image_free (SmartcaPdfImage *image)
{
  if (image == NULL)
    return;
  g_clear_pointer (&image->rgb, g_bytes_unref);
  g_clear_pointer (&image->alpha, g_bytes_unref);
  g_free (image);
}

/* Cairo's premultiplied ARGB, to the colour the PDF wants beside its own
 * alpha channel */
static SmartcaPdfImage *
image_from_surface (cairo_surface_t *surface)
{
  SmartcaPdfImage *image = g_new0 (SmartcaPdfImage, 1);
  int              width = cairo_image_surface_get_width (surface);
  int              height = cairo_image_surface_get_height (surface);
  int              stride = cairo_image_surface_get_stride (surface);
  const guint8    *data;
  guint8          *rgb = g_malloc ((gsize) width * height * 3);
  guint8          *alpha = g_malloc ((gsize) width * height);
  gboolean         opaque = TRUE;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 pixel = row[x];
          guint   a = pixel >> 24;
          gsize   i = (gsize) y * width + x;
          guint   channels[3] = { (pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff };

          for (guint c = 0; c < 3; c++)
            rgb[i * 3 + c] = a == 0 ? 0 : MIN (255, (channels[c] * 255 + a / 2) / a);
          alpha[i] = a;
          opaque = opaque && a == 255;
        }
    }

  image->width = width;
  image->height = height;
  image->rgb = g_bytes_new_take (rgb, (gsize) width * height * 3);
  if (opaque)
    g_free (alpha);
  else
    image->alpha = g_bytes_new_take (alpha, (gsize) width * height);
  return image;
}

/* The signature image as a cairo surface (premultiplied); GdkPixbuf
 * without GDK */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int              width = gdk_pixbuf_get_width (pixbuf);
  int              height = gdk_pixbuf_get_height (pixbuf);
  int              n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int              pixbuf_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8    *pixels = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface;
  guint8          *data;
  int              stride;

  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || (n_channels != 3 && n_channels != 4) ||
      width <= 0 || height <= 0)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    {
      const guint8 *in = pixels + (gsize) y * pixbuf_stride;
      guint32      *out = (guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++, in += n_channels)
        {
          guint a = n_channels == 4 ? in[3] : 255;
          guint r = (in[0] * a + 127) / 255;
          guint g = (in[1] * a + 127) / 255;
          guint b = (in[2] * a + 127) / 255;

          out[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Vietnam time */

/**
 * smartca_pdf_format_vietnam_time:
 *
 * Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed
 * offset is exact for every document signed today, whatever zone the
 * computer is in.
 *
 * Returns: (transfer full): "dd/MM/yyyy HH:mm:ss"; "" for a time GLib
 *   cannot represent
 */
char *
smartca_pdf_format_vietnam_time (gint64 unix_time)
{
  g_autoptr(GTimeZone) vietnam = g_time_zone_new_offset (7 * 60 * 60);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, vietnam);
  if (local == NULL)
    return g_strdup ("");
  return g_date_time_format (local, "%d/%m/%Y %H:%M:%S");
}

/* The text */

typedef struct
{
  char *text;
  guint name_start; /* the signer's name, drawn in bold */
  guint name_end;
  guint date_start; /* the "Ký ngày" line, never wrapped */
  guint date_end;
} Lines;

static void
lines_clear (Lines *lines)
{
  g_clear_pointer (&lines->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lines, lines_clear)

/* Text from the certificate or the user: on one line, nothing reordered,
 * no surrounding blanks; NULL when nothing is left */
static char *
clean_value (const char *value)
{
  char *clean = g_strstrip (smartca_format_clean (value));

  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

static void
build_lines (const SmartcaPdfAppearanceSpec *spec,
             Lines                          *lines)
{
  g_autofree char *name = clean_value (spec->signer_name);
  g_autofree char *when = smartca_pdf_format_vietnam_time (spec->signing_time);
  g_autofree char *reason = clean_value (spec->reason);
  g_autofree char *location = clean_value (spec->location);
  GString         *text = g_string_new ("Ký bởi: ");

  lines->name_start = text->len;
  g_string_append (text, name != NULL ? name : "");
  lines->name_end = text->len;
  g_string_append_c (text, '\n');
  lines->date_start = text->len;
  g_string_append_printf (text, "Ký ngày: %s", when);
  lines->date_end = text->len;
  if (reason != NULL)
    g_string_append_printf (text, "\nLý do: %s", reason);
  if (location != NULL)
    g_string_append_printf (text, "\nNơi ký: %s", location);
  lines->text = g_string_free (text, FALSE);
}

/**
 * smartca_pdf_appearance_text:
 *
 * Returns: (transfer full): the lines the appearance draws, joined by "\n"
 */
char *
smartca_pdf_appearance_text (const SmartcaPdfAppearanceSpec *spec)
{
  g_auto(Lines) lines = { NULL };

  g_return_val_if_fail (spec != NULL, NULL);

  build_lines (spec, &lines);
  return g_steal_pointer (&lines.text);
}

/* Laying the text out */

/* The extents that must fit: the logical box and the ink (Vietnamese
 * stacks marks above capitals, beyond the logical top) */
static void
get_text_box (PangoLayout    *layout,
              PangoRectangle *box)
{
  PangoRectangle ink;
  PangoRectangle logical;

  pango_layout_get_extents (layout, &ink, &logical);
  *box = logical;
  if (ink.width > 0 && ink.height > 0)
    {
      int x1 = MAX (ink.x + ink.width, logical.x + logical.width);
      int y1 = MAX (ink.y + ink.height, logical.y + logical.height);

      box->x = MIN (ink.x, logical.x);
      box->y = MIN (ink.y, logical.y);
      box->width = x1 - box->x;
      box->height = y1 - box->y;
    }
}

static void
set_font_size (PangoLayout *layout,
               double       size)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
}

typedef struct
{
  PangoLayout *layout;
  PangoLayout *date; /* the time's line alone, unwrapped */
  Area         area;
  int          n_paragraphs;
  gboolean     one_line_each; /* no paragraph wraps */
} Fit;

/* Whether the text fits at @size. The time's line must fit on one line,
 * whole: what is left to wrap or ellipsize is the name, reason and
 * location. */
static gboolean
fits (Fit   *fit,
      double size)
{
  PangoRectangle box;
  int            date_width;

  set_font_size (fit->layout, size);
  set_font_size (fit->date, size);
  pango_layout_get_size (fit->date, &date_width, NULL);
  if (date_width > fit->area.width * PANGO_SCALE)
    return FALSE;
  if (fit->one_line_each && pango_layout_get_line_count (fit->layout) > fit->n_paragraphs)
    return FALSE;
  get_text_box (fit->layout, &box);
  return box.width <= fit->area.width * PANGO_SCALE && box.height <= fit->area.height * PANGO_SCALE;
}

/* The largest size in [MIN_FONT_SIZE, @max_size] that fits, or 0 */
static double
largest_fitting_size (Fit   *fit,
                      double max_size)
{
  double low = MIN_FONT_SIZE;
  double high = max_size;

  if (!fits (fit, low))
    return 0;
  if (fits (fit, high))
    return high;
  for (int i = 0; i < 12; i++)
    {
      double middle = (low + high) / 2;

      if (fits (fit, middle))
        low = middle;
      else
        high = middle;
    }
  return low;
}

static int
count_paragraphs (const char *text)
{
  int n = 1;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* Shrinks the font to fit @area, wrapping a long name, reason or location
 * at words when that keeps the text notably larger. When even the smallest
 * size does not fit, a paragraph gets at most three lines, then two, then
 * one, ellipsized. In a box too narrow for the time at the smallest size,
 * the time wraps too, and the lines that do not fit are left out from the
 * end (location, then reason): the signer and the time stay. */
static void
fit_layout (PangoLayout *layout,
            Lines       *lines,
            const Area  *area)
{
  Fit    fit = { layout, pango_layout_new (pango_layout_get_context (layout)), *area,
                 count_paragraphs (lines->text), TRUE };
  double max_size = MIN (MAX_FONT_SIZE, area->height / (fit.n_paragraphs * LINE_SPACING));
  double size_one_line;
  double size_wrapped;
  double size = 0;

  max_size = MAX (max_size, MIN_FONT_SIZE);
  pango_layout_set_text (fit.date, lines->text + lines->date_start,
                         (int) (lines->date_end - lines->date_start));
  pango_layout_set_width (layout, (int) MIN (area->width * PANGO_SCALE, G_MAXINT / 2));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

  size_one_line = largest_fitting_size (&fit, max_size);
  fit.one_line_each = FALSE;
  size_wrapped = largest_fitting_size (&fit, max_size);
  if (size_one_line > 0 && size_one_line * WRAP_GAIN >= size_wrapped)
    size = size_one_line;
  else
    size = size_wrapped;

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  for (int max_lines = 3; size == 0 && max_lines >= 1; max_lines--)
    {
      pango_layout_set_height (layout, -max_lines);
      size = largest_fitting_size (&fit, max_size);
    }
  if (size == 0)
    {
      /* Even the time does not fit on one line at the smallest size: it
       * wraps like the rest, and the lines that do not fit are left out */
      size = MIN_FONT_SIZE;
      set_font_size (layout, size);
      pango_layout_set_height (layout, -3);
      while (fit.n_paragraphs > 2)
        {
          PangoRectangle box;

          get_text_box (layout, &box);
          if (box.height <= area->height * PANGO_SCALE)
            break;
          *strrchr (lines->text, '\n') = '\0';
          fit.n_paragraphs--;
          pango_layout_set_text (layout, lines->text, -1);
        }
    }
  set_font_size (layout, size);
  g_object_unref (fit.date);
}

/* The layout of the lines, fitted to @area */
static PangoLayout *
make_layout (cairo_t                        *cr,
             const SmartcaPdfAppearanceSpec *spec,
             const Area                     *area,
             PangoAlignment                  alignment)
{
  PangoContext            *context = pango_cairo_create_context (cr);
  PangoLayout             *layout = pango_layout_new (context);
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();
  cairo_font_options_t    *options = cairo_font_options_create ();
  PangoAttribute          *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  g_auto(Lines)            lines = { NULL };

  /* The same layout at every scale */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);
  g_object_unref (context); /* the layout holds it */

  build_lines (spec, &lines);
  /* Text, never markup */
  pango_layout_set_text (layout, lines.text, -1);
  bold->start_index = lines.name_start;
  bold->end_index = lines.name_end;
  pango_attr_list_insert (attributes, bold);
  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_alignment (layout, alignment);
  fit_layout (layout, &lines, area);
  return layout;
}

/* Drawing */

static void
draw_image (cairo_t    *cr,
            GdkPixbuf  *pixbuf,
            const Area *area)
{
  g_autoptr(GdkPixbuf) scaled = NULL;
  cairo_surface_t     *surface;
  double               image_width = gdk_pixbuf_get_width (pixbuf);
  double               image_height = gdk_pixbuf_get_height (pixbuf);
  double               factor = MIN (area->width / image_width, area->height / image_height);
  double               pixels_x = image_width * factor;
  double               pixels_y = image_height * factor;

  /* A photo of a signature can be thousands of pixels wide for a box of a
   * few hundred: GdkPixbuf brings it down to about the pixels drawn first,
   * which is much faster than cairo's best filter over the whole image */
  cairo_user_to_device_distance (cr, &pixels_x, &pixels_y);
  if (pixels_x * 2 < image_width && pixels_y * 2 < image_height)
    {
      int width = MAX (1, (int) ceil (pixels_x));
      int height = MAX (1, (int) ceil (pixels_y));

      scaled = gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_BILINEAR);
      if (scaled != NULL)
        {
          pixbuf = scaled;
          factor *= image_width / width;
          image_width = width;
          image_height = height;
        }
    }

  surface = surface_from_pixbuf (pixbuf);
  if (surface == NULL)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  cairo_translate (cr, area->x + (area->width - image_width * factor) / 2,
                   area->y + (area->height - image_height * factor) / 2);
  cairo_scale (cr, factor, factor);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BEST);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, image_width, image_height);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

/* @top: where the text's box starts */
static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const Area  *area,
           double       top)
{
  PangoRectangle box;

  get_text_box (layout, &box);
  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, TEXT_RED, TEXT_GREEN, TEXT_BLUE);
  /* Ink left of the logical origin (an overhanging first letter) moves
   * the text in rather than being cut */
  cairo_move_to (cr, area->x - (double) MIN (0, box.x) / PANGO_SCALE,
                 top - (double) box.y / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Where the image and the text go: the image beside the text, or above
 * it when the box is tall and narrow; the image takes at most ~40% and no
 * more than it needs at its aspect ratio, the text the rest */
static void
place (const SmartcaPdfAppearanceSpec *spec,
       double                          width,
       double                          height,
       Area                           *image_area,
       Area                           *text_area,
       gboolean                       *image_on_top)
{
  double padding = CLAMP (MIN (width, height) * 0.05, 1.0, 4.0);
  double aspect;

  *image_on_top = FALSE;
  *text_area = (Area){ padding, padding, width - 2 * padding, height - 2 * padding };
  *image_area = (Area){ 0, 0, 0, 0 };
  if (spec->image == NULL || gdk_pixbuf_get_width (spec->image) <= 0 ||
      gdk_pixbuf_get_height (spec->image) <= 0)
    return;

  aspect = (double) gdk_pixbuf_get_width (spec->image) / gdk_pixbuf_get_height (spec->image);
  if (width < height * 1.3)
    {
      double image_height = MIN ((height - 2 * padding) * 0.45,
                                 (width - 2 * padding) / aspect);

      *image_on_top = TRUE;
      *image_area = (Area){ padding, padding, width - 2 * padding, image_height };
      text_area->y = padding + image_height + padding;
      text_area->height = height - text_area->y - padding;
    }
  else
    {
      double image_width = MIN ((width - 2 * padding) * 0.4, (height - 2 * padding) * aspect);

      *image_area = (Area){ padding, padding, image_width, height - 2 * padding };
      text_area->x = padding + image_width + padding;
      text_area->width = width - text_area->x - padding;
    }
}

/**
 * smartca_pdf_appearance_render:
 * @width, @height: the box, in points
 * @scale: pixels per point; lowered when the raster would be huge
 *
 * Returns: (transfer full): the raster, ceil(@width × @scale) ×
 *   ceil(@height × @scale) pixels, transparent where nothing is drawn
 */
SmartcaPdfImage *
smartca_pdf_appearance_render (const SmartcaPdfAppearanceSpec *spec,
                               double                          width,
                               double                          height,
                               double                          scale)
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  SmartcaPdfImage *image;
  Area             image_area;
  Area             text_area;
  gboolean         image_on_top;
  int              pixel_width;
  int              pixel_height;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);

  g_return_val_if_fail (isfinite (width) && isfinite (height) && isfinite (scale), NULL);

  if (width * scale * height * scale > MAX_PIXELS)
    scale = sqrt (MAX_PIXELS / (width * height));
  scale = MIN (scale, MAX_SIDE_PIXELS / MAX (width, height));
  for (;;)
    {
      pixel_width = MAX (1, (int) ceil (width * scale - 1e-6));
      pixel_height = MAX (1, (int) ceil (height * scale - 1e-6));
      if ((gint64) pixel_width * pixel_height <= MAX_PIXELS)
        break;
      scale *= 0.999; /* rounding up overshot */
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  /* The size is bounded above: only memory can run out, as g_malloc()
   * would abort */
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_error ("Cannot draw a %d×%d signature appearance: %s", pixel_width, pixel_height,
             cairo_status_to_string (cairo_surface_status (surface)));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  place (spec, width, height, &image_area, &text_area, &image_on_top);
  if (text_area.width > 0 && text_area.height > 0)
    {
      PangoLayout   *layout = make_layout (cr, spec, &text_area,
                                         image_on_top ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
      PangoRectangle box;
      double         slack;

      get_text_box (layout, &box);
      slack = MAX (0, text_area.height - (double) box.height / PANGO_SCALE);
      if (image_on_top)
        {
          /* the image and the text together, in the middle */
          image_area.y += slack / 2;
          draw_text (cr, layout, &text_area, text_area.y + slack / 2);
        }
      else
        draw_text (cr, layout, &text_area, text_area.y + slack / 2);
      g_object_unref (layout);
    }
  if (image_area.width > 0 && image_area.height > 0)
    draw_image (cr, spec->image, &image_area);

  cairo_destroy (cr);
  image = image_from_surface (surface);
  cairo_surface_destroy (surface);
  return image;
}
