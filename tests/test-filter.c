/* test-filter.c: filters, "as of" dates and the timeline's months
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-filter.h"
#include "dg-deal-state.h"
#include "dg-interchange.h"
#include "dg-loader.h"

#include <glib/gstdio.h>

static DgDocument *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  DgDocument *doc = dg_document_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static DgDocument *
reload (DgDocument *doc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  DgDocument *copy;

  data = dg_document_to_data (doc, &length);
  copy = dg_document_load_from_data (data, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

/* The filter's rules, written out again from the model objects rather than
 * the snapshot, so the test does not check dg_filter_apply() against
 * itself. */
static gboolean
deal_passes_by_hand (const DgFilter *filter,
                     DgDocument     *doc,
                     DgDeal         *deal)
{
  const DgAmount *amount = dg_deal_get_amount (deal);
  DgCompany *from = dg_document_get_company (doc, dg_deal_get_from_index (deal));
  DgCompany *to = dg_document_get_company (doc, dg_deal_get_to_index (deal));
  gint32 date = dg_deal_get_announced_packed (deal);

  if (!(filter->deal_kinds & (1u << dg_deal_get_kind_enum (deal))))
    return FALSE;
  if (!(filter->statuses & (1u << dg_deal_get_status_enum (deal))))
    return FALSE;
  if (!(filter->company_kinds & (1u << dg_company_get_kind_enum (from)))
      || !(filter->company_kinds & (1u << dg_company_get_kind_enum (to))))
    return FALSE;
  if (filter->as_of != 0 && date != 0 && date > filter->as_of)
    return FALSE;
  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    return filter->include_undisclosed;
  if (filter->min_amount > 0)
    {
      double high = amount->kind == DG_AMOUNT_RANGE ? amount->max : amount->value;

      return high >= filter->min_amount;
    }
  return TRUE;
}

/* A new document with only the companies and deals the filter keeps,
 * copied field by field. */
static DgDocument *
filtered_by_hand (const DgFilter *filter,
                  DgDocument     *doc,
                  guint8         *edge_keep,
                  guint8         *node_keep)
{
  DgDocument *out = dg_document_new ();
  guint n = dg_document_get_n_companies (doc);
  guint m = dg_document_get_n_deals (doc);
  g_autofree guint *degree = g_new0 (guint, MAX (n, 1));

  memset (node_keep, 0, n);
  for (guint e = 0; e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);

      degree[dg_deal_get_from_index (deal)]++;
      degree[dg_deal_get_to_index (deal)]++;
      edge_keep[e] = deal_passes_by_hand (filter, doc, deal);
      if (edge_keep[e])
        node_keep[dg_deal_get_from_index (deal)] = node_keep[dg_deal_get_to_index (deal)] = 1;
    }
  for (guint v = 0; v < n; v++)
    if (degree[v] == 0)
      node_keep[v] = (filter->company_kinds & (1u << dg_company_get_kind_enum (dg_document_get_company (doc, v)))) != 0;

  for (guint v = 0; v < n; v++)
    {
      DgCompany *c = dg_document_get_company (doc, v);
      g_autoptr(DgCompany) copy = NULL;

      if (!node_keep[v])
        continue;
      copy = dg_company_new (dg_company_get_id (c), dg_company_get_name (c));
      dg_company_set_kind (copy, dg_company_get_kind (c));
      if (dg_company_has_valuation (c))
        dg_company_set_valuation (copy, dg_company_get_valuation (c));
      g_assert_true (dg_document_add_company (out, copy));
    }
  for (guint e = 0; e < m; e++)
    {
      DgDeal *d = dg_document_get_deal (doc, e);
      g_autoptr(DgDeal) copy = NULL;

      if (!edge_keep[e])
        continue;
      copy = dg_deal_new (dg_deal_get_id (d), dg_deal_get_from_id (d), dg_deal_get_to_id (d));
      dg_deal_set_kind (copy, dg_deal_get_kind (d));
      dg_deal_set_status (copy, dg_deal_get_status (d));
      dg_deal_set_amount (copy, dg_deal_get_amount (d));
      dg_deal_set_announced (copy, dg_deal_get_announced (d));
      g_assert_true (dg_document_add_deal (out, copy));
    }
  return out;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A cycle as the sorted ids of its deals, so cycles of two documents with
 * different indices compare. */
static char *
cycle_key (DgDocument *doc,
           DgAnalysis *analysis,
           guint       cycle)
{
  guint n = 0;
  const guint *deals = dg_analysis_get_cycle_deals (analysis, cycle, &n);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const DgAmount *amount = dg_analysis_get_cycle_amount (analysis, cycle);
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, (gpointer) dg_deal_get_id (dg_document_get_deal (doc, deals[i])));
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (key, "%s ", (const char *) g_ptr_array_index (ids, i));
  g_string_append_printf (key, "[%d %.6g %.6g]", amount->kind, amount->min, amount->max);
  return g_string_free (key, FALSE);
}

static GPtrArray *
cycle_keys (DgDocument *doc,
            DgAnalysis *analysis)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < analysis->n_cycles; c++)
    g_ptr_array_add (keys, cycle_key (doc, analysis, c));
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
assert_same_number (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat_with_epsilon (a, b, 1e-9 * MAX (1.0, fabs (a)));
}

