/* dg-tour.h: the presentation's slides, and exporting them as PDF or PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A DgTour is a GListModel of DgTourSlide, so the presenter's slide list
 * binds to it directly (GtkListView, gtk_list_box_bind_model). It is built
 * from the document and its analysis (dg_tour_new_from_document()): an
 * overview; one slide per route, largest round-trip amount first; one per
 * company on the most routes; a closing slide with the sources behind every
 * deal the earlier slides show. dg_tour_new_changes() builds the tour of
 * changes instead: what changed since a date, then one slide per big change
 * (a cycle that broke or formed, a deal replaced or resized), each shown at
 * its own date (dg_tour_slide_get_as_of()). The presenter reorders slides
 * (dg_tour_move()), hides them (dg_tour_slide_set_hidden()) and writes
 * their own captions (dg_tour_slide_set_caption()); the tour is saved in
 * the document's "layout" object under "tour" (dg_tour_save_to_document())
 * and read back with dg_tour_load_from_document().
 *
 * Slides store deal and company ids, never indices, so a saved tour
 * survives edits of the file; a slide whose deals or companies are gone is
 * dropped on load with a warning.
 *
 * Presenting one slide (what the GTK presentation window does, and what the
 * exporters do for each page):
 *   - the camera: dg_tour_slide_get_focus() gives the companies to zoom to
 *     (and the deals to light); dg_tour_fit_view() fits a DgScene's view
 *     to them, or the canvas's dg_canvas_zoom_to_nodes() animates there.
 *     An overview or sources slide has no focus: fit the whole diagram.
 *   - the light: the focus companies and deals go into DgScene.lit_nodes /
 *     lit_edges (everything else is dimmed); no focus, nothing dimmed.
 *   - the words: dg_tour_slide_get_title() and _get_caption(), plain text
 *     (never markup: they hold company names). A sources slide lists
 *     dg_tour_get_sources().
 *   - stepping: dg_tour_next_visible() / dg_tour_prev_visible() skip
 *     hidden slides.
 * dg_tour_render_slide() draws a whole slide (diagram and caption band)
 * with Cairo, as the exports do; the slide list can use it for thumbnails.
 *
 * The tour's life in the window:
 *   - entering presentation mode: dg_tour_load_from_document() (show its
 *     warnings, e.g. in a toast); when it returns NULL,
 *     dg_tour_new_from_document() with the analysis and filter shown and
 *     the "how many cycles" setting.
 *   - the presenter edits (move, hide, caption, insert, remove): the tour
 *     emits ::changed; save it with dg_tour_save_to_document() and mark the
 *     document modified.
 *   - the document, the filter or the timeline changes: a new analysis,
 *     then dg_tour_regenerate() (slides notify "title" / "caption"; no
 *     ::changed, since nothing saved changed).
 *   - the analysis given to any of these must be of the same document and
 *     made with the filter shown (DgAnalysisOptions.edge_mask from
 *     dg_filter_apply()), with cycles and shares, so captions and focus
 *     agree with the canvas.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "dg-analysis.h"
#include "dg-document.h"
#include "dg-filter.h"
#include "dg-render.h"
#include "dg-theme.h"

G_BEGIN_DECLS

/* What the tour builds by default. */
#define DG_TOUR_DEFAULT_MAX_CYCLES 8
#define DG_TOUR_N_COMPANY_SLIDES   3
/* The tour of changes: slides for cycles that broke or formed, and for
 * the largest replacements, cancellations, resizes and stalls. */
#define DG_TOUR_DEFAULT_MAX_CYCLE_CHANGES 5
#define DG_TOUR_DEFAULT_MAX_DEAL_CHANGES  3

