/* dg-canvas.c: the interactive deal diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas keeps the view (x, y, zoom: device = diagram * zoom + view, as
 * xdot.py does), hover, selection and the positions being shown, and draws
 * through the same DgRenderer the exporters use. It does not own the
 * document: the window gives it a graph snapshot, names and positions, and
 * listens to its signals.
 */
#define G_LOG_DOMAIN "dealgraph-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "dg-a11y.h"
#include "dg-canvas.h"
#include "dg-debug.h"
#include "dg-format.h"
#include "dg-render.h"

#define MIN_ZOOM 0.02              /* further out for networks too big for it */
#define MAX_ZOOM 40.0
#define ANIMATION_USEC (300 * 1000)
#define LAYOUT_FRAME_BUDGET 0.006   /* seconds of layout per frame */
#define DRAG_THRESHOLD 4.0
#define FIT_MARGIN 24.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_NODE,
} DragMode;

struct _DgCanvas
{
  GtkWidget parent_instance;

  DgRenderer *renderer;
  DgGraph *graph;
  GPtrArray *labels;        /* NULL-terminated; shared with render jobs */
  GPtrArray *node_ids;
  GPtrArray *edge_ids;
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

G_DEFINE_FINAL_TYPE (DgCanvas, dg_canvas, GTK_TYPE_WIDGET)

enum {
  COMPANY_ACTIVATED,
  DEAL_ACTIVATED,
  BACKGROUND_ACTIVATED,
  COMPANY_MOVED,
  POSITIONS_CHANGED,
  COMPANY_OPENED,
  CONTEXT_MENU,
  BACKGROUND_DOUBLE_CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SHOW_LEGEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fill_scene (DgCanvas *self,
            DgScene  *scene)
{
  dg_scene_init (scene);
  scene->graph = self->graph;
  scene->xy = self->xy;
  scene->labels = self->labels ? (const char * const *) self->labels->pdata : NULL;
  scene->node_ids = self->node_ids ? (const char * const *) self->node_ids->pdata : NULL;
  scene->edge_ids = self->edge_ids ? (const char * const *) self->edge_ids->pdata : NULL;
  scene->edge_cyclic = self->edge_cyclic;
  scene->node_pinned = self->pinned;
  scene->node_visible = self->node_visible;
  scene->edge_visible = self->edge_visible;
  scene->edge_undated = self->edge_undated;
  /* While companies move on screen, deals keep their last routing. */
  scene->moving = (self->drag_mode == DRAG_NODE && self->dragged) || self->layout_tick != 0;
  scene->hover_node = self->hover_node >= 0 ? self->hover_node : self->focus_node;
  scene->hover_edge = self->hover_edge;
  scene->selected_node = self->selected_node;
  scene->selected_edge = self->selected_edge;
  scene->lit_nodes = self->lit_nodes;
  scene->lit_edges = self->lit_edges;
  scene->theme = self->theme;
  scene->background = TRUE;
  scene->legend = self->legend;
  scene->title = self->title;
  scene->subtitle = self->subtitle;
  scene->view_x = self->view_x;
  scene->view_y = self->view_y;
  scene->zoom = self->zoom;
  scene->width = gtk_widget_get_width (GTK_WIDGET (self));
  scene->height = gtk_widget_get_height (GTK_WIDGET (self));
  scene->device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void schedule_sharp (DgCanvas *self);

/* The accessible name says what the keyboard is on: the focused company,
 * else the selected deal, else the diagram as a whole; a screen reader
 * reads the change as focus moves. GTK 4.8 has no accessible objects for
 * parts of a widget (docs/decisions.md), so the canvas speaks for them. */
static void
update_accessible (DgCanvas *self)
{
  g_autofree char *label = NULL;
  const char *description;
  DgGraph *g = self->graph;
  const char * const *labels = self->labels != NULL ? (const char * const *) self->labels->pdata : NULL;

  if (g != NULL && labels != NULL && self->focus_node >= 0 && (guint) self->focus_node < g->n_nodes)
    {
      label = dg_a11y_describe_company (g, labels, self->edge_cyclic, self->edge_visible, self->focus_node);
      description = _("Company on the diagram. Tab goes to the next company, Enter opens it, "
                      "Alt+Down follows a deal out of it and Alt+Up a deal into it");
    }
  else if (g != NULL && labels != NULL && self->selected_edge >= 0 && (guint) self->selected_edge < g->n_edges)
    {
      label = dg_a11y_describe_deal (g, labels, self->edge_cyclic, self->selected_edge);
      description = _("Deal on the diagram. Alt+Down goes to the payee, Alt+Up to the payer, "
                      "Alt+Page Down to the payer's next deal");
    }
  else
    {
      label = g_strdup (self->a11y_owner_label != NULL ? self->a11y_owner_label : _("Deal network diagram"));
      description = self->a11y_owner_description != NULL
                    ? self->a11y_owner_description
                    : _("Tab walks the companies on the diagram, Enter opens one, Alt+Down and Alt+Up "
                        "follow the money; the lists in the sidebar reach every company, deal and cycle");
    }

  /* Only what changed: every update is an event a screen reader may read. */
  if (g_strcmp0 (label, self->a11y_label) != 0)
    {
      g_free (self->a11y_label);
      self->a11y_label = g_steal_pointer (&label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->a11y_label,
                                      -1);
    }
  if (g_strcmp0 (description, self->a11y_description) != 0)
    {
      g_free (self->a11y_description);
      self->a11y_description = g_strdup (description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->a11y_description,
                                      -1);
    }
}

/**
 * dg_canvas_set_accessible_text:
 * @label: (nullable): what the diagram is called when the keyboard is on
 *   no company or deal; %NULL for "Deal network diagram"
 * @description: (nullable): its description; %NULL for how to walk it
 *
 * A presentation names the diagram after its slide, and has no sidebar to
 * point to.
 */
void
dg_canvas_set_accessible_text (DgCanvas   *self,
                               const char *label,
                               const char *description)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_free (self->a11y_owner_label);
  g_free (self->a11y_owner_description);
  self->a11y_owner_label = g_strdup (label);
  self->a11y_owner_description = g_strdup (description);
  update_accessible (self);
}

/* Anything but the view changed: the cached frame is stale. */
static void
content_changed (DgCanvas       *self,
                 DgRenderChange  what)
{
  self->content_gen++;
  self->view_changed_at = g_get_monotonic_time ();
  if (what != 0)
    {
      dg_renderer_invalidate (self->renderer, what);
      self->worker_invalid |= what;
      self->structure_gen++;
      if (what & (DG_RENDER_CHANGED_POSITIONS | DG_RENDER_CHANGED_GRAPH))
        {
          self->positions_gen++;
          self->min_zoom = 0;
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
}

/* What the diagram shows at rest changed (filters, shading, theme): the
 * overview under a moving frame is stale too. */
static void
structure_changed (DgCanvas *self)
{
  self->structure_gen++;
  content_changed (self, 0);
}

static guint
n_nodes (DgCanvas *self)
{
  return self->graph != NULL ? self->graph->n_nodes : 0;
}

/* ---- drawing ---------------------------------------------------------- */

/* Frames slower than this switch the canvas to composing a cached frame. */
#define DIRECT_FRAME_BUDGET_USEC 12000
/* Room around the view in the cached frame, so a pan shows no empty edge. */
#define CACHE_MARGIN 0.15

typedef enum
{
  JOB_VIEW,                 /* the view with a margin, and title and legend */
  JOB_OVERVIEW,             /* the whole network at fit, under moving frames */
} JobKind;

typedef struct
{
  JobKind kind;
  DgRenderer *renderer;     /* the worker's own; one job at a time uses it */
  gboolean owns_renderer;   /* made in this job's thread, not yet handed over */
  DgScene scene;
  DgGraph *graph;
  GPtrArray *labels, *node_ids, *edge_ids;
  guint8 *edge_cyclic, *pinned, *node_visible, *edge_visible, *edge_undated, *lit_nodes, *lit_edges;
  char *title, *subtitle;
  int width, height, scale;
  guint gen;
  double view[3];
  cairo_surface_t *result;
  DgScene chrome;             /* title and legend, at the widget's size */
  int chrome_width, chrome_height;
  cairo_surface_t *chrome_result;
  cairo_region_t *chrome_region; /* where the title and legend have pixels */
  int hover_node, hover_edge;   /* what the frame shows hovered */
  gint64 started;
  gint64 rendered;
} Job;

static void
job_free (Job *job)
{
  if (job->owns_renderer)
    dg_renderer_free (job->renderer);
  g_clear_pointer (&job->graph, dg_graph_unref);
  g_clear_pointer (&job->labels, g_ptr_array_unref);
  g_clear_pointer (&job->node_ids, g_ptr_array_unref);
  g_clear_pointer (&job->edge_ids, g_ptr_array_unref);
  g_free (job->edge_cyclic);
  g_free (job->pinned);
  g_free (job->node_visible);
  g_free (job->edge_visible);
  g_free (job->edge_undated);
  g_free (job->lit_nodes);
  g_free (job->lit_edges);
  g_free (job->title);
  g_free (job->subtitle);
  g_clear_pointer (&job->result, cairo_surface_destroy);
  g_clear_pointer (&job->chrome_result, cairo_surface_destroy);
  g_clear_pointer (&job->chrome_region, cairo_region_destroy);
  g_free (job);
}

/* The 64-px tiles of an image that hold anything: the title and legend
 * take a small part of the canvas, and painting only there saves every
 * moving frame a full-size blend. */
static cairo_region_t *
opaque_tiles (cairo_surface_t *image,
              int              scale)
{
  const int tile = 64;
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  cairo_region_t *region = cairo_region_create ();

  for (int ty = 0; ty < h; ty += tile)
    for (int tx = 0; tx < w; tx += tile)
      {
        gboolean any = FALSE;

        for (int y = ty; y < MIN (ty + tile, h) && !any; y++)
          {
            const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);

            for (int x = tx; x < MIN (tx + tile, w) && !any; x++)
              any = row[x] != 0;
          }
        if (any)
          cairo_region_union_rectangle (region, &(cairo_rectangle_int_t) {
                                          tx / scale, ty / scale, (tile + scale - 1) / scale + 1,
                                          (tile + scale - 1) / scale + 1 });
      }
  return region;
}

static void
render_job_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  cairo_t *cr;

  job->started = g_get_monotonic_time ();
#ifdef __linux__
  {
    /* Frames first: on a machine with few cores the worker (and the
     * rasteriser thread it starts) yield to the main loop, so moving the
     * view stays smooth while the sharp frame is drawn. Once per thread;
     * raising a thread's niceness needs no privilege, lowering it would. */
    static GPrivate niced;

    if (g_private_get (&niced) == NULL)
      {
        setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), getpriority (PRIO_PROCESS, 0) + 5);
        g_private_set (&niced, GINT_TO_POINTER (1));
      }
  }
#endif
  /* Made here, so its Pango context belongs to the thread that shapes
   * with it (each thread has its own default font map). */
  if (job->renderer == NULL)
    {
      job->renderer = dg_renderer_new ();
      job->owns_renderer = TRUE;
    }

