/* dg-layout-force.c: the force-directed layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ForceAtlas2-style forces (repulsion between degree-weighted masses,
 * springs along deals, gravity toward the centre) with FA2's adaptive speed
 * (global swing and traction), a Barnes-Hut quadtree for the repulsion and,
 * for large graphs started from nothing, a multilevel scheme: the graph is
 * coarsened by merging neighbours, the smallest graph is laid out first, and
 * each finer graph starts from the coarser picture, so the finest level only
 * needs a few dozen iterations to settle. A final pass removes any overlap of
 * discs and labels. See docs/layout.md for the choices and figures.
 *
 * Every step is made of whole iterations and reads no clock inside one, so
 * the trajectory is the same however the work is sliced; arithmetic is done
 * in a fixed order (the two-thread Barnes-Hut pass splits by node, and each
 * node's force is summed by one thread in tree order).
 */
#define G_LOG_DOMAIN "dealgraph-layout"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-layout-private.h"

/* Bodies per quadtree leaf, and the deepest level: 16 levels of a square
 * split in four are 65536 cells a side, and coincident points end up in one
 * leaf instead of recursing forever. */
#define LEAF_SIZE       16
#define MAX_DEPTH       16
/* Barnes-Hut opening angle. The opening test below allows for how far a
 * cell's centre of mass lies from its middle, so it is stricter than FA2's
 * plain size/distance test at the same angle, and has none of the plain
 * test's artefacts (companies lined up along quadrant borders). At 1.8 the
 * repulsion is within 4-5% of the exact sum (tests/test-layout.c), which a
 * layout does not see: stress is the same as at 1.2, for 30% less time. */
#define THETA           1.8
/* Below this, repulsion is summed exactly: cheaper than a tree. */
#define EXACT_MAX_NODES 96
/* Graphs this large, started from nothing, are laid out multilevel. */
#define MULTILEVEL_MIN_NODES 400
#define COARSEST_NODES  60
/* The Barnes-Hut pass is split over two threads above this many nodes. */
#define THREAD_MIN_NODES 4000
/* Iterations per level of a multilevel run: coarse levels, finest level;
 * and the temperature (longest move, in springs) each finer level starts
 * at, hot enough to untangle what the coarser level could not see. */
#define COARSE_LEVEL_ITERATIONS 50
#define FINEST_LEVEL_ITERATIONS 80
#define FINER_LEVEL_HEAT 8.0
/* Where gravity balances the push on a separate piece, in radii of the
 * drawing. */
#define GRAVITY_RIM     1.15
/* Passes of pushing overlapping pairs apart before crowds are cleared by
 * moving companies to free spots. */
#define OVERLAP_PASSES  20
/* Repulsion mass: 1 + degree_mass * degree. FA2 uses the full degree,
 * which gives hubs roomy neighbourhoods and reads best on small networks;
 * on large scale-free graphs a third of it gives markedly lower stress
 * (0.1885 against 0.1931 at 10k companies), so the weight slides from 1 at
 * 100 companies to 0.3 at 1000 and above. */
static double
degree_mass (guint n)
{
  double t = CLAMP (log10 (MAX (n, 1) / 100.0), 0.0, 1.0);

  return 1.0 - 0.7 * t;
}

/* Natural spring length in mean disc radii (times the square root of the
 * density). A small labelled network reads best compact, its labels get
 * room of their own; a large one needs room between discs, or the crowds
 * around its hubs overlap: 4 radii at 100 companies, 7 from 1000 up. */
static double
spring_radii (guint n)
{
  double t = CLAMP (log10 (MAX (n, 1) / 100.0), 0.0, 1.0);

  return 4.0 + 3.0 * t;
}

enum {
  PHASE_FORCES,
  PHASE_OVERLAP,
  PHASE_LEGALIZE,
  PHASE_DONE,
};

typedef struct
{
  double cx, cy, mass;
  double x0, y0;       /* lower corner */
  double size;
  double delta;        /* from the middle to the centre of mass */
  guint32 prefix;
  guint8 depth;
  guint8 leaf;
  guint first, count;
  guint child, n_child;
} Cell;

typedef struct
{
  guint cap_cells;
  guint n_cells;
  Cell *cells;
  guint32 *code;       /* by sorted rank */
  guint32 *code_tmp;
  guint *order;        /* sorted rank -> node */
  guint *order_tmp;
  double *sx, *sy, *sm, *sr;
  guint n_alloc;
} Tree;

typedef struct
{
  guint n;
  double *mass;
  guint n_pairs;
  guint *pu, *pv;
  double *pw;
  guint *parent;       /* per node of the finer level: its node here */
  guint *n_children;   /* per node here: how many finer nodes it merges */
  guint *piece;        /* connected piece of each node */
} Level;

struct _DgForceState
{
  Level *levels;
  guint n_levels;
  guint level;

  double *xy_level;    /* positions on a coarse level */
  double *xy_tmp;
  double *f, *fold;
  Tree tree;

  double K;            /* natural spring length, diagram units */
  double kr;           /* repulsion coefficient */
  double cx, cy;       /* gravity's centre */

  double speed, speed_eff;
  double temperature, t_end, cool;
  guint level_iter, level_cap, level_min;

  guint n_pieces;
  double *piece_acc;   /* 3 per piece: mass-weighted x, y, mass */
  gboolean labels;
  double *rad0;

  int phase;
  guint overlap_passes;
  DgLegalize *legalize;
  guint64 rng;
};

/* ---- Barnes-Hut --------------------------------------------------------- */

