/* dg-tour.c: the presentation's slides, and exporting them as PDF or PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slides keep ids; every index they stand for is looked up again in the
 * document they are shown with, so an edited file never makes a slide point
 * at the wrong deal. Generated titles and captions are made again from the
 * document and analysis at hand (dg_tour_regenerate()), in the user's
 * language; only what the presenter typed is saved.
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-deal-state.h"
#include "dg-export.h"
#include "dg-format.h"
#include "dg-layout.h"
#include "dg-story.h"
#include "dg-summary.h"
#include "dg-tour.h"
#include "dg-util-private.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define MAX_PIXELS 32767

G_DEFINE_ENUM_TYPE (DgTourSlideKind, dg_tour_slide_kind,
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_OVERVIEW, "overview"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_CYCLE, "cycle"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_COMPANY, "company"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_SOURCES, "sources"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_CUSTOM, "custom"))

static const char * const kind_names[] = { "overview", "cycle", "company", "sources", "custom" };

/**
 * dg_tour_slide_kind_to_string:
 * @kind: a slide kind
 *
 * Returns: the kind's name in files: `overview`, `cycle`, `company`,
 *   `sources` or `custom`
 */
const char *
dg_tour_slide_kind_to_string (DgTourSlideKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * dg_tour_slide_kind_from_string:
 * @str: (nullable): a kind's name
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @str names a slide kind
 */
gboolean
dg_tour_slide_kind_from_string (const char      *str,
                                DgTourSlideKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (str, kind_names[i]) == 0)
      {
        *kind = (DgTourSlideKind) i;
        return TRUE;
      }
  return FALSE;
}

/* DgTourSlide ------------------------------------------------------------- */

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
};

G_DEFINE_FINAL_TYPE (DgTourSlide, dg_tour_slide, G_TYPE_OBJECT)

enum {
  SLIDE_PROP_0,
  SLIDE_PROP_KIND,
  SLIDE_PROP_TITLE,
  SLIDE_PROP_CAPTION,
  SLIDE_PROP_TITLE_EDITED,
  SLIDE_PROP_CAPTION_EDITED,
  SLIDE_PROP_HIDDEN,
  SLIDE_PROP_DEAL_IDS,
  SLIDE_PROP_COMPANY_IDS,
  SLIDE_N_PROPS
};

static GParamSpec *slide_properties[SLIDE_N_PROPS];

static void
dg_tour_slide_finalize (GObject *object)
{
  DgTourSlide *self = DG_TOUR_SLIDE (object);

  g_strfreev (self->deal_ids);
  g_strfreev (self->company_ids);
  g_free (self->title);
  g_free (self->caption);
  g_free (self->generated_title);
  g_free (self->generated_caption);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dg_tour_slide_parent_class)->finalize (object);
}

static void
dg_tour_slide_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DgTourSlide *self = DG_TOUR_SLIDE (object);

  switch (prop_id)
    {
    case SLIDE_PROP_KIND: g_value_set_enum (value, self->kind); break;
    case SLIDE_PROP_TITLE: g_value_set_string (value, dg_tour_slide_get_title (self)); break;
    case SLIDE_PROP_CAPTION: g_value_set_string (value, dg_tour_slide_get_caption (self)); break;
    case SLIDE_PROP_TITLE_EDITED: g_value_set_boolean (value, self->title != NULL); break;
    case SLIDE_PROP_CAPTION_EDITED: g_value_set_boolean (value, self->caption != NULL); break;
    case SLIDE_PROP_HIDDEN: g_value_set_boolean (value, self->hidden); break;
    case SLIDE_PROP_DEAL_IDS: g_value_set_boxed (value, self->deal_ids); break;
    case SLIDE_PROP_COMPANY_IDS: g_value_set_boxed (value, self->company_ids); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_tour_slide_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DgTourSlide *self = DG_TOUR_SLIDE (object);

  switch (prop_id)
    {
    case SLIDE_PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case SLIDE_PROP_TITLE:
      dg_tour_slide_set_title (self, g_value_get_string (value));
      break;
    case SLIDE_PROP_CAPTION:
      dg_tour_slide_set_caption (self, g_value_get_string (value));
      break;
    case SLIDE_PROP_HIDDEN:
      dg_tour_slide_set_hidden (self, g_value_get_boolean (value));
      break;
    case SLIDE_PROP_DEAL_IDS:
      g_strfreev (self->deal_ids);
      self->deal_ids = g_value_get_boxed (value) != NULL ? g_value_dup_boxed (value) : g_new0 (char *, 1);
      break;
    case SLIDE_PROP_COMPANY_IDS:
      g_strfreev (self->company_ids);
      self->company_ids = g_value_get_boxed (value) != NULL ? g_value_dup_boxed (value) : g_new0 (char *, 1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_tour_slide_class_init (DgTourSlideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dg_tour_slide_finalize;
  object_class->get_property = dg_tour_slide_get_property;
  object_class->set_property = dg_tour_slide_set_property;

  slide_properties[SLIDE_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, DG_TYPE_TOUR_SLIDE_KIND, DG_TOUR_SLIDE_CUSTOM,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_TITLE_EDITED] =
    g_param_spec_boolean ("title-edited", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_CAPTION_EDITED] =
    g_param_spec_boolean ("caption-edited", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_HIDDEN] =
    g_param_spec_boolean ("hidden", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_DEAL_IDS] =
    g_param_spec_boxed ("deal-ids", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  slide_properties[SLIDE_PROP_COMPANY_IDS] =
    g_param_spec_boxed ("company-ids", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, SLIDE_N_PROPS, slide_properties);
}

static void
dg_tour_slide_init (DgTourSlide *self)
{
  self->kind = DG_TOUR_SLIDE_CUSTOM;
  self->deal_ids = g_new0 (char *, 1);
  self->company_ids = g_new0 (char *, 1);
}

/**
 * dg_tour_slide_new:
 * @kind: the kind
 * @company_ids: (nullable) (array zero-terminated=1): for a company slide,
 *   the company; for a custom slide, the companies to show
 * @deal_ids: (nullable) (array zero-terminated=1): for a cycle slide, its
 *   deals in story order; for a custom slide, the deals to show
 *
 * A slide whose title and caption dg_tour_regenerate() makes.
 *
 * Returns: (transfer full): the slide
 */
DgTourSlide *
dg_tour_slide_new (DgTourSlideKind     kind,
                   const char * const *company_ids,
                   const char * const *deal_ids)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return g_object_new (DG_TYPE_TOUR_SLIDE,
                       "kind", kind,
                       "company-ids", company_ids,
                       "deal-ids", deal_ids,
                       NULL);
}

/**
 * dg_tour_slide_new_custom:
 * @title: (nullable): the title
 * @caption: (nullable): the caption
 * @company_ids: (nullable) (array zero-terminated=1): companies to show
 * @deal_ids: (nullable) (array zero-terminated=1): deals to show (their
 *   companies are shown too)
 *
 * The presenter's own slide, e.g. from the current selection. With neither
 * companies nor deals it shows the whole network.
 *
 * Returns: (transfer full): the slide
 */
DgTourSlide *
dg_tour_slide_new_custom (const char         *title,
                          const char         *caption,
                          const char * const *company_ids,
                          const char * const *deal_ids)
{
  DgTourSlide *self = dg_tour_slide_new (DG_TOUR_SLIDE_CUSTOM, company_ids, deal_ids);

  self->title = g_strdup (title);
  self->caption = g_strdup (caption);
  return self;
}

DgTourSlideKind
dg_tour_slide_get_kind (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), DG_TOUR_SLIDE_CUSTOM);
  return self->kind;
}

/**
 * dg_tour_slide_get_deal_ids:
 * @self: a slide
 *
 * Returns: (transfer none) (array zero-terminated=1): the deals it shows,
 *   by id; a cycle's in the order its story tells them
 */
const char * const *
dg_tour_slide_get_deal_ids (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), NULL);
  return (const char * const *) self->deal_ids;
}

