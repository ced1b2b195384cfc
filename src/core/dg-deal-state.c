/* dg-deal-state.c: a deal's history and its state at a date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members of a history stay in the model as the deal's members kept
 * as written (dg-deal.c's "unknown" text), so the saver writes them back
 * unchanged and nothing else of the model had to grow. This file reads
 * them into structures: the loader once, to check them and say where a
 * problem is, and dg_deal_get_timeline() on demand, cached on the deal
 * for as long as the text it was read from stays the same.
 */
#define G_LOG_DOMAIN "dealgraph-deal-state"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-company-private.h"
#include "dg-deal-private.h"
#include "dg-deal-state-private.h"
#include "dg-filter.h"
#include "dg-json.h"
#include "dg-validate.h"

static const char *confidences[] = { NULL, "disputed", "single-source" };

const char *
dg_confidence_to_string (DgConfidence confidence)
{
  g_return_val_if_fail (confidence <= DG_CONFIDENCE_SINGLE_SOURCE, NULL);
  return confidences[confidence];
}

void
_dg_state_problem_free (gpointer data)
{
  DgStateProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (5, 6)
static void
say (GPtrArray   *problems,
     DgSeverity   severity,
     const char  *code,
     const char  *member,
     const char  *format,
     ...)
{
  DgStateProblem *problem;
  va_list args;

  if (problems == NULL)
    return;
  problem = g_new0 (DgStateProblem, 1);
  problem->severity = severity;
  problem->code = code;
  problem->member = member;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

static void
figure_free (gpointer data)
{
  DgFigure *figure = data;

  g_free (figure->note);
  g_clear_pointer (&figure->sources, g_array_unref);
  g_free (figure);
}

static void
event_free (gpointer data)
{
  DgDealEvent *event = data;

  g_free (event->date);
  g_free (event->status);
  g_clear_pointer (&event->figures, g_ptr_array_unref);
  g_free (event->note);
  g_clear_pointer (&event->sources, g_array_unref);
  g_free (event);
}

static void
valuation_free (gpointer data)
{
  DgValuation *valuation = data;

  g_free (valuation->date);
  g_free (valuation->note);
  g_clear_pointer (&valuation->sources, g_ptr_array_unref);
  g_free (valuation);
}

void
_dg_deal_timeline_free (DgDealTimeline *timeline)
{
  if (timeline == NULL)
    return;
  g_clear_pointer (&timeline->events, g_ptr_array_unref);
  g_clear_pointer (&timeline->figures, g_ptr_array_unref);
  g_free (timeline->replaced_by);
  g_free (timeline->part_of);
  g_clear_pointer (&timeline->overlaps, g_ptr_array_unref);
  g_free (timeline);
}

/* ---- reading the members --------------------------------------------------- */

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A text member of @object: NULL when absent or null; FALSE (said) when it
 * is something else, or empty and @required. */
static gboolean
read_text (JsonObject  *object,
           const char  *key,
           gboolean     required,
           const char  *member,
           const char  *path,
           GPtrArray   *problems,
           char       **out)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      say (problems, DG_SEVERITY_ERROR, NULL, member, _("%s: missing required field \"%s\""), path, key);
      return FALSE;
    }
  if (!is_string (node) || (required && *json_node_get_string (node) == '\0'))
    {
      /* Translators: "history[2]: \"note\" must be a string" */
      say (problems, DG_SEVERITY_ERROR, NULL, member, _("%s: \"%s\" must be a non-empty string"), path, key);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_date (JsonObject  *object,
           const char  *member,
           const char  *path,
           GPtrArray   *problems,
           char       **date,
           gint32      *packed)
{
  g_autofree char *message = NULL;

  if (!read_text (object, "date", TRUE, member, path, problems, date))
    return FALSE;
  if (dg_validate_date ("date", *date, &message) != DG_CHECK_OK)
    {
      say (problems, DG_SEVERITY_ERROR, NULL, member, "%s: %s", path, message);
      g_clear_pointer (date, g_free);
      return FALSE;
    }
  dg_date_parse (*date, packed);
  return TRUE;
}

/* One amount key: NAN when absent or null. */
static gboolean
read_amount_key (JsonObject *object,
                 const char *key,
                 const char *member,
                 const char *path,
                 GPtrArray  *problems,
                 double     *value,
                 gboolean   *present)
{
  JsonNode *node = json_object_get_member (object, key);

  *value = NAN;
  if (node == NULL)
    return TRUE;
  *present = TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!is_number (node) || !isfinite (json_node_get_double (node)) || json_node_get_double (node) < 0)
    {
      say (problems, DG_SEVERITY_ERROR, NULL, member,
           _("%s: \"%s\" must be a number, at least 0"), path, key);
      return FALSE;
    }
  *value = json_node_get_double (node) + 0.0;  /* -0 reads as 0 */
  return TRUE;
}

/* The amount keys of an event or a figure, as the loader reads a deal's. */
static gboolean
read_amount (JsonObject  *object,
             const char  *member,
             const char  *path,
             GPtrArray   *problems,
             gboolean    *present,
             DgAmount    *amount)
{
  g_autofree char *message = NULL;
  double value, lo, hi;
  gboolean ok = TRUE;

  *present = FALSE;
  ok &= read_amount_key (object, "amount_usd", member, path, problems, &value, present);
  ok &= read_amount_key (object, "amount_min_usd", member, path, problems, &lo, present);
  ok &= read_amount_key (object, "amount_max_usd", member, path, problems, &hi, present);
  if (!ok)
    return FALSE;
  if (dg_validate_deal_amounts (value, lo, hi, &message) != DG_CHECK_OK)
    {
      say (problems, DG_SEVERITY_ERROR, NULL, member, "%s: %s", path, message);
      return FALSE;
    }
  if (!isnan (lo))
    {
      amount->kind = DG_AMOUNT_RANGE;
      amount->min = lo;
      amount->max = hi;
      amount->value = isnan (value) ? hi : value;
    }
  else if (!isnan (value))
    {
      amount->kind = DG_AMOUNT_EXACT;
      amount->value = amount->min = amount->max = value;
    }
  else
    {
      amount->kind = DG_AMOUNT_UNDISCLOSED;
      amount->value = amount->min = amount->max = NAN;
    }
  return TRUE;
}

static gboolean
read_status (JsonObject   *object,
             gboolean      required,
             const char   *member,
             const char   *path,
             GPtrArray    *problems,
             char        **text,
             DgDealStatus *status)
{
  if (!read_text (object, "status", required, member, path, problems, text))
    return FALSE;
  *status = DG_DEAL_STATUS_ANNOUNCED;
  if (*text != NULL && !dg_deal_status_from_string (*text, status))
    {
      g_autofree char *shown = dg_json_escape_for_message (*text, -1, 80);

      say (problems, DG_SEVERITY_WARNING, "unknown-status", member,
           _("%s: unknown status \"%s\", counted as \"announced\""), path, shown);
    }
  return TRUE;
}

static gboolean
read_sources (JsonObject  *object,
              guint        n_sources,
              const char  *member,
              const char  *path,
              GPtrArray   *problems,
              GArray     **out)
{
  JsonNode *node = json_object_get_member (object, "sources");
  JsonArray *array;

  *out = g_array_new (FALSE, FALSE, sizeof (guint));
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      say (problems, DG_SEVERITY_ERROR, NULL, member,
           _("%s: \"sources\" must be an array of indices into the deal's sources"), path);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gint64 index;

      if (!is_number (item) || json_node_get_value_type (item) != G_TYPE_INT64)
        {
          say (problems, DG_SEVERITY_ERROR, NULL, member,
               _("%s: \"sources\"[%u] must be a whole number"), path, i);
          return FALSE;
        }
      index = json_node_get_int (item);
      if (index < 0 || (guint64) index >= n_sources)
        {
          /* The index as text: xgettext cannot read a message that
           * G_GINT64_FORMAT splits. */
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, index);

          say (problems, DG_SEVERITY_ERROR, NULL, member,
               /* Translators: "history[2]: "sources"[1] is 5, but the deal has 5 sources" */
               ngettext ("%s: \"sources\"[%u] is %s, but the deal has %u source",
                         "%s: \"sources\"[%u] is %s, but the deal has %u sources",
                         n_sources),
               path, i, number, n_sources);
          return FALSE;
        }
      g_array_append_vals (*out, &(guint) { (guint) index }, 1);
    }
  return TRUE;
}