static inline guint32
spread_bits (guint32 v)
{
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

static void
tree_ensure (Tree  *t,
             guint  n)
{
  if (t->n_alloc >= n)
    return;
  t->n_alloc = n;
  t->code = g_renew (guint32, t->code, n);
  t->code_tmp = g_renew (guint32, t->code_tmp, n);
  t->order = g_renew (guint, t->order, n);
  t->order_tmp = g_renew (guint, t->order_tmp, n);
  t->sx = g_renew (double, t->sx, n);
  t->sy = g_renew (double, t->sy, n);
  t->sm = g_renew (double, t->sm, n);
  t->sr = g_renew (double, t->sr, n);
}

static void
tree_clear (Tree *t)
{
  g_free (t->cells);
  g_free (t->code);
  g_free (t->code_tmp);
  g_free (t->order);
  g_free (t->order_tmp);
  g_free (t->sx);
  g_free (t->sy);
  g_free (t->sm);
  g_free (t->sr);
  memset (t, 0, sizeof *t);
}

static guint
tree_add_cell (Tree *t)
{
  if (t->n_cells == t->cap_cells)
    {
      t->cap_cells = MAX (64, t->cap_cells * 2);
      t->cells = g_renew (Cell, t->cells, t->cap_cells);
    }
  return t->n_cells++;
}

/* Builds the quadtree without recursion: bodies are sorted by Morton code,
 * so every cell is a contiguous run of the sorted array and splitting a cell
 * is a scan of its run. Cells are created parents first, so one backward
 * pass fills in the centres of mass. */
static void
tree_build (Tree         *t,
            guint         n,
            const double *xy,
            const double *mass,
            const double *radius)
{
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  double size, scale;
  guint stack[4 * MAX_DEPTH + 8];
  guint sp = 0;

  tree_ensure (t, n);
  t->n_cells = 0;

  for (guint i = 0; i < n; i++)
    {
      minx = MIN (minx, xy[2 * i]);
      maxx = MAX (maxx, xy[2 * i]);
      miny = MIN (miny, xy[2 * i + 1]);
      maxy = MAX (maxy, xy[2 * i + 1]);
    }
  size = MAX (maxx - minx, maxy - miny);
  if (!(size > 1e-9))
    size = 1e-9;
  size *= 1.0 + 1e-9;
  scale = 65536.0 / size;

  for (guint i = 0; i < n; i++)
    {
      double qx = (xy[2 * i] - minx) * scale, qy = (xy[2 * i + 1] - miny) * scale;
      guint32 ix = (guint32) CLAMP (qx, 0.0, 65535.0);
      guint32 iy = (guint32) CLAMP (qy, 0.0, 65535.0);

      t->code[i] = (spread_bits (ix) << 1) | spread_bits (iy);
      t->order[i] = i;
    }

  /* Stable LSD radix sort, 8 bits at a time. */
  for (guint shift = 0; shift < 32; shift += 8)
    {
      guint count[257] = { 0 };
      guint32 *tc;
      guint *to;

      for (guint i = 0; i < n; i++)
        count[((t->code[i] >> shift) & 0xff) + 1]++;
      for (guint b = 0; b < 256; b++)
        count[b + 1] += count[b];
      for (guint i = 0; i < n; i++)
        {
          guint slot = count[(t->code[i] >> shift) & 0xff]++;

          t->code_tmp[slot] = t->code[i];
          t->order_tmp[slot] = t->order[i];
        }
      tc = t->code; t->code = t->code_tmp; t->code_tmp = tc;
      to = t->order; t->order = t->order_tmp; t->order_tmp = to;
    }

  for (guint k = 0; k < n; k++)
    {
      guint i = t->order[k];

      t->sx[k] = xy[2 * i];
      t->sy[k] = xy[2 * i + 1];
      t->sm[k] = mass[i];
      t->sr[k] = radius != NULL ? radius[i] : 0.0;
    }

  {
    guint root = tree_add_cell (t);
    Cell *c = &t->cells[root];

    c->size = size;
    c->x0 = minx;
    c->y0 = miny;
    c->prefix = 0;
    c->depth = 0;
    c->first = 0;
    c->count = n;
    stack[sp++] = root;
  }

  while (sp > 0)
    {
      guint ci = stack[--sp];
      Cell *c = &t->cells[ci];
      guint first = c->first, end = c->first + c->count;
      guint depth = c->depth;
      double child_size = c->size / 2;
      guint shift, start;

      if (c->count <= LEAF_SIZE || depth >= MAX_DEPTH)
        {
          c->leaf = TRUE;
          c->n_child = 0;
          continue;
        }

      c->leaf = FALSE;
      c->n_child = 0;
      c->child = t->n_cells;
      shift = 30 - 2 * depth;
      start = first;
      while (start < end)
        {
          guint32 q = (t->code[start] >> shift) & 3;
          guint stop = start;
          guint k;
          Cell *child;

          while (stop < end && ((t->code[stop] >> shift) & 3) == q)
            stop++;
          k = tree_add_cell (t);
          c = &t->cells[ci];   /* the array may have moved */
          c->n_child++;
          child = &t->cells[k];
          child->size = child_size;
          /* Morton codes interleave x in the odd bits and y in the even. */
          child->x0 = c->x0 + ((q >> 1) & 1) * child_size;
          child->y0 = c->y0 + (q & 1) * child_size;
          child->depth = depth + 1;
          child->prefix = t->code[start] >> shift;
          child->first = start;
          child->count = stop - start;
          start = stop;
        }
      for (guint k = 0; k < c->n_child; k++)
        stack[sp++] = c->child + k;
    }

  for (guint ci = t->n_cells; ci-- > 0;)
    {
      Cell *c = &t->cells[ci];
      double m = 0, sx = 0, sy = 0;

      if (c->leaf)
        for (guint k = c->first; k < c->first + c->count; k++)
          {
            m += t->sm[k];
            sx += t->sm[k] * t->sx[k];
            sy += t->sm[k] * t->sy[k];
          }
      else
        for (guint k = c->child; k < c->child + c->n_child; k++)
          {
            m += t->cells[k].mass;
            sx += t->cells[k].mass * t->cells[k].cx;
            sy += t->cells[k].mass * t->cells[k].cy;
          }
      c->mass = m;
      if (m > 0)
        {
          c->cx = sx / m;
          c->cy = sy / m;
        }
      else
        {
          /* Massless bodies: the centre of the run, by count. */
          double ax = 0, ay = 0;

          for (guint k = c->first; k < c->first + c->count; k++)
            {
              ax += t->sx[k];
              ay += t->sy[k];
            }
          c->cx = c->count > 0 ? ax / c->count : 0;
          c->cy = c->count > 0 ? ay / c->count : 0;
        }
      c->delta = hypot (c->cx - (c->x0 + c->size / 2), c->cy - (c->y0 + c->size / 2));
    }
}

/* kr * mi * mj / d, away from j. Coincident bodies get a direction that
 * depends only on the pair, opposite for each, instead of a division by
 * zero. */
static inline void
pair_repulsion (guint   i,
                guint   j,
                double  dx,
                double  dy,
                double  kmm,
                double *fx,
                double *fy)
{
  double d2 = dx * dx + dy * dy;

  if (d2 < 1e-18)
    {
      guint64 s = ((guint64) MIN (i, j) << 32) ^ MAX (i, j);
      double angle = dg_layout_rand01 (&s) * 2 * G_PI;
      double sign = i < j ? 1.0 : -1.0;

      *fx += sign * cos (angle) * kmm * 1e6;
      *fy += sign * sin (angle) * kmm * 1e6;
      return;
    }
  *fx += dx * kmm / d2;
  *fy += dy * kmm / d2;
}

/* The same between discs of radii adding up to @rsum: by the gap between
 * them, and strongly (as at a hundredth of a spring) while they overlap. */
static inline void
sized_repulsion (guint   i,
                 guint   j,
                 double  dx,
                 double  dy,
                 double  rsum,
                 double  K,
                 double  kmm,
                 double *fx,
                 double *fy)
{
  double d2 = dx * dx + dy * dy;
  double d, gap;

  if (d2 < 1e-18)
    {
      pair_repulsion (i, j, dx, dy, kmm, fx, fy);
      return;
    }
  d = sqrt (d2);
  gap = MAX (d - rsum, K * 0.01);
  *fx += dx * kmm / (d * gap);
  *fy += dy * kmm / (d * gap);
}

typedef struct
{
  const Tree *tree;
  double kr;
  double inv_theta;
  guint k0, k1;        /* sorted ranks to do */
  double *force;       /* by node */
  gboolean sizes;
  double K;
} BhJob;

static void
bh_run (const BhJob *job)
{
  const Tree *t = job->tree;
  const Cell *cells = t->cells;
  guint stack[4 * MAX_DEPTH + 8];

  for (guint k = job->k0; k < job->k1; k++)
    {
      guint i = t->order[k];
      double xi = t->sx[k], yi = t->sy[k], mi = t->sm[k];
      guint32 code = t->code[k];
      double fx = 0, fy = 0;
      guint sp = 0;

      stack[sp++] = 0;
      while (sp > 0)
        {
          const Cell *c = &cells[stack[--sp]];
          double dx = xi - c->cx, dy = yi - c->cy;
          double d2 = dx * dx + dy * dy;
          gboolean contains = c->depth == 0 || (code >> (32 - 2 * c->depth)) == c->prefix;
          double open = c->size * job->inv_theta + c->delta;

          /* Salmon and Warren's test: the cell is far enough when a sphere
           * around its centre of mass that holds the whole cell is, so a
           * lopsided cell next to the body is never taken as a point. */
          if (!contains && open * open < d2)
            {
              double f = job->kr * mi * c->mass / d2;

              fx += dx * f;
              fy += dy * f;
            }
          else if (c->leaf)
            {
              /* Neighbours are summed exactly. On the real graph they push
               * as FA2's "prevent overlap" does: by the gap between the
               * discs rather than between the centres, so crowds around a
               * hub spread out before they are drawn on top of each other. */
              for (guint kk = c->first; kk < c->first + c->count; kk++)
                {
                  double ddx = xi - t->sx[kk], ddy = yi - t->sy[kk];
                  double kmm = job->kr * mi * t->sm[kk];

                  if (kk == k)
                    continue;
                  if (job->sizes)
                    sized_repulsion (i, t->order[kk], ddx, ddy, t->sr[k] + t->sr[kk], job->K, kmm, &fx, &fy);
                  else
                    pair_repulsion (i, t->order[kk], ddx, ddy, kmm, &fx, &fy);
                }
            }
          else
            for (guint ch = 0; ch < c->n_child; ch++)
              stack[sp++] = c->child + ch;
        }
      job->force[2 * i] += fx;
      job->force[2 * i + 1] += fy;
    }
}

static gpointer
bh_thread (gpointer data)
{
  bh_run (data);
  return NULL;
}

static void
bh_forces (Tree         *t,
           guint         n,
           const double *xy,
           const double *mass,
           const double *radius,
           double        K,
           double        kr,
           double        theta,
           guint         threads,
           double       *force)
{
  BhJob jobs[2];

  if (n == 0)
    return;
  tree_build (t, n, xy, mass, radius);

  jobs[0] = (BhJob) { t, kr, 1.0 / theta, 0, n, force, radius != NULL, K };
  if (threads >= 2 && n >= THREAD_MIN_NODES)
    {
      GThread *thread;

      /* Split by sorted rank: each node's force is still summed by one
       * thread in the same order, so the result does not depend on it. */
      jobs[1] = jobs[0];
      jobs[0].k1 = jobs[1].k0 = n / 2;
      thread = g_thread_new ("dg-layout-bh", bh_thread, &jobs[1]);
      bh_run (&jobs[0]);
      g_thread_join (thread);
    }
  else
    bh_run (&jobs[0]);
}

void
dg_layout_repulsion_barnes_hut (guint         n,
                                const double *xy,
                                const double *mass,
                                double        kr,
                                double        theta,
                                double       *force)
{
  Tree t = { 0 };

  bh_forces (&t, n, xy, mass, NULL, 1.0, kr, theta, 1, force);
  tree_clear (&t);
}

static void
exact_forces (guint         n,
              const double *xy,
              const double *mass,
              const double *radius,
              double        K,
              double        kr,
              double       *force)
{
  for (guint i = 0; i < n; i++)
    {
      double fx = 0, fy = 0;

      for (guint j = 0; j < n; j++)
        {
          double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];

          if (j == i)
            continue;
          if (radius != NULL)
            sized_repulsion (i, j, dx, dy, radius[i] + radius[j], K, kr * mass[i] * mass[j], &fx, &fy);
          else
            pair_repulsion (i, j, dx, dy, kr * mass[i] * mass[j], &fx, &fy);
        }
      force[2 * i] += fx;
      force[2 * i + 1] += fy;
    }
}

