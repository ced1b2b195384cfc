/* dg-layout.c: the layout object, shared helpers, saved positions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-layout"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-layout-private.h"

static const char * const algorithm_names[DG_N_LAYOUT_ALGORITHMS] = {
  [DG_LAYOUT_FORCE] = "force",
  [DG_LAYOUT_CIRCULAR] = "circular",
  [DG_LAYOUT_FLOW] = "flow",
};

/**
 * dg_layout_algorithm_to_string:
 * @algorithm: a layout algorithm
 *
 * Returns: (transfer none): the name used in files and on the command line
 */
const char *
dg_layout_algorithm_to_string (DgLayoutAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < DG_N_LAYOUT_ALGORITHMS, NULL);
  return algorithm_names[algorithm];
}

/**
 * dg_layout_algorithm_from_string:
 * @name: (nullable): "force", "circular" or "flow"
 * @algorithm: (out): the algorithm named
 *
 * Returns: %TRUE when @name names a layout
 */
gboolean
dg_layout_algorithm_from_string (const char        *name,
                                 DgLayoutAlgorithm *algorithm)
{
  g_return_val_if_fail (algorithm != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < DG_N_LAYOUT_ALGORITHMS; i++)
    if (strcmp (name, algorithm_names[i]) == 0)
      {
        *algorithm = i;
        return TRUE;
      }
  return FALSE;
}

guint64
dg_layout_rand (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double
dg_layout_rand01 (guint64 *state)
{
  return (dg_layout_rand (state) >> 11) * (1.0 / 9007199254740992.0);
}

/**
 * dg_layout_new:
 * @graph: the deal network
 * @algorithm: which layout
 * @seed: seed of the initial placement (force layout only)
 *
 * Starts from nothing: every company is placed by the layout. Call
 * dg_layout_set_initial() before the first step to start from positions.
 *
 * Returns: (transfer full): a new layout that holds a reference on @graph
 */
DgLayout *
dg_layout_new (DgGraph           *graph,
               DgLayoutAlgorithm  algorithm,
               guint64            seed)
{
  DgLayout *self;
  guint n;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail ((guint) algorithm < DG_N_LAYOUT_ALGORITHMS, NULL);

  n = graph->n_nodes;
  self = g_new0 (DgLayout, 1);
  self->graph = dg_graph_ref (graph);
  self->algorithm = algorithm;
  self->seed = seed;
  self->n = n;
  self->xy = g_new0 (double, 2 * (gsize) n + 2);
  self->xy_out = g_new0 (float, 2 * (gsize) n + 2);
  self->out_dirty = TRUE;
  self->pinned = g_new0 (guint8, n + 1);
  self->has_position = g_new0 (guint8, n + 1);
  self->radius = g_new (double, n + 1);
  self->label_width = g_new0 (double, n + 1);

  for (guint v = 0; v < n; v++)
    self->radius[v] = dg_node_radius (graph->node_valuation[v]);
  /* The default export size. */
  self->frame_width = 1920;
  self->frame_height = 1080;

  return self;
}

/**
 * dg_layout_set_frame:
 * @self: a layout
 * @width: the width of the picture the layout is for, px
 * @height: its height
 *
 * The money-flow layout spreads its columns and rows to fill a picture of
 * this shape, with labels (which keep their size on screen) clear of each
 * other (default: 1920x1080, the default export). The other layouts
 * ignore it.
 */
void
dg_layout_set_frame (DgLayout *self,
                     double    width,
                     double    height)
{
  g_return_if_fail (self != NULL);

  if (width >= 50 && height >= 50 && isfinite (width) && isfinite (height))
    {
      self->frame_width = width;
      self->frame_height = height;
    }
}

/**
 * dg_layout_free:
 * @self: (transfer full) (nullable): a layout
 */
void
dg_layout_free (DgLayout *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->force, dg_layout_force_free);
  dg_layout_grid_clear (&self->grid);
  dg_graph_unref (self->graph);
  g_free (self->xy);
  g_free (self->xy_out);
  g_free (self->pinned);
  g_free (self->has_position);
  g_free (self->radius);
  g_free (self->label_width);
  g_free (self);
}

/* Pinning or moving companies after the force layout started: the
 * multilevel state refers to coarse graphs, so the run restarts on the full
 * graph from where everything is now, gently (see dg-layout-force.c). */
static void
restart_after_edit (DgLayout *self)
{
  gboolean coarse;

  if (self->algorithm != DG_LAYOUT_FORCE || !self->started)
    return;

  /* From the full graph's picture a gentle settle is enough; from a coarse
   * level's rough one the run starts hot. */
  coarse = self->force != NULL && dg_layout_force_is_coarse (self->force);

  /* Bring the positions of a coarse level down to the full graph first. */
  dg_layout_get_positions (self);
  for (guint v = 0; v < self->n; v++)
    {
      self->xy[2 * v] = self->xy_out[2 * v];
      self->xy[2 * v + 1] = self->xy_out[2 * v + 1];
      self->has_position[v] = TRUE;
    }
  g_clear_pointer (&self->force, dg_layout_force_free);
  self->started = FALSE;
  self->converged = FALSE;
  self->settle = !coarse;
}

