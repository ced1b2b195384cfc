/* dg-sidebar.h: searchable, sortable lists of companies, deals and cycles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

#define DG_TYPE_SIDEBAR (dg_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (DgSidebar, dg_sidebar, DG, SIDEBAR, GtkWidget)

typedef enum
{
  DG_SIDEBAR_PAGE_COMPANIES,
  DG_SIDEBAR_PAGE_DEALS,
  DG_SIDEBAR_PAGE_CYCLES,
} DgSidebarPage;

void dg_sidebar_set_data     (DgSidebar     *self,
                              DgDocument    *document,
                              DgAnalysis    *analysis);
void dg_sidebar_set_analysis (DgSidebar     *self,
                              DgAnalysis    *analysis);
void dg_sidebar_set_visibility (DgSidebar  *self,
                                const guint8 *node_visible,
                                guint       n_nodes,
                                const guint8 *edge_visible,
                                guint       n_edges);
void dg_sidebar_show_company (DgSidebar     *self,
                              guint          company);
void dg_sidebar_show_deal    (DgSidebar     *self,
                              guint          deal);
void dg_sidebar_show_cycle   (DgSidebar     *self,
                              guint          cycle);
void dg_sidebar_unselect     (DgSidebar     *self);
void dg_sidebar_focus_search (DgSidebar     *self);
void dg_sidebar_set_page     (DgSidebar     *self,
                              DgSidebarPage  page);
guint dg_sidebar_get_n_visible (DgSidebar   *self,
                                DgSidebarPage page);
void dg_sidebar_hold_lists    (DgSidebar    *self);
void dg_sidebar_release_lists (DgSidebar    *self);
gboolean dg_sidebar_is_holding_lists (DgSidebar *self);

G_END_DECLS
