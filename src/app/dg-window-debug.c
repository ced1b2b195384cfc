/* dg-window-debug.c: the window's state, for the end-to-end tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read by dg-debug.c only when DEALGRAPH_DEBUG_BUS=1; it reads and never
 * changes anything.
 */
#define G_LOG_DOMAIN "dealgraph-window"

#include "config.h"

#include "dg-debug.h"
#include "dg-window-private.h"

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* The list the sidebar shows: how far it is scrolled and which row is
 * selected, so a test can tell whether the selected row is in view. Rows of
 * a column view are of one height. */
static void
describe_list (JsonBuilder *b,
               DgWindow    *self)
{
  GtkWidget *view = _dg_window_find_descendant (GTK_WIDGET (self->sidebar), GTK_TYPE_COLUMN_VIEW, TRUE);
  GtkSelectionModel *model;
  GtkAdjustment *adj;
  guint n, selected = GTK_INVALID_LIST_POSITION;

  add_bool (b, "list_shown", view != NULL);
  if (view == NULL)
    return;
  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
  if (GTK_IS_SINGLE_SELECTION (model))
    selected = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  add_int (b, "list_n_items", n);
  add_int (b, "list_selected", selected == GTK_INVALID_LIST_POSITION ? -1 : (gint64) selected);
  if (adj != NULL)
    {
      json_builder_set_member_name (b, "list_scroll");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, gtk_adjustment_get_value (adj));
      json_builder_add_double_value (b, gtk_adjustment_get_page_size (adj));
      json_builder_add_double_value (b, gtk_adjustment_get_upper (adj));
      json_builder_end_array (b);
    }
}

static gboolean
inside_list_row (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_COLUMN_VIEW (w) || GTK_IS_LIST_VIEW (w) || GTK_IS_LIST_BOX_ROW (w))
      return TRUE;
  return FALSE;
}

/* Labels of the window's own words that are cut short (lists of names
 * from the file are not counted: those may be long, and say so in a
 * tooltip). */
static void
collect_ellipsized (GtkWidget   *widget,
                    JsonBuilder *b)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && !inside_list_row (widget)
      && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    json_builder_add_string_value (b, gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_ellipsized (child, b);
}

void
_dg_window_describe (DgWindow    *self,
                     JsonBuilder *b)
{
  static const char *sel_names[] = { "none", "company", "deal", "cycle" };
  GAction *legend = g_action_map_lookup_action (G_ACTION_MAP (self), "legend");

  add_string (b, "header_title", gtk_label_get_text (self->title_label));
  add_string (b, "header_subtitle", gtk_label_get_text (self->subtitle_label));
  add_bool (b, "loading", self->document == NULL || self->loading);
  add_int (b, "loads_dropped", self->loads_dropped);
  if (self->document != NULL)
    {
      add_string (b, "document_title", dg_document_get_title (self->document));
      add_bool (b, "modified", dg_document_get_modified (self->document));
      add_int (b, "n_companies", dg_document_get_n_companies (self->document));
      add_int (b, "n_deals", dg_document_get_n_deals (self->document));
    }
  if (self->file != NULL)
    {
      g_autofree char *path = g_file_get_path (self->file);

      add_string (b, "file", path);
    }
  if (self->analysis != NULL)
    {
      add_int (b, "n_cycles", self->analysis->n_cycles);
      add_int (b, "n_cyclic_deals", self->analysis->n_cyclic_edges);
      /* The cycles are still being found in a worker. */
      add_bool (b, "analysis_pending", _dg_window_analysis_pending (self));
    }
  _dg_window_edit_describe (self, b);

  add_bool (b, "sidebar_visible", gtk_widget_get_visible (GTK_WIDGET (self->sidebar)));
  add_bool (b, "filters_revealed", gtk_revealer_get_reveal_child (self->filter_revealer));
  add_bool (b, "timeline_playing", dg_filter_bar_get_playing (self->filter_bar));
  add_bool (b, "panel_visible", gtk_widget_get_visible (self->panel_box));
  add_string (b, "panel_page", gtk_stack_get_visible_child_name (self->panel_stack));
  add_int (b, "panel_width", gtk_widget_get_width (self->panel_box));
  add_string (b, "selection_kind", sel_names[self->selection.kind]);
  add_int (b, "selection_index", self->selection.kind == SEL_NONE ? -1 : (gint64) self->selection.index);
  add_int (b, "history_length", self->history->len);
  add_int (b, "history_position", self->history_pos);
  if (legend != NULL)
    {
      g_autoptr(GVariant) state = g_action_get_state (legend);

      add_bool (b, "legend_action", g_variant_get_boolean (state));
    }
  json_builder_set_member_name (b, "ellipsized_labels");
  json_builder_begin_array (b);
  collect_ellipsized (GTK_WIDGET (self), b);
  json_builder_end_array (b);
  add_bool (b, "toast_shown", gtk_revealer_get_reveal_child (self->toast_revealer));
  add_string (b, "toast_text", gtk_label_get_text (self->toast_label));
  describe_list (b, self);

  json_builder_set_member_name (b, "canvas");
  json_builder_begin_object (b);
  dg_canvas_describe (self->canvas, b);
  json_builder_end_object (b);
}

/* Where a company or a deal is drawn, in the window's X window. */
gboolean
_dg_window_locate_item (DgWindow    *self,
                        const char  *kind,
                        const char  *id,
                        JsonBuilder *b)
{
  double x, y;

  if (self->document == NULL)
    return FALSE;
  if (g_str_equal (kind, "company"))
    {
      DgCompany *company = dg_document_lookup_company (self->document, id);

      if (company == NULL || !dg_canvas_node_to_widget (self->canvas, dg_company_get_index (company), &x, &y))
        return FALSE;
    }
  else if (g_str_equal (kind, "deal"))
    {
      DgDeal *deal = dg_document_lookup_deal (self->document, id);

      if (deal == NULL || !dg_canvas_edge_point (self->canvas, dg_deal_get_index (deal), 0.5, &x, &y))
        return FALSE;
    }
  else
    return FALSE;

  dg_debug_add_widget_point (b, GTK_WIDGET (self->canvas), x, y);
  json_builder_set_member_name (b, "in_view");
  json_builder_add_boolean_value (b, x >= 0 && y >= 0 && x < gtk_widget_get_width (GTK_WIDGET (self->canvas))
                                     && y < gtk_widget_get_height (GTK_WIDGET (self->canvas)));
  return TRUE;
}