void
dg_layout_repulsion_exact (guint         n,
                           const double *xy,
                           const double *mass,
                           double        kr,
                           double       *force)
{
  exact_forces (n, xy, mass, NULL, 1.0, kr, force);
}

/* ---- levels ----------------------------------------------------------- */

static void
level_clear (Level *l)
{
  g_free (l->mass);
  g_free (l->pu);
  g_free (l->pv);
  g_free (l->pw);
  g_free (l->parent);
  g_free (l->n_children);
  g_free (l->piece);
}

typedef struct
{
  guint64 key;
  double w;
} CoarsePair;

static int
compare_coarse_pairs (gconstpointer a,
                      gconstpointer b)
{
  const CoarsePair *pa = a, *pb = b;

  if (pa->key != pb->key)
    return pa->key < pb->key ? -1 : 1;
  /* Equal keys are summed; order them by weight so the sum is the same
   * whatever qsort does with ties. */
  return pa->w < pb->w ? -1 : pa->w > pb->w;
}

/* Merges each node with a neighbour: light nodes pair up, and a node whose
 * neighbours are all taken joins the lightest neighbouring group, so a hub
 * swallows its leaves in one go (plain matching would shrink a star by one
 * node per level). With @siblings, a node whose neighbours are all taken
 * pairs instead with the last such node next to the same group: the leaves
 * of a star, which would all join their hub's group and leave one node,
 * pair up among themselves and halve at every level. Returns FALSE when the
 * graph hardly shrinks. */
