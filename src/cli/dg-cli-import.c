/* dg-cli-import.c: dealgraph --import-csv OUT.dealgraph.json DEALS.csv
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-cli-private.h"
#include "dg-csv.h"
#include "dg-csv-import.h"

static void
print_file_problem (DgCsvImport *import,
                    DgCsvTable   table,
                    const char  *display_name)
{
  const DgImportProblem *problem = dg_csv_import_get_file_problem (import, table);
  g_autofree char *line = NULL;

  if (problem == NULL)
    return;
  line = dg_import_problem_to_string (problem, display_name);
  g_printerr ("%s\n", line);
}

int
dg_cli_import (DgCliOptions *opts)
{
  g_autoptr(DgCsvImport) import = dg_csv_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GFile) deals_file = NULL;
  g_autoptr(GFile) out_file = NULL;
  const char *names[DG_CSV_N_TABLES];
  DgImportCounts counts;
  char separator = 0;
  guint refused;

  g_return_val_if_fail (opts != NULL && opts->import_csv != NULL, DG_EXIT_USAGE);

  if (opts->filename == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--import-csv needs the deals table: --import-csv OUT.dealgraph.json DEALS.csv"));
      return DG_EXIT_USAGE;
    }
  if (opts->separator != NULL && !dg_csv_separator_from_string (opts->separator, &separator))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--separator takes “,”, “;” or “tab”"));
      return DG_EXIT_USAGE;
    }
  if (opts->date_order != NULL)
    {
      if (g_ascii_strcasecmp (opts->date_order, "dmy") == 0)
        dg_csv_import_set_date_order (import, DG_DATE_ORDER_DMY);
      else if (g_ascii_strcasecmp (opts->date_order, "mdy") == 0)
        dg_csv_import_set_date_order (import, DG_DATE_ORDER_MDY);
      else
        {
          g_printerr ("%s: %s\n", g_get_prgname (), _("--date-order takes dmy (3/11/2025 is 3 November) or mdy (11 March)"));
          return DG_EXIT_USAGE;
        }
    }

  /* Messages name the files as the user typed them. */
  names[DG_CSV_DEALS] = opts->filename;
  names[DG_CSV_COMPANIES] = opts->companies;

  deals_file = g_file_new_for_commandline_arg (opts->filename);
  if (!dg_csv_import_load_file (import, DG_CSV_DEALS, deals_file, separator, &error))
    {
      print_file_problem (import, DG_CSV_DEALS, names[DG_CSV_DEALS]);
      return DG_EXIT_FAILED;
    }
  if (opts->companies != NULL)
    {
      g_autoptr(GFile) companies_file = g_file_new_for_commandline_arg (opts->companies);

      if (!dg_csv_import_load_file (import, DG_CSV_COMPANIES, companies_file, separator, &error))
        {
          print_file_problem (import, DG_CSV_COMPANIES, names[DG_CSV_COMPANIES]);
          return DG_EXIT_FAILED;
        }
    }

  for (guint i = 0; opts->maps != NULL && opts->maps[i] != NULL; i++)
    if (!dg_csv_import_map (import, opts->maps[i], &error))
      {
        g_printerr ("%s: %s\n", g_get_prgname (), error->message);
        return DG_EXIT_USAGE;
      }

  doc = dg_csv_import_run (import, &problems, &counts, &error);
  if (doc == NULL)
    {
      g_printerr ("%s: %s: %s\n", names[DG_CSV_DEALS], _("error"), error->message);
      return DG_EXIT_FAILED;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      DgImportProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = dg_import_problem_to_string (problem, names[problem->table]);

      g_printerr ("%s\n", line);
    }
  if (counts.ambiguous_dates > 0)
    g_printerr ("%s\n", _("hint: --date-order dmy or --date-order mdy says whether the day or the month comes first"));

  refused = counts.deal_rows_refused + counts.company_rows_refused;
  if (refused > 0 && !opts->keep_going)
    {
      g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row was refused",
                                                            "%u rows were refused", refused),
                                               refused);

      /* Translators: "deals.csv: 3 rows were refused; nothing written (--keep-going ...)" */
      g_printerr (_("%s: %s; nothing written (--keep-going writes the rows that were read)\n"),
                  names[DG_CSV_DEALS], rows);
      return DG_EXIT_FAILED;
    }

  out_file = g_file_new_for_commandline_arg (opts->import_csv);
  if (!dg_document_save_to_file (doc, out_file, &error))
    {
      g_printerr ("%s: %s: %s\n", opts->import_csv, _("error"), error->message);
      return DG_EXIT_FAILED;
    }

  {
    guint n_companies = dg_document_get_n_companies (doc);
    g_autofree char *deals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal", "%u deals",
                                                           counts.deals_imported),
                                              counts.deals_imported);
    g_autofree char *companies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u company", "%u companies",
                                                               n_companies),
                                                  n_companies);

    /* Translators: "net.dealgraph.json: 120 deals, 40 companies; 2 rows refused" */
    if (refused > 0)
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %s, %s; %u row refused\n", "%s: %s, %s; %u rows refused\n",
                            refused),
               opts->import_csv, deals, companies, refused);
    else
      g_print (_("%s: %s, %s\n"), opts->import_csv, deals, companies);
  }

  return refused > 0 ? DG_EXIT_FAILED : DG_EXIT_OK;
}
