/* dg-tour-words.c: the tour's generated titles and captions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every sentence comes from where the rest of the app gets it: a route's
 * or a company's from dg-summary (the lists and the panels say the same),
 * a deal's from dg-story.
 */
#define G_LOG_DOMAIN "dealgraph-tour"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-format.h"
#include "dg-story.h"
#include "dg-summary.h"
#include "dg-tour.h"
#include "dg-tour-private.h"

/* Words ------------------------------------------------------------------- */

/* A cycle slide whose cycle is not in the analysis (filtered out, or the
 * search stopped before it): tell its deals one by one. */
static void
cycle_words_without_analysis (DgDocument   *doc,
                              const GArray *deals,
                              char        **title,
                              char        **caption)
{
  g_autofree const char **names = g_new (const char *, deals->len + 1);
  g_autoptr(GString) story = g_string_new (NULL);
  g_autofree char *dates = NULL;

  for (guint i = 0; i < deals->len; i++)
    {
      guint e = g_array_index (deals, guint, i);
      g_autofree char *sentence = dg_story_for_deal (doc, e);

      names[i] = dg_summary_company_name (doc, dg_deal_get_from_index (dg_document_get_deal (doc, e)));
      if (i > 0)
        g_string_append_c (story, ' ');
      g_string_append (story, sentence);
    }

  dates = dg_story_dates_sentence (doc, (const guint *) (gpointer) deals->data, deals->len);
  if (dates != NULL)
    g_string_append_printf (story, " %s", dates);

  *title = dg_format_chain (names, deals->len);
  *caption = g_string_free (g_steal_pointer (&story), FALSE);
}

/* A slide shows a route (every parallel deal of each step) or one cycle;
 * either way its words come from the summary everything else shows. */
void
dg_tour_cycle_words (DgTourSlide *slide,
                     DgDocument  *doc,
                     DgAnalysis  *analysis,
                     char       **title,
                     char       **caption)
{
  g_autoptr(GArray) deals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(DgCycleSummary) summary = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *dates = NULL;
  int route = -1, cycle = -1;

  *title = NULL;
  *caption = NULL;

  if (slide->deal_ids[0] == NULL || !dg_tour_lookup_deals (doc, (const char * const *) slide->deal_ids, deals))
    return;

  if (analysis != NULL)
    {
      route = dg_tour_slide_find_route (slide, doc, analysis);
      if (route < 0)
        cycle = dg_tour_slide_find_cycle (slide, doc, analysis);
    }
  if (route >= 0)
    summary = dg_cycle_summary_new_route (doc, analysis, (guint) route);
  else if (cycle >= 0)
    summary = dg_cycle_summary_new_cycle (doc, analysis, (guint) cycle);
  else
    {
      cycle_words_without_analysis (doc, deals, title, caption);
      return;
    }

  text = g_string_new (dg_cycle_summary_get_story (summary));
  if (summary->kind == DG_CYCLE_SUMMARY_ROUTE && summary->n_combinations > 1)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: on a route's slide: how many cycles its parallel deals make */
                              ngettext ("Its deals make %u cycle.", "Its deals make %u cycles.", summary->n_cycles),
                              summary->n_cycles);
    }
  else if (summary->kind == DG_CYCLE_SUMMARY_CYCLE && summary->n_cycles > 1)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: on a cycle's slide: its route has other combinations of deals */
                              ngettext ("It is one of %u cycle through these companies.",
                                        "It is one of %u cycles through these companies.", summary->n_cycles),
                              summary->n_cycles);
    }
  dates = dg_story_dates_sentence (doc, (const guint *) (gpointer) deals->data, deals->len);
  if (dates != NULL)
    g_string_append_printf (text, " %s", dates);

  *title = g_strdup (dg_cycle_summary_get_caption (summary));
  *caption = g_string_free (g_steal_pointer (&text), FALSE);
}

