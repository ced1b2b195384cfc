/* test-cli-cycles.c: dealgraph --cycles, run as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dg-test-run.h"

typedef DgTestRun Run;

#define run_dealgraph dg_test_run

/* The first two companies of a 2-cycle, in either order. */
static gboolean
json_has_two_cycle (JsonArray  *cycles,
                    const char *x,
                    const char *y)
{
  for (guint i = 0; i < json_array_get_length (cycles); i++)
    {
      JsonObject *cycle = json_array_get_object_element (cycles, i);
      JsonArray *companies = json_object_get_array_member (cycle, "companies");
      const char *a;
      const char *b;

      if (json_array_get_length (companies) != 2)
        continue;
      a = json_array_get_string_element (companies, 0);
      b = json_array_get_string_element (companies, 1);
      if ((g_str_equal (a, x) && g_str_equal (b, y)) || (g_str_equal (a, y) && g_str_equal (b, x)))
        return TRUE;
    }
  return FALSE;
}

/* A route's round trip worked out here from its hops: per hop the sum of
 * its deals' amounts, then the smallest hop; an undisclosed deal leaves its
 * hop open above, a hop of only undisclosed deals makes it unknown. */
static void
expected_route_round_trip (JsonObject *route,
                           GHashTable *low,
                           GHashTable *high,
                           gboolean   *known,
                           double     *lo,
                           double     *hi)
{
  JsonArray *hops = json_object_get_array_member (route, "hops");

  *known = TRUE;
  *lo = *hi = INFINITY;
  for (guint h = 0; h < json_array_get_length (hops); h++)
    {
      JsonArray *deals = json_array_get_array_element (hops, h);
      double sum_lo = 0, sum_hi = 0;
      guint n_undisclosed = 0;

      for (guint d = 0; d < json_array_get_length (deals); d++)
        {
          const char *id = json_array_get_string_element (deals, d);
          double *l = g_hash_table_lookup (low, id);
          double *u = g_hash_table_lookup (high, id);

          g_assert_nonnull (l);
          if (isnan (*l))
            n_undisclosed++;
          else
            {
              sum_lo += *l;
              sum_hi += *u;
            }
        }
      if (n_undisclosed == json_array_get_length (deals))
        *known = FALSE;
      *lo = MIN (*lo, sum_lo);
      *hi = MIN (*hi, n_undisclosed > 0 ? INFINITY : sum_hi);
    }
}

/* "routes" holds every cycle once, under the route of its companies, and
 * each route's round trip is its smallest hop total. */
