/* dg-render.h: the one renderer, for the canvas and for every export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller fills a DgScene (a plain struct, cheap to fill every frame) and
 * hands it to a DgRenderer, which keeps what is expensive to compute
 * (curve geometry per deal, text layouts per company, draw order) until the
 * graph, the positions or the labels change. The renderer decides what to
 * draw and issues it through a DgPainter, so the screen, PNG, PDF and SVG
 * show one picture. Hit testing uses the same geometry.
 *
 * Units: diagram units are the layout's (see dg_node_radius()); device
 * units are logical pixels, before any HiDPI scale:
 *   device = diagram * zoom + view.
 */
#pragma once

#include <cairo.h>

#include "dg-graph.h"
#include "dg-painter.h"
#include "dg-theme.h"

G_BEGIN_DECLS

typedef struct
{
  DgGraph *graph;                     /* nullable: draws an empty diagram */
  const float *xy;                    /* 2 * n_nodes, diagram units */
  const char * const *labels;         /* nullable; n_nodes UTF-8 names, plain text */
  const char * const *node_ids;       /* nullable; file ids, for SVG group ids */
  const char * const *edge_ids;       /* nullable; likewise for deals */
  const guint8 *edge_cyclic;          /* nullable; nonzero: shade the deal */
  const guint8 *node_pinned;          /* nullable; nonzero: draw a pin mark */
  const guint8 *node_visible;         /* nullable filters; zero hides; a deal */
  const guint8 *edge_visible;         /*   shows only with both its ends */
  int hover_node;                     /* -1: none */
  int hover_edge;
  int selected_node;
  int selected_edge;
  const guint8 *edge_undated;         /* nullable: deals shown with no date while a
                                       * date limit is set; marked with a ring */
  const guint8 *lit_nodes;            /* nullable: a selected cycle; when set, */
  const guint8 *lit_edges;            /*   everything else is dimmed */

  const float *edge_curves;           /* nullable: 6 per deal (payer, control
                                       * point, payee): its curve as another
                                       * frame routed it; NAN: route it */
  double deal_alpha;                  /* 0: the deals' opacity follows how they
                                       * crowd the view; else this (a part
                                       * drawn over a frame, as faint as it) */
  gboolean moving;                    /* positions are moving live (a drag, a
                                       * settling layout): deals keep their
                                       * last routing instead of a new search */

  DgThemeKind theme;
  guint layers;                       /* DG_RENDER_LAYER_* to draw; 0: all */
  gboolean background;                /* paint the theme's background */
  gboolean legend;
  int legend_clear_bottom_left;       /* device units the legend keeps clear
                                       * above the bottom-left corner (the
                                       * window's zoom buttons); 0 in files */
  const char *title;                  /* nullable */
  const char *subtitle;               /* nullable, e.g. "as of 2025-12-31" */

  double view_x;
  double view_y;
  double zoom;
  int width;                          /* device units */
  int height;
  double device_scale;                /* HiDPI: physical pixels per device unit */
} DgScene;

/* What to draw, for a canvas that caches the diagram and draws the title
 * and legend sharp on top. Labels keep clear of the title and legend the
 * scene asks for even when those are not drawn, so the two halves fit. */
typedef enum
{
  DG_RENDER_LAYER_DIAGRAM = 1 << 0,   /* background, shading, deals, companies, labels */
  DG_RENDER_LAYER_CHROME  = 1 << 1,   /* title and legend */
  DG_RENDER_LAYER_NO_COMPANIES = 1 << 2, /* with the diagram: its deals and
                                        * shading only (no discs) */
  DG_RENDER_LAYER_COVERAGE = 1 << 3,  /* with the diagram: the shading in no
                                        * translucent layer, for a mask of
                                        * where it drew (an edit's patch) */
} DgRenderLayers;

/* What changed since the last frame, for dg_renderer_invalidate(). */
typedef enum
{
  DG_RENDER_CHANGED_POSITIONS = 1 << 0,   /* xy moved (in place or not) */
  DG_RENDER_CHANGED_LABELS    = 1 << 1,   /* a name changed */
  DG_RENDER_CHANGED_GRAPH     = 1 << 2,   /* companies or deals changed */
  DG_RENDER_CHANGED_ALL       = 0x7,
} DgRenderChange;

/* Where the legend went, for callers that want to avoid it. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} DgRenderRect;

typedef struct _DgRenderer DgRenderer;

/* A company's name as a frame drew it: the box it took, device units. */
typedef struct
{
  guint node;
  float x0, y0, x1, y1;
} DgShownLabel;

void         dg_scene_init               (DgScene         *scene);

DgRenderer  *dg_renderer_new             (void);
void         dg_renderer_free            (DgRenderer      *self);
void         dg_renderer_invalidate      (DgRenderer      *self,
                                          DgRenderChange   what);
gboolean     dg_renderer_copy_geometry   (DgRenderer      *self,
                                          DgRenderer      *from,
                                          const float     *xy);

void         dg_renderer_render          (DgRenderer      *self,
                                          const DgScene   *scene,
                                          cairo_t         *cr);
void         dg_renderer_paint           (DgRenderer      *self,
                                          const DgScene   *scene,
                                          DgPainter       *painter);

const DgShownLabel *dg_renderer_get_shown_labels (DgRenderer *self,
                                                 guint      *n);
/* How the last frame drew a deal (dg_renderer_copy_curves()). */
typedef enum
{
  DG_PAINTED_NOT = 0,     /* not drawn: filtered, out of view, left out of a crowd */
  DG_PAINTED_NORMAL,
  DG_PAINTED_DIM,         /* dimmed around a highlight (a selection, a hover, a lit cycle) */
  DG_PAINTED_LIT,         /* the highlight's own */
} DgPaintedState;

gboolean     dg_renderer_copy_curves     (DgRenderer      *self,
                                          const DgGraph   *graph,
                                          float           *out,
                                          double          *alpha,
                                          guint8          *painted);

void         dg_renderer_fit_view        (DgRenderer      *self,
                                          DgScene         *scene,
                                          double           margin);
gboolean     dg_renderer_get_legend_rect (DgRenderer      *self,
                                          const DgScene   *scene,
                                          DgRenderRect    *rect);

int          dg_renderer_hit_test_node   (DgRenderer      *self,
                                          const DgScene   *scene,
                                          double           device_x,
                                          double           device_y,
                                          double           tolerance);
int          dg_renderer_hit_test_edge   (DgRenderer      *self,
                                          const DgScene   *scene,
                                          double           device_x,
                                          double           device_y,
                                          double           tolerance);

/* The pointer tolerance the canvas should use, in device units. */
#define DG_RENDER_HIT_TOLERANCE 4.0

/* For tests and callers that draw highlights themselves: where a deal's
 * curve runs (the point at parameter @t in 0..1 of its drawn stroke,
 * diagram units) and where its arrowhead's tip is. FALSE when the deal is
 * not drawn (no geometry, or its ends overlap). */
gboolean     dg_renderer_get_edge_point  (DgRenderer      *self,
                                          const DgScene   *scene,
                                          guint            edge,
                                          double           t,
                                          double          *x,
                                          double          *y);
gboolean     dg_renderer_get_arrow_tip   (DgRenderer      *self,
                                          const DgScene   *scene,
                                          guint            edge,
                                          double          *x,
                                          double          *y);

/* The width a deal is drawn with, diagram units (the core, for ranges). */
double       dg_deal_width_for_amount    (double           usd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgRenderer, dg_renderer_free)

G_END_DECLS
