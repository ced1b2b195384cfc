/* bench-window-edit.c: an edit in the window, from the key to the canvas
 * and the lists updated, on a big generated network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench-window-edit [--companies N] [--runs R]
 *
 * The network is the one bench-edit makes (dg_graph_generate_scale_free
 * (N, 5, 0.1, 1): 10,000 companies, about 55,000 deals). Each kind of edit
 * is made through the window's history, then undone and redone with the
 * window's own actions (win.undo, win.redo), which take the path of every
 * edit in the window: the new snapshot, the canvas, the filter, the
 * analysis, the lists, the panel and the title. Medians of R, in ms:
 *   updated   the action returned: canvas and lists hold the new state
 *   cpu       the main thread's CPU time for it (what a loaded machine
 *             does not inflate as much as the wall clock)
 *   wait      from the action's return to the start of the next frame
 *             (the frame clock's tick, and whatever idles run first)
 *   frame     that frame, from its start to its end (update, layout,
 *             paint: the lists' rows, the canvas's snapshot, rendering)
 *   paint     the frame after its layout phase (the snapshot, rendering
 *             and the frame's end)
 *   painted   the window's next frame after it has been drawn (a large
 *             network's last picture, until its worker draws the new one)
 *   cpu to painted  the main thread's CPU time from the key to that frame
 *             drawn (the action and the frame, without the wait for the
 *             frame clock's tick, which depends on where in its cycle the
 *             key came)
 *   drawn     the canvas shows the new state, sharp
 *   cycles    the worker's cycles and round trips arrived (large networks)
 * and the longest time the main loop did not return meanwhile.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <time.h>

#include "dg-application.h"
#include "dg-history.h"
#include "dg-window.h"
#include "dg-window-private.h"

typedef struct
{
  gint64 last_tick;
  gint64 longest;
  guint paints;
  gint64 before_paint;          /* when the last frame began */
  gint64 laid_out;              /* when its layout phase ended */
} Watch;

static gboolean
stall_tick (gpointer data)
{
  Watch *w = data;
  gint64 now = g_get_monotonic_time ();

  if (w->last_tick > 0)
    w->longest = MAX (w->longest, now - w->last_tick);
  w->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Watch         *w)
{
  w->paints++;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Watch         *w)
{
  w->before_paint = g_get_monotonic_time ();
}

/* Connected after the window's own handler: the end of the layout phase,
 * the start of painting. */
static void
layout_cb (GdkFrameClock *clock,
           Watch         *w)
{
  w->laid_out = g_get_monotonic_time ();
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *a)
{
  g_array_sort (a, cmp_double);
  return a->len > 0 ? g_array_index (a, double, a->len / 2) : NAN;
}

typedef enum { EDIT_AMOUNT, EDIT_NAME, EDIT_ADD_DEAL, EDIT_DELETE_COMPANY, N_EDITS } EditKind;

static const char *edit_names[N_EDITS] = {
  "deal amount", "company name", "add a deal", "delete a company",
};

static void
one_edit (DgHistory *h,
          EditKind   kind,
          GRand     *rand)
{
  DgDocument *doc = dg_history_get_document (h);
  guint n = dg_document_get_n_companies (doc), m = dg_document_get_n_deals (doc);
  DgCompany *a = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));
  DgCompany *b = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));
  g_autofree char *text = g_strdup_printf ("%u", g_rand_int_range (rand, 1, 1000000) * 1000);
  g_autoptr(GError) error = NULL;

  switch (kind)
    {
    case EDIT_AMOUNT:
      dg_history_set_deal_amount (h, dg_document_get_deal (doc, (guint) g_rand_int_range (rand, 0, (gint32) m)),
                                  text, NULL, NULL, &error);
      break;
    case EDIT_NAME:
      dg_history_set_company_field (h, a, "name", text, &error);
      break;
    case EDIT_ADD_DEAL:
      if (a == b)
        b = dg_document_get_company (doc, (dg_company_get_index (a) + 1) % n);
      dg_history_add_deal (h, a, b, "investment", text, &error);
      break;
    case EDIT_DELETE_COMPANY:
      dg_history_delete_company (h, a);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
}

