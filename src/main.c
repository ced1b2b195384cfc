/* main.c: i18n set-up; headless commands go to the CLI, the rest opens the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dg-cli.h"
#ifdef DG_HAVE_GUI
# include "dg-application.h"
#endif

int
main (int    argc,
      char **argv)
{
  const char *localedir;

  setlocale (LC_ALL, "");
  /* Lets the uninstalled binary and the tests use the build tree's .mo files. */
  localedir = g_getenv ("DEALGRAPH_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("dealgraph");

#ifdef DG_HAVE_GUI
  if (!dg_cli_is_headless (argc, argv))
    {
      g_autoptr(DgApplication) app = dg_application_new ();

      return g_application_run (G_APPLICATION (app), argc, argv);
    }
#endif

  return dg_cli_run (argc, argv);
}