static void
check_json_routes (JsonObject *root)
{
  JsonArray *cycles = json_object_get_array_member (root, "cycles");
  JsonArray *routes = json_object_get_array_member (root, "routes");
  JsonObject *summary = json_object_get_object_member (root, "summary");
  g_autoptr(GHashTable) low = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) high = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *seen = g_new0 (guint, json_array_get_length (cycles) + 1);
  guint n_listed = 0;

  g_assert_nonnull (routes);
  g_assert_cmpint (json_object_get_int_member (summary, "routes"), ==, json_array_get_length (routes));

  /* Each deal's amount, from the cycles it lies on; and the routes the
   * cycles name, counted here from their companies. */
  for (guint i = 0; i < json_array_get_length (cycles); i++)
    {
      JsonObject *cycle = json_array_get_object_element (cycles, i);
      JsonArray *deals = json_object_get_array_member (cycle, "deals");
      JsonArray *companies = json_object_get_array_member (cycle, "companies");
      g_autoptr(GString) key = g_string_new (NULL);

      for (guint k = 0; k < json_array_get_length (deals); k++)
        {
          JsonObject *deal = json_array_get_object_element (deals, k);
          JsonNode *l = json_object_get_member (deal, "amount_low_usd");
          JsonNode *u = json_object_get_member (deal, "amount_high_usd");
          const char *id = json_object_get_string_member (deal, "id");
          double *pl = g_new (double, 1);
          double *pu = g_new (double, 1);

          *pl = JSON_NODE_HOLDS_NULL (l) ? NAN : json_node_get_double (l);
          *pu = JSON_NODE_HOLDS_NULL (u) ? NAN : json_node_get_double (u);
          g_hash_table_replace (low, (gpointer) id, pl);
          g_hash_table_replace (high, (gpointer) id, pu);
        }
      for (guint k = 0; k < json_array_get_length (companies); k++)
        g_string_append_printf (key, "%s ", json_array_get_string_element (companies, k));
      g_hash_table_add (by_path, (gpointer) g_intern_string (key->str));
    }
  g_assert_cmpuint (g_hash_table_size (by_path), ==, json_array_get_length (routes));

  for (guint r = 0; r < json_array_get_length (routes); r++)
    {
      JsonObject *route = json_array_get_object_element (routes, r);
      JsonArray *companies = json_object_get_array_member (route, "companies");
      JsonArray *route_cycles = json_object_get_array_member (route, "cycles");
      JsonArray *hops = json_object_get_array_member (route, "hops");
      JsonObject *round_trip = json_object_get_object_member (route, "round_trip");
      guint64 product = 1;
      gboolean known;
      double lo;
      double hi;

      g_assert_cmpint (json_object_get_int_member (route, "rank"), ==, r + 1);
      g_assert_cmpuint (json_array_get_length (hops), ==, json_array_get_length (companies));
      for (guint h = 0; h < json_array_get_length (hops); h++)
        product *= json_array_get_length (json_array_get_array_element (hops, h));
      /* Every combination of one deal a hop is a cycle, all listed here. */
      g_assert_cmpint (json_object_get_int_member (route, "combinations"), ==, product);
      g_assert_cmpuint (json_array_get_length (route_cycles), ==, product);

      for (guint i = 0; i < json_array_get_length (route_cycles); i++)
        {
          JsonObject *cycle = json_array_get_object_element (route_cycles, i);
          JsonArray *cc = json_object_get_array_member (cycle, "companies");
          JsonArray *deals = json_object_get_array_member (cycle, "deals");
          gint64 rank = json_object_get_int_member (cycle, "rank");

          g_assert_cmpint (json_object_get_int_member (cycle, "route"), ==, r + 1);
          g_assert_cmpint (rank, >=, 1);
          g_assert_cmpint (rank, <=, json_array_get_length (cycles));
          seen[rank]++;
          /* The same companies from the same first one. */
          g_assert_cmpuint (json_array_get_length (cc), ==, json_array_get_length (companies));
          for (guint k = 0; k < json_array_get_length (cc); k++)
            {
              JsonArray *hop = json_array_get_array_element (hops, k);
              const char *id = json_object_get_string_member (json_array_get_object_element (deals, k), "id");
              gboolean in_hop = FALSE;

              g_assert_cmpstr (json_array_get_string_element (cc, k), ==,
                               json_array_get_string_element (companies, k));
              for (guint d = 0; d < json_array_get_length (hop); d++)
                in_hop |= g_str_equal (json_array_get_string_element (hop, d), id);
              g_assert_true (in_hop);
            }
          n_listed++;
        }

      expected_route_round_trip (route, low, high, &known, &lo, &hi);
      g_assert_cmpint (json_object_get_boolean_member (round_trip, "known"), ==, known);
      if (known)
        {
          JsonNode *h = json_object_get_member (round_trip, "high_usd");

          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (round_trip, "low_usd"), lo, 1);
          if (isinf (hi))
            {
              g_assert_true (JSON_NODE_HOLDS_NULL (h));
              g_assert_true (json_object_get_boolean_member (round_trip, "at_least") || lo == 0);
            }
          else
            g_assert_cmpfloat_with_epsilon (json_node_get_double (h), hi, 1);
        }
    }

  /* Each cycle under exactly one route. */
  g_assert_cmpuint (n_listed, ==, json_array_get_length (cycles));
  for (guint i = 1; i <= json_array_get_length (cycles); i++)
    g_assert_cmpuint (seen[i], ==, 1);
}

