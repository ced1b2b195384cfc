/* bench-render.c: frame times and export times of the renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-render [--spiral] [--no-graphviz] [--quick] [--size N] [--threads N]
 *
 * For generated scale-free graphs of 100, 1k, 10k and 50k companies with
 * about 5 deals each, positioned by the force layout (or, with --spiral, on
 * a golden-angle spiral), prints the median time of a full 1920x1080 frame
 * on an ARGB32 image surface with the caches warm, with the whole diagram
 * fitted and zoomed in on the middle quarter; the same frame through plain
 * Cairo (the painter's direct rasteriser turned off), where that finishes in
 * reasonable time; the time to export PNG and SVG; and, when Graphviz is
 * installed, the time `neato -n2 -Tpng` takes to draw the same positioned
 * graph at the same size, and the ratio. Then the embedded dataset's frame
 * time. For the canvas: the frame its worker thread draws (the view with a
 * 15% margin each side) fitted and zoomed in four times, what positions
 * changing costs (every deal's curve, routed around discs), and a pair of
 * hit tests (company, then deal) as on every pointer motion.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dg-analysis.h"
#include "dg-export.h"
#include "dg-layout.h"
#include "dg-loader.h"
#include "dg-render.h"

#define WIDTH 1920
#define HEIGHT 1080

static gboolean opt_spiral;
static gboolean opt_no_graphviz;
static gboolean opt_quick;
static int opt_size;
static int opt_threads;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU time of the whole process (both rendering threads), seconds. */
static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double last_cpu_ms;

/* Median milliseconds of @runs frames, after one to warm the caches. */
static double
time_frames (DgRenderer    *renderer,
             const DgScene *scene,
             guint          runs,
             gboolean       fast)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, scene->width, scene->height);
  cairo_t *cr = cairo_create (surface);
  DgPainter *painter = dg_painter_cairo_new (NULL);
  double times[64], cpu[64];

  dg_painter_cairo_set_fast_path_enabled (painter, fast);
  runs = MIN (runs, G_N_ELEMENTS (times));
  for (guint i = 0; i <= runs; i++)
    {
      double t0 = now (), c0 = cpu_now ();

      if (fast)
        dg_renderer_render (renderer, scene, cr);
      else
        {
          dg_painter_cairo_set_target (painter, cr);
          dg_renderer_paint (renderer, scene, painter);
          dg_painter_cairo_set_target (painter, NULL);
        }
      cairo_surface_flush (surface);
      if (i > 0)
        {
          times[i - 1] = (now () - t0) * 1000;
          cpu[i - 1] = (cpu_now () - c0) * 1000;
        }
    }
  last_cpu_ms = median (cpu, runs);

  dg_painter_free (painter);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return median (times, runs);
}

static void
spiral_positions (guint  n,
                  float *xy)
{
  /* Golden-angle spiral, spaced so the largest discs stay apart. */
  for (guint v = 0; v < n; v++)
    {
      double r = 34.0 * sqrt (v + 0.5), a = v * 2.399963229728653;

      xy[2 * v] = (float) (r * cos (a));
      xy[2 * v + 1] = (float) (r * sin (a));
    }
}

static void
write_dot (const char    *path,
           DgGraph       *g,
           const float   *xy,
           const DgScene *scene)
{
  const DgTheme *theme = dg_theme_get (DG_THEME_LIGHT);
  GString *s = g_string_sized_new (1 << 20);
  float minx = G_MAXFLOAT, maxx = -G_MAXFLOAT, miny = G_MAXFLOAT, maxy = -G_MAXFLOAT;
  double k;

  for (guint v = 0; v < g->n_nodes; v++)
    {
      minx = MIN (minx, xy[2 * v]);
      maxx = MAX (maxx, xy[2 * v]);
      miny = MIN (miny, xy[2 * v + 1]);
      maxy = MAX (maxy, xy[2 * v + 1]);
    }
  /* Points at the same scale as our fitted frame, so both draw the same
   * picture at 1920x1080 and 72 dpi. */
  k = scene->zoom;
  g_string_append_printf (s, "digraph G {\n  graph [size=\"%.3f,%.3f\", dpi=72, outputorder=edgesfirst, splines=false, bgcolor=white];\n",
                          WIDTH / 72.0, HEIGHT / 72.0);
  g_string_append (s, "  node [shape=circle, fixedsize=true, label=\"\", style=filled, penwidth=0.75];\n");
  g_string_append (s, "  edge [arrowsize=0.5];\n");
  for (guint v = 0; v < g->n_nodes; v++)
    {
      const DgColor *c = &theme->node_fill[g->node_kind[v]];

      g_string_append_printf (s, "  n%u [pos=\"%.2f,%.2f!\", width=%.4f, fillcolor=\"#%02x%02x%02x\"];\n", v,
                              (xy[2 * v] - minx) * k, (maxy - xy[2 * v + 1]) * k,
                              2 * dg_node_radius (g->node_valuation[v]) * k / 72.0,
                              (guint) (c->r * 255), (guint) (c->g * 255), (guint) (c->b * 255));
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      const DgColor *c = &theme->deal[dg_deal_family_for_kind (g->edge_kind[e])];

      g_string_append_printf (s, "  n%u -> n%u [penwidth=%.2f, color=\"#%02x%02x%02x\"%s];\n",
                              g->edge_src[e], g->edge_dst[e],
                              MAX (0.35, dg_deal_width_for_amount (g->edge_amount[e]) * k),
                              (guint) (c->r * 255), (guint) (c->g * 255), (guint) (c->b * 255),
                              isnan (g->edge_amount[e]) ? ", style=dashed" : "");
    }
  g_string_append (s, "}\n");
  g_file_set_contents (path, s->str, s->len, NULL);
  g_string_free (s, TRUE);
}