/**
 * dg_layout_set_initial:
 * @self: a layout
 * @xy: (array) (nullable): 2 floats per company, x then y
 * @pinned: (array) (nullable): 1 for companies that must not move
 * @has_position: (array) (nullable): 1 where @xy holds a position; when
 *   %NULL, every company of @xy has one
 *
 * Starts the layout from existing positions: for animating a relayout, or
 * for a file that saved some positions. Companies without a position are
 * placed near their placed neighbours. Pinned companies keep their position
 * (a company flagged pinned but without a position is not pinned).
 */
void
dg_layout_set_initial (DgLayout     *self,
                       const float  *xy,
                       const guint8 *pinned,
                       const guint8 *has_position)
{
  g_return_if_fail (self != NULL);

  for (guint v = 0; v < self->n; v++)
    {
      gboolean has = xy != NULL && (has_position == NULL || has_position[v])
                     && isfinite (xy[2 * v]) && isfinite (xy[2 * v + 1]);

      self->has_position[v] = has;
      self->xy[2 * v] = has ? xy[2 * v] : 0.0;
      self->xy[2 * v + 1] = has ? xy[2 * v + 1] : 0.0;
      self->pinned[v] = pinned != NULL && pinned[v] && has;
    }

  g_clear_pointer (&self->force, dg_layout_force_free);
  self->started = FALSE;
  self->converged = FALSE;
  self->settle = FALSE;
  self->iterations = 0;
  self->out_dirty = TRUE;
}

/**
 * dg_layout_set_node_sizes:
 * @self: a layout
 * @radius: (array) (nullable): disc radius per company, in diagram units;
 *   %NULL keeps dg_node_radius() of the valuation
 * @label_width: (array) (nullable): width of each company's label, drawn
 *   to the right of its disc; %NULL for none
 *
 * Lets the window pass sizes it measured, so labels get room.
 */
void
dg_layout_set_node_sizes (DgLayout    *self,
                          const float *radius,
                          const float *label_width)
{
  g_return_if_fail (self != NULL);

  for (guint v = 0; v < self->n; v++)
    {
      if (radius != NULL && isfinite (radius[v]) && radius[v] >= 0)
        self->radius[v] = MIN (radius[v], 1e4);
      else
        self->radius[v] = dg_node_radius (self->graph->node_valuation[v]);
      if (label_width != NULL && isfinite (label_width[v]) && label_width[v] >= 0)
        self->label_width[v] = MIN (label_width[v], 1e4);
      else
        self->label_width[v] = 0.0;
    }
}

/**
 * dg_layout_step:
 * @self: a layout
 * @time_budget_seconds: roughly how long this call may take
 *
 * Advances the layout by whole iterations until the budget is spent (at
 * least one iteration). Positions never depend on the budget: slicing the
 * same run differently gives bit-identical positions. Circular and flow
 * layouts finish in one step.
 *
 * Returns: %TRUE once the layout has converged
 */
gboolean
dg_layout_step (DgLayout *self,
                double    time_budget_seconds)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->converged)
    return TRUE;

  deadline = g_get_monotonic_time ()
             + (gint64) (CLAMP (time_budget_seconds, 0.0, 1e6) * G_USEC_PER_SEC);
  self->started = TRUE;
  self->out_dirty = TRUE;

  switch (self->algorithm)
    {
    case DG_LAYOUT_CIRCULAR:
      dg_layout_circular_run (self);
      dg_layout_remove_overlaps (self, 20);
      self->iterations = 1;
      self->converged = TRUE;
      break;

    case DG_LAYOUT_FLOW:
      dg_layout_flow_run (self);
      dg_layout_remove_overlaps (self, 20);
      self->iterations = 1;
      self->converged = TRUE;
      break;

    case DG_LAYOUT_FORCE:
    default:
      self->converged = dg_layout_force_step (self, deadline);
      break;
    }

  return self->converged;
}

/**
 * dg_layout_run:
 * @self: a layout
 * @max_seconds: give up after this long
 *
 * Returns: %TRUE when the layout converged within @max_seconds
 */
gboolean
dg_layout_run (DgLayout *self,
               double    max_seconds)
{
  gint64 end;

  g_return_val_if_fail (self != NULL, FALSE);

  end = g_get_monotonic_time () + (gint64) (CLAMP (max_seconds, 0.0, 1e6) * G_USEC_PER_SEC);
  while (!dg_layout_step (self, 0.05))
    if (g_get_monotonic_time () >= end)
      return FALSE;
  return TRUE;
}

/**
 * dg_layout_get_positions:
 * @self: a layout
 *
 * Returns: (transfer none) (array): x0, y0, x1, y1, ... valid until the next
 *   call on @self
 */
const float *
dg_layout_get_positions (DgLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->out_dirty)
    {
      if (self->force != NULL)
        dg_layout_force_project (self);
      for (gsize i = 0; i < 2 * (gsize) self->n; i++)
        self->xy_out[i] = (float) self->xy[i];
      self->out_dirty = FALSE;
    }
  return self->xy_out;
}

guint
dg_layout_get_n_nodes (DgLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n;
}

