/* fuzz-csv-import.c: the spreadsheet import must read or refuse any bytes,
 * never crash, and what it makes the loader must accept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dg-csv-import.h"
#include "dg-interchange.h"
#include "dg-loader.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autoptr(DgCsvImport) import = dg_csv_import_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = NULL;
  DgImportCounts counts;

  if (!dg_csv_import_load_data (import, DG_CSV_DEALS, (const char *) data, size, "fuzz.csv", 0, NULL))
    return 0;
  /* Whatever the headers say, read the first two columns as the ends. */
  if (dg_csv_import_get_n_columns (import, DG_CSV_DEALS) >= 2)
    {
      dg_csv_import_set_field (import, DG_CSV_DEALS, 0, "from", NULL);
      dg_csv_import_set_field (import, DG_CSV_DEALS, 1, "to", NULL);
    }
  doc = dg_csv_import_run (import, &problems, &counts, NULL);
  if (doc != NULL)
    {
      g_autofree char *text = dg_document_to_data (doc, NULL);
      g_autoptr(DgDocument) again = dg_document_load_from_data (text, strlen (text), NULL, NULL);
      g_autofree float *xy = g_new0 (float, 2 * MAX (dg_document_get_n_companies (doc), 1));
      g_autofree char *graphml = dg_interchange_to_graphml (doc, xy, DG_THEME_LIGHT, NULL);
      g_autofree char *gexf = dg_interchange_to_gexf (doc, xy, DG_THEME_LIGHT, NULL);
      g_autofree char *dot = dg_interchange_to_dot (doc, xy, DG_THEME_LIGHT, NULL);

      /* What the import makes, the loader reads. */
      g_assert (again != NULL);
      g_assert_cmpuint (dg_document_get_n_deals (again), ==, counts.deals_imported);
      g_assert (graphml != NULL && gexf != NULL && dot != NULL);
    }
  return 0;
}
