/* dg-analysis-cycles.c: elementary cycles of bounded length
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The algorithm of Gupta and Suzumura, "Finding All Bounded-Length Simple
 * Cycles in a Directed Graph" (2021), as networkx 3 writes it for
 * simple_cycles (G, length_bound=k), over deals instead of companies (two
 * parallel deals give two cycles). Johnson's "blocked" flag becomes a lock:
 * a company may be entered again only from a path shorter than its lock.
 * When it finds its way back to the start in bl deals its lock relaxes to
 * k - bl + 1, and so, through Johnson's B lists, do the locks of the
 * companies that gave up waiting for it. Johnson's plain blocking is wrong
 * under a length bound: a company that could not get back in the length
 * left may well get back from a shorter path. (An earlier version seeded
 * the locks from distances and stopped relaxing at companies whose seeded
 * lock looked high enough; it missed cycles on dense graphs.)
 *
 * For each start s (a company on a cycle, in index order) the search only
 * enters companies of s's strongly connected component with a larger index,
 * so each cycle is found once. A breadth-first search backwards from s gives
 * every company its distance back to s: a company that cannot close a cycle
 * within the bound from where the path stands is not entered. That is a
 * second, independent test (it never excludes a cycle the bound allows), and
 * keeps the work per start to the neighbourhood the bound allows.
 *
 * Whether longer cycles exist is answered by looking for one: the same
 * search without a bound, stopped at the first cycle over the bound or after
 * a fixed number of steps. "Longer cycles may exist" is then true unless that
 * search finished without finding one (or no component is larger than the
 * bound).
 *
 * Memory: the walk is a loop over at most k + 1 explicit frames, never a
 * recursion; the scratch is a few words per company and per deal. What is
 * kept is capped (DG_ANALYSIS_DEFAULT_MAX_STORED deal positions by default):
 * the search stops and says so when the cap is reached, whatever the other
 * limits ask.
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#include <string.h>

#include "dg-analysis-private.h"

#define NO_ENTRY G_MAXUINT

/* Steps the search for one longer cycle may take (about 20 ms here). */
#define WITNESS_STEPS (1u << 22)

typedef struct
{
  guint node;
  guint next;
} BEntry;

typedef enum
{
  SEARCH_DONE,        /* every cycle from this start was reported */
  SEARCH_STOPPED,     /* the callback asked to stop */
  SEARCH_OUT_OF_TIME, /* the budget (or the step cap) ran out */
} SearchResult;

/* Called for each cycle found: its deals in order, the first leaving the
 * start. Returns FALSE to stop the search. */
typedef gboolean (*CycleFunc) (const guint *edges,
                               guint        n_edges,
                               gpointer     user_data);

typedef struct
{
  const DgGraph *g;
  const guint8 *included;
  const guint *component;
  guint length;              /* the bound, in deals (= companies) */
  guint64 steps;             /* steps taken, for max_steps */
  guint64 max_steps;         /* 0: no cap */

  /* Per company, valid when stamp[v] == the current stamp. */
  guint *stamp;
  guint *dist;               /* fewest deals back to the start */
  guint *lock;
  guint *bhead;              /* Johnson's B lists, in @bpool */
  guint8 *on_path;
  /* Per deal: stamp when its payer joined its payee's B list. */
  guint *edge_in_b;

  GArray *bpool;             /* BEntry */
  GArray *queue;             /* guint, the backwards search */
  GArray *relax;             /* guint pairs (length back, company) */

  /* The walk: frame d holds the company at depth d (the start at 0). */
  guint *frame_node;
  guint *frame_pos;
  guint *frame_edge;
  guint *frame_blen;
} Search;

static inline gboolean
included (const Search *s,
          guint         e)
{
  return s->included == NULL || s->included[e] != 0;
}

/* Backwards breadth-first search from @start over the companies of its
 * component with larger indices, at most length - 1 deals away: a company
 * further away cannot be on a cycle within the bound. */
