/* dg-analysis.c: the analysis result, filters, and formatting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-analysis-private.h"

G_DEFINE_BOXED_TYPE (DgAnalysis, dg_analysis, dg_analysis_ref, dg_analysis_unref)

/**
 * dg_analysis_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Sets the defaults: cycles of at most 8 companies, at most 10,000 cycles,
 * 10 seconds per phase, every deal, everything computed.
 */
void
dg_analysis_options_init (DgAnalysisOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->max_length = 8;
  options->max_cycles = 10000;
  options->time_budget = 10.0;
  options->edge_mask = NULL;
  options->flags = DG_ANALYSIS_ALL;
}

/**
 * dg_analysis_make_edge_mask:
 * @graph: a graph
 * @deal_kind_bits: the deal kinds to keep, bit k for #DgDealKind k
 *   (%DG_ANALYSIS_ALL_KINDS for all)
 * @status_bits: the statuses to keep, bit k for #DgDealStatus k
 *   (%DG_ANALYSIS_ALL_STATUSES for all)
 * @as_of_packed: keep deals announced on or before this packed date
 *   (YYYYMMDD, see dg_date_parse()); 0 for no date limit. Deals with no
 *   date are always kept: we cannot tell they are later. A date given as
 *   a year or a month only counts as its start ("2025" is kept as of
 *   2025-06-30), as the packed dates compare.
 *
 * Builds the edge mask the UI's filters stand for.
 *
 * Returns: (transfer full) (array): one byte per deal, 1 = kept; free with g_free()
 */
guint8 *
dg_analysis_make_edge_mask (const DgGraph *graph,
                            guint32        deal_kind_bits,
                            guint32        status_bits,
                            gint32         as_of_packed)
{
  guint8 *mask;

  g_return_val_if_fail (graph != NULL, NULL);

  mask = g_new (guint8, MAX (graph->n_edges, 1));
  for (guint e = 0; e < graph->n_edges; e++)
    {
      guint kind = graph->edge_kind[e];
      guint status = graph->edge_status[e];
      gint32 date = graph->edge_date[e];

      mask[e] = kind < 32 && (deal_kind_bits & (1u << kind)) != 0
                && status < 32 && (status_bits & (1u << status)) != 0
                && (as_of_packed == 0 || date == 0 || date <= as_of_packed);
    }

  return mask;
}

/**
 * dg_analysis_new:
 * @graph: the snapshot to analyse
 * @options: (nullable): what to compute and the limits; %NULL for the
 *   defaults of dg_analysis_options_init()
 *
 * Finds the strongly connected components and the cyclic deals, then (as
 * @options->flags ask) the elementary cycles within the limits, largest
 * first, and the round-trip share of every deal and company. Never blocks
 * longer than about twice the time budget; the result says which limit cut
 * which phase short.
 *
 * Returns: (transfer full): the analysis
 */
