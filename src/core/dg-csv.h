/* dg-csv.h: comma-separated values as spreadsheets write them (RFC 4180)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader takes what Excel, LibreOffice, Numbers and Google Sheets save:
 * a UTF-8 byte-order mark (or UTF-16 with one, as Excel's "Unicode text"),
 * `,`, `;` or tab between fields (detected from the first row unless the
 * caller says), CRLF or LF line ends, quoted fields holding separators,
 * quotes and line breaks, and blank rows. Rows are numbered as a
 * spreadsheet numbers them: the first row (the header) is row 1, and a
 * field holding a line break does not start a new row.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DgCsv DgCsv;

DgCsv       *dg_csv_parse            (const char  *data,
                                      gsize        length,
                                      char         separator,
                                      guint       *error_row,
                                      guint       *error_column,
                                      GError     **error);
void         dg_csv_free             (DgCsv       *self);

char         dg_csv_get_separator    (DgCsv       *self);
guint        dg_csv_get_n_rows       (DgCsv       *self);
guint        dg_csv_get_n_fields     (DgCsv       *self,
                                      guint        row);
const char  *dg_csv_get_field        (DgCsv       *self,
                                      guint        row,
                                      guint        field);
gboolean     dg_csv_get_quoted       (DgCsv       *self,
                                      guint        row,
                                      guint        field);
gboolean     dg_csv_row_is_blank     (DgCsv       *self,
                                      guint        row);

char         dg_csv_detect_separator (const char  *data,
                                      gsize        length);
gboolean     dg_csv_separator_from_string (const char *str,
                                      char        *separator);

/* Writing: fields are quoted when they must be, rows end in CRLF. */
void         dg_csv_append_field     (GString     *out,
                                      const char  *text,
                                      char         separator);
void         dg_csv_append_row       (GString     *out,
                                      const char * const *fields,
                                      guint        n_fields,
                                      char         separator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgCsv, dg_csv_free)

G_END_DECLS
