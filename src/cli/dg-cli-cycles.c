/* dg-cli-cycles.c: dealgraph --cycles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists the routes money goes round, largest round trip first, each with its
 * combinations of deals (the cycles) under it; then the companies on cycles
 * with their round-trip shares.
 *
 * Memory: the analysis keeps at most DG_ANALYSIS_DEFAULT_MAX_STORED deal
 * positions whatever --max-cycles and --max-length ask, and every format is
 * written as it goes, one route, cycle or company at a time, never built
 * whole in memory first (docs/analysis.md, "Limits").
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-changes.h"
#include "dg-cli-private.h"
#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-format.h"
#include "dg-summary.h"

typedef enum
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

static const char *
deal_id (DgDocument *doc,
         guint       index)
{
  return dg_deal_get_id (dg_document_get_deal (doc, index));
}

static const char *
company_id (DgDocument *doc,
            guint       index)
{
  return dg_company_get_id (dg_document_get_company (doc, index));
}

static char *
deal_share_text (DgAnalysis *analysis,
                 guint       e)
{
  const DgDealShare *s = &analysis->deal_share[e];

  return dg_analysis_format_share (s->share_low, s->share_high, s->n_unknown);
}

/* The summary line, the same words for every format. */
static char *
summary_text (DgAnalysis *analysis)
{
  const DgGraph *g = analysis->graph;
  g_autofree char *deals = NULL;
  g_autofree char *components = NULL;
  g_autofree char *cycles = NULL;
  g_autofree char *limit = NULL;

  /* Translators: "32 of 67 deals lie on cycles" */
  deals = g_strdup_printf (ngettext ("%u of %u deal lies on cycles", "%u of %u deals lie on cycles", g->n_edges),
                           analysis->n_cyclic_edges, g->n_edges);
  /* Translators: "in 1 strongly connected component": the groups of
   * companies that money can go round in */
  components = g_strdup_printf (ngettext ("in %u strongly connected component", "in %u strongly connected components",
                                          analysis->n_cyclic_components),
                                analysis->n_cyclic_components);
  /* Translators: "52 cycles on 27 routes of up to 8 companies found"; a route is the companies a cycle passes */
  cycles = g_strdup_printf (ngettext ("%u cycle on %u routes of up to %u companies found",
                                      "%u cycles on %u routes of up to %u companies found",
                                      analysis->n_cycles),
                            analysis->n_cycles, analysis->n_routes, analysis->options.max_length);

  switch (analysis->cycles_limit)
    {
    case DG_ANALYSIS_LIMIT_CYCLES:
      /* Translators: the cycle search stopped at the --max-cycles limit */
      limit = g_strdup_printf (ngettext ("stopped at the limit of %u cycle; more exist",
                                         "stopped at the limit of %u cycles; more exist",
                                         analysis->options.max_cycles),
                               analysis->options.max_cycles);
      break;
    case DG_ANALYSIS_LIMIT_TIME:
      /* Translators: the cycle search ran out of time */
      limit = g_strdup_printf (_("stopped by the time budget of %g s after searching from %u of %u companies"),
                               analysis->options.time_budget,
                               analysis->cycles_starts_done, analysis->n_cyclic_nodes);
      break;
    case DG_ANALYSIS_LIMIT_MEMORY:
      /* Translators: the cycles kept filled the memory the search may use; %lu is a number of deal positions (the sum of the cycles' lengths) */
      limit = g_strdup_printf (_("stopped when the cycles kept reached %lu deal positions, the most it keeps; more exist"),
                               (gulong) DG_ANALYSIS_DEFAULT_MAX_STORED);
      break;
    case DG_ANALYSIS_LIMIT_NONE:
    default:
      if (analysis->cycles_longer_found)
        limit = g_strdup (_("complete within the length limit; longer cycles exist"));
      else if (analysis->cycles_length_limited)
        limit = g_strdup (_("complete within the length limit; longer cycles may exist"));
      else
        limit = g_strdup (_("complete"));
      break;
    }

  if (analysis->shares_limit == DG_ANALYSIS_LIMIT_TIME)
    {
      g_autofree char *base = g_steal_pointer (&limit);

      /* Translators: appended when round-trip shares ran out of time */
      limit = g_strdup_printf (_("%s; round-trip shares stopped by the time budget"), base);
    }

  /* Translators: the summary line of --cycles: "32 of 67 deals lie on
   * cycles", "in 5 strongly connected components", "52 cycles on 27
   * routes of up to 8 companies found", "complete"; French puts a space
   * before the semicolons */
  return g_strdup_printf (_("%s, %s; %s; %s."), deals, components, cycles, limit);
}

