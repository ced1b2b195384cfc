/* dg-deal-state-private.h: reading histories, for the loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-deal-state.h"
#include "dg-loader.h"

G_BEGIN_DECLS

/* One problem of a history: @member is the deal's or company's member it
 * lies in ("history"), so the loader can say where. */
typedef struct
{
  DgSeverity severity;
  const char *code;      /* nullable, static */
  const char *member;    /* static */
  char *message;         /* owned, translated */
} DgStateProblem;

void            _dg_state_problem_free    (gpointer          problem);

/* Reads a deal's history members out of @members (the deal's members this
 * module knows; others are ignored). Problems go to @problems (of
 * DgStateProblem) when given; what is wrong is left out of the result.
 * @n_sources is the length of the deal's sources, @top_status (nullable)
 * and @top_amount its top-level state, for the check that the last event
 * agrees with them. */
DgDealTimeline *_dg_deal_timeline_parse   (JsonObject       *members,
                                           guint             n_sources,
                                           const char       *top_status,
                                           const DgAmount   *top_amount,
                                           GPtrArray        *problems);
void            _dg_deal_timeline_free    (DgDealTimeline   *timeline);

/* A company's "valuations" (of DgValuation), or NULL when it has none. */
GPtrArray      *_dg_valuations_parse      (JsonObject       *members,
                                           GPtrArray        *problems);

G_END_DECLS
