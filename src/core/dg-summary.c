/* dg-summary.c: what a list, a panel, a slide or a report says about a
 * route, a cycle or a company, worked out once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-summary"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-format.h"
#include "dg-story.h"
#include "dg-summary.h"

G_DEFINE_BOXED_TYPE (DgCycleSummary, dg_cycle_summary, dg_cycle_summary_ref, dg_cycle_summary_unref)

/**
 * dg_summary_company_name:
 * @doc: a document
 * @company: a company index
 *
 * Returns: (transfer none): the company's name, or its id when it has none
 */
const char *
dg_summary_company_name (DgDocument *doc,
                         guint       company)
{
  DgCompany *c = dg_document_get_company (doc, company);
  const char *name;

  if (c == NULL)
    return "?";
  name = dg_company_get_name (c);
  return name != NULL && *name != '\0' ? name : dg_company_get_id (c);
}

static void
deal_amount (const DgGraph *g,
             guint          e,
             DgAmount      *amount)
{
  amount->kind = g->edge_amount_kind[e];
  amount->value = g->edge_amount[e];
  amount->min = g->edge_amount_min[e];
  amount->max = g->edge_amount_max[e];
}

/* A hop total as the interface writes it: a single deal's amount reads as
 * that deal's; a total undisclosed deals could add to, "at least $5B". */
static char *
hop_total_text (const DgAmount *total)
{
  if (total->kind == DG_AMOUNT_UNDISCLOSED)
    return dg_amount_format_locale (total);
  return dg_format_round_trip_locale (total);
}

static char *
combinations_text (guint   n_listed,
                   guint64 n_all)
{
  if (n_all == G_MAXUINT64 || n_listed < n_all)
    {
      g_autofree char *all = n_all == G_MAXUINT64 ? g_strdup ("≥1.8e19")
                                                  : g_strdup_printf ("%" G_GUINT64_FORMAT, n_all);

      /* Translators: how many of a route's combinations of deals a cut-short search listed, e.g. "2 of 3 combinations of deals listed" */
      return g_strdup_printf (ngettext ("%1$u of %2$s combination of deals listed",
                                        "%1$u of %2$s combinations of deals listed",
                                        (gulong) MIN (n_all, G_MAXULONG)),
                              n_listed, all);
    }
  /* Translators: how many cycles (one per choice of a deal at each step) a route has, e.g. "3 combinations of deals" */
  return g_strdup_printf (ngettext ("%u combination of deals", "%u combinations of deals", n_listed), n_listed);
}

static DgCycleSummary *
summary_alloc (DgDocument *doc,
               DgAnalysis *analysis,
               guint       route,
               guint       n_steps)
{
  DgCycleSummary *self = g_new0 (DgCycleSummary, 1);
  const guint *cycles;

  g_atomic_ref_count_init (&self->ref_count);
  self->doc = g_object_ref (doc);
  self->route = route;
  self->n_steps = n_steps;
  self->steps = g_new0 (DgCycleStep, MAX (n_steps, 1));
  cycles = dg_analysis_get_route_cycles (analysis, route, &self->n_cycles);
  self->cycles = g_memdup2 (cycles, sizeof (guint) * MAX (self->n_cycles, 1));
  self->n_combinations = dg_analysis_count_route_combinations (analysis, route);
  self->combinations_text = combinations_text (self->n_cycles, self->n_combinations);
  return self;
}

/* The chain and the amounts in a row, once the steps are filled. */
static void
summary_finish (DgCycleSummary *self)
{
  g_autofree const char **names = g_new (const char *, MAX (self->n_steps, 1));
  g_autoptr(GString) amounts = g_string_new (NULL);

  for (guint k = 0; k < self->n_steps; k++)
    {
      names[k] = self->steps[k].name;
      if (k > 0)
        /* Translators: between the amounts of the deals of a cycle, "$10B · $38B" */
        g_string_append (amounts, _(" · "));
      g_string_append (amounts, self->steps[k].amount_text);
    }
  self->chain = dg_format_chain (names, self->n_steps);
  self->amounts_text = g_string_free (g_steal_pointer (&amounts), FALSE);
  self->round_trip_text = dg_format_round_trip_locale (&self->round_trip);
}

static gboolean
fits (DgDocument *doc,
      DgAnalysis *analysis)
{
  return analysis->graph->n_edges == dg_document_get_n_deals (doc)
         && analysis->graph->n_nodes == dg_document_get_n_companies (doc);
}

