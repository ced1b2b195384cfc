/* dg-graph.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-graph"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-graph.h"

G_DEFINE_BOXED_TYPE (DgGraph, dg_graph, dg_graph_ref, dg_graph_unref)

/**
 * dg_graph_new:
 * @n_nodes: number of companies
 * @n_edges: number of deals
 * @src: (array length=n_edges): payer of each deal
 * @dst: (array length=n_edges): payee of each deal
 * @amount: (array length=n_edges) (nullable): exact amounts, NAN for undisclosed
 *
 * Builds a snapshot from plain arrays, with exact amounts (or undisclosed),
 * kind "other", status "announced" and no dates; callers may fill the other
 * per-edge arrays before use. The CSR index is built.
 *
 * Returns: (transfer full): a new graph
 */
static guint
next_serial (void)
{
  static guint last;

  return (guint) g_atomic_int_add ((int *) &last, 1) + 1;
}

DgGraph *
dg_graph_new (guint         n_nodes,
              guint         n_edges,
              const guint  *src,
              const guint  *dst,
              const double *amount)
{
  DgGraph *g = g_new0 (DgGraph, 1);

  g_atomic_ref_count_init (&g->ref_count);
  g->serial = next_serial ();
  g->n_nodes = n_nodes;
  g->n_edges = n_edges;
  g->edge_src = g_new (guint, MAX (n_edges, 1));
  g->edge_dst = g_new (guint, MAX (n_edges, 1));
  g->edge_amount_kind = g_new0 (guint8, MAX (n_edges, 1));
  g->edge_amount = g_new (double, MAX (n_edges, 1));
  g->edge_amount_min = g_new (double, MAX (n_edges, 1));
  g->edge_amount_max = g_new (double, MAX (n_edges, 1));
  g->edge_kind = g_new (guint8, MAX (n_edges, 1));
  g->edge_status = g_new (guint8, MAX (n_edges, 1));
  g->edge_date = g_new0 (gint32, MAX (n_edges, 1));
  g->out_offset = g_new0 (guint, n_nodes + 1);
  g->in_offset = g_new0 (guint, n_nodes + 1);
  g->out_edges = g_new (guint, MAX (n_edges, 1));
  g->in_edges = g_new (guint, MAX (n_edges, 1));
  g->node_kind = g_new (guint8, MAX (n_nodes, 1));
  g->node_valuation = g_new (double, MAX (n_nodes, 1));

  for (guint v = 0; v < n_nodes; v++)
    {
      g->node_kind[v] = DG_COMPANY_KIND_OTHER;
      g->node_valuation[v] = NAN;
    }

  for (guint e = 0; e < n_edges; e++)
    {
      double a = amount != NULL ? amount[e] : NAN;

      g_return_val_if_fail (src[e] < n_nodes && dst[e] < n_nodes, (dg_graph_unref (g), NULL));
      g->edge_src[e] = src[e];
      g->edge_dst[e] = dst[e];
      g->edge_amount[e] = a;
      g->edge_amount_min[e] = a;
      g->edge_amount_max[e] = a;
      g->edge_amount_kind[e] = isnan (a) ? DG_AMOUNT_UNDISCLOSED : DG_AMOUNT_EXACT;
      g->edge_kind[e] = DG_DEAL_KIND_OTHER;
      g->edge_status[e] = DG_DEAL_STATUS_ANNOUNCED;
    }

  dg_graph_build_index (g);

  return g;
}

/**
 * dg_graph_build_index:
 * @graph: a graph whose edge_src and edge_dst are filled
 *
 * (Re)builds the CSR arrays with a counting sort, O(V + E).
 */
