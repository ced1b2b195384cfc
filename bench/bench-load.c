/* bench-load.c: how long a deal file takes to load and save, and the memory
 * it takes, for generated networks of 100 to 50,000 companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run: build/bench/bench-load
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "dg-loader.h"

/* The benchmark graph as a Dealgraph file, built with json-glib so the
 * text is what the saver would write. No sources: with one per deal the
 * 50k file passes the loader's 64 MiB limit (each deal then warns). */
static char *
graph_to_json (DgGraph *g,
               gsize   *length)
{
  g_autoptr(DgDocument) doc = dg_document_new ();

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
  return dg_document_to_data (doc, length);
}

static double
median (double *v,
        guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && v[j - 1] > v[j]; j--)
      {
        double t = v[j];
        v[j] = v[j - 1];
        v[j - 1] = t;
      }
  return v[n / 2];
}

int
main (int    argc,
      char **argv)
{
  const guint sizes[] = { 100, 1000, 10000, 50000 };

  setlocale (LC_ALL, "");
  g_print ("Loading and saving generated deal files (median of runs)\n\n");
  g_print ("%-9s %-9s %10s %12s %12s %12s %10s\n",
           "companies", "deals", "file", "load", "snapshot", "save", "peak RSS");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(DgGraph) g = dg_graph_generate_scale_free (sizes[s], 5, 0.1, 1);
      g_autofree char *text = NULL;
      g_autofree char *file_size = NULL;
      guint runs = sizes[s] >= 50000 ? 3 : 7;
      double load[7], snapshot[7], save[7];
      gsize length;
      struct rusage usage;

      text = graph_to_json (g, &length);
      file_size = g_format_size (length);

      for (guint r = 0; r < runs; r++)
        {
          g_autoptr(DgDocument) doc = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *again = NULL;
          gint64 t0, t1, t2, t3;

          t0 = g_get_monotonic_time ();
          doc = dg_document_load_from_data (text, length, NULL, &error);
          t1 = g_get_monotonic_time ();
          g_assert_no_error (error);
          (void) dg_document_get_graph (doc);
          t2 = g_get_monotonic_time ();
          again = dg_document_to_data (doc, NULL);
          t3 = g_get_monotonic_time ();
          g_assert_nonnull (again);

          load[r] = (t1 - t0) / 1000.0;
          snapshot[r] = (t2 - t1) / 1000.0;
          save[r] = (t3 - t2) / 1000.0;
        }

      getrusage (RUSAGE_SELF, &usage);
      g_print ("%-9u %-9u %10s %9.1f ms %9.1f ms %9.1f ms %7ld MiB\n",
               g->n_nodes, g->n_edges, file_size,
               median (load, runs), median (snapshot, runs), median (save, runs),
               usage.ru_maxrss / 1024);
    }

  return 0;
}