DgAnalysis *
dg_analysis_new (DgGraph                 *graph,
                 const DgAnalysisOptions *options)
{
  DgAnalysis *self;
  DgAnalysisOptions defaults;
  const guint8 *mask;
  guint n;
  guint m;
  gint64 t0;
  g_autofree guint8 *component_cyclic = NULL;

  g_return_val_if_fail (graph != NULL, NULL);

  if (options == NULL)
    {
      dg_analysis_options_init (&defaults);
      options = &defaults;
    }

  n = graph->n_nodes;
  m = graph->n_edges;
  mask = options->edge_mask;

  self = g_new0 (DgAnalysis, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->graph = dg_graph_ref (graph);
  self->options = *options;
  self->options.edge_mask = NULL;
  self->options.cancellable = NULL;

  /* Components and cyclic deals. */
  t0 = g_get_monotonic_time ();
  self->edge_included = g_new (guint8, MAX (m, 1));
  self->edge_cyclic = g_new (guint8, MAX (m, 1));
  self->node_component = g_new (guint, MAX (n, 1));
  self->node_cyclic = g_new0 (guint8, MAX (n, 1));

  if (mask != NULL)
    for (guint e = 0; e < m; e++)
      self->edge_included[e] = mask[e] != 0;
  else
    memset (self->edge_included, 1, m);

  self->n_components = dg_analysis_strong_components (graph, self->edge_included,
                                                      self->node_component,
                                                      self->edge_cyclic);

  /* A component is cyclic when it holds a cyclic deal: two or more
   * companies, or a self-loop. */
  component_cyclic = g_new0 (guint8, MAX (self->n_components, 1));
  for (guint e = 0; e < m; e++)
    {
      self->n_included_edges += self->edge_included[e];
      if (self->edge_cyclic[e])
        {
          self->n_cyclic_edges++;
          component_cyclic[self->node_component[graph->edge_src[e]]] = 1;
        }
    }
  for (guint c = 0; c < self->n_components; c++)
    self->n_cyclic_components += component_cyclic[c];
  for (guint v = 0; v < n; v++)
    {
      self->node_cyclic[v] = component_cyclic[self->node_component[v]];
      self->n_cyclic_nodes += self->node_cyclic[v];
    }
  self->components_seconds = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;

  /* Cycles. */
  if (options->flags & DG_ANALYSIS_CYCLES)
    {
      DgCycleList list;
      DgBudget budget;

      t0 = g_get_monotonic_time ();
      dg_budget_init (&budget, options->time_budget);
      budget.cancellable = options->cancellable;
      dg_analysis_find_cycles (graph, self->edge_included, self->node_component,
                               self->node_cyclic, options->max_length,
                               options->max_cycles, options->max_stored,
                               &budget, &list);
      self->cycles_limit = list.limit;
      self->cycles_length_limited = list.length_limited;
      self->cycles_longer_found = list.longer_found;
      self->cycles_starts_done = list.starts_done;
      dg_analysis_store_cycles (self, &list);
      g_array_unref (list.offsets);
      g_array_unref (list.edges);
      self->cycles_seconds = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
    }
  else
    {
      self->cycle_offset = g_new0 (guint, 1);
      self->route_offset = g_new0 (guint, 1);
      self->route_cycle_offset = g_new0 (guint, 1);
      self->node_cycle_offset = g_new0 (guint, n + 1);
      self->edge_cycle_offset = g_new0 (guint, m + 1);
      self->node_route_offset = g_new0 (guint, n + 1);
    }

  /* Round-trip shares. */
  if (options->flags & DG_ANALYSIS_SHARES)
    {
      DgBudget budget;

      t0 = g_get_monotonic_time ();
      dg_budget_init (&budget, options->time_budget);
      budget.cancellable = options->cancellable;
      dg_analysis_compute_shares (self, &budget);
      self->shares_seconds = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
    }

  return self;
}

/**
 * dg_analysis_ref:
 * @self: an analysis
 *
 * Returns: (transfer full): @self
 */
DgAnalysis *
dg_analysis_ref (DgAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * dg_analysis_unref:
 * @self: (transfer full): an analysis
 */
void
dg_analysis_unref (DgAnalysis *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->graph, dg_graph_unref);
  g_free (self->edge_included);
  g_free (self->edge_cyclic);
  g_free (self->node_component);
  g_free (self->node_cyclic);
  g_free (self->cycle_offset);
  g_free (self->cycle_edges);
  g_free (self->cycle_nodes);
  g_free (self->cycle_amount);
  g_free (self->route_offset);
  g_free (self->route_nodes);
  g_free (self->route_amount);
  g_free (self->route_cycle_offset);
  g_free (self->route_cycles);
  g_free (self->cycle_route);
  g_free (self->node_route_offset);
  g_free (self->node_routes);
  g_free (self->deal_share);
  g_free (self->company_share);
  g_free (self->node_cycle_offset);
  g_free (self->node_cycles);
  g_free (self->edge_cycle_offset);
  g_free (self->edge_cycles);
  g_free (self);
}

/**
 * dg_analysis_get_cycle_deals:
 * @self: an analysis
 * @cycle: index of a cycle, 0 = the largest
 * @n_deals: (out): number of deals on it
 *
 * Returns: (transfer none) (array length=n_deals): the deals in order, the
 *   first leaving its route's first company
 */
const guint *
dg_analysis_get_cycle_deals (DgAnalysis *self,
                             guint       cycle,
                             guint      *n_deals)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (cycle < self->n_cycles, NULL);
  g_return_val_if_fail (n_deals != NULL, NULL);

  *n_deals = self->cycle_offset[cycle + 1] - self->cycle_offset[cycle];
  return self->cycle_edges + self->cycle_offset[cycle];
}

