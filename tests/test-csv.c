/* test-csv.c: the CSV reader and writer, and the readers of amounts and
 * dates as people write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-csv.h"
#include "dg-csv-import.h"

static DgCsv *
parse_ok (const char *text,
          gssize      length,
          char        separator)
{
  g_autoptr(GError) error = NULL;
  DgCsv *csv = dg_csv_parse (text, length < 0 ? strlen (text) : (gsize) length, separator, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (csv);
  return csv;
}

static void
assert_row (DgCsv              *csv,
            guint               row,
            const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (dg_csv_get_n_fields (csv, row), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (dg_csv_get_field (csv, row, i), ==, expected[i]);
}

static void
test_rfc4180 (void)
{
  /* Quotes, doubled quotes, separators and line breaks inside quotes, CRLF. */
  g_autoptr(DgCsv) csv = parse_ok ("a,b,c\r\n"
                                   "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
                                   "1,,3\r\n", -1, 0);

  g_assert_cmpint (dg_csv_get_separator (csv), ==, ',');
  g_assert_cmpuint (dg_csv_get_n_rows (csv), ==, 3);
  assert_row (csv, 0, (const char *[]) { "a", "b", "c", NULL });
  assert_row (csv, 1, (const char *[]) { "x, y", "say \"hi\"", "two\r\nlines", NULL });
  assert_row (csv, 2, (const char *[]) { "1", "", "3", NULL });
  g_assert_true (dg_csv_get_quoted (csv, 1, 0));
  g_assert_false (dg_csv_get_quoted (csv, 2, 0));
  /* Beyond the row's end a field reads empty. */
  g_assert_cmpstr (dg_csv_get_field (csv, 2, 7), ==, "");
}

static void
test_separators (void)
{
  g_autoptr(DgCsv) semi = parse_ok ("Payer;Payee;Amount\n\"A;B\";C;1,5\n", -1, 0);
  g_autoptr(DgCsv) tab = parse_ok ("from\tto\tamount\na, b\tc\t38\n", -1, 0);
  g_autoptr(DgCsv) forced = parse_ok ("a;b,c\n", -1, ',');
  g_autoptr(DgCsv) one = parse_ok ("name\nOpenAI\n", -1, 0);
  char sep;

  g_assert_cmpint (dg_csv_get_separator (semi), ==, ';');
  assert_row (semi, 1, (const char *[]) { "A;B", "C", "1,5", NULL });
  g_assert_cmpint (dg_csv_get_separator (tab), ==, '\t');
  assert_row (tab, 1, (const char *[]) { "a, b", "c", "38", NULL });
  /* The caller's separator wins over the guess. */
  assert_row (forced, 0, (const char *[]) { "a;b", "c", NULL });
  g_assert_cmpint (dg_csv_get_separator (one), ==, ',');

  /* A separator inside quotes in the first row does not count. */
  g_assert_cmpint (dg_csv_detect_separator ("\"a;b;c;d\",e,f\n", 14), ==, ',');

  g_assert_true (dg_csv_separator_from_string ("tab", &sep));
  g_assert_cmpint (sep, ==, '\t');
  g_assert_true (dg_csv_separator_from_string (";", &sep));
  g_assert_cmpint (sep, ==, ';');
  g_assert_false (dg_csv_separator_from_string ("|", &sep));
}

static void
test_bom_and_blank_rows (void)
{
  /* A UTF-8 byte-order mark, LF and a last row without a line break;
   * blank rows (empty lines, rows of separators) are rows all the same,
   * so the numbering stays a spreadsheet's. */
  g_autoptr(DgCsv) csv = parse_ok ("\xef\xbb\xbf" "id,name\n\n,\nx,y", -1, 0);

  g_assert_cmpuint (dg_csv_get_n_rows (csv), ==, 4);
  g_assert_cmpstr (dg_csv_get_field (csv, 0, 0), ==, "id");
  g_assert_true (dg_csv_row_is_blank (csv, 1));
  g_assert_true (dg_csv_row_is_blank (csv, 2));
  g_assert_false (dg_csv_row_is_blank (csv, 3));
  assert_row (csv, 3, (const char *[]) { "x", "y", NULL });
}

static void
test_utf16 (void)
{
  /* Excel's "Unicode text": UTF-16LE with a mark, tabs between fields. */
  const char text[] = "\xff\xfe" "i\0d\0\t\0n\0\n\0" "1\0\t\0\xe9\0\n\0";
  g_autoptr(DgCsv) csv = parse_ok (text, sizeof text - 1, 0);

  g_assert_cmpint (dg_csv_get_separator (csv), ==, '\t');
  assert_row (csv, 1, (const char *[]) { "1", "é", NULL });
}

