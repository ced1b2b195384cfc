/* dg-analysis-flow.c: max-flow (Dinic) and round-trip shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The round-trip share of a deal A -> B needs the max-flow from B back to A
 * in the graph without that deal. Every path from B to A lies inside the
 * strongly connected component of A and B (A reaches B by the deal), so each
 * flow runs on a small network holding one component only, and only cyclic
 * deals need one at all: for any other deal nothing can come back.
 *
 * Each flow also stops as soon as it reaches the deal's own amount, since
 * the share only needs min (amount, flow); and instead of copying every
 * capacity before each flow, the arcs a flow touched are logged and put back
 * afterwards, so a flow that finds its way back within a few hops costs a
 * few hops, not the size of the component.
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-analysis-private.h"

#define FAR G_MAXUINT

typedef struct
{
  guint n;            /* companies */
  guint n_pairs;      /* deals; arc 2i runs along deal i, arc 2i+1 back */
  guint *offset;      /* n + 1: arcs leaving each company */
  guint *adj;         /* 2 * n_pairs arc ids */
  guint *head;        /* per arc: the company it points to */
  double *cap;        /* per pair: the capacity of the forward arc */
  double *residual;   /* per arc */

  /* Scratch for one flow. */
  guint *level;
  guint *level_stamp;
  guint *dist_to_sink;
  guint *back_stamp;
  guint *it;
  guint *queue;
  guint *back_queue;
  guint *path;
  guint stamp;
  GArray *touched;    /* guint pair ids whose residuals changed */
} FlowNet;

/* Builds the network: @tail, @head_of and @capacity describe @n_pairs deals
 * between companies 0 .. @n-1 (no self-loops). */
static void
flow_net_init (FlowNet      *f,
               guint         n,
               guint         n_pairs,
               const guint  *tail,
               const guint  *head_of,
               const double *capacity)
{
  g_autofree guint *fill = NULL;

  f->n = n;
  f->n_pairs = n_pairs;
  f->offset = g_new0 (guint, n + 1);
  f->adj = g_new (guint, MAX (2 * n_pairs, 1));
  f->head = g_new (guint, MAX (2 * n_pairs, 1));
  f->cap = g_new (double, MAX (n_pairs, 1));
  f->residual = g_new (double, MAX (2 * n_pairs, 1));
  f->level = g_new (guint, MAX (n, 1));
  f->level_stamp = g_new0 (guint, MAX (n, 1));
  f->dist_to_sink = g_new (guint, MAX (n, 1));
  f->back_stamp = g_new0 (guint, MAX (n, 1));
  f->it = g_new (guint, MAX (n, 1));
  f->queue = g_new (guint, MAX (n, 1));
  f->back_queue = g_new (guint, MAX (n, 1));
  f->path = g_new (guint, MAX (n, 1));
  f->stamp = 0;
  f->touched = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_pairs; i++)
    {
      f->offset[tail[i] + 1]++;
      f->offset[head_of[i] + 1]++;
    }
  for (guint v = 0; v < n; v++)
    f->offset[v + 1] += f->offset[v];

  fill = g_memdup2 (f->offset, sizeof (guint) * (n + 1));
  for (guint i = 0; i < n_pairs; i++)
    {
      f->adj[fill[tail[i]]++] = 2 * i;
      f->adj[fill[head_of[i]]++] = 2 * i + 1;
      f->head[2 * i] = head_of[i];
      f->head[2 * i + 1] = tail[i];
      /* Unknown or negative capacities carry nothing. */
      f->cap[i] = capacity[i] > 0 ? capacity[i] : 0;
      f->residual[2 * i] = f->cap[i];
      f->residual[2 * i + 1] = 0;
    }
}

static void
flow_net_clear (FlowNet *f)
{
  g_free (f->offset);
  g_free (f->adj);
  g_free (f->head);
  g_free (f->cap);
  g_free (f->residual);
  g_free (f->level);
  g_free (f->level_stamp);
  g_free (f->dist_to_sink);
  g_free (f->back_stamp);
  g_free (f->it);
  g_free (f->queue);
  g_free (f->back_queue);
  g_free (f->path);
  g_array_unref (f->touched);
}