/**
 * dg_analysis_get_cycle_companies:
 * @self: an analysis
 * @cycle: index of a cycle
 * @n_companies: (out): number of companies on it (= number of deals)
 *
 * Returns: (transfer none) (array length=n_companies): the companies in
 *   order; company k pays deal k of dg_analysis_get_cycle_deals(); the
 *   cycle closes back to the first
 */
const guint *
dg_analysis_get_cycle_companies (DgAnalysis *self,
                                 guint       cycle,
                                 guint      *n_companies)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (cycle < self->n_cycles, NULL);
  g_return_val_if_fail (n_companies != NULL, NULL);

  *n_companies = self->cycle_offset[cycle + 1] - self->cycle_offset[cycle];
  return self->cycle_nodes + self->cycle_offset[cycle];
}

/**
 * dg_analysis_get_cycle_amount:
 * @self: an analysis
 * @cycle: index of a cycle
 *
 * Returns: (transfer none): its round-trip amount: exact, a low/high range,
 *   or undisclosed (= unknown, when a deal on it is undisclosed)
 */
const DgAmount *
dg_analysis_get_cycle_amount (DgAnalysis *self,
                              guint       cycle)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (cycle < self->n_cycles, NULL);

  return &self->cycle_amount[cycle];
}

/**
 * dg_analysis_get_cycles_for_node:
 * @self: an analysis
 * @node: a company index
 * @n_cycles: (out): how many of the listed cycles pass through it
 *
 * Returns: (transfer none) (array length=n_cycles): their indexes, largest first
 */
const guint *
dg_analysis_get_cycles_for_node (DgAnalysis *self,
                                 guint       node,
                                 guint      *n_cycles)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (node < self->graph->n_nodes, NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);

  *n_cycles = self->node_cycle_offset[node + 1] - self->node_cycle_offset[node];
  return self->node_cycles != NULL ? self->node_cycles + self->node_cycle_offset[node] : NULL;
}

/**
 * dg_analysis_get_cycles_for_edge:
 * @self: an analysis
 * @edge: a deal index
 * @n_cycles: (out): how many of the listed cycles run along it
 *
 * Returns: (transfer none) (array length=n_cycles): their indexes, largest first
 */
const guint *
dg_analysis_get_cycles_for_edge (DgAnalysis *self,
                                 guint       edge,
                                 guint      *n_cycles)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (edge < self->graph->n_edges, NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);

  *n_cycles = self->edge_cycle_offset[edge + 1] - self->edge_cycle_offset[edge];
  return self->edge_cycles != NULL ? self->edge_cycles + self->edge_cycle_offset[edge] : NULL;
}

/**
 * dg_analysis_format_round_trip:
 * @amount: a round-trip amount (a cycle's or a route's)
 *
 * For reports: the C locale's figures, as dg_amount_format().
 *
 * Returns: (transfer full): `$10B`, `up to $5B`, `$1B–$5B`, `at least $5B`
 *   (a route whose undisclosed deals leave it open above), `more than
 *   $1.8e308` (a total that overflowed) or `unknown`
 */
