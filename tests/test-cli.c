/* test-cli.c: the headless commands, run as a user runs them
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

typedef DgTestRun Run;

#define run_dealgraph dg_test_run

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "files", name, NULL);
}

static void
test_validate_default (void)
{
  g_auto(DgTestRun) run = { 0 };

  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "ai-deals.dealgraph.json", NULL);
  g_autofree char *data = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  /* The embedded network is resources/ai-deals.dealgraph.json: its counts,
   * read from the file by json-glib. */
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  expected = g_strdup_printf (": valid: %u companies, %u deals, 0 warnings\n",
                              json_array_get_length (json_object_get_array_member (root, "companies")),
                              json_array_get_length (json_object_get_array_member (root, "deals")));
  run_dealgraph (&run, "--validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, expected));
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_validate_bad (void)
{
  g_autofree char *path = fixture ("bad/three-errors.json");
  g_autofree char *expected = NULL;
  g_auto(DgTestRun) run = { 0 };

  run_dealgraph (&run, "--validate", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  expected = g_strdup_printf ("%s:28:13: deals[0] (\"aws-openai\"): error: \"to\" names unknown company \"amazn\"\n", path);
  g_assert_nonnull (strstr (run.err, expected));
  g_assert_nonnull (strstr (run.err, "The file has 3 errors"));
}

static void
test_validate_syntax (void)
{
  g_autofree char *path = fixture ("bad/syntax.json");
  g_autofree char *expected = NULL;
  g_auto(DgTestRun) run = { 0 };

  run_dealgraph (&run, "--validate", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  expected = g_strdup_printf ("%s:4:18: error: syntax error:", path);
  g_assert_true (g_str_has_prefix (run.err, expected));
}

static void
test_validate_warnings (void)
{
  g_autofree char *path = fixture ("warn/no-sources.json");
  g_auto(DgTestRun) run = { 0 };

  run_dealgraph (&run, "--validate", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "warning: deal has no sources"));
  g_assert_nonnull (strstr (run.out, "valid: 3 companies, 3 deals, 1 warning\n"));
}

static void
test_missing_file (void)
{
  g_auto(DgTestRun) run = { 0 };

  run_dealgraph (&run, "--summary", "/nonexistent/file.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent/file.json"));
}

static void
test_usage_errors (void)
{
  g_auto(DgTestRun) a = { 0 };
  g_auto(DgTestRun) b = { 0 };
  g_auto(DgTestRun) c = { 0 };
  g_auto(DgTestRun) d = { 0 };

  run_dealgraph (&a, "--validate", "--summary", NULL);
  g_assert_cmpint (a.status, ==, 2);
  g_assert_nonnull (strstr (a.err, "one command at a time"));

  run_dealgraph (&b, "--validate", "--no-such-option", NULL);
  g_assert_cmpint (b.status, ==, 2);

  run_dealgraph (&c, "--summary", "a.json", "b.json", NULL);
  g_assert_cmpint (c.status, ==, 2);

  run_dealgraph (&d, "--summary", "--max-length", "1", NULL);
  g_assert_cmpint (d.status, ==, 2);
}

static void
test_summary (void)
{
  g_autofree char *path = fixture ("good.json");
  g_auto(DgTestRun) run = { 0 };

  run_dealgraph (&run, "--summary", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Small test network (as of 2025-12-31)\n3 companies, 3 deals\n"));
  /* Two deals with exact amounts ($38B + $10B), one "up to $100B". */
  g_assert_nonnull (strstr (run.out, "All deals"));
  g_assert_nonnull (strstr (run.out, "$48B"));
  g_assert_nonnull (strstr (run.out, "$0–$100B"));
}

static void
test_help_and_version (void)
{
  g_auto(DgTestRun) help = { 0 };
  g_auto(DgTestRun) version = { 0 };

  run_dealgraph (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--validate"));
  g_assert_nonnull (strstr (help.out, "--summary"));
  g_assert_nonnull (strstr (help.out, "--cycles"));
  g_assert_nonnull (strstr (help.out, "--export"));

  run_dealgraph (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "dealgraph " PACKAGE_VERSION "\n");
}

/* A file's saved filter is part of its view: --export shows what the
 * window would. */
static void
test_export_saved_filter (void)
{
  g_autofree char *path = fixture ("saved-filter.json");
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "net.svg", NULL);
  g_autofree char *svg = NULL;
  g_auto(DgTestRun) run = { 0 };

  dg_test_run (&run, "--export", out, path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "aws-openai"));
  /* amazon-openai is only discussed, and the file hides what is discussed. */
  g_assert_null (strstr (svg, "amazon-openai"));
  g_unlink (out);

  /* With a date limit the deal without a date stays, ringed. */
  {
    g_autofree char *legend = NULL;
    g_auto(DgTestRun) dated = { 0 };

    dg_test_run (&dated, "--export", out, "--as-of", "2025-06", NULL);
    g_assert_cmpint (dated.status, ==, 0);
    g_assert_true (g_file_get_contents (out, &legend, NULL, NULL));
    g_assert_nonnull (strstr (legend, "No date: shown at every date"));
    g_assert_nonnull (strstr (legend, "coreweave-nvda-gpus"));
    g_unlink (out);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/cli/validate-default", test_validate_default);
  g_test_add_func ("/dealgraph/cli/validate-bad", test_validate_bad);
  g_test_add_func ("/dealgraph/cli/validate-syntax", test_validate_syntax);
  g_test_add_func ("/dealgraph/cli/validate-warnings", test_validate_warnings);
  g_test_add_func ("/dealgraph/cli/missing-file", test_missing_file);
  g_test_add_func ("/dealgraph/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/dealgraph/cli/summary", test_summary);
  g_test_add_func ("/dealgraph/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/dealgraph/cli/export-saved-filter", test_export_saved_filter);

  return g_test_run ();
}