static gboolean
coarsen_with (const Level *fine,
              Level       *coarse,
              gboolean     siblings)
{
  guint n = fine->n;
  g_autofree guint *deg_offset = g_new0 (guint, n + 1);
  g_autofree guint *adj = NULL;
  g_autofree guint *fill = NULL;
  g_autofree guint *visit = g_new (guint, n + 1);
  g_autofree double *group_mass = NULL;
  g_autofree CoarsePair *cp = NULL;
  g_autofree guint *waiting = NULL;
  guint *parent;
  guint n_groups = 0, n_cp = 0;
  const guint none = G_MAXUINT;

  for (guint p = 0; p < fine->n_pairs; p++)
    {
      deg_offset[fine->pu[p] + 1]++;
      deg_offset[fine->pv[p] + 1]++;
    }
  for (guint v = 0; v < n; v++)
    deg_offset[v + 1] += deg_offset[v];
  adj = g_new (guint, deg_offset[n] + 1);
  fill = g_memdup2 (deg_offset, sizeof (guint) * (n + 1));
  for (guint p = 0; p < fine->n_pairs; p++)
    {
      adj[fill[fine->pu[p]]++] = fine->pv[p];
      adj[fill[fine->pv[p]]++] = fine->pu[p];
    }

  /* Visit light nodes first, ties by index: a stable radix sort on the
   * (integral) masses, so the order never depends on qsort. */
  {
    g_autofree guint *tmp = g_new (guint, n + 1);
    g_autofree guint32 *key = g_new (guint32, n + 1);

    for (guint v = 0; v < n; v++)
      {
        visit[v] = v;
        key[v] = (guint32) MIN (fine->mass[v], 4.0e9);
      }
    for (guint shift = 0; shift < 32; shift += 8)
      {
        guint count[257] = { 0 };

        for (guint k = 0; k < n; k++)
          count[((key[visit[k]] >> shift) & 0xff) + 1]++;
        for (guint b = 0; b < 256; b++)
          count[b + 1] += count[b];
        for (guint k = 0; k < n; k++)
          tmp[count[(key[visit[k]] >> shift) & 0xff]++] = visit[k];
        memcpy (visit, tmp, sizeof (guint) * n);
      }
  }

  parent = g_new (guint, n + 1);
  group_mass = g_new0 (double, n + 1);
  for (guint v = 0; v < n; v++)
    parent[v] = none;
  /* Per group: a node next to it still waiting for a sibling. */
  if (siblings)
    {
      waiting = g_new (guint, n + 1);
      for (guint v = 0; v < n; v++)
        waiting[v] = none;
    }

  for (guint k = 0; k < n; k++)
    {
      guint v = visit[k];
      guint best_free = none, best_group = none;
      double best_free_mass = G_MAXDOUBLE, best_group_mass = G_MAXDOUBLE;

      if (parent[v] != none)
        continue;

      for (guint a = deg_offset[v]; a < deg_offset[v + 1]; a++)
        {
          guint u = adj[a];

          if (parent[u] == none)
            {
              if (fine->mass[u] < best_free_mass)
                {
                  best_free_mass = fine->mass[u];
                  best_free = u;
                }
            }
          else if (group_mass[parent[u]] < best_group_mass)
            {
              best_group_mass = group_mass[parent[u]];
              best_group = parent[u];
            }
        }

      if (best_free != none)
        {
          parent[v] = parent[best_free] = n_groups;
          group_mass[n_groups] = fine->mass[v] + fine->mass[best_free];
          n_groups++;
        }
      else if (best_group != none && siblings && waiting[best_group] != none)
        {
          guint w = waiting[best_group];

          waiting[best_group] = none;
          parent[v] = parent[w];
          group_mass[parent[w]] += fine->mass[v];
        }
      else if (best_group != none && siblings)
        {
          waiting[best_group] = v;
          parent[v] = n_groups;
          group_mass[n_groups] = fine->mass[v];
          n_groups++;
        }
      else if (best_group != none)
        {
          parent[v] = best_group;
          group_mass[best_group] += fine->mass[v];
        }
      else
        {
          parent[v] = n_groups;
          group_mass[n_groups] = fine->mass[v];
          n_groups++;
        }
    }

  if (n_groups > n * 3 / 4 || n_groups < 2)
    {
      g_free (parent);
      return FALSE;
    }

  coarse->n = n_groups;
  coarse->parent = parent;
  coarse->mass = g_new0 (double, n_groups);
  coarse->n_children = g_new0 (guint, n_groups);
  coarse->piece = g_new (guint, n_groups);
  for (guint v = 0; v < n; v++)
    {
      coarse->mass[parent[v]] += fine->mass[v];
      coarse->n_children[parent[v]]++;
      /* Groups are connected, or siblings next to one group: either way
       * they never straddle two pieces. */
      coarse->piece[parent[v]] = fine->piece[v];
    }

  cp = g_new (CoarsePair, fine->n_pairs + 1);
  for (guint p = 0; p < fine->n_pairs; p++)
    {
      guint a = parent[fine->pu[p]], b = parent[fine->pv[p]];

      if (a == b)
        continue;
      cp[n_cp].key = ((guint64) MIN (a, b) << 32) | MAX (a, b);
      cp[n_cp].w = fine->pw[p];
      n_cp++;
    }
  qsort (cp, n_cp, sizeof (CoarsePair), compare_coarse_pairs);

  coarse->pu = g_new (guint, n_cp + 1);
  coarse->pv = g_new (guint, n_cp + 1);
  coarse->pw = g_new (double, n_cp + 1);
  coarse->n_pairs = 0;
  for (guint i = 0; i < n_cp;)
    {
      guint j = i;
      double w = 0;

      for (; j < n_cp && cp[j].key == cp[i].key; j++)
        w += cp[j].w;
      coarse->pu[coarse->n_pairs] = (guint) (cp[i].key >> 32);
      coarse->pv[coarse->n_pairs] = (guint) (cp[i].key & 0xffffffffu);
      coarse->pw[coarse->n_pairs] = w;
      coarse->n_pairs++;
      i = j;
    }

  return TRUE;
}

/* Graphs that coarsen well keep their groups; a star, whose hub would
 * swallow every leaf, and anything that hardly shrinks, is coarsened again
 * with siblings paired, so it too is laid out multilevel (a star of 50,000
 * took 431 iterations of the whole graph). */
static gboolean
coarsen (const Level *fine,
         Level       *coarse)
{
  return coarsen_with (fine, coarse, FALSE) || coarsen_with (fine, coarse, TRUE);
}

/* ---- overlap removal ----------------------------------------------------- */

/* Discs and labels may cover at most this share of the disc a piece
 * spreads over (twice its mean squared distance from its centre, times pi:
 * the area of a uniform disc with that spread). */
#define CROWD_DENSITY 0.15

