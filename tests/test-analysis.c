/* test-analysis.c: components, cycles, max-flow and round-trip shares,
 * checked against brute force and hand-computed answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-document.h"
#include "dg-loader.h"

#define B 1e9

/* splitmix64: fixed seeds give the same graphs on every machine. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static guint
random_below (guint64 *state,
              guint    n)
{
  return (guint) (next_random (state) % n);
}

/* A graph from a compact description: "0>1 1>0 1>2" and exact amounts. */
static DgGraph *
graph_from_pairs (guint         n_nodes,
                  guint         n_edges,
                  const guint  *pairs,
                  const double *amounts)
{
  g_autofree guint *src = g_new (guint, MAX (n_edges, 1));
  g_autofree guint *dst = g_new (guint, MAX (n_edges, 1));

  for (guint e = 0; e < n_edges; e++)
    {
      src[e] = pairs[2 * e];
      dst[e] = pairs[2 * e + 1];
    }
  return dg_graph_new (n_nodes, n_edges, src, dst, amounts);
}

static void
set_range (DgGraph *g,
           guint    e,
           double   lo,
           double   hi)
{
  g->edge_amount_kind[e] = DG_AMOUNT_RANGE;
  g->edge_amount[e] = hi;
  g->edge_amount_min[e] = lo;
  g->edge_amount_max[e] = hi;
}

/* A random small graph with self-loops, parallel deals and deals both ways,
 * integer amounts (so flows compare exactly), some ranges and some
 * undisclosed. */
static DgGraph *
random_graph (guint64 *state,
              guint    max_nodes,
              guint    max_edges)
{
  /* One company now and then; mostly enough for long cycles. */
  guint n = random_below (state, 25) == 0 ? 1 : 2 + random_below (state, max_nodes - 1);
  guint m = random_below (state, max_edges + 1);
  g_autofree guint *src = g_new (guint, MAX (m, 1));
  g_autofree guint *dst = g_new (guint, MAX (m, 1));
  g_autofree double *amount = g_new (double, MAX (m, 1));
  DgGraph *g;

  for (guint e = 0; e < m; e++)
    {
      src[e] = random_below (state, n);
      /* Self-loops now and then; a repeat of an earlier deal (parallel) or
       * its reverse now and then. */
      if (e > 0 && random_below (state, 6) == 0)
        {
          guint f = random_below (state, e);

          src[e] = src[f];
          dst[e] = dst[f];
          if (random_below (state, 2))
            {
              src[e] = dst[f];
              dst[e] = src[f];
            }
        }
      else if (random_below (state, 16) == 0)
        dst[e] = src[e];
      else
        dst[e] = random_below (state, n);
      amount[e] = random_below (state, 8) == 0 ? NAN : (double) random_below (state, 10);
    }

  g = dg_graph_new (n, m, src, dst, amount);
  for (guint e = 0; e < m; e++)
    if (!isnan (amount[e]) && random_below (state, 5) == 0)
      set_range (g, e, amount[e], amount[e] + random_below (state, 6));
  return g;
}

static guint8 *
random_mask (guint64 *state,
             guint    n_edges)
{
  guint8 *mask = g_new (guint8, MAX (n_edges, 1));

  for (guint e = 0; e < n_edges; e++)
    mask[e] = random_below (state, 4) != 0;
  return mask;
}

static gboolean
in (const guint8 *mask,
    guint         e)
{
  return mask == NULL || mask[e] != 0;
}

/* Brute force: reach[u * n + v] when v can be reached from u (always from
 * itself), by Floyd-Warshall. */
static gboolean *
brute_reach (const DgGraph *g,
             const guint8  *mask)
{
  guint n = g->n_nodes;
  gboolean *reach = g_new0 (gboolean, MAX (n * n, 1));

  for (guint v = 0; v < n; v++)
    reach[v * n + v] = TRUE;
  for (guint e = 0; e < g->n_edges; e++)
    if (in (mask, e))
      reach[g->edge_src[e] * n + g->edge_dst[e]] = TRUE;
  for (guint k = 0; k < n; k++)
    for (guint i = 0; i < n; i++)
      for (guint j = 0; j < n; j++)
        if (reach[i * n + k] && reach[k * n + j])
          reach[i * n + j] = TRUE;
  return reach;
}

/* Brute force: every elementary cycle as a key "e1,e2,..." starting at its
 * smallest company, by plain recursion over deal sequences. */
static void
brute_walk (const DgGraph *g,
            const guint8  *mask,
            guint          start,
            guint          v,
            gboolean      *visited,
            GArray        *path,
            guint          max_length,
            GHashTable    *out)
{
  for (guint e = 0; e < g->n_edges; e++)
    {
      guint w;

      if (!in (mask, e) || g->edge_src[e] != v)
        continue;
      w = g->edge_dst[e];
      if (path->len + 1 > max_length)
        continue;
      g_array_append_val (path, e);
      if (w == start)
        {
          GString *key = g_string_new (NULL);

          for (guint k = 0; k < path->len; k++)
            g_string_append_printf (key, "%s%u", k ? "," : "", g_array_index (path, guint, k));
          g_hash_table_add (out, g_string_free (key, FALSE));
        }
      else if (w > start && !visited[w])
        {
          visited[w] = TRUE;
          brute_walk (g, mask, start, w, visited, path, max_length, out);
          visited[w] = FALSE;
        }
      g_array_set_size (path, path->len - 1);
    }
}

static GHashTable *
brute_cycles (const DgGraph *g,
              const guint8  *mask,
              guint          max_length)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gboolean *visited = g_new0 (gboolean, MAX (g->n_nodes, 1));
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint s = 0; s < g->n_nodes; s++)
    brute_walk (g, mask, s, s, visited, path, max_length == 0 ? G_MAXUINT : max_length, out);
  return out;
}

/* The brute force writes a cycle from its smallest company; the analysis
 * from its route's first: compare them from the smallest. */
static char *
cycle_key (DgAnalysis *a,
           guint       i)
{
  guint n;
  const guint *deals = dg_analysis_get_cycle_deals (a, i, &n);
  const guint *nodes = dg_analysis_get_cycle_companies (a, i, &n);
  GString *key = g_string_new (NULL);
  guint first = 0;

  for (guint k = 1; k < n; k++)
    if (nodes[k] < nodes[first])
      first = k;
  for (guint k = 0; k < n; k++)
    g_string_append_printf (key, "%s%u", k ? "," : "", deals[(first + k) % n]);
  return g_string_free (key, FALSE);
}

/* Brute force: max-flow = min cut, over every set of companies holding the
 * source and not the sink. */
static double
brute_min_cut (const DgGraph *g,
               const guint8  *mask,
               const double  *capacity,
               guint          source,
               guint          sink,
               guint          skip_edge)
{
  guint n = g->n_nodes;
  double best = INFINITY;

  for (guint set = 0; set < (1u << n); set++)
    {
      double cut = 0;

      if (!(set & (1u << source)) || (set & (1u << sink)))
        continue;
      for (guint e = 0; e < g->n_edges; e++)
        if (e != skip_edge && in (mask, e)
            && (set & (1u << g->edge_src[e])) && !(set & (1u << g->edge_dst[e]))
            && capacity[e] > 0)
          cut += capacity[e];
      best = MIN (best, cut);
    }
  return best;
}

/* The round trip computed plainly from its deals. */
static void
expected_round_trip (const DgGraph *g,
                     const guint   *deals,
                     guint          n,
                     gboolean      *known,
                     double        *lo,
                     double        *hi)
{
  *known = TRUE;
  *lo = *hi = INFINITY;
  for (guint k = 0; k < n; k++)
    {
      guint e = deals[k];

      if (g->edge_amount_kind[e] == DG_AMOUNT_UNDISCLOSED)
        *known = FALSE;
      else
        {
          *lo = MIN (*lo, g->edge_amount_min[e]);
          *hi = MIN (*hi, g->edge_amount_max[e]);
        }
    }
}

