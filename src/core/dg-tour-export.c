/* dg-tour-export.c: drawing a slide, and exporting the tour as PDF or PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dg-deal-state.h"
#include "dg-export.h"
#include "dg-format.h"
#include "dg-layout.h"
#include "dg-tour.h"
#include "dg-tour-private.h"
#include "dg-util-private.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define MAX_PIXELS 32767

/* Drawing ------------------------------------------------------------------ */

/**
 * dg_tour_export_options_init:
 * @opts: (out caller-allocates): the options to set
 *
 * The defaults: projector theme, 1920×1080 (16:9) at scale 1, no filter,
 * saved positions (else the force layout with seed 1).
 */
void
dg_tour_export_options_init (DgTourExportOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->theme = DG_THEME_PROJECTOR;
  opts->width = 1920;
  opts->height = 1080;
  opts->scale = 1.0;
  opts->seed = 1;
}


static void
pages_clear (DgTourPages *p)
{
  g_clear_pointer (&p->owned_xy, g_free);
  g_clear_pointer (&p->edge_visible, g_free);
  g_clear_pointer (&p->node_visible, g_free);
  g_clear_pointer (&p->edge_undated, g_free);
  g_clear_pointer (&p->lit_nodes, g_free);
  g_clear_pointer (&p->lit_edges, g_free);
  g_clear_pointer (&p->labels, g_free);
  g_clear_pointer (&p->analysis, dg_analysis_unref);
  g_clear_pointer (&p->renderer, dg_renderer_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgTourPages, pages_clear)

/* Shows the network as of @as_of (the filter's own date, or a slide's of
 * the tour of changes): which deals and companies are in view, and the
 * components that shade the deals on cycles. */
static void
pages_show_date (DgTourPages *p,
                 gint32       as_of)
{
  g_autofree guint8 *network = NULL;
  DgAnalysisOptions options;
  DgFilter filter = p->filter;

  filter.as_of = as_of;
  dg_filter_apply (&filter, p->graph, p->edge_visible, p->node_visible);
  dg_filter_apply_states (&filter, p->doc, p->edge_visible, p->node_visible);
  /* Deals without a date, shown under a date limit: ringed, as in dg_export(). */
  g_clear_pointer (&p->edge_undated, g_free);
  if (as_of != 0)
    {
      p->edge_undated = g_new0 (guint8, MAX (p->graph->n_edges, 1));
      if (dg_filter_mark_undated (p->graph, p->edge_visible, p->edge_undated) == 0)
        g_clear_pointer (&p->edge_undated, g_free);
    }

  /* The shading and the company slides' focus need only the components. */
  dg_analysis_options_init (&options);
  options.flags = 0;
  network = dg_document_make_network_mask (p->doc, as_of, p->edge_visible);
  options.edge_mask = network != NULL ? network : p->edge_visible;
  g_clear_pointer (&p->analysis, dg_analysis_unref);
  p->analysis = dg_analysis_new (p->graph, &options);
  p->shown_as_of = as_of;
}

static gboolean
pages_init (DgTourPages               *p,
            DgTour                    *tour,
            DgDocument                *doc,
            const DgTourExportOptions *opts,
            GError                   **error)
{
  DgFilter all;
  const DgFilter *filter = opts->filter;

  memset (p, 0, sizeof *p);

  if (opts->width < 1 || opts->height < 1 || opts->width > MAX_PIXELS || opts->height > MAX_PIXELS
      || !(opts->scale > 0 && opts->scale <= 16) || (guint) opts->theme >= DG_N_THEMES)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("An export option is out of range"));
      return FALSE;
    }

  p->doc = doc;
  p->graph = dg_document_get_graph (doc);
  p->theme = dg_theme_get (opts->theme);
  p->width = opts->width;
  p->height = opts->height;
  p->n_pages = dg_tour_get_n_visible (tour);

  if (opts->xy != NULL)
    p->xy = opts->xy;
  else if (!dg_layout_ensure_positions (doc, opts->layout, opts->seed, &p->owned_xy))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("Unknown layout “%s”: use force, circular or flow"),
                   opts->layout);
      return FALSE;
    }
  else
    p->xy = p->owned_xy;

  if (filter == NULL)
    {
      dg_filter_init (&all);
      filter = &all;
    }
  p->filter = *filter;
  p->edge_visible = g_new (guint8, MAX (p->graph->n_edges, 1));
  p->node_visible = g_new (guint8, MAX (p->graph->n_nodes, 1));
  p->lit_edges = g_new (guint8, MAX (p->graph->n_edges, 1));
  p->lit_nodes = g_new (guint8, MAX (p->graph->n_nodes, 1));
  pages_show_date (p, filter->as_of);

  p->labels = g_new0 (const char *, p->graph->n_nodes + 1);
  for (guint v = 0; v < p->graph->n_nodes; v++)
    p->labels[v] = dg_company_get_name (dg_document_get_company (doc, v));

  p->renderer = dg_renderer_new ();
  return TRUE;
}

