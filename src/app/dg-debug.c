/* dg-debug.c: what the app shows, told to end-to-end tests over D-Bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The end-to-end tests drive the real app with real X input (xdotool) and
 * need to know where things are and what the app now shows. With
 * DEALGRAPH_DEBUG_BUS=1 in its environment, and only then, the application
 * exports one object on its session bus connection:
 *
 *   GetState () -> s             every window as JSON (see docs/testing.md)
 *   LocateWidget (s query) -> s  where a widget is: "id:NAME" (buildable id
 *                                or widget name), "label:TEXT" (a label or
 *                                button text, mnemonics removed),
 *                                "tooltip:TEXT", "type:GtkTypeName"; with
 *                                "WindowType>" before it, in such windows
 *   LocateItem (s kind, s id) -> s  where a company or deal of the active
 *                                window's canvas is drawn
 *
 * Places are X window ids and coordinates inside that X window, ready for
 * `xdotool mousemove --window XID X Y`. It only reads; it never acts.
 */
#define G_LOG_DOMAIN "dealgraph-debug"

#include "config.h"

#include <string.h>

#include "dg-debug.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#include "dg-presentation.h"
#include "dg-window-private.h"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='" DG_DEBUG_INTERFACE "'>"
  "    <method name='GetState'>"
  "      <arg type='s' name='json' direction='out'/>"
  "    </method>"
  "    <method name='LocateWidget'>"
  "      <arg type='s' name='query' direction='in'/>"
  "      <arg type='s' name='json' direction='out'/>"
  "    </method>"
  "    <method name='LocateItem'>"
  "      <arg type='s' name='kind' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='s' name='json' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

gboolean
dg_debug_enabled (void)
{
  return g_strcmp0 (g_getenv ("DEALGRAPH_DEBUG_BUS"), "1") == 0;
}

static guint64
native_xid (GtkNative *native)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;

  if (surface != NULL && GDK_IS_X11_SURFACE (surface))
    return gdk_x11_surface_get_xid (surface);
#endif
  return 0;
}

/* A point of @widget in its X window: widget -> native -> surface. */
static gboolean
widget_point_to_surface (GtkWidget *widget,
                         double     x,
                         double     y,
                         double    *sx,
                         double    *sy,
                         guint64   *xid)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double tx, ty;

  if (native == NULL
      || !gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &p))
    return FALSE;
  gtk_native_get_surface_transform (native, &tx, &ty);
  *sx = p.x + tx;
  *sy = p.y + ty;
  *xid = native_xid (native);
  return TRUE;
}

/**
 * dg_debug_add_widget_point:
 *
 * Adds `"xid"`, `"x"` and `"y"` members for the point (@x, @y) of @widget,
 * in its X window, to the object being built.
 */
void
dg_debug_add_widget_point (JsonBuilder *builder,
                           GtkWidget   *widget,
                           double       x,
                           double       y)
{
  double sx = 0, sy = 0;
  guint64 xid = 0;

  widget_point_to_surface (widget, x, y, &sx, &sy, &xid);
  json_builder_set_member_name (builder, "xid");
  json_builder_add_int_value (builder, (gint64) xid);
  json_builder_set_member_name (builder, "x");
  json_builder_add_double_value (builder, sx);
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, sy);
}

static void
add_widget_rect (JsonBuilder *b,
                 GtkWidget   *widget)
{
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  dg_debug_add_widget_point (b, widget, 0, 0);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, w);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, h);
  json_builder_set_member_name (b, "center");
  json_builder_begin_object (b);
  dg_debug_add_widget_point (b, widget, w / 2.0, h / 2.0);
  json_builder_end_object (b);
}

static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (out, *++p);
      else if (*p != '_')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  return NULL;
}

static gboolean
widget_matches (GtkWidget  *widget,
                const char *query)
{
  if (g_str_has_prefix (query, "id:"))
    {
      const char *id = query + 3;
      const char *buildable_id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

      return g_strcmp0 (buildable_id, id) == 0 || g_strcmp0 (gtk_widget_get_name (widget), id) == 0;
    }
  if (g_str_has_prefix (query, "label:"))
    {
      g_autofree char *text = strip_mnemonic (widget_text (widget));

      return widget_text (widget) != NULL && strcmp (text, query + 6) == 0;
    }
  if (g_str_has_prefix (query, "tooltip:"))
    return g_strcmp0 (gtk_widget_get_tooltip_text (widget), query + 8) == 0;
  if (g_str_has_prefix (query, "type:"))
    return strcmp (G_OBJECT_TYPE_NAME (widget), query + 5) == 0;
  return FALSE;
}

/* Depth first over mapped widgets; popovers are children of the widget
 * they point at, so menus are found too. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             const char *query)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (widget_matches (widget, query))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, query);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_popover_except (GtkWidget *widget,
                     GtkWidget *except)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_POPOVER (widget) && widget != except)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_popover_except (child, except);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a popover other than the one holding @widget is open: while one
 * is, it holds the pointer, and a click elsewhere only closes it. */
