/* bench-layout.c: force layout time, memory and quality, against igraph
 * and Graphviz sfdp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For generated scale-free graphs (5 deals per company): time to
 * convergence, iterations, peak memory and normalized stress. Stress is
 * measured on the undirected simple graph: for sampled sources s and every
 * company t reached, ideal distance = hops(s, t) * u, and
 *   stress = mean over pairs of ((|p_s - p_t| - u h) / (u h))^2
 * with the unit u chosen by least squares, so the figure does not depend on
 * the drawing's scale. 0 would be a perfect embedding of hop distances.
 *
 *   bench-layout [--threads N] [--sizes 1000,10000,50000] [--no-igraph] [--no-sfdp]
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef DG_HAVE_IGRAPH
#include <igraph.h>
#endif

#include "dg-layout.h"
#include "dg-layout-private.h"
#include "dg-loader.h"

typedef struct
{
  guint n;
  guint *offset;
  guint *adj;
} Undirected;

static void
undirected_init (Undirected          *u,
                 guint                n,
                 const DgLayoutPairs *pairs)
{
  g_autofree guint *fill = NULL;

  u->n = n;
  u->offset = g_new0 (guint, n + 1);
  u->adj = g_new (guint, 2 * (gsize) pairs->n_pairs + 1);
  for (guint p = 0; p < pairs->n_pairs; p++)
    {
      u->offset[pairs->u[p] + 1]++;
      u->offset[pairs->v[p] + 1]++;
    }
  for (guint v = 0; v < n; v++)
    u->offset[v + 1] += u->offset[v];
  fill = g_memdup2 (u->offset, sizeof (guint) * (n + 1));
  for (guint p = 0; p < pairs->n_pairs; p++)
    {
      u->adj[fill[pairs->u[p]]++] = pairs->v[p];
      u->adj[fill[pairs->v[p]]++] = pairs->u[p];
    }
}

static void
undirected_clear (Undirected *u)
{
  g_free (u->offset);
  g_free (u->adj);
}

/* Normalized stress from @n_sources evenly spaced sources (all when
 * @n_sources >= n). */
static double
stress (const Undirected *u,
        const double     *xy,
        guint             n_sources)
{
  guint n = u->n;
  g_autofree guint *dist = g_new (guint, n);
  g_autofree guint *queue = g_new (guint, n);
  double s_dh = 0, s_d2h2 = 0, count = 0, t;
  guint step;

  if (n < 2)
    return 0;
  n_sources = MIN (n_sources, n);
  step = n / n_sources;

  for (guint k = 0; k < n_sources; k++)
    {
      guint src = k * step, head = 0, tail = 0;

      for (guint v = 0; v < n; v++)
        dist[v] = G_MAXUINT;
      dist[src] = 0;
      queue[tail++] = src;
      while (head < tail)
        {
          guint v = queue[head++];

          for (guint a = u->offset[v]; a < u->offset[v + 1]; a++)
            if (dist[u->adj[a]] == G_MAXUINT)
              {
                dist[u->adj[a]] = dist[v] + 1;
                queue[tail++] = u->adj[a];
              }
        }
      for (guint i = 1; i < tail; i++)
        {
          guint v = queue[i];
          double d = hypot (xy[2 * v] - xy[2 * src], xy[2 * v + 1] - xy[2 * src + 1]);
          double h = dist[v];

          s_dh += d / h;
          s_d2h2 += (d * d) / (h * h);
          count++;
        }
    }

  /* With t = 1 / u: sum (t d / h - 1)^2 is least at t = sum(d/h) / sum(d²/h²). */
  if (count == 0 || s_d2h2 == 0)
    return 0;
  t = s_dh / s_d2h2;
  return (t * t * s_d2h2 - 2 * t * s_dh + count) / count;
}

