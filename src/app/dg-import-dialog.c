/* dg-import-dialog.c: File > Import…, a spreadsheet's tables into a new network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog is a face of DgCsvImport (src/core/dg-csv-import.c): it shows
 * the first rows of each table with each column's field above it (guessed
 * from the header, changeable), runs the import again after every change,
 * and lists every row it cannot read with the column, the value and why,
 * before anything is imported. "Import N Rows, Skip M" hands the document
 * of the rows that were read to whoever listens to "imported"; Cancel
 * imports nothing.
 */
#define G_LOG_DOMAIN "dealgraph-import-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-a11y.h"
#include "dg-import-dialog.h"

#define PREVIEW_ROWS 8

/* One problem in the list. */
#define DG_TYPE_IMPORT_PROBLEM_ITEM (dg_import_problem_item_get_type ())
G_DECLARE_FINAL_TYPE (DgImportProblemItem, dg_import_problem_item, DG, IMPORT_PROBLEM_ITEM, GObject)

struct _DgImportProblemItem
{
  GObject parent_instance;
  DgImportProblem *problem;
  char *file;
};

G_DEFINE_FINAL_TYPE (DgImportProblemItem, dg_import_problem_item, G_TYPE_OBJECT)

static void
dg_import_problem_item_finalize (GObject *object)
{
  DgImportProblemItem *self = DG_IMPORT_PROBLEM_ITEM (object);

  dg_import_problem_free (self->problem);
  g_free (self->file);
  G_OBJECT_CLASS (dg_import_problem_item_parent_class)->finalize (object);
}

static void
dg_import_problem_item_class_init (DgImportProblemItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dg_import_problem_item_finalize;
}

static void
dg_import_problem_item_init (DgImportProblemItem *self)
{
}

struct _DgImportDialog
{
  GtkWindow parent_instance;

  DgCsvImport *import;
  GFile *files[DG_CSV_N_TABLES];
  DgDocument *document;     /* the rows that were read, from the last run */
  DgImportCounts counts;
  GListStore *problems;
  GPtrArray *field_names[DG_CSV_N_TABLES];   /* GStrv per table: the dropdowns' fields */
  GPtrArray *dropdowns[DG_CSV_N_TABLES];
  gboolean updating;
  gboolean chose_first;     /* the dialog opened on a file chooser */

  GtkButton *import_button;
  GtkLabel *deals_label;
  GtkLabel *companies_label;
  GtkButton *companies_remove_button;
  GtkDropDown *separator_dropdown;
  GtkDropDown *date_dropdown;
  GtkStack *table_stack;
  GtkGrid *deals_grid;
  GtkGrid *companies_grid;
  GtkLabel *summary_label;
  GtkWidget *problems_window;
  GtkColumnView *problems_view;
};

G_DEFINE_FINAL_TYPE (DgImportDialog, dg_import_dialog, GTK_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char
chosen_separator (DgImportDialog *self)
{
  static const char separators[] = { 0, ',', ';', '\t' };

  return separators[MIN (gtk_drop_down_get_selected (self->separator_dropdown), 3)];
}

static char *
display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  return path != NULL ? g_filename_display_name (path) : g_file_get_parse_name (file);
}

/* A cell on one line, as the preview shows it. */
static char *
one_line (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (s, " ⏎ ");
      else if (*p != '\r')
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static void refresh (DgImportDialog *self);

static void
field_changed_cb (GtkDropDown    *dropdown,
                  GParamSpec     *pspec,
                  DgImportDialog *self)
{
  DgCsvTable table = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "table"));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "column"));
  GStrv names = g_ptr_array_index (self->field_names[table], 0);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION || names[selected] == NULL)
    return;
  /* One column a field: another column that had it lets it go, which the
   * refresh shows. */
  if (!dg_csv_import_set_field (self->import, table, column, names[selected], NULL))
    return;
  refresh (self);
}

