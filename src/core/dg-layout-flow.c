/* dg-layout-flow.c: the money-flow (layered) layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Columns from left to right in the direction money flows (investors ->
 * AI labs -> clouds and chip makers), in the Sugiyama manner:
 *  1. cycles are broken inside each strongly connected component by a
 *     depth-first walk from the member that pays out most; only that walk's
 *     back edges run backwards, and since the walk follows the deals, the
 *     members of a cycle land in neighbouring columns and the back edges are
 *     short. Deals between components always run forwards (condensation).
 *  2. longest-path layering of what is left, which is acyclic;
 *  3. barycentre sweeps, down and up, to order each column with few
 *     crossings;
 *  4. coordinates for a picture of the frame's shape (dg_layout_set_frame):
 *     columns as wide as their widest disc and label at the zoom that fills
 *     the frame, the room left spread between columns and rows, and each
 *     column's companies placed as near the mean height of their partners
 *     as the spacing allows (an isotonic regression, so order and spacing
 *     hold).
 */
#define G_LOG_DOMAIN "dealgraph-layout"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dg-layout-private.h"

/* Room on screen, px: labels keep their size whatever the zoom. */
#define COLUMN_GAP_PX   28.0    /* between a column's labels and the next discs */
#define ROW_GAP_PX       6.0
#define LABEL_HALF_PX    9.0    /* half a label's height */
#define LABEL_GAP_PX     5.0    /* between a disc and its label */
#define LABEL_CAP_PX   170.0    /* longer names may go above or below, or wait
                                 * for the reader to zoom in */
#define FRAME_MARGIN_PX 28.0
#define TITLE_PX        44.0
#define TEXT_SHARE_MAX   0.7     /* of the width, for names and gaps */
#define ZOOM_MIN         0.2
#define ZOOM_MAX         1.25
#define N_SWEEPS     12

typedef struct
{
  double key;
  guint pos;
  guint node;
} SortItem;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const SortItem *ia = a, *ib = b;

  if (ia->key != ib->key)
    return ia->key < ib->key ? -1 : 1;
  return ia->pos < ib->pos ? -1 : ia->pos > ib->pos;
}

/* Marks the depth-first back edges inside strongly connected components. */
static void
find_back_edges (DgGraph     *g,
                 const guint *comp,
                 guint        n_comp,
                 guint8      *back)
{
  guint n = g->n_nodes;
  g_autofree guint8 *state = g_new0 (guint8, n);   /* 0 new, 1 open, 2 done */
  g_autofree guint *start = g_new (guint, n_comp);
  g_autofree int *score = g_new0 (int, n);
  g_autofree guint *stack_v = g_new (guint, n);
  g_autofree guint *stack_pos = g_new (guint, n);

  /* The walk starts where money enters the cycle: the member with the
   * most deals out minus in among its component, then the busiest. */
  for (guint e = 0; e < g->n_edges; e++)
    if (comp[g->edge_src[e]] == comp[g->edge_dst[e]])
      {
        score[g->edge_src[e]]++;
        score[g->edge_dst[e]]--;
      }
  for (guint c = 0; c < n_comp; c++)
    start[c] = G_MAXUINT;
  for (guint v = 0; v < n; v++)
    {
      guint c = comp[v];
      guint s = start[c];

      if (s == G_MAXUINT || score[v] > score[s]
          || (score[v] == score[s]
              && g->out_offset[v + 1] - g->out_offset[v] + g->in_offset[v + 1] - g->in_offset[v]
                 > g->out_offset[s + 1] - g->out_offset[s] + g->in_offset[s + 1] - g->in_offset[s]))
        start[c] = v;
    }

  for (guint k = 0; k < n_comp + n; k++)
    {
      guint root = k < n_comp ? start[k] : k - n_comp;
      guint sp = 0;

      if (state[root] != 0)
        continue;
      state[root] = 1;
      stack_v[sp] = root;
      stack_pos[sp] = g->out_offset[root];
      sp++;
      while (sp > 0)
        {
          guint v = stack_v[sp - 1];

          if (stack_pos[sp - 1] < g->out_offset[v + 1])
            {
              guint e = g->out_edges[stack_pos[sp - 1]++];
              guint w = g->edge_dst[e];

              if (comp[w] != comp[v])
                continue;
              if (state[w] == 1)
                back[e] = TRUE;
              else if (state[w] == 0)
                {
                  state[w] = 1;
                  stack_v[sp] = w;
                  stack_pos[sp] = g->out_offset[w];
                  sp++;
                }
            }
          else
            {
              state[v] = 2;
              sp--;
            }
        }
    }
}

