/* dg-csv-import.c: a deal network from spreadsheet tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules mirror the loader's (src/core/dg-loader.c), so what the import
 * makes always saves and loads back: ids unique and non-empty, both ends
 * of a deal known and different, amounts finite and not negative, ranges
 * with both ends in order, real dates, web addresses with http(s), a
 * publisher for every source. What the loader only warns about (unknown
 * kinds and statuses, deals without sources) is imported and reported.
 *
 * Amounts and dates are read by hand: people write "$38B", "10-25B",
 * "US$ 1.4 trillion" and "Nov 3, 2025", which no GLib function reads.
 * Numeric dates like 3/11/2025 are read only when the order is known: from
 * the caller, from the column's header ("Date (dd/mm/yyyy)") or from the
 * column's own values (a 13/11/2025 proves day first); a guess would be
 * silently wrong in half the world.
 */
#define G_LOG_DOMAIN "dealgraph-import"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-csv.h"
#include "dg-csv-import.h"

/* Problems --------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (DgImportProblem, dg_import_problem, dg_import_problem_copy, dg_import_problem_free)

DgImportProblem *
dg_import_problem_copy (const DgImportProblem *problem)
{
  DgImportProblem *copy = g_new0 (DgImportProblem, 1);

  *copy = *problem;
  copy->header = g_strdup (problem->header);
  copy->value = g_strdup (problem->value);
  copy->message = g_strdup (problem->message);
  return copy;
}

void
dg_import_problem_free (DgImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->header);
  g_free (problem->value);
  g_free (problem->message);
  g_free (problem);
}

/* A value on one line, shortened: messages are one line each. */
static char *
display_value (const char *value)
{
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      if (n == 60)
        {
          g_string_append (s, "…");
          break;
        }
      if (*p == '\n')
        g_string_append (s, "\\n");
      else if (*p == '\r')
        g_string_append (s, "\\r");
      else if (*p == '\t')
        g_string_append (s, "\\t");
      else
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (s, FALSE);
}

/**
 * dg_import_problem_to_string:
 * @filename: (nullable): the table's file name as the user gave it
 *
 * Returns: (transfer full): `FILE:ROW:COLUMN: error: “VALUE” in column
 *   “HEADER”: WHY`, or shorter forms for problems of a row or the file
 */
char *
dg_import_problem_to_string (const DgImportProblem *problem,
                             const char            *filename)
{
  GString *s = g_string_new (filename != NULL ? filename : "");
  const char *severity = problem->severity == DG_SEVERITY_ERROR ? _("error") : _("warning");

  if (problem->row > 0 && problem->column > 0)
    g_string_append_printf (s, ":%u:%u: ", problem->row, problem->column);
  else if (problem->row > 0)
    g_string_append_printf (s, ":%u: ", problem->row);
  else
    g_string_append (s, ": ");

  g_string_append_printf (s, "%s: ", severity);
  if (problem->column > 0 && problem->header != NULL && problem->value != NULL && *problem->value != '\0')
    {
      g_autofree char *value = display_value (problem->value);

      /* Translators: a problem with a spreadsheet cell: value, column header, why */
      g_string_append_printf (s, _("“%s” in column “%s”: %s"), value, problem->header, problem->message);
    }
  else if (problem->column > 0 && problem->header != NULL && problem->value != NULL)
    /* Translators: a problem with an empty spreadsheet cell: column header, why */
    g_string_append_printf (s, _("column “%s” is empty: %s"), problem->header, problem->message);
  else
    g_string_append (s, problem->message);

  return g_string_free (s, FALSE);
}

G_GNUC_PRINTF (8, 9)
static void
add_problem (GPtrArray   *problems,
             DgSeverity   severity,
             DgCsvTable   table,
             guint        row,
             guint        column,
             const char  *header,
             const char  *value,
             const char  *format,
             ...)
{
  DgImportProblem *problem = g_new0 (DgImportProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->severity = severity;
  problem->table = table;
  problem->row = row;
  problem->column = column;
  problem->header = g_strdup (header);
  problem->value = g_strdup (value);
  g_ptr_array_add (problems, problem);
}

/* Fields ------------------------------------------------------------------ */

typedef enum
{
  F_IGNORE,
  F_KEEP,
  /* deals */
  F_ID,
  F_FROM,
  F_FROM_NAME,
  F_TO,
  F_TO_NAME,
  F_KIND,
  F_AMOUNT,
  F_AMOUNT_MIN,
  F_AMOUNT_MAX,
  F_AMOUNT_NOTE,
  F_ANNOUNCED,
  F_TERM,
  F_STATUS,
  F_STATUS_NOTE,
  F_TITLE,
  F_DESCRIPTION,
  F_SOURCES,
  F_SOURCE_PUBLISHER,
  F_SOURCE_TITLE,
  F_SOURCE_DATE,
  F_SOURCE_URL,
  F_SOURCE_VIA,
  /* companies */
  C_ID,
  C_NAME,
  C_KIND,
  C_COUNTRY,
  C_VALUATION,
  C_VALUATION_AS_OF,
  C_VALUATION_NOTE,
  C_DESCRIPTION,
  C_WEBSITE,
  N_FIELDS
} Field;

#define BOTH_TABLES DG_CSV_N_TABLES
#define MAX_SOURCES 99

typedef struct
{
  Field field;
  guint source;   /* 1-based, for F_SOURCE_* */
} Mapping;

static const struct
{
  Field field;
  const char *name;
  guint table;   /* DgCsvTable, or BOTH_TABLES */
  const char *label;
  const char *synonyms;  /* normalized headers that mean this field, space-separated */
} field_info[] = {
  { F_IGNORE, "ignore", BOTH_TABLES, N_("Do not import"), "" },
  { F_KEEP, "keep", BOTH_TABLES, N_("Keep as an extra field"), "" },
  { F_ID, "id", DG_CSV_DEALS, N_("Deal id"), "deal_id" },
  { F_FROM, "from", DG_CSV_DEALS, N_("Payer (from)"),
    "payer from_id payer_id paid_by buyer purchaser investor customer client sender from_company payer_company" },
  { F_FROM_NAME, "from_name", DG_CSV_DEALS, N_("Payer’s name"), "payer_name from_company_name" },
  { F_TO, "to", DG_CSV_DEALS, N_("Payee (to)"),
    "payee to_id payee_id paid_to seller vendor supplier investee recipient receiver target to_company payee_company" },
  { F_TO_NAME, "to_name", DG_CSV_DEALS, N_("Payee’s name"), "payee_name to_company_name" },
  { F_KIND, "kind", DG_CSV_DEALS, N_("Kind"), "type deal_kind deal_type category" },
  { F_AMOUNT, "amount_usd", DG_CSV_DEALS, N_("Amount (USD)"),
    "amount value value_usd deal_value deal_size size usd amount_in_usd amount_us amount_dollars" },
  { F_AMOUNT_MIN, "amount_min_usd", DG_CSV_DEALS, N_("Amount, low end"),
    "amount_min min_amount amount_low low_amount minimum min low" },
  { F_AMOUNT_MAX, "amount_max_usd", DG_CSV_DEALS, N_("Amount, high end"),
    "amount_max max_amount amount_high high_amount maximum max high" },
  { F_AMOUNT_NOTE, "amount_note", DG_CSV_DEALS, N_("Note on the amount"), "note_on_amount" },
  { F_ANNOUNCED, "announced", DG_CSV_DEALS, N_("Announced"),
    "date announced_date announcement_date date_announced announced_on deal_date" },
  { F_TERM, "term", DG_CSV_DEALS, N_("Term"), "duration length period" },
  { F_STATUS, "status", DG_CSV_DEALS, N_("Status"), "stage deal_status" },
  { F_STATUS_NOTE, "status_note", DG_CSV_DEALS, N_("Note on the status"), "note_on_status" },
  { F_TITLE, "title", DG_CSV_DEALS, N_("Title"), "headline deal_title deal_name name summary" },
  { F_DESCRIPTION, "description", DG_CSV_DEALS, N_("Description"), "details notes note comment comments" },
  { F_SOURCES, "sources", DG_CSV_DEALS, N_("Sources (web addresses)"),
    "source url urls link links source_url source_urls reference references citation citations" },
  { F_SOURCE_PUBLISHER, "publisher", DG_CSV_DEALS, N_("Source %u: publisher"), "" },
  { F_SOURCE_TITLE, "title", DG_CSV_DEALS, N_("Source %u: title"), "" },
  { F_SOURCE_DATE, "date", DG_CSV_DEALS, N_("Source %u: date"), "" },
  { F_SOURCE_URL, "url", DG_CSV_DEALS, N_("Source %u: web address"), "" },
  { F_SOURCE_VIA, "via", DG_CSV_DEALS, N_("Source %u: via"), "" },
  { C_ID, "id", DG_CSV_COMPANIES, N_("Company id"), "company_id slug key" },
  { C_NAME, "name", DG_CSV_COMPANIES, N_("Name"), "company company_name label organisation organization" },
  { C_KIND, "kind", DG_CSV_COMPANIES, N_("Kind"), "type category company_kind company_type sector" },
  { C_COUNTRY, "country", DG_CSV_COMPANIES, N_("Country"), "country_code hq headquarters location" },
  { C_VALUATION, "valuation_usd", DG_CSV_COMPANIES, N_("Valuation (USD)"),
    "valuation market_cap market_capitalisation market_capitalization value" },
  { C_VALUATION_AS_OF, "valuation_as_of", DG_CSV_COMPANIES, N_("Valuation as of"),
    "valuation_date as_of valued_on" },
  { C_VALUATION_NOTE, "valuation_note", DG_CSV_COMPANIES, N_("Note on the valuation"), "note_on_valuation" },
  { C_DESCRIPTION, "description", DG_CSV_COMPANIES, N_("Description"), "about details notes note" },
  { C_WEBSITE, "website", DG_CSV_COMPANIES, N_("Website"), "url homepage web site web_site" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_info) == N_FIELDS);

static gboolean
is_source_field (Field field)
{
  return field >= F_SOURCE_PUBLISHER && field <= F_SOURCE_VIA;
}

/* Fields that only one column may carry. */
static gboolean
is_unique_field (Field field)
{
  return field != F_IGNORE && field != F_KEEP;
}

static gboolean
field_in_table (Field      field,
                DgCsvTable table)
{
  return field_info[field].table == BOTH_TABLES || field_info[field].table == table;
}

static char *
mapping_to_name (Mapping mapping)
{
  if (is_source_field (mapping.field))
    return g_strdup_printf ("source_%u_%s", mapping.source, field_info[mapping.field].name);
  return g_strdup (field_info[mapping.field].name);
}

static gboolean
mapping_from_name (DgCsvTable  table,
                   const char *name,
                   Mapping    *out)
{
  out->source = 0;

  if (table == DG_CSV_DEALS && g_str_has_prefix (name, "source_"))
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (name + 7, &end, 10);

      if (end != name + 7 && *end == '_' && n >= 1 && n <= MAX_SOURCES)
        for (Field f = F_SOURCE_PUBLISHER; f <= F_SOURCE_VIA; f++)
          if (strcmp (end + 1, field_info[f].name) == 0)
            {
              out->field = f;
              out->source = (guint) n;
              return TRUE;
            }
      return FALSE;
    }

  for (Field f = 0; f < N_FIELDS; f++)
    if (!is_source_field (f) && field_in_table (f, table) && strcmp (field_info[f].name, name) == 0)
      {
        out->field = f;
        return TRUE;
      }
  return FALSE;
}

static gboolean
mapping_equal (Mapping a,
               Mapping b)
{
  return a.field == b.field && a.source == b.source;
}

/**
 * dg_csv_field_label:
 * @table: the table
 * @field: a field name, as dg_csv_import_get_field() gives
 *
 * Returns: (transfer full): what the field is called in the interface,
 *   translated
 */
