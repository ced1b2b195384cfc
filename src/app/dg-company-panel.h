/* dg-company-panel.h: the side panel for one company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

#define DG_TYPE_COMPANY_PANEL (dg_company_panel_get_type ())

G_DECLARE_FINAL_TYPE (DgCompanyPanel, dg_company_panel, DG, COMPANY_PANEL, GtkWidget)

GtkWidget  *dg_company_panel_new         (void);
void        dg_company_panel_set_company (DgCompanyPanel *self,
                                          DgDocument     *doc,
                                          DgAnalysis     *analysis,
                                          guint           company);
guint       dg_company_panel_get_company (DgCompanyPanel *self);

G_END_DECLS
