/* dg-company-panel.c: the side panel for one company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows what is known about a company, the money it pays and receives, the
 * cycles it sits on and its deals. Rows emit signals with indices; the
 * window decides what opening a deal or a cycle means.
 */
#define G_LOG_DOMAIN "dealgraph-company-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-app-resources.h"
#include "dg-company-panel.h"
#include "dg-session.h"
#include "dg-format.h"
#include "dg-history-view.h"
#include "dg-panel-util-private.h"

struct _DgCompanyPanel
{
  GtkWidget parent_instance;

  DgSession *session;       /* followed: its selection and analysis */

  DgDocument *document;
  DgAnalysis *analysis;
  guint company;

  /* Template children */
  GtkScrolledWindow *scroller;
  GtkLabel *kind_label;
  GtkLabel *name_label;
  GtkLabel *description_label;
  GtkWidget *facts_list;
  GtkWidget *valuations_view;  /* dg-history-view.c's section, or NULL */
  GtkWidget *valuation_row;
  GtkLabel *valuation_label;
  GtkLabel *valuation_date_label;
  GtkLabel *valuation_note_label;
  GtkWidget *country_row;
  GtkLabel *country_label;
  GtkWidget *website_row;
  GtkBox *website_box;
  GtkLabel *out_label;
  GtkLabel *out_detail_label;
  GtkLabel *in_label;
  GtkLabel *in_detail_label;
  GtkLabel *net_label;
  GtkLabel *net_detail_label;
  GtkWidget *round_trip_box;
  GtkLabel *out_share_label;
  GtkLabel *out_share_detail_label;
  GtkLabel *in_share_label;
  GtkLabel *in_share_detail_label;
  GtkWidget *cycles_box;
  GtkLabel *cycles_count_label;
  GtkWidget *cycles_empty_label;
  GtkListBox *cycles_list;
  GtkWidget *cycles_limit_label;
  GtkWidget *deals_out_box;
  GtkLabel *deals_out_count_label;
  GtkListBox *deals_out_list;
  GtkWidget *deals_in_box;
  GtkLabel *deals_in_count_label;
  GtkListBox *deals_in_list;
};

G_DEFINE_FINAL_TYPE (DgCompanyPanel, dg_company_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DEAL_ACTIVATED,
  CYCLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_figure (GtkLabel   *value,
            GtkLabel   *detail,
            const char *text,
            gboolean    known,
            const char *more)
{
  gtk_label_set_text (value, text);
  if (known)
    gtk_widget_remove_css_class (GTK_WIDGET (value), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (value), "dim-label");
  dg_panel_set_text (detail, more);
}

static void
set_website (DgCompanyPanel *self,
             const char     *website)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->website_box))) != NULL)
    gtk_box_remove (self->website_box, child);

  if (website == NULL || *website == '\0')
    {
      gtk_widget_set_visible (self->website_row, FALSE);
      return;
    }

  gtk_widget_set_visible (self->website_row, TRUE);
  if (dg_panel_uri_is_web (website))
    {
      g_autofree char *text = dg_panel_display_url (website);

      child = dg_panel_link_button_new (website, text);
    }
  else
    {
      /* Not a web link: show what the file says, but never open it. */
      child = gtk_label_new (NULL);
      gtk_label_set_text (GTK_LABEL (child), website);
      gtk_label_set_selectable (GTK_LABEL (child), TRUE);
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
    }
  gtk_box_append (self->website_box, child);
}

