/* dg-layout-circular.c: companies on one ring, cycles as arcs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order: connected pieces largest first; within a piece, its strongly
 * connected components in topological order (so most deals run clockwise);
 * within a component, a depth-first walk along the deals, so the members of
 * a cycle are neighbours on the ring and the cyclic part reads as arcs. Each
 * company gets an arc long enough for its disc and, where the ring runs
 * sideways, its label.
 */
#define G_LOG_DOMAIN "dealgraph-layout"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-layout-private.h"

static guint
uf_find (guint *parent,
         guint  v)
{
  while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
  return v;
}

typedef struct
{
  guint key1;   /* piece size, larger first */
  guint key2;   /* piece, by its smallest member */
  guint key3;   /* component, in topological order */
  guint node;
} OrderKey;

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const OrderKey *ka = a, *kb = b;

  if (ka->key1 != kb->key1)
    return ka->key1 > kb->key1 ? -1 : 1;
  if (ka->key2 != kb->key2)
    return ka->key2 < kb->key2 ? -1 : 1;
  if (ka->key3 != kb->key3)
    return ka->key3 < kb->key3 ? -1 : 1;
  return ka->node < kb->node ? -1 : ka->node > kb->node;
}

/* Depth-first order of @comp's members along deals inside it, from its
 * best-connected member. Appends to @out. */
static void
dfs_component (DgGraph     *g,
               const guint *comp,
               const guint *members,
               guint        n_members,
               guint8      *visited,
               guint       *stack_v,
               guint       *stack_pos,
               GArray      *out)
{
  guint start = members[0];
  guint best = 0;

  for (guint k = 0; k < n_members; k++)
    {
      guint v = members[k];
      guint deg = (g->out_offset[v + 1] - g->out_offset[v]) + (g->in_offset[v + 1] - g->in_offset[v]);

      if (deg > best)
        {
          best = deg;
          start = v;
        }
    }

  for (guint k = 0; k < n_members + 1; k++)
    {
      guint root = k == 0 ? start : members[k - 1];
      guint sp = 0;

      if (visited[root])
        continue;
      visited[root] = TRUE;
      g_array_append_val (out, root);
      stack_v[sp] = root;
      stack_pos[sp] = g->out_offset[root];
      sp++;
      while (sp > 0)
        {
          guint v = stack_v[sp - 1];

          if (stack_pos[sp - 1] < g->out_offset[v + 1])
            {
              guint w = g->edge_dst[g->out_edges[stack_pos[sp - 1]++]];

              if (comp[w] == comp[v] && !visited[w])
                {
                  visited[w] = TRUE;
                  g_array_append_val (out, w);
                  stack_v[sp] = w;
                  stack_pos[sp] = g->out_offset[w];
                  sp++;
                }
            }
          else
            sp--;
        }
    }
}

void
dg_layout_circular_run (DgLayout *self)
{
  DgGraph *g = self->graph;
  guint n = self->n;
  g_autofree guint *comp = NULL;
  g_autofree guint *uf = NULL;
  g_autofree guint *piece_size = NULL;
  g_autofree OrderKey *keys = NULL;
  g_autofree guint8 *visited = NULL;
  g_autofree guint *stack_v = NULL;
  g_autofree guint *stack_pos = NULL;
  g_autofree double *slot = NULL;
  g_autofree double *gap_before = NULL;
  g_autofree double *angle = NULL;
  g_autoptr(GArray) order = NULL;
  guint n_comp;
  double total = 0, radius;

  if (n == 0)
    return;
  if (n == 1)
    {
      if (!self->pinned[0])
        self->xy[0] = self->xy[1] = 0;
      return;
    }

  comp = g_new (guint, n);
  n_comp = dg_analysis_strong_components (g, NULL, comp, NULL);

  /* Connected pieces, ignoring direction. */
  uf = g_new (guint, n);
  for (guint v = 0; v < n; v++)
    uf[v] = v;
  for (guint e = 0; e < g->n_edges; e++)
    {
      guint a = uf_find (uf, g->edge_src[e]), b = uf_find (uf, g->edge_dst[e]);

      if (a != b)
        uf[MAX (a, b)] = MIN (a, b);
    }
  piece_size = g_new0 (guint, n);
  for (guint v = 0; v < n; v++)
    piece_size[uf_find (uf, v)]++;

  /* Larger pieces first; inside a piece, components in topological order
   * (Tarjan numbers them sinks first, so the larger number comes first);
   * members grouped by component. */
  keys = g_new (OrderKey, n);
  for (guint v = 0; v < n; v++)
    {
      guint root = uf_find (uf, v);

      keys[v].key1 = piece_size[root];
      keys[v].key2 = root;
      keys[v].key3 = n_comp - 1 - comp[v];
      keys[v].node = v;
    }
  qsort (keys, n, sizeof (OrderKey), compare_order);

  visited = g_new0 (guint8, n);
  stack_v = g_new (guint, n);
  stack_pos = g_new (guint, n);
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  gap_before = g_new0 (double, n);

  for (guint i = 0; i < n;)
    {
      guint j = i;
      g_autofree guint *members = NULL;
      guint first = order->len;

      while (j < n && keys[j].key2 == keys[i].key2 && keys[j].key3 == keys[i].key3)
        j++;
      members = g_new (guint, j - i);
      for (guint k = i; k < j; k++)
        members[k - i] = keys[k].node;
      dfs_component (g, comp, members, j - i, visited, stack_v, stack_pos, order);

      /* A little air between components, more between pieces, so each
       * ring segment reads as a group. */
      if (first > 0)
        gap_before[first] = keys[i].key2 != keys[i - 1].key2 ? 40.0 : (j - i > 1 || keys[i - 1].key1 > 1 ? 16.0 : 0.0);
      i = j;
    }

  slot = g_new (double, n);
  angle = g_new (double, n);

  /* Two passes: the first places companies with half a label each; the
   * second gives each the room its label needs where it sits (a label
   * points right, so it matters most at the top and bottom of the ring). */
  for (guint pass = 0; pass < 2; pass++)
    {
      double acc = 0;

      total = 0;
      for (guint k = 0; k < n; k++)
        {
          guint v = g_array_index (order, guint, k);
          double lw = self->label_width[v];
          double along = pass == 0 ? 0.5 : fabs (cos (angle[k]));

          /* cos of the angle from the top: 1 at the top and bottom. */
          slot[k] = 2 * (self->radius[v] + DG_LAYOUT_PADDING / 2) + 8.0
                    + (lw > 0 ? MAX (2 * 9.0, lw * along) : 0.0);
          total += slot[k] + gap_before[k];
        }
      for (guint k = 0; k < n; k++)
        {
          acc += gap_before[k] + slot[k] / 2;
          angle[k] = 2 * G_PI * acc / total;
          acc += slot[k] / 2;
        }
    }

  radius = total / (2 * G_PI);
  for (guint k = 0; k < n; k++)
    {
      guint v = g_array_index (order, guint, k);

      if (self->pinned[v])
        continue;
      /* Clockwise from the top. */
      self->xy[2 * v] = radius * sin (angle[k]);
      self->xy[2 * v + 1] = -radius * cos (angle[k]);
    }
}
