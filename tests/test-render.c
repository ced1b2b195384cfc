/* test-render.c: the renderer, its painters and the exporters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pictures are checked where it matters, by probing pixels of renders onto
 * image surfaces at places the renderer's own geometry names.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <utime.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-export.h"
#include "dg-layout.h"
#include "dg-loader.h"
#include "dg-render.h"

/* A small network: A <-> B is a cycle, B -> C and C -> D are not. */
enum { A, B, C, D, N_NODES };
enum { AB, BA, BC, CD, N_EDGES };

typedef struct
{
  DgGraph *graph;
  float xy[2 * N_NODES];
  const char *labels[N_NODES];
  guint8 cyclic[N_EDGES];
  DgRenderer *renderer;
  DgScene scene;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  const guint src[N_EDGES] = { A, B, B, C };
  const guint dst[N_EDGES] = { B, A, C, D };
  /* Wide enough to have solid pixels at the core of each line. */
  const double amount[N_EDGES] = { 1e11, 1e11, 1e11, 1e11 };
  const float xy[2 * N_NODES] = { 100, 150, 500, 150, 500, 450, 150, 450 };
  g_autofree guint *component = g_new (guint, N_NODES);

  fx->graph = dg_graph_new (N_NODES, N_EDGES, src, dst, amount);
  fx->graph->node_kind[A] = DG_COMPANY_KIND_AI_LAB;
  fx->graph->node_kind[B] = DG_COMPANY_KIND_CLOUD;
  fx->graph->node_kind[C] = DG_COMPANY_KIND_CHIPS;
  fx->graph->node_kind[D] = DG_COMPANY_KIND_INVESTOR;
  fx->graph->node_valuation[A] = 5e11;
  fx->graph->node_valuation[B] = 3e12;
  fx->graph->edge_kind[AB] = DG_DEAL_KIND_INVESTMENT;
  fx->graph->edge_kind[BA] = DG_DEAL_KIND_CLOUD_LEASE;
  fx->graph->edge_kind[BC] = DG_DEAL_KIND_CHIP_PURCHASE;
  fx->graph->edge_kind[CD] = DG_DEAL_KIND_INVESTMENT;
  memcpy (fx->xy, xy, sizeof xy);
  fx->labels[A] = "Alpha";
  fx->labels[B] = "Beta";
  fx->labels[C] = "Gamma";
  fx->labels[D] = "Delta";

  /* The real analysis decides what is cyclic. */
  dg_analysis_strong_components (fx->graph, NULL, component, fx->cyclic);
  g_assert_true (fx->cyclic[AB] && fx->cyclic[BA]);
  g_assert_false (fx->cyclic[BC] || fx->cyclic[CD]);

  fx->renderer = dg_renderer_new ();
  dg_scene_init (&fx->scene);
  fx->scene.graph = fx->graph;
  fx->scene.xy = fx->xy;
  fx->scene.labels = fx->labels;
  fx->scene.edge_cyclic = fx->cyclic;
  fx->scene.legend = FALSE;
  fx->scene.width = 640;
  fx->scene.height = 600;
  fx->scene.zoom = 1;
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  dg_renderer_free (fx->renderer);
  dg_graph_unref (fx->graph);
}

static cairo_surface_t *
render (Fixture  *fx,
        double    scale,
        gboolean  fast)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (fx->scene.width * scale),
                                        (int) ceil (fx->scene.height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  fx->scene.device_scale = scale;
  if (fast)
    dg_renderer_render (fx->renderer, &fx->scene, cr);
  else
    {
      DgPainter *painter = dg_painter_cairo_new (NULL);

      dg_painter_cairo_set_fast_path_enabled (painter, FALSE);
      dg_painter_cairo_set_target (painter, cr);
      g_assert_false (dg_painter_cairo_get_fast_path (painter));
      dg_renderer_paint (fx->renderer, &fx->scene, painter);
      dg_painter_free (painter);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Straight RGB at a device point (scaled to pixels). */
static void
probe (cairo_surface_t *surface,
       double           scale,
       double           x,
       double           y,
       double          *r,
       double          *g,
       double          *b)
{
  int px = (int) floor (x * scale), py = (int) floor (y * scale);
  guint32 p;
  double a;

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (surface));
  p = *(guint32 *) (gpointer) (cairo_image_surface_get_data (surface)
                               + py * cairo_image_surface_get_stride (surface) + px * 4);
  a = (p >> 24) / 255.0;
  g_assert_cmpfloat (a, >, 0);
  *r = ((p >> 16) & 0xff) / 255.0 / a;
  *g = ((p >> 8) & 0xff) / 255.0 / a;
  *b = (p & 0xff) / 255.0 / a;
}

static gboolean
close_to (double r,
          double g,
          double b,
          double er,
          double eg,
          double eb,
          double tolerance)
{
  return fabs (r - er) <= tolerance && fabs (g - eg) <= tolerance && fabs (b - eb) <= tolerance;
}

/* A point on a deal's curve, shifted sideways by @offset diagram units, in
 * device units. */
static void
point_beside (Fixture *fx,
              guint    edge,
              double   t,
              double   offset,
              double  *dx,
              double  *dy)
{
  double x0, y0, x1, y1, x, y, nx, ny, len;

  g_assert_true (dg_renderer_get_edge_point (fx->renderer, &fx->scene, edge, t - 0.01, &x0, &y0));
  g_assert_true (dg_renderer_get_edge_point (fx->renderer, &fx->scene, edge, t + 0.01, &x1, &y1));
  g_assert_true (dg_renderer_get_edge_point (fx->renderer, &fx->scene, edge, t, &x, &y));
  len = hypot (x1 - x0, y1 - y0);
  nx = -(y1 - y0) / len;
  ny = (x1 - x0) / len;
  *dx = (x + nx * offset) * fx->scene.zoom + fx->scene.view_x;
  *dy = (y + ny * offset) * fx->scene.zoom + fx->scene.view_y;
}

static void
test_cyclic_band (Fixture       *fx,
                  gconstpointer  data)
{
  const DgTheme *theme = dg_theme_get (DG_THEME_LIGHT);
  double half_line = dg_deal_width_for_amount (1e11) / 2;
  double offset = half_line + theme->band_extra / 4;
  double er, eg, eb;

  for (guint fast = 0; fast < 2; fast++)
    {
      cairo_surface_t *surface = render (fx, 1.0, fast);
      double x, y, r, g, b;

      /* Beside the cyclic deal's line, inside its band: the band colour
       * at the band's opacity over white. */
      er = 1 + (theme->band.r - 1) * theme->band_opacity;
      eg = 1 + (theme->band.g - 1) * theme->band_opacity;
      eb = 1 + (theme->band.b - 1) * theme->band_opacity;
      for (guint side = 0; side < 2; side++)
        {
          point_beside (fx, AB, 0.5, side ? -offset : offset, &x, &y);
          probe (surface, 1.0, x, y, &r, &g, &b);
          g_assert_true (close_to (r, g, b, er, eg, eb, 0.04));
          g_assert_cmpfloat (r - b, >, 0.2);   /* warm */
        }

      /* The same distance beside a deal that is not on a cycle: nothing. */
      point_beside (fx, BC, 0.5, offset, &x, &y);
      probe (surface, 1.0, x, y, &r, &g, &b);
      g_assert_true (close_to (r, g, b, 1, 1, 1, 0.01));
      point_beside (fx, CD, 0.5, -offset, &x, &y);
      probe (surface, 1.0, x, y, &r, &g, &b);
      g_assert_true (close_to (r, g, b, 1, 1, 1, 0.01));

      /* And on the lines themselves, their family's colour. */
      point_beside (fx, BC, 0.5, 0, &x, &y);
      probe (surface, 1.0, x, y, &r, &g, &b);
      g_assert_true (close_to (r, g, b, theme->deal[DG_DEAL_FAMILY_COMPUTE].r,
                               theme->deal[DG_DEAL_FAMILY_COMPUTE].g,
                               theme->deal[DG_DEAL_FAMILY_COMPUTE].b, 0.04));
      point_beside (fx, AB, 0.5, 0, &x, &y);
      probe (surface, 1.0, x, y, &r, &g, &b);
      g_assert_true (close_to (r, g, b, theme->deal[DG_DEAL_FAMILY_INVESTMENT].r,
                               theme->deal[DG_DEAL_FAMILY_INVESTMENT].g,
                               theme->deal[DG_DEAL_FAMILY_INVESTMENT].b, 0.04));
      cairo_surface_destroy (surface);
    }

  /* Without cyclic flags there is no band at all. */
  {
    cairo_surface_t *surface;
    double x, y, r, g, b;

    fx->scene.edge_cyclic = NULL;
    surface = render (fx, 1.0, TRUE);
    point_beside (fx, AB, 0.5, offset, &x, &y);
    probe (surface, 1.0, x, y, &r, &g, &b);
    g_assert_true (close_to (r, g, b, 1, 1, 1, 0.01));
    cairo_surface_destroy (surface);
  }
}

static void
test_kind_colours (Fixture       *fx,
                   gconstpointer  data)
{
  for (DgThemeKind k = 0; k < DG_N_THEMES; k++)
    {
      const DgTheme *theme = dg_theme_get (k);
      const double scales[] = { 1.0, 2.0 };

      fx->scene.theme = k;
      for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
        {
          cairo_surface_t *surface = render (fx, scales[s], TRUE);

          for (guint v = 0; v < N_NODES; v++)
            {
              const DgColor *c = &theme->node_fill[fx->graph->node_kind[v]];
              double r, g, b;

              probe (surface, scales[s], fx->xy[2 * v], fx->xy[2 * v + 1], &r, &g, &b);
              g_assert_true (close_to (r, g, b, c->r, c->g, c->b, 0.02));
            }
          cairo_surface_destroy (surface);
        }
    }
}

static void
test_lit_cycle (Fixture       *fx,
                gconstpointer  data)
{
  const DgTheme *theme = dg_theme_get (DG_THEME_LIGHT);
  guint8 lit_nodes[N_NODES] = { 1, 1, 0, 0 };
  guint8 lit_edges[N_EDGES] = { 1, 1, 0, 0 };
  cairo_surface_t *plain, *lit;
  double r, g, b, r2, g2, b2, x, y;
  const DgColor *fill_c = &theme->node_fill[DG_COMPANY_KIND_CHIPS];
  const DgColor *fill_a = &theme->node_fill[DG_COMPANY_KIND_AI_LAB];
  const DgColor *inv = &theme->deal[DG_DEAL_FAMILY_INVESTMENT];

  plain = render (fx, 1.0, TRUE);
  fx->scene.lit_nodes = lit_nodes;
  fx->scene.lit_edges = lit_edges;
  lit = render (fx, 1.0, TRUE);

  /* The cycle's companies and deals keep their colours... */
  probe (lit, 1.0, fx->xy[2 * A], fx->xy[2 * A + 1], &r, &g, &b);
  g_assert_true (close_to (r, g, b, fill_a->r, fill_a->g, fill_a->b, 0.02));
  point_beside (fx, AB, 0.5, 0, &x, &y);
  probe (lit, 1.0, x, y, &r, &g, &b);
  g_assert_true (close_to (r, g, b, inv->r, inv->g, inv->b, 0.04));

  /* ...everything else fades toward the background. */
  probe (plain, 1.0, fx->xy[2 * C], fx->xy[2 * C + 1], &r, &g, &b);
  g_assert_true (close_to (r, g, b, fill_c->r, fill_c->g, fill_c->b, 0.02));
  probe (lit, 1.0, fx->xy[2 * C], fx->xy[2 * C + 1], &r2, &g2, &b2);
  g_assert_false (close_to (r2, g2, b2, fill_c->r, fill_c->g, fill_c->b, 0.1));
  g_assert_cmpfloat (r2 + g2 + b2, >, r + g + b + 0.2);   /* lighter: toward white */

  point_beside (fx, CD, 0.5, 0, &x, &y);
  probe (plain, 1.0, x, y, &r, &g, &b);
  g_assert_true (close_to (r, g, b, inv->r, inv->g, inv->b, 0.04));
  probe (lit, 1.0, x, y, &r2, &g2, &b2);
  g_assert_cmpfloat (r2 + g2 + b2, >, 2.4);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (lit);

  /* Hovering a company lights its deals and neighbours only. */
  fx->scene.lit_nodes = NULL;
  fx->scene.lit_edges = NULL;
  fx->scene.hover_node = D;
  lit = render (fx, 1.0, TRUE);
  probe (lit, 1.0, fx->xy[2 * C], fx->xy[2 * C + 1], &r, &g, &b);
  g_assert_true (close_to (r, g, b, fill_c->r, fill_c->g, fill_c->b, 0.02));
  probe (lit, 1.0, fx->xy[2 * A], fx->xy[2 * A + 1], &r, &g, &b);
  g_assert_false (close_to (r, g, b, fill_a->r, fill_a->g, fill_a->b, 0.1));
  cairo_surface_destroy (lit);
}

/* A painter that records text runs, to see what the renderer hands over. */
typedef struct
{
  DgPainter parent;
  GPtrArray *texts;
  gboolean markup_free;
  guint n_groups;
  GArray *boxes;          /* nullable: text boxes, 4 doubles each */
  GArray *discs;          /* nullable: discs drawn, 3 doubles each */
} RecordingPainter;

static void rec_begin_group (DgPainter *p, const char *id, const char *c, const char *t, double o) { ((RecordingPainter *) p)->n_groups++; }
static void rec_end_group (DgPainter *p) { }
static void rec_point (DgPainter *p, double x, double y) { }
static void rec_curve (DgPainter *p, double a, double b, double c, double d, double e, double f) { }
static void rec_close (DgPainter *p) { }
static void rec_fill (DgPainter *p, const DgColor *c) { }
static void rec_stroke (DgPainter *p, const DgStrokeStyle *s) { }
static void
rec_disc (DgPainter     *p,
          double         x,
          double         y,
          double         r,
          const DgColor *f,
          const DgColor *o,
          double         w)
{
  RecordingPainter *self = (RecordingPainter *) p;
  double d[3] = { x, y, r };

  if (self->discs != NULL && f != NULL)
    g_array_append_vals (self->discs, d, 3);
}

static void
rec_text (DgPainter       *p,
          const DgTextRun *run)
{
  RecordingPainter *self = (RecordingPainter *) p;

  g_ptr_array_add (self->texts, g_strdup (run->text));
  if (self->boxes != NULL)
    {
      double box[4] = { run->x, run->y - run->baseline, run->x + run->width, run->y - run->baseline + run->size * 1.15 };

      g_array_append_vals (self->boxes, box, 4);
    }
  if (run->layout != NULL)
    {
      /* Had the text been parsed as markup, the layout's text would have
       * lost the tags and gained attributes. */
      if (g_strcmp0 (pango_layout_get_text (run->layout), run->text) != 0
          || pango_layout_get_attributes (run->layout) != NULL)
        self->markup_free = FALSE;
    }
}

static void
rec_finalize (DgPainter *p)
{
  RecordingPainter *self = (RecordingPainter *) p;

  g_ptr_array_unref (self->texts);
  if (self->boxes != NULL)
    g_array_unref (self->boxes);
  if (self->discs != NULL)
    g_array_unref (self->discs);
}

static const DgPainterVTable rec_vtable = {
  rec_begin_group, rec_end_group, rec_point, rec_point, rec_curve, rec_close,
  rec_fill, rec_stroke, rec_disc, rec_text, rec_finalize,
};

static gboolean
str_array_contains (GPtrArray  *array,
                    const char *str)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), str) == 0)
      return TRUE;
  return FALSE;
}

