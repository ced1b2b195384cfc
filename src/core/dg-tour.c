/* dg-tour.c: the tour: a list model of slides, built from the
 * document and its analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rest of the tour lives along its seams: dg-tour-slide.c (one slide
 * and its focus), dg-tour-words.c (the generated titles and captions, from
 * dg-summary and dg-story), dg-tour-json.c (saving in the document),
 * dg-tour-camera.c (fitting the view), dg-tour-typeset.c (the caption band
 * and the sources page) and dg-tour-export.c (drawing slides, PDF and PNG).
 * Generated titles and captions are made again from the document and
 * analysis at hand (dg_tour_regenerate()), in the user's language; only
 * what the presenter typed is saved.
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "dg-tour.h"
#include "dg-tour-private.h"

/* DgTour ------------------------------------------------------------------ */


static void dg_tour_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DgTour, dg_tour, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, dg_tour_list_model_init))

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
dg_tour_get_item_type (GListModel *model)
{
  return DG_TYPE_TOUR_SLIDE;
}

static guint
dg_tour_get_n_items (GListModel *model)
{
  return DG_TOUR (model)->slides->len;
}

static gpointer
dg_tour_get_item (GListModel *model,
                  guint       position)
{
  DgTour *self = DG_TOUR (model);

  if (position >= self->slides->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->slides, position));
}

static void
dg_tour_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dg_tour_get_item_type;
  iface->get_n_items = dg_tour_get_n_items;
  iface->get_item = dg_tour_get_item;
}

static void
slide_notify_cb (DgTourSlide *slide,
                 GParamSpec  *pspec,
                 DgTour      *self)
{
  if (self->regenerating > 0)
    return;
  if (dg_tour_slide_pspec_is_saved (pspec))
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
release_slide (gpointer data,
               gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, slide_notify_cb, user_data);
}

static void
dg_tour_dispose (GObject *object)
{
  DgTour *self = DG_TOUR (object);

  if (self->slides != NULL)
    {
      g_ptr_array_foreach (self->slides, release_slide, self);
      g_ptr_array_set_size (self->slides, 0);
    }

  G_OBJECT_CLASS (dg_tour_parent_class)->dispose (object);
}

static void
dg_tour_finalize (GObject *object)
{
  DgTour *self = DG_TOUR (object);

  g_clear_pointer (&self->slides, g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dg_tour_parent_class)->finalize (object);
}

