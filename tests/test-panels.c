/* test-panels.c: the company, deal and cycle side panels show the right
 * figures and rows, and their rows and buttons emit the right indices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: CI runs it under xvfb-run. Without one, every case is
 * skipped rather than failed, so a headless `meson test` stays green.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "dg-analysis.h"
#include "dg-company-panel.h"
#include "dg-cycle-panel.h"
#include "dg-deal-panel.h"
#include "dg-deal-state.h"
#include "dg-loader.h"
#include "dg-panel-util-private.h"
#include "dg-story.h"
#include "dg-summary.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY()                      \
  G_STMT_START {                                    \
    if (!have_display)                              \
      {                                             \
        g_test_skip ("No display: run under xvfb-run"); \
        return;                                     \
      }                                             \
  } G_STMT_END

typedef struct
{
  DgDocument *doc;
  DgAnalysis *analysis;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;
  {
    /* The 2025 network (the embedded one until issue 17): these tests read
     * its facts. The shipped network's histories are tested in
     * test_deal_history(). */
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "ai-deals-2025.dealgraph.json",
                                                   NULL);
    g_autofree char *text = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (path, &text, &length, &error));
    f->doc = dg_document_load_from_data (text, length, NULL, &error);
  }
  g_assert_no_error (error);
  f->analysis = dg_analysis_new (dg_document_get_graph (f->doc), NULL);
  g_assert_nonnull (f->analysis);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->analysis, dg_analysis_unref);
  /* The panels are gone by now: they must have let go of the document. */
  if (f->doc != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->doc));
}

/* ---- Walking the widget tree ---- */

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The visible label texts under @widget, in order. */
static GPtrArray *
visible_texts (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new ();

  collect_labels (widget, texts);
  return texts;
}

static gboolean
shows (GtkWidget  *widget,
       const char *text)
{
  g_autoptr(GPtrArray) texts = visible_texts (widget);

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

#define assert_shows(widget, text)                                       \
  G_STMT_START {                                                         \
    if (!shows (GTK_WIDGET (widget), (text)))                            \
      {                                                                  \
        g_autoptr(GPtrArray) _t = visible_texts (GTK_WIDGET (widget));   \
        for (guint _i = 0; _i < _t->len; _i++)                           \
          g_test_message ("shown: %s", (char *) g_ptr_array_index (_t, _i)); \
        g_error ("panel does not show “%s”", (text));                    \
      }                                                                  \
  } G_STMT_END

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, found);
}

static GPtrArray *
find_all (GtkWidget *widget,
          GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_type (widget, type, found);
  return found;
}

static GPtrArray *
rows_of (GtkWidget  *panel,
         const char *list_name)
{
  GtkWidget *list = find_named (panel, list_name);
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  g_assert_true (GTK_IS_LIST_BOX (list));
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      g_ptr_array_add (rows, child);
  return rows;
}

/* The row's main text: its first label that is not a leading sign. */
static const char *
row_title (GtkWidget *row)
{
  g_autoptr(GPtrArray) labels = find_all (row, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (!gtk_widget_has_css_class (g_ptr_array_index (labels, i), "dg-leading"))
      return gtk_label_get_text (g_ptr_array_index (labels, i));
  return NULL;
}

static gboolean
row_has_class (GtkWidget  *row,
               const char *css_class)
{
  g_autoptr(GPtrArray) all = find_all (row, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (all, i), css_class))
      return TRUE;
  return FALSE;
}

/* Long cycle lists start short with a "Show All" row; activating it lists
 * them all. Returns the cycle rows. */
static GPtrArray *
all_cycle_rows (GtkWidget *panel,
                guint      n_expected)
{
  GPtrArray *rows = rows_of (panel, "cycles");
  GtkWidget *last;

  if (n_expected <= DG_PANEL_FEW_CYCLES + 2)
    {
      for (guint i = 0; i < rows->len; i++)
        g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "dg-show-all-row"));
      return rows;
    }

  g_assert_cmpuint (rows->len, ==, DG_PANEL_FEW_CYCLES + 1);
  last = g_ptr_array_index (rows, rows->len - 1);
  g_assert_true (gtk_widget_has_css_class (last, "dg-show-all-row"));
  gtk_widget_activate (last);
  g_ptr_array_unref (rows);

  rows = rows_of (panel, "cycles");
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "dg-show-all-row"));
  return rows;
}

/* ---- Signals ---- */

typedef struct
{
  guint count;
  guint last;
} Emitted;

static void
record_index (GtkWidget *panel,
              guint      index,
              Emitted   *emitted)
{
  emitted->count++;
  emitted->last = index;
}

/* Activates @row as a click or Enter would, and returns the index the
 * panel emitted for it, or G_MAXUINT when it emitted nothing. */
static guint
activate_row (GtkWidget *row,
              Emitted   *emitted)
{
  guint before = emitted->count;

  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gtk_widget_activate (row);
  if (emitted->count == before)
    return G_MAXUINT;
  g_assert_cmpuint (emitted->count, ==, before + 1);
  return emitted->last;
}

/* ---- Showing panels in a real window ---- */