/**
 * dg_cycle_summary_new_cycle:
 * @doc: the document @analysis was made from
 * @analysis: its analysis, with cycles
 * @cycle: a cycle's index
 *
 * Returns: (transfer full): the cycle's summary, with its route's
 *   combinations
 */
DgCycleSummary *
dg_cycle_summary_new_cycle (DgDocument *doc,
                            DgAnalysis *analysis,
                            guint       cycle)
{
  DgCycleSummary *self;
  const guint *deals;
  const guint *nodes;
  guint n = 0;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (fits (doc, analysis), NULL);
  g_return_val_if_fail (cycle < analysis->n_cycles, NULL);

  deals = dg_analysis_get_cycle_deals (analysis, cycle, &n);
  nodes = dg_analysis_get_cycle_companies (analysis, cycle, &n);
  self = summary_alloc (doc, analysis, dg_analysis_get_cycle_route (analysis, cycle), n);
  self->kind = DG_CYCLE_SUMMARY_CYCLE;
  self->cycle = cycle;

  for (guint k = 0; k < n; k++)
    {
      DgCycleStep *step = &self->steps[k];

      step->company = nodes[k];
      step->name = g_strdup (dg_summary_company_name (doc, nodes[k]));
      step->n_deals = 1;
      step->deals = g_new (guint, 1);
      step->deals[0] = deals[k];
      deal_amount (analysis->graph, deals[k], &step->amount);
      step->amount_text = dg_amount_format_locale (&step->amount);
    }

  self->round_trip = *dg_analysis_get_cycle_amount (analysis, cycle);
  summary_finish (self);
  if (self->round_trip.kind == DG_AMOUNT_UNDISCLOSED)
    self->round_trip_note = g_strdup (_("A deal on the cycle is undisclosed, so what can go all the way round is unknown."));
  else
    self->round_trip_note = g_strdup (_("The smallest amount on the cycle: what can go all the way round."));
  return self;
}

/**
 * dg_cycle_summary_new_route:
 * @doc: the document @analysis was made from
 * @analysis: its analysis, with cycles
 * @route: a route's index
 *
 * Returns: (transfer full): the route's summary: each step with all its
 *   parallel deals and their total
 */
DgCycleSummary *
dg_cycle_summary_new_route (DgDocument *doc,
                            DgAnalysis *analysis,
                            guint       route)
{
  DgCycleSummary *self;
  const guint *nodes;
  guint n = 0;
  gboolean single = TRUE;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (fits (doc, analysis), NULL);
  g_return_val_if_fail (route < analysis->n_routes, NULL);

  nodes = dg_analysis_get_route_companies (analysis, route, &n);
  self = summary_alloc (doc, analysis, route, n);
  self->kind = DG_CYCLE_SUMMARY_ROUTE;
  self->cycle = G_MAXUINT;

  for (guint k = 0; k < n; k++)
    {
      DgCycleStep *step = &self->steps[k];

      step->company = nodes[k];
      step->name = g_strdup (dg_summary_company_name (doc, nodes[k]));
      step->deals = dg_analysis_dup_route_hop_deals (analysis, route, k, &step->n_deals);
      dg_analysis_get_route_hop_total (analysis, route, k, &step->amount);
      step->amount_text = hop_total_text (&step->amount);
      single &= step->n_deals == 1;
    }

  self->round_trip = *dg_analysis_get_route_amount (analysis, route);
  summary_finish (self);
  if (single && self->round_trip.kind == DG_AMOUNT_UNDISCLOSED)
    self->round_trip_note = g_strdup (_("A deal on the cycle is undisclosed, so what can go all the way round is unknown."));
  else if (single)
    self->round_trip_note = g_strdup (_("The smallest amount on the cycle: what can go all the way round."));
  else if (self->round_trip.kind == DG_AMOUNT_UNDISCLOSED)
    self->round_trip_note = g_strdup (_("Every deal of one of its steps is undisclosed, so what can go all the way round is unknown."));
  else if (isinf (self->round_trip.max) && !isinf (self->round_trip.min))
    self->round_trip_note = g_strdup (_("The smallest total of a step, using all the parallel deals: "
                                        "undisclosed deals could make it larger."));
  else
    self->round_trip_note = g_strdup (_("The smallest total of a step, using all the parallel deals: "
                                        "the most that can go all the way round."));
  return self;
}

/**
 * dg_cycle_summary_ref:
 * @self: a summary
 *
 * Returns: (transfer full): @self
 */
