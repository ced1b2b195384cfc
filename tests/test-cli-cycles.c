/* test-cli-cycles.c: dealgraph --cycles, run as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
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

  for (guint i = 0; i < G_N_ELEMENTS (news); i++)
    if (!json_has_two_cycle (cycles, news[i][0], news[i][1]))
      g_error ("--cycles misses %s -> %s -> %s", news[i][0], news[i][1], news[i][0]);

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

static void
test_text (void)
{
  g_auto(DgTestRun) json = { 0 };
  g_auto(DgTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *cycles;
  const char *amazon = NULL;

  /* The text report names the cycles as the JSON report's "path" does:
   * companies by name, joined by arrows, back to the first. */
  run_dealgraph (&json, "--cycles", "--format", "json", NULL);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  cycles = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "cycles");
  for (guint i = 0; i < json_array_get_length (cycles); i++)
    {
      JsonObject *cycle = json_array_get_object_element (cycles, i);
      JsonArray *companies = json_object_get_array_member (cycle, "companies");

      if (json_array_get_length (companies) == 2
          && (g_str_equal (json_array_get_string_element (companies, 0), "amazon")
              || g_str_equal (json_array_get_string_element (companies, 1), "amazon")))
        amazon = json_object_get_string_member (cycle, "path");
    }
  g_assert_nonnull (amazon);
  {
    g_auto(GStrv) parts = g_strsplit (amazon, " → ", -1);

    /* OpenAI → Amazon / AWS → OpenAI, whatever the names. */
    g_assert_cmpuint (g_strv_length (parts), ==, 3);
    g_assert_cmpstr (parts[0], ==, parts[2]);
  }

  run_dealgraph (&run, "--cycles", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, amazon));
  g_assert_nonnull (strstr (run.out, "round trip:"));
  g_assert_nonnull (strstr (run.out, "amazon-openai-10b"));
  g_assert_nonnull (strstr (run.out, "deals lie on cycles"));
  g_assert_nonnull (strstr (run.out, "routes of up to 8 companies found"));
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
static void
test_csv (void)
{
  g_auto(DgTestRun) run = { 0 };
  const char *p;
  g_autoptr(GPtrArray) header = NULL;
  g_autofree char *count = NULL;
  guint n_routes = 0;
  guint n_cycles = 0;
  guint listed_in_route = 0;
  guint combinations = 0;
  g_autofree char *route_path = NULL;
  gboolean found = FALSE;

  run_dealgraph (&run, "--cycles", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);

  p = run.out;
  header = csv_record (&p);
  g_assert_cmpuint (header->len, ==, 11);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "route");
  g_assert_cmpstr (g_ptr_array_index (header, 1), ==, "cycle");
  g_assert_cmpstr (g_ptr_array_index (header, 5), ==, "deals");
  g_assert_cmpstr (g_ptr_array_index (header, 9), ==, "combinations");

  while (*p != '\0')
    {
      g_autoptr(GPtrArray) row = csv_record (&p);
      const char *route = g_ptr_array_index (row, 0);
      const char *cycle = g_ptr_array_index (row, 1);

      g_assert_cmpuint (row->len, ==, header->len);
      if (*route != '\0')
        {
          g_autofree char *rank = g_strdup_printf ("%u", n_routes + 1);

          /* The route before had all its combinations listed. */
          g_assert_cmpuint (listed_in_route, ==, combinations);
          g_assert_cmpstr (route, ==, rank);
          g_assert_cmpstr (cycle, ==, "");
          g_assert_cmpstr (g_ptr_array_index (row, 5), ==, "");
          combinations = (guint) g_ascii_strtoull (g_ptr_array_index (row, 9), NULL, 10);
          g_assert_cmpuint (combinations, >=, 1);
          g_free (route_path);
          route_path = g_strdup (g_ptr_array_index (row, 3));
          listed_in_route = 0;
          n_routes++;
        }
      else
        {
          /* A combination, written like its route. */
          g_assert_cmpuint (n_routes, >, 0);
          g_assert_cmpstr (cycle, !=, "");
          g_assert_cmpstr (g_ptr_array_index (row, 3), ==, route_path);
          if (g_str_equal (g_ptr_array_index (row, 5), "amazon-openai-10b openai-aws-38b"))
            {
              found = TRUE;
              g_assert_cmpstr (g_ptr_array_index (row, 6), ==, "$10B");
              g_assert_cmpstr (g_ptr_array_index (row, 7), ==, "10000000000");
            }
          listed_in_route++;
          n_cycles++;
        }
    }
  g_assert_cmpuint (listed_in_route, ==, combinations);
  g_assert_true (found);
  /* The same cycles as the JSON report; the summary goes to stderr. */
  g_assert_cmpuint (n_cycles, ==, json_cycle_count ());
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/cli-cycles/json", test_json);
  g_test_add_func ("/dealgraph/cli-cycles/text", test_text);
  g_test_add_func ("/dealgraph/cli-cycles/csv", test_csv);
  g_test_add_func ("/dealgraph/cli-cycles/limits", test_limits);
  g_test_add_func ("/dealgraph/cli-cycles/bad-format", test_bad_format);

  return g_test_run ();
}
