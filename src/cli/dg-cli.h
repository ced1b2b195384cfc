/* dg-cli.h: the headless commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean dg_cli_is_headless (int    argc,
                             char **argv);
int      dg_cli_run         (int    argc,
                             char **argv);

G_END_DECLS
