/* test-canvas.c: the canvas's frames and view limits on big networks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas alone in a window (no document, no sidebar): zooming out always
 * reaches the whole network, a view that is no number is refused, and on a
 * network big enough to be drawn in a worker thread, moving the view shows
 * what was drawn (moved and scaled) instead of an empty canvas. Pixels come
 * from the canvas's own snapshot, rendered as GTK would.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "dg-canvas.h"

typedef struct
{
  GtkWindow *window;
  DgCanvas *canvas;
  DgGraph *graph;
  float *xy;
  char **labels;
} Fixture;

/* A network of @n companies on a golden-angle spiral @spacing units apart. */
static void
fixture_setup (Fixture *f,
               guint    n,
               double   spacing)
{
  f->graph = dg_graph_generate_scale_free (n, 5, 0.1, 11);
  f->xy = g_new (float, 2 * n);
  f->labels = g_new0 (char *, n + 1);
  for (guint v = 0; v < n; v++)
    {
      f->xy[2 * v] = (float) (spacing * sqrt (v + 0.5) * cos (v * 2.399963));
      f->xy[2 * v + 1] = (float) (spacing * sqrt (v + 0.5) * sin (v * 2.399963));
      f->labels[v] = g_strdup_printf ("Company %u", v);
    }
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  f->canvas = DG_CANVAS (dg_canvas_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->canvas));
  dg_canvas_set_graph (f->canvas, f->graph, (const char * const *) f->labels, NULL, NULL);
  dg_canvas_set_positions (f->canvas, f->xy, NULL);
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dg_graph_unref (f->graph);
  g_free (f->xy);
  g_strfreev (f->labels);
}

static gboolean
wait_for (gboolean (*cond) (Fixture *), Fixture *f, guint seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!cond (f) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return cond (f);
}

static gboolean
canvas_sized (Fixture *f)
{
  return gtk_widget_get_width (GTK_WIDGET (f->canvas)) > 100;
}

/* The canvas's picture as GTK renders it, and how much of it differs from
 * the background's white. */
static double
painted_share (Fixture *f,
               int      x0,
               int      y0,
               int      x1,
               int      y1)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (f->canvas));
  int w = gtk_widget_get_width (GTK_WIDGET (f->canvas)), h = gtk_widget_get_height (GTK_WIDGET (f->canvas));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  guint painted = 0, total = 0;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  /* Nothing until the window has drawn (again). */
  if (node == NULL)
    return -1;
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_renderer_unrealize (renderer);
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  if (g_getenv ("DG_TEST_DUMP") != NULL)
    {
      /* To look at it: DG_TEST_DUMP=dir */
      static guint count;
      g_autofree char *path = g_strdup_printf ("%s/canvas-%u.png", g_getenv ("DG_TEST_DUMP"), count++);

      gdk_texture_save_to_png (texture, path);
    }
  for (int y = MAX (y0, 0); y < MIN (y1, h); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, w); x++)
      {
        const guint8 *p = pixels + ((gsize) y * w + x) * 4;

        painted += p[0] < 235 || p[1] < 235 || p[2] < 235;
        total++;
      }
  return total > 0 ? (double) painted / total : 0;
}

/* Zooming out, and fitting, reach the whole network however far it spreads
 * (the canvas used to stop at zoom 0.02, short of 50,000 companies). */
static void
test_zoom_out_fits (void)
{
  Fixture f = { 0 };
  double zoom, fit_zoom;
  guint n = 300;

  /* Spread so wide that a fit needs a zoom far below 0.02. */
  fixture_setup (&f, n, 4000);
  g_assert_true (wait_for (canvas_sized, &f, 10));
  dg_canvas_fit (f.canvas, FALSE);
  dg_canvas_get_view (f.canvas, NULL, NULL, &fit_zoom);
  g_test_message ("fit zoom %.5f", fit_zoom);
  g_assert_cmpfloat (fit_zoom, <, 0.01);
  for (guint v = 0; v < n; v++)
    {
      double x, y;

      g_assert_true (dg_canvas_node_to_widget (f.canvas, v, &x, &y));
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (f.canvas)));
      g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (f.canvas)));
    }

  /* Further out than that, but not for ever. */
  for (guint i = 0; i < 40; i++)
    dg_canvas_zoom_by (f.canvas, 0.8, 400, 300);
  dg_canvas_get_view (f.canvas, NULL, NULL, &zoom);
  g_assert_cmpfloat (zoom, <, fit_zoom);
  g_assert_cmpfloat (zoom, >, fit_zoom / 8);

  /* A view that is no number is refused: the canvas never blanks. */
  dg_canvas_set_view (f.canvas, NAN, 0, 1);
  dg_canvas_set_view (f.canvas, 0, INFINITY, 1);
  dg_canvas_set_view (f.canvas, 0, 0, NAN);
  {
    double z2;

    dg_canvas_get_view (f.canvas, NULL, NULL, &z2);
    g_assert_cmpfloat (z2, ==, zoom);
  }
  fixture_teardown (&f);
}

