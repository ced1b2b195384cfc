/* standalone-main.c: runs the fuzz target over files, for CI and for
 * reproducing a crash without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (argv[i], &contents, &length, NULL))
        return 1;
      LLVMFuzzerTestOneInput ((const unsigned char *) contents, length);
    }
  return 0;
}