static void
dg_tour_class_init (DgTourClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dg_tour_dispose;
  object_class->finalize = dg_tour_finalize;

  /**
   * DgTour::changed:
   *
   * Slides were added, removed or moved, or a slide's title, caption or
   * hidden flag changed: the saved tour is out of date.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dg_tour_init (DgTour *self)
{
  self->slides = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_cycles = DG_TOUR_DEFAULT_MAX_CYCLES;
}

/**
 * dg_tour_new:
 *
 * Returns: (transfer full): a tour with no slides
 */
DgTour *
dg_tour_new (void)
{
  return g_object_new (DG_TYPE_TOUR, NULL);
}

guint
dg_tour_get_n_slides (DgTour *self)
{
  g_return_val_if_fail (DG_IS_TOUR (self), 0);
  return self->slides->len;
}

/**
 * dg_tour_get_slide:
 * @self: a tour
 * @position: a slide's position
 *
 * Returns: (transfer none): the slide
 */
DgTourSlide *
dg_tour_get_slide (DgTour *self,
                   guint   position)
{
  g_return_val_if_fail (DG_IS_TOUR (self), NULL);
  g_return_val_if_fail (position < self->slides->len, NULL);
  return g_ptr_array_index (self->slides, position);
}

/**
 * dg_tour_get_n_visible:
 * @self: a tour
 *
 * Returns: the slides not hidden: the presentation's length and the
 *   exports' page count
 */
guint
dg_tour_get_n_visible (DgTour *self)
{
  guint n = 0;

  g_return_val_if_fail (DG_IS_TOUR (self), 0);

  for (guint i = 0; i < self->slides->len; i++)
    n += !DG_TOUR_SLIDE (g_ptr_array_index (self->slides, i))->hidden;
  return n;
}

/**
 * dg_tour_next_visible:
 * @self: a tour
 * @position: the current slide, or -1 before the first
 *
 * For stepping forward (Space, Page Down, Right).
 *
 * Returns: the first slide after @position that is not hidden, or -1 when
 *   there is none
 */
int
dg_tour_next_visible (DgTour *self,
                      int     position)
{
  g_return_val_if_fail (DG_IS_TOUR (self), -1);

  for (gint64 i = MAX ((gint64) position + 1, 0); i < (gint64) self->slides->len; i++)
    if (!DG_TOUR_SLIDE (g_ptr_array_index (self->slides, i))->hidden)
      return (int) i;
  return -1;
}

/**
 * dg_tour_prev_visible:
 * @self: a tour
 * @position: the current slide; the number of slides to start after the
 *   last
 *
 * For stepping back (Page Up, Left).
 *
 * Returns: the last slide before @position that is not hidden, or -1 when
 *   there is none
 */
int
dg_tour_prev_visible (DgTour *self,
                      int     position)
{
  g_return_val_if_fail (DG_IS_TOUR (self), -1);

  for (gint64 i = MIN ((gint64) position, (gint64) self->slides->len) - 1; i >= 0; i--)
    if (!DG_TOUR_SLIDE (g_ptr_array_index (self->slides, i))->hidden)
      return (int) i;
  return -1;
}

/**
 * dg_tour_insert:
 * @self: a tour
 * @position: where, 0 .. number of slides
 * @slide: (transfer none): the slide, not in a tour yet
 */
void
dg_tour_insert (DgTour      *self,
                guint        position,
                DgTourSlide *slide)
{
  g_return_if_fail (DG_IS_TOUR (self));
  g_return_if_fail (DG_IS_TOUR_SLIDE (slide));
  g_return_if_fail (position <= self->slides->len);

  g_ptr_array_insert (self->slides, (int) position, g_object_ref (slide));
  g_signal_connect_object (slide, "notify", G_CALLBACK (slide_notify_cb), self, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
dg_tour_append_slide (DgTour      *self,
                      DgTourSlide *slide)
{
  g_ptr_array_add (self->slides, slide);
  g_signal_connect_object (slide, "notify", G_CALLBACK (slide_notify_cb), self, 0);
}

/**
 * dg_tour_remove:
 * @self: a tour
 * @position: the slide to remove
 */
void
dg_tour_remove (DgTour *self,
                guint   position)
{
  g_return_if_fail (DG_IS_TOUR (self));
  g_return_if_fail (position < self->slides->len);

  release_slide (g_ptr_array_index (self->slides, position), self);
  g_ptr_array_remove_index (self->slides, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * dg_tour_move:
 * @self: a tour
 * @from: the slide to move
 * @to: where it goes: its position once moved
 *
 * Moves one slide; the slides between shift by one. Emits one
 * ::items-changed for the range that changed.
 */
void
dg_tour_move (DgTour *self,
              guint   from,
              guint   to)
{
  gpointer slide;
  guint lo, hi;

  g_return_if_fail (DG_IS_TOUR (self));
  g_return_if_fail (from < self->slides->len);
  g_return_if_fail (to < self->slides->len);

  if (from == to)
    return;

  slide = g_ptr_array_steal_index (self->slides, from);
  g_ptr_array_insert (self->slides, (int) to, slide);

  lo = MIN (from, to);
  hi = MAX (from, to);
  g_list_model_items_changed (G_LIST_MODEL (self), lo, hi - lo + 1, hi - lo + 1);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The changes a slide of the tour of changes tells, worked out once per
 * pair of dates. */
static DgChanges *
changes_for (GHashTable  *cache,
             DgDocument  *doc,
             DgTourSlide *slide)
{
  gint64 key = ((gint64) slide->since << 32) | (guint32) slide->until;
  DgChanges *changes = g_hash_table_lookup (cache, &key);

  if (changes == NULL && slide->since > 0)
    {
      changes = dg_changes_new (doc, slide->since, slide->until, DG_TOUR_CHANGES_MAX_LENGTH);
      g_hash_table_insert (cache, g_memdup2 (&key, sizeof key), changes);
    }
  return changes;
}

void
dg_tour_regenerate (DgTour         *self,
                    DgDocument     *doc,
                    DgAnalysis     *analysis,
                    const DgFilter *filter)
{
  g_autoptr(GHashTable) changes = NULL;

  g_return_if_fail (DG_IS_TOUR (self));
  g_return_if_fail (DG_IS_DOCUMENT (doc));

  if (analysis != NULL && analysis->graph->n_edges != dg_document_get_n_deals (doc))
    {
      g_critical ("%s: the analysis is not of this document", G_STRFUNC);
      analysis = NULL;
    }

  changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) dg_changes_free);
  self->regenerating++;
  for (guint i = 0; i < self->slides->len; i++)
    {
      DgTourSlide *slide = g_ptr_array_index (self->slides, i);
      char *title = NULL, *caption = NULL;

      switch (slide->kind)
        {
        case DG_TOUR_SLIDE_OVERVIEW:
          dg_tour_overview_words (doc, analysis, filter, &title, &caption);
          break;
        case DG_TOUR_SLIDE_CYCLE:
          dg_tour_cycle_words (slide, doc, analysis, &title, &caption);
          break;
        case DG_TOUR_SLIDE_COMPANY:
          dg_tour_company_words (slide, doc, analysis, &title, &caption);
          break;
        case DG_TOUR_SLIDE_SOURCES:
          title = g_strdup (_("Sources"));
          caption = g_strdup (_("The reports behind the deals on the slides before this one."));
          break;
        case DG_TOUR_SLIDE_CHANGES:
        case DG_TOUR_SLIDE_CHANGE:
          dg_tour_change_words (slide, doc, changes_for (changes, doc, slide), &title, &caption);
          break;
        case DG_TOUR_SLIDE_CUSTOM:
        default:
          break;
        }
      dg_tour_slide_set_generated (slide, title, caption);
    }
  self->regenerating--;
}

/* Building ---------------------------------------------------------------- */

typedef struct
{
  guint node;
  guint n_cycles;
} CompanyRank;

static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  const CompanyRank *x = a;
  const CompanyRank *y = b;

  if (x->n_cycles != y->n_cycles)
    return x->n_cycles > y->n_cycles ? -1 : 1;
  return x->node < y->node ? -1 : x->node > y->node;
}

/**
 * dg_tour_new_from_document:
 * @doc: the document
 * @analysis: its analysis with cycles and shares, made with @filter's edge
 *   mask (dg_filter_apply()) so the tour shows what the canvas shows
 * @filter: (nullable): the filter shown; %NULL for none
 * @max_cycles: how many route slides at most (the largest round trips);
 *   %DG_TOUR_DEFAULT_MAX_CYCLES is the default, 0 for none
 *
 * Builds the tour: an overview; one slide per route (the cycles through
 * the same companies, with all their parallel deals), largest round trip
 * first (the analysis's order), captioned with its story and when its
 * deals were announced, titled with dg_cycle_summary_get_caption(); one
 * slide for each of the
 * %DG_TOUR_N_COMPANY_SLIDES companies on the most routes, with how many and
 * its round-trip shares; and a closing "Sources" slide.
 *
 * Returns: (transfer full): the tour
 */
DgTour *
dg_tour_new_from_document (DgDocument     *doc,
                           DgAnalysis     *analysis,
                           const DgFilter *filter,
                           guint           max_cycles)
{
  DgTour *self;
  g_autofree CompanyRank *ranks = NULL;
  guint n_nodes, n_ranked = 0;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (analysis->graph->n_edges == dg_document_get_n_deals (doc)
                        && analysis->graph->n_nodes == dg_document_get_n_companies (doc), NULL);

  self = dg_tour_new ();
  self->max_cycles = max_cycles;

  dg_tour_append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_OVERVIEW, NULL, NULL));

  for (guint r = 0; r < analysis->n_routes && r < max_cycles; r++)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      guint n = 0;

      /* Every deal of every step, in the route's order, so the saved tour
       * reads like the caption. */
      dg_analysis_get_route_companies (analysis, r, &n);
      for (guint hop = 0; hop < n; hop++)
        {
          guint n_hop = 0;
          g_autofree guint *hop_deals = dg_analysis_dup_route_hop_deals (analysis, r, hop, &n_hop);

          for (guint k = 0; k < n_hop; k++)
            g_ptr_array_add (ids, (gpointer) dg_deal_get_id (dg_document_get_deal (doc, hop_deals[k])));
        }
      g_ptr_array_add (ids, NULL);
      dg_tour_append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_CYCLE, NULL, (const char * const *) ids->pdata));
    }

  n_nodes = analysis->graph->n_nodes;
  ranks = g_new (CompanyRank, MAX (n_nodes, 1));
  for (guint v = 0; v < n_nodes; v++)
    {
      guint n = 0;

      /* On the most routes: parallel deals do not make a company more
       * central. */
      dg_analysis_get_routes_for_node (analysis, v, &n);
      if (n > 0)
        ranks[n_ranked++] = (CompanyRank) { v, n };
    }
  qsort (ranks, n_ranked, sizeof (CompanyRank), compare_rank);
  for (guint i = 0; i < n_ranked && i < DG_TOUR_N_COMPANY_SLIDES; i++)
    {
      const char *ids[] = { dg_company_get_id (dg_document_get_company (doc, ranks[i].node)), NULL };

      dg_tour_append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_COMPANY, ids, NULL));
    }

  dg_tour_append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_SOURCES, NULL, NULL));

  dg_tour_regenerate (self, doc, analysis, filter);
  return self;
}

