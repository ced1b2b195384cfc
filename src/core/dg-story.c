/* dg-story.c: the plain sentences that tell what a deal or a cycle does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-story"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-format.h"
#include "dg-story.h"

/* How sure a deal is decides the verb form of its sentence. */
typedef enum
{
  TENSE_REPORTED,    /* rumoured */
  TENSE_MAY,         /* discussed */
  TENSE_PLANS,       /* letter of intent */
  TENSE_COMMITTED,   /* announced, signed */
  TENSE_PAST,        /* completed */
  TENSE_CANCELLED,   /* cancelled: "had agreed" */
} Tense;

static Tense
tense_for_status (DgDealStatus status)
{
  switch (status)
    {
    case DG_DEAL_STATUS_RUMOURED:         return TENSE_REPORTED;
    case DG_DEAL_STATUS_DISCUSSED:        return TENSE_MAY;
    case DG_DEAL_STATUS_LETTER_OF_INTENT: return TENSE_PLANS;
    case DG_DEAL_STATUS_COMPLETED:        return TENSE_PAST;
    case DG_DEAL_STATUS_CANCELLED:        return TENSE_CANCELLED;
    case DG_DEAL_STATUS_STALLED:          return TENSE_PLANS;
    case DG_DEAL_STATUS_ANNOUNCED:
    case DG_DEAL_STATUS_SIGNED:
    case DG_N_DEAL_STATUSES:
    default:                              return TENSE_COMMITTED;
    }
}

/* One whole clause per deal kind and tense, so translators always see the
 * full sentence. Arguments are always payer, amount, payee; the formats use
 * positional arguments so a translation can put them in any order. The
 * cancelled forms get "(cancelled)" added after the term, see deal_clause(). */
