/* dg-loader.c: reading and writing Dealgraph files, with every problem named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading happens in passes, each of which refuses the file before the next
 * one could be misled: size, UTF-8, nesting depth (json-glib's parser
 * recurses, so a deeply nested file could overflow the stack), JSON syntax,
 * then the meaning of every field. Only when no error was found is a
 * document built, so a file is never half-loaded.
 */
#define G_LOG_DOMAIN "dealgraph-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-deal-private.h"
#include "dg-loader.h"
#include "dg-resources.h"

#define DEFAULT_DATASET "/io/github/dealgraph/Dealgraph/ai-deals-2025.dealgraph.json"

G_DEFINE_BOXED_TYPE (DgProblem, dg_problem, dg_problem_copy, dg_problem_free)

DgProblem *
dg_problem_copy (const DgProblem *problem)
{
  DgProblem *copy = g_new0 (DgProblem, 1);

  *copy = *problem;
  copy->path = g_strdup (problem->path);
  copy->id = g_strdup (problem->id);
  copy->message = g_strdup (problem->message);

  return copy;
}

void
dg_problem_free (DgProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->id);
  g_free (problem->message);
  g_free (problem);
}

/**
 * dg_problem_to_string:
 * @filename: (nullable): the file's name as the user gave it
 *
 * Returns: (transfer full): `FILE:LINE:COL: error: …` or
 *   `FILE: deals[12] ("id"): warning: …`
 */
char *
dg_problem_to_string (const DgProblem *problem,
                      const char      *filename)
{
  GString *s = g_string_new (filename ? filename : "");
  const char *severity = problem->severity == DG_SEVERITY_ERROR ? _("error") : _("warning");

  if (problem->line > 0)
    g_string_append_printf (s, ":%u:%u: ", problem->line, problem->column);
  else if (filename != NULL)
    g_string_append (s, ": ");

  if (problem->path != NULL)
    {
      g_string_append (s, problem->path);
      if (problem->id != NULL)
        g_string_append_printf (s, " (\"%s\")", problem->id);
      g_string_append (s, ": ");
    }

  g_string_append_printf (s, "%s: %s", severity, problem->message);

  return g_string_free (s, FALSE);
}

typedef struct
{
  GPtrArray *problems;
  guint n_errors;
  const char *path;   /* current element, e.g. "deals[3]" */
  const char *id;     /* its id, when known */
} Ctx;

G_GNUC_PRINTF (5, 6)
static void
report (Ctx        *ctx,
        DgSeverity  severity,
        guint       line,
        guint       column,
        const char *format,
        ...)
{
  DgProblem *problem = g_new0 (DgProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  problem->severity = severity;
  problem->line = line;
  problem->column = column;
  problem->path = g_strdup (ctx->path);
  problem->id = g_strdup (ctx->id);
  g_ptr_array_add (ctx->problems, problem);

  if (severity == DG_SEVERITY_ERROR)
    ctx->n_errors++;
}

#define error_at(ctx, ...)  report ((ctx), DG_SEVERITY_ERROR, 0, 0, __VA_ARGS__)
#define warn_at(ctx, ...)   report ((ctx), DG_SEVERITY_WARNING, 0, 0, __VA_ARGS__)

/* Line and column (in characters, 1-based) of byte @offset. */
static void
locate (const char *data,
        gsize       offset,
        guint      *line,
        guint      *column)
{
  const char *line_start = data;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        line_start = data + i + 1;
      }
  /* The prefix up to offset is valid UTF-8 (we validated up to it). */
  *column = (guint) g_utf8_strlen (line_start, data + offset - line_start) + 1;
}

/* A JSON-aware scan for nesting depth, so json-glib's recursive parser never
 * sees a file that could exhaust the stack. It ignores brackets in strings
 * and leaves every other syntax question to the parser. */
