/* dg-format.h: money and dates the way the user's language writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the interface only. Files, exports and command-line reports that other
 * programs read stay machine-stable with dg_format_money() and
 * dg_amount_format() from dg-types.h.
 */
#pragma once

#include <glib.h>

#include "dg-types.h"

G_BEGIN_DECLS

char *dg_format_money_locale  (double          usd);
char *dg_amount_format_locale (const DgAmount *amount);
char *dg_format_date_locale   (const char     *date);
char *dg_format_round_trip_locale (const DgAmount *amount);

/* How dg_format_chain_full() ends a chain. */
typedef enum
{
  DG_CHAIN_CLOSED = 0,        /* back to the first name: a cycle */
  DG_CHAIN_OPEN   = 1 << 0,   /* stop at the last: a deal, a path */
} DgChainFlags;

char *dg_format_chain_full     (const char * const *names,
                                guint               n_names,
                                DgChainFlags        flags);
char *dg_format_chain          (const char * const *names,
                                guint               n_names);
char *dg_format_deal_direction (const char         *payer,
                                const char         *payee);

G_END_DECLS