static double
sort_key (double value)
{
  return isnan (value) ? -1.0 : value;
}

static int
compare_companies (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  DgAnalysis *analysis = user_data;
  guint u = *(const guint *) a;
  guint v = *(const guint *) b;
  const DgCompanyShare *su = &analysis->company_share[u];
  const DgCompanyShare *sv = &analysis->company_share[v];
  double hu = sort_key (su->out_share_high);
  double hv = sort_key (sv->out_share_high);
  double lu = sort_key (su->out_share_low);
  double lv = sort_key (sv->out_share_low);

  if (hu != hv)
    return hu > hv ? -1 : 1;
  if (lu != lv)
    return lu > lv ? -1 : 1;
  return u < v ? -1 : u > v;
}

/* The companies on cycles, those with the most money coming back first. */
static guint *
companies_in_order (DgAnalysis *analysis,
                    guint      *n_order)
{
  const DgGraph *g = analysis->graph;
  guint *order = g_new (guint, MAX (g->n_nodes, 1));

  *n_order = 0;
  for (guint v = 0; v < g->n_nodes; v++)
    if (analysis->node_cyclic[v])
      order[(*n_order)++] = v;
  if (analysis->company_share != NULL)
    g_qsort_with_data (order, *n_order, sizeof (guint), compare_companies, analysis);
  return order;
}

/* ---- Text ---------------------------------------------------------------- */

static void
print_cycle_deals (DgDocument     *doc,
                   DgAnalysis     *analysis,
                   DgCycleSummary *cycle,
                   const char     *indent)
{
  for (guint k = 0; k < cycle->n_steps; k++)
    {
      guint e = cycle->steps[k].deals[0];
      g_autofree char *id_col = dg_cli_pad (deal_id (doc, e), 26);
      g_autofree char *amount_text = dg_amount_format (&cycle->steps[k].amount);
      g_autofree char *amount_col = dg_cli_pad (amount_text, 14);
      g_autofree char *share = deal_share_text (analysis, e);

      /* Translators: the round-trip share of one deal on a cycle */
      g_print ("%s%s %s %s %s\n", indent, id_col, amount_col, _("can come back:"), share);
    }
}

static void
print_text (DgDocument *doc,
            DgAnalysis *analysis,
            gint32      as_of)
{
  g_autofree char *summary = NULL;
  g_autofree guint *order = NULL;
  guint n_order = 0;

  if (dg_document_get_title (doc) != NULL && as_of != 0)
    {
      g_autofree char *date = dg_filter_format_as_of (as_of);

      /* Translators: document title and the date its data describes */
      g_print (_("%s (as of %s)\n"), dg_document_get_title (doc), date);
      g_print ("\n");
    }
  else if (dg_document_get_title (doc) != NULL)
    g_print ("%s\n\n", dg_document_get_title (doc));

  if (analysis->n_cycles == 0)
    g_print ("%s\n", _("No circular deals found."));

  /* Routes, and under each its combinations of deals: one route at a time,
   * printed as it is made. */
  for (guint r = 0; r < analysis->n_routes; r++)
    {
      g_autoptr(DgCycleSummary) route = dg_cycle_summary_new_route (doc, analysis, r);
      g_autofree char *amount = dg_analysis_format_round_trip (&route->round_trip);

      g_print ("%4u. %s\n", r + 1, route->chain);
      if (route->n_cycles == 1 && route->n_combinations == 1)
        {
          g_autoptr(DgCycleSummary) cycle = dg_cycle_summary_new_cycle (doc, analysis, route->cycles[0]);

          /* Translators: the smallest amount on a cycle, e.g. "round trip: $10B" */
          g_print ("      %s %s\n", _("round trip:"), amount);
          print_cycle_deals (doc, analysis, cycle, "        ");
          continue;
        }

      /* Translators: a route's round trip using all its parallel deals, then how many combinations of deals it has */
      g_print ("      %s %s (%s)\n", _("round trip, all deals:"), amount, route->combinations_text);
      for (guint i = 0; i < route->n_cycles; i++)
        {
          g_autoptr(DgCycleSummary) cycle = dg_cycle_summary_new_cycle (doc, analysis, route->cycles[i]);
          g_autofree char *cycle_amount = dg_analysis_format_round_trip (&cycle->round_trip);

          /* Translators: one combination of deals of a route: its number in the list of cycles, its round trip */
          g_print ("      %s %u, %s %s\n", _("cycle"), route->cycles[i] + 1, _("round trip:"), cycle_amount);
          print_cycle_deals (doc, analysis, cycle, "          ");
        }
    }

  order = companies_in_order (analysis, &n_order);
  if (n_order > 0 && analysis->company_share != NULL)
    {
      g_print ("\n%s\n", _("Companies on cycles: share of their outgoing money that can come back to them, "
                            "and of their incoming money that comes from companies they pay"));
      for (guint i = 0; i < n_order; i++)
        {
          guint v = order[i];
          const DgCompanyShare *cs = &analysis->company_share[v];
          g_autofree char *name = dg_cli_pad (dg_summary_company_name (doc, v), 30);
          g_autofree char *out = dg_analysis_format_share_bounded (cs->out_share_low, cs->out_share_high,
                                                                   dg_company_share_out_bound (cs));
          g_autofree char *out_col = dg_cli_pad (out, 18);
          g_autofree char *in = dg_analysis_format_share_bounded (cs->in_share_low, cs->in_share_high,
                                                                  dg_company_share_in_bound (cs));

          /* Translators: "out" = outgoing money coming back, "in" = incoming
           * money from companies it pays */
          g_print ("  %s %s %s %s %s\n", name, _("out:"), out_col, _("in:"), in);
        }
      g_print ("%s\n", _("(Amounts span different terms, from one-off investments to multi-year contracts. "
                         "Undisclosed amounts count as nothing: \"at least\" and \"at most\" say which way they "
                         "could move a share, \"of the disclosed amounts\" that they could move it either way.)"));
    }

  summary = summary_text (analysis);
  g_print ("\n%s\n", summary);
}

