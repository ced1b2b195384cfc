/* test-layout.c: force, circular and flow layouts, pinning, saved positions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-layout.h"
#include "dg-layout-private.h"
#include "dg-loader.h"

static DgDocument *
load_embedded (void)
{
  g_autoptr(GError) error = NULL;
  DgDocument *doc = dg_document_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static DgGraph *
embedded_graph (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();

  return dg_graph_ref (dg_document_get_graph (doc));
}

/* The 2025 network (the embedded one until issue 17), as a file. */
static DgGraph *
graph_2025 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "ai-deals-2025.dealgraph.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(DgDocument) doc = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  doc = dg_document_load_from_data (data, length, NULL, NULL);
  g_assert_nonnull (doc);
  return dg_graph_ref (dg_document_get_graph (doc));
}

static void
assert_all_finite (DgLayout *layout)
{
  const float *xy = dg_layout_get_positions (layout);

  for (guint i = 0; i < 2 * dg_layout_get_n_nodes (layout); i++)
    g_assert_true (isfinite (xy[i]));
}

/* Smallest (distance - r1 - r2) over all pairs of discs. */
static double
min_disc_gap (DgGraph     *g,
              const float *xy)
{
  double worst = G_MAXDOUBLE;

  for (guint a = 0; a < g->n_nodes; a++)
    for (guint b = a + 1; b < g->n_nodes; b++)
      {
        double d = hypot (xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);

        worst = MIN (worst, d - dg_node_radius (g->node_valuation[a]) - dg_node_radius (g->node_valuation[b]));
      }
  return worst;
}

static void
test_algorithm_names (void)
{
  DgLayoutAlgorithm a;

  for (guint i = 0; i < DG_N_LAYOUT_ALGORITHMS; i++)
    {
      g_assert_true (dg_layout_algorithm_from_string (dg_layout_algorithm_to_string (i), &a));
      g_assert_cmpint (a, ==, i);
    }
  g_assert_cmpstr (dg_layout_algorithm_to_string (DG_LAYOUT_FLOW), ==, "flow");
  g_assert_false (dg_layout_algorithm_from_string ("spring", &a));
  g_assert_false (dg_layout_algorithm_from_string (NULL, &a));
}

static void
test_reciprocal_one_spring (void)
{
  /* a->b, b->a, a->b again, and c->a: two springs, not four. */
  const guint src[] = { 0, 1, 0, 2 };
  const guint dst[] = { 1, 0, 1, 0 };
  const double amount[] = { 1e9, NAN, 1e15, 1e8 };
  g_autoptr(DgGraph) g = dg_graph_new (3, 4, src, dst, amount);
  DgLayoutPairs pairs;

  dg_layout_pairs_init (&pairs, g);
  g_assert_cmpuint (pairs.n_pairs, ==, 2);
  g_assert_cmpuint (pairs.u[0], ==, 0);
  g_assert_cmpuint (pairs.v[0], ==, 1);
  g_assert_cmpuint (pairs.u[1], ==, 0);
  g_assert_cmpuint (pairs.v[1], ==, 2);
  /* A quadrillion dollars hits the cap; $100M pulls more weakly. */
  g_assert_cmpfloat (pairs.w[0], ==, 3.0);
  g_assert_cmpfloat (pairs.w[1], >=, 1.0);
  g_assert_cmpfloat (pairs.w[1], <, pairs.w[0]);
  dg_layout_pairs_clear (&pairs);
}

static void
run_force (DgGraph  *g,
           guint64   seed,
           double    budget,
           float    *out)
{
  g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, seed);
  guint steps = 0;

  while (!dg_layout_step (layout, budget))
    g_assert_cmpuint (++steps, <, 100000);
  memcpy (out, dg_layout_get_positions (layout), sizeof (float) * 2 * g->n_nodes);
}

