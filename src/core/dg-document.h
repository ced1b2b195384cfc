/* dg-document.h: a deal network, as loaded from a file or built in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dg-company.h"
#include "dg-deal.h"
#include "dg-graph.h"

G_BEGIN_DECLS

#define DG_TYPE_DOCUMENT (dg_document_get_type ())

G_DECLARE_FINAL_TYPE (DgDocument, dg_document, DG, DOCUMENT, GObject)

/* Saved position of one company, in diagram units. */
typedef struct
{
  double x;
  double y;
  gboolean pinned;
  gboolean set;   /* FALSE: no saved position */
} DgPosition;

/* The lists of text a view of the document may copy (see
 * dg_document_get_strings_serial()). */
typedef enum
{
  DG_DOCUMENT_COMPANY_NAMES,
  DG_DOCUMENT_COMPANY_IDS,
  DG_DOCUMENT_DEAL_IDS,
} DgDocumentStrings;

DgDocument  *dg_document_new               (void);
DgDocument  *dg_document_new_scale_free    (guint          n_companies,
                                            guint64        seed);
const char  *dg_document_get_title         (DgDocument *self);
void         dg_document_set_title         (DgDocument *self,
                                            const char *title);
const char  *dg_document_get_description   (DgDocument *self);
void         dg_document_set_description   (DgDocument *self,
                                            const char *description);
const char  *dg_document_get_as_of         (DgDocument *self);
void         dg_document_set_as_of         (DgDocument *self,
                                            const char *as_of);

/* GListModel of DgCompany / DgDeal, in file order. */
GListModel  *dg_document_get_companies     (DgDocument *self);
GListModel  *dg_document_get_deals         (DgDocument *self);
guint        dg_document_get_n_companies   (DgDocument *self);
guint        dg_document_get_n_deals       (DgDocument *self);
DgCompany   *dg_document_get_company       (DgDocument *self,
                                            guint       index);
DgDeal      *dg_document_get_deal          (DgDocument *self,
                                            guint       index);
DgCompany   *dg_document_lookup_company    (DgDocument *self,
                                            const char *id);
DgDeal      *dg_document_lookup_deal       (DgDocument *self,
                                            const char *id);

/* Building a document in memory. add_deal fails (returns FALSE) when an id is
 * taken or an end is unknown; the loader checks files more thoroughly. */
gboolean     dg_document_add_company       (DgDocument *self,
                                            DgCompany  *company);
gboolean     dg_document_add_deal          (DgDocument *self,
                                            DgDeal     *deal);
/* Edits (DgHistory makes them undoable): insertion at an index, removal. */
gboolean     dg_document_insert_company    (DgDocument *self,
                                            guint       index,
                                            DgCompany  *company);
gboolean     dg_document_remove_company    (DgDocument *self,
                                            guint       index);
gboolean     dg_document_insert_deal       (DgDocument *self,
                                            guint       index,
                                            DgDeal     *deal);
void         dg_document_remove_deal       (DgDocument *self,
                                            guint       index);

/* The compact snapshot; cached until the document changes, then built
 * again when next asked for. */
DgGraph     *dg_document_get_graph         (DgDocument *self);
guint        dg_document_get_strings_serial (DgDocument        *self,
                                             DgDocumentStrings  which);

/* Saved layout: positions by company index. */
const DgPosition *dg_document_get_positions (DgDocument *self);
gboolean     dg_document_has_positions     (DgDocument *self);
void         dg_document_set_position      (DgDocument *self,
                                            guint       company,
                                            double      x,
                                            double      y,
                                            gboolean    pinned);
void         dg_document_clear_positions   (DgDocument *self);
const char  *dg_document_get_layout_algorithm (DgDocument *self);
void         dg_document_set_layout_algorithm (DgDocument *self,
                                            const char *algorithm);
/* The "layout" object beyond positions and algorithm (view, unknown keys). */
JsonObject  *dg_document_get_layout_extra  (DgDocument *self);

JsonObject  *dg_document_get_extra         (DgDocument *self);
void         dg_document_set_extra         (DgDocument *self,
                                            JsonObject *extra);

/* Unsaved changes. */
gboolean     dg_document_get_modified      (DgDocument *self);
void         dg_document_set_modified      (DgDocument *self,
                                            gboolean    modified);

G_END_DECLS
