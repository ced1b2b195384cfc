/* dg-analysis-routes.c: the cycles found, sorted and grouped by route
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A route is the sequence of companies a cycle passes. Parallel deals make
 * several cycles on one route ("NVIDIA -> CoreWeave -> NVIDIA" by three
 * pairs of deals); a reader thinks in routes, so the analysis groups them.
 *
 * One rule decides where a route, and every cycle on it, is written from
 * (docs/analysis.md, "Where a cycle starts"): the payer of the route's
 * opening hop. A hop is every deal from one company of the route to the
 * next; the opening hop is the one whose deals include the kind that best
 * opens a story (an investment, then an equity warrant, then a joint
 * venture or backstop, then anything else), then the one with the largest
 * disclosed total (high end, then low end), then the one whose payer has the
 * smallest index. Money goes in, then comes back: "Amazon -> OpenAI ->
 * Amazon", $10B in, $38B back.
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-analysis-private.h"

/* The included deals from one company of a route to the next. */
typedef struct
{
  double lo;            /* sum of the disclosed low ends */
  double hi;            /* sum of the disclosed high ends */
  guint n_known;
  guint n_undisclosed;
  guint rank;           /* the best opening rank among its deals */
} Hop;

/* Lower ranks open a story better: the money that goes in (an investment)
 * before the money that comes back (the purchases). */
static guint
opening_rank (guint kind)
{
  switch (kind)
    {
    case DG_DEAL_KIND_INVESTMENT:      return 0;
    case DG_DEAL_KIND_EQUITY_WARRANT:  return 1;
    case DG_DEAL_KIND_JOINT_VENTURE:
    case DG_DEAL_KIND_BACKSTOP:        return 2;
    default:                           return 3;
    }
}

/* The deals from @from to @to, by index: whichever of the two lists is
 * shorter, the payer's deals out or the payee's deals in (a hub has
 * thousands on one side). Both lists are sorted by deal index. */
static void
hop_deals (const DgGraph *g,
           guint          from,
           guint          to,
           const guint  **list,
           guint         *n)
{
  guint n_out = g->out_offset[from + 1] - g->out_offset[from];
  guint n_in = g->in_offset[to + 1] - g->in_offset[to];

  if (n_out <= n_in)
    {
      *list = g->out_edges + g->out_offset[from];
      *n = n_out;
    }
  else
    {
      *list = g->in_edges + g->in_offset[to];
      *n = n_in;
    }
}

static void
hop_measure (const DgGraph *g,
             const guint8  *included,
             guint          from,
             guint          to,
             Hop           *hop)
{
  const guint *list;
  guint n;

  memset (hop, 0, sizeof *hop);
  hop->rank = G_MAXUINT;

  hop_deals (g, from, to, &list, &n);
  for (guint p = 0; p < n; p++)
    {
      guint e = list[p];

      if (g->edge_src[e] != from || g->edge_dst[e] != to || !included[e])
        continue;
      hop->rank = MIN (hop->rank, opening_rank (g->edge_kind[e]));
      if (g->edge_amount_kind[e] == DG_AMOUNT_UNDISCLOSED)
        hop->n_undisclosed++;
      else
        {
          hop->lo += g->edge_amount_min[e];
          hop->hi += g->edge_amount_max[e];
          hop->n_known++;
        }
    }
}

/* A hop's total as an amount: unknown with nothing disclosed; open above
 * (max = +INFINITY) when undisclosed deals could add to it. A sum that
 * overflows is +INFINITY at both ends. */
static void
hop_amount (const Hop *hop,
            DgAmount  *amount)
{
  if (hop->n_known == 0)
    {
      amount->kind = DG_AMOUNT_UNDISCLOSED;
      amount->value = amount->min = amount->max = NAN;
      return;
    }
  amount->min = hop->lo;
  amount->max = hop->n_undisclosed > 0 ? INFINITY : hop->hi;
  amount->kind = amount->min == amount->max ? DG_AMOUNT_EXACT : DG_AMOUNT_RANGE;
  amount->value = isinf (amount->max) ? amount->min : amount->max;
}

