/* dg-sidebar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three column views over the document's list models, each filtered by the
 * search entry and sortable by clicking a column header. They are also how
 * a screen-reader user reaches every company, deal and cycle on the canvas.
 * Cycles are listed by route: a route with parallel deals opens (a tree
 * expander) into its combinations of deals.
 */
#define G_LOG_DOMAIN "dealgraph-sidebar"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-a11y.h"
#include "dg-cycle-item.h"
#include "dg-format.h"
#include "dg-session.h"
#include "dg-sidebar.h"

struct _DgSidebar
{
  GtkWidget parent_instance;

  DgSession *session;       /* followed: its analysis and masks */
  DgGraph *session_graph;   /* the document's snapshot the lists were made for */

  DgDocument *document;
  DgAnalysis *analysis;
  GtkStringFilter *company_filter;
  GtkStringFilter *deal_filter;
  GtkStringFilter *cycle_filter;
  GtkCustomFilter *visible_filter;   /* the filter bar's verdict */
  guint8 *node_visible;
  guint8 *edge_visible;
  GtkEveryFilter *company_every;
  GtkEveryFilter *deal_every;
  GtkSingleSelection *company_selection;
  GtkSingleSelection *deal_selection;
  GtkFilterListModel *company_rows;  /* the document's companies, filtered: */
  GtkFilterListModel *deal_rows;     /* kept for the next document, so the
                                      * views keep their row widgets */
  GtkFilterListModel *cycle_rows;
  GtkSortListModel *cycle_sorted;
  GtkSorter *cycle_sorter;           /* by the column headers, rows under their route */
  GHashTable *cells;                 /* bound cell labels, to refresh */
  GtkSingleSelection *cycle_selection;
  guint updating : 1;
  guint held : 1;                    /* a new snapshot's lists wait (dg_sidebar_hold_lists()) */
  guint held_pending : 1;            /* and one is waiting */

  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkColumnView *company_view;
  GtkColumnView *deal_view;
  GtkColumnView *cycle_view;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (DgSidebar, dg_sidebar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COMPANY_SELECTED,
  DEAL_SELECTED,
  CYCLE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void session_analysis_cb (DgSidebar *self);

/* ---- cells ------------------------------------------------------------ */

typedef char *(*CellText) (gpointer item, DgSidebar *self);

/* A cell's tooltip is its text (cut short in a narrow list), asked for
 * when the pointer rests on it: gtk_widget_set_tooltip_text() on every
 * bind asks the display server where the pointer is, one round trip a
 * cell, which was most of the time a 55,000-row list took to appear. */
static gboolean
cell_query_tooltip (GtkWidget  *label,
                    int         x,
                    int         y,
                    gboolean    keyboard,
                    GtkTooltip *tooltip,
                    gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  /* Plain text, never markup: names come from files. */
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell_tooltip (GtkWidget *label)
{
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip), NULL);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  setup_cell_tooltip (label);
  gtk_list_item_set_child (list_item, label);
  g_object_set_data (G_OBJECT (label), "dg-factory", factory);
}

/* A bound cell leaves the set refresh_cells() looks at. */
static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DgSidebar                *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (self->cells != NULL && label != NULL)
    g_hash_table_remove (self->cells, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           DgSidebar                *self)
{
  CellText text_func = g_object_get_data (G_OBJECT (factory), "text-func");
  g_autofree char *text = text_func (gtk_list_item_get_item (list_item), self);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  /* Bound cells, for refresh_cells(); unbind_cell() takes them out. */
  if (self->cells != NULL)
    g_hash_table_insert (self->cells, label, list_item);

  /* Names come from files: plain text, never markup. */
  gtk_label_set_text (GTK_LABEL (label), text);

  /* The first column names the row for a screen reader: every column's
   * text, "OpenAI, AI lab, $500B". */
  if (g_object_get_data (G_OBJECT (factory), "row-texts") != NULL)
    {
      GPtrArray *funcs = g_object_get_data (G_OBJECT (factory), "row-texts");
      g_autoptr(GString) row = g_string_new (NULL);

      for (guint i = 0; i < funcs->len; i++)
        {
          CellText f = (CellText) g_ptr_array_index (funcs, i);
          g_autofree char *part = f (gtk_list_item_get_item (list_item), self);

          if (row->len > 0)
            g_string_append (row, ", ");
          g_string_append (row, part);
        }
      dg_a11y_name_cell_row (label, row->str);
    }
}

static void
add_column (DgSidebar     *self,
            GtkColumnView *view,
            const char    *title,
            CellText       text_func,
            gboolean       numeric,
            gboolean       expand,
            GtkSorter     *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "text-func", text_func);
  {
    /* Every column's text, kept on the first column's factory. */
    GPtrArray *funcs = g_object_get_data (G_OBJECT (view), "dg-row-texts");

    if (g_list_model_get_n_items (gtk_column_view_get_columns (view)) == 0)
      {
        funcs = g_ptr_array_new ();
        g_object_set_data_full (G_OBJECT (view), "dg-row-texts", funcs, (GDestroyNotify) g_ptr_array_unref);
        g_object_set_data_full (G_OBJECT (factory), "row-texts", g_ptr_array_ref (funcs),
                                (GDestroyNotify) g_ptr_array_unref);
      }
    if (funcs != NULL)
      g_ptr_array_add (funcs, (gpointer) text_func);
  }
  g_object_set_data (G_OBJECT (factory), "dg-sidebar", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (view, column);
  g_clear_object (&sorter);
  g_object_unref (column);
}

/* The Kind column as wide as its longest word in this language: the column
 * view sizes columns from the first rows it lays out, which cut
 * "Rechenzentrum" and "Financement" short. */
static void
fit_kind_column (DgSidebar *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->company_view);
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, g_list_model_get_n_items (columns) - 1);
  int widest = 0;

  for (guint k = 0; k < DG_N_COMPANY_KINDS; k++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), dg_company_kind_label (k));
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  /* The cell's own padding and the column's separator. */
  gtk_column_view_column_set_fixed_width (column, widest + 24);
}