static gboolean
read_confidence (JsonObject   *object,
                 const char   *member,
                 const char   *path,
                 GPtrArray    *problems,
                 gboolean     *present,
                 DgConfidence *confidence)
{
  JsonNode *node = json_object_get_member (object, "confidence");
  const char *text;

  *present = node != NULL;
  *confidence = DG_CONFIDENCE_AGREED;
  if (node == NULL)
    return TRUE;
  text = is_string (node) ? json_node_get_string (node) : NULL;
  if (g_strcmp0 (text, "disputed") == 0)
    *confidence = DG_CONFIDENCE_DISPUTED;
  else if (g_strcmp0 (text, "single-source") == 0)
    *confidence = DG_CONFIDENCE_SINGLE_SOURCE;
  else
    {
      say (problems, DG_SEVERITY_ERROR, NULL, member,
           _("%s\"confidence\" must be \"disputed\" or \"single-source\""), path);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
read_figures (JsonObject *object,
              guint       n_sources,
              const char *member,
              const char *prefix,
              GPtrArray  *problems,
              gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, "figures");
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (figure_free);
  JsonArray *array;

  if (node == NULL)
    return g_steal_pointer (&figures);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      say (problems, DG_SEVERITY_ERROR, NULL, member, _("%s\"figures\" must be an array of objects"), prefix);
      *ok = FALSE;
      return g_steal_pointer (&figures);
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%sfigures[%u]", prefix, i);
      g_autofree char *status = NULL;
      DgFigure *figure;
      JsonObject *fo;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          say (problems, DG_SEVERITY_ERROR, NULL, member, _("%s must be an object"), path);
          *ok = FALSE;
          continue;
        }
      fo = json_node_get_object (item);
      figure = g_new0 (DgFigure, 1);
      if (!read_text (fo, "note", TRUE, member, path, problems, &figure->note)
          || !read_amount (fo, member, path, problems, &figure->has_amount, &figure->amount)
          || !read_status (fo, FALSE, member, path, problems, &status, &figure->status)
          || !read_sources (fo, n_sources, member, path, problems, &figure->sources))
        {
          figure_free (figure);
          *ok = FALSE;
          continue;
        }
      figure->has_status = status != NULL;
      g_ptr_array_add (figures, figure);
    }
  return g_steal_pointer (&figures);
}

