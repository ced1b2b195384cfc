/* dg-deal-panel.c: the side panel for one deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who pays whom, how much, when and how sure, where it comes from, and
 * whether the money can come back.
 */
#define G_LOG_DOMAIN "dealgraph-deal-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-a11y.h"
#include "dg-app-resources.h"
#include "dg-deal-panel.h"
#include "dg-session.h"
#include "dg-deal-state.h"
#include "dg-filter.h"
#include "dg-format.h"
#include "dg-history-view.h"
#include "dg-panel-util-private.h"
#include "dg-story.h"

struct _DgDealPanel
{
  GtkWidget parent_instance;

  DgSession *session;       /* followed: its selection and analysis */

  DgDocument *document;
  DgAnalysis *analysis;
  guint deal;
  guint payer;
  guint payee;
  gint32 as_of;               /* the timeline's date, or 0 for the latest */

  /* Template children */
  GtkScrolledWindow *scroller;
  GtkLabel *kind_label;
  GtkLabel *title_label;
  GtkWidget *payer_button;
  GtkLabel *payer_label;
  GtkWidget *payee_button;
  GtkLabel *payee_label;
  GtkLabel *amount_label;
  GtkLabel *amount_note_label;
  GtkLabel *status_label;
  GtkLabel *status_note_label;
  GtkWidget *announced_row;
  GtkLabel *announced_label;
  GtkWidget *term_row;
  GtkLabel *term_label;
  GtkLabel *description_label;
  GtkWidget *round_trip_box;
  GtkLabel *share_label;
  GtkLabel *share_detail_label;
  GtkWidget *cycles_box;
  GtkLabel *cycles_count_label;
  GtkWidget *cycles_empty_label;
  GtkListBox *cycles_list;
  GtkWidget *cycles_limit_label;
  GtkWidget *sources_box;
  GtkLabel *sources_count_label;
  GtkListBox *sources_list;
  GtkWidget *history_view;     /* dg-history-view.c's section, or NULL */
};

G_DEFINE_FINAL_TYPE (DgDealPanel, dg_deal_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COMPANY_ACTIVATED,
  CYCLE_ACTIVATED,
  DEAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
plain_label (const char *text,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (dim)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
    }
  return label;
}

/* One source: publisher and date, the title as a link that opens the
 * browser (web links only), and where it was found. */
static GtkWidget *
source_row (const DgSource *source,
            guint           number)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *publisher = plain_label (source->publisher != NULL ? source->publisher : "", FALSE);
  g_autofree char *date = dg_format_date_locale (source->date);
  gboolean web = dg_panel_uri_is_web (source->url);
  const char *title = source->title;

  /* Numbered when the history or the figures refer to sources by number. */
  if (number > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", number);
      GtkWidget *number_label = plain_label (text, TRUE);

      gtk_widget_add_css_class (number_label, "numeric");
      gtk_widget_set_valign (number_label, GTK_ALIGN_BASELINE);
      gtk_box_append (GTK_BOX (head), number_label);
    }
  gtk_widget_set_hexpand (publisher, TRUE);
  gtk_widget_add_css_class (publisher, "dg-source-publisher");
  gtk_box_append (GTK_BOX (head), publisher);
  if (date != NULL)
    {
      GtkWidget *date_label = plain_label (date, TRUE);

      gtk_label_set_xalign (GTK_LABEL (date_label), 1);
      gtk_label_set_wrap (GTK_LABEL (date_label), FALSE);
      gtk_widget_set_valign (date_label, GTK_ALIGN_BASELINE);
      gtk_widget_add_css_class (date_label, "numeric");
      gtk_box_append (GTK_BOX (head), date_label);
    }
  gtk_box_append (GTK_BOX (box), head);

  if (web)
    {
      g_autofree char *shown = NULL;

      if (title == NULL || *title == '\0')
        {
          shown = dg_panel_display_url (source->url);
          title = shown;
        }
      gtk_box_append (GTK_BOX (box), dg_panel_link_button_new (source->url, title));
    }
  else
    {
      if (title != NULL && *title != '\0')
        gtk_box_append (GTK_BOX (box), plain_label (title, FALSE));
      if (source->url != NULL && *source->url != '\0')
        {
          /* Shown, so nothing is hidden, but never opened: not a web link. */
          GtkWidget *url = plain_label (source->url, TRUE);

          gtk_label_set_selectable (GTK_LABEL (url), TRUE);
          gtk_box_append (GTK_BOX (box), url);
        }
    }

  if (source->via != NULL && *source->via != '\0')
    {
      /* Translators: where a source was found, e.g. "via Reuters" */
      g_autofree char *via = g_strdup_printf (_("via %s"), source->via);

      gtk_box_append (GTK_BOX (box), plain_label (via, TRUE));
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dg-source-row");
  dg_a11y_name_row_by_labels (row);
  return row;
}

