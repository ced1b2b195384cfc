/* dg-render.c: what the diagram looks like, decided once for every output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Geometry lives in diagram units and is cached: a deal is a quadratic curve
 * from the payer's disc edge to an arrowhead touching the payee's disc, bent
 * to its own right so that deals both ways between two companies bow apart,
 * and fanned out further for each sibling between the same pair. Widths and
 * discs scale with the zoom like a map; text stays the same size on screen.
 * Per frame the renderer only culls, picks labels, and issues painter calls;
 * it allocates nothing once its buffers have grown to the scene.
 */
#define G_LOG_DOMAIN "dealgraph-render"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-render.h"

/* Edge flags */
#define EDGE_DRAWN   (1 << 0)   /* has geometry: ends apart */
#define EDGE_ARROW   (1 << 1)   /* the arrowhead fits */
#define EDGE_DASHED  (1 << 2)   /* undisclosed amount */
#define EDGE_RANGE   (1 << 3)   /* a range: pale outer + core */
#define EDGE_FAINT   (1 << 4)   /* rumoured, discussed or cancelled */

/* Per-frame state bits, nodes and edges */
#define STATE_VISIBLE (1 << 0)
#define STATE_LIT     (1 << 1)
#define STATE_DIM     (1 << 2)

/* Level of detail, device units */
#define LOD_MIN_ARROW      3.0   /* shorter arrowheads are left out */
#define LOD_MIN_LABEL_R    2.0   /* smaller discs are labelled only among the
                                  * most important in view */
#define LOD_KEEP_WIDTH     5.0   /* deals this wide ($80 billion and up) are
                                    * drawn in a crowd drawn 1 in N, and at
                                    * full strength in a faded one */
#define LOD_MIN_WIDTH      0.35  /* thinner deals are drawn this wide */
#define LOD_MIN_DASH_WIDTH 0.6   /* thinner undisclosed deals are drawn solid */
#define LOD_MIN_DISC       1.25  /* smallest disc radius drawn: a company
                                  * stays a visible dot over any deals */
#define LOD_MIN_BAND       1.0   /* narrower bands are drawn this wide: a
                                  * short or thin cyclic deal keeps its mark */
#define LOD_LIT_WIDTH      1.6   /* lit deals (a selected cycle, a hovered
                                  * neighbourhood) are at least this wide... */
#define LOD_LIT_ARROW      8.0   /* ...with arrowheads at least this long... */
#define LOD_LIT_DISC       3.5   /* ...between discs at least this big */
#define LOD_DENSITY        0.8   /* the deals' mean coverage of the diagram
                                  * their opacity aims at, when denser */
#define LOD_SAMPLE_ALPHA   0.45  /* fainter than this, raster targets draw a
                                  * share of the deals at this opacity */
#define LOD_LABEL_AREA 20000.0   /* px² of picture per label tried */
#define LOD_BAND_SHARE     0.5   /* a crowded band's opacity, of its deal's */
#define LOD_BAND_ALPHA     0.2   /* fainter bands are drawn as a share, so */

#define GRID_CELL 4              /* label collision grid, px */
#define LABEL_GAP 4.0
#define LEGEND_MARGIN 16.0
#define LEGEND_LIT_WEIGHT 1e4
#define TITLE_MARGIN 20.0

/* Deal geometry, diagram units */
#define ARROW_BASE  4.5
#define ARROW_PER_W 2.0
#define ARROW_HALF  0.42          /* half base width / length */
#define START_GAP   0.5
#define TIP_GAP     1.5
#define BEND        0.08          /* sagitta of a lone deal, share of its length */
#define BEND_STEP   0.075         /* more for each sibling */
#define BEND_MAX    0.45

/* Sample values the legend shows sizes for. */
static const double legend_disc_samples[3] = { 1e9, 1e11, 5e12 };
static const double legend_line_samples[3] = { 1e9, 1e10, 1e11 };

enum
{
  SLOT_TITLE,
  SLOT_SUBTITLE,
  SLOT_LEGEND_FIRST,
  N_SLOTS = SLOT_LEGEND_FIRST + 40,
};

typedef struct
{
  float q[6];         /* quadratic: payer centre, control, payee centre */
  float t_start;      /* leaves the payer's disc */
  float t_base;       /* arrowhead's base */
  float t_end;        /* the core stroke ends here, under the arrowhead */
  float t_tip;        /* arrow tip, at the payee's disc edge */
  float tip[2];
  float left[2];
  float right[2];
  float bbox[4];
  float chord;        /* from the payer's centre to the tip, diagram units */
} EdgeGeom;

typedef struct
{
  float w_core;       /* diagram units */
  float w_outer;      /* the high end of a range; 0 otherwise */
  float w_ref;        /* the widest part */
  float lane_min;     /* least total offset from the inner lane, for fans */
  guint16 lane;
  guint8 family;
  guint8 flags;
} EdgeStyle;

typedef struct
{
  PangoLayout *layout;
  char *text;
  double size;
  gboolean bold;
  float width;
  float height;
  float baseline;
} TextBox;

struct _DgRenderer
{
  DgGraph *graph;
  const float *xy;
  const char * const *labels;
  guint n_nodes;
  guint n_edges;
  double line_scale;
  double band_extra;
  gboolean style_valid;
  gboolean geometry_valid;
  gboolean geometry_live;    /* built while positions moved: routing not searched */
  gboolean positions_valid;
  gboolean labels_valid;

  float *radius;
  guint *label_order;
  EdgeStyle *style;
  EdgeGeom *geom;
  float *edge_box;           /* 4 per deal: its geometry's bbox, packed for scans */
  guint *edge_order;
  /* Deals grouped by the unordered pair of companies they join: the deals
   * of pair p are pair_edges[pair_first[p] .. pair_first[p + 1]). */
  guint *pair_edges;
  guint *pair_first;
  guint n_pairs;
  float *pair_shift;         /* per pair: the routing's shift, share of its length */
  float *pair_squeeze;       /* per pair: how much routing drew its fan together (1: not) */
  double w_max;              /* the widest deal, diagram units */

  /* Per company, from the positions: nonzero when its position is usable
   * (finite, and not absurdly far). Nothing else is drawn, hit or fitted. */
  guint8 *node_ok;
  double occupied_area;      /* diagram units², what the companies spread over */
  guint64 *cells;            /* ...as cells (x << 32 | y) of a grid... */
  guint n_cells;
  double cell_size;          /* ...this big, from here */
  double cell_x0;
  double cell_y0;
  guint n_routed;            /* deals bent away from discs they do not touch */
  /* While fitting a small diagram: the deals' extent, diagram units (a deal
   * routed around a disc may bow beyond every company). */
  gboolean fit_curves;
  double curves[4];
  guint32 kinds_present;
  guint32 families_present;
  gboolean any_dashed;
  gboolean any_range;
  gboolean any_faint;

  PangoContext *pango;
  const char *font_family;
  double label_size;
  TextBox *label_box;
  GArray *shown_labels;     /* DgShownLabel: the last frame's names */
  guint32 *edge_key;        /* which deals a crowd drawn 1 in N keeps */
  guint8 *edge_painted;     /* DgPaintedState: how the last frame drew the deal */
  const float *given_curves;  /* the scene's edge_curves the geometry used */
  double painted_alpha;     /* ...at this opacity (a crowd's, lit aside) */
  const char * const *edge_key_ids;  /* the ids they were made from */
  TextBox slots[N_SLOTS];
  char *money_disc[3];
  char *money_line[3];

  guint8 *node_state;
  guint8 *edge_state;
  guint8 *edge_in;           /* per frame: visible and in view (measure_density) */
  guint8 *grid;
  int grid_w;
  int grid_h;
  gsize grid_cap;

  GString *id_buf;
  DgPainter *cairo_painter;
};

/* Small helpers ------------------------------------------------------------ */

static inline DgColor
with_alpha (const DgColor *c,
            double         a)
{
  DgColor r = *c;

  r.a = c->a * a;
  return r;
}

static inline DgColor
mix (const DgColor *a,
     const DgColor *b,
     double         t)
{
  DgColor r;

  r.r = a->r + (b->r - a->r) * t;
  r.g = a->g + (b->g - a->g) * t;
  r.b = a->b + (b->b - a->b) * t;
  r.a = a->a + (b->a - a->a) * t;
  return r;
}

static inline void
quad_point (const float *q,
            double       t,
            double      *x,
            double      *y)
{
  double u = 1 - t;

  *x = u * u * q[0] + 2 * u * t * q[2] + t * t * q[4];
  *y = u * u * q[1] + 2 * u * t * q[3] + t * t * q[5];
}

/* The part of the quadratic between @t0 and @t1 as a cubic, diagram units. */
static void
quad_sub_cubic (const float *q,
                double       t0,
                double       t1,
                double      *c)
{
  double sx, sy, ex, ey, cx, cy;
  double a = (1 - t0) * (1 - t1);
  double b = (1 - t0) * t1 + t0 * (1 - t1);
  double d = t0 * t1;

  quad_point (q, t0, &sx, &sy);
  quad_point (q, t1, &ex, &ey);
  /* The blossom gives the control point of the sub-curve. */
  cx = a * q[0] + b * q[2] + d * q[4];
  cy = a * q[1] + b * q[3] + d * q[5];

  c[0] = sx;
  c[1] = sy;
  c[2] = sx + 2.0 / 3.0 * (cx - sx);
  c[3] = sy + 2.0 / 3.0 * (cy - sy);
  c[4] = ex + 2.0 / 3.0 * (cx - ex);
  c[5] = ey + 2.0 / 3.0 * (cy - ey);
  c[6] = ex;
  c[7] = ey;
}

/* The t in [lo, hi] where the distance from Q(t) to (px, py) crosses
 * @target; @rising says whether the distance grows with t there. Newton's
 * method on the squared distance, kept inside a bisection bracket: a few
 * steps instead of thirty halvings (this runs four times per deal whenever
 * positions change, 275,000 deals at 50k companies). */
static double
quad_solve_distance (const float *q,
                     double       lo,
                     double       hi,
                     double       px,
                     double       py,
                     double       target,
                     gboolean     rising)
{
  double t2 = target * target;
  double t, sx, sy, speed;

  /* Start where the tangent at the end of the bracket near the point
   * reaches the distance: on a gentle curve that is almost the answer. */
  t = rising ? lo : hi;
  sx = 2 * ((1 - t) * (q[2] - q[0]) + t * (q[4] - q[2]));
  sy = 2 * ((1 - t) * (q[3] - q[1]) + t * (q[5] - q[3]));
  speed = sqrt (sx * sx + sy * sy);
  t = speed > 0 ? (rising ? lo + target / speed : hi - target / speed) : (lo + hi) / 2;
  if (!(t > lo && t < hi))
    t = (lo + hi) / 2;

  for (guint i = 0; i < 40; i++)
    {
      double u = 1 - t, x, y, dx, dy, g, dg, step, next;

      x = u * u * q[0] + 2 * u * t * q[2] + t * t * q[4];
      y = u * u * q[1] + 2 * u * t * q[3] + t * t * q[5];
      g = (x - px) * (x - px) + (y - py) * (y - py) - t2;
      if ((g < 0) == rising)
        lo = t;
      else
        hi = t;
      /* Q'(t) / 2 */
      dx = u * (q[2] - q[0]) + t * (q[4] - q[2]);
      dy = u * (q[3] - q[1]) + t * (q[5] - q[3]);
      dg = 4 * ((x - px) * dx + (y - py) * dy);
      next = dg != 0 ? t - g / dg : (lo + hi) / 2;
      if (!(next > lo && next < hi))
        next = (lo + hi) / 2;
      step = fabs (next - t);
      t = next;
      if (step < 1e-7 || hi - lo < 1e-7)
        break;
    }
  return t;
}

static double
arrow_length (double w_ref)
{
  return ARROW_BASE + ARROW_PER_W * w_ref;
}

/**
 * dg_deal_width_for_amount:
 * @usd: an amount, or NAN when undisclosed
 *
 * Grows with the square root of the amount, so area on the page follows
 * money without $300B drowning $1B: $1B draws 1.3, $10B 2.3, $100B 5.5 and
 * $300B or more 9 units.
 *
 * Returns: the width in diagram units (before a theme's line scale)
 */
double
dg_deal_width_for_amount (double usd)
{
  if (isnan (usd))
    return 1.4;
  return CLAMP (0.8 + 0.47 * sqrt (MAX (usd, 0) / 1e9), 0.8, 9.0);
}

static void
text_box_clear (TextBox *box)
{
  g_clear_object (&box->layout);
  g_clear_pointer (&box->text, g_free);
}

