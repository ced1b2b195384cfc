/* test-deal-state.c: deal histories, read and checked; a deal's state at a
 * date by the rules of docs/file-format.md, on cases worked by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with "--dump FILE" it prints every deal's state at a list of dates
 * instead, which tests/check-deal-states.py compares with its own reading
 * of the rules.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-json.h"
#include "dg-loader.h"

/* One deal with a history that exercises every rule: a letter of intent
 * with a range, a note, a disputed resize, a stall, a cancellation dated
 * by month only, and a second deal that replaced it. */
static const char doc_text[] =
  "{\"format\": \"dealgraph\", \"version\": 1, \"as_of\": \"2026-12\",\n"
  " \"companies\": [\n"
  "  {\"id\": \"a\", \"name\": \"A\", \"valuation_usd\": 30, \"valuation_as_of\": \"2026-03\",\n"
  "   \"valuations\": [{\"date\": \"2025-01\", \"valuation_usd\": 10},\n"
  "                    {\"date\": \"2025-10-02\", \"valuation_usd\": 20, \"note\": \"round\",\n"
  "                     \"sources\": [{\"publisher\": \"P\"}]},\n"
  "                    {\"date\": \"2026-03\", \"valuation_usd\": 30}]},\n"
  "  {\"id\": \"b\", \"name\": \"B\"}],\n"
  " \"deals\": [\n"
  "  {\"id\": \"loi\", \"from\": \"a\", \"to\": \"b\", \"announced\": \"2025-09-22\",\n"
  "   \"amount_usd\": 7, \"status\": \"cancelled\", \"replaced_by\": \"equity\",\n"
  "   \"confidence\": \"single-source\",\n"
  "   \"history\": [\n"
  "    {\"date\": \"2025-09-22\", \"status\": \"letter-of-intent\", \"amount_min_usd\": 0, \"amount_max_usd\": 100, \"sources\": [0]},\n"
  "    {\"date\": \"2025-12-02\", \"status\": \"letter-of-intent\", \"note\": \"not final\"},\n"
  "    {\"date\": \"2026-01-10\", \"status\": \"letter-of-intent\", \"confidence\": \"disputed\",\n"
  "     \"figures\": [{\"amount_usd\": 50, \"note\": \"fifty\", \"sources\": [1]}, {\"amount_usd\": 100, \"note\": \"all\"}]},\n"
  "    {\"date\": \"2026-01-30\", \"status\": \"stalled\", \"amount_usd\": 7},\n"
  "    {\"date\": \"2026-02\", \"status\": \"cancelled\", \"confidence\": \"single-source\", \"sources\": [1]}],\n"
  "   \"sources\": [{\"publisher\": \"P\"}, {\"publisher\": \"Q\"}]},\n"
  "  {\"id\": \"equity\", \"from\": \"a\", \"to\": \"b\", \"announced\": \"2026-02-27\", \"amount_usd\": 30,\n"
  "   \"status\": \"signed\", \"sources\": [{\"publisher\": \"P\"}]}]}\n";

