/* fuzz-loader.c: any bytes either load or are refused, never crash, and
 * what loads comes back from a save with the same meaning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "dg-round-trip.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autofree char *why = dg_round_trip_check ((const char *) data, size, NULL);

  /* Not g_error(): GLib stops with a breakpoint trap, which libFuzzer
   * does not catch, so the finding would leave no crash file behind. */
  if (why != NULL)
    {
      g_printerr ("%s\n", why);
      abort ();
    }
  return 0;
}