/* Draws slide @position as page @page (1-based; 0 for no number) in the
 * device units of @cr. */
static void
draw_slide (DgTourPages *p,
            DgTour      *tour,
            guint        position,
            guint        page,
            cairo_t     *cr)
{
  DgTourSlide *slide = g_ptr_array_index (tour->slides, position);
  g_auto(DgTourBand) band = { 0 };
  g_autofree guint *nodes = NULL;
  g_autofree guint *edges = NULL;
  guint n_nodes = 0, n_edges = 0;
  gboolean focus;
  double unit = MIN (p->height, p->width * 9.0 / 16.0);
  double diagram_h, zoom;
  gint32 as_of;
  g_autofree char *date_text = NULL;
  DgScene scene;

  /* A slide of the tour of changes shows the network at its own date. */
  as_of = dg_tour_slide_get_as_of (slide);
  if (as_of == 0)
    as_of = p->filter.as_of;
  if (as_of != p->shown_as_of)
    pages_show_date (p, as_of);

  cairo_save (cr);
  dg_tour_set_color (cr, &p->theme->background);
  cairo_rectangle (cr, 0, 0, p->width, p->height);
  cairo_fill (cr);

  dg_tour_band_layout (&band, cr, p, slide, page);
  diagram_h = MAX (p->height - band.height, 1);

  if (slide->kind == DG_TOUR_SLIDE_SOURCES)
    {
      g_autoptr(GPtrArray) sources = dg_tour_get_sources (tour, p->doc, p->analysis, position);

      dg_tour_draw_sources (cr, p, sources, diagram_h);
    }
  else
    {
      focus = dg_tour_slide_get_focus (slide, p->doc, p->analysis, &nodes, &n_nodes, &edges, &n_edges);

      /* Projected, the renderer's label size reads small: draw the diagram
       * larger, the close-ups more so, as the canvas zooms text with F5. */
      zoom = focus ? 1.4 : 1.15;
      zoom *= unit / 1080.0;

      dg_scene_init (&scene);
      scene.graph = p->graph;
      scene.xy = p->xy;
      scene.labels = p->labels;
      scene.edge_cyclic = p->analysis->edge_cyclic;
      scene.node_visible = p->node_visible;
      scene.edge_visible = p->edge_visible;
      scene.edge_undated = p->edge_undated;
      scene.theme = p->theme->kind;
      scene.background = FALSE;
      /* The overview explains the picture; the close-ups keep it clean. */
      scene.legend = slide->kind == DG_TOUR_SLIDE_OVERVIEW || !focus;
      /* A slide of the tour of changes says which date it shows. */
      if (dg_tour_slide_get_as_of (slide) != 0)
        {
          g_autofree char *label = NULL;

          if (as_of == DG_TOUR_AS_OF_LATEST)
            {
              const char *doc_as_of = dg_document_get_as_of (p->doc);

              label = doc_as_of != NULL && *doc_as_of != '\0' ? dg_format_date_locale (doc_as_of) : NULL;
            }
          else
            label = dg_filter_format_as_of_label (as_of);
          if (label != NULL)
            /* Translators: at the top of a slide of the tour of changes: the date its diagram shows, "December 2025" */
            date_text = g_strdup_printf (_("As of %s"), label);
          else
            date_text = g_strdup (_("Latest"));
          scene.title = date_text;
        }
      scene.width = (int) floor (p->width / zoom);
      scene.height = (int) floor (diagram_h / zoom);
      scene.device_scale = zoom;

      if (focus)
        {
          memset (p->lit_nodes, 0, p->graph->n_nodes);
          memset (p->lit_edges, 0, p->graph->n_edges);
          for (guint i = 0; i < n_nodes; i++)
            p->lit_nodes[nodes[i]] = 1;
          for (guint i = 0; i < n_edges; i++)
            p->lit_edges[edges[i]] = 1;
          scene.lit_nodes = p->lit_nodes;
          scene.lit_edges = p->lit_edges;
          dg_tour_fit_view (p->renderer, &scene, nodes, n_nodes, 0.06 * unit / zoom, 1.6);
        }
      else
        dg_tour_fit_view (p->renderer, &scene, NULL, 0, 0.03 * unit / zoom, 1.6);

      cairo_save (cr);
      cairo_rectangle (cr, 0, 0, p->width, diagram_h);
      cairo_clip (cr);
      cairo_scale (cr, zoom, zoom);
      dg_renderer_render (p->renderer, &scene, cr);
      cairo_restore (cr);
    }

  dg_tour_band_draw (&band, cr, p);
  cairo_restore (cr);
}

