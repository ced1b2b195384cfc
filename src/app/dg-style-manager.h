/* dg-style-manager.h: follows the desktop's dark style, resolves the diagram theme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DG_TYPE_STYLE_MANAGER (dg_style_manager_get_type ())

G_DECLARE_FINAL_TYPE (DgStyleManager, dg_style_manager, DG, STYLE_MANAGER, GObject)

DgStyleManager *dg_style_manager_new              (GSettings      *settings);
gboolean        dg_style_manager_get_dark         (DgStyleManager *self);
gboolean        dg_style_manager_get_high_contrast (DgStyleManager *self);
const char     *dg_style_manager_get_canvas_theme (DgStyleManager *self);
const char     *dg_style_manager_resolve_theme    (DgStyleManager *self,
                                                   const char     *theme);

G_END_DECLS
