/* dg-history.h: every edit of a document as a command, with undo and redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing else changes a document once it is open in an editor: each
 * function here checks its input with the loader's rules (dg-validate.h),
 * refuses what the loader would refuse with the loader's words and then
 * changes nothing, or applies the change and keeps it as one step to undo.
 * No GTK: the window, the tests and the command line share it.
 */
#pragma once

#include "dg-document.h"
#include "dg-tour.h"

G_BEGIN_DECLS

#define DG_TYPE_HISTORY (dg_history_get_type ())

G_DECLARE_FINAL_TYPE (DgHistory, dg_history, DG, HISTORY, GObject)

DgHistory  *dg_history_new               (DgDocument *document);
DgDocument *dg_history_get_document      (DgHistory  *self);

gboolean    dg_history_can_undo          (DgHistory  *self);
gboolean    dg_history_can_redo          (DgHistory  *self);
gboolean    dg_history_undo              (DgHistory  *self);
gboolean    dg_history_redo              (DgHistory  *self);
/* What the next undo or redo does, translated ("Rename Company"), or NULL. */
const char *dg_history_get_undo_label    (DgHistory  *self);
const char *dg_history_get_redo_label    (DgHistory  *self);
guint       dg_history_get_n_undo        (DgHistory  *self);
guint       dg_history_get_n_redo        (DgHistory  *self);

/* The document was saved (or opened): the state now is the one on disk.
 * Undoing back to it clears "modified" again. */
void        dg_history_mark_saved        (DgHistory  *self);
gboolean    dg_history_get_modified      (DgHistory  *self);
/* Seconds since the epoch of the last edit, undo or redo; 0 for none. */
gint64      dg_history_get_last_change   (DgHistory  *self);

/* A field by its key in the file (see dg_validate_company_field()); NULL or
 * "" clears an optional one. */
gboolean    dg_history_set_company_field (DgHistory  *self,
                                          DgCompany  *company,
                                          const char *key,
                                          const char *text,
                                          GError    **error);
gboolean    dg_history_set_deal_field    (DgHistory  *self,
                                          DgDeal     *deal,
                                          const char *key,
                                          const char *text,
                                          GError    **error);
/* The three amount fields at once (see dg_validate_deal_amount_fields()). */
gboolean    dg_history_set_deal_amount   (DgHistory  *self,
                                          DgDeal     *deal,
                                          const char *amount,
                                          const char *min,
                                          const char *max,
                                          GError    **error);
/* The whole list (of DgSource, copied): adding, removing and reordering
 * sources are each one step. */
gboolean    dg_history_set_deal_sources  (DgHistory  *self,
                                          DgDeal     *deal,
                                          GPtrArray  *sources,
                                          GError    **error);

/* One source, changed where it is (cited ones too). */
gboolean    dg_history_set_deal_source   (DgHistory      *self,
                                          DgDeal         *deal,
                                          guint           index,
                                          const DgSource *source,
                                          GError        **error);

/* A new company, its id made from @name (unique; stable from then on), at
 * @position when given. Returns: (transfer none) (nullable): the company */
DgCompany  *dg_history_add_company       (DgHistory        *self,
                                          const char       *name,
                                          const char       *kind,
                                          const DgPosition *position,
                                          GError          **error);
/* A new deal from @from to @to, its id made from theirs; @amount the exact
 * amount's text or NULL for undisclosed. Returns: (transfer none) (nullable) */
DgDeal     *dg_history_add_deal          (DgHistory  *self,
                                          DgCompany  *from,
                                          DgCompany  *to,
                                          const char *kind,
                                          const char *amount,
                                          GError    **error);
/* A company goes with every deal it takes part in, as one step. */
void        dg_history_delete_company    (DgHistory  *self,
                                          DgCompany  *company);
void        dg_history_delete_deal       (DgHistory  *self,
                                          DgDeal     *deal);
/* Moves with the same nonzero @drag that follow each other make one step:
 * a drag is undone at once. */
gboolean    dg_history_move_company      (DgHistory  *self,
                                          DgCompany  *company,
                                          double      x,
                                          double      y,
                                          gboolean    pinned,
                                          guint       drag,
                                          GError    **error);

/* The payer and payee of @deal (dg_history_swap_deal() swaps them). */
gboolean    dg_history_set_deal_ends     (DgHistory  *self,
                                          DgDeal     *deal,
                                          DgCompany  *from,
                                          DgCompany  *to,
                                          GError    **error);
gboolean    dg_history_swap_deal         (DgHistory  *self,
                                          DgDeal     *deal,
                                          GError    **error);
/* A new id for @company; its deals and the tour follow. A company added
 * by the history gets its id from the first name it is then given. */
gboolean    dg_history_set_company_id    (DgHistory  *self,
                                          DgCompany  *company,
                                          const char *id,
                                          GError    **error);
/* A new id for @deal; other deals' links and the tour follow. */
gboolean    dg_history_set_deal_id       (DgHistory  *self,
                                          DgDeal     *deal,
                                          const char *id,
                                          GError    **error);
/* @other goes into @keep: its deals move (those between the two go,
 * counted in @n_dropped), its fields fill @keep's empty ones. */
gboolean    dg_history_merge_companies   (DgHistory  *self,
                                          DgCompany  *keep,
                                          DgCompany  *other,
                                          guint      *n_dropped,
                                          GError    **error);
/* One source moves; the citations of the deal's history follow it. */
gboolean    dg_history_move_deal_source  (DgHistory  *self,
                                          DgDeal     *deal,
                                          guint       from,
                                          guint       to,
                                          GError    **error);
/* The tour as the document keeps it, as one step. */
void        dg_history_set_tour          (DgHistory  *self,
                                          DgTour     *tour);

/* For ids made from names: lower-case ASCII letters, digits and dashes. */
char       *dg_make_id                   (const char *name);

G_END_DECLS