/* The most that can go round a route using all its parallel deals: the
 * smallest hop total. Unknown when a hop has nothing disclosed, as for a
 * cycle through an undisclosed deal; open above when every hop that could
 * be the smallest has undisclosed deals. */
static void
route_amount (const Hop *hops,
              guint      n,
              DgAmount  *amount)
{
  double lo = INFINITY;
  double hi = INFINITY;

  for (guint k = 0; k < n; k++)
    {
      if (hops[k].n_known == 0)
        {
          amount->kind = DG_AMOUNT_UNDISCLOSED;
          amount->value = amount->min = amount->max = NAN;
          return;
        }
      lo = MIN (lo, hops[k].lo);
      if (hops[k].n_undisclosed == 0)
        hi = MIN (hi, hops[k].hi);
    }
  /* Undisclosed amounts are at least 0: the true total of a hop is at
   * least its disclosed one, so the smallest is at least lo. */
  amount->min = lo;
  amount->max = MAX (hi, lo);
  amount->kind = amount->min == amount->max ? DG_AMOUNT_EXACT : DG_AMOUNT_RANGE;
  amount->value = isinf (amount->max) ? amount->min : amount->max;
}

/* Which hop a route starts at; see the top of the file. */
static guint
opening_hop (const DgGraph *g,
             const guint   *nodes,
             const Hop     *hops,
             guint          n)
{
  guint best = 0;

  for (guint k = 1; k < n; k++)
    {
      const Hop *a = &hops[k];
      const Hop *b = &hops[best];

      if (a->rank != b->rank)
        {
          if (a->rank < b->rank)
            best = k;
          continue;
        }
      if (a->hi != b->hi)
        {
          if (a->hi > b->hi)
            best = k;
          continue;
        }
      if (a->lo != b->lo)
        {
          if (a->lo > b->lo)
            best = k;
          continue;
        }
      if (nodes[k] < nodes[best])
        best = k;
    }
  return best;
}

/* The smallest amount on the cycle: what can go all the way round. */
static void
round_trip_amount (const DgGraph *g,
                   const guint   *edges,
                   guint          n_edges,
                   DgAmount      *amount)
{
  double lo = INFINITY;
  double hi = INFINITY;

  for (guint k = 0; k < n_edges; k++)
    {
      guint e = edges[k];

      switch (g->edge_amount_kind[e])
        {
        case DG_AMOUNT_EXACT:
          lo = MIN (lo, g->edge_amount[e]);
          hi = MIN (hi, g->edge_amount[e]);
          break;
        case DG_AMOUNT_RANGE:
          lo = MIN (lo, g->edge_amount_min[e]);
          hi = MIN (hi, g->edge_amount_max[e]);
          break;
        case DG_AMOUNT_UNDISCLOSED:
        default:
          /* Unknown is not zero: the whole round trip is unknown. */
          amount->kind = DG_AMOUNT_UNDISCLOSED;
          amount->value = amount->min = amount->max = NAN;
          return;
        }
    }

  amount->kind = lo == hi ? DG_AMOUNT_EXACT : DG_AMOUNT_RANGE;
  amount->value = hi;
  amount->min = lo;
  amount->max = hi;
}

/* Known amounts first; larger first, by the high end (the low end when
 * nothing bounds it above), then the low end. 0 when they tie. */
static int
compare_amounts (const DgAmount *a,
                 const DgAmount *b)
{
  gboolean ka = a->kind != DG_AMOUNT_UNDISCLOSED;
  gboolean kb = b->kind != DG_AMOUNT_UNDISCLOSED;
  double ha, hb;

  if (ka != kb)
    return ka ? -1 : 1;
  if (!ka)
    return 0;
  ha = isinf (a->max) ? a->min : a->max;
  hb = isinf (b->max) ? b->min : b->max;
  if (ha != hb)
    return ha > hb ? -1 : 1;
  if (a->min != b->min)
    return a->min > b->min ? -1 : 1;
  return 0;
}

