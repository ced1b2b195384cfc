/* dg-window-actions.c: which of the window's actions can act now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One function decides every action that depends on state, from the
 * session (document, history, selection) and the two things the session
 * does not hold: the window's file and way back (Back / Forward), and the
 * canvas's pins. The window calls it from the session's notifications
 * ("notify::document", "notify::can-undo", "notify::can-redo",
 * "selection-changed") and where those two change.
 */
#define G_LOG_DOMAIN "dealgraph-window"

#include "config.h"

#include "dg-window-private.h"

void
_dg_window_update_actions (DgWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  DgDocument *doc = dg_session_get_document (self->session);
  guint index;
  DgSelectionKind kind = dg_session_get_selection (self->session, &index);
  const guint8 *pinned = dg_canvas_get_pinned (self->canvas);

  gtk_widget_action_set_enabled (w, "win.reload", self->file != NULL);

  /* The way back and forth through what was selected. */
  gtk_widget_action_set_enabled (w, "win.back", self->history_pos > 0);
  gtk_widget_action_set_enabled (w, "win.forward",
                                 self->history->len > 0 && self->history_pos + 1 < self->history->len);
  gtk_widget_action_set_enabled (w, "win.unpin",
                                 kind == DG_SELECTION_COMPANY && pinned != NULL
                                 && doc != NULL && index < dg_document_get_n_companies (doc)
                                 && pinned[index]);

  /* Editing. */
  gtk_widget_action_set_enabled (w, "win.undo", dg_session_get_can_undo (self->session));
  gtk_widget_action_set_enabled (w, "win.redo", dg_session_get_can_redo (self->session));
  gtk_widget_action_set_enabled (w, "win.add-company", doc != NULL);
  gtk_widget_action_set_enabled (w, "win.add-deal", doc != NULL && kind == DG_SELECTION_COMPANY
                                 && dg_document_get_n_companies (doc) > 1);
  gtk_widget_action_set_enabled (w, "win.delete", doc != NULL && (kind == DG_SELECTION_COMPANY
                                                                  || kind == DG_SELECTION_DEAL));
}