  job->result = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width * job->scale, job->height * job->scale);
  cairo_surface_set_device_scale (job->result, job->scale, job->scale);
  cr = cairo_create (job->result);
  if (job->kind == JOB_OVERVIEW)
    dg_renderer_fit_view (job->renderer, &job->scene, 24.0);
  dg_renderer_render (job->renderer, &job->scene, cr);
  cairo_destroy (cr);
  cairo_surface_flush (job->result);
  job->view[0] = job->scene.view_x;
  job->view[1] = job->scene.view_y;
  job->view[2] = job->scene.zoom;

  /* The title and legend too: placing the legend walks the graph, which
   * is the worker's job, not the main loop's. */
  if (job->kind == JOB_VIEW && (job->chrome.legend || job->chrome.title != NULL))
    {
      job->chrome_result = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->chrome_width * job->scale,
                                                       job->chrome_height * job->scale);
      cairo_surface_set_device_scale (job->chrome_result, job->scale, job->scale);
      cr = cairo_create (job->chrome_result);
      dg_renderer_render (job->renderer, &job->chrome, cr);
      cairo_destroy (cr);
      cairo_surface_flush (job->chrome_result);
      job->chrome_region = opaque_tiles (job->chrome_result, job->scale);
    }
  job->rendered = g_get_monotonic_time ();
  g_task_return_boolean (task, TRUE);
}

static void start_job (DgCanvas *self);

static void
render_job_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  DgCanvas *self;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: the canvas is gone (the job frees the renderer) */

  self = DG_CANVAS (source);
  self->job_running = FALSE;
  g_debug ("%s frame rendered in %.0f ms", job->kind == JOB_VIEW ? "view" : "overview",
           (job->rendered - job->started) / 1000.0);
  if (job->owns_renderer)
    {
      g_assert (self->worker_renderer == NULL);
      self->worker_renderer = job->renderer;
      job->owns_renderer = FALSE;
    }

  /* The main thread hit-tests with a renderer of its own: give it the
   * worker's geometry rather than have the first pointer motion compute it
   * again (hundreds of milliseconds at 50,000 companies). */
  if (self->worker_xy_gen == self->positions_gen && self->graph == job->graph)
    dg_renderer_copy_geometry (self->renderer, self->worker_renderer, self->xy);

  if (job->kind == JOB_OVERVIEW)
    {
      g_clear_pointer (&self->overview, cairo_surface_destroy);
      self->overview = g_steal_pointer (&job->result);
      self->overview_gen = job->gen;
      memcpy (self->overview_view, job->view, sizeof job->view);
      self->overview_scale = job->scale;
    }
  else
    {
      g_clear_pointer (&self->cache, cairo_surface_destroy);
      self->cache = g_steal_pointer (&job->result);
      self->cache_gen = job->gen;
      /* The view the cache was drawn with: its pixel c shows diagram
       * point (c - view) / zoom, and lands on screen at c - margin. */
      memcpy (self->cache_view, job->view, sizeof job->view);
      self->cache_width = job->width;
      self->cache_height = job->height;
      self->cache_scale = job->scale;
      self->cache_hover_node = job->hover_node;
      self->cache_hover_edge = job->hover_edge;
      g_clear_pointer (&self->overlay, cairo_surface_destroy);
      self->overlay = g_steal_pointer (&job->chrome_result);
      g_clear_pointer (&self->overlay_region, cairo_region_destroy);
      self->overlay_region = g_steal_pointer (&job->chrome_region);
      self->overlay_width = job->chrome_width;
      self->overlay_height = job->chrome_height;
      self->overlay_scale = job->scale;
      self->overlay_legend = job->chrome.legend;
      self->overlay_title = job->chrome.title != NULL || job->chrome.subtitle != NULL;
      self->overlay_theme = job->chrome.theme;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* A sharp frame of the view first; the overview when nothing waits. */
  if (self->job_wanted)
    start_job (self);
  else if (self->overview_gen != self->structure_gen)
    start_job (self);
}

static guint8 *
dup_flags (const guint8 *flags,
           guint         n)
{
  return flags != NULL ? g_memdup2 (flags, MAX (n, 1)) : NULL;
}

/* Renders, in a worker thread, the view with a margin (or, when the view's
 * frame is up to date and the overview is not, the overview). Everything
 * the worker reads is copied or reference-counted, so the canvas may change
 * meanwhile; the positions go into a buffer of the canvas that only changes
 * between jobs, so the worker's renderer keeps its geometry from one frame
 * to the next. */
static void
start_job (DgCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int mx = (int) (width * CACHE_MARGIN), my = (int) (height * CACHE_MARGIN);
  g_autoptr(GTask) task = NULL;
  gboolean view_done;
  guint n, m;
  Job *job;

  self->job_wanted = FALSE;
  if (self->job_running || self->graph == NULL || width <= 0 || height <= 0)
    {
      self->job_wanted = self->job_running;
      return;
    }

  if (self->worker_renderer != NULL && self->worker_invalid != 0)
    dg_renderer_invalidate (self->worker_renderer, self->worker_invalid);
  self->worker_invalid = 0;

  n = self->graph->n_nodes;
  m = self->graph->n_edges;
  if (self->worker_xy_n != n || self->worker_xy == NULL)
    {
      g_free (self->worker_xy);
      self->worker_xy = g_new (float, 2 * MAX (n, 1));
      self->worker_xy_n = n;
      self->worker_xy_gen = self->positions_gen - 1;
    }
  if (self->worker_xy_gen != self->positions_gen)
    {
      memcpy (self->worker_xy, self->xy, sizeof (float) * 2 * n);
      self->worker_xy_gen = self->positions_gen;
      if (self->worker_renderer != NULL)
        dg_renderer_invalidate (self->worker_renderer, DG_RENDER_CHANGED_POSITIONS);
    }

  job = g_new0 (Job, 1);
  view_done = self->cache != NULL && self->cache_gen == self->content_gen
              && self->cache_view[2] == self->zoom
              && self->cache_view[0] == self->view_x + mx && self->cache_view[1] == self->view_y + my;
  job->kind = view_done && self->overview_gen != self->structure_gen ? JOB_OVERVIEW : JOB_VIEW;
  job->renderer = self->worker_renderer;
  job->graph = dg_graph_ref (self->graph);
  job->labels = self->labels ? g_ptr_array_ref (self->labels) : NULL;
  job->node_ids = self->node_ids ? g_ptr_array_ref (self->node_ids) : NULL;
  job->edge_ids = self->edge_ids ? g_ptr_array_ref (self->edge_ids) : NULL;
  job->edge_cyclic = dup_flags (self->edge_cyclic, m);
  job->pinned = dup_flags (self->pinned, n);
  job->node_visible = dup_flags (self->node_visible, n);
  job->edge_visible = dup_flags (self->edge_visible, m);
  job->edge_undated = dup_flags (self->edge_undated, m);
  job->lit_nodes = dup_flags (self->lit_nodes, n);
  job->lit_edges = dup_flags (self->lit_edges, m);
  job->title = g_strdup (self->title);
  job->subtitle = g_strdup (self->subtitle);
  job->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  job->hover_node = self->hover_node;
  job->hover_edge = self->hover_edge;

  fill_scene (self, &job->scene);
  job->scene.graph = job->graph;
  job->scene.xy = self->worker_xy;
  job->scene.labels = job->labels ? (const char * const *) job->labels->pdata : NULL;
  job->scene.node_ids = job->node_ids ? (const char * const *) job->node_ids->pdata : NULL;
  job->scene.edge_ids = job->edge_ids ? (const char * const *) job->edge_ids->pdata : NULL;
  job->scene.edge_cyclic = job->edge_cyclic;
  job->scene.node_pinned = job->pinned;
  job->scene.node_visible = job->node_visible;
  job->scene.edge_visible = job->edge_visible;
  job->scene.edge_undated = job->edge_undated;
  job->scene.lit_nodes = job->lit_nodes;
  job->scene.lit_edges = job->lit_edges;
  job->scene.title = job->title;
  job->scene.subtitle = job->subtitle;
  job->scene.device_scale = job->scale;

  if (job->kind == JOB_OVERVIEW)
    {
      /* The network as it rests: no hover, no lit cycle, no chrome; the
       * view is fitted in the worker. */
      job->gen = self->structure_gen;
      job->width = width;
      job->height = height;
      job->scene.hover_node = job->scene.hover_edge = -1;
      job->scene.selected_node = job->scene.selected_edge = -1;
      job->scene.lit_nodes = job->scene.lit_edges = NULL;
      job->scene.legend = FALSE;
      job->scene.title = job->scene.subtitle = NULL;
      job->scene.layers = DG_RENDER_LAYER_DIAGRAM;
    }
  else
    {
      job->gen = self->content_gen;
      job->width = width + 2 * mx;
      job->height = height + 2 * my;
      job->chrome = job->scene;
      job->chrome.layers = DG_RENDER_LAYER_CHROME;
      job->chrome.background = FALSE;
      job->chrome_width = width;
      job->chrome_height = height;

      /* The title and legend stay put on screen: the cache covers the
       * diagram, shifted by the margin. */
      job->scene.view_x = self->view_x + mx;
      job->scene.view_y = self->view_y + my;
      job->scene.width = job->width;
      job->scene.height = job->height;
      job->scene.legend = FALSE;
      job->scene.title = NULL;
      job->scene.subtitle = NULL;
      job->scene.layers = DG_RENDER_LAYER_DIAGRAM;
    }

  if (self->job_cancellable == NULL)
    self->job_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->job_cancellable, render_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->job_running = TRUE;
  g_task_run_in_thread (task, render_job_thread);
}

static gboolean
sharp_timeout_cb (gpointer user_data)
{
  DgCanvas *self = user_data;

  self->sharp_timeout = 0;
  start_job (self);
  return G_SOURCE_REMOVE;
}

/* A sharp frame shortly: at most one waiting and one being rendered, so a
 * continuous change (a pan, a settling layout) gets fresh frames as fast
 * as the worker makes them without queueing work up. */
static void
schedule_sharp (DgCanvas *self)
{
  if (self->job_running)
    self->job_wanted = TRUE;
  else if (self->sharp_timeout == 0)
    self->sharp_timeout = g_timeout_add (60, sharp_timeout_cb, self);
}

/* Paints a frame rendered for view @cv (x, y, zoom) moved and scaled to
 * the current view. */
