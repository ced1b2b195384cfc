/* dg-deal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dg-types.h"

G_BEGIN_DECLS

#define DG_TYPE_SOURCE (dg_source_get_type ())
#define DG_TYPE_DEAL (dg_deal_get_type ())

/**
 * DgSource:
 *
 * Where a fact comes from. Every string may be %NULL except @publisher.
 * @unknown holds the members this version does not know, as the text of a
 * JSON object (see dg-json.h), so a save gives them back as written.
 */
typedef struct
{
  char *publisher;
  char *title;
  char *date;
  char *url;
  char *via;
  char *unknown;
} DgSource;

GType      dg_source_get_type (void) G_GNUC_CONST;
DgSource  *dg_source_new      (const char *publisher);
DgSource  *dg_source_copy     (const DgSource *source);
void       dg_source_free     (DgSource *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgSource, dg_source_free)

G_DECLARE_FINAL_TYPE (DgDeal, dg_deal, DG, DEAL, GObject)

DgDeal          *dg_deal_new             (const char     *id,
                                          const char     *from_id,
                                          const char     *to_id);
const char      *dg_deal_get_id          (DgDeal         *self);
const char      *dg_deal_get_from_id     (DgDeal         *self);
const char      *dg_deal_get_to_id       (DgDeal         *self);
guint            dg_deal_get_from_index  (DgDeal         *self);
guint            dg_deal_get_to_index    (DgDeal         *self);
guint            dg_deal_get_index       (DgDeal         *self);
const char      *dg_deal_get_kind        (DgDeal         *self);
void             dg_deal_set_kind        (DgDeal         *self,
                                          const char     *kind);
DgDealKind       dg_deal_get_kind_enum   (DgDeal         *self);
const DgAmount  *dg_deal_get_amount      (DgDeal         *self);
void             dg_deal_set_amount      (DgDeal         *self,
                                          const DgAmount *amount);
gboolean         dg_deal_get_amount_null (DgDeal         *self);
const char      *dg_deal_get_amount_note (DgDeal         *self);
void             dg_deal_set_amount_note (DgDeal         *self,
                                          const char     *note);
const char      *dg_deal_get_announced   (DgDeal         *self);
void             dg_deal_set_announced   (DgDeal         *self,
                                          const char     *date);
gint32           dg_deal_get_announced_packed (DgDeal    *self);
const char      *dg_deal_get_term        (DgDeal         *self);
void             dg_deal_set_term        (DgDeal         *self,
                                          const char     *term);
const char      *dg_deal_get_status      (DgDeal         *self);
void             dg_deal_set_status      (DgDeal         *self,
                                          const char     *status);
DgDealStatus     dg_deal_get_status_enum (DgDeal         *self);
const char      *dg_deal_get_status_note (DgDeal         *self);
void             dg_deal_set_status_note (DgDeal         *self,
                                          const char     *note);
const char      *dg_deal_get_title       (DgDeal         *self);
void             dg_deal_set_title       (DgDeal         *self,
                                          const char     *title);
const char      *dg_deal_get_description (DgDeal         *self);
void             dg_deal_set_description (DgDeal         *self,
                                          const char     *description);
GPtrArray       *dg_deal_get_sources     (DgDeal         *self);
void             dg_deal_add_source      (DgDeal         *self,
                                          DgSource       *source);
void             dg_deal_set_sources     (DgDeal         *self,
                                          GPtrArray      *sources);
JsonObject      *dg_deal_get_extra       (DgDeal         *self);
void             dg_deal_set_extra       (DgDeal         *self,
                                          JsonObject     *extra);

G_END_DECLS