/* ---- JSON ---------------------------------------------------------------- */

static void
add_number_or_null (JsonBuilder *b,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (b, member);
  /* value + 0.0 turns -0 into 0: no negative zero in a report. */
  if (isfinite (value))
    json_builder_add_double_value (b, value + 0.0);
  else
    json_builder_add_null_value (b);
}

static void
add_round_trip (JsonBuilder    *b,
                const DgAmount *amount)
{
  g_autofree char *text = dg_analysis_format_round_trip (amount);
  gboolean known = amount->kind != DG_AMOUNT_UNDISCLOSED;

  json_builder_set_member_name (b, "round_trip");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_set_member_name (b, "known");
  json_builder_add_boolean_value (b, known);
  /* A route's undisclosed deals can leave it open above: high_usd null. */
  json_builder_set_member_name (b, "at_least");
  json_builder_add_boolean_value (b, known && isinf (amount->max) && !isinf (amount->min));
  json_builder_set_member_name (b, "overflow");
  json_builder_add_boolean_value (b, known && isinf (amount->min));
  add_number_or_null (b, "low_usd", amount->min);
  add_number_or_null (b, "high_usd", amount->max);
  json_builder_end_object (b);
}

static void
add_companies (JsonBuilder          *b,
               DgDocument           *doc,
               const DgCycleSummary *summary)
{
  json_builder_set_member_name (b, "companies");
  json_builder_begin_array (b);
  for (guint k = 0; k < summary->n_steps; k++)
    json_builder_add_string_value (b, company_id (doc, summary->steps[k].company));
  json_builder_end_array (b);
}

/* One cycle, as an object of its own: the report is written a cycle at a
 * time. */
static JsonNode *
cycle_node (DgDocument *doc,
            DgAnalysis *analysis,
            guint       i)
{
  const DgGraph *g = analysis->graph;
  g_autoptr(DgCycleSummary) cycle = dg_cycle_summary_new_cycle (doc, analysis, i);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rank");
  json_builder_add_int_value (b, i + 1);
  json_builder_set_member_name (b, "route");
  json_builder_add_int_value (b, cycle->route + 1);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, cycle->chain);
  add_companies (b, doc, cycle);
  add_round_trip (b, &cycle->round_trip);

  json_builder_set_member_name (b, "deals");
  json_builder_begin_array (b);
  for (guint k = 0; k < cycle->n_steps; k++)
    {
      guint e = cycle->steps[k].deals[0];
      const DgDealShare *s = &analysis->deal_share[e];
      g_autofree char *share = deal_share_text (analysis, e);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, deal_id (doc, e));
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, company_id (doc, g->edge_src[e]));
      json_builder_set_member_name (b, "to");
      json_builder_add_string_value (b, company_id (doc, g->edge_dst[e]));
      add_number_or_null (b, "amount_low_usd", s->amount_low);
      add_number_or_null (b, "amount_high_usd", s->amount_high);
      add_number_or_null (b, "back_low_usd", s->back_low);
      add_number_or_null (b, "back_high_usd", s->back_high);
      add_number_or_null (b, "share_low", s->share_low);
      add_number_or_null (b, "share_high", s->share_high);
      json_builder_set_member_name (b, "unknown_deals");
      json_builder_add_int_value (b, s->n_unknown);
      json_builder_set_member_name (b, "share_text");
      json_builder_add_string_value (b, share);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