static void
test_json (void)
{
  static const char * const news[][2] = {
    { "amazon", "openai" },
    { "nvidia", "openai" },
    { "amd", "openai" },
    { "microsoft", "openai" },
    { "nvidia", "coreweave" },
    { "microsoft", "anthropic" },
    { "amazon", "anthropic" },
    { "alphabet", "anthropic" },
  };
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *summary;
  JsonArray *cycles;
  guint longest = 0;

  run_dealgraph (&run, "--cycles", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  summary = json_object_get_object_member (root, "summary");
  cycles = json_object_get_array_member (root, "cycles");
  g_assert_nonnull (summary);
  g_assert_nonnull (cycles);

  g_assert_cmpint (json_object_get_int_member (summary, "deals"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "cycles"), ==, json_array_get_length (cycles));
  g_assert_true (json_object_get_boolean_member (summary, "complete"));
  g_assert_cmpstr (json_object_get_string_member (summary, "limit"), ==, "none");
  g_assert_cmpint (json_object_get_int_member (summary, "cyclic_deals"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "cyclic_deals"), <=,
                   json_object_get_int_member (summary, "deals"));

  /* The 2-cycles of 2025's news, in the network as it stood at the end of
   * 2025 (some were called off in 2026: NVIDIA's letter of intent). */
  {
    g_auto(DgTestRun) dated = { 0 };
    g_autoptr(JsonParser) dated_parser = json_parser_new ();
    JsonArray *dated_cycles;

    run_dealgraph (&dated, "--cycles", "--as-of", "2025-12", "--format", "json", NULL);
    g_assert_cmpint (dated.status, ==, 0);
    json_parser_load_from_data (dated_parser, dated.out, -1, &error);
    g_assert_no_error (error);
    dated_cycles = json_object_get_array_member (json_node_get_object (json_parser_get_root (dated_parser)), "cycles");
    for (guint i = 0; i < G_N_ELEMENTS (news); i++)
      if (!json_has_two_cycle (dated_cycles, news[i][0], news[i][1]))
        g_error ("--cycles --as-of 2025-12 misses %s -> %s -> %s", news[i][0], news[i][1], news[i][0]);
    /* Both NVIDIA <-> OpenAI deals were cancelled in 2026. */
    g_assert_false (json_has_two_cycle (cycles, "nvidia", "openai"));
  }

  for (guint i = 0; i < json_array_get_length (cycles); i++)
    {
      JsonObject *cycle = json_array_get_object_element (cycles, i);
      JsonArray *deals = json_object_get_array_member (cycle, "deals");
      JsonArray *companies = json_object_get_array_member (cycle, "companies");

      g_assert_cmpint (json_object_get_int_member (cycle, "rank"), ==, i + 1);
      g_assert_cmpuint (json_array_get_length (deals), ==, json_array_get_length (companies));
      longest = MAX (longest, json_array_get_length (deals));
      /* Each deal leaves the company listed at its place. */
      for (guint k = 0; k < json_array_get_length (deals); k++)
        {
          JsonObject *deal = json_array_get_object_element (deals, k);

          g_assert_cmpstr (json_object_get_string_member (deal, "from"), ==,
                           json_array_get_string_element (companies, k));
        }
    }
  g_assert_cmpuint (longest, >=, 3);

  check_json_routes (root);
}

/* A cycle's companies as a key that does not depend on where it starts:
 * the rotation that puts the smallest id first. */
static char *
rotation_key (JsonArray *companies)
{
  guint n = json_array_get_length (companies);
  guint first = 0;
  GString *key = g_string_new (NULL);

  for (guint k = 1; k < n; k++)
    if (g_strcmp0 (json_array_get_string_element (companies, k),
                   json_array_get_string_element (companies, first)) < 0)
      first = k;
  for (guint k = 0; k < n; k++)
    g_string_append_printf (key, "%s>", json_array_get_string_element (companies, (first + k) % n));
  return g_string_free (key, FALSE);
}

static gboolean
same_companies (JsonArray *a,
                JsonArray *b)
{
  if (json_array_get_length (a) != json_array_get_length (b))
    return FALSE;
  for (guint k = 0; k < json_array_get_length (a); k++)
    if (g_strcmp0 (json_array_get_string_element (a, k), json_array_get_string_element (b, k)) != 0)
      return FALSE;
  return TRUE;
}

/* The routes of the JSON report: exactly the cycles grouped by their
 * companies (worked out here from "cycles" alone), each cycle written from
 * its route's first company, the route's round trip the smallest total of
 * a step over its parallel deals. */
static void
test_routes (void)
{
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) amounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonObject *root;
  JsonArray *cycles;
  JsonArray *routes;
  guint n_listed = 0;
  guint n_several = 0;

  run_dealgraph (&run, "--cycles", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  cycles = json_object_get_array_member (root, "cycles");
  routes = json_object_get_array_member (root, "routes");

  /* Independently: group the cycles by their companies, and note every
   * deal's amount. */
  for (guint i = 0; i < json_array_get_length (cycles); i++)
    {
      JsonObject *cycle = json_array_get_object_element (cycles, i);
      JsonArray *deals = json_object_get_array_member (cycle, "deals");
      char *key = rotation_key (json_object_get_array_member (cycle, "companies"));
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (groups, key));

      g_hash_table_replace (groups, key, GUINT_TO_POINTER (count + 1));
      for (guint k = 0; k < json_array_get_length (deals); k++)
        {
          JsonObject *deal = json_array_get_object_element (deals, k);
          double *lo_hi = g_new (double, 2);

          lo_hi[0] = json_object_get_null_member (deal, "amount_low_usd") ? NAN
                     : json_object_get_double_member (deal, "amount_low_usd");
          lo_hi[1] = json_object_get_null_member (deal, "amount_high_usd") ? NAN
                     : json_object_get_double_member (deal, "amount_high_usd");
          g_hash_table_replace (amounts, (gpointer) json_object_get_string_member (deal, "id"), lo_hi);
        }
    }

  g_assert_cmpuint (json_array_get_length (routes), ==, g_hash_table_size (groups));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "summary"), "routes"), ==,
                   json_array_get_length (routes));
  g_test_message ("%u cycles on %u routes", json_array_get_length (cycles), json_array_get_length (routes));

  for (guint r = 0; r < json_array_get_length (routes); r++)
    {
      JsonObject *route = json_array_get_object_element (routes, r);
      JsonArray *companies = json_object_get_array_member (route, "companies");
      JsonArray *route_cycles = json_object_get_array_member (route, "cycles");
      JsonArray *hops = json_object_get_array_member (route, "hops");
      JsonObject *round_trip = json_object_get_object_member (route, "round_trip");
      g_autofree char *key = rotation_key (companies);
      double lo = INFINITY, hi = INFINITY;
      gboolean unknown = FALSE, open = FALSE;
      gint64 combinations = 1;

      g_assert_cmpint (json_object_get_int_member (route, "rank"), ==, r + 1);
      g_assert_true (g_hash_table_contains (groups, key));
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (groups, key)), ==,
                        json_array_get_length (route_cycles));
      g_hash_table_remove (groups, key);
      n_several += json_array_get_length (route_cycles) > 1;

      /* Its cycles: written from the route's first company. */
      for (guint i = 0; i < json_array_get_length (route_cycles); i++)
        {
          JsonObject *cycle = json_array_get_object_element (route_cycles, i);

          g_assert_true (same_companies (companies, json_object_get_array_member (cycle, "companies")));
          g_assert_cmpstr (json_object_get_string_member (cycle, "path"), ==,
                           json_object_get_string_member (route, "path"));
          g_assert_cmpint (json_object_get_int_member (cycle, "route"), ==, r + 1);
          n_listed++;
        }

      /* Its round trip: per step the total of its deals, the smallest. */
      g_assert_cmpuint (json_array_get_length (hops), ==, json_array_get_length (companies));
      for (guint k = 0; k < json_array_get_length (hops); k++)
        {
          JsonArray *hop = json_array_get_array_element (hops, k);
          double hop_lo = 0, hop_hi = 0;
          guint known = 0, undisclosed = 0;

          combinations *= json_array_get_length (hop);
          for (guint d = 0; d < json_array_get_length (hop); d++)
            {
              const double *lo_hi = g_hash_table_lookup (amounts, json_array_get_string_element (hop, d));

              g_assert_nonnull (lo_hi);
              if (isnan (lo_hi[0]) && isnan (lo_hi[1]))
                undisclosed++;
              else
                {
                  /* "up to" has no low end to share: it is 0. */
                  hop_lo += isnan (lo_hi[0]) ? 0 : lo_hi[0];
                  hop_hi += lo_hi[1];
                  known++;
                }
            }
          if (known == 0)
            unknown = TRUE;
          lo = MIN (lo, hop_lo);
          if (undisclosed == 0)
            hi = MIN (hi, hop_hi);
          else
            open = TRUE;
        }
      g_assert_cmpint (json_object_get_int_member (route, "combinations"), ==, combinations);
      g_assert_cmpint (json_object_get_boolean_member (round_trip, "known"), ==, !unknown);
      if (!unknown)
        {
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (round_trip, "low_usd"), lo, 1);
          if (isinf (hi))
            {
              g_assert_true (open);
              g_assert_true (json_object_get_null_member (round_trip, "high_usd"));
              g_assert_true (json_object_get_boolean_member (round_trip, "at_least"));
              g_assert_true (g_str_has_prefix (json_object_get_string_member (round_trip, "text"), "at least "));
            }
          else
            g_assert_cmpfloat_with_epsilon (json_object_get_double_member (round_trip, "high_usd"), MAX (hi, lo), 1);
        }
      else
        g_assert_cmpstr (json_object_get_string_member (round_trip, "text"), ==, "unknown");
    }
  g_assert_cmpuint (g_hash_table_size (groups), ==, 0);
  g_assert_cmpuint (n_listed, ==, json_array_get_length (cycles));
  /* The dataset has routes with parallel deals; fewer routes than cycles. */
  g_assert_cmpuint (n_several, >, 0);
  g_assert_cmpuint (json_array_get_length (routes), <, json_array_get_length (cycles));
}