static void
check_filter (DgDocument     *doc,
              const DgFilter *filter,
              DgAnalysis     *unfiltered)
{
  DgGraph *graph = dg_document_get_graph (doc);
  guint n = graph->n_nodes, m = graph->n_edges;
  g_autofree guint8 *edge_mask = g_new (guint8, m);
  g_autofree guint8 *node_mask = g_new (guint8, n);
  g_autofree guint8 *edge_keep = g_new (guint8, m);
  g_autofree guint8 *node_keep = g_new (guint8, n);
  g_autoptr(DgDocument) small = filtered_by_hand (filter, doc, edge_keep, node_keep);
  g_autoptr(DgAnalysis) masked = NULL;
  g_autoptr(DgAnalysis) direct = NULL;
  g_autoptr(GPtrArray) masked_keys = NULL;
  g_autoptr(GPtrArray) direct_keys = NULL;
  DgAnalysisOptions options;
  guint n_shown, n_kept = 0, n_changed = 0;

  n_shown = dg_filter_apply (filter, graph, edge_mask, node_mask);
  for (guint e = 0; e < m; e++)
    {
      g_assert_cmpuint (edge_mask[e], ==, edge_keep[e]);
      n_kept += edge_keep[e];
    }
  for (guint v = 0; v < n; v++)
    g_assert_cmpuint (node_mask[v], ==, node_keep[v]);
  g_assert_cmpuint (n_shown, ==, n_kept);
  g_assert_cmpuint (dg_document_get_n_deals (small), ==, n_kept);

  dg_analysis_options_init (&options);
  options.edge_mask = edge_mask;
  masked = dg_analysis_new (graph, &options);
  direct = dg_analysis_new (dg_document_get_graph (small), NULL);

  /* The cyclic marking, deal by deal and company by company. */
  for (guint e = 0; e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);
      DgDeal *other = dg_document_lookup_deal (small, dg_deal_get_id (deal));

      n_changed += masked->edge_cyclic[e] != unfiltered->edge_cyclic[e];
      if (other == NULL)
        {
          g_assert_cmpuint (masked->edge_cyclic[e], ==, 0);
          g_assert_cmpuint (masked->edge_included[e], ==, 0);
          continue;
        }
      g_assert_cmpuint (masked->edge_cyclic[e], ==, direct->edge_cyclic[dg_deal_get_index (other)]);
      /* And the round-trip shares follow. */
      assert_same_number (masked->deal_share[e].share_low, direct->deal_share[dg_deal_get_index (other)].share_low);
      assert_same_number (masked->deal_share[e].share_high, direct->deal_share[dg_deal_get_index (other)].share_high);
    }
  for (guint v = 0; v < n; v++)
    {
      DgCompany *other = dg_document_lookup_company (small, dg_company_get_id (dg_document_get_company (doc, v)));

      if (other == NULL)
        g_assert_cmpuint (masked->node_cyclic[v], ==, 0);
      else
        g_assert_cmpuint (masked->node_cyclic[v], ==, direct->node_cyclic[dg_company_get_index (other)]);
    }
  g_assert_cmpuint (masked->n_cyclic_edges, ==, direct->n_cyclic_edges);
  g_assert_cmpuint (masked->n_cyclic_components, ==, direct->n_cyclic_components);

  /* The same cycles, with the same round-trip amounts. */
  g_assert_cmpuint (masked->n_cycles, ==, direct->n_cycles);
  masked_keys = cycle_keys (doc, masked);
  direct_keys = cycle_keys (small, direct);
  for (guint i = 0; i < masked_keys->len; i++)
    g_assert_cmpstr (g_ptr_array_index (masked_keys, i), ==, g_ptr_array_index (direct_keys, i));

  g_test_message ("filter: %u of %u deals, %u cycles (unfiltered %u), %u deals changed marking",
                  n_kept, m, masked->n_cycles, unfiltered->n_cycles, n_changed);
  /* Every filter below is chosen to change something: a test of a filter
   * that keeps everything would prove nothing. */
  g_assert_cmpuint (n_kept, <, m);
  g_assert_true (n_changed > 0 || masked->n_cycles != unfiltered->n_cycles);
}

static void
test_default (void)
{
  g_autoptr(DgDocument) doc = load_default ();
  DgGraph *graph = dg_document_get_graph (doc);
  g_autofree guint8 *edge_mask = g_new (guint8, graph->n_edges);
  g_autofree guint8 *node_mask = g_new (guint8, graph->n_nodes);
  DgFilter filter, other;

  dg_filter_init (&filter);
  g_assert_true (dg_filter_is_default (&filter));
  g_assert_cmpuint (dg_filter_apply (&filter, graph, edge_mask, node_mask), ==, graph->n_edges);
  for (guint v = 0; v < graph->n_nodes; v++)
    g_assert_cmpuint (node_mask[v], ==, 1);

  other = filter;
  g_assert_true (dg_filter_equal (&filter, &other));
  other.include_undisclosed = FALSE;
  g_assert_false (dg_filter_is_default (&other));
  g_assert_false (dg_filter_equal (&filter, &other));
  other = filter;
  other.as_of = 20241231;
  g_assert_false (dg_filter_is_default (&other));
  other = filter;
  other.statuses &= ~(1u << DG_DEAL_STATUS_RUMOURED);
  g_assert_false (dg_filter_is_default (&other));
}

