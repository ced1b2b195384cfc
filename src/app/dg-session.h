/* dg-session.h: what one window is looking at, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dg-analysis.h"
#include "dg-document.h"
#include "dg-filter.h"
#include "dg-graph.h"
#include "dg-history.h"

G_BEGIN_DECLS

typedef enum
{
  DG_SELECTION_NONE,
  DG_SELECTION_COMPANY,
  DG_SELECTION_DEAL,
  DG_SELECTION_CYCLE,
} DgSelectionKind;

#define DG_TYPE_SELECTION_KIND (dg_selection_kind_get_type ())
GType dg_selection_kind_get_type (void) G_GNUC_CONST;

#define DG_TYPE_SESSION (dg_session_get_type ())

G_DECLARE_FINAL_TYPE (DgSession, dg_session, DG, SESSION, GObject)

DgSession       *dg_session_new              (void);

DgDocument      *dg_session_get_document     (DgSession       *self);
void             dg_session_set_document     (DgSession       *self,
                                              DgDocument      *document);
DgHistory       *dg_session_get_history      (DgSession       *self);
gboolean         dg_session_get_modified     (DgSession       *self);
gboolean         dg_session_get_can_undo     (DgSession       *self);
gboolean         dg_session_get_can_redo     (DgSession       *self);

DgAnalysis      *dg_session_get_analysis     (DgSession       *self);
void             dg_session_set_analysis     (DgSession       *self,
                                              DgAnalysis      *analysis);

const DgFilter  *dg_session_get_filter       (DgSession       *self);
void             dg_session_set_filter       (DgSession       *self,
                                              const DgFilter  *filter);
void             dg_session_refilter         (DgSession       *self);
const guint8    *dg_session_get_edge_visible (DgSession       *self);
const guint8    *dg_session_get_node_visible (DgSession       *self);
guint            dg_session_get_n_shown_deals (DgSession      *self);
DgGraph         *dg_session_get_as_of_graph  (DgSession       *self);
DgGraph         *dg_session_get_shown_graph  (DgSession       *self);

gboolean         dg_session_hide_company     (DgSession       *self,
                                              guint            company);
gboolean         dg_session_show_all         (DgSession       *self);
guint            dg_session_get_n_hidden     (DgSession       *self);
gboolean         dg_session_get_hidden       (DgSession       *self,
                                              guint            company);

DgSelectionKind  dg_session_get_selection    (DgSession       *self,
                                              guint           *index);
void             dg_session_set_selection    (DgSession       *self,
                                              DgSelectionKind  kind,
                                              guint            index);
void             dg_session_reselect         (DgSession       *self,
                                              DgSelectionKind  kind,
                                              guint            index);

const guint     *dg_session_get_lit          (DgSession       *self,
                                              guint           *n_companies,
                                              const guint    **deals,
                                              guint           *n_deals);
void             dg_session_set_lit          (DgSession       *self,
                                              const guint     *companies,
                                              guint            n_companies,
                                              const guint     *deals,
                                              guint            n_deals);

G_END_DECLS
