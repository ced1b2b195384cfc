/* dg-analysis.h: where the money goes round (components, cycles, round-trip shares)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over the DgGraph snapshot. dg_analysis_new() runs the whole
 * analysis once and returns an immutable, reference-counted result that the
 * canvas (cyclic flags), the side panels (cycles through a company or deal,
 * shares) and the presentation mode (cycles, largest first) read. It may run
 * in a worker thread: it touches no GObject and no global state.
 *
 * Definitions and algorithms: docs/analysis.md.
 */
#pragma once

#include <gio/gio.h>

#include "dg-graph.h"
#include "dg-types.h"

G_BEGIN_DECLS

#define DG_TYPE_ANALYSIS (dg_analysis_get_type ())

/* Bit sets for dg_analysis_make_edge_mask(): bit k stands for the deal kind
 * (or status) with value k. */
#define DG_ANALYSIS_ALL_KINDS    ((guint32) ((1u << DG_N_DEAL_KINDS) - 1))
#define DG_ANALYSIS_ALL_STATUSES ((guint32) ((1u << DG_N_DEAL_STATUSES) - 1))

/* What to compute besides components and cyclic flags, which are always
 * computed because everything else needs them and they are cheap. */
typedef enum
{
  DG_ANALYSIS_CYCLES = 1 << 0,
  DG_ANALYSIS_SHARES = 1 << 1,
  DG_ANALYSIS_ALL    = DG_ANALYSIS_CYCLES | DG_ANALYSIS_SHARES,
} DgAnalysisFlags;

/* Why a phase stopped before it was done. */
typedef enum
{
  DG_ANALYSIS_LIMIT_NONE,      /* complete */
  DG_ANALYSIS_LIMIT_CYCLES,    /* more than max_cycles cycles exist */
  DG_ANALYSIS_LIMIT_TIME,      /* the time budget ran out */
  DG_ANALYSIS_LIMIT_MEMORY,    /* the cycles found filled max_stored */
} DgAnalysisLimit;

/* The most deal positions (the sum of the lengths of the cycles) an
 * analysis keeps unless told otherwise: 2^21, so the cycles, their indexes
 * and their routes stay within about 100 MB whatever the other limits ask
 * (docs/analysis.md). */
#define DG_ANALYSIS_DEFAULT_MAX_STORED ((gsize) 1 << 21)

/**
 * DgAnalysisOptions:
 * @max_length: longest cycle to list, in companies (= deals); 0 for no limit
 * @max_cycles: most cycles to list; 0 for no limit
 * @time_budget: seconds each of the two expensive phases (cycles, shares)
 *   may take; 0 or less for no limit
 * @edge_mask: (nullable) (array): one byte per deal, 0 = filtered out; the
 *   analysis then sees only the deals left in. Only read during
 *   dg_analysis_new(); the result keeps its own copy.
 * @flags: what to compute
 * @max_stored: most deal positions (sum of cycle lengths) to keep; 0 for
 *   %DG_ANALYSIS_DEFAULT_MAX_STORED. The search stops when the next cycle
 *   would not fit (%DG_ANALYSIS_LIMIT_MEMORY).
 * @cancellable: (nullable): cancelling it ends the expensive phases as an
 *   expired time budget does (a worker whose result nobody wants any more
 *   stops early). Only read during dg_analysis_new().
 *
 * Initialise with dg_analysis_options_init(), then change what you need.
 */
typedef struct
{
  guint max_length;
  guint max_cycles;
  double time_budget;
  const guint8 *edge_mask;
  DgAnalysisFlags flags;
  gsize max_stored;
  GCancellable *cancellable;
} DgAnalysisOptions;

/**
 * DgDealShare:
 * @amount_low: the deal's own amount at the low end (exact amount, or the low
 *   end of a range; "up to X" has a low end of 0); NAN when undisclosed
 * @amount_high: the same at the high end
 * @back_low: min (@amount_low, max-flow back from payee to payer without this
 *   deal), with capacities at the low ends and undisclosed deals at 0
 * @back_high: the same with the high ends
 * @share_low: @back_low / @amount_low; NAN when unknown (own amount
 *   undisclosed or 0, deal filtered out, or not computed in time)
 * @share_high: @back_high / @amount_high
 * @n_unknown: undisclosed deals that could carry money back (the other
 *   undisclosed deals in the same strongly connected component): when
 *   non-zero the shares are lower bounds ("at least")
 *
 * The round-trip share of one deal A -> B: how much of what A sent can come
 * back to A.
 */
typedef struct
{
  double amount_low;
  double amount_high;
  double back_low;
  double back_high;
  double share_low;
  double share_high;
  guint n_unknown;
} DgDealShare;