static char *
company_name_text (gpointer item, DgSidebar *self)
{
  return g_strdup (dg_company_get_name (item));
}

static char *
company_kind_text (gpointer item, DgSidebar *self)
{
  return g_strdup (dg_company_kind_label (dg_company_get_kind_enum (item)));
}

static char *
company_valuation_text (gpointer item, DgSidebar *self)
{
  return dg_company_has_valuation (item) ? dg_format_money_locale (dg_company_get_valuation (item)) : g_strdup ("—");
}

static char *
deal_parties_text (gpointer item, DgSidebar *self)
{
  DgCompany *from = dg_document_get_company (self->document, dg_deal_get_from_index (item));
  DgCompany *to = dg_document_get_company (self->document, dg_deal_get_to_index (item));

  return dg_format_deal_direction (dg_company_get_name (from), dg_company_get_name (to));
}

static char *
deal_amount_text (gpointer item, DgSidebar *self)
{
  return dg_amount_format_locale (dg_deal_get_amount (item));
}

static char *
deal_date_text (gpointer item, DgSidebar *self)
{
  const char *date = dg_deal_get_announced (item);

  /* ISO dates, short enough for a narrow list and sorting as they read;
   * undated deals stay in when the timeline is set, so say so here. */
  return date != NULL ? g_strdup (date) : g_strdup (_("no date"));
}

/* The Cycles list holds GtkTreeListRows of DgCycleItems. */
static DgCycleItem *
cycle_item_of (gpointer item)
{
  if (GTK_IS_TREE_LIST_ROW (item))
    item = gtk_tree_list_row_get_item (item);
  else if (item != NULL)
    g_object_ref (item);
  return item;
}

static char *
cycle_amount_text (gpointer item, DgSidebar *self)
{
  g_autoptr(DgCycleItem) cycle = cycle_item_of (item);
  char *text = NULL;

  g_object_get (cycle, "amount-text", &text, NULL);
  return text;
}

static void
setup_route_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  setup_cell_tooltip (label);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_route_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  g_autoptr(DgCycleItem) item = cycle_item_of (row);
  /* A route names its companies; a combination under it, the amounts of
   * its deals in order, "$10B · $250B". */
  const char *text = dg_cycle_item_get_label (item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  /* Names come from files: plain text, never markup. */
  gtk_label_set_text (GTK_LABEL (label), text);
  {
    g_autofree char *amount = cycle_amount_text (row, NULL);
    /* Translators: a cycle in a list as a screen reader hears it: its
     * route, then the amount that can go all the way round */
    g_autofree char *spoken = g_strdup_printf (_("%1$s, round trip %2$s"), text, amount);

    dg_a11y_name_cell_row (expander, spoken);
  }
}

static GListModel *
route_children (gpointer item,
                gpointer user_data)
{
  return dg_cycle_item_get_children (item);
}

/* For searching deals by either party, id or title. */
static char *
deal_search_text (DgDeal    *deal,
                  DgSidebar *self)
{
  DgCompany *from, *to;

  if (self->document == NULL)
    return g_strdup ("");
  from = dg_document_get_company (self->document, dg_deal_get_from_index (deal));
  to = dg_document_get_company (self->document, dg_deal_get_to_index (deal));

  return g_strjoin (" ", dg_company_get_name (from), dg_company_get_name (to),
                    dg_deal_get_id (deal),
                    dg_deal_get_title (deal) ? dg_deal_get_title (deal) : "",
                    dg_deal_kind_label (dg_deal_get_kind_enum (deal)),
                    NULL);
}

/* Deals sort by date as a number: undated deals (no string to compare,
 * which GtkStringSorter cannot take) come first, then the oldest. */
static int
deal_date_key (DgDeal *deal)
{
  return dg_deal_get_announced_packed (deal);
}

/* Companies sort by the kind as the column shows it, in the user's
 * language; a company without a kind in its file is "Other", not NULL. */
static char *
company_kind_key (DgCompany *company)
{
  return g_strdup (dg_company_kind_label (dg_company_get_kind_enum (company)));
}

static GtkSorter *
string_sorter (GType       type,
               const char *property)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (type, NULL, property)));
}

