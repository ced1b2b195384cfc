/* dg-atomic-file.h: the one way Dealgraph replaces a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving, the exports (PNG, SVG, PDF, GraphML, GEXF, DOT, CSV) and the
 * tour's exports all write through this: the old file stays whole until
 * the new one is on disk, a process killed at any moment leaves neither a
 * partial file nor a temporary one, and mode, owner, symbolic links and
 * hard links are kept. See dg-atomic-file.c for how.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DgAtomicFile DgAtomicFile;

DgAtomicFile   *dg_atomic_file_new          (const char           *path,
                                             GError              **error);
gboolean        dg_atomic_file_write        (DgAtomicFile         *self,
                                             const void           *data,
                                             gsize                 length,
                                             GError              **error);
void            dg_atomic_file_start_flush  (DgAtomicFile         *self);
gboolean        dg_atomic_file_commit       (DgAtomicFile         *self,
                                             GError              **error);
void            dg_atomic_file_free         (DgAtomicFile         *self);

cairo_status_t  dg_atomic_file_cairo_write  (void                 *closure,
                                             const unsigned char  *data,
                                             unsigned int          length);

gboolean        dg_atomic_file_set_contents (const char           *path,
                                             const void           *data,
                                             gsize                 length,
                                             GError              **error);
gboolean        dg_atomic_file_replace      (GFile                *file,
                                             GBytes               *bytes,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            dg_atomic_file_replace_async  (GFile               *file,
                                               GBytes              *bytes,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        dg_atomic_file_replace_finish (GAsyncResult        *result,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgAtomicFile, dg_atomic_file_free)

G_END_DECLS
