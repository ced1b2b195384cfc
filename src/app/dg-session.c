/* dg-session.c: what one window is looking at, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A DgSession holds the state a window's views share, as Sysprof's
 * SysprofSession does for its views: the document and its history of edits,
 * the current analysis, the filter with the masks it makes, the marks (the
 * companies hidden from the view, and the timeline's month, whose graph of
 * deals as they stood then the session keeps), the selection and the lit
 * set. Widgets follow it through property notifications and signals instead
 * of being handed each piece.
 *
 * Ownership:
 * - The session holds a reference on the document, the history (which it
 *   makes for each document), the analysis and the timeline's graph; the
 *   masks and the lit arrays are its own copies. Getters return them
 *   borrowed: they stay valid until the next change that notifies them
 *   ("document", "analysis", "filter-changed", "lit-changed").
 * - Only the owner (the window) calls the setters; everyone else reads and
 *   listens. Every setter notifies only a real change: setting an equal
 *   value is silent, so a listener may do heavy work on each notification.
 * - A new document clears what belonged to the old one: the analysis, the
 *   selection, the lit set and the hidden companies; its filter is the one
 *   saved in the document.
 * - The masks are NULL when everything is shown (default filter, nothing
 *   hidden); otherwise one byte a deal / a company of the document's
 *   current snapshot, 1 = shown. dg_session_refilter() makes them again
 *   after an edit changed the snapshot.
 * - The analysis is of the shown graph under the masks; the session does not
 *   compute it (the window runs it, in a worker for large networks) but
 *   hands it on to whoever listens.
 */
#define G_LOG_DOMAIN "dealgraph-session"

#include "config.h"

#include <string.h>

#include "dg-deal-state.h"
#include "dg-session.h"

struct _DgSession
{
  GObject parent_instance;

  DgDocument *document;
  DgHistory *history;
  DgAnalysis *analysis;
  DgFilter filter;
  guint8 *edge_visible;     /* NULL: every deal shown */
  guint8 *node_visible;
  guint n_shown;            /* deals the masks leave shown */
  DgGraph *as_of_graph;     /* the deals at the timeline's month, or NULL */
  GHashTable *hidden;       /* company index + 1 */
  DgSelectionKind selection_kind;
  guint selection_index;
  GArray *lit_nodes;        /* of guint */
  GArray *lit_edges;
  /* The last values notified, so a forwarded notification is sent only
   * when the value changed. */
  gboolean modified;
  gboolean can_undo;
  gboolean can_redo;
};

