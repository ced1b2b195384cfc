/* dg-export-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-analysis.h"
#include "dg-document.h"
#include "dg-filter.h"
#include "dg-theme.h"

G_BEGIN_DECLS

#define DG_TYPE_EXPORT_DIALOG (dg_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DgExportDialog, dg_export_dialog, DG, EXPORT_DIALOG, GtkWindow)

GtkWidget *dg_export_dialog_new       (GtkWindow    *parent,
                                       DgDocument   *document,
                                       DgAnalysis   *analysis,
                                       DgThemeKind   theme,
                                       int           view_width,
                                       int           view_height,
                                       double        view_x,
                                       double        view_y,
                                       double        zoom,
                                       const guint8 *lit_edges,
                                       const DgFilter *filter,
                                       const float  *xy);
gboolean   dg_export_dialog_export_to (DgExportDialog *self,
                                       const char     *path,
                                       GError        **error);

G_END_DECLS
