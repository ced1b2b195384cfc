/* dg-filter-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widgets only edit a DgFilter; the window applies it to the canvas,
 * the lists and the analysis, so the same filter serves export and tour.
 */
#define G_LOG_DOMAIN "dealgraph-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-filter-bar.h"

#define PLAY_INTERVAL_MS 700

static const double min_amounts[] = { 0, 100e6, 1e9, 10e9, 100e9 };

struct _DgFilterBar
{
  GtkWidget parent_instance;

  DgFilter filter;
  guint *months;            /* YYYYMM with announced deals, sorted */
  guint n_months;
  gboolean updating;
  guint play_source;
  GtkCheckButton *deal_kind_checks[DG_N_DEAL_KINDS];
  GtkCheckButton *status_checks[DG_N_DEAL_STATUSES];
  GtkCheckButton *company_kind_checks[DG_N_COMPANY_KINDS];

  GtkMenuButton *deal_kinds_button;
  GtkMenuButton *statuses_button;
  GtkMenuButton *company_kinds_button;
  GtkDropDown *min_amount_dropdown;
  GtkCheckButton *undisclosed_check;
  GtkLabel *summary_label;
  GtkButton *reset_button;
  GtkButton *play_button;
  GtkScale *timeline_scale;
  GtkAdjustment *timeline_adjustment;
  GtkLabel *as_of_label;
};

G_DEFINE_FINAL_TYPE (DgFilterBar, dg_filter_bar, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint32
read_bits (GtkCheckButton **checks,
           guint            n)
{
  guint32 bits = 0;

  for (guint i = 0; i < n; i++)
    if (gtk_check_button_get_active (checks[i]))
      bits |= 1u << i;
  return bits;
}

static void
update_as_of_label (DgFilterBar *self)
{
  g_autofree char *label = NULL;

  if (self->filter.as_of == 0)
    label = g_strdup (_("All dates"));
  else
    label = dg_filter_format_as_of_label (self->filter.as_of);
  gtk_label_set_text (self->as_of_label, label);
}

static void
mark_filtered (GtkWidget *button,
               guint32    bits,
               guint      n)
{
  guint32 all = (1u << n) - 1;

  /* A filtered group shows it on its button, so nobody wonders why deals
   * are missing. */
  if ((bits & all) != all)
    gtk_widget_add_css_class (button, "dg-filtered");
  else
    gtk_widget_remove_css_class (button, "dg-filtered");
}

static void
update_buttons (DgFilterBar *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), !dg_filter_is_default (&self->filter));
  mark_filtered (GTK_WIDGET (self->deal_kinds_button), self->filter.deal_kinds, DG_N_DEAL_KINDS);
  mark_filtered (GTK_WIDGET (self->statuses_button), self->filter.statuses, DG_N_DEAL_STATUSES);
  mark_filtered (GTK_WIDGET (self->company_kinds_button), self->filter.company_kinds, DG_N_COMPANY_KINDS);
}