company_node (DgDocument *doc,
              DgAnalysis *analysis,
              guint       v)
{
  const DgCompanyShare *cs = &analysis->company_share[v];
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *out = dg_analysis_format_share_bounded (cs->out_share_low, cs->out_share_high,
                                                           dg_company_share_out_bound (cs));
  g_autofree char *in = dg_analysis_format_share_bounded (cs->in_share_low, cs->in_share_high,
                                                          dg_company_share_in_bound (cs));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, company_id (doc, v));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, dg_summary_company_name (doc, v));
  add_number_or_null (b, "out_low_usd", cs->out_low);
  add_number_or_null (b, "out_high_usd", cs->out_high);
  add_number_or_null (b, "out_back_low_usd", cs->out_back_low);
  add_number_or_null (b, "out_back_high_usd", cs->out_back_high);
  add_number_or_null (b, "out_share_low", cs->out_share_low);
  add_number_or_null (b, "out_share_high", cs->out_share_high);
  json_builder_set_member_name (b, "out_share_text");
  json_builder_add_string_value (b, out);
  add_number_or_null (b, "in_low_usd", cs->in_low);
  add_number_or_null (b, "in_high_usd", cs->in_high);
  add_number_or_null (b, "in_from_payees_low_usd", cs->in_from_payees_low);
  add_number_or_null (b, "in_from_payees_high_usd", cs->in_from_payees_high);
  add_number_or_null (b, "in_share_low", cs->in_share_low);
  add_number_or_null (b, "in_share_high", cs->in_share_high);
  json_builder_set_member_name (b, "in_share_text");
  json_builder_add_string_value (b, in);
  json_builder_set_member_name (b, "unknown_outgoing");
  json_builder_add_int_value (b, cs->n_out_unknown);
  json_builder_set_member_name (b, "unknown_incoming");
  json_builder_add_int_value (b, cs->n_in_unknown);
  json_builder_set_member_name (b, "unknown_incoming_from_payees");
  json_builder_add_int_value (b, cs->n_in_unknown_from_payees);
  json_builder_set_member_name (b, "unknown_in_component");
  json_builder_add_int_value (b, cs->n_component_unknown);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
summary_node (DgAnalysis *analysis)
{
  const DgGraph *g = analysis->graph;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *summary = summary_text (analysis);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, summary);
  json_builder_set_member_name (b, "companies");
  json_builder_add_int_value (b, g->n_nodes);
  json_builder_set_member_name (b, "deals");
  json_builder_add_int_value (b, g->n_edges);
  json_builder_set_member_name (b, "cyclic_deals");
  json_builder_add_int_value (b, analysis->n_cyclic_edges);
  json_builder_set_member_name (b, "cyclic_companies");
  json_builder_add_int_value (b, analysis->n_cyclic_nodes);
  json_builder_set_member_name (b, "components");
  json_builder_add_int_value (b, analysis->n_components);
  json_builder_set_member_name (b, "cyclic_components");
  json_builder_add_int_value (b, analysis->n_cyclic_components);
  json_builder_set_member_name (b, "cycles");
  json_builder_add_int_value (b, analysis->n_cycles);
  json_builder_set_member_name (b, "routes");
  json_builder_add_int_value (b, analysis->n_routes);
  json_builder_set_member_name (b, "max_length");
  json_builder_add_int_value (b, analysis->options.max_length);
  json_builder_set_member_name (b, "max_cycles");
  json_builder_add_int_value (b, analysis->options.max_cycles);
  json_builder_set_member_name (b, "max_stored_deal_positions");
  json_builder_add_int_value (b, DG_ANALYSIS_DEFAULT_MAX_STORED);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, analysis->cycles_limit == DG_ANALYSIS_LIMIT_NONE);
  json_builder_set_member_name (b, "limit");
  json_builder_add_string_value (b, dg_analysis_limit_to_string (analysis->cycles_limit));
  json_builder_set_member_name (b, "longer_cycles_may_exist");
  json_builder_add_boolean_value (b, analysis->cycles_length_limited);
  json_builder_set_member_name (b, "longer_cycles_exist");
  json_builder_add_boolean_value (b, analysis->cycles_longer_found);
  json_builder_set_member_name (b, "companies_searched");
  json_builder_add_int_value (b, analysis->cycles_starts_done);
  json_builder_set_member_name (b, "shares_limit");
  json_builder_add_string_value (b, dg_analysis_limit_to_string (analysis->shares_limit));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* json-glib 1.6 writes 1e+308 as "1e+308.0", which no parser reads back
 * (docs/decisions.md; the saver in dg-loader.c works around it too): drop
 * a ".0" that follows an exponent, outside strings. */