DgLayoutAlgorithm
dg_layout_get_algorithm (DgLayout *self)
{
  g_return_val_if_fail (self != NULL, DG_LAYOUT_FORCE);
  return self->algorithm;
}

gboolean
dg_layout_get_converged (DgLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->converged;
}

/**
 * dg_layout_get_iterations:
 * @self: a layout
 *
 * Returns: the iterations made so far (force: one per simulation step at
 *   any level, plus overlap passes; circular and flow: 1)
 */
guint
dg_layout_get_iterations (DgLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->iterations;
}

/**
 * dg_layout_get_memory_size:
 * @self: a layout
 *
 * Returns: bytes the layout holds, besides the graph
 */
gsize
dg_layout_get_memory_size (DgLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof (DgLayout)
         + (gsize) self->n * (2 * sizeof (double) + 2 * sizeof (float) + 2 + 2 * sizeof (double))
         + (gsize) self->grid.n_alloc * (2 * sizeof (guint32) + 2 * sizeof (guint))
         + (gsize) self->grid.n_buckets * 2 * sizeof (guint)
         + (self->force != NULL ? dg_layout_force_memory (self->force) : 0);
}

/**
 * dg_layout_pin:
 * @self: a layout
 * @node: a company
 * @x: where it goes
 * @y: where it goes
 *
 * Puts @node at (@x, @y) and keeps it there. A force layout that had
 * converged starts again so the others settle around it.
 */
void
dg_layout_pin (DgLayout *self,
               guint     node,
               float     x,
               float     y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (node < self->n);
  g_return_if_fail (isfinite (x) && isfinite (y));

  restart_after_edit (self);
  self->xy[2 * node] = x;
  self->xy[2 * node + 1] = y;
  self->pinned[node] = TRUE;
  self->has_position[node] = TRUE;
  self->out_dirty = TRUE;
}

void
dg_layout_unpin (DgLayout *self,
                 guint     node)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (node < self->n);

  if (!self->pinned[node])
    return;
  restart_after_edit (self);
  self->pinned[node] = FALSE;
}

gboolean
dg_layout_is_pinned (DgLayout *self,
                     guint     node)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node < self->n, FALSE);
  return self->pinned[node];
}

/**
 * dg_layout_apply_to_document:
 * @self: a layout of @doc's graph
 * @doc: the document
 *
 * Writes every company's position and pinned flag, and the algorithm's
 * name, into @doc's saved layout.
 */
void
dg_layout_apply_to_document (DgLayout   *self,
                             DgDocument *doc)
{
  const float *xy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (DG_IS_DOCUMENT (doc));
  g_return_if_fail (dg_document_get_n_companies (doc) == self->n);

  xy = dg_layout_get_positions (self);
  for (guint v = 0; v < self->n; v++)
    dg_document_set_position (doc, v, xy[2 * v], xy[2 * v + 1], self->pinned[v]);
  dg_document_set_layout_algorithm (doc, dg_layout_algorithm_to_string (self->algorithm));
}

float
dg_layout_estimate_label_width (const char *name)
{
  /* About 7 px per character at 12 px, plus the gap between disc and text. */
  return name != NULL ? 6.0f + 7.0f * (float) g_utf8_strlen (name, -1) : 0.0f;
}

/**
 * dg_layout_ensure_positions:
 * @doc: a document
 * @algorithm_or_null: (nullable): a layout to run; %NULL to use the saved
 *   positions when every company has one
 * @seed: seed of the force layout
 * @xy_out: (out) (transfer full) (array): 2 floats per company
 *
 * What the exporter and the window do before drawing: the saved positions
 * when they are complete and no layout was asked for; otherwise a layout
 * (the document's saved algorithm, or force) run to the end, starting from
 * whatever positions were saved and keeping pinned companies in place.
 *
 * Returns: %TRUE on success; %FALSE when @algorithm_or_null names no layout
 *   (then @xy_out is not set)
 */
gboolean
dg_layout_ensure_positions (DgDocument  *doc,
                            const char  *algorithm_or_null,
                            guint64      seed,
                            float      **xy_out)
{
  g_autoptr(DgLayout) layout = NULL;
  g_autofree float *xy = NULL;
  g_autofree float *labels = NULL;
  g_autofree guint8 *pinned = NULL;
  g_autofree guint8 *has = NULL;
  const DgPosition *saved;
  DgLayoutAlgorithm algorithm = DG_LAYOUT_FORCE;
  guint n;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (xy_out != NULL, FALSE);

  if (algorithm_or_null != NULL
      && !dg_layout_algorithm_from_string (algorithm_or_null, &algorithm))
    return FALSE;

  n = dg_document_get_n_companies (doc);
  saved = dg_document_get_positions (doc);
  xy = g_new0 (float, 2 * (gsize) n + 2);

  if (algorithm_or_null == NULL && dg_document_has_positions (doc))
    {
      for (guint v = 0; v < n; v++)
        {
          xy[2 * v] = (float) saved[v].x;
          xy[2 * v + 1] = (float) saved[v].y;
        }
      *xy_out = g_steal_pointer (&xy);
      return TRUE;
    }

  if (algorithm_or_null == NULL)
    {
      /* A file that names a layout but lacks some positions gets that layout. */
      if (!dg_layout_algorithm_from_string (dg_document_get_layout_algorithm (doc), &algorithm))
        algorithm = DG_LAYOUT_FORCE;
    }

  pinned = g_new0 (guint8, n + 1);
  has = g_new0 (guint8, n + 1);
  labels = g_new0 (float, n + 1);
  for (guint v = 0; v < n; v++)
    {
      xy[2 * v] = (float) saved[v].x;
      xy[2 * v + 1] = (float) saved[v].y;
      has[v] = saved[v].set;
      pinned[v] = saved[v].set && saved[v].pinned;
      labels[v] = dg_layout_estimate_label_width (dg_company_get_name (dg_document_get_company (doc, v)));
    }

  layout = dg_layout_new (dg_document_get_graph (doc), algorithm, seed);
  dg_layout_set_node_sizes (layout, NULL, labels);
  dg_layout_set_initial (layout, xy, pinned, has);
  dg_layout_run (layout, 60.0);
  memcpy (xy, dg_layout_get_positions (layout), sizeof (float) * 2 * n);

  *xy_out = g_steal_pointer (&xy);
  return TRUE;
}