/* Spreads out a piece whose companies cannot fit where the forces left
 * them: a hub's thousands of partners pile up around it, and pushing pairs
 * apart or moving companies one by one to free spots then costs time that
 * grows with the square of the crowd. Scaling the piece about its centre
 * until its discs and labels cover no more than CROWD_DENSITY of its area
 * leaves only local overlaps. Pieces with a pinned company keep their
 * picture. O(n). Returns the pieces spread. */
static guint
spread_crowded_pieces (DgLayout     *self,
                       DgForceState *s)
{
  const Level *l0 = &s->levels[0];
  guint n = self->n, n_spread = 0;
  /* Per piece: count, x, y, squared spread, area needed, pinned. */
  g_autofree double *acc = g_new0 (double, 6 * (gsize) s->n_pieces + 6);

  for (guint v = 0; v < n; v++)
    {
      double *a = acc + 6 * (gsize) l0->piece[v];
      double r = s->rad0[v];
      double lw = s->labels ? self->label_width[v] : 0;

      a[0] += 1;
      a[1] += self->xy[2 * v];
      a[2] += self->xy[2 * v + 1];
      a[4] += 4 * r * r + (lw > 0 ? lw * 2 * MAX (r, 9.0) : 0);
      a[5] += self->pinned[v];
    }
  for (guint v = 0; v < n; v++)
    {
      double *a = acc + 6 * (gsize) l0->piece[v];
      double dx = self->xy[2 * v] - a[1] / a[0], dy = self->xy[2 * v + 1] - a[2] / a[0];

      a[3] += dx * dx + dy * dy;
    }
  for (guint p = 0; p < s->n_pieces; p++)
    {
      double *a = acc + 6 * (gsize) p;
      double area = 2 * G_PI * a[3] / MAX (a[0], 1);

      /* A factor of 0 means: leave it. */
      if (a[0] < 3 || a[5] > 0 || !(a[4] > CROWD_DENSITY * area))
        a[3] = 0;
      else
        {
          a[3] = area > 0 ? sqrt (a[4] / (CROWD_DENSITY * area)) : 0;
          n_spread++;
        }
    }
  for (guint v = 0; v < n; v++)
    {
      const double *a = acc + 6 * (gsize) l0->piece[v];
      double cx = a[1] / a[0], cy = a[2] / a[0];

      if (a[3] <= 1)
        continue;
      self->xy[2 * v] = cx + (self->xy[2 * v] - cx) * a[3];
      self->xy[2 * v + 1] = cy + (self->xy[2 * v + 1] - cy) * a[3];
    }
  return n_spread;
}

/* Companies with only one partner that crowd around a hub (a star's
 * leaves, a big buyer's suppliers) are spread around their hub the same
 * way, each hub on its own: a piece-wide measure misses a crowd when a long
 * tail hangs off the same piece. Leaves have no other deal to pull out of
 * shape. Returns the hubs whose leaves were spread. */
#define CROWD_MIN_LEAVES 16

static guint
spread_crowded_leaves (DgLayout     *self,
                       DgForceState *s)
{
  const Level *l0 = &s->levels[0];
  guint n = self->n, n_spread = 0;
  g_autofree guint *degree = g_new0 (guint, n + 1);
  g_autofree guint *hub = g_new (guint, n + 1);
  /* Per hub: leaves, squared distance, area needed. */
  g_autofree double *acc = g_new0 (double, 3 * (gsize) n + 3);

  for (guint p = 0; p < l0->n_pairs; p++)
    {
      degree[l0->pu[p]]++;
      degree[l0->pv[p]]++;
      hub[l0->pu[p]] = l0->pv[p];
      hub[l0->pv[p]] = l0->pu[p];
    }
  for (guint v = 0; v < n; v++)
    {
      double *a, dx, dy, r, lw;

      if (degree[v] != 1 || self->pinned[v] || degree[hub[v]] < CROWD_MIN_LEAVES)
        continue;
      a = acc + 3 * (gsize) hub[v];
      dx = self->xy[2 * v] - self->xy[2 * hub[v]];
      dy = self->xy[2 * v + 1] - self->xy[2 * hub[v] + 1];
      r = s->rad0[v];
      lw = s->labels ? self->label_width[v] : 0;
      a[0] += 1;
      a[1] += dx * dx + dy * dy;
      a[2] += 4 * r * r + (lw > 0 ? lw * 2 * MAX (r, 9.0) : 0);
    }
  for (guint h = 0; h < n; h++)
    {
      double *a = acc + 3 * (gsize) h;
      double area = 2 * G_PI * a[1] / MAX (a[0], 1);

      if (a[0] < CROWD_MIN_LEAVES || !(a[2] > CROWD_DENSITY * area))
        a[1] = 0;
      else
        {
          a[1] = area > 0 ? sqrt (a[2] / (CROWD_DENSITY * area)) : 0;
          n_spread++;
        }
    }
  for (guint v = 0; v < n; v++)
    {
      const double *a;
      guint h;

      if (degree[v] != 1 || self->pinned[v])
        continue;
      h = hub[v];
      a = acc + 3 * (gsize) h;
      if (a[1] <= 1)
        continue;
      self->xy[2 * v] = self->xy[2 * h] + (self->xy[2 * v] - self->xy[2 * h]) * a[1];
      self->xy[2 * v + 1] = self->xy[2 * h + 1] + (self->xy[2 * v + 1] - self->xy[2 * h + 1]) * a[1];
    }
  return n_spread;
}

/* ---- the simulation ----------------------------------------------------- */

static double *
level_positions (DgLayout     *self,
                 DgForceState *s)
{
  return s->level == 0 ? self->xy : s->xy_level;
}

/* Iteration caps: the finest level of a multilevel run starts from a good
 * picture and needs little; a graph laid out in one level needs more, and
 * more as it grows; settling after a company was dragged needs only a
 * gentle nudge, or the whole picture would rearrange under the pointer. */
static void
begin_level (DgLayout     *self,
             DgForceState *s,
             gboolean      from_scratch)
{
  guint n = s->levels[s->level].n;
  double t0;

  if (from_scratch && self->settle)
    {
      t0 = s->K;
      s->level_cap = 100;
      s->level_min = 10;
    }
  else if (from_scratch)
    {
      t0 = s->K * MAX (1.0, sqrt ((double) n)) * 0.5;
      s->level_cap = (guint) CLAMP (150.0 + 60.0 * log10 (1.0 + n), 150.0, 500.0);
      s->level_min = 30;
    }
  else
    {
      t0 = s->K * FINER_LEVEL_HEAT;
      s->level_cap = s->level == 0 ? FINEST_LEVEL_ITERATIONS : COARSE_LEVEL_ITERATIONS;
      s->level_min = 15;
    }
  s->t_end = s->K * 0.01;
  s->temperature = t0;
  s->cool = pow (s->t_end / t0, 1.0 / s->level_cap);
  s->level_iter = 0;
  s->speed = 1.0;
  s->speed_eff = 1.0;
  memset (s->fold, 0, sizeof (double) * 2 * n);
}