static void
assert_refused (const char *text,
                guint       row,
                guint       column,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  guint r = 99, c = 99;
  DgCsv *csv = dg_csv_parse (text, strlen (text), 0, &r, &c, &error);

  g_assert_null (csv);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_FILE);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (r, ==, row);
  g_assert_cmpuint (c, ==, column);
}

static void
test_refused (void)
{
  assert_refused ("a,b\n1,\"open\n2,3\n", 2, 2,
                  "a quoted field starts here and never ends (a \" is missing)");
  assert_refused ("a,b\n1,2\n\"x\"y,3\n", 3, 1,
                  "text follows the closing quote of a field; a \" inside a quoted field is written \"\"");
  assert_refused ("a,b\n1,caf\xe9\n", 2, 2, "the text is not UTF-8; save the spreadsheet as “CSV UTF-8”");
  /* A quote inside an unquoted field is kept, as spreadsheets keep it. */
  {
    g_autoptr(DgCsv) csv = parse_ok ("a,b\n5\" disk,2\n", -1, 0);

    g_assert_cmpstr (dg_csv_get_field (csv, 1, 0), ==, "5\" disk");
  }
}

/* Whatever goes in comes back out: random fields, through the writer and
 * the reader, with each separator. */
static void
test_write_read_round_trip (void)
{
  static const char *pieces[] = {
    "a", " ", ",", ";", "\t", "\"", "\n", "\r\n", "é", "🚀", "שלום", "<&>", "x y", "\\", "'",
  };
  static const char separators[] = { ',', ';', '\t' };
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      char sep = separators[round % 3];
      guint n_rows = g_rand_int_range (rand, 1, 5), n_fields = g_rand_int_range (rand, 1, 6);
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(DgCsv) csv = NULL;

      for (guint r = 0; r < n_rows; r++)
        {
          for (guint f = 0; f < n_fields; f++)
            {
              GString *field = g_string_new (NULL);
              guint len = g_rand_int_range (rand, 0, 5);

              for (guint k = 0; k < len; k++)
                g_string_append (field, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
              /* A row of one empty field is an empty line: give it text. */
              if (n_fields == 1 && field->len == 0)
                g_string_append_c (field, 'x');
              g_ptr_array_add (fields, g_string_free (field, FALSE));
            }
          dg_csv_append_row (out, (const char * const *) fields->pdata + r * n_fields, n_fields, sep);
        }

      csv = parse_ok (out->str, out->len, sep);
      g_assert_cmpuint (dg_csv_get_n_rows (csv), ==, n_rows);
      for (guint r = 0; r < n_rows; r++)
        {
          g_assert_cmpuint (dg_csv_get_n_fields (csv, r), ==, n_fields);
          for (guint f = 0; f < n_fields; f++)
            g_assert_cmpstr (dg_csv_get_field (csv, r, f), ==, g_ptr_array_index (fields, r * n_fields + f));
        }
    }
  g_rand_free (rand);
}

/* Amounts ------------------------------------------------------------------- */

typedef struct
{
  const char *text;
  DgAmountKind kind;
  double value;
  double min;
  double max;
  gboolean approximate;
} AmountCase;