/* Least-squares placement of one column's companies at @want, keeping
 * their order and at least sep[i] between i and i+1: pool adjacent
 * violators on want[i] minus the accumulated spacing. */
static void
place_column (guint         k,
              const double *want,
              const double *sep,
              double       *y,
              double       *block_sum,
              guint        *block_len)
{
  double c = 0;
  guint nb = 0;

  for (guint i = 0; i < k; i++)
    {
      double z = want[i] - c;

      block_sum[nb] = z;
      block_len[nb] = 1;
      nb++;
      while (nb > 1 && block_sum[nb - 2] / block_len[nb - 2] > block_sum[nb - 1] / block_len[nb - 1])
        {
          block_sum[nb - 2] += block_sum[nb - 1];
          block_len[nb - 2] += block_len[nb - 1];
          nb--;
        }
      if (i + 1 < k)
        c += sep[i];
    }

  c = 0;
  for (guint b = 0, i = 0; b < nb; b++)
    {
      double mean = block_sum[b] / block_len[b];

      for (guint j = 0; j < block_len[b]; j++, i++)
        {
          y[i] = mean + c;
          if (i + 1 < k)
            c += sep[i];
        }
    }
}

/* Half a row's height for a company: its disc (diagram units, @which 0)
 * or its label (in px, @which 1: 1 when it has one, else 0). */
static double
row_half (DgLayout *self,
          guint     v,
          guint     which)
{
  if (which == 0)
    return self->radius[v] + DG_LAYOUT_PADDING / 2;
  return self->label_width[v] > 0 ? 1 : 0;
}

/* Half a row's height in diagram units, with labels @label_scale units a px. */
static double
half_height (DgLayout *self,
             guint     v,
             double    label_scale)
{
  return MAX (row_half (self, v, 0), row_half (self, v, 1) * LABEL_HALF_PX * label_scale);
}

/* Above this many companies the flow layout does not look for companies
 * sitting on long deals: a picture that large is read by its shape. */
#define CLEAR_MAX_NODES 2000
/* Room kept between a long deal's line and a company's disc, diagram
 * units: the renderer's widest band and its gap (dg-render.c). */
#define CLEAR_GAP 10.0
#define CLEAR_PASSES 6

/* A deal spanning several columns runs over the columns between its ends;
 * a company sitting on its line there would have the deal drawn through
 * it, and the renderer's one bend cannot always get round a crowded middle
 * (5 of the 112 deals of the 2025-2026 network crossed a company). Moves
 * such companies off the line, to the side they are on, keeping each
 * column's order and spacing (place_column again). */
static void
clear_long_deals (DgLayout     *self,
                  const guint  *layer,
                  const guint  *layer_offset,
                  const guint  *layer_nodes,
                  guint         n_layers,
                  const double *col_x,
                  double       *ly,
                  double        label_scale,
                  double        row_gap,
                  double       *want,
                  double       *sep,
                  double       *col,
                  double       *block_sum,
                  guint        *block_len)
{
  DgGraph *g = self->graph;

  if (self->n > CLEAR_MAX_NODES)
    return;

  for (guint pass = 0; pass < CLEAR_PASSES; pass++)
    {
      gboolean moved = FALSE;

      for (guint l = 1; l + 1 < n_layers; l++)
        {
          guint first = layer_offset[l], k = layer_offset[l + 1] - first;
          gboolean any = FALSE;

          for (guint i = 0; i < k; i++)
            {
              guint v = layer_nodes[first + i];

              want[i] = ly[v];
              if (i + 1 < k)
                sep[i] = half_height (self, v, label_scale) + row_gap
                         + half_height (self, layer_nodes[first + i + 1], label_scale);
            }
          for (guint e = 0; e < g->n_edges; e++)
            {
              guint a = g->edge_src[e], b = g->edge_dst[e];
              guint la = MIN (layer[a], layer[b]), lb = MAX (layer[a], layer[b]);
              double t, yc;

              if (!(la < l && l < lb))
                continue;
              if (layer[a] > layer[b])
                {
                  guint tmp = a;

                  a = b;
                  b = tmp;
                }
              t = (col_x[l] - col_x[la]) / (col_x[lb] - col_x[la]);
              yc = ly[a] + t * (ly[b] - ly[a]);
              for (guint i = 0; i < k; i++)
                {
                  guint v = layer_nodes[first + i];
                  double room = self->radius[v] + CLEAR_GAP;

                  if (fabs (want[i] - yc) < room)
                    {
                      want[i] = want[i] >= yc ? yc + room : yc - room;
                      any = TRUE;
                    }
                }
            }
          if (!any)
            continue;
          place_column (k, want, sep, col, block_sum, block_len);
          for (guint i = 0; i < k; i++)
            {
              guint v = layer_nodes[first + i];

              if (fabs (col[i] - ly[v]) > 1e-6)
                moved = TRUE;
              ly[v] = col[i];
            }
        }
      if (!moved)
        break;
    }
}