/* Every property of the cycle list that holds whatever the graph. */
static void
check_cycles_well_formed (DgAnalysis *a)
{
  const DgGraph *g = a->graph;

  for (guint i = 0; i < a->n_cycles; i++)
    {
      guint n;
      guint n2;
      const guint *deals = dg_analysis_get_cycle_deals (a, i, &n);
      const guint *nodes = dg_analysis_get_cycle_companies (a, i, &n2);
      const DgAmount *amount = dg_analysis_get_cycle_amount (a, i);
      gboolean known;
      double lo;
      double hi;

      g_assert_cmpuint (n, ==, n2);
      g_assert_cmpuint (n, >=, 1);
      if (a->options.max_length != 0)
        g_assert_cmpuint (n, <=, a->options.max_length);
      for (guint k = 0; k < n; k++)
        {
          g_assert_true (a->edge_included[deals[k]]);
          g_assert_true (a->edge_cyclic[deals[k]]);
          g_assert_cmpuint (nodes[k], ==, g->edge_src[deals[k]]);
          g_assert_cmpuint (g->edge_dst[deals[k]], ==, nodes[(k + 1) % n]);
          /* Elementary: each company once. */
          for (guint j = 0; j < k; j++)
            g_assert_cmpuint (nodes[j], !=, nodes[k]);
        }

      /* Written from its route's first company: the same companies in the
       * same order as its route. */
      {
        guint r = dg_analysis_get_cycle_route (a, i);
        guint n_route;
        const guint *route = dg_analysis_get_route_companies (a, r, &n_route);

        g_assert_cmpuint (n_route, ==, n);
        g_assert_cmpmem (route, n * sizeof (guint), nodes, n * sizeof (guint));
      }

      expected_round_trip (g, deals, n, &known, &lo, &hi);
      if (!known)
        g_assert_cmpint (amount->kind, ==, DG_AMOUNT_UNDISCLOSED);
      else
        {
          g_assert_cmpint (amount->kind, !=, DG_AMOUNT_UNDISCLOSED);
          g_assert_cmpfloat (amount->min, ==, lo);
          g_assert_cmpfloat (amount->max, ==, hi);
          g_assert_cmpint (amount->kind, ==, lo == hi ? DG_AMOUNT_EXACT : DG_AMOUNT_RANGE);
        }

      /* Sorted: known before unknown, larger first. */
      if (i > 0)
        {
          const DgAmount *prev = dg_analysis_get_cycle_amount (a, i - 1);

          if (prev->kind == DG_AMOUNT_UNDISCLOSED)
            g_assert_cmpint (amount->kind, ==, DG_AMOUNT_UNDISCLOSED);
          else if (amount->kind != DG_AMOUNT_UNDISCLOSED)
            {
              g_assert_cmpfloat (prev->max, >=, amount->max);
              if (prev->max == amount->max)
                g_assert_cmpfloat (prev->min, >=, amount->min);
            }
        }
    }

  /* The per-company and per-deal indexes list exactly the cycles through
   * them, in order. */
  for (guint v = 0; v < g->n_nodes; v++)
    {
      guint n_for;
      const guint *list = dg_analysis_get_cycles_for_node (a, v, &n_for);
      guint expected = 0;

      for (guint i = 0; i < a->n_cycles; i++)
        {
          guint n;
          const guint *nodes = dg_analysis_get_cycle_companies (a, i, &n);

          for (guint k = 0; k < n; k++)
            if (nodes[k] == v)
              {
                g_assert_cmpuint (expected, <, n_for);
                g_assert_cmpuint (list[expected], ==, i);
                expected++;
              }
        }
      g_assert_cmpuint (expected, ==, n_for);
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      guint n_for;
      const guint *list = dg_analysis_get_cycles_for_edge (a, e, &n_for);
      guint expected = 0;

      for (guint i = 0; i < a->n_cycles; i++)
        {
          guint n;
          const guint *deals = dg_analysis_get_cycle_deals (a, i, &n);

          for (guint k = 0; k < n; k++)
            if (deals[k] == e)
              {
                g_assert_cmpuint (expected, <, n_for);
                g_assert_cmpuint (list[expected], ==, i);
                expected++;
              }
        }
      g_assert_cmpuint (expected, ==, n_for);
    }
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
assert_same_deal_share (const DgDealShare *a,
                        const DgDealShare *b)
{
  g_assert_true (same_double (a->amount_low, b->amount_low));
  g_assert_true (same_double (a->amount_high, b->amount_high));
  g_assert_true (same_double (a->back_low, b->back_low));
  g_assert_true (same_double (a->back_high, b->back_high));
  g_assert_true (same_double (a->share_low, b->share_low));
  g_assert_true (same_double (a->share_high, b->share_high));
  g_assert_cmpuint (a->n_unknown, ==, b->n_unknown);
}

static void
assert_same_company_share (const DgCompanyShare *a,
                           const DgCompanyShare *b)
{
#define SAME(field) g_assert_true (same_double (a->field, b->field))
  SAME (out_low);
  SAME (out_high);
  SAME (out_back_low);
  SAME (out_back_high);
  SAME (out_share_low);
  SAME (out_share_high);
  SAME (in_low);
  SAME (in_high);
  SAME (in_from_payees_low);
  SAME (in_from_payees_high);
  SAME (in_share_low);
  SAME (in_share_high);
#undef SAME
  g_assert_cmpuint (a->n_out_unknown, ==, b->n_out_unknown);
  g_assert_cmpuint (a->n_in_unknown, ==, b->n_in_unknown);
  g_assert_cmpuint (a->n_component_unknown, ==, b->n_component_unknown);
}

/* Shares computed on demand match the full analysis. */
static void
check_company_shares_on_demand (DgAnalysis *a)
{
  for (guint v = 0; v < a->graph->n_nodes; v++)
    {
      DgCompanyShare now;

      g_assert_true (dg_analysis_compute_company_share (a, v, 0, &now));
      assert_same_company_share (&now, &a->company_share[v]);
    }
}

/* What the random rounds covered, so a generator that went bland fails. */
static guint n_brute_cycles;
static guint n_brute_long_cycles;
static guint n_brute_self_loops;
static guint n_brute_parallel;
static guint n_brute_range_shares;

static void
check_against_brute_force (DgGraph      *g,
                           const guint8 *mask,
                           guint         max_length)
{
  DgAnalysisOptions options;
  g_autoptr(DgAnalysis) a = NULL;
  g_autofree gboolean *reach = brute_reach (g, mask);
  g_autoptr(GHashTable) expected = brute_cycles (g, mask, max_length);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) comps = g_hash_table_new (NULL, NULL);
  guint n = g->n_nodes;

  dg_analysis_options_init (&options);
  options.max_length = max_length;
  options.max_cycles = 0;
  options.time_budget = 0;
  options.edge_mask = mask;
  a = dg_analysis_new (g, &options);

  /* Components: same component exactly when each reaches the other. */
  for (guint u = 0; u < n; u++)
    {
      g_assert_cmpuint (a->node_component[u], <, a->n_components);
      g_hash_table_add (comps, GUINT_TO_POINTER (a->node_component[u]));
      for (guint v = 0; v < n; v++)
        g_assert_cmpint (a->node_component[u] == a->node_component[v], ==,
                         reach[u * n + v] && reach[v * n + u]);
    }
  g_assert_cmpuint (g_hash_table_size (comps), ==, a->n_components);

  /* Cyclic deals: left in, and the payee reaches back to the payer. */
  for (guint e = 0; e < g->n_edges; e++)
    g_assert_cmpint (a->edge_cyclic[e], ==,
                     in (mask, e) && reach[g->edge_dst[e] * n + g->edge_src[e]]);

  /* Cyclic companies: some cyclic deal leaves them. */
  for (guint v = 0; v < n; v++)
    {
      gboolean cyclic = FALSE;

      for (guint e = 0; e < g->n_edges; e++)
        cyclic |= a->edge_cyclic[e] && g->edge_src[e] == v;
      g_assert_cmpint (a->node_cyclic[v], ==, cyclic);
    }

  /* Cycles: exactly the brute-force set, each once. */
  g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
  for (guint i = 0; i < a->n_cycles; i++)
    {
      char *key = cycle_key (a, i);

      g_assert_true (g_hash_table_contains (expected, key));
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, key);
    }
  g_assert_cmpuint (a->n_cycles, ==, g_hash_table_size (expected));
  check_cycles_well_formed (a);
  check_company_shares_on_demand (a);

  n_brute_cycles += a->n_cycles;
  for (guint i = 0; i < a->n_cycles; i++)
    {
      guint len = a->cycle_offset[i + 1] - a->cycle_offset[i];

      n_brute_long_cycles += len >= 3;
      n_brute_self_loops += len == 1;
    }
  for (guint e = 1; e < g->n_edges; e++)
    for (guint f = 0; f < e; f++)
      if (a->edge_cyclic[e] && a->edge_cyclic[f]
          && g->edge_src[e] == g->edge_src[f] && g->edge_dst[e] == g->edge_dst[f])
        n_brute_parallel++;

  /* Shares: min (amount, max-flow back without the deal), each end. */
  g_assert_cmpint (a->shares_limit, ==, DG_ANALYSIS_LIMIT_NONE);
  for (guint e = 0; e < g->n_edges; e++)
    {
      const DgDealShare *s = &a->deal_share[e];
      g_autofree double *cap_low = g_new (double, g->n_edges);
      g_autofree double *cap_high = g_new (double, g->n_edges);
      double expected_low;
      double expected_high;

      if (!in (mask, e) || g->edge_amount_kind[e] == DG_AMOUNT_UNDISCLOSED)
        {
          g_assert_true (isnan (s->share_low) && isnan (s->share_high));
          g_assert_true (isnan (s->back_low) && isnan (s->back_high));
          continue;
        }
      for (guint f = 0; f < g->n_edges; f++)
        {
          gboolean known = g->edge_amount_kind[f] != DG_AMOUNT_UNDISCLOSED;

          cap_low[f] = known ? g->edge_amount_min[f] : 0;
          cap_high[f] = known ? g->edge_amount_max[f] : 0;
        }
      if (g->edge_src[e] == g->edge_dst[e])
        {
          expected_low = g->edge_amount_min[e];
          expected_high = g->edge_amount_max[e];
        }
      else
        {
          expected_low = MIN (g->edge_amount_min[e],
                              brute_min_cut (g, mask, cap_low, g->edge_dst[e], g->edge_src[e], e));
          expected_high = MIN (g->edge_amount_max[e],
                               brute_min_cut (g, mask, cap_high, g->edge_dst[e], g->edge_src[e], e));
        }
      g_assert_cmpfloat_with_epsilon (s->back_low, expected_low, 1e-9);
      g_assert_cmpfloat_with_epsilon (s->back_high, expected_high, 1e-9);
      if (g->edge_amount_min[e] > 0)
        g_assert_cmpfloat_with_epsilon (s->share_low, expected_low / g->edge_amount_min[e], 1e-12);
      else
        g_assert_true (isnan (s->share_low));
      {
        DgDealShare now;

        /* On demand, the same. */
        g_assert_true (dg_analysis_compute_deal_share (a, e, 0, &now));
        assert_same_deal_share (&now, s);
      }
      if (!a->edge_cyclic[e])
        g_assert_cmpfloat (s->back_low, ==, 0);
      else if (g->edge_amount_kind[e] == DG_AMOUNT_RANGE && expected_low != expected_high)
        n_brute_range_shares++;
    }
}

