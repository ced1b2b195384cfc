/* dg-history-view.h: a deal's history and a company's valuations, for the
 * side panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-document.h"

G_BEGIN_DECLS

GtkWidget *dg_history_view_new_for_deal    (DgDocument  *doc,
                                            guint        deal,
                                            GtkListBox **links_out);
GtkWidget *dg_history_view_new_for_company (DgCompany   *company);
void       dg_history_view_clear           (GtkWidget   *view);

G_END_DECLS