char *
dg_csv_field_label (DgCsvTable  table,
                    const char *field)
{
  Mapping m;

  g_return_val_if_fail (field != NULL, NULL);

  if (!mapping_from_name (table, field, &m))
    return g_strdup (field);
  switch ((int) m.field)
    {
    case F_SOURCE_PUBLISHER: return g_strdup_printf (_("Source %u: publisher"), m.source);
    case F_SOURCE_TITLE: return g_strdup_printf (_("Source %u: title"), m.source);
    case F_SOURCE_DATE: return g_strdup_printf (_("Source %u: date"), m.source);
    case F_SOURCE_URL: return g_strdup_printf (_("Source %u: web address"), m.source);
    case F_SOURCE_VIA: return g_strdup_printf (_("Source %u: via"), m.source);
    default: return g_strdup (_(field_info[m.field].label));
    }
}

/* A header in the form the synonym lists use: "Amount (USD)" -> "amount",
 * "Paid by" -> "paid_by", "Source 2 URL" -> "source_2_url". */
static char *
normalize_header (const char *header)
{
  g_autofree char *folded = g_utf8_casefold (header, -1);
  GString *s = g_string_new (NULL);
  int depth = 0;

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (depth > 0)
        continue;
      else if (g_ascii_isalnum (*p))
        g_string_append_c (s, *p);
      else if (s->len > 0 && s->str[s->len - 1] != '_')
        g_string_append_c (s, '_');
    }
  while (s->len > 0 && s->str[s->len - 1] == '_')
    g_string_truncate (s, s->len - 1);

  /* "source2_url", "source 2 url" and "source_2_url" alike. */
  if (g_str_has_prefix (s->str, "source") && g_ascii_isdigit (s->str[6]))
    g_string_insert_c (s, 6, '_');

  return g_string_free (s, FALSE);
}

static gboolean
word_in_list (const char *list,
              const char *word)
{
  gsize n = strlen (word);

  if (n == 0)
    return FALSE;
  for (const char *p = list; (p = strstr (p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return TRUE;
  return FALSE;
}

/* The date order a header announces: "Date (dd/mm/yyyy)", "Datum (TT.MM.JJJJ)". */
static DgDateOrder
header_date_order (const char *header)
{
  g_autofree char *lower = g_utf8_strdown (header, -1);

  if (g_regex_match_simple ("(^|[^a-z])(dd?|jj?|tt?)[/.-]mm?[/.-](yy|aa|jj)", lower, 0, 0))
    return DG_DATE_ORDER_DMY;
  if (g_regex_match_simple ("(^|[^a-z])mm?[/.-](dd?|jj?|tt?)[/.-](yy|aa|jj)", lower, 0, 0))
    return DG_DATE_ORDER_MDY;
  return DG_DATE_ORDER_FROM_FILE;
}

/* The import object --------------------------------------------------------- */

typedef struct
{
  DgCsv *csv;
  char *display_name;
  GArray *mapping;       /* Mapping per header column */
  DgImportProblem *file_problem;
} Table;

struct _DgCsvImport
{
  Table tables[DG_CSV_N_TABLES];
  DgDateOrder date_order;
};

DgCsvImport *
dg_csv_import_new (void)
{
  DgCsvImport *self = g_new0 (DgCsvImport, 1);

  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    self->tables[t].mapping = g_array_new (FALSE, TRUE, sizeof (Mapping));
  return self;
}

void
dg_csv_import_clear_table (DgCsvImport *self,
                           DgCsvTable   table)
{
  Table *t;

  g_return_if_fail (self != NULL && table < DG_CSV_N_TABLES);

  t = &self->tables[table];
  g_clear_pointer (&t->csv, dg_csv_free);
  g_clear_pointer (&t->display_name, g_free);
  g_clear_pointer (&t->file_problem, dg_import_problem_free);
  g_array_set_size (t->mapping, 0);
}

void
dg_csv_import_free (DgCsvImport *self)
{
  if (self == NULL)
    return;
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    {
      dg_csv_import_clear_table (self, t);
      g_array_unref (self->tables[t].mapping);
    }
  g_free (self);
}

/* Guesses each column's field from its header: exact field names first,
 * then the synonyms, each field to one column (the first). */
static void
guess_mapping (DgCsvImport *self,
               DgCsvTable   table)
{
  Table *t = &self->tables[table];
  guint n = t->mapping->len;
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n, 1));

  for (guint pass = 0; pass < 2; pass++)
    for (guint c = 0; c < n; c++)
      {
        g_autofree char *norm = NULL;
        Mapping m = { F_IGNORE, 0 };
        gboolean found = FALSE;

        if (done[c])
          continue;
        norm = normalize_header (dg_csv_get_field (t->csv, 0, c));
        if (pass == 0)
          found = mapping_from_name (table, norm, &m) && m.field != F_IGNORE && m.field != F_KEEP;
        else
          for (Field f = 0; f < N_FIELDS && !found; f++)
            if (field_in_table (f, table) && word_in_list (field_info[f].synonyms, norm))
              {
                m.field = f;
                found = TRUE;
              }
        if (!found)
          continue;

        /* Taken by an earlier column: the later one stays unmapped. */
        for (guint o = 0; o < n && found; o++)
          if (o != c && done[o] && mapping_equal (g_array_index (t->mapping, Mapping, o), m))
            found = FALSE;
        if (found)
          {
            g_array_index (t->mapping, Mapping, c) = m;
            done[c] = TRUE;
          }
      }
}

/**
 * dg_csv_import_load_data:
 * @table: which table @data is
 * @data: the file's bytes
 * @display_name: the file's name for messages
 * @separator: `,`, `;`, `\t`, or 0 to detect it
 * @error: return location for a #DG_ERROR
 *
 * Reads the table and guesses the mapping from its header. On failure
 * dg_csv_import_get_file_problem() says where; the table is then empty.
 *
 * Returns: %TRUE when the table was read
 */
gboolean
dg_csv_import_load_data (DgCsvImport *self,
                         DgCsvTable   table,
                         const char  *data,
                         gsize        length,
                         const char  *display_name,
                         char         separator,
                         GError     **error)
{
  Table *t;
  guint row = 0, column = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  dg_csv_import_clear_table (self, table);
  t = &self->tables[table];
  t->display_name = g_strdup (display_name);

  t->csv = dg_csv_parse (data, length, separator, &row, &column, &local_error);
  if (t->csv != NULL && (dg_csv_get_n_rows (t->csv) == 0 || dg_csv_row_is_blank (t->csv, 0)))
    {
      g_clear_pointer (&t->csv, dg_csv_free);
      row = 1;
      column = 0;
      g_set_error (&local_error, DG_ERROR, DG_ERROR_INVALID_FILE,
                   _("the first row is empty; it should name the columns"));
    }

  if (t->csv == NULL)
    {
      t->file_problem = g_new0 (DgImportProblem, 1);
      t->file_problem->severity = DG_SEVERITY_ERROR;
      t->file_problem->table = table;
      t->file_problem->row = row;
      t->file_problem->column = column;
      t->file_problem->message = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_array_set_size (t->mapping, dg_csv_get_n_fields (t->csv, 0));
  guess_mapping (self, table);
  return TRUE;
}

/**
 * dg_csv_import_load_file:
 *
 * Like dg_csv_import_load_data(), reading @file (at most 64 MiB).
 */
gboolean
dg_csv_import_load_file (DgCsvImport *self,
                         DgCsvTable   table,
                         GFile       *file,
                         char         separator,
                         GError     **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  dg_csv_import_clear_table (self, table);
  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info != NULL && g_file_info_get_size (info) > DG_MAX_FILE_SIZE)
    g_set_error (&local_error, DG_ERROR, DG_ERROR_TOO_LARGE,
                 _("the file is larger than %d MiB"), DG_MAX_FILE_SIZE / (1024 * 1024));
  else if (info != NULL)
    g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error);

  if (local_error != NULL)
    {
      Table *t = &self->tables[table];

      t->display_name = g_steal_pointer (&name);
      t->file_problem = g_new0 (DgImportProblem, 1);
      t->file_problem->severity = DG_SEVERITY_ERROR;
      t->file_problem->table = table;
      t->file_problem->message = g_strdup (local_error->message);
      if (!g_error_matches (local_error, DG_ERROR, DG_ERROR_TOO_LARGE))
        {
          g_set_error (error, DG_ERROR, DG_ERROR_IO, "%s", local_error->message);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return dg_csv_import_load_data (self, table, contents, length, name, separator, error);
}

/**
 * dg_csv_import_get_file_problem:
 *
 * Returns: (nullable): why the table's file could not be read, with the
 *   place when there is one
 */
const DgImportProblem *
dg_csv_import_get_file_problem (DgCsvImport *self,
                                DgCsvTable   table)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, NULL);
  return self->tables[table].file_problem;
}

gboolean
dg_csv_import_has_table (DgCsvImport *self,
                         DgCsvTable   table)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, FALSE);
  return self->tables[table].csv != NULL;
}

const char *
dg_csv_import_get_display_name (DgCsvImport *self,
                                DgCsvTable   table)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, NULL);
  return self->tables[table].display_name;
}

char
dg_csv_import_get_separator (DgCsvImport *self,
                             DgCsvTable   table)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, ',');
  return self->tables[table].csv != NULL ? dg_csv_get_separator (self->tables[table].csv) : ',';
}

guint
dg_csv_import_get_n_columns (DgCsvImport *self,
                             DgCsvTable   table)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, 0);
  return self->tables[table].mapping->len;
}

const char *
dg_csv_import_get_header (DgCsvImport *self,
                          DgCsvTable   table,
                          guint        column)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, NULL);
  g_return_val_if_fail (column < self->tables[table].mapping->len, NULL);
  return dg_csv_get_field (self->tables[table].csv, 0, column);
}

guint
dg_csv_import_get_n_rows (DgCsvImport *self,
                          DgCsvTable   table)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, 0);
  return self->tables[table].csv != NULL ? dg_csv_get_n_rows (self->tables[table].csv) - 1 : 0;
}

const char *
dg_csv_import_get_cell (DgCsvImport *self,
                        DgCsvTable   table,
                        guint        row,
                        guint        column)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, "");
  g_return_val_if_fail (row < dg_csv_import_get_n_rows (self, table), "");
  return dg_csv_get_field (self->tables[table].csv, row + 1, column);
}

/**
 * dg_csv_import_get_field:
 *
 * Returns: (transfer full): the field @column is mapped to, e.g. "from",
 *   "source_1_url", "ignore"
 */
char *
dg_csv_import_get_field (DgCsvImport *self,
                         DgCsvTable   table,
                         guint        column)
{
  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, NULL);
  g_return_val_if_fail (column < self->tables[table].mapping->len, NULL);
  return mapping_to_name (g_array_index (self->tables[table].mapping, Mapping, column));
}

/* Names of the deal and company members a kept column must not shadow. */
static const char * const reserved_keys[DG_CSV_N_TABLES][16] = {
  { "id", "from", "to", "kind", "amount_usd", "amount_min_usd", "amount_max_usd", "amount_note",
    "announced", "term", "status", "status_note", "title", "description", "sources", NULL },
  { "id", "name", "kind", "country", "valuation_usd", "valuation_as_of", "valuation_note",
    "description", "website", NULL },
};

/**
 * dg_csv_import_set_field:
 * @field: a field name ("from", "amount_usd", "source_2_url", "keep",
 *   "ignore"...)
 * @error: return location for a #DG_ERROR_USAGE
 *
 * Maps @column to @field. A field other than "keep" and "ignore" can have
 * one column only: another column mapped to it is set to "ignore".
 *
 * Returns: %TRUE when @field is a field of @table
 */
