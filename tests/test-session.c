/* test-session.c: the session notifies each real change once, and a new
 * document clears what belonged to the old one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <string.h>

#include "dg-loader.h"
#include "dg-session.h"

typedef struct
{
  guint document;
  guint analysis;
  guint filter;
  guint filter_changed;
  guint selection_kind;
  guint selection_index;
  guint selection_changed;
  guint lit_changed;
  guint can_undo;
  guint can_redo;
  guint modified;
} Counts;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              Counts     *c)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "document"))
    c->document++;
  else if (g_str_equal (name, "analysis"))
    c->analysis++;
  else if (g_str_equal (name, "filter"))
    c->filter++;
  else if (g_str_equal (name, "selection-kind"))
    c->selection_kind++;
  else if (g_str_equal (name, "selection-index"))
    c->selection_index++;
  else if (g_str_equal (name, "can-undo"))
    c->can_undo++;
  else if (g_str_equal (name, "can-redo"))
    c->can_redo++;
  else if (g_str_equal (name, "modified"))
    c->modified++;
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

static DgSession *
watched_session (Counts *c)
{
  DgSession *session = dg_session_new ();

  memset (c, 0, sizeof *c);
  g_signal_connect (session, "notify", G_CALLBACK (count_notify), c);
  g_signal_connect_swapped (session, "filter-changed", G_CALLBACK (count_signal), &c->filter_changed);
  g_signal_connect_swapped (session, "selection-changed", G_CALLBACK (count_signal), &c->selection_changed);
  g_signal_connect_swapped (session, "lit-changed", G_CALLBACK (count_signal), &c->lit_changed);
  return session;
}

static DgDocument *
load_dataset (void)
{
  g_autoptr(GError) error = NULL;
  DgDocument *doc = dg_document_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
test_document (void)
{
  Counts c;
  g_autoptr(DgSession) session = watched_session (&c);
  g_autoptr(DgDocument) doc = load_dataset ();

  g_assert_null (dg_session_get_document (session));
  g_assert_null (dg_session_get_history (session));

  dg_session_set_document (session, doc);
  g_assert_cmpuint (c.document, ==, 1);
  g_assert_cmpuint (c.filter_changed, ==, 1);
  g_assert_true (dg_session_get_document (session) == doc);
  g_assert_nonnull (dg_session_get_history (session));
  g_assert_true (dg_history_get_document (dg_session_get_history (session)) == doc);
  /* The dataset saves no filter: everything is shown, no mask. */
  g_assert_true (dg_filter_is_default (dg_session_get_filter (session)));
  g_assert_null (dg_session_get_edge_visible (session));
  g_assert_cmpuint (dg_session_get_n_shown_deals (session), ==, dg_document_get_n_deals (doc));
  /* Nothing was selected or lit, nor analysed: nothing said so. */
  g_assert_cmpuint (c.selection_changed, ==, 0);
  g_assert_cmpuint (c.lit_changed, ==, 0);
  g_assert_cmpuint (c.analysis, ==, 0);

  /* The same document again: silence. */
  dg_session_set_document (session, doc);
  g_assert_cmpuint (c.document, ==, 1);
  g_assert_cmpuint (c.filter_changed, ==, 1);
}

