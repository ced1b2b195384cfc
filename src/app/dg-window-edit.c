/* dg-window-edit.c: editing the network in the window, undo and redo, and
 * the recovery copy that survives a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit goes through the document's DgHistory (core), which checks it
 * with the loader's rules; this file only turns keys, clicks and entries
 * into those calls, shows a refusal's message, and brings the canvas,
 * lists and panels up to date afterwards through the same path a filter
 * change takes (the session's "filter-changed").
 */
#define G_LOG_DOMAIN "dealgraph-window"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "dg-analysis.h"
#include "dg-atomic-file.h"
#include "dg-application.h"
#include "dg-history.h"
#include "dg-loader.h"
#include "dg-validate.h"
#include "dg-window.h"
#include "dg-window-private.h"

/* A recovery copy is written this long after an edit, so a burst of typing
 * is one write and a kill costs at most these seconds. */
#define RECOVERY_DELAY_MS 2000

static void fill_form (DgWindow *self);
static void advanced_toggled_cb (DgWindow *self, GParamSpec *pspec, GtkWidget *expander);
static void schedule_recovery (DgWindow *self);

/* ---- after an edit -------------------------------------------------------- */

/* Where a company without a saved position goes: among its partners, or
 * in the middle of the view. */
static void
place_unset (DgWindow         *self,
             DgGraph          *graph,
             const DgPosition *positions,
             guint             v,
             float            *xy)
{
  double sx = 0, sy = 0, vx, vy, zoom;
  guint n = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      const guint *offset = pass == 0 ? graph->out_offset : graph->in_offset;
      const guint *edges = pass == 0 ? graph->out_edges : graph->in_edges;

      for (guint i = offset[v]; i < offset[v + 1]; i++)
        {
          guint e = edges[i], u = pass == 0 ? graph->edge_dst[e] : graph->edge_src[e];

          if (positions[u].set)
            {
              sx += positions[u].x;
              sy += positions[u].y;
              n++;
            }
        }
    }
  if (n > 0)
    {
      /* Beside the partners' centre, not on top of one of them. */
      xy[2 * v] = (float) (sx / n + 40.0);
      xy[2 * v + 1] = (float) (sy / n + 40.0);
      return;
    }
  dg_canvas_get_view (self->canvas, &vx, &vy, &zoom);
  xy[2 * v] = (float) ((gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0 - vx) / zoom);
  xy[2 * v + 1] = (float) ((gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0 - vy) / zoom);
  if (!isfinite (xy[2 * v]) || !isfinite (xy[2 * v + 1]))
    xy[2 * v] = xy[2 * v + 1] = 0;
}

/* The document changed: the canvas gets the new snapshot with the
 * document's positions and keeps its view; the filter, the analysis, the
 * lists and the title follow as after a filter change; the selection
 * follows its company or deal to its new index. */
static void
after_edit (DgWindow   *self,
            DgCompany  *select_company,
            DgDeal     *select_deal)
{
  DgDocument *doc = self->document;
  DgGraph *graph = dg_document_get_graph (doc);
  const DgPosition *positions = dg_document_get_positions (doc);
  guint n = graph->n_nodes, m = graph->n_edges;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) node_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) edge_ids = g_ptr_array_new ();
  g_autofree float *xy = g_new0 (float, 2 * MAX (n, 1));
  g_autofree guint8 *pinned = g_new0 (guint8, MAX (n, 1));
  double vx, vy, zoom;
  gboolean structure, map;
  DgCanvasKeep keep = DG_CANVAS_KEEP_NOTHING;
  const guint *node_origin, *edge_origin;
  DgGraph *shown;

  structure = self->analysis == NULL
              || self->analysis->graph->n_nodes != n
              || self->analysis->graph->n_edges != m;

  if (select_company == NULL && select_deal == NULL)
    {
      /* Keep what was selected, wherever it now is. */
      if (self->selection.kind == SEL_COMPANY)
        select_company = g_object_get_data (G_OBJECT (self->edit_box), "company");
      else if (self->selection.kind == SEL_DEAL)
        select_deal = g_object_get_data (G_OBJECT (self->edit_box), "deal");
    }

  /* Only the lists of names and ids the edit changed are copied again,
   * and of those only the rows of companies and deals that are new or
   * changed, when the canvas shows the snapshot this one was made from:
   * it has the others. */
  shown = dg_canvas_get_graph (self->canvas);
  map = shown != NULL && graph->base_serial == shown->serial;
  for (guint k = 0; k < G_N_ELEMENTS (self->canvas_strings); k++)
    {
      /* By DgDocumentStrings. */
      static const DgCanvasKeep same[] = { DG_CANVAS_KEEP_LABELS, DG_CANVAS_KEEP_NODE_IDS, DG_CANVAS_KEEP_EDGE_IDS };
      static const DgCanvasKeep mapped[] = { DG_CANVAS_MAP_LABELS, DG_CANVAS_MAP_NODE_IDS, DG_CANVAS_MAP_EDGE_IDS };
      guint serial = dg_document_get_strings_serial (doc, (DgDocumentStrings) k);

      G_STATIC_ASSERT (DG_DOCUMENT_COMPANY_NAMES == 0 && DG_DOCUMENT_COMPANY_IDS == 1 && DG_DOCUMENT_DEAL_IDS == 2);
      if (serial == self->canvas_strings[k])
        keep |= same[k];
      else if (map)
        keep |= mapped[k];
      self->canvas_strings[k] = serial;
    }
  node_origin = (keep & (DG_CANVAS_MAP_LABELS | DG_CANVAS_MAP_NODE_IDS)) ? graph->node_origin : NULL;
  edge_origin = (keep & DG_CANVAS_MAP_EDGE_IDS) ? graph->edge_origin : NULL;

  for (guint v = 0; v < n; v++)
    {
      DgCompany *company = dg_document_get_company (doc, v);
      gboolean unchanged = node_origin != NULL && node_origin[v] != DG_GRAPH_ORIGIN_CHANGED;

      if (!(keep & DG_CANVAS_KEEP_LABELS))
        g_ptr_array_add (labels, unchanged ? NULL : (char *) dg_company_get_name (company));
      if (!(keep & DG_CANVAS_KEEP_NODE_IDS))
        g_ptr_array_add (node_ids, unchanged ? NULL : (char *) dg_company_get_id (company));
      if (positions[v].set)
        {
          xy[2 * v] = (float) positions[v].x;
          xy[2 * v + 1] = (float) positions[v].y;
        }
      else
        place_unset (self, graph, positions, v, xy);
      pinned[v] = positions[v].pinned;
    }
  for (guint e = 0; !(keep & DG_CANVAS_KEEP_EDGE_IDS) && e < m; e++)
    g_ptr_array_add (edge_ids, edge_origin != NULL && edge_origin[e] != DG_GRAPH_ORIGIN_CHANGED
                               ? NULL : (char *) dg_deal_get_id (dg_document_get_deal (doc, e)));
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (node_ids, NULL);
  g_ptr_array_add (edge_ids, NULL);

  dg_canvas_get_view (self->canvas, &vx, &vy, &zoom);
  dg_canvas_replace_graph (self->canvas, graph, (const char * const *) labels->pdata,
                           (const char * const *) node_ids->pdata, (const char * const *) edge_ids->pdata, keep);
  dg_canvas_set_positions (self->canvas, xy, pinned);
  /* The view stays, unless the network was empty or nearly: then it fits. */
  if (zoom > 0 && isfinite (vx) && isfinite (vy) && isfinite (zoom) && !(structure && n <= 2))
    dg_canvas_set_view (self->canvas, vx, vy, zoom);
  dg_filter_bar_set_graph (self->filter_bar, graph);
  if (structure)
    {
      /* Hidden companies and the way back are kept by index. */
      g_array_set_size (self->history, 0);
      self->history_pos = 0;
    }
  /* The session makes its masks for the new snapshot, and the views follow
   * its "filter-changed" (once: showing the hidden companies again sends
   * it already). */
  if (!(structure && dg_session_show_all (self->session)))
    dg_session_refilter (self->session);

  if (select_company != NULL && dg_document_lookup_company (doc, dg_company_get_id (select_company)) == select_company)
    _dg_window_select (self, SEL_COMPANY, dg_company_get_index (select_company));
  else if (select_deal != NULL && dg_document_lookup_deal (doc, dg_deal_get_id (select_deal)) == select_deal)
    _dg_window_select (self, SEL_DEAL, dg_deal_get_index (select_deal));
  else
    _dg_window_select (self, SEL_NONE, 0);
  _dg_window_update_title (self);
  schedule_recovery (self);
}

static void
show_refusal (DgWindow *self,
              GError   *error)
{
  gtk_label_set_text (self->edit_error, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->edit_error), error != NULL);
}

/* ---- actions -------------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  gboolean undo = g_str_equal (name, "win.undo");

  if (self->edits == NULL)
    return;
  if (undo ? dg_history_undo (self->edits) : dg_history_redo (self->edits))
    after_edit (self, NULL, NULL);
}

static void
add_company_at (DgWindow *self,
                gboolean  at_centre,
                double    x,
                double    y)
{
  g_autoptr(GError) error = NULL;
  DgPosition position = { x, y, TRUE, TRUE };
  double vx, vy, zoom;
  DgCompany *company;

  if (at_centre)
    {
      dg_canvas_get_view (self->canvas, &vx, &vy, &zoom);
      position.x = (gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0 - vx) / zoom;
      position.y = (gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0 - vy) / zoom;
    }
  /* An empty network has no view yet. */
  if (!isfinite (position.x) || !isfinite (position.y))
    position.x = position.y = 0;
  if (at_centre)
    {
      /* Not on top of a company already there: step aside until free. */
      const DgPosition *positions = dg_document_get_positions (self->document);
      guint n = dg_document_get_n_companies (self->document);

      for (guint tries = 0; tries < 50; tries++)
        {
          gboolean taken = FALSE;

          for (guint v = 0; v < n && !taken; v++)
            taken = positions[v].set && fabs (positions[v].x - position.x) < 60 && fabs (positions[v].y - position.y) < 60;
          if (!taken)
            break;
          position.x += 70;
        }
    }
  position.x = CLAMP (position.x, -DG_MAX_COORDINATE, DG_MAX_COORDINATE);
  position.y = CLAMP (position.y, -DG_MAX_COORDINATE, DG_MAX_COORDINATE);
  company = dg_history_add_company (self->edits, _("New Company"), "other", &position, &error);
  if (company == NULL)
    {
      show_refusal (self, error);
      return;
    }
  after_edit (self, company, NULL);

  /* Type the name at once: the Edit section opens on it, selected. */
  gtk_expander_set_expanded (GTK_EXPANDER (self->edit_expander), TRUE);
  {
    GtkWidget *name = g_object_get_data (G_OBJECT (self->edit_box), "name-entry");

    if (name != NULL)
      {
        gtk_widget_grab_focus (name);
        gtk_editable_select_region (GTK_EDITABLE (name), 0, -1);
      }
  }
}

