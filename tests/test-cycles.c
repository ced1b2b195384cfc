/* test-cycles.c: the cycle enumeration against brute force, under every
 * length bound, on complete and dense graphs with parallel deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The brute force is written independently of the analysis: a plain
 * depth-first walk over every simple path, no pruning, no blocking. Each
 * graph is enumerated once without a bound; for every bound k the analysis
 * must list exactly the brute-force cycles of at most k deals, say it is
 * complete, and say longer cycles exist exactly when the brute force found
 * one longer than k.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <string.h>

#include "dg-analysis.h"

/* splitmix64: fixed seeds give the same graphs on every machine. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static double
random_unit (guint64 *state)
{
  return (next_random (state) >> 11) * (1.0 / 9007199254740992.0);
}

/* A cycle, as the brute force and the analysis both reduce it: its length
 * and a hash of its deals written from its smallest company. */
typedef struct
{
  guint64 hash;
  guint length;
} Key;

static guint64
hash_deals (const guint *deals,
            guint        n,
            guint        first)
{
  guint64 h = 0xcbf29ce484222325ULL;

  for (guint k = 0; k < n; k++)
    {
      h ^= deals[(first + k) % n] + 1;
      h *= 0x100000001b3ULL;
    }
  return h ^ n;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const Key *x = a;
  const Key *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->length < y->length ? -1 : x->length > y->length;
}

/* ---- The brute force ------------------------------------------------- */

typedef struct
{
  const DgGraph *g;
  guint start;
  gboolean *on_path;
  GArray *path;    /* deals */
  GArray *keys;    /* Key */
} Brute;

static void
brute_walk (Brute *b,
            guint  v)
{
  const DgGraph *g = b->g;

  for (guint p = g->out_offset[v]; p < g->out_offset[v + 1]; p++)
    {
      guint e = g->out_edges[p];
      guint w = g->edge_dst[e];

      if (w == b->start)
        {
          Key key;

          g_array_append_val (b->path, e);
          key.length = b->path->len;
          key.hash = hash_deals ((const guint *) (gpointer) b->path->data, b->path->len, 0);
          g_array_append_val (b->keys, key);
          g_array_set_size (b->path, b->path->len - 1);
        }
      else if (w > b->start && !b->on_path[w])
        {
          g_array_append_val (b->path, e);
          b->on_path[w] = TRUE;
          brute_walk (b, w);
          b->on_path[w] = FALSE;
          g_array_set_size (b->path, b->path->len - 1);
        }
    }
}

/* Every elementary cycle, each found once from its smallest company. */
static GArray *
brute_cycles (const DgGraph *g)
{
  g_autofree gboolean *on_path = g_new0 (gboolean, MAX (g->n_nodes, 1));
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (Key));
  Brute b = { g, 0, on_path, path, keys };

  for (guint s = 0; s < g->n_nodes; s++)
    {
      b.start = s;
      brute_walk (&b, s);
    }
  g_array_sort (keys, compare_keys);
  return keys;
}

/* ---- Checking the analysis ---------------------------------------------- */

static guint64 n_checked_cycles;
static guint n_checked_runs;
static guint n_longer_exist;
static guint n_no_longer;

