/* test-e2e.c: the real app under real hands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts the built app on a virtual X server with a window
 * manager, presses keys, turns the wheel, clicks and drags with xdotool as a
 * user would, and checks what the app then shows: its state over the debug
 * interface, the pixels on the screen, the files it writes. See
 * docs/testing.md.
 */
#define G_LOG_DOMAIN "dealgraph-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dg-e2e.h"

typedef struct
{
  DgE2e *e2e;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->e2e = dg_e2e_start (data, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->e2e, dg_e2e_free);
}

/* ---- helpers ---------------------------------------------------------- */

static JsonObject *
main_window (JsonObject *state)
{
  return dg_e2e_window (state, "DgWindow");
}

static JsonObject *
main_canvas (JsonObject *state)
{
  return dg_e2e_obj (main_window (state), "canvas");
}

/* The pointer over the middle of the main window's canvas. */
static void
point_at_canvas (Fixture *f,
                 double   fx,
                 double   fy)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  JsonObject *canvas = main_canvas (state);

  g_assert_nonnull (canvas);
  dg_e2e_move (f->e2e, dg_e2e_int (canvas, "xid"),
               dg_e2e_double (canvas, "x") + dg_e2e_int (canvas, "width") * fx,
               dg_e2e_double (canvas, "y") + dg_e2e_int (canvas, "height") * fy);
}

static double
canvas_double (Fixture    *f,
               const char *member)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

  return dg_e2e_double (main_canvas (state), member);
}

/* How many canvas pixels differ from its background. */
static guint
canvas_ink (Fixture *f)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  cairo_surface_t *shot = dg_e2e_screenshot_canvas (f->e2e, main_window (state));
  guint ink = dg_e2e_count_ink (shot, dg_e2e_dominant_color (shot), NULL, NULL, NULL, NULL);

  cairo_surface_destroy (shot);
  return ink;
}

typedef struct
{
  const char *member;
  double value;
  int sign;     /* +1: wait until greater, -1: smaller */
} Compare;

static gboolean
canvas_compare_cond (JsonObject *state,
                     gpointer    data)
{
  Compare *c = data;
  JsonObject *canvas = main_canvas (state);
  double v = dg_e2e_double (canvas, c->member);

  return canvas != NULL && !dg_e2e_bool (canvas, "animating")
         && (c->sign > 0 ? v > c->value * 1.01 : v < c->value * 0.99);
}

static gboolean
wait_canvas_value (Fixture    *f,
                   const char *member,
                   int         sign,
                   double      from)
{
  Compare c = { member, from, sign };

  return dg_e2e_wait (f->e2e, canvas_compare_cond, &c, member);
}

/* ---- the window at start --------------------------------------------- */

static void
test_start (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  JsonObject *window = main_window (state);

  g_assert_nonnull (window);
  g_assert_cmpint (dg_e2e_int (window, "n_companies"), ==, 36);
  g_assert_false (dg_e2e_bool (window, "modified"));
  g_assert_cmpuint (canvas_ink (f), >, 20000);
}

/* ---- 1. Ctrl + wheel zooms around the pointer and never blanks -------- */

static void
test_ctrl_wheel (Fixture       *f,
                 gconstpointer  data)
{
  double zoom = canvas_double (f, "zoom");
  guint ink_before = canvas_ink (f);

  point_at_canvas (f, 0.5, 0.5);
  dg_e2e_key (f->e2e, "keydown ctrl");
  dg_e2e_click (f->e2e, 4, 1);
  dg_e2e_key (f->e2e, "keyup ctrl");
  g_assert_true (wait_canvas_value (f, "zoom", +1, zoom));
  g_assert_cmpuint (canvas_ink (f), >, ink_before / 4);

  zoom = canvas_double (f, "zoom");
  dg_e2e_key (f->e2e, "keydown ctrl");
  dg_e2e_click (f->e2e, 5, 3);
  dg_e2e_key (f->e2e, "keyup ctrl");
  g_assert_true (wait_canvas_value (f, "zoom", -1, zoom));
  g_assert_cmpuint (canvas_ink (f), >, ink_before / 4);

  /* Ctrl+minus and Ctrl+plus still work afterwards. */
  zoom = canvas_double (f, "zoom");
  dg_e2e_key (f->e2e, "ctrl+minus");
  g_assert_true (wait_canvas_value (f, "zoom", -1, zoom));
  zoom = canvas_double (f, "zoom");
  dg_e2e_key (f->e2e, "ctrl+plus");
  g_assert_true (wait_canvas_value (f, "zoom", +1, zoom));
  g_assert_cmpuint (canvas_ink (f), >, ink_before / 4);
}