/* Builds a layout for plain text (never markup: names come from files). */
static void
text_box_set (DgRenderer *self,
              TextBox    *box,
              const char *text,
              double      size,
              gboolean    bold)
{
  PangoFontDescription *desc;
  PangoRectangle logical;

  if (box->layout != NULL && box->size == size && box->bold == bold
      && g_strcmp0 (box->text, text) == 0)
    return;

  text_box_clear (box);
  box->layout = pango_layout_new (self->pango);
  desc = pango_font_description_new ();
  pango_font_description_set_family (desc, self->font_family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (box->layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_single_paragraph_mode (box->layout, TRUE);
  pango_layout_set_text (box->layout, text, -1);

  pango_layout_get_extents (box->layout, NULL, &logical);
  box->text = g_strdup (text);
  box->size = size;
  box->bold = bold;
  box->width = (float) logical.width / PANGO_SCALE;
  box->height = (float) logical.height / PANGO_SCALE;
  box->baseline = (float) pango_layout_get_baseline (box->layout) / PANGO_SCALE;
}

static TextBox *
slot (DgRenderer *self,
      guint       index,
      const char *text,
      double      size,
      gboolean    bold)
{
  g_assert (index < N_SLOTS);
  text_box_set (self, &self->slots[index], text, size, bold);
  return &self->slots[index];
}

/* Life cycle --------------------------------------------------------------- */

/**
 * dg_scene_init:
 * @scene: a scene to fill
 *
 * Sets every field to its "nothing" value: no graph, nothing hovered or
 * selected, light theme with background and legend, zoom 1, 800x600 at
 * device scale 1.
 */
void
dg_scene_init (DgScene *scene)
{
  g_return_if_fail (scene != NULL);

  memset (scene, 0, sizeof *scene);
  scene->hover_node = -1;
  scene->hover_edge = -1;
  scene->selected_node = -1;
  scene->selected_edge = -1;
  scene->theme = DG_THEME_LIGHT;
  scene->background = TRUE;
  scene->legend = TRUE;
  scene->zoom = 1.0;
  scene->width = 800;
  scene->height = 600;
  scene->device_scale = 1.0;
}

/**
 * dg_renderer_new:
 *
 * Returns: (transfer full): a renderer with empty caches
 */
DgRenderer *
dg_renderer_new (void)
{
  DgRenderer *self = g_new0 (DgRenderer, 1);
  cairo_font_options_t *options;

  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  /* Unhinted metrics: a label measures the same at every zoom and device
   * scale, and the PNG matches the PDF and SVG. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->pango, FALSE);

  self->id_buf = g_string_sized_new (64);
  for (guint i = 0; i < 3; i++)
    {
      self->money_disc[i] = dg_format_money (legend_disc_samples[i]);
      self->money_line[i] = dg_format_money (legend_line_samples[i]);
    }
  self->cairo_painter = dg_painter_cairo_new (NULL);

  return self;
}

static void
clear_labels (DgRenderer *self)
{
  if (self->label_box != NULL)
    for (guint i = 0; i < self->n_nodes; i++)
      text_box_clear (&self->label_box[i]);
}

static void
clear_graph (DgRenderer *self)
{
  clear_labels (self);
  if (self->shown_labels != NULL)
    g_array_set_size (self->shown_labels, 0);
  g_clear_pointer (&self->label_box, g_free);
  g_clear_pointer (&self->radius, g_free);
  g_clear_pointer (&self->label_order, g_free);
  g_clear_pointer (&self->style, g_free);
  g_clear_pointer (&self->geom, g_free);
  g_clear_pointer (&self->edge_box, g_free);
  g_clear_pointer (&self->edge_order, g_free);
  g_clear_pointer (&self->pair_edges, g_free);
  g_clear_pointer (&self->pair_first, g_free);
  g_clear_pointer (&self->pair_shift, g_free);
  g_clear_pointer (&self->pair_squeeze, g_free);
  g_clear_pointer (&self->node_ok, g_free);
  g_clear_pointer (&self->cells, g_free);
  self->n_cells = 0;
  g_clear_pointer (&self->node_state, g_free);
  g_clear_pointer (&self->edge_state, g_free);
  g_clear_pointer (&self->edge_in, g_free);
  g_clear_pointer (&self->edge_key, g_free);
  g_clear_pointer (&self->edge_painted, g_free);
  self->edge_key_ids = NULL;
  g_clear_pointer (&self->graph, dg_graph_unref);
  self->n_nodes = 0;
  self->n_edges = 0;
  self->style_valid = FALSE;
  self->geometry_valid = FALSE;
  self->positions_valid = FALSE;
  self->labels_valid = FALSE;
}

/**
 * dg_renderer_free:
 * @self: (transfer full) (nullable): a renderer
 */
void
dg_renderer_free (DgRenderer *self)
{
  if (self == NULL)
    return;

  clear_graph (self);
  for (guint i = 0; i < N_SLOTS; i++)
    text_box_clear (&self->slots[i]);
  for (guint i = 0; i < 3; i++)
    {
      g_free (self->money_disc[i]);
      g_free (self->money_line[i]);
    }
  g_free (self->grid);
  if (self->shown_labels != NULL)
    g_array_unref (self->shown_labels);
  g_string_free (self->id_buf, TRUE);
  dg_painter_free (self->cairo_painter);
  g_object_unref (self->pango);
  g_free (self);
}

/**
 * dg_renderer_invalidate:
 * @self: a renderer
 * @what: what changed
 *
 * Tells the renderer to recompute cached geometry or text. A new graph or a
 * new positions array (another pointer) is noticed without this; positions
 * changed in place, or names changed, are not.
 */
void
dg_renderer_invalidate (DgRenderer     *self,
                        DgRenderChange  what)
{
  g_return_if_fail (self != NULL);

  if (what & DG_RENDER_CHANGED_GRAPH)
    clear_graph (self);
  if (what & DG_RENDER_CHANGED_POSITIONS)
    {
      self->positions_valid = FALSE;
      self->geometry_valid = FALSE;
    }
  if (what & DG_RENDER_CHANGED_LABELS)
    {
      clear_labels (self);
      self->labels_valid = FALSE;
    }
}

static void set_graph (DgRenderer *self,
                       DgGraph    *g);

/**
 * dg_renderer_copy_geometry:
 * @self: a renderer
 * @from: a renderer whose caches are up to date for the same graph, theme
 *   and positions
 * @xy: the positions @self will be given: the same values as @from's,
 *   perhaps in another array
 *
 * Takes @from's deal geometry (routing included) and styles instead of
 * computing them again: on 50,000 companies that is a memory copy instead
 * of a few hundred milliseconds. The canvas renders in a worker thread and
 * hit-tests on the main one, each with its own renderer; this hands the
 * worker's work to the main one. Call it when neither is in use elsewhere.
 *
 * Returns: %TRUE when @self took the geometry; %FALSE when @from had none
 */
gboolean
dg_renderer_copy_geometry (DgRenderer  *self,
                           DgRenderer  *from,
                           const float *xy)
{
  guint n, m;

  g_return_val_if_fail (self != NULL && from != NULL, FALSE);

  if (from->graph == NULL || from->xy == NULL || !from->style_valid || !from->positions_valid
      || !from->geometry_valid || xy == NULL)
    return FALSE;
  if (self->graph == from->graph && self->xy == xy && self->geometry_valid && self->positions_valid
      && self->style_valid && self->line_scale == from->line_scale && !self->geometry_live)
    return TRUE;

  if (self->graph != from->graph)
    set_graph (self, from->graph);
  n = self->n_nodes;
  m = self->n_edges;
  self->line_scale = from->line_scale;
  self->band_extra = from->band_extra;
  self->xy = xy;
  memcpy (self->radius, from->radius, sizeof (float) * MAX (n, 1));
  memcpy (self->label_order, from->label_order, sizeof (guint) * MAX (n, 1));
  memcpy (self->node_ok, from->node_ok, MAX (n, 1));
  memcpy (self->style, from->style, sizeof (EdgeStyle) * MAX (m, 1));
  memcpy (self->geom, from->geom, sizeof (EdgeGeom) * MAX (m, 1));
  memcpy (self->edge_box, from->edge_box, sizeof (float) * 4 * MAX (m, 1));
  memcpy (self->edge_order, from->edge_order, sizeof (guint) * MAX (m, 1));
  memcpy (self->pair_edges, from->pair_edges, sizeof (guint) * MAX (m, 1));
  memcpy (self->pair_first, from->pair_first, sizeof (guint) * (m + 1));
  memcpy (self->pair_shift, from->pair_shift, sizeof (float) * (m + 1));
  memcpy (self->pair_squeeze, from->pair_squeeze, sizeof (float) * (m + 1));
  self->n_pairs = from->n_pairs;
  self->w_max = from->w_max;
  self->kinds_present = from->kinds_present;
  self->families_present = from->families_present;
  self->any_dashed = from->any_dashed;
  self->any_range = from->any_range;
  self->any_faint = from->any_faint;
  self->occupied_area = from->occupied_area;
  g_free (self->cells);
  self->cells = from->n_cells > 0 ? g_memdup2 (from->cells, sizeof (guint64) * from->n_cells) : NULL;
  self->n_cells = from->n_cells;
  self->cell_size = from->cell_size;
  self->cell_x0 = from->cell_x0;
  self->cell_y0 = from->cell_y0;
  self->n_routed = from->n_routed;
  self->style_valid = TRUE;
  self->positions_valid = TRUE;
  self->geometry_valid = TRUE;
  self->geometry_live = from->geometry_live;
  return TRUE;
}

/* Cache ------------------------------------------------------------------- */

static int
compare_lanes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  DgRenderer *self = user_data;
  guint ea = *(const guint *) a, eb = *(const guint *) b;
  guint da = self->graph->edge_dst[ea], db = self->graph->edge_dst[eb];

  if (da != db)
    return da < db ? -1 : 1;
  /* The widest deal takes the inner lane. */
  if (self->style[ea].w_ref != self->style[eb].w_ref)
    return self->style[ea].w_ref > self->style[eb].w_ref ? -1 : 1;
  return ea < eb ? -1 : (ea > eb);
}

static int
compare_edge_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  DgRenderer *self = user_data;
  guint ea = *(const guint *) a, eb = *(const guint *) b;

  /* Wide first, so thin deals stay visible on top of them. */
  if (self->style[ea].w_ref != self->style[eb].w_ref)
    return self->style[ea].w_ref > self->style[eb].w_ref ? -1 : 1;
  return ea < eb ? -1 : (ea > eb);
}

static int
compare_u64 (const void *a,
             const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static int
compare_importance (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const float *score = user_data;
  guint va = *(const guint *) a, vb = *(const guint *) b;

  if (score[va] != score[vb])
    return score[va] > score[vb] ? -1 : 1;
  return va < vb ? -1 : (va > vb);
}

typedef struct
{
  guint other;
  guint edge;
} PairItem;

static int
compare_pair_items (gconstpointer a,
                    gconstpointer b)
{
  const PairItem *x = a, *y = b;

  if (x->other != y->other)
    return x->other < y->other ? -1 : 1;
  return x->edge < y->edge ? -1 : (x->edge > y->edge);
}

/* Groups the deals by the unordered pair of companies they join (both
 * directions together), for routing: a pair's deals move as one fan. */
static void
build_pairs (DgRenderer *self)
{
  DgGraph *g = self->graph;
  guint n = g->n_nodes, m = g->n_edges, max_deg = 0, k = 0;
  g_autofree PairItem *items = NULL;

  for (guint v = 0; v < n; v++)
    max_deg = MAX (max_deg, g->out_offset[v + 1] - g->out_offset[v] + g->in_offset[v + 1] - g->in_offset[v]);
  items = g_new (PairItem, MAX (max_deg, 1));
  self->n_pairs = 0;

  for (guint a = 0; a < n; a++)
    {
      guint count = 0;

      /* Each pair once, from its lower-numbered company; loops are never drawn. */
      for (guint i = g->out_offset[a]; i < g->out_offset[a + 1]; i++)
        if (g->edge_dst[g->out_edges[i]] > a)
          items[count++] = (PairItem) { g->edge_dst[g->out_edges[i]], g->out_edges[i] };
      for (guint i = g->in_offset[a]; i < g->in_offset[a + 1]; i++)
        if (g->edge_src[g->in_edges[i]] > a)
          items[count++] = (PairItem) { g->edge_src[g->in_edges[i]], g->in_edges[i] };
      qsort (items, count, sizeof (PairItem), compare_pair_items);
      for (guint i = 0; i < count; i++)
        {
          if (i == 0 || items[i].other != items[i - 1].other)
            self->pair_first[self->n_pairs++] = k;
          self->pair_edges[k++] = items[i].edge;
        }
    }
  self->pair_first[self->n_pairs] = k;
  g_assert (k <= m);
}

static void
build_style (DgRenderer *self)
{
  DgGraph *g = self->graph;
  guint n = g->n_nodes, m = g->n_edges;
  g_autofree float *score = g_new (float, MAX (n, 1));
  g_autofree guint *scratch = NULL;
  guint max_out = 0;

  self->kinds_present = 0;
  self->families_present = 0;
  self->any_dashed = self->any_range = self->any_faint = FALSE;

  for (guint v = 0; v < n; v++)
    {
      guint degree = (g->out_offset[v + 1] - g->out_offset[v])
                     + (g->in_offset[v + 1] - g->in_offset[v]);

      self->radius[v] = (float) dg_node_radius (g->node_valuation[v]);
      /* Big companies first, then busy ones. */
      score[v] = self->radius[v] * 4.0f + sqrtf ((float) degree) * 3.0f;
      self->label_order[v] = v;
      self->kinds_present |= 1u << MIN (g->node_kind[v], 31);
      max_out = MAX (max_out, g->out_offset[v + 1] - g->out_offset[v]);
    }
  g_qsort_with_data (self->label_order, n, sizeof (guint), compare_importance, score);

  for (guint e = 0; e < m; e++)
    {
      EdgeStyle *s = &self->style[e];
      DgAmountKind ak = g->edge_amount_kind[e];
      DgDealStatus status = g->edge_status[e];

      memset (s, 0, sizeof *s);
      s->family = dg_deal_family_for_kind (g->edge_kind[e]);
      self->families_present |= 1u << s->family;

      if (ak == DG_AMOUNT_RANGE)
        {
          double lo = g->edge_amount_min[e], hi = g->edge_amount_max[e];

          s->w_core = (float) (dg_deal_width_for_amount (isnan (lo) ? 0 : lo) * self->line_scale);
          s->w_outer = (float) (dg_deal_width_for_amount (isnan (hi) ? 0 : hi) * self->line_scale);
          if (s->w_outer > s->w_core * 1.05f)
            {
              s->flags |= EDGE_RANGE;
              self->any_range = TRUE;
            }
          else
            s->w_outer = 0;
        }
      else if (ak == DG_AMOUNT_EXACT && !isnan (g->edge_amount[e]))
        s->w_core = (float) (dg_deal_width_for_amount (g->edge_amount[e]) * self->line_scale);
      else
        {
          s->w_core = (float) (dg_deal_width_for_amount (NAN) * self->line_scale);
          s->flags |= EDGE_DASHED;
          self->any_dashed = TRUE;
        }
      s->w_ref = MAX (s->w_core, s->w_outer);

      /* Stalled (on hold, issue 17) goes grey with them: not off, not on. */
      if (status == DG_DEAL_STATUS_RUMOURED || status == DG_DEAL_STATUS_DISCUSSED
          || status == DG_DEAL_STATUS_CANCELLED || status == DG_DEAL_STATUS_STALLED)
        {
          s->flags |= EDGE_FAINT;
          self->any_faint = TRUE;
        }
    }

  /* Lanes: deals of one payer to one payee, widest innermost. */
  scratch = g_new (guint, MAX (max_out, 1));
  for (guint v = 0; v < n; v++)
    {
      guint lo = g->out_offset[v], hi = g->out_offset[v + 1], k = hi - lo;
      float acc = 0;

      memcpy (scratch, g->out_edges + lo, k * sizeof (guint));
      g_qsort_with_data (scratch, k, sizeof (guint), compare_lanes, self);
      for (guint i = 0; i < k; i++)
        {
          guint e = scratch[i];

          if (i > 0 && g->edge_dst[scratch[i - 1]] == g->edge_dst[e])
            {
              EdgeStyle *prev = &self->style[scratch[i - 1]];

              self->style[e].lane = (guint16) MIN (prev->lane + 1, G_MAXUINT16);
              acc += (prev->w_ref + self->style[e].w_ref) / 2.0f
                     + (float) (self->band_extra * 0.5 + 2.0);
            }
          else
            {
              self->style[e].lane = 0;
              acc = 0;
            }
          self->style[e].lane_min = acc;
        }
    }

  for (guint e = 0; e < m; e++)
    self->edge_order[e] = e;
  g_qsort_with_data (self->edge_order, m, sizeof (guint), compare_edge_order, self);

  build_pairs (self);
  self->w_max = 0;
  for (guint e = 0; e < m; e++)
    self->w_max = MAX (self->w_max, self->style[e].w_ref);

  self->style_valid = TRUE;
}

/* Positions the renderer can use: finite and within a billion units (a
 * layout spans thousands; anything further is a broken file, and would
 * overflow every conversion to pixels on the way). */
#define MAX_COORD 1e9

static void
check_positions (DgRenderer *self)
{
  const float *xy = self->xy;
  double minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, miny = G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  guint n_ok = 0;

  for (guint v = 0; v < self->n_nodes; v++)
    {
      float x = xy[2 * v], y = xy[2 * v + 1];

      self->node_ok[v] = isfinite (x) && isfinite (y) && fabsf (x) <= MAX_COORD && fabsf (y) <= MAX_COORD;
      if (!self->node_ok[v])
        continue;
      n_ok++;
      minx = MIN (minx, x);
      maxx = MAX (maxx, x);
      miny = MIN (miny, y);
      maxy = MAX (maxy, y);
    }

  /* The area the companies spread over, for the deals' density: cells of
   * about four companies each in an even spread, counted where there is
   * one, so an outlier or an empty corner does not count. */
  self->occupied_area = 0;
  self->n_cells = 0;
  if (n_ok > 0)
    {
      double cell = MAX (2 * sqrt (MAX ((maxx - minx) * (maxy - miny), 1.0) / n_ok), 2 * 26.5);
      guint k = 0;

      g_free (self->cells);
      self->cells = g_new (guint64, n_ok);
      for (guint v = 0; v < self->n_nodes; v++)
        if (self->node_ok[v])
          {
            guint64 ix = (guint64) floor ((xy[2 * v] - minx) / cell);
            guint64 iy = (guint64) floor ((xy[2 * v + 1] - miny) / cell);

            self->cells[k++] = (ix << 32) | iy;
          }
      qsort (self->cells, n_ok, sizeof (guint64), compare_u64);
      for (guint i = 0; i < n_ok; i++)
        if (i == 0 || self->cells[i] != self->cells[i - 1])
          self->cells[self->n_cells++] = self->cells[i];
      self->cell_size = cell;
      self->cell_x0 = minx;
      self->cell_y0 = miny;
      self->occupied_area = self->n_cells * cell * cell;
    }
}

/* The part of the occupied area within the rectangle @r (diagram units). */
static double
occupied_area_in (DgRenderer   *self,
                  const double *r)
{
  double cell = self->cell_size, x0, y0, x1, y1;
  guint n = 0;

  if (self->n_cells == 0)
    return 0;
  x0 = (r[0] - self->cell_x0) / cell;
  y0 = (r[1] - self->cell_y0) / cell;
  x1 = (r[2] - self->cell_x0) / cell;
  y1 = (r[3] - self->cell_y0) / cell;
  for (guint i = 0; i < self->n_cells; i++)
    {
      double ix = (double) (self->cells[i] >> 32), iy = (double) (self->cells[i] & 0xffffffffu);
      double ox = MIN (ix + 1, x1) - MAX (ix, x0), oy = MIN (iy + 1, y1) - MAX (iy, y0);

      if (ox > 0 && oy > 0)
        n++;
    }
  return n * cell * cell;
}

/* Routing: a deal must never seem to pass through a company it does not
 * touch. Each pair's deals (both ways, as one fan, so they stay apart) get
 * the smallest extra bend that keeps their bands clear of every other disc,
 * when one within ROUTE_BEND_MAX does; otherwise the one crossing fewest.
 *
 * A quadratic from P0 to P2 with its control point at the middle plus 2h
 * along the normal n is exactly P0 + t (P2 - P0) + 4 h t (1 - t) n: in the
 * chord's frame it runs at height 4 h t (1 - t). So for one disc, the bends
 * h that pass it too closely form one interval, found from a few t; the
 * fan's shift is then picked on a line, from the intervals' ends. Discs are
 * found through a hashed grid of company centres. */

#define ROUTE_GAP         2.0     /* diagram units kept between a band and a disc */
#define ROUTE_BEND_MAX    0.5     /* sagitta of a routed deal, share of its length */
#define ROUTE_BEND_LAST   0.85    /* the same, when nothing within ROUTE_BEND_MAX clears */
#define ROUTE_MAX_OBST    64      /* more discs near the bends tried: leave the deal be */
#define ROUTE_MAX_IN_WAY  4       /* more discs in the way as it is: leave it be too */
#define ROUTE_MAX_CELLS   4096    /* grid cells looked at for one pair */
#define ROUTE_CELL_BUDGET 4.0e5   /* grid cells, shared out among the pairs */

typedef struct
{
  double cell;
  guint mask;
  guint *start;       /* mask + 2 */
  guint *nodes;
  guint *stamp;       /* per company: the pair that last looked at it */
  guint stamp_now;
  /* This pair */
  double ax, ay, ux, uy, nx, ny, len;
  double clear;       /* added to a disc's radius */
  guint a, b;
  double obst[ROUTE_MAX_OBST][3];   /* along, across, radius with clearance */
  guint n_obst;
  guint n_in_way;     /* discs the fan passes through as it is */
  gboolean overflow;
  guint cells;
} Router;

static inline guint
route_bucket (const Router *rt,
              int           ix,
              int           iy)
{
  guint h = (guint) ix * 73856093u ^ (guint) iy * 19349663u;

  return (h ^ (h >> 15)) & rt->mask;
}

static void
router_init (Router     *rt,
             DgRenderer *self)
{
  const float *xy = self->xy;
  guint n = self->n_nodes, n_buckets = 1;

  memset (rt, 0, sizeof *rt);
  /* A disc with its clearance fits in a cell. */
  rt->clear = self->w_max / 2 + self->band_extra / 2 + ROUTE_GAP;
  rt->cell = 2 * (26.5 + rt->clear);
  while (n_buckets < 2 * n)
    n_buckets <<= 1;
  rt->mask = n_buckets - 1;
  rt->start = g_new0 (guint, n_buckets + 2);
  rt->nodes = g_new (guint, MAX (n, 1));
  rt->stamp = g_new0 (guint, MAX (n, 1));

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint v = 0; v < n; v++)
        {
          guint bkt;

          if (!self->node_ok[v])
            continue;
          bkt = route_bucket (rt, (int) floor (xy[2 * v] / rt->cell), (int) floor (xy[2 * v + 1] / rt->cell));
          if (pass == 0)
            rt->start[bkt + 2]++;
          else
            rt->nodes[rt->start[bkt + 1]++] = v;
        }
      if (pass == 0)
        for (guint i = 2; i < n_buckets + 2; i++)
          rt->start[i] += rt->start[i - 1];
    }
  /* Now start[b] .. start[b + 1] are bucket b's companies. */
}