static void
check_bound (DgGraph      *g,
             const GArray *all,
             guint         bound)
{
  g_autoptr(DgAnalysis) a = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (Key));
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (Key));
  gboolean longer = FALSE;
  DgAnalysisOptions options;

  for (guint i = 0; i < all->len; i++)
    {
      const Key *key = &g_array_index (all, Key, i);

      if (key->length <= bound)
        g_array_append_val (expected, *key);
      else
        longer = TRUE;
    }

  dg_analysis_options_init (&options);
  options.max_length = bound;
  options.max_cycles = 0;
  options.time_budget = 0;
  options.max_stored = G_MAXSIZE;
  options.flags = DG_ANALYSIS_CYCLES;
  a = dg_analysis_new (g, &options);

  for (guint i = 0; i < a->n_cycles; i++)
    {
      guint n;
      const guint *deals = dg_analysis_get_cycle_deals (a, i, &n);
      const guint *nodes = dg_analysis_get_cycle_companies (a, i, &n);
      guint first = 0;
      Key key;

      /* A cycle: each deal starts where the last ended, no company twice. */
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, bound);
      for (guint k = 0; k < n; k++)
        {
          g_assert_cmpuint (g->edge_src[deals[k]], ==, nodes[k]);
          g_assert_cmpuint (g->edge_dst[deals[k]], ==, nodes[(k + 1) % n]);
          for (guint j = 0; j < k; j++)
            g_assert_cmpuint (nodes[j], !=, nodes[k]);
          if (nodes[k] < nodes[first])
            first = k;
        }
      key.length = n;
      key.hash = hash_deals (deals, n, first);
      g_array_append_val (listed, key);
    }
  g_array_sort (listed, compare_keys);

  /* The same cycles, each once. */
  g_assert_cmpuint (listed->len, ==, expected->len);
  for (guint i = 0; i < listed->len; i++)
    {
      const Key *x = &g_array_index (listed, Key, i);
      const Key *y = &g_array_index (expected, Key, i);

      g_assert_cmpuint (x->length, ==, y->length);
      g_assert_cmpuint (x->hash, ==, y->hash);
    }

  /* "complete" and "longer cycles may exist" are true statements, and on
   * graphs this small the search for a longer cycle settles it. */
  g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
  g_assert_cmpint (a->cycles_length_limited, ==, longer);
  g_assert_cmpint (a->cycles_longer_found, ==, longer);

  n_checked_cycles += listed->len;
  n_checked_runs++;
  n_longer_exist += longer;
  n_no_longer += !longer;
}

/* Checks every bound from 1 to the number of companies, and no bound. */
static void
check_graph (DgGraph *g)
{
  g_autoptr(GArray) all = brute_cycles (g);

  for (guint bound = 1; bound <= g->n_nodes; bound++)
    check_bound (g, all, bound);
}

static DgGraph *
graph_from_lists (GArray *src,
                  GArray *dst,
                  guint   n)
{
  g_autofree double *amount = g_new (double, MAX (src->len, 1));

  for (guint e = 0; e < src->len; e++)
    amount[e] = 1e9 * (1 + e % 5);
  return dg_graph_new (n, src->len,
                       (const guint *) (gpointer) src->data,
                       (const guint *) (gpointer) dst->data, amount);
}

/* K_n: a deal each way between every two companies; with @parallel, a
 * second deal on every other ordered pair. */
static DgGraph *
complete_graph (guint    n,
                gboolean parallel)
{
  g_autoptr(GArray) src = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) dst = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint u = 0; u < n; u++)
    for (guint v = 0; v < n; v++)
      {
        if (u == v)
          continue;
        for (guint copy = 0; copy < ((parallel && (u + v) % 2 == 0) ? 2u : 1u); copy++)
          {
            g_array_append_val (src, u);
            g_array_append_val (dst, v);
          }
      }
  return graph_from_lists (src, dst, n);
}

static void
test_complete_graphs (void)
{
  for (guint n = 2; n <= 7; n++)
    for (guint parallel = 0; parallel < 2; parallel++)
      {
        g_autoptr(DgGraph) g = complete_graph (n, parallel);

        check_graph (g);
      }
  g_test_message ("%u runs, %" G_GUINT64_FORMAT " cycles checked", n_checked_runs, n_checked_cycles);
}

/* A random multigraph: each ordered pair gets a deal with probability
 * @density, a deal gets a parallel twin with probability 1/6, a company a
 * self-loop with probability 1/10; deals come in random order, so the
 * index order the search walks is not the order of the companies. */
static DgGraph *
random_multigraph (guint64 *state,
                   guint    n,
                   double   density)
{
  g_autoptr(GArray) src = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) dst = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint u = 0; u < n; u++)
    for (guint v = 0; v < n; v++)
      {
        guint copies;

        if (u == v)
          copies = random_unit (state) < 0.1;
        else if (random_unit (state) < density)
          copies = random_unit (state) < 1.0 / 6 ? 2 : 1;
        else
          copies = 0;
        for (guint c = 0; c < copies; c++)
          {
            g_array_append_val (src, u);
            g_array_append_val (dst, v);
          }
      }
  /* Fisher-Yates on the deal order. */
  for (guint i = src->len; i > 1; i--)
    {
      guint j = next_random (state) % i;
      guint t;

      t = g_array_index (src, guint, i - 1);
      g_array_index (src, guint, i - 1) = g_array_index (src, guint, j);
      g_array_index (src, guint, j) = t;
      t = g_array_index (dst, guint, i - 1);
      g_array_index (dst, guint, i - 1) = g_array_index (dst, guint, j);
      g_array_index (dst, guint, j) = t;
    }
  return graph_from_lists (src, dst, n);
}