static void
test_new_document_clears (void)
{
  Counts c;
  g_autoptr(DgSession) session = watched_session (&c);
  g_autoptr(DgDocument) doc = load_dataset ();
  g_autoptr(DgDocument) other = load_dataset ();
  g_autoptr(DgAnalysis) analysis = NULL;
  DgAnalysisOptions options;
  guint nodes[] = { 0, 1 }, edges[] = { 2 };
  guint index = 99, n_lit = 99, n_lit_deals = 99;
  const guint *lit_deals = NULL;

  dg_session_set_document (session, doc);
  dg_analysis_options_init (&options);
  analysis = dg_analysis_new (dg_document_get_graph (doc), &options);
  dg_session_set_analysis (session, analysis);
  dg_session_set_selection (session, DG_SELECTION_DEAL, 3);
  dg_session_set_lit (session, nodes, 2, edges, 1);
  g_assert_true (dg_session_hide_company (session, 0));
  g_assert_nonnull (dg_session_get_node_visible (session));
  memset (&c, 0, sizeof c);

  dg_session_set_document (session, other);
  g_assert_cmpuint (c.document, ==, 1);
  g_assert_cmpuint (c.analysis, ==, 1);
  g_assert_null (dg_session_get_analysis (session));
  g_assert_cmpuint (c.selection_changed, ==, 1);
  g_assert_cmpint (dg_session_get_selection (session, &index), ==, DG_SELECTION_NONE);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpuint (c.lit_changed, ==, 1);
  dg_session_get_lit (session, &n_lit, &lit_deals, &n_lit_deals);
  g_assert_cmpuint (n_lit, ==, 0);
  g_assert_cmpuint (n_lit_deals, ==, 0);
  g_assert_cmpuint (dg_session_get_n_hidden (session), ==, 0);
  g_assert_false (dg_session_get_hidden (session, 0));
  g_assert_null (dg_session_get_node_visible (session));
  g_assert_cmpuint (c.filter_changed, ==, 1);

  /* And letting go of the document leaves nothing behind. */
  dg_session_set_document (session, NULL);
  g_assert_null (dg_session_get_document (session));
  g_assert_null (dg_session_get_history (session));
  g_assert_null (dg_session_get_shown_graph (session));
}

static void
test_selection_and_lit (void)
{
  Counts c;
  g_autoptr(DgSession) session = watched_session (&c);
  guint a[] = { 1, 2, 3 }, b[] = { 1, 2, 4 }, deals[] = { 7 };
  guint index;

  dg_session_set_selection (session, DG_SELECTION_COMPANY, 4);
  g_assert_cmpuint (c.selection_changed, ==, 1);
  g_assert_cmpuint (c.selection_kind, ==, 1);
  g_assert_cmpuint (c.selection_index, ==, 1);
  dg_session_set_selection (session, DG_SELECTION_COMPANY, 4);
  g_assert_cmpuint (c.selection_changed, ==, 1);

  /* Another company: the index changes, the kind does not. */
  dg_session_set_selection (session, DG_SELECTION_COMPANY, 5);
  g_assert_cmpuint (c.selection_changed, ==, 2);
  g_assert_cmpuint (c.selection_kind, ==, 1);
  g_assert_cmpuint (c.selection_index, ==, 2);
  /* A deal of the same index: the kind changes, the index does not. */
  dg_session_set_selection (session, DG_SELECTION_DEAL, 5);
  g_assert_cmpuint (c.selection_changed, ==, 3);
  g_assert_cmpuint (c.selection_kind, ==, 2);
  g_assert_cmpuint (c.selection_index, ==, 2);
  g_assert_cmpint (dg_session_get_selection (session, &index), ==, DG_SELECTION_DEAL);
  g_assert_cmpuint (index, ==, 5);
  /* None has no index. */
  dg_session_set_selection (session, DG_SELECTION_NONE, 17);
  g_assert_cmpint (dg_session_get_selection (session, &index), ==, DG_SELECTION_NONE);
  g_assert_cmpuint (index, ==, 0);
  dg_session_set_selection (session, DG_SELECTION_NONE, 0);
  g_assert_cmpuint (c.selection_changed, ==, 4);
  /* After an edit the same selection is shown again: one signal, no
   * property changed. */
  dg_session_reselect (session, DG_SELECTION_NONE, 3);
  g_assert_cmpuint (c.selection_changed, ==, 5);
  g_assert_cmpuint (c.selection_kind, ==, 3);
  g_assert_cmpuint (c.selection_index, ==, 3);
  dg_session_reselect (session, DG_SELECTION_CYCLE, 2);
  g_assert_cmpuint (c.selection_changed, ==, 6);
  g_assert_cmpuint (c.selection_kind, ==, 4);
  dg_session_set_selection (session, DG_SELECTION_NONE, 0);

  dg_session_set_lit (session, a, 3, deals, 1);
  g_assert_cmpuint (c.lit_changed, ==, 1);
  dg_session_set_lit (session, a, 3, deals, 1);
  g_assert_cmpuint (c.lit_changed, ==, 1);
  /* The same lengths, one value different. */
  dg_session_set_lit (session, b, 3, deals, 1);
  g_assert_cmpuint (c.lit_changed, ==, 2);
  dg_session_set_lit (session, b, 3, NULL, 0);
  g_assert_cmpuint (c.lit_changed, ==, 3);
  {
    guint n, m;
    const guint *lit_deals;
    const guint *lit = dg_session_get_lit (session, &n, &lit_deals, &m);

    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpuint (lit[2], ==, 4);
    g_assert_cmpuint (m, ==, 0);
  }
  dg_session_set_lit (session, NULL, 0, NULL, 0);
  dg_session_set_lit (session, NULL, 0, NULL, 0);
  g_assert_cmpuint (c.lit_changed, ==, 4);
  g_assert_cmpuint (c.selection_changed, ==, 7);
}

