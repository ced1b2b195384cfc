/* dg-painter-cairo.c: the painter for the screen, PNG and PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On any Cairo target this forwards every operation to Cairo. On an image
 * surface (the canvas's cache, a PNG export) with a plain scale-and-translate
 * transform and a rectangular clip it takes a fast path for the two things a
 * big diagram is made of, strokes and discs: it rasterises them itself,
 * straight into the surface's pixels. Measured on this machine, Cairo 1.16
 * spends about 75 ns per pixel of length on every antialiased stroke,
 * whatever its width (its span compositor works row by row), so 5,000 long
 * deals cost over 250 ms a frame; the rasteriser below visits only the
 * pixels a line covers and is several times faster. It draws the same
 * shapes: box-filtered coverage of the exact stroke outline (butt or round
 * ends, round joins inside a curve, dashes), blended with Cairo's OVER, so a
 * PNG and a PDF of the same scene show the same picture. Fills of arbitrary
 * paths (arrowheads, the legend) and text always go through Cairo.
 */
#define G_LOG_DOMAIN "dealgraph-painter"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-painter.h"

#define MAX_GROUP_DEPTH 32

typedef enum
{
  GROUP_PLAIN,     /* nothing to do at the end */
  GROUP_PUSHED,    /* cairo_push_group: paint with alpha at the end */
  GROUP_MASK,      /* fast path: strokes unioned in the mask, blended at the end */
} GroupMode;

typedef enum
{
  OP_MOVE,
  OP_LINE,
  OP_CURVE,
  OP_CLOSE,
} PathOp;

typedef struct
{
  DgPainter parent;

  cairo_t *cr;

  /* Fast path state, valid while @fast is TRUE. */
  gboolean fast_enabled;
  gboolean fast;
  cairo_surface_t *target;
  guint8 *data;
  int stride;
  int width;
  int height;
  gboolean has_alpha;
  double scale;          /* pixel = user * scale + offset */
  double off_x;
  double off_y;
  int clip_x0;
  int clip_y0;
  int clip_x1;           /* exclusive */
  int clip_y1;
  gboolean pixels_dirty; /* we wrote pixels Cairo has not been told about */

  /* The current path, in pixels, recorded for the fast path. */
  guint8 *ops;
  double *pts;
  guint n_ops;
  guint n_pts;
  guint cap_ops;
  guint cap_pts;

  /* Flattened sub-path scratch, and per segment: direction, length,
   * distance along the path. */
  double *flat;
  guint cap_flat;
  double *seg;
  guint cap_seg;

  /* Coverage mask, one byte per pixel, and the extent touched in each row. */
  guint8 *mask;
  int mask_w;
  int mask_h;
  int *row_x0;
  int *row_x1;
  int dirty_y0;
  int dirty_y1;          /* exclusive; dirty_y0 >= dirty_y1: clean */

  /* Groups. */
  GroupMode group_mode[MAX_GROUP_DEPTH];
  double group_opacity[MAX_GROUP_DEPTH];
  guint depth;
  guint mask_layer_depth;  /* > 0: inside a GROUP_MASK at this depth */
  DgColor mask_color;
  gboolean mask_color_set;

  /* Rendered text (with its halo) by layout, blitted while the fast path
   * lasts: shaping and stroking glyph outlines every frame costs more than
   * all the deals of a small diagram. */
  GHashTable *text_cache;
} DgPainterCairo;

#define TEXT_CACHE_MAX 4096

typedef struct
{
  PangoLayout *layout;      /* a reference, so the address is not reused */
  char *text;
  guint font_hash;
  DgColor color;
  DgColor halo;
  double halo_width;
  double scale;
  cairo_surface_t *image;   /* premultiplied ARGB32 */
  int ox;                   /* the layout's top-left in the image, pixels */
  int oy;
} TextEntry;

static void
text_entry_free (gpointer data)
{
  TextEntry *entry = data;

  g_object_unref (entry->layout);
  g_free (entry->text);
  cairo_surface_destroy (entry->image);
  g_free (entry);
}

