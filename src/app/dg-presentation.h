/* dg-presentation.h: full-screen tour of the cycles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-canvas.h"
#include "dg-document.h"
#include "dg-tour.h"

G_BEGIN_DECLS

#define DG_TYPE_PRESENTATION (dg_presentation_get_type ())

G_DECLARE_FINAL_TYPE (DgPresentation, dg_presentation, DG, PRESENTATION, GtkWindow)

DgPresentation *dg_presentation_new          (GtkWindow    *parent,
                                              DgDocument   *document,
                                              DgAnalysis   *analysis,
                                              DgTour       *tour,
                                              DgCanvas     *source);
void            dg_presentation_set_theme    (DgPresentation *self,
                                              DgThemeKind     theme);
int             dg_presentation_get_position (DgPresentation *self);
void            dg_presentation_next         (DgPresentation *self);
void            dg_presentation_previous     (DgPresentation *self);
void            dg_presentation_go_to        (DgPresentation *self,
                                              guint           position);
const char     *dg_presentation_get_caption  (DgPresentation *self);
DgCanvas       *dg_presentation_get_canvas   (DgPresentation *self);
void            _dg_presentation_describe    (DgPresentation *self,
                                              JsonBuilder    *builder);

G_END_DECLS
