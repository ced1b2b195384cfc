/* dg-cli-summary.c: dealgraph --summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-cli-private.h"
#include "dg-deal-state.h"
#include "dg-filter.h"

typedef struct
{
  guint count;
  guint undisclosed;
  guint ranges;
  double exact_total;
  double range_min;
  double range_max;
} Tally;

static void
tally_add (Tally          *t,
           const DgAmount *amount)
{
  t->count++;
  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT:
      t->exact_total += amount->value;
      break;
    case DG_AMOUNT_RANGE:
      t->ranges++;
      t->range_min += amount->min;
      t->range_max += amount->max;
      break;
    case DG_AMOUNT_UNDISCLOSED:
    default:
      t->undisclosed++;
      break;
    }
}

static void
print_tally_row (const char  *label,
                 const Tally *t)
{
  g_autofree char *padded = dg_cli_pad (label, 20);
  g_autofree char *total = dg_format_money (t->exact_total);
  g_autofree char *lo = dg_format_money (t->range_min);
  g_autofree char *hi = dg_format_money (t->range_max);
  g_autofree char *total_col = dg_cli_pad (total, 10);
  g_autofree char *ranges = t->ranges > 0
    ? g_strdup_printf ("%s–%s", lo, hi) : g_strdup ("-");
  g_autofree char *ranges_col = dg_cli_pad (ranges, 14);

  g_print ("  %s %5u  %s %5u  %s %5u\n", padded, t->count,
           total_col, t->ranges, ranges_col, t->undisclosed);
}

static void
print_tally_header (const char *title)
{
  g_autofree char *c1 = dg_cli_pad (title, 20);
  g_autofree char *c3 = dg_cli_pad (_("exact total"), 10);
  g_autofree char *c5 = dg_cli_pad (_("range totals"), 14);

  /* Column heads: deals, sum of exact amounts, number of ranges, sum of
   * ranges, number of undisclosed amounts. */
  g_print ("  %s %5s  %s %5s  %s %5s\n", c1, _("deals"), c3, _("ranges"), c5, _("undisclosed"));
}

int
dg_cli_summary (DgCliOptions *opts,
                DgDocument   *doc)
{
  guint n = dg_document_get_n_companies (doc);
  guint m = dg_document_get_n_deals (doc);
  guint by_company_kind[DG_N_COMPANY_KINDS] = { 0 };
  Tally by_kind[DG_N_DEAL_KINDS] = { { 0 } };
  Tally by_status[DG_N_DEAL_STATUSES] = { { 0 } };
  Tally all = { 0 };
  guint later = 0, cancelled = 0, inside = 0;
  g_autofree char *as_of_text = opts->as_of != 0 ? dg_filter_format_as_of (opts->as_of) : NULL;

  for (guint i = 0; i < n; i++)
    by_company_kind[dg_company_get_kind_enum (dg_document_get_company (doc, i))]++;

  /* Each deal in its state at --as-of (the latest without it), and each
   * amount once (docs/file-format.md, "What totals sum"). */
  for (guint i = 0; i < m; i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, i);
      DgDealState state;

      dg_deal_get_state_at (deal, opts->as_of, &state);
      if (!state.exists)
        {
          later++;
          continue;
        }
      if (!state.in_network)
        {
          cancelled++;
          continue;
        }
      if (!dg_deal_counts_in_totals (doc, deal, opts->as_of))
        {
          inside++;
          continue;
        }
      tally_add (&by_kind[dg_deal_get_kind_enum (deal)], &state.amount);
      tally_add (&by_status[state.status], &state.amount);
      tally_add (&all, &state.amount);
    }

  if (dg_document_get_title (doc) != NULL)
    {
      if (as_of_text != NULL || dg_document_get_as_of (doc) != NULL)
        /* Translators: document title and the date its data describes */
        g_print (_("%s (as of %s)\n"), dg_document_get_title (doc),
                 as_of_text != NULL ? as_of_text : dg_document_get_as_of (doc));
      else
        g_print ("%s\n", dg_document_get_title (doc));
    }
  g_print (_("%u companies, %u deals\n"), n, m);
  if (later + cancelled + inside > 0)
    {
      /* Translators: how many deals the tables below count */
      g_print (ngettext ("The tables count %u deal, each amount once; left out:\n",
                         "The tables count %u deals, each amount once; left out:\n", all.count), all.count);
      if (later > 0)
        /* Translators: %u deals, %s a date */
        g_print (ngettext ("  %u deal announced after %s\n", "  %u deals announced after %s\n", later), later,
                 as_of_text);
      if (cancelled > 0)
        g_print (ngettext ("  %u deal cancelled by then\n", "  %u deals cancelled by then\n", cancelled), cancelled);
      if (inside > 0)
        g_print (ngettext ("  %u deal that is part of another deal in the network (its amount is inside that one's)\n",
                           "  %u deals that are part of another deal in the network (their amounts are inside those)\n",
                           inside), inside);
    }

  g_print ("\n%s\n", _("Companies by kind:"));
  for (guint k = 0; k < DG_N_COMPANY_KINDS; k++)
    if (by_company_kind[k] > 0)
      {
        g_autofree char *label = dg_cli_pad (dg_company_kind_label (k), 20);

        g_print ("  %s %5u\n", label, by_company_kind[k]);
      }

  g_print ("\n%s\n", _("Deals by kind:"));
  print_tally_header ("");
  for (guint k = 0; k < DG_N_DEAL_KINDS; k++)
    if (by_kind[k].count > 0)
      print_tally_row (dg_deal_kind_label (k), &by_kind[k]);

  g_print ("\n%s\n", _("Deals by status:"));
  print_tally_header ("");
  for (guint s = 0; s < DG_N_DEAL_STATUSES; s++)
    if (by_status[s].count > 0)
      print_tally_row (dg_deal_status_label (s), &by_status[s]);

  g_print ("\n");
  print_tally_row (_("All deals"), &all);

  if (later + cancelled + inside > 0)
    g_print ("\n%s\n", _("Totals add up each deal in the network once, in its state at that date; deals that "
                          "overlap (a loan and the purchase it pays for) are both counted, and terms range from "
                          "one-off payments to multi-year contracts."));
  else
    g_print ("\n%s\n", _("Totals add up every deal as filed; some deals describe the same money "
                          "from two sides, and terms range from one-off payments to multi-year contracts."));

  return DG_EXIT_OK;
}