static inline void
set_source (cairo_t       *cr,
            const DgColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

/* Pixels ------------------------------------------------------------------ */

static inline guint
div255 (guint x)
{
  x += 128;
  return (x + (x >> 8)) >> 8;
}

/* Two 8-bit channels at once, in the 0x00ff00ff lanes. */
static inline guint32
div255_packed (guint32 x)
{
  x += 0x00800080;
  return ((x + ((x >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
}

/* A colour ready to blend: premultiplied, channels split into lanes. */
typedef struct
{
  guint32 rb;     /* premultiplied red and blue */
  guint32 ag;     /* premultiplied alpha and green */
  guint a;        /* alpha, 0..255 */
} Source;

static inline Source
source_from_color (const DgColor *c,
                   double         opacity)
{
  Source src;
  double a = CLAMP (c->a * opacity, 0, 1);
  guint r = (guint) (CLAMP (c->r, 0, 1) * a * 255 + 0.5);
  guint g = (guint) (CLAMP (c->g, 0, 1) * a * 255 + 0.5);
  guint b = (guint) (CLAMP (c->b, 0, 1) * a * 255 + 0.5);

  src.a = (guint) (a * 255 + 0.5);
  src.rb = (r << 16) | b;
  src.ag = (src.a << 16) | g;
  return src;
}

/* OVER with coverage @cov (0..255) into a premultiplied ARGB32 pixel;
 * RGB24 surfaces ignore the alpha byte. */
static inline void
blend (guint32      *p,
       const Source *src,
       guint         cov)
{
  guint32 d = *p;
  guint32 s_rb, s_ag, d_rb, d_ag;
  guint ia;

  if (cov == 255)
    {
      s_rb = src->rb;
      s_ag = src->ag;
      ia = 255 - src->a;
    }
  else
    {
      s_rb = div255_packed (src->rb * cov);
      s_ag = div255_packed (src->ag * cov);
      ia = 255 - div255 (src->a * cov);
    }
  d_rb = div255_packed ((d & 0x00ff00ff) * ia);
  d_ag = div255_packed (((d >> 8) & 0x00ff00ff) * ia);
  *p = (s_rb + d_rb) | ((s_ag + d_ag) << 8);
}

/* OVER of one premultiplied pixel onto another. */
static inline void
blend_premultiplied (guint32 *p,
                     guint32  s)
{
  guint ia = 255 - (s >> 24);
  guint32 d = *p;

  if (ia == 255)
    return;
  if (ia == 0)
    {
      *p = s;
      return;
    }
  *p = s + (div255_packed ((d & 0x00ff00ff) * ia)
            | (div255_packed (((d >> 8) & 0x00ff00ff) * ia) << 8));
}

static void
begin_direct (DgPainterCairo *self)
{
  if (!self->pixels_dirty)
    {
      /* Let Cairo finish anything it has pending before we touch pixels. */
      cairo_surface_flush (self->target);
      self->pixels_dirty = TRUE;
    }
}

static void
end_direct (DgPainterCairo *self)
{
  if (self->pixels_dirty)
    {
      cairo_surface_mark_dirty (self->target);
      self->pixels_dirty = FALSE;
    }
}

static inline void
mask_mark_row (DgPainterCairo *self,
               int             y,
               int             x0,
               int             x1)
{
  if (self->dirty_y0 >= self->dirty_y1)
    {
      self->dirty_y0 = y;
      self->dirty_y1 = y + 1;
    }
  else
    {
      /* Rows in between keep the empty extent [INT_MAX, -1) they were
       * reset to. */
      if (y < self->dirty_y0)
        self->dirty_y0 = y;
      if (y + 1 > self->dirty_y1)
        self->dirty_y1 = y + 1;
    }
  if (x0 < self->row_x0[y])
    self->row_x0[y] = x0;
  if (x1 > self->row_x1[y])
    self->row_x1[y] = x1;
}

/* Blends @src through the mask and clears what it read. */
static void
mask_flush_source (DgPainterCairo *self,
                   const Source   *source)
{
  Source src = *source;

  if (self->dirty_y0 >= self->dirty_y1)
    return;

  begin_direct (self);

  for (int y = self->dirty_y0; y < self->dirty_y1; y++)
    {
      int x0 = self->row_x0[y];
      int x1 = self->row_x1[y];
      guint8 *m = self->mask + (gsize) y * self->mask_w;
      guint32 *row = (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);

      for (int x = x0; x < x1; x++)
        {
          guint cov = m[x];

          if (cov == 0)
            continue;
          m[x] = 0;
          if (src.a > 0)
            blend (row + x, &src, cov);
        }
      self->row_x0[y] = G_MAXINT;
      self->row_x1[y] = -1;
    }

  self->dirty_y0 = 0;
  self->dirty_y1 = 0;
}

static void
mask_flush (DgPainterCairo *self,
            const DgColor  *color,
            double          opacity)
{
  Source src = source_from_color (color, opacity);

  mask_flush_source (self, &src);
}

/* Target ------------------------------------------------------------------ */

static void
ensure_mask (DgPainterCairo *self)
{
  if (self->mask_w == self->width && self->mask_h == self->height)
    return;

  g_free (self->mask);
  g_free (self->row_x0);
  g_free (self->row_x1);
  self->mask_w = self->width;
  self->mask_h = self->height;
  self->mask = g_malloc0 ((gsize) self->mask_w * MAX (self->mask_h, 1));
  self->row_x0 = g_new (int, MAX (self->mask_h, 1));
  self->row_x1 = g_new (int, MAX (self->mask_h, 1));
  for (int y = 0; y < self->mask_h; y++)
    {
      self->row_x0[y] = G_MAXINT;
      self->row_x1[y] = -1;
    }
  self->dirty_y0 = 0;
  self->dirty_y1 = 0;
}

/* Decides whether this target can take the fast path. */
static void
setup_fast_path (DgPainterCairo *self)
{
  cairo_surface_t *target;
  cairo_matrix_t m;
  cairo_rectangle_list_t *clips;
  cairo_format_t format;
  double dsx, dsy, dox, doy;
  double cx0, cy0, cx1, cy1;

  self->fast = FALSE;
  self->target = NULL;

  if (!self->fast_enabled || self->cr == NULL)
    return;

  target = cairo_get_group_target (self->cr);
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return;
  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return;
  if (cairo_get_operator (self->cr) != CAIRO_OPERATOR_OVER)
    return;

  cairo_get_matrix (self->cr, &m);
  cairo_surface_get_device_scale (target, &dsx, &dsy);
  cairo_surface_get_device_offset (target, &dox, &doy);
  if (m.xy != 0 || m.yx != 0 || m.xx <= 0 || fabs (m.xx - m.yy) > 1e-9 * m.xx
      || fabs (dsx - dsy) > 1e-9)
    return;

  clips = cairo_copy_clip_rectangle_list (self->cr);
  if (clips->status != CAIRO_STATUS_SUCCESS || clips->num_rectangles != 1)
    {
      cairo_rectangle_list_destroy (clips);
      return;
    }

  self->scale = m.xx * dsx;
  self->off_x = m.x0 * dsx + dox;
  self->off_y = m.y0 * dsy + doy;

  /* The clip comes in user space; only whole pixels keep it exact. */
  cx0 = clips->rectangles[0].x * self->scale + self->off_x;
  cy0 = clips->rectangles[0].y * self->scale + self->off_y;
  cx1 = cx0 + clips->rectangles[0].width * self->scale;
  cy1 = cy0 + clips->rectangles[0].height * self->scale;
  cairo_rectangle_list_destroy (clips);
  if (fabs (cx0 - round (cx0)) > 1e-6 || fabs (cy0 - round (cy0)) > 1e-6
      || fabs (cx1 - round (cx1)) > 1e-6 || fabs (cy1 - round (cy1)) > 1e-6)
    return;

  self->target = target;
  self->width = cairo_image_surface_get_width (target);
  self->height = cairo_image_surface_get_height (target);
  self->stride = cairo_image_surface_get_stride (target);
  self->has_alpha = format == CAIRO_FORMAT_ARGB32;
  self->clip_x0 = MAX (0, (int) round (cx0));
  self->clip_y0 = MAX (0, (int) round (cy0));
  self->clip_x1 = MIN (self->width, (int) round (cx1));
  self->clip_y1 = MIN (self->height, (int) round (cy1));

  cairo_surface_flush (target);
  self->data = cairo_image_surface_get_data (target);
  if (self->data == NULL)
    return;

  ensure_mask (self);
  self->fast = TRUE;
  self->pixels_dirty = FALSE;
}

/* Path recording ----------------------------------------------------------- */

static void
path_reset (DgPainterCairo *self)
{
  self->n_ops = 0;
  self->n_pts = 0;
}

static void
path_add (DgPainterCairo *self,
          PathOp          op,
          const double   *pts,
          guint           n)
{
  if (self->n_ops + 1 > self->cap_ops)
    {
      self->cap_ops = MAX (64, self->cap_ops * 2);
      self->ops = g_realloc (self->ops, self->cap_ops);
    }
  if (self->n_pts + 2 * n > self->cap_pts)
    {
      self->cap_pts = MAX (128, MAX (self->cap_pts * 2, self->n_pts + 2 * n));
      self->pts = g_realloc_n (self->pts, self->cap_pts, sizeof (double));
    }
  self->ops[self->n_ops++] = op;
  for (guint i = 0; i < n; i++)
    {
      self->pts[self->n_pts++] = pts[2 * i] * self->scale + self->off_x;
      self->pts[self->n_pts++] = pts[2 * i + 1] * self->scale + self->off_y;
    }
}

static void
flat_reserve (DgPainterCairo *self,
              guint           n_doubles)
{
  if (n_doubles > self->cap_flat)
    {
      self->cap_flat = MAX (n_doubles, self->cap_flat * 2);
      self->flat = g_realloc_n (self->flat, self->cap_flat, sizeof (double));
    }
}

/* Stroke rasteriser -------------------------------------------------------- */

typedef struct
{
  double hw;           /* half width, px */
  double dash_on;      /* px; 0 solid */
  double period;
  gboolean butt;
  const Source *direct;  /* blend straight into the pixels; NULL: into the mask */
} StrokeParams;

/* Coverage of [d - 0.5, d + 0.5] by [-hw, hw]: a unit box filter across the
 * line. Exact for the perpendicular profile, and gives a line thinner than a
 * pixel its true weight instead of widening it. */
static inline double
across (double d,
        double hw)
{
  double hi = MIN (d + 0.5, hw);
  double lo = MAX (d - 0.5, -hw);

  return hi > lo ? MIN (hi - lo, 1.0) : 0.0;
}

static inline double
dash_coverage (const StrokeParams *sp,
               double              s)
{
  double p = fmod (s, sp->period);
  double c;

  if (p < 0)
    p += sp->period;
  /* The dash in this period, and the start of the next one. */
  c = MAX (0.0, MIN (p + 0.5, sp->dash_on) - MAX (p - 0.5, 0.0));
  c += MAX (0.0, MIN (p + 0.5, sp->period + sp->dash_on) - MAX (p - 0.5, sp->period));
  return MIN (c, 1.0);
}

static inline int
fast_floor (double x)
{
  int i = (int) x;

  return i > x ? i - 1 : i;
}

static inline int
fast_ceil (double x)
{
  int i = (int) x;

  return i < x ? i + 1 : i;
}

/* One straight piece of a stroke into the mask (max of coverages, so the
 * pieces of one curve join without seams or double-blended knots). Walks
 * only the pixels within half a pixel of the stroke's outline: per row, the
 * span where the perpendicular and the along-the-line slabs overlap. */
static void
raster_segment (DgPainterCairo     *self,
                const StrokeParams *sp,
                double              ax,
                double              ay,
                double              bx,
                double              by,
                double              s0,
                gboolean            butt_start,
                gboolean            butt_end)
{
  double dx = bx - ax;
  double dy = by - ay;
  double len = sqrt (dx * dx + dy * dy);
  double ux, uy, inv_ux = 0, inv_uy = 0;
  double hw = sp->hw;
  double R = hw + 0.5;
  double t_lo, t_hi;
  gboolean has_ux, has_uy;
  int y0, y1;

  if (len < 1e-9)
    return;
  ux = dx / len;
  uy = dy / len;
  has_ux = fabs (ux) > 1e-9;
  has_uy = fabs (uy) > 1e-9;
  if (has_ux)
    inv_ux = 1.0 / ux;
  if (has_uy)
    inv_uy = 1.0 / uy;
  t_lo = butt_start ? -0.5 : -R;
  t_hi = butt_end ? len + 0.5 : len + R;

  y0 = fast_floor (MIN (ay, by) - R - 0.5);
  y1 = fast_ceil (MAX (ay, by) + R + 0.5);
  y0 = MAX (y0, self->clip_y0);
  y1 = MIN (y1, self->clip_y1);

  for (int y = y0; y < y1; y++)
    {
      double yc = y + 0.5 - ay;
      double lo = -1e30, hi = 1e30;
      double t, c, px;
      int x0, x1;
      guint8 *m;

      /* Pixel centres within R of the line... */
      if (has_uy)
        {
          double a = (yc * ux - R) * inv_uy;
          double b = (yc * ux + R) * inv_uy;

          lo = MIN (a, b);
          hi = MAX (a, b);
        }
      else if (fabs (yc * ux) > R)
        continue;

      /* ...and between the ends. */
      if (has_ux)
        {
          double a = (t_lo - yc * uy) * inv_ux;
          double b = (t_hi - yc * uy) * inv_ux;

          lo = MAX (lo, MIN (a, b));
          hi = MIN (hi, MAX (a, b));
        }
      else if (yc * uy < t_lo || yc * uy > t_hi)
        continue;

      if (lo > hi)
        continue;
      lo += ax - 0.5;
      hi += ax - 0.5;
      if (hi < self->clip_x0 || lo > self->clip_x1)
        continue;
      x0 = MAX (self->clip_x0, fast_ceil (lo));
      x1 = MIN (self->clip_x1 - 1, fast_floor (hi));
      if (x0 > x1)
        continue;

      m = self->mask + (gsize) y * self->mask_w;
      px = x0 + 0.5 - ax;
      t = px * ux + yc * uy;
      c = px * uy - yc * ux;

      for (int x = x0; x <= x1; x++, t += ux, c += uy)
        {
          double d = fabs (c);
          double cov;
          guint v;

          if (t >= 0 && t <= len)
            {
              if (d <= hw - 0.5)
                cov = 1.0;
              else
                {
                  double h = MIN (d + 0.5, hw), l = MAX (d - 0.5, -hw);

                  cov = h > l ? MIN (h - l, 1.0) : 0.0;
                }
            }
          else
            {
              /* Past an end: butt caps fade over half a pixel; round ends
               * and the joints inside a curve measure from the end point. */
              double along = 1.0, h, l;

              if (t < 0)
                {
                  if (butt_start)
                    along = t + 0.5;
                  else
                    d = sqrt (t * t + c * c);
                }
              else
                {
                  if (butt_end)
                    along = len - t + 0.5;
                  else
                    d = sqrt ((t - len) * (t - len) + c * c);
                }
              h = MIN (d + 0.5, hw);
              l = MAX (d - 0.5, -hw);
              cov = h > l ? MIN (h - l, 1.0) * MAX (along, 0.0) : 0.0;
            }

          if (sp->dash_on > 0 && cov > 0)
            cov *= dash_coverage (sp, s0 + CLAMP (t, 0, len));

          v = (guint) (cov * 255.0 + 0.5);
          if (v > m[x])
            m[x] = (guint8) v;
        }

      mask_mark_row (self, y, x0, x1 + 1);
    }
}

/* Flattens a cubic into @self->flat after the point already there. */
static guint
flatten_cubic (DgPainterCairo *self,
               guint           n,
               const double   *p)
{
  /* How far the control points stray from the chord, dd, bounds the error
   * of a polyline with k equal steps by about 3 dd / (4 k^2); aim at 0.2 px
   * (Cairo uses 0.1), so a long, gently bent deal shows no corners. */
  double dd = 0;
  guint k;

  for (guint i = 1; i <= 2; i++)
    {
      double ex = p[2 * i] - (p[0] + (p[6] - p[0]) * i / 3.0);
      double ey = p[2 * i + 1] - (p[1] + (p[7] - p[1]) * i / 3.0);

      dd = MAX (dd, sqrt (ex * ex + ey * ey));
    }
  k = (guint) CLAMP (ceil (sqrt (dd * 3.75)), 1, 128);

  flat_reserve (self, 2 * (n + k));
  for (guint i = 1; i <= k; i++)
    {
      double t = (double) i / k, u = 1 - t;
      double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;

      self->flat[2 * n] = a * p[0] + b * p[2] + c * p[4] + d * p[6];
      self->flat[2 * n + 1] = a * p[1] + b * p[3] + c * p[5] + d * p[7];
      n++;
    }
  return n;
}

/* Where a piece of a stroke starts or ends. */
typedef enum
{
  END_JOINT,     /* shares a joint with the next piece: split on the bisector */
  END_BUTT,      /* the stroke's end, cut square, fading over half a pixel */
  END_ROUND,     /* the stroke's end, rounded */
} EndKind;

/* One straight piece of a stroke, blended straight into the pixels. The
 * pieces of one polyline split their joints on the bisectors, so every
 * pixel belongs to one piece and is blended once: no mask, half the memory
 * traffic. (A mitred joint; on the gentle bends of a flattened curve it is
 * indistinguishable from a round one.) */
static void
raster_segment_direct (DgPainterCairo     *self,
                       const StrokeParams *sp,
                       double              ax,
                       double              ay,
                       double              ux,
                       double              uy,
                       double              len,
                       double              s0,
                       EndKind             start,
                       double              snx,
                       double              sny,
                       EndKind             end,
                       double              enx,
                       double              eny)
{
  double hw = sp->hw;
  double R = hw + 0.5;
  double bx = ax + ux * len, by = ay + uy * len;
  double margin = 1.6 * R + 1;
  /* Constraints a x + b y + c >= 0 on pixel centres. */
  double ca[4], cb[4], cc[4];
  double lo_m[4], lo_q[4], hi_m[4], hi_q[4], yb[4], yq[4];
  guint nc = 0, n_lo = 0, n_hi = 0, n_y = 0;
  int y0, y1;

  /* Within R of the line, both sides. */
  ca[nc] = -uy; cb[nc] = ux; cc[nc] = R - (-uy * ax + ux * ay); nc++;
  ca[nc] = uy; cb[nc] = -ux; cc[nc] = R - (uy * ax - ux * ay); nc++;

  /* The start. */
  if (start == END_JOINT)
    {
      ca[nc] = snx; cb[nc] = sny; cc[nc] = -(snx * ax + sny * ay); nc++;
    }
  else
    {
      double back = start == END_BUTT ? 0.5 : R;

      ca[nc] = ux; cb[nc] = uy; cc[nc] = back - (ux * ax + uy * ay); nc++;
    }
  /* The end. */
  if (end == END_JOINT)
    {
      ca[nc] = -enx; cb[nc] = -eny; cc[nc] = enx * bx + eny * by; nc++;
    }
  else
    {
      double fwd = end == END_BUTT ? 0.5 : R;

      ca[nc] = -ux; cb[nc] = -uy; cc[nc] = fwd + (ux * bx + uy * by); nc++;
    }

  /* Each constraint bounds x linearly in y: precompute the lines, so a row
   * costs a few multiply-adds and no division. */
  for (guint k = 0; k < nc; k++)
    {
      if (ca[k] > 1e-12)
        {
          lo_m[n_lo] = -cb[k] / ca[k];
          lo_q[n_lo++] = -cc[k] / ca[k];
        }
      else if (ca[k] < -1e-12)
        {
          hi_m[n_hi] = -cb[k] / ca[k];
          hi_q[n_hi++] = -cc[k] / ca[k];
        }
      else
        {
          yb[n_y] = cb[k];
          yq[n_y++] = cc[k];
        }
    }

  y0 = MAX (self->clip_y0, fast_floor (MIN (ay, by) - margin));
  y1 = MIN (self->clip_y1, fast_ceil (MAX (ay, by) + margin));

  for (int y = y0; y < y1; y++)
    {
      double yc = y + 0.5;
      double lo = self->clip_x0 + 0.5, hi = self->clip_x1 - 0.5;
      double px, t, c;
      guint32 *row;
      int x0, x1;
      gboolean empty = FALSE;

      for (guint k = 0; k < n_y; k++)
        empty |= yb[k] * yc + yq[k] < 0;
      for (guint k = 0; k < n_lo; k++)
        lo = MAX (lo, lo_m[k] * yc + lo_q[k]);
      for (guint k = 0; k < n_hi; k++)
        hi = MIN (hi, hi_m[k] * yc + hi_q[k]);
      if (empty || lo > hi)
        continue;
      x0 = fast_ceil (lo - 0.5);
      x1 = fast_floor (hi - 0.5);
      if (x0 > x1)
        continue;

      row = (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);
      px = x0 + 0.5 - ax;
      t = px * ux + (yc - ay) * uy;
      c = px * uy - (yc - ay) * ux;

      for (int x = x0; x <= x1; x++, t += ux, c += uy)
        {
          double d = fabs (c);
          double along = 1.0, cov, h, l;
          guint v;

          if (t < 0.5 && start != END_JOINT)
            {
              if (start == END_BUTT)
                along = MIN (t + 0.5, 1.0);
              else if (t < 0)
                d = sqrt (t * t + c * c);
            }
          else if (t > len - 0.5 && end != END_JOINT)
            {
              if (end == END_BUTT)
                along = MIN (len - t + 0.5, 1.0);
              else if (t > len)
                d = sqrt ((t - len) * (t - len) + c * c);
            }

          if (d <= hw - 0.5)
            cov = 1.0;
          else
            {
              h = MIN (d + 0.5, hw);
              l = MAX (d - 0.5, -hw);
              cov = h > l ? MIN (h - l, 1.0) : 0.0;
            }
          cov *= MAX (along, 0.0);
          if (sp->dash_on > 0 && cov > 0)
            cov *= dash_coverage (sp, s0 + CLAMP (t, 0, len));

          v = (guint) (cov * 255.0 + 0.5);
          if (v > 0)
            blend (row + x, sp->direct, v);
        }
    }
}

/* Draws a polyline straight into the pixels; FALSE (having drawn nothing)
 * when a joint is too sharp for the bisector split, and the mask must do. */
static gboolean
raster_polyline_direct (DgPainterCairo     *self,
                        const StrokeParams *sp,
                        guint               n,
                        gboolean            closed)
{
  guint m = 0;
  double s = 0;
  double *f = self->flat;

  if (self->cap_seg < 4 * n)
    {
      self->cap_seg = MAX (4 * n, self->cap_seg * 2);
      self->seg = g_realloc_n (self->seg, self->cap_seg, sizeof (double));
    }

  /* Directions and lengths, dropping pieces of no length. */
  for (guint i = 0; i + 1 < n; i++)
    {
      double dx = f[2 * i + 2] - f[2 * i], dy = f[2 * i + 3] - f[2 * i + 1];
      double len = sqrt (dx * dx + dy * dy);

      if (len < 1e-6)
        continue;
      self->seg[4 * m] = dx / len;
      self->seg[4 * m + 1] = dy / len;
      self->seg[4 * m + 2] = len;
      self->seg[4 * m + 3] = s;
      /* Keep the start point of each kept piece in f[2 m]. */
      f[2 * m] = f[2 * i];
      f[2 * m + 1] = f[2 * i + 1];
      s += len;
      m++;
    }
  if (m == 0)
    return TRUE;

  for (guint i = 1; i < m; i++)
    if (self->seg[4 * (i - 1)] * self->seg[4 * i] + self->seg[4 * (i - 1) + 1] * self->seg[4 * i + 1] < 0.5)
      return FALSE;
  if (closed && m > 1
      && self->seg[4 * (m - 1)] * self->seg[0] + self->seg[4 * (m - 1) + 1] * self->seg[1] < 0.5)
    return FALSE;

  begin_direct (self);

  for (guint i = 0; i < m; i++)
    {
      const double *u = self->seg + 4 * i;
      EndKind start = END_JOINT, end = END_JOINT;
      double snx = 0, sny = 0, enx = 0, eny = 0;

      if (i > 0 || (closed && m > 1))
        {
          const double *p = self->seg + 4 * (i > 0 ? i - 1 : m - 1);
          double bx = p[0] + u[0], by = p[1] + u[1], bl = sqrt (bx * bx + by * by);

          snx = bx / bl;
          sny = by / bl;
        }
      else
        start = sp->butt ? END_BUTT : END_ROUND;

      if (i + 1 < m || (closed && m > 1))
        {
          const double *q = self->seg + 4 * (i + 1 < m ? i + 1 : 0);
          double bx = u[0] + q[0], by = u[1] + q[1], bl = sqrt (bx * bx + by * by);

          enx = bx / bl;
          eny = by / bl;
        }
      else
        end = sp->butt ? END_BUTT : END_ROUND;

      raster_segment_direct (self, sp, f[2 * i], f[2 * i + 1], u[0], u[1], u[2], u[3],
                             start, snx, sny, end, enx, eny);
    }
  return TRUE;
}

static void
raster_polyline (DgPainterCairo     *self,
                 const StrokeParams *sp,
                 guint               n,
                 gboolean            closed)
{
  double s = 0;
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  double R = sp->hw + 1;

  if (n < 2)
    return;

  /* Cull polylines wholly outside the clip before walking them. */
  for (guint i = 0; i < n; i++)
    {
      minx = MIN (minx, self->flat[2 * i]);
      maxx = MAX (maxx, self->flat[2 * i]);
      miny = MIN (miny, self->flat[2 * i + 1]);
      maxy = MAX (maxy, self->flat[2 * i + 1]);
    }
  if (maxx + R < self->clip_x0 || minx - R > self->clip_x1
      || maxy + R < self->clip_y0 || miny - R > self->clip_y1)
    return;

  if (sp->direct != NULL && raster_polyline_direct (self, sp, n, closed))
    return;

  for (guint i = 0; i + 1 < n; i++)
    {
      double ax = self->flat[2 * i], ay = self->flat[2 * i + 1];
      double bx = self->flat[2 * i + 2], by = self->flat[2 * i + 3];

      raster_segment (self, sp, ax, ay, bx, by, s,
                      sp->butt && !closed && i == 0,
                      sp->butt && !closed && i + 2 == n);
      s += sqrt ((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
    }
  if (sp->direct != NULL)
    mask_flush_source (self, sp->direct);
}

static void
raster_path (DgPainterCairo     *self,
             const StrokeParams *sp)
{
  guint pi = 0;
  guint n = 0;
  double start_x = 0, start_y = 0;

  for (guint i = 0; i < self->n_ops; i++)
    {
      switch ((PathOp) self->ops[i])
        {
        case OP_MOVE:
          raster_polyline (self, sp, n, FALSE);
          flat_reserve (self, 2);
          start_x = self->flat[0] = self->pts[pi];
          start_y = self->flat[1] = self->pts[pi + 1];
          n = 1;
          pi += 2;
          break;
        case OP_LINE:
          flat_reserve (self, 2 * (n + 1));
          self->flat[2 * n] = self->pts[pi];
          self->flat[2 * n + 1] = self->pts[pi + 1];
          n++;
          pi += 2;
          break;
        case OP_CURVE:
          {
            double p[8];

            p[0] = self->flat[2 * n - 2];
            p[1] = self->flat[2 * n - 1];
            memcpy (p + 2, self->pts + pi, 6 * sizeof (double));
            n = flatten_cubic (self, n, p);
            pi += 6;
          }
          break;
        case OP_CLOSE:
          flat_reserve (self, 2 * (n + 1));
          self->flat[2 * n] = start_x;
          self->flat[2 * n + 1] = start_y;
          n++;
          raster_polyline (self, sp, n, TRUE);
          self->flat[0] = start_x;
          self->flat[1] = start_y;
          n = 1;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  raster_polyline (self, sp, n, FALSE);
}

/* Discs -------------------------------------------------------------------- */

/* A filled circle, then its outline stroked on the circle, as Cairo would
 * draw arc-fill-stroke; one pass over the pixels. */
static void
raster_disc (DgPainterCairo *self,
             double          cx,
             double          cy,
             double          r,
             const DgColor  *fill,
             const DgColor  *outline,
             double          ow)
{
  Source fs = { 0 }, os = { 0 };
  double hw = outline != NULL ? ow / 2 : 0;
  double R = r + hw + 0.5;
  double inner = MAX (0.0, r - hw - 0.5);
  double inner2 = inner * inner;
  int y0 = MAX (self->clip_y0, fast_floor (cy - R));
  int y1 = MIN (self->clip_y1, fast_ceil (cy + R));

  if (fill != NULL)
    fs = source_from_color (fill, 1.0);
  if (outline != NULL)
    os = source_from_color (outline, 1.0);

  begin_direct (self);

  for (int y = y0; y < y1; y++)
    {
      double yc = y + 0.5 - cy;
      double w2 = R * R - yc * yc;
      double half;
      int x0, x1;
      guint32 *row;

      if (w2 <= 0)
        continue;
      half = sqrt (w2);
      x0 = MAX (self->clip_x0, fast_floor (cx - half));
      x1 = MIN (self->clip_x1, fast_ceil (cx + half));
      row = (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);

      for (int x = x0; x < x1; x++)
        {
          double xc = x + 0.5 - cx;
          double d2 = xc * xc + yc * yc;
          double d, fc, oc;

          if (d2 < inner2)
            {
              /* Wholly inside the fill, clear of the outline. */
              if (fs.a > 0)
                blend (row + x, &fs, 255);
              continue;
            }
          d = sqrt (d2);
          fc = CLAMP (r - d + 0.5, 0.0, 1.0);
          if (fs.a > 0 && fc > 0)
            blend (row + x, &fs, (guint) (fc * 255 + 0.5));
          if (os.a > 0)
            {
              oc = across (fabs (d - r), hw);
              if (oc > 0)
                blend (row + x, &os, (guint) (oc * 255 + 0.5));
            }
        }
    }
}

/* Small convex polygons (arrowheads) ----------------------------------------- */

#define MAX_POLY 8

/* Fills the recorded path if it is one small convex polygon of straight
 * sides; returns FALSE (drawing nothing) otherwise. Pixels wholly inside or
 * outside are decided by their centre's distance to the sides; the rest are
 * sampled 4x4, which is what an exact-area rasteriser would give to within
 * a sixteenth. */
static gboolean
raster_convex (DgPainterCairo *self,
               const DgColor  *color)
{
  double px[MAX_POLY], py[MAX_POLY];
  double nx[MAX_POLY], ny[MAX_POLY], off[MAX_POLY];
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  double area = 0;
  guint n = 0, pi = 0;
  Source src;
  int x0, x1, y0, y1;

  for (guint i = 0; i < self->n_ops; i++)
    {
      PathOp op = self->ops[i];

      if ((op == OP_MOVE && i != 0) || op == OP_CURVE || (op == OP_CLOSE && i + 1 != self->n_ops))
        return FALSE;
      if (op == OP_CLOSE)
        break;
      if (n == MAX_POLY)
        return FALSE;
      px[n] = self->pts[pi];
      py[n] = self->pts[pi + 1];
      pi += 2;
      n++;
    }
  if (n < 3)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;

      area += px[i] * py[j] - px[j] * py[i];
      minx = MIN (minx, px[i]);
      maxx = MAX (maxx, px[i]);
      miny = MIN (miny, py[i]);
      maxy = MAX (maxy, py[i]);
    }
  if (fabs (area) < 1e-9 || maxx - minx > 256 || maxy - miny > 256)
    return FALSE;

  /* Inward normals; convex means every vertex is inside every other side. */
  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;
      double ex = px[j] - px[i], ey = py[j] - py[i], l = sqrt (ex * ex + ey * ey);

      if (l < 1e-12)
        return FALSE;
      nx[i] = (area > 0 ? -ey : ey) / l;
      ny[i] = (area > 0 ? ex : -ex) / l;
      off[i] = -(nx[i] * px[i] + ny[i] * py[i]);
      for (guint k = 0; k < n; k++)
        if (nx[i] * px[k] + ny[i] * py[k] + off[i] < -1e-6)
          return FALSE;
    }

  src = source_from_color (color, 1.0);
  if (src.a == 0)
    return TRUE;

  y0 = MAX (self->clip_y0, fast_floor (miny));
  y1 = MIN (self->clip_y1, fast_ceil (maxy));
  x0 = MAX (self->clip_x0, fast_floor (minx));
  x1 = MIN (self->clip_x1, fast_ceil (maxx));

  begin_direct (self);
  for (int y = y0; y < y1; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);

      for (int x = x0; x < x1; x++)
        {
          double cxp = x + 0.5, cyp = y + 0.5, dmin = G_MAXDOUBLE;
          guint cov;

          for (guint i = 0; i < n; i++)
            dmin = MIN (dmin, nx[i] * cxp + ny[i] * cyp + off[i]);
          if (dmin <= -0.71)
            continue;
          if (dmin >= 0.71)
            cov = 255;
          else
            {
              guint hits = 0;

              for (guint sy = 0; sy < 4; sy++)
                for (guint sx = 0; sx < 4; sx++)
                  {
                    double qx = x + 0.125 + 0.25 * sx, qy = y + 0.125 + 0.25 * sy;
                    gboolean in = TRUE;

                    for (guint i = 0; i < n && in; i++)
                      in = nx[i] * qx + ny[i] * qy + off[i] >= 0;
                    hits += in;
                  }
              cov = (hits * 255 + 8) / 16;
            }
          if (cov > 0)
            blend (row + x, &src, cov);
        }
    }
  return TRUE;
}

/* The vtable ---------------------------------------------------------------- */

static void
flush_mask_layer (DgPainterCairo *self)
{
  if (self->mask_layer_depth > 0 && self->mask_color_set)
    mask_flush (self, &self->mask_color, self->group_opacity[self->mask_layer_depth - 1]);
  self->mask_color_set = FALSE;
}

/* Before anything Cairo draws. */
static void
before_cairo (DgPainterCairo *self)
{
  if (self->fast)
    {
      flush_mask_layer (self);
      end_direct (self);
    }
}

static void
cairo_painter_begin_group (DgPainter  *painter,
                           const char *id,
                           const char *css_class,
                           const char *title,
                           double      opacity)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;
  GroupMode mode = GROUP_PLAIN;

  g_return_if_fail (self->depth < MAX_GROUP_DEPTH);

  if (opacity < 1.0)
    {
      if (self->fast && self->mask_layer_depth == 0)
        {
          mode = GROUP_MASK;
          self->mask_layer_depth = self->depth + 1;
          self->mask_color_set = FALSE;
        }
      else if (!self->fast)
        {
          cairo_push_group (self->cr);
          mode = GROUP_PUSHED;
        }
    }

  self->group_mode[self->depth] = mode;
  self->group_opacity[self->depth] = opacity;
  self->depth++;
}

static void
cairo_painter_end_group (DgPainter *painter)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;
  GroupMode mode;

  g_return_if_fail (self->depth > 0);

  self->depth--;
  mode = self->group_mode[self->depth];
  if (mode == GROUP_MASK)
    {
      flush_mask_layer (self);
      self->mask_layer_depth = 0;
    }
  else if (mode == GROUP_PUSHED)
    {
      cairo_pop_group_to_source (self->cr);
      cairo_paint_with_alpha (self->cr, self->group_opacity[self->depth]);
    }
}

static void
cairo_painter_move_to (DgPainter *painter,
                       double     x,
                       double     y)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  cairo_move_to (self->cr, x, y);
  if (self->fast)
    {
      double p[2] = { x, y };

      path_add (self, OP_MOVE, p, 1);
    }
}

static void
cairo_painter_line_to (DgPainter *painter,
                       double     x,
                       double     y)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  cairo_line_to (self->cr, x, y);
  if (self->fast)
    {
      double p[2] = { x, y };

      if (self->n_ops == 0)
        path_add (self, OP_MOVE, p, 1);
      else
        path_add (self, OP_LINE, p, 1);
    }
}

static void
cairo_painter_curve_to (DgPainter *painter,
                        double     x1,
                        double     y1,
                        double     x2,
                        double     y2,
                        double     x3,
                        double     y3)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  cairo_curve_to (self->cr, x1, y1, x2, y2, x3, y3);
  if (self->fast)
    {
      double p[6] = { x1, y1, x2, y2, x3, y3 };

      if (self->n_ops == 0)
        path_add (self, OP_MOVE, p, 1);
      path_add (self, OP_CURVE, p, 3);
    }
}

static void
cairo_painter_close_path (DgPainter *painter)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  cairo_close_path (self->cr);
  if (self->fast && self->n_ops > 0)
    path_add (self, OP_CLOSE, NULL, 0);
}