static void
test_random_brute_force (void)
{
  guint64 state = 20251103;

  for (guint round = 0; round < 400; round++)
    {
      g_autoptr(DgGraph) g = random_graph (&state, 7, 18);
      g_autofree guint8 *mask = random_mask (&state, g->n_edges);
      guint max_length = random_below (&state, 3) == 0 ? 0 : 1 + random_below (&state, 7);

      check_against_brute_force (g, NULL, max_length);
      check_against_brute_force (g, mask, max_length);
    }

  g_test_message ("%u cycles (%u of 3+ deals, %u self-loops), %u cyclic parallel pairs, %u range shares",
                  n_brute_cycles, n_brute_long_cycles, n_brute_self_loops, n_brute_parallel,
                  n_brute_range_shares);
  g_assert_cmpuint (n_brute_cycles, >, 1000);
  g_assert_cmpuint (n_brute_long_cycles, >, 300);
  g_assert_cmpuint (n_brute_self_loops, >, 50);
  g_assert_cmpuint (n_brute_parallel, >, 50);
  g_assert_cmpuint (n_brute_range_shares, >, 20);
}

static void
test_max_flow_brute_force (void)
{
  guint64 state = 42;

  for (guint round = 0; round < 600; round++)
    {
      g_autoptr(DgGraph) g = random_graph (&state, 8, round % 2 ? 13 : 20);
      g_autofree guint8 *mask = random_mask (&state, g->n_edges);
      g_autofree double *cap = g_new (double, MAX (g->n_edges, 1));

      /* Every other round has unit capacities, where flows most often
       * need to be pushed back. */
      for (guint e = 0; e < g->n_edges; e++)
        if (round % 2)
          cap[e] = 1;
        else
          cap[e] = random_below (&state, 9) == 0 ? NAN : (double) random_below (&state, 12);

      for (guint s = 0; s < g->n_nodes; s++)
        for (guint t = 0; t < g->n_nodes; t++)
          {
            double expected;
            double limit = (double) random_below (&state, 20);

            if (s == t)
              continue;
            expected = brute_min_cut (g, mask, cap, s, t, G_MAXUINT);
            g_assert_cmpfloat (dg_analysis_max_flow (g, mask, cap, s, t, INFINITY), ==, expected);
            g_assert_cmpfloat (dg_analysis_max_flow (g, mask, cap, s, t, limit), ==, MIN (limit, expected));
          }
    }
}

/* The classic case where the shortest path takes the wrong turn and the flow
 * must be pushed back: s -> x -> y -> t first, then s -> r -> y -> x -> p ->
 * q -> t cancels x -> y. Max-flow 2. */
