/* dg-analysis-cycles.c: elementary cycles of bounded length
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Johnson's algorithm in the bounded-length form of Gupta and Suzumura
 * ("Finding All Bounded-Length Simple Cycles in a Directed Graph", 2021):
 * instead of Johnson's blocked flag every company carries a "lock", the
 * shortest path length at which entering it again could still close a cycle
 * within the limit. Plain Johnson would be wrong here: a company that failed
 * to reach the start within the length left may well reach it from a shorter
 * prefix.
 *
 * For each start s (a company on a cycle, smallest index first) the search
 * only enters companies of s's strongly connected component with a larger
 * index, so every cycle is found exactly once, starting at its smallest
 * company (the canonical rotation). A bounded breadth-first search backwards
 * from s first finds each company's distance to s: a company too far from s to
 * close a cycle in time is never entered, which keeps the work per start to
 * the neighbourhood the length limit allows, and gives the initial locks.
 *
 * The walk is a loop over explicit frames (at most max_length deep), never a
 * recursion. A cycle is a sequence of deals: two parallel deals A -> B give
 * two cycles.
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#include "dg-analysis-private.h"

#define NO_ENTRY G_MAXUINT
/* "No path to the start found yet"; small enough that + 1 cannot wrap. */
#define FAR (G_MAXUINT / 2)

typedef struct
{
  guint node;
  guint next;
} BEntry;

typedef struct
{
  const DgGraph *g;
  const guint8 *included;
  const guint *component;
  const guint *component_size;
  guint length;              /* effective max length */
  gboolean can_cut;          /* the length limit is below the component's size */
  gboolean bfs_cut;          /* the backwards search stopped at the limit */

  /* Per company, valid when stamp[v] == the current stamp. */
  guint *stamp;
  guint *dist;               /* shortest distance to the start */
  guint *lock;
  guint *bhead;              /* Johnson's B lists, in @bpool */
  guint8 *on_path;

  GArray *bpool;             /* BEntry */
  GArray *queue;             /* guint, the backwards search */
  GArray *relax;             /* guint pairs (distance, company) */

  /* The walk: frame d holds the company at depth d. */
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

/* Backwards breadth-first search from @start over companies of its component
 * with larger indices, up to length - 1 deals away. */
static void
mark_reachable (Search *s,
                guint   start,
                guint   stamp)
{
  const DgGraph *g = s->g;
  guint c = s->component[start];
  guint head = 0;

  s->bfs_cut = FALSE;
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

      if (du + 1 >= s->length && (!s->can_cut || s->bfs_cut))
        continue;

      for (guint p = g->in_offset[u]; p < g->in_offset[u + 1]; p++)
        {
          guint e = g->in_edges[p];
          guint x = g->edge_src[e];

          if (x <= start || s->stamp[x] == stamp || !included (s, e) || s->component[x] != c)
            continue;

          if (du + 1 >= s->length)
            {
              /* x is too far from the start for any cycle within the
               * limit; it may lie on a longer one. */
              if (s->can_cut)
                s->bfs_cut = TRUE;
              break;
            }

          s->stamp[x] = stamp;
          s->dist[x] = du + 1;
          /* Entering x with a path of p companies closes a cycle of at least
           * p + dist deals: allowed while p < length - dist + 1. */
          s->lock[x] = s->length - (du + 1) + 1;
          s->bhead[x] = NO_ENTRY;
          s->on_path[x] = 0;
          g_array_append_val (s->queue, x);
        }
    }
}

/* A company that found a way back to the start, @blen deals long, may be
 * entered again from longer prefixes; so may, transitively, the companies
 * that were locked waiting for it (Johnson's unblock). */
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
      guint new_lock;

      g_array_set_size (stack, stack->len - 2);

      if (bl > s->length)
        continue;
      new_lock = s->length - bl + 1;
      if (s->lock[u] >= new_lock)
        continue;
      s->lock[u] = new_lock;

      for (guint i = s->bhead[u]; i != NO_ENTRY; )
        {
          const BEntry *b = &g_array_index (s->bpool, BEntry, i);
          guint next_bl = bl + 1;

          if (!s->on_path[b->node])
            {
              g_array_append_val (stack, next_bl);
              g_array_append_val (stack, b->node);
            }
          i = b->next;
        }
    }
}

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

      if (w == start || s->stamp[w] != stamp || !included (s, e))
        continue;

      b.node = v;
      b.next = s->bhead[w];
      s->bhead[w] = s->bpool->len;
      g_array_append_val (s->bpool, b);
    }
}

/* Searches all cycles whose smallest company is @start. Returns FALSE when a
 * limit stopped it. */