static void
dedupe_points (DgLayout     *self,
               DgForceState *s)
{
  /* Companies saved at one point (a hand-made file, or every position
   * zero) would share a Morton code and a force direction; nudge them apart
   * by a hundredth of a spring, deterministically. */
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, self->n + 1);
  guint64 rng = self->seed ^ 0x5eedf00dULL;

  for (guint v = 0; v < self->n; v++)
    {
      float fx = (float) self->xy[2 * v], fy = (float) self->xy[2 * v + 1];
      guint32 bx, by;

      memcpy (&bx, &fx, 4);
      memcpy (&by, &fy, 4);
      keys[v] = (gint64) (((guint64) bx << 32) | by);
      if (g_hash_table_contains (seen, &keys[v]) && !self->pinned[v])
        {
          double a = dg_layout_rand01 (&rng) * 2 * G_PI;
          double r = s->K * (0.01 + 0.5 * dg_layout_rand01 (&rng));

          self->xy[2 * v] += r * cos (a);
          self->xy[2 * v + 1] += r * sin (a);
        }
      else
        g_hash_table_add (seen, &keys[v]);
    }
}

static void
force_start (DgLayout *self)
{
  DgForceState *s = g_new0 (DgForceState, 1);
  DgLayoutPairs pairs;
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (Level));
  Level l0 = { 0 };
  guint n = self->n;
  gboolean any_position = FALSE, multilevel;
  double mean_r = 0, mean_label = 0, total_mass = 0, dm;
  guint n_known = 0;

  self->force = s;
  s->rng = self->seed;
  s->labels = dg_layout_label_room (self);

  dg_layout_pairs_init (&pairs, self->graph);
  l0.n = n;
  l0.n_pairs = pairs.n_pairs;
  l0.pu = pairs.u;
  l0.pv = pairs.v;
  l0.pw = pairs.w;
  l0.mass = g_new (double, n + 1);
  dm = degree_mass (n);
  for (guint v = 0; v < n; v++)
    l0.mass[v] = 1.0;
  for (guint p = 0; p < l0.n_pairs; p++)
    {
      l0.mass[l0.pu[p]] += dm;
      l0.mass[l0.pv[p]] += dm;
    }
  /* Connected pieces, for gravity. */
  {
    g_autofree guint *uf = g_new (guint, n + 1);
    g_autofree guint *id = g_new (guint, n + 1);

    for (guint v = 0; v < n; v++)
      uf[v] = v;
    for (guint p = 0; p < l0.n_pairs; p++)
      {
        guint a = l0.pu[p], b = l0.pv[p];

        while (uf[a] != a)
          a = uf[a] = uf[uf[a]];
        while (uf[b] != b)
          b = uf[b] = uf[uf[b]];
        if (a != b)
          uf[MAX (a, b)] = MIN (a, b);
      }
    l0.piece = g_new (guint, n + 1);
    for (guint v = 0; v < n; v++)
      {
        guint r = v;

        while (uf[r] != r)
          r = uf[r];
        /* Roots are each piece's smallest member, met first. */
        if (r == v)
          id[v] = s->n_pieces++;
        l0.piece[v] = id[r];
      }
    s->piece_acc = g_new0 (double, 3 * (gsize) s->n_pieces + 3);
  }
  g_array_append_val (levels, l0);

  for (guint v = 0; v < n; v++)
    {
      mean_r += self->radius[v] + DG_LAYOUT_PADDING / 2;
      mean_label += self->label_width[v];
      total_mass += l0.mass[v];
      any_position |= self->has_position[v];
    }
  if (n > 0)
    {
      mean_r /= n;
      mean_label /= n;
    }
  /* Springs long enough that discs and half a label fit between ends, and
   * longer in denser graphs: a company with d partners at spring length
   * needs about sqrt(d) discs' worth of room around it. */
  s->K = MAX (1.0, (spring_radii (n) * mean_r + 0.5 * mean_label) * sqrt ((1.0 + 2.0 * l0.n_pairs / MAX (n, 1)) / 3.0));
  s->kr = 0.25 * s->K * s->K;

  multilevel = n >= MULTILEVEL_MIN_NODES && !any_position;
  while (multilevel)
    {
      Level coarse = { 0 };
      Level *fine = &g_array_index (levels, Level, levels->len - 1);

      if (fine->n <= COARSEST_NODES || levels->len >= 40 || !coarsen (fine, &coarse))
        break;
      g_array_append_val (levels, coarse);
    }
  s->n_levels = levels->len;
  s->levels = (Level *) (gpointer) g_array_free (levels, FALSE);
  s->level = s->n_levels - 1;

  s->f = g_new0 (double, 2 * (gsize) n + 2);
  s->rad0 = g_new (double, n + 1);
  for (guint v = 0; v < n; v++)
    s->rad0[v] = self->radius[v] + DG_LAYOUT_PADDING / 2;
  s->fold = g_new0 (double, 2 * (gsize) n + 2);
  if (s->n_levels > 1)
    {
      s->xy_level = g_new0 (double, 2 * (gsize) s->levels[1].n + 2);
      s->xy_tmp = g_new0 (double, 2 * (gsize) s->levels[1].n + 2);
    }

  /* Gravity pulls toward the middle of whatever was given, so a relayout
   * does not drift away from the picture it started from. */
  for (guint v = 0; v < n; v++)
    if (self->has_position[v])
      {
        s->cx += self->xy[2 * v];
        s->cy += self->xy[2 * v + 1];
        n_known++;
      }
  if (n_known > 0)
    {
      s->cx /= n_known;
      s->cy /= n_known;
    }

  {
    Level *top = &s->levels[s->level];
    double *xy = level_positions (self, s);
    double side = s->K * sqrt (MAX (total_mass, 1.0));

    for (guint v = 0; v < top->n; v++)
      {
        if (s->level == 0 && self->has_position[v])
          continue;
        xy[2 * v] = s->cx + (dg_layout_rand01 (&s->rng) - 0.5) * side;
        xy[2 * v + 1] = s->cy + (dg_layout_rand01 (&s->rng) - 0.5) * side;
      }

    /* Companies without a saved position start near their placed
     * neighbours, so a file with a few new companies keeps its picture. */
    if (s->level == 0 && n_known > 0)
      for (guint v = 0; v < n; v++)
        {
          double sx = 0, sy = 0;
          guint k = 0;
          DgGraph *g = self->graph;

          if (self->has_position[v])
            continue;
          for (guint a = g->out_offset[v]; a < g->out_offset[v + 1]; a++)
            {
              guint u = g->edge_dst[g->out_edges[a]];

              if (self->has_position[u])
                sx += self->xy[2 * u], sy += self->xy[2 * u + 1], k++;
            }
          for (guint a = g->in_offset[v]; a < g->in_offset[v + 1]; a++)
            {
              guint u = g->edge_src[g->in_edges[a]];

              if (self->has_position[u])
                sx += self->xy[2 * u], sy += self->xy[2 * u + 1], k++;
            }
          if (k > 0)
            {
              double a = dg_layout_rand01 (&s->rng) * 2 * G_PI;

              self->xy[2 * v] = sx / k + s->K * cos (a);
              self->xy[2 * v + 1] = sy / k + s->K * sin (a);
            }
        }

    if (s->level == 0)
      dedupe_points (self, s);
  }

  s->phase = PHASE_FORCES;
  begin_level (self, s, TRUE);
}

