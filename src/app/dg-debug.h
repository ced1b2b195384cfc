/* dg-debug.h: what the app shows, told to end-to-end tests over D-Bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DG_DEBUG_OBJECT_PATH "/io/github/dealgraph/Dealgraph/Debug"
#define DG_DEBUG_INTERFACE   "io.github.dealgraph.Dealgraph.Debug"

gboolean  dg_debug_enabled           (void);
guint     dg_debug_register          (GApplication    *app,
                                      GDBusConnection *connection,
                                      GError         **error);
void      dg_debug_add_widget_point  (JsonBuilder     *builder,
                                      GtkWidget       *widget,
                                      double           x,
                                      double           y);

G_END_DECLS