static void
show_in_window (GtkWidget *panel)
{
  GtkWidget *window = gtk_window_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 900);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  /* Map and lay out, so any GTK warning from sizing or styling the panel
   * (fatal under G_DEBUG=fatal-warnings) shows up here. */
  while (!gtk_widget_get_mapped (panel) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_cmpint (gtk_widget_get_width (panel), >, 0);
}

static void
close_window (GtkWidget *panel)
{
  GtkRoot *root = gtk_widget_get_root (panel);

  /* Take the panel out first so the caller's reference is the last one. */
  gtk_window_set_child (GTK_WINDOW (root), NULL);
  gtk_window_destroy (GTK_WINDOW (root));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint
company_index (DgDocument *doc,
               const char *id)
{
  DgCompany *c = dg_document_lookup_company (doc, id);

  g_assert_nonnull (c);
  return dg_company_get_index (c);
}

static guint
deal_index (DgDocument *doc,
            const char *id)
{
  DgDeal *d = dg_document_lookup_deal (doc, id);

  g_assert_nonnull (d);
  return dg_deal_get_index (d);
}

/* Money totals as a reader would add them up from the file: exact amounts
 * and both ends of ranges; undisclosed deals counted, not added. */
typedef struct
{
  double low;
  double high;
  guint n_unknown;
  guint n;
} Total;

static void
total_add (Total          *t,
           const DgAmount *a)
{
  t->n++;
  if (a->kind == DG_AMOUNT_EXACT)
    {
      t->low += a->value;
      t->high += a->value;
    }
  else if (a->kind == DG_AMOUNT_RANGE)
    {
      t->low += a->min;
      t->high += a->max;
    }
  else
    t->n_unknown++;
}

static char *
total_text (const Total *t)
{
  DgAmount a = { DG_AMOUNT_RANGE, t->high, t->low, t->high };

  if (t->low == t->high)
    a = (DgAmount) { DG_AMOUNT_EXACT, t->high, t->high, t->high };
  return dg_amount_format (&a);
}

static gboolean
cycle_has_company (DgAnalysis *analysis,
                   guint       cycle,
                   guint       company)
{
  guint n = 0;
  const guint *companies = dg_analysis_get_cycle_companies (analysis, cycle, &n);

  for (guint i = 0; i < n; i++)
    if (companies[i] == company)
      return TRUE;
  return FALSE;
}

static gboolean
cycle_has_deal (DgAnalysis *analysis,
                guint       cycle,
                guint       deal)
{
  guint n = 0;
  const guint *deals = dg_analysis_get_cycle_deals (analysis, cycle, &n);

  for (guint i = 0; i < n; i++)
    if (deals[i] == deal)
      return TRUE;
  return FALSE;
}

/* ---- Company panel ---- */

static void
check_deal_rows (Fixture    *f,
                 GtkWidget  *panel,
                 const char *list_name,
                 guint       company,
                 gboolean    outgoing,
                 Emitted    *emitted)
{
  g_autoptr(GPtrArray) rows = rows_of (panel, list_name);
  g_autoptr(GHashTable) expected = g_hash_table_new (NULL, NULL);
  guint n_deals = dg_document_get_n_deals (f->doc);

  /* Independently of the panel: every deal of the company, from the model. */
  for (guint d = 0; d < n_deals; d++)
    {
      DgDeal *deal = dg_document_get_deal (f->doc, d);

      if ((outgoing ? dg_deal_get_from_index (deal) : dg_deal_get_to_index (deal)) == company)
        g_hash_table_add (expected, GUINT_TO_POINTER (d));
    }
  g_assert_cmpuint (g_hash_table_size (expected), >, 0);
  g_assert_cmpuint (rows->len, ==, g_hash_table_size (expected));

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      guint deal = activate_row (row, emitted);
      DgDeal *d;
      guint other;

      g_assert_true (g_hash_table_remove (expected, GUINT_TO_POINTER (deal)));
      d = dg_document_get_deal (f->doc, deal);
      other = outgoing ? dg_deal_get_to_index (d) : dg_deal_get_from_index (d);
      /* The row names the other end of the deal... */
      g_assert_cmpstr (row_title (row), ==, dg_company_get_name (dg_document_get_company (f->doc, other)));
      /* ...and carries the cycle tag exactly when the deal is cyclic. */
      g_assert_cmpint (row_has_class (row, "dg-cyclic-marker"), ==, f->analysis->edge_cyclic[deal] != 0);
      if (dg_deal_get_amount (d)->kind != DG_AMOUNT_UNDISCLOSED)
        {
          g_autofree char *amount = dg_amount_format (dg_deal_get_amount (d));

          assert_shows (row, amount);
        }
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
}

static void
test_company_panel (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *panel;
  guint openai;
  Total out = { 0 };
  Total in = { 0 };
  g_autofree char *out_text = NULL;
  g_autofree char *in_text = NULL;
  g_autofree char *plus_out = NULL;
  g_autofree char *plus_in = NULL;
  g_autofree char *out_share = NULL;
  g_autoptr(GPtrArray) cycle_rows = NULL;
  g_autoptr(GHashTable) expected_cycles = g_hash_table_new (NULL, NULL);
  Emitted deals = { 0 };
  Emitted cycles = { 0 };
  const DgCompanyShare *share;

  SKIP_WITHOUT_DISPLAY ();

  openai = company_index (f->doc, "openai");
  panel = g_object_ref_sink (dg_company_panel_new ());
  g_signal_connect (panel, "deal-activated", G_CALLBACK (record_index), &deals);
  g_signal_connect (panel, "cycle-activated", G_CALLBACK (record_index), &cycles);
  show_in_window (panel);

  dg_company_panel_set_company (DG_COMPANY_PANEL (panel), f->doc, f->analysis, openai);
  g_assert_cmpuint (dg_company_panel_get_company (DG_COMPANY_PANEL (panel)), ==, openai);

  assert_shows (panel, "OpenAI");
  assert_shows (panel, "AI lab");
  assert_shows (panel, "$500B");
  assert_shows (panel, "As of October 2, 2025");
  assert_shows (panel, "US");
  assert_shows (panel, "openai.com");
  assert_shows (panel, dg_company_get_valuation_note (dg_document_get_company (f->doc, openai)));
  assert_shows (panel, dg_company_get_description (dg_document_get_company (f->doc, openai)));

  /* The website is a link to the real address. */
  {
    g_autoptr(GPtrArray) links = find_all (panel, GTK_TYPE_LINK_BUTTON);

    g_assert_cmpuint (links->len, ==, 1);
    g_assert_cmpstr (gtk_link_button_get_uri (g_ptr_array_index (links, 0)), ==, "https://openai.com");
  }

  /* Money out and in, added up here from the model. */
  for (guint d = 0; d < dg_document_get_n_deals (f->doc); d++)
    {
      DgDeal *deal = dg_document_get_deal (f->doc, d);

      if (dg_deal_get_from_index (deal) == openai)
        total_add (&out, dg_deal_get_amount (deal));
      if (dg_deal_get_to_index (deal) == openai)
        total_add (&in, dg_deal_get_amount (deal));
    }
  out_text = total_text (&out);
  in_text = total_text (&in);
  /* The embedded dataset as of this writing: $623.25B–$629.75B out with 7
   * undisclosed, $89B–$251B in with 4 undisclosed. */
  g_assert_cmpuint (out.n_unknown, >, 0);
  g_assert_cmpuint (in.n_unknown, >, 0);
  g_assert_cmpfloat (out.low, <, out.high);
  /* Undisclosed deals could add to both totals: they say so ("or more"
   * after a range, "at least" before a single figure). */
  {
    g_autofree char *at_least_out = out.low == out.high ? g_strdup_printf ("at least %s", out_text)
                                                        : g_strdup_printf ("%s or more", out_text);
    g_autofree char *at_least_in = in.low == in.high ? g_strdup_printf ("at least %s", in_text)
                                                     : g_strdup_printf ("%s or more", in_text);

    assert_shows (panel, at_least_out);
    assert_shows (panel, at_least_in);
  }
  plus_out = g_strdup_printf ("Plus %u undisclosed deals", out.n_unknown);
  plus_in = g_strdup_printf ("Plus %u undisclosed deals", in.n_unknown);
  assert_shows (panel, plus_out);
  assert_shows (panel, plus_in);
  {
    /* Net: least in minus most out, to most in minus least out. OpenAI pays
     * out far more than it takes in, so both ends are negative. */
    g_autofree char *lo = dg_format_money (out.high - in.low);
    g_autofree char *hi = dg_format_money (out.low - in.high);
    /* Undisclosed deals on both sides could move it either way. */
    g_autofree char *net = g_strdup_printf ("−%s to −%s of the disclosed amounts", lo, hi);

    g_assert_cmpfloat (in.high, <, out.low);
    assert_shows (panel, net);
  }

  /* Round-trip shares and their caveat. */
  share = &f->analysis->company_share[openai];
  out_share = dg_analysis_format_share_bounded (share->out_share_low, share->out_share_high,
                                                dg_company_share_out_bound (share));
  assert_shows (panel, out_share);
  /* OpenAI has undisclosed deals of its own going out: the share could
   * move either way. */
  g_assert_cmpuint (share->n_out_unknown, >, 0);
  g_assert_true (g_str_has_suffix (out_share, " of the disclosed amounts"));
  assert_shows (panel, "Amounts mix one-off payments with multi-year contracts; shares show what could come back, not what did.");

  /* Its deals, out and in: one row each, activating emits the deal. */
  check_deal_rows (f, panel, "deals-out", openai, TRUE, &deals);
  check_deal_rows (f, panel, "deals-in", openai, FALSE, &deals);
  g_assert_cmpuint (cycles.count, ==, 0);

  /* The routes it sits on: a row each, opening the route's largest cycle
   * through it; written from the route's first company, as everywhere. */
  for (guint c = 0; c < f->analysis->n_cycles; c++)
    if (cycle_has_company (f->analysis, c, openai))
      g_hash_table_add (expected_cycles, GUINT_TO_POINTER (dg_analysis_get_cycle_route (f->analysis, c)));
  g_assert_cmpuint (g_hash_table_size (expected_cycles), >, DG_PANEL_FEW_CYCLES + 2);
  cycle_rows = all_cycle_rows (panel, g_hash_table_size (expected_cycles));
  g_assert_cmpuint (cycles.count, ==, 0);
  g_assert_cmpuint (cycle_rows->len, ==, g_hash_table_size (expected_cycles));
  for (guint i = 0; i < cycle_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (cycle_rows, i);
      guint cycle = activate_row (row, &cycles);
      guint route = dg_analysis_get_cycle_route (f->analysis, cycle);
      g_autoptr(DgCycleSummary) summary = dg_cycle_summary_new_route (f->doc, f->analysis, route);
      guint n_route = 0;
      const guint *route_cycles = dg_analysis_get_route_cycles (f->analysis, route, &n_route);

      g_assert_true (g_hash_table_remove (expected_cycles, GUINT_TO_POINTER (route)));
      g_assert_cmpuint (cycle, ==, route_cycles[0]);
      assert_shows (row, summary->round_trip_text);
      g_assert_cmpstr (row_title (row), ==, summary->chain);
      g_assert_true (cycle_has_company (f->analysis, cycle, openai));
    }
  g_assert_cmpuint (g_hash_table_size (expected_cycles), ==, 0);

  /* A company on no cycle says so and lists none. */
  dg_company_panel_set_company (DG_COMPANY_PANEL (panel), f->doc, f->analysis, company_index (f->doc, "etsy"));
  assert_shows (panel, "Etsy");
  assert_shows (panel, "Not on any cycle: none of the money it pays out can come back to it.");
  g_assert_false (gtk_widget_is_visible (find_named (panel, "cycles")));
  g_assert_false (gtk_widget_is_visible (find_named (panel, "deals-in")));
  assert_shows (panel, "None");

  close_window (panel);
  g_assert_finalize_object (panel);
}

static void
test_company_panel_without_analysis (Fixture       *f,
                                     gconstpointer  data)
{
  GtkWidget *panel;
  g_autoptr(GPtrArray) links = NULL;
  guint softbank;
  Emitted deals = { 0 };

  SKIP_WITHOUT_DISPLAY ();

  softbank = company_index (f->doc, "softbank");
  panel = g_object_ref_sink (dg_company_panel_new ());
  g_signal_connect (panel, "deal-activated", G_CALLBACK (record_index), &deals);
  show_in_window (panel);
  dg_company_panel_set_company (DG_COMPANY_PANEL (panel), f->doc, NULL, softbank);

  assert_shows (panel, "SoftBank Group");
  /* No valuation in the file, but a note: say it is unknown, show the note. */
  assert_shows (panel, "Unknown");
  assert_shows (panel, dg_company_get_valuation_note (dg_document_get_company (f->doc, softbank)));
  /* Without an analysis there is nothing to say about cycles or shares. */
  g_assert_false (shows (panel, "Cycles"));
  g_assert_false (shows (panel, "Out share"));
  g_assert_false (row_has_class (panel, "dg-cyclic-marker"));
  check_deal_rows (f, panel, "deals-out", softbank, TRUE, &deals);

  links = find_all (panel, GTK_TYPE_LINK_BUTTON);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (gtk_link_button_get_uri (g_ptr_array_index (links, 0)), ==, "https://group.softbank/en");

  close_window (panel);
  g_assert_finalize_object (panel);
}

/* ---- Deal panel ---- */

static void
test_deal_panel (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *panel;
  guint deal;
  DgDeal *d;
  GPtrArray *sources;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  g_autoptr(GPtrArray) cycle_rows = NULL;
  g_autoptr(GHashTable) expected_cycles = g_hash_table_new (NULL, NULL);
  Emitted companies = { 0 };
  Emitted cycles = { 0 };
  guint n_party_buttons = 0;
  g_autofree char *share = NULL;

  SKIP_WITHOUT_DISPLAY ();

  deal = deal_index (f->doc, "openai-aws-38b");
  d = dg_document_get_deal (f->doc, deal);
  panel = g_object_ref_sink (dg_deal_panel_new ());
  g_signal_connect (panel, "company-activated", G_CALLBACK (record_index), &companies);
  g_signal_connect (panel, "cycle-activated", G_CALLBACK (record_index), &cycles);
  show_in_window (panel);

  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), f->doc, f->analysis, deal);
  g_assert_cmpuint (dg_deal_panel_get_deal (DG_DEAL_PANEL (panel)), ==, deal);

  assert_shows (panel, "$38B");
  assert_shows (panel, "OpenAI rents $38B of AWS capacity");
  assert_shows (panel, "Cloud lease");
  assert_shows (panel, "Signed");
  assert_shows (panel, "November 3, 2025");
  assert_shows (panel, "7 yrs; all capacity by end-2026");
  assert_shows (panel, dg_deal_get_description (d));

  /* Payer and payee are buttons that open the company. */
  buttons = find_all (panel, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (!gtk_widget_has_css_class (button, "dg-party"))
        continue;
      n_party_buttons++;
      /* A button activates as a keypress would: it shows itself pressed
       * for a moment, then clicks. */
      gtk_widget_activate (button);
      {
        gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

        while (companies.count < n_party_buttons && g_get_monotonic_time () < deadline)
          g_main_context_iteration (NULL, TRUE);
      }
      g_assert_cmpuint (companies.count, ==, n_party_buttons);
      if (n_party_buttons == 1)
        {
          assert_shows (button, "OpenAI");
          g_assert_cmpuint (companies.last, ==, company_index (f->doc, "openai"));
        }
      else
        {
          assert_shows (button, "Amazon / AWS");
          g_assert_cmpuint (companies.last, ==, company_index (f->doc, "amazon"));
        }
    }
  g_assert_cmpuint (n_party_buttons, ==, 2);

  /* Every source, in order, as a link to its address. */
  sources = dg_deal_get_sources (d);
  g_assert_cmpuint (sources->len, ==, 3);
  links = find_all (find_named (panel, "sources"), GTK_TYPE_LINK_BUTTON);
  g_assert_cmpuint (links->len, ==, sources->len);
  for (guint i = 0; i < sources->len; i++)
    {
      DgSource *source = g_ptr_array_index (sources, i);
      GtkWidget *link = g_ptr_array_index (links, i);

      g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, source->url);
      assert_shows (panel, source->publisher);
      if (source->title != NULL)
        assert_shows (link, source->title);
      if (source->via != NULL)
        {
          g_autofree char *via = g_strdup_printf ("via %s", source->via);

          assert_shows (panel, via);
        }
    }

  /* Its round-trip share, with the caveat. */
  share = dg_analysis_format_share (f->analysis->deal_share[deal].share_low,
                                    f->analysis->deal_share[deal].share_high,
                                    f->analysis->deal_share[deal].n_unknown);
  assert_shows (panel, share);
  assert_shows (panel, "Amounts mix one-off payments with multi-year contracts; shares show what could come back, not what did.");

  /* The routes it lies on, each row opening a cycle along the deal. */
  for (guint c = 0; c < f->analysis->n_cycles; c++)
    if (cycle_has_deal (f->analysis, c, deal))
      g_hash_table_add (expected_cycles, GUINT_TO_POINTER (dg_analysis_get_cycle_route (f->analysis, c)));
  g_assert_cmpuint (g_hash_table_size (expected_cycles), >, 0);
  cycle_rows = all_cycle_rows (panel, g_hash_table_size (expected_cycles));
  g_assert_cmpuint (cycle_rows->len, ==, g_hash_table_size (expected_cycles));
  for (guint i = 0; i < cycle_rows->len; i++)
    {
      guint cycle = activate_row (g_ptr_array_index (cycle_rows, i), &cycles);

      g_assert_true (cycle_has_deal (f->analysis, cycle, deal));
      g_assert_true (g_hash_table_remove (expected_cycles,
                                          GUINT_TO_POINTER (dg_analysis_get_cycle_route (f->analysis, cycle))));
    }
  g_assert_cmpuint (cycles.count, ==, cycle_rows->len);

  /* Other amounts: a range, and an undisclosed one with its note. */
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), f->doc, f->analysis, deal_index (f->doc, "msft-nebius"));
  assert_shows (panel, "$17.4B–$19.4B");
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), f->doc, f->analysis, deal_index (f->doc, "openai-nvda-10gw"));
  assert_shows (panel, "Undisclosed");
  assert_shows (panel, dg_deal_get_amount_note (dg_document_get_deal (f->doc, deal_index (f->doc, "openai-nvda-10gw"))));
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), f->doc, f->analysis, deal_index (f->doc, "nvda-openai-loi"));
  assert_shows (panel, "up to $100B");
  assert_shows (panel, "Letter of intent");

  close_window (panel);
  g_assert_finalize_object (panel);
}

