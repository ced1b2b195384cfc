/* dg-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dealgraph-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dg-application.h"
#include "dg-window.h"

struct _DgApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (DgApplication, dg_application, GTK_TYPE_APPLICATION)

static void
dg_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (dg_window_new (DG_APPLICATION (app)));
      dg_window_load_default (DG_WINDOW (window));
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

      gtk_window_present (GTK_WINDOW (window));
      if (!dg_window_open_file (window, files[i]))
        dg_window_load_default (window);
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static void
dg_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (dg_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
dg_application_class_init (DgApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = dg_application_activate;
  app_class->open = dg_application_open;
  app_class->startup = dg_application_startup;
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
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
