/* dg-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-types"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dg-types.h"

G_DEFINE_QUARK (dealgraph-error-quark, dg_error)

static const char *company_kinds[DG_N_COMPANY_KINDS] = {
  "ai-lab", "cloud", "chips", "neocloud", "investor", "retailer",
  "data-centre", "financing-vehicle", "other",
};

static const char *deal_kinds[DG_N_DEAL_KINDS] = {
  "investment", "equity-warrant", "share-sale", "chip-purchase", "cloud-lease",
  "compute-purchase", "joint-venture", "licensing", "backstop", "commerce", "other",
};

static const char *deal_statuses[DG_N_DEAL_STATUSES] = {
  "rumoured", "discussed", "letter-of-intent", "announced", "signed",
  "completed", "cancelled", "stalled",
};

static gboolean
lookup (const char  *str,
        const char **table,
        guint        n,
        guint       *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (strcmp (str, table[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
dg_company_kind_to_string (DgCompanyKind kind)
{
  g_return_val_if_fail (kind < DG_N_COMPANY_KINDS, "other");
  return company_kinds[kind];
}

gboolean
dg_company_kind_from_string (const char    *str,
                             DgCompanyKind *kind)
{
  guint i;

  if (!lookup (str, company_kinds, DG_N_COMPANY_KINDS, &i))
    return FALSE;
  *kind = i;
  return TRUE;
}

const char *
dg_company_kind_label (DgCompanyKind kind)
{
  switch (kind)
    {
    case DG_COMPANY_KIND_AI_LAB: return _("AI lab");
    case DG_COMPANY_KIND_CLOUD: return _("Cloud");
    case DG_COMPANY_KIND_CHIPS: return _("Chips");
    case DG_COMPANY_KIND_NEOCLOUD: return _("Neocloud");
    case DG_COMPANY_KIND_INVESTOR: return _("Investor");
    case DG_COMPANY_KIND_RETAILER: return _("Retailer");
    case DG_COMPANY_KIND_DATA_CENTRE: return _("Data centre");
    case DG_COMPANY_KIND_FINANCING_VEHICLE: return _("Financing vehicle");
    case DG_COMPANY_KIND_OTHER:
    case DG_N_COMPANY_KINDS:
    default: return _("Other");
    }
}

const char *
dg_deal_kind_to_string (DgDealKind kind)
{
  g_return_val_if_fail (kind < DG_N_DEAL_KINDS, "other");
  return deal_kinds[kind];
}

gboolean
dg_deal_kind_from_string (const char *str,
                          DgDealKind *kind)
{
  guint i;

  if (!lookup (str, deal_kinds, DG_N_DEAL_KINDS, &i))
    return FALSE;
  *kind = i;
  return TRUE;
}

const char *
dg_deal_kind_label (DgDealKind kind)
{
  switch (kind)
    {
    case DG_DEAL_KIND_INVESTMENT: return _("Investment");
    case DG_DEAL_KIND_EQUITY_WARRANT: return _("Equity warrant");
    case DG_DEAL_KIND_SHARE_SALE: return _("Share sale");
    case DG_DEAL_KIND_CHIP_PURCHASE: return _("Chip purchase");
    case DG_DEAL_KIND_CLOUD_LEASE: return _("Cloud lease");
    case DG_DEAL_KIND_COMPUTE_PURCHASE: return _("Compute purchase");
    case DG_DEAL_KIND_JOINT_VENTURE: return _("Joint venture");
    case DG_DEAL_KIND_LICENSING: return _("Licensing");
    case DG_DEAL_KIND_BACKSTOP: return _("Backstop");
    case DG_DEAL_KIND_COMMERCE: return _("Commerce");
    case DG_DEAL_KIND_OTHER:
    case DG_N_DEAL_KINDS:
    default: return _("Other");
    }
}

const char *
dg_deal_status_to_string (DgDealStatus status)
{
  g_return_val_if_fail (status < DG_N_DEAL_STATUSES, "announced");
  return deal_statuses[status];
}

gboolean
dg_deal_status_from_string (const char   *str,
                            DgDealStatus *status)
{
  guint i;

  if (!lookup (str, deal_statuses, DG_N_DEAL_STATUSES, &i))
    return FALSE;
  *status = i;
  return TRUE;
}

const char *
dg_deal_status_label (DgDealStatus status)
{
  switch (status)
    {
    case DG_DEAL_STATUS_RUMOURED: return _("Rumoured");
    case DG_DEAL_STATUS_DISCUSSED: return _("Discussed");
    case DG_DEAL_STATUS_LETTER_OF_INTENT: return _("Letter of intent");
    case DG_DEAL_STATUS_ANNOUNCED: return _("Announced");
    case DG_DEAL_STATUS_SIGNED: return _("Signed");
    case DG_DEAL_STATUS_COMPLETED: return _("Completed");
    case DG_DEAL_STATUS_CANCELLED: return _("Cancelled");
    case DG_DEAL_STATUS_STALLED: return _("Stalled");
    case DG_N_DEAL_STATUSES:
    default: return _("Announced");
    }
}

/* @v (below a thousand, so it fits the buffer) with no more than
 * @decimals decimals, trailing zeros dropped, in the C locale: 38 -> "38",
 * 5.83 -> "5.83". */
