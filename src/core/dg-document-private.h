/* dg-document-private.h: what the loader and saver need of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-document.h"

G_BEGIN_DECLS

/* Members kept as written, each the text of a canonical JSON object
 * (dg-json.h), or NULL for none: the top level's unknown members, the
 * "layout" members other than algorithm, positions and the trees of
 * dg_document_get_layout_extra(), and each position's unknown members. */
const char *_dg_document_get_unknown           (DgDocument *self);
void        _dg_document_take_unknown          (DgDocument *self,
                                                char       *unknown);
const char *_dg_document_get_layout_unknown    (DgDocument *self);
void        _dg_document_take_layout_unknown   (DgDocument *self,
                                                char       *unknown);
const char *_dg_document_get_position_unknown  (DgDocument *self,
                                                guint       company);
void        _dg_document_take_position_unknown (DgDocument *self,
                                                guint       company,
                                                char       *unknown);

void        _dg_document_restore_position      (DgDocument       *self,
                                                guint             company,
                                                const DgPosition *position);

/* From DgCompany and DgDeal: a field of one of the document's own changed. */
void        _dg_document_company_changed       (DgDocument *self,
                                                DgCompany  *company,
                                                const char *property);
void        _dg_document_deal_changed          (DgDocument *self,
                                                DgDeal     *deal,
                                                const char *property);

/* Before a deal's index or its ends' are read (dg-deal.c): numbers them
 * after companies and deals came and went (see dg-document.c). */
void        _dg_document_settle_deals          (DgDocument *self);

/* Edits DgHistory makes: see dg-document.c. */
gboolean    _dg_document_set_deal_ends         (DgDocument *self,
                                                DgDeal     *deal,
                                                const char *from_id,
                                                const char *to_id);
gboolean    _dg_document_set_company_id        (DgDocument *self,
                                                DgCompany  *company,
                                                const char *id);
gboolean    _dg_document_set_deal_id           (DgDocument *self,
                                                DgDeal     *deal,
                                                const char *id);

void        _dg_document_add_loaded            (DgDocument *self,
                                                GPtrArray  *companies,
                                                GPtrArray  *deals);

G_END_DECLS