void
dg_graph_build_index (DgGraph *g)
{
  g_autofree guint *out_fill = NULL;
  g_autofree guint *in_fill = NULL;

  memset (g->out_offset, 0, sizeof (guint) * (g->n_nodes + 1));
  memset (g->in_offset, 0, sizeof (guint) * (g->n_nodes + 1));

  for (guint e = 0; e < g->n_edges; e++)
    {
      g->out_offset[g->edge_src[e] + 1]++;
      g->in_offset[g->edge_dst[e] + 1]++;
    }
  for (guint v = 0; v < g->n_nodes; v++)
    {
      g->out_offset[v + 1] += g->out_offset[v];
      g->in_offset[v + 1] += g->in_offset[v];
    }

  out_fill = g_memdup2 (g->out_offset, sizeof (guint) * (g->n_nodes + 1));
  in_fill = g_memdup2 (g->in_offset, sizeof (guint) * (g->n_nodes + 1));
  for (guint e = 0; e < g->n_edges; e++)
    {
      g->out_edges[out_fill[g->edge_src[e]]++] = e;
      g->in_edges[in_fill[g->edge_dst[e]]++] = e;
    }
}

/**
 * dg_graph_copy:
 * @graph: a graph
 *
 * For a snapshot that differs from @graph in a few items: the caller
 * changes the copy before anyone else sees it (and rebuilds the index if
 * it moved an edge's ends).
 *
 * Returns: (transfer full): a new graph with the same contents (a serial
 *   of its own, and no origins)
 */
DgGraph *
dg_graph_copy (const DgGraph *graph)
{
  guint n = graph->n_nodes, m = MAX (graph->n_edges, 1), nv = MAX (graph->n_nodes, 1);
  DgGraph *g = g_new0 (DgGraph, 1);

  g_atomic_ref_count_init (&g->ref_count);
  g->serial = next_serial ();
  g->n_nodes = graph->n_nodes;
  g->n_edges = graph->n_edges;
  g->edge_src = g_memdup2 (graph->edge_src, sizeof (guint) * m);
  g->edge_dst = g_memdup2 (graph->edge_dst, sizeof (guint) * m);
  g->edge_amount_kind = g_memdup2 (graph->edge_amount_kind, m);
  g->edge_amount = g_memdup2 (graph->edge_amount, sizeof (double) * m);
  g->edge_amount_min = g_memdup2 (graph->edge_amount_min, sizeof (double) * m);
  g->edge_amount_max = g_memdup2 (graph->edge_amount_max, sizeof (double) * m);
  g->edge_kind = g_memdup2 (graph->edge_kind, m);
  g->edge_status = g_memdup2 (graph->edge_status, m);
  g->edge_date = g_memdup2 (graph->edge_date, sizeof (gint32) * m);
  g->out_offset = g_memdup2 (graph->out_offset, sizeof (guint) * (n + 1));
  g->in_offset = g_memdup2 (graph->in_offset, sizeof (guint) * (n + 1));
  g->out_edges = g_memdup2 (graph->out_edges, sizeof (guint) * m);
  g->in_edges = g_memdup2 (graph->in_edges, sizeof (guint) * m);
  g->node_kind = g_memdup2 (graph->node_kind, nv);
  g->node_valuation = g_memdup2 (graph->node_valuation, sizeof (double) * nv);
  return g;
}

DgGraph *
dg_graph_ref (DgGraph *g)
{
  g_return_val_if_fail (g != NULL, NULL);
  g_atomic_ref_count_inc (&g->ref_count);
  return g;
}

void
dg_graph_unref (DgGraph *g)
{
  g_return_if_fail (g != NULL);

  if (!g_atomic_ref_count_dec (&g->ref_count))
    return;

  g_free (g->edge_src);
  g_free (g->edge_dst);
  g_free (g->edge_amount_kind);
  g_free (g->edge_amount);
  g_free (g->edge_amount_min);
  g_free (g->edge_amount_max);
  g_free (g->edge_kind);
  g_free (g->edge_status);
  g_free (g->edge_date);
  g_free (g->out_offset);
  g_free (g->out_edges);
  g_free (g->in_offset);
  g_free (g->in_edges);
  g_free (g->node_kind);
  g_free (g->node_valuation);
  g_free (g->node_origin);
  g_free (g->edge_origin);
  g_free (g);
}