void
dg_layout_flow_run (DgLayout *self)
{
  DgGraph *g = self->graph;
  guint n = self->n, m = g->n_edges;
  g_autofree guint *comp = NULL;
  g_autofree guint8 *back = NULL;
  g_autofree guint *indeg = NULL;
  g_autofree guint *queue = NULL;
  g_autofree guint *layer = NULL;
  g_autofree guint *layer_offset = NULL;
  g_autofree guint *layer_nodes = NULL;
  g_autofree guint *pos = NULL;
  g_autofree SortItem *items = NULL;
  g_autofree double *ly = NULL;
  g_autofree double *want = NULL;
  g_autofree double *sep = NULL;
  g_autofree double *col = NULL;
  g_autofree double *block_sum = NULL;
  g_autofree guint *block_len = NULL;
  g_autofree double *col_x = NULL;
  g_autofree double *col_half = NULL;
  g_autofree double *col_label = NULL;
  double label_scale, col_gap, row_gap;
  g_autofree double *nx = NULL;
  g_autofree double *ny = NULL;
  guint n_comp, n_layers = 0, head = 0, tail = 0;
  double minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, miny = G_MAXDOUBLE, maxy = -G_MAXDOUBLE;

  if (n == 0)
    return;

  comp = g_new (guint, n);
  n_comp = dg_analysis_strong_components (g, NULL, comp, NULL);
  back = g_new0 (guint8, m + 1);
  find_back_edges (g, comp, n_comp, back);

  /* Longest path from the sources, over the forward deals (Kahn). */
  indeg = g_new0 (guint, n);
  queue = g_new (guint, n);
  layer = g_new0 (guint, n);
  for (guint e = 0; e < m; e++)
    if (!back[e] && g->edge_src[e] != g->edge_dst[e])
      indeg[g->edge_dst[e]]++;
  for (guint v = 0; v < n; v++)
    if (indeg[v] == 0)
      queue[tail++] = v;
  while (head < tail)
    {
      guint v = queue[head++];

      for (guint a = g->out_offset[v]; a < g->out_offset[v + 1]; a++)
        {
          guint e = g->out_edges[a];
          guint w = g->edge_dst[e];

          if (back[e] || w == v)
            continue;
          layer[w] = MAX (layer[w], layer[v] + 1);
          if (--indeg[w] == 0)
            queue[tail++] = w;
        }
    }
  g_assert (tail == n);

  for (guint v = 0; v < n; v++)
    n_layers = MAX (n_layers, layer[v] + 1);

  /* Columns, first in the order Kahn met the companies. */
  layer_offset = g_new0 (guint, n_layers + 1);
  layer_nodes = g_new (guint, n);
  pos = g_new (guint, n);
  for (guint v = 0; v < n; v++)
    layer_offset[layer[v] + 1]++;
  for (guint l = 0; l < n_layers; l++)
    layer_offset[l + 1] += layer_offset[l];
  {
    g_autofree guint *fill = g_memdup2 (layer_offset, sizeof (guint) * (n_layers + 1));

    for (guint k = 0; k < n; k++)
      {
        guint v = queue[k];

        pos[v] = fill[layer[v]] - layer_offset[layer[v]];
        layer_nodes[fill[layer[v]]++] = v;
      }
  }

  /* Barycentre sweeps: a company's key is the mean relative height of its
   * partners on the side swept from, nearer columns counting more. */
  items = g_new (SortItem, n);
  for (guint sweep = 0; sweep < N_SWEEPS && n_layers > 1; sweep++)
    {
      gboolean down = sweep % 2 == 0;

      for (guint step = 1; step < n_layers; step++)
        {
          guint l = down ? step : n_layers - 1 - step;
          guint first = layer_offset[l], k = layer_offset[l + 1] - first;

          for (guint i = 0; i < k; i++)
            {
              guint v = layer_nodes[first + i];
              double sum = 0, wsum = 0;

              for (int dir = 0; dir < 2; dir++)
                {
                  guint lo = dir == 0 ? g->out_offset[v] : g->in_offset[v];
                  guint hi = dir == 0 ? g->out_offset[v + 1] : g->in_offset[v + 1];

                  for (guint a = lo; a < hi; a++)
                    {
                      guint e = dir == 0 ? g->out_edges[a] : g->in_edges[a];
                      guint u = dir == 0 ? g->edge_dst[e] : g->edge_src[e];
                      guint lu = layer[u];
                      double span, w;

                      if (down ? lu >= l : lu <= l)
                        continue;
                      span = down ? (double) (l - lu) : (double) (lu - l);
                      w = 1.0 / (span * span);
                      sum += w * (pos[u] + 0.5) / (layer_offset[lu + 1] - layer_offset[lu]);
                      wsum += w;
                    }
                }
              items[i].key = wsum > 0 ? sum / wsum : (pos[v] + 0.5) / k;
              items[i].pos = pos[v];
              items[i].node = v;
            }
          qsort (items, k, sizeof (SortItem), compare_items);
          for (guint i = 0; i < k; i++)
            {
              layer_nodes[first + i] = items[i].node;
              pos[items[i].node] = i;
            }
        }
    }

  /* Coordinates, for a picture of the frame's shape. Discs scale with the
   * zoom; labels do not. So pick the zoom z at which the columns, with
   * their labels beside them, fill the frame's width (or the tallest column
   * its height), reserve room for labels in diagram units at that zoom,
   * and spread whatever room is left over the gaps between columns and
   * rows, so the picture takes the frame's shape instead of a strip. */
  col_x = g_new0 (double, n_layers);
  col_half = g_new0 (double, n_layers);
  col_label = g_new0 (double, n_layers);
  for (guint l = 0; l < n_layers; l++)
    for (guint k = layer_offset[l]; k < layer_offset[l + 1]; k++)
      {
        guint v = layer_nodes[k];

        col_half[l] = MAX (col_half[l], self->radius[v] + DG_LAYOUT_PADDING / 2);
        if (self->label_width[v] > 0)
          col_label[l] = MAX (col_label[l], LABEL_GAP_PX + MIN (self->label_width[v], LABEL_CAP_PX));
      }
  {
    double avail_w = MAX (self->frame_width - 2 * FRAME_MARGIN_PX, 100);
    double avail_h = MAX (self->frame_height - 2 * FRAME_MARGIN_PX - TITLE_PX, 100);
    double disc_w = 0, text_w = 0, z_w, z_h, z, lo, hi, tallest = 0, natural_w;
    guint k_max = 1, l_max = 0;

    /* Width at zoom z, in px: z * disc_w + text_w. When the names would
     * take more than most of the width, each column keeps room for part of
     * its widest name: the renderer places the rest above or below their
     * discs, or leaves them for the reader to zoom in to. */
    for (guint l = 0; l < n_layers; l++)
      {
        disc_w += 2 * col_half[l];
        text_w += col_label[l] + (l + 1 < n_layers ? COLUMN_GAP_PX : 0);
      }
    if (text_w > TEXT_SHARE_MAX * avail_w)
      {
        double gaps = (n_layers - 1) * COLUMN_GAP_PX;
        double k = MAX (TEXT_SHARE_MAX * avail_w - gaps, 0) / MAX (text_w - gaps, 1);

        text_w = gaps;
        for (guint l = 0; l < n_layers; l++)
          {
            col_label[l] *= k;
            text_w += col_label[l];
          }
      }
    z_w = avail_w > text_w ? (avail_w - text_w) / disc_w : ZOOM_MIN;

    /* Height of the tallest column at zoom z, in px, grows with z. */
    for (guint l = 0; l < n_layers; l++)
      if (layer_offset[l + 1] - layer_offset[l] > k_max)
        {
          k_max = layer_offset[l + 1] - layer_offset[l];
          l_max = l;
        }
    lo = ZOOM_MIN;
    hi = ZOOM_MAX;
    for (guint it = 0; it < 40; it++)
      {
        double mid = (lo + hi) / 2, h = 0;

        for (guint k = layer_offset[l_max]; k < layer_offset[l_max + 1]; k++)
          h += 2 * MAX (mid * row_half (self, layer_nodes[k], 0), row_half (self, layer_nodes[k], 1) * LABEL_HALF_PX);
        h += (k_max - 1) * ROW_GAP_PX;
        if (h <= avail_h)
          lo = mid;
        else
          hi = mid;
      }
    z_h = lo;
    z = CLAMP (MIN (z_w, z_h), ZOOM_MIN, ZOOM_MAX);
    label_scale = 1 / z;

    /* Whatever room is left, in diagram units at that zoom. */
    natural_w = disc_w + text_w * label_scale;
    col_gap = COLUMN_GAP_PX * label_scale;
    if (n_layers > 1)
      col_gap += MAX (0, avail_w / z - natural_w) / (n_layers - 1);
    for (guint k = layer_offset[l_max]; k < layer_offset[l_max + 1]; k++)
      tallest += 2 * half_height (self, layer_nodes[k], label_scale);
    row_gap = ROW_GAP_PX * label_scale;
    if (k_max > 1)
      row_gap += MAX (0, avail_h / z - tallest - (k_max - 1) * row_gap) / (k_max - 1);
  }
  {
    double x = 0;

    for (guint l = 0; l < n_layers; l++)
      {
        if (l > 0)
          x += col_half[l - 1] + col_label[l - 1] * label_scale + col_gap + col_half[l];
        col_x[l] = x;
      }
  }

  /* Heights: stacked first, then pulled toward partners column by column. */
  ly = g_new0 (double, n);
  want = g_new (double, n);
  sep = g_new (double, n);
  col = g_new (double, n);
  block_sum = g_new (double, n);
  block_len = g_new (guint, n);
  for (guint l = 0; l < n_layers; l++)
    {
      guint first = layer_offset[l], k = layer_offset[l + 1] - first;
      double y = 0;

      for (guint i = 0; i < k; i++)
        {
          guint v = layer_nodes[first + i];

          if (i > 0)
            y += half_height (self, layer_nodes[first + i - 1], label_scale) + row_gap
                 + half_height (self, v, label_scale);
          ly[v] = y;
        }
      for (guint i = 0; i < k; i++)
        ly[layer_nodes[first + i]] -= y / 2;
    }
  for (guint sweep = 0; sweep < 8; sweep++)
    {
      gboolean down = sweep % 2 == 0;

      for (guint step = 0; step < n_layers; step++)
        {
          guint l = down ? step : n_layers - 1 - step;
          guint first = layer_offset[l], k = layer_offset[l + 1] - first;

          for (guint i = 0; i < k; i++)
            {
              guint v = layer_nodes[first + i];
              double sum = 0, wsum = 0;

              for (int dir = 0; dir < 2; dir++)
                {
                  guint lo = dir == 0 ? g->out_offset[v] : g->in_offset[v];
                  guint hi = dir == 0 ? g->out_offset[v + 1] : g->in_offset[v + 1];

                  for (guint a = lo; a < hi; a++)
                    {
                      guint e = dir == 0 ? g->out_edges[a] : g->in_edges[a];
                      guint u = dir == 0 ? g->edge_dst[e] : g->edge_src[e];
                      double span = fabs ((double) layer[u] - (double) l);

                      if (span < 1)
                        continue;
                      sum += ly[u] / (span * span);
                      wsum += 1 / (span * span);
                    }
                }
              want[i] = wsum > 0 ? sum / wsum : ly[v];
              if (i + 1 < k)
                sep[i] = half_height (self, v, label_scale) + row_gap
                         + half_height (self, layer_nodes[first + i + 1], label_scale);
            }
          place_column (k, want, sep, col, block_sum, block_len);
          for (guint i = 0; i < k; i++)
            ly[layer_nodes[first + i]] = col[i];
        }
    }

  clear_long_deals (self, layer, layer_offset, layer_nodes, n_layers, col_x, ly, label_scale, row_gap,
                    want, sep, col, block_sum, block_len);

  nx = g_new (double, n);
  ny = g_new (double, n);
  for (guint v = 0; v < n; v++)
    {
      nx[v] = col_x[layer[v]];
      ny[v] = ly[v];
      minx = MIN (minx, nx[v]);
      maxx = MAX (maxx, nx[v]);
      miny = MIN (miny, ny[v]);
      maxy = MAX (maxy, ny[v]);
    }
  for (guint v = 0; v < n; v++)
    if (!self->pinned[v])
      {
        self->xy[2 * v] = nx[v] - (minx + maxx) / 2;
        self->xy[2 * v + 1] = ny[v] - (miny + maxy) / 2;
      }
}