/* Puts every column's dropdown on its field. */
static void
sync_dropdowns (DgImportDialog *self,
                DgCsvTable      table)
{
  GStrv names;

  if (self->dropdowns[table] == NULL || self->field_names[table]->len == 0)
    return;
  names = g_ptr_array_index (self->field_names[table], 0);
  self->updating = TRUE;
  for (guint c = 0; c < self->dropdowns[table]->len; c++)
    {
      g_autofree char *field = dg_csv_import_get_field (self->import, table, c);
      guint position = 0;

      for (guint i = 0; names[i] != NULL; i++)
        if (g_strcmp0 (names[i], field) == 0)
          position = i;
      gtk_drop_down_set_selected (g_ptr_array_index (self->dropdowns[table], c), position);
    }
  self->updating = FALSE;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* The preview of one table: a field chooser over each column, its header,
 * and the first rows. */
static void
build_preview (DgImportDialog *self,
               DgCsvTable      table)
{
  GtkGrid *grid = table == DG_CSV_DEALS ? self->deals_grid : self->companies_grid;
  g_autoptr(GtkStringList) labels = NULL;
  GStrv names;
  guint n_columns, n_rows;

  clear_grid (grid);
  g_ptr_array_set_size (self->dropdowns[table], 0);
  g_ptr_array_set_size (self->field_names[table], 0);

  if (!dg_csv_import_has_table (self->import, table))
    {
      GtkWidget *label = gtk_label_new (table == DG_CSV_COMPANIES
                                        ? _("No companies table: the companies named in the deals are made from their names.")
                                        : _("No deals table."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (grid, label, 0, 0, 1, 1);
      return;
    }

  names = dg_csv_import_list_fields (self->import, table);
  g_ptr_array_add (self->field_names[table], names);
  labels = gtk_string_list_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = dg_csv_field_label (table, names[i]);

      gtk_string_list_append (labels, label);
    }

  n_columns = dg_csv_import_get_n_columns (self->import, table);
  n_rows = MIN (dg_csv_import_get_n_rows (self->import, table), PREVIEW_ROWS);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *header = dg_csv_import_get_header (self->import, table, c);
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
      GtkWidget *title = gtk_label_new (header);
      g_autofree char *accessible = g_strdup_printf (_("Field of column “%s”"), header);

      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      dg_a11y_name_drop_down (GTK_DROP_DOWN (dropdown), accessible);
      g_object_set_data (G_OBJECT (dropdown), "table", GUINT_TO_POINTER (table));
      g_object_set_data (G_OBJECT (dropdown), "column", GUINT_TO_POINTER (c));
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (field_changed_cb), self);
      g_ptr_array_add (self->dropdowns[table], dropdown);
      gtk_grid_attach (grid, dropdown, c, 0, 1, 1);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 24);
      gtk_widget_add_css_class (title, "heading");
      gtk_grid_attach (grid, title, c, 1, 1, 1);

      for (guint r = 0; r < n_rows; r++)
        {
          g_autofree char *text = one_line (dg_csv_import_get_cell (self->import, table, r, c));
          GtkWidget *cell = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 24);
          gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
          gtk_widget_set_tooltip_text (cell, dg_csv_import_get_cell (self->import, table, r, c));
          gtk_grid_attach (grid, cell, c, 2 + r, 1, 1);
        }
    }
  sync_dropdowns (self, table);
}

static void
set_summary (DgImportDialog *self,
             const char     *text,
             gboolean        error)
{
  gtk_label_set_text (self->summary_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
}

static void
update_files (DgImportDialog *self)
{
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    {
      GtkLabel *label = t == DG_CSV_DEALS ? self->deals_label : self->companies_label;

      if (self->files[t] != NULL)
        {
          g_autofree char *name = display_name (self->files[t]);

          gtk_label_set_text (label, name);
        }
      else
        gtk_label_set_text (label, t == DG_CSV_DEALS ? _("None chosen") : _("None (optional)"));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->companies_remove_button), self->files[DG_CSV_COMPANIES] != NULL);
}

