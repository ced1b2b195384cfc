/* dg-analysis-async.c: the analysis in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dg_analysis_new() touches no GObject and no global state, so it runs as
 * it is in a worker thread; the worker gets its own copy of the deal mask
 * and a reference to the (immutable) snapshot, so whoever asked may change
 * or free theirs at once. Cancelling ends the expensive phases early (the
 * budget sees it) and the result is then never delivered.
 */
#define G_LOG_DOMAIN "dealgraph-analysis"

#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "dg-analysis.h"

typedef struct
{
  DgGraph *graph;
  DgAnalysisOptions options;
  guint8 *mask;
} Work;

static void
work_free (Work *work)
{
  g_clear_pointer (&work->graph, dg_graph_unref);
  g_free (work->mask);
  g_free (work);
}

static void
analysis_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Work *work = task_data;
  DgAnalysis *analysis;

  work->options.edge_mask = work->mask;
  work->options.cancellable = cancellable;
  analysis = dg_analysis_new (work->graph, &work->options);
  /* A cancelled run stopped early: its figures are cut short, not wrong,
   * but nobody wants them; g_task_return_pointer() reports the
   * cancellation instead (check-cancellable is on). */
  g_task_return_pointer (task, analysis, (GDestroyNotify) dg_analysis_unref);
}

/* The analysis runs in a thread of its own, a little below the process's
 * priority (as the canvas's frame worker is): it is background work, and
 * on a machine with few cores it started at the same moment as the first
 * frame of the document it analyses, and took the core the frame needed.
 * Not in GTask's pool: a thread's niceness cannot be lowered again without
 * privilege, and a pooled thread would carry it into whatever job it runs
 * next (a file load). One thread per run costs microseconds; a run takes
 * from milliseconds to seconds. */
static gpointer
analysis_thread_main (gpointer data)
{
  GTask *task = data;

#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), getpriority (PRIO_PROCESS, 0) + 5);
#endif
  analysis_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                   g_task_get_cancellable (task));
  g_object_unref (task);
  return NULL;
}

/**
 * dg_analysis_new_async:
 * @graph: the snapshot to analyse (referenced until the worker is done)
 * @options: (nullable): as for dg_analysis_new(); the edge mask is copied
 *   now, the cancellable in @options is ignored (pass @cancellable)
 * @source_object: (nullable): the #GTask's source object
 * @cancellable: (nullable): cancels the run: the callback then gets
 *   %G_IO_ERROR_CANCELLED from dg_analysis_new_finish()
 * @callback: called in the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Runs dg_analysis_new() in a worker thread.
 */
void
dg_analysis_new_async (DgGraph                 *graph,
                       const DgAnalysisOptions *options,
                       gpointer                 source_object,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Work *work;

  g_return_if_fail (graph != NULL);

  work = g_new0 (Work, 1);
  work->graph = dg_graph_ref (graph);
  if (options != NULL)
    work->options = *options;
  else
    dg_analysis_options_init (&work->options);
  if (work->options.edge_mask != NULL)
    work->mask = g_memdup2 (work->options.edge_mask, MAX (graph->n_edges, 1));
  work->options.edge_mask = NULL;
  work->options.cancellable = NULL;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, dg_analysis_new_async);
  g_task_set_name (task, "[dealgraph] analysis");
  /* The result is delivered after a pending redraw: in a window, what
   * lands (the lists of cycles and round trips) takes the main loop for a
   * while, and should not hold up a frame that is ready to show, such as
   * the first picture of the document being analysed. */
  g_task_set_priority (task, G_PRIORITY_DEFAULT_IDLE);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_thread_unref (g_thread_new ("dg-analysis", analysis_thread_main, g_object_ref (task)));
}

/**
 * dg_analysis_new_finish:
 * @result: what the callback got
 * @error: %G_IO_ERROR_CANCELLED when the run was cancelled
 *
 * Returns: (transfer full) (nullable): the analysis, or %NULL when cancelled
 */
DgAnalysis *
dg_analysis_new_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dg_analysis_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