static void
test_plain_text (Fixture       *fx,
                 gconstpointer  data)
{
  const char *evil = "<b>x</b> & y";
  RecordingPainter *rec = g_new0 (RecordingPainter, 1);
  cairo_surface_t *surface;

  fx->labels[C] = evil;
  dg_renderer_invalidate (fx->renderer, DG_RENDER_CHANGED_LABELS);

  rec->parent.vtable = &rec_vtable;
  rec->texts = g_ptr_array_new_with_free_func (g_free);
  rec->markup_free = TRUE;
  dg_renderer_paint (fx->renderer, &fx->scene, &rec->parent);
  g_assert_true (str_array_contains (rec->texts, evil));
  g_assert_true (rec->markup_free);
  g_assert_cmpuint (rec->n_groups, >, 0);
  dg_painter_free (&rec->parent);

  /* Cairo draws the same layouts without complaint. */
  surface = render (fx, 1.0, TRUE);
  cairo_surface_destroy (surface);
}

static void
check_hits (Fixture *fx)
{
  const double tol = DG_RENDER_HIT_TOLERANCE;
  const double ts[] = { 0.2, 0.5, 0.8 };

  for (guint e = 0; e < N_EDGES; e++)
    {
      double x, y, tx, ty, bx, by, half;

      for (guint i = 0; i < G_N_ELEMENTS (ts); i++)
        {
          point_beside (fx, e, ts[i], 0, &x, &y);
          g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, x, y, tol), ==, (int) e);

          /* Just inside the tolerance, in device units whatever the zoom. */
          half = dg_deal_width_for_amount (1e11) / 2;
          point_beside (fx, e, ts[i], half + (tol - 1) / fx->scene.zoom, &x, &y);
          g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, x, y, tol), ==, (int) e);
          point_beside (fx, e, ts[i], half + (tol + 4) / fx->scene.zoom, &x, &y);
          g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, x, y, tol), !=, (int) e);
        }

      /* Inside the arrowhead, past where the line ends. */
      g_assert_true (dg_renderer_get_arrow_tip (fx->renderer, &fx->scene, e, &tx, &ty));
      g_assert_true (dg_renderer_get_edge_point (fx->renderer, &fx->scene, e, 0.97, &bx, &by));
      x = (tx + (bx - tx) * 0.2) * fx->scene.zoom + fx->scene.view_x;
      y = (ty + (by - ty) * 0.2) * fx->scene.zoom + fx->scene.view_y;
      g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, x, y, 0), ==, (int) e);
    }

  for (guint v = 0; v < N_NODES; v++)
    {
      double cx = fx->xy[2 * v] * fx->scene.zoom + fx->scene.view_x;
      double cy = fx->xy[2 * v + 1] * fx->scene.zoom + fx->scene.view_y;
      double r = dg_node_radius (fx->graph->node_valuation[v]) * fx->scene.zoom;

      g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene, cx, cy, tol), ==, (int) v);
      g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene, cx + r + tol - 1, cy, tol), ==, (int) v);
      g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene, cx, cy - r - tol - 2, tol), ==, -1);
    }

  /* The middle of nowhere. */
  g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene,
                                              330 * fx->scene.zoom + fx->scene.view_x,
                                              330 * fx->scene.zoom + fx->scene.view_y, tol), ==, -1);
  g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene,
                                              330 * fx->scene.zoom + fx->scene.view_x,
                                              330 * fx->scene.zoom + fx->scene.view_y, tol), ==, -1);
}

static void
test_hit_testing (Fixture       *fx,
                  gconstpointer  data)
{
  const double zooms[] = { 0.5, 1.0, 2.5 };

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      fx->scene.zoom = zooms[i];
      fx->scene.view_x = 13 - 40 * i;
      fx->scene.view_y = -7 + 25 * i;
      check_hits (fx);
    }

  /* Hidden things are not hit. */
  {
    guint8 visible[N_NODES] = { 1, 1, 1, 0 };
    double x, y;

    fx->scene.zoom = 1;
    fx->scene.view_x = fx->scene.view_y = 0;
    fx->scene.node_visible = visible;
    g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene, fx->xy[2 * D], fx->xy[2 * D + 1], 4), ==, -1);
    point_beside (fx, CD, 0.5, 0, &x, &y);
    g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, x, y, 4), ==, -1);
  }
}

static void
test_both_ways_apart (Fixture       *fx,
                      gconstpointer  data)
{
  double x1, y1, x2, y2;

  /* A -> B and B -> A bow to opposite sides, clear of each other. */
  g_assert_true (dg_renderer_get_edge_point (fx->renderer, &fx->scene, AB, 0.5, &x1, &y1));
  g_assert_true (dg_renderer_get_edge_point (fx->renderer, &fx->scene, BA, 0.5, &x2, &y2));
  g_assert_cmpfloat (hypot (x2 - x1, y2 - y1), >, 2 * dg_deal_width_for_amount (1e11));
  g_assert_cmpfloat ((y1 - 150) * (y2 - 150), <, 0);

  /* Arrow tips sit at the payee's disc edge, not its centre. */
  g_assert_true (dg_renderer_get_arrow_tip (fx->renderer, &fx->scene, AB, &x1, &y1));
  g_assert_cmpfloat (fabs (hypot (x1 - fx->xy[2 * B], y1 - fx->xy[2 * B + 1])
                           - dg_node_radius (fx->graph->node_valuation[B])), <, 3);
}

static void
test_fast_path_matches_cairo (Fixture       *fx,
                              gconstpointer  data)
{
  guint8 lit_edges[N_EDGES] = { 1, 0, 0, 0 };

  /* Undisclosed (dashed), a range, and something faint, too. */
  fx->graph->edge_amount_kind[CD] = DG_AMOUNT_UNDISCLOSED;
  fx->graph->edge_amount[CD] = NAN;
  fx->graph->edge_amount_kind[BC] = DG_AMOUNT_RANGE;
  fx->graph->edge_amount_min[BC] = 0;
  fx->graph->edge_amount_max[BC] = 1e11;
  fx->graph->edge_status[BA] = DG_DEAL_STATUS_RUMOURED;
  dg_renderer_invalidate (fx->renderer, DG_RENDER_CHANGED_GRAPH);
  fx->scene.legend = TRUE;
  fx->scene.title = "Fast and slow";

  for (guint pass = 0; pass < 2; pass++)
    {
      cairo_surface_t *fast, *slow;
      guint n_diff = 0, n = 0;
      double sum = 0;
      int w, h;

      fx->scene.lit_edges = pass ? lit_edges : NULL;
      fast = render (fx, 1.5, TRUE);
      slow = render (fx, 1.5, FALSE);
      w = cairo_image_surface_get_width (fast);
      h = cairo_image_surface_get_height (fast);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            guint32 a = ((guint32 *) (gpointer) (cairo_image_surface_get_data (fast) + y * cairo_image_surface_get_stride (fast)))[x];
            guint32 b = ((guint32 *) (gpointer) (cairo_image_surface_get_data (slow) + y * cairo_image_surface_get_stride (slow)))[x];
            int worst = 0;

            for (int s = 0; s < 32; s += 8)
              worst = MAX (worst, abs ((int) ((a >> s) & 0xff) - (int) ((b >> s) & 0xff)));
            sum += worst;
            n_diff += worst > 64;
            n++;
          }
      if (g_getenv ("DG_TEST_DUMP") != NULL)
        {
          /* To look at the difference: DG_TEST_DUMP=dir */
          g_autofree char *fp = g_strdup_printf ("%s/fast-%u.png", g_getenv ("DG_TEST_DUMP"), pass);
          g_autofree char *sp = g_strdup_printf ("%s/slow-%u.png", g_getenv ("DG_TEST_DUMP"), pass);

          cairo_surface_write_to_png (fast, fp);
          cairo_surface_write_to_png (slow, sp);
        }
      /* Antialiasing differs at edges; the picture does not. */
      g_test_message ("pass %u: mean difference %.3f, %u of %u pixels differ by more than 64",
                      pass, sum / n, n_diff, n);
      g_assert_cmpfloat (sum / n, <, 0.25);
      g_assert_cmpuint (n_diff, <, 50);
      cairo_surface_destroy (fast);
      cairo_surface_destroy (slow);
    }
}

