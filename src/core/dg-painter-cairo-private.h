/* dg-painter-cairo-private.h: what the Cairo painter and its rasteriser share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dg-painter-cairo.c records paths and queues operations;
 * dg-painter-cairo-raster.c runs the queue into the surface's pixels.
 */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "dg-painter.h"

G_BEGIN_DECLS

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

/* Geometry far off the surface must not overflow an int (undefined
 * behaviour); nothing drawn lies beyond a billion pixels. NaN never gets
 * this far (the vtable drops non-finite coordinates), but would land at
 * the lower limit rather than in a conversion. */
#define PIXEL_LIMIT 1e9
/* Coordinates the painter takes at all, px: far enough that nothing on
 * any surface is affected, near enough that squares stay finite. */
#define COORD_LIMIT 1e12

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

/* Whether a coordinate or size from a caller can be drawn at all. */
static inline gboolean
usable (double v)
{
  return v > -COORD_LIMIT && v < COORD_LIMIT;
}

/* The rasteriser (dg-painter-cairo-raster.c). */
void  dg_painter_cairo_run_queue   (DgPainterCairo *self);
void  dg_painter_cairo_end_direct  (DgPainterCairo *self);

G_END_DECLS