static void
test_matches_filtered_graph (void)
{
  g_autoptr(DgDocument) doc = load_default ();
  g_autoptr(DgAnalysis) unfiltered = dg_analysis_new (dg_document_get_graph (doc), NULL);
  DgFilter filter;

  /* Leave out what is only rumoured or discussed. */
  dg_filter_init (&filter);
  filter.statuses &= ~((1u << DG_DEAL_STATUS_RUMOURED) | (1u << DG_DEAL_STATUS_DISCUSSED));
  check_filter (doc, &filter, unfiltered);

  /* No investments: most cycles need one. */
  dg_filter_init (&filter);
  filter.deal_kinds &= ~(1u << DG_DEAL_KIND_INVESTMENT);
  check_filter (doc, &filter, unfiltered);

  /* $10B and more, without undisclosed amounts... */
  dg_filter_init (&filter);
  filter.min_amount = 10e9;
  filter.include_undisclosed = FALSE;
  check_filter (doc, &filter, unfiltered);

  /* ...and with them. */
  filter.include_undisclosed = TRUE;
  check_filter (doc, &filter, unfiltered);

  /* No chip makers: NVIDIA and AMD leave with every deal they are on. */
  dg_filter_init (&filter);
  filter.company_kinds &= ~(1u << DG_COMPANY_KIND_CHIPS);
  check_filter (doc, &filter, unfiltered);

  /* The network as of mid-2025. */
  dg_filter_init (&filter);
  g_assert_true (dg_filter_parse_as_of ("2025-06", &filter.as_of));
  check_filter (doc, &filter, unfiltered);

  /* Everything at once. */
  filter.statuses &= ~(1u << DG_DEAL_STATUS_RUMOURED);
  filter.company_kinds &= ~(1u << DG_COMPANY_KIND_INVESTOR);
  filter.min_amount = 1e9;
  check_filter (doc, &filter, unfiltered);
}

/* A range counts by its high end. */
static void
test_min_amount_range (void)
{
  g_autoptr(DgDocument) doc = dg_document_new ();
  g_autoptr(DgCompany) a = dg_company_new ("a", "A");
  g_autoptr(DgCompany) b = dg_company_new ("b", "B");
  g_autoptr(DgDeal) exact = dg_deal_new ("exact", "a", "b");
  g_autoptr(DgDeal) range = dg_deal_new ("range", "b", "a");
  g_autoptr(DgDeal) hidden = dg_deal_new ("undisclosed", "a", "b");
  DgAmount amount = { DG_AMOUNT_EXACT, 5e9, 5e9, 5e9 };
  guint8 mask[3];
  DgFilter filter;

  g_assert_true (dg_document_add_company (doc, a));
  g_assert_true (dg_document_add_company (doc, b));
  dg_deal_set_amount (exact, &amount);
  amount = (DgAmount) { DG_AMOUNT_RANGE, 100e9, 0, 100e9 };
  dg_deal_set_amount (range, &amount);
  g_assert_true (dg_document_add_deal (doc, exact));
  g_assert_true (dg_document_add_deal (doc, range));
  g_assert_true (dg_document_add_deal (doc, hidden));

  dg_filter_init (&filter);
  filter.min_amount = 50e9;
  dg_filter_apply (&filter, dg_document_get_graph (doc), mask, NULL);
  g_assert_cmpuint (mask[0], ==, 0);   /* $5B < $50B */
  g_assert_cmpuint (mask[1], ==, 1);   /* "up to $100B" may be that large */
  g_assert_cmpuint (mask[2], ==, 1);   /* undisclosed, included */
  filter.include_undisclosed = FALSE;
  dg_filter_apply (&filter, dg_document_get_graph (doc), mask, NULL);
  g_assert_cmpuint (mask[2], ==, 0);
  filter.min_amount = 0;
  dg_filter_apply (&filter, dg_document_get_graph (doc), mask, NULL);
  g_assert_cmpuint (mask[0], ==, 1);
  g_assert_cmpuint (mask[2], ==, 0);
}

/* Companies: shown with a deal shown, or with no deals and their kind in. */
static void
test_company_visibility (void)
{
  g_autoptr(DgDocument) doc = dg_document_new ();
  const char *ids[] = { "lab", "fund", "lonely-fund", "lonely-lab" };
  const char *kinds[] = { "ai-lab", "investor", "investor", "ai-lab" };
  g_autoptr(DgDeal) deal = dg_deal_new ("fund-lab", "fund", "lab");
  guint8 edges[1], nodes[4];
  DgFilter filter;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(DgCompany) c = dg_company_new (ids[i], ids[i]);

      dg_company_set_kind (c, kinds[i]);
      g_assert_true (dg_document_add_company (doc, c));
    }
  dg_deal_set_kind (deal, "investment");
  g_assert_true (dg_document_add_deal (doc, deal));

  dg_filter_init (&filter);
  filter.company_kinds &= ~(1u << DG_COMPANY_KIND_INVESTOR);
  dg_filter_apply (&filter, dg_document_get_graph (doc), edges, nodes);
  g_assert_cmpuint (edges[0], ==, 0);  /* one end is an investor */
  g_assert_cmpuint (nodes[0], ==, 0);  /* the lab's only deal is gone */
  g_assert_cmpuint (nodes[1], ==, 0);
  g_assert_cmpuint (nodes[2], ==, 0);  /* no deals, kind out */
  g_assert_cmpuint (nodes[3], ==, 1);  /* no deals, kind in */

  dg_filter_init (&filter);
  filter.deal_kinds &= ~(1u << DG_DEAL_KIND_INVESTMENT);
  dg_filter_apply (&filter, dg_document_get_graph (doc), edges, nodes);
  g_assert_cmpuint (edges[0], ==, 0);
  g_assert_cmpuint (nodes[0], ==, 0);  /* had deals, none shown */
  g_assert_cmpuint (nodes[1], ==, 0);
  g_assert_cmpuint (nodes[2], ==, 1);  /* no deals at all: shown */
  g_assert_cmpuint (nodes[3], ==, 1);
}