static void
test_text (void)
{
  g_auto(DgTestRun) json = { 0 };
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *routes;
  const char *amazon = NULL;
  const char *p;

  /* The text report names each route once, as the JSON report's "path"
   * does: companies by name, joined by arrows, back to the first; the
   * combinations of a route with parallel deals follow it, indented. */
  run_dealgraph (&json, "--cycles", "--format", "json", NULL);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  routes = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "routes");
  for (guint i = 0; i < json_array_get_length (routes); i++)
    {
      JsonObject *route = json_array_get_object_element (routes, i);
      JsonArray *companies = json_object_get_array_member (route, "companies");

      if (json_array_get_length (companies) == 2
          && g_str_equal (json_array_get_string_element (companies, 0), "amazon")
          && g_str_equal (json_array_get_string_element (companies, 1), "openai"))
        amazon = json_object_get_string_member (route, "path");
    }
  /* Written from the investor. */
  g_assert_cmpstr (amazon, ==, "Amazon / AWS → OpenAI → Amazon / AWS");

  run_dealgraph (&run, "--cycles", NULL);
  g_assert_cmpint (run.status, ==, 0);
  p = run.out;
  for (guint i = 0; i < json_array_get_length (routes); i++)
    {
      JsonObject *route = json_array_get_object_element (routes, i);
      g_autofree char *line = g_strdup_printf ("%4u. %s\n", i + 1, json_object_get_string_member (route, "path"));
      const char *at = strstr (p, line);

      /* Each route once, in order. */
      g_assert_nonnull (at);
      g_assert_null (strstr (at + strlen (line), line));
      p = at + strlen (line);
      if (json_array_get_length (json_object_get_array_member (route, "cycles")) > 1)
        g_assert_true (g_str_has_prefix (p, "      round trip, all deals: "));
      else
        g_assert_true (g_str_has_prefix (p, "      round trip: "));
    }
  /* Amazon's 2026 stake; its 2025 talks were cancelled and are on no cycle. */
  g_assert_nonnull (strstr (run.out, "amazon-openai-2026"));
  g_assert_null (strstr (run.out, "amazon-openai-10b"));
  g_assert_nonnull (strstr (run.out, "combinations of deals"));
  g_assert_nonnull (strstr (run.out, "deals lie on cycles"));
  g_assert_nonnull (strstr (run.out, "routes of up to 8 companies found"));
  g_assert_null (strstr (run.out, "$-0"));
}