DgCycleSummary *
dg_cycle_summary_ref (DgCycleSummary *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * dg_cycle_summary_unref:
 * @self: (transfer full): a summary
 */
void
dg_cycle_summary_unref (DgCycleSummary *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint k = 0; k < self->n_steps; k++)
    {
      g_free (self->steps[k].name);
      g_free (self->steps[k].deals);
      g_free (self->steps[k].amount_text);
    }
  g_free (self->steps);
  g_free (self->chain);
  g_free (self->amounts_text);
  g_free (self->round_trip_text);
  g_free (self->round_trip_note);
  g_free (self->cycles);
  g_free (self->combinations_text);
  g_free (self->story);
  g_free (self->caption);
  g_clear_object (&self->doc);
  g_free (self);
}

/**
 * dg_cycle_summary_get_story:
 * @self: a summary
 *
 * The story in words, from the first company: a cycle's deals one clause
 * each; a route's steps, each with all its deals ("NVIDIA has 3 deals with
 * CoreWeave, $12B in all").
 *
 * Returns: (transfer none): the sentence, plain text
 */
const char *
dg_cycle_summary_get_story (DgCycleSummary *self)
{
  g_autoptr(GString) story = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->story != NULL)
    return self->story;

  story = g_string_new (NULL);
  for (guint k = 0; k < self->n_steps; k++)
    {
      const DgCycleStep *step = &self->steps[k];
      g_autofree char *clause = NULL;

      if (step->n_deals == 0)
        continue;
      clause = dg_story_hop_clause (self->doc, step->deals, step->n_deals, step->amount_text);
      if (story->len > 0)
        /* Translators: joins the clauses of a cycle's story: "Amazon may invest $10B in OpenAI; OpenAI has committed $38B to Amazon" */
        g_string_append (story, _("; "));
      g_string_append (story, clause);
    }
  /* Translators: a whole sentence made of one clause; use your language's full stop */
  self->story = g_strdup_printf (_("%s."), story->str);
  return self->story;
}

/**
 * dg_cycle_summary_get_caption:
 * @self: a summary
 *
 * A short caption for a slide: the chain and what can go round, "Amazon /
 * AWS → OpenAI → Amazon / AWS: $10B can go all the way round" (or "at
 * least $5B", or "an unknown amount").
 *
 * Returns: (transfer none): the caption, plain text
 */
const char *
dg_cycle_summary_get_caption (DgCycleSummary *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->caption != NULL)
    return self->caption;

  /* Unknown: undisclosed, or "at least" nothing. */
  if (self->round_trip.kind == DG_AMOUNT_UNDISCLOSED
      || (isinf (self->round_trip.max) && !isinf (self->round_trip.min) && self->round_trip.min <= 0))
    /* Translators: a slide caption; %s is a cycle of companies, "Amazon → OpenAI → Amazon" */
    self->caption = g_strdup_printf (_("%s: an unknown amount can go all the way round"), self->chain);
  else
    /* Translators: a slide caption; %1$s is a cycle of companies, "Amazon → OpenAI → Amazon", %2$s the amount that can go round, "$10B", "up to $6.3B" or "at least $5B" */
    self->caption = g_strdup_printf (_("%1$s: %2$s can go all the way round"), self->chain, self->round_trip_text);
  return self->caption;
}

/* ---- Companies --------------------------------------------------------- */

/* Disclosed amounts add up; undisclosed ones are counted, never taken as 0. */
typedef struct
{
  double low;
  double high;
  guint n_known;
  guint n_unknown;
} Sum;

static void
sum_add (Sum           *sum,
         const DgGraph *g,
         guint          e)
{
  switch (g->edge_amount_kind[e])
    {
    case DG_AMOUNT_EXACT:
    case DG_AMOUNT_RANGE:
      sum->low += g->edge_amount_min[e];
      sum->high += g->edge_amount_max[e];
      sum->n_known++;
      break;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      sum->n_unknown++;
      break;
    }
}

/* "$1.2T", "up to $5B" or "$1.1T–$1.3T". */
static char *
format_sum (double low,
            double high)
{
  DgAmount amount;

  if (isinf (low) || isinf (high) || fabs (high - low) < 0.5)
    amount = (DgAmount) { DG_AMOUNT_EXACT, high, high, high };
  else
    amount = (DgAmount) { DG_AMOUNT_RANGE, high, low, high };
  return dg_amount_format_locale (&amount);
}