char *
dg_analysis_format_round_trip (const DgAmount *amount)
{
  g_autofree char *low = NULL;

  g_return_val_if_fail (amount != NULL, NULL);

  if (amount->kind == DG_AMOUNT_UNDISCLOSED || isnan (amount->max) || isnan (amount->min))
    /* Translators: a round-trip amount that cannot be known because a deal
     * on the cycle is undisclosed */
    return g_strdup (_("unknown"));
  if (isinf (amount->min))
    return dg_format_money (amount->min);
  if (isinf (amount->max))
    {
      /* At least nothing says nothing. */
      if (amount->min <= 0)
        return g_strdup (_("unknown"));
      low = dg_format_money (amount->min);
      /* Translators: a round trip that undisclosed deals could make larger, e.g. "at least $5B" */
      return g_strdup_printf (_("at least %s"), low);
    }

  return dg_amount_format (amount);
}

static char *
format_percent (double share)
{
  if (share > 0 && share < 0.005)
    /* Translators: a share below one half percent */
    return g_strdup (_("<1%"));
  return g_strdup_printf ("%.0f%%", share * 100.0);
}

/**
 * dg_company_share_out_bound:
 * @share: a company's shares
 *
 * How undisclosed deals could move its out share (what can come back of
 * what it pays out): an undisclosed outgoing deal could move it either way
 * (its amount is left out of the total); other undisclosed deals in its
 * component could only carry more back.
 *
 * Returns: the bound
 */
DgShareBound
dg_company_share_out_bound (const DgCompanyShare *share)
{
  g_return_val_if_fail (share != NULL, DG_SHARE_DISCLOSED);

  if (share->n_out_unknown > 0)
    return DG_SHARE_DISCLOSED;
  if (share->n_component_unknown > 0)
    return DG_SHARE_AT_LEAST;
  return DG_SHARE_EXACT;
}

/**
 * dg_company_share_in_bound:
 * @share: a company's shares
 *
 * How undisclosed deals could move its in share (the part of what it
 * receives that comes from companies it pays): an undisclosed incoming deal
 * from a company it pays could only raise it, one from any other company
 * only lower it.
 *
 * Returns: the bound
 */
DgShareBound
dg_company_share_in_bound (const DgCompanyShare *share)
{
  g_return_val_if_fail (share != NULL, DG_SHARE_DISCLOSED);

  if (share->n_in_unknown == 0)
    return DG_SHARE_EXACT;
  if (share->n_in_unknown_from_payees == share->n_in_unknown)
    return DG_SHARE_AT_LEAST;
  if (share->n_in_unknown_from_payees == 0)
    return DG_SHARE_AT_MOST;
  return DG_SHARE_DISCLOSED;
}

/**
 * dg_analysis_share_is_known:
 * @low: share computed with the low ends of ranges (NAN: unknown)
 * @high: share computed with the high ends
 * @bound: how undisclosed deals could move it
 *
 * Returns: %FALSE when the share says nothing: both ends unknown, "at
 *   least 0%" or "at most 100%" (dg_analysis_format_share_bounded() writes
 *   "unknown" then)
 */
gboolean
dg_analysis_share_is_known (double       low,
                            double       high,
                            DgShareBound bound)
{
  double a, b;

  if (isnan (low) && isnan (high))
    return FALSE;
  a = isnan (low) ? high : isnan (high) ? low : MIN (low, high);
  b = isnan (low) ? high : isnan (high) ? low : MAX (low, high);
  if (bound == DG_SHARE_AT_LEAST)
    return a >= 0.995 || b >= 0.005;
  if (bound == DG_SHARE_AT_MOST)
    return b < 0.005 || a < 0.995;
  return TRUE;
}