static void
mark_reachable (Search *s,
                guint   start,
                guint   stamp)
{
  const DgGraph *g = s->g;
  guint c = s->component[start];
  guint head = 0;

  g_array_set_size (s->queue, 0);
  g_array_append_val (s->queue, start);
  s->stamp[start] = stamp;
  s->dist[start] = 0;
  s->lock[start] = 0;
  s->bhead[start] = NO_ENTRY;

  while (head < s->queue->len)
    {
      guint u = g_array_index (s->queue, guint, head++);
      guint du = s->dist[u];

      if (du + 1 >= s->length)
        continue;

      for (guint p = g->in_offset[u]; p < g->in_offset[u + 1]; p++)
        {
          guint e = g->in_edges[p];
          guint x = g->edge_src[e];

          if (x <= start || s->stamp[x] == stamp || !included (s, e) || s->component[x] != c)
            continue;

          s->stamp[x] = stamp;
          s->dist[x] = du + 1;
          s->lock[x] = s->length;
          s->bhead[x] = NO_ENTRY;
          s->on_path[x] = 0;
          g_array_append_val (s->queue, x);
        }
    }
}

/* @node got back to the start in @blen deals: it, and through the B lists
 * the companies that gave up waiting for it, may be entered again from
 * paths that leave room for that. */
static void
relax_locks (Search *s,
             guint   node,
             guint   blen)
{
  GArray *stack = s->relax;

  g_array_set_size (stack, 0);
  g_array_append_val (stack, blen);
  g_array_append_val (stack, node);

  while (stack->len > 0)
    {
      guint u = g_array_index (stack, guint, stack->len - 1);
      guint bl = g_array_index (stack, guint, stack->len - 2);

      g_array_set_size (stack, stack->len - 2);

      /* lock[u] < length - bl + 1, in unsigned terms. */
      if (bl > s->length || s->lock[u] >= s->length - bl + 1)
        continue;
      s->lock[u] = s->length - bl + 1;

      for (guint i = s->bhead[u]; i != NO_ENTRY; )
        {
          const BEntry *b = &g_array_index (s->bpool, BEntry, i);
          guint next_bl = bl + 1;

          i = b->next;
          if (s->on_path[b->node])
            continue;
          g_array_append_val (stack, next_bl);
          g_array_append_val (stack, b->node);
        }
    }
}

/* @v found no way back: it waits on each company it pays. */
static void
add_blockers (Search *s,
              guint   v,
              guint   start,
              guint   stamp)
{
  const DgGraph *g = s->g;

  for (guint p = g->out_offset[v]; p < g->out_offset[v + 1]; p++)
    {
      guint e = g->out_edges[p];
      guint w = g->edge_dst[e];
      BEntry b;

      /* A company never entered is never relaxed; one entry per deal keeps
       * the lists within the number of deals. */
      if (w == start || s->stamp[w] != stamp || s->edge_in_b[e] == stamp || !included (s, e))
        continue;

      s->edge_in_b[e] = stamp;
      b.node = v;
      b.next = s->bhead[w];
      s->bhead[w] = s->bpool->len;
      g_array_append_val (s->bpool, b);
    }
}

static inline gboolean
out_of_steps (Search   *s,
              DgBudget *budget)
{
  if (dg_budget_step (budget))
    return TRUE;
  return s->max_steps != 0 && ++s->steps > s->max_steps;
}

/* Reports every cycle of at most s->length deals whose smallest company is
 * @start. */
