/* dg-filter.c: which deals and companies to show, and the timeline's months
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-filter"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-format.h"
#include "dg-loader.h"

G_DEFINE_BOXED_TYPE (DgFilter, dg_filter, dg_filter_copy, dg_filter_free)

/**
 * dg_filter_copy:
 * @filter: a filter
 *
 * Returns: (transfer full): a copy, for #GValue and properties; free with
 *   dg_filter_free()
 */
DgFilter *
dg_filter_copy (const DgFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);

  return g_memdup2 (filter, sizeof *filter);
}

void
dg_filter_free (DgFilter *filter)
{
  g_free (filter);
}

/**
 * dg_filter_init:
 * @filter: (out caller-allocates): the filter to set
 *
 * Sets a filter that shows everything: every deal kind, status and company
 * kind, no minimum amount, undisclosed amounts included, no date limit.
 */
void
dg_filter_init (DgFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->deal_kinds = DG_FILTER_ALL_DEAL_KINDS;
  filter->statuses = DG_FILTER_ALL_STATUSES;
  filter->company_kinds = DG_FILTER_ALL_COMPANY_KINDS;
  filter->min_amount = 0;
  filter->include_undisclosed = TRUE;
  filter->as_of = 0;
}

/**
 * dg_filter_equal:
 * @a: a filter
 * @b: another filter
 *
 * Returns: %TRUE when both show the same deals and companies of any graph
 */
gboolean
dg_filter_equal (const DgFilter *a,
                 const DgFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return (a->deal_kinds & DG_FILTER_ALL_DEAL_KINDS) == (b->deal_kinds & DG_FILTER_ALL_DEAL_KINDS)
         && (a->statuses & DG_FILTER_ALL_STATUSES) == (b->statuses & DG_FILTER_ALL_STATUSES)
         && (a->company_kinds & DG_FILTER_ALL_COMPANY_KINDS) == (b->company_kinds & DG_FILTER_ALL_COMPANY_KINDS)
         && MAX (a->min_amount, 0) == MAX (b->min_amount, 0)
         && !a->include_undisclosed == !b->include_undisclosed
         && a->as_of == b->as_of;
}

/**
 * dg_filter_is_default:
 * @filter: a filter
 *
 * Returns: %TRUE when @filter shows everything, as dg_filter_init() sets it
 */
gboolean
dg_filter_is_default (const DgFilter *filter)
{
  DgFilter all;

  g_return_val_if_fail (filter != NULL, FALSE);

  dg_filter_init (&all);
  return dg_filter_equal (filter, &all);
}

static inline gboolean
bit_set (guint32 bits,
         guint   value)
{
  return value < 32 && (bits & (1u << value)) != 0;
}

/* The amount test: a range counts by its high end, an undisclosed amount
 * is unknown, not small. */
static inline gboolean
amount_passes (const DgFilter *filter,
               const DgGraph  *graph,
               guint           e)
{
  double high;

  switch (graph->edge_amount_kind[e])
    {
    case DG_AMOUNT_EXACT:
      high = graph->edge_amount[e];
      break;
    case DG_AMOUNT_RANGE:
      high = graph->edge_amount_max[e];
      break;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      return filter->include_undisclosed;
    }

  if (isnan (high))
    return filter->include_undisclosed;
  return !(filter->min_amount > 0) || high >= filter->min_amount;
}

static void nodes_from_edges (const DgFilter *filter, DgGraph *graph, const guint8 *edge_mask_out,
                              guint8 *node_mask_out);

/**
 * dg_filter_apply:
 * @filter: a filter
 * @graph: the snapshot to filter
 * @edge_mask_out: (out caller-allocates) (array): @graph->n_edges bytes, set
 *   to 1 for each deal shown and 0 for each deal hidden
 * @node_mask_out: (out caller-allocates) (array) (nullable):
 *   @graph->n_nodes bytes, likewise for companies
 *
 * Says which deals and companies @filter shows. A deal is shown when its
 * kind, status, amount and date pass and the kinds of both its companies
 * are in @filter->company_kinds. A company is shown when one of its deals
 * is shown, or when it has no deals at all and its kind is in (a company
 * whose deals are all filtered out disappears with them).
 *
 * O(companies + deals); the masks go to DgAnalysisOptions.edge_mask and
 * DgScene.edge_visible / node_visible.
 *
 * Returns: the number of deals shown
 */