static long
peak_rss_kib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* CPU seconds of the whole process (all threads), user and system. */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double
now_seconds (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

typedef struct
{
  double seconds;
  double cpu;
  double stress;
  gboolean ok;
} Result;

#ifdef DG_HAVE_IGRAPH
static Result
run_igraph (guint                n,
            const DgLayoutPairs *pairs,
            const Undirected    *u,
            guint                n_sources)
{
  igraph_vector_int_t edges;
  igraph_t graph;
  igraph_matrix_t res;
  Result r = { 0 };
  g_autofree double *xy = g_new (double, 2 * (gsize) n);
  double t0, c0;

  igraph_vector_int_init (&edges, 2 * (igraph_integer_t) pairs->n_pairs);
  for (guint p = 0; p < pairs->n_pairs; p++)
    {
      VECTOR (edges)[2 * p] = pairs->u[p];
      VECTOR (edges)[2 * p + 1] = pairs->v[p];
    }
  igraph_create (&graph, &edges, n, IGRAPH_UNDIRECTED);
  igraph_matrix_init (&res, 0, 0);
  igraph_rng_seed (igraph_rng_default (), 1);

  /* python-igraph's defaults: 500 iterations, start temperature sqrt(n)/10. */
  t0 = now_seconds ();
  c0 = cpu_seconds ();
  igraph_layout_fruchterman_reingold (&graph, &res, FALSE, 500, sqrt ((double) n) / 10.0,
                                      IGRAPH_LAYOUT_GRID, NULL, NULL, NULL, NULL, NULL);
  r.seconds = now_seconds () - t0;
  r.cpu = cpu_seconds () - c0;

  for (guint v = 0; v < n; v++)
    {
      xy[2 * v] = MATRIX (res, v, 0);
      xy[2 * v + 1] = MATRIX (res, v, 1);
    }
  r.stress = stress (u, xy, n_sources);
  r.ok = TRUE;

  igraph_matrix_destroy (&res);
  igraph_destroy (&graph);
  igraph_vector_int_destroy (&edges);
  return r;
}
#endif

static Result
run_sfdp (guint                n,
          const DgLayoutPairs *pairs,
          const Undirected    *u,
          guint                n_sources)
{
  Result r = { 0 };
  g_autofree char *sfdp = g_find_program_in_path ("sfdp");
  g_autofree char *dot_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *plain = NULL;
  g_autofree double *xy = NULL;
  g_autoptr(GString) dot = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  double t0;

  if (sfdp == NULL)
    return r;

  dot_path = g_build_filename (g_get_tmp_dir (), "dg-bench-layout.dot", NULL);
  out_path = g_build_filename (g_get_tmp_dir (), "dg-bench-layout.plain", NULL);
  dot = g_string_new ("graph G {\n  node [shape=point];\n");
  for (guint v = 0; v < n; v++)
    g_string_append_printf (dot, "  %u;\n", v);
  for (guint p = 0; p < pairs->n_pairs; p++)
    g_string_append_printf (dot, "  %u -- %u;\n", pairs->u[p], pairs->v[p]);
  g_string_append (dot, "}\n");
  if (!g_file_set_contents (dot_path, dot->str, dot->len, &error))
    return r;

  {
    const char *argv[] = { sfdp, "-Tplain", "-o", out_path, dot_path, NULL };

    t0 = now_seconds ();
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, &error)
        || !g_spawn_check_wait_status (status, NULL))
      return r;
    r.seconds = now_seconds () - t0;
  }

  if (!g_file_get_contents (out_path, &plain, NULL, NULL))
    return r;
  xy = g_new0 (double, 2 * (gsize) n);
  lines = g_strsplit (plain, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint v;
      double x, y;

      if (sscanf (lines[i], "node %u %lf %lf", &v, &x, &y) == 3 && v < n)
        {
          xy[2 * v] = x;
          xy[2 * v + 1] = y;
        }
    }
  r.stress = stress (u, xy, n_sources);
  r.ok = TRUE;
  g_remove (dot_path);
  g_remove (out_path);
  return r;
}

static void
bench_embedded (void)
{
  g_autoptr(DgDocument) doc = dg_document_load_default (NULL);
  DgGraph *g = dg_document_get_graph (doc);
  double best = G_MAXDOUBLE, total = 0;
  guint iterations = 0, runs = 50;
  gboolean converged = TRUE;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, 1 + i);
      double t0 = now_seconds (), dt;

      converged &= dg_layout_run (layout, 10.0);
      dt = now_seconds () - t0;
      best = MIN (best, dt);
      total += dt;
      iterations += dg_layout_get_iterations (layout);
    }
  g_print ("embedded dataset (%u companies, %u deals), force, %u seeds: mean %.2f ms, best %.2f ms, "
           "mean %.0f iterations, %s\n",
           g->n_nodes, g->n_edges, runs, 1000 * total / runs, 1000 * best,
           (double) iterations / runs, converged ? "all converged" : "NOT all converged");

  for (guint algo = DG_LAYOUT_CIRCULAR; algo <= DG_LAYOUT_FLOW; algo++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, algo, 1);
      double t0 = now_seconds ();

      dg_layout_run (layout, 10.0);
      g_print ("embedded dataset, %s: %.2f ms\n", dg_layout_algorithm_to_string (algo),
               1000 * (now_seconds () - t0));
    }
}

