/* dg-analysis-private.h: what the dg-analysis-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dg-analysis.h"

G_BEGIN_DECLS

/* A time budget checked cheaply: the clock is read only every 4096 steps, so
 * inner loops can call dg_budget_step() on every edge they look at. */
typedef struct
{
  gint64 deadline;   /* g_get_monotonic_time() units; G_MAXINT64: none */
  guint steps;
  gboolean expired;
  GCancellable *cancellable;  /* (nullable): cancelling it ends the budget too */
} DgBudget;

static inline void
dg_budget_init (DgBudget *budget,
                double    seconds)
{
  budget->steps = 0;
  budget->expired = FALSE;
  budget->cancellable = NULL;
  if (seconds > 0 && seconds < 1e9)
    budget->deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  else
    budget->deadline = G_MAXINT64;
}

/* Returns TRUE once the budget has run out (and from then on). */
static inline gboolean
dg_budget_step (DgBudget *budget)
{
  if (G_LIKELY ((++budget->steps & 4095) != 0))
    return budget->expired;
  if (budget->deadline != G_MAXINT64 && g_get_monotonic_time () >= budget->deadline)
    budget->expired = TRUE;
  if (budget->cancellable != NULL && g_cancellable_is_cancelled (budget->cancellable))
    budget->expired = TRUE;
  return budget->expired;
}

/* Cycles found by the search, in the order found (not yet sorted). */
typedef struct
{
  GArray *offsets;    /* guint, starts with 0 */
  GArray *edges;      /* guint */
  DgAnalysisLimit limit;
  gboolean length_limited;    /* longer cycles may exist */
  gboolean longer_found;      /* a longer cycle was found */
  guint starts_done;
} DgCycleList;

void dg_analysis_find_cycles    (const DgGraph *graph,
                                 const guint8  *edge_included,
                                 const guint   *node_component,
                                 const guint8  *node_cyclic,
                                 guint          max_length,
                                 guint          max_cycles,
                                 gsize          max_stored,
                                 DgBudget      *budget,
                                 DgCycleList   *out);

void dg_analysis_store_cycles  (DgAnalysis    *self,
                                 DgCycleList   *list);

void dg_analysis_compute_shares (DgAnalysis    *self,
                                 DgBudget      *budget);

G_END_DECLS