typedef enum
{
  DG_TOUR_SLIDE_OVERVIEW,   /* the whole network */
  DG_TOUR_SLIDE_CYCLE,      /* a route (all its deals) or one cycle, in
                             * story order */
  DG_TOUR_SLIDE_COMPANY,    /* a company and its deals on cycles */
  DG_TOUR_SLIDE_SOURCES,    /* the sources behind the slides before it */
  DG_TOUR_SLIDE_CUSTOM,     /* the presenter's own: any companies and deals */
  DG_TOUR_SLIDE_CHANGES,    /* what changed between two dates, counted */
  DG_TOUR_SLIDE_CHANGE,     /* one change (dg-changes.h): a cycle that
                             * broke or formed, a deal replaced, resized... */
} DgTourSlideKind;

/* dg_tour_slide_get_as_of() for a slide shown at the latest state. */
#define DG_TOUR_AS_OF_LATEST 99991231

#define DG_TYPE_TOUR_SLIDE_KIND (dg_tour_slide_kind_get_type ())
#define DG_TYPE_TOUR_SLIDE      (dg_tour_slide_get_type ())
#define DG_TYPE_TOUR            (dg_tour_get_type ())

GType        dg_tour_slide_kind_get_type      (void) G_GNUC_CONST;
const char  *dg_tour_slide_kind_to_string     (DgTourSlideKind   kind);
gboolean     dg_tour_slide_kind_from_string   (const char       *str,
                                               DgTourSlideKind  *kind);

/* DgTourSlide --------------------------------------------------------------
 *
 * Properties (all with notify): "kind" (construct-only), "title",
 * "caption" (read-write; setting NULL goes back to the generated text),
 * "title-edited" and "caption-edited" (read-only), "hidden", "deal-ids"
 * and "company-ids" (GStrv, construct-only).
 */
G_DECLARE_FINAL_TYPE (DgTourSlide, dg_tour_slide, DG, TOUR_SLIDE, GObject)

DgTourSlide        *dg_tour_slide_new                   (DgTourSlideKind     kind,
                                                         const char * const *company_ids,
                                                         const char * const *deal_ids);
DgTourSlide        *dg_tour_slide_new_custom            (const char         *title,
                                                         const char         *caption,
                                                         const char * const *company_ids,
                                                         const char * const *deal_ids);

DgTourSlideKind     dg_tour_slide_get_kind              (DgTourSlide        *self);
const char * const *dg_tour_slide_get_deal_ids          (DgTourSlide        *self);
const char * const *dg_tour_slide_get_company_ids       (DgTourSlide        *self);

const char         *dg_tour_slide_get_title             (DgTourSlide        *self);
void                dg_tour_slide_set_title             (DgTourSlide        *self,
                                                         const char         *title);
gboolean            dg_tour_slide_get_title_edited      (DgTourSlide        *self);
const char         *dg_tour_slide_get_caption           (DgTourSlide        *self);
void                dg_tour_slide_set_caption           (DgTourSlide        *self,
                                                         const char         *caption);
gboolean            dg_tour_slide_get_caption_edited    (DgTourSlide        *self);
const char         *dg_tour_slide_get_generated_title   (DgTourSlide        *self);
const char         *dg_tour_slide_get_generated_caption (DgTourSlide        *self);

gboolean            dg_tour_slide_get_hidden            (DgTourSlide        *self);
void                dg_tour_slide_set_hidden            (DgTourSlide        *self,
                                                         gboolean            hidden);

gint32              dg_tour_slide_get_as_of             (DgTourSlide        *self);
gint32              dg_tour_slide_get_since             (DgTourSlide        *self);

gboolean            dg_tour_slide_get_focus             (DgTourSlide        *self,
                                                         DgDocument         *doc,
                                                         DgAnalysis         *analysis,
                                                         guint             **nodes,
                                                         guint              *n_nodes,
                                                         guint             **edges,
                                                         guint              *n_edges);
int                 dg_tour_slide_find_cycle            (DgTourSlide        *self,
                                                         DgDocument         *doc,
                                                         DgAnalysis         *analysis);
int                 dg_tour_slide_find_route            (DgTourSlide        *self,
                                                         DgDocument         *doc,
                                                         DgAnalysis         *analysis);

/* DgTour: a GListModel of DgTourSlide ------------------------------------
 *
 * Signals: "changed" after any change to the list or to a slide's title,
 * caption or hidden flag (to mark the document modified or save the tour).
 */
