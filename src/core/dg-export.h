/* dg-export.h: the diagram as PNG, SVG or PDF; the network as GraphML, GEXF, DOT or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line's --export and the app's export dialog call these; they
 * draw with the same renderer as the canvas.
 */
#pragma once

#include "dg-atomic-file.h"
#include "dg-document.h"
#include "dg-filter.h"
#include "dg-render.h"

G_BEGIN_DECLS

typedef enum
{
  DG_EXPORT_FORMAT_AUTO,     /* from the file name's extension */
  DG_EXPORT_FORMAT_PNG,
  DG_EXPORT_FORMAT_SVG,
  DG_EXPORT_FORMAT_PDF,
  /* The network for other tools (dg-interchange.h) */
  DG_EXPORT_FORMAT_GRAPHML,
  DG_EXPORT_FORMAT_GEXF,
  DG_EXPORT_FORMAT_DOT,
  DG_EXPORT_FORMAT_CSV,     /* OUT.csv (deals) and OUT-companies.csv */
} DgExportFormat;

/**
 * DgExportOptions:
 * @format: the format, or %DG_EXPORT_FORMAT_AUTO to follow the extension
 * @width: width in device units (PNG pixels at scale 1, SVG px, PDF points)
 * @height: height likewise
 * @scale: PNG pixels per device unit (HiDPI exports); ignored by SVG and PDF
 * @theme: the palette
 * @no_legend: leave the legend out
 * @no_title: leave the title line out
 * @transparent: no background (PNG and SVG)
 * @has_view: use @view_x, @view_y and @zoom instead of fitting the diagram
 * @view_x: as in #DgScene
 * @view_y: as in #DgScene
 * @zoom: as in #DgScene
 * @layout: (nullable): a layout to run ("force", "circular", "flow"); %NULL
 *   uses the saved positions when complete
 * @seed: the force layout's seed
 * @lit_nodes: (nullable): as in #DgScene, e.g. to export a selected cycle
 * @lit_edges: (nullable): as in #DgScene
 * @edge_undated: (nullable): as in #DgScene: deals shown with no date while
 *   a date limit is set, ringed
 *
 * Initialise with dg_export_options_init().
 */
typedef struct
{
  DgExportFormat format;
  int width;
  int height;
  double scale;
  DgThemeKind theme;
  gboolean no_legend;
  gboolean no_title;
  gboolean transparent;
  gboolean has_view;
  double view_x;
  double view_y;
  double zoom;
  const char *layout;
  guint64 seed;
  const guint8 *lit_nodes;
  const guint8 *lit_edges;
  const guint8 *edge_undated;
  const DgFilter *filter;
  const float *xy;
} DgExportOptions;

/**
 * DgExportView:
 * @graph: the snapshot to draw: the deals' amounts and statuses at the
 *   filter's date when they have histories, else the document's own
 * @edge_visible: (nullable): the deals the filter shows; %NULL for all
 * @node_visible: (nullable): the companies it shows
 * @edge_cyclic: deals on a cycle of the deals shown (a cancelled one is on
 *   none)
 * @edge_undated: (nullable): deals shown without a date under a date
 *   limit, to ring; %NULL when there are none
 * @as_of: (nullable): the date shown ("2025-06") when it is before the
 *   document's own, for the subtitle
 *
 * What a filter shows of a document, as a #DgScene takes it, on the
 * document's own indices (so a lit cycle or a selection stays valid): the
 * one place the exports, the tour's pages and the command line get the
 * scene's inputs from.
 */
typedef struct
{
  DgGraph *graph;
  guint8 *edge_visible;
  guint8 *node_visible;
  guint8 *edge_cyclic;
  guint8 *edge_undated;
  char *as_of;
} DgExportView;

void            dg_export_view_init          (DgExportView     *view,
                                              DgDocument       *doc,
                                              const DgFilter   *filter);
void            dg_export_view_clear         (DgExportView     *view);
void            dg_export_view_apply         (const DgExportView *view,
                                              DgScene          *scene);

void            dg_export_options_init       (DgExportOptions  *opts);
gboolean        dg_export_format_from_string (const char       *str,
                                              DgExportFormat   *format);
DgExportFormat  dg_export_format_for_path    (const char       *path);

gboolean        dg_export                    (DgDocument       *doc,
                                              const DgExportOptions *opts,
                                              const char       *path,
                                              GError          **error);

gboolean        dg_export_pdf_set_dates      (cairo_surface_t  *surface,
                                              GError          **error);

/* The lower half, for callers with a scene of their own (benchmarks, the
 * canvas's "export what I see"). */
gboolean        dg_export_scene              (DgRenderer       *renderer,
                                              const DgScene    *scene,
                                              DgExportFormat    format,
                                              const char       *path,
                                              GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgExportView, dg_export_view_clear)

G_END_DECLS