static void
fix_exponents (char *text)
{
  gboolean in_string = FALSE;
  char *out = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      *out++ = *p;
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            *out++ = *++p;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if ((*p == 'e' || *p == 'E') && out - 1 > text && g_ascii_isdigit (out[-2]))
        {
          if (p[1] == '+' || p[1] == '-')
            *out++ = *++p;
          while (g_ascii_isdigit (p[1]))
            *out++ = *++p;
          if (p[1] == '.' && p[2] == '0' && !g_ascii_isdigit (p[3]))
            p += 2;
        }
    }
  *out = '\0';
}

/* Writes @node (consumed) after @before. */
static void
print_node (const char *before,
            JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  json_node_unref (node);
  fix_exponents (text);
  g_print ("%s%s", before, text);
}

static JsonNode *changes_node (DgDocument *doc, gint32 as_of);
static JsonNode *since_node (DgDocument *doc, DgCliOptions *opts);

static void
print_json (DgDocument   *doc,
            DgAnalysis   *analysis,
            DgDocument   *original,
            DgCliOptions *opts)
{
  gboolean first = TRUE;

  g_print ("{\n");
  if (dg_document_get_title (doc) != NULL)
    {
      JsonNode *title = json_node_init_string (json_node_alloc (), dg_document_get_title (doc));

      print_node ("\"title\": ", title);
      g_print (",\n");
    }
  print_node ("\"summary\": ", summary_node (analysis));

  /* Routes, each with its combinations (the same objects as "cycles"). */
  g_print (",\n\"routes\": [");
  for (guint r = 0; r < analysis->n_routes; r++)
    {
      g_autoptr(DgCycleSummary) route = dg_cycle_summary_new_route (doc, analysis, r);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rank");
      json_builder_add_int_value (b, r + 1);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, route->chain);
      add_companies (b, doc, route);
      add_round_trip (b, &route->round_trip);
      json_builder_set_member_name (b, "combinations");
      json_builder_add_int_value (b, route->n_combinations == G_MAXUINT64 ? G_MAXINT64 : (gint64) route->n_combinations);
      json_builder_set_member_name (b, "hops");
      json_builder_begin_array (b);
      for (guint k = 0; k < route->n_steps; k++)
        {
          json_builder_begin_array (b);
          for (guint d = 0; d < route->steps[k].n_deals; d++)
            json_builder_add_string_value (b, deal_id (doc, route->steps[k].deals[d]));
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "cycles");
      json_builder_begin_array (b);
      for (guint i = 0; i < route->n_cycles; i++)
        json_builder_add_value (b, cycle_node (doc, analysis, route->cycles[i]));
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_node (r > 0 ? ",\n" : "\n", json_builder_get_root (b));
    }
  g_print ("\n]");

  g_print (",\n\"cycles\": [");
  for (guint i = 0; i < analysis->n_cycles; i++)
    print_node (i > 0 ? ",\n" : "\n", cycle_node (doc, analysis, i));
  g_print ("\n]");

  g_print (",\n\"companies\": [");
  for (guint v = 0; analysis->company_share != NULL && v < analysis->graph->n_nodes; v++)
    {
      if (!analysis->node_cyclic[v])
        continue;
      print_node (first ? "\n" : ",\n", company_node (doc, analysis, v));
      first = FALSE;
    }
  g_print ("\n]");
  if (opts->as_of != 0)
    {
      g_autofree char *date = dg_filter_format_as_of (opts->as_of);

      /* With --as-of: the date, and the deals with a history that were
       * cancelled or stalled then. */
      print_node (",\n\"as_of\": ", json_node_init_string (json_node_alloc (), date));
      print_node (",\n\"changed\": ", changes_node (original, opts->as_of));
    }
  if (opts->since_from != 0)
    print_node (",\n\"since\": ", since_node (original, opts));
  g_print ("\n}\n");
}

/* ---- CSV ----------------------------------------------------------------- */

/* RFC 4180: quote a field when it holds a comma, a quote or a line break,
 * doubling the quotes inside. */
