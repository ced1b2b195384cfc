/* dg-painter-svg.c: the painter that writes SVG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cairo's SVG surface (1.16) writes text as glyph outlines: nobody can search
 * or edit it, and every label costs kilobytes. This painter writes what the
 * renderer means: <text> elements with the plain name, <g> groups with ids
 * and classes for the layers and for each company and deal, and paths in
 * device units. Numbers are written with two decimals by hand, in the C
 * locale whatever the user's, and quickly: a 50,000-company export writes
 * millions of them.
 */
#define G_LOG_DOMAIN "dealgraph-painter"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-painter.h"

#define MAX_DEPTH 64

typedef struct
{
  DgPainter parent;

  GString *out;
  GString *path;
  GHashTable *ids;
  guint depth;
  char *font_family;
} DgPainterSvg;

/* Appends @v with at most two decimals, trailing zeros dropped. */
static void
append_num (GString *s,
            double   v)
{
  gint64 n;
  gint64 whole;
  int frac;
  char buf[32];
  int len = 0;

  /* Far beyond any picture (and NaN): no number may overflow below. */
  if (!(fabs (v) < 1e12))
    v = isnan (v) ? 0 : copysign (1e12, v);
  n = (gint64) llround (v * 100.0);
  if (n < 0)
    {
      g_string_append_c (s, '-');
      n = -n;
    }
  whole = n / 100;
  frac = (int) (n % 100);

  do
    {
      buf[len++] = (char) ('0' + whole % 10);
      whole /= 10;
    }
  while (whole > 0);
  while (len > 0)
    g_string_append_c (s, buf[--len]);

  if (frac != 0)
    {
      g_string_append_c (s, '.');
      g_string_append_c (s, (char) ('0' + frac / 10));
      if (frac % 10 != 0)
        g_string_append_c (s, (char) ('0' + frac % 10));
    }
}

static void
append_attr_num (GString    *s,
                 const char *name,
                 double      v)
{
  g_string_append_c (s, ' ');
  g_string_append (s, name);
  g_string_append (s, "=\"");
  append_num (s, v);
  g_string_append_c (s, '"');
}

static void
append_color (GString       *s,
              const char    *attr,
              const char    *opacity_attr,
              const DgColor *c,
              double         opacity)
{
  double a = CLAMP (c->a * opacity, 0, 1);

  g_string_append_printf (s, " %s=\"#%02x%02x%02x\"", attr,
                          (guint) (CLAMP (c->r, 0, 1) * 255 + 0.5),
                          (guint) (CLAMP (c->g, 0, 1) * 255 + 0.5),
                          (guint) (CLAMP (c->b, 0, 1) * 255 + 0.5));
  if (a < 0.999)
    append_attr_num (s, opacity_attr, a);
}

/* Text for XML: valid UTF-8, no control characters (XML 1.0 forbids them
 * even as references), then escaped. */
static char *
xml_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return g_markup_escape_text (valid, -1);
}

static void
indent (DgPainterSvg *self)
{
  for (guint i = 0; i < self->depth + 1; i++)
    g_string_append (self->out, "  ");
}

/**
 * dg_svg_sanitize_id:
 * @prefix: (nullable): put in front, e.g. "company-"
 * @id: a file's id, any text
 *
 * Makes an XML id (and a CSS-friendly one): ASCII letters, digits, '-',
 * '_' and '.', starting with a letter or '_'; anything else becomes '_'.
 *
 * Returns: (transfer full): the id
 */
char *
dg_svg_sanitize_id (const char *prefix,
                    const char *id)
{
  GString *s = g_string_new (prefix);

  g_return_val_if_fail (id != NULL, g_string_free (s, FALSE));

  for (const char *p = id; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.')
        g_string_append_c (s, c);
      else if (((guchar) c & 0xc0) != 0x80)
        g_string_append_c (s, '_');   /* one per character, not per byte */
    }
  if (s->len == 0 || !(g_ascii_isalpha (s->str[0]) || s->str[0] == '_'))
    g_string_prepend_c (s, '_');

  return g_string_free (s, FALSE);
}