static void
test_dense_random (void)
{
  static const double densities[] = { 0.2, 0.3, 0.4, 0.5, 0.6 };
  guint64 state = 20251112;
  guint n_graphs = 0;

  n_checked_cycles = 0;
  n_checked_runs = 0;
  n_longer_exist = 0;
  n_no_longer = 0;

  for (guint n = 6; n <= 12; n++)
    for (guint d = 0; d < G_N_ELEMENTS (densities); d++)
      {
        g_autoptr(DgGraph) g = NULL;

        /* The densest graphs of 11 and 12 companies hold millions of
         * cycles: too slow for every run under the sanitizers. */
        if ((n == 11 && densities[d] > 0.5) || (n == 12 && densities[d] > 0.4))
          continue;
        for (guint round = 0; round < 2; round++)
          {
            g = random_multigraph (&state, n, densities[d]);
            check_graph (g);
            g_clear_pointer (&g, dg_graph_unref);
            n_graphs++;
          }
      }

  g_test_message ("%u graphs, %u runs, %" G_GUINT64_FORMAT " cycles checked; longer cycles existed in %u runs, not in %u",
                  n_graphs, n_checked_runs, n_checked_cycles, n_longer_exist, n_no_longer);
  /* The generator must keep making hard cases. */
  g_assert_cmpuint (n_checked_cycles, >, 200000);
  g_assert_cmpuint (n_longer_exist, >, 100);
  g_assert_cmpuint (n_no_longer, >, 50);
}

/* The smallest graph on which the earlier search missed cycles and said
 * it was complete (issue 12): a -> d -> f -> e -> c -> h -> a is a cycle
 * of 6, a -> d -> f -> e -> c -> g -> b -> a one of 7. */
static void
test_issue_case (void)
{
  enum { A, B, C, D, E, F, G, H };
  static const guint pairs[][2] = {
    { A, H }, { A, D }, { B, A }, { C, G }, { C, H }, { D, F },
    { E, C }, { F, E }, { G, B }, { H, A }, { H, C },
  };
  g_autoptr(GArray) src = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) dst = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(DgGraph) g = NULL;
  g_autoptr(DgAnalysis) a = NULL;
  DgAnalysisOptions options;
  gboolean found_six = FALSE;

  for (guint e = 0; e < G_N_ELEMENTS (pairs); e++)
    {
      g_array_append_val (src, pairs[e][0]);
      g_array_append_val (dst, pairs[e][1]);
    }
  g = graph_from_lists (src, dst, 8);
  check_graph (g);

  dg_analysis_options_init (&options);
  options.max_length = 6;
  a = dg_analysis_new (g, &options);
  g_assert_cmpuint (a->n_cycles, ==, 4);
  for (guint i = 0; i < a->n_cycles; i++)
    {
      guint n;
      const guint *nodes = dg_analysis_get_cycle_companies (a, i, &n);
      static const guint six[] = { A, D, F, E, C, H };
      guint first = 0;
      gboolean same = n == 6;

      while (first < n && nodes[first] != A)
        first++;
      for (guint k = 0; same && k < n; k++)
        same = first < n && nodes[(first + k) % n] == six[k];
      found_six |= same;
    }
  g_assert_true (found_six);
  g_assert_cmpint (a->cycles_limit, ==, DG_ANALYSIS_LIMIT_NONE);
  g_assert_true (a->cycles_length_limited);
  g_assert_true (a->cycles_longer_found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/cycles/issue-case", test_issue_case);
  g_test_add_func ("/dealgraph/cycles/complete-graphs", test_complete_graphs);
  g_test_add_func ("/dealgraph/cycles/dense-random", test_dense_random);

  return g_test_run ();
}
