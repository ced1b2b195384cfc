/* test-import-dialog.c: File > Import…, driven through its widgets, and the
 * Export dialog's network formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dg-application.h"
#include "dg-canvas.h"
#include "dg-export-dialog.h"
#include "dg-filter.h"
#include "dg-import-dialog.h"
#include "dg-interchange.h"
#include "dg-loader.h"
#include "dg-window.h"

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GFile *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "csv", name, NULL);

  return g_file_new_for_path (path);
}

static DgImportDialog *
dialog_for (const char *name)
{
  g_autoptr(GFile) file = fixture (name);
  DgImportDialog *dialog = DG_IMPORT_DIALOG (dg_import_dialog_new (NULL));

  g_assert_true (dg_import_dialog_load_file (dialog, DG_CSV_DEALS, file));
  gtk_window_present (GTK_WINDOW (dialog));
  iterate (50);
  return dialog;
}

static const char *
button_label (DgImportDialog *dialog)
{
  return gtk_button_get_label (dg_import_dialog_get_import_button (dialog));
}

static gboolean
button_sensitive (DgImportDialog *dialog)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (dg_import_dialog_get_import_button (dialog)));
}

/* Every row it cannot read, with row, column, value and why, before
 * anything is imported; the button says what it will do. */
static void
test_lists_problems (void)
{
  DgImportDialog *dialog = dialog_for ("bad-amounts.csv");
  GListModel *problems = dg_import_dialog_get_problems (dialog);
  const DgImportProblem *p;

  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 9);
  p = dg_import_dialog_problem_at (dialog, 0);
  g_assert_cmpint (p->severity, ==, DG_SEVERITY_ERROR);
  g_assert_cmpuint (p->row, ==, 2);
  g_assert_cmpuint (p->column, ==, 3);
  g_assert_cmpstr (p->header, ==, "amount");
  g_assert_cmpstr (p->value, ==, "38 gazillion");
  g_assert_cmpstr (p->message, ==, "“gazillion” is not a unit; use K, M, B or T (thousand, million, billion, trillion)");
  p = dg_import_dialog_problem_at (dialog, 7);
  g_assert_cmpuint (p->row, ==, 9);
  g_assert_cmpstr (p->value, ==, "$10B per year");

  g_assert_cmpstr (button_label (dialog), ==, "_Import 1 Row, Skip 8");
  g_assert_true (button_sensitive (dialog));
  g_assert_true (g_str_has_prefix (dg_import_dialog_get_summary (dialog), "1 deal can be imported. "));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Dates the file does not order: refused until the user says. */