/**
 * dg_tour_slide_get_company_ids:
 * @self: a slide
 *
 * Returns: (transfer none) (array zero-terminated=1): the companies it is
 *   about, by id
 */
const char * const *
dg_tour_slide_get_company_ids (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), NULL);
  return (const char * const *) self->company_ids;
}

/**
 * dg_tour_slide_get_title:
 * @self: a slide
 *
 * Returns: (transfer none): the presenter's title if they gave one, else
 *   the generated one; plain text, never markup
 */
const char *
dg_tour_slide_get_title (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), NULL);

  if (self->title != NULL)
    return self->title;
  return self->generated_title != NULL ? self->generated_title : "";
}

/**
 * dg_tour_slide_set_title:
 * @self: a slide
 * @title: (nullable): the presenter's title; %NULL goes back to the
 *   generated one
 */
void
dg_tour_slide_set_title (DgTourSlide *self,
                         const char  *title)
{
  gboolean was_edited;

  g_return_if_fail (DG_IS_TOUR_SLIDE (self));

  was_edited = self->title != NULL;
  if (!dg_set_str (&self->title, title))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_TITLE]);
  if (was_edited != (self->title != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_TITLE_EDITED]);
}

gboolean
dg_tour_slide_get_title_edited (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), FALSE);
  return self->title != NULL;
}

/**
 * dg_tour_slide_get_caption:
 * @self: a slide
 *
 * Returns: (transfer none): the presenter's caption if they wrote one,
 *   else the generated one; plain text, never markup
 */
const char *
dg_tour_slide_get_caption (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), NULL);

  if (self->caption != NULL)
    return self->caption;
  return self->generated_caption != NULL ? self->generated_caption : "";
}

/**
 * dg_tour_slide_set_caption:
 * @self: a slide
 * @caption: (nullable): the presenter's caption; %NULL goes back to the
 *   generated one. An empty string is a caption too: no caption.
 */
void
dg_tour_slide_set_caption (DgTourSlide *self,
                           const char  *caption)
{
  gboolean was_edited;

  g_return_if_fail (DG_IS_TOUR_SLIDE (self));

  was_edited = self->caption != NULL;
  if (!dg_set_str (&self->caption, caption))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_CAPTION]);
  if (was_edited != (self->caption != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_CAPTION_EDITED]);
}

gboolean
dg_tour_slide_get_caption_edited (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), FALSE);
  return self->caption != NULL;
}

/**
 * dg_tour_slide_get_generated_title:
 * @self: a slide
 *
 * Returns: (transfer none): the title dg_tour_regenerate() made, whatever
 *   the presenter typed (for a "reset" button's tooltip)
 */
const char *
dg_tour_slide_get_generated_title (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), NULL);
  return self->generated_title != NULL ? self->generated_title : "";
}

/**
 * dg_tour_slide_get_generated_caption:
 * @self: a slide
 *
 * Returns: (transfer none): the caption dg_tour_regenerate() made
 */
const char *
dg_tour_slide_get_generated_caption (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), NULL);
  return self->generated_caption != NULL ? self->generated_caption : "";
}

gboolean
dg_tour_slide_get_hidden (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), FALSE);
  return self->hidden;
}

/**
 * dg_tour_slide_set_hidden:
 * @self: a slide
 * @hidden: %TRUE to leave the slide out of the presentation and exports
 */
void
dg_tour_slide_set_hidden (DgTourSlide *self,
                          gboolean     hidden)
{
  g_return_if_fail (DG_IS_TOUR_SLIDE (self));

  hidden = !!hidden;
  if (self->hidden == hidden)
    return;
  self->hidden = hidden;
  g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_HIDDEN]);
}

static void
slide_set_generated (DgTourSlide *self,
                     char        *title,
                     char        *caption)
{
  gboolean title_changed = g_strcmp0 (self->generated_title, title) != 0;
  gboolean caption_changed = g_strcmp0 (self->generated_caption, caption) != 0;

  g_free (self->generated_title);
  self->generated_title = title;
  g_free (self->generated_caption);
  self->generated_caption = caption;

  if (title_changed && self->title == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_TITLE]);
  if (caption_changed && self->caption == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), slide_properties[SLIDE_PROP_CAPTION]);
}

/* Focus ------------------------------------------------------------------- */

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates in place. */
static void
sort_unique (GArray *array)
{
  guint k = 0;

  g_array_sort (array, compare_uint);
  for (guint i = 0; i < array->len; i++)
    if (k == 0 || g_array_index (array, guint, k - 1) != g_array_index (array, guint, i))
      g_array_index (array, guint, k++) = g_array_index (array, guint, i);
  g_array_set_size (array, k);
}

/* The deal indices of @ids in @doc; FALSE when one is missing. */
static gboolean
lookup_deals (DgDocument         *doc,
              const char * const *ids,
              GArray             *out)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      DgDeal *deal = dg_document_lookup_deal (doc, ids[i]);

      if (deal == NULL)
        return FALSE;
      g_array_append_vals (out, (guint[]) { dg_deal_get_index (deal) }, 1);
    }
  return TRUE;
}

static gboolean
lookup_companies (DgDocument         *doc,
                  const char * const *ids,
                  GArray             *out)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      DgCompany *company = dg_document_lookup_company (doc, ids[i]);

      if (company == NULL)
        return FALSE;
      g_array_append_vals (out, (guint[]) { dg_company_get_index (company) }, 1);
    }
  return TRUE;
}

/**
 * dg_tour_slide_get_focus:
 * @self: a slide
 * @doc: the document shown
 * @analysis: (nullable): its analysis, with the filter shown; a company
 *   slide lights the company's deals that lie on cycles in it (all its
 *   deals shown when %NULL)
 * @nodes: (out) (transfer full) (array length=n_nodes) (optional): the
 *   companies to zoom to and light, sorted; free with g_free()
 * @n_nodes: (out) (optional): their number
 * @edges: (out) (transfer full) (array length=n_edges) (optional): the
 *   deals to light, sorted; free with g_free()
 * @n_edges: (out) (optional): their number
 *
 * What the camera shows and what stays lit (everything else is dimmed):
 * a cycle's deals and companies; a company, its deals on cycles and the
 * companies at their other ends; a custom slide's companies and deals (and
 * the deals' companies). Overview and sources slides have no focus: fit
 * the whole diagram and dim nothing. Deals the filter hides are left out
 * when @analysis was made with it.
 *
 * Returns: %TRUE when the slide has a focus; %FALSE (with empty arrays)
 *   when it has none, or when its deals or companies are not in @doc
 */
