/* dg-e2e.c: drive the real app with real X input, as a user's hands would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See dg-e2e.h and docs/testing.md.
 */
#define G_LOG_DOMAIN "dealgraph-e2e"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <math.h>
#include <sys/prctl.h>
#include <signal.h>
#include <string.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "dg-e2e.h"

#define BUS_NAME  "io.github.dealgraph.Dealgraph"
#define OBJ_PATH  "/io/github/dealgraph/Dealgraph/Debug"
#define INTERFACE "io.github.dealgraph.Dealgraph.Debug"

struct _DgE2e
{
  GSubprocess *app;
  char *tmpdir;
  char *log_path;
  gboolean exited;
  int status;
};

/* One X server, window manager and session bus for the whole test program. */
static GSubprocess *xvfb;
static GSubprocess *wm;
static GSubprocess *bus;
static char *display_name;
static char *bus_address;
static GDBusConnection *connection;
static Display *xdisplay;

/* Deadlines scale with DG_E2E_TIMEOUT_SCALE on very slow machines. */
static double
deadline_seconds (double seconds)
{
  const char *scale = g_getenv ("DG_E2E_TIMEOUT_SCALE");

  return seconds * (scale != NULL ? MAX (g_ascii_strtod (scale, NULL), 1.0) : 1.0);
}

static void
poll_pause (void)
{
  /* Between two looks at the app's state: not a wait for something to
   * happen, which is always a condition with a deadline. */
  g_usleep (25 * 1000);
}

/* The X server, window manager and bus end with the test program, even
 * when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static char *
read_line_fd (int fd)
{
  GString *line = g_string_new (NULL);
  char c;

  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  return g_string_free (line, FALSE);
}

static void
start_xvfb (void)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                          | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  xvfb = g_subprocess_launcher_spawn (launcher, &error, "Xvfb", "-displayfd", "3", "-screen", "0", "1440x900x24",
                                      "-nolisten", "tcp", "-noreset", NULL);
  g_assert_no_error (error);
  /* The launcher owns the write end; the child keeps its copy. */
  g_clear_object (&launcher);
  number = read_line_fd (fds[0]);
  close (fds[0]);
  g_assert_cmpstr (number, !=, "");
  display_name = g_strdup_printf (":%s", number);
  xdisplay = XOpenDisplay (display_name);
  g_assert_nonnull (xdisplay);
}

static gboolean
wm_ready (void)
{
  Atom check = XInternAtom (xdisplay, "_NET_SUPPORTING_WM_CHECK", False);
  Atom type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;
  gboolean ready;

  if (XGetWindowProperty (xdisplay, DefaultRootWindow (xdisplay), check, 0, 1, False, XA_WINDOW, &type, &format,
                          &n, &after, &data) != Success)
    return FALSE;
  ready = n == 1;
  if (data != NULL)
    XFree (data);
  return ready;
}

/* A real desktop has a window manager: it focuses new windows, honours
 * full screen and places dialogs. Openbox is small and standard. */
static void
start_wm (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gint64 end;

  if (g_getenv ("DG_E2E_NO_WM") != NULL)
    return;
  launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", display_name, TRUE);
  wm = g_subprocess_launcher_spawn (launcher, &error, "openbox", "--sm-disable", NULL);
  g_assert_no_error (error);
  end = g_get_monotonic_time () + deadline_seconds (20) * G_USEC_PER_SEC;
  while (!wm_ready () && g_get_monotonic_time () < end)
    poll_pause ();
  g_assert_true (wm_ready ());
}