static DgDocument *
dated_document (void)
{
  DgDocument *doc = dg_document_new ();
  const char *dates[] = { "2025", "2025-03", "2025-03-15", NULL, "2024-12-01", "2023" };

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DgCompany) c = dg_company_new (i == 0 ? "a" : "b", NULL);

      g_assert_true (dg_document_add_company (doc, c));
    }
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *id = g_strdup_printf ("d%u", i);
      g_autoptr(DgDeal) deal = dg_deal_new (id, i % 2 ? "a" : "b", i % 2 ? "b" : "a");

      dg_deal_set_announced (deal, dates[i]);
      g_assert_true (dg_document_add_deal (doc, deal));
    }
  return doc;
}

static void
test_as_of (void)
{
  g_autoptr(DgDocument) doc = dated_document ();
  DgGraph *graph = dg_document_get_graph (doc);
  guint8 mask[6], undated[6];
  DgFilter filter;

  dg_filter_init (&filter);

  /* As of February 2025: "2025" counts as its start, the undated deal
   * stays, March does not. */
  filter.as_of = dg_filter_as_of_for_month (202502);
  g_assert_cmpuint (dg_filter_apply (&filter, graph, mask, NULL), ==, 4);
  g_assert_cmpmem (mask, 6, ((guint8[]) { 1, 0, 0, 1, 1, 1 }), 6);
  g_assert_cmpuint (dg_filter_mark_undated (graph, mask, undated), ==, 1);
  g_assert_cmpmem (undated, 6, ((guint8[]) { 0, 0, 0, 1, 0, 0 }), 6);

  /* As of a day in March: the month counts as its start. */
  g_assert_true (dg_filter_parse_as_of ("2025-03-10", &filter.as_of));
  dg_filter_apply (&filter, graph, mask, NULL);
  g_assert_cmpmem (mask, 6, ((guint8[]) { 1, 1, 0, 1, 1, 1 }), 6);

  /* As of March: all of it. */
  g_assert_true (dg_filter_parse_as_of ("2025-03", &filter.as_of));
  g_assert_cmpuint (dg_filter_apply (&filter, graph, mask, NULL), ==, 6);

  /* As of 2023: only the 2023 deal and the undated one. */
  g_assert_true (dg_filter_parse_as_of ("2023", &filter.as_of));
  dg_filter_apply (&filter, graph, mask, NULL);
  g_assert_cmpmem (mask, 6, ((guint8[]) { 0, 0, 0, 1, 0, 1 }), 6);

  /* No mask: every undated deal. */
  g_assert_cmpuint (dg_filter_mark_undated (graph, NULL, NULL), ==, 1);
}

static void
test_as_of_default_dataset (void)
{
  g_autoptr(DgDocument) doc = load_default ();
  DgGraph *graph = dg_document_get_graph (doc);
  g_autofree guint8 *mask = g_new (guint8, graph->n_edges);
  g_autofree guint8 *undated = g_new (guint8, graph->n_edges);
  guint n_later = 0, n_undated = 0;
  DgFilter filter;

  dg_filter_init (&filter);
  g_assert_true (dg_filter_parse_as_of ("2024-12", &filter.as_of));
  dg_filter_apply (&filter, graph, mask, NULL);

  for (guint e = 0; e < graph->n_edges; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);
      const char *announced = dg_deal_get_announced (deal);

      if (announced == NULL)
        {
          g_assert_cmpuint (mask[e], ==, 1);
          n_undated++;
        }
      else
        {
          /* Compare as text, not through the packed dates. */
          gboolean later = strncmp (announced, "2024-12", MIN (strlen (announced), 7)) > 0;

          g_assert_cmpuint (mask[e], ==, !later);
          n_later += later;
        }
    }
  g_assert_cmpuint (n_later, >, 0);
  g_assert_cmpuint (dg_filter_mark_undated (graph, mask, undated), ==, n_undated);
}

static void
test_months (void)
{
  g_autoptr(DgDocument) doc = dated_document ();
  g_autoptr(DgDocument) def = load_default ();
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree guint *months = NULL;
  g_autofree guint *all = NULL;
  DgGraph *graph;
  guint n = 0, first = 0, last = 0;

  /* "2025" appears in January (it counts as its start), "2023" likewise. */
  months = dg_filter_get_months (dg_document_get_graph (doc), &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpmem (months, n * sizeof (guint), ((guint[]) { 202301, 202412, 202501, 202503 }), 4 * sizeof (guint));
  g_assert_true (dg_filter_get_month_range (dg_document_get_graph (doc), &first, &last));
  g_assert_cmpuint (first, ==, 202301);
  g_assert_cmpuint (last, ==, 202503);

  /* The embedded dataset: sorted, distinct, each month with a deal. */
  graph = dg_document_get_graph (def);
  all = dg_filter_get_months (graph, &n);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      const char *announced = dg_deal_get_announced (dg_document_get_deal (def, e));
      guint year, month = 1;

      if (announced == NULL)
        continue;
      year = (guint) g_ascii_strtoull (announced, NULL, 10);
      if (strlen (announced) >= 7)
        month = (guint) g_ascii_strtoull (announced + 5, NULL, 10);
      g_hash_table_add (distinct, GUINT_TO_POINTER (year * 100 + month));
    }
  g_assert_cmpuint (n, ==, g_hash_table_size (distinct));
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_hash_table_contains (distinct, GUINT_TO_POINTER (all[i])));
      if (i > 0)
        g_assert_cmpuint (all[i - 1], <, all[i]);
    }
  g_assert_true (dg_filter_get_month_range (graph, &first, &last));
  g_assert_cmpuint (first, ==, all[0]);
  g_assert_cmpuint (last, ==, all[n - 1]);
  g_test_message ("%u months from %u to %u", n, first, last);

  /* No dates, no months. */
  {
    g_autoptr(DgDocument) empty = dg_document_new ();
    g_autofree guint *none = dg_filter_get_months (dg_document_get_graph (empty), &n);

    g_assert_cmpuint (n, ==, 0);
    g_assert_false (dg_filter_get_month_range (dg_document_get_graph (empty), NULL, NULL));
  }
}

