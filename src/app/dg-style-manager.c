/* dg-style-manager.c: follows the desktop's dark style, resolves the diagram theme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME says whether the user prefers dark through the settings portal
 * (org.freedesktop.appearance color-scheme). libadwaita would read it for
 * us, but Dealgraph runs on plain GTK 4.8, which does not: so on GTK before
 * 4.20 we read the portal here and pass the answer to GTK as
 * gtk-application-prefer-dark-theme. GTK 4.20 reads the portal itself and
 * publishes the answer as gtk-interface-color-scheme; there we only listen.
 *
 * Either way the answer is the "dark" property, and the diagram's theme
 * ("canvas-theme") follows it unless the user picked light, dark or
 * projector colours in the "theme" setting.
 *
 * High contrast: GTK 4.8 has it as a theme, HighContrast or
 * HighContrastInverse (chosen in the settings or with GTK_THEME); GTK 4.20
 * publishes the desktop's wish as gtk-interface-contrast. Then "system"
 * resolves to the high-contrast diagram, dark on the inverse theme or a
 * dark style.
 */
#define G_LOG_DOMAIN "dealgraph-style"

#include "config.h"

#include "dg-style-manager.h"

#define PORTAL_BUS_NAME     "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH  "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS     "org.freedesktop.portal.Settings"
#define APPEARANCE          "org.freedesktop.appearance"
#define COLOR_SCHEME        "color-scheme"

/* The portal's color-scheme values. */
enum {
  PORTAL_NO_PREFERENCE = 0,
  PORTAL_PREFER_DARK = 1,
  PORTAL_PREFER_LIGHT = 2,
};

struct _DgStyleManager
{
  GObject parent_instance;

  GSettings *settings;        /* nullable: no schema installed */
  GtkSettings *gtk_settings;  /* nullable: no display */
  GCancellable *cancellable;
  GDBusConnection *bus;
  guint portal_signal_id;
  int portal_scheme;          /* -1 until the portal answers */

  gboolean dark;
  gboolean high_contrast;
  const char *canvas_theme;   /* interned */
};

G_DEFINE_FINAL_TYPE (DgStyleManager, dg_style_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DARK,
  PROP_HIGH_CONTRAST,
  PROP_CANVAS_THEME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
gtk_settings_say_dark (GtkSettings *gtk_settings)
{
#if GTK_CHECK_VERSION (4, 20, 0)
  GtkInterfaceColorScheme scheme = GTK_INTERFACE_COLOR_SCHEME_UNSUPPORTED;

  g_object_get (gtk_settings, "gtk-interface-color-scheme", &scheme, NULL);
  return scheme == GTK_INTERFACE_COLOR_SCHEME_DARK;
#else
  g_autofree char *theme_name = NULL;
  gboolean prefer_dark = FALSE;

  g_object_get (gtk_settings,
                "gtk-application-prefer-dark-theme", &prefer_dark,
                "gtk-theme-name", &theme_name,
                NULL);
  /* A dark theme chosen by name (Adwaita-dark, or GTK_THEME=Adwaita:dark,
   * which GtkSettings does not show) counts too. */
  return prefer_dark
         || (theme_name != NULL && g_str_has_suffix (theme_name, "-dark"))
         || (g_getenv ("GTK_THEME") != NULL && g_str_has_suffix (g_getenv ("GTK_THEME"), ":dark"));
#endif
}

static gboolean
theme_is_high_contrast (const char *name)
{
  return name != NULL && g_str_has_prefix (name, "HighContrast");
}

static gboolean
gtk_settings_say_high_contrast (GtkSettings *gtk_settings)
{
  g_autofree char *theme_name = NULL;

#if GTK_CHECK_VERSION (4, 20, 0)
  {
    GtkInterfaceContrast contrast = GTK_INTERFACE_CONTRAST_NO_PREFERENCE;

    g_object_get (gtk_settings, "gtk-interface-contrast", &contrast, NULL);
    if (contrast == GTK_INTERFACE_CONTRAST_MORE)
      return TRUE;
  }
#endif
  g_object_get (gtk_settings, "gtk-theme-name", &theme_name, NULL);
  /* GTK_THEME=HighContrast styles the widgets without showing in
   * GtkSettings, as with dark. */
  return theme_is_high_contrast (theme_name) || theme_is_high_contrast (g_getenv ("GTK_THEME"));
}

static gboolean
gtk_settings_say_inverse (GtkSettings *gtk_settings)
{
  g_autofree char *theme_name = NULL;

  g_object_get (gtk_settings, "gtk-theme-name", &theme_name, NULL);
  return g_strcmp0 (theme_name, "HighContrastInverse") == 0
         || g_str_has_prefix (g_getenv ("GTK_THEME") != NULL ? g_getenv ("GTK_THEME") : "", "HighContrastInverse");
}

static void
update_canvas_theme (DgStyleManager *self)
{
  g_autofree char *theme = NULL;
  const char *resolved;

  if (self->settings != NULL)
    theme = g_settings_get_string (self->settings, "theme");
  resolved = dg_style_manager_resolve_theme (self, theme);

  if (resolved == self->canvas_theme)
    return;
  self->canvas_theme = resolved;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANVAS_THEME]);
}

