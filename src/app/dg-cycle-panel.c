/* dg-cycle-panel.c: the side panel for one cycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cycle told three ways: the chain of companies, the round-trip amount,
 * and the story in words; then each company and deal in order, to open.
 * When parallel deals make several cycles through the same companies, the
 * panel shows the route first (its round trip uses all of them) and lists
 * the combinations, the one shown marked. Everything it says comes worked
 * out in two DgCycleSummary values (the route's and the cycle's).
 */
#define G_LOG_DOMAIN "dealgraph-cycle-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-app-resources.h"
#include "dg-cycle-panel.h"
#include "dg-session.h"
#include "dg-format.h"
#include "dg-panel-util-private.h"
#include "dg-summary.h"

struct _DgCyclePanel
{
  GtkWidget parent_instance;

  DgSession *session;       /* followed: its selection and analysis */

  DgDocument *document;
  DgAnalysis *analysis;
  guint cycle;

  /* Template children */
  GtkScrolledWindow *scroller;
  GtkLabel *overline_label;
  GtkLabel *chain_label;
  GtkLabel *amount_label;
  GtkLabel *amount_detail_label;
  GtkWidget *combinations_box;
  GtkLabel *combinations_count_label;
  GtkLabel *combinations_detail_label;
  GtkListBox *combinations_list;
  GtkLabel *story_heading_label;
  GtkLabel *story_label;
  GtkListBox *steps_list;
};