static gboolean
amounts_equal (const DgAmount *a,
               const DgAmount *b)
{
  if (a->kind != b->kind)
    return FALSE;
  if (a->kind == DG_AMOUNT_UNDISCLOSED)
    return TRUE;
  return a->min == b->min && a->max == b->max && a->value == b->value;
}

static gboolean
read_id (JsonObject  *object,
         const char  *key,
         GPtrArray   *problems,
         char       **out)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!is_string (node) || *json_node_get_string (node) == '\0')
    {
      say (problems, DG_SEVERITY_ERROR, NULL, key, _("\"%s\" must be a deal id"), key);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

DgDealTimeline *
_dg_deal_timeline_parse (JsonObject     *members,
                         guint           n_sources,
                         const char     *top_status,
                         const DgAmount *top_amount,
                         GPtrArray      *problems)
{
  DgDealTimeline *timeline = g_new0 (DgDealTimeline, 1);
  JsonNode *node;
  gboolean present, ok = TRUE;

  timeline->events = g_ptr_array_new_with_free_func (event_free);
  timeline->overlaps = g_ptr_array_new_with_free_func (g_free);
  if (members == NULL)
    {
      timeline->figures = g_ptr_array_new_with_free_func (figure_free);
      return timeline;
    }

  read_confidence (members, "confidence", "", problems, &present, &timeline->confidence);
  timeline->figures = read_figures (members, n_sources, "figures", "", problems, &ok);
  read_id (members, "replaced_by", problems, &timeline->replaced_by);
  read_id (members, "part_of", problems, &timeline->part_of);

  node = json_object_get_member (members, "overlaps");
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    say (problems, DG_SEVERITY_ERROR, NULL, "overlaps", _("\"overlaps\" must be an array of deal ids"));
  else if (node != NULL)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *id = is_string (item) ? json_node_get_string (item) : NULL;

          if (id == NULL || *id == '\0')
            say (problems, DG_SEVERITY_ERROR, NULL, "overlaps", _("\"overlaps\"[%u] must be a deal id"), i);
          else if (g_ptr_array_find_with_equal_func (timeline->overlaps, id, g_str_equal, NULL))
            {
              g_autofree char *shown = dg_json_escape_for_message (id, -1, 80);

              say (problems, DG_SEVERITY_ERROR, NULL, "overlaps", _("\"overlaps\" names \"%s\" twice"), shown);
            }
          else
            g_ptr_array_add (timeline->overlaps, g_strdup (id));
        }
    }

  node = json_object_get_member (members, "history");
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    say (problems, DG_SEVERITY_ERROR, NULL, "history", _("\"history\" must be an array of events"));
  else if (node != NULL)
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      DgAmount amount = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
      const char *status = NULL;

      if (n < 2)
        say (problems, DG_SEVERITY_ERROR, NULL, "history",
             _("\"history\" needs at least two events (a deal that never changed has none)"));
      for (guint i = 0; i < n; i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *path = g_strdup_printf ("history[%u]", i);
          g_autofree char *prefix = g_strdup_printf ("history[%u].", i);
          DgDealEvent *event;
          JsonObject *eo;
          gboolean event_ok = TRUE;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              say (problems, DG_SEVERITY_ERROR, NULL, "history", _("%s must be an object"), path);
              continue;
            }
          eo = json_node_get_object (item);
          event = g_new0 (DgDealEvent, 1);
          event_ok &= read_date (eo, "history", path, problems, &event->date, &event->date_packed);
          event_ok &= read_status (eo, TRUE, "history", path, problems, &event->status, &event->status_enum);
          event_ok &= read_amount (eo, "history", path, problems, &event->has_amount, &event->amount);
          event_ok &= read_confidence (eo, "history", prefix, problems, &event->has_confidence, &event->confidence);
          event->figures = read_figures (eo, n_sources, "history", prefix, problems, &event_ok);
          event_ok &= read_text (eo, "note", FALSE, "history", path, problems, &event->note);
          event_ok &= read_sources (eo, n_sources, "history", path, problems, &event->sources);
          if (!event_ok)
            {
              event_free (event);
              continue;
            }
          if (timeline->events->len > 0)
            {
              DgDealEvent *before = g_ptr_array_index (timeline->events, timeline->events->len - 1);

              if (event->date_packed < before->date_packed)
                {
                  say (problems, DG_SEVERITY_ERROR, NULL, "history",
                       /* Translators: "history[3]: events must be in date order: "2026-01" comes after "2026-02"" */
                       _("%s: events must be in date order: \"%s\" comes after \"%s\""),
                       path, event->date, before->date);
                  event_free (event);
                  continue;
                }
            }
          if (event->has_amount)
            amount = event->amount;
          status = event->status;
          g_ptr_array_add (timeline->events, event);
        }

      /* The top level is the latest state (docs/file-format.md): an older
       * reader may have edited it without adding an event. */
      if (timeline->events->len > 0 && top_amount != NULL
          && (g_strcmp0 (status, top_status != NULL ? top_status : "announced") != 0
              || !amounts_equal (&amount, top_amount)))
        say (problems, DG_SEVERITY_WARNING, "history-mismatch", "history",
             _("the deal's status or amount differs from its last event's; the deal's own is taken as the latest"));
    }

  return timeline;
}

