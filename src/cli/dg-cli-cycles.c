/* dg-cli-cycles.c: dealgraph --cycles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-cli-private.h"
#include "dg-filter.h"

typedef enum
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

static const char *
company_name (DgDocument *doc,
              guint       index)
{
  DgCompany *company = dg_document_get_company (doc, index);
  const char *name = dg_company_get_name (company);

  return name != NULL && *name != '\0' ? name : dg_company_get_id (company);
}

static const char *
deal_id (DgDocument *doc,
         guint       index)
{
  return dg_deal_get_id (dg_document_get_deal (doc, index));
}

/* "Amazon / AWS → OpenAI → Amazon / AWS": the cycle closes where it began. */
static char *
cycle_path (DgDocument *doc,
            DgAnalysis *analysis,
            guint       cycle)
{
  guint n;
  const guint *nodes = dg_analysis_get_cycle_companies (analysis, cycle, &n);
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < n; k++)
    {
      g_string_append (s, company_name (doc, nodes[k]));
      g_string_append (s, " → ");
    }
  g_string_append (s, company_name (doc, nodes[0]));

  return g_string_free (s, FALSE);
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
  /* Translators: "52 cycles of up to 8 companies found" */
  cycles = g_strdup_printf (ngettext ("%u cycle of up to %u companies found", "%u cycles of up to %u companies found",
                                      analysis->n_cycles),
                            analysis->n_cycles, analysis->options.max_length);

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
    case DG_ANALYSIS_LIMIT_NONE:
    default:
      limit = g_strdup (analysis->cycles_length_limited
                        ? _("complete within the length limit; longer cycles may exist")
                        : _("complete"));
      break;
    }

  if (analysis->shares_limit == DG_ANALYSIS_LIMIT_TIME)
    {
      g_autofree char *base = g_steal_pointer (&limit);

      /* Translators: appended when round-trip shares ran out of time */
      limit = g_strdup_printf (_("%s; round-trip shares stopped by the time budget"), base);
    }

  return g_strdup_printf ("%s, %s; %s; %s.", deals, components, cycles, limit);
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

static void
print_text (DgDocument *doc,
            DgAnalysis *analysis)
{
  const DgGraph *g = analysis->graph;
  g_autofree char *summary = NULL;
  g_autofree guint *order = NULL;
  guint n_order = 0;

  if (dg_document_get_title (doc) != NULL)
    g_print ("%s\n\n", dg_document_get_title (doc));

  if (analysis->n_cycles == 0)
    g_print ("%s\n", _("No circular deals found."));

  for (guint i = 0; i < analysis->n_cycles; i++)
    {
      g_autofree char *path = cycle_path (doc, analysis, i);
      g_autofree char *amount = dg_analysis_format_round_trip (dg_analysis_get_cycle_amount (analysis, i));
      guint n;
      const guint *deals = dg_analysis_get_cycle_deals (analysis, i, &n);

      g_print ("%4u. %s\n", i + 1, path);
      /* Translators: the smallest amount on a cycle, e.g. "round trip: $10B" */
      g_print ("      %s %s\n", _("round trip:"), amount);
      for (guint k = 0; k < n; k++)
        {
          guint e = deals[k];
          const DgAmount *deal_amount = dg_deal_get_amount (dg_document_get_deal (doc, e));
          g_autofree char *id_col = dg_cli_pad (deal_id (doc, e), 26);
          g_autofree char *amount_text = dg_amount_format (deal_amount);
          g_autofree char *amount_col = dg_cli_pad (amount_text, 14);
          g_autofree char *share = deal_share_text (analysis, e);

          /* Translators: the round-trip share of one deal on a cycle */
          g_print ("        %s %s %s %s\n", id_col, amount_col, _("can come back:"), share);
        }
    }

  /* Companies on cycles, those with the most money coming back first. */
  order = g_new (guint, MAX (g->n_nodes, 1));
  for (guint v = 0; v < g->n_nodes; v++)
    if (analysis->node_cyclic[v])
      order[n_order++] = v;
  if (analysis->company_share != NULL)
    g_qsort_with_data (order, n_order, sizeof (guint), compare_companies, analysis);

  if (n_order > 0 && analysis->company_share != NULL)
    {
      g_print ("\n%s\n", _("Companies on cycles: share of their outgoing money that can come back to them, "
                            "and of their incoming money that comes from companies they pay"));
      for (guint i = 0; i < n_order; i++)
        {
          guint v = order[i];
          const DgCompanyShare *cs = &analysis->company_share[v];
          g_autofree char *name = dg_cli_pad (company_name (doc, v), 30);
          g_autofree char *out = dg_analysis_format_share (cs->out_share_low, cs->out_share_high,
                                                           cs->n_component_unknown);
          g_autofree char *out_col = dg_cli_pad (out, 18);
          g_autofree char *in = dg_analysis_format_share (cs->in_share_low, cs->in_share_high, 0);

          /* Translators: "out" = outgoing money coming back, "in" = incoming
           * money from companies it pays */
          g_print ("  %s %s %s %s %s\n", name, _("out:"), out_col, _("in:"), in);
        }
      g_print ("%s\n", _("(Amounts span different terms, from one-off investments to multi-year contracts; "
                         "undisclosed amounts count as nothing, so shares marked \"at least\" may be larger.)"));
    }

  summary = summary_text (analysis);
  g_print ("\n%s\n", summary);
}