static void
set_facts (DgCompanyPanel *self,
           DgCompany      *company)
{
  const char *note = dg_company_get_valuation_note (company);
  const char *country = dg_company_get_country (company);
  gboolean has_valuation = dg_company_has_valuation (company);

  if (has_valuation)
    {
      g_autofree char *money = dg_format_money_locale (dg_company_get_valuation (company));

      gtk_label_set_text (self->valuation_label, money);
      gtk_widget_remove_css_class (GTK_WIDGET (self->valuation_label), "dim-label");
    }
  else
    {
      /* Translators: a company's valuation that the file does not give */
      gtk_label_set_text (self->valuation_label, _("Unknown"));
      gtk_widget_add_css_class (GTK_WIDGET (self->valuation_label), "dim-label");
    }

  if (has_valuation && dg_company_get_valuation_as_of (company) != NULL)
    {
      g_autofree char *date = dg_format_date_locale (dg_company_get_valuation_as_of (company));
      /* Translators: when a valuation was measured, e.g. "As of October 2, 2025" */
      g_autofree char *text = g_strdup_printf (_("As of %s"), date);

      dg_panel_set_text (self->valuation_date_label, text);
    }
  else
    dg_panel_set_text (self->valuation_date_label, NULL);

  dg_panel_set_text (self->valuation_note_label, note);
  gtk_widget_set_visible (self->valuation_row, has_valuation || (note != NULL && *note != '\0'));

  dg_panel_set_text (self->country_label, country);
  gtk_widget_set_visible (self->country_row, country != NULL && *country != '\0');

  set_website (self, dg_company_get_website (company));

  gtk_widget_set_visible (self->facts_list,
                          gtk_widget_get_visible (self->valuation_row) ||
                          gtk_widget_get_visible (self->country_row) ||
                          gtk_widget_get_visible (self->website_row));

  /* Dated valuations under the facts (dg-history-view.c). */
  if (self->valuations_view != NULL)
    {
      dg_history_view_clear (self->valuations_view);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->valuations_view)), self->valuations_view);
    }
  self->valuations_view = dg_history_view_new_for_company (company);
  if (self->valuations_view != NULL)
    gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->facts_list)), self->valuations_view,
                                self->facts_list);
}

static void
fill_deals (DgCompanyPanel *self,
            GtkWidget      *box,
            GtkLabel       *count_label,
            GtkListBox     *list,
            GArray         *deals)
{
  g_autofree char *count = g_strdup_printf ("%u", deals->len);

  dg_panel_clear_list (list);
  gtk_widget_set_visible (box, deals->len > 0);
  gtk_label_set_text (count_label, count);

  dg_panel_sort_deals (self->document, deals);
  for (guint i = 0; i < deals->len && i < DG_PANEL_MAX_ROWS; i++)
    gtk_list_box_append (list, dg_panel_deal_row (self->document, self->analysis,
                                                  g_array_index (deals, guint, i),
                                                  self->company));
  if (deals->len > DG_PANEL_MAX_ROWS)
    gtk_list_box_append (list, dg_panel_more_row (deals->len - DG_PANEL_MAX_ROWS));
}

/* The figures come worked out from core (dg_company_summary_new()), with
 * what undisclosed deals could do to them; the panel only lays them out. */
static void
set_money_and_deals (DgCompanyPanel   *self,
                     DgCompanySummary *summary)
{
  DgGraph *graph = dg_document_get_graph (self->document);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) in = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = graph->out_offset[self->company]; i < graph->out_offset[self->company + 1]; i++)
    g_array_append_val (out, graph->out_edges[i]);
  for (guint i = graph->in_offset[self->company]; i < graph->in_offset[self->company + 1]; i++)
    g_array_append_val (in, graph->in_edges[i]);

  set_figure (self->out_label, self->out_detail_label, summary->out_text, summary->out_known, summary->out_detail);
  set_figure (self->in_label, self->in_detail_label, summary->in_text, summary->in_known, summary->in_detail);
  set_figure (self->net_label, self->net_detail_label, summary->net_text, TRUE, summary->net_detail);

  fill_deals (self, self->deals_out_box, self->deals_out_count_label, self->deals_out_list, out);
  fill_deals (self, self->deals_in_box, self->deals_in_count_label, self->deals_in_list, in);
}