/* Runs the import with the current choices and shows what it would do. */
static void
refresh (DgImportDialog *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint skipped;

  g_clear_object (&self->document);
  g_list_store_remove_all (self->problems);
  memset (&self->counts, 0, sizeof self->counts);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_button_set_label (self->import_button, _("_Import"));
  dg_a11y_fix_names (GTK_WIDGET (self->import_button));
  update_files (self);
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    sync_dropdowns (self, t);

  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    {
      const DgImportProblem *p = dg_csv_import_get_file_problem (self->import, t);

      if (p != NULL)
        {
          g_autofree char *name = display_name (self->files[t]);
          g_autofree char *text = NULL;

          if (p->row > 0 && p->column > 0)
            /* Translators: a file that cannot be read: file, row, column, why */
            text = g_strdup_printf (_("%s cannot be read: row %u, column %u: %s"), name, p->row, p->column,
                                    p->message);
          else if (p->row > 0)
            text = g_strdup_printf (_("%s cannot be read: row %u: %s"), name, p->row, p->message);
          else
            text = g_strdup_printf (_("%s cannot be read: %s"), name, p->message);
          set_summary (self, text, TRUE);
          return;
        }
    }

  if (!dg_csv_import_has_table (self->import, DG_CSV_DEALS))
    {
      set_summary (self, _("Choose a deals table: a spreadsheet saved as CSV or TSV, one deal a row."), FALSE);
      return;
    }

  self->document = dg_csv_import_run (self->import, &problems, &self->counts, &error);
  if (self->document == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing can be imported: %s. Choose it above the column."),
                                               error->message);

      set_summary (self, text, TRUE);
      return;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      DgImportProblem *p = g_ptr_array_index (problems, i);
      DgImportProblemItem *item = g_object_new (DG_TYPE_IMPORT_PROBLEM_ITEM, NULL);

      item->problem = dg_import_problem_copy (p);
      item->file = self->files[p->table] != NULL ? g_file_get_basename (self->files[p->table]) : NULL;
      g_list_store_append (self->problems, item);
      g_object_unref (item);
    }

  /* Nothing to list: the preview gets the room. */
  gtk_widget_set_visible (self->problems_window, problems->len > 0);

  skipped = self->counts.deal_rows_refused + self->counts.company_rows_refused;
  {
    g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u deal can be imported.",
                                                          "%u deals can be imported.",
                                                          self->counts.deals_imported),
                                             self->counts.deals_imported);
    g_autofree char *refused = skipped == 0 ? g_strdup ("")
                               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u row cannot be read: it is listed below, with why. Import skips it; to fix it, cancel and correct the spreadsheet, or change what a column holds above.",
                                                               "%u rows cannot be read: they are listed below, with why. Import skips them; to fix them, cancel and correct the spreadsheet, or change what a column holds above.",
                                                               skipped), skipped);
    g_autofree char *table = self->counts.companies_imported == 0 ? g_strdup ("")
                             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u company comes from the companies table.",
                                                             "%u companies come from the companies table.",
                                                             self->counts.companies_imported),
                                                self->counts.companies_imported);
    g_autofree char *made = self->counts.companies_created == 0 ? g_strdup ("")
                            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u company is made from a name in the deals.",
                                                            "%u companies are made from the names in the deals.",
                                                            self->counts.companies_created),
                                               self->counts.companies_created);

    {
      GString *joined = g_string_new (rows);
      const char *parts[] = { table, made, refused };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (*parts[i] != '\0')
          g_string_append_printf (joined, " %s", parts[i]);
      summary = g_string_free (joined, FALSE);
    }
    set_summary (self, summary, FALSE);
  }

  if (self->counts.deals_imported > 0 || self->counts.companies_imported > 0)
    {
      g_autofree char *import = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Row", "_Import %u Rows",
                                                              self->counts.deals_imported + self->counts.companies_imported),
                                                 self->counts.deals_imported + self->counts.companies_imported);

      if (skipped > 0)
        {
          /* Translators: the import button when some rows are refused: "Import 120 Rows, Skip 3" */
          g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, Skip %u", "%s, Skip %u", skipped),
                                                    import, skipped);

          gtk_button_set_label (self->import_button, label);
        }
      else
        gtk_button_set_label (self->import_button, import);
      /* GTK 4.8 names the button by its raw label again. */
      dg_a11y_fix_names (GTK_WIDGET (self->import_button));
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
    }
}

/* The companies table a spreadsheet export put beside the deals:
 * NAME-companies.csv for NAME.csv, as Dealgraph's own CSV export names it. */
static GFile *
companies_beside (GFile *deals)
{
  g_autofree char *path = g_file_get_path (deals);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *candidate = NULL;
  char *dot;

  if (path == NULL)
    return NULL;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot == NULL || g_str_has_suffix (base, "-companies.csv"))
    return NULL;
  *dot = '\0';
  candidate = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s-companies.%s", dir, base, dot + 1);
  if (!g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_file_new_for_path (candidate);
}

static gboolean
load (DgImportDialog *self,
      DgCsvTable      table,
      GFile          *file)
{
  gboolean ok = TRUE;

  g_set_object (&self->files[table], file);
  if (file == NULL)
    dg_csv_import_clear_table (self->import, table);
  else
    ok = dg_csv_import_load_file (self->import, table, file, chosen_separator (self), NULL);
  build_preview (self, table);
  return ok;
}

/**
 * dg_import_dialog_load_file:
 * @table: which table @file is
 * @file: a CSV or TSV file
 *
 * Reads @file, shows its first rows and what the import would do. A deals
 * table brings the companies table beside it (NAME-companies.csv), when
 * there is one, and shows it.
 *
 * Returns: %TRUE when @file could be read
 */
