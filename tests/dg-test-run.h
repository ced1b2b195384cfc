/* dg-test-run.h: run the built dealgraph binary as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int status;   /* exit status */
  char *out;    /* standard output */
  char *err;    /* standard error */
} DgTestRun;

void  dg_test_run_clear  (DgTestRun          *run);
char *dg_test_binary     (void);
void  dg_test_run_argv   (DgTestRun          *run,
                          const char * const *envp,
                          const char * const *args);
void  dg_test_run        (DgTestRun          *run,
                          ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgTestRun, dg_test_run_clear)

G_END_DECLS