static void
set_shares (DgCompanyPanel   *self,
            DgCompanySummary *summary)
{
  gtk_widget_set_visible (self->round_trip_box, summary->has_shares);
  if (!summary->has_shares)
    return;

  set_figure (self->out_share_label, self->out_share_detail_label, summary->out_share_text, TRUE,
              summary->out_share_detail);
  set_figure (self->in_share_label, self->in_share_detail_label, summary->in_share_text, TRUE,
              summary->in_share_detail);
}

static void
set_cycles (DgCompanyPanel *self,
            gboolean        all)
{
  const guint *cycles;
  guint n_cycles = 0;
  guint n_routes = 0;
  g_autofree char *count = NULL;
  gboolean limited;

  dg_panel_clear_list (self->cycles_list);

  if (self->analysis == NULL || !(self->analysis->options.flags & DG_ANALYSIS_CYCLES))
    {
      gtk_widget_set_visible (self->cycles_box, FALSE);
      return;
    }

  cycles = dg_analysis_get_cycles_for_node (self->analysis, self->company, &n_cycles);
  dg_analysis_get_routes_for_node (self->analysis, self->company, &n_routes);
  gtk_widget_set_visible (self->cycles_box, TRUE);
  /* Routes, as the list shows them; a route holds one or more cycles. */
  count = g_strdup_printf ("%u", n_routes);
  gtk_label_set_text (self->cycles_count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->cycles_count_label), n_cycles > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cycles_list), n_cycles > 0);

  /* A company off every strongly connected component is on no cycle, limits
   * or not; one on a component may be on cycles the search did not reach. */
  limited = (self->analysis->cycles_limit != DG_ANALYSIS_LIMIT_NONE ||
             self->analysis->cycles_length_limited) &&
            self->analysis->node_cyclic[self->company];
  gtk_widget_set_visible (self->cycles_limit_label, limited);
  gtk_widget_set_visible (self->cycles_empty_label, n_cycles == 0 && !self->analysis->node_cyclic[self->company]);

  dg_panel_fill_cycles (self->cycles_list, self->document, self->analysis,
                        cycles, n_cycles, self->company, all);
}

static void
row_activated_cb (DgCompanyPanel *self,
                  GtkListBoxRow  *row,
                  GtkListBox     *list)
{
  DgPanelRowKind kind;
  guint index;

  if (!dg_panel_row_get_target (row, &kind, &index))
    return;

  if (kind == DG_PANEL_ROW_DEAL)
    g_signal_emit (self, signals[DEAL_ACTIVATED], 0, index);
  else if (kind == DG_PANEL_ROW_CYCLE)
    g_signal_emit (self, signals[CYCLE_ACTIVATED], 0, index);
  else if (kind == DG_PANEL_ROW_SHOW_ALL)
    {
      gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (row));

      /* The row goes away with the refill: keep the keyboard where it was,
       * on the first cycle that was hidden. */
      set_cycles (self, TRUE);
      if (had_focus)
        dg_panel_focus_row (self->cycles_list, DG_PANEL_FEW_CYCLES);
    }
}

/* ---- following the session ------------------------------------------- */

/* The selection is this panel's kind: show it. */
static void
session_selection_cb (DgCompanyPanel *self)
{
  DgDocument *doc = dg_session_get_document (self->session);
  guint index;

  if (dg_session_get_selection (self->session, &index) != DG_SELECTION_COMPANY || doc == NULL
      || index >= dg_document_get_n_companies (doc))
    return;
  dg_company_panel_set_company (self, doc, dg_session_get_analysis (self->session), index);
}

/* A worker's whole analysis replaced the quick one of the same graph: the
 * panel shows its cycles. An analysis of another state (a filter, an
 * edit) comes with a new selection, which shows it. */
static void
session_analysis_cb (DgCompanyPanel *self)
{
  DgAnalysis *analysis = dg_session_get_analysis (self->session);

  if (analysis != NULL && self->analysis != NULL && analysis->graph == self->analysis->graph
      && analysis != self->analysis)
    session_selection_cb (self);
}