static void
add_number_or_null (JsonBuilder *b,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (b, member);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
print_json (DgDocument *doc,
            DgAnalysis *analysis)
{
  const DgGraph *g = analysis->graph;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *summary = summary_text (analysis);
  g_autofree char *text = NULL;

  json_builder_begin_object (b);

  if (dg_document_get_title (doc) != NULL)
    {
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, dg_document_get_title (doc));
    }

  json_builder_set_member_name (b, "summary");
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
  json_builder_set_member_name (b, "max_length");
  json_builder_add_int_value (b, analysis->options.max_length);
  json_builder_set_member_name (b, "max_cycles");
  json_builder_add_int_value (b, analysis->options.max_cycles);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, analysis->cycles_limit == DG_ANALYSIS_LIMIT_NONE);
  json_builder_set_member_name (b, "limit");
  json_builder_add_string_value (b, dg_analysis_limit_to_string (analysis->cycles_limit));
  json_builder_set_member_name (b, "longer_cycles_may_exist");
  json_builder_add_boolean_value (b, analysis->cycles_length_limited);
  json_builder_set_member_name (b, "companies_searched");
  json_builder_add_int_value (b, analysis->cycles_starts_done);
  json_builder_set_member_name (b, "shares_limit");
  json_builder_add_string_value (b, dg_analysis_limit_to_string (analysis->shares_limit));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "cycles");
  json_builder_begin_array (b);
  for (guint i = 0; i < analysis->n_cycles; i++)
    {
      guint n;
      const guint *deals = dg_analysis_get_cycle_deals (analysis, i, &n);
      const guint *nodes = dg_analysis_get_cycle_companies (analysis, i, &n);
      const DgAmount *amount = dg_analysis_get_cycle_amount (analysis, i);
      g_autofree char *amount_text = dg_analysis_format_round_trip (amount);
      g_autofree char *path = cycle_path (doc, analysis, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rank");
      json_builder_add_int_value (b, i + 1);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "companies");
      json_builder_begin_array (b);
      for (guint k = 0; k < n; k++)
        json_builder_add_string_value (b, dg_company_get_id (dg_document_get_company (doc, nodes[k])));
      json_builder_end_array (b);

      json_builder_set_member_name (b, "round_trip");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, amount_text);
      json_builder_set_member_name (b, "known");
      json_builder_add_boolean_value (b, amount->kind != DG_AMOUNT_UNDISCLOSED);
      add_number_or_null (b, "low_usd", amount->min);
      add_number_or_null (b, "high_usd", amount->max);
      json_builder_end_object (b);

      json_builder_set_member_name (b, "deals");
      json_builder_begin_array (b);
      for (guint k = 0; k < n; k++)
        {
          guint e = deals[k];
          const DgDealShare *s = &analysis->deal_share[e];
          g_autofree char *share = deal_share_text (analysis, e);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, deal_id (doc, e));
          json_builder_set_member_name (b, "from");
          json_builder_add_string_value (b, dg_company_get_id (dg_document_get_company (doc, g->edge_src[e])));
          json_builder_set_member_name (b, "to");
          json_builder_add_string_value (b, dg_company_get_id (dg_document_get_company (doc, g->edge_dst[e])));
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
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "companies");
  json_builder_begin_array (b);
  for (guint v = 0; v < g->n_nodes; v++)
    {
      const DgCompanyShare *cs = &analysis->company_share[v];

      if (!analysis->node_cyclic[v])
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, dg_company_get_id (dg_document_get_company (doc, v)));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, company_name (doc, v));
      add_number_or_null (b, "out_low_usd", cs->out_low);
      add_number_or_null (b, "out_high_usd", cs->out_high);
      add_number_or_null (b, "out_back_low_usd", cs->out_back_low);
      add_number_or_null (b, "out_back_high_usd", cs->out_back_high);
      add_number_or_null (b, "out_share_low", cs->out_share_low);
      add_number_or_null (b, "out_share_high", cs->out_share_high);
      add_number_or_null (b, "in_low_usd", cs->in_low);
      add_number_or_null (b, "in_high_usd", cs->in_high);
      add_number_or_null (b, "in_from_payees_low_usd", cs->in_from_payees_low);
      add_number_or_null (b, "in_from_payees_high_usd", cs->in_from_payees_high);
      add_number_or_null (b, "in_share_low", cs->in_share_low);
      add_number_or_null (b, "in_share_high", cs->in_share_high);
      json_builder_set_member_name (b, "unknown_outgoing");
      json_builder_add_int_value (b, cs->n_out_unknown);
      json_builder_set_member_name (b, "unknown_incoming");
      json_builder_add_int_value (b, cs->n_in_unknown);
      json_builder_set_member_name (b, "unknown_in_component");
      json_builder_add_int_value (b, cs->n_component_unknown);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

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