static void
router_clear (Router *rt)
{
  g_free (rt->start);
  g_free (rt->nodes);
  g_free (rt->stamp);
}

/* The discs (other than the pair's own) whose clearance reaches into the
 * band of the chord's frame from across = @lo to @hi, along the whole
 * chord. The band is a rotated rectangle: each grid row it crosses is
 * visited over the x range it covers there. FALSE when that takes more
 * than @max_cells cells. */
static gboolean
router_gather (Router     *rt,
               DgRenderer *self,
               double      lo,
               double      hi,
               guint       max_cells)
{
  const float *xy = self->xy;
  double reach = 26.5 + rt->clear;
  double corner[4][2];
  double miny = G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  int iy0, iy1;
  guint cells = 0;

  lo -= reach;
  hi += reach;
  for (guint k = 0; k < 4; k++)
    {
      double along = (k == 1 || k == 2) ? rt->len + reach : -reach;
      double across = k >= 2 ? hi : lo;

      corner[k][0] = rt->ax + along * rt->ux + across * rt->nx;
      corner[k][1] = rt->ay + along * rt->uy + across * rt->ny;
      miny = MIN (miny, corner[k][1]);
      maxy = MAX (maxy, corner[k][1]);
    }
  iy0 = (int) floor (miny / rt->cell);
  iy1 = (int) floor (maxy / rt->cell);
  rt->stamp_now++;
  rt->n_obst = 0;
  rt->overflow = FALSE;

  for (int iy = iy0; iy <= iy1; iy++)
    {
      double y0 = iy * rt->cell, y1 = y0 + rt->cell;
      double minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE;

      /* The rectangle's x extent within this row: its corners in the row
       * and its sides' crossings of the row's edges. */
      for (guint k = 0; k < 4; k++)
        {
          const double *p = corner[k], *q = corner[(k + 1) % 4];

          if (p[1] >= y0 && p[1] <= y1)
            {
              minx = MIN (minx, p[0]);
              maxx = MAX (maxx, p[0]);
            }
          for (guint e = 0; e < 2; e++)
            {
              double yy = e ? y1 : y0;

              if ((p[1] - yy) * (q[1] - yy) < 0)
                {
                  double x = p[0] + (q[0] - p[0]) * (yy - p[1]) / (q[1] - p[1]);

                  minx = MIN (minx, x);
                  maxx = MAX (maxx, x);
                }
            }
        }
      if (minx > maxx)
        continue;

      for (int ix = (int) floor (minx / rt->cell); ix <= (int) floor (maxx / rt->cell); ix++)
        {
          guint bkt = route_bucket (rt, ix, iy);

          if (++cells > max_cells)
            return FALSE;
          for (guint i = rt->start[bkt]; i < rt->start[bkt + 1]; i++)
            {
              guint w = rt->nodes[i];
              double dx, dy, along, across, r;

              if (rt->stamp[w] == rt->stamp_now || w == rt->a || w == rt->b)
                continue;
              rt->stamp[w] = rt->stamp_now;
              dx = xy[2 * w] - rt->ax;
              dy = xy[2 * w + 1] - rt->ay;
              along = dx * rt->ux + dy * rt->uy;
              across = dx * rt->nx + dy * rt->ny;
              r = self->radius[w] + rt->clear;
              if (along < -r || along > rt->len + r || across < lo + reach - r || across > hi - reach + r)
                continue;
              if (rt->n_obst == ROUTE_MAX_OBST)
                {
                  rt->overflow = TRUE;
                  return TRUE;
                }
              rt->obst[rt->n_obst][0] = along;
              rt->obst[rt->n_obst][1] = across;
              rt->obst[rt->n_obst][2] = r;
              rt->n_obst++;
            }
        }
    }
  rt->cells += cells;
  return TRUE;
}

/* The bends h (a sagitta, signed along n) whose curve, drawn from t0 to
 * t1, passes within the obstacle's radius of its centre. */