static void
set_sum (const Sum *sum,
         char     **text,
         gboolean  *known,
         char     **detail)
{
  g_autofree char *figure = NULL;

  *known = sum->n_known > 0;
  if (sum->n_known == 0 && sum->n_unknown == 0)
    {
      /* Translators: a company with no deals on one side */
      *text = g_strdup (_("None"));
      *detail = NULL;
      return;
    }
  if (sum->n_known == 0)
    {
      *text = g_strdup (_("Undisclosed"));
      /* Translators: every deal on one side of a company is undisclosed */
      *detail = g_strdup_printf (ngettext ("%u undisclosed deal", "%u undisclosed deals", sum->n_unknown),
                                 sum->n_unknown);
      return;
    }

  figure = format_sum (sum->low, sum->high);
  if (sum->n_unknown > 0 && !isinf (sum->high))
    {
      if (fabs (sum->high - sum->low) < 0.5)
        /* Translators: a total of disclosed amounts that undisclosed deals add to, e.g. "at least $12B" */
        *text = g_strdup_printf (_("at least %s"), figure);
      else
        /* Translators: a range of totals that undisclosed deals add to, e.g. "$623B–$630B or more"; "at least" before a range would read as if only its low end were a bound */
        *text = g_strdup_printf (_("%s or more"), figure);
      /* Translators: under a total of disclosed amounts: the deals it leaves out */
      *detail = g_strdup_printf (ngettext ("Plus %u undisclosed deal", "Plus %u undisclosed deals", sum->n_unknown),
                                 sum->n_unknown);
    }
  else
    {
      *text = g_steal_pointer (&figure);
      /* Translators: under a total: how many deals it adds up */
      *detail = g_strdup_printf (ngettext ("%u deal", "%u deals", sum->n_known + sum->n_unknown),
                                 sum->n_known + sum->n_unknown);
    }
}

static char *
signed_money (double v)
{
  g_autofree char *money = NULL;

  if (isnan (v))
    return g_strdup (_("unknown"));
  if (fabs (v) < 0.5)
    return dg_format_money_locale (0);
  money = dg_format_money_locale (fabs (v));
  if (v > 0)
    /* Translators: a net amount received, e.g. "+$5B" */
    return g_strdup_printf (_("+%s"), money);
  /* Translators: a net amount paid out, e.g. "−$5B" (with a minus sign) */
  return g_strdup_printf (_("−%s"), money);
}

/* Money in minus money out, at both ends of the ranges; what undisclosed
 * deals on either side could do to it. */
static void
set_net (DgCompanySummary *self,
         const Sum        *out,
         const Sum        *in)
{
  /* The smallest net pairs the least in with the most out. Overflowed
   * totals make NAN (inf - inf), which reads "unknown". */
  double low = in->low - out->high;
  double high = in->high - out->low;
  g_autofree char *lo = signed_money (low);
  g_autofree char *text = NULL;
  guint n_unknown = out->n_unknown + in->n_unknown;
  gboolean range = FALSE;

  if (isnan (low) || isnan (high) || fabs (high - low) < 0.5)
    text = g_steal_pointer (&lo);
  else
    {
      g_autofree char *hi = signed_money (high);

      /* Translators: a range of net amounts, e.g. "−$50B to +$30B" */
      text = g_strdup_printf (_("%s to %s"), lo, hi);
      range = TRUE;
    }

  /* "at least −$107B to +$11B" would read as if only the low end were a
   * bound: a range takes "or more" and "or less" after it, as shares do. */
  if (isnan (low) || isnan (high)
      || (out->n_unknown > 0 && in->n_unknown > 0 && out->n_known == 0 && in->n_known == 0))
    self->net_text = g_strdup (_("unknown"));
  else if (out->n_unknown > 0 && in->n_unknown > 0)
    /* Translators: a net amount that undisclosed deals on both sides could move either way */
    self->net_text = g_strdup_printf (_("%s of the disclosed amounts"), text);
  else if (out->n_unknown > 0 && range)
    /* Translators: a range of net amounts that undisclosed payments could lower, e.g. "−$50B to +$30B or less" */
    self->net_text = g_strdup_printf (_("%s or less"), text);
  else if (out->n_unknown > 0)
    /* Translators: a net amount that undisclosed payments could lower, e.g. "at most −$5B" */
    self->net_text = g_strdup_printf (_("at most %s"), text);
  else if (in->n_unknown > 0 && range)
    /* Translators: a range of net amounts that undisclosed receipts could raise, e.g. "−$50B to +$30B or more" */
    self->net_text = g_strdup_printf (_("%s or more"), text);
  else if (in->n_unknown > 0)
    /* Translators: a net amount that undisclosed receipts could raise, e.g. "at least +$5B" */
    self->net_text = g_strdup_printf (_("at least %s"), text);
  else
    self->net_text = g_steal_pointer (&text);

  if (n_unknown > 0)
    /* Translators: under a company's net amount */
    self->net_detail = g_strdup_printf (ngettext ("Money in minus money out; %u undisclosed deal left out",
                                                  "Money in minus money out; %u undisclosed deals left out",
                                                  n_unknown),
                                        n_unknown);
  else
    self->net_detail = g_strdup (_("Money in minus money out"));
}