typedef struct
{
  const guint *offset;
  const guint *seq;      /* deals (cycles) or companies (routes) */
  const DgAmount *amount;
} SortContext;

static int
compare_sequences (const SortContext *ctx,
                   guint              i,
                   guint              j)
{
  guint li = ctx->offset[i + 1] - ctx->offset[i];
  guint lj = ctx->offset[j + 1] - ctx->offset[j];

  if (li != lj)
    return li < lj ? -1 : 1;
  for (guint k = 0; k < li; k++)
    {
      guint a = ctx->seq[ctx->offset[i] + k];
      guint b = ctx->seq[ctx->offset[j] + k];

      if (a != b)
        return a < b ? -1 : 1;
    }
  return 0;
}

/* The listing order, for cycles and routes alike: by amount, then shorter
 * first, then by the sequence. Total, so ties never depend on chance. */
static int
compare_listed (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SortContext *ctx = user_data;
  guint i = *(const guint *) a;
  guint j = *(const guint *) b;
  int c = compare_amounts (&ctx->amount[i], &ctx->amount[j]);

  return c != 0 ? c : compare_sequences (ctx, i, j);
}

static int
compare_by_sequence (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  return compare_sequences (user_data, *(const guint *) a, *(const guint *) b);
}

/* Fills offset[0 .. n] and the flat @index from @n_keys entries each in
 * list @key_of[i] (i in 0 .. n_items-1), keeping item order in each list. */
static void
build_index (guint        n,
             guint        n_items,
             const guint *item_offset,
             const guint *item_keys,
             guint      **offset_out,
             guint      **index_out)
{
  guint total = item_offset[n_items];
  guint *offset = g_new0 (guint, n + 1);
  guint *index = g_new (guint, MAX (total, 1));
  g_autofree guint *fill = NULL;

  for (guint p = 0; p < total; p++)
    offset[item_keys[p] + 1]++;
  for (guint v = 0; v < n; v++)
    offset[v + 1] += offset[v];

  fill = g_memdup2 (offset, sizeof (guint) * (n + 1));
  for (guint i = 0; i < n_items; i++)
    for (guint p = item_offset[i]; p < item_offset[i + 1]; p++)
      index[fill[item_keys[p]]++] = i;

  *offset_out = offset;
  *index_out = index;
}