/* Seconds Graphviz takes, or a negative number when it failed or gave up. */
static double
run_graphviz (const char *dot,
              const char *png,
              int         timeout_s)
{
  g_autofree char *timeout = g_strdup_printf ("%d", timeout_s);
  const char *argv[] = { "timeout", timeout, "neato", "-n2", "-Tpng", "-o", png, dot, NULL };
  int status = 0;
  double t0 = now ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    return -1;
  return now () - t0;
}

static double
time_export (DgRenderer     *renderer,
             const DgScene  *scene,
             DgExportFormat  format,
             const char     *path,
             guint           runs)
{
  double times[8];
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  runs = MIN (runs, G_N_ELEMENTS (times));
  for (guint i = 0; i < runs; i++)
    {
      double t0 = now ();

      if (!dg_export_scene (renderer, scene, format, path, &error))
        g_error ("export failed: %s", error->message);
      times[i] = now () - t0;
    }
  if (g_stat (path, &st) == 0)
    printf ("      (%s: %.1f MB)\n", path, st.st_size / 1e6);
  return median (times, runs);
}

static void
bench_size (guint        n,
            const char  *dir,
            gboolean     have_graphviz)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (n, 5, 0.1, 42);
  g_autoptr(DgRenderer) renderer = dg_renderer_new ();
  g_autofree float *xy = g_new (float, 2 * (gsize) n);
  g_autofree guint8 *cyclic = g_new0 (guint8, MAX (g->n_edges, 1));
  g_autofree guint *component = g_new0 (guint, n);
  g_autofree char **labels = g_new0 (char *, n + 1);
  g_autofree char *png = g_strdup_printf ("%s/render-%u.png", dir, n);
  g_autofree char *svg = g_strdup_printf ("%s/render-%u.svg", dir, n);
  g_autofree char *dot = g_strdup_printf ("%s/render-%u.dot", dir, n);
  g_autofree char *gv_png = g_strdup_printf ("%s/render-%u-graphviz.png", dir, n);
  guint runs = n <= 1000 ? 21 : n <= 10000 ? 5 : 3;
  double t0, t_layout, fit, quarter, slow = -1, t_png, t_svg, t_gv = -1;
  double fit_cpu, quarter_cpu;
  double worker_fit, worker_in, canvas_geometry, canvas_hits;
  DgScene scene;

  if (opt_quick)
    runs = MIN (runs, 3);

  t0 = now ();
  if (opt_spiral)
    spiral_positions (n, xy);
  else
    {
      g_autoptr(DgLayout) layout = dg_layout_new (g, DG_LAYOUT_FORCE, 1);

      dg_layout_run (layout, 60);
      memcpy (xy, dg_layout_get_positions (layout), sizeof (float) * 2 * n);
    }
  t_layout = now () - t0;

  dg_analysis_strong_components (g, NULL, component, cyclic);
  for (guint v = 0; v < n; v++)
    labels[v] = g_strdup_printf ("Company %u", v);

  dg_scene_init (&scene);
  scene.graph = g;
  scene.xy = xy;
  scene.labels = (const char * const *) labels;
  scene.edge_cyclic = cyclic;
  scene.width = WIDTH;
  scene.height = HEIGHT;
  scene.title = "Generated scale-free network";
  dg_renderer_fit_view (renderer, &scene, 27);

  fit = time_frames (renderer, &scene, runs, TRUE);
  fit_cpu = last_cpu_ms;
  if (n <= 10000 && !opt_quick)
    slow = time_frames (renderer, &scene, n <= 1000 ? 5 : 1, FALSE);

  {
    DgScene zoomed = scene;

    /* The middle quarter of the fitted diagram. */
    zoomed.zoom = scene.zoom * 2;
    zoomed.view_x = scene.view_x * 2 - WIDTH / 2.0;
    zoomed.view_y = scene.view_y * 2 - HEIGHT / 2.0;
    quarter = time_frames (renderer, &zoomed, runs, TRUE);
    quarter_cpu = last_cpu_ms;
  }

  /* The canvas: its worker's frame (the view and a 15% margin each side,
   * as dg-canvas.c draws it), fitted and zoomed in four times on the
   * middle; a change of positions; hit tests on the main thread. */
  {
    DgScene worker = scene;
    double t_geometry, t_hits = 0, t0h;
    const int mx = (int) (WIDTH * 0.15), my = (int) (HEIGHT * 0.15);
    int hits = 0;

    worker.width = WIDTH + 2 * mx;
    worker.height = HEIGHT + 2 * my;
    worker.view_x += mx;
    worker.view_y += my;
    worker.legend = FALSE;
    worker.title = NULL;
    worker_fit = time_frames (renderer, &worker, runs, TRUE);
    worker.zoom = scene.zoom * 4;
    worker.view_x = scene.view_x * 4 - WIDTH * 1.5 + mx;
    worker.view_y = scene.view_y * 4 - HEIGHT * 1.5 + my;
    worker_in = time_frames (renderer, &worker, runs, TRUE);

    t0h = now ();
    dg_renderer_invalidate (renderer, DG_RENDER_CHANGED_POSITIONS);
    (void) dg_renderer_hit_test_edge (renderer, &scene, 0, 0, DG_RENDER_HIT_TOLERANCE);
    t_geometry = now () - t0h;

    for (guint i = 0; i < 40; i++)
      {
        double x = WIDTH * (0.3 + 0.01 * i), y = HEIGHT * 0.5;

        t0h = now ();
        hits += dg_renderer_hit_test_node (renderer, &scene, x, y, DG_RENDER_HIT_TOLERANCE);
        hits += dg_renderer_hit_test_edge (renderer, &scene, x, y, DG_RENDER_HIT_TOLERANCE);
        t_hits += now () - t0h;
      }
    canvas_geometry = t_geometry * 1000;
    canvas_hits = t_hits * 1000 / 40;
    g_debug ("%d", hits);
  }

  t_png = time_export (renderer, &scene, DG_EXPORT_FORMAT_PNG, png, 3);
  t_svg = time_export (renderer, &scene, DG_EXPORT_FORMAT_SVG, svg, n <= 10000 ? 3 : 1);

  if (have_graphviz)
    {
      write_dot (dot, g, xy, &scene);
      /* 50k takes Graphviz many seconds: once, with a 90 s limit. */
      t_gv = run_graphviz (dot, gv_png, n >= 50000 ? 90 : 60);
    }

  printf ("%6u companies %7u deals (%s %.2f s)\n", n, g->n_edges,
          opt_spiral ? "spiral" : "force layout", t_layout);
  if (slow >= 0)
    printf ("    frame, fitted:          %9.2f ms   (CPU %.2f ms; plain Cairo: %.2f ms)\n", fit, fit_cpu, slow);
  else
    printf ("    frame, fitted:          %9.2f ms   (CPU %.2f ms)\n", fit, fit_cpu);
  printf ("    frame, middle quarter:  %9.2f ms   (CPU %.2f ms)\n", quarter, quarter_cpu);
  printf ("    canvas worker frame:    %9.2f ms fitted, %.2f ms zoomed in 4x (%dx%d)\n", worker_fit, worker_in,
          WIDTH + 2 * (int) (WIDTH * 0.15), HEIGHT + 2 * (int) (HEIGHT * 0.15));
  printf ("    positions changed:      %9.2f ms   (every deal's curve, routing included)\n", canvas_geometry);
  printf ("    hit tests:              %9.2f ms   (a company and a deal, at fit)\n", canvas_hits);
  printf ("    export PNG:             %9.3f s\n", t_png);
  printf ("    export SVG:             %9.3f s\n", t_svg);
  if (t_gv > 0)
    printf ("    graphviz neato -n2 PNG: %9.3f s   ratio %.1fx\n", t_gv, t_gv / t_png);
  else if (have_graphviz)
    printf ("    graphviz neato -n2 PNG: failed or gave up\n");
  fflush (stdout);

  for (guint v = 0; v < n; v++)
    g_free (labels[v]);
  g_unlink (png);
  g_unlink (svg);
  g_unlink (dot);
  g_unlink (gv_png);
}

