/* test-import.c: spreadsheet tables into deal networks, and the CSV export
 * back again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every bad case has a fixture in tests/files/csv/ and the exact lines the
 * user sees (row, column, value, why). Every document the import makes is
 * saved and loaded back through the loader, which must accept it.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-csv-import.h"
#include "dg-interchange.h"
#include "dg-loader.h"

typedef struct
{
  DgCsvImport *import;
  DgDocument *doc;
  GPtrArray *problems;
  DgImportCounts counts;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->import, dg_csv_import_free);
  g_clear_object (&r->doc);
  g_clear_pointer (&r->problems, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "files", "csv", name, NULL);
}

static gboolean
load (DgCsvImport *import,
      DgCsvTable   table,
      const char  *name)
{
  g_autofree char *path = fixture (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  return dg_csv_import_load_data (import, table, contents, length, name, 0, NULL);
}

/* The document must be what the loader accepts: through JSON and back,
 * with no error and the same companies and deals. */
static void
assert_loads_back (DgDocument *doc)
{
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) again = NULL;
  gsize length;

  data = dg_document_to_data (doc, &length);
  again = dg_document_load_from_data (data, length, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_assert_cmpint (((DgProblem *) g_ptr_array_index (problems, i))->severity, ==, DG_SEVERITY_WARNING);
  g_assert_cmpuint (dg_document_get_n_companies (again), ==, dg_document_get_n_companies (doc));
  g_assert_cmpuint (dg_document_get_n_deals (again), ==, dg_document_get_n_deals (doc));
}

static void
run (Result *r)
{
  g_autoptr(GError) error = NULL;

  r->doc = dg_csv_import_run (r->import, &r->problems, &r->counts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->doc);
  assert_loads_back (r->doc);
}

static void
import (Result      *r,
        const char  *deals,
        const char  *companies,
        DgDateOrder  order)
{
  r->import = dg_csv_import_new ();
  g_assert_true (load (r->import, DG_CSV_DEALS, deals));
  if (companies != NULL)
    g_assert_true (load (r->import, DG_CSV_COMPANIES, companies));
  dg_csv_import_set_date_order (r->import, order);
  run (r);
}

/* The problems as the command line prints them, each with its table's name. */
static void
assert_problems (Result             *r,
                 const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < r->problems->len; i++)
    {
      DgImportProblem *p = g_ptr_array_index (r->problems, i);
      g_autofree char *line = dg_import_problem_to_string (p, dg_csv_import_get_display_name (r->import, p->table));

      g_test_message ("%s", line);
      g_assert_cmpuint (i, <, n);
      g_assert_cmpstr (line, ==, expected[i]);
    }
  g_assert_cmpuint (r->problems->len, ==, n);
}

static DgDeal *
deal (Result *r,
      guint   index)
{
  g_assert_cmpuint (index, <, dg_document_get_n_deals (r->doc));
  return dg_document_get_deal (r->doc, index);
}

static void
assert_amount (DgDeal       *d,
               DgAmountKind  kind,
               double        lo,
               double        hi)
{
  const DgAmount *a = dg_deal_get_amount (d);

  g_assert_cmpint (a->kind, ==, kind);
  if (kind == DG_AMOUNT_UNDISCLOSED)
    {
      g_assert_true (isnan (a->min) && isnan (a->max));
      return;
    }
  g_assert_cmpfloat (a->min, ==, lo);
  g_assert_cmpfloat (a->max, ==, hi);
}

static const char *
company_name (Result     *r,
              const char *id)
{
  DgCompany *c = dg_document_lookup_company (r->doc, id);

  g_assert_nonnull (c);
  return dg_company_get_name (c);
}

/* A European spreadsheet: BOM, semicolons, CRLF, a quoted line break, the
 * amounts and dates of the issue, blank rows at the end. */