static gboolean
check_nesting (Ctx        *ctx,
               const char *data,
               gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > DG_MAX_NESTING)
            {
              guint line, column;

              locate (data, i, &line, &column);
              report (ctx, DG_SEVERITY_ERROR, line, column,
                      _("nesting deeper than %d levels"), DG_MAX_NESTING);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* json-glib reports "<data>:LINE:COL: Parse error: MESSAGE". */
static void
report_syntax_error (Ctx          *ctx,
                     const GError *error)
{
  const char *msg = error->message;
  guint line = 0, column = 0;
  const char *p = strstr (msg, ">:");

  if (p != NULL)
    {
      char *end = NULL;

      line = (guint) g_ascii_strtoull (p + 2, &end, 10);
      if (end != NULL && *end == ':')
        column = (guint) g_ascii_strtoull (end + 1, &end, 10);
      if (end != NULL && *end == ':')
        msg = end + 1;
      while (*msg == ' ')
        msg++;
      if (g_str_has_prefix (msg, "Parse error: "))
        msg += strlen ("Parse error: ");
    }

  if (line == 0)
    line = 1;
  if (column == 0)
    column = 1;

  report (ctx, DG_SEVERITY_ERROR, line, column, _("syntax error: %s"), msg);
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return _("a string");
    case G_TYPE_BOOLEAN: return _("a boolean");
    default: return _("a number");
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

/* Numbers in messages as people typed them: 150000000000, not 1.5e+11. */
static char *
number_text (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == floor (v) && fabs (v) < 1e18)
    g_ascii_formatd (buf, sizeof buf, "%.0f", v);
  else
    g_ascii_formatd (buf, sizeof buf, "%g", v);
  return g_strdup (buf);
}

/* Optional string member: NULL when absent or null; reports a wrong type. */
static const char *
get_string (Ctx        *ctx,
            JsonObject *obj,
            const char *key,
            gboolean    required,
            gboolean   *ok)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          error_at (ctx, _("missing required field \"%s\""), key);
          *ok = FALSE;
        }
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      error_at (ctx, _("\"%s\" must be a string, not %s"), key, node_type_name (node));
      *ok = FALSE;
      return NULL;
    }

  if (required && *json_node_get_string (node) == '\0')
    {
      error_at (ctx, _("\"%s\" must not be empty"), key);
      *ok = FALSE;
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
get_amount (Ctx        *ctx,
            JsonObject *obj,
            const char *key,
            double     *out)
{
  JsonNode *node = json_object_get_member (obj, key);
  double v;

  *out = NAN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is_number (node))
    {
      error_at (ctx, _("\"%s\" must be a number, not %s"), key, node_type_name (node));
      return FALSE;
    }

  v = json_node_get_double (node);
  if (!isfinite (v))
    {
      error_at (ctx, _("\"%s\" must be a finite number"), key);
      return FALSE;
    }
  if (v < 0)
    {
      g_autofree char *text = number_text (v);

      error_at (ctx, _("\"%s\" must not be negative (%s)"), key, text);
      return FALSE;
    }

  *out = v;
  return TRUE;
}

static const char *
get_date (Ctx        *ctx,
          JsonObject *obj,
          const char *key,
          gboolean   *ok)
{
  const char *s = get_string (ctx, obj, key, FALSE, ok);

  if (s != NULL && !dg_date_parse (s, NULL))
    {
      error_at (ctx, _("\"%s\" is not a valid date (use YYYY, YYYY-MM or YYYY-MM-DD): \"%s\""),
                key, s);
      *ok = FALSE;
      return NULL;
    }
  return s;
}

static const char *
get_url (Ctx        *ctx,
         JsonObject *obj,
         const char *key,
         gboolean   *ok)
{
  const char *s = get_string (ctx, obj, key, FALSE, ok);

  /* Links open in the browser: only the web's own schemes. */
  if (s != NULL
      && !(g_ascii_strncasecmp (s, "https://", 8) == 0 || g_ascii_strncasecmp (s, "http://", 7) == 0))
    {
      error_at (ctx, _("\"%s\" must be an http:// or https:// address: \"%s\""), key, s);
      *ok = FALSE;
      return NULL;
    }
  return s;
}

/* Everything in @obj whose key is not in @known, or NULL when nothing is. */
static JsonObject *
collect_extra (JsonObject         *obj,
               const char * const *known)
{
  JsonObject *extra = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &key, &node))
    {
      if (g_strv_contains (known, key))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, key, json_node_copy (node));
    }
  return extra;
}

static const char * const company_fields[] = {
  "id", "name", "kind", "country", "valuation_usd", "valuation_as_of",
  "valuation_note", "description", "website", NULL
};

static const char * const deal_fields[] = {
  "id", "from", "to", "kind", "amount_usd", "amount_min_usd", "amount_max_usd",
  "amount_note", "announced", "term", "status", "status_note", "title",
  "description", "sources", NULL
};

static const char * const source_fields[] = {
  "publisher", "title", "date", "url", "via", NULL
};

static const char * const top_fields[] = {
  "format", "version", "title", "description", "as_of", "companies", "deals", "layout", NULL
};