gboolean
dg_csv_import_set_field (DgCsvImport *self,
                         DgCsvTable   table,
                         guint        column,
                         const char  *field,
                         GError     **error)
{
  Table *t;
  Mapping m;

  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  t = &self->tables[table];
  g_return_val_if_fail (column < t->mapping->len, FALSE);

  if (!mapping_from_name (table, field, &m))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("“%s” is not a field of the %s table"), field,
                   table == DG_CSV_DEALS ? _("deals") : _("companies"));
      return FALSE;
    }
  if (m.field == F_KEEP)
    {
      const char *header = dg_csv_get_field (t->csv, 0, column);

      if (*header == '\0' || g_strv_contains (reserved_keys[table], header))
        {
          g_set_error (error, DG_ERROR, DG_ERROR_USAGE,
                       _("column “%s” cannot be kept under its own name; map it to a field instead"), header);
          return FALSE;
        }
    }

  if (is_unique_field (m.field))
    for (guint c = 0; c < t->mapping->len; c++)
      if (c != column && mapping_equal (g_array_index (t->mapping, Mapping, c), m))
        g_array_index (t->mapping, Mapping, c) = (Mapping) { F_IGNORE, 0 };

  g_array_index (t->mapping, Mapping, column) = m;
  return TRUE;
}

/**
 * dg_csv_import_map:
 * @spec: `COLUMN=FIELD` for the deals table, `companies:COLUMN=FIELD` for
 *   the companies table; COLUMN is a header (in any case) or a 1-based
 *   column number
 * @error: return location for a #DG_ERROR_USAGE
 *
 * The command line's --map.
 *
 * Returns: %TRUE when @spec names a column and a field
 */
gboolean
dg_csv_import_map (DgCsvImport *self,
                   const char  *spec,
                   GError     **error)
{
  DgCsvTable table = DG_CSV_DEALS;
  const char *eq;
  g_autofree char *column = NULL;
  Table *t;
  guint n;

  g_return_val_if_fail (self != NULL && spec != NULL, FALSE);

  if (g_str_has_prefix (spec, "companies:"))
    {
      table = DG_CSV_COMPANIES;
      spec += strlen ("companies:");
    }
  else if (g_str_has_prefix (spec, "deals:"))
    spec += strlen ("deals:");

  eq = strrchr (spec, '=');
  if (eq == NULL || eq == spec || eq[1] == '\0')
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("--map takes COLUMN=FIELD, not “%s”"), spec);
      return FALSE;
    }
  t = &self->tables[table];
  if (t->csv == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("--map names the %s table, which was not given"),
                   table == DG_CSV_DEALS ? _("deals") : _("companies"));
      return FALSE;
    }

  column = g_strndup (spec, eq - spec);
  n = t->mapping->len;
  for (guint c = 0; c < n; c++)
    if (strcmp (dg_csv_get_field (t->csv, 0, c), column) == 0)
      return dg_csv_import_set_field (self, table, c, eq + 1, error);
  {
    g_autofree char *folded = g_utf8_casefold (column, -1);

    for (guint c = 0; c < n; c++)
      {
        g_autofree char *header = g_utf8_casefold (dg_csv_get_field (t->csv, 0, c), -1);

        if (strcmp (header, folded) == 0)
          return dg_csv_import_set_field (self, table, c, eq + 1, error);
      }
  }

  {
    char *end = NULL;
    guint64 number = g_ascii_strtoull (column, &end, 10);

    if (end != column && *end == '\0' && number >= 1 && number <= n)
      return dg_csv_import_set_field (self, table, (guint) number - 1, eq + 1, error);
  }

  g_set_error (error, DG_ERROR, DG_ERROR_USAGE, _("%s has no column “%s”"),
               t->display_name != NULL ? t->display_name : "", column);
  return FALSE;
}

/**
 * dg_csv_import_list_fields:
 *
 * Returns: (transfer full): the fields a column of @table can be mapped
 *   to, "ignore" first; for deals, three sources' fields, more when the
 *   table already has columns for more
 */
GStrv
dg_csv_import_list_fields (DgCsvImport *self,
                           DgCsvTable   table)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_sources = 3;

  g_return_val_if_fail (self != NULL && table < DG_CSV_N_TABLES, NULL);

  for (guint c = 0; c < self->tables[table].mapping->len; c++)
    {
      Mapping m = g_array_index (self->tables[table].mapping, Mapping, c);

      if (is_source_field (m.field))
        n_sources = MAX (n_sources, m.source);
    }

  for (Field f = 0; f < N_FIELDS; f++)
    if (field_in_table (f, table) && !is_source_field (f))
      g_strv_builder_add (builder, field_info[f].name);
  if (table == DG_CSV_DEALS)
    for (guint s = 1; s <= n_sources; s++)
      for (Field f = F_SOURCE_PUBLISHER; f <= F_SOURCE_VIA; f++)
        {
          g_autofree char *name = mapping_to_name ((Mapping) { f, s });

          g_strv_builder_add (builder, name);
        }

  return g_strv_builder_end (builder);
}

void
dg_csv_import_set_date_order (DgCsvImport *self,
                              DgDateOrder  order)
{
  g_return_if_fail (self != NULL);
  self->date_order = order;
}

DgDateOrder
dg_csv_import_get_date_order (DgCsvImport *self)
{
  g_return_val_if_fail (self != NULL, DG_DATE_ORDER_FROM_FILE);
  return self->date_order;
}

/* Amounts ------------------------------------------------------------------ */

/* Lower-cased ASCII, with the spaces and dashes of other scripts made
 * plain: no-break and narrow no-break spaces (French thousands), en and
 * em dashes (ranges), the minus sign, "≤". */
static char *
plain_text (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00a0 || c == 0x202f || c == 0x2009 || c == 0x2007 || c == '\t')
        g_string_append_c (s, ' ');
      else if (c == 0x2013 || c == 0x2014 || c == 0x2012 || c == 0x2212)
        g_string_append_c (s, '-');
      else if (c == 0x2264)
        g_string_append (s, "<=");
      else if (c < 0x80)
        g_string_append_c (s, g_ascii_tolower ((char) c));
      else
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  g_strstrip (s->str);
  s->len = strlen (s->str);
  return g_string_free (s, FALSE);
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ')
    p++;
  return p;
}

/* @p starts with @word, followed by something that is not a letter. */
static gboolean
starts_with_word (const char  *p,
                  const char  *word,
                  const char **after)
{
  gsize n = strlen (word);

  if (strncmp (p, word, n) != 0 || g_ascii_isalpha (p[n]))
    return FALSE;
  if (after != NULL)
    *after = p + n;
  return TRUE;
}

static const struct
{
  const char *word;
  int exponent;
} units[] = {
  { "thousands", 3 }, { "thousand", 3 }, { "k", 3 },
  { "millions", 6 }, { "million", 6 }, { "mln", 6 }, { "mil", 6 }, { "mio", 6 }, { "mn", 6 }, { "mm", 6 },
  { "m", 6 },
  { "billions", 9 }, { "billion", 9 }, { "bln", 9 }, { "bn", 9 }, { "b", 9 },
  { "trillions", 12 }, { "trillion", 12 }, { "trn", 12 }, { "tn", 12 }, { "t", 12 },
};

/* Checks that every group after the first of @digits split by @sep has three
 * digits and the first one to three. */
static gboolean
thousands_groups (const char *digits,
                  char        sep)
{
  g_auto(GStrv) groups = g_strsplit (digits, (char[]) { sep, '\0' }, -1);
  guint n = g_strv_length (groups);

  if (n < 2)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (groups[i]);

      if (i == 0 ? (len < 1 || len > 3) : len != 3)
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isdigit (groups[i][j]))
          return FALSE;
    }
  return TRUE;
}

static char *
remove_char (const char *s,
             char        c)
{
  GString *out = g_string_new (NULL);

  for (; *s != '\0'; s++)
    if (*s != c)
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

/* The digits of a number as written ("38,000,000,000", "1,4", "38 000",
 * "1.234,5") as "38000000000" / "1.4"; NULL when the separators cannot be
 * told apart. */
static char *
clean_number (const char *raw,
              char      **why)
{
  g_autofree char *no_spaces = NULL;
  const char *last_comma, *last_dot;
  guint commas = 0, dots = 0;

  if (strchr (raw, ' ') != NULL)
    {
      if (!thousands_groups (raw, ' ') && !(strchr (raw, ',') != NULL || strchr (raw, '.') != NULL))
        {
          *why = g_strdup (_("cannot read the digits’ grouping"));
          return NULL;
        }
      no_spaces = remove_char (raw, ' ');
      raw = no_spaces;
    }

  for (const char *p = raw; *p != '\0'; p++)
    {
      commas += *p == ',';
      dots += *p == '.';
    }
  last_comma = strrchr (raw, ',');
  last_dot = strrchr (raw, '.');

  if (commas == 0 && dots <= 1)
    return g_strdup (raw);

  if (commas > 0 && dots > 0)
    {
      /* The later one is the decimal point: 1,234.5 or 1.234,5. */
      char decimal = last_comma > last_dot ? ',' : '.';
      char group = decimal == ',' ? '.' : ',';
      const char *point = decimal == ',' ? last_comma : last_dot;
      g_autofree char *whole = g_strndup (raw, point - raw);
      g_autofree char *whole_digits = NULL;

      if ((decimal == ',' ? commas : dots) != 1 || !thousands_groups (whole, group))
        {
          *why = g_strdup (_("cannot tell the decimal point from the thousands separators"));
          return NULL;
        }
      whole_digits = remove_char (whole, group);
      return g_strdup_printf ("%s.%s", whole_digits, point + 1);
    }

  {
    char sep = commas > 0 ? ',' : '.';

    /* 38,000,000 or 38.000.000: thousands. */
    if (thousands_groups (raw, sep))
      {
        /* One dot followed by three digits is a decimal point in English
         * ("1.500 bn"); only commas, or several dots, group thousands. */
        if (sep == ',' || dots > 1)
          return remove_char (raw, sep);
      }
    /* 1,4: a decimal comma. */
    if (sep == ',' && commas == 1)
      {
        char *s = g_strdup (raw);

        *strchr (s, ',') = '.';
        return s;
      }
    if (sep == '.' && dots == 1)
      return g_strdup (raw);
  }

  *why = g_strdup (_("cannot tell the decimal point from the thousands separators"));
  return NULL;
}

typedef struct
{
  double value;
  gboolean has_unit;
  int unit_exponent;
} Money;

/* One figure: [US$|$|USD] NUMBER [UNIT] [USD|dollars]. */
static gboolean
read_money (const char **pp,
            Money       *money,
            char       **why)
{
  const char *p = skip_spaces (*pp);
  GString *raw = g_string_new (NULL);
  g_autofree char *clean = NULL;
  g_autofree char *literal = NULL;
  int exponent = 0;
  double v;

  money->has_unit = FALSE;
  money->unit_exponent = 0;

  if (g_str_has_prefix (p, "us$"))
    p += 3;
  else if (!starts_with_word (p, "usd", &p))
    starts_with_word (p, "us", &p);
  p = skip_spaces (p);
  if (*p == '$')
    p = skip_spaces (p + 1);

  if (*p == '-' && (g_ascii_isdigit (p[1]) || p[1] == '.'))
    {
      g_string_free (raw, TRUE);
      *why = g_strdup (_("an amount cannot be negative"));
      return FALSE;
    }
  if (!g_ascii_isdigit (*p) && !(*p == '.' && g_ascii_isdigit (p[1])))
    {
      g_string_free (raw, TRUE);
      *why = g_strdup (_("no number where one was expected"));
      return FALSE;
    }

  while (g_ascii_isdigit (*p) || *p == ',' || *p == '.'
         || (*p == ' ' && raw->len > 0 && g_ascii_isdigit (raw->str[raw->len - 1])
             && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3])
             && !g_ascii_isdigit (p[4])))
    g_string_append_c (raw, *p++);

  clean = clean_number (raw->str, why);
  g_string_free (raw, TRUE);
  if (clean == NULL)
    return FALSE;

  /* 38e9, 3.8E+10 */
  if ((*p == 'e') && (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      char *end = NULL;
      gint64 e = g_ascii_strtoll (p + 1, &end, 10);

      if (e > 400 || e < -400)
        {
          *why = g_strdup (e > 0 ? _("the number is too large") : _("the number is too small"));
          return FALSE;
        }
      exponent = (int) e;
      p = end;
    }

  p = skip_spaces (p);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (starts_with_word (p, units[i].word, &p))
      {
        money->has_unit = TRUE;
        money->unit_exponent = units[i].exponent;
        if (*p == '.')
          p++;
        break;
      }
  p = skip_spaces (p);
  if (!starts_with_word (p, "usd", &p) && !starts_with_word (p, "us dollars", &p))
    starts_with_word (p, "dollars", &p);

  /* Through the decimal text, so 1.4 trillion is exactly 1.4e12. */
  {
    char buf[64];

    if (strlen (clean) < sizeof buf - 8)
      {
        g_snprintf (buf, sizeof buf, "%se%d", clean, exponent + money->unit_exponent);
        v = g_ascii_strtod (buf, NULL);
      }
    else
      {
        literal = g_strdup_printf ("%se%d", clean, exponent + money->unit_exponent);
        v = g_ascii_strtod (literal, NULL);
      }
  }
  if (!isfinite (v))
    {
      *why = g_strdup (_("the number is too large"));
      return FALSE;
    }

  money->value = v;
  *pp = p;
  return TRUE;
}