guint
dg_filter_apply (const DgFilter *filter,
                 DgGraph        *graph,
                 guint8         *edge_mask_out,
                 guint8         *node_mask_out)
{
  guint n_shown = 0;

  g_return_val_if_fail (filter != NULL, 0);
  g_return_val_if_fail (graph != NULL, 0);
  g_return_val_if_fail (edge_mask_out != NULL || graph->n_edges == 0, 0);

  for (guint e = 0; e < graph->n_edges; e++)
    {
      gint32 date = graph->edge_date[e];
      gboolean shown = bit_set (filter->deal_kinds, graph->edge_kind[e])
                       && bit_set (filter->statuses, graph->edge_status[e])
                       && bit_set (filter->company_kinds, graph->node_kind[graph->edge_src[e]])
                       && bit_set (filter->company_kinds, graph->node_kind[graph->edge_dst[e]])
                       && (filter->as_of == 0 || date == 0 || date <= filter->as_of)
                       && amount_passes (filter, graph, e);

      edge_mask_out[e] = shown;
      n_shown += shown;
    }

  if (node_mask_out == NULL)
    return n_shown;
  nodes_from_edges (filter, graph, edge_mask_out, node_mask_out);
  return n_shown;
}

/**
 * dg_filter_apply_states:
 * @filter: a filter
 * @doc: the document whose graph dg_filter_apply() was given
 * @edge_mask: (inout): dg_filter_apply()'s deal mask
 * @node_mask: (inout) (nullable): its company mask
 *
 * At a date (@filter->as_of), each deal counts in its state then
 * (docs/file-format.md, "Deal histories"): this takes out of the masks the
 * deals that were cancelled by then, which dg_filter_apply() cannot tell
 * from the graph, and the companies left with no deal shown. Nothing
 * changes when @filter has no date.
 *
 * Returns: how many deals it took out
 */
guint
dg_filter_apply_states (const DgFilter *filter,
                        DgDocument     *doc,
                        guint8         *edge_mask,
                        guint8         *node_mask)
{
  DgGraph *graph;
  guint removed = 0;

  g_return_val_if_fail (filter != NULL, 0);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), 0);

  graph = dg_document_get_graph (doc);
  if (filter->as_of == 0 || edge_mask == NULL)
    return 0;
  for (guint e = 0; e < graph->n_edges; e++)
    {
      DgDealState state;

      if (edge_mask[e] && !dg_deal_get_state_at (dg_document_get_deal (doc, e), filter->as_of, &state))
        {
          edge_mask[e] = 0;
          removed++;
        }
    }
  if (removed > 0 && node_mask != NULL)
    nodes_from_edges (filter, graph, edge_mask, node_mask);
  return removed;
}

/* The companies shown: those with a deal shown, and those with no deals
 * at all whose kind is in. */
static void
nodes_from_edges (const DgFilter *filter,
                  DgGraph        *graph,
                  const guint8   *edge_mask_out,
                  guint8         *node_mask_out)
{
  /* 1: has a deal shown; 2: has deals, none shown; 0: has no deals. */
  memset (node_mask_out, 0, graph->n_nodes);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      guint ends[2] = { graph->edge_src[e], graph->edge_dst[e] };

      for (guint k = 0; k < 2; k++)
        if (edge_mask_out[e])
          node_mask_out[ends[k]] = 1;
        else if (node_mask_out[ends[k]] == 0)
          node_mask_out[ends[k]] = 2;
    }
  for (guint v = 0; v < graph->n_nodes; v++)
    {
      if (node_mask_out[v] == 2)
        node_mask_out[v] = 0;
      else if (node_mask_out[v] == 0)
        node_mask_out[v] = bit_set (filter->company_kinds, graph->node_kind[v]);
    }
}

/**
 * dg_filter_make_edge_mask:
 * @filter: a filter
 * @graph: the snapshot to filter
 *
 * dg_filter_apply() for callers that need only the deals, e.g. for
 * DgAnalysisOptions.edge_mask.
 *
 * Returns: (transfer full) (array): one byte per deal, 1 = shown; free with
 *   g_free()
 */
guint8 *
dg_filter_make_edge_mask (const DgFilter *filter,
                          DgGraph        *graph)
{
  guint8 *mask;

  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (graph != NULL, NULL);

  mask = g_new (guint8, MAX (graph->n_edges, 1));
  dg_filter_apply (filter, graph, mask, NULL);
  return mask;
}

/**
 * dg_filter_mark_undated:
 * @graph: a snapshot
 * @edge_mask: (nullable) (array): the deals shown (from dg_filter_apply());
 *   %NULL for all
 * @undated_out: (out caller-allocates) (array) (nullable): @graph->n_edges
 *   bytes, set to 1 for each deal shown that has no announced date
 *
 * The timeline keeps deals without a date whatever month it shows, because
 * it cannot tell when they came; the UI should mark them so the audience
 * knows. This says which they are.
 *
 * Returns: how many deals shown have no date
 */
