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
 */
#define G_LOG_DOMAIN "dealgraph-painter"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-painter.h"

#define MAX_GROUP_DEPTH 32
#define TEXT_CACHE_MAX 4096
#define MAX_POLY 8
/* Run the queue before it holds more than this: every band reads the
 * queue again, so it must stay small enough to sit in the CPU's cache
 * (measured: 16k ops ran the 50k-company frame at half the speed). */
#define QUEUE_MAX_OPS 4096
#define QUEUE_MAX_SEGS (1 << 16)
/* Bands per frame: enough for two threads to share the work evenly, few
 * enough that an op spanning several bands is not set up too often
 * (measured: 8 bands of 135 rows beat 23 bands of 47 by a third). */
#define N_BANDS 8
/* Solid strokes up to this wide, px, are stepped along their major axis
 * (run_thin_piece) instead of scanned row by row. */
#define THIN_MAX_WIDTH 3.0
/* Below this much work a second thread costs more than it saves. */
#define THREAD_MIN_OPS 64

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

/* A colour ready to blend: opaque, channels split into lanes, and its
 * alpha apart. */
typedef struct
{
  guint32 rb;     /* red and blue, 0..255 each */
  guint32 ag;     /* 255 and green */
  guint a;        /* alpha, 0..255 */
} Source;

/* Where a piece of a stroke starts or ends. */
typedef enum
{
  END_JOINT,     /* shares a joint with the next piece: split on the bisector */
  END_BUTT,      /* the stroke's end, cut square, fading over half a pixel */
  END_ROUND,     /* the stroke's end, rounded */
} EndKind;

/* One straight piece of a queued stroke. Single precision keeps a queue's
 * pieces in the CPU's cache between bands (a few hundredths of a pixel at
 * 30,000 px, far below what shows). */
typedef struct
{
  float ax, ay;       /* start, pixels */
  float ux, uy;       /* unit direction */
  float len;
  float s0;           /* distance along the stroke at the start, for dashes */
  float snx, sny;     /* bisector at the start joint (start == END_JOINT) */
  float enx, eny;     /* bisector at the end joint */
  float y0, y1;       /* rows it may touch */
  guint8 start;       /* EndKind */
  guint8 end;
} Seg;

typedef enum
{
  QOP_STROKE,         /* blend a polyline */
  QOP_MASK_STROKE,    /* max a polyline into the mask */
  QOP_MASK_FLUSH,     /* blend through the mask and clear it */
  QOP_DISC,
  QOP_CONVEX,
  QOP_BLIT,
} QOpKind;

typedef struct _TextEntry TextEntry;

typedef struct
{
  QOpKind kind;
  float y0, y1;       /* rows it may touch */
  Source src;
  Source src2;        /* a disc's outline */
  /* Strokes */
  guint first;        /* into the queue's segments (or polygon points) */
  guint n;
  double hw;
  double dash_on;
  double period;
  gboolean butt;
  gboolean closed;
  gboolean split;     /* the bisector split works: no sharp joint */
  gboolean thin;      /* solid and at most THIN_MAX_WIDTH wide: stepped */
  /* Discs */
  double cx, cy, r, ow;
  gboolean has_fill;
  gboolean has_outline;
  /* Blits */
  TextEntry *entry;
  int X, Y;
} QOp;

/* What one thread needs of its own while it runs the queue. */
typedef struct
{
  int clip_y0;        /* the band being run, within the clip */
  int clip_y1;
} Raster;

struct _TextEntry
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
};

typedef struct _DgPainterCairo DgPainterCairo;

typedef struct
{
  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean has_job;
  gboolean quit;
  DgPainterCairo *painter;
} Worker;

