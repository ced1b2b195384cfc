/* dg-window.c: the window owns the document and wires canvas, lists and panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-a11y.h"
#include "dg-analysis.h"
#include "dg-canvas.h"
#include "dg-company-panel.h"
#include "dg-cycle-panel.h"
#include "dg-deal-panel.h"
#include "dg-deal-state.h"
#include "dg-filter-bar.h"
#include "dg-loader.h"
#include "dg-presentation.h"
#include "dg-tour.h"
#include "dg-tour-editor.h"
#include "dg-sidebar.h"
#include "dg-style-manager.h"
#include "dg-window.h"
#include "dg-window-private.h"

G_DEFINE_FINAL_TYPE (DgWindow, dg_window, GTK_TYPE_APPLICATION_WINDOW)

static void select_entry (DgWindow *self, SelKind kind, guint index, gboolean record);

/* ---- title and state -------------------------------------------------- */

void
_dg_window_update_title (DgWindow *self)
{
  const char *title;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  gboolean modified;

  if (self->document == NULL)
    return;

  title = dg_document_get_title (self->document);
  if (title == NULL)
    title = _("Untitled deal network");
  modified = dg_document_get_modified (self->document);

  /* The unsaved-changes mark, as GNOME apps show it. */
  window_title = modified ? g_strdup_printf ("• %s", title) : g_strdup (title);
  gtk_label_set_text (self->title_label, window_title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  {
    guint n = dg_document_get_n_companies (self->document), m = dg_document_get_n_deals (self->document);
    guint shown_n = n, shown_m = m;
    const guint8 *node_visible = dg_session_get_node_visible (self->session);
    const guint8 *edge_visible = dg_session_get_edge_visible (self->session);
    g_autofree char *companies = NULL, *deals = NULL;

    /* The header says what the canvas shows: the filter, the timeline and
     * hidden companies leave their companies and deals out of the counts. */
    if (node_visible != NULL)
      for (guint v = shown_n = 0; v < n; v++)
        shown_n += node_visible[v] != 0;
    if (edge_visible != NULL)
      {
        shown_m = 0;
        for (guint e = 0; e < m; e++)
          shown_m += edge_visible[e] != 0;
      }
    if (shown_n < n)
      /* Translators: part of the window subtitle while a filter is on, e.g. "30 of 36 companies" */
      companies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u company", "%u of %u companies", n),
                                   shown_n, n);
    else
      /* Translators: part of the window subtitle, e.g. "36 companies" */
      companies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u company", "%u companies", n), n);
    if (shown_m < m)
      deals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u deal", "%u of %u deals", m), shown_m, m);
    else
      deals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal", "%u deals", m), m);

    if (self->analysis != NULL)
      /* Translators: window subtitle: companies, deals, and how many deals lie on cycles,
       * e.g. "36 companies · 67 deals · 32 on cycles" */
      subtitle = g_strdup_printf (_("%s · %s · %u on cycles"), companies, deals, self->analysis->n_cyclic_edges);
    else
      /* Translators: window subtitle: companies and deals */
      subtitle = g_strdup_printf (_("%s · %s"), companies, deals);
  }
  gtk_label_set_text (self->subtitle_label, subtitle);
}

DgThemeKind
_dg_window_resolve_theme (DgWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  DgThemeKind kind = DG_THEME_LIGHT;

  /* The style manager knows what "system" means now. */
  if (DG_IS_APPLICATION (app) && dg_application_get_style_manager (DG_APPLICATION (app)) != NULL)
    dg_theme_kind_from_string (dg_style_manager_resolve_theme (dg_application_get_style_manager (DG_APPLICATION (app)),
                                                               self->canvas_theme),
                               &kind);
  else
    dg_theme_kind_from_string (self->canvas_theme, &kind);
  return kind;
}

static void
update_theme (DgWindow *self)
{
  dg_canvas_set_theme (self->canvas, _dg_window_resolve_theme (self));
}

static void
set_action_state (DgWindow   *self,
                  const char *name,
                  GVariant   *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
  else
    g_variant_unref (g_variant_ref_sink (state));
}

/* ---- document --------------------------------------------------------- */

/* Positions have one owner, the document: what is saved, exported, undone
 * and shown in a presentation. The canvas draws a copy that it changes on
 * its own only while a layout runs or a company is dragged, and hands over
 * here at the end of a layout run (and once before the first move in a
 * network that had no positions); a drag's end, a pin and an unpin are
 * edits through the history (dg-window-edit.c). The document goes back to
 * the canvas when it changes (after an edit, an undo, a new document). */
void
_dg_window_positions_to_document (DgWindow *self)
{
  const float *xy = dg_canvas_get_positions (self->canvas);
  const guint8 *pinned = dg_canvas_get_pinned (self->canvas);
  guint n = dg_document_get_n_companies (self->document);

  for (guint v = 0; v < n; v++)
    dg_document_set_position (self->document, v, xy[2 * v], xy[2 * v + 1], pinned[v]);
  dg_document_set_layout_algorithm (self->document, dg_layout_algorithm_to_string (self->layout));
}

/* The window's analysis options, but the mask: the load worker analyses a
 * file's whole graph with them too. */
void
_dg_window_analysis_options (DgAnalysisOptions *options)
{
  dg_analysis_options_init (options);
  /* Interactive: never make the window wait long; the status line says
   * when a limit cut the cycle search short. */
  options->time_budget = 0.5;
}

/* Networks with more deals than this are analysed in a worker (see
 * start_full_analysis()); smaller ones at once, where it takes a few
 * milliseconds and every view can have the cycles with the snapshot. */
#define SYNC_ANALYSIS_MAX_DEALS 1000

static guint sync_analysis_max_deals = SYNC_ANALYSIS_MAX_DEALS;

/* For tests: analyse networks with more than @max deals in the worker
 * (0: every one; G_MAXUINT: none). Returns the limit it replaces. */
guint
_dg_window_set_sync_analysis_max_deals (guint max)
{
  guint old = sync_analysis_max_deals;

  sync_analysis_max_deals = max;
  return old;
}

static void
analysis_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  guint serial = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgAnalysis) analysis = dg_analysis_new_finish (result, &error);
  DgWindow *self;

  /* Cancelled: a newer request superseded it, or the window went away
   * (its dispose cancels); the window may be disposed, so look at nothing
   * of it. */
  if (analysis == NULL)
    return;
  self = DG_WINDOW (source);
  if (serial != self->analysis_serial || self->analysis == NULL
      || self->analysis->graph != analysis->graph)
    {
      /* For a document state that is gone: drop it. */
      self->analyses_dropped++;
      return;
    }
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  self->analysis = g_steal_pointer (&analysis);
  self->analyses_landed++;
  dg_session_set_analysis (self->session, self->analysis);
  _dg_window_analysis_landed (self);
}

/* Starts the whole analysis (cycles, round trips) of @graph under @mask in
 * a worker; a running one for an older state is cancelled, and its result
 * will be dropped even if it was already on its way. */