static void
test_legend_avoids_discs (Fixture       *fx,
                          gconstpointer  data)
{
  const int corner_x[4] = { 0, 1, 0, 1 };
  const int corner_y[4] = { 0, 0, 1, 1 };

  fx->scene.legend = TRUE;
  fx->scene.width = 1000;
  fx->scene.height = 800;
  for (guint c = 0; c < 4; c++)
    {
      DgRenderRect rect;

      /* Crowd every company into one corner; the legend goes elsewhere. */
      for (guint v = 0; v < N_NODES; v++)
        {
          fx->xy[2 * v] = corner_x[c] ? 900 - 40 * (v % 2) : 100 + 40 * (v % 2);
          fx->xy[2 * v + 1] = corner_y[c] ? 700 - 40 * (v / 2) : 100 + 40 * (v / 2);
        }
      dg_renderer_invalidate (fx->renderer, DG_RENDER_CHANGED_POSITIONS);
      g_assert_true (dg_renderer_get_legend_rect (fx->renderer, &fx->scene, &rect));
      for (guint v = 0; v < N_NODES; v++)
        {
          double r = dg_node_radius (fx->graph->node_valuation[v]);

          g_assert_false (fx->xy[2 * v] + r > rect.x && fx->xy[2 * v] - r < rect.x + rect.width
                          && fx->xy[2 * v + 1] + r > rect.y && fx->xy[2 * v + 1] - r < rect.y + rect.height);
        }
    }
}

/* On a narrow canvas (the lists and a panel beside it) the legend leaves
 * out its size keys rather than cover a good part of the picture; on a
 * wide one it is whole. */
static void
test_legend_compact (Fixture       *fx,
                     gconstpointer  data)
{
  DgRenderRect wide, narrow;

  fx->scene.legend = TRUE;
  fx->scene.width = 1600;
  fx->scene.height = 1000;
  g_assert_true (dg_renderer_get_legend_rect (fx->renderer, &fx->scene, &wide));
  fx->scene.width = 440;
  fx->scene.height = 700;
  g_assert_true (dg_renderer_get_legend_rect (fx->renderer, &fx->scene, &narrow));
  /* The whole legend would take over a fifth of the narrow canvas... */
  g_assert_cmpfloat (wide.width * wide.height, >, 0.22 * 440 * 700);
  /* ...the compact one is shorter, as wide (its longest line stays). */
  g_assert_cmpfloat (narrow.height, <, wide.height - 2 * 15);
  g_assert_cmpfloat (narrow.width, <=, wide.width);
  /* Wide again: whole again (the choice is per frame, not sticky). */
  fx->scene.width = 1600;
  fx->scene.height = 1000;
  {
    DgRenderRect again;

    g_assert_true (dg_renderer_get_legend_rect (fx->renderer, &fx->scene, &again));
    g_assert_cmpfloat (again.height, ==, wide.height);
  }
}

static void
test_layers (Fixture       *fx,
             gconstpointer  data)
{
  cairo_surface_t *whole, *halves;
  cairo_t *cr;
  int size;

  /* A canvas may cache the diagram and draw title and legend on top: the
   * two halves make the same picture as the whole. */
  fx->scene.legend = TRUE;
  fx->scene.title = "Layers";
  whole = render (fx, 1.0, TRUE);

  halves = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, fx->scene.width, fx->scene.height);
  cr = cairo_create (halves);
  fx->scene.layers = DG_RENDER_LAYER_DIAGRAM;
  dg_renderer_render (fx->renderer, &fx->scene, cr);
  fx->scene.layers = DG_RENDER_LAYER_CHROME;
  fx->scene.background = FALSE;
  dg_renderer_render (fx->renderer, &fx->scene, cr);
  cairo_destroy (cr);
  cairo_surface_flush (halves);

  size = cairo_image_surface_get_stride (whole) * cairo_image_surface_get_height (whole);
  g_assert_cmpint (size, ==, cairo_image_surface_get_stride (halves) * cairo_image_surface_get_height (halves));
  g_assert_true (memcmp (cairo_image_surface_get_data (whole), cairo_image_surface_get_data (halves), size) == 0);

  cairo_surface_destroy (whole);
  cairo_surface_destroy (halves);
}

static void
test_extreme_views (Fixture       *fx,
                    gconstpointer  data)
{
  const double zooms[] = { 1e-6, 1e-3, 50, 1e4 };

  /* Far in, far out, far away: the picture still draws (under UBSan, with
   * no overflow on the way), and an empty corner keeps the background. */
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    for (guint j = 0; j < 2; j++)
      {
        cairo_surface_t *surface;
        double r, g, b;

        fx->scene.zoom = zooms[i];
        fx->scene.view_x = j ? -3e7 : 320 - 300 * zooms[i];
        fx->scene.view_y = j ? 5e8 : 300 - 300 * zooms[i];
        fx->scene.selected_node = A;
        fx->scene.hover_edge = AB;
        surface = render (fx, 1.0, TRUE);
        probe (surface, 1.0, 639, 599, &r, &g, &b);
        g_assert_true (close_to (r, g, b, 1, 1, 1, 0.01));
        cairo_surface_destroy (surface);
        g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, 320, 300, 4), >=, -1);
      }
}


/* Positions no layout makes (a file could hold them): NaN, infinite (a
 * saved 1e308 as a float), beyond any picture. The companies that have
 * them are left out, everything else draws where it should, on every
 * target, and no such number reaches an integer conversion (UBSan's
 * float-cast-overflow checks that in CI). */
static void
test_hostile_positions (Fixture       *fx,
                        gconstpointer  data)
{
  const float bad[][2] = {
    { NAN, 150 }, { 150, NAN }, { INFINITY, 10 }, { -INFINITY, -INFINITY },
    { (float) 1e30, 5 }, { 3e38f, -3e38f }, { 2e9f, 2e9f },
  };
  const DgTheme *theme = dg_theme_get (DG_THEME_LIGHT);

  fx->scene.legend = TRUE;
  fx->scene.title = "Hostile";
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      float good_d[2] = { fx->xy[2 * D], fx->xy[2 * D + 1] };
      const DgColor *fill_a = &theme->node_fill[DG_COMPANY_KIND_AI_LAB];
      cairo_surface_t *surface;
      g_autofree char *svg = NULL;
      DgPainter *painter;
      double r, g, b;

      /* D gets the bad position; A, B and C keep theirs. */
      fx->xy[2 * D] = bad[i][0];
      fx->xy[2 * D + 1] = bad[i][1];
      dg_renderer_invalidate (fx->renderer, DG_RENDER_CHANGED_POSITIONS);

      dg_renderer_fit_view (fx->renderer, &fx->scene, 20);
      g_assert_true (isfinite (fx->scene.zoom) && fx->scene.zoom > 0.1);
      g_assert_true (isfinite (fx->scene.view_x) && isfinite (fx->scene.view_y));

      for (guint fast = 0; fast < 2; fast++)
        {
          surface = render (fx, 1.0, fast);
          probe (surface, 1.0, fx->xy[2 * A] * fx->scene.zoom + fx->scene.view_x,
                 fx->xy[2 * A + 1] * fx->scene.zoom + fx->scene.view_y, &r, &g, &b);
          g_assert_true (close_to (r, g, b, fill_a->r, fill_a->g, fill_a->b, 0.02));
          cairo_surface_destroy (surface);
        }
      g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene,
                                                  fx->xy[2 * A] * fx->scene.zoom + fx->scene.view_x,
                                                  fx->xy[2 * A + 1] * fx->scene.zoom + fx->scene.view_y, 4), ==, A);
      g_assert_cmpint (dg_renderer_hit_test_edge (fx->renderer, &fx->scene, 1, 1, 4), ==, -1);
      g_assert_false (dg_renderer_get_arrow_tip (fx->renderer, &fx->scene, CD, &r, &g));

      /* SVG and PDF too: no "nan" or "inf" in the file. */
      painter = dg_painter_svg_new (fx->scene.width, fx->scene.height, "sans-serif", NULL);
      dg_renderer_paint (fx->renderer, &fx->scene, painter);
      svg = dg_painter_svg_finish (painter, NULL);
      g_assert_null (strstr (svg, "nan"));
      g_assert_null (strstr (svg, "inf"));
      g_assert_nonnull (strstr (svg, "company-2"));
      g_assert_null (strstr (svg, "company-3"));
      {
        cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (NULL, NULL, fx->scene.width, fx->scene.height);
        cairo_t *cr = cairo_create (pdf);

        dg_renderer_render (fx->renderer, &fx->scene, cr);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (pdf);
      }

      /* And views that are no number draw too. */
      {
        DgScene saved = fx->scene;

        fx->scene.zoom = NAN;
        fx->scene.view_x = INFINITY;
        surface = render (fx, 1.0, TRUE);
        cairo_surface_destroy (surface);
        g_assert_cmpint (dg_renderer_hit_test_node (fx->renderer, &fx->scene, 10, 10, 4), >=, -1);
        fx->scene = saved;
      }

      fx->xy[2 * D] = good_d[0];
      fx->xy[2 * D + 1] = good_d[1];
    }

  /* Every company unusable: an empty diagram, a plain view. */
  for (guint v = 0; v < N_NODES; v++)
    fx->xy[2 * v] = NAN;
  dg_renderer_invalidate (fx->renderer, DG_RENDER_CHANGED_POSITIONS);
  dg_renderer_fit_view (fx->renderer, &fx->scene, 20);
  g_assert_cmpfloat (fx->scene.zoom, ==, 1);
  cairo_surface_destroy (render (fx, 1.0, TRUE));
}