static void
cairo_painter_fill (DgPainter     *painter,
                    const DgColor *color)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (self->fast && self->mask_layer_depth == 0 && raster_convex (self, color))
    {
      cairo_new_path (self->cr);
      path_reset (self);
      return;
    }

  before_cairo (self);
  set_source (self->cr, color);
  if (self->mask_layer_depth > 0)
    cairo_set_source_rgba (self->cr, color->r, color->g, color->b,
                           color->a * self->group_opacity[self->mask_layer_depth - 1]);
  cairo_fill (self->cr);
  path_reset (self);
}

static void
cairo_painter_stroke (DgPainter           *painter,
                      const DgStrokeStyle *style)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (self->fast)
    {
      StrokeParams sp;

      sp.hw = style->width * self->scale / 2;
      sp.dash_on = style->dash_on > 0 ? style->dash_on * self->scale : 0;
      sp.period = sp.dash_on + style->dash_off * self->scale;
      sp.butt = style->cap == DG_LINE_CAP_BUTT;
      sp.direct = NULL;
      if (sp.dash_on > 0 && !(sp.period > sp.dash_on))
        sp.dash_on = 0;

      if (self->mask_layer_depth > 0)
        {
          /* Inside a translucent group: union strokes of one colour, and
           * blend them when the colour changes or the group ends. */
          if (self->mask_color_set
              && memcmp (&self->mask_color, &style->color, sizeof (DgColor)) != 0)
            flush_mask_layer (self);
          self->mask_color = style->color;
          self->mask_color_set = TRUE;
          raster_path (self, &sp);
        }
      else
        {
          Source src = source_from_color (&style->color, 1.0);

          sp.direct = &src;
          raster_path (self, &sp);
        }
      cairo_new_path (self->cr);
      path_reset (self);
      return;
    }

  set_source (self->cr, &style->color);
  cairo_set_line_width (self->cr, style->width);
  cairo_set_line_cap (self->cr, style->cap == DG_LINE_CAP_ROUND ? CAIRO_LINE_CAP_ROUND
                                                                : CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (self->cr, CAIRO_LINE_JOIN_ROUND);
  if (style->dash_on > 0)
    {
      double dashes[2] = { style->dash_on, style->dash_off };

      cairo_set_dash (self->cr, dashes, 2, 0);
    }
  else
    cairo_set_dash (self->cr, NULL, 0, 0);
  cairo_stroke (self->cr);
  path_reset (self);
}

