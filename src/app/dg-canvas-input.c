/* dg-canvas-input.c: pointer, touch and keyboard on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hover, drags (pan, move a company), clicks and double clicks, the
 * context menu, wheel and pinch zoom, keyboard walking and the tooltips.
 */
#define G_LOG_DOMAIN "dealgraph-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-a11y.h"
#include "dg-canvas.h"
#include "dg-canvas-private.h"
#include "dg-debug.h"
#include "dg-format.h"
#include "dg-render.h"

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
  dg_canvas_content_changed (self, 0);
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
  if (node >= 0 && (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture))
                    & GDK_CONTROL_MASK))
    {
      /* Ctrl+drag draws a deal: no plain drag (pan, move) and no
       * Ctrl+wheel (zoom) uses it. */
      self->drag_mode = DRAG_LINK;
      self->link_x = x;
      self->link_y = y;
      self->link_target = -1;
    }
  else if (node >= 0)
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
  if (!self->dragged)
    {
      /* A drag is not a click, nor the first of a double click: a press
       * on the same company soon after it (another drag) zoomed the view
       * to the company's neighbourhood. */
      self->last_press_node = -1;
      self->last_press_background = FALSE;
    }
  self->dragged = TRUE;

  if (self->drag_mode == DRAG_PAN)
    {
      g_clear_pointer (&self->focus_target, g_array_unref);
      self->view_fitted = FALSE;
      dg_canvas_set_view_now (self, self->drag_view_x + dx, self->drag_view_y + dy, self->zoom);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  else if (self->drag_mode == DRAG_LINK)
    {
      int target;

      self->link_x = self->drag_start_x + dx;
      self->link_y = self->drag_start_y + dy;
      target = dg_canvas_hit_node (self, self->link_x, self->link_y);
      self->link_target = target != self->drag_node ? target : -1;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->link_target >= 0 ? "alias" : "crosshair");
      gtk_widget_queue_draw (GTK_WIDGET (self));
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
      dg_canvas_content_changed (self, DG_RENDER_CHANGED_POSITIONS);
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

  if (mode == DRAG_LINK)
    {
      int target = self->dragged ? dg_canvas_hit_node (self, self->drag_start_x + dx, self->drag_start_y + dy) : -1;

      gtk_widget_queue_draw (GTK_WIDGET (self));
      if (target >= 0 && target != self->drag_node)
        g_signal_emit (self, dg_canvas_signals[DEAL_REQUESTED], 0, (guint) self->drag_node, (guint) target);
      return;
    }
  if (self->dragged && mode == DRAG_NODE)
    {
      /* At rest: draw again, with the deals routed anew. */
      dg_canvas_content_changed (self, 0);
      g_signal_emit (self, dg_canvas_signals[COMPANY_MOVED], 0, (guint) self->drag_node);
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
      g_signal_emit (self, dg_canvas_signals[BACKGROUND_DOUBLE_CLICKED], 0,
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
  g_signal_emit (self, dg_canvas_signals[CONTEXT_MENU], 0, node, edge);
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
void
dg_canvas_context_menu_action (GtkWidget  *widget,
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
  g_return_if_fail (node < dg_canvas_n_nodes (self));

  if (!pinned)
    {
      dg_canvas_unpin (self, node);
      return;
    }
  self->pinned[node] = 1;
  if (self->layout != NULL)
    dg_layout_pin (self->layout, node, self->xy[2 * node], self->xy[2 * node + 1]);
  dg_canvas_content_changed (self, 0);
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
      g_signal_emit (self, dg_canvas_signals[COMPANY_ACTIVATED], 0, node);
      return;
    }
  edge = dg_canvas_hit_edge (self, x, y);
  if (edge >= 0)
    g_signal_emit (self, dg_canvas_signals[DEAL_ACTIVATED], 0, edge);
  else
    g_signal_emit (self, dg_canvas_signals[BACKGROUND_ACTIVATED], 0);
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

      g_signal_emit (self, dg_canvas_signals[COMPANY_ACTIVATED], 0, (int) (forward ? g->edge_dst[e] : g->edge_src[e]));
    }
  else if (self->focus_node >= 0 || self->selected_node >= 0)
    {
      guint v = self->focus_node >= 0 ? self->focus_node : self->selected_node;
      guint start = forward ? g->out_offset[v] : g->in_offset[v];
      guint end = forward ? g->out_offset[v + 1] : g->in_offset[v + 1];

      if (start < end)
        g_signal_emit (self, dg_canvas_signals[DEAL_ACTIVATED], 0, (int) (forward ? g->out_edges[start] : g->in_edges[start]));
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
  g_signal_emit (self, dg_canvas_signals[DEAL_ACTIVATED], 0, (int) g->out_edges[start + pos]);
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
        g_signal_emit (self, dg_canvas_signals[COMPANY_OPENED], 0, self->focus_node);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      if (self->drag_mode == DRAG_LINK)
        {
          /* The deal being drawn is not made. */
          self->drag_mode = DRAG_NONE;
          gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag_gesture));
          gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return GDK_EVENT_STOP;
        }
      self->focus_node = -1;
      dg_canvas_update_accessible (self);
      g_signal_emit (self, dg_canvas_signals[BACKGROUND_ACTIVATED], 0);
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
  guint n = dg_canvas_n_nodes (self);
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
      dg_canvas_animate_view_to (self, self->view_x + w / 2 - x, self->view_y + h / 2 - y, self->zoom, TRUE);
  }
  dg_canvas_content_changed (self, 0);
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
  /* Not over its own menu (a hover that changed while the menu opened
   * lifted the suppression, and the tooltip covered the menu's items). */
  if (self->context_menu != NULL && gtk_widget_get_visible (self->context_menu))
    return FALSE;

  node = keyboard ? self->focus_node : dg_canvas_hit_node (self, x, y);
  if (node >= 0)
    {
      double valuation = g->node_valuation[node];
      g_autofree char *money = isnan (valuation) ? NULL : dg_format_money_locale (valuation);

      if (money != NULL)
        /* Translators: tooltip of a company: name, kind, valuation */
        text = g_strdup_printf (_("%s\n%s, valued at %s"), self->labels->v[node],
                                dg_company_kind_label (g->node_kind[node]), money);
      else
        text = g_strdup_printf ("%s\n%s", self->labels->v[node],
                                dg_company_kind_label (g->node_kind[node]));
    }
  else if (!keyboard && (edge = dg_canvas_hit_edge (self, x, y)) >= 0)
    {
      DgAmount amount = { g->edge_amount_kind[edge], g->edge_amount[edge],
                          g->edge_amount_min[edge], g->edge_amount_max[edge] };
      g_autofree char *money = dg_amount_format_locale (&amount);
      /* The direction as the panels write it (one formatter for chains). */
      g_autofree char *direction = dg_format_deal_direction (self->labels->v[g->edge_src[edge]],
                                                             self->labels->v[g->edge_dst[edge]]);

      /* Translators: tooltip of a deal: its direction ("OpenAI → Oracle"), then on a line of its own its kind and
       * amount */
      text = g_strdup_printf (_("%s\n%s, %s"), direction, dg_deal_kind_label (g->edge_kind[edge]), money);
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


/* The controllers behind all of the above, from dg_canvas_init(). */
void
dg_canvas_init_input (DgCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

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
  self->drag_gesture = gesture;

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
