/* dg-loader-private.h: what tests may change in the loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dg-loader.h"

G_BEGIN_DECLS

/* Sets the size limit (0: back to %DG_MAX_FILE_SIZE), so the tests can
 * check a save at the limit with small documents. */
void _dg_loader_set_max_file_size (gsize size);

G_END_DECLS
