/* dg-canvas-frames.c: drawing the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the canvas draws: directly when frames are cheap, else by composing
 * the last sharp frame that a worker thread rendered with a margin around
 * the view, with an overview of the whole network under moving frames;
 * and the frame statistics (DEALGRAPH_FRAME_STATS) for docs/performance.md.
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
#include "dg-canvas-private.h"
#include "dg-debug.h"
#include "dg-format.h"
#include "dg-render.h"

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
  DgStrings *labels, *node_ids, *edge_ids;
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
  gboolean first;           /* the first frame of a network: nothing on screen */
  gint64 started;
  gint64 rendered;
} Job;

static void
job_free (Job *job)
{
  if (job->owns_renderer)
    dg_renderer_free (job->renderer);
  g_clear_pointer (&job->graph, dg_graph_unref);
  g_clear_pointer (&job->labels, dg_strings_unref);
  g_clear_pointer (&job->node_ids, dg_strings_unref);
  g_clear_pointer (&job->edge_ids, dg_strings_unref);
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
  const char *hold = g_getenv ("DEALGRAPH_DEBUG_RENDER_HOLD");

  /* For the end-to-end tests only: while the file @hold exists (at most a
   * minute), frames wait to be drawn, so a test can look at the screen
   * between an edit and the worker's picture of it however fast or slow
   * the machine is. */
  for (guint i = 0; hold != NULL && !job->first && i < 6000 && g_file_test (hold, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  job->started = g_get_monotonic_time ();
#ifdef __linux__
  if (!job->first)
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

/* The first frame of a network runs in a thread of its own, at the
 * process's priority: nothing moves on screen for the niced pool worker
 * to yield to, the reader waits for the picture, and the analysis worker
 * the window starts at the same time would otherwise take the core (a
 * niced thread stays niced, so the pool's cannot be raised again). */
static gpointer
first_frame_thread (gpointer data)
{
  GTask *task = data;

  render_job_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                     g_task_get_cancellable (task));
  g_object_unref (task);
  return NULL;
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
      dg_canvas_patch_frame_landed (self, job->graph, self->worker_renderer);
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
  job->first = self->cache == NULL && self->overview == NULL;
  view_done = self->cache != NULL && self->cache_gen == self->content_gen
              && self->cache_view[2] == self->zoom
              && self->cache_view[0] == self->view_x + mx && self->cache_view[1] == self->view_y + my;
  job->kind = view_done && self->overview_gen != self->structure_gen ? JOB_OVERVIEW : JOB_VIEW;
  job->renderer = self->worker_renderer;
  job->graph = dg_graph_ref (self->graph);
  job->labels = self->labels ? dg_strings_ref (self->labels) : NULL;
  job->node_ids = self->node_ids ? dg_strings_ref (self->node_ids) : NULL;
  job->edge_ids = self->edge_ids ? dg_strings_ref (self->edge_ids) : NULL;
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

  dg_canvas_fill_scene (self, &job->scene);
  job->scene.graph = job->graph;
  job->scene.xy = self->worker_xy;
  job->scene.labels = job->labels ? job->labels->v : NULL;
  job->scene.node_ids = job->node_ids ? job->node_ids->v : NULL;
  job->scene.edge_ids = job->edge_ids ? job->edge_ids->v : NULL;
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
  if (job->first)
    g_thread_unref (g_thread_new ("dg-first-frame", first_frame_thread, g_object_ref (task)));
  else
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
void
dg_canvas_schedule_sharp (DgCanvas *self)
{
  if (self->job_running)
    self->job_wanted = TRUE;
  else if (self->cache == NULL)
    {
      /* Nothing of this network on screen yet: there is nothing to
       * coalesce, and every millisecond shows as an empty canvas. */
      g_clear_handle_id (&self->sharp_timeout, g_source_remove);
      start_job (self);
    }
  else if (self->sharp_timeout == 0)
    self->sharp_timeout = g_timeout_add (60, sharp_timeout_cb, self);
}

static gboolean
first_frame_cb (gpointer user_data)
{
  DgCanvas *self = user_data;

  self->sharp_timeout = 0;
  if (self->cache != NULL && !self->job_running && self->graph != NULL && self->xy != NULL)
    {
      /* The same network after an edit (dg_canvas_replace_graph()), its
       * last picture on screen: its new one now. A snapshot that came
       * first saw this source pending and left the scheduling to it; with
       * nothing else to draw again, the new picture never came. */
      dg_canvas_schedule_sharp (self);
      return G_SOURCE_REMOVE;
    }
  if (self->cache != NULL || self->job_running || self->graph == NULL || self->xy == NULL
      || dg_canvas_is_layout_running (self) || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return G_SOURCE_REMOVE;   /* the first snapshot schedules it */
  if (!self->view_set)
    dg_canvas_fit (self, FALSE);
  start_job (self);
  return G_SOURCE_REMOVE;
}

/* A new network that is drawn by the worker: start its first frame as
 * soon as its owner has set it up (the rest of the call that set the
 * graph: positions, shading, filter, view), before GTK lays the window
 * out and asks for a snapshot, which on a big document takes a good part
 * of the time to the first frame (docs/performance.md). At
 * G_PRIORITY_HIGH_IDLE, ahead of GTK's resize and redraw; if the canvas
 * changes before the snapshot anyway, the frame is drawn again. */
void
dg_canvas_first_frame_soon (DgCanvas *self)
{
  if (!self->cached_mode)
    return;
  g_clear_handle_id (&self->sharp_timeout, g_source_remove);
  self->sharp_timeout = g_idle_add_full (G_PRIORITY_HIGH_IDLE, first_frame_cb, self, NULL);
}

/* A frame composed at scale @f and offset @tx, @ty lands on whole pixels:
 * within what pixman's 16.16 fixed point can tell (the view and the
 * frame's view differ by a margin of whole pixels, but in doubles: 131
 * comes out as 131.00000000000003). */
static gboolean
offset_whole (double f,
              double tx,
              double ty)
{
  return f == 1.0 && fabs (tx - round (tx)) < 1.0 / 65536 && fabs (ty - round (ty)) < 1.0 / 65536;
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
                            exact || offset_whole (f, tx, ty) ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Where the cached frame lands on the view: whether it covers the canvas,
 * whether the overview shows around it, whether it is exact, and whether
 * it lands unscaled at a whole-pixel offset (or there is none). */
static void
cache_fit (DgCanvas *self,
           int       width,
           int       height,
           gboolean *covers,
           gboolean *overview,
           gboolean *exact,
           gboolean *whole)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double f = 1, tx = 0, ty = 0;

  *covers = FALSE;
  if (self->cache != NULL)
    {
      f = self->zoom / self->cache_view[2];
      tx = self->view_x - self->cache_view[0] * f;
      ty = self->view_y - self->cache_view[1] * f;
      *covers = tx <= 0 && ty <= 0
                && tx + self->cache_width * f >= width && ty + self->cache_height * f >= height;
    }
  *overview = !*covers && self->overview != NULL && self->overview_gen == self->structure_gen
              && self->overview_scale == scale;
  *exact = self->cache != NULL && self->cache_gen == self->content_gen && f == 1.0
           && self->cache_scale == scale && *covers;
  *whole = offset_whole (f, tx, ty);
}

/* Draws the cached frame moved and scaled to the current view, over the
 * overview (the whole network at fit) wherever the frame does not reach
 * (cache_fit() says where): panning and zooming move and scale what was
 * drawn, never show an empty canvas. */
static void
draw_cache (DgCanvas *self,
            cairo_t  *cr,
            gboolean  covers,
            gboolean  overview,
            gboolean  exact)
{
  const DgTheme *theme = dg_theme_get (self->theme);

  /* The frame is opaque: the background only shows where it does not reach. */
  if (!covers)
    {
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b, 1.0);
      cairo_paint (cr);
    }
  if (overview)
    paint_frame (self, cr, self->overview, self->overview_view, FALSE);
  if (self->cache != NULL)
    paint_frame (self, cr, self->cache, self->cache_view, exact);
}

void
dg_kept_node_clear (DgKeptNode *kept)
{
  g_clear_pointer (&kept->node, gsk_render_node_unref);
  for (guint i = 0; i < G_N_ELEMENTS (kept->source); i++)
    g_clear_pointer (&kept->source[i], cairo_surface_destroy);
  memset (kept, 0, sizeof *kept);
}

/* @kept's node if it was made of what @want names, else NULL. */
static GskRenderNode *
kept_node_lookup (const DgKeptNode *kept,
                  const DgKeptNode *want)
{
  if (kept->node == NULL || kept->source[0] != want->source[0] || kept->source[1] != want->source[1]
      || kept->source[2] != want->source[2]
      || memcmp (kept->view, want->view, sizeof kept->view) != 0 || kept->width != want->width
      || kept->height != want->height || kept->scale != want->scale || kept->theme != want->theme
      || kept->exact != want->exact)
    return NULL;
  return kept->node;
}

static void
kept_node_store (DgKeptNode       *kept,
                 const DgKeptNode *want,
                 GskRenderNode    *node)
{
  dg_kept_node_clear (kept);
  *kept = *want;
  for (guint i = 0; i < G_N_ELEMENTS (kept->source); i++)
    if (kept->source[i] != NULL)
      cairo_surface_reference (kept->source[i]);
  kept->node = node;
}

/* The title and legend the worker drew with the last sharp frame. */
static void
paint_overlay (DgCanvas *self,
               cairo_t  *cr)
{
  cairo_save (cr);
  if (self->overlay_region != NULL)
    {
      gdk_cairo_region (cr, self->overlay_region);
      cairo_clip (cr);
    }
  cairo_set_source_surface (cr, self->overlay, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* The composed frame with @overlay (the title and legend) over it, as the
 * node of the last snapshot when it shows the same (returns whether it is
 * exact): GTK then redraws (and
 * under X11 sends) only what changed over it, which after an edit of a big
 * network is the patch's box, where a node made again each frame had it
 * redraw and send the whole canvas. The title and legend are in it, not a node of their own
 * over the patch: GTK pairs a container's old and new children by kind to
 * find what changed, and paired the patch with a cairo node over the
 * whole canvas. */
static gboolean
snapshot_cache (DgCanvas        *self,
                GtkSnapshot     *snapshot,
                int              width,
                int              height,
                cairo_surface_t *overlay)
{
  gboolean covers, overview, exact, whole;
  DgKeptNode want = { 0 };
  GskRenderNode *node;

  cache_fit (self, width, height, &covers, &overview, &exact, &whole);
  want.source[0] = self->cache;
  want.source[1] = overview ? self->overview : NULL;
  want.source[2] = overlay;
  want.view[0] = self->view_x;
  want.view[1] = self->view_y;
  want.view[2] = self->zoom;
  memcpy (want.view + 3, self->cache_view, sizeof self->cache_view);
  if (overview)
    memcpy (want.view + 6, self->overview_view, sizeof self->overview_view);
  want.width = width;
  want.height = height;
  want.scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  want.theme = self->theme;
  /* Exact or not, the same pixels but for the filter paint_frame() picks,
   * which is the same at a whole-pixel offset (after an edit, the view
   * has not moved: the exact frame's node is the edit's). */
  want.exact = exact || whole;
  node = kept_node_lookup (&self->frame_node, &want);
  if (node == NULL)
    {
      cairo_t *cr;

      node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
      cr = gsk_cairo_node_get_draw_context (node);
      draw_cache (self, cr, covers, overview, exact);
      if (overlay != NULL)
        paint_overlay (self, cr);
      cairo_destroy (cr);
      kept_node_store (&self->frame_node, &want, node);
    }
  gtk_snapshot_append_node (snapshot, node);
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

static gboolean
quick_hover_wanted (DgCanvas *self)
{
  if (self->graph == NULL || self->cache == NULL || (self->hover_node < 0 && self->hover_edge < 0))
    return FALSE;
  /* The cached frame, moved and scaled, shows this hover already. */
  return self->cache_hover_node != self->hover_node || self->cache_hover_edge != self->hover_edge;
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

  if (!quick_hover_wanted (self))
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

/* Where the keyboard's ring, the deal being drawn and the canvas's focus
 * frame go, if any shows. */
static gboolean
top_bounds (DgCanvas        *self,
            int              width,
            int              height,
            graphene_rect_t *bounds)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double x, y, r;

  if ((self->drag_mode == DRAG_LINK && self->dragged && self->graph != NULL)
      || (gtk_widget_has_visible_focus (widget) && self->focus_node < 0))
    {
      *bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
      return TRUE;
    }
  if (gtk_widget_has_focus (widget) && self->focus_node >= 0 && self->graph != NULL
      && (guint) self->focus_node < self->graph->n_nodes
      && dg_canvas_node_to_widget (self, self->focus_node, &x, &y))
    {
      /* The ring (see below) and a pixel to spare. */
      r = MAX (dg_node_radius (self->graph->node_valuation[self->focus_node]) * self->zoom, 2.0) + 6.0;
      *bounds = GRAPHENE_RECT_INIT (floor (x - r), floor (y - r), ceil (2 * r) + 1, ceil (2 * r) + 1);
      return TRUE;
    }
  return FALSE;
}

void
dg_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  DgCanvas *self = DG_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr = NULL;
  DgScene scene;
  gboolean patched = FALSE;

  if (width <= 0 || height <= 0)
    return;

  if (!self->view_set && self->graph != NULL && self->xy != NULL)
    dg_canvas_fit (self, FALSE);

  dg_canvas_fill_scene (self, &scene);

  if (self->layout_hides)
    {
      const DgTheme *theme = dg_theme_get (self->theme);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Laying out %u company…",
                                                                        "Laying out %u companies…", dg_canvas_n_nodes (self)),
                                                           dg_canvas_n_nodes (self));
      int tw, th;

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
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

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
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
      /* Title and legend stay sharp and still on top, as the worker drew
       * them with the last sharp frame; after a resize or a theme change
       * they return with the next one. (With neither title nor legend
       * there is no overlay to wait for.) */
      gboolean overlay = self->overlay_width == width && self->overlay_height == height
                         && self->overlay_scale == gtk_widget_get_scale_factor (widget)
                         && self->overlay_legend == scene.legend && self->overlay_theme == self->theme
                         && self->overlay_title == (scene.title != NULL || scene.subtitle != NULL);
      /* In layers (the frame with them, an edit's patch, a hover), each
       * a node of its own, the first kept while it stands. */
      gboolean exact = snapshot_cache (self, snapshot, width, height, overlay ? self->overlay : NULL);

      if (!overlay)
        dg_canvas_schedule_sharp (self);

      if (exact)
        self->exact_gen = self->content_gen + 1;

      if (!exact)
        {
          dg_canvas_schedule_sharp (self);
          if (self->cache != NULL)
            {
              /* The frame's units to the widget's, as draw_cache composed it. */
              double f = self->zoom / self->cache_view[2];
              cairo_matrix_t to_widget;

              cairo_matrix_init (&to_widget, f, 0, 0, f, self->view_x - self->cache_view[0] * f,
                                 self->view_y - self->cache_view[1] * f);
              patched = dg_canvas_patch_draw (self, snapshot, &scene,
                                              overlay && self->overlay != NULL ? self->overlay_region : NULL,
                                              &to_widget, width, height, gtk_widget_get_scale_factor (widget));
            }
          if (quick_hover_wanted (self))
            {
              cairo_t *hover = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

              draw_quick_hover (self, hover, &scene);
              if (overlay && self->overlay != NULL)
                paint_overlay (self, hover);
              cairo_destroy (hover);
            }
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
    }

  /* What goes on top: over a composed frame, a node of the size it needs. */
  if (cr == NULL)
    {
      graphene_rect_t top;

      if (top_bounds (self, width, height, &top))
        cr = gtk_snapshot_append_cairo (snapshot, &top);
    }
  if (cr == NULL)
    {
      self->painted_gen = self->content_gen + 1;
      self->painted_patch = patched;
      return;
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

  if (self->drag_mode == DRAG_LINK && self->dragged && self->graph != NULL
      && (guint) self->drag_node < self->graph->n_nodes)
    {
      /* The deal being drawn: a dashed arrow from the payer to the
       * pointer, solid and ringing the payee once it is over one. */
      const DgTheme *theme = dg_theme_get (self->theme);
      double x0, y0, x1 = self->link_x, y1 = self->link_y, angle;
      double dashes[] = { 6.0, 4.0 };

      if (dg_canvas_node_to_widget (self, self->drag_node, &x0, &y0))
        {
          if (self->link_target >= 0 && dg_canvas_node_to_widget (self, self->link_target, &x1, &y1))
            {
              double r = MAX (dg_node_radius (self->graph->node_valuation[self->link_target]) * self->zoom, 2.0);

              cairo_arc (cr, x1, y1, r + 3.0, 0, 2 * G_PI);
              cairo_set_source_rgb (cr, theme->selection.r, theme->selection.g, theme->selection.b);
              cairo_set_line_width (cr, 3.0);
              cairo_stroke (cr);
            }
          cairo_set_source_rgb (cr, theme->selection.r, theme->selection.g, theme->selection.b);
          cairo_set_line_width (cr, 2.0);
          if (self->link_target < 0)
            cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
          cairo_move_to (cr, x0, y0);
          cairo_line_to (cr, x1, y1);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          angle = atan2 (y1 - y0, x1 - x0);
          cairo_move_to (cr, x1, y1);
          cairo_line_to (cr, x1 - 12 * cos (angle - 0.4), y1 - 12 * sin (angle - 0.4));
          cairo_line_to (cr, x1 - 12 * cos (angle + 0.4), y1 - 12 * sin (angle + 0.4));
          cairo_close_path (cr);
          cairo_fill (cr);
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
  self->painted_gen = self->content_gen + 1;
  self->painted_patch = patched;

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

/* Called when the canvas is realized with DEALGRAPH_FRAME_STATS set. */
void
dg_canvas_start_frame_stats (DgCanvas *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_connect_object (clock, "before-paint", G_CALLBACK (before_paint_cb), self, 0);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), self, 0);
}