static gboolean
worker_idle (Fixture *f)
{
  return !dg_canvas_is_rendering (f->canvas);
}

static gboolean
sharp_and_painted (Fixture *f)
{
  return painted_share (f, 300, 200, 500, 400) > 0.3 && !dg_canvas_is_rendering (f->canvas);
}

/* On a network drawn in a worker thread, a view moved far from the last
 * sharp frame shows the network (moved and scaled, from the overview)
 * instead of an empty canvas, at once. */
static void
test_moved_view_never_empty (void)
{
  Fixture f = { 0 };
  double share;

  /* More than 20,000 deals: the canvas composes frames from the start. */
  fixture_setup (&f, 4500, 30);
  g_assert_true (f.graph->n_edges > 20000);
  g_assert_true (wait_for (canvas_sized, &f, 10));
  dg_canvas_fit (f.canvas, FALSE);
  dg_canvas_zoom_by (f.canvas, 3, 400, 300);
  g_assert_true (wait_for (sharp_and_painted, &f, 30));
  /* The worker draws the overview once the view rests. */
  g_assert_true (wait_for (worker_idle, &f, 30));

  /* Panned a whole canvas width: nothing of the last sharp frame is in
   * view, and the very next frame shows the network all the same. */
  dg_canvas_pan_by (f.canvas, -800, 0);
  while ((share = painted_share (&f, 0, 0, 800, 600)) < 0)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("moved view: %.0f%% of the canvas painted", share * 100);
  /* The last sharp frame, with its margin, covers at most a quarter of it. */
  g_assert_cmpfloat (share, >, 0.33);
  fixture_teardown (&f);
}

/* After an edit of a network drawn in a worker, the canvas keeps showing
 * its last picture until the new one is drawn; a new network (set_graph)
 * starts from an empty canvas instead of showing the old one. */
static void
test_edit_keeps_picture (void)
{
  Fixture f = { 0 };
  g_autoptr(DgGraph) edited = NULL;
  double share;

  fixture_setup (&f, 4500, 30);
  g_assert_true (f.graph->n_edges > 20000);
  g_assert_true (wait_for (canvas_sized, &f, 10));
  dg_canvas_fit (f.canvas, FALSE);
  g_assert_true (wait_for (sharp_and_painted, &f, 30));

  edited = dg_graph_copy (f.graph);
  edited->edge_amount[0] *= 2;
  dg_canvas_replace_graph (f.canvas, edited, (const char * const *) f.labels, NULL, NULL);
  dg_canvas_set_positions (f.canvas, f.xy, NULL);
  g_assert_false (dg_canvas_is_frame_exact (f.canvas));
  while ((share = painted_share (&f, 300, 200, 500, 400)) < 0)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("after an edit: %.0f%% painted", share * 100);
  g_assert_cmpfloat (share, >, 0.3);
  g_assert_true (wait_for (sharp_and_painted, &f, 30));

  dg_canvas_set_graph (f.canvas, f.graph, (const char * const *) f.labels, NULL, NULL);
  dg_canvas_set_positions (f.canvas, f.xy, NULL);
  while ((share = painted_share (&f, 300, 200, 500, 400)) < 0)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("a new network: %.0f%% painted at first", share * 100);
  g_assert_cmpfloat (share, <, 0.05);
  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/canvas/zoom-out-fits", test_zoom_out_fits);
  g_test_add_func ("/dealgraph/canvas/moved-view-never-empty", test_moved_view_never_empty);
  g_test_add_func ("/dealgraph/canvas/edit-keeps-picture", test_edit_keeps_picture);

  return g_test_run ();
}