void
dg_analysis_store_cycles (DgAnalysis  *self,
                          DgCycleList *list)
{
  const DgGraph *g = self->graph;
  guint n_cycles = list->offsets->len - 1;
  const guint *offset = (const guint *) (gpointer) list->offsets->data;
  const guint *edges = (const guint *) (gpointer) list->edges->data;
  guint total = list->edges->len;
  g_autofree guint *nodes = g_new (guint, MAX (total, 1));
  g_autofree guint *by_route = g_new (guint, MAX (n_cycles, 1));
  g_autofree guint *found_route = g_new (guint, MAX (n_cycles, 1));
  g_autofree guint *shift = NULL;
  g_autofree guint *route_seq_offset = NULL;
  g_autofree guint *route_seq = NULL;
  g_autofree DgAmount *route_amounts = NULL;
  g_autofree guint *route_order = NULL;
  g_autofree guint *route_rank = NULL;
  g_autofree guint *rotated = g_new (guint, MAX (total, 1));
  g_autofree DgAmount *amount = g_new (DgAmount, MAX (n_cycles, 1));
  g_autofree guint *order = g_new (guint, MAX (n_cycles, 1));
  SortContext ctx;
  guint n_routes = 0;
  guint k = 0;

  /* The search writes each cycle from its smallest company, so cycles on
   * one route have equal company sequences: sorting by them groups them. */
  for (guint p = 0; p < total; p++)
    nodes[p] = g->edge_src[edges[p]];
  for (guint i = 0; i < n_cycles; i++)
    by_route[i] = i;
  ctx = (SortContext) { offset, nodes, NULL };
  g_qsort_with_data (by_route, n_cycles, sizeof (guint), compare_by_sequence, &ctx);
  for (guint i = 0; i < n_cycles; i++)
    {
      if (i > 0 && compare_sequences (&ctx, by_route[i - 1], by_route[i]) != 0)
        n_routes++;
      found_route[by_route[i]] = n_routes;
    }
  if (n_cycles > 0)
    n_routes++;

  /* Each route's hops, round trip and first company. */
  route_seq_offset = g_new (guint, n_routes + 1);
  route_amounts = g_new (DgAmount, MAX (n_routes, 1));
  shift = g_new (guint, MAX (n_routes, 1));
  route_seq_offset[0] = 0;
  for (guint i = 0; i < n_cycles; i++)
    {
      guint c = by_route[i];
      guint r = found_route[c];

      if (i > 0 && found_route[by_route[i - 1]] == r)
        continue;
      route_seq_offset[r + 1] = route_seq_offset[r] + offset[c + 1] - offset[c];
    }
  route_seq = g_new (guint, MAX (route_seq_offset[n_routes], 1));
  for (guint i = 0; i < n_cycles; i++)
    {
      guint c = by_route[i];
      guint r = found_route[c];
      guint len = offset[c + 1] - offset[c];
      g_autofree Hop *hops = NULL;
      guint f;

      if (i > 0 && found_route[by_route[i - 1]] == r)
        continue;

      hops = g_new (Hop, len);
      for (guint h = 0; h < len; h++)
        hop_measure (g, self->edge_included, nodes[offset[c] + h], nodes[offset[c] + (h + 1) % len], &hops[h]);
      route_amount (hops, len, &route_amounts[r]);
      f = opening_hop (g, nodes + offset[c], hops, len);
      shift[r] = f;
      for (guint h = 0; h < len; h++)
        route_seq[route_seq_offset[r] + h] = nodes[offset[c] + (f + h) % len];
    }

  /* Every cycle written from its route's first company. */
  for (guint c = 0; c < n_cycles; c++)
    {
      guint len = offset[c + 1] - offset[c];
      guint f = shift[found_route[c]];

      for (guint h = 0; h < len; h++)
        rotated[offset[c] + h] = edges[offset[c] + (f + h) % len];
      round_trip_amount (g, rotated + offset[c], len, &amount[c]);
      order[c] = c;
    }
  ctx = (SortContext) { offset, rotated, amount };
  g_qsort_with_data (order, n_cycles, sizeof (guint), compare_listed, &ctx);

  self->n_cycles = n_cycles;
  self->cycle_offset = g_new (guint, n_cycles + 1);
  self->cycle_edges = g_new (guint, MAX (total, 1));
  self->cycle_nodes = g_new (guint, MAX (total, 1));
  self->cycle_amount = g_new (DgAmount, MAX (n_cycles, 1));
  for (guint i = 0; i < n_cycles; i++)
    {
      guint c = order[i];

      self->cycle_offset[i] = k;
      self->cycle_amount[i] = amount[c];
      for (guint p = offset[c]; p < offset[c + 1]; p++, k++)
        {
          self->cycle_edges[k] = rotated[p];
          self->cycle_nodes[k] = g->edge_src[rotated[p]];
        }
    }
  self->cycle_offset[n_cycles] = k;

  /* Routes in the same order as cycles. */
  route_order = g_new (guint, MAX (n_routes, 1));
  route_rank = g_new (guint, MAX (n_routes, 1));
  for (guint r = 0; r < n_routes; r++)
    route_order[r] = r;
  ctx = (SortContext) { route_seq_offset, route_seq, route_amounts };
  g_qsort_with_data (route_order, n_routes, sizeof (guint), compare_listed, &ctx);

  self->n_routes = n_routes;
  self->route_offset = g_new (guint, n_routes + 1);
  self->route_nodes = g_new (guint, MAX (route_seq_offset[n_routes], 1));
  self->route_amount = g_new (DgAmount, MAX (n_routes, 1));
  k = 0;
  for (guint i = 0; i < n_routes; i++)
    {
      guint r = route_order[i];

      route_rank[r] = i;
      self->route_offset[i] = k;
      self->route_amount[i] = route_amounts[r];
      for (guint p = route_seq_offset[r]; p < route_seq_offset[r + 1]; p++)
        self->route_nodes[k++] = route_seq[p];
    }
  self->route_offset[n_routes] = k;

  self->cycle_route = g_new (guint, MAX (n_cycles, 1));
  for (guint i = 0; i < n_cycles; i++)
    self->cycle_route[i] = route_rank[found_route[order[i]]];
  {
    g_autofree guint *one = g_new (guint, n_cycles + 1);

    /* Each cycle lies on one route: an index of routes -> cycles. */
    for (guint i = 0; i <= n_cycles; i++)
      one[i] = i;
    build_index (n_routes, n_cycles, one, self->cycle_route,
                 &self->route_cycle_offset, &self->route_cycles);
  }

  /* An elementary cycle passes each company and each deal at most once, so
   * these indexes hold every cycle (route) at most once per entry, in
   * listing order. */
  build_index (g->n_nodes, n_cycles, self->cycle_offset, self->cycle_nodes,
               &self->node_cycle_offset, &self->node_cycles);
  build_index (g->n_edges, n_cycles, self->cycle_offset, self->cycle_edges,
               &self->edge_cycle_offset, &self->edge_cycles);
  build_index (g->n_nodes, n_routes, self->route_offset, self->route_nodes,
               &self->node_route_offset, &self->node_routes);
}