static void
cairo_painter_disc (DgPainter     *painter,
                    double         cx,
                    double         cy,
                    double         radius,
                    const DgColor *fill,
                    const DgColor *outline,
                    double         outline_width)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (self->fast && self->mask_layer_depth == 0)
    {
      raster_disc (self,
                   cx * self->scale + self->off_x,
                   cy * self->scale + self->off_y,
                   radius * self->scale,
                   fill, outline, outline_width * self->scale);
      return;
    }

  before_cairo (self);
  cairo_new_path (self->cr);
  cairo_arc (self->cr, cx, cy, radius, 0, 2 * G_PI);
  if (fill != NULL)
    {
      set_source (self->cr, fill);
      if (outline != NULL)
        cairo_fill_preserve (self->cr);
      else
        cairo_fill (self->cr);
    }
  if (outline != NULL)
    {
      set_source (self->cr, outline);
      cairo_set_line_width (self->cr, outline_width);
      cairo_set_dash (self->cr, NULL, 0, 0);
      cairo_stroke (self->cr);
    }
  cairo_new_path (self->cr);
}

static void
draw_layout (cairo_t         *cr,
             PangoLayout     *layout,
             const DgTextRun *run)
{
  if (run->halo.a > 0 && run->halo_width > 0)
    {
      cairo_move_to (cr, 0, 0);
      pango_cairo_layout_path (cr, layout);
      set_source (cr, &run->halo);
      cairo_set_line_width (cr, 2 * run->halo_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_stroke (cr);
    }
  cairo_move_to (cr, 0, 0);
  set_source (cr, &run->color);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}

static TextEntry *
text_entry_get (DgPainterCairo  *self,
                const DgTextRun *run)
{
  PangoLayout *layout = run->layout;
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  guint font_hash = desc != NULL ? pango_font_description_hash (desc) : 0;
  TextEntry *entry = g_hash_table_lookup (self->text_cache, layout);
  PangoRectangle ink;
  double hw, x0, y0, x1, y1;
  cairo_t *cr;

  if (entry != NULL && entry->font_hash == font_hash && entry->scale == self->scale
      && entry->halo_width == run->halo_width
      && memcmp (&entry->color, &run->color, sizeof (DgColor)) == 0
      && memcmp (&entry->halo, &run->halo, sizeof (DgColor)) == 0
      && g_strcmp0 (entry->text, pango_layout_get_text (layout)) == 0)
    return entry;

  if (g_hash_table_size (self->text_cache) >= TEXT_CACHE_MAX)
    g_hash_table_remove_all (self->text_cache);

  entry = g_new0 (TextEntry, 1);
  entry->layout = g_object_ref (layout);
  entry->text = g_strdup (pango_layout_get_text (layout));
  entry->font_hash = font_hash;
  entry->color = run->color;
  entry->halo = run->halo;
  entry->halo_width = run->halo_width;
  entry->scale = self->scale;

  pango_layout_get_extents (layout, &ink, NULL);
  hw = run->halo.a > 0 ? run->halo_width : 0;
  x0 = floor (((double) ink.x / PANGO_SCALE - hw) * self->scale) - 1;
  y0 = floor (((double) ink.y / PANGO_SCALE - hw) * self->scale) - 1;
  x1 = ceil (((double) (ink.x + ink.width) / PANGO_SCALE + hw) * self->scale) + 1;
  y1 = ceil (((double) (ink.y + ink.height) / PANGO_SCALE + hw) * self->scale) + 1;
  entry->ox = (int) -x0;
  entry->oy = (int) -y0;
  entry->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                             (int) MAX (x1 - x0, 1), (int) MAX (y1 - y0, 1));
  cr = cairo_create (entry->image);
  /* Whole pixels, then the scale: the glyphs land on the same subpixel
   * positions as they would drawn straight onto the target. */
  cairo_translate (cr, entry->ox, entry->oy);
  cairo_scale (cr, self->scale, self->scale);
  draw_layout (cr, layout, run);
  cairo_destroy (cr);
  cairo_surface_flush (entry->image);

  g_hash_table_replace (self->text_cache, layout, entry);
  return entry;
}

