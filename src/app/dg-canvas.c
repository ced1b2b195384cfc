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

/* Room between a focus and the floating legend, px. */
#define LEGEND_GAP 24.0

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

G_DEFINE_FINAL_TYPE (DgCanvas, dg_canvas, GTK_TYPE_WIDGET)

guint dg_canvas_signals[DG_CANVAS_N_SIGNALS];

enum {
  PROP_0,
  PROP_SHOW_LEGEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
dg_canvas_fill_scene (DgCanvas *self,
            DgScene  *scene)
{
  dg_scene_init (scene);
  scene->graph = self->graph;
  scene->xy = self->xy;
  scene->labels = self->labels ? self->labels->v : NULL;
  scene->node_ids = self->node_ids ? self->node_ids->v : NULL;
  scene->edge_ids = self->edge_ids ? self->edge_ids->v : NULL;
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
  /* The window lays its zoom buttons over the bottom-left corner. */
  scene->legend_clear_bottom_left = 48;
  scene->title = self->title;
  scene->subtitle = self->subtitle;
  scene->view_x = self->view_x;
  scene->view_y = self->view_y;
  scene->zoom = self->zoom;
  scene->width = gtk_widget_get_width (GTK_WIDGET (self));
  scene->height = gtk_widget_get_height (GTK_WIDGET (self));
  scene->device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

/* The accessible name says what the keyboard is on: the focused company,
 * else the selected deal, else the diagram as a whole; a screen reader
 * reads the change as focus moves. GTK 4.8 has no accessible objects for
 * parts of a widget (docs/decisions.md), so the canvas speaks for them. */
void
dg_canvas_update_accessible (DgCanvas *self)
{
  g_autofree char *label = NULL;
  const char *description;
  DgGraph *g = self->graph;
  const char * const *labels = self->labels != NULL ? self->labels->v : NULL;

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
  dg_canvas_update_accessible (self);
}

/* Anything but the view changed: the cached frame is stale. */
void
dg_canvas_content_changed (DgCanvas       *self,
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
  dg_canvas_update_accessible (self);
}

/* What the diagram shows at rest changed (filters, shading, theme): the
 * overview under a moving frame is stale too. */
static void
structure_changed (DgCanvas *self)
{
  self->structure_gen++;
  dg_canvas_content_changed (self, 0);
}

guint
dg_canvas_n_nodes (DgCanvas *self)
{
  return self->graph != NULL ? self->graph->n_nodes : 0;
}

static void
dg_canvas_realize (GtkWidget *widget)
{
  DgCanvas *self = DG_CANVAS (widget);

  GTK_WIDGET_CLASS (dg_canvas_parent_class)->realize (widget);

  if (self->frame_stats)
    dg_canvas_start_frame_stats (self);
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

  for (guint v = 0; v < dg_canvas_n_nodes (self); v++)
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

void
dg_canvas_set_view_now (DgCanvas *self,
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

double
dg_canvas_ease_out_cubic (double t)
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
      dg_canvas_set_view_now (self, self->anim_to[0], self->anim_to[1], self->anim_to[2]);
      self->view_tick = 0;
      return G_SOURCE_REMOVE;
    }

  /* Interpolate zoom geometrically so the motion looks even. */
  e = dg_canvas_ease_out_cubic (CLAMP (t, 0.0, 1.0));
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

    dg_canvas_set_view_now (self, w - cx * z, h - cy * z, z);
  }
  return G_SOURCE_CONTINUE;
}

void
dg_canvas_animate_view_to (DgCanvas *self,
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
      dg_canvas_set_view_now (self, x, y, zoom);
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

/* A disc of radius @r at (@cx, @cy) reaches into @rect (device units). */
static gboolean
disc_meets_rect (double              cx,
                 double              cy,
                 double              r,
                 const DgRenderRect *rect)
{
  return cx + r > rect->x && cx - r < rect->x + rect->width
         && cy + r > rect->y && cy - r < rect->y + rect->height;
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
  guint n = nodes != NULL ? count : dg_canvas_n_nodes (self);
  double z;

  if (n == 0 || self->xy == NULL || w <= 0 || h <= 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      guint v = nodes != NULL ? nodes[i] : i;
      double r = dg_node_radius (self->graph->node_valuation[v]);
      double label = 7.0 * (self->labels && self->labels->v[v] ? g_utf8_strlen (self->labels->v[v], -1) : 0) + r;

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

  /* On screen the legend floats over a corner, and a cycle fitted to the
   * whole canvas can end up under it (with a panel open it takes a third of
   * the width). Its size does not depend on the view, its corner does: the
   * renderer puts it where it hides least, the lit companies above all.
   * When it would still hide a lit one of @nodes, they go into the larger of the
   * two bands that leave a legend-sized column or row free, and the legend
   * takes that side. */
  if (nodes != NULL && self->renderer != NULL && self->graph != NULL)
    {
      DgScene scene;
      DgRenderRect legend;
      gboolean hidden = FALSE;

      dg_canvas_fill_scene (self, &scene);
      scene.width = (int) w;
      scene.height = (int) h;
      scene.view_x = *x;
      scene.view_y = *y;
      scene.zoom = z;
      if (!dg_renderer_get_legend_rect (self->renderer, &scene, &legend))
        return TRUE;
      for (guint i = 0; i < n && !hidden; i++)
        {
          guint v = nodes[i];
          double r = dg_node_radius (self->graph->node_valuation[v]) * z;
          double cx = self->xy[2 * v] * z + *x, cy = self->xy[2 * v + 1] * z + *y;

          /* Only what is lit (a chosen cycle or deal): a double click's
           * neighbourhood is for zooming in, and its far partners may
           * go under the legend rather than shrink the view. */
          if ((self->node_visible != NULL && !self->node_visible[v]) || self->lit_nodes == NULL || !self->lit_nodes[v])
            continue;
          hidden = disc_meets_rect (cx, cy, r, &legend);
        }
      if (hidden)
        {
          double bw = w - legend.width - LEGEND_GAP, bh = h - legend.height - LEGEND_GAP;
          double zw = bw > 2 * margin + 80 ? MIN ((bw - 2 * margin) / MAX (maxx - minx, 1.0),
                                                  (h - 2 * margin) / MAX (maxy - miny, 1.0)) : 0;
          double zh = bh > 2 * margin + 80 ? MIN ((w - 2 * margin) / MAX (maxx - minx, 1.0),
                                                  (bh - 2 * margin) / MAX (maxy - miny, 1.0)) : 0;

          /* Right or bottom: the corners the legend tries first. */
          if (zw > 0 && zw >= zh)
            w = bw;
          else if (zh > 0)
            h = bh;
          z = MIN ((w - 2 * margin) / MAX (maxx - minx, 1.0), (h - 2 * margin) / MAX (maxy - miny, 1.0));
          z = CLAMP (z, min_zoom (self), 1.6);
          *zoom = z;
          *x = w / 2.0 - (minx + maxx) / 2.0 * z;
          *y = h / 2.0 - (miny + maxy) / 2.0 * z;
        }
    }
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
  dg_canvas_fill_scene (self, scene);
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
  self->reveal_pending = FALSE;
  self->view_fitted = TRUE;
  if (self->renderer != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    {
      /* The renderer knows the room the legend and title take. */
      DgScene scene;

      fit_scene (self, &scene, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
      dg_canvas_animate_view_to (self, scene.view_x, scene.view_y, scene.zoom, animate);
      return;
    }

  if (view_for_nodes (self, NULL, 0, 24.0, &x, &y, &zoom))
    dg_canvas_animate_view_to (self, x, y, zoom, animate);
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
  self->reveal_pending = FALSE;  /* this view shows what was chosen */
  self->focus_target = g_array_sized_new (FALSE, FALSE, sizeof (guint), count);
  self->view_fitted = FALSE;
  g_array_append_vals (self->focus_target, nodes, count);
  self->focus_animate = animate;

  if (view_for_nodes (self, nodes, count, 60.0, &x, &y, &zoom))
    dg_canvas_animate_view_to (self, x, y, zoom, animate);
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
  dg_canvas_set_view_now (self, x - (x - self->view_x) * factor, y - (y - self->view_y) * factor, zoom);
}

void
dg_canvas_pan_by (DgCanvas *self,
                  double    dx,
                  double    dy)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  g_clear_pointer (&self->focus_target, g_array_unref);
  self->view_fitted = FALSE;
  dg_canvas_set_view_now (self, self->view_x + dx, self->view_y + dy, self->zoom);
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
  dg_canvas_set_view_now (self, x, y, zoom);
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
  dg_canvas_fill_scene (self, &scene);
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
  dg_canvas_fill_scene (self, &scene);
  return dg_renderer_hit_test_edge (self->renderer, &scene, x, y, DG_RENDER_HIT_TOLERANCE);
}

gboolean
dg_canvas_node_to_widget (DgCanvas *self,
                          guint     node,
                          double   *x,
                          double   *y)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);
  if (node >= dg_canvas_n_nodes (self) || self->xy == NULL)
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
  dg_canvas_fill_scene (self, &scene);
  if (!dg_renderer_get_edge_point (self->renderer, &scene, edge, t, x, y))
    return FALSE;
  /* The renderer answers in diagram units. */
  *x = *x * self->zoom + self->view_x;
  *y = *y * self->zoom + self->view_y;
  return TRUE;
}

/* ---- data ------------------------------------------------------------- */

DgStrings *
dg_strings_new (const char * const *strv)
{
  DgStrings *strings;
  const char **table;
  char *text;
  gsize n = 0, bytes = 0;

  if (strv == NULL)
    return NULL;
  for (; strv[n] != NULL; n++)
    bytes += strlen (strv[n]) + 1;
  strings = g_atomic_rc_box_alloc (sizeof (DgStrings) + sizeof (char *) * (n + 1) + bytes);
  table = (const char **) (gpointer) (strings + 1);
  text = (char *) (table + n + 1);
  for (gsize i = 0; i < n; i++)
    {
      gsize len = strlen (strv[i]) + 1;

      table[i] = memcpy (text, strv[i], len);
      text += len;
    }
  table[n] = NULL;
  strings->len = (guint) n;
  strings->v = table;
  return strings;
}

/* The length of @strings' string @i with its terminator. */
static gsize
string_size (const DgStrings *strings,
             guint            i)
{
  /* They follow one another (dg_strings_new()). */
  return i + 1 < strings->len ? (gsize) (strings->v[i + 1] - strings->v[i]) : strlen (strings->v[i]) + 1;
}

/* The strings of a graph made from the one @old belongs to: row i is
 * @old's row origin[i], or @fresh[i] when that is DG_GRAPH_ORIGIN_CHANGED.
 * After an edit of a big network most rows are @old's: read from its one
 * block in order, not from 55,000 objects scattered over the heap (which
 * was 4 ms of deleting a company). */
DgStrings *
dg_strings_remap (const DgStrings    *old,
                  const guint        *origin,
                  const char * const *fresh,
                  guint               n)
{
  DgStrings *strings;
  const char **table;
  char *text;
  gsize bytes = 0;

  for (guint i = 0; i < n; i++)
    {
      if (origin[i] == DG_GRAPH_ORIGIN_CHANGED)
        {
          g_return_val_if_fail (fresh[i] != NULL, NULL);
          bytes += strlen (fresh[i]) + 1;
        }
      else
        {
          g_return_val_if_fail (origin[i] < old->len, NULL);
          bytes += string_size (old, origin[i]);
        }
    }
  strings = g_atomic_rc_box_alloc (sizeof (DgStrings) + sizeof (char *) * (n + 1) + bytes);
  table = (const char **) (gpointer) (strings + 1);
  text = (char *) (table + n + 1);
  for (guint i = 0; i < n; i++)
    {
      gboolean changed = origin[i] == DG_GRAPH_ORIGIN_CHANGED;
      gsize len = changed ? strlen (fresh[i]) + 1 : string_size (old, origin[i]);

      table[i] = memcpy (text, changed ? fresh[i] : old->v[origin[i]], len);
      text += len;
    }
  table[n] = NULL;
  strings->len = n;
  strings->v = table;
  return strings;
}

DgStrings *
dg_strings_ref (DgStrings *strings)
{
  return g_atomic_rc_box_acquire (strings);
}

void
dg_strings_unref (DgStrings *strings)
{
  g_atomic_rc_box_release (strings);
}

static guint8 *
copy_flags (const guint8 *flags,
            guint         n)
{
  return flags != NULL ? g_memdup2 (flags, MAX (n, 1)) : NULL;
}

/* Whether @flags would change nothing over @old: the window sets the same
 * shading again when the worker's full analysis lands, and a change would
 * send the worker back to draw the whole network a second time. */
static gboolean
same_flags (const guint8 *old,
            const guint8 *flags,
            guint         n)
{
  if (old == NULL || flags == NULL)
    return old == flags;
  return memcmp (old, flags, n) == 0;
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
  dg_canvas_content_changed (self, DG_RENDER_CHANGED_GRAPH);
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

/* The strings for the new graph: @kept (a reference taken) when the
 * caller said they did not change; when it gave only the changed rows,
 * the others from @kept by @origin (the new graph's, from the canvas's
 * graph: @mappable says so); else a copy of @strv. */
static DgStrings *
strings_for (DgStrings          *kept,
             gboolean            keep,
             gboolean            map,
             gboolean            mappable,
             const guint        *origin,
             const char * const *strv,
             guint               n)
{
  if (map)
    {
      /* (Rows left out of a graph that is not the canvas's next are the
       * caller's mistake.) */
      g_return_val_if_fail (mappable && kept != NULL && origin != NULL, NULL);
      return dg_strings_remap (kept, origin, strv, n);
    }
  if (!keep)
    return dg_strings_new (strv);
  /* (A kept list of the wrong length is the caller's mistake.) */
  g_return_val_if_fail (kept == NULL || kept->len == n, NULL);
  return kept != NULL ? dg_strings_ref (kept) : NULL;
}

static void
set_graph (DgCanvas           *self,
           DgGraph            *graph,
           const char * const *labels,
           const char * const *node_ids,
           const char * const *edge_ids,
           DgCanvasKeep        keep,
           gboolean            keep_frame)
{
  DgStrings *new_labels, *new_node_ids, *new_edge_ids;
  gboolean mappable;
  guint n;

  dg_canvas_stop_layout (self);
  mappable = self->graph != NULL && graph->base_serial == self->graph->serial;
  if (keep_frame && self->cache != NULL)
    dg_canvas_patch_keep (self);
  else
    dg_canvas_patch_forget (self);
  dg_graph_ref (graph);
  g_clear_pointer (&self->graph, dg_graph_unref);
  self->graph = graph;
  n = graph->n_nodes;

  /* Unchanged lists are shared (with the kept frame's state too, which
   * then knows at once that they did not change): copying 65,000 names
   * and ids took 3 ms of each edit at 55,000 deals. */
  new_labels = strings_for (self->labels, keep & DG_CANVAS_KEEP_LABELS, keep & DG_CANVAS_MAP_LABELS,
                            mappable, graph->node_origin, labels, n);
  new_node_ids = strings_for (self->node_ids, keep & DG_CANVAS_KEEP_NODE_IDS, keep & DG_CANVAS_MAP_NODE_IDS,
                              mappable, graph->node_origin, node_ids, n);
  new_edge_ids = strings_for (self->edge_ids, keep & DG_CANVAS_KEEP_EDGE_IDS, keep & DG_CANVAS_MAP_EDGE_IDS,
                              mappable, graph->edge_origin, edge_ids, graph->n_edges);
  g_clear_pointer (&self->labels, dg_strings_unref);
  g_clear_pointer (&self->node_ids, dg_strings_unref);
  g_clear_pointer (&self->edge_ids, dg_strings_unref);
  self->labels = new_labels;
  self->node_ids = new_node_ids;
  self->edge_ids = new_edge_ids;

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
  if (!keep_frame)
    {
      g_clear_pointer (&self->cache, cairo_surface_destroy);
      g_clear_pointer (&self->overlay, cairo_surface_destroy);
      g_clear_pointer (&self->overlay_region, cairo_region_destroy);
      g_clear_pointer (&self->overview, cairo_surface_destroy);
      dg_kept_node_clear (&self->frame_node);
    }
  g_clear_pointer (&self->quick_nodes, g_free);
  g_clear_pointer (&self->quick_edges, g_free);
  g_clear_pointer (&self->quick_set_nodes, g_array_unref);
  g_clear_pointer (&self->quick_set_edges, g_array_unref);
  dg_canvas_content_changed (self, DG_RENDER_CHANGED_ALL);
  dg_canvas_first_frame_soon (self);
}

void
dg_canvas_set_graph (DgCanvas           *self,
                     DgGraph            *graph,
                     const char * const *labels,
                     const char * const *node_ids,
                     const char * const *edge_ids)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (graph != NULL);

  set_graph (self, graph, labels, node_ids, edge_ids, DG_CANVAS_KEEP_NOTHING, FALSE);
}

/**
 * dg_canvas_replace_graph:
 *
 * The same network after an edit. A large network's frames are drawn by a
 * worker, which takes a few hundred milliseconds at tens of thousands of
 * deals: the last composed frame stays on screen until then, with what the
 * edit changed drawn over it from the next frame on (dg-canvas-patch.c; it
 * is not exact, so the sharp one follows), where dg_canvas_set_graph()
 * would show an empty canvas meanwhile.
 *
 * @keep names the lists that did not change (the document says so, see
 * dg_document_get_strings_serial()): the canvas keeps its copies of them
 * and ignores those arguments; and those given only for the rows the new
 * graph's origins call changed (see #DgCanvasKeep).
 */
void
dg_canvas_replace_graph (DgCanvas           *self,
                         DgGraph            *graph,
                         const char * const *labels,
                         const char * const *node_ids,
                         const char * const *edge_ids,
                         DgCanvasKeep        keep)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (graph != NULL);

  set_graph (self, graph, labels, node_ids, edge_ids, keep, TRUE);
}

void
dg_canvas_set_positions (DgCanvas     *self,
                         const float  *xy,
                         const guint8 *pinned)
{
  guint n = dg_canvas_n_nodes (self);

  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (self->graph != NULL);

  dg_canvas_stop_layout (self);
  memcpy (self->xy, xy, sizeof (float) * 2 * n);
  if (pinned != NULL)
    memcpy (self->pinned, pinned, n);
  else
    memset (self->pinned, 0, n);
  dg_canvas_content_changed (self, DG_RENDER_CHANGED_POSITIONS);
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

  if (self->graph != NULL && same_flags (self->edge_cyclic, edge_cyclic, self->graph->n_edges))
    return;
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

  if (self->graph != NULL && same_flags (self->node_visible, node_visible, self->graph->n_nodes)
      && same_flags (self->edge_visible, edge_visible, self->graph->n_edges))
    return;
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

  if (self->graph != NULL && same_flags (self->edge_undated, edge_undated, self->graph->n_edges))
    return;
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
  dg_canvas_content_changed (self, 0);
}

void
dg_canvas_set_theme (DgCanvas    *self,
                     DgThemeKind  theme)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  if (self->theme == theme)
    return;
  self->theme = theme;
  dg_canvas_content_changed (self, DG_RENDER_CHANGED_LABELS);
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
  dg_canvas_fill_scene (self, &scene);
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
  dg_canvas_content_changed (self, 0);
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
  dg_canvas_content_changed (self, 0);
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
  dg_canvas_content_changed (self, 0);
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
  g_return_if_fail (node < dg_canvas_n_nodes (self));

