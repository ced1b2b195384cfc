/* dg-canvas-patch.c: an edit drawn at once over the kept picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A network of tens of thousands of deals is drawn by the canvas's worker
 * in a few hundred milliseconds. After an edit the canvas keeps showing
 * the last picture until the new one is sharp (dg_canvas_replace_graph);
 * this draws, in the very next frame, what the edit changed over it: what
 * went away or changed is erased (painted over in the background's colour,
 * along the curves the frame drew), the deals it crossed are drawn again
 * inside the erased strip, and the changed companies and deals are drawn
 * from the new state with the discs they pass under, as faint as the
 * frame's crowd, until the worker's sharp frame replaces the whole (a few
 * hundred milliseconds later, with the new deals' final routes).
 *
 * Each part is a small network of its own (the changed items and their
 * neighbours), drawn by a renderer of the patch's own: a handful of deals
 * costs a millisecond or two, where the whole picture costs the worker
 * 0.3 s at 55,000 deals. What it cannot know before the worker (the new
 * deals' routes among all discs, names placed against all others) it
 * approximates; tests/test-canvas.c measures how close the patched frame
 * comes to the sharp one.
 *
 * What changed is found by comparing the state the kept picture shows with
 * the new one, item by item, matched by id: the canvas needs no word from
 * the document about the edit, and any replacement of the graph (an undo,
 * a merge, a deletion with its deals) is covered. When too much changed
 * (a layout, a merge of big companies) nothing is patched: the old picture
 * stays until the new one.
 */
#define G_LOG_DOMAIN "dealgraph-canvas"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-canvas.h"
#include "dg-canvas-private.h"
#include "dg-render.h"

/* Above these, the edit is no edit of a few items: nothing is patched. */
#define PATCH_MAX_EDGES 2000
#define PATCH_MAX_NODES 400
/* Companies drawn again over a changed deal, deals drawn again where one
 * was erased: above these (long deals across a crowd), left out. */
#define PATCH_MAX_COVERED 300
#define PATCH_MAX_UNDER 200

/* A small network of some companies and deals of a big one. */
typedef struct
{
  DgGraph *graph;
  float *xy;
  float *curves;            /* 6 per deal as the frame drew it, or NULL */
  guint *nodes;             /* the big network's index of each company */
  guint *edges;             /* and of each deal */
  guint8 *painted;          /* DgPaintedState of each deal in the frame, or NULL */
  const char **labels;      /* pointers into the big one's names; NULL: none */
  guint8 *cyclic;
  guint8 *undated;
  guint8 *pinned;
} Sub;

struct _DgCanvasPatch
{
  /* What the last sharp view frame shows. */
  DgGraph *frame_graph;
  GArray *frame_labels;     /* DgShownLabel, in the frame's units */
  float *frame_curves;      /* 6 per deal: its curve as drawn, or NAN */
  guint8 *frame_painted;    /* per deal: how it was drawn (DgPaintedState) */
  double frame_alpha;       /* the deals' opacity in it */

  /* The state that frame was drawn from, kept when an edit replaced it. */
  DgGraph *base;
  float *base_xy;
  DgStrings *base_labels;
  DgStrings *base_node_ids;
  DgStrings *base_edge_ids;
  guint8 *base_node_visible;
  guint8 *base_edge_visible;
  guint8 *base_edge_cyclic;

  /* The patch, made for one content_gen of the canvas. */
  gboolean made;
  guint made_gen;
  gboolean drawable;
  Sub erase;                /* the old state of what changed: painted over, */
  Sub erase_discs;          /*   its deals (ends left), then its companies */
  Sub under;                /* the deals that crossed what is erased */
  Sub draw;                 /* its new state: drawn again */
  GArray *erase_labels;     /* DgShownLabel of changed names, frame units */
  DgRenderer *renderer;
};

static void
sub_clear (Sub *sub)
{
  g_clear_pointer (&sub->graph, dg_graph_unref);
  g_clear_pointer (&sub->xy, g_free);
  g_clear_pointer (&sub->curves, g_free);
  g_clear_pointer (&sub->nodes, g_free);
  g_clear_pointer (&sub->edges, g_free);
  g_clear_pointer (&sub->painted, g_free);
  g_clear_pointer (&sub->labels, g_free);
  g_clear_pointer (&sub->cyclic, g_free);
  g_clear_pointer (&sub->undated, g_free);
  g_clear_pointer (&sub->pinned, g_free);
}

static void
clear_made (DgCanvasPatch *patch)
{
  sub_clear (&patch->erase);
  sub_clear (&patch->erase_discs);
  sub_clear (&patch->draw);
  sub_clear (&patch->under);
  if (patch->erase_labels != NULL)
    g_array_set_size (patch->erase_labels, 0);
  patch->made = FALSE;
  patch->drawable = FALSE;
}

static void
clear_base (DgCanvasPatch *patch)
{
  g_clear_pointer (&patch->base, dg_graph_unref);
  g_clear_pointer (&patch->base_xy, g_free);
  g_clear_pointer (&patch->base_labels, dg_strings_unref);
  g_clear_pointer (&patch->base_node_ids, dg_strings_unref);
  g_clear_pointer (&patch->base_edge_ids, dg_strings_unref);
  g_clear_pointer (&patch->base_node_visible, g_free);
  g_clear_pointer (&patch->base_edge_visible, g_free);
  g_clear_pointer (&patch->base_edge_cyclic, g_free);
  clear_made (patch);
}

void
dg_canvas_patch_free (DgCanvasPatch *patch)
{
  if (patch == NULL)
    return;
  clear_base (patch);
  g_clear_pointer (&patch->frame_graph, dg_graph_unref);
  g_clear_pointer (&patch->frame_labels, g_array_unref);
  g_clear_pointer (&patch->frame_curves, g_free);
  g_clear_pointer (&patch->frame_painted, g_free);
  g_clear_pointer (&patch->erase_labels, g_array_unref);
  g_clear_pointer (&patch->renderer, dg_renderer_free);
  g_free (patch);
}

static DgCanvasPatch *
get_patch (DgCanvas *self)
{
  if (self->patch == NULL)
    {
      self->patch = g_new0 (DgCanvasPatch, 1);
      self->patch->frame_labels = g_array_new (FALSE, FALSE, sizeof (DgShownLabel));
      self->patch->erase_labels = g_array_new (FALSE, FALSE, sizeof (DgShownLabel));
    }
  return self->patch;
}

/* A sharp view frame of @graph landed, with the names @renderer drew. */
void
dg_canvas_patch_frame_landed (DgCanvas   *self,
                              DgGraph    *graph,
                              DgRenderer *renderer)
{
  DgCanvasPatch *patch = get_patch (self);
  const DgShownLabel *shown;
  guint n;

  if (patch->frame_graph != graph)
    {
      g_clear_pointer (&patch->frame_graph, dg_graph_unref);
      patch->frame_graph = dg_graph_ref (graph);
      g_clear_pointer (&patch->frame_curves, g_free);
      g_clear_pointer (&patch->frame_painted, g_free);
    }
  /* 1.3 MB at 55,000 deals: a copy well under a millisecond. */
  if (patch->frame_curves == NULL)
    {
      patch->frame_curves = g_new (float, 6 * (gsize) MAX (graph->n_edges, 1));
      patch->frame_painted = g_new (guint8, MAX (graph->n_edges, 1));
    }
  if (!dg_renderer_copy_curves (renderer, graph, patch->frame_curves, &patch->frame_alpha, patch->frame_painted))
    {
      g_clear_pointer (&patch->frame_curves, g_free);
      g_clear_pointer (&patch->frame_painted, g_free);
    }
  shown = dg_renderer_get_shown_labels (renderer, &n);
  g_array_set_size (patch->frame_labels, 0);
  g_array_append_vals (patch->frame_labels, shown, n);
  /* The kept state is what a frame of an older graph showed: once a frame
   * of another graph is on screen, it is not what is shown any more. */
  if (patch->base != NULL && patch->base != graph)
    clear_base (patch);
  clear_made (patch);
}