/* ---- springs ---------------------------------------------------------- */

typedef struct
{
  guint64 key;    /* min << 32 | max */
  guint edge;
} PairKey;

static int
compare_pair_keys (gconstpointer a,
                   gconstpointer b)
{
  const PairKey *pa = a, *pb = b;

  if (pa->key != pb->key)
    return pa->key < pb->key ? -1 : 1;
  return pa->edge < pb->edge ? -1 : pa->edge > pb->edge;
}

/* A spring's pull grows with the log of the money it carries, capped, so a
 * $100B deal pulls three times as hard as a small one and not ten thousand
 * times; an undisclosed amount counts as $1B. */
static double
spring_weight (double total)
{
  if (!(total > 0))
    total = 1e9;
  /* An overflowing sum is +inf, and log10 (inf) clamps to the cap. */
  return CLAMP (1.0 + log10 (1.0 + total / 1e9), 1.0, 3.0);
}

void
dg_layout_pairs_init (DgLayoutPairs *pairs,
                      DgGraph       *graph)
{
  g_autofree PairKey *keys = NULL;
  guint n_keys = 0;
  guint m = graph->n_edges;

  memset (pairs, 0, sizeof *pairs);
  keys = g_new (PairKey, m + 1);
  for (guint e = 0; e < m; e++)
    {
      guint a = graph->edge_src[e], b = graph->edge_dst[e];

      if (a == b)
        continue;
      keys[n_keys].key = ((guint64) MIN (a, b) << 32) | MAX (a, b);
      keys[n_keys].edge = e;
      n_keys++;
    }
  qsort (keys, n_keys, sizeof (PairKey), compare_pair_keys);

  pairs->u = g_new (guint, n_keys + 1);
  pairs->v = g_new (guint, n_keys + 1);
  pairs->w = g_new (double, n_keys + 1);

  for (guint i = 0; i < n_keys;)
    {
      guint j = i;
      double total = 0;

      for (; j < n_keys && keys[j].key == keys[i].key; j++)
        {
          double a = graph->edge_amount[keys[j].edge];

          /* Undisclosed amounts are NAN and add nothing; a pair with no
           * disclosed amount at all gets the default weight. */
          if (isfinite (a) && a > 0)
            total += a;
        }
      pairs->u[pairs->n_pairs] = (guint) (keys[i].key >> 32);
      pairs->v[pairs->n_pairs] = (guint) (keys[i].key & 0xffffffffu);
      pairs->w[pairs->n_pairs] = spring_weight (total);
      pairs->n_pairs++;
      i = j;
    }
}

void
dg_layout_pairs_clear (DgLayoutPairs *pairs)
{
  g_clear_pointer (&pairs->u, g_free);
  g_clear_pointer (&pairs->v, g_free);
  g_clear_pointer (&pairs->w, g_free);
  pairs->n_pairs = 0;
}

/* ---- overlap removal -------------------------------------------------- */

/* Half-height of the box a label needs, 12 px text plus a little air. */
#define LABEL_HALF_HEIGHT 9.0

/* The box a company needs: its padded disc and, with @labels, the label to
 * the right of it. */
static inline void
node_box (DgLayout     *self,
          const double *xy,
          guint         v,
          gboolean      labels,
          double       *l,
          double       *r,
          double       *t,
          double       *b)
{
  double rad = self->radius[v] + DG_LAYOUT_PADDING / 2;
  double lw = labels ? self->label_width[v] : 0;
  double h = lw > 0 ? MAX (rad, LABEL_HALF_HEIGHT) : rad;

  *l = xy[2 * v] - rad;
  *r = xy[2 * v] + rad + lw;
  *t = xy[2 * v + 1] - h;
  *b = xy[2 * v + 1] + h;
}