static DgCompany *
parse_company (Ctx        *ctx,
               JsonNode   *node,
               GHashTable *seen,
               guint       index)
{
  g_autoptr(DgCompany) company = NULL;
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *obj;
  const char *id, *name, *kind, *country, *as_of, *note, *description, *website;
  double valuation;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      error_at (ctx, _("a company must be an object, not %s"), node_type_name (node));
      return NULL;
    }
  obj = json_node_get_object (node);

  id = get_string (ctx, obj, "id", TRUE, &ok);
  ctx->id = id;
  name = get_string (ctx, obj, "name", TRUE, &ok);
  kind = get_string (ctx, obj, "kind", FALSE, &ok);
  country = get_string (ctx, obj, "country", FALSE, &ok);
  ok &= get_amount (ctx, obj, "valuation_usd", &valuation);
  as_of = get_date (ctx, obj, "valuation_as_of", &ok);
  note = get_string (ctx, obj, "valuation_note", FALSE, &ok);
  description = get_string (ctx, obj, "description", FALSE, &ok);
  website = get_url (ctx, obj, "website", &ok);

  if (id != NULL)
    {
      gpointer first;

      if (g_hash_table_lookup_extended (seen, id, NULL, &first))
        {
          error_at (ctx, _("duplicate company id \"%s\" (first used by companies[%u])"),
                    id, GPOINTER_TO_UINT (first));
          ok = FALSE;
        }
      else
        g_hash_table_insert (seen, (char *) id, GUINT_TO_POINTER (index));
    }

  if (kind != NULL)
    {
      DgCompanyKind k;

      if (!dg_company_kind_from_string (kind, &k))
        warn_at (ctx, _("unknown company kind \"%s\"; drawn as “other”"), kind);
    }

  if (!ok)
    return NULL;

  company = dg_company_new (id, name);
  dg_company_set_kind (company, kind);
  dg_company_set_country (company, country);
  if (!isnan (valuation))
    dg_company_set_valuation (company, valuation);
  dg_company_set_valuation_as_of (company, as_of);
  dg_company_set_valuation_note (company, note);
  dg_company_set_description (company, description);
  dg_company_set_website (company, website);
  extra = collect_extra (obj, company_fields);
  dg_company_set_extra (company, extra);

  return g_steal_pointer (&company);
}

static DgSource *
parse_source (Ctx      *ctx,
              JsonNode *node,
              guint     index)
{
  g_autoptr(DgSource) source = NULL;
  g_autofree char *key_path = NULL;
  JsonObject *obj;
  const char *publisher, *title, *date, *url, *via;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      error_at (ctx, _("sources[%u] must be an object, not %s"), index, node_type_name (node));
      return NULL;
    }
  obj = json_node_get_object (node);

  /* Field names inside a source are reported with their index. */
  key_path = g_strdup_printf ("sources[%u].publisher", index);
  publisher = get_string (ctx, obj, "publisher", FALSE, &ok);
  if (publisher == NULL && ok)
    {
      error_at (ctx, _("missing required field \"%s\""), key_path);
      ok = FALSE;
    }
  title = get_string (ctx, obj, "title", FALSE, &ok);
  date = get_date (ctx, obj, "date", &ok);
  url = get_url (ctx, obj, "url", &ok);
  via = get_string (ctx, obj, "via", FALSE, &ok);

  if (!ok)
    return NULL;

  source = dg_source_new (publisher);
  source->title = g_strdup (title);
  source->date = g_strdup (date);
  source->url = g_strdup (url);
  source->via = g_strdup (via);
  source->extra = collect_extra (obj, source_fields);

  return g_steal_pointer (&source);
}

/* @companies is NULL when the companies list itself was unusable: then
 * every reference would be reported as unknown, which only buries the one
 * real problem. */
