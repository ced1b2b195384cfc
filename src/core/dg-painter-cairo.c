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

  /* Flattened sub-path scratch. */
  double *flat;
  guint cap_flat;

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
} DgPainterCairo;

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

/* OVER-blends a straight colour (8-bit channels, 8-bit alpha already
 * multiplied by coverage) into a premultiplied ARGB32/RGB24 pixel. */
static inline void
blend_pixel (guint32 *p,
             guint    r,
             guint    g,
             guint    b,
             guint    a)
{
  guint32 d = *p;
  guint ia = 255 - a;
  guint da = d >> 24;
  guint dr = (d >> 16) & 0xff;
  guint dg = (d >> 8) & 0xff;
  guint db = d & 0xff;

  dr = div255 (r * a + dr * ia);
  dg = div255 (g * a + dg * ia);
  db = div255 (b * a + db * ia);
  da = a + div255 (da * ia);
  *p = (da << 24) | (dr << 16) | (dg << 8) | db;
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

/* Blends @color through the mask and clears what it read. */
static void
mask_flush (DgPainterCairo *self,
            const DgColor  *color,
            double          opacity)
{
  guint r = (guint) (CLAMP (color->r, 0, 1) * 255 + 0.5);
  guint g = (guint) (CLAMP (color->g, 0, 1) * 255 + 0.5);
  guint b = (guint) (CLAMP (color->b, 0, 1) * 255 + 0.5);
  guint a = (guint) (CLAMP (color->a * opacity, 0, 1) * 255 + 0.5);

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
          blend_pixel (row + x, r, g, b, div255 (a * cov));
        }
      self->row_x0[y] = G_MAXINT;
      self->row_x1[y] = -1;
    }

  self->dirty_y0 = 0;
  self->dirty_y1 = 0;
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
  double ux, uy;
  double R = sp->hw + 0.5;
  double t_lo, t_hi;
  int y0, y1;

  if (len < 1e-9)
    return;
  ux = dx / len;
  uy = dy / len;
  t_lo = butt_start ? -0.5 : -R;
  t_hi = butt_end ? len + 0.5 : len + R;

  y0 = (int) floor (MIN (ay, by) - R - 0.5);
  y1 = (int) ceil (MAX (ay, by) + R + 0.5);
  y0 = MAX (y0, self->clip_y0);
  y1 = MIN (y1, self->clip_y1);

  for (int y = y0; y < y1; y++)
    {
      double yc = y + 0.5 - ay;
      double lo = -G_MAXDOUBLE, hi = G_MAXDOUBLE;
      int x0, x1;
      guint8 *m;
      int wrote_x0 = G_MAXINT, wrote_x1 = -1;

      /* Pixel centres within R of the line... */
      if (fabs (uy) > 1e-12)
        {
          double a = (yc * ux - R) / uy;
          double b = (yc * ux + R) / uy;

          lo = MIN (a, b);
          hi = MAX (a, b);
        }
      else if (fabs (yc * ux) > R)
        continue;

      /* ...and between the ends. */
      if (fabs (ux) > 1e-12)
        {
          double a = (t_lo - yc * uy) / ux;
          double b = (t_hi - yc * uy) / ux;

          lo = MAX (lo, MIN (a, b));
          hi = MIN (hi, MAX (a, b));
        }
      else if (yc * uy < t_lo || yc * uy > t_hi)
        continue;

      if (lo > hi)
        continue;

      x0 = (int) MAX ((double) self->clip_x0, ceil (ax + lo - 0.5));
      x1 = (int) MIN ((double) self->clip_x1 - 1, floor (ax + hi - 0.5));
      if (x0 > x1)
        continue;

      m = self->mask + (gsize) y * self->mask_w;
      for (int x = x0; x <= x1; x++)
        {
          double px = x + 0.5 - ax;
          double t = px * ux + yc * uy;
          double d = fabs (px * uy - yc * ux);
          double along = 1.0;
          double cov;
          guint c;

          if (t < 0)
            {
              if (butt_start)
                along = MAX (0.0, t + 0.5);
              else
                d = sqrt (px * px + yc * yc);
            }
          else if (t > len)
            {
              if (butt_end)
                along = MAX (0.0, len - t + 0.5);
              else
                {
                  double ex = px - dx, ey = yc - dy;

                  d = sqrt (ex * ex + ey * ey);
                }
            }

          cov = across (d, sp->hw) * along;
          if (sp->dash_on > 0 && cov > 0)
            cov *= dash_coverage (sp, s0 + CLAMP (t, 0, len));
          c = (guint) (cov * 255.0 + 0.5);
          if (c == 0)
            continue;
          if (c > m[x])
            m[x] = (guint8) c;
          if (x < wrote_x0)
            wrote_x0 = x;
          wrote_x1 = x + 1;
        }

      if (wrote_x1 > wrote_x0)
        mask_mark_row (self, y, wrote_x0, wrote_x1);
    }
}