static void
forbidden_bends (const Router *rt,
                 const double *obst,
                 double        t0,
                 double        t1,
                 double       *lo,
                 double       *hi)
{
  double L = rt->len, u = obst[0], o = obst[1], R = obst[2];
  double ta = MAX (t0, (u - R) / L), tb = MIN (t1, (u + R) / L);

  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  if (!(ta < tb))
    return;
  for (guint k = 0; k <= 16; k++)
    {
      double t = ta + (tb - ta) * k / 16.0;
      double du = t * L - u, s2 = R * R - du * du, s, kk;

      if (s2 <= 0)
        continue;
      s = sqrt (s2);
      kk = 4 * t * (1 - t);
      if (kk < 1e-6)
        {
          *lo = -G_MAXDOUBLE;
          *hi = G_MAXDOUBLE;
          return;
        }
      *lo = MIN (*lo, (o - s) / kk);
      *hi = MAX (*hi, (o + s) / kk);
    }
  if (*lo <= *hi)
    {
      /* Between the samples the interval may reach a little further. */
      double pad = 0.03 * (*hi - *lo) + 0.5;

      *lo -= pad;
      *hi += pad;
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* How many of the (open) intervals hold @d, from their sorted ends. */
static guint
route_cost (const double *lo,
            const double *hi,
            guint         n,
            double        d)
{
  guint a = 0, b = n, lo_below, hi_below;

  /* lo < d */
  while (a < b)
    {
      guint mid = (a + b) / 2;

      if (lo[mid] < d)
        a = mid + 1;
      else
        b = mid;
    }
  lo_below = a;
  /* hi <= d */
  a = 0;
  b = n;
  while (a < b)
    {
      guint mid = (a + b) / 2;

      if (hi[mid] <= d)
        a = mid + 1;
      else
        b = mid;
    }
  hi_below = a;
  return lo_below - hi_below;
}

/* The shift of the whole fan (its bends @h, signed along n) that clears the
 * discs gathered, or crosses fewest, with the smallest bend: a shift of at
 * most @reach, bends of at most @limit either way. Sets @cost_out to how many (deal, disc) pairs are
 * still too close. */
static double
route_shift (Router       *rt,
             const double *h,
             guint         k,
             double        t0,
             double        t1,
             double        reach,
             double        limit,
             guint        *cost_out)
{
  double hmin = G_MAXDOUBLE, hmax = -G_MAXDOUBLE;
  double best = 0, lo_all[8 * ROUTE_MAX_OBST], hi_all[8 * ROUTE_MAX_OBST];
  double blo[ROUTE_MAX_OBST], bhi[ROUTE_MAX_OBST];
  guint n = 0, best_cost;

  for (guint i = 0; i < k; i++)
    {
      hmin = MIN (hmin, h[i]);
      hmax = MAX (hmax, h[i]);
    }
  rt->n_in_way = 0;
  for (guint j = 0; j < rt->n_obst; j++)
    {
      forbidden_bends (rt, rt->obst[j], t0, t1, &blo[j], &bhi[j]);
      for (guint i = 0; i < MIN (k, 8); i++)
        if (h[i] > blo[j] && h[i] < bhi[j])
          {
            rt->n_in_way++;
            break;
          }
    }
  /* Only the first eight deals of a fan count: more between two
   * companies is rare, and they lie inside the first ones' span. */
  for (guint i = 0; i < MIN (k, 8); i++)
    for (guint j = 0; j < rt->n_obst; j++)
      if (blo[j] <= bhi[j])
        {
          lo_all[n] = blo[j] - h[i];
          hi_all[n] = bhi[j] - h[i];
          n++;
        }
  qsort (lo_all, n, sizeof (double), compare_doubles);
  qsort (hi_all, n, sizeof (double), compare_doubles);

  best_cost = route_cost (lo_all, hi_all, n, 0);
  if (best_cost == 0 || reach <= 0)
    {
      *cost_out = best_cost;
      return 0;
    }

  /* Every shift that could be best sits just past an interval's end. */
  for (guint c = 0; c < 2 * n; c++)
    {
      double d = c % 2 ? hi_all[c / 2] + 1e-3 : lo_all[c / 2] - 1e-3;
      guint cost;

      if (fabs (d) > reach || hmax + d > limit || hmin + d < -limit)
        continue;
      cost = route_cost (lo_all, hi_all, n, d);
      if (cost < best_cost || (cost == best_cost && fabs (d) < fabs (best)))
        {
          best_cost = cost;
          best = d;
        }
    }
  *cost_out = best_cost;
  return best;
}

/* Looks further and further out from the fan @h, a band at a time, for the
 * shift that clears every disc with bends within @limit, until one does or
 * the cells allowed run out (most discs in the way need a bend of about
 * their own size). Returns the shift; @cost_out is what it still crosses. */
static double
route_search (Router       *rt,
              DgRenderer   *self,
              const double *h,
              guint         k,
              double        t0,
              double        t1,
              double        limit,
              guint         cell_cap,
              guint        *cost_out)
{
  double hmin = 0, hmax = 0, delta = 0;
  guint cost = G_MAXUINT;

  for (guint i = 0; i < k; i++)
    {
      hmin = MIN (hmin, h[i]);
      hmax = MAX (hmax, h[i]);
    }
  for (double reach = rt->cell / 2; ; reach *= 2)
    {
      double d;

      reach = MIN (reach, limit);
      if (!router_gather (rt, self, hmin - reach, hmax + reach, cell_cap) || rt->overflow)
        break;
      d = route_shift (rt, h, k, t0, t1, reach, limit, &cost);
      if (d != 0)
        delta = d;
      if (cost == 0 || reach >= limit)
        break;
    }
  *cost_out = cost;
  return delta;
}

/* The default bend of a deal: to the right of the money's direction, more
 * for each sibling of the same direction, so deals both ways bow apart and
 * siblings fan out. */
static double
default_bend (const EdgeStyle *s,
              double           len)
{
  double h = len * (BEND + BEND_STEP * s->lane);

  h = MAX (h, len * BEND + s->lane_min);
  return MIN (h, len * BEND_MAX);
}

/* With @search FALSE (positions moving live: a drag, a settling layout),
 * each pair keeps the shift it was last given, relative to its length:
 * cheap, and nothing jumps; the search runs again once they rest. */
static void
route_pairs (DgRenderer *self,
             float      *bend,
             gboolean    search)
{
  DgGraph *g = self->graph;
  const float *xy = self->xy;
  Router rt;
  guint cell_cap, st_blocked = 0;
  double h[64];

  self->n_routed = 0;
  if (search)
    router_init (&rt, self);
  /* Bounded work: a few million grid cells in all, however many deals. */
  cell_cap = (guint) CLAMP (ROUTE_CELL_BUDGET / MAX (self->n_pairs, 1), 48, ROUTE_MAX_CELLS);
  self->n_routed = 0;

  for (guint p = 0; p < self->n_pairs; p++)
    {
      guint first = self->pair_first[p], k = self->pair_first[p + 1] - first;
      guint e0 = self->pair_edges[first];
      guint a = MIN (g->edge_src[e0], g->edge_dst[e0]), b = MAX (g->edge_src[e0], g->edge_dst[e0]);
      static const double squeezes[] = { 0.5, 0.25, 0.1 };
      double dx, dy, len, t0, t1, hmin = 0, hmax = 0, delta, limit, squeeze;
      guint cost;

      if (!self->node_ok[a] || !self->node_ok[b])
        continue;
      dx = xy[2 * b] - xy[2 * a];
      dy = xy[2 * b + 1] - xy[2 * a + 1];
      len = sqrt (dx * dx + dy * dy);
      if (!(len > self->radius[a] + self->radius[b] + TIP_GAP + 1.0))
        continue;

      for (guint i = 0; i < k; i++)
        {
          guint e = self->pair_edges[first + i];
          double hi = default_bend (&self->style[e], len);

          /* In a -> b's frame: b -> a bends the other way. */
          bend[e] = (float) hi;
          if (i < G_N_ELEMENTS (h))
            {
              h[i] = g->edge_src[e] == a ? hi : -hi;
              hmin = MIN (hmin, h[i]);
              hmax = MAX (hmax, h[i]);
            }
        }
      k = MIN (k, G_N_ELEMENTS (h));
      if (!search)
        {
          delta = self->pair_shift[p] * len;
          squeeze = self->pair_squeeze[p] > 0 ? self->pair_squeeze[p] : 1;
          goto apply;
        }
      self->pair_shift[p] = 0;
      self->pair_squeeze[p] = 1;
      /* Too long to look along within this pair's share of the work. */
      if ((len / rt.cell + 2) * ((hmax - hmin + 2 * (26.5 + rt.clear)) / rt.cell + 2) > cell_cap)
        continue;

      rt.a = a;
      rt.b = b;
      rt.ax = xy[2 * a];
      rt.ay = xy[2 * a + 1];
      rt.len = len;
      rt.ux = dx / len;
      rt.uy = dy / len;
      rt.nx = -rt.uy;
      rt.ny = rt.ux;
      t0 = (self->radius[a] + START_GAP) / len;
      t1 = 1 - (self->radius[b] + TIP_GAP) / len;

      /* Anything in the way of the fan as it is? */
      if (!router_gather (&rt, self, hmin, hmax, cell_cap) || rt.overflow || rt.n_obst == 0)
        continue;
      route_shift (&rt, h, k, t0, t1, 0, 0, &cost);
      if (cost == 0)
        continue;
      st_blocked++;
      /* A fan through a crowd: no one bend clears it, and looking for one
       * would cost more than the rest of the frame. */
      if (rt.n_in_way > (cell_cap >= ROUTE_MAX_CELLS / 4 ? 3 * ROUTE_MAX_IN_WAY : ROUTE_MAX_IN_WAY))
        continue;

      /* Then look further out for a shift of the whole fan that clears
       * every disc with bends within ROUTE_BEND_MAX. A fan that has none
       * (a wide one between two far companies, across a crowded middle)
       * is drawn closer together about its middle, its deals in the same
       * order, and looked for again. */
      limit = ROUTE_BEND_MAX * len;
      delta = route_search (&rt, self, h, k, t0, t1, limit, cell_cap, &cost);
      squeeze = 1;
      for (guint attempt = 0; cost > 0 && k > 1 && attempt < G_N_ELEMENTS (squeezes); attempt++)
        {
          double h2[G_N_ELEMENTS (h)], mid = 0, d;
          guint cost2;

          for (guint i = 0; i < k; i++)
            mid += h[i] / k;
          for (guint i = 0; i < k; i++)
            h2[i] = mid + squeezes[attempt] * (h[i] - mid);
          d = route_search (&rt, self, h2, k, t0, t1, limit, cell_cap, &cost2);
          if (cost2 < cost)
            {
              cost = cost2;
              delta = d + (1 - squeezes[attempt]) * mid;
              squeeze = squeezes[attempt];
            }
        }
      /* Still in the way: a rounder arc, as a last resort. */
      if (cost > 0)
        {
          guint cost2;
          double d = route_search (&rt, self, h, k, t0, t1, ROUTE_BEND_LAST * len, cell_cap, &cost2);

          if (cost2 < cost)
            {
              cost = cost2;
              delta = d;
              squeeze = 1;
            }
        }
      self->pair_shift[p] = (float) (delta / len);
      self->pair_squeeze[p] = (float) squeeze;

    apply:
      if (delta == 0 && squeeze == 1)
        continue;
      for (guint i = 0; i < self->pair_first[p + 1] - first; i++)
        {
          guint e = self->pair_edges[first + i];
          double hi = (g->edge_src[e] == a ? bend[e] : -bend[e]) * squeeze + delta;

          bend[e] = (float) (g->edge_src[e] == a ? hi : -hi);
          self->n_routed++;
        }
    }
  if (search)
    {
      g_debug ("routing: %u deals bent around discs; %u pairs had a disc in the way; %u grid cells",
               self->n_routed, st_blocked, rt.cells);
      router_clear (&rt);
    }
}

static void
build_geometry (DgRenderer *self,
                gboolean    live)
{
  DgGraph *g = self->graph;
  const float *xy = self->xy;
  g_autofree float *bend = g_new0 (float, MAX (g->n_edges, 1));
  gboolean all_given = self->given_curves != NULL;

  for (guint e = 0; all_given && e < g->n_edges; e++)
    all_given = !isnan (self->given_curves[6 * (gsize) e + 2]);
  /* Every curve given (an edit's patch drawing deals as the kept frame
   * drew them): nothing to route. Routing them anyway laid its grid over
   * every disc they reach, 11 ms for the 182 deals under a deleted one. */
  if (!all_given)
    route_pairs (self, bend, !live);
  self->geometry_live = live;

  for (guint e = 0; e < g->n_edges; e++)
    {
      EdgeGeom *geo = &self->geom[e];
      EdgeStyle *s = &self->style[e];
      guint u = g->edge_src[e], v = g->edge_dst[e];
      double x0, y0, x2, y2, r0, r2, dx, dy, len;
      double h, nx, ny, a, hb, sx, sy, bx, by, ux, uy, ul, pad;
      double minx, miny, maxx, maxy;

      s->flags &= ~(EDGE_DRAWN | EDGE_ARROW);
      if (u == v || !self->node_ok[u] || !self->node_ok[v])
        continue;
      x0 = xy[2 * u];
      y0 = xy[2 * u + 1];
      x2 = xy[2 * v];
      y2 = xy[2 * v + 1];
      r0 = self->radius[u];
      r2 = self->radius[v];
      dx = x2 - x0;
      dy = y2 - y0;
      len = sqrt (dx * dx + dy * dy);
      if (!(len > r0 + r2 + TIP_GAP + 1.0))
        continue;

      /* Bent as routing decided: to the right of the direction of money
       * unless a disc was in the way (y grows down). */
      h = bend[e];
      nx = -dy / len;
      ny = dx / len;

      geo->q[0] = (float) x0;
      geo->q[1] = (float) y0;
      geo->q[2] = (float) ((x0 + x2) / 2 + nx * 2 * h);
      geo->q[3] = (float) ((y0 + y2) / 2 + ny * 2 * h);
      geo->q[4] = (float) x2;
      geo->q[5] = (float) y2;
      if (self->given_curves != NULL && !isnan (self->given_curves[6 * (gsize) e + 2]))
        {
          /* Drawn as another frame routed it. */
          geo->q[2] = self->given_curves[6 * (gsize) e + 2];
          geo->q[3] = self->given_curves[6 * (gsize) e + 3];
        }

      geo->t_start = (float) quad_solve_distance (geo->q, 0, 0.5, x0, y0, r0 + START_GAP, TRUE);
      geo->t_tip = (float) quad_solve_distance (geo->q, 0.5, 1, x2, y2, r2 + TIP_GAP, FALSE);
      quad_point (geo->q, geo->t_tip, &bx, &by);
      geo->tip[0] = (float) bx;
      geo->tip[1] = (float) by;
      geo->chord = (float) hypot (bx - x0, by - y0);
      quad_point (geo->q, geo->t_start, &sx, &sy);

      a = arrow_length (s->w_ref > s->w_core ? MAX (s->w_core, 0.75 * s->w_outer) : s->w_core);
      hb = a * ARROW_HALF;
      if (hypot (bx - sx, by - sy) > 1.4 * a)
        {
          double px, py;

          s->flags |= EDGE_ARROW;
          geo->t_base = (float) quad_solve_distance (geo->q, geo->t_start, geo->t_tip, bx, by, a, FALSE);
          geo->t_end = (float) quad_solve_distance (geo->q, geo->t_start, geo->t_tip, bx, by, 0.7 * a, FALSE);
          quad_point (geo->q, geo->t_base, &px, &py);
          ux = bx - px;
          uy = by - py;
          ul = hypot (ux, uy);
          ux /= ul;
          uy /= ul;
          px = bx - ux * a;
          py = by - uy * a;
          geo->left[0] = (float) (px - uy * hb);
          geo->left[1] = (float) (py + ux * hb);
          geo->right[0] = (float) (px + uy * hb);
          geo->right[1] = (float) (py - ux * hb);
        }
      else
        {
          geo->t_base = geo->t_end = geo->t_tip;
        }

      if (!(hypot (bx - sx, by - sy) > 0.5))
        continue;
      s->flags |= EDGE_DRAWN;

      /* The curve lies in the hull of its control points. */
      minx = MIN (geo->q[0], MIN (geo->q[2], geo->q[4]));
      maxx = MAX (geo->q[0], MAX (geo->q[2], geo->q[4]));
      miny = MIN (geo->q[1], MIN (geo->q[3], geo->q[5]));
      maxy = MAX (geo->q[1], MAX (geo->q[3], geo->q[5]));
      pad = s->w_ref / 2 + self->band_extra / 2 + hb + 1;
      geo->bbox[0] = (float) (minx - pad);
      geo->bbox[1] = (float) (miny - pad);
      geo->bbox[2] = (float) (maxx + pad);
      geo->bbox[3] = (float) (maxy + pad);
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      const EdgeGeom *geo = &self->geom[e];
      float *box = self->edge_box + 4 * (gsize) e;

      if (self->style[e].flags & EDGE_DRAWN)
        memcpy (box, geo->bbox, sizeof geo->bbox);
      else
        {
          /* Never hit. */
          box[0] = box[1] = G_MAXFLOAT;
          box[2] = box[3] = -G_MAXFLOAT;
        }
    }

  self->geometry_valid = TRUE;
}

static void
set_graph (DgRenderer *self,
           DgGraph    *g)
{
  clear_graph (self);
  if (g == NULL)
    return;
  self->graph = dg_graph_ref (g);
  self->n_nodes = g->n_nodes;
  self->n_edges = g->n_edges;
  self->radius = g_new0 (float, MAX (g->n_nodes, 1));
  self->label_order = g_new0 (guint, MAX (g->n_nodes, 1));
  self->label_box = g_new0 (TextBox, MAX (g->n_nodes, 1));
  self->node_state = g_new0 (guint8, MAX (g->n_nodes, 1));
  self->style = g_new0 (EdgeStyle, MAX (g->n_edges, 1));
  self->geom = g_new0 (EdgeGeom, MAX (g->n_edges, 1));
  self->edge_box = g_new0 (float, 4 * (gsize) MAX (g->n_edges, 1));
  self->edge_order = g_new0 (guint, MAX (g->n_edges, 1));
  self->pair_edges = g_new0 (guint, MAX (g->n_edges, 1));
  self->pair_first = g_new0 (guint, g->n_edges + 1);
  self->pair_shift = g_new0 (float, g->n_edges + 1);
  self->pair_squeeze = g_new0 (float, g->n_edges + 1);
  self->node_ok = g_new0 (guint8, MAX (g->n_nodes, 1));
  self->edge_state = g_new0 (guint8, MAX (g->n_edges, 1));
  self->edge_in = g_new0 (guint8, MAX (g->n_edges, 1));
}

static inline guint32
mix32 (guint32 h)
{
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  return h ^ (h >> 16);
}

/* Which deals a crowd drawn 1 in N keeps: chosen by a hash of each deal's
 * id, so an edit elsewhere (a deal deleted, and the ones after it
 * renumbered) leaves the choice of every other deal as it was; by index
 * when there are no ids. */
static void
make_edge_keys (DgRenderer         *self,
                const char * const *ids)
{
  guint m = self->graph->n_edges;

  if (self->edge_key == NULL)
    self->edge_key = g_new (guint32, MAX (m, 1));
  for (guint e = 0; e < m; e++)
    self->edge_key[e] = mix32 (ids != NULL && ids[e] != NULL ? g_str_hash (ids[e]) : e * 0x9e3779b1u);
  self->edge_key_ids = ids;
}

/* Brings the caches up to date with the scene: style and positions
 * always, the deals' geometry when @geometry says (fitting the view needs
 * only the companies, and runs every frame while a layout settles). */
static void
ensure_cache (DgRenderer    *self,
              const DgScene *scene,
              const DgTheme *theme,
              gboolean       geometry)
{
  DgGraph *g = scene->graph;

  if (g != self->graph || (g != NULL && (g->n_nodes != self->n_nodes || g->n_edges != self->n_edges)))
    set_graph (self, g);

  if (self->line_scale != theme->line_scale || self->band_extra != theme->band_extra * theme->line_scale)
    {
      self->line_scale = theme->line_scale;
      self->band_extra = theme->band_extra * theme->line_scale;
      self->style_valid = FALSE;
    }
  if (scene->xy != self->xy)
    {
      self->xy = scene->xy;
      self->positions_valid = FALSE;
      self->geometry_valid = FALSE;
    }
  if (scene->edge_curves != self->given_curves)
    {
      self->given_curves = scene->edge_curves;
      self->geometry_valid = FALSE;
    }
  if (scene->labels != self->labels || self->label_size != theme->label_size
      || self->font_family != theme->font_family)
    {
      clear_labels (self);
      self->labels = scene->labels;
      self->label_size = theme->label_size;
      self->font_family = theme->font_family;
    }

  if (self->graph == NULL)
    return;
  if (!self->style_valid)
    {
      build_style (self);
      self->geometry_valid = FALSE;
    }
  if (self->edge_key == NULL || self->edge_key_ids != scene->edge_ids)
    make_edge_keys (self, scene->edge_ids);
  if (self->xy == NULL)
    return;
  if (!self->positions_valid)
    {
      check_positions (self);
      self->positions_valid = TRUE;
    }
  /* Routed afresh once positions rest after moving live. */
  if (geometry && (!self->geometry_valid || (self->geometry_live && !scene->moving)))
    build_geometry (self, scene->moving);
}

static TextBox *
label_box (DgRenderer *self,
           guint       v)
{
  TextBox *box = &self->label_box[v];

  if (box->layout == NULL)
    text_box_set (self, box, self->labels[v] != NULL ? self->labels[v] : "",
                  self->label_size, FALSE);
  return box;
}

/* Highlight state ---------------------------------------------------------- */

typedef enum
{
  HIGHLIGHT_NONE,
  HIGHLIGHT_HOVER_NODE,
  HIGHLIGHT_HOVER_EDGE,
  HIGHLIGHT_LIT,
} HighlightMode;

/* Visible, lit and dimmed, per company and (with @edges, which needs the
 * geometry) per deal. */
static HighlightMode
highlight_mode (DgRenderer    *self,
                const DgScene *scene)
{
  DgGraph *g = self->graph;

  if (scene->hover_node >= 0 && (guint) scene->hover_node < g->n_nodes)
    return HIGHLIGHT_HOVER_NODE;
  if (scene->hover_edge >= 0 && (guint) scene->hover_edge < g->n_edges)
    return HIGHLIGHT_HOVER_EDGE;
  if (scene->lit_nodes != NULL || scene->lit_edges != NULL)
    return HIGHLIGHT_LIT;
  return HIGHLIGHT_NONE;
}

static HighlightMode
compute_states (DgRenderer    *self,
                const DgScene *scene,
                gboolean       edges)
{
  DgGraph *g = self->graph;
  HighlightMode mode = highlight_mode (self, scene);

  for (guint v = 0; v < g->n_nodes; v++)
    {
      guint8 st = self->node_ok[v] && (scene->node_visible == NULL || scene->node_visible[v]) ? STATE_VISIBLE : 0;

      if (mode == HIGHLIGHT_LIT && scene->lit_nodes != NULL)
        st |= scene->lit_nodes[v] ? STATE_LIT : STATE_DIM;
      else if (mode != HIGHLIGHT_NONE)
        st |= STATE_DIM;
      self->node_state[v] = st;
    }

  for (guint e = 0; edges && e < g->n_edges; e++)
    {
      guint u = g->edge_src[e], v = g->edge_dst[e];
      guint8 st = 0;

      if ((self->style[e].flags & EDGE_DRAWN)
          && (scene->edge_visible == NULL || scene->edge_visible[e])
          && (self->node_state[u] & STATE_VISIBLE) && (self->node_state[v] & STATE_VISIBLE))
        st = STATE_VISIBLE;

      switch (mode)
        {
        case HIGHLIGHT_HOVER_NODE:
          if (u == (guint) scene->hover_node || v == (guint) scene->hover_node)
            {
              st |= STATE_LIT;
              self->node_state[u] = (self->node_state[u] & ~STATE_DIM) | STATE_LIT;
              self->node_state[v] = (self->node_state[v] & ~STATE_DIM) | STATE_LIT;
            }
          else
            st |= STATE_DIM;
          break;
        case HIGHLIGHT_HOVER_EDGE:
          if (e == (guint) scene->hover_edge)
            {
              st |= STATE_LIT;
              self->node_state[u] = (self->node_state[u] & ~STATE_DIM) | STATE_LIT;
              self->node_state[v] = (self->node_state[v] & ~STATE_DIM) | STATE_LIT;
            }
          else
            st |= STATE_DIM;
          break;
        case HIGHLIGHT_LIT:
          if (scene->lit_edges != NULL ? scene->lit_edges[e] != 0
                                       : (scene->lit_nodes[u] && scene->lit_nodes[v]))
            {
              st |= STATE_LIT;
              if (scene->lit_nodes == NULL)
                {
                  self->node_state[u] = (self->node_state[u] & ~STATE_DIM) | STATE_LIT;
                  self->node_state[v] = (self->node_state[v] & ~STATE_DIM) | STATE_LIT;
                }
            }
          else
            st |= STATE_DIM;
          break;
        case HIGHLIGHT_NONE:
        default:
          break;
        }
      self->edge_state[e] = st;
    }

  if (mode == HIGHLIGHT_HOVER_NODE)
    self->node_state[scene->hover_node] = (self->node_state[scene->hover_node] & ~STATE_DIM) | STATE_LIT;

  return mode;
}

/* Drawing pieces ----------------------------------------------------------- */

typedef struct
{
  DgRenderer *self;
  const DgScene *scene;
  const DgTheme *theme;
  DgPainter *painter;
  double zoom;
  double vx;
  double vy;
  double view[4];       /* visible rect, diagram units */
  /* Level of detail for the deals, from how densely they cover the
   * diagram at this zoom (measure_density): */
  double deal_alpha;    /* their opacity, lit deals aside */
  guint32 sample_cut;   /* raster targets draw deal e when edge_key[e] <= this */
  guint sample_every;   /* about 1 in this many is drawn (1: all) */
  gboolean legend_compact;  /* the legend without its size keys (legend_place) */
} Frame;

static inline double
dev_x (const Frame *f,
       double       x)
{
  return x * f->zoom + f->vx;
}

static inline double
dev_y (const Frame *f,
       double       y)
{
  return y * f->zoom + f->vy;
}

static void
emit_curve (const Frame    *f,
            const EdgeGeom *geo,
            double          t0,
            double          t1)
{
  double c[8];

  quad_sub_cubic (geo->q, t0, t1, c);
  dg_painter_move_to (f->painter, dev_x (f, c[0]), dev_y (f, c[1]));
  dg_painter_curve_to (f->painter,
                       dev_x (f, c[2]), dev_y (f, c[3]),
                       dev_x (f, c[4]), dev_y (f, c[5]),
                       dev_x (f, c[6]), dev_y (f, c[7]));
}

static void
emit_arrow (const Frame    *f,
            const EdgeGeom *geo)
{
  dg_painter_move_to (f->painter, dev_x (f, geo->tip[0]), dev_y (f, geo->tip[1]));
  dg_painter_line_to (f->painter, dev_x (f, geo->left[0]), dev_y (f, geo->left[1]));
  dg_painter_line_to (f->painter, dev_x (f, geo->right[0]), dev_y (f, geo->right[1]));
  dg_painter_close_path (f->painter);
}


static const char *
family_class (DgDealFamily family)
{
  static const char *names[DG_N_DEAL_FAMILIES] = {
    "investment", "compute", "cloud", "joint-venture", "other",
  };

  return family < DG_N_DEAL_FAMILIES ? names[family] : "other";
}

static const char *
make_id (DgRenderer         *self,
         const char         *prefix,
         const char * const *ids,
         guint               index)
{
  g_string_truncate (self->id_buf, 0);
  g_string_append (self->id_buf, prefix);
  if (ids != NULL && ids[index] != NULL)
    g_string_append (self->id_buf, ids[index]);
  else
    g_string_append_printf (self->id_buf, "%u", index);
  return self->id_buf->str;
}

/* A well-mixed hash of a deal's index: which deals a level of detail
 * draws, the same ones in every frame and on every target, more (never
 * others) as the zoom grows. */
static inline gboolean
edge_sampled (const Frame *f,
              guint        e)
{
  return f->sample_cut == G_MAXUINT32 || (f->self->edge_state[e] & STATE_LIT)
         || f->self->style[e].w_ref >= LOD_KEEP_WIDTH * f->self->line_scale
         || f->self->edge_key[e] <= f->sample_cut;
}

/* The length of the segment from (x0, y0) to (x1, y1) inside the
 * rectangle @r (Liang-Barsky). */
static double
clipped_length (double        x0,
                double        y0,
                double        x1,
                double        y1,
                const double *r)
{
  double dx = x1 - x0, dy = y1 - y0, t0 = 0, t1 = 1;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { x0 - r[0], r[2] - x0, y0 - r[1], r[3] - y0 };

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return 0;
          continue;
        }
      if (p[i] < 0)
        t0 = MAX (t0, q[i] / p[i]);
      else
        t1 = MIN (t1, q[i] / p[i]);
    }
  return t1 > t0 ? (t1 - t0) * sqrt (dx * dx + dy * dy) : 0;
}

