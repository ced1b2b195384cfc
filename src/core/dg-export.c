/* dg-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are written atomically by dg-atomic-file.c (PNG and PDF streamed
 * into it by Cairo), so a failed or killed export never leaves half a file
 * where a good one was, nor a temporary file.
 */
#define G_LOG_DOMAIN "dealgraph-export"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "dg-analysis.h"
#include "dg-atomic-file.h"
#include "dg-deal-state.h"
#include "dg-export.h"
#include "dg-interchange.h"
#include "dg-layout.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define MAX_PIXELS 32767

/**
 * dg_export_options_init:
 * @opts: (out caller-allocates): options to fill
 *
 * The defaults: format from the extension, 1920x1080 at scale 1, light
 * theme with legend and title, the whole diagram fitted, saved positions
 * (or the force layout with seed 1).
 */
void
dg_export_options_init (DgExportOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->format = DG_EXPORT_FORMAT_AUTO;
  opts->width = 1920;
  opts->height = 1080;
  opts->scale = 1.0;
  opts->theme = DG_THEME_LIGHT;
  opts->zoom = 1.0;
  opts->seed = 1;
}

/**
 * dg_export_format_from_string:
 * @str: (nullable): "png", "svg", "pdf", "graphml", "gexf", "dot" (or "gv")
 *   or "csv", any case
 * @format: (out): the format
 *
 * Returns: %TRUE when @str names an export format
 */
gboolean
dg_export_format_from_string (const char     *str,
                              DgExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (str, "png") == 0)
    *format = DG_EXPORT_FORMAT_PNG;
  else if (g_ascii_strcasecmp (str, "svg") == 0)
    *format = DG_EXPORT_FORMAT_SVG;
  else if (g_ascii_strcasecmp (str, "pdf") == 0)
    *format = DG_EXPORT_FORMAT_PDF;
  else if (g_ascii_strcasecmp (str, "graphml") == 0)
    *format = DG_EXPORT_FORMAT_GRAPHML;
  else if (g_ascii_strcasecmp (str, "gexf") == 0)
    *format = DG_EXPORT_FORMAT_GEXF;
  else if (g_ascii_strcasecmp (str, "dot") == 0 || g_ascii_strcasecmp (str, "gv") == 0)
    *format = DG_EXPORT_FORMAT_DOT;
  else if (g_ascii_strcasecmp (str, "csv") == 0)
    *format = DG_EXPORT_FORMAT_CSV;
  else
    return FALSE;
  return TRUE;
}

/**
 * dg_export_format_for_path:
 * @path: a file name
 *
 * Returns: the format its extension names, or %DG_EXPORT_FORMAT_AUTO when
 *   it names none
 */
DgExportFormat
dg_export_format_for_path (const char *path)
{
  const char *dot;
  DgExportFormat format;

  g_return_val_if_fail (path != NULL, DG_EXPORT_FORMAT_AUTO);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL
      || !dg_export_format_from_string (dot + 1, &format))
    return DG_EXPORT_FORMAT_AUTO;
  return format;
}

/* Ends an export written through @af: "could not draw" when Cairo failed
 * on its own, else the writer's verdict. */
static gboolean
finish_file (DgAtomicFile    *af,
             cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status != CAIRO_STATUS_SUCCESS && status != CAIRO_STATUS_WRITE_ERROR)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("Could not draw “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;
    }
  return dg_atomic_file_commit (af, error);
}

/* Dates -------------------------------------------------------------------- */

/**
 * dg_export_pdf_set_dates:
 * @surface: a PDF surface, before anything is drawn on it
 * @error: return location for a #DG_ERROR
 *
 * Same input, same options, same bytes: Cairo would stamp every PDF with
 * the time it was made, so two exports a second apart differ. A PDF gets
 * the creation and modification date of `SOURCE_DATE_EPOCH` when it is set
 * (https://reproducible-builds.org/specs/source-date-epoch/), and no date
 * at all otherwise.
 *
 * Returns: %FALSE, with nothing set, when `SOURCE_DATE_EPOCH` is not a
 *   whole number of seconds since 1970
 */
