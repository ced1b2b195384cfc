/* dg-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is split as GNOME Text Editor splits its own: dg-window.c
 * wires the document to canvas, lists and panels; dg-window-files.c opens,
 * saves and exports.
 */
#pragma once

#include "dg-canvas.h"
#include "dg-company-panel.h"
#include "dg-cycle-panel.h"
#include "dg-deal-panel.h"
#include "dg-filter-bar.h"
#include "dg-history.h"
#include "dg-loader.h"
#include "dg-session.h"
#include "dg-sidebar.h"
#include "dg-window.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The session's kinds, by their short names here. */
typedef DgSelectionKind SelKind;
#define SEL_NONE DG_SELECTION_NONE
#define SEL_COMPANY DG_SELECTION_COMPANY
#define SEL_DEAL DG_SELECTION_DEAL
#define SEL_CYCLE DG_SELECTION_CYCLE

typedef struct
{
  SelKind kind;
  guint index;
} Entry;

struct _DgWindow
{
  GtkApplicationWindow parent_instance;

  /* What the views show: the document, its history, the analysis, the
   * filter and its masks, the marks, the selection and the lit set
   * (dg-session.c). The document, analysis and selection fields below are
   * the window's handles on the session's, set where the session is. */
  DgSession *session;
  DgDocument *document;
  DgAnalysis *analysis;
  GCancellable *analysis_cancellable; /* the whole analysis running in a worker */
  guint analysis_serial;           /* bumped by every new analysis request */
  guint analyses_landed;           /* worker results taken, and dropped, for tests */
  guint analyses_dropped;
  gboolean analysis_whole;         /* the analysis is of every deal (no mask) */
  GFile *file;              /* NULL for the embedded dataset */
  Entry selection;
  GArray *history;          /* of Entry */
  guint history_pos;        /* index of the current entry */
  DgLayoutAlgorithm layout;
  char *canvas_theme;       /* "system", "light", "dark" or "projector" */
  gboolean initial_layout;  /* the layout running is the one opening a file */
  gulong dark_handler;
  gboolean app_set_up;
  gboolean close_after_save;
  gboolean loading;         /* a large file loads in a worker */
  DgDocument *loaded_network_of; /* not a reference: the document being set from the */
  guint8 *loaded_network;        /* load worker, and its network mask at the latest state */
  GdkFrameClock *lists_clock; /* the sidebar's lists wait for the canvas's first frame: */
  gulong lists_paint_handler; /* until a paint shows it, */
  guint lists_timeout;        /* or at the latest */
  guint loads_dropped;      /* loads overtaken by a later open, for tests */
  GMenu *context_model;
  GFile *toast_file;        /* the file the toast offers to open */
  guint toast_timeout;     /* the canvas's context menu, for context_node/edge */
  int context_node;
  int context_edge;  /* Save As from the close dialog: close once saved */

  /* Template children */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkToggleButton *sidebar_button;
  GtkPaned *outer_paned;
  DgSidebar *sidebar;
  DgCanvas *canvas;
  /* The document's strings serials (DgDocumentStrings) of the names and
   * ids the canvas holds: after an edit, the unchanged ones stay. */
  guint canvas_strings[3];
  GtkWidget *panel_box;
  GtkLabel *panel_title;
  GtkRevealer *toast_revealer;
  GtkLabel *toast_label;
  GtkStack *panel_stack;
  DgCompanyPanel *company_panel;
  DgDealPanel *deal_panel;
  DgCyclePanel *cycle_panel;
  GMenu *recent_submenu;
  GtkRevealer *filter_revealer;
  GtkPaned *inner_paned;
  DgFilterBar *filter_bar;
  GSettings *settings;
  GCancellable *load_cancellable;  /* a large file loading in a worker */      /* NULL when the schema is not installed */

  /* Editing (dg-window-edit.c) */
  DgHistory *edits;         /* every edit of the document, to undo and redo */
  GtkWidget *edit_expander; /* the panel's Edit section */
  GtkWidget *edit_box;
  GtkLabel *edit_error;     /* why the last edit was refused */
  gboolean edit_updating;   /* the form is being filled, not edited */
  gboolean edit_advanced;   /* the company form's Advanced part is open */
  guint drag_serial;        /* one step per drag */
  guint recovery_timeout;   /* writes the recovery copy a moment after an edit */
  char *recovery_path;      /* this window's recovery copy, once written */
  DgSaveJob *recovery_job;  /* its text, being made in slices */
  guint recovery_idle;      /* the next slice */
  GCancellable *recovery_cancellable; /* the copy being written to disk */
};

void        _dg_window_set_document           (DgWindow   *self,
                                               DgDocument *document,
                                               GFile      *file);
void        _dg_window_update_title           (DgWindow   *self);
void        _dg_window_positions_to_document  (DgWindow   *self);
DgThemeKind _dg_window_resolve_theme          (DgWindow   *self);
void        _dg_window_update_recent_menu     (DgWindow   *self);
void        _dg_window_analysis_options       (DgAnalysisOptions *options);
guint       _dg_window_set_sync_analysis_max_deals (guint max);
gboolean    _dg_window_analysis_pending       (DgWindow   *self);
void        _dg_window_analysis_landed        (DgWindow   *self);
void        _dg_window_save_as                (DgWindow   *self);
void        _dg_window_close_cancelled        (DgWindow   *self);
void        _dg_window_destroy_later          (DgWindow   *self);
void        _dg_window_files_class_init       (GtkWidgetClass *widget_class);
void        _dg_window_select                 (DgWindow   *self,
                                               SelKind     kind,
                                               guint       index);
void        _dg_window_edit_class_init        (GtkWidgetClass *widget_class);
void        _dg_window_edit_init              (DgWindow   *self);
void        _dg_window_edit_dispose           (DgWindow   *self);
void        _dg_window_edit_set_document      (DgWindow   *self);
void        _dg_window_edit_selection_changed (DgWindow   *self);
void        _dg_window_edit_describe          (DgWindow    *self,
                                               JsonBuilder *builder);
GtkWidget  *_dg_window_find_descendant        (GtkWidget  *widget,
                                               GType       type,
                                               gboolean    mapped_only);
void        _dg_window_edit_saved             (DgWindow   *self);
void        _dg_window_update_actions         (DgWindow   *self);
void        _dg_window_edit_moved             (DgWindow   *self,
                                               guint       node);
void        _dg_window_edit_pin               (DgWindow   *self,
                                               guint       node,
                                               gboolean    pinned);

void        _dg_window_files_init             (DgWindow   *self);
void        _dg_window_describe               (DgWindow   *self,
                                               JsonBuilder *builder);
gboolean    _dg_window_locate_item            (DgWindow   *self,
                                               const char *kind,
                                               const char *id,
                                               JsonBuilder *builder);

G_END_DECLS
