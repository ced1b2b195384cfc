/* dg-company.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dg-types.h"

G_BEGIN_DECLS

#define DG_TYPE_COMPANY (dg_company_get_type ())

G_DECLARE_FINAL_TYPE (DgCompany, dg_company, DG, COMPANY, GObject)

DgCompany     *dg_company_new                 (const char *id,
                                               const char *name);
const char    *dg_company_get_id              (DgCompany  *self);
const char    *dg_company_get_name            (DgCompany  *self);
void           dg_company_set_name            (DgCompany  *self,
                                               const char *name);
const char    *dg_company_get_kind            (DgCompany  *self);
void           dg_company_set_kind            (DgCompany  *self,
                                               const char *kind);
DgCompanyKind  dg_company_get_kind_enum       (DgCompany  *self);
const char    *dg_company_get_country         (DgCompany  *self);
void           dg_company_set_country         (DgCompany  *self,
                                               const char *country);
gboolean       dg_company_has_valuation       (DgCompany  *self);
double         dg_company_get_valuation       (DgCompany  *self);
void           dg_company_set_valuation       (DgCompany  *self,
                                               double      usd);
void           dg_company_unset_valuation     (DgCompany  *self);
const char    *dg_company_get_valuation_as_of (DgCompany  *self);
void           dg_company_set_valuation_as_of (DgCompany  *self,
                                               const char *date);
const char    *dg_company_get_valuation_note  (DgCompany  *self);
void           dg_company_set_valuation_note  (DgCompany  *self,
                                               const char *note);
const char    *dg_company_get_description     (DgCompany  *self);
void           dg_company_set_description     (DgCompany  *self,
                                               const char *description);
const char    *dg_company_get_website         (DgCompany  *self);
void           dg_company_set_website         (DgCompany  *self,
                                               const char *website);
guint          dg_company_get_index           (DgCompany  *self);

/* Members of the file's object that this version does not know, kept for
 * the round trip. */
JsonObject    *dg_company_get_extra           (DgCompany  *self);
void           dg_company_set_extra           (DgCompany  *self,
                                               JsonObject *extra);

G_END_DECLS