static gboolean
search_from (Search      *s,
             guint        start,
             guint        stamp,
             guint        max_cycles,
             DgBudget    *budget,
             DgCycleList *out)
{
  const DgGraph *g = s->g;
  guint c = s->component[start];
  guint depth;

  g_array_set_size (s->bpool, 0);
  s->can_cut = s->length < s->component_size[c];
  mark_reachable (s, start, stamp);
  if (dg_budget_step (budget))
    {
      out->limit = DG_ANALYSIS_LIMIT_TIME;
      return FALSE;
    }

  s->frame_node[0] = start;
  s->frame_pos[0] = g->out_offset[start];
  s->frame_blen[0] = FAR;
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

          if (dg_budget_step (budget))
            {
              out->limit = DG_ANALYSIS_LIMIT_TIME;
              break;
            }
          if (!included (s, e))
            continue;

          w = g->edge_dst[e];
          if (w == start)
            {
              guint offset;

              if (max_cycles != 0 && out->offsets->len - 1 >= max_cycles)
                {
                  out->limit = DG_ANALYSIS_LIMIT_CYCLES;
                  break;
                }
              g_array_append_vals (out->edges, s->frame_edge + 1, d);
              g_array_append_val (out->edges, e);
              offset = out->edges->len;
              g_array_append_val (out->offsets, offset);
              s->frame_blen[d] = 1;
              continue;
            }

          if (s->stamp[w] != stamp)
            {
              /* In the component but maybe too far from the start. */
              if (s->bfs_cut && w > start && s->component[w] == c)
                out->length_limited = TRUE;
              continue;
            }

          if (depth < s->lock[w])
            {
              s->frame_node[depth] = w;
              s->frame_pos[depth] = g->out_offset[w];
              s->frame_edge[depth] = e;
              s->frame_blen[depth] = FAR;
              s->lock[w] = depth + 1;
              s->on_path[w] = 1;
              depth++;
            }
          else if (s->can_cut && !s->on_path[w] && depth + s->dist[w] > s->length)
            out->length_limited = TRUE;
        }
      else
        {
          guint bl = s->frame_blen[d];

          s->on_path[v] = 0;
          depth--;
          if (depth == 0)
            break;

          if (bl + 1 < s->frame_blen[depth - 1])
            s->frame_blen[depth - 1] = bl + 1;

          if (bl < FAR)
            relax_locks (s, v, bl);
          else
            add_blockers (s, v, start, stamp);
        }
    }

  /* Leave no company marked on the path for the next start. */
  for (guint d = 0; d < depth; d++)
    s->on_path[s->frame_node[d]] = 0;
  s->on_path[start] = 0;

  return out->limit == DG_ANALYSIS_LIMIT_NONE;
}

void
dg_analysis_find_cycles (const DgGraph *graph,
                         const guint8  *edge_included,
                         const guint   *node_component,
                         const guint8  *node_cyclic,
                         guint          max_length,
                         guint          max_cycles,
                         DgBudget      *budget,
                         DgCycleList   *out)
{
  Search s = { 0 };
  g_autofree guint *component_size = NULL;
  guint n = graph->n_nodes;
  guint zero = 0;
  guint frames;

  out->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  out->edges = g_array_new (FALSE, FALSE, sizeof (guint));
  out->limit = DG_ANALYSIS_LIMIT_NONE;
  out->length_limited = FALSE;
  out->starts_done = 0;
  g_array_append_val (out->offsets, zero);

  if (n == 0)
    return;

  /* Component ids are below n. */
  component_size = g_new0 (guint, n);
  for (guint v = 0; v < n; v++)
    component_size[node_component[v]]++;

  s.g = graph;
  s.included = edge_included;
  s.component = node_component;
  s.component_size = component_size;
  /* A cycle never has more deals than companies. */
  s.length = (max_length == 0 || max_length > n) ? n : max_length;
  frames = s.length + 1;

  s.stamp = g_new0 (guint, n);
  s.dist = g_new (guint, n);
  s.lock = g_new (guint, n);
  s.bhead = g_new (guint, n);
  s.on_path = g_new0 (guint8, n);
  s.bpool = g_array_new (FALSE, FALSE, sizeof (BEntry));
  s.queue = g_array_new (FALSE, FALSE, sizeof (guint));
  s.relax = g_array_new (FALSE, FALSE, sizeof (guint));
  s.frame_node = g_new (guint, frames);
  s.frame_pos = g_new (guint, frames);
  s.frame_edge = g_new (guint, frames);
  s.frame_blen = g_new (guint, frames);

  for (guint v = 0; v < n; v++)
    {
      if (!node_cyclic[v])
        continue;
      /* Stamps are v + 1, so 0 means never visited. */
      if (!search_from (&s, v, v + 1, max_cycles, budget, out))
        break;
      out->starts_done++;
    }

  g_free (s.stamp);
  g_free (s.dist);
  g_free (s.lock);
  g_free (s.bhead);
  g_free (s.on_path);
  g_array_unref (s.bpool);
  g_array_unref (s.queue);
  g_array_unref (s.relax);
  g_free (s.frame_node);
  g_free (s.frame_pos);
  g_free (s.frame_edge);
  g_free (s.frame_blen);
}