static SearchResult
search_from (Search    *s,
             guint      start,
             guint      stamp,
             DgBudget  *budget,
             CycleFunc  found,
             gpointer   user_data)
{
  const DgGraph *g = s->g;
  SearchResult result = SEARCH_DONE;
  guint depth;

  g_array_set_size (s->bpool, 0);
  mark_reachable (s, start, stamp);
  if (out_of_steps (s, budget))
    return SEARCH_OUT_OF_TIME;

  s->frame_node[0] = start;
  s->frame_pos[0] = g->out_offset[start];
  s->frame_blen[0] = s->length;
  s->on_path[start] = 1;
  depth = 1;

  while (depth > 0)
    {
      guint d = depth - 1;
      guint v = s->frame_node[d];

      if (s->frame_pos[d] < g->out_offset[v + 1])
        {
          guint e = g->out_edges[s->frame_pos[d]++];
          guint w;

          if (out_of_steps (s, budget))
            {
              result = SEARCH_OUT_OF_TIME;
              break;
            }
          if (!included (s, e))
            continue;

          w = g->edge_dst[e];
          if (w == start)
            {
              /* frame_edge[0] is unused: the path's deals are 1 .. d. */
              s->frame_edge[depth] = e;
              if (!found (s->frame_edge + 1, depth, user_data))
                {
                  result = SEARCH_STOPPED;
                  break;
                }
              s->frame_blen[d] = 1;
              continue;
            }

          /* Entering w makes a path of depth + 1 companies; closing it
           * takes at least dist[w] more deals. */
          if (s->stamp[w] != stamp || s->on_path[w]
              || depth >= s->lock[w] || depth + s->dist[w] > s->length)
            continue;

          s->frame_node[depth] = w;
          s->frame_pos[depth] = g->out_offset[w];
          s->frame_edge[depth] = e;
          s->frame_blen[depth] = s->length;
          s->lock[w] = depth + 1;
          s->on_path[w] = 1;
          depth++;
        }
      else
        {
          guint bl = s->frame_blen[d];

          s->on_path[v] = 0;
          depth--;
          if (depth == 0)
            break;

          if (bl < s->frame_blen[depth - 1])
            s->frame_blen[depth - 1] = bl;
          if (bl < s->length)
            relax_locks (s, v, bl);
          else
            add_blockers (s, v, start, stamp);
        }
    }

  /* Leave no company marked on the path for the next start. */
  for (guint d = 0; d < depth; d++)
    s->on_path[s->frame_node[d]] = 0;
  s->on_path[start] = 0;

  return result;
}

static void
search_init (Search        *s,
             const DgGraph *graph,
             const guint8  *edge_included,
             const guint   *node_component,
             guint          length)
{
  guint n = graph->n_nodes;

  memset (s, 0, sizeof *s);
  s->g = graph;
  s->included = edge_included;
  s->component = node_component;
  s->length = length;
  s->stamp = g_new0 (guint, MAX (n, 1));
  s->dist = g_new (guint, MAX (n, 1));
  s->lock = g_new (guint, MAX (n, 1));
  s->bhead = g_new (guint, MAX (n, 1));
  s->on_path = g_new0 (guint8, MAX (n, 1));
  s->edge_in_b = g_new0 (guint, MAX (graph->n_edges, 1));
  s->bpool = g_array_new (FALSE, FALSE, sizeof (BEntry));
  s->queue = g_array_new (FALSE, FALSE, sizeof (guint));
  s->relax = g_array_new (FALSE, FALSE, sizeof (guint));
  s->frame_node = g_new (guint, length + 1);
  s->frame_pos = g_new (guint, length + 1);
  s->frame_edge = g_new (guint, length + 1);
  s->frame_blen = g_new (guint, length + 1);
}

static void
search_clear (Search *s)
{
  g_free (s->stamp);
  g_free (s->dist);
  g_free (s->lock);
  g_free (s->bhead);
  g_free (s->on_path);
  g_free (s->edge_in_b);
  g_array_unref (s->bpool);
  g_array_unref (s->queue);
  g_array_unref (s->relax);
  g_free (s->frame_node);
  g_free (s->frame_pos);
  g_free (s->frame_edge);
  g_free (s->frame_blen);
}

typedef struct
{
  DgCycleList *out;
  guint max_cycles;
  gsize max_stored;
} Collect;