static GtkSorter *
numeric_sorter (GType       type,
                const char *property,
                gboolean    descending_first)
{
  GtkNumericSorter *sorter = gtk_numeric_sorter_new (gtk_property_expression_new (type, NULL, property));

  if (descending_first)
    gtk_numeric_sorter_set_sort_order (sorter, GTK_SORT_DESCENDING);
  return GTK_SORTER (sorter);
}

/* ---- selection -------------------------------------------------------- */

static void
selection_changed_cb (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      DgSidebar          *self)
{
  gpointer item;

  if (self->updating)
    return;

  item = gtk_single_selection_get_selected_item (selection);
  if (item == NULL)
    return;
  if (GTK_IS_TREE_LIST_ROW (item))
    item = gtk_tree_list_row_get_item (item), g_object_unref (item);

  if (DG_IS_COMPANY (item))
    g_signal_emit (self, signals[COMPANY_SELECTED], 0, dg_company_get_index (item));
  else if (DG_IS_DEAL (item))
    g_signal_emit (self, signals[DEAL_SELECTED], 0, dg_deal_get_index (item));
  else if (DG_IS_CYCLE_ITEM (item))
    g_signal_emit (self, signals[CYCLE_SELECTED], 0, dg_cycle_item_get_index (item));
}

/* Lists longer than this filter and sort a slice per main-loop turn (GTK's
 * incremental models), so building them never holds the window: the
 * 55,000 deals of a 10,000-company network took 0.2 s in one go, and its
 * routes twice that. Shorter ones are complete at once. */
#define INCREMENTAL_ROWS 2000

static void
set_incremental (GtkFilterListModel *filtered,
                 GtkSortListModel   *sorted,
                 guint               n_rows)
{
  /* Only ever on: GTK 4.8 turning a filter model's incremental mode off
   * while its filter matches everything copies a bitset it does not have
   * (a critical, then a crash). A short list after a long one filters in
   * one slice anyway. */
  if (n_rows <= INCREMENTAL_ROWS)
    return;
  gtk_filter_list_model_set_incremental (filtered, TRUE);
  gtk_sort_list_model_set_incremental (sorted, TRUE);
}

static GtkSingleSelection *
make_selection (DgSidebar           *self,
                GtkColumnView       *view,
                GListModel          *base,
                GtkFilter           *filter,
                GtkFilterListModel **rows)
{
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  filtered = gtk_filter_list_model_new (g_object_ref (base), g_object_ref (filter));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (view)));
  set_incremental (filtered, sorted, g_list_model_get_n_items (base));
  *rows = filtered;
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));

  return selection;
}

/* Another document's companies or deals into the same chain of models:
 * one items-changed, and the views rebind the row widgets they have
 * instead of making new ones (0.2 s for the first screenful of a list of
 * 55,000 deals, most of it widgets). */
static void
swap_rows (GtkSingleSelection *selection,
           GtkFilterListModel *rows,
           GListModel         *base)
{
  GtkSortListModel *sorted = GTK_SORT_LIST_MODEL (gtk_single_selection_get_model (selection));

  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  set_incremental (rows, sorted, g_list_model_get_n_items (base));
  gtk_filter_list_model_set_model (rows, base);
}

/* A company or deal changed in the document (an edit): the cells on screen
 * that show it, or a deal naming the company, take their text again. The
 * rows keep their place until the list is sorted again. */
static void
refresh_cells (DgSidebar *self,
               gpointer   changed)
{
  g_autoptr(GPtrArray) stale = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer label, list_item;

  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &label, &list_item))
    {
      gpointer item = gtk_list_item_get_item (list_item);
      gboolean redo = item == changed;

      if (!redo && item != NULL && DG_IS_COMPANY (changed) && DG_IS_DEAL (item))
        redo = dg_deal_get_from_index (item) == dg_company_get_index (changed)
               || dg_deal_get_to_index (item) == dg_company_get_index (changed);
      if (redo)
        g_ptr_array_add (stale, list_item);
    }
  /* Outside the iteration: binding inserts into the table. */
  for (guint i = 0; i < stale->len; i++)
    {
      GtkListItem *list_item_i = g_ptr_array_index (stale, i);
      GtkWidget *cell = gtk_list_item_get_child (list_item_i);
      GtkListItemFactory *factory = g_object_get_data (G_OBJECT (cell), "dg-factory");

      bind_cell (GTK_SIGNAL_LIST_ITEM_FACTORY (factory), list_item_i, self);
    }
}

static void
item_changed_cb (DgDocument *document,
                 gpointer    item,
                 const char *property,
                 DgSidebar  *self)
{
  refresh_cells (self, item);
}

