/* dg-canvas-private.h: what the canvas's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas is one widget in four files (dg-canvas.c: data, view and life
 * cycle; -frames: drawing; -input: events; -layout: running layouts);
 * this header is theirs alone.
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-canvas.h"
#include "dg-render.h"

G_BEGIN_DECLS

#define MIN_ZOOM 0.02              /* further out for networks too big for it */
#define MAX_ZOOM 40.0
#define ANIMATION_USEC (300 * 1000)
#define LAYOUT_FRAME_BUDGET 0.006   /* seconds of layout per frame */
#define DRAG_THRESHOLD 4.0
#define FIT_MARGIN 24.0

/* A NULL-terminated table of strings and the strings, in one block,
 * reference counted: the canvas and its render jobs share it. One
 * allocation instead of one per string (75,000 at 10,000 companies and
 * 55,000 deals, copied on every edit). The strings follow one another in
 * the table's order (dg_strings_remap() relies on it). */
typedef struct
{
  guint len;
  const char * const *v;
} DgStrings;

DgStrings *dg_strings_new   (const char * const *strv);
DgStrings *dg_strings_remap (const DgStrings    *old,
                             const guint        *origin,
                             const char * const *fresh,
                             guint               n);
DgStrings *dg_strings_ref   (DgStrings          *strings);
void       dg_strings_unref (DgStrings          *strings);

typedef struct _DgCanvasPatch DgCanvasPatch;

/* A render node kept from one frame to the next while what it shows
 * stands (see dg-canvas-frames.c): what it was made of, the surfaces held
 * so their addresses stay theirs. */
typedef struct
{
  GskRenderNode *node;
  cairo_surface_t *source[3];
  double view[9];
  int width;
  int height;
  int scale;
  DgThemeKind theme;
  gboolean exact;
} DgKeptNode;

void dg_kept_node_clear (DgKeptNode *kept);

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_NODE,
  DRAG_LINK,   /* Ctrl+drag from a company: a new deal to where it ends */
} DragMode;

struct _DgCanvas
{
  GtkWidget parent_instance;

  DgRenderer *renderer;
  DgGraph *graph;
  DgStrings *labels;        /* shared with render jobs */
  DgStrings *node_ids;
  DgStrings *edge_ids;
  float *xy;
  guint8 *pinned;
  guint8 *edge_cyclic;
  guint8 *node_visible;
  guint8 *edge_visible;
  guint8 *edge_undated;
  guint8 *lit_nodes;
  guint8 *lit_edges;
  char *title;
  char *subtitle;
  DgThemeKind theme;
  gboolean legend;          /* the "show-legend" property */
  gboolean view_fitted;     /* the view is a fit nobody has moved since */

  /* View */
  double view_x;
  double view_y;
  double zoom;
  gboolean view_set;        /* FALSE until the first fit */
  int last_width;
  int last_height;
  gboolean have_origin;     /* where the canvas was in its window, to keep */
  double origin_x;          /* the picture still when a panel opens */
  double origin_y;
  GArray *focus_target;     /* companies the view was last asked to show */
  gboolean focus_animate;
  gboolean reveal_pending;  /* bring the selection into view once allocated */

  /* Large graphs: the last sharp frame, rendered off the main thread with a
   * margin around the view, is composed (moved, scaled) while panning and
   * zooming, and a sharp one follows when the view rests. */
  gboolean cached_mode;     /* set once a direct frame took too long */
  guint8 *quick_nodes;      /* the hovered neighbourhood, for composed frames */
  guint8 *quick_edges;
  GArray *quick_set_nodes;  /* what is set in them, to clear */
  GArray *quick_set_edges;
  cairo_surface_t *overlay; /* title and legend over composed frames */
  cairo_region_t *overlay_region;  /* where it has pixels */
  int overlay_width;
  int overlay_height;
  int overlay_scale;
  gboolean overlay_legend;
  gboolean overlay_title;
  DgThemeKind overlay_theme;
  gboolean frame_stats;
  GCancellable *layout_cancellable;
  gboolean layout_pending;  /* a worker thread is laying the graph out */
  gboolean layout_hides;    /* ...and there is no picture to show meanwhile */
  guint stats_frames;
  double stats_sum;
  double stats_max;
  gint64 paint_start;
  guint content_gen;        /* bumped by every change but the view's */
  guint exact_gen;          /* the content_gen of the last exact frame on screen, + 1 */
  guint painted_gen;        /* the content_gen of the last frame drawn, exact or not, + 1 */
  gboolean painted_patch;   /* that frame drew an edit over the kept picture */
  cairo_surface_t *cache;
  guint cache_gen;
  guint structure_gen;      /* bumped by what changes the diagram at rest (not hover) */
  cairo_surface_t *overview;  /* the whole network at fit, under a moving frame */
  guint overview_gen;
  double overview_view[3];
  int overview_scale;
  float *worker_xy;         /* the positions the worker draws: replaced between jobs */
  guint worker_xy_n;
  guint positions_gen;      /* bumped when positions move */
  guint worker_xy_gen;
  double min_zoom;          /* how far out the view may go; 0: to compute */
  int min_zoom_width;
  int min_zoom_height;
  gint64 view_changed_at;   /* when the view last moved, for the frame stats */
  gboolean last_exact;      /* the last composed frame was sharp */
  guint stats_timeout;
  guint stats_sharp;        /* sharp frames after the view rested, and their delay */
  double stats_sharp_sum;
  double stats_sharp_max;
  double cache_view[3];     /* view (x, y, zoom) the cache was drawn for */
  int cache_width;
  int cache_height;
  int cache_scale;
  int cache_hover_node;     /* what the cached frame shows hovered */
  int cache_hover_edge;
  DgRenderer *worker_renderer;
  DgCanvasPatch *patch;     /* an edit drawn over the kept frame (dg-canvas-patch.c) */
  DgKeptNode frame_node;    /* the composed frame with the title and legend, as
                             * the last snapshot gave it */
  DgRenderChange worker_invalid;
  GCancellable *job_cancellable;
  gboolean job_running;
  gboolean job_wanted;
  guint sharp_timeout;

