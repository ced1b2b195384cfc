/* dg-tour-camera.c: fitting a scene's view to a slide's focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <math.h>

#include "dg-tour.h"

/* The camera --------------------------------------------------------------- */

/**
 * dg_tour_fit_view:
 * @renderer: the renderer that will draw @scene
 * @scene: a scene with graph, positions, labels, size and theme set; its
 *   view and zoom are set
 * @nodes: (array length=n_nodes) (nullable): the companies to fit, e.g.
 *   from dg_tour_slide_get_focus(); %NULL or none fits every company shown
 * @n_nodes: their number
 * @margin: room to leave at the edges, device units
 * @max_zoom: the largest zoom to use, so two companies do not fill the
 *   screen; 0 for no limit
 *
 * dg_renderer_fit_view() for part of the diagram, and with a largest zoom:
 * the companies in @nodes (those @scene shows) and their labels fill the
 * scene's size, centred; the rest of the diagram stays where it falls,
 * dimmed if the caller lights only the focus. Leaves room for the scene's
 * title, and for its legend only when fitting the whole diagram (the
 * renderer places the legend away from the companies).
 */
void
dg_tour_fit_view (DgRenderer  *renderer,
                  DgScene     *scene,
                  const guint *nodes,
                  guint        n_nodes,
                  double       margin,
                  double       max_zoom)
{
  g_autofree guint8 *mask = NULL;
  DgScene fit;
  guint n_fit = 0;
  double cx, cy, top, x, y;

  g_return_if_fail (renderer != NULL);
  g_return_if_fail (scene != NULL);

  fit = *scene;

  if (scene->graph != NULL && nodes != NULL && n_nodes > 0)
    {
      mask = g_new0 (guint8, MAX (scene->graph->n_nodes, 1));
      for (guint i = 0; i < n_nodes; i++)
        if (nodes[i] < scene->graph->n_nodes
            && (scene->node_visible == NULL || scene->node_visible[nodes[i]]))
          {
            mask[nodes[i]] = 1;
            n_fit++;
          }
      if (n_fit > 0)
        {
          fit.node_visible = mask;
          /* The renderer places the legend away from the companies. */
          fit.legend = FALSE;
        }
    }

  dg_renderer_fit_view (renderer, &fit, margin);

  if (max_zoom > 0 && fit.zoom > max_zoom)
    {
      /* Keep what is at the centre of the fitted area there: the area
       * below the title (about the renderer's title line) and within the
       * margins. */
      top = 0;
      if (scene->title != NULL || scene->subtitle != NULL)
        top = dg_theme_get (scene->theme)->title_size * 1.25 + 12;
      cx = scene->width / 2.0;
      cy = (top + scene->height) / 2.0;
      x = (cx - fit.view_x) / fit.zoom;
      y = (cy - fit.view_y) / fit.zoom;
      fit.zoom = max_zoom;
      fit.view_x = cx - x * max_zoom;
      fit.view_y = cy - y * max_zoom;
    }

  scene->view_x = fit.view_x;
  scene->view_y = fit.view_y;
  scene->zoom = fit.zoom;
}