static const char * const undisclosed_words[] = {
  "", "undisclosed", "not disclosed", "unknown", "n/a", "na", "-", "?", "tbd", "tba", NULL
};

static const char * const approximate_words[] = {
  "~", "about", "approx.", "approx", "approximately", "around", "roughly", "circa", "ca.", "c.", NULL
};

static const char * const other_currencies[] = {
  "€", "£", "¥", "₹", "₩", "₽", "eur", "euro", "euros", "gbp", "jpy", "cny", "rmb", "yuan", "chf",
  "cad", "aud", "inr", "krw", "c$", "a$", "hk$", "s$", NULL
};

/**
 * dg_csv_parse_amount:
 * @text: an amount as people write it: `38000000000`, `38e9`, `$38B`,
 *   `38 bn`, `US$ 1.4 trillion`, `up to $100B` (0 to 100B), `10-25B`,
 *   `~$10B`, `undisclosed`, or nothing
 * @amount: (out): the amount; undisclosed when @text says nothing
 * @approximate: (out) (optional): %TRUE when @text said "about" or "~"
 * @why: (out) (optional): when @text cannot be read, why
 *
 * Only US dollars are read; another currency is refused rather than
 * converted at a guessed rate.
 *
 * Returns: %TRUE when @text was read
 */
gboolean
dg_csv_parse_amount (const char  *text,
                     DgAmount    *amount,
                     gboolean    *approximate,
                     char       **why)
{
  g_autofree char *s = NULL;
  g_autofree char *local_why = NULL;
  const char *p;
  gboolean up_to = FALSE, approx = FALSE;
  Money a, b;
  Money *last = &a;

  g_return_val_if_fail (text != NULL && amount != NULL, FALSE);

  *amount = (DgAmount) { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
  if (approximate != NULL)
    *approximate = FALSE;
  if (why != NULL)
    *why = NULL;

  s = plain_text (text);
  {
    gsize n = strlen (s);

    /* "Undisclosed." */
    if (n > 1 && s[n - 1] == '.' && !g_ascii_isdigit (s[n - 2]))
      s[n - 1] = '\0';
  }
  if (g_strv_contains (undisclosed_words, s))
    return TRUE;

  for (guint i = 0; other_currencies[i] != NULL; i++)
    {
      const char *hit = strstr (s, other_currencies[i]);

      if (hit != NULL && (!g_ascii_isalpha (other_currencies[i][0])
                          || ((hit == s || !g_ascii_isalpha (hit[-1]))
                              && !g_ascii_isalpha (hit[strlen (other_currencies[i])]))))
        {
          if (why != NULL)
            *why = g_strdup_printf (_("only amounts in US dollars can be read; “%s” is another currency"),
                                    other_currencies[i]);
          return FALSE;
        }
    }

  p = s;
  for (gboolean more = TRUE; more;)
    {
      more = FALSE;
      p = skip_spaces (p);
      for (guint i = 0; approximate_words[i] != NULL; i++)
        {
          gsize n = strlen (approximate_words[i]);

          if (strncmp (p, approximate_words[i], n) == 0
              && (!g_ascii_isalpha (approximate_words[i][n - 1]) || !g_ascii_isalpha (p[n])))
            {
              approx = more = TRUE;
              p += n;
              break;
            }
        }
      if (!up_to && (starts_with_word (p, "up to", &p) || starts_with_word (p, "upto", &p)
                     || starts_with_word (p, "as much as", &p) || starts_with_word (p, "at most", &p)))
        up_to = more = TRUE;
      else if (!up_to && g_str_has_prefix (p, "<="))
        {
          p += 2;
          up_to = more = TRUE;
        }
    }

  if (!read_money (&p, &a, &local_why))
    goto fail;

  p = skip_spaces (p);
  if (*p == '-' || starts_with_word (p, "to", NULL))
    {
      p = *p == '-' ? p + 1 : p + 2;
      if (up_to)
        {
          local_why = g_strdup (_("“up to” takes one figure, not a range"));
          goto fail;
        }
      if (!read_money (&p, &b, &local_why))
        goto fail;
      last = &b;
      if (a.has_unit && !b.has_unit)
        {
          local_why = g_strdup (_("give the unit after both figures, or after the last only"));
          goto fail;
        }
      if (!a.has_unit && b.has_unit)
        a.value *= pow (10, b.unit_exponent);
      p = skip_spaces (p);
      if (*p != '\0')
        goto trailing;
      if (a.value > b.value)
        {
          local_why = g_strdup (_("the low end of the range is above the high end"));
          goto fail;
        }
      *amount = (DgAmount) { DG_AMOUNT_RANGE, b.value, a.value, b.value };
    }
  else if (*p != '\0')
    goto trailing;
  else if (up_to)
    *amount = (DgAmount) { DG_AMOUNT_RANGE, a.value, 0, a.value };
  else
    *amount = (DgAmount) { DG_AMOUNT_EXACT, a.value, a.value, a.value };

  if (approximate != NULL)
    *approximate = approx;
  return TRUE;

trailing:
  /* A word right after a bare number was meant as its unit. */
  if (g_ascii_isalpha (*p) && !last->has_unit)
    local_why = g_strdup_printf (_("“%s” is not a unit; use K, M, B or T (thousand, million, billion, trillion)"), p);
  else
    local_why = g_strdup_printf (_("cannot read “%s”; words like “per year” go in the note column"), p);
fail:
  *amount = (DgAmount) { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
  if (why != NULL)
    *why = g_steal_pointer (&local_why);
  return FALSE;
}

/* Dates -------------------------------------------------------------------- */

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", NULL
};

static const char * const weekday_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL
};

/* 1-12 for a month's name or its abbreviation (three letters at least), else 0. */
static int
month_from_word (const char *word)
{
  gsize n = strlen (word);

  if (n < 3)
    return 0;
  if (strcmp (word, "sept") == 0)
    return 9;
  for (int m = 0; month_names[m] != NULL; m++)
    if (strncmp (month_names[m], word, n) == 0)
      return m + 1;
  return 0;
}

