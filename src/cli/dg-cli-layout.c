/* dg-cli-layout.c: dealgraph --save-layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Computes a layout headless and writes the document with its positions,
 * a way to prepare a large file once so it opens at once.
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-cli-private.h"
#include "dg-layout.h"

/* A layout that runs longer than this is saved as far as it got. */
#define MAX_SECONDS 600.0

int
dg_cli_save_layout (DgCliOptions *opts,
                    DgDocument   *doc)
{
  g_autoptr(DgLayout) layout = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *xy = NULL;
  g_autofree float *labels = NULL;
  g_autofree guint8 *pinned = NULL;
  const DgPosition *saved;
  DgLayoutAlgorithm algorithm = DG_LAYOUT_FORCE;
  guint n = dg_document_get_n_companies (doc);
  gboolean converged;
  guint64 seed = 1;
  gint64 start;
  double ms;

  g_return_val_if_fail (opts != NULL && opts->save_layout != NULL, DG_EXIT_USAGE);

  if (opts->layout != NULL && !dg_layout_algorithm_from_string (opts->layout, &algorithm))
    {
      /* Translators: the first %s is the program, the second what was given */
      g_printerr (_("%s: unknown layout “%s”; use force, circular or flow\n"),
                  g_get_prgname (), opts->layout);
      return DG_EXIT_USAGE;
    }

  /* Saved positions are ignored, except pinned ones, which stay put. */
  saved = dg_document_get_positions (doc);
  xy = g_new0 (float, 2 * (gsize) n + 2);
  pinned = g_new0 (guint8, n + 1);
  labels = g_new0 (float, n + 1);
  for (guint v = 0; v < n; v++)
    {
      pinned[v] = saved[v].set && saved[v].pinned;
      xy[2 * v] = (float) saved[v].x;
      xy[2 * v + 1] = (float) saved[v].y;
      labels[v] = dg_layout_estimate_label_width (dg_company_get_name (dg_document_get_company (doc, v)));
    }

  /* Without --seed, the seed the file was laid out with: the same layout
   * again. Either way the file says which seed made its positions. */
  if (opts->seed_given || !dg_document_get_layout_seed (doc, &seed))
    seed = (guint64) opts->seed;

  layout = dg_layout_new (dg_document_get_graph (doc), algorithm, seed);
  dg_layout_set_node_sizes (layout, NULL, labels);
  dg_layout_set_initial (layout, xy, pinned, pinned);

  start = g_get_monotonic_time ();
  converged = dg_layout_run (layout, MAX_SECONDS);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  dg_layout_apply_to_document (layout, doc);
  dg_document_set_layout_seed (doc, seed);
  file = g_file_new_for_commandline_arg (opts->save_layout);
  if (!dg_document_save_to_file (doc, file, &error))
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), opts->save_layout, error->message);
      return DG_EXIT_FAILED;
    }

  {
    guint iterations = dg_layout_get_iterations (layout);
    /* Translators: "212 iterations", part of the summary line below */
    g_autofree char *its = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u iteration", "%u iterations", iterations),
                                            iterations);

    if (converged)
      /* Translators: "force layout: 36 companies, 212 iterations, 3.1 ms, converged; saved to out.json" */
      g_print (_("%s layout: %u companies, %s, %.1f ms, converged; saved to %s\n"),
               dg_layout_algorithm_to_string (algorithm), n, its, ms, opts->save_layout);
    else
      g_print (_("%s layout: %u companies, %s, %.1f ms, stopped before converging; saved to %s\n"),
               dg_layout_algorithm_to_string (algorithm), n, its, ms, opts->save_layout);
  }

  return DG_EXIT_OK;
}
