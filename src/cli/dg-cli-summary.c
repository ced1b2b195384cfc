/* dg-cli-summary.c: dealgraph --summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dg-cli-private.h"

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

  for (guint i = 0; i < n; i++)
    by_company_kind[dg_company_get_kind_enum (dg_document_get_company (doc, i))]++;

  for (guint i = 0; i < m; i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, i);
      const DgAmount *amount = dg_deal_get_amount (deal);

      tally_add (&by_kind[dg_deal_get_kind_enum (deal)], amount);
      tally_add (&by_status[dg_deal_get_status_enum (deal)], amount);
      tally_add (&all, amount);
    }

  if (dg_document_get_title (doc) != NULL)
    {
      if (dg_document_get_as_of (doc) != NULL)
        /* Translators: document title and the date its data describes */
        g_print (_("%s (as of %s)\n"), dg_document_get_title (doc), dg_document_get_as_of (doc));
      else
        g_print ("%s\n", dg_document_get_title (doc));
    }
  g_print (_("%u companies, %u deals\n"), n, m);

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

  g_print ("\n%s\n", _("Totals add up every deal as filed; some deals describe the same money "
                        "from two sides, and terms range from one-off payments to multi-year contracts."));

  return DG_EXIT_OK;
}