static DgDocument *
load (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  DgDocument *doc = dg_document_load_from_data (text, strlen (text), &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", dg_problem_to_string (g_ptr_array_index (problems, i), NULL));
  g_assert_cmpuint (problems->len, ==, 0);
  return doc;
}

static gint32
date (const char *text)
{
  gint32 packed = 0;

  g_assert_true (dg_filter_parse_as_of (text, &packed));
  return packed;
}

static void
test_timeline_read (void)
{
  g_autoptr(DgDocument) doc = load (doc_text);
  DgDeal *loi = dg_document_lookup_deal (doc, "loi");
  const DgDealTimeline *t = dg_deal_get_timeline (loi);
  DgDealEvent *e;

  g_assert_cmpuint (t->events->len, ==, 5);
  g_assert_cmpstr (t->replaced_by, ==, "equity");
  g_assert_null (t->part_of);
  g_assert_cmpint (t->confidence, ==, DG_CONFIDENCE_SINGLE_SOURCE);
  e = g_ptr_array_index (t->events, 2);
  g_assert_true (e->has_confidence);
  g_assert_false (e->has_amount);
  g_assert_cmpuint (e->figures->len, ==, 2);
  g_assert_cmpuint (((DgFigure *) g_ptr_array_index (e->figures, 0))->sources->len, ==, 1);
  g_assert_cmpuint (g_array_index (((DgFigure *) g_ptr_array_index (e->figures, 0))->sources, guint, 0), ==, 1);
  e = g_ptr_array_index (t->events, 4);
  g_assert_cmpstr (e->date, ==, "2026-02");
  g_assert_cmpint (e->date_packed, ==, 20260200);
  g_assert_cmpint (e->status_enum, ==, DG_DEAL_STATUS_CANCELLED);
  g_assert_false (dg_deal_has_history (dg_document_lookup_deal (doc, "equity")));
}

/* Each row worked out by hand from the rules. */
static void
test_state_at (void)
{
  g_autoptr(DgDocument) doc = load (doc_text);
  DgDeal *loi = dg_document_lookup_deal (doc, "loi");
  DgDeal *equity = dg_document_lookup_deal (doc, "equity");
  DgDealState s;

  /* Before its first event it does not exist. */
  g_assert_false (dg_deal_get_state_at (loi, date ("2025-09-21"), &s));
  g_assert_false (s.exists);
  g_assert_cmpuint (s.n_events, ==, 0);

  /* "Up to 100", a letter of intent, from its first day on. */
  g_assert_true (dg_deal_get_state_at (loi, date ("2025-09-22"), &s));
  g_assert_cmpint (s.status, ==, DG_DEAL_STATUS_LETTER_OF_INTENT);
  g_assert_cmpint (s.amount.kind, ==, DG_AMOUNT_RANGE);
  g_assert_cmpfloat (s.amount.min, ==, 0);
  g_assert_cmpfloat (s.amount.max, ==, 100);
  g_assert_cmpint (s.confidence, ==, DG_CONFIDENCE_AGREED);

  /* A note without an amount keeps the amount. */
  dg_deal_get_state_at (loi, date ("2025-12"), &s);
  g_assert_cmpuint (s.n_events, ==, 2);
  g_assert_cmpfloat (s.amount.max, ==, 100);
  g_assert_cmpstr (s.event->note, ==, "not final");

  /* Confidence without an amount: disputed, the amount kept. */
  dg_deal_get_state_at (loi, date ("2026-01-29"), &s);
  g_assert_cmpint (s.confidence, ==, DG_CONFIDENCE_DISPUTED);
  g_assert_cmpuint (s.figures->len, ==, 2);
  g_assert_cmpfloat (s.amount.max, ==, 100);

  /* A new amount clears the dispute; stalled stays in the network. */
  g_assert_true (dg_deal_get_state_at (loi, date ("2026-01"), &s));
  g_assert_cmpint (s.status, ==, DG_DEAL_STATUS_STALLED);
  g_assert_cmpint (s.amount.kind, ==, DG_AMOUNT_EXACT);
  g_assert_cmpfloat (s.amount.value, ==, 7);
  g_assert_cmpint (s.confidence, ==, DG_CONFIDENCE_AGREED);
  g_assert_null (s.figures);

  /* "2026-02" applies on any day of February, and as of "2026-02". */
  g_assert_false (dg_deal_get_state_at (loi, date ("2026-02-01"), &s));
  g_assert_true (s.exists);
  g_assert_cmpint (s.status, ==, DG_DEAL_STATUS_CANCELLED);
  g_assert_false (dg_deal_get_state_at (loi, date ("2026-02"), &s));
  g_assert_cmpint (s.confidence, ==, DG_CONFIDENCE_SINGLE_SOURCE);
  g_assert_false (dg_deal_get_state_at (loi, 0, &s));

  /* Without a history: from its announced date on. */
  g_assert_false (dg_deal_get_state_at (equity, date ("2026-02-26"), &s));
  g_assert_false (s.exists);
  g_assert_true (dg_deal_get_state_at (equity, date ("2026-02"), &s));
  g_assert_cmpfloat (s.amount.value, ==, 30);
}

static void
test_valuation_at (void)
{
  g_autoptr(DgDocument) doc = load (doc_text);
  DgCompany *a = dg_document_lookup_company (doc, "a");
  DgCompany *b = dg_document_lookup_company (doc, "b");
  GPtrArray *valuations = dg_company_get_valuations (a);

  g_assert_cmpuint (valuations->len, ==, 3);
  g_assert_cmpstr (((DgValuation *) g_ptr_array_index (valuations, 1))->note, ==, "round");
  g_assert_cmpuint (((DgValuation *) g_ptr_array_index (valuations, 1))->sources->len, ==, 1);
  g_assert_true (isnan (dg_company_get_valuation_at (a, date ("2024-12"))));
  g_assert_cmpfloat (dg_company_get_valuation_at (a, date ("2025-01")), ==, 10);
  g_assert_cmpfloat (dg_company_get_valuation_at (a, date ("2025-10-01")), ==, 10);
  g_assert_cmpfloat (dg_company_get_valuation_at (a, date ("2025-10")), ==, 20);
  g_assert_cmpfloat (dg_company_get_valuation_at (a, date ("2026-12")), ==, 30);
  g_assert_null (dg_company_get_valuations (b));
  g_assert_true (isnan (dg_company_get_valuation_at (b, date ("2026-12"))));
}

/* A file broken in one place: refused, with that place and its words. */
typedef struct
{
  const char *from;       /* replaced in doc_text ... */
  const char *to;         /* ... by this */
  gboolean refused;
  guint line;
  guint column;
  const char *message;
} BadHistory;

static const BadHistory bad_histories[] = {
  { "{\"date\": \"2026-01-30\", \"status\": \"stalled\"", "{\"date\": \"2025-01-30\", \"status\": \"stalled\"",
    TRUE, 13, 15, "history[3]: events must be in date order: \"2025-01-30\" comes after \"2026-01-10\"" },
  { "\"note\": \"fifty\", \"sources\": [1]}", "\"note\": \"fifty\", \"sources\": [2]}", TRUE, 13, 15,
    "history[2].figures[0]: \"sources\"[0] is 2, but the deal has 2 sources" },
  { "\"replaced_by\": \"equity\"", "\"replaced_by\": \"equty\"", TRUE, 11, 59,
    "\"replaced_by\" names unknown deal \"equty\"" },
  { "\"replaced_by\": \"equity\"", "\"part_of\": \"loi\"", TRUE, 11, 55,
    "\"part_of\" names the deal itself" },
  { "\"status\": \"stalled\"", "\"status\": \"paused\"", FALSE, 13, 15,
    "history[3]: unknown status \"paused\", counted as \"announced\"" },
  { "\"amount_usd\": 7, \"status\": \"cancelled\"", "\"amount_usd\": 8, \"status\": \"cancelled\"", FALSE, 13, 15,
    "the deal's status or amount differs from its last event's; the deal's own is taken as the latest" },
  { "\"confidence\": \"single-source\",\n", "\"confidence\": \"sure\",\n", TRUE, 12, 18,
    "\"confidence\" must be \"disputed\" or \"single-source\"" },
  { "{\"date\": \"2026-03\", \"valuation_usd\": 30}", "{\"date\": \"2025-03\", \"valuation_usd\": 30}", TRUE, 4, 18,
    "valuations[2]: valuations must be in date order: \"2025-03\" comes after \"2025-10-02\"" },
  { "{\"date\": \"2025-12-02\", \"status\": \"letter-of-intent\", \"note\": \"not final\"}",
    "{\"status\": \"letter-of-intent\"}", TRUE, 13, 15,
    "history[1]: missing required field \"date\"" },
};

static void
test_bad_history (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_histories); i++)
    {
      const BadHistory *c = &bad_histories[i];
      g_autoptr(GString) text = g_string_new (doc_text);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(DgDocument) doc = NULL;
      DgProblem *p;

      g_assert_cmpuint (g_string_replace (text, c->from, c->to, 1), ==, 1);
      doc = dg_document_load_from_data (text->str, text->len, &problems, &error);
      g_assert_true ((doc == NULL) == c->refused);
      g_assert_cmpuint (problems->len, >=, 1);
      p = g_ptr_array_index (problems, 0);
      g_assert_cmpstr (p->message, ==, c->message);
      g_assert_cmpuint (p->line, ==, c->line);
      g_assert_cmpuint (p->column, ==, c->column);
      g_assert_cmpint (p->severity, ==, c->refused ? DG_SEVERITY_ERROR : DG_SEVERITY_WARNING);
    }
}

