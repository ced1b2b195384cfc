/* test-loader.c: every bad file is refused with the exact problem and place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/wait.h>

#include <glib/gstdio.h>

#include "dg-company-private.h"
#include "dg-deal-state.h"
#include "dg-json.h"
#include "dg-loader.h"
#include "dg-loader-private.h"
#include "dg-round-trip.h"
#include "dg-validate.h"

typedef struct
{
  const char *file;
  guint line;
  guint column;
  const char *path;
  const char *id;
  const char *message;
} BadCase;

/* The first error of each bad fixture, exactly as a user reads it, at the
 * place it is about (line and column 0: the file as a whole). */
static const BadCase bad_cases[] = {
  { "amount-infinite", 30, 21, "deals[0]", "aws-openai",
    "\"amount_usd\" is out of range (1e400): Dealgraph reads numbers up to about 1.8e308" },
  { "amount-outside-range", 58, 25, "deals[2]", "nvda-openai",
    "\"amount_usd\" (150000000000) lies outside \"amount_min_usd\"..\"amount_max_usd\" (0..100000000000)" },
  { "amount-string", 30, 21, "deals[0]", "aws-openai",
    "\"amount_usd\" must be a number, not a string" },
  { "bad-as-of", 5, 12, NULL, NULL,
    "\"as_of\" has the month 13, which does not exist (months run from 01 to 12): \"2025-13\"" },
  { "comment", 3, 17, NULL, NULL,
    "syntax error: JSON has no comments" },
  { "company-missing-id", 7, 5, "companies[0]", NULL,
    "missing required field \"id\"" },
  { "company-missing-name", 13, 5, "companies[1]", "nvidia",
    "missing required field \"name\"" },
  { "company-name-number", 20, 15, "companies[2]", "amazon",
    "\"name\" must be a string, not a number" },
  { "company-not-object", 23, 5, "companies[3]", NULL,
    "a company must be an object, not a string" },
  { "control-character", 15, 19, NULL, NULL,
    "syntax error: the control character U+0001 must be escaped in a string" },
  { "date-words", 31, 20, "deals[0]", "aws-openai",
    "\"announced\" is not a valid date (use YYYY, YYYY-MM or YYYY-MM-DD): \"Sep 2025\"" },
  { "deal-missing-to", 25, 5, "deals[0]", "aws-openai",
    "missing required field \"to\"" },
  { "deals-object", 24, 12, NULL, NULL,
    "\"deals\" must be an array, not an object" },
  { "deep-nesting", 5, 71, NULL, NULL,
    "nesting deeper than 64 levels" },
  { "duplicate-company", 24, 13, "companies[3]", "nvidia",
    "duplicate company id \"nvidia\" (first used by companies[1])" },
  { "duplicate-deal", 67, 13, "deals[3]", "aws-openai",
    "duplicate deal id \"aws-openai\" (first used by deals[0])" },
  { "duplicate-key-unknown", 33, 47, "deals[0]", "aws-openai",
    "duplicate key “checked” (first at line 33, column 19)" },
  { "duplicate-key", 16, 7, "companies[1]", "nvidia",
    "duplicate key “name” (first at line 15, column 7)" },
  { "empty", 0, 0, NULL, NULL,
    "the file is empty" },
  { "escape-a", 15, 22, NULL, NULL,
    "syntax error: “\\” followed by “a” is not an escape in JSON (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)" },
  { "escape-x", 15, 16, NULL, NULL,
    "syntax error: “\\” followed by “x” is not an escape in JSON (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)" },
  { "hex-number", 30, 21, NULL, NULL,
    "syntax error: not a number: “0x10”" },
  { "impossible-date", 31, 20, "deals[0]", "aws-openai",
    "\"announced\" has the day 30, which 2025-02 does not have: \"2025-02-30\"" },
  { "invalid-utf8-in-key", 4, 6, NULL, NULL,
    "invalid UTF-8 (byte 0xff)" },
  { "invalid-utf8", 15, 20, NULL, NULL,
    "invalid UTF-8 (byte 0xff)" },
  { "leading-dot", 30, 21, NULL, NULL,
    "syntax error: a number must start with a digit or “-”: “.5”" },
  { "line-comment", 4, 3, NULL, NULL,
    "syntax error: JSON has no comments" },
  { "lone-low-surrogate", 15, 16, NULL, NULL,
    "a lone UTF-16 surrogate “\\udc00”: it must follow its high half (\\ud800 to \\udbff)" },
  { "lone-surrogate-then-letter", 15, 23, NULL, NULL,
    "a lone UTF-16 surrogate “\\ud800”: it must be followed by its low half (\\udc00 to \\udfff)" },
  { "lone-surrogate", 15, 23, NULL, NULL,
    "a lone UTF-16 surrogate “\\ud800”: it must be followed by its low half (\\udc00 to \\udfff)" },
  { "min-greater-than-max", 58, 25, "deals[2]", "nvda-openai",
    "\"amount_min_usd\" (200000000000) is greater than \"amount_max_usd\" (100000000000)" },
  { "min-without-max", 58, 25, "deals[2]", "nvda-openai",
    "\"amount_min_usd\" needs \"amount_max_usd\" too" },
  { "missing-companies", 1, 1, NULL, NULL,
    "missing required field \"companies\"" },
  { "missing-format", 1, 1, NULL, NULL,
    "missing \"format\": \"dealgraph\"; this is not a Dealgraph file" },
  { "nan", 30, 21, NULL, NULL,
    "syntax error: “NaN” is not a JSON value (strings need double quotes; the words are true, false and null)" },
  { "negative-amount", 30, 21, "deals[0]", "aws-openai",
    "\"amount_usd\" must not be negative (-5)" },
  { "negative-valuation", 11, 24, "companies[0]", "openai",
    "\"valuation_usd\" must not be negative (-1)" },
  { "nul-in-id", 14, 13, "companies[1]", NULL,
    "\"id\" contains U+0000 (\\u0000), which Dealgraph does not keep in the fields it reads: \"nvidia\\u0000hidden\"" },
  { "nul-in-name", 20, 15, "companies[2]", "amazon",
    "\"name\" contains U+0000 (\\u0000), which Dealgraph does not keep in the fields it reads: \"B\\u0000hidden\"" },
  { "nul-in-source-url", 36, 18, "deals[0]", "aws-openai",
    "\"sources[0].url\" contains U+0000 (\\u0000), which Dealgraph does not keep in the fields it reads: \"https://example.com/\\u0000a\"" },
  { "octal-number", 30, 21, NULL, NULL,
    "syntax error: numbers must not start with 0 (JSON has no octal numbers): “010”" },
  { "position-duplicate-after-bad", 70, 17, "layout.positions", "nvidia",
    "a position must be an object with \"x\" and \"y\", not a number" },
  { "position-nul-in-key", 70, 7, "layout.positions", NULL,
    "\"positions\" contains U+0000 (\\u0000), which Dealgraph does not keep in the fields it reads: \"openai\\u0000hidden\"" },
  { "position-huge", 69, 24, "layout.positions", "openai",
    "\"x\" is out of range (1e308): positions lie between -1000000 and 1000000" },
  { "position-not-number", 70, 14, "layout.positions", "openai",
    "\"x\" must be a number, not a string" },
  { "position-too-far", 69, 32, "layout.positions", "openai",
    "\"y\" is out of range (-1000000.5): positions lie between -1000000 and 1000000" },
  { "raw-newline", 15, 19, NULL, NULL,
    "syntax error: the control character U+000A must be escaped in a string" },
  { "raw-tab", 4, 18, NULL, NULL,
    "syntax error: the control character U+0009 must be escaped in a string" },
  { "seed-fraction", 69, 13, "layout", NULL,
    "\"seed\" must be a whole number from 0 to 9223372036854775807, not 1.5" },
  { "self-deal", 43, 13, "deals[1]", "amazon-openai",
    "a deal cannot run from a company to itself (\"amazon\")" },
  { "single-quote-key", 4, 3, NULL, NULL,
    "syntax error: keys must be strings in double quotes, not single quotes" },
  { "single-quote-string", 4, 12, NULL, NULL,
    "syntax error: strings must be in double quotes, not single quotes" },
  { "source-missing-publisher", 34, 9, "deals[0]", "aws-openai",
    "missing required field \"sources[0].publisher\"" },
  { "sources-not-array", 47, 18, "deals[1]", "amazon-openai",
    "\"sources\" must be an array, not a string" },
  { "syntax", 4, 18, NULL, NULL,
    "syntax error: unexpected “}”; expected a value" },
  { "three-errors", 13, 5, "companies[1]", "nvidia",
    "missing required field \"name\"" },
  { "top-array", 1, 1, NULL, NULL,
    "the top level must be an object, not an array" },
  { "top-string", 1, 1, NULL, NULL,
    "the top level must be an object, not a string" },
  { "trailing-comma", 22, 5, NULL, NULL,
    "syntax error: a “,” must be followed by another member (JSON has no trailing commas)" },
  { "trailing-dot", 30, 21, NULL, NULL,
    "syntax error: a number needs a digit after “.”: “5.”" },
  { "truncated", 5, 1, NULL, NULL,
    "syntax error: unexpected end of the file" },
  { "two-documents", 68, 1, NULL, NULL,
    "syntax error: unexpected “{”; only one value may be in the file, and nothing after it" },
  { "unknown-from", 55, 15, "deals[2]", "nvda-openai",
    "\"from\" names unknown company \"nvdia\"" },
  { "unknown-to", 28, 13, "deals[0]", "aws-openai",
    "\"to\" names unknown company \"amazn\"" },
  { "version-2", 3, 14, NULL, NULL,
    "unsupported version 2; this Dealgraph reads version 1" },
  { "version-string", 3, 14, NULL, NULL,
    "\"version\" must be a whole number, not a string" },
  { "view-zoom-negative", 68, 23, "layout", NULL,
    "\"zoom\" must lie between 0.0001 and 1000, not -3" },
  { "view-zoom-object", 68, 23, "layout", NULL,
    "\"zoom\" must be a number, not an object" },
  { "view-zoom-zero", 68, 39, "layout", NULL,
    "\"zoom\" must lie between 0.0001 and 1000, not 0" },
  { "website-javascript", 12, 18, "companies[0]", "openai",
    "\"website\" must be an http:// or https:// address: \"javascript:alert(1)\"" },
  { "whitespace", 0, 0, NULL, NULL,
    "the file is empty" },
  { "wrong-format", 2, 13, NULL, NULL,
    "\"format\" must be \"dealgraph\"; this is not a Dealgraph file" },
  { "year-zero", 5, 12, NULL, NULL,
    "\"as_of\" has the year 0000, which is out of range (years run from 0001 to 9999): \"0000\"" },
};

