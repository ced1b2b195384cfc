/* dg-format.c: money and dates the way the user's language writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The news writes "$38B"; a German reader expects "38 Mrd. $" and a French
 * one "38 Md$". The shape of each amount is a translatable format string
 * (so translators choose the abbreviation and where the currency goes) and
 * the number uses the locale's decimal separator (LC_NUMERIC). Nothing here
 * is meant to be read back by a program: files and reports keep
 * dg_format_money().
 */
#define G_LOG_DOMAIN "dealgraph-format"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dg-format.h"

/* @v with no more than @decimals decimals, trailing zeros dropped, in the
 * current locale's notation: 5.8 -> "5.8" in English, "5,8" in German. */
static char *
locale_number (double v,
               int    decimals)
{
  /* printf writes the LC_NUMERIC decimal separator, which may be more than
   * one byte; localeconv() says which it is, so we know what to trim. */
  char *s = g_strdup_printf ("%.*f", decimals, v);
  const char *point = localeconv ()->decimal_point;
  char *dot;

  if (point == NULL || *point == '\0')
    point = ".";

  dot = strstr (s, point);
  if (dot != NULL)
    {
      char *end = s + strlen (s);

      while (end > dot + strlen (point) && end[-1] == '0')
        *--end = '\0';
      if (end == dot + strlen (point))
        *dot = '\0';
    }

  return s;
}

/* Whole numbers from 100 up, else up to two decimals, as dg_format_money()
 * does, so the interface and the reports round alike. */
static int
decimals_for (double scaled)
{
  return fabs (scaled) >= 100 ? 0 : 2;
}

/**
 * dg_format_money_locale:
 * @usd: an amount in USD
 *
 * Formats an amount for the interface, in the user's language: `$38B` in
 * English, `38 Mrd. $` in German, `38 Md$` in French, with the locale's
 * decimal separator (`$1.5B`, `1,5 Mrd. $`); from a thousand trillion up in
 * powers of ten (`$1.8e308`). Zero never has a sign; a negative amount gets
 * a minus sign. A total that overflowed (+INFINITY) reads "more than
 * $1.8e308". Not for files or reports.
 *
 * Returns: (transfer full): the text; "unknown" for NAN
 */
char *
dg_format_money_locale (double usd)
{
  static const double scales[] = { 1e12, 1e9, 1e6, 1e3, 1 };
  g_autofree char *num = NULL;
  guint unit;
  double scaled;

  if (isnan (usd))
    return g_strdup (_("unknown"));
  if (isinf (usd))
    {
      g_autofree char *most = dg_format_money_locale (G_MAXDOUBLE);

      if (usd > 0)
        /* Translators: a total too large to compute, e.g. "more than $1.8e308" */
        return g_strdup_printf (_("more than %s"), most);
      /* Translators: a negative total too large to compute */
      return g_strdup_printf (_("less than -%s"), most);
    }
  /* -0, and anything that rounds to 0, reads as 0 without a sign. */
  if (fabs (usd) < 0.005)
    usd = 0;
  if (usd < 0)
    {
      g_autofree char *positive = dg_format_money_locale (-usd);

      /* Translators: a negative amount, e.g. "-$5B" */
      return g_strdup_printf (C_("money", "-%s"), positive);
    }

  for (unit = 0; unit + 1 < G_N_ELEMENTS (scales); unit++)
    if (usd >= scales[unit])
      break;
  scaled = usd / scales[unit];
  /* Rounding can carry into the next unit: 999.7 billion reads as "$1T",
   * not "$1000B". */
  if (unit > 0 && round (scaled) >= 1000)
    scaled = usd / scales[--unit];

  if (unit == 0 && round (scaled) >= 1000)
    {
      /* A thousand trillion and more: a power of ten, never a long row of
       * digits. */
      int exponent = (int) floor (log10 (usd));
      double mantissa = usd / pow (10, exponent);
      g_autofree char *m = NULL;

      if (round (mantissa * 100) >= 1000)
        {
          mantissa /= 10;
          exponent++;
        }
      m = locale_number (mantissa, 2);
      num = g_strdup_printf ("%se%d", m, exponent);
      /* Translators: an amount in US dollars, e.g. "$950"; %s is the number. */
      return g_strdup_printf (C_("money", "$%s"), num);
    }

  num = locale_number (scaled, decimals_for (scaled));

  switch (unit)
    {
    case 0:
      /* Translators: an amount in trillions of US dollars, e.g. "$1.2T";
       * %s is the number, already written with your decimal separator.
       * Use your language's usual abbreviation and currency position, with a
       * no-break space where a space goes, e.g. "%s Bio. $" in German. */
      return g_strdup_printf (C_("money", "$%sT"), num);
    case 1:
      /* Translators: an amount in billions (thousand millions) of US dollars,
       * e.g. "$38B"; %s is the number. German: "%s Mrd. $", French: "%s Md$". */
      return g_strdup_printf (C_("money", "$%sB"), num);
    case 2:
      /* Translators: an amount in millions of US dollars, e.g. "$350M";
       * %s is the number. German: "%s Mio. $", French: "%s M$". */
      return g_strdup_printf (C_("money", "$%sM"), num);
    case 3:
      /* Translators: an amount in thousands of US dollars, e.g. "$12K";
       * %s is the number. German: "%s Tsd. $", French: "%s k$". */
      return g_strdup_printf (C_("money", "$%sK"), num);
    default:
      /* Translators: an amount in US dollars, e.g. "$950"; %s is the number. */
      return g_strdup_printf (C_("money", "$%s"), num);
    }
}

