/* dg-deal-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-deal.h"

G_BEGIN_DECLS

void _dg_deal_set_indices     (DgDeal   *self,
                               guint     index,
                               guint     from_index,
                               guint     to_index);
void _dg_deal_set_amount_null (DgDeal   *self,
                               gboolean  amount_null);

G_END_DECLS