/* The masks against a count made here from the deals' own ends. */
static void
test_filter_and_hidden (void)
{
  Counts c;
  g_autoptr(DgSession) session = watched_session (&c);
  g_autoptr(DgDocument) doc = load_dataset ();
  guint m = dg_document_get_n_deals (doc), n = dg_document_get_n_companies (doc);
  guint hide = 0, incident = 0, best = 0, shown = 0;
  DgFilter filter;
  const guint8 *edges, *nodes;

  dg_session_set_document (session, doc);
  /* Hide the company with the most deals. */
  for (guint v = 0; v < n; v++)
    {
      guint degree = 0;

      for (guint e = 0; e < m; e++)
        {
          DgDeal *deal = dg_document_get_deal (doc, e);

          degree += dg_deal_get_from_index (deal) == v || dg_deal_get_to_index (deal) == v;
        }
      if (degree > best)
        {
          best = degree;
          hide = v;
        }
    }
  g_assert_cmpuint (best, >, 1);
  memset (&c, 0, sizeof c);
  g_assert_true (dg_session_hide_company (session, hide));
  g_assert_false (dg_session_hide_company (session, hide));
  g_assert_false (dg_session_hide_company (session, n));
  g_assert_cmpuint (c.filter_changed, ==, 1);
  /* Hiding is a mark, not a filter. */
  g_assert_cmpuint (c.filter, ==, 0);
  edges = dg_session_get_edge_visible (session);
  nodes = dg_session_get_node_visible (session);
  g_assert_nonnull (edges);
  g_assert_nonnull (nodes);
  for (guint e = 0; e < m; e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);
      gboolean touches = dg_deal_get_from_index (deal) == hide || dg_deal_get_to_index (deal) == hide;

      incident += touches;
      g_assert_cmpuint (edges[e], ==, !touches);
    }
  for (guint v = 0; v < n; v++)
    g_assert_cmpuint (nodes[v], ==, v != hide);
  g_assert_cmpuint (incident, ==, best);
  g_assert_cmpuint (dg_session_get_n_shown_deals (session), ==, m - best);

  g_assert_true (dg_session_show_all (session));
  g_assert_false (dg_session_show_all (session));
  g_assert_cmpuint (c.filter_changed, ==, 2);
  g_assert_null (dg_session_get_edge_visible (session));

  /* A filter equal to the one set: silence; another: one notification
   * each, and the masks follow it. */
  dg_filter_init (&filter);
  dg_session_set_filter (session, &filter);
  g_assert_cmpuint (c.filter_changed, ==, 2);
  g_assert_cmpuint (c.filter, ==, 0);
  filter.deal_kinds = 1u << DG_DEAL_KIND_INVESTMENT;
  dg_session_set_filter (session, &filter);
  g_assert_cmpuint (c.filter_changed, ==, 3);
  g_assert_cmpuint (c.filter, ==, 1);
  g_assert_true (dg_filter_equal (dg_session_get_filter (session), &filter));
  edges = dg_session_get_edge_visible (session);
  g_assert_nonnull (edges);
  for (guint e = 0; e < m; e++)
    {
      gboolean equity = dg_deal_get_kind_enum (dg_document_get_deal (doc, e)) == DG_DEAL_KIND_INVESTMENT;

      /* A deal of another kind never shows; an equity deal may still be
       * left out by its state (cancelled). */
      if (!equity)
        g_assert_cmpuint (edges[e], ==, 0);
      shown += edges[e];
    }
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, m);
  g_assert_cmpuint (dg_session_get_n_shown_deals (session), ==, shown);

  /* The timeline's month makes a graph of its own. */
  g_assert_null (dg_session_get_as_of_graph (session));
  filter.as_of = dg_filter_as_of_for_month (202401);
  dg_session_set_filter (session, &filter);
  g_assert_nonnull (dg_session_get_as_of_graph (session));
  g_assert_true (dg_session_get_shown_graph (session) == dg_session_get_as_of_graph (session));
  g_assert_cmpuint (c.filter_changed, ==, 4);

  dg_session_refilter (session);
  g_assert_cmpuint (c.filter_changed, ==, 5);
  g_assert_cmpuint (c.filter, ==, 2);
}