static void
paint_frame (DgCanvas        *self,
             cairo_t         *cr,
             cairo_surface_t *frame,
             const double    *cv,
             gboolean         exact)
{
  /* Frame pixel c shows diagram point (c - cv) / cz, which belongs at
   * device (c - cv) / cz * z + v on screen. */
  double f = self->zoom / cv[2];
  double tx = self->view_x - cv[0] * f, ty = self->view_y - cv[1] * f;

  cairo_save (cr);
  cairo_translate (cr, tx, ty);
  cairo_scale (cr, f, f);
  cairo_set_source_surface (cr, frame, 0, 0);
  /* Bilinear while the view zooms: pixman's "good" filter box-filters a
   * scaled 2400x1400 image in tens of milliseconds. A pan by whole pixels
   * is a copy. */
  cairo_pattern_set_filter (cairo_get_source (cr),
                            exact || (f == 1.0 && tx == floor (tx) && ty == floor (ty))
                            ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Draws the cached frame moved and scaled to the current view, over the
 * overview (the whole network at fit) wherever the frame does not reach:
 * panning and zooming move and scale what was drawn, never show an empty
 * canvas. Returns whether the frame is an exact (sharp) match. */
static gboolean
draw_cache (DgCanvas *self,
            cairo_t  *cr,
            int       width,
            int       height)
{
  const DgTheme *theme = dg_theme_get (self->theme);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double f = 1, tx = 0, ty = 0;
  gboolean exact, covers = FALSE;

  if (self->cache != NULL)
    {
      f = self->zoom / self->cache_view[2];
      tx = self->view_x - self->cache_view[0] * f;
      ty = self->view_y - self->cache_view[1] * f;
      covers = tx <= 0 && ty <= 0
               && tx + self->cache_width * f >= width && ty + self->cache_height * f >= height;
    }
  /* The frame is opaque: the background only shows where it does not reach. */
  if (!covers)
    {
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b, 1.0);
      cairo_paint (cr);
    }
  if (!covers && self->overview != NULL && self->overview_gen == self->structure_gen
      && self->overview_scale == scale)
    paint_frame (self, cr, self->overview, self->overview_view, FALSE);
  if (self->cache == NULL)
    return FALSE;

  exact = self->cache_gen == self->content_gen && f == 1.0 && self->cache_scale == scale && covers;
  paint_frame (self, cr, self->cache, self->cache_view, exact);
  return exact;
}

/* Marks @v and its deals and neighbours in the quick masks, remembering
 * what was set so the next frame clears only that. */
static void
quick_mark_node (DgCanvas *self,
                 guint     v)
{
  DgGraph *g = self->graph;

  if (!self->quick_nodes[v])
    {
      self->quick_nodes[v] = 1;
      g_array_append_val (self->quick_set_nodes, v);
    }
  for (guint pass = 0; pass < 2; pass++)
    {
      const guint *offset = pass == 0 ? g->out_offset : g->in_offset;
      const guint *edges = pass == 0 ? g->out_edges : g->in_edges;

      for (guint i = offset[v]; i < offset[v + 1]; i++)
        {
          guint e = edges[i];
          guint other = pass == 0 ? g->edge_dst[e] : g->edge_src[e];

          if (self->edge_visible != NULL && !self->edge_visible[e])
            continue;
          if (!self->quick_edges[e])
            {
              self->quick_edges[e] = 1;
              g_array_append_val (self->quick_set_edges, e);
            }
          if (!self->quick_nodes[other])
            {
              self->quick_nodes[other] = 1;
              g_array_append_val (self->quick_set_nodes, other);
            }
        }
    }
}

/* While the worker renders the sharp frame for a new hover, show the
 * hovered company's neighbourhood at once: a veil over the composed frame
 * and just those companies and deals drawn over it. Nothing is allocated
 * per frame; the masks are cleared through the lists of what was set. */
static void
draw_quick_hover (DgCanvas      *self,
                  cairo_t       *cr,
                  const DgScene *scene)
{
  const DgTheme *theme = dg_theme_get (self->theme);
  DgGraph *g = self->graph;
  DgScene quick;

  if (g == NULL || self->cache == NULL || (self->hover_node < 0 && self->hover_edge < 0))
    return;
  /* The cached frame, moved and scaled, shows this hover already. */
  if (self->cache_hover_node == self->hover_node && self->cache_hover_edge == self->hover_edge)
    return;

  if (self->quick_nodes == NULL)
    {
      self->quick_nodes = g_new0 (guint8, MAX (g->n_nodes, 1));
      self->quick_edges = g_new0 (guint8, MAX (g->n_edges, 1));
      self->quick_set_nodes = g_array_new (FALSE, FALSE, sizeof (guint));
      self->quick_set_edges = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  for (guint i = 0; i < self->quick_set_nodes->len; i++)
    self->quick_nodes[g_array_index (self->quick_set_nodes, guint, i)] = 0;
  for (guint i = 0; i < self->quick_set_edges->len; i++)
    self->quick_edges[g_array_index (self->quick_set_edges, guint, i)] = 0;
  g_array_set_size (self->quick_set_nodes, 0);
  g_array_set_size (self->quick_set_edges, 0);

  if (self->hover_node >= 0)
    quick_mark_node (self, self->hover_node);
  else
    {
      guint e = self->hover_edge;

      self->quick_edges[e] = 1;
      g_array_append_val (self->quick_set_edges, e);
      self->quick_nodes[g->edge_src[e]] = self->quick_nodes[g->edge_dst[e]] = 1;
      g_array_append_val (self->quick_set_nodes, g->edge_src[e]);
      g_array_append_val (self->quick_set_nodes, g->edge_dst[e]);
    }

  cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b,
                         1.0 - theme->dim_opacity);
  cairo_paint (cr);

  quick = *scene;
  quick.node_visible = self->quick_nodes;
  quick.edge_visible = self->quick_edges;
  quick.hover_node = quick.hover_edge = -1;
  /* Lit, so it is drawn at full strength whatever the zoom, as in the
   * sharp frame that follows. */
  quick.lit_nodes = self->quick_nodes;
  quick.lit_edges = self->quick_edges;
  quick.background = FALSE;
  quick.legend = FALSE;
  quick.layers = DG_RENDER_LAYER_DIAGRAM;
  dg_renderer_render (self->renderer, &quick, cr);
}

static void
dg_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  DgCanvas *self = DG_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  DgScene scene;

  if (width <= 0 || height <= 0)
    return;

  if (!self->view_set && self->graph != NULL && self->xy != NULL)
    dg_canvas_fit (self, FALSE);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fill_scene (self, &scene);

  if (self->layout_hides)
    {
      const DgTheme *theme = dg_theme_get (self->theme);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Laying out %u company…",
                                                                        "Laying out %u companies…", n_nodes (self)),
                                                           n_nodes (self));
      int tw, th;

      cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b, 1.0);
      cairo_paint (cr);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, theme->text_muted.r, theme->text_muted.g, theme->text_muted.b, 1.0);
      cairo_move_to (cr, (width - tw) / 2.0, (height - th) / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      return;
    }

  if (!self->cached_mode)
    {
      gint64 start = g_get_monotonic_time ();

      dg_renderer_render (self->renderer, &scene, cr);
      self->exact_gen = self->content_gen + 1;
      if (g_get_monotonic_time () - start > DIRECT_FRAME_BUDGET_USEC && self->graph != NULL
          && self->graph->n_edges > 1000)
        {
          g_debug ("Frame took %.1f ms: composing cached frames from now on",
                   (g_get_monotonic_time () - start) / 1000.0);
          self->cached_mode = TRUE;
        }
    }
  else
    {
      gboolean exact = draw_cache (self, cr, width, height);

      if (exact)
        self->exact_gen = self->content_gen + 1;

      if (!exact)
        {
          schedule_sharp (self);
          draw_quick_hover (self, cr, &scene);
        }
      else if (!self->last_exact && self->frame_stats && self->view_changed_at > 0)
        {
          /* How long a reader waits for the sharp frame once they stop. */
          double ms = (g_get_monotonic_time () - self->view_changed_at) / 1000.0;

          self->stats_sharp++;
          self->stats_sharp_sum += ms;
          self->stats_sharp_max = MAX (self->stats_sharp_max, ms);
        }
      self->last_exact = exact;

      /* Title and legend stay sharp and still on top, as the worker drew
       * them with the last sharp frame; after a resize or a theme change
       * they return with the next one. */
      /* (With neither title nor legend there is no overlay to wait for.) */
      if (self->overlay_width != width || self->overlay_height != height
          || self->overlay_scale != gtk_widget_get_scale_factor (widget)
          || self->overlay_legend != scene.legend || self->overlay_theme != self->theme
          || self->overlay_title != (scene.title != NULL || scene.subtitle != NULL))
        schedule_sharp (self);
      else if (self->overlay != NULL)
        {
          cairo_save (cr);
          if (self->overlay_region != NULL)
            {
              for (int i = 0; i < cairo_region_num_rectangles (self->overlay_region); i++)
                {
                  cairo_rectangle_int_t rect;

                  cairo_region_get_rectangle (self->overlay_region, i, &rect);
                  cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
                }
              cairo_clip (cr);
            }
          cairo_set_source_surface (cr, self->overlay, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
        }
    }

  if (gtk_widget_has_focus (widget) && self->focus_node >= 0 && self->graph != NULL
      && (guint) self->focus_node < self->graph->n_nodes)
    {
      /* The keyboard's company: an opaque ring 4 px wide (the hover ring
       * the renderer draws is 1.5 px at 60%: too faint to find from the
       * keyboard), between the disc and where labels start (4 px plus the
       * outline beyond the rim), with a hairline of the background inside
       * so it stands apart from a fill of the same hue. Drawn here, over
       * every frame, so composed frames of big networks show it too. */
      const DgTheme *theme = dg_theme_get (self->theme);
      double x, y, r;

      if (dg_canvas_node_to_widget (self, self->focus_node, &x, &y))
        {
          r = MAX (dg_node_radius (self->graph->node_valuation[self->focus_node]) * self->zoom, 2.0);
          cairo_new_path (cr);
          cairo_arc (cr, x, y, r + 0.5, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, theme->background.r, theme->background.g, theme->background.b);
          cairo_set_line_width (cr, 1.0);
          cairo_stroke (cr);
          cairo_arc (cr, x, y, r + 3.0, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, theme->selection.r, theme->selection.g, theme->selection.b);
          cairo_set_line_width (cr, 4.0);
          cairo_stroke (cr);
        }
    }

  if (gtk_widget_has_visible_focus (widget) && self->focus_node < 0)
    {
      /* A focus ring around the whole canvas when it has keyboard focus but
       * no company is focused yet. */
      GdkRGBA accent = { 0.21, 0.52, 0.89, 0.8 };

      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

}

/* DEALGRAPH_FRAME_STATS=1: what whole frames of the window cost, from the
 * frame clock's paint phase start to its end (snapshot, and GSK turning
 * the snapshot into pixels), summarised every 20 frames that drew. For
 * docs/performance.md. */
static void
before_paint_cb (GdkFrameClock *clock,
                 DgCanvas      *self)
{
  self->paint_start = g_get_monotonic_time ();
}

static void
stats_report (DgCanvas *self)
{
  guint n = self->stats_frames;

  if (n == 0)
    return;
  if (self->stats_sharp > 0)
    g_message ("window frames: mean %.2f ms, max %.2f ms over %u (%s); "
               "sharp frame after the last change: mean %.0f ms, max %.0f ms over %u",
               self->stats_sum / n, self->stats_max, n, self->cached_mode ? "composed" : "direct",
               self->stats_sharp_sum / self->stats_sharp, self->stats_sharp_max, self->stats_sharp);
  else
    g_message ("window frames: mean %.2f ms, max %.2f ms over %u (%s)",
               self->stats_sum / n, self->stats_max, n, self->cached_mode ? "composed" : "direct");
  self->stats_frames = 0;
  self->stats_sum = self->stats_max = 0;
  self->stats_sharp = 0;
  self->stats_sharp_sum = self->stats_sharp_max = 0;
}

/* A burst of frames ended (nothing drew for a while): report it, so each
 * pan, zoom or hover gets its own line. */
static gboolean
stats_idle_cb (gpointer user_data)
{
  DgCanvas *self = user_data;

  self->stats_timeout = 0;
  stats_report (self);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                DgCanvas      *self)
{
  double ms;

  if (self->paint_start == 0)
    return;
  ms = (g_get_monotonic_time () - self->paint_start) / 1000.0;
  self->paint_start = 0;
  self->stats_sum += ms;
  self->stats_max = MAX (self->stats_max, ms);
  if (++self->stats_frames == 20)
    stats_report (self);
  g_clear_handle_id (&self->stats_timeout, g_source_remove);
  self->stats_timeout = g_timeout_add (700, stats_idle_cb, self);
}

static void
dg_canvas_realize (GtkWidget *widget)
{
  DgCanvas *self = DG_CANVAS (widget);

  GTK_WIDGET_CLASS (dg_canvas_parent_class)->realize (widget);

  if (self->frame_stats)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

      g_signal_connect_object (clock, "before-paint", G_CALLBACK (before_paint_cb), self, 0);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), self, 0);
    }
}

/* ---- view ------------------------------------------------------------- */

/* How far out the view may zoom: a quarter of the zoom that shows the
 * whole network (so fitting, and zooming out, always can, however big it
 * is), or MIN_ZOOM when that is further. */