static DgDeal *
parse_deal (Ctx        *ctx,
            JsonNode   *node,
            GHashTable *seen,
            GHashTable *companies,
            guint       index)
{
  g_autoptr(DgDeal) deal = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
  JsonObject *obj;
  JsonNode *amount_node, *sources_node;
  const char *id, *from, *to, *kind, *note, *announced, *term, *status, *status_note, *title, *description;
  double amount, lo, hi;
  gboolean ok = TRUE;
  DgAmount a = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      error_at (ctx, _("a deal must be an object, not %s"), node_type_name (node));
      return NULL;
    }
  obj = json_node_get_object (node);

  id = get_string (ctx, obj, "id", TRUE, &ok);
  ctx->id = id;
  from = get_string (ctx, obj, "from", TRUE, &ok);
  to = get_string (ctx, obj, "to", TRUE, &ok);
  kind = get_string (ctx, obj, "kind", FALSE, &ok);
  ok &= get_amount (ctx, obj, "amount_usd", &amount);
  ok &= get_amount (ctx, obj, "amount_min_usd", &lo);
  ok &= get_amount (ctx, obj, "amount_max_usd", &hi);
  note = get_string (ctx, obj, "amount_note", FALSE, &ok);
  announced = get_date (ctx, obj, "announced", &ok);
  term = get_string (ctx, obj, "term", FALSE, &ok);
  status = get_string (ctx, obj, "status", FALSE, &ok);
  status_note = get_string (ctx, obj, "status_note", FALSE, &ok);
  title = get_string (ctx, obj, "title", FALSE, &ok);
  description = get_string (ctx, obj, "description", FALSE, &ok);

  if (id != NULL)
    {
      gpointer first;

      if (g_hash_table_lookup_extended (seen, id, NULL, &first))
        {
          error_at (ctx, _("duplicate deal id \"%s\" (first used by deals[%u])"),
                    id, GPOINTER_TO_UINT (first));
          ok = FALSE;
        }
      else
        g_hash_table_insert (seen, (char *) id, GUINT_TO_POINTER (index));
    }

  if (from != NULL && companies != NULL && !g_hash_table_contains (companies, from))
    {
      error_at (ctx, _("\"from\" names unknown company \"%s\""), from);
      ok = FALSE;
    }
  if (to != NULL && companies != NULL && !g_hash_table_contains (companies, to))
    {
      error_at (ctx, _("\"to\" names unknown company \"%s\""), to);
      ok = FALSE;
    }
  if (from != NULL && to != NULL && strcmp (from, to) == 0)
    {
      error_at (ctx, _("a deal cannot run from a company to itself (\"%s\")"), from);
      ok = FALSE;
    }

  if (isnan (lo) != isnan (hi))
    {
      error_at (ctx, isnan (lo) ? _("\"amount_max_usd\" needs \"amount_min_usd\" too (use 0 for “up to”)")
                                : _("\"amount_min_usd\" needs \"amount_max_usd\" too"));
      ok = FALSE;
    }
  else if (!isnan (lo) && lo > hi)
    {
      g_autofree char *lo_text = number_text (lo);
      g_autofree char *hi_text = number_text (hi);

      error_at (ctx, _("\"amount_min_usd\" (%s) is greater than \"amount_max_usd\" (%s)"),
                lo_text, hi_text);
      ok = FALSE;
    }
  else if (!isnan (lo) && !isnan (amount) && (amount < lo || amount > hi))
    {
      g_autofree char *a_text = number_text (amount);
      g_autofree char *lo_text = number_text (lo);
      g_autofree char *hi_text = number_text (hi);

      error_at (ctx, _("\"amount_usd\" (%s) lies outside \"amount_min_usd\"..\"amount_max_usd\" (%s..%s)"),
                a_text, lo_text, hi_text);
      ok = FALSE;
    }

  if (kind != NULL)
    {
      DgDealKind k;

      if (!dg_deal_kind_from_string (kind, &k))
        warn_at (ctx, _("unknown deal kind \"%s\"; drawn as “other”"), kind);
    }
  if (status != NULL)
    {
      DgDealStatus s;

      if (!dg_deal_status_from_string (status, &s))
        warn_at (ctx, _("unknown status \"%s\"; counted as “announced”"), status);
    }

  sources_node = json_object_get_member (obj, "sources");
  if (sources_node != NULL && !JSON_NODE_HOLDS_NULL (sources_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (sources_node))
        {
          error_at (ctx, _("\"sources\" must be an array, not %s"), node_type_name (sources_node));
          ok = FALSE;
        }
      else
        {
          JsonArray *array = json_node_get_array (sources_node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              DgSource *source = parse_source (ctx, json_array_get_element (array, i), i);

              if (source == NULL)
                ok = FALSE;
              else
                g_ptr_array_add (sources, source);
            }
        }
    }
  if (ok && sources->len == 0)
    warn_at (ctx, _("deal has no sources"));

  if (!ok)
    return NULL;

  if (!isnan (lo))
    {
      a.kind = DG_AMOUNT_RANGE;
      a.min = lo;
      a.max = hi;
      a.value = isnan (amount) ? hi : amount;
    }
  else if (!isnan (amount))
    {
      a.kind = DG_AMOUNT_EXACT;
      a.value = a.min = a.max = amount;
    }

  deal = dg_deal_new (id, from, to);
  dg_deal_set_kind (deal, kind);
  dg_deal_set_amount (deal, &a);
  amount_node = json_object_get_member (obj, "amount_usd");
  _dg_deal_set_amount_null (deal, amount_node != NULL && JSON_NODE_HOLDS_NULL (amount_node));
  dg_deal_set_amount_note (deal, note);
  dg_deal_set_announced (deal, announced);
  dg_deal_set_term (deal, term);
  dg_deal_set_status (deal, status);
  dg_deal_set_status_note (deal, status_note);
  dg_deal_set_title (deal, title);
  dg_deal_set_description (deal, description);
  for (guint i = 0; i < sources->len; i++)
    dg_deal_add_source (deal, g_ptr_array_steal_index (sources, i--));
  extra = collect_extra (obj, deal_fields);
  dg_deal_set_extra (deal, extra);

  return g_steal_pointer (&deal);
}