static char *
fixture_path (const char *dir,
              const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);

  return g_test_build_filename (G_TEST_DIST, "files", dir, file, NULL);
}

static DgDocument *
load_path (const char  *path,
           GPtrArray  **problems,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return dg_document_load_from_file (file, problems, error);
}

static guint
count_severity (GPtrArray  *problems,
                DgSeverity  severity)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += ((DgProblem *) g_ptr_array_index (problems, i))->severity == severity;
  return n;
}

static void
test_bad_file (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *path = fixture_path ("bad", c->file);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;
  DgProblem *first;

  doc = load_path (path, &problems, &error);

  g_assert_null (doc);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_FILE);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >=, 1);

  first = g_ptr_array_index (problems, 0);
  g_assert_cmpint (first->severity, ==, DG_SEVERITY_ERROR);
  g_assert_cmpstr (first->message, ==, c->message);
  g_assert_cmpuint (first->line, ==, c->line);
  g_assert_cmpuint (first->column, ==, c->column);
  g_assert_cmpstr (first->path, ==, c->path);
  g_assert_cmpstr (first->id, ==, c->id);
}

/* A broken company list must not bury the problem under one "unknown
 * company" error per deal. */
static void
test_no_cascade (void)
{
  g_autofree char *path = fixture_path ("bad", "missing-companies");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, NULL);

  g_assert_null (doc);
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_every_problem_reported (void)
{
  g_autofree char *path = fixture_path ("bad", "three-errors");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, &error);
  g_autofree char *line0 = NULL, *line1 = NULL, *line2 = NULL;

  g_assert_null (doc);
  g_assert_cmpuint (count_severity (problems, DG_SEVERITY_ERROR), ==, 3);
  g_assert_cmpstr (error->message, ==, "The file has 3 errors");

  line0 = dg_problem_to_string (g_ptr_array_index (problems, 0), "f.json");
  line1 = dg_problem_to_string (g_ptr_array_index (problems, 1), "f.json");
  line2 = dg_problem_to_string (g_ptr_array_index (problems, 2), "f.json");
  g_assert_cmpstr (line0, ==, "f.json:13:5: companies[1] (\"nvidia\"): error: missing required field \"name\"");
  g_assert_cmpstr (line1, ==, "f.json:28:13: deals[0] (\"aws-openai\"): error: \"to\" names unknown company \"amazn\"");
  g_assert_cmpstr (line2, ==, "f.json:45:21: deals[1] (\"amazon-openai\"): error: \"amount_usd\" must not be negative (-1)");
}

static void
test_syntax_error_format (void)
{
  g_autofree char *path = fixture_path ("bad", "syntax");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, NULL);
  g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, 0), "bad.json");

  g_assert_cmpstr (line, ==, "bad.json:4:18: error: syntax error: unexpected “}”; expected a value");
}

/* Every fixture in files/bad has a row above, so none goes untested. */
static void
test_every_fixture_listed (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "files", "bad", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean found = FALSE;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
        if (strncmp (name, bad_cases[i].file, strlen (name) - 5) == 0
            && strlen (bad_cases[i].file) == strlen (name) - 5)
          found = TRUE;
      if (!found)
        g_error ("files/bad/%s has no expected problem in test-loader.c", name);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (bad_cases));
  g_assert_cmpuint (n, >=, 70);
}

typedef struct
{
  const char *file;
  guint line;
  guint column;
  const char *path;
  const char *id;
  const char *code;
  const char *message;
} WarnCase;

static const WarnCase warn_cases[] = {
  { "unknown-kind", 16, 15, "companies[1]", "nvidia", "unknown-company-kind",
    "unknown company kind \"semiconductor\"; drawn as “other”" },
  { "unknown-status", 32, 17, "deals[0]", "aws-openai", "unknown-status",
    "unknown status \"pending\"; counted as “announced”" },
  { "no-sources", 40, 5, "deals[1]", "amazon-openai", "no-sources", "deal has no sources" },
  { "lonely-company", 23, 5, "companies[3]", "intel", "no-deals", "company has no deals" },
  { "position-unknown-company", 69, 7, "layout.positions", "intell", "position-unknown-company",
    "position for unknown company \"intell\" dropped" },
};

static void
test_warning_file (gconstpointer data)
{
  const WarnCase *c = data;
  g_autofree char *path = fixture_path ("warn", c->file);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, &error);
  DgProblem *p;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->severity, ==, DG_SEVERITY_WARNING);
  g_assert_cmpuint (p->line, ==, c->line);
  g_assert_cmpuint (p->column, ==, c->column);
  g_assert_cmpstr (p->code, ==, c->code);
  g_assert_cmpstr (p->path, ==, c->path);
  g_assert_cmpstr (p->id, ==, c->id);
  g_assert_cmpstr (p->message, ==, c->message);
}

static void
test_unknown_kind_kept (void)
{
  g_autofree char *path = fixture_path ("warn", "unknown-kind");
  g_autoptr(DgDocument) doc = load_path (path, NULL, NULL);
  DgCompany *nvidia = dg_document_lookup_company (doc, "nvidia");
  g_autofree char *text = dg_document_to_data (doc, NULL);

  g_assert_cmpstr (dg_company_get_kind (nvidia), ==, "semiconductor");
  g_assert_cmpint (dg_company_get_kind_enum (nvidia), ==, DG_COMPANY_KIND_OTHER);
  g_assert_nonnull (strstr (text, "\"semiconductor\""));
}

static void
test_good_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "good.json", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, &error);
  DgDeal *deal;
  const DgAmount *amount;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (dg_document_get_n_companies (doc), ==, 3);
  g_assert_cmpuint (dg_document_get_n_deals (doc), ==, 3);
  g_assert_cmpstr (dg_document_get_title (doc), ==, "Small test network");
  g_assert_false (dg_document_get_modified (doc));

  deal = dg_document_lookup_deal (doc, "nvda-openai");
  amount = dg_deal_get_amount (deal);
  g_assert_cmpint (amount->kind, ==, DG_AMOUNT_RANGE);
  g_assert_cmpfloat (amount->min, ==, 0);
  g_assert_cmpfloat (amount->max, ==, 100e9);

  deal = dg_document_lookup_deal (doc, "aws-openai");
  g_assert_cmpint (dg_deal_get_amount (deal)->kind, ==, DG_AMOUNT_EXACT);
  g_assert_cmpfloat (dg_deal_get_amount (deal)->value, ==, 38e9);
  g_assert_cmpuint (dg_deal_get_from_index (deal), ==, 0);
  g_assert_cmpuint (dg_deal_get_to_index (deal), ==, 2);
  g_assert_cmpint (dg_deal_get_announced_packed (deal), ==, 20251103);
}

static void
test_markup_kept_literally (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "markup-name.json", NULL);
  g_autoptr(DgDocument) doc = load_path (path, NULL, NULL);
  g_autoptr(DgDocument) again = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (dg_company_get_name (dg_document_lookup_company (doc, "nvidia")), ==,
                   "<b>NVIDIA</b> & Co 日本");
  text = dg_document_to_data (doc, NULL);
  again = dg_document_load_from_data (text, strlen (text), NULL, NULL);
  g_assert_cmpstr (dg_company_get_name (dg_document_lookup_company (again, "nvidia")), ==,
                   "<b>NVIDIA</b> & Co 日本");
}

static JsonNode *
parse_json (const char *text,
            gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Unknown members anywhere survive a load and save with the same meaning. */
static void
test_round_trip_unknown_fields (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "unknown-fields.json", NULL);
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &original, &length, NULL));
  doc = dg_document_load_from_data (original, length, NULL, NULL);
  g_assert_nonnull (doc);
  g_assert_true (dg_document_get_positions (doc)[0].pinned);
  g_assert_cmpfloat (dg_document_get_positions (doc)[0].x, ==, 1.5);

  saved = dg_document_to_data (doc, NULL);
  a = parse_json (original, length);
  b = parse_json (saved, -1);
  if (!json_node_equal (a, b))
    g_error ("Round trip changed the meaning:\n--- original\n%s\n--- saved\n%s", original, saved);
}

/* The embedded dataset: saved, it means what it meant; saved again after a
 * load, the same bytes. */
static void
test_round_trip_default (void)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  g_autoptr(DgDocument) doc = dg_document_load_default (NULL);
  g_autofree char *saved = dg_document_to_data (doc, NULL);
  g_autoptr(JsonNode) a = parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) b = parse_json (saved, -1);
  g_autofree char *why = dg_round_trip_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  g_autoptr(DgDocument) again = dg_document_load_from_data (saved, strlen (saved), NULL, NULL);
  g_autofree char *saved_again = dg_document_to_data (again, NULL);

  g_assert_true (json_node_equal (a, b));
  g_assert_null (why);
  g_assert_cmpstr (saved, ==, saved_again);
}