static void
set_shares (DgCompanySummary *self,
            DgAnalysis       *analysis,
            double            share_budget)
{
  const DgCompanyShare *cs;
  DgShareBound out_bound, in_bound;
  g_autofree char *out_plain = NULL;
  g_autofree char *in_plain = NULL;

  /* A big graph's analysis may skip shares, or stop before this company's:
   * then work them out for it alone, within the budget given. */
  if (analysis->company_share != NULL && analysis->shares_limit == DG_ANALYSIS_LIMIT_NONE)
    {
      self->share = analysis->company_share[self->company];
      self->shares_in_time = TRUE;
    }
  else
    self->shares_in_time = dg_analysis_compute_company_share (analysis, self->company, share_budget, &self->share);
  self->has_shares = TRUE;
  cs = &self->share;

  out_bound = dg_company_share_out_bound (cs);
  in_bound = dg_company_share_in_bound (cs);
  self->out_share_text = dg_analysis_format_share_bounded (cs->out_share_low, cs->out_share_high, out_bound);
  self->in_share_text = dg_analysis_format_share_bounded (cs->in_share_low, cs->in_share_high, in_bound);
  out_plain = dg_analysis_format_share_bounded (cs->out_share_low, cs->out_share_high, DG_SHARE_EXACT);
  in_plain = dg_analysis_format_share_bounded (cs->in_share_low, cs->in_share_high, DG_SHARE_EXACT);

  if (!self->shares_in_time)
    self->out_share_detail = g_strdup (_("Not computed within the time limit"));
  else if (cs->n_out_unknown > 0)
    /* Translators: under a company's out share */
    self->out_share_detail = g_strdup_printf (ngettext ("Of what it pays out, the part that can come back to it; %u undisclosed deal left out",
                                                        "Of what it pays out, the part that can come back to it; %u undisclosed deals left out",
                                                        cs->n_out_unknown),
                                              cs->n_out_unknown);
  else
    self->out_share_detail = g_strdup (_("Of what it pays out, the part that can come back to it"));

  if (cs->n_in_unknown > 0)
    /* Translators: under a company's in share */
    self->in_share_detail = g_strdup_printf (ngettext ("Of what it receives, the part paid by companies it pays; %u undisclosed deal left out",
                                                       "Of what it receives, the part paid by companies it pays; %u undisclosed deals left out",
                                                       cs->n_in_unknown),
                                             cs->n_in_unknown);
  else
    self->in_share_detail = g_strdup (_("Of what it receives, the part paid by companies it pays"));

  /* The sentences a slide says; none for a side with no deals at all. */
  if (cs->out_low > 0 || cs->out_high > 0 || cs->n_out_unknown > 0)
    {
      if (!dg_analysis_share_is_known (cs->out_share_low, cs->out_share_high, out_bound))
        self->out_share_sentence = g_strdup (_("How much of the money it pays out can come back to it is unknown."));
      else if (out_bound == DG_SHARE_DISCLOSED)
        /* Translators: %s is a share such as "26%" or "60%–100%" */
        self->out_share_sentence = g_strdup_printf (_("Of the disclosed money it pays out, %s can come back to it."), out_plain);
      else
        /* Translators: %s is a share such as "26%", "at least 26%" or "60%–100%" */
        self->out_share_sentence = g_strdup_printf (_("Of the money it pays out, %s can come back to it."), self->out_share_text);
    }
  if (cs->in_low > 0 || cs->in_high > 0 || cs->n_in_unknown > 0)
    {
      if (!dg_analysis_share_is_known (cs->in_share_low, cs->in_share_high, in_bound))
        self->in_share_sentence = g_strdup (_("How much of the money it receives comes from companies it pays is unknown."));
      else if (in_bound == DG_SHARE_DISCLOSED)
        /* Translators: %s is a share such as "26%" */
        self->in_share_sentence = g_strdup_printf (_("Of the disclosed money it receives, %s comes from companies it pays."), in_plain);
      else
        /* Translators: %s is a share such as "26%", "at least 26%" or "at most 26%" */
        self->in_share_sentence = g_strdup_printf (_("Of the money it receives, %s comes from companies it pays."), self->in_share_text);
    }
}