/* Reads "layout" into @doc; problems are reported against "layout". */
static gboolean
parse_layout (Ctx        *ctx,
              JsonNode   *node,
              DgDocument *doc)
{
  JsonObject *obj, *extra;
  JsonNode *positions;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;
  gboolean ok = TRUE;
  const char *algorithm;

  ctx->path = "layout";
  ctx->id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      error_at (ctx, _("\"layout\" must be an object, not %s"), node_type_name (node));
      return FALSE;
    }
  obj = json_node_get_object (node);

  algorithm = get_string (ctx, obj, "algorithm", FALSE, &ok);

  positions = json_object_get_member (obj, "positions");
  if (positions != NULL && !JSON_NODE_HOLDS_NULL (positions))
    {
      if (!JSON_NODE_HOLDS_OBJECT (positions))
        {
          error_at (ctx, _("\"positions\" must be an object, not %s"), node_type_name (positions));
          return FALSE;
        }

      json_object_iter_init (&iter, json_node_get_object (positions));
      while (json_object_iter_next (&iter, &key, &member))
        {
          DgCompany *company = doc ? dg_document_lookup_company (doc, key) : NULL;
          JsonObject *p;
          JsonNode *x, *y, *pinned;

          ctx->path = "layout.positions";
          ctx->id = key;
          if (!JSON_NODE_HOLDS_OBJECT (member))
            {
              error_at (ctx, _("a position must be an object with \"x\" and \"y\", not %s"),
                        node_type_name (member));
              ok = FALSE;
              continue;
            }
          p = json_node_get_object (member);
          x = json_object_get_member (p, "x");
          y = json_object_get_member (p, "y");
          pinned = json_object_get_member (p, "pinned");
          if (!node_is_number (x) || !node_is_number (y)
              || !isfinite (json_node_get_double (x)) || !isfinite (json_node_get_double (y)))
            {
              error_at (ctx, _("a position needs finite numbers \"x\" and \"y\""));
              ok = FALSE;
              continue;
            }
          if (pinned != NULL && !(JSON_NODE_HOLDS_VALUE (pinned)
                                  && json_node_get_value_type (pinned) == G_TYPE_BOOLEAN))
            {
              error_at (ctx, _("\"pinned\" must be true or false"));
              ok = FALSE;
              continue;
            }
          if (company == NULL)
            {
              warn_at (ctx, _("position for unknown company \"%s\" dropped"), key);
              continue;
            }
          if (ok)
            dg_document_set_position (doc, dg_company_get_index (company),
                                      json_node_get_double (x), json_node_get_double (y),
                                      pinned != NULL && json_node_get_boolean (pinned));
        }
    }

  ctx->id = NULL;
  if (!ok)
    return FALSE;

  dg_document_set_layout_algorithm (doc, algorithm);
  extra = dg_document_get_layout_extra (doc);
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &key, &member))
    if (strcmp (key, "positions") != 0 && strcmp (key, "algorithm") != 0)
      json_object_set_member (extra, key, json_node_copy (member));

  return TRUE;
}

