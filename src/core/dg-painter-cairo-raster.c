/* dg-painter-cairo-raster.c: the Cairo painter's own rasteriser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the operations dg-painter-cairo.c queued (strokes, discs, convex
 * polygons, cached text) straight into an image surface's pixels, band by
 * band, on one or two threads; dg-painter-cairo.c says why and how.
 */
#define G_LOG_DOMAIN "dealgraph-painter"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-painter-cairo-private.h"

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

/* OVER with coverage @cov (0..255) into a premultiplied ARGB32 pixel
 * (RGB24 surfaces ignore the alpha byte). Written as one interpolation
 * toward the opaque colour by the effective alpha, a cov / 255: the same
 * as premultiplying the source and adding the rest of the destination
 * (within a unit of rounding), with two divisions by 255 a pair of
 * channels instead of four. */
static inline void
blend (guint32      *p,
       const Source *src,
       guint         cov)
{
  guint32 d = *p;
  guint a = cov == 255 ? src->a : div255 (src->a * cov);
  guint ia = 255 - a;

  *p = div255_packed ((d & 0x00ff00ff) * ia + src->rb * a)
       | (div255_packed (((d >> 8) & 0x00ff00ff) * ia + src->ag * a) << 8);
}

/* blend() without the test for full coverage, for loops where a
 * mispredicted branch costs more than the arithmetic. */
