/* dg-layout.h: placing the companies of a deal network on the plane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three layouts over the compact DgGraph snapshot: force-directed (incremental,
 * Barnes-Hut, multilevel for large graphs), circular (strongly connected
 * components as arcs of one ring) and money flow (layered, left to right).
 * Positions are in diagram units: 1 unit is 1 pixel at zoom 1. The same
 * input and seed give bit-identical positions, however the work is sliced
 * into steps. See docs/layout.md.
 */
#pragma once

#include <glib.h>

#include "dg-document.h"
#include "dg-graph.h"

G_BEGIN_DECLS

typedef enum
{
  DG_LAYOUT_FORCE,
  DG_LAYOUT_CIRCULAR,
  DG_LAYOUT_FLOW,
} DgLayoutAlgorithm;

#define DG_N_LAYOUT_ALGORITHMS 3

typedef struct _DgLayout DgLayout;

const char *dg_layout_algorithm_to_string   (DgLayoutAlgorithm   algorithm);
gboolean    dg_layout_algorithm_from_string (const char         *name,
                                             DgLayoutAlgorithm  *algorithm);

DgLayout   *dg_layout_new                   (DgGraph            *graph,
                                             DgLayoutAlgorithm   algorithm,
                                             guint64             seed);
void        dg_layout_free                  (DgLayout           *self);

void        dg_layout_set_initial           (DgLayout           *self,
                                             const float        *xy,
                                             const guint8       *pinned,
                                             const guint8       *has_position);
void        dg_layout_set_node_sizes        (DgLayout           *self,
                                             const float        *radius,
                                             const float        *label_width);
void        dg_layout_set_frame             (DgLayout           *self,
                                             double              width,
                                             double              height);

gboolean    dg_layout_step                  (DgLayout           *self,
                                             double              time_budget_seconds);
gboolean    dg_layout_run                   (DgLayout           *self,
                                             double              max_seconds);

const float *dg_layout_get_positions        (DgLayout           *self);
guint       dg_layout_get_n_nodes           (DgLayout           *self);
DgLayoutAlgorithm dg_layout_get_algorithm   (DgLayout           *self);
gboolean    dg_layout_get_converged         (DgLayout           *self);
guint       dg_layout_get_iterations        (DgLayout           *self);
gsize       dg_layout_get_memory_size       (DgLayout           *self);

void        dg_layout_pin                   (DgLayout           *self,
                                             guint               node,
                                             float               x,
                                             float               y);
void        dg_layout_unpin                 (DgLayout           *self,
                                             guint               node);
gboolean    dg_layout_is_pinned             (DgLayout           *self,
                                             guint               node);

void        dg_layout_apply_to_document     (DgLayout           *self,
                                             DgDocument         *doc);

gboolean    dg_layout_ensure_positions      (DgDocument         *doc,
                                             const char         *algorithm_or_null,
                                             guint64             seed,
                                             float             **xy_out);

/* Width in diagram units of a company name drawn at 12 px, as the layout
 * reserves it before the renderer has measured anything. */
float       dg_layout_estimate_label_width  (const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgLayout, dg_layout_free)

G_END_DECLS
