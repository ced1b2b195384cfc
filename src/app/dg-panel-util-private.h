/* dg-panel-util-private.h: rows and formatting the three side panels share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here sets untrusted text (names, titles, URLs) with
 * gtk_label_set_text() and friends, never as markup.
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-document.h"
#include "dg-summary.h"

G_BEGIN_DECLS

/* Lists stop here and say how many more there are: a company in a generated
 * 50k-company graph can have hundreds of deals and thousands of cycles. */
#define DG_PANEL_MAX_ROWS 100

/* Cycle lists start short, with a row to show them all: a hub like OpenAI
 * sits on dozens, which would push everything else out of sight. */
#define DG_PANEL_FEW_CYCLES 8

/* Seconds a panel may spend working out a round-trip share the analysis
 * did not compute (big graphs): long enough for a component of thousands of
 * deals, short enough that a click still feels immediate. */
#define DG_PANEL_SHARE_BUDGET 0.25

/* What an activatable row stands for, read back on "row-activated". */
typedef enum
{
  DG_PANEL_ROW_NONE,
  DG_PANEL_ROW_COMPANY,
  DG_PANEL_ROW_DEAL,
  DG_PANEL_ROW_CYCLE,
  DG_PANEL_ROW_SHOW_ALL,
} DgPanelRowKind;

void            dg_panel_clear_list           (GtkListBox  *list);
void            dg_panel_focus_row            (GtkListBox  *list,
                                               guint        index);
void            dg_panel_row_set_target       (GtkWidget   *row,
                                               DgPanelRowKind kind,
                                               guint        index);
gboolean        dg_panel_row_get_target       (GtkListBoxRow *row,
                                               DgPanelRowKind *kind,
                                               guint        *index);

GtkWidget      *dg_panel_row_new              (const char  *leading,
                                               const char  *title,
                                               const char  *subtitle,
                                               const char  *figure,
                                               gboolean     figure_dim,
                                               gboolean     cyclic,
                                               const char  *accessible);
GtkWidget      *dg_panel_deal_row             (DgDocument  *doc,
                                               DgAnalysis  *analysis,
                                               guint        deal,
                                               guint        company);
GtkWidget      *dg_panel_route_row            (DgCycleSummary *route,
                                               guint        cycle);
GtkWidget      *dg_panel_combination_row      (DgCycleSummary *cycle,
                                               gboolean     current);
GtkWidget      *dg_panel_more_row             (guint        n_more);
guint           dg_panel_fill_cycles          (GtkListBox  *list,
                                               DgDocument  *doc,
                                               DgAnalysis  *analysis,
                                               const guint *cycles,
                                               guint        n_cycles,
                                               guint        first_company,
                                               gboolean     all);

void            dg_panel_sort_deals           (DgDocument  *doc,
                                               GArray      *deals);

gboolean        dg_panel_uri_is_web           (const char  *uri);
void            dg_panel_open_uri             (GtkWidget   *widget,
                                               const char  *uri);
char           *dg_panel_display_url          (const char  *url);
GtkWidget      *dg_panel_link_button_new      (const char  *uri,
                                               const char  *label);

void            dg_panel_set_text             (GtkLabel    *label,
                                               const char  *text);
char           *dg_panel_format_sum           (double       low,
                                               double       high);
const char     *dg_panel_company_name         (DgDocument  *doc,
                                               guint        company);
DgAnalysis     *dg_panel_check_analysis       (DgDocument  *doc,
                                               DgAnalysis  *analysis);

G_END_DECLS
