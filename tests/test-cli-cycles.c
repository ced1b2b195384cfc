/* test-cli-cycles.c: dealgraph --cycles, run as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

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
  g_assert_nonnull (strstr (run.out, "cycles of up to 8 companies found"));
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

static void
test_csv (void)
{
  g_auto(DgTestRun) run = { 0 };
  const char *p;
  g_autoptr(GPtrArray) header = NULL;
  g_autofree char *count = NULL;
  guint rows = 0;
  gboolean found = FALSE;

  run_dealgraph (&run, "--cycles", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);

  p = run.out;
  header = csv_record (&p);
  g_assert_cmpuint (header->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "rank");
  g_assert_cmpstr (g_ptr_array_index (header, 4), ==, "deals");

  while (*p != '\0')
    {
      g_autoptr(GPtrArray) row = csv_record (&p);
      g_autofree char *rank = g_strdup_printf ("%u", rows + 1);

      g_assert_cmpuint (row->len, ==, header->len);
      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, rank);
      if (g_str_equal (g_ptr_array_index (row, 4), "amazon-openai-10b openai-aws-38b"))
        {
          found = TRUE;
          g_assert_cmpstr (g_ptr_array_index (row, 5), ==, "$10B");
          g_assert_cmpstr (g_ptr_array_index (row, 6), ==, "10000000000");
        }
      rows++;
    }
  g_assert_true (found);
  /* The same cycles as the JSON report; the summary goes to stderr. */
  g_assert_cmpuint (rows, ==, json_cycle_count ());
  count = g_strdup_printf ("%u cycles", rows);
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