static double
min_zoom (DgCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  if (self->min_zoom > 0 && self->min_zoom_width == width && self->min_zoom_height == height)
    return self->min_zoom;

  for (guint v = 0; v < n_nodes (self); v++)
    {
      float x = self->xy[2 * v], y = self->xy[2 * v + 1];

      if (!isfinite (x) || !isfinite (y) || fabsf (x) > 1e9f || fabsf (y) > 1e9f)
        continue;
      x0 = MIN (x0, x);
      x1 = MAX (x1, x);
      y0 = MIN (y0, y);
      y1 = MAX (y1, y);
    }
  self->min_zoom = MIN_ZOOM;
  if (x0 <= x1 && width > 0 && height > 0)
    self->min_zoom = MIN (MIN_ZOOM, MIN (width / (x1 - x0 + 60), height / (y1 - y0 + 60)) / 4);
  self->min_zoom_width = width;
  self->min_zoom_height = height;
  return self->min_zoom;
}

static void
set_view_now (DgCanvas *self,
              double    x,
              double    y,
              double    zoom)
{
  /* A view that is not finite draws nothing at all: never take one. */
  if (!isfinite (x) || !isfinite (y) || !isfinite (zoom) || zoom <= 0)
    {
      g_debug ("Ignoring a view that is not finite (%g, %g, %g)", x, y, zoom);
      return;
    }
  self->view_x = x;
  self->view_y = y;
  self->zoom = CLAMP (zoom, min_zoom (self), MAX_ZOOM);
  self->view_set = TRUE;
  self->view_changed_at = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
ease_out_cubic (double t)
{
  t = 1.0 - t;
  return 1.0 - t * t * t;
}

static gboolean
view_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  DgCanvas *self = DG_CANVAS (widget);
  double t = (double) (gdk_frame_clock_get_frame_time (clock) - self->anim_start) / ANIMATION_USEC;
  double e;

  if (t >= 1.0)
    {
      set_view_now (self, self->anim_to[0], self->anim_to[1], self->anim_to[2]);
      self->view_tick = 0;
      return G_SOURCE_REMOVE;
    }

  /* Interpolate zoom geometrically so the motion looks even. */
  e = ease_out_cubic (CLAMP (t, 0.0, 1.0));
  {
    double z = self->anim_from[2] * pow (self->anim_to[2] / self->anim_from[2], e);
    double w = gtk_widget_get_width (widget) / 2.0;
    double h = gtk_widget_get_height (widget) / 2.0;
    /* Centre of the view in diagram units, interpolated linearly. */
    double cx0 = (w - self->anim_from[0]) / self->anim_from[2];
    double cy0 = (h - self->anim_from[1]) / self->anim_from[2];
    double cx1 = (w - self->anim_to[0]) / self->anim_to[2];
    double cy1 = (h - self->anim_to[1]) / self->anim_to[2];
    double cx = cx0 + (cx1 - cx0) * e;
    double cy = cy0 + (cy1 - cy0) * e;

    set_view_now (self, w - cx * z, h - cy * z, z);
  }
  return G_SOURCE_CONTINUE;
}

static void
animate_view_to (DgCanvas *self,
                 double    x,
                 double    y,
                 double    zoom,
                 gboolean  animate)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  gboolean animations = TRUE;

  g_object_get (settings, "gtk-enable-animations", &animations, NULL);
  if (!animate || !animations || !self->view_set || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->view_tick != 0)
        {
          gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->view_tick);
          self->view_tick = 0;
        }
      set_view_now (self, x, y, zoom);
      return;
    }

  self->anim_from[0] = self->view_x;
  self->anim_from[1] = self->view_y;
  self->anim_from[2] = self->zoom;
  self->anim_to[0] = x;
  self->anim_to[1] = y;
  self->anim_to[2] = CLAMP (zoom, min_zoom (self), MAX_ZOOM);
  self->anim_start = g_get_monotonic_time ();
  if (self->view_tick == 0)
    self->view_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), view_tick_cb, NULL, NULL);
}

/* The view that shows the bounding box of @nodes (all when NULL) with a margin. */
static gboolean
view_for_nodes (DgCanvas    *self,
                const guint *nodes,
                guint        count,
                double       margin,
                double      *x,
                double      *y,
                double      *zoom)
{
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  guint n = nodes != NULL ? count : n_nodes (self);
  double z;

  if (n == 0 || self->xy == NULL || w <= 0 || h <= 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      guint v = nodes != NULL ? nodes[i] : i;
      double r = dg_node_radius (self->graph->node_valuation[v]);
      double label = 7.0 * (self->labels && g_ptr_array_index (self->labels, v) ? g_utf8_strlen (g_ptr_array_index (self->labels, v), -1) : 0) + r;

      if (self->node_visible != NULL && !self->node_visible[v])
        continue;
      minx = MIN (minx, self->xy[2 * v] - r);
      maxx = MAX (maxx, self->xy[2 * v] + r + label);
      miny = MIN (miny, self->xy[2 * v + 1] - r);
      maxy = MAX (maxy, self->xy[2 * v + 1] + r);
    }
  if (minx > maxx)
    return FALSE;

  z = MIN ((w - 2 * margin) / MAX (maxx - minx, 1.0), (h - 2 * margin) / MAX (maxy - miny, 1.0));
  z = CLAMP (z, min_zoom (self), nodes != NULL ? 1.6 : 2.0);
  *zoom = z;
  *x = w / 2.0 - (minx + maxx) / 2.0 * z;
  *y = h / 2.0 - (miny + maxy) / 2.0 * z;
  return TRUE;
}

/* The view that fits the whole network, labels included, into a canvas of
 * @width x @height below the title. On screen the legend floats over the
 * diagram and can be hidden, so the fit does not shrink the network to make
 * room for it (exports do). */
static void
fit_scene (DgCanvas *self,
           DgScene  *scene,
           int       width,
           int       height)
{
  fill_scene (self, scene);
  scene->legend = FALSE;
  scene->width = width;
  scene->height = height;
  dg_renderer_fit_view (self->renderer, scene, FIT_MARGIN);
}

void
dg_canvas_fit (DgCanvas *self,
               gboolean  animate)
{
  double x, y, zoom;

  g_return_if_fail (DG_IS_CANVAS (self));

  if (self->graph == NULL || self->xy == NULL)
    return;

  g_clear_pointer (&self->focus_target, g_array_unref);
  self->view_fitted = TRUE;
  if (self->renderer != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    {
      /* The renderer knows the room the legend and title take. */
      DgScene scene;

      fit_scene (self, &scene, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
      animate_view_to (self, scene.view_x, scene.view_y, scene.zoom, animate);
      return;
    }

  if (view_for_nodes (self, NULL, 0, 24.0, &x, &y, &zoom))
    animate_view_to (self, x, y, zoom, animate);
}

void
dg_canvas_zoom_to_nodes (DgCanvas    *self,
                         const guint *nodes,
                         guint        count,
                         gboolean     animate)
{
  double x, y, zoom;

  g_return_if_fail (DG_IS_CANVAS (self));

  /* Remember the target: a panel opening with the same click resizes the
   * canvas, and the view must fit the new size, not the old one. */
  g_clear_pointer (&self->focus_target, g_array_unref);
  self->focus_target = g_array_sized_new (FALSE, FALSE, sizeof (guint), count);
  self->view_fitted = FALSE;
  g_array_append_vals (self->focus_target, nodes, count);
  self->focus_animate = animate;

  if (view_for_nodes (self, nodes, count, 60.0, &x, &y, &zoom))
    animate_view_to (self, x, y, zoom, animate);
}

/* The company and its neighbours, for a double click. */
void
dg_canvas_zoom_to_node (DgCanvas *self,
                        guint     node)
{
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  DgGraph *g = self->graph;

  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (g != NULL && node < g->n_nodes);

  g_array_append_val (nodes, node);
  for (guint i = g->out_offset[node]; i < g->out_offset[node + 1]; i++)
    g_array_append_val (nodes, g->edge_dst[g->out_edges[i]]);
  for (guint i = g->in_offset[node]; i < g->in_offset[node + 1]; i++)
    g_array_append_val (nodes, g->edge_src[g->in_edges[i]]);

  dg_canvas_zoom_to_nodes (self, (guint *) (gpointer) nodes->data, nodes->len, TRUE);
}

void
dg_canvas_zoom_by (DgCanvas *self,
                   double    factor,
                   double    x,
                   double    y)
{
  double zoom;

  g_return_if_fail (DG_IS_CANVAS (self));

  g_clear_pointer (&self->focus_target, g_array_unref);
  self->view_fitted = FALSE;
  /* Keep the point under (x, y) where it is. */
  zoom = CLAMP (self->zoom * factor, min_zoom (self), MAX_ZOOM);
  factor = zoom / self->zoom;
  set_view_now (self, x - (x - self->view_x) * factor, y - (y - self->view_y) * factor, zoom);
}

void
dg_canvas_pan_by (DgCanvas *self,
                  double    dx,
                  double    dy)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_clear_pointer (&self->focus_target, g_array_unref);
  self->view_fitted = FALSE;
  set_view_now (self, self->view_x + dx, self->view_y + dy, self->zoom);
}

void
dg_canvas_get_view (DgCanvas *self,
                    double   *x,
                    double   *y,
                    double   *zoom)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  if (x) *x = self->view_x;
  if (y) *y = self->view_y;
  if (zoom) *zoom = self->zoom;
}

void
dg_canvas_set_view (DgCanvas *self,
                    double    x,
                    double    y,
                    double    zoom)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  set_view_now (self, x, y, zoom);
}

/* ---- hit testing ------------------------------------------------------ */

int
dg_canvas_hit_node (DgCanvas *self,
                    double    x,
                    double    y)
{
  DgScene scene;

  g_return_val_if_fail (DG_IS_CANVAS (self), -1);
  if (self->graph == NULL || self->xy == NULL)
    return -1;
  fill_scene (self, &scene);
  return dg_renderer_hit_test_node (self->renderer, &scene, x, y, DG_RENDER_HIT_TOLERANCE);
}

int
dg_canvas_hit_edge (DgCanvas *self,
                    double    x,
                    double    y)
{
  DgScene scene;

  g_return_val_if_fail (DG_IS_CANVAS (self), -1);
  if (self->graph == NULL || self->xy == NULL)
    return -1;
  fill_scene (self, &scene);
  return dg_renderer_hit_test_edge (self->renderer, &scene, x, y, DG_RENDER_HIT_TOLERANCE);
}

gboolean
dg_canvas_node_to_widget (DgCanvas *self,
                          guint     node,
                          double   *x,
                          double   *y)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);
  if (node >= n_nodes (self) || self->xy == NULL)
    return FALSE;
  *x = self->xy[2 * node] * self->zoom + self->view_x;
  *y = self->xy[2 * node + 1] * self->zoom + self->view_y;
  return TRUE;
}

gboolean
dg_canvas_edge_point (DgCanvas *self,
                      guint     edge,
                      double    t,
                      double   *x,
                      double   *y)
{
  DgScene scene;

  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);
  if (self->graph == NULL || self->xy == NULL || edge >= self->graph->n_edges)
    return FALSE;
  fill_scene (self, &scene);
  if (!dg_renderer_get_edge_point (self->renderer, &scene, edge, t, x, y))
    return FALSE;
  /* The renderer answers in diagram units. */
  *x = *x * self->zoom + self->view_x;
  *y = *y * self->zoom + self->view_y;
  return TRUE;
}

/* ---- input ------------------------------------------------------------ */

/* A click answers the tooltip's question: hide it until the pointer moves
 * to another company or deal. */