static void
test_history (void)
{
  Counts c;
  g_autoptr(DgSession) session = watched_session (&c);
  g_autoptr(DgDocument) doc = load_dataset ();
  g_autoptr(GError) error = NULL;
  DgHistory *history;
  DgCompany *company;

  dg_session_set_document (session, doc);
  history = dg_session_get_history (session);
  g_assert_false (dg_session_get_can_undo (session));
  g_assert_false (dg_session_get_can_redo (session));
  g_assert_false (dg_session_get_modified (session));
  memset (&c, 0, sizeof c);

  company = dg_history_add_company (history, "Session Test Co", "other", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (company);
  g_assert_true (dg_session_get_can_undo (session));
  g_assert_true (dg_session_get_modified (session));
  g_assert_cmpuint (c.can_undo, ==, 1);
  g_assert_cmpuint (c.modified, ==, 1);
  g_assert_cmpuint (c.can_redo, ==, 0);

  /* A second edit: still undoable, still modified: no notification. */
  g_assert_true (dg_history_set_company_field (history, company, "name", "Session Test Co 2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.can_undo, ==, 1);
  g_assert_cmpuint (c.modified, ==, 1);

  g_assert_true (dg_history_undo (history));
  g_assert_true (dg_session_get_can_redo (session));
  g_assert_cmpuint (c.can_redo, ==, 1);
  g_assert_true (dg_history_undo (history));
  g_assert_false (dg_session_get_can_undo (session));
  g_assert_false (dg_session_get_modified (session));
  g_assert_cmpuint (c.can_undo, ==, 2);
  g_assert_cmpuint (c.modified, ==, 2);
  g_assert_true (dg_history_redo (history));
  g_assert_true (dg_session_get_can_undo (session));
  g_assert_cmpuint (c.can_undo, ==, 3);
}

static void
test_analysis (void)
{
  Counts c;
  g_autoptr(DgSession) session = watched_session (&c);
  g_autoptr(DgDocument) doc = load_dataset ();
  g_autoptr(DgAnalysis) analysis = NULL;
  DgAnalysisOptions options;

  dg_session_set_document (session, doc);
  dg_analysis_options_init (&options);
  analysis = dg_analysis_new (dg_document_get_graph (doc), &options);
  memset (&c, 0, sizeof c);
  dg_session_set_analysis (session, analysis);
  dg_session_set_analysis (session, analysis);
  g_assert_cmpuint (c.analysis, ==, 1);
  g_assert_true (dg_session_get_analysis (session) == analysis);
  dg_session_set_analysis (session, NULL);
  g_assert_cmpuint (c.analysis, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/document", test_document);
  g_test_add_func ("/session/new-document-clears", test_new_document_clears);
  g_test_add_func ("/session/selection-and-lit", test_selection_and_lit);
  g_test_add_func ("/session/filter-and-hidden", test_filter_and_hidden);
  g_test_add_func ("/session/history", test_history);
  g_test_add_func ("/session/analysis", test_analysis);
  return g_test_run ();
}