static void
start_full_analysis (DgWindow     *self,
                     DgGraph      *graph,
                     const guint8 *mask)
{
  DgAnalysisOptions options;

  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  self->analysis_cancellable = g_cancellable_new ();
  _dg_window_analysis_options (&options);
  options.edge_mask = mask;
  dg_analysis_new_async (graph, &options, self, self->analysis_cancellable, analysis_done_cb,
                         GUINT_TO_POINTER (self->analysis_serial));
}

/* Whether the analysis shown is complete (not the components-only one
 * that stands in while the worker runs). */
gboolean
_dg_window_analysis_pending (DgWindow *self)
{
  return self->analysis_cancellable != NULL;
}

/* Analyses the graph shown (at the timeline's month, under the filter).
 * Large networks: what the shading needs (strong components, cyclic
 * deals: linear, milliseconds) is computed here, so the canvas and the
 * lists follow the change at once; the cycles and round trips (up to a
 * second at 10,000 companies) come from a worker, and until then the
 * analysis lists no cycle and says so (docs/decisions.md). */
static void
run_analysis (DgWindow *self)
{
  DgAnalysisOptions options;
  /* At the timeline's month, each deal's amount then. */
  DgGraph *graph = dg_session_get_shown_graph (self->session);
  const guint8 *edge_visible = dg_session_get_edge_visible (self->session);
  /* Cancelled deals (by the timeline's date, or at the latest) may be
   * drawn, ghosted, but are on no cycle. */
  g_autofree guint8 *network = NULL;
  const guint8 *mask;
  gboolean whole = edge_visible == NULL;

  /* The whole network, analysed (or being analysed) already: a document
   * that was just set applies its filter more than once. */
  if (whole && self->analysis != NULL && self->analysis_whole && self->analysis->graph == graph)
    return;

  if (self->loaded_network_of != NULL && self->loaded_network_of == self->document && whole
      && dg_session_get_filter (self->session)->as_of == 0 && graph == dg_document_get_graph (self->document))
    {
      /* Made by the load worker (NULL: every deal is in the network). */
      network = g_steal_pointer (&self->loaded_network);
      self->loaded_network_of = NULL;
    }
  else
    network = dg_document_make_network_mask (self->document, dg_session_get_filter (self->session)->as_of,
                                             edge_visible);
  mask = network != NULL ? network : edge_visible;
  _dg_window_analysis_options (&options);
  options.edge_mask = mask;

  /* Whatever runs is for an older state now. */
  self->analysis_serial++;
  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);

  g_clear_pointer (&self->analysis, dg_analysis_unref);
  self->analysis_whole = whole;
  if (graph->n_edges <= sync_analysis_max_deals)
    {
      self->analysis = dg_analysis_new (graph, &options);
      dg_session_set_analysis (self->session, self->analysis);
      return;
    }
  options.flags = 0;
  self->analysis = dg_analysis_new (graph, &options);
  dg_session_set_analysis (self->session, self->analysis);
  start_full_analysis (self, graph, mask);
}

/* The sidebar's lists of a new large document wait until the canvas has
 * shown its first frame, drawn in a thread while the main loop is free:
 * making and laying out their rows would hold that frame back by the time
 * they take (docs/performance.md). At the latest this long after. */
#define LISTS_HELD_MAX_MS 1500

static void
stop_waiting_for_frame (DgWindow *self)
{
  g_clear_handle_id (&self->lists_timeout, g_source_remove);
  /* A frame clock disposed with its window's surface (the window being
   * destroyed) has dropped its handlers already. */
  if (self->lists_clock != NULL && self->lists_paint_handler != 0
      && g_signal_handler_is_connected (self->lists_clock, self->lists_paint_handler))
    g_signal_handler_disconnect (self->lists_clock, self->lists_paint_handler);
  self->lists_paint_handler = 0;
  g_clear_object (&self->lists_clock);
}

static void
release_lists (DgWindow *self)
{
  stop_waiting_for_frame (self);
  dg_sidebar_release_lists (self->sidebar);
}

static gboolean
lists_timeout_cb (gpointer data)
{
  DgWindow *self = data;

  self->lists_timeout = 0;
  release_lists (self);
  return G_SOURCE_REMOVE;
}

static void
lists_after_paint_cb (GdkFrameClock *clock,
                      DgWindow      *self)
{
  if (dg_canvas_is_frame_exact (self->canvas))
    release_lists (self);
}

/* After dg_canvas_set_graph(): the lists held since the document was set
 * wait for the canvas's worker, if it draws the network; else they are
 * made now. */
static void
wait_for_first_frame (DgWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) || !dg_canvas_is_rendering (self->canvas))
    {
      release_lists (self);
      return;
    }
  if (self->lists_clock != clock)
    {
      stop_waiting_for_frame (self);
      self->lists_clock = g_object_ref (clock);
      self->lists_paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (lists_after_paint_cb), self);
    }
  g_clear_handle_id (&self->lists_timeout, g_source_remove);
  self->lists_timeout = g_timeout_add (LISTS_HELD_MAX_MS, lists_timeout_cb, self);
}

/* The diagram's title line: the document's title, and the date it shows:
 * the timeline's month while one is set, else the data's own date. */
static void
update_canvas_titles (DgWindow *self)
{
  g_autofree char *subtitle = NULL;
  gint32 as_of = dg_session_get_filter (self->session)->as_of;

  if (as_of != 0)
    subtitle = dg_filter_format_as_of_label (as_of);
  else if (dg_document_get_as_of (self->document) != NULL)
    /* Translators: under the diagram's title: the date the data describes */
    subtitle = g_strdup_printf (_("as of %s"), dg_document_get_as_of (self->document));
  dg_canvas_set_titles (self->canvas, dg_document_get_title (self->document), subtitle);
}

/* The session's filter, marks or snapshot changed ("filter-changed"): its
 * masks reach the analysis, canvas and summary (the lists follow the
 * session themselves). Filtered deals leave the analysis too, so the
 * shading, the cycles and the round-trip figures follow the filter at
 * once. */