  self->xy[2 * node] = (widget_x - self->view_x) / self->zoom;
  self->xy[2 * node + 1] = (widget_y - self->view_y) / self->zoom;
  self->pinned[node] = 1;
  if (self->layout != NULL)
    dg_layout_pin (self->layout, node, self->xy[2 * node], self->xy[2 * node + 1]);
  dg_canvas_content_changed (self, DG_RENDER_CHANGED_POSITIONS);
  g_signal_emit (self, dg_canvas_signals[COMPANY_MOVED], 0, node);
}

void
dg_canvas_unpin (DgCanvas *self,
                 guint     node)
{
  g_return_if_fail (DG_IS_CANVAS (self));
  g_return_if_fail (node < dg_canvas_n_nodes (self));

  self->pinned[node] = 0;
  if (self->layout != NULL)
    dg_layout_unpin (self->layout, node);
  dg_canvas_content_changed (self, 0);
}

void
dg_canvas_unpin_all (DgCanvas *self)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  memset (self->pinned, 0, MAX (dg_canvas_n_nodes (self), 1));
  dg_canvas_content_changed (self, 0);
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
  dg_canvas_fill_scene (self, &scene);
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
    dg_canvas_set_view_now (self, self->view_x + dx, self->view_y + dy, self->zoom);
}