static void
bench_embedded (void)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(DgRenderer) renderer = dg_renderer_new ();
  g_autofree float *xy = NULL;
  g_autofree guint8 *cyclic = NULL;
  g_autofree guint *component = NULL;
  g_autofree const char **labels = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  DgGraph *g;
  DgScene scene;
  double cold, warm, warm_cpu, hover;
  guint n;

  doc = dg_document_load_from_data (data, length, NULL, NULL);
  g_assert (doc != NULL);
  dg_layout_ensure_positions (doc, NULL, 1, &xy);
  g = dg_document_get_graph (doc);
  n = g->n_nodes;
  cyclic = g_new0 (guint8, g->n_edges);
  component = g_new0 (guint, n);
  dg_analysis_strong_components (g, NULL, component, cyclic);
  labels = g_new0 (const char *, n + 1);
  for (guint v = 0; v < n; v++)
    labels[v] = dg_company_get_name (dg_document_get_company (doc, v));

  dg_scene_init (&scene);
  scene.graph = g;
  scene.xy = xy;
  scene.labels = labels;
  scene.edge_cyclic = cyclic;
  scene.width = WIDTH;
  scene.height = HEIGHT;
  scene.title = dg_document_get_title (doc);
  scene.subtitle = dg_document_get_as_of (doc);
  dg_renderer_fit_view (renderer, &scene, 27);

  {
    double t0 = now ();
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    cairo_t *cr = cairo_create (s);

    dg_renderer_render (renderer, &scene, cr);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
    cold = (now () - t0) * 1000;
  }
  warm = time_frames (renderer, &scene, 41, TRUE);
  warm_cpu = last_cpu_ms;
  scene.hover_node = 0;
  hover = time_frames (renderer, &scene, 41, TRUE);

  printf ("embedded dataset (%u companies, %u deals), 1920x1080:\n", n, g->n_edges);
  printf ("    first frame (cold caches): %7.2f ms\n", cold);
  printf ("    frame, caches warm:        %7.2f ms   (CPU %.2f ms)\n", warm, warm_cpu);
  printf ("    frame, hovering OpenAI:    %7.2f ms\n", hover);
}