/* How densely the visible deals cover the picture on screen, and so their
 * opacity (issue 11: "deal opacity that falls with on-screen density, so
 * structure shows through"): the length of each deal within the view times
 * its width (at least 1 px), over the part of the view the companies spread
 * over. Zoomed out, that is the whole network's density; zoomed into its
 * crowded core, the core's. Where the opacity would drop below what 8-bit
 * pixels can build up, raster targets draw a fixed share of the deals at a
 * higher opacity instead: the same mean ink, and a frame's work bounded by
 * the picture's area rather than its deal count. The share is chosen by a
 * hash of each deal's index, so the same deals are drawn on every frame and
 * target, and more (never others) as the density falls. SVG keeps every
 * deal, each at its own low opacity. */
static void
measure_density (Frame *f)
{
  DgRenderer *self = f->self;
  double ink = 0, area, alpha;

  f->deal_alpha = 1;
  f->sample_cut = G_MAXUINT32;
  f->sample_every = 1;
  if (self->graph == NULL)
    return;
  if (f->scene->deal_alpha > 0)
    {
      /* Which deals are in view, then the opacity asked for. */
      for (guint e = 0; e < self->n_edges; e++)
        {
          const float *box = self->edge_box + 4 * (gsize) e;

          self->edge_in[e] = (self->edge_state[e] & STATE_VISIBLE)
                             && !(box[2] < f->view[0] || box[0] > f->view[2]
                                  || box[3] < f->view[1] || box[1] > f->view[3]);
        }
      f->deal_alpha = MIN (f->scene->deal_alpha, 1.0);
      return;
    }

  /* Which deals are visible and in view, in one pass in index order over
   * the packed boxes: the drawing passes (in draw order) then touch a
   * deal's geometry only when it is (275,000 deals at 50k companies, whose
   * geometry does not fit in any cache). */
  for (guint e = 0; e < self->n_edges; e++)
    {
      const float *box = self->edge_box + 4 * (gsize) e;
      const EdgeGeom *geo;

      self->edge_in[e] = (self->edge_state[e] & STATE_VISIBLE)
                         && !(box[2] < f->view[0] || box[0] > f->view[2]
                              || box[3] < f->view[1] || box[1] > f->view[3]);
      if (!self->edge_in[e])
        continue;
      geo = &self->geom[e];
      ink += clipped_length (geo->q[0], geo->q[1], geo->tip[0], geo->tip[1], f->view)
             * MAX (self->style[e].w_ref * f->zoom, 1.0);
    }
  if (self->n_cells == 0)
    return;
  ink *= f->zoom;
  area = MIN (occupied_area_in (self, f->view), (f->view[2] - f->view[0]) * (f->view[3] - f->view[1]))
         * f->zoom * f->zoom;
  if (!(ink > LOD_DENSITY * area))
    return;

  alpha = LOD_DENSITY * area / ink;
  if (f->painter != NULL && f->painter->wants_ids)
    {
      f->deal_alpha = MAX (alpha, 0.02);
      return;
    }
  if (alpha >= LOD_SAMPLE_ALPHA)
    {
      f->deal_alpha = alpha;
      return;
    }
  f->deal_alpha = LOD_SAMPLE_ALPHA;
  f->sample_cut = (guint32) (alpha / LOD_SAMPLE_ALPHA * G_MAXUINT32);
  f->sample_every = (guint) MAX (2, round (LOD_SAMPLE_ALPHA / alpha));
}

/* @alpha: 1 inside a translucent group (bands merge, then the group's
 * opacity applies); below 1, each band's own (crowded frames). Lit bands
 * keep the theme's strength either way. */
static void
draw_bands (Frame   *f,
            guint8   want,
            double   alpha)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;
  DgStrokeStyle band = { 0 };
  DgColor strong = with_alpha (&f->theme->band, alpha < 1 ? f->theme->band_opacity : 1);
  DgColor faint;
  guint32 cut = f->sample_cut;

  /* Bands fainter than deals can be drawn at: a share of them (of the
   * deals drawn), as for the deals. */
  if (alpha < LOD_BAND_ALPHA && (f->painter == NULL || !f->painter->wants_ids))
    {
      cut = (guint32) (cut * (alpha / LOD_BAND_ALPHA));
      alpha = LOD_BAND_ALPHA;
    }
  faint = with_alpha (&f->theme->band, alpha);

  band.cap = DG_LINE_CAP_ROUND;

  for (guint i = 0; i < self->n_edges; i++)
    {
      guint e = self->edge_order[i];
      const EdgeGeom *geo = &self->geom[e];
      const EdgeStyle *s = &self->style[e];
      guint8 st = self->edge_state[e];

      if (!self->edge_in[e] || !scene->edge_cyclic[e] || (st & STATE_DIM) != want || !edge_sampled (f, e))
        continue;
      if (cut != G_MAXUINT32 && !(st & STATE_LIT) && self->edge_key[e] > cut)
        continue;

      /* Never left out for being thin or short: a deal too short to see
       * still shows it is on a cycle, as a dot of shading. */
      band.width = MAX ((s->w_ref + self->band_extra) * f->zoom, LOD_MIN_BAND);
      /* In a crowd a band is a tint along its deal: a pixel beside it. */
      if (alpha < 1)
        band.width = MIN (band.width, MAX (s->w_ref * f->zoom + 2, LOD_MIN_BAND));
      band.color = faint;
      if (st & STATE_LIT)
        {
          band.width = MAX (band.width, LOD_LIT_WIDTH + 4);
          band.color = strong;
        }
      emit_curve (f, geo, geo->t_start, geo->t_tip);
      dg_painter_stroke (f->painter, &band);
    }
}

static void
draw_edge (Frame *f,
           guint  e)
{
  DgRenderer *self = f->self;
  const DgTheme *theme = f->theme;
  const DgScene *scene = f->scene;
  const EdgeGeom *geo = &self->geom[e];
  const EdgeStyle *s = &self->style[e];
  guint8 st = self->edge_state[e];
  gboolean lit = (st & STATE_LIT) != 0;
  /* The biggest deals stand out of a crowd at full strength. */
  double alpha = lit || s->w_ref >= LOD_KEEP_WIDTH * self->line_scale ? 1.0 : f->deal_alpha;
  double wc = MAX (s->w_core * f->zoom, lit ? LOD_LIT_WIDTH : LOD_MIN_WIDTH);
  double arrow_len = arrow_length (s->w_core) * f->zoom;
  gboolean arrow = (s->flags & EDGE_ARROW) && (arrow_len >= LOD_MIN_ARROW || lit);
  double chord;
  DgStrokeStyle stroke = { 0 };
  DgColor color;

  /* Short deals are drawn, however short: in a raster they make a dot, in
   * SVG they stay for whoever zooms in. */
  chord = hypot (geo->tip[0] - geo->q[0], geo->tip[1] - geo->q[1]) * f->zoom;

  if (s->flags & EDGE_FAINT)
    alpha *= theme->faint_opacity;
  if (st & STATE_DIM)
    alpha *= theme->dim_opacity;
  color = with_alpha (&theme->deal[s->family], alpha);

  if (f->painter->wants_ids)
    {
      char klass[96];

      g_snprintf (klass, sizeof klass, "deal %s%s%s%s%s",
                  family_class (s->family),
                  scene->edge_cyclic != NULL && scene->edge_cyclic[e] ? " cyclic" : "",
                  (s->flags & EDGE_DASHED) ? " undisclosed" : "",
                  (s->flags & EDGE_RANGE) ? " range" : "",
                  (s->flags & EDGE_FAINT) ? " unconfirmed" : "");
      dg_painter_begin_group (f->painter, make_id (self, "deal-", scene->edge_ids, e), klass, NULL, 1.0);
    }

  if ((int) e == scene->selected_edge)
    {
      stroke.color = with_alpha (&theme->selection, 0.55);
      stroke.width = s->w_ref * f->zoom + 6;
      stroke.cap = DG_LINE_CAP_ROUND;
      emit_curve (f, geo, geo->t_start, geo->t_tip);
      dg_painter_stroke (f->painter, &stroke);
      stroke.cap = DG_LINE_CAP_BUTT;
    }

  /* A range reads as "up to": a pale stroke as wide as the high end, the
   * solid core as wide as the low end. */
  if ((s->flags & EDGE_RANGE) && (s->w_outer - s->w_core) * f->zoom >= 0.5)
    {
      stroke.color = with_alpha (&color, theme->range_opacity);
      stroke.width = s->w_outer * f->zoom;
      emit_curve (f, geo, geo->t_start, arrow ? geo->t_base : geo->t_tip);
      dg_painter_stroke (f->painter, &stroke);
    }

  stroke.color = color;
  stroke.width = wc;
  if ((s->flags & EDGE_DASHED) && wc >= LOD_MIN_DASH_WIDTH)
    {
      stroke.dash_on = MAX (4.0, 3.0 * wc);
      stroke.dash_off = MAX (3.0, 2.0 * wc);
    }
  emit_curve (f, geo, geo->t_start, arrow ? geo->t_end : geo->t_tip);
  dg_painter_stroke (f->painter, &stroke);

  if (arrow)
    {
      if (arrow_len < LOD_LIT_ARROW && lit)
        {
          /* A lit deal shows its direction at any zoom: the arrowhead
           * grown about its tip. */
          double k = LOD_LIT_ARROW / MAX (arrow_len, 1e-6);
          double tx = dev_x (f, geo->tip[0]), ty = dev_y (f, geo->tip[1]);

          dg_painter_move_to (f->painter, tx, ty);
          dg_painter_line_to (f->painter, tx + (dev_x (f, geo->left[0]) - tx) * k,
                              ty + (dev_y (f, geo->left[1]) - ty) * k);
          dg_painter_line_to (f->painter, tx + (dev_x (f, geo->right[0]) - tx) * k,
                              ty + (dev_y (f, geo->right[1]) - ty) * k);
          dg_painter_close_path (f->painter);
        }
      else
        emit_arrow (f, geo);
      dg_painter_fill (f->painter, &color);
    }

  /* A deal without a date while the timeline is set: it is shown whatever
   * the date, and a small ring at its middle says so. */
  if (scene->edge_undated != NULL && scene->edge_undated[e] && chord >= 4)
    {
      double mx, my;
      DgColor ring = with_alpha (&theme->background, MIN (1.0, alpha + 0.5));

      quad_point (geo->q, (geo->t_start + geo->t_tip) / 2, &mx, &my);
      dg_painter_disc (f->painter, dev_x (f, mx), dev_y (f, my), MAX (3.5, wc * 1.4),
                       &ring, &color, MAX (1.5, wc * 0.7));
    }

  if (f->painter->wants_ids)
    dg_painter_end_group (f->painter);
}

static void
draw_edges (Frame  *f,
            guint8  want)
{
  DgRenderer *self = f->self;

  for (guint i = 0; i < self->n_edges; i++)
    {
      guint e = self->edge_order[i];
      guint8 st = self->edge_state[e];

      if (!self->edge_in[e] || (st & STATE_DIM) != want || !edge_sampled (f, e))
        continue;
      self->edge_painted[e] = (st & STATE_LIT) ? DG_PAINTED_LIT : (st & STATE_DIM) ? DG_PAINTED_DIM : DG_PAINTED_NORMAL;
      draw_edge (f, e);
    }
}

static void
draw_node (Frame *f,
           guint  v)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;
  const DgTheme *theme = f->theme;
  DgGraph *g = self->graph;
  double cx = dev_x (f, scene->xy[2 * v]);
  double cy = dev_y (f, scene->xy[2 * v + 1]);
  double r = MAX (self->radius[v] * f->zoom,
                  (self->node_state[v] & STATE_LIT) ? LOD_LIT_DISC : LOD_MIN_DISC);
  guint kind = MIN (g->node_kind[v], DG_N_COMPANY_KINDS - 1);
  DgColor fill = theme->node_fill[kind];
  DgColor outline = theme->node_outline;
  double ow = r > 3 ? theme->outline_width : theme->outline_width * r / 3;

  if (self->node_state[v] & STATE_DIM)
    {
      /* Fade toward the background rather than turning see-through, so
       * dimmed deals do not show through dimmed discs. */
      fill = mix (&fill, &theme->background, 1 - theme->dim_opacity * 1.5);
      outline = mix (&outline, &theme->background, 1 - theme->dim_opacity * 1.5);
      fill.a = outline.a = 1;
    }

  if (f->painter->wants_ids)
    {
      char klass[64];

      g_snprintf (klass, sizeof klass, "company %s", dg_company_kind_to_string (kind));
      dg_painter_begin_group (f->painter, make_id (self, "company-", scene->node_ids, v), klass,
                              scene->labels != NULL ? scene->labels[v] : NULL, 1.0);
    }

  dg_painter_disc (f->painter, cx, cy, r, &fill, &outline, ow);

  if ((int) v == scene->selected_node)
    dg_painter_disc (f->painter, cx, cy, r + 3.5, NULL, &theme->selection, 2.5);
  else if ((int) v == scene->hover_node)
    {
      DgColor ring = with_alpha (&theme->selection, 0.6);

      dg_painter_disc (f->painter, cx, cy, r + 3, NULL, &ring, 1.5);
    }

  if (scene->node_pinned != NULL && scene->node_pinned[v] && r >= 3)
    {
      /* A pin head on the rim, up and to the right. */
      double px = cx + r * 0.7071, py = cy - r * 0.7071;

      dg_painter_disc (f->painter, px, py, 3.2, &theme->pin, &theme->background, 1.2);
    }

  if (f->painter->wants_ids)
    dg_painter_end_group (f->painter);
}

static void
draw_nodes (Frame  *f,
            guint8  want)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;

  for (guint v = 0; v < self->n_nodes; v++)
    {
      guint8 st = self->node_state[v];
      double x = scene->xy[2 * v], y = scene->xy[2 * v + 1], r = self->radius[v] + 4 / f->zoom;

      if (!(st & STATE_VISIBLE) || (st & STATE_DIM) != want
          || x + r < f->view[0] || x - r > f->view[2] || y + r < f->view[1] || y - r > f->view[3])
        continue;
      draw_node (f, v);
    }
}

/* Label placement ---------------------------------------------------------- */

static void
grid_reset (DgRenderer    *self,
            const DgScene *scene)
{
  gsize size;

  self->grid_w = scene->width / GRID_CELL + 1;
  self->grid_h = scene->height / GRID_CELL + 1;
  size = (gsize) self->grid_w * self->grid_h;
  if (size > self->grid_cap)
    {
      g_free (self->grid);
      self->grid = g_malloc (size);
      self->grid_cap = size;
    }
  memset (self->grid, 0, size);
}

/* What occupies a cell of the label grid. */
#define GRID_DISC 1
#define GRID_TEXT 2

/* With @mark, marks the rectangle's cells with @bits; otherwise says
 * whether any of its cells holds any of @bits. */
static gboolean
grid_rect (DgRenderer *self,
           double      x0,
           double      y0,
           double      x1,
           double      y1,
           gboolean    mark,
           guint8      bits)
{
  int cx0, cy0, cx1, cy1;

  /* Within the grid before any conversion: a rectangle far off the page
   * (or NaN, which fails every comparison) must not overflow an int. */
  x0 = x0 > 0 ? MIN (x0, (double) self->grid_w * GRID_CELL) : 0;
  y0 = y0 > 0 ? MIN (y0, (double) self->grid_h * GRID_CELL) : 0;
  x1 = x1 < (double) self->grid_w * GRID_CELL ? x1 : (double) self->grid_w * GRID_CELL;
  y1 = y1 < (double) self->grid_h * GRID_CELL ? y1 : (double) self->grid_h * GRID_CELL;
  if (!(x1 >= 0 && y1 >= 0))
    return FALSE;
  cx0 = (int) (x0 / GRID_CELL);
  cy0 = (int) (y0 / GRID_CELL);
  cx1 = MIN ((int) (x1 / GRID_CELL), self->grid_w - 1);
  cy1 = MIN ((int) (y1 / GRID_CELL), self->grid_h - 1);

  for (int y = cy0; y <= cy1; y++)
    {
      guint8 *row = self->grid + (gsize) y * self->grid_w;

      if (mark)
        for (int x = cx0; x <= cx1; x++)
          row[x] |= bits;
      else
        for (int x = cx0; x <= cx1; x++)
          if (row[x] & bits)
            return TRUE;
    }
  return FALSE;
}