gboolean
dg_export_pdf_set_dates (cairo_surface_t  *surface,
                         GError          **error)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *iso = NULL;
  guint64 seconds = 0;

  g_return_val_if_fail (surface != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (epoch == NULL)
    {
      /* An empty date is no date: Cairo leaves CreationDate out. */
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, "");
      return TRUE;
    }

  /* The spec: a decimal integer, and a malformed one is an error, not a
   * reason to fall back on the clock. The year stays within 9999, which
   * PDF dates and GDateTime both hold. */
  if (!g_ascii_string_to_unsigned (epoch, 10, 0, G_GUINT64_CONSTANT (253402300799), &seconds, NULL)
      || (when = g_date_time_new_from_unix_utc ((gint64) seconds)) == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE,
                   /* Translators: SOURCE_DATE_EPOCH is the name of an environment variable; keep it */
                   _("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, "
                     "up to the year 9999; it is “%s”"), epoch);
      return FALSE;
    }

  /* Cairo takes ISO 8601: 2025-12-31T00:00:00Z. */
  iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, iso);
  return TRUE;
}

/* What a filter shows ---------------------------------------------------------- */

/**
 * dg_export_view_init:
 * @view: (out caller-allocates): the view to fill; dg_export_view_clear()
 *   frees it
 * @doc: the document
 * @filter: (nullable): what to show; %NULL for everything
 *
 * Works out what @filter shows of @doc (see #DgExportView).
 */
void
dg_export_view_init (DgExportView   *view,
                     DgDocument     *doc,
                     const DgFilter *filter)
{
  g_autofree guint *component = NULL;
  g_autofree guint8 *network = NULL;
  DgGraph *graph;
  gint32 as_of = filter != NULL ? filter->as_of : 0;
  guint n, m;

  g_return_if_fail (view != NULL);
  g_return_if_fail (DG_IS_DOCUMENT (doc));

  memset (view, 0, sizeof *view);
  graph = dg_document_get_graph (doc);
  n = graph->n_nodes;
  m = graph->n_edges;

  /* Amounts and statuses at the date, as the window draws them. */
  view->graph = as_of != 0 ? dg_graph_copy_as_of (doc, as_of) : NULL;
  if (view->graph == NULL)
    view->graph = dg_graph_ref (graph);

  if (filter != NULL && !dg_filter_is_default (filter))
    {
      view->edge_visible = g_new (guint8, MAX (m, 1));
      view->node_visible = g_new (guint8, MAX (n, 1));
      dg_filter_apply (filter, graph, view->edge_visible, view->node_visible);
      dg_filter_apply_states (filter, doc, view->edge_visible, view->node_visible);
    }

  /* Shade what lies on a cycle of the deals shown: every deal counts,
   * whatever its status, except a cancelled one, which has left the
   * network. */
  view->edge_cyclic = g_new0 (guint8, MAX (m, 1));
  component = g_new0 (guint, MAX (n, 1));
  network = dg_document_make_network_mask (doc, as_of, view->edge_visible);
  dg_analysis_strong_components (graph, network != NULL ? network : view->edge_visible,
                                 component, view->edge_cyclic);

  if (as_of != 0)
    {
      const char *doc_as_of = dg_document_get_as_of (doc);
      gint32 packed;

      /* With a date limit, deals that have no date are shown all the same:
       * ring them, as the window does. */
      view->edge_undated = g_new0 (guint8, MAX (m, 1));
      if (dg_filter_mark_undated (graph, view->edge_visible, view->edge_undated) == 0)
        g_clear_pointer (&view->edge_undated, g_free);

      if (doc_as_of == NULL || !dg_filter_parse_as_of (doc_as_of, &packed) || packed > as_of)
        view->as_of = dg_filter_format_as_of (as_of);
    }
}

/**
 * dg_export_view_clear:
 * @view: a view from dg_export_view_init()
 */
void
dg_export_view_clear (DgExportView *view)
{
  g_clear_pointer (&view->graph, dg_graph_unref);
  g_clear_pointer (&view->edge_visible, g_free);
  g_clear_pointer (&view->node_visible, g_free);
  g_clear_pointer (&view->edge_cyclic, g_free);
  g_clear_pointer (&view->edge_undated, g_free);
  g_clear_pointer (&view->as_of, g_free);
}

/**
 * dg_export_view_apply:
 * @view: a view
 * @scene: a scene
 *
 * Sets @scene's graph, visibility, shading and undated rings from @view.
 */