struct _DgPainterCairo
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
  double scale;          /* pixel = user * scale + offset */
  double off_x;
  double off_y;
  int clip_x0;
  int clip_y0;
  int clip_x1;           /* exclusive */
  int clip_y1;
  gboolean pixels_dirty; /* we wrote pixels Cairo has not been told about */

  /* A coordinate of the current path was NaN, infinite or absurdly far:
   * the path is dropped at the next fill or stroke. */
  gboolean path_bad;

  /* The current path, in pixels, recorded for the fast path. */
  guint8 *ops;
  double *pts;
  guint n_ops;
  guint n_pts;
  guint cap_ops;
  guint cap_pts;

  /* Flattening scratch. */
  double *flat;
  guint cap_flat;

  /* The queue. */
  QOp *queue;
  guint n_queue;
  guint cap_queue;
  Seg *segs;
  guint n_segs;
  guint cap_segs;
  double *poly;          /* convex polygons' points */
  guint n_poly;
  guint cap_poly;

  /* Coverage mask, one byte per pixel, and the extent touched in each row
   * (x0 >= x1: untouched). */
  guint8 *mask;
  int mask_w;
  int mask_h;
  int *row_x0;
  int *row_x1;

  /* Groups. */
  GroupMode group_mode[MAX_GROUP_DEPTH];
  double group_opacity[MAX_GROUP_DEPTH];
  guint depth;
  guint mask_layer_depth;  /* > 0: inside a GROUP_MASK at this depth */
  DgColor mask_color;
  gboolean mask_color_set;
  gboolean mask_pending;   /* strokes queued into the mask, not yet blended */

  /* Rendered text (with its halo) by layout, blitted while the fast path
   * lasts: shaping and stroking glyph outlines every frame costs more than
   * all the deals of a small diagram. */
  GHashTable *text_cache;

  /* Ops by band: band b's ops are band_ops[band_first[b] .. band_first[b+1]). */
  guint *band_first;
  guint *band_ops;
  guint cap_band_first;
  guint cap_band_ops;

  /* Threads. */
  guint n_threads;
  Worker *worker;
  int band_rows;
  int next_band;          /* the next band to run, shared by the threads */
};

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

static inline Source
source_from_color (const DgColor *c,
                   double         opacity)
{
  Source src;
  double a = CLAMP (c->a * opacity, 0, 1);
  guint r = (guint) (CLAMP (c->r, 0, 1) * 255 + 0.5);
  guint g = (guint) (CLAMP (c->g, 0, 1) * 255 + 0.5);
  guint b = (guint) (CLAMP (c->b, 0, 1) * 255 + 0.5);

  src.a = (guint) (a * 255 + 0.5);
  src.rb = (r << 16) | b;
  src.ag = (255u << 16) | g;
  return src;
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

/* Geometry far off the surface must not overflow an int (undefined
 * behaviour); nothing drawn lies beyond a billion pixels. NaN never gets
 * this far (the vtable drops non-finite coordinates), but would land at
 * the lower limit rather than in a conversion. */
#define PIXEL_LIMIT 1e9
/* Coordinates the painter takes at all, px: far enough that nothing on
 * any surface is affected, near enough that squares stay finite. */
#define COORD_LIMIT 1e12

static inline int
fast_floor (double x)
{
  int i;

  if (!(x > -PIXEL_LIMIT))
    x = -PIXEL_LIMIT;
  else if (x > PIXEL_LIMIT)
    x = PIXEL_LIMIT;
  i = (int) x;
  return i > x ? i - 1 : i;
}

static inline int
fast_ceil (double x)
{
  int i;

  if (!(x > -PIXEL_LIMIT))
    x = -PIXEL_LIMIT;
  else if (x > PIXEL_LIMIT)
    x = PIXEL_LIMIT;
  i = (int) x;
  return i < x ? i + 1 : i;
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

/* Whether a coordinate or size from a caller can be drawn at all. */
static inline gboolean
usable (double v)
{
  return v > -COORD_LIMIT && v < COORD_LIMIT;
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

static void
end_direct (DgPainterCairo *self)
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

static void
queue_run (DgPainterCairo *self)
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

static QOp *
queue_push (DgPainterCairo *self,
            QOpKind         kind)
{
  QOp *op;

  if (self->n_queue >= QUEUE_MAX_OPS || self->n_segs >= QUEUE_MAX_SEGS)
    queue_run (self);
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
      queue_run (self);
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
    queue_run (self);
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
