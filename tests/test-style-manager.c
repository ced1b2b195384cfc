/* test-style-manager.c: the app follows the desktop's dark style, and the
 * diagram's theme follows it unless the user chose one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A private session bus (GTestDBus, which needs dbus-daemon) carries a fake
 * settings portal that this test controls, so the real portal code is
 * exercised: ReadOne, the Read fallback of old portals, SettingChanged, and
 * no portal at all. Cases that need a display are skipped without one.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <gtk/gtk.h>

#include "dg-application.h"
#include "dg-style-manager.h"

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_IFACE "org.freedesktop.portal.Settings"

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Settings'>"
  "    <method name='Read'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <method name='ReadOne'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <signal name='SettingChanged'>"
  "      <arg type='s' name='namespace'/>"
  "      <arg type='s' name='key'/>"
  "      <arg type='v' name='value'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

static gboolean have_display;
static gboolean have_bus;

/* The fake portal, on its own connection, as a real one would be. */
typedef struct
{
  GDBusConnection *connection;
  guint object_id;
  guint owner_id;
  gboolean acquired;
  guint32 color_scheme;
  gboolean version_1;       /* an old portal: no ReadOne() */
  guint n_reads;
} Portal;

static void
portal_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Portal *portal = user_data;
  const char *namespace, *key;
  GVariant *value;

  g_variant_get (parameters, "(&s&s)", &namespace, &key);
  portal->n_reads++;

  if (g_strcmp0 (namespace, "org.freedesktop.appearance") != 0 || g_strcmp0 (key, "color-scheme") != 0)
    {
      g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.portal.Error.NotFound",
                                                  "Requested setting not found");
      return;
    }

  if (g_str_equal (method_name, "ReadOne"))
    {
      if (portal->version_1)
        {
          g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod",
                                                      "No such method “ReadOne”");
          return;
        }
      value = g_variant_new_uint32 (portal->color_scheme);
    }
  else
    {
      /* Read() wraps the value once more. */
      value = g_variant_new_variant (g_variant_new_uint32 (portal->color_scheme));
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_call, NULL, NULL, { 0 } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Portal *) user_data)->acquired = TRUE;
}

static void
iterate_until (gboolean *flag,
               gboolean  value)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (*flag != value && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
iterate_until_read (Portal *portal)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (portal->n_reads == 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpuint (portal->n_reads, >, 0);
}

static void
portal_start (Portal   *portal,
              guint32   color_scheme,
              gboolean  version_1)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  portal->color_scheme = color_scheme;
  portal->version_1 = version_1;
  portal->connection = g_dbus_connection_new_for_address_sync (address,
                                                               G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                               | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                               NULL, NULL, &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->connection, PORTAL_PATH,
                                                         info->interfaces[0], &portal_vtable,
                                                         portal, NULL, &error);
  g_assert_no_error (error);
  portal->owner_id = g_bus_own_name_on_connection (portal->connection, PORTAL_NAME,
                                                   G_BUS_NAME_OWNER_FLAGS_NONE,
                                                   name_acquired_cb, NULL, portal, NULL);
  iterate_until (&portal->acquired, TRUE);
  g_assert_true (portal->acquired);
}

static void
portal_change (Portal  *portal,
               guint32  color_scheme)
{
  g_autoptr(GError) error = NULL;

  portal->color_scheme = color_scheme;
  g_dbus_connection_emit_signal (portal->connection, NULL, PORTAL_PATH, PORTAL_IFACE, "SettingChanged",
                                 g_variant_new ("(ssv)", "org.freedesktop.appearance", "color-scheme",
                                                g_variant_new_uint32 (color_scheme)),
                                 &error);
  g_assert_no_error (error);
}

static void
portal_stop (Portal *portal)
{
  g_bus_unown_name (portal->owner_id);
  g_dbus_connection_unregister_object (portal->connection, portal->object_id);
  g_dbus_connection_close_sync (portal->connection, NULL, NULL);
  g_clear_object (&portal->connection);
}

