/* test-model.c: the GObject model, the graph snapshot and the small formatters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>

#include "dg-document.h"
#include "dg-graph.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_company_properties (void)
{
  DgCompany *company = dg_company_new ("openai", "OpenAI");
  guint notified = 0;
  g_autofree char *name = NULL;
  gboolean has;

  g_signal_connect (company, "notify::name", G_CALLBACK (count_notify), &notified);
  dg_company_set_name (company, "OpenAI Group PBC");
  dg_company_set_name (company, "OpenAI Group PBC");  /* unchanged: no notify */
  g_assert_cmpuint (notified, ==, 1);

  g_object_get (company, "name", &name, "has-valuation", &has, NULL);
  g_assert_cmpstr (name, ==, "OpenAI Group PBC");
  g_assert_false (has);
  g_assert_true (isnan (dg_company_get_valuation (company)));

  dg_company_set_valuation (company, 500e9);
  g_assert_true (dg_company_has_valuation (company));
  g_assert_cmpfloat (dg_company_get_valuation (company), ==, 500e9);
  dg_company_unset_valuation (company);
  g_assert_false (dg_company_has_valuation (company));

  dg_company_set_kind (company, "ai-lab");
  g_assert_cmpint (dg_company_get_kind_enum (company), ==, DG_COMPANY_KIND_AI_LAB);
  dg_company_set_kind (company, "spaceship");
  g_assert_cmpint (dg_company_get_kind_enum (company), ==, DG_COMPANY_KIND_OTHER);

  g_assert_finalize_object (company);
}

static DgDocument *
make_triangle (void)
{
  DgDocument *doc = dg_document_new ();
  const char *ids[] = { "a", "b", "c" };
  DgAmount exact = { DG_AMOUNT_EXACT, 5e9, 5e9, 5e9 };

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(DgCompany) c = dg_company_new (ids[i], ids[i]);
      g_assert_true (dg_document_add_company (doc, c));
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("d%u", i);
      g_autoptr(DgDeal) d = dg_deal_new (id, ids[i], ids[(i + 1) % 3]);

      dg_deal_set_amount (d, &exact);
      dg_deal_set_kind (d, "investment");
      dg_deal_set_status (d, "signed");
      dg_deal_set_announced (d, "2025-09");
      g_assert_true (dg_document_add_deal (doc, d));
    }
  return doc;
}

static void
test_document_building (void)
{
  DgDocument *doc = make_triangle ();
  g_autoptr(DgCompany) dup = dg_company_new ("a", "Another A");
  g_autoptr(DgDeal) self_deal = dg_deal_new ("x", "a", "a");
  g_autoptr(DgDeal) dangling = dg_deal_new ("y", "a", "zzz");
  guint changed = 0;

  g_signal_connect_swapped (doc, "changed", G_CALLBACK (count_notify), &changed);
  g_assert_false (dg_document_add_company (doc, dup));
  g_assert_false (dg_document_add_deal (doc, self_deal));
  g_assert_false (dg_document_add_deal (doc, dangling));
  g_assert_cmpuint (changed, ==, 0);

  g_assert_cmpuint (dg_document_get_n_companies (doc), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (dg_document_get_deals (doc)), ==, 3);
  g_assert_true (dg_document_lookup_company (doc, "b") == dg_document_get_company (doc, 1));
  g_assert_cmpuint (dg_deal_get_to_index (dg_document_lookup_deal (doc, "d2")), ==, 0);
  g_assert_null (dg_document_lookup_deal (doc, "nope"));

  g_assert_finalize_object (doc);
}

static void
test_graph_snapshot (void)
{
  g_autoptr(DgDocument) doc = make_triangle ();
  DgGraph *g = dg_document_get_graph (doc);
  g_autoptr(DgCompany) d = dg_company_new ("d", "D");

  g_assert_cmpuint (g->n_nodes, ==, 3);
  g_assert_cmpuint (g->n_edges, ==, 3);
  for (guint v = 0; v < 3; v++)
    {
      g_assert_cmpuint (g->out_offset[v + 1] - g->out_offset[v], ==, 1);
      g_assert_cmpuint (g->edge_src[g->out_edges[g->out_offset[v]]], ==, v);
      g_assert_cmpuint (g->edge_dst[g->in_edges[g->in_offset[v]]], ==, v);
    }
  g_assert_cmpint (g->edge_kind[0], ==, DG_DEAL_KIND_INVESTMENT);
  g_assert_cmpint (g->edge_status[0], ==, DG_DEAL_STATUS_SIGNED);
  g_assert_cmpint (g->edge_date[0], ==, 20250900);
  g_assert_cmpfloat (g->edge_amount[1], ==, 5e9);

  /* Cached until the document changes, then rebuilt. */
  g_assert_true (dg_document_get_graph (doc) == g);
  dg_graph_ref (g);
  dg_document_add_company (doc, d);
  g_assert_true (dg_document_get_graph (doc) != g);
  g_assert_cmpuint (dg_document_get_graph (doc)->n_nodes, ==, 4);
  dg_graph_unref (g);
}

