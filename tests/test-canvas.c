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
#include <stdlib.h>
#include <string.h>

#include "dg-canvas.h"
#include "dg-canvas-private.h"

typedef struct
{
  GtkWindow *window;
  DgCanvas *canvas;
  DgGraph *graph;
  float *xy;
  char **labels;
  char **node_ids;
  char **edge_ids;
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
  f->node_ids = g_new0 (char *, n + 1);
  f->edge_ids = g_new0 (char *, f->graph->n_edges + 1);
  for (guint e = 0; e < f->graph->n_edges; e++)
    f->edge_ids[e] = g_strdup_printf ("d%u", e);
  for (guint v = 0; v < n; v++)
    {
      f->node_ids[v] = g_strdup_printf ("c%u", v);
      f->xy[2 * v] = (float) (spacing * sqrt (v + 0.5) * cos (v * 2.399963));
      f->xy[2 * v + 1] = (float) (spacing * sqrt (v + 0.5) * sin (v * 2.399963));
      f->labels[v] = g_strdup_printf ("Company %u", v);
    }
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  f->canvas = DG_CANVAS (dg_canvas_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->canvas));
  dg_canvas_set_graph (f->canvas, f->graph, (const char * const *) f->labels,
                       (const char * const *) f->node_ids, (const char * const *) f->edge_ids);
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
  g_strfreev (f->node_ids);
  g_strfreev (f->edge_ids);
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

/* The canvas's picture as GTK renders it (RGBA rows of its width), or
 * NULL until the window has drawn (again). */
static guint8 *
canvas_pixels (Fixture *f)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (f->canvas));
  int w = gtk_widget_get_width (GTK_WIDGET (f->canvas)), h = gtk_widget_get_height (GTK_WIDGET (f->canvas));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  guint8 *pixels = NULL;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
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
  return pixels;
}

/* How much of a part of the canvas differs from the background's white;
 * -1 until the window has drawn (again). */
