/* smartca-pdf-appearance.h: what a visible signature shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn with cairo and pango into a raster the PDF writer embeds: the
 * signature image (when there is one) beside or above the lines
 *   Ký bởi: <CN>
 *   Ký ngày: dd/MM/yyyy HH:mm:ss   (Vietnam time, UTC+7, whatever the
 *                                   computer's time zone)
 *   Lý do: <reason>                 (when given)
 *   Nơi ký: <location>              (when given)
 * The lines are part of the document, in Vietnamese as Vietnamese rules
 * expect, not translated with the interface. Text is text (never markup);
 * control characters and bidi overrides are dropped; it is shrunk to fit,
 * then ellipsized. Nothing is drawn outside the box; the background is
 * transparent.
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "smartca-pdf.h"

G_BEGIN_DECLS

/* Pixels per point of the raster (288 dpi) */
#define SMARTCA_PDF_APPEARANCE_SCALE 4.0

typedef struct
{
  const char *signer_name;  /* the certificate's CN */
  gint64      signing_time; /* unix seconds */
  const char *reason;       /* nullable */
  const char *location;     /* nullable */
  GdkPixbuf  *image;        /* the signature image; NULL: text only */
} SmartcaPdfAppearanceSpec;

/* A @width × @height points box at @scale pixels per point, upright. */
SmartcaPdfImage *smartca_pdf_appearance_render (const SmartcaPdfAppearanceSpec *spec,
                                                double                          width,
                                                double                          height,
                                                double                          scale);

/* The lines as drawn, for tests and a preview: "Ký bởi: …\nKý ngày: …" */
char *smartca_pdf_appearance_text (const SmartcaPdfAppearanceSpec *spec);

/* "dd/MM/yyyy HH:mm:ss" of @unix_time in Vietnam time (UTC+7) */
char *smartca_pdf_format_vietnam_time (gint64 unix_time);

G_END_DECLS