static inline void
blend_partial (guint32      *p,
               const Source *src,
               guint         cov)
{
  guint32 d = *p;
  guint a = div255 (src->a * cov);
  guint ia = 255 - a;

  *p = div255_packed ((d & 0x00ff00ff) * ia + src->rb * a)
       | (div255_packed (((d >> 8) & 0x00ff00ff) * ia + src->ag * a) << 8);
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

/* Floor and ceiling of values already clamped to the surface, for the
 * inner loops: the limits above cost a tenth of a frame there. */
static inline int
floor_int (double x)
{
  int i = (int) x;

  return i - (x < i);
}

static inline int
ceil_int (double x)
{
  int i = (int) x;

  return i + (x > i);
}

/* Coverage of [d - 0.5, d + 0.5] by [-hw, hw]: a unit box filter across the
 * line. Exact for the perpendicular profile, and gives a line thinner than a
 * pixel its true weight instead of widening it. */
static inline double
across (double d,
        double hw)
{
  return MAX (MIN (d + 0.5, hw) - MAX (d - 0.5, -hw), 0.0);
}

static inline double
dash_coverage (const QOp *op,
               double     s)
{
  double p = fmod (s, op->period);
  double c;

  if (p < 0)
    p += op->period;
  /* The dash in this period, and the start of the next one. */
  c = MAX (0.0, MIN (p + 0.5, op->dash_on) - MAX (p - 0.5, 0.0));
  c += MAX (0.0, MIN (p + 0.5, op->period + op->dash_on) - MAX (p - 0.5, op->period));
  return MIN (c, 1.0);
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

void
dg_painter_cairo_end_direct (DgPainterCairo *self)
{
  if (self->pixels_dirty)
    {
      cairo_surface_mark_dirty (self->target);
      self->pixels_dirty = FALSE;
    }
}

static inline guint32 *
pixel_row (DgPainterCairo *self,
           int             y)
{
  return (guint32 *) (gpointer) (self->data + (gsize) y * self->stride);
}

/* The mask ------------------------------------------------------------------ */

static inline void
mask_mark_row (DgPainterCairo *self,
               int             y,
               int             x0,
               int             x1)
{
  if (x0 < self->row_x0[y])
    self->row_x0[y] = x0;
  if (x1 > self->row_x1[y])
    self->row_x1[y] = x1;
}

/* Blends @src through the mask in the band's rows and clears what it read. */
static void
mask_flush_rows (DgPainterCairo *self,
                 const Raster   *r,
                 const Source   *src)
{
  for (int y = r->clip_y0; y < r->clip_y1; y++)
    {
      int x0 = self->row_x0[y];
      int x1 = self->row_x1[y];
      guint8 *m;
      guint32 *row;

      if (x0 >= x1)
        continue;
      m = self->mask + (gsize) y * self->mask_w;
      row = pixel_row (self, y);
      for (int x = x0; x < x1; x++)
        {
          guint cov = m[x];

          if (cov == 0)
            continue;
          m[x] = 0;
          if (src->a > 0)
            blend (row + x, src, cov);
        }
      self->row_x0[y] = G_MAXINT;
      self->row_x1[y] = -1;
    }
}

/* Strokes ------------------------------------------------------------------- */

/* One straight piece of a stroke, blended straight into the pixels (or, in a
 * translucent group, maxed into the mask). The pieces of one polyline split
 * their joints on the bisectors, so every pixel belongs to one piece and is
 * blended once: no mask, and half the memory traffic. (A mitred joint; on
 * the gentle bends of a flattened curve it cannot be told from a round one.)
 * Walks only pixel centres within half a pixel of the outline: per row, the
 * span where the constraints below overlap. */
static void
raster_piece (DgPainterCairo *self,
              const Raster   *r,
              const QOp      *op,
              const Seg      *sg,
              EndKind         start,
              double          snx,
              double          sny,
              EndKind         end,
              double          enx,
              double          eny)
{
  double ax = sg->ax, ay = sg->ay, ux = sg->ux, uy = sg->uy, len = sg->len;
  double hw = op->hw;
  double R = hw + 0.5;
  double bx = ax + ux * len, by = ay + uy * len;
  gboolean to_mask = op->kind == QOP_MASK_STROKE;
  /* Constraints a x + b y + c >= 0 on pixel centres... */
  double ca[4], cb[4], cc[4];
  /* ...as lines bounding x in y. */
  double lo_m[4], lo_q[4], hi_m[4], hi_q[4];
  guint nc = 0, n_lo = 0, n_hi = 0;
  int y0, y1;

  /* Within R of the line, both sides. */
  ca[nc] = -uy; cb[nc] = ux; cc[nc] = R - (-uy * ax + ux * ay); nc++;
  ca[nc] = uy; cb[nc] = -ux; cc[nc] = R - (uy * ax - ux * ay); nc++;

  if (start == END_JOINT)
    {
      ca[nc] = snx; cb[nc] = sny; cc[nc] = -(snx * ax + sny * ay); nc++;
    }
  else
    {
      double back = start == END_BUTT ? 0.5 : R;

      ca[nc] = ux; cb[nc] = uy; cc[nc] = back - (ux * ax + uy * ay); nc++;
    }
  if (end == END_JOINT)
    {
      ca[nc] = -enx; cb[nc] = -eny; cc[nc] = enx * bx + eny * by; nc++;
    }
  else
    {
      double fwd = end == END_BUTT ? 0.5 : R;

      ca[nc] = -ux; cb[nc] = -uy; cc[nc] = fwd + (ux * bx + uy * by); nc++;
    }

  y0 = MAX (r->clip_y0, fast_floor (sg->y0));
  y1 = MIN (r->clip_y1, fast_floor (sg->y1) + 1);

  /* So that a row costs a few multiply-adds and no division or branch:
   * four bounds on each side (unused ones never bind), and constraints on
   * y alone narrow the rows instead. */
  for (guint k = 0; k < 4; k++)
    {
      lo_m[k] = hi_m[k] = 0;
      lo_q[k] = -1e30;
      hi_q[k] = 1e30;
    }
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
      else if (cb[k] > 1e-12)
        y0 = MAX (y0, fast_ceil (-cc[k] / cb[k] - 0.5));      /* centre y + 0.5 >= -c/b */
      else if (cb[k] < -1e-12)
        y1 = MIN (y1, fast_floor (-cc[k] / cb[k] - 0.5) + 1);
      else if (cc[k] < 0)
        return;
    }

  for (int y = y0; y < y1; y++)
    {
      double yc = y + 0.5;
      double lo = self->clip_x0 + 0.5, hi = self->clip_x1 - 0.5;
      double px, t, c, t_last;
      guint32 *row;
      guint8 *mrow;
      int x0, x1;

      lo = MAX (lo, MAX (MAX (lo_m[0] * yc + lo_q[0], lo_m[1] * yc + lo_q[1]),
                         MAX (lo_m[2] * yc + lo_q[2], lo_m[3] * yc + lo_q[3])));
      hi = MIN (hi, MIN (MIN (hi_m[0] * yc + hi_q[0], hi_m[1] * yc + hi_q[1]),
                         MIN (hi_m[2] * yc + hi_q[2], hi_m[3] * yc + hi_q[3])));
      if (lo > hi)
        continue;
      /* lo and hi lie within the clip here. */
      x0 = ceil_int (lo - 0.5);
      x1 = floor_int (hi - 0.5);
      if (x0 > x1)
        continue;

      row = pixel_row (self, y);
      mrow = self->mask + (gsize) y * self->mask_w;
      px = x0 + 0.5 - ax;
      t = px * ux + (yc - ay) * uy;
      c = px * uy - (yc - ay) * ux;
      t_last = t + (x1 - x0) * ux;

      /* Most rows lie wholly between the ends and are solid: a tight loop
       * for them. */
      if (op->dash_on <= 0
          && (start == END_JOINT || MIN (t, t_last) >= 0.5)
          && (end == END_JOINT || MAX (t, t_last) <= len - 0.5))
        {
          /* Single precision: a row is at most a few thousand steps. */
          float cf = (float) c, uyf = (float) uy;
          float hw_hi = (float) (hw + 0.5);
          float thin = (float) (MIN (2 * hw, 1.0) * 255.0);

          if (to_mask)
            {
              for (int x = x0; x <= x1; x++, cf += uyf)
                {
                  /* across() spelt out for floats, without branches: full
                   * inside, a ramp at the edges, a line thinner than a
                   * pixel never above its width. */
                  float ramp = (hw_hi - fabsf (cf)) * 255.0f;
                  guint v = (guint) (MIN (MAX (ramp, 0.0f), thin) + 0.5f);

                  mrow[x] = (guint8) MAX (v, (guint) mrow[x]);
                }
            }
          else
            {
              for (int x = x0; x <= x1; x++, cf += uyf)
                {
                  float ramp = (hw_hi - fabsf (cf)) * 255.0f;
                  guint v = (guint) (MIN (MAX (ramp, 0.0f), thin) + 0.5f);

                  /* Blending nothing changes nothing: no branch needed. */
                  blend_partial (row + x, &op->src, v);
                }
            }
        }
      else
        {
          for (int x = x0; x <= x1; x++, t += ux, c += uy)
            {
              double d = fabs (c);
              double along = 1.0, cov;
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

              cov = across (d, hw) * MAX (along, 0.0);
              if (op->dash_on > 0 && cov > 0)
                cov *= dash_coverage (op, sg->s0 + CLAMP (t, 0, len));

              v = (guint) (cov * 255.0 + 0.5);
              if (v == 0)
                continue;
              if (to_mask)
                {
                  if (v > mrow[x])
                    mrow[x] = (guint8) v;
                }
              else
                blend (row + x, &op->src, v);
            }
        }
      if (to_mask)
        mask_mark_row (self, y, x0, x1 + 1);
    }
}

/* A piece as a capsule (round at both ends, butt at the stroke's ends), for
 * polylines with joints too sharp for the bisector split: always into the
 * mask, whose max joins the pieces without double blending. */
static void
raster_capsule (DgPainterCairo *self,
                const Raster   *r,
                const QOp      *op,
                const Seg      *sg,
                gboolean        butt_start,
                gboolean        butt_end)
{
  double ux = sg->ux, uy = sg->uy, len = sg->len, ax = sg->ax, ay = sg->ay;
  double hw = op->hw;
  double R = hw + 0.5;
  double t_lo = butt_start ? -0.5 : -R;
  double t_hi = butt_end ? len + 0.5 : len + R;
  int y0 = MAX (r->clip_y0, fast_floor (sg->y0));
  int y1 = MIN (r->clip_y1, fast_floor (sg->y1) + 1);

  for (int y = y0; y < y1; y++)
    {
      double yc = y + 0.5 - ay;
      guint8 *m = self->mask + (gsize) y * self->mask_w;
      int x0 = self->clip_x0, x1 = self->clip_x1 - 1;
      int w0 = G_MAXINT, w1 = -1;

      /* A capsule is short: scan its bounding columns. */
      x0 = MAX (x0, fast_floor (MIN (ax, ax + ux * len) - R - 1));
      x1 = MIN (x1, fast_ceil (MAX (ax, ax + ux * len) + R + 1));
      for (int x = x0; x <= x1; x++)
        {
          double px = x + 0.5 - ax;
          double t = px * ux + yc * uy;
          double d = fabs (px * uy - yc * ux);
          double along = 1.0, cov;
          guint v;

          if (t < t_lo || t > t_hi)
            continue;
          if (t < 0)
            {
              if (butt_start)
                along = t + 0.5;
              else
                d = sqrt (px * px + yc * yc);
            }
          else if (t > len)
            {
              if (butt_end)
                along = len - t + 0.5;
              else
                d = sqrt ((t - len) * (t - len) + d * d);
            }
          cov = across (d, hw) * MAX (along, 0.0);
          if (op->dash_on > 0 && cov > 0)
            cov *= dash_coverage (op, sg->s0 + CLAMP (t, 0, len));
          v = (guint) (cov * 255.0 + 0.5);
          if (v == 0)
            continue;
          if (v > m[x])
            m[x] = (guint8) v;
          w0 = MIN (w0, x);
          w1 = x + 1;
        }
      if (w1 > w0)
        mask_mark_row (self, y, w0, w1);
    }
}

/* One pixel of a thin piece: blended, or (in a translucent group) maxed
 * into the mask. @v is the coverage, 0..255. */
#define THIN_BLEND(x, y, v)                                                   \
  G_STMT_START {                                                              \
    if ((v) > 0)                                                              \
      blend_partial (pixel_row (self, y) + (x), &op->src, (v));               \
  } G_STMT_END

#define THIN_MASK(x, y, v)                                                    \
  G_STMT_START {                                                              \
    guint8 *mp_ = self->mask + (gsize) (y) * self->mask_w + (x);              \
                                                                              \
    if ((v) > *mp_)                                                           \
      *mp_ = (guint8) (v);                                                    \
    mask_mark_row (self, y, x, (x) + 1);                                      \
  } G_STMT_END

/* Steps along the major axis: for each step s (a column, or a row) from
 * s0 to s1, the cross-section [m - half, m + half] with m moving by @slope
 * a step, over the minor-axis pixels lo_lim .. hi_lim - 1, each pixel's
 * coverage weighted by how much of the step the piece covers. PIXEL (s, k,
 * v) for a column step is pixel (s, k). */
#define THIN_STEPS(PIXEL, s0, s1, s_lo, s_hi, m0, slope, half, lo_lim, hi_lim) \
  G_STMT_START {                                                              \
    double m_ = (m0);                                                         \
                                                                              \
    for (int s_ = (s0); s_ <= (s1); s_++, m_ += (slope))                      \
      {                                                                       \
        double along_ = MIN (s_ + 1.0, s_hi) - MAX ((double) s_, s_lo);       \
        double a_ = MAX (m_ - (half), (lo_lim) - 1.0);                        \
        double b_ = MIN (m_ + (half), (double) (hi_lim));                     \
        /* Both at least -1: truncating a + 1 floors. */                      \
        int k0_ = (int) (a_ + 1.0) - 1, k1_ = (int) (b_ + 1.0) - 1;           \
        double w_;                                                            \
                                                                              \
        /* Nothing in this band: never a pixel outside it (another thread   \
         * may be in the next). */                                            \
        if (along_ <= 0 || !(a_ < (hi_lim) && b_ > (lo_lim)))                \
          continue;                                                           \
        w_ = along_ * 255.0;                                                  \
        if (k0_ == k1_)                                                       \
          {                                                                   \
            if (k0_ >= (lo_lim) && k0_ < (hi_lim))                            \
              PIXEL (s_, k0_, (guint) ((b_ - a_) * w_ + 0.5));                \
            continue;                                                         \
          }                                                                   \
        if (k0_ >= (lo_lim))                                                  \
          PIXEL (s_, k0_, (guint) ((k0_ + 1.0 - a_) * w_ + 0.5));             \
        else                                                                  \
          k0_ = (lo_lim) - 1;                                                 \
        if (k1_ >= (hi_lim))                                                  \
          k1_ = (hi_lim);                                                     \
        else if (k1_ > k0_)                                                   \
          PIXEL (s_, k1_, (guint) ((b_ - k1_) * w_ + 0.5));                   \
        for (int k_ = k0_ + 1; k_ < k1_; k_++)                                \
          PIXEL (s_, k_, (guint) (w_ + 0.5));                                 \
      }                                                                       \
  } G_STMT_END

#define COLUMN_BLEND(s, k, v) THIN_BLEND (s, k, v)
#define COLUMN_MASK(s, k, v) THIN_MASK (s, k, v)
#define ROW_BLEND(s, k, v) THIN_BLEND (k, s, v)
#define ROW_MASK(s, k, v) THIN_MASK (k, s, v)

/* A solid piece of a stroke up to THIN_MAX_WIDTH wide, stepped along its
 * major axis: one step per pixel, the line's cross-section along the minor
 * axis (its width over the cosine of its slope, so diagonal lines keep
 * their weight) shared between the pixels it overlaps, and each step
 * weighted by how much of it the piece covers, so the pieces of a curve
 * meet without a seam. For the deals and bands of a zoomed-out diagram it
 * visits the pixels a row-by-row scan does, without setting up each row. */
static void
run_thin_piece (DgPainterCairo *self,
                const Raster   *r,
                const QOp      *op,
                const Seg      *sg)
{
  double w = 2 * op->hw;
  double ax = sg->ax, ay = sg->ay;
  double bx = ax + sg->ux * sg->len, by = ay + sg->uy * sg->len;
  gboolean to_mask = op->kind == QOP_MASK_STROKE;

  if (fabs (sg->ux) >= fabs (sg->uy))
    {
      /* x-major: a column per step. */
      double x_lo = MIN (ax, bx), x_hi = MAX (ax, bx);
      double slope = sg->uy / sg->ux;
      double half = w / fabs (sg->ux) / 2;
      int c0 = MAX (self->clip_x0, fast_floor (x_lo));
      int c1 = MIN (self->clip_x1 - 1, fast_floor (x_hi));
      double m0;

      /* Only the columns whose line passes through this band. */
      if (fabs (slope) > 1e-12)
        {
          double xa = ax + (r->clip_y0 - half - 1 - ay) / slope;
          double xb = ax + (r->clip_y1 + half + 1 - ay) / slope;

          c0 = MAX (c0, fast_floor (MIN (xa, xb)));
          c1 = MIN (c1, fast_ceil (MAX (xa, xb)));
        }
      else if (ay + half < r->clip_y0 - 1 || ay - half > r->clip_y1 + 1)
        return;
      m0 = ay + (c0 + 0.5 - ax) * slope;
      if (to_mask)
        THIN_STEPS (COLUMN_MASK, c0, c1, x_lo, x_hi, m0, slope, half, r->clip_y0, r->clip_y1);
      else
        THIN_STEPS (COLUMN_BLEND, c0, c1, x_lo, x_hi, m0, slope, half, r->clip_y0, r->clip_y1);
    }
  else
    {
      /* y-major: a row per step. */
      double y_lo = MIN (ay, by), y_hi = MAX (ay, by);
      double slope = sg->ux / sg->uy;
      double half = w / fabs (sg->uy) / 2;
      int r0 = MAX (r->clip_y0, fast_floor (y_lo));
      int r1 = MIN (r->clip_y1 - 1, fast_floor (y_hi));
      double m0 = ax + (r0 + 0.5 - ay) * slope;

      if (to_mask)
        THIN_STEPS (ROW_MASK, r0, r1, y_lo, y_hi, m0, slope, half, self->clip_x0, self->clip_x1);
      else
        THIN_STEPS (ROW_BLEND, r0, r1, y_lo, y_hi, m0, slope, half, self->clip_x0, self->clip_x1);
    }
}

static void
run_stroke (DgPainterCairo *self,
            const Raster   *r,
            const QOp      *op)
{
  const Seg *sg = self->segs + op->first;
  guint m = op->n;

  if (!op->split)
    {
      for (guint i = 0; i < m; i++)
        if (sg[i].y1 >= r->clip_y0 && sg[i].y0 < r->clip_y1)
          raster_capsule (self, r, op, &sg[i],
                          op->butt && !op->closed && i == 0,
                          op->butt && !op->closed && i + 1 == m);
      if (op->kind == QOP_STROKE)
        mask_flush_rows (self, r, &op->src);
      return;
    }

  if (op->thin)
    {
      for (guint i = 0; i < m; i++)
        if (sg[i].y1 >= r->clip_y0 && sg[i].y0 < r->clip_y1)
          run_thin_piece (self, r, op, &sg[i]);
      return;
    }

  for (guint i = 0; i < m; i++)
    if (sg[i].y1 >= r->clip_y0 && sg[i].y0 < r->clip_y1)
      raster_piece (self, r, op, &sg[i], sg[i].start, sg[i].snx, sg[i].sny,
                    sg[i].end, sg[i].enx, sg[i].eny);
}

/* Discs -------------------------------------------------------------------- */

/* A filled circle, then its outline stroked on the circle, as Cairo would
 * draw arc-fill-stroke; one pass over the pixels. */
static void
run_disc (DgPainterCairo *self,
          const Raster   *r,
          const QOp      *op)
{
  double cx = op->cx, cy = op->cy, rad = op->r;
  double hw = op->has_outline ? op->ow / 2 : 0;
  double R = rad + hw + 0.5;
  double inner = MAX (0.0, rad - hw - 0.5);
  double inner2 = inner * inner;
  int y0 = MAX (r->clip_y0, fast_floor (cy - R));
  int y1 = MIN (r->clip_y1, fast_ceil (cy + R));

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
      row = pixel_row (self, y);

      for (int x = x0; x < x1; x++)
        {
          double xc = x + 0.5 - cx;
          double d2 = xc * xc + yc * yc;
          double d, fc, oc;

          if (d2 < inner2)
            {
              /* Wholly inside the fill, clear of the outline. */
              if (op->has_fill)
                blend (row + x, &op->src, 255);
              continue;
            }
          d = sqrt (d2);
          fc = CLAMP (rad - d + 0.5, 0.0, 1.0);
          if (op->has_fill && fc > 0)
            blend (row + x, &op->src, (guint) (fc * 255 + 0.5));
          if (op->has_outline)
            {
              oc = across (fabs (d - rad), hw);
              if (oc > 0)
                blend (row + x, &op->src2, (guint) (oc * 255 + 0.5));
            }
        }
    }
}