static void
update_status (DgSidebar *self)
{
  g_autofree char *routes = NULL;
  g_autofree char *text = NULL;

  if (self->analysis == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }

  /* Translators: part of the line under the lists, "52 cycles on 27 routes" */
  routes = g_strdup_printf (ngettext ("on %u route", "on %u routes", self->analysis->n_routes),
                            self->analysis->n_routes);
  if (!(self->analysis->options.flags & DG_ANALYSIS_CYCLES))
    /* Translators: shown under the lists while the cycles of a large network are being found */
    text = g_strdup_printf (_("%u of %u deals lie on cycles; finding the cycles…"),
                            self->analysis->n_cyclic_edges, self->analysis->n_included_edges);
  else if (self->analysis->cycles_limit != DG_ANALYSIS_LIMIT_NONE)
    /* Translators: shown under the lists when the cycle search stopped early; the last %s is "on 27 routes" */
    text = g_strdup_printf (_("%u of %u deals lie on cycles; the first %u cycles are listed (%s), %s"),
                            self->analysis->n_cyclic_edges, self->analysis->n_included_edges,
                            self->analysis->n_cycles,
                            dg_analysis_limit_to_string (self->analysis->cycles_limit), routes);
  else
    /* Translators: shown under the lists; the last %s is "on 27 routes" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u deals lie on cycles; %u cycle %s",
                                         "%u of %u deals lie on cycles; %u cycles %s",
                                         self->analysis->n_cycles),
                            self->analysis->n_cyclic_edges, self->analysis->n_included_edges,
                            self->analysis->n_cycles, routes);
  gtk_label_set_text (self->status_label, text);
}

/* The routes come sorted (the analysis's order, largest round trip first):
 * the sort model sorts only while a column header asks it to. A tree row
 * sorter always sorts, making a GtkTreeListRow for every route, which for
 * the 4,800 routes of a 10,000-company network took 0.15 s each time the
 * list changed. */
static void
cycle_sort_changed_cb (DgSidebar *self)
{
  GtkSorter *columns = gtk_column_view_get_sorter (self->cycle_view);
  GtkSorter *wanted = gtk_sorter_get_order (columns) == GTK_SORTER_ORDER_NONE ? NULL : self->cycle_sorter;

  if (self->cycle_sorted != NULL && gtk_sort_list_model_get_sorter (self->cycle_sorted) != wanted)
    gtk_sort_list_model_set_sorter (self->cycle_sorted, wanted);
}

/* The Cycles list holds its rows only while its page shows. A column
 * view keeps widgets for up to about two hundred rows, bound or not, and
 * every edit of a large network empties the list (its cycles are being
 * found again) and the worker's analysis fills it: destroying and making
 * those rows was 25-50 ms of each edit at 10,000 companies, spent on a
 * page nobody was looking at. The selection model and its rows stay
 * (selecting a cycle from the canvas works on it); the view takes them
 * again when its page is shown. */
static void
attach_cycle_view (DgSidebar *self)
{
  gboolean shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cycles") == 0;
  GtkSelectionModel *wanted = shown && self->cycle_selection != NULL
                              ? GTK_SELECTION_MODEL (self->cycle_selection) : NULL;

  if (gtk_column_view_get_model (self->cycle_view) != wanted)
    gtk_column_view_set_model (self->cycle_view, wanted);
}

/* Routes (filtered by the search) -> their combinations -> sorted by the
 * column headers, rows kept under their route. */
static void
make_cycle_selection (DgSidebar  *self,
                      GListModel *routes)
{
  GtkFilterListModel *filtered;
  GtkTreeListModel *tree;
  GtkTreeListRowSorter *sorter;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  filtered = gtk_filter_list_model_new (g_object_ref (routes), g_object_ref (GTK_FILTER (self->cycle_filter)));
  self->cycle_rows = filtered;
  tree = gtk_tree_list_model_new (G_LIST_MODEL (filtered), FALSE, FALSE, route_children, NULL, NULL);
  sorter = gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (self->cycle_view)));
  g_set_object (&self->cycle_sorter, GTK_SORTER (sorter));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (tree), GTK_SORTER (sorter));
  self->cycle_sorted = sorted;
  cycle_sort_changed_cb (self);
  set_incremental (filtered, sorted, g_list_model_get_n_items (routes));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  self->cycle_selection = selection;
  attach_cycle_view (self);
}

static gboolean
unref_later_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* New routes into the Cycles list's models, made once. */
static void
set_cycles (DgSidebar  *self,
            GListModel *routes)
{
  GListModel *old;

  if (self->cycle_selection == NULL)
    {
      make_cycle_selection (self, routes);
      return;
    }
  /* The old routes go after the next frame: after an edit of a big
   * network, freeing thousands of them (and the analysis they hold) took
   * 3 ms of the edit's way to the screen. */
  old = gtk_filter_list_model_get_model (self->cycle_rows);
  if (old != NULL)
    g_idle_add_full (G_PRIORITY_LOW, unref_later_cb, g_object_ref (old), NULL);
  gtk_single_selection_set_selected (self->cycle_selection, GTK_INVALID_LIST_POSITION);
  set_incremental (self->cycle_rows,
                   GTK_SORT_LIST_MODEL (gtk_single_selection_get_model (self->cycle_selection)),
                   g_list_model_get_n_items (routes));
  gtk_filter_list_model_set_model (self->cycle_rows, routes);
}