static void
test_good_semicolon (void)
{
  g_auto(Result) r = { 0 };
  DgDeal *d;
  DgSource *s;

  import (&r, "good-semicolon.csv", NULL, DG_DATE_ORDER_FROM_FILE);
  assert_problems (&r, (const char *[]) { "good-semicolon.csv: warning: 7 deals have no sources", NULL });
  g_assert_cmpint (dg_csv_import_get_separator (r.import, DG_CSV_DEALS), ==, ';');
  g_assert_cmpuint (r.counts.deal_rows, ==, 9);
  g_assert_cmpuint (r.counts.deals_imported, ==, 9);
  g_assert_cmpuint (r.counts.deal_rows_refused, ==, 0);
  g_assert_cmpuint (r.counts.companies_created, ==, 8);
  g_assert_cmpstr (dg_document_get_title (r.doc), ==, "good-semicolon");

  d = deal (&r, 0);
  g_assert_cmpstr (dg_deal_get_from_id (d), ==, "openai");
  g_assert_cmpstr (dg_deal_get_to_id (d), ==, "amazon-aws");
  g_assert_cmpstr (company_name (&r, "amazon-aws"), ==, "Amazon / AWS");
  g_assert_cmpstr (dg_deal_get_kind (d), ==, "cloud-lease");
  g_assert_cmpstr (dg_deal_get_status (d), ==, "signed");
  g_assert_cmpstr (dg_deal_get_announced (d), ==, "2025-11-03");
  g_assert_cmpstr (dg_deal_get_title (d), ==, "OpenAI rents\r\nAWS capacity");
  assert_amount (d, DG_AMOUNT_EXACT, 38e9, 38e9);
  g_assert_cmpuint (dg_deal_get_sources (d)->len, ==, 1);
  s = g_ptr_array_index (dg_deal_get_sources (d), 0);
  g_assert_cmpstr (s->publisher, ==, "particle.news");
  g_assert_cmpstr (s->url, ==, "https://particle.news/a");

  d = deal (&r, 1);
  assert_amount (d, DG_AMOUNT_RANGE, 0, 10e9);
  g_assert_cmpstr (dg_deal_get_announced (d), ==, "2025-11-03");
  g_assert_cmpstr (dg_deal_get_status (d), ==, "rumoured");

  d = deal (&r, 2);
  assert_amount (d, DG_AMOUNT_RANGE, 10e9, 25e9);
  g_assert_cmpstr (dg_deal_get_status (d), ==, "letter-of-intent");
  g_assert_cmpuint (dg_deal_get_sources (d)->len, ==, 2);
  g_assert_cmpstr (((DgSource *) g_ptr_array_index (dg_deal_get_sources (d), 0))->publisher, ==, "reuters.com");
  g_assert_cmpstr (((DgSource *) g_ptr_array_index (dg_deal_get_sources (d), 1))->publisher, ==, "ft.com");

  /* "openai " is OpenAI: one company, whatever the case and spaces. */
  d = deal (&r, 3);
  g_assert_cmpstr (dg_deal_get_to_id (d), ==, "openai");
  assert_amount (d, DG_AMOUNT_EXACT, 1.4e12, 1.4e12);
  g_assert_cmpstr (dg_deal_get_announced (d), ==, "2025-09");
  g_assert_cmpstr (dg_deal_get_kind (d), ==, "compute-purchase");

  d = deal (&r, 4);
  assert_amount (d, DG_AMOUNT_EXACT, 38e9, 38e9);
  g_assert_cmpstr (dg_deal_get_title (d), ==, "A \"quoted\" title; with separator");
  g_assert_cmpstr (dg_deal_get_announced (d), ==, "2025");
  assert_amount (deal (&r, 5), DG_AMOUNT_EXACT, 38e9, 38e9);
  assert_amount (deal (&r, 6), DG_AMOUNT_EXACT, 38e9, 38e9);
  assert_amount (deal (&r, 7), DG_AMOUNT_UNDISCLOSED, 0, 0);
  assert_amount (deal (&r, 8), DG_AMOUNT_UNDISCLOSED, 0, 0);
  g_assert_null (dg_deal_get_announced (deal (&r, 8)));
}