/* The canvas is about to replace its graph after an edit: keeps what the
 * picture on screen was drawn from, unless an earlier edit's is kept
 * already (the picture still shows that one). */
void
dg_canvas_patch_keep (DgCanvas *self)
{
  DgCanvasPatch *patch = get_patch (self);
  DgGraph *g = self->graph;

  clear_made (patch);
  if (patch->base != NULL && patch->base == patch->frame_graph)
    return;
  clear_base (patch);
  if (g == NULL || self->cache == NULL || patch->frame_graph != g || self->xy == NULL)
    return;
  patch->base = dg_graph_ref (g);
  patch->base_xy = g_memdup2 (self->xy, sizeof (float) * 2 * MAX (g->n_nodes, 1));
  patch->base_labels = self->labels ? dg_strings_ref (self->labels) : NULL;
  patch->base_node_ids = self->node_ids ? dg_strings_ref (self->node_ids) : NULL;
  patch->base_edge_ids = self->edge_ids ? dg_strings_ref (self->edge_ids) : NULL;
  patch->base_node_visible = self->node_visible ? g_memdup2 (self->node_visible, MAX (g->n_nodes, 1)) : NULL;
  patch->base_edge_visible = self->edge_visible ? g_memdup2 (self->edge_visible, MAX (g->n_edges, 1)) : NULL;
  patch->base_edge_cyclic = self->edge_cyclic ? g_memdup2 (self->edge_cyclic, MAX (g->n_edges, 1)) : NULL;
}

/* A new network: nothing of the old one is patched. */
void
dg_canvas_patch_forget (DgCanvas *self)
{
  if (self->patch == NULL)
    return;
  clear_base (self->patch);
  g_clear_pointer (&self->patch->frame_graph, dg_graph_unref);
  g_clear_pointer (&self->patch->frame_curves, g_free);
  g_clear_pointer (&self->patch->frame_painted, g_free);
  g_array_set_size (self->patch->frame_labels, 0);
}

/* ---- what changed ------------------------------------------------------- */

/* Fills @map[i] with the index in @b of @a's i-th id, or G_MAXUINT when
 * @b has none such. The same ids in the same order (every field edit) cost
 * one comparison each, and so do short runs removed or added (deleting a
 * company removes its deals from all over the list, undoing it puts them
 * back); what the walk passed over unmatched, and what is left when it
 * loses its way (items moved far), is matched through a hash table. */
gboolean
dg_canvas_patch_map_ids (const DgStrings *a,
                         guint            n_a,
                         const DgStrings *b,
                         guint            n_b,
                         guint           *map)
{
  guint head = 0, tail = 0, i, j, end_a, end_b;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GArray) gone = NULL, added = NULL;

  if (a == NULL || b == NULL || a == b)
    {
      /* No ids (a canvas fed by hand): only the same count is the same.
       * The same list (kept by dg_canvas_replace_graph()): the same ids. */
      if (n_a != n_b)
        return FALSE;
      for (guint k = 0; k < n_a; k++)
        map[k] = k;
      return TRUE;
    }
  while (head < n_a && head < n_b && strcmp (a->v[head], b->v[head]) == 0)
    {
      map[head] = head;
      head++;
    }
  while (tail < n_a - head && tail < n_b - head
         && strcmp (a->v[n_a - 1 - tail], b->v[n_b - 1 - tail]) == 0)
    {
      map[n_a - 1 - tail] = n_b - 1 - tail;
      tail++;
    }
  if (head + tail == n_a && head + tail == n_b)
    return TRUE;

  gone = g_array_new (FALSE, FALSE, sizeof (guint));
  added = g_array_new (FALSE, FALSE, sizeof (guint));
  i = j = head;
  end_a = n_a - tail;
  end_b = n_b - tail;
  while (i < end_a && j < end_b)
    {
      guint skip_a = 0, skip_b = 0;

      if (strcmp (a->v[i], b->v[j]) == 0)
        {
          map[i++] = j++;
          continue;
        }
      for (guint k = 1; k <= 16 && skip_a == 0 && skip_b == 0; k++)
        {
          if (i + k < end_a && strcmp (a->v[i + k], b->v[j]) == 0)
            skip_a = k;
          else if (j + k < end_b && strcmp (a->v[i], b->v[j + k]) == 0)
            skip_b = k;
        }
      if (skip_a == 0 && skip_b == 0)
        break;
      for (; skip_a > 0; skip_a--, i++)
        g_array_append_val (gone, i);
      for (; skip_b > 0; skip_b--, j++)
        g_array_append_val (added, j);
    }
  for (; i < end_a; i++)
    g_array_append_val (gone, i);
  for (; j < end_b; j++)
    g_array_append_val (added, j);

  index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 0; k < added->len; k++)
    {
      guint jj = g_array_index (added, guint, k);

      g_hash_table_insert (index, (gpointer) b->v[jj], GUINT_TO_POINTER (jj + 1));
    }
  for (guint k = 0; k < gone->len; k++)
    {
      guint ii = g_array_index (gone, guint, k);
      guint jj = GPOINTER_TO_UINT (g_hash_table_lookup (index, a->v[ii]));

      map[ii] = jj > 0 ? jj - 1 : G_MAXUINT;
    }
  return TRUE;
}

static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

static gboolean
flag_at (const guint8 *flags,
         guint         i,
         gboolean      unset)
{
  return flags != NULL ? flags[i] != 0 : unset;
}

/* Marks @e and every deal between the same two companies (their lanes and
 * bends move together). */
static void
mark_pair (const DgGraph *g,
           guint          e,
           guint8        *mark,
           guint         *count)
{
  guint a = g->edge_src[e], b = g->edge_dst[e];

  for (guint pass = 0; pass < 2; pass++)
    {
      const guint *offset = pass == 0 ? g->out_offset : g->in_offset;
      const guint *edges = pass == 0 ? g->out_edges : g->in_edges;

      for (guint i = offset[a]; i < offset[a + 1]; i++)
        {
          guint f = edges[i];
          guint other = pass == 0 ? g->edge_dst[f] : g->edge_src[f];

          if (other == b && !mark[f])
            {
              mark[f] = 1;
              (*count)++;
            }
        }
    }
}

static void
mark_incident (const DgGraph *g,
               guint          v,
               guint8        *mark,
               guint         *count)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      const guint *offset = pass == 0 ? g->out_offset : g->in_offset;
      const guint *edges = pass == 0 ? g->out_edges : g->in_edges;

      for (guint i = offset[v]; i < offset[v + 1]; i++)
        if (!mark[edges[i]])
          {
            mark[edges[i]] = 1;
            (*count)++;
          }
    }
}

/* The companies and deals of @g marked, as a small network of their own
 * (with the companies at either end of a marked deal). @want_label[v]:
 * the company's name is drawn. */