/* ---- 2. presentation mode takes its keys ------------------------------ */

typedef struct
{
  int position;        /* -2: any; else the slide wanted */
  gboolean present;    /* whether the presentation should be up */
} PresentationWant;

static gboolean
presentation_cond (JsonObject *state,
                   gpointer    data)
{
  PresentationWant *want = data;
  JsonObject *p = dg_e2e_window (state, "DgPresentation");

  if (!want->present)
    return p == NULL;
  return p != NULL && dg_e2e_bool (p, "active")
         && (want->position == -2 || dg_e2e_int (p, "position") == want->position);
}

static JsonObject *
presentation_state (Fixture     *f,
                    JsonObject **state)
{
  *state = dg_e2e_state (f->e2e);
  return dg_e2e_window (*state, "DgPresentation");
}

static int
slide (Fixture *f)
{
  g_autoptr(JsonObject) state = NULL;
  JsonObject *p = presentation_state (f, &state);

  g_assert_nonnull (p);
  return (int) dg_e2e_int (p, "position");
}

static void
wait_slide (Fixture *f,
            int      position)
{
  PresentationWant want = { position, TRUE };

  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &want, "the slide"));
}

/* Presses @key and checks that the slide moved by one visible step in
 * @direction. */
static void
step_with (Fixture    *f,
           const char *key,
           int         direction)
{
  g_autoptr(JsonObject) state = NULL;
  JsonObject *p = presentation_state (f, &state);
  int now = (int) dg_e2e_int (p, "position");
  int first = (int) dg_e2e_int (p, "first_visible");
  int last = (int) dg_e2e_int (p, "last_visible");
  int want = now + direction;

  g_test_message ("pressing %s on slide %d", key, now);
  g_assert_cmpint (want, >=, first);
  g_assert_cmpint (want, <=, last);
  dg_e2e_key (f->e2e, key);
  wait_slide (f, want);
}

static void
test_presentation_keys (Fixture       *f,
                        gconstpointer  data)
{
  PresentationWant gone = { -2, FALSE }, up = { -2, TRUE };
  g_autoptr(JsonObject) state = NULL;
  int first, last;

  point_at_canvas (f, 0.5, 0.5);
  dg_e2e_key (f->e2e, "F5");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &up, "the presentation"));
  {
    JsonObject *p = presentation_state (f, &state);

    first = (int) dg_e2e_int (p, "first_visible");
    last = (int) dg_e2e_int (p, "last_visible");
    g_assert_cmpint (dg_e2e_int (p, "position"), ==, first);
    g_assert_cmpint (last - first, >=, 4);
  }

  step_with (f, "space", +1);
  step_with (f, "Right", +1);
  step_with (f, "Down", +1);
  step_with (f, "Return", +1);
  step_with (f, "Page_Down", +1);
  step_with (f, "Left", -1);
  step_with (f, "Up", -1);
  step_with (f, "BackSpace", -1);
  step_with (f, "Page_Up", -1);
  dg_e2e_key (f->e2e, "End");
  wait_slide (f, last);
  dg_e2e_key (f->e2e, "Home");
  wait_slide (f, first);
  g_assert_cmpint (slide (f), ==, first);

  dg_e2e_key (f->e2e, "Escape");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &gone, "the presentation ends on Escape"));

  /* F5 starts it again and ends it too. */
  dg_e2e_key (f->e2e, "F5");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &up, "the presentation again"));
  dg_e2e_key (f->e2e, "F5");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &gone, "the presentation ends on F5"));
}

/* Clicking a slide moves on; the secondary button goes back. */
static void
test_presentation_clicks (Fixture       *f,
                          gconstpointer  data)
{
  PresentationWant up = { -2, TRUE };
  g_autoptr(JsonObject) state = NULL;
  JsonObject *p;
  int first;

  dg_e2e_key (f->e2e, "F5");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &up, "the presentation"));
  p = presentation_state (f, &state);
  first = (int) dg_e2e_int (p, "first_visible");
  dg_e2e_move (f->e2e, dg_e2e_int (p, "xid"), dg_e2e_int (p, "width") / 2.0, dg_e2e_int (p, "height") / 3.0);
  dg_e2e_click (f->e2e, 1, 1);
  wait_slide (f, first + 1);
  dg_e2e_click (f->e2e, 3, 1);
  wait_slide (f, first);
}

