/* dg-window-files.c: opening, saving and exporting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-deal-state.h"
#include "dg-export-dialog.h"
#include "dg-import-dialog.h"
#include "dg-loader.h"
#include "dg-window-private.h"

/* Files this large load in a worker thread, so the window keeps drawing. */
#define ASYNC_LOAD_SIZE (2 * 1024 * 1024)

typedef struct
{
  GFile *file;
  DgDocument *document;
  GPtrArray *problems;
  GError *error;
  guint8 *network;   /* dg_document_make_network_mask (document, 0, NULL) */
} LoadJob;

static void
show_problems (DgWindow  *self,
               GFile     *file,
               GPtrArray *problems,
               GError    *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = NULL;
  GString *text = g_string_new (NULL);
  GtkWidget *dialog, *area, *scrolled, *view;
  GtkTextBuffer *buffer;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = dg_problem_to_string (g_ptr_array_index (problems, i), name);

      g_string_append_printf (text, "%s\n", line);
    }
  if (text->len == 0)
    g_string_append (text, error->message);

  /* Translators: dialog heading when a file is refused */
  heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", heading);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            error != NULL ? error->message : "");

  /* The problems in a read-only text view, so they can be read and copied. */
  buffer = gtk_text_buffer_new (NULL);
  gtk_text_buffer_set_text (buffer, text->str, -1);
  view = gtk_text_view_new_with_buffer (buffer);
  g_object_unref (buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 560);
  gtk_widget_set_vexpand (scrolled, TRUE);
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  gtk_box_append (GTK_BOX (area), scrolled);
  gtk_widget_set_name (view, "problems-view");

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  g_string_free (text, TRUE);
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = { 0 };
  static char *groups[] = { (char *) "dealgraph", NULL };

  data.display_name = NULL;
  data.mime_type = (char *) "application/x-dealgraph+json";
  data.app_name = (char *) "Dealgraph";
  data.app_exec = (char *) "dealgraph %u";
  data.groups = groups;
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

void
_dg_window_update_recent_menu (DgWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;

  g_menu_remove_all (self->recent_submenu);
  for (GList *l = items; l != NULL && n < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GMenuItem) item = NULL;

      if (!gtk_recent_info_has_group (info, "dealgraph") || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_submenu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
cancel_load (DgWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->canvas), TRUE);
}

/**
 * dg_window_open_file:
 *
 * Loads @file; a file that fails to load leaves the current document as it
 * was and shows every problem.
 *
 * Returns: %TRUE when the file was loaded
 */
