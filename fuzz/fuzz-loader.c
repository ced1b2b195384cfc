/* fuzz-loader.c: the loader must refuse or load any bytes, never crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dg-loader.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DgDocument) doc = NULL;

  doc = dg_document_load_from_data ((const char *) data, size, &problems, NULL);
  if (doc != NULL)
    {
      g_autofree char *text = dg_document_to_data (doc, NULL);
      g_autoptr(DgDocument) again = dg_document_load_from_data (text, strlen (text), NULL, NULL);

      /* What we write, we must read back. */
      g_assert (again != NULL);
      g_assert_cmpuint (dg_document_get_n_deals (again), ==, dg_document_get_n_deals (doc));
    }
  return 0;
}
