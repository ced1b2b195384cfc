/* dg-deal-panel.h: the side panel for one deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

#define DG_TYPE_DEAL_PANEL (dg_deal_panel_get_type ())

G_DECLARE_FINAL_TYPE (DgDealPanel, dg_deal_panel, DG, DEAL_PANEL, GtkWidget)

GtkWidget  *dg_deal_panel_new      (void);
void        dg_deal_panel_set_deal (DgDealPanel *self,
                                    DgDocument  *doc,
                                    DgAnalysis  *analysis,
                                    guint        deal);
guint       dg_deal_panel_get_deal (DgDealPanel *self);
void        dg_deal_panel_set_as_of (DgDealPanel *self,
                                     gint32       as_of);

G_END_DECLS
