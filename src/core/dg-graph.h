/* dg-graph.h: the compact, index-based snapshot of a deal network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hot loops (analysis, layout, drawing) never walk GObjects: they read this
 * snapshot. Node i is the i-th company of the document, edge e the e-th deal.
 * Every array is owned by the graph; the graph is immutable once built and
 * reference counted, so a worker thread can keep one while the model changes.
 */
#pragma once

#include <glib-object.h>

#include "dg-types.h"

G_BEGIN_DECLS

typedef struct _DgGraph DgGraph;

struct _DgGraph
{
  /*< public, read-only >*/
  guint n_nodes;
  guint n_edges;

  /* Per edge (deal), payer -> payee. */
  guint   *edge_src;
  guint   *edge_dst;
  guint8  *edge_amount_kind;  /* DgAmountKind */
  double  *edge_amount;       /* headline figure; NAN when undisclosed */
  double  *edge_amount_min;   /* NAN when undisclosed */
  double  *edge_amount_max;   /* NAN when undisclosed */
  guint8  *edge_kind;         /* DgDealKind (DG_DEAL_KIND_OTHER when unknown) */
  guint8  *edge_status;       /* DgDealStatus (DG_DEAL_STATUS_ANNOUNCED when unknown) */
  gint32  *edge_date;         /* packed YYYYMMDD, 0 when no date */

  /* Compressed sparse rows: the deals leaving node v are
   * out_edges[out_offset[v] .. out_offset[v+1]-1], sorted by edge index;
   * likewise in_* for the deals arriving at v. */
  guint   *out_offset;        /* n_nodes + 1 */
  guint   *out_edges;         /* n_edges */
  guint   *in_offset;         /* n_nodes + 1 */
  guint   *in_edges;          /* n_edges */

  /* Per node (company). */
  guint8  *node_kind;         /* DgCompanyKind */
  double  *node_valuation;    /* NAN when unknown */

  /* Where a document's snapshot came from: a snapshot made from the one
   * before it (see dg_document_get_graph()) says, per node and edge, the
   * row that company or deal had there, unchanged, or
   * DG_GRAPH_ORIGIN_CHANGED. A view that copied text of the earlier one
   * (a canvas's names and ids) takes what it has for those rows. */
  guint    serial;            /* unique to this graph, never 0 */
  guint    base_serial;       /* the earlier snapshot's, or 0: no origins */
  guint   *node_origin;       /* n_nodes, or NULL */
  guint   *edge_origin;       /* n_edges, or NULL */

  /*< private >*/
  gatomicrefcount ref_count;
};

#define DG_GRAPH_ORIGIN_CHANGED G_MAXUINT

GType     dg_graph_get_type      (void) G_GNUC_CONST;
DgGraph  *dg_graph_new           (guint          n_nodes,
                                  guint          n_edges,
                                  const guint   *src,
                                  const guint   *dst,
                                  const double  *amount);
DgGraph  *dg_graph_copy          (const DgGraph *graph);
DgGraph  *dg_graph_ref           (DgGraph       *graph);
void      dg_graph_unref         (DgGraph       *graph);
void      dg_graph_build_index   (DgGraph       *graph);
gsize     dg_graph_get_memory_size (const DgGraph *graph);

/* For tests and benchmarks: a directed scale-free graph (preferential
 * attachment) with about @deals_per_company deals per company, a share of them
 * reciprocated so cycles exist, amounts drawn log-uniformly from $10M to $100B,
 * and some undisclosed. Deterministic for a given seed. */
DgGraph  *dg_graph_generate_scale_free (guint   n_companies,
                                        guint   deals_per_company,
                                        double  reciprocal_share,
                                        guint64 seed);

/* The drawn radius of a company's disc, in diagram units, from its valuation
 * (NAN when unknown): the area grows with log10 of the valuation, with a
 * floor so unknown valuations still show. The layout uses it to keep discs
 * apart and the renderer to draw them. */
double    dg_node_radius (double valuation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgGraph, dg_graph_unref)

G_END_DECLS