static void
prolong (DgLayout     *self,
         DgForceState *s)
{
  Level *coarse = &s->levels[s->level];
  Level *fine = &s->levels[s->level - 1];
  const double *cxy = s->xy_level;
  double *fxy = s->level - 1 == 0 ? self->xy : s->xy_tmp;

  for (guint v = 0; v < fine->n; v++)
    {
      guint p = coarse->parent[v];
      double r = 0.3 * s->K * sqrt ((double) coarse->n_children[p]) * sqrt (dg_layout_rand01 (&s->rng));
      double a = dg_layout_rand01 (&s->rng) * 2 * G_PI;

      fxy[2 * v] = cxy[2 * p] + r * cos (a);
      fxy[2 * v + 1] = cxy[2 * p + 1] + r * sin (a);
    }
  if (s->level - 1 > 0)
    {
      double *t = s->xy_level;

      s->xy_level = s->xy_tmp;
      s->xy_tmp = t;
    }
  s->level--;
}

static guint
thread_count (DgLayout *self)
{
  if (self->max_threads == 1)
    return 1;
  return MIN (2, g_get_num_processors ());
}

/* One iteration; returns TRUE when the current level has settled. */
static gboolean
iterate (DgLayout     *self,
         DgForceState *s)
{
  Level *l = &s->levels[s->level];
  guint n = l->n;
  double *xy = level_positions (self, s);
  double *f = s->f, *fold = s->fold;
  const guint8 *pinned = s->level == 0 ? self->pinned : NULL;
  double swing = 0, traction = 0, moved = 0;
  double jt, target;
  guint n_free = 0;

  memset (f, 0, sizeof (double) * 2 * n);

  if (n <= EXACT_MAX_NODES)
    exact_forces (n, xy, l->mass, s->level == 0 ? s->rad0 : NULL, s->K, s->kr, f);
  else
    bh_forces (&s->tree, n, xy, l->mass, s->level == 0 ? s->rad0 : NULL, s->K, s->kr, THETA,
               thread_count (self), f);

  /* Springs pull with w * d^2 / K (Fruchterman-Reingold's law rather than
   * FA2's linear one: it evens out edge lengths, which lowers stress). */
  for (guint p = 0; p < l->n_pairs; p++)
    {
      guint u = l->pu[p], v = l->pv[p];
      double dx = xy[2 * v] - xy[2 * u], dy = xy[2 * v + 1] - xy[2 * u + 1];
      double k = l->pw[p] * sqrt (dx * dx + dy * dy) / s->K;

      f[2 * u] += k * dx;
      f[2 * u + 1] += k * dy;
      f[2 * v] -= k * dx;
      f[2 * v + 1] -= k * dy;
    }

  /* Gravity moves each connected piece toward the centre as a whole, so
   * separate pieces stay near and no piece is squeezed by it (FA2's
   * per-node gravity compresses a large graph). It grows with distance,
   * with a strength chosen each iteration so that the push of everything
   * else, kr * M / r, balances it just outside the drawing's rim (radius R,
   * from the mean square distance): a small piece settles beside the main
   * one, never inside it, where the push outward grows with r too. */
  memset (s->piece_acc, 0, sizeof (double) * 3 * s->n_pieces);
  {
    double spread = 0, total = 0, kg;

    for (guint v = 0; v < n; v++)
      {
        double *acc = &s->piece_acc[3 * l->piece[v]];
        double dx = xy[2 * v] - s->cx, dy = xy[2 * v + 1] - s->cy;

        acc[0] += l->mass[v] * xy[2 * v];
        acc[1] += l->mass[v] * xy[2 * v + 1];
        acc[2] += l->mass[v];
        spread += l->mass[v] * (dx * dx + dy * dy);
        total += l->mass[v];
      }
    /* A uniform disc of radius R has mean square radius R^2 / 2. */
    spread = MAX (2 * spread / MAX (total, 1e-300), s->K * s->K);
    kg = s->n_pieces > 1 ? s->kr * total / (GRAVITY_RIM * GRAVITY_RIM * spread) : 0;
    for (guint p = 0; p < s->n_pieces; p++)
      {
        double *acc = &s->piece_acc[3 * p];

        if (acc[2] <= 0)
          continue;
        acc[0] = -kg * (acc[0] / acc[2] - s->cx);
        acc[1] = -kg * (acc[1] / acc[2] - s->cy);
      }
  }
  for (guint v = 0; v < n; v++)
    {
      const double *acc = &s->piece_acc[3 * l->piece[v]];

      f[2 * v] += l->mass[v] * acc[0];
      f[2 * v + 1] += l->mass[v] * acc[1];
    }

  /* ForceAtlas2's adaptive speed: swinging nodes (whose force flips) slow
   * down, the whole graph speeds up while it moves coherently. */
  for (guint v = 0; v < n; v++)
    {
      double sx = f[2 * v] - fold[2 * v], sy = f[2 * v + 1] - fold[2 * v + 1];
      double tx = f[2 * v] + fold[2 * v], ty = f[2 * v + 1] + fold[2 * v + 1];

      if (pinned != NULL && pinned[v])
        continue;
      swing += l->mass[v] * sqrt (sx * sx + sy * sy);
      traction += l->mass[v] * sqrt (tx * tx + ty * ty) / 2;
    }

  if (swing > 0 && traction > 0)
    {
      double est = 0.05 * sqrt ((double) n);
      double min_jt = sqrt (est), max_jt = 10.0;

      jt = MAX (min_jt, MIN (max_jt, est * traction / ((double) n * n)));
      if (swing / traction > 2.0)
        {
          if (s->speed_eff > 0.05)
            s->speed_eff *= 0.5;
          jt = MAX (jt, 1.0);
        }
      target = jt * s->speed_eff * traction / swing;
      if (swing > jt * traction)
        {
          if (s->speed_eff > 0.05)
            s->speed_eff *= 0.7;
        }
      else if (s->speed < 1000)
        s->speed_eff *= 1.3;
      s->speed = s->speed + MIN (target - s->speed, 0.5 * s->speed);
    }

  for (guint v = 0; v < n; v++)
    {
      double sx = f[2 * v] - fold[2 * v], sy = f[2 * v + 1] - fold[2 * v + 1];
      double node_swing = l->mass[v] * sqrt (sx * sx + sy * sy);
      double factor = s->speed / (1.0 + sqrt (s->speed * node_swing));
      double dx = f[2 * v] * factor / l->mass[v], dy = f[2 * v + 1] * factor / l->mass[v];
      double d = sqrt (dx * dx + dy * dy);

      fold[2 * v] = f[2 * v];
      fold[2 * v + 1] = f[2 * v + 1];
      if (pinned != NULL && pinned[v])
        continue;
      if (!isfinite (d))
        continue;
      if (d > s->temperature)
        {
          dx *= s->temperature / d;
          dy *= s->temperature / d;
          d = s->temperature;
        }
      xy[2 * v] += dx;
      xy[2 * v + 1] += dy;
      moved += d;
      n_free++;
    }

  /* Labels take room too: on a small network, overlapping boxes are
   * pushed half apart each iteration, so the forces settle around a
   * picture where every name fits, and the final pass has little to do.
   * (Discs are kept apart by the repulsion itself.) */
  if (s->level == 0 && s->labels)
    dg_layout_collide (self, xy, n, TRUE, 0.5);

  s->temperature *= s->cool;
  s->level_iter++;
  moved = n_free > 0 ? moved / n_free : 0;

  return s->level_iter >= s->level_cap
         || (s->level_iter >= s->level_min && moved < 0.002 * s->K)
         || n_free == 0;
}