gboolean
dg_tour_slide_get_focus (DgTourSlide  *self,
                         DgDocument   *doc,
                         DgAnalysis   *analysis,
                         guint       **nodes,
                         guint        *n_nodes,
                         guint       **edges,
                         guint        *n_edges)
{
  g_autoptr(GArray) node_list = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) edge_list = g_array_new (FALSE, FALSE, sizeof (guint));
  DgGraph *graph;
  gboolean ok = TRUE;

  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), FALSE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);

  graph = dg_document_get_graph (doc);
  if (analysis != NULL && analysis->graph->n_edges != graph->n_edges)
    analysis = NULL;   /* made from another document: do not trust it */

  switch (self->kind)
    {
    case DG_TOUR_SLIDE_CYCLE:
      ok = self->deal_ids[0] != NULL && lookup_deals (doc, (const char * const *) self->deal_ids, edge_list);
      break;

    case DG_TOUR_SLIDE_COMPANY:
      {
        g_autoptr(GArray) company = g_array_new (FALSE, FALSE, sizeof (guint));
        guint v, n_cyclic = 0;

        ok = self->company_ids[0] != NULL
             && lookup_companies (doc, (const char * const *) self->company_ids, company);
        if (!ok)
          break;
        v = g_array_index (company, guint, 0);
        g_array_append_val (node_list, v);

        /* Its deals on cycles; if none are (a filter broke them), all the
         * deals it has in view, so the slide still shows something. */
        for (guint pass = 0; pass < 2 && n_cyclic == 0; pass++)
          for (guint dir = 0; dir < 2; dir++)
            {
              const guint *offset = dir == 0 ? graph->out_offset : graph->in_offset;
              const guint *list = dir == 0 ? graph->out_edges : graph->in_edges;

              for (guint i = offset[v]; i < offset[v + 1]; i++)
                {
                  guint e = list[i];

                  if (analysis != NULL && !analysis->edge_included[e])
                    continue;
                  if (pass == 0 && analysis != NULL && !analysis->edge_cyclic[e])
                    continue;
                  g_array_append_val (edge_list, e);
                  n_cyclic++;
                }
            }
      }
      break;

    case DG_TOUR_SLIDE_CUSTOM:
      ok = lookup_companies (doc, (const char * const *) self->company_ids, node_list)
           && lookup_deals (doc, (const char * const *) self->deal_ids, edge_list)
           && (node_list->len > 0 || edge_list->len > 0);
      break;

    case DG_TOUR_SLIDE_OVERVIEW:
    case DG_TOUR_SLIDE_SOURCES:
    default:
      ok = FALSE;
      break;
    }

  if (!ok)
    {
      g_array_set_size (node_list, 0);
      g_array_set_size (edge_list, 0);
    }

  for (guint i = 0; i < edge_list->len; i++)
    {
      guint e = g_array_index (edge_list, guint, i);

      g_array_append_val (node_list, graph->edge_src[e]);
      g_array_append_val (node_list, graph->edge_dst[e]);
    }
  sort_unique (node_list);
  sort_unique (edge_list);

  if (n_nodes != NULL)
    *n_nodes = node_list->len;
  if (n_edges != NULL)
    *n_edges = edge_list->len;
  if (nodes != NULL)
    *nodes = (guint *) (gpointer) g_array_free (g_steal_pointer (&node_list), FALSE);
  if (edges != NULL)
    *edges = (guint *) (gpointer) g_array_free (g_steal_pointer (&edge_list), FALSE);

  return ok;
}

/**
 * dg_tour_slide_find_cycle:
 * @self: a cycle slide
 * @doc: the document
 * @analysis: an analysis of @doc with cycles
 *
 * Which of @analysis's cycles the slide shows (e.g. to open the cycle's
 * panel or highlight it in a list): the one made of the same deals.
 *
 * Returns: the cycle's index in @analysis, or -1 when it is not there (a
 *   deal was removed or filtered out, or the search stopped before it)
 */
int
dg_tour_slide_find_cycle (DgTourSlide *self,
                          DgDocument  *doc,
                          DgAnalysis  *analysis)
{
  g_autoptr(GArray) deals = g_array_new (FALSE, FALSE, sizeof (guint));
  const guint *candidates;
  guint n_candidates = 0;

  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), -1);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), -1);
  g_return_val_if_fail (analysis != NULL, -1);

  if (self->kind != DG_TOUR_SLIDE_CYCLE || self->deal_ids[0] == NULL
      || analysis->graph->n_edges != dg_document_get_n_deals (doc)
      || !lookup_deals (doc, (const char * const *) self->deal_ids, deals))
    return -1;

  sort_unique (deals);
  candidates = dg_analysis_get_cycles_for_edge (analysis, g_array_index (deals, guint, 0), &n_candidates);
  for (guint i = 0; candidates != NULL && i < n_candidates; i++)
    {
      guint n = 0;
      const guint *cycle = dg_analysis_get_cycle_deals (analysis, candidates[i], &n);
      guint found = 0;

      if (n != deals->len)
        continue;
      /* An elementary cycle has each deal once: equal sets, equal cycles. */
      for (guint k = 0; k < n; k++)
        found += bsearch (&cycle[k], deals->data, deals->len, sizeof (guint), compare_uint) != NULL;
      if (found == n)
        return (int) candidates[i];
    }
  return -1;
}

/**
 * dg_tour_slide_find_route:
 * @self: a cycle slide
 * @doc: the document
 * @analysis: an analysis of @doc with cycles
 *
 * Which of @analysis's routes the slide shows: the one whose deals (every
 * parallel deal of every step) are the slide's deals. A route with one
 * combination of deals is also a cycle (dg_tour_slide_find_cycle()).
 *
 * Returns: the route's index in @analysis, or -1 when it is not there
 */
int
dg_tour_slide_find_route (DgTourSlide *self,
                          DgDocument  *doc,
                          DgAnalysis  *analysis)
{
  g_autoptr(GArray) deals = g_array_new (FALSE, FALSE, sizeof (guint));
  const guint *through;
  guint n_through = 0;

  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), -1);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), -1);
  g_return_val_if_fail (analysis != NULL, -1);

  if (self->kind != DG_TOUR_SLIDE_CYCLE || self->deal_ids[0] == NULL
      || analysis->graph->n_edges != dg_document_get_n_deals (doc)
      || !lookup_deals (doc, (const char * const *) self->deal_ids, deals))
    return -1;

  sort_unique (deals);
  /* The routes of the cycles along its first deal are the candidates. */
  through = dg_analysis_get_cycles_for_edge (analysis, g_array_index (deals, guint, 0), &n_through);
  for (guint i = 0; through != NULL && i < n_through; i++)
    {
      guint route = dg_analysis_get_cycle_route (analysis, through[i]);
      guint n = 0, count = 0;
      gboolean all_in = TRUE;

      dg_analysis_get_route_companies (analysis, route, &n);
      for (guint hop = 0; hop < n && all_in; hop++)
        {
          guint n_hop = 0;
          g_autofree guint *hop_deals = dg_analysis_dup_route_hop_deals (analysis, route, hop, &n_hop);

          for (guint k = 0; k < n_hop && all_in; k++)
            all_in = bsearch (&hop_deals[k], deals->data, deals->len, sizeof (guint), compare_uint) != NULL;
          count += n_hop;
        }
      if (all_in && count == deals->len)
        return (int) route;
    }
  return -1;
}

/* DgTour ------------------------------------------------------------------ */

struct _DgTour
{
  GObject parent_instance;

