/* dg-cycle-panel.c: the side panel for one cycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cycle told three ways: the chain of companies, the round-trip amount,
 * and the story in words; then each company and deal in order, to open.
 */
#define G_LOG_DOMAIN "dealgraph-cycle-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-app-resources.h"
#include "dg-cycle-panel.h"
#include "dg-format.h"
#include "dg-panel-util-private.h"
#include "dg-story.h"

struct _DgCyclePanel
{
  GtkWidget parent_instance;

  DgDocument *document;
  DgAnalysis *analysis;
  guint cycle;

  /* Template children */
  GtkScrolledWindow *scroller;
  GtkLabel *overline_label;
  GtkLabel *chain_label;
  GtkLabel *amount_label;
  GtkLabel *amount_detail_label;
  GtkLabel *story_label;
  GtkListBox *steps_list;
};

G_DEFINE_FINAL_TYPE (DgCyclePanel, dg_cycle_panel, GTK_TYPE_WIDGET)

enum {
  COMPANY_ACTIVATED,
  DEAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
company_step (DgDocument *doc,
              guint       company)
{
  DgCompany *c = dg_document_get_company (doc, company);
  const char *name = dg_panel_company_name (doc, company);
  const char *kind = dg_company_kind_label (dg_company_get_kind_enum (c));
  g_autofree char *accessible = NULL;
  GtkWidget *row;

  /* Translators: what a screen reader says for a company on a cycle: its name and kind */
  accessible = g_strdup_printf (_("%1$s, %2$s"), name, kind);
  row = dg_panel_row_new (NULL, name, kind, NULL, FALSE, FALSE, accessible);
  gtk_widget_add_css_class (row, "dg-step-company");
  dg_panel_row_set_target (row, DG_PANEL_ROW_COMPANY, company);
  return row;
}

static GtkWidget *
deal_step (DgDocument *doc,
           guint       deal)
{
  DgDeal *d = dg_document_get_deal (doc, deal);
  const DgAmount *amount = dg_deal_get_amount (d);
  const char *kind = dg_deal_kind_label (dg_deal_get_kind_enum (d));
  const char *status = dg_deal_status_label (dg_deal_get_status_enum (d));
  const char *title = dg_deal_get_title (d);
  g_autofree char *subtitle = NULL;
  g_autofree char *figure = dg_amount_format_locale (amount);
  g_autofree char *accessible = NULL;
  GtkWidget *row;

  if (title == NULL || *title == '\0')
    title = kind;
  /* Translators: under a deal in a list: kind and status, "Cloud lease · Signed" */
  subtitle = g_strdup_printf (_("%1$s · %2$s"), kind, status);
  /* Translators: what a screen reader says for a deal on a cycle: its title, kind and amount */
  accessible = g_strdup_printf (_("Deal: %1$s, %2$s, %3$s"), title, kind, figure);
  /* Translators: the sign before a deal between two companies in a cycle's list; money flows down */
  row = dg_panel_row_new (_("↓"), title, subtitle, figure,
                          amount->kind == DG_AMOUNT_UNDISCLOSED, FALSE, accessible);
  gtk_widget_add_css_class (row, "dg-step-deal");
  dg_panel_row_set_target (row, DG_PANEL_ROW_DEAL, deal);
  return row;
}

static void
row_activated_cb (DgCyclePanel  *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  DgPanelRowKind kind;
  guint index;

  if (!dg_panel_row_get_target (row, &kind, &index))
    return;

  if (kind == DG_PANEL_ROW_COMPANY)
    g_signal_emit (self, signals[COMPANY_ACTIVATED], 0, index);
  else if (kind == DG_PANEL_ROW_DEAL)
    g_signal_emit (self, signals[DEAL_ACTIVATED], 0, index);
}

static void
dg_cycle_panel_dispose (GObject *object)
{
  DgCyclePanel *self = DG_CYCLE_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_CYCLE_PANEL);
  g_clear_object (&self->document);
  g_clear_pointer (&self->analysis, dg_analysis_unref);

  G_OBJECT_CLASS (dg_cycle_panel_parent_class)->dispose (object);
}