/* The deal at the timeline's date, when it is on and the deal's history
 * says more than its latest state; FALSE for the latest. */
static gboolean
dated_state (DgDealPanel *self,
             DgDeal      *deal,
             DgDealState *state)
{
  if (self->as_of == 0 || !dg_deal_has_history (deal))
    return FALSE;
  dg_deal_get_state_at (deal, self->as_of, state);
  return TRUE;
}

static void
set_amount (DgDealPanel *self,
            DgDeal      *deal)
{
  const DgAmount *amount = dg_deal_get_amount (deal);
  DgDealState state;
  gboolean dated = dated_state (self, deal, &state);

  if (dated && !state.exists)
    {
      /* Not announced yet at that date. */
      gtk_label_set_text (self->amount_label, "—");
      gtk_widget_add_css_class (GTK_WIDGET (self->amount_label), "dim-label");
      dg_panel_set_text (self->amount_note_label, NULL);
      return;
    }
  if (dated)
    amount = &state.amount;
  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    {
      gtk_label_set_text (self->amount_label, _("Undisclosed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->amount_label), "dim-label");
    }
  else
    {
      g_autofree char *text = dg_amount_format_locale (amount);

      gtk_label_set_text (self->amount_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->amount_label), "dim-label");
    }
  /* The file's note speaks of the latest amount. */
  dg_panel_set_text (self->amount_note_label, dated ? NULL : dg_deal_get_amount_note (deal));
}

static void
set_facts (DgDealPanel *self,
           DgDeal      *deal)
{
  DgDealStatus status = dg_deal_get_status_enum (deal);
  const char *status_note = dg_deal_get_status_note (deal);
  const char *term = dg_deal_get_term (deal);
  g_autofree char *announced = dg_format_date_locale (dg_deal_get_announced (deal));
  g_autofree char *dated_note = NULL;
  DgDealState state;

  if (dated_state (self, deal, &state))
    {
      /* The timeline's month, and what the history said last by then. */
      g_autofree char *when = dg_filter_format_as_of_label (self->as_of);

      status = state.status;
      if (state.event != NULL && state.event->note != NULL)
        dated_note = g_strdup_printf ("%s · %s", when, state.event->note);
      else
        dated_note = g_steal_pointer (&when);
      status_note = dated_note;
      if (!state.exists)
        {
          gtk_label_set_text (self->status_label, _("Not yet announced"));
          dg_panel_set_text (self->status_note_label, status_note);
          status_note = NULL;
          goto rest;
        }
    }

  gtk_label_set_text (self->status_label, dg_deal_status_label (status));
  /* Files often repeat the status as its note ("completed"): say it once. */
  if (status_note != NULL &&
      (g_ascii_strcasecmp (status_note, dg_deal_status_to_string (status)) == 0 ||
       g_ascii_strcasecmp (status_note, dg_deal_status_label (status)) == 0))
    status_note = NULL;
  dg_panel_set_text (self->status_note_label, status_note);

rest:
  dg_panel_set_text (self->announced_label, announced);
  gtk_widget_set_visible (self->announced_row, announced != NULL && *announced != '\0');

  dg_panel_set_text (self->term_label, term);
  gtk_widget_set_visible (self->term_row, term != NULL && *term != '\0');
}

static void
set_share (DgDealPanel *self)
{
  const DgDealShare *share;
  DgDealShare computed;
  gboolean in_time = TRUE;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;

  if (self->analysis == NULL)
    {
      gtk_widget_set_visible (self->round_trip_box, FALSE);
      return;
    }

  /* A big graph's analysis may skip shares, or stop before this one: then
   * work out this deal's share alone, within a budget the click can afford. */
  if (self->analysis->deal_share != NULL && self->analysis->shares_limit == DG_ANALYSIS_LIMIT_NONE)
    share = &self->analysis->deal_share[self->deal];
  else
    {
      in_time = dg_analysis_compute_deal_share (self->analysis, self->deal, DG_PANEL_SHARE_BUDGET, &computed);
      share = &computed;
    }
  gtk_widget_set_visible (self->round_trip_box, TRUE);

  text = dg_analysis_format_share (share->share_low, share->share_high, share->n_unknown);
  gtk_label_set_text (self->share_label, text);

  if (isnan (share->amount_low) && isnan (share->amount_high))
    detail = g_strdup (_("Its amount is undisclosed, so its share is unknown"));
  else if (!in_time || (isnan (share->back_low) && isnan (share->back_high)))
    detail = g_strdup (_("Not computed within the time limit"));
  else
    {
      /* "up to $X" has no low end to speak of; a NAN end takes the other. */
      double back_low = isnan (share->back_low) ? share->back_high : share->back_low;
      double back_high = isnan (share->back_high) ? share->back_low : share->back_high;
      double amount_low = isnan (share->amount_low) ? share->amount_high : share->amount_low;
      double amount_high = isnan (share->amount_high) ? share->amount_low : share->amount_high;
      g_autofree char *back = dg_panel_format_sum (back_low, back_high);
      g_autofree char *sent = dg_panel_format_sum (amount_low, amount_high);

      /* Translators: under a deal's round-trip share, e.g. "$10B of $38B can come back to OpenAI" */
      detail = g_strdup_printf (_("%1$s of %2$s can come back to %3$s"),
                                back, sent, dg_panel_company_name (self->document, self->payer));
    }
  dg_panel_set_text (self->share_detail_label, detail);
}

static void
set_cycles (DgDealPanel *self,
            gboolean     all)
{
  const guint *cycles;
  guint n_cycles = 0;
  g_autofree char *count = NULL;
  gboolean cyclic;

  dg_panel_clear_list (self->cycles_list);

  if (self->analysis == NULL || !(self->analysis->options.flags & DG_ANALYSIS_CYCLES))
    {
      gtk_widget_set_visible (self->cycles_box, FALSE);
      return;
    }

  cycles = dg_analysis_get_cycles_for_edge (self->analysis, self->deal, &n_cycles);
  cyclic = self->analysis->edge_cyclic[self->deal];
  gtk_widget_set_visible (self->cycles_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->cycles_count_label), n_cycles > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cycles_list), n_cycles > 0);
  gtk_widget_set_visible (self->cycles_empty_label, !cyclic);
  gtk_widget_set_visible (self->cycles_limit_label,
                          cyclic && (self->analysis->cycles_limit != DG_ANALYSIS_LIMIT_NONE ||
                                     self->analysis->cycles_length_limited));

  /* The list has a row per route: count those. */
  count = g_strdup_printf ("%u", dg_panel_fill_cycles (self->cycles_list, self->document, self->analysis,
                                                       cycles, n_cycles, self->payer, all));
  gtk_label_set_text (self->cycles_count_label, count);
}

