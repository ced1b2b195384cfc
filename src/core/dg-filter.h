/* dg-filter.h: which deals and companies to show, and the timeline's months
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A DgFilter is a plain struct, copied by assignment, that the filter bar,
 * the timeline scrubber, the exporters and the tour share. Applying it to a
 * DgGraph gives one byte per deal and per company (1 = shown), which go
 * straight into DgAnalysisOptions.edge_mask (so the shading, the cycles and
 * the round-trip shares follow the filter) and into DgScene.edge_visible /
 * node_visible (so the canvas hides what is filtered out):
 *
 *   DgFilter filter;
 *   dg_filter_init (&filter);
 *   filter.as_of = dg_filter_as_of_for_month (202412);
 *   dg_filter_apply (&filter, graph, edge_mask, node_mask);
 *   options.edge_mask = edge_mask;
 *   analysis = dg_analysis_new (graph, &options);
 *
 * On the embedded dataset applying a filter and rerunning the whole analysis
 * takes well under a millisecond (see docs/performance.md), so the UI can
 * do both on every change and every timeline tick.
 *
 * Filters are view state: dg_filter_save_to_document() keeps one in the
 * document's "layout" object under "filter" (saved with the file), keeping
 * members a newer version wrote. See docs/presenting.md.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "dg-document.h"
#include "dg-graph.h"
#include "dg-types.h"

G_BEGIN_DECLS

#define DG_TYPE_FILTER (dg_filter_get_type ())

/* Bit sets: bit k stands for the enum value k. */
#define DG_FILTER_ALL_DEAL_KINDS    ((guint32) ((1u << DG_N_DEAL_KINDS) - 1))
#define DG_FILTER_ALL_STATUSES      ((guint32) ((1u << DG_N_DEAL_STATUSES) - 1))
#define DG_FILTER_ALL_COMPANY_KINDS ((guint32) ((1u << DG_N_COMPANY_KINDS) - 1))

/**
 * DgFilter:
 * @deal_kinds: the deal kinds shown, bit k for #DgDealKind k
 * @statuses: the statuses shown, bit k for #DgDealStatus k
 * @company_kinds: the company kinds shown, bit k for #DgCompanyKind k. A
 *   deal is shown only when the kinds of both its companies are in.
 * @min_amount: the smallest amount shown, in USD; 0 for no minimum. A range
 *   counts by its high end: "up to $100B" passes a $50B minimum, because
 *   the deal may be that large.
 * @include_undisclosed: show deals whose amount is undisclosed (whatever
 *   @min_amount says: an unknown amount is neither small nor large)
 * @as_of: packed date YYYYMMDD (see dg_date_parse()); deals announced after
 *   it are hidden, 0 for no limit. Deals without a date are kept (we cannot
 *   tell they are later): dg_filter_mark_undated() says which, so the UI can
 *   mark them. The day may be 31 in any month, meaning "the end of that
 *   month" (dg_filter_as_of_for_month()). A deal dated by year or month
 *   only counts as its start: "2025-10" is shown as of 2025-10-01.
 *
 * Initialise with dg_filter_init(), which shows everything.
 */
typedef struct
{
  guint32 deal_kinds;
  guint32 statuses;
  guint32 company_kinds;
  double min_amount;
  gboolean include_undisclosed;
  gint32 as_of;
} DgFilter;

GType        dg_filter_get_type             (void) G_GNUC_CONST;
DgFilter    *dg_filter_copy                 (const DgFilter *filter);
void         dg_filter_free                 (DgFilter       *filter);

void         dg_filter_init                 (DgFilter       *filter);
gboolean     dg_filter_is_default           (const DgFilter *filter);
gboolean     dg_filter_equal                (const DgFilter *a,
                                             const DgFilter *b);

guint        dg_filter_apply                (const DgFilter *filter,
                                             DgGraph        *graph,
                                             guint8         *edge_mask_out,
                                             guint8         *node_mask_out);
guint        dg_filter_apply_states         (const DgFilter *filter,
                                             DgDocument     *doc,
                                             guint8         *edge_mask,
                                             guint8         *node_mask);
guint8      *dg_filter_make_edge_mask       (const DgFilter *filter,
                                             DgGraph        *graph);
guint        dg_filter_mark_undated         (DgGraph        *graph,
                                             const guint8   *edge_mask,
                                             guint8         *undated_out);

/* Saving with the document. */
gboolean     dg_filter_from_json            (DgFilter       *filter,
                                             JsonObject     *object);
void         dg_filter_to_json              (const DgFilter *filter,
                                             JsonObject     *object);
gboolean     dg_filter_load_from_document   (DgFilter       *filter,
                                             DgDocument     *doc);
gboolean     dg_filter_save_to_document     (const DgFilter *filter,
                                             DgDocument     *doc);

/* "As of" dates and the timeline's months. Months are guints YYYYMM. */
gboolean     dg_filter_parse_as_of          (const char     *text,
                                             gint32         *as_of);
char        *dg_filter_format_as_of         (gint32          as_of);
char        *dg_filter_format_as_of_label   (gint32          as_of);
gint32       dg_filter_as_of_for_month      (guint           month);
guint        dg_filter_month_of_date        (gint32          packed);
guint        dg_filter_month_add            (guint           month,
                                             int             n);
guint       *dg_filter_get_months           (DgGraph        *graph,
                                             guint          *n_months);
gboolean     dg_filter_get_month_range      (DgGraph        *graph,
                                             guint          *first,
                                             guint          *last);

/* For exporters without visibility masks: a copy of the document holding
 * only what the filter shows. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgFilter, dg_filter_free)

G_END_DECLS