gboolean
dg_window_open_file (DgWindow *self,
                     GFile    *file)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDocument) doc = NULL;

  g_return_val_if_fail (DG_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* The file opened last is the one shown: a large one still loading from
   * before is dropped. */
  cancel_load (self);
  doc = dg_document_load_from_file (file, &problems, &error);
  if (doc == NULL)
    {
      show_problems (self, file, problems, error);
      return FALSE;
    }

  _dg_window_set_document (self, doc, file);
  add_recent (file);
  _dg_window_update_recent_menu (self);
  return TRUE;
}

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->document);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job->network);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  const char *delay = g_getenv ("DEALGRAPH_DEBUG_LOAD_DELAY_MS");
  const char *hold = g_getenv ("DEALGRAPH_DEBUG_LOAD_HOLD");

  /* For the end-to-end tests only: make a load slow enough to act during;
   * or make it last while the file @hold exists (at most a minute), so a
   * test acts during it however slow the machine is. */
  if (delay != NULL)
    g_usleep (1000 * (gulong) g_ascii_strtoull (delay, NULL, 10));
  for (guint i = 0; hold != NULL && i < 6000 && g_file_test (hold, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  job->document = dg_document_load_from_file (job->file, &job->problems, &job->error);
  if (job->document != NULL)
    {
      /* What the window makes first when it takes the document, made
       * here while no other thread has it: the graph snapshot, and every
       * deal's parsed history (kept in the deal; the state mask the
       * analysis needs walks them all), and that mask for the latest
       * state, which the window's first analysis takes. Tens of
       * milliseconds of the main loop's at 50,000 deals
       * (docs/performance.md). */
      dg_document_get_graph (job->document);
      job->network = dg_document_make_network_mask (job->document, 0, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  DgWindow *self = DG_WINDOW (source);
  LoadJob *job = g_task_get_task_data (G_TASK (result));

  /* Cancelled: the window closed, or another file was opened since. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      self->loads_dropped++;
      return;
    }
  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->canvas), TRUE);

  if (job->document == NULL)
    {
      show_problems (self, job->file, job->problems, job->error);
      /* Opened from the command line: show something real meanwhile. */
      if (self->document == NULL)
        dg_window_load_default (self);
      else
        _dg_window_update_title (self);
      return;
    }

  self->loaded_network = g_steal_pointer (&job->network);
  self->loaded_network_of = job->document;
  _dg_window_set_document (self, job->document, job->file);
  g_clear_pointer (&self->loaded_network, g_free);
  self->loaded_network_of = NULL;
  add_recent (job->file);
  _dg_window_update_recent_menu (self);
}

/**
 * dg_window_open_file_async:
 *
 * Like dg_window_open_file(), but a large file loads in a worker thread
 * while the window says so; a file that fails to load leaves the window
 * as it was (or, with nothing open yet, on the embedded dataset).
 */
void
dg_window_open_file_async (DgWindow *self,
                           GFile    *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status = NULL;
  LoadJob *job;

  g_return_if_fail (DG_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_size (info) < ASYNC_LOAD_SIZE)
    {
      if (!dg_window_open_file (self, file) && self->document == NULL)
        dg_window_load_default (self);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: window subtitle while a large file loads */
  status = g_strdup_printf (_("Opening %s…"), name);
  cancel_load (self);
  gtk_label_set_text (self->subtitle_label, status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->canvas), FALSE);
  job = g_new0 (LoadJob, 1);
  job->file = g_object_ref (file);
  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

static GtkFileFilter *
deal_file_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Deal files"));
  gtk_file_filter_add_mime_type (filter, "application/x-dealgraph+json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  DgWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        dg_window_open_file_async (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = deal_file_filter ();

  dialog = gtk_file_chooser_native_new (_("Open a Deal File"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  dg_window_open_file_async (DG_WINDOW (widget), file);
}

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  g_autoptr(GFile) file = NULL;

  if (self->file == NULL)
    return;
  file = g_object_ref (self->file);
  dg_window_open_file_async (self, file);
}

static void
show_error (DgWindow   *self,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                              GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", heading);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * dg_window_save_to:
 *
 * Saves the document with the positions on screen, atomically, and waits
 * for the disk: for callers that must know the outcome at once (the close
 * dialog, tests). The Save and Save As actions save without blocking
 * (save_async()).
 *
 * Returns: %TRUE on success; on failure the error was shown
 */
gboolean
dg_window_save_to (DgWindow *self,
                   GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DG_IS_WINDOW (self), FALSE);

  /* The filter as it is now, even if the timeline last moved by itself.
   * (The positions are the document's already: see canvas_positions_changed_cb().) */
  dg_filter_save_to_document (dg_session_get_filter (self->session), self->document);
  if (!dg_document_save_to_file (self->document, file, &error))
    {
      show_error (self, _("Could Not Save"), error->message);
      return FALSE;
    }
  g_set_object (&self->file, file);
  add_recent (file);
  _dg_window_update_recent_menu (self);
  _dg_window_update_title (self);
  _dg_window_update_actions (self);
  return TRUE;
}

typedef struct
{
  GWeakRef window;
  GFile *file;
  GApplication *app;
} SaveJob;

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(DgWindow) self = g_weak_ref_get (&job->window);
  g_autoptr(GError) error = NULL;
  gboolean ok = dg_document_save_finish (DG_DOCUMENT (source), result, &error);

  /* The window may have closed meanwhile; the file was saved all the same. */
  if (self != NULL && self->document == DG_DOCUMENT (source))
    {
      if (!ok)
        show_error (self, _("Could Not Save"), error->message);
      else
        {
          g_set_object (&self->file, job->file);
          add_recent (job->file);
          _dg_window_update_recent_menu (self);
          _dg_window_update_actions (self);
        }
      _dg_window_update_title (self);
    }

  if (job->app != NULL)
    g_application_release (job->app);
  g_clear_object (&job->app);
  g_weak_ref_clear (&job->window);
  g_object_unref (job->file);
  g_free (job);
}

/* Saves without blocking: the text is made now, the disk is written in a
 * worker, and the application stays up until it is done. */
static void
save_async (DgWindow *self,
            GFile    *file)
{
  SaveJob *job = g_new0 (SaveJob, 1);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* The filter as it is now, even if the timeline last moved by itself.
   * (The positions are the document's already: see canvas_positions_changed_cb().) */
  dg_filter_save_to_document (dg_session_get_filter (self->session), self->document);
  g_weak_ref_init (&job->window, self);
  job->file = g_object_ref (file);
  if (app != NULL)
    {
      job->app = G_APPLICATION (g_object_ref (app));
      g_application_hold (job->app);
    }
  dg_document_save_async (self->document, file, NULL, save_done, job);
  _dg_window_update_title (self);
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     DgWindow        *self)
{
  gboolean saved = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        {
          /* The close dialog waits for the outcome; otherwise the disk is
           * written without blocking. */
          if (self->close_after_save)
            saved = dg_window_save_to (self, file);
          else
            save_async (self, file);
        }
    }
  g_object_unref (dialog);

  /* Asked for by the close dialog's Save. */
  if (self->close_after_save)
    {
      if (saved)
        _dg_window_destroy_later (self);
      else
        _dg_window_close_cancelled (self);
    }
}

/* A file name from the network's title: "The AI deal network, 2025–2026"
 * -> "the-ai-deal-network-2025-2026.dealgraph.json". */
static char *
suggested_file_name (DgDocument *document)
{
  const char *title = dg_document_get_title (document);
  g_autofree char *folded = g_utf8_strdown (title != NULL ? title : "", -1);
  GString *name = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (name, c);
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "deals");
  g_string_append (name, ".dealgraph.json");
  return g_string_free (name, FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = deal_file_filter ();

  if (DG_WINDOW (widget)->document == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Save Deal File"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (DG_WINDOW (widget)->file != NULL)
    {
      /* The user's own file: its folder and name. */
      g_autoptr(GFile) parent = g_file_get_parent (DG_WINDOW (widget)->file);
      g_autofree char *basename = g_file_get_basename (DG_WINDOW (widget)->file);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), parent, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), basename);
    }
  else
    {
      g_autofree char *suggested = suggested_file_name (DG_WINDOW (widget)->document);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_as_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  g_autoptr(GFile) file = NULL;

  /* Nothing to act on while a large file is still loading. */
  if (self->document == NULL)
    return;

  /* The embedded dataset has no file of its own: ask where. */
  if (self->file == NULL)
    {
      save_as_action (widget, name, param);
      return;
    }
  file = g_object_ref (self->file);
  save_async (self, file);
}

/* ---- the toast after an export ---------------------------------------- */

static gboolean
toast_timeout_cb (gpointer data)
{
  DgWindow *self = data;

  self->toast_timeout = 0;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

/* What GNOME apps show after writing a file: its name, Open and Show in
 * Files, gone by itself after a while. GTK 4.8 has no toast widget of its
 * own (libadwaita's AdwToast), so this is a revealer over the canvas. */
static void
show_toast (DgWindow *self,
            GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  /* Translators: the notification after an export; %s is the file's name */
  g_autofree char *text = g_strdup_printf (_("Exported “%s”"), name);

  g_set_object (&self->toast_file, file);
  gtk_label_set_text (self->toast_label, text);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  self->toast_timeout = g_timeout_add_seconds (8, toast_timeout_cb, self);
}

static void
exported_cb (DgWindow *self,
             GFile    *file)
{
  show_toast (self, file);
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("Could not open: %s", error->message);
}

static void
launch_uri (DgWindow *self,
            GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL, launch_done_cb, NULL);
}

static void
toast_open_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  if (self->toast_file != NULL)
    launch_uri (self, self->toast_file);
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
}

static void
show_items_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  /* No file manager answers the standard interface: open the folder. */
  if (reply == NULL && self->toast_file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->toast_file);

      if (folder != NULL)
        launch_uri (self, folder);
    }
}