static void
svg_begin_group (DgPainter  *painter,
                 const char *id,
                 const char *css_class,
                 const char *title,
                 double      opacity)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  g_return_if_fail (self->depth < MAX_DEPTH);

  indent (self);
  g_string_append (self->out, "<g");
  if (id != NULL)
    {
      g_autofree char *clean = dg_svg_sanitize_id (NULL, id);
      char *unique = g_strdup (clean);

      /* Ids that differ only in characters we had to replace must stay
       * distinct. */
      for (guint n = 2; g_hash_table_contains (self->ids, unique); n++)
        {
          g_free (unique);
          unique = g_strdup_printf ("%s-%u", clean, n);
        }
      g_hash_table_add (self->ids, unique);
      g_string_append_printf (self->out, " id=\"%s\"", unique);
    }
  if (css_class != NULL)
    {
      g_autofree char *escaped = xml_text (css_class);

      g_string_append_printf (self->out, " class=\"%s\"", escaped);
    }
  if (opacity < 1.0)
    append_attr_num (self->out, "opacity", MAX (opacity, 0));
  g_string_append (self->out, ">\n");
  self->depth++;
  if (title != NULL)
    {
      g_autofree char *escaped = xml_text (title);

      indent (self);
      g_string_append (self->out, "<title>");
      g_string_append (self->out, escaped);
      g_string_append (self->out, "</title>\n");
    }
}

static void
svg_end_group (DgPainter *painter)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  g_return_if_fail (self->depth > 0);
  self->depth--;
  indent (self);
  g_string_append (self->out, "</g>\n");
}

static void
svg_move_to (DgPainter *painter,
             double     x,
             double     y)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  if (self->path->len > 0)
    g_string_append_c (self->path, ' ');
  g_string_append_c (self->path, 'M');
  append_num (self->path, x);
  g_string_append_c (self->path, ' ');
  append_num (self->path, y);
}

static void
svg_line_to (DgPainter *painter,
             double     x,
             double     y)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  g_string_append (self->path, self->path->len > 0 ? " L" : "M");
  append_num (self->path, x);
  g_string_append_c (self->path, ' ');
  append_num (self->path, y);
}

static void
svg_curve_to (DgPainter *painter,
              double     x1,
              double     y1,
              double     x2,
              double     y2,
              double     x3,
              double     y3)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;
  double p[6] = { x1, y1, x2, y2, x3, y3 };

  if (self->path->len == 0)
    svg_move_to (painter, x1, y1);
  g_string_append (self->path, " C");
  for (guint i = 0; i < 6; i++)
    {
      if (i > 0)
        g_string_append_c (self->path, ' ');
      append_num (self->path, p[i]);
    }
}

static void
svg_close_path (DgPainter *painter)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  if (self->path->len > 0)
    g_string_append (self->path, " Z");
}

static void
svg_fill (DgPainter     *painter,
          const DgColor *color)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  if (self->path->len == 0)
    return;
  indent (self);
  g_string_append (self->out, "<path d=\"");
  g_string_append_len (self->out, self->path->str, self->path->len);
  g_string_append_c (self->out, '"');
  append_color (self->out, "fill", "fill-opacity", color, 1.0);
  g_string_append (self->out, "/>\n");
  g_string_truncate (self->path, 0);
}

static void
svg_stroke (DgPainter           *painter,
            const DgStrokeStyle *style)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  if (self->path->len == 0)
    return;
  indent (self);
  g_string_append (self->out, "<path d=\"");
  g_string_append_len (self->out, self->path->str, self->path->len);
  g_string_append (self->out, "\" fill=\"none\"");
  append_color (self->out, "stroke", "stroke-opacity", &style->color, 1.0);
  append_attr_num (self->out, "stroke-width", style->width);
  if (style->cap == DG_LINE_CAP_ROUND)
    g_string_append (self->out, " stroke-linecap=\"round\"");
  g_string_append (self->out, " stroke-linejoin=\"round\"");
  if (style->dash_on > 0)
    {
      g_string_append (self->out, " stroke-dasharray=\"");
      append_num (self->out, style->dash_on);
      g_string_append_c (self->out, ' ');
      append_num (self->out, style->dash_off);
      g_string_append_c (self->out, '"');
    }
  g_string_append (self->out, "/>\n");
  g_string_truncate (self->path, 0);
}

static void
svg_disc (DgPainter     *painter,
          double         cx,
          double         cy,
          double         radius,
          const DgColor *fill,
          const DgColor *outline,
          double         outline_width)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  indent (self);
  g_string_append (self->out, "<circle");
  append_attr_num (self->out, "cx", cx);
  append_attr_num (self->out, "cy", cy);
  append_attr_num (self->out, "r", radius);
  if (fill != NULL)
    append_color (self->out, "fill", "fill-opacity", fill, 1.0);
  else
    g_string_append (self->out, " fill=\"none\"");
  if (outline != NULL)
    {
      append_color (self->out, "stroke", "stroke-opacity", outline, 1.0);
      append_attr_num (self->out, "stroke-width", outline_width);
    }
  g_string_append (self->out, "/>\n");
}