static void
add_company_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  if (self->edits != NULL)
    add_company_at (self, TRUE, 0, 0);
}

typedef struct
{
  DgWindow *window;
  double x, y;
} AddAt;

static gboolean
add_at_idle (gpointer data)
{
  AddAt *at = data;

  if (at->window->edits != NULL)
    add_company_at (at->window, FALSE, at->x, at->y);
  g_object_unref (at->window);
  g_free (at);
  return G_SOURCE_REMOVE;
}

/* After the press is handled: the canvas takes the keyboard on a press,
 * and the new company's name field must keep it. */
static void
background_double_clicked_cb (DgWindow *self,
                              double    x,
                              double    y)
{
  AddAt *at = g_new0 (AddAt, 1);

  at->window = g_object_ref (self);
  at->x = x;
  at->y = y;
  g_idle_add (add_at_idle, at);
}

/* A Ctrl+drag from one company to another on the canvas: the deal is
 * made at once (undisclosed, of no particular kind) and its panel opens
 * on the amount, to type it. */
static void
deal_requested_cb (DgWindow *self,
                   guint     from,
                   guint     to)
{
  g_autoptr(GError) error = NULL;
  DgDeal *deal;

  if (self->edits == NULL || from >= dg_document_get_n_companies (self->document)
      || to >= dg_document_get_n_companies (self->document))
    return;
  deal = dg_history_add_deal (self->edits, dg_document_get_company (self->document, from),
                              dg_document_get_company (self->document, to),
                              dg_deal_kind_to_string (DG_DEAL_KIND_OTHER), NULL, &error);
  if (deal == NULL)
    {
      show_refusal (self, error);
      return;
    }
  after_edit (self, NULL, deal);
  gtk_expander_set_expanded (GTK_EXPANDER (self->edit_expander), TRUE);
  {
    GtkWidget *amount = g_object_get_data (G_OBJECT (self->edit_box), "amount");

    if (amount != NULL)
      gtk_widget_grab_focus (amount);
  }
}

static void
delete_selected (DgWindow *self)
{
  DgDocument *doc = self->document;

  if (self->selection.kind == SEL_COMPANY && self->selection.index < dg_document_get_n_companies (doc))
    dg_history_delete_company (self->edits, dg_document_get_company (doc, self->selection.index));
  else if (self->selection.kind == SEL_DEAL && self->selection.index < dg_document_get_n_deals (doc))
    dg_history_delete_deal (self->edits, dg_document_get_deal (doc, self->selection.index));
  else
    return;
  after_edit (self, NULL, NULL);
}

static void
delete_response_cb (GtkDialog *dialog,
                    int        response,
                    DgWindow  *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    delete_selected (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  DgGraph *graph;
  DgCompany *company;
  GtkWidget *dialog;
  guint deals;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (self->edits == NULL || self->selection.kind != SEL_COMPANY)
    {
      if (self->edits != NULL)
        delete_selected (self);
      return;
    }

  graph = dg_document_get_graph (self->document);
  if (self->selection.index >= graph->n_nodes)
    return;
  deals = graph->out_offset[self->selection.index + 1] - graph->out_offset[self->selection.index]
          + graph->in_offset[self->selection.index + 1] - graph->in_offset[self->selection.index];
  if (deals == 0)
    {
      delete_selected (self);
      return;
    }

  /* A company takes its deals with it: say how many before they go. */
  company = dg_document_get_company (self->document, self->selection.index);
  /* Translators: %s is a company's name */
  heading = g_strdup_printf (_("Delete “%s”?"), dg_company_get_name (company));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Its %u deal goes with it. Undo (Ctrl+Z) brings both back.",
                                       "Its %u deals go with it. Undo (Ctrl+Z) brings them all back.", deals),
                          deals);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", heading);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", body);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Delete"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(DgDocument) document = dg_document_new ();
  DgWindow *window;

  /* A window of its own: the network open here, saved or not, stays. */
  if (!DG_IS_APPLICATION (app))
    return;
  window = dg_window_new (DG_APPLICATION (app));
  dg_document_set_title (document, _("New Deal Network"));
  dg_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- the Add Deal dialog --------------------------------------------------- */

typedef struct
{
  DgWindow *window;
  DgCompany *from;
  GtkWidget *dialog;
  GtkDropDown *payee;
  GtkDropDown *kind;
  GtkEntry *amount;
  GtkLabel *error;
  GPtrArray *companies;  /* the payees offered, by row */
} AddDeal;

static void
add_deal_free (gpointer  data,
               GObject  *dialog)
{
  AddDeal *add = data;

  g_clear_object (&add->from);
  g_clear_pointer (&add->companies, g_ptr_array_unref);
  g_free (add);
}

static void
add_deal_commit (AddDeal *add)
{
  DgWindow *self = add->window;
  g_autoptr(GError) error = NULL;
  guint row = gtk_drop_down_get_selected (add->payee);
  guint kind = gtk_drop_down_get_selected (add->kind);
  DgDeal *deal;

  if (row >= add->companies->len)
    return;
  deal = dg_history_add_deal (self->edits, add->from, g_ptr_array_index (add->companies, row),
                              kind < DG_N_DEAL_KINDS ? dg_deal_kind_to_string ((DgDealKind) kind) : NULL,
                              gtk_editable_get_text (GTK_EDITABLE (add->amount)), &error);
  if (deal == NULL)
    {
      gtk_label_set_text (add->error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (add->error), TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (add->dialog));
  after_edit (self, NULL, deal);
}

static void
add_deal_response_cb (GtkDialog *dialog,
                      int        response,
                      AddDeal   *add)
{
  if (response == GTK_RESPONSE_ACCEPT)
    add_deal_commit (add);
  else
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
labelled (GtkGrid    *grid,
          int         row,
          const char *label,
          GtkWidget  *widget)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 1.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  {
    /* Named as drawn, without the mnemonic's underscore: GTK 4.8 names a
     * drop-down after its inner button otherwise. */
    g_autofree char *name = g_strdup (label);
    char *u = strchr (name, '_');

    if (u != NULL)
      memmove (u, u + 1, strlen (u));
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
  gtk_widget_add_css_class (l, "dim-label");
  gtk_grid_attach (grid, l, 0, row, 1, 1);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
  return widget;
}

static GtkStringList *
deal_kind_labels (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint k = 0; k < DG_N_DEAL_KINDS; k++)
    gtk_string_list_append (list, dg_deal_kind_label ((DgDealKind) k));
  return list;
}

static void
add_deal_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  AddDeal *add;
  GtkWidget *content, *grid;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = deal_kind_labels ();
  g_autofree char *title = NULL;

  if (self->edits == NULL || self->selection.kind != SEL_COMPANY
      || self->selection.index >= dg_document_get_n_companies (self->document))
    return;

  add = g_new0 (AddDeal, 1);
  add->window = self;
  add->from = g_object_ref (dg_document_get_company (self->document, self->selection.index));
  add->companies = g_ptr_array_new ();
  for (guint v = 0; v < dg_document_get_n_companies (self->document); v++)
    {
      DgCompany *company = dg_document_get_company (self->document, v);

      if (company == add->from)
        continue;
      g_ptr_array_add (add->companies, company);
      gtk_string_list_append (names, dg_company_get_name (company));
    }

  /* Translators: the Add Deal dialog's title; %s is the paying company */
  title = g_strdup_printf (_("New Deal from %s"), dg_company_get_name (add->from));
  add->dialog = gtk_dialog_new_with_buttons (title, GTK_WINDOW (self),
                                             GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                             _("_Cancel"), GTK_RESPONSE_CANCEL,
                                             _("_Add"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_widget_set_name (add->dialog, "add-deal-dialog");
  gtk_dialog_set_default_response (GTK_DIALOG (add->dialog), GTK_RESPONSE_ACCEPT);
  content = gtk_dialog_get_content_area (GTK_DIALOG (add->dialog));
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_box_append (GTK_BOX (content), grid);

  add->payee = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)),
                                                 gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string")));
  gtk_drop_down_set_enable_search (add->payee, TRUE);
  labelled (GTK_GRID (grid), 0, _("_Paid to"), GTK_WIDGET (add->payee));
  add->amount = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (add->amount, TRUE);
  gtk_entry_set_placeholder_text (add->amount, _("USD, e.g. 38e9; empty if undisclosed"));
  labelled (GTK_GRID (grid), 1, _("_Amount"), GTK_WIDGET (add->amount));
  add->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL));
  gtk_drop_down_set_selected (add->kind, DG_DEAL_KIND_OTHER);
  labelled (GTK_GRID (grid), 2, _("_Kind"), GTK_WIDGET (add->kind));
  add->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (add->error, TRUE);
  gtk_label_set_xalign (add->error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (add->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (add->error), FALSE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (add->error), 0, 3, 2, 1);

  g_signal_connect (add->dialog, "response", G_CALLBACK (add_deal_response_cb), add);
  g_object_weak_ref (G_OBJECT (add->dialog), add_deal_free, add);
  gtk_window_present (GTK_WINDOW (add->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (add->payee));
}

/* ---- the Edit section of the panels --------------------------------------- */

static DgCompany *
form_company (DgWindow *self)
{
  return g_object_get_data (G_OBJECT (self->edit_box), "company");
}

static DgDeal *
form_deal (DgWindow *self)
{
  return g_object_get_data (G_OBJECT (self->edit_box), "deal");
}

/* Runs one edit of the form's company or deal; a refusal is shown under
 * the form and the field goes back to what the document holds. */
static void
commit (DgWindow   *self,
        const char *key,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgCompany) company = NULL;
  g_autoptr(DgDeal) deal = NULL;
  gboolean ok;
  guint before;

  if (self->edits == NULL)
    return;
  company = form_company (self) != NULL ? g_object_ref (form_company (self)) : NULL;
  deal = form_deal (self) != NULL ? g_object_ref (form_deal (self)) : NULL;
  before = dg_history_get_n_undo (self->edits);
  if (company != NULL)
    ok = dg_history_set_company_field (self->edits, company, key, text, &error);
  else if (deal != NULL)
    ok = dg_history_set_deal_field (self->edits, deal, key, text, &error);
  else
    return;
  show_refusal (self, ok ? NULL : error);
  if (ok && dg_history_get_n_undo (self->edits) != before)
    {
      after_edit (self, company, deal);
      /* Done with the field: Ctrl+Z now undoes the edit, not the typing. */
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
}

/* Widgets of the form call these; the edit runs from an idle, since it
 * rebuilds the form, and a widget is not torn down in its own handler. */
typedef enum
{
  PENDING_FIELD,
  PENDING_AMOUNT,
  PENDING_SOURCES,
  PENDING_ENDS,         /* a: payer, b: payee (company indices) */
  PENDING_SWAP,
  PENDING_ID,
  PENDING_MERGE,        /* a: the other company's index */
  PENDING_MOVE_SOURCE,  /* a: from, b: to */
  PENDING_SOURCE_FIELD, /* a: the source's index, key: its field */
} PendingKind;

typedef struct
{
  DgWindow *window;
  PendingKind kind;
  char *key;
  char *text[3];
  GPtrArray *sources;
  guint a, b;
} Pending;

static void amount_commit (DgWindow *self, const char *amount, const char *min, const char *max);
static void change_sources (DgWindow *self, GPtrArray *sources);
static void run_more (DgWindow *self, Pending *p);

static gboolean
run_pending (gpointer data)
{
  Pending *p = data;

  if (p->window->edits != NULL)
    switch (p->kind)
      {
      case PENDING_FIELD: commit (p->window, p->key, p->text[0]); break;
      case PENDING_AMOUNT: amount_commit (p->window, p->text[0], p->text[1], p->text[2]); break;
      case PENDING_SOURCES: change_sources (p->window, p->sources); break;
      default: run_more (p->window, p);
      }
  g_object_unref (p->window);
  g_free (p->key);
  for (guint i = 0; i < 3; i++)
    g_free (p->text[i]);
  g_clear_pointer (&p->sources, g_ptr_array_unref);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
defer (DgWindow    *self,
       PendingKind  kind,
       const char  *key,
       const char  *a,
       const char  *b,
       const char  *c,
       GPtrArray   *sources)
{
  Pending *p = g_new0 (Pending, 1);

  if (self->edit_updating)
    {
      g_clear_pointer (&sources, g_ptr_array_unref);
      g_free (p);
      return;
    }
  p->window = g_object_ref (self);
  p->kind = kind;
  p->key = g_strdup (key);
  p->text[0] = g_strdup (a);
  p->text[1] = g_strdup (b);
  p->text[2] = g_strdup (c);
  p->sources = sources;
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, run_pending, p, NULL);
}

static void
defer_more (DgWindow    *self,
            PendingKind  kind,
            const char  *key,
            const char  *text,
            guint        a,
            guint        b)
{
  Pending *p;

  if (self->edit_updating)
    return;
  p = g_new0 (Pending, 1);
  p->window = g_object_ref (self);
  p->kind = kind;
  p->key = g_strdup (key);
  p->text[0] = g_strdup (text);
  p->a = a;
  p->b = b;
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, run_pending, p, NULL);
}

