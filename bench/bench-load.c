/* bench-load.c: how long a deal file takes to load and save, and the memory
 * its document takes, for generated networks of 100 to 50,000 companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run: build/bench/bench-load [--sizes 100,1000,10000,50000] [--runs N]
 *
 * Times are CPU time of the benchmark's thread, except "save", which is
 * the clock on the wall (it waits for the disk).
 *
 * Each network is dg_graph_generate_scale_free (n, 5, 0.1, 1) with one
 * source per deal (as bench/gen-network --sources writes it), saved by
 * Dealgraph (pretty) to a file in $TMPDIR. Timed, each the median of the
 * runs: loading from the text in memory, loading from the file (streamed),
 * freeing the document, building the graph snapshot, writing the text, and
 * saving to the file (atomic, flushed to disk). "document" is the growth of
 * the heap while one document is loaded (mallinfo2), the model's own size.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "dg-loader.h"

static DgDocument *
generate (guint n)
{
  g_autoptr(DgGraph) g = dg_graph_generate_scale_free (n, 5, 0.1, 1);
  DgDocument *doc = dg_document_new ();

  for (guint v = 0; v < g->n_nodes; v++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", v);
      g_autofree char *name = g_strdup_printf ("Company %u", v);
      g_autoptr(DgCompany) c = dg_company_new (id, name);

      dg_company_set_kind (c, dg_company_kind_to_string (g->node_kind[v]));
      if (!isnan (g->node_valuation[v]))
        dg_company_set_valuation (c, round (g->node_valuation[v]));
      dg_document_add_company (doc, c);
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      g_autofree char *id = g_strdup_printf ("d%u", e);
      g_autofree char *from = g_strdup_printf ("c%u", g->edge_src[e]);
      g_autofree char *to = g_strdup_printf ("c%u", g->edge_dst[e]);
      g_autoptr(DgDeal) d = dg_deal_new (id, from, to);
      DgAmount a = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };
      DgSource *s = dg_source_new ("Example News");

      if (!isnan (g->edge_amount[e]))
        {
          a.kind = DG_AMOUNT_EXACT;
          a.value = a.min = a.max = round (g->edge_amount[e]);
        }
      dg_deal_set_amount (d, &a);
      dg_deal_set_kind (d, dg_deal_kind_to_string (g->edge_kind[e]));
      dg_deal_set_status (d, dg_deal_status_to_string (g->edge_status[e]));
      s->title = g_strdup_printf ("Company %u and Company %u agree a deal", g->edge_src[e], g->edge_dst[e]);
      s->date = g_strdup_printf ("2025-%02u-%02u", 1 + e % 12, 1 + e % 28);
      s->url = g_strdup_printf ("https://example.com/news/d%u", e);
      dg_deal_add_source (d, s);
      dg_document_add_deal (doc, d);
    }
  return doc;
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

/* CPU time of this thread: on a machine shared with other work, the time a
 * step takes of the processor says more than the clock on the wall. */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
ms_since (gint64 start)
{
  return (cpu_now () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sizes_text = g_strdup ("100,1000,10000,50000");
  g_auto(GStrv) sizes = NULL;
  g_autofree char *dir = NULL;
  int runs = 5;
  const GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "Companies, comma-separated", "N,..." },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measure (default 5)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1 || runs > 99)
    {
      g_printerr ("usage: bench-load [--sizes N,...] [--runs N]\n");
      return 2;
    }
  sizes = g_strsplit (sizes_text, ",", -1);
  dir = g_dir_make_tmp ("dealgraph-bench-XXXXXX", NULL);

  g_print ("Loading and saving generated deal files (median of %d runs)\n\n", runs);
  g_print ("%-9s %-7s %8s %10s %10s %9s %9s %9s %9s %9s\n",
           "companies", "deals", "file", "load/mem", "load/file", "free", "snapshot", "to text", "save", "document");

  for (guint s = 0; sizes[s] != NULL; s++)
    {
      g_autoptr(DgDocument) doc = generate ((guint) atoi (sizes[s]));
      g_autofree char *path = g_build_filename (dir, "bench.dealgraph.json", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *text = NULL;
      g_autofree char *file_size = NULL;
      double load[99], stream[99], freeing[99], snapshot[99], to_text[99], save[99];
      gsize length, heap = 0;

      text = dg_document_to_data (doc, &length);
      file_size = g_format_size (length);
      if (!dg_document_save_to_file (doc, file, &error))
        g_error ("%s", error->message);

      for (int r = 0; r < runs; r++)
        {
          g_autoptr(DgDocument) loaded = NULL;
          g_autoptr(DgDocument) streamed = NULL;
          g_autofree char *again = NULL;
          struct mallinfo2 before, after;
          gint64 t;

          malloc_trim (0);
          before = mallinfo2 ();
          t = cpu_now ();
          loaded = dg_document_load_from_data (text, length, NULL, &error);
          load[r] = ms_since (t);
          g_assert_no_error (error);
          after = mallinfo2 ();
          heap = after.uordblks + after.hblkhd - before.uordblks - before.hblkhd;

          t = cpu_now ();
          (void) dg_document_get_graph (loaded);
          snapshot[r] = ms_since (t);

          t = cpu_now ();
          again = dg_document_to_data (loaded, NULL);
          to_text[r] = ms_since (t);
          g_assert_nonnull (again);

          t = g_get_monotonic_time ();
          if (!dg_document_save_to_file (loaded, file, &error))
            g_error ("%s", error->message);
          save[r] = (g_get_monotonic_time () - t) / 1000.0;

          t = cpu_now ();
          g_clear_object (&loaded);
          freeing[r] = ms_since (t);

          t = cpu_now ();
          streamed = dg_document_load_from_file (file, NULL, &error);
          stream[r] = ms_since (t);
          g_assert_no_error (error);
          g_assert_nonnull (streamed);
        }

      g_print ("%-9u %-7u %8s %7.1f ms %7.1f ms %6.1f ms %6.1f ms %6.1f ms %6.1f ms %6.1f MB\n",
               dg_document_get_n_companies (doc), dg_document_get_n_deals (doc), file_size,
               median (load, (guint) runs), median (stream, (guint) runs), median (freeing, (guint) runs),
               median (snapshot, (guint) runs), median (to_text, (guint) runs), median (save, (guint) runs),
               heap / 1e6);
      g_unlink (path);
    }

  g_rmdir (dir);
  return 0;
}