static void
test_fit_view (Fixture       *fx,
               gconstpointer  data)
{
  fx->scene.legend = TRUE;
  fx->scene.title = "A title";
  fx->scene.width = 1200;
  fx->scene.height = 700;
  dg_renderer_fit_view (fx->renderer, &fx->scene, 20);

  for (guint v = 0; v < N_NODES; v++)
    {
      double r = dg_node_radius (fx->graph->node_valuation[v]) * fx->scene.zoom;
      double x = fx->xy[2 * v] * fx->scene.zoom + fx->scene.view_x;
      double y = fx->xy[2 * v + 1] * fx->scene.zoom + fx->scene.view_y;

      g_assert_cmpfloat (x - r, >=, 20 - 0.01);
      g_assert_cmpfloat (x + r, <=, 1200 - 20 + 0.01);
      g_assert_cmpfloat (y - r, >=, 20);   /* below the title */
      g_assert_cmpfloat (y + r, <=, 700 - 20 + 0.01);
    }
  /* It uses the room: not a postage stamp. */
  g_assert_cmpfloat (fx->scene.zoom, >, 1.0);
}

/* Exports of the embedded dataset ------------------------------------------- */

static DgDocument *
load_embedded (void)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  DgDocument *doc = dg_document_load_from_data (data, length, &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

typedef struct
{
  GString *text;
  gboolean in_text;
  guint n_groups;
  guint n_company_groups;
} SvgParse;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgParse *sp = user_data;

  if (strcmp (element, "text") == 0 || strcmp (element, "title") == 0)
    sp->in_text = TRUE;
  if (strcmp (element, "g") == 0)
    {
      sp->n_groups++;
      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "class") == 0 && g_str_has_prefix (values[i], "company "))
          sp->n_company_groups++;
    }
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgParse *sp = user_data;

  if (sp->in_text)
    g_string_append_c (sp->text, '\n');
  sp->in_text = FALSE;
}

static void
svg_chars (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              user_data,
           GError              **error)
{
  SvgParse *sp = user_data;

  if (sp->in_text)
    g_string_append_len (sp->text, text, length);
}

static void
test_export_svg (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ai.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  GMarkupParser parser = { svg_start, svg_end, svg_chars, NULL, NULL };
  SvgParse sp = { 0 };
  g_autoptr(DgCompany) evil = dg_company_new ("evil id!", "<b>x</b> & y");
  DgExportOptions opts;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (dg_document_add_company (doc, evil));

  dg_export_options_init (&opts);
  opts.layout = "circular";
  g_assert_true (dg_export (doc, &opts, path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  /* Escaped in the file, never as markup. */
  g_assert_nonnull (strstr (contents, "&lt;b&gt;x&lt;/b&gt; &amp; y"));
  g_assert_null (strstr (contents, "<b>"));
  g_assert_nonnull (strstr (contents, "id=\"company-evil_id_\""));

  sp.text = g_string_new (NULL);
  ctx = g_markup_parse_context_new (&parser, 0, &sp, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (sp.n_company_groups, ==, dg_document_get_n_companies (doc));
  for (guint v = 0; v < dg_document_get_n_companies (doc); v++)
    {
      const char *name = dg_company_get_name (dg_document_get_company (doc, v));
      g_autofree char *line = g_strdup_printf ("\n%s\n", name);

      g_assert_nonnull (strstr (sp.text->str, line));
    }
  /* The layers are there. */
  for (guint i = 0; i < 5; i++)
    {
      const char *layers[] = { "id=\"shading\"", "id=\"deals\"", "id=\"companies\"", "id=\"labels\"", "id=\"legend\"" };

      g_assert_nonnull (strstr (contents, layers[i]));
    }
  g_assert_nonnull (strstr (contents, "id=\"deal-openai-aws-38b\""));

  g_string_free (sp.text, TRUE);
  g_unlink (path);
  g_rmdir (dir);
}


/* Deals that seem to pass through a company, counted in an SVG as drawn:
 * every stroke of a deal's group (a cubic, as the renderer writes them),
 * at its width, against every company disc but its own two ends. */

typedef struct
{
  char *deal;
  double c[8];
  double width;
} SvgStroke;

typedef struct
{
  GHashTable *discs;        /* company group id -> double[3] */
  GPtrArray *strokes;
  char *group;              /* the deal or company group we are in */
  guint group_depth;
  guint depth;
} CrossParse;

static void
svg_stroke_free (gpointer data)
{
  SvgStroke *st = data;

  g_free (st->deal);
  g_free (st);
}

static const char *
attr (const char **names,
      const char **values,
      const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
cross_start (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              user_data,
             GError              **error)
{
  CrossParse *cp = user_data;
  const char *id = attr (names, values, "id");

  cp->depth++;
  if (strcmp (element, "g") == 0 && id != NULL && cp->group == NULL
      && (g_str_has_prefix (id, "deal-") || g_str_has_prefix (id, "company-")))
    {
      cp->group = g_strdup (id);
      cp->group_depth = cp->depth;
    }
  else if (strcmp (element, "circle") == 0 && cp->group != NULL && g_str_has_prefix (cp->group, "company-")
           && !g_hash_table_contains (cp->discs, cp->group))
    {
      double *d = g_new (double, 3);

      d[0] = g_ascii_strtod (attr (names, values, "cx"), NULL);
      d[1] = g_ascii_strtod (attr (names, values, "cy"), NULL);
      d[2] = g_ascii_strtod (attr (names, values, "r"), NULL);
      g_hash_table_insert (cp->discs, g_strdup (cp->group), d);
    }
  else if (strcmp (element, "path") == 0 && cp->group != NULL && g_str_has_prefix (cp->group, "deal-")
           && g_strcmp0 (attr (names, values, "fill"), "none") == 0)
    {
      SvgStroke *st = g_new0 (SvgStroke, 1);
      const char *d = attr (names, values, "d");
      int n;

      n = sscanf (d, "M%lf %lf C%lf %lf %lf %lf %lf %lf", &st->c[0], &st->c[1], &st->c[2], &st->c[3],
                  &st->c[4], &st->c[5], &st->c[6], &st->c[7]);
      g_assert_cmpint (n, ==, 8);
      st->width = g_ascii_strtod (attr (names, values, "stroke-width"), NULL);
      st->deal = g_strdup (cp->group);
      g_ptr_array_add (cp->strokes, st);
    }
}

static void
cross_end (GMarkupParseContext  *context,
           const char           *element,
           gpointer              user_data,
           GError              **error)
{
  CrossParse *cp = user_data;

  if (cp->group != NULL && cp->depth == cp->group_depth)
    g_clear_pointer (&cp->group, g_free);
  cp->depth--;
}

/* @ends maps a deal group's id to "payer-group\npayee-group". Returns how
 * many deals come within a company's disc that is neither of their ends. */
static guint
count_svg_crossings (const char *svg,
                     GHashTable *ends,
                     guint      *n_deals)
{
  GMarkupParser parser = { cross_start, cross_end, NULL, NULL, NULL };
  CrossParse cp = { 0 };
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GHashTable) crossing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) deals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  cp.discs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cp.strokes = g_ptr_array_new_with_free_func (svg_stroke_free);
  ctx = g_markup_parse_context_new (&parser, 0, &cp, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, svg, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));

  for (guint i = 0; i < cp.strokes->len; i++)
    {
      SvgStroke *st = g_ptr_array_index (cp.strokes, i);
      const char *pair = g_hash_table_lookup (ends, st->deal);
      g_auto(GStrv) both = NULL;

      g_assert_nonnull (pair);
      both = g_strsplit (pair, "\n", 2);
      g_hash_table_add (deals, st->deal);
      g_hash_table_iter_init (&iter, cp.discs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const double *d = value;

          if (strcmp (key, both[0]) == 0 || strcmp (key, both[1]) == 0)
            continue;
          for (guint k = 0; k <= 256; k++)
            {
              double t = k / 256.0, u = 1 - t;
              double x = u * u * u * st->c[0] + 3 * u * u * t * st->c[2] + 3 * u * t * t * st->c[4] + t * t * t * st->c[6];
              double y = u * u * u * st->c[1] + 3 * u * u * t * st->c[3] + 3 * u * t * t * st->c[5] + t * t * t * st->c[7];

              if (hypot (x - d[0], y - d[1]) < d[2] + st->width / 2)
                {
                  if (g_test_verbose () && !g_hash_table_contains (crossing, st->deal))
                    g_test_message ("%s crosses %s", st->deal, (const char *) key);
                  g_hash_table_add (crossing, st->deal);
                  break;
                }
            }
        }
    }
  if (n_deals != NULL)
    *n_deals = g_hash_table_size (deals);

  {
    guint n = g_hash_table_size (crossing);

    g_clear_pointer (&crossing, g_hash_table_unref);
    g_clear_pointer (&deals, g_hash_table_unref);
    g_hash_table_unref (cp.discs);
    g_ptr_array_unref (cp.strokes);
    g_free (cp.group);
    return n;
  }
}


/* Money flow fills the picture it is made for, whatever its shape, and its
 * labels never overlap (they used to make a strip 130 px high). */
static void
test_flow_fills_frame (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  DgGraph *g = dg_document_get_graph (doc);
  guint n = g->n_nodes;
  g_autofree float *label_w = g_new (float, n);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  const int frames[][2] = { { 1920, 1080 }, { 1100, 700 }, { 1400, 900 }, { 900, 1100 } };

  for (guint v = 0; v < n; v++)
    {
      labels[v] = dg_company_get_name (dg_document_get_company (doc, v));
      label_w[v] = dg_layout_estimate_label_width (labels[v]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FLOW, 1);
      g_autoptr(DgRenderer) renderer = dg_renderer_new ();
      RecordingPainter *rec = g_new0 (RecordingPainter, 1);
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, top;
      guint n_labels;
      DgScene scene;

      dg_layout_set_node_sizes (layout, NULL, label_w);
      dg_layout_set_frame (layout, frames[i][0], frames[i][1]);
      g_assert_true (dg_layout_run (layout, 5));

      dg_scene_init (&scene);
      scene.graph = g;
      scene.xy = dg_layout_get_positions (layout);
      scene.labels = labels;
      scene.title = "Money flow";
      scene.legend = FALSE;
      scene.width = frames[i][0];
      scene.height = frames[i][1];
      dg_renderer_fit_view (renderer, &scene, 24);

      rec->parent.vtable = &rec_vtable;
      rec->texts = g_ptr_array_new_with_free_func (g_free);
      rec->boxes = g_array_new (FALSE, FALSE, sizeof (double));
      rec->discs = g_array_new (FALSE, FALSE, sizeof (double));
      dg_renderer_paint (renderer, &scene, &rec->parent);

      for (guint k = 0; k < rec->discs->len; k += 3)
        {
          const double *d = &g_array_index (rec->discs, double, k);

          x0 = MIN (x0, d[0] - d[2]);
          x1 = MAX (x1, d[0] + d[2]);
          y0 = MIN (y0, d[1] - d[2]);
          y1 = MAX (y1, d[1] + d[2]);
        }
      top = 24 + 44;
      n_labels = rec->boxes->len / 4 - 1;   /* less the title */
      g_test_message ("%dx%d: companies span %.0fx%.0f px, %u of %u labelled",
                      frames[i][0], frames[i][1], x1 - x0, y1 - y0, n_labels, n);
      /* It takes the frame's shape: most of its height and width. */
      g_assert_cmpfloat (y1 - y0, >, 0.6 * (frames[i][1] - top - 24));
      g_assert_cmpfloat (x1 - x0, >, 0.6 * (frames[i][0] - 48));
      /* Labels never overlap, and at the default size nearly all show. */
      for (guint a = 0; a < rec->boxes->len; a += 4)
        for (guint b = a + 4; b < rec->boxes->len; b += 4)
          {
            const double *p = &g_array_index (rec->boxes, double, a);
            const double *q = &g_array_index (rec->boxes, double, b);
            double ox = MIN (p[2], q[2]) - MAX (p[0], q[0]);
            double oy = MIN (p[3], q[3]) - MAX (p[1], q[1]);

            g_assert_false (ox > 1 && oy > 1);
          }
      if (i == 0)
        g_assert_cmpuint (n_labels, >=, n * 9 / 10);
      dg_painter_free (&rec->parent);
    }
}


/* Random layouts: count the deals that cross a company they do not touch,
 * as drawn, against what straight lines between the centres would do
 * (computed here, from the positions alone). */
static void
test_route_random (void)
{
  guint total_deals = 0, total_crossing = 0, total_straight = 0;
  GRand *rand = g_rand_new_with_seed (20251206);

  for (guint round = 0; round < 24; round++)
    {
      const guint n = 40 + 5 * (round % 5), m = 2 * n;
      g_autofree guint *src = g_new (guint, m);
      g_autofree guint *dst = g_new (guint, m);
      g_autofree double *amount = g_new (double, m);
      g_autofree float *xy = g_new (float, 2 * n);
      g_autofree char **ids = g_new0 (char *, n + 1);
      g_autofree char **deal_ids = g_new0 (char *, m + 1);
      g_autoptr(GHashTable) ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autofree double *valuation = NULL;
      g_autoptr(DgGraph) g = NULL;
      g_autoptr(DgRenderer) renderer = dg_renderer_new ();
      g_autofree char *svg = NULL;
      DgPainter *painter;
      DgScene scene;
      guint n_deals, crossing, straight = 0;
      /* Denser every round: from discs far apart to discs a few radii apart. */
      double side = 1400 - 30 * round;

      /* Companies never overlap, as every layout ensures: a new one goes
       * where it keeps the layout's padding from those placed. */
      valuation = g_new (double, n);
      for (guint v = 0; v < n; v++)
        {
          double r;
          gboolean clear;

          valuation[v] = pow (10, g_rand_double_range (rand, 8, 12.5));
          r = dg_node_radius (valuation[v]);
          do
            {
              xy[2 * v] = (float) g_rand_double_range (rand, 0, side * 1.6);
              xy[2 * v + 1] = (float) g_rand_double_range (rand, 0, side);
              clear = TRUE;
              for (guint w = 0; w < v && clear; w++)
                clear = hypot (xy[2 * v] - xy[2 * w], xy[2 * v + 1] - xy[2 * w + 1])
                        >= r + dg_node_radius (valuation[w]) + 6;
            }
          while (!clear);
          ids[v] = g_strdup_printf ("n%u", v);
        }
      for (guint e = 0; e < m; e++)
        {
          src[e] = g_rand_int_range (rand, 0, n);
          do
            dst[e] = g_rand_int_range (rand, 0, n);
          while (dst[e] == src[e]);
          /* Some both ways, some repeated. */
          if (e > 0 && g_rand_int_range (rand, 0, 6) == 0)
            {
              src[e] = dst[e - 1];
              dst[e] = src[e - 1];
            }
          amount[e] = pow (10, g_rand_double_range (rand, 8, 11.5));
          deal_ids[e] = g_strdup_printf ("e%u", e);
          g_hash_table_insert (ends, g_strdup_printf ("deal-e%u", e),
                               g_strdup_printf ("company-n%u\ncompany-n%u", src[e], dst[e]));
        }
      g = dg_graph_new (n, m, src, dst, amount);
      for (guint v = 0; v < n; v++)
        g->node_valuation[v] = valuation[v];

      /* Straight lines, centre to centre, outside the end discs. */
      for (guint e = 0; e < m; e++)
        {
          double ax = xy[2 * src[e]], ay = xy[2 * src[e] + 1], bx = xy[2 * dst[e]], by = xy[2 * dst[e] + 1];
          double half = dg_deal_width_for_amount (amount[e]) / 2;

          for (guint v = 0; v < n; v++)
            {
              double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
              double t = l2 > 0 ? ((xy[2 * v] - ax) * dx + (xy[2 * v + 1] - ay) * dy) / l2 : 0;

              if (v == src[e] || v == dst[e])
                continue;
              t = CLAMP (t, 0, 1);
              if (hypot (xy[2 * v] - ax - t * dx, xy[2 * v + 1] - ay - t * dy)
                  < dg_node_radius (g->node_valuation[v]) + half)
                {
                  straight++;
                  break;
                }
            }
        }

      dg_scene_init (&scene);
      scene.graph = g;
      scene.xy = xy;
      scene.node_ids = (const char * const *) ids;
      scene.edge_ids = (const char * const *) deal_ids;
      scene.legend = FALSE;
      scene.width = 1920;
      scene.height = 1080;
      dg_renderer_fit_view (renderer, &scene, 20);
      painter = dg_painter_svg_new (1920, 1080, "sans-serif", NULL);
      dg_renderer_paint (renderer, &scene, painter);
      svg = dg_painter_svg_finish (painter, NULL);

      crossing = count_svg_crossings (svg, ends, &n_deals);
      g_test_message ("round %u: %u companies, %u deals drawn: %u cross a company (straight lines: %u)",
                      round, n, n_deals, crossing, straight);
      total_deals += n_deals;
      total_crossing += crossing;
      total_straight += straight;
      if (round == 11)
        {
          /* The sparser half: a disc every 200-300 units. */
          g_test_message ("sparser half: %u of %u deals cross a company", total_crossing, total_deals);
          g_assert_cmpuint (total_crossing * 25, <=, total_deals);
        }
      for (guint v = 0; v < n; v++)
        g_free (ids[v]);
      for (guint e = 0; e < m; e++)
        g_free (deal_ids[e]);
    }
  g_test_message ("in all: %u of %u deals cross a company; straight lines: %u",
                  total_crossing, total_deals, total_straight);
  /* The bound (docs/rendering.md): at most 4% of deals in the sparser
   * half, 8% in all, and a fifth of what straight lines do. One bend
   * cannot weave through a crowd; the rest are long deals across one. */
  g_assert_cmpuint (total_crossing * 100, <=, 8 * total_deals);
  g_assert_cmpuint (total_crossing * 5, <=, total_straight);
  g_rand_free (rand);
}


/* A big network, drawn as a reader can use it: companies visible above
 * the deals, the largest named, the deals thinned with a note saying so,
 * more shown when zooming in, and a lit cycle at full strength. */
typedef struct
{
  DgGraph *graph;
  float *xy;
  char **labels;
  guint8 *cyclic;
  DgScene scene;
} Big;

static void
big_init (Big   *big,
          guint  n)
{
  g_autofree guint *component = g_new0 (guint, n);
  g_autofree guint *slot = g_new (guint, n);
  GRand *rand = g_rand_new_with_seed (n);

  big->graph = dg_graph_generate_scale_free (n, 5, 0.1, 3);
  big->xy = g_new (float, 2 * n);
  big->labels = g_new0 (char *, n + 1);
  big->cyclic = g_new0 (guint8, big->graph->n_edges + 1);

  /* A golden-angle spiral, companies in shuffled order: a round, even
   * crowd, as the force layout makes of a graph this random, in no time. */
  for (guint v = 0; v < n; v++)
    slot[v] = v;
  for (guint v = n - 1; v > 0; v--)
    {
      guint j = g_rand_int_range (rand, 0, v + 1), t = slot[v];

      slot[v] = slot[j];
      slot[j] = t;
    }
  g_rand_free (rand);
  for (guint v = 0; v < n; v++)
    {
      big->xy[2 * v] = (float) (40 * sqrt (slot[v] + 0.5) * cos (slot[v] * 2.399963));
      big->xy[2 * v + 1] = (float) (40 * sqrt (slot[v] + 0.5) * sin (slot[v] * 2.399963));
      big->labels[v] = g_strdup_printf ("Company %u", v);
    }
  dg_analysis_strong_components (big->graph, NULL, component, big->cyclic);
  dg_scene_init (&big->scene);
  big->scene.graph = big->graph;
  big->scene.xy = big->xy;
  big->scene.labels = (const char * const *) big->labels;
  big->scene.edge_cyclic = big->cyclic;
  big->scene.width = 1920;
  big->scene.height = 1080;
  big->scene.title = "Big";
}

static void
big_clear (Big *big)
{
  g_strfreev (big->labels);
  g_free (big->xy);
  g_free (big->cyclic);
  dg_graph_unref (big->graph);
}

static RecordingPainter *
record (DgRenderer    *renderer,
        const DgScene *scene)
{
  RecordingPainter *rec = g_new0 (RecordingPainter, 1);

  rec->parent.vtable = &rec_vtable;
  rec->texts = g_ptr_array_new_with_free_func (g_free);
  rec->markup_free = TRUE;
  dg_renderer_paint (renderer, scene, &rec->parent);
  return rec;
}

static guint
count_prefix (GPtrArray  *texts,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (texts, i), prefix);
  return n;
}