static void
hide_tooltip (DgCanvas *self)
{
  self->tooltip_suppressed = TRUE;
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
set_hover (DgCanvas *self,
           int       node,
           int       edge)
{
  if (self->hover_node == node && self->hover_edge == edge)
    return;
  self->tooltip_suppressed = FALSE;
  self->hover_node = node;
  self->hover_edge = edge;
  content_changed (self, 0);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           DgCanvas                 *self)
{
  int node, edge = -1;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode != DRAG_NONE)
    return;

  node = dg_canvas_hit_node (self, x, y);
  if (node < 0)
    edge = dg_canvas_hit_edge (self, x, y);
  set_hover (self, node, edge);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), node >= 0 || edge >= 0 ? "pointer" : NULL);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          DgCanvas                 *self)
{
  self->pointer_inside = FALSE;
  set_hover (self, -1, -1);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               DgCanvas       *self)
{
  int node = dg_canvas_hit_node (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  hide_tooltip (self);
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->dragged = FALSE;
  self->drag_node = node;
  if (node >= 0)
    {
      self->drag_mode = DRAG_NODE;
      self->drag_node_x = self->xy[2 * node];
      self->drag_node_y = self->xy[2 * node + 1];
    }
  else
    {
      self->drag_mode = DRAG_PAN;
      self->drag_view_x = self->view_x;
      self->drag_view_y = self->view_y;
    }
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                DgCanvas       *self)
{
  if (!self->dragged && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  self->dragged = TRUE;

  if (self->drag_mode == DRAG_PAN)
    {
      g_clear_pointer (&self->focus_target, g_array_unref);
      self->view_fitted = FALSE;
      set_view_now (self, self->drag_view_x + dx, self->drag_view_y + dy, self->zoom);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  else if (self->drag_mode == DRAG_NODE)
    {
      guint v = self->drag_node;

      /* A dragged company stays where it is put. */
      if (self->layout != NULL)
        dg_layout_pin (self->layout, v, self->drag_node_x + dx / self->zoom, self->drag_node_y + dy / self->zoom);
      self->xy[2 * v] = self->drag_node_x + dx / self->zoom;
      self->xy[2 * v + 1] = self->drag_node_y + dy / self->zoom;
      self->pinned[v] = 1;
      content_changed (self, DG_RENDER_CHANGED_POSITIONS);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             DgCanvas       *self)
{
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);

  if (self->dragged && mode == DRAG_NODE)
    {
      /* At rest: draw again, with the deals routed anew. */
      content_changed (self, 0);
      g_signal_emit (self, signals[COMPANY_MOVED], 0, (guint) self->drag_node);
    }
}

/* Clicks are the click gesture's: one selects what is under the pointer,
 * a second on the same company zooms to its neighbourhood. A drag is never
 * a click: the click gesture stops when the pointer moves. The double click
 * is recognised here rather than by the gesture's press count, which
 * restarts when the first click's panel makes the window lay out again. */
static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  DgCanvas        *self)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));
  int double_time = 400, node = dg_canvas_hit_node (self, x, y);
  gboolean second;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &double_time, NULL);
  second = node >= 0 && node == self->last_press_node && time - self->last_press_time <= (guint32) double_time;
  if (node < 0 && self->last_press_background && time - self->last_press_time <= (guint32) double_time
      && fabs (x - self->last_press_x) <= 5 && fabs (y - self->last_press_y) <= 5
      && dg_canvas_hit_edge (self, x, y) < 0)
    {
      /* A double click on empty canvas: the window adds a company there. */
      self->last_press_background = FALSE;
      self->swallow_release = TRUE;
      g_signal_emit (self, signals[BACKGROUND_DOUBLE_CLICKED], 0,
                     (x - self->view_x) / self->zoom, (y - self->view_y) / self->zoom);
      return;
    }
  self->last_press_background = node < 0 && dg_canvas_hit_edge (self, x, y) < 0;
  self->last_press_node = second ? -1 : node;
  self->last_press_time = time;
  self->last_press_x = x;
  self->last_press_y = y;
  if (second)
    dg_canvas_zoom_to_node (self, node);
}

/**
 * dg_canvas_set_context_menu:
 * @model: (nullable): the menu a secondary click (or the Menu key) shows
 *
 * The canvas emits #DgCanvas::context-menu with what is under the pointer
 * first, so the owner can set up its actions, then pops @model up there.
 */
void
dg_canvas_set_context_menu (DgCanvas   *self,
                            GMenuModel *model)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  if (model == NULL)
    return;
  self->context_menu = gtk_popover_menu_new_from_model (model);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  gtk_popover_set_position (GTK_POPOVER (self->context_menu), GTK_POS_BOTTOM);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->context_menu),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Diagram Menu"),
                                  -1);
}

static void
show_context_menu (DgCanvas *self,
                   int       node,
                   int       edge,
                   double    x,
                   double    y)
{
  if (self->context_menu == NULL)
    return;
  hide_tooltip (self);
  g_signal_emit (self, signals[CONTEXT_MENU], 0, node, edge);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      DgCanvas        *self)
{
  int node = dg_canvas_hit_node (self, x, y);
  int edge = node < 0 ? dg_canvas_hit_edge (self, x, y) : -1;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_context_menu (self, node, edge, x, y);
}

/* The Menu key or Shift+F10: the menu of the focused (or selected)
 * company, at its disc. */
static void
context_menu_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  DgCanvas *self = DG_CANVAS (widget);
  int node = self->focus_node >= 0 ? self->focus_node : self->selected_node;
  double x = gtk_widget_get_width (widget) / 2.0, y = gtk_widget_get_height (widget) / 2.0;

  if (node >= 0)
    dg_canvas_node_to_widget (self, node, &x, &y);
  show_context_menu (self, node, node < 0 ? self->selected_edge : -1, x, y);
}

/**
 * dg_canvas_set_pinned:
 *
 * Pins a company where it is (a layout leaves it there), or unpins it.
 */
void
dg_canvas_set_pinned (DgCanvas *self,
                      guint     node,
                      gboolean  pinned)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (node < n_nodes (self));

  if (!pinned)
    {
      dg_canvas_unpin (self, node);
      return;
    }
  self->pinned[node] = 1;
  if (self->layout != NULL)
    dg_layout_pin (self->layout, node, self->xy[2 * node], self->xy[2 * node + 1]);
  content_changed (self, 0);
}

/**
 * dg_canvas_claim_double_click:
 * @x: where the press is, in the canvas's coordinates
 *
 * The first click on a company opens its panel, which may now lie where
 * the company was: the second click of a double click then lands on the
 * panel. The window offers such presses here; one soon after and right
 * where a press on a company was completes the double click.
 *
 * Returns: %TRUE when the press was the second click of a double click
 */
gboolean
dg_canvas_claim_double_click (DgCanvas *self,
                              guint32   time,
                              double    x,
                              double    y)
{
  int double_time = 400, double_distance = 5;
  int node = self->last_press_node;

  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &double_time,
                "gtk-double-click-distance", &double_distance, NULL);
  if (node < 0 || time - self->last_press_time > (guint32) double_time
      || fabs (x - self->last_press_x) > double_distance || fabs (y - self->last_press_y) > double_distance)
    return FALSE;
  self->last_press_node = -1;
  dg_canvas_zoom_to_node (self, node);
  return TRUE;
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   DgCanvas        *self)
{
  int node, edge;

  if (self->swallow_release)
    {
      self->swallow_release = FALSE;
      return;
    }
  if (n_press != 1 || self->dragged)
    return;

  node = dg_canvas_hit_node (self, x, y);
  if (node >= 0)
    {
      g_signal_emit (self, signals[COMPANY_ACTIVATED], 0, node);
      return;
    }
  edge = dg_canvas_hit_edge (self, x, y);
  if (edge >= 0)
    g_signal_emit (self, signals[DEAL_ACTIVATED], 0, edge);
  else
    g_signal_emit (self, signals[BACKGROUND_ACTIVATED], 0);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           DgCanvas                 *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  /* Zoom around the pointer as the motion controller last saw it: GTK
   * 4.8's scroll events have no position of their own
   * (gdk_event_get_position() gives NaN), and a NaN view blanked the
   * canvas. */
  if (self->pointer_inside)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }

  if (!isfinite (dx) || !isfinite (dy))
    return GDK_EVENT_STOP;

  if (state & GDK_CONTROL_MASK)
    {
      double step = unit == GDK_SCROLL_UNIT_WHEEL ? dy : dy / 20.0;

      dg_canvas_zoom_by (self, pow (1.15, -step), x, y);
    }
  else
    {
      double scale = unit == GDK_SCROLL_UNIT_WHEEL ? 40.0 : 1.0;

      if (state & GDK_SHIFT_MASK && dx == 0)
        dg_canvas_pan_by (self, -dy * scale, 0);
      else
        dg_canvas_pan_by (self, -dx * scale, -dy * scale);
    }
  return GDK_EVENT_STOP;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               DgCanvas         *self)
{
  self->pinch_zoom = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       DgCanvas       *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  dg_canvas_zoom_by (self, self->pinch_zoom * scale / self->zoom, x, y);
}

/* Follow a deal out of (forward) or into the company the keyboard is on
 * (the focused one, which the selection moves too), or step to the end of
 * the selected deal. */
static void
follow_deal (DgCanvas *self,
             gboolean  forward)
{
  DgGraph *g = self->graph;

  if (g == NULL)
    return;

  if (self->focus_node < 0 && self->selected_edge >= 0)
    {
      guint e = self->selected_edge;

      g_signal_emit (self, signals[COMPANY_ACTIVATED], 0, (int) (forward ? g->edge_dst[e] : g->edge_src[e]));
    }
  else if (self->focus_node >= 0 || self->selected_node >= 0)
    {
      guint v = self->focus_node >= 0 ? self->focus_node : self->selected_node;
      guint start = forward ? g->out_offset[v] : g->in_offset[v];
      guint end = forward ? g->out_offset[v + 1] : g->in_offset[v + 1];

      if (start < end)
        g_signal_emit (self, signals[DEAL_ACTIVATED], 0, (int) (forward ? g->out_edges[start] : g->in_edges[start]));
    }
}

/* With a deal selected, Alt+Page Down/Up step to the next/previous deal of
 * the same payer, so every deal is reachable from the keyboard. */