static gboolean
is_weekday (const char *word)
{
  gsize n = strlen (word);

  if (n < 3)
    return FALSE;
  for (int d = 0; weekday_names[d] != NULL; d++)
    if (strncmp (weekday_names[d], word, n) == 0 || (n == 4 && strncmp (weekday_names[d], word, 3) == 0))
      return TRUE;
  return FALSE;
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

typedef enum
{
  DATE_READ,
  DATE_BAD,
  DATE_AMBIGUOUS,
} DateResult;

static char *
format_date (int year,
             int month,
             int day)
{
  if (month == 0)
    return g_strdup_printf ("%04d", year);
  if (day == 0)
    return g_strdup_printf ("%04d-%02d", year, month);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static DateResult
check_date (int    year,
            int    month,
            int    day,
            char **date,
            char **why)
{
  if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0
      || (day > 0 && (month == 0 || day > g_date_get_days_in_month (month, year))))
    {
      *why = g_strdup_printf (_("there is no such date (year %d, month %d, day %d)"), year, month, day);
      return DATE_BAD;
    }
  *date = format_date (year, month, day);
  return DATE_READ;
}

/* @evidence: for a numeric date like 13/11/2025, which order its values
 * prove: DMY, MDY, or FROM_FILE when either would do. */
static DateResult
read_date (const char   *text,
           DgDateOrder   order,
           char        **date,
           char        **why,
           DgDateOrder  *evidence)
{
  g_autofree char *s = plain_text (text);
  g_auto(GStrv) tokens = NULL;
  int year = 0, month = 0, day = 0;
  guint n_numbers = 0;
  const char *numbers[3] = { NULL, NULL, NULL };
  char sep;

  *date = NULL;
  *why = NULL;
  if (evidence != NULL)
    *evidence = DG_DATE_ORDER_FROM_FILE;

  /* The file format's own form, the commonest. */
  if (dg_date_parse (s, NULL))
    {
      *date = g_steal_pointer (&s);
      return DATE_READ;
    }
  if (*s == '\0')
    return DATE_READ;

  /* A time of day after an ISO date says nothing more. */
  if (strlen (s) > 10 && g_ascii_isdigit (s[0]) && s[4] == '-' && (s[10] == 't' || s[10] == ' ')
      && g_ascii_isdigit (s[11]))
    s[10] = '\0';

  /* Spreadsheet serial numbers (days since 1899): the column was not
   * formatted as dates. */
  if (strlen (s) == 5 && all_digits (s))
    {
      *why = g_strdup (_("looks like a spreadsheet’s day number; format the column as dates (YYYY-MM-DD) before saving"));
      return DATE_BAD;
    }

  /* Numbers only: Y, Y-M, Y-M-D, or D/M/Y and M/D/Y. */
  if (g_ascii_isdigit (s[0]) && strspn (s, "0123456789/.-") == strlen (s))
    {
      sep = 0;
      for (const char *p = s; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          {
            if (sep != 0 && *p != sep)
              goto bad;
            sep = *p;
          }
      tokens = sep != 0 ? g_strsplit (s, (char[]) { sep, '\0' }, -1) : g_strsplit (s, "\n", -1);
      if (g_strv_length (tokens) > 3)
        goto bad;
      if (tokens[0] == NULL)
        goto bad;
      for (guint i = 0; tokens[i] != NULL; i++)
        if (!all_digits (tokens[i]))
          goto bad;

      if (strlen (tokens[0]) == 4)
        {
          year = atoi (tokens[0]);
          if (tokens[1] != NULL)
            {
              if (strlen (tokens[1]) > 2)
                goto bad;
              month = atoi (tokens[1]);
              if (month == 0)
                goto bad;
              if (tokens[2] != NULL)
                {
                  if (strlen (tokens[2]) > 2)
                    goto bad;
                  day = atoi (tokens[2]);
                  if (day == 0)
                    goto bad;
                }
            }
          return check_date (year, month, day, date, why);
        }

      /* 11/2025: a month */
      if (g_strv_length (tokens) == 2 && strlen (tokens[0]) <= 2 && strlen (tokens[1]) == 4)
        {
          month = atoi (tokens[0]);
          if (month == 0)
            goto bad;
          return check_date (atoi (tokens[1]), month, 0, date, why);
        }

      if (g_strv_length (tokens) == 3 && strlen (tokens[0]) <= 2 && strlen (tokens[1]) <= 2)
        {
          int a = atoi (tokens[0]), b = atoi (tokens[1]);
          gboolean dmy_possible, mdy_possible;

          if (strlen (tokens[2]) != 4)
            {
              *why = g_strdup (_("write the year with four digits"));
              return DATE_BAD;
            }
          year = atoi (tokens[2]);
          dmy_possible = b >= 1 && b <= 12 && a >= 1 && a <= g_date_get_days_in_month (b, MAX (year, 1));
          mdy_possible = a >= 1 && a <= 12 && b >= 1 && b <= g_date_get_days_in_month (a, MAX (year, 1));
          if (evidence != NULL && dmy_possible != mdy_possible)
            *evidence = dmy_possible ? DG_DATE_ORDER_DMY : DG_DATE_ORDER_MDY;

          if (a == b || (dmy_possible && order == DG_DATE_ORDER_DMY))
            return check_date (year, b, a, date, why);
          if (mdy_possible && order == DG_DATE_ORDER_MDY)
            return check_date (year, a, b, date, why);
          if (dmy_possible && mdy_possible)
            {
              g_autofree char *d1 = format_date (year, b, a);
              g_autofree char *d2 = format_date (year, a, b);

              *why = g_strdup_printf (_("the day and the month could be either way round (%s or %s); say which comes first"),
                                      d1, d2);
              return DATE_AMBIGUOUS;
            }
          if (order == DG_DATE_ORDER_DMY)
            return check_date (year, b, a, date, why);
          if (order == DG_DATE_ORDER_MDY)
            return check_date (year, a, b, date, why);
          /* Only one order makes a date: the value says which. */
          return dmy_possible ? check_date (year, b, a, date, why)
                 : mdy_possible ? check_date (year, a, b, date, why)
                 : check_date (year, b, a, date, why);
        }
      goto bad;
    }

  /* Words: "Nov 3, 2025", "3 November 2025", "Monday, 3 Nov. 2025",
   * "November 2025", "3-Nov-2025". */
  tokens = g_strsplit_set (s, " ,./-", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *t = tokens[i];
      gsize n = strlen (t);

      if (n == 0)
        continue;
      if (g_ascii_isdigit (t[0]))
        {
          /* 3rd, 1st */
          if (n > 2 && (g_str_has_suffix (t, "st") || g_str_has_suffix (t, "nd")
                        || g_str_has_suffix (t, "rd") || g_str_has_suffix (t, "th")))
            t[n - 2] = '\0';
          if (!all_digits (t) || n_numbers == 3)
            goto bad;
          numbers[n_numbers++] = t;
        }
      else if (month_from_word (t) != 0)
        {
          if (month != 0)
            goto bad;
          month = month_from_word (t);
        }
      else if (is_weekday (t) || strcmp (t, "of") == 0 || strcmp (t, "the") == 0)
        continue;
      else
        goto bad;
    }
  if (month == 0 || n_numbers == 0)
    goto bad;
  for (guint i = 0; i < n_numbers; i++)
    {
      gsize n = strlen (numbers[i]);

      if (n == 4 && year == 0)
        year = atoi (numbers[i]);
      else if (n <= 2 && day == 0)
        day = atoi (numbers[i]);
      else
        goto bad;
    }
  if (year == 0)
    {
      *why = g_strdup (_("write the year with four digits"));
      return DATE_BAD;
    }
  if (day == 0 && n_numbers == 2)
    goto bad;
  return check_date (year, month, day, date, why);

bad:
  *why = g_strdup (_("not a date; write it as 2025-11-03, Nov 3, 2025 or 3 November 2025"));
  return DATE_BAD;
}

/**
 * dg_csv_parse_date:
 * @text: a date: `2025-11-03`, `2025-11`, `2025`, `Nov 3, 2025`,
 *   `3 November 2025`, `November 2025`, or `3/11/2025` when @order says
 *   how (or only one order makes a date)
 * @order: how to read numeric dates
 * @date: (out) (optional): `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or %NULL for
 *   an empty @text
 * @why: (out) (optional): when @text cannot be read, why
 *
 * Returns: %TRUE when @text was read
 */
gboolean
dg_csv_parse_date (const char   *text,
                   DgDateOrder   order,
                   char        **date,
                   char        **why)
{
  g_autofree char *d = NULL;
  g_autofree char *w = NULL;
  DateResult result;

  g_return_val_if_fail (text != NULL, FALSE);

  result = read_date (text, order, &d, &w, NULL);
  if (date != NULL)
    *date = g_steal_pointer (&d);
  if (why != NULL)
    *why = g_steal_pointer (&w);
  return result == DATE_READ;
}

/* Running the import --------------------------------------------------------- */

typedef struct
{
  char *id;
  guint row;      /* its row in the companies table; 0 when made from a deal */
} CompanyRef;

static void
company_ref_free (CompanyRef *ref)
{
  g_free (ref->id);
  g_free (ref);
}

typedef struct
{
  guint first_row;
  guint first_column;
  guint count;
} Unknown;

typedef struct
{
  DgCsvImport *self;
  GPtrArray *problems;
  DgDocument *doc;
  DgImportCounts counts;
  guint n_errors;

  GHashTable *company_ids;      /* id -> CompanyRef (table and made) */
  GHashTable *company_names;    /* folded name -> CompanyRef (borrowed) */
  GHashTable *ambiguous_names;  /* folded name -> second row */
  GHashTable *refused_companies;  /* id and folded name -> row */
  GHashTable *deal_ids;         /* id -> row */
  GHashTable *explicit_deal_ids;  /* ids the deals table gives, to keep made ones apart */
  GHashTable *unknown_values;   /* "table\x1fcolumn\x1fvalue" -> Unknown */
  GPtrArray *row_unknowns;      /* keys noted in the row being read, counted if it is imported */
  GHashTable *vocabulary[3];    /* deal kinds, statuses, company kinds: cell -> word, "" if unknown */
  GHashTable *hosts;            /* "https://host:port" -> host without www., "" for none */
  DgDateOrder *orders[DG_CSV_N_TABLES];  /* per column */
  guint n_without_sources;

  /* The row being read. */
  DgCsvTable table;
  guint row;          /* spreadsheet row */
  guint csv_row;
} Ctx;

static const char *
column_header (Ctx   *ctx,
               guint  column)
{
  return dg_csv_get_field (ctx->self->tables[ctx->table].csv, 0, column);
}

G_GNUC_PRINTF (4, 5)
static void
cell_error (Ctx        *ctx,
            guint       column,
            const char *value,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  g_autofree char *header = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  header = *column_header (ctx, column) != '\0' ? g_strdup (column_header (ctx, column))
                                                 : g_strdup_printf (_("column %u"), column + 1);
  add_problem (ctx->problems, DG_SEVERITY_ERROR, ctx->table, ctx->row, column + 1, header,
               value != NULL ? value : "", "%s", message);
  ctx->n_errors++;
}

/* "OpenAI", "openai " and "OPENAI" name one company. */
static char *
fold_name (const char *name)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  GString *s;
  const char *q;

  /* Most names are ASCII, where NFKC changes nothing and case folding is
   * lower-casing: that path is five times faster. */
  for (q = name; *q != '\0' && (guchar) *q < 0x80; q++)
    ;
  if (*q == '\0')
    folded = g_ascii_strdown (name, -1);
  else
    {
      normal = g_utf8_normalize (name, -1, G_NORMALIZE_NFKC);
      folded = g_utf8_casefold (normal != NULL ? normal : name, -1);
    }
  s = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          if (s->len > 0 && s->str[s->len - 1] != ' ')
            g_string_append_c (s, ' ');
        }
      else
        g_string_append_c (s, *p);
    }
  if (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* An id from a name: "Amazon / AWS" -> "amazon-aws"; names with no Latin
 * letters keep what g_str_to_ascii() makes of them, or become "company". */
static char *
slug (const char *text,
      const char *fallback)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *s = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (s->len > 0 && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  if (s->len > 48)
    g_string_truncate (s, 48);
  if (s->len == 0)
    g_string_append (s, fallback);
  return g_string_free (s, FALSE);
}

static char *
unique_id (GHashTable *taken,
           GHashTable *also_taken,
           const char *base,
           const char *reserved)
{
  if (!g_hash_table_contains (taken, base) && (also_taken == NULL || !g_hash_table_contains (also_taken, base))
      && g_strcmp0 (base, reserved) != 0)
    return g_strdup (base);

  for (guint i = 2;; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", base, i);

      if (!g_hash_table_contains (taken, id) && (also_taken == NULL || !g_hash_table_contains (also_taken, id))
          && g_strcmp0 (id, reserved) != 0)
        return g_steal_pointer (&id);
    }
}

/* The cell's text: unquoted cells lose the spaces around them (a
 * spreadsheet's stray spaces), quoted ones are taken as written. */
static char *
cell_text (Ctx   *ctx,
           guint  column)
{
  DgCsv *csv = ctx->self->tables[ctx->table].csv;
  const char *text = dg_csv_get_field (csv, ctx->csv_row, column);

  if (dg_csv_get_quoted (csv, ctx->csv_row, column))
    return g_strdup (text);
  return g_strstrip (g_strdup (text));
}

static gboolean
is_web_address (const char *s)
{
  return g_ascii_strncasecmp (s, "https://", 8) == 0 || g_ascii_strncasecmp (s, "http://", 7) == 0;
}

/* The host of a web address, without "www.", as the publisher of a source
 * known only by its address. GLib parses each address's scheme and
 * authority once: sources of one site share them. */
static char *
publisher_for_url (Ctx        *ctx,
                   const char *url)
{
  const char *start = strstr (url, "://");
  g_autofree char *authority = NULL;
  const char *host;

  if (start == NULL)
    return NULL;
  authority = g_strndup (url, start + 3 + strcspn (start + 3, "/?#") - url);
  host = g_hash_table_lookup (ctx->hosts, authority);
  if (host == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      const char *parsed = uri != NULL ? g_uri_get_host (uri) : NULL;

      if (parsed != NULL && g_str_has_prefix (parsed, "www."))
        parsed += 4;
      g_hash_table_insert (ctx->hosts, g_steal_pointer (&authority), g_strdup (parsed != NULL ? parsed : ""));
      return parsed != NULL && *parsed != '\0' ? g_strdup (parsed) : NULL;
    }
  return *host != '\0' ? g_strdup (host) : NULL;
}

/* Kinds and statuses as people write them: "Cloud lease", "LOI",
 * "Rumored", "data center". */
static char *
vocabulary_word (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *s = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '_' || *p == '-')
        {
          if (s->len > 0 && s->str[s->len - 1] != '-')
            g_string_append_c (s, '-');
        }
      else
        g_string_append_c (s, *p);
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);

  {
    static const char * const aliases[][2] = {
      { "rumored", "rumoured" }, { "loi", "letter-of-intent" }, { "jv", "joint-venture" },
      { "data-center", "data-centre" }, { "datacenter", "data-centre" }, { "datacentre", "data-centre" },
      { "ai", "ai-lab" }, { "lab", "ai-lab" }, { "chip", "chips" }, { "semiconductors", "chips" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
      if (strcmp (s->str, aliases[i][0]) == 0)
        {
          g_string_assign (s, aliases[i][1]);
          break;
        }
  }
  return g_string_free (s, FALSE);
}

/* Counts an unknown kind or status once per value and column, to report
 * it once (with its first row) instead of on every row. */
static void
note_unknown (Ctx        *ctx,
              guint       column,
              const char *value)
{
  g_ptr_array_add (ctx->row_unknowns, g_strdup_printf ("%u\x1f%u\x1f%s", ctx->table, column, value));
}

/* The row was imported: its unknown words count. */
static void
commit_unknowns (Ctx *ctx)
{
  for (guint i = 0; i < ctx->row_unknowns->len; i++)
    {
      char *key = g_ptr_array_index (ctx->row_unknowns, i);
      Unknown *u = g_hash_table_lookup (ctx->unknown_values, key);

      if (u == NULL)
        {
          u = g_new0 (Unknown, 1);
          u->first_row = ctx->row;
          u->first_column = (guint) atoi (strchr (key, '\x1f') + 1);
          g_hash_table_insert (ctx->unknown_values, g_strdup (key), u);
        }
      u->count++;
    }
  g_ptr_array_set_size (ctx->row_unknowns, 0);
}

static gboolean known_deal_kind (const char *word,
                                 gpointer    unused);
static gboolean known_status    (const char *word,
                                 gpointer    unused);

static char *
read_vocabulary (Ctx        *ctx,
                 guint       column,
                 const char *text,
                 gboolean  (*known) (const char *, gpointer))
{
  g_autofree char *word = NULL;
  GHashTable *cache = ctx->vocabulary[known == known_deal_kind ? 0 : known == known_status ? 1 : 2];
  const char *cached;

  if (*text == '\0')
    return NULL;
  /* A column holds few distinct words: each is looked up once. */
  cached = g_hash_table_lookup (cache, text);
  if (cached == NULL)
    {
      word = vocabulary_word (text);
      cached = known (word, NULL) ? word : "";
      g_hash_table_insert (cache, g_strdup (text), g_strdup (cached));
    }
  if (*cached != '\0')
    return g_strdup (cached);
  /* Kept as written, as the loader keeps it; drawn as "other". */
  note_unknown (ctx, column, text);
  return g_strdup (text);
}

static gboolean
known_deal_kind (const char *word,
                 gpointer    unused)
{
  DgDealKind k;

  return dg_deal_kind_from_string (word, &k);
}

static gboolean
known_status (const char *word,
              gpointer    unused)
{
  DgDealStatus s;

  return dg_deal_status_from_string (word, &s);
}

static gboolean
known_company_kind (const char *word,
                    gpointer    unused)
{
  DgCompanyKind k;

  return dg_company_kind_from_string (word, &k);
}

static char *
read_date_cell (Ctx        *ctx,
                guint       column,
                const char *text,
                gboolean   *ok)
{
  g_autofree char *date = NULL;
  g_autofree char *why = NULL;

  switch (read_date (text, ctx->orders[ctx->table][column], &date, &why, NULL))
    {
    case DATE_READ:
      return g_steal_pointer (&date);
    case DATE_AMBIGUOUS:
      ctx->counts.ambiguous_dates++;
      G_GNUC_FALLTHROUGH;
    case DATE_BAD:
    default:
      cell_error (ctx, column, text, "%s", why);
      *ok = FALSE;
      return NULL;
    }
}

static char *
read_url_cell (Ctx        *ctx,
               guint       column,
               const char *text,
               gboolean   *ok)
{
  if (*text == '\0')
    return NULL;
  if (!is_web_address (text))
    {
      cell_error (ctx, column, text, _("a web address must start with https:// or http://"));
      *ok = FALSE;
      return NULL;
    }
  return g_strdup (text);
}

/* Reads the date order of every date column: the caller's, the header's,
 * or what the column's values prove. Says so when the values decided. */
static void
find_date_orders (Ctx        *ctx,
                  DgCsvTable  table)
{
  Table *t = &ctx->self->tables[table];
  guint n = t->mapping->len;

  ctx->orders[table] = g_new0 (DgDateOrder, MAX (n, 1));
  for (guint c = 0; c < n; c++)
    {
      Mapping m = g_array_index (t->mapping, Mapping, c);
      guint proof_row[3] = { 0, 0, 0 };
      const char *proof[3] = { NULL, NULL, NULL };

      if (m.field != F_ANNOUNCED && m.field != F_SOURCE_DATE && m.field != C_VALUATION_AS_OF)
        continue;

      if (ctx->self->date_order != DG_DATE_ORDER_FROM_FILE)
        {
          ctx->orders[table][c] = ctx->self->date_order;
          continue;
        }
      ctx->orders[table][c] = header_date_order (dg_csv_get_field (t->csv, 0, c));
      if (ctx->orders[table][c] != DG_DATE_ORDER_FROM_FILE)
        continue;

      for (guint r = 1; r < dg_csv_get_n_rows (t->csv); r++)
        {
          const char *text = dg_csv_get_field (t->csv, r, c);
          g_autofree char *date = NULL;
          g_autofree char *why = NULL;
          DgDateOrder evidence;

          /* Only D/M/YYYY forms can prove an order: one or two digits, then a separator. */
          while (*text == ' ')
            text++;
          if (!g_ascii_isdigit (text[0])
              || !(strchr ("/.-", text[1]) != NULL || (g_ascii_isdigit (text[1]) && strchr ("/.-", text[2]) != NULL))
              || text[1] == '\0')
            continue;
          read_date (text, DG_DATE_ORDER_FROM_FILE, &date, &why, &evidence);
          if (evidence != DG_DATE_ORDER_FROM_FILE && proof[evidence] == NULL)
            {
              proof[evidence] = text;
              proof_row[evidence] = r + 1;
            }
        }

      if ((proof[DG_DATE_ORDER_DMY] == NULL) == (proof[DG_DATE_ORDER_MDY] == NULL))
        continue;  /* no proof, or proof both ways: each date as it stands */

      {
        DgDateOrder order = proof[DG_DATE_ORDER_DMY] != NULL ? DG_DATE_ORDER_DMY : DG_DATE_ORDER_MDY;
        const char *header = dg_csv_get_field (t->csv, 0, c);

        ctx->orders[table][c] = order;
        add_problem (ctx->problems, DG_SEVERITY_WARNING, table, proof_row[order], c + 1, header, proof[order],
                     order == DG_DATE_ORDER_DMY
                     ? _("dates in this column are read day first, as this one can only be")
                     : _("dates in this column are read month first, as this one can only be"));
      }
    }
}

/* Rows with more fields than the header: the extra ones must be empty. */
static gboolean
check_row_width (Ctx *ctx)
{
  Table *t = &ctx->self->tables[ctx->table];
  guint width = t->mapping->len;
  guint n = dg_csv_get_n_fields (t->csv, ctx->csv_row);

  for (guint c = width; c < n; c++)
    {
      const char *text = dg_csv_get_field (t->csv, ctx->csv_row, c);

      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      if (*trimmed != '\0')
        {
          g_autofree char *value = display_value (trimmed);

          add_problem (ctx->problems, DG_SEVERITY_ERROR, ctx->table, ctx->row, c + 1, NULL, text,
                       _("the row has more fields than the header (%u): “%s”; a field holding “%c” needs quotes"),
                       width, value, dg_csv_get_separator (t->csv));
          ctx->n_errors++;
          return FALSE;
        }
    }
  return TRUE;
}

/* Companies table ------------------------------------------------------------ */

static void
add_extra (JsonObject **extra,
           const char  *key,
           const char  *value)
{
  if (*value == '\0')
    return;
  if (*extra == NULL)
    *extra = json_object_new ();
  json_object_set_string_member (*extra, key, value);
}

static void
read_company_row (Ctx *ctx)
{
  Table *t = &ctx->self->tables[DG_CSV_COMPANIES];
  g_autofree char *id = NULL, *name = NULL, *kind = NULL, *country = NULL, *as_of = NULL;
  g_autofree char *note = NULL, *description = NULL, *website = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(DgCompany) company = NULL;
  guint errors_before = ctx->n_errors;
  gboolean ok = TRUE, has_valuation = FALSE;
  int id_column = -1, name_column = -1;
  double valuation = NAN;

  if (!check_row_width (ctx))
    ok = FALSE;

  for (guint c = 0; c < t->mapping->len; c++)
    {
      Mapping m = g_array_index (t->mapping, Mapping, c);
      g_autofree char *text = NULL;

      if (m.field == F_IGNORE)
        continue;
      text = cell_text (ctx, c);

      switch ((int) m.field)
        {
        case F_KEEP:
          add_extra (&extra, column_header (ctx, c), text);
          break;
        case C_ID:
          id = g_steal_pointer (&text);
          id_column = c;
          break;
        case C_NAME:
          name = g_steal_pointer (&text);
          name_column = c;
          break;
        case C_KIND:
          kind = read_vocabulary (ctx, c, text, known_company_kind);
          break;
        case C_COUNTRY:
          if (*text != '\0')
            country = g_steal_pointer (&text);
          break;
        case C_VALUATION:
          {
            DgAmount amount;
            g_autofree char *why = NULL;

            if (!dg_csv_parse_amount (text, &amount, NULL, &why))
              {
                cell_error (ctx, c, text, "%s", why);
                ok = FALSE;
              }
            else if (amount.kind == DG_AMOUNT_RANGE)
              {
                cell_error (ctx, c, text, _("a valuation is one figure, not a range"));
                ok = FALSE;
              }
            else if (amount.kind == DG_AMOUNT_EXACT)
              {
                has_valuation = TRUE;
                valuation = amount.value;
              }
          }
          break;
        case C_VALUATION_AS_OF:
          as_of = read_date_cell (ctx, c, text, &ok);
          break;
        case C_VALUATION_NOTE:
          if (*text != '\0')
            note = g_steal_pointer (&text);
          break;
        case C_DESCRIPTION:
          if (*text != '\0')
            description = g_steal_pointer (&text);
          break;
        case C_WEBSITE:
          website = read_url_cell (ctx, c, text, &ok);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (name != NULL && *name == '\0')
    g_clear_pointer (&name, g_free);
  if (id != NULL && *id == '\0')
    g_clear_pointer (&id, g_free);

  if (name == NULL && id == NULL)
    {
      cell_error (ctx, name_column >= 0 ? (guint) name_column : (guint) MAX (id_column, 0), "",
                  _("a company needs a name"));
      ok = FALSE;
    }
  else if (name == NULL && name_column >= 0)
    {
      cell_error (ctx, name_column, "", _("a company needs a name"));
      ok = FALSE;
    }

  if (id != NULL)
    {
      CompanyRef *first = g_hash_table_lookup (ctx->company_ids, id);

      if (first != NULL)
        {
          cell_error (ctx, id_column, id, _("the id is already used by row %u"), first->row);
          ok = FALSE;
        }
    }

  if (!ok || ctx->n_errors > errors_before)
    {
      /* Deals naming this company are refused too, not given a new one;
       * an id or name that an imported row has stays that row's. */
      if (id != NULL && !g_hash_table_contains (ctx->company_ids, id))
        g_hash_table_insert (ctx->refused_companies, g_strdup (id), GUINT_TO_POINTER (ctx->row));
      if (name != NULL)
        {
          char *folded = fold_name (name);

          if (!g_hash_table_contains (ctx->company_names, folded))
            g_hash_table_insert (ctx->refused_companies, folded, GUINT_TO_POINTER (ctx->row));
          else
            g_free (folded);
        }
      ctx->counts.company_rows_refused++;
      g_ptr_array_set_size (ctx->row_unknowns, 0);
      return;
    }

  if (name == NULL)
    name = g_strdup (id);
  if (id == NULL)
    {
      g_autofree char *base = slug (name, "company");

      id = unique_id (ctx->company_ids, NULL, base, NULL);
    }

  company = dg_company_new (id, name);
  dg_company_set_kind (company, kind);
  dg_company_set_country (company, country);
  if (has_valuation)
    dg_company_set_valuation (company, valuation);
  dg_company_set_valuation_as_of (company, as_of);
  dg_company_set_valuation_note (company, note);
  dg_company_set_description (company, description);
  dg_company_set_website (company, website);
  dg_company_set_extra (company, extra);
  dg_document_add_company (ctx->doc, company);

  {
    CompanyRef *ref = g_new0 (CompanyRef, 1);
    g_autofree char *folded = fold_name (name);
    CompanyRef *other;

    ref->id = g_strdup (id);
    ref->row = ctx->row;
    g_hash_table_insert (ctx->company_ids, ref->id, ref);
    other = g_hash_table_lookup (ctx->company_names, folded);
    if (other == NULL)
      g_hash_table_insert (ctx->company_names, g_steal_pointer (&folded), ref);
    else if (!g_hash_table_contains (ctx->ambiguous_names, folded))
      g_hash_table_insert (ctx->ambiguous_names, g_steal_pointer (&folded), GUINT_TO_POINTER (ctx->row));
  }
  ctx->counts.companies_imported++;
  commit_unknowns (ctx);
}

/* Deals table ------------------------------------------------------------------- */

/* A payer or payee: a company of the table by id or name, one made from an
 * earlier deal, or a new one (made only if the row is imported). */
typedef struct
{
  char *id;
  char *new_name;   /* non-NULL: to be made with this name */
} Party;

static void
party_clear (Party *party)
{
  g_clear_pointer (&party->id, g_free);
  g_clear_pointer (&party->new_name, g_free);
}

static gboolean
resolve_party (Ctx        *ctx,
               guint       column,
               const char *cell,
               const char *name_cell,
               const char *reserved_id,
               gboolean    is_payer,
               Party      *party)
{
  g_autofree char *folded = NULL;
  CompanyRef *ref;
  gpointer refused_row;

  if (*cell == '\0')
    {
      cell_error (ctx, column, "", is_payer ? _("a deal needs a payer") : _("a deal needs a payee"));
      return FALSE;
    }

  ref = g_hash_table_lookup (ctx->company_ids, cell);
  if (ref != NULL)
    {
      party->id = g_strdup (ref->id);
      return TRUE;
    }
  if (g_hash_table_lookup_extended (ctx->refused_companies, cell, NULL, &refused_row))
    {
      cell_error (ctx, column, cell, _("the company’s row %u in the companies table was refused"),
                  GPOINTER_TO_UINT (refused_row));
      return FALSE;
    }

  /* With a name column, the cell is an id. */
  if (name_cell != NULL && *name_cell != '\0')
    {
      party->id = g_strdup (cell);
      party->new_name = g_strdup (name_cell);
      if (g_strcmp0 (cell, reserved_id) == 0)
        g_clear_pointer (&party->new_name, g_free);
      return TRUE;
    }

  folded = fold_name (cell);
  if (g_hash_table_contains (ctx->ambiguous_names, folded))
    {
      ref = g_hash_table_lookup (ctx->company_names, folded);
      cell_error (ctx, column, cell, _("more than one company has this name (rows %u and %u of the companies table); use its id"),
                  ref->row, GPOINTER_TO_UINT (g_hash_table_lookup (ctx->ambiguous_names, folded)));
      return FALSE;
    }
  ref = g_hash_table_lookup (ctx->company_names, folded);
  if (ref != NULL)
    {
      party->id = g_strdup (ref->id);
      return TRUE;
    }
  if (g_hash_table_lookup_extended (ctx->refused_companies, folded, NULL, &refused_row))
    {
      cell_error (ctx, column, cell, _("the company’s row %u in the companies table was refused"),
                  GPOINTER_TO_UINT (refused_row));
      return FALSE;
    }

  /* A new company, named as the cell says. */
  {
    g_autofree char *base = slug (cell, "company");

    party->id = unique_id (ctx->company_ids, NULL, base, reserved_id);
    party->new_name = g_strdup (cell);
  }
  return TRUE;
}

static void
make_company (Ctx   *ctx,
              Party *party)
{
  g_autoptr(DgCompany) company = NULL;
  CompanyRef *ref;
  g_autofree char *folded = NULL;

  if (party->new_name == NULL || g_hash_table_contains (ctx->company_ids, party->id))
    return;

  company = dg_company_new (party->id, party->new_name);
  dg_document_add_company (ctx->doc, company);
  ref = g_new0 (CompanyRef, 1);
  ref->id = g_strdup (party->id);
  g_hash_table_insert (ctx->company_ids, ref->id, ref);
  folded = fold_name (party->new_name);
  if (!g_hash_table_contains (ctx->company_names, folded))
    g_hash_table_insert (ctx->company_names, g_steal_pointer (&folded), ref);
  ctx->counts.companies_created++;
}

typedef struct
{
  char *publisher;
  char *title;
  char *date;
  char *url;
  char *via;
  int first_column;
} SourceCells;

static void
read_deal_row (Ctx *ctx)
{
  Table *t = &ctx->self->tables[DG_CSV_DEALS];
  g_autofree char *id = NULL, *from = NULL, *from_name = NULL, *to = NULL, *to_name = NULL;
  g_autofree char *kind = NULL, *amount_text = NULL, *min_text = NULL, *max_text = NULL, *note = NULL;
  g_autofree char *announced = NULL, *term = NULL, *status = NULL, *status_note = NULL;
  g_autofree char *title = NULL, *description = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
  g_autoptr(GPtrArray) url_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
  g_autoptr(DgDeal) deal = NULL;
  SourceCells *source_cells = NULL;
  guint n_source_cells = 0;
  int id_column = -1, from_column = -1, to_column = -1;
  int amount_column = -1, min_column = -1, max_column = -1;
  guint errors_before = ctx->n_errors;
  gboolean ok = TRUE, approx = FALSE;
  DgAmount amount = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
  Party payer = { NULL, NULL }, payee = { NULL, NULL };

  if (!check_row_width (ctx))
    ok = FALSE;

  for (guint c = 0; c < t->mapping->len; c++)
    {
      Mapping m = g_array_index (t->mapping, Mapping, c);

      if (is_source_field (m.field))
        n_source_cells = MAX (n_source_cells, m.source);
    }
  source_cells = g_new0 (SourceCells, n_source_cells + 1);
  for (guint s = 0; s <= n_source_cells; s++)
    source_cells[s].first_column = -1;

  for (guint c = 0; c < t->mapping->len; c++)
    {
      Mapping m = g_array_index (t->mapping, Mapping, c);
      g_autofree char *text = NULL;

      if (m.field == F_IGNORE)
        continue;
      text = cell_text (ctx, c);

      switch ((int) m.field)
        {
        case F_KEEP:
          add_extra (&extra, column_header (ctx, c), text);
          break;
        case F_ID:
          id = g_steal_pointer (&text);
          id_column = c;
          break;
        case F_FROM:
          from = g_steal_pointer (&text);
          from_column = c;
          break;
        case F_FROM_NAME:
          from_name = g_steal_pointer (&text);
          break;
        case F_TO:
          to = g_steal_pointer (&text);
          to_column = c;
          break;
        case F_TO_NAME:
          to_name = g_steal_pointer (&text);
          break;
        case F_KIND:
          kind = read_vocabulary (ctx, c, text, known_deal_kind);
          break;
        case F_AMOUNT:
          amount_text = g_steal_pointer (&text);
          amount_column = c;
          break;
        case F_AMOUNT_MIN:
          min_text = g_steal_pointer (&text);
          min_column = c;
          break;
        case F_AMOUNT_MAX:
          max_text = g_steal_pointer (&text);
          max_column = c;
          break;
        case F_AMOUNT_NOTE:
          if (*text != '\0')
            note = g_steal_pointer (&text);
          break;
        case F_ANNOUNCED:
          announced = read_date_cell (ctx, c, text, &ok);
          break;
        case F_TERM:
          if (*text != '\0')
            term = g_steal_pointer (&text);
          break;
        case F_STATUS:
          status = read_vocabulary (ctx, c, text, known_status);
          break;
        case F_STATUS_NOTE:
          if (*text != '\0')
            status_note = g_steal_pointer (&text);
          break;
        case F_TITLE:
          if (*text != '\0')
            title = g_steal_pointer (&text);
          break;
        case F_DESCRIPTION:
          if (*text != '\0')
            description = g_steal_pointer (&text);
          break;
        case F_SOURCES:
          {
            g_auto(GStrv) urls = g_strsplit_set (text, " \t\r\n", -1);

            for (guint i = 0; urls[i] != NULL; i++)
              {
                g_autofree char *publisher = NULL;
                DgSource *source;

                if (*urls[i] == '\0')
                  continue;
                publisher = is_web_address (urls[i]) ? publisher_for_url (ctx, urls[i]) : NULL;
                if (publisher == NULL)
                  {
                    cell_error (ctx, c, urls[i], _("not a web address (https://…); list the sources’ addresses separated by spaces"));
                    ok = FALSE;
                    continue;
                  }
                source = dg_source_new (publisher);
                source->url = g_strdup (urls[i]);
                g_ptr_array_add (url_sources, source);
              }
          }
          break;
        case F_SOURCE_PUBLISHER:
        case F_SOURCE_TITLE:
        case F_SOURCE_DATE:
        case F_SOURCE_URL:
        case F_SOURCE_VIA:
          {
            SourceCells *sc = &source_cells[m.source];
            char **slot = m.field == F_SOURCE_PUBLISHER ? &sc->publisher
                          : m.field == F_SOURCE_TITLE ? &sc->title
                          : m.field == F_SOURCE_DATE ? &sc->date
                          : m.field == F_SOURCE_URL ? &sc->url : &sc->via;

            if (*text == '\0')
              break;
            if (sc->first_column < 0)
              sc->first_column = c;
            if (m.field == F_SOURCE_DATE)
              *slot = read_date_cell (ctx, c, text, &ok);
            else if (m.field == F_SOURCE_URL)
              *slot = read_url_cell (ctx, c, text, &ok);
            else
              *slot = g_steal_pointer (&text);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Sources given column by column, then those given by address only. */
  for (guint s = 1; s <= n_source_cells; s++)
    {
      SourceCells *sc = &source_cells[s];
      DgSource *source;

      if (sc->first_column < 0)
        continue;
      if (sc->publisher == NULL && sc->url != NULL)
        sc->publisher = publisher_for_url (ctx, sc->url);
      if (sc->publisher == NULL)
        {
          if (ok)
            cell_error (ctx, sc->first_column, dg_csv_get_field (t->csv, ctx->csv_row, sc->first_column),
                        _("source %u needs a publisher or a web address"), s);
          ok = FALSE;
          continue;
        }
      source = dg_source_new (sc->publisher);
      source->title = g_steal_pointer (&sc->title);
      source->date = g_steal_pointer (&sc->date);
      source->url = g_steal_pointer (&sc->url);
      source->via = g_steal_pointer (&sc->via);
      g_ptr_array_add (sources, source);
    }
  for (guint s = 0; s <= n_source_cells; s++)
    {
      g_free (source_cells[s].publisher);
      g_free (source_cells[s].title);
      g_free (source_cells[s].date);
      g_free (source_cells[s].url);
      g_free (source_cells[s].via);
    }
  g_free (source_cells);
  g_ptr_array_extend_and_steal (sources, g_steal_pointer (&url_sources));

  /* The amount: one column as people write it, or a headline and a range. */
  if (amount_text != NULL)
    {
      g_autofree char *why = NULL;

      if (!dg_csv_parse_amount (amount_text, &amount, &approx, &why))
        {
          cell_error (ctx, amount_column, amount_text, "%s", why);
          ok = FALSE;
        }
    }
  if ((min_text != NULL && *min_text != '\0') || (max_text != NULL && *max_text != '\0'))
    {
      DgAmount lo = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN }, hi = lo;
      g_autofree char *why = NULL;
      gboolean ends_ok = TRUE;

      if (min_text != NULL && !dg_csv_parse_amount (min_text, &lo, NULL, &why))
        {
          cell_error (ctx, min_column, min_text, "%s", why);
          ends_ok = FALSE;
        }
      g_clear_pointer (&why, g_free);
      if (max_text != NULL && !dg_csv_parse_amount (max_text, &hi, NULL, &why))
        {
          cell_error (ctx, max_column, max_text, "%s", why);
          ends_ok = FALSE;
        }
      if (ends_ok && (lo.kind == DG_AMOUNT_RANGE || hi.kind == DG_AMOUNT_RANGE))
        {
          int col = lo.kind == DG_AMOUNT_RANGE ? min_column : max_column;

          cell_error (ctx, col, lo.kind == DG_AMOUNT_RANGE ? min_text : max_text,
                      _("each end of a range is one figure"));
          ends_ok = FALSE;
        }
      else if (ends_ok && (lo.kind == DG_AMOUNT_UNDISCLOSED) != (hi.kind == DG_AMOUNT_UNDISCLOSED))
        {
          gboolean lo_missing = lo.kind == DG_AMOUNT_UNDISCLOSED;
          int col = lo_missing ? max_column : min_column;

          cell_error (ctx, col, lo_missing ? max_text : min_text,
                      lo_missing ? _("a range needs its low end too (0 for “up to”)")
                                 : _("a range needs its high end too"));
          ends_ok = FALSE;
        }
      else if (ends_ok && lo.value > hi.value)
        {
          cell_error (ctx, min_column, min_text, _("the low end of the range is above the high end (%s)"), max_text);
          ends_ok = FALSE;
        }
      else if (ends_ok && amount.kind == DG_AMOUNT_RANGE)
        {
          cell_error (ctx, amount_column, amount_text,
                      _("give a range either in this column or in the low and high columns, not both"));
          ends_ok = FALSE;
        }
      else if (ends_ok && amount.kind == DG_AMOUNT_EXACT && (amount.value < lo.value || amount.value > hi.value))
        {
          cell_error (ctx, amount_column, amount_text, _("the amount lies outside its range (%s to %s)"),
                      min_text, max_text);
          ends_ok = FALSE;
        }
      if (ends_ok)
        amount = (DgAmount) { DG_AMOUNT_RANGE, amount.kind == DG_AMOUNT_EXACT ? amount.value : hi.value,
                              lo.value, hi.value };
      else
        ok = FALSE;
    }
  if (approx && note == NULL)
    note = g_strdup ("~");

  /* Payer and payee. */
  if (from != NULL
      && !resolve_party (ctx, from_column, from, from_name != NULL && *from_name != '\0' ? from_name : NULL,
                         NULL, TRUE, &payer))
    ok = FALSE;
  if (to != NULL
      && !resolve_party (ctx, to_column, to, to_name != NULL && *to_name != '\0' ? to_name : NULL,
                         payer.new_name != NULL ? payer.id : NULL, FALSE, &payee))
    ok = FALSE;
  /* Two new companies of one name are one company. */
  if (payer.new_name != NULL && payee.new_name != NULL)
    {
      g_autofree char *a = fold_name (payer.new_name);
      g_autofree char *b = fold_name (payee.new_name);

      if (strcmp (a, b) == 0)
        {
          g_free (payee.id);
          payee.id = g_strdup (payer.id);
        }
    }
  if (payer.id != NULL && payee.id != NULL && strcmp (payer.id, payee.id) == 0)
    {
      cell_error (ctx, to_column, to, _("a deal cannot run from a company to itself"));
      ok = FALSE;
    }

  /* The id: as given, or made from the two ends. */
  if (id != NULL && *id != '\0')
    {
      gpointer first;

      if (g_hash_table_lookup_extended (ctx->deal_ids, id, NULL, &first))
        {
          cell_error (ctx, id_column, id, _("the id is already used by row %u"), GPOINTER_TO_UINT (first));
          ok = FALSE;
        }
    }

  if (!ok || ctx->n_errors > errors_before)
    {
      party_clear (&payer);
      party_clear (&payee);
      ctx->counts.deal_rows_refused++;
      g_ptr_array_set_size (ctx->row_unknowns, 0);
      return;
    }

  if (id == NULL || *id == '\0')
    {
      g_autofree char *joined = g_strdup_printf ("%s-%s", payer.id, payee.id);
      g_autofree char *base = slug (joined, "deal");

      g_free (id);
      id = unique_id (ctx->deal_ids, ctx->explicit_deal_ids, base, NULL);
    }

  make_company (ctx, &payer);
  make_company (ctx, &payee);

  deal = dg_deal_new (id, payer.id, payee.id);
  dg_deal_set_kind (deal, kind);
  dg_deal_set_amount (deal, &amount);
  dg_deal_set_amount_note (deal, note);
  dg_deal_set_announced (deal, announced);
  dg_deal_set_term (deal, term);
  dg_deal_set_status (deal, status);
  dg_deal_set_status_note (deal, status_note);
  dg_deal_set_title (deal, title);
  dg_deal_set_description (deal, description);
  for (guint i = 0; i < sources->len; i++)
    dg_deal_add_source (deal, g_ptr_array_steal_index (sources, i--));
  dg_deal_set_extra (deal, extra);
  if (!dg_document_add_deal (ctx->doc, deal))
    g_critical ("Deal “%s” could not be added after its checks", id);
  g_hash_table_insert (ctx->deal_ids, g_strdup (id), GUINT_TO_POINTER (ctx->row));
  if (dg_deal_get_sources (deal)->len == 0)
    ctx->n_without_sources++;
  ctx->counts.deals_imported++;
  commit_unknowns (ctx);

  party_clear (&payer);
  party_clear (&payee);
}

static void
report_columns (Ctx        *ctx,
                DgCsvTable  table)
{
  Table *t = &ctx->self->tables[table];

  for (guint c = 0; c < t->mapping->len; c++)
    {
      const char *header = dg_csv_get_field (t->csv, 0, c);

      if (g_array_index (t->mapping, Mapping, c).field != F_IGNORE)
        continue;
      if (*header == '\0')
        {
          /* An unnamed empty column (a spreadsheet's trailing comma) says nothing. */
          gboolean empty = TRUE;

          for (guint r = 1; r < dg_csv_get_n_rows (t->csv) && empty; r++)
            empty = *dg_csv_get_field (t->csv, r, c) == '\0';
          if (empty)
            continue;
        }
      add_problem (ctx->problems, DG_SEVERITY_WARNING, table, 1, c + 1, NULL, NULL,
                   _("column “%s” is not imported; map it to a field, or to “keep”"),
                   *header != '\0' ? header : "");
    }
}

static gint
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const DgImportProblem *pa = *(DgImportProblem **) a, *pb = *(DgImportProblem **) b;

  if (pa->table != pb->table)
    return pa->table == DG_CSV_COMPANIES ? -1 : 1;
  if (pa->row != pb->row)
    return pa->row < pb->row ? -1 : 1;
  if (pa->column != pb->column)
    return pa->column < pb->column ? -1 : 1;
  return 0;
}

static gboolean
has_field (DgCsvImport *self,
           DgCsvTable   table,
           Field        field)
{
  Table *t = &self->tables[table];

  for (guint c = 0; c < t->mapping->len; c++)
    if (g_array_index (t->mapping, Mapping, c).field == field)
      return TRUE;
  return FALSE;
}

/**
 * dg_csv_import_run:
 * @problems: (out) (transfer full) (element-type DgImportProblem): every
 *   value that refused its row (errors), and what was read with a
 *   remark (warnings), by table and row
 * @counts: (out caller-allocates) (optional): rows read and refused
 * @error: return location for a #DG_ERROR_INVALID_FILE when the mapping
 *   cannot make deals (no payer or payee column)
 *
 * Reads every row with the current mapping. Rows with a problem are left
 * out whole; the document holds every other row. Companies named in deals
 * and not in the companies table are made, with ids from their names.
 *
 * Returns: (transfer full) (nullable): the document, unsaved
 */
DgDocument *
dg_csv_import_run (DgCsvImport     *self,
                   GPtrArray      **problems,
                   DgImportCounts  *counts,
                   GError         **error)
{
  Ctx ctx = { 0 };
  Table *deals, *companies;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_import_problem_free);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  *problems = NULL;
  if (counts != NULL)
    memset (counts, 0, sizeof *counts);

  deals = &self->tables[DG_CSV_DEALS];
  companies = &self->tables[DG_CSV_COMPANIES];
  if (deals->csv == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE, _("no deals table was read"));
      return NULL;
    }
  if (!has_field (self, DG_CSV_DEALS, F_FROM) || !has_field (self, DG_CSV_DEALS, F_TO))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                   !has_field (self, DG_CSV_DEALS, F_FROM)
                   ? _("no column says who pays; map one to “from” (the payer)")
                   : _("no column says who is paid; map one to “to” (the payee)"));
      return NULL;
    }
  if (companies->csv != NULL && !has_field (self, DG_CSV_COMPANIES, C_NAME) && !has_field (self, DG_CSV_COMPANIES, C_ID))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID_FILE,
                   _("no column of the companies table gives a name or an id; map one to “name”"));
      return NULL;
    }

  ctx.self = self;
  ctx.problems = list;
  ctx.doc = dg_document_new ();
  ctx.company_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) company_ref_free);
  ctx.company_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.ambiguous_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.refused_companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.deal_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.explicit_deal_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.unknown_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.row_unknowns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (ctx.vocabulary); i++)
    ctx.vocabulary[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  {
    g_autofree char *base = g_path_get_basename (deals->display_name != NULL ? deals->display_name : "");
    char *dot = strchr (base, '.');

    if (dot != NULL && dot != base)
      *dot = '\0';
    if (*base != '\0')
      dg_document_set_title (ctx.doc, base);
  }

  if (companies->csv != NULL)
    {
      report_columns (&ctx, DG_CSV_COMPANIES);
      find_date_orders (&ctx, DG_CSV_COMPANIES);
      ctx.table = DG_CSV_COMPANIES;
      for (guint r = 1; r < dg_csv_get_n_rows (companies->csv); r++)
        {
          if (dg_csv_row_is_blank (companies->csv, r))
            continue;
          ctx.csv_row = r;
          ctx.row = r + 1;
          ctx.counts.company_rows++;
          read_company_row (&ctx);
        }
    }

  report_columns (&ctx, DG_CSV_DEALS);
  find_date_orders (&ctx, DG_CSV_DEALS);
  ctx.table = DG_CSV_DEALS;
  for (guint c = 0; c < deals->mapping->len; c++)
    if (g_array_index (deals->mapping, Mapping, c).field == F_ID)
      for (guint r = 1; r < dg_csv_get_n_rows (deals->csv); r++)
        {
          g_autofree char *id = g_strstrip (g_strdup (dg_csv_get_field (deals->csv, r, c)));

          if (*id != '\0')
            g_hash_table_add (ctx.explicit_deal_ids, g_steal_pointer (&id));
        }
  for (guint r = 1; r < dg_csv_get_n_rows (deals->csv); r++)
    {
      if (dg_csv_row_is_blank (deals->csv, r))
        continue;
      ctx.csv_row = r;
      ctx.row = r + 1;
      ctx.counts.deal_rows++;
      read_deal_row (&ctx);
    }

  /* Unknown kinds and statuses, once each. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, ctx.unknown_values);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        Unknown *u = value;
        const char *text = strrchr (key, '\x1f') + 1;
        DgCsvTable table = (DgCsvTable) atoi (key);
        Field field = g_array_index (self->tables[table].mapping, Mapping, u->first_column).field;
        const char *header = dg_csv_get_field (self->tables[table].csv, 0, u->first_column);
        g_autofree char *message = NULL;

        if (field == F_STATUS)
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "unknown status, in %u row; kept as written and counted as “announced”",
                                                  "unknown status, in %u rows; kept as written and counted as “announced”",
                                                  u->count), u->count);
        else
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "unknown kind, in %u row; kept as written and drawn as “other”",
                                                  "unknown kind, in %u rows; kept as written and drawn as “other”",
                                                  u->count), u->count);
        add_problem (list, DG_SEVERITY_WARNING, table, u->first_row, u->first_column + 1, header, text, "%s", message);
      }
  }

  g_ptr_array_sort (list, compare_problems);

  if (ctx.n_without_sources > 0)
    add_problem (list, DG_SEVERITY_WARNING, DG_CSV_DEALS, 0, 0, NULL, NULL,
                 g_dngettext (GETTEXT_PACKAGE, "%u deal has no sources", "%u deals have no sources",
                              ctx.n_without_sources),
                 ctx.n_without_sources);

  g_hash_table_unref (ctx.company_names);
  g_hash_table_unref (ctx.company_ids);
  g_hash_table_unref (ctx.ambiguous_names);
  g_hash_table_unref (ctx.refused_companies);
  g_hash_table_unref (ctx.deal_ids);
  g_hash_table_unref (ctx.explicit_deal_ids);
  g_hash_table_unref (ctx.unknown_values);
  g_ptr_array_unref (ctx.row_unknowns);
  for (guint i = 0; i < G_N_ELEMENTS (ctx.vocabulary); i++)
    g_hash_table_unref (ctx.vocabulary[i]);
  g_hash_table_unref (ctx.hosts);
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    g_free (ctx.orders[t]);

  if (counts != NULL)
    *counts = ctx.counts;
  *problems = g_steal_pointer (&list);
  return ctx.doc;
}