gboolean
dg_layout_force_step (DgLayout *self,
                      gint64    deadline_usec)
{
  DgForceState *s;

  if (self->force == NULL)
    force_start (self);
  s = self->force;

  do
    {
      switch (s->phase)
        {
        case PHASE_FORCES:
          if (self->n == 0 || iterate (self, s))
            {
              g_debug ("level %u: %u nodes, %u springs, %u iterations, temperature %.3g K",
                       s->level, s->levels[s->level].n, s->levels[s->level].n_pairs,
                       s->level_iter, s->temperature / s->K);
              if (s->level > 0)
                {
                  prolong (self, s);
                  begin_level (self, s, FALSE);
                }
              else
                s->phase = PHASE_OVERLAP;
            }
          break;

        case PHASE_OVERLAP:
          /* A pass at a time, so a frame never waits for all of them;
           * what a few passes leave (crowds) is cleared in one go. */
          if (s->overlap_passes < OVERLAP_PASSES)
            {
              guint left;

              if (s->overlap_passes == 0)
                {
                  g_debug ("overlaps after the forces: %u", dg_layout_count_overlaps (self, s->labels));
                  g_debug ("crowded hubs spread: %u", spread_crowded_leaves (self, s));
                  g_debug ("crowded pieces spread: %u", spread_crowded_pieces (self, s));
                }
              left = dg_layout_collide (self, self->xy, self->n, s->labels, 1.0);
              if (s->overlap_passes == 0)
                g_debug ("overlaps after spreading: %u", left);
              s->overlap_passes++;
              if (left == 0)
                s->phase = PHASE_DONE;
            }
          else
            s->phase = PHASE_LEGALIZE;
          break;

        case PHASE_LEGALIZE:
          /* In slices: a hub's crowd can take longer than a step. */
          if (s->legalize == NULL)
            s->legalize = dg_layout_legalize_begin (self, s->labels);
          if (dg_layout_legalize_step (self, s->legalize, deadline_usec))
            {
              guint moved = dg_layout_legalize_end (g_steal_pointer (&s->legalize));

              g_debug ("overlaps left after %u passes cleared by moving %u companies",
                       s->overlap_passes, moved);
              s->phase = PHASE_DONE;
            }
          break;

        default:
          break;
        }
      /* Legalizing is not an iteration, however it is sliced. */
      if (s->phase == PHASE_FORCES || s->phase == PHASE_OVERLAP)
        self->iterations++;
    }
  while (s->phase != PHASE_DONE && g_get_monotonic_time () < deadline_usec);

  return s->phase == PHASE_DONE;
}

void
dg_layout_force_project (DgLayout *self)
{
  DgForceState *s = self->force;

  if (s == NULL || s->level == 0)
    return;

  for (guint v = 0; v < self->n; v++)
    {
      guint a = v;
      guint64 h = (guint64) v * 0x9e3779b97f4a7c15ULL;
      double ang = dg_layout_rand01 (&h) * 2 * G_PI;

      for (guint l = 1; l <= s->level; l++)
        a = s->levels[l].parent[a];
      self->xy[2 * v] = s->xy_level[2 * a] + 0.3 * s->K * cos (ang);
      self->xy[2 * v + 1] = s->xy_level[2 * a + 1] + 0.3 * s->K * sin (ang);
    }
}

gboolean
dg_layout_force_is_coarse (DgForceState *s)
{
  return s->level > 0;
}

void
dg_layout_set_max_threads (DgLayout *self,
                           guint     max_threads)
{
  g_return_if_fail (self != NULL);
  self->max_threads = max_threads;
}

gsize
dg_layout_force_memory (DgForceState *s)
{
  gsize total = sizeof (*s);

  for (guint l = 0; l < s->n_levels; l++)
    total += s->levels[l].n * (sizeof (double) + 2 * sizeof (guint))
             + s->levels[l].n_pairs * (2 * sizeof (guint) + sizeof (double));
  total += (gsize) s->levels[0].n * 4 * sizeof (double);
  if (s->n_levels > 1)
    total += (gsize) s->levels[1].n * 4 * sizeof (double);
  total += (gsize) s->tree.n_alloc * (2 * sizeof (guint32) + 2 * sizeof (guint) + 3 * sizeof (double))
           + (gsize) s->tree.cap_cells * sizeof (Cell);
  return total;
}

void
dg_layout_force_free (DgForceState *s)
{
  for (guint l = 0; l < s->n_levels; l++)
    level_clear (&s->levels[l]);
  g_free (s->levels);
  g_free (s->xy_level);
  g_free (s->xy_tmp);
  g_free (s->f);
  g_free (s->fold);
  g_free (s->piece_acc);
  g_free (s->rad0);
  if (s->legalize != NULL)
    dg_layout_legalize_end (s->legalize);
  tree_clear (&s->tree);
  g_free (s);
}