/* Splits one CSV record per RFC 4180 (quoted fields, doubled quotes). */
static GPtrArray *
csv_record (const char **p)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (; **p != '\0'; (*p)++)
    {
      char c = **p;

      if (quoted)
        {
          if (c == '"' && (*p)[1] == '"')
            {
              g_string_append_c (field, '"');
              (*p)++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"')
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\r' && (*p)[1] == '\n')
        {
          *p += 2;
          break;
        }
      else
        g_string_append_c (field, c);
    }
  g_assert_false (quoted);
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  return fields;
}

static guint
json_cycle_count (void)
{
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  run_dealgraph (&run, "--cycles", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_array_get_length (json_object_get_array_member (root, "cycles"));
}

/* The CSV is an outline: a route's row (route number, no cycle number),
 * then a row for each of its combinations (no route number, a cycle
 * number). */
static guint
json_route_count (void)
{
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_dealgraph (&run, "--cycles", "--format", "json", NULL);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                              "routes"));
}

/* A row per route, its combinations under it with the route cell empty. */
static void
test_csv (void)
{
  g_auto(DgTestRun) run = { 0 };
  const char *p;
  g_autoptr(GPtrArray) header = NULL;
  g_autofree char *count = NULL;
  guint n_routes = 0, n_cycles = 0;
  gboolean found = FALSE;
  const char *route_path = NULL;
  g_autofree char *route_path_copy = NULL;

  run_dealgraph (&run, "--cycles", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);

  p = run.out;
  header = csv_record (&p);
  g_assert_cmpuint (header->len, ==, 11);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "route");
  g_assert_cmpstr (g_ptr_array_index (header, 1), ==, "cycle");
  g_assert_cmpstr (g_ptr_array_index (header, 5), ==, "deals");

  while (*p != '\0')
    {
      g_autoptr(GPtrArray) row = csv_record (&p);

      g_assert_cmpuint (row->len, ==, header->len);
      if (*(const char *) g_ptr_array_index (row, 0) != '\0')
        {
          g_autofree char *rank = g_strdup_printf ("%u", n_routes + 1);

          /* A route: numbered, no cycle, no deals. */
          g_assert_cmpstr (g_ptr_array_index (row, 0), ==, rank);
          g_assert_cmpstr (g_ptr_array_index (row, 1), ==, "");
          g_assert_cmpstr (g_ptr_array_index (row, 5), ==, "");
          g_free (route_path_copy);
          route_path_copy = g_strdup (g_ptr_array_index (row, 3));
          route_path = route_path_copy;
          n_routes++;
          continue;
        }

      /* A combination: under its route, with the route's path. */
      g_assert_nonnull (route_path);
      g_assert_cmpstr (g_ptr_array_index (row, 3), ==, route_path);
      g_assert_cmpstr (g_ptr_array_index (row, 1), !=, "");
      /* $15B-$50B from Amazon, $100B-$138B back (resources/ai-deals.dealgraph.json). */
      if (g_str_equal (g_ptr_array_index (row, 5), "amazon-openai-2026 openai-aws-38b"))
        {
          found = TRUE;
          g_assert_cmpstr (g_ptr_array_index (row, 6), ==, "$15B–$50B");
          g_assert_cmpstr (g_ptr_array_index (row, 7), ==, "15000000000");
          g_assert_cmpstr (g_ptr_array_index (row, 8), ==, "50000000000");
        }
      n_cycles++;
    }
  g_assert_true (found);
  /* The same routes and cycles as the JSON report; the summary goes to
   * stderr. */
  g_assert_cmpuint (n_cycles, ==, json_cycle_count ());
  g_assert_cmpuint (n_routes, ==, json_route_count ());
  count = g_strdup_printf ("%u cycles on %u routes", n_cycles, n_routes);
  g_assert_nonnull (strstr (run.err, count));
}

