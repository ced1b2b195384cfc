/* dg-tour-json.c: saving the tour in the document and reading it back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tour lives in the document's "layout" object under "tour"
 * (docs/file-format.md); members this version does not know are kept.
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-tour.h"
#include "dg-tour-private.h"

/* Saving and loading ------------------------------------------------------- */

static const char * const slide_known_keys[] = {
  "kind", "deals", "companies", "title", "caption", "hidden", "since", "until", "change",
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
      if (slide->since > 0)
        {
          g_autofree char *since = dg_filter_format_as_of (slide->since);

          json_object_set_string_member (item, "since", since);
        }
      if (slide->since > 0 && slide->until > 0)
        {
          g_autofree char *until = dg_filter_format_as_of (slide->until);

          json_object_set_string_member (item, "until", until);
        }
      if (slide->change >= 0)
        json_object_set_string_member (item, "change", dg_change_kind_to_string ((DgChangeKind) slide->change));
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
  gint32 since = 0, until = 0;
  int change = -1;
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

  /* A slide of the tour of changes says which dates it compares and, for
   * one change, which kind. */
  if (kind == DG_TOUR_SLIDE_CHANGES || kind == DG_TOUR_SLIDE_CHANGE)
    {
      const char *since_text = json_object_get_string_member_with_default (item, "since", NULL);
      const char *until_text = json_object_get_string_member_with_default (item, "until", NULL);
      const char *change_text = json_object_get_string_member_with_default (item, "change", NULL);
      DgChangeKind change_kind = 0;

      if (!dg_filter_parse_as_of (since_text, &since)
          || (until_text != NULL && (!dg_filter_parse_as_of (until_text, &until) || until <= since))
          || (kind == DG_TOUR_SLIDE_CHANGE
              && (deal_ids[0] == NULL || !dg_change_kind_from_string (change_text, &change_kind))))
        {
          /* Translators: %u is a slide's number in the saved tour, from 1 */
          warn (warnings, _("Slide %u of the saved tour was dropped: its dates or its change are not readable"),
                index + 1);
          return NULL;
        }
      change = kind == DG_TOUR_SLIDE_CHANGE ? (int) change_kind : -1;
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
  if (since > 0)
    dg_tour_slide_set_change (slide, since, until, change);
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
        dg_tour_append_slide (self, slide);
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