static void
test_dates (void)
{
  gint32 as_of = 0;
  char *text;

  g_assert_true (dg_filter_parse_as_of ("2024", &as_of));
  g_assert_cmpint (as_of, ==, 20241231);
  g_assert_true (dg_filter_parse_as_of ("2024-02", &as_of));
  g_assert_cmpint (as_of, ==, 20240231);
  g_assert_true (dg_filter_parse_as_of ("2024-02-29", &as_of));
  g_assert_cmpint (as_of, ==, 20240229);
  g_assert_false (dg_filter_parse_as_of ("2023-02-29", &as_of));
  g_assert_false (dg_filter_parse_as_of ("2024-13", &as_of));
  g_assert_false (dg_filter_parse_as_of ("last year", &as_of));
  g_assert_false (dg_filter_parse_as_of ("", &as_of));
  g_assert_false (dg_filter_parse_as_of (NULL, &as_of));

  text = dg_filter_format_as_of (20240231);
  g_assert_cmpstr (text, ==, "2024-02");
  g_free (text);
  /* The last day of a month is that month's end too. */
  text = dg_filter_format_as_of (20240229);
  g_assert_cmpstr (text, ==, "2024-02");
  g_free (text);
  text = dg_filter_format_as_of (20240215);
  g_assert_cmpstr (text, ==, "2024-02-15");
  g_free (text);
  text = dg_filter_format_as_of_label (dg_filter_as_of_for_month (202412));
  g_assert_cmpstr (text, ==, "December 2024");
  g_free (text);

  g_assert_cmpuint (dg_filter_month_of_date (20250000), ==, 202501);
  g_assert_cmpuint (dg_filter_month_of_date (20251000), ==, 202510);
  g_assert_cmpuint (dg_filter_month_of_date (20251003), ==, 202510);
  g_assert_cmpuint (dg_filter_month_of_date (0), ==, 0);
  g_assert_cmpuint (dg_filter_month_add (202412, 1), ==, 202501);
  g_assert_cmpuint (dg_filter_month_add (202501, -1), ==, 202412);
  g_assert_cmpuint (dg_filter_month_add (202403, -15), ==, 202212);
  g_assert_cmpuint (dg_filter_month_add (202403, 0), ==, 202403);
}

static void
test_json (void)
{
  g_autoptr(DgDocument) doc = load_default ();
  g_autoptr(DgDocument) copy = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) future = json_array_new ();
  JsonObject *saved;
  JsonArray *hidden;
  DgFilter filter, back;
  gboolean found = FALSE;

  dg_filter_init (&filter);
  filter.deal_kinds &= ~(1u << DG_DEAL_KIND_LICENSING);
  filter.statuses &= ~((1u << DG_DEAL_STATUS_RUMOURED) | (1u << DG_DEAL_STATUS_CANCELLED));
  filter.company_kinds &= ~(1u << DG_COMPANY_KIND_RETAILER);
  filter.min_amount = 2.5e9;
  filter.include_undisclosed = FALSE;
  filter.as_of = dg_filter_as_of_for_month (202506);

  dg_filter_to_json (&filter, object);
  g_assert_true (dg_filter_from_json (&back, object));
  g_assert_true (dg_filter_equal (&filter, &back));
  g_assert_cmpstr (json_object_get_string_member (object, "as_of"), ==, "2025-06");

  /* Through the file, with members and names a newer version wrote. */
  g_assert_false (dg_filter_load_from_document (&back, doc));
  g_assert_true (dg_filter_is_default (&back));
  g_assert_true (dg_filter_save_to_document (&filter, doc));
  g_assert_false (dg_filter_save_to_document (&filter, doc));   /* nothing changed */
  saved = json_object_get_object_member (dg_document_get_layout_extra (doc), "filter");
  json_object_set_string_member (saved, "future_member", "kept");
  json_array_add_string_element (future, "royalty");
  json_array_add_string_element (future, "licensing");
  json_object_set_array_member (saved, "hidden_deal_kinds", json_array_ref (future));

  copy = reload (doc);
  g_assert_true (dg_filter_load_from_document (&back, copy));
  g_assert_true (dg_filter_equal (&filter, &back));
  dg_filter_save_to_document (&back, copy);
  saved = json_object_get_object_member (dg_document_get_layout_extra (copy), "filter");
  g_assert_cmpstr (json_object_get_string_member (saved, "future_member"), ==, "kept");
  hidden = json_object_get_array_member (saved, "hidden_deal_kinds");
  for (guint i = 0; i < json_array_get_length (hidden); i++)
    found |= g_strcmp0 (json_array_get_string_element (hidden, i), "royalty") == 0;
  g_assert_true (found);

  /* Showing everything: the member goes, unless it holds what we must keep. */
  dg_filter_init (&back);
  dg_filter_save_to_document (&back, copy);
  g_assert_true (json_object_has_member (dg_document_get_layout_extra (copy), "filter"));
  json_object_remove_member (json_object_get_object_member (dg_document_get_layout_extra (copy), "filter"),
                             "future_member");
  dg_filter_save_to_document (&back, copy);
  g_assert_false (json_object_has_member (dg_document_get_layout_extra (copy), "filter"));

  /* Wrong types: reported, and the rest still read. */
  {
    g_autoptr(JsonObject) bad = json_object_new ();

    json_object_set_string_member (bad, "min_amount_usd", "lots");
    json_object_set_string_member (bad, "as_of", "someday");
    json_object_set_boolean_member (bad, "include_undisclosed", FALSE);
    g_assert_false (dg_filter_from_json (&back, bad));
    g_assert_cmpfloat (back.min_amount, ==, 0);
    g_assert_cmpint (back.as_of, ==, 0);
    g_assert_false (back.include_undisclosed);
  }
}

