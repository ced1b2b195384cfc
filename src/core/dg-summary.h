/* dg-summary.h: what a list, a panel, a slide or a report says about a
 * route, a cycle or a company, worked out once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar's Cycles list, the company and cycle panels, the tour's slides,
 * the stories and `dealgraph --cycles` all show the same things about a
 * cycle: its companies in order, its deals and their amounts, its round trip
 * and a sentence. They get them here, as one value, and only lay them out;
 * none of them climbs back into the analysis or formats a chain itself.
 *
 * Every figure that undisclosed deals could change says so in its text ("at
 * least", "of the disclosed amounts", "unknown"); the sentence test in
 * tests/test-story.c checks each against the analysis.
 */
#pragma once

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

typedef enum
{
  DG_CYCLE_SUMMARY_ROUTE,  /* every cycle through the same companies */
  DG_CYCLE_SUMMARY_CYCLE,  /* one combination of deals */
} DgCycleSummaryKind;

/**
 * DgCycleStep:
 * @company: the company the step leaves
 * @name: its name (or id), plain text
 * @n_deals: how many deals take the money to the next company: one on a
 *   cycle, all the parallel deals on a route
 * @deals: (array length=n_deals): those deals, by index
 * @amount: the deal's amount; on a route, the hop's total (@max +INFINITY
 *   when undisclosed deals could add to it)
 * @amount_text: @amount as the interface writes it: "$10B", "up to $5B",
 *   "undisclosed", "at least $5B"
 */
typedef struct
{
  guint company;
  char *name;
  guint n_deals;
  guint *deals;
  DgAmount amount;
  char *amount_text;
} DgCycleStep;

typedef struct _DgCycleSummary DgCycleSummary;

/**
 * DgCycleSummary:
 * @kind: a route or one cycle
 * @route: the route's index in the analysis (for a cycle: its route's)
 * @cycle: the cycle's index, %G_MAXUINT for a route
 * @n_steps: companies on it (= deals on each cycle)
 * @steps: (array length=n_steps): each company and the deals to the next,
 *   from the first company (docs/analysis.md)
 * @chain: "Amazon / AWS → OpenAI → Amazon / AWS"
 * @amounts_text: the step amounts in order, "$10B · $38B"
 * @round_trip: what can go all the way round: the smallest amount on a
 *   cycle, the smallest hop total on a route
 * @round_trip_text: "$10B", "up to $5B", "at least $5B", "unknown"
 * @round_trip_note: one sentence saying what @round_trip_text is, and why
 *   it is unknown or a lower bound when it is
 * @n_cycles: the cycles listed on its route
 * @cycles: (array length=n_cycles): their indexes, largest first
 * @n_combinations: the cycles its route has in all (more than @n_cycles
 *   when a limit stopped the search)
 * @combinations_text: "3 combinations of deals", "2 of 3 combinations of
 *   deals listed"
 *
 * A route or a cycle, as everything that shows one shows it. Plain text
 * throughout, never markup. dg_cycle_summary_get_story() and
 * dg_cycle_summary_get_caption() give its sentences.
 */
struct _DgCycleSummary
{
  /*< public, read-only >*/
  DgCycleSummaryKind kind;
  guint route;
  guint cycle;
  guint n_steps;
  DgCycleStep *steps;
  char *chain;
  char *amounts_text;
  DgAmount round_trip;
  char *round_trip_text;
  char *round_trip_note;
  guint n_cycles;
  guint *cycles;
  guint64 n_combinations;
  char *combinations_text;

  /*< private >*/
  DgDocument *doc;
  char *story;
  char *caption;
  gatomicrefcount ref_count;
};

#define DG_TYPE_CYCLE_SUMMARY (dg_cycle_summary_get_type ())

GType            dg_cycle_summary_get_type    (void) G_GNUC_CONST;
DgCycleSummary  *dg_cycle_summary_new_route   (DgDocument     *doc,
                                               DgAnalysis     *analysis,
                                               guint           route);
DgCycleSummary  *dg_cycle_summary_new_cycle   (DgDocument     *doc,
                                               DgAnalysis     *analysis,
                                               guint           cycle);
DgCycleSummary  *dg_cycle_summary_ref         (DgCycleSummary *self);
void             dg_cycle_summary_unref       (DgCycleSummary *self);
const char      *dg_cycle_summary_get_story   (DgCycleSummary *self);
const char      *dg_cycle_summary_get_caption (DgCycleSummary *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgCycleSummary, dg_cycle_summary_unref)

/**
 * DgCompanySummary:
 * @company: its index
 * @name: its name (or id)
 * @out_text: what it pays out: "$12B", "at least $12B" (undisclosed deals
 *   left out), "Undisclosed", "None"
 * @out_known: %FALSE when @out_text is not a figure (show it dimmed)
 * @out_detail: "3 deals", "Plus 2 undisclosed deals"
 * @in_text: what it receives, likewise
 * @in_known: likewise
 * @in_detail: likewise
 * @net_text: money in minus money out: "+$5B", "−$1.2T", "−$50B to +$30B",
 *   qualified when undisclosed deals could change it ("at least +$5B",
 *   "+$5B of the disclosed amounts")
 * @net_detail: what the net is
 * @has_shares: the shares below were computed (with an analysis)
 * @shares_in_time: they were computed within the time allowed
 * @out_share_text: "26%", "at least 26%", "26% of the disclosed amounts"
 * @out_share_detail: what @out_share_text is
 * @out_share_sentence: "Of the money it pays out, at least 26% can come
 *   back to it."; %NULL when it pays nothing
 * @in_share_text: likewise for the money it receives from companies it pays
 * @in_share_detail: likewise
 * @in_share_sentence: likewise; %NULL when it receives nothing
 * @n_routes: routes through it
 * @n_cycles: cycles through it
 * @cycles_sentence: "OpenAI lies on 12 of the 27 routes found (30 of the
 *   52 cycles)."
 * @share: the shares the texts come from
 *
 * What a company's panel and slide say about its money, computed once.
 */
typedef struct
{
  guint company;
  char *name;
  char *out_text;
  gboolean out_known;
  char *out_detail;
  char *in_text;
  gboolean in_known;
  char *in_detail;
  char *net_text;
  char *net_detail;
  gboolean has_shares;
  gboolean shares_in_time;
  char *out_share_text;
  char *out_share_detail;
  char *out_share_sentence;
  char *in_share_text;
  char *in_share_detail;
  char *in_share_sentence;
  guint n_routes;
  guint n_cycles;
  char *cycles_sentence;
  DgCompanyShare share;
} DgCompanySummary;

DgCompanySummary *dg_company_summary_new      (DgDocument       *doc,
                                               DgAnalysis       *analysis,
                                               guint             company,
                                               double            share_budget);
void              dg_company_summary_free     (DgCompanySummary *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgCompanySummary, dg_company_summary_free)

const char       *dg_summary_company_name     (DgDocument       *doc,
                                               guint             company);

G_END_DECLS