void
dg_sidebar_set_data (DgSidebar  *self,
                     DgDocument *document,
                     DgAnalysis *analysis)
{
  g_autoptr(GListModel) cycles = NULL;
  gboolean new_document;

  g_return_if_fail (DG_IS_SIDEBAR (self));
  g_return_if_fail (DG_IS_DOCUMENT (document));

  new_document = document != self->document;
  if (new_document && self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, item_changed_cb, self);
  g_set_object (&self->document, document);
  if (analysis != NULL)
    dg_analysis_ref (analysis);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  self->analysis = analysis;

  self->updating = TRUE;
  if (self->company_selection == NULL)
    {
      self->company_selection = make_selection (self, self->company_view, dg_document_get_companies (document),
                                                GTK_FILTER (self->company_every), &self->company_rows);
      self->deal_selection = make_selection (self, self->deal_view, dg_document_get_deals (document),
                                             GTK_FILTER (self->deal_every), &self->deal_rows);
    }
  else if (new_document)
    {
      swap_rows (self->company_selection, self->company_rows, dg_document_get_companies (document));
      swap_rows (self->deal_selection, self->deal_rows, dg_document_get_deals (document));
    }
  if (new_document)
    {
      g_signal_connect_object (document, "company-changed", G_CALLBACK (item_changed_cb), self, 0);
      g_signal_connect_object (document, "deal-changed", G_CALLBACK (item_changed_cb), self, 0);
    }
  cycles = dg_cycle_item_list_new (document, analysis);
  set_cycles (self, cycles);
  self->updating = FALSE;

  update_status (self);
}

/**
 * dg_sidebar_set_analysis:
 * @analysis: (nullable): a new analysis of the document already set
 *
 * Only the cycles list and the status line follow: a filter change, or the
 * whole analysis arriving from its worker, leaves the companies and deals
 * as they are (dg_sidebar_set_visibility() says which are shown).
 */
void
dg_sidebar_set_analysis (DgSidebar  *self,
                         DgAnalysis *analysis)
{
  g_autoptr(GListModel) cycles = NULL;

  g_return_if_fail (DG_IS_SIDEBAR (self));

  if (self->document == NULL || analysis == self->analysis)
    return;
  if (analysis != NULL)
    dg_analysis_ref (analysis);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  self->analysis = analysis;

  self->updating = TRUE;
  cycles = dg_cycle_item_list_new (self->document, analysis);
  set_cycles (self, cycles);
  self->updating = FALSE;

  update_status (self);
}

#if !GTK_CHECK_VERSION (4, 12, 0)
/* GTK 4.8 has no gtk_column_view_scroll_to(): bring row @i of @n into view
 * through the adjustment. The rows of a column view are of one height, and
 * its header scrolls with them as about one row more. */
static void
scroll_to_row (GtkColumnView *view,
               guint          i,
               guint          n)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  double upper, page, value, row, top;

  if (adj == NULL || n == 0)
    return;
  upper = gtk_adjustment_get_upper (adj);
  page = gtk_adjustment_get_page_size (adj);
  value = gtk_adjustment_get_value (adj);
  row = upper / (n + 1);
  top = row * (i + 1);
  if (top >= value + row && top + row <= value + page)
    return;   /* in view already, below the header */
  gtk_adjustment_set_value (adj, CLAMP (top + row / 2 - page / 2, 0, MAX (upper - page, 0)));
}
#endif

/* Selects the row showing @item without emitting a signal, and scrolls to it. */
static void
show_item (DgSidebar          *self,
           GtkSingleSelection *selection,
           GtkColumnView      *view,
           const char         *page,
           gboolean          (*match) (gpointer item, guint index),
           guint               index)
{
  GListModel *model;
  guint n;

  if (selection == NULL)
    return;

  model = G_LIST_MODEL (selection);
  n = g_list_model_get_n_items (model);
  self->updating = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (match (item, index))
        {
          gtk_single_selection_set_selected (selection, i);
          gtk_stack_set_visible_child_name (self->stack, page);
#if GTK_CHECK_VERSION (4, 12, 0)
          gtk_column_view_scroll_to (view, i, NULL, GTK_LIST_SCROLL_NONE, NULL);
#else
          scroll_to_row (view, i, n);
#endif
          self->updating = FALSE;
          return;
        }
    }
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;
}

static gboolean match_company (gpointer item, guint index) { return dg_company_get_index (item) == index; }
static gboolean match_deal (gpointer item, guint index) { return dg_deal_get_index (item) == index; }

static gboolean
visible_filter_func (gpointer item,
                     gpointer user_data)
{
  DgSidebar *self = user_data;

  if (DG_IS_COMPANY (item))
    return self->node_visible == NULL || self->node_visible[dg_company_get_index (item)];
  if (DG_IS_DEAL (item))
    return self->edge_visible == NULL || self->edge_visible[dg_deal_get_index (item)];
  return TRUE;
}

/**
 * dg_sidebar_set_visibility:
 * @node_visible: (nullable): one byte per company, 0 = filtered out
 * @edge_visible: (nullable): one byte per deal
 *
 * Filtered-out companies and deals leave the lists as they leave the canvas.
 */