static void
apply_filter (DgWindow *self)
{
  DgGraph *graph = dg_document_get_graph (self->document);
  guint m = graph->n_edges;
  guint shown = dg_session_get_n_shown_deals (self->session);
  gint32 as_of = dg_session_get_filter (self->session)->as_of;
  const guint8 *edge_visible = dg_session_get_edge_visible (self->session);
  const guint8 *node_visible = dg_session_get_node_visible (self->session);
  g_autofree char *summary = NULL;

  dg_canvas_update_graph (self->canvas, dg_session_get_shown_graph (self->session));

  run_analysis (self);
  update_canvas_titles (self);
  dg_canvas_set_undated (self->canvas, NULL);
  dg_canvas_set_visible_items (self->canvas, node_visible, edge_visible);
  dg_canvas_set_cyclic (self->canvas, self->analysis->edge_cyclic);
  /* The lists follow the session's analysis and masks themselves. */

  /* Translators: in the filter bar, e.g. "40 of 67 deals shown, 12 on cycles" */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u deal shown, %u on cycles",
                                          "%u of %u deals shown, %u on cycles", m),
                             shown, m, self->analysis->n_cyclic_edges);
  if (as_of != 0)
    {
      /* Deals without a date stay in, since nobody can say they came later;
       * the summary says how many, so the timeline is not taken for more
       * than it knows. */
      g_autofree guint8 *undated = g_new0 (guint8, MAX (m, 1));
      guint n_undated = dg_filter_mark_undated (graph, edge_visible, undated);

      dg_canvas_set_undated (self->canvas, n_undated > 0 ? undated : NULL);
      if (n_undated > 0)
        {
          /* Translators: the filter summary, then how many deals shown
           * have no announced date */
          g_autofree char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s; %u shown has no date",
                                                                "%s; %u shown have no date", n_undated),
                                                   summary, n_undated);
          g_free (summary);
          summary = g_steal_pointer (&with);
        }
    }
  dg_filter_bar_set_summary (self->filter_bar, summary);
}

static void select_none (DgWindow *self);

/* The worker's whole analysis replaced the components-only one: the
 * cycles list, the panel and the title get the cycles; the shading is
 * the same (both have the same cyclic deals). */
void
_dg_window_analysis_landed (DgWindow *self)
{
  dg_canvas_set_cyclic (self->canvas, self->analysis->edge_cyclic);
  /* The lists and the panels follow the session's analysis themselves. */
  _dg_window_update_title (self);
}

/* Shows or hides the side panel. GTK 4.8's GtkPaned keeps the handle of a
 * hidden child where it last was, and its divider drag (a gesture in the
 * capture phase) took presses near that spot: a click on a company drawn
 * there did nothing. While the panel is hidden there is no divider to
 * drag, so the paned's gestures stand aside. */
static void
set_panel_shown (DgWindow *self,
                 gboolean  shown)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (self->inner_paned));

  gtk_widget_set_visible (self->panel_box, shown);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      GtkPropagationPhase phase;

      if (!GTK_IS_GESTURE (controller))
        continue;
      /* Remember the paned's own phase (capture in GTK 4.8) to give back. */
      phase = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (controller), "dg-phase"));
      if (phase == 0)
        {
          phase = gtk_event_controller_get_propagation_phase (controller) + 1;
          g_object_set_data (G_OBJECT (controller), "dg-phase", GINT_TO_POINTER (phase));
        }
      gtk_event_controller_set_propagation_phase (controller, shown ? (GtkPropagationPhase) (phase - 1) : GTK_PHASE_NONE);
    }
}

static void
filter_changed_cb (DgWindow *self)
{
  if (self->document == NULL)
    return;
  /* The masks and the views follow the session's "filter-changed"; an
   * equal filter sends none, and the views are brought along anyway, as
   * the bar asked. */
  if (dg_filter_equal (dg_filter_bar_get_filter (self->filter_bar), dg_session_get_filter (self->session)))
    apply_filter (self);
  else
    dg_session_set_filter (self->session, dg_filter_bar_get_filter (self->filter_bar));
  /* Watching the timeline play is not an edit; a filter the user sets is
   * (filters are saved in the file). */
  if (!dg_filter_bar_get_playing (self->filter_bar))
    {
      dg_filter_save_to_document (dg_session_get_filter (self->session), self->document);
      dg_document_set_modified (self->document, TRUE);
    }
  /* The selection may be filtered out, and cycle numbers change. */
  select_none (self);
  _dg_window_update_title (self);
}

void
_dg_window_set_document (DgWindow   *self,
              DgDocument *document,
              GFile      *file)
{
  DgGraph *graph;
  guint n, m;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) node_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) edge_ids = g_ptr_array_new ();
  g_autofree float *xy = NULL;
  g_autofree guint8 *pinned = NULL;
  const DgPosition *positions;
  const char *algorithm;
  gboolean has_positions;

  g_set_object (&self->document, document);
  g_set_object (&self->file, file);
  g_signal_connect_object (document, "notify::modified", G_CALLBACK (_dg_window_update_title), self, G_CONNECT_SWAPPED);

  graph = dg_document_get_graph (document);
  n = graph->n_nodes;
  m = graph->n_edges;
  for (guint v = 0; v < n; v++)
    {
      DgCompany *company = dg_document_get_company (document, v);

      g_ptr_array_add (labels, (char *) dg_company_get_name (company));
      g_ptr_array_add (node_ids, (char *) dg_company_get_id (company));
    }
  for (guint e = 0; e < m; e++)
    g_ptr_array_add (edge_ids, (char *) dg_deal_get_id (dg_document_get_deal (document, e)));
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (node_ids, NULL);
  g_ptr_array_add (edge_ids, NULL);

  /* The session takes the document with the filter it saved, and clears
   * the old one's selection, lit set and hidden companies; the views are
   * brought along below, in the order the canvas needs (graph, then
   * positions, then masks). */
  g_signal_handlers_block_by_func (self->session, apply_filter, self);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  dg_sidebar_hold_lists (self->sidebar);
  dg_session_set_document (self->session, document);
  g_signal_handlers_unblock_by_func (self->session, apply_filter, self);
  dg_filter_bar_set_graph (self->filter_bar, graph);
  dg_filter_bar_set_filter (self->filter_bar, dg_session_get_filter (self->session));
  run_analysis (self);

  dg_canvas_set_graph (self->canvas, graph, (const char * const *) labels->pdata,
                       (const char * const *) node_ids->pdata, (const char * const *) edge_ids->pdata);
  for (guint k = 0; k < G_N_ELEMENTS (self->canvas_strings); k++)
    self->canvas_strings[k] = dg_document_get_strings_serial (document, (DgDocumentStrings) k);
  dg_canvas_set_cyclic (self->canvas, self->analysis->edge_cyclic);
  wait_for_first_frame (self);
  update_canvas_titles (self);

  algorithm = dg_document_get_layout_algorithm (document);
  if (algorithm == NULL && self->settings != NULL)
    {
      /* A file without a layout opens with the one last chosen. */
      g_autofree char *last = g_settings_get_string (self->settings, "last-layout");

      if (!dg_layout_algorithm_from_string (last, &self->layout))
        self->layout = DG_LAYOUT_FORCE;
    }
  else if (algorithm == NULL || !dg_layout_algorithm_from_string (algorithm, &self->layout))
    self->layout = DG_LAYOUT_FORCE;
  set_action_state (self, "layout", g_variant_new_string (dg_layout_algorithm_to_string (self->layout)));

  /* Saved positions are shown as they are; missing ones are laid out. */
  positions = dg_document_get_positions (document);
  has_positions = dg_document_has_positions (document);   /* once: it walks every company */
  xy = g_new0 (float, 2 * MAX (n, 1));
  pinned = g_new0 (guint8, MAX (n, 1));
  for (guint v = 0; v < n; v++)
    {
      xy[2 * v] = positions[v].x;
      xy[2 * v + 1] = positions[v].y;
      /* Companies with a saved position keep it while the rest settle. */
      pinned[v] = positions[v].pinned || (positions[v].set && !has_positions);
    }
  dg_canvas_set_positions (self->canvas, xy, pinned);
  if (!has_positions && n > 0)
    {
      self->initial_layout = TRUE;
      dg_canvas_run_layout (self->canvas, self->layout, TRUE);
      /* Give back the pins that only held saved positions in place. */
      for (guint v = 0; v < n; v++)
        if (!positions[v].pinned && pinned[v])
          dg_canvas_unpin (self->canvas, v);
    }
  dg_canvas_fit (self->canvas, FALSE);

  apply_filter (self);
  if (!dg_filter_is_default (dg_session_get_filter (self->session)))
    gtk_revealer_set_reveal_child (self->filter_revealer, TRUE);

  g_array_set_size (self->history, 0);
  self->history_pos = 0;
  self->selection.kind = SEL_NONE;
  set_panel_shown (self, FALSE);
  /* The session cleared the selection and the lit set; the canvas kept
   * the old document's until its new graph. */
  dg_canvas_set_selection (self->canvas, -1, -1);
  dg_canvas_set_lit (self->canvas, NULL, 0, NULL, 0);

  _dg_window_update_title (self);
  _dg_window_edit_set_document (self);
  _dg_window_update_actions (self);
}

