/* fuzz-loader.c: any bytes either load or are refused, never crash, and
 * what loads comes back from a save with the same meaning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dg-round-trip.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autofree char *why = dg_round_trip_check ((const char *) data, size, NULL);

  if (why != NULL)
    g_error ("%s", why);
  return 0;
}
