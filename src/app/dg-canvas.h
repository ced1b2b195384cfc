/* dg-canvas.h: the interactive deal diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "dg-graph.h"
#include "dg-layout.h"
#include "dg-theme.h"

G_BEGIN_DECLS

#define DG_TYPE_CANVAS (dg_canvas_get_type ())

G_DECLARE_FINAL_TYPE (DgCanvas, dg_canvas, DG, CANVAS, GtkWidget)

GtkWidget    *dg_canvas_new              (void);
void          dg_canvas_set_graph        (DgCanvas           *self,
                                          DgGraph            *graph,
                                          const char * const *labels,
                                          const char * const *node_ids,
                                          const char * const *edge_ids);
/* What dg_canvas_replace_graph() keeps from the graph it replaces: the
 * lists its caller knows did not change (their arguments are ignored),
 * and the lists that changed but are given only in part: NULL for each
 * row the new graph's origins (DgGraph's node_origin and edge_origin)
 * say came unchanged from the graph the canvas shows, which its caller
 * made sure is the new one's base (base_serial). */
typedef enum
{
  DG_CANVAS_KEEP_NOTHING  = 0,
  DG_CANVAS_KEEP_LABELS   = 1 << 0,
  DG_CANVAS_KEEP_NODE_IDS = 1 << 1,
  DG_CANVAS_KEEP_EDGE_IDS = 1 << 2,
  DG_CANVAS_MAP_LABELS    = 1 << 3,
  DG_CANVAS_MAP_NODE_IDS  = 1 << 4,
  DG_CANVAS_MAP_EDGE_IDS  = 1 << 5,
} DgCanvasKeep;

/* The same network after an edit: as dg_canvas_set_graph(), but the last
 * frame stays on screen until the new one is drawn. */
void          dg_canvas_replace_graph    (DgCanvas           *self,
                                          DgGraph            *graph,
                                          const char * const *labels,
                                          const char * const *node_ids,
                                          const char * const *edge_ids,
                                          DgCanvasKeep        keep);
/* The same network in another state (the timeline's month): same
 * companies and deals at the same indices; the view, positions and
 * selection stay. */
void          dg_canvas_update_graph     (DgCanvas           *self,
                                          DgGraph            *graph);
DgGraph      *dg_canvas_get_graph        (DgCanvas           *self);
void          dg_canvas_set_positions    (DgCanvas           *self,
                                          const float        *xy,
                                          const guint8       *pinned);
const float  *dg_canvas_get_positions    (DgCanvas           *self);
const guint8 *dg_canvas_get_pinned       (DgCanvas           *self);
void          dg_canvas_set_cyclic       (DgCanvas           *self,
                                          const guint8       *edge_cyclic);
void          dg_canvas_set_visible_items (DgCanvas          *self,
                                          const guint8       *node_visible,
                                          const guint8       *edge_visible);
void          dg_canvas_set_undated      (DgCanvas           *self,
                                          const guint8       *edge_undated);
const guint8 *dg_canvas_get_undated      (DgCanvas           *self);
void          dg_canvas_set_titles       (DgCanvas           *self,
                                          const char         *title,
                                          const char         *subtitle);
void          dg_canvas_set_theme        (DgCanvas           *self,
                                          DgThemeKind         theme);
DgThemeKind   dg_canvas_get_theme        (DgCanvas           *self);
void          dg_canvas_set_legend       (DgCanvas           *self,
                                          gboolean            legend);
gboolean      dg_canvas_get_legend_shown (DgCanvas           *self);

void          dg_canvas_run_layout       (DgCanvas           *self,
                                          DgLayoutAlgorithm   algorithm,
                                          gboolean            from_scratch);
gboolean      dg_canvas_is_rendering     (DgCanvas           *self);
gboolean      dg_canvas_is_layout_running (DgCanvas          *self);
gboolean      dg_canvas_is_frame_exact   (DgCanvas           *self);

void          dg_canvas_set_selection    (DgCanvas           *self,
                                          int                 node,
                                          int                 edge);
void          dg_canvas_reveal_selection (DgCanvas           *self);
int           dg_canvas_get_selected_node (DgCanvas          *self);
int           dg_canvas_get_selected_edge (DgCanvas          *self);
void          dg_canvas_set_lit          (DgCanvas           *self,
                                          const guint        *nodes,
                                          guint               n_nodes,
                                          const guint        *edges,
                                          guint               n_edges);
const guint8 *dg_canvas_get_lit_edges    (DgCanvas           *self);
const guint8 *dg_canvas_get_node_visible (DgCanvas           *self);
const guint8 *dg_canvas_get_edge_visible (DgCanvas           *self);

void          dg_canvas_fit              (DgCanvas           *self,
                                          gboolean            animate);
void          dg_canvas_zoom_by          (DgCanvas           *self,
                                          double              factor,
                                          double              x,
                                          double              y);
void          dg_canvas_zoom_to_node     (DgCanvas           *self,
                                          guint               node);
void          dg_canvas_zoom_to_nodes    (DgCanvas           *self,
                                          const guint        *nodes,
                                          guint               n_nodes,
                                          gboolean            animate);
void          dg_canvas_get_view         (DgCanvas           *self,
                                          double             *x,
                                          double             *y,
                                          double             *zoom);
void          dg_canvas_set_view         (DgCanvas           *self,
                                          double              x,
                                          double              y,
                                          double              zoom);
void          dg_canvas_pan_by           (DgCanvas           *self,
                                          double              dx,
                                          double              dy);

int           dg_canvas_hit_node         (DgCanvas           *self,
                                          double              x,
                                          double              y);
int           dg_canvas_hit_edge         (DgCanvas           *self,
                                          double              x,
                                          double              y);
gboolean      dg_canvas_node_to_widget   (DgCanvas           *self,
                                          guint               node,
                                          double             *x,
                                          double             *y);
gboolean      dg_canvas_edge_point       (DgCanvas           *self,
                                          guint               edge,
                                          double              t,
                                          double             *x,
                                          double             *y);

void          dg_canvas_move_node        (DgCanvas           *self,
                                          guint               node,
                                          double              widget_x,
                                          double              widget_y);
void          dg_canvas_unpin            (DgCanvas           *self,
                                          guint               node);
void          dg_canvas_unpin_all        (DgCanvas           *self);
void          dg_canvas_focus_next       (DgCanvas           *self,
                                          gboolean            backwards);
int           dg_canvas_get_focus_node   (DgCanvas           *self);
void          dg_canvas_set_accessible_text (DgCanvas         *self,
                                             const char       *label,
                                             const char       *description);
GdkTexture   *dg_canvas_render_texture   (DgCanvas           *self);
void          dg_canvas_set_context_menu (DgCanvas           *self,
                                          GMenuModel         *model);
void          dg_canvas_set_pinned       (DgCanvas           *self,
                                          guint               node,
                                          gboolean            pinned);
gboolean      dg_canvas_claim_double_click (DgCanvas         *self,
                                          guint32             time,
                                          double              x,
                                          double              y);
void          dg_canvas_describe         (DgCanvas           *self,
                                          JsonBuilder        *builder);

G_END_DECLS
