/* dg-test-run.c: run the built dealgraph binary as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <sys/wait.h>

#include "dg-test-run.h"

void
dg_test_run_clear (DgTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* The binary meson built: DG_BINARY, set by tests/meson.build. */
char *
dg_test_binary (void)
{
  const char *env = g_getenv ("DG_BINARY");

  if (env != NULL)
    return g_strdup (env);
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "dealgraph", NULL);
}

/**
 * dg_test_run_argv:
 * @envp: (nullable): the environment, or %NULL for the test's own
 * @args: the arguments after the program name, %NULL-terminated
 *
 * Runs the binary, no shell involved, and keeps its status and output.
 */
void
dg_test_run_argv (DgTestRun          *run,
                  const char * const *envp,
                  const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = dg_test_binary ();
  int wait_status;

  dg_test_run_clear (run);
  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, (char **) envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  /* A sanitizer's halt is an abort (.ci/run sets abort_on_error), never to
   * be taken for "file refused" (exit status 1). */
  if (!WIFEXITED (wait_status))
    g_error ("dealgraph was killed by signal %d (%s), not refused: a crash or a sanitizer halt\n%s",
             WTERMSIG (wait_status), g_strsignal (WTERMSIG (wait_status)), run->err != NULL ? run->err : "");
  run->status = WEXITSTATUS (wait_status);
}

/* Like dg_test_run_argv(), with the arguments listed and %NULL last. */
void
dg_test_run (DgTestRun *run,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  dg_test_run_argv (run, NULL, (const char * const *) args->pdata);
}