static void
entry_activate_cb (GtkEntry *entry,
                   DgWindow *self)
{
  defer (self, PENDING_FIELD, g_object_get_data (G_OBJECT (entry), "key"),
         gtk_editable_get_text (GTK_EDITABLE (entry)), NULL, NULL, NULL);
}

static void
kind_selected_cb (GtkDropDown *drop,
                  GParamSpec  *pspec,
                  DgWindow    *self)
{
  guint i = gtk_drop_down_get_selected (drop);
  const char *what = g_object_get_data (G_OBJECT (drop), "key");

  if (i == GTK_INVALID_LIST_POSITION)
    return;
  if (g_str_equal (what, "company-kind"))
    defer (self, PENDING_FIELD, "kind", dg_company_kind_to_string ((DgCompanyKind) i), NULL, NULL, NULL);
  else if (g_str_equal (what, "deal-kind"))
    defer (self, PENDING_FIELD, "kind", dg_deal_kind_to_string ((DgDealKind) i), NULL, NULL, NULL);
  else
    defer (self, PENDING_FIELD, "status", dg_deal_status_to_string ((DgDealStatus) i), NULL, NULL, NULL);
}

static void
amount_activate_cb (GtkEntry *entry,
                    DgWindow *self)
{
  GtkEditable *amount = g_object_get_data (G_OBJECT (self->edit_box), "amount");
  GtkEditable *min = g_object_get_data (G_OBJECT (self->edit_box), "amount-min");
  GtkEditable *max = g_object_get_data (G_OBJECT (self->edit_box), "amount-max");

  defer (self, PENDING_AMOUNT, NULL, gtk_editable_get_text (amount), gtk_editable_get_text (min),
         gtk_editable_get_text (max), NULL);
}

static void
amount_commit (DgWindow   *self,
               const char *amount,
               const char *min,
               const char *max)
{
  g_autoptr(DgDeal) deal = form_deal (self) != NULL ? g_object_ref (form_deal (self)) : NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  if (deal == NULL)
    return;
  before = dg_history_get_n_undo (self->edits);
  if (!dg_history_set_deal_amount (self->edits, deal, amount, min, max, &error))
    {
      show_refusal (self, error);
      return;
    }
  show_refusal (self, NULL);
  if (dg_history_get_n_undo (self->edits) != before)
    {
      after_edit (self, NULL, deal);
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
}

static void
change_sources (DgWindow  *self,
                GPtrArray *sources)
{
  g_autoptr(DgDeal) deal = form_deal (self) != NULL ? g_object_ref (form_deal (self)) : NULL;
  g_autoptr(GError) error = NULL;

  if (deal == NULL)
    return;
  if (!dg_history_set_deal_sources (self->edits, deal, sources, &error))
    {
      show_refusal (self, error);
      return;
    }
  show_refusal (self, NULL);
  after_edit (self, NULL, deal);
}

/* After an edit of the form's object: the refusal, or the window
 * following the change; @focus names a widget of the new form to give the
 * keyboard to (a moved source's button), else the canvas takes it. */
static void
finish_edit (DgWindow   *self,
             gboolean    ok,
             GError     *error,
             guint       before,
             DgCompany  *company,
             DgDeal     *deal,
             const char *focus)
{
  show_refusal (self, ok ? NULL : error);
  if (!ok || dg_history_get_n_undo (self->edits) == before)
    return;
  after_edit (self, company, deal);
  if (focus != NULL && g_object_get_data (G_OBJECT (self->edit_box), focus) != NULL)
    gtk_widget_grab_focus (g_object_get_data (G_OBJECT (self->edit_box), focus));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
merge_now (DgWindow  *self,
           DgCompany *keep,
           DgCompany *other)
{
  g_autoptr(GError) error = NULL;
  guint before = dg_history_get_n_undo (self->edits);
  gboolean ok;

  ok = dg_history_merge_companies (self->edits, keep, other, NULL, &error);
  finish_edit (self, ok, error, before, keep, NULL, NULL);
}

typedef struct
{
  DgWindow *window;
  DgCompany *keep;
  DgCompany *other;
} Merge;

static void
merge_response_cb (GtkDialog *dialog,
                   int        response,
                   Merge     *merge)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT && merge->window->edits != NULL
      && dg_document_lookup_company (merge->window->document, dg_company_get_id (merge->keep)) == merge->keep
      && dg_document_lookup_company (merge->window->document, dg_company_get_id (merge->other)) == merge->other)
    merge_now (merge->window, merge->keep, merge->other);
  g_object_unref (merge->window);
  g_object_unref (merge->keep);
  g_object_unref (merge->other);
  g_free (merge);
}

/* Deals between the two would run from a company to itself, which no file
 * may hold: they go, after saying how many. */
static void
merge_commit (DgWindow *self,
              guint     other_index)
{
  DgCompany *keep = form_company (self);
  DgCompany *other;
  GtkWidget *dialog;
  guint between = 0;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  Merge *merge;

  if (keep == NULL || other_index >= dg_document_get_n_companies (self->document))
    return;
  other = dg_document_get_company (self->document, other_index);
  for (guint e = 0; e < dg_document_get_n_deals (self->document); e++)
    {
      DgDeal *deal = dg_document_get_deal (self->document, e);
      guint f = dg_deal_get_from_index (deal), t = dg_deal_get_to_index (deal);

      between += (f == dg_company_get_index (keep) && t == other_index)
                 || (t == dg_company_get_index (keep) && f == other_index);
    }
  if (between == 0)
    {
      merge_now (self, keep, other);
      return;
    }
  /* Translators: the first %s is the company that goes, the second the one that stays */
  heading = g_strdup_printf (_("Merge “%s” into “%s”?"), dg_company_get_name (other), dg_company_get_name (keep));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u deal between them would run from a company to itself: it is removed. "
                                       "Undo (Ctrl+Z) brings it back.",
                                       "%u deals between them would run from a company to itself: they are removed. "
                                       "Undo (Ctrl+Z) brings them back.", between),
                          between);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", heading);
  gtk_widget_set_name (dialog, "merge-dialog");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", body);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Merge"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  merge = g_new0 (Merge, 1);
  merge->window = g_object_ref (self);
  merge->keep = g_object_ref (keep);
  merge->other = g_object_ref (other);
  g_signal_connect (dialog, "response", G_CALLBACK (merge_response_cb), merge);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