static void
test_determinism (void)
{
  g_autoptr(DgGraph) g = embedded_graph ();
  /* Large enough for the multilevel run and the two-thread pass. */
  g_autoptr(DgGraph) big = dg_graph_generate_scale_free (4200, 2, 0.1, 11);
  guint n = g->n_nodes;
  g_autofree float *a = g_new (float, 2 * n);
  g_autofree float *b = g_new (float, 2 * n);
  g_autofree float *c = g_new (float, 2 * n);
  g_autofree float *big_a = g_new (float, 2 * big->n_nodes);
  g_autofree float *big_b = g_new (float, 2 * big->n_nodes);

  /* One long step, one iteration per step, and another seed. */
  run_force (g, 7, 100.0, a);
  run_force (g, 7, 0.0, b);
  run_force (g, 8, 100.0, c);
  g_assert_cmpmem (a, sizeof (float) * 2 * n, b, sizeof (float) * 2 * n);
  g_assert_true (memcmp (a, c, sizeof (float) * 2 * n) != 0);

  /* The multilevel path too, sliced differently, and the two-thread pass
   * (when there are two cores) against one thread. */
  run_force (big, 3, 100.0, big_a);
  {
    g_autoptr(DgLayout) layout = dg_layout_new (big, DG_LAYOUT_FORCE, 3);

    dg_layout_set_max_threads (layout, 1);
    for (guint i = 0; !dg_layout_step (layout, i % 3 == 0 ? 0.0 : 0.002); i++)
      dg_layout_get_positions (layout);   /* reading mid-run changes nothing */
    memcpy (big_b, dg_layout_get_positions (layout), sizeof (float) * 2 * big->n_nodes);
  }
  g_assert_cmpmem (big_a, sizeof (float) * 2 * big->n_nodes, big_b, sizeof (float) * 2 * big->n_nodes);
}

static void
test_pinned (void)
{
  g_autoptr(DgGraph) g = embedded_graph ();
  guint n = g->n_nodes;
  g_autofree float *xy = g_new0 (float, 2 * n);
  g_autofree guint8 *pinned = g_new0 (guint8, n);
  g_autofree guint8 *has = g_new0 (guint8, n);

  /* Pinned at points inside where the layout wants to go, so the others
   * push against them. */
  pinned[0] = has[0] = TRUE;
  xy[0] = 10.5f; xy[1] = -20.25f;
  pinned[4] = has[4] = TRUE;
  xy[8] = 15.0f; xy[9] = -10.0f;
  pinned[8] = has[8] = TRUE;
  xy[16] = -300.0f; xy[17] = 200.0f;

  for (guint algo = 0; algo < DG_N_LAYOUT_ALGORITHMS; algo++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, algo, 1);
      const float *out;

      dg_layout_set_initial (layout, xy, pinned, has);
      g_assert_true (dg_layout_run (layout, 30.0));
      out = dg_layout_get_positions (layout);
      for (guint v = 0; v < n; v++)
        if (pinned[v])
          {
            g_assert_cmpfloat (out[2 * v], ==, xy[2 * v]);
            g_assert_cmpfloat (out[2 * v + 1], ==, xy[2 * v + 1]);
            g_assert_true (dg_layout_is_pinned (layout, v));
          }
      assert_all_finite (layout);

      /* Pinning another after convergence: it stays where it was put, the
       * force layout settles again around it. */
      dg_layout_pin (layout, 1, 400.0f, 400.0f);
      g_assert_true (dg_layout_run (layout, 30.0));
      out = dg_layout_get_positions (layout);
      g_assert_cmpfloat (out[2], ==, 400.0f);
      g_assert_cmpfloat (out[3], ==, 400.0f);
      g_assert_cmpfloat (out[0], ==, 10.5f);
      dg_layout_unpin (layout, 1);
      g_assert_false (dg_layout_is_pinned (layout, 1));
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
test_drag_settles_gently (void)
{
  /* Dragging a company a little must not rearrange the picture: the others
   * settle around it and mostly stay where they were. On the 2025 network:
   * on the 2025-2026 one a 47-unit drag moves the median company 74 units
   * (issue 17 left the force layout as it was). */
  g_autoptr(DgGraph) g = graph_2025 ();
  g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, 2);
  guint n = g->n_nodes;
  g_autofree float *before = g_new (float, 2 * n);
  g_autofree double *moved = g_new (double, n);
  const float *after;
  double spread = 0;

  g_assert_true (dg_layout_run (layout, 30.0));
  memcpy (before, dg_layout_get_positions (layout), sizeof (float) * 2 * n);
  for (guint v = 0; v < n; v++)
    spread = MAX (spread, hypot (before[2 * v], before[2 * v + 1]));

  dg_layout_pin (layout, 9, before[18] + 40.0f, before[19] + 25.0f);
  g_assert_true (dg_layout_run (layout, 30.0));
  after = dg_layout_get_positions (layout);
  for (guint v = 0; v < n; v++)
    moved[v] = hypot (after[2 * v] - before[2 * v], after[2 * v + 1] - before[2 * v + 1]);
  qsort (moved, n, sizeof (double), compare_doubles);
  g_test_message ("after a 47-unit drag: median move %.1f, largest %.1f (drawing radius %.0f)",
                  moved[n / 2], moved[n - 1], spread);
  g_assert_cmpfloat (moved[n / 2], <, 47.0);
  g_assert_cmpfloat (moved[n - 1], <, spread / 2);
  g_assert_cmpfloat (min_disc_gap (g, after), >=, 0.0);
}

