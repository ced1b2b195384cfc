/* dg-loader.h: reading and writing Dealgraph files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-document.h"

G_BEGIN_DECLS

/* The largest file Dealgraph reads, and so writes (dg_max_file_size()).
 * The reader streams, so this bounds the model's memory rather than the
 * file's: a network of 50,000 companies and 275,000 deals with a source
 * each is 76 MB of JSON, a quarter of this. */
#define DG_MAX_FILE_SIZE (256 * 1024 * 1024)
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
 * @message: what is wrong, translated, plain text, valid UTF-8
 * @code: (nullable): a static name for problems that come in numbers
 *   ("no-sources", "no-deals", "unknown-company-kind", "unknown-deal-kind",
 *   "unknown-status", "position-unknown-company"), so they can be grouped;
 *   %NULL for the others
 */
typedef struct
{
  DgSeverity severity;
  guint line;
  guint column;
  char *path;
  char *id;
  char *message;
  const char *code;
} DgProblem;

gsize       dg_max_file_size    (void);

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

/**
 * DgSaveOptions:
 * @company_mask: (nullable): write only the companies with a non-zero byte
 * @deal_mask: (nullable): write only the deals with a non-zero byte
 * @as_of: (nullable): "as_of" to write instead of the document's
 * @xy: (nullable): positions to write for every company (2 floats each)
 *   instead of the saved ones
 * @compact: no whitespace
 *
 * What to write, for copies of part of a document (the masks: the tests
 * keep the filtered copy exports were once written from as their
 * expectation); zeroed, the whole document.
 */
typedef struct
{
  const guint8 *company_mask;
  const guint8 *deal_mask;
  const char *as_of;
  const float *xy;
  gboolean compact;
} DgSaveOptions;

char       *dg_document_to_data          (DgDocument   *self,
                                          gsize        *length);
char       *dg_document_to_data_with_options (DgDocument          *self,
                                              const DgSaveOptions *options,
                                              gsize               *length);
GBytes     *dg_document_to_bytes         (DgDocument   *self,
                                          GError      **error);
gboolean    dg_document_save_to_file     (DgDocument   *self,
                                          GFile        *file,
                                          GError      **error);
void        dg_document_save_async       (DgDocument          *self,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    dg_document_save_finish      (DgDocument    *self,
                                          GAsyncResult  *result,
                                          GError       **error);
typedef struct _DgSaveJob DgSaveJob;

DgSaveJob  *dg_save_job_new              (DgDocument   *document);
gboolean    dg_save_job_run              (DgSaveJob    *job,
                                          gint64        usec);
GBytes     *dg_save_job_finish           (DgSaveJob    *job,
                                          GError      **error);
DgDocument *dg_save_job_get_document     (DgSaveJob    *job);
void        dg_save_job_free             (DgSaveJob    *job);

void        dg_document_set_layout_seed  (DgDocument   *self,
                                          guint64       seed);
gboolean    dg_document_get_layout_seed  (DgDocument   *self,
                                          guint64      *seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgProblem, dg_problem_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgSaveJob, dg_save_job_free)

G_END_DECLS
