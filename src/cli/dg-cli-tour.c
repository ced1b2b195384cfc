/* dg-cli-tour.c: dealgraph --export-tour OUT.pdf | DIR/ | NAME.png
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dg-cli-private.h"
#include "dg-deal-state.h"
#include "dg-layout.h"
#include "dg-tour.h"

typedef enum
{
  OUT_PDF,
  OUT_PNGS,
  OUT_UNKNOWN,
} OutKind;

static OutKind
out_kind (const char *path)
{
  if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF"))
    return OUT_PDF;
  if (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG")
      || g_str_has_suffix (path, G_DIR_SEPARATOR_S) || g_file_test (path, G_FILE_TEST_IS_DIR))
    return OUT_PNGS;
  return OUT_UNKNOWN;
}

int
dg_cli_export_tour (DgCliOptions *opts,
                    DgDocument   *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgAnalysis) analysis = NULL;
  g_autoptr(DgTour) tour = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree guint8 *edge_mask = NULL;
  g_autofree float *xy = NULL;
  DgTourExportOptions export;
  DgAnalysisOptions options;
  DgLayoutAlgorithm algorithm;
  DgFilter filter;
  DgGraph *graph;
  OutKind kind;
  guint max_cycles;
  guint n_written = 0;
  gboolean ok;

  g_return_val_if_fail (opts != NULL && opts->export_tour != NULL, DG_EXIT_USAGE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), DG_EXIT_USAGE);

  dg_tour_export_options_init (&export);

  kind = out_kind (opts->export_tour);
  if (kind == OUT_UNKNOWN)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("name the tour OUT.pdf for a PDF, or a folder (ending in /) or NAME.png for numbered PNGs"));
      return DG_EXIT_USAGE;
    }
  if (opts->theme != NULL && !dg_theme_kind_from_string (opts->theme, &export.theme))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("unknown theme; use light, dark, projector, high-contrast or high-contrast-dark"));
      return DG_EXIT_USAGE;
    }
  if (opts->layout != NULL && !dg_layout_algorithm_from_string (opts->layout, &algorithm))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("unknown layout; use force, circular or flow"));
      return DG_EXIT_USAGE;
    }

  /* The filter saved with the document, then the command line's date. */
  dg_filter_load_from_document (&filter, doc);
  if (opts->as_of != 0)
    filter.as_of = opts->as_of;

  graph = dg_document_get_graph (doc);
  edge_mask = dg_filter_make_edge_mask (&filter, graph);
  dg_filter_apply_states (&filter, doc, edge_mask, NULL);
  /* At the latest state too, cancelled deals are on no cycle. */
  {
    guint8 *network = dg_document_make_network_mask (doc, filter.as_of, edge_mask);

    if (network != NULL)
      {
        g_free (edge_mask);
        edge_mask = network;
      }
  }

  /* Find all the cycles, so the largest are the ones shown; --max-cycles
   * then says how many slides, the report's default of 10000 being far
   * too many for a talk. */
  dg_analysis_options_init (&options);
  options.max_length = (guint) opts->max_length;
  options.time_budget = opts->time_budget;
  options.edge_mask = edge_mask;
  analysis = dg_analysis_new (graph, &options);
  max_cycles = opts->max_cycles_given ? (guint) opts->max_cycles : DG_TOUR_DEFAULT_MAX_CYCLES;

  /* A tour the presenter saved in the file wins over a new one, unless
   * the command line asks for another: more or fewer cycles, or another
   * month (whose cycles are not those the saved tour was made for). */
  if (opts->since_from != 0)
    /* --since: the tour of changes, each slide at its own date. */
    tour = dg_tour_new_changes (doc, opts->since_from, opts->as_of,
                                opts->max_cycles_given ? (guint) opts->max_cycles : DG_TOUR_DEFAULT_MAX_CYCLE_CHANGES,
                                DG_TOUR_DEFAULT_MAX_DEAL_CHANGES);
  else if (!opts->max_cycles_given && opts->as_of == 0)
    {
      tour = dg_tour_load_from_document (doc, analysis, &filter, &warnings);
      for (guint i = 0; warnings != NULL && i < warnings->len; i++)
        g_printerr ("%s: %s: %s\n", opts->display_name, _("warning"),
                    (const char *) g_ptr_array_index (warnings, i));
    }
  if (tour == NULL || dg_tour_get_n_visible (tour) == 0)
    {
      g_clear_object (&tour);
      tour = dg_tour_new_from_document (doc, analysis, &filter, max_cycles);
    }

  if (!dg_layout_ensure_positions (doc, opts->layout, (guint64) opts->seed, &xy))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("unknown layout; use force, circular or flow"));
      return DG_EXIT_USAGE;
    }

  export.width = opts->width;
  export.height = opts->height;
  export.scale = opts->scale;
  export.filter = &filter;
  export.xy = xy;

  if (kind == OUT_PDF)
    {
      ok = dg_tour_export_pdf (tour, doc, &export, opts->export_tour, &error);
      n_written = ok ? dg_tour_get_n_visible (tour) : 0;
    }
  else
    ok = dg_tour_export_pngs (tour, doc, &export, opts->export_tour, &n_written, &error);

  if (!ok)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return g_error_matches (error, DG_ERROR, DG_ERROR_USAGE) ? DG_EXIT_USAGE : DG_EXIT_FAILED;
    }

  /* Translators: after --export-tour, e.g. "talk.pdf: 13 slides" */
  g_print (ngettext ("%s: %u slide\n", "%s: %u slides\n", n_written), opts->export_tour, n_written);
  return DG_EXIT_OK;
}