static void
start_bus (void)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                          | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;

  bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session", "--nofork", "--print-address",
                                     NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  bus_address = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus_address);
  connection = g_dbus_connection_new_for_address_sync (bus_address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                       | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
stop_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static void
shutdown_all (void)
{
  g_clear_object (&connection);
  if (xdisplay != NULL)
    XCloseDisplay (xdisplay);
  xdisplay = NULL;
  stop_process (&wm);
  stop_process (&bus);
  stop_process (&xvfb);
}

/**
 * dg_e2e_init:
 *
 * g_test_init(), then the X server, window manager and session bus the
 * tests share. Call dg_e2e_run() instead of g_test_run().
 */
void
dg_e2e_init (int    *argc,
             char ***argv)
{
  g_test_init (argc, argv, NULL);
  start_xvfb ();
  start_wm ();
  start_bus ();
}

int
dg_e2e_run (void)
{
  int status = g_test_run ();

  shutdown_all ();
  return status;
}

static void xdotool (const char * const *args);
static void to_root (gint64 xid, double x, double y, int *rx, int *ry);

/* ---- the app ---------------------------------------------------------- */

static gboolean
app_ready (JsonObject *state,
           gpointer    data)
{
  JsonObject *window = dg_e2e_window (state, "DgWindow");
  JsonObject *canvas = window != NULL ? dg_e2e_obj (window, "canvas") : NULL;

  return canvas != NULL && dg_e2e_bool (window, "mapped") && !dg_e2e_bool (window, "loading")
         && dg_e2e_int (canvas, "width") > 0 && !dg_e2e_bool (canvas, "layout_running")
         && !dg_e2e_bool (canvas, "animating");
}

/**
 * dg_e2e_start:
 * @args: (nullable): arguments after the binary, e.g. a file to open
 * @env: (nullable): extra `NAME=VALUE` settings for the app's environment
 *
 * Starts the app and waits until its window shows the document.
 */
DgE2e *
dg_e2e_start (const char * const *args,
              const char * const *env)
{
  return dg_e2e_start_full (args, env, TRUE);
}

static gboolean
window_mapped_cond (JsonObject *state,
                    gpointer    data)
{
  return dg_e2e_window (state, "DgWindow") != NULL;
}

/**
 * dg_e2e_start_full:
 * @wait_ready: wait until the window shows a network; else only until it
 *   is on screen (a large file may still be loading)
 */
DgE2e *
dg_e2e_start_full (const char * const *args,
                   const char * const *env,
                   gboolean            wait_ready)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("DG_BINARY");
  DgE2e *e2e = g_new0 (DgE2e, 1);
  static const char *homes[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (binary);
  e2e->tmpdir = g_dir_make_tmp ("dg-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  e2e->log_path = g_build_filename (e2e->tmpdir, "app.log", NULL);

  launcher = launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, e2e->log_path);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", display_name, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  g_subprocess_launcher_setenv (launcher, "DEALGRAPH_DEBUG_BUS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  /* A critical in the app ends it, and the test sees it end. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_autofree char *dir = g_build_filename (e2e->tmpdir, homes[i], NULL);

      g_mkdir (dir, 0700);
      g_subprocess_launcher_setenv (launcher, homes[i], dir, TRUE);
    }
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1] != NULL ? kv[1] : "", TRUE);
    }

  /* The pointer starts away from every window, as a hand off the mouse. */
  xdotool ((const char *[]) { "mousemove", "--sync", "1439", "899", NULL });

  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  e2e->app = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (!dg_e2e_wait (e2e, wait_ready ? app_ready : window_mapped_cond, NULL, "the window shows the network"))
    g_assert_not_reached ();
  return e2e;
}

const char *
dg_e2e_get_tmpdir (DgE2e *e2e)
{
  return e2e->tmpdir;
}

static void
print_log (DgE2e *e2e)
{
  g_autofree char *log = NULL;
  static guint serial;
  g_autofree char *name = g_strdup_printf ("screen-%u.png", ++serial);
  g_autofree char *png = g_build_filename (e2e->tmpdir, name, NULL);
  cairo_surface_t *screen = dg_e2e_screenshot (e2e, 0, 0, 0, 0, 0);

  /* What the screen showed, to look at. */
  cairo_surface_write_to_png (screen, png);
  cairo_surface_destroy (screen);
  g_test_message ("the screen: %s", png);

  if (g_file_get_contents (e2e->log_path, &log, NULL, NULL) && *log)
    g_test_message ("app output:\n%s", log);
}

gboolean
dg_e2e_running (DgE2e *e2e)
{
  if (!e2e->exited && g_subprocess_get_identifier (e2e->app) == NULL)
    {
      e2e->exited = TRUE;
      e2e->status = g_subprocess_get_status (e2e->app);
    }
  return !e2e->exited;
}

/**
 * dg_e2e_wait_exit:
 *
 * Waits until the app ends on its own.
 *
 * Returns: whether it ended before the deadline; @status is its wait status
 */
gboolean
dg_e2e_wait_exit (DgE2e *e2e,
                  int   *status)
{
  gint64 end = g_get_monotonic_time () + deadline_seconds (30) * G_USEC_PER_SEC;

  /* GSubprocess notices the exit from the main context. */
  while (dg_e2e_running (e2e) && g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (dg_e2e_running (e2e))
        poll_pause ();
    }
  if (status != NULL)
    *status = e2e->status;
  if (!dg_e2e_running (e2e) && e2e->status != 0)
    {
      g_test_message ("the app ended with wait status %d", e2e->status);
      print_log (e2e);
    }
  return !dg_e2e_running (e2e);
}

void
dg_e2e_free (DgE2e *e2e)
{
  if (e2e == NULL)
    return;
  if (dg_e2e_running (e2e))
    {
      g_subprocess_force_exit (e2e->app);
      g_subprocess_wait (e2e->app, NULL, NULL);
    }
  if (g_test_failed ())
    print_log (e2e);
  g_clear_object (&e2e->app);
  if (!g_test_failed ())
    {
      g_autoptr(GFile) dir = g_file_new_for_path (e2e->tmpdir);
      g_autoptr(GFileEnumerator) children = NULL;

      /* The app's files, one level deep: logs, XDG homes, saved files. */
      children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                            NULL, NULL);
      while (children != NULL)
        {
          GFile *child = NULL;

          if (!g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) || child == NULL)
            break;
          {
            g_autofree char *path = g_file_get_path (child);
            g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);

            g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
          }
        }
      g_rmdir (e2e->tmpdir);
    }
  else
    g_test_message ("kept the test's files in %s", e2e->tmpdir);
  g_free (e2e->tmpdir);
  g_free (e2e->log_path);
  g_free (e2e);
}