void
dg_export_view_apply (const DgExportView *view,
                      DgScene            *scene)
{
  g_return_if_fail (view != NULL && scene != NULL);

  scene->graph = view->graph;
  scene->node_visible = view->node_visible;
  scene->edge_visible = view->edge_visible;
  scene->edge_cyclic = view->edge_cyclic;
  scene->edge_undated = view->edge_undated;
}

/* Formats ------------------------------------------------------------------ */

static gboolean
export_png (DgRenderer     *renderer,
            const DgScene  *scene,
            const char     *path,
            GError        **error)
{
  double scale = scene->device_scale > 0 ? scene->device_scale : 1.0;
  double pw = ceil (scene->width * scale), ph = ceil (scene->height * scale);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  g_autoptr(DgAtomicFile) af = NULL;

  if (pw > MAX_PIXELS || ph > MAX_PIXELS)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE,
                   _("A PNG can be at most %d pixels wide and high; this one would be %.0f×%.0f"),
                   MAX_PIXELS, pw, ph);
      return FALSE;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) pw, (int) ph);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("Could not make a %.0f×%.0f picture: %s"),
                   pw, ph, cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  dg_renderer_render (renderer, scene, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  af = dg_atomic_file_new (path, error);
  if (af == NULL)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, dg_atomic_file_cairo_write, af);
  cairo_surface_destroy (surface);

  return finish_file (af, status, path, error);
}