/* ---- Cycle panel ---- */

static void
check_cycle (Fixture   *f,
             GtkWidget *panel,
             guint      cycle)
{
  g_autofree char *story = dg_story_for_cycle (f->doc, f->analysis, cycle);
  g_autoptr(GPtrArray) rows = NULL;
  Emitted companies = { 0 };
  Emitted deals = { 0 };
  Emitted others = { 0 };
  guint n = 0;
  const guint *cycle_deals = dg_analysis_get_cycle_deals (f->analysis, cycle, &n);
  guint route = dg_analysis_get_cycle_route (f->analysis, cycle);
  g_autoptr(DgCycleSummary) summary = dg_cycle_summary_new_route (f->doc, f->analysis, route);
  gulong h1, h2, h3;

  h1 = g_signal_connect (panel, "company-activated", G_CALLBACK (record_index), &companies);
  h2 = g_signal_connect (panel, "deal-activated", G_CALLBACK (record_index), &deals);
  h3 = g_signal_connect (panel, "cycle-activated", G_CALLBACK (record_index), &others);

  dg_cycle_panel_set_cycle (DG_CYCLE_PANEL (panel), f->doc, f->analysis, cycle);
  g_assert_cmpuint (dg_cycle_panel_get_cycle (DG_CYCLE_PANEL (panel)), ==, cycle);

  assert_shows (panel, story);
  assert_shows (panel, summary->chain);
  /* The route's round trip: with parallel deals, over all of them. */
  assert_shows (panel, summary->round_trip_text);

  /* Company, deal, company, ... back to the first company: in order, each
   * row opening what it names. */
  rows = rows_of (panel, "steps");
  g_assert_cmpuint (rows->len, ==, 2 * n + 1);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      DgDeal *deal = dg_document_get_deal (f->doc, cycle_deals[(i / 2) % n]);

      if (i % 2 == 0)
        {
          guint company = activate_row (row, &companies);

          g_assert_cmpuint (company, ==, dg_deal_get_from_index (deal));
          g_assert_cmpstr (row_title (row), ==, dg_company_get_name (dg_document_get_company (f->doc, company)));
        }
      else
        g_assert_cmpuint (activate_row (row, &deals), ==, dg_deal_get_index (deal));
    }
  g_assert_cmpuint (companies.count, ==, n + 1);
  g_assert_cmpuint (deals.count, ==, n);

  /* The other combinations of deals on the route open their cycles; the
   * one shown does not. */
  if (summary->n_combinations > 1)
    {
      g_autoptr(GPtrArray) combos = rows_of (panel, "combinations");
      guint n_open = 0;

      g_assert_true (gtk_widget_is_visible (find_named (panel, "combinations")));
      g_assert_cmpuint (combos->len, ==, summary->n_cycles);
      for (guint i = 0; i < combos->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (combos, i);

          if (summary->cycles[i] == cycle)
            {
              g_assert_true (gtk_widget_has_css_class (row, "dg-current"));
              continue;
            }
          g_assert_cmpuint (activate_row (row, &others), ==, summary->cycles[i]);
          n_open++;
        }
      g_assert_cmpuint (n_open, ==, summary->n_cycles - 1);
    }
  else
    g_assert_false (gtk_widget_is_visible (find_named (panel, "combinations")));

  g_signal_handler_disconnect (panel, h1);
  g_signal_handler_disconnect (panel, h2);
  g_signal_handler_disconnect (panel, h3);
}

