/* bench-analysis.c: how fast the cycle analysis runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On generated scale-free graphs (100 .. 50,000 companies, ~5 deals each,
 * 10% of deals reciprocated so cycles exist) prints the time of the
 * components and cyclic marking, cycle enumeration with the default limits,
 * round-trip shares, the peak memory, and, where igraph is installed, the
 * time igraph takes for the strongly connected components of the same graph.
 * Then the whole analysis of the embedded dataset. Times are medians.
 *
 * Usage: bench-analysis [--quick]
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#ifdef DG_HAVE_IGRAPH
#include <igraph.h>
#endif

#include "dg-analysis.h"
#include "dg-document.h"
#include "dg-loader.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
now (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static double
peak_mib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

#ifdef DG_HAVE_IGRAPH
/* igraph's strongly connected components of the same graph; building the
 * igraph graph is left out of the timing. */
static double
time_igraph (const DgGraph *g,
             guint          runs,
             guint         *n_components)
{
  igraph_vector_int_t edges;
  igraph_vector_int_t membership;
  igraph_vector_int_t csize;
  igraph_integer_t no = 0;
  igraph_t ig;
  g_autofree double *t = g_new (double, runs);

  igraph_vector_int_init (&edges, 2 * (igraph_integer_t) g->n_edges);
  for (guint e = 0; e < g->n_edges; e++)
    {
      VECTOR (edges)[2 * e] = g->edge_src[e];
      VECTOR (edges)[2 * e + 1] = g->edge_dst[e];
    }
  igraph_create (&ig, &edges, g->n_nodes, IGRAPH_DIRECTED);
  igraph_vector_int_init (&membership, 0);
  igraph_vector_int_init (&csize, 0);

  for (guint r = 0; r < runs; r++)
    {
      double t0 = now ();

      igraph_connected_components (&ig, &membership, &csize, &no, IGRAPH_STRONG);
      t[r] = now () - t0;
    }
  *n_components = (guint) no;

  igraph_vector_int_destroy (&membership);
  igraph_vector_int_destroy (&csize);
  igraph_vector_int_destroy (&edges);
  igraph_destroy (&ig);

  return median (t, runs);
}
#endif

static void
bench_size (guint    n,
            gboolean quick)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (n, 5, 0.1, 1);
  guint runs = quick ? 3 : 11;
  /* Shares on the big graphs run into the 10 s budget: one run says enough. */
  guint slow_runs = quick || n >= 10000 ? 1 : 3;
  g_autofree double *t_scc = g_new (double, runs);
  g_autofree double *t_phase = g_new (double, runs);
  g_autofree double *t_cycles = g_new (double, slow_runs);
  g_autofree double *t_shares = g_new (double, slow_runs);
  g_autofree guint *component = g_new (guint, n);
  g_autofree guint8 *cyclic = g_new (guint8, g->n_edges);
  DgAnalysisOptions options;
  guint n_components = 0;
  guint n_cyclic = 0;
  guint n_cycles = 0;
  guint n_routes = 0;
  const char *longer = "no";
  guint n_cyclic_components = 0;
  guint n_shares = 0;
  DgAnalysisLimit cycles_limit = DG_ANALYSIS_LIMIT_NONE;
  DgAnalysisLimit shares_limit = DG_ANALYSIS_LIMIT_NONE;
  double scc;

  /* The building block alone: Tarjan plus marking every deal. */
  for (guint r = 0; r < runs; r++)
    {
      double t0 = now ();

      n_components = dg_analysis_strong_components (g, NULL, component, cyclic);
      t_scc[r] = now () - t0;
    }
  for (guint e = 0; e < g->n_edges; e++)
    n_cyclic += cyclic[e];

  /* As the UI gets it: a DgAnalysis with components, cyclic flags and
   * counts, nothing else. */
  dg_analysis_options_init (&options);
  options.flags = 0;
  for (guint r = 0; r < runs; r++)
    {
      double t0 = now ();
      g_autoptr(DgAnalysis) a = dg_analysis_new (g, &options);

      t_phase[r] = now () - t0;
      n_cyclic_components = a->n_cyclic_components;
    }

  dg_analysis_options_init (&options);
  options.flags = DG_ANALYSIS_CYCLES;
  for (guint r = 0; r < slow_runs; r++)
    {
      g_autoptr(DgAnalysis) a = dg_analysis_new (g, &options);

      t_cycles[r] = a->cycles_seconds;
      n_cycles = a->n_cycles;
      n_routes = a->n_routes;
      longer = a->cycles_longer_found ? "exist" : a->cycles_length_limited ? "may exist" : "none";
      cycles_limit = a->cycles_limit;
    }

  options.flags = DG_ANALYSIS_SHARES;
  for (guint r = 0; r < slow_runs; r++)
    {
      g_autoptr(DgAnalysis) a = dg_analysis_new (g, &options);

      t_shares[r] = a->shares_seconds;
      n_shares = a->n_shares_done;
      shares_limit = a->shares_limit;
    }

  scc = median (t_scc, runs);
  g_print ("%6u companies, %7u deals: %u components (%u cyclic), %u cyclic deals\n",
           n, g->n_edges, n_components, n_cyclic_components, n_cyclic);
  g_print ("  components + cyclic marking   %9.3f ms   (as DgAnalysis: %.3f ms)\n",
           scc * 1e3, median (t_phase, runs) * 1e3);