/* A label must lie on the page and on nothing already placed. */
static gboolean
label_fits (DgRenderer    *self,
            const DgScene *scene,
            double         x0,
            double         y0,
            double         x1,
            double         y1,
            guint8         avoid)
{
  if (x0 < 2 || y0 < 2 || x1 > scene->width - 2 || y1 > scene->height - 2)
    return FALSE;
  return !grid_rect (self, x0 + 1, y0 + 1, x1 - 1, y1 - 1, FALSE, avoid);
}

static void
place_label (Frame    *f,
             guint     v,
             gboolean  force,
             guint8    avoid)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;
  const DgTheme *theme = f->theme;
  double cx = dev_x (f, scene->xy[2 * v]);
  double cy = dev_y (f, scene->xy[2 * v + 1]);
  double r = self->radius[v] * f->zoom;
  double gap = LABEL_GAP + theme->outline_width;
  double est_w = theme->label_size * 1.5, lh = theme->label_size * 1.3;
  TextBox *box;
  double cand[8][2];
  DgTextRun run = { 0 };
  guint8 st = self->node_state[v];

  if (cx + r < -200 || cx - r > scene->width + 200 || cy + r < 0 || cy - r > scene->height)
    return;

  /* Cheap first test before the text is shaped: even the first letters
   * would collide on both sides. */
  if (!force
      && !label_fits (self, scene, cx + r + gap, cy - lh / 2, cx + r + gap + est_w, cy + lh / 2, avoid)
      && !label_fits (self, scene, cx - r - gap - est_w, cy - lh / 2, cx - r - gap, cy + lh / 2, avoid)
      && !label_fits (self, scene, cx - est_w / 2, cy + r + 2, cx + est_w / 2, cy + r + 2 + lh, avoid))
    return;

  box = label_box (self, v);
  if (box->width <= 0)
    return;

  /* Right, left, the four diagonals, below, above: the eye looks for a
   * name beside its disc first. */
  {
    double d = r * 0.72 + 1;

    cand[0][0] = cx + r + gap;
    cand[0][1] = cy - box->height / 2;
    cand[1][0] = cx - r - gap - box->width;
    cand[1][1] = cy - box->height / 2;
    cand[2][0] = cx + d + gap / 2;
    cand[2][1] = cy - d - box->height + box->height * 0.25;
    cand[3][0] = cx + d + gap / 2;
    cand[3][1] = cy + d - box->height * 0.25;
    cand[4][0] = cx - d - gap / 2 - box->width;
    cand[4][1] = cy - d - box->height + box->height * 0.25;
    cand[5][0] = cx - d - gap / 2 - box->width;
    cand[5][1] = cy + d - box->height * 0.25;
    cand[6][0] = cx - box->width / 2;
    cand[6][1] = cy + r + 1;
    cand[7][0] = cx - box->width / 2;
    cand[7][1] = cy - r - 1 - box->height;
  }

  for (guint i = 0; i < G_N_ELEMENTS (cand); i++)
    {
      double x0 = cand[i][0], y0 = cand[i][1];
      double x1 = x0 + box->width, y1 = y0 + box->height;

      if (!label_fits (self, scene, x0, y0, x1, y1, avoid))
        {
          if (!(force && i + 1 == G_N_ELEMENTS (cand)))
            continue;
          x0 = cand[0][0];
          y0 = cand[0][1];
          x1 = x0 + box->width;
          y1 = y0 + box->height;
        }

      grid_rect (self, x0 - 2, y0, x1 + 2, y1, TRUE, GRID_TEXT);
      /* The halo reaches 2.5 units around the text. */
      g_array_append_val (self->shown_labels, ((DgShownLabel) {
                            v, (float) (x0 - 3), (float) (y0 - 3), (float) (x1 + 3), (float) (y1 + 3) }));

      run.text = box->text;
      run.layout = box->layout;
      run.font_family = theme->font_family;
      run.size = box->size;
      run.x = x0;
      run.y = y0 + box->baseline;
      run.align = DG_TEXT_ALIGN_LEFT;
      run.width = box->width;
      run.baseline = box->baseline;
      run.color = theme->text;
      if (st & STATE_DIM)
        run.color.a *= MAX (theme->dim_opacity * 2.5, 0.35);
      run.halo = theme->halo;
      run.halo_width = 2.5;
      dg_painter_text (f->painter, &run);
      return;
    }
}

static void
draw_labels (Frame        *f,
             HighlightMode mode)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;
  guint budget, small = 0;
  guint8 avoid;

  if (self->shown_labels == NULL)
    self->shown_labels = g_array_new (FALSE, FALSE, sizeof (DgShownLabel));
  g_array_set_size (self->shown_labels, 0);

  /* What the reader is looking at gets its label first, whatever room it
   * takes; then the rest, most important first, where they fit. */
  if (scene->selected_node >= 0 && (guint) scene->selected_node < self->n_nodes
      && (self->node_state[scene->selected_node] & STATE_VISIBLE))
    place_label (f, scene->selected_node, TRUE, GRID_DISC | GRID_TEXT);
  if (scene->hover_node >= 0 && (guint) scene->hover_node < self->n_nodes
      && scene->hover_node != scene->selected_node
      && (self->node_state[scene->hover_node] & STATE_VISIBLE))
    place_label (f, scene->hover_node, TRUE, GRID_DISC | GRID_TEXT);

  /* Companies too small on screen to stand out by size are labelled only
   * among the most important in view, a number that grows with the
   * picture's area: on a big network zoomed out, the biggest companies are
   * named, and zooming in names more. */
  budget = (guint) MAX (8.0, (double) scene->width * scene->height / LOD_LABEL_AREA);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->n_nodes; i++)
      {
        guint v = self->label_order[i];
        guint8 st = self->node_state[v];
        gboolean lit = (st & STATE_LIT) != 0;

        if (!(st & STATE_VISIBLE) || (int) v == scene->selected_node || (int) v == scene->hover_node)
          continue;
        /* Lit labels in the first pass, the rest in the second. */
        if (mode != HIGHLIGHT_NONE && lit != (pass == 0))
          continue;
        if (mode == HIGHLIGHT_NONE && pass == 1)
          break;
        avoid = f->deal_alpha < 1 ? GRID_TEXT : GRID_DISC | GRID_TEXT;
        if (!lit)
          {
            double x = dev_x (f, scene->xy[2 * v]), y = dev_y (f, scene->xy[2 * v + 1]);
            gboolean in_view = x >= 0 && y >= 0 && x <= scene->width && y <= scene->height;

            /* In a crowd (deals thinned) every name counts against the
             * budget, and names may cover other companies' discs:
             * otherwise none would fit, the biggest included. */
            if ((f->deal_alpha < 1 || self->radius[v] * f->zoom < LOD_MIN_LABEL_R)
                && (!in_view || small++ >= budget))
              continue;
          }
        place_label (f, v, FALSE, avoid);
      }
}

static void
mark_discs (Frame *f)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;

  for (guint v = 0; v < self->n_nodes; v++)
    {
      double cx, cy, r;

      if (!(self->node_state[v] & STATE_VISIBLE))
        continue;
      /* Dots smaller than this may sit under a label's halo: in a crowd of
       * them, keeping every one clear would leave no name at all. */
      r = self->radius[v] * f->zoom;
      if (r < LOD_MIN_LABEL_R)
        continue;
      cx = dev_x (f, scene->xy[2 * v]);
      cy = dev_y (f, scene->xy[2 * v + 1]);
      if (cx + r < 0 || cy + r < 0 || cx - r > scene->width || cy - r > scene->height)
        continue;
      /* The square inside the disc's bounding box that a label's corner
       * could not clip without touching the disc, roughly. */
      grid_rect (self, cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85, TRUE, GRID_DISC);
    }
}

/* Title and legend ---------------------------------------------------------- */

static double
title_height (DgRenderer    *self,
              const DgScene *scene,
              const DgTheme *theme)
{
  if (scene->title == NULL && scene->subtitle == NULL)
    return 0;
  return theme->title_size * 1.25 + TITLE_MARGIN;
}

static void
draw_title (Frame  *f,
            double *out_w,
            double *out_h)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;
  const DgTheme *theme = f->theme;
  double x = TITLE_MARGIN, y = TITLE_MARGIN;
  double baseline = 0, w = 0, h = 0;
  DgTextRun run = { 0 };
  TextBox *title = NULL, *sub = NULL;

  if (scene->title != NULL && *scene->title != '\0')
    title = slot (self, SLOT_TITLE, scene->title, theme->title_size, TRUE);
  if (scene->subtitle != NULL && *scene->subtitle != '\0')
    sub = slot (self, SLOT_SUBTITLE, scene->subtitle, theme->title_size * 0.65, FALSE);

  if (title != NULL)
    {
      baseline = title->baseline;
      w = title->width;
      h = title->height;
    }
  if (sub != NULL)
    {
      baseline = MAX (baseline, sub->baseline);
      w += (title != NULL ? theme->title_size * 0.75 : 0) + sub->width;
      h = MAX (h, sub->height);
    }
  if (out_w != NULL)
    *out_w = w + TITLE_MARGIN;
  if (out_h != NULL)
    *out_h = h + TITLE_MARGIN;
  if (f->painter == NULL || (title == NULL && sub == NULL))
    return;

  dg_painter_begin_group (f->painter, "title", "title", NULL, 1.0);
  run.font_family = theme->font_family;
  run.halo = theme->halo;
  run.halo_width = 3;
  if (title != NULL)
    {
      run.text = title->text;
      run.layout = title->layout;
      run.size = title->size;
      run.bold = TRUE;
      run.x = x;
      run.y = y + baseline;
      run.width = title->width;
      run.baseline = title->baseline;
      run.color = theme->text;
      dg_painter_text (f->painter, &run);
      x += title->width + theme->title_size * 0.75;
    }
  if (sub != NULL)
    {
      run.text = sub->text;
      run.layout = sub->layout;
      run.size = sub->size;
      run.bold = FALSE;
      run.x = x;
      run.y = y + baseline;
      run.width = sub->width;
      run.baseline = sub->baseline;
      run.color = theme->text_muted;
      dg_painter_text (f->painter, &run);
    }
  dg_painter_end_group (f->painter);
}

typedef struct
{
  Frame *f;
  DgPainter *painter;   /* NULL: measure only */
  double ox;
  double oy;
  double x;             /* pen, relative to the origin */
  double y;
  double width;         /* widest row so far */
  guint slot;
  double s;             /* text size */
  double lh;            /* row height */
} Legend;

static double
legend_text (Legend     *lg,
             const char *text,
             double      x,
             gboolean    bold,
             gboolean    muted)
{
  TextBox *box = slot (lg->f->self, MIN (lg->slot, N_SLOTS - 1), text,
                       bold ? lg->s * 1.05 : lg->s, bold);
  const DgTheme *theme = lg->f->theme;

  lg->slot++;
  if (lg->painter != NULL)
    {
      DgTextRun run = { 0 };

      run.text = box->text;
      run.layout = box->layout;
      run.font_family = theme->font_family;
      run.size = box->size;
      run.bold = bold;
      run.x = lg->ox + x;
      run.y = lg->oy + lg->y + lg->lh / 2 - box->height / 2 + box->baseline;
      run.width = box->width;
      run.baseline = box->baseline;
      run.color = muted ? theme->text_muted : theme->text;
      dg_painter_text (lg->painter, &run);
    }
  lg->width = MAX (lg->width, x + box->width);
  return box->width;
}

/* A short sample deal: a slight arc with an arrowhead, or just a line. */
static void
legend_line (Legend              *lg,
             double               x,
             double               len,
             const DgStrokeStyle *style,
             gboolean             arrow)
{
  DgPainter *p = lg->painter;
  double y = lg->oy + lg->y + lg->lh / 2;
  double x0 = lg->ox + x, x1 = x0 + len;
  double a = MAX (7.0, style->width * 2.2), hb = a * ARROW_HALF;

  if (p == NULL)
    return;
  dg_painter_move_to (p, x0, y);
  dg_painter_line_to (p, arrow ? x1 - a * 0.7 : x1, y);
  dg_painter_stroke (p, style);
  if (arrow)
    {
      dg_painter_move_to (p, x1, y);
      dg_painter_line_to (p, x1 - a, y - hb);
      dg_painter_line_to (p, x1 - a, y + hb);
      dg_painter_close_path (p);
      dg_painter_fill (p, &style->color);
    }
}

static void
legend_band (Legend *lg,
             double  x,
             double  len)
{
  const DgTheme *theme = lg->f->theme;
  DgStrokeStyle band = { 0 };

  if (lg->painter == NULL)
    return;
  band.color = theme->band;
  band.width = MIN (lg->lh * 0.7, 11.0 * theme->line_scale);
  band.cap = DG_LINE_CAP_ROUND;
  dg_painter_begin_group (lg->painter, NULL, "band", NULL, theme->band_opacity);
  legend_line (lg, x + band.width / 2, len - band.width, &band, FALSE);
  dg_painter_end_group (lg->painter);
}

static void
legend_row (Legend *lg)
{
  lg->y += lg->lh;
}

static void
legend_emit (Frame     *f,
             DgPainter *painter,
             double     ox,
             double     oy,
             double    *out_w,
             double    *out_h)
{
  DgRenderer *self = f->self;
  const DgTheme *theme = f->theme;
  Legend lg = { 0 };
  double pad, sw, col2 = 0, text_x;
  guint n_kinds = 0, k_index = 0;
  DgStrokeStyle st = { 0 };
  DgColor ink = theme->deal[DG_DEAL_FAMILY_OTHER];

  lg.f = f;
  lg.painter = painter;
  lg.s = theme->legend_size;
  lg.lh = round (theme->legend_size * 1.7);
  lg.slot = SLOT_LEGEND_FIRST;
  pad = round (theme->legend_size * 0.9);
  sw = round (theme->legend_size * 3.2);    /* swatch column */
  text_x = pad + sw + round (lg.s * 0.6);
  lg.ox = ox;
  lg.oy = oy;
  lg.y = pad;
  ink = theme->text_muted;

  if (painter != NULL)
    {
      /* Measure first, for the panel behind. */
      double w, h;

      legend_emit (f, NULL, 0, 0, &w, &h);
      dg_painter_begin_group (painter, "legend", "legend", NULL, 1.0);
      dg_painter_rounded_rectangle (painter, ox + 0.5, oy + 0.5, w - 1, h - 1, 6);
      dg_painter_fill (painter, &theme->legend_background);
      dg_painter_rounded_rectangle (painter, ox + 0.5, oy + 0.5, w - 1, h - 1, 6);
      st.color = theme->legend_border;
      st.width = 1;
      dg_painter_stroke (painter, &st);
      lg.slot = SLOT_LEGEND_FIRST;
    }

  /* Companies, by kind, in two columns. */
  if (self->kinds_present != 0)
    {
      double colw = 0;

      legend_text (&lg, _("Companies"), pad, TRUE, FALSE);
      legend_row (&lg);
      for (guint k = 0; k < DG_N_COMPANY_KINDS; k++)
        if (self->kinds_present & (1u << k))
          {
            TextBox *box = slot (self, MIN (lg.slot + n_kinds, N_SLOTS - 1),
                                 dg_company_kind_label (k), lg.s, FALSE);

            colw = MAX (colw, box->width);
            n_kinds++;
          }
      col2 = pad + lg.s + lg.s * 0.6 + colw + lg.s * 1.5;
      for (guint k = 0; k < DG_N_COMPANY_KINDS; k++)
        {
          double cx;

          if (!(self->kinds_present & (1u << k)))
            continue;
          cx = (k_index % 2 == 0) ? pad : col2;
          if (painter != NULL)
            dg_painter_disc (painter, ox + cx + lg.s / 2, oy + lg.y + lg.lh / 2, lg.s * 0.45,
                             &theme->node_fill[k], &theme->node_outline, theme->outline_width);
          legend_text (&lg, dg_company_kind_label (k), cx + lg.s + lg.s * 0.6, FALSE, FALSE);
          if (k_index % 2 == 1 || k_index + 1 == n_kinds)
            legend_row (&lg);
          k_index++;
        }

      /* Disc sizes, true to the current zoom when they fit in a row. */
      if (!f->legend_compact)
      {
        const double *samples = legend_disc_samples;
        double r_max = dg_node_radius (samples[2]) * f->zoom;
        double x = pad;

        if (r_max <= lg.lh * 1.2 && dg_node_radius (samples[0]) * f->zoom >= 1.5)
          {
            double row_h = MAX (lg.lh, 2 * r_max + 4);
            double save_lh = lg.lh;

            lg.lh = row_h;
            for (guint i = 0; i < 3; i++)
              {
                double r = dg_node_radius (samples[i]) * f->zoom;

                if (painter != NULL)
                  dg_painter_disc (painter, ox + x + r, oy + lg.y + row_h / 2, r,
                                   &theme->node_fill[DG_COMPANY_KIND_OTHER], &theme->node_outline,
                                   theme->outline_width);
                x += 2 * r + 3;
                x += legend_text (&lg, self->money_disc[i], x, FALSE, TRUE) + lg.s * 0.8;
              }
            legend_row (&lg);
            lg.lh = save_lh;
          }
        legend_text (&lg, _("Disc area grows with valuation"), pad, FALSE, TRUE);
        legend_row (&lg);
      }
      lg.y += lg.s * 0.5;
    }

  /* Deals. */
  legend_text (&lg, _("Deals: arrows point to who is paid"), pad, TRUE, FALSE);
  legend_row (&lg);
  st.cap = DG_LINE_CAP_BUTT;
  st.width = 2.2 * theme->line_scale;
  for (guint fam = 0; fam < DG_N_DEAL_FAMILIES; fam++)
    {
      if (!(self->families_present & (1u << fam)))
        continue;
      st.color = theme->deal[fam];
      legend_line (&lg, pad, sw, &st, TRUE);
      legend_text (&lg, dg_deal_family_label (fam), text_x, FALSE, FALSE);
      legend_row (&lg);
    }

  /* Width: amount. Samples at the current zoom, when that reads. */
  if (!f->legend_compact)
  {
    const double *samples = legend_line_samples;
    double x = pad;
    double w_big = dg_deal_width_for_amount (samples[2]) * self->line_scale * f->zoom;

    if (w_big <= lg.lh * 0.8 && w_big >= 1.0)
      {
        st.color = ink;
        for (guint i = 0; i < 3; i++)
          {
            st.width = dg_deal_width_for_amount (samples[i]) * self->line_scale * f->zoom;
            legend_line (&lg, x, lg.s * 1.6, &st, FALSE);
            x += lg.s * 1.6 + 4;
            x += legend_text (&lg, self->money_line[i], x, FALSE, TRUE) + lg.s * 0.8;
          }
        legend_row (&lg);
      }
    legend_text (&lg, _("Line width grows with the amount"), pad, FALSE, TRUE);
    legend_row (&lg);
  }

  /* The drawing says what it leaves out. */
  if (f->sample_every > 1)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "1 in %u deal drawn at this zoom",
                                                            "1 in %u deals drawn at this zoom",
                                                            f->sample_every),
                                               f->sample_every);

      legend_text (&lg, note, pad, FALSE, TRUE);
      legend_row (&lg);
    }

  st.color = ink;
  st.width = 1.6 * theme->line_scale;
  if (self->any_dashed)
    {
      st.dash_on = 5;
      st.dash_off = 3.5;
      legend_line (&lg, pad, sw, &st, FALSE);
      st.dash_on = st.dash_off = 0;
      legend_text (&lg, _("Amount undisclosed"), text_x, FALSE, FALSE);
      legend_row (&lg);
    }
  if (f->scene->edge_undated != NULL)
    {
      if (lg.painter != NULL)
        {
          double cy = lg.oy + lg.y + lg.lh / 2;

          legend_line (&lg, pad, sw, &st, FALSE);
          dg_painter_disc (lg.painter, lg.ox + pad + sw / 2, cy, 4.0, &theme->background, &st.color, 1.5);
        }
      legend_text (&lg, _("No date: shown at every date"), text_x, FALSE, FALSE);
      legend_row (&lg);
    }
  if (self->any_range)
    {
      DgStrokeStyle pale = st;

      pale.color = with_alpha (&ink, theme->range_opacity);
      pale.width = 6.5 * theme->line_scale;
      legend_line (&lg, pad, sw, &pale, FALSE);
      legend_line (&lg, pad, sw, &st, FALSE);
      legend_text (&lg, _("Range: pale to the high end, solid to the low"), text_x, FALSE, FALSE);
      legend_row (&lg);
    }
  if (self->any_faint)
    {
      DgStrokeStyle faint = st;

      faint.color = with_alpha (&ink, theme->faint_opacity);
      legend_line (&lg, pad, sw, &faint, FALSE);
      legend_text (&lg, _("Rumoured, discussed, stalled or cancelled"), text_x, FALSE, FALSE);
      legend_row (&lg);
    }
  if (f->scene->edge_cyclic != NULL)
    {
      legend_band (&lg, pad, sw);
      legend_line (&lg, pad, sw, &st, FALSE);
      legend_text (&lg, _("Shaded: on a cycle (money comes back)"), text_x, FALSE, FALSE);
      legend_row (&lg);
    }

  if (painter != NULL)
    dg_painter_end_group (painter);

  if (out_w != NULL)
    *out_w = ceil (lg.width + pad);
  if (out_h != NULL)
    *out_h = ceil (lg.y + pad);
}