int
main (int   argc,
      char *argv[])
{
  guint threads = 0;
  gboolean no_igraph = FALSE, no_sfdp = FALSE;
  g_autofree char *sizes_arg = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads for the Barnes-Hut pass (default: up to 2)", "N" },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "Graph sizes, comma-separated", "N,N" },
    { "no-igraph", 0, 0, G_OPTION_ARG_NONE, &no_igraph, "Skip igraph", NULL },
    { "no-sfdp", 0, 0, G_OPTION_ARG_NONE, &no_sfdp, "Skip sfdp", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  sizes = g_strsplit (sizes_arg != NULL ? sizes_arg : "1000,10000,50000", ",", -1);

  g_print ("bench-layout: %u processors, Barnes-Hut threads: %s\n",
           g_get_num_processors (), threads == 1 ? "1" : "up to 2");
  bench_embedded ();

  for (guint si = 0; sizes[si] != NULL; si++)
    {
      guint n = (guint) g_ascii_strtoull (sizes[si], NULL, 10);
      g_autoptr(DgGraph) g = NULL;
      g_autoptr(DgLayout) layout = NULL;
      g_autofree double *xy = NULL;
      DgLayoutPairs pairs;
      Undirected u;
      guint n_sources = n <= 1000 ? n : 300;
      double t0, c0, ours, ours_cpu, ours_stress;
      gboolean converged;
      const float *pos;
      long rss_before = peak_rss_kib ();

      if (n == 0)
        continue;
      g = dg_graph_generate_scale_free (n, 5, 0.1, 1);
      dg_layout_pairs_init (&pairs, g);
      undirected_init (&u, n, &pairs);

      layout = dg_layout_new (g, DG_LAYOUT_FORCE, 1);
      if (threads > 0)
        dg_layout_set_max_threads (layout, threads);
      t0 = now_seconds ();
      c0 = cpu_seconds ();
      converged = dg_layout_run (layout, 120.0);
      ours = now_seconds () - t0;
      ours_cpu = cpu_seconds () - c0;
      pos = dg_layout_get_positions (layout);
      xy = g_new (double, 2 * (gsize) n);
      for (guint i = 0; i < 2 * n; i++)
        xy[i] = pos[i];
      ours_stress = stress (&u, xy, n_sources);

      g_print ("\n%u companies, %u deals (%u springs), stress from %u sources:\n", n, g->n_edges,
               pairs.n_pairs, n_sources);
      g_print ("  dealgraph force:  %7.3f s (CPU %.3f s), %4u iterations, %s, stress %.4f, layout memory %.1f MiB, "
               "peak RSS %.1f MiB (was %.1f)\n",
               ours, ours_cpu, dg_layout_get_iterations (layout), converged ? "converged" : "NOT converged",
               ours_stress, dg_layout_get_memory_size (layout) / 1048576.0,
               peak_rss_kib () / 1024.0, rss_before / 1024.0);

#ifdef DG_HAVE_IGRAPH
      if (!no_igraph)
        {
          Result r = run_igraph (n, &pairs, &u, n_sources);

          g_print ("  igraph FR (grid): %7.3f s (CPU %.3f s),  500 iterations, stress %.4f   -> time ratio ours/igraph %.2f "
                   "(CPU %.2f), stress ratio %.3f\n",
                   r.seconds, r.cpu, r.stress, ours / r.seconds, ours_cpu / r.cpu, ours_stress / r.stress);
        }
#else
      (void) no_igraph;
#endif
      if (!no_sfdp)
        {
          Result r = run_sfdp (n, &pairs, &u, n_sources);

          if (r.ok)
            g_print ("  sfdp -Tplain:     %7.3f s (process, with I/O), stress %.4f   -> time ratio ours/sfdp %.2f, "
                     "stress ratio %.3f\n",
                     r.seconds, r.stress, ours / r.seconds, ours_stress / r.stress);
          else
            g_print ("  sfdp: not available\n");
        }

      undirected_clear (&u);
      dg_layout_pairs_clear (&pairs);
    }

  return 0;
}