static void
test_csr_random (void)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (500, 4, 0.2, 7);
  g_autofree guint *out_deg = g_new0 (guint, g->n_nodes);
  g_autofree guint *in_deg = g_new0 (guint, g->n_nodes);
  g_autoptr(DgGraph) again = dg_graph_generate_scale_free (500, 4, 0.2, 7);

  g_assert_cmpuint (g->n_edges, >, 500 * 4);
  for (guint e = 0; e < g->n_edges; e++)
    {
      out_deg[g->edge_src[e]]++;
      in_deg[g->edge_dst[e]]++;
      g_assert_cmpuint (g->edge_src[e], !=, g->edge_dst[e]);
    }
  for (guint v = 0; v < g->n_nodes; v++)
    {
      g_assert_cmpuint (g->out_offset[v + 1] - g->out_offset[v], ==, out_deg[v]);
      g_assert_cmpuint (g->in_offset[v + 1] - g->in_offset[v], ==, in_deg[v]);
      for (guint i = g->out_offset[v]; i < g->out_offset[v + 1]; i++)
        g_assert_cmpuint (g->edge_src[g->out_edges[i]], ==, v);
    }

  /* Same seed, same graph. */
  g_assert_cmpuint (again->n_edges, ==, g->n_edges);
  g_assert_cmpmem (again->edge_dst, sizeof (guint) * g->n_edges, g->edge_dst, sizeof (guint) * g->n_edges);
}

static void
test_dates (void)
{
  gint32 p = -1;

  g_assert_true (dg_date_parse ("2025", &p));
  g_assert_cmpint (p, ==, 20250000);
  g_assert_true (dg_date_parse ("2025-09", &p));
  g_assert_cmpint (p, ==, 20250900);
  g_assert_true (dg_date_parse ("2024-02-29", &p));
  g_assert_cmpint (p, ==, 20240229);
  g_assert_false (dg_date_parse ("2025-02-29", NULL));
  g_assert_false (dg_date_parse ("2025-00", NULL));
  g_assert_false (dg_date_parse ("2025-9", NULL));
  g_assert_false (dg_date_parse ("25-09-01", NULL));
  g_assert_false (dg_date_parse ("2025-09-01T00", NULL));
  g_assert_false (dg_date_parse ("", NULL));
  g_assert_false (dg_date_parse ("0000", NULL));
}

static void
test_money (void)
{
  struct { double v; const char *text; } cases[] = {
    { 38e9, "$38B" }, { 350e6, "$350M" }, { 1.5e9, "$1.5B" }, { 5.83e9, "$5.83B" },
    { 11.9e9, "$11.9B" }, { 1.2e12, "$1.2T" }, { 683e6, "$683M" }, { 0, "$0" },
    { 2500, "$2.5K" }, { 999, "$999" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = dg_format_money (cases[i].v);
      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

static void
test_amount_format (void)
{
  DgAmount exact = { DG_AMOUNT_EXACT, 38e9, 38e9, 38e9 };
  DgAmount upto = { DG_AMOUNT_RANGE, 100e9, 0, 100e9 };
  DgAmount range = { DG_AMOUNT_RANGE, 19.4e9, 17.4e9, 19.4e9 };
  DgAmount none = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
  g_autofree char *a = dg_amount_format (&exact);
  g_autofree char *b = dg_amount_format (&upto);
  g_autofree char *c = dg_amount_format (&range);
  g_autofree char *d = dg_amount_format (&none);

  g_assert_cmpstr (a, ==, "$38B");
  g_assert_cmpstr (b, ==, "up to $100B");
  g_assert_cmpstr (c, ==, "$17.4B–$19.4B");
  g_assert_cmpstr (d, ==, "undisclosed");
}

static void
test_kinds_round_trip (void)
{
  for (guint k = 0; k < DG_N_COMPANY_KINDS; k++)
    {
      DgCompanyKind back;
      g_assert_true (dg_company_kind_from_string (dg_company_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  for (guint k = 0; k < DG_N_DEAL_KINDS; k++)
    {
      DgDealKind back;
      g_assert_true (dg_deal_kind_from_string (dg_deal_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  for (guint s = 0; s < DG_N_DEAL_STATUSES; s++)
    {
      DgDealStatus back;
      g_assert_true (dg_deal_status_from_string (dg_deal_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
}

static void
test_node_radius (void)
{
  g_assert_cmpfloat (dg_node_radius (NAN), ==, dg_node_radius (1e6));
  g_assert_cmpfloat (dg_node_radius (1e9), <, dg_node_radius (1e10));
  g_assert_cmpfloat (dg_node_radius (1e10), <, dg_node_radius (1e12));
  /* Area grows with log: a 100x larger valuation is not 10x wider. */
  g_assert_cmpfloat (dg_node_radius (5e12) / dg_node_radius (5e10), <, 1.5);
  g_assert_true (isfinite (dg_node_radius (1e300)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/model/company-properties", test_company_properties);
  g_test_add_func ("/dealgraph/model/document-building", test_document_building);
  g_test_add_func ("/dealgraph/model/graph-snapshot", test_graph_snapshot);
  g_test_add_func ("/dealgraph/model/csr-random", test_csr_random);
  g_test_add_func ("/dealgraph/model/dates", test_dates);
  g_test_add_func ("/dealgraph/model/money", test_money);
  g_test_add_func ("/dealgraph/model/amount-format", test_amount_format);
  g_test_add_func ("/dealgraph/model/kinds-round-trip", test_kinds_round_trip);
  g_test_add_func ("/dealgraph/model/node-radius", test_node_radius);

  return g_test_run ();
}