/**
 * dg_tour_new_changes:
 * @doc: the document
 * @since: the as-of date the changes are counted from, as
 *   dg_changes_parse_since() gives it for "2026-01"
 * @until: the as-of date they are counted to; 0 for the latest state
 * @max_cycle_slides: how many slides of cycles that broke or formed at
 *   most (%DG_TOUR_DEFAULT_MAX_CYCLE_CHANGES)
 * @max_deal_slides: how many slides of deals replaced, cancelled, resized
 *   or stalled at most, the largest (%DG_TOUR_DEFAULT_MAX_DEAL_CHANGES)
 *
 * The tour of changes: a "What changed since…" slide with the counts
 * (dg_changes_overview_text()), then one slide per big change
 * (dg_changes_get_biggest()): cycles that broke first, then cycles that
 * formed, then the largest deal changes, each shown at its date
 * (dg_tour_slide_get_as_of()) with its deals lit; and a closing "Sources"
 * slide. Slides keep the dates, so a saved tour of changes tells the same
 * story whatever the timeline shows.
 *
 * Returns: (transfer full): the tour
 */
DgTour *
dg_tour_new_changes (DgDocument *doc,
                     gint32      since,
                     gint32      until,
                     guint       max_cycle_slides,
                     guint       max_deal_slides)
{
  g_autoptr(DgChanges) changes = NULL;
  g_autoptr(GPtrArray) biggest = NULL;
  DgTourSlide *slide;
  DgTour *self;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (since > 0 && (until == 0 || until > since), NULL);

  changes = dg_changes_new (doc, since, until, DG_TOUR_CHANGES_MAX_LENGTH);
  biggest = dg_changes_get_biggest (changes, max_cycle_slides, max_deal_slides);

  self = dg_tour_new ();
  slide = dg_tour_slide_new (DG_TOUR_SLIDE_CHANGES, NULL, NULL);
  dg_tour_slide_set_change (slide, since, until, -1);
  dg_tour_append_slide (self, slide);

  for (guint i = 0; i < biggest->len; i++)
    {
      const DgChange *change = g_ptr_array_index (biggest, i);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      if (change->kind == DG_CHANGE_CYCLE_BROKE || change->kind == DG_CHANGE_CYCLE_FORMED)
        {
          const GArray *cycle = g_ptr_array_index (change->cycles, 0);

          for (guint k = 0; k < cycle->len; k++)
            g_ptr_array_add (ids, (gpointer) dg_deal_get_id (dg_document_get_deal (doc, g_array_index (cycle, guint, k))));
        }
      else
        {
          g_ptr_array_add (ids, (gpointer) dg_deal_get_id (dg_document_get_deal (doc, change->deal)));
          /* A replacement is shown after the change, with its successor. */
          if (change->replacement != G_MAXUINT)
            g_ptr_array_add (ids, (gpointer) dg_deal_get_id (dg_document_get_deal (doc, change->replacement)));
        }
      g_ptr_array_add (ids, NULL);
      slide = dg_tour_slide_new (DG_TOUR_SLIDE_CHANGE, NULL, (const char * const *) ids->pdata);
      dg_tour_slide_set_change (slide, since, until, change->kind);
      dg_tour_append_slide (self, slide);
    }

  dg_tour_append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_SOURCES, NULL, NULL));
  dg_tour_regenerate (self, doc, NULL, NULL);
  return self;
}