/* Small convex polygons (arrowheads) ----------------------------------------- */

/* Pixels wholly inside or outside are decided by their centre's distance to
 * the sides; the rest are sampled 4x4, which is what an exact-area
 * rasteriser would give to within a sixteenth. */
static void
run_convex (DgPainterCairo *self,
            const Raster   *r,
            const QOp      *op)
{
  const double *p = self->poly + op->first;
  guint n = op->n;
  double nx[MAX_POLY], ny[MAX_POLY], off[MAX_POLY];
  double minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, area = 0;
  int x0, x1, y0, y1;

  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;

      area += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
      minx = MIN (minx, p[2 * i]);
      maxx = MAX (maxx, p[2 * i]);
    }
  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;
      double ex = p[2 * j] - p[2 * i], ey = p[2 * j + 1] - p[2 * i + 1];
      double l = sqrt (ex * ex + ey * ey);

      nx[i] = (area > 0 ? -ey : ey) / l;
      ny[i] = (area > 0 ? ex : -ex) / l;
      off[i] = -(nx[i] * p[2 * i] + ny[i] * p[2 * i + 1]);
    }

  y0 = MAX (r->clip_y0, fast_floor (op->y0));
  y1 = MIN (r->clip_y1, fast_ceil (op->y1));
  x0 = MAX (self->clip_x0, fast_floor (minx));
  x1 = MIN (self->clip_x1, fast_ceil (maxx));

  for (int y = y0; y < y1; y++)
    {
      guint32 *row = pixel_row (self, y);

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
            blend (row + x, &op->src, cov);
        }
    }
}

