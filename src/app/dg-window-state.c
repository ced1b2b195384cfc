/* dg-window-state.c: windows open the size they were last closed at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As GNOME Text Editor does: the size and maximized state are read from
 * GSettings before the window is shown and written back when it goes away.
 * Only the unmaximized size is saved, so un-maximizing a window restored
 * maximized brings back the size the user chose, not the screen's.
 */
#define G_LOG_DOMAIN "dealgraph-window-state"

#include "config.h"

#include "dg-window-state.h"

#define KEY_WIDTH     "window-width"
#define KEY_HEIGHT    "window-height"
#define KEY_MAXIMIZED "window-maximized"

/* Setting a value outside the schema's range is a programming error in
 * GSettings (a critical), and a window can be smaller than the smallest size
 * we care to restore: keep the value inside the range the schema allows. */
static void
set_int_clamped (GSettings  *settings,
                 const char *key,
                 int         value)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *type;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &limits);

  if (g_strcmp0 (type, "range") == 0)
    {
      int min, max;

      g_variant_get (limits, "(ii)", &min, &max);
      value = CLAMP (value, min, max);
    }

  g_settings_set_int (settings, key, value);
}

static void
save_state (GtkWindow *window,
            GSettings *settings)
{
  gboolean maximized = gtk_window_is_maximized (window);

  /* GTK 4 keeps the default size up to date as the user resizes the
   * window, but not while it is maximized or fullscreen: then it still
   * holds the size to come back to. */
  if (!maximized && !gtk_window_is_fullscreen (window))
    {
      int width = 0, height = 0;

      gtk_window_get_default_size (window, &width, &height);
      if (width > 0 && height > 0)
        {
          set_int_clamped (settings, KEY_WIDTH, width);
          set_int_clamped (settings, KEY_HEIGHT, height);
        }
    }

  g_settings_set_boolean (settings, KEY_MAXIMIZED, maximized);
}

/* Closing a window asks first (close-request), but quitting the application
 * destroys windows without asking: saving when the window is unrealized
 * covers both. */
static void
window_unrealize_cb (GtkWindow *window,
                     GSettings *settings)
{
  save_state (window, settings);
}

static void
settings_unref (gpointer  data,
                GClosure *closure)
{
  g_object_unref (data);
}

/**
 * dg_window_state_restore_and_track:
 * @window: a window that has not been shown yet
 * @settings: (nullable): settings of the io.github.dealgraph.Dealgraph
 *   schema, or %NULL when the schema is not installed
 *
 * Gives @window the size and maximized state saved in @settings, and saves
 * them again when @window goes away. With no settings the window keeps its
 * own default size: an uninstalled build without its schema still runs.
 */
void
dg_window_state_restore_and_track (GtkWindow *window,
                                   GSettings *settings)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (settings == NULL)
    {
      g_debug ("No settings schema: window size is not restored or saved");
      return;
    }

  gtk_window_set_default_size (window,
                               g_settings_get_int (settings, KEY_WIDTH),
                               g_settings_get_int (settings, KEY_HEIGHT));
  if (g_settings_get_boolean (settings, KEY_MAXIMIZED))
    gtk_window_maximize (window);

  g_signal_connect_data (window, "unrealize",
                         G_CALLBACK (window_unrealize_cb),
                         g_object_ref (settings), settings_unref, 0);
}