static DgDocument *
build_document (Ctx      *ctx,
                JsonNode *root)
{
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GHashTable) company_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) deal_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) companies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) extra = NULL;
  g_autofree guint *n_deals_of = NULL;
  JsonObject *top;
  JsonNode *format, *version, *companies_node, *deals_node, *layout;
  const char *title, *description, *as_of;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      error_at (ctx, _("the top level must be an object, not %s"), node_type_name (root));
      return NULL;
    }
  top = json_node_get_object (root);

  format = json_object_get_member (top, "format");
  if (format == NULL)
    {
      error_at (ctx, _("missing \"format\": \"dealgraph\"; this is not a Dealgraph file"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_STRING
      || strcmp (json_node_get_string (format), "dealgraph") != 0)
    {
      error_at (ctx, _("\"format\" must be \"dealgraph\"; this is not a Dealgraph file"));
      return NULL;
    }

  version = json_object_get_member (top, "version");
  if (version == NULL)
    {
      error_at (ctx, _("missing required field \"%s\""), "version");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      error_at (ctx, _("\"version\" must be a whole number, not %s"), node_type_name (version));
      return NULL;
    }
  if (json_node_get_int (version) != 1)
    {
      error_at (ctx, _("unsupported version %lld; this Dealgraph reads version 1"),
                (long long) json_node_get_int (version));
      return NULL;
    }

  title = get_string (ctx, top, "title", FALSE, &ok);
  description = get_string (ctx, top, "description", FALSE, &ok);
  as_of = get_date (ctx, top, "as_of", &ok);

  companies_node = json_object_get_member (top, "companies");
  deals_node = json_object_get_member (top, "deals");
  if (companies_node == NULL)
    {
      error_at (ctx, _("missing required field \"%s\""), "companies");
      ok = FALSE;
    }
  else if (!JSON_NODE_HOLDS_ARRAY (companies_node))
    {
      error_at (ctx, _("\"%s\" must be an array, not %s"), "companies", node_type_name (companies_node));
      ok = FALSE;
      companies_node = NULL;
    }
  if (deals_node == NULL)
    {
      error_at (ctx, _("missing required field \"%s\""), "deals");
      ok = FALSE;
    }
  else if (!JSON_NODE_HOLDS_ARRAY (deals_node))
    {
      error_at (ctx, _("\"%s\" must be an array, not %s"), "deals", node_type_name (deals_node));
      ok = FALSE;
      deals_node = NULL;
    }

  if (companies_node != NULL)
    {
      JsonArray *array = json_node_get_array (companies_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("companies[%u]", i);
          DgCompany *company;

          ctx->path = path;
          ctx->id = NULL;
          company = parse_company (ctx, json_array_get_element (array, i), company_ids, i);
          if (company == NULL)
            ok = FALSE;
          else
            g_ptr_array_add (companies, company);
        }
    }

  if (deals_node != NULL)
    {
      JsonArray *array = json_node_get_array (deals_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("deals[%u]", i);
          DgDeal *deal;

          ctx->path = path;
          ctx->id = NULL;
          deal = parse_deal (ctx, json_array_get_element (array, i), deal_ids,
                             companies_node != NULL ? company_ids : NULL, i);
          if (deal == NULL)
            ok = FALSE;
          else
            g_ptr_array_add (deals, deal);
        }
    }
  ctx->path = NULL;
  ctx->id = NULL;

  if (!ok)
    return NULL;

  doc = dg_document_new ();
  dg_document_set_title (doc, title);
  dg_document_set_description (doc, description);
  dg_document_set_as_of (doc, as_of);
  for (guint i = 0; i < companies->len; i++)
    if (!dg_document_add_company (doc, g_ptr_array_index (companies, i)))
      g_assert_not_reached ();  /* ids were checked above */
  for (guint i = 0; i < deals->len; i++)
    if (!dg_document_add_deal (doc, g_ptr_array_index (deals, i)))
      g_assert_not_reached ();

  /* Warnings that need the whole picture. */
  n_deals_of = g_new0 (guint, MAX (companies->len, 1));
  for (guint i = 0; i < deals->len; i++)
    {
      DgDeal *deal = g_ptr_array_index (deals, i);

      n_deals_of[dg_deal_get_from_index (deal)]++;
      n_deals_of[dg_deal_get_to_index (deal)]++;
    }
  for (guint i = 0; i < companies->len; i++)
    if (n_deals_of[i] == 0)
      {
        g_autofree char *path = g_strdup_printf ("companies[%u]", i);

        ctx->path = path;
        ctx->id = dg_company_get_id (g_ptr_array_index (companies, i));
        warn_at (ctx, _("company has no deals"));
      }
  ctx->path = NULL;
  ctx->id = NULL;

  layout = json_object_get_member (top, "layout");
  if (layout != NULL && !JSON_NODE_HOLDS_NULL (layout) && !parse_layout (ctx, layout, doc))
    return NULL;
  ctx->path = NULL;
  ctx->id = NULL;

  extra = collect_extra (top, top_fields);
  dg_document_set_extra (doc, extra);
  dg_document_set_modified (doc, FALSE);

  return g_steal_pointer (&doc);
}

/**
 * dg_document_load_from_data:
 * @data: (array length=length): the file's bytes
 * @problems: (out) (optional) (transfer full) (element-type DgProblem):
 *   every error and warning found, in file order
 *
 * Loads a document, or refuses it with every problem listed. A document is
 * returned only when no error was found; warnings do not refuse a file.
 *
 * Returns: (transfer full) (nullable): the document
 */
DgDocument *
dg_document_load_from_data (const char  *data,
                            gsize        length,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_problem_free);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DgDocument) doc = NULL;
  Ctx ctx = { list, 0, NULL, NULL };
  const char *invalid = NULL;
  gboolean blank = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DG_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (DG_MAX_FILE_SIZE);

      error_at (&ctx, _("the file is larger than %s"), size);
      goto out;
    }

  if (!g_utf8_validate_len (data, length, &invalid))
    {
      guint line, column;

      locate (data, invalid - data, &line, &column);
      report (&ctx, DG_SEVERITY_ERROR, line, column, _("invalid UTF-8 (byte 0x%02x)"),
              (guint) (guchar) *invalid);
      goto out;
    }

  for (gsize i = 0; i < length && blank; i++)
    blank = g_ascii_isspace (data[i]);
  if (blank)
    {
      error_at (&ctx, _("the file is empty"));
      goto out;
    }

  if (!check_nesting (&ctx, data, length))
    goto out;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      report_syntax_error (&ctx, local_error);
      goto out;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      error_at (&ctx, _("the file is empty"));
      goto out;
    }

  doc = build_document (&ctx, json_parser_get_root (parser));

out:
  if (doc == NULL || ctx.n_errors > 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                   g_dngettext (GETTEXT_PACKAGE, "The file has %u error", "The file has %u errors",
                                ctx.n_errors),
                   ctx.n_errors);
      g_clear_object (&doc);
    }

  if (problems != NULL)
    *problems = g_steal_pointer (&list);

  return g_steal_pointer (&doc);
}

/**
 * dg_document_load_from_file:
 *
 * Like dg_document_load_from_data(), but refuses files over
 * %DG_MAX_FILE_SIZE before reading them.
 *
 * Returns: (transfer full) (nullable): the document
 */