/* Whether company @v is on screen in the view (@vx, @vy, @zoom): its
 * disc wholly inside the canvas and clear of the legend. */
static gboolean
node_shown (DgCanvas           *self,
            guint               v,
            const double        view[3],
            int                 width,
            int                 height,
            const DgRenderRect *legend)
{
  double x = self->xy[2 * v] * view[2] + view[0];
  double y = self->xy[2 * v + 1] * view[2] + view[1];
  double r = MAX (dg_node_radius (self->graph->node_valuation[v]) * view[2], 4.0);

  if (self->node_visible != NULL && !self->node_visible[v])
    return TRUE;  /* filtered out: nothing to show */
  if (x - r < 0 || y - r < 0 || x + r > width || y + r > height)
    return FALSE;
  return legend == NULL || !disc_meets_rect (x, y, r, legend);
}

/* Where the legend would be in the view @view, or FALSE without one. */
static gboolean
legend_at (DgCanvas     *self,
           const double  view[3],
           DgRenderRect *rect)
{
  DgScene scene;

  if (self->renderer == NULL)
    return FALSE;
  dg_canvas_fill_scene (self, &scene);
  scene.view_x = view[0];
  scene.view_y = view[1];
  scene.zoom = view[2];
  return dg_renderer_get_legend_rect (self->renderer, &scene, rect);
}