/* The filter's path (timeline, exports, tour) at a date: deals cancelled
 * by then are out, and a copy holds each deal in its state then, its links
 * to deals left out dropped so that it stays a valid file. */
static void
test_filter_at_date (void)
{
  g_autoptr(DgDocument) doc = load (doc_text);
  DgGraph *graph = dg_document_get_graph (doc);
  guint8 edges[2], nodes[2];
  DgFilter filter;

  dg_filter_init (&filter);
  filter.as_of = date ("2026-01");
  dg_filter_apply (&filter, graph, edges, nodes);
  g_assert_cmpuint (dg_filter_apply_states (&filter, doc, edges, nodes), ==, 0);
  g_assert_cmpuint (edges[0], ==, 1);
  g_assert_cmpuint (edges[1], ==, 0);

  /* Cancelled in "2026-02", before its replacement came (02-27). */
  filter.as_of = date ("2026-02-26");
  dg_filter_apply (&filter, graph, edges, nodes);
  g_assert_cmpuint (dg_filter_apply_states (&filter, doc, edges, nodes), ==, 1);
  g_assert_cmpuint (edges[0] + edges[1], ==, 0);
  g_assert_cmpuint (nodes[0] + nodes[1], ==, 0);

  filter.as_of = date ("2026-02");
  dg_filter_apply (&filter, graph, edges, nodes);
  dg_filter_apply_states (&filter, doc, edges, nodes);
  g_assert_cmpuint (edges[0], ==, 0);
  g_assert_cmpuint (edges[1], ==, 1);
  g_assert_cmpuint (nodes[0] + nodes[1], ==, 2);

  /* No date: nothing changes. */
  dg_filter_init (&filter);
  dg_filter_apply (&filter, graph, edges, nodes);
  g_assert_cmpuint (dg_filter_apply_states (&filter, doc, edges, nodes), ==, 0);
  g_assert_cmpuint (edges[0] + edges[1], ==, 2);

  for (guint k = 0; k < 2; k++)
    {
      static const char *dates[] = { "2026-01-29", "2026-01-30" };
      g_autoptr(DgDocument) copy = NULL;
      guint8 shown[2];
      DgDeal *loi;
      const DgAmount *amount;
      guint i;

      /* The document as of the date: "equity" is not announced yet. */
      copy = dg_document_copy_as_of (doc, date (dates[k]), shown);
      g_assert_nonnull (copy);
      loi = dg_document_lookup_deal (copy, "loi");
      i = dg_deal_get_index (loi);
      g_assert_true (shown[i]);
      g_assert_false (shown[1 - i]);
      amount = dg_deal_get_amount (loi);
      if (k == 0)
        {
          g_assert_cmpstr (dg_deal_get_status (loi), ==, "letter-of-intent");
          g_assert_cmpint (amount->kind, ==, DG_AMOUNT_RANGE);
          g_assert_cmpfloat (amount->max, ==, 100);
          g_assert_cmpuint (dg_document_get_graph (copy)->edge_status[i], ==, DG_DEAL_STATUS_LETTER_OF_INTENT);
        }
      else
        {
          g_assert_cmpstr (dg_deal_get_status (loi), ==, "stalled");
          g_assert_cmpfloat (amount->value, ==, 7);
          g_assert_cmpuint (dg_document_get_graph (copy)->edge_status[i], ==, DG_DEAL_STATUS_STALLED);
        }
    }
}