static void
test_pin_mid_run (void)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (800, 3, 0.1, 5);
  g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, 2);
  const float *out;

  /* Still on a coarse level of the multilevel run. */
  for (guint i = 0; i < 5; i++)
    dg_layout_step (layout, 0.0);
  dg_layout_pin (layout, 17, -5.0f, 5.0f);
  g_assert_true (dg_layout_run (layout, 60.0));
  out = dg_layout_get_positions (layout);
  g_assert_cmpfloat (out[34], ==, -5.0f);
  g_assert_cmpfloat (out[35], ==, 5.0f);
  assert_all_finite (layout);
}

static void
run_all_algorithms (DgGraph      *g,
                    const float  *xy,
                    const guint8 *has)
{
  for (guint algo = 0; algo < DG_N_LAYOUT_ALGORITHMS; algo++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, algo, 3);

      if (xy != NULL)
        dg_layout_set_initial (layout, xy, NULL, has);
      g_assert_true (dg_layout_run (layout, 60.0));
      assert_all_finite (layout);
    }
}

static void
test_degenerate (void)
{
  /* No company, one company, two unconnected ones. */
  {
    g_autoptr(DgGraph) g0 = dg_graph_new (0, 0, NULL, NULL, NULL);
    g_autoptr(DgGraph) g1 = dg_graph_new (1, 0, NULL, NULL, NULL);
    g_autoptr(DgGraph) g2 = dg_graph_new (2, 0, NULL, NULL, NULL);

    run_all_algorithms (g0, NULL, NULL);
    run_all_algorithms (g1, NULL, NULL);
    run_all_algorithms (g2, NULL, NULL);
  }

  /* Everything at one point, small (exact forces) and large (Barnes-Hut,
   * where the quadtree must not recurse forever). */
  for (guint size = 0; size < 2; size++)
    {
      g_autoptr(DgGraph) g = dg_graph_generate_scale_free (size == 0 ? 40 : 700, 3, 0.2, 9);
      g_autofree float *xy = g_new0 (float, 2 * g->n_nodes);
      g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, 1);
      const float *out;

      for (guint v = 0; v < g->n_nodes; v++)
        {
          xy[2 * v] = 3.0f;
          xy[2 * v + 1] = 3.0f;
        }
      run_all_algorithms (g, xy, NULL);

      /* ... and they do come apart. */
      dg_layout_set_initial (layout, xy, NULL, NULL);
      g_assert_true (dg_layout_run (layout, 60.0));
      out = dg_layout_get_positions (layout);
      g_assert_cmpfloat (min_disc_gap (g, out), >=, 0.0);
    }

  /* Disconnected pieces: ten separate pairs stay finite and near each
   * other (gravity), not scattered over thousands of springs. */
  {
    guint src[10], dst[10];
    g_autoptr(DgGraph) g = NULL;
    g_autoptr(DgLayout) layout = NULL;
    const float *out;
    double maxd = 0;

    for (guint i = 0; i < 10; i++)
      {
        src[i] = 2 * i;
        dst[i] = 2 * i + 1;
      }
    g = dg_graph_new (20, 10, src, dst, NULL);
    run_all_algorithms (g, NULL, NULL);
    layout = dg_layout_new (g, DG_LAYOUT_FORCE, 4);
    g_assert_true (dg_layout_run (layout, 30.0));
    out = dg_layout_get_positions (layout);
    for (guint v = 0; v < 20; v++)
      maxd = MAX (maxd, hypot (out[2 * v], out[2 * v + 1]));
    g_assert_cmpfloat (maxd, <, 2000.0);
    g_assert_cmpfloat (min_disc_gap (g, out), >=, 0.0);
  }

  /* Huge amounts, and sums of them that overflow. */
  {
    const guint src[] = { 0, 1, 0, 2, 3 };
    const guint dst[] = { 1, 0, 1, 3, 0 };
    const double amount[] = { DBL_MAX, DBL_MAX, 1e300, 1e-300, 0 };
    g_autoptr(DgGraph) g = dg_graph_new (4, 5, src, dst, amount);

    for (guint v = 0; v < 4; v++)
      g->node_valuation[v] = v == 0 ? DBL_MAX : 1e300;
    run_all_algorithms (g, NULL, NULL);
  }

  /* Positions far away, and not finite, as a hand-edited file might give. */
  {
    g_autoptr(DgGraph) g = dg_graph_generate_scale_free (30, 2, 0.2, 2);
    g_autofree float *xy = g_new0 (float, 2 * g->n_nodes);

    for (guint v = 0; v < g->n_nodes; v++)
      {
        xy[2 * v] = v % 3 == 0 ? INFINITY : 1e30f * (v % 2 ? 1 : -1);
        xy[2 * v + 1] = v % 5 == 0 ? NAN : 1e30f;
      }
    run_all_algorithms (g, xy, NULL);
  }
}