static void
csv_field (GString    *line,
           const char *text)
{
  if (line->len > 0)
    g_string_append_c (line, ',');

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* Cells are separated by commas, so an empty first cell still needs its
 * place. */
static void
csv_first_empty (GString *line)
{
  g_string_append (line, "\"\"");
}

static void
csv_number (GString *line,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* value + 0.0 turns -0 into 0: no negative zero in a report. */
  csv_field (line, isfinite (value) ? g_ascii_formatd (buf, sizeof buf, "%.15g", value + 0.0) : "");
}

static void
csv_uint (GString *line,
          guint64  value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  csv_field (line, text);
}

static void
csv_end_line (GString *line)
{
  g_string_append (line, "\r\n");
  fputs (line->str, stdout);
  g_string_truncate (line, 0);
}

static void
csv_companies_and_amounts (GString              *line,
                           DgDocument           *doc,
                           const DgCycleSummary *summary,
                           gboolean              with_deals)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GString) deal_ids = g_string_new (NULL);
  g_autofree char *amount_text = dg_analysis_format_round_trip (&summary->round_trip);

  for (guint k = 0; k < summary->n_steps; k++)
    {
      g_string_append_printf (ids, "%s%s", k > 0 ? " " : "", company_id (doc, summary->steps[k].company));
      if (with_deals)
        g_string_append_printf (deal_ids, "%s%s", k > 0 ? " " : "", deal_id (doc, summary->steps[k].deals[0]));
    }
  csv_uint (line, summary->n_steps);
  csv_field (line, summary->chain);
  csv_field (line, ids->str);
  csv_field (line, deal_ids->str);
  csv_field (line, amount_text);
  csv_number (line, summary->round_trip.min);
  csv_number (line, summary->round_trip.max);
}

/* A route's row, then its combinations' rows shifted one cell right (the
 * route column left empty): an outline a spreadsheet shows as it reads. */
static void
print_csv (DgDocument *doc,
           DgAnalysis *analysis)
{
  static const char * const header[] = {
    "route", "cycle", "length", "path", "companies", "deals", "round_trip",
    "round_trip_low_usd", "round_trip_high_usd", "combinations", "deal_shares",
  };
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *summary = summary_text (analysis);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    csv_field (line, header[i]);
  csv_end_line (line);

  for (guint r = 0; r < analysis->n_routes; r++)
    {
      g_autoptr(DgCycleSummary) route = dg_cycle_summary_new_route (doc, analysis, r);

      csv_uint (line, r + 1);
      csv_field (line, "");
      csv_companies_and_amounts (line, doc, route, FALSE);
      csv_uint (line, route->n_combinations);
      csv_field (line, "");
      csv_end_line (line);

      for (guint i = 0; i < route->n_cycles; i++)
        {
          g_autoptr(DgCycleSummary) cycle = dg_cycle_summary_new_cycle (doc, analysis, route->cycles[i]);
          g_autoptr(GString) shares = g_string_new (NULL);

          for (guint k = 0; k < cycle->n_steps; k++)
            {
              g_autofree char *share = deal_share_text (analysis, cycle->steps[k].deals[0]);

              g_string_append_printf (shares, "%s%s", k > 0 ? "; " : "", share);
            }
          csv_first_empty (line);
          csv_uint (line, route->cycles[i] + 1);
          csv_companies_and_amounts (line, doc, cycle, TRUE);
          csv_field (line, "");
          csv_field (line, shares->str);
          csv_end_line (line);
        }
    }

  /* CSV has no place for a summary; stderr keeps stdout a clean table. */
  g_printerr ("%s\n", summary);
}

/* ---- what changed by the date -------------------------------------------- */

/* "NVIDIA → OpenAI, up to $100B" for a deal of @doc at @as_of. */
static char *
deal_line (DgDocument *doc,
           DgDeal     *deal,
           gint32      as_of)
{
  DgDealState state;
  g_autofree char *amount = NULL;
  g_autofree char *direction = NULL;

  dg_deal_get_state_at (deal, as_of, &state);
  if (!state.exists)
    dg_deal_get_state_at (deal, 0, &state);
  amount = dg_amount_format (&state.amount);
  direction = dg_format_deal_direction (dg_summary_company_name (doc, dg_deal_get_from_index (deal)),
                                        dg_summary_company_name (doc, dg_deal_get_to_index (deal)));
  /* Translators: a deal's direction and amount, e.g. "NVIDIA → OpenAI, $30B" */
  return g_strdup_printf (_("%s, %s"), direction, amount);
}

/* The deals with a history that had left the network (cancelled) or were
 * stalled at @as_of, and what replaced the cancelled ones: what --as-of
 * shows has changed. */
