/* bench-edit.c: from an edit to the updated snapshot and analysis, on big
 * generated networks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run: build/bench/bench-edit [--companies N] [--runs R]
 * The network is dg_graph_generate_scale_free (N, 5, 0.1, 1), as in every
 * benchmark (10,000 companies give about 55,000 deals). Each kind of edit
 * runs R times through DgHistory; the figures are medians, in ms, of:
 *   edit      the history's command (checking, applying, notifying)
 *   snapshot  dg_document_get_graph() building the new snapshot
 *   analysis  dg_analysis_new() as the window runs it (0.5 s budget)
 * and of undo and redo with their snapshot.
 */
#define G_LOG_DOMAIN "dealgraph-bench"

#include "config.h"

#include <locale.h>
#include <math.h>

#include "dg-analysis.h"
#include "dg-history.h"
#include "dg-loader.h"

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *a)
{
  g_array_sort (a, cmp_double);
  return a->len > 0 ? g_array_index (a, double, a->len / 2) : NAN;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

typedef enum { EDIT_AMOUNT, EDIT_NAME, EDIT_ADD_DEAL, EDIT_DELETE_COMPANY, EDIT_MOVE, N_EDITS } EditKind;

static const char *edit_names[N_EDITS] = {
  "deal amount", "company name", "add a deal", "delete a company", "move a company",
};

static void
one_edit (DgHistory *h,
          EditKind   kind,
          GRand     *rand)
{
  DgDocument *doc = dg_history_get_document (h);
  guint n = dg_document_get_n_companies (doc), m = dg_document_get_n_deals (doc);
  DgCompany *a = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));
  DgCompany *b = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));
  g_autofree char *text = g_strdup_printf ("%u", g_rand_int_range (rand, 1, 1000000) * 1000);
  g_autoptr(GError) error = NULL;

  switch (kind)
    {
    case EDIT_AMOUNT:
      dg_history_set_deal_amount (h, dg_document_get_deal (doc, (guint) g_rand_int_range (rand, 0, (gint32) m)),
                                  text, NULL, NULL, &error);
      break;
    case EDIT_NAME:
      dg_history_set_company_field (h, a, "name", text, &error);
      break;
    case EDIT_ADD_DEAL:
      if (a == b)
        b = dg_document_get_company (doc, (dg_company_get_index (a) + 1) % n);
      dg_history_add_deal (h, a, b, "investment", text, &error);
      break;
    case EDIT_DELETE_COMPANY:
      dg_history_delete_company (h, a);
      break;
    case EDIT_MOVE:
      dg_history_move_company (h, a, 10, 20, TRUE, 0, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  guint companies = 10000, runs = 15;
  GOptionEntry entries[] = {
    { "companies", 0, 0, G_OPTION_ARG_INT, &companies, "Companies in the generated network", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Edits of each kind", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(DgHistory) h = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  DgAnalysisOptions options;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  doc = dg_document_new_scale_free (companies, 1);
  h = dg_history_new (doc);
  dg_analysis_options_init (&options);
  options.time_budget = 0.5;
  g_print ("%u companies, %u deals; medians of %u runs, ms\n",
           dg_document_get_n_companies (doc), dg_document_get_n_deals (doc), runs);
  g_print ("%-18s %8s %9s %9s %9s %12s\n", "edit", "edit", "snapshot", "analysis", "total", "undo+redo");

  for (guint k = 0; k < N_EDITS; k++)
    {
      g_autoptr(GArray) t_edit = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_snap = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_analysis = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_total = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) t_undo = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint r = 0; r < runs; r++)
        {
          double t0, t1, t2, t3;
          DgAnalysis *analysis;

          dg_document_get_graph (doc);
          t0 = now_ms ();
          one_edit (h, (EditKind) k, rand);
          t1 = now_ms ();
          dg_document_get_graph (doc);
          t2 = now_ms ();
          analysis = dg_analysis_new (dg_document_get_graph (doc), &options);
          t3 = now_ms ();
          dg_analysis_unref (analysis);
          g_array_append_val (t_edit, (double) { t1 - t0 });
          g_array_append_val (t_snap, (double) { t2 - t1 });
          g_array_append_val (t_analysis, (double) { t3 - t2 });
          g_array_append_val (t_total, (double) { t3 - t0 });

          t0 = now_ms ();
          dg_history_undo (h);
          dg_document_get_graph (doc);
          dg_history_redo (h);
          dg_document_get_graph (doc);
          t1 = now_ms ();
          g_array_append_val (t_undo, (double) { t1 - t0 });
        }
      g_print ("%-18s %8.2f %9.2f %9.1f %9.1f %12.2f\n", edit_names[k], median (t_edit), median (t_snap),
               median (t_analysis), median (t_total), median (t_undo));
    }
  return 0;
}