/**
 * dg_analysis_format_share_bounded:
 * @low: share computed with the low ends of ranges (NAN: unknown)
 * @high: share computed with the high ends
 * @bound: how undisclosed deals could move it
 *
 * Formats a round-trip share with what undisclosed deals could do to it:
 * `26%`, `60%–100%` (the two ends of ranges, smaller first), `at least
 * 26%`, `20%–40% or more`, `at most 26%`, `26% of the disclosed amounts`,
 * or `unknown` (also for "at least 0%" and "at most 100%", which say
 * nothing).
 *
 * Returns: (transfer full): the text
 */
char *
dg_analysis_format_share_bounded (double       low,
                                  double       high,
                                  DgShareBound bound)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *text = NULL;
  gboolean range;
  double a, b;

  if (!dg_analysis_share_is_known (low, high, bound))
    return g_strdup (_("unknown"));

  /* "up to $X" has a low end of 0, which gives no share: show the other. */
  if (isnan (low))
    low = high;
  if (isnan (high))
    high = low;
  a = MIN (low, high);
  b = MAX (low, high);

  lo = format_percent (a);
  hi = format_percent (b);
  range = g_strcmp0 (lo, hi) != 0;
  if (!range)
    text = g_steal_pointer (&lo);
  else
    /* Translators: a range of shares, e.g. "60%–100%" */
    text = g_strdup_printf (_("%s–%s"), lo, hi);

  switch (bound)
    {
    case DG_SHARE_AT_LEAST:
      /* Nothing adds to 100%. */
      if (a >= 0.995)
        return g_steal_pointer (&text);
      if (!range)
        /* Translators: a share that undisclosed deals could make larger */
        return g_strdup_printf (_("at least %s"), text);
      /* Translators: a range of shares that undisclosed deals could make larger, e.g. "20%–40% or more" */
      return g_strdup_printf (_("%s or more"), text);

    case DG_SHARE_AT_MOST:
      /* Nothing takes away from 0%. */
      if (b < 0.005)
        return g_steal_pointer (&text);
      if (!range)
        /* Translators: a share that undisclosed deals could make smaller */
        return g_strdup_printf (_("at most %s"), text);
      /* Translators: a range of shares that undisclosed deals could make smaller, e.g. "20%–40% or less" */
      return g_strdup_printf (_("%s or less"), text);

    case DG_SHARE_DISCLOSED:
      /* Translators: a share of what is known, e.g. "26% of the disclosed amounts" */
      return g_strdup_printf (_("%s of the disclosed amounts"), text);

    case DG_SHARE_EXACT:
    default:
      return g_steal_pointer (&text);
    }
}

/**
 * dg_analysis_format_share:
 * @low: share computed with the low ends of ranges (NAN: unknown)
 * @high: share computed with the high ends
 * @n_unknown: undisclosed deals that could carry more money back
 *
 * Formats a deal's round-trip share: undisclosed deals elsewhere could only
 * carry more back, so with any it is a lower bound
 * (dg_analysis_format_share_bounded() with %DG_SHARE_AT_LEAST).
 *
 * Returns: (transfer full): the text
 */
char *
dg_analysis_format_share (double low,
                          double high,
                          guint  n_unknown)
{
  return dg_analysis_format_share_bounded (low, high, n_unknown > 0 ? DG_SHARE_AT_LEAST : DG_SHARE_EXACT);
}

/**
 * dg_analysis_limit_to_string:
 * @limit: a limit
 *
 * Returns: the limit's name in reports: `none`, `max-cycles`,
 *   `time-budget` or `max-stored`
 */
const char *
dg_analysis_limit_to_string (DgAnalysisLimit limit)
{
  switch (limit)
    {
    case DG_ANALYSIS_LIMIT_NONE:
      return "none";
    case DG_ANALYSIS_LIMIT_CYCLES:
      return "max-cycles";
    case DG_ANALYSIS_LIMIT_TIME:
      return "time-budget";
    case DG_ANALYSIS_LIMIT_MEMORY:
      return "max-stored";
    default:
      g_return_val_if_reached (NULL);
    }
}