guint
dg_filter_mark_undated (DgGraph      *graph,
                        const guint8 *edge_mask,
                        guint8       *undated_out)
{
  guint n = 0;

  g_return_val_if_fail (graph != NULL, 0);

  for (guint e = 0; e < graph->n_edges; e++)
    {
      gboolean undated = (edge_mask == NULL || edge_mask[e]) && graph->edge_date[e] == 0;

      if (undated_out != NULL)
        undated_out[e] = undated;
      n += undated;
    }
  return n;
}

/* JSON --------------------------------------------------------------------- */

typedef const char *(*ToString) (guint value);

static const char *
deal_kind_name (guint value)
{
  return dg_deal_kind_to_string (value);
}

static const char *
status_name (guint value)
{
  return dg_deal_status_to_string (value);
}

static const char *
company_kind_name (guint value)
{
  return dg_company_kind_to_string (value);
}

static gboolean
lookup_name (const char *name,
             ToString    to_string,
             guint       n_values,
             guint      *value)
{
  for (guint i = 0; i < n_values; i++)
    if (g_strcmp0 (to_string (i), name) == 0)
      {
        *value = i;
        return TRUE;
      }
  return FALSE;
}

/* The lists name what is hidden rather than what is shown, so a kind a
 * newer version adds is shown by an older file, as it should be. */
static gboolean
read_hidden (JsonObject *object,
             const char *member,
             ToString    to_string,
             guint       n_values,
             guint32    *bits)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  gboolean ok = TRUE;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      guint value;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        ok = FALSE;
      else if (lookup_name (json_node_get_string (item), to_string, n_values, &value))
        *bits &= ~(1u << value);
      /* else a name from a newer version: dg_filter_to_json() keeps it */
    }
  return ok;
}

static void
write_hidden (JsonObject *object,
              const char *member,
              ToString    to_string,
              guint       n_values,
              guint32     bits)
{
  JsonNode *old = json_object_get_member (object, member);
  JsonArray *array = json_array_new ();
  guint value;

  for (guint i = 0; i < n_values; i++)
    if ((bits & (1u << i)) == 0)
      json_array_add_string_element (array, to_string (i));

  /* Keep the names this version does not know. */
  if (old != NULL && JSON_NODE_HOLDS_ARRAY (old))
    {
      JsonArray *old_array = json_node_get_array (old);

      for (guint i = 0; i < json_array_get_length (old_array); i++)
        {
          JsonNode *item = json_array_get_element (old_array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
              && !lookup_name (json_node_get_string (item), to_string, n_values, &value))
            json_array_add_string_element (array, json_node_get_string (item));
        }
    }

  json_object_set_array_member (object, member, array);
}

/**
 * dg_filter_from_json:
 * @filter: (out caller-allocates): the filter to set
 * @object: a "filter" object as dg_filter_to_json() writes it
 *
 * Sets @filter from @object, starting from dg_filter_init(). Members this
 * version does not know are ignored (dg_filter_to_json() keeps them); a
 * member of the wrong type or value is left at its default.
 *
 * Returns: %TRUE when every member this version knows was valid
 */
gboolean
dg_filter_from_json (DgFilter   *filter,
                     JsonObject *object)
{
  JsonNode *node;
  gboolean ok = TRUE;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  dg_filter_init (filter);

  ok &= read_hidden (object, "hidden_deal_kinds", deal_kind_name, DG_N_DEAL_KINDS, &filter->deal_kinds);
  ok &= read_hidden (object, "hidden_statuses", status_name, DG_N_DEAL_STATUSES, &filter->statuses);
  ok &= read_hidden (object, "hidden_company_kinds", company_kind_name, DG_N_COMPANY_KINDS,
                     &filter->company_kinds);

  node = json_object_get_member (object, "min_amount_usd");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      double value = type == G_TYPE_DOUBLE || type == G_TYPE_INT64 ? json_node_get_double (node) : NAN;

      if (isfinite (value) && value >= 0)
        filter->min_amount = value;
      else
        ok = FALSE;
    }

  node = json_object_get_member (object, "include_undisclosed");
  if (node != NULL)
    {
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        filter->include_undisclosed = json_node_get_boolean (node);
      else
        ok = FALSE;
    }

  node = json_object_get_member (object, "as_of");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || !dg_filter_parse_as_of (json_node_get_string (node), &filter->as_of))
        ok = FALSE;
    }

  return ok;
}