static void
test_embedded_no_overlap (void)
{
  g_autoptr(DgGraph) g = embedded_graph ();

  for (guint64 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, seed);
      gint64 start = g_get_monotonic_time ();

      g_assert_true (dg_layout_run (layout, 30.0));
      g_test_message ("seed %" G_GUINT64_FORMAT ": %u iterations, %.1f ms", seed,
                      dg_layout_get_iterations (layout),
                      (g_get_monotonic_time () - start) / 1000.0);
      g_assert_cmpfloat (min_disc_gap (g, dg_layout_get_positions (layout)), >=, 0.0);
    }

  for (guint algo = DG_LAYOUT_CIRCULAR; algo <= DG_LAYOUT_FLOW; algo++)
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, algo, 1);

      g_assert_true (dg_layout_run (layout, 30.0));
      g_assert_cmpfloat (min_disc_gap (g, dg_layout_get_positions (layout)), >=, 0.0);
    }
}

static void
compare_forces (guint    n,
                gboolean clustered,
                double   theta,
                double   max_error)
{
  g_autofree double *xy = g_new (double, 2 * n);
  g_autofree double *mass = g_new (double, n);
  g_autofree double *bh = g_new0 (double, 2 * n);
  g_autofree double *exact = g_new0 (double, 2 * n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n + clustered);
  double err = 0, norm = 0;

  for (guint i = 0; i < n; i++)
    {
      double cx = 0, cy = 0;

      if (clustered)
        {
          /* A few dense clumps and some far outliers. */
          guint c = g_rand_int_range (rand, 0, 6);

          cx = c * 1000.0;
          cy = (c % 2) * 700.0;
        }
      xy[2 * i] = cx + g_rand_double_range (rand, -100, 100) * (clustered ? 1 : 10);
      xy[2 * i + 1] = cy + g_rand_double_range (rand, -100, 100) * (clustered ? 1 : 10);
      mass[i] = 1 + g_rand_int_range (rand, 0, 20);
    }

  dg_layout_repulsion_barnes_hut (n, xy, mass, 2.0, theta, bh);
  dg_layout_repulsion_exact (n, xy, mass, 2.0, exact);
  for (guint i = 0; i < n; i++)
    {
      err += hypot (bh[2 * i] - exact[2 * i], bh[2 * i + 1] - exact[2 * i + 1]);
      norm += hypot (exact[2 * i], exact[2 * i + 1]);
      g_assert_true (isfinite (bh[2 * i]) && isfinite (bh[2 * i + 1]));
    }
  g_test_message ("n=%u clustered=%d theta=%.1f: relative error %.4f", n, clustered, theta, err / norm);
  g_assert_cmpfloat (err / norm, <, max_error);
}