static double
disc_overlap (const Frame *f,
              double       x0,
              double       y0,
              double       x1,
              double       y1)
{
  DgRenderer *self = f->self;
  const DgScene *scene = f->scene;
  double total = 0;
  int sel_a = scene->selected_node, sel_b = -1;

  /* The selected company, or the two of the selected deal, weigh as lit. */
  if (sel_a < 0 && scene->selected_edge >= 0 && scene->graph != NULL
      && (guint) scene->selected_edge < scene->graph->n_edges)
    {
      sel_a = scene->graph->edge_src[scene->selected_edge];
      sel_b = scene->graph->edge_dst[scene->selected_edge];
    }

  for (guint v = 0; v < self->n_nodes; v++)
    {
      double cx, cy, r, ox, oy;

      if (!(self->node_state[v] & STATE_VISIBLE))
        continue;
      cx = dev_x (f, scene->xy[2 * v]);
      cy = dev_y (f, scene->xy[2 * v + 1]);
      /* Count a little room around each disc for its label. */
      r = self->radius[v] * f->zoom + 6;
      ox = MIN (x1, cx + r) - MAX (x0, cx - r);
      oy = MIN (y1, cy + r) - MAX (y0, cy - r);
      /* The companies of a selected cycle or deal, and the selected
       * company, are what the reader looks at: hiding one costs more than
       * hiding any number of the dimmed rest. (Not the hover: the legend
       * must not jump as the pointer moves.) */
      if (ox > 0 && oy > 0)
        total += ox * oy * ((scene->lit_nodes != NULL && scene->lit_nodes[v]) || (int) v == sel_a || (int) v == sel_b
                            ? LEGEND_LIT_WEIGHT : 1.0);
    }
  return total;
}

/* Tries the four corners and keeps the one hiding the least disc area. */
/* The share of the picture above which the legend goes compact. */
#define LEGEND_COMPACT_SHARE 0.22

static gboolean
legend_place (Frame        *f,
              DgRenderRect *rect)
{
  const DgScene *scene = f->scene;
  double w, h, top, best = G_MAXDOUBLE, title_w = 0;
  /* Bottom right first: it hides least of a reading order. */
  const int corners[4][2] = { { 1, 1 }, { 1, 0 }, { 0, 1 }, { 0, 0 } };

  legend_emit (f, NULL, 0, 0, &w, &h);
  /* On a narrow canvas (the lists and a panel open beside it, a small
   * export) the whole legend would cover a good part of the picture: it
   * leaves out the keys to sizes, which the reader can do without (the
   * colours, the arrows and the shading cannot be guessed). */
  if (w * h > LEGEND_COMPACT_SHARE * scene->width * scene->height)
    {
      f->legend_compact = TRUE;
      legend_emit (f, NULL, 0, 0, &w, &h);
    }
  top = LEGEND_MARGIN;
  {
    /* The title's width, measured without drawing. */
    Frame measure = *f;

    measure.painter = NULL;
    draw_title (&measure, &title_w, NULL);
  }

  for (guint i = 0; i < 4; i++)
    {
      double x = corners[i][0] ? scene->width - LEGEND_MARGIN - w : LEGEND_MARGIN;
      double y = corners[i][1] ? scene->height - LEGEND_MARGIN - h : top;
      double cost;

      /* A top corner stays below the title where they would meet (at
       * the right too, when the canvas is narrow or the title long). */
      if (!corners[i][1] && (!corners[i][0] || x < title_w))
        y = MAX (y, title_height (f->self, scene, f->theme) + 4);
      if (!corners[i][0] && corners[i][1])
        y -= scene->legend_clear_bottom_left;
      cost = disc_overlap (f, x, y, x + w, y + h);
      if (cost < best - 1e-6)
        {
          best = cost;
          rect->x = x;
          rect->y = y;
          rect->width = w;
          rect->height = h;
        }
    }
  return TRUE;
}

/* The frame ----------------------------------------------------------------- */

static void
frame_init (Frame         *f,
            DgRenderer    *self,
            const DgScene *scene,
            DgPainter     *painter)
{
  f->self = self;
  f->scene = scene;
  f->theme = dg_theme_get (scene->theme);
  f->painter = painter;
  /* A view that is no number draws as the plain one, never as NaN. */
  f->zoom = scene->zoom > 0 && scene->zoom < 1e12 ? scene->zoom : 1.0;
  f->vx = isfinite (scene->view_x) ? CLAMP (scene->view_x, -1e15, 1e15) : 0;
  f->vy = isfinite (scene->view_y) ? CLAMP (scene->view_y, -1e15, 1e15) : 0;
  f->view[0] = (0 - f->vx) / f->zoom;
  f->view[1] = (0 - f->vy) / f->zoom;
  f->view[2] = (scene->width - f->vx) / f->zoom;
  f->view[3] = (scene->height - f->vy) / f->zoom;
  f->legend_compact = FALSE;
}

/**
 * dg_renderer_paint:
 * @self: a renderer
 * @scene: what to draw
 * @painter: where to draw it
 *
 * Draws the scene: background, shading under cyclic deals, deals, companies,
 * labels, title and legend, in that order, each layer a group.
 */
void
dg_renderer_paint (DgRenderer    *self,
                   const DgScene *scene,
                   DgPainter     *painter)
{
  Frame f;
  HighlightMode mode = HIGHLIGHT_NONE;
  gboolean have_graph, draw_diagram, draw_chrome;
  DgRenderRect legend = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (scene != NULL);
  g_return_if_fail (painter != NULL);
  g_return_if_fail (scene->graph == NULL || scene->graph->n_nodes == 0 || scene->xy != NULL);

  frame_init (&f, self, scene, painter);
  ensure_cache (self, scene, f.theme, TRUE);
  have_graph = self->graph != NULL && scene->xy != NULL;
  draw_diagram = scene->layers == 0 || (scene->layers & DG_RENDER_LAYER_DIAGRAM);
  draw_chrome = scene->layers == 0 || (scene->layers & DG_RENDER_LAYER_CHROME);

  if (scene->background && draw_diagram)
    {
      dg_painter_begin_group (painter, "background", "background", NULL, 1.0);
      dg_painter_move_to (painter, 0, 0);
      dg_painter_line_to (painter, scene->width, 0);
      dg_painter_line_to (painter, scene->width, scene->height);
      dg_painter_line_to (painter, 0, scene->height);
      dg_painter_close_path (painter);
      dg_painter_fill (painter, &f.theme->background);
      dg_painter_end_group (painter);
    }

  if (have_graph)
    {
      mode = compute_states (self, scene, TRUE);
      measure_density (&f);
    }

  if (have_graph && draw_diagram)
    {
      if (scene->edge_cyclic != NULL)
        {
          /* Bands are opaque inside a translucent layer: where they cross
           * they merge instead of piling up into dark knots. Where deals
           * crowd (their opacity lowered), a merged layer would cover the
           * whole diagram in one flat tint; there each band is as faint as
           * its deal, so the shading shows where cyclic deals gather. */
          double dim = f.theme->band_opacity * f.theme->dim_opacity * 1.5;
          gboolean crowded = f.deal_alpha < 1;
          /* For a mask, where the bands are is all: no layer to compose
           * (in an edit's first frame, making and composing one the size
           * of the patch took 3 ms). */
          gboolean coverage = (scene->layers & DG_RENDER_LAYER_COVERAGE) != 0;

          if (mode != HIGHLIGHT_NONE)
            {
              dg_painter_begin_group (painter, "shading-dimmed", "shading dimmed", NULL,
                                      crowded || coverage ? 1 : dim);
              draw_bands (&f, STATE_DIM, coverage ? 1 : crowded ? dim * f.deal_alpha * LOD_BAND_SHARE : 1);
              dg_painter_end_group (painter);
            }
          dg_painter_begin_group (painter, "shading", "shading", NULL,
                                  crowded || coverage ? 1 : f.theme->band_opacity);
          draw_bands (&f, 0, coverage ? 1 : crowded ? f.theme->band_opacity * f.deal_alpha * LOD_BAND_SHARE : 1);
          dg_painter_end_group (painter);
        }

      if (self->edge_painted == NULL)
        self->edge_painted = g_new (guint8, MAX (self->n_edges, 1));
      memset (self->edge_painted, 0, MAX (self->n_edges, 1));
      self->painted_alpha = f.deal_alpha;
      dg_painter_begin_group (painter, "deals", "deals", NULL, 1.0);
      if (mode != HIGHLIGHT_NONE)
        draw_edges (&f, STATE_DIM);
      draw_edges (&f, 0);
      dg_painter_end_group (painter);

      if (!(scene->layers & DG_RENDER_LAYER_NO_COMPANIES))
        {
          dg_painter_begin_group (painter, "companies", "companies", NULL, 1.0);
          if (mode != HIGHLIGHT_NONE)
            draw_nodes (&f, STATE_DIM);
          draw_nodes (&f, 0);
          dg_painter_end_group (painter);
        }
    }

  /* Labels keep clear of the title, the legend and the discs. */
  grid_reset (self, scene);
  {
    double tw, th;

    draw_title (&(Frame) { self, scene, f.theme, NULL, f.zoom, f.vx, f.vy, { 0 } }, &tw, &th);
    if (tw > TITLE_MARGIN)
      grid_rect (self, 0, 0, tw, th, TRUE, GRID_TEXT);
  }
  if (scene->legend && have_graph)
    {
      legend_place (&f, &legend);
      grid_rect (self, legend.x, legend.y, legend.x + legend.width, legend.y + legend.height, TRUE, GRID_TEXT);
    }

  if (have_graph && draw_diagram && scene->labels != NULL)
    {
      mark_discs (&f);
      dg_painter_begin_group (painter, "labels", "labels", NULL, 1.0);
      draw_labels (&f, mode);
      dg_painter_end_group (painter);
    }

  if (draw_chrome)
    {
      draw_title (&f, NULL, NULL);
      if (scene->legend && have_graph)
        legend_emit (&f, painter, legend.x, legend.y, NULL, NULL);
    }
}

/**
 * dg_renderer_render:
 * @self: a renderer
 * @scene: what to draw
 * @cr: a Cairo context whose user space is device units (scale it by the
 *   device scale for HiDPI)
 *
 * dg_renderer_paint() with the renderer's own Cairo painter. On an image
 * surface, strokes and discs take the painter's direct rasteriser.
 */
void
dg_renderer_render (DgRenderer    *self,
                    const DgScene *scene,
                    cairo_t       *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (scene != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  dg_painter_cairo_set_target (self->cairo_painter, cr);
  dg_renderer_paint (self, scene, self->cairo_painter);
  dg_painter_cairo_set_target (self->cairo_painter, NULL);
  cairo_restore (cr);
}

/* Fitting ------------------------------------------------------------------- */

typedef struct
{
  double x0, x1, y0, y1;
} Extent;

static Extent
extent_at (DgRenderer    *self,
           const DgScene *scene,
           double         z,
           gboolean       with_labels)
{
  Extent e = { G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE };

  for (guint v = 0; v < self->n_nodes; v++)
    {
      double x = scene->xy[2 * v], y = scene->xy[2 * v + 1], r = self->radius[v];
      double right = z * (x + r), half_h = z * r;

      if (!self->node_ok[v] || (scene->node_visible != NULL && !scene->node_visible[v]))
        continue;
      if (with_labels)
        {
          TextBox *box = label_box (self, v);

          right += LABEL_GAP + 1 + box->width;
          half_h = MAX (half_h, box->height / 2);
        }
      e.x0 = MIN (e.x0, z * (x - r));
      e.x1 = MAX (e.x1, right);
      e.y0 = MIN (e.y0, z * y - half_h);
      e.y1 = MAX (e.y1, z * y + half_h);
    }
  if (self->fit_curves && self->curves[0] <= self->curves[2])
    {
      e.x0 = MIN (e.x0, z * self->curves[0]);
      e.y0 = MIN (e.y0, z * self->curves[1]);
      e.x1 = MAX (e.x1, z * self->curves[2]);
      e.y1 = MAX (e.y1, z * self->curves[3]);
    }
  return e;
}

/* The extent of the visible deals' curves, diagram units: the ends of the
 * drawn part and where the curve turns back in x or y. */
static void
measure_curves (DgRenderer *self)
{
  double *c = self->curves;

  c[0] = c[1] = G_MAXDOUBLE;
  c[2] = c[3] = -G_MAXDOUBLE;
  for (guint e = 0; e < self->n_edges; e++)
    {
      const EdgeGeom *geo = &self->geom[e];
      const EdgeStyle *s = &self->style[e];
      double ts[4] = { geo->t_start, geo->t_tip, -1, -1 };
      double pad = s->w_ref / 2 + self->band_extra / 2;

      if (!(self->edge_state[e] & STATE_VISIBLE))
        continue;
      for (guint axis = 0; axis < 2; axis++)
        {
          double den = geo->q[axis] - 2 * geo->q[2 + axis] + geo->q[4 + axis];

          if (den != 0)
            ts[2 + axis] = (geo->q[axis] - geo->q[2 + axis]) / den;
        }
      for (guint i = 0; i < 4; i++)
        {
          double x, y;

          if (i >= 2 && !(ts[i] > geo->t_start && ts[i] < geo->t_tip))
            continue;
          quad_point (geo->q, ts[i], &x, &y);
          c[0] = MIN (c[0], x - pad);
          c[1] = MIN (c[1], y - pad);
          c[2] = MAX (c[2], x + pad);
          c[3] = MAX (c[3], y + pad);
        }
    }
}

static double
fit_zoom (DgRenderer    *self,
          const DgScene *scene,
          double         avail_w,
          double         avail_h,
          gboolean       with_labels)
{
  double lo = log (1e-6), hi = log (8.0);

  /* The extent grows monotonically with the zoom; search its log. */
  for (guint i = 0; i < 48; i++)
    {
      double mid = (lo + hi) / 2;
      Extent e = extent_at (self, scene, exp (mid), with_labels);

      if (e.x1 - e.x0 <= avail_w && e.y1 - e.y0 <= avail_h)
        lo = mid;
      else
        hi = mid;
    }
  return exp (lo);
}

/**
 * dg_renderer_fit_view:
 * @self: a renderer
 * @scene: a scene with graph, positions, size and theme set
 * @margin: room to leave at the edges, device units
 *
 * Sets the scene's zoom and view so the whole diagram (discs and, for
 * graphs small enough to label, their labels) fits, below the title and,
 * when the scene has a legend that would cover companies in every corner,
 * beside the legend.
 */
static void fit_view (DgRenderer *self,
                      DgScene    *scene,
                      double      margin);

void
dg_renderer_fit_view (DgRenderer *self,
                      DgScene    *scene,
                      double      margin)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (scene != NULL);

  fit_view (self, scene, margin);
  self->fit_curves = FALSE;
}