source_field_commit (DgWindow   *self,
                     guint       index,
                     const char *key,
                     const char *text)
{
  g_autoptr(DgDeal) deal = form_deal (self) != NULL ? g_object_ref (form_deal (self)) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgSource) source = NULL;
  char **field;
  guint before;
  gboolean ok;

  if (deal == NULL || index >= dg_deal_get_sources (deal)->len)
    return;
  source = dg_source_copy (g_ptr_array_index (dg_deal_get_sources (deal), index));
  if (g_str_equal (key, "publisher"))
    field = &source->publisher;
  else if (g_str_equal (key, "title"))
    field = &source->title;
  else if (g_str_equal (key, "date"))
    field = &source->date;
  else
    field = &source->url;
  g_free (*field);
  /* Empty is not given, as in the file; a source needs its publisher. */
  *field = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
  before = dg_history_get_n_undo (self->edits);
  ok = dg_history_set_deal_source (self->edits, deal, index, source, &error);
  finish_edit (self, ok, error, before, NULL, deal, NULL);
}

static void
run_more (DgWindow *self,
          Pending  *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDeal) deal = form_deal (self) != NULL ? g_object_ref (form_deal (self)) : NULL;
  g_autoptr(DgCompany) company = form_company (self) != NULL ? g_object_ref (form_company (self)) : NULL;
  guint before = dg_history_get_n_undo (self->edits);
  guint n = dg_document_get_n_companies (self->document);
  g_autofree char *focus = NULL;
  gboolean ok;

  switch (p->kind)
    {
    case PENDING_ENDS:
      if (deal == NULL || p->a >= n || p->b >= n)
        return;
      ok = dg_history_set_deal_ends (self->edits, deal, dg_document_get_company (self->document, p->a),
                                     dg_document_get_company (self->document, p->b), &error);
      if (!ok)
        /* The drop-downs go back to what the deal says. */
        fill_form (self);
      finish_edit (self, ok, error, before, NULL, deal, NULL);
      break;
    case PENDING_SWAP:
      if (deal == NULL)
        return;
      ok = dg_history_swap_deal (self->edits, deal, &error);
      finish_edit (self, ok, error, before, NULL, deal, "swap-button");
      break;
    case PENDING_ID:
      if (company != NULL)
        {
          ok = dg_history_set_company_id (self->edits, company, p->text[0], &error);
          finish_edit (self, ok, error, before, company, NULL, NULL);
        }
      else if (deal != NULL)
        {
          ok = dg_history_set_deal_id (self->edits, deal, p->text[0], &error);
          finish_edit (self, ok, error, before, NULL, deal, NULL);
        }
      break;
    case PENDING_MERGE:
      merge_commit (self, p->a);
      break;
    case PENDING_MOVE_SOURCE:
      if (deal == NULL)
        return;
      ok = dg_history_move_deal_source (self->edits, deal, p->a, p->b, &error);
      /* The keyboard stays with the moved source, to move it on. */
      focus = g_strdup_printf ("source-%s-%u", p->b < p->a ? "up" : "down", p->b);
      finish_edit (self, ok, error, before, NULL, deal, focus);
      break;
    case PENDING_SOURCE_FIELD:
      source_field_commit (self, p->a, p->key, p->text[0]);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
ends_selected_cb (GtkDropDown *drop,
                  GParamSpec  *pspec,
                  DgWindow    *self)
{
  GtkDropDown *payer = g_object_get_data (G_OBJECT (self->edit_box), "payer");
  GtkDropDown *payee = g_object_get_data (G_OBJECT (self->edit_box), "payee");

  DgDeal *deal = form_deal (self);

  if (deal == NULL || payer == NULL || payee == NULL
      || gtk_drop_down_get_selected (payer) == GTK_INVALID_LIST_POSITION
      || gtk_drop_down_get_selected (payee) == GTK_INVALID_LIST_POSITION)
    return;
  /* Only a change the user made is an edit. */
  if (gtk_drop_down_get_selected (payer) == dg_deal_get_from_index (deal)
      && gtk_drop_down_get_selected (payee) == dg_deal_get_to_index (deal))
    return;
  defer_more (self, PENDING_ENDS, NULL, NULL, gtk_drop_down_get_selected (payer), gtk_drop_down_get_selected (payee));
}

static void
swap_clicked_cb (GtkButton *button,
                 DgWindow  *self)
{
  defer_more (self, PENDING_SWAP, NULL, NULL, 0, 0);
}

static void
id_activate_cb (GtkEntry *entry,
                DgWindow *self)
{
  defer_more (self, PENDING_ID, NULL, gtk_editable_get_text (GTK_EDITABLE (entry)), 0, 0);
}

static void
merge_clicked_cb (GtkButton *button,
                  DgWindow  *self)
{
  GtkDropDown *other = g_object_get_data (G_OBJECT (self->edit_box), "merge-with");
  GPtrArray *others = g_object_get_data (G_OBJECT (self->edit_box), "merge-companies");
  guint i = other != NULL ? gtk_drop_down_get_selected (other) : GTK_INVALID_LIST_POSITION;

  if (others == NULL || i == GTK_INVALID_LIST_POSITION || i >= others->len)
    return;
  defer_more (self, PENDING_MERGE, NULL, NULL, dg_company_get_index (g_ptr_array_index (others, i)), 0);
}

static void
move_source_cb (GtkButton *button,
                DgWindow  *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  guint n = form_deal (self) != NULL ? dg_deal_get_sources (form_deal (self))->len : 0;

  if ((delta < 0 && i == 0) || (delta > 0 && i + 1 >= n))
    return;
  defer_more (self, PENDING_MOVE_SOURCE, NULL, NULL, i, (guint) ((int) i + delta));
}

static void
source_entry_activate_cb (GtkEntry *entry,
                          DgWindow *self)
{
  defer_more (self, PENDING_SOURCE_FIELD, g_object_get_data (G_OBJECT (entry), "key"),
              gtk_editable_get_text (GTK_EDITABLE (entry)),
              GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "index")), 0);
}

/* Alt+Up and Alt+Down in a source's fields move it, as its buttons do. */
static gboolean
source_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               DgWindow              *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "index"));
  guint n = form_deal (self) != NULL ? dg_deal_get_sources (form_deal (self))->len : 0;

  if ((state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) != GDK_ALT_MASK)
    return FALSE;
  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) && i > 0)
    defer_more (self, PENDING_MOVE_SOURCE, NULL, NULL, i, i - 1);
  else if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && i + 1 < n)
    defer_more (self, PENDING_MOVE_SOURCE, NULL, NULL, i, i + 1);
  else
    return FALSE;
  return TRUE;
}

static void
remove_source_cb (GtkButton *button,
                  DgWindow  *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  g_autoptr(GPtrArray) sources = NULL;
  GPtrArray *old;

  if (form_deal (self) == NULL)
    return;
  old = dg_deal_get_sources (form_deal (self));
  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
  for (guint k = 0; k < old->len; k++)
    if (k != i)
      g_ptr_array_add (sources, dg_source_copy (g_ptr_array_index (old, k)));
  defer (self, PENDING_SOURCES, NULL, NULL, NULL, NULL, g_steal_pointer (&sources));
}

static void
add_source_cb (GtkWidget *widget,
               DgWindow  *self)
{
  GtkEditable *publisher = g_object_get_data (G_OBJECT (self->edit_box), "source-publisher");
  GtkEditable *url = g_object_get_data (G_OBJECT (self->edit_box), "source-url");
  g_autoptr(GPtrArray) sources = NULL;
  GPtrArray *old;
  DgSource *source;

  if (form_deal (self) == NULL)
    return;
  old = dg_deal_get_sources (form_deal (self));
  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
  for (guint k = 0; k < old->len; k++)
    g_ptr_array_add (sources, dg_source_copy (g_ptr_array_index (old, k)));
  /* An empty publisher is refused with the loader's words. */
  source = dg_source_new (*gtk_editable_get_text (publisher) != '\0' ? gtk_editable_get_text (publisher) : NULL);
  if (*gtk_editable_get_text (url) != '\0')
    source->url = g_strdup (gtk_editable_get_text (url));
  g_ptr_array_add (sources, source);
  defer (self, PENDING_SOURCES, NULL, NULL, NULL, NULL, g_steal_pointer (&sources));
}

/* The form's widgets that actions, callbacks and the debug interface look
 * up, named on the edit box. fill_form() forgets them all when it empties
 * the box, so that no name outlives its widget (a deal's form left the
 * company form's merge list named, freed). */
static void
form_part_set (DgWindow   *self,
               const char *name,
               gpointer    widget)
{
  GPtrArray *names = g_object_get_data (G_OBJECT (self->edit_box), "form-part-names");

  if (names == NULL)
    {
      names = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (self->edit_box), "form-part-names", names,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  name = g_intern_string (name);
  if (!g_ptr_array_find (names, name, NULL))
    g_ptr_array_add (names, (gpointer) name);
  g_object_set_data (G_OBJECT (self->edit_box), name, widget);
}

static void
form_parts_forget (DgWindow *self)
{
  GPtrArray *names = g_object_get_data (G_OBJECT (self->edit_box), "form-part-names");

  for (guint i = 0; names != NULL && i < names->len; i++)
    g_object_set_data (G_OBJECT (self->edit_box), g_ptr_array_index (names, i), NULL);
}

static GtkWidget *
text_row (DgWindow   *self,
          GtkGrid    *grid,
          int         row,
          const char *label,
          const char *key,
          const char *value,
          const char *data_name)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  g_object_set_data_full (G_OBJECT (entry), "key", g_strdup (key), g_free);
  gtk_widget_set_name (entry, data_name);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), self);
  form_part_set (self, data_name, entry);
  return labelled (grid, row, label, entry);
}