/* Separates @a and @b by @dx, @dy (from a to b); pinned ones stay. */
static void
push_apart (DgLayout *self,
            double   *xy,
            guint     a,
            guint     b,
            double    dx,
            double    dy)
{
  double sa, sb;

  if (self->pinned[a] && self->pinned[b])
    return;
  sa = self->pinned[a] ? 0.0 : self->pinned[b] ? 1.0 : 0.5;
  sb = 1.0 - sa;
  xy[2 * a] -= dx * sa;
  xy[2 * a + 1] -= dy * sa;
  xy[2 * b] += dx * sb;
  xy[2 * b + 1] += dy * sb;
}

/* A direction that depends only on the pair, for companies at one point. */
static void
pair_direction (guint   a,
                guint   b,
                double *dx,
                double *dy)
{
  guint64 s = ((guint64) MIN (a, b) << 32) ^ MAX (a, b);
  double angle = dg_layout_rand01 (&s) * 2 * G_PI;

  *dx = cos (angle) * (a < b ? 1 : -1);
  *dy = sin (angle) * (a < b ? 1 : -1);
}

/* Would @a at (@x, @y) overlap @b where it is? The same test as
 * resolve_pair() makes. */
static gboolean
overlaps_at (DgLayout     *self,
             const double *xy,
             guint         a,
             double        x,
             double        y,
             guint         b,
             gboolean      labels)
{
  double la, ra, ta, ba, lb, rb, tb, bb;
  double dx = xy[2 * a] - x, dy = xy[2 * a + 1] - y;

  node_box (self, xy, a, labels, &la, &ra, &ta, &ba);
  node_box (self, xy, b, labels, &lb, &rb, &tb, &bb);
  la -= dx; ra -= dx; ta -= dy; ba -= dy;
  if (ra <= lb || rb <= la || ba <= tb || bb <= ta)
    return FALSE;
  if (!labels || (self->label_width[a] <= 0 && self->label_width[b] <= 0))
    {
      double need = self->radius[a] + self->radius[b] + DG_LAYOUT_PADDING;
      double ex = xy[2 * b] - x, ey = xy[2 * b + 1] - y;

      return ex * ex + ey * ey < need * need;
    }
  return TRUE;
}

/* Pushes @a and @b apart by @strength of their overlap; returns TRUE when
 * they overlapped. */
static gboolean
resolve_pair (DgLayout *self,
              double   *xy,
              guint     a,
              guint     b,
              gboolean  labels,
              double    strength)
{
  double la, ra, ta, ba, lb, rb, tb, bb;
  const double slack = 0.01;

  if (!overlaps_at (self, xy, a, xy[2 * a], xy[2 * a + 1], b, labels))
    return FALSE;
  if (strength <= 0)
    return TRUE;   /* only counting */

  node_box (self, xy, a, labels, &la, &ra, &ta, &ba);
  node_box (self, xy, b, labels, &lb, &rb, &tb, &bb);

  if (!labels || (self->label_width[a] <= 0 && self->label_width[b] <= 0))
    {
      /* Two discs: along the line between the centres. */
      double dx = xy[2 * b] - xy[2 * a];
      double dy = xy[2 * b + 1] - xy[2 * a + 1];
      double need = self->radius[a] + self->radius[b] + DG_LAYOUT_PADDING;
      double d = sqrt (dx * dx + dy * dy);
      double push;

      if (d < 1e-9)
        {
          pair_direction (a, b, &dx, &dy);
          d = 0.0;
        }
      else
        {
          dx /= d;
          dy /= d;
        }
      push = (need - d) * strength + slack;
      push_apart (self, xy, a, b, dx * push, dy * push);
    }
  else
    {
      /* A label is involved: boxes, moved along the shallower overlap, which
       * is vertical for most pairs since labels are wide and short, so
       * labels stack like lines of text. */
      double px = MIN (ra, rb) - MAX (la, lb);
      double py = MIN (ba, bb) - MAX (ta, tb);

      if (px < py)
        {
          double s = (la + ra) < (lb + rb) ? 1 : (la + ra) > (lb + rb) ? -1 : (a < b ? 1 : -1);

          push_apart (self, xy, a, b, s * (px * strength + slack), 0);
        }
      else
        {
          double s = xy[2 * a + 1] < xy[2 * b + 1] ? 1 : xy[2 * a + 1] > xy[2 * b + 1] ? -1 : (a < b ? 1 : -1);

          push_apart (self, xy, a, b, 0, s * (py * strength + slack));
        }
    }
  return TRUE;
}

static inline guint
cell_hash (guint32 gx,
           guint32 gy,
           guint   mask)
{
  guint64 h = (guint64) gx * 0x9e3779b97f4a7c15ULL ^ ((guint64) gy * 0xc2b2ae3d27d4eb4fULL);

  return (guint) ((h ^ (h >> 29)) & mask);
}

/* One pass over every pair of companies whose boxes may overlap, found
 * with a hashed uniform grid of box centres whose cell is as large as the
 * largest box: two boxes can only overlap when their centres are in
 * neighbouring cells. Each node looks at its own cell and four of the eight
 * around it, so each pair of cells is met once. O(n) for evenly sized
 * boxes. Pairs are visited in a fixed order and moved at once, so the
 * result is deterministic. Returns the number of overlapping pairs met. */