static void
test_cycle_panel (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *panel;
  const char *ids[] = { "openai-aws-38b", "amazon-openai-10b" };
  guint amazon_cycle = G_MAXUINT;
  guint several = G_MAXUINT;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpuint (f->analysis->n_cycles, >, 0);
  panel = g_object_ref_sink (dg_cycle_panel_new ());
  show_in_window (panel);

  /* The largest cycle, and the one the design names. */
  check_cycle (f, panel, 0);
  for (guint c = 0; c < f->analysis->n_cycles && amazon_cycle == G_MAXUINT; c++)
    {
      guint n = 0;

      dg_analysis_get_cycle_deals (f->analysis, c, &n);
      if (n == 2 && cycle_has_deal (f->analysis, c, deal_index (f->doc, ids[0])) &&
          cycle_has_deal (f->analysis, c, deal_index (f->doc, ids[1])))
        amazon_cycle = c;
    }
  g_assert_cmpuint (amazon_cycle, !=, G_MAXUINT);
  check_cycle (f, panel, amazon_cycle);
  assert_shows (panel, "Amazon / AWS may invest $10B in OpenAI; "
                       "OpenAI has committed $38B to cloud capacity from Amazon / AWS over 7 years.");
  assert_shows (panel, "Amazon / AWS → OpenAI → Amazon / AWS");
  assert_shows (panel, "$10B");
  assert_shows (panel, "Cycle of 2 deals");

  /* A cycle with an undisclosed deal has an unknown round trip. */
  check_cycle (f, panel, f->analysis->n_cycles - 1);
  g_assert_cmpint (dg_analysis_get_cycle_amount (f->analysis, f->analysis->n_cycles - 1)->kind, ==, DG_AMOUNT_UNDISCLOSED);

  /* A route of several combinations: the route first, each combination
   * listed. */
  for (guint r = 0; r < f->analysis->n_routes && several == G_MAXUINT; r++)
    {
      guint n = 0;
      const guint *cycles = dg_analysis_get_route_cycles (f->analysis, r, &n);

      if (n > 2)
        several = cycles[1];
    }
  g_assert_cmpuint (several, !=, G_MAXUINT);
  check_cycle (f, panel, several);

  close_window (panel);
  g_assert_finalize_object (panel);
}

