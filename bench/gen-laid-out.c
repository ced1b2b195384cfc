/* gen-laid-out.c: writes the benchmarks' generated networks, laid out, as deal files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: gen-laid-out N OUT.json
 *
 * The scale-free network of N companies the benchmarks draw
 * (dg_graph_generate_scale_free (N, 5, 0.1, 1)), with the force layout's
 * positions saved, so the window opens it as it is, for bench/canvas-frames.sh.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "dg-layout.h"
#include "dg-loader.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(DgGraph) g = NULL;
  g_autoptr(DgDocument) doc = dg_document_new ();
  g_autoptr(DgLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *xy = NULL;
  g_autofree char *text = NULL;
  gsize length;
  guint n;

  if (argc != 3 || (n = (guint) strtoul (argv[1], NULL, 10)) == 0)
    {
      g_printerr ("Usage: gen-laid-out N OUT.json\n");
      return 2;
    }
  g = dg_graph_generate_scale_free (n, 5, 0.1, 1);

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
      dg_document_add_deal (doc, d);
    }

  if (!dg_layout_ensure_positions (doc, "force", 1, &xy))
    return 1;
  layout = dg_layout_new (dg_document_get_graph (doc), DG_LAYOUT_FORCE, 1);
  dg_layout_set_initial (layout, xy, NULL, NULL);
  dg_layout_apply_to_document (layout, doc);

  text = dg_document_to_data (doc, &length);
  if (!g_file_set_contents (argv[2], text, length, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}
