/* dg-atomic-file.c: the one way Dealgraph replaces a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The new contents go to an unnamed temporary file in the target's folder
 * (O_TMPFILE), which a killed process cannot leave behind; once they are
 * on disk (fdatasync) the file is linked under a temporary name and renamed
 * over the target, and the folder is synced, so the old file stays whole
 * until the new one is. The file's mode, owner and group are kept; a
 * symbolic link is followed and stays a link. A file with several hard
 * links, or whose owner we cannot give a new file, is rewritten in place
 * instead, so every name sees the new contents: a copy of the old contents
 * is kept next to it until the new ones are on disk. Without O_TMPFILE or
 * /proc the temporary file is named from the start (".NAME.dgsave-XXXXXX"),
 * and the next write of the same file removes one a killed process left.
 *
 * GLib's g_file_set_contents_full() does the rename but neither keeps mode
 * and owner nor follows links nor leaves nothing behind on a kill, and
 * GIO's g_file_replace() keeps a named temporary file: hence this file.
 *
 * Durability: fdatasync() on the new file, not fsync(): it writes the data
 * and what is needed to read it back (size, blocks), leaving out only the
 * times; the name is made durable by syncing the folder after the rename.
 */
#define G_LOG_DOMAIN "dealgraph-files"
/* O_TMPFILE and sync_file_range() are Linux's: without this <fcntl.h>
 * hides them, and every write fell back to a named temporary file. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dg-atomic-file.h"
#include "dg-types.h"

/* Temporary files are named ".NAME" TEMP_INFIX "XXXXXX" next to NAME. */
#define TEMP_INFIX ".dgsave-"

/* A temporary file of ours older than this is left over from a write that
 * was killed, and the next write of the same file removes it. */
#define STALE_SECONDS 10

struct _DgAtomicFile
{
  char *path;           /* as given, for messages */
  char *target;         /* symbolic links followed */
  char *dir;
  char *base;
  gboolean exists;
  GStatBuf st;          /* the old file's, when it exists */
  int fd;               /* the new file; -1 when rewriting in place */
  char *temp;           /* its name, when it has one */
  GString *in_place;    /* when rewriting in place: the new contents */
  off_t length;         /* written so far */
  off_t flushed;        /* handed to the disk so far */
  GError *error;        /* the first failure */
  gboolean committed;
};

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Could not write “%s”: %s"), name, g_strerror (saved_errno));
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           off_t        offset)
{
  while (length > 0)
    {
      gssize n = pwrite (fd, data, MIN (length, (gsize) G_MAXSSIZE), offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
      offset += n;
    }
  return TRUE;
}

/* Follows symbolic links to the file they name (which may not exist yet). */
static char *
resolve_links (const char  *path,
               GError     **error)
{
  char *target = g_strdup (path);

  for (int hops = 0; hops < 40; hops++)
    {
      g_autofree char *link = g_file_read_link (target, NULL);
      char *next;

      if (link == NULL)
        return target;
      if (g_path_is_absolute (link))
        next = g_strdup (link);
      else
        {
          g_autofree char *dir = g_path_get_dirname (target);

          next = g_build_filename (dir, link, NULL);
        }
      g_free (target);
      target = next;
    }

  g_free (target);
  set_errno_error (error, ELOOP, path);
  return NULL;
}

static char *
temp_name (const char *dir,
           const char *base)
{
  static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char suffix[7];

  for (guint i = 0; i < 6; i++)
    suffix[i] = letters[g_random_int_range (0, sizeof letters - 1)];
  suffix[6] = '\0';
  return g_strdup_printf ("%s/.%s" TEMP_INFIX "%s", dir, base, suffix);
}

/* Creates a named temporary file next to the target (umask applies). */
static int
open_named_temp (const char  *dir,
                 const char  *base,
                 mode_t       mode,
                 char       **name)
{
  for (int tries = 0; tries < 100; tries++)
    {
      char *candidate = temp_name (dir, base);
      int fd = g_open (candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

      if (fd >= 0)
        {
          *name = candidate;
          return fd;
        }
      g_free (candidate);
      if (errno != EEXIST)
        return -1;
    }
  errno = EEXIST;
  return -1;
}

static void
fsync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      g_close (fd, NULL);
    }
}