/* ---- state ------------------------------------------------------------ */

static JsonObject *
call_json (const char *method,
           GVariant   *params,
           GError    **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *json;

  reply = g_dbus_connection_call_sync (connection, BUS_NAME, OBJ_PATH, INTERFACE, method, params,
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(&s)", &json);
  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/**
 * dg_e2e_state:
 *
 * Returns: (transfer full) (nullable): what the app shows now, or %NULL
 *   when it does not answer (not started yet, or gone)
 */
JsonObject *
dg_e2e_state (DgE2e *e2e)
{
  return call_json ("GetState", NULL, NULL);
}

/**
 * dg_e2e_window:
 * @type: a window type name, e.g. "DgWindow", "DgPresentation",
 *   "GtkMessageDialog"
 *
 * Returns: (transfer none) (nullable): the newest mapped window of @type
 */
JsonObject *
dg_e2e_window (JsonObject *state,
               const char *type)
{
  JsonArray *windows;
  JsonObject *found = NULL;

  if (state == NULL || !json_object_has_member (state, "windows"))
    return NULL;
  windows = json_object_get_array_member (state, "windows");
  for (guint i = 0; i < json_array_get_length (windows); i++)
    {
      JsonObject *w = json_array_get_object_element (windows, i);

      if (g_strcmp0 (dg_e2e_str (w, "type"), type) == 0 && dg_e2e_bool (w, "mapped"))
        found = w;
    }
  return found;
}

/**
 * dg_e2e_wait:
 * @what: what is waited for, said when the deadline passes
 *
 * Polls the app's state until @condition holds.
 *
 * Returns: %TRUE when it held before the deadline
 */
gboolean
dg_e2e_wait (DgE2e          *e2e,
             DgE2eCondition  condition,
             gpointer        data,
             const char     *what)
{
  gint64 end = g_get_monotonic_time () + deadline_seconds (40) * G_USEC_PER_SEC;
  g_autoptr(JsonObject) last = NULL;

  for (;;)
    {
      g_autoptr(JsonObject) state = dg_e2e_state (e2e);

      if (state != NULL && condition (state, data))
        return TRUE;
      if (state != NULL)
        {
          g_clear_pointer (&last, json_object_unref);
          last = json_object_ref (state);
        }
      if (!dg_e2e_running (e2e) || g_get_monotonic_time () > end)
        break;
      poll_pause ();
    }

  g_test_message ("gave up waiting: %s%s", what, dg_e2e_running (e2e) ? "" : " (the app has ended)");
  if (last != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), last);
      g_autofree char *text = json_to_string (node, TRUE);

      g_test_message ("last state: %s", text);
    }
  print_log (e2e);
  return FALSE;
}