G_DEFINE_FINAL_TYPE (DgSession, dg_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DgSelectionKind, dg_selection_kind,
                    G_DEFINE_ENUM_VALUE (DG_SELECTION_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (DG_SELECTION_COMPANY, "company"),
                    G_DEFINE_ENUM_VALUE (DG_SELECTION_DEAL, "deal"),
                    G_DEFINE_ENUM_VALUE (DG_SELECTION_CYCLE, "cycle"))

enum
{
  PROP_0,
  PROP_DOCUMENT,
  PROP_HISTORY,
  PROP_ANALYSIS,
  PROP_FILTER,
  PROP_SELECTION_KIND,
  PROP_SELECTION_INDEX,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  FILTER_CHANGED,
  SELECTION_CHANGED,
  LIT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- forwarded state -------------------------------------------------- */

static void
update_flags (DgSession *self)
{
  gboolean modified = self->document != NULL && dg_document_get_modified (self->document);
  gboolean can_undo = self->history != NULL && dg_history_can_undo (self->history);
  gboolean can_redo = self->history != NULL && dg_history_can_redo (self->history);

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

/* ---- masks ------------------------------------------------------------ */

/* Companies hidden from the view leave it with their deals, as filtered
 * ones do. Returns how many shown deals that took away. */
static guint
hide_companies (DgSession *self,
                DgGraph   *graph)
{
  GHashTableIter iter;
  gpointer key;
  guint removed = 0;

  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint v = GPOINTER_TO_UINT (key) - 1;

      if (v >= graph->n_nodes)
        continue;
      self->node_visible[v] = 0;
      for (guint pass = 0; pass < 2; pass++)
        {
          const guint *offset = pass == 0 ? graph->out_offset : graph->in_offset;
          const guint *edges = pass == 0 ? graph->out_edges : graph->in_edges;

          for (guint i = offset[v]; i < offset[v + 1]; i++)
            if (self->edge_visible[edges[i]])
              {
                self->edge_visible[edges[i]] = 0;
                removed++;
              }
        }
    }
  return removed;
}

static void
make_masks (DgSession *self)
{
  DgGraph *graph;
  guint n, m;

  g_clear_pointer (&self->edge_visible, g_free);
  g_clear_pointer (&self->node_visible, g_free);
  g_clear_pointer (&self->as_of_graph, dg_graph_unref);
  self->n_shown = 0;
  if (self->document == NULL)
    return;

  graph = dg_document_get_graph (self->document);
  n = graph->n_nodes;
  m = graph->n_edges;
  self->n_shown = m;
  if (!dg_filter_is_default (&self->filter) || g_hash_table_size (self->hidden) > 0)
    {
      self->edge_visible = g_new0 (guint8, MAX (m, 1));
      self->node_visible = g_new0 (guint8, MAX (n, 1));
      self->n_shown = dg_filter_apply (&self->filter, graph, self->edge_visible, self->node_visible);
      self->n_shown -= dg_filter_apply_states (&self->filter, self->document, self->edge_visible,
                                               self->node_visible);
      self->n_shown -= hide_companies (self, graph);
    }
  /* The timeline draws and analyses each deal in its state that month. */
  if (self->filter.as_of != 0)
    self->as_of_graph = dg_graph_copy_as_of (self->document, self->filter.as_of);
}

static void
filter_changed (DgSession *self)
{
  make_masks (self);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

/* ---- document --------------------------------------------------------- */

DgSession *
dg_session_new (void)
{
  return g_object_new (DG_TYPE_SESSION, NULL);
}

DgDocument *
dg_session_get_document (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return self->document;
}

static void clear_lit (DgSession *self);

/**
 * dg_session_set_document:
 * @self: a session
 * @document: (nullable): the document to look at
 *
 * Makes @document the session's, with a new history of edits. What
 * belonged to the old document goes: the analysis, the selection, the lit
 * set and the hidden companies; the filter is the one @document saved.
 */
void
dg_session_set_document (DgSession  *self,
                         DgDocument *document)
{
  g_return_if_fail (DG_IS_SESSION (self));
  g_return_if_fail (document == NULL || DG_IS_DOCUMENT (document));

  if (document == self->document)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->document, document);
  g_clear_object (&self->history);
  if (document != NULL)
    {
      self->history = dg_history_new (document);
      g_signal_connect_object (document, "notify::modified", G_CALLBACK (update_flags), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "notify::can-undo", G_CALLBACK (update_flags), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "notify::can-redo", G_CALLBACK (update_flags), self,
                               G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);

  dg_session_set_analysis (self, NULL);
  dg_session_set_selection (self, DG_SELECTION_NONE, 0);
  clear_lit (self);
  g_hash_table_remove_all (self->hidden);
  dg_filter_init (&self->filter);
  if (document != NULL)
    dg_filter_load_from_document (&self->filter, document);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  filter_changed (self);
  update_flags (self);
  g_object_thaw_notify (G_OBJECT (self));
}

DgHistory *
dg_session_get_history (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return self->history;
}

gboolean
dg_session_get_modified (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), FALSE);
  return self->modified;
}

gboolean
dg_session_get_can_undo (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), FALSE);
  return self->can_undo;
}

gboolean
dg_session_get_can_redo (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), FALSE);
  return self->can_redo;
}

/* ---- analysis --------------------------------------------------------- */

DgAnalysis *
dg_session_get_analysis (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return self->analysis;
}

/**
 * dg_session_set_analysis:
 * @self: a session
 * @analysis: (nullable): the analysis of the graph shown
 *
 * Takes a reference on @analysis. Listeners tell a worker's whole analysis
 * replacing the quick one (the same graph) from a new state (another
 * graph or mask) by comparing with what they showed.
 */
void
dg_session_set_analysis (DgSession  *self,
                         DgAnalysis *analysis)
{
  g_return_if_fail (DG_IS_SESSION (self));

  if (analysis == self->analysis)
    return;
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  if (analysis != NULL)
    self->analysis = dg_analysis_ref (analysis);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS]);
}

/* ---- filter, masks and marks ------------------------------------------ */

const DgFilter *
dg_session_get_filter (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return &self->filter;
}

/* Sets the filter; the masks and the timeline's graph follow, and
 * "filter-changed" says so, once, when @filter differs from the one set. */