GPtrArray *
_dg_valuations_parse (JsonObject *members,
                      GPtrArray  *problems)
{
  JsonNode *node = members != NULL ? json_object_get_member (members, "valuations") : NULL;
  g_autoptr(GPtrArray) valuations = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      say (problems, DG_SEVERITY_ERROR, NULL, "valuations", _("\"valuations\" must be an array of objects"));
      return NULL;
    }
  valuations = g_ptr_array_new_with_free_func (valuation_free);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("valuations[%u]", i);
      DgValuation *valuation;
      JsonObject *vo;
      JsonNode *value, *sources;
      gboolean ok = TRUE, present = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          say (problems, DG_SEVERITY_ERROR, NULL, "valuations", _("%s must be an object"), path);
          continue;
        }
      vo = json_node_get_object (item);
      valuation = g_new0 (DgValuation, 1);
      valuation->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
      ok &= read_date (vo, "valuations", path, problems, &valuation->date, &valuation->date_packed);
      ok &= read_text (vo, "note", FALSE, "valuations", path, problems, &valuation->note);
      value = json_object_get_member (vo, "valuation_usd");
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        {
          say (problems, DG_SEVERITY_ERROR, NULL, "valuations", _("%s: missing required field \"%s\""), path,
               "valuation_usd");
          ok = FALSE;
        }
      else
        ok &= read_amount_key (vo, "valuation_usd", "valuations", path, problems, &valuation->valuation, &present);

      sources = json_object_get_member (vo, "sources");
      if (sources != NULL && !JSON_NODE_HOLDS_ARRAY (sources))
        {
          say (problems, DG_SEVERITY_ERROR, NULL, "valuations", _("%s: \"sources\" must be an array of objects"), path);
          ok = FALSE;
        }
      else if (sources != NULL)
        {
          JsonArray *sa = json_node_get_array (sources);

          for (guint k = 0; k < json_array_get_length (sa); k++)
            {
              JsonNode *sn = json_array_get_element (sa, k);
              g_autofree char *spath = g_strdup_printf ("%s.sources[%u]", path, k);
              g_autofree char *publisher = NULL;
              DgSource *source;
              JsonObject *so;

              if (!JSON_NODE_HOLDS_OBJECT (sn))
                {
                  say (problems, DG_SEVERITY_ERROR, NULL, "valuations", _("%s must be an object"), spath);
                  ok = FALSE;
                  continue;
                }
              so = json_node_get_object (sn);
              if (!read_text (so, "publisher", TRUE, "valuations", spath, problems, &publisher))
                {
                  ok = FALSE;
                  continue;
                }
              source = dg_source_new (publisher);
              ok &= read_text (so, "title", FALSE, "valuations", spath, problems, &source->title);
              ok &= read_text (so, "date", FALSE, "valuations", spath, problems, &source->date);
              ok &= read_text (so, "url", FALSE, "valuations", spath, problems, &source->url);
              ok &= read_text (so, "via", FALSE, "valuations", spath, problems, &source->via);
              g_ptr_array_add (valuation->sources, source);
            }
        }
      if (!ok)
        {
          valuation_free (valuation);
          continue;
        }
      if (valuations->len > 0
          && valuation->date_packed < ((DgValuation *) g_ptr_array_index (valuations, valuations->len - 1))->date_packed)
        {
          say (problems, DG_SEVERITY_ERROR, NULL, "valuations",
               _("%s: valuations must be in date order: \"%s\" comes after \"%s\""), path, valuation->date,
               ((DgValuation *) g_ptr_array_index (valuations, valuations->len - 1))->date);
          valuation_free (valuation);
          continue;
        }
      g_ptr_array_add (valuations, valuation);
    }
  return g_steal_pointer (&valuations);
}

