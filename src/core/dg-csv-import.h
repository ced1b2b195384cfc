/* dg-csv-import.h: a deal network from spreadsheet tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deals table (one deal a row: payer, payee, kind, amount, status, date,
 * sources...) and an optional companies table become a DgDocument. Each
 * column is mapped to a field, guessed from its header and changeable;
 * amounts and dates are read as people write them ("$38B", "up to $100B",
 * "10-25B", "Nov 3, 2025"), and every value that cannot be read refuses its
 * row with the row, the column, the value and why. The rows that pass make
 * a document that obeys every rule of the loader, so it saves and loads
 * back. See docs/interchange.md.
 *
 *   g_autoptr(DgCsvImport) import = dg_csv_import_new ();
 *   if (!dg_csv_import_load_file (import, DG_CSV_DEALS, file, 0, &error))
 *     ... dg_csv_import_get_file_problem () says where ...
 *   doc = dg_csv_import_run (import, &problems, &counts, &error);
 */
#pragma once

#include <gio/gio.h>

#include "dg-document.h"
#include "dg-loader.h"

G_BEGIN_DECLS

#define DG_TYPE_IMPORT_PROBLEM (dg_import_problem_get_type ())

typedef enum
{
  DG_CSV_DEALS,
  DG_CSV_COMPANIES,
  DG_CSV_N_TABLES
} DgCsvTable;

/* How to read dates like 3/11/2025. */
typedef enum
{
  DG_DATE_ORDER_FROM_FILE,  /* as the header ("Date (dd/mm/yyyy)") or the values (13/11/2025) show; else refuse */
  DG_DATE_ORDER_DMY,
  DG_DATE_ORDER_MDY,
} DgDateOrder;

/**
 * DgImportProblem:
 * @severity: errors refuse the row (or the file); warnings only inform
 * @table: which table
 * @row: the spreadsheet row (the header is row 1), or 0 for the whole file
 * @column: the column, 1-based, or 0 for the whole row
 * @header: (nullable): the column's header
 * @value: (nullable): the value that could not be read
 * @message: why, translated, plain text
 */
typedef struct
{
  DgSeverity severity;
  DgCsvTable table;
  guint row;
  guint column;
  char *header;
  char *value;
  char *message;
} DgImportProblem;

typedef struct
{
  guint deal_rows;          /* non-blank rows below the header */
  guint deals_imported;
  guint deal_rows_refused;
  guint company_rows;
  guint companies_imported; /* from the companies table */
  guint company_rows_refused;
  guint companies_created;  /* named in deals, not in the companies table */
  guint ambiguous_dates;    /* dates refused because the day and month could be either way round */
} DgImportCounts;

GType            dg_import_problem_get_type  (void) G_GNUC_CONST;
DgImportProblem *dg_import_problem_copy      (const DgImportProblem *problem);
void             dg_import_problem_free      (DgImportProblem       *problem);
char            *dg_import_problem_to_string (const DgImportProblem *problem,
                                              const char            *filename);

typedef struct _DgCsvImport DgCsvImport;

DgCsvImport  *dg_csv_import_new              (void);
void          dg_csv_import_free             (DgCsvImport *self);

gboolean      dg_csv_import_load_data        (DgCsvImport *self,
                                              DgCsvTable   table,
                                              const char  *data,
                                              gsize        length,
                                              const char  *display_name,
                                              char         separator,
                                              GError     **error);
gboolean      dg_csv_import_load_file        (DgCsvImport *self,
                                              DgCsvTable   table,
                                              GFile       *file,
                                              char         separator,
                                              GError     **error);
const DgImportProblem *dg_csv_import_get_file_problem (DgCsvImport *self,
                                              DgCsvTable   table);
gboolean      dg_csv_import_has_table        (DgCsvImport *self,
                                              DgCsvTable   table);
void          dg_csv_import_clear_table      (DgCsvImport *self,
                                              DgCsvTable   table);
const char   *dg_csv_import_get_display_name (DgCsvImport *self,
                                              DgCsvTable   table);
char          dg_csv_import_get_separator    (DgCsvImport *self,
                                              DgCsvTable   table);

/* The table as read: columns, headers, data rows (row 0 is the first row
 * below the header), for previews. */
guint         dg_csv_import_get_n_columns    (DgCsvImport *self,
                                              DgCsvTable   table);
const char   *dg_csv_import_get_header       (DgCsvImport *self,
                                              DgCsvTable   table,
                                              guint        column);
guint         dg_csv_import_get_n_rows       (DgCsvImport *self,
                                              DgCsvTable   table);
const char   *dg_csv_import_get_cell         (DgCsvImport *self,
                                              DgCsvTable   table,
                                              guint        row,
                                              guint        column);

/* The mapping: each column's field by name ("from", "amount_usd",
 * "source_2_url", "keep", "ignore"...). */
char         *dg_csv_import_get_field        (DgCsvImport *self,
                                              DgCsvTable   table,
                                              guint        column);
gboolean      dg_csv_import_set_field        (DgCsvImport *self,
                                              DgCsvTable   table,
                                              guint        column,
                                              const char  *field,
                                              GError     **error);
gboolean      dg_csv_import_map              (DgCsvImport *self,
                                              const char  *spec,
                                              GError     **error);
GStrv         dg_csv_import_list_fields      (DgCsvImport *self,
                                              DgCsvTable   table);
char         *dg_csv_field_label             (DgCsvTable   table,
                                              const char  *field);

void          dg_csv_import_set_date_order   (DgCsvImport *self,
                                              DgDateOrder  order);
DgDateOrder   dg_csv_import_get_date_order   (DgCsvImport *self);

DgDocument   *dg_csv_import_run              (DgCsvImport     *self,
                                              GPtrArray      **problems,
                                              DgImportCounts  *counts,
                                              GError         **error);

/* The readers of single values, for tests and the dialog's preview. */
gboolean      dg_csv_parse_amount            (const char  *text,
                                              DgAmount    *amount,
                                              gboolean    *approximate,
                                              char       **why);
gboolean      dg_csv_parse_date              (const char  *text,
                                              DgDateOrder  order,
                                              char       **date,
                                              char       **why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgCsvImport, dg_csv_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgImportProblem, dg_import_problem_free)

G_END_DECLS