static void
blit_entry (DgPainterCairo *self,
            TextEntry      *entry,
            int             X,
            int             Y)
{
  int w = cairo_image_surface_get_width (entry->image);
  int h = cairo_image_surface_get_height (entry->image);
  int stride = cairo_image_surface_get_stride (entry->image);
  const guint8 *data = cairo_image_surface_get_data (entry->image);
  int left = X - entry->ox, top = Y - entry->oy;
  int ya = MAX (top, self->clip_y0), yb = MIN (top + h, self->clip_y1);
  int xa = MAX (left, self->clip_x0), xb = MIN (left + w, self->clip_x1);

  begin_direct (self);
  for (int y = ya; y < yb; y++)
    {
      const guint32 *src = (const guint32 *) (gconstpointer) (data + (gsize) (y - top) * stride);
      guint32 *row = (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);

      for (int x = xa; x < xb; x++)
        {
          guint32 s = src[x - left];

          if (s != 0)
            blend_premultiplied (row + x, s);
        }
    }
}

static void
cairo_painter_text (DgPainter       *painter,
                    const DgTextRun *run)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;
  g_autoptr(PangoLayout) own = NULL;
  PangoLayout *layout = run->layout;
  double width = run->width;
  double baseline = run->baseline;
  double x, y;

  if (layout == NULL)
    {
      PangoFontDescription *desc;
      PangoRectangle logical;

      own = pango_cairo_create_layout (self->cr);
      desc = pango_font_description_new ();
      pango_font_description_set_family (desc, run->font_family != NULL ? run->font_family : "sans");
      pango_font_description_set_absolute_size (desc, run->size * PANGO_SCALE);
      pango_font_description_set_weight (desc, run->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (own, desc);
      pango_font_description_free (desc);
      /* Plain text, never markup: names come from files. */
      pango_layout_set_text (own, run->text, -1);
      pango_layout_get_extents (own, NULL, &logical);
      width = (double) logical.width / PANGO_SCALE;
      baseline = (double) pango_layout_get_baseline (own) / PANGO_SCALE;
      layout = own;
    }

  x = run->x;
  if (run->align == DG_TEXT_ALIGN_CENTER)
    x -= width / 2;
  else if (run->align == DG_TEXT_ALIGN_RIGHT)
    x -= width;
  y = run->y - baseline;

  if (self->fast && own == NULL && self->mask_layer_depth == 0)
    {
      TextEntry *entry = text_entry_get (self, run);

      blit_entry (self, entry,
                  (int) floor (x * self->scale + self->off_x + 0.5),
                  (int) floor (y * self->scale + self->off_y + 0.5));
      return;
    }

  before_cairo (self);
  /* Text starts on a whole device pixel, on every target, so the cached
   * bitmaps above and this path agree. */
  cairo_user_to_device (self->cr, &x, &y);
  x = floor (x + 0.5);
  y = floor (y + 0.5);
  cairo_device_to_user (self->cr, &x, &y);
  cairo_save (self->cr);
  cairo_translate (self->cr, x, y);
  draw_layout (self->cr, layout, run);
  cairo_restore (self->cr);
}