static void
dg_cycle_panel_class_init (DgCyclePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_cycle_panel_dispose;

  /**
   * DgCyclePanel::company-activated:
   * @self: the panel
   * @company: the index of the company whose row was activated
   */
  signals[COMPANY_ACTIVATED] =
    g_signal_new ("company-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DgCyclePanel::deal-activated:
   * @self: the panel
   * @deal: the index of the deal whose row was activated
   */
  signals[DEAL_ACTIVATED] =
    g_signal_new ("deal-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /* The template lives in this static library's resources, which register
   * themselves when linked in; naming them makes sure the linker keeps them
   * in every program that uses the panel. */
  (void) dg_app_get_resource ();

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-cycle-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, overline_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, chain_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, amount_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, amount_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, story_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, steps_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
dg_cycle_panel_init (DgCyclePanel *self)
{
  self->cycle = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dg_cycle_panel_new:
 *
 * Returns: (transfer floating): a new, empty cycle panel
 */
GtkWidget *
dg_cycle_panel_new (void)
{
  return g_object_new (DG_TYPE_CYCLE_PANEL, NULL);
}

/**
 * dg_cycle_panel_set_cycle:
 * @self: a cycle panel
 * @doc: the document
 * @analysis: the analysis of @doc, with cycles
 * @cycle: index of the cycle in @analysis
 *
 * Fills the panel for @cycle, starting where its story starts
 * (dg_story_cycle_start()). The panel keeps references to @doc and
 * @analysis until the next call or until it is disposed.
 */
void
dg_cycle_panel_set_cycle (DgCyclePanel *self,
                          DgDocument   *doc,
                          DgAnalysis   *analysis,
                          guint         cycle)
{
  const guint *deals;
  const DgAmount *amount;
  guint n = 0;
  guint start;
  g_autofree char *overline = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *story = NULL;

  g_return_if_fail (DG_IS_CYCLE_PANEL (self));
  g_return_if_fail (DG_IS_DOCUMENT (doc));
  g_return_if_fail (analysis != NULL);
  g_return_if_fail (dg_panel_check_analysis (doc, analysis) != NULL);
  g_return_if_fail (cycle < analysis->n_cycles);

  g_set_object (&self->document, doc);
  if (self->analysis != analysis)
    {
      g_clear_pointer (&self->analysis, dg_analysis_unref);
      self->analysis = dg_analysis_ref (analysis);
    }
  self->cycle = cycle;

  deals = dg_analysis_get_cycle_deals (analysis, cycle, &n);
  start = dg_story_cycle_start (doc, analysis, cycle);
  amount = dg_analysis_get_cycle_amount (analysis, cycle);

  /* Translators: above a cycle's companies: how many deals it has */
  overline = g_strdup_printf (ngettext ("Cycle of %u deal", "Cycle of %u deals", n), n);
  gtk_label_set_text (self->overline_label, overline);
  chain = dg_panel_cycle_chain (doc, analysis, cycle, start);
  gtk_label_set_text (self->chain_label, chain);

  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    {
      gtk_label_set_text (self->amount_label, _("Unknown"));
      gtk_widget_add_css_class (GTK_WIDGET (self->amount_label), "dim-label");
      gtk_label_set_text (self->amount_detail_label,
                          _("A deal on the cycle is undisclosed, so what can go all the way round is unknown."));
    }
  else
    {
      g_autofree char *text = dg_amount_format_locale (amount);

      gtk_label_set_text (self->amount_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->amount_label), "dim-label");
      gtk_label_set_text (self->amount_detail_label,
                          _("The smallest amount on the cycle: what can go all the way round."));
    }

  story = dg_story_for_cycle (doc, analysis, cycle);
  gtk_label_set_text (self->story_label, story);

  dg_panel_clear_list (self->steps_list);
  for (guint i = 0; i < n; i++)
    {
      guint deal = deals[(start + i) % n];

      gtk_list_box_append (self->steps_list,
                           company_step (doc, dg_deal_get_from_index (dg_document_get_deal (doc, deal))));
      gtk_list_box_append (self->steps_list, deal_step (doc, deal));
    }
  /* Back where it started: the money has gone round. */
  if (n > 0)
    gtk_list_box_append (self->steps_list,
                         company_step (doc, dg_deal_get_from_index (dg_document_get_deal (doc, deals[start]))));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/**
 * dg_cycle_panel_get_cycle:
 * @self: a cycle panel
 *
 * Returns: the index of the cycle shown, or %G_MAXUINT when none
 */
guint
dg_cycle_panel_get_cycle (DgCyclePanel *self)
{
  g_return_val_if_fail (DG_IS_CYCLE_PANEL (self), G_MAXUINT);

  return self->cycle;
}