/* Removes temporary files of ours for @base that a killed write left. */
static void
remove_stale_temps (const char *dir,
                    const char *base)
{
  g_autofree char *prefix = g_strconcat (".", base, TEMP_INFIX, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == geteuid ()
          && now - (gint64) st.st_mtime > STALE_SECONDS)
        g_unlink (path);
    }
}

/* Rewrites the target in place (several hard links, or an owner we cannot
 * give a new file). A copy of the old contents is kept until the new ones
 * are on disk, and put back if writing them fails. */
static gboolean
write_in_place (DgAtomicFile  *self,
                GError       **error)
{
  const char *data = self->in_place->str;
  gsize length = self->in_place->len;
  g_autofree char *old = NULL;
  g_autofree char *backup = NULL;
  gsize old_length;
  int bfd, fd;
  int saved;

  if (!g_file_get_contents (self->target, &old, &old_length, NULL))
    {
      set_errno_error (error, errno, self->path);
      return FALSE;
    }

  bfd = open_named_temp (self->dir, self->base, 0600, &backup);
  if (bfd < 0)
    {
      set_errno_error (error, errno, self->path);
      return FALSE;
    }
  if (!write_all (bfd, old, old_length, 0) || fsync (bfd) != 0)
    {
      saved = errno;
      g_close (bfd, NULL);
      g_unlink (backup);
      set_errno_error (error, saved, self->path);
      return FALSE;
    }
  g_close (bfd, NULL);

  fd = g_open (self->target, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved = errno;
      g_unlink (backup);
      set_errno_error (error, saved, self->path);
      return FALSE;
    }
  /* Room first: a full disk then fails before a byte changes. */
  if (length > old_length && posix_fallocate (fd, 0, (off_t) length) == ENOSPC)
    {
      g_close (fd, NULL);
      g_unlink (backup);
      set_errno_error (error, ENOSPC, self->path);
      return FALSE;
    }
  if (!write_all (fd, data, length, 0) || ftruncate (fd, (off_t) length) != 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (write_all (fd, old, old_length, 0) && ftruncate (fd, (off_t) old_length) == 0 && fsync (fd) == 0)
        g_unlink (backup);
      g_close (fd, NULL);
      set_errno_error (error, saved, self->path);
      return FALSE;
    }
  g_close (fd, NULL);
  g_unlink (backup);
  fsync_dir (self->dir);
  return TRUE;
}

/**
 * dg_atomic_file_new:
 * @path: the file to replace or create; a symbolic link is followed
 * @error: return location for a #DG_IO error
 *
 * Starts replacing @path: write the new contents with
 * dg_atomic_file_write(), then dg_atomic_file_commit() puts them in place;
 * dg_atomic_file_free() without a commit leaves the old file as it was
 * and nothing else behind.
 *
 * Returns: (transfer full) (nullable): the file being written, or %NULL
 *   with @error set when the folder cannot take it
 */
DgAtomicFile *
dg_atomic_file_new (const char  *path,
                    GError     **error)
{
  g_autoptr(DgAtomicFile) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (DgAtomicFile, 1);
  self->fd = -1;
  self->path = g_strdup (path);
  self->target = resolve_links (path, error);
  if (self->target == NULL)
    return NULL;
  self->dir = g_path_get_dirname (self->target);
  self->base = g_path_get_basename (self->target);

  self->exists = g_stat (self->target, &self->st) == 0;
  if (!self->exists && errno != ENOENT)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }
  if (self->exists && !S_ISREG (self->st.st_mode))
    {
      set_errno_error (error, EISDIR, path);
      return NULL;
    }

  if (self->exists && self->st.st_nlink > 1)
    {
      self->in_place = g_string_new (NULL);
      return g_steal_pointer (&self);
    }