/* ---- Untrusted text ---- */

static void
test_untrusted_text (void)
{
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(DgCompany) a = dg_company_new ("a", "<b>Bold</b> & <i>co</i>");
  g_autoptr(DgCompany) b = dg_company_new ("b", "B &amp; B");
  g_autoptr(DgDeal) deal = dg_deal_new ("d", "a", "b");
  DgSource *web;
  DgSource *local;
  DgAmount amount = { DG_AMOUNT_EXACT, 1e9, 1e9, 1e9 };
  GtkWidget *company_panel;
  GtkWidget *deal_panel;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) links = NULL;

  SKIP_WITHOUT_DISPLAY ();

  doc = dg_document_new ();
  web = dg_source_new ("<span foreground='red'>Pub</span>");
  local = dg_source_new ("Local");
  dg_company_set_website (a, "javascript:alert(1)");
  dg_company_set_description (a, "<a href='file:///etc/passwd'>click</a>");
  g_assert_true (dg_document_add_company (doc, a));
  g_assert_true (dg_document_add_company (doc, b));
  dg_deal_set_amount (deal, &amount);
  dg_deal_set_title (deal, "<big>Title</big>");
  web->url = g_strdup ("https://example.com/a?b=<c>&d=\"e\"");
  web->title = g_strdup ("<u>Story</u>");
  local->url = g_strdup ("file:///etc/passwd");
  local->title = g_strdup ("Local file");
  dg_deal_add_source (deal, web);
  dg_deal_add_source (deal, local);
  g_assert_true (dg_document_add_deal (doc, deal));

  company_panel = g_object_ref_sink (dg_company_panel_new ());
  dg_company_panel_set_company (DG_COMPANY_PANEL (company_panel), doc, NULL, 0);
  assert_shows (company_panel, "<b>Bold</b> & <i>co</i>");
  assert_shows (company_panel, "<a href='file:///etc/passwd'>click</a>");
  /* Not a web link: shown as text, never as a link. */
  assert_shows (company_panel, "javascript:alert(1)");
  links = find_all (company_panel, GTK_TYPE_LINK_BUTTON);
  g_assert_cmpuint (links->len, ==, 0);
  g_clear_pointer (&links, g_ptr_array_unref);

  labels = find_all (company_panel, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_label_get_use_markup (g_ptr_array_index (labels, i)));
  g_clear_pointer (&labels, g_ptr_array_unref);

  deal_panel = g_object_ref_sink (dg_deal_panel_new ());
  dg_deal_panel_set_deal (DG_DEAL_PANEL (deal_panel), doc, NULL, 0);
  assert_shows (deal_panel, "<big>Title</big>");
  assert_shows (deal_panel, "<b>Bold</b> & <i>co</i>");
  assert_shows (deal_panel, "B &amp; B");
  assert_shows (deal_panel, "<span foreground='red'>Pub</span>");
  assert_shows (deal_panel, "<u>Story</u>");
  assert_shows (deal_panel, "file:///etc/passwd");
  /* Only the https source is a link, to exactly its address. */
  links = find_all (deal_panel, GTK_TYPE_LINK_BUTTON);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (gtk_link_button_get_uri (g_ptr_array_index (links, 0)), ==, "https://example.com/a?b=<c>&d=\"e\"");
  labels = find_all (deal_panel, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_label_get_use_markup (g_ptr_array_index (labels, i)));

  g_assert_finalize_object (company_panel);
  g_assert_finalize_object (deal_panel);
}