static void
cairo_painter_finalize (DgPainter *painter)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (self->fast)
    end_direct (self);
  g_clear_pointer (&self->cr, cairo_destroy);
  g_free (self->ops);
  g_free (self->pts);
  g_free (self->flat);
  g_free (self->seg);
  g_free (self->mask);
  g_free (self->row_x0);
  g_free (self->row_x1);
  g_hash_table_unref (self->text_cache);
}

static const DgPainterVTable cairo_vtable = {
  cairo_painter_begin_group,
  cairo_painter_end_group,
  cairo_painter_move_to,
  cairo_painter_line_to,
  cairo_painter_curve_to,
  cairo_painter_close_path,
  cairo_painter_fill,
  cairo_painter_stroke,
  cairo_painter_disc,
  cairo_painter_text,
  cairo_painter_finalize,
};

/**
 * dg_painter_cairo_new:
 * @cr: (nullable): the context to draw on; see dg_painter_cairo_set_target()
 *
 * Returns: (transfer full): a painter drawing with Cairo
 */
DgPainter *
dg_painter_cairo_new (cairo_t *cr)
{
  DgPainterCairo *self = g_new0 (DgPainterCairo, 1);

  self->parent.vtable = &cairo_vtable;
  self->parent.wants_ids = FALSE;
  self->fast_enabled = TRUE;
  self->text_cache = g_hash_table_new_full (NULL, NULL, NULL, text_entry_free);
  dg_painter_cairo_set_target (&self->parent, cr);

  return &self->parent;
}