static void
test_big_network (void)
{
  g_autoptr(DgRenderer) renderer = dg_renderer_new ();
  const DgTheme *theme = dg_theme_get (DG_THEME_LIGHT);
  RecordingPainter *rec;
  cairo_surface_t *surface;
  guint n = 4000, biggest[20], n_named_fit, n_named_top = 0, n_visible_discs = 0, every_fit = 0;
  double zoom_fit, vx, vy;
  g_autofree float *score = NULL;
  Big big;

  big_init (&big, n);
  dg_renderer_fit_view (renderer, &big.scene, 24);
  zoom_fit = big.scene.zoom;
  vx = big.scene.view_x;
  vy = big.scene.view_y;

  /* The twenty most important companies, as the renderer ranks them
   * (disc size first, then deals), computed here. */
  score = g_new (float, n);
  for (guint v = 0; v < n; v++)
    score[v] = (float) (dg_node_radius (big.graph->node_valuation[v]) * 4
                        + sqrt (big.graph->out_offset[v + 1] - big.graph->out_offset[v]
                                + big.graph->in_offset[v + 1] - big.graph->in_offset[v]) * 3);
  for (guint k = 0; k < G_N_ELEMENTS (biggest); k++)
    {
      guint best = G_MAXUINT;

      for (guint v = 0; v < n; v++)
        {
          gboolean taken = FALSE;

          for (guint j = 0; j < k; j++)
            taken |= biggest[j] == v;
          if (!taken && (best == G_MAXUINT || score[v] > score[best]))
            best = v;
        }
      biggest[k] = best;
    }

  /* At fit: the deals are thinned and the legend says so; the biggest
   * companies are named, and not many more. */
  rec = record (renderer, &big.scene);
  g_assert_cmpuint (count_prefix (rec->texts, "1 in "), ==, 1);
  for (guint i = 0; i < rec->texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rec->texts, i), "1 in "))
      every_fit = (guint) g_ascii_strtoull ((char *) g_ptr_array_index (rec->texts, i) + 5, NULL, 10);
  g_assert_cmpuint (every_fit, >=, 2);
  n_named_fit = count_prefix (rec->texts, "Company ");
  g_test_message ("at fit (zoom %.4f): %u companies named", zoom_fit, n_named_fit);
  g_assert_cmpuint (n_named_fit, >=, 20);
  g_assert_cmpuint (n_named_fit, <=, 1920 * 1080 / 20000 + 5);
  /* Two of them may sit too close together for both names. */
  for (guint k = 0; k < G_N_ELEMENTS (biggest); k++)
    {
      g_autofree char *name = g_strdup_printf ("Company %u", biggest[k]);

      n_named_top += str_array_contains (rec->texts, name);
      if (k == 4)
        g_assert_cmpuint (n_named_top, >=, 4);
    }
  g_test_message ("%u of the 20 most important named", n_named_top);
  g_assert_cmpuint (n_named_top, >=, 16);
  dg_painter_free (&rec->parent);

  /* Companies are drawn above the deals: the middle of every disc in the
   * view shows its kind's colour. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  {
    cairo_t *cr = cairo_create (surface);

    big.scene.legend = FALSE;
    big.scene.labels = NULL;
    dg_renderer_render (renderer, &big.scene, cr);
    cairo_destroy (cr);
  }
  for (guint v = 0; v < n; v += 7)
    {
      double x = big.xy[2 * v] * zoom_fit + vx, y = big.xy[2 * v + 1] * zoom_fit + vy, r, g, b;
      const DgColor *c = &theme->node_fill[big.graph->node_kind[v]];
      gboolean under = FALSE;

      /* Skip where another company's disc lies over this one's middle. */
      for (guint w = v + 1; w < n && !under; w++)
        under = hypot (big.xy[2 * w] * zoom_fit + vx - x, big.xy[2 * w + 1] * zoom_fit + vy - y) < 3;
      if (under)
        continue;
      probe (surface, 1.0, x, y, &r, &g, &b);
      g_assert_true (close_to (r, g, b, c->r, c->g, c->b, 0.12));
      n_visible_discs++;
    }
  g_assert_cmpuint (n_visible_discs, >, n / 14);
  cairo_surface_destroy (surface);
  big.scene.legend = TRUE;
  big.scene.labels = (const char * const *) big.labels;

  /* Zoomed in four times on the middle: more named in view, fewer deals
   * left out. */
  {
    DgScene in = big.scene;
    guint every_in = 1, n_named_in, n_in_view = 0;

    in.zoom = zoom_fit * 4;
    in.view_x = vx * 4 - 1920 * 1.5;
    in.view_y = vy * 4 - 1080 * 1.5;
    rec = record (renderer, &in);
    n_named_in = count_prefix (rec->texts, "Company ");
    for (guint i = 0; i < rec->texts->len; i++)
      if (g_str_has_prefix (g_ptr_array_index (rec->texts, i), "1 in "))
        every_in = (guint) g_ascii_strtoull ((char *) g_ptr_array_index (rec->texts, i) + 5, NULL, 10);
    for (guint v = 0; v < n; v++)
      {
        double x = big.xy[2 * v] * in.zoom + in.view_x, y = big.xy[2 * v + 1] * in.zoom + in.view_y;

        n_in_view += x >= 0 && y >= 0 && x < 1920 && y < 1080;
      }
    g_test_message ("zoomed in 4x: %u of %u in view named, 1 in %u deals drawn", n_named_in, n_in_view, every_in);
    /* A larger share of what is in view is named, and more deals drawn. */
    g_assert_cmpfloat ((double) n_named_in / n_in_view, >, 2.0 * n_named_fit / n);
    g_assert_cmpuint (every_in, <, every_fit);
    dg_painter_free (&rec->parent);
  }

  /* A lit cycle (a deal and its reciprocal) at full strength, wider than
   * a hairline, with its companies' names, however far out. */
  {
    g_autofree guint8 *lit_nodes = g_new0 (guint8, n);
    g_autofree guint8 *lit_edges = g_new0 (guint8, big.graph->n_edges);
    guint e1 = G_MAXUINT, e2 = G_MAXUINT;
    DgGraph *g = big.graph;

    for (guint e = 0; e < g->n_edges && e2 == G_MAXUINT; e++)
      for (guint i = g->out_offset[g->edge_dst[e]]; i < g->out_offset[g->edge_dst[e] + 1]; i++)
        if (g->edge_dst[g->out_edges[i]] == g->edge_src[e]
            && hypot (big.xy[2 * g->edge_src[e]] - big.xy[2 * g->edge_dst[e]],
                      big.xy[2 * g->edge_src[e] + 1] - big.xy[2 * g->edge_dst[e] + 1]) > 600)
          {
            e1 = e;
            e2 = g->out_edges[i];
            break;
          }
    g_assert_cmpuint (e2, !=, G_MAXUINT);
    lit_edges[e1] = lit_edges[e2] = 1;
    lit_nodes[g->edge_src[e1]] = lit_nodes[g->edge_dst[e1]] = 1;
    big.scene.lit_nodes = lit_nodes;
    big.scene.lit_edges = lit_edges;
    big.scene.zoom = zoom_fit / 2;
    big.scene.view_x = (vx - 960) / 2 + 960;
    big.scene.view_y = (vy - 540) / 2 + 540;

    rec = record (renderer, &big.scene);
    g_assert_true (str_array_contains (rec->texts, big.labels[g->edge_src[e1]]));
    g_assert_true (str_array_contains (rec->texts, big.labels[g->edge_dst[e1]]));
    dg_painter_free (&rec->parent);

    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
    {
      cairo_t *cr = cairo_create (surface);

      dg_renderer_render (renderer, &big.scene, cr);
      cairo_destroy (cr);
    }
    for (guint k = 0; k < 2; k++)
      {
        guint e = k ? e2 : e1;
        const DgColor *c = &theme->deal[dg_deal_family_for_kind (g->edge_kind[e])];
        double best = G_MAXDOUBLE;

        /* The most saturated pixel near the middle of the deal is its
         * colour, undimmed and not thinned. */
        for (guint t = 0; t < 5; t++)
          {
            double x, y;

            g_assert_true (dg_renderer_get_edge_point (renderer, &big.scene, e, 0.4 + 0.05 * t, &x, &y));
            x = x * big.scene.zoom + big.scene.view_x;
            y = y * big.scene.zoom + big.scene.view_y;
            for (int dy = -1; dy <= 1; dy++)
              for (int dx = -1; dx <= 1; dx++)
                {
                  double r, gg, b;

                  probe (surface, 1.0, x + dx, y + dy, &r, &gg, &b);
                  best = MIN (best, fabs (r - c->r) + fabs (gg - c->g) + fabs (b - c->b));
                }
          }
        g_test_message ("lit deal %u: nearest colour %.3f off", e, best);
        g_assert_cmpfloat (best, <, 0.25);
      }
    cairo_surface_destroy (surface);
  }
  big_clear (&big);
}