static void
sibling_deal (DgCanvas *self,
              int       delta)
{
  DgGraph *g = self->graph;
  guint e, v, start, end, pos = 0;

  if (g == NULL || self->selected_edge < 0)
    return;

  e = self->selected_edge;
  v = g->edge_src[e];
  start = g->out_offset[v];
  end = g->out_offset[v + 1];
  for (guint i = start; i < end; i++)
    if (g->out_edges[i] == e)
      pos = i - start;
  pos = (pos + (end - start) + delta) % (end - start);
  g_signal_emit (self, signals[DEAL_ACTIVATED], 0, (int) g->out_edges[start + pos]);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DgCanvas              *self)
{
  gboolean alt = (state & GDK_ALT_MASK) != 0;
  const double step = 60.0;

  switch (keyval)
    {
    /* Alt+Left/Right stay the window's Back and Forward; Alt+Down follows
     * the money downstream (a deal out of the selected company, or the
     * selected deal's payee), Alt+Up upstream. */
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (alt)
        return GDK_EVENT_PROPAGATE;
      dg_canvas_pan_by (self, step, 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (alt)
        return GDK_EVENT_PROPAGATE;
      dg_canvas_pan_by (self, -step, 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (alt)
        follow_deal (self, FALSE);
      else
        dg_canvas_pan_by (self, 0, step);
      return GDK_EVENT_STOP;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (alt)
        follow_deal (self, TRUE);
      else
        dg_canvas_pan_by (self, 0, -step);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Down:
    case GDK_KEY_Page_Up:
      if (!alt)
        return GDK_EVENT_PROPAGATE;
      sibling_deal (self, keyval == GDK_KEY_Page_Down ? 1 : -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (state & GDK_CONTROL_MASK)
        return GDK_EVENT_PROPAGATE;
      dg_canvas_focus_next (self, keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK));
      return GDK_EVENT_STOP;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->focus_node >= 0)
        g_signal_emit (self, signals[COMPANY_OPENED], 0, self->focus_node);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      self->focus_node = -1;
      update_accessible (self);
      g_signal_emit (self, signals[BACKGROUND_ACTIVATED], 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_Home:
      dg_canvas_fit (self, TRUE);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

typedef struct
{
  guint node;
  double key;
} Order;

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const Order *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->node < y->node ? -1 : x->node > y->node;
}

/* Tab order: reading order over the picture, rows of about a disc height. */
void
dg_canvas_focus_next (DgCanvas *self,
                      gboolean  backwards)
{
  guint n = n_nodes (self);
  g_autofree Order *order = NULL;
  guint m = 0, pos = 0;

  g_return_if_fail (DG_IS_CANVAS (self));
  if (n == 0 || self->xy == NULL)
    return;

  order = g_new (Order, n);
  for (guint v = 0; v < n; v++)
    {
      if (self->node_visible != NULL && !self->node_visible[v])
        continue;
      order[m].node = v;
      order[m].key = floor (self->xy[2 * v + 1] / 80.0) * 1e7 + self->xy[2 * v];
      m++;
    }
  if (m == 0)
    return;
  qsort (order, m, sizeof (Order), compare_order);

  if (self->focus_node < 0)
    pos = backwards ? m - 1 : 0;
  else
    {
      for (guint i = 0; i < m; i++)
        if ((int) order[i].node == self->focus_node)
          pos = i;
      pos = backwards ? (pos + m - 1) % m : (pos + 1) % m;
    }

  self->focus_node = order[pos].node;

  /* Keep the focused company in view. */
  {
    double x, y, w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

    if (dg_canvas_node_to_widget (self, self->focus_node, &x, &y)
        && (x < 40 || y < 40 || x > w - 40 || y > h - 40))
      animate_view_to (self, self->view_x + w / 2 - x, self->view_y + h / 2 - y, self->zoom, TRUE);
  }
  content_changed (self, 0);
}

int
dg_canvas_get_focus_node (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), -1);
  return self->focus_node;
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  DgCanvas   *self)
{
  DgGraph *g = self->graph;
  int node, edge;
  g_autofree char *text = NULL;

  if (g == NULL || self->labels == NULL || self->tooltip_suppressed)
    return FALSE;

  node = keyboard ? self->focus_node : dg_canvas_hit_node (self, x, y);
  if (node >= 0)
    {
      double valuation = g->node_valuation[node];
      g_autofree char *money = isnan (valuation) ? NULL : dg_format_money_locale (valuation);

      if (money != NULL)
        /* Translators: tooltip of a company: name, kind, valuation */
        text = g_strdup_printf (_("%s\n%s, valued at %s"), (char *) g_ptr_array_index (self->labels, node),
                                dg_company_kind_label (g->node_kind[node]), money);
      else
        text = g_strdup_printf ("%s\n%s", (char *) g_ptr_array_index (self->labels, node),
                                dg_company_kind_label (g->node_kind[node]));
    }
  else if (!keyboard && (edge = dg_canvas_hit_edge (self, x, y)) >= 0)
    {
      DgAmount amount = { g->edge_amount_kind[edge], g->edge_amount[edge],
                          g->edge_amount_min[edge], g->edge_amount_max[edge] };
      g_autofree char *money = dg_amount_format_locale (&amount);

      /* Translators: tooltip of a deal: payer → payee, then kind and amount */
      text = g_strdup_printf (_("%s → %s\n%s, %s"), (char *) g_ptr_array_index (self->labels, g->edge_src[edge]),
                              (char *) g_ptr_array_index (self->labels, g->edge_dst[edge]),
                              dg_deal_kind_label (g->edge_kind[edge]), money);
    }

  if (text == NULL)
    return FALSE;
  /* Plain text: names come from files. */
  gtk_tooltip_set_text (tooltip, text);
  if (!keyboard)
    {
      /* GTK puts the tooltip beside this area: a box around the pointer
       * as big as a disc, so it never covers what it describes. */
      int r = MAX (12, (int) (node >= 0 ? dg_node_radius (g->node_valuation[node]) * self->zoom : 6) + 4);

      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x - r, y - r, 2 * r, 2 * r });
    }
  return TRUE;
}

/* ---- layout ----------------------------------------------------------- */

static void
stop_layout (DgCanvas *self)
{
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  self->layout_pending = FALSE;
  self->layout_hides = FALSE;
  if (self->layout_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->layout_tick);
      self->layout_tick = 0;
    }
  g_clear_pointer (&self->layout, dg_layout_free);
  g_clear_pointer (&self->morph_from, g_free);
  g_clear_pointer (&self->morph_to, g_free);
}

static gboolean
layout_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  DgCanvas *self = DG_CANVAS (widget);
  guint n = n_nodes (self);

  if (self->morph_to != NULL)
    {
      /* Moving from the old picture to a finished layout. */
      double t = (double) (gdk_frame_clock_get_frame_time (clock) - self->morph_start) / (2 * ANIMATION_USEC);
      double e = ease_out_cubic (CLAMP (t, 0.0, 1.0));

      for (guint i = 0; i < 2 * n; i++)
        self->xy[i] = self->morph_from[i] + (self->morph_to[i] - self->morph_from[i]) * e;
      content_changed (self, DG_RENDER_CHANGED_POSITIONS);
      if (self->fit_while_layout)
        dg_canvas_fit (self, FALSE);
      if (t < 1.0)
        return G_SOURCE_CONTINUE;
    }
  else if (self->layout != NULL)
    {
      /* Settling live: a few milliseconds of simulation a frame. */
      gboolean done = dg_layout_step (self->layout, LAYOUT_FRAME_BUDGET);

      memcpy (self->xy, dg_layout_get_positions (self->layout), sizeof (float) * 2 * n);
      content_changed (self, DG_RENDER_CHANGED_POSITIONS);
      if (self->fit_while_layout)
        dg_canvas_fit (self, FALSE);
      if (!done)
        return G_SOURCE_CONTINUE;
    }

  self->layout_tick = 0;
  g_clear_pointer (&self->layout, dg_layout_free);
  g_clear_pointer (&self->morph_from, g_free);
  g_clear_pointer (&self->morph_to, g_free);
  /* At rest: draw again, with the deals routed anew. */
  content_changed (self, 0);
  if (self->fit_while_layout)
    dg_canvas_fit (self, TRUE);
  self->fit_while_layout = FALSE;
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Steps of a twentieth of a second, so a newer layout, a new graph or a
 * closed window stops the worker within one step instead of a minute. */
static void
layout_worker_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!g_cancellable_is_cancelled (cancellable) && !dg_layout_step (task_data, 0.05)
         && g_get_monotonic_time () < end)
    ;
  g_task_return_boolean (task, TRUE);
}

static void
layout_worker_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DgLayout *layout = g_task_get_task_data (G_TASK (result));
  DgCanvas *self;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: a newer layout or a new graph took over */

  self = DG_CANVAS (source);
  n = n_nodes (self);
  self->layout_pending = FALSE;
  self->layout_hides = FALSE;
  g_clear_object (&self->layout_cancellable);
  if (dg_layout_get_n_nodes (layout) != n)
    return;

  self->morph_from = g_memdup2 (self->xy, sizeof (float) * 2 * MAX (n, 1));
  self->morph_to = g_memdup2 (dg_layout_get_positions (layout), sizeof (float) * 2 * MAX (n, 1));
  self->morph_start = g_get_monotonic_time ();
  if (self->layout_tick == 0)
    self->layout_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), layout_tick_cb, NULL, NULL);
}

/**
 * dg_canvas_run_layout:
 * @from_scratch: ignore the current positions (but keep pinned companies)
 *
 * Runs a layout and animates to it: small graphs are laid out at once and
 * the picture moves smoothly to the result; large ones settle live, a few
 * milliseconds a frame, so the window stays responsive.
 */
void
dg_canvas_run_layout (DgCanvas          *self,
                      DgLayoutAlgorithm  algorithm,
                      gboolean           from_scratch)
{
  guint n = n_nodes (self);
  g_autofree guint8 *has = NULL;

  g_return_if_fail (DG_IS_CANVAS (self));
  if (self->graph == NULL)
    return;

  stop_layout (self);
  self->layout = dg_layout_new (self->graph, algorithm, 1);
  /* Money flow fills the canvas's shape: before the canvas has one, it is
   * laid out again when it gets it. */
  self->flow_wants_size = algorithm == DG_LAYOUT_FLOW && gtk_widget_get_width (GTK_WIDGET (self)) <= 0;
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    dg_layout_set_frame (self->layout, gtk_widget_get_width (GTK_WIDGET (self)),
                         gtk_widget_get_height (GTK_WIDGET (self)));

  if (from_scratch)
    {
      /* Pinned companies keep their place; the rest start afresh. */
      has = g_new0 (guint8, MAX (n, 1));
      for (guint v = 0; v < n; v++)
        has[v] = self->pinned[v];
    }
  dg_layout_set_initial (self->layout, self->xy, self->pinned, has);

  if (self->labels != NULL)
    {
      g_autofree float *radius = g_new (float, MAX (n, 1));
      g_autofree float *label = g_new (float, MAX (n, 1));

      for (guint v = 0; v < n; v++)
        {
          radius[v] = dg_node_radius (self->graph->node_valuation[v]);
          label[v] = dg_layout_estimate_label_width (g_ptr_array_index (self->labels, v));
        }
      dg_layout_set_node_sizes (self->layout, radius, label);
    }

  self->fit_while_layout = TRUE;
  if (n > 2000)
    {
      /* Large graphs are laid out in a worker thread; the window stays
       * responsive and the picture moves to the result when it is done. */
      g_autoptr(GTask) task = NULL;
      gboolean any_position = FALSE;

      for (guint v = 0; v < n && !any_position; v++)
        any_position = !from_scratch || self->pinned[v];
      self->layout_hides = !any_position;
      self->layout_cancellable = g_cancellable_new ();
      task = g_task_new (self, self->layout_cancellable, layout_worker_done, NULL);
      g_task_set_task_data (task, g_steal_pointer (&self->layout), (GDestroyNotify) dg_layout_free);
      self->layout_pending = TRUE;
      g_task_run_in_thread (task, layout_worker_thread);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (dg_layout_run (self->layout, 1.5))
    {
      self->morph_from = g_memdup2 (self->xy, sizeof (float) * 2 * MAX (n, 1));
      self->morph_to = g_memdup2 (dg_layout_get_positions (self->layout), sizeof (float) * 2 * MAX (n, 1));
      self->morph_start = g_get_monotonic_time ();
      if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
        {
          /* Nothing to animate on screen: take the result now. */
          memcpy (self->xy, self->morph_to, sizeof (float) * 2 * n);
          content_changed (self, DG_RENDER_CHANGED_POSITIONS);
          stop_layout (self);
          self->view_set = FALSE;
          self->fit_while_layout = FALSE;
          g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return;
        }
    }
  self->layout_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), layout_tick_cb, NULL, NULL);
}

/**
 * dg_canvas_is_rendering:
 *
 * Returns: whether a worker thread is drawing a frame of the canvas (big
 *   networks), or is about to; for tests, which wait for the picture to rest
 */