gboolean
dg_import_dialog_load_file (DgImportDialog *self,
                            DgCsvTable      table,
                            GFile          *file)
{
  gboolean ok;

  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  ok = load (self, table, file);
  if (table == DG_CSV_DEALS && self->files[DG_CSV_COMPANIES] == NULL)
    {
      g_autoptr(GFile) companies = companies_beside (file);

      if (companies != NULL)
        load (self, DG_CSV_COMPANIES, companies);
    }
  refresh (self);
  return ok;
}

static GtkFileFilter *
table_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Spreadsheet tables (CSV, TSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  return filter;
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     DgImportDialog  *self)
{
  DgCsvTable table = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "table"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        dg_import_dialog_load_file (self, table, file);
    }

  if (self->chose_first)
    {
      self->chose_first = FALSE;
      /* Nothing chosen: there is nothing to import. */
      if (self->files[DG_CSV_DEALS] == NULL)
        gtk_window_destroy (GTK_WINDOW (self));
      else
        gtk_window_present (GTK_WINDOW (self));
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose (DgImportDialog *self,
        DgCsvTable      table)
{
  g_autoptr(GtkFileFilter) filter = table_filter ();
  GtkFileChooserNative *chooser;
  GtkWindow *parent = self->chose_first ? gtk_window_get_transient_for (GTK_WINDOW (self)) : GTK_WINDOW (self);

  chooser = gtk_file_chooser_native_new (table == DG_CSV_DEALS ? _("Import the Deals Table") : _("The Companies Table"),
                                         parent, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "table", GUINT_TO_POINTER (table));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * dg_import_dialog_choose_file:
 *
 * Asks for the deals table first, then shows the dialog with it; cancelled,
 * the dialog goes away without showing.
 */
void
dg_import_dialog_choose_file (DgImportDialog *self)
{
  g_return_if_fail (DG_IS_IMPORT_DIALOG (self));

  self->chose_first = TRUE;
  choose (self, DG_CSV_DEALS);
}

static void
choose_deals_cb (DgImportDialog *self)
{
  choose (self, DG_CSV_DEALS);
}

static void
choose_companies_cb (DgImportDialog *self)
{
  choose (self, DG_CSV_COMPANIES);
}

static void
remove_companies_cb (DgImportDialog *self)
{
  load (self, DG_CSV_COMPANIES, NULL);
  refresh (self);
}

static void
separator_changed_cb (DgImportDialog *self)
{
  /* Read again with it: the columns change. */
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    if (self->files[t] != NULL)
      {
        g_autoptr(GFile) file = g_object_ref (self->files[t]);

        load (self, t, file);
      }
  refresh (self);
}

static void
date_order_changed_cb (DgImportDialog *self)
{
  static const DgDateOrder orders[] = { DG_DATE_ORDER_FROM_FILE, DG_DATE_ORDER_DMY, DG_DATE_ORDER_MDY };

  dg_csv_import_set_date_order (self->import, orders[MIN (gtk_drop_down_get_selected (self->date_dropdown), 2)]);
  refresh (self);
}

/**
 * dg_import_dialog_import:
 *
 * Imports what the dialog shows: emits "imported" with the document of
 * the rows that were read, and closes.
 *
 * Returns: %TRUE when there was something to import
 */
gboolean
dg_import_dialog_import (DgImportDialog *self)
{
  g_autoptr(DgDocument) document = NULL;

  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), FALSE);

  if (self->document == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->import_button)))
    return FALSE;
  document = g_steal_pointer (&self->document);
  g_signal_emit (self, signals[IMPORTED], 0, document);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
import_clicked_cb (DgImportDialog *self)
{
  dg_import_dialog_import (self);
}

/* The problem list's columns --------------------------------------------- */

typedef enum
{
  COLUMN_SEVERITY,
  COLUMN_FILE,
  COLUMN_ROW,
  COLUMN_COLUMN,
  COLUMN_VALUE,
  COLUMN_WHY,
} ProblemColumn;

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  ProblemColumn column = GPOINTER_TO_UINT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_ROW ? 1 : 0);
  if (column == COLUMN_WHY)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  DgImportProblemItem *problem_item = gtk_list_item_get_item (item);
  const DgImportProblem *p = problem_item->problem;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((ProblemColumn) GPOINTER_TO_UINT (data))
    {
    case COLUMN_SEVERITY:
      text = g_strdup (p->severity == DG_SEVERITY_ERROR ? _("Skipped") : _("Note"));
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (label), p->severity == DG_SEVERITY_ERROR ? "error" : "dim-label");
      break;
    case COLUMN_FILE:
      text = g_strdup (problem_item->file != NULL ? problem_item->file : "");
      break;
    case COLUMN_ROW:
      text = p->row > 0 ? g_strdup_printf ("%u", p->row) : g_strdup ("");
      break;
    case COLUMN_COLUMN:
      if (p->header != NULL && p->column > 0)
        text = g_strdup_printf ("%u · %s", p->column, p->header);
      else
        text = p->column > 0 ? g_strdup_printf ("%u", p->column) : g_strdup ("");
      break;
    case COLUMN_VALUE:
      text = one_line (p->value != NULL ? p->value : "");
      break;
    case COLUMN_WHY:
    default:
      text = g_strdup (p->message);
      break;
    }
  /* Values come from the file: plain text, never markup. */
  gtk_label_set_text (label, text);
}