static GtkWidget *
drop_row (DgWindow      *self,
          GtkGrid       *grid,
          int            row,
          const char    *label,
          const char    *key,
          GtkStringList *labels,
          guint          selected)
{
  GtkWidget *drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), selected);
  g_object_set_data (G_OBJECT (drop), "key", (gpointer) key);
  gtk_widget_set_name (drop, key);
  g_signal_connect (drop, "notify::selected", G_CALLBACK (kind_selected_cb), self);
  return labelled (grid, row, label, drop);
}

static char *
number_text (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  /* The shortest text that reads back as the same number. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

static void
fill_company (DgWindow  *self,
              GtkGrid   *grid,
              DgCompany *company)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autofree char *valuation = number_text (dg_company_get_valuation (company));

  for (guint k = 0; k < DG_N_COMPANY_KINDS; k++)
    gtk_string_list_append (kinds, dg_company_kind_label ((DgCompanyKind) k));
  text_row (self, grid, 0, _("_Name"), "name", dg_company_get_name (company), "name-entry");
  drop_row (self, grid, 1, _("_Kind"), "company-kind", kinds, dg_company_get_kind_enum (company));
  text_row (self, grid, 2, _("_Valuation"), "valuation_usd", valuation, "valuation-entry");
  text_row (self, grid, 3, _("Valued _on"), "valuation_as_of", dg_company_get_valuation_as_of (company),
            "valuation-date-entry");
  text_row (self, grid, 4, _("C_ountry"), "country", dg_company_get_country (company), "country-entry");
  text_row (self, grid, 5, _("_Website"), "website", dg_company_get_website (company), "website-entry");
  text_row (self, grid, 6, _("_Description"), "description", dg_company_get_description (company),
            "description-entry");

  {
    /* The id and merging: rarely wanted, so folded away. */
    GtkWidget *advanced = gtk_expander_new_with_mnemonic (_("Ad_vanced"));
    GtkWidget *inner = gtk_grid_new ();
    GtkWidget *entry = gtk_entry_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *merge = gtk_button_new_with_mnemonic (_("_Merge"));
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
    GPtrArray *others = g_ptr_array_new ();
    GtkWidget *drop;

    gtk_widget_set_name (advanced, "advanced-expander");
    gtk_accessible_update_property (GTK_ACCESSIBLE (advanced), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Advanced"), -1);
    gtk_grid_set_row_spacing (GTK_GRID (inner), 4);
    gtk_grid_set_column_spacing (GTK_GRID (inner), 8);
    gtk_widget_set_margin_top (inner, 6);
    gtk_expander_set_child (GTK_EXPANDER (advanced), inner);
    gtk_expander_set_expanded (GTK_EXPANDER (advanced), self->edit_advanced);
    g_signal_connect_swapped (advanced, "notify::expanded", G_CALLBACK (advanced_toggled_cb), self);
    gtk_grid_attach (grid, advanced, 0, 7, 2, 1);

    gtk_widget_set_name (entry, "id-entry");
    gtk_editable_set_text (GTK_EDITABLE (entry), dg_company_get_id (company));
    gtk_widget_set_tooltip_text (entry, _("How the file names this company; deals, positions and the tour follow a change"));
    g_signal_connect (entry, "activate", G_CALLBACK (id_activate_cb), self);
    form_part_set (self, "id-entry", entry);
    labelled (GTK_GRID (inner), 0, _("_Id"), entry);

    for (guint v = 0; v < dg_document_get_n_companies (self->document); v++)
      {
        DgCompany *other = dg_document_get_company (self->document, v);

        if (other == company)
          continue;
        g_ptr_array_add (others, other);
        gtk_string_list_append (names, dg_company_get_name (other));
      }
    g_object_set_data_full (G_OBJECT (self->edit_box), "merge-companies", others, (GDestroyNotify) g_ptr_array_unref);
    drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)),
                              gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
    gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop), TRUE);
    gtk_widget_set_name (drop, "merge-with");
    gtk_widget_set_hexpand (drop, TRUE);
    form_part_set (self, "merge-with", drop);
    gtk_widget_set_name (merge, "merge-button");
    gtk_widget_set_tooltip_text (merge, _("The other company’s deals become this one’s, and it goes"));
    gtk_widget_set_sensitive (merge, others->len > 0);
    g_signal_connect (merge, "clicked", G_CALLBACK (merge_clicked_cb), self);
    gtk_box_append (GTK_BOX (box), merge);
    labelled (GTK_GRID (inner), 1, _("Merge _with"), drop);
    /* labelled() put the drop-down in the grid; the box with the button
     * takes its place. */
    g_object_ref (drop);
    gtk_grid_remove (GTK_GRID (inner), drop);
    gtk_box_prepend (GTK_BOX (box), drop);
    g_object_unref (drop);
    gtk_grid_attach (GTK_GRID (inner), box, 1, 1, 1, 1);
  }
}

static void
advanced_toggled_cb (DgWindow   *self,
                     GParamSpec *pspec,
                     GtkWidget  *expander)
{
  self->edit_advanced = gtk_expander_get_expanded (GTK_EXPANDER (expander));
}

/* The deal's id, folded away as the company's is. */
static void
deal_advanced (DgWindow *self,
               GtkGrid  *grid,
               int       row,
               DgDeal   *deal)
{
  GtkWidget *advanced = gtk_expander_new_with_mnemonic (_("Ad_vanced"));
  GtkWidget *inner = gtk_grid_new ();
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (advanced, "advanced-expander");
  gtk_accessible_update_property (GTK_ACCESSIBLE (advanced), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Advanced"), -1);
  gtk_grid_set_row_spacing (GTK_GRID (inner), 4);
  gtk_grid_set_column_spacing (GTK_GRID (inner), 8);
  gtk_widget_set_margin_top (inner, 6);
  gtk_expander_set_child (GTK_EXPANDER (advanced), inner);
  gtk_expander_set_expanded (GTK_EXPANDER (advanced), self->edit_advanced);
  g_signal_connect_swapped (advanced, "notify::expanded", G_CALLBACK (advanced_toggled_cb), self);
  gtk_grid_attach (grid, advanced, 0, row, 2, 1);

  gtk_widget_set_name (entry, "id-entry");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), dg_deal_get_id (deal));
  gtk_widget_set_tooltip_text (entry, _("How the file names this deal; links from other deals and the tour follow a change"));
  g_signal_connect (entry, "activate", G_CALLBACK (id_activate_cb), self);
  form_part_set (self, "id-entry", entry);
  labelled (GTK_GRID (inner), 0, _("_Id"), entry);
}