static void
svg_text (DgPainter       *painter,
          const DgTextRun *run)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;
  g_autofree char *escaped = xml_text (run->text);

  indent (self);
  g_string_append (self->out, "<text");
  append_attr_num (self->out, "x", run->x);
  append_attr_num (self->out, "y", run->y);
  append_attr_num (self->out, "font-size", run->size);
  if (run->bold)
    g_string_append (self->out, " font-weight=\"bold\"");
  if (run->align == DG_TEXT_ALIGN_CENTER)
    g_string_append (self->out, " text-anchor=\"middle\"");
  else if (run->align == DG_TEXT_ALIGN_RIGHT)
    g_string_append (self->out, " text-anchor=\"end\"");
  append_color (self->out, "fill", "fill-opacity", &run->color, 1.0);
  if (run->halo.a > 0 && run->halo_width > 0)
    {
      append_color (self->out, "stroke", "stroke-opacity", &run->halo, 1.0);
      append_attr_num (self->out, "stroke-width", 2 * run->halo_width);
      g_string_append (self->out, " stroke-linejoin=\"round\" paint-order=\"stroke\"");
    }
  g_string_append (self->out, " xml:space=\"preserve\">");
  g_string_append (self->out, escaped);
  g_string_append (self->out, "</text>\n");
}

static void
svg_finalize (DgPainter *painter)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;

  if (self->out != NULL)
    g_string_free (self->out, TRUE);
  g_string_free (self->path, TRUE);
  g_hash_table_unref (self->ids);
  g_free (self->font_family);
}

static const DgPainterVTable svg_vtable = {
  svg_begin_group,
  svg_end_group,
  svg_move_to,
  svg_line_to,
  svg_curve_to,
  svg_close_path,
  svg_fill,
  svg_stroke,
  svg_disc,
  svg_text,
  svg_finalize,
};

/**
 * dg_painter_svg_new:
 * @width: width of the picture in px
 * @height: height in px
 * @font_family: (nullable): a CSS font-family for all text
 * @title: (nullable): the document's title, for the <title> element
 *
 * Returns: (transfer full): a painter writing an SVG document; take it
 *   with dg_painter_svg_finish()
 */
DgPainter *
dg_painter_svg_new (double      width,
                    double      height,
                    const char *font_family,
                    const char *title)
{
  DgPainterSvg *self = g_new0 (DgPainterSvg, 1);

  self->parent.vtable = &svg_vtable;
  self->parent.wants_ids = TRUE;
  self->out = g_string_sized_new (64 * 1024);
  self->path = g_string_sized_new (1024);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_string_append (self->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (self->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  append_attr_num (self->out, "width", width);
  append_attr_num (self->out, "height", height);
  g_string_append (self->out, " viewBox=\"0 0");
  g_string_append_c (self->out, ' ');
  append_num (self->out, width);
  g_string_append_c (self->out, ' ');
  append_num (self->out, height);
  g_string_append_c (self->out, '"');
  if (font_family != NULL)
    {
      g_autofree char *escaped = xml_text (font_family);

      g_string_append_printf (self->out, " font-family=\"%s\"", escaped);
    }
  g_string_append (self->out, ">\n");
  if (title != NULL)
    {
      g_autofree char *escaped = xml_text (title);

      g_string_append_printf (self->out, "  <title>%s</title>\n", escaped);
    }

  return &self->parent;
}

/**
 * dg_painter_svg_finish:
 * @painter: (transfer full): an SVG painter
 * @length: (out) (optional): the document's length in bytes
 *
 * Closes open groups and the document, and frees the painter.
 *
 * Returns: (transfer full): the SVG document, UTF-8
 */
char *
dg_painter_svg_finish (DgPainter *painter,
                       gsize     *length)
{
  DgPainterSvg *self = (DgPainterSvg *) painter;
  GString *out;

  g_return_val_if_fail (painter != NULL && painter->vtable == &svg_vtable, NULL);

  while (self->depth > 0)
    svg_end_group (painter);
  g_string_append (self->out, "</svg>\n");

  out = self->out;
  self->out = NULL;
  dg_painter_free (painter);

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