gsize
dg_graph_get_memory_size (const DgGraph *g)
{
  gsize per_edge = 2 * sizeof (guint) + 3 * sizeof (guint8) + 3 * sizeof (double)
                   + sizeof (gint32) + 2 * sizeof (guint);
  gsize per_node = 2 * sizeof (guint) + sizeof (guint8) + sizeof (double);

  if (g->node_origin != NULL)
    per_node += sizeof (guint);
  if (g->edge_origin != NULL)
    per_edge += sizeof (guint);
  return sizeof (DgGraph) + per_edge * g->n_edges + per_node * g->n_nodes;
}

/* splitmix64: a tiny, well-known generator; GRand would do but its stream is
 * not promised to stay the same across GLib versions, and benchmark graphs
 * must be identical everywhere. */
static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static double
uniform01 (guint64 *state)
{
  return (splitmix64 (state) >> 11) * (1.0 / 9007199254740992.0);
}

DgGraph *
dg_graph_generate_scale_free (guint   n,
                              guint   per,
                              double  reciprocal_share,
                              guint64 seed)
{
  g_autoptr(GArray) src = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) dst = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) amt = g_array_new (FALSE, FALSE, sizeof (double));
  /* Preferential attachment: pick an endpoint of a random existing deal,
   * which picks companies in proportion to their degree. */
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 state = seed;
  DgGraph *g;

  for (guint v = 1; v < n; v++)
    {
      for (guint k = 0; k < per; k++)
        {
          guint u;
          double a;

          if (ends->len == 0 || uniform01 (&state) < 0.1)
            u = (guint) (uniform01 (&state) * v);
          else
            u = g_array_index (ends, guint, (guint) (uniform01 (&state) * ends->len));
          if (u >= v)
            u = v - 1;

          a = uniform01 (&state) < 0.15 ? NAN : pow (10.0, 7.0 + 4.0 * uniform01 (&state));

          if (uniform01 (&state) < 0.5)
            {
              g_array_append_val (src, v);
              g_array_append_val (dst, u);
            }
          else
            {
              g_array_append_val (src, u);
              g_array_append_val (dst, v);
            }
          g_array_append_val (amt, a);
          g_array_append_val (ends, u);
          g_array_append_val (ends, v);

          if (uniform01 (&state) < reciprocal_share)
            {
              double b = uniform01 (&state) < 0.15 ? NAN : pow (10.0, 7.0 + 4.0 * uniform01 (&state));
              guint s = g_array_index (src, guint, src->len - 1);
              guint d = g_array_index (dst, guint, dst->len - 1);

              g_array_append_val (src, d);
              g_array_append_val (dst, s);
              g_array_append_val (amt, b);
            }
        }
    }

  g = dg_graph_new (n, src->len, (guint *) (gpointer) src->data,
                    (guint *) (gpointer) dst->data, (double *) (gpointer) amt->data);

  for (guint v = 0; v < n; v++)
    {
      g->node_kind[v] = (guint8) (splitmix64 (&state) % DG_N_COMPANY_KINDS);
      g->node_valuation[v] = uniform01 (&state) < 0.3 ? NAN : pow (10.0, 8.0 + 4.5 * uniform01 (&state));
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      g->edge_kind[e] = (guint8) (splitmix64 (&state) % DG_N_DEAL_KINDS);
      /* Every status up to completed: the benchmarks' graphs predate the
       * cancelled and stalled ones. */
      g->edge_status[e] = (guint8) (splitmix64 (&state) % (DG_DEAL_STATUS_COMPLETED + 1));
      g->edge_date[e] = (2019 + (gint32) (splitmix64 (&state) % 7)) * 10000
                        + (1 + (gint32) (splitmix64 (&state) % 12)) * 100;
    }

  return g;
}

double
dg_node_radius (double valuation)
{
  const double floor_radius = 10.0;   /* unknown, or below $100M */
  double decades;

  if (!(valuation > 1e8))
    return floor_radius;

  /* $100M -> 10, $10B -> ~17, $1T -> ~22, $5T -> ~24: area ~ log. */
  decades = MIN (log10 (valuation / 1e8), 6.0);
  return floor_radius * sqrt (1.0 + decades);
}
