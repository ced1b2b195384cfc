/* dg-types.h: the words of the product, as C enums, and the project's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DG_ERROR (dg_error_quark ())

typedef enum
{
  DG_ERROR_FAILED,         /* anything else */
  DG_ERROR_INVALID_FILE,   /* the file was refused; the problems list says why */
  DG_ERROR_TOO_LARGE,      /* refused before reading: over the size limit */
  DG_ERROR_IO,             /* could not read or write */
  DG_ERROR_USAGE,          /* bad command-line usage */
  DG_ERROR_INVALID_VALUE,  /* an edit was refused; the message says why */
} DgError;

GQuark dg_error_quark (void);

/* Company kinds, in the order the legend lists them. Keep in sync with
 * dg_company_kind_to_string() and data/dealgraph.schema.json. */
typedef enum
{
  DG_COMPANY_KIND_AI_LAB,
  DG_COMPANY_KIND_CLOUD,
  DG_COMPANY_KIND_CHIPS,
  DG_COMPANY_KIND_NEOCLOUD,
  DG_COMPANY_KIND_INVESTOR,
  DG_COMPANY_KIND_RETAILER,
  DG_COMPANY_KIND_DATA_CENTRE,
  DG_COMPANY_KIND_FINANCING_VEHICLE,
  DG_COMPANY_KIND_OTHER,
  DG_N_COMPANY_KINDS
} DgCompanyKind;

typedef enum
{
  DG_DEAL_KIND_INVESTMENT,
  DG_DEAL_KIND_EQUITY_WARRANT,
  DG_DEAL_KIND_SHARE_SALE,
  DG_DEAL_KIND_CHIP_PURCHASE,
  DG_DEAL_KIND_CLOUD_LEASE,
  DG_DEAL_KIND_COMPUTE_PURCHASE,
  DG_DEAL_KIND_JOINT_VENTURE,
  DG_DEAL_KIND_LICENSING,
  DG_DEAL_KIND_BACKSTOP,
  DG_DEAL_KIND_COMMERCE,
  DG_DEAL_KIND_OTHER,
  DG_N_DEAL_KINDS
} DgDealKind;

/* Ordered from least to most certain, so "at least announced" is a
 * comparison; stalled (a deal on hold, issue 17) came later and sits after
 * cancelled so the older values keep their numbers. */
typedef enum
{
  DG_DEAL_STATUS_RUMOURED,
  DG_DEAL_STATUS_DISCUSSED,
  DG_DEAL_STATUS_LETTER_OF_INTENT,
  DG_DEAL_STATUS_ANNOUNCED,
  DG_DEAL_STATUS_SIGNED,
  DG_DEAL_STATUS_COMPLETED,
  DG_DEAL_STATUS_CANCELLED,
  DG_DEAL_STATUS_STALLED,
  DG_N_DEAL_STATUSES
} DgDealStatus;

typedef enum
{
  DG_AMOUNT_UNDISCLOSED,
  DG_AMOUNT_EXACT,
  DG_AMOUNT_RANGE,
} DgAmountKind;

/**
 * DgAmount:
 * @kind: exact, range or undisclosed
 * @value: the reported figure (exact amounts; for ranges the headline figure
 *   if the file gives one, else the high end)
 * @min: low end (== @value for exact amounts)
 * @max: high end (== @value for exact amounts)
 *
 * An amount in USD. Undisclosed is unknown, never zero.
 */
typedef struct
{
  DgAmountKind kind;
  double value;
  double min;
  double max;
} DgAmount;

const char    *dg_company_kind_to_string   (DgCompanyKind kind);
gboolean       dg_company_kind_from_string (const char    *str,
                                            DgCompanyKind *kind);
const char    *dg_company_kind_label       (DgCompanyKind kind);
const char    *dg_deal_kind_to_string      (DgDealKind    kind);
gboolean       dg_deal_kind_from_string    (const char    *str,
                                            DgDealKind    *kind);
const char    *dg_deal_kind_label          (DgDealKind    kind);
const char    *dg_deal_status_to_string    (DgDealStatus  status);
gboolean       dg_deal_status_from_string  (const char    *str,
                                            DgDealStatus  *status);
const char    *dg_deal_status_label        (DgDealStatus  status);

char          *dg_format_money             (double        usd);
char          *dg_amount_format            (const DgAmount *amount);

/* Announced dates: YYYY, YYYY-MM or YYYY-MM-DD. Packed as YYYYMMDD with 0 for
 * missing month or day, so dates compare as integers; 0 means no date. */
gboolean       dg_date_parse               (const char    *str,
                                            gint32        *packed);

G_END_DECLS
