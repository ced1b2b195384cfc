/* dg-canvas-layout.c: running a layout on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small graphs are laid out a slice per frame from the frame clock and
 * animate; large ones in a worker thread, then morph into place.
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

/* ---- layout ----------------------------------------------------------- */

void
dg_canvas_stop_layout (DgCanvas *self)
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
  guint n = dg_canvas_n_nodes (self);

  if (self->morph_to != NULL)
    {
      /* Moving from the old picture to a finished layout. */
      double t = (double) (gdk_frame_clock_get_frame_time (clock) - self->morph_start) / (2 * ANIMATION_USEC);
      double e = dg_canvas_ease_out_cubic (CLAMP (t, 0.0, 1.0));

      for (guint i = 0; i < 2 * n; i++)
        self->xy[i] = self->morph_from[i] + (self->morph_to[i] - self->morph_from[i]) * e;
      dg_canvas_content_changed (self, DG_RENDER_CHANGED_POSITIONS);
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
      dg_canvas_content_changed (self, DG_RENDER_CHANGED_POSITIONS);
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
  dg_canvas_content_changed (self, 0);
  if (self->fit_while_layout)
    dg_canvas_fit (self, TRUE);
  self->fit_while_layout = FALSE;
  g_signal_emit (self, dg_canvas_signals[POSITIONS_CHANGED], 0);
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
  n = dg_canvas_n_nodes (self);
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
  guint n = dg_canvas_n_nodes (self);
  g_autofree guint8 *has = NULL;

  g_return_if_fail (DG_IS_CANVAS (self));
  if (self->graph == NULL)
    return;

  dg_canvas_stop_layout (self);
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
          label[v] = dg_layout_estimate_label_width (self->labels->v[v]);
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
          dg_canvas_content_changed (self, DG_RENDER_CHANGED_POSITIONS);
          dg_canvas_stop_layout (self);
          self->view_set = FALSE;
          self->fit_while_layout = FALSE;
          g_signal_emit (self, dg_canvas_signals[POSITIONS_CHANGED], 0);
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