void
dg_sidebar_set_visibility (DgSidebar    *self,
                           const guint8 *node_visible,
                           guint         n_nodes,
                           const guint8 *edge_visible,
                           guint         n_edges)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));

  /* Nothing filtered before or now (an edit, most often): every row stays,
   * and refiltering 65,000 rows is not free. */
  if (node_visible == NULL && edge_visible == NULL && self->node_visible == NULL && self->edge_visible == NULL)
    return;
  g_clear_pointer (&self->node_visible, g_free);
  g_clear_pointer (&self->edge_visible, g_free);
  if (node_visible != NULL)
    self->node_visible = g_memdup2 (node_visible, MAX (n_nodes, 1));
  if (edge_visible != NULL)
    self->edge_visible = g_memdup2 (edge_visible, MAX (n_edges, 1));
  self->updating = TRUE;
  /* With nothing hidden the filter has no function: it then matches all
   * (GTK_FILTER_MATCH_ALL), and so do the lists' filters when nothing is
   * searched for, and their models pass an insertion or a removal straight
   * on. With a function they keep a bitset of the rows that match, which
   * GTK 4.8 shifts bit by bit at every insertion or removal: deleting a
   * company with its deals cost 1-3 ms a deal at 55,000 deals. Setting the
   * function tells the lists to filter again. */
  if (node_visible != NULL || edge_visible != NULL)
    gtk_custom_filter_set_filter_func (self->visible_filter, visible_filter_func, self, NULL);
  else
    gtk_custom_filter_set_filter_func (self->visible_filter, NULL, NULL, NULL);
  self->updating = FALSE;
}

void
dg_sidebar_show_company (DgSidebar *self,
                         guint      company)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));
  dg_sidebar_release_lists (self);
  show_item (self, self->company_selection, self->company_view, "companies", match_company, company);
}

void
dg_sidebar_show_deal (DgSidebar *self,
                      guint      deal)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));
  dg_sidebar_release_lists (self);
  show_item (self, self->deal_selection, self->deal_view, "deals", match_deal, deal);
}

/* Selects the cycle's row without emitting a signal: its route's, opened
 * to show the combination when the route has several. */
void
dg_sidebar_show_cycle (DgSidebar *self,
                       guint      cycle)
{
  GListModel *model;
  guint route;

  g_return_if_fail (DG_IS_SIDEBAR (self));

  dg_sidebar_release_lists (self);
  if (self->cycle_selection == NULL || self->analysis == NULL || cycle >= self->analysis->n_cycles)
    return;

  route = dg_analysis_get_cycle_route (self->analysis, cycle);
  model = G_LIST_MODEL (self->cycle_selection);
  self->updating = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(DgCycleItem) item = cycle_item_of (row);
      guint found = i;

      if (!dg_cycle_item_is_route (item) || dg_cycle_item_get_route (item) != route)
        continue;

      if (gtk_tree_list_row_is_expandable (row))
        {
          /* Its combinations follow it, in the sorted order. */
          gtk_tree_list_row_set_expanded (row, TRUE);
          for (guint j = i + 1; j < g_list_model_get_n_items (model); j++)
            {
              g_autoptr(GtkTreeListRow) child = g_list_model_get_item (model, j);
              g_autoptr(DgCycleItem) combination = cycle_item_of (child);

              if (dg_cycle_item_is_route (combination))
                break;
              if (dg_cycle_item_get_index (combination) == cycle)
                {
                  found = j;
                  break;
                }
            }
        }

      gtk_single_selection_set_selected (self->cycle_selection, found);
      gtk_stack_set_visible_child_name (self->stack, "cycles");
#if GTK_CHECK_VERSION (4, 12, 0)
      gtk_column_view_scroll_to (self->cycle_view, found, NULL, GTK_LIST_SCROLL_NONE, NULL);
#endif
      self->updating = FALSE;
      return;
    }
  gtk_single_selection_set_selected (self->cycle_selection, GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;
}

void
dg_sidebar_unselect (DgSidebar *self)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));

  dg_sidebar_release_lists (self);
  self->updating = TRUE;
  if (self->company_selection)
    gtk_single_selection_set_selected (self->company_selection, GTK_INVALID_LIST_POSITION);
  if (self->deal_selection)
    gtk_single_selection_set_selected (self->deal_selection, GTK_INVALID_LIST_POSITION);
  if (self->cycle_selection)
    gtk_single_selection_set_selected (self->cycle_selection, GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;
}

void
dg_sidebar_focus_search (DgSidebar *self)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dg_sidebar_set_page (DgSidebar     *self,
                     DgSidebarPage  page)
{
  static const char *names[] = { "companies", "deals", "cycles" };

  g_return_if_fail (DG_IS_SIDEBAR (self));
  gtk_stack_set_visible_child_name (self->stack, names[page]);
}

guint
dg_sidebar_get_n_visible (DgSidebar     *self,
                          DgSidebarPage  page)
{
  GtkSingleSelection *selection;

  g_return_val_if_fail (DG_IS_SIDEBAR (self), 0);
  dg_sidebar_release_lists (self);
  selection = page == DG_SIDEBAR_PAGE_COMPANIES ? self->company_selection
            : page == DG_SIDEBAR_PAGE_DEALS ? self->deal_selection
            : self->cycle_selection;
  return selection ? g_list_model_get_n_items (G_LIST_MODEL (selection)) : 0;
}