static void
test_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = NULL;
  int fd;

  /* A sparse file: the size is refused before a byte is read. */
  fd = open (path, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) dg_max_file_size () + 1), ==, 0);
  close (fd);

  doc = load_path (path, &problems, &error);
  g_assert_null (doc);
  g_assert_error (error, DG_ERROR, DG_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "too large"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = load_path ("/nonexistent/dealgraph.json", NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
}

static void
test_save_and_reload (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DgDocument) doc = dg_document_load_default (NULL);
  g_autoptr(DgDocument) again = NULL;
  g_autoptr(GError) error = NULL;

  dg_document_set_position (doc, 0, 12.25, -3.5, TRUE);
  dg_document_set_modified (doc, TRUE);
  g_assert_true (dg_document_save_to_file (doc, file, &error));
  g_assert_no_error (error);
  g_assert_false (dg_document_get_modified (doc));

  again = dg_document_load_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (dg_document_get_positions (again)[0].x, ==, 12.25);
  g_assert_cmpfloat (dg_document_get_positions (again)[0].y, ==, -3.5);
  g_assert_true (dg_document_get_positions (again)[0].pinned);
  g_assert_cmpuint (dg_document_get_n_deals (again), ==, dg_document_get_n_deals (doc));

  g_unlink (path);
  g_rmdir (dir);
}

/* The save runs out of room half-way (the file-size limit stands in for a
 * full disk, which works even as root): the old file must be untouched. */
static void
test_failed_save_keeps_old_file (void)
{
  if (g_test_subprocess ())
    {
      const char *dir = g_getenv ("DG_TEST_DIR");
      g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(DgDocument) doc = dg_document_load_default (NULL);
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 4096, 4096 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (dg_document_save_to_file (doc, file, &error));
      g_assert_error (error, DG_ERROR, DG_ERROR_IO);
      g_print ("%s\n", error->message);
      return;
    }
  else
    {
      g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
      g_autofree char *after = NULL;
      const char *old = "{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [], \"deals\": []}\n";
      g_autoptr(GDir) listing = NULL;
      guint n_files = 0;

      g_assert_true (g_file_set_contents (path, old, -1, NULL));
      g_setenv ("DG_TEST_DIR", dir, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*Could not write*net.dealgraph.json*");

      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, old);

      /* No temporary file is left behind either. */
      listing = g_dir_open (dir, 0, NULL);
      while (g_dir_read_name (listing) != NULL)
        n_files++;
      g_assert_cmpuint (n_files, ==, 1);

      g_unlink (path);
      g_rmdir (dir);
    }
}

/* An unwritable folder: only meaningful when not root (root writes anyway). */
static void
test_unwritable_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *old = "old contents\n";

  if (geteuid () == 0)
    {
      g_test_skip ("root can write to read-only folders; test_failed_save_keeps_old_file covers this");
      return;
    }

  dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  path = g_build_filename (dir, "net.dealgraph.json", NULL);
  file = g_file_new_for_path (path);
  doc = dg_document_load_default (NULL);
  g_assert_true (g_file_set_contents (path, old, -1, NULL));
  g_assert_cmpint (chmod (dir, 0555), ==, 0);

  g_assert_false (dg_document_save_to_file (doc, file, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, old);

  chmod (dir, 0755);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_default_dataset (void)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;
  guint n_deals;

  g_assert_nonnull (bytes);
  doc = dg_document_load_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, i), NULL);
      g_test_message ("%s", line);
    }
  g_assert_cmpuint (problems->len, ==, 0);

  /* Every company and deal of the file, counted by json-glib. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                               (gssize) g_bytes_get_size (bytes), NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    n_deals = dg_document_get_n_deals (doc);
    g_assert_cmpuint (n_deals, ==, json_array_get_length (json_object_get_array_member (root, "deals")));
    g_assert_cmpuint (dg_document_get_n_companies (doc), ==,
                      json_array_get_length (json_object_get_array_member (root, "companies")));
  }

  for (guint i = 0; i < n_deals; i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, i);
      GPtrArray *sources = dg_deal_get_sources (deal);

      g_assert_cmpuint (sources->len, >=, 1);
      for (guint j = 0; j < sources->len; j++)
        {
          DgSource *s = g_ptr_array_index (sources, j);

          g_assert_nonnull (s->publisher);
          /* A few pages of the 2026 research are only on http. */
          g_assert_true (s->url != NULL
                         && (g_str_has_prefix (s->url, "https://") || g_str_has_prefix (s->url, "http://")));
        }
      g_assert_nonnull (dg_deal_get_title (deal));
      g_assert_nonnull (dg_deal_get_status (deal));
    }
}


/* ---- saving safely ------------------------------------------------------ */

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static DgDocument *
small_document (const char *title)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "good.json", NULL);
  DgDocument *doc = load_path (path, NULL, NULL);

  g_assert_nonnull (doc);
  dg_document_set_title (doc, title);
  return doc;
}

/* A private file stays private; a shared one stays shared. */
static void
test_save_keeps_mode (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DgDocument) doc = small_document ("saved");
  g_autoptr(GError) error = NULL;
  static const mode_t modes[] = { 0600, 0640, 0664, 0444 };
  GStatBuf st;

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *names = NULL;

      g_assert_true (g_file_set_contents (path, "{}", -1, NULL));
      g_assert_cmpint (g_chmod (path, modes[i]), ==, 0);
      if (modes[i] == 0444 && geteuid () != 0)
        continue;  /* read-only: only root may replace it, as before */

      g_assert_true (dg_document_save_to_file (doc, file, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpuint (st.st_mode & 07777, ==, modes[i]);
      text = read_text (path);
      g_assert_nonnull (strstr (text, "\"title\": \"saved\""));
      names = list_dir (dir);
      g_assert_cmpstr (names, ==, "net.dealgraph.json");
    }

  /* A new file gets the usual mode (0666 less the umask). */
  {
    mode_t mask = umask (022);
    g_autofree char *fresh = g_build_filename (dir, "new.dealgraph.json", NULL);
    g_autoptr(GFile) fresh_file = g_file_new_for_path (fresh);

    g_assert_true (dg_document_save_to_file (doc, fresh_file, &error));
    g_assert_cmpint (g_stat (fresh, &st), ==, 0);
    g_assert_cmpuint (st.st_mode & 07777, ==, 0644);
    umask (mask);
  }
  remove_dir (dir);
}