/**
 * DgCompanyShare:
 * @out_low: sum of the known amounts of its outgoing deals (low ends)
 * @out_high: the same, high ends
 * @out_back_low: sum over its outgoing deals of what can come back (low ends)
 * @out_back_high: the same, high ends
 * @out_share_low: @out_back_low / @out_low, NAN when @out_low is 0
 * @out_share_high: @out_back_high / @out_high
 * @in_low: sum of the known amounts of its incoming deals (low ends)
 * @in_high: the same, high ends
 * @in_from_payees_low: the part of @in_low paid by companies it pays directly
 * @in_from_payees_high: the same, high ends
 * @in_share_low: @in_from_payees_low / @in_low, NAN when @in_low is 0
 * @in_share_high: @in_from_payees_high / @in_high
 * @n_out_unknown: outgoing deals left out of the sums: undisclosed
 * @n_in_unknown: incoming deals left out of the sums: undisclosed
 * @n_in_unknown_from_payees: of those, the ones paid by companies it pays
 *   directly (each would raise the in share; the others would lower it)
 * @n_component_unknown: undisclosed deals in its strongly connected component
 *
 * Undisclosed amounts are left out of sums (they are unknown, not zero); the
 * counts say how many were, so the UI can qualify the figures.
 */
typedef struct
{
  double out_low;
  double out_high;
  double out_back_low;
  double out_back_high;
  double out_share_low;
  double out_share_high;
  double in_low;
  double in_high;
  double in_from_payees_low;
  double in_from_payees_high;
  double in_share_low;
  double in_share_high;
  guint n_out_unknown;
  guint n_in_unknown;
  guint n_in_unknown_from_payees;
  guint n_component_unknown;
} DgCompanyShare;

/* How far undisclosed deals could move a share from its disclosed figure. */
typedef enum
{
  DG_SHARE_EXACT,       /* no undisclosed deal could change it */
  DG_SHARE_AT_LEAST,    /* undisclosed deals could only raise it */
  DG_SHARE_AT_MOST,     /* undisclosed deals could only lower it */
  DG_SHARE_DISCLOSED,   /* either way: a share of the disclosed amounts */
} DgShareBound;

DgShareBound dg_company_share_out_bound (const DgCompanyShare *share);
DgShareBound dg_company_share_in_bound  (const DgCompanyShare *share);

typedef struct _DgAnalysis DgAnalysis;

struct _DgAnalysis
{
  /*< public, read-only >*/
  DgGraph *graph;             /* the snapshot analysed (a reference) */
  DgAnalysisOptions options;  /* as used; options.edge_mask is NULL */

  /* Components, always computed. Component ids are 0 .. n_components-1.
   * A component is cyclic (non-trivial) when it has two or more companies
   * or a self-loop. */
  guint8  *edge_included;     /* n_edges: 1 unless filtered out */
  guint8  *edge_cyclic;       /* n_edges: 1 when the deal lies on a cycle */
  guint   *node_component;    /* n_nodes */
  guint8  *node_cyclic;       /* n_nodes: 1 when the company lies on a cycle */
  guint    n_components;
  guint    n_cyclic_components;
  guint    n_included_edges;
  guint    n_cyclic_edges;
  guint    n_cyclic_nodes;

  /* Cycles (DG_ANALYSIS_CYCLES), sorted: known round-trip amounts largest
   * first (by high end, then low end), then shorter first, then by the
   * sequence of deal indices; unknown amounts last. Cycle i is
   * cycle_edges[cycle_offset[i] .. cycle_offset[i+1]-1] (deal indices in
   * order), cycle_nodes likewise (the payer of each deal, starting at its
   * route's first company: dg_analysis_get_route_companies()). */
  guint    n_cycles;
  guint   *cycle_offset;      /* n_cycles + 1 */
  guint   *cycle_edges;
  guint   *cycle_nodes;
  DgAmount *cycle_amount;     /* n_cycles: round-trip amounts */
  DgAnalysisLimit cycles_limit;
  gboolean cycles_length_limited; /* longer cycles may exist: FALSE only
                                   * when none does */
  gboolean cycles_longer_found;   /* a longer cycle was found: they exist */
  guint    cycles_starts_done;    /* companies fully searched from, of
                                   * n_cyclic_nodes */

  /* Routes: the cycles grouped by the companies they pass, in order. Two
   * parallel deals give two cycles on one route. Sorted as cycles are, by
   * the route's round trip (route_amount). */
  guint    n_routes;
  guint   *route_offset;      /* n_routes + 1 */
  guint   *route_nodes;       /* route r: route_nodes[route_offset[r] ..
                               * route_offset[r+1]-1], from its first company */
  DgAmount *route_amount;     /* n_routes: the smallest hop total; max is
                               * +INFINITY when undisclosed deals leave it
                               * open above ("at least min") */
  guint   *route_cycle_offset;  /* n_routes + 1 */
  guint   *route_cycles;      /* the listed cycles of each route, in order */
  guint   *cycle_route;       /* n_cycles: the route of each cycle */