static void
test_date_order (void)
{
  /* Nothing in good.tsv says the order: refused, and said so. */
  {
    g_auto(Result) r = { 0 };

    import (&r, "good.tsv", NULL, DG_DATE_ORDER_FROM_FILE);
    assert_problems (&r, (const char *[]) {
      "good.tsv:2:4: error: “3/11/2025” in column “date”: the day and the month could be either way round (2025-11-03 or 2025-03-11); say which comes first",
      "good.tsv:3:4: error: “4/11/2025” in column “date”: the day and the month could be either way round (2025-11-04 or 2025-04-11); say which comes first",
      NULL });
    g_assert_cmpuint (r.counts.ambiguous_dates, ==, 2);
    g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 0);
  }
  /* The user says. */
  {
    g_auto(Result) r = { 0 };

    import (&r, "good.tsv", NULL, DG_DATE_ORDER_DMY);
    g_assert_cmpint (dg_csv_import_get_separator (r.import, DG_CSV_DEALS), ==, '\t');
    g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 2);
    g_assert_cmpstr (dg_deal_get_announced (deal (&r, 0)), ==, "2025-11-03");
    assert_amount (deal (&r, 0), DG_AMOUNT_EXACT, 1.5e9, 1.5e9);
    g_assert_cmpstr (dg_deal_get_announced (deal (&r, 1)), ==, "2025-11-04");
    assert_amount (deal (&r, 1), DG_AMOUNT_EXACT, 2e6, 2e6);
  }
  {
    g_auto(Result) r = { 0 };

    import (&r, "good.tsv", NULL, DG_DATE_ORDER_MDY);
    g_assert_cmpstr (dg_deal_get_announced (deal (&r, 0)), ==, "2025-03-11");
  }
  /* The values say: 13/11/2025 can only be day first, and that is shown. */
  {
    g_auto(Result) r = { 0 };

    import (&r, "dates-evidence.csv", NULL, DG_DATE_ORDER_FROM_FILE);
    assert_problems (&r, (const char *[]) {
      "dates-evidence.csv:3:3: warning: “13/11/2025” in column “date”: dates in this column are read day first, as this one can only be",
      "dates-evidence.csv: warning: 2 deals have no sources",
      NULL });
    g_assert_cmpstr (dg_deal_get_announced (deal (&r, 0)), ==, "2025-11-03");
    g_assert_cmpstr (dg_deal_get_announced (deal (&r, 1)), ==, "2025-11-13");
  }
  /* The header says. */
  {
    g_auto(Result) r = { 0 };

    import (&r, "dates-header.csv", NULL, DG_DATE_ORDER_FROM_FILE);
    g_assert_cmpstr (dg_deal_get_announced (deal (&r, 0)), ==, "2025-03-11");
  }
}

static void
test_bad_amounts (void)
{
  g_auto(Result) r = { 0 };

  import (&r, "bad-amounts.csv", NULL, DG_DATE_ORDER_FROM_FILE);
  assert_problems (&r, (const char *[]) {
    "bad-amounts.csv:2:3: error: “38 gazillion” in column “amount”: “gazillion” is not a unit; use K, M, B or T (thousand, million, billion, trillion)",
    "bad-amounts.csv:3:3: error: “€40B” in column “amount”: only amounts in US dollars can be read; “€” is another currency",
    "bad-amounts.csv:4:3: error: “-5B” in column “amount”: an amount cannot be negative",
    "bad-amounts.csv:5:3: error: “10B-25” in column “amount”: give the unit after both figures, or after the last only",
    "bad-amounts.csv:6:3: error: “25-10B” in column “amount”: the low end of the range is above the high end",
    "bad-amounts.csv:7:3: error: “up to 10-20B” in column “amount”: “up to” takes one figure, not a range",
    "bad-amounts.csv:8:3: error: “1,234,5” in column “amount”: cannot tell the decimal point from the thousands separators",
    "bad-amounts.csv:9:3: error: “$10B per year” in column “amount”: cannot read “per year”; words like “per year” go in the note column",
    "bad-amounts.csv: warning: 1 deal has no sources",
    NULL });
  g_assert_cmpuint (r.counts.deal_rows, ==, 9);
  g_assert_cmpuint (r.counts.deal_rows_refused, ==, 8);
  /* Nothing half-imported: the good row, whole; the bad ones, not at all. */
  g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 1);
  assert_amount (deal (&r, 0), DG_AMOUNT_EXACT, 38e9, 38e9);
  g_assert_cmpuint (dg_document_get_n_companies (r.doc), ==, 2);
}