/**
 * dg_company_summary_new:
 * @doc: a document
 * @analysis: (nullable): its analysis; without one, no shares or cycles
 * @company: a company index
 * @share_budget: seconds to spend on its shares when @analysis did not
 *   compute them (big graphs); 0 or less for no limit
 *
 * Returns: (transfer full): what is said about the company's money;
 *   free with dg_company_summary_free()
 */
DgCompanySummary *
dg_company_summary_new (DgDocument *doc,
                        DgAnalysis *analysis,
                        guint       company,
                        double      share_budget)
{
  DgCompanySummary *self;
  DgGraph *g;
  Sum out = { 0 };
  Sum in = { 0 };

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (company < dg_document_get_n_companies (doc), NULL);

  if (analysis != NULL && !fits (doc, analysis))
    analysis = NULL;

  self = g_new0 (DgCompanySummary, 1);
  self->company = company;
  self->name = g_strdup (dg_summary_company_name (doc, company));

  /* Every deal of the company, as its lists show them. */
  g = dg_document_get_graph (doc);
  for (guint p = g->out_offset[company]; p < g->out_offset[company + 1]; p++)
    sum_add (&out, g, g->out_edges[p]);
  for (guint p = g->in_offset[company]; p < g->in_offset[company + 1]; p++)
    sum_add (&in, g, g->in_edges[p]);
  set_sum (&out, &self->out_text, &self->out_known, &self->out_detail);
  set_sum (&in, &self->in_text, &self->in_known, &self->in_detail);
  set_net (self, &out, &in);

  if (analysis == NULL)
    return self;

  set_shares (self, analysis, share_budget);
  /* No share of nothing: a side with no deals says so, not "unknown". */
  if (out.n_known + out.n_unknown == 0)
    {
      g_free (self->out_share_text);
      g_free (self->out_share_detail);
      /* Translators: the out share of a company that pays nothing out */
      self->out_share_text = g_strdup (C_("share", "None"));
      self->out_share_detail = g_strdup (_("It pays nothing out"));
    }
  if (in.n_known + in.n_unknown == 0)
    {
      g_free (self->in_share_text);
      g_free (self->in_share_detail);
      /* Translators: the in share of a company that receives nothing */
      self->in_share_text = g_strdup (C_("share", "None"));
      self->in_share_detail = g_strdup (_("It receives nothing"));
    }

  if (analysis->options.flags & DG_ANALYSIS_CYCLES)
    {
      dg_analysis_get_routes_for_node (analysis, company, &self->n_routes);
      dg_analysis_get_cycles_for_node (analysis, company, &self->n_cycles);
      self->cycles_sentence =
        g_strdup_printf (/* Translators: a company's cycles; %1$s the company, %2$u how many routes (cycles through the same companies) it is on, %3$u how many routes were found, %4$u how many cycles it is on, %5$u how many cycles were found */
                         ngettext ("%1$s lies on %2$u of the %3$u route found (%4$u of the %5$u cycles).",
                                   "%1$s lies on %2$u of the %3$u routes found (%4$u of the %5$u cycles).",
                                   analysis->n_routes),
                         self->name, self->n_routes, analysis->n_routes, self->n_cycles, analysis->n_cycles);
    }
  return self;
}

/**
 * dg_company_summary_free:
 * @self: (transfer full) (nullable): a summary
 */
void
dg_company_summary_free (DgCompanySummary *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->out_text);
  g_free (self->out_detail);
  g_free (self->in_text);
  g_free (self->in_detail);
  g_free (self->net_text);
  g_free (self->net_detail);
  g_free (self->out_share_text);
  g_free (self->out_share_detail);
  g_free (self->out_share_sentence);
  g_free (self->in_share_text);
  g_free (self->in_share_detail);
  g_free (self->in_share_sentence);
  g_free (self->cycles_sentence);
  g_free (self);
}
