/* dg-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DG_TYPE_APPLICATION (dg_application_get_type ())

G_DECLARE_FINAL_TYPE (DgApplication, dg_application, DG, APPLICATION, GtkApplication)

DgApplication *dg_application_new (void);

G_END_DECLS