DgDocument *
dg_document_load_from_file (GFile       *file,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (problems != NULL)
    *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_problem_free);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("It is a folder, not a file"));
      return NULL;
    }
  if (g_file_info_get_size (info) > DG_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (DG_MAX_FILE_SIZE);

      g_set_error (error, DG_ERROR, DG_ERROR_TOO_LARGE,
                   _("The file is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  if (problems != NULL)
    g_clear_pointer (problems, g_ptr_array_unref);

  return dg_document_load_from_data (contents, length, problems, error);
}

/**
 * dg_document_get_default_bytes:
 *
 * Returns: (transfer full): the embedded AI-deals dataset
 */
GBytes *
dg_document_get_default_bytes (void)
{
  return g_resource_lookup_data (dg_core_get_resource (), DEFAULT_DATASET,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/**
 * dg_document_load_default:
 *
 * Returns: (transfer full) (nullable): the embedded AI-deals dataset
 */
DgDocument *
dg_document_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  gsize length;
  const char *data;

  if (bytes == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The embedded dataset is missing"));
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  return dg_document_load_from_data (data, length, NULL, error);
}

/* ---- saving ----------------------------------------------------------- */

static void
set_number (JsonObject *obj,
            const char *key,
            double      v)
{
  /* Whole numbers are written without an exponent or fraction so files stay
   * readable; anything else keeps full precision. */
  if (v == floor (v) && fabs (v) < 9007199254740992.0)
    json_object_set_int_member (obj, key, (gint64) v);
  else
    json_object_set_double_member (obj, key, v);
}

static void
set_opt_string (JsonObject *obj,
                const char *key,
                const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, key, value);
}

static void
add_extra (JsonObject *obj,
           JsonObject *extra)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (extra == NULL)
    return;

  json_object_iter_init (&iter, extra);
  while (json_object_iter_next (&iter, &key, &node))
    if (!json_object_has_member (obj, key))
      json_object_set_member (obj, key, json_node_copy (node));
}

static JsonNode *
company_to_node (DgCompany *company)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, "id", dg_company_get_id (company));
  json_object_set_string_member (obj, "name", dg_company_get_name (company));
  set_opt_string (obj, "kind", dg_company_get_kind (company));
  set_opt_string (obj, "country", dg_company_get_country (company));
  if (dg_company_has_valuation (company))
    set_number (obj, "valuation_usd", dg_company_get_valuation (company));
  set_opt_string (obj, "valuation_as_of", dg_company_get_valuation_as_of (company));
  set_opt_string (obj, "valuation_note", dg_company_get_valuation_note (company));
  set_opt_string (obj, "description", dg_company_get_description (company));
  set_opt_string (obj, "website", dg_company_get_website (company));
  add_extra (obj, dg_company_get_extra (company));

  json_node_take_object (node, obj);
  return node;
}

static JsonNode *
deal_to_node (DgDeal *deal)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const DgAmount *amount = dg_deal_get_amount (deal);
  GPtrArray *sources = dg_deal_get_sources (deal);

  json_object_set_string_member (obj, "id", dg_deal_get_id (deal));
  json_object_set_string_member (obj, "from", dg_deal_get_from_id (deal));
  json_object_set_string_member (obj, "to", dg_deal_get_to_id (deal));
  set_opt_string (obj, "kind", dg_deal_get_kind (deal));
  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT:
      set_number (obj, "amount_usd", amount->value);
      break;
    case DG_AMOUNT_RANGE:
      if (amount->value != amount->max)
        set_number (obj, "amount_usd", amount->value);
      set_number (obj, "amount_min_usd", amount->min);
      set_number (obj, "amount_max_usd", amount->max);
      break;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      if (dg_deal_get_amount_null (deal))
        json_object_set_null_member (obj, "amount_usd");
      break;
    }
  set_opt_string (obj, "amount_note", dg_deal_get_amount_note (deal));
  set_opt_string (obj, "announced", dg_deal_get_announced (deal));
  set_opt_string (obj, "term", dg_deal_get_term (deal));
  set_opt_string (obj, "status", dg_deal_get_status (deal));
  set_opt_string (obj, "status_note", dg_deal_get_status_note (deal));
  set_opt_string (obj, "title", dg_deal_get_title (deal));
  set_opt_string (obj, "description", dg_deal_get_description (deal));

  if (sources->len > 0)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < sources->len; i++)
        {
          DgSource *source = g_ptr_array_index (sources, i);
          JsonObject *s = json_object_new ();

          json_object_set_string_member (s, "publisher", source->publisher);
          set_opt_string (s, "title", source->title);
          set_opt_string (s, "date", source->date);
          set_opt_string (s, "url", source->url);
          set_opt_string (s, "via", source->via);
          add_extra (s, source->extra);
          json_array_add_object_element (array, s);
        }
      json_object_set_array_member (obj, "sources", array);
    }
  add_extra (obj, dg_deal_get_extra (deal));

  json_node_take_object (node, obj);
  return node;
}