static gboolean
export_pdf (DgRenderer     *renderer,
            const DgScene  *scene,
            const char     *path,
            GError        **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  g_autoptr(DgAtomicFile) af = dg_atomic_file_new (path, error);

  if (af == NULL)
    return FALSE;

  /* One device unit is one point: a 1920×1080 export is a 26.7×15 inch
   * page, which viewers fit to the window anyway. */
  surface = cairo_pdf_surface_create_for_stream (dg_atomic_file_cairo_write, af,
                                                 scene->width, scene->height);
  if (!dg_export_pdf_set_dates (surface, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  if (scene->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, scene->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dealgraph " PACKAGE_VERSION);

  cr = cairo_create (surface);
  dg_renderer_render (renderer, scene, cr);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return finish_file (af, status, path, error);
}

static gboolean
export_svg (DgRenderer     *renderer,
            const DgScene  *scene,
            const char     *path,
            GError        **error)
{
  const DgTheme *theme = dg_theme_get (scene->theme);
  DgPainter *painter = dg_painter_svg_new (scene->width, scene->height,
                                           theme->svg_font_family, scene->title);
  g_autofree char *data = NULL;
  gsize length = 0;

  dg_renderer_paint (renderer, scene, painter);
  data = dg_painter_svg_finish (painter, &length);

  return dg_atomic_file_set_contents (path, data, length, error);
}

/**
 * dg_export_scene:
 * @renderer: a renderer
 * @scene: the scene, sized and with its view set; its device scale is the
 *   PNG's pixels per unit
 * @format: PNG, SVG or PDF (not AUTO)
 * @path: the file to write, replaced atomically
 * @error: return location for a #DG_ERROR
 *
 * Returns: %TRUE when the file was written
 */
gboolean
dg_export_scene (DgRenderer     *renderer,
                 const DgScene  *scene,
                 DgExportFormat  format,
                 const char     *path,
                 GError        **error)
{
  g_return_val_if_fail (renderer != NULL, FALSE);
  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (format)
    {
    case DG_EXPORT_FORMAT_PNG:
      return export_png (renderer, scene, path, error);
    case DG_EXPORT_FORMAT_SVG:
      return export_svg (renderer, scene, path, error);
    case DG_EXPORT_FORMAT_PDF:
      return export_pdf (renderer, scene, path, error);
    case DG_EXPORT_FORMAT_AUTO:
    default:
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("Unknown export format"));
      return FALSE;
    }
}

/**
 * dg_export:
 * @doc: the document to draw
 * @opts: (nullable): options; %NULL for the defaults
 * @path: the file to write
 * @error: return location for a #DG_ERROR
 *
 * Draws the document (positions as dg_layout_ensure_positions() gives
 * them, cyclic deals shaded) as @opts's filter shows it, with what it
 * hides hidden (see #DgExportView), and writes it atomically.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
dg_export (DgDocument             *doc,
           const DgExportOptions  *opts,
           const char             *path,
           GError                **error)
{
  g_auto(DgExportView) view = { 0 };
  DgExportOptions defaults;
  DgExportFormat format;
  g_autoptr(DgRenderer) renderer = NULL;
  g_autofree float *owned_xy = NULL;
  const float *xy = opts != NULL ? opts->xy : NULL;
  g_autofree const char **labels = NULL;
  g_autofree const char **node_ids = NULL;
  g_autofree const char **edge_ids = NULL;
  g_autofree char *subtitle = NULL;
  DgScene scene;
  guint n, m;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    {
      dg_export_options_init (&defaults);
      opts = &defaults;
    }

  format = opts->format != DG_EXPORT_FORMAT_AUTO ? opts->format : dg_export_format_for_path (path);
  if (format == DG_EXPORT_FORMAT_AUTO)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, DG_ERROR, DG_ERROR_USAGE,
                   _("Cannot tell the format of “%s”: name it .png, .svg, .pdf, .graphml, .gexf, .dot or .csv, or give the format"),
                   display);
      return FALSE;
    }
  if (opts->width < 1 || opts->height < 1 || opts->width > MAX_PIXELS || opts->height > MAX_PIXELS
      || !(opts->scale > 0 && opts->scale <= 16) || opts->theme >= DG_N_THEMES
      || (opts->has_view && !(opts->zoom > 0 && isfinite (opts->zoom))))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("An export option is out of range"));
      return FALSE;
    }

  /* Tables need no positions. */
  if (format == DG_EXPORT_FORMAT_CSV && opts->layout == NULL)
    return dg_interchange_write (doc, format, NULL, opts->filter, opts->theme, path, error);

  if (xy == NULL && !dg_layout_ensure_positions (doc, opts->layout, opts->seed, &owned_xy))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("Unknown layout “%s”: use force, circular or flow"),
                   opts->layout);
      return FALSE;
    }
  if (xy == NULL)
    xy = owned_xy;

  /* The network for other tools, at the positions the diagram would show:
   * what the filter shows, each deal in its state at the filter's date;
   * companies stay where the whole network puts them. */
  if (dg_export_format_is_network (format))
    return dg_interchange_write (doc, format, xy, opts->filter, opts->theme, path, error);

  /* The picture: the whole document, with what the filter hides hidden, so
   * the companies, the deals and a lit cycle keep their indices. */
  dg_export_view_init (&view, doc, opts->filter);
  n = view.graph->n_nodes;
  m = view.graph->n_edges;

  labels = g_new0 (const char *, n + 1);
  node_ids = g_new0 (const char *, n + 1);
  for (guint v = 0; v < n; v++)
    {
      DgCompany *company = dg_document_get_company (doc, v);

      labels[v] = dg_company_get_name (company);
      node_ids[v] = dg_company_get_id (company);
    }
  edge_ids = g_new0 (const char *, m + 1);
  for (guint e = 0; e < m; e++)
    edge_ids[e] = dg_deal_get_id (dg_document_get_deal (doc, e));

  dg_scene_init (&scene);
  dg_export_view_apply (&view, &scene);
  scene.xy = xy;
  scene.labels = labels;
  scene.node_ids = node_ids;
  scene.edge_ids = edge_ids;
  scene.lit_nodes = opts->lit_nodes;
  scene.lit_edges = opts->lit_edges;
  if (opts->edge_undated != NULL)
    scene.edge_undated = opts->edge_undated;
  scene.theme = opts->theme;
  scene.background = !opts->transparent;
  scene.legend = !opts->no_legend;
  if (!opts->no_title)
    {
      const char *as_of = view.as_of != NULL ? view.as_of : dg_document_get_as_of (doc);

      scene.title = dg_document_get_title (doc);
      if (as_of != NULL && *as_of != '\0')
        {
          /* Translators: after the diagram's title; %s is a date like 2025-12-31 */
          subtitle = g_strdup_printf (_("as of %s"), as_of);
          scene.subtitle = subtitle;
        }
    }
  scene.width = opts->width;
  scene.height = opts->height;
  scene.device_scale = opts->scale;

  renderer = dg_renderer_new ();
  if (opts->has_view)
    {
      scene.view_x = opts->view_x;
      scene.view_y = opts->view_y;
      scene.zoom = opts->zoom;
    }
  else
    dg_renderer_fit_view (renderer, &scene, MAX (16.0, 0.025 * MIN (scene.width, scene.height)));

  return dg_export_scene (renderer, &scene, format, path, error);
}