static void
make_sub (Sub                *sub,
          const DgGraph      *g,
          const float        *xy,
          const DgStrings    *labels,
          const guint8       *node_mark,
          const guint8       *edge_mark,
          const guint8       *want_label,
          const guint8       *node_visible,
          const guint8       *edge_visible,
          const guint8       *edge_cyclic,
          const guint8       *edge_undated,
          const guint8       *pinned,
          const float        *curves,
          const guint8       *painted,
          const guint        *curve_of)
{
  g_autofree guint *node_at = g_new (guint, MAX (g->n_nodes, 1));
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *src = NULL, *dst = NULL;
  DgGraph *s;

  memset (node_at, 0xff, sizeof (guint) * MAX (g->n_nodes, 1));
  for (guint e = 0; e < g->n_edges; e++)
    if (edge_mark[e] && flag_at (edge_visible, e, TRUE))
      g_array_append_val (edges, e);
  for (guint v = 0; v < g->n_nodes; v++)
    if (node_mark[v] && flag_at (node_visible, v, TRUE))
      {
        node_at[v] = nodes->len;
        g_array_append_val (nodes, v);
      }
  for (guint i = 0; i < edges->len; i++)
    {
      guint e = g_array_index (edges, guint, i);
      guint ends[2] = { g->edge_src[e], g->edge_dst[e] };

      for (guint k = 0; k < 2; k++)
        if (node_at[ends[k]] == G_MAXUINT)
          {
            node_at[ends[k]] = nodes->len;
            g_array_append_val (nodes, ends[k]);
          }
    }

  src = g_new (guint, MAX (edges->len, 1));
  dst = g_new (guint, MAX (edges->len, 1));
  for (guint i = 0; i < edges->len; i++)
    {
      guint e = g_array_index (edges, guint, i);

      src[i] = node_at[g->edge_src[e]];
      dst[i] = node_at[g->edge_dst[e]];
    }
  s = dg_graph_new (nodes->len, edges->len, src, dst, NULL);
  sub->nodes = g_memdup2 (nodes->data, sizeof (guint) * MAX (nodes->len, 1));
  sub->edges = g_memdup2 (edges->data, sizeof (guint) * MAX (edges->len, 1));
  sub->xy = g_new (float, 2 * MAX (nodes->len, 1));
  sub->labels = g_new0 (const char *, nodes->len + 1);
  sub->pinned = g_new0 (guint8, MAX (nodes->len, 1));
  for (guint i = 0; i < nodes->len; i++)
    {
      guint v = g_array_index (nodes, guint, i);

      s->node_kind[i] = g->node_kind[v];
      s->node_valuation[i] = g->node_valuation[v];
      sub->xy[2 * i] = xy[2 * v];
      sub->xy[2 * i + 1] = xy[2 * v + 1];
      if (want_label != NULL && want_label[v] && labels != NULL && v < labels->len)
        sub->labels[i] = labels->v[v];
      sub->pinned[i] = flag_at (pinned, v, FALSE);
    }
  if (curves != NULL)
    {
      /* As the frame drew them: erased where they were, drawn again
       * where they are. */
      sub->curves = g_new (float, 6 * (gsize) MAX (edges->len, 1));
      for (guint i = 0; i < edges->len; i++)
        {
          guint e = g_array_index (edges, guint, i), k = curve_of != NULL ? curve_of[e] : e;

          if (k != G_MAXUINT)
            memcpy (sub->curves + 6 * (gsize) i, curves + 6 * (gsize) k, sizeof (float) * 6);
          else
            for (guint j = 0; j < 6; j++)
              sub->curves[6 * (gsize) i + j] = NAN;
        }
    }
  if (painted != NULL)
    {
      sub->painted = g_new0 (guint8, MAX (edges->len, 1));
      for (guint i = 0; i < edges->len; i++)
        {
          guint e = g_array_index (edges, guint, i), k = curve_of != NULL ? curve_of[e] : e;

          sub->painted[i] = k != G_MAXUINT ? painted[k] : DG_PAINTED_NOT;
        }
    }
  sub->cyclic = g_new0 (guint8, MAX (edges->len, 1));
  sub->undated = g_new0 (guint8, MAX (edges->len, 1));
  for (guint i = 0; i < edges->len; i++)
    {
      guint e = g_array_index (edges, guint, i);

      s->edge_amount_kind[i] = g->edge_amount_kind[e];
      s->edge_amount[i] = g->edge_amount[e];
      s->edge_amount_min[i] = g->edge_amount_min[e];
      s->edge_amount_max[i] = g->edge_amount_max[e];
      s->edge_kind[i] = g->edge_kind[e];
      s->edge_status[i] = g->edge_status[e];
      s->edge_date[i] = g->edge_date[e];
      sub->cyclic[i] = flag_at (edge_cyclic, e, FALSE);
      sub->undated[i] = flag_at (edge_undated, e, FALSE);
    }
  sub->graph = s;
}

/* A deal's stroke, roughly: the curve a lone deal takes (bent to the right
 * of the direction of money by 8 % of its length, as the renderer's
 * BEND), as a polyline, and its box. Parallel deals bend further and
 * routing moves some around discs; what this misses leaves a small gap
 * in the patch until the sharp frame. */
#define CURVE_POINTS 9
#define CURVE_REACH 6.0f    /* half a wide deal's stroke, diagram units */

typedef struct
{
  float p[CURVE_POINTS][2];
  float box[4];
  float reach;              /* how far off the polyline it may reach */
  gboolean outline;         /* a name's box, not a deal */
} Curve;

static void
curve_sample (Curve *c,
              float  x0,
              float  y0,
              float  cx,
              float  cy,
              float  x2,
              float  y2)
{
  c->reach = CURVE_REACH;
  c->outline = FALSE;
  c->box[0] = c->box[1] = G_MAXFLOAT;
  c->box[2] = c->box[3] = -G_MAXFLOAT;
  for (guint i = 0; i < CURVE_POINTS; i++)
    {
      float t = (float) i / (CURVE_POINTS - 1), s = 1 - t;

      c->p[i][0] = s * s * x0 + 2 * s * t * cx + t * t * x2;
      c->p[i][1] = s * s * y0 + 2 * s * t * cy + t * t * y2;
      c->box[0] = MIN (c->box[0], c->p[i][0]);
      c->box[1] = MIN (c->box[1], c->p[i][1]);
      c->box[2] = MAX (c->box[2], c->p[i][0]);
      c->box[3] = MAX (c->box[3], c->p[i][1]);
    }
}

/* The deal from u to v bent to the right of the direction of money
 * (@side 1), or straight (0). */
static void
curve_make (Curve       *c,
            const float *xy,
            guint        u,
            guint        v,
            float        side)
{
  float x0 = xy[2 * u], y0 = xy[2 * u + 1], x2 = xy[2 * v], y2 = xy[2 * v + 1];
  float dx = x2 - x0, dy = y2 - y0, len = hypotf (dx, dy);
  float cx = (x0 + x2) / 2, cy = (y0 + y2) / 2;

  if (len > 0)
    {
      cx += side * -dy / len * 2 * 0.08f * len;
      cy += side * dx / len * 2 * 0.08f * len;
    }
  curve_sample (c, x0, y0, cx, cy, x2, y2);
}