/* A copy as of a date keeps every deal (so links hold) and masks the ones
 * out of the network; each deal has its state then. */
static void
test_copy_as_of (void)
{
  g_autoptr(DgDocument) doc = load (doc_text);
  g_autoptr(DgDocument) copy = NULL;
  guint8 mask[2];
  DgGraph *graph;

  copy = dg_document_copy_as_of (doc, date ("2025-12"), mask);
  g_assert_nonnull (copy);
  g_assert_cmpuint (mask[0], ==, 1);
  g_assert_cmpuint (mask[1], ==, 0);
  g_assert_cmpstr (dg_document_get_as_of (copy), ==, "2025-12");
  graph = dg_document_get_graph (copy);
  g_assert_cmpuint (graph->n_edges, ==, 2);
  g_assert_cmpint (graph->edge_amount_kind[0], ==, DG_AMOUNT_RANGE);
  g_assert_cmpfloat (graph->edge_amount_max[0], ==, 100);
  g_assert_cmpfloat (graph->node_valuation[0], ==, 20);
  g_assert_cmpstr (dg_deal_get_timeline (dg_document_get_deal (copy, 0))->replaced_by, ==, "equity");
}

static char *
dataset_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "resources", "ai-deals.dealgraph.json", NULL);
}

/* The deals the analysis counts (dg_document_make_network_mask()) are, at
 * every date and under any filter's mask, those whose state then is in
 * the network, each asked on its own; at the latest state the snapshot
 * answers, so a status edit must reach it. */