/* ---- on the model -------------------------------------------------------- */

/* What dg_deal_get_timeline() read, and from which text. */
typedef struct
{
  char *text;
  DgDealTimeline *timeline;
} TimelineCache;

static void
timeline_cache_free (gpointer data)
{
  TimelineCache *cache = data;

  g_free (cache->text);
  _dg_deal_timeline_free (cache->timeline);
  g_free (cache);
}

/**
 * dg_deal_get_timeline:
 * @deal: a deal
 *
 * The deal's history, confidence and links, as its members say. The model
 * is used from one thread at a time, as every getter of a deal.
 *
 * Returns: (transfer none): valid until the deal's members change
 */
const DgDealTimeline *
dg_deal_get_timeline (DgDeal *deal)
{
  static gsize quark_once;
  static GQuark quark;
  const char *text;
  TimelineCache *cache;

  g_return_val_if_fail (DG_IS_DEAL (deal), NULL);

  /* Once, safely: the window's load worker parses a new document's
   * histories while the main thread reads another's. */
  if (g_once_init_enter (&quark_once))
    {
      quark = g_quark_from_static_string ("dg-deal-timeline");
      g_once_init_leave (&quark_once, 1);
    }
  text = _dg_deal_get_unknown (deal);
  cache = g_object_get_qdata (G_OBJECT (deal), quark);
  if (cache == NULL || g_strcmp0 (cache->text, text) != 0)
    {
      g_autoptr(JsonObject) members = text != NULL ? dg_json_object_from_canonical (text) : NULL;
      GPtrArray *sources = dg_deal_get_sources (deal);

      cache = g_new0 (TimelineCache, 1);
      cache->text = g_strdup (text);
      cache->timeline = _dg_deal_timeline_parse (members, sources != NULL ? sources->len : 0, NULL, NULL, NULL);
      g_object_set_qdata_full (G_OBJECT (deal), quark, cache, timeline_cache_free);
    }
  return cache->timeline;
}

gboolean
dg_deal_has_history (DgDeal *deal)
{
  return dg_deal_get_timeline (deal)->events->len > 0;
}

/**
 * dg_deal_get_state_at:
 * @deal: a deal
 * @as_of: a packed date (dg_date_parse(), or a day of 31 for the end of a
 *   month as dg_filter_parse_as_of() gives), or 0 for the latest state
 * @state: (out caller-allocates): the deal's state then
 *
 * The state of @deal as of @as_of, by the rules of docs/file-format.md
 * ("The state of a deal at a date"). Once every event applies the state is
 * the deal's top-level one, which an edit may have changed since.
 *
 * Returns: @state->in_network: whether the deal counts at that date
 */