/* ---- filtered exports -------------------------------------------------- */

/* The way filtered exports went until the writers took the filter: a copy
 * of the document holding only what the filter shows, through the file
 * format (saved with the masks, loaded again), each deal and company in
 * its state at the date, written whole at the positions the copy keeps.
 * Kept here as the expectation the writers' own filtering must meet. */
static DgDocument *
copy_through_file (const DgFilter *filter,
                   DgDocument     *doc,
                   const float    *xy,
                   float         **copy_xy)
{
  DgGraph *graph = dg_document_get_graph (doc);
  g_autofree guint8 *edges = g_new (guint8, MAX (graph->n_edges, 1));
  g_autofree guint8 *nodes = g_new (guint8, MAX (graph->n_nodes, 1));
  g_autofree char *data = NULL;
  g_autofree char *as_of = NULL;
  g_autoptr(GError) error = NULL;
  DgSaveOptions options = { 0 };
  DgDocument *copy;
  gsize length = 0;
  guint n;

  dg_filter_apply (filter, graph, edges, nodes);
  dg_filter_apply_states (filter, doc, edges, nodes);
  if (filter->as_of != 0)
    {
      gint32 packed;

      if (dg_document_get_as_of (doc) == NULL || !dg_filter_parse_as_of (dg_document_get_as_of (doc), &packed)
          || packed > filter->as_of)
        as_of = dg_filter_format_as_of (filter->as_of);
    }
  options.company_mask = nodes;
  options.deal_mask = edges;
  options.as_of = as_of;
  options.xy = xy;
  options.compact = TRUE;
  data = dg_document_to_data_with_options (doc, &options, &length);
  copy = dg_document_load_from_data (data, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  if (filter->as_of != 0)
    dg_document_set_states_as_of (copy, filter->as_of);
  n = dg_document_get_n_companies (copy);
  *copy_xy = g_new (float, 2 * MAX (n, 1));
  for (guint v = 0; v < n; v++)
    {
      (*copy_xy)[2 * v] = (float) dg_document_get_positions (copy)[v].x;
      (*copy_xy)[2 * v + 1] = (float) dg_document_get_positions (copy)[v].y;
    }
  return copy;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* Each format written with the filter equals the old way's file, byte for
 * byte; returns how many deals went out. */
static guint
assert_filtered_exports (DgDocument     *doc,
                         const DgFilter *filter,
                         const char     *dir)
{
  static const struct { DgExportFormat format; const char *name; } formats[] = {
    { DG_EXPORT_FORMAT_GRAPHML, "n.graphml" },
    { DG_EXPORT_FORMAT_GEXF, "n.gexf" },
    { DG_EXPORT_FORMAT_DOT, "n.dot" },
    { DG_EXPORT_FORMAT_CSV, "n.csv" },
  };
  DgGraph *graph = dg_document_get_graph (doc);
  guint n = graph->n_nodes;
  g_autofree float *xy = g_new (float, 2 * MAX (n, 1));
  g_autofree float *copy_xy = NULL;
  g_autoptr(DgDocument) copy = NULL;
  g_autoptr(GError) error = NULL;

  /* Positions a layout might give: fractions of a unit, some far out. */
  for (guint i = 0; i < 2 * n; i++)
    xy[i] = (float) ((i % 7 == 3 ? 2450.0 : 1.0) * sin (i * 1.7) * 400.0 + i * 0.3337);
  /* An export that filters nothing wrote the document itself. */
  if (dg_filter_is_default (filter))
    {
      copy = g_object_ref (doc);
      copy_xy = g_memdup2 (xy, sizeof (float) * 2 * MAX (n, 1));
    }
  else
    copy = copy_through_file (filter, doc, xy, &copy_xy);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *mine = g_build_filename (dir, "mine", NULL);
      g_autofree char *old = g_build_filename (dir, "old", NULL);
      g_autofree char *mine_path = NULL, *old_path = NULL;
      g_autofree char *a = NULL, *b = NULL;

      g_mkdir_with_parents (mine, 0700);
      g_mkdir_with_parents (old, 0700);
      mine_path = g_build_filename (mine, formats[f].name, NULL);
      old_path = g_build_filename (old, formats[f].name, NULL);
      g_assert_true (dg_interchange_write (doc, formats[f].format, xy, filter, DG_THEME_LIGHT, mine_path, &error));
      g_assert_no_error (error);
      g_assert_true (dg_interchange_write (copy, formats[f].format, copy_xy, NULL, DG_THEME_LIGHT, old_path,
                                           &error));
      g_assert_no_error (error);
      a = read_text (mine_path);
      b = read_text (old_path);
      if (g_getenv ("DG_TEST_KEEP") != NULL && strcmp (a, b) != 0)
        {
          g_file_set_contents ("/tmp/dg-mine.txt", a, -1, NULL);
          g_file_set_contents ("/tmp/dg-old.txt", b, -1, NULL);
        }
      g_assert_cmpstr (a, ==, b);
      if (formats[f].format == DG_EXPORT_FORMAT_CSV)
        {
          g_autofree char *mine_companies = dg_interchange_companies_path (mine_path);
          g_autofree char *old_companies = dg_interchange_companies_path (old_path);

          g_free (a);
          g_free (b);
          a = read_text (mine_companies);
          b = read_text (old_companies);
          g_assert_cmpstr (a, ==, b);
          g_assert_cmpint (g_remove (mine_companies), ==, 0);
          g_assert_cmpint (g_remove (old_companies), ==, 0);
        }
      g_assert_cmpint (g_remove (mine_path), ==, 0);
      g_assert_cmpint (g_remove (old_path), ==, 0);
    }
  return dg_document_get_n_deals (copy);
}

static void
random_filter (GRand    *rand,
               DgFilter *filter)
{
  static const char *dates[] = { "2025-01", "2025-06", "2025-10-15", "2026-01", "2026-02-28", "2026-12" };

  dg_filter_init (filter);
  if (g_rand_boolean (rand))
    filter->deal_kinds &= ~(1u << g_rand_int_range (rand, 0, DG_N_DEAL_KINDS));
  if (g_rand_boolean (rand))
    filter->statuses &= ~(1u << g_rand_int_range (rand, 0, DG_N_DEAL_STATUSES));
  if (g_rand_int_range (rand, 0, 3) == 0)
    filter->company_kinds &= ~(1u << g_rand_int_range (rand, 0, DG_N_COMPANY_KINDS));
  if (g_rand_int_range (rand, 0, 3) == 0)
    filter->min_amount = g_rand_boolean (rand) ? 1e9 : 5e9;
  if (g_rand_int_range (rand, 0, 4) == 0)
    filter->include_undisclosed = FALSE;
  if (g_rand_boolean (rand))
    g_assert_true (dg_filter_parse_as_of (dates[g_rand_int_range (rand, 0, G_N_ELEMENTS (dates))], &filter->as_of));
}

/* A random file with what makes the writers' choices: ids no XML or DOT
 * name can be (numbered among what goes out), histories whose state at a
 * date differs, dated valuations, undated deals, every status and kind. */
static char *
random_file (GRand *rand)
{
  /* Prefixes of ids: plain, with a space or a quote (no XML or DOT name),
   * a bare number, and the writers' own fallback names. */
  static const char *ids[] = { "c", "c ", "c\\\"", "", "n", "company-" };
  static const char *kinds[] = { "ai-lab", "cloud", "chips", "investor", "other" };
  static const char *deal_kinds[] = { "investment", "cloud-lease", "chip-purchase", "joint-venture", "other" };
  static const char *statuses[] = { "rumoured", "announced", "signed", "completed", "cancelled" };
  GString *s = g_string_new ("{\"format\": \"dealgraph\", \"version\": 1, \"title\": \"R\"");
  guint n = (guint) g_rand_int_range (rand, 2, 20);
  guint m = (guint) g_rand_int_range (rand, 0, 50);
  g_auto(GStrv) names = NULL;

  /* Two companies at least, so a deal has two ends (and scan-build sees
   * no division by zero below). */
  g_assert_cmpuint (n, >=, 2);
  names = g_new0 (char *, n + 1);

  if (g_rand_boolean (rand))
    g_string_append (s, ", \"as_of\": \"2026-03\"");
  g_string_append (s, ",\n \"companies\": [");
  for (guint i = 0; i < n; i++)
    {
      names[i] = g_strdup_printf ("%s%u", ids[g_rand_int_range (rand, 0, G_N_ELEMENTS (ids))], i);
      g_string_append_printf (s, "%s\n  {\"id\": \"%s\", \"name\": \"Company %u\", \"kind\": \"%s\"", i ? "," : "",
                              names[i], i, kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))]);
      if (g_rand_boolean (rand))
        g_string_append_printf (s, ", \"valuation_usd\": %u000000000, \"valuation_as_of\": \"2026-02\"",
                                (guint) g_rand_int_range (rand, 1, 900));
      if (g_rand_int_range (rand, 0, 3) == 0)
        g_string_append (s, ", \"valuations\": [{\"date\": \"2025-03\", \"valuation_usd\": 2e9}, "
                            "{\"date\": \"2025-11\", \"valuation_usd\": 7e9}]");
      g_string_append (s, "}");
    }
  g_string_append (s, "],\n \"deals\": [");
  for (guint e = 0; e < m; e++)
    {
      guint a = (guint) g_rand_int_range (rand, 0, (gint32) n);
      guint b = (a + 1 + (guint) g_rand_int_range (rand, 0, (gint32) n - 1)) % n;

      g_string_append_printf (s, "%s\n  {\"id\": \"%s%u\", \"from\": \"%s\", \"to\": \"%s\", \"kind\": \"%s\"",
                              e ? "," : "", g_rand_boolean (rand) ? "d" : "d ", e, names[a], names[b],
                              deal_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (deal_kinds))]);
      g_string_append (s, ", \"sources\": [{\"publisher\": \"P\"}, {\"publisher\": \"Q\", \"url\": \"https://q.example\"}]");
      if (g_rand_int_range (rand, 0, 3) == 0)
        /* A history: announced small, then bigger or cancelled. */
        {
          gboolean cancelled = g_rand_boolean (rand);

          g_string_append_printf (s, ", \"announced\": \"2025-04\", \"status\": \"%s\", \"amount_usd\": %s,"
                                     " \"history\": [{\"date\": \"2025-04\", \"status\": \"announced\", "
                                     "\"amount_min_usd\": 1e9, \"amount_max_usd\": 3e9}, "
                                     "{\"date\": \"2025-12\", \"status\": \"%s\", \"amount_usd\": %s}]",
                                  cancelled ? "cancelled" : "signed", cancelled ? "null" : "8e9",
                                  cancelled ? "cancelled" : "signed", cancelled ? "null" : "8e9");
        }
      else
        {
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: g_string_append_printf (s, ", \"amount_usd\": %u000000", (guint) g_rand_int_range (rand, 1, 90000)); break;
            case 1: g_string_append (s, ", \"amount_min_usd\": 1e9, \"amount_max_usd\": 6e9"); break;
            case 2: g_string_append (s, ", \"amount_usd\": null"); break;
            default: break;
            }
          g_string_append_printf (s, ", \"status\": \"%s\"", statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))]);
          if (g_rand_int_range (rand, 0, 4) != 0)
            g_string_append_printf (s, ", \"announced\": \"202%d-%02d\"", g_rand_int_range (rand, 5, 7),
                                    g_rand_int_range (rand, 1, 13));
        }
      g_string_append (s, "}");
    }
  g_string_append (s, "]}\n");
  return g_string_free (s, FALSE);
}