/**
 * dg_painter_cairo_set_target:
 * @painter: a Cairo painter
 * @cr: (nullable): the context to draw on next
 *
 * Points the painter at another context (the next frame), keeping its
 * scratch buffers. The context's transform and clip are read now: change
 * them only through a new call. Call with %NULL when the frame is done, so
 * pixels written directly are made known to Cairo.
 */
void
dg_painter_cairo_set_target (DgPainter *painter,
                             cairo_t   *cr)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  g_return_if_fail (painter != NULL && painter->vtable == &cairo_vtable);

  if (self->fast)
    {
      flush_mask_layer (self);
      end_direct (self);
    }
  self->fast = FALSE;
  self->depth = 0;
  self->mask_layer_depth = 0;
  path_reset (self);

  if (cr != NULL)
    cairo_reference (cr);
  g_clear_pointer (&self->cr, cairo_destroy);
  self->cr = cr;

  setup_fast_path (self);
}

/**
 * dg_painter_cairo_get_fast_path:
 *
 * Returns: whether strokes and discs are rasterised directly on this target
 */
gboolean
dg_painter_cairo_get_fast_path (DgPainter *painter)
{
  g_return_val_if_fail (painter != NULL && painter->vtable == &cairo_vtable, FALSE);
  return ((DgPainterCairo *) painter)->fast;
}