/* Puts back the residuals the last flows changed. */
static void
flow_net_restore (FlowNet *f)
{
  for (guint i = 0; i < f->touched->len; i++)
    {
      guint p = g_array_index (f->touched, guint, i);

      f->residual[2 * p] = f->cap[p];
      f->residual[2 * p + 1] = 0;
    }
  g_array_set_size (f->touched, 0);
}

static void
flow_net_set_capacity (FlowNet *f,
                       guint    pair,
                       double   capacity)
{
  f->cap[pair] = capacity > 0 ? capacity : 0;
  f->residual[2 * pair] = f->cap[pair];
  f->residual[2 * pair + 1] = 0;
}

/* The levels of a Dinic phase: every company on a shortest path from
 * @source to @sink (over arcs with room left) gets its distance from the
 * source. Found by a bidirectional breadth-first search, each step growing
 * the side with less to look at: in a small-world network the two searches
 * meet after touching a small part of what one search from the source would
 * touch before reaching the sink's level.
 *
 * A company in the forward ball gets its distance from the source; one only
 * in the backward ball gets D minus its distance to the sink, which is its
 * distance from the source when it lies on a shortest path. Others keep no
 * level. Returns D, or FAR when the sink cannot be reached. */
static guint
flow_levels (FlowNet  *f,
             guint     source,
             guint     sink,
             DgBudget *budget)
{
  guint fhead = 0;
  guint ftail = 0;
  guint bhead = 0;
  guint btail = 0;
  guint fradius = 0;
  guint bradius = 0;
  gsize fwork;
  gsize bwork;
  guint d = FAR;

  if (++f->stamp == 0)
    {
      /* Wrapped: forget every old stamp. */
      memset (f->level_stamp, 0, sizeof (guint) * f->n);
      memset (f->back_stamp, 0, sizeof (guint) * f->n);
      f->stamp = 1;
    }

  f->level_stamp[source] = f->stamp;
  f->level[source] = 0;
  f->it[source] = f->offset[source];
  f->queue[ftail++] = source;
  fwork = f->offset[source + 1] - f->offset[source];

  f->back_stamp[sink] = f->stamp;
  f->dist_to_sink[sink] = 0;
  f->it[sink] = f->offset[sink];
  f->back_queue[btail++] = sink;
  bwork = f->offset[sink + 1] - f->offset[sink];

  while (d == FAR)
    {
      if (fhead == ftail || bhead == btail)
        return FAR;

      if (fwork <= bwork)
        {
          guint end = ftail;

          /* One whole level forward, along arcs with room left. */
          fwork = 0;
          for (; fhead < end; fhead++)
            {
              guint u = f->queue[fhead];

              for (guint p = f->offset[u]; p < f->offset[u + 1]; p++)
                {
                  guint a = f->adj[p];
                  guint v = f->head[a];

                  if (dg_budget_step (budget))
                    return FAR;
                  if (!(f->residual[a] > 0))
                    continue;
                  if (f->back_stamp[v] == f->stamp)
                    d = MIN (d, fradius + 1 + f->dist_to_sink[v]);
                  if (f->level_stamp[v] == f->stamp)
                    continue;
                  f->level_stamp[v] = f->stamp;
                  f->level[v] = fradius + 1;
                  f->it[v] = f->offset[v];
                  f->queue[ftail++] = v;
                  fwork += f->offset[v + 1] - f->offset[v];
                }
            }
          fradius++;
        }
      else
        {
          guint end = btail;

          /* One whole level backward: w -> v has room when the arc a from
           * v to w, read backwards (a ^ 1), has. */
          bwork = 0;
          for (; bhead < end; bhead++)
            {
              guint v = f->back_queue[bhead];

              for (guint p = f->offset[v]; p < f->offset[v + 1]; p++)
                {
                  guint a = f->adj[p];
                  guint w = f->head[a];

                  if (dg_budget_step (budget))
                    return FAR;
                  if (!(f->residual[a ^ 1] > 0))
                    continue;
                  if (f->level_stamp[w] == f->stamp)
                    d = MIN (d, f->level[w] + 1 + bradius);
                  if (f->back_stamp[w] == f->stamp)
                    continue;
                  f->back_stamp[w] = f->stamp;
                  f->dist_to_sink[w] = bradius + 1;
                  f->it[w] = f->offset[w];
                  f->back_queue[btail++] = w;
                  bwork += f->offset[w + 1] - f->offset[w];
                }
            }
          bradius++;
        }
    }

  /* Companies only the backward search reached: level D - distance. */
  for (guint i = 0; i < btail; i++)
    {
      guint w = f->back_queue[i];

      if (f->level_stamp[w] != f->stamp && f->dist_to_sink[w] <= d)
        {
          f->level_stamp[w] = f->stamp;
          f->level[w] = d - f->dist_to_sink[w];
        }
    }
  /* The sink's level is D even when the forward search saw it first. */
  f->level_stamp[sink] = f->stamp;
  f->level[sink] = d;

  return d;
}

