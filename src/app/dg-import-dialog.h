/* dg-import-dialog.h: File > Import…, a spreadsheet's tables into a new network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dg-csv-import.h"

G_BEGIN_DECLS

#define DG_TYPE_IMPORT_DIALOG (dg_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DgImportDialog, dg_import_dialog, DG, IMPORT_DIALOG, GtkWindow)

GtkWidget   *dg_import_dialog_new               (GtkWindow       *parent);
void         dg_import_dialog_choose_file       (DgImportDialog  *self);
gboolean     dg_import_dialog_load_file         (DgImportDialog  *self,
                                                 DgCsvTable       table,
                                                 GFile           *file);
gboolean     dg_import_dialog_import            (DgImportDialog  *self);

/* What the dialog shows, for tests. */
GListModel  *dg_import_dialog_get_problems      (DgImportDialog  *self);
const DgImportProblem *dg_import_dialog_problem_at (DgImportDialog *self,
                                                 guint            position);
const char  *dg_import_dialog_get_summary       (DgImportDialog  *self);
GtkButton   *dg_import_dialog_get_import_button (DgImportDialog  *self);
GtkDropDown *dg_import_dialog_get_field_dropdown (DgImportDialog *self,
                                                 DgCsvTable       table,
                                                 guint            column);
GtkDropDown *dg_import_dialog_get_date_dropdown (DgImportDialog  *self);

G_END_DECLS
