/* test-window-state.c: windows open at the size they were closed at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs with GSETTINGS_BACKEND=memory and GSETTINGS_SCHEMA_DIR pointing at
 * the build tree's compiled schema, and needs a display (the test command
 * gives it Xvfb); without one every case is skipped.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <gtk/gtk.h>

#include "dg-window-state.h"

static gboolean have_display;

typedef struct
{
  GSettings *settings;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "window-width");
  g_settings_reset (f->settings, "window-height");
  g_settings_reset (f->settings, "window-maximized");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->settings);
}

static gboolean
skip_without_display (void)
{
  if (!have_display)
    g_test_skip ("no display");
  return !have_display;
}

static void
wait_for_map (GtkWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  GtkWindow *window;
  int width, height;

  if (skip_without_display ())
    return;

  g_settings_set_int (f->settings, "window-width", 900);
  g_settings_set_int (f->settings, "window-height", 700);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 400, 300);
  dg_window_state_restore_and_track (window, f->settings);

  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);

  gtk_window_destroy (window);
}

static void
test_save_on_destroy (Fixture       *f,
                      gconstpointer  data)
{
  GtkWindow *window;

  if (skip_without_display ())
    return;

  window = GTK_WINDOW (gtk_window_new ());
  dg_window_state_restore_and_track (window, f->settings);
  gtk_window_present (window);
  wait_for_map (window);

  /* What the user's resizing leaves behind in GTK 4. */
  gtk_window_set_default_size (window, 1000, 640);

  /* Quitting destroys windows without a close request; that must save too. */
  gtk_window_destroy (window);

  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (f->settings, "window-maximized"));
}

static void
test_save_on_close (Fixture       *f,
                    gconstpointer  data)
{
  GtkWindow *window;

  if (skip_without_display ())
    return;

  window = GTK_WINDOW (gtk_window_new ());
  dg_window_state_restore_and_track (window, f->settings);
  gtk_window_present (window);
  wait_for_map (window);
  gtk_window_set_default_size (window, 1100, 720);

  /* gtk_window_close() asks, then destroys the window. */
  gtk_window_close (window);

  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 720);
}

/* A window smaller than the schema allows is saved at the smallest size the
 * schema allows, rather than tripping GSettings' range check. */
static void
test_clamp (Fixture       *f,
            gconstpointer  data)
{
  GtkWindow *window;

  if (skip_without_display ())
    return;

  window = GTK_WINDOW (gtk_window_new ());
  dg_window_state_restore_and_track (window, f->settings);
  gtk_window_present (window);
  wait_for_map (window);
  gtk_window_set_default_size (window, 100, 50);
  gtk_window_destroy (window);

  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 360);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 300);
}

/* An uninstalled build without its schema runs with the window's own size. */
static void
test_no_settings (void)
{
  GtkWindow *window;
  int width, height;

  if (skip_without_display ())
    return;

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 640, 480);
  dg_window_state_restore_and_track (window, NULL);
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  gtk_window_present (window);
  wait_for_map (window);
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add ("/dealgraph/window-state/restore", Fixture, NULL,
              fixture_setup, test_restore, fixture_teardown);
  g_test_add ("/dealgraph/window-state/save-on-destroy", Fixture, NULL,
              fixture_setup, test_save_on_destroy, fixture_teardown);
  g_test_add ("/dealgraph/window-state/save-on-close", Fixture, NULL,
              fixture_setup, test_save_on_close, fixture_teardown);
  g_test_add ("/dealgraph/window-state/clamp", Fixture, NULL,
              fixture_setup, test_clamp, fixture_teardown);
  g_test_add_func ("/dealgraph/window-state/no-settings", test_no_settings);

  return g_test_run ();
}
