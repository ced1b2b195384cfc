/* dg-history-view.c: a deal's history and a company's valuations, for the
 * side panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panels own their layout; these functions build the sections that
 * show how a deal or a company changed over time (docs/file-format.md,
 * "Deal histories"), from what src/core/dg-deal-state.c reads. Every text
 * from the file is set as plain text, never as markup.
 */
#define G_LOG_DOMAIN "dealgraph-history-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-deal-state.h"
#include "dg-format.h"
#include "dg-history-view.h"
#include "dg-panel-util-private.h"

/* "sources 1, 3" for indices into the deal's sources (the panel numbers its
 * sources from 1); NULL for none. */
static char *
sources_text (GArray *sources)
{
  g_autoptr(GString) numbers = NULL;

  if (sources == NULL || sources->len == 0)
    return NULL;
  numbers = g_string_new (NULL);
  for (guint i = 0; i < sources->len; i++)
    g_string_append_printf (numbers, "%s%u", i > 0 ? ", " : "", g_array_index (sources, guint, i) + 1);
  /* Translators: which of the deal's sources (numbered from 1) say this, e.g. "sources 1, 3" */
  return g_strdup_printf (ngettext ("source %s", "sources %s", sources->len), numbers->str);
}

static char *
amount_text (const DgAmount *amount)
{
  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    return g_strdup (_("Undisclosed"));
  return dg_amount_format_locale (amount);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
note_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
boxed_list (const char *name,
            const char *accessible)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_set_name (list, name);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "dg-boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return list;
}

/* A mark on the deal: "Sources disagree" with each source's figure, or
 * "Single source". */
static GtkWidget *
confidence_box (DgConfidence  confidence,
                GPtrArray    *figures)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *mark;

  if (confidence == DG_CONFIDENCE_SINGLE_SOURCE)
    {
      /* Translators: a mark on a deal that only one page reports */
      mark = gtk_label_new (_("Single source"));
      gtk_widget_set_tooltip_text (mark, _("Only one page reports this deal as it stands"));
      gtk_widget_set_halign (mark, GTK_ALIGN_START);
      gtk_widget_add_css_class (mark, "dg-confidence-mark");
      gtk_box_append (GTK_BOX (box), mark);
      return box;
    }

  /* Translators: a mark on a deal whose sources give different figures */
  mark = gtk_label_new (_("Sources disagree"));
  gtk_widget_set_tooltip_text (mark, _("The amount shown is the range the sources span"));
  gtk_widget_set_halign (mark, GTK_ALIGN_START);
  gtk_widget_add_css_class (mark, "dg-confidence-mark");
  gtk_box_append (GTK_BOX (box), mark);

  if (figures != NULL && figures->len > 0)
    {
      GtkWidget *list = boxed_list ("figures", _("What each source says"));

      for (guint i = 0; i < figures->len; i++)
        {
          DgFigure *figure = g_ptr_array_index (figures, i);
          g_autofree char *amount = figure->has_amount ? amount_text (&figure->amount) : NULL;
          g_autofree char *which = sources_text (figure->sources);
          g_autofree char *title = NULL;
          g_autofree char *accessible = NULL;

          if (figure->has_status && amount != NULL)
            title = g_strdup_printf ("%s, %s", dg_deal_status_label (figure->status), amount);
          else if (figure->has_status)
            title = g_strdup (dg_deal_status_label (figure->status));
          accessible = g_strjoin (", ", title != NULL ? title : amount != NULL ? amount : "", figure->note,
                                  which != NULL ? which : "", NULL);
          gtk_list_box_append (GTK_LIST_BOX (list),
                               dg_panel_row_new (NULL, figure->note, which,
                                                 title != NULL ? title : amount, FALSE, FALSE, accessible));
        }
      gtk_box_append (GTK_BOX (box), list);
    }
  return box;
}