static void
check_network_mask (DgDocument   *doc,
                    gint32        as_of,
                    const guint8 *edge_mask)
{
  guint m = dg_document_get_n_deals (doc);
  g_autofree guint8 *mask = dg_document_make_network_mask (doc, as_of, edge_mask);

  for (guint e = 0; e < m; e++)
    {
      DgDealState state;
      gboolean shown = edge_mask == NULL || edge_mask[e];
      gboolean in = shown && dg_deal_get_state_at (dg_document_get_deal (doc, e), as_of, &state);

      if (mask == NULL)
        g_assert_cmpint (in, ==, shown);
      else
        g_assert_cmpint (mask[e], ==, in);
    }
}

static void
test_network_mask (void)
{
  g_autofree char *path = dataset_path ();
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *dates[] = { "2024-01", "2025-09-22", "2026-01-30", "2026-02", "2026-02-26", "2026-12" };
  DgDocument *docs[2];

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  docs[0] = load (doc_text);
  docs[1] = load (data);
  for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
    {
      guint m = dg_document_get_n_deals (docs[d]);
      g_autofree guint8 *half = g_new (guint8, m);
      guint n_cancelled = 0;

      for (guint e = 0; e < m; e++)
        half[e] = e % 2;
      for (guint k = 0; k <= G_N_ELEMENTS (dates); k++)
        {
          gint32 as_of = k < G_N_ELEMENTS (dates) ? date (dates[k]) : 0;

          check_network_mask (docs[d], as_of, NULL);
          check_network_mask (docs[d], as_of, half);
        }
      /* Cancel every other deal, then take one back: the latest mask follows. */
      for (guint e = 1; e < m; e += 2)
        if (g_strcmp0 (dg_deal_get_status (dg_document_get_deal (docs[d], e)), "cancelled") != 0)
          {
            dg_deal_set_status (dg_document_get_deal (docs[d], e), "cancelled");
            n_cancelled++;
          }
      g_assert_cmpuint (n_cancelled, >, 0);
      check_network_mask (docs[d], 0, NULL);
      check_network_mask (docs[d], 0, half);
      {
        g_autofree guint8 *mask = dg_document_make_network_mask (docs[d], 0, NULL);

        g_assert_nonnull (mask);
        g_assert_cmpuint (mask[1], ==, 0);
      }
      dg_deal_set_status (dg_document_get_deal (docs[d], 1), "signed");
      check_network_mask (docs[d], 0, NULL);
      {
        g_autofree guint8 *mask = dg_document_make_network_mask (docs[d], 0, NULL);

        g_assert_true (mask == NULL || mask[1] == 1);
      }
      g_object_unref (docs[d]);
    }
}