static void
print_changes_text (DgDocument *doc,
                    gint32      as_of)
{
  g_autofree char *date = dg_filter_format_as_of (as_of);
  gboolean cancelled_header = FALSE, stalled_header = FALSE;

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
      {
        DgDeal *deal = dg_document_get_deal (doc, i);
        const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
        g_autofree char *line = NULL;
        g_autofree char *id = NULL;
        DgDealState state;
        gint32 before;

        if (timeline->events->len == 0)
          continue;
        dg_deal_get_state_at (deal, as_of, &state);
        if (!state.exists || state.status != (pass == 0 ? DG_DEAL_STATUS_CANCELLED : DG_DEAL_STATUS_STALLED))
          continue;
        if (pass == 0 && !cancelled_header)
          {
            g_print ("\n");
            /* Translators: %s is a date, "2026-06" */
            g_print (_("Left the network by %s (cancelled, no longer on any cycle):"), date);
            g_print ("\n");
            cancelled_header = TRUE;
          }
        if (pass == 1 && !stalled_header)
          {
            g_print ("\n");
            /* Translators: %s is a date, "2026-01" */
            g_print (_("Stalled as of %s (still counted until cancelled):"), date);
            g_print ("\n");
            stalled_header = TRUE;
          }
        id = dg_cli_pad (dg_deal_get_id (deal), 26);
        /* The deal as it was just before it was cancelled or stalled. */
        before = state.n_events > 1
                 ? ((DgDealEvent *) g_ptr_array_index (timeline->events, state.n_events - 2))->date_packed : as_of;
        line = deal_line (doc, deal, before);
        /* Translators: "cancelled" or "stalled" after a deal, before the date it happened */
        g_print ("  %s %s; %s %s\n", id, line, pass == 0 ? _("cancelled") : _("stalled"), state.event->date);
        if (pass == 0 && timeline->replaced_by != NULL)
          {
            DgDeal *by = dg_document_lookup_deal (doc, timeline->replaced_by);
            g_autofree char *by_line = by != NULL ? deal_line (doc, by, as_of) : NULL;
            g_autofree char *pad = dg_cli_pad ("", 26);
            DgDealState by_state;

            if (by == NULL)
              continue;
            dg_deal_get_state_at (by, as_of, &by_state);
            if (by_state.in_network)
              /* Translators: the deal that took a cancelled one's place: its id and what it is */
              g_print ("  %s %s %s (%s)\n", pad, _("replaced by"), timeline->replaced_by, by_line);
            else
              /* Translators: the deal that took a cancelled one's place, not in the network yet at the date */
              g_print ("  %s %s %s (%s; %s)\n", pad, _("replaced by"), timeline->replaced_by, by_line,
                       _("not yet in the network then"));
          }
      }
}

static JsonNode *
changes_node (DgDocument *doc,
              gint32      as_of)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, i);
      const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
      DgDealState state;

      if (timeline->events->len == 0)
        continue;
      dg_deal_get_state_at (deal, as_of, &state);
      if (!state.exists || (state.status != DG_DEAL_STATUS_CANCELLED && state.status != DG_DEAL_STATUS_STALLED))
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "deal");
      json_builder_add_string_value (b, dg_deal_get_id (deal));
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, dg_deal_status_to_string (state.status));
      json_builder_set_member_name (b, "since");
      json_builder_add_string_value (b, state.event->date);
      if (state.status == DG_DEAL_STATUS_CANCELLED && timeline->replaced_by != NULL)
        {
          json_builder_set_member_name (b, "replaced_by");
          json_builder_add_string_value (b, timeline->replaced_by);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* ---- what changed since --since ------------------------------------------ */

static void
add_deal_list (JsonBuilder  *b,
               DgDocument   *doc,
               const char   *member,
               const guint  *deals,
               guint         n)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint k = 0; k < n; k++)
    json_builder_add_string_value (b, deal_id (doc, deals[k]));
  json_builder_end_array (b);
}

