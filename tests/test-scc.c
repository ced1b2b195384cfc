/* test-scc.c: the one Tarjan (dg_analysis_strong_components), which the
 * analysis and the flow and circular layouts share
 *
 * Run with "--dump" it prints random dense graphs (parallel deals,
 * self-loops, some deals masked out) with the components it finds, for
 * check-scc.py to compare with networkx's strongly_connected_components.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-graph.h"
#include "dg-layout.h"

#define N_DUMPED 300

/* A graph of up to 40 companies with up to three deals per ordered pair on
 * average, so components are large and tangled, with self-loops and
 * parallel deals on purpose. */
static DgGraph *
random_dense_graph (GRand   *rand,
                    guint8 **mask)
{
  guint n = g_rand_int_range (rand, 1, 41);
  double density = g_rand_double_range (rand, 0.01, 3.0 / MAX (n, 1) + 0.2);
  guint m = (guint) (density * n * n) + g_rand_int_range (rand, 0, 3);
  g_autofree guint *src = g_new (guint, MAX (m, 1));
  g_autofree guint *dst = g_new (guint, MAX (m, 1));

  for (guint e = 0; e < m; e++)
    {
      src[e] = g_rand_int_range (rand, 0, n);
      /* One deal in eight a self-loop, one in eight a copy of an earlier one. */
      if (g_rand_int_range (rand, 0, 8) == 0)
        dst[e] = src[e];
      else if (e > 0 && g_rand_int_range (rand, 0, 8) == 0)
        {
          guint f = g_rand_int_range (rand, 0, e);

          src[e] = src[f];
          dst[e] = dst[f];
        }
      else
        dst[e] = g_rand_int_range (rand, 0, n);
    }
  *mask = g_new (guint8, MAX (m, 1));
  for (guint e = 0; e < m; e++)
    (*mask)[e] = g_rand_int_range (rand, 0, 5) != 0;

  return dg_graph_new (n, m, src, dst, NULL);
}

/* Prints per graph: "graph N M", one line "e SRC DST KEPT CYCLIC" per deal,
 * and "comp C0 C1 ..." with the component of every company; first without
 * the mask, then with it. */
static int
dump (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);

  for (guint i = 0; i < N_DUMPED; i++)
    {
      g_autofree guint8 *mask = NULL;
      g_autoptr(DgGraph) g = random_dense_graph (rand, &mask);

      for (guint masked = 0; masked < 2; masked++)
        {
          g_autofree guint *comp = g_new (guint, g->n_nodes);
          g_autofree guint8 *cyclic = g_new (guint8, MAX (g->n_edges, 1));
          guint n_comp;

          n_comp = dg_analysis_strong_components (g, masked ? mask : NULL, comp, cyclic);
          printf ("graph %u %u %u\n", g->n_nodes, g->n_edges, n_comp);
          for (guint e = 0; e < g->n_edges; e++)
            printf ("e %u %u %u %u\n", g->edge_src[e], g->edge_dst[e],
                    masked ? mask[e] : 1, cyclic[e]);
          printf ("comp");
          for (guint v = 0; v < g->n_nodes; v++)
            printf (" %u", comp[v]);
          printf ("\n");
        }
    }

  return 0;
}

#define CHAIN 200000

/* A chain of 200,000 deals with one ring closing at its far end: a
 * recursive Tarjan needs a C stack frame per company and overflows a
 * default 8 MiB stack long before the end; the explicit stack does not. */
static DgGraph *
long_chain (void)
{
  g_autofree guint *src = g_new (guint, CHAIN + 1);
  g_autofree guint *dst = g_new (guint, CHAIN + 1);

  for (guint e = 0; e < CHAIN; e++)
    {
      src[e] = e;
      dst[e] = e + 1;
    }
  /* The last three companies form a ring. */
  src[CHAIN] = CHAIN;
  dst[CHAIN] = CHAIN - 2;

  return dg_graph_new (CHAIN + 1, CHAIN + 1, src, dst, NULL);
}

static void
test_chain_components (void)
{
  g_autoptr(DgGraph) g = long_chain ();
  g_autofree guint *comp = g_new (guint, g->n_nodes);
  g_autofree guint8 *cyclic = g_new (guint8, g->n_edges);
  guint n_comp = dg_analysis_strong_components (g, NULL, comp, cyclic);

  g_assert_cmpuint (n_comp, ==, CHAIN - 1);
  g_assert_cmpuint (comp[CHAIN], ==, comp[CHAIN - 2]);
  g_assert_cmpuint (comp[CHAIN - 1], ==, comp[CHAIN - 2]);
  g_assert_cmpuint (comp[CHAIN - 3], !=, comp[CHAIN - 2]);
  /* Sinks first: every deal between components goes to a smaller id. */
  for (guint e = 0; e < g->n_edges; e++)
    {
      guint a = comp[g->edge_src[e]], b = comp[g->edge_dst[e]];

      g_assert_cmpuint (b, <=, a);
      g_assert_cmpuint (cyclic[e], ==, a == b);
    }
}

/* The layouts use the same components: the flow layout puts every company
 * of the chain right of the one before it, up to the ring at the end. */
static void
test_chain_flow_layout (void)
{
  g_autoptr(DgGraph) g = long_chain ();
  g_autoptr(DgLayout) layout = NULL;
  const float *xy;

  layout = dg_layout_new (g, DG_LAYOUT_FLOW, 1);
  g_assert_true (dg_layout_run (layout, 120.0));
  xy = dg_layout_get_positions (layout);
  for (guint v = 0; v + 3 < CHAIN; v++)
    g_assert_cmpfloat (xy[2 * (v + 1)], >, xy[2 * v]);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && strcmp (argv[1], "--dump") == 0)
    return dump ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/scc/chain-components", test_chain_components);
  g_test_add_func ("/dealgraph/scc/chain-flow-layout", test_chain_flow_layout);

  return g_test_run ();
}