/* GraphML, GEXF, DOT and CSV written with a filter are what writing the
 * filtered copy wrote, on the shipped network and on random files. */
static void
test_filtered_exports (void)
{
  g_autoptr(DgDocument) doc = load_default ();
  g_autofree char *dir = g_dir_make_tmp ("dg-filtered-XXXXXX", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint runs = g_test_slow () ? 200 : 40, files = 0, deals = 0, shown = 0;
  DgFilter filter;

  g_assert_nonnull (dir);
  /* The shipped network: by date (its histories), by status, by kind. */
  dg_filter_init (&filter);
  g_assert_true (dg_filter_parse_as_of ("2025-06", &filter.as_of));
  g_assert_cmpuint (assert_filtered_exports (doc, &filter, dir), <, dg_document_get_n_deals (doc));
  dg_filter_init (&filter);
  g_assert_true (dg_filter_parse_as_of ("2026-02", &filter.as_of));
  filter.statuses &= ~(1u << DG_DEAL_STATUS_RUMOURED);
  assert_filtered_exports (doc, &filter, dir);
  for (guint r = 0; r < 20; r++)
    {
      random_filter (rand, &filter);
      assert_filtered_exports (doc, &filter, dir);
    }

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *text = random_file (rand);
      g_autoptr(GError) error = NULL;
      g_autoptr(DgDocument) random_doc = dg_document_load_from_data (text, strlen (text), NULL, &error);

      g_assert_no_error (error);
      random_filter (rand, &filter);
      shown += assert_filtered_exports (random_doc, &filter, dir);
      deals += dg_document_get_n_deals (random_doc);
      files++;
    }
  /* The filters left some out and kept some. */
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, deals);
  g_test_message ("%u random files, %u of %u deals shown", files, shown, deals);
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *sub = g_build_filename (dir, k == 0 ? "mine" : "old", NULL);

      g_assert_cmpint (g_rmdir (sub), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Not a timed assertion: the figure goes to the log and docs/performance.md. */
static void
test_speed (void)
{
  g_autoptr(DgDocument) doc = load_default ();
  DgGraph *graph = dg_document_get_graph (doc);
  g_autofree guint8 *edges = g_new (guint8, graph->n_edges);
  g_autofree guint8 *nodes = g_new (guint8, graph->n_nodes);
  g_autofree guint *months = NULL;
  DgAnalysisOptions options;
  guint n_months = 0, runs = 0, total_cycles = 0;
  gint64 start, elapsed;

  months = dg_filter_get_months (graph, &n_months);
  g_assert_cmpuint (n_months, >, 0);

  start = g_get_monotonic_time ();
  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i < n_months; i++)
      {
        g_autoptr(DgAnalysis) analysis = NULL;
        DgFilter filter;

        /* What the timeline does on each tick. */
        dg_filter_init (&filter);
        filter.as_of = dg_filter_as_of_for_month (months[i]);
        dg_filter_apply (&filter, graph, edges, nodes);
        dg_analysis_options_init (&options);
        options.edge_mask = edges;
        analysis = dg_analysis_new (graph, &options);
        g_assert_cmpuint (analysis->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
        total_cycles += analysis->n_cycles;
        runs++;
      }
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (total_cycles, >, 0);
  g_test_message ("filter + full analysis (cycles, shares), embedded dataset: %.3f ms per timeline step (%u runs)",
                  elapsed / 1000.0 / runs, runs);

  /* The largest case: everything shown (the last month). */
  start = g_get_monotonic_time ();
  for (runs = 0; runs < 50; runs++)
    {
      g_autoptr(DgAnalysis) analysis = NULL;
      DgFilter filter;

      dg_filter_init (&filter);
      filter.statuses &= ~(1u << DG_DEAL_STATUS_RUMOURED);
      dg_filter_apply (&filter, graph, edges, nodes);
      dg_analysis_options_init (&options);
      options.edge_mask = edges;
      analysis = dg_analysis_new (graph, &options);
      g_assert_cmpuint (analysis->n_cycles, >, 0);
    }
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("filter (no rumours) + full analysis, whole embedded dataset: %.3f ms per change (%u runs)",
                  elapsed / 1000.0 / runs, runs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/filter/default", test_default);
  g_test_add_func ("/dealgraph/filter/matches-filtered-graph", test_matches_filtered_graph);
  g_test_add_func ("/dealgraph/filter/min-amount-range", test_min_amount_range);
  g_test_add_func ("/dealgraph/filter/company-visibility", test_company_visibility);
  g_test_add_func ("/dealgraph/filter/as-of", test_as_of);
  g_test_add_func ("/dealgraph/filter/as-of-default-dataset", test_as_of_default_dataset);
  g_test_add_func ("/dealgraph/filter/months", test_months);
  g_test_add_func ("/dealgraph/filter/dates", test_dates);
  g_test_add_func ("/dealgraph/filter/json", test_json);
  g_test_add_func ("/dealgraph/filter/filtered-exports", test_filtered_exports);
  g_test_add_func ("/dealgraph/filter/speed", test_speed);

  return g_test_run ();
}