int
main (int    argc,
      char **argv)
{
  const GOptionEntry entries[] = {
    { "spiral", 0, 0, G_OPTION_ARG_NONE, &opt_spiral, "Golden-angle spiral instead of the force layout", NULL },
    { "no-graphviz", 0, 0, G_OPTION_ARG_NONE, &opt_no_graphviz, "Do not run Graphviz", NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "Fewer runs, no plain-Cairo comparison", NULL },
    { "size", 0, 0, G_OPTION_ARG_INT, &opt_size, "Only this many companies (skips the embedded dataset); -1: only the embedded dataset", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &opt_threads, "Rasterise on this many threads (1 or 2; default: as many cores as there are, up to 2)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *neato = g_find_program_in_path ("neato");
  const guint sizes[] = { 100, 1000, 10000, 50000 };
  double t0 = now ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (opt_threads > 0)
    {
      /* Read by every Cairo painter when it is made. */
      g_autofree char *n = g_strdup_printf ("%d", opt_threads);

      g_setenv ("DG_RENDER_THREADS", n, TRUE);
    }
  dir = g_dir_make_tmp ("bench-render-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("bench-render: %dx%d, ARGB32 image surface, median of several runs, %s\n", WIDTH, HEIGHT,
          opt_threads == 1 ? "one thread" : "up to two threads");
  if (opt_size < 0)
    bench_embedded ();
  else if (opt_size > 0)
    bench_size ((guint) opt_size, dir, neato != NULL && !opt_no_graphviz);
  else
    {
      bench_embedded ();
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        bench_size (sizes[i], dir, neato != NULL && !opt_no_graphviz);
    }
  if (neato == NULL && !opt_no_graphviz)
    printf ("Graphviz (neato) is not installed: no comparison.\n");
  printf ("total %.1f s\n", now () - t0);

  g_rmdir (dir);
  return 0;
}