  /* Interaction */
  int hover_node;
  int hover_edge;
  int selected_node;
  int selected_edge;
  int focus_node;           /* keyboard focus ring, -1 when none */

  /* What assistive technology reads: the item the keyboard is on, or the
   * text for the whole diagram (set by its owner), as last sent to GTK. */
  char *a11y_label;
  char *a11y_description;
  char *a11y_owner_label;
  char *a11y_owner_description;
  DragMode drag_mode;
  int drag_node;
  double drag_start_x;
  double drag_start_y;
  double drag_view_x;
  double drag_view_y;
  double drag_node_x;
  double drag_node_y;
  gboolean dragged;
  double link_x;               /* DRAG_LINK: the pointer, in widget pixels */
  double link_y;
  int link_target;             /* DRAG_LINK: the company under it, or -1 */
  GtkGesture *drag_gesture;
  double pinch_zoom;
  gboolean pointer_inside;  /* the pointer's last place, for wheel zoom */
  gboolean tooltip_suppressed; /* after a click, until the pointer leaves the item */
  GtkWidget *context_menu;  /* a GtkPopoverMenu, ours to place */
  int last_press_node;      /* a second press on it soon after is a double click */
  guint32 last_press_time;
  double last_press_x;
  double last_press_y;
  gboolean last_press_background;  /* the last press was on empty canvas */
  gboolean swallow_release;        /* that press ended a double click */
  double pointer_x;
  double pointer_y;

  /* View animation */
  guint view_tick;
  gint64 anim_start;
  double anim_from[3];
  double anim_to[3];

  /* Layout, animated from the frame clock */
  DgLayout *layout;
  guint layout_tick;
  gboolean fit_while_layout;
  gboolean flow_wants_size; /* a money-flow layout made before the canvas had a size */
  float *morph_from;        /* positions animating towards the layout's */
  float *morph_to;
  gint64 morph_start;
};

enum {
  COMPANY_ACTIVATED,
  DEAL_ACTIVATED,
  BACKGROUND_ACTIVATED,
  COMPANY_MOVED,
  POSITIONS_CHANGED,
  COMPANY_OPENED,
  CONTEXT_MENU,
  BACKGROUND_DOUBLE_CLICKED,
  DEAL_REQUESTED,
  DG_CANVAS_N_SIGNALS
};

/* dg-canvas.c */
extern guint dg_canvas_signals[DG_CANVAS_N_SIGNALS];
void     dg_canvas_fill_scene         (DgCanvas       *self,
                                       DgScene        *scene);
void     dg_canvas_update_accessible  (DgCanvas       *self);
void     dg_canvas_content_changed    (DgCanvas       *self,
                                       DgRenderChange  what);
guint    dg_canvas_n_nodes            (DgCanvas       *self);
void     dg_canvas_set_view_now       (DgCanvas       *self,
                                       double          x,
                                       double          y,
                                       double          zoom);
double   dg_canvas_ease_out_cubic     (double          t);
void     dg_canvas_animate_view_to    (DgCanvas       *self,
                                       double          x,
                                       double          y,
                                       double          zoom,
                                       gboolean        animate);

/* dg-canvas-frames.c */
void     dg_canvas_patch_keep         (DgCanvas       *self);
void     dg_canvas_patch_forget       (DgCanvas       *self);
void     dg_canvas_patch_frame_landed (DgCanvas       *self,
                                       DgGraph        *graph,
                                       DgRenderer     *renderer);
gboolean dg_canvas_patch_draw         (DgCanvas             *self,
                                       GtkSnapshot          *snapshot,
                                       const DgScene        *scene,
                                       const cairo_region_t *above,
                                       const cairo_matrix_t *frame_to_widget,
                                       int                   width,
                                       int                   height,
                                       int                   scale);
void     dg_canvas_patch_free         (DgCanvasPatch  *patch);
gboolean dg_canvas_patch_map_ids      (const DgStrings *a,
                                       guint            n_a,
                                       const DgStrings *b,
                                       guint            n_b,
                                       guint           *map);

void     dg_canvas_snapshot           (GtkWidget      *widget,
                                       GtkSnapshot    *snapshot);
void     dg_canvas_start_frame_stats  (DgCanvas       *self);
void     dg_canvas_schedule_sharp     (DgCanvas       *self);
void     dg_canvas_first_frame_soon   (DgCanvas       *self);

/* dg-canvas-input.c */
void     dg_canvas_init_input         (DgCanvas       *self);
void     dg_canvas_context_menu_action (GtkWidget     *widget,
                                        const char    *name,
                                        GVariant      *param);

/* dg-canvas-layout.c */
void     dg_canvas_stop_layout        (DgCanvas       *self);

G_END_DECLS
