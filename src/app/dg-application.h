/* dg-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-style-manager.h"

G_BEGIN_DECLS

#define DG_TYPE_APPLICATION (dg_application_get_type ())

G_DECLARE_FINAL_TYPE (DgApplication, dg_application, DG, APPLICATION, GtkApplication)

DgApplication  *dg_application_new               (void);
GSettings      *dg_application_get_settings      (DgApplication *self);
DgStyleManager *dg_application_get_style_manager (DgApplication *self);
gboolean        dg_application_get_dark          (DgApplication *self);
void            dg_application_quit_cancelled    (DgApplication *self);

G_END_DECLS