static void
set_sources (DgDealPanel *self,
             DgDeal      *deal)
{
  GPtrArray *sources = dg_deal_get_sources (deal);
  guint n = sources != NULL ? sources->len : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);
  const DgDealTimeline *timeline;
  gboolean numbered;

  dg_panel_clear_list (self->sources_list);
  gtk_label_set_text (self->sources_count_label, count);
  gtk_widget_set_visible (self->sources_box, n > 0);

  timeline = dg_deal_get_timeline (deal);
  numbered = timeline->events->len > 0 || timeline->figures->len > 0;
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->sources_list, source_row (g_ptr_array_index (sources, i), numbered ? i + 1 : 0));
}

static void
link_activated_cb (DgDealPanel   *self,
                   GtkListBoxRow *row,
                   GtkListBox    *list)
{
  DgPanelRowKind kind;
  guint index;

  if (dg_panel_row_get_target (row, &kind, &index) && kind == DG_PANEL_ROW_DEAL)
    g_signal_emit (self, signals[DEAL_ACTIVATED], 0, index);
}

/* How sure the deal is, the deals it links to and its history, above its
 * sources (dg-history-view.c). */
static void
set_history (DgDealPanel *self)
{
  GtkListBox *links = NULL;

  if (self->history_view != NULL)
    {
      dg_history_view_clear (self->history_view);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->history_view)), self->history_view);
    }
  self->history_view = dg_history_view_new_for_deal (self->document, self->deal, &links);
  if (self->history_view == NULL)
    return;
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->sources_box)), self->history_view,
                              gtk_widget_get_prev_sibling (self->sources_box));
  if (links != NULL)
    g_signal_connect_object (links, "row-activated", G_CALLBACK (link_activated_cb), self, G_CONNECT_SWAPPED);
}

