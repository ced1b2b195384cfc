/* dg-a11y.c: names for assistive technology where GTK 4.8 gets them wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 names a button with a mnemonic by its raw label *and* by the
 * label child it points to ("_Open Open", "_Show All Show All"), a check
 * button by its raw label ("_Include undisclosed"), and a menu button or a
 * paned by its type ("GtkMenuButton", "GtkPaned"): a screen reader reads all
 * of that aloud. dg_a11y_fix_names() walks a widget tree once its template
 * is built and gives each such widget the name a sighted user reads.
 * Icon-only buttons get their names in the .ui files, where a person chose
 * them; this only repairs what GTK derives by itself.
 */
#define G_LOG_DOMAIN "dealgraph-a11y"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-a11y.h"
#include "dg-format.h"
#include "dg-types.h"

/**
 * dg_a11y_strip_mnemonic:
 * @label: (nullable): a label that may hold mnemonics ("Show _All")
 *
 * GTK has no public function for this: "_" before a character marks the
 * mnemonic and is dropped; "__" stands for one underscore.
 *
 * Returns: (transfer full) (nullable): the label as it is drawn
 */
char *
dg_a11y_strip_mnemonic (const char *label)
{
  GString *out;

  if (label == NULL)
    return NULL;

  out = g_string_sized_new (strlen (label));
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * dg_a11y_set_label:
 * @label: (nullable): the name to read, as drawn (no mnemonics)
 *
 * Sets @widget's accessible name to exactly @label: the relation to the
 * mnemonic label, which GTK 4.8 would read after it, is dropped.
 */
void
dg_a11y_set_label (GtkWidget  *widget,
                   const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (label == NULL || *label == '\0')
    return;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/**
 * dg_a11y_name_drop_down:
 * @label: what the drop-down chooses, as drawn (no mnemonics)
 *
 * A GtkDropDown in GTK 4.8 is a combo box around a toggle button that GTK
 * names by its type ("GtkToggleButton"), and that button takes the focus:
 * it gets the drop-down's name.
 */
void
dg_a11y_name_drop_down (GtkDropDown *drop_down,
                        const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      dg_a11y_set_label (child, label);
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_ptr_array_add (labels, child);
      else
        collect_labels (child, labels);
    }
}

/**
 * dg_a11y_name_row_by_labels:
 * @row: a list row built of labels, with no name of its own
 *
 * A GtkListBoxRow takes the focus but GTK 4.8 gives it no name: it is
 * labelled by the labels it holds ("Valuation", "$500B"), so its name
 * follows them as they change.
 */
void
dg_a11y_name_row_by_labels (GtkWidget *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GList *list = NULL;

  g_return_if_fail (GTK_IS_WIDGET (row));

  collect_labels (row, labels);
  if (labels->len == 0)
    return;
  for (guint i = labels->len; i > 0; i--)
    list = g_list_prepend (list, g_ptr_array_index (labels, i - 1));
  {
    /* A reference list goes in a GValue as a GList, which GTK takes (it
     * becomes the relation's value); the variadic form would want each
     * reference as an argument of its own. */
    GtkAccessibleRelation relation = GTK_ACCESSIBLE_RELATION_LABELLED_BY;
    GValue value = G_VALUE_INIT;

    g_value_init (&value, G_TYPE_POINTER);
    g_value_set_pointer (&value, list);
    gtk_accessible_update_relation_value (GTK_ACCESSIBLE (row), 1, &relation, &value);
    g_value_unset (&value);
  }
}

static void
fix_widget (GtkWidget *widget)
{
  g_autofree char *label = NULL;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
    label = dg_a11y_strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));
  else if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)))
    label = dg_a11y_strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget));
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      /* Icon-only menu buttons are named in the .ui files; the menu they
       * open is named like them ("GtkPopoverMenu" otherwise). */
      label = dg_a11y_strip_mnemonic (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)));
      if (popover != NULL && (label != NULL || tooltip != NULL))
        dg_a11y_set_label (GTK_WIDGET (popover), label != NULL ? label : tooltip);
    }

  else if (GTK_IS_LIST_BOX_ROW (widget))
    {
      /* Rows of a template: those made later name themselves. */
      dg_a11y_name_row_by_labels (widget);
      return;
    }
  else if (GTK_IS_DROP_DOWN (widget))
    {
      GList *labels = gtk_widget_list_mnemonic_labels (widget);

      if (labels != NULL && GTK_IS_LABEL (labels->data))
        {
          g_autofree char *text = dg_a11y_strip_mnemonic (gtk_label_get_label (labels->data));

          dg_a11y_name_drop_down (GTK_DROP_DOWN (widget), text);
        }
      g_list_free (labels);
      return;
    }

  if (label != NULL)
    dg_a11y_set_label (widget, label);
}

/**
 * dg_a11y_name_column_view:
 * @label: what the list is called
 *
 * GTK 4.8 names a column view's inner list and its header row by their
 * types ("GtkColumnListView", "GtkListItemWidget"); both take the focus.
 */
void
dg_a11y_name_column_view (GtkColumnView *view,
                          const char    *label)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
        dg_a11y_set_label (child, _("Column headers"));
      else if (GTK_IS_LIST_VIEW (child) || g_strcmp0 (gtk_widget_get_css_name (child), "listview") == 0)
        dg_a11y_set_label (child, label);
    }
}