static void
test_max_flow_cancel (void)
{
  enum { S, X, Y, T, P, Q, R };
  const guint pairs[] = { S, X,  X, Y,  Y, T,  X, P,  P, Q,  Q, T,  S, R,  R, Y };
  const double cap[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
  g_autoptr(DgGraph) g = graph_from_pairs (7, 8, pairs, cap);

  g_assert_cmpfloat (dg_analysis_max_flow (g, NULL, cap, S, T, INFINITY), ==, 2);
  g_assert_cmpfloat (brute_min_cut (g, NULL, cap, S, T, G_MAXUINT), ==, 2);
  g_assert_cmpfloat (dg_analysis_max_flow (g, NULL, cap, S, T, 1.5), ==, 1.5);
  g_assert_cmpfloat (dg_analysis_max_flow (g, NULL, cap, T, S, INFINITY), ==, 0);
}

/* A -> B $10B, B -> A $4B: one cycle of $4B; A gets 40% back, B all of it. */
static void
test_two_cycle (void)
{
  const guint pairs[] = { 0, 1, 1, 0 };
  const double amounts[] = { 10 * B, 4 * B };
  g_autoptr(DgGraph) g = graph_from_pairs (2, 2, pairs, amounts);
  g_autoptr(DgAnalysis) a = dg_analysis_new (g, NULL);
  g_autofree char *text = NULL;
  guint n;
  const guint *deals;

  g_assert_cmpuint (a->n_components, ==, 1);
  g_assert_cmpuint (a->n_cyclic_components, ==, 1);
  g_assert_cmpuint (a->n_cyclic_edges, ==, 2);
  g_assert_cmpuint (a->n_cycles, ==, 1);
  deals = dg_analysis_get_cycle_deals (a, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (deals[0], ==, 0);
  g_assert_cmpuint (deals[1], ==, 1);
  g_assert_cmpint (a->cycle_amount[0].kind, ==, DG_AMOUNT_EXACT);
  g_assert_cmpfloat (a->cycle_amount[0].value, ==, 4 * B);
  text = dg_analysis_format_round_trip (&a->cycle_amount[0]);
  g_assert_cmpstr (text, ==, "$4B");

  g_assert_cmpfloat (a->deal_share[0].back_low, ==, 4 * B);
  g_assert_cmpfloat_with_epsilon (a->deal_share[0].share_low, 0.4, 1e-12);
  g_assert_cmpfloat (a->deal_share[1].share_high, ==, 1.0);
  g_assert_cmpuint (a->deal_share[0].n_unknown, ==, 0);

  /* A: sends 10, 4 can come back; all it receives comes from B, whom it pays. */
  g_assert_cmpfloat_with_epsilon (a->company_share[0].out_share_low, 0.4, 1e-12);
  g_assert_cmpfloat (a->company_share[0].in_share_low, ==, 1.0);
  g_assert_cmpfloat (a->company_share[1].out_share_low, ==, 1.0);
  g_assert_cmpfloat (a->company_share[0].out_low, ==, 10 * B);
  g_assert_cmpfloat (a->company_share[0].in_low, ==, 4 * B);
}

/* A -> B $10B, B -> C (range), C -> A $5B: the round trip follows the range,
 * and is unknown once a deal is undisclosed. */
static void
test_round_trip_amounts (void)
{
  const guint pairs[] = { 0, 1, 1, 2, 2, 0 };
  const double amounts[] = { 10 * B, 1 * B, 5 * B };
  struct
  {
    double lo;
    double hi;
    gboolean undisclosed;
    DgAmountKind kind;
    double expect_lo;
    double expect_hi;
    const char *text;
  } cases[] = {
    { 2 * B, 8 * B, FALSE, DG_AMOUNT_RANGE, 2 * B, 5 * B, "$2B–$5B" },
    { 0, 8 * B, FALSE, DG_AMOUNT_RANGE, 0, 5 * B, "up to $5B" },
    { 6 * B, 8 * B, FALSE, DG_AMOUNT_EXACT, 5 * B, 5 * B, "$5B" },
    { 0, 3 * B, FALSE, DG_AMOUNT_RANGE, 0, 3 * B, "up to $3B" },
    { 0, 0, TRUE, DG_AMOUNT_UNDISCLOSED, NAN, NAN, "unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DgGraph) g = graph_from_pairs (3, 3, pairs, amounts);
      g_autoptr(DgAnalysis) a = NULL;
      g_autofree char *text = NULL;

      if (cases[i].undisclosed)
        {
          g->edge_amount_kind[1] = DG_AMOUNT_UNDISCLOSED;
          g->edge_amount[1] = g->edge_amount_min[1] = g->edge_amount_max[1] = NAN;
        }
      else
        set_range (g, 1, cases[i].lo, cases[i].hi);

      a = dg_analysis_new (g, NULL);
      g_assert_cmpuint (a->n_cycles, ==, 1);
      g_assert_cmpint (a->cycle_amount[0].kind, ==, cases[i].kind);
      if (cases[i].undisclosed)
        g_assert_true (isnan (a->cycle_amount[0].max));
      else
        {
          g_assert_cmpfloat (a->cycle_amount[0].min, ==, cases[i].expect_lo);
          g_assert_cmpfloat (a->cycle_amount[0].max, ==, cases[i].expect_hi);
        }
      text = dg_analysis_format_round_trip (&a->cycle_amount[0]);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Cycles sort by round trip, largest first, unknown last, ties by length
 * then by deals. */
static void
test_sort_order (void)
{
  /* Three 2-cycles through company 0 and a triangle:
   *   0<->1: $3B and $9B   -> $3B
   *   0<->2: $7B and undisclosed -> unknown
   *   0<->3: $5B and $6B   -> $5B
   *   1->3 $5B, 3->0 (shared), 0->1: triangle 0->1->3->0 = min(9,5,6)... */
  const guint pairs[] = {
    0, 1,   1, 0,
    0, 2,   2, 0,
    0, 3,   3, 0,
    1, 3,
  };
  const double amounts[] = { 9 * B, 3 * B, 7 * B, NAN, 5 * B, 6 * B, 5 * B };
  g_autoptr(DgGraph) g = graph_from_pairs (4, 7, pairs, amounts);
  g_autoptr(DgAnalysis) a = dg_analysis_new (g, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < a->n_cycles; i++)
    g_ptr_array_add (keys, cycle_key (a, i));

  /* 0->1->3->0: min(9, 5, 6) = $5B, the same as 0<->3 ($5B): the shorter
   * one first. Then $3B, then the unknown. */
  g_assert_cmpuint (keys->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "4,5");
  g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, "0,6,5");
  g_assert_cmpstr (g_ptr_array_index (keys, 2), ==, "0,1");
  g_assert_cmpstr (g_ptr_array_index (keys, 3), ==, "2,3");
  check_cycles_well_formed (a);
}

/* Two deals A -> B and one B -> A: two cycles, because a cycle is a sequence
 * of deals. A self-loop is a cycle of one deal. */
static void
test_parallel_and_self_loop (void)
{
  const guint pairs[] = { 0, 1, 0, 1, 1, 0, 2, 2 };
  const double amounts[] = { 1 * B, 2 * B, 3 * B, 4 * B };
  g_autoptr(DgGraph) g = graph_from_pairs (3, 4, pairs, amounts);
  g_autoptr(DgAnalysis) a = dg_analysis_new (g, NULL);
  g_autofree char *k0 = NULL;
  g_autofree char *k1 = NULL;
  g_autofree char *k2 = NULL;

  g_assert_cmpuint (a->n_cycles, ==, 3);
  g_assert_cmpuint (a->n_cyclic_components, ==, 2);
  g_assert_cmpuint (a->n_cyclic_edges, ==, 4);
  g_assert_true (a->node_cyclic[2]);
  k0 = cycle_key (a, 0);
  k1 = cycle_key (a, 1);
  k2 = cycle_key (a, 2);
  /* $4B self-loop, then 0->1 (deal 1, $2B) back by deal 2, then deal 0 ($1B). */
  g_assert_cmpstr (k0, ==, "3");
  g_assert_cmpstr (k1, ==, "1,2");
  g_assert_cmpstr (k2, ==, "0,2");
  /* All of a self-loop comes straight back. */
  g_assert_cmpfloat (a->deal_share[3].share_low, ==, 1.0);
  /* Both parallel deals can come back in full over the $3B deal... */
  g_assert_cmpfloat (a->deal_share[0].share_low, ==, 1.0);
  g_assert_cmpfloat (a->deal_share[1].share_low, ==, 1.0);
  /* ...and the $3B deal back over the two together. */
  g_assert_cmpfloat (a->deal_share[2].share_low, ==, 1.0);
  check_cycles_well_formed (a);
}

/* A -> B $10B; B -> C $6B, B -> D $6B; C -> A $3B, D -> A $5B. */
static void
test_shares_by_hand (void)
{
  const guint pairs[] = { 0, 1, 1, 2, 1, 3, 2, 0, 3, 0 };
  const double amounts[] = { 10, 6, 6, 3, 5 };
  g_autoptr(DgGraph) g = graph_from_pairs (4, 5, pairs, amounts);
  g_autoptr(DgAnalysis) a = dg_analysis_new (g, NULL);
  const DgDealShare *s = a->deal_share;
  const DgCompanyShare *cs = a->company_share;

  /* From B back to A: 3 via C, 5 via D. */
  g_assert_cmpfloat (s[0].back_low, ==, 8);
  g_assert_cmpfloat (s[0].share_low, ==, 0.8);
  /* From C back to B: C -> A -> B carries 3 of 6. */
  g_assert_cmpfloat (s[1].share_low, ==, 0.5);
  /* From D back to B: 5 of 6. */
  g_assert_cmpfloat_with_epsilon (s[2].share_low, 5.0 / 6.0, 1e-12);
  g_assert_cmpfloat (s[3].share_low, ==, 1.0);
  g_assert_cmpfloat (s[4].share_low, ==, 1.0);

  /* B sends 12, 3 + 5 can come back. */
  g_assert_cmpfloat (cs[1].out_low, ==, 12);
  g_assert_cmpfloat (cs[1].out_back_low, ==, 8);
  g_assert_cmpfloat_with_epsilon (cs[1].out_share_low, 8.0 / 12.0, 1e-12);
  /* A receives 8 from C and D, whom it does not pay directly. */
  g_assert_cmpfloat (cs[0].in_low, ==, 8);
  g_assert_cmpfloat (cs[0].in_share_low, ==, 0);
}

/* Ranges: each end computed on its own; undisclosed deals carry nothing but
 * are counted, so the UI can say "at least". */
static void
test_shares_ranges_and_unknown (void)
{
  {
    /* A -> B $5B–$10B, B -> A $6B. */
    const guint pairs[] = { 0, 1, 1, 0 };
    const double amounts[] = { 0, 6 * B };
    g_autoptr(DgGraph) g = graph_from_pairs (2, 2, pairs, amounts);
    g_autoptr(DgAnalysis) a = NULL;
    g_autofree char *text = NULL;

    set_range (g, 0, 5 * B, 10 * B);
    a = dg_analysis_new (g, NULL);
    g_assert_cmpfloat (a->deal_share[0].share_low, ==, 1.0);
    g_assert_cmpfloat (a->deal_share[0].share_high, ==, 0.6);
    g_assert_cmpfloat_with_epsilon (a->deal_share[1].share_low, 5.0 / 6.0, 1e-12);
    g_assert_cmpfloat (a->deal_share[1].share_high, ==, 1.0);
    text = dg_analysis_format_share (a->deal_share[0].share_low, a->deal_share[0].share_high,
                                     a->deal_share[0].n_unknown);
    g_assert_cmpstr (text, ==, "60%–100%");
  }
  {
    /* A -> B $10B, B -> C undisclosed, C -> A $5B. */
    const guint pairs[] = { 0, 1, 1, 2, 2, 0 };
    const double amounts[] = { 10 * B, NAN, 5 * B };
    g_autoptr(DgGraph) g = graph_from_pairs (3, 3, pairs, amounts);
    g_autoptr(DgAnalysis) a = dg_analysis_new (g, NULL);
    g_autofree char *text = NULL;
    g_autofree char *unknown = NULL;

    g_assert_cmpfloat (a->deal_share[0].share_low, ==, 0);
    g_assert_cmpuint (a->deal_share[0].n_unknown, ==, 1);
    g_assert_true (isnan (a->deal_share[1].share_low));
    g_assert_true (isnan (a->deal_share[1].share_high));
    g_assert_cmpuint (a->deal_share[1].n_unknown, ==, 0);
    g_assert_cmpfloat (a->deal_share[2].share_high, ==, 0);
    text = dg_analysis_format_share (a->deal_share[0].share_low, a->deal_share[0].share_high,
                                     a->deal_share[0].n_unknown);
    /* At least 0% says nothing. */
    g_assert_cmpstr (text, ==, "unknown");
    unknown = dg_analysis_format_share (a->deal_share[1].share_low, a->deal_share[1].share_high,
                                        a->deal_share[1].n_unknown);
    g_assert_cmpstr (unknown, ==, "unknown");
    /* B's outgoing money is all undisclosed: nothing to sum. */
    g_assert_cmpuint (a->company_share[1].n_out_unknown, ==, 1);
    g_assert_true (isnan (a->company_share[1].out_share_low));
    g_assert_cmpuint (a->company_share[0].n_component_unknown, ==, 1);
  }
  {
    /* "up to": the low end is 0, so only the high end gives a share. */
    const guint pairs[] = { 0, 1, 1, 0 };
    const double amounts[] = { 0, 2 * B };
    g_autoptr(DgGraph) g = graph_from_pairs (2, 2, pairs, amounts);
    g_autoptr(DgAnalysis) a = NULL;
    g_autofree char *text = NULL;

    set_range (g, 0, 0, 4 * B);
    a = dg_analysis_new (g, NULL);
    g_assert_true (isnan (a->deal_share[0].share_low));
    g_assert_cmpfloat (a->deal_share[0].share_high, ==, 0.5);
    g_assert_cmpfloat (a->deal_share[1].share_low, ==, 0);
    g_assert_cmpfloat (a->deal_share[1].share_high, ==, 1.0);
    text = dg_analysis_format_share (a->deal_share[0].share_low, a->deal_share[0].share_high, 0);
    g_assert_cmpstr (text, ==, "50%");
  }
}

static guint
binomial (guint n,
          guint k)
{
  guint64 r = 1;

  for (guint i = 1; i <= k; i++)
    r = r * (n - k + i) / i;
  return (guint) r;
}

static DgGraph *
complete_graph (guint n)
{
  g_autofree guint *pairs = g_new (guint, 2 * n * n);
  g_autofree double *amounts = g_new (double, n * n);
  guint m = 0;

  for (guint u = 0; u < n; u++)
    for (guint v = 0; v < n; v++)
      if (u != v)
        {
          pairs[2 * m] = u;
          pairs[2 * m + 1] = v;
          amounts[m] = 1 + m;
          m++;
        }
  return graph_from_pairs (n, m, pairs, amounts);
}

/* The complete graph on n companies has C(n, k) (k - 1)! cycles of k. */
static void
test_complete_graph_counts (void)
{
  g_autoptr(DgGraph) g = complete_graph (6);
  DgAnalysisOptions options;

  dg_analysis_options_init (&options);
  for (guint length = 1; length <= 7; length++)
    {
      g_autoptr(DgAnalysis) a = NULL;
      guint expected = 0;
      guint64 fact = 1;

      for (guint k = 2; k <= MIN (length, 6); k++)
        {
          fact *= (k - 1);
          expected += binomial (6, k) * (guint) fact;
        }

      options.max_length = length;
      a = dg_analysis_new (g, &options);
      g_assert_cmpuint (a->n_cycles, ==, expected);
      g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
      /* Cut below 6 companies, longer cycles exist and the result says so. */
      g_assert_cmpint (a->cycles_length_limited, ==, length < 6);
      check_cycles_well_formed (a);
    }
}

static void
test_complete_graph_limits (void)
{
  g_autoptr(DgGraph) g = complete_graph (12);
  DgAnalysisOptions options;

  dg_analysis_options_init (&options);
  options.flags = DG_ANALYSIS_CYCLES;

  {
    g_autoptr(DgAnalysis) a = NULL;

    options.max_length = 12;
    a = dg_analysis_new (g, &options);
    g_assert_cmpuint (a->n_cycles, ==, 10000);
    g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_CYCLES);
    g_assert_cmpuint (a->cycles_starts_done, <, a->n_cyclic_nodes);
    g_assert_cmpuint (a->n_cyclic_edges, ==, 132);
  }

  {
    /* No count limit: the time budget stops it, promptly. */
    g_autoptr(DgAnalysis) a = NULL;
    gint64 t0 = g_get_monotonic_time ();

    options.max_cycles = 0;
    options.max_length = 0;
    options.time_budget = 0.05;
    options.max_stored = G_MAXSIZE;
    a = dg_analysis_new (g, &options);
    g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_TIME);
    g_assert_cmpuint (a->n_cycles, >, 0);
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  }

  {
    /* No count, length or time limit: what is kept stops the search, and
     * no cycle is cut in half. */
    g_autoptr(DgAnalysis) a = NULL;

    options.time_budget = 0;
    options.max_stored = 1000;
    a = dg_analysis_new (g, &options);
    g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_MEMORY);
    g_assert_cmpuint (a->cycle_offset[a->n_cycles], <=, 1000);
    g_assert_cmpuint (a->cycle_offset[a->n_cycles], >, 1000 - 12);
    g_assert_cmpstr (dg_analysis_limit_to_string (a->cycles_limit), ==, "max-stored");
    check_cycles_well_formed (a);
  }

  {
    /* Exactly as many cycles as allowed: not cut short. */
    g_autoptr(DgGraph) k3 = complete_graph (3);
    g_autoptr(DgAnalysis) a = NULL;

    dg_analysis_options_init (&options);
    options.max_cycles = 5;   /* K3 has 3 two-cycles and 2 triangles */
    a = dg_analysis_new (k3, &options);
    g_assert_cmpuint (a->n_cycles, ==, 5);
    g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
    g_clear_pointer (&a, dg_analysis_unref);

    options.max_cycles = 4;
    a = dg_analysis_new (k3, &options);
    g_assert_cmpuint (a->n_cycles, ==, 4);
    g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_CYCLES);
  }
}