/**
 * dg_filter_to_json:
 * @filter: a filter
 * @object: the "filter" object to update
 *
 * Writes @filter's members into @object:
 * `{"hidden_deal_kinds": ["investment"], "hidden_statuses": ["rumoured"],
 * "hidden_company_kinds": [], "min_amount_usd": 1e9,
 * "include_undisclosed": true, "as_of": "2024-12"}`. Members this version
 * does not know, and names in the hidden lists it does not know, are kept.
 */
void
dg_filter_to_json (const DgFilter *filter,
                   JsonObject     *object)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (object != NULL);

  write_hidden (object, "hidden_deal_kinds", deal_kind_name, DG_N_DEAL_KINDS, filter->deal_kinds);
  write_hidden (object, "hidden_statuses", status_name, DG_N_DEAL_STATUSES, filter->statuses);
  write_hidden (object, "hidden_company_kinds", company_kind_name, DG_N_COMPANY_KINDS,
                filter->company_kinds);
  json_object_set_double_member (object, "min_amount_usd", MAX (filter->min_amount, 0));
  json_object_set_boolean_member (object, "include_undisclosed", filter->include_undisclosed);
  if (filter->as_of != 0)
    {
      g_autofree char *text = dg_filter_format_as_of (filter->as_of);

      json_object_set_string_member (object, "as_of", text);
    }
  else
    json_object_set_null_member (object, "as_of");
}

/**
 * dg_filter_load_from_document:
 * @filter: (out caller-allocates): the filter to set
 * @doc: a document
 *
 * Sets @filter from the "filter" member of @doc's "layout" object, or to
 * dg_filter_init() when there is none.
 *
 * Returns: %TRUE when the document holds a filter and it was all valid
 */
gboolean
dg_filter_load_from_document (DgFilter   *filter,
                              DgDocument *doc)
{
  JsonNode *node;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);

  node = json_object_get_member (dg_document_get_layout_extra (doc), "filter");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      dg_filter_init (filter);
      return FALSE;
    }
  return dg_filter_from_json (filter, json_node_get_object (node));
}

/**
 * dg_filter_save_to_document:
 * @filter: a filter
 * @doc: a document
 *
 * Stores @filter in @doc's "layout" object under "filter", keeping members
 * a newer version wrote there; a filter that shows everything, with nothing
 * else to keep, removes the member. Does not mark the document modified:
 * the caller decides whether a filter change is worth saving.
 *
 * Returns: %TRUE when the stored JSON changed
 */
gboolean
dg_filter_save_to_document (const DgFilter *filter,
                            DgDocument     *doc)
{
  JsonObject *extra;
  JsonNode *old;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  static const char * const known[] = {
    "hidden_deal_kinds", "hidden_statuses", "hidden_company_kinds",
    "min_amount_usd", "include_undisclosed", "as_of",
  };
  gboolean only_known = TRUE;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);

  extra = dg_document_get_layout_extra (doc);
  old = json_object_get_member (extra, "filter");

  if (old != NULL && JSON_NODE_HOLDS_OBJECT (old))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (old));
      while (json_object_iter_next (&iter, &key, &value))
        {
          gboolean is_known = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (known); i++)
            is_known |= strcmp (key, known[i]) == 0;
          only_known &= is_known;
          json_object_set_member (object, key, json_node_copy (value));
        }
    }

  if (dg_filter_is_default (filter) && only_known)
    {
      gboolean had = old != NULL;

      json_object_remove_member (extra, "filter");
      return had;
    }

  dg_filter_to_json (filter, object);
  node = json_node_init_object (json_node_alloc (), object);
  if (old != NULL && json_node_equal (old, node))
    return FALSE;
  json_object_set_member (extra, "filter", g_steal_pointer (&node));
  return TRUE;
}

/* Dates and months ------------------------------------------------------------ */