static gboolean
collect_cycle (const guint *edges,
               guint        n_edges,
               gpointer     user_data)
{
  Collect *c = user_data;
  DgCycleList *out = c->out;
  guint offset;

  if (c->max_cycles != 0 && out->offsets->len - 1 >= c->max_cycles)
    {
      out->limit = DG_ANALYSIS_LIMIT_CYCLES;
      return FALSE;
    }
  if ((gsize) out->edges->len + n_edges > c->max_stored)
    {
      out->limit = DG_ANALYSIS_LIMIT_MEMORY;
      return FALSE;
    }

  g_array_append_vals (out->edges, edges, n_edges);
  offset = out->edges->len;
  g_array_append_val (out->offsets, offset);
  return TRUE;
}

static gboolean
longer_than (const guint *edges,
             guint        n_edges,
             gpointer     user_data)
{
  guint *limit = user_data;

  /* Stop at the first cycle over the limit: that settles it. */
  return n_edges <= *limit;
}

void
dg_analysis_find_cycles (const DgGraph *graph,
                         const guint8  *edge_included,
                         const guint   *node_component,
                         const guint8  *node_cyclic,
                         guint          max_length,
                         guint          max_cycles,
                         gsize          max_stored,
                         DgBudget      *budget,
                         DgCycleList   *out)
{
  g_autofree guint *component_size = NULL;
  Collect collect;
  Search s;
  guint n = graph->n_nodes;
  guint zero = 0;
  guint length;
  gboolean any_larger = FALSE;
  gboolean settled = TRUE;

  out->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  out->edges = g_array_new (FALSE, FALSE, sizeof (guint));
  out->limit = DG_ANALYSIS_LIMIT_NONE;
  out->length_limited = FALSE;
  out->longer_found = FALSE;
  out->starts_done = 0;
  g_array_append_val (out->offsets, zero);

  if (n == 0)
    return;

  /* A cycle never has more deals than companies. */
  length = (max_length == 0 || max_length > n) ? n : max_length;

  /* Component ids are below n. */
  component_size = g_new0 (guint, n);
  for (guint v = 0; v < n; v++)
    if (node_cyclic[v])
      component_size[node_component[v]]++;
  for (guint v = 0; v < n && !any_larger; v++)
    any_larger = component_size[node_component[v]] > length;

  collect.out = out;
  collect.max_cycles = max_cycles;
  collect.max_stored = max_stored != 0 ? max_stored : DG_ANALYSIS_DEFAULT_MAX_STORED;

  search_init (&s, graph, edge_included, node_component, length);
  for (guint v = 0; v < n; v++)
    {
      SearchResult r;

      if (!node_cyclic[v])
        continue;
      /* Stamps are v + 1, so 0 means never visited. */
      r = search_from (&s, v, v + 1, budget, collect_cycle, &collect);
      if (r == SEARCH_OUT_OF_TIME)
        out->limit = DG_ANALYSIS_LIMIT_TIME;
      if (r != SEARCH_DONE)
        break;
      out->starts_done++;
    }
  search_clear (&s);

  if (!any_larger)
    return;

  /* Longer cycles may exist; look for one, within a few steps. */
  out->length_limited = TRUE;
  search_init (&s, graph, edge_included, node_component, n);
  s.max_steps = WITNESS_STEPS;
  for (guint v = 0; v < n; v++)
    {
      SearchResult r;

      if (!node_cyclic[v] || component_size[node_component[v]] <= length)
        continue;
      r = search_from (&s, v, v + 1, budget, longer_than, &length);
      if (r == SEARCH_STOPPED)
        out->longer_found = TRUE;
      if (r != SEARCH_DONE)
        {
          settled = r == SEARCH_STOPPED;
          break;
        }
    }
  /* Found one, or searched every start to the end without finding one. */
  if (settled && !out->longer_found)
    out->length_limited = FALSE;
  search_clear (&s);
}