G_DEFINE_FINAL_TYPE (DgCyclePanel, dg_cycle_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COMPANY_ACTIVATED,
  DEAL_ACTIVATED,
  CYCLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
company_step (DgDocument        *doc,
              const DgCycleStep *step)
{
  DgCompany *c = dg_document_get_company (doc, step->company);
  const char *kind = dg_company_kind_label (dg_company_get_kind_enum (c));
  g_autofree char *accessible = NULL;
  GtkWidget *row;

  /* Translators: what a screen reader says for a company on a cycle: its name and kind */
  accessible = g_strdup_printf (_("%1$s, %2$s"), step->name, kind);
  row = dg_panel_row_new (NULL, step->name, kind, NULL, FALSE, FALSE, accessible);
  gtk_widget_add_css_class (row, "dg-step-company");
  dg_panel_row_set_target (row, DG_PANEL_ROW_COMPANY, step->company);
  return row;
}

static GtkWidget *
deal_step (DgDocument        *doc,
           const DgCycleStep *step)
{
  guint deal = step->deals[0];
  DgDeal *d = dg_document_get_deal (doc, deal);
  const char *kind = dg_deal_kind_label (dg_deal_get_kind_enum (d));
  const char *status = dg_deal_status_label (dg_deal_get_status_enum (d));
  const char *title = dg_deal_get_title (d);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row;

  if (title == NULL || *title == '\0')
    title = kind;
  /* Translators: under a deal in a list: kind and status, "Cloud lease · Signed" */
  subtitle = g_strdup_printf (_("%1$s · %2$s"), kind, status);
  /* Translators: what a screen reader says for a deal on a cycle: its title, kind and amount */
  accessible = g_strdup_printf (_("Deal: %1$s, %2$s, %3$s"), title, kind, step->amount_text);
  /* Translators: the sign before a deal between two companies in a cycle's list; money flows down */
  row = dg_panel_row_new (_("↓"), title, subtitle, step->amount_text,
                          step->amount.kind == DG_AMOUNT_UNDISCLOSED, FALSE, accessible);
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
  else if (kind == DG_PANEL_ROW_CYCLE)
    g_signal_emit (self, signals[CYCLE_ACTIVATED], 0, index);
}

/* ---- following the session ------------------------------------------- */

/* The selection is this panel's kind: show it. */
static void
session_selection_cb (DgCyclePanel *self)
{
  DgDocument *doc = dg_session_get_document (self->session);
  DgAnalysis *analysis = dg_session_get_analysis (self->session);
  guint index;

  if (dg_session_get_selection (self->session, &index) != DG_SELECTION_CYCLE || doc == NULL
      || analysis == NULL || index >= analysis->n_cycles)
    return;
  dg_cycle_panel_set_cycle (self, doc, analysis, index);
}

static void
set_session (DgCyclePanel *self,
             DgSession    *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "selection-changed", G_CALLBACK (session_selection_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
dg_cycle_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DgCyclePanel *self = DG_CYCLE_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_cycle_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DgCyclePanel *self = DG_CYCLE_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_cycle_panel_dispose (GObject *object)
{
  DgCyclePanel *self = DG_CYCLE_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_CYCLE_PANEL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
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
  object_class->get_property = dg_cycle_panel_get_property;
  object_class->set_property = dg_cycle_panel_set_property;

  /* The session whose selection the panel shows when it is of its kind. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DG_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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

  /**
   * DgCyclePanel::cycle-activated:
   * @self: the panel
   * @cycle: the index of another combination of deals on the same route
   */
  signals[CYCLE_ACTIVATED] =
    g_signal_new ("cycle-activated",
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
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, combinations_box);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, combinations_count_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, combinations_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, combinations_list);
  gtk_widget_class_bind_template_child (widget_class, DgCyclePanel, story_heading_label);
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

static void
set_round_trip (DgCyclePanel         *self,
                const DgCycleSummary *summary)
{
  gtk_label_set_text (self->amount_label, summary->round_trip_text);
  if (summary->round_trip.kind == DG_AMOUNT_UNDISCLOSED)
    gtk_widget_add_css_class (GTK_WIDGET (self->amount_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->amount_label), "dim-label");
  gtk_label_set_text (self->amount_detail_label, summary->round_trip_note);
}

/**
 * dg_cycle_panel_set_cycle:
 * @self: a cycle panel
 * @doc: the document
 * @analysis: the analysis of @doc, with cycles
 * @cycle: index of the cycle in @analysis
 *
 * Fills the panel for @cycle and its route, from the route's first company
 * (docs/analysis.md). The panel keeps references to @doc and @analysis
 * until the next call or until it is disposed.
 */
void
dg_cycle_panel_set_cycle (DgCyclePanel *self,
                          DgDocument   *doc,
                          DgAnalysis   *analysis,
                          guint         cycle)
{
  g_autoptr(DgCycleSummary) summary = NULL;
  g_autoptr(DgCycleSummary) route = NULL;
  g_autofree char *overline = NULL;
  gboolean several;

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

  summary = dg_cycle_summary_new_cycle (doc, analysis, cycle);
  route = dg_cycle_summary_new_route (doc, analysis, summary->route);
  several = route->n_combinations > 1;

  if (several)
    /* Translators: above a route's companies: how many companies, and how many combinations of deals go round them */
    overline = g_strdup_printf (ngettext ("Route of %1$u company · %2$s", "Route of %1$u companies · %2$s",
                                          route->n_steps),
                                route->n_steps, route->combinations_text);
  else
    /* Translators: above a cycle's companies: how many deals it has */
    overline = g_strdup_printf (ngettext ("Cycle of %u deal", "Cycle of %u deals", summary->n_steps),
                                summary->n_steps);
  gtk_label_set_text (self->overline_label, overline);
  gtk_label_set_text (self->chain_label, summary->chain);

  /* With parallel deals, the round trip is the route's: all its deals. */
  set_round_trip (self, several ? route : summary);

  dg_panel_clear_list (self->combinations_list);
  gtk_widget_set_visible (self->combinations_box, several);
  if (several)
    {
      g_autofree char *count = g_strdup_printf ("%u", route->n_cycles);
      guint shown = MIN (route->n_cycles, DG_PANEL_MAX_ROWS);

      gtk_label_set_text (self->combinations_count_label, count);
      dg_panel_set_text (self->combinations_detail_label,
                         _("Each takes one deal at every step; the one shown below is marked."));
      for (guint i = 0; i < shown; i++)
        {
          g_autoptr(DgCycleSummary) other = route->cycles[i] == cycle
                                            ? dg_cycle_summary_ref (summary)
                                            : dg_cycle_summary_new_cycle (doc, analysis, route->cycles[i]);

          gtk_list_box_append (self->combinations_list,
                               dg_panel_combination_row (other, route->cycles[i] == cycle));
        }
      if (shown < route->n_cycles)
        gtk_list_box_append (self->combinations_list, dg_panel_more_row (route->n_cycles - shown));
    }

  if (several)
    {
      g_autofree char *heading = NULL;

      /* Translators: heading of the story of one combination of deals, e.g. "The Story of $6.3B · $2B" */
      heading = g_strdup_printf (_("The Story of %s"), summary->amounts_text);
      gtk_label_set_text (self->story_heading_label, heading);
    }
  else
    gtk_label_set_text (self->story_heading_label, _("The Story"));
  gtk_label_set_text (self->story_label, dg_cycle_summary_get_story (summary));

  dg_panel_clear_list (self->steps_list);
  for (guint i = 0; i < summary->n_steps; i++)
    {
      gtk_list_box_append (self->steps_list, company_step (doc, &summary->steps[i]));
      gtk_list_box_append (self->steps_list, deal_step (doc, &summary->steps[i]));
    }
  /* Back where it started: the money has gone round. */
  if (summary->n_steps > 0)
    gtk_list_box_append (self->steps_list, company_step (doc, &summary->steps[0]));

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