/* Deal @e of the kept frame: its curve as drawn when the frame has it. */
static void
curve_of_frame (Curve               *c,
                const DgCanvasPatch *patch,
                guint                e)
{
  const float *q = patch->frame_curves != NULL ? patch->frame_curves + 6 * (gsize) e : NULL;

  if (q != NULL && !isnan (q[0]))
    curve_sample (c, q[0], q[1], q[2], q[3], q[4], q[5]);
  else
    curve_make (c, patch->base_xy, patch->base->edge_src[e], patch->base->edge_dst[e], 1);
}

static float
point_segment (const float *a,
               const float *b,
               float        x,
               float        y)
{
  float dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? CLAMP (((x - a[0]) * dx + (y - a[1]) * dy) / len2, 0.0f, 1.0f) : 0;

  return hypotf (x - a[0] - t * dx, y - a[1] - t * dy);
}

static float
point_curve (const Curve *c,
             float        x,
             float        y)
{
  float d = G_MAXFLOAT;

  for (guint i = 0; i + 1 < CURVE_POINTS; i++)
    d = MIN (d, point_segment (c->p[i], c->p[i + 1], x, y));
  return d;
}

/* A disc at (x, y) of radius r is under the deal's stroke. */
static gboolean
disc_under (const Curve *c,
            float        x,
            float        y,
            float        r)
{
  if (x + r + c->reach < c->box[0] || x - r - c->reach > c->box[2]
      || y + r + c->reach < c->box[1] || y - r - c->reach > c->box[3])
    return FALSE;
  return point_curve (c, x, y) <= r + c->reach;
}

static gboolean
segments_cross (const float *a0,
                const float *a1,
                const float *b0,
                const float *b1)
{
  float d1 = (b1[0] - b0[0]) * (a0[1] - b0[1]) - (b1[1] - b0[1]) * (a0[0] - b0[0]);
  float d2 = (b1[0] - b0[0]) * (a1[1] - b0[1]) - (b1[1] - b0[1]) * (a1[0] - b0[0]);
  float d3 = (a1[0] - a0[0]) * (b0[1] - a0[1]) - (a1[1] - a0[1]) * (b0[0] - a0[0]);
  float d4 = (a1[0] - a0[0]) * (b1[1] - a0[1]) - (a1[1] - a0[1]) * (b1[0] - a0[0]);

  return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
}

/* A name's box as a closed polyline round it (its box is the box). */
static void
curve_outline (Curve       *c,
               const float  box[4])
{
  static const float at[CURVE_POINTS][2] = {
    { 0, 0 }, { 0.5f, 0 }, { 1, 0 }, { 1, 0.5f }, { 1, 1 }, { 0.5f, 1 }, { 0, 1 }, { 0, 0.5f }, { 0, 0 }
  };

  for (guint i = 0; i < CURVE_POINTS; i++)
    {
      c->p[i][0] = box[0] + at[i][0] * (box[2] - box[0]);
      c->p[i][1] = box[1] + at[i][1] * (box[3] - box[1]);
    }
  memcpy (c->box, box, sizeof c->box);
  c->reach = 0;
  c->outline = TRUE;
}

/* A disc lies inside a name's box. */
static gboolean
disc_inside (const Curve *c,
             float        x,
             float        y,
             float        r)
{
  return c->outline && x + r >= c->box[0] && x - r <= c->box[2] && y + r >= c->box[1] && y - r <= c->box[3];
}

/* Two deals' strokes may cross or touch (or a deal and a name's box). */
static gboolean
curves_near (const Curve *a,
             const Curve *b)
{
  float reach = 2 * CURVE_REACH;

  if (a->box[2] + reach < b->box[0] || b->box[2] + reach < a->box[0]
      || a->box[3] + reach < b->box[1] || b->box[3] + reach < a->box[1])
    return FALSE;
  for (guint i = 0; i + 1 < CURVE_POINTS; i++)
    for (guint j = 0; j + 1 < CURVE_POINTS; j++)
      if (segments_cross (a->p[i], a->p[i + 1], b->p[j], b->p[j + 1]))
        return TRUE;
  for (guint i = 0; i < CURVE_POINTS; i++)
    if (point_curve (b, a->p[i][0], a->p[i][1]) <= reach || point_curve (a, b->p[i][0], b->p[i][1]) <= reach)
      return TRUE;
  return (b->outline && disc_inside (b, a->p[0][0], a->p[0][1], 0))
         || (a->outline && disc_inside (a, b->p[0][0], b->p[0][1], 0));
}

/* Compares the kept state with the canvas's and makes the two small
 * networks. FALSE: nothing to patch (nothing kept, or too much changed). */
