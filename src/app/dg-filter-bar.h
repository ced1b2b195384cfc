/* dg-filter-bar.h: what to show, and the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-filter.h"
#include "dg-graph.h"

G_BEGIN_DECLS

#define DG_TYPE_FILTER_BAR (dg_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (DgFilterBar, dg_filter_bar, DG, FILTER_BAR, GtkWidget)

void            dg_filter_bar_set_graph   (DgFilterBar    *self,
                                           DgGraph        *graph);
void            dg_filter_bar_set_filter  (DgFilterBar    *self,
                                           const DgFilter *filter);
const DgFilter *dg_filter_bar_get_filter  (DgFilterBar    *self);
void            dg_filter_bar_set_summary (DgFilterBar    *self,
                                           const char     *summary);
void            dg_filter_bar_set_month   (DgFilterBar    *self,
                                           guint           month);
gboolean        dg_filter_bar_get_playing (DgFilterBar    *self);
void            dg_filter_bar_set_playing (DgFilterBar    *self,
                                           gboolean        playing);

G_END_DECLS