static void
add_problem_column (DgImportDialog *self,
                    const char     *title,
                    ProblemColumn   column,
                    gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->problems_view, view_column);
  g_object_unref (view_column);
}

/* The object ------------------------------------------------------------------ */

static void
dg_import_dialog_dispose (GObject *object)
{
  DgImportDialog *self = DG_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->document);
  g_clear_object (&self->problems);
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    {
      g_clear_object (&self->files[t]);
      g_clear_pointer (&self->field_names[t], g_ptr_array_unref);
      g_clear_pointer (&self->dropdowns[t], g_ptr_array_unref);
    }
  g_clear_pointer (&self->import, dg_csv_import_free);

  G_OBJECT_CLASS (dg_import_dialog_parent_class)->dispose (object);
}

static void
dg_import_dialog_class_init (DgImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A window subclass is a generic element to GTK 4.8 unless it says
   * what it is: a screen reader would not list it as a window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  object_class->dispose = dg_import_dialog_dispose;

  /**
   * DgImportDialog::imported:
   * @document: the network of the rows that were read, unsaved
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, DG_TYPE_DOCUMENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, deals_label);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, companies_label);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, companies_remove_button);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, separator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, table_stack);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, deals_grid);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, companies_grid);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, problems_window);
  gtk_widget_class_bind_template_child (widget_class, DgImportDialog, problems_view);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_deals_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_companies_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_companies_cb);
  gtk_widget_class_bind_template_callback (widget_class, separator_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_order_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dg_import_dialog_init (DgImportDialog *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  dg_a11y_fix_names (GTK_WIDGET (self));

  self->import = dg_csv_import_new ();
  self->problems = g_list_store_new (DG_TYPE_IMPORT_PROBLEM_ITEM);
  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    {
      self->field_names[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      self->dropdowns[t] = g_ptr_array_new ();
    }

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->problems)));
  gtk_column_view_set_model (self->problems_view, GTK_SELECTION_MODEL (selection));
  add_problem_column (self, "", COLUMN_SEVERITY, FALSE);
  add_problem_column (self, _("File"), COLUMN_FILE, FALSE);
  add_problem_column (self, _("Row"), COLUMN_ROW, FALSE);
  add_problem_column (self, _("Column"), COLUMN_COLUMN, FALSE);
  add_problem_column (self, _("Value"), COLUMN_VALUE, FALSE);
  add_problem_column (self, _("Why"), COLUMN_WHY, TRUE);

  for (guint t = 0; t < DG_CSV_N_TABLES; t++)
    build_preview (self, t);
  refresh (self);
}

/**
 * dg_import_dialog_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): the dialog, not shown yet; load a file with
 *   dg_import_dialog_load_file() and present it, or let
 *   dg_import_dialog_choose_file() ask for one
 */
GtkWidget *
dg_import_dialog_new (GtkWindow *parent)
{
  return g_object_new (DG_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
}

GListModel *
dg_import_dialog_get_problems (DgImportDialog *self)
{
  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), NULL);
  return G_LIST_MODEL (self->problems);
}

const DgImportProblem *
dg_import_dialog_problem_at (DgImportDialog *self,
                             guint           position)
{
  g_autoptr(DgImportProblemItem) item = NULL;

  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->problems), position);
  return item != NULL ? item->problem : NULL;
}

const char *
dg_import_dialog_get_summary (DgImportDialog *self)
{
  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

GtkButton *
dg_import_dialog_get_import_button (DgImportDialog *self)
{
  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), NULL);
  return self->import_button;
}

GtkDropDown *
dg_import_dialog_get_field_dropdown (DgImportDialog *self,
                                     DgCsvTable      table,
                                     guint           column)
{
  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (table < DG_CSV_N_TABLES, NULL);

  if (column >= self->dropdowns[table]->len)
    return NULL;
  return g_ptr_array_index (self->dropdowns[table], column);
}

GtkDropDown *
dg_import_dialog_get_date_dropdown (DgImportDialog *self)
{
  g_return_val_if_fail (DG_IS_IMPORT_DIALOG (self), NULL);
  return self->date_dropdown;
}