static void
test_limits (void)
{
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *summary;

  run_dealgraph (&run, "--cycles", "--format", "json", "--max-cycles", "3", "--max-length", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  summary = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "cycles"), ==, 3);
  g_assert_false (json_object_get_boolean_member (summary, "complete"));
  g_assert_cmpstr (json_object_get_string_member (summary, "limit"), ==, "max-cycles");
  g_assert_cmpint (json_object_get_int_member (summary, "max_length"), ==, 2);
}

static void
test_bad_format (void)
{
  g_auto(DgTestRun) run = { 0 };

  run_dealgraph (&run, "--cycles", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "xml"));
}

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-cycles-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

/* Any finite amount reads right, an overflowing total says so, and a zero
 * never has a sign (issue 12): four $1e308 deals each way between A and B,
 * and a -0 deal from C to D. */
static void
test_money_text (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [");
  g_autofree char *path = NULL;
  g_auto(DgTestRun) text = { 0 };
  g_auto(DgTestRun) report = { 0 };
  g_auto(DgTestRun) csv = { 0 };
  g_auto(DgTestRun) summary = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *first;

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (json, "%s{\"id\": \"%c\", \"name\": \"%c\", \"kind\": \"other\"}",
                            i > 0 ? ", " : "", 'a' + i, 'A' + i);
  g_string_append (json, "], \"deals\": [");
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (json, "{\"id\": \"%s%u\", \"from\": \"%s\", \"to\": \"%s\", "
                            "\"kind\": \"other\", \"status\": \"announced\", \"amount_usd\": 1e308}, ",
                            i < 4 ? "ab" : "ba", i, i < 4 ? "a" : "b", i < 4 ? "b" : "a");
  g_string_append (json, "{\"id\": \"cd\", \"from\": \"c\", \"to\": \"d\", \"kind\": \"other\", "
                         "\"status\": \"announced\", \"amount_usd\": -0}, "
                         "{\"id\": \"dc\", \"from\": \"d\", \"to\": \"c\", \"kind\": \"other\", "
                         "\"status\": \"announced\", \"amount_usd\": 5e9}]}");
  path = write_temp ("money.json", json->str);

  run_dealgraph (&text, "--cycles", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  /* 1e308 is written as a power of ten, not 38 digits cut short. */
  g_assert_nonnull (strstr (text.out, "$1e308"));
  g_assert_null (strstr (text.out, "99999999"));
  /* Four of them in a row overflow a double: said plainly. */
  g_assert_nonnull (strstr (text.out, "round trip, all deals: more than $1.8e308"));
  g_assert_nonnull (strstr (text.out, "$0"));
  g_assert_null (strstr (text.out, "$-0"));
  g_assert_null (strstr (text.out, "-$0"));

  run_dealgraph (&report, "--cycles", "--format", "json", path, NULL);
  g_assert_cmpint (report.status, ==, 0);
  g_assert_null (strstr (report.out, "-0"));
  json_parser_load_from_data (parser, report.out, -1, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                       "routes"), 0);
  first = json_object_get_object_member (first, "round_trip");
  g_assert_true (json_object_get_boolean_member (first, "overflow"));
  g_assert_true (json_object_get_null_member (first, "high_usd"));
  g_assert_cmpstr (json_object_get_string_member (first, "text"), ==, "more than $1.8e308");

  run_dealgraph (&csv, "--cycles", "--format", "csv", path, NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_null (strstr (csv.out, ",-0"));

  /* --summary adds them up: more than the largest double. */
  run_dealgraph (&summary, "--summary", path, NULL);
  g_assert_cmpint (summary.status, ==, 0);
  g_assert_nonnull (strstr (summary.out, "more than $1.8e308"));
  g_assert_null (strstr (summary.out, "unknown"));
  g_assert_null (strstr (summary.out, "$-0"));

  remove_temp (path);
}

/* The hostile case, smaller: a complete graph, every limit raised.
 * The search stops at what it keeps, says so, and the process stays within
 * the bound docs/analysis.md states. Output goes to /dev/null: only the
 * memory is measured here. */
static void
test_memory_bound (void)
{
  const guint n = 40;
  g_autoptr(GString) json = g_string_new ("{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [");
  g_autofree char *path = NULL;
  g_autofree char *binary = dg_test_binary ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  int wait_status;
  gint64 t0;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\": \"c%u\", \"name\": \"C%u\", \"kind\": \"other\"}",
                            i > 0 ? ", " : "", i, i);
  g_string_append (json, "], \"deals\": [");
  for (guint u = 0, m = 0; u < n; u++)
    for (guint v = 0; v < n; v++)
      if (u != v)
        g_string_append_printf (json, "%s{\"id\": \"d%u-%u\", \"from\": \"c%u\", \"to\": \"c%u\", "
                                "\"kind\": \"other\", \"status\": \"announced\", \"amount_usd\": %u}",
                                m++ > 0 ? ", " : "", u, v, u, v, 1000 + u + v);
  g_string_append (json, "]}");
  path = write_temp ("complete.json", json->str);

  {
    const char *argv[] = { binary, "--cycles", "--format", "csv", "--max-cycles", "10000000",
                           "--max-length", "300", "--time-budget", "5", path, NULL };

    t0 = g_get_monotonic_time ();
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                  NULL, &err, &wait_status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
  g_assert_nonnull (strstr (err, "the most it keeps; more exist"));

  /* The largest child so far: this one, by far. 2^21 deal positions cost
   * about 90 MB here; the file and the rest well under 30 MB. */
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  g_test_message ("peak %ld MiB in %.1f s", usage.ru_maxrss / 1024,
                  (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
  /* Sanitizer builds carry shadow memory and quarantine on top. */
  g_assert_cmpint (usage.ru_maxrss, <, (g_getenv ("ASAN_OPTIONS") != NULL ? 1024 : 256) * 1024);

  remove_temp (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/cli-cycles/json", test_json);
  g_test_add_func ("/dealgraph/cli-cycles/routes", test_routes);
  g_test_add_func ("/dealgraph/cli-cycles/text", test_text);
  g_test_add_func ("/dealgraph/cli-cycles/csv", test_csv);
  g_test_add_func ("/dealgraph/cli-cycles/limits", test_limits);
  g_test_add_func ("/dealgraph/cli-cycles/money-text", test_money_text);
  g_test_add_func ("/dealgraph/cli-cycles/memory-bound", test_memory_bound);
  g_test_add_func ("/dealgraph/cli-cycles/bad-format", test_bad_format);

  return g_test_run ();
}