/* The 2025-2026 dataset: loads without a problem; saved, loaded and saved
 * again, the same bytes, and the histories mean what they meant. */
static void
test_dataset_round_trip (void)
{
  g_autofree char *path = dataset_path ();
  g_autofree char *data = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(DgDocument) again = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  gsize length;
  guint with_history = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  doc = load (data);
  saved = dg_document_to_data (doc, NULL);
  again = load (saved);
  saved_again = dg_document_to_data (again, NULL);
  g_assert_cmpstr (saved, ==, saved_again);
  a = dg_json_parse_node (data, (gssize) length);
  b = dg_json_parse_node (saved, -1);
  g_assert_true (json_node_equal (a, b));

  for (guint i = 0; i < dg_document_get_n_deals (again); i++)
    with_history += dg_deal_has_history (dg_document_get_deal (again, i));
  g_assert_cmpuint (with_history, >, 0);
}

/* Every deal's state at a list of dates, for check-deal-states.py: one line
 * a deal and date, tab-separated. */
static int
dump (const char *path)
{
  static const char *dates[] = {
    "2024-12", "2025-01-15", "2025-06", "2025-09-21", "2025-09-22", "2025-10", "2025-11-03", "2025-12",
    "2026-01", "2026-01-29", "2026-01-30", "2026-02", "2026-02-01", "2026-02-27", "2026-03", "2026-04",
    "2026-05", "2026-06", "2026-09", "2026-12", "2027",
  };
  g_autofree char *data = NULL;
  g_autoptr(DgDocument) doc = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, NULL)
      || (doc = dg_document_load_from_data (data, length, NULL, NULL)) == NULL)
    return 1;
  for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
    for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
      {
        DgDeal *deal = dg_document_get_deal (doc, i);
        DgDealState s;
        char lo[DG_JSON_DOUBLE_BUF_SIZE] = "-", hi[DG_JSON_DOUBLE_BUF_SIZE] = "-";

        dg_deal_get_state_at (deal, date (dates[d]), &s);
        if (s.amount.kind != DG_AMOUNT_UNDISCLOSED)
          {
            dg_json_format_double (lo, sizeof lo, s.amount.min);
            dg_json_format_double (hi, sizeof hi, s.amount.max);
          }
        printf ("%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%u\n", dates[d], dg_deal_get_id (deal), s.exists, s.in_network,
                s.exists ? dg_deal_status_to_string (s.status) : "-", lo, hi,
                s.confidence == DG_CONFIDENCE_AGREED ? "agreed" : dg_confidence_to_string (s.confidence),
                s.figures != NULL ? s.figures->len : 0);
      }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--dump") == 0)
    return dump (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dealgraph/deal-state/timeline", test_timeline_read);
  g_test_add_func ("/dealgraph/deal-state/state-at", test_state_at);
  g_test_add_func ("/dealgraph/deal-state/valuation-at", test_valuation_at);
  g_test_add_func ("/dealgraph/deal-state/bad-history", test_bad_history);
  g_test_add_func ("/dealgraph/deal-state/filter-at-date", test_filter_at_date);
  g_test_add_func ("/dealgraph/deal-state/copy-as-of", test_copy_as_of);
  g_test_add_func ("/dealgraph/deal-state/dataset-round-trip", test_dataset_round_trip);
  g_test_add_func ("/dealgraph/deal-state/network-mask", test_network_mask);
  return g_test_run ();
}