void
dg_tour_company_words (DgTourSlide *slide,
                       DgDocument  *doc,
                       DgAnalysis  *analysis,
                       char       **title,
                       char       **caption)
{
  DgCompany *company = slide->company_ids[0] != NULL
                       ? dg_document_lookup_company (doc, slide->company_ids[0]) : NULL;
  g_autoptr(DgCompanySummary) summary = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint v;

  *title = NULL;
  *caption = NULL;
  if (company == NULL)
    return;

  v = dg_company_get_index (company);
  *title = g_strdup (dg_summary_company_name (doc, v));

  if (analysis == NULL || v >= analysis->graph->n_nodes)
    {
      *caption = g_strdup ("");
      return;
    }

  /* The same figures and words as the company's panel. */
  summary = dg_company_summary_new (doc, analysis, v, 0);
  if (summary->cycles_sentence != NULL)
    g_string_append (text, summary->cycles_sentence);
  if (analysis->company_share != NULL)
    {
      if (summary->out_share_sentence != NULL)
        g_string_append_printf (text, " %s", summary->out_share_sentence);
      if (summary->in_share_sentence != NULL)
        g_string_append_printf (text, " %s", summary->in_share_sentence);
      g_string_append_c (text, ' ');
      g_string_append (text, _("Amounts span different terms, from one-off investments to multi-year contracts, "
                               "so these shares are rough."));
    }

  *caption = g_string_free (g_steal_pointer (&text), FALSE);
}

void
dg_tour_overview_words (DgDocument     *doc,
                        DgAnalysis     *analysis,
                        const DgFilter *filter,
                        char          **title,
                        char          **caption)
{
  DgGraph *graph = dg_document_get_graph (doc);
  g_autofree guint8 *edge_mask = g_new (guint8, MAX (graph->n_edges, 1));
  g_autofree guint8 *node_mask = g_new (guint8, MAX (graph->n_nodes, 1));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *companies = NULL;
  g_autofree char *deals = NULL;
  const char *doc_title = dg_document_get_title (doc);
  DgFilter all;
  guint n_deals, n_companies = 0;

  if (filter == NULL)
    {
      dg_filter_init (&all);
      filter = &all;
    }
  n_deals = dg_filter_apply (filter, graph, edge_mask, node_mask);
  n_deals -= dg_filter_apply_states (filter, doc, edge_mask, node_mask);
  for (guint v = 0; v < graph->n_nodes; v++)
    n_companies += node_mask[v];

  *title = g_strdup (doc_title != NULL && *doc_title != '\0' ? doc_title : _("Overview"));

  if (filter->as_of != 0)
    {
      g_autofree char *label = dg_filter_format_as_of_label (filter->as_of);

      /* Translators: the overview slide's first sentence when the timeline shows a month, e.g. "As of December 2024." */
      g_string_append_printf (text, _("As of %s."), label);
      g_string_append_c (text, ' ');
    }

  /* Translators: part of "36 companies and 67 deals." */
  companies = g_strdup_printf (ngettext ("%u company", "%u companies", n_companies), n_companies);
  /* Translators: part of "36 companies and 67 deals." */
  deals = g_strdup_printf (ngettext ("%u deal", "%u deals", n_deals), n_deals);
  /* Translators: the overview slide's count, "36 companies and 67 deals." */
  g_string_append_printf (text, _("%s and %s."), companies, deals);

  if (analysis != NULL && analysis->n_cyclic_edges > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: %u deals are shaded in the diagram */
                              ngettext ("The %u shaded deal lies on a cycle: money that leaves a company can come back to it.",
                                        "The %u shaded deals lie on cycles: money that leaves a company can come back to it.",
                                        analysis->n_cyclic_edges),
                              analysis->n_cyclic_edges);
    }
  else if (analysis != NULL)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("No money goes round: no deal lies on a cycle."));
    }

  if (filter->as_of != 0)
    {
      guint n_undated = dg_filter_mark_undated (graph, edge_mask, NULL);

      if (n_undated > 0)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text,
                                  /* Translators: on the overview slide when the timeline shows a month */
                                  ngettext ("%u deal has no date and is shown whatever the month.",
                                            "%u deals have no date and are shown whatever the month.",
                                            n_undated),
                                  n_undated);
        }
    }

  *caption = g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * dg_tour_regenerate:
 * @self: a tour
 * @doc: the document shown
 * @analysis: (nullable): its analysis, made with @filter's edge mask, with
 *   cycles and shares
 * @filter: (nullable): the filter shown; %NULL for none
 *
 * Makes every slide's generated title and caption again, for the document,
 * analysis and language at hand (after the file was edited, the filter or
 * the timeline moved). What the presenter typed stays. Slides notify
 * "title" and "caption" where the text shown changed; the tour does not
 * emit ::changed, since nothing saved changed.
 */

