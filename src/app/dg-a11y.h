/* dg-a11y.h: names for assistive technology where GTK 4.8 gets them wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char *dg_a11y_strip_mnemonic (const char *label);
void  dg_a11y_fix_names      (GtkWidget  *root);
void  dg_a11y_set_label      (GtkWidget  *widget,
                              const char *label);
void  dg_a11y_name_row_by_labels (GtkWidget *row);
void  dg_a11y_name_drop_down  (GtkDropDown *drop_down,
                               const char  *label);
void  dg_a11y_name_column_view (GtkColumnView *view,
                                const char    *label);
void  dg_a11y_name_cell_row  (GtkWidget  *cell_child,
                              const char *label);

G_END_DECLS

#include "dg-graph.h"

G_BEGIN_DECLS

char *dg_a11y_describe_company (const DgGraph      *graph,
                                const char * const *labels,
                                const guint8       *edge_cyclic,
                                const guint8       *edge_visible,
                                guint               node);
char *dg_a11y_describe_deal    (const DgGraph      *graph,
                                const char * const *labels,
                                const guint8       *edge_cyclic,
                                guint               edge);

G_END_DECLS
