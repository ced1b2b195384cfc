/* dg-interchange.h: the network for other tools: GraphML, GEXF, DOT and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dg_export() calls these for OUT.graphml, OUT.gexf, OUT.dot and OUT.csv, so
 * the command line's --export and the window's Export dialog write the same
 * files. Every field of every company and deal goes out, typed: amounts as
 * numbers with their low and high ends (an undisclosed amount is absent,
 * never 0), dates, statuses, sources, positions and colours. Written by
 * hand with g_markup_escape_text() for XML text: no library here writes
 * these formats. See docs/interchange.md.
 */
#pragma once

#include "dg-document.h"
#include "dg-export.h"
#include "dg-filter.h"
#include "dg-theme.h"

G_BEGIN_DECLS

gboolean  dg_export_format_is_network   (DgExportFormat  format);

char     *dg_interchange_to_graphml     (DgDocument     *doc,
                                         const float    *xy,
                                         DgThemeKind     theme,
                                         gsize          *length);
char     *dg_interchange_to_gexf        (DgDocument     *doc,
                                         const float    *xy,
                                         DgThemeKind     theme,
                                         gsize          *length);
char     *dg_interchange_to_dot         (DgDocument     *doc,
                                         const float    *xy,
                                         DgThemeKind     theme,
                                         gsize          *length);
char     *dg_interchange_deals_csv      (DgDocument     *doc,
                                         gsize          *length);
char     *dg_interchange_companies_csv  (DgDocument     *doc,
                                         gsize          *length);
char     *dg_interchange_companies_path (const char     *path);

gboolean  dg_interchange_write          (DgDocument     *doc,
                                         DgExportFormat  format,
                                         const float    *xy,
                                         const DgFilter *filter,
                                         DgThemeKind     theme,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS
