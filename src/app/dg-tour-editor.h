/* dg-tour-editor.h: the presenter's slide list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-tour.h"

G_BEGIN_DECLS

#define DG_TYPE_TOUR_EDITOR (dg_tour_editor_get_type ())

G_DECLARE_FINAL_TYPE (DgTourEditor, dg_tour_editor, DG, TOUR_EDITOR, GtkWindow)

GtkWidget *dg_tour_editor_new          (GtkWindow    *parent,
                                        DgTour       *tour);
void       dg_tour_editor_set_document (DgTourEditor *self,
                                        DgDocument   *document);
DgTour    *dg_tour_editor_get_tour     (DgTourEditor *self);
void       dg_tour_editor_set_tour     (DgTourEditor *self,
                                        DgTour       *tour);

G_END_DECLS