void
dg_window_set_document (DgWindow   *self,
                        DgDocument *document)
{
  g_return_if_fail (DG_IS_WINDOW (self));
  g_return_if_fail (DG_IS_DOCUMENT (document));

  _dg_window_set_document (self, document, NULL);
}

DgDocument *
dg_window_get_document (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);
  return self->document;
}

DgAnalysis *
dg_window_get_analysis (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);
  return self->analysis;
}

GtkWidget *
dg_window_get_canvas (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->canvas);
}

GtkWidget *
dg_window_get_sidebar (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sidebar);
}

void
dg_window_load_default (DgWindow *self)
{
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = dg_document_load_default (&error);
  if (doc == NULL)
    g_error ("The embedded dataset does not load: %s", error->message);
  _dg_window_set_document (self, doc, NULL);
}

/* ---- selection and history -------------------------------------------- */

static void
light_cycle (DgWindow *self,
             guint     cycle)
{
  const guint *nodes, *edges;
  guint n_nodes, n_edges;

  nodes = dg_analysis_get_cycle_companies (self->analysis, cycle, &n_nodes);
  edges = dg_analysis_get_cycle_deals (self->analysis, cycle, &n_edges);
  dg_session_set_lit (self->session, nodes, n_nodes, edges, n_edges);
}


static void
save_panel_width (DgWindow *self)
{
  int width = gtk_widget_get_width (self->panel_box);

  if (self->settings != NULL && gtk_widget_get_visible (self->panel_box) && width > 0)
    g_settings_set_int (self->settings, "panel-width", CLAMP (width, 160, 2000));
}

static void
select_entry (DgWindow *self,
              SelKind   kind,
              guint     index,
              gboolean  record)
{
  g_autofree char *title = NULL;

  if (self->document == NULL)
    return;

  self->selection.kind = kind;
  self->selection.index = index;

  if (record && kind != SEL_NONE)
    {
      Entry entry = { kind, index };

      /* A new step forgets what lay ahead, like a browser. */
      if (self->history->len > 0)
        g_array_set_size (self->history, self->history_pos + 1);
      g_array_append_val (self->history, entry);
      self->history_pos = self->history->len - 1;
    }

  /* The session tells the canvas, the panels and the actions (see
   * session_selection_cb()); the panels fill themselves from it. The
   * same selection again is shown again: what it points at may have
   * changed (an edit). */
  if (kind == SEL_CYCLE)
    light_cycle (self, index);
  else
    dg_session_set_lit (self->session, NULL, 0, NULL, 0);
  dg_session_reselect (self->session, kind, index);

  switch (kind)
    {
    case SEL_COMPANY:
      dg_canvas_reveal_selection (self->canvas);
      dg_sidebar_show_company (self->sidebar, index);
      gtk_stack_set_visible_child_name (self->panel_stack, "company");
      title = g_strdup (_("Company"));
      break;

    case SEL_DEAL:
      dg_canvas_reveal_selection (self->canvas);
      dg_sidebar_show_deal (self->sidebar, index);
      gtk_stack_set_visible_child_name (self->panel_stack, "deal");
      title = g_strdup (_("Deal"));
      break;

    case SEL_CYCLE:
      dg_sidebar_show_cycle (self->sidebar, index);
      gtk_stack_set_visible_child_name (self->panel_stack, "cycle");
      title = g_strdup (_("Cycle"));
      break;

    case SEL_NONE:
    default:
      save_panel_width (self);
      dg_sidebar_unselect (self->sidebar);
      set_panel_shown (self, FALSE);
      _dg_window_edit_selection_changed (self);
      return;
    }

  gtk_label_set_text (self->panel_title, title);
  if (!gtk_widget_get_visible (self->panel_box) && self->settings != NULL
      && gtk_widget_get_width (GTK_WIDGET (self->inner_paned)) > 0)
    {
      /* The panel opens as wide as the user last left it. */
      int width = g_settings_get_int (self->settings, "panel-width");
      int total = gtk_widget_get_width (GTK_WIDGET (self->inner_paned));

      if (width > 0 && width < total - 200)
        gtk_paned_set_position (self->inner_paned, total - width);
    }
  set_panel_shown (self, TRUE);
  _dg_window_edit_selection_changed (self);
}

void
_dg_window_select (DgWindow *self,
                   SelKind   kind,
                   guint     index)
{
  select_entry (self, kind, index, kind != SEL_NONE);
}

void
dg_window_select_company (DgWindow *self,
                          guint     company)
{
  g_return_if_fail (DG_IS_WINDOW (self));
  g_return_if_fail (company < dg_document_get_n_companies (self->document));
  select_entry (self, SEL_COMPANY, company, TRUE);
}

void
dg_window_select_deal (DgWindow *self,
                       guint     deal)
{
  g_return_if_fail (DG_IS_WINDOW (self));
  g_return_if_fail (deal < dg_document_get_n_deals (self->document));
  select_entry (self, SEL_DEAL, deal, TRUE);
}

void
dg_window_select_cycle (DgWindow *self,
                        guint     cycle)
{
  g_return_if_fail (DG_IS_WINDOW (self));
  g_return_if_fail (self->analysis != NULL && cycle < self->analysis->n_cycles);
  select_entry (self, SEL_CYCLE, cycle, TRUE);
}

static void
canvas_company_activated_cb (DgWindow *self,
                             int       node)
{
  if (node >= 0)
    select_entry (self, SEL_COMPANY, node, TRUE);
}

