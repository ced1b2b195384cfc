/* dg-cycle-item.h: a route, or one combination of deals on it, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

#define DG_TYPE_CYCLE_ITEM (dg_cycle_item_get_type ())

G_DECLARE_FINAL_TYPE (DgCycleItem, dg_cycle_item, DG, CYCLE_ITEM, GObject)

GListModel  *dg_cycle_item_list_new   (DgDocument  *doc,
                                       DgAnalysis  *analysis);
GListModel  *dg_cycle_item_get_children (DgCycleItem *self);
guint        dg_cycle_item_get_index  (DgCycleItem *self);
guint        dg_cycle_item_get_route  (DgCycleItem *self);
gboolean     dg_cycle_item_is_route   (DgCycleItem *self);
const char  *dg_cycle_item_get_label  (DgCycleItem *self);

G_END_DECLS