static void
test_date_order (void)
{
  DgImportDialog *dialog = dialog_for ("good.tsv");
  GListModel *problems = dg_import_dialog_get_problems (dialog);

  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 2);
  g_assert_cmpstr (dg_import_dialog_problem_at (dialog, 0)->value, ==, "3/11/2025");
  g_assert_false (button_sensitive (dialog));

  gtk_drop_down_set_selected (dg_import_dialog_get_date_dropdown (dialog), 1);
  /* What is left is a note: these deals have no sources. */
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 1);
  g_assert_cmpint (dg_import_dialog_problem_at (dialog, 0)->severity, ==, DG_SEVERITY_WARNING);
  g_assert_cmpstr (button_label (dialog), ==, "_Import 2 Rows");
  g_assert_true (button_sensitive (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static guint
position_of (GtkDropDown *dropdown,
             const char  *label)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* Headers no one would guess: the user picks each column's field. */
static void
test_mapping_by_hand (void)
{
  DgImportDialog *dialog = dialog_for ("unmapped.csv");
  GtkDropDown *payer = dg_import_dialog_get_field_dropdown (dialog, DG_CSV_DEALS, 0);
  GtkDropDown *payee = dg_import_dialog_get_field_dropdown (dialog, DG_CSV_DEALS, 1);
  GtkDropDown *amount = dg_import_dialog_get_field_dropdown (dialog, DG_CSV_DEALS, 2);

  g_assert_nonnull (payer);
  g_assert_null (dg_import_dialog_get_field_dropdown (dialog, DG_CSV_DEALS, 4));
  g_assert_false (button_sensitive (dialog));
  g_assert_nonnull (strstr (dg_import_dialog_get_summary (dialog), "no column says who pays"));
  /* Nothing guessed: every column starts as "Do not import". */
  g_assert_cmpuint (gtk_drop_down_get_selected (payer), ==, position_of (payer, "Do not import"));

  gtk_drop_down_set_selected (payer, position_of (payer, "Payer (from)"));
  gtk_drop_down_set_selected (payee, position_of (payee, "Payee (to)"));
  gtk_drop_down_set_selected (amount, position_of (amount, "Amount (USD)"));
  g_assert_cmpstr (button_label (dialog), ==, "_Import 1 Row");

  /* One column a field: giving the payer to another column takes it from the first. */
  gtk_drop_down_set_selected (payee, position_of (payee, "Payer (from)"));
  g_assert_cmpuint (gtk_drop_down_get_selected (payer), ==, position_of (payer, "Do not import"));
  g_assert_false (button_sensitive (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The window's File > Import: a new, unsaved document; Cancel changes nothing. */
typedef struct
{
  DgApplication *app;
  DgWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.ImportTest%u", APP_ID, ++serial);

  f->app = dg_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_set_application_id (G_APPLICATION (f->app), id);
  g_application_set_resource_base_path (G_APPLICATION (f->app), "/io/github/dealgraph/Dealgraph");
  g_application_register (G_APPLICATION (f->app), NULL, NULL);
  f->window = dg_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  dg_window_load_default (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate (100);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_document_set_modified (dg_window_get_document (f->window), FALSE);
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (50);
  g_clear_object (&f->app);
}

static DgImportDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DG_IS_IMPORT_DIALOG (window))
        return DG_IMPORT_DIALOG (window);
    }
  return NULL;
}

static void
import_through_window (Fixture *f,
                       GFile   *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", "s", uri));
  iterate (50);
}

static void
test_window_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = fixture ("good-semicolon.csv");
  DgDocument *before = dg_window_get_document (f->window);
  DgImportDialog *dialog;
  DgDocument *doc;

  /* Cancel: the window keeps its document. */
  import_through_window (f, file);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  iterate (50);
  g_assert_null (find_dialog ());
  g_assert_true (dg_window_get_document (f->window) == before);

  import_through_window (f, file);
  dialog = find_dialog ();
  g_assert_cmpstr (button_label (dialog), ==, "_Import 9 Rows");
  g_assert_true (dg_import_dialog_import (dialog));
  iterate (50);
  g_assert_null (find_dialog ());

  doc = dg_window_get_document (f->window);
  g_assert_true (doc != before);
  g_assert_cmpuint (dg_document_get_n_deals (doc), ==, 9);
  g_assert_cmpuint (dg_document_get_n_companies (doc), ==, 8);
  /* New and unsaved: marked, and with no file Save will ask where. */
  g_assert_true (dg_document_get_modified (doc));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "• good-semicolon");
  g_assert_nonnull (dg_window_get_analysis (f->window));
}

/* Dealgraph's own CSV export: the companies table beside the deals comes
 * along, and the network comes back whole. */
static void
test_window_import_own_export (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-import-XXXXXX", &error);
  g_autofree char *deals_path = g_build_filename (dir, "net.csv", NULL);
  g_autofree char *companies_path = g_build_filename (dir, "net-companies.csv", NULL);
  g_autoptr(GFile) deals = g_file_new_for_path (deals_path);
  g_autoptr(DgDocument) original = g_object_ref (dg_window_get_document (f->window));
  DgImportDialog *dialog;
  DgDocument *doc;

  g_assert_no_error (error);
  g_assert_true (dg_interchange_write (original, DG_EXPORT_FORMAT_CSV, NULL, NULL, DG_THEME_LIGHT, deals_path, &error));
  g_assert_no_error (error);

  import_through_window (f, deals);
  dialog = find_dialog ();
  g_assert_cmpuint (g_list_model_get_n_items (dg_import_dialog_get_problems (dialog)), ==, 0);
  {
    /* A row a deal and a company. */
    g_autofree char *label = g_strdup_printf ("_Import %u Rows", dg_document_get_n_deals (original)
                                                                 + dg_document_get_n_companies (original));

    g_assert_cmpstr (button_label (dialog), ==, label);
  }
  g_assert_true (dg_import_dialog_import (dialog));
  iterate (50);

  doc = dg_window_get_document (f->window);
  g_assert_cmpuint (dg_document_get_n_companies (doc), ==, dg_document_get_n_companies (original));
  g_assert_cmpuint (dg_document_get_n_deals (doc), ==, dg_document_get_n_deals (original));
  g_assert_cmpstr (dg_company_get_kind (dg_document_lookup_company (doc, "nvidia")), ==, "chips");

  g_unlink (deals_path);
  g_unlink (companies_path);
  g_rmdir (dir);
}

/* The Export dialog writes the network formats too, and they follow the
 * filter on screen as the pictures do. */
static void
test_export_dialog_network (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-export-XXXXXX", &error);
  g_autofree char *graphml_path = g_build_filename (dir, "net.graphml", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "net.csv", NULL);
  g_autofree char *companies_path = g_build_filename (dir, "net-companies.csv", NULL);
  g_autofree char *graphml = NULL;
  g_autofree char *csv = NULL;
  DgCanvas *canvas = DG_CANVAS (dg_window_get_canvas (f->window));
  DgDocument *doc = dg_window_get_document (f->window);
  GtkWidget *dialog;
  DgFilter filter;

  g_assert_no_error (error);
  /* Leave out what was cancelled: Amazon's $10B for OpenAI. */
  dg_filter_init (&filter);
  filter.statuses &= ~(1u << DG_DEAL_STATUS_CANCELLED);
  dialog = dg_export_dialog_new (GTK_WINDOW (f->window), doc, dg_window_get_analysis (f->window),
                                 DG_THEME_LIGHT, 800, 600, 0, 0, 1, NULL, &filter, dg_canvas_get_positions (canvas));
  g_object_ref_sink (dialog);
  g_assert_true (dg_export_dialog_export_to (DG_EXPORT_DIALOG (dialog), graphml_path, &error));
  g_assert_no_error (error);
  g_assert_true (dg_export_dialog_export_to (DG_EXPORT_DIALOG (dialog), csv_path, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  g_assert_true (g_file_get_contents (graphml_path, &graphml, NULL, NULL));
  g_assert_true (g_str_has_prefix (graphml, "<?xml"));
  g_assert_nonnull (strstr (graphml, "<data key=\"e_id\">openai-aws-38b</data>"));
  /* (Its replacement's description names it.) */
  g_assert_null (strstr (graphml, "<data key=\"e_id\">amazon-openai-10b</data>"));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\r\nopenai-aws-38b,openai,OpenAI,amazon,"));
  g_assert_null (strstr (csv, "\r\namazon-openai-10b,"));
  g_assert_true (g_file_test (companies_path, G_FILE_TEST_IS_REGULAR));

  g_unlink (graphml_path);
  g_unlink (csv_path);
  g_unlink (companies_path);
  g_rmdir (dir);
}

/* The element drawn for @deal_id in an SVG export. */
static char *
svg_deal (const char *svg,
          const char *deal_id)
{
  g_autofree char *open = g_strdup_printf ("<g id=\"deal-%s\"", deal_id);
  const char *start = strstr (svg, open);
  const char *end;

  g_assert_nonnull (start);
  end = strstr (start, "</g>");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* A cycle lit on screen stays lit in an export of the filtered view (the
 * filtered copy the export used to draw numbered its deals afresh and
 * dropped it). */
static void
test_export_dialog_filtered_lit_cycle (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealgraph-export-XXXXXX", &error);
  g_autofree char *lit_path = g_build_filename (dir, "lit.svg", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.svg", NULL);
  g_autofree char *lit_svg = NULL;
  g_autofree char *plain_svg = NULL;
  g_autofree guint8 *lit_edges = NULL;
  DgCanvas *canvas = DG_CANVAS (dg_window_get_canvas (f->window));
  DgDocument *doc = dg_window_get_document (f->window);
  DgAnalysis *analysis = dg_window_get_analysis (f->window);
  DgGraph *graph = dg_document_get_graph (doc);
  const char *on_cycle = NULL, *off_cycle = NULL;
  DgFilter filter;

  g_assert_no_error (error);
  g_assert_cmpuint (analysis->n_cycles, >, 0);
  lit_edges = g_new0 (guint8, graph->n_edges);
  for (guint i = analysis->cycle_offset[0]; i < analysis->cycle_offset[1]; i++)
    lit_edges[analysis->cycle_edges[i]] = 1;

  /* Leave out what was cancelled, which no cycle needs. */
  dg_filter_init (&filter);
  filter.statuses &= ~(1u << DG_DEAL_STATUS_CANCELLED);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);

      if (lit_edges[e])
        on_cycle = dg_deal_get_id (deal);
      else if (off_cycle == NULL && g_strcmp0 (dg_deal_get_status (deal), "cancelled") != 0)
        off_cycle = dg_deal_get_id (deal);
    }
  g_assert_nonnull (on_cycle);
  g_assert_nonnull (off_cycle);

  for (guint pass = 0; pass < 2; pass++)
    {
      GtkWidget *dialog = dg_export_dialog_new (GTK_WINDOW (f->window), doc, analysis, DG_THEME_LIGHT,
                                                800, 600, 0, 0, 1, pass == 0 ? lit_edges : NULL, &filter,
                                                dg_canvas_get_positions (canvas));

      g_object_ref_sink (dialog);
      g_assert_true (dg_export_dialog_export_to (DG_EXPORT_DIALOG (dialog), pass == 0 ? lit_path : plain_path,
                                                 &error));
      g_assert_no_error (error);
      gtk_window_destroy (GTK_WINDOW (dialog));
      g_object_unref (dialog);
    }

  g_assert_true (g_file_get_contents (lit_path, &lit_svg, NULL, NULL));
  g_assert_true (g_file_get_contents (plain_path, &plain_svg, NULL, NULL));
  /* Lit, the deals off the cycle are dimmed: drawn otherwise than without
   * a lit cycle. */
  {
    g_autofree char *lit_off = svg_deal (lit_svg, off_cycle);
    g_autofree char *plain_off = svg_deal (plain_svg, off_cycle);

    g_test_message ("off the cycle, lit: %s", lit_off);
    g_test_message ("off the cycle, plain: %s", plain_off);
    g_assert_cmpstr (lit_off, !=, plain_off);
  }
  /* And the cancelled deal stays out of both. */
  g_assert_null (strstr (lit_svg, "id=\"deal-amazon-openai-10b\""));
  g_assert_null (strstr (plain_svg, "id=\"deal-amazon-openai-10b\""));

  g_unlink (lit_path);
  g_unlink (plain_path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display: run under xvfb-run");
      return g_test_run ();
    }

  g_test_add_func ("/dealgraph/import-dialog/lists-problems", test_lists_problems);
  g_test_add_func ("/dealgraph/import-dialog/date-order", test_date_order);
  g_test_add_func ("/dealgraph/import-dialog/mapping-by-hand", test_mapping_by_hand);
  g_test_add ("/dealgraph/import-dialog/window-import", Fixture, NULL, fixture_setup, test_window_import,
              fixture_teardown);
  g_test_add ("/dealgraph/import-dialog/window-import-own-export", Fixture, NULL, fixture_setup,
              test_window_import_own_export, fixture_teardown);
  g_test_add ("/dealgraph/export-dialog/filtered-keeps-lit-cycle", Fixture, NULL, fixture_setup,
              test_export_dialog_filtered_lit_cycle, fixture_teardown);
  g_test_add ("/dealgraph/export-dialog/network-follows-filter", Fixture, NULL, fixture_setup,
              test_export_dialog_network, fixture_teardown);

  return g_test_run ();
}
