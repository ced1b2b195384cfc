/* dg-tour-typeset.c: the words on a slide: the caption band and the
 * sources page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pango lays out plain text only: titles and captions hold company names.
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-format.h"
#include "dg-tour.h"
#include "dg-tour-private.h"

void
dg_tour_set_color (cairo_t       *cr,
                   const DgColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static DgColor
mix (const DgColor *a,
     const DgColor *b,
     double         t)
{
  return (DgColor) { a->r + (b->r - a->r) * t, a->g + (b->g - a->g) * t, a->b + (b->b - a->b) * t, 1.0 };
}

static PangoLayout *
text_layout (cairo_t       *cr,
             const DgTheme *theme,
             const char    *text,
             double         size,
             gboolean       bold,
             double         width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (theme->font_family);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Plain text: company names are never markup. */
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}


void
dg_tour_band_clear (DgTourBand *band)
{
  g_clear_object (&band->title);
  g_clear_object (&band->caption);
  g_clear_object (&band->number);
}


/* Lays out the caption band: the title large and bold, the caption below,
 * the page number at the right. Shrinks the text until the band takes at
 * most 40% of the page, then cuts the caption with an ellipsis. */
void
dg_tour_band_layout (DgTourBand        *band,
                     cairo_t           *cr,
                     const DgTourPages *p,
                     DgTourSlide       *slide,
                     guint              page)
{
  const char *title = dg_tour_slide_get_title (slide);
  const char *caption = dg_tour_slide_get_caption (slide);
  double h = p->height, w = p->width;
  double unit = MIN (h, w * 9.0 / 16.0);
  double max_band = 0.4 * h;
  double number_w = 0;
  g_autofree char *number = NULL;

  memset (band, 0, sizeof *band);
  band->pad = 0.03 * unit;
  band->gap = 0.012 * unit;

  if (page > 0)
    {
      int nw, nh;

      /* Translators: a slide's number and how many there are, "3 / 12" */
      number = g_strdup_printf (_("%u / %u"), page, p->n_pages);
      band->number = text_layout (cr, p->theme, number, 0.022 * unit, FALSE, -1);
      pango_layout_get_pixel_size (band->number, &nw, &nh);
      number_w = nw + band->pad;
    }

  for (double scale = 1.0; ; scale *= 0.9)
    {
      double text_w = MAX (w - 2 * band->pad - number_w, 1);

      g_clear_object (&band->title);
      g_clear_object (&band->caption);
      band->title = text_layout (cr, p->theme, title, 0.044 * unit * scale, TRUE, text_w);
      band->height = 2 * band->pad + layout_height (band->title);
      if (caption != NULL && *caption != '\0')
        {
          band->caption = text_layout (cr, p->theme, caption, 0.032 * unit * scale, FALSE, text_w);
          band->height += band->gap + layout_height (band->caption);
        }
      if (band->height <= max_band || scale < 0.55)
        break;
    }

  if (band->height > max_band && band->caption != NULL)
    {
      double room = max_band - 2 * band->pad - band->gap - layout_height (band->title);

      pango_layout_set_ellipsize (band->caption, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (band->caption, (int) (MAX (room, 1) * PANGO_SCALE));
      band->height = 2 * band->pad + layout_height (band->title) + band->gap + layout_height (band->caption);
    }
}

void
dg_tour_band_draw (DgTourBand        *band,
                   cairo_t           *cr,
                   const DgTourPages *p)
{
  DgColor fill = mix (&p->theme->background, &p->theme->text, 0.06);
  double top = p->height - band->height;

  cairo_save (cr);
  dg_tour_set_color (cr, &fill);
  cairo_rectangle (cr, 0, top, p->width, band->height);
  cairo_fill (cr);

  /* A rule in the warm colour of the cycles' shading ties the words to them. */
  dg_tour_set_color (cr, &p->theme->band);
  cairo_rectangle (cr, 0, top, p->width, MAX (2.0, 0.005 * p->height));
  cairo_fill (cr);

  dg_tour_set_color (cr, &p->theme->text);
  cairo_move_to (cr, band->pad, top + band->pad);
  pango_cairo_show_layout (cr, band->title);
  if (band->caption != NULL)
    {
      dg_tour_set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, band->pad, top + band->pad + layout_height (band->title) + band->gap);
      pango_cairo_show_layout (cr, band->caption);
    }
  if (band->number != NULL)
    {
      int nw, nh;

      pango_layout_get_pixel_size (band->number, &nw, &nh);
      dg_tour_set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, p->width - band->pad - nw, p->height - band->pad - nh);
      pango_cairo_show_layout (cr, band->number);
    }
  cairo_restore (cr);
}