void
dg_session_set_filter (DgSession      *self,
                       const DgFilter *filter)
{
  g_return_if_fail (DG_IS_SESSION (self));
  g_return_if_fail (filter != NULL);

  if (dg_filter_equal (filter, &self->filter))
    return;
  self->filter = *filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  filter_changed (self);
}

/* The document's snapshot changed (an edit): the masks are made again for
 * it, and "filter-changed" says so. */
void
dg_session_refilter (DgSession *self)
{
  g_return_if_fail (DG_IS_SESSION (self));
  filter_changed (self);
}

const guint8 *
dg_session_get_edge_visible (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return self->edge_visible;
}

const guint8 *
dg_session_get_node_visible (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return self->node_visible;
}

guint
dg_session_get_n_shown_deals (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), 0);
  return self->n_shown;
}

/* The deals as they stood at the timeline's month, or NULL without one. */
DgGraph *
dg_session_get_as_of_graph (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  return self->as_of_graph;
}

/* The graph the views draw and the analysis reads: the timeline's, or the
 * document's snapshot. */
DgGraph *
dg_session_get_shown_graph (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  if (self->as_of_graph != NULL)
    return self->as_of_graph;
  return self->document != NULL ? dg_document_get_graph (self->document) : NULL;
}

/* Hides @company (an index) from the view with its deals. Returns whether
 * that changed anything; "filter-changed" follows if it did. */
gboolean
dg_session_hide_company (DgSession *self,
                         guint      company)
{
  g_return_val_if_fail (DG_IS_SESSION (self), FALSE);

  if (self->document == NULL || company >= dg_document_get_n_companies (self->document)
      || !g_hash_table_add (self->hidden, GUINT_TO_POINTER (company + 1)))
    return FALSE;
  filter_changed (self);
  return TRUE;
}

/* Shows the hidden companies again. Returns whether any was hidden. */
gboolean
dg_session_show_all (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), FALSE);

  if (g_hash_table_size (self->hidden) == 0)
    return FALSE;
  g_hash_table_remove_all (self->hidden);
  filter_changed (self);
  return TRUE;
}

guint
dg_session_get_n_hidden (DgSession *self)
{
  g_return_val_if_fail (DG_IS_SESSION (self), 0);
  return g_hash_table_size (self->hidden);
}

gboolean
dg_session_get_hidden (DgSession *self,
                       guint      company)
{
  g_return_val_if_fail (DG_IS_SESSION (self), FALSE);
  return g_hash_table_contains (self->hidden, GUINT_TO_POINTER (company + 1));
}

/* ---- selection and lit set -------------------------------------------- */

DgSelectionKind
dg_session_get_selection (DgSession *self,
                          guint     *index)
{
  g_return_val_if_fail (DG_IS_SESSION (self), DG_SELECTION_NONE);
  if (index != NULL)
    *index = self->selection_index;
  return self->selection_kind;
}

/* Selects a company, a deal or a cycle by index (none: the index is 0).
 * "selection-changed" is emitted once for a change of either. */
void
dg_session_set_selection (DgSession       *self,
                          DgSelectionKind  kind,
                          guint            index)
{
  g_return_if_fail (DG_IS_SESSION (self));
  g_return_if_fail (kind <= DG_SELECTION_CYCLE);

  if (kind == DG_SELECTION_NONE)
    index = 0;
  if (kind == self->selection_kind && index == self->selection_index)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (kind != self->selection_kind)
    {
      self->selection_kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_KIND]);
    }
  if (index != self->selection_index)
    {
      self->selection_index = index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_INDEX]);
    }
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The document changed under the selection (an edit): it is set again,
 * and "selection-changed" is emitted even when kind and index stay, since
 * what they point at may have changed. */
void
dg_session_reselect (DgSession       *self,
                     DgSelectionKind  kind,
                     guint            index)
{
  g_return_if_fail (DG_IS_SESSION (self));

  if (kind == DG_SELECTION_NONE)
    index = 0;
  if (kind == self->selection_kind && index == self->selection_index)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  else
    dg_session_set_selection (self, kind, index);
}