#define BIG 1000000

static void
test_million_chain (void)
{
  g_autofree guint *src = g_new (guint, BIG);
  g_autofree guint *dst = g_new (guint, BIG);
  g_autoptr(DgGraph) g = NULL;
  g_autoptr(DgAnalysis) a = NULL;

  for (guint e = 0; e < BIG; e++)
    {
      src[e] = e;
      dst[e] = e + 1;
    }
  g = dg_graph_new (BIG + 1, BIG, src, dst, NULL);
  a = dg_analysis_new (g, NULL);

  g_assert_cmpuint (a->n_components, ==, BIG + 1);
  g_assert_cmpuint (a->n_cyclic_edges, ==, 0);
  g_assert_cmpuint (a->n_cyclic_components, ==, 0);
  g_assert_cmpuint (a->n_cycles, ==, 0);
  /* Tarjan numbers components in completion order: the end of the chain first. */
  g_assert_cmpuint (a->node_component[BIG], ==, 0);
  g_assert_cmpuint (a->node_component[0], ==, BIG);
}

static void
test_million_ring (void)
{
  g_autofree guint *src = g_new (guint, BIG);
  g_autofree guint *dst = g_new (guint, BIG);
  g_autofree double *amount = g_new (double, BIG);
  g_autoptr(DgGraph) g = NULL;
  DgAnalysisOptions options;

  for (guint e = 0; e < BIG; e++)
    {
      src[e] = e;
      dst[e] = (e + 1) % BIG;
      amount[e] = 1 + e % 7;
    }
  g = dg_graph_new (BIG, BIG, src, dst, amount);

  {
    /* The default length limit: no cycle, and the result says longer
     * ones may exist. */
    g_autoptr(DgAnalysis) a = NULL;

    dg_analysis_options_init (&options);
    options.flags = DG_ANALYSIS_CYCLES;
    a = dg_analysis_new (g, &options);
    g_assert_cmpuint (a->n_components, ==, 1);
    g_assert_cmpuint (a->n_cyclic_edges, ==, BIG);
    g_assert_cmpuint (a->n_cycles, ==, 0);
    g_assert_true (a->cycles_length_limited);
    /* The search for a longer one walked the whole ring and found it. */
    g_assert_true (a->cycles_longer_found);
  }

  {
    /* No length limit: the one cycle of a million deals, walked without
     * recursion. */
    g_autoptr(DgAnalysis) a = NULL;
    guint n;
    const guint *deals;

    dg_analysis_options_init (&options);
    options.max_length = 0;
    options.time_budget = 0;
    options.flags = DG_ANALYSIS_CYCLES;
    a = dg_analysis_new (g, &options);
    g_assert_cmpuint (a->n_cycles, ==, 1);
    g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
    g_assert_false (a->cycles_length_limited);
    deals = dg_analysis_get_cycle_deals (a, 0, &n);
    g_assert_cmpuint (n, ==, BIG);
    /* Written from the payer of its largest deal (amount 7), the first. */
    g_assert_cmpuint (deals[0], ==, 6);
    g_assert_cmpuint (deals[BIG - 1], ==, 5);
    g_assert_cmpint (a->cycle_amount[0].kind, ==, DG_AMOUNT_EXACT);
    g_assert_cmpfloat (a->cycle_amount[0].value, ==, 1);
  }

  {
    /* Shares: each is a flow around the whole ring, a million of them; the
     * time budget stops them, and a side panel can still ask for one. */
    g_autoptr(DgAnalysis) a = NULL;
    DgDealShare now;

    dg_analysis_options_init (&options);
    options.time_budget = 0.1;
    options.flags = DG_ANALYSIS_SHARES;
    a = dg_analysis_new (g, &options);
    g_assert_cmpint (a->shares_limit, ==, DG_ANALYSIS_LIMIT_TIME);
    g_assert_cmpuint (a->n_shares_done, <, BIG);
    g_assert_true (isnan (a->deal_share[BIG - 1].share_low));
    g_assert_true (isnan (a->company_share[BIG - 1].out_share_low));
    /* The flow back along the rest of the ring: its smallest amount, 1. */
    if (a->n_shares_done > 0)
      g_assert_cmpfloat (a->deal_share[0].share_low, ==, 1.0);
    g_assert_true (dg_analysis_compute_deal_share (a, BIG - 1, 0, &now));
    g_assert_cmpfloat (now.share_low, ==, 1.0 / (1 + (BIG - 1) % 7));
  }
}