/* Sources ----------------------------------------------------------------- */

/**
 * dg_tour_get_sources:
 * @self: a tour
 * @doc: the document shown
 * @analysis: (nullable): its analysis, as for dg_tour_slide_get_focus()
 * @position: a slide's position (usually the sources slide's)
 *
 * The sources behind every deal lit on the slides before @position that
 * are not hidden, in the order the slides show the deals, each once: two
 * sources with the same URL count once (sources without a URL count once
 * per publisher, title and date).
 *
 * Returns: (transfer full) (element-type DgSource): copies of the sources
 */
GPtrArray *
dg_tour_get_sources (DgTour     *self,
                     DgDocument *doc,
                     DgAnalysis *analysis,
                     guint       position)
{
  g_autoptr(GHashTable) seen_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_deals = g_hash_table_new (g_direct_hash, g_direct_equal);
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);

  g_return_val_if_fail (DG_IS_TOUR (self), sources);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), sources);

  for (guint i = 0; i < position && i < self->slides->len; i++)
    {
      DgTourSlide *slide = g_ptr_array_index (self->slides, i);
      g_autoptr(GArray) ordered = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree guint *edges = NULL;
      guint n_edges = 0;

      if (slide->hidden || !dg_tour_slide_get_focus (slide, doc, analysis, NULL, NULL, &edges, &n_edges))
        continue;

      /* A cycle lists its sources in the story's order, not by index. */
      if (slide->kind == DG_TOUR_SLIDE_CYCLE)
        dg_tour_lookup_deals (doc, (const char * const *) slide->deal_ids, ordered);
      else
        g_array_append_vals (ordered, edges, n_edges);

      for (guint k = 0; k < ordered->len; k++)
        {
          guint e = g_array_index (ordered, guint, k);
          GPtrArray *deal_sources;

          if (!g_hash_table_add (seen_deals, GUINT_TO_POINTER (e + 1)))
            continue;
          deal_sources = dg_deal_get_sources (dg_document_get_deal (doc, e));
          for (guint s = 0; deal_sources != NULL && s < deal_sources->len; s++)
            {
              const DgSource *source = g_ptr_array_index (deal_sources, s);
              char *key;

              if (source->url != NULL && *source->url != '\0')
                key = g_strconcat ("url:", source->url, NULL);
              else
                key = g_strdup_printf ("text:%s\x1f%s\x1f%s",
                                       source->publisher != NULL ? source->publisher : "",
                                       source->title != NULL ? source->title : "",
                                       source->date != NULL ? source->date : "");
              if (g_hash_table_add (seen_keys, key))
                g_ptr_array_add (sources, dg_source_copy (source));
            }
        }
    }

  return sources;
}