static gboolean
other_popover_open (GtkWidget *widget)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *own = widget != NULL ? gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) : NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (find_popover_except (window, own) != NULL)
        return TRUE;
    }
  return FALSE;
}

static char *
locate_widget (const char *query)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
  GtkWidget *found = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_autofree char *scope = NULL;
  const char *sep = strchr (query, '>');

  /* "DgExportDialog>label:Size" looks in windows of that type only. */
  if (sep != NULL)
    {
      scope = g_strndup (query, sep - query);
      query = sep + 1;
    }

  /* Newest windows (dialogs, the presentation) first. */
  for (guint i = g_list_model_get_n_items (toplevels); found == NULL && i > 0; i--)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i - 1);

      if (scope == NULL || strcmp (G_OBJECT_TYPE_NAME (window), scope) == 0)
        found = find_widget (window, query);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "found");
  json_builder_add_boolean_value (b, found != NULL);
  if (found != NULL)
    {
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, G_OBJECT_TYPE_NAME (found));
      json_builder_set_member_name (b, "sensitive");
      json_builder_add_boolean_value (b, gtk_widget_is_sensitive (found));
      json_builder_set_member_name (b, "other_popover_open");
      json_builder_add_boolean_value (b, other_popover_open (found));
      json_builder_set_member_name (b, "window_active");
      json_builder_add_boolean_value (b, GTK_IS_WINDOW (gtk_widget_get_root (found))
                                         && gtk_window_is_active (GTK_WINDOW (gtk_widget_get_root (found))));
      add_widget_rect (b, found);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
describe_dialog (JsonBuilder *b,
                 GtkWindow   *window)
{
  if (GTK_IS_MESSAGE_DIALOG (window))
    {
      g_autofree char *text = NULL;
      g_autofree char *secondary = NULL;

      g_object_get (window, "text", &text, "secondary-text", &secondary, NULL);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "secondary_text");
      json_builder_add_string_value (b, secondary);
    }
  if (GTK_IS_FILE_CHOOSER (window)
      && gtk_file_chooser_get_action (GTK_FILE_CHOOSER (window)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (window));

      json_builder_set_member_name (b, "current_name");
      json_builder_add_string_value (b, name);
    }
}

static char *
get_state (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "windows");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, G_OBJECT_TYPE_NAME (window));
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, gtk_window_get_title (window));
      json_builder_set_member_name (b, "visible");
      json_builder_add_boolean_value (b, gtk_widget_get_visible (GTK_WIDGET (window)));
      json_builder_set_member_name (b, "mapped");
      json_builder_add_boolean_value (b, gtk_widget_get_mapped (GTK_WIDGET (window)));
      json_builder_set_member_name (b, "active");
      json_builder_add_boolean_value (b, gtk_window_is_active (window));
      json_builder_set_member_name (b, "xid");
      json_builder_add_int_value (b, (gint64) native_xid (GTK_NATIVE (window)));
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, gtk_widget_get_width (GTK_WIDGET (window)));
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, gtk_widget_get_height (GTK_WIDGET (window)));
      {
        GtkWidget *focus = gtk_window_get_focus (window);

        json_builder_set_member_name (b, "focus");
        json_builder_add_string_value (b, focus != NULL ? G_OBJECT_TYPE_NAME (focus) : NULL);
      }

      if (DG_IS_WINDOW (window))
        _dg_window_describe (DG_WINDOW (window), b);
      else if (DG_IS_PRESENTATION (window))
        _dg_presentation_describe (DG_PRESENTATION (window), b);
      else
        describe_dialog (b, window);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static char *
locate_item (GApplication *app,
             const char   *kind,
             const char   *id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gboolean found = FALSE;

  json_builder_begin_object (b);
  if (DG_IS_WINDOW (window))
    found = _dg_window_locate_item (DG_WINDOW (window), kind, id, b);
  json_builder_set_member_name (b, "found");
  json_builder_add_boolean_value (b, found);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  GApplication *app = user_data;
  g_autofree char *json = NULL;

  if (g_str_equal (method_name, "GetState"))
    json = get_state ();
  else if (g_str_equal (method_name, "LocateWidget"))
    {
      const char *query;

      g_variant_get (parameters, "(&s)", &query);
      json = locate_widget (query);
    }
  else if (g_str_equal (method_name, "LocateItem"))
    {
      const char *kind, *id;

      g_variant_get (parameters, "(&s&s)", &kind, &id);
      json = locate_item (app, kind, id);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method_name);
      return;
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(s)", json));
}

/**
 * dg_debug_register:
 *
 * Exports the debug object on @connection, for end-to-end tests. Call only
 * when dg_debug_enabled().
 *
 * Returns: the registration id, or 0 on error
 */
guint
dg_debug_register (GApplication    *app,
                   GDBusConnection *connection,
                   GError         **error)
{
  static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection_xml, error);

  if (info == NULL)
    return 0;
  g_debug ("Exporting the debug interface at %s for tests", DG_DEBUG_OBJECT_PATH);
  return g_dbus_connection_register_object (connection, DG_DEBUG_OBJECT_PATH, info->interfaces[0],
                                            &vtable, app, NULL, error);
}
