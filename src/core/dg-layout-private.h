/* dg-layout-private.h: what the layout files share, and hooks for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-analysis.h"
#include "dg-layout.h"

G_BEGIN_DECLS

/* Above this many companies labels claim no room in the layout: they are
 * thinned out when a network that large is drawn anyway. */
#define DG_LAYOUT_LABEL_ROOM_MAX_NODES 2000

/* Room kept around every disc, in diagram units, so arrowheads and selection
 * outlines of neighbours never touch. */
#define DG_LAYOUT_PADDING 6.0

typedef struct _DgForceState DgForceState;

/* Scratch space of the overlap pass, kept between passes. */
typedef struct
{
  guint n_alloc;
  guint n_buckets;
  guint32 *gx, *gy;
  guint *bucket;
  guint *nodes;
  guint *offset;
  guint *fill;
} DgLayoutGrid;

void      dg_layout_grid_clear     (DgLayoutGrid  *grid);

struct _DgLayout
{
  DgGraph *graph;
  DgLayoutAlgorithm algorithm;
  guint64 seed;
  guint n;

  double *xy;             /* 2n, the working positions */
  float *xy_out;          /* 2n, what get_positions hands out */
  gboolean out_dirty;

  guint8 *pinned;         /* n */
  guint8 *has_position;   /* n: xy[i] came from the caller */
  double *radius;         /* n: disc radius, without padding */
  double *label_width;    /* n: label drawn right of the disc; 0 when unknown */

  guint max_threads;      /* for the Barnes-Hut pass; 0 = as many as cores, up to 2 */
  double frame_width;     /* the picture it is for, px (money flow fills it) */
  double frame_height;

  gboolean started;
  gboolean converged;
  gboolean settle;        /* restarted by a pin: nudge, do not rearrange */
  guint iterations;

  DgForceState *force;
  DgLayoutGrid grid;
};

/* Undirected, de-duplicated springs: reciprocal deals and repeated deals
 * between one pair are one spring, weighted by their total amount. */
typedef struct
{
  guint n_pairs;
  guint *u;
  guint *v;
  double *w;
} DgLayoutPairs;

void      dg_layout_pairs_init     (DgLayoutPairs *pairs,
                                    DgGraph       *graph);
void      dg_layout_pairs_clear    (DgLayoutPairs *pairs);

/* splitmix64, so positions never depend on GLib's generator. */
guint64   dg_layout_rand           (guint64       *state);
double    dg_layout_rand01         (guint64       *state);

/* Per-algorithm entry points; each returns TRUE when converged. */
gboolean  dg_layout_force_step     (DgLayout      *self,
                                    gint64         deadline_usec);
/* While the force layout works on a coarse graph, writes into self->xy
 * where each company would be drawn now. */
void      dg_layout_force_project  (DgLayout      *self);
gboolean  dg_layout_force_is_coarse (DgForceState *state);
void      dg_layout_force_free     (DgForceState  *state);
gsize     dg_layout_force_memory   (DgForceState  *state);
void      dg_layout_circular_run   (DgLayout      *self);
void      dg_layout_flow_run       (DgLayout      *self);

/* Pushes overlapping pairs of padded discs (and labels) apart for up to
 * @max_passes passes, then moves whatever still overlaps to free spots;
 * returns the overlapping pairs left (only pairs of pinned companies). */
guint     dg_layout_remove_overlaps (DgLayout     *self,
                                     guint         max_passes);
/* One pass of that over the first @n companies at @xy, moving each
 * overlapping pair apart by @strength of its overlap (0: only count); with
 * @labels, label boxes count too. Returns the overlapping pairs met, not
 * counting pairs of pinned companies. */
guint     dg_layout_collide         (DgLayout     *self,
                                     double       *xy,
                                     guint         n,
                                     gboolean      labels,
                                     double        strength);
/* Whether labels claim room: some are known, and the network is small. */
gboolean  dg_layout_label_room      (DgLayout     *self);
guint     dg_layout_count_overlaps  (DgLayout     *self,
                                     gboolean      labels);
/* Moves the smaller company of each overlapping pair to the nearest free
 * spot; returns how many moved. */
guint     dg_layout_legalize        (DgLayout     *self,
                                     gboolean      labels);
/* The same in slices that keep to a deadline; the positions are the same
 * however it is sliced. */
typedef struct _DgLegalize DgLegalize;
DgLegalize *dg_layout_legalize_begin (DgLayout    *self,
                                      gboolean     labels);
gboolean  dg_layout_legalize_step   (DgLayout     *self,
                                     DgLegalize   *l,
                                     gint64        deadline_usec);
guint     dg_layout_legalize_end    (DgLegalize   *l);

/* For benchmarks: how many threads the force layout may use (1 or 2);
 * positions are the same either way. */
void      dg_layout_set_max_threads (DgLayout     *self,
                                     guint         max_threads);

/* For tests and benchmarks: the repulsion every node feels,
 * kr * m_i * m_j / d pointing away from each other node, added into
 * @force (2n), by Barnes-Hut with opening angle @theta, or exactly. */
void      dg_layout_repulsion_barnes_hut (guint         n,
                                          const double *xy,
                                          const double *mass,
                                          double        kr,
                                          double        theta,
                                          double       *force);
void      dg_layout_repulsion_exact      (guint         n,
                                          const double *xy,
                                          const double *mass,
                                          double        kr,
                                          double       *force);

G_END_DECLS
