/* test-cli-import.c: dealgraph --import-csv and --export to the network
 * formats, run as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dg-test-run.h"

typedef struct
{
  char *dir;
  char *out;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dealgraph-cli-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->out = g_build_filename (f->dir, "net.dealgraph.json", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->out);
}

static char *
csv_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "files", "csv", name, NULL);
}

/* The line as the user sees it, with the file named as given. */
static void
assert_line (const char *text,
             const char *path,
             const char *rest)
{
  g_autofree char *line = g_strdup_printf ("%s%s\n", path, rest);

  g_assert_nonnull (strstr (text, line));
}

static void
test_import_good (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *deals = csv_fixture ("good-semicolon.csv");
  g_autofree char *expected = NULL;
  g_auto(DgTestRun) run = { 0 };
  g_auto(DgTestRun) validate = { 0 };

  dg_test_run (&run, "--import-csv", f->out, deals, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("%s: 9 deals, 8 companies\n", f->out);
  g_assert_cmpstr (run.out, ==, expected);
  assert_line (run.err, deals, ": warning: 7 deals have no sources");

  /* What was written is a deal file the loader accepts. */
  dg_test_run (&validate, "--validate", f->out, NULL);
  g_assert_cmpint (validate.status, ==, 0);
  g_assert_nonnull (strstr (validate.out, "valid: 8 companies, 9 deals"));
}

static void
test_import_refused_rows (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *deals = csv_fixture ("bad-amounts.csv");
  g_auto(DgTestRun) run = { 0 };
  g_auto(DgTestRun) keep = { 0 };
  g_auto(DgTestRun) validate = { 0 };

  /* Refused rows: listed, exit 1, nothing written. */
  dg_test_run (&run, "--import-csv", f->out, deals, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_line (run.err, deals, ":2:3: error: “38 gazillion” in column “amount”: “gazillion” is not a unit; "
                               "use K, M, B or T (thousand, million, billion, trillion)");
  assert_line (run.err, deals, ":9:3: error: “$10B per year” in column “amount”: cannot read “per year”; "
                               "words like “per year” go in the note column");
  assert_line (run.err, deals, ": 8 rows were refused; nothing written (--keep-going writes the rows that were read)");
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));

  /* --keep-going writes the rows that were read, and still says 1. */
  dg_test_run (&keep, "--import-csv", f->out, deals, "--keep-going", NULL);
  g_assert_cmpint (keep.status, ==, 1);
  g_assert_nonnull (strstr (keep.out, ": 1 deal, 2 companies; 8 rows refused\n"));
  dg_test_run (&validate, "--validate", f->out, NULL);
  g_assert_cmpint (validate.status, ==, 0);
  g_assert_nonnull (strstr (validate.out, "valid: 2 companies, 1 deal"));
}

/* A member of the first deal of a saved file, as text, read with json-glib
 * (not by matching the saver's spacing). */
static char *
first_deal_member (const char *json,
                   const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *deal;
  JsonNode *node;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  deal = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                     "deals"), 0);
  node = json_object_get_member (deal, member);
  if (node == NULL)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup_printf ("%.17g", json_node_get_double (node));
}

static void
test_import_date_order (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *deals = csv_fixture ("good.tsv");
  g_autofree char *json = NULL;
  g_auto(DgTestRun) run = { 0 };
  g_auto(DgTestRun) dmy = { 0 };

  dg_test_run (&run, "--import-csv", f->out, deals, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "hint: --date-order dmy or --date-order mdy says whether the day or the month comes first"));

  dg_test_run (&dmy, "--import-csv", f->out, deals, "--date-order", "dmy", NULL);
  g_assert_cmpint (dmy.status, ==, 0);
  g_assert_true (g_file_get_contents (f->out, &json, NULL, NULL));
  {
    g_autofree char *announced = first_deal_member (json, "announced");

    g_assert_cmpstr (announced, ==, "2025-11-03");
  }
}