/* Dinic's algorithm with an iterative depth-first search for blocking flows.
 * Stops once the flow reaches @limit. Returns min (max-flow, @limit) as far
 * as it got; check budget->expired. Residuals are left changed: call
 * flow_net_restore(). */
static double
flow_run (FlowNet  *f,
          guint     source,
          guint     sink,
          double    limit,
          DgBudget *budget)
{
  double total = 0;

  if (source == sink)
    return limit;

  while (total < limit)
    {
      guint sink_level = flow_levels (f, source, sink, budget);
      guint plen = 0;
      guint u = source;

      if (sink_level == FAR)
        break;

      for (;;)
        {
          gboolean advanced = FALSE;

          if (u == sink)
            {
              double b = limit - total;
              guint k;

              for (k = 0; k < plen; k++)
                b = MIN (b, f->residual[f->path[k]]);
              for (k = 0; k < plen; k++)
                {
                  guint a = f->path[k];
                  guint pair = a / 2;

                  f->residual[a] -= b;
                  f->residual[a ^ 1] += b;
                  g_array_append_val (f->touched, pair);
                }
              total += b;
              if (total >= limit)
                break;

              /* Back up to the tail of the first arc the push filled. */
              for (k = 0; k < plen && f->residual[f->path[k]] > 0; k++)
                ;
              plen = k;
              u = k == 0 ? source : f->head[f->path[k - 1]];
              continue;
            }

          while (f->it[u] < f->offset[u + 1])
            {
              guint a = f->adj[f->it[u]];
              guint v = f->head[a];

              if (f->residual[a] > 0
                  && f->level_stamp[v] == f->stamp
                  && f->level[v] == f->level[u] + 1
                  && (v == sink || f->level[v] < sink_level))
                {
                  f->path[plen++] = a;
                  u = v;
                  advanced = TRUE;
                  break;
                }
              f->it[u]++;
            }

          if (dg_budget_step (budget))
            return MIN (total, limit);

          if (advanced)
            continue;

          /* A dead end: never enter it again in this phase. */
          if (u == source)
            break;
          f->level_stamp[u] = 0;
          plen--;
          u = plen == 0 ? source : f->head[f->path[plen - 1]];
          f->it[u]++;
        }

      if (budget->expired)
        break;
    }

  return MIN (total, limit);
}

/**
 * dg_analysis_max_flow:
 * @graph: a graph
 * @edge_mask: (nullable) (array): one byte per deal, 0 = leave the deal out
 * @capacity: (array): capacity of every deal; NAN or negative count as 0
 * @source: where the flow starts
 * @sink: where it ends
 * @limit: stop once the flow reaches this much (INFINITY: no limit)
 *
 * Dinic's max-flow, iterative throughout. Self-loops carry nothing.
 *
 * Returns: min (max-flow from @source to @sink, @limit); @limit when
 *   @source == @sink
 */