/* Ids of the companies on a 2-cycle, whichever comes first. */
static gboolean
has_two_cycle (DgDocument *doc,
               DgAnalysis *a,
               const char *x,
               const char *y)
{
  guint ix = dg_company_get_index (dg_document_lookup_company (doc, x));
  guint iy = dg_company_get_index (dg_document_lookup_company (doc, y));

  for (guint i = 0; i < a->n_cycles; i++)
    {
      guint n;
      const guint *nodes = dg_analysis_get_cycle_companies (a, i, &n);

      if (n == 2 && ((nodes[0] == ix && nodes[1] == iy) || (nodes[0] == iy && nodes[1] == ix)))
        return TRUE;
    }
  return FALSE;
}

/* ---- Routes, against a grouping worked out here ---------------------- */

static guint
test_opening_rank (guint kind)
{
  if (kind == DG_DEAL_KIND_INVESTMENT)
    return 0;
  if (kind == DG_DEAL_KIND_EQUITY_WARRANT)
    return 1;
  if (kind == DG_DEAL_KIND_JOINT_VENTURE || kind == DG_DEAL_KIND_BACKSTOP)
    return 2;
  return 3;
}

/* The companies of a brute-force cycle key ("e1,e2,...", from its
 * smallest company), as "n1>n2>...". */
static char *
route_key_of (const DgGraph *g,
              const char    *cycle_key)
{
  g_auto(GStrv) deals = g_strsplit (cycle_key, ",", -1);
  GString *key = g_string_new (NULL);

  for (guint k = 0; deals[k] != NULL; k++)
    g_string_append_printf (key, "%u>", g->edge_src[(guint) g_ascii_strtoull (deals[k], NULL, 10)]);
  return g_string_free (key, FALSE);
}

/* Checks the routes of @a: exactly the brute-force cycles grouped by
 * their companies; each route's round trip the smallest step total over
 * its parallel deals; written from the payer of its opening step. */
static void
check_routes (DgAnalysis   *a,
              const guint8 *mask,
              guint         max_length)
{
  const DgGraph *g = a->graph;
  g_autoptr(GHashTable) cycles = brute_cycles (g, mask, max_length);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint listed = 0;

  g_hash_table_iter_init (&iter, cycles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char *route = route_key_of (g, key);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (groups, route));

      g_hash_table_replace (groups, route, GUINT_TO_POINTER (count + 1));
    }
  g_assert_cmpuint (a->n_routes, ==, g_hash_table_size (groups));

  for (guint r = 0; r < a->n_routes; r++)
    {
      guint n, n_cycles;
      const guint *nodes = dg_analysis_get_route_companies (a, r, &n);
      const DgAmount *amount = dg_analysis_get_route_amount (a, r);
      GString *rkey = g_string_new (NULL);
      guint smallest = 0, best = 0;
      double lo = INFINITY, hi = INFINITY;
      gboolean unknown = FALSE;
      g_autofree guint *rank = g_new (guint, n);
      g_autofree double *hop_lo = g_new0 (double, n);
      g_autofree double *hop_hi = g_new0 (double, n);
      guint64 combinations = 1;

      dg_analysis_get_route_cycles (a, r, &n_cycles);
      for (guint k = 1; k < n; k++)
        if (nodes[k] < nodes[smallest])
          smallest = k;
      for (guint k = 0; k < n; k++)
        g_string_append_printf (rkey, "%u>", nodes[(smallest + k) % n]);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (groups, rkey->str)), ==, n_cycles);
      g_hash_table_remove (groups, rkey->str);
      g_string_free (rkey, TRUE);
      listed += n_cycles;

      /* Each step: every deal the filter left from one company to the next. */
      for (guint k = 0; k < n; k++)
        {
          guint known = 0, undisclosed = 0, n_hop = 0;
          g_autofree guint *hop = dg_analysis_dup_route_hop_deals (a, r, k, &n_hop);

          rank[k] = G_MAXUINT;
          for (guint e = 0; e < g->n_edges; e++)
            {
              if (!in (mask, e) || g->edge_src[e] != nodes[k] || g->edge_dst[e] != nodes[(k + 1) % n])
                continue;
              g_assert_cmpuint (known + undisclosed, <, n_hop);
              g_assert_cmpuint (hop[known + undisclosed], ==, e);
              rank[k] = MIN (rank[k], test_opening_rank (g->edge_kind[e]));
              if (g->edge_amount_kind[e] == DG_AMOUNT_UNDISCLOSED)
                undisclosed++;
              else
                {
                  hop_lo[k] += g->edge_amount_min[e];
                  hop_hi[k] += g->edge_amount_max[e];
                  known++;
                }
            }
          g_assert_cmpuint (known + undisclosed, ==, n_hop);
          combinations *= n_hop;
          unknown |= known == 0;
          lo = MIN (lo, hop_lo[k]);
          if (undisclosed == 0)
            hi = MIN (hi, hop_hi[k]);
        }
      g_assert_cmpuint (dg_analysis_count_route_combinations (a, r), ==, combinations);
      /* Without a limit every combination is a cycle found. */
      g_assert_cmpuint (n_cycles, ==, combinations);

      if (unknown)
        g_assert_cmpint (amount->kind, ==, DG_AMOUNT_UNDISCLOSED);
      else
        {
          g_assert_cmpint (amount->kind, !=, DG_AMOUNT_UNDISCLOSED);
          g_assert_cmpfloat (amount->min, ==, lo);
          if (isinf (hi))
            g_assert_true (isinf (amount->max));
          else
            g_assert_cmpfloat (amount->max, ==, MAX (hi, lo));
        }

      /* The first company pays the opening step: the best opening kind,
       * then the largest disclosed total, then the smallest index. */
      for (guint k = 1; k < n; k++)
        {
          gboolean better;

          if (rank[k] != rank[best])
            better = rank[k] < rank[best];
          else if (hop_hi[k] != hop_hi[best])
            better = hop_hi[k] > hop_hi[best];
          else if (hop_lo[k] != hop_lo[best])
            better = hop_lo[k] > hop_lo[best];
          else
            better = nodes[k] < nodes[best];
          if (better)
            best = k;
        }
      g_assert_cmpuint (best, ==, 0);
    }
  g_assert_cmpuint (g_hash_table_size (groups), ==, 0);
  g_assert_cmpuint (listed, ==, a->n_cycles);
}