/* Brings the selected company, or both companies of the selected deal, on
 * screen when they are not: chosen from a list, a panel or the history, it
 * may lie anywhere. What is already shown does not move (a click on the
 * canvas never pans); otherwise the view glides so that the selection sits
 * in the middle at the same zoom, and zooms out only when a deal's two
 * companies do not fit at it. */
static void
reveal_now (DgCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint nodes[2], n = 0;
  DgRenderRect legend;
  gboolean have_legend = FALSE, shown = TRUE;
  double cx = 0, cy = 0, x, y, zoom;
  double view[3] = { self->view_x, self->view_y, self->zoom };

  if (self->graph == NULL || self->xy == NULL || width <= 0 || height <= 0)
    return;
  if (self->selected_node >= 0 && (guint) self->selected_node < self->graph->n_nodes)
    nodes[n++] = self->selected_node;
  else if (self->selected_edge >= 0 && (guint) self->selected_edge < self->graph->n_edges)
    {
      nodes[n++] = self->graph->edge_src[self->selected_edge];
      if (self->graph->edge_dst[self->selected_edge] != nodes[0])
        nodes[n++] = self->graph->edge_dst[self->selected_edge];
    }
  if (n == 0)
    return;

  /* Zoomed to a neighbourhood or a cycle that holds the selection. */
  if (self->focus_target != NULL)
    {
      guint found = 0;

      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < self->focus_target->len; j++)
          if (g_array_index (self->focus_target, guint, j) == nodes[i])
            {
              found++;
              break;
            }
      if (found == n)
        return;
    }
  /* Where the view rests: a glide under way counts by its end. */
  if (self->view_tick != 0)
    memcpy (view, self->anim_to, sizeof view);
  have_legend = legend_at (self, view, &legend);
  for (guint i = 0; i < n; i++)
    shown = shown && node_shown (self, nodes[i], view, width, height, have_legend ? &legend : NULL);
  if (shown)
    return;

  for (guint i = 0; i < n; i++)
    {
      cx += self->xy[2 * nodes[i]] / n;
      cy += self->xy[2 * nodes[i] + 1] / n;
    }
  zoom = view[2];
  if (n == 2 && (fabs (self->xy[2 * nodes[0]] - self->xy[2 * nodes[1]]) * zoom > width - 120
                 || fabs (self->xy[2 * nodes[0] + 1] - self->xy[2 * nodes[1] + 1]) * zoom > height - 120)
      && view_for_nodes (self, nodes, n, 60.0, &x, &y, &zoom))
    zoom = MIN (zoom, view[2]);  /* keep the user's zoom unless the deal needs less */

  /* In the middle of the canvas, or, where the legend would cover that (a
   * narrow canvas between the lists and a panel), in the middle of the
   * band beside it, above or below it. The legend takes the corner that
   * hides the selection least, so each place is checked with the legend
   * where it would then be. */
  {
    double lw = have_legend ? legend.width + LEGEND_GAP : 0, lh = have_legend ? legend.height + LEGEND_GAP : 0;
    const double places[5][2] = {
      { width / 2.0, height / 2.0 },
      { (lw + width) / 2.0, height / 2.0 },
      { (width - lw) / 2.0, height / 2.0 },
      { width / 2.0, (lh + height) / 2.0 },
      { width / 2.0, (height - lh) / 2.0 },
    };

    x = places[0][0] - cx * zoom;
    y = places[0][1] - cy * zoom;
    for (guint p = 0; p < (have_legend ? G_N_ELEMENTS (places) : 1); p++)
      {
        double at[3] = { places[p][0] - cx * zoom, places[p][1] - cy * zoom, zoom };
        DgRenderRect there;
        gboolean there_legend = legend_at (self, at, &there), ok = TRUE;

        for (guint i = 0; i < n; i++)
          ok = ok && node_shown (self, nodes[i], at, width, height, there_legend ? &there : NULL);
        if (ok)
          {
            x = at[0];
            y = at[1];
            break;
          }
      }
  }
  g_clear_pointer (&self->focus_target, g_array_unref);
  self->view_fitted = FALSE;
  dg_canvas_animate_view_to (self, x, y, zoom, TRUE);
}