#ifdef DG_HAVE_IGRAPH
  {
    guint ig_components = 0;
    double ig = time_igraph (g, runs, &ig_components);

    g_print ("  igraph strong components      %9.3f ms   (%u components): ours is %.1fx faster\n",
             ig * 1e3, ig_components, ig / scc);
    if (ig_components != n_components)
      g_print ("  WARNING: igraph finds %u components, we find %u\n", ig_components, n_components);
  }
#else
  g_print ("  igraph: not available\n");
#endif
  g_print ("  cycle enumeration             %9.3f ms   %u cycles on %u routes, limit: %s; longer cycles: %s\n",
           median (t_cycles, slow_runs) * 1e3, n_cycles, n_routes, dg_analysis_limit_to_string (cycles_limit),
           longer);
  g_print ("  round-trip shares             %9.3f ms   %u of %u cyclic deals (%.3f ms each), limit: %s\n",
           median (t_shares, slow_runs) * 1e3, n_shares, n_cyclic,
           n_shares > 0 ? median (t_shares, slow_runs) * 1e3 / n_shares : 0.0,
           dg_analysis_limit_to_string (shares_limit));
  g_print ("  peak memory so far            %9.1f MiB\n", peak_mib ());
}

static void
bench_dataset (gboolean quick)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = dg_document_load_default (&error);
  guint runs = quick ? 21 : 201;
  g_autofree double *t = g_new (double, runs);
  DgGraph *g;
  guint n_cycles = 0;
  guint n_routes = 0;

  g_assert_no_error (error);
  g = dg_document_get_graph (doc);

  for (guint r = 0; r < runs; r++)
    {
      double t0 = now ();
      g_autoptr(DgAnalysis) a = dg_analysis_new (g, NULL);

      t[r] = now () - t0;
      n_cycles = a->n_cycles;
      n_routes = a->n_routes;
    }

  g_print ("embedded dataset (%u companies, %u deals): whole analysis %.3f ms (%u cycles on %u routes)\n",
           g->n_nodes, g->n_edges, median (t, runs) * 1e3, n_cycles, n_routes);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 100, 1000, 10000, 50000 };
  gboolean quick = argc > 1 && strcmp (argv[1], "--quick") == 0;

#ifdef DG_HAVE_IGRAPH
  igraph_set_error_handler (igraph_error_handler_abort);
#endif

  g_print ("bench-analysis: scale-free graphs, 5 deals per company, 10%% reciprocated, seed 1; "
           "medians of %u runs (%u for cycles and shares; 1 for shares from 10k companies)\n\n",
           quick ? 3 : 11, quick ? 1 : 3);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    bench_size (sizes[i], quick);

  g_print ("\n");
  bench_dataset (quick);

  return 0;
}