/* Root can test that a file given to someone else stays theirs. */
static void
test_save_keeps_owner (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(DgDocument) doc = small_document ("owned");
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (geteuid () != 0)
    {
      g_test_skip ("only root can give a file to another owner");
      return;
    }
  dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  path = g_build_filename (dir, "net.dealgraph.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (g_file_set_contents (path, "{}", -1, NULL));
  g_assert_cmpint (chown (path, 4321, 8765), ==, 0);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_assert_true (dg_document_save_to_file (doc, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 4321);
  g_assert_cmpuint (st.st_gid, ==, 8765);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  remove_dir (dir);
}

/* Saving to a symbolic link writes the file it names, and the link stays. */
static void
test_save_through_symlink (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *real = g_build_filename (dir, "real.dealgraph.json", NULL);
  g_autofree char *link1 = g_build_filename (sub, "link1.json", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (link2);
  g_autoptr(DgDocument) doc = small_document ("through the links");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autofree char *names = NULL;
  g_autofree char *sub_names = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (real, "{}", -1, NULL));
  g_assert_cmpint (g_chmod (real, 0600), ==, 0);
  /* link2 -> sub/link1.json -> ../real.dealgraph.json (relative) */
  g_assert_cmpint (symlink ("../real.dealgraph.json", link1), ==, 0);
  g_assert_cmpint (symlink (link1, link2), ==, 0);

  g_assert_true (dg_document_save_to_file (doc, file, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link1, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  target = g_file_read_link (link1, NULL);
  g_assert_cmpstr (target, ==, "../real.dealgraph.json");
  g_assert_cmpint (g_lstat (real, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  text = read_text (real);
  g_assert_nonnull (strstr (text, "through the links"));
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "link2.json real.dealgraph.json sub");
  sub_names = list_dir (sub);
  g_assert_cmpstr (sub_names, ==, "link1.json");

  /* A link to a file that does not exist yet: the file is made there. */
  g_unlink (real);
  g_assert_true (dg_document_save_to_file (doc, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (real, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));

  g_unlink (link1);
  g_rmdir (sub);
  remove_dir (dir);
}

/* Every hard link sees the saved contents. */
static void
test_save_keeps_hard_links (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.dealgraph.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.dealgraph.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (a);
  g_autoptr(DgDocument) doc = small_document ("linked");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *names = NULL;
  GStatBuf sa, sb;
  GString *old = g_string_new (NULL);

  /* Longer than the new text, so the file must shrink too. */
  for (guint i = 0; i < 5000; i++)
    g_string_append (old, "old contents\n");
  g_assert_true (g_file_set_contents (a, old->str, (gssize) old->len, NULL));
  g_assert_cmpint (link (a, b), ==, 0);

  g_assert_true (dg_document_save_to_file (doc, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (a, &sa), ==, 0);
  g_assert_cmpint (g_stat (b, &sb), ==, 0);
  g_assert_cmpuint (sa.st_ino, ==, sb.st_ino);
  g_assert_cmpuint (sa.st_nlink, ==, 2);
  text = read_text (b);
  g_assert_nonnull (strstr (text, "\"title\": \"linked\""));
  g_assert_cmpuint (strlen (text), ==, (gsize) sb.st_size);
  {
    g_autoptr(DgDocument) again = load_path (b, NULL, NULL);

    g_assert_nonnull (again);
  }
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "a.dealgraph.json b.dealgraph.json");
  g_string_free (old, TRUE);
  remove_dir (dir);
}

/* A temporary file a killed save left (named as ours, and old) goes at the
 * next save; anything else stays. */
static void
test_save_removes_stale_temporaries (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autofree char *stale = g_build_filename (dir, ".net.dealgraph.json.dgsave-Ab3xY9", NULL);
  g_autofree char *fresh = g_build_filename (dir, ".net.dealgraph.json.dgsave-Qq1zZ0", NULL);
  g_autofree char *other = g_build_filename (dir, ".other.json.dgsave-Ab3xY9", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DgDocument) doc = small_document ("clean");
  g_autofree char *names = NULL;
  struct timespec times[2] = { { 0, 0 }, { 0, 0 } };

  g_assert_true (g_file_set_contents (stale, "left over", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "being written", -1, NULL));
  g_assert_true (g_file_set_contents (other, "not ours", -1, NULL));
  times[0].tv_sec = times[1].tv_sec = time (NULL) - 3600;
  g_assert_cmpint (utimensat (AT_FDCWD, stale, times, 0), ==, 0);
  g_assert_cmpint (utimensat (AT_FDCWD, other, times, 0), ==, 0);

  g_assert_true (dg_document_save_to_file (doc, file, NULL));
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, ".net.dealgraph.json.dgsave-Qq1zZ0 .other.json.dgsave-Ab3xY9 net.dealgraph.json");
  remove_dir (dir);
}

/* A document whose text takes some time to write: an unknown member of
 * @size bytes. */
static DgDocument *
big_document (gsize size)
{
  DgDocument *doc = small_document ("big");
  GString *unknown = g_string_sized_new (size + 32);

  g_string_append (unknown, "{\"x_blob\":\"");
  for (gsize i = 0; i < size; i++)
    g_string_append_c (unknown, (char) ('a' + i % 26));
  g_string_append (unknown, "\"}");
  _dg_company_take_unknown (dg_document_get_company (doc, 0), g_string_free (unknown, FALSE));
  return doc;
}

/* SIGKILL at any moment of a save: the old file or the new one is there,
 * whole, and nothing else for good. */
static void
test_save_killed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DgDocument) old = small_document ("old");
  g_autoptr(DgDocument) doc = big_document (4 * 1024 * 1024);
  GRand *rand = g_rand_new_with_seed (11);
  guint n_old = 0, n_new = 0;

  g_assert_true (dg_document_save_to_file (old, file, NULL));

  for (guint round = 0; round < 12; round++)
    {
      g_autofree char *names = NULL;
      g_autoptr(DgDocument) after = NULL;
      int fds[2];
      pid_t pid;
      char c;
      int status;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          /* Saves again and again, saying when each save starts. */
          close (fds[0]);
          for (;;)
            {
              if (write (fds[1], "s", 1) != 1)
                _exit (2);
              dg_document_save_to_file (doc, file, NULL);
            }
        }
      close (fds[1]);

      /* Kill it at a random moment of its first to third save: the moment
       * itself is what this test varies. */
      for (guint k = 0; k <= round % 3; k++)
        g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
      g_usleep (g_rand_int_range (rand, 0, 40000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      close (fds[0]);

      names = list_dir (dir);
      if (g_strcmp0 (names, "net.dealgraph.json") != 0)
        {
          /* Killed in the microseconds between naming the new file and
           * renaming it: the next save removes it once it is old. */
          g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
          struct timespec times[2] = { { 0, 0 }, { 0, 0 } };
          const char *name;

          g_test_message ("round %u left %s", round, names);
          times[0].tv_sec = times[1].tv_sec = time (NULL) - 3600;
          while ((name = g_dir_read_name (listing)) != NULL)
            if (g_str_has_prefix (name, ".net.dealgraph.json.dgsave-"))
              {
                g_autofree char *leftover = g_build_filename (dir, name, NULL);

                g_assert_cmpint (utimensat (AT_FDCWD, leftover, times, 0), ==, 0);
              }
          g_assert_true (dg_document_save_to_file (old, file, NULL));
          g_clear_pointer (&names, g_free);
          names = list_dir (dir);
        }
      g_assert_cmpstr (names, ==, "net.dealgraph.json");

      after = load_path (path, NULL, NULL);
      g_assert_nonnull (after);
      if (g_strcmp0 (dg_document_get_title (after), "old") == 0)
        n_old++;
      else
        {
          g_assert_cmpstr (dg_document_get_title (after), ==, "big");
          n_new++;
        }
    }
  g_test_message ("after the kills: %u old, %u new", n_old, n_new);
  g_rand_free (rand);
  remove_dir (dir);
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
} SaveWait;

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveWait *wait = user_data;

  wait->ok = dg_document_save_finish (DG_DOCUMENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The save runs in a worker; the main loop keeps turning meanwhile. */
static void
test_save_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "folder.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (missing);
  g_autoptr(DgDocument) doc = small_document ("async");
  SaveWait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };
  g_autofree char *text = NULL;

  dg_document_set_modified (doc, TRUE);
  dg_document_save_async (doc, file, NULL, save_done, &wait);
  /* The text was taken: a change now is not in this save. */
  dg_document_set_title (doc, "changed while saving");
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  text = read_text (path);
  g_assert_nonnull (strstr (text, "\"title\": \"async\""));
  g_assert_false (dg_document_get_modified (doc));

  /* A failed save leaves the document modified. */
  dg_document_save_async (doc, bad, NULL, save_done, &wait);
  g_main_loop_run (wait.loop);
  g_assert_false (wait.ok);
  g_assert_error (wait.error, DG_ERROR, DG_ERROR_IO);
  g_assert_true (g_utf8_validate (wait.error->message, -1, NULL));
  g_assert_true (dg_document_get_modified (doc));
  g_clear_error (&wait.error);

  g_main_loop_unref (wait.loop);
  remove_dir (dir);
}

/* A file GIO reaches by URI saves like a path. */
static void
test_save_any_gfile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(DgDocument) doc = small_document ("by uri");
  g_autoptr(DgDocument) again = NULL;

  g_assert_true (dg_document_save_to_file (doc, file, NULL));
  again = dg_document_load_from_file (file, NULL, NULL);
  g_assert_cmpstr (dg_document_get_title (again), ==, "by uri");
  remove_dir (dir);
}

/* A save never writes what the loader refuses: at the size limit exactly it
 * saves (compact) and opens again; one byte more and it is not saved. The
 * limit is lowered to 8 MiB for the test: the code is the same. */
static void
test_save_at_size_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gsize base, length;

  _dg_loader_set_max_file_size (8 * 1024 * 1024);
  /* The compact text of the document with an empty blob, to size it. */
  {
    g_autoptr(DgDocument) doc = big_document (0);
    DgSaveOptions compact = { 0 };
    g_autofree char *text = NULL;

    compact.compact = TRUE;
    text = dg_document_to_data_with_options (doc, &compact, &base);
    g_assert_nonnull (text);
  }

  {
    g_autoptr(DgDocument) doc = big_document (dg_max_file_size () - base);
    g_autoptr(DgDocument) again = NULL;
    g_autofree char *text = dg_document_to_data (doc, &length);

    /* Pretty would pass the limit: the text is compact, and just fits. */
    g_assert_cmpuint (length, ==, dg_max_file_size ());
    g_assert_null (memchr (text, '\n', length));
    g_assert_true (dg_document_save_to_file (doc, file, &error));
    g_assert_no_error (error);
    again = dg_document_load_from_file (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (again);
  }

  {
    g_autoptr(DgDocument) doc = big_document (dg_max_file_size () - base + 1);
    g_autoptr(GBytes) bytes = dg_document_to_bytes (doc, &error);
    GStatBuf st;

    g_assert_null (bytes);
    g_assert_error (error, DG_ERROR, DG_ERROR_TOO_LARGE);
    g_clear_error (&error);
    g_assert_false (dg_document_save_to_file (doc, file, &error));
    g_assert_error (error, DG_ERROR, DG_ERROR_TOO_LARGE);
    /* The file that was there is untouched. */
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpuint (st.st_size, ==, dg_max_file_size ());
  }
  _dg_loader_set_max_file_size (0);
  remove_dir (dir);
}

/* Large documents are written compactly when pretty text would not open
 * (under a limit lowered to 8 MiB for the test). */
static void
test_save_compact_when_large (void)
{
  g_autoptr(DgDocument) doc = small_document ("many numbers");
  g_autoptr(DgDocument) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *saved_again = NULL;
  GString *unknown = g_string_new ("{\"x_series\":[");
  gsize length;

  _dg_loader_set_max_file_size (8 * 1024 * 1024);
  /* A million zeros: 2 MB compact, over 8 MiB indented. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append (unknown, i == 0 ? "0" : ",0");
  g_string_append (unknown, "]}");
  _dg_company_take_unknown (dg_document_get_company (doc, 0), g_string_free (unknown, FALSE));

  text = dg_document_to_data (doc, &length);
  g_assert_cmpuint (length, <, dg_max_file_size ());
  g_assert_cmpuint (length, >, 2000000);
  again = dg_document_load_from_data (text, length, NULL, NULL);
  g_assert_nonnull (again);
  saved_again = dg_document_to_data (again, NULL);
  g_assert_cmpstr (text, ==, saved_again);
  _dg_loader_set_max_file_size (0);
}


/* A save job's text, made in slices however small (here a microsecond, so
 * it stops after nearly every 64 items), is the compact save's, byte for
 * byte, and loads; over the size limit it is refused. Files with unknown
 * members everywhere, histories and a layout; and a large generated one. */
static void
test_save_job_slices (void)
{
  const char *files[] = { "lossless.json", "unknown-fields.json", "good.json" };
  static const DgSaveOptions compact = { .compact = TRUE };

  for (guint k = 0; k <= G_N_ELEMENTS (files); k++)
    {
      g_autoptr(DgDocument) doc = NULL;
      g_autoptr(DgSaveJob) job = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(DgDocument) again = NULL;
      gsize length = 0;
      guint slices = 0;

      if (k < G_N_ELEMENTS (files))
        {
          g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", files[k], NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);

          doc = dg_document_load_from_file (file, NULL, &error);
          g_assert_no_error (error);
        }
      else
        doc = dg_document_new_scale_free (3000, 1);
      expected = dg_document_to_data_with_options (doc, &compact, &length);
      job = dg_save_job_new (doc);
      while (!dg_save_job_run (job, 1))
        slices++;
      if (k == G_N_ELEMENTS (files))
        g_assert_cmpuint (slices, >, 10);
      bytes = dg_save_job_finish (job, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, length);
      again = dg_document_load_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (dg_document_get_n_deals (again), ==, dg_document_get_n_deals (doc));

      if (k == G_N_ELEMENTS (files))
        {
          g_autoptr(DgSaveJob) big = dg_save_job_new (doc);
          g_autoptr(GBytes) none = NULL;

          _dg_loader_set_max_file_size (length - 1);
          while (!dg_save_job_run (big, 100000))
            ;
          none = dg_save_job_finish (big, &error);
          g_assert_null (none);
          g_assert_error (error, DG_ERROR, DG_ERROR_TOO_LARGE);
          _dg_loader_set_max_file_size (0);
        }
    }
}

/* ---- what loads comes back --------------------------------------------- */

static char *
save_text (DgDocument *doc)
{
  return dg_document_to_data (doc, NULL);
}

/* Numbers in unknown members keep their text, U+0000 survives there, pairs
 * of surrogates are characters, unknown keys in positions stay. */
static void
test_lossless (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "lossless.json", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, &error);
  g_autoptr(DgDocument) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  const DgAmount *amount;
  static const char * const kept[] = {
    "\"x_big\": 12345678901234567890",
    "\"x_huge\": 1e400",
    "\"x_tiny\": 1e-400",
    "\"x_text\": \"nul\\u0000after\"",
    "\"x_neg_zero\": -0",
    "\"x_exp\": 1E+2",
    "\"x_frac\": 0.10",
    "\"x_keep\": [\n            1.50,",
    "\"a\": { \"x\": 1, \"y\": 2, \"x_pos\": 3.0e0, \"label\": { \"dx\": -0.0 } }",
    "\"b\": { \"x\": -1000000, \"y\": 1000000, \"pinned\": true }",
    "\"x_rotation\": 0.0",
    "\"seed\": 7.0",
    "\"x_layout\": 1e400",
    "\"x_top\": {\n    \"b\": 1,\n    \"a\": [\n      1e-400,\n      \"😀\"\n    ]\n  }",
    "\"amount_usd\": 10000000000000000000",
    "\"name\": \"A 😀 é\u2028\"",
    "\"version\": 1,",
  };

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (dg_company_get_name (dg_document_get_company (doc, 0)), ==, "A 😀 é\u2028");
  amount = dg_deal_get_amount (dg_document_get_deal (doc, 0));
  g_assert_cmpint (amount->kind, ==, DG_AMOUNT_EXACT);
  g_assert_cmpfloat (amount->value, ==, 1e19);

  text = save_text (doc);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    if (strstr (text, kept[i]) == NULL)
      g_error ("the save lost %s:\n%s", kept[i], text);

  /* And the same again: save, load, save is byte-identical. */
  again = dg_document_load_from_data (text, strlen (text), NULL, &error);
  g_assert_no_error (error);
  text_again = save_text (again);
  g_assert_cmpstr (text, ==, text_again);

  /* The tree view of the unknown members holds what a tree can. */
  {
    JsonObject *extra = dg_company_get_extra (dg_document_get_company (doc, 0));

    g_assert_cmpstr (json_object_get_string_member (extra, "x_text"), ==, "nul");
    g_assert_cmpfloat (json_object_get_double_member (extra, "x_big"), ==, 12345678901234567890.0);
  }
}

/* A byte-order mark is skipped (RFC 8259 allows it); columns count from
 * after it. */
static void
test_byte_order_mark (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "bom.json", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = load_path (path, &problems, NULL);
  g_autofree char *text = NULL;
  static const char bad[] = "\xEF\xBB\xBF{\"format\": 5}";
  g_autoptr(GPtrArray) bad_problems = NULL;
  g_autoptr(DgDocument) refused = NULL;
  DgProblem *p;

  g_assert_nonnull (doc);
  g_assert_cmpuint (problems->len, ==, 0);
  text = save_text (doc);
  g_assert_true (text[0] == '{');

  refused = dg_document_load_from_data (bad, sizeof bad - 1, &bad_problems, NULL);
  g_assert_null (refused);
  p = g_ptr_array_index (bad_problems, 0);
  g_assert_cmpuint (p->line, ==, 1);
  g_assert_cmpuint (p->column, ==, 12);
}

/* Every problem of every bad fixture is valid UTF-8 and has its place. */
static void
test_messages_valid_utf8 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = fixture_path ("bad", bad_cases[i].file);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DgDocument) doc = load_path (path, &problems, &error);

      g_assert_null (doc);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (guint k = 0; k < problems->len; k++)
        {
          DgProblem *p = g_ptr_array_index (problems, k);
          g_autofree char *line = dg_problem_to_string (p, "f.json");

          g_assert_true (g_utf8_validate (line, -1, NULL));
          if (strcmp (bad_cases[i].file, "empty") != 0 && strcmp (bad_cases[i].file, "whitespace") != 0)
            g_assert_cmpuint (p->line, >=, 1);
        }
    }
}

