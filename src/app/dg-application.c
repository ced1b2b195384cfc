/* dg-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-application.h"
#include "dg-debug.h"
#include "dg-style-manager.h"
#include "dg-window-state.h"
#include "dg-window.h"

struct _DgApplication
{
  GtkApplication parent_instance;

  GSettings *settings;            /* NULL when the schema is not installed */
  guint debug_registration;       /* DEALGRAPH_DEBUG_BUS=1: for end-to-end tests */
  gboolean quitting;              /* Quit asks each window with unsaved changes in turn */
  DgStyleManager *style_manager;
};

G_DEFINE_FINAL_TYPE (DgApplication, dg_application, GTK_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DARK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dg_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (dg_window_new (DG_APPLICATION (app)));
      dg_window_state_restore_and_track (window, DG_APPLICATION (app)->settings);
      dg_window_load_default (DG_WINDOW (window));
      gtk_window_present (window);
      /* Unsaved changes left by a crash or a kill come back first. */
      _dg_window_offer_recovery (DG_WINDOW (window));
      return;
    }

  gtk_window_present (window);
}

static void
dg_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      DgWindow *window = dg_window_new (DG_APPLICATION (app));

      dg_window_state_restore_and_track (GTK_WINDOW (window), DG_APPLICATION (app)->settings);
      gtk_window_present (GTK_WINDOW (window));
      dg_window_open_file_async (window, files[i]);
    }
}

/* Quit as closing every window would: each window with unsaved changes
 * asks in turn (Save, Discard or Cancel); Cancel anywhere stops quitting. */
static void
quit_next (DgApplication *self)
{
  if (!self->quitting)
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DG_IS_WINDOW (l->data) && dg_window_has_unsaved_changes (l->data))
      {
        gtk_window_present (l->data);
        gtk_window_close (l->data);
        return;
      }
  self->quitting = FALSE;
  g_application_quit (G_APPLICATION (self));
}

static gboolean
quit_next_idle (gpointer data)
{
  quit_next (data);
  return G_SOURCE_REMOVE;
}

static void
window_removed_cb (DgApplication *self)
{
  /* Not from inside the window's destruction: quitting then would tear
   * down the application around a window still being disposed. */
  if (self->quitting)
    g_idle_add_full (G_PRIORITY_DEFAULT, quit_next_idle, g_object_ref (self), g_object_unref);
}

/**
 * dg_application_quit_cancelled:
 *
 * A window's "Save Changes?" dialog was cancelled (or its save failed):
 * Quit stops, and the windows left stay open.
 */
void
dg_application_quit_cancelled (DgApplication *self)
{
  g_return_if_fail (DG_IS_APPLICATION (self));
  self->quitting = FALSE;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DgApplication *self = DG_APPLICATION (user_data);

  if (self->quitting)
    return;
  self->quitting = TRUE;
  quit_next (self);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

/* An uninstalled build may have no schema (GSETTINGS_SCHEMA_DIR unset):
 * it runs all the same, without saved settings. */
static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("Settings schema %s not found; settings are not saved", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
style_dark_changed_cb (DgApplication *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

static void
dg_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  DgApplication *self = DG_APPLICATION (app);

  G_APPLICATION_CLASS (dg_application_parent_class)->startup (app);

  {
    /* GtkApplication (unlike libadwaita's) does not load style.css itself. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/dealgraph/Dealgraph/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  self->settings = settings_new_if_installed ();
  self->style_manager = dg_style_manager_new (self->settings);
  g_signal_connect_object (self->style_manager, "notify::dark",
                           G_CALLBACK (style_dark_changed_cb), self, G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    {
      g_autoptr(GAction) theme_action = g_settings_create_action (self->settings, "theme");

      g_action_map_add_action (G_ACTION_MAP (app), theme_action);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  g_signal_connect (app, "window-removed", G_CALLBACK (window_removed_cb), NULL);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static gboolean
dg_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  DgApplication *self = DG_APPLICATION (app);

  if (!G_APPLICATION_CLASS (dg_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;
  if (dg_debug_enabled ())
    {
      self->debug_registration = dg_debug_register (app, connection, error);
      if (self->debug_registration == 0)
        return FALSE;
    }
  return TRUE;
}

static void
dg_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  DgApplication *self = DG_APPLICATION (app);

  if (self->debug_registration != 0)
    g_dbus_connection_unregister_object (connection, self->debug_registration);
  self->debug_registration = 0;
  G_APPLICATION_CLASS (dg_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
dg_application_dispose (GObject *object)
{
  DgApplication *self = DG_APPLICATION (object);

  g_clear_object (&self->style_manager);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dg_application_parent_class)->dispose (object);
}

static void
dg_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DgApplication *self = DG_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DARK:
      g_value_set_boolean (value, dg_application_get_dark (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_application_class_init (DgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dg_application_dispose;
  object_class->get_property = dg_application_get_property;

  app_class->activate = dg_application_activate;
  app_class->open = dg_application_open;
  app_class->startup = dg_application_startup;
  app_class->dbus_register = dg_application_dbus_register;
  app_class->dbus_unregister = dg_application_dbus_unregister;

  /**
   * DgApplication:dark:
   *
   * Whether the desktop asks for a dark style (see DgStyleManager). The
   * diagram follows it unless the "theme" setting says otherwise: read
   * dg_style_manager_get_canvas_theme() for the resolved theme.
   */
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_application_init (DgApplication *self)
{
}

DgApplication *
dg_application_new (void)
{
  return g_object_new (DG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * dg_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the application's settings, or %NULL
 *   when the schema is not installed (an uninstalled build without
 *   GSETTINGS_SCHEMA_DIR); %NULL before startup
 */
GSettings *
dg_application_get_settings (DgApplication *self)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * dg_application_get_style_manager:
 *
 * Returns: (transfer none) (nullable): the style manager; %NULL before startup
 */
DgStyleManager *
dg_application_get_style_manager (DgApplication *self)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), NULL);
  return self->style_manager;
}

/**
 * dg_application_get_dark:
 *
 * Returns: whether the desktop asks for a dark style
 */
gboolean
dg_application_get_dark (DgApplication *self)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), FALSE);
  return self->style_manager != NULL && dg_style_manager_get_dark (self->style_manager);
}