/* Single quotes and backslashes are special in Cairo's tag attributes. */
static char *
escape_link (const char *url)
{
  GString *s = g_string_new (NULL);

  for (const char *c = url; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *c);
    }
  return g_string_free (s, FALSE);
}

static char *
source_line (const DgSource *source)
{
  g_autofree char *date = dg_format_date_locale (source->date);
  const char *publisher = source->publisher != NULL && *source->publisher != '\0' ? source->publisher : NULL;
  const char *title = source->title != NULL && *source->title != '\0' ? source->title : NULL;

  if (publisher == NULL)
    publisher = source->url != NULL ? source->url : "?";
  if (title != NULL && date != NULL)
    /* Translators: a source on the sources slide: %1$s publisher, %2$s title, %3$s date. The title comes last: a long one is cut at the end. */
    return g_strdup_printf (_("%1$s, %3$s: “%2$s”"), publisher, title, date);
  if (title != NULL)
    /* Translators: a source on the sources slide: %1$s publisher, %2$s title */
    return g_strdup_printf (_("%1$s: “%2$s”"), publisher, title);
  if (date != NULL)
    /* Translators: a source on the sources slide: %1$s publisher, %2$s date */
    return g_strdup_printf (_("%1$s, %2$s"), publisher, date);
  return g_strdup (publisher);
}

/* The sources, one line each (cut with an ellipsis; the PDF links to the
 * whole page), in one to three columns: whichever gives the largest text
 * with room for about 70 characters a line. Below a legible size the list
 * stops with how many did not fit. */
void
dg_tour_draw_sources (cairo_t           *cr,
                      const DgTourPages *p,
                      GPtrArray         *sources,
                      double             bottom)
{
  double unit = MIN (p->height, p->width * 9.0 / 16.0);
  double margin = 0.04 * unit;
  double avail_h = bottom - 2 * margin;
  double avail_w = p->width - 2 * margin;
  double col_gap = 0.03 * unit;
  double max_size = 0.026 * unit, min_size = 0.012 * unit;
  double size = 0, col_w = avail_w, line_h, x, y;
  guint n = sources->len, columns = 1, rows, shown = 0, col = 0;

  cairo_save (cr);

  if (n == 0)
    {
      g_autoptr(PangoLayout) layout = text_layout (cr, p->theme, _("The slides shown cite no sources."),
                                                   max_size, FALSE, avail_w);

      dg_tour_set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, margin, margin);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      return;
    }

  for (guint c = 1; c <= 3; c++)
    {
      double w = (avail_w - (c - 1) * col_gap) / c;
      guint r = (n + c - 1) / c;
      double s = MIN (max_size, avail_h / (r * 1.4));

      /* About 70 characters a line at half an em each. */
      s = MIN (s, w / 36.0);
      if (s > size)
        {
          size = s;
          columns = c;
          col_w = w;
        }
    }
  size = MAX (size, min_size);
  line_h = 1.4 * size;
  rows = MAX ((guint) floor (avail_h / line_h), 1);

  x = margin;
  y = margin;
  for (guint i = 0; i < n; i++)
    {
      const DgSource *source = g_ptr_array_index (sources, i);
      g_autofree char *line = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      gboolean last_slot = col == columns - 1 && (i + 1) % rows == 0 && i + 1 < n;

      if (i > 0 && i % rows == 0)
        {
          col++;
          x = margin + col * (col_w + col_gap);
          y = margin;
        }
      /* Keep the last line of the last column for "and N more". */
      if (col >= columns || last_slot)
        break;

      line = source_line (source);
      layout = text_layout (cr, p->theme, line, size, FALSE, col_w);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (source->url != NULL && *source->url != '\0')
        {
          g_autofree char *escaped = escape_link (source->url);
          g_autofree char *attributes = g_strdup_printf ("uri='%s'", escaped);

          cairo_tag_begin (cr, CAIRO_TAG_LINK, attributes);
        }
      dg_tour_set_color (cr, &p->theme->text);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      if (source->url != NULL && *source->url != '\0')
        cairo_tag_end (cr, CAIRO_TAG_LINK);
      y += line_h;
      shown++;
    }

  if (shown < n)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more source", "and %u more sources", n - shown),
                                               n - shown);
      g_autoptr(PangoLayout) layout = text_layout (cr, p->theme, more, size, FALSE, col_w);

      dg_tour_set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }

  cairo_restore (cr);
}