static void
fill_deal (DgWindow *self,
           GtkGrid  *grid,
           DgDeal   *deal)
{
  const DgAmount *amount = dg_deal_get_amount (deal);
  g_autoptr(GtkStringList) kinds = deal_kind_labels ();
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autofree char *value = NULL;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  GPtrArray *sources = dg_deal_get_sources (deal);
  GtkWidget *range, *entry, *box, *add;
  int row = 0;

  for (guint s = 0; s < DG_N_DEAL_STATUSES; s++)
    gtk_string_list_append (statuses, dg_deal_status_label ((DgDealStatus) s));

  {
    /* Who pays whom: any two companies, or the same two swapped. */
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
    GtkWidget *swap;

    for (guint v = 0; v < dg_document_get_n_companies (self->document); v++)
      gtk_string_list_append (names, dg_company_get_name (dg_document_get_company (self->document, v)));
    for (guint i = 0; i < 2; i++)
      {
        GtkWidget *drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)),
                                             gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

        gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop), TRUE);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (drop),
                                    i == 0 ? dg_deal_get_from_index (deal) : dg_deal_get_to_index (deal));
        gtk_widget_set_name (drop, i == 0 ? "payer" : "payee");
        form_part_set (self, i == 0 ? "payer" : "payee", drop);
        g_signal_connect (drop, "notify::selected", G_CALLBACK (ends_selected_cb), self);
        labelled (grid, row++, i == 0 ? _("_Payer") : _("Pa_id to"), drop);
      }
    swap = gtk_button_new_with_mnemonic (_("S_wap Direction"));
    gtk_widget_set_name (swap, "swap-button");
    gtk_widget_set_tooltip_text (swap, _("The payee pays and the payer is paid"));
    gtk_widget_set_halign (swap, GTK_ALIGN_START);
    g_signal_connect (swap, "clicked", G_CALLBACK (swap_clicked_cb), self);
    form_part_set (self, "swap-button", swap);
    gtk_grid_attach (grid, swap, 1, row++, 1, 1);
  }

  value = amount->kind == DG_AMOUNT_UNDISCLOSED || (amount->kind == DG_AMOUNT_RANGE && amount->value == amount->max)
          ? g_strdup ("") : number_text (amount->value);
  min = amount->kind == DG_AMOUNT_RANGE ? number_text (amount->min) : g_strdup ("");
  max = amount->kind == DG_AMOUNT_RANGE ? number_text (amount->max) : g_strdup ("");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "amount-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("undisclosed"));
  g_signal_connect (entry, "activate", G_CALLBACK (amount_activate_cb), self);
  form_part_set (self, "amount", entry);
  labelled (grid, row++, _("_Amount"), entry);

  range = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint i = 0; i < 2; i++)
    {
      entry = gtk_entry_new ();
      gtk_widget_set_name (entry, i == 0 ? "amount-min-entry" : "amount-max-entry");
      gtk_editable_set_text (GTK_EDITABLE (entry), i == 0 ? min : max);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), i == 0 ? _("from") : _("to"));
      g_signal_connect (entry, "activate", G_CALLBACK (amount_activate_cb), self);
      form_part_set (self, i == 0 ? "amount-min" : "amount-max", entry);
      gtk_box_append (GTK_BOX (range), entry);
    }
  labelled (grid, row++, _("_Range"), range);
  drop_row (self, grid, row++, _("_Kind"), "deal-kind", kinds, dg_deal_get_kind_enum (deal));
  drop_row (self, grid, row++, _("_Status"), "deal-status", statuses, dg_deal_get_status_enum (deal));
  text_row (self, grid, row++, _("A_nnounced"), "announced", dg_deal_get_announced (deal), "announced-entry");
  text_row (self, grid, row++, _("_Term"), "term", dg_deal_get_term (deal), "term-entry");
  text_row (self, grid, row++, _("_Title"), "title", dg_deal_get_title (deal), "title-entry");
  text_row (self, grid, row++, _("_Description"), "description", dg_deal_get_description (deal),
            "deal-description-entry");
  text_row (self, grid, row++, _("Amount _note"), "amount_note", dg_deal_get_amount_note (deal),
            "amount-note-entry");
  text_row (self, grid, row++, _("Status n_ote"), "status_note", dg_deal_get_status_note (deal),
            "status-note-entry");

  for (guint i = 0; i < sources->len; i++)
    {
      const DgSource *source = g_ptr_array_index (sources, i);
      static const char *keys[] = { "publisher", "title", "date", "url" };
      const char *texts[] = { source->publisher, source->title, source->date, source->url };
      const char *placeholders[] = { N_("Publisher"), N_("Title"), N_("Date, YYYY-MM-DD"), "https://" };
      GtkWidget *card = gtk_grid_new ();
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      g_autofree char *heading = g_strdup_printf (_("Source %u"), i + 1);
      GtkWidget *label = gtk_label_new (heading);
      const struct { const char *icon; const char *name; int delta; } moves[] = {
        { "go-up-symbolic", N_("Move Source Up"), -1 },
        { "go-down-symbolic", N_("Move Source Down"), +1 },
        { "list-remove-symbolic", N_("Remove This Source"), 0 },
      };

      gtk_grid_set_row_spacing (GTK_GRID (card), 2);
      gtk_grid_set_column_spacing (GTK_GRID (card), 4);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_label_set_yalign (GTK_LABEL (label), 0.0);
      gtk_grid_attach (grid, label, 0, row, 1, 1);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          GtkWidget *field = gtk_entry_new ();
          g_autofree char *name = NULL;
          g_autofree char *id = g_strdup_printf ("source-%s-%u", keys[k], i);
          GtkEventController *key = gtk_event_controller_key_new ();

          /* Translators: accessible names of a source's fields; %u is its number (1, 2, ...) */
          if (k == 0)
            name = g_strdup_printf (_("Publisher of source %u"), i + 1);
          else if (k == 1)
            name = g_strdup_printf (_("Title of source %u"), i + 1);
          else if (k == 2)
            name = g_strdup_printf (_("Date of source %u"), i + 1);
          else
            name = g_strdup_printf (_("Address of source %u"), i + 1);
          gtk_editable_set_text (GTK_EDITABLE (field), texts[k] != NULL ? texts[k] : "");
          gtk_entry_set_placeholder_text (GTK_ENTRY (field), k == 3 ? placeholders[k] : _(placeholders[k]));
          gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          gtk_widget_set_name (field, id);
          gtk_widget_set_hexpand (field, TRUE);
          g_object_set_data (G_OBJECT (field), "key", (gpointer) keys[k]);
          g_object_set_data (G_OBJECT (field), "index", GUINT_TO_POINTER (i));
          g_signal_connect (field, "activate", G_CALLBACK (source_entry_activate_cb), self);
          g_signal_connect (key, "key-pressed", G_CALLBACK (source_key_cb), self);
          gtk_widget_add_controller (field, key);
          form_part_set (self, id, field);
          if (k == 0)
            gtk_box_append (GTK_BOX (buttons), field);
          else
            gtk_grid_attach (GTK_GRID (card), field, 0, (int) k, 1, 1);
        }
      for (guint b = 0; b < G_N_ELEMENTS (moves); b++)
        {
          GtkWidget *button = gtk_button_new_from_icon_name (moves[b].icon);
          g_autofree char *id = g_strdup_printf ("source-%s-%u", b == 0 ? "up" : b == 1 ? "down" : "remove", i);

          gtk_widget_set_tooltip_text (button, _(moves[b].name));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _(moves[b].name), -1);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_name (button, id);
          g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
          g_object_set_data (G_OBJECT (button), "delta", GINT_TO_POINTER (moves[b].delta));
          if (moves[b].delta != 0)
            {
              gtk_widget_set_sensitive (button, moves[b].delta < 0 ? i > 0 : i + 1 < sources->len);
              g_signal_connect (button, "clicked", G_CALLBACK (move_source_cb), self);
            }
          else
            g_signal_connect (button, "clicked", G_CALLBACK (remove_source_cb), self);
          form_part_set (self, id, button);
          gtk_box_append (GTK_BOX (buttons), button);
        }
      gtk_grid_attach (GTK_GRID (card), buttons, 0, 0, 1, 1);
      gtk_grid_attach (grid, card, 1, row++, 1, 1);
    }
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "source-publisher-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Publisher"));
  form_part_set (self, "source-publisher", entry);
  labelled (grid, row++, _("S_ource"), entry);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "source-url-entry");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://");
  form_part_set (self, "source-url", entry);
  g_signal_connect (entry, "activate", G_CALLBACK (add_source_cb), self);
  add = gtk_button_new_with_mnemonic (_("Add _Source"));
  g_signal_connect (add, "clicked", G_CALLBACK (add_source_cb), self);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), add);
  gtk_grid_attach (grid, box, 1, row++, 1, 1);
  deal_advanced (self, grid, row++, deal);
}

/* Fills the Edit section for the selected company or deal. */
static void
fill_form (DgWindow *self)
{
  GtkWidget *child;
  GtkWidget *grid;
  DgCompany *company = NULL;
  DgDeal *deal = NULL;

  self->edit_updating = TRUE;
  while ((child = gtk_widget_get_first_child (self->edit_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->edit_box), child);
  form_parts_forget (self);

  if (self->document != NULL && self->selection.kind == SEL_COMPANY
      && self->selection.index < dg_document_get_n_companies (self->document))
    company = dg_document_get_company (self->document, self->selection.index);
  else if (self->document != NULL && self->selection.kind == SEL_DEAL
           && self->selection.index < dg_document_get_n_deals (self->document))
    deal = dg_document_get_deal (self->document, self->selection.index);
  g_object_set_data_full (G_OBJECT (self->edit_box), "company", company ? g_object_ref (company) : NULL,
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (self->edit_box), "deal", deal ? g_object_ref (deal) : NULL, g_object_unref);

  gtk_widget_set_visible (self->edit_expander, company != NULL || deal != NULL);
  if (company == NULL && deal == NULL)
    {
      self->edit_updating = FALSE;
      return;
    }

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_box_append (GTK_BOX (self->edit_box), grid);
  if (company != NULL)
    fill_company (self, GTK_GRID (grid), company);
  else
    fill_deal (self, GTK_GRID (grid), deal);
  gtk_box_append (GTK_BOX (self->edit_box), GTK_WIDGET (self->edit_error));
  self->edit_updating = FALSE;
}

void
_dg_window_edit_selection_changed (DgWindow *self)
{
  if (self->edit_box == NULL)
    return;
  fill_form (self);
}

void
_dg_window_edit_moved (DgWindow *self,
                       guint     node)
{
  const float *xy = dg_canvas_get_positions (self->canvas);
  g_autoptr(GError) error = NULL;

  if (self->edits == NULL || node >= dg_document_get_n_companies (self->document))
    return;
  /* The drag ended: one step (a drag sends its end once; moves by the
   * keyboard each count). */
  if (!dg_history_move_company (self->edits, dg_document_get_company (self->document, node),
                                xy[2 * node], xy[2 * node + 1], TRUE, ++self->drag_serial, &error))
    {
      show_refusal (self, error);
      /* Back where the document has it. */
      after_edit (self, NULL, NULL);
      return;
    }
  schedule_recovery (self);
}

/* Pinning or unpinning a company where it is: an edit of its position,
 * one step to undo. The canvas shows it; the document, which owns the
 * positions, records it. */
void
_dg_window_edit_pin (DgWindow *self,
                     guint     node,
                     gboolean  pinned)
{
  const DgPosition *at;
  g_autoptr(GError) error = NULL;

  if (self->edits == NULL || node >= dg_document_get_n_companies (self->document))
    return;
  if (!dg_document_has_positions (self->document))
    _dg_window_positions_to_document (self);
  dg_canvas_set_pinned (self->canvas, node, pinned);
  /* Where the document has it (the canvas's copy is in floats). */
  at = &dg_document_get_positions (self->document)[node];
  if (!dg_history_move_company (self->edits, dg_document_get_company (self->document, node),
                                at->x, at->y, pinned, 0, &error))
    {
      show_refusal (self, error);
      after_edit (self, NULL, NULL);
      return;
    }
  _dg_window_update_actions (self);
  schedule_recovery (self);
}

/* ---- the recovery copy ---------------------------------------------------- */

static char *
recovery_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "dealgraph", "recovery", NULL);
}

/* A recovery copy whose text is being made stops: the document changed
 * under it (a new one starts after the next quiet moment), or the copy is
 * no longer wanted. One already on its way to the disk is let finish (it
 * is whole), unless @unwanted: then it is removed once written. */
static void recovery_document_changed_cb (DgWindow *self);

static void
stop_recovery_job (DgWindow *self,
                   gboolean  unwanted)
{
  if (self->recovery_job != NULL)
    g_signal_handlers_disconnect_by_func (dg_save_job_get_document (self->recovery_job),
                                          recovery_document_changed_cb, self);
  g_clear_pointer (&self->recovery_job, dg_save_job_free);
  g_clear_handle_id (&self->recovery_idle, g_source_remove);
  if (unwanted && self->recovery_cancellable != NULL)
    {
      g_cancellable_cancel (self->recovery_cancellable);
      g_clear_object (&self->recovery_cancellable);
    }
}

static void
remove_recovery (DgWindow *self)
{
  g_autofree char *info = NULL;

  stop_recovery_job (self, TRUE);
  g_clear_handle_id (&self->recovery_timeout, g_source_remove);
  if (self->recovery_path == NULL)
    return;
  info = g_strconcat (self->recovery_path, ".info", NULL);
  g_remove (self->recovery_path);
  g_remove (info);
  g_clear_pointer (&self->recovery_path, g_free);
}

typedef struct
{
  DgWindow *window;
  char *path;
  char *info_path;
  GCancellable *cancellable;
} RecoveryWrite;