static gboolean
make_patch (DgCanvas      *self,
            DgCanvasPatch *patch)
{
  DgGraph *a = patch->base, *b = self->graph;
  g_autofree guint *node_map = NULL, *edge_map = NULL;
  g_autofree guint8 *node_seen = NULL, *node_changed = NULL, *old_nodes = NULL, *new_nodes = NULL;
  g_autofree guint8 *old_edges = NULL, *new_edges = NULL, *edge_seen = NULL, *label_shown = NULL;
  g_autofree guint8 *want_label = NULL, *under_edges = NULL;
  g_autofree guint *from = NULL;
  guint n_old_edges = 0, n_new_edges = 0, n_nodes = 0;
  float view[4];

  if (a == NULL || b == NULL || a == b || patch->frame_graph != a || self->xy == NULL)
    return FALSE;
  /* The view, in diagram units. */
  view[0] = -self->view_x / self->zoom;
  view[1] = -self->view_y / self->zoom;
  view[2] = (gtk_widget_get_width (GTK_WIDGET (self)) - self->view_x) / self->zoom;
  view[3] = (gtk_widget_get_height (GTK_WIDGET (self)) - self->view_y) / self->zoom;

  node_map = g_new (guint, MAX (a->n_nodes, 1));
  edge_map = g_new (guint, MAX (a->n_edges, 1));
  if (!dg_canvas_patch_map_ids (patch->base_node_ids, a->n_nodes, self->node_ids, b->n_nodes, node_map)
      || !dg_canvas_patch_map_ids (patch->base_edge_ids, a->n_edges, self->edge_ids, b->n_edges, edge_map))
    return FALSE;

  node_seen = g_new0 (guint8, MAX (b->n_nodes, 1));
  node_changed = g_new0 (guint8, MAX (b->n_nodes, 1));
  old_nodes = g_new0 (guint8, MAX (a->n_nodes, 1));
  new_nodes = g_new0 (guint8, MAX (b->n_nodes, 1));
  old_edges = g_new0 (guint8, MAX (a->n_edges, 1));
  new_edges = g_new0 (guint8, MAX (b->n_edges, 1));
  edge_seen = g_new0 (guint8, MAX (b->n_edges, 1));
  label_shown = g_new0 (guint8, MAX (a->n_nodes, 1));
  want_label = g_new0 (guint8, MAX (b->n_nodes, 1));
  for (guint i = 0; i < patch->frame_labels->len; i++)
    {
      guint v = g_array_index (patch->frame_labels, DgShownLabel, i).node;

      if (v < a->n_nodes)
        label_shown[v] = 1;
    }

  /* Companies: gone, or changed where it shows (place, size, kind, name,
   * filter); a moved or resized one takes its deals along. */
  for (guint v = 0; v < a->n_nodes; v++)
    {
      guint w = node_map[v];
      gboolean name, shape;

      if (w == G_MAXUINT || w >= b->n_nodes)
        {
          old_nodes[v] = 1;
          n_nodes++;
          mark_incident (a, v, old_edges, &n_old_edges);
          continue;
        }
      node_seen[w] = 1;
      shape = patch->base_xy[2 * v] != self->xy[2 * w] || patch->base_xy[2 * v + 1] != self->xy[2 * w + 1]
              || !same_double (a->node_valuation[v], b->node_valuation[w])
              || flag_at (patch->base_node_visible, v, TRUE) != flag_at (self->node_visible, w, TRUE);
      name = patch->base_labels != NULL && self->labels != NULL && patch->base_labels != self->labels
             && g_strcmp0 (patch->base_labels->v[v], self->labels->v[w]) != 0;
      if (shape || name || a->node_kind[v] != b->node_kind[w])
        {
          old_nodes[v] = new_nodes[w] = node_changed[w] = 1;
          want_label[w] = label_shown[v];
          n_nodes++;
        }
      if (shape)
        {
          mark_incident (a, v, old_edges, &n_old_edges);
          mark_incident (b, w, new_edges, &n_new_edges);
        }
    }
  for (guint w = 0; w < b->n_nodes; w++)
    if (!node_seen[w])
      {
        /* A new company: named, so it is found. */
        new_nodes[w] = want_label[w] = 1;
        n_nodes++;
      }
  if (n_nodes > PATCH_MAX_NODES)
    return FALSE;

  /* Deals: gone, new, or changed in what the picture shows of them. */
  for (guint e = 0; e < a->n_edges && n_old_edges + n_new_edges <= 2 * PATCH_MAX_EDGES; e++)
    {
      guint f = edge_map[e];
      gboolean changed;

      if (f == G_MAXUINT || f >= b->n_edges)
        {
          mark_pair (a, e, old_edges, &n_old_edges);
          continue;
        }
      edge_seen[f] = 1;
      changed = node_map[a->edge_src[e]] != b->edge_src[f] || node_map[a->edge_dst[e]] != b->edge_dst[f]
                || a->edge_amount_kind[e] != b->edge_amount_kind[f]
                || !same_double (a->edge_amount[e], b->edge_amount[f])
                || !same_double (a->edge_amount_min[e], b->edge_amount_min[f])
                || !same_double (a->edge_amount_max[e], b->edge_amount_max[f])
                || a->edge_kind[e] != b->edge_kind[f] || a->edge_status[e] != b->edge_status[f]
                || flag_at (patch->base_edge_cyclic, e, FALSE) != flag_at (self->edge_cyclic, f, FALSE)
                || flag_at (patch->base_edge_visible, e, TRUE) != flag_at (self->edge_visible, f, TRUE);
      if (changed)
        {
          mark_pair (a, e, old_edges, &n_old_edges);
          mark_pair (b, f, new_edges, &n_new_edges);
        }
    }
  for (guint f = 0; f < b->n_edges && n_new_edges <= PATCH_MAX_EDGES; f++)
    if (!edge_seen[f])
      mark_pair (b, f, new_edges, &n_new_edges);
  if (n_old_edges > PATCH_MAX_EDGES || n_new_edges > PATCH_MAX_EDGES)
    return FALSE;

  /* What is erased of the old picture is drawn again: the companies at the
   * ends of an erased deal, unchanged, too. */
  for (guint e = 0; e < a->n_edges; e++)
    if (old_edges[e])
      {
        guint ends[2] = { a->edge_src[e], a->edge_dst[e] };

        for (guint k = 0; k < 2; k++)
          {
            guint w = node_map[ends[k]];

            if (w != G_MAXUINT && w < b->n_nodes)
              new_nodes[w] = 1;
          }
      }

  /* Changed names are erased where the frame drew them. */
  for (guint i = 0; i < patch->frame_labels->len; i++)
    {
      const DgShownLabel *label = &g_array_index (patch->frame_labels, DgShownLabel, i);
      guint w = label->node < a->n_nodes ? node_map[label->node] : G_MAXUINT;

      if (label->node < a->n_nodes && old_nodes[label->node] && (w == G_MAXUINT || node_changed[w]))
        g_array_append_val (patch->erase_labels, *label);
    }

  /* Where deals are erased or drawn, the companies they pass under are
   * drawn again over them, as the picture draws companies over deals; and
   * where deals are erased, the deals that crossed them are drawn again
   * inside the erased strip, so it leaves no gap in them. */
  {
    g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (Curve));
    g_autoptr(GArray) erased = g_array_new (FALSE, FALSE, sizeof (Curve));
    g_autoptr(GArray) covered = g_array_new (FALSE, FALSE, sizeof (guint));
    guint n_under = 0;
    float reach_box[4] = { G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };

    /* A new deal's route is not known yet: it is drawn again with the
     * discs either way round it and a little further, so that it is
     * routed around the same ones as in the sharp frame. */
    for (guint f = 0; f < b->n_edges; f++)
      if (new_edges[f])
        {
          Curve c;

          curve_make (&c, self->xy, b->edge_src[f], b->edge_dst[f], 0);
          c.reach = 0.2f * hypotf (c.p[CURVE_POINTS - 1][0] - c.p[0][0], c.p[CURVE_POINTS - 1][1] - c.p[0][1]) + 10;
          g_array_append_val (drawn, c);
        }
    for (guint e = 0; e < a->n_edges; e++)
      if (old_edges[e])
        {
          Curve c;

          curve_of_frame (&c, patch, e);
          g_array_append_val (drawn, c);
          g_array_append_val (erased, c);
        }

    /* An erased name's box, in diagram units (the frame's pixel c shows
     * diagram point (c - view) / zoom), as its outline: deals through it
     * are drawn again inside it (the dots of small companies in it are
     * left out: drawn again, they would keep the new name from its place). */
    for (guint i = 0; i < patch->erase_labels->len; i++)
      {
        const DgShownLabel *label = &g_array_index (patch->erase_labels, DgShownLabel, i);
        float box[4] = { (float) ((label->x0 - self->cache_view[0]) / self->cache_view[2]),
                         (float) ((label->y0 - self->cache_view[1]) / self->cache_view[2]),
                         (float) ((label->x1 - self->cache_view[0]) / self->cache_view[2]),
                         (float) ((label->y1 - self->cache_view[1]) / self->cache_view[2]) };
        Curve c;

        curve_outline (&c, box);
        g_array_append_val (erased, c);
      }

    /* Only what is in view counts; and where long deals cross a crowd
     * (a whole network in view) these are thousands: then the patch goes
     * without them rather than take longer than the sharp frame. */
    if ((guint64) drawn->len * b->n_nodes <= 4000000)
      for (guint w = 0; w < b->n_nodes && covered->len <= PATCH_MAX_COVERED; w++)
        {
          float x = self->xy[2 * w], y = self->xy[2 * w + 1];
          float r = (float) dg_node_radius (b->node_valuation[w]);

          if (new_nodes[w] || x + r < view[0] || x - r > view[2] || y + r < view[1] || y - r > view[3])
            continue;
          for (guint i = 0; i < drawn->len; i++)
            if (!g_array_index (drawn, Curve, i).outline && disc_under (&g_array_index (drawn, Curve, i), x, y, r))
              {
                g_array_append_val (covered, w);
                break;
              }
        }
    if (covered->len <= PATCH_MAX_COVERED)
      for (guint i = 0; i < covered->len; i++)
        new_nodes[g_array_index (covered, guint, i)] = 1;

    under_edges = g_new0 (guint8, MAX (b->n_edges, 1));
    from = g_new (guint, MAX (b->n_edges, 1));
    memset (from, 0xff, sizeof (guint) * MAX (b->n_edges, 1));
    for (guint e = 0; e < a->n_edges; e++)
      if (edge_map[e] != G_MAXUINT && edge_map[e] < b->n_edges)
        from[edge_map[e]] = e;
    for (guint i = 0; i < erased->len; i++)
      {
        const Curve *c = &g_array_index (erased, Curve, i);

        reach_box[0] = MIN (reach_box[0], c->box[0] - 2 * CURVE_REACH);
        reach_box[1] = MIN (reach_box[1], c->box[1] - 2 * CURVE_REACH);
        reach_box[2] = MAX (reach_box[2], c->box[2] + 2 * CURVE_REACH);
        reach_box[3] = MAX (reach_box[3], c->box[3] + 2 * CURVE_REACH);
      }
    if ((guint64) erased->len * b->n_edges <= 4000000)
      for (guint f = 0; f < b->n_edges && n_under <= PATCH_MAX_UNDER; f++)
        {
          Curve c;
          const float *q;

          if (new_edges[f] || from[f] == G_MAXUINT || patch->frame_curves == NULL)
            continue;
          /* Cheaply out of the way: the hull of its drawn curve misses
           * every erased one's. */
          q = patch->frame_curves + 6 * (gsize) from[f];
          if (isnan (q[0])
              || MAX (q[0], MAX (q[2], q[4])) < reach_box[0] || MIN (q[0], MIN (q[2], q[4])) > reach_box[2]
              || MAX (q[1], MAX (q[3], q[5])) < reach_box[1] || MIN (q[1], MIN (q[3], q[5])) > reach_box[3])
            continue;
          /* Unchanged, and drawn in the frame (not left out of a crowd):
           * as it was drawn. */
          curve_of_frame (&c, patch, from[f]);
          if (c.box[2] < view[0] || c.box[0] > view[2] || c.box[3] < view[1] || c.box[1] > view[3])
            continue;
          for (guint i = 0; i < erased->len; i++)
            if (curves_near (&c, &g_array_index (erased, Curve, i)))
              {
                under_edges[f] = 1;
                n_under++;
                break;
              }
        }
    if (n_under > PATCH_MAX_UNDER)
      memset (under_edges, 0, MAX (b->n_edges, 1));
  }

  {
    g_autofree guint8 *none = g_new0 (guint8, MAX (a->n_edges, 1));
    g_autofree guint8 *no_nodes = g_new0 (guint8, MAX (a->n_nodes, 1));

    make_sub (&patch->erase, a, patch->base_xy, patch->base_labels, no_nodes, old_edges, NULL,
              patch->base_node_visible, patch->base_edge_visible, patch->base_edge_cyclic, NULL, NULL,
              patch->frame_curves, NULL, NULL);
    make_sub (&patch->erase_discs, a, patch->base_xy, patch->base_labels, old_nodes, none, NULL,
              patch->base_node_visible, patch->base_edge_visible, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  make_sub (&patch->draw, b, self->xy, self->labels, new_nodes, new_edges, want_label,
            self->node_visible, self->edge_visible, self->edge_cyclic, self->edge_undated, self->pinned,
            NULL, NULL, NULL);
  {
    g_autofree guint8 *no_nodes = g_new0 (guint8, MAX (b->n_nodes, 1));

    make_sub (&patch->under, b, self->xy, NULL, no_nodes, under_edges, NULL,
              self->node_visible, self->edge_visible, self->edge_cyclic, self->edge_undated, NULL,
              patch->frame_curves, patch->frame_painted, from);
  }
  return TRUE;
}

static void
sub_scene (const Sub     *sub,
           const DgScene *scene,
           DgScene       *out)
{
  *out = *scene;
  out->graph = sub->graph;
  out->xy = sub->xy;
  out->labels = sub->labels;
  out->node_ids = out->edge_ids = NULL;
  out->edge_cyclic = sub->cyclic;
  out->edge_curves = sub->curves;
  out->edge_undated = sub->undated;
  out->node_pinned = sub->pinned;
  out->node_visible = out->edge_visible = NULL;
  out->hover_node = out->hover_edge = -1;
  out->selected_node = out->selected_edge = -1;
  /* Not lit (that draws rings and wider deals). */
  out->lit_nodes = out->lit_edges = NULL;
  out->moving = FALSE;
  out->deal_alpha = 0;
  out->background = FALSE;
  out->legend = FALSE;
  out->title = out->subtitle = NULL;
  out->layers = DG_RENDER_LAYER_DIAGRAM;
}

/* The highlight @sub is drawn in, as lit masks of its own (@nodes and
 * @edges, for the caller to free; NULL when nothing is dimmed): with
 * @from_frame, its deals as the kept frame drew them, lit or dimmed around
 * a selection (drawn at full strength, the deals under an erased name were
 * a dark patch among the dimmed ones until the sharp frame); otherwise as
 * the scene lights the new state. */
static void
sub_highlight (const Sub     *sub,
               const DgScene *scene,
               gboolean       from_frame,
               DgScene       *out,
               guint8       **nodes,
               guint8       **edges)
{
  guint n = sub->graph->n_nodes, m = sub->graph->n_edges;
  gboolean dimmed = FALSE;

  *nodes = *edges = NULL;
  if (from_frame)
    {
      for (guint i = 0; sub->painted != NULL && i < m; i++)
        dimmed |= sub->painted[i] == DG_PAINTED_DIM || sub->painted[i] == DG_PAINTED_LIT;
      if (!dimmed)
        return;
      /* (Companies follow their lit deals.) */
      *edges = g_new0 (guint8, MAX (m, 1));
      for (guint i = 0; i < m; i++)
        (*edges)[i] = sub->painted[i] == DG_PAINTED_LIT;
      out->lit_edges = *edges;
      return;
    }
  if (scene->lit_nodes != NULL)
    {
      *nodes = g_new0 (guint8, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        (*nodes)[i] = scene->lit_nodes[sub->nodes[i]];
      out->lit_nodes = *nodes;
    }
  if (scene->lit_edges != NULL)
    {
      *edges = g_new0 (guint8, MAX (m, 1));
      for (guint i = 0; i < m; i++)
        (*edges)[i] = scene->lit_edges[sub->edges[i]];
      out->lit_edges = *edges;
    }
}

static void
extend (double box[4],
        double x,
        double y,
        double pad)
{
  box[0] = MIN (box[0], x - pad);
  box[1] = MIN (box[1], y - pad);
  box[2] = MAX (box[2], x + pad);
  box[3] = MAX (box[3], y + pad);
}

/* Extends @box (widget units) by where the deals and companies of @sub
 * can draw: a deal's curve bows out by up to 0.15 of its length, and an
 * arrowhead, a ring or a rim reach a few pixels past. */
static void
extend_by_sub (DgCanvas   *self,
               const Sub  *sub,
               double      box[4])
{
  const float *xy = sub->xy;

  for (guint i = 0; i < sub->graph->n_edges; i++)
    {
      guint u = sub->graph->edge_src[i], v = sub->graph->edge_dst[i];
      double pad = (0.15 * hypot (xy[2 * v] - xy[2 * u], xy[2 * v + 1] - xy[2 * u + 1]) + 12) * self->zoom + 4;

      extend (box, xy[2 * u] * self->zoom + self->view_x, xy[2 * u + 1] * self->zoom + self->view_y, pad);
      extend (box, xy[2 * v] * self->zoom + self->view_x, xy[2 * v + 1] * self->zoom + self->view_y, pad);
    }
  for (guint i = 0; i < sub->graph->n_nodes; i++)
    {
      double r = dg_node_radius (sub->graph->node_valuation[i]);

      extend (box, xy[2 * i] * self->zoom + self->view_x, xy[2 * i + 1] * self->zoom + self->view_y,
              (r + 6) * self->zoom + 8);
    }
}

/* The patch for the canvas's current content, made if need be; NULL when
 * there is none to draw. */
static DgCanvasPatch *
ensure_patch (DgCanvas *self)
{
  DgCanvasPatch *patch = self->patch;

  if (patch == NULL || patch->base == NULL || patch->frame_graph != patch->base || self->graph == patch->base)
    return NULL;
  if (!patch->made || patch->made_gen != self->content_gen)
    {
      gint64 start = g_get_monotonic_time ();

      clear_made (patch);
      patch->drawable = make_patch (self, patch);
      patch->made = TRUE;
      patch->made_gen = self->content_gen;
      g_debug ("Edit patch %s in %.1f ms: %u deals and %u companies erased, %u deals and %u companies "
               "drawn again, %u deals under what was erased",
               patch->drawable ? "made" : "refused", (g_get_monotonic_time () - start) / 1000.0,
               patch->erase.graph ? patch->erase.graph->n_edges : 0,
               patch->erase_discs.graph ? patch->erase_discs.graph->n_nodes : 0,
               patch->draw.graph ? patch->draw.graph->n_edges : 0,
               patch->draw.graph ? patch->draw.graph->n_nodes : 0,
               patch->under.graph ? patch->under.graph->n_edges : 0);
    }
  /* (make_patch() makes all four parts when it says the patch is drawable.) */
  if (!patch->drawable || patch->erase.graph == NULL || patch->erase_discs.graph == NULL
      || patch->under.graph == NULL || patch->draw.graph == NULL)
    return NULL;
  if (patch->renderer == NULL)
    patch->renderer = dg_renderer_new ();
  return patch;
}

/* The box (widget units) of what the patch erases; FALSE: it erases
 * nothing. */
static gboolean
erase_box (DgCanvas             *self,
           DgCanvasPatch        *patch,
           const cairo_matrix_t *frame_to_widget,
           double                box[4])
{
  if (patch->erase.graph->n_nodes == 0 && patch->erase_discs.graph->n_nodes == 0 && patch->erase_labels->len == 0)
    return FALSE;
  extend_by_sub (self, &patch->erase, box);
  extend_by_sub (self, &patch->erase_discs, box);
  for (guint i = 0; i < patch->erase_labels->len; i++)
    {
      const DgShownLabel *label = &g_array_index (patch->erase_labels, DgShownLabel, i);
      double x0 = label->x0, y0 = label->y0, x1 = label->x1, y1 = label->y1;

      cairo_matrix_transform_point (frame_to_widget, &x0, &y0);
      cairo_matrix_transform_point (frame_to_widget, &x1, &y1);
      extend (box, x0, y0, 2);
      extend (box, x1, y1, 2);
    }
  return TRUE;
}

/* Erased: the old deals and companies as a mask, grown by a pixel each
 * way so their antialiased rims go too, painted in the background, inside
 * @box (from erase_box()); then the deals that crossed it, inside it. */
static void
draw_erase (DgCanvas             *self,
            DgCanvasPatch        *patch,
            cairo_t              *cr,
            const DgScene        *scene,
            const cairo_matrix_t *frame_to_widget,
            const double          box[4])
{
  const DgTheme *theme = dg_theme_get (self->theme);
  cairo_pattern_t *mask;
  static const double grow[5][2] = { { 0, 0 }, { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };
  DgScene sub;

  cairo_save (cr);
  cairo_rectangle (cr, floor (box[0]), floor (box[1]), ceil (box[2]) - floor (box[0]), ceil (box[3]) - floor (box[1]));
  cairo_clip (cr);

  /* Masks are alpha only: a quarter of the memory to fill and compose. */
  cairo_push_group_with_content (cr, CAIRO_CONTENT_ALPHA);
  /* The deals without the discs at their ends: those stay, unless
   * they changed too (then they are in the second part). */
  sub_scene (&patch->erase, scene, &sub);
  sub.layers |= DG_RENDER_LAYER_NO_COMPANIES | DG_RENDER_LAYER_COVERAGE;
  sub.deal_alpha = 1;
  dg_renderer_render (patch->renderer, &sub, cr);
  sub_scene (&patch->erase_discs, scene, &sub);
  sub.layers |= DG_RENDER_LAYER_COVERAGE;
  sub.deal_alpha = 1;
  dg_renderer_render (patch->renderer, &sub, cr);
  cairo_save (cr);
  cairo_transform (cr, frame_to_widget);
  for (guint i = 0; i < patch->erase_labels->len; i++)
    {
      const DgShownLabel *label = &g_array_index (patch->erase_labels, DgShownLabel, i);

      cairo_rectangle (cr, label->x0, label->y0, label->x1 - label->x0, label->y1 - label->y0);
    }
  cairo_set_source_rgba (cr, 0, 0, 0, 1);
  cairo_fill (cr);
  cairo_restore (cr);
  mask = cairo_pop_group (cr);
  /* Grown by a pixel each way, so the antialiased rims go too: the union
   * of five shifted copies, added (saturating: pixman's fast path for
   * alpha-only layers, where five OVER paints took 3 ms of a deletion's
   * first frame). */
  cairo_push_group_with_content (cr, CAIRO_CONTENT_ALPHA);
  cairo_set_operator (cr, CAIRO_OPERATOR_ADD);
  for (guint i = 0; i < G_N_ELEMENTS (grow); i++)
    {
      /* (A source is fixed in the user space it was set in.) */
      cairo_save (cr);
      cairo_translate (cr, grow[i][0], grow[i][1]);
      cairo_set_source (cr, mask);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  cairo_pattern_destroy (mask);
  mask = cairo_pop_group (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_set_source_rgb (cr, theme->background.r, theme->background.g, theme->background.b);
  cairo_mask (cr, mask);

  /* The deals that crossed it, inside it only. */
  if (patch->under.graph->n_edges > 0)
    {
      g_autofree guint8 *lit_nodes = NULL;
      g_autofree guint8 *lit_edges = NULL;

      cairo_push_group (cr);
      sub_scene (&patch->under, scene, &sub);
      sub_highlight (&patch->under, scene, TRUE, &sub, &lit_nodes, &lit_edges);
      sub.layers |= DG_RENDER_LAYER_NO_COMPANIES;
      /* As faint as the frame drew them in a crowd. */
      sub.deal_alpha = patch->frame_alpha;
      dg_renderer_render (patch->renderer, &sub, cr);
      cairo_pop_group_to_source (cr);
      cairo_mask (cr, mask);
    }
  cairo_pattern_destroy (mask);
  cairo_restore (cr);
}

/* The new state of what changed, with the frame's names that new names
 * cover faded out; extends @extent (widget units) to hold all it drew. */
static void
draw_new (DgCanvas             *self,
          DgCanvasPatch        *patch,
          cairo_t              *cr,
          const DgScene        *scene,
          const cairo_matrix_t *frame_to_widget,
          double                extent[4])
{
  const DgTheme *theme = dg_theme_get (self->theme);
  g_autofree guint8 *lit_nodes = NULL;
  g_autofree guint8 *lit_edges = NULL;
  DgScene sub;

  sub_scene (&patch->draw, scene, &sub);
  sub_highlight (&patch->draw, scene, FALSE, &sub, &lit_nodes, &lit_edges);
  sub.deal_alpha = patch->frame_alpha;
  /* The selected company as the sharp frame draws it: ringed, its name
   * placed first. */
  for (guint i = 0; scene->selected_node >= 0 && i < patch->draw.graph->n_nodes; i++)
    if (patch->draw.nodes[i] == (guint) scene->selected_node)
      sub.selected_node = (int) i;
  if (patch->draw.graph->n_nodes > 0 && patch->frame_labels->len > 0)
    {
      /* Drawn aside first, to see where its names go: the frame's names
       * under them give way to them in the sharp frame, so they fade out
       * now (most of the way: what was under them is not known here). */
      cairo_pattern_t *drawn;
      const DgShownLabel *shown;
      guint n_shown;

      cairo_push_group (cr);
      dg_renderer_render (patch->renderer, &sub, cr);
      drawn = cairo_pop_group (cr);
      shown = dg_renderer_get_shown_labels (patch->renderer, &n_shown);
      cairo_save (cr);
      cairo_transform (cr, frame_to_widget);
      for (guint i = 0; i < patch->frame_labels->len; i++)
        {
          const DgShownLabel *old = &g_array_index (patch->frame_labels, DgShownLabel, i);
          double x0 = old->x0, y0 = old->y0, x1 = old->x1, y1 = old->y1;

          cairo_matrix_transform_point (frame_to_widget, &x0, &y0);
          cairo_matrix_transform_point (frame_to_widget, &x1, &y1);
          for (guint k = 0; k < n_shown; k++)
            if (x0 < shown[k].x1 && shown[k].x0 < x1 && y0 < shown[k].y1 && shown[k].y0 < y1)
              {
                cairo_rectangle (cr, old->x0, old->y0, old->x1 - old->x0, old->y1 - old->y0);
                extend (extent, x0, y0, 2);
                extend (extent, x1, y1, 2);
                break;
              }
        }
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b, 0.85);
      cairo_fill (cr);
      cairo_restore (cr);
      cairo_set_source (cr, drawn);
      cairo_paint (cr);
      cairo_pattern_destroy (drawn);
    }
  else
    dg_renderer_render (patch->renderer, &sub, cr);

  extend_by_sub (self, &patch->draw, extent);
  {
    guint n_shown;
    const DgShownLabel *shown = dg_renderer_get_shown_labels (patch->renderer, &n_shown);

    for (guint k = 0; k < n_shown; k++)
      {
        extend (extent, shown[k].x0, shown[k].y0, 2);
        extend (extent, shown[k].x1, shown[k].y1, 2);
      }
  }
}

/* What the edits since the kept frame (composed to the view by
 * @frame_to_widget: the frame's units to the widget's) changed, drawn
 * aside into an image of the box it covers (@box, widget units), to be
 * laid over that frame; %NULL when there is nothing to draw. The image's
 * device scale and offset are set: painted at 0, 0 it lands in @box. */
static cairo_surface_t *
patch_render (DgCanvas              *self,
              const DgScene         *scene,
              const cairo_matrix_t  *frame_to_widget,
              int                    width,
              int                    height,
              int                    scale,
              cairo_rectangle_int_t *box)
{
  DgCanvasPatch *patch = ensure_patch (self);
  cairo_rectangle_t canvas = { 0, 0, width, height };
  double extent[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  double erased[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  cairo_surface_t *recording, *image;
  cairo_t *cr;
  gboolean erasing;
  gint64 start = g_get_monotonic_time (), recorded, erased_at;
  int x, y, w, h;

  if (patch == NULL)
    return NULL;
  /* The new state first, aside, to know where its names go; the erasing
   * then straight into the image (its masks, replayed from a recording,
   * cost 3-4 ms more). */
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &canvas);
  cr = cairo_create (recording);
  draw_new (self, patch, cr, scene, frame_to_widget, extent);
  cairo_destroy (cr);
  erasing = erase_box (self, patch, frame_to_widget, erased);
  if (erasing)
    {
      extend (extent, erased[0], erased[1], 0);
      extend (extent, erased[2], erased[3], 0);
    }
  x = (int) floor (MAX (extent[0], 0));
  y = (int) floor (MAX (extent[1], 0));
  w = (int) ceil (MIN (extent[2], width)) - x;
  h = (int) ceil (MIN (extent[3], height)) - y;
  if (w <= 0 || h <= 0)
    {
      cairo_surface_destroy (recording);
      return NULL;
    }
  scale = MAX (scale, 1);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * scale, h * scale);
  cairo_surface_set_device_scale (image, scale, scale);
  cairo_surface_set_device_offset (image, -x * scale, -y * scale);
  cr = cairo_create (image);
  recorded = g_get_monotonic_time ();
  if (erasing)
    draw_erase (self, patch, cr, scene, frame_to_widget, erased);
  erased_at = g_get_monotonic_time ();
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);
  g_debug ("Edit patch drawn in %.1f ms (the new state recorded %.1f, erased %.1f, replayed %.1f), a %dx%d image",
           (g_get_monotonic_time () - start) / 1000.0, (recorded - start) / 1000.0, (erased_at - recorded) / 1000.0,
           (g_get_monotonic_time () - erased_at) / 1000.0, w, h);
  *box = (cairo_rectangle_int_t) { x, y, w, h };
  return image;
}

/**
 * dg_canvas_patch_draw:
 *
 * @width: the canvas's width
 * @height: its height
 * @scale: its scale factor
 *
 * Over the kept frame, composed to the view (@frame_to_widget: the
 * frame's units to the widget's), what the edits since it changed, as a
 * node of @snapshot, but where @above (the title and legend) is. Returns
 * whether anything was drawn.
 *
 * The patch is drawn aside into an image of the box it draws in and then
 * painted in one operation. Drawn straight into the canvas's node, its
 * groups and masks were recorded and replayed by GSK's cairo renderer on
 * the window's surface in every frame (X server pictures under X11), which
 * made the frame of a deletion 10-15 ms slower than the frame of a rename.
 */
gboolean
dg_canvas_patch_draw (DgCanvas             *self,
                      GtkSnapshot          *snapshot,
                      const DgScene        *scene,
                      const cairo_region_t *above,
                      const cairo_matrix_t *frame_to_widget,
                      int                   width,
                      int                   height,
                      int                   scale)
{
  cairo_rectangle_int_t box;
  cairo_surface_t *image = patch_render (self, scene, frame_to_widget, width, height, scale, &box);
  cairo_region_t *where;
  cairo_t *cr;

  if (image == NULL)
    return FALSE;
  /* A node of its own, the size of its box, over the node of the frame
   * that stays from the last snapshot (dg-canvas-frames.c): GTK redraws
   * and sends only the box. Not over the title and legend. (A texture
   * node, which GTK would not pair with the frame's, costs more: GTK 4.8's
   * cairo renderer converts its pixels one by one in every frame.) */
  where = cairo_region_create_rectangle (&box);
  if (above != NULL)
    cairo_region_subtract (where, above);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (box.x, box.y, box.width, box.height));
  gdk_cairo_region (cr, where);
  cairo_clip (cr);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_region_destroy (where);
  cairo_surface_destroy (image);
  return TRUE;
}