/* Flattens a cubic into @self->flat after the point already there. */
static guint
flatten_cubic (DgPainterCairo *self,
               guint           n,
               const double   *p)
{
  /* How far the control points stray from the chord, dd, bounds the error
   * of a polyline with k equal steps by about 3 dd / (4 k^2); aim at 0.1 px
   * so a long, gently bent deal shows no corners. */
  double dd = 0;
  guint k;

  for (guint i = 1; i <= 2; i++)
    {
      double ex = p[2 * i] - (p[0] + (p[6] - p[0]) * i / 3.0);
      double ey = p[2 * i + 1] - (p[1] + (p[7] - p[1]) * i / 3.0);

      dd = MAX (dd, sqrt (ex * ex + ey * ey));
    }
  k = (guint) CLAMP (ceil (sqrt (dd * 7.5)), 1, 128);

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

  for (guint i = 0; i + 1 < n; i++)
    {
      double ax = self->flat[2 * i], ay = self->flat[2 * i + 1];
      double bx = self->flat[2 * i + 2], by = self->flat[2 * i + 3];

      raster_segment (self, sp, ax, ay, bx, by, s,
                      sp->butt && !closed && i == 0,
                      sp->butt && !closed && i + 2 == n);
      s += sqrt ((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
    }
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

static inline void
color_to_8 (const DgColor *c,
            guint         *r,
            guint         *g,
            guint         *b,
            guint         *a)
{
  *r = (guint) (CLAMP (c->r, 0, 1) * 255 + 0.5);
  *g = (guint) (CLAMP (c->g, 0, 1) * 255 + 0.5);
  *b = (guint) (CLAMP (c->b, 0, 1) * 255 + 0.5);
  *a = (guint) (CLAMP (c->a, 0, 1) * 255 + 0.5);
}

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
  guint fr, fg, fb, fa, or_, og, ob, oa;
  double hw = outline != NULL ? ow / 2 : 0;
  double R = r + hw + 0.5;
  double inner = MAX (0.0, r - hw - 0.5);
  double inner2 = inner * inner;
  int y0 = MAX (self->clip_y0, (int) floor (cy - R));
  int y1 = MIN (self->clip_y1, (int) ceil (cy + R));

  if (fill != NULL)
    color_to_8 (fill, &fr, &fg, &fb, &fa);
  else
    fr = fg = fb = fa = 0;
  if (outline != NULL)
    color_to_8 (outline, &or_, &og, &ob, &oa);
  else
    or_ = og = ob = oa = 0;

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
      x0 = MAX (self->clip_x0, (int) floor (cx - half));
      x1 = MIN (self->clip_x1, (int) ceil (cx + half));
      row = (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);

      for (int x = x0; x < x1; x++)
        {
          double xc = x + 0.5 - cx;
          double d2 = xc * xc + yc * yc;
          double d, fc, oc;

          if (d2 < inner2)
            {
              /* Wholly inside the fill, clear of the outline. */
              if (fa > 0)
                blend_pixel (row + x, fr, fg, fb, fa);
              continue;
            }
          d = sqrt (d2);
          fc = CLAMP (r - d + 0.5, 0.0, 1.0);
          if (fa > 0 && fc > 0)
            blend_pixel (row + x, fr, fg, fb, div255 (fa * (guint) (fc * 255 + 0.5)));
          if (oa > 0)
            {
              oc = across (fabs (d - r), hw);
              if (oc > 0)
                blend_pixel (row + x, or_, og, ob, div255 (oa * (guint) (oc * 255 + 0.5)));
            }
        }
    }
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
          raster_path (self, &sp);
          mask_flush (self, &style->color, 1.0);
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
cairo_painter_text (DgPainter       *painter,
                    const DgTextRun *run)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;
  g_autoptr(PangoLayout) own = NULL;
  PangoLayout *layout = run->layout;
  double width = run->width;
  double baseline = run->baseline;
  double x;

  before_cairo (self);

  if (layout == NULL)
    {
      PangoFontDescription *desc;
      PangoRectangle logical;

      own = pango_cairo_create_layout (self->cr);
      desc = pango_font_description_from_string (run->font_family != NULL ? run->font_family : "sans");
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

  if (run->halo.a > 0 && run->halo_width > 0)
    {
      cairo_move_to (self->cr, x, run->y - baseline);
      pango_cairo_layout_path (self->cr, layout);
      set_source (self->cr, &run->halo);
      cairo_set_line_width (self->cr, 2 * run->halo_width);
      cairo_set_line_join (self->cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_dash (self->cr, NULL, 0, 0);
      cairo_stroke (self->cr);
    }

  cairo_move_to (self->cr, x, run->y - baseline);
  set_source (self->cr, &run->color);
  pango_cairo_show_layout (self->cr, layout);
  cairo_new_path (self->cr);
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
  g_free (self->mask);
  g_free (self->row_x0);
  g_free (self->row_x1);
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