static void
test_routes_brute_force (void)
{
  guint64 state = 77;
  guint n_several = 0;

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(DgGraph) g = random_graph (&state, 7, 18);
      g_autofree guint8 *mask = random_mask (&state, g->n_edges);
      guint max_length = random_below (&state, 3) == 0 ? 0 : 1 + random_below (&state, 7);
      DgAnalysisOptions options;

      /* Kinds too: they decide where a route starts. */
      for (guint e = 0; e < g->n_edges; e++)
        g->edge_kind[e] = random_below (&state, DG_N_DEAL_KINDS);

      for (guint pass = 0; pass < 2; pass++)
        {
          g_autoptr(DgAnalysis) a = NULL;

          dg_analysis_options_init (&options);
          options.max_length = max_length;
          options.max_cycles = 0;
          options.time_budget = 0;
          options.edge_mask = pass ? mask : NULL;
          a = dg_analysis_new (g, &options);
          check_routes (a, options.edge_mask, max_length);
          for (guint r = 0; r < a->n_routes; r++)
            {
              guint n;

              dg_analysis_get_route_cycles (a, r, &n);
              n_several += n > 1;
            }
        }
    }
  g_test_message ("%u routes with parallel deals", n_several);
  g_assert_cmpuint (n_several, >, 100);
}