/* Occurrences of @needle from @start to @end (with lengths: strstr
 * under AddressSanitizer measures the whole rest of the text every call). */
static guint
count_occurrences (const char *start,
                   const char *end,
                   const char *needle)
{
  gsize len = strlen (needle);
  guint n = 0;

  for (const char *p = start; p < end; p += len, n++)
    {
      p = g_strstr_len (p, end - p, needle);
      if (p == NULL)
        break;
    }
  return n;
}

/* Issue 12: at 1920x1080 the SVG of a 2,000-company network left out the
 * short cyclic deals and every band. Every deal keeps its group, every
 * cyclic deal its band, and each deal its opacity from the density. */
static void
test_big_svg_complete (void)
{
  g_autoptr(DgRenderer) renderer = dg_renderer_new ();
  g_autofree char *svg = NULL;
  guint n = 2000, n_cyclic = 0, n_groups, n_bands;
  DgPainter *painter;
  const char *shading, *deals;
  Big big;

  big_init (&big, n);
  dg_renderer_fit_view (renderer, &big.scene, 24);
  painter = dg_painter_svg_new (1920, 1080, "sans-serif", NULL);
  dg_renderer_paint (renderer, &big.scene, painter);
  svg = dg_painter_svg_finish (painter, NULL);

  for (guint e = 0; e < big.graph->n_edges; e++)
    n_cyclic += big.cyclic[e] && big.graph->edge_src[e] != big.graph->edge_dst[e];
  shading = strstr (svg, "id=\"shading\"");
  deals = strstr (svg, "id=\"deals\"");
  g_assert_nonnull (shading);
  g_assert_nonnull (deals);
  n_bands = count_occurrences (shading, deals, "<path");
  n_groups = count_occurrences (deals, deals + strlen (deals), "class=\"deal ");
  g_test_message ("%u deals (%u cyclic): %u deal groups, %u bands", big.graph->n_edges, n_cyclic, n_groups, n_bands);
  g_assert_cmpuint (n_groups, ==, big.graph->n_edges);
  g_assert_cmpuint (n_bands, ==, n_cyclic);
  /* Thinned by opacity, not by leaving deals out. */
  g_assert_nonnull (strstr (deals, "stroke-opacity=\""));
  g_assert_null (strstr (svg, "1 in "));
  big_clear (&big);
}


/* A renderer given another's geometry draws and hit-tests as if it had
 * computed it, with its own copy of the positions. */
static void
test_copy_geometry (void)
{
  g_autoptr(DgRenderer) a = dg_renderer_new ();
  g_autoptr(DgRenderer) b = dg_renderer_new ();
  g_autofree float *xy_b = NULL;
  cairo_surface_t *sa, *sb;
  DgScene scene;
  Big big;

  big_init (&big, 500);
  dg_renderer_fit_view (a, &big.scene, 20);
  scene = big.scene;
  xy_b = g_memdup2 (big.xy, sizeof (float) * 2 * 500);

  /* Nothing to copy yet. */
  g_assert_false (dg_renderer_copy_geometry (b, a, xy_b));
  sa = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  {
    cairo_t *cr = cairo_create (sa);

    dg_renderer_render (a, &big.scene, cr);
    cairo_destroy (cr);
  }
  g_assert_true (dg_renderer_copy_geometry (b, a, xy_b));

  scene.xy = xy_b;
  for (guint e = 0; e < big.graph->n_edges; e += 37)
    {
      double xa, ya, xb, yb;
      gboolean da = dg_renderer_get_edge_point (a, &big.scene, e, 0.5, &xa, &ya);
      gboolean db = dg_renderer_get_edge_point (b, &scene, e, 0.5, &xb, &yb);

      g_assert_true (da == db);
      if (da)
        {
          g_assert_cmpfloat (xa, ==, xb);
          g_assert_cmpfloat (ya, ==, yb);
        }
    }
  for (int x = 100; x < 1900; x += 97)
    {
      g_assert_cmpint (dg_renderer_hit_test_edge (a, &big.scene, x, 540, 4), ==,
                       dg_renderer_hit_test_edge (b, &scene, x, 540, 4));
      g_assert_cmpint (dg_renderer_hit_test_node (a, &big.scene, x, 540, 4), ==,
                       dg_renderer_hit_test_node (b, &scene, x, 540, 4));
    }
  sb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  {
    cairo_t *cr = cairo_create (sb);

    dg_renderer_render (b, &scene, cr);
    cairo_destroy (cr);
  }
  cairo_surface_flush (sa);
  cairo_surface_flush (sb);
  g_assert_true (memcmp (cairo_image_surface_get_data (sa), cairo_image_surface_get_data (sb),
                         (gsize) cairo_image_surface_get_stride (sa) * 1080) == 0);
  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
  big_clear (&big);
}