/* Text ------------------------------------------------------------------------ */

static void
run_blit (DgPainterCairo *self,
          const Raster   *r,
          const QOp      *op)
{
  TextEntry *entry = op->entry;
  int w = cairo_image_surface_get_width (entry->image);
  int h = cairo_image_surface_get_height (entry->image);
  int stride = cairo_image_surface_get_stride (entry->image);
  const guint8 *data = cairo_image_surface_get_data (entry->image);
  int left = op->X - entry->ox, top = op->Y - entry->oy;
  int ya = MAX (top, r->clip_y0), yb = MIN (top + h, r->clip_y1);
  int xa = MAX (left, self->clip_x0), xb = MIN (left + w, self->clip_x1);

  for (int y = ya; y < yb; y++)
    {
      const guint32 *src = (const guint32 *) (gconstpointer) (data + (gsize) (y - top) * stride);
      guint32 *row = pixel_row (self, y);

      for (int x = xa; x < xb; x++)
        {
          guint32 s = src[x - left];

          if (s != 0)
            blend_premultiplied (row + x, s);
        }
    }
}

/* The queue ------------------------------------------------------------------ */

static void
run_op (DgPainterCairo *self,
        const Raster   *r,
        const QOp      *op)
{
  switch (op->kind)
    {
    case QOP_STROKE:
    case QOP_MASK_STROKE:
      run_stroke (self, r, op);
      break;
    case QOP_MASK_FLUSH:
      mask_flush_rows (self, r, &op->src);
      break;
    case QOP_DISC:
      run_disc (self, r, op);
      break;
    case QOP_CONVEX:
      run_convex (self, r, op);
      break;
    case QOP_BLIT:
      run_blit (self, r, op);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Sorts the queue's ops into the bands they touch, keeping their order. */
static void
bucket_bands (DgPainterCairo *self)
{
  int rows = self->band_rows;
  guint n_bands = (guint) ((self->clip_y1 - self->clip_y0 + rows - 1) / rows);
  guint *cursor;
  guint total;

  /* band_first, then one cursor per band. */
  if (self->cap_band_first < 2 * n_bands + 1)
    {
      self->cap_band_first = 2 * n_bands + 1;
      self->band_first = g_realloc_n (self->band_first, self->cap_band_first, sizeof (guint));
    }
  cursor = self->band_first + n_bands + 1;
  memset (self->band_first, 0, (2 * n_bands + 1) * sizeof (guint));

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < self->n_queue; i++)
        {
          const QOp *op = &self->queue[i];
          int b0 = 0, b1 = (int) n_bands - 1;

          if (op->kind != QOP_MASK_FLUSH)
            {
              if (op->y1 < self->clip_y0 || op->y0 >= self->clip_y1)
                continue;
              b0 = MAX (0, (fast_floor (op->y0) - self->clip_y0) / rows);
              b1 = MIN ((int) n_bands - 1, (fast_floor (op->y1) - self->clip_y0) / rows);
            }
          for (int b = b0; b <= b1; b++)
            {
              if (pass == 0)
                self->band_first[b + 1]++;
              else
                self->band_ops[cursor[b]++] = i;
            }
        }

      if (pass == 0)
        {
          for (guint b = 0; b < n_bands; b++)
            {
              self->band_first[b + 1] += self->band_first[b];
              cursor[b] = self->band_first[b];
            }
          total = self->band_first[n_bands];
          if (self->cap_band_ops < MAX (total, 1))
            {
              self->cap_band_ops = MAX (total, self->cap_band_ops * 2);
              self->band_ops = g_realloc_n (self->band_ops, self->cap_band_ops, sizeof (guint));
            }
        }
    }
}