/**
 * dg_canvas_reveal_selection:
 *
 * Brings the selection on screen if it is not (see reveal_now()). A panel
 * opening with the selection narrows the canvas, so this waits for the
 * next allocation, which GTK makes before the next frame.
 */
void
dg_canvas_reveal_selection (DgCanvas *self)
{
  g_return_if_fail (DG_IS_CANVAS (self));

  self->reveal_pending = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
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
        dg_canvas_animate_view_to (self, x, y, zoom, self->focus_animate);
    }
  else if (resized && self->last_width > 0)
    {
      DgScene fit;

      fit_scene (self, &fit, width, height);
      if (self->view_fitted && fit.zoom >= self->zoom * 0.999)
        {
          /* More room (a panel closed, the window grew): use it. */
          dg_canvas_set_view_now (self, fit.view_x, fit.view_y, fit.zoom);
        }
      else
        {
          /* Less room (a panel opened, the sidebar came back): the picture
           * stays where it is on screen, at its size, instead of shrinking
           * to a stamp; only the selection is kept in view. */
          double dx = have_origin && self->have_origin ? self->origin_x - origin.x : 0;
          double dy = have_origin && self->have_origin ? self->origin_y - origin.y : 0;

          dg_canvas_set_view_now (self, self->view_x + dx, self->view_y + dy, self->zoom);
          keep_selection_in_view (self, width, height);
        }
    }
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
  if (self->reveal_pending && self->view_set)
    {
      self->reveal_pending = FALSE;
      reveal_now (self);
    }
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

  dg_canvas_stop_layout (self);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  if (self->view_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->view_tick);
      self->view_tick = 0;
    }
  g_clear_handle_id (&self->sharp_timeout, g_source_remove);
  g_clear_handle_id (&self->stats_timeout, g_source_remove);
  dg_canvas_stop_layout (self);
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
  g_clear_pointer (&self->labels, dg_strings_unref);
  g_clear_pointer (&self->node_ids, dg_strings_unref);
  g_clear_pointer (&self->edge_ids, dg_strings_unref);
  g_clear_pointer (&self->worker_renderer, dg_renderer_free);
  g_clear_pointer (&self->patch, dg_canvas_patch_free);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->overlay, cairo_surface_destroy);
  dg_kept_node_clear (&self->frame_node);
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
  dg_canvas_signals[COMPANY_ACTIVATED] =
    g_signal_new ("company-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  dg_canvas_signals[DEAL_ACTIVATED] =
    g_signal_new ("deal-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  dg_canvas_signals[BACKGROUND_ACTIVATED] =
    g_signal_new ("background-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * DgCanvas::background-double-clicked:
   * @x: where, in diagram units
   * @y: where, in diagram units
   */
  dg_canvas_signals[BACKGROUND_DOUBLE_CLICKED] =
    g_signal_new ("background-double-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * DgCanvas::company-moved:
   * @node: the company dragged (it is now pinned)
   */
  dg_canvas_signals[COMPANY_MOVED] =
    g_signal_new ("company-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * DgCanvas::positions-changed:
   *
   * A layout finished; dg_canvas_get_positions() has the result.
   */
  dg_canvas_signals[POSITIONS_CHANGED] =
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
  dg_canvas_signals[CONTEXT_MENU] =
    g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  dg_canvas_signals[COMPANY_OPENED] =
    g_signal_new ("company-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * DgCanvas::deal-requested:
   * @from: the company a Ctrl+drag started on
   * @to: the company it ended on
   */
  dg_canvas_signals[DEAL_REQUESTED] =
    g_signal_new ("deal-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_install_action (widget_class, "canvas.context-menu", NULL, dg_canvas_context_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "canvas.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "canvas.context-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "dgcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dg_canvas_init (DgCanvas *self)
{
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
  dg_canvas_update_accessible (self);

  dg_canvas_init_input (self);
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
  if (v < 0 || self->node_ids == NULL || (guint) v >= dg_canvas_n_nodes (self))
    return NULL;
  return self->node_ids->v[v];
}

static const char *
edge_id (DgCanvas *self,
         int       e)
{
  if (e < 0 || self->edge_ids == NULL || self->graph == NULL || (guint) e >= self->graph->n_edges)
    return NULL;
  return self->edge_ids->v[e];
}

/**
 * dg_canvas_is_frame_exact:
 *
 * Whether the screen shows the whole current content sharp, not a
 * stretched older frame while the worker draws. Cheap, unlike
 * dg_canvas_describe(), so benchmarks can poll it after every main-loop
 * iteration without timing their own polling.
 */
gboolean
dg_canvas_is_frame_exact (DgCanvas *self)
{
  g_return_val_if_fail (DG_IS_CANVAS (self), FALSE);

  return self->graph != NULL && self->exact_gen == self->content_gen + 1;
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
  json_builder_add_boolean_value (b, dg_canvas_is_frame_exact (self));
  /* The last frame drew the current content (sharp or not), and whether it
   * drew an edit over a kept picture. */
  json_builder_set_member_name (b, "content_painted");
  json_builder_add_boolean_value (b, self->painted_gen == self->content_gen + 1);
  json_builder_set_member_name (b, "edit_patched");
  json_builder_add_boolean_value (b, self->painted_patch);
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

  for (guint v = 0; self->xy != NULL && v < dg_canvas_n_nodes (self); v++)
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
  add_int (b, "n_nodes", dg_canvas_n_nodes (self));
  add_int (b, "n_visible_nodes", n_visible);
  add_int (b, "n_nodes_in_view", n_in_view);
  json_builder_set_member_name (b, "nodes_bbox");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, n_visible > 0 ? x0 : 0);
  json_builder_add_double_value (b, n_visible > 0 ? y0 : 0);
  json_builder_add_double_value (b, n_visible > 0 ? x1 : 0);
  json_builder_add_double_value (b, n_visible > 0 ? y1 : 0);
  json_builder_end_array (b);

  for (guint v = 0; self->lit_nodes != NULL && v < dg_canvas_n_nodes (self); v++)
    n_lit_nodes += self->lit_nodes[v] != 0;
  for (guint e = 0; self->lit_edges != NULL && self->graph != NULL && e < self->graph->n_edges; e++)
    n_lit_edges += self->lit_edges[e] != 0;
  add_int (b, "n_lit_nodes", n_lit_nodes);
  add_int (b, "n_lit_edges", n_lit_edges);

  /* Lit companies a reader cannot see: out of the view, or under the
   * floating legend. */
  {
    DgScene scene;
    DgRenderRect legend = { 0 };
    gboolean have_legend = FALSE;
    guint hidden = 0;

    if (self->renderer != NULL && self->graph != NULL && self->xy != NULL)
      {
        dg_canvas_fill_scene (self, &scene);
        scene.width = width;
        scene.height = height;
        have_legend = dg_renderer_get_legend_rect (self->renderer, &scene, &legend);
      }
    for (guint v = 0; self->lit_nodes != NULL && self->xy != NULL && v < dg_canvas_n_nodes (self); v++)
      {
        double r, cx, cy;

        if (!self->lit_nodes[v])
          continue;
        r = dg_node_radius (self->graph->node_valuation[v]) * self->zoom;
        cx = self->xy[2 * v] * self->zoom + self->view_x;
        cy = self->xy[2 * v + 1] * self->zoom + self->view_y;
        if (cx < 0 || cx > width || cy < 0 || cy > height
            || (have_legend && disc_meets_rect (cx, cy, r, &legend)))
          hidden++;
      }
    add_int (b, "n_lit_nodes_hidden", hidden);
    json_builder_set_member_name (b, "legend_rect");
    json_builder_begin_array (b);
    json_builder_add_double_value (b, legend.x);
    json_builder_add_double_value (b, legend.y);
    json_builder_add_double_value (b, legend.width);
    json_builder_add_double_value (b, legend.height);
    json_builder_end_array (b);
  }
}