double
dg_analysis_max_flow (const DgGraph *graph,
                      const guint8  *edge_mask,
                      const double  *capacity,
                      guint          source,
                      guint          sink,
                      double         limit)
{
  g_autofree guint *tail = NULL;
  g_autofree guint *head_of = NULL;
  g_autofree double *cap = NULL;
  FlowNet f;
  DgBudget budget;
  guint n_pairs = 0;
  double flow;

  g_return_val_if_fail (graph != NULL, 0);
  g_return_val_if_fail (capacity != NULL || graph->n_edges == 0, 0);
  g_return_val_if_fail (source < graph->n_nodes && sink < graph->n_nodes, 0);

  tail = g_new (guint, MAX (graph->n_edges, 1));
  head_of = g_new (guint, MAX (graph->n_edges, 1));
  cap = g_new (double, MAX (graph->n_edges, 1));

  for (guint e = 0; e < graph->n_edges; e++)
    {
      if ((edge_mask != NULL && edge_mask[e] == 0) || graph->edge_src[e] == graph->edge_dst[e])
        continue;
      tail[n_pairs] = graph->edge_src[e];
      head_of[n_pairs] = graph->edge_dst[e];
      cap[n_pairs] = capacity[e];
      n_pairs++;
    }

  flow_net_init (&f, graph->n_nodes, n_pairs, tail, head_of, cap);
  dg_budget_init (&budget, 0);
  flow = flow_run (&f, source, sink, limit, &budget);
  flow_net_clear (&f);

  return flow;
}

/* How much of @amount comes back along the deal in @pair (from its payee to
 * its payer, without the deal itself), at most @amount. */
static double
back_flow (FlowNet  *f,
           guint     pair,
           double    amount,
           DgBudget *budget)
{
  guint payer = f->head[2 * pair + 1];
  guint payee = f->head[2 * pair];
  double direct = 0;
  double in_payer = 0;
  double out_payee = 0;
  double saved;
  double flow;

  /* Cheap bounds first: what the payee pays the payer directly already
   * comes back; and nothing can come back faster than the payee pays out or
   * the payer takes in from others. */
  for (guint p = f->offset[payee]; p < f->offset[payee + 1]; p++)
    {
      guint a = f->adj[p];

      if ((a & 1) == 0)
        {
          out_payee += f->cap[a / 2];
          if (f->head[a] == payer)
            direct += f->cap[a / 2];
        }
    }
  if (direct >= amount)
    return amount;
  for (guint p = f->offset[payer]; p < f->offset[payer + 1]; p++)
    {
      guint a = f->adj[p];

      if ((a & 1) == 1 && a / 2 != pair)
        in_payer += f->cap[a / 2];
    }
  if (!(out_payee > 0) || !(in_payer > 0))
    return 0;

  /* The flow can stop at the smaller of those two cuts: reaching it proves
   * it is the max-flow, without the last search that finds no more room. */
  saved = f->cap[pair];
  flow_net_set_capacity (f, pair, 0);
  flow = flow_run (f, payee, payer, MIN (amount, MIN (out_payee, in_payer)), budget);
  flow_net_restore (f);
  flow_net_set_capacity (f, pair, saved);

  return MIN (flow, amount);
}

static double
share_of (double back,
          double amount)
{
  if (isnan (back) || !(amount > 0))
    return NAN;
  return back / amount;
}

/* The deal's own amounts; back-flows and shares unknown for now. */
static void
deal_share_init (const DgGraph *g,
                 guint          e,
                 DgDealShare   *s)
{
  switch (g->edge_amount_kind[e])
    {
    case DG_AMOUNT_EXACT:
      s->amount_low = s->amount_high = g->edge_amount[e];
      break;
    case DG_AMOUNT_RANGE:
      s->amount_low = g->edge_amount_min[e];
      s->amount_high = g->edge_amount_max[e];
      break;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      s->amount_low = s->amount_high = NAN;
      break;
    }
  s->n_unknown = 0;
  s->back_low = s->back_high = NAN;
  s->share_low = s->share_high = NAN;
}