static void
canvas_deal_activated_cb (DgWindow *self,
                          int       edge)
{
  if (edge >= 0)
    select_entry (self, SEL_DEAL, edge, TRUE);
}

static void
canvas_background_activated_cb (DgWindow *self)
{
  select_entry (self, SEL_NONE, 0, FALSE);
}

static void
canvas_company_moved_cb (DgWindow *self,
                         guint     node)
{
  /* A drag is an edit: it pins the company and marks the document; the
   * edit history keeps it as one step. */
  if (!dg_document_has_positions (self->document))
    _dg_window_positions_to_document (self);
  _dg_window_edit_moved (self, node);
  /* The company is pinned now. */
  _dg_window_update_actions (self);
}

static void
canvas_positions_changed_cb (DgWindow *self)
{
  _dg_window_positions_to_document (self);
  /* Laying out a file that had no positions is not an edit of it. */
  if (!self->initial_layout)
    dg_document_set_modified (self->document, TRUE);
  self->initial_layout = FALSE;
}

static void
panel_company_activated_cb (DgWindow *self,
                            guint     company)
{
  select_entry (self, SEL_COMPANY, company, TRUE);
}

static void
panel_deal_activated_cb (DgWindow *self,
                         guint     deal)
{
  select_entry (self, SEL_DEAL, deal, TRUE);
}

static void
panel_cycle_activated_cb (DgWindow *self,
                          guint     cycle)
{
  select_entry (self, SEL_CYCLE, cycle, TRUE);
}

static void
sidebar_company_selected_cb (DgWindow *self,
                             guint     company)
{
  select_entry (self, SEL_COMPANY, company, TRUE);
}

static void
sidebar_deal_selected_cb (DgWindow *self,
                          guint     deal)
{
  select_entry (self, SEL_DEAL, deal, TRUE);
}

static void
sidebar_cycle_selected_cb (DgWindow *self,
                           guint     cycle)
{
  const guint *nodes;
  guint n;

  select_entry (self, SEL_CYCLE, cycle, TRUE);
  /* Bring the whole cycle into view. */
  nodes = dg_analysis_get_cycle_companies (self->analysis, cycle, &n);
  dg_canvas_zoom_to_nodes (self->canvas, nodes, n, TRUE);
}

static void
go_back (GtkWidget  *widget,
         const char *name,
         GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  Entry *entry;

  if (self->history_pos == 0)
    return;
  self->history_pos--;
  entry = &g_array_index (self->history, Entry, self->history_pos);
  select_entry (self, entry->kind, entry->index, FALSE);
}

static void
go_forward (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  Entry *entry;

  if (self->history_pos + 1 >= self->history->len)
    return;
  self->history_pos++;
  entry = &g_array_index (self->history, Entry, self->history_pos);
  select_entry (self, entry->kind, entry->index, FALSE);
}

static void
select_none (DgWindow *self)
{
  g_array_set_size (self->history, 0);
  self->history_pos = 0;
  select_entry (self, SEL_NONE, 0, FALSE);
}

static void
close_panel (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  select_entry (DG_WINDOW (widget), SEL_NONE, 0, FALSE);
}

/* The session's selection reaches the canvas and the actions. */
static void
session_selection_cb (DgWindow *self)
{
  guint index;
  DgSelectionKind kind = dg_session_get_selection (self->session, &index);

  dg_canvas_set_selection (self->canvas, kind == SEL_COMPANY ? (int) index : -1, kind == SEL_DEAL ? (int) index : -1);
  _dg_window_update_actions (self);
}

static void
session_lit_cb (DgWindow *self)
{
  guint n_nodes, n_edges;
  const guint *edges;
  const guint *nodes = dg_session_get_lit (self->session, &n_nodes, &edges, &n_edges);

  dg_canvas_set_lit (self->canvas, n_nodes > 0 ? nodes : NULL, n_nodes, n_edges > 0 ? edges : NULL, n_edges);
}

/* ---- the canvas's context menu ---------------------------------------- */

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, action);

  g_menu_append_item (menu, item);
}

/* What the secondary click is on decides the menu. Company names are not
 * put in menu labels: they would be read for mnemonics. */
static void
canvas_context_menu_cb (DgWindow *self,
                        int       node,
                        int       edge)
{
  g_autoptr(GMenu) target = g_menu_new ();
  g_autoptr(GMenu) view = g_menu_new ();
  const guint8 *pinned = dg_canvas_get_pinned (self->canvas);

  self->context_node = node;
  self->context_edge = edge;
  g_menu_remove_all (self->context_model);

  if (node >= 0)
    {
      append_item (target, _("_Open"), "win.context-open");
      append_item (target, _("_Zoom to Neighbourhood"), "win.context-zoom");
      if (pinned != NULL && pinned[node])
        append_item (target, _("_Unpin"), "win.context-unpin");
      else
        append_item (target, _("_Pin Here"), "win.context-pin");
      append_item (target, _("_Hide"), "win.context-hide");
      if (self->edits != NULL && dg_document_get_n_companies (self->document) > 1)
        append_item (target, _("_Merge With…"), "win.context-merge");
    }
  else if (edge >= 0)
    {
      append_item (target, _("_Open"), "win.context-open");
      append_item (target, _("Go to the _Payer"), "win.context-payer");
      append_item (target, _("Go to the Pay_ee"), "win.context-payee");
    }
  if (node >= 0 || edge >= 0)
    g_menu_append_section (self->context_model, NULL, G_MENU_MODEL (target));

  append_item (view, _("_Fit the Whole Network"), "win.zoom-fit");
  if (dg_session_get_n_hidden (self->session) > 0)
    append_item (view, _("_Show Hidden Companies"), "win.show-hidden");
  append_item (view, _("Unpin _All and Lay Out Again"), "win.unpin-all");
  g_menu_append_section (self->context_model, NULL, G_MENU_MODEL (view));
}

static void
context_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  DgGraph *graph;
  int node = self->context_node, edge = self->context_edge;

  if (self->document == NULL)
    return;
  graph = dg_document_get_graph (self->document);
  if (node >= (int) graph->n_nodes || edge >= (int) graph->n_edges)
    return;

  if (g_str_equal (name, "win.context-open"))
    {
      if (node >= 0)
        select_entry (self, SEL_COMPANY, node, TRUE);
      else if (edge >= 0)
        select_entry (self, SEL_DEAL, edge, TRUE);
    }
  else if (g_str_equal (name, "win.context-zoom") && node >= 0)
    {
      select_entry (self, SEL_COMPANY, node, TRUE);
      dg_canvas_zoom_to_node (self->canvas, node);
    }
  else if ((g_str_equal (name, "win.context-pin") || g_str_equal (name, "win.context-unpin")) && node >= 0)
    {
      _dg_window_edit_pin (self, node, g_str_equal (name, "win.context-pin"));
      _dg_window_update_actions (self);
    }
  else if (g_str_equal (name, "win.context-hide") && node >= 0)
    {
      if (self->selection.kind == SEL_COMPANY && self->selection.index == (guint) node)
        select_none (self);
      /* The views follow the session's "filter-changed". */
      dg_session_hide_company (self->session, node);
      _dg_window_update_title (self);
    }
  else if (g_str_equal (name, "win.context-payer") && edge >= 0)
    select_entry (self, SEL_COMPANY, graph->edge_src[edge], TRUE);
  else if (g_str_equal (name, "win.context-payee") && edge >= 0)
    select_entry (self, SEL_COMPANY, graph->edge_dst[edge], TRUE);
}