#ifdef O_TMPFILE
  self->fd = g_open (self->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
#endif
  if (self->fd < 0)
    {
      self->fd = open_named_temp (self->dir, self->base, 0666, &self->temp);
      if (self->fd < 0)
        {
          set_errno_error (error, errno, path);
          return NULL;
        }
    }

  if (self->exists)
    {
      GStatBuf mine;

      /* The old file's owner and group, when ours differ: only root may
       * give a file away, so when that fails the file is rewritten in
       * place, which keeps them. */
      if (fstat (self->fd, &mine) == 0 && (mine.st_uid != self->st.st_uid || mine.st_gid != self->st.st_gid)
          && fchown (self->fd, self->st.st_uid, self->st.st_gid) != 0)
        {
          g_close (self->fd, NULL);
          self->fd = -1;
          if (self->temp != NULL)
            g_unlink (self->temp);
          g_clear_pointer (&self->temp, g_free);
          self->in_place = g_string_new (NULL);
          return g_steal_pointer (&self);
        }
      if (fchmod (self->fd, self->st.st_mode & 07777) != 0)
        {
          set_errno_error (error, errno, path);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * dg_atomic_file_write:
 * @self: a file being written
 * @data: (array length=length): bytes
 * @length: how many
 * @error: return location for a #DG_IO error
 *
 * Appends @data to the new contents. After a failure every later write
 * and the commit fail with the same error.
 *
 * Returns: %TRUE when written
 */
gboolean
dg_atomic_file_write (DgAtomicFile  *self,
                      const void    *data,
                      gsize          length,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  if (self->error == NULL)
    {
      if (self->in_place != NULL)
        g_string_append_len (self->in_place, data, (gssize) length);
      else if (write_all (self->fd, data, length, self->length))
        self->length += (off_t) length;
      else
        set_errno_error (&self->error, errno, self->path);
    }
  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }
  return TRUE;
}

/**
 * dg_atomic_file_start_flush:
 * @self: a file being written
 *
 * Asks the kernel to start writing what has been written so far to disk,
 * without waiting, so that the commit's sync has less left to wait for
 * when the contents are made in pieces.
 */
void
dg_atomic_file_start_flush (DgAtomicFile *self)
{
  g_return_if_fail (self != NULL);

#ifdef SYNC_FILE_RANGE_WRITE
  if (self->fd >= 0 && self->error == NULL && self->length > self->flushed)
    {
      sync_file_range (self->fd, self->flushed, self->length - self->flushed, SYNC_FILE_RANGE_WRITE);
      self->flushed = self->length;
    }
#endif
}

/**
 * dg_atomic_file_cairo_write:
 * @closure: a #DgAtomicFile
 *
 * A #cairo_write_func_t for cairo_surface_write_to_png_stream() and the
 * stream surfaces; a failure is kept for dg_atomic_file_commit().
 */
cairo_status_t
dg_atomic_file_cairo_write (void                *closure,
                            const unsigned char *data,
                            unsigned int         length)
{
  return dg_atomic_file_write (closure, data, length, NULL) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Without /proc an unnamed file cannot be named: copy it to a named one
 * (it was opened for reading too, for this). */
static int
copy_to_named (DgAtomicFile *self)
{
  g_autofree char *buffer = g_malloc (1 << 16);
  off_t at = 0;
  int fd, saved;

  fd = open_named_temp (self->dir, self->base, 0666, &self->temp);
  if (fd < 0)
    return -1;
  if (self->exists && fchmod (fd, self->st.st_mode & 07777) != 0)
    goto fail;
  while (at < self->length)
    {
      gssize n = pread (self->fd, buffer, MIN ((off_t) (1 << 16), self->length - at), at);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          goto fail;
        }
      if (!write_all (fd, buffer, (gsize) n, at))
        goto fail;
      at += n;
    }
  if (fdatasync (fd) != 0)
    goto fail;
  return fd;

fail:
  saved = errno;
  g_close (fd, NULL);
  g_unlink (self->temp);
  g_clear_pointer (&self->temp, g_free);
  errno = saved;
  return -1;
}

/**
 * dg_atomic_file_commit:
 * @self: a file being written
 * @error: return location for a #DG_IO error
 *
 * Puts the new contents in place once they are on disk. Then free @self.
 *
 * Returns: %TRUE when the file holds the new contents; on %FALSE it holds
 *   the old ones (or does not exist, as before)
 */
gboolean
dg_atomic_file_commit (DgAtomicFile  *self,
                       GError       **error)
{
  int saved;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }
  if (self->in_place != NULL)
    {
      if (!write_in_place (self, error))
        return FALSE;
      self->committed = TRUE;
      return TRUE;
    }

  if (fdatasync (self->fd) != 0)
    goto fail;

  if (self->temp == NULL)
    {
      /* Give the unnamed file a name, for rename(). */
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", self->fd);

      for (int tries = 0; tries < 100 && self->temp == NULL; tries++)
        {
          self->temp = temp_name (self->dir, self->base);
          if (linkat (AT_FDCWD, proc, AT_FDCWD, self->temp, AT_SYMLINK_FOLLOW) != 0)
            {
              g_clear_pointer (&self->temp, g_free);
              if (errno != EEXIST)
                break;
            }
        }
      if (self->temp == NULL)
        {
          int fd = copy_to_named (self);

          if (fd < 0)
            goto fail;
          g_close (self->fd, NULL);
          self->fd = fd;
        }
    }

  if (g_rename (self->temp, self->target) != 0)
    goto fail;
  g_clear_pointer (&self->temp, g_free);
  g_close (self->fd, NULL);
  self->fd = -1;
  self->committed = TRUE;
  fsync_dir (self->dir);
  remove_stale_temps (self->dir, self->base);
  return TRUE;

fail:
  saved = errno;
  set_errno_error (&self->error, saved, self->path);
  if (error != NULL)
    *error = g_error_copy (self->error);
  return FALSE;
}

/**
 * dg_atomic_file_free:
 * @self: (nullable): a file being written, committed or not
 *
 * Without a commit, the new contents go and the old file stays.
 */
void
dg_atomic_file_free (DgAtomicFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  if (self->temp != NULL)
    g_unlink (self->temp);
  if (self->in_place != NULL)
    g_string_free (self->in_place, TRUE);
  g_clear_error (&self->error);
  g_free (self->path);
  g_free (self->target);
  g_free (self->dir);
  g_free (self->base);
  g_free (self);
}

/**
 * dg_atomic_file_set_contents:
 * @path: the file to replace or create
 * @data: (array length=length): its new contents
 * @length: their length
 * @error: return location for a #DG_IO error
 *
 * Replaces @path with @data in one step (see the top of this file).
 *
 * Returns: %TRUE on success; on failure the old file is untouched
 */
gboolean
dg_atomic_file_set_contents (const char  *path,
                             const void  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(DgAtomicFile) file = dg_atomic_file_new (path, error);

  return file != NULL && dg_atomic_file_write (file, data, length, error) && dg_atomic_file_commit (file, error);
}

/**
 * dg_atomic_file_replace:
 * @file: any #GFile
 * @bytes: its new contents
 * @cancellable: (nullable): stops the write before the new contents
 *   replace the old
 * @error: return location for a #DG_IO error
 *
 * Replaces a local file as dg_atomic_file_set_contents() does, and any
 * other through GIO's own replace (GVfs backends decide how). Blocks.
 *
 * Returns: %TRUE on success; on failure the old file is untouched
 */
gboolean
dg_atomic_file_replace (GFile         *file,
                        GBytes        *bytes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (path != NULL)
    {
      g_autoptr(DgAtomicFile) af = dg_atomic_file_new (path, error);

      if (af == NULL || !dg_atomic_file_write (af, data, length, error))
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      return dg_atomic_file_commit (af, error);
    }

  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable,
                                &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Could not write “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GFile *file;
  GBytes *bytes;
} ReplaceJob;

static void
replace_job_free (ReplaceJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static void
replace_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReplaceJob *job = task_data;
  GError *error = NULL;

  if (dg_atomic_file_replace (job->file, job->bytes, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * dg_atomic_file_replace_async:
 * @file: any #GFile
 * @bytes: its new contents
 * @cancellable: (nullable): stops the write before the new contents
 *   replace the old
 * @callback: called in the thread-default main context when done
 * @user_data: for @callback
 *
 * dg_atomic_file_replace() in a worker thread, so the caller's main loop
 * never waits on the disk.
 */
void
dg_atomic_file_replace_async (GFile               *file,
                              GBytes              *bytes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceJob *job;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dg_atomic_file_replace_async);
  job = g_new0 (ReplaceJob, 1);
  job->file = g_object_ref (file);
  job->bytes = g_bytes_ref (bytes);
  g_task_set_task_data (task, job, (GDestroyNotify) replace_job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, replace_thread);
}

/**
 * dg_atomic_file_replace_finish:
 *
 * Returns: %TRUE when the file was replaced
 */
gboolean
dg_atomic_file_replace_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