static void
test_route_dataset (void)
{
  g_autoptr(DgDocument) shipped = load_embedded ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ai.svg", NULL);
  /* The shipped network in its saved layout, the circular one and the
   * flow one (where 5 of its 112 deals crossed a company until the flow
   * layout kept companies off long deals' lines and the routing learnt to
   * draw a fan closer together). */
  struct { DgDocument *doc; const char *layout; } cases[] = {
    { shipped, NULL }, { shipped, "circular" }, { shipped, "flow" },
  };

  for (guint l = 0; l < G_N_ELEMENTS (cases); l++)
    {
      DgDocument *doc = cases[l].doc;
      g_autoptr(GHashTable) ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autofree char *contents = NULL;
      DgExportOptions opts;
      guint n_deals, n_crossing;

      for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
        {
          DgDeal *deal = dg_document_get_deal (doc, i);
          g_autofree char *from = dg_svg_sanitize_id ("company-", dg_deal_get_from_id (deal));
          g_autofree char *to = dg_svg_sanitize_id ("company-", dg_deal_get_to_id (deal));

          g_hash_table_insert (ends, dg_svg_sanitize_id ("deal-", dg_deal_get_id (deal)),
                               g_strdup_printf ("%s\n%s", from, to));
        }

      /* The export as `dealgraph --export ai.svg` makes it (1920x1080). */
      dg_export_options_init (&opts);
      opts.layout = cases[l].layout;
      g_assert_true (dg_export (doc, &opts, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
      n_crossing = count_svg_crossings (contents, ends, &n_deals);
      g_test_message ("%s layout: %u of %u deals cross a company they do not touch",
                      cases[l].layout ? cases[l].layout : "saved", n_crossing, n_deals);
      g_assert_cmpuint (n_deals, ==, dg_document_get_n_deals (doc));
      g_assert_cmpuint (n_crossing, ==, 0);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_pdf_png (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "ai.pdf", NULL);
  g_autofree char *png1 = g_build_filename (dir, "one.png", NULL);
  g_autofree char *png2 = g_build_filename (dir, "two.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "no-such-folder", "x.png", NULL);
  g_autofree char *unknown = g_build_filename (dir, "x.bmp", NULL);
  g_autofree char *data1 = NULL;
  g_autofree char *data2 = NULL;
  g_autofree char *pdf_data = NULL;
  gsize len1, len2, pdf_len;
  DgExportOptions opts;
  g_autoptr(GDir) listing = NULL;

  g_assert_no_error (error);
  dg_export_options_init (&opts);
  opts.layout = "circular";

  g_assert_true (dg_export (doc, &opts, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_data, &pdf_len, NULL));
  g_assert_true (g_str_has_prefix (pdf_data, "%PDF-"));
  g_assert_cmpuint (pdf_len, >, 20000);

  /* The same input gives the same bytes. */
  opts.width = 800;
  opts.height = 500;
  g_assert_true (dg_export (doc, &opts, png1, &error));
  g_assert_true (dg_export (doc, &opts, png2, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png1, &data1, &len1, NULL));
  g_assert_true (g_file_get_contents (png2, &data2, &len2, NULL));
  g_assert_true (memcmp (data1, "\x89PNG", 4) == 0);
  g_assert_cmpuint (len1, ==, len2);
  g_assert_true (memcmp (data1, data2, len1) == 0);

  /* Failures leave nothing behind, and keep what was there. */
  g_assert_false (dg_export (doc, &opts, bad, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (dg_export (doc, &opts, unknown, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_USAGE);
  g_clear_error (&error);
  opts.layout = "spiral";
  g_assert_false (dg_export (doc, &opts, png1, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_USAGE);
  g_clear_error (&error);
  g_free (data2);
  g_assert_true (g_file_get_contents (png1, &data2, &len2, NULL));
  g_assert_true (len1 == len2 && memcmp (data1, data2, len1) == 0);

  listing = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    {
      g_autofree char *full = g_build_filename (dir, name, NULL);

      /* No temporary files left over. */
      g_assert_true (g_str_equal (name, "ai.pdf") || g_str_equal (name, "one.png")
                     || g_str_equal (name, "two.png"));
      g_unlink (full);
    }
  g_rmdir (dir);
}

/* Is @path a whole file of its format (the end of it is there)? */
static gboolean
export_is_whole (const char *path,
                 const char *ext)
{
  g_autofree char *data = NULL;
  const char *end;
  gsize length;

  if (g_str_equal (ext, "png"))
    {
      cairo_surface_t *s = cairo_image_surface_create_from_png (path);
      gboolean ok = cairo_surface_status (s) == CAIRO_STATUS_SUCCESS;

      cairo_surface_destroy (s);
      return ok;
    }
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  /* Compressed PDF streams hold NULs: compare bytes, not strings. */
  if (g_str_equal (ext, "pdf"))
    end = "%%EOF\n";
  else if (g_str_equal (ext, "svg"))
    end = "</svg>\n";
  else
    end = "</graphml>\n";
  return length >= strlen (end) && memcmp (data + length - strlen (end), end, strlen (end)) == 0;
}

/* SIGKILL at any moment of an export: the folder holds the last whole
 * export or nothing, never half a file or a temporary one. */
static void
test_export_killed (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  const char *exts[] = { "png", "pdf", "svg", "graphml" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  guint n_whole = 0;

  g_assert_no_error (error);
  for (guint round = 0; round < 16; round++)
    {
      const char *ext = exts[round % G_N_ELEMENTS (exts)];
      g_autofree char *name = g_strdup_printf ("out.%s", ext);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GDir) listing = NULL;
      const char *entry;
      int fds[2];
      pid_t pid;
      char c;
      int status;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          DgExportOptions opts;

          /* Exports again and again, saying when each one starts. */
          close (fds[0]);
          dg_export_options_init (&opts);
          opts.scale = 2;
          for (;;)
            {
              if (write (fds[1], "s", 1) != 1)
                _exit (2);
              dg_export (doc, &opts, path, NULL);
            }
        }
      close (fds[1]);

      /* Killed during the first or the second export, at a random moment:
       * the moment is what this test varies. */
      for (guint k = 0; k <= round / G_N_ELEMENTS (exts) % 2; k++)
        g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
      g_usleep (g_rand_int_range (rand, 0, 300000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      close (fds[0]);

      /* A kill between naming the finished file and renaming it over the
       * target (a few instructions) leaves it under our temporary pattern;
       * the next export of the same file removes it (dg-atomic-file.c). */
      {
        g_autofree char *prefix = g_strdup_printf (".%s.dgsave-", name);
        gboolean stale = FALSE;

        listing = g_dir_open (dir, 0, NULL);
        while ((entry = g_dir_read_name (listing)) != NULL)
          if (g_str_has_prefix (entry, prefix))
            {
              /* Left long enough ago not to be another writer's. */
              g_autofree char *full = g_build_filename (dir, entry, NULL);
              struct utimbuf old = { time (NULL) - 60, time (NULL) - 60 };

              g_assert_cmpint (g_utime (full, &old), ==, 0);
              stale = TRUE;
            }
        g_clear_pointer (&listing, g_dir_close);
        if (stale)
          {
            DgExportOptions opts;

            g_test_message ("round %u (%s) killed between link and rename; exporting again", round, ext);
            dg_export_options_init (&opts);
            g_assert_true (dg_export (doc, &opts, path, &error));
            g_assert_no_error (error);
          }
      }

      listing = g_dir_open (dir, 0, NULL);
      while ((entry = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *full = g_build_filename (dir, entry, NULL);

          g_test_message ("round %u (%s) left %s", round, ext, entry);
          g_assert_cmpstr (entry, ==, name);
          g_assert_true (export_is_whole (full, ext));
          n_whole++;
          g_unlink (full);
        }
    }
  g_test_message ("%u of 16 kills left a whole export, the others nothing", n_whole);
  g_rmdir (dir);
}

/* An export over a private file reached through a symbolic link keeps the
 * link and the file's mode, as a save does. */
static void
test_export_keeps_mode_and_links (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  const char *exts[] = { "png", "pdf", "svg", "graphml", "dot" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *real_name = g_strdup_printf ("real.%s", exts[i]);
      g_autofree char *link_name = g_strdup_printf ("link.%s", exts[i]);
      g_autofree char *real = g_build_filename (dir, real_name, NULL);
      g_autofree char *link = g_build_filename (dir, link_name, NULL);
      DgExportOptions opts;
      GStatBuf st;

      g_assert_true (g_file_set_contents (real, "old", -1, NULL));
      g_assert_cmpint (g_chmod (real, 0600), ==, 0);
      g_assert_cmpint (symlink (real_name, link), ==, 0);

      dg_export_options_init (&opts);
      opts.width = 400;
      opts.height = 300;
      g_assert_true (dg_export (doc, &opts, link, &error));
      g_assert_no_error (error);

      g_assert_cmpint (g_lstat (link, &st), ==, 0);
      g_assert_true (S_ISLNK (st.st_mode));
      g_assert_cmpint (g_lstat (real, &st), ==, 0);
      g_assert_true (S_ISREG (st.st_mode));
      g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
      g_assert_cmpint (st.st_size, >, 100);
      g_unlink (link);
      g_unlink (real);
    }
  g_rmdir (dir);
}

static void
test_export_themes (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  const char *exts[] = { "png", "svg", "pdf" };

  for (DgThemeKind k = 0; k < DG_N_THEMES; k++)
    for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", dg_theme_kind_to_string (k), exts[i]);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        DgExportOptions opts;
        GStatBuf st;

        dg_export_options_init (&opts);
        opts.theme = k;
        opts.layout = "circular";
        opts.width = 640;
        opts.height = 400;
        opts.scale = 1.5;
        opts.transparent = k == DG_THEME_DARK;
        g_assert_true (dg_export (doc, &opts, path, &error));
        g_assert_no_error (error);
        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_assert_cmpint (st.st_size, >, 1000);
        if (i == 0)
          {
            cairo_surface_t *s = cairo_image_surface_create_from_png (path);

            g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
            g_assert_cmpint (cairo_image_surface_get_width (s), ==, 960);
            g_assert_cmpint (cairo_image_surface_get_height (s), ==, 600);
            cairo_surface_destroy (s);
          }
        g_unlink (path);
      }
  g_rmdir (dir);
}

/* The command line ------------------------------------------------------------ */

static int
run_cli (const char * const *args)
{
  const char *binary = g_getenv ("DG_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  const char *binary = g_getenv ("DG_BINARY");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *odd = NULL;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("DG_BINARY is not set to the built dealgraph");
      return;
    }

  dir = g_dir_make_tmp ("dg-render-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "out.png", NULL);
  odd = g_build_filename (dir, "out.picture", NULL);

  {
    const char *args[] = { "--export", png, "--layout", "circular", "--width", "400", "--height", "300", NULL };

    g_assert_cmpint (run_cli (args), ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  }
  {
    const char *args[] = { "--export", png, "--theme", "sepia", NULL };

    g_assert_cmpint (run_cli (args), ==, 2);
  }
  {
    const char *args[] = { "--export", png, "--format", "bmp", NULL };

    g_assert_cmpint (run_cli (args), ==, 2);
  }
  {
    const char *args[] = { "--export", odd, NULL };

    g_assert_cmpint (run_cli (args), ==, 2);
    g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));
  }
  {
    const char *args[] = { "--export", odd, "--format", "svg", "--layout", "circular", NULL };

    g_assert_cmpint (run_cli (args), ==, 0);
    g_assert_true (g_file_test (odd, G_FILE_TEST_EXISTS));
  }

  g_unlink (png);
  g_unlink (odd);
  g_rmdir (dir);
}

static void
test_threads_same_picture (void)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (300, 5, 0.1, 7);
  g_autoptr(DgRenderer) renderer = dg_renderer_new ();
  g_autofree float *xy = g_new (float, 2 * 300);
  g_autofree guint8 *cyclic = g_new0 (guint8, g->n_edges);
  g_autofree guint *component = g_new0 (guint, 300);
  cairo_surface_t *surfaces[2];
  DgScene scene;

  for (guint v = 0; v < 300; v++)
    {
      xy[2 * v] = (float) (40 * sqrt (v + 0.5) * cos (v * 2.4));
      xy[2 * v + 1] = (float) (40 * sqrt (v + 0.5) * sin (v * 2.4));
    }
  dg_analysis_strong_components (g, NULL, component, cyclic);
  dg_scene_init (&scene);
  scene.graph = g;
  scene.xy = xy;
  scene.edge_cyclic = cyclic;
  scene.width = 900;
  scene.height = 700;
  dg_renderer_fit_view (renderer, &scene, 10);

  /* Bands of rows on two threads, or all on one: the same pixels. */
  for (guint i = 0; i < 2; i++)
    {
      DgPainter *painter = dg_painter_cairo_new (NULL);
      cairo_t *cr;

      surfaces[i] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 700);
      cr = cairo_create (surfaces[i]);
      dg_painter_cairo_set_threads (painter, i + 1);
      dg_painter_cairo_set_target (painter, cr);
      g_assert_true (dg_painter_cairo_get_fast_path (painter));
      dg_renderer_paint (renderer, &scene, painter);
      dg_painter_cairo_set_target (painter, NULL);
      dg_painter_free (painter);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[i]);
    }
  if (g_getenv ("DG_TEST_DUMP") != NULL)
    {
      const guint32 *a = (const guint32 *) (gpointer) cairo_image_surface_get_data (surfaces[0]);
      const guint32 *b = (const guint32 *) (gpointer) cairo_image_surface_get_data (surfaces[1]);

      for (guint i = 0, k = 0; i < 900 * 700 && k < 20; i++)
        if (a[i] != b[i])
          {
            g_test_message ("differ at %u,%u: %08x %08x", i % 900, i / 900, a[i], b[i]);
            k++;
          }
    }
  g_assert_true (memcmp (cairo_image_surface_get_data (surfaces[0]),
                         cairo_image_surface_get_data (surfaces[1]),
                         (gsize) cairo_image_surface_get_stride (surfaces[0]) * 700) == 0);

  /* And Cairo draws the same picture, thin lines (hairlines) included. */
  {
    DgPainter *painter = dg_painter_cairo_new (NULL);
    cairo_surface_t *slow = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 700);
    cairo_t *cr = cairo_create (slow);
    const guint8 *a = cairo_image_surface_get_data (surfaces[0]);
    const guint8 *b;
    double sum = 0;

    dg_painter_cairo_set_fast_path_enabled (painter, FALSE);
    dg_painter_cairo_set_target (painter, cr);
    dg_renderer_paint (renderer, &scene, painter);
    dg_painter_cairo_set_target (painter, NULL);
    dg_painter_free (painter);
    cairo_destroy (cr);
    cairo_surface_flush (slow);
    b = cairo_image_surface_get_data (slow);
    for (gsize i = 0; i < (gsize) cairo_image_surface_get_stride (slow) * 700; i++)
      sum += abs ((int) a[i] - (int) b[i]);
    sum /= (double) cairo_image_surface_get_stride (slow) * 700;
    g_test_message ("thin lines: mean difference %.3f per channel", sum);
    if (g_getenv ("DG_TEST_DUMP") != NULL)
      {
        g_autofree char *fp = g_strdup_printf ("%s/thin-fast.png", g_getenv ("DG_TEST_DUMP"));
        g_autofree char *sp = g_strdup_printf ("%s/thin-slow.png", g_getenv ("DG_TEST_DUMP"));

        cairo_surface_write_to_png (surfaces[0], fp);
        cairo_surface_write_to_png (slow, sp);
      }
    /* Dense crossings and dashes differ in antialiasing only; a layer
     * missing or misplaced moves this by tens. */
    g_assert_cmpfloat (sum, <, 2.5);
    cairo_surface_destroy (slow);
  }

  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
}

/* Draws a few shapes the renderer itself rarely makes: sharp corners, a
 * closed outline, dashes round a corner, a translucent group. */
static void
paint_shapes (DgPainter *p)
{
  DgStrokeStyle st = { { 0.1, 0.3, 0.8, 1.0 }, 3.0, 0, 0, DG_LINE_CAP_BUTT };
  DgColor fill = { 0.9, 0.4, 0.1, 0.8 };

  dg_painter_move_to (p, 20, 20);
  dg_painter_line_to (p, 180, 40);
  dg_painter_line_to (p, 30, 90);      /* sharper than 60 degrees */
  dg_painter_line_to (p, 170, 150);
  dg_painter_stroke (p, &st);

  st.cap = DG_LINE_CAP_ROUND;
  st.width = 5;
  dg_painter_move_to (p, 220, 30);
  dg_painter_line_to (p, 380, 30);
  dg_painter_line_to (p, 300, 150);
  dg_painter_close_path (p);
  dg_painter_stroke (p, &st);

  st.width = 1.5;
  st.dash_on = 6;
  st.dash_off = 4;
  st.cap = DG_LINE_CAP_BUTT;
  dg_painter_move_to (p, 20, 180);
  dg_painter_curve_to (p, 120, 120, 280, 260, 380, 180);
  dg_painter_stroke (p, &st);

  dg_painter_begin_group (p, NULL, NULL, NULL, 0.5);
  st.dash_on = st.dash_off = 0;
  st.width = 9;
  dg_painter_move_to (p, 40, 230);
  dg_painter_line_to (p, 360, 270);
  dg_painter_stroke (p, &st);
  dg_painter_move_to (p, 40, 270);
  dg_painter_line_to (p, 360, 230);
  dg_painter_stroke (p, &st);
  dg_painter_end_group (p);

  dg_painter_move_to (p, 200, 200);
  dg_painter_line_to (p, 230, 215);
  dg_painter_line_to (p, 200, 230);
  dg_painter_close_path (p);
  dg_painter_fill (p, &fill);
  dg_painter_disc (p, 100, 250, 12.5, &fill, &st.color, 1.5);
}

static void
test_painter_shapes (void)
{
  cairo_surface_t *surfaces[2];
  guint n_far = 0;
  double sum = 0;
  const guint8 *a, *b;
  gsize size;

  for (guint i = 0; i < 2; i++)
    {
      DgPainter *painter = dg_painter_cairo_new (NULL);
      cairo_t *cr;

      surfaces[i] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
      cr = cairo_create (surfaces[i]);
      dg_painter_cairo_set_fast_path_enabled (painter, i == 0);
      dg_painter_cairo_set_target (painter, cr);
      g_assert_true (dg_painter_cairo_get_fast_path (painter) == (i == 0));
      paint_shapes (painter);
      dg_painter_cairo_set_target (painter, NULL);
      dg_painter_free (painter);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[i]);
    }

  a = cairo_image_surface_get_data (surfaces[0]);
  b = cairo_image_surface_get_data (surfaces[1]);
  size = (gsize) cairo_image_surface_get_stride (surfaces[0]) * 300;
  for (gsize i = 0; i < size; i++)
    {
      int d = abs ((int) a[i] - (int) b[i]);

      sum += d;
      n_far += d > 96;
    }
  g_test_message ("shapes: mean difference %.3f, %u bytes differ by more than 96",
                  sum / size, n_far);
  if (g_getenv ("DG_TEST_DUMP") != NULL)
    {
      g_autofree char *fp = g_strdup_printf ("%s/shapes-fast.png", g_getenv ("DG_TEST_DUMP"));
      g_autofree char *sp = g_strdup_printf ("%s/shapes-slow.png", g_getenv ("DG_TEST_DUMP"));

      cairo_surface_write_to_png (surfaces[0], fp);
      cairo_surface_write_to_png (surfaces[1], sp);
    }
  /* Mitred joints (the direct path) and round ones (Cairo) differ only on
   * the outside of the sharp corners. */
  g_assert_cmpfloat (sum / size, <, 0.5);
  g_assert_cmpuint (n_far, <, 60);
  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
}

static void
test_svg_ids (void)
{
  g_autofree char *a = dg_svg_sanitize_id ("deal-", "aws-openai");
  g_autofree char *b = dg_svg_sanitize_id (NULL, "12 monkeys/é");
  g_autofree char *c = dg_svg_sanitize_id (NULL, "");

  g_assert_cmpstr (a, ==, "deal-aws-openai");
  g_assert_cmpstr (b, ==, "_12_monkeys__");
  g_assert_cmpstr (c, ==, "_");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dealgraph/render/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("cyclic-band", test_cyclic_band);
  ADD ("kind-colours", test_kind_colours);
  ADD ("lit-cycle", test_lit_cycle);
  ADD ("plain-text", test_plain_text);
  ADD ("hit-testing", test_hit_testing);
  ADD ("both-ways-apart", test_both_ways_apart);
  ADD ("fast-path-matches-cairo", test_fast_path_matches_cairo);
  ADD ("legend-avoids-discs", test_legend_avoids_discs);
  ADD ("legend-compact", test_legend_compact);
  ADD ("fit-view", test_fit_view);
  ADD ("layers", test_layers);
  ADD ("extreme-views", test_extreme_views);
  ADD ("hostile-positions", test_hostile_positions);
  g_test_add_func ("/dealgraph/render/svg-ids", test_svg_ids);
  g_test_add_func ("/dealgraph/render/painter-shapes", test_painter_shapes);
  g_test_add_func ("/dealgraph/render/threads-same-picture", test_threads_same_picture);
  g_test_add_func ("/dealgraph/export/svg", test_export_svg);
  g_test_add_func ("/dealgraph/export/pdf-png", test_export_pdf_png);
  g_test_add_func ("/dealgraph/export/themes", test_export_themes);
  g_test_add_func ("/dealgraph/export/killed", test_export_killed);
  g_test_add_func ("/dealgraph/export/keeps-mode-and-links", test_export_keeps_mode_and_links);
  g_test_add_func ("/dealgraph/export/cli", test_cli);
  g_test_add_func ("/dealgraph/render/route-dataset", test_route_dataset);
  g_test_add_func ("/dealgraph/render/route-random", test_route_random);
  g_test_add_func ("/dealgraph/render/flow-fills-frame", test_flow_fills_frame);
  g_test_add_func ("/dealgraph/render/big-network", test_big_network);
  g_test_add_func ("/dealgraph/render/big-svg-complete", test_big_svg_complete);
  g_test_add_func ("/dealgraph/render/copy-geometry", test_copy_geometry);

  return g_test_run ();
}