/**
 * dg_tour_render_slide:
 * @self: a tour
 * @position: the slide to draw
 * @doc: the document shown
 * @opts: (nullable): the options (theme, size, filter, positions); %NULL for
 *   the defaults
 * @cr: where to draw; its user space is device units (scale it for
 *   thumbnails or HiDPI), @opts->width × @opts->height of them
 * @error: return location for a #DG_ERROR
 *
 * Draws one slide as the exports do: the diagram with the slide's focus
 * fitted and lit, and the caption band at the bottom (title, caption, and
 * the page number among the visible slides). Sets up everything each call
 * (positions, masks, components): give @opts->xy to skip the layout.
 *
 * Returns: %TRUE when the slide was drawn
 */
gboolean
dg_tour_render_slide (DgTour                    *self,
                      guint                      position,
                      DgDocument                *doc,
                      const DgTourExportOptions *opts,
                      cairo_t                   *cr,
                      GError                   **error)
{
  g_auto(DgTourPages) p = { 0 };
  DgTourExportOptions defaults;
  guint page = 0;

  g_return_val_if_fail (DG_IS_TOUR (self), FALSE);
  g_return_val_if_fail (position < self->slides->len, FALSE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    {
      dg_tour_export_options_init (&defaults);
      opts = &defaults;
    }
  if (!pages_init (&p, self, doc, opts, error))
    return FALSE;

  if (!DG_TOUR_SLIDE (g_ptr_array_index (self->slides, position))->hidden)
    for (guint i = 0; i <= position; i++)
      page += !DG_TOUR_SLIDE (g_ptr_array_index (self->slides, i))->hidden;

  draw_slide (&p, self, position, page, cr);
  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Atomic, as every file Dealgraph writes (dg-atomic-file.c). */
static gboolean
write_file (const char  *path,
            GByteArray  *bytes,
            GError     **error)
{
  return dg_atomic_file_set_contents (path, bytes->data, bytes->len, error);
}

static gboolean
check_pages (DgTour  *self,
             GError **error)
{
  if (dg_tour_get_n_visible (self) > 0)
    return TRUE;
  g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("The tour has no slides to show"));
  return FALSE;
}

/**
 * dg_tour_export_pdf:
 * @self: a tour
 * @doc: the document shown
 * @opts: (nullable): the options; %NULL for the defaults (projector theme,
 *   1920×1080, no filter)
 * @path: the PDF to write, replaced atomically
 * @error: return location for a #DG_ERROR
 *
 * Writes one page per slide that is not hidden, in order, each drawn as
 * dg_tour_render_slide() draws it; a page is @opts->width × @opts->height
 * points (16:9 by default). The sources slide's entries link to their URLs.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
dg_tour_export_pdf (DgTour                    *self,
                    DgDocument                *doc,
                    const DgTourExportOptions *opts,
                    const char                *path,
                    GError                   **error)
{
  g_auto(DgTourPages) p = { 0 };
  g_autoptr(GByteArray) bytes = NULL;
  DgTourExportOptions defaults;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  const char *title;
  guint page = 0;

  g_return_val_if_fail (DG_IS_TOUR (self), FALSE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    {
      dg_tour_export_options_init (&defaults);
      opts = &defaults;
    }
  if (!check_pages (self, error) || !pages_init (&p, self, doc, opts, error))
    return FALSE;

  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, p.width, p.height);
  if (!dg_export_pdf_set_dates (surface, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  title = dg_document_get_title (doc);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dealgraph " PACKAGE_VERSION);

  cr = cairo_create (surface);
  for (guint i = 0; i < self->slides->len; i++)
    {
      if (DG_TOUR_SLIDE (g_ptr_array_index (self->slides, i))->hidden)
        continue;
      draw_slide (&p, self, i, ++page, cr);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("Could not draw “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;
    }
  return write_file (path, bytes, error);
}

/**
 * dg_tour_export_pngs:
 * @self: a tour
 * @doc: the document shown
 * @opts: (nullable): the options; %NULL for the defaults
 * @dir_or_prefix: a folder (created if missing), where the pages are
 *   written as slide-01.png, slide-02.png, ...; or a name ending in
 *   ".png", e.g. "talk.png" for talk-01.png, talk-02.png, ...
 * @n_written: (out) (optional): how many files were written
 * @error: return location for a #DG_ERROR
 *
 * Writes one PNG per slide that is not hidden, numbered in order from 01
 * (three digits from the hundredth), each replaced atomically, at
 * @opts->width × @opts->height times @opts->scale pixels.
 *
 * Returns: %TRUE when every file was written
 */
gboolean
dg_tour_export_pngs (DgTour                    *self,
                     DgDocument                *doc,
                     const DgTourExportOptions *opts,
                     const char                *dir_or_prefix,
                     guint                     *n_written,
                     GError                   **error)
{
  g_auto(DgTourPages) p = { 0 };
  DgTourExportOptions defaults;
  g_autofree char *prefix = NULL;
  guint page = 0, digits;
  int pw, ph;

  g_return_val_if_fail (DG_IS_TOUR (self), FALSE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (dir_or_prefix != NULL && *dir_or_prefix != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;
  if (opts == NULL)
    {
      dg_tour_export_options_init (&defaults);
      opts = &defaults;
    }
  if (!check_pages (self, error) || !pages_init (&p, self, doc, opts, error))
    return FALSE;

  pw = (int) ceil (p.width * opts->scale);
  ph = (int) ceil (p.height * opts->scale);
  if (pw > MAX_PIXELS || ph > MAX_PIXELS)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE,
                   _("A PNG can be at most %d pixels wide and high; this one would be %d×%d"),
                   MAX_PIXELS, pw, ph);
      return FALSE;
    }

  if (g_str_has_suffix (dir_or_prefix, ".png") || g_str_has_suffix (dir_or_prefix, ".PNG"))
    prefix = g_strdup_printf ("%.*s-", (int) strlen (dir_or_prefix) - 4, dir_or_prefix);
  else
    {
      if (g_mkdir_with_parents (dir_or_prefix, 0777) != 0)
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_name (dir_or_prefix);

          g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Could not make the folder “%s”: %s"),
                       display, g_strerror (saved));
          return FALSE;
        }
      prefix = g_build_filename (dir_or_prefix, "slide-", NULL);
    }
  digits = p.n_pages >= 100 ? (p.n_pages >= 1000 ? 4 : 3) : 2;

  for (guint i = 0; i < self->slides->len; i++)
    {
      g_autoptr(GByteArray) bytes = NULL;
      g_autofree char *path = NULL;
      cairo_surface_t *surface;
      cairo_status_t status;
      cairo_t *cr;

      if (DG_TOUR_SLIDE (g_ptr_array_index (self->slides, i))->hidden)
        continue;
      page++;

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
      cr = cairo_create (surface);
      cairo_scale (cr, opts->scale, opts->scale);
      draw_slide (&p, self, i, page, cr);
      status = cairo_status (cr);
      cairo_destroy (cr);

      bytes = g_byte_array_new ();
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
      cairo_surface_destroy (surface);

      path = g_strdup_printf ("%s%0*u.png", prefix, (int) digits, page);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("Could not draw “%s”: %s"),
                       display, cairo_status_to_string (status));
          return FALSE;
        }
      if (!write_file (path, bytes, error))
        return FALSE;
      if (n_written != NULL)
        (*n_written)++;
    }

  return TRUE;
}
