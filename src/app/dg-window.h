/* dg-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-application.h"
#include "dg-document.h"
#include "dg-tour.h"

G_BEGIN_DECLS

#define DG_TYPE_WINDOW (dg_window_get_type ())

G_DECLARE_FINAL_TYPE (DgWindow, dg_window, DG, WINDOW, GtkApplicationWindow)

DgWindow   *dg_window_new          (DgApplication *app);
DgDocument *dg_window_get_document (DgWindow      *self);
void        dg_window_set_document (DgWindow      *self,
                                    DgDocument    *document);
gboolean    dg_window_open_file    (DgWindow      *self,
                                    GFile         *file);
void        dg_window_open_file_async (DgWindow   *self,
                                    GFile         *file);
void        dg_window_load_default (DgWindow      *self);
gboolean    dg_window_save_to      (DgWindow      *self,
                                    GFile         *file);
void        dg_window_select_company (DgWindow    *self,
                                      guint        company);
void        dg_window_select_deal  (DgWindow      *self,
                                    guint          deal);
void        dg_window_select_cycle (DgWindow      *self,
                                    guint          cycle);
DgAnalysis *dg_window_get_analysis (DgWindow      *self);
GtkWidget  *dg_window_get_canvas   (DgWindow      *self);
GtkWidget  *dg_window_get_sidebar  (DgWindow      *self);
DgTour     *dg_window_get_tour     (DgWindow      *self);
gboolean    dg_window_has_unsaved_changes (DgWindow *self);

/* At start: offers back the unsaved changes of a window that did not close. */
void        _dg_window_offer_recovery (DgWindow *self);

G_END_DECLS