static void
set_session (DgCompanyPanel *self,
             DgSession      *session)
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
      g_signal_connect_object (session, "notify::analysis", G_CALLBACK (session_analysis_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
dg_company_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DgCompanyPanel *self = DG_COMPANY_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_company_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DgCompanyPanel *self = DG_COMPANY_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_company_panel_dispose (GObject *object)
{
  DgCompanyPanel *self = DG_COMPANY_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_COMPANY_PANEL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->document);
  g_clear_pointer (&self->analysis, dg_analysis_unref);

  G_OBJECT_CLASS (dg_company_panel_parent_class)->dispose (object);
}

static void
dg_company_panel_class_init (DgCompanyPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_company_panel_dispose;
  object_class->get_property = dg_company_panel_get_property;
  object_class->set_property = dg_company_panel_set_property;

  /* The session whose selection the panel shows when it is of its kind. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DG_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DgCompanyPanel::deal-activated:
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
   * DgCompanyPanel::cycle-activated:
   * @self: the panel
   * @cycle: the index of the cycle (in the analysis) whose row was activated
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
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-company-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, facts_list);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, valuation_row);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, valuation_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, valuation_date_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, valuation_note_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, country_row);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, country_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, website_row);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, website_box);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, out_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, out_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, in_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, in_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, net_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, net_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, round_trip_box);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, out_share_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, out_share_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, in_share_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, in_share_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, cycles_box);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, cycles_count_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, cycles_empty_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, cycles_list);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, cycles_limit_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, deals_out_box);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, deals_out_count_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, deals_out_list);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, deals_in_box);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, deals_in_count_label);
  gtk_widget_class_bind_template_child (widget_class, DgCompanyPanel, deals_in_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
dg_company_panel_init (DgCompanyPanel *self)
{
  self->company = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dg_company_panel_new:
 *
 * Returns: (transfer floating): a new, empty company panel
 */
GtkWidget *
dg_company_panel_new (void)
{
  return g_object_new (DG_TYPE_COMPANY_PANEL, NULL);
}

/**
 * dg_company_panel_set_company:
 * @self: a company panel
 * @doc: the document
 * @analysis: (nullable): the analysis of @doc; without it the panel leaves
 *   out cycles, shares and cycle markers
 * @company: index of the company in @doc
 *
 * Fills the panel for @company. The panel keeps references to @doc and
 * @analysis until the next call or until it is disposed.
 */
void
dg_company_panel_set_company (DgCompanyPanel *self,
                              DgDocument     *doc,
                              DgAnalysis     *analysis,
                              guint           company)
{
  g_autoptr(DgCompanySummary) summary = NULL;
  DgCompany *c;

  g_return_if_fail (DG_IS_COMPANY_PANEL (self));
  g_return_if_fail (DG_IS_DOCUMENT (doc));
  g_return_if_fail (company < dg_document_get_n_companies (doc));

  analysis = dg_panel_check_analysis (doc, analysis);
  g_set_object (&self->document, doc);
  if (self->analysis != analysis)
    {
      g_clear_pointer (&self->analysis, dg_analysis_unref);
      self->analysis = analysis != NULL ? dg_analysis_ref (analysis) : NULL;
    }
  self->company = company;

  c = dg_document_get_company (doc, company);

  gtk_label_set_text (self->kind_label, dg_company_kind_label (dg_company_get_kind_enum (c)));
  gtk_label_set_text (self->name_label, dg_panel_company_name (doc, company));
  dg_panel_set_text (self->description_label, dg_company_get_description (c));

  summary = dg_company_summary_new (doc, self->analysis, company, DG_PANEL_SHARE_BUDGET);
  set_facts (self, c);
  set_money_and_deals (self, summary);
  set_shares (self, summary);
  set_cycles (self, FALSE);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/**
 * dg_company_panel_get_company:
 * @self: a company panel
 *
 * Returns: the index of the company shown, or %G_MAXUINT when none
 */
guint
dg_company_panel_get_company (DgCompanyPanel *self)
{
  g_return_val_if_fail (DG_IS_COMPANY_PANEL (self), G_MAXUINT);

  return self->company;
}
