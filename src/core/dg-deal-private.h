/* dg-deal-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-deal.h"

G_BEGIN_DECLS

void _dg_deal_set_index       (DgDeal   *self,
                               guint     index);
void _dg_deal_set_indices     (DgDeal   *self,
                               guint     index,
                               guint     from_index,
                               guint     to_index);
guint _dg_deal_peek_from_index (DgDeal *self);
guint _dg_deal_peek_to_index   (DgDeal *self);
void _dg_deal_set_ends        (DgDeal     *self,
                               const char *from_id,
                               const char *to_id);
void _dg_deal_set_amount_null (DgDeal   *self,
                               gboolean  amount_null);
/* For the document, which keeps its table of ids. */
void _dg_deal_set_id          (DgDeal     *self,
                               const char *id);

typedef struct _DgDocument DgDocument;

/* The document that holds @self and hears of its changes, or NULL. */
void _dg_deal_set_document    (DgDeal     *self,
                               DgDocument *document);

/* For the loader and saver: the unknown members as canonical JSON object
 * text (dg-json.h), NULL for none. */
const char *_dg_deal_get_unknown  (DgDeal *self);
void        _dg_deal_take_unknown (DgDeal *self,
                                   char   *unknown);

/* Every field of a deal, owned. */
typedef struct
{
  char *id;
  char *from_id;
  char *to_id;
  char *kind;
  DgAmount amount;
  gboolean amount_null;
  char *amount_note;
  char *announced;
  char *term;
  char *status;
  char *status_note;
  char *title;
  char *description;
  GPtrArray *sources;    /* of DgSource, freeing them; or NULL */
  char *unknown;
} DgDealFields;

/* Takes everything of @fields and clears it. */
DgDeal     *_dg_deal_new_take     (DgDealFields *fields);

G_END_DECLS