/**
 * dg_a11y_name_cell_row:
 * @cell_child: the widget a column's factory put in a cell
 * @label: what the whole row says
 *
 * Names the row a cell sits in. GTK 4.8 has no API for it (4.12 brings
 * GtkColumnViewRow:accessible-label) and names the row by its type; the
 * row is the cell's parent in every GTK 4 release so far.
 */
void
dg_a11y_name_cell_row (GtkWidget  *cell_child,
                       const char *label)
{
  GtkWidget *cell, *row;

  g_return_if_fail (GTK_IS_WIDGET (cell_child));

  cell = gtk_widget_get_parent (cell_child);
  row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  if (row != NULL && !GTK_IS_COLUMN_VIEW (row))
    dg_a11y_set_label (row, label);
}

/**
 * dg_a11y_fix_names:
 * @root: a widget, usually a template's root after gtk_widget_init_template()
 *
 * Gives the buttons, check buttons and menu buttons under @root (and @root
 * itself) their drawn labels as accessible names.
 */
void
dg_a11y_fix_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dg_a11y_fix_names (child);
}

/**
 * dg_a11y_describe_company:
 * @labels: the companies' names, by node
 * @edge_cyclic: (nullable): the deals on a cycle
 * @edge_visible: (nullable): the deals the diagram shows; %NULL for all
 *
 * What a screen reader says when the keyboard reaches a company on the
 * diagram: its name, kind, valuation, how many deals come in and go out
 * (of those shown) and whether it lies on a cycle.
 *
 * Returns: (transfer full): one sentence
 */
char *
dg_a11y_describe_company (const DgGraph      *graph,
                          const char * const *labels,
                          const guint8       *edge_cyclic,
                          const guint8       *edge_visible,
                          guint               node)
{
  guint n_in = 0, n_out = 0;
  gboolean cyclic = FALSE;
  double valuation;
  g_autofree char *head = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;

  g_return_val_if_fail (graph != NULL && labels != NULL, NULL);
  g_return_val_if_fail (node < graph->n_nodes, NULL);

  for (guint i = graph->in_offset[node]; i < graph->in_offset[node + 1]; i++)
    {
      guint e = graph->in_edges[i];

      if (edge_visible != NULL && !edge_visible[e])
        continue;
      n_in++;
      cyclic |= edge_cyclic != NULL && edge_cyclic[e];
    }
  for (guint i = graph->out_offset[node]; i < graph->out_offset[node + 1]; i++)
    {
      guint e = graph->out_edges[i];

      if (edge_visible != NULL && !edge_visible[e])
        continue;
      n_out++;
      cyclic |= edge_cyclic != NULL && edge_cyclic[e];
    }

  valuation = graph->node_valuation[node];
  if (!isnan (valuation))
    {
      g_autofree char *money = dg_format_money_locale (valuation);

      /* Translators: a company as a screen reader hears it: name, kind, valuation */
      head = g_strdup_printf (_("%1$s, %2$s, valued at %3$s"), labels[node],
                              dg_company_kind_label (graph->node_kind[node]), money);
    }
  else
    /* Translators: a company as a screen reader hears it: name, kind */
    head = g_strdup_printf (_("%1$s, %2$s"), labels[node], dg_company_kind_label (graph->node_kind[node]));

  in = g_strdup_printf (ngettext ("%u deal in", "%u deals in", n_in), n_in);
  out = g_strdup_printf (ngettext ("%u deal out", "%u deals out", n_out), n_out);

  /* Translators: a company: its name and kind; deals in; deals out; whether
   * it lies on a cycle ("on a cycle" or "not on a cycle") */
  return g_strdup_printf (_("%1$s; %2$s, %3$s; %4$s"), head, in, out,
                          cyclic ? _("on a cycle") : _("not on a cycle"));
}

/**
 * dg_a11y_describe_deal:
 * @labels: the companies' names, by node
 * @edge_cyclic: (nullable): the deals on a cycle
 *
 * What a screen reader says when the keyboard reaches a deal: payer and
 * payee, kind, amount, status and whether it lies on a cycle.
 *
 * Returns: (transfer full): one sentence
 */
char *
dg_a11y_describe_deal (const DgGraph      *graph,
                       const char * const *labels,
                       const guint8       *edge_cyclic,
                       guint               edge)
{
  DgAmount amount;
  g_autofree char *money = NULL;
  gboolean cyclic;

  g_return_val_if_fail (graph != NULL && labels != NULL, NULL);
  g_return_val_if_fail (edge < graph->n_edges, NULL);

  amount = (DgAmount) { graph->edge_amount_kind[edge], graph->edge_amount[edge],
                        graph->edge_amount_min[edge], graph->edge_amount_max[edge] };
  money = dg_amount_format_locale (&amount);
  cyclic = edge_cyclic != NULL && edge_cyclic[edge];

  /* Translators: a deal as a screen reader hears it: payer, payee, kind,
   * amount, status, then "on a cycle" or "not on a cycle" */
  return g_strdup_printf (_("Deal from %1$s to %2$s: %3$s, %4$s, %5$s; %6$s"),
                          labels[graph->edge_src[edge]], labels[graph->edge_dst[edge]],
                          dg_deal_kind_label (graph->edge_kind[edge]), money,
                          dg_deal_status_label (graph->edge_status[edge]),
                          cyclic ? _("on a cycle") : _("not on a cycle"));
}