static void
test_bad_dates (void)
{
  g_auto(Result) r = { 0 };

  import (&r, "bad-dates.csv", NULL, DG_DATE_ORDER_FROM_FILE);
  assert_problems (&r, (const char *[]) {
    "bad-dates.csv:2:3: error: “3/11/2025” in column “date”: the day and the month could be either way round (2025-11-03 or 2025-03-11); say which comes first",
    "bad-dates.csv:3:3: error: “31/02/2025” in column “date”: there is no such date (year 2025, month 2, day 31)",
    "bad-dates.csv:4:3: error: “3/11/25” in column “date”: write the year with four digits",
    "bad-dates.csv:5:3: error: “45964” in column “date”: looks like a spreadsheet’s day number; format the column as dates (YYYY-MM-DD) before saving",
    "bad-dates.csv:6:3: error: “Q4 2025” in column “date”: not a date; write it as 2025-11-03, Nov 3, 2025 or 3 November 2025",
    "bad-dates.csv:7:3: error: “2025-13-01” in column “date”: there is no such date (year 2025, month 13, day 1)",
    "bad-dates.csv: warning: 1 deal has no sources",
    NULL });
  g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 1);
}

static void
test_bad_rows (void)
{
  g_auto(Result) r = { 0 };

  import (&r, "bad-rows.csv", NULL, DG_DATE_ORDER_FROM_FILE);
  assert_problems (&r, (const char *[]) {
    "bad-rows.csv:3:1: error: “d1” in column “id”: the id is already used by row 2",
    "bad-rows.csv:4:3: error: “a” in column “to”: a deal cannot run from a company to itself",
    "bad-rows.csv:5:2: error: column “from” is empty: a deal needs a payer",
    "bad-rows.csv:6:3: error: column “to” is empty: a deal needs a payee",
    "bad-rows.csv:7:5: error: “Only a title” in column “source_1_title”: source 1 needs a publisher or a web address",
    "bad-rows.csv:8:6: error: “ftp://example.com/x” in column “source_1_url”: a web address must start with https:// or http://",
    "bad-rows.csv:9:7: error: “www.example.com” in column “sources”: not a web address (https://…); list the sources’ addresses separated by spaces",
    "bad-rows.csv:11:8: error: the row has more fields than the header (7): “surplus”; a field holding “,” needs quotes",
    "bad-rows.csv: warning: 1 deal has no sources",
    NULL });
  /* Rows 2 and 10 are read; row 10's address holds a comma, quoted. */
  g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 2);
  g_assert_cmpstr (dg_deal_get_id (deal (&r, 0)), ==, "d1");
  g_assert_cmpstr (dg_deal_get_id (deal (&r, 1)), ==, "a-b");
  g_assert_cmpstr (((DgSource *) g_ptr_array_index (dg_deal_get_sources (deal (&r, 1)), 0))->url, ==,
                   "https://a.example/1,extra");
  /* No company was made for a refused row ("C" only appears in one). */
  g_assert_null (dg_document_lookup_company (r.doc, "c"));
}

static void
test_bad_files (void)
{
  static const char *cases[][2] = {
    { "bad-unterminated.csv", "bad-unterminated.csv:3:3: error: a quoted field starts here and never ends (a \" is missing)" },
    { "bad-latin1.csv", "bad-latin1.csv:2:3: error: the text is not UTF-8; save the spreadsheet as “CSV UTF-8”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DgCsvImport) import = dg_csv_import_new ();
      g_autofree char *line = NULL;
      const DgImportProblem *p;

      g_assert_false (load (import, DG_CSV_DEALS, cases[i][0]));
      g_assert_false (dg_csv_import_has_table (import, DG_CSV_DEALS));
      p = dg_csv_import_get_file_problem (import, DG_CSV_DEALS);
      g_assert_nonnull (p);
      line = dg_import_problem_to_string (p, cases[i][0]);
      g_assert_cmpstr (line, ==, cases[i][1]);
    }

  {
    g_autoptr(DgCsvImport) import = dg_csv_import_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (dg_csv_import_load_data (import, DG_CSV_DEALS, "", 0, "empty.csv", 0, &error));
    g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_FILE);
    g_assert_cmpstr (error->message, ==, "the first row is empty; it should name the columns");
  }
}