/* The flow networks of one strongly connected component, at the low and the
 * high ends of the amounts. */
typedef struct
{
  FlowNet low;
  FlowNet high;
  gboolean ranges;      /* some capacity differs between the two */
  guint n_unknown;      /* undisclosed deals in the component */
} Component;

/* Builds @comp from the companies @nodes (with @local mapping each to its
 * place in @nodes) and the cyclic deals @edges of one component. @pair_of
 * receives each deal's pair in the networks, G_MAXUINT for self-loops. */
static void
component_init (Component        *comp,
                const DgAnalysis *self,
                guint             n_nodes,
                const guint      *local,
                const guint      *edges,
                guint             n_edges,
                guint            *pair_of)
{
  const DgGraph *g = self->graph;
  g_autofree guint *tail = g_new (guint, MAX (n_edges, 1));
  g_autofree guint *head_of = g_new (guint, MAX (n_edges, 1));
  g_autofree double *cap_low = g_new (double, MAX (n_edges, 1));
  g_autofree double *cap_high = g_new (double, MAX (n_edges, 1));
  guint n_pairs = 0;

  comp->ranges = FALSE;
  comp->n_unknown = 0;

  for (guint i = 0; i < n_edges; i++)
    {
      guint e = edges[i];
      DgDealShare s;

      deal_share_init (g, e, &s);
      comp->n_unknown += isnan (s.amount_low);
      pair_of[i] = G_MAXUINT;
      if (g->edge_src[e] == g->edge_dst[e])
        continue;
      pair_of[i] = n_pairs;
      tail[n_pairs] = local[g->edge_src[e]];
      head_of[n_pairs] = local[g->edge_dst[e]];
      /* Undisclosed deals carry nothing we know of; n_unknown says so. */
      cap_low[n_pairs] = isnan (s.amount_low) ? 0 : s.amount_low;
      cap_high[n_pairs] = isnan (s.amount_high) ? 0 : s.amount_high;
      comp->ranges |= cap_low[n_pairs] != cap_high[n_pairs];
      n_pairs++;
    }

  flow_net_init (&comp->low, n_nodes, n_pairs, tail, head_of, cap_low);
  flow_net_init (&comp->high, n_nodes, n_pairs, tail, head_of, cap_high);
}

static void
component_clear (Component *comp)
{
  flow_net_clear (&comp->low);
  flow_net_clear (&comp->high);
}

/* Fills the back-flows and shares of the cyclic deal @e (in @pair, or
 * G_MAXUINT for a self-loop). Returns FALSE, leaving them unknown, when the
 * budget ran out. */
static gboolean
component_deal_share (Component     *comp,
                      const DgGraph *g,
                      guint          e,
                      guint          pair,
                      DgBudget      *budget,
                      DgDealShare   *s)
{
  double back_low;
  double back_high;

  deal_share_init (g, e, s);
  s->n_unknown = comp->n_unknown - (isnan (s->amount_low) ? 1 : 0);

  /* Its own amount is unknown: so is its share. */
  if (isnan (s->amount_low))
    return TRUE;

  if (pair == G_MAXUINT)
    {
      /* A self-loop: everything comes straight back. */
      back_low = s->amount_low;
      back_high = s->amount_high;
    }
  else
    {
      back_low = s->amount_low > 0 ? back_flow (&comp->low, pair, s->amount_low, budget) : 0;
      /* Without ranges in the component both networks are the same: one
       * flow does for both ends. */
      if (!comp->ranges)
        back_high = back_low;
      else
        back_high = s->amount_high > 0 ? back_flow (&comp->high, pair, s->amount_high, budget) : 0;
    }

  if (budget->expired)
    return FALSE;

  s->back_low = back_low;
  s->back_high = back_high;
  s->share_low = share_of (back_low, s->amount_low);
  s->share_high = share_of (back_high, s->amount_high);
  return TRUE;
}