static double
painted_share (Fixture *f,
               int      x0,
               int      y0,
               int      x1,
               int      y1)
{
  g_autofree guint8 *pixels = canvas_pixels (f);
  int w = gtk_widget_get_width (GTK_WIDGET (f->canvas)), h = gtk_widget_get_height (GTK_WIDGET (f->canvas));
  guint painted = 0, total = 0;

  if (pixels == NULL)
    return -1;
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

static gboolean
sharp_exact (Fixture *f)
{
  return sharp_and_painted (f) && dg_canvas_is_frame_exact (f->canvas);
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
  dg_canvas_replace_graph (f.canvas, edited, (const char * const *) f.labels, NULL, NULL, DG_CANVAS_KEEP_NOTHING);
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

static gboolean
pixel_differs (const guint8 *a,
               const guint8 *b,
               int           width,
               int           x,
               int           y)
{
  const guint8 *p = a + ((gsize) y * width + x) * 4, *q = b + ((gsize) y * width + x) * 4;

  return abs (p[0] - q[0]) > 40 || abs (p[1] - q[1]) > 40 || abs (p[2] - q[2]) > 40;
}

/* How far the frame right after an edit (@next) went from the picture
 * before it (@before) towards the sharp one that follows (@sharp), in a
 * box: of the pixels the edit changes (before and sharp differ), the
 * share that changed already; and the pixels that changed in next but
 * not in sharp (what the patch got wrong), as a share of those. */
static void
compare_edit (const guint8 *before,
              const guint8 *next,
              const guint8 *sharp,
              int           width,
              const int     box[4],
              const char   *what,
              double       *shown,
              double       *wrong)
{
  guint changed = 0, changed_next = 0, extra = 0;

  for (int y = box[1]; y < box[3]; y++)
    for (int x = box[0]; x < box[2]; x++)
      {
        gboolean edit = pixel_differs (before, sharp, width, x, y);
        gboolean moved = pixel_differs (before, next, width, x, y);

        changed += edit;
        changed_next += edit && moved;
        extra += !edit && moved;
      }
  if (g_getenv ("DG_TEST_DUMP") != NULL)
    {
      /* To look at them: DG_TEST_DUMP=dir, then for each of the three
       * convert -size WIDTHxBOTTOM -depth 8 rgba:FILE FILE.png (the box's bottom) */
      const guint8 *pictures[3] = { before, next, sharp };
      const char *names[3] = { "before", "next", "sharp" };

      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%s.rgba", what, names[i]);
          g_autofree char *path = g_build_filename (g_getenv ("DG_TEST_DUMP"), name, NULL);

          g_file_set_contents (path, (const char *) pictures[i], (gssize) width * box[3] * 4, NULL);
        }
    }
  g_assert_cmpuint (changed, >, 100);
  *shown = (double) changed_next / changed;
  *wrong = (double) extra / changed;
  g_test_message ("%s: %u pixels changed by the edit, %.0f%% of them in the next frame; "
                  "%u changed there and not by the edit (%.0f%%)", what, changed, *shown * 100, extra, *wrong * 100);
}

/* @graph without its deal @gone; @ids likewise. */
static DgGraph *
without_edge (const DgGraph *g,
              guint          gone,
              char         **ids,
              char        ***new_ids)
{
  g_autofree guint *src = g_new (guint, g->n_edges), *dst = g_new (guint, g->n_edges);
  g_autofree double *amount = g_new (double, g->n_edges);
  GPtrArray *kept = g_ptr_array_new ();
  guint k = 0;
  DgGraph *out;

  for (guint e = 0; e < g->n_edges; e++)
    if (e != gone)
      {
        src[k] = g->edge_src[e];
        dst[k] = g->edge_dst[e];
        amount[k] = g->edge_amount[e];
        g_ptr_array_add (kept, g_strdup (ids[e]));
        k++;
      }
  g_ptr_array_add (kept, NULL);
  *new_ids = (char **) g_ptr_array_free (kept, FALSE);
  out = dg_graph_new (g->n_nodes, k, src, dst, amount);
  memcpy (out->node_valuation, g->node_valuation, sizeof (double) * g->n_nodes);
  memcpy (out->node_kind, g->node_kind, g->n_nodes);
  k = 0;
  for (guint e = 0; e < g->n_edges; e++)
    if (e != gone)
      {
        out->edge_amount_kind[k] = g->edge_amount_kind[e];
        out->edge_amount_min[k] = g->edge_amount_min[e];
        out->edge_amount_max[k] = g->edge_amount_max[e];
        out->edge_kind[k] = g->edge_kind[e];
        out->edge_status[k] = g->edge_status[e];
        out->edge_date[k] = g->edge_date[e];
        k++;
      }
  return out;
}

/* Shows @graph after an edit and returns the next frame's pixels; @sharp
 * gets the sharp frame's that follows. */
static guint8 *
edit_and_look (Fixture   *f,
               DgGraph   *graph,
               char     **labels,
               char     **edge_ids,
               guint8   **sharp)
{
  guint8 *next;
  double vx, vy, zoom;
  GskRenderNode *kept = f->canvas->frame_node.node;

  /* The sharp frame on screen is a node the next snapshots keep. */
  g_assert_nonnull (kept);
  /* As the window does after an edit: the view stays. */
  dg_canvas_get_view (f->canvas, &vx, &vy, &zoom);
  dg_canvas_replace_graph (f->canvas, graph, (const char * const *) labels,
                           (const char * const *) f->node_ids, (const char * const *) edge_ids,
                           DG_CANVAS_KEEP_NOTHING);
  dg_canvas_set_positions (f->canvas, f->xy, NULL);
  dg_canvas_set_view (f->canvas, vx, vy, zoom);
  g_assert_false (dg_canvas_is_frame_exact (f->canvas));
  while ((next = canvas_pixels (f)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Still the kept frame with the patch, not the worker's new one: the
   * same node, so GTK redraws only the patch's box over it. */
  g_assert_false (dg_canvas_is_frame_exact (f->canvas));
  g_assert_true (f->canvas->frame_node.node == kept);
  g_assert_true (wait_for (sharp_exact, f, 30));
  *sharp = canvas_pixels (f);
  g_assert_nonnull (*sharp);
  return next;
}

/* The frame right after an edit of a network drawn in a worker shows the
 * edit already: a deal made a hundred times bigger, a deal deleted and a
 * company renamed are each, around them, far closer to the sharp picture
 * that follows than the picture before the edit was. */
static void
test_edit_shows_at_once (void)
{
  Fixture f = { 0 };
  int w, h, box[4] = { 0 };
  guint pick = G_MAXUINT, named = G_MAXUINT;
  g_autofree guint8 *before = NULL;

  fixture_setup (&f, 4500, 30);
  g_assert_true (wait_for (canvas_sized, &f, 10));
  dg_canvas_fit (f.canvas, FALSE);
  /* Close enough that every deal is drawn (no "1 in N" crowd). */
  dg_canvas_zoom_by (f.canvas, 8, 300, 300);
  g_assert_true (wait_for (sharp_exact, &f, 30));
  w = gtk_widget_get_width (GTK_WIDGET (f.canvas));
  h = gtk_widget_get_height (GTK_WIDGET (f.canvas));

  /* A deal well inside the view, long enough to see, of a small amount,
   * not drawn faint (rumoured, cancelled...). */
  for (guint e = 0; e < f.graph->n_edges && pick == G_MAXUINT; e++)
    {
      double x0, y0, x1, y1;

      if (!dg_canvas_node_to_widget (f.canvas, f.graph->edge_src[e], &x0, &y0)
          || !dg_canvas_node_to_widget (f.canvas, f.graph->edge_dst[e], &x1, &y1))
        continue;
      if (MIN (x0, x1) > 45 && MAX (x0, x1) < w - 380 && MIN (y0, y1) > 45 && MAX (y0, y1) < h - 45
          && hypot (x1 - x0, y1 - y0) > 40 && f.graph->edge_amount[e] < 3e10
          && f.graph->edge_amount_kind[e] == DG_AMOUNT_EXACT
          && f.graph->edge_status[e] != DG_DEAL_STATUS_RUMOURED && f.graph->edge_status[e] != DG_DEAL_STATUS_DISCUSSED
          && f.graph->edge_status[e] != DG_DEAL_STATUS_CANCELLED && f.graph->edge_status[e] != DG_DEAL_STATUS_STALLED)
        {
          pick = e;
          box[0] = (int) MIN (x0, x1) - 40;
          box[1] = (int) MIN (y0, y1) - 40;
          box[2] = (int) MAX (x0, x1) + 40;
          box[3] = (int) MAX (y0, y1) + 40;
        }
    }
  g_assert_cmpuint (pick, !=, G_MAXUINT);
  while ((before = canvas_pixels (&f)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autoptr(DgGraph) bigger = dg_graph_copy (f.graph);
    g_autofree guint8 *next = NULL, *sharp = NULL;
    double shown, wrong;

    bigger->edge_amount[pick] = bigger->edge_amount_min[pick] = bigger->edge_amount_max[pick] = 5e11;
    next = edit_and_look (&f, bigger, f.labels, f.edge_ids, &sharp);
    compare_edit (before, next, sharp, w, box, "a bigger deal", &shown, &wrong);
    g_assert_cmpfloat (shown, >, 0.6);
    g_assert_cmpfloat (wrong, <, 1.0);
    g_free (before);
    before = g_steal_pointer (&sharp);
  }

  {
    g_auto(GStrv) ids = NULL;
    g_autoptr(DgGraph) fewer = without_edge (f.graph, pick, f.edge_ids, &ids);
    g_autofree guint8 *next = NULL, *sharp = NULL;
    double shown, wrong;

    /* From the bigger deal's picture: it goes. */
    next = edit_and_look (&f, fewer, f.labels, ids, &sharp);
    compare_edit (before, next, sharp, w, box, "a deal deleted", &shown, &wrong);
    g_assert_cmpfloat (shown, >, 0.6);
    g_assert_cmpfloat (wrong, <, 1.0);
    g_free (before);
    before = g_steal_pointer (&sharp);
  }

  /* A company whose name shows, renamed. */
  for (guint v = 0; v < f.graph->n_nodes && named == G_MAXUINT; v++)
    {
      double x, y;

      if (dg_canvas_node_to_widget (f.canvas, v, &x, &y) && x > 150 && x < w - 600 && y > 100 && y < h - 100
          && f.graph->node_valuation[v] > 1e11)
        {
          named = v;
          box[0] = (int) x - 150;
          box[1] = (int) y - 40;
          box[2] = (int) x + 250;
          box[3] = (int) y + 40;
        }
    }
  if (named != G_MAXUINT)
    {
      g_auto(GStrv) labels = g_strdupv (f.labels);
      g_auto(GStrv) ids = NULL;
      g_autoptr(DgGraph) fewer = without_edge (f.graph, pick, f.edge_ids, &ids);
      g_autofree guint8 *next = NULL, *sharp = NULL;
      double shown, wrong;

      g_free (labels[named]);
      labels[named] = g_strdup ("WWWWWWWW MMMMMMMMMM");
      next = edit_and_look (&f, fewer, labels, ids, &sharp);
      compare_edit (before, next, sharp, w, box, "a company renamed", &shown, &wrong);
      g_assert_cmpfloat (shown, >, 0.5);
      g_assert_cmpfloat (wrong, <, 1.0);
    }
  else
    g_test_message ("no named company in view to rename");
  fixture_teardown (&f);
}

/* The patch matches the kept frame's items to the new state's by id: on
 * random edits of a list of ids (scattered deletions, runs inserted, items
 * moved near and far, now and then a shuffle), every item's new index is
 * the one a hash table of the new list gives. */
static void
test_patch_map_ids (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);

  for (guint trial = 0; trial < 400; trial++)
    {
      guint n = (guint) g_rand_int_range (rand, 0, 3000), fresh = 0;
      g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) b = g_ptr_array_new ();
      g_autoptr(GHashTable) where = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (g_free);
      g_autofree guint *map = NULL;
      DgStrings *sa, *sb;
      guint ops = (guint) g_rand_int_range (rand, 0, 40);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (a, g_strdup_printf ("deal-%u", i));
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (b, a->pdata[i]);
      for (guint k = 0; k < ops; k++)
        {
          guint kind = (guint) g_rand_int_range (rand, 0, 4);

          if (kind == 0 && b->len > 0)
            g_ptr_array_remove_index (b, (guint) g_rand_int_range (rand, 0, (gint32) b->len));
          else if (kind == 1)
            {
              guint at = (guint) g_rand_int_range (rand, 0, (gint32) b->len + 1);
              guint run = (guint) g_rand_int_range (rand, 1, 30);

              for (guint r = 0; r < run; r++)
                {
                  char *id = g_strdup_printf ("new-%u", fresh++);

                  g_ptr_array_add (extra, id);
                  g_ptr_array_insert (b, (gint) (at + r), id);
                }
            }
          else if (kind == 2 && b->len > 1)
            {
              gpointer item = g_ptr_array_steal_index (b, (guint) g_rand_int_range (rand, 0, (gint32) b->len));

              g_ptr_array_insert (b, g_rand_int_range (rand, 0, (gint32) b->len + 1), item);
            }
          else if (kind == 3 && b->len > 0)
            {
              /* A run removed. */
              guint at = (guint) g_rand_int_range (rand, 0, (gint32) b->len);
              guint run = (guint) g_rand_int_range (rand, 1, 40);

              g_ptr_array_remove_range (b, at, MIN (run, b->len - at));
            }
        }
      if (trial % 50 == 49)
        for (guint i = b->len; i > 1; i--)
          {
            guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
            gpointer t = b->pdata[i - 1];

            b->pdata[i - 1] = b->pdata[j];
            b->pdata[j] = t;
          }

      for (guint j = 0; j < b->len; j++)
        g_hash_table_insert (where, b->pdata[j], GUINT_TO_POINTER (j + 1));
      g_ptr_array_add (a, NULL);
      g_ptr_array_add (b, NULL);
      sa = dg_strings_new ((const char * const *) a->pdata);
      sb = dg_strings_new ((const char * const *) b->pdata);
      map = g_new (guint, MAX (n, 1));
      g_assert_true (dg_canvas_patch_map_ids (sa, n, sb, b->len - 1, map));
      for (guint i = 0; i < n; i++)
        {
          guint j = GPOINTER_TO_UINT (g_hash_table_lookup (where, a->pdata[i]));

          g_assert_cmpuint (map[i], ==, j > 0 ? j - 1 : G_MAXUINT);
        }
      dg_strings_unref (sa);
      dg_strings_unref (sb);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/canvas/zoom-out-fits", test_zoom_out_fits);
  g_test_add_func ("/dealgraph/canvas/moved-view-never-empty", test_moved_view_never_empty);
  g_test_add_func ("/dealgraph/canvas/edit-keeps-picture", test_edit_keeps_picture);
  g_test_add_func ("/dealgraph/canvas/edit-shows-at-once", test_edit_shows_at_once);
  g_test_add_func ("/dealgraph/canvas/patch-map-ids", test_patch_map_ids);

  return g_test_run ();
}