/* Runs bands of the queue until none is left; the threads take them in
 * turn from a shared counter, so neither waits on the other for long. */
static void
run_bands (DgPainterCairo *self)
{
  int rows = self->band_rows;
  int n_bands = (self->clip_y1 - self->clip_y0 + rows - 1) / rows;

  for (;;)
    {
      int band = g_atomic_int_add (&self->next_band, 1);
      Raster r;

      if (band >= n_bands)
        break;
      r.clip_y0 = self->clip_y0 + band * rows;
      r.clip_y1 = MIN (r.clip_y0 + rows, self->clip_y1);
      for (guint k = self->band_first[band]; k < self->band_first[band + 1]; k++)
        run_op (self, &r, &self->queue[self->band_ops[k]]);
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;

  g_mutex_lock (&w->lock);
  for (;;)
    {
      while (!w->has_job && !w->quit)
        g_cond_wait (&w->cond, &w->lock);
      if (w->quit)
        break;
      g_mutex_unlock (&w->lock);

      run_bands (w->painter);

      g_mutex_lock (&w->lock);
      w->has_job = FALSE;
      g_cond_broadcast (&w->cond);
    }
  g_mutex_unlock (&w->lock);
  return NULL;
}

void
dg_painter_cairo_run_queue (DgPainterCairo *self)
{
  if (self->n_queue == 0)
    return;

  begin_direct (self);
  bucket_bands (self);
  self->next_band = 0;

  if (self->n_threads > 1 && self->n_queue >= THREAD_MIN_OPS
      && self->clip_y1 - self->clip_y0 > self->band_rows)
    {
      if (self->worker == NULL)
        {
          self->worker = g_new0 (Worker, 1);
          g_mutex_init (&self->worker->lock);
          g_cond_init (&self->worker->cond);
          self->worker->painter = self;
          self->worker->thread = g_thread_new ("dealgraph-raster", worker_main, self->worker);
        }
      g_mutex_lock (&self->worker->lock);
      self->worker->has_job = TRUE;
      g_cond_broadcast (&self->worker->cond);
      g_mutex_unlock (&self->worker->lock);

      run_bands (self);

      g_mutex_lock (&self->worker->lock);
      while (self->worker->has_job)
        g_cond_wait (&self->worker->cond, &self->worker->lock);
      g_mutex_unlock (&self->worker->lock);
    }
  else
    run_bands (self);

  self->n_queue = 0;
  self->n_segs = 0;
  self->n_poly = 0;
}