/* The company's sums from its deals' shares @shares (indexed by deal). */
static void
company_share_fill (const DgAnalysis  *self,
                    guint              v,
                    const DgDealShare *shares,
                    guint              n_component_unknown,
                    guint             *mark,
                    DgCompanyShare    *cs)
{
  const DgGraph *g = self->graph;

  memset (cs, 0, sizeof *cs);

  /* A deal whose back-flow is unknown (not computed in time) makes the sums
   * NAN, which is what they are. */
  for (guint p = g->out_offset[v]; p < g->out_offset[v + 1]; p++)
    {
      guint e = g->out_edges[p];
      const DgDealShare *s = &shares[e];

      if (!self->edge_included[e])
        continue;
      mark[g->edge_dst[e]] = v + 1;
      if (isnan (s->amount_low))
        {
          cs->n_out_unknown++;
          continue;
        }
      cs->out_low += s->amount_low;
      cs->out_high += s->amount_high;
      cs->out_back_low += s->back_low;
      cs->out_back_high += s->back_high;
    }

  for (guint p = g->in_offset[v]; p < g->in_offset[v + 1]; p++)
    {
      guint e = g->in_edges[p];
      const DgDealShare *s = &shares[e];

      if (!self->edge_included[e])
        continue;
      if (isnan (s->amount_low))
        {
          cs->n_in_unknown++;
          cs->n_in_unknown_from_payees += mark[g->edge_src[e]] == v + 1;
          continue;
        }
      cs->in_low += s->amount_low;
      cs->in_high += s->amount_high;
      if (mark[g->edge_src[e]] == v + 1)
        {
          cs->in_from_payees_low += s->amount_low;
          cs->in_from_payees_high += s->amount_high;
        }
    }

  cs->out_share_low = share_of (cs->out_back_low, cs->out_low);
  cs->out_share_high = share_of (cs->out_back_high, cs->out_high);
  cs->in_share_low = share_of (cs->in_from_payees_low, cs->in_low);
  cs->in_share_high = share_of (cs->in_from_payees_high, cs->in_high);
  cs->n_component_unknown = n_component_unknown;
}

/* Starts a deal's share: a deal on no cycle gets back nothing, for sure;
 * a cyclic one is unknown until its flow is computed. */
static void
deal_share_start (const DgAnalysis *self,
                  guint             e,
                  DgDealShare      *s)
{
  deal_share_init (self->graph, e, s);
  if (!self->edge_included[e] || self->edge_cyclic[e] || isnan (s->amount_low))
    return;
  s->back_low = s->back_high = 0;
  s->share_low = share_of (0, s->amount_low);
  s->share_high = share_of (0, s->amount_high);
}