static void
payer_clicked_cb (DgDealPanel *self)
{
  if (self->deal != G_MAXUINT)
    g_signal_emit (self, signals[COMPANY_ACTIVATED], 0, self->payer);
}

static void
payee_clicked_cb (DgDealPanel *self)
{
  if (self->deal != G_MAXUINT)
    g_signal_emit (self, signals[COMPANY_ACTIVATED], 0, self->payee);
}

static void
row_activated_cb (DgDealPanel   *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  DgPanelRowKind kind;
  guint index;

  if (!dg_panel_row_get_target (row, &kind, &index))
    return;

  if (kind == DG_PANEL_ROW_CYCLE)
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
session_selection_cb (DgDealPanel *self)
{
  DgDocument *doc = dg_session_get_document (self->session);
  guint index;

  if (dg_session_get_selection (self->session, &index) != DG_SELECTION_DEAL || doc == NULL
      || index >= dg_document_get_n_deals (doc))
    return;
  dg_deal_panel_set_as_of (self, dg_session_get_filter (self->session)->as_of);
  dg_deal_panel_set_deal (self, doc, dg_session_get_analysis (self->session), index);
}

/* A worker's whole analysis replaced the quick one of the same graph: the
 * panel shows its cycles. An analysis of another state (a filter, an
 * edit) comes with a new selection, which shows it. */
static void
session_analysis_cb (DgDealPanel *self)
{
  DgAnalysis *analysis = dg_session_get_analysis (self->session);

  if (analysis != NULL && self->analysis != NULL && analysis->graph == self->analysis->graph
      && analysis != self->analysis)
    session_selection_cb (self);
}

/* The timeline's month: the deal's amount and status then. */
static void
session_filter_cb (DgDealPanel *self)
{
  dg_deal_panel_set_as_of (self, dg_session_get_filter (self->session)->as_of);
}

static void
set_session (DgDealPanel *self,
             DgSession   *session)
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
      g_signal_connect_object (session, "filter-changed", G_CALLBACK (session_filter_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
dg_deal_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DgDealPanel *self = DG_DEAL_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_deal_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DgDealPanel *self = DG_DEAL_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_deal_panel_dispose (GObject *object)
{
  DgDealPanel *self = DG_DEAL_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_DEAL_PANEL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->document);
  g_clear_pointer (&self->analysis, dg_analysis_unref);

  G_OBJECT_CLASS (dg_deal_panel_parent_class)->dispose (object);
}

static void
dg_deal_panel_class_init (DgDealPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_deal_panel_dispose;
  object_class->get_property = dg_deal_panel_get_property;
  object_class->set_property = dg_deal_panel_set_property;

  /* The session whose selection the panel shows when it is of its kind. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DG_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DgDealPanel::company-activated:
   * @self: the panel
   * @company: the index of the payer or payee whose button was clicked
   */
  signals[COMPANY_ACTIVATED] =
    g_signal_new ("company-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DgDealPanel::cycle-activated:
   * @self: the panel
   * @cycle: the index of the cycle (in the analysis) whose row was activated
   */
  signals[CYCLE_ACTIVATED] =
    g_signal_new ("cycle-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DgDealPanel::deal-activated:
   * @self: the panel
   * @deal: the index of a related deal whose row was activated (the deal
   *   that replaced this one, the round it is part of...)
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
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-deal-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, payer_button);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, payer_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, payee_button);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, payee_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, amount_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, amount_note_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, status_note_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, announced_row);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, announced_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, term_row);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, term_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, round_trip_box);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, share_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, share_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, cycles_box);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, cycles_count_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, cycles_empty_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, cycles_list);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, cycles_limit_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, sources_box);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, sources_count_label);
  gtk_widget_class_bind_template_child (widget_class, DgDealPanel, sources_list);
  gtk_widget_class_bind_template_callback (widget_class, payer_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, payee_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
dg_deal_panel_init (DgDealPanel *self)
{
  self->deal = G_MAXUINT;
  self->payer = G_MAXUINT;
  self->payee = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dg_deal_panel_new:
 *
 * Returns: (transfer floating): a new, empty deal panel
 */
GtkWidget *
dg_deal_panel_new (void)
{
  return g_object_new (DG_TYPE_DEAL_PANEL, NULL);
}

/**
 * dg_deal_panel_set_deal:
 * @self: a deal panel
 * @doc: the document
 * @analysis: (nullable): the analysis of @doc; without it the panel leaves
 *   out cycles and the round-trip share
 * @deal: index of the deal in @doc
 *
 * Fills the panel for @deal. The panel keeps references to @doc and
 * @analysis until the next call or until it is disposed.
 */
void
dg_deal_panel_set_deal (DgDealPanel *self,
                        DgDocument  *doc,
                        DgAnalysis  *analysis,
                        guint        deal)
{
  DgDeal *d;
  const char *title;
  g_autofree char *accessible = NULL;

  g_return_if_fail (DG_IS_DEAL_PANEL (self));
  g_return_if_fail (DG_IS_DOCUMENT (doc));
  g_return_if_fail (deal < dg_document_get_n_deals (doc));

  analysis = dg_panel_check_analysis (doc, analysis);
  g_set_object (&self->document, doc);
  if (self->analysis != analysis)
    {
      g_clear_pointer (&self->analysis, dg_analysis_unref);
      self->analysis = analysis != NULL ? dg_analysis_ref (analysis) : NULL;
    }

  d = dg_document_get_deal (doc, deal);
  self->deal = deal;
  self->payer = dg_deal_get_from_index (d);
  self->payee = dg_deal_get_to_index (d);

  gtk_label_set_text (self->kind_label, dg_deal_kind_label (dg_deal_get_kind_enum (d)));

  title = dg_deal_get_title (d);
  if (title != NULL && *title != '\0')
    gtk_label_set_text (self->title_label, title);
  else
    {
      /* No title in the file: the deal's sentence says what it is. */
      g_autofree char *story = dg_story_for_deal (doc, deal);

      gtk_label_set_text (self->title_label, story);
    }

  gtk_label_set_text (self->payer_label, dg_panel_company_name (doc, self->payer));
  gtk_label_set_text (self->payee_label, dg_panel_company_name (doc, self->payee));
  /* Translators: what a screen reader says for the payer button */
  accessible = g_strdup_printf (_("Payer: %s"), dg_panel_company_name (doc, self->payer));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->payer_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_free (accessible);
  /* Translators: what a screen reader says for the payee button */
  accessible = g_strdup_printf (_("Payee: %s"), dg_panel_company_name (doc, self->payee));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->payee_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  set_amount (self, d);
  set_facts (self, d);
  dg_panel_set_text (self->description_label, dg_deal_get_description (d));
  set_share (self);
  set_cycles (self, FALSE);
  set_sources (self, d);
  set_history (self);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/**
 * dg_deal_panel_get_deal:
 * @self: a deal panel
 *
 * Returns: the index of the deal shown, or %G_MAXUINT when none
 */
guint
dg_deal_panel_get_deal (DgDealPanel *self)
{
  g_return_val_if_fail (DG_IS_DEAL_PANEL (self), G_MAXUINT);

  return self->deal;
}

/**
 * dg_deal_panel_set_as_of:
 * @as_of: the timeline's date (packed, as in DgFilter), or 0 for the latest
 *
 * The amount and status at the top follow the timeline, as the drawing
 * does; the deal's history below lists every date.
 */
void
dg_deal_panel_set_as_of (DgDealPanel *self,
                         gint32       as_of)
{
  DgDeal *d;

  g_return_if_fail (DG_IS_DEAL_PANEL (self));

  if (self->as_of == as_of)
    return;
  self->as_of = as_of;
  if (self->document == NULL || self->deal >= dg_document_get_n_deals (self->document))
    return;
  d = dg_document_get_deal (self->document, self->deal);
  set_amount (self, d);
  set_facts (self, d);
}