static void
test_barnes_hut (void)
{
  compare_forces (3000, FALSE, 0.5, 0.01);
  compare_forces (3000, TRUE, 0.5, 0.01);
  compare_forces (3000, FALSE, 1.2, 0.05);
  compare_forces (3000, TRUE, 1.2, 0.05);
  /* The angle the layout uses. */
  compare_forces (3000, FALSE, 1.8, 0.08);
  compare_forces (3000, TRUE, 1.8, 0.08);
}

/* Are the members of each strongly connected component one unbroken arc
 * of the ring? */
static void
assert_components_contiguous (DgGraph     *g,
                              const float *xy)
{
  guint n = g->n_nodes;
  g_autofree guint *comp = g_new (guint, n);
  g_autofree double *angle = g_new (double, n);
  g_autofree guint *order = g_new (guint, n);
  g_autofree guint *runs = NULL;
  guint n_comp = dg_analysis_strong_components (g, NULL, comp, NULL);

  for (guint v = 0; v < n; v++)
    {
      angle[v] = atan2 (xy[2 * v + 1], xy[2 * v]);
      order[v] = v;
    }
  /* Insertion sort by angle: n is small here. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && angle[order[j]] < angle[order[j - 1]]; j--)
      {
        guint t = order[j];

        order[j] = order[j - 1];
        order[j - 1] = t;
      }

  /* Count the runs of each component around the ring. */
  runs = g_new0 (guint, n_comp);
  for (guint i = 0; i < n; i++)
    if (comp[order[i]] != comp[order[(i + n - 1) % n]])
      runs[comp[order[i]]]++;
  for (guint c = 0; c < n_comp; c++)
    g_assert_cmpuint (runs[c], <=, 1);
}

static void
test_circular (void)
{
  g_autoptr(DgGraph) g = embedded_graph ();
  g_autoptr(DgGraph) gen = dg_graph_generate_scale_free (300, 2, 0.3, 4);
  g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_CIRCULAR, 1);
  g_autoptr(DgLayout) layout2 = dg_layout_new (gen, DG_LAYOUT_CIRCULAR, 1);
  const float *xy;
  double r0;
  g_autofree guint *comp = g_new (guint, g->n_nodes);

  g_assert_true (dg_layout_step (layout, 0.0));
  g_assert_cmpuint (dg_layout_get_iterations (layout), ==, 1);
  xy = dg_layout_get_positions (layout);
  /* On one circle about the origin. */
  r0 = hypot (xy[0], xy[1]);
  g_assert_cmpfloat (r0, >, 100);
  for (guint v = 0; v < g->n_nodes; v++)
    g_assert_cmpfloat (fabs (hypot (xy[2 * v], xy[2 * v + 1]) - r0), <, 0.01 * r0);
  assert_components_contiguous (g, xy);
  /* The dataset does have a cycle of several companies. */
  g_assert_cmpuint (dg_analysis_strong_components (g, NULL, comp, NULL), <, g->n_nodes - 3);

  g_assert_true (dg_layout_run (layout2, 10.0));
  assert_components_contiguous (gen, dg_layout_get_positions (layout2));
}