guint
dg_layout_collide (DgLayout *self,
                   double   *xy,
                   guint     n,
                   gboolean  labels,
                   double    strength)
{
  static const int around[4][2] = { { 1, -1 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
  DgLayoutGrid *grid = &self->grid;
  double cell = 0, minx = G_MAXDOUBLE, miny = G_MAXDOUBLE;
  guint n_buckets = 64, mask, count = 0;

  if (n < 2)
    return 0;

  while (n_buckets < 2 * n)
    n_buckets *= 2;
  mask = n_buckets - 1;

  if (grid->n_alloc < n || grid->n_buckets < n_buckets)
    {
      grid->n_alloc = MAX (grid->n_alloc, n);
      grid->n_buckets = MAX (grid->n_buckets, n_buckets);
      grid->gx = g_renew (guint32, grid->gx, grid->n_alloc);
      grid->gy = g_renew (guint32, grid->gy, grid->n_alloc);
      grid->bucket = g_renew (guint, grid->bucket, grid->n_alloc);
      grid->nodes = g_renew (guint, grid->nodes, grid->n_alloc);
      grid->offset = g_renew (guint, grid->offset, grid->n_buckets + 1);
      grid->fill = g_renew (guint, grid->fill, grid->n_buckets + 1);
    }

  for (guint v = 0; v < n; v++)
    {
      double l, r, t, b;

      node_box (self, xy, v, labels, &l, &r, &t, &b);
      cell = MAX (cell, MAX (r - l, b - t));
      minx = MIN (minx, (l + r) / 2);
      miny = MIN (miny, (t + b) / 2);
    }

  memset (grid->offset, 0, sizeof (guint) * (n_buckets + 1));
  for (guint v = 0; v < n; v++)
    {
      double l, r, t, b;

      node_box (self, xy, v, labels, &l, &r, &t, &b);
      /* Far-flung outliers share clamped cells, which only costs time. */
      grid->gx[v] = (guint32) CLAMP (((l + r) / 2 - minx) / cell, 0.0, 1e9);
      grid->gy[v] = (guint32) CLAMP (((t + b) / 2 - miny) / cell, 0.0, 1e9) + 1;
      grid->bucket[v] = cell_hash (grid->gx[v], grid->gy[v], mask);
      grid->offset[grid->bucket[v] + 1]++;
    }
  for (guint h = 0; h < n_buckets; h++)
    grid->offset[h + 1] += grid->offset[h];
  memcpy (grid->fill, grid->offset, sizeof (guint) * (n_buckets + 1));
  for (guint v = 0; v < n; v++)
    grid->nodes[grid->fill[grid->bucket[v]]++] = v;

  for (guint a = 0; a < n; a++)
    {
      guint32 ax = grid->gx[a], ay = grid->gy[a];
      guint h = grid->bucket[a];

      for (guint k = grid->offset[h]; k < grid->offset[h + 1]; k++)
        {
          guint b = grid->nodes[k];

          if (b > a && grid->gx[b] == ax && grid->gy[b] == ay
              && resolve_pair (self, xy, a, b, labels, strength))
            count += !(self->pinned[a] && self->pinned[b]);
        }

      for (guint i = 0; i < G_N_ELEMENTS (around); i++)
        {
          guint32 cx = ax + around[i][0], cy = ay + around[i][1];

          h = cell_hash (cx, cy, mask);
          for (guint k = grid->offset[h]; k < grid->offset[h + 1]; k++)
            {
              guint b = grid->nodes[k];

              if (grid->gx[b] == cx && grid->gy[b] == cy
                  && resolve_pair (self, xy, a, b, labels, strength))
                count += !(self->pinned[a] && self->pinned[b]);
            }
        }
    }

  return count;
}

void
dg_layout_grid_clear (DgLayoutGrid *grid)
{
  g_free (grid->gx);
  g_free (grid->gy);
  g_free (grid->bucket);
  g_free (grid->nodes);
  g_free (grid->offset);
  g_free (grid->fill);
  memset (grid, 0, sizeof *grid);
}

typedef struct
{
  double cell, minx, miny;
  guint mask;
  guint *head;         /* per bucket, G_MAXUINT when empty */
  guint *next;         /* per node */
  gint64 *cx, *cy;     /* per node: its cell */
} DynGrid;

static inline guint
dyn_hash (gint64 x,
          gint64 y,
          guint  mask)
{
  return cell_hash ((guint32) (guint64) x, (guint32) (guint64) y, mask);
}

static void
dyn_cell (DynGrid  *g,
          DgLayout *self,
          double    x,
          double    y,
          guint     v,
          gboolean  labels,
          gint64   *cx,
          gint64   *cy)
{
  double l, r, t, b;

  node_box (self, self->xy, v, labels, &l, &r, &t, &b);
  l += x - self->xy[2 * v];
  r += x - self->xy[2 * v];
  t += y - self->xy[2 * v + 1];
  b += y - self->xy[2 * v + 1];
  *cx = (gint64) floor (CLAMP (((l + r) / 2 - g->minx) / g->cell, -1e15, 1e15));
  *cy = (gint64) floor (CLAMP (((t + b) / 2 - g->miny) / g->cell, -1e15, 1e15));
}

static void
dyn_insert (DynGrid *g,
            guint    v)
{
  guint h = dyn_hash (g->cx[v], g->cy[v], g->mask);

  g->next[v] = g->head[h];
  g->head[h] = v;
}

static void
dyn_remove (DynGrid *g,
            guint    v)
{
  guint h = dyn_hash (g->cx[v], g->cy[v], g->mask);
  guint *link = &g->head[h];

  while (*link != v)
    link = &g->next[*link];
  *link = g->next[v];
}

/* Does @v at (@x, @y) overlap any company in the grid? */
static gboolean
dyn_blocked (DynGrid  *g,
             DgLayout *self,
             guint     v,
             double    x,
             double    y,
             gboolean  labels)
{
  gint64 cx, cy;

  dyn_cell (g, self, x, y, v, labels, &cx, &cy);
  for (int dx = -1; dx <= 1; dx++)
    for (int dy = -1; dy <= 1; dy++)
      for (guint u = g->head[dyn_hash (cx + dx, cy + dy, g->mask)]; u != G_MAXUINT; u = g->next[u])
        if (g->cx[u] == cx + dx && g->cy[u] == cy + dy
            && overlaps_at (self, self->xy, v, x, y, u, labels))
          return TRUE;
  return FALSE;
}

/* The last resort of overlap removal, for crowds that pushing pairs apart
 * would take hundreds of passes to thin out (a hub's thousand partners):
 * of each overlapping pair the smaller company (never a pinned one) moves
 * to the nearest free spot on a spiral around where it was. Every move
 * lands clear of everything, and nothing moves twice, so afterwards no
 * two companies overlap (short of two pinned ones).
 *
 * It runs in slices (dg_layout_legalize_step()), so a layout step keeps to
 * its time budget whatever the crowd; the companies are taken in index
 * order and the clock is only read between them, so the positions do not
 * depend on how the work is sliced. A company's spiral tests every spot of
 * its first rings, up to LEGALIZE_DENSE_TESTS spots, then a few spots on
 * rings that grow by a tenth: leaving a crowd of k companies costs
 * O(log k) rings, not the O(k) spots of a full spiral. */
#define LEGALIZE_DENSE_TESTS 512
#define LEGALIZE_SPARSE_SPOTS 16

struct _DgLegalize
{
  DynGrid g;
  guint8 *move;
  gboolean labels;
  guint next;          /* the next company to look at */
  guint moved;
};

DgLegalize *
dg_layout_legalize_begin (DgLayout *self,
                          gboolean  labels)
{
  DgLegalize *l = g_new0 (DgLegalize, 1);
  DynGrid *g = &l->g;
  guint n = self->n;
  guint n_buckets = 64;

  l->labels = labels;
  l->move = g_new0 (guint8, n + 1);
  if (n < 2)
    {
      l->next = n;
      return l;
    }

  while (n_buckets < 2 * n)
    n_buckets *= 2;
  g->mask = n_buckets - 1;
  g->head = g_new (guint, n_buckets);
  g->next = g_new (guint, n);
  g->cx = g_new (gint64, n);
  g->cy = g_new (gint64, n);
  memset (g->head, 0xff, sizeof (guint) * n_buckets);
  g->minx = g->miny = G_MAXDOUBLE;
  for (guint v = 0; v < n; v++)
    {
      double l0, r, t, b;

      node_box (self, self->xy, v, labels, &l0, &r, &t, &b);
      g->cell = MAX (g->cell, MAX (r - l0, b - t));
      g->minx = MIN (g->minx, (l0 + r) / 2);
      g->miny = MIN (g->miny, (t + b) / 2);
    }
  for (guint v = 0; v < n; v++)
    {
      dyn_cell (g, self, self->xy[2 * v], self->xy[2 * v + 1], v, labels, &g->cx[v], &g->cy[v]);
      dyn_insert (g, v);
    }

  /* Who moves: of each overlapping pair, the unpinned, smaller, later one. */
  for (guint a = 0; a < n; a++)
    for (int dx = -1; dx <= 1; dx++)
      for (int dy = -1; dy <= 1; dy++)
        for (guint b = g->head[dyn_hash (g->cx[a] + dx, g->cy[a] + dy, g->mask)]; b != G_MAXUINT; b = g->next[b])
          if (b > a && g->cx[b] == g->cx[a] + dx && g->cy[b] == g->cy[a] + dy
              && overlaps_at (self, self->xy, a, self->xy[2 * a], self->xy[2 * a + 1], b, labels))
            {
              if (self->pinned[a] && self->pinned[b])
                continue;
              else if (self->pinned[a])
                l->move[b] = TRUE;
              else if (self->pinned[b])
                l->move[a] = TRUE;
              else
                l->move[self->radius[a] < self->radius[b] ? a : b] = TRUE;
            }
  return l;
}

/* Moves @v to the nearest free spot found on its spiral. */
static void
legalize_one (DgLayout   *self,
              DgLegalize *l,
              guint       v)
{
  DynGrid *g = &l->g;
  double x0 = self->xy[2 * v], y0 = self->xy[2 * v + 1];
  double step = self->radius[v] + DG_LAYOUT_PADDING / 2;
  guint64 h = v;
  double phase = dg_layout_rand01 (&h) * 2 * G_PI;
  gboolean placed = FALSE;
  gboolean dense = TRUE;
  guint tests = 0;
  double rho = 0;

  dyn_remove (g, v);
  if (!dyn_blocked (g, self, v, x0, y0, l->labels))
    placed = TRUE;   /* an earlier move made room */
  for (guint ring = 1; !placed && ring < 100000; ring++)
    {
      guint k;

      /* Every spot of the first rings; past them, a few spots a ring on
       * rings a tenth further out each time: the crowd ends somewhere,
       * and beyond it the first spot is free. */
      dense = dense && tests < LEGALIZE_DENSE_TESTS;
      rho = dense ? ring * step : MAX (rho * 1.1, rho + step);
      k = dense ? MAX (6, (guint) ceil (2 * G_PI * ring)) : LEGALIZE_SPARSE_SPOTS;
      for (guint j = 0; j < k && !placed; j++)
        {
          /* Sparse rings turn by a golden angle, so their spots do not
           * line up along a few rays. */
          double a = phase + 2 * G_PI * j / k + (dense ? 0 : ring * 2.39996);
          double x = x0 + rho * cos (a), y = y0 + rho * sin (a);

          tests++;
          if (!dyn_blocked (g, self, v, x, y, l->labels))
            {
              self->xy[2 * v] = x;
              self->xy[2 * v + 1] = y;
              placed = TRUE;
              l->moved++;
            }
        }
    }
  dyn_cell (g, self, self->xy[2 * v], self->xy[2 * v + 1], v, l->labels, &g->cx[v], &g->cy[v]);
  dyn_insert (g, v);
}

/**
 * dg_layout_legalize_step:
 * @self: a layout
 * @l: its legalization, from dg_layout_legalize_begin()
 * @deadline_usec: stop after the company being moved at this monotonic
 *   time; G_MAXINT64 for no limit
 *
 * Returns: %TRUE when every company has been looked at
 */
gboolean
dg_layout_legalize_step (DgLayout   *self,
                         DgLegalize *l,
                         gint64      deadline_usec)
{
  guint since_clock = 0;

  for (; l->next < self->n; l->next++)
    {
      if (!l->move[l->next])
        continue;
      legalize_one (self, l, l->next);
      /* The clock every 32 moves: a move costs microseconds, a clock read
       * about as much. */
      if (++since_clock == 32)
        {
          since_clock = 0;
          if (g_get_monotonic_time () >= deadline_usec)
            {
              l->next++;
              break;
            }
        }
    }
  self->out_dirty = TRUE;
  return l->next >= self->n;
}

/**
 * dg_layout_legalize_end:
 * @l: (transfer full): a legalization
 *
 * Returns: the companies it moved
 */
guint
dg_layout_legalize_end (DgLegalize *l)
{
  guint moved = l->moved;

  g_free (l->g.head);
  g_free (l->g.next);
  g_free (l->g.cx);
  g_free (l->g.cy);
  g_free (l->move);
  g_free (l);
  return moved;
}

static guint
legalize (DgLayout *self,
          gboolean  labels)
{
  DgLegalize *l = dg_layout_legalize_begin (self, labels);

  dg_layout_legalize_step (self, l, G_MAXINT64);
  return dg_layout_legalize_end (l);
}

/**
 * dg_layout_remove_overlaps:
 * @self: a layout
 * @max_passes: passes of pushing overlapping pairs apart before the
 *   remaining overlaps are cleared by moving companies to free spots
 *
 * Returns: pairs that still overlap (only pairs of pinned companies can)
 */
guint
dg_layout_remove_overlaps (DgLayout *self,
                           guint     max_passes)
{
  gboolean labels = dg_layout_label_room (self);
  guint left = 0;

  for (guint pass = 0; pass < max_passes; pass++)
    {
      left = dg_layout_collide (self, self->xy, self->n, labels, 1.0);
      if (left == 0)
        break;
    }
  if (left > 0 || max_passes == 0)
    {
      legalize (self, labels);
      left = dg_layout_count_overlaps (self, labels);
    }
  self->out_dirty = TRUE;
  return left;
}

gboolean
dg_layout_label_room (DgLayout *self)
{
  if (self->n > DG_LAYOUT_LABEL_ROOM_MAX_NODES)
    return FALSE;
  for (guint v = 0; v < self->n; v++)
    if (self->label_width[v] > 0)
      return TRUE;
  return FALSE;
}

/* Overlapping pairs, not counting pairs of pinned companies. */
guint
dg_layout_count_overlaps (DgLayout *self,
                          gboolean  labels)
{
  return dg_layout_collide (self, self->xy, self->n, labels, 0.0);
}

/**
 * dg_layout_legalize:
 * @self: a layout
 * @labels: whether label boxes count
 *
 * See legalize().
 *
 * Returns: companies moved
 */
guint
dg_layout_legalize (DgLayout *self,
                    gboolean  labels)
{
  guint moved = legalize (self, labels);

  self->out_dirty = TRUE;
  return moved;
}
