/* dg-painter-cairo.c: the painter for the screen, PNG and PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On any Cairo target this forwards every operation to Cairo. On an image
 * surface (the canvas's cache, a PNG export) with a plain scale-and-translate
 * transform and a rectangular clip it takes a fast path for what a big
 * diagram is made of (strokes, discs, arrowheads, labels): it rasterises them
 * itself, straight into the surface's pixels.
 *
 * Why: measured on this machine, Cairo 1.16 spends about 75 ns per pixel of
 * length on every antialiased stroke, whatever its width (its span
 * compositor works row by row), so 5,000 long deals cost over 250 ms a frame.
 * The rasteriser below visits only the pixels a stroke covers, computes
 * box-filtered coverage of the exact outline (butt or round ends, mitred
 * joints on the gentle bends of a flattened curve, dashes), and blends with
 * Cairo's OVER: a PNG and a PDF of the same scene show the same picture
 * (tests/test-render.c compares them pixel by pixel).
 *
 * How: operations are queued, then run band by band (a band of rows fits
 * the CPU's L2 cache, so a frame's strokes stop thrashing memory) and, with
 * two cores, on two threads, each taking every other band. Every pixel sees
 * the same operations in the same order as it would immediately, so the
 * result does not depend on the bands or threads. Anything else (arbitrary
 * fills, text not yet cached) runs the queue, then goes through Cairo.
 *
 * This file records paths and queues operations; the rasteriser that runs
 * the queue is dg-painter-cairo-raster.c.
 */
#define G_LOG_DOMAIN "dealgraph-painter"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-painter-cairo-private.h"

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