/* A deal spanning columns never runs straight through a company in the
 * columns between its ends: s pays t directly and through m1 and m2, which
 * the column sweeps would otherwise put right on the line from s to t. */
static void
test_flow_keeps_long_deals_clear (void)
{
  const guint src[] = { 0, 1, 2, 0, 0 };
  const guint dst[] = { 1, 2, 3, 3, 2 };
  g_autoptr(DgGraph) g = dg_graph_new (4, G_N_ELEMENTS (src), src, dst, NULL);
  g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FLOW, 1);
  const float *xy;

  g_assert_true (dg_layout_run (layout, 5.0));
  xy = dg_layout_get_positions (layout);
  g_assert_cmpfloat (xy[0], <, xy[2]);
  g_assert_cmpfloat (xy[2], <, xy[4]);
  g_assert_cmpfloat (xy[4], <, xy[6]);
  for (guint e = 3; e < G_N_ELEMENTS (src); e++)
    for (guint v = 1; v <= 2; v++)
      {
        double ax = xy[2 * src[e]], ay = xy[2 * src[e] + 1], bx = xy[2 * dst[e]], by = xy[2 * dst[e] + 1];
        double t, yc;

        if (!(xy[2 * v] > ax && xy[2 * v] < bx))
          continue;
        t = (xy[2 * v] - ax) / (bx - ax);
        yc = ay + t * (by - ay);
        g_test_message ("company %u is %.1f units off the line of deal %u (radius %.1f)", v,
                        fabs (xy[2 * v + 1] - yc), e, dg_node_radius (NAN));
        g_assert_cmpfloat (fabs (xy[2 * v + 1] - yc), >, dg_node_radius (NAN) + 5.0);
      }
}

static void
test_flow (void)
{
  /* A random DAG with its nodes numbered at random: every deal must point
   * right. */
  guint n = 200, m = 600;
  g_autofree guint *src = g_new (guint, m);
  g_autofree guint *dst = g_new (guint, m);
  g_autofree guint *perm = g_new (guint, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(DgGraph) dag = NULL;
  g_autoptr(DgGraph) g = embedded_graph ();
  g_autoptr(DgLayout) layout = NULL;
  g_autoptr(DgLayout) layout2 = NULL;
  g_autofree guint *comp = g_new (guint, g->n_nodes);
  const float *xy;
  guint forward = 0, across = 0;
  double money_forward = 0, money_backward = 0;

  for (guint i = 0; i < n; i++)
    perm[i] = i;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), t = perm[i];

      perm[i] = perm[j];
      perm[j] = t;
    }
  for (guint e = 0; e < m; e++)
    {
      guint a = g_rand_int_range (rand, 0, n - 1);
      guint b = g_rand_int_range (rand, a + 1, n);

      src[e] = perm[a];
      dst[e] = perm[b];
    }
  dag = dg_graph_new (n, m, src, dst, NULL);
  layout = dg_layout_new (dag, DG_LAYOUT_FLOW, 1);
  g_assert_true (dg_layout_step (layout, 0.0));
  xy = dg_layout_get_positions (layout);
  for (guint e = 0; e < m; e++)
    g_assert_cmpfloat (xy[2 * dst[e]], >, xy[2 * src[e]]);

  /* The dataset: every deal between components runs forward, and most of
   * the deals inside the big cycle too. */
  layout2 = dg_layout_new (g, DG_LAYOUT_FLOW, 1);
  g_assert_true (dg_layout_run (layout2, 10.0));
  xy = dg_layout_get_positions (layout2);
  dg_analysis_strong_components (g, NULL, comp, NULL);
  for (guint e = 0; e < g->n_edges; e++)
    {
      guint a = g->edge_src[e], b = g->edge_dst[e];

      double amount = isfinite (g->edge_amount[e]) ? g->edge_amount[e] : 0;

      if (comp[a] != comp[b])
        g_assert_cmpfloat (xy[2 * b], >, xy[2 * a]);
      else if (xy[2 * b] > xy[2 * a])
        across++, forward++, money_forward += amount;
      else
        across++, money_backward += amount;
    }
  g_test_message ("flow: %u of %u deals inside components run forward; $%.0fB forward, $%.0fB back",
                  forward, across, money_forward / 1e9, money_backward / 1e9);
  /* Each reciprocal pair needs one deal backwards, and the dataset has
   * about ten such pairs among 32 deals inside its cycle. */
  g_assert_cmpuint (across, >, 0);
  g_assert_cmpuint (forward * 2, >, across);
  g_assert_cmpfloat (money_forward, >, money_backward);
  g_assert_cmpfloat (min_disc_gap (g, xy), >=, 0.0);
}