gboolean
dg_deal_get_state_at (DgDeal      *deal,
                      gint32       as_of,
                      DgDealState *state)
{
  const DgDealTimeline *timeline;
  GPtrArray *events;
  guint n = 0;

  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  timeline = dg_deal_get_timeline (deal);
  events = timeline->events;
  memset (state, 0, sizeof *state);

  while (as_of != 0 && n < events->len && ((DgDealEvent *) g_ptr_array_index (events, n))->date_packed <= as_of)
    n++;
  state->n_events = as_of == 0 ? events->len : n;

  if (events->len == 0 || state->n_events == events->len)
    {
      gint32 announced = dg_deal_get_announced_packed (deal);

      state->exists = as_of == 0 || events->len > 0 || announced == 0 || announced <= as_of;
      state->status = dg_deal_get_status_enum (deal);
      state->amount = *dg_deal_get_amount (deal);
      state->confidence = timeline->confidence;
      state->figures = timeline->figures;
      state->event = events->len > 0 ? g_ptr_array_index (events, events->len - 1) : NULL;
    }
  else if (n == 0)
    {
      state->exists = FALSE;
      state->status = DG_DEAL_STATUS_ANNOUNCED;
      state->amount = (DgAmount) { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
    }
  else
    {
      state->exists = TRUE;
      state->amount = (DgAmount) { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
      for (guint i = 0; i < n; i++)
        {
          DgDealEvent *event = g_ptr_array_index (events, i);

          state->status = event->status_enum;
          if (event->has_amount)
            {
              state->amount = event->amount;
              state->confidence = DG_CONFIDENCE_AGREED;
              state->figures = NULL;
            }
          if (event->has_confidence)
            {
              state->confidence = event->confidence;
              state->figures = event->figures;
            }
          state->event = event;
        }
    }

  if (!state->exists)
    {
      /* Nothing is known of a deal before it was announced. */
      state->status = DG_DEAL_STATUS_ANNOUNCED;
      state->amount = (DgAmount) { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
      state->confidence = DG_CONFIDENCE_AGREED;
      state->figures = NULL;
      state->event = NULL;
    }
  state->in_network = state->exists && state->status != DG_DEAL_STATUS_CANCELLED;
  return state->in_network;
}

typedef struct
{
  char *text;
  GPtrArray *valuations;
} ValuationCache;

static void
valuation_cache_free (gpointer data)
{
  ValuationCache *cache = data;

  g_free (cache->text);
  g_clear_pointer (&cache->valuations, g_ptr_array_unref);
  g_free (cache);
}

/**
 * dg_company_get_valuations:
 * @company: a company
 *
 * Returns: (transfer none) (nullable) (element-type DgValuation): the
 *   company's dated valuations in date order, %NULL when it has none
 */
GPtrArray *
dg_company_get_valuations (DgCompany *company)
{
  static gsize quark_once;
  static GQuark quark;
  const char *text;
  ValuationCache *cache;

  g_return_val_if_fail (DG_IS_COMPANY (company), NULL);

  if (g_once_init_enter (&quark_once))
    {
      quark = g_quark_from_static_string ("dg-company-valuations");
      g_once_init_leave (&quark_once, 1);
    }
  text = _dg_company_get_unknown (company);
  cache = g_object_get_qdata (G_OBJECT (company), quark);
  if (cache == NULL || g_strcmp0 (cache->text, text) != 0)
    {
      g_autoptr(JsonObject) members = text != NULL ? dg_json_object_from_canonical (text) : NULL;

      cache = g_new0 (ValuationCache, 1);
      cache->text = g_strdup (text);
      cache->valuations = _dg_valuations_parse (members, NULL);
      if (cache->valuations != NULL && cache->valuations->len == 0)
        g_clear_pointer (&cache->valuations, g_ptr_array_unref);
      g_object_set_qdata_full (G_OBJECT (company), quark, cache, valuation_cache_free);
    }
  return cache->valuations;
}

/* The entry in effect at @as_of while an entry after it is still to come:
 * NULL before the first and once the last applies (the top level's). */
static DgValuation *
valuation_entry_at (DgCompany *company,
                    gint32     as_of)
{
  GPtrArray *valuations = dg_company_get_valuations (company);
  guint n = 0;

  if (valuations == NULL || as_of == 0)
    return NULL;
  while (n < valuations->len && ((DgValuation *) g_ptr_array_index (valuations, n))->date_packed <= as_of)
    n++;
  return n > 0 && n < valuations->len ? g_ptr_array_index (valuations, n - 1) : NULL;
}

/**
 * dg_company_get_valuation_at:
 * @company: a company
 * @as_of: a packed date, or 0 for the latest
 *
 * Returns: the valuation as of @as_of: the last entry on or before it (the
 *   top-level one once the last entry applies); NAN when unknown then
 */
double
dg_company_get_valuation_at (DgCompany *company,
                             gint32     as_of)
{
  GPtrArray *valuations;
  guint n = 0;

  g_return_val_if_fail (DG_IS_COMPANY (company), NAN);

  valuations = dg_company_get_valuations (company);
  if (valuations == NULL || as_of == 0)
    return dg_company_get_valuation (company);
  while (n < valuations->len && ((DgValuation *) g_ptr_array_index (valuations, n))->date_packed <= as_of)
    n++;
  if (n == 0)
    return NAN;
  if (n == valuations->len)
    return dg_company_get_valuation (company);
  return ((DgValuation *) g_ptr_array_index (valuations, n - 1))->valuation;
}

/**
 * dg_company_get_valuation_state_at:
 * @company: a company
 * @as_of: a packed date
 * @valuation: (out): its valuation then
 * @valued_on: (out) (nullable): the date that valuation was made on
 *
 * What dg_document_set_states_as_of() gives @company: its valuation at
 * @as_of with the entry's date, or its own once the last entry applies.
 *
 * Returns: %FALSE when its valuation then is unknown
 */
gboolean
dg_company_get_valuation_state_at (DgCompany    *company,
                                   gint32        as_of,
                                   double       *valuation,
                                   const char  **valued_on)
{
  DgValuation *entry;

  g_return_val_if_fail (DG_IS_COMPANY (company), FALSE);

  *valuation = dg_company_get_valuation_at (company, as_of);
  *valued_on = NULL;
  if (isnan (*valuation))
    return FALSE;
  entry = valuation_entry_at (company, as_of);
  *valued_on = entry != NULL ? entry->date : dg_company_get_valuation_as_of (company);
  return TRUE;
}

/**
 * dg_deal_counts_in_totals:
 * @doc: the document of @deal
 * @deal: a deal
 * @as_of: a packed date, or 0 for the latest state
 *
 * Whether a total of amounts as of @as_of adds @deal's amount
 * (docs/file-format.md, "What totals sum"): it is in the network then, and
 * it is not part of a deal that is in the network then (whose amount holds
 * it already).
 *
 * Returns: %TRUE when @deal's amount counts
 */
gboolean
dg_deal_counts_in_totals (DgDocument *doc,
                          DgDeal     *deal,
                          gint32      as_of)
{
  DgDealState state;
  const char *parent_id;
  DgDeal *parent;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (DG_IS_DEAL (deal), FALSE);

  if (!dg_deal_get_state_at (deal, as_of, &state))
    return FALSE;
  parent_id = dg_deal_get_timeline (deal)->part_of;
  parent = parent_id != NULL ? dg_document_lookup_deal (doc, parent_id) : NULL;
  return parent == NULL || !dg_deal_get_state_at (parent, as_of, &state);
}

/**
 * dg_document_copy_as_of:
 * @doc: a document
 * @as_of: a packed date (see dg_deal_get_state_at())
 * @deal_mask_out: one byte a deal, set to 1 for the deals in the network
 *   at @as_of (announced by then and not cancelled), 0 for the others
 *
 * The network as it stood at @as_of, for the analysis and the command
 * line: a copy of @doc in which every deal with a history has its state
 * then as its own (status and amount) and every company with dated
 * valuations its valuation then. The copy holds every company and deal of
 * @doc at the same index (so links between deals stay valid); the deals
 * not in the network then are the zeros of @deal_mask_out, which goes to
 * DgAnalysisOptions.edge_mask. Its "as of" is @as_of when @doc's is later
 * or missing.
 *
 * Returns: (transfer full) (nullable): the copy; %NULL only if it could not
 *   be made (a bug: the copy of a valid document is valid)
 */
DgDocument *
dg_document_copy_as_of (DgDocument *doc,
                        gint32      as_of,
                        guint8     *deal_mask_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *as_of_text = NULL;
  DgSaveOptions options = { 0 };
  DgDocument *copy;
  const char *doc_as_of;
  gint32 packed;
  gsize length = 0;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (as_of > 0, NULL);
  g_return_val_if_fail (deal_mask_out != NULL || dg_document_get_n_deals (doc) == 0, NULL);

  doc_as_of = dg_document_get_as_of (doc);
  if (doc_as_of == NULL || !dg_filter_parse_as_of (doc_as_of, &packed) || packed > as_of)
    as_of_text = dg_filter_format_as_of (as_of);

  /* Through the file format, so the copy keeps everything the model
   * keeps. */
  options.as_of = as_of_text;
  options.compact = TRUE;
  data = dg_document_to_data_with_options (doc, &options, &length);
  copy = dg_document_load_from_data (data, length, NULL, &error);
  if (copy == NULL)
    {
      g_critical ("The copy of a document as of a date was refused: %s", error->message);
      return NULL;
    }

  for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
    {
      DgDealState state;

      deal_mask_out[i] = dg_deal_get_state_at (dg_document_get_deal (doc, i), as_of, &state);
    }
  dg_document_set_states_as_of (copy, as_of);
  return copy;
}

/**
 * dg_document_set_states_as_of:
 * @doc: a document no one has read the graph of yet
 * @as_of: a packed date
 *
 * Gives every deal with a history of @doc its state at @as_of as its own
 * (status and amount) and every company with dated valuations its
 * valuation then: for copies made to show or analyse the network at a
 * date (dg_document_copy_as_of()). Deals not
 * announced by then keep their own state: the copy's mask leaves them out.
 * Call it before anything reads the graph, which is built on first use
 * from the deals as they are.
 */
void
dg_document_set_states_as_of (DgDocument *doc,
                              gint32      as_of)
{
  g_return_if_fail (DG_IS_DOCUMENT (doc));

  for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, i);
      DgDealState state;

      if (!dg_deal_has_history (deal))
        continue;
      /* Copied first: the state borrows from the timeline the setters
       * leave alone, but read it whole before changing the deal. */
      dg_deal_get_state_at (deal, as_of, &state);
      if (!state.exists)
        continue;
      dg_deal_set_amount (deal, &state.amount);
      dg_deal_set_status (deal, state.event != NULL ? state.event->status : dg_deal_status_to_string (state.status));
    }
  for (guint v = 0; v < dg_document_get_n_companies (doc); v++)
    {
      DgCompany *company = dg_document_get_company (doc, v);
      double valuation;

      if (dg_company_get_valuations (company) == NULL)
        continue;
      valuation = dg_company_get_valuation_at (company, as_of);
      if (isnan (valuation))
        {
          dg_company_unset_valuation (company);
          dg_company_set_valuation_as_of (company, NULL);
        }
      else if (valuation_entry_at (company, as_of) != NULL)
        {
          dg_company_set_valuation (company, valuation);
          dg_company_set_valuation_as_of (company, valuation_entry_at (company, as_of)->date);
        }
    }
}

/**
 * dg_document_make_network_mask:
 * @doc: a document
 * @as_of: a packed date, or 0 for the latest state
 * @edge_mask: (nullable): the deals shown (a filter's mask), %NULL for all
 *
 * The deals the analysis counts at @as_of: those of @edge_mask that are in
 * the network then (announced by then, not cancelled). A cancelled deal
 * may still be drawn, ghosted, but it is on no cycle and in no share.
 *
 * Returns: (transfer full) (nullable): one byte a deal, or %NULL when that
 *   is @edge_mask itself (no deal shown is out of the network)
 */
guint8 *
dg_document_make_network_mask (DgDocument   *doc,
                               gint32        as_of,
                               const guint8 *edge_mask)
{
  guint m;
  guint8 *mask = NULL;
  const guint8 *edge_status;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);

  m = dg_document_get_n_deals (doc);
  /* At the latest state a deal is in the network unless it is cancelled
   * (dg_deal_get_state_at() with 0), which the snapshot has already: no
   * deal's history needs reading. */
  edge_status = as_of == 0 ? dg_document_get_graph (doc)->edge_status : NULL;
  for (guint e = 0; e < m; e++)
    {
      DgDealState state;

      if (edge_mask != NULL && !edge_mask[e])
        continue;
      if (edge_status != NULL ? edge_status[e] != DG_DEAL_STATUS_CANCELLED
                              : dg_deal_get_state_at (dg_document_get_deal (doc, e), as_of, &state))
        continue;
      if (mask == NULL)
        {
          mask = g_new (guint8, m);
          if (edge_mask != NULL)
            memcpy (mask, edge_mask, m);
          else
            memset (mask, 1, m);
        }
      mask[e] = 0;
    }
  return mask;
}