static void
search_changed_cb (DgSidebar      *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->company_filter, text);
  gtk_string_filter_set_search (self->deal_filter, text);
  gtk_string_filter_set_search (self->cycle_filter, text);

  /* Jump to the first page that has matches. */
  if (*text != '\0'
      && dg_sidebar_get_n_visible (self, DG_SIDEBAR_PAGE_COMPANIES) == 0
      && dg_sidebar_get_n_visible (self, DG_SIDEBAR_PAGE_DEALS) > 0)
    dg_sidebar_set_page (self, DG_SIDEBAR_PAGE_DEALS);
}

/* Enter in the search entry opens the first match of the visible list. */
static void
search_activate_cb (DgSidebar      *self,
                    GtkSearchEntry *entry)
{
  const char *page;
  GtkSingleSelection *selection;

  dg_sidebar_release_lists (self);
  page = gtk_stack_get_visible_child_name (self->stack);
  selection = g_strcmp0 (page, "deals") == 0 ? self->deal_selection
            : g_strcmp0 (page, "cycles") == 0 ? self->cycle_selection
            : self->company_selection;

  if (selection != NULL && g_list_model_get_n_items (G_LIST_MODEL (selection)) > 0)
    {
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      gtk_single_selection_set_selected (selection, 0);
    }
}

/* ---- following the session ------------------------------------------- */

/* A new analysis of the state shown: the lists are made again for a new
 * snapshot (a new document, an edit), with the session's masks; otherwise
 * the cycles are the new analysis's. An analysis of an older state (the
 * masks changed, its successor is on its way) is left alone. */
static void
session_analysis_cb (DgSidebar *self)
{
  DgDocument *doc = dg_session_get_document (self->session);
  DgAnalysis *analysis = dg_session_get_analysis (self->session);
  DgGraph *graph;

  if (doc == NULL || analysis == NULL || analysis->graph != dg_session_get_shown_graph (self->session))
    return;
  graph = dg_document_get_graph (doc);
  if (self->session_graph == graph)
    {
      dg_sidebar_set_analysis (self, analysis);
      return;
    }
  if (self->held)
    {
      /* The old rows stay, greyed, until released: a click on one would
       * name an item of the old document. */
      self->held_pending = TRUE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
      return;
    }
  g_clear_pointer (&self->session_graph, dg_graph_unref);
  self->session_graph = dg_graph_ref (graph);
  dg_sidebar_set_data (self, doc, analysis);
  dg_sidebar_set_visibility (self, dg_session_get_node_visible (self->session), graph->n_nodes,
                             dg_session_get_edge_visible (self->session), graph->n_edges);
}

/**
 * dg_sidebar_hold_lists:
 *
 * Until dg_sidebar_release_lists(), the lists of a new snapshot wait (the
 * old rows stay, greyed). Its owner holds them while the canvas draws a
 * new large document's first frame: making the lists' rows and laying
 * them out on the main loop (0.2 s at 55,000 deals) would put that frame
 * off (docs/performance.md). Anything that asks the lists for a row
 * (showing, selecting, counting) releases them first.
 */
void
dg_sidebar_hold_lists (DgSidebar *self)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));
  self->held = TRUE;
}

/**
 * dg_sidebar_release_lists:
 *
 * Fills the lists held by dg_sidebar_hold_lists() now, if a new snapshot
 * is waiting.
 */
void
dg_sidebar_release_lists (DgSidebar *self)
{
  g_return_if_fail (DG_IS_SIDEBAR (self));
  if (!self->held)
    return;
  self->held = FALSE;
  if (!self->held_pending)
    return;
  self->held_pending = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
  session_analysis_cb (self);
}

/**
 * dg_sidebar_is_holding_lists:
 *
 * Returns: whether a new snapshot's lists wait for
 *   dg_sidebar_release_lists(), for the benchmarks and tests
 */
gboolean
dg_sidebar_is_holding_lists (DgSidebar *self)
{
  g_return_val_if_fail (DG_IS_SIDEBAR (self), FALSE);
  return self->held_pending;
}

/* New masks for the lists already made: the rows they leave show. For a
 * new snapshot the lists wait for its analysis (above). */
static void
session_filter_cb (DgSidebar *self)
{
  DgDocument *doc = dg_session_get_document (self->session);
  DgGraph *graph;

  if (doc == NULL || self->session_graph != dg_document_get_graph (doc))
    return;
  graph = self->session_graph;
  dg_sidebar_set_visibility (self, dg_session_get_node_visible (self->session), graph->n_nodes,
                             dg_session_get_edge_visible (self->session), graph->n_edges);
}

static void
set_session (DgSidebar *self,
             DgSession *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->session_graph, dg_graph_unref);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::analysis", G_CALLBACK (session_analysis_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "filter-changed", G_CALLBACK (session_filter_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