  GPtrArray *slides;          /* DgTourSlide */
  JsonObject *extra;          /* saved members this version does not know */
  guint max_cycles;
  guint regenerating;         /* generated words change nothing saved */
};

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
  if (pspec == slide_properties[SLIDE_PROP_TITLE]
      || pspec == slide_properties[SLIDE_PROP_CAPTION]
      || pspec == slide_properties[SLIDE_PROP_HIDDEN])
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

static void
append_slide (DgTour      *self,
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

/* Words ------------------------------------------------------------------- */

/* "Announced in October 2025." / "Announced between January 2025 and
 * November 2025.", and how many deals have no date. */
static char *
dates_sentence (DgDocument  *doc,
                const guint *deals,
                guint        n_deals)
{
  DgDeal *first = NULL, *last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *when = NULL;
  guint n_undated = 0;

  for (guint i = 0; i < n_deals; i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, deals[i]);
      gint32 date = dg_deal_get_announced_packed (deal);

      if (date <= 0)
        {
          n_undated++;
          continue;
        }
      if (first == NULL || date < dg_deal_get_announced_packed (first))
        first = deal;
      if (last == NULL || date > dg_deal_get_announced_packed (last))
        last = deal;
    }

  if (first != NULL)
    {
      first_text = dg_format_date_locale (dg_deal_get_announced (first));
      last_text = dg_format_date_locale (dg_deal_get_announced (last));
      if (g_strcmp0 (first_text, last_text) != 0)
        /* Translators: when a cycle's deals were announced, e.g. "Announced between January 2025 and November 3, 2025." */
        when = g_strdup_printf (_("Announced between %s and %s."), first_text, last_text);
      else if (dg_deal_get_announced_packed (first) % 100 != 0)
        /* Translators: when a cycle's deals were announced, a day: "Announced on November 3, 2025." */
        when = g_strdup_printf (_("Announced on %s."), first_text);
      else
        /* Translators: when a cycle's deals were announced, a month or a year: "Announced in October 2025." */
        when = g_strdup_printf (_("Announced in %s."), first_text);
    }

  if (n_undated == 0)
    return g_steal_pointer (&when);
  else
    {
      /* Translators: how many of a cycle's deals have no announced date */
      g_autofree char *undated = g_strdup_printf (ngettext ("%u deal has no date.", "%u deals have no date.",
                                                            n_undated),
                                                  n_undated);

      if (when == NULL)
        return g_steal_pointer (&undated);
      /* Translators: two sentences in a row */
      return g_strdup_printf (_("%s %s"), when, undated);
    }
}

/* A cycle slide whose cycle is not in the analysis (filtered out, or the
 * search stopped before it): tell its deals one by one. */
static void
cycle_words_without_analysis (DgDocument   *doc,
                              const GArray *deals,
                              char        **title,
                              char        **caption)
{
  g_autofree const char **names = g_new (const char *, deals->len + 1);
  g_autoptr(GString) story = g_string_new (NULL);
  g_autofree char *dates = NULL;

  for (guint i = 0; i < deals->len; i++)
    {
      guint e = g_array_index (deals, guint, i);
      g_autofree char *sentence = dg_story_for_deal (doc, e);

      names[i] = dg_summary_company_name (doc, dg_deal_get_from_index (dg_document_get_deal (doc, e)));
      if (i > 0)
        g_string_append_c (story, ' ');
      g_string_append (story, sentence);
    }

  dates = dates_sentence (doc, (const guint *) (gpointer) deals->data, deals->len);
  if (dates != NULL)
    g_string_append_printf (story, " %s", dates);

  *title = dg_format_chain (names, deals->len);
  *caption = g_string_free (g_steal_pointer (&story), FALSE);
}

/* A slide shows a route (every parallel deal of each step) or one cycle;
 * either way its words come from the summary everything else shows. */
static void
cycle_words (DgTourSlide *slide,
             DgDocument  *doc,
             DgAnalysis  *analysis,
             char       **title,
             char       **caption)
{
  g_autoptr(GArray) deals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(DgCycleSummary) summary = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *dates = NULL;
  int route = -1, cycle = -1;

  *title = NULL;
  *caption = NULL;

  if (slide->deal_ids[0] == NULL || !lookup_deals (doc, (const char * const *) slide->deal_ids, deals))
    return;

  if (analysis != NULL)
    {
      route = dg_tour_slide_find_route (slide, doc, analysis);
      if (route < 0)
        cycle = dg_tour_slide_find_cycle (slide, doc, analysis);
    }
  if (route >= 0)
    summary = dg_cycle_summary_new_route (doc, analysis, (guint) route);
  else if (cycle >= 0)
    summary = dg_cycle_summary_new_cycle (doc, analysis, (guint) cycle);
  else
    {
      cycle_words_without_analysis (doc, deals, title, caption);
      return;
    }

  text = g_string_new (dg_cycle_summary_get_story (summary));
  if (summary->kind == DG_CYCLE_SUMMARY_ROUTE && summary->n_combinations > 1)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: on a route's slide: how many cycles its parallel deals make */
                              ngettext ("Its deals make %u cycle.", "Its deals make %u cycles.", summary->n_cycles),
                              summary->n_cycles);
    }
  else if (summary->kind == DG_CYCLE_SUMMARY_CYCLE && summary->n_cycles > 1)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: on a cycle's slide: its route has other combinations of deals */
                              ngettext ("It is one of %u cycle through these companies.",
                                        "It is one of %u cycles through these companies.", summary->n_cycles),
                              summary->n_cycles);
    }
  dates = dates_sentence (doc, (const guint *) (gpointer) deals->data, deals->len);
  if (dates != NULL)
    g_string_append_printf (text, " %s", dates);

  *title = g_strdup (dg_cycle_summary_get_caption (summary));
  *caption = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