static guint
days_in_month (guint year,
               guint month)
{
  if (month < 1 || month > 12 || year < 1 || year > 9999)
    return 0;
  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

/**
 * dg_filter_parse_as_of:
 * @text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
 * @as_of: (out): the packed date for #DgFilter.as_of
 *
 * Reads an "as of" date as the command line's `--as-of` and the saved
 * filter give it. A year or a month means its end: "2024-12" shows every
 * deal announced in December 2024 and before.
 *
 * Returns: %TRUE when @text is such a date and the date exists
 */
gboolean
dg_filter_parse_as_of (const char *text,
                       gint32     *as_of)
{
  gint32 packed;

  g_return_val_if_fail (as_of != NULL, FALSE);

  if (text == NULL || !dg_date_parse (text, &packed) || packed <= 0)
    return FALSE;

  if (packed % 10000 == 0)
    packed += 1231;
  else if (packed % 100 == 0)
    packed += 31;
  *as_of = packed;
  return TRUE;
}

/**
 * dg_filter_format_as_of:
 * @as_of: a packed "as of" date, not 0
 *
 * The inverse of dg_filter_parse_as_of(), for files: `2024-12` for the end
 * of a month, else `2024-12-15`.
 *
 * Returns: (transfer full): the text
 */
char *
dg_filter_format_as_of (gint32 as_of)
{
  guint year = (guint) MAX (as_of, 0) / 10000;
  guint month = (guint) MAX (as_of, 0) / 100 % 100;
  guint day = (guint) MAX (as_of, 0) % 100;

  g_return_val_if_fail (as_of > 0, NULL);

  if (month == 0)
    return g_strdup_printf ("%04u", year);
  if (day == 0 || day >= days_in_month (year, month))
    return g_strdup_printf ("%04u-%02u", year, month);
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/**
 * dg_filter_format_as_of_label:
 * @as_of: a packed "as of" date, not 0
 *
 * The date for the timeline's label, in the user's language: "December
 * 2024" for the end of a month, "December 15, 2024" for a day.
 *
 * Returns: (transfer full): the text
 */
char *
dg_filter_format_as_of_label (gint32 as_of)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (as_of > 0, NULL);

  text = dg_filter_format_as_of (as_of);
  return dg_format_date_locale (text);
}

/**
 * dg_filter_as_of_for_month:
 * @month: YYYYMM
 *
 * Returns: the #DgFilter.as_of that shows the deals announced in @month
 *   and before
 */
gint32
dg_filter_as_of_for_month (guint month)
{
  return (gint32) (month * 100 + 31);
}

/**
 * dg_filter_month_of_date:
 * @packed: a packed date (YYYYMMDD, 0 for a missing month or day)
 *
 * The timeline month a deal appears in. A deal dated by its year only
 * appears in January of that year, as it compares (see #DgFilter.as_of).
 *
 * Returns: YYYYMM, or 0 when @packed is 0 (no date)
 */
guint
dg_filter_month_of_date (gint32 packed)
{
  guint month;

  if (packed <= 0)
    return 0;
  month = (guint) packed / 100;
  return month % 100 == 0 ? month + 1 : month;
}

/**
 * dg_filter_month_add:
 * @month: YYYYMM
 * @n: months to add, may be negative
 *
 * Returns: the month @n months after @month, YYYYMM
 */
guint
dg_filter_month_add (guint month,
                     int   n)
{
  gint64 index = (gint64) (month / 100) * 12 + (gint64) (month % 100) - 1 + n;

  index = CLAMP (index, 12, (gint64) 9999 * 12 + 11);
  return (guint) ((index / 12) * 100 + index % 12 + 1);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * dg_filter_get_months:
 * @graph: a snapshot
 * @n_months: (out): the number of months
 *
 * The months that have announced deals, for the timeline's stops: sorted,
 * each once, as YYYYMM (dg_filter_month_of_date() of each dated deal).
 *
 * Returns: (transfer full) (array length=n_months): the months; free with
 *   g_free()
 */
guint *
dg_filter_get_months (DgGraph *graph,
                      guint   *n_months)
{
  guint *months;
  guint n = 0, k = 0;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (n_months != NULL, NULL);

  months = g_new (guint, MAX (graph->n_edges, 1));
  for (guint e = 0; e < graph->n_edges; e++)
    if (graph->edge_date[e] > 0)
      months[n++] = dg_filter_month_of_date (graph->edge_date[e]);

  qsort (months, n, sizeof (guint), compare_uint);
  for (guint i = 0; i < n; i++)
    if (k == 0 || months[k - 1] != months[i])
      months[k++] = months[i];

  *n_months = k;
  return months;
}

/**
 * dg_filter_get_month_range:
 * @graph: a snapshot
 * @first: (out) (optional): the first month with an announced deal, YYYYMM
 * @last: (out) (optional): the last, YYYYMM
 *
 * Returns: %FALSE when no deal has a date
 */
gboolean
dg_filter_get_month_range (DgGraph *graph,
                           guint   *first,
                           guint   *last)
{
  guint lo = G_MAXUINT, hi = 0;

  g_return_val_if_fail (graph != NULL, FALSE);

  for (guint e = 0; e < graph->n_edges; e++)
    if (graph->edge_date[e] > 0)
      {
        guint month = dg_filter_month_of_date (graph->edge_date[e]);

        lo = MIN (lo, month);
        hi = MAX (hi, month);
      }

  if (hi == 0)
    return FALSE;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  return TRUE;
}