/* An activatable row that opens another deal, appended to @links. */
static void
add_link (GtkWidget  *links,
          const char *relation,
          DgDeal     *other,
          guint      *n_links)
{
  g_autofree char *amount = amount_text (dg_deal_get_amount (other));
  const char *title = dg_deal_get_title (other);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", relation, title != NULL ? title : dg_deal_get_id (other));
  GtkWidget *row = dg_panel_row_new (NULL, relation, title != NULL ? title : dg_deal_get_id (other), amount, FALSE,
                                     FALSE, accessible);



  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  dg_panel_row_set_target (row, DG_PANEL_ROW_DEAL, dg_deal_get_index (other));
  gtk_list_box_append (GTK_LIST_BOX (links), row);
  (*n_links)++;
}

/**
 * dg_history_view_new_for_deal:
 * @doc: a document
 * @deal: index of a deal in @doc
 * @links_out: (out) (transfer none) (nullable): the list of links to other
 *   deals (replaced by, replaces, part of, overlaps), whose rows carry their
 *   target (dg_panel_row_get_target()), or %NULL when there are none
 *
 * The deal panel's section on how sure the deal is, how it links to other
 * deals and how it changed: marks, links and a small dated list.
 *
 * Returns: (transfer floating) (nullable): the section, or %NULL when the
 *   deal has nothing of that kind
 */