static void
update_dark (DgStyleManager *self)
{
  gboolean dark;

  gboolean high_contrast = FALSE;

  if (self->gtk_settings != NULL)
    {
      dark = gtk_settings_say_dark (self->gtk_settings) || gtk_settings_say_inverse (self->gtk_settings);
      high_contrast = gtk_settings_say_high_contrast (self->gtk_settings);
    }
  else
    dark = self->portal_scheme == PORTAL_PREFER_DARK;

  if (high_contrast != self->high_contrast)
    {
      self->high_contrast = high_contrast;
      g_debug ("High contrast: %s", high_contrast ? "yes" : "no");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
    }

  if (dark != self->dark)
    {
      self->dark = dark;
      g_debug ("Dark style: %s", dark ? "yes" : "no");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
    }

  update_canvas_theme (self);
}

#if !GTK_CHECK_VERSION (4, 20, 0)
static void
apply_portal_value (DgStyleManager *self,
                    GVariant       *value)
{
  g_autoptr(GVariant) v = g_variant_ref (value);

  /* Read() wraps the value in one more variant than ReadOne() does. */
  while (g_variant_is_of_type (v, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (v);

      g_variant_unref (v);
      v = inner;
    }

  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    {
      g_debug ("Portal gave color-scheme of type %s; ignored", g_variant_get_type_string (v));
      return;
    }

  self->portal_scheme = (int) g_variant_get_uint32 (v);
  if (self->gtk_settings != NULL)
    g_object_set (self->gtk_settings,
                  "gtk-application-prefer-dark-theme", self->portal_scheme == PORTAL_PREFER_DARK,
                  NULL);
  update_dark (self);
}

static void
setting_changed_cb (GDBusConnection *connection,
                    const char      *sender_name,
                    const char      *object_path,
                    const char      *interface_name,
                    const char      *signal_name,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  DgStyleManager *self = user_data;
  g_autoptr(GVariant) value = NULL;
  const char *namespace, *key;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;

  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_strcmp0 (namespace, APPEARANCE) == 0 && g_strcmp0 (key, COLOR_SCHEME) == 0)
    apply_portal_value (self, value);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      /* No portal, or one without appearance settings: keep GTK's own. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the colour scheme from the settings portal: %s", error->message);
      return;
    }

  g_variant_get (reply, "(v)", &value);
  apply_portal_value (DG_STYLE_MANAGER (user_data), value);
}

static void read_one_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
read_portal (DgStyleManager *self,
             const char     *method)
{
  g_dbus_connection_call (self->bus,
                          PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_SETTINGS,
                          method,
                          g_variant_new ("(ss)", APPEARANCE, COLOR_SCHEME),
                          G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NONE,
                          5000,
                          self->cancellable,
                          g_str_equal (method, "ReadOne") ? read_one_cb : read_cb,
                          self);
}

/* ReadOne() came with version 2 of the interface; older portals only have
 * Read(). */
static void
read_one_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
        read_portal (DG_STYLE_MANAGER (user_data), "Read");
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the colour scheme from the settings portal: %s", error->message);
      return;
    }

  g_variant_get (reply, "(v)", &value);
  apply_portal_value (DG_STYLE_MANAGER (user_data), value);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  DgStyleManager *self;

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No session bus, so no settings portal: %s", error->message);
      return;
    }

  self = DG_STYLE_MANAGER (user_data);
  self->bus = bus;
  /* Listen first, then read, so a change in between is not lost. */
  self->portal_signal_id =
    g_dbus_connection_signal_subscribe (bus, PORTAL_BUS_NAME, PORTAL_SETTINGS, "SettingChanged",
                                        PORTAL_OBJECT_PATH, APPEARANCE, G_DBUS_SIGNAL_FLAGS_NONE,
                                        setting_changed_cb, self, NULL);
  read_portal (self, "ReadOne");
}
#endif /* GTK < 4.20 */

static void
dg_style_manager_constructed (GObject *object)
{
  DgStyleManager *self = DG_STYLE_MANAGER (object);

  G_OBJECT_CLASS (dg_style_manager_parent_class)->constructed (object);

  g_set_object (&self->gtk_settings, gtk_settings_get_default ());
  if (self->gtk_settings != NULL)
    {
#if GTK_CHECK_VERSION (4, 20, 0)
      g_signal_connect_object (self->gtk_settings, "notify::gtk-interface-color-scheme",
                               G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->gtk_settings, "notify::gtk-interface-contrast",
                               G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->gtk_settings, "notify::gtk-theme-name",
                               G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
#else
      g_signal_connect_object (self->gtk_settings, "notify::gtk-application-prefer-dark-theme",
                               G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->gtk_settings, "notify::gtk-theme-name",
                               G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
#endif
    }

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::theme",
                             G_CALLBACK (update_canvas_theme), self, G_CONNECT_SWAPPED);

  update_dark (self);

#if !GTK_CHECK_VERSION (4, 20, 0)
  /* Asynchronous, so a slow or missing portal never delays the window. The
   * bus callbacks do not hold a reference: dispose cancels them. */
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_cb, self);
#endif
}