static gboolean
idle_cond (JsonObject *state,
           gpointer    data)
{
  JsonObject *window = dg_e2e_window (state, "DgWindow");
  JsonObject *canvas = window != NULL ? dg_e2e_obj (window, "canvas") : NULL;

  return canvas != NULL && !dg_e2e_bool (canvas, "animating") && !dg_e2e_bool (canvas, "layout_running");
}

/* Until the main window's view stops moving and no layout runs. */
gboolean
dg_e2e_wait_idle (DgE2e *e2e)
{
  return dg_e2e_wait (e2e, idle_cond, NULL, "the view rests");
}

/* ---- input ------------------------------------------------------------ */

static void
xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "DISPLAY", display_name, TRUE);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (char *) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xdotool failed: %s", err);
}

/* Keys as xdotool names them, e.g. "ctrl+q", "F5", "alt+Down". */
void
dg_e2e_key (DgE2e      *e2e,
            const char *keys)
{
  g_auto(GStrv) split = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "key");
  g_ptr_array_add (args, (char *) "--delay");
  g_ptr_array_add (args, (char *) "40");
  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (args, split[i]);
  g_ptr_array_add (args, NULL);
  xdotool ((const char * const *) args->pdata);
}

void
dg_e2e_type (DgE2e      *e2e,
             const char *text)
{
  xdotool ((const char *[]) { "type", "--delay", "40", text, NULL });
}

/* Moves the pointer to (@x, @y) in X window @xid. */
void
dg_e2e_move (DgE2e  *e2e,
             gint64  xid,
             double  x,
             double  y)
{
  g_autofree char *w = g_strdup_printf ("%" G_GINT64_FORMAT, xid);
  g_autofree char *sx = g_strdup_printf ("%d", (int) lround (x));
  g_autofree char *sy = g_strdup_printf ("%d", (int) lround (y));

  xdotool ((const char *[]) { "mousemove", "--sync", "--window", w, sx, sy, NULL });
}

/* Button 1 left, 2 middle, 3 right, 4/5 wheel up/down. */
void
dg_e2e_click (DgE2e *e2e,
              int    button,
              int    repeat)
{
  g_autofree char *b = g_strdup_printf ("%d", button);
  g_autofree char *r = g_strdup_printf ("%d", MAX (repeat, 1));

  xdotool ((const char *[]) { "click", "--repeat", r, "--delay", "80", b, NULL });
}

/* A press at (x0, y0), moves in steps, a release at (x1, y1). */
void
dg_e2e_drag (DgE2e  *e2e,
             gint64  xid,
             double  x0,
             double  y0,
             double  x1,
             double  y1)
{
  dg_e2e_move (e2e, xid, x0, y0);
  xdotool ((const char *[]) { "mousedown", "1", NULL });
  for (int i = 1; i <= 8; i++)
    dg_e2e_move (e2e, xid, x0 + (x1 - x0) * i / 8.0, y0 + (y1 - y0) * i / 8.0);
  xdotool ((const char *[]) { "mouseup", "1", NULL });
}

/* A drag with @modifier held ("ctrl"); @key_before_release (or NULL) is
 * pressed at the end of the way, before the button goes up ("Escape"). */
void
dg_e2e_drag_with (DgE2e      *e2e,
                  const char *modifier,
                  const char *key_before_release,
                  gint64      xid,
                  double      x0,
                  double      y0,
                  double      x1,
                  double      y1)
{
  dg_e2e_move (e2e, xid, x0, y0);
  xdotool ((const char *[]) { "keydown", modifier, NULL });
  xdotool ((const char *[]) { "mousedown", "1", NULL });
  for (int i = 1; i <= 8; i++)
    dg_e2e_move (e2e, xid, x0 + (x1 - x0) * i / 8.0, y0 + (y1 - y0) * i / 8.0);
  if (key_before_release != NULL)
    xdotool ((const char *[]) { "key", key_before_release, NULL });
  xdotool ((const char *[]) { "mouseup", "1", NULL });
  xdotool ((const char *[]) { "keyup", modifier, NULL });
}