/* An analysis without shares (as for big graphs): the panels work out the
 * shares of what they show, and get what the full analysis gets. */
static void
test_shares_on_demand (Fixture       *f,
                       gconstpointer  data)
{
  DgAnalysisOptions options;
  g_autoptr(DgAnalysis) partial = NULL;
  GtkWidget *company_panel;
  GtkWidget *deal_panel;
  guint openai;
  guint deal;
  const DgCompanyShare *cs;
  const DgDealShare *ds;
  g_autofree char *out_share = NULL;
  g_autofree char *deal_share = NULL;

  SKIP_WITHOUT_DISPLAY ();

  dg_analysis_options_init (&options);
  options.flags = DG_ANALYSIS_CYCLES;
  partial = dg_analysis_new (dg_document_get_graph (f->doc), &options);
  g_assert_null (partial->company_share);
  g_assert_null (partial->deal_share);

  openai = company_index (f->doc, "openai");
  cs = &f->analysis->company_share[openai];
  out_share = dg_analysis_format_share_bounded (cs->out_share_low, cs->out_share_high,
                                                dg_company_share_out_bound (cs));
  company_panel = g_object_ref_sink (dg_company_panel_new ());
  dg_company_panel_set_company (DG_COMPANY_PANEL (company_panel), f->doc, partial, openai);
  assert_shows (company_panel, out_share);
  assert_shows (company_panel, "Of what it pays out, the part that can come back to it; 7 undisclosed deals left out");

  deal = deal_index (f->doc, "openai-aws-38b");
  ds = &f->analysis->deal_share[deal];
  deal_share = dg_analysis_format_share (ds->share_low, ds->share_high, ds->n_unknown);
  deal_panel = g_object_ref_sink (dg_deal_panel_new ());
  dg_deal_panel_set_deal (DG_DEAL_PANEL (deal_panel), f->doc, partial, deal);
  assert_shows (deal_panel, deal_share);

  g_assert_finalize_object (company_panel);
  g_assert_finalize_object (deal_panel);
}