static void
show_hidden_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  if (self->document == NULL || !dg_session_show_all (self->session))
    return;
  _dg_window_update_title (self);
}

/* ---- view ------------------------------------------------------------- */

static void
layout_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  DgWindow *self = DG_WINDOW (user_data);
  DgLayoutAlgorithm algorithm;

  if (self->document == NULL)
    return;

  if (!dg_layout_algorithm_from_string (g_variant_get_string (param, NULL), &algorithm))
    return;
  self->layout = algorithm;
  g_simple_action_set_state (action, param);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-layout", g_variant_get_string (param, NULL));
  self->initial_layout = FALSE;
  dg_canvas_run_layout (self->canvas, algorithm, TRUE);
}

static void
unpin_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  /* Nothing to act on while a large file is still loading. */
  if (self->document == NULL)
    return;

  if (self->selection.kind != SEL_COMPANY)
    return;
  _dg_window_edit_pin (self, self->selection.index, FALSE);
  _dg_window_update_actions (self);
}

static void
unpin_all_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  /* Nothing to act on while a large file is still loading. */
  if (self->document == NULL)
    return;

  dg_canvas_unpin_all (self->canvas);
  self->initial_layout = FALSE;
  dg_canvas_run_layout (self->canvas, self->layout, TRUE);
}

static void
canvas_theme_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  DgWindow *self = DG_WINDOW (user_data);

  g_free (self->canvas_theme);
  self->canvas_theme = g_variant_dup_string (param, NULL);
  g_simple_action_set_state (action, param);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "theme", self->canvas_theme);
  update_theme (self);
}


static void
toggle_sidebar_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  DgWindow *self = DG_WINDOW (user_data);
  GtkWidget *sidebar = GTK_WIDGET (self->sidebar);
  gboolean visible = !gtk_widget_get_visible (sidebar);

  gtk_widget_set_visible (sidebar, visible);
  g_simple_action_set_state (action, g_variant_new_boolean (visible));
}

static void
show_filters_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  DgWindow *self = DG_WINDOW (user_data);
  gboolean reveal = !gtk_revealer_get_reveal_child (self->filter_revealer);

  gtk_revealer_set_reveal_child (self->filter_revealer, reveal);
  g_simple_action_set_state (action, g_variant_new_boolean (reveal));
  if (!reveal)
    dg_filter_bar_set_playing (self->filter_bar, FALSE);
}

static void
search_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->sidebar), TRUE);
  set_action_state (self, "toggle-sidebar", g_variant_new_boolean (TRUE));
  dg_sidebar_focus_search (self->sidebar);
}

static void
canvas_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  /* win.zoom-in -> canvas.zoom-in */
  g_autofree char *canvas_name = g_strconcat ("canvas.", name + strlen ("win."), NULL);
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), canvas_name, NULL);
}

/**
 * dg_window_get_tour:
 *
 * The document's saved tour, or one made from it (an overview, the
 * largest cycles, the companies on most cycles, the sources).
 *
 * Returns: (transfer full): the tour
 */
DgTour *
dg_window_get_tour (DgWindow *self)
{
  g_autoptr(GPtrArray) warnings = NULL;
  DgTour *tour;
  guint max_cycles = 8;

  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);

  tour = dg_tour_load_from_document (self->document, self->analysis, dg_session_get_filter (self->session), &warnings);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_message ("%s", (char *) g_ptr_array_index (warnings, i));
  if (tour != NULL)
    return tour;

  if (self->settings != NULL)
    max_cycles = CLAMP (g_settings_get_int (self->settings, "tour-max-cycles"), 1, 100);
  return dg_tour_new_from_document (self->document, self->analysis, dg_session_get_filter (self->session), max_cycles);
}

static void
present_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  g_autoptr(DgTour) tour = NULL;
  DgPresentation *presentation;

  /* Nothing to act on while a large file is still loading. */
  if (self->document == NULL)
    return;
  tour = dg_window_get_tour (self);

  if (dg_tour_get_n_visible (tour) == 0)
    return;
  presentation = dg_presentation_new (GTK_WINDOW (self), self->document, self->analysis, tour, self->canvas);
  if (self->settings != NULL)
    {
      /* The presentation's own theme setting: projector unless changed. */
      g_autofree char *theme_name = g_settings_get_string (self->settings, "tour-theme");
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
      DgThemeKind theme;

      /* "system" means what the desktop asks for, as for the diagram. */
      if (DG_IS_APPLICATION (app) && dg_application_get_style_manager (DG_APPLICATION (app)) != NULL
          && dg_theme_kind_from_string (dg_style_manager_resolve_theme (dg_application_get_style_manager (DG_APPLICATION (app)),
                                                                        theme_name),
                                        &theme))
        dg_presentation_set_theme (DG_PRESENTATION (presentation), theme);
    }
  {
    /* The monitor's size, so the slides are right even where no window
     * manager honours the full-screen request. */
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
    GdkMonitor *monitor = surface ? gdk_display_get_monitor_at_surface (gtk_widget_get_display (widget), surface) : NULL;
    GdkRectangle geometry;

    if (monitor != NULL)
      {
        gdk_monitor_get_geometry (monitor, &geometry);
        gtk_window_set_default_size (GTK_WINDOW (presentation), geometry.width, geometry.height);
      }
  }
  gtk_window_fullscreen (GTK_WINDOW (presentation));
  gtk_window_present (GTK_WINDOW (presentation));
}

static void
tour_changed_cb (DgTour   *tour,
                 DgWindow *self)
{
  /* One step of the history, undone with the edits around it. */
  if (self->edits != NULL)
    {
      dg_history_set_tour (self->edits, tour);
      _dg_window_update_title (self);
      return;
    }
  dg_tour_save_to_document (tour, self->document);
  dg_document_set_modified (self->document, TRUE);
}

/* Whether @tour is the tour the document keeps: compared as saved. */
static gboolean
tour_is_documents (DgTour     *tour,
                   DgDocument *document)
{
  g_autoptr(DgDocument) scratch = dg_document_new ();
  JsonNode *kept = json_object_get_member (dg_document_get_layout_extra (document), "tour");

  dg_tour_save_to_document (tour, scratch);
  return kept != NULL && json_node_equal (kept, json_object_get_member (dg_document_get_layout_extra (scratch),
                                                                        "tour"));
}