gboolean
dg_e2e_locate_item (DgE2e      *e2e,
                    const char *kind,
                    const char *id,
                    gint64     *xid,
                    double     *x,
                    double     *y)
{
  g_autoptr(JsonObject) place = call_json ("LocateItem", g_variant_new ("(ss)", kind, id), NULL);

  if (place == NULL || !dg_e2e_bool (place, "found"))
    return FALSE;
  *xid = dg_e2e_int (place, "xid");
  *x = dg_e2e_double (place, "x");
  *y = dg_e2e_double (place, "y");
  return TRUE;
}

/**
 * dg_e2e_locate_widget:
 * @query: "id:NAME", "label:TEXT", "tooltip:TEXT" or "type:TypeName"
 *
 * Returns: (transfer full) (nullable): `{found, xid, x, y, width, height,
 *   center: {xid, x, y}, sensitive, type}`
 */
JsonObject *
dg_e2e_locate_widget (DgE2e      *e2e,
                      const char *query)
{
  return call_json ("LocateWidget", g_variant_new ("(s)", query), NULL);
}

static gboolean
widget_found (DgE2e      *e2e,
              const char *query)
{
  g_autoptr(JsonObject) place = dg_e2e_locate_widget (e2e, query);

  return place != NULL && dg_e2e_bool (place, "found");
}

/* Until a widget matching @query is mapped. */
gboolean
dg_e2e_wait_widget (DgE2e      *e2e,
                    const char *query)
{
  gint64 end = g_get_monotonic_time () + deadline_seconds (40) * G_USEC_PER_SEC;

  while (!widget_found (e2e, query))
    {
      if (!dg_e2e_running (e2e) || g_get_monotonic_time () > end)
        {
          g_test_message ("gave up waiting for the widget %s", query);
          print_log (e2e);
          return FALSE;
        }
      poll_pause ();
    }
  return TRUE;
}

/* Where a point of X window @xid is on the screen now. */
static void
to_root (gint64  xid,
         double  x,
         double  y,
         int    *rx,
         int    *ry)
{
  Window child;

  XSync (xdisplay, False);
  if (!XTranslateCoordinates (xdisplay, (Window) xid, DefaultRootWindow (xdisplay), (int) lround (x),
                              (int) lround (y), rx, ry, &child))
    *rx = *ry = -1;
}

/* The same place on the screen: windows just mapped are still being placed
 * by the window manager, popovers still sized. */
static gboolean
same_place (JsonObject *a,
            JsonObject *b)
{
  JsonObject *ca = dg_e2e_obj (a, "center"), *cb = dg_e2e_obj (b, "center");
  int ax, ay, bx, by;

  if (!dg_e2e_bool (a, "found") || !dg_e2e_bool (b, "found"))
    return FALSE;
  to_root (dg_e2e_int (ca, "xid"), dg_e2e_double (ca, "x"), dg_e2e_double (ca, "y"), &ax, &ay);
  to_root (dg_e2e_int (cb, "xid"), dg_e2e_double (cb, "x"), dg_e2e_double (cb, "y"), &bx, &by);
  return ax == bx && ay == by && dg_e2e_int (a, "width") == dg_e2e_int (b, "width");
}

/**
 * dg_e2e_locate_widget_stable:
 *
 * Like dg_e2e_locate_widget(), once the widget has stopped moving.
 */
JsonObject *
dg_e2e_locate_widget_stable (DgE2e      *e2e,
                             const char *query)
{
  gint64 end = g_get_monotonic_time () + deadline_seconds (40) * G_USEC_PER_SEC;
  JsonObject *place;

  g_assert_true (dg_e2e_wait_widget (e2e, query));
  place = dg_e2e_locate_widget (e2e, query);
  for (;;)
    {
      JsonObject *again;

      g_usleep (100 * 1000);
      again = dg_e2e_locate_widget (e2e, query);
      if (same_place (place, again) || g_get_monotonic_time () > end)
        {
          json_object_unref (place);
          return again;
        }
      json_object_unref (place);
      place = again;
    }
}

