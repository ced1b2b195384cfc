/* dg-loader.h: reading and writing Dealgraph files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-document.h"

G_BEGIN_DECLS

#define DG_MAX_FILE_SIZE (64 * 1024 * 1024)
#define DG_MAX_NESTING   64
#define DG_TYPE_PROBLEM  (dg_problem_get_type ())

typedef enum
{
  DG_SEVERITY_WARNING,
  DG_SEVERITY_ERROR,
} DgSeverity;

/**
 * DgProblem:
 * @line: 1-based line, or 0 when the problem is not tied to the text
 * @column: 1-based column (in characters), or 0
 * @path: (nullable): where in the document, e.g. `deals[12]`
 * @id: (nullable): the id of the company or deal at @path, when it has one
 * @message: what is wrong, translated, plain text
 */
typedef struct
{
  DgSeverity severity;
  guint line;
  guint column;
  char *path;
  char *id;
  char *message;
} DgProblem;

GType       dg_problem_get_type (void) G_GNUC_CONST;
DgProblem  *dg_problem_copy     (const DgProblem *problem);
void        dg_problem_free     (DgProblem       *problem);
char       *dg_problem_to_string (const DgProblem *problem,
                                  const char      *filename);

DgDocument *dg_document_load_from_data   (const char   *data,
                                          gsize         length,
                                          GPtrArray   **problems,
                                          GError      **error);
DgDocument *dg_document_load_from_file   (GFile        *file,
                                          GPtrArray   **problems,
                                          GError      **error);
DgDocument *dg_document_load_default     (GError      **error);
GBytes     *dg_document_get_default_bytes (void);

char       *dg_document_to_data          (DgDocument   *self,
                                          gsize        *length);
gboolean    dg_document_save_to_file     (DgDocument   *self,
                                          GFile        *file,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgProblem, dg_problem_free)

G_END_DECLS