/* Waits until @manager's "dark" is @dark, or five seconds. */
static void
wait_for_dark (DgStyleManager *manager,
               gboolean        dark)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (dg_style_manager_get_dark (manager) != dark && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
reset_gtk_settings (void)
{
#if !GTK_CHECK_VERSION (4, 20, 0)
  if (have_display)
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
#endif
}

static gboolean
skip_without_bus (void)
{
  if (!have_bus)
    g_test_skip ("dbus-daemon is not installed");
  return !have_bus;
}

#if !GTK_CHECK_VERSION (4, 20, 0)
static void
test_portal_dark (void)
{
  g_autoptr(DgStyleManager) manager = NULL;
  Portal portal = { 0 };

  if (skip_without_bus ())
    return;
  reset_gtk_settings ();

  portal_start (&portal, 1, FALSE);
  manager = dg_style_manager_new (NULL);
  wait_for_dark (manager, TRUE);

  g_assert_true (dg_style_manager_get_dark (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "dark");
  if (have_display)
    {
      gboolean prefer_dark = FALSE;

      /* Plain GTK 4.8 does not read the portal: we told it. */
      g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &prefer_dark, NULL);
      g_assert_true (prefer_dark);
    }

  g_assert_finalize_object (g_steal_pointer (&manager));
  portal_stop (&portal);
}

static void
test_portal_changes (void)
{
  g_autoptr(DgStyleManager) manager = NULL;
  Portal portal = { 0 };
  guint n_dark = 0, n_theme = 0;

  if (skip_without_bus ())
    return;
  reset_gtk_settings ();

  portal_start (&portal, 2, FALSE);
  manager = dg_style_manager_new (NULL);
  g_signal_connect (manager, "notify::dark", G_CALLBACK (count_notify), &n_dark);
  g_signal_connect (manager, "notify::canvas-theme", G_CALLBACK (count_notify), &n_theme);

  /* Let the first read arrive: prefer light. */
  iterate_until_read (&portal);
  g_assert_false (dg_style_manager_get_dark (manager));

  portal_change (&portal, 1);
  wait_for_dark (manager, TRUE);
  g_assert_true (dg_style_manager_get_dark (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "dark");

  portal_change (&portal, 0);
  wait_for_dark (manager, FALSE);
  g_assert_false (dg_style_manager_get_dark (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "light");

  g_assert_cmpuint (n_dark, ==, 2);
  g_assert_cmpuint (n_theme, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&manager));
  portal_stop (&portal);
}

static void
test_portal_version_1 (void)
{
  g_autoptr(DgStyleManager) manager = NULL;
  Portal portal = { 0 };

  if (skip_without_bus ())
    return;
  reset_gtk_settings ();

  portal_start (&portal, 1, TRUE);
  manager = dg_style_manager_new (NULL);
  wait_for_dark (manager, TRUE);

  g_assert_true (dg_style_manager_get_dark (manager));
  /* ReadOne() refused, then Read() answered. */
  g_assert_cmpuint (portal.n_reads, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&manager));
  portal_stop (&portal);
}
#else
static void
test_color_scheme_setting (void)
{
  g_autoptr(DgStyleManager) manager = NULL;
  GtkSettings *gtk_settings;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  gtk_settings = gtk_settings_get_default ();
  g_object_set (gtk_settings, "gtk-interface-color-scheme", GTK_INTERFACE_COLOR_SCHEME_LIGHT, NULL);
  manager = dg_style_manager_new (NULL);
  g_assert_false (dg_style_manager_get_dark (manager));
  g_object_set (gtk_settings, "gtk-interface-color-scheme", GTK_INTERFACE_COLOR_SCHEME_DARK, NULL);
  g_assert_true (dg_style_manager_get_dark (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "dark");
  g_assert_finalize_object (g_steal_pointer (&manager));
}
#endif

/* No portal on the bus: nothing breaks, nothing is printed (warnings are
 * fatal here), and the style stays light. */
static void
test_no_portal (void)
{
  g_autoptr(DgStyleManager) manager = NULL;
  gint64 until;

  if (skip_without_bus ())
    return;
  reset_gtk_settings ();

  manager = dg_style_manager_new (NULL);
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  g_assert_false (dg_style_manager_get_dark (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "light");
  g_assert_finalize_object (g_steal_pointer (&manager));
}

/* The user's choice beats the desktop; "system" goes back to following it. */
static void
test_theme_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DgStyleManager) manager = NULL;
  guint n_theme = 0;

  g_settings_set_string (settings, "theme", "projector");
  manager = dg_style_manager_new (settings);
  g_signal_connect (manager, "notify::canvas-theme", G_CALLBACK (count_notify), &n_theme);
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "projector");

  g_settings_set_string (settings, "theme", "dark");
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "dark");

  g_settings_set_string (settings, "theme", "system");
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager),
                   ==, dg_style_manager_get_dark (manager) ? "dark" : "light");
  g_assert_cmpuint (n_theme, ==, 2);

  /* The tour's own setting resolves the same way. */
  g_assert_cmpstr (dg_style_manager_resolve_theme (manager, "light"), ==, "light");
  g_assert_cmpstr (dg_style_manager_resolve_theme (manager, "projector"), ==, "projector");
  g_assert_cmpstr (dg_style_manager_resolve_theme (manager, NULL),
                   ==, dg_style_manager_get_dark (manager) ? "dark" : "light");

  g_settings_reset (settings, "theme");
  g_clear_object (&manager);
}