/* Moves to the middle of the widget matching @query and clicks it, once it
 * has stopped moving (a window just mapped may still be placed, a popover
 * still sized). */
void
dg_e2e_click_widget (DgE2e      *e2e,
                     const char *query)
{
  g_autoptr(JsonObject) place = NULL;
  gint64 end = g_get_monotonic_time () + deadline_seconds (40) * G_USEC_PER_SEC;
  JsonObject *center;

  int still = 0;

  g_assert_true (dg_e2e_wait_widget (e2e, query));
  place = dg_e2e_locate_widget (e2e, query);
  for (;;)
    {
      g_autoptr(JsonObject) again = NULL;

      g_usleep (100 * 1000);
      again = dg_e2e_locate_widget (e2e, query);
      /* Still, and in the window that has the keyboard: a click on a
       * window the window manager has not given focus yet may be lost.
       * Twice in a row: on a loaded machine a window just mapped can sit
       * still for 100 ms before the window manager places it. */
      if (same_place (place, again) && dg_e2e_bool (again, "window_active")
          && !dg_e2e_bool (again, "other_popover_open"))
        still++;
      else
        still = 0;
      g_clear_pointer (&place, json_object_unref);
      place = g_steal_pointer (&again);
      if (still >= 2 || g_get_monotonic_time () > end)
        break;
    }
  if (!dg_e2e_bool (place, "found"))
    {
      g_test_message ("no widget matches %s", query);
      print_log (e2e);
    }
  else if (still < 2)
    g_test_message ("%s never stood still in the active window", query);
  g_assert_true (dg_e2e_bool (place, "found"));
  center = dg_e2e_obj (place, "center");
  {
    int rx, ry;
    g_autofree char *sx = NULL, *sy = NULL;

    to_root (dg_e2e_int (center, "xid"), dg_e2e_double (center, "x"), dg_e2e_double (center, "y"), &rx, &ry);
    sx = g_strdup_printf ("%d", rx);
    sy = g_strdup_printf ("%d", ry);
    xdotool ((const char *[]) { "mousemove", "--sync", sx, sy, NULL });
  }
  dg_e2e_click (e2e, 1, 1);
}

/* Moves to where the company or deal is drawn and clicks it. */
void
dg_e2e_click_item (DgE2e      *e2e,
                   const char *kind,
                   const char *id,
                   int         button,
                   int         repeat)
{
  gint64 end = g_get_monotonic_time () + deadline_seconds (40) * G_USEC_PER_SEC;
  gint64 xid;
  double x, y;
  int rx = -1, ry = -1;

  /* Once the item has stopped moving on the screen: a panel or the filter
   * bar may still be sliding in, or the view easing. */
  for (;;)
    {
      int nx, ny;

      g_assert_true (dg_e2e_locate_item (e2e, kind, id, &xid, &x, &y));
      to_root (xid, x, y, &nx, &ny);
      if ((nx == rx && ny == ry) || g_get_monotonic_time () > end)
        break;
      rx = nx;
      ry = ny;
      g_usleep (100 * 1000);
    }
  dg_e2e_move (e2e, xid, x, y);
  dg_e2e_click (e2e, button, repeat);
}

/* ---- the clipboard ---------------------------------------------------- */

static gboolean
clipboard_offers (const char *target)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "DISPLAY", display_name, TRUE);
  g_autofree char *out = NULL;
  int status = -1;
  const char *argv[] = { "xclip", "-selection", "clipboard", "-t", "TARGETS", "-o", NULL };

  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL) && out != NULL && strstr (out, target) != NULL;
}

/* Until the clipboard's owner offers @target (e.g. "image/png"), asked the
 * way another program would (xclip). */
gboolean
dg_e2e_wait_clipboard (DgE2e      *e2e,
                       const char *target)
{
  gint64 end = g_get_monotonic_time () + deadline_seconds (40) * G_USEC_PER_SEC;

  while (!clipboard_offers (target))
    {
      if (g_get_monotonic_time () > end)
        {
          g_test_message ("the clipboard never offered %s", target);
          return FALSE;
        }
      poll_pause ();
    }
  return TRUE;
}

/* ---- pixels ----------------------------------------------------------- */