static QOp *
queue_push (DgPainterCairo *self,
            QOpKind         kind)
{
  QOp *op;

  if (self->n_queue >= QUEUE_MAX_OPS || self->n_segs >= QUEUE_MAX_SEGS)
    dg_painter_cairo_run_queue (self);
  if (self->n_queue == self->cap_queue)
    {
      self->cap_queue = MAX (256, self->cap_queue * 2);
      self->queue = g_realloc_n (self->queue, self->cap_queue, sizeof (QOp));
    }
  op = &self->queue[self->n_queue++];
  memset (op, 0, sizeof *op);
  op->kind = kind;
  return op;
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
  self->clip_x0 = MAX (0, fast_floor (cx0 + 0.5));
  self->clip_y0 = MAX (0, fast_floor (cy0 + 0.5));
  self->clip_x1 = MIN (self->width, fast_floor (cx1 + 0.5));
  self->clip_y1 = MIN (self->height, fast_floor (cy1 + 0.5));
  self->band_rows = MAX (16, (self->clip_y1 - self->clip_y0 + N_BANDS - 1) / N_BANDS);

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
  self->path_bad = FALSE;
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

/* Queues the polyline in @self->flat as one stroke. */
static void
queue_polyline (DgPainterCairo *self,
                const QOp      *proto,
                guint           n,
                gboolean        closed)
{
  const double *f = self->flat;
  double R = proto->hw + 1;
  /* Past a joint the piece reaches at most R / cos (30°) beyond its end. */
  double margin = 1.2 * (proto->hw + 0.5) + 0.5;
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  double s = 0;
  guint first, m = 0;
  gboolean split = TRUE;
  QOp *op;

  if (n < 2)
    return;

  /* Cull polylines wholly outside the clip before queueing them. */
  for (guint i = 0; i < n; i++)
    {
      minx = MIN (minx, f[2 * i]);
      maxx = MAX (maxx, f[2 * i]);
      miny = MIN (miny, f[2 * i + 1]);
      maxy = MAX (maxy, f[2 * i + 1]);
    }
  if (maxx + R < self->clip_x0 || minx - R > self->clip_x1
      || maxy + R < self->clip_y0 || miny - R > self->clip_y1)
    return;

  op = queue_push (self, proto->kind);
  *op = *proto;
  op->closed = closed;

  if (self->n_segs + n > self->cap_segs)
    {
      self->cap_segs = MAX (1024, MAX (self->cap_segs * 2, self->n_segs + n));
      self->segs = g_realloc_n (self->segs, self->cap_segs, sizeof (Seg));
    }
  first = self->n_segs;

  /* Directions and lengths, dropping pieces of no length. */
  for (guint i = 0; i + 1 < n; i++)
    {
      double dx = f[2 * i + 2] - f[2 * i], dy = f[2 * i + 3] - f[2 * i + 1];
      double len = sqrt (dx * dx + dy * dy);
      Seg *sg;

      if (len < 1e-6)
        continue;
      sg = &self->segs[first + m];
      sg->ax = f[2 * i];
      sg->ay = f[2 * i + 1];
      sg->ux = dx / len;
      sg->uy = dy / len;
      sg->len = len;
      sg->s0 = s;
      sg->y0 = (float) floor (MIN (f[2 * i + 1], f[2 * i + 3]) - margin);
      sg->y1 = (float) ceil (MAX (f[2 * i + 1], f[2 * i + 3]) + margin);
      if (m > 0 && sg[-1].ux * sg->ux + sg[-1].uy * sg->uy < 0.5)
        split = FALSE;
      s += len;
      m++;
    }
  if (closed && m > 1)
    {
      const Seg *a = &self->segs[first + m - 1], *b = &self->segs[first];

      if (a->ux * b->ux + a->uy * b->uy < 0.5)
        split = FALSE;
    }
  if (m == 0)
    {
      self->n_queue--;
      return;
    }

  /* Joints split on their bisectors; the ends get the stroke's caps. */
  for (guint i = 0; split && i < m; i++)
    {
      Seg *sg = &self->segs[first + i];

      sg->start = sg->end = END_JOINT;
      if (i > 0 || (closed && m > 1))
        {
          const Seg *p = &self->segs[first + (i > 0 ? i - 1 : m - 1)];
          double bx = p->ux + sg->ux, by = p->uy + sg->uy, bl = sqrt (bx * bx + by * by);

          sg->snx = bx / bl;
          sg->sny = by / bl;
        }
      else
        sg->start = proto->butt ? END_BUTT : END_ROUND;

      if (i + 1 < m || (closed && m > 1))
        {
          const Seg *q = &self->segs[first + (i + 1 < m ? i + 1 : 0)];
          double bx = sg->ux + q->ux, by = sg->uy + q->uy, bl = sqrt (bx * bx + by * by);

          sg->enx = bx / bl;
          sg->eny = by / bl;
        }
      else
        sg->end = proto->butt ? END_BUTT : END_ROUND;
    }

  self->n_segs += m;
  op->first = first;
  op->n = m;
  op->split = split;
  op->thin = split && 2 * proto->hw <= THIN_MAX_WIDTH && proto->dash_on <= 0;
  op->y0 = (float) floor (miny - margin);
  op->y1 = (float) ceil (maxy + margin);
}

/* Queues the recorded path's sub-paths as strokes. */
static void
queue_path (DgPainterCairo *self,
            const QOp      *proto)
{
  guint pi = 0;
  guint n = 0;
  double start_x = 0, start_y = 0;

  for (guint i = 0; i < self->n_ops; i++)
    {
      switch ((PathOp) self->ops[i])
        {
        case OP_MOVE:
          queue_polyline (self, proto, n, FALSE);
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
          queue_polyline (self, proto, n, TRUE);
          self->flat[0] = start_x;
          self->flat[1] = start_y;
          n = 1;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  queue_polyline (self, proto, n, FALSE);
}

/* Queues the recorded path as a fill if it is one small convex polygon of
 * straight sides; FALSE (queueing nothing) otherwise. */
static gboolean
queue_convex (DgPainterCairo *self,
              const DgColor  *color)
{
  double px[MAX_POLY], py[MAX_POLY];
  double miny = G_MAXDOUBLE, maxy = -G_MAXDOUBLE, minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE;
  double area = 0;
  guint n = 0, pi = 0;
  QOp *op;

  for (guint i = 0; i < self->n_ops; i++)
    {
      PathOp kind = self->ops[i];

      if ((kind == OP_MOVE && i != 0) || kind == OP_CURVE || (kind == OP_CLOSE && i + 1 != self->n_ops))
        return FALSE;
      if (kind == OP_CLOSE)
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

  /* Convex: every vertex lies on the inner side of every side. */
  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;
      double ex = px[j] - px[i], ey = py[j] - py[i], l = sqrt (ex * ex + ey * ey);
      double nx, ny;

      if (l < 1e-12)
        return FALSE;
      nx = (area > 0 ? -ey : ey) / l;
      ny = (area > 0 ? ex : -ex) / l;
      for (guint k = 0; k < n; k++)
        if (nx * (px[k] - px[i]) + ny * (py[k] - py[i]) < -1e-6)
          return FALSE;
    }

  if (maxx < self->clip_x0 || minx > self->clip_x1 || maxy < self->clip_y0 || miny > self->clip_y1)
    return TRUE;

  op = queue_push (self, QOP_CONVEX);
  op->src = source_from_color (color, 1.0);
  if (self->n_poly + 2 * n > self->cap_poly)
    {
      self->cap_poly = MAX (1024, MAX (self->cap_poly * 2, self->n_poly + 2 * n));
      self->poly = g_realloc_n (self->poly, self->cap_poly, sizeof (double));
    }
  op->first = self->n_poly;
  op->n = n;
  for (guint i = 0; i < n; i++)
    {
      self->poly[self->n_poly++] = px[i];
      self->poly[self->n_poly++] = py[i];
    }
  op->y0 = (float) floor (miny);
  op->y1 = (float) ceil (maxy);
  return TRUE;
}

/* The vtable ---------------------------------------------------------------- */

/* Queues the blend of what the translucent group has gathered so far. */
static void
flush_mask_layer (DgPainterCairo *self)
{
  if (self->mask_layer_depth > 0 && self->mask_pending && self->mask_color_set)
    {
      QOp *op = queue_push (self, QOP_MASK_FLUSH);

      op->src = source_from_color (&self->mask_color, self->group_opacity[self->mask_layer_depth - 1]);
      op->y0 = (float) self->clip_y0;
      op->y1 = (float) self->clip_y1;
    }
  self->mask_pending = FALSE;
}

/* Before anything Cairo draws: everything queued must be in the pixels. */
static void
before_cairo (DgPainterCairo *self)
{
  if (self->fast)
    {
      flush_mask_layer (self);
      dg_painter_cairo_run_queue (self);
      dg_painter_cairo_end_direct (self);
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
          self->mask_pending = FALSE;
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

  if (!usable (x) || !usable (y))
    {
      self->path_bad = TRUE;
      return;
    }
  if (self->fast)
    {
      double p[2] = { x, y };

      path_add (self, OP_MOVE, p, 1);
    }
  else
    cairo_move_to (self->cr, x, y);
}

static void
cairo_painter_line_to (DgPainter *painter,
                       double     x,
                       double     y)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (!usable (x) || !usable (y))
    {
      self->path_bad = TRUE;
      return;
    }
  if (self->fast)
    {
      double p[2] = { x, y };

      path_add (self, self->n_ops == 0 ? OP_MOVE : OP_LINE, p, 1);
    }
  else
    cairo_line_to (self->cr, x, y);
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

  if (!usable (x1) || !usable (y1) || !usable (x2) || !usable (y2) || !usable (x3) || !usable (y3))
    {
      self->path_bad = TRUE;
      return;
    }
  if (self->fast)
    {
      double p[6] = { x1, y1, x2, y2, x3, y3 };

      if (self->n_ops == 0)
        path_add (self, OP_MOVE, p, 1);
      path_add (self, OP_CURVE, p, 3);
    }
  else
    cairo_curve_to (self->cr, x1, y1, x2, y2, x3, y3);
}

static void
cairo_painter_close_path (DgPainter *painter)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (self->fast)
    {
      if (self->n_ops > 0)
        path_add (self, OP_CLOSE, NULL, 0);
    }
  else
    cairo_close_path (self->cr);
}

/* Replays the recorded path into Cairo, for what the fast path leaves to it. */
static void
replay_path (DgPainterCairo *self)
{
  guint pi = 0;

  cairo_new_path (self->cr);
  for (guint i = 0; i < self->n_ops; i++)
    {
      double p[6];

      switch ((PathOp) self->ops[i])
        {
        case OP_MOVE:
        case OP_LINE:
          p[0] = (self->pts[pi] - self->off_x) / self->scale;
          p[1] = (self->pts[pi + 1] - self->off_y) / self->scale;
          if (self->ops[i] == OP_MOVE)
            cairo_move_to (self->cr, p[0], p[1]);
          else
            cairo_line_to (self->cr, p[0], p[1]);
          pi += 2;
          break;
        case OP_CURVE:
          for (guint k = 0; k < 3; k++)
            {
              p[2 * k] = (self->pts[pi + 2 * k] - self->off_x) / self->scale;
              p[2 * k + 1] = (self->pts[pi + 2 * k + 1] - self->off_y) / self->scale;
            }
          cairo_curve_to (self->cr, p[0], p[1], p[2], p[3], p[4], p[5]);
          pi += 6;
          break;
        case OP_CLOSE:
          cairo_close_path (self->cr);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
cairo_painter_fill (DgPainter     *painter,
                    const DgColor *color)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  if (self->path_bad)
    {
      if (!self->fast)
        cairo_new_path (self->cr);
      path_reset (self);
      return;
    }
  if (self->fast)
    {
      if (self->mask_layer_depth == 0 && queue_convex (self, color))
        {
          path_reset (self);
          return;
        }
      before_cairo (self);
      replay_path (self);
    }

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

  if (self->path_bad || !usable (style->width) || !usable (style->dash_on) || !usable (style->dash_off))
    {
      if (!self->fast)
        cairo_new_path (self->cr);
      path_reset (self);
      return;
    }
  if (self->fast)
    {
      QOp proto = { 0 };

      proto.hw = style->width * self->scale / 2;
      proto.dash_on = style->dash_on > 0 ? style->dash_on * self->scale : 0;
      proto.period = proto.dash_on + style->dash_off * self->scale;
      proto.butt = style->cap == DG_LINE_CAP_BUTT;
      if (proto.dash_on > 0 && !(proto.period > proto.dash_on))
        proto.dash_on = 0;

      if (self->mask_layer_depth > 0)
        {
          /* Inside a translucent group: union strokes of one colour, and
           * blend them when the colour changes or the group ends. */
          if (self->mask_color_set
              && memcmp (&self->mask_color, &style->color, sizeof (DgColor)) != 0)
            flush_mask_layer (self);
          self->mask_color = style->color;
          self->mask_color_set = TRUE;
          self->mask_pending = TRUE;
          proto.kind = QOP_MASK_STROKE;
        }
      else
        {
          proto.kind = QOP_STROKE;
          proto.src = source_from_color (&style->color, 1.0);
        }
      queue_path (self, &proto);
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

  if (!usable (cx) || !usable (cy) || !usable (radius) || !usable (outline_width) || radius < 0)
    return;
  if (self->fast && self->mask_layer_depth == 0)
    {
      double R = (radius + (outline != NULL ? outline_width / 2 : 0)) * self->scale + 1;
      QOp *op;

      cx = cx * self->scale + self->off_x;
      cy = cy * self->scale + self->off_y;
      if (cx + R < self->clip_x0 || cx - R > self->clip_x1 || cy + R < self->clip_y0 || cy - R > self->clip_y1)
        return;
      op = queue_push (self, QOP_DISC);
      op->cx = cx;
      op->cy = cy;
      op->r = radius * self->scale;
      op->ow = outline_width * self->scale;
      op->has_fill = fill != NULL && fill->a > 0;
      op->has_outline = outline != NULL && outline->a > 0;
      if (op->has_fill)
        op->src = source_from_color (fill, 1.0);
      if (op->has_outline)
        op->src2 = source_from_color (outline, 1.0);
      op->y0 = (float) floor (cy - R);
      op->y1 = (float) ceil (cy + R);
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

  /* Queued blits point at entries: draw them before any goes. */
  if (entry != NULL || g_hash_table_size (self->text_cache) >= TEXT_CACHE_MAX)
    dg_painter_cairo_run_queue (self);
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
cairo_painter_text (DgPainter       *painter,
                    const DgTextRun *run)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;
  g_autoptr(PangoLayout) own = NULL;
  PangoLayout *layout = run->layout;
  double width = run->width;
  double baseline = run->baseline;
  double x, y;

  if (!usable (run->x) || !usable (run->y) || !usable (run->width) || !usable (run->size))
    return;
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
      int X = fast_floor (x * self->scale + self->off_x + 0.5);
      int Y = fast_floor (y * self->scale + self->off_y + 0.5);
      int h = cairo_image_surface_get_height (entry->image);
      QOp *op = queue_push (self, QOP_BLIT);

      op->entry = entry;
      op->X = X;
      op->Y = Y;
      op->y0 = (float) (Y - entry->oy);
      op->y1 = (float) (Y - entry->oy + h);
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

  before_cairo (self);
  if (self->worker != NULL)
    {
      g_mutex_lock (&self->worker->lock);
      self->worker->quit = TRUE;
      g_cond_broadcast (&self->worker->cond);
      g_mutex_unlock (&self->worker->lock);
      g_thread_join (self->worker->thread);
      g_mutex_clear (&self->worker->lock);
      g_cond_clear (&self->worker->cond);
      g_free (self->worker);
    }
  g_clear_pointer (&self->cr, cairo_destroy);
  g_free (self->ops);
  g_free (self->pts);
  g_free (self->flat);
  g_free (self->queue);
  g_free (self->segs);
  g_free (self->poly);
  g_free (self->band_first);
  g_free (self->band_ops);
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
  const char *threads = g_getenv ("DG_RENDER_THREADS");

  self->parent.vtable = &cairo_vtable;
  self->parent.wants_ids = FALSE;
  self->fast_enabled = TRUE;
  self->text_cache = g_hash_table_new_full (NULL, NULL, NULL, text_entry_free);
  /* Two at most: the queue splits into interleaved bands for a pair. */
  self->n_threads = threads != NULL ? (guint) CLAMP (g_ascii_strtoull (threads, NULL, 10), 1, 2)
                                    : MIN (g_get_num_processors (), 2);
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
 * everything queued reaches the pixels and Cairo knows of it.
 */
void
dg_painter_cairo_set_target (DgPainter *painter,
                             cairo_t   *cr)
{
  DgPainterCairo *self = (DgPainterCairo *) painter;

  g_return_if_fail (painter != NULL && painter->vtable == &cairo_vtable);

  before_cairo (self);
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
 * Returns: whether strokes, discs and labels are rasterised directly on
 *   this target
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
 * dg_painter_cairo_set_threads:
 * @painter: a Cairo painter
 * @n_threads: 1 or 2
 *
 * How many threads the fast path may use (default: 2 on a machine with
 * two or more cores; the environment variable DG_RENDER_THREADS overrides
 * it). The picture is the same either way.
 */
void
dg_painter_cairo_set_threads (DgPainter *painter,
                              guint      n_threads)
{
  g_return_if_fail (painter != NULL && painter->vtable == &cairo_vtable);
  ((DgPainterCairo *) painter)->n_threads = CLAMP (n_threads, 1, 2);
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