/* A slide of the tour of changes: the overview's counts and the biggest
 * changes, or one change's story (dg_change_describe()). A change no longer
 * in the document (the file was edited) keeps a plain title. */
void
dg_tour_change_words (DgTourSlide *slide,
                      DgDocument  *doc,
                      DgChanges   *changes,
                      char       **title,
                      char       **caption)
{
  g_autofree char *since = NULL;

  *title = NULL;
  *caption = NULL;
  if (changes == NULL)
    return;

  {
    /* The month after the as-of date counted from: "January 2026". */
    int year = slide->since / 10000, month = slide->since / 100 % 100 + 1;
    g_autofree char *text = NULL;

    if (month > 12)
      {
        year++;
        month = 1;
      }
    text = g_strdup_printf ("%04d-%02d", year, month);
    since = dg_format_date_locale (text);
  }

  if (slide->kind == DG_TOUR_SLIDE_CHANGES)
    {
      g_autoptr(GPtrArray) biggest = dg_changes_get_biggest (changes, 3, 2);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *counts = dg_changes_overview_text (changes, doc);

      /* Translators: the title of the tour of changes; %s is a month, "January 2026" */
      *title = g_strdup_printf (_("What changed since %s"), since);
      g_string_append (text, counts);
      if (biggest->len > 0)
        {
          g_autoptr(GString) list = g_string_new (NULL);

          for (guint i = 0; i < biggest->len; i++)
            {
              g_autofree char *change_title = NULL;
              g_autofree char *change_caption = NULL;

              dg_change_describe (g_ptr_array_index (biggest, i), changes, doc, &change_title, &change_caption);
              if (i > 0)
                /* Translators: between the biggest changes listed on the overview slide */
                g_string_append (list, _("; "));
              g_string_append (list, change_title);
            }
          g_string_append_c (text, ' ');
          /* Translators: on the overview of the tour of changes; %s lists slide titles, "A cycle broke: NVIDIA → OpenAI → Oracle → NVIDIA; Replaced: NVIDIA → OpenAI" */
          g_string_append_printf (text, _("The biggest: %s."), list->str);
        }
      *caption = g_string_free (g_steal_pointer (&text), FALSE);
      return;
    }

  /* One change: find it again by its kind and deals. */
  for (guint i = 0; i < changes->changes->len; i++)
    {
      const DgChange *change = g_ptr_array_index (changes->changes, i);
      gboolean match = FALSE;

      if ((int) change->kind != slide->change || slide->deal_ids[0] == NULL)
        continue;
      if (change->kind == DG_CHANGE_CYCLE_BROKE || change->kind == DG_CHANGE_CYCLE_FORMED)
        {
          g_autoptr(GArray) deals = g_array_new (FALSE, FALSE, sizeof (guint));

          if (!dg_tour_lookup_deals (doc, (const char * const *) slide->deal_ids, deals))
            return;
          for (guint c = 0; c < change->cycles->len && !match; c++)
            {
              const GArray *cycle = g_ptr_array_index (change->cycles, c);

              match = cycle->len == deals->len
                      && memcmp (cycle->data, deals->data, deals->len * sizeof (guint)) == 0;
            }
        }
      else
        match = g_strcmp0 (slide->deal_ids[0], dg_deal_get_id (dg_document_get_deal (doc, change->deal))) == 0;

      if (match)
        {
          dg_change_describe (change, changes, doc, title, caption);
          return;
        }
    }

  /* Translators: the title of a slide of the tour of changes whose change the file no longer has */
  *title = g_strdup_printf (_("A change since %s"), since);
  *caption = g_strdup ("");
}