static JsonNode *
since_node (DgDocument   *doc,
            DgCliOptions *opts)
{
  g_autoptr(DgChanges) changes = dg_changes_new (doc, opts->since_from, opts->as_of, (guint) opts->max_length);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *from = dg_filter_format_as_of (opts->since_from);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, opts->since_text);
  json_builder_set_member_name (b, "compared_with");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, changes->complete);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < changes->changes->len; i++)
    {
      const DgChange *change = g_ptr_array_index (changes->changes, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, dg_change_kind_to_string (change->kind));
      if (change->kind == DG_CHANGE_CYCLE_BROKE || change->kind == DG_CHANGE_CYCLE_FORMED)
        {
          add_deal_list (b, doc, "causes", (const guint *) (gpointer) change->causes->data, change->causes->len);
          json_builder_set_member_name (b, "cycles");
          json_builder_begin_array (b);
          for (guint c = 0; c < change->cycles->len; c++)
            {
              const GArray *cycle = g_ptr_array_index (change->cycles, c);

              json_builder_begin_array (b);
              for (guint k = 0; k < cycle->len; k++)
                json_builder_add_string_value (b, deal_id (doc, g_array_index (cycle, guint, k)));
              json_builder_end_array (b);
            }
          json_builder_end_array (b);
        }
      else
        {
          g_autofree char *before = dg_amount_format (&change->before);
          g_autofree char *after = dg_amount_format (&change->after);

          json_builder_set_member_name (b, "deal");
          json_builder_add_string_value (b, deal_id (doc, change->deal));
          if (change->kind != DG_CHANGE_ADDED)
            {
              json_builder_set_member_name (b, "before");
              json_builder_add_string_value (b, before);
            }
          if (change->kind != DG_CHANGE_ENDED && change->kind != DG_CHANGE_REPLACED)
            {
              json_builder_set_member_name (b, "after");
              json_builder_add_string_value (b, after);
            }
          if (change->kind == DG_CHANGE_REPLACED && change->replacement != G_MAXUINT)
            {
              json_builder_set_member_name (b, "replaced_by");
              json_builder_add_string_value (b, deal_id (doc, change->replacement));
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_since_text (DgDocument   *doc,
                  DgCliOptions *opts)
{
  g_autoptr(DgChanges) changes = dg_changes_new (doc, opts->since_from, opts->as_of, (guint) opts->max_length);
  g_autofree char *overview = dg_changes_overview_text (changes, doc);

  g_print ("\n");
  /* Translators: heading of --cycles --since; %s is the date given, "2026-01" */
  g_print (_("Changes since %s"), opts->since_text);
  g_print ("\n%s\n", overview);
  for (guint i = 0; i < changes->changes->len; i++)
    {
      const DgChange *change = g_ptr_array_index (changes->changes, i);
      g_autofree char *title = NULL;
      g_autofree char *caption = NULL;

      dg_change_describe (change, changes, doc, &title, &caption);
      g_print ("\n  %s\n    %s\n", title, caption);
    }
}

int
dg_cli_cycles (DgCliOptions *opts,
               DgDocument   *doc)
{
  g_autoptr(DgAnalysis) analysis = NULL;
  g_autoptr(DgDocument) as_of_doc = NULL;
  g_autofree guint8 *as_of_mask = NULL;
  DgDocument *original = doc;
  DgAnalysisOptions options;
  Format format;

  if (opts->format == NULL || g_strcmp0 (opts->format, "text") == 0)
    format = FORMAT_TEXT;
  else if (g_strcmp0 (opts->format, "json") == 0)
    format = FORMAT_JSON;
  else if (g_strcmp0 (opts->format, "csv") == 0)
    format = FORMAT_CSV;
  else
    {
      /* Translators: %s is the format the user asked for */
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_("unknown format “%s” for --cycles; use text, json or csv"), opts->format);
      g_printerr ("\n");
      return DG_EXIT_USAGE;
    }

  dg_analysis_options_init (&options);
  options.max_length = (guint) opts->max_length;
  options.max_cycles = (guint) opts->max_cycles;
  options.time_budget = opts->time_budget;
  if (opts->as_of != 0)
    {
      /* --as-of: the network as it stood then: without later deals and
       * cancelled ones, every deal in the state it was in then. */
      as_of_mask = g_new0 (guint8, MAX (dg_document_get_n_deals (doc), 1));
      as_of_doc = dg_document_copy_as_of (doc, opts->as_of, as_of_mask);
      if (as_of_doc == NULL)
        return DG_EXIT_FAILED;
      doc = as_of_doc;
      options.edge_mask = as_of_mask;
    }
  else
    {
      /* The latest state: cancelled deals are on no cycle. */
      as_of_mask = dg_document_make_network_mask (doc, 0, NULL);
      options.edge_mask = as_of_mask;
    }

  analysis = dg_analysis_new (dg_document_get_graph (doc), &options);

  switch (format)
    {
    case FORMAT_JSON:
      print_json (doc, analysis, original, opts);
      break;
    case FORMAT_CSV:
      print_csv (doc, analysis);
      break;
    case FORMAT_TEXT:
    default:
      print_text (doc, analysis, opts->as_of);
      if (opts->as_of != 0)
        print_changes_text (original, opts->as_of);
      if (opts->since_from != 0)
        print_since_text (original, opts);
      break;
    }

  return DG_EXIT_OK;
}
