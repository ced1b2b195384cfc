/* dg-story.h: the plain sentences that tell what a deal or a cycle does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The side panels, the presentation mode and the exporters say in words what
 * the diagram shows: "Amazon / AWS may invest $10B in OpenAI; OpenAI has
 * committed $38B to cloud capacity from Amazon / AWS over 7 years." Every
 * sentence comes from a whole translatable format string per deal kind and
 * status, never from fragments glued together.
 */
#pragma once

#include "dg-analysis.h"
#include "dg-document.h"

G_BEGIN_DECLS

char  *dg_story_for_deal           (DgDocument  *doc,
                                    guint        deal);
char  *dg_story_deal_clause        (DgDocument  *doc,
                                    guint        deal);
char  *dg_story_for_deals          (DgDocument  *doc,
                                    const guint *deals,
                                    guint        n_deals);
char  *dg_story_for_cycle          (DgDocument  *doc,
                                    DgAnalysis  *analysis,
                                    guint        cycle);
char  *dg_story_hop_clause         (DgDocument  *doc,
                                    const guint *deals,
                                    guint        n_deals,
                                    const char  *total_text);
char  *dg_story_dates_sentence     (DgDocument  *doc,
                                    const guint *deals,
                                    guint        n_deals);

G_END_DECLS