dg_sidebar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DgSidebar *self = DG_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_sidebar_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DgSidebar *self = DG_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SESSION: set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_sidebar_dispose (GObject *object)
{
  DgSidebar *self = DG_SIDEBAR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_SIDEBAR);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->session_graph, dg_graph_unref);
  /* The template's top box has no id, so unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->company_selection);
  g_clear_object (&self->deal_selection);
  g_clear_object (&self->cycle_selection);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  self->cycle_sorted = NULL;
  g_clear_object (&self->cycle_sorter);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, item_changed_cb, self);
  g_clear_object (&self->company_filter);
  g_clear_object (&self->deal_filter);
  g_clear_object (&self->cycle_filter);
  g_clear_object (&self->company_every);
  g_clear_object (&self->deal_every);
  g_clear_object (&self->visible_filter);
  g_clear_pointer (&self->node_visible, g_free);
  g_clear_pointer (&self->edge_visible, g_free);
  g_clear_object (&self->document);
  g_clear_pointer (&self->analysis, dg_analysis_unref);

  G_OBJECT_CLASS (dg_sidebar_parent_class)->dispose (object);
}

static void
dg_sidebar_class_init (DgSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_sidebar_dispose;
  object_class->get_property = dg_sidebar_get_property;
  object_class->set_property = dg_sidebar_set_property;

  /* The session whose analysis and masks the lists show. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DG_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COMPANY_SELECTED] =
    g_signal_new ("company-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[DEAL_SELECTED] =
    g_signal_new ("deal-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[CYCLE_SELECTED] =
    g_signal_new ("cycle-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dgsidebar");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, DgSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DgSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, DgSidebar, company_view);
  gtk_widget_class_bind_template_child (widget_class, DgSidebar, deal_view);
  gtk_widget_class_bind_template_child (widget_class, DgSidebar, cycle_view);
  gtk_widget_class_bind_template_child (widget_class, DgSidebar, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
}

static void
dg_sidebar_init (DgSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->stack, "notify::visible-child-name", G_CALLBACK (attach_cycle_view), self,
                           G_CONNECT_SWAPPED);
  /* Label -> its list item, both borrowed, while bound. */
  self->cells = g_hash_table_new (NULL, NULL);

  self->company_filter = gtk_string_filter_new (gtk_property_expression_new (DG_TYPE_COMPANY, NULL, "name"));
  self->deal_filter = gtk_string_filter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                          G_CALLBACK (deal_search_text),
                                                                          self, NULL));
  self->cycle_filter = gtk_string_filter_new (gtk_property_expression_new (DG_TYPE_CYCLE_ITEM, NULL, "label"));
  gtk_string_filter_set_match_mode (self->company_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_match_mode (self->deal_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_match_mode (self->cycle_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  /* Nothing hidden yet: no function (dg_sidebar_set_visibility()). */
  self->visible_filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->company_every = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->company_every), g_object_ref (GTK_FILTER (self->company_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->company_every), g_object_ref (GTK_FILTER (self->visible_filter)));
  self->deal_every = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->deal_every), g_object_ref (GTK_FILTER (self->deal_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->deal_every), g_object_ref (GTK_FILTER (self->visible_filter)));

  add_column (self, self->company_view, _("Company"), company_name_text, FALSE, TRUE,
              string_sorter (DG_TYPE_COMPANY, "name"));
  add_column (self, self->company_view, _("Kind"), company_kind_text, FALSE, FALSE,
              GTK_SORTER (gtk_string_sorter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                              G_CALLBACK (company_kind_key),
                                                                              NULL, NULL))));
  fit_kind_column (self);
  add_column (self, self->company_view, _("Valuation"), company_valuation_text, TRUE, FALSE,
              numeric_sorter (DG_TYPE_COMPANY, "valuation", TRUE));

  add_column (self, self->deal_view, _("Deal"), deal_parties_text, FALSE, TRUE,
              GTK_SORTER (gtk_string_sorter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                              G_CALLBACK (deal_search_text),
                                                                              self, NULL))));
  add_column (self, self->deal_view, _("Amount"), deal_amount_text, TRUE, FALSE,
              numeric_sorter (DG_TYPE_DEAL, "amount-sort-key", TRUE));
  add_column (self, self->deal_view, _("Announced"), deal_date_text, TRUE, FALSE,
              GTK_SORTER (gtk_numeric_sorter_new (gtk_cclosure_expression_new (G_TYPE_INT, NULL, 0, NULL,
                                                                               G_CALLBACK (deal_date_key),
                                                                               NULL, NULL))));

  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    GtkColumnViewColumn *column;

    g_signal_connect (factory, "setup", G_CALLBACK (setup_route_cell), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_route_cell), NULL);
    /* Translators: the column of the Cycles list that names the companies money goes round */
    column = gtk_column_view_column_new (_("Route"), factory);
    gtk_column_view_column_set_expand (column, TRUE);
    gtk_column_view_column_set_resizable (column, TRUE);
    gtk_column_view_column_set_sorter (column, string_sorter (DG_TYPE_CYCLE_ITEM, "label"));
    gtk_column_view_append_column (self->cycle_view, column);
    g_object_unref (column);
  }
  add_column (self, self->cycle_view, _("Round trip"), cycle_amount_text, TRUE, FALSE,
              numeric_sorter (DG_TYPE_CYCLE_ITEM, "sort-key", TRUE));

  g_signal_connect_object (gtk_column_view_get_sorter (self->cycle_view), "changed",
                           G_CALLBACK (cycle_sort_changed_cb), self, G_CONNECT_SWAPPED);
  dg_a11y_name_column_view (self->company_view, _("Companies"));
  dg_a11y_name_column_view (self->deal_view, _("Deals"));
  dg_a11y_name_column_view (self->cycle_view, _("Cycles"));
}