/**
 * dg_analysis_get_route_companies:
 * @self: an analysis
 * @route: index of a route, 0 = the largest round trip
 * @n_companies: (out): how many companies it passes (= deals on each of
 *   its cycles)
 *
 * Returns: (transfer none) (array length=n_companies): the companies in
 *   order from the route's first company; the route closes back to it
 */
const guint *
dg_analysis_get_route_companies (DgAnalysis *self,
                                 guint       route,
                                 guint      *n_companies)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (route < self->n_routes, NULL);
  g_return_val_if_fail (n_companies != NULL, NULL);

  *n_companies = self->route_offset[route + 1] - self->route_offset[route];
  return self->route_nodes + self->route_offset[route];
}

/**
 * dg_analysis_get_route_cycles:
 * @self: an analysis
 * @route: index of a route
 * @n_cycles: (out): how many of the listed cycles lie on it
 *
 * Returns: (transfer none) (array length=n_cycles): their indexes, largest
 *   round trip first
 */
const guint *
dg_analysis_get_route_cycles (DgAnalysis *self,
                              guint       route,
                              guint      *n_cycles)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (route < self->n_routes, NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);

  *n_cycles = self->route_cycle_offset[route + 1] - self->route_cycle_offset[route];
  return self->route_cycles + self->route_cycle_offset[route];
}

/**
 * dg_analysis_get_route_amount:
 * @self: an analysis
 * @route: index of a route
 *
 * The most that can go round the route using all its parallel deals: per
 * hop, the total of its deals; the smallest hop total. Undisclosed when a
 * hop has no disclosed deal; @max is +INFINITY when undisclosed deals leave
 * it open above (then it is "at least @min"); both ends +INFINITY when a
 * total overflows.
 *
 * Returns: (transfer none): the route's round trip
 */
const DgAmount *
dg_analysis_get_route_amount (DgAnalysis *self,
                              guint       route)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (route < self->n_routes, NULL);

  return &self->route_amount[route];
}

/**
 * dg_analysis_get_cycle_route:
 * @self: an analysis
 * @cycle: index of a cycle
 *
 * Returns: the index of the route the cycle lies on
 */
guint
dg_analysis_get_cycle_route (DgAnalysis *self,
                             guint       cycle)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (cycle < self->n_cycles, 0);

  return self->cycle_route[cycle];
}

/**
 * dg_analysis_get_routes_for_node:
 * @self: an analysis
 * @node: a company index
 * @n_routes: (out): how many routes pass through it
 *
 * Returns: (transfer none) (array length=n_routes): their indexes, largest
 *   round trip first
 */