void
dg_analysis_compute_shares (DgAnalysis *self,
                            DgBudget   *budget)
{
  const DgGraph *g = self->graph;
  guint n = g->n_nodes;
  guint m = g->n_edges;
  guint nc = self->n_components;
  g_autofree guint *unknown = g_new0 (guint, MAX (nc, 1));
  g_autofree guint *node_start = g_new0 (guint, nc + 1);
  g_autofree guint *nodes = g_new (guint, MAX (n, 1));
  g_autofree guint *local = g_new (guint, MAX (n, 1));
  g_autofree guint *edge_start = g_new0 (guint, nc + 1);
  g_autofree guint *edges = g_new (guint, MAX (m, 1));
  g_autofree guint *pair_of = g_new (guint, MAX (m, 1));
  g_autofree guint *fill = NULL;
  g_autofree guint *mark = NULL;
  gboolean stopped = FALSE;

  self->deal_share = g_new (DgDealShare, MAX (m, 1));
  self->company_share = g_new0 (DgCompanyShare, MAX (n, 1));
  self->shares_limit = DG_ANALYSIS_LIMIT_NONE;
  self->n_shares_done = 0;

  for (guint e = 0; e < m; e++)
    {
      deal_share_start (self, e, &self->deal_share[e]);
      if (self->edge_cyclic[e] && isnan (self->deal_share[e].amount_low))
        unknown[self->node_component[g->edge_src[e]]]++;
    }
  /* Set now, so deals not reached in time still say it. */
  for (guint e = 0; e < m; e++)
    if (self->edge_cyclic[e])
      self->deal_share[e].n_unknown = unknown[self->node_component[g->edge_src[e]]]
                                      - (isnan (self->deal_share[e].amount_low) ? 1 : 0);

  /* Companies and cyclic deals grouped by component (counting sorts). */
  for (guint v = 0; v < n; v++)
    if (self->node_cyclic[v])
      node_start[self->node_component[v] + 1]++;
  for (guint c = 0; c < nc; c++)
    node_start[c + 1] += node_start[c];
  fill = g_memdup2 (node_start, sizeof (guint) * (nc + 1));
  for (guint v = 0; v < n; v++)
    if (self->node_cyclic[v])
      {
        guint c = self->node_component[v];

        local[v] = fill[c] - node_start[c];
        nodes[fill[c]++] = v;
      }
  g_clear_pointer (&fill, g_free);

  for (guint e = 0; e < m; e++)
    if (self->edge_cyclic[e])
      edge_start[self->node_component[g->edge_src[e]] + 1]++;
  for (guint c = 0; c < nc; c++)
    edge_start[c + 1] += edge_start[c];
  fill = g_memdup2 (edge_start, sizeof (guint) * (nc + 1));
  for (guint e = 0; e < m; e++)
    if (self->edge_cyclic[e])
      edges[fill[self->node_component[g->edge_src[e]]]++] = e;

  for (guint c = 0; c < nc && !stopped; c++)
    {
      guint n_edges = edge_start[c + 1] - edge_start[c];
      const guint *cedges = edges + edge_start[c];
      Component comp;

      if (n_edges == 0)
        continue;

      component_init (&comp, self, node_start[c + 1] - node_start[c], local,
                      cedges, n_edges, pair_of);
      g_assert (comp.n_unknown == unknown[c]);

      for (guint i = 0; i < n_edges && !stopped; i++)
        {
          guint e = cedges[i];

          if (component_deal_share (&comp, g, e, pair_of[i], budget, &self->deal_share[e]))
            self->n_shares_done++;
          else
            stopped = TRUE;
        }

      component_clear (&comp);
    }

  if (stopped)
    self->shares_limit = DG_ANALYSIS_LIMIT_TIME;

  mark = g_new0 (guint, MAX (n, 1));
  for (guint v = 0; v < n; v++)
    company_share_fill (self, v, self->deal_share,
                        self->node_cyclic[v] ? unknown[self->node_component[v]] : 0,
                        mark, &self->company_share[v]);
}

/* On-demand shares for big graphs, where the analysis ran out of time. */

typedef struct
{
  guint *nodes;
  guint *local;
  guint *edges;
  guint *pair_of;
  guint n_nodes;
  guint n_edges;
  Component comp;
} OneComponent;

static void
one_component_init (OneComponent     *oc,
                    const DgAnalysis *self,
                    guint             c)
{
  const DgGraph *g = self->graph;

  oc->nodes = g_new (guint, MAX (g->n_nodes, 1));
  oc->local = g_new (guint, MAX (g->n_nodes, 1));
  oc->edges = g_new (guint, MAX (g->n_edges, 1));
  oc->pair_of = g_new (guint, MAX (g->n_edges, 1));
  oc->n_nodes = 0;
  oc->n_edges = 0;

  for (guint v = 0; v < g->n_nodes; v++)
    if (self->node_component[v] == c)
      {
        oc->local[v] = oc->n_nodes;
        oc->nodes[oc->n_nodes++] = v;
      }
  for (guint e = 0; e < g->n_edges; e++)
    if (self->edge_cyclic[e] && self->node_component[g->edge_src[e]] == c)
      oc->edges[oc->n_edges++] = e;

  component_init (&oc->comp, self, oc->n_nodes, oc->local, oc->edges, oc->n_edges, oc->pair_of);
}

static void
one_component_clear (OneComponent *oc)
{
  component_clear (&oc->comp);
  g_free (oc->nodes);
  g_free (oc->local);
  g_free (oc->edges);
  g_free (oc->pair_of);
}