/**
 * dg_graph_copy_as_of:
 * @doc: a document
 * @as_of: a packed date
 *
 * The snapshot of @doc's graph with every deal that has a history in its
 * state at @as_of (status and amount) and every company with dated
 * valuations at its valuation then: for drawing and analysing the network
 * at a date with the same indices, so masks and selections still apply.
 * Deals not announced yet keep their own state (a mask leaves them out).
 *
 * Returns: (transfer full) (nullable): a new graph, or %NULL when nothing
 *   of @doc changes over time (use @doc's graph)
 */
DgGraph *
dg_graph_copy_as_of (DgDocument *doc,
                     gint32      as_of)
{
  DgGraph *g0, *g;
  gboolean any = FALSE;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);

  g0 = dg_document_get_graph (doc);
  for (guint e = 0; e < g0->n_edges && !any; e++)
    any = dg_deal_has_history (dg_document_get_deal (doc, e));
  for (guint v = 0; v < g0->n_nodes && !any; v++)
    any = dg_company_get_valuations (dg_document_get_company (doc, v)) != NULL;
  if (!any || as_of == 0)
    return NULL;

  g = dg_graph_new (g0->n_nodes, g0->n_edges, g0->edge_src, g0->edge_dst, NULL);
  if (g0->n_edges > 0)
    {
      memcpy (g->edge_amount_kind, g0->edge_amount_kind, g0->n_edges);
      memcpy (g->edge_amount, g0->edge_amount, sizeof (double) * g0->n_edges);
      memcpy (g->edge_amount_min, g0->edge_amount_min, sizeof (double) * g0->n_edges);
      memcpy (g->edge_amount_max, g0->edge_amount_max, sizeof (double) * g0->n_edges);
      memcpy (g->edge_kind, g0->edge_kind, g0->n_edges);
      memcpy (g->edge_status, g0->edge_status, g0->n_edges);
      memcpy (g->edge_date, g0->edge_date, sizeof (gint32) * g0->n_edges);
    }
  if (g0->n_nodes > 0)
    {
      memcpy (g->node_kind, g0->node_kind, g0->n_nodes);
      memcpy (g->node_valuation, g0->node_valuation, sizeof (double) * g0->n_nodes);
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);
      DgDealState state;

      if (!dg_deal_has_history (deal))
        continue;
      dg_deal_get_state_at (deal, as_of, &state);
      if (!state.exists)
        continue;
      g->edge_amount_kind[e] = state.amount.kind;
      g->edge_amount[e] = state.amount.value;
      g->edge_amount_min[e] = state.amount.min;
      g->edge_amount_max[e] = state.amount.max;
      g->edge_status[e] = state.status;
    }
  for (guint v = 0; v < g->n_nodes; v++)
    {
      DgCompany *company = dg_document_get_company (doc, v);

      if (dg_company_get_valuations (company) != NULL)
        g->node_valuation[v] = dg_company_get_valuation_at (company, as_of);
    }
  return g;
}