static void
fit_view (DgRenderer *self,
          DgScene    *scene,
          double      margin)
{
  const DgTheme *theme;
  double top, avail_w, avail_h, z;
  gboolean with_labels;
  guint n_visible = 0;
  Extent e;
  Frame f;
  DgRenderRect legend;

  theme = dg_theme_get (scene->theme);
  ensure_cache (self, scene, theme, FALSE);

  if (self->graph == NULL || scene->xy == NULL)
    {
      scene->zoom = 1;
      scene->view_x = scene->width / 2.0;
      scene->view_y = scene->height / 2.0;
      return;
    }

  for (guint v = 0; v < self->n_nodes; v++)
    n_visible += self->node_ok[v] && (scene->node_visible == NULL || scene->node_visible[v]);
  if (n_visible == 0)
    {
      scene->zoom = 1;
      scene->view_x = scene->width / 2.0;
      scene->view_y = scene->height / 2.0;
      return;
    }
  /* Labels count only where most of them will be shown; so do the deals'
   * curves (which the companies' extent holds but for a routed few). */
  with_labels = scene->labels != NULL && n_visible <= 400;
  self->fit_curves = n_visible <= 400;
  if (self->fit_curves)
    {
      ensure_cache (self, scene, theme, TRUE);
      compute_states (self, scene, TRUE);
      measure_curves (self);
    }

  top = margin + title_height (self, scene, theme);
  avail_w = MAX (scene->width - 2 * margin, 1);
  avail_h = MAX (scene->height - top - margin, 1);

  z = fit_zoom (self, scene, avail_w, avail_h, with_labels);
  e = extent_at (self, scene, z, with_labels);
  scene->zoom = z;
  scene->view_x = margin + (avail_w - (e.x1 - e.x0)) / 2 - e.x0;
  scene->view_y = top + (avail_h - (e.y1 - e.y0)) / 2 - e.y0;

  if (!scene->legend)
    return;

  /* Would the legend hide companies wherever it goes? Then make room for it
   * beside the diagram. */
  frame_init (&f, self, scene, NULL);
  compute_states (self, scene, FALSE);
  legend_place (&f, &legend);
  if (disc_overlap (&f, legend.x, legend.y, legend.x + legend.width, legend.y + legend.height) <= 0)
    return;

  avail_w = MAX (scene->width - 2 * margin - legend.width - LEGEND_MARGIN, 1);
  z = fit_zoom (self, scene, avail_w, avail_h, with_labels);
  e = extent_at (self, scene, z, with_labels);
  scene->zoom = z;
  scene->view_x = margin + (avail_w - (e.x1 - e.x0)) / 2 - e.x0;
  scene->view_y = top + (avail_h - (e.y1 - e.y0)) / 2 - e.y0;
}

/**
 * dg_renderer_get_legend_rect:
 * @self: a renderer
 * @scene: a scene
 * @rect: (out): where the legend is drawn, device units
 *
 * Returns: %TRUE when the scene draws a legend
 */
gboolean
dg_renderer_get_legend_rect (DgRenderer    *self,
                             const DgScene *scene,
                             DgRenderRect  *rect)
{
  Frame f;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (!scene->legend || scene->graph == NULL || scene->xy == NULL)
    return FALSE;
  frame_init (&f, self, scene, NULL);
  ensure_cache (self, scene, f.theme, TRUE);
  compute_states (self, scene, TRUE);
  measure_density (&f);
  return legend_place (&f, rect);
}

/* Hit testing --------------------------------------------------------------- */


/**
 * dg_renderer_hit_test_node:
 * @self: a renderer
 * @scene: the scene as drawn
 * @device_x: pointer position, device units
 * @device_y: pointer position
 * @tolerance: how far outside a disc still counts, device units
 *   (%DG_RENDER_HIT_TOLERANCE)
 *
 * Returns: the company under the point, the nearest centre when discs
 *   overlap, or -1
 */
int
dg_renderer_hit_test_node (DgRenderer    *self,
                           const DgScene *scene,
                           double         device_x,
                           double         device_y,
                           double         tolerance)
{
  Frame f;
  int best = -1;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (scene != NULL, -1);

  frame_init (&f, self, scene, NULL);
  ensure_cache (self, scene, f.theme, FALSE);
  if (self->graph == NULL || scene->xy == NULL)
    return -1;

  /* No per-frame state here: this runs on every pointer motion, and a
   * network of 50,000 companies is walked once, cheaply. */
  for (guint v = 0; v < self->n_nodes; v++)
    {
      double cx, cy, r, d;

      if (!self->node_ok[v] || (scene->node_visible != NULL && !scene->node_visible[v]))
        continue;
      cx = dev_x (&f, scene->xy[2 * v]);
      cy = dev_y (&f, scene->xy[2 * v + 1]);
      r = MAX (self->radius[v] * f.zoom,
               scene->lit_nodes != NULL && scene->lit_nodes[v] ? LOD_LIT_DISC : LOD_MIN_DISC);
      if (fabs (device_x - cx) > r + tolerance || fabs (device_y - cy) > r + tolerance)
        continue;
      d = hypot (device_x - cx, device_y - cy);
      if (d > r + tolerance)
        continue;
      /* Inside beats near; among insides, the nearest centre relative to
       * size. */
      d = d <= r ? d / r - 1.0 : (d - r) / MAX (tolerance, 1e-6);
      if (d < best_d)
        {
          best_d = d;
          best = (int) v;
        }
    }
  return best;
}

/* Squared distances: a square root per answer, not per piece (hypot()
 * cost more than the rest of a hit test). */
static double
point_segment_distance2 (double px,
                         double py,
                         double ax,
                         double ay,
                         double bx,
                         double by)
{
  double dx = bx - ax, dy = by - ay;
  double l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  double ex, ey;

  t = CLAMP (t, 0, 1);
  ex = px - (ax + t * dx);
  ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

static double
point_triangle_distance (double       px,
                         double       py,
                         const float *a,
                         const float *b,
                         const float *c)
{
  double d1 = (px - b[0]) * (a[1] - b[1]) - (a[0] - b[0]) * (py - b[1]);
  double d2 = (px - c[0]) * (b[1] - c[1]) - (b[0] - c[0]) * (py - c[1]);
  double d3 = (px - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (py - a[1]);
  gboolean neg = d1 < 0 || d2 < 0 || d3 < 0;
  gboolean pos = d1 > 0 || d2 > 0 || d3 > 0;

  if (!(neg && pos))
    return 0;
  return sqrt (MIN (point_segment_distance2 (px, py, a[0], a[1], b[0], b[1]),
                    MIN (point_segment_distance2 (px, py, b[0], b[1], c[0], c[1]),
                         point_segment_distance2 (px, py, c[0], c[1], a[0], a[1]))));
}

/**
 * dg_renderer_hit_test_edge:
 * @self: a renderer
 * @scene: the scene as drawn
 * @device_x: pointer position, device units
 * @device_y: pointer position
 * @tolerance: how far from the stroke still counts, device units
 *
 * Follows the drawn shapes: the curve at its drawn width, and the
 * arrowhead. The tolerance is the same on screen at every zoom.
 *
 * Returns: the deal under the point (the nearest one's stroke), or -1
 */
int
dg_renderer_hit_test_edge (DgRenderer    *self,
                           const DgScene *scene,
                           double         device_x,
                           double         device_y,
                           double         tolerance)
{
  Frame f;
  double px, py, tol;
  int best = -1;
  double best_d = G_MAXDOUBLE;
  gboolean best_lit = FALSE;
  HighlightMode mode;
  DgGraph *g;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (scene != NULL, -1);

  frame_init (&f, self, scene, NULL);
  ensure_cache (self, scene, f.theme, TRUE);
  if (self->graph == NULL || scene->xy == NULL)
    return -1;
  g = self->graph;
  mode = highlight_mode (self, scene);

  px = (device_x - f.vx) / f.zoom;
  py = (device_y - f.vy) / f.zoom;
  tol = tolerance / f.zoom;

  /* No per-frame state here either (it runs on every pointer motion): a
   * deal's visibility and whether it is lit are worked out only for the
   * few whose curve could be near. */
  for (guint e = 0; e < g->n_edges; e++)
    {
      const float *box = self->edge_box + 4 * (gsize) e;
      const EdgeGeom *geo;
      const EdgeStyle *s;
      guint u, v;
      gboolean arrow;
      double half, d = G_MAXDOUBLE, lx, ly;
      gboolean lit;
      const guint steps = 24;

      if (px < box[0] - tol || px > box[2] + tol || py < box[1] - tol || py > box[3] + tol)
        continue;
      geo = &self->geom[e];
      s = &self->style[e];
      u = g->edge_src[e];
      v = g->edge_dst[e];
      arrow = (s->flags & EDGE_ARROW) && arrow_length (s->w_core) * f.zoom >= LOD_MIN_ARROW;
      switch (mode)
        {
        case HIGHLIGHT_HOVER_NODE:
          lit = (int) u == scene->hover_node || (int) v == scene->hover_node;
          break;
        case HIGHLIGHT_HOVER_EDGE:
          lit = (int) e == scene->hover_edge;
          break;
        case HIGHLIGHT_LIT:
          lit = scene->lit_edges != NULL ? scene->lit_edges[e] != 0
                                         : (scene->lit_nodes[u] && scene->lit_nodes[v]);
          break;
        case HIGHLIGHT_NONE:
        default:
          lit = TRUE;
          break;
        }
      half = MAX (s->w_ref * f.zoom, lit && mode != HIGHLIGHT_NONE ? LOD_LIT_WIDTH : LOD_MIN_WIDTH) / 2 / f.zoom;

      /* The curve lies in the triangle of its control points: far from
       * that (and from the arrowhead), it is far from the curve; and a deal
       * that cannot beat the best so far is not looked at closely. */
      if (!lit && best_lit)
        continue;
      {
        double bound = MIN (tol, lit == best_lit ? best_d : G_MAXDOUBLE);

        if (point_triangle_distance (px, py, geo->q, geo->q + 2, geo->q + 4) - half > bound
            && (!arrow || point_triangle_distance (px, py, geo->tip, geo->left, geo->right) > bound))
          continue;
      }
      if ((scene->edge_visible != NULL && !scene->edge_visible[e])
          || !self->node_ok[u] || !self->node_ok[v]
          || (scene->node_visible != NULL && (!scene->node_visible[u] || !scene->node_visible[v])))
        continue;

      quad_point (geo->q, geo->t_start, &lx, &ly);
      for (guint i = 1; i <= steps; i++)
        {
          double t = geo->t_start + (geo->t_tip - geo->t_start) * i / steps, x, y;

          quad_point (geo->q, t, &x, &y);
          d = MIN (d, point_segment_distance2 (px, py, lx, ly, x, y));
          lx = x;
          ly = y;
        }
      d = sqrt (d) - half;
      if (arrow)
        d = MIN (d, point_triangle_distance (px, py, geo->tip, geo->left, geo->right));

      if (d > tol)
        continue;
      /* Drawn on top wins: lit over dimmed, then the nearest. */
      if ((lit && !best_lit) || (lit == best_lit && d < best_d))
        {
          best = (int) e;
          best_d = d;
          best_lit = lit;
        }
    }
  return best;
}

/**
 * dg_renderer_get_edge_point:
 * @self: a renderer
 * @scene: the scene as drawn
 * @edge: a deal
 * @t: 0 at the payer's disc edge, 1 at the arrow tip
 * @x: (out): diagram units
 * @y: (out): diagram units
 *
 * Returns: %TRUE when the deal is drawn
 */
gboolean
dg_renderer_get_edge_point (DgRenderer    *self,
                            const DgScene *scene,
                            guint          edge,
                            double         t,
                            double        *x,
                            double        *y)
{
  const EdgeGeom *geo;

  g_return_val_if_fail (self != NULL && scene != NULL, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  ensure_cache (self, scene, dg_theme_get (scene->theme), TRUE);
  if (self->graph == NULL || scene->xy == NULL || edge >= self->n_edges
      || !(self->style[edge].flags & EDGE_DRAWN))
    return FALSE;
  geo = &self->geom[edge];
  quad_point (geo->q, geo->t_start + (geo->t_tip - geo->t_start) * CLAMP (t, 0, 1), x, y);
  return TRUE;
}

/**
 * dg_renderer_get_arrow_tip:
 * @self: a renderer
 * @scene: the scene as drawn
 * @edge: a deal
 * @x: (out): diagram units
 * @y: (out): diagram units
 *
 * Returns: %TRUE when the deal is drawn with an arrowhead
 */
gboolean
dg_renderer_get_arrow_tip (DgRenderer    *self,
                           const DgScene *scene,
                           guint          edge,
                           double        *x,
                           double        *y)
{
  g_return_val_if_fail (self != NULL && scene != NULL, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  ensure_cache (self, scene, dg_theme_get (scene->theme), TRUE);
  if (self->graph == NULL || scene->xy == NULL || edge >= self->n_edges
      || (self->style[edge].flags & (EDGE_DRAWN | EDGE_ARROW)) != (EDGE_DRAWN | EDGE_ARROW))
    return FALSE;
  *x = self->geom[edge].tip[0];
  *y = self->geom[edge].tip[1];
  return TRUE;
}

/**
 * dg_renderer_get_shown_labels:
 * @self: a renderer
 * @n: (out): how many
 *
 * The companies whose names the last frame with a diagram drew, each with
 * the box its name (halo included) took, in the scene's device units. The
 * canvas erases a changed name from a kept frame with it.
 *
 * Returns: (transfer none) (array length=n): owned by @self, valid until it
 *   draws again
 */
const DgShownLabel *
dg_renderer_get_shown_labels (DgRenderer *self,
                              guint      *n)
{
  g_return_val_if_fail (self != NULL && n != NULL, NULL);

  *n = self->shown_labels != NULL ? self->shown_labels->len : 0;
  return self->shown_labels != NULL ? (const DgShownLabel *) (gconstpointer) self->shown_labels->data : NULL;
}

/**
 * dg_renderer_copy_curves:
 * @self: a renderer
 * @graph: the graph the curves are wanted for
 * @out: 6 floats per deal of @graph: payer centre, control point, payee
 *   centre, in diagram units; NAN for a deal the last frame did not draw
 *   (filtered, out of view, or left out of a crowd)
 * @alpha: (out): the opacity it drew deals at (below 1 in a crowd)
 * @painted: (out) (nullable): one #DgPaintedState per deal of @graph
 *
 * The deals' curves as the last frame drew them (routing included). The
 * canvas keeps them with a frame, to erase a deal an edit changed and draw
 * again the ones it crossed.
 *
 * Returns: %FALSE when @self has no geometry for @graph (nothing copied)
 */
gboolean
dg_renderer_copy_curves (DgRenderer    *self,
                         const DgGraph *graph,
                         float         *out,
                         double        *alpha,
                         guint8        *painted)
{
  g_return_val_if_fail (self != NULL && out != NULL && alpha != NULL, FALSE);

  if (self->graph != graph || graph == NULL || !self->geometry_valid || self->edge_painted == NULL)
    return FALSE;
  *alpha = self->painted_alpha;
  for (guint e = 0; e < graph->n_edges; e++)
    {
      gboolean drawn = (self->style[e].flags & EDGE_DRAWN) && self->edge_painted[e] != DG_PAINTED_NOT;

      if (drawn)
        memcpy (out + 6 * (gsize) e, self->geom[e].q, sizeof (float) * 6);
      else
        for (guint i = 0; i < 6; i++)
          out[6 * (gsize) e + i] = NAN;
      if (painted != NULL)
        painted[e] = drawn ? self->edge_painted[e] : DG_PAINTED_NOT;
    }
  return TRUE;
}