static void
test_amounts (void)
{
  static const AmountCase cases[] = {
    /* The forms the issue lists. */
    { "38000000000", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "38e9", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "$38B", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "38 bn", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "US$ 1.4 trillion", DG_AMOUNT_EXACT, 1.4e12, 1.4e12, 1.4e12, FALSE },
    { "up to $100B", DG_AMOUNT_RANGE, 100e9, 0, 100e9, FALSE },
    { "10-25B", DG_AMOUNT_RANGE, 25e9, 10e9, 25e9, FALSE },
    /* And their neighbours. */
    { "38,000,000,000", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "38.000.000.000", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "38 000 000 000", DG_AMOUNT_EXACT, 38e9, 38e9, 38e9, FALSE },
    { "38\xc2\xa0" "000\xe2\x80\xaf" "000", DG_AMOUNT_EXACT, 38e6, 38e6, 38e6, FALSE },
    { "1,5 bn", DG_AMOUNT_EXACT, 1.5e9, 1.5e9, 1.5e9, FALSE },
    { "1.234,5 M", DG_AMOUNT_EXACT, 1234.5e6, 1234.5e6, 1234.5e6, FALSE },
    { "1,234.5m", DG_AMOUNT_EXACT, 1234.5e6, 1234.5e6, 1234.5e6, FALSE },
    { "3.8E+10", DG_AMOUNT_EXACT, 3.8e10, 3.8e10, 3.8e10, FALSE },
    { "USD 350 million", DG_AMOUNT_EXACT, 350e6, 350e6, 350e6, FALSE },
    { "350mn USD", DG_AMOUNT_EXACT, 350e6, 350e6, 350e6, FALSE },
    { "$750K", DG_AMOUNT_EXACT, 750e3, 750e3, 750e3, FALSE },
    { "2 Trillion dollars", DG_AMOUNT_EXACT, 2e12, 2e12, 2e12, FALSE },
    { "~$10B", DG_AMOUNT_EXACT, 10e9, 10e9, 10e9, TRUE },
    { "about 4.5 billion", DG_AMOUNT_EXACT, 4.5e9, 4.5e9, 4.5e9, TRUE },
    { "Up to 6.3bn", DG_AMOUNT_RANGE, 6.3e9, 0, 6.3e9, FALSE },
    { "≤ $2B", DG_AMOUNT_RANGE, 2e9, 0, 2e9, FALSE },
    { "$17.4B – $19.4B", DG_AMOUNT_RANGE, 19.4e9, 17.4e9, 19.4e9, FALSE },
    { "10 to 25 bn", DG_AMOUNT_RANGE, 25e9, 10e9, 25e9, FALSE },
    { "$34B-$96B", DG_AMOUNT_RANGE, 96e9, 34e9, 96e9, FALSE },
    { "0", DG_AMOUNT_EXACT, 0, 0, 0, FALSE },
    { "0.5", DG_AMOUNT_EXACT, 0.5, 0.5, 0.5, FALSE },
    { "1.4999999999999999e-07", DG_AMOUNT_EXACT, 1.4999999999999999e-07, 1.4999999999999999e-07,
      1.4999999999999999e-07, FALSE },
    { "1e+300", DG_AMOUNT_EXACT, 1e300, 1e300, 1e300, FALSE },
    /* Saying nothing is undisclosed, never 0. */
    { "", DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN, FALSE },
    { "  ", DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN, FALSE },
    { "undisclosed", DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN, FALSE },
    { "Not disclosed.", DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN, FALSE },
    { "n/a", DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN, FALSE },
    { "—", DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const AmountCase *c = &cases[i];
      g_autofree char *why = NULL;
      DgAmount a;
      gboolean approx;

      g_test_message ("%s", c->text);
      g_assert_true (dg_csv_parse_amount (c->text, &a, &approx, &why));
      g_assert_null (why);
      g_assert_cmpint (a.kind, ==, c->kind);
      g_assert_cmpint (approx, ==, c->approximate);
      if (c->kind == DG_AMOUNT_UNDISCLOSED)
        {
          g_assert_true (isnan (a.value) && isnan (a.min) && isnan (a.max));
          continue;
        }
      /* Read through the decimal text, so exactly the nearest double. */
      g_assert_cmpfloat (a.value, ==, c->value);
      g_assert_cmpfloat (a.min, ==, c->min);
      g_assert_cmpfloat (a.max, ==, c->max);
    }
}

static void
test_amounts_refused (void)
{
  static const char *cases[][2] = {
    { "38 gazillion", "“gazillion” is not a unit; use K, M, B or T (thousand, million, billion, trillion)" },
    { "$10B per year", "cannot read “per year”; words like “per year” go in the note column" },
    { "€40B", "only amounts in US dollars can be read; “€” is another currency" },
    { "40 EUR", "only amounts in US dollars can be read; “eur” is another currency" },
    { "£3bn", "only amounts in US dollars can be read; “£” is another currency" },
    { "-5B", "an amount cannot be negative" },
    { "$-5B", "an amount cannot be negative" },
    { "10B-25", "give the unit after both figures, or after the last only" },
    { "25-10B", "the low end of the range is above the high end" },
    { "up to 10-20B", "“up to” takes one figure, not a range" },
    { "1,234,5", "cannot tell the decimal point from the thousands separators" },
    { "1.234.5", "cannot tell the decimal point from the thousands separators" },
    { "big", "no number where one was expected" },
    { "1e999", "the number is too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *why = NULL;
      DgAmount a;

      g_test_message ("%s", cases[i][0]);
      g_assert_false (dg_csv_parse_amount (cases[i][0], &a, NULL, &why));
      g_assert_cmpstr (why, ==, cases[i][1]);
      g_assert_cmpint (a.kind, ==, DG_AMOUNT_UNDISCLOSED);
    }
}

/* Dates --------------------------------------------------------------------- */

static void
test_dates (void)
{
  static const struct { const char *text; DgDateOrder order; const char *date; } cases[] = {
    { "2025-11-03", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "2025-11", DG_DATE_ORDER_FROM_FILE, "2025-11" },
    { "2025", DG_DATE_ORDER_FROM_FILE, "2025" },
    { "2025/11/3", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "2025-11-03 00:00:00", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "2025-11-03T14:30:00Z", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "Nov 3, 2025", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "November 3rd, 2025", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "3 November 2025", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "Monday, 3 Nov. 2025", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "3-Nov-2025", DG_DATE_ORDER_FROM_FILE, "2025-11-03" },
    { "Sept 30, 2025", DG_DATE_ORDER_FROM_FILE, "2025-09-30" },
    { "November 2025", DG_DATE_ORDER_FROM_FILE, "2025-11" },
    { "11/2025", DG_DATE_ORDER_FROM_FILE, "2025-11" },
    { "3/11/2025", DG_DATE_ORDER_DMY, "2025-11-03" },
    { "3/11/2025", DG_DATE_ORDER_MDY, "2025-03-11" },
    { "03.11.2025", DG_DATE_ORDER_DMY, "2025-11-03" },
    /* The same either way round. */
    { "5/5/2025", DG_DATE_ORDER_FROM_FILE, "2025-05-05" },
    /* Only one order makes a date. */
    { "13/11/2025", DG_DATE_ORDER_FROM_FILE, "2025-11-13" },
    { "11/13/2025", DG_DATE_ORDER_FROM_FILE, "2025-11-13" },
    { "29/02/2024", DG_DATE_ORDER_DMY, "2024-02-29" },
    { "", DG_DATE_ORDER_FROM_FILE, NULL },
  };
  static const struct { const char *text; DgDateOrder order; const char *why; } refused[] = {
    { "3/11/2025", DG_DATE_ORDER_FROM_FILE,
      "the day and the month could be either way round (2025-11-03 or 2025-03-11); say which comes first" },
    /* A month-first date where the file reads day first is refused, not turned round. */
    { "11/13/2025", DG_DATE_ORDER_DMY, "there is no such date (year 2025, month 13, day 11)" },
    { "31/02/2025", DG_DATE_ORDER_DMY, "there is no such date (year 2025, month 2, day 31)" },
    { "2025-02-29", DG_DATE_ORDER_FROM_FILE, "there is no such date (year 2025, month 2, day 29)" },
    { "2025-13-01", DG_DATE_ORDER_FROM_FILE, "there is no such date (year 2025, month 13, day 1)" },
    { "3/11/25", DG_DATE_ORDER_DMY, "write the year with four digits" },
    { "Nov 3", DG_DATE_ORDER_FROM_FILE, "write the year with four digits" },
    { "45964", DG_DATE_ORDER_FROM_FILE,
      "looks like a spreadsheet’s day number; format the column as dates (YYYY-MM-DD) before saving" },
    { "Q4 2025", DG_DATE_ORDER_FROM_FILE, "not a date; write it as 2025-11-03, Nov 3, 2025 or 3 November 2025" },
    { "3 novembre 2025", DG_DATE_ORDER_FROM_FILE, "not a date; write it as 2025-11-03, Nov 3, 2025 or 3 November 2025" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *why = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_true (dg_csv_parse_date (cases[i].text, cases[i].order, &date, &why));
      g_assert_cmpstr (date, ==, cases[i].date);
      g_assert_null (why);
      /* What the import writes, the loader reads. */
      g_assert_true (date == NULL || dg_date_parse (date, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *why = NULL;

      g_test_message ("%s", refused[i].text);
      g_assert_false (dg_csv_parse_date (refused[i].text, refused[i].order, &date, &why));
      g_assert_null (date);
      g_assert_cmpstr (why, ==, refused[i].why);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/csv/rfc4180", test_rfc4180);
  g_test_add_func ("/dealgraph/csv/separators", test_separators);
  g_test_add_func ("/dealgraph/csv/bom-and-blank-rows", test_bom_and_blank_rows);
  g_test_add_func ("/dealgraph/csv/utf16", test_utf16);
  g_test_add_func ("/dealgraph/csv/refused", test_refused);
  g_test_add_func ("/dealgraph/csv/write-read-round-trip", test_write_read_round_trip);
  g_test_add_func ("/dealgraph/csv/amounts", test_amounts);
  g_test_add_func ("/dealgraph/csv/amounts-refused", test_amounts_refused);
  g_test_add_func ("/dealgraph/csv/dates", test_dates);

  return g_test_run ();
}