gboolean
dg_canvas_is_rendering (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);
  return self->job_running || self->job_wanted || self->sharp_timeout != 0;
}

gboolean
dg_canvas_is_layout_running (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);
  return self->layout_tick != 0 || self->layout_pending;
}

/* ---- data ------------------------------------------------------------- */

static GPtrArray *
strv_array (const char * const *strv)
{
  GPtrArray *array;

  if (strv == NULL)
    return NULL;
  array = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; strv[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (strv[i]));
  /* Keep pdata NULL-terminated without a free func call on NULL. */
  g_ptr_array_add (array, NULL);
  return array;
}

static guint8 *
copy_flags (const guint8 *flags,
            guint         n)
{
  return flags != NULL ? g_memdup2 (flags, MAX (n, 1)) : NULL;
}

/**
 * dg_canvas_update_graph:
 * @self: a canvas
 * @graph: a graph of the same companies and deals as the canvas's, in
 *   another state (dg_graph_copy_as_of())
 *
 * Draws @graph instead, keeping the view, the positions, the masks and the
 * selection: the timeline shows each deal in its state that month.
 */
void
dg_canvas_update_graph (DgCanvas *self,
                        DgGraph  *graph)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (graph != NULL);

  /* Not the canvas's network (or none yet): dg_canvas_set_graph() is. */
  if (graph == self->graph || self->graph == NULL || graph->n_nodes != self->graph->n_nodes
      || graph->n_edges != self->graph->n_edges)
    return;
  dg_graph_ref (graph);
  g_clear_pointer (&self->graph, dg_graph_unref);
  self->graph = graph;
  content_changed (self, DG_RENDER_CHANGED_GRAPH);
}

/**
 * dg_canvas_get_graph:
 * @self: a canvas
 *
 * Returns: (transfer none) (nullable): the graph drawn
 */
DgGraph *
dg_canvas_get_graph (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);

  return self->graph;
}

void
dg_canvas_set_graph (DgCanvas           *self,
                     DgGraph            *graph,
                     const char * const *labels,
                     const char * const *node_ids,
                     const char * const *edge_ids)
{
  guint n;

  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (graph != NULL);

  stop_layout (self);
  dg_graph_ref (graph);
  g_clear_pointer (&self->graph, dg_graph_unref);
  self->graph = graph;
  n = graph->n_nodes;

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->node_ids, g_ptr_array_unref);
  g_clear_pointer (&self->edge_ids, g_ptr_array_unref);
  self->labels = strv_array (labels);
  self->node_ids = strv_array (node_ids);
  self->edge_ids = strv_array (edge_ids);

  g_free (self->xy);
  g_free (self->pinned);
  self->xy = g_new0 (float, 2 * MAX (n, 1));
  self->pinned = g_new0 (guint8, MAX (n, 1));
  g_clear_pointer (&self->edge_cyclic, g_free);
  g_clear_pointer (&self->node_visible, g_free);
  g_clear_pointer (&self->edge_visible, g_free);
  g_clear_pointer (&self->edge_undated, g_free);
  g_clear_pointer (&self->lit_nodes, g_free);
  g_clear_pointer (&self->lit_edges, g_free);

  self->hover_node = self->hover_edge = -1;
  self->selected_node = self->selected_edge = -1;
  self->focus_node = -1;
  self->view_set = FALSE;

  /* Very large graphs compose from the first frame: one direct frame of
   * 50k companies would hold the main loop for seconds. */
  self->cached_mode = graph->n_edges > 20000;
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->overlay, cairo_surface_destroy);
  g_clear_pointer (&self->overlay_region, cairo_region_destroy);
  g_clear_pointer (&self->overview, cairo_surface_destroy);
  g_clear_pointer (&self->quick_nodes, g_free);
  g_clear_pointer (&self->quick_edges, g_free);
  g_clear_pointer (&self->quick_set_nodes, g_array_unref);
  g_clear_pointer (&self->quick_set_edges, g_array_unref);
  content_changed (self, DG_RENDER_CHANGED_ALL);
}

void
dg_canvas_set_positions (DgCanvas     *self,
                         const float  *xy,
                         const guint8 *pinned)
{
  guint n = n_nodes (self);

  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (self->graph != NULL);

  stop_layout (self);
  memcpy (self->xy, xy, sizeof (float) * 2 * n);
  if (pinned != NULL)
    memcpy (self->pinned, pinned, n);
  else
    memset (self->pinned, 0, n);
  content_changed (self, DG_RENDER_CHANGED_POSITIONS);
}

const float *
dg_canvas_get_positions (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  return self->xy;
}

const guint8 *
dg_canvas_get_pinned (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  return self->pinned;
}

void
dg_canvas_set_cyclic (DgCanvas     *self,
                      const guint8 *edge_cyclic)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_free (self->edge_cyclic);
  self->edge_cyclic = self->graph ? copy_flags (edge_cyclic, self->graph->n_edges) : NULL;
  structure_changed (self);
}

void
dg_canvas_set_visible_items (DgCanvas     *self,
                             const guint8 *node_visible,
                             const guint8 *edge_visible)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_free (self->node_visible);
  g_free (self->edge_visible);
  self->node_visible = self->graph ? copy_flags (node_visible, self->graph->n_nodes) : NULL;
  self->edge_visible = self->graph ? copy_flags (edge_visible, self->graph->n_edges) : NULL;
  structure_changed (self);
}

/**
 * dg_canvas_set_undated:
 * @edge_undated: (nullable): deals shown with no date while a date limit
 *   is set, to mark them; %NULL when no date limit is set
 */
void
dg_canvas_set_undated (DgCanvas     *self,
                       const guint8 *edge_undated)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_free (self->edge_undated);
  self->edge_undated = self->graph ? copy_flags (edge_undated, self->graph->n_edges) : NULL;
  structure_changed (self);
}

const guint8 *
dg_canvas_get_undated (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  return self->edge_undated;
}

void
dg_canvas_set_titles (DgCanvas   *self,
                      const char *title,
                      const char *subtitle)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_free (self->title);
  g_free (self->subtitle);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  content_changed (self, 0);
}

void
dg_canvas_set_theme (DgCanvas    *self,
                     DgThemeKind  theme)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  if (self->theme == theme)
    return;
  self->theme = theme;
  content_changed (self, DG_RENDER_CHANGED_LABELS);
}

DgThemeKind
dg_canvas_get_theme (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), 0);
  return self->theme;
}

gboolean
dg_canvas_get_legend_shown (DgCanvas *self)
{
  DgScene scene;

  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);
  fill_scene (self, &scene);
  return scene.legend;
}

void
dg_canvas_set_legend (DgCanvas *self,
                      gboolean  legend)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  legend = !!legend;
  if (self->legend == legend)
    return;
  self->legend = legend;
  content_changed (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LEGEND]);
}

void
dg_canvas_set_selection (DgCanvas *self,
                         int       node,
                         int       edge)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  self->selected_node = node;
  self->selected_edge = edge;
  /* The keyboard's place follows the selection, and goes with it: a
   * leftover focus company kept its neighbourhood lit after the panel
   * closed. */
  self->focus_node = node;
  content_changed (self, 0);
}

int
dg_canvas_get_selected_node (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), -1);
  return self->selected_node;
}

int
dg_canvas_get_selected_edge (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), -1);
  return self->selected_edge;
}

/**
 * dg_canvas_set_lit:
 * @nodes: (nullable) (array length=n_nodes): companies of a selected cycle
 * @edges: (nullable) (array length=n_edges): its deals
 *
 * Lights these and dims everything else; %NULL for both clears it.
 */
void
dg_canvas_set_lit (DgCanvas    *self,
                   const guint *nodes,
                   guint        count_nodes,
                   const guint *edges,
                   guint        count_edges)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_clear_pointer (&self->lit_nodes, g_free);
  g_clear_pointer (&self->lit_edges, g_free);
  if ((nodes != NULL || edges != NULL) && self->graph != NULL)
    {
      self->lit_nodes = g_new0 (guint8, MAX (self->graph->n_nodes, 1));
      self->lit_edges = g_new0 (guint8, MAX (self->graph->n_edges, 1));
      for (guint i = 0; nodes != NULL && i < count_nodes; i++)
        self->lit_nodes[nodes[i]] = 1;
      for (guint i = 0; edges != NULL && i < count_edges; i++)
        self->lit_edges[edges[i]] = 1;
    }
  content_changed (self, 0);
}

const guint8 *
dg_canvas_get_node_visible (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  return self->node_visible;
}

const guint8 *
dg_canvas_get_edge_visible (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  return self->edge_visible;
}

const guint8 *
dg_canvas_get_lit_edges (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  return self->lit_edges;
}

/* Moves a company as a drag does, in widget coordinates, and pins it. */
void
dg_canvas_move_node (DgCanvas *self,
                     guint     node,
                     double    widget_x,
                     double    widget_y)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (node < n_nodes (self));

  self->xy[2 * node] = (widget_x - self->view_x) / self->zoom;
  self->xy[2 * node + 1] = (widget_y - self->view_y) / self->zoom;
  self->pinned[node] = 1;
  if (self->layout != NULL)
    dg_layout_pin (self->layout, node, self->xy[2 * node], self->xy[2 * node + 1]);
  content_changed (self, DG_RENDER_CHANGED_POSITIONS);
  g_signal_emit (self, signals[COMPANY_MOVED], 0, node);
}

void
dg_canvas_unpin (DgCanvas *self,
                 guint     node)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (node < n_nodes (self));

  self->pinned[node] = 0;
  if (self->layout != NULL)
    dg_layout_unpin (self->layout, node);
  content_changed (self, 0);
}

void
dg_canvas_unpin_all (DgCanvas *self)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  memset (self->pinned, 0, MAX (n_nodes (self), 1));
  content_changed (self, 0);
}

/**
 * dg_canvas_render_texture:
 *
 * Returns: (transfer full) (nullable): the current view as an image, at the
 *   widget's scale, for the clipboard
 */
GdkTexture *
dg_canvas_render_texture (DgCanvas *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr;
  DgScene scene;
  GdkTexture *texture;

  g_return_val_if_fail (DG_IS_CANVAS (self), NULL);
  if (width <= 0 || height <= 0 || self->graph == NULL)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  fill_scene (self, &scene);
  scene.hover_node = scene.hover_edge = -1;
  dg_renderer_render (self->renderer, &scene, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  return texture;
}

/* ---- actions ---------------------------------------------------------- */

static void
zoom_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  dg_canvas_zoom_by (DG_CANVAS (widget), 1.25, gtk_widget_get_width (widget) / 2.0,
                     gtk_widget_get_height (widget) / 2.0);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  dg_canvas_zoom_by (DG_CANVAS (widget), 1 / 1.25, gtk_widget_get_width (widget) / 2.0,
                     gtk_widget_get_height (widget) / 2.0);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  dg_canvas_fit (DG_CANVAS (widget), TRUE);
}

static void
copy_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  g_autoptr(GdkTexture) texture = dg_canvas_render_texture (DG_CANVAS (widget));

  if (texture != NULL)
    gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

/* ---- life cycle ------------------------------------------------------- */

/* Pans as little as needed to keep the selected company in view. */
static void
keep_selection_in_view (DgCanvas *self,
                        int       width,
                        int       height)
{
  const double margin = 48.0;
  double x, y, dx = 0, dy = 0;

  if (self->selected_node < 0 || !dg_canvas_node_to_widget (self, self->selected_node, &x, &y))
    return;
  if (width <= 2 * margin || height <= 2 * margin)
    return;
  if (x < margin)
    dx = margin - x;
  else if (x > width - margin)
    dx = width - margin - x;
  if (y < margin)
    dy = margin - y;
  else if (y > height - margin)
    dy = height - margin - y;
  if (dx != 0 || dy != 0)
    set_view_now (self, self->view_x + dx, self->view_y + dy, self->zoom);
}