static gboolean
dialog_cond (JsonObject *state,
             gpointer    data)
{
  return dg_e2e_window (state, data) != NULL;
}

/* The tour editor's Present button starts the presentation. */
static void
test_tour_editor_present (Fixture       *f,
                          gconstpointer  data)
{
  PresentationWant up = { -2, TRUE };
  g_autoptr(JsonObject) place = NULL;

  dg_e2e_click_widget (f->e2e, "tooltip:Main Menu");
  dg_e2e_click_widget (f->e2e, "label:Edit the Tour…");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "DgTourEditor", "the tour editor"));
  place = dg_e2e_locate_widget (f->e2e, "label:Present");
  g_assert_true (dg_e2e_bool (place, "found"));
  g_assert_true (dg_e2e_bool (place, "sensitive"));
  dg_e2e_click_widget (f->e2e, "label:Present");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &up, "the presentation from the editor"));
}

/* ---- 3. Quit asks before it loses changes ----------------------------- */

/* A copy of the embedded dataset the test may change. */
static char *
copy_dataset (const char *dir)
{
  g_autofree char *contents = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "resources", "ai-deals-2025.dealgraph.json", NULL);
  char *path = g_build_filename (dir, "net.dealgraph.json", NULL);
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static gboolean
modified_cond (JsonObject *state,
               gpointer    data)
{
  return dg_e2e_bool (main_window (state), "modified") == GPOINTER_TO_INT (data);
}

static gboolean
no_dialog_cond (JsonObject *state,
                gpointer    data)
{
  return dg_e2e_window (state, "GtkMessageDialog") == NULL;
}

/* Drags company @id by (@dx, @dy) pixels with the mouse. */
static void
drag_company (Fixture    *f,
              const char *id,
              double      dx,
              double      dy)
{
  gint64 xid;
  double x, y;

  g_assert_true (dg_e2e_locate_item (f->e2e, "company", id, &xid, &x, &y));
  dg_e2e_drag (f->e2e, xid, x, y, x + dx, y + dy);
}

static double
saved_position_x (const char *path,
                  const char *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *positions;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  positions = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                            "layout"), "positions");
  return json_object_get_double_member (json_object_get_object_member (positions, id), "x");
}

static void
test_quit_asks (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-quit-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  double x_before = saved_position_x (path, "nvidia");
  Fixture fixture = { 0 }, *f = &fixture;
  int status = -1;

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  drag_company (f, "nvidia", 90, 40);
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "the drag marks the document"));

  /* Cancel keeps the app and the change. */
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkMessageDialog", "Quit asks"));
  g_assert_true (dg_e2e_running (f->e2e));
  dg_e2e_click_widget (f->e2e, "label:Cancel");
  g_assert_true (dg_e2e_wait (f->e2e, no_dialog_cond, NULL, "the dialog goes"));
  g_assert_true (dg_e2e_running (f->e2e));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "still modified"));

  /* Save writes the file, then the app ends. */
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkMessageDialog", "Quit asks again"));
  dg_e2e_click_widget (f->e2e, "label:Save");
  g_assert_true (dg_e2e_wait_exit (f->e2e, &status));
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpfloat (fabs (saved_position_x (path, "nvidia") - x_before), >, 20);

  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_rmdir (dir);
}

/* Discard quits without writing; with nothing changed Quit just quits. */
static void
test_quit_discard (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-quit-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  g_autofree char *before = NULL, *after = NULL;
  Fixture fixture = { 0 }, *f = &fixture;
  int status = -1;

  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  drag_company (f, "oracle", -80, 60);
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "the drag marks the document"));
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkMessageDialog", "Quit asks"));
  dg_e2e_click_widget (f->e2e, "label:Discard");
  g_assert_true (dg_e2e_wait_exit (f->e2e, &status));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&f->e2e, dg_e2e_free);

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait_exit (f->e2e, &status));
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  dg_e2e_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/dealgraph/e2e/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("start", test_start);
  ADD ("ctrl-wheel", test_ctrl_wheel);
  ADD ("presentation/keys", test_presentation_keys);
  ADD ("presentation/clicks", test_presentation_clicks);
  ADD ("presentation/from-tour-editor", test_tour_editor_present);
  g_test_add_data_func ("/dealgraph/e2e/quit/asks-and-saves", NULL, test_quit_asks);
  g_test_add_data_func ("/dealgraph/e2e/quit/discard", NULL, test_quit_discard);

  return dg_e2e_run ();
}