/* The file manager's org.freedesktop.FileManager1 shows the file selected
 * in its folder; where none answers, the folder opens. */
static void
toast_show_in_files_action (GtkWidget  *widget,
                            const char *name,
                            GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autofree char *uri = NULL;
  GVariantBuilder uris;

  if (self->toast_file == NULL)
    return;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  if (bus == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->toast_file);

      if (folder != NULL)
        launch_uri (self, folder);
      return;
    }
  uri = g_file_get_uri (self->toast_file);
  g_variant_builder_init (&uris, G_VARIANT_TYPE ("as"));
  g_variant_builder_add (&uris, "s", uri);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems", g_variant_new ("(ass)", &uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, show_items_done_cb, g_object_ref (self));
}

static void
toast_close_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  gtk_revealer_set_reveal_child (DG_WINDOW (widget)->toast_revealer, FALSE);
}

static gboolean
present_idle (gpointer data)
{
  if (gtk_widget_get_visible (data))
    gtk_window_present (data);
  return G_SOURCE_REMOVE;
}

/* The export dialog (and its file chooser) closed: the keyboard comes back
 * here. Openbox sometimes left no window focused once both were gone, and
 * then the toast's buttons and the shortcuts did nothing until a click. */
static void
export_dialog_gone_cb (DgWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, present_idle, g_object_ref (self), g_object_unref);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  GtkWidget *dialog;
  double x, y, zoom;

  /* Nothing to act on while a large file is still loading. */
  if (self->document == NULL)
    return;

  dg_canvas_get_view (self->canvas, &x, &y, &zoom);
  dialog = dg_export_dialog_new (GTK_WINDOW (self), self->document, self->analysis,
                                 _dg_window_resolve_theme (self),
                                 gtk_widget_get_width (GTK_WIDGET (self->canvas)),
                                 gtk_widget_get_height (GTK_WIDGET (self->canvas)),
                                 x, y, zoom, dg_canvas_get_lit_edges (self->canvas),
                                 dg_session_get_filter (self->session), dg_canvas_get_positions (self->canvas));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (export_dialog_gone_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (DgImportDialog *dialog,
             DgDocument     *document,
             DgWindow       *self)
{
  /* A new network from a spreadsheet, saved nowhere yet: the title is
   * marked and Save asks where. */
  _dg_window_set_document (self, document, NULL);
  dg_document_set_modified (document, TRUE);
}

/* win.import: "" asks for the file, a URI imports that one. */
static void
import_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  const char *uri = g_variant_get_string (param, NULL);
  GtkWidget *dialog = dg_import_dialog_new (GTK_WINDOW (widget));

  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), widget, 0);
  if (*uri == '\0')
    dg_import_dialog_choose_file (DG_IMPORT_DIALOG (dialog));
  else
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      dg_import_dialog_load_file (DG_IMPORT_DIALOG (dialog), DG_CSV_DEALS, file);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
copy_image_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (DG_WINDOW (widget)->canvas), "canvas.copy", NULL);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DgWindow      *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        {
          dg_window_open_file_async (self, files->data);
          return TRUE;
        }
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      dg_window_open_file_async (self, g_value_get_object (value));
      return TRUE;
    }

  return FALSE;
}

/* For the close dialog: save under a new name. */
void
_dg_window_save_as (DgWindow *self)
{
  save_as_action (GTK_WIDGET (self), "win.save-as", NULL);
}

void
_dg_window_files_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.import", "s", import_action);
  gtk_widget_class_install_action (widget_class, "win.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "win.toast-open", NULL, toast_open_action);
  gtk_widget_class_install_action (widget_class, "win.toast-show-in-files", NULL, toast_show_in_files_action);
  gtk_widget_class_install_action (widget_class, "win.toast-close", NULL, toast_close_action);
}

void
_dg_window_files_init (DgWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  /* A file dropped on the window opens. */
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