static void
recovery_write_free (RecoveryWrite *w)
{
  g_object_unref (w->window);
  g_free (w->path);
  g_free (w->info_path);
  g_object_unref (w->cancellable);
  g_free (w);
}

/* The copy is on disk (atomically, by a worker). A copy no longer wanted
 * goes again, with its note. */
static void
recovery_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  RecoveryWrite *w = data;
  g_autoptr(GError) error = NULL;
  gboolean written = dg_atomic_file_replace_finish (result, &error);

  if (g_cancellable_is_cancelled (w->cancellable))
    {
      if (written)
        g_remove (w->path);
      g_remove (w->info_path);
    }
  else if (!written)
    g_warning ("Could not write the recovery copy: %s", error->message);
  if (w->window->recovery_cancellable == w->cancellable)
    g_clear_object (&w->window->recovery_cancellable);
  recovery_write_free (w);
}

/* Slices of a few milliseconds at low priority, so drawing and input come
 * first; the disk's part runs in a worker. */
static gboolean
recovery_slice_cb (gpointer data)
{
  DgWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *note = NULL;
  RecoveryWrite *w;

  if (!dg_save_job_run (self->recovery_job, 4000))
    return G_SOURCE_CONTINUE;

  self->recovery_idle = 0;
  bytes = dg_save_job_finish (self->recovery_job, &error);
  stop_recovery_job (self, FALSE);
  if (self->recovery_cancellable != NULL)
    {
      /* The last copy is still being written: two writers could finish
       * out of order. This one comes after the next quiet moment. */
      schedule_recovery (self);
      return G_SOURCE_REMOVE;
    }
  if (bytes == NULL)
    {
      g_warning ("Could not write the recovery copy: %s", error->message);
      return G_SOURCE_REMOVE;
    }

  g_key_file_set_int64 (info, "recovery", "last-change", dg_history_get_last_change (self->edits));
  if (self->file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);

      g_key_file_set_string (info, "recovery", "uri", uri);
    }
  w = g_new0 (RecoveryWrite, 1);
  w->window = g_object_ref (self);
  w->path = g_strdup (self->recovery_path);
  w->info_path = g_strconcat (self->recovery_path, ".info", NULL);
  note = g_key_file_to_data (info, NULL, NULL);
  /* The note first: the next start offers a copy only with its note, so a
   * kill just after the copy lands must find the note there already. (A
   * kill between the two leaves the last copy, whole, with this note's
   * time, or for a first copy a note alone, which is not offered.) */
  if (!g_file_set_contents (w->info_path, note, -1, &error))
    g_warning ("Could not write the recovery note: %s", error->message);
  g_clear_error (&error);
  w->cancellable = g_cancellable_new ();
  self->recovery_cancellable = g_object_ref (w->cancellable);
  file = g_file_new_for_path (w->path);
  dg_atomic_file_replace_async (file, bytes, w->cancellable, recovery_written_cb, w);
  return G_SOURCE_REMOVE;
}

static void
recovery_document_changed_cb (DgWindow *self)
{
  stop_recovery_job (self, FALSE);
  schedule_recovery (self);
}

/* A quiet moment after an edit: the recovery copy's text is made in
 * slices of the main loop (at 55,000 deals it is 0.1 s of work, which
 * held the main loop at once), then written by a worker. A change before
 * the text is complete starts it again after the next quiet moment. */