  /* Round-trip shares (DG_ANALYSIS_SHARES); NULL when not computed. */
  DgDealShare    *deal_share;     /* n_edges */
  DgCompanyShare *company_share;  /* n_nodes */
  DgAnalysisLimit shares_limit;
  guint    n_shares_done;         /* cyclic deals whose share was computed */

  /* Seconds each phase took. */
  double   components_seconds;
  double   cycles_seconds;
  double   shares_seconds;

  /*< private >*/
  guint   *node_cycle_offset;
  guint   *node_cycles;
  guint   *edge_cycle_offset;
  guint   *edge_cycles;
  guint   *node_route_offset;
  guint   *node_routes;
  gatomicrefcount ref_count;
};

GType        dg_analysis_get_type             (void) G_GNUC_CONST;

void         dg_analysis_options_init         (DgAnalysisOptions       *options);
guint8      *dg_analysis_make_edge_mask       (const DgGraph           *graph,
                                               guint32                  deal_kind_bits,
                                               guint32                  status_bits,
                                               gint32                   as_of_packed);

DgAnalysis  *dg_analysis_new                  (DgGraph                 *graph,
                                               const DgAnalysisOptions *options);
void         dg_analysis_new_async            (DgGraph                 *graph,
                                               const DgAnalysisOptions *options,
                                               gpointer                 source_object,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data);
DgAnalysis  *dg_analysis_new_finish           (GAsyncResult            *result,
                                               GError                 **error);
DgAnalysis  *dg_analysis_ref                  (DgAnalysis              *self);
void         dg_analysis_unref                (DgAnalysis              *self);

const guint *dg_analysis_get_cycle_deals      (DgAnalysis              *self,
                                               guint                    cycle,
                                               guint                   *n_deals);
const guint *dg_analysis_get_cycle_companies  (DgAnalysis              *self,
                                               guint                    cycle,
                                               guint                   *n_companies);
const DgAmount *dg_analysis_get_cycle_amount  (DgAnalysis              *self,
                                               guint                    cycle);
const guint *dg_analysis_get_cycles_for_node  (DgAnalysis              *self,
                                               guint                    node,
                                               guint                   *n_cycles);
const guint *dg_analysis_get_cycles_for_edge  (DgAnalysis              *self,
                                               guint                    edge,
                                               guint                   *n_cycles);

const guint *dg_analysis_get_route_companies  (DgAnalysis              *self,
                                               guint                    route,
                                               guint                   *n_companies);
const guint *dg_analysis_get_route_cycles     (DgAnalysis              *self,
                                               guint                    route,
                                               guint                   *n_cycles);
const DgAmount *dg_analysis_get_route_amount  (DgAnalysis              *self,
                                               guint                    route);
guint        dg_analysis_get_cycle_route      (DgAnalysis              *self,
                                               guint                    cycle);
const guint *dg_analysis_get_routes_for_node  (DgAnalysis              *self,
                                               guint                    node,
                                               guint                   *n_routes);
guint       *dg_analysis_dup_route_hop_deals  (DgAnalysis              *self,
                                               guint                    route,
                                               guint                    hop,
                                               guint                   *n_deals);
void         dg_analysis_get_route_hop_total  (DgAnalysis              *self,
                                               guint                    route,
                                               guint                    hop,
                                               DgAmount                *total);
guint64      dg_analysis_count_route_combinations (DgAnalysis          *self,
                                               guint                    route);

gboolean     dg_analysis_compute_deal_share   (DgAnalysis              *self,
                                               guint                    edge,
                                               double                   time_budget,
                                               DgDealShare             *share);
gboolean     dg_analysis_compute_company_share (DgAnalysis             *self,
                                               guint                    node,
                                               double                   time_budget,
                                               DgCompanyShare          *share);

char        *dg_analysis_format_round_trip    (const DgAmount          *amount);
char        *dg_analysis_format_share         (double                   low,
                                               double                   high,
                                               guint                    n_unknown);
gboolean     dg_analysis_share_is_known       (double                   low,
                                               double                   high,
                                               DgShareBound             bound);
char        *dg_analysis_format_share_bounded (double                   low,
                                               double                   high,
                                               DgShareBound             bound);
const char  *dg_analysis_limit_to_string      (DgAnalysisLimit          limit);

/* Building blocks, public for tests and benchmarks. */
guint        dg_analysis_strong_components    (const DgGraph           *graph,
                                               const guint8            *edge_mask,
                                               guint                   *component,
                                               guint8                  *edge_cyclic);
double       dg_analysis_max_flow             (const DgGraph           *graph,
                                               const guint8            *edge_mask,
                                               const double            *capacity,
                                               guint                    source,
                                               guint                    sink,
                                               double                   limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgAnalysis, dg_analysis_unref)

G_END_DECLS