static void
iterate_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int    argc,
      char **argv)
{
  guint companies = 10000, runs = 7;
  GOptionEntry entries[] = {
    { "companies", 0, 0, G_OPTION_ARG_INT, &companies, "Companies in the generated network", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Edits of each kind", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  DgWindow *window;
  Watch watch = { 0 };
  GdkFrameClock *clock;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-window-edit: no display (run it under xvfb-run)\n");
      return 2;
    }

  app = dg_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = dg_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 800);
  doc = dg_document_new_scale_free (companies, 1);
  dg_window_set_document (window, doc);
  gtk_window_present (GTK_WINDOW (window));
  while (_dg_window_analysis_pending (window) || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  iterate_until_idle ();
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &watch);
  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &watch);

  g_print ("%u companies, %u deals; medians of %u undos and redos each, ms\n",
           dg_document_get_n_companies (doc), dg_document_get_n_deals (doc), runs);
  g_print ("%-18s %9s %9s %9s %9s %9s %9s %9s %9s %9s %14s\n", "edit", "updated", "cpu", "wait", "frame", "paint",
           "painted", "cpu-paint", "drawn", "cycles", "longest stall");

  for (guint k = 0; k < N_EDITS; k++)
    {
      g_autoptr(GArray) t_updated = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_painted = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_drawn = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_cycles = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_stall = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_wait = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_frame = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_paint = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_cpu_painted = g_array_new (FALSE, FALSE, sizeof (double));

      one_edit (window->edits, (EditKind) k, rand);
      for (guint r = 0; r < 2 * runs; r++)
        {
          const char *action = r % 2 == 0 ? "win.undo" : "win.redo";
          gint64 t0, t1, t2;
          double c0;
          guint paints;
          guint tick;

          iterate_until_idle ();
          watch.last_tick = 0;
          watch.longest = 0;
          tick = g_timeout_add (1, stall_tick, &watch);
          paints = watch.paints;
          c0 = thread_cpu_ms ();
          t0 = g_get_monotonic_time ();
          gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);
          t1 = g_get_monotonic_time ();
          g_array_append_val (t_cpu, (double) { thread_cpu_ms () - c0 });
          while (watch.paints == paints)
            g_main_context_iteration (NULL, TRUE);
          t2 = g_get_monotonic_time ();
          g_array_append_val (t_cpu_painted, (double) { thread_cpu_ms () - c0 });
          g_array_append_val (t_wait, (double) { (watch.before_paint - t1) / 1000.0 });
          g_array_append_val (t_frame, (double) { (t2 - watch.before_paint) / 1000.0 });
          g_array_append_val (t_paint, (double) { (t2 - watch.laid_out) / 1000.0 });
          while (!dg_canvas_is_frame_exact (window->canvas))
            g_main_context_iteration (NULL, TRUE);
          g_array_append_val (t_drawn, (double) { (g_get_monotonic_time () - t0) / 1000.0 });
          while (_dg_window_analysis_pending (window))
            g_main_context_iteration (NULL, TRUE);
          g_array_append_val (t_cycles, (double) { (g_get_monotonic_time () - t0) / 1000.0 });
          g_source_remove (tick);
          g_array_append_val (t_updated, (double) { (t1 - t0) / 1000.0 });
          g_array_append_val (t_painted, (double) { (t2 - t0) / 1000.0 });
          /* The action's own time is the first stall; the rest follow it. */
          g_array_append_val (t_stall, (double) { MAX (watch.longest, t1 - t0) / 1000.0 });
        }
      g_print ("%-18s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %14.1f\n", edit_names[k],
               median (t_updated), median (t_cpu), median (t_wait), median (t_frame), median (t_paint),
               median (t_painted), median (t_cpu_painted), median (t_drawn), median (t_cycles), median (t_stall));
    }
  dg_document_set_modified (doc, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();
  return 0;
}
