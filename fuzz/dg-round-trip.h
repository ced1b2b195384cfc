/* dg-round-trip.h: what a Dealgraph save promises, checked on any input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Loads @data; when it loads, checks that its save loads again, that save,
 * load and save again gives the same bytes, and that the save means what
 * @data meant: the same tree, once the format's own rules are applied to
 * @data (null for "not given", known numbers as doubles, positions to a
 * hundredth...), which this file writes down a second time, apart from the
 * saver. Returns %NULL when all of that holds, else what failed (and
 * sets *@loaded when @data loaded). */
char *dg_round_trip_check (const char *data,
                           gsize       length,
                           gboolean   *loaded);

/* @text as canonical JSON with every object's keys sorted, for comparing
 * meanings; %NULL when it is not JSON. */
char *dg_round_trip_sorted (const char *text,
                            gsize       length);

G_END_DECLS