const guint *
dg_analysis_get_routes_for_node (DgAnalysis *self,
                                 guint       node,
                                 guint      *n_routes)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (node < self->graph->n_nodes, NULL);
  g_return_val_if_fail (n_routes != NULL, NULL);

  *n_routes = self->node_route_offset[node + 1] - self->node_route_offset[node];
  return self->node_routes != NULL ? self->node_routes + self->node_route_offset[node] : NULL;
}

/**
 * dg_analysis_dup_route_hop_deals:
 * @self: an analysis
 * @route: index of a route
 * @hop: 0 .. length-1: the hop from the route's company @hop to the next
 * @n_deals: (out): how many deals make the hop
 *
 * Returns: (transfer full) (array length=n_deals): the deals left in by the
 *   filter from company @hop of the route to the next, by index; g_free()
 */
guint *
dg_analysis_dup_route_hop_deals (DgAnalysis *self,
                                 guint       route,
                                 guint       hop,
                                 guint      *n_deals)
{
  const DgGraph *g;
  const guint *nodes;
  guint n, from, to;
  GArray *deals;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (route < self->n_routes, NULL);
  g_return_val_if_fail (n_deals != NULL, NULL);

  g = self->graph;
  nodes = dg_analysis_get_route_companies (self, route, &n);
  g_return_val_if_fail (hop < n, NULL);
  from = nodes[hop];
  to = nodes[(hop + 1) % n];

  deals = g_array_new (FALSE, FALSE, sizeof (guint));
  {
    const guint *list;
    guint n_list;

    hop_deals (g, from, to, &list, &n_list);
    for (guint p = 0; p < n_list; p++)
      {
        guint e = list[p];

        if (g->edge_src[e] == from && g->edge_dst[e] == to && self->edge_included[e])
          g_array_append_val (deals, e);
      }
  }
  *n_deals = deals->len;
  return (guint *) (gpointer) g_array_free (deals, FALSE);
}

/**
 * dg_analysis_get_route_hop_total:
 * @self: an analysis
 * @route: index of a route
 * @hop: the hop, as for dg_analysis_dup_route_hop_deals()
 * @total: (out caller-allocates): the total of its deals: undisclosed when
 *   none is disclosed, @max +INFINITY when undisclosed deals could add to it
 */
void
dg_analysis_get_route_hop_total (DgAnalysis *self,
                                 guint       route,
                                 guint       hop,
                                 DgAmount   *total)
{
  const guint *nodes;
  guint n;
  Hop h;

  g_return_if_fail (self != NULL);
  g_return_if_fail (route < self->n_routes);
  g_return_if_fail (total != NULL);

  nodes = dg_analysis_get_route_companies (self, route, &n);
  g_return_if_fail (hop < n);
  hop_measure (self->graph, self->edge_included, nodes[hop], nodes[(hop + 1) % n], &h);
  hop_amount (&h, total);
}

/**
 * dg_analysis_count_route_combinations:
 * @self: an analysis
 * @route: index of a route
 *
 * How many cycles the route has in all: the product of its hops' numbers
 * of deals. More than dg_analysis_get_route_cycles() lists when a limit
 * stopped the search.
 *
 * Returns: the number, %G_MAXUINT64 when it does not fit
 */
guint64
dg_analysis_count_route_combinations (DgAnalysis *self,
                                      guint       route)
{
  const guint *nodes;
  guint n;
  guint64 count = 1;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (route < self->n_routes, 0);

  nodes = dg_analysis_get_route_companies (self, route, &n);
  for (guint k = 0; k < n; k++)
    {
      Hop h;
      guint64 m;

      hop_measure (self->graph, self->edge_included, nodes[k], nodes[(k + 1) % n], &h);
      m = h.n_known + h.n_undisclosed;
      if (m != 0 && count > G_MAXUINT64 / m)
        return G_MAXUINT64;
      count *= m;
    }
  return count;
}
