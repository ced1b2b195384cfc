/* dg-window-state.h: windows open the size they were last closed at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void dg_window_state_restore_and_track (GtkWindow *window,
                                        GSettings *settings);

G_END_DECLS