static char *
short_number (double v,
              int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *dot;

  g_assert (fabs (v) < 1e6);
  g_ascii_formatd (buf, sizeof buf, decimals == 0 ? "%.0f" : "%.2f", v);
  dot = strchr (buf, '.');
  if (dot != NULL)
    {
      char *end = buf + strlen (buf) - 1;

      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return g_strdup (buf);
}

/**
 * dg_format_money:
 * @usd: an amount in USD
 *
 * Formats an amount the way the news writes it: `$38B`, `$350M`, `$1.2T`;
 * from a thousand trillion up in powers of ten, `$1.8e308`. Zero is `$0`
 * whatever its sign; a negative amount gets a minus sign. A total that
 * overflowed (+INFINITY) is `more than $1.8e308`.
 *
 * Returns: (transfer full): the text; `unknown` for NAN
 */
char *
dg_format_money (double usd)
{
  static const struct { double scale; const char *unit; } units[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "K" }, { 1, "" },
  };
  g_autofree char *num = NULL;
  double a;
  guint u;

  if (isnan (usd))
    return g_strdup (_("unknown"));
  if (isinf (usd))
    {
      g_autofree char *most = dg_format_money (G_MAXDOUBLE);

      if (usd > 0)
        /* Translators: a total too large to compute, e.g. "more than $1.8e308" */
        return g_strdup_printf (_("more than %s"), most);
      /* Translators: a negative total too large to compute */
      return g_strdup_printf (_("less than -%s"), most);
    }
  /* -0, and anything that rounds to 0, reads as 0 without a sign. */
  if (fabs (usd) < 0.005)
    return g_strdup ("$0");
  if (usd < 0)
    {
      g_autofree char *positive = dg_format_money (-usd);

      return g_strdup_printf ("-%s", positive);
    }

  a = usd;
  for (u = 0; u + 1 < G_N_ELEMENTS (units); u++)
    if (a >= units[u].scale)
      break;
  /* Rounding can carry into the next unit: 999.999 billion is "$1T". */
  if (u > 0 && round (a / units[u].scale) >= 1000)
    u--;
  if (u == 0 && round (a / units[0].scale) >= 1000)
    {
      /* A thousand trillion and more: a power of ten, never a long row of
       * digits. */
      int exponent = (int) floor (log10 (a));
      double mantissa = a / pow (10, exponent);

      if (round (mantissa * 100) >= 1000)
        {
          mantissa /= 10;
          exponent++;
        }
      num = short_number (mantissa, 2);
      return g_strdup_printf ("$%se%d", num, exponent);
    }

  num = short_number (a / units[u].scale, a / units[u].scale >= 100 ? 0 : 2);
  return g_strdup_printf ("$%s%s", num, units[u].unit);
}

/**
 * dg_amount_format:
 *
 * Returns: (transfer full): `$38B`, `up to $100B`, `$17.4B–$19.4B` or `undisclosed`
 */
char *
dg_amount_format (const DgAmount *amount)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  g_return_val_if_fail (amount != NULL, NULL);

  switch (amount->kind)
    {
    case DG_AMOUNT_EXACT:
      return dg_format_money (amount->value);

    case DG_AMOUNT_RANGE:
      hi = dg_format_money (amount->max);
      if (amount->min <= 0)
        /* Translators: an amount reported as a maximum, e.g. "up to $100B" */
        return g_strdup_printf (_("up to %s"), hi);
      lo = dg_format_money (amount->min);
      /* Translators: a range of amounts, e.g. "$17.4B–$19.4B" */
      return g_strdup_printf (_("%s–%s"), lo, hi);

    case DG_AMOUNT_UNDISCLOSED:
    default:
      return g_strdup (_("undisclosed"));
    }
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/**
 * dg_date_parse:
 * @str: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
 * @packed: (out) (optional): YYYYMMDD with 0 for a missing month or day
 *
 * Returns: %TRUE when @str is such a date and the date exists
 */
gboolean
dg_date_parse (const char *str,
               gint32     *packed)
{
  gsize len;
  int year, month = 0, day = 0;

  if (str == NULL)
    return FALSE;

  len = strlen (str);
  if (!(len == 4 || len == 7 || len == 10))
    return FALSE;
  if (!all_digits (str, 4))
    return FALSE;
  year = atoi (str);
  if (year < 1)
    return FALSE;

  if (len >= 7)
    {
      if (str[4] != '-' || !all_digits (str + 5, 2))
        return FALSE;
      month = (str[5] - '0') * 10 + (str[6] - '0');
      if (month < 1 || month > 12)
        return FALSE;
    }
  if (len == 10)
    {
      if (str[7] != '-' || !all_digits (str + 8, 2))
        return FALSE;
      day = (str[8] - '0') * 10 + (str[9] - '0');
      if (day < 1 || day > g_date_get_days_in_month (month, year))
        return FALSE;
    }

  if (packed != NULL)
    *packed = year * 10000 + month * 100 + day;
  return TRUE;
}