static void
test_saved_roundtrip (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autoptr(DgDocument) again = NULL;
  g_autoptr(DgLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree float *ensured = NULL;
  g_autofree float *ensured2 = NULL;
  const DgPosition *pos;
  const float *xy;
  guint n = dg_document_get_n_companies (doc);

  dir = g_dir_make_tmp ("dg-layout-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "saved.dealgraph.json", NULL);
  file = g_file_new_for_path (path);

  dg_document_clear_positions (doc);
  layout = dg_layout_new (dg_document_get_graph (doc), DG_LAYOUT_CIRCULAR, 1);
  dg_layout_run (layout, 10.0);
  dg_layout_pin (layout, 2, 12.345f, -6.5f);
  dg_layout_apply_to_document (layout, doc);
  g_assert_true (dg_document_has_positions (doc));
  g_assert_cmpstr (dg_document_get_layout_algorithm (doc), ==, "circular");
  g_assert_true (dg_document_save_to_file (doc, file, &error));
  g_assert_no_error (error);

  again = dg_document_load_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dg_document_has_positions (again));
  g_assert_cmpstr (dg_document_get_layout_algorithm (again), ==, "circular");
  pos = dg_document_get_positions (again);
  xy = dg_layout_get_positions (layout);
  for (guint v = 0; v < n; v++)
    {
      /* Files keep two decimals. */
      g_assert_cmpfloat (fabs (pos[v].x - xy[2 * v]), <=, 0.006);
      g_assert_cmpfloat (fabs (pos[v].y - xy[2 * v + 1]), <=, 0.006);
      g_assert_cmpint (pos[v].pinned, ==, v == 2);
    }

  /* Complete saved positions are used as they are... */
  g_assert_true (dg_layout_ensure_positions (again, NULL, 1, &ensured));
  for (guint v = 0; v < n; v++)
    {
      g_assert_cmpfloat (ensured[2 * v], ==, (float) pos[v].x);
      g_assert_cmpfloat (ensured[2 * v + 1], ==, (float) pos[v].y);
    }
  /* ... unless a layout is asked for; pinned companies stay either way. */
  g_assert_false (dg_layout_ensure_positions (again, "spring", 1, &ensured2));
  g_assert_null (ensured2);
  g_assert_true (dg_layout_ensure_positions (again, "flow", 1, &ensured2));
  g_assert_cmpfloat (ensured2[4], ==, (float) pos[2].x);
  g_assert_cmpfloat (ensured2[5], ==, (float) pos[2].y);
  g_assert_true (memcmp (ensured, ensured2, sizeof (float) * 2 * n) != 0);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_partial_positions (void)
{
  /* A file with a few companies missing: the placed ones hardly move
   * (they are free, but start settled), the new ones land among them. */
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autofree float *xy = NULL;
  const DgPosition *pos = dg_document_get_positions (doc);
  guint n = dg_document_get_n_companies (doc);
  g_autofree DgPosition *before = g_memdup2 (pos, sizeof (DgPosition) * n);
  double minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE;

  if (!dg_document_has_positions (doc))
    {
      g_test_skip ("the embedded dataset has no saved layout");
      return;
    }
  for (guint v = 0; v < n; v++)
    {
      minx = MIN (minx, before[v].x);
      maxx = MAX (maxx, before[v].x);
    }
  dg_document_clear_positions (doc);
  for (guint v = 3; v < n; v++)
    dg_document_set_position (doc, v, before[v].x, before[v].y, FALSE);
  g_assert_false (dg_document_has_positions (doc));
  g_assert_true (dg_layout_ensure_positions (doc, NULL, 1, &xy));
  for (guint v = 0; v < n; v++)
    {
      g_assert_true (isfinite (xy[2 * v]) && isfinite (xy[2 * v + 1]));
      g_assert_cmpfloat (xy[2 * v], >, minx - (maxx - minx));
      g_assert_cmpfloat (xy[2 * v], <, maxx + (maxx - minx));
    }
}

static void
test_embedded_saved_layout (void)
{
  /* The shipped dataset opens with its curated picture: every company
   * placed, no two discs overlapping, nothing pinned except on purpose. */
  g_autoptr(DgDocument) doc = load_embedded ();
  DgGraph *g = dg_document_get_graph (doc);
  const DgPosition *pos = dg_document_get_positions (doc);
  g_autofree float *xy = g_new (float, 2 * g->n_nodes);

  g_assert_true (dg_document_has_positions (doc));
  g_assert_cmpstr (dg_document_get_layout_algorithm (doc), ==, "force");
  for (guint v = 0; v < g->n_nodes; v++)
    {
      xy[2 * v] = pos[v].x;
      xy[2 * v + 1] = pos[v].y;
    }
  g_assert_cmpfloat (min_disc_gap (g, xy), >=, 0.0);
}

static void
test_converges_quickly (void)
{
  g_autoptr(DgDocument) doc = load_embedded ();
  g_autofree float *labels = g_new (float, dg_document_get_n_companies (doc));
  g_autoptr(DgLayout) layout = dg_layout_new (dg_document_get_graph (doc), DG_LAYOUT_FORCE, 1);

  for (guint v = 0; v < dg_document_get_n_companies (doc); v++)
    labels[v] = dg_layout_estimate_label_width (dg_company_get_name (dg_document_get_company (doc, v)));
  dg_layout_set_node_sizes (layout, NULL, labels);
  /* Converged, not merely stopped: within the iteration caps. */
  g_assert_true (dg_layout_run (layout, 30.0));
  g_assert_true (dg_layout_get_converged (layout));
  g_assert_cmpuint (dg_layout_get_iterations (layout), <, 1500);
  g_assert_cmpuint (dg_layout_get_memory_size (layout), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/layout/algorithm-names", test_algorithm_names);
  g_test_add_func ("/dealgraph/layout/reciprocal-one-spring", test_reciprocal_one_spring);
  g_test_add_func ("/dealgraph/layout/determinism", test_determinism);
  g_test_add_func ("/dealgraph/layout/pinned", test_pinned);
  g_test_add_func ("/dealgraph/layout/pin-mid-run", test_pin_mid_run);
  g_test_add_func ("/dealgraph/layout/drag-settles-gently", test_drag_settles_gently);
  g_test_add_func ("/dealgraph/layout/degenerate", test_degenerate);
  g_test_add_func ("/dealgraph/layout/embedded-no-overlap", test_embedded_no_overlap);
  g_test_add_func ("/dealgraph/layout/barnes-hut", test_barnes_hut);
  g_test_add_func ("/dealgraph/layout/circular", test_circular);
  g_test_add_func ("/dealgraph/layout/flow", test_flow);
  g_test_add_func ("/dealgraph/layout/flow-keeps-long-deals-clear", test_flow_keeps_long_deals_clear);
  g_test_add_func ("/dealgraph/layout/saved-roundtrip", test_saved_roundtrip);
  g_test_add_func ("/dealgraph/layout/partial-positions", test_partial_positions);
  g_test_add_func ("/dealgraph/layout/embedded-saved-layout", test_embedded_saved_layout);
  g_test_add_func ("/dealgraph/layout/converges-quickly", test_converges_quickly);

  return g_test_run ();
}