static void
test_companies_table (void)
{
  g_auto(Result) r = { 0 };
  g_autofree char *field = NULL;
  DgCompany *c;

  r.import = dg_csv_import_new ();
  g_assert_true (load (r.import, DG_CSV_DEALS, "deals-for-companies.csv"));
  g_assert_true (load (r.import, DG_CSV_COMPANIES, "companies.csv"));

  /* The headers guessed. */
  {
    static const char *expected[] = { "name", "id", "kind", "valuation_usd", "valuation_as_of", "website", "ignore" };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *f = dg_csv_import_get_field (r.import, DG_CSV_COMPANIES, i);

        g_assert_cmpstr (f, ==, expected[i]);
      }
  }
  run (&r);
  assert_problems (&r, (const char *[]) {
    "companies.csv:1:7: warning: column “Analyst” is not imported; map it to a field, or to “keep”",
    "companies.csv:4:4: error: “10-20B” in column “Market cap”: a valuation is one figure, not a range",
    "companies.csv:5:2: error: “openai” in column “Id”: the id is already used by row 2",
    "companies.csv:6:1: error: column “Company” is empty: a company needs a name",
    "companies.csv:7:6: error: “www.site.example” in column “Web site”: a web address must start with https:// or http://",
    "deals-for-companies.csv:4:2: error: “Broken” in column “to”: the company’s row 4 in the companies table was refused",
    "deals-for-companies.csv:5:1: error: “Twin” in column “from”: more than one company has this name (rows 8 and 9 of the companies table); use its id",
    "deals-for-companies.csv: warning: 4 deals have no sources",
    NULL });
  g_assert_cmpuint (r.counts.company_rows, ==, 9);
  g_assert_cmpuint (r.counts.company_rows_refused, ==, 4);
  g_assert_cmpuint (r.counts.companies_imported, ==, 5);
  g_assert_cmpuint (r.counts.deal_rows_refused, ==, 2);
  /* NewCo and newco are one company, made from the deals. */
  g_assert_cmpuint (r.counts.companies_created, ==, 1);
  g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 4);
  g_assert_cmpstr (dg_deal_get_to_id (deal (&r, 0)), ==, "amazon");
  g_assert_cmpstr (dg_deal_get_from_id (deal (&r, 2)), ==, "newco");
  g_assert_cmpstr (dg_deal_get_from_id (deal (&r, 3)), ==, "newco");

  c = dg_document_lookup_company (r.doc, "openai");
  g_assert_cmpstr (dg_company_get_kind (c), ==, "ai-lab");
  g_assert_cmpfloat (dg_company_get_valuation (c), ==, 500e9);
  g_assert_cmpstr (dg_company_get_valuation_as_of (c), ==, "2025-10-02");
  g_assert_cmpstr (dg_company_get_website (c), ==, "https://openai.com");
  g_assert_cmpfloat (dg_company_get_valuation (dg_document_lookup_company (r.doc, "amazon")), ==, 2.5e12);
  /* A company of the table with no deals is kept. */
  g_assert_nonnull (dg_document_lookup_company (r.doc, "lonely"));

  /* Kept under its own name: the column the guess left out. */
  g_assert_true (dg_csv_import_set_field (r.import, DG_CSV_COMPANIES, 6, "keep", NULL));
  field = dg_csv_import_get_field (r.import, DG_CSV_COMPANIES, 6);
  g_assert_cmpstr (field, ==, "keep");
  g_clear_object (&r.doc);
  g_clear_pointer (&r.problems, g_ptr_array_unref);
  run (&r);
  {
    JsonObject *extra = dg_company_get_extra (dg_document_lookup_company (r.doc, "openai"));

    g_assert_nonnull (extra);
    g_assert_cmpstr (json_object_get_string_member (extra, "Analyst"), ==, "kim");
  }
}

