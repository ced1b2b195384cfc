/* dg-company-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-company.h"

G_BEGIN_DECLS

void _dg_company_set_index (DgCompany *self,
                            guint      index);

void _dg_company_set_id (DgCompany  *self,
                         const char *id);

/* How many ends of the document's deals are @self (a deal's from and to
 * count one each), kept by the document so it can refuse to remove a
 * company that deals name without looking at every deal. */
guint _dg_company_get_deal_ends (DgCompany *self);
void  _dg_company_add_deal_ends (DgCompany *self,
                                 int        delta);

typedef struct _DgDocument DgDocument;

/* The document that holds @self and hears of its changes, or NULL. */
void _dg_company_set_document (DgCompany  *self,
                               DgDocument *document);

/* For the loader and saver: the unknown members as canonical JSON object
 * text (dg-json.h), NULL for none. */
const char *_dg_company_get_unknown  (DgCompany *self);
void        _dg_company_take_unknown (DgCompany *self,
                                      char      *unknown);

/* Every field of a company, owned; NAN valuation when unknown. */
typedef struct
{
  char *id;
  char *name;
  char *kind;
  char *country;
  double valuation;
  char *valuation_as_of;
  char *valuation_note;
  char *description;
  char *website;
  char *unknown;
} DgCompanyFields;

/* Takes every string of @fields and clears it. */
DgCompany  *_dg_company_new_take     (DgCompanyFields *fields);

G_END_DECLS