static void
test_embedded_dataset (void)
{
  static const char * const news[][2] = {
    { "amazon", "openai" },
    { "nvidia", "openai" },
    { "amd", "openai" },
    { "microsoft", "openai" },
    { "nvidia", "coreweave" },
    { "microsoft", "anthropic" },
    { "amazon", "anthropic" },
    { "alphabet", "anthropic" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = dg_document_load_default (&error);
  g_autoptr(DgAnalysis) a = NULL;
  guint longest = 0;

  g_assert_no_error (error);
  a = dg_analysis_new (dg_document_get_graph (doc), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (news); i++)
    {
      g_assert_nonnull (dg_document_lookup_company (doc, news[i][0]));
      g_assert_nonnull (dg_document_lookup_company (doc, news[i][1]));
      if (!has_two_cycle (doc, a, news[i][0], news[i][1]))
        g_error ("the cycle %s -> %s -> %s is missing", news[i][0], news[i][1], news[i][0]);
    }

  for (guint i = 0; i < a->n_cycles; i++)
    longest = MAX (longest, a->cycle_offset[i + 1] - a->cycle_offset[i]);
  g_assert_cmpuint (longest, >=, 3);
  g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
  g_assert_cmpint (a->shares_limit, ==, DG_ANALYSIS_LIMIT_NONE);
  check_cycles_well_formed (a);

  /* The largest known cycle comes first. */
  g_assert_cmpint (a->cycle_amount[0].kind, !=, DG_AMOUNT_UNDISCLOSED);

  /* Its routes: the cycles grouped by their companies, worked out here
   * from a brute-force enumeration. */
  check_routes (a, NULL, a->options.max_length);
  g_test_message ("%u cycles on %u routes", a->n_cycles, a->n_routes);
  g_assert_cmpuint (a->n_routes, <, a->n_cycles);
}

/* A copy of @g with only the deals @mask keeps; @map receives the old index
 * of every new deal. */
static DgGraph *
filtered_copy (const DgGraph *g,
               const guint8  *mask,
               guint         *map)
{
  g_autofree guint *src = g_new (guint, MAX (g->n_edges, 1));
  g_autofree guint *dst = g_new (guint, MAX (g->n_edges, 1));
  guint m = 0;
  DgGraph *h;

  for (guint e = 0; e < g->n_edges; e++)
    if (mask[e])
      {
        src[m] = g->edge_src[e];
        dst[m] = g->edge_dst[e];
        map[m++] = e;
      }
  h = dg_graph_new (g->n_nodes, m, src, dst, NULL);
  for (guint f = 0; f < m; f++)
    {
      guint e = map[f];

      h->edge_amount_kind[f] = g->edge_amount_kind[e];
      h->edge_amount[f] = g->edge_amount[e];
      h->edge_amount_min[f] = g->edge_amount_min[e];
      h->edge_amount_max[f] = g->edge_amount_max[e];
      h->edge_kind[f] = g->edge_kind[e];
      h->edge_status[f] = g->edge_status[e];
      h->edge_date[f] = g->edge_date[e];
    }
  return h;
}

static void
check_mask_equivalence (DgGraph      *g,
                        const guint8 *mask)
{
  g_autofree guint *map = g_new (guint, MAX (g->n_edges, 1));
  g_autoptr(DgGraph) h = filtered_copy (g, mask, map);
  DgAnalysisOptions options;
  g_autoptr(DgAnalysis) masked = NULL;
  g_autoptr(DgAnalysis) plain = NULL;
  guint n = g->n_nodes;

  dg_analysis_options_init (&options);
  options.max_cycles = 0;
  options.time_budget = 0;
  plain = dg_analysis_new (h, &options);
  options.edge_mask = mask;
  masked = dg_analysis_new (g, &options);

  g_assert_cmpuint (masked->n_components, ==, plain->n_components);
  g_assert_cmpuint (masked->n_cyclic_components, ==, plain->n_cyclic_components);
  g_assert_cmpuint (masked->n_cyclic_edges, ==, plain->n_cyclic_edges);
  g_assert_cmpuint (masked->n_included_edges, ==, h->n_edges);
  for (guint u = 0; u < n; u++)
    {
      g_assert_cmpint (masked->node_cyclic[u], ==, plain->node_cyclic[u]);
      for (guint v = u + 1; v < n; v++)
        g_assert_cmpint (masked->node_component[u] == masked->node_component[v], ==,
                         plain->node_component[u] == plain->node_component[v]);
    }
  for (guint e = 0; e < g->n_edges; e++)
    if (!mask[e])
      g_assert_false (masked->edge_cyclic[e]);
  for (guint f = 0; f < h->n_edges; f++)
    {
      const DgDealShare *sm = &masked->deal_share[map[f]];
      const DgDealShare *sp = &plain->deal_share[f];

      g_assert_cmpint (masked->edge_cyclic[map[f]], ==, plain->edge_cyclic[f]);
      g_assert_true (same_double (sm->back_low, sp->back_low));
      g_assert_true (same_double (sm->back_high, sp->back_high));
      g_assert_true (same_double (sm->share_low, sp->share_low));
      g_assert_true (same_double (sm->share_high, sp->share_high));
      g_assert_cmpuint (sm->n_unknown, ==, sp->n_unknown);
    }
  for (guint v = 0; v < n; v++)
    {
      const DgCompanyShare *cm = &masked->company_share[v];
      const DgCompanyShare *cp = &plain->company_share[v];

      g_assert_true (same_double (cm->out_share_low, cp->out_share_low));
      g_assert_true (same_double (cm->out_share_high, cp->out_share_high));
      g_assert_true (same_double (cm->in_share_low, cp->in_share_low));
      g_assert_true (same_double (cm->in_share_high, cp->in_share_high));
      g_assert_cmpuint (cm->n_out_unknown, ==, cp->n_out_unknown);
      g_assert_cmpuint (cm->n_component_unknown, ==, cp->n_component_unknown);
    }

  /* The mapping keeps deal order, so the cycles come in the same order. */
  g_assert_cmpuint (masked->n_cycles, ==, plain->n_cycles);
  g_assert_cmpint (masked->cycles_limit, ==, plain->cycles_limit);
  for (guint i = 0; i < masked->n_cycles; i++)
    {
      guint nm;
      guint np;
      const guint *dm = dg_analysis_get_cycle_deals (masked, i, &nm);
      const guint *dp = dg_analysis_get_cycle_deals (plain, i, &np);

      g_assert_cmpuint (nm, ==, np);
      for (guint k = 0; k < nm; k++)
        g_assert_cmpuint (dm[k], ==, map[dp[k]]);
      g_assert_cmpint (masked->cycle_amount[i].kind, ==, plain->cycle_amount[i].kind);
      g_assert_true (same_double (masked->cycle_amount[i].max, plain->cycle_amount[i].max));
    }
}

static void
test_edge_mask_equivalence (void)
{
  guint64 state = 7;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = dg_document_load_default (&error);
  DgGraph *dataset;
  gint32 as_of = 0;

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(DgGraph) g = random_graph (&state, 7, 16);
      g_autofree guint8 *mask = random_mask (&state, g->n_edges);

      check_mask_equivalence (g, mask);
    }

  /* The filters the UI offers, on the real data. */
  g_assert_no_error (error);
  dataset = dg_document_get_graph (doc);
  g_assert_true (dg_date_parse ("2025-09-30", &as_of));
  {
    guint32 settled = DG_ANALYSIS_ALL_STATUSES
                      & ~(1u << DG_DEAL_STATUS_RUMOURED) & ~(1u << DG_DEAL_STATUS_DISCUSSED);
    guint32 money = (1u << DG_DEAL_KIND_INVESTMENT) | (1u << DG_DEAL_KIND_CLOUD_LEASE)
                    | (1u << DG_DEAL_KIND_CHIP_PURCHASE);
    g_autofree guint8 *by_status = dg_analysis_make_edge_mask (dataset, DG_ANALYSIS_ALL_KINDS, settled, 0);
    g_autofree guint8 *by_kind = dg_analysis_make_edge_mask (dataset, money, DG_ANALYSIS_ALL_STATUSES, 0);
    g_autofree guint8 *by_date = dg_analysis_make_edge_mask (dataset, DG_ANALYSIS_ALL_KINDS,
                                                             DG_ANALYSIS_ALL_STATUSES, as_of);

    check_mask_equivalence (dataset, by_status);
    check_mask_equivalence (dataset, by_kind);
    check_mask_equivalence (dataset, by_date);
  }
}

static void
test_make_edge_mask (void)
{
  const guint pairs[] = { 0, 1, 1, 0, 0, 1, 1, 0 };
  g_autoptr(DgGraph) g = graph_from_pairs (2, 4, pairs, NULL);
  g_autofree guint8 *all = NULL;
  g_autofree guint8 *kinds = NULL;
  g_autofree guint8 *statuses = NULL;
  g_autofree guint8 *dates = NULL;

  g->edge_kind[0] = DG_DEAL_KIND_INVESTMENT;
  g->edge_kind[1] = DG_DEAL_KIND_CLOUD_LEASE;
  g->edge_kind[2] = DG_DEAL_KIND_INVESTMENT;
  g->edge_kind[3] = DG_DEAL_KIND_OTHER;
  g->edge_status[0] = DG_DEAL_STATUS_SIGNED;
  g->edge_status[1] = DG_DEAL_STATUS_RUMOURED;
  g->edge_status[2] = DG_DEAL_STATUS_DISCUSSED;
  g->edge_status[3] = DG_DEAL_STATUS_COMPLETED;
  g->edge_date[0] = 20250101;
  g->edge_date[1] = 20251000;   /* "2025-10" */
  g->edge_date[2] = 0;          /* no date: always kept */
  g->edge_date[3] = 20260000;   /* "2026" */

  all = dg_analysis_make_edge_mask (g, DG_ANALYSIS_ALL_KINDS, DG_ANALYSIS_ALL_STATUSES, 0);
  kinds = dg_analysis_make_edge_mask (g, 1u << DG_DEAL_KIND_INVESTMENT, DG_ANALYSIS_ALL_STATUSES, 0);
  statuses = dg_analysis_make_edge_mask (g, DG_ANALYSIS_ALL_KINDS,
                                         (1u << DG_DEAL_STATUS_SIGNED) | (1u << DG_DEAL_STATUS_COMPLETED), 0);
  dates = dg_analysis_make_edge_mask (g, DG_ANALYSIS_ALL_KINDS, DG_ANALYSIS_ALL_STATUSES, 20251015);

  g_assert_cmpmem (all, 4, ((guint8[]) { 1, 1, 1, 1 }), 4);
  g_assert_cmpmem (kinds, 4, ((guint8[]) { 1, 0, 1, 0 }), 4);
  g_assert_cmpmem (statuses, 4, ((guint8[]) { 1, 0, 0, 1 }), 4);
  g_assert_cmpmem (dates, 4, ((guint8[]) { 1, 1, 1, 0 }), 4);
}

static void
test_format (void)
{
  struct
  {
    DgAmount amount;
    const char *text;
  } amounts[] = {
    { { DG_AMOUNT_EXACT, 10 * B, 10 * B, 10 * B }, "$10B" },
    { { DG_AMOUNT_RANGE, 5 * B, 0, 5 * B }, "up to $5B" },
    { { DG_AMOUNT_RANGE, 5 * B, 1 * B, 5 * B }, "$1B–$5B" },
    { { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN }, "unknown" },
  };
  struct
  {
    double low;
    double high;
    guint n_unknown;
    const char *text;
  } shares[] = {
    { 0.4, 0.4, 0, "40%" },
    { 1.0, 0.6, 0, "60%–100%" },
    { 0.26, 0.26, 2, "at least 26%" },
    { NAN, 0.5, 0, "50%" },
    { NAN, NAN, 3, "unknown" },
    { 0.001, 0.001, 0, "<1%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *text = dg_analysis_format_round_trip (&amounts[i].amount);

      g_assert_cmpstr (text, ==, amounts[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    {
      g_autofree char *text = dg_analysis_format_share (shares[i].low, shares[i].high, shares[i].n_unknown);

      g_assert_cmpstr (text, ==, shares[i].text);
    }
  g_assert_cmpstr (dg_analysis_limit_to_string (DG_ANALYSIS_LIMIT_CYCLES), ==, "max-cycles");
}

/* An empty graph, and one with no deals. */
static void
test_empty (void)
{
  g_autoptr(DgGraph) empty = dg_graph_new (0, 0, NULL, NULL, NULL);
  g_autoptr(DgGraph) lonely = dg_graph_new (3, 0, NULL, NULL, NULL);
  g_autoptr(DgAnalysis) a = dg_analysis_new (empty, NULL);
  g_autoptr(DgAnalysis) b = dg_analysis_new (lonely, NULL);
  guint n = 99;

  g_assert_cmpuint (a->n_components, ==, 0);
  g_assert_cmpuint (a->n_cycles, ==, 0);
  g_assert_cmpuint (b->n_components, ==, 3);
  g_assert_cmpuint (b->n_cycles, ==, 0);
  dg_analysis_get_cycles_for_node (b, 2, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (isnan (b->company_share[0].out_share_low));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/analysis/random-brute-force", test_random_brute_force);
  g_test_add_func ("/dealgraph/analysis/max-flow-brute-force", test_max_flow_brute_force);
  g_test_add_func ("/dealgraph/analysis/max-flow-cancel", test_max_flow_cancel);
  g_test_add_func ("/dealgraph/analysis/two-cycle", test_two_cycle);
  g_test_add_func ("/dealgraph/analysis/round-trip-amounts", test_round_trip_amounts);
  g_test_add_func ("/dealgraph/analysis/sort-order", test_sort_order);
  g_test_add_func ("/dealgraph/analysis/parallel-and-self-loop", test_parallel_and_self_loop);
  g_test_add_func ("/dealgraph/analysis/shares-by-hand", test_shares_by_hand);
  g_test_add_func ("/dealgraph/analysis/shares-ranges-and-unknown", test_shares_ranges_and_unknown);
  g_test_add_func ("/dealgraph/analysis/complete-graph-counts", test_complete_graph_counts);
  g_test_add_func ("/dealgraph/analysis/complete-graph-limits", test_complete_graph_limits);
  g_test_add_func ("/dealgraph/analysis/million-chain", test_million_chain);
  g_test_add_func ("/dealgraph/analysis/million-ring", test_million_ring);
  g_test_add_func ("/dealgraph/analysis/embedded-dataset", test_embedded_dataset);
  g_test_add_func ("/dealgraph/analysis/routes-brute-force", test_routes_brute_force);
  g_test_add_func ("/dealgraph/analysis/edge-mask-equivalence", test_edge_mask_equivalence);
  g_test_add_func ("/dealgraph/analysis/make-edge-mask", test_make_edge_mask);
  g_test_add_func ("/dealgraph/analysis/format", test_format);
  g_test_add_func ("/dealgraph/analysis/empty", test_empty);

  return g_test_run ();
}
