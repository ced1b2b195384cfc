/* bench-window-open.c: how long the window takes from choosing a file to
 * showing its network, and where the time goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench-window-open FILE [RUNS]
 *
 * Each run opens FILE in a fresh window the way File > Open does
 * (dg_window_open_file_async) and times, on the main loop's clock:
 *   loaded   the worker has read the file and the window has taken the
 *            document (lists, analysis, canvas set up);
 *   drawn    the canvas shows the whole network sharp
 *            (dg_canvas_is_frame_exact(), the frame_exact the end-to-end
 *            tests read in its debug state);
 *   lists    the sidebar's lists, which wait for the canvas's first frame
 *            (dg_sidebar_hold_lists()), are made and painted.
 * It also reports the longest time the main loop went without returning
 * (what a user feels as the window freezing) until the lists are shown,
 * and the CPU time the main thread spent until drawn (which a loaded
 * machine inflates less than the wall clock) and until the lists. Prints
 * the median of RUNS (default 3).
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>
#include <time.h>

#include "dg-application.h"
#include "dg-canvas.h"
#include "dg-sidebar.h"
#include "dg-window.h"
#include "dg-window-private.h"

typedef struct
{
  gint64 last_tick;
  gint64 longest;
} Stall;

/* Runs every millisecond on the main loop: the gap between two runs is
 * how long the loop was busy elsewhere. */
static gboolean
stall_tick (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last_tick > 0)
    stall->longest = MAX (stall->longest, now - stall->last_tick);
  stall->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  int runs = argc > 2 ? atoi (argv[2]) : 3;
  g_autofree double *loaded = NULL, *drawn = NULL, *stalls = NULL, *cpu = NULL;
  g_autofree double *lists = NULL, *lists_cpu = NULL;

  setlocale (LC_ALL, "");
  if (argc < 2 || runs < 1)
    {
      g_printerr ("Usage: bench-window-open FILE [RUNS]\n");
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-window-open: no display (run it under xvfb-run)\n");
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  loaded = g_new0 (double, runs);
  drawn = g_new0 (double, runs);
  stalls = g_new0 (double, runs);
  cpu = g_new0 (double, runs);
  lists = g_new0 (double, runs);
  lists_cpu = g_new0 (double, runs);

  app = dg_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  for (int r = 0; r < runs; r++)
    {
      DgWindow *window = dg_window_new (app);
      Stall stall = { 0 };
      gboolean painted = FALSE;
      gulong paint_handler;
      guint tick;
      gint64 start;
      double cpu_start;

      gtk_window_set_default_size (GTK_WINDOW (window), 1300, 800);
      dg_window_load_default (window);
      gtk_window_present (GTK_WINDOW (window));
      /* Until the default network is on screen, as when a user opens a file. */
      while (!dg_canvas_is_frame_exact (window->canvas))
        g_main_context_iteration (NULL, TRUE);

      tick = g_timeout_add (1, stall_tick, &stall);
      start = g_get_monotonic_time ();
      cpu_start = thread_cpu_s ();
      dg_window_open_file_async (window, file);
      /* Both are fields, cheap to look at after every iteration (the
       * debug state, dg_canvas_describe(), walks every company and deal:
       * polling it timed the polling). */
      while (window->loading)
        g_main_context_iteration (NULL, TRUE);
      loaded[r] = (g_get_monotonic_time () - start) / 1e6;
      /* On the monotonic clock, to line up with `perf record -k CLOCK_MONOTONIC`. */
      g_debug ("run %d: chosen at %.6f s, loaded at %.6f s", r + 1, start / 1e6, g_get_monotonic_time () / 1e6);
      while (!dg_canvas_is_frame_exact (window->canvas))
        g_main_context_iteration (NULL, TRUE);
      drawn[r] = (g_get_monotonic_time () - start) / 1e6;
      g_debug ("run %d: drawn at %.6f s", r + 1, g_get_monotonic_time () / 1e6);
      cpu[r] = thread_cpu_s () - cpu_start;
      /* The lists, then the frame that shows them. */
      while (dg_sidebar_is_holding_lists (DG_SIDEBAR (window->sidebar)))
        g_main_context_iteration (NULL, TRUE);
      paint_handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                        G_CALLBACK (painted_cb), &painted);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_handler);
      lists[r] = (g_get_monotonic_time () - start) / 1e6;
      lists_cpu[r] = thread_cpu_s () - cpu_start;
      g_source_remove (tick);
      stalls[r] = stall.longest / 1e6;
      g_print ("run %d: loaded %.2f s, drawn %.2f s, longest main-loop stall %.2f s, main thread CPU %.2f s; "
               "lists shown %.2f s, main thread CPU %.2f s\n",
               r + 1, loaded[r], drawn[r], stalls[r], cpu[r], lists[r], lists_cpu[r]);
      dg_document_set_modified (dg_window_get_document (window), FALSE);
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  qsort (loaded, runs, sizeof (double), compare_double);
  qsort (drawn, runs, sizeof (double), compare_double);
  qsort (stalls, runs, sizeof (double), compare_double);
  qsort (cpu, runs, sizeof (double), compare_double);
  qsort (lists, runs, sizeof (double), compare_double);
  qsort (lists_cpu, runs, sizeof (double), compare_double);
  g_print ("median of %d: loaded %.2f s, drawn %.2f s, longest stall %.2f s, main thread CPU %.2f s; "
           "lists shown %.2f s, main thread CPU %.2f s\n",
           runs, loaded[runs / 2], drawn[runs / 2], stalls[runs / 2], cpu[runs / 2],
           lists[runs / 2], lists_cpu[runs / 2]);
  return 0;
}