/* The place of cyclic deal @e in @oc->edges (sorted by deal index). */
static guint
one_component_find (const OneComponent *oc,
                    guint               e)
{
  guint lo = 0;
  guint hi = oc->n_edges;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (oc->edges[mid] < e)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert (lo < oc->n_edges && oc->edges[lo] == e);
  return lo;
}

/**
 * dg_analysis_compute_deal_share:
 * @self: an analysis
 * @edge: a deal index
 * @time_budget: seconds it may take; 0 or less for no limit
 * @share: (out caller-allocates): receives the deal's round-trip share
 *
 * Computes one deal's round-trip share now, whether or not the analysis
 * computed shares (or finished them in time): for the side panel of a big
 * graph. Builds the flow network of the deal's component, so it costs about
 * the size of that component plus one max-flow. Does not change @self.
 *
 * Returns: %FALSE when the time budget ran out (the share is then unknown)
 */
gboolean
dg_analysis_compute_deal_share (DgAnalysis  *self,
                                guint        edge,
                                double       time_budget,
                                DgDealShare *share)
{
  OneComponent oc;
  DgBudget budget;
  gboolean done;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (edge < self->graph->n_edges, FALSE);
  g_return_val_if_fail (share != NULL, FALSE);

  if (!self->edge_cyclic[edge])
    {
      deal_share_start (self, edge, share);
      return TRUE;
    }

  dg_budget_init (&budget, time_budget);
  one_component_init (&oc, self, self->node_component[self->graph->edge_src[edge]]);
  done = component_deal_share (&oc.comp, self->graph, edge,
                               oc.pair_of[one_component_find (&oc, edge)], &budget, share);
  one_component_clear (&oc);

  return done;
}

/**
 * dg_analysis_compute_company_share:
 * @self: an analysis
 * @node: a company index
 * @time_budget: seconds it may take; 0 or less for no limit
 * @share: (out caller-allocates): receives the company's round-trip shares
 *
 * Computes one company's shares now, with a max-flow for each of its cyclic
 * outgoing deals, as dg_analysis_compute_deal_share() does for one deal.
 * Does not change @self.
 *
 * Returns: %FALSE when the time budget ran out (sums then NAN)
 */
gboolean
dg_analysis_compute_company_share (DgAnalysis     *self,
                                   guint           node,
                                   double          time_budget,
                                   DgCompanyShare *share)
{
  const DgGraph *g;
  g_autofree DgDealShare *shares = NULL;
  g_autofree guint *mark = NULL;
  OneComponent oc;
  DgBudget budget;
  gboolean done = TRUE;
  guint n_unknown = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node < self->graph->n_nodes, FALSE);
  g_return_val_if_fail (share != NULL, FALSE);

  g = self->graph;
  dg_budget_init (&budget, time_budget);
  /* Indexed by deal, but only this company's deals are read. */
  shares = g_new (DgDealShare, MAX (g->n_edges, 1));
  mark = g_new0 (guint, MAX (g->n_nodes, 1));

  for (guint p = g->out_offset[node]; p < g->out_offset[node + 1]; p++)
    deal_share_start (self, g->out_edges[p], &shares[g->out_edges[p]]);
  for (guint p = g->in_offset[node]; p < g->in_offset[node + 1]; p++)
    deal_share_start (self, g->in_edges[p], &shares[g->in_edges[p]]);

  if (self->node_cyclic[node])
    {
      one_component_init (&oc, self, self->node_component[node]);
      n_unknown = oc.comp.n_unknown;
      for (guint p = g->out_offset[node]; p < g->out_offset[node + 1] && done; p++)
        {
          guint e = g->out_edges[p];

          if (self->edge_cyclic[e])
            done = component_deal_share (&oc.comp, g, e, oc.pair_of[one_component_find (&oc, e)],
                                         &budget, &shares[e]);
        }
      one_component_clear (&oc);
    }

  company_share_fill (self, node, shares, n_unknown, mark, share);
  return done;
}
