/* dg-cli-export.c: dealgraph --export OUT.png|OUT.svg|OUT.pdf, or the network
 * as OUT.graphml|OUT.gexf|OUT.dot|OUT.csv
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-cli-private.h"
#include "dg-export.h"
#include "dg-filter.h"
#include "dg-layout.h"

int
dg_cli_export (DgCliOptions *opts,
               DgDocument   *doc)
{
  g_autoptr(GError) error = NULL;
  DgFilter filter;
  DgExportOptions export;
  DgLayoutAlgorithm algorithm;

  g_return_val_if_fail (opts != NULL && opts->export_path != NULL, DG_EXIT_USAGE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), DG_EXIT_USAGE);

  dg_export_options_init (&export);

  /* --format is shared with the reports; for an export it means the file
   * format. */
  if (opts->format != NULL && !dg_export_format_from_string (opts->format, &export.format))
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("unknown export format; use png, svg, pdf, graphml, gexf, dot or csv"));
      return DG_EXIT_USAGE;
    }
  if (export.format == DG_EXPORT_FORMAT_AUTO
      && dg_export_format_for_path (opts->export_path) == DG_EXPORT_FORMAT_AUTO)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("cannot tell the export format from the file name; name it .png, .svg, .pdf, .graphml, .gexf, .dot or .csv, or give --format"));
      return DG_EXIT_USAGE;
    }
  if (opts->theme != NULL && !dg_theme_kind_from_string (opts->theme, &export.theme))
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("unknown theme; use light, dark, projector, high-contrast or high-contrast-dark"));
      return DG_EXIT_USAGE;
    }
  if (opts->layout != NULL && !dg_layout_algorithm_from_string (opts->layout, &algorithm))
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("unknown layout; use force, circular or flow"));
      return DG_EXIT_USAGE;
    }

  export.width = opts->width;
  export.height = opts->height;
  export.scale = opts->scale;
  export.no_legend = opts->no_legend;
  export.transparent = opts->transparent;
  export.layout = opts->layout;
  export.seed = (guint64) opts->seed;

  dg_filter_init (&filter);
  dg_filter_load_from_document (&filter, doc);
  if (opts->as_of != 0)
    filter.as_of = opts->as_of;

  /* The file's saved filter is part of its view, so the export shows what
   * the window shows; --as-of overrides its date. */
  export.filter = &filter;

  if (!dg_export (doc, &export, opts->export_path, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return g_error_matches (error, DG_ERROR, DG_ERROR_USAGE) ? DG_EXIT_USAGE : DG_EXIT_FAILED;
    }

  return DG_EXIT_OK;
}
