/* dg-changes.h: what changed in the network between two dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compares the network as of date A (each deal in its state then, see
 * dg_deal_get_state_at()) with the network as of date B: the deals added,
 * ended (cancelled or abandoned), replaced (ended, with a "replaced_by"),
 * stalled and resized, and the cycles that broke (on a cycle at A, not at
 * B) and formed (not at A, on a cycle at B), each with the deals that made
 * the difference. The tour of changes (dg_tour_new_changes()) and
 * `dealgraph --cycles --since` show it.
 *
 * Cycles are compared as sets of deals, both dates searched with the same
 * length limit; cycles broken (or formed) by the same deals are one change
 * (one slide), listing every cycle. A cycle cannot break without a deal
 * leaving the network, so every cycle change has at least one cause.
 */
#pragma once

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

typedef enum
{
  DG_CHANGE_ADDED,         /* a deal entered the network */
  DG_CHANGE_ENDED,         /* cancelled or abandoned, nothing took its place */
  DG_CHANGE_REPLACED,      /* ended, and "replaced_by" names its successor */
  DG_CHANGE_STALLED,       /* stalled (it still counts until cancelled) */
  DG_CHANGE_RESIZED,       /* its amount changed */
  DG_CHANGE_CYCLE_BROKE,   /* cycles at A that are gone at B */
  DG_CHANGE_CYCLE_FORMED,  /* cycles at B that were not at A */
  DG_N_CHANGE_KINDS
} DgChangeKind;

/**
 * DgChange:
 * @kind: what changed
 * @deal: the deal, for deal changes; for a cycle change, the first cause
 * @replacement: %DG_REPLACED: the successor's index, or G_MAXUINT when
 *   "replaced_by" names no deal of the document
 * @before: the deal's amount at A (deal changes where it existed then)
 * @after: its amount at B (deal changes where it exists then)
 * @date: packed date of the event that made the change (the deal's last
 *   event on or before B, its announced date for an added deal without
 *   history; for a cycle change, the latest of its causes'); 0 if unknown
 * @cycles: (element-type GArray): cycle changes: every cycle of the change,
 *   each a GArray of guint deal indices in the analysis's order, largest
 *   round trip first; empty for deal changes
 * @causes: (element-type guint): cycle changes: the deals that left the
 *   network (broke) or entered it (formed) on those cycles, sorted
 * @size: how big the change is, USD: the largest round trip (at A for a
 *   broken cycle, at B for a formed one), or the deal's amount (the
 *   difference for a resize); undisclosed amounts count as 0
 */
typedef struct
{
  DgChangeKind kind;
  guint deal;
  guint replacement;
  DgAmount before;
  DgAmount after;
  gint32 date;
  GPtrArray *cycles;
  GArray *causes;
  double size;
} DgChange;

/**
 * DgChanges:
 * @from: packed as-of date A
 * @to: packed as-of date B; 0 for the latest state
 * @changes: (element-type DgChange): the deal changes (in document order)
 *   then the cycle changes (largest first)
 * @n_by_kind: how many changes of each kind; for cycle kinds, how many
 *   cycles (not groups)
 * @complete: both cycle searches finished (no limit of count, time or
 *   memory hit); when not, cycle changes may be missing or spurious
 */
typedef struct
{
  gint32 from;
  gint32 to;
  GPtrArray *changes;
  guint n_by_kind[DG_N_CHANGE_KINDS];
  gboolean complete;
} DgChanges;

const char *dg_change_kind_to_string    (DgChangeKind        kind);
gboolean    dg_change_kind_from_string  (const char         *str,
                                         DgChangeKind       *kind);

gboolean    dg_changes_parse_since      (const char         *text,
                                         gint32             *from);

DgChanges  *dg_changes_new              (DgDocument         *doc,
                                         gint32              from,
                                         gint32              to,
                                         guint               max_length);
void        dg_changes_free             (DgChanges          *changes);

GPtrArray  *dg_changes_get_biggest      (DgChanges          *changes,
                                         guint               max_cycle_changes,
                                         guint               max_deal_changes);

char       *dg_changes_overview_text    (DgChanges          *changes,
                                         DgDocument         *doc);
void        dg_change_describe          (const DgChange     *change,
                                         DgChanges          *changes,
                                         DgDocument         *doc,
                                         char              **title,
                                         char              **caption);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgChanges, dg_changes_free)

G_END_DECLS