static char *
kind_clause (DgDealKind  kind,
             Tense       tense,
             const char *a,
             const char *x,
             const char *b)
{
  switch (kind)
    {
    case DG_DEAL_KIND_INVESTMENT:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured investment. %1$s: the investor, %2$s: the amount (e.g. "$10B", "up to $100B", "an undisclosed amount"), %3$s: the company invested in */
          return g_strdup_printf (_("%1$s is reported to invest %2$s in %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: an investment under discussion. %1$s: the investor, %2$s: the amount, %3$s: the company invested in */
          return g_strdup_printf (_("%1$s may invest %2$s in %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: an investment in a letter of intent. %1$s: the investor, %2$s: the amount, %3$s: the company invested in */
          return g_strdup_printf (_("%1$s plans to invest %2$s in %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed investment. %1$s: the investor, %2$s: the amount, %3$s: the company invested in */
          return g_strdup_printf (_("%1$s has agreed to invest %2$s in %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed investment. %1$s: the investor, %2$s: the amount, %3$s: the company invested in */
          return g_strdup_printf (_("%1$s invested %2$s in %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled investment. %1$s: the investor, %2$s: the amount, %3$s: the company invested in */
          return g_strdup_printf (_("%1$s had agreed to invest %2$s in %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_EQUITY_WARRANT:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured equity warrant. %1$s: the company issuing the warrant, %2$s: the value of the shares, %3$s: the holder */
          return g_strdup_printf (_("%1$s is reported to give %3$s a warrant for shares worth %2$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: an equity warrant under discussion. %1$s: the issuer, %2$s: the value of the shares, %3$s: the holder */
          return g_strdup_printf (_("%1$s may give %3$s a warrant for shares worth %2$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: an equity warrant in a letter of intent. %1$s: the issuer, %2$s: the value of the shares, %3$s: the holder */
          return g_strdup_printf (_("%1$s plans to give %3$s a warrant for shares worth %2$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed equity warrant. %1$s: the issuer, %2$s: the value of the shares, %3$s: the holder */
          return g_strdup_printf (_("%1$s has agreed to give %3$s a warrant for shares worth %2$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed equity warrant. %1$s: the issuer, %2$s: the value of the shares, %3$s: the holder */
          return g_strdup_printf (_("%1$s gave %3$s a warrant for shares worth %2$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled equity warrant. %1$s: the issuer, %2$s: the value of the shares, %3$s: the holder */
          return g_strdup_printf (_("%1$s had agreed to give %3$s a warrant for shares worth %2$s"), a, x, b);
        }

    case DG_DEAL_KIND_SHARE_SALE:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured share sale. %1$s: the buyer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s is reported to buy %2$s of shares from %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a share sale under discussion. %1$s: the buyer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s may buy %2$s of shares from %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a share sale in a letter of intent. %1$s: the buyer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s plans to buy %2$s of shares from %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed share sale. %1$s: the buyer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s has agreed to buy %2$s of shares from %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed share sale. %1$s: the buyer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s bought %2$s of shares from %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled share sale. %1$s: the buyer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s had agreed to buy %2$s of shares from %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_CHIP_PURCHASE:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured chip purchase. %1$s: the buyer, %2$s: the amount, %3$s: the chip maker */
          return g_strdup_printf (_("%1$s is reported to buy %2$s of chips from %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a chip purchase under discussion. %1$s: the buyer, %2$s: the amount, %3$s: the chip maker */
          return g_strdup_printf (_("%1$s may buy %2$s of chips from %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a chip purchase in a letter of intent. %1$s: the buyer, %2$s: the amount, %3$s: the chip maker */
          return g_strdup_printf (_("%1$s plans to buy %2$s of chips from %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed chip purchase. %1$s: the buyer, %2$s: the amount, %3$s: the chip maker */
          return g_strdup_printf (_("%1$s has agreed to buy %2$s of chips from %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed chip purchase. %1$s: the buyer, %2$s: the amount, %3$s: the chip maker */
          return g_strdup_printf (_("%1$s bought %2$s of chips from %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled chip purchase. %1$s: the buyer, %2$s: the amount, %3$s: the chip maker */
          return g_strdup_printf (_("%1$s had agreed to buy %2$s of chips from %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_CLOUD_LEASE:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured cloud lease. %1$s: the renter, %2$s: the amount, %3$s: the cloud provider */
          return g_strdup_printf (_("%1$s is reported to rent %2$s of cloud capacity from %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a cloud lease under discussion. %1$s: the renter, %2$s: the amount, %3$s: the cloud provider */
          return g_strdup_printf (_("%1$s may rent %2$s of cloud capacity from %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a cloud lease in a letter of intent. %1$s: the renter, %2$s: the amount, %3$s: the cloud provider */
          return g_strdup_printf (_("%1$s plans to rent %2$s of cloud capacity from %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed cloud lease. %1$s: the renter, %2$s: the amount, %3$s: the cloud provider */
          return g_strdup_printf (_("%1$s has committed %2$s to cloud capacity from %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed cloud lease. %1$s: the renter, %2$s: the amount, %3$s: the cloud provider */
          return g_strdup_printf (_("%1$s rented %2$s of cloud capacity from %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled cloud lease. %1$s: the renter, %2$s: the amount, %3$s: the cloud provider */
          return g_strdup_printf (_("%1$s had committed %2$s to cloud capacity from %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_COMPUTE_PURCHASE:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured purchase of computing capacity (data centres). %1$s: the buyer, %2$s: the amount, %3$s: the provider */
          return g_strdup_printf (_("%1$s is reported to buy %2$s of computing capacity from %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a purchase of computing capacity under discussion. %1$s: the buyer, %2$s: the amount, %3$s: the provider */
          return g_strdup_printf (_("%1$s may buy %2$s of computing capacity from %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a purchase of computing capacity in a letter of intent. %1$s: the buyer, %2$s: the amount, %3$s: the provider */
          return g_strdup_printf (_("%1$s plans to buy %2$s of computing capacity from %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed purchase of computing capacity. %1$s: the buyer, %2$s: the amount, %3$s: the provider */
          return g_strdup_printf (_("%1$s has committed %2$s to computing capacity from %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed purchase of computing capacity. %1$s: the buyer, %2$s: the amount, %3$s: the provider */
          return g_strdup_printf (_("%1$s bought %2$s of computing capacity from %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled purchase of computing capacity. %1$s: the buyer, %2$s: the amount, %3$s: the provider */
          return g_strdup_printf (_("%1$s had committed %2$s to computing capacity from %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_JOINT_VENTURE:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured contribution to a joint venture. %1$s: the partner, %2$s: the amount, %3$s: the joint venture */
          return g_strdup_printf (_("%1$s is reported to put %2$s into the joint venture %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a contribution to a joint venture under discussion. %1$s: the partner, %2$s: the amount, %3$s: the joint venture */
          return g_strdup_printf (_("%1$s may put %2$s into the joint venture %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a contribution to a joint venture in a letter of intent. %1$s: the partner, %2$s: the amount, %3$s: the joint venture */
          return g_strdup_printf (_("%1$s plans to put %2$s into the joint venture %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed contribution to a joint venture. %1$s: the partner, %2$s: the amount, %3$s: the joint venture */
          return g_strdup_printf (_("%1$s has pledged %2$s to the joint venture %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed contribution to a joint venture. %1$s: the partner, %2$s: the amount, %3$s: the joint venture */
          return g_strdup_printf (_("%1$s put %2$s into the joint venture %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled contribution to a joint venture. %1$s: the partner, %2$s: the amount, %3$s: the joint venture */
          return g_strdup_printf (_("%1$s had pledged %2$s to the joint venture %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_LICENSING:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured licence. %1$s: the licensee (who pays), %2$s: the amount, %3$s: the licensor */
          return g_strdup_printf (_("%1$s is reported to pay %3$s %2$s for a licence"), a, x, b);
        case TENSE_MAY:
          /* Translators: a licence under discussion. %1$s: the licensee (who pays), %2$s: the amount, %3$s: the licensor */
          return g_strdup_printf (_("%1$s may pay %3$s %2$s for a licence"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a licence in a letter of intent. %1$s: the licensee (who pays), %2$s: the amount, %3$s: the licensor */
          return g_strdup_printf (_("%1$s plans to pay %3$s %2$s for a licence"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed licence. %1$s: the licensee (who pays), %2$s: the amount, %3$s: the licensor */
          return g_strdup_printf (_("%1$s has agreed to pay %3$s %2$s for a licence"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed licence. %1$s: the licensee (who pays), %2$s: the amount, %3$s: the licensor */
          return g_strdup_printf (_("%1$s paid %3$s %2$s for a licence"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled licence. %1$s: the licensee (who pays), %2$s: the amount, %3$s: the licensor */
          return g_strdup_printf (_("%1$s had agreed to pay %3$s %2$s for a licence"), a, x, b);
        }

    case DG_DEAL_KIND_BACKSTOP:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured backstop (a promise to buy what others do not). %1$s: the guarantor, %2$s: the amount, %3$s: the company backed */
          return g_strdup_printf (_("%1$s is reported to back %3$s with a guarantee of %2$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a backstop under discussion. %1$s: the guarantor, %2$s: the amount, %3$s: the company backed */
          return g_strdup_printf (_("%1$s may back %3$s with a guarantee of %2$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a backstop in a letter of intent. %1$s: the guarantor, %2$s: the amount, %3$s: the company backed */
          return g_strdup_printf (_("%1$s plans to back %3$s with a guarantee of %2$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed backstop. %1$s: the guarantor, %2$s: the amount, %3$s: the company backed */
          return g_strdup_printf (_("%1$s has agreed to back %3$s with a guarantee of %2$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed backstop. %1$s: the guarantor, %2$s: the amount, %3$s: the company backed */
          return g_strdup_printf (_("%1$s backed %3$s with a guarantee of %2$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled backstop. %1$s: the guarantor, %2$s: the amount, %3$s: the company backed */
          return g_strdup_printf (_("%1$s had agreed to back %3$s with a guarantee of %2$s"), a, x, b);
        }

    case DG_DEAL_KIND_COMMERCE:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: rumoured trade (a customer spending with a seller). %1$s: the customer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s is reported to spend %2$s with %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: trade under discussion. %1$s: the customer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s may spend %2$s with %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: trade in a letter of intent. %1$s: the customer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s plans to spend %2$s with %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: announced or signed trade. %1$s: the customer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s has agreed to spend %2$s with %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: completed trade. %1$s: the customer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s spent %2$s with %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: cancelled trade. %1$s: the customer, %2$s: the amount, %3$s: the seller */
          return g_strdup_printf (_("%1$s had agreed to spend %2$s with %3$s"), a, x, b);
        }

    case DG_DEAL_KIND_OTHER:
    case DG_N_DEAL_KINDS:
    default:
      switch (tense)
        {
        case TENSE_REPORTED:
          /* Translators: a rumoured deal of another kind. %1$s: the payer, %2$s: the amount, %3$s: the payee */
          return g_strdup_printf (_("%1$s is reported to pay %2$s to %3$s"), a, x, b);
        case TENSE_MAY:
          /* Translators: a deal of another kind under discussion. %1$s: the payer, %2$s: the amount, %3$s: the payee */
          return g_strdup_printf (_("%1$s may pay %2$s to %3$s"), a, x, b);
        case TENSE_PLANS:
          /* Translators: a deal of another kind in a letter of intent. %1$s: the payer, %2$s: the amount, %3$s: the payee */
          return g_strdup_printf (_("%1$s plans to pay %2$s to %3$s"), a, x, b);
        case TENSE_COMMITTED:
          /* Translators: an announced or signed deal of another kind. %1$s: the payer, %2$s: the amount, %3$s: the payee */
          return g_strdup_printf (_("%1$s has agreed to pay %2$s to %3$s"), a, x, b);
        case TENSE_PAST:
          /* Translators: a completed deal of another kind. %1$s: the payer, %2$s: the amount, %3$s: the payee */
          return g_strdup_printf (_("%1$s paid %2$s to %3$s"), a, x, b);
        case TENSE_CANCELLED:
        default:
          /* Translators: a cancelled deal of another kind. %1$s: the payer, %2$s: the amount, %3$s: the payee */
          return g_strdup_printf (_("%1$s had agreed to pay %2$s to %3$s"), a, x, b);
        }
    }
}

static const char *
skip_spaces (const char *s)
{
  while (g_ascii_isspace (*s))
    s++;
  return s;
}

/* Terms are free text ("7 yrs", "7 yrs; all capacity by end-2026", "~5 yrs
 * from 2027", "multi-year"). When the text up to the first ';' or ',' is
 * just a number of years or months, the sentence says "over 7 years" (the
 * details after the separator stay in the deal panel); anything else is
 * quoted as it is, because guessing at free text would put words in the
 * source's mouth. */
static gboolean
parse_duration (const char *term,
                guint      *n,
                gboolean   *months)
{
  static const char *year_units[] = { "y", "yr", "yrs", "year", "years" };
  static const char *month_units[] = { "mo", "mos", "month", "months" };
  const char *p = skip_spaces (term);
  const char *unit;
  gsize unit_len;
  guint64 value = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > 1000)
        return FALSE;
      p++;
    }
  if (value == 0)
    return FALSE;

  p = skip_spaces (p);
  unit = p;
  while (g_ascii_isalpha (*p))
    p++;
  unit_len = p - unit;
  p = skip_spaces (p);
  if (*p != '\0' && *p != ';' && *p != ',')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (year_units); i++)
    if (unit_len == strlen (year_units[i]) && g_ascii_strncasecmp (unit, year_units[i], unit_len) == 0)
      {
        *n = (guint) value;
        *months = FALSE;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (month_units); i++)
    if (unit_len == strlen (month_units[i]) && g_ascii_strncasecmp (unit, month_units[i], unit_len) == 0)
      {
        *n = (guint) value;
        *months = TRUE;
        return TRUE;
      }
  return FALSE;
}

static const char *
company_name (DgDocument *doc,
              guint       index)
{
  DgCompany *company = dg_document_get_company (doc, index);
  const char *name = company != NULL ? dg_company_get_name (company) : NULL;

  if (name == NULL || *name == '\0')
    name = company != NULL ? dg_company_get_id (company) : "?";
  return name;
}

/* The sentence for one deal, without the final full stop, so a cycle can
 * chain several. */
static char *
deal_clause (DgDocument *doc,
             DgDeal     *deal)
{
  const DgAmount *amount = dg_deal_get_amount (deal);
  g_autofree char *amount_text = NULL;
  g_autofree char *clause = NULL;
  g_autofree char *term_text = NULL;
  const char *term = dg_deal_get_term (deal);
  DgDealStatus status = dg_deal_get_status_enum (deal);
  guint n;
  gboolean months;

  if (amount->kind == DG_AMOUNT_UNDISCLOSED)
    /* Translators: stands for the amount in a deal's sentence, e.g. "Anthropic has committed an undisclosed amount to cloud capacity from Amazon" */
    amount_text = g_strdup (_("an undisclosed amount"));
  else
    amount_text = dg_amount_format_locale (amount);

  clause = kind_clause (dg_deal_get_kind_enum (deal),
                        tense_for_status (status),
                        company_name (doc, dg_deal_get_from_index (deal)),
                        amount_text,
                        company_name (doc, dg_deal_get_to_index (deal)));

  if (term != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (term));

      if (*stripped == '\0')
        term_text = g_steal_pointer (&clause);
      else if (parse_duration (stripped, &n, &months) && months)
        /* Translators: a deal's clause and how long it runs, e.g. "Microsoft has committed $9.7B to cloud capacity from IREN over 18 months" */
        term_text = g_strdup_printf (ngettext ("%s over %u month", "%s over %u months", n), clause, n);
      else if (parse_duration (stripped, &n, &months))
        /* Translators: a deal's clause and how long it runs, e.g. "OpenAI has committed $38B to cloud capacity from Amazon / AWS over 7 years" */
        term_text = g_strdup_printf (ngettext ("%s over %u year", "%s over %u years", n), clause, n);
      else
        /* Translators: a deal's clause and its term quoted from the file, e.g. "Oracle has agreed to buy $40B of chips from NVIDIA (term: deliveries to mid-2026)" */
        term_text = g_strdup_printf (_("%s (term: %s)"), clause, stripped);
    }
  else
    term_text = g_steal_pointer (&clause);

  if (status == DG_DEAL_STATUS_CANCELLED)
    /* Translators: a cancelled deal's clause, e.g. "NVIDIA had agreed to invest $5B in Intel (cancelled)" */
    return g_strdup_printf (_("%s (cancelled)"), term_text);
  if (status == DG_DEAL_STATUS_STALLED)
    /* Translators: a stalled deal's clause (reported as on hold), e.g. "NVIDIA plans to invest up to $100B in OpenAI (stalled)" */
    return g_strdup_printf (_("%s (stalled)"), term_text);

  return g_steal_pointer (&term_text);
}

/**
 * dg_story_for_deal:
 * @doc: a document
 * @deal: index of a deal in @doc
 *
 * Tells what a deal does in one plain sentence, with the verb form its
 * status calls for: "Amazon / AWS may invest $10B in OpenAI." The company
 * names are quoted as they are: the result is plain text, never markup.
 *
 * Returns: (transfer full): the sentence
 */
char *
dg_story_for_deal (DgDocument *doc,
                   guint       deal)
{
  g_autofree char *clause = NULL;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (deal < dg_document_get_n_deals (doc), NULL);

  clause = deal_clause (doc, dg_document_get_deal (doc, deal));
  /* Translators: a whole sentence made of one clause; use your language's full stop */
  return g_strdup_printf (_("%s."), clause);
}

/**
 * dg_story_deal_clause:
 * @doc: a document
 * @deal: index of a deal in @doc
 *
 * The clause of dg_story_for_deal(), without the full stop, to chain with
 * others.
 *
 * Returns: (transfer full): the clause, plain text
 */
char *
dg_story_deal_clause (DgDocument *doc,
                      guint       deal)
{
  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (deal < dg_document_get_n_deals (doc), NULL);

  return deal_clause (doc, dg_document_get_deal (doc, deal));
}

/**
 * dg_story_for_deals:
 * @doc: a document
 * @deals: (array length=n_deals): deal indices, in the order to tell them
 * @n_deals: how many
 *
 * Tells deals in a row as one sentence: their clauses joined. "Amazon / AWS
 * may invest $10B in OpenAI; OpenAI has committed $38B to cloud capacity
 * from Amazon / AWS over 7 years."
 *
 * Returns: (transfer full): the sentence, plain text
 */
char *
dg_story_for_deals (DgDocument  *doc,
                    const guint *deals,
                    guint        n_deals)
{
  g_autoptr(GString) story = NULL;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (deals != NULL || n_deals == 0, NULL);

  story = g_string_new (NULL);
  for (guint i = 0; i < n_deals; i++)
    {
      g_autofree char *clause = dg_story_deal_clause (doc, deals[i]);

      if (i > 0)
        /* Translators: joins the clauses of a cycle's story: "Amazon may invest $10B in OpenAI; OpenAI has committed $38B to Amazon" */
        g_string_append (story, _("; "));
      g_string_append (story, clause);
    }

  /* Translators: a whole sentence made of one clause; use your language's full stop */
  return g_strdup_printf (_("%s."), story->str);
}

/**
 * dg_story_for_cycle:
 * @doc: the document @analysis was made from
 * @analysis: an analysis with cycles
 * @cycle: index of a cycle in @analysis
 *
 * Tells a cycle as one sentence, from its route's first company (the
 * order dg_analysis_get_cycle_deals() gives): "Amazon / AWS may invest $10B
 * in OpenAI; OpenAI has committed $38B to cloud capacity from Amazon / AWS
 * over 7 years."
 *
 * Returns: (transfer full): the sentence, plain text
 */
char *
dg_story_for_cycle (DgDocument *doc,
                    DgAnalysis *analysis,
                    guint       cycle)
{
  const guint *deals;
  guint n_deals = 0;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (cycle < analysis->n_cycles, NULL);
  g_return_val_if_fail (analysis->graph->n_edges == dg_document_get_n_deals (doc), NULL);

  deals = dg_analysis_get_cycle_deals (analysis, cycle, &n_deals);
  return dg_story_for_deals (doc, deals, n_deals);
}

/**
 * dg_story_hop_clause:
 * @doc: a document
 * @deals: (array length=n_deals): the deals of one hop of a route, all
 *   from one company to the next
 * @n_deals: how many (at least one)
 * @total_text: their total, as the interface writes it ("$12B", "at least
 *   $5B")
 *
 * One hop of a route: the deal's own clause when it is alone, else "NVIDIA
 * has 3 deals with CoreWeave, $12B in all".
 *
 * Returns: (transfer full): the clause, without a full stop
 */
char *
dg_story_hop_clause (DgDocument  *doc,
                     const guint *deals,
                     guint        n_deals,
                     const char  *total_text)
{
  DgDeal *first;

  g_return_val_if_fail (DG_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (deals != NULL && n_deals > 0, NULL);
  g_return_val_if_fail (total_text != NULL, NULL);

  if (n_deals == 1)
    return dg_story_deal_clause (doc, deals[0]);

  first = dg_document_get_deal (doc, deals[0]);
  return g_strdup_printf (/* Translators: one step of a route made of several parallel deals: %1$s the payer, %2$u how many deals, %3$s the payee, %4$s their total ("$12B", "at least $5B", "unknown") */
                          ngettext ("%1$s has %2$u deal with %3$s, %4$s in all",
                                    "%1$s has %2$u deals with %3$s, %4$s in all", n_deals),
                          company_name (doc, dg_deal_get_from_index (first)), n_deals,
                          company_name (doc, dg_deal_get_to_index (first)), total_text);
}

/**
 * dg_story_dates_sentence:
 * @doc: a document
 * @deals: (array length=n_deals): deal indices
 * @n_deals: how many
 *
 * When deals were announced, as a sentence: "Announced in October 2025.",
 * "Announced between January 2025 and November 3, 2025.", and how many of
 * them have no date.
 *
 * Returns: (transfer full) (nullable): the sentence, plain text; %NULL for
 *   no deals
 */
char *
dg_story_dates_sentence (DgDocument  *doc,
                         const guint *deals,
                         guint        n_deals)
{
  DgDeal *first = NULL, *last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *when = NULL;
  guint n_undated = 0;

  for (guint i = 0; i < n_deals; i++)
    {
      DgDeal *deal = dg_document_get_deal (doc, deals[i]);
      gint32 date = dg_deal_get_announced_packed (deal);

      if (date <= 0)
        {
          n_undated++;
          continue;
        }
      if (first == NULL || date < dg_deal_get_announced_packed (first))
        first = deal;
      if (last == NULL || date > dg_deal_get_announced_packed (last))
        last = deal;
    }

  if (first != NULL)
    {
      first_text = dg_format_date_locale (dg_deal_get_announced (first));
      last_text = dg_format_date_locale (dg_deal_get_announced (last));
      if (g_strcmp0 (first_text, last_text) != 0)
        /* Translators: when a cycle's deals were announced, e.g. "Announced between January 2025 and November 3, 2025." */
        when = g_strdup_printf (_("Announced between %s and %s."), first_text, last_text);
      else if (dg_deal_get_announced_packed (first) % 100 != 0)
        /* Translators: when a cycle's deals were announced, a day: "Announced on November 3, 2025." */
        when = g_strdup_printf (_("Announced on %s."), first_text);
      else
        /* Translators: when a cycle's deals were announced, a month or a year: "Announced in October 2025." */
        when = g_strdup_printf (_("Announced in %s."), first_text);
    }

  if (n_undated == 0)
    return g_steal_pointer (&when);
  else
    {
      /* Translators: how many of a cycle's deals have no announced date */
      g_autofree char *undated = g_strdup_printf (ngettext ("%u deal has no date.", "%u deals have no date.",
                                                            n_undated),
                                                  n_undated);

      if (when == NULL)
        return g_steal_pointer (&undated);
      /* Translators: two sentences in a row */
      return g_strdup_printf (_("%s %s"), when, undated);
    }
}