static void
test_import_map_and_companies (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *deals = csv_fixture ("unmapped.csv");
  g_autofree char *json = NULL;
  g_auto(DgTestRun) unmapped = { 0 };
  g_auto(DgTestRun) run = { 0 };

  dg_test_run (&unmapped, "--import-csv", f->out, deals, NULL);
  g_assert_cmpint (unmapped.status, ==, 1);
  assert_line (unmapped.err, deals, ": error: no column says who pays; map one to “from” (the payer)");

  dg_test_run (&run, "--import-csv", f->out, deals, "--map", "Zahler=from", "--map", "Empfaenger=to",
               "--map", "Betrag=amount_usd", "--map", "4=keep", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (f->out, &json, NULL, NULL));
  {
    g_autofree char *amount = first_deal_member (json, "amount_usd");
    g_autofree char *note = first_deal_member (json, "Notiz");

    g_assert_cmpstr (amount, ==, "1000000000");
    g_assert_cmpstr (note, ==, "x");
  }

  {
    g_autofree char *companies = csv_fixture ("companies.csv");
    g_autofree char *for_companies = csv_fixture ("deals-for-companies.csv");
    g_auto(DgTestRun) with = { 0 };

    dg_test_run (&with, "--import-csv", f->out, for_companies, "--companies", companies, NULL);
    g_assert_cmpint (with.status, ==, 1);
    assert_line (with.err, companies, ":4:4: error: “10-20B” in column “Market cap”: a valuation is one figure, not a range");
    assert_line (with.err, for_companies, ":4:2: error: “Broken” in column “to”: the company’s row 4 in the "
                                          "companies table was refused");
  }
}

static void
test_import_usage (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *deals = csv_fixture ("good-semicolon.csv");
  g_autofree char *broken = csv_fixture ("bad-unterminated.csv");
  g_auto(DgTestRun) no_file = { 0 };
  g_auto(DgTestRun) bad_order = { 0 };
  g_auto(DgTestRun) bad_map = { 0 };
  g_auto(DgTestRun) bad_sep = { 0 };
  g_auto(DgTestRun) unreadable = { 0 };
  g_auto(DgTestRun) missing = { 0 };

  dg_test_run (&no_file, "--import-csv", f->out, NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  dg_test_run (&bad_order, "--import-csv", f->out, deals, "--date-order", "ymd", NULL);
  g_assert_cmpint (bad_order.status, ==, 2);
  dg_test_run (&bad_map, "--import-csv", f->out, deals, "--map", "Payer=nonsense", NULL);
  g_assert_cmpint (bad_map.status, ==, 2);
  g_assert_nonnull (strstr (bad_map.err, "“nonsense” is not a field of the deals table"));
  dg_test_run (&bad_sep, "--import-csv", f->out, deals, "--separator", "|", NULL);
  g_assert_cmpint (bad_sep.status, ==, 2);

  /* A file that cannot be read is refused with its place: 1, not 2. */
  dg_test_run (&unreadable, "--import-csv", f->out, broken, NULL);
  g_assert_cmpint (unreadable.status, ==, 1);
  assert_line (unreadable.err, broken, ":3:3: error: a quoted field starts here and never ends (a \" is missing)");
  dg_test_run (&missing, "--import-csv", f->out, "/nonexistent/deals.csv", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
}

static void
test_export_formats (Fixture       *f,
                     gconstpointer  data)
{
  static const char *names[] = { "net.graphml", "net.gexf", "net.dot", "net.gv", "net.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autofree char *contents = NULL;
      g_auto(DgTestRun) run = { 0 };

      dg_test_run (&run, "--export", path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      /* The names of the embedded dataset, each format its own way. */
      g_assert_nonnull (strstr (contents, "Amazon / AWS"));
    }

  {
    g_autofree char *companies = g_build_filename (f->dir, "net-companies.csv", NULL);
    g_autofree char *other = g_build_filename (f->dir, "net.xyz", NULL);
    g_autofree char *forced = g_build_filename (f->dir, "net.txt", NULL);
    g_autofree char *contents = NULL;
    g_auto(DgTestRun) bad = { 0 };
    g_auto(DgTestRun) with_format = { 0 };

    g_assert_true (g_file_test (companies, G_FILE_TEST_IS_REGULAR));

    dg_test_run (&bad, "--export", other, NULL);
    g_assert_cmpint (bad.status, ==, 2);
    g_assert_nonnull (strstr (bad.err, "name it .png, .svg, .pdf, .graphml, .gexf, .dot or .csv, or give --format"));

    dg_test_run (&with_format, "--export", forced, "--format", "gexf", NULL);
    g_assert_cmpint (with_format.status, ==, 0);
    g_assert_true (g_file_get_contents (forced, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf "));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/dealgraph/cli/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("import-good", test_import_good);
  ADD ("import-refused-rows", test_import_refused_rows);
  ADD ("import-date-order", test_import_date_order);
  ADD ("import-map-and-companies", test_import_map_and_companies);
  ADD ("import-usage", test_import_usage);
  ADD ("export-formats", test_export_formats);
#undef ADD

  return g_test_run ();
}