static void
changed_cb (DgFilterBar *self)
{
  guint min;

  if (self->updating)
    return;

  self->filter.deal_kinds = read_bits (self->deal_kind_checks, DG_N_DEAL_KINDS);
  self->filter.statuses = read_bits (self->status_checks, DG_N_DEAL_STATUSES);
  self->filter.company_kinds = read_bits (self->company_kind_checks, DG_N_COMPANY_KINDS);
  min = gtk_drop_down_get_selected (self->min_amount_dropdown);
  self->filter.min_amount = min < G_N_ELEMENTS (min_amounts) ? min_amounts[min] : 0;
  self->filter.include_undisclosed = gtk_check_button_get_active (self->undisclosed_check);

  update_buttons (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
timeline_changed_cb (DgFilterBar *self)
{
  guint v = (guint) gtk_adjustment_get_value (self->timeline_adjustment);

  if (self->updating)
    return;

  /* The last stop means "no date limit". */
  self->filter.as_of = v < self->n_months ? dg_filter_as_of_for_month (self->months[v]) : 0;
  update_as_of_label (self);
  update_buttons (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
play_tick_cb (gpointer user_data)
{
  DgFilterBar *self = user_data;
  double v = gtk_adjustment_get_value (self->timeline_adjustment);

  if (v >= self->n_months)
    {
      self->play_source = 0;
      dg_filter_bar_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (self->timeline_adjustment, v + 1);
  return G_SOURCE_CONTINUE;
}

void
dg_filter_bar_set_playing (DgFilterBar *self,
                           gboolean     playing)
{
  g_return_if_fail (DG_IS_FILTER_BAR (self));

  g_clear_handle_id (&self->play_source, g_source_remove);
  if (playing && self->n_months > 0)
    {
      /* Playing before the first step, so the window knows this change
       * comes from the player, not from the user. */
      self->play_source = g_timeout_add (PLAY_INTERVAL_MS, play_tick_cb, self);
      /* From the start when the scrubber is at the end already. */
      if (gtk_adjustment_get_value (self->timeline_adjustment) >= self->n_months)
        gtk_adjustment_set_value (self->timeline_adjustment, 0);
    }
  gtk_button_set_icon_name (self->play_button,
                            self->play_source ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->play_source ? _("Pause the Timeline") : _("Play the Timeline Month by Month"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->play_source ? _("Pause") : _("Play"),
                                  -1);
}

gboolean
dg_filter_bar_get_playing (DgFilterBar *self)
{
  g_return_val_if_fail (DG_IS_FILTER_BAR (self), FALSE);
  return self->play_source != 0;
}

static void
play_clicked_cb (DgFilterBar *self)
{
  dg_filter_bar_set_playing (self, self->play_source == 0);
}

static void
reset_clicked_cb (DgFilterBar *self)
{
  DgFilter all;

  dg_filter_init (&all);
  dg_filter_bar_set_filter (self, &all);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
make_check_popover (DgFilterBar     *self,
                    GtkCheckButton **checks,
                    guint            n,
                    const char    *(*label) (guint))
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  for (guint i = 0; i < n; i++)
    {
      checks[i] = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (label (i)));
      gtk_check_button_set_active (checks[i], TRUE);
      g_signal_connect_swapped (checks[i], "toggled", G_CALLBACK (changed_cb), self);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (checks[i]));
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  return popover;
}

static const char *deal_kind_label (guint i) { return dg_deal_kind_label (i); }
static const char *status_label (guint i) { return dg_deal_status_label (i); }
static const char *company_kind_label (guint i) { return dg_company_kind_label (i); }

static void
set_checks (GtkCheckButton **checks,
            guint            n,
            guint32          bits)
{
  for (guint i = 0; i < n; i++)
    gtk_check_button_set_active (checks[i], (bits & (1u << i)) != 0);
}

static guint
month_position (DgFilterBar *self,
                gint32       as_of)
{
  guint month;

  if (as_of == 0)
    return self->n_months;
  month = dg_filter_month_of_date (as_of);
  for (guint i = 0; i < self->n_months; i++)
    if (self->months[i] >= month)
      return i;
  return self->n_months;
}

void
dg_filter_bar_set_filter (DgFilterBar    *self,
                          const DgFilter *filter)
{
  guint min = 0;

  g_return_if_fail (DG_IS_FILTER_BAR (self));
  g_return_if_fail (filter != NULL);

  self->filter = *filter;
  self->updating = TRUE;
  set_checks (self->deal_kind_checks, DG_N_DEAL_KINDS, filter->deal_kinds);
  set_checks (self->status_checks, DG_N_DEAL_STATUSES, filter->statuses);
  set_checks (self->company_kind_checks, DG_N_COMPANY_KINDS, filter->company_kinds);
  for (guint i = 0; i < G_N_ELEMENTS (min_amounts); i++)
    if (filter->min_amount >= min_amounts[i])
      min = i;
  gtk_drop_down_set_selected (self->min_amount_dropdown, min);
  gtk_check_button_set_active (self->undisclosed_check, filter->include_undisclosed);
  gtk_adjustment_set_value (self->timeline_adjustment, month_position (self, filter->as_of));
  self->updating = FALSE;

  update_as_of_label (self);
  update_buttons (self);
}

const DgFilter *
dg_filter_bar_get_filter (DgFilterBar *self)
{
  g_return_val_if_fail (DG_IS_FILTER_BAR (self), NULL);
  return &self->filter;
}

void
dg_filter_bar_set_graph (DgFilterBar *self,
                         DgGraph     *graph)
{
  g_return_if_fail (DG_IS_FILTER_BAR (self));

  dg_filter_bar_set_playing (self, FALSE);
  g_free (self->months);
  {
    /* Every month from the first deal to the last, so the scrubber's
     * distances are time, not a count of busy months. */
    g_autofree guint *busy = NULL;
    guint n_busy = 0;

    busy = dg_filter_get_months (graph, &n_busy);
    self->n_months = 0;
    self->months = NULL;
    if (n_busy > 0)
      {
        GArray *all = g_array_new (FALSE, FALSE, sizeof (guint));

        for (guint m = busy[0]; m <= busy[n_busy - 1]; m = dg_filter_month_add (m, 1))
          g_array_append_val (all, m);
        self->n_months = all->len;
        self->months = (guint *) (gpointer) g_array_free (all, FALSE);
      }
  }

  self->updating = TRUE;
  gtk_adjustment_configure (self->timeline_adjustment, self->n_months, 0, self->n_months, 1, 12, 0);
  gtk_scale_clear_marks (self->timeline_scale);
  for (guint i = 0; i < self->n_months; i++)
    if (self->months[i] % 100 == 1)
      {
        g_autofree char *year = g_strdup_printf ("%u", self->months[i] / 100);

        gtk_scale_add_mark (self->timeline_scale, i, GTK_POS_BOTTOM, year);
      }
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->timeline_scale), self->n_months > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), self->n_months > 0);
}

void
dg_filter_bar_set_month (DgFilterBar *self,
                         guint        month)
{
  g_return_if_fail (DG_IS_FILTER_BAR (self));
  gtk_adjustment_set_value (self->timeline_adjustment, month_position (self, dg_filter_as_of_for_month (month)));
}

void
dg_filter_bar_set_summary (DgFilterBar *self,
                           const char  *summary)
{
  g_return_if_fail (DG_IS_FILTER_BAR (self));
  gtk_label_set_text (self->summary_label, summary);
}

static void
dg_filter_bar_dispose (GObject *object)
{
  DgFilterBar *self = DG_FILTER_BAR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->play_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_FILTER_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_filter_bar_parent_class)->dispose (object);
}

static void
dg_filter_bar_finalize (GObject *object)
{
  DgFilterBar *self = DG_FILTER_BAR (object);

  g_free (self->months);

  G_OBJECT_CLASS (dg_filter_bar_parent_class)->finalize (object);
}

static void
dg_filter_bar_class_init (DgFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_filter_bar_dispose;
  object_class->finalize = dg_filter_bar_finalize;

  /**
   * DgFilterBar::changed:
   *
   * The filter changed; dg_filter_bar_get_filter() has it.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dgfilterbar");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dealgraph/Dealgraph/ui/dg-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, deal_kinds_button);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, statuses_button);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, company_kinds_button);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, min_amount_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, undisclosed_check);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, reset_button);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, timeline_scale);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, timeline_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DgFilterBar, as_of_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timeline_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, play_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
dg_filter_bar_init (DgFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  dg_filter_init (&self->filter);
  gtk_menu_button_set_popover (self->deal_kinds_button,
                               make_check_popover (self, self->deal_kind_checks, DG_N_DEAL_KINDS, deal_kind_label));
  gtk_menu_button_set_popover (self->statuses_button,
                               make_check_popover (self, self->status_checks, DG_N_DEAL_STATUSES, status_label));
  gtk_menu_button_set_popover (self->company_kinds_button,
                               make_check_popover (self, self->company_kind_checks, DG_N_COMPANY_KINDS,
                                                   company_kind_label));
  update_as_of_label (self);
  update_buttons (self);
}