static void
csv_number (GString *line,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  csv_field (line, isfinite (value) ? g_ascii_formatd (buf, sizeof buf, "%.15g", value) : "");
}

static void
csv_end_line (GString *line)
{
  g_string_append (line, "\r\n");
  fputs (line->str, stdout);
  g_string_truncate (line, 0);
}

static void
print_csv (DgDocument *doc,
           DgAnalysis *analysis)
{
  static const char * const header[] = {
    "rank", "length", "path", "companies", "deals", "round_trip",
    "round_trip_low_usd", "round_trip_high_usd", "deal_shares",
  };
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *summary = summary_text (analysis);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    csv_field (line, header[i]);
  csv_end_line (line);

  for (guint i = 0; i < analysis->n_cycles; i++)
    {
      guint n;
      const guint *deals = dg_analysis_get_cycle_deals (analysis, i, &n);
      const guint *nodes = dg_analysis_get_cycle_companies (analysis, i, &n);
      const DgAmount *amount = dg_analysis_get_cycle_amount (analysis, i);
      g_autofree char *path = cycle_path (doc, analysis, i);
      g_autofree char *amount_text = dg_analysis_format_round_trip (amount);
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      g_autofree char *length = g_strdup_printf ("%u", n);
      g_autoptr(GString) ids = g_string_new (NULL);
      g_autoptr(GString) deal_ids = g_string_new (NULL);
      g_autoptr(GString) shares = g_string_new (NULL);

      for (guint k = 0; k < n; k++)
        {
          g_autofree char *share = deal_share_text (analysis, deals[k]);
          const char *sep = k > 0 ? " " : "";

          g_string_append_printf (ids, "%s%s", sep, dg_company_get_id (dg_document_get_company (doc, nodes[k])));
          g_string_append_printf (deal_ids, "%s%s", sep, deal_id (doc, deals[k]));
          g_string_append_printf (shares, "%s%s", k > 0 ? "; " : "", share);
        }

      csv_field (line, rank);
      csv_field (line, length);
      csv_field (line, path);
      csv_field (line, ids->str);
      csv_field (line, deal_ids->str);
      csv_field (line, amount_text);
      csv_number (line, amount->min);
      csv_number (line, amount->max);
      csv_field (line, shares->str);
      csv_end_line (line);
    }

  /* CSV has no place for a summary; stderr keeps stdout a clean table. */
  g_printerr ("%s\n", summary);
}

int
dg_cli_cycles (DgCliOptions *opts,
               DgDocument   *doc)
{
  g_autoptr(DgAnalysis) analysis = NULL;
  g_autofree guint8 *as_of_mask = NULL;
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
      DgFilter filter;

      /* --as-of: the network as it stood then, without later deals. */
      dg_filter_init (&filter);
      filter.as_of = opts->as_of;
      as_of_mask = dg_filter_make_edge_mask (&filter, dg_document_get_graph (doc));
      options.edge_mask = as_of_mask;
    }

  analysis = dg_analysis_new (dg_document_get_graph (doc), &options);

  switch (format)
    {
    case FORMAT_JSON:
      print_json (doc, analysis);
      break;
    case FORMAT_CSV:
      print_csv (doc, analysis);
      break;
    case FORMAT_TEXT:
    default:
      print_text (doc, analysis);
      break;
    }

  return DG_EXIT_OK;
}
