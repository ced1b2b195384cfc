/* dg-tour-private.h: what the tour's files share and nobody else sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "dg-changes.h"
#include "dg-tour.h"

G_BEGIN_DECLS

/* The longest cycle the tour of changes compares, as --cycles' default. */
#define DG_TOUR_CHANGES_MAX_LENGTH 8

struct _DgTourSlide
{
  GObject parent_instance;

  DgTourSlideKind kind;
  char **deal_ids;            /* never NULL */
  char **company_ids;         /* never NULL */
  char *title;                /* the presenter's, or NULL */
  char *caption;              /* the presenter's, or NULL */
  char *generated_title;
  char *generated_caption;
  gboolean hidden;
  JsonObject *extra;          /* saved members this version does not know */
  /* Change slides: the dates compared (as-of A; B, 0 for the latest) and
   * for a DG_TOUR_SLIDE_CHANGE, its DgChangeKind. */
  gint32 since;
  gint32 until;
  int change;
};

struct _DgTour
{
  GObject parent_instance;

  GPtrArray *slides;          /* DgTourSlide */
  JsonObject *extra;          /* saved members this version does not know */
  guint max_cycles;
  guint regenerating;         /* generated words change nothing saved */
};

/* dg-tour-slide.c */
gboolean  dg_tour_slide_pspec_is_saved (GParamSpec        *pspec);
void      dg_tour_slide_set_generated (DgTourSlide        *self,
                                       char               *title,
                                       char               *caption);
void      dg_tour_sort_unique         (GArray             *array);
gboolean  dg_tour_lookup_deals        (DgDocument         *doc,
                                       const char * const *ids,
                                       GArray             *out);
gboolean  dg_tour_lookup_companies    (DgDocument         *doc,
                                       const char * const *ids,
                                       GArray             *out);

void      dg_tour_slide_set_change    (DgTourSlide        *self,
                                       gint32              since,
                                       gint32              until,
                                       int                 change);

/* dg-tour.c */
void      dg_tour_append_slide        (DgTour             *self,
                                       DgTourSlide        *slide);

/* dg-tour-words.c: each sets *title and *caption (transfer full, may be
 * NULL when the slide's deals or companies are gone). */
void      dg_tour_overview_words      (DgDocument         *doc,
                                       DgAnalysis         *analysis,
                                       const DgFilter     *filter,
                                       char              **title,
                                       char              **caption);
void      dg_tour_cycle_words         (DgTourSlide        *slide,
                                       DgDocument         *doc,
                                       DgAnalysis         *analysis,
                                       char              **title,
                                       char              **caption);
void      dg_tour_company_words       (DgTourSlide        *slide,
                                       DgDocument         *doc,
                                       DgAnalysis         *analysis,
                                       char              **title,
                                       char              **caption);

void      dg_tour_change_words        (DgTourSlide        *slide,
                                       DgDocument         *doc,
                                       DgChanges          *changes,
                                       char              **title,
                                       char              **caption);

/* dg-tour-export.c and dg-tour-typeset.c */
typedef struct
{
  PangoLayout *title;
  PangoLayout *caption;
  PangoLayout *number;
  double pad;
  double gap;
  double height;
} DgTourBand;

/* What every page of one export shares, computed once. */
typedef struct
{
  DgDocument *doc;
  DgGraph *graph;
  const DgTheme *theme;
  int width;
  int height;
  const float *xy;
  float *owned_xy;
  guint8 *edge_visible;
  guint8 *node_visible;
  guint8 *edge_undated;        /* nullable: deals without a date, ringed */
  guint8 *lit_nodes;
  guint8 *lit_edges;
  const char **labels;
  DgAnalysis *analysis;       /* components only, with the filter */
  DgRenderer *renderer;
  guint n_pages;
  DgFilter filter;            /* the export's */
  gint32 shown_as_of;         /* the date the masks and analysis are for */
} DgTourPages;

void      dg_tour_set_color           (cairo_t            *cr,
                                       const DgColor      *c);
void      dg_tour_band_clear          (DgTourBand         *band);
void      dg_tour_band_layout         (DgTourBand         *band,
                                       cairo_t            *cr,
                                       const DgTourPages  *p,
                                       DgTourSlide        *slide,
                                       guint               page);
void      dg_tour_band_draw           (DgTourBand         *band,
                                       cairo_t            *cr,
                                       const DgTourPages  *p);
void      dg_tour_draw_sources        (cairo_t            *cr,
                                       const DgTourPages  *p,
                                       GPtrArray          *sources,
                                       double              bottom);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgTourBand, dg_tour_band_clear)

G_END_DECLS