/* GTK's high-contrast themes (GTK 4.8 has no other way to say it) turn
 * "system" into the high-contrast diagram, the inverse one into its dark
 * form; a theme the user picked still wins, and leaving the high-contrast
 * theme goes back to light. */
static void
test_high_contrast (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DgStyleManager) manager = NULL;
  g_autofree char *old_theme = NULL;
  GtkSettings *gtk_settings;
  guint n_contrast = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  reset_gtk_settings ();
  gtk_settings = gtk_settings_get_default ();
  g_object_get (gtk_settings, "gtk-theme-name", &old_theme, NULL);
  g_settings_set_string (settings, "theme", "system");

  manager = dg_style_manager_new (settings);
  g_signal_connect (manager, "notify::high-contrast", G_CALLBACK (count_notify), &n_contrast);
  g_assert_false (dg_style_manager_get_high_contrast (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "light");

  g_object_set (gtk_settings, "gtk-theme-name", "HighContrast", NULL);
  g_assert_true (dg_style_manager_get_high_contrast (manager));
  g_assert_cmpuint (n_contrast, ==, 1);
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "high-contrast");
  g_assert_cmpstr (dg_style_manager_resolve_theme (manager, "system"), ==, "high-contrast");
  g_assert_cmpstr (dg_style_manager_resolve_theme (manager, "dark"), ==, "dark");

  g_object_set (gtk_settings, "gtk-theme-name", "HighContrastInverse", NULL);
  g_assert_true (dg_style_manager_get_high_contrast (manager));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "high-contrast-dark");

  g_settings_set_string (settings, "theme", "projector");
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "projector");
  g_settings_set_string (settings, "theme", "system");

  g_object_set (gtk_settings, "gtk-theme-name", "Adwaita", NULL);
  g_assert_false (dg_style_manager_get_high_contrast (manager));
  g_assert_cmpuint (n_contrast, ==, 2);
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (manager), ==, "light");

  g_object_set (gtk_settings, "gtk-theme-name", old_theme, NULL);
  g_settings_reset (settings, "theme");
  g_assert_finalize_object (g_steal_pointer (&manager));
}

/* The application wires settings, the theme action and the dark property. */
static void
check_application (DgApplication *app)
{
  GAction *theme;

  g_assert_nonnull (dg_application_get_settings (app));
  g_assert_nonnull (dg_application_get_style_manager (app));
  g_assert_cmpint (dg_application_get_dark (app), ==,
                   dg_style_manager_get_dark (dg_application_get_style_manager (app)));

  theme = g_action_map_lookup_action (G_ACTION_MAP (app), "theme");
  g_assert_nonnull (theme);
  g_action_activate (theme, g_variant_new_string ("projector"));
  g_assert_cmpstr (dg_style_manager_get_canvas_theme (dg_application_get_style_manager (app)), ==, "projector");
  g_action_activate (theme, g_variant_new_string ("system"));
  g_object_set_data (G_OBJECT (app), "checked", GINT_TO_POINTER (TRUE));
  /* Run and quit: an application registered but never run is never
   * finalized and would keep the test bus's connection alive. */
  g_application_quit (G_APPLICATION (app));
}

static void
test_application (void)
{
  g_autoptr(DgApplication) app = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  /* In a process of its own: the cases before it start and stop portals
   * on the test bus, and GTK keeps its own view of that bus. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  app = dg_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "startup", G_CALLBACK (check_application), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (g_object_get_data (G_OBJECT (app), "checked"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The private bus must be up before anything connects to the session bus. */
  have_bus = daemon != NULL;
  /* A subprocess case uses the bus its parent set up (in its environment). */
  if (have_bus && !g_test_subprocess ())
    {
      /* GTestDBus unsets DISPLAY, which left GTK without a display and
       * every case that needs one skipped; put it back. */
      g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

      bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (bus);
      if (display != NULL)
        g_setenv ("DISPLAY", display, TRUE);
    }
  have_display = gtk_init_check ();

#if !GTK_CHECK_VERSION (4, 20, 0)
  g_test_add_func ("/dealgraph/style/portal-dark", test_portal_dark);
  g_test_add_func ("/dealgraph/style/portal-changes", test_portal_changes);
  g_test_add_func ("/dealgraph/style/portal-version-1", test_portal_version_1);
#else
  g_test_add_func ("/dealgraph/style/color-scheme-setting", test_color_scheme_setting);
#endif
  g_test_add_func ("/dealgraph/style/no-portal", test_no_portal);
  g_test_add_func ("/dealgraph/style/theme-setting", test_theme_setting);
  g_test_add_func ("/dealgraph/style/high-contrast", test_high_contrast);
  g_test_add_func ("/dealgraph/style/application", test_application);

  status = g_test_run ();

  if (bus != NULL)
    g_test_dbus_down (bus);
  return status;
}