/**
 * dg_amount_format_locale:
 * @amount: an amount
 *
 * Like dg_amount_format(), in the user's language: `38 Mrd. $`,
 * `bis zu 100 Mrd. $`, `17,4–19,4 Mrd. $`… Not for files or reports.
 *
 * Returns: (transfer full): the text
 */
char *
dg_amount_format_locale (const DgAmount *amount)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  g_return_val_if_fail (amount != NULL, NULL);

  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT:
      return dg_format_money_locale (amount->value);

    case DG_AMOUNT_RANGE:
      hi = dg_format_money_locale (amount->max);
      if (amount->min <= 0)
        /* Translators: an amount reported as a maximum, e.g. "up to $100B" */
        return g_strdup_printf (_("up to %s"), hi);
      lo = dg_format_money_locale (amount->min);
      /* Translators: a range of amounts, e.g. "$17.4B–$19.4B" */
      return g_strdup_printf (_("%s–%s"), lo, hi);

    case DG_AMOUNT_UNDISCLOSED:
    default:
      return g_strdup (_("undisclosed"));
    }
}

/**
 * dg_format_date_locale:
 * @date: (nullable): a date as files write it: `YYYY`, `YYYY-MM` or
 *   `YYYY-MM-DD`
 *
 * Formats a date for the interface: `November 3, 2025` in English,
 * `3. November 2025` in German, `3 novembre 2025` in French (month names
 * come from LC_TIME). A string that is not such a date is returned as it is,
 * so nothing a file says is ever hidden.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for %NULL
 */
char *
dg_format_date_locale (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  gint32 packed;
  int year, month, day;

  if (date == NULL)
    return NULL;
  if (!dg_date_parse (date, &packed))
    return g_strdup (date);

  year = packed / 10000;
  month = packed / 100 % 100;
  day = packed % 100;

  if (month == 0)
    return g_strdup_printf ("%d", year);

  dt = g_date_time_new_utc (year, month, day > 0 ? day : 1, 0, 0, 0);
  if (dt == NULL)
    return g_strdup (date);

  if (day == 0)
    /* Translators: a month and year, e.g. "November 2025", in
     * g_date_time_format() notation: %OB is the month's name as it stands on
     * its own, %Y the year. */
    /* xgettext:no-c-format */
    return g_date_time_format (dt, C_("date", "%OB %Y"));

  /* Translators: a full date, e.g. "November 3, 2025", in
   * g_date_time_format() notation: %B is the month's name, %-d the day
   * without padding, %Y the year. German: "%-d. %B %Y". */
  /* xgettext:no-c-format */
  return g_date_time_format (dt, C_("date", "%B %-d, %Y"));
}