static void
dg_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  DgCanvas *self = DG_CANVAS (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0);
  gboolean resized = width != self->last_width || height != self->last_height;
  gboolean have_origin = native != NULL
                         && gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (0, 0), &origin);

  if (self->flow_wants_size && width > 0 && self->graph != NULL)
    dg_canvas_run_layout (self, DG_LAYOUT_FLOW, TRUE);

  if (!self->view_set || self->fit_while_layout)
    dg_canvas_fit (self, FALSE);
  else if (self->focus_target != NULL && resized)
    {
      double x, y, zoom;

      /* Zoomed to a company's neighbourhood or a cycle: keep showing it. */
      if (view_for_nodes (self, (guint *) (gpointer) self->focus_target->data, self->focus_target->len,
                          60.0, &x, &y, &zoom))
        animate_view_to (self, x, y, zoom, self->focus_animate);
    }
  else if (resized && self->last_width > 0)
    {
      DgScene fit;

      fit_scene (self, &fit, width, height);
      if (self->view_fitted && fit.zoom >= self->zoom * 0.999)
        {
          /* More room (a panel closed, the window grew): use it. */
          set_view_now (self, fit.view_x, fit.view_y, fit.zoom);
        }
      else
        {
          /* Less room (a panel opened, the sidebar came back): the picture
           * stays where it is on screen, at its size, instead of shrinking
           * to a stamp; only the selection is kept in view. */
          double dx = have_origin && self->have_origin ? self->origin_x - origin.x : 0;
          double dy = have_origin && self->have_origin ? self->origin_y - origin.y : 0;

          set_view_now (self, self->view_x + dx, self->view_y + dy, self->zoom);
          keep_selection_in_view (self, width, height);
        }
    }
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
  self->last_width = width;
  self->last_height = height;
  self->have_origin = have_origin;
  self->origin_x = origin.x;
  self->origin_y = origin.y;
}

static void
dg_canvas_dispose (GObject *object)
{
  DgCanvas *self = DG_CANVAS (object);

  stop_layout (self);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  if (self->view_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->view_tick);
      self->view_tick = 0;
    }
  g_clear_handle_id (&self->sharp_timeout, g_source_remove);
  g_clear_handle_id (&self->stats_timeout, g_source_remove);
  stop_layout (self);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);

  G_OBJECT_CLASS (dg_canvas_parent_class)->dispose (object);
}

static void
dg_canvas_finalize (GObject *object)
{
  DgCanvas *self = DG_CANVAS (object);

  g_clear_pointer (&self->renderer, dg_renderer_free);
  g_clear_pointer (&self->graph, dg_graph_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->node_ids, g_ptr_array_unref);
  g_clear_pointer (&self->edge_ids, g_ptr_array_unref);
  g_clear_pointer (&self->worker_renderer, dg_renderer_free);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->overlay, cairo_surface_destroy);
  g_clear_pointer (&self->overlay_region, cairo_region_destroy);
  g_clear_pointer (&self->overview, cairo_surface_destroy);
  g_clear_pointer (&self->quick_nodes, g_free);
  g_clear_pointer (&self->quick_edges, g_free);
  g_clear_pointer (&self->quick_set_nodes, g_array_unref);
  g_clear_pointer (&self->quick_set_edges, g_array_unref);
  g_free (self->worker_xy);
  g_free (self->xy);
  g_free (self->pinned);
  g_free (self->edge_cyclic);
  g_free (self->node_visible);
  g_free (self->edge_visible);
  g_free (self->edge_undated);
  g_free (self->lit_nodes);
  g_free (self->lit_edges);
  g_free (self->a11y_label);
  g_free (self->a11y_description);
  g_free (self->a11y_owner_label);
  g_free (self->a11y_owner_description);
  g_free (self->title);
  g_free (self->subtitle);
  g_clear_pointer (&self->focus_target, g_array_unref);

  G_OBJECT_CLASS (dg_canvas_parent_class)->finalize (object);
}

static void
dg_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DgCanvas *self = DG_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->legend);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DgCanvas *self = DG_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SHOW_LEGEND:
      dg_canvas_set_legend (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_canvas_class_init (DgCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_canvas_dispose;
  object_class->finalize = dg_canvas_finalize;
  object_class->get_property = dg_canvas_get_property;
  object_class->set_property = dg_canvas_set_property;

  /**
   * DgCanvas:show-legend:
   *
   * Whether the legend is drawn. What the menu's check item shows is this
   * property, so the two always agree.
   */
  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = dg_canvas_snapshot;
  widget_class->realize = dg_canvas_realize;
  widget_class->size_allocate = dg_canvas_size_allocate;

  /**
   * DgCanvas::company-activated:
   * @node: the company clicked, or reached from the keyboard
   */
  signals[COMPANY_ACTIVATED] =
    g_signal_new ("company-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[DEAL_ACTIVATED] =
    g_signal_new ("deal-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[BACKGROUND_ACTIVATED] =
    g_signal_new ("background-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * DgCanvas::background-double-clicked:
   * @x: where, in diagram units
   * @y: where, in diagram units
   */
  signals[BACKGROUND_DOUBLE_CLICKED] =
    g_signal_new ("background-double-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * DgCanvas::company-moved:
   * @node: the company dragged (it is now pinned)
   */
  signals[COMPANY_MOVED] =
    g_signal_new ("company-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * DgCanvas::positions-changed:
   *
   * A layout finished; dg_canvas_get_positions() has the result.
   */
  signals[POSITIONS_CHANGED] =
    g_signal_new ("positions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * DgCanvas::company-opened:
   * @node: the focused company, on Enter
   */
  /**
   * DgCanvas::context-menu:
   * @node: the company under the pointer, or -1
   * @edge: the deal under the pointer, or -1
   *
   * Emitted just before the context menu pops up.
   */
  signals[CONTEXT_MENU] =
    g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[COMPANY_OPENED] =
    g_signal_new ("company-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_install_action (widget_class, "canvas.context-menu", NULL, context_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "canvas.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "canvas.context-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "dgcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dg_canvas_init (DgCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->renderer = dg_renderer_new ();
  self->frame_stats = g_getenv ("DEALGRAPH_FRAME_STATS") != NULL;
  self->zoom = 1.0;
  self->legend = TRUE;
  self->theme = DG_THEME_LIGHT;
  self->hover_node = self->hover_edge = -1;
  self->selected_node = self->selected_edge = -1;
  self->focus_node = -1;
  self->last_press_node = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  update_accessible (self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
dg_canvas_new (void)
{
  return g_object_new (DG_TYPE_CANVAS, NULL);
}

/* ---- tests ------------------------------------------------------------ */

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, isfinite (value) ? value : -1e300);
}

static const char *
node_id (DgCanvas *self,
         int       v)
{
  if (v < 0 || self->node_ids == NULL || (guint) v >= n_nodes (self))
    return NULL;
  return g_ptr_array_index (self->node_ids, v);
}

static const char *
edge_id (DgCanvas *self,
         int       e)
{
  if (e < 0 || self->edge_ids == NULL || self->graph == NULL || (guint) e >= self->graph->n_edges)
    return NULL;
  return g_ptr_array_index (self->edge_ids, e);
}

/**
 * dg_canvas_describe:
 *
 * Adds what the canvas shows to the object being built, for the
 * end-to-end tests' debug interface (see dg-debug.c).
 */
void
dg_canvas_describe (DgCanvas    *self,
                    JsonBuilder *b)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  guint n_visible = 0, n_in_view = 0, n_lit_nodes = 0, n_lit_edges = 0;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  g_return_if_fail (DG_IS_CANVAS (self));

  dg_debug_add_widget_point (b, widget, 0, 0);
  add_int (b, "width", width);
  add_int (b, "height", height);
  add_double (b, "view_x", self->view_x);
  add_double (b, "view_y", self->view_y);
  add_double (b, "zoom", self->zoom);
  json_builder_set_member_name (b, "legend_shown");
  json_builder_add_boolean_value (b, dg_canvas_get_legend_shown (self));
  json_builder_set_member_name (b, "has_focus");
  json_builder_add_boolean_value (b, gtk_widget_has_focus (widget));
  json_builder_set_member_name (b, "layout_running");
  json_builder_add_boolean_value (b, dg_canvas_is_layout_running (self));
  json_builder_set_member_name (b, "animating");
  json_builder_add_boolean_value (b, self->view_tick != 0);
  json_builder_set_member_name (b, "cached_mode");
  json_builder_add_boolean_value (b, self->cached_mode);
  /* The screen shows the whole current content, sharp (not a stretched
   * older frame while the worker draws). */
  json_builder_set_member_name (b, "frame_exact");
  json_builder_add_boolean_value (b, self->graph != NULL && self->exact_gen == self->content_gen + 1);
  json_builder_set_member_name (b, "selected_node");
  json_builder_add_string_value (b, node_id (self, self->selected_node));
  json_builder_set_member_name (b, "selected_edge");
  json_builder_add_string_value (b, edge_id (self, self->selected_edge));
  json_builder_set_member_name (b, "focus_node");
  json_builder_add_string_value (b, node_id (self, self->focus_node));
  json_builder_set_member_name (b, "hover_node");
  json_builder_add_string_value (b, node_id (self, self->hover_node));
  json_builder_set_member_name (b, "hover_edge");
  json_builder_add_string_value (b, edge_id (self, self->hover_edge));
  json_builder_set_member_name (b, "context_menu_shown");
  json_builder_add_boolean_value (b, self->context_menu != NULL && gtk_widget_get_visible (self->context_menu));
  json_builder_set_member_name (b, "tooltip_suppressed");
  json_builder_add_boolean_value (b, self->tooltip_suppressed);

  for (guint v = 0; self->xy != NULL && v < n_nodes (self); v++)
    {
      double r, cx, cy;

      if (self->node_visible != NULL && !self->node_visible[v])
        continue;
      n_visible++;
      r = dg_node_radius (self->graph->node_valuation[v]) * self->zoom;
      cx = self->xy[2 * v] * self->zoom + self->view_x;
      cy = self->xy[2 * v + 1] * self->zoom + self->view_y;
      x0 = MIN (x0, cx - r);
      y0 = MIN (y0, cy - r);
      x1 = MAX (x1, cx + r);
      y1 = MAX (y1, cy + r);
      if (cx >= 0 && cx <= width && cy >= 0 && cy <= height)
        n_in_view++;
    }
  add_int (b, "n_nodes", n_nodes (self));
  add_int (b, "n_visible_nodes", n_visible);
  add_int (b, "n_nodes_in_view", n_in_view);
  json_builder_set_member_name (b, "nodes_bbox");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, n_visible > 0 ? x0 : 0);
  json_builder_add_double_value (b, n_visible > 0 ? y0 : 0);
  json_builder_add_double_value (b, n_visible > 0 ? x1 : 0);
  json_builder_add_double_value (b, n_visible > 0 ? y1 : 0);
  json_builder_end_array (b);

  for (guint v = 0; self->lit_nodes != NULL && v < n_nodes (self); v++)
    n_lit_nodes += self->lit_nodes[v] != 0;
  for (guint e = 0; self->lit_edges != NULL && self->graph != NULL && e < self->graph->n_edges; e++)
    n_lit_edges += self->lit_edges[e] != 0;
  add_int (b, "n_lit_nodes", n_lit_nodes);
  add_int (b, "n_lit_edges", n_lit_edges);
}
