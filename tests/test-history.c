/* test-history.c: the document tells every change, its snapshot follows,
 * and every edit undoes and redoes exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dg-company-private.h"
#include "dg-deal-state.h"
#include "dg-history.h"
#include "dg-loader.h"
#include "dg-validate.h"

static DgDocument *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  DgDocument *doc = dg_document_load_from_data (json, strlen (json), &problems, &error);

  /* Say what the loader refused: a save it cannot read is a bug to find. */
  for (guint i = 0; error != NULL && problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, i), "saved");

      g_test_message ("%s", line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static const char *triangle =
  "{\"format\": \"dealgraph\", \"version\": 1, \"title\": \"T\",\n"
  " \"companies\": [\n"
  "  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"ai-lab\", \"valuation_usd\": 5e9, \"x-kept\": [1, 2]},\n"
  "  {\"id\": \"b\", \"name\": \"B\", \"kind\": \"cloud\"},\n"
  "  {\"id\": \"c\", \"name\": \"C\"}],\n"
  " \"deals\": [\n"
  "  {\"id\": \"ab\", \"from\": \"a\", \"to\": \"b\", \"kind\": \"investment\", \"amount_usd\": 1e9,\n"
  "   \"status\": \"signed\", \"announced\": \"2025-09\", \"sources\": [{\"publisher\": \"P\"}], \"x-deal\": true},\n"
  "  {\"id\": \"bc\", \"from\": \"b\", \"to\": \"c\", \"amount_usd\": 2e9, \"sources\": [{\"publisher\": \"P\"}]},\n"
  "  {\"id\": \"ca\", \"from\": \"c\", \"to\": \"a\", \"amount_usd\": null, \"sources\": [{\"publisher\": \"P\"}]}],\n"
  " \"layout\": {\"positions\": {\"a\": {\"x\": 1, \"y\": 2, \"x-pos\": \"kept\"}, \"b\": {\"x\": 3, \"y\": 4},\n"
  "   \"c\": {\"x\": 5, \"y\": 6, \"pinned\": true}}}}\n";

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* Every array of two snapshots, field by field. */
static void
assert_graphs_equal (const DgGraph *a,
                     const DgGraph *b)
{
  g_assert_cmpuint (a->n_nodes, ==, b->n_nodes);
  g_assert_cmpuint (a->n_edges, ==, b->n_edges);
  for (guint e = 0; e < a->n_edges; e++)
    {
      g_assert_cmpuint (a->edge_src[e], ==, b->edge_src[e]);
      g_assert_cmpuint (a->edge_dst[e], ==, b->edge_dst[e]);
      g_assert_cmpuint (a->edge_amount_kind[e], ==, b->edge_amount_kind[e]);
      g_assert_true (same_double (a->edge_amount[e], b->edge_amount[e]));
      g_assert_true (same_double (a->edge_amount_min[e], b->edge_amount_min[e]));
      g_assert_true (same_double (a->edge_amount_max[e], b->edge_amount_max[e]));
      g_assert_cmpuint (a->edge_kind[e], ==, b->edge_kind[e]);
      g_assert_cmpuint (a->edge_status[e], ==, b->edge_status[e]);
      g_assert_cmpint (a->edge_date[e], ==, b->edge_date[e]);
      g_assert_cmpuint (a->out_edges[e], ==, b->out_edges[e]);
      g_assert_cmpuint (a->in_edges[e], ==, b->in_edges[e]);
    }
  for (guint v = 0; v < a->n_nodes; v++)
    {
      g_assert_cmpuint (a->node_kind[v], ==, b->node_kind[v]);
      g_assert_true (same_double (a->node_valuation[v], b->node_valuation[v]));
    }
  for (guint v = 0; v <= a->n_nodes; v++)
    {
      g_assert_cmpuint (a->out_offset[v], ==, b->out_offset[v]);
      g_assert_cmpuint (a->in_offset[v], ==, b->in_offset[v]);
    }
}

static char *
save (DgDocument *doc)
{
  return dg_document_to_data (doc, NULL);
}

/* The document's snapshot equals the one of the same document built from
 * scratch: saved, and read again by the loader. */
static void
assert_snapshot_fresh (DgDocument *doc)
{
  g_autofree char *text = save (doc);
  g_autoptr(DgDocument) again = load (text);
  g_autofree guint *ends = g_new0 (guint, dg_document_get_n_companies (doc) + 1);

  assert_graphs_equal (dg_document_get_graph (doc), dg_document_get_graph (again));
  /* Indices agree with the lists. */
  for (guint i = 0; i < dg_document_get_n_companies (doc); i++)
    g_assert_cmpuint (dg_company_get_index (dg_document_get_company (doc, i)), ==, i);
  for (guint e = 0; e < dg_document_get_n_deals (doc); e++)
    {
      DgDeal *deal = dg_document_get_deal (doc, e);

      g_assert_cmpuint (dg_deal_get_index (deal), ==, e);
      g_assert_true (dg_document_lookup_deal (doc, dg_deal_get_id (deal)) == deal);
      /* Its ends' indices (settled lazily) are its companies'. */
      g_assert_cmpuint (dg_deal_get_from_index (deal), ==,
                        dg_company_get_index (dg_document_lookup_company (doc, dg_deal_get_from_id (deal))));
      g_assert_cmpuint (dg_deal_get_to_index (deal), ==,
                        dg_company_get_index (dg_document_lookup_company (doc, dg_deal_get_to_id (deal))));
      ends[dg_company_get_index (dg_document_lookup_company (doc, dg_deal_get_from_id (deal)))]++;
      ends[dg_company_get_index (dg_document_lookup_company (doc, dg_deal_get_to_id (deal)))]++;
    }
  /* The document's count of each company's deal ends (what it refuses
   * removing a company by) is the deals' own. */
  for (guint i = 0; i < dg_document_get_n_companies (doc); i++)
    g_assert_cmpuint (_dg_company_get_deal_ends (dg_document_get_company (doc, i)), ==, ends[i]);
}


/* ---- ends, ids, merges, sources, the tour ---------------------------------- */

/* Every id the saved tour names exists in the document. */
static void
assert_tour_whole (DgDocument *doc)
{
  JsonNode *tour = json_object_get_member (dg_document_get_layout_extra (doc), "tour");
  JsonArray *slides;

  if (tour == NULL)
    return;
  slides = json_object_get_array_member (json_node_get_object (tour), "slides");
  for (guint i = 0; i < json_array_get_length (slides); i++)
    {
      JsonObject *slide = json_array_get_object_element (slides, i);

      for (guint k = 0; k < 2; k++)
        {
          const char *member = k == 0 ? "companies" : "deals";
          JsonArray *ids = json_object_has_member (slide, member) ? json_object_get_array_member (slide, member) : NULL;

          for (guint j = 0; ids != NULL && j < json_array_get_length (ids); j++)
            {
              const char *id = json_array_get_string_element (ids, j);

              if (k == 0)
                g_assert_nonnull (dg_document_lookup_company (doc, id));
              else
                g_assert_nonnull (dg_document_lookup_deal (doc, id));
            }
        }
    }
}

static const char *merge_file =
  "{\"format\": \"dealgraph\", \"version\": 1,\n"
  " \"companies\": [\n"
  "  {\"id\": \"amazon\", \"name\": \"Amazon\", \"x-kept\": 1},\n"
  "  {\"id\": \"b\", \"name\": \"B\", \"kind\": \"cloud\"},\n"
  "  {\"id\": \"aws\", \"name\": \"Amazon / AWS\", \"kind\": \"cloud\", \"description\": \"Cloud arm\",\n"
  "   \"x-kept\": 2, \"x-merged\": [true]},\n"
  "  {\"id\": \"c\", \"name\": \"C\"}],\n"
  " \"deals\": [\n"
  "  {\"id\": \"amazon-b\", \"from\": \"amazon\", \"to\": \"b\", \"amount_usd\": 1e9},\n"
  "  {\"id\": \"aws-c\", \"from\": \"aws\", \"to\": \"c\", \"amount_usd\": 2e9},\n"
  "  {\"id\": \"b-aws\", \"from\": \"b\", \"to\": \"aws\", \"amount_usd\": 3e9},\n"
  "  {\"id\": \"amazon-aws\", \"from\": \"amazon\", \"to\": \"aws\", \"amount_usd\": 4e9},\n"
  "  {\"id\": \"c-amazon\", \"from\": \"c\", \"to\": \"amazon\", \"amount_usd\": 5e9}],\n"
  " \"layout\": {\"positions\": {\"amazon\": {\"x\": 1, \"y\": 2}, \"aws\": {\"x\": 3, \"y\": 4}},\n"
  "  \"tour\": {\"max_cycles\": 8, \"slides\": [\n"
  "   {\"kind\": \"custom\", \"title\": \"Mine\", \"companies\": [\"aws\", \"b\", \"amazon\"], \"deals\": [\"amazon-aws\", \"aws-c\"]},\n"
  "   {\"kind\": \"cycle\", \"deals\": [\"amazon-aws\", \"aws-c\", \"c-amazon\"]},\n"
  "   {\"kind\": \"company\", \"companies\": [\"aws\"]},\n"
  "   {\"kind\": \"company\", \"companies\": [\"c\"]}]}}}\n";

static JsonArray *
tour_slides (DgDocument *doc)
{
  JsonNode *tour = json_object_get_member (dg_document_get_layout_extra (doc), "tour");

  g_assert_nonnull (tour);
  return json_object_get_array_member (json_node_get_object (tour), "slides");
}

static char *
slide_ids (JsonArray  *slides,
           guint       i,
           const char *member)
{
  JsonObject *slide = json_array_get_object_element (slides, i);
  GString *s = g_string_new (json_object_get_string_member (slide, "kind"));

  if (json_object_has_member (slide, member))
    {
      JsonArray *ids = json_object_get_array_member (slide, member);

      for (guint j = 0; j < json_array_get_length (ids); j++)
        g_string_append_printf (s, " %s", json_array_get_string_element (ids, j));
    }
  return g_string_free (s, FALSE);
}

static void
test_deal_ends (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  DgDeal *ab = dg_document_lookup_deal (doc, "ab");
  DgCompany *a = dg_document_lookup_company (doc, "a");
  DgCompany *b = dg_document_lookup_company (doc, "b");
  DgCompany *c = dg_document_lookup_company (doc, "c");

  /* A self-loop is refused with the loader's words, and nothing changes. */
  g_assert_false (dg_history_set_deal_ends (history, ab, b, b, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "from a company to itself"));
  g_clear_error (&error);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 0);

  g_assert_true (dg_history_swap_deal (history, ab, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Swap Direction");
  g_assert_cmpstr (dg_deal_get_from_id (ab), ==, "b");
  g_assert_cmpstr (dg_deal_get_to_id (ab), ==, "a");
  g_assert_cmpuint (dg_deal_get_from_index (ab), ==, 1);
  g_assert_cmpuint (dg_deal_get_to_index (ab), ==, 0);
  assert_snapshot_fresh (doc);
  /* The snapshot has it too: b pays a. */
  g_assert_cmpuint (dg_document_get_graph (doc)->edge_src[0], ==, 1);
  g_assert_cmpuint (dg_document_get_graph (doc)->edge_dst[0], ==, 0);

  g_assert_true (dg_history_set_deal_ends (history, ab, c, a, &error));
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Change Payer");
  g_assert_true (dg_history_set_deal_ends (history, ab, c, b, &error));
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Change Payee");
  assert_snapshot_fresh (doc);
  text = save (doc);
  g_assert_nonnull (strstr (text, "\"from\": \"c\",\n      \"to\": \"b\""));

  while (dg_history_undo (history))
    ;
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

static void
test_company_id (void)
{
  g_autoptr(DgDocument) doc = load (merge_file);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  DgCompany *aws = dg_document_lookup_company (doc, "aws");
  g_autofree char *ids = NULL;

  g_assert_false (dg_history_set_company_id (history, aws, "b", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, "duplicate company id \"b\" (first used by companies[1])");
  g_clear_error (&error);
  g_assert_false (dg_history_set_company_id (history, aws, "", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 0);

  g_assert_true (dg_history_set_company_id (history, aws, "amazon-web-services", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  g_assert_true (dg_document_lookup_company (doc, "amazon-web-services") == aws);
  g_assert_null (dg_document_lookup_company (doc, "aws"));
  g_assert_cmpstr (dg_deal_get_from_id (dg_document_lookup_deal (doc, "aws-c")), ==, "amazon-web-services");
  g_assert_cmpstr (dg_deal_get_to_id (dg_document_lookup_deal (doc, "b-aws")), ==, "amazon-web-services");
  ids = slide_ids (tour_slides (doc), 0, "companies");
  g_assert_cmpstr (ids, ==, "custom amazon-web-services b amazon");
  g_free (ids);
  ids = slide_ids (tour_slides (doc), 2, "companies");
  g_assert_cmpstr (ids, ==, "company amazon-web-services");
  assert_snapshot_fresh (doc);
  assert_tour_whole (doc);
  text = save (doc);
  /* The position goes with the company. */
  g_assert_nonnull (strstr (text, "\"amazon-web-services\": { \"x\": 3, \"y\": 4 }"));

  g_assert_true (dg_history_undo (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

/* Deals linked by their histories: "old" was replaced by "new", "slice" is
 * part of it, "loan" overlaps it and "slice"; the tour names "new". */
static const char *links_file =
  "{\"format\": \"dealgraph\", \"version\": 1,\n"
  " \"companies\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}, {\"id\": \"c\", \"name\": \"C\"}],\n"
  " \"deals\": [\n"
  "  {\"id\": \"old\", \"from\": \"a\", \"to\": \"b\", \"amount_usd\": 1e9, \"status\": \"cancelled\", \"announced\": \"2025-01\",\n"
  "   \"replaced_by\": \"new\", \"x-deal\": [1, \"new\"]},\n"
  "  {\"id\": \"new\", \"from\": \"a\", \"to\": \"b\", \"amount_usd\": 3e9, \"announced\": \"2025-06\"},\n"
  "  {\"id\": \"slice\", \"from\": \"c\", \"to\": \"b\", \"amount_usd\": 1e9, \"part_of\": \"new\"},\n"
  "  {\"id\": \"loan\", \"from\": \"b\", \"to\": \"c\", \"amount_usd\": 2e9, \"overlaps\": [\"slice\", \"new\"]},\n"
  "  {\"id\": \"back\", \"from\": \"b\", \"to\": \"a\", \"amount_usd\": 2e9}],\n"
  " \"layout\": {\"tour\": {\"slides\": [\n"
  "   {\"kind\": \"cycle\", \"deals\": [\"new\", \"back\"]},\n"
  "   {\"kind\": \"custom\", \"title\": \"Mine\", \"deals\": [\"loan\", \"new\"]}]}}}\n";

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* A refused id: the loader's words, and nothing changes. */
static void
assert_deal_id_refused (DgHistory  *history,
                        DgDeal     *deal,
                        const char *id,
                        const char *message)
{
  DgDocument *doc = dg_history_get_document (history);
  g_autofree char *before = save (doc);
  g_autofree char *after = NULL;
  guint n_undo = dg_history_get_n_undo (history);
  g_autoptr(GError) error = NULL;

  g_assert_false (dg_history_set_deal_id (history, deal, id, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  after = save (doc);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, n_undo);
}

static void
test_deal_id (void)
{
  g_autoptr(DgDocument) doc = load (links_file);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) again = NULL;
  DgDeal *deal = dg_document_lookup_deal (doc, "new");
  const DgDealTimeline *timeline;
  char bad[] = { 'n', (char) 0xff, 0 };

  assert_deal_id_refused (history, deal, "slice", "duplicate deal id \"slice\" (first used by deals[2])");
  assert_deal_id_refused (history, deal, "", NULL);
  assert_deal_id_refused (history, deal, bad, NULL);
  /* The same id is no edit. */
  g_assert_true (dg_history_set_deal_id (history, deal, "new", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 0);

  g_assert_true (dg_history_set_deal_id (history, deal, "new-2026", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Change Id");
  g_assert_true (dg_document_lookup_deal (doc, "new-2026") == deal);
  g_assert_null (dg_document_lookup_deal (doc, "new"));
  /* Every link follows, read as the model reads them. */
  g_assert_cmpstr (dg_deal_get_timeline (dg_document_lookup_deal (doc, "old"))->replaced_by, ==, "new-2026");
  g_assert_cmpstr (dg_deal_get_timeline (dg_document_lookup_deal (doc, "slice"))->part_of, ==, "new-2026");
  timeline = dg_deal_get_timeline (dg_document_lookup_deal (doc, "loan"));
  g_assert_cmpuint (timeline->overlaps->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (timeline->overlaps, 0), ==, "slice");
  g_assert_cmpstr (g_ptr_array_index (timeline->overlaps, 1), ==, "new-2026");
  ids = slide_ids (tour_slides (doc), 0, "deals");
  g_assert_cmpstr (ids, ==, "cycle new-2026 back");
  g_free (ids);
  ids = slide_ids (tour_slides (doc), 1, "deals");
  g_assert_cmpstr (ids, ==, "custom loan new-2026");
  assert_snapshot_fresh (doc);
  assert_tour_whole (doc);

  /* The file is the old one with the id replaced where it is a deal's id
   * or a link, and nowhere else (an unknown member's "new" stays). */
  text = save (doc);
  expected = replace_all (original, "\"new\"", "\"new-2026\"");
  {
    g_autofree char *kept = replace_all (expected, "1,\n        \"new-2026\"", "1,\n        \"new\"");

    g_assert_cmpstr (text, ==, kept);
  }
  again = load (text);
  g_assert_nonnull (dg_document_lookup_deal (again, "new-2026"));

  g_assert_true (dg_history_undo (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
  g_assert_true (dg_document_lookup_deal (doc, "new") == deal);
  g_assert_cmpstr (dg_deal_get_timeline (dg_document_lookup_deal (doc, "old"))->replaced_by, ==, "new");

  g_assert_true (dg_history_redo (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (dg_deal_get_timeline (dg_document_lookup_deal (doc, "slice"))->part_of, ==, "new-2026");
  g_assert_true (dg_history_undo (history));

  /* A removed deal's name, still held by links for its undo, is not free:
   * taking it would silently make those links name another deal. */
  dg_history_delete_deal (history, deal);
  g_assert_null (dg_document_lookup_deal (doc, "new"));
  assert_deal_id_refused (history, dg_document_lookup_deal (doc, "back"), "new",
                          "\"new\" is the id of a removed deal that deal \"old\" still links to");
  while (dg_history_undo (history))
    ;
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

/* On the shipped network: a deal that another replaced, renamed. */
static void
test_deal_id_dataset (void)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  g_autofree char *data = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(DgDocument) doc = load (data);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  DgDeal *deal = dg_document_lookup_deal (doc, "investors-openai-2026");
  guint linked = 0;

  g_assert_nonnull (deal);
  for (guint e = 0; e < dg_document_get_n_deals (doc); e++)
    linked += g_strcmp0 (dg_deal_get_timeline (dg_document_get_deal (doc, e))->part_of, "investors-openai-2026") == 0;
  g_assert_cmpuint (linked, >=, 2);

  g_assert_true (dg_history_set_deal_id (history, deal, "openai-round-2026", &error));
  g_assert_no_error (error);
  text = save (doc);
  expected = replace_all (original, "\"investors-openai-2026\"", "\"openai-round-2026\"");
  g_assert_cmpstr (text, ==, expected);
  for (guint e = 0; e < dg_document_get_n_deals (doc); e++)
    linked -= g_strcmp0 (dg_deal_get_timeline (dg_document_get_deal (doc, e))->part_of, "openai-round-2026") == 0;
  g_assert_cmpuint (linked, ==, 0);
  assert_snapshot_fresh (doc);

  g_assert_true (dg_history_undo (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

static void
test_provisional_id (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autoptr(GError) error = NULL;
  DgCompany *nova, *second;

  nova = dg_history_add_company (history, "New Company", NULL, NULL, &error);
  g_assert_cmpstr (dg_company_get_id (nova), ==, "new-company");
  g_assert_true (dg_history_set_company_field (history, nova, "name", "Nova Labs", &error));
  g_assert_no_error (error);
  /* Named and re-identified in one step. */
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 2);
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Rename Company");
  g_assert_cmpstr (dg_company_get_id (nova), ==, "nova-labs");
  g_assert_true (dg_history_undo (history));
  g_assert_cmpstr (dg_company_get_id (nova), ==, "new-company");
  g_assert_cmpstr (dg_company_get_name (nova), ==, "New Company");
  g_assert_true (dg_history_redo (history));
  g_assert_cmpstr (dg_company_get_id (nova), ==, "nova-labs");

  /* Stable once made. */
  g_assert_true (dg_history_set_company_field (history, nova, "name", "Nova Labs Inc.", &error));
  g_assert_cmpstr (dg_company_get_id (nova), ==, "nova-labs");

  /* Unique: a second company given the same name gets another id. */
  second = dg_history_add_company (history, "New Company", NULL, NULL, &error);
  g_assert_cmpstr (dg_company_get_id (second), ==, "new-company");
  g_assert_true (dg_history_set_company_field (history, second, "name", "Nova Labs", &error));
  g_assert_cmpstr (dg_company_get_id (second), ==, "nova-labs-2");
  assert_snapshot_fresh (doc);

  /* Undone to before the naming, the first naming makes the id again. */
  g_assert_true (dg_history_undo (history));
  g_assert_true (dg_history_set_company_field (history, second, "name", "Zeta", &error));
  g_assert_cmpstr (dg_company_get_id (second), ==, "zeta");
}

static void
test_merge (void)
{
  g_autoptr(DgDocument) doc = load (merge_file);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(GError) error = NULL;
  DgCompany *amazon = dg_document_lookup_company (doc, "amazon");
  DgCompany *aws = dg_document_lookup_company (doc, "aws");
  guint dropped = 99;
  JsonArray *slides;

  g_assert_false (dg_history_merge_companies (history, amazon, amazon, &dropped, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_true (dg_history_merge_companies (history, amazon, aws, &dropped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dropped, ==, 1);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Merge Companies");
  g_assert_null (dg_document_lookup_company (doc, "aws"));
  g_assert_null (dg_document_lookup_deal (doc, "amazon-aws"));
  g_assert_cmpuint (dg_document_get_n_companies (doc), ==, 3);
  g_assert_cmpuint (dg_document_get_n_deals (doc), ==, 4);
  g_assert_cmpstr (dg_deal_get_from_id (dg_document_lookup_deal (doc, "aws-c")), ==, "amazon");
  g_assert_cmpstr (dg_deal_get_to_id (dg_document_lookup_deal (doc, "b-aws")), ==, "amazon");
  /* What Amazon did not say, AWS did. */
  g_assert_cmpstr (dg_company_get_description (amazon), ==, "Cloud arm");
  g_assert_cmpstr (dg_company_get_kind (amazon), ==, "cloud");
  g_assert_cmpstr (dg_company_get_name (amazon), ==, "Amazon");
  assert_snapshot_fresh (doc);
  assert_tour_whole (doc);
  text = save (doc);
  /* Both companies' unknown members, the kept one's first. */
  g_assert_nonnull (strstr (text, "\"x-kept\": 1,\n      \"x-merged\": [\n        true\n      ]"));
  g_assert_null (strstr (text, "\"x-kept\": 2"));

  /* The tour: the presenter's slide names Amazon once and loses the
   * deal that went; the cycle through that deal goes; AWS's own slide is
   * Amazon's now. */
  slides = tour_slides (doc);
  g_assert_cmpuint (json_array_get_length (slides), ==, 3);
  ids = slide_ids (slides, 0, "companies");
  g_assert_cmpstr (ids, ==, "custom amazon b");
  g_free (ids);
  ids = slide_ids (slides, 0, "deals");
  g_assert_cmpstr (ids, ==, "custom aws-c");
  g_free (ids);
  ids = slide_ids (slides, 1, "companies");
  g_assert_cmpstr (ids, ==, "company amazon");
  g_free (ids);
  ids = slide_ids (slides, 2, "companies");
  g_assert_cmpstr (ids, ==, "company c");

  g_assert_true (dg_history_undo (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
  assert_snapshot_fresh (doc);
}

/* A tour as a file may hold it, with odd members: they stay as they are,
 * and an id changes around them. */
static void
test_tour_odd_members (void)
{
  static const char *file =
    "{\"format\": \"dealgraph\", \"version\": 1,\n"
    " \"companies\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}],\n"
    " \"deals\": [{\"id\": \"ab\", \"from\": \"a\", \"to\": \"b\"}],\n"
    " \"layout\": {\"tour\": {\"slides\": [7, {\"kind\": \"custom\", \"companies\": [{\"x\": 1}, 2, \"a\", \"b\"]},\n"
    "   {\"kind\": \"custom\", \"companies\": \"a\"}]}}}\n";
  g_autoptr(DgDocument) doc = load (file);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_history_set_company_id (history, dg_document_lookup_company (doc, "a"), "b2", &error));
  g_assert_no_error (error);
  text = save (doc);
  g_assert_nonnull (strstr (text, "\"b2\""));
  g_assert_nonnull (strstr (text, "\"x\": 1"));
  dg_history_delete_company (history, dg_document_lookup_company (doc, "b"));
  g_assert_true (dg_history_undo (history));
  g_assert_true (dg_history_undo (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

static void
test_delete_keeps_tour_whole (void)
{
  g_autoptr(DgDocument) doc = load (merge_file);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  g_autofree char *ids = NULL;
  JsonArray *slides;

  dg_history_delete_company (history, dg_document_lookup_company (doc, "c"));
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  assert_tour_whole (doc);
  slides = tour_slides (doc);
  /* c's slide and the cycle through c went; the custom one lost aws-c. */
  g_assert_cmpuint (json_array_get_length (slides), ==, 2);
  ids = slide_ids (slides, 0, "deals");
  g_assert_cmpstr (ids, ==, "custom amazon-aws");
  g_free (ids);
  ids = slide_ids (slides, 1, "companies");
  g_assert_cmpstr (ids, ==, "company aws");

  dg_history_delete_deal (history, dg_document_lookup_deal (doc, "amazon-aws"));
  assert_tour_whole (doc);
  g_assert_false (json_object_has_member (json_array_get_object_element (tour_slides (doc), 0), "deals"));

  while (dg_history_undo (history))
    ;
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

static const char *cited_file =
  "{\"format\": \"dealgraph\", \"version\": 1,\n"
  " \"companies\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}],\n"
  " \"deals\": [\n"
  "  {\"id\": \"ab\", \"from\": \"a\", \"to\": \"b\", \"amount_usd\": 2e9, \"status\": \"signed\",\n"
  "   \"sources\": [{\"publisher\": \"P0\"}, {\"publisher\": \"P1\"}, {\"publisher\": \"P2\"}, {\"publisher\": \"P3\"}],\n"
  "   \"figures\": [{\"amount_usd\": 3e9, \"note\": \"n\", \"sources\": [1]}],\n"
  "   \"history\": [{\"date\": \"2025-01\", \"status\": \"announced\", \"amount_usd\": 1e9, \"sources\": [0, 3]},\n"
  "               {\"date\": \"2025-03\", \"status\": \"signed\", \"amount_usd\": 2e9, \"sources\": [2, 1]}]}]}\n";

/* Who each citation of @deal credits, by publisher, in reading order. */
static char *
credited (DgDeal *deal)
{
  const DgDealTimeline *timeline = dg_deal_get_timeline (deal);
  GPtrArray *sources = dg_deal_get_sources (deal);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (timeline);
  for (guint f = 0; f < timeline->figures->len; f++)
    {
      const DgFigure *figure = g_ptr_array_index (timeline->figures, f);

      for (guint k = 0; k < figure->sources->len; k++)
        g_string_append_printf (s, "f:%s ", ((DgSource *) g_ptr_array_index (sources, g_array_index (figure->sources, guint, k)))->publisher);
    }
  for (guint e = 0; e < timeline->events->len; e++)
    {
      const DgDealEvent *event = g_ptr_array_index (timeline->events, e);

      for (guint k = 0; event->sources != NULL && k < event->sources->len; k++)
        g_string_append_printf (s, "%u:%s ", e,
                                ((DgSource *) g_ptr_array_index (sources, g_array_index (event->sources, guint, k)))->publisher);
    }
  return g_string_free (s, FALSE);
}

static void
test_move_source_citations (void)
{
  g_autoptr(DgDocument) doc = load (cited_file);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  DgDeal *deal = dg_document_lookup_deal (doc, "ab");

  before = credited (deal);
  g_assert_cmpstr (before, ==, "f:P1 0:P0 0:P3 1:P2 1:P1 ");

  /* Setting the whole list with a cited source moved is refused... */
  {
    g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);

    for (guint i = 4; i-- > 0;)
      g_ptr_array_add (sources, dg_source_copy (g_ptr_array_index (dg_deal_get_sources (deal), i)));
    g_assert_false (dg_history_set_deal_sources (history, deal, sources, &error));
    g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
    g_clear_error (&error);
  }
  /* ...moving one renumbers the citations in the same step. */
  for (guint from = 0; from < 4; from++)
    for (guint to = 0; to < 4; to++)
      {
        guint n = dg_history_get_n_undo (history);

        g_assert_true (dg_history_move_deal_source (history, deal, from, to, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (dg_history_get_n_undo (history), ==, from == to ? n : n + 1);
        g_free (after);
        after = credited (deal);
        g_assert_cmpstr (after, ==, before);
        assert_snapshot_fresh (doc);
      }
  g_assert_false (dg_history_move_deal_source (history, deal, 0, 4, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  {
    g_autofree char *last = g_strdup (((DgSource *) g_ptr_array_index (dg_deal_get_sources (deal), 3))->publisher);

    g_assert_true (dg_history_move_deal_source (history, deal, 3, 0, &error));
    g_assert_cmpstr (((DgSource *) g_ptr_array_index (dg_deal_get_sources (deal), 0))->publisher, ==, last);
  }

  while (dg_history_undo (history))
    ;
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

static void
test_tour_edits (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  g_autoptr(DgTour) tour = dg_tour_new ();
  const char *companies[] = { "a", "b", NULL };

  dg_tour_insert (tour, 0, dg_tour_slide_new_custom ("Hello", NULL, companies, NULL));
  dg_history_set_tour (history, tour);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Edit Tour");
  g_assert_true (dg_history_get_modified (history));
  /* The same tour again is no step. */
  dg_history_set_tour (history, tour);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  dg_tour_slide_set_title (dg_tour_get_slide (tour, 0), "Hello again");
  dg_history_set_tour (history, tour);
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 2);
  text = save (doc);
  g_assert_nonnull (strstr (text, "Hello again"));

  dg_history_delete_company (history, dg_document_lookup_company (doc, "a"));
  assert_tour_whole (doc);
  g_assert_true (dg_history_undo (history));
  g_assert_true (dg_history_undo (history));
  g_free (text);
  text = save (doc);
  g_assert_nonnull (strstr (text, "\"Hello\""));
  g_assert_true (dg_history_undo (history));
  g_assert_false (dg_history_get_modified (history));
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
}

/* ---- the document tells ------------------------------------------------- */

static void
test_setters_invalidate (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  DgDeal *ab = dg_document_lookup_deal (doc, "ab");
  DgCompany *b = dg_document_lookup_company (doc, "b");
  DgAmount amount = { DG_AMOUNT_EXACT, 7e9, 7e9, 7e9 };
  DgGraph *g = dg_document_get_graph (doc);

  g_assert_cmpfloat (g->edge_amount[0], ==, 1e9);

  /* Until edits told the document, each of these left the snapshot as it
   * was: the analysis and the canvas then drew the old network. */
  dg_deal_set_amount (ab, &amount);
  g_assert_cmpfloat (dg_document_get_graph (doc)->edge_amount[0], ==, 7e9);
  dg_deal_set_status (ab, "cancelled");
  g_assert_cmpint (dg_document_get_graph (doc)->edge_status[0], ==, DG_DEAL_STATUS_CANCELLED);
  dg_deal_set_kind (ab, "chip-purchase");
  g_assert_cmpint (dg_document_get_graph (doc)->edge_kind[0], ==, DG_DEAL_KIND_CHIP_PURCHASE);
  dg_deal_set_announced (ab, "2024-01-02");
  g_assert_cmpint (dg_document_get_graph (doc)->edge_date[0], ==, 20240102);
  dg_company_set_valuation (b, 3e12);
  g_assert_cmpfloat (dg_document_get_graph (doc)->node_valuation[1], ==, 3e12);
  dg_company_set_kind (b, "chips");
  g_assert_cmpint (dg_document_get_graph (doc)->node_kind[1], ==, DG_COMPANY_KIND_CHIPS);
  dg_company_unset_valuation (b);
  g_assert_true (isnan (dg_document_get_graph (doc)->node_valuation[1]));
  assert_snapshot_fresh (doc);
}

typedef struct
{
  GPtrArray *seen;   /* "company:b:name" and the like */
} Log;

static void
company_changed_cb (DgDocument *doc,
                    DgCompany  *company,
                    const char *property,
                    Log        *log)
{
  g_ptr_array_add (log->seen, g_strdup_printf ("company:%s:%s", dg_company_get_id (company), property));
}

static void
deal_changed_cb (DgDocument *doc,
                 DgDeal     *deal,
                 const char *property,
                 Log        *log)
{
  g_ptr_array_add (log->seen, g_strdup_printf ("deal:%s:%s", dg_deal_get_id (deal), property));
}

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Log        *log)
{
  g_ptr_array_add (log->seen, g_strdup_printf ("%s:%u-%u+%u",
                                               g_list_model_get_item_type (list) == DG_TYPE_COMPANY ? "companies" : "deals",
                                               position, removed, added));
}

static void
assert_seen (Log        *log,
             const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (log->seen, NULL);
  joined = g_strjoinv (" ", (char **) log->seen->pdata);
  g_assert_cmpstr (joined, ==, expected);
  g_ptr_array_set_size (log->seen, 0);
}

static void
test_signals (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  Log log = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GError) error = NULL;
  DgCompany *b = dg_document_lookup_company (doc, "b");
  DgCompany *d;
  guint detailed = 0;

  g_signal_connect (doc, "company-changed", G_CALLBACK (company_changed_cb), &log);
  g_signal_connect (doc, "deal-changed", G_CALLBACK (deal_changed_cb), &log);
  g_signal_connect (dg_document_get_companies (doc), "items-changed", G_CALLBACK (items_changed_cb), &log);
  g_signal_connect (dg_document_get_deals (doc), "items-changed", G_CALLBACK (items_changed_cb), &log);
  g_signal_connect_swapped (doc, "company-changed::name", G_CALLBACK (g_atomic_int_inc), &detailed);

  g_assert_true (dg_history_set_company_field (history, b, "name", "Bee", &error));
  g_assert_no_error (error);
  assert_seen (&log, "company:b:name");
  g_assert_cmpuint (detailed, ==, 1);
  g_assert_true (dg_history_set_company_field (history, b, "valuation_usd", "1.5e11", &error));
  assert_seen (&log, "company:b:valuation");
  g_assert_true (dg_history_set_deal_amount (history, dg_document_lookup_deal (doc, "bc"), "3e9", NULL, NULL, &error));
  assert_seen (&log, "deal:bc:amount");
  g_assert_true (dg_history_set_deal_field (history, dg_document_lookup_deal (doc, "bc"), "status", "completed", &error));
  assert_seen (&log, "deal:bc:status");

  /* A company goes with its deals: the deals first, by index, then it. */
  dg_history_delete_company (history, b);
  assert_seen (&log, "deals:1-1+0 deals:0-1+0 companies:1-1+0");
  g_assert_cmpuint (dg_company_get_index (dg_document_lookup_company (doc, "c")), ==, 1);
  g_assert_cmpuint (dg_deal_get_from_index (dg_document_lookup_deal (doc, "ca")), ==, 1);
  g_assert_true (dg_history_undo (history));
  assert_seen (&log, "companies:1-0+1 deals:0-0+1 deals:1-0+1");
  g_assert_cmpuint (dg_deal_get_from_index (dg_document_lookup_deal (doc, "ca")), ==, 2);
  assert_snapshot_fresh (doc);

  d = dg_history_add_company (history, "Dee Corp", "chips", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dg_company_get_id (d), ==, "dee-corp");
  assert_seen (&log, "companies:3-0+1");
  g_assert_cmpuint (dg_document_get_graph (doc)->n_nodes, ==, 4);
  g_ptr_array_unref (log.seen);
}

/* The document keeps a company that deals still name (it counts them as
 * deals come, go and change ends), and its deals' numbers follow the
 * companies after one goes. */
static void
test_remove_named_company (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autofree char *before = save (doc);
  g_autofree char *after = NULL;
  DgDeal *ca = dg_document_lookup_deal (doc, "ca");
  guint serial = dg_document_get_strings_serial (doc, DG_DOCUMENT_COMPANY_IDS);

  g_assert_false (dg_document_remove_company (doc, 1));
  after = save (doc);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (dg_document_get_strings_serial (doc, DG_DOCUMENT_COMPANY_IDS), ==, serial);

  /* One of b's two deals gone: still named. */
  dg_document_remove_deal (doc, 0);
  g_assert_false (dg_document_remove_company (doc, 1));
  g_assert_cmpuint (dg_document_get_n_companies (doc), ==, 3);
  dg_document_remove_deal (doc, 0);
  g_assert_cmpuint (dg_deal_get_index (ca), ==, 0);
  g_assert_true (dg_document_remove_company (doc, 1));
  g_assert_null (dg_document_lookup_company (doc, "b"));
  g_assert_cmpuint (dg_deal_get_from_index (ca), ==, 1);
  g_assert_cmpuint (dg_deal_get_to_index (ca), ==, 0);
  assert_snapshot_fresh (doc);
  /* And now a's ends are only ca's: it stays; c's too. */
  g_assert_false (dg_document_remove_company (doc, 0));
  g_assert_false (dg_document_remove_company (doc, 1));
}

/* An edit is refused with the words the loader has for the same value in a
 * file, and changes nothing. */
static void
test_refused_like_loader (void)
{
  static const struct { const char *file_value; const char *key; const char *text; gboolean company; } cases[] = {
    { "\"valuation_usd\": -5", "valuation_usd", "-5", TRUE },
    { "\"valuation_usd\": 1e999", "valuation_usd", "1e999", TRUE },
    { "\"valuation_as_of\": \"2025-02-30\"", "valuation_as_of", "2025-02-30", TRUE },
    { "\"website\": \"ftp://example.com\"", "website", "ftp://example.com", TRUE },
    { "\"announced\": \"2025-13\"", "announced", "2025-13", FALSE },
    { "\"announced\": \"soon\"", "announced", "soon", FALSE },
  };
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *before = save (doc);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) load_error = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DgDocument) refused = NULL;
      g_autofree char *after = NULL;
      gboolean found = FALSE;

      if (cases[i].company)
        json = g_strdup_printf ("{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [{\"id\": \"a\", \"name\": \"A\", %s}], \"deals\": []}",
                                cases[i].file_value);
      else
        json = g_strdup_printf ("{\"format\": \"dealgraph\", \"version\": 1, \"companies\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}],"
                                " \"deals\": [{\"id\": \"ab\", \"from\": \"a\", \"to\": \"b\", %s}]}", cases[i].file_value);
      refused = dg_document_load_from_data (json, strlen (json), &problems, &load_error);
      g_assert_null (refused);

      if (cases[i].company)
        g_assert_false (dg_history_set_company_field (history, dg_document_lookup_company (doc, "a"),
                                                      cases[i].key, cases[i].text, &error));
      else
        g_assert_false (dg_history_set_deal_field (history, dg_document_lookup_deal (doc, "ab"),
                                                   cases[i].key, cases[i].text, &error));
      g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
      for (guint p = 0; p < problems->len; p++)
        {
          DgProblem *problem = g_ptr_array_index (problems, p);

          if (problem->severity == DG_SEVERITY_ERROR && g_strcmp0 (problem->message, error->message) == 0)
            found = TRUE;
        }
      if (!found)
        g_error ("the edit said \"%s\"; the loader said something else for %s", error->message, cases[i].file_value);

      after = save (doc);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (dg_history_can_undo (history));
      g_assert_false (dg_history_get_modified (history));
    }
}

/* ---- undo and redo -------------------------------------------------------- */

/* A change from outside the history (a layout run, the tour) is a change
 * too: the recovery copy it causes must say when it was made, not 1970. */
static void
test_outside_change_time (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_false (dg_history_get_modified (history));
  /* As a layout run or a tour edit in the window marks it. */
  dg_document_set_modified (doc, TRUE);
  g_assert_true (dg_history_get_modified (history));
  g_assert_cmpint (dg_history_get_last_change (history), >=, before);
  g_assert_cmpint (dg_history_get_last_change (history), <=, g_get_real_time () / G_USEC_PER_SEC);
}

static void
test_undo_redo_modified (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *renamed = NULL;
  g_autofree char *text = NULL;
  DgCompany *a = dg_document_lookup_company (doc, "a");
  g_autoptr(GError) error = NULL;

  g_assert_false (dg_history_get_modified (history));
  g_assert_null (dg_history_get_undo_label (history));
  dg_history_set_company_field (history, a, "name", "Alpha", &error);
  g_assert_true (dg_history_get_modified (history));
  g_assert_true (dg_document_get_modified (doc));
  g_assert_cmpstr (dg_history_get_undo_label (history), ==, "Rename Company");
  renamed = save (doc);

  /* Saved here: undo makes it modified, redo back here clears it. */
  dg_history_mark_saved (history);
  g_assert_false (dg_document_get_modified (doc));
  g_assert_true (dg_history_undo (history));
  g_assert_true (dg_history_get_modified (history));
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
  g_assert_true (dg_history_redo (history));
  g_assert_false (dg_history_get_modified (history));
  g_assert_false (dg_document_get_modified (doc));
  /* And redo gives back the renamed document, byte for byte. */
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, renamed);

  /* Undo, then a new edit: the saved state is out of reach. */
  g_assert_true (dg_history_undo (history));
  dg_history_set_company_field (history, a, "country", "US", &error);
  g_assert_false (dg_history_can_redo (history));
  g_assert_true (dg_history_get_modified (history));
  g_assert_true (dg_history_undo (history));
  g_assert_true (dg_history_get_modified (history));

  /* A change the history did not make (a layout run) also leaves the
   * saved state out of reach. */
  dg_history_mark_saved (history);
  dg_document_set_modified (doc, TRUE);
  g_assert_true (dg_history_get_modified (history));
}

static void
test_drag_merges (void)
{
  g_autoptr(DgDocument) doc = load (triangle);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *text = NULL;
  DgCompany *b = dg_document_lookup_company (doc, "b");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    g_assert_true (dg_history_move_company (history, b, 10.0 + i, 20.0 - i, TRUE, 7, &error));
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 1);
  g_assert_cmpfloat (dg_document_get_positions (doc)[1].x, ==, 29.0);
  /* Another drag is another step. */
  g_assert_true (dg_history_move_company (history, b, 0, 0, TRUE, 8, &error));
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 2);
  /* Out of the file's range: refused with the loader's words. */
  g_assert_false (dg_history_move_company (history, b, 2e6, 0, TRUE, 8, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "\"x\""));
  g_assert_cmpuint (dg_history_get_n_undo (history), ==, 2);

  dg_history_undo (history);
  g_assert_cmpfloat (dg_document_get_positions (doc)[1].x, ==, 29.0);
  dg_history_undo (history);
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
  g_assert_false (dg_document_get_modified (doc));
}

static void
test_make_id (void)
{
  g_autofree char *a = dg_make_id ("Amazon / AWS");
  g_autofree char *b = dg_make_id ("  Société Générale!! ");
  g_autofree char *c = dg_make_id ("???");

  g_assert_cmpstr (a, ==, "amazon-aws");
  g_assert_cmpstr (b, ==, "societe-generale");
  g_assert_cmpstr (c, ==, "item");
}

/* ---- random edits ------------------------------------------------------- */

static const char *
pick (GRand       *rand,
      const char **values,
      guint        n)
{
  return values[g_rand_int_range (rand, 0, (gint32) n)];
}

#define PICK(rand, array) pick ((rand), (array), G_N_ELEMENTS (array))

static const char *company_keys[] = {
  "name", "kind", "country", "valuation_usd", "valuation_as_of", "valuation_note", "description", "website",
};
static const char *deal_keys[] = {
  "kind", "amount_note", "announced", "term", "status", "status_note", "title", "description",
};

/* Good and bad values for every key; the bad ones must be refused. */
static const char *
random_value (GRand      *rand,
              const char *key)
{
  static const char *texts[] = { NULL, "", "Some text", "Zürich ✓", "line\nbreak", "\"quoted\"", "x" };
  static const char *dates[] = { NULL, "2025", "2025-09", "2024-02-29", "2025-02-29", "2025-13", "25-01-01", "soon" };
  static const char *urls[] = { NULL, "https://example.com/a?b=c", "HTTP://X.ORG", "ftp://example.com", "example.com" };
  static const char *amounts[] = { NULL, "0", "38e9", "1.5e11", "12345678901.25", "-1", "1e999", "abc", "0x10", " 5 " };
  static const char *company_kinds[] = { NULL, "ai-lab", "cloud", "chips", "investor", "something-new" };
  static const char *deal_kinds[] = { NULL, "investment", "cloud-lease", "chip-purchase", "barter" };
  static const char *statuses[] = { NULL, "rumoured", "signed", "completed", "cancelled", "maybe" };
  static const char *names[] = { "", "New Name", "A", "Ünïcode Co", "OpenAI" };

  if (strcmp (key, "name") == 0)
    return PICK (rand, names);
  if (g_str_has_suffix (key, "as_of") || strcmp (key, "announced") == 0)
    return PICK (rand, dates);
  if (strcmp (key, "website") == 0)
    return PICK (rand, urls);
  if (strcmp (key, "valuation_usd") == 0)
    return PICK (rand, amounts);
  if (strcmp (key, "status") == 0)
    return PICK (rand, statuses);
  if (strcmp (key, "kind") == 0)
    return g_rand_boolean (rand) ? PICK (rand, company_kinds) : PICK (rand, deal_kinds);
  return PICK (rand, texts);
}

static GPtrArray *
random_sources (GRand  *rand,
                DgDeal *deal)
{
  GPtrArray *old = dg_deal_get_sources (deal);
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_source_free);
  static const char *urls[] = { NULL, "https://news.example/1", "nonsense" };
  static const char *dates[] = { NULL, "2025-10-01", "2025-10-32" };

  for (guint i = 0; i < old->len; i++)
    g_ptr_array_add (sources, dg_source_copy (g_ptr_array_index (old, i)));
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:   /* add one */
      {
        DgSource *s = dg_source_new (g_rand_int_range (rand, 0, 8) == 0 ? NULL : "Reuters");

        s->url = g_strdup (PICK (rand, urls));
        s->date = g_strdup (PICK (rand, dates));
        g_ptr_array_add (sources, s);
      }
      break;
    case 1:   /* remove one */
      if (sources->len > 0)
        g_ptr_array_remove_index (sources, (guint) g_rand_int_range (rand, 0, (gint32) sources->len));
      break;
    case 2:   /* move the last first */
      if (sources->len > 1)
        {
          DgSource *last = g_ptr_array_steal_index (sources, sources->len - 1);

          g_ptr_array_insert (sources, 0, last);
        }
      break;
    default:  /* change a title */
      if (sources->len > 0)
        {
          DgSource *s = g_ptr_array_index (sources, 0);

          g_free (s->title);
          s->title = g_strdup_printf ("Title %u", g_rand_int (rand));
        }
    }
  return sources;
}

/* One random edit; returns whether it was refused. */
static gboolean
random_edit (GRand     *rand,
             DgHistory *history,
             guint     *drag)
{
  DgDocument *doc = dg_history_get_document (history);
  guint n = dg_document_get_n_companies (doc);
  guint m = dg_document_get_n_deals (doc);
  DgCompany *company = n > 0 ? dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n)) : NULL;
  DgDeal *deal = m > 0 ? dg_document_get_deal (doc, (guint) g_rand_int_range (rand, 0, (gint32) m)) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  int what = g_rand_int_range (rand, 0, 18);

  if (company == NULL)
    what = 5;
  else if (deal == NULL && (what == 1 || what == 2 || what == 3 || what == 8 || what == 11 || what == 12
                            || what == 14 || what == 16))
    what = 0;

  switch (what)
    {
    case 0:
      {
        const char *key = PICK (rand, company_keys);

        ok = dg_history_set_company_field (history, company, key, random_value (rand, key), &error);
      }
      break;
    case 1:
      {
        const char *key = PICK (rand, deal_keys);

        ok = dg_history_set_deal_field (history, deal, key, random_value (rand, key), &error);
      }
      break;
    case 2:
      {
        static const char *amounts[] = { NULL, "", "0", "1e9", "2.5e9", "-3", "7e10", "nan" };

        ok = dg_history_set_deal_amount (history, deal, PICK (rand, amounts), PICK (rand, amounts),
                                         PICK (rand, amounts), &error);
      }
      break;
    case 3:
      {
        g_autoptr(GPtrArray) sources = random_sources (rand, deal);

        ok = dg_history_set_deal_sources (history, deal, sources, &error);
      }
      break;
    case 4:
    case 5:
      {
        static const char *names[] = { "Nova", "Nova", "Amazon / AWS", "", "Ωmega", "A" };
        DgPosition position = { g_rand_double_range (rand, -500, 500), g_rand_double_range (rand, -500, 500),
                                g_rand_boolean (rand), g_rand_int_range (rand, 0, 4) != 0 };

        ok = dg_history_add_company (history, PICK (rand, names), random_value (rand, "kind"),
                                     &position, &error) != NULL;
      }
      break;
    case 6:
      {
        DgCompany *to = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));
        static const char *amounts[] = { NULL, "4e9", "-1" };

        ok = dg_history_add_deal (history, company, to, random_value (rand, "kind"), PICK (rand, amounts), &error) != NULL;
      }
      break;
    case 7:
      if (g_rand_int_range (rand, 0, 3) == 0)
        dg_history_delete_company (history, company);
      break;
    case 8:
      dg_history_delete_deal (history, deal);
      break;
    case 9:
      {
        double far = g_rand_int_range (rand, 0, 10) == 0 ? 5e6 : 300;

        if (g_rand_int_range (rand, 0, 3) == 0)
          (*drag)++;
        ok = dg_history_move_company (history, company, g_rand_double_range (rand, -far, far),
                                      g_rand_double_range (rand, -far, far), g_rand_boolean (rand), *drag, &error);
      }
      break;
    case 11:
      {
        DgCompany *from = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));

        if (g_rand_boolean (rand))
          ok = dg_history_set_deal_ends (history, deal, from, company, &error);
        else
          ok = dg_history_swap_deal (history, deal, &error);
      }
      break;
    case 12:
      {
        guint k = dg_deal_get_sources (deal)->len;

        guint i = (guint) g_rand_int_range (rand, 0, (gint32) k + 1);

        /* Sometimes past the end, to be refused. */
        if (g_rand_boolean (rand))
          ok = dg_history_move_deal_source (history, deal, i, (guint) g_rand_int_range (rand, 0, (gint32) k + 1),
                                            &error);
        else
          {
            static const char *publishers[] = { NULL, "Reuters", "Le Monde ✓" };
            static const char *dates[] = { NULL, "2025-10-01", "2025-10-32" };
            static const char *urls[] = { NULL, "https://news.example/2", "nonsense" };
            g_autoptr(DgSource) source = dg_source_new (PICK (rand, publishers));

            source->title = g_strdup (random_value (rand, "title"));
            source->date = g_strdup (PICK (rand, dates));
            source->url = g_strdup (PICK (rand, urls));
            ok = dg_history_set_deal_source (history, deal, i, source, &error);
          }
      }
      break;
    case 13:
      {
        DgCompany *other = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));
        const char *ids[] = { "", "fresh-id", "Ünï id", dg_company_get_id (other), "x" };

        ok = dg_history_set_company_id (history, company, PICK (rand, ids), &error);
      }
      break;
    case 14:
      {
        DgCompany *other = dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n));

        if (g_rand_int_range (rand, 0, 3) == 0)
          ok = dg_history_merge_companies (history, company, other, NULL, &error);
      }
      break;
    case 15:
      {
        /* A tour naming a few of what is there: the edits after it must
         * never leave it naming what is gone. */
        g_autoptr(DgTour) tour = dg_tour_new ();
        g_autoptr(GPtrArray) companies = g_ptr_array_new ();
        g_autoptr(GPtrArray) deals = g_ptr_array_new ();

        for (guint i = 0; i < 3 && i < n; i++)
          g_ptr_array_add (companies, (char *) dg_company_get_id (dg_document_get_company (doc, (guint) g_rand_int_range (rand, 0, (gint32) n))));
        for (guint i = 0; i < 3 && i < m; i++)
          g_ptr_array_add (deals, (char *) dg_deal_get_id (dg_document_get_deal (doc, (guint) g_rand_int_range (rand, 0, (gint32) m))));
        g_ptr_array_add (companies, NULL);
        g_ptr_array_add (deals, NULL);
        dg_tour_insert (tour, 0, dg_tour_slide_new_custom ("Mine", NULL, (const char * const *) companies->pdata,
                                                           (const char * const *) deals->pdata));
        if (m > 0)
          dg_tour_insert (tour, 1, dg_tour_slide_new (DG_TOUR_SLIDE_CYCLE, NULL, (const char * const *) deals->pdata));
        if (n > 0)
          dg_tour_insert (tour, 0, dg_tour_slide_new (DG_TOUR_SLIDE_COMPANY, (const char * const *) companies->pdata, NULL));
        dg_history_set_tour (history, tour);
      }
      break;
    case 16:
      {
        DgDeal *other = dg_document_get_deal (doc, (guint) g_rand_int_range (rand, 0, (gint32) m));
        const char *ids[] = { "", "fresh-deal", "Ünï deal", dg_deal_get_id (other), "d0", "x" };

        ok = dg_history_set_deal_id (history, deal, PICK (rand, ids), &error);
      }
      break;
    default:
      if (g_rand_boolean (rand))
        dg_history_undo (history);
      else
        dg_history_redo (history);
    }

  if (g_getenv ("DG_TEST_TRACE") != NULL)
    g_printerr ("op %d company %s deal %s -> %s undo %u redo %u\n", what, company ? dg_company_get_id (company) : "-",
                deal ? dg_deal_get_id (deal) : "-", ok ? "ok" : error->message,
                dg_history_get_n_undo (history), dg_history_get_n_redo (history));
  if (ok)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, DG_ERROR, DG_ERROR_INVALID_VALUE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) && error->message[0] != '\0');
    }
  return !ok;
}

/* One of the document's lists of names or ids, as a view would copy it. */
static GStrv
strings_now (DgDocument        *doc,
             DgDocumentStrings  which)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n = which == DG_DOCUMENT_DEAL_IDS ? dg_document_get_n_deals (doc) : dg_document_get_n_companies (doc);

  for (guint i = 0; i < n; i++)
    {
      if (which == DG_DOCUMENT_DEAL_IDS)
        g_strv_builder_add (b, dg_deal_get_id (dg_document_get_deal (doc, i)));
      else if (which == DG_DOCUMENT_COMPANY_IDS)
        g_strv_builder_add (b, dg_company_get_id (dg_document_get_company (doc, i)));
      else
        g_strv_builder_add (b, dg_company_get_name (dg_document_get_company (doc, i)));
    }
  return g_strv_builder_end (b);
}

/* A list whose serial did not change is the same list (what lets the
 * window's canvas keep its copy after an edit); one that changed has a
 * serial never seen before. */
static void
assert_strings_serials (DgDocument *doc,
                        GStrv       lists[3],
                        guint       serials[3],
                        GHashTable *seen)
{
  for (guint k = 0; k < 3; k++)
    {
      guint serial = dg_document_get_strings_serial (doc, (DgDocumentStrings) k);
      g_auto(GStrv) now = strings_now (doc, (DgDocumentStrings) k);

      if (serial == serials[k])
        g_assert_true (g_strv_equal ((const char * const *) now, (const char * const *) lists[k]));
      else
        {
          g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (serial)));
          g_hash_table_add (seen, GUINT_TO_POINTER (serial));
        }
      serials[k] = serial;
      g_strfreev (lists[k]);
      lists[k] = g_steal_pointer (&now);
    }
}

static void
run_random (const char *original_text,
            guint64     seed,
            guint       steps,
            guint      *refused_total)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) seed);
  g_autoptr(DgDocument) doc = load (original_text);
  g_autoptr(DgHistory) history = dg_history_new (doc);
  g_autofree char *original = save (doc);
  g_autofree char *edited = NULL;
  g_autofree char *text = NULL;
  g_autofree char *saved_text = NULL;
  guint drag = 1;
  GStrv lists[3] = { NULL, NULL, NULL };
  guint serials[3] = { 0, 0, 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  saved_text = g_strdup (original);
  assert_strings_serials (doc, lists, serials, seen);
  for (guint i = 0; i < steps; i++)
    {
      g_autofree char *before = save (doc);
      guint n_undo = dg_history_get_n_undo (history);
      guint n_redo = dg_history_get_n_redo (history);

      if (random_edit (rand, history, &drag))
        {
          g_autofree char *after = save (doc);

          /* Refused: nothing changed, not even the history. */
          g_assert_cmpstr (before, ==, after);
          g_assert_cmpuint (n_undo, ==, dg_history_get_n_undo (history));
          g_assert_cmpuint (n_redo, ==, dg_history_get_n_redo (history));
          (*refused_total)++;
        }
      assert_snapshot_fresh (doc);
      assert_strings_serials (doc, lists, serials, seen);
      assert_tour_whole (doc);
      g_assert_true (dg_history_get_modified (history) == dg_document_get_modified (doc));
      if (!dg_history_get_modified (history))
        {
          g_autofree char *now = save (doc);

          g_assert_cmpstr (now, ==, saved_text);
        }
      if (g_rand_int_range (rand, 0, 50) == 0)
        {
          dg_history_mark_saved (history);
          g_free (saved_text);
          saved_text = save (doc);
        }
    }

  /* Steps undone at the end count as edits made, for redo all. */
  while (dg_history_redo (history))
    ;
  edited = save (doc);
  while (dg_history_undo (history))
    ;
  text = save (doc);
  g_assert_cmpstr (text, ==, original);
  assert_snapshot_fresh (doc);
  while (dg_history_redo (history))
    ;
  g_free (text);
  text = save (doc);
  g_assert_cmpstr (text, ==, edited);
  assert_snapshot_fresh (doc);
  assert_strings_serials (doc, lists, serials, seen);
  for (guint k = 0; k < 3; k++)
    g_strfreev (lists[k]);
}

static void
test_random_dataset (void)
{
  g_autoptr(GBytes) bytes = dg_document_get_default_bytes ();
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  guint runs = g_test_slow () ? 40 : 10;
  guint refused = 0;

  for (guint r = 0; r < runs; r++)
    run_random (text, 1000 + r, 200, &refused);
  /* The bad values are there to be refused: make sure they were met. */
  g_assert_cmpuint (refused, >, runs * 10);
  g_test_message ("%u runs of 200 edits, %u refused", runs, refused);
}

/* A random file: companies and deals with every field or none, unknown
 * members in companies, deals, sources and positions. */
static char *
random_file (GRand *rand)
{
  GString *s = g_string_new ("{\"format\": \"dealgraph\", \"version\": 1, \"x-top\": {\"k\": [1, 2.50]},\n \"companies\": [");
  guint n = (guint) g_rand_int_range (rand, 1, 25);
  guint m = (guint) g_rand_int_range (rand, 0, 60);
  gboolean positions = g_rand_boolean (rand);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s, "%s\n  {\"id\": \"c%u\", \"name\": \"Company %u\"", i ? "," : "", i, i);
      if (g_rand_boolean (rand))
        g_string_append_printf (s, ", \"kind\": \"%s\"", dg_company_kind_to_string ((DgCompanyKind) g_rand_int_range (rand, 0, DG_N_COMPANY_KINDS)));
      if (g_rand_boolean (rand))
        g_string_append_printf (s, ", \"valuation_usd\": %u000000", g_rand_int (rand) % 100000);
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append (s, ", \"x-company\": {\"nested\": [true, null, 1e400]}");
      g_string_append (s, "}");
    }
  g_string_append (s, "],\n \"deals\": [");
  for (guint e = 0; e < m && n > 1; e++)
    {
      guint a = (guint) g_rand_int_range (rand, 0, (gint32) n);
      guint b = (a + 1 + (guint) g_rand_int_range (rand, 0, (gint32) n - 1)) % n;

      g_string_append_printf (s, "%s\n  {\"id\": \"d%u\", \"from\": \"c%u\", \"to\": \"c%u\"", e ? "," : "", e, a, b);
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0: g_string_append_printf (s, ", \"amount_usd\": %u", g_rand_int (rand)); break;
        case 1: g_string_append (s, ", \"amount_min_usd\": 1e9, \"amount_max_usd\": 3e9"); break;
        case 2: g_string_append (s, ", \"amount_usd\": null"); break;
        default: break;
        }
      if (g_rand_boolean (rand))
        g_string_append_printf (s, ", \"status\": \"%s\"", dg_deal_status_to_string ((DgDealStatus) g_rand_int_range (rand, 0, DG_N_DEAL_STATUSES)));
      if (g_rand_boolean (rand))
        g_string_append (s, ", \"announced\": \"2025-10\"");
      g_string_append (s, ", \"sources\": [{\"publisher\": \"P\", \"x-source\": 1}]");
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append (s, ", \"x-deal\": \"kept\"");
      g_string_append (s, "}");
    }
  g_string_append (s, "]");
  if (positions)
    {
      g_string_append (s, ",\n \"layout\": {\"algorithm\": \"force\", \"positions\": {");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s\"c%u\": {\"x\": %d, \"y\": %d%s}", i ? ", " : "", i,
                                g_rand_int_range (rand, -900, 900), g_rand_int_range (rand, -900, 900),
                                i % 3 == 0 ? ", \"x-pos\": [1]" : "");
      g_string_append (s, "}}");
    }
  g_string_append (s, "}\n");
  return g_string_free (s, FALSE);
}