GtkWidget *
dg_history_view_new_for_deal (DgDocument  *doc,
                              guint        deal,
                              GtkListBox **links_out)
{
  DgDeal *d = dg_document_get_deal (doc, deal);
  const DgDealTimeline *timeline = dg_deal_get_timeline (d);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *links = boxed_list ("related-deals", _("Related deals"));
  gboolean any = FALSE;
  guint n_links = 0;
  DgDeal *other;

  if (links_out != NULL)
    *links_out = NULL;
  gtk_widget_add_css_class (box, "dg-history");

  if (timeline->confidence != DG_CONFIDENCE_AGREED)
    {
      gtk_box_append (GTK_BOX (box), confidence_box (timeline->confidence, timeline->figures));
      any = TRUE;
    }

  /* Links both ways: the file stores "replaced_by" on the old deal only. */
  if (timeline->replaced_by != NULL && (other = dg_document_lookup_deal (doc, timeline->replaced_by)) != NULL)
    /* Translators: a link from a cancelled deal to the deal that took its place */
    add_link (links, _("Replaced by"), other, &n_links);
  for (guint i = 0; i < dg_document_get_n_deals (doc); i++)
    {
      DgDeal *candidate = dg_document_get_deal (doc, i);
      const DgDealTimeline *t;

      if (i == deal)
        continue;
      t = dg_deal_get_timeline (candidate);
      if (g_strcmp0 (t->replaced_by, dg_deal_get_id (d)) == 0)
        /* Translators: a link from a deal to the cancelled deal whose place it took */
        add_link (links, _("Replaces"), candidate, &n_links);
      if (g_strcmp0 (t->part_of, dg_deal_get_id (d)) == 0)
        /* Translators: a link from a deal (a round) to a deal counted inside its amount */
        add_link (links, _("Includes"), candidate, &n_links);
      if (g_ptr_array_find_with_equal_func (t->overlaps, dg_deal_get_id (d), g_str_equal, NULL))
        /* Translators: a link to a deal that is the same arrangement seen from another side */
        add_link (links, _("Overlaps"), candidate, &n_links);
    }
  if (timeline->part_of != NULL && (other = dg_document_lookup_deal (doc, timeline->part_of)) != NULL)
    /* Translators: a link from a deal to the deal (a round) whose amount counts it */
    add_link (links, _("Part of"), other, &n_links);
  for (guint k = 0; k < timeline->overlaps->len; k++)
    if ((other = dg_document_lookup_deal (doc, g_ptr_array_index (timeline->overlaps, k))) != NULL)
      add_link (links, _("Overlaps"), other, &n_links);
  if (n_links > 0)
    {
      gtk_box_append (GTK_BOX (box), heading (_("Related Deals")));
      gtk_box_append (GTK_BOX (box), links);
      if (timeline->part_of != NULL)
        gtk_box_append (GTK_BOX (box), note_label (_("Its amount is counted inside the deal it is part of, "
                                                     "so totals add it once.")));
      if (links_out != NULL)
        *links_out = GTK_LIST_BOX (links);
      any = TRUE;
    }
  else
    {
      g_object_ref_sink (links);
      g_object_unref (links);
    }

  if (timeline->events->len > 0)
    {
      GtkWidget *list = boxed_list ("history", _("History"));
      DgAmount amount = { DG_AMOUNT_UNDISCLOSED, NAN, NAN, NAN };

      gtk_box_append (GTK_BOX (box), heading (_("History")));
      for (guint i = 0; i < timeline->events->len; i++)
        {
          DgDealEvent *event = g_ptr_array_index (timeline->events, i);
          g_autofree char *date = dg_format_date_locale (event->date);
          g_autofree char *which = sources_text (event->sources);
          g_autofree char *figure = NULL;
          g_autofree char *title = NULL;
          g_autofree char *subtitle = NULL;
          g_autofree char *accessible = NULL;
          GtkWidget *row;

          if (event->has_amount)
            {
              amount = event->amount;
              figure = amount_text (&amount);
            }
          /* Translators: a dated event of a deal's history, e.g. "January 30, 2026: Stalled" */
          title = g_strdup_printf (_("%1$s: %2$s"), date, dg_deal_status_label (event->status_enum));
          if (event->note != NULL && which != NULL)
            subtitle = g_strdup_printf ("%s (%s)", event->note, which);
          else
            subtitle = g_strdup (event->note != NULL ? event->note : which);
          accessible = g_strjoin (", ", title, figure != NULL ? figure : "", subtitle != NULL ? subtitle : "", NULL);
          row = dg_panel_row_new (NULL, title, subtitle, figure, FALSE, FALSE, accessible);
          if (event->status_enum == DG_DEAL_STATUS_STALLED || event->status_enum == DG_DEAL_STATUS_CANCELLED)
            gtk_widget_add_css_class (row, "dg-history-setback");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_box_append (GTK_BOX (box), list);
      any = TRUE;
    }

  if (!any)
    {
      g_object_ref_sink (box);
      g_object_unref (box);
      return NULL;
    }
  return box;
}

/**
 * dg_history_view_new_for_company:
 * @company: a company
 *
 * The company panel's valuations over time, newest first.
 *
 * Returns: (transfer floating) (nullable): the section, or %NULL when the
 *   company has no dated valuations
 */
GtkWidget *
dg_history_view_new_for_company (DgCompany *company)
{
  GPtrArray *valuations = dg_company_get_valuations (company);
  GtkWidget *box, *list;

  if (valuations == NULL || valuations->len == 0)
    return NULL;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  list = boxed_list ("valuations", _("Valuation over time"));
  gtk_box_append (GTK_BOX (box), heading (_("Valuation over Time")));
  for (guint i = valuations->len; i-- > 0;)
    {
      DgValuation *v = g_ptr_array_index (valuations, i);
      g_autofree char *date = dg_format_date_locale (v->date);
      g_autofree char *money = dg_format_money_locale (v->valuation);
      g_autofree char *publishers = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *accessible = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint k = 0; k < v->sources->len; k++)
        g_ptr_array_add (names, ((DgSource *) g_ptr_array_index (v->sources, k))->publisher);
      g_ptr_array_add (names, NULL);
      publishers = g_strjoinv (", ", (char **) names->pdata);
      if (v->note != NULL && *publishers != '\0')
        subtitle = g_strdup_printf ("%s (%s)", v->note, publishers);
      else
        subtitle = g_strdup (v->note != NULL ? v->note : publishers);
      accessible = g_strjoin (", ", date, money, subtitle, NULL);
      gtk_list_box_append (GTK_LIST_BOX (list), dg_panel_row_new (NULL, date, subtitle, money, FALSE, FALSE,
                                                                  accessible));
    }
  gtk_box_append (GTK_BOX (box), list);
  return box;
}

/**
 * dg_history_view_clear:
 * @view: a section made here
 *
 * Empties its lists row by row before the panel drops it, and takes the
 * keyboard focus off it if it was inside: a list box taken away whole
 * with its focused row in it leaves GTK 4.8 holding that row.
 */
void
dg_history_view_clear (GtkWidget *view)
{
  GtkRoot *root = gtk_widget_get_root (view);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == view || gtk_widget_is_ancestor (focus, view)))
    gtk_root_set_focus (root, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX (child))
        dg_panel_clear_list (GTK_LIST_BOX (child));
      else
        dg_history_view_clear (child);
    }
}
