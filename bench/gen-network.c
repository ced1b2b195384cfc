/* gen-network.c: writes a generated deal network as a Dealgraph file (and,
 * on request, the same network as a JSON edge list or a DOT file), so the
 * whole commands can be timed on it next to other tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run: build/bench/gen-network [--companies N] [--sources] OUT.dealgraph.json
 * The network is dg_graph_generate_scale_free (N, 5, 0.1, 1), the one every
 * benchmark uses; --sources gives each deal one source, as real files have.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <locale.h>
#include <math.h>

#include "dg-loader.h"

static DgDocument *
graph_to_document (DgGraph  *g,
                   gboolean  sources)
{
  DgDocument *doc = dg_document_new ();

  dg_document_set_title (doc, "Generated network");
  for (guint v = 0; v < g->n_nodes; v++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", v);
      g_autofree char *name = g_strdup_printf ("Company %u", v);
      g_autoptr(DgCompany) c = dg_company_new (id, name);

      dg_company_set_kind (c, dg_company_kind_to_string (g->node_kind[v]));
      if (!isnan (g->node_valuation[v]))
        dg_company_set_valuation (c, round (g->node_valuation[v]));
      dg_document_add_company (doc, c);
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      g_autofree char *id = g_strdup_printf ("d%u", e);
      g_autofree char *from = g_strdup_printf ("c%u", g->edge_src[e]);
      g_autofree char *to = g_strdup_printf ("c%u", g->edge_dst[e]);
      g_autoptr(DgDeal) d = dg_deal_new (id, from, to);
      DgAmount a = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };

      if (!isnan (g->edge_amount[e]))
        {
          a.kind = DG_AMOUNT_EXACT;
          a.value = a.min = a.max = round (g->edge_amount[e]);
        }
      dg_deal_set_amount (d, &a);
      dg_deal_set_kind (d, dg_deal_kind_to_string (g->edge_kind[e]));
      dg_deal_set_status (d, dg_deal_status_to_string (g->edge_status[e]));
      if (sources)
        {
          DgSource *s = dg_source_new ("Example News");

          s->title = g_strdup_printf ("Company %u and Company %u agree a deal", g->edge_src[e], g->edge_dst[e]);
          s->date = g_strdup_printf ("2025-%02u-%02u", 1 + e % 12, 1 + e % 28);
          s->url = g_strdup_printf ("https://example.com/news/d%u", e);
          dg_deal_add_source (d, s);
        }
      dg_document_add_deal (doc, d);
    }
  return doc;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgGraph) g = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GFile) file = NULL;
  int companies = 10000;
  gboolean sources = FALSE;
  gboolean compact = FALSE;
  const GOptionEntry entries[] = {
    { "companies", 0, 0, G_OPTION_ARG_INT, &companies, "Number of companies (default 10000)", "N" },
    { "sources", 0, 0, G_OPTION_ARG_NONE, &sources, "Give each deal one source", NULL },
    { "compact", 0, 0, G_OPTION_ARG_NONE, &compact, "Write without whitespace", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || companies < 2)
    {
      g_printerr ("usage: gen-network [--companies N] [--sources] [--compact] OUT\n");
      return 2;
    }

  g = dg_graph_generate_scale_free ((guint) companies, 5, 0.1, 1);
  doc = graph_to_document (g, sources);
  if (compact)
    {
      DgSaveOptions options = { 0 };
      g_autofree char *text = NULL;
      gsize length;

      options.compact = TRUE;
      text = dg_document_to_data_with_options (doc, &options, &length);
      if (!g_file_set_contents (argv[1], text, (gssize) length, &error))
        {
          g_printerr ("gen-network: %s\n", error->message);
          return 1;
        }
    }
  else
    {
      file = g_file_new_for_commandline_arg (argv[1]);
      if (!dg_document_save_to_file (doc, file, &error))
        {
          g_printerr ("gen-network: %s\n", error->message);
          return 1;
        }
    }
  g_print ("%s: %u companies, %u deals\n", argv[1], g->n_nodes, g->n_edges);
  return 0;
}