const guint *
dg_session_get_lit (DgSession    *self,
                    guint        *n_companies,
                    const guint **deals,
                    guint        *n_deals)
{
  g_return_val_if_fail (DG_IS_SESSION (self), NULL);
  if (n_companies != NULL)
    *n_companies = self->lit_nodes->len;
  if (deals != NULL)
    *deals = (const guint *) (gpointer) self->lit_edges->data;
  if (n_deals != NULL)
    *n_deals = self->lit_edges->len;
  return (const guint *) (gpointer) self->lit_nodes->data;
}

static gboolean
same_array (GArray      *array,
            const guint *values,
            guint        n)
{
  return array->len == n && (n == 0 || memcmp (array->data, values, n * sizeof (guint)) == 0);
}

/* Lights companies and deals (a cycle's, say) on every view; copies the
 * arrays. "lit-changed" is emitted when they differ from the lit set. */
void
dg_session_set_lit (DgSession   *self,
                    const guint *companies,
                    guint        n_companies,
                    const guint *deals,
                    guint        n_deals)
{
  g_return_if_fail (DG_IS_SESSION (self));
  g_return_if_fail (companies != NULL || n_companies == 0);
  g_return_if_fail (deals != NULL || n_deals == 0);

  if (same_array (self->lit_nodes, companies, n_companies) && same_array (self->lit_edges, deals, n_deals))
    return;
  g_array_set_size (self->lit_nodes, 0);
  g_array_set_size (self->lit_edges, 0);
  if (n_companies > 0)
    g_array_append_vals (self->lit_nodes, companies, n_companies);
  if (n_deals > 0)
    g_array_append_vals (self->lit_edges, deals, n_deals);
  g_signal_emit (self, signals[LIT_CHANGED], 0);
}

static void
clear_lit (DgSession *self)
{
  dg_session_set_lit (self, NULL, 0, NULL, 0);
}

/* ---- GObject ---------------------------------------------------------- */

static void
dg_session_dispose (GObject *object)
{
  DgSession *self = DG_SESSION (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->document);
  g_clear_pointer (&self->analysis, dg_analysis_unref);
  g_clear_pointer (&self->as_of_graph, dg_graph_unref);
  G_OBJECT_CLASS (dg_session_parent_class)->dispose (object);
}

static void
dg_session_finalize (GObject *object)
{
  DgSession *self = DG_SESSION (object);

  g_free (self->edge_visible);
  g_free (self->node_visible);
  g_hash_table_unref (self->hidden);
  g_array_unref (self->lit_nodes);
  g_array_unref (self->lit_edges);
  G_OBJECT_CLASS (dg_session_parent_class)->finalize (object);
}

static void
dg_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DgSession *self = DG_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_HISTORY: g_value_set_object (value, self->history); break;
    case PROP_ANALYSIS: g_value_set_boxed (value, self->analysis); break;
    case PROP_FILTER: g_value_set_boxed (value, &self->filter); break;
    case PROP_SELECTION_KIND: g_value_set_enum (value, self->selection_kind); break;
    case PROP_SELECTION_INDEX: g_value_set_uint (value, self->selection_index); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    case PROP_CAN_UNDO: g_value_set_boolean (value, self->can_undo); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, self->can_redo); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_session_class_init (DgSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = dg_session_dispose;
  object_class->finalize = dg_session_finalize;
  object_class->get_property = dg_session_get_property;

  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, DG_TYPE_DOCUMENT, ro);
  properties[PROP_HISTORY] = g_param_spec_object ("history", NULL, NULL, DG_TYPE_HISTORY, ro);
  properties[PROP_ANALYSIS] = g_param_spec_boxed ("analysis", NULL, NULL, DG_TYPE_ANALYSIS, ro);
  properties[PROP_FILTER] = g_param_spec_boxed ("filter", NULL, NULL, DG_TYPE_FILTER, ro);
  properties[PROP_SELECTION_KIND] = g_param_spec_enum ("selection-kind", NULL, NULL, DG_TYPE_SELECTION_KIND,
                                                       DG_SELECTION_NONE, ro);
  properties[PROP_SELECTION_INDEX] = g_param_spec_uint ("selection-index", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The filter, the hidden companies or the snapshot changed: the masks
   * and the timeline's graph are new. */
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Once for a change of the selection's kind, index or both. */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LIT_CHANGED] =
    g_signal_new ("lit-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dg_session_init (DgSession *self)
{
  dg_filter_init (&self->filter);
  self->hidden = g_hash_table_new (NULL, NULL);
  self->lit_nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->lit_edges = g_array_new (FALSE, FALSE, sizeof (guint));
}