/* An analysis of another document is ignored rather than trusted. */
static void
test_mismatched_analysis (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DgDocument) small = dg_document_new ();
  g_autoptr(DgCompany) a = dg_company_new ("a", "Alpha");
  GtkWidget *panel;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_true (dg_document_add_company (small, a));
  panel = g_object_ref_sink (dg_company_panel_new ());
  dg_company_panel_set_company (DG_COMPANY_PANEL (panel), small, f->analysis, 0);
  assert_shows (panel, "Alpha");
  g_assert_false (shows (panel, "Out share"));
  g_assert_false (shows (panel, "Cycles"));
  g_assert_finalize_object (panel);
}

/* The shipped network's histories: marks, links both ways, the dated list
 * with its sources, and a company's valuations over time. */
static void
test_deal_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *panel, *company_panel;
  Emitted deals = { 0 };
  guint loi, equity;

  SKIP_WITHOUT_DISPLAY ();

  doc = dg_document_load_default (&error);
  g_assert_no_error (error);
  loi = deal_index (doc, "nvda-openai-loi");
  equity = deal_index (doc, "nvda-openai-2026");
  panel = g_object_ref_sink (dg_deal_panel_new ());
  g_signal_connect (panel, "deal-activated", G_CALLBACK (record_index), &deals);
  show_in_window (panel);

  /* The letter of intent: replaced by the $30B stake, which opens. */
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), doc, NULL, loi);
  assert_shows (panel, "Replaced by");
  assert_shows (panel, "NVIDIA invests $30B in OpenAI");
  rows = rows_of (panel, "history");
  g_assert_cmpuint (rows->len, ==, dg_deal_get_timeline (dg_document_get_deal (doc, loi))->events->len);
  assert_shows (panel, "January 30, 2026: Stalled");
  assert_shows (panel, "February 2026: Cancelled");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (panel, "related-deals");
  g_assert_cmpuint (rows->len, ==, 1);
  gtk_widget_activate (g_ptr_array_index (rows, 0));
  g_assert_cmpuint (deals.count, ==, 1);
  g_assert_cmpuint (deals.last, ==, equity);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* With the timeline on, the facts at the top are those of its month
   * (the file: stalled on 2026-01-30, cancelled in 2026-02). */
  {
    gint32 january, before;

    assert_shows (panel, "Cancelled");
    g_assert_true (dg_date_parse ("2026-01-31", &january));
    dg_deal_panel_set_as_of (DG_DEAL_PANEL (panel), january);
    assert_shows (panel, "Stalled");
    g_assert_false (shows (panel, "Cancelled"));
    g_assert_true (dg_date_parse ("2025-01-31", &before));
    dg_deal_panel_set_as_of (DG_DEAL_PANEL (panel), before);
    assert_shows (panel, "Not yet announced");
    assert_shows (panel, "—");
    dg_deal_panel_set_as_of (DG_DEAL_PANEL (panel), 0);
    assert_shows (panel, "Cancelled");
    g_assert_false (shows (panel, "Stalled"));
  }

  /* ... and the stake says what it replaces. */
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), doc, NULL, equity);
  assert_shows (panel, "Replaces");
  assert_shows (panel, dg_deal_get_title (dg_document_get_deal (doc, loi)));

  /* Sources that disagree: the mark and each source's figure. */
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), doc, NULL, deal_index (doc, "openai-aws-38b"));
  assert_shows (panel, "Sources disagree");
  rows = rows_of (panel, "figures");
  g_assert_cmpuint (rows->len, ==, 2);
  assert_shows (panel, "an additional $100B on top of the $38B (more than $138B in all)");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* One page only. */
  dg_deal_panel_set_deal (DG_DEAL_PANEL (panel), doc, NULL, deal_index (doc, "msft-anthropic"));
  assert_shows (panel, "Single source");
  g_assert_null (find_named (panel, "figures"));

  /* A company's valuations, newest first. */
  company_panel = g_object_ref_sink (dg_company_panel_new ());
  show_in_window (company_panel);
  dg_company_panel_set_company (DG_COMPANY_PANEL (company_panel), doc, NULL, company_index (doc, "openai"));
  assert_shows (company_panel, "Valuation over Time");
  rows = rows_of (company_panel, "valuations");
  g_assert_cmpuint (rows->len, ==, dg_company_get_valuations (dg_document_lookup_company (doc, "openai"))->len);
  g_assert_cmpstr (row_title (g_ptr_array_index (rows, rows->len - 1)), ==, "March 31, 2025");
  assert_shows (company_panel, "$500B");

  close_window (panel);
  close_window (company_panel);
  g_assert_finalize_object (panel);
  g_assert_finalize_object (company_panel);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The panels are plain widgets and need no GL; Mesa's software driver
   * under Xvfb leaves an allocation LeakSanitizer cannot attribute, which
   * would fail the sanitizer runs. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();

  g_test_add ("/dealgraph/panels/company", Fixture, NULL, fixture_setup, test_company_panel, fixture_teardown);
  g_test_add ("/dealgraph/panels/company-without-analysis", Fixture, NULL, fixture_setup, test_company_panel_without_analysis, fixture_teardown);
  g_test_add ("/dealgraph/panels/deal", Fixture, NULL, fixture_setup, test_deal_panel, fixture_teardown);
  g_test_add ("/dealgraph/panels/cycle", Fixture, NULL, fixture_setup, test_cycle_panel, fixture_teardown);
  g_test_add ("/dealgraph/panels/shares-on-demand", Fixture, NULL, fixture_setup, test_shares_on_demand, fixture_teardown);
  g_test_add ("/dealgraph/panels/mismatched-analysis", Fixture, NULL, fixture_setup, test_mismatched_analysis, fixture_teardown);
  g_test_add_func ("/dealgraph/panels/untrusted-text", test_untrusted_text);
  g_test_add_func ("/dealgraph/panels/deal-history", test_deal_history);

  return g_test_run ();
}
