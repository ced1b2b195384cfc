/* dg-tour-slide.c: one slide of the tour: what it shows (deal and company
 * ids), its words and the focus it gives the camera
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slides keep ids; every index they stand for is looked up again in the
 * document they are shown with, so an edited file never makes a slide point
 * at the wrong deal.
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-tour.h"
#include "dg-tour-private.h"
#include "dg-util-private.h"

G_DEFINE_ENUM_TYPE (DgTourSlideKind, dg_tour_slide_kind,
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_OVERVIEW, "overview"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_CYCLE, "cycle"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_COMPANY, "company"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_SOURCES, "sources"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_CUSTOM, "custom"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_CHANGES, "changes"),
  G_DEFINE_ENUM_VALUE (DG_TOUR_SLIDE_CHANGE, "change"))

static const char * const kind_names[] = {
  "overview", "cycle", "company", "sources", "custom", "changes", "change",
};

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
  self->change = -1;
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

/* A title or caption: the presenter's when they wrote one, else the
 * generated one, else empty. */
static const char *
presenter_or_generated (const char *presenter,
                        const char *generated)
{
  if (presenter != NULL)
    return presenter;
  return generated != NULL ? generated : "";
}

/* Sets the presenter's text in @field (%NULL: back to the generated one),
 * telling @prop, and @edited_prop when it starts or stops being theirs. */
static void
set_presenter_text (DgTourSlide *self,
                    char       **field,
                    const char  *text,
                    guint        prop,
                    guint        edited_prop)
{
  gboolean was_edited = *field != NULL;

  if (!dg_set_str (field, text))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), slide_properties[prop]);
  if (was_edited != (*field != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), slide_properties[edited_prop]);
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

  return presenter_or_generated (self->title, self->generated_title);
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
  g_return_if_fail (DG_IS_TOUR_SLIDE (self));

  set_presenter_text (self, &self->title, title, SLIDE_PROP_TITLE, SLIDE_PROP_TITLE_EDITED);
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

  return presenter_or_generated (self->caption, self->generated_caption);
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
  g_return_if_fail (DG_IS_TOUR_SLIDE (self));

  set_presenter_text (self, &self->caption, caption, SLIDE_PROP_CAPTION, SLIDE_PROP_CAPTION_EDITED);
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

/* Makes @self a slide of the tour of changes between @since and @until. */
void
dg_tour_slide_set_change (DgTourSlide *self,
                          gint32       since,
                          gint32       until,
                          int          change)
{
  self->since = since;
  self->until = until;
  self->change = change;
}

/**
 * dg_tour_slide_get_as_of:
 * @self: a slide
 *
 * The date a slide of the tour of changes shows the network at: a cycle
 * that broke, or a deal cancelled with nothing in its place, before the
 * change (when it was there to see); everything else after it.
 *
 * Returns: a packed as-of date (#DgFilter.as_of), %DG_TOUR_AS_OF_LATEST
 *   for the latest state, or 0 for a slide shown at the filter's date (any
 *   slide but those of a tour of changes)
 */
gint32
dg_tour_slide_get_as_of (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), 0);

  if (self->kind != DG_TOUR_SLIDE_CHANGES && self->kind != DG_TOUR_SLIDE_CHANGE)
    return 0;
  if (self->kind == DG_TOUR_SLIDE_CHANGE
      && (self->change == DG_CHANGE_CYCLE_BROKE || self->change == DG_CHANGE_ENDED))
    return self->since;
  return self->until > 0 ? self->until : DG_TOUR_AS_OF_LATEST;
}

/**
 * dg_tour_slide_get_since:
 * @self: a slide
 *
 * Returns: for a slide of the tour of changes, the as-of date the changes
 *   are counted from (dg_changes_parse_since()); 0 for any other slide
 */
gint32
dg_tour_slide_get_since (DgTourSlide *self)
{
  g_return_val_if_fail (DG_IS_TOUR_SLIDE (self), 0);
  return self->since;
}

/* Whether a change of @pspec changes what the tour saves. */
gboolean
dg_tour_slide_pspec_is_saved (GParamSpec *pspec)
{
  return pspec == slide_properties[SLIDE_PROP_TITLE]
         || pspec == slide_properties[SLIDE_PROP_CAPTION]
         || pspec == slide_properties[SLIDE_PROP_HIDDEN];
}

void
dg_tour_slide_set_generated (DgTourSlide *self,
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
void
dg_tour_sort_unique (GArray *array)
{
  guint k = 0;

  g_array_sort (array, compare_uint);
  for (guint i = 0; i < array->len; i++)
    if (k == 0 || g_array_index (array, guint, k - 1) != g_array_index (array, guint, i))
      g_array_index (array, guint, k++) = g_array_index (array, guint, i);
  g_array_set_size (array, k);
}

/* The deal indices of @ids in @doc; FALSE when one is missing. */
gboolean
dg_tour_lookup_deals (DgDocument         *doc,
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

gboolean
dg_tour_lookup_companies (DgDocument         *doc,
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
      ok = self->deal_ids[0] != NULL && dg_tour_lookup_deals (doc, (const char * const *) self->deal_ids, edge_list);
      break;

    case DG_TOUR_SLIDE_COMPANY:
      {
        g_autoptr(GArray) company = g_array_new (FALSE, FALSE, sizeof (guint));
        guint v, n_cyclic = 0;

        ok = self->company_ids[0] != NULL
             && dg_tour_lookup_companies (doc, (const char * const *) self->company_ids, company);
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
    case DG_TOUR_SLIDE_CHANGE:
      ok = dg_tour_lookup_companies (doc, (const char * const *) self->company_ids, node_list)
           && dg_tour_lookup_deals (doc, (const char * const *) self->deal_ids, edge_list)
           && (node_list->len > 0 || edge_list->len > 0);
      break;

    case DG_TOUR_SLIDE_OVERVIEW:
    case DG_TOUR_SLIDE_SOURCES:
    case DG_TOUR_SLIDE_CHANGES:
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
  dg_tour_sort_unique (node_list);
  dg_tour_sort_unique (edge_list);

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
      || !dg_tour_lookup_deals (doc, (const char * const *) self->deal_ids, deals))
    return -1;

  dg_tour_sort_unique (deals);
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
      || !dg_tour_lookup_deals (doc, (const char * const *) self->deal_ids, deals))
    return -1;

  dg_tour_sort_unique (deals);
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