/* After every step of the history, an open tour editor shows the
 * document's tour: undoing a tour edit, or a delete or an id change that
 * changed the slides, gives the document another tour than the one the
 * editor holds. Its own edits leave the two the same. */
static void
tour_editor_follow_cb (DgHistory    *history,
                       GParamSpec   *pspec,
                       DgTourEditor *editor)
{
  DgWindow *self = DG_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (editor)));
  g_autoptr(DgTour) tour = NULL;

  if (self == NULL || self->edits != history || tour_is_documents (dg_tour_editor_get_tour (editor), self->document))
    return;
  tour = dg_window_get_tour (self);
  g_signal_connect_object (tour, "changed", G_CALLBACK (tour_changed_cb), self, 0);
  dg_tour_editor_set_tour (editor, tour);
}

static void
edit_tour_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  g_autoptr(DgTour) tour = NULL;
  GtkWidget *editor;

  /* Nothing to act on while a large file is still loading. */
  if (self->document == NULL)
    return;
  tour = dg_window_get_tour (self);

  /* Edits are saved in the document as the presenter makes them. */
  g_signal_connect_object (tour, "changed", G_CALLBACK (tour_changed_cb), self, 0);
  editor = dg_tour_editor_new (GTK_WINDOW (self), tour);
  dg_tour_editor_set_document (DG_TOUR_EDITOR (editor), self->document);
  if (self->edits != NULL)
    g_signal_connect_object (self->edits, "notify::undo-label", G_CALLBACK (tour_editor_follow_cb), editor, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
about_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  static const char *developers[] = { "The Dealgraph developers", NULL };

  gtk_show_about_dialog (GTK_WINDOW (widget),
                         "program-name", _("Dealgraph"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See who pays whom, and which money comes back"),
                         "website", "https://github.com/dealgraph/dealgraph",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Dealgraph developers",
                         NULL);
}

/* ---- closing ---------------------------------------------------------- */

/**
 * dg_window_has_unsaved_changes:
 *
 * Returns: whether closing the window now would lose changes
 */
gboolean
dg_window_has_unsaved_changes (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), FALSE);
  return self->document != NULL && dg_document_get_modified (self->document);
}

/* The window stays: a Quit that asked it stops too. */
void
_dg_window_close_cancelled (DgWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  self->close_after_save = FALSE;
  if (DG_IS_APPLICATION (app))
    dg_application_quit_cancelled (DG_APPLICATION (app));
}

static gboolean
destroy_idle (gpointer data)
{
  gtk_window_destroy (data);
  return G_SOURCE_REMOVE;
}

/* Closes the window once the dialog that asked has finished emitting its
 * response: the dialog is transient for the window, and destroying the
 * window under it left the dialog disconnecting from a freed parent. */
void
_dg_window_destroy_later (DgWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_idle, g_object_ref (self), g_object_unref);
}

static void
close_response_cb (GtkDialog *dialog,
                   int        response,
                   DgWindow  *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));

  switch (response)
    {
    case GTK_RESPONSE_ACCEPT:
      if (self->file == NULL)
        {
          /* No file yet: ask where, and close once it is saved there. */
          self->close_after_save = TRUE;
          _dg_window_save_as (self);
          return;
        }
      if (!dg_window_save_to (self, self->file))
        {
          _dg_window_close_cancelled (self);
          return;
        }
      _dg_window_destroy_later (self);
      break;

    case GTK_RESPONSE_REJECT:
      dg_document_set_modified (self->document, FALSE);
      _dg_window_destroy_later (self);
      break;

    default:
      _dg_window_close_cancelled (self);
      break;
    }
}

static gboolean
dg_window_close_request (GtkWindow *window)
{
  DgWindow *self = DG_WINDOW (window);
  const char *title;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  save_panel_width (self);

  if (!dg_window_has_unsaved_changes (self))
    return GTK_WINDOW_CLASS (dg_window_parent_class)->close_request (window);

  title = dg_document_get_title (self->document);
  /* Translators: the dialog asking whether to save before closing; %s is
   * the network's title */
  heading = g_strdup_printf (_("Save Changes to “%s”?"), title != NULL ? title : _("Untitled deal network"));
  dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", heading);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("You edited the network, moved companies or changed the layout, "
                                              "the filters or the tour. Without saving, the changes are lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---- life cycle ------------------------------------------------------- */

static void
app_dark_changed_cb (DgWindow *self)
{
  update_theme (self);
}

/* "application" is not a construct property, so this runs when it is set,
 * after constructed(). */
static void
application_set_cb (DgWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* Once, for the first application the window gets. */
  if (app == NULL || self->app_set_up)
    return;
  self->app_set_up = TRUE;

  if (app != NULL)
    {
      static const struct { const char *action; const char *accels[3]; } accels[] = {
        { "win.open", { "<Control>o", NULL } },
        { "win.reload", { "<Control>r", NULL } },
        { "win.save", { "<Control>s", NULL } },
        { "win.save-as", { "<Control><Shift>s", NULL } },
        { "win.export", { "<Control>e", NULL } },
        { "win.search", { "<Control>f", NULL } },
        { "win.show-filters", { "<Control>l", NULL } },
        { "win.present", { "F5", NULL } },
        { "win.toggle-sidebar", { "F9", NULL } },
        { "win.back", { "<Alt>Left", NULL } },
        { "win.forward", { "<Alt>Right", NULL } },
        { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
        { "win.zoom-out", { "<Control>minus", NULL } },
        { "win.zoom-fit", { "<Control>0", NULL } },
        { "win.close-panel", { "<Control>w", NULL } },
        { "win.show-help-overlay", { "<Control>question", NULL } },
        { "win.new", { "<Control>n", NULL } },
        { "win.add-company", { "<Control><Shift>c", NULL } },
        { "win.add-deal", { "<Control><Shift>d", NULL } },
      };

      for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
        gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);

      if (DG_IS_APPLICATION (app))
        {
          self->dark_handler = g_signal_connect_object (app, "notify::dark", G_CALLBACK (app_dark_changed_cb),
                                                        self, G_CONNECT_SWAPPED);
          if (dg_application_get_settings (DG_APPLICATION (app)) != NULL)
            self->settings = g_object_ref (dg_application_get_settings (DG_APPLICATION (app)));
        }
    }

  if (self->settings != NULL)
    {
      gboolean sidebar = g_settings_get_boolean (self->settings, "sidebar-visible");

      g_free (self->canvas_theme);
      self->canvas_theme = g_settings_get_string (self->settings, "theme");
      set_action_state (self, "canvas-theme", g_variant_new_string (self->canvas_theme));
      gtk_widget_set_visible (GTK_WIDGET (self->sidebar), sidebar);
      set_action_state (self, "toggle-sidebar", g_variant_new_boolean (sidebar));
      g_settings_bind (self->settings, "sidebar-visible", self->sidebar, "visible", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sidebar-width", self->outer_paned, "position", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "show-legend", self->canvas, "show-legend", G_SETTINGS_BIND_DEFAULT);
    }

  update_theme (self);
}

static void
dg_window_constructed (GObject *object)
{
  DgWindow *self = DG_WINDOW (object);

  G_OBJECT_CLASS (dg_window_parent_class)->constructed (object);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_set_cb), NULL);
  application_set_cb (self);
  _dg_window_update_recent_menu (self);
}

