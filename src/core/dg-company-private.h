/* dg-company-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-company.h"

G_BEGIN_DECLS

void _dg_company_set_index (DgCompany *self,
                            guint      index);

G_END_DECLS