static void
dg_style_manager_dispose (GObject *object)
{
  DgStyleManager *self = DG_STYLE_MANAGER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->bus != NULL && self->portal_signal_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->portal_signal_id);
  self->portal_signal_id = 0;
  g_clear_object (&self->bus);
  g_clear_object (&self->gtk_settings);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dg_style_manager_parent_class)->dispose (object);
}

static void
dg_style_manager_finalize (GObject *object)
{
  DgStyleManager *self = DG_STYLE_MANAGER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dg_style_manager_parent_class)->finalize (object);
}

static void
dg_style_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DgStyleManager *self = DG_STYLE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_CANVAS_THEME:
      g_value_set_static_string (value, self->canvas_theme);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_style_manager_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DgStyleManager *self = DG_STYLE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_style_manager_class_init (DgStyleManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dg_style_manager_constructed;
  object_class->dispose = dg_style_manager_dispose;
  object_class->finalize = dg_style_manager_finalize;
  object_class->get_property = dg_style_manager_get_property;
  object_class->set_property = dg_style_manager_set_property;

  /**
   * DgStyleManager:settings: (nullable)
   *
   * The application's settings, for the "theme" key; %NULL when the schema
   * is not installed, and then the diagram follows the desktop.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DgStyleManager:dark:
   *
   * Whether the desktop asks for a dark style.
   */
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DgStyleManager:high-contrast:
   *
   * Whether the desktop asks for high contrast.
   */
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DgStyleManager:canvas-theme:
   *
   * The diagram's theme: "light", "dark", "projector", "high-contrast" or
   * "high-contrast-dark", from the "theme" setting, with "system" resolved
   * through #DgStyleManager:dark and #DgStyleManager:high-contrast.
   */
  properties[PROP_CANVAS_THEME] =
    g_param_spec_string ("canvas-theme", NULL, NULL,
                         "light",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_style_manager_init (DgStyleManager *self)
{
  self->cancellable = g_cancellable_new ();
  self->portal_scheme = -1;
  self->canvas_theme = g_intern_static_string ("light");
}

/**
 * dg_style_manager_new:
 * @settings: (nullable): settings of the io.github.dealgraph.Dealgraph
 *   schema, or %NULL when it is not installed
 *
 * Starts following the desktop's style. Call it after GTK is initialized
 * (in the application's startup), so there is a display to style.
 *
 * Returns: (transfer full): a new style manager
 */
DgStyleManager *
dg_style_manager_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (DG_TYPE_STYLE_MANAGER, "settings", settings, NULL);
}

/**
 * dg_style_manager_get_dark:
 *
 * Returns: whether the desktop asks for a dark style
 */
gboolean
dg_style_manager_get_dark (DgStyleManager *self)
{
  g_return_val_if_fail (DG_IS_STYLE_MANAGER (self), FALSE);
  return self->dark;
}

/**
 * dg_style_manager_get_high_contrast:
 *
 * Returns: whether the desktop asks for high contrast
 */
gboolean
dg_style_manager_get_high_contrast (DgStyleManager *self)
{
  g_return_val_if_fail (DG_IS_STYLE_MANAGER (self), FALSE);
  return self->high_contrast;
}

/**
 * dg_style_manager_get_canvas_theme:
 *
 * Returns: (transfer none): a diagram theme's name (dg_theme_kind_to_string())
 */
const char *
dg_style_manager_get_canvas_theme (DgStyleManager *self)
{
  g_return_val_if_fail (DG_IS_STYLE_MANAGER (self), "light");
  return self->canvas_theme;
}

/**
 * dg_style_manager_resolve_theme:
 * @theme: (nullable): a theme setting: "system", "light", "dark" or
 *   "projector" (the values of the "theme" and "tour-theme" keys)
 *
 * Resolves "system" (and anything unknown) to what the desktop asks for:
 * light or dark, with high contrast when it asks for that.
 *
 * Returns: (transfer none): "light", "dark", "projector", "high-contrast"
 *   or "high-contrast-dark", interned
 */
const char *
dg_style_manager_resolve_theme (DgStyleManager *self,
                                const char     *theme)
{
  g_return_val_if_fail (DG_IS_STYLE_MANAGER (self), "light");

  if (g_strcmp0 (theme, "light") == 0)
    return g_intern_static_string ("light");
  if (g_strcmp0 (theme, "dark") == 0)
    return g_intern_static_string ("dark");
  if (g_strcmp0 (theme, "projector") == 0)
    return g_intern_static_string ("projector");

  if (self->high_contrast)
    return g_intern_static_string (self->dark ? "high-contrast-dark" : "high-contrast");
  return g_intern_static_string (self->dark ? "dark" : "light");
}