company_words (DgTourSlide *slide,
               DgDocument  *doc,
               DgAnalysis  *analysis,
               char       **title,
               char       **caption)
{
  DgCompany *company = slide->company_ids[0] != NULL
                       ? dg_document_lookup_company (doc, slide->company_ids[0]) : NULL;
  g_autoptr(DgCompanySummary) summary = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint v;

  *title = NULL;
  *caption = NULL;
  if (company == NULL)
    return;

  v = dg_company_get_index (company);
  *title = g_strdup (dg_summary_company_name (doc, v));

  if (analysis == NULL || v >= analysis->graph->n_nodes)
    {
      *caption = g_strdup ("");
      return;
    }

  /* The same figures and words as the company's panel. */
  summary = dg_company_summary_new (doc, analysis, v, 0);
  if (summary->cycles_sentence != NULL)
    g_string_append (text, summary->cycles_sentence);
  if (analysis->company_share != NULL)
    {
      if (summary->out_share_sentence != NULL)
        g_string_append_printf (text, " %s", summary->out_share_sentence);
      if (summary->in_share_sentence != NULL)
        g_string_append_printf (text, " %s", summary->in_share_sentence);
      g_string_append_c (text, ' ');
      g_string_append (text, _("Amounts span different terms, from one-off investments to multi-year contracts, "
                               "so these shares are rough."));
    }

  *caption = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
overview_words (DgDocument     *doc,
                DgAnalysis     *analysis,
                const DgFilter *filter,
                char          **title,
                char          **caption)
{
  DgGraph *graph = dg_document_get_graph (doc);
  g_autofree guint8 *edge_mask = g_new (guint8, MAX (graph->n_edges, 1));
  g_autofree guint8 *node_mask = g_new (guint8, MAX (graph->n_nodes, 1));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *companies = NULL;
  g_autofree char *deals = NULL;
  const char *doc_title = dg_document_get_title (doc);
  DgFilter all;
  guint n_deals, n_companies = 0;

  if (filter == NULL)
    {
      dg_filter_init (&all);
      filter = &all;
    }
  n_deals = dg_filter_apply (filter, graph, edge_mask, node_mask);
  n_deals -= dg_filter_apply_states (filter, doc, edge_mask, node_mask);
  for (guint v = 0; v < graph->n_nodes; v++)
    n_companies += node_mask[v];

  *title = g_strdup (doc_title != NULL && *doc_title != '\0' ? doc_title : _("Overview"));

  if (filter->as_of != 0)
    {
      g_autofree char *label = dg_filter_format_as_of_label (filter->as_of);

      /* Translators: the overview slide's first sentence when the timeline shows a month, e.g. "As of December 2024." */
      g_string_append_printf (text, _("As of %s."), label);
      g_string_append_c (text, ' ');
    }

  /* Translators: part of "36 companies and 67 deals." */
  companies = g_strdup_printf (ngettext ("%u company", "%u companies", n_companies), n_companies);
  /* Translators: part of "36 companies and 67 deals." */
  deals = g_strdup_printf (ngettext ("%u deal", "%u deals", n_deals), n_deals);
  /* Translators: the overview slide's count, "36 companies and 67 deals." */
  g_string_append_printf (text, _("%s and %s."), companies, deals);

  if (analysis != NULL && analysis->n_cyclic_edges > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: %u deals are shaded in the diagram */
                              ngettext ("The %u shaded deal lies on a cycle: money that leaves a company can come back to it.",
                                        "The %u shaded deals lie on cycles: money that leaves a company can come back to it.",
                                        analysis->n_cyclic_edges),
                              analysis->n_cyclic_edges);
    }
  else if (analysis != NULL)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("No money goes round: no deal lies on a cycle."));
    }

  if (filter->as_of != 0)
    {
      guint n_undated = dg_filter_mark_undated (graph, edge_mask, NULL);

      if (n_undated > 0)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text,
                                  /* Translators: on the overview slide when the timeline shows a month */
                                  ngettext ("%u deal has no date and is shown whatever the month.",
                                            "%u deals have no date and are shown whatever the month.",
                                            n_undated),
                                  n_undated);
        }
    }

  *caption = g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * dg_tour_regenerate:
 * @self: a tour
 * @doc: the document shown
 * @analysis: (nullable): its analysis, made with @filter's edge mask, with
 *   cycles and shares
 * @filter: (nullable): the filter shown; %NULL for none
 *
 * Makes every slide's generated title and caption again, for the document,
 * analysis and language at hand (after the file was edited, the filter or
 * the timeline moved). What the presenter typed stays. Slides notify
 * "title" and "caption" where the text shown changed; the tour does not
 * emit ::changed, since nothing saved changed.
 */
void
dg_tour_regenerate (DgTour         *self,
                    DgDocument     *doc,
                    DgAnalysis     *analysis,
                    const DgFilter *filter)
{
  g_return_if_fail (DG_IS_TOUR (self));
  g_return_if_fail (DG_IS_DOCUMENT (doc));

  if (analysis != NULL && analysis->graph->n_edges != dg_document_get_n_deals (doc))
    {
      g_critical ("%s: the analysis is not of this document", G_STRFUNC);
      analysis = NULL;
    }

  self->regenerating++;
  for (guint i = 0; i < self->slides->len; i++)
    {
      DgTourSlide *slide = g_ptr_array_index (self->slides, i);
      char *title = NULL, *caption = NULL;

      switch (slide->kind)
        {
        case DG_TOUR_SLIDE_OVERVIEW:
          overview_words (doc, analysis, filter, &title, &caption);
          break;
        case DG_TOUR_SLIDE_CYCLE:
          cycle_words (slide, doc, analysis, &title, &caption);
          break;
        case DG_TOUR_SLIDE_COMPANY:
          company_words (slide, doc, analysis, &title, &caption);
          break;
        case DG_TOUR_SLIDE_SOURCES:
          title = g_strdup (_("Sources"));
          caption = g_strdup (_("The reports behind the deals on the slides before this one."));
          break;
        case DG_TOUR_SLIDE_CUSTOM:
        default:
          break;
        }
      slide_set_generated (slide, title, caption);
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

  append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_OVERVIEW, NULL, NULL));

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
      append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_CYCLE, NULL, (const char * const *) ids->pdata));
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

      append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_COMPANY, ids, NULL));
    }

  append_slide (self, dg_tour_slide_new (DG_TOUR_SLIDE_SOURCES, NULL, NULL));

  dg_tour_regenerate (self, doc, analysis, filter);
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
        lookup_deals (doc, (const char * const *) slide->deal_ids, ordered);
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

/* Saving and loading ------------------------------------------------------- */

static const char * const slide_known_keys[] = {
  "kind", "deals", "companies", "title", "caption", "hidden",
};

static const char * const tour_known_keys[] = {
  "slides", "max_cycles",
};