static void
test_mapping (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;

  r.import = dg_csv_import_new ();
  g_assert_true (load (r.import, DG_CSV_DEALS, "unmapped.csv"));

  /* Nothing to say who pays: no document. */
  g_assert_null (dg_csv_import_run (r.import, &r.problems, NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_FILE);
  g_assert_cmpstr (error->message, ==, "no column says who pays; map one to “from” (the payer)");
  g_clear_error (&error);
  g_clear_pointer (&r.problems, g_ptr_array_unref);

  g_assert_false (dg_csv_import_map (r.import, "Nope=from", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "unmapped.csv has no column “Nope”");
  g_clear_error (&error);
  g_assert_false (dg_csv_import_map (r.import, "Zahler=payer", &error));
  g_assert_cmpstr (error->message, ==, "“payer” is not a field of the deals table");
  g_clear_error (&error);
  g_assert_false (dg_csv_import_map (r.import, "Zahler", &error));
  g_assert_cmpstr (error->message, ==, "--map takes COLUMN=FIELD, not “Zahler”");
  g_clear_error (&error);
  g_assert_false (dg_csv_import_map (r.import, "companies:Name=name", &error));
  g_assert_cmpstr (error->message, ==, "--map names the companies table, which was not given");
  g_clear_error (&error);

  /* By header (any case) or by number. */
  g_assert_true (dg_csv_import_map (r.import, "zahler=from", &error));
  g_assert_true (dg_csv_import_map (r.import, "Empfaenger=to", &error));
  g_assert_true (dg_csv_import_map (r.import, "3=amount_usd", &error));
  g_assert_true (dg_csv_import_map (r.import, "Notiz=keep", &error));
  g_assert_no_error (error);
  /* One column a field: mapping another to "from" lets the first go. */
  g_assert_true (dg_csv_import_set_field (r.import, DG_CSV_DEALS, 3, "to", NULL));
  {
    g_autofree char *f = dg_csv_import_get_field (r.import, DG_CSV_DEALS, 1);

    g_assert_cmpstr (f, ==, "ignore");
  }
  g_assert_true (dg_csv_import_set_field (r.import, DG_CSV_DEALS, 1, "to", NULL));
  g_assert_true (dg_csv_import_set_field (r.import, DG_CSV_DEALS, 3, "keep", NULL));

  run (&r);
  g_assert_cmpuint (dg_document_get_n_deals (r.doc), ==, 1);
  g_assert_cmpstr (dg_deal_get_from_id (deal (&r, 0)), ==, "a");
  g_assert_cmpstr (dg_deal_get_to_id (deal (&r, 0)), ==, "b");
  assert_amount (deal (&r, 0), DG_AMOUNT_EXACT, 1e9, 1e9);
  g_assert_cmpstr (json_object_get_string_member (dg_deal_get_extra (deal (&r, 0)), "Notiz"), ==, "x");

  /* A kept column cannot shadow a field of the format. */
  fields = dg_csv_import_list_fields (r.import, DG_CSV_DEALS);
  g_assert_cmpstr (fields[0], ==, "ignore");
  g_assert_true (g_strv_contains ((const char * const *) fields, "source_3_via"));
  g_assert_false (g_strv_contains ((const char * const *) fields, "source_4_url"));
  g_assert_true (g_strv_contains ((const char * const *) fields, "amount_max_usd"));
  {
    g_autofree char *label = dg_csv_field_label (DG_CSV_DEALS, "source_2_url");

    g_assert_cmpstr (label, ==, "Source 2: web address");
  }
}

/* Guessing: the headers people write. */
static void
test_guess (void)
{
  static const char *headers = "Paid by,Paid to,Deal type,Value (USD),Date announced,Stage,Headline,"
                               "Notes,Links,Source 2 URL,Low,High,Mystery\n";
  static const char *expected[] = {
    "from", "to", "kind", "amount_usd", "announced", "status", "title", "description", "sources",
    "source_2_url", "amount_min_usd", "amount_max_usd", "ignore",
  };
  g_autoptr(DgCsvImport) import = dg_csv_import_new ();

  g_assert_true (dg_csv_import_load_data (import, DG_CSV_DEALS, headers, strlen (headers), "g.csv", 0, NULL));
  g_assert_cmpuint (dg_csv_import_get_n_columns (import, DG_CSV_DEALS), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *f = dg_csv_import_get_field (import, DG_CSV_DEALS, i);

      g_assert_cmpstr (f, ==, expected[i]);
    }
  g_assert_cmpuint (dg_csv_import_get_n_rows (import, DG_CSV_DEALS), ==, 0);
}

/* Round trip ------------------------------------------------------------------ */

static DgDocument *
load_document (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DgDocument *doc = dg_document_load_from_file (file, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static void
assert_same_amount (const DgAmount *a,
                    const DgAmount *b)
{
  g_assert_cmpint (a->kind, ==, b->kind);
  if (a->kind == DG_AMOUNT_UNDISCLOSED)
    return;
  g_assert_cmpfloat (a->value, ==, b->value);
  g_assert_cmpfloat (a->min, ==, b->min);
  g_assert_cmpfloat (a->max, ==, b->max);
}

/* Every field the CSV tables carry, compared: all of a company's and a
 * deal's, sources included (not the members a newer version wrote, nor the
 * layout). */
static void
assert_same_network (DgDocument *a,
                     DgDocument *b)
{
  g_assert_cmpuint (dg_document_get_n_companies (a), ==, dg_document_get_n_companies (b));
  g_assert_cmpuint (dg_document_get_n_deals (a), ==, dg_document_get_n_deals (b));

  for (guint v = 0; v < dg_document_get_n_companies (a); v++)
    {
      DgCompany *x = dg_document_get_company (a, v), *y = dg_document_get_company (b, v);

      g_assert_cmpstr (dg_company_get_id (x), ==, dg_company_get_id (y));
      g_assert_cmpstr (dg_company_get_name (x), ==, dg_company_get_name (y));
      g_assert_cmpstr (dg_company_get_kind (x), ==, dg_company_get_kind (y));
      g_assert_cmpstr (dg_company_get_country (x), ==, dg_company_get_country (y));
      g_assert_cmpint (dg_company_has_valuation (x), ==, dg_company_has_valuation (y));
      if (dg_company_has_valuation (x))
        g_assert_cmpfloat (dg_company_get_valuation (x), ==, dg_company_get_valuation (y));
      g_assert_cmpstr (dg_company_get_valuation_as_of (x), ==, dg_company_get_valuation_as_of (y));
      g_assert_cmpstr (dg_company_get_valuation_note (x), ==, dg_company_get_valuation_note (y));
      g_assert_cmpstr (dg_company_get_description (x), ==, dg_company_get_description (y));
      g_assert_cmpstr (dg_company_get_website (x), ==, dg_company_get_website (y));
    }

  for (guint e = 0; e < dg_document_get_n_deals (a); e++)
    {
      DgDeal *x = dg_document_get_deal (a, e), *y = dg_document_get_deal (b, e);
      GPtrArray *sx = dg_deal_get_sources (x), *sy = dg_deal_get_sources (y);

      g_test_message ("deal %s", dg_deal_get_id (x));
      g_assert_cmpstr (dg_deal_get_id (x), ==, dg_deal_get_id (y));
      g_assert_cmpstr (dg_deal_get_from_id (x), ==, dg_deal_get_from_id (y));
      g_assert_cmpstr (dg_deal_get_to_id (x), ==, dg_deal_get_to_id (y));
      g_assert_cmpstr (dg_deal_get_kind (x), ==, dg_deal_get_kind (y));
      assert_same_amount (dg_deal_get_amount (x), dg_deal_get_amount (y));
      g_assert_cmpstr (dg_deal_get_amount_note (x), ==, dg_deal_get_amount_note (y));
      g_assert_cmpstr (dg_deal_get_announced (x), ==, dg_deal_get_announced (y));
      g_assert_cmpstr (dg_deal_get_term (x), ==, dg_deal_get_term (y));
      g_assert_cmpstr (dg_deal_get_status (x), ==, dg_deal_get_status (y));
      g_assert_cmpstr (dg_deal_get_status_note (x), ==, dg_deal_get_status_note (y));
      g_assert_cmpstr (dg_deal_get_title (x), ==, dg_deal_get_title (y));
      g_assert_cmpstr (dg_deal_get_description (x), ==, dg_deal_get_description (y));
      g_assert_cmpuint (sx->len, ==, sy->len);
      for (guint i = 0; i < sx->len; i++)
        {
          DgSource *p = g_ptr_array_index (sx, i), *q = g_ptr_array_index (sy, i);

          g_assert_cmpstr (p->publisher, ==, q->publisher);
          g_assert_cmpstr (p->title, ==, q->title);
          g_assert_cmpstr (p->date, ==, q->date);
          g_assert_cmpstr (p->url, ==, q->url);
          g_assert_cmpstr (p->via, ==, q->via);
        }
    }
}

static void
round_trip (DgDocument *original)
{
  g_autofree char *deals = NULL;
  g_autofree char *companies = NULL;
  g_autoptr(DgCsvImport) import = dg_csv_import_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) back = NULL;
  g_autoptr(DgDocument) saved = NULL;
  g_autofree char *data = NULL;
  DgImportCounts counts;
  gsize deals_length, companies_length, length;

  /* dataset -> CSV -> import -> save -> load */
  deals = dg_interchange_deals_csv (original, &deals_length);
  companies = dg_interchange_companies_csv (original, &companies_length);
  g_assert_true (g_str_has_prefix (deals, "\xef\xbb\xbf" "id,from,from_name,to,to_name,kind,amount_usd,"));
  g_assert_true (dg_csv_import_load_data (import, DG_CSV_DEALS, deals, deals_length, "net.csv", 0, &error));
  g_assert_true (dg_csv_import_load_data (import, DG_CSV_COMPANIES, companies, companies_length,
                                          "net-companies.csv", 0, &error));
  g_assert_no_error (error);

  /* Every column of the export is read back, none ignored. */
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    for (guint c = 0; c < dg_csv_import_get_n_columns (import, t); c++)
      {
        g_autofree char *field = dg_csv_import_get_field (import, t, c);

        g_assert_cmpstr (field, !=, "ignore");
      }

  back = dg_csv_import_run (import, &problems, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.deal_rows_refused, ==, 0);
  g_assert_cmpuint (counts.company_rows_refused, ==, 0);
  g_assert_cmpuint (counts.companies_created, ==, 0);
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpint (((DgImportProblem *) g_ptr_array_index (problems, i))->severity, ==, DG_SEVERITY_WARNING);

  data = dg_document_to_data (back, &length);
  saved = dg_document_load_from_data (data, length, NULL, &error);
  g_assert_no_error (error);
  assert_same_network (original, saved);
}

static void
test_round_trip_dataset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = dg_document_load_default (&error);

  g_assert_no_error (error);
  round_trip (doc);
}

static void
test_round_trip_tricky (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "interchange", "tricky.dealgraph.json", NULL);
  g_autoptr(DgDocument) doc = load_document (path);

  /* Quotes, <, &, line breaks, right-to-left text, emoji, spaces at the
   * ends, tabs, backslashes, ids with spaces and quotes, every amount. */
  round_trip (doc);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/import/good-semicolon", test_good_semicolon);
  g_test_add_func ("/dealgraph/import/date-order", test_date_order);
  g_test_add_func ("/dealgraph/import/bad-amounts", test_bad_amounts);
  g_test_add_func ("/dealgraph/import/bad-dates", test_bad_dates);
  g_test_add_func ("/dealgraph/import/bad-rows", test_bad_rows);
  g_test_add_func ("/dealgraph/import/bad-files", test_bad_files);
  g_test_add_func ("/dealgraph/import/companies-table", test_companies_table);
  g_test_add_func ("/dealgraph/import/mapping", test_mapping);
  g_test_add_func ("/dealgraph/import/guess", test_guess);
  g_test_add_func ("/dealgraph/import/round-trip-dataset", test_round_trip_dataset);
  g_test_add_func ("/dealgraph/import/round-trip-tricky", test_round_trip_tricky);

  return g_test_run ();
}