static gboolean
write_recovery_cb (gpointer data)
{
  DgWindow *self = data;
  g_autofree char *dir = recovery_dir ();
  DgDocument *doc;

  self->recovery_timeout = 0;
  if (self->edits == NULL || !dg_history_get_modified (self->edits))
    return G_SOURCE_REMOVE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not make the recovery folder %s: %s", dir, g_strerror (errno));
      return G_SOURCE_REMOVE;
    }
  if (self->recovery_path == NULL)
    {
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT "-%d.dealgraph.json",
                                               g_get_real_time (), (int) getpid ());

      self->recovery_path = g_build_filename (dir, name, NULL);
    }

  stop_recovery_job (self, FALSE);
  doc = dg_history_get_document (self->edits);
  self->recovery_job = dg_save_job_new (doc);
  g_signal_connect_object (doc, "changed", G_CALLBACK (recovery_document_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (doc, "positions-changed", G_CALLBACK (recovery_document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (doc, "notify", G_CALLBACK (recovery_document_changed_cb), self, G_CONNECT_SWAPPED);
  self->recovery_idle = g_idle_add_full (G_PRIORITY_LOW, recovery_slice_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_recovery (DgWindow *self)
{
  if (self->edits == NULL || !dg_history_get_modified (self->edits) || self->recovery_timeout != 0)
    return;
  self->recovery_timeout = g_timeout_add (RECOVERY_DELAY_MS, write_recovery_cb, self);
}

static void
history_modified_cb (DgWindow *self)
{
  /* Saved, or the changes discarded: nothing left to recover. */
  if (!dg_history_get_modified (self->edits))
    remove_recovery (self);
  else
    schedule_recovery (self);
}

/* A recovery copy left behind: its file, the file it was made for (or
 * NULL for a new network) and the time of its last change. */
typedef struct
{
  char *path;
  char *uri;
  gint64 time;
} Candidate;

static void
candidate_free (Candidate *c)
{
  g_free (c->path);
  g_free (c->uri);
  g_free (c);
}

typedef struct
{
  DgWindow *window;
  Candidate *candidate;
  GPtrArray *rest;   /* of Candidate, newest first: offered after this one */
} Recovery;

static void offer_next (DgWindow *self, GPtrArray *rest);

static void
recovery_free (Recovery *r)
{
  candidate_free (r->candidate);
  g_clear_pointer (&r->rest, g_ptr_array_unref);
  g_free (r);
}

static void
recovery_response_cb (GtkDialog *dialog,
                      int        response,
                      Recovery  *r)
{
  DgWindow *self = r->window;
  const char *path = r->candidate->path;
  g_autofree char *info = g_strconcat (path, ".info", NULL);
  g_autoptr(GPtrArray) rest = g_steal_pointer (&r->rest);
  gboolean restored = FALSE;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) original = r->candidate->uri != NULL ? g_file_new_for_uri (r->candidate->uri) : NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DgDocument) doc = dg_document_load_from_file (file, NULL, &error);

      if (doc == NULL)
        g_warning ("Could not read the recovery copy %s: %s", path, error->message);
      else
        {
          /* The edits come back unsaved, for the file they were made to. */
          _dg_window_set_document (self, doc, original);
          dg_document_set_modified (doc, TRUE);
          /* This window now keeps the copy up to date. */
          self->recovery_path = g_strdup (path);
          g_remove (info);
          schedule_recovery (self);
          restored = TRUE;
        }
    }
  if (!restored && (response == GTK_RESPONSE_ACCEPT || response == GTK_RESPONSE_REJECT))
    {
      g_remove (path);
      g_remove (info);
    }
  recovery_free (r);

  /* The next copy: in this window if it is still free, else in a window
   * of its own, one document each as they were. */
  if (rest != NULL && rest->len > 0)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (restored && DG_IS_APPLICATION (app))
        {
          DgWindow *window = dg_window_new (DG_APPLICATION (app));

          gtk_window_present (GTK_WINDOW (window));
          offer_next (window, g_steal_pointer (&rest));
        }
      else if (!restored)
        offer_next (self, g_steal_pointer (&rest));
    }
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const Candidate *x = *(Candidate * const *) a;
  const Candidate *y = *(Candidate * const *) b;

  return x->time < y->time ? 1 : x->time > y->time ? -1 : 0;
}

/* Offers the first of @rest (taken) back in @self, with the time of its
 * last change and the file it belongs to. */
static void
offer_next (DgWindow  *self,
            GPtrArray *rest)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  Recovery *r;

  if (rest->len == 0)
    {
      g_ptr_array_unref (rest);
      return;
    }
  r = g_new0 (Recovery, 1);
  r->window = self;
  r->candidate = g_ptr_array_steal_index (rest, 0);
  r->rest = rest;

  when = g_date_time_new_from_unix_local (r->candidate->time);
  when_text = when != NULL ? g_date_time_format (when, "%x %X") : g_strdup ("?");
  if (r->candidate->uri != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (r->candidate->uri);
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: %s is a file's name, then the date and time of the last unsaved change */
      body = g_strdup_printf (_("Dealgraph closed without saving changes to “%s” made until %s. Restore them?"),
                              name, when_text);
    }
  else
    /* Translators: %s is the date and time of the last unsaved change */
    body = g_strdup_printf (_("Dealgraph closed without saving changes made until %s. Restore them?"), when_text);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", _("Restore Unsaved Changes?"));
  gtk_widget_set_name (dialog, "recovery-dialog");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", body);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Restore"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* At start: every recovery copy left by a window that did not close (a
 * crash, a kill; one per window that had unsaved changes) is offered back,
 * newest first, one after the other. */
void
_dg_window_offer_recovery (DgWindow *self)
{
  g_autofree char *dir = recovery_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *found;
  const char *name;

  if (d == NULL)
    return;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(GKeyFile) info = g_key_file_new ();
      g_autofree char *path = NULL;
      g_autofree char *info_path = NULL;
      Candidate *c;

      if (!g_str_has_suffix (name, ".dealgraph.json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      info_path = g_strconcat (path, ".info", NULL);
      if (!g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL))
        continue;
      c = g_new0 (Candidate, 1);
      c->path = g_steal_pointer (&path);
      c->time = g_key_file_get_int64 (info, "recovery", "last-change", NULL);
      c->uri = g_key_file_get_string (info, "recovery", "uri", NULL);
      g_ptr_array_add (found, c);
    }
  g_ptr_array_sort (found, newest_first);
  offer_next (self, found);
}

/* ---- life cycle ----------------------------------------------------------- */

void
_dg_window_edit_set_document (DgWindow *self)
{
  if (self->edits != NULL)
    g_signal_handlers_disconnect_by_data (self->edits, self);
  g_clear_object (&self->edits);
  remove_recovery (self);
  /* The session made the document's history. */
  self->edits = g_object_ref (dg_session_get_history (self->session));
  g_signal_connect_object (self->edits, "notify::modified", G_CALLBACK (history_modified_cb), self,
                           G_CONNECT_SWAPPED);
  show_refusal (self, NULL);
  fill_form (self);
}

/* The first widget of @type in @widget's tree (itself included), looking
 * only at mapped widgets if @mapped_only: a drop-down's parts (the search
 * field of its list, which GTK 4.8 does not focus when the list pops up,
 * the button that pops it up, the list), or the sidebar's shown list. */
GtkWidget *
_dg_window_find_descendant (GtkWidget *widget,
                            GType      type,
                            gboolean   mapped_only)
{
  if (mapped_only && !gtk_widget_get_mapped (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = _dg_window_find_descendant (child, type, mapped_only);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* For the debug interface: what editing shows. */
void
_dg_window_edit_describe (DgWindow    *self,
                          JsonBuilder *b)
{
  double round_trips = 0;
  DgCompany *company;

  if (self->edits == NULL)
    return;
  json_builder_set_member_name (b, "can_undo");
  json_builder_add_boolean_value (b, dg_history_can_undo (self->edits));
  json_builder_set_member_name (b, "can_redo");
  json_builder_add_boolean_value (b, dg_history_can_redo (self->edits));
  json_builder_set_member_name (b, "undo_label");
  json_builder_add_string_value (b, dg_history_get_undo_label (self->edits));
  json_builder_set_member_name (b, "edit_error");
  json_builder_add_string_value (b, gtk_widget_get_visible (GTK_WIDGET (self->edit_error))
                                    ? gtk_label_get_text (self->edit_error) : NULL);
  json_builder_set_member_name (b, "recovery_path");
  json_builder_add_string_value (b, self->recovery_path);
  company = form_company (self);
  json_builder_set_member_name (b, "selected_company_name");
  json_builder_add_string_value (b, company != NULL ? dg_company_get_name (company) : NULL);
  json_builder_set_member_name (b, "selected_company_id");
  json_builder_add_string_value (b, company != NULL ? dg_company_get_id (company) : NULL);
  {
    /* The form's deal as "from>to|publisher,publisher,..." */
    DgDeal *deal = form_deal (self);
    GString *text = NULL;

    if (deal != NULL)
      {
        GPtrArray *sources = dg_deal_get_sources (deal);

        text = g_string_new (NULL);
        g_string_printf (text, "%s>%s|", dg_deal_get_from_id (deal), dg_deal_get_to_id (deal));
        for (guint i = 0; i < sources->len; i++)
          g_string_append_printf (text, "%s%s", i ? "," : "", ((DgSource *) g_ptr_array_index (sources, i))->publisher);
      }
    json_builder_set_member_name (b, "selected_deal");
    json_builder_add_string_value (b, text != NULL ? text->str : NULL);
    if (text != NULL)
      g_string_free (text, TRUE);
  }
  {
    /* What the merge list shows while it is popped up (the search typed
     * into it filters it after a pause), as "name|name|..." */
    GtkWidget *drop = g_object_get_data (G_OBJECT (self->edit_box), "merge-with");
    GtkWidget *list = drop != NULL ? _dg_window_find_descendant (drop, GTK_TYPE_LIST_VIEW, FALSE) : NULL;
    GString *text = NULL;

    if (list != NULL && gtk_widget_get_mapped (list))
      {
        GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

        text = g_string_new (NULL);
        for (guint i = 0; i < g_list_model_get_n_items (model); i++)
          {
            g_autoptr(GObject) item = g_list_model_get_item (model, i);

            g_string_append_printf (text, "%s%s", i ? "|" : "",
                                    GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : "?");
          }
      }
    json_builder_set_member_name (b, "merge_list");
    json_builder_add_string_value (b, text != NULL ? text->str : NULL);
    if (text != NULL)
      g_string_free (text, TRUE);
  }
  /* What the cycle list adds up: the known round trips (their low ends). */
  for (guint c = 0; self->analysis != NULL && c < self->analysis->n_cycles; c++)
    if (self->analysis->cycle_amount[c].kind != DG_AMOUNT_UNDISCLOSED)
      round_trips += self->analysis->cycle_amount[c].min;
  json_builder_set_member_name (b, "cycle_round_trip_sum");
  json_builder_add_double_value (b, round_trips);
}

void
_dg_window_edit_saved (DgWindow *self)
{
  if (self->edits != NULL)
    dg_history_mark_saved (self->edits);
}

void
_dg_window_edit_dispose (DgWindow *self)
{
  g_clear_handle_id (&self->recovery_timeout, g_source_remove);
  stop_recovery_job (self, FALSE);
  if (self->edits != NULL)
    g_signal_handlers_disconnect_by_data (self->edits, self);
  /* A window that closes keeps its recovery copy only if the changes were
   * neither saved nor discarded; the close dialog decides which. */
  if (self->edits != NULL && !dg_history_get_modified (self->edits))
    remove_recovery (self);
  g_clear_pointer (&self->recovery_path, g_free);
  g_clear_object (&self->edits);
  g_clear_object (&self->edit_error);
}

static void
focus_search_once (GtkWidget *search,
                   GtkWidget *popover)
{
  g_signal_handlers_disconnect_by_func (popover, focus_search_once, search);
  gtk_widget_grab_focus (search);
}

/* Pops the merge list up (with the keyboard in its search field, to type
 * the other's name at once) after the frame that drew its form. */
static void
pop_up_merge_list (GtkWidget     *drop,
                   GdkFrameClock *clock)
{
  GtkWidget *search, *button;

  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, pop_up_merge_list, drop);
  if (!gtk_widget_get_mapped (drop))
    return;
  /* Not gtk_widget_activate(): that holds the drop-down's button down for
   * a quarter of a second, as a key does, and pops the list up from a
   * timeout, after whatever else the main loop does meanwhile. */
  if ((button = _dg_window_find_descendant (drop, GTK_TYPE_TOGGLE_BUTTON, FALSE)) != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  else
    gtk_widget_activate (drop);
  /* The list's surface is mapped at once on X11 and when the compositor
   * answers on Wayland: a focus given before that is taken back by the
   * popover's own (its selected row), so it is given again once it shows. */
  if ((search = _dg_window_find_descendant (drop, GTK_TYPE_SEARCH_ENTRY, FALSE)) != NULL)
    {
      GtkWidget *popover = gtk_widget_get_ancestor (search, GTK_TYPE_POPOVER);

      gtk_widget_grab_focus (search);
      if (popover != NULL && !gtk_widget_get_mapped (popover))
        g_signal_connect_object (popover, "map", G_CALLBACK (focus_search_once),
                                 search, G_CONNECT_SWAPPED);
    }
}

/* The canvas's menu on a company: its form, open at Merge with, the list
 * of the others popped up to pick from; the Merge button beside it goes
 * the same way as in the panel (the dialog when deals would be lost). */
static void
context_merge_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  int node = self->context_node;
  GdkFrameClock *clock;
  GtkWidget *drop;

  if (self->document == NULL || self->edits == NULL || node < 0
      || (guint) node >= dg_document_get_n_companies (self->document))
    return;
  self->edit_advanced = TRUE;
  _dg_window_select (self, SEL_COMPANY, (guint) node);
  /* Already selected, the form was not made again: open its part now. */
  fill_form (self);
  gtk_expander_set_expanded (GTK_EXPANDER (self->edit_expander), TRUE);
  drop = g_object_get_data (G_OBJECT (self->edit_box), "merge-with");
  if (drop == NULL || form_company (self) == NULL
      || dg_company_get_index (form_company (self)) != (guint) node)
    return;
  gtk_widget_grab_focus (drop);
  /* The list pops up once the window has drawn the form: a surface mapped
   * before its first frame shows whatever the screen had there (on X11
   * without a compositor), and the form's first frame, with the panel's,
   * can take a few hundred milliseconds. */
  clock = gtk_widget_get_frame_clock (drop);
  if (clock != NULL)
    {
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (pop_up_merge_list), drop, G_CONNECT_SWAPPED);
      gtk_widget_queue_draw (drop);
    }
  else
    pop_up_merge_list (drop, NULL);
}

void
_dg_window_edit_init (DgWindow *self)
{
  self->edit_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->edit_box, 12);
  gtk_widget_set_margin_end (self->edit_box, 12);
  gtk_widget_set_margin_bottom (self->edit_box, 12);
  self->edit_expander = gtk_expander_new_with_mnemonic (_("_Edit"));
  gtk_widget_set_name (self->edit_expander, "edit-expander");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_expander), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit"), -1);
  gtk_widget_set_margin_start (self->edit_expander, 6);
  gtk_widget_set_margin_top (self->edit_expander, 6);
  {
    /* The forms are long (a deal with its sources): they scroll in a part
     * of the panel of a fixed height, so they never make the window taller
     * than the screen, the panel's own pages keep room below, and nothing
     * moves while one is filled in. */
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 380);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->edit_box);
    gtk_expander_set_child (GTK_EXPANDER (self->edit_expander), scrolled);
  }
  gtk_widget_set_visible (self->edit_expander, FALSE);
  /* Above the panel's own pages, where it does not scroll away. */
  gtk_box_insert_child_after (GTK_BOX (self->panel_box), self->edit_expander,
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->panel_stack)));

  g_signal_connect_object (self->canvas, "background-double-clicked", G_CALLBACK (background_double_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "deal-requested", G_CALLBACK (deal_requested_cb), self, G_CONNECT_SWAPPED);
  self->edit_error = g_object_ref_sink (GTK_LABEL (gtk_label_new (NULL)));
  gtk_widget_set_name (GTK_WIDGET (self->edit_error), "edit-error");
  gtk_label_set_wrap (self->edit_error, TRUE);
  gtk_label_set_xalign (self->edit_error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->edit_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->edit_error), FALSE);
}

void
_dg_window_edit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.add-company", NULL, add_company_action);
  gtk_widget_class_install_action (widget_class, "win.add-deal", NULL, add_deal_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.context-merge", NULL, context_merge_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);

  /* Bound on the window rather than as application accelerators: those
   * act before the focused widget, and an entry's own Ctrl+Z and Delete
   * must win while one has the keyboard. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
}
