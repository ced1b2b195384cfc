/* dg-cycle-panel.h: the side panel for one cycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

#define DG_TYPE_CYCLE_PANEL (dg_cycle_panel_get_type ())

G_DECLARE_FINAL_TYPE (DgCyclePanel, dg_cycle_panel, DG, CYCLE_PANEL, GtkWidget)

GtkWidget  *dg_cycle_panel_new       (void);
void        dg_cycle_panel_set_cycle (DgCyclePanel *self,
                                      DgDocument   *doc,
                                      DgAnalysis   *analysis,
                                      guint         cycle);
guint       dg_cycle_panel_get_cycle (DgCyclePanel *self);

G_END_DECLS
