/* dg-painter.h: the few drawing operations the renderer issues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer decides what to draw once and says it through this interface;
 * a Cairo painter draws it on the screen, into PNG and into PDF, and an SVG
 * painter writes it as SVG with real <text> and named groups (Cairo's own SVG
 * surface turns text into glyph outlines). All coordinates and widths are
 * device units: logical pixels before any HiDPI scale.
 *
 * Paths are built with move_to/line_to/curve_to/close_path and consumed by
 * the next fill or stroke. Groups nest; a group with opacity < 1 is
 * composited as a whole, so overlapping strokes inside it do not add up. A
 * group's id, class and title (a name for tooltips and screen readers) are
 * kept by painters that keep structure (SVG) and ignored by the others.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "dg-theme.h"

G_BEGIN_DECLS

typedef struct _DgPainter DgPainter;

typedef enum
{
  DG_TEXT_ALIGN_LEFT,
  DG_TEXT_ALIGN_CENTER,
  DG_TEXT_ALIGN_RIGHT,
} DgTextAlign;

typedef enum
{
  DG_LINE_CAP_BUTT,
  DG_LINE_CAP_ROUND,
} DgLineCap;

typedef struct
{
  DgColor color;
  double width;
  double dash_on;        /* 0: solid */
  double dash_off;
  DgLineCap cap;
} DgStrokeStyle;

typedef struct
{
  const char *text;              /* UTF-8, drawn as plain text, never markup */
  PangoLayout *layout;           /* nullable: a layout already holding @text */
  const char *font_family;       /* a Pango family list */
  double size;                   /* px */
  gboolean bold;
  double x;                      /* the anchor, as @align says */
  double y;                      /* the baseline */
  DgTextAlign align;
  double width;                  /* logical width in px, for alignment */
  double baseline;               /* distance from the layout's top to the baseline */
  DgColor color;
  DgColor halo;                  /* alpha 0: none */
  double halo_width;
} DgTextRun;

typedef struct
{
  void (*begin_group) (DgPainter           *self,
                       const char          *id,
                       const char          *css_class,
                       const char          *title,
                       double               opacity);
  void (*end_group)   (DgPainter           *self);
  void (*move_to)     (DgPainter           *self,
                       double               x,
                       double               y);
  void (*line_to)     (DgPainter           *self,
                       double               x,
                       double               y);
  void (*curve_to)    (DgPainter           *self,
                       double               x1,
                       double               y1,
                       double               x2,
                       double               y2,
                       double               x3,
                       double               y3);
  void (*close_path)  (DgPainter           *self);
  void (*fill)        (DgPainter           *self,
                       const DgColor       *color);
  void (*stroke)      (DgPainter           *self,
                       const DgStrokeStyle *style);
  void (*disc)        (DgPainter           *self,
                       double               cx,
                       double               cy,
                       double               radius,
                       const DgColor       *fill,
                       const DgColor       *outline,
                       double               outline_width);
  void (*text)        (DgPainter           *self,
                       const DgTextRun     *run);
  void (*finalize)    (DgPainter           *self);
} DgPainterVTable;

struct _DgPainter
{
  const DgPainterVTable *vtable;
  /* TRUE when groups are kept (SVG): the renderer then names a group per
   * company and deal. Painters that ignore groups save the renderer the
   * work of building the names. */
  gboolean wants_ids;
};

void        dg_painter_free           (DgPainter      *painter);

/* Cairo: screen, PNG, PDF. */
DgPainter  *dg_painter_cairo_new      (cairo_t        *cr);
void        dg_painter_cairo_set_target (DgPainter    *painter,
                                       cairo_t        *cr);
gboolean    dg_painter_cairo_get_fast_path (DgPainter *painter);
void        dg_painter_cairo_set_fast_path_enabled (DgPainter *painter,
                                                    gboolean   enabled);
void        dg_painter_cairo_set_threads (DgPainter   *painter,
                                          guint        n_threads);

/* SVG: text stays text. */
DgPainter  *dg_painter_svg_new       (double          width,
                                      double          height,
                                      const char     *font_family,
                                      const char     *title);
char       *dg_painter_svg_finish    (DgPainter      *painter,
                                      gsize          *length);
char       *dg_svg_sanitize_id       (const char     *prefix,
                                      const char     *id);

static inline void
dg_painter_begin_group (DgPainter  *p,
                        const char *id,
                        const char *css_class,
                        const char *title,
                        double      opacity)
{
  p->vtable->begin_group (p, id, css_class, title, opacity);
}

static inline void
dg_painter_end_group (DgPainter *p)
{
  p->vtable->end_group (p);
}

static inline void
dg_painter_move_to (DgPainter *p,
                    double     x,
                    double     y)
{
  p->vtable->move_to (p, x, y);
}

static inline void
dg_painter_line_to (DgPainter *p,
                    double     x,
                    double     y)
{
  p->vtable->line_to (p, x, y);
}

static inline void
dg_painter_curve_to (DgPainter *p,
                     double     x1,
                     double     y1,
                     double     x2,
                     double     y2,
                     double     x3,
                     double     y3)
{
  p->vtable->curve_to (p, x1, y1, x2, y2, x3, y3);
}

static inline void
dg_painter_close_path (DgPainter *p)
{
  p->vtable->close_path (p);
}

static inline void
dg_painter_fill (DgPainter     *p,
                 const DgColor *color)
{
  p->vtable->fill (p, color);
}

static inline void
dg_painter_stroke (DgPainter           *p,
                   const DgStrokeStyle *style)
{
  p->vtable->stroke (p, style);
}

static inline void
dg_painter_disc (DgPainter     *p,
                 double         cx,
                 double         cy,
                 double         radius,
                 const DgColor *fill,
                 const DgColor *outline,
                 double         outline_width)
{
  p->vtable->disc (p, cx, cy, radius, fill, outline, outline_width);
}

static inline void
dg_painter_text (DgPainter       *p,
                 const DgTextRun *run)
{
  p->vtable->text (p, run);
}

/* A rectangle with rounded corners, as a path. */
void        dg_painter_rounded_rectangle (DgPainter *painter,
                                          double     x,
                                          double     y,
                                          double     width,
                                          double     height,
                                          double     radius);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgPainter, dg_painter_free)

G_END_DECLS