G_DECLARE_FINAL_TYPE (DgTour, dg_tour, DG, TOUR, GObject)

DgTour       *dg_tour_new                  (void);
DgTour       *dg_tour_new_from_document    (DgDocument      *doc,
                                            DgAnalysis      *analysis,
                                            const DgFilter  *filter,
                                            guint            max_cycles);
DgTour       *dg_tour_new_changes          (DgDocument      *doc,
                                            gint32           since,
                                            gint32           until,
                                            guint            max_cycle_slides,
                                            guint            max_deal_slides);

guint         dg_tour_get_n_slides         (DgTour          *self);
DgTourSlide  *dg_tour_get_slide            (DgTour          *self,
                                            guint            position);
guint         dg_tour_get_n_visible        (DgTour          *self);
int           dg_tour_next_visible         (DgTour          *self,
                                            int              position);
int           dg_tour_prev_visible         (DgTour          *self,
                                            int              position);

void          dg_tour_insert               (DgTour          *self,
                                            guint            position,
                                            DgTourSlide     *slide);
void          dg_tour_remove               (DgTour          *self,
                                            guint            position);
void          dg_tour_move                 (DgTour          *self,
                                            guint            from,
                                            guint            to);

void          dg_tour_regenerate           (DgTour          *self,
                                            DgDocument      *doc,
                                            DgAnalysis      *analysis,
                                            const DgFilter  *filter);
GPtrArray    *dg_tour_get_sources          (DgTour          *self,
                                            DgDocument      *doc,
                                            DgAnalysis      *analysis,
                                            guint            position);

void          dg_tour_save_to_document     (DgTour          *self,
                                            DgDocument      *doc);
DgTour       *dg_tour_load_from_document   (DgDocument      *doc,
                                            DgAnalysis      *analysis,
                                            const DgFilter  *filter,
                                            GPtrArray      **warnings);

/* The camera --------------------------------------------------------------- */

void          dg_tour_fit_view             (DgRenderer      *renderer,
                                            DgScene         *scene,
                                            const guint     *nodes,
                                            guint            n_nodes,
                                            double           margin,
                                            double           max_zoom);

/* Drawing and exporting ------------------------------------------------- */

/**
 * DgTourExportOptions:
 * @theme: the palette (default: projector)
 * @width: page width, device units (PDF points, PNG pixels at scale 1);
 *   default 1920
 * @height: page height; default 1080 (16:9)
 * @scale: PNG pixels per device unit; ignored by PDF
 * @filter: (nullable): what to show; %NULL shows everything. Use the
 *   filter the tour was built with.
 * @xy: (nullable) (array): positions of every company (2 floats each,
 *   diagram units), e.g. the canvas's; %NULL places them as dg_export()
 *   does (saved positions, else @layout with @seed)
 * @layout: (nullable): the layout to run when @xy is %NULL
 * @seed: the force layout's seed
 *
 * Initialise with dg_tour_export_options_init().
 */
typedef struct
{
  DgThemeKind theme;
  int width;
  int height;
  double scale;
  const DgFilter *filter;
  const float *xy;
  const char *layout;
  guint64 seed;
} DgTourExportOptions;

void          dg_tour_export_options_init  (DgTourExportOptions       *opts);

gboolean      dg_tour_render_slide         (DgTour                    *self,
                                            guint                      position,
                                            DgDocument                *doc,
                                            const DgTourExportOptions *opts,
                                            cairo_t                   *cr,
                                            GError                   **error);
gboolean      dg_tour_export_pdf           (DgTour                    *self,
                                            DgDocument                *doc,
                                            const DgTourExportOptions *opts,
                                            const char                *path,
                                            GError                   **error);
gboolean      dg_tour_export_pngs          (DgTour                    *self,
                                            DgDocument                *doc,
                                            const DgTourExportOptions *opts,
                                            const char                *dir_or_prefix,
                                            guint                     *n_written,
                                            GError                   **error);

G_END_DECLS