/**
 * dg_painter_cairo_set_fast_path_enabled:
 *
 * Turns the direct rasteriser off (everything through Cairo), for
 * comparisons in tests and benchmarks. Takes effect at the next target.
 */
void
dg_painter_cairo_set_fast_path_enabled (DgPainter *painter,
                                        gboolean   enabled)
{
  g_return_if_fail (painter != NULL && painter->vtable == &cairo_vtable);
  ((DgPainterCairo *) painter)->fast_enabled = !!enabled;
}

/**
 * dg_painter_free:
 * @painter: (transfer full) (nullable): a painter
 */
void
dg_painter_free (DgPainter *painter)
{
  if (painter == NULL)
    return;
  painter->vtable->finalize (painter);
  g_free (painter);
}

/**
 * dg_painter_rounded_rectangle:
 *
 * Adds a rectangle with rounded corners to the painter's path.
 */
void
dg_painter_rounded_rectangle (DgPainter *p,
                              double     x,
                              double     y,
                              double     w,
                              double     h,
                              double     r)
{
  double k;

  g_return_if_fail (p != NULL);

  r = MIN (r, MIN (w, h) / 2);
  /* A quarter circle as one cubic. */
  k = 0.5522847498 * r;
  dg_painter_move_to (p, x + r, y);
  dg_painter_line_to (p, x + w - r, y);
  dg_painter_curve_to (p, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
  dg_painter_line_to (p, x + w, y + h - r);
  dg_painter_curve_to (p, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
  dg_painter_line_to (p, x + r, y + h);
  dg_painter_curve_to (p, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
  dg_painter_line_to (p, x, y + r);
  dg_painter_curve_to (p, x, y + r - k, x + r - k, y, x + r, y);
  dg_painter_close_path (p);
}
