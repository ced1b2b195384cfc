/* bench-import.c: how long a spreadsheet of deals takes to import, and the
 * network exports to write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run: build/bench/bench-import [--deals N] [--import-only]
 *
 * The deals table is generated from the scale-free benchmark graph as a
 * person's spreadsheet would hold it: company names (not ids), amounts in
 * every form the import reads ("$38B", "1,250,000,000", "10-25B", "up to
 * $1B", "undisclosed"), dates as "2025-11-03" and "Nov 3, 2025", a status
 * in words, a title with a quoted separator, and a source address.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dg-csv.h"
#include "dg-csv-import.h"
#include "dg-interchange.h"
#include "dg-layout.h"
#include "dg-loader.h"

static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *statuses[] = { "Rumored", "discussed", "LOI", "announced", "Signed", "completed", "cancelled" };

static char *
amount_text (double usd,
             guint  e)
{
  if (isnan (usd))
    return g_strdup (e % 2 ? "undisclosed" : "");
  switch (e % 5)
    {
    case 0: return g_strdup_printf ("$%.1fB", usd / 1e9);
    case 1: return g_strdup_printf ("%.0f", round (usd));
    case 2: return g_strdup_printf ("%.0f-%.0fM", usd / 2e6, usd / 1e6);
    case 3: return g_strdup_printf ("up to $%.2f bn", usd / 1e9);
    default: return g_strdup_printf ("US$ %.3f million", usd / 1e6);
    }
}

static GString *
deals_csv (DgGraph *g)
{
  GString *s = g_string_new ("\xef\xbb\xbf" "Payer,Payee,Type,Amount,Announced,Status,Title,Source\r\n");

  for (guint e = 0; e < g->n_edges; e++)
    {
      g_autofree char *from = g_strdup_printf ("Company %u", g->edge_src[e]);
      g_autofree char *to = g_strdup_printf ("Company %u", g->edge_dst[e]);
      g_autofree char *amount = amount_text (g->edge_amount[e], e);
      g_autofree char *date = NULL;
      g_autofree char *title = g_strdup_printf ("Deal %u, \"round %u\"", e, e % 7);
      g_autofree char *url = g_strdup_printf ("https://news%u.example/story/%u", e % 13, e);
      const char *row[8];
      guint day = 1 + e % 28, month = e % 12, year = 2015 + e % 11;

      date = e % 2 ? g_strdup_printf ("%u-%02u-%02u", year, month + 1, day)
                   : g_strdup_printf ("%s %u, %u", months[month], day, year);
      row[0] = from;
      row[1] = to;
      row[2] = dg_deal_kind_label (g->edge_kind[e]);
      row[3] = amount;
      row[4] = date;
      row[5] = statuses[g->edge_status[e] % G_N_ELEMENTS (statuses)];
      row[6] = title;
      row[7] = url;
      dg_csv_append_row (s, row, 8, ',');
    }
  return s;
}

/* CPU time of the process, in ms: on a machine shared with other builds,
 * wall time also counts the time spent waiting for a core. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
median (double *v,
        guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && v[j - 1] > v[j]; j--)
      {
        double t = v[j];
        v[j] = v[j - 1];
        v[j - 1] = t;
      }
  return v[n / 2];
}

int
main (int    argc,
      char **argv)
{
  guint n_deals = 50000;
  gboolean import_only = FALSE;
  g_autoptr(DgGraph) graph = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autofree float *xy = NULL;
  double parse[7], run[7], total[7], cpu[7];
  const guint rounds = G_N_ELEMENTS (parse);
  struct rusage usage;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--deals") == 0 && i + 1 < argc)
      n_deals = (guint) atoi (argv[++i]);
    else if (strcmp (argv[i], "--import-only") == 0)
      import_only = TRUE;

  /* About 5.5 deals a company. */
  graph = dg_graph_generate_scale_free (MAX (n_deals / 5, 10), 5, 0.1, 1);
  csv = deals_csv (graph);
  g_print ("deals table: %u rows below the header, %.1f MB\n", MIN (graph->n_edges, G_MAXUINT),
           csv->len / 1e6);

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(DgCsvImport) import = dg_csv_import_new ();
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      DgImportCounts counts;
      gint64 t0, t1, t2;
      double c0;

      /* The last round's document goes before the clock starts. */
      g_clear_object (&doc);
      c0 = cpu_ms ();
      t0 = g_get_monotonic_time ();
      if (!dg_csv_import_load_data (import, DG_CSV_DEALS, csv->str, csv->len, "bench.csv", 0, &error))
        g_error ("%s", error->message);
      t1 = g_get_monotonic_time ();
      doc = dg_csv_import_run (import, &problems, &counts, &error);
      t2 = g_get_monotonic_time ();
      cpu[r] = cpu_ms () - c0;
      if (doc == NULL || counts.deal_rows_refused != 0 || counts.deals_imported != graph->n_edges)
        g_error ("the benchmark table did not import whole: %u of %u", counts.deals_imported, graph->n_edges);

      parse[r] = (t1 - t0) / 1e3;
      run[r] = (t2 - t1) / 1e3;
      total[r] = (t2 - t0) / 1e3;
    }

  g_print ("import of %u deals, %u companies made from their names (median of %u):\n",
           dg_document_get_n_deals (doc), dg_document_get_n_companies (doc), rounds);
  g_print ("  read the CSV and guess the columns  %7.1f ms\n", median (parse, rounds));
  g_print ("  read every value, build the network %7.1f ms\n", median (run, rounds));
  g_print ("  whole import                        %7.1f ms (CPU %.1f ms)\n", median (total, rounds),
           median (cpu, rounds));

  if (import_only)
    return 0;

  /* What happens next in practice: save, and export for other tools. */
  {
    g_autofree char *data = NULL;
    gsize length;
    gint64 t0 = g_get_monotonic_time ();

    data = dg_document_to_data (doc, &length);
    g_assert_nonnull (data);
    g_print ("  then saving it as JSON              %7.1f ms (%.1f MB)\n",
             (g_get_monotonic_time () - t0) / 1e3, length / 1e6);
  }
  {
    DgLayoutAlgorithm alg = DG_LAYOUT_CIRCULAR;
    g_autoptr(DgLayout) layout = dg_layout_new (dg_document_get_graph (doc), alg, 1);
    const char *names[] = { "GraphML", "GEXF", "DOT" };

    dg_layout_run (layout, 10);
    xy = g_memdup2 (dg_layout_get_positions (layout), 2 * sizeof (float) * dg_document_get_n_companies (doc));
    for (guint f = 0; f < 3; f++)
      {
        g_autofree char *text = NULL;
        gsize length = 0;
        gint64 t0 = g_get_monotonic_time ();

        text = f == 0 ? dg_interchange_to_graphml (doc, xy, DG_THEME_LIGHT, &length)
               : f == 1 ? dg_interchange_to_gexf (doc, xy, DG_THEME_LIGHT, &length)
               : dg_interchange_to_dot (doc, xy, DG_THEME_LIGHT, &length);
        g_assert_nonnull (text);
        g_print ("  export as %-8s                  %7.1f ms (%.1f MB)\n", names[f],
                 (g_get_monotonic_time () - t0) / 1e3, length / 1e6);
      }
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize la = 0, lb = 0;
      gint64 t0 = g_get_monotonic_time ();

      a = dg_interchange_deals_csv (doc, &la);
      b = dg_interchange_companies_csv (doc, &lb);
      g_assert_true (a != NULL && b != NULL);
      g_print ("  export as CSV (both tables)         %7.1f ms (%.1f MB)\n",
               (g_get_monotonic_time () - t0) / 1e3, (la + lb) / 1e6);
    }
  }

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak RSS %.0f MiB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