static JsonNode *
document_to_node (DgDocument *self)
{
  JsonObject *top = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);
  JsonArray *companies = json_array_new ();
  JsonArray *deals = json_array_new ();
  const DgPosition *positions = dg_document_get_positions (self);
  JsonObject *pos_obj = NULL;
  guint n = dg_document_get_n_companies (self);

  json_object_set_string_member (top, "format", "dealgraph");
  json_object_set_int_member (top, "version", 1);
  set_opt_string (top, "title", dg_document_get_title (self));
  set_opt_string (top, "description", dg_document_get_description (self));
  set_opt_string (top, "as_of", dg_document_get_as_of (self));

  for (guint i = 0; i < n; i++)
    json_array_add_element (companies, company_to_node (dg_document_get_company (self, i)));
  for (guint i = 0; i < dg_document_get_n_deals (self); i++)
    json_array_add_element (deals, deal_to_node (dg_document_get_deal (self, i)));
  json_object_set_array_member (top, "companies", companies);
  json_object_set_array_member (top, "deals", deals);

  for (guint i = 0; i < n; i++)
    if (positions[i].set)
      {
        JsonObject *p = json_object_new ();

        if (pos_obj == NULL)
          pos_obj = json_object_new ();
        set_number (p, "x", round (positions[i].x * 100.0) / 100.0);
        set_number (p, "y", round (positions[i].y * 100.0) / 100.0);
        if (positions[i].pinned)
          json_object_set_boolean_member (p, "pinned", TRUE);
        json_object_set_object_member (pos_obj, dg_company_get_id (dg_document_get_company (self, i)), p);
      }

  if (pos_obj != NULL || dg_document_get_layout_algorithm (self) != NULL
      || json_object_get_size (dg_document_get_layout_extra (self)) > 0)
    {
      JsonObject *layout = json_object_new ();

      set_opt_string (layout, "algorithm", dg_document_get_layout_algorithm (self));
      if (pos_obj != NULL)
        json_object_set_object_member (layout, "positions", pos_obj);
      add_extra (layout, dg_document_get_layout_extra (self));
      json_object_set_object_member (top, "layout", layout);
    }

  add_extra (top, dg_document_get_extra (self));

  json_node_take_object (root, top);
  return root;
}

/* json-glib 1.6 (Debian 12) appends ".0" to every double printed without a
 * decimal point, including exponent forms: 1e+308 becomes "1e+308.0" and
 * 1e-07 "1e-07.0", which no JSON parser (json-glib included) reads back.
 * Unknown fields keep whatever numbers a file had, so this would make a
 * saved file unloadable. Later json-glib versions fix it; until then this
 * drops the ".0" after an exponent, outside strings. */
static void
fix_exponent_numbers (GString *text)
{
  gboolean in_string = FALSE;
  gsize out = 0;

  for (gsize i = 0; i < text->len; i++)
    {
      char c = text->str[i];

      if (in_string)
        {
          text->str[out++] = c;
          if (c == '\\' && i + 1 < text->len)
            text->str[out++] = text->str[++i];
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if ((c == 'e' || c == 'E') && out > 0 && g_ascii_isdigit (text->str[out - 1]))
        {
          gsize j = i + 1;

          /* Copy the exponent, then skip a ".0" that follows it. */
          text->str[out++] = c;
          if (j < text->len && (text->str[j] == '+' || text->str[j] == '-'))
            text->str[out++] = text->str[j++];
          while (j < text->len && g_ascii_isdigit (text->str[j]))
            text->str[out++] = text->str[j++];
          if (j + 1 < text->len && text->str[j] == '.' && text->str[j + 1] == '0'
              && (j + 2 >= text->len || !g_ascii_isdigit (text->str[j + 2])))
            j += 2;
          i = j - 1;
          continue;
        }
      text->str[out++] = c;
    }

  g_string_truncate (text, out);
}

/**
 * dg_document_to_data:
 * @length: (out) (optional): length of the text
 *
 * Returns: (transfer full): the document as Dealgraph JSON, pretty-printed
 */
char *
dg_document_to_data (DgDocument *self,
                     gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *text;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), NULL);

  root = document_to_node (self);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  text = json_generator_to_gstring (generator, g_string_new (NULL));
  fix_exponent_numbers (text);
  g_string_append_c (text, '\n');
  if (length != NULL)
    *length = text->len;

  return g_string_free (text, FALSE);
}

/**
 * dg_document_save_to_file:
 *
 * Saves atomically: a temporary file in the same folder is written, flushed
 * to disk and renamed over @file. On failure the old file is untouched.
 *
 * Returns: %TRUE on success
 */
gboolean
dg_document_save_to_file (DgDocument  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (DG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Only local files can be saved"));
      return FALSE;
    }

  data = dg_document_to_data (self, &length);

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Could not save: %s"), local_error->message);
      return FALSE;
    }

  dg_document_set_modified (self, FALSE);
  return TRUE;
}
