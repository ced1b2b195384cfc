/* dg-analysis-scc.c: strongly connected components, iterative Tarjan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#include "dg-analysis-private.h"

#define UNASSIGNED G_MAXUINT

/**
 * dg_analysis_strong_components:
 * @graph: a graph
 * @edge_mask: (nullable) (array): one byte per deal, 0 = leave the deal out
 * @component: (out caller-allocates) (array): receives the component id of
 *   every company (0 .. n-1, in the order Tarjan completes them: a component
 *   only has deals into components with smaller ids)
 * @edge_cyclic: (out caller-allocates) (array) (nullable): receives 1 for
 *   every deal left in whose two ends share a component (a self-loop
 *   included), else 0
 *
 * Tarjan's algorithm with an explicit stack instead of recursion, so a chain
 * of a million deals needs no deep C stack. O(V + E) time, five words of
 * scratch per company.
 *
 * Returns: the number of components
 */
guint
dg_analysis_strong_components (const DgGraph *graph,
                               const guint8  *edge_mask,
                               guint         *component,
                               guint8        *edge_cyclic)
{
  guint n;
  g_autofree guint *index = NULL;
  g_autofree guint *low = NULL;
  g_autofree guint *pos = NULL;
  g_autofree guint *stack = NULL;
  g_autofree guint *calls = NULL;
  const guint *out_offset;
  const guint *out_edges;
  const guint *edge_dst;
  guint counter = 0;
  guint n_components = 0;

  g_return_val_if_fail (graph != NULL, 0);
  g_return_val_if_fail (component != NULL || graph->n_nodes == 0, 0);

  n = graph->n_nodes;
  out_offset = graph->out_offset;
  out_edges = graph->out_edges;
  edge_dst = graph->edge_dst;

  /* index[v] == 0: not visited yet. A visited company is on the Tarjan
   * stack exactly while its component is still UNASSIGNED. */
  index = g_new0 (guint, MAX (n, 1));
  low = g_new (guint, MAX (n, 1));
  pos = g_new (guint, MAX (n, 1));
  stack = g_new (guint, MAX (n, 1));
  calls = g_new (guint, MAX (n, 1));

  for (guint v = 0; v < n; v++)
    component[v] = UNASSIGNED;

  for (guint root = 0; root < n; root++)
    {
      guint sp = 0;
      guint cp = 0;

      if (index[root] != 0)
        continue;

      index[root] = low[root] = ++counter;
      pos[root] = out_offset[root];
      stack[sp++] = root;
      calls[cp++] = root;

      while (cp > 0)
        {
          guint v = calls[cp - 1];
          guint p = pos[v];
          guint end = out_offset[v + 1];
          gboolean descended = FALSE;

          while (p < end)
            {
              guint e = out_edges[p++];
              guint w;

              if (edge_mask != NULL && edge_mask[e] == 0)
                continue;

              w = edge_dst[e];
              if (index[w] == 0)
                {
                  pos[v] = p;
                  index[w] = low[w] = ++counter;
                  pos[w] = out_offset[w];
                  stack[sp++] = w;
                  calls[cp++] = w;
                  descended = TRUE;
                  break;
                }
              if (component[w] == UNASSIGNED && index[w] < low[v])
                low[v] = index[w];
            }

          if (descended)
            continue;

          cp--;
          if (low[v] == index[v])
            {
              guint w;

              do
                {
                  w = stack[--sp];
                  component[w] = n_components;
                }
              while (w != v);
              n_components++;
            }
          if (cp > 0)
            {
              guint u = calls[cp - 1];

              if (low[v] < low[u])
                low[u] = low[v];
            }
        }
    }

  if (edge_cyclic != NULL)
    {
      const guint *edge_src = graph->edge_src;

      for (guint e = 0; e < graph->n_edges; e++)
        edge_cyclic[e] = (edge_mask == NULL || edge_mask[e] != 0)
                         && component[edge_src[e]] == component[edge_dst[e]];
    }

  return n_components;
}