static void
dg_window_dispose (GObject *object)
{
  DgWindow *self = DG_WINDOW (object);

  /* No gtk_widget_dispose_template() here: GtkWindow tears its child tree
   * down itself, and doing both unparents panes' children twice. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->toast_file);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  stop_waiting_for_frame (self);
  g_clear_pointer (&self->loaded_network, g_free);
  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  _dg_window_edit_dispose (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dg_window_parent_class)->dispose (object);
}

static void
dg_window_finalize (GObject *object)
{
  DgWindow *self = DG_WINDOW (object);

  g_clear_pointer (&self->history, g_array_unref);
  g_clear_object (&self->context_model);
  g_free (self->canvas_theme);

  G_OBJECT_CLASS (dg_window_parent_class)->finalize (object);
}

static void
dg_window_class_init (DgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dg_window_constructed;
  object_class->dispose = dg_window_dispose;
  object_class->finalize = dg_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = dg_window_close_request;
  _dg_window_files_class_init (widget_class);
  _dg_window_edit_class_init (widget_class);

  g_type_ensure (DG_TYPE_CANVAS);
  g_type_ensure (DG_TYPE_FILTER_BAR);
  g_type_ensure (DG_TYPE_SIDEBAR);
  g_type_ensure (DG_TYPE_COMPANY_PANEL);
  g_type_ensure (DG_TYPE_DEAL_PANEL);
  g_type_ensure (DG_TYPE_CYCLE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, panel_box);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, panel_title);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, toast_label);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, company_panel);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, deal_panel);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, cycle_panel);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, recent_submenu);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, filter_bar);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_company_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_deal_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_background_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_company_moved_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_positions_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_company_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_deal_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_cycle_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, go_back);
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, go_forward);
  gtk_widget_class_install_action (widget_class, "win.close-panel", NULL, close_panel);
  gtk_widget_class_install_action (widget_class, "win.unpin", NULL, unpin_action);
  gtk_widget_class_install_action (widget_class, "win.unpin-all", NULL, unpin_all_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, canvas_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, canvas_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, canvas_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.edit-tour", NULL, edit_tour_action);
  gtk_widget_class_install_action (widget_class, "win.context-open", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.context-zoom", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.context-pin", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.context-unpin", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.context-hide", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.context-payer", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.context-payee", NULL, context_action);
  gtk_widget_class_install_action (widget_class, "win.show-hidden", NULL, show_hidden_action);
}

/* A press that completes a double click begun on a company, landing on the
 * panel the first click opened there (see dg_canvas_claim_double_click()). */
static gboolean
window_press_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 DgWindow                 *self)
{
  graphene_point_t p;
  double x, y, tx, ty;

  if (gdk_event_get_event_type (event) != GDK_BUTTON_PRESS
      || gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY
      || !gdk_event_get_position (event, &x, &y))
    return GDK_EVENT_PROPAGATE;
  gtk_native_get_surface_transform (GTK_NATIVE (self), &tx, &ty);
  if (!gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (self->canvas), &GRAPHENE_POINT_INIT (x - tx, y - ty), &p))
    return GDK_EVENT_PROPAGATE;
  if (p.x >= 0 && p.x < gtk_widget_get_width (GTK_WIDGET (self->canvas))
      && p.y >= 0 && p.y < gtk_widget_get_height (GTK_WIDGET (self->canvas)))
    return GDK_EVENT_PROPAGATE;   /* on the canvas: the canvas's own gesture sees it */
  return dg_canvas_claim_double_click (self->canvas, gdk_event_get_time (event), p.x, p.y)
         ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
dg_window_init (DgWindow *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->session = dg_session_new ();
  self->context_model = g_menu_new ();
  self->context_node = self->context_edge = -1;
  self->canvas_theme = g_strdup ("system");
  self->layout = DG_LAYOUT_FORCE;

  gtk_widget_init_template (GTK_WIDGET (self));
  dg_a11y_fix_names (GTK_WIDGET (self));

  /* The lists and the panels follow the session; the window brings the
   * canvas and the actions along. The lists' handlers come first: for a
   * new snapshot they wait for the analysis that the window's
   * "filter-changed" handler makes, and take it once. */
  g_object_set (self->sidebar, "session", self->session, NULL);
  g_object_set (self->company_panel, "session", self->session, NULL);
  g_object_set (self->deal_panel, "session", self->session, NULL);
  g_object_set (self->cycle_panel, "session", self->session, NULL);
  g_signal_connect_object (self->session, "filter-changed", G_CALLBACK (apply_filter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "selection-changed", G_CALLBACK (session_selection_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "lit-changed", G_CALLBACK (session_lit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::document", G_CALLBACK (_dg_window_update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::can-undo", G_CALLBACK (_dg_window_update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::can-redo", G_CALLBACK (_dg_window_update_actions), self,
                           G_CONNECT_SWAPPED);

  {
    /* Stateful actions (radio and check items in the menu). */
    const GActionEntry entries[] = {
      { "toggle-sidebar", NULL, NULL, "true", toggle_sidebar_action },
      { "layout", NULL, "s", "'force'", layout_action },
      { "canvas-theme", NULL, "s", "'system'", canvas_theme_action },
      { "show-filters", NULL, NULL, "false", show_filters_action },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  }
  {
    /* The menu's Show Legend check is the canvas's property itself, so
     * what the menu says and what the canvas draws always agree. */
    g_autoptr(GPropertyAction) legend = g_property_action_new ("legend", self->canvas, "show-legend");

    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (legend));
  }

  g_signal_connect_object (self->sidebar, "company-selected", G_CALLBACK (sidebar_company_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "deal-selected", G_CALLBACK (sidebar_deal_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "cycle-selected", G_CALLBACK (sidebar_cycle_selected_cb),
                           self, G_CONNECT_SWAPPED);

  _dg_window_files_init (self);
  _dg_window_edit_init (self);
  dg_canvas_set_context_menu (self->canvas, G_MENU_MODEL (self->context_model));
  g_signal_connect_object (self->canvas, "context-menu", G_CALLBACK (canvas_context_menu_cb), self,
                           G_CONNECT_SWAPPED);
  {
    GtkEventController *presses = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (presses, GTK_PHASE_CAPTURE);
    g_signal_connect (presses, "event", G_CALLBACK (window_press_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), presses);
  }

  _dg_window_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

DgWindow *
dg_window_new (DgApplication *app)
{
  return g_object_new (DG_TYPE_WINDOW, "application", app, NULL);
}