static void
test_random_documents (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint runs = g_test_slow () ? 200 : 50;
  guint refused = 0;

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *file = random_file (rand);

      run_random (file, 5000 + r, 100, &refused);
    }
  g_assert_cmpuint (refused, >, runs * 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dealgraph/edits/setters-invalidate", test_setters_invalidate);
  g_test_add_func ("/dealgraph/edits/signals", test_signals);
  g_test_add_func ("/dealgraph/edits/remove-named-company", test_remove_named_company);
  g_test_add_func ("/dealgraph/edits/refused-like-loader", test_refused_like_loader);
  g_test_add_func ("/dealgraph/history/undo-redo-modified", test_undo_redo_modified);
  g_test_add_func ("/dealgraph/history/outside-change-time", test_outside_change_time);
  g_test_add_func ("/dealgraph/history/drag-merges", test_drag_merges);
  g_test_add_func ("/dealgraph/history/make-id", test_make_id);
  g_test_add_func ("/dealgraph/history/deal-ends", test_deal_ends);
  g_test_add_func ("/dealgraph/history/company-id", test_company_id);
  g_test_add_func ("/dealgraph/history/deal-id", test_deal_id);
  g_test_add_func ("/dealgraph/history/deal-id-dataset", test_deal_id_dataset);
  g_test_add_func ("/dealgraph/history/provisional-id", test_provisional_id);
  g_test_add_func ("/dealgraph/history/merge", test_merge);
  g_test_add_func ("/dealgraph/history/delete-keeps-tour-whole", test_delete_keeps_tour_whole);
  g_test_add_func ("/dealgraph/history/move-source-citations", test_move_source_citations);
  g_test_add_func ("/dealgraph/history/tour-edits", test_tour_edits);
  g_test_add_func ("/dealgraph/history/tour-odd-members", test_tour_odd_members);
  g_test_add_func ("/dealgraph/history/random-dataset", test_random_dataset);
  g_test_add_func ("/dealgraph/history/random-documents", test_random_documents);

  return g_test_run ();
}