/* Ids that differ only after a U+0000 are neither cut nor joined: such a
 * file is refused where the U+0000 is. */
static void
test_nul_never_cuts (void)
{
  static const char text[] =
    "{\"format\": \"dealgraph\", \"version\": 1,\n"
    " \"companies\": [{\"id\": \"x\\u0000a\", \"name\": \"X\"}, {\"id\": \"y\", \"name\": \"Y\"}],\n"
    " \"deals\": [{\"id\": \"d\", \"from\": \"y\", \"to\": \"x\\u0000zzz\"}]}";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = dg_document_load_from_data (text, sizeof text - 1, &problems, NULL);
  DgProblem *p;

  g_assert_null (doc);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (p->line, ==, 2);
  g_assert_cmpuint (p->column, ==, 23);
  g_assert_nonnull (strstr (p->message, "U+0000"));
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_nonnull (strstr (p->message, "\"to\" contains U+0000"));
}

/* Inside "tour" and "filter", read as trees, what a tree would change is
 * refused with its place; the rest of their numbers keep their value. */
static void
test_tree_members (void)
{
  static const char head[] = "{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [], \"deals\": [],\n"
                             " \"layout\": {\"tour\": ";
  static const struct { const char *tour; guint column; const char *message; } refused[] = {
    { "{\"x\": 12345678901234567890}", 27,
      "the whole number 12345678901234567890 is too large to keep exactly here (the limit is 64 bits)" },
    { "{\"x\": [1, 1e400]}", 31, "the number 1e400 is out of range here (beyond ±1.8e308)" },
    { "{\"x\": \"a\\u0000b\"}", 27, "U+0000 (\\u0000) cannot be kept in a string here" },
    { "{\"a\\u0000\": 1}", 22, "U+0000 (\\u0000) cannot be kept in a key here" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *text = g_strconcat (head, refused[i].tour, "}}", NULL);
      /* Exactly the text, no NUL after it: nothing may read beyond (the
       * fuzzer found a number read as a C string there). */
      g_autofree char *exact = g_memdup2 (text, strlen (text));
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(DgDocument) doc = dg_document_load_from_data (exact, strlen (text), &problems, NULL);
      DgProblem *p;

      g_assert_null (doc);
      p = g_ptr_array_index (problems, 0);
      g_assert_cmpstr (p->message, ==, refused[i].message);
      g_assert_cmpuint (p->line, ==, 2);
      g_assert_cmpuint (p->column, ==, refused[i].column);
      g_assert_cmpstr (p->path, ==, "layout");
    }

  /* The file ends right after such a number (the case the fuzzer found):
   * refused, and nothing read beyond the end (ASan checks). */
  {
    g_autofree char *text = g_strconcat (head, "{\"x\": 1e400", NULL);
    g_autofree char *exact = g_memdup2 (text, strlen (text));
    g_autoptr(DgDocument) doc = dg_document_load_from_data (exact, strlen (text), NULL, NULL);

    g_assert_null (doc);
  }

  {
    g_autofree char *text = g_strconcat (head, "{\"x\": [1e2, -0, 9223372036854775807, 0.10]}}}", NULL);
    g_autoptr(DgDocument) doc = dg_document_load_from_data (text, strlen (text), NULL, NULL);
    g_autofree char *saved = NULL;

    g_assert_nonnull (doc);
    saved = dg_document_to_data (doc, NULL);
    g_assert_nonnull (strstr (saved, "100.0,\n"));
    g_assert_nonnull (strstr (saved, "9223372036854775807,\n"));
    g_assert_nonnull (strstr (saved, "0.1\n"));
  }
}

/* The rules, one value at a time, as an editor uses them. */
static void
test_validate_single_values (void)
{
  g_autofree char *message = NULL;
  double v;
  guint64 seed;

  g_assert_cmpint (dg_validate_date ("announced", "2024-02-29", &message), ==, DG_CHECK_OK);
  g_assert_null (message);
  g_assert_cmpint (dg_validate_date ("announced", "2023-02-29", &message), ==, DG_CHECK_ERROR);
  g_assert_cmpstr (message, ==, "\"announced\" has the day 29, which 2023-02 does not have: \"2023-02-29\"");
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (dg_validate_date ("as_of", "0000-01", &message), ==, DG_CHECK_ERROR);
  g_assert_nonnull (strstr (message, "year 0000, which is out of range"));
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (dg_validate_amount ("amount_usd", "38e9", 4, &v, NULL), ==, DG_CHECK_OK);
  g_assert_cmpfloat (v, ==, 38e9);
  g_assert_cmpint (dg_validate_amount ("amount_usd", "-0", 2, &v, NULL), ==, DG_CHECK_OK);
  g_assert_true (v == 0 && !signbit (v));
  g_assert_cmpint (dg_validate_amount ("amount_usd", "1e400", 5, &v, &message), ==, DG_CHECK_ERROR);
  g_assert_cmpstr (message, ==, "\"amount_usd\" is out of range (1e400): Dealgraph reads numbers up to about 1.8e308");
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (dg_validate_amount ("amount_usd", "38 bn", 5, &v, &message), ==, DG_CHECK_ERROR);
  g_assert_cmpstr (message, ==, "\"amount_usd\" must be a number, not \"38 bn\"");
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (dg_validate_deal_amounts (5, 0, 4, &message), ==, DG_CHECK_ERROR);
  g_assert_cmpstr (message, ==, "\"amount_usd\" (5) lies outside \"amount_min_usd\"..\"amount_max_usd\" (0..4)");
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (dg_validate_url ("website", "HTTPS://example.com", NULL), ==, DG_CHECK_OK);
  g_assert_cmpint (dg_validate_url ("website", "file:///etc/passwd", NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_text ("id", "", 0, TRUE, NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_text ("title", "", 0, FALSE, NULL), ==, DG_CHECK_OK);
  g_assert_cmpint (dg_validate_text ("id", "a\0b", 3, TRUE, NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_company_kind ("cloud", NULL), ==, DG_CHECK_OK);
  g_assert_cmpint (dg_validate_company_kind ("space", &message), ==, DG_CHECK_WARNING);
  g_assert_cmpstr (message, ==, "unknown company kind \"space\"; drawn as “other”");
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (dg_validate_coordinate ("x", "1000000", 7, &v, NULL), ==, DG_CHECK_OK);
  g_assert_cmpint (dg_validate_coordinate ("x", "1e308", 5, &v, NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_zoom ("0", 1, &v, NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_zoom ("2.5", 3, &v, NULL), ==, DG_CHECK_OK);
  g_assert_cmpint (dg_validate_seed ("7.0", 3, &seed, NULL), ==, DG_CHECK_OK);
  g_assert_cmpuint (seed, ==, 7);
  g_assert_cmpint (dg_validate_seed ("9223372036854775807", 19, &seed, NULL), ==, DG_CHECK_OK);
  g_assert_cmpuint (seed, ==, G_MAXINT64);
  g_assert_cmpint (dg_validate_seed ("9223372036854775808", 19, &seed, NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_seed ("1.5", 3, &seed, NULL), ==, DG_CHECK_ERROR);
  g_assert_cmpint (dg_validate_version ("1.0", 3, NULL), ==, DG_CHECK_OK);
  g_assert_cmpint (dg_validate_version ("2", 1, NULL), ==, DG_CHECK_ERROR);

  g_assert_true (dg_validate_number_text (" 38e9 ", &v));
  g_assert_cmpfloat (v, ==, 38e9);
  g_assert_false (dg_validate_number_text ("0x10", &v));
  g_assert_false (dg_validate_number_text ("010", &v));
  g_assert_false (dg_validate_number_text ("1e400", &v));
}

/* ---- the command line ----------------------------------------------------- */

static void
run_cli (const char * const *args,
         int                *status,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *binary = g_getenv ("DG_BINARY");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  int wait_status;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("dealgraph was killed by signal %d, not refused: a crash or a sanitizer halt\n%s",
             WTERMSIG (wait_status), *err);
  *status = WEXITSTATUS (wait_status);
}

/* Fifty thousand deals without sources: one line, unless asked. */
static void
test_cli_groups_warnings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many.json", NULL);
  GString *text = g_string_new ("{\"format\": \"dealgraph\", \"version\": 1,\n"
                                "\"companies\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"},"
                                " {\"id\": \"c\", \"name\": \"C\"}],\n\"deals\": [\n");
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (text, "%s{\"id\": \"d%u\", \"from\": \"a\", \"to\": \"b\", \"kind\": \"%s\"}\n",
                            i == 0 ? "" : ",", i, i < 2 ? "barter" : "investment");
  g_string_append (text, "]}\n");
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));

  run_cli ((const char *[]) { "--validate", path, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (err, "\n", -1);
  /* In file order: one company without deals (said), 50,000 deals without
   * sources (one line, at the first), two unknown kinds (each said), and
   * the end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_suffix (lines[0], ":2:67: companies[2] (\"c\"): warning: company has no deals"));
  g_assert_true (g_str_has_suffix (lines[1], ":4:1: warning: 50000 deals have no sources; the first: deals[0] (\"d0\") (--verbose lists them all)"));
  g_assert_true (g_str_has_suffix (lines[2], ":4:46: deals[0] (\"d0\"): warning: unknown deal kind \"barter\"; drawn as “other”"));
  g_assert_true (g_str_has_suffix (lines[3], ":5:47: deals[1] (\"d1\"): warning: unknown deal kind \"barter\"; drawn as “other”"));
  g_assert_nonnull (strstr (out, "valid: 3 companies, 50000 deals, 50003 warnings"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&lines, g_strfreev);

  run_cli ((const char *[]) { "--validate", "--verbose", path, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 50003 + 1);

  g_string_free (text, TRUE);
  remove_dir (dir);
}

/* --validate checks every file it is given, and fails if any is refused. */
static void
test_cli_validate_many (void)
{
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "files", "good.json", NULL);
  g_autofree char *bad = fixture_path ("bad", "syntax");
  g_autofree char *warn = fixture_path ("warn", "no-sources");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *valid_good = NULL, *valid_warn = NULL, *refused = NULL;
  int status;

  run_cli ((const char *[]) { "--validate", good, bad, warn, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  valid_good = g_strdup_printf ("%s: valid: 3 companies, 3 deals, 0 warnings\n", good);
  valid_warn = g_strdup_printf ("%s: valid: 3 companies, 3 deals, 1 warning\n", warn);
  refused = g_strdup_printf ("%s:4:18: error: syntax error:", bad);
  g_assert_nonnull (strstr (out, valid_good));
  g_assert_nonnull (strstr (out, valid_warn));
  g_assert_nonnull (strstr (err, refused));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli ((const char *[]) { "--validate", good, warn, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
}

/* --save-layout writes the seed it used; without --seed it uses the file's. */
static void
test_cli_save_layout_seed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autofree char *c = g_build_filename (dir, "c.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(DgDocument) da = NULL;
  g_autoptr(DgDocument) db = NULL;
  g_autoptr(DgDocument) dc = NULL;
  guint64 seed = 0;
  int status;

  /* The embedded dataset says "seed": 2. */
  run_cli ((const char *[]) { "--save-layout", a, "--seed", "7", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  da = load_path (a, NULL, NULL);
  g_assert_true (dg_document_get_layout_seed (da, &seed));
  g_assert_cmpuint (seed, ==, 7);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Laid out again from its own seed: the same positions. */
  run_cli ((const char *[]) { "--save-layout", b, a, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  db = load_path (b, NULL, NULL);
  g_assert_true (dg_document_get_layout_seed (db, &seed));
  g_assert_cmpuint (seed, ==, 7);
  for (guint i = 0; i < dg_document_get_n_companies (da); i++)
    {
      g_assert_cmpfloat (dg_document_get_positions (da)[i].x, ==, dg_document_get_positions (db)[i].x);
      g_assert_cmpfloat (dg_document_get_positions (da)[i].y, ==, dg_document_get_positions (db)[i].y);
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli ((const char *[]) { "--save-layout", c, "--seed", "-1", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_false (g_file_test (c, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}


/* ---- the round trip as a property ----------------------------------------- */

typedef struct
{
  GRand *rand;
  GString *out;
  gboolean compact;
  guint depth;
} Gen;

static gboolean
chance (Gen    *g,
        double  p)
{
  return g_rand_double (g->rand) < p;
}

static guint
pick (Gen   *g,
      guint  n)
{
  return (guint) g_rand_int_range (g->rand, 0, (gint32) n);
}

/* Whitespace as people and programs write it, or none. */
static void
ws (Gen *g)
{
  static const char * const spaces[] = { " ", "\n", "\n  ", "\t", "\r\n", "  " };

  if (!g->compact && chance (g, 0.5))
    g_string_append (g->out, spaces[pick (g, G_N_ELEMENTS (spaces))]);
}

/* A string with every kind of escape and character; @nul allows U+0000. */
static void
gen_string_body (Gen      *g,
                 gboolean  nul,
                 guint     max)
{
  static const char * const pieces[] = {
    "a", "Z", "0", " ", "-", "~", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
    "\\u0041", "\\u00e9", "\\u20AC", "\\uFFFF", "\\ud83d\\ude00", "\\uD834\\uDD1E", "é", "日本",
    "😀", "\xe2\x80\xa8", "\x7f", "<b>", "&amp;", "%s", "\\u001f",
  };
  guint n = pick (g, max + 1);

  for (guint i = 0; i < n; i++)
    g_string_append (g->out, pieces[pick (g, G_N_ELEMENTS (pieces))]);
  if (nul && chance (g, 0.1))
    g_string_append (g->out, "\\u0000");
}

static void
gen_string (Gen      *g,
            gboolean  nul)
{
  g_string_append_c (g->out, '"');
  gen_string_body (g, nul, 6);
  g_string_append_c (g->out, '"');
}

static void
gen_number (Gen *g)
{
  static const char * const special[] = {
    "0", "-0", "1", "-1", "0.5", "-0.0", "1e400", "-1e400", "1e-400", "12345678901234567890",
    "-9223372036854775809", "9223372036854775807", "1E+2", "1e-2", "0.10", "3.0e0", "1.7976931348623157e308",
    "4.9e-324", "100000000000000000000000000000000000000000", "0.000000000000000000000001", "-0e-0",
  };

  if (chance (g, 0.5))
    g_string_append (g->out, special[pick (g, G_N_ELEMENTS (special))]);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (g->out, g_ascii_dtostr (buf, sizeof buf,
                                               (g_rand_double (g->rand) - 0.5) * pow (10, pick (g, 40) - 20.0)));
    }
}

static void gen_value (Gen *g);

/* An object of @n random members (keys unique in it). */
static void
gen_object_members (Gen   *g,
                    guint  n,
                    gboolean first)
{
  for (guint i = 0; i < n; i++)
    {
      if (!first || i > 0)
        g_string_append_c (g->out, ',');
      ws (g);
      /* The index makes the key unique; the rest is any string. */
      g_string_append_printf (g->out, "\"x%u_", i);
      gen_string_body (g, TRUE, 3);
      g_string_append_c (g->out, '"');
      ws (g);
      g_string_append_c (g->out, ':');
      ws (g);
      gen_value (g);
      ws (g);
    }
}

static void
gen_value (Gen *g)
{
  guint kind = g->depth >= 12 ? pick (g, 5) : pick (g, 7);

  switch (kind)
    {
    case 0: g_string_append (g->out, "null"); break;
    case 1: g_string_append (g->out, chance (g, 0.5) ? "true" : "false"); break;
    case 2: gen_number (g); break;
    case 3:
    case 4: gen_string (g, TRUE); break;
    case 5:
      {
        /* Wide now and then, deep in a chain now and then. */
        guint n = chance (g, 0.05) ? 40 + pick (g, 60) : pick (g, 5);

        g->depth++;
        g_string_append_c (g->out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (g->out, ',');
            ws (g);
            gen_value (g);
            ws (g);
          }
        g_string_append_c (g->out, ']');
        g->depth--;
      }
      break;
    default:
      g->depth++;
      g_string_append_c (g->out, '{');
      gen_object_members (g, chance (g, 0.05) ? 20 + pick (g, 30) : pick (g, 5), TRUE);
      g_string_append_c (g->out, '}');
      g->depth--;
      break;
    }
}

/* A known number as the saver writes it (the rules read others too; the
 * fuzz target covers those). */
static void
gen_known_number (Gen    *g,
                  double  max)
{
  char buf[DG_JSON_DOUBLE_BUF_SIZE];
  double v;

  switch (pick (g, 3))
    {
    case 0: v = (double) pick (g, 1000) * 1e6; break;
    case 1: v = floor (g_rand_double (g->rand) * max); break;
    default: v = g_rand_double (g->rand) * max; break;
    }
  dg_json_format_double (buf, sizeof buf, v);
  g_string_append (g->out, buf);
}

static void
member (Gen        *g,
        gboolean   *first,
        const char *key)
{
  if (!*first)
    g_string_append_c (g->out, ',');
  *first = FALSE;
  ws (g);
  g_string_append_printf (g->out, "\"%s\"", key);
  ws (g);
  g_string_append_c (g->out, ':');
  ws (g);
}

static void
gen_date (Gen *g)
{
  switch (pick (g, 3))
    {
    case 0: g_string_append_printf (g->out, "\"%04u\"", 1 + pick (g, 9999)); break;
    case 1: g_string_append_printf (g->out, "\"%04u-%02u\"", 1 + pick (g, 9999), 1 + pick (g, 12)); break;
    default: g_string_append_printf (g->out, "\"2024-%02u-%02u\"", 1 + pick (g, 12), 1 + pick (g, 28)); break;
    }
}

static void
gen_unknown_members (Gen      *g,
                     gboolean *first)
{
  guint n = chance (g, 0.4) ? 1 + pick (g, 4) : 0;

  if (n > 0)
    {
      gen_object_members (g, n, *first);
      *first = FALSE;
    }
}

/* A random document the loader must accept: known fields with valid
 * values, unknown members of every JSON type everywhere they may be. */
static char *
gen_document (GRand *rand)
{
  Gen g = { rand, g_string_new (NULL), FALSE, 3 };
  guint n = 2 + pick (&g, 6), m = pick (&g, 8);
  gboolean first = TRUE;

  g.compact = chance (&g, 0.3);
  g_string_append_c (g.out, '{');
  member (&g, &first, "format");
  g_string_append (g.out, "\"dealgraph\"");
  member (&g, &first, "version");
  g_string_append (g.out, "1");
  if (chance (&g, 0.5))
    {
      member (&g, &first, "title");
      gen_string (&g, FALSE);
    }
  if (chance (&g, 0.3))
    {
      member (&g, &first, "as_of");
      gen_date (&g);
    }
  gen_unknown_members (&g, &first);

  member (&g, &first, "companies");
  g_string_append_c (g.out, '[');
  for (guint i = 0; i < n; i++)
    {
      gboolean f = TRUE;

      g_string_append (g.out, i > 0 ? ",{" : "{");
      member (&g, &f, "id");
      g_string_append_printf (g.out, "\"c%u", i);
      gen_string_body (&g, FALSE, 2);
      g_string_append_c (g.out, '"');
      member (&g, &f, "name");
      g_string_append_c (g.out, '"');
      g_string_append_c (g.out, 'N');
      gen_string_body (&g, FALSE, 4);
      g_string_append_c (g.out, '"');
      if (chance (&g, 0.5))
        {
          member (&g, &f, "kind");
          g_string_append (g.out, chance (&g, 0.8) ? "\"cloud\"" : "\"space-agency\"");
        }
      if (chance (&g, 0.5))
        {
          member (&g, &f, "valuation_usd");
          gen_known_number (&g, 1e12);
        }
      if (chance (&g, 0.3))
        {
          member (&g, &f, "website");
          g_string_append (g.out, "\"https://example.com/");
          gen_string_body (&g, FALSE, 3);
          g_string_append_c (g.out, '"');
        }
      gen_unknown_members (&g, &f);
      ws (&g);
      g_string_append_c (g.out, '}');
    }
  g_string_append_c (g.out, ']');

  member (&g, &first, "deals");
  g_string_append_c (g.out, '[');
  g_assert (n >= 2);
  for (guint i = 0; i < m; i++)
    {
      gboolean f = TRUE;
      guint from = pick (&g, n), to = (from + 1 + pick (&g, n - 1)) % n;

      g_string_append (g.out, i > 0 ? ",{" : "{");
      member (&g, &f, "id");
      g_string_append_printf (g.out, "\"d%u\"", i);
      /* Ids start "cN" and the rest is random: name them by index. */
      member (&g, &f, "from");
      g_string_append_printf (g.out, "\"@C%u@\"", from);
      member (&g, &f, "to");
      g_string_append_printf (g.out, "\"@C%u@\"", to);
      switch (pick (&g, 4))
        {
        case 0:
          member (&g, &f, "amount_usd");
          gen_known_number (&g, 1e11);
          break;
        case 1:
          member (&g, &f, "amount_min_usd");
          g_string_append (g.out, "0");
          member (&g, &f, "amount_max_usd");
          g_string_append (g.out, "100000000000");
          if (chance (&g, 0.5))
            {
              member (&g, &f, "amount_usd");
              gen_known_number (&g, 9e10);
            }
          break;
        case 2:
          member (&g, &f, "amount_usd");
          g_string_append (g.out, "null");
          break;
        default:
          break;
        }
      if (chance (&g, 0.4))
        {
          member (&g, &f, "announced");
          gen_date (&g);
        }
      if (chance (&g, 0.4))
        {
          member (&g, &f, "status");
          g_string_append (g.out, chance (&g, 0.8) ? "\"signed\"" : "\"whispered\"");
        }
      if (chance (&g, 0.7))
        {
          guint k = 1 + pick (&g, 3);

          member (&g, &f, "sources");
          g_string_append_c (g.out, '[');
          for (guint j = 0; j < k; j++)
            {
              gboolean sf = TRUE;

              g_string_append (g.out, j > 0 ? ",{" : "{");
              member (&g, &sf, "publisher");
              gen_string (&g, FALSE);
              if (chance (&g, 0.5))
                {
                  member (&g, &sf, "url");
                  g_string_append (g.out, "\"http://example.org/x\"");
                }
              gen_unknown_members (&g, &sf);
              g_string_append_c (g.out, '}');
            }
          g_string_append_c (g.out, ']');
        }
      gen_unknown_members (&g, &f);
      g_string_append_c (g.out, '}');
    }
  g_string_append_c (g.out, ']');

  if (chance (&g, 0.7))
    {
      gboolean lf = TRUE;

      member (&g, &first, "layout");
      g_string_append_c (g.out, '{');
      member (&g, &lf, "algorithm");
      g_string_append (g.out, "\"force\"");
      if (chance (&g, 0.8))
        {
          gboolean pf = TRUE;

          member (&g, &lf, "positions");
          g_string_append_c (g.out, '{');
          for (guint i = 0; i < n; i++)
            {
              gboolean xf = TRUE;
              char key[16];
              char buf[DG_JSON_DOUBLE_BUF_SIZE];

              if (chance (&g, 0.3))
                continue;
              g_snprintf (key, sizeof key, "@C%u@", i);
              member (&g, &pf, key);
              g_string_append_c (g.out, '{');
              member (&g, &xf, "x");
              dg_json_format_double (buf, sizeof buf, round ((g_rand_double (rand) - 0.5) * 2e8) / 100.0);
              g_string_append (g.out, buf);
              member (&g, &xf, "y");
              dg_json_format_double (buf, sizeof buf, round ((g_rand_double (rand) - 0.5) * 2e6) / 100.0);
              g_string_append (g.out, buf);
              if (chance (&g, 0.3))
                {
                  member (&g, &xf, "pinned");
                  g_string_append (g.out, "true");
                }
              gen_unknown_members (&g, &xf);
              g_string_append_c (g.out, '}');
            }
          g_string_append_c (g.out, '}');
        }
      if (chance (&g, 0.5))
        {
          member (&g, &lf, "view");
          g_string_append (g.out, "{\"x\": 10.5, \"y\": -3, \"zoom\": 1.25, \"x_more\": 1E3}");
        }
      if (chance (&g, 0.5))
        {
          member (&g, &lf, "seed");
          g_string_append (g.out, chance (&g, 0.5) ? "7" : "7.0");
        }
      gen_unknown_members (&g, &lf);
      g_string_append_c (g.out, '}');
    }
  ws (&g);
  g_string_append_c (g.out, '}');
  return g_string_free (g.out, FALSE);
}

/* Puts the companies' ids where the generator left "@Cn@": an id is only
 * known once its random part is written. */
static char *
link_ids (const char *text)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const char *p = text;

  /* The companies' id strings, in order, exactly as written. */
  for (const char *q = strstr (text, "\"id\""); q != NULL; q = strstr (q + 1, "\"id\""))
    {
      const char *start = strchr (q + 4, '"');
      const char *end = start + 1;

      while (*end != '"')
        end += *end == '\\' ? 2 : 1;
      if (start[1] == 'c')
        g_ptr_array_add (ids, g_strndup (start, (gsize) (end - start + 1)));
    }

  while (*p != '\0')
    {
      if (strncmp (p, "\"@C", 3) == 0)
        {
          guint i = (guint) atoi (p + 3);

          g_string_append (out, g_ptr_array_index (ids, i));
          p = strchr (p + 1, '"') + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* For random documents (unknown members of every JSON type, deep and wide,
 * huge and tiny numbers, every escape): each loads, its save loads again,
 * save -> load -> save gives the same bytes, and the save means what the
 * document meant (dg_round_trip_check()). */
static void
test_property_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint n = g_test_slow () ? 20000 : 600;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *raw = gen_document (rand);
      g_autofree char *text = link_ids (raw);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(DgDocument) doc = dg_document_load_from_data (text, strlen (text), &problems, NULL);
      g_autofree char *why = NULL;
      gboolean loaded = FALSE;

      if (doc == NULL)
        {
          g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, 0), "generated");

          g_error ("document %u was refused: %s\n%s", i, line, text);
        }
      why = dg_round_trip_check (text, strlen (text), &loaded);
      g_assert_true (loaded);
      if (why != NULL)
        g_error ("document %u: %s\n%s", i, why, text);
    }
  g_rand_free (rand);
}

typedef struct
{
  const char *id;
  const char *from;
  const char *to;
  DgAmountKind kind;
  double value;   /* exact: the amount; range: the high end */
  double min;
} Fact;

/* Facts from shared/data/ai-deals-facts.md, Table 1, as of the end of 2025. */
static const Fact facts[] = {
  { "openai-aws-38b", "openai", "amazon", DG_AMOUNT_EXACT, 38e9, 38e9 },
  { "openai-oracle-300b", "openai", "oracle", DG_AMOUNT_EXACT, 300e9, 300e9 },
  { "nvda-openai-loi", "nvidia", "openai", DG_AMOUNT_RANGE, 100e9, 0 },
  { "openai-msft-azure", "openai", "microsoft", DG_AMOUNT_EXACT, 250e9, 250e9 },
  { "msft-openai-2019", "microsoft", "openai", DG_AMOUNT_EXACT, 1e9, 1e9 },
  { "softbank-openai", "softbank", "openai", DG_AMOUNT_EXACT, 30e9, 30e9 },
  { "anthropic-azure", "anthropic", "microsoft", DG_AMOUNT_EXACT, 30e9, 30e9 },
  { "amazon-anthropic", "amazon", "anthropic", DG_AMOUNT_EXACT, 8e9, 8e9 },
  { "openai-amd-6gw", "openai", "amd", DG_AMOUNT_UNDISCLOSED, NAN, NAN },
  { "msft-anthropic", "microsoft", "anthropic", DG_AMOUNT_RANGE, 5e9, 0 },
  { "openai-coreweave-1", "openai", "coreweave", DG_AMOUNT_EXACT, 11.9e9, 11.9e9 },
  { "softbank-nvda-exit", "market", "softbank", DG_AMOUNT_EXACT, 5.83e9, 5.83e9 },
};

static void
test_default_facts (void)
{
  g_autoptr(DgDocument) doc = dg_document_load_default (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      DgDeal *deal = dg_document_lookup_deal (doc, facts[i].id);
      const DgAmount *a;

      DgDealState state;

      g_test_message ("fact %s", facts[i].id);
      g_assert_nonnull (deal);
      g_assert_cmpstr (dg_deal_get_from_id (deal), ==, facts[i].from);
      g_assert_cmpstr (dg_deal_get_to_id (deal), ==, facts[i].to);
      /* The facts are of 2025: the shipped network carries some deals on
       * (resized, cancelled) in their histories. */
      g_assert_true (dg_deal_get_state_at (deal, 20251231, &state));
      a = &state.amount;
      g_assert_cmpint (a->kind, ==, facts[i].kind);
      if (a->kind == DG_AMOUNT_EXACT)
        g_assert_cmpfloat_with_epsilon (a->value, facts[i].value, 1.0);
      else if (a->kind == DG_AMOUNT_RANGE)
        {
          g_assert_cmpfloat_with_epsilon (a->max, facts[i].value, 1.0);
          g_assert_cmpfloat_with_epsilon (a->min, facts[i].min, 1.0);
        }
    }

  /* Pseudo-parties are companies of kind other. */
  g_assert_cmpint (dg_company_get_kind_enum (dg_document_lookup_company (doc, "market")), ==,
                   DG_COMPANY_KIND_OTHER);
  g_assert_cmpint (dg_company_get_kind_enum (dg_document_lookup_company (doc, "openai-staff")), ==,
                   DG_COMPANY_KIND_OTHER);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/dealgraph/loader/bad/%s", bad_cases[i].file);
      g_test_add_data_func (name, &bad_cases[i], test_bad_file);
    }
  for (guint i = 0; i < G_N_ELEMENTS (warn_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/dealgraph/loader/warning/%s", warn_cases[i].file);
      g_test_add_data_func (name, &warn_cases[i], test_warning_file);
    }
  g_test_add_func ("/dealgraph/loader/every-fixture-listed", test_every_fixture_listed);
  g_test_add_func ("/dealgraph/loader/every-problem-reported", test_every_problem_reported);
  g_test_add_func ("/dealgraph/loader/no-cascade", test_no_cascade);
  g_test_add_func ("/dealgraph/loader/syntax-error-format", test_syntax_error_format);
  g_test_add_func ("/dealgraph/loader/unknown-kind-kept", test_unknown_kind_kept);
  g_test_add_func ("/dealgraph/loader/good", test_good_file);
  g_test_add_func ("/dealgraph/loader/markup-kept-literally", test_markup_kept_literally);
  g_test_add_func ("/dealgraph/loader/round-trip-unknown-fields", test_round_trip_unknown_fields);
  g_test_add_func ("/dealgraph/loader/round-trip-default", test_round_trip_default);
  g_test_add_func ("/dealgraph/loader/too-large", test_too_large);
  g_test_add_func ("/dealgraph/loader/missing-file", test_missing_file);
  g_test_add_func ("/dealgraph/loader/lossless", test_lossless);
  g_test_add_func ("/dealgraph/loader/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/dealgraph/loader/messages-valid-utf8", test_messages_valid_utf8);
  g_test_add_func ("/dealgraph/loader/nul-never-cuts", test_nul_never_cuts);
  g_test_add_func ("/dealgraph/loader/validate-single-values", test_validate_single_values);
  g_test_add_func ("/dealgraph/loader/tree-members", test_tree_members);
  g_test_add_func ("/dealgraph/loader/property-round-trip", test_property_round_trip);
  g_test_add_func ("/dealgraph/cli/validate-groups-warnings", test_cli_groups_warnings);
  g_test_add_func ("/dealgraph/cli/save-layout-seed", test_cli_save_layout_seed);
  g_test_add_func ("/dealgraph/cli/validate-many", test_cli_validate_many);
  g_test_add_func ("/dealgraph/saver/save-and-reload", test_save_and_reload);
  g_test_add_func ("/dealgraph/saver/failed-save-keeps-old-file", test_failed_save_keeps_old_file);
  g_test_add_func ("/dealgraph/saver/unwritable-folder", test_unwritable_folder);
  g_test_add_func ("/dealgraph/saver/keeps-mode", test_save_keeps_mode);
  g_test_add_func ("/dealgraph/saver/keeps-owner", test_save_keeps_owner);
  g_test_add_func ("/dealgraph/saver/through-symlink", test_save_through_symlink);
  g_test_add_func ("/dealgraph/saver/keeps-hard-links", test_save_keeps_hard_links);
  g_test_add_func ("/dealgraph/saver/removes-stale-temporaries", test_save_removes_stale_temporaries);
  g_test_add_func ("/dealgraph/saver/killed", test_save_killed);
  g_test_add_func ("/dealgraph/saver/async", test_save_async);
  g_test_add_func ("/dealgraph/saver/any-gfile", test_save_any_gfile);
  g_test_add_func ("/dealgraph/saver/at-size-limit", test_save_at_size_limit);
  g_test_add_func ("/dealgraph/saver/compact-when-large", test_save_compact_when_large);
  g_test_add_func ("/dealgraph/saver/job-slices", test_save_job_slices);
  g_test_add_func ("/dealgraph/dataset/loads-clean", test_default_dataset);
  g_test_add_func ("/dealgraph/dataset/facts", test_default_facts);

  return g_test_run ();
}