/**
 * dg_format_round_trip_locale:
 * @amount: a round-trip amount (a cycle's or a route's)
 *
 * Like dg_analysis_format_round_trip(), in the user's language: `$10B`, `up
 * to $5B`, `$1B–$5B`, `at least $5B` (a route whose undisclosed deals leave
 * it open above), `more than $1.8e308` or `unknown`.
 *
 * Returns: (transfer full): the text
 */
char *
dg_format_round_trip_locale (const DgAmount *amount)
{
  g_autofree char *low = NULL;

  g_return_val_if_fail (amount != NULL, NULL);

  if (amount->kind == DG_AMOUNT_UNDISCLOSED || isnan (amount->max) || isnan (amount->min))
    /* Translators: a round-trip amount that cannot be known because a deal
     * on the cycle is undisclosed */
    return g_strdup (_("unknown"));
  if (isinf (amount->min))
    return dg_format_money_locale (amount->min);
  if (isinf (amount->max))
    {
      if (amount->min <= 0)
        return g_strdup (_("unknown"));
      low = dg_format_money_locale (amount->min);
      /* Translators: a round trip that undisclosed deals could make larger, e.g. "at least $5B" */
      return g_strdup_printf (_("at least %s"), low);
    }
  return dg_amount_format_locale (amount);
}

/**
 * dg_format_chain_full:
 * @names: (array length=n_names): company names (or ids), in order
 * @n_names: how many
 * @flags: %DG_CHAIN_OPEN to stop at the last name (a deal, "OpenAI →
 *   Oracle"); without it the chain closes back to the first (a cycle)
 *
 * The one way a cycle, a route or a deal's direction is written: names in
 * order with the translatable arrow between them. The names are plain text
 * and stay so.
 *
 * Returns: (transfer full): the chain; empty for no names
 */
char *
dg_format_chain_full (const char * const *names,
                      guint               n_names,
                      DgChainFlags        flags)
{
  GString *chain = g_string_new (NULL);
  guint last = (flags & DG_CHAIN_OPEN) ? n_names - 1 : n_names;

  g_return_val_if_fail (names != NULL || n_names == 0, g_string_free (chain, FALSE));

  for (guint i = 0; n_names > 0 && i <= last; i++)
    {
      if (i > 0)
        /* Translators: between the company names of a cycle or a deal, "Amazon → OpenAI → Amazon"; right-to-left languages may want "←" */
        g_string_append (chain, _(" → "));
      g_string_append (chain, names[i % n_names]);
    }
  return g_string_free (chain, FALSE);
}

/**
 * dg_format_chain:
 * @names: (array length=n_names): company names, in order
 * @n_names: how many
 *
 * A cycle or a route: its companies in order and back to the first,
 * "Amazon / AWS → OpenAI → Amazon / AWS" (dg_format_chain_full() closed).
 *
 * Returns: (transfer full): the chain; empty for no names
 */
char *
dg_format_chain (const char * const *names,
                 guint               n_names)
{
  return dg_format_chain_full (names, n_names, DG_CHAIN_CLOSED);
}

/**
 * dg_format_deal_direction:
 * @payer: the payer's name
 * @payee: the payee's name
 *
 * A deal's direction, "OpenAI → Oracle": dg_format_chain_full() open.
 *
 * Returns: (transfer full): the text
 */
char *
dg_format_deal_direction (const char *payer,
                          const char *payee)
{
  const char *names[] = { payer, payee };

  return dg_format_chain_full (names, 2, DG_CHAIN_OPEN);
}
