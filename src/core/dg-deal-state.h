/* dg-deal-state.h: a deal's history and its state at a date; a company's
 * valuations over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/file-format.md, "Deal histories", says what the members mean. The
 * file keeps them as members of the deal (and company) object; the model
 * keeps them exactly as written (so a save gives them back byte for byte)
 * and this module reads them into the structures below when asked, once
 * per text: the timeline, --as-of and the panels read them, nothing writes
 * them through here.
 */
#pragma once

#include "dg-company.h"
#include "dg-deal.h"
#include "dg-document.h"
#include "dg-graph.h"

G_BEGIN_DECLS

typedef enum
{
  DG_CONFIDENCE_AGREED,         /* no mark: the sources agree */
  DG_CONFIDENCE_DISPUTED,       /* the sources disagree: see the figures */
  DG_CONFIDENCE_SINGLE_SOURCE,  /* one page only */
} DgConfidence;

/**
 * DgFigure:
 * @has_amount: the source gives an amount (@amount)
 * @has_status: the source gives a status (@status)
 * @note: the claim in the source's words
 * @sources: (element-type guint): indices into the deal's sources; may be empty
 *
 * What one source says where the sources disagree.
 */
typedef struct
{
  gboolean has_amount;
  DgAmount amount;
  gboolean has_status;
  DgDealStatus status;
  char *note;
  GArray *sources;
} DgFigure;

/**
 * DgDealEvent:
 * @date: as written ("2026-02"); @date_packed as dg_date_parse() packs it
 * @status: as written; @status_enum what it counts as
 * @has_amount: the event changes the amount to @amount
 * @has_confidence: the event sets @confidence and @figures
 * @figures: (element-type DgFigure) (nullable)
 * @note: (nullable)
 * @sources: (element-type guint): indices into the deal's sources
 */
typedef struct
{
  char *date;
  gint32 date_packed;
  char *status;
  DgDealStatus status_enum;
  gboolean has_amount;
  DgAmount amount;
  gboolean has_confidence;
  DgConfidence confidence;
  GPtrArray *figures;
  char *note;
  GArray *sources;
} DgDealEvent;

/**
 * DgDealTimeline:
 * @events: (element-type DgDealEvent): in date order; empty when the deal
 *   has no history
 * @confidence: the latest confidence (the top level's)
 * @figures: (element-type DgFigure): the latest figures; may be empty
 * @replaced_by: (nullable): the id of the deal that took this one's place
 * @part_of: (nullable): the id of the deal whose amount counts this one's
 * @overlaps: (element-type utf8): ids of deals this one overlaps, as stored
 *   on this deal (the link is symmetric: see dg_deal_timeline_overlaps())
 */
typedef struct
{
  GPtrArray *events;
  DgConfidence confidence;
  GPtrArray *figures;
  char *replaced_by;
  char *part_of;
  GPtrArray *overlaps;
} DgDealTimeline;

/**
 * DgDealState:
 * @exists: the deal had been announced by then (FALSE before its first
 *   event, or its announced date when it has no history)
 * @in_network: it exists and is not cancelled: it counts in cycles and totals
 * @status: its status then
 * @amount: its amount then
 * @confidence: how well sourced that state is; @figures (borrowed, may be
 *   %NULL) each source's claim when disputed
 * @event: (nullable): the last event applied, borrowed
 * @n_events: how many of its events are on or before the date
 */
typedef struct
{
  gboolean exists;
  gboolean in_network;
  DgDealStatus status;
  DgAmount amount;
  DgConfidence confidence;
  GPtrArray *figures;
  const DgDealEvent *event;
  guint n_events;
} DgDealState;

/**
 * DgValuation:
 * @sources: (element-type DgSource): may be empty
 */
typedef struct
{
  char *date;
  gint32 date_packed;
  double valuation;
  char *note;
  GPtrArray *sources;
} DgValuation;

const char           *dg_confidence_to_string     (DgConfidence    confidence);

const DgDealTimeline *dg_deal_get_timeline        (DgDeal         *deal);
gboolean              dg_deal_get_state_at        (DgDeal         *deal,
                                                   gint32          as_of,
                                                   DgDealState    *state);
gboolean              dg_deal_has_history         (DgDeal         *deal);

GPtrArray            *dg_company_get_valuations   (DgCompany      *company);
double                dg_company_get_valuation_at (DgCompany      *company,
                                                   gint32          as_of);
gboolean              dg_company_get_valuation_state_at (DgCompany    *company,
                                                         gint32        as_of,
                                                         double       *valuation,
                                                         const char  **valued_on);

DgDocument           *dg_document_copy_as_of      (DgDocument     *doc,
                                                   gint32          as_of,
                                                   guint8         *deal_mask_out);
void                  dg_document_set_states_as_of (DgDocument    *doc,
                                                    gint32         as_of);
guint8               *dg_document_make_network_mask (DgDocument  *doc,
                                                     gint32       as_of,
                                                     const guint8 *edge_mask);
DgGraph              *dg_graph_copy_as_of         (DgDocument     *doc,
                                                   gint32          as_of);
gboolean              dg_deal_counts_in_totals    (DgDocument     *doc,
                                                   DgDeal         *deal,
                                                   gint32          as_of);

G_END_DECLS