/**
 * dg_e2e_screenshot:
 *
 * What the screen shows in a rectangle of X window @xid (0 for the whole
 * screen), as an RGB24 image; popups over it are included.
 *
 * Returns: (transfer full): the image
 */
cairo_surface_t *
dg_e2e_screenshot (DgE2e  *e2e,
                   gint64  xid,
                   int     x,
                   int     y,
                   int     width,
                   int     height)
{
  Window root = DefaultRootWindow (xdisplay), child;
  int rx = x, ry = y;
  XImage *image;
  cairo_surface_t *surface;
  guint32 *pixels;
  int stride;

  XSync (xdisplay, False);
  if (xid != 0)
    XTranslateCoordinates (xdisplay, (Window) xid, root, x, y, &rx, &ry, &child);
  if (width <= 0 || height <= 0)
    {
      width = DisplayWidth (xdisplay, DefaultScreen (xdisplay));
      height = DisplayHeight (xdisplay, DefaultScreen (xdisplay));
    }
  image = XGetImage (xdisplay, root, rx, ry, width, height, AllPlanes, ZPixmap);
  g_assert_nonnull (image);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  pixels = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  for (int j = 0; j < height; j++)
    for (int i = 0; i < width; i++)
      pixels[j * stride + i] = XGetPixel (image, i, j) & 0xffffff;
  cairo_surface_mark_dirty (surface);
  XDestroyImage (image);
  return surface;
}

/* The main window's canvas as the screen shows it. */
cairo_surface_t *
dg_e2e_screenshot_canvas (DgE2e      *e2e,
                          JsonObject *window)
{
  JsonObject *canvas = dg_e2e_obj (window, "canvas");

  return dg_e2e_screenshot (e2e, dg_e2e_int (canvas, "xid"), (int) dg_e2e_double (canvas, "x"),
                            (int) dg_e2e_double (canvas, "y"), (int) dg_e2e_int (canvas, "width"),
                            (int) dg_e2e_int (canvas, "height"));
}

/**
 * dg_e2e_count_ink:
 * @background: 0xRRGGBB
 *
 * Counts the pixels that differ clearly from @background and gives the
 * box around them.
 */
guint
dg_e2e_count_ink (cairo_surface_t *surface,
                  guint32          background,
                  int             *x0,
                  int             *y0,
                  int             *x1,
                  int             *y1)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface) / 4;
  const guint32 *pixels = (const guint32 *) cairo_image_surface_get_data (surface);
  int bx0 = w, by0 = h, bx1 = -1, by1 = -1;
  guint count = 0;

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        guint32 p = pixels[j * stride + i];
        int dr = (int) ((p >> 16) & 0xff) - (int) ((background >> 16) & 0xff);
        int dg = (int) ((p >> 8) & 0xff) - (int) ((background >> 8) & 0xff);
        int db = (int) (p & 0xff) - (int) (background & 0xff);

        if (ABS (dr) + ABS (dg) + ABS (db) > 24)
          {
            count++;
            bx0 = MIN (bx0, i);
            by0 = MIN (by0, j);
            bx1 = MAX (bx1, i);
            by1 = MAX (by1, j);
          }
      }
  if (x0) *x0 = bx0;
  if (y0) *y0 = by0;
  if (x1) *x1 = bx1;
  if (y1) *y1 = by1;
  return count;
}

/* ---- JSON ------------------------------------------------------------- */

const char *
dg_e2e_str (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

gint64
dg_e2e_int (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

double
dg_e2e_double (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

gboolean
dg_e2e_bool (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
}

JsonObject *
dg_e2e_obj (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The most common colour of @surface: the background of a diagram. */
guint32
dg_e2e_dominant_color (cairo_surface_t *surface)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface) / 4;
  const guint32 *pixels = (const guint32 *) cairo_image_surface_get_data (surface);
  guint best = 0;
  guint32 color = 0;

  for (int j = 0; j < h; j += 2)
    for (int i = 0; i < w; i += 2)
      {
        guint32 p = pixels[j * stride + i] & 0xffffff;
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (p + 1))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (p + 1), GUINT_TO_POINTER (n));
        if (n > best)
          {
            best = n;
            color = p;
          }
      }
  return color;
}