static gboolean
is_known (const char         *key,
          const char * const *known,
          guint               n_known)
{
  for (guint i = 0; i < n_known; i++)
    if (strcmp (key, known[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The members of @object not in @known, or NULL when there are none. */
static JsonObject *
unknown_members (JsonObject         *object,
                 const char * const *known,
                 guint               n_known)
{
  JsonObject *extra = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    if (!is_known (key, known, n_known))
      {
        if (extra == NULL)
          extra = json_object_new ();
        json_object_set_member (extra, key, json_node_copy (value));
      }
  return extra;
}

static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (object == NULL)
    return copy;
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (copy, key, json_node_copy (value));
  return copy;
}

static JsonArray *
strv_to_array (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/**
 * dg_tour_save_to_document:
 * @self: a tour
 * @doc: the document to save it in
 *
 * Stores the tour in @doc's "layout" object under "tour":
 * `{"max_cycles": 8, "slides": [{"kind": "overview"}, {"kind": "cycle",
 * "deals": ["amazon-openai-10b", "openai-aws-38b"], "caption": "...",
 * "hidden": true}, {"kind": "company", "companies": ["openai"]}, ...]}`.
 * Titles and captions are saved only when the presenter wrote them; ids,
 * never indices, name deals and companies. Members this version does not
 * know, in the tour and in each slide, are kept. Does not mark the
 * document modified.
 */
void
dg_tour_save_to_document (DgTour     *self,
                          DgDocument *doc)
{
  JsonObject *object;
  JsonArray *slides;

  g_return_if_fail (DG_IS_TOUR (self));
  g_return_if_fail (DG_IS_DOCUMENT (doc));

  object = copy_object (self->extra);
  json_object_set_int_member (object, "max_cycles", self->max_cycles);

  slides = json_array_new ();
  for (guint i = 0; i < self->slides->len; i++)
    {
      DgTourSlide *slide = g_ptr_array_index (self->slides, i);
      JsonObject *item = copy_object (slide->extra);

      json_object_set_string_member (item, "kind", dg_tour_slide_kind_to_string (slide->kind));
      if (slide->deal_ids[0] != NULL)
        json_object_set_array_member (item, "deals", strv_to_array (slide->deal_ids));
      if (slide->company_ids[0] != NULL)
        json_object_set_array_member (item, "companies", strv_to_array (slide->company_ids));
      if (slide->title != NULL)
        json_object_set_string_member (item, "title", slide->title);
      if (slide->caption != NULL)
        json_object_set_string_member (item, "caption", slide->caption);
      if (slide->hidden)
        json_object_set_boolean_member (item, "hidden", TRUE);
      json_array_add_object_element (slides, item);
    }
  json_object_set_array_member (object, "slides", slides);

  json_object_set_object_member (dg_document_get_layout_extra (doc), "tour", object);
}

static void
warn (GPtrArray  *warnings,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (GPtrArray  *warnings,
      const char *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s", message);
  g_ptr_array_add (warnings, message);
}

/* Reads "deals" or "companies": an array of strings naming what exists. */
static gboolean
read_ids (JsonObject  *item,
          const char  *member,
          DgDocument  *doc,
          gboolean     deals,
          char      ***out,
          char       **missing)
{
  JsonNode *node = json_object_get_member (item, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  *out = NULL;
  *missing = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return FALSE;
      id = json_node_get_string (element);
      if (deals ? dg_document_lookup_deal (doc, id) == NULL : dg_document_lookup_company (doc, id) == NULL)
        {
          *missing = g_strdup (id);
          return FALSE;
        }
      g_strv_builder_add (builder, id);
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static const char *
optional_string (JsonObject *item,
                 const char *member,
                 gboolean   *ok)
{
  JsonNode *node = json_object_get_member (item, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  *ok = FALSE;
  return NULL;
}

static DgTourSlide *
read_slide (JsonNode   *node,
            guint       index,
            DgDocument *doc,
            GPtrArray  *warnings)
{
  g_autoptr(DgTourSlide) slide = NULL;
  g_auto(GStrv) deal_ids = NULL;
  g_auto(GStrv) company_ids = NULL;
  g_autofree char *missing = NULL;
  DgTourSlideKind kind;
  JsonObject *item;
  JsonNode *hidden;
  const char *title, *caption;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: %u is a slide's number in the saved tour, from 1 */
      warn (warnings, _("Slide %u of the saved tour is not an object and was dropped"), index + 1);
      return NULL;
    }
  item = json_node_get_object (node);

  if (!dg_tour_slide_kind_from_string (json_object_get_string_member_with_default (item, "kind", NULL), &kind))
    {
      /* Translators: %u is a slide's number in the saved tour, from 1 */
      warn (warnings, _("Slide %u of the saved tour has an unknown kind and was dropped"), index + 1);
      return NULL;
    }

  if (!read_ids (item, "deals", doc, TRUE, &deal_ids, &missing))
    {
      if (missing != NULL)
        /* Translators: %1$u is a slide's number, %2$s a deal's id */
        warn (warnings, _("Slide %1$u of the saved tour was dropped: the deal “%2$s” is no longer in the file"),
              index + 1, missing);
      else
        warn (warnings, _("Slide %u of the saved tour was dropped: its deals are not a list of ids"), index + 1);
      return NULL;
    }
  if (!read_ids (item, "companies", doc, FALSE, &company_ids, &missing))
    {
      if (missing != NULL)
        /* Translators: %1$u is a slide's number, %2$s a company's id */
        warn (warnings, _("Slide %1$u of the saved tour was dropped: the company “%2$s” is no longer in the file"),
              index + 1, missing);
      else
        warn (warnings, _("Slide %u of the saved tour was dropped: its companies are not a list of ids"), index + 1);
      return NULL;
    }
  if ((kind == DG_TOUR_SLIDE_CYCLE && deal_ids[0] == NULL)
      || (kind == DG_TOUR_SLIDE_COMPANY && company_ids[0] == NULL))
    {
      warn (warnings, _("Slide %u of the saved tour was dropped: it does not say what it shows"), index + 1);
      return NULL;
    }

  title = optional_string (item, "title", &ok);
  caption = optional_string (item, "caption", &ok);
  hidden = json_object_get_member (item, "hidden");
  if (hidden != NULL && !(JSON_NODE_HOLDS_VALUE (hidden) && json_node_get_value_type (hidden) == G_TYPE_BOOLEAN))
    {
      hidden = NULL;
      ok = FALSE;
    }
  if (!ok)
    warn (warnings, _("Slide %u of the saved tour has a title, caption or hidden flag of the wrong type; it was ignored"),
          index + 1);

  slide = dg_tour_slide_new (kind, (const char * const *) company_ids, (const char * const *) deal_ids);
  slide->title = g_strdup (title);
  slide->caption = g_strdup (caption);
  slide->hidden = hidden != NULL && json_node_get_boolean (hidden);
  slide->extra = unknown_members (item, slide_known_keys, G_N_ELEMENTS (slide_known_keys));
  return g_steal_pointer (&slide);
}

/**
 * dg_tour_load_from_document:
 * @doc: a document
 * @analysis: (nullable): its analysis, for the generated captions (as for
 *   dg_tour_regenerate())
 * @filter: (nullable): the filter shown
 * @warnings: (out) (transfer full) (element-type utf8) (optional): what was
 *   dropped or ignored, translated, plain text; an empty array when all
 *   went well
 *
 * Reads the tour dg_tour_save_to_document() stored. Slides whose deals or
 * companies are no longer in the file, or that cannot be read, are dropped,
 * each with a warning; the rest keep their order, hidden flags and the
 * presenter's titles and captions, and get fresh generated ones.
 *
 * Returns: (transfer full) (nullable): the tour, or %NULL when the document
 *   holds none (or one that is not a tour at all, with a warning): then
 *   build one with dg_tour_new_from_document()
 */
DgTour *
dg_tour_load_from_document (DgDocument      *doc,
                            DgAnalysis      *analysis,
                            const DgFilter  *filter,
                            GPtrArray      **warnings)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DgTour) self = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonNode *slides;
  JsonNode *max_cycles;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);

  if (warnings != NULL)
    *warnings = NULL;

  node = json_object_get_member (dg_document_get_layout_extra (doc), "tour");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    goto out;

  if (!JSON_NODE_HOLDS_OBJECT (node)
      || (slides = json_object_get_member (json_node_get_object (node), "slides")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (slides))
    {
      warn (list, _("The saved tour could not be read"));
      goto out;
    }
  object = json_node_get_object (node);

  self = dg_tour_new ();
  self->extra = unknown_members (object, tour_known_keys, G_N_ELEMENTS (tour_known_keys));
  max_cycles = json_object_get_member (object, "max_cycles");
  if (max_cycles != NULL && JSON_NODE_HOLDS_VALUE (max_cycles)
      && json_node_get_value_type (max_cycles) == G_TYPE_INT64)
    self->max_cycles = (guint) CLAMP (json_node_get_int (max_cycles), 0, G_MAXINT);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (slides)); i++)
    {
      DgTourSlide *slide = read_slide (json_array_get_element (json_node_get_array (slides), i), i, doc, list);

      if (slide != NULL)
        append_slide (self, slide);
    }

  if (analysis != NULL && (analysis->graph->n_edges != dg_document_get_n_deals (doc)
                           || analysis->graph->n_nodes != dg_document_get_n_companies (doc)))
    analysis = NULL;
  dg_tour_regenerate (self, doc, analysis, filter);

out:
  if (warnings != NULL)
    *warnings = g_steal_pointer (&list);
  return g_steal_pointer (&self);
}

/* The camera --------------------------------------------------------------- */

/**
 * dg_tour_fit_view:
 * @renderer: the renderer that will draw @scene
 * @scene: a scene with graph, positions, labels, size and theme set; its
 *   view and zoom are set
 * @nodes: (array length=n_nodes) (nullable): the companies to fit, e.g.
 *   from dg_tour_slide_get_focus(); %NULL or none fits every company shown
 * @n_nodes: their number
 * @margin: room to leave at the edges, device units
 * @max_zoom: the largest zoom to use, so two companies do not fill the
 *   screen; 0 for no limit
 *
 * dg_renderer_fit_view() for part of the diagram, and with a largest zoom:
 * the companies in @nodes (those @scene shows) and their labels fill the
 * scene's size, centred; the rest of the diagram stays where it falls,
 * dimmed if the caller lights only the focus. Leaves room for the scene's
 * title, and for its legend only when fitting the whole diagram (the
 * renderer places the legend away from the companies).
 */
void
dg_tour_fit_view (DgRenderer  *renderer,
                  DgScene     *scene,
                  const guint *nodes,
                  guint        n_nodes,
                  double       margin,
                  double       max_zoom)
{
  g_autofree guint8 *mask = NULL;
  DgScene fit;
  guint n_fit = 0;
  double cx, cy, top, x, y;

  g_return_if_fail (renderer != NULL);
  g_return_if_fail (scene != NULL);

  fit = *scene;

  if (scene->graph != NULL && nodes != NULL && n_nodes > 0)
    {
      mask = g_new0 (guint8, MAX (scene->graph->n_nodes, 1));
      for (guint i = 0; i < n_nodes; i++)
        if (nodes[i] < scene->graph->n_nodes
            && (scene->node_visible == NULL || scene->node_visible[nodes[i]]))
          {
            mask[nodes[i]] = 1;
            n_fit++;
          }
      if (n_fit > 0)
        {
          fit.node_visible = mask;
          /* The renderer places the legend away from the companies. */
          fit.legend = FALSE;
        }
    }

  dg_renderer_fit_view (renderer, &fit, margin);

  if (max_zoom > 0 && fit.zoom > max_zoom)
    {
      /* Keep what is at the centre of the fitted area there: the area
       * below the title (about the renderer's title line) and within the
       * margins. */
      top = 0;
      if (scene->title != NULL || scene->subtitle != NULL)
        top = dg_theme_get (scene->theme)->title_size * 1.25 + 12;
      cx = scene->width / 2.0;
      cy = (top + scene->height) / 2.0;
      x = (cx - fit.view_x) / fit.zoom;
      y = (cy - fit.view_y) / fit.zoom;
      fit.zoom = max_zoom;
      fit.view_x = cx - x * max_zoom;
      fit.view_y = cy - y * max_zoom;
    }

  scene->view_x = fit.view_x;
  scene->view_y = fit.view_y;
  scene->zoom = fit.zoom;
}

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
  guint8 *edge_undated;
  guint8 *lit_nodes;
  guint8 *lit_edges;
  const char **labels;
  DgAnalysis *analysis;       /* components only, with the filter */
  DgRenderer *renderer;
  guint n_pages;
} Pages;

static void
pages_clear (Pages *p)
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

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pages, pages_clear)

static gboolean
pages_init (Pages                     *p,
            DgTour                    *tour,
            DgDocument                *doc,
            const DgTourExportOptions *opts,
            GError                   **error)
{
  g_autofree guint8 *network = NULL;
  DgAnalysisOptions options;
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
  p->edge_visible = g_new (guint8, MAX (p->graph->n_edges, 1));
  p->node_visible = g_new (guint8, MAX (p->graph->n_nodes, 1));
  p->lit_edges = g_new (guint8, MAX (p->graph->n_edges, 1));
  p->lit_nodes = g_new (guint8, MAX (p->graph->n_nodes, 1));
  dg_filter_apply (filter, p->graph, p->edge_visible, p->node_visible);
  dg_filter_apply_states (filter, doc, p->edge_visible, p->node_visible);
  /* Deals without a date, shown under a date limit: ringed, as in dg_export(). */
  if (filter->as_of != 0)
    {
      p->edge_undated = g_new0 (guint8, MAX (p->graph->n_edges, 1));
      if (dg_filter_mark_undated (p->graph, p->edge_visible, p->edge_undated) == 0)
        g_clear_pointer (&p->edge_undated, g_free);
    }

  /* The shading and the company slides' focus need only the components. */
  dg_analysis_options_init (&options);
  options.flags = 0;
  network = dg_document_make_network_mask (doc, filter->as_of, p->edge_visible);
  options.edge_mask = network != NULL ? network : p->edge_visible;
  p->analysis = dg_analysis_new (p->graph, &options);

  p->labels = g_new0 (const char *, p->graph->n_nodes + 1);
  for (guint v = 0; v < p->graph->n_nodes; v++)
    p->labels[v] = dg_company_get_name (dg_document_get_company (doc, v));

  p->renderer = dg_renderer_new ();
  return TRUE;
}

static void
set_color (cairo_t       *cr,
           const DgColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static DgColor
mix (const DgColor *a,
     const DgColor *b,
     double         t)
{
  return (DgColor) { a->r + (b->r - a->r) * t, a->g + (b->g - a->g) * t, a->b + (b->b - a->b) * t, 1.0 };
}

static PangoLayout *
text_layout (cairo_t       *cr,
             const DgTheme *theme,
             const char    *text,
             double         size,
             gboolean       bold,
             double         width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (theme->font_family);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Plain text: company names are never markup. */
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

typedef struct
{
  PangoLayout *title;
  PangoLayout *caption;
  PangoLayout *number;
  double pad;
  double gap;
  double height;
} Band;

static void
band_clear (Band *band)
{
  g_clear_object (&band->title);
  g_clear_object (&band->caption);
  g_clear_object (&band->number);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Band, band_clear)

/* Lays out the caption band: the title large and bold, the caption below,
 * the page number at the right. Shrinks the text until the band takes at
 * most 40% of the page, then cuts the caption with an ellipsis. */
static void
band_layout (Band          *band,
             cairo_t       *cr,
             const Pages   *p,
             DgTourSlide   *slide,
             guint          page)
{
  const char *title = dg_tour_slide_get_title (slide);
  const char *caption = dg_tour_slide_get_caption (slide);
  double h = p->height, w = p->width;
  double unit = MIN (h, w * 9.0 / 16.0);
  double max_band = 0.4 * h;
  double number_w = 0;
  g_autofree char *number = NULL;

  memset (band, 0, sizeof *band);
  band->pad = 0.03 * unit;
  band->gap = 0.012 * unit;

  if (page > 0)
    {
      int nw, nh;

      /* Translators: a slide's number and how many there are, "3 / 12" */
      number = g_strdup_printf (_("%u / %u"), page, p->n_pages);
      band->number = text_layout (cr, p->theme, number, 0.022 * unit, FALSE, -1);
      pango_layout_get_pixel_size (band->number, &nw, &nh);
      number_w = nw + band->pad;
    }

  for (double scale = 1.0; ; scale *= 0.9)
    {
      double text_w = MAX (w - 2 * band->pad - number_w, 1);

      g_clear_object (&band->title);
      g_clear_object (&band->caption);
      band->title = text_layout (cr, p->theme, title, 0.044 * unit * scale, TRUE, text_w);
      band->height = 2 * band->pad + layout_height (band->title);
      if (caption != NULL && *caption != '\0')
        {
          band->caption = text_layout (cr, p->theme, caption, 0.032 * unit * scale, FALSE, text_w);
          band->height += band->gap + layout_height (band->caption);
        }
      if (band->height <= max_band || scale < 0.55)
        break;
    }

  if (band->height > max_band && band->caption != NULL)
    {
      double room = max_band - 2 * band->pad - band->gap - layout_height (band->title);

      pango_layout_set_ellipsize (band->caption, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (band->caption, (int) (MAX (room, 1) * PANGO_SCALE));
      band->height = 2 * band->pad + layout_height (band->title) + band->gap + layout_height (band->caption);
    }
}

static void
band_draw (Band        *band,
           cairo_t     *cr,
           const Pages *p)
{
  DgColor fill = mix (&p->theme->background, &p->theme->text, 0.06);
  double top = p->height - band->height;

  cairo_save (cr);
  set_color (cr, &fill);
  cairo_rectangle (cr, 0, top, p->width, band->height);
  cairo_fill (cr);

  /* A rule in the warm colour of the cycles' shading ties the words to them. */
  set_color (cr, &p->theme->band);
  cairo_rectangle (cr, 0, top, p->width, MAX (2.0, 0.005 * p->height));
  cairo_fill (cr);

  set_color (cr, &p->theme->text);
  cairo_move_to (cr, band->pad, top + band->pad);
  pango_cairo_show_layout (cr, band->title);
  if (band->caption != NULL)
    {
      set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, band->pad, top + band->pad + layout_height (band->title) + band->gap);
      pango_cairo_show_layout (cr, band->caption);
    }
  if (band->number != NULL)
    {
      int nw, nh;

      pango_layout_get_pixel_size (band->number, &nw, &nh);
      set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, p->width - band->pad - nw, p->height - band->pad - nh);
      pango_cairo_show_layout (cr, band->number);
    }
  cairo_restore (cr);
}

/* Single quotes and backslashes are special in Cairo's tag attributes. */
static char *
escape_link (const char *url)
{
  GString *s = g_string_new (NULL);

  for (const char *c = url; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *c);
    }
  return g_string_free (s, FALSE);
}

static char *
source_line (const DgSource *source)
{
  g_autofree char *date = dg_format_date_locale (source->date);
  const char *publisher = source->publisher != NULL && *source->publisher != '\0' ? source->publisher : NULL;
  const char *title = source->title != NULL && *source->title != '\0' ? source->title : NULL;

  if (publisher == NULL)
    publisher = source->url != NULL ? source->url : "?";
  if (title != NULL && date != NULL)
    /* Translators: a source on the sources slide: %1$s publisher, %2$s title, %3$s date. The title comes last: a long one is cut at the end. */
    return g_strdup_printf (_("%1$s, %3$s: “%2$s”"), publisher, title, date);
  if (title != NULL)
    /* Translators: a source on the sources slide: %1$s publisher, %2$s title */
    return g_strdup_printf (_("%1$s: “%2$s”"), publisher, title);
  if (date != NULL)
    /* Translators: a source on the sources slide: %1$s publisher, %2$s date */
    return g_strdup_printf (_("%1$s, %2$s"), publisher, date);
  return g_strdup (publisher);
}

/* The sources, one line each (cut with an ellipsis; the PDF links to the
 * whole page), in one to three columns: whichever gives the largest text
 * with room for about 70 characters a line. Below a legible size the list
 * stops with how many did not fit. */
static void
draw_sources (cairo_t     *cr,
              const Pages *p,
              GPtrArray   *sources,
              double       bottom)
{
  double unit = MIN (p->height, p->width * 9.0 / 16.0);
  double margin = 0.04 * unit;
  double avail_h = bottom - 2 * margin;
  double avail_w = p->width - 2 * margin;
  double col_gap = 0.03 * unit;
  double max_size = 0.026 * unit, min_size = 0.012 * unit;
  double size = 0, col_w = avail_w, line_h, x, y;
  guint n = sources->len, columns = 1, rows, shown = 0, col = 0;

  cairo_save (cr);

  if (n == 0)
    {
      g_autoptr(PangoLayout) layout = text_layout (cr, p->theme, _("The slides shown cite no sources."),
                                                   max_size, FALSE, avail_w);

      set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, margin, margin);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      return;
    }

  for (guint c = 1; c <= 3; c++)
    {
      double w = (avail_w - (c - 1) * col_gap) / c;
      guint r = (n + c - 1) / c;
      double s = MIN (max_size, avail_h / (r * 1.4));

      /* About 70 characters a line at half an em each. */
      s = MIN (s, w / 36.0);
      if (s > size)
        {
          size = s;
          columns = c;
          col_w = w;
        }
    }
  size = MAX (size, min_size);
  line_h = 1.4 * size;
  rows = MAX ((guint) floor (avail_h / line_h), 1);

  x = margin;
  y = margin;
  for (guint i = 0; i < n; i++)
    {
      const DgSource *source = g_ptr_array_index (sources, i);
      g_autofree char *line = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      gboolean last_slot = col == columns - 1 && (i + 1) % rows == 0 && i + 1 < n;

      if (i > 0 && i % rows == 0)
        {
          col++;
          x = margin + col * (col_w + col_gap);
          y = margin;
        }
      /* Keep the last line of the last column for "and N more". */
      if (col >= columns || last_slot)
        break;

      line = source_line (source);
      layout = text_layout (cr, p->theme, line, size, FALSE, col_w);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (source->url != NULL && *source->url != '\0')
        {
          g_autofree char *escaped = escape_link (source->url);
          g_autofree char *attributes = g_strdup_printf ("uri='%s'", escaped);

          cairo_tag_begin (cr, CAIRO_TAG_LINK, attributes);
        }
      set_color (cr, &p->theme->text);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      if (source->url != NULL && *source->url != '\0')
        cairo_tag_end (cr, CAIRO_TAG_LINK);
      y += line_h;
      shown++;
    }

  if (shown < n)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more source", "and %u more sources", n - shown),
                                               n - shown);
      g_autoptr(PangoLayout) layout = text_layout (cr, p->theme, more, size, FALSE, col_w);

      set_color (cr, &p->theme->text_muted);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }

  cairo_restore (cr);
}

/* Draws slide @position as page @page (1-based; 0 for no number) in the
 * device units of @cr. */
static void
draw_slide (Pages   *p,
            DgTour  *tour,
            guint    position,
            guint    page,
            cairo_t *cr)
{
  DgTourSlide *slide = g_ptr_array_index (tour->slides, position);
  g_auto(Band) band = { 0 };
  g_autofree guint *nodes = NULL;
  g_autofree guint *edges = NULL;
  guint n_nodes = 0, n_edges = 0;
  gboolean focus;
  double unit = MIN (p->height, p->width * 9.0 / 16.0);
  double diagram_h, zoom;
  DgScene scene;

  cairo_save (cr);
  set_color (cr, &p->theme->background);
  cairo_rectangle (cr, 0, 0, p->width, p->height);
  cairo_fill (cr);

  band_layout (&band, cr, p, slide, page);
  diagram_h = MAX (p->height - band.height, 1);

  if (slide->kind == DG_TOUR_SLIDE_SOURCES)
    {
      g_autoptr(GPtrArray) sources = dg_tour_get_sources (tour, p->doc, p->analysis, position);

      draw_sources (cr, p, sources, diagram_h);
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

  band_draw (&band, cr, p);
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
  g_auto(Pages) p = { 0 };
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
  g_auto(Pages) p = { 0 };
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
  g_auto(Pages) p = { 0 };
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
