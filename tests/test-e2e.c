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

#include <json-glib/json-glib.h>

/* How many members the array @key of the embedded network's file has,
 * read by json-glib: the app opens it with no file given. */
static guint
shipped_count (const char *key)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "ai-deals.dealgraph.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  return json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                              key));
}

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

static gboolean
canvas_shown_cond (JsonObject *state,
                   gpointer    data)
{
  return main_canvas (state) != NULL;
}

/* The pointer over the middle of the main window's canvas. */
static void
point_at_canvas (Fixture *f,
                 double   fx,
                 double   fy)
{
  g_autoptr(JsonObject) state = NULL;
  JsonObject *canvas;

  /* A busy app (a large file just loaded, a loaded machine) may not answer
   * at once: wait for it rather than take no answer for no canvas. */
  g_assert_true (dg_e2e_wait (f->e2e, canvas_shown_cond, NULL, "the main window's canvas"));
  state = dg_e2e_state (f->e2e);
  canvas = main_canvas (state);
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
  g_assert_cmpint (dg_e2e_int (window, "n_companies"), ==, shipped_count ("companies"));
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
  gboolean active;     /* and has the keyboard */
} PresentationWant;

static gboolean
presentation_cond (JsonObject *state,
                   gpointer    data)
{
  PresentationWant *want = data;
  JsonObject *p = dg_e2e_window (state, "DgPresentation");

  if (!want->present)
    return p == NULL;
  return p != NULL && (!want->active || dg_e2e_bool (p, "active"))
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
  PresentationWant gone = { -2, FALSE }, up = { -2, TRUE, TRUE };
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
/* A window of that type has the keyboard: keys typed before the window
 * manager gives it focus go to the window behind. */
static gboolean
active_dialog_cond (JsonObject *state,
                    gpointer    data)
{
  JsonObject *window = dg_e2e_window (state, data);

  return window != NULL && dg_e2e_bool (window, "active");
}

static void
test_tour_editor_present (Fixture       *f,
                          gconstpointer  data)
{
  PresentationWant up = { -2, TRUE };
  g_autoptr(JsonObject) place = NULL;

  dg_e2e_click_widget (f->e2e, "tooltip:Main Menu");
  dg_e2e_click_widget (f->e2e, "label:Edit the Tour…");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "DgTourEditor", "the tour editor"));
  place = dg_e2e_locate_widget (f->e2e, "DgTourEditor>label:Present");
  g_assert_true (dg_e2e_bool (place, "found"));
  g_assert_true (dg_e2e_bool (place, "sensitive"));
  dg_e2e_click_widget (f->e2e, "DgTourEditor>label:Present");
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

static gboolean undo_label_cond (JsonObject *state,
                                 gpointer    data);

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

/* ---- 4. fit uses the space; panels keep the view ----------------------- */

static gboolean
idle_state_cond (JsonObject *state,
                 gpointer    data)
{
  JsonObject *canvas = main_canvas (state);

  return canvas != NULL && !dg_e2e_bool (canvas, "animating") && !dg_e2e_bool (canvas, "layout_running");
}

static void
wait_view_rests (Fixture *f)
{
  g_assert_true (dg_e2e_wait (f->e2e, idle_state_cond, NULL, "the view rests"));
}

static gboolean
legend_cond (JsonObject *state,
             gpointer    data)
{
  JsonObject *window = main_window (state);

  return dg_e2e_bool (window, "legend_action") == GPOINTER_TO_INT (data)
         && dg_e2e_bool (dg_e2e_obj (window, "canvas"), "legend_shown") == GPOINTER_TO_INT (data);
}

static void
set_legend (Fixture  *f,
            gboolean  shown)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

  if (dg_e2e_bool (main_canvas (state), "legend_shown") == shown)
    return;
  dg_e2e_click_widget (f->e2e, "tooltip:Main Menu");
  dg_e2e_click_widget (f->e2e, "label:Show Legend");
  g_assert_true (dg_e2e_wait (f->e2e, legend_cond, GINT_TO_POINTER (shown), "the legend follows the menu"));
}

/* How much of the canvas the drawn network takes, from the screen's
 * pixels below the title: the larger of its width and height shares. */
static double
drawn_fill (Fixture *f)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  JsonObject *canvas = main_canvas (state);
  int width = (int) dg_e2e_int (canvas, "width"), height = (int) dg_e2e_int (canvas, "height");
  const int top = 100, margin = 24;
  cairo_surface_t *shot = dg_e2e_screenshot (f->e2e, dg_e2e_int (canvas, "xid"),
                                             (int) dg_e2e_double (canvas, "x"), (int) dg_e2e_double (canvas, "y") + top,
                                             width, height - top - 70);
  int x0, y0, x1, y1;
  double fill;

  dg_e2e_count_ink (shot, dg_e2e_dominant_color (shot), &x0, &y0, &x1, &y1);
  cairo_surface_destroy (shot);
  fill = MAX ((x1 - x0) / (double) (width - 2 * margin), (y1 - y0) / (double) (height - top - 70 - margin));
  g_test_message ("drawn %d..%d x %d..%d of %d x %d: fill %.2f", x0, x1, y0, y1, width, height, fill);
  return fill;
}

static void
test_fit_fills (Fixture       *f,
                gconstpointer  data)
{
  set_legend (f, FALSE);
  dg_e2e_key (f->e2e, "ctrl+0");
  wait_view_rests (f);
  g_assert_cmpfloat (drawn_fill (f), >, 0.9);
}

static gboolean
panel_cond (JsonObject *state,
            gpointer    data)
{
  JsonObject *window = main_window (state);
  gboolean open = GPOINTER_TO_INT (data);

  /* Shown and laid out: the panel has its width, the canvas gave it up. */
  return dg_e2e_bool (window, "panel_visible") == open
         && (!open || dg_e2e_int (window, "panel_width") > 100)
         && !dg_e2e_bool (dg_e2e_obj (window, "canvas"), "animating");
}

static void
test_panel_keeps_view (Fixture       *f,
                       gconstpointer  data)
{
  double zoom, x_before, y_before, x_after, y_after, width;
  gint64 xid;

  set_legend (f, FALSE);
  zoom = canvas_double (f, "zoom");
  width = canvas_double (f, "width");
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "nvidia", &xid, &x_before, &y_before));

  /* Opening a company's panel keeps the picture where it was. */
  dg_e2e_click_item (f->e2e, "company", "openai", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  g_assert_true (wait_canvas_value (f, "width", -1, width));
  wait_view_rests (f);
  g_assert_cmpfloat (canvas_double (f, "width"), <, width - 100);
  g_assert_cmpfloat (fabs (canvas_double (f, "zoom") / zoom - 1), <, 0.01);
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "nvidia", &xid, &x_after, &y_after));
  g_assert_cmpfloat (fabs (x_after - x_before), <, 2);
  g_assert_cmpfloat (fabs (y_after - y_before), <, 2);
  {
    g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
    JsonObject *place = NULL;
    gint64 pxid;
    double px, py;

    g_assert_true (dg_e2e_locate_item (f->e2e, "company", "openai", &pxid, &px, &py));
    place = main_canvas (state);
    g_assert_cmpfloat (px, >, dg_e2e_double (place, "x"));
    g_assert_cmpfloat (px, <, dg_e2e_double (place, "x") + dg_e2e_int (place, "width"));
  }

  /* Ctrl+0 fits the narrower canvas, and fills it. */
  point_at_canvas (f, 0.3, 0.95);
  dg_e2e_key (f->e2e, "ctrl+0");
  g_assert_true (wait_canvas_value (f, "zoom", -1, zoom));
  g_assert_cmpfloat (drawn_fill (f), >, 0.9);

  /* Closing the panel gives the room back. */
  dg_e2e_key (f->e2e, "ctrl+w");
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (FALSE), "the panel closes"));
  wait_view_rests (f);
  g_assert_cmpfloat (fabs (canvas_double (f, "zoom") / zoom - 1), <, 0.01);
  g_assert_cmpfloat (drawn_fill (f), >, 0.9);
}

/* ---- 5. the legend: seen at start, and as the menu says --------------- */

static void
test_legend (Fixture       *f,
             gconstpointer  data)
{
  guint with, without;

  g_assert_true (dg_e2e_wait (f->e2e, legend_cond, GINT_TO_POINTER (TRUE), "the legend at start"));
  with = canvas_ink (f);
  set_legend (f, FALSE);
  without = canvas_ink (f);
  g_assert_cmpuint (with, >, without + 5000);

  /* With a panel open too. */
  set_legend (f, TRUE);
  dg_e2e_click_item (f->e2e, "company", "amazon", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  g_assert_true (dg_e2e_wait (f->e2e, legend_cond, GINT_TO_POINTER (TRUE), "the legend with a panel"));
  set_legend (f, FALSE);
  set_legend (f, TRUE);
}

/* ---- 6. a double click zooms to the neighbourhood ---------------------- */

static gboolean
zoomed_to_cond (JsonObject *state,
                gpointer    data)
{
  JsonObject *canvas = main_canvas (state);
  double *zoom = data;

  return canvas != NULL && !dg_e2e_bool (canvas, "animating") && dg_e2e_double (canvas, "zoom") > *zoom * 1.3;
}

static void
test_double_click (Fixture       *f,
                   gconstpointer  data)
{
  double zoom = canvas_double (f, "zoom");
  gint64 xid;
  double x, y;
  g_autoptr(JsonObject) state = NULL;
  JsonObject *canvas;

  dg_e2e_click_item (f->e2e, "company", "broadcom", 1, 2);
  g_assert_true (dg_e2e_wait (f->e2e, zoomed_to_cond, &zoom, "the view zooms in"));
  /* Broadcom is in view, well inside the canvas. */
  state = dg_e2e_state (f->e2e);
  canvas = main_canvas (state);
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "broadcom", &xid, &x, &y));
  g_assert_cmpfloat (x, >, dg_e2e_double (canvas, "x") + 40);
  g_assert_cmpfloat (x, <, dg_e2e_double (canvas, "x") + dg_e2e_int (canvas, "width") - 40);
  g_assert_cmpfloat (y, >, dg_e2e_double (canvas, "y") + 40);
  g_assert_cmpfloat (y, <, dg_e2e_double (canvas, "y") + dg_e2e_int (canvas, "height") - 40);
  g_assert_cmpstr (dg_e2e_str (canvas, "selected_node"), ==, "broadcom");
}

/* ---- 7. closing the panel or clicking empty space clears the lighting -- */

static gboolean
nothing_lit_cond (JsonObject *state,
                  gpointer    data)
{
  JsonObject *window = main_window (state);
  JsonObject *canvas = dg_e2e_obj (window, "canvas");

  return canvas != NULL && g_strcmp0 (dg_e2e_str (window, "selection_kind"), "none") == 0
         && dg_e2e_str (canvas, "selected_node") == NULL && dg_e2e_str (canvas, "focus_node") == NULL
         && dg_e2e_str (canvas, "hover_node") == NULL && dg_e2e_int (canvas, "n_lit_nodes") == 0
         && !dg_e2e_bool (window, "panel_visible");
}

static gboolean
cycle_lit_alone_cond (JsonObject *state,
                      gpointer    data)
{
  JsonObject *window = main_window (state);
  JsonObject *canvas = dg_e2e_obj (window, "canvas");

  return canvas != NULL && g_strcmp0 (dg_e2e_str (window, "selection_kind"), "cycle") == 0
         && dg_e2e_int (canvas, "n_lit_nodes") >= 2 && dg_e2e_str (canvas, "focus_node") == NULL
         && dg_e2e_str (canvas, "hover_node") == NULL && dg_e2e_str (canvas, "selected_node") == NULL;
}

/* How far apart two RGB24 pixels are: the sum of the channels' differences. */
static int
rgb_distance (guint32 x,
              guint32 y)
{
  return ABS ((int) ((x >> 16) & 0xff) - (int) ((y >> 16) & 0xff))
         + ABS ((int) ((x >> 8) & 0xff) - (int) ((y >> 8) & 0xff)) + ABS ((int) (x & 0xff) - (int) (y & 0xff));
}

/* Differs from the other image in how many pixels, by more than a little. */
static guint
pixels_differing (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a) / 4, sb = cairo_image_surface_get_stride (b) / 4;
  const guint32 *pa = (const guint32 *) cairo_image_surface_get_data (a);
  const guint32 *pb = (const guint32 *) cairo_image_surface_get_data (b);
  guint n = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        n += rgb_distance (pa[j * sa + i], pb[j * sb + i]) > 24;
      }
  return n;
}

static cairo_surface_t *
main_canvas_shot (Fixture *f)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

  return dg_e2e_screenshot_canvas (f->e2e, main_window (state));
}

static gboolean
list_at_top_cond (JsonObject *state,
                  gpointer    data)
{
  JsonObject *window = main_window (state);

  if (json_object_has_member (window, "list_scroll")
      && json_array_get_double_element (json_object_get_array_member (window, "list_scroll"), 0) <= 0)
    return TRUE;
  dg_e2e_click (data, 4, 5);
  return FALSE;
}

/* Clicks row @row of the list the sidebar shows. */
static void
click_list_row (Fixture *f,
                int      row)
{
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) header = NULL;
  double row_height = 19;

  g_assert_true (dg_e2e_wait_widget (f->e2e, "type:GtkColumnView"));
  list = dg_e2e_locate_widget (f->e2e, "type:GtkColumnView");
  header = dg_e2e_locate_widget (f->e2e, "type:GtkColumnViewTitle");
  if (dg_e2e_bool (header, "found"))
    row_height = dg_e2e_int (header, "height");
  /* Scrolled to the top with the wheel, as a hand would. */
  dg_e2e_move (f->e2e, dg_e2e_int (list, "xid"), dg_e2e_double (list, "x") + dg_e2e_int (list, "width") / 2.0,
               dg_e2e_double (list, "y") + dg_e2e_int (list, "height") / 2.0);
  g_assert_true (dg_e2e_wait (f->e2e, list_at_top_cond, f->e2e, "the list at its top"));
  dg_e2e_move (f->e2e, dg_e2e_int (list, "xid"), dg_e2e_double (list, "x") + dg_e2e_int (list, "width") / 2.0,
               dg_e2e_double (list, "y") + row_height * (row + 1.5));
  dg_e2e_click (f->e2e, 1, 1);
}

/* Until the canvas on screen looks like @picture again (a few hundred
 * pixels of difference at most). */
static gboolean
wait_canvas_like (Fixture         *f,
                  cairo_surface_t *picture)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint differing = G_MAXUINT;

  while (g_get_monotonic_time () < end)
    {
      cairo_surface_t *now = main_canvas_shot (f);

      differing = pixels_differing (picture, now);
      if (differing < 500)
        {
          cairo_surface_destroy (now);
          return TRUE;
        }
      if (g_get_monotonic_time () + 100000 > end)
        {
          g_autofree char *a = g_build_filename (dg_e2e_get_tmpdir (f->e2e), "expected.png", NULL);
          g_autofree char *b = g_build_filename (dg_e2e_get_tmpdir (f->e2e), "shown.png", NULL);

          cairo_surface_write_to_png (picture, a);
          cairo_surface_write_to_png (now, b);
          g_test_message ("%u pixels differ: %s %s", differing, a, b);
        }
      cairo_surface_destroy (now);
      g_usleep (100 * 1000);
    }
  return FALSE;
}

/* The canvas once two looks 0.3 s apart agree: no tooltip fading, no
 * frame still coming. */
static cairo_surface_t *
stable_canvas_shot (Fixture *f)
{
  cairo_surface_t *last = main_canvas_shot (f);

  for (int i = 0; i < 100; i++)
    {
      cairo_surface_t *now;

      g_usleep (300 * 1000);
      now = main_canvas_shot (f);
      if (pixels_differing (last, now) == 0)
        {
          cairo_surface_destroy (last);
          return now;
        }
      cairo_surface_destroy (last);
      last = now;
    }
  return last;
}

static void
test_highlight_clears (Fixture       *f,
                       gconstpointer  data)
{
  cairo_surface_t *before;

  /* The pointer rests on empty canvas, top right, for the pictures. */
  point_at_canvas (f, 0.98, 0.02);
  wait_view_rests (f);
  before = stable_canvas_shot (f);

  /* Click a company, close its panel with its close button. */
  dg_e2e_click_item (f->e2e, "company", "nvidia", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  dg_e2e_click_widget (f->e2e, "tooltip:Close the Panel");
  g_assert_true (dg_e2e_wait (f->e2e, nothing_lit_cond, NULL, "nothing stays lit"));
  point_at_canvas (f, 0.98, 0.02);
  wait_view_rests (f);
  g_assert_true (wait_canvas_like (f, before));

  /* Click a company, then empty canvas. */
  dg_e2e_click_item (f->e2e, "company", "oracle", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  point_at_canvas (f, 0.98, 0.02);
  dg_e2e_click (f->e2e, 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, nothing_lit_cond, NULL, "nothing stays lit after a click on empty canvas"));

  /* A cycle chosen after a company lights alone. */
  dg_e2e_click_item (f->e2e, "company", "amazon", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  dg_e2e_click_widget (f->e2e, "label:Cycles");
  click_list_row (f, 0);
  g_assert_true (dg_e2e_wait (f->e2e, cycle_lit_alone_cond, NULL, "a cycle lit alone"));
  cairo_surface_destroy (before);
}

/* A chosen cycle is shown whole: each of its companies in the view and
 * none under the floating legend, which with the panel open takes a third
 * of the canvas (it used to sit on Microsoft in Microsoft -> OpenAI). */
static gboolean
cycle_clear_cond (JsonObject *state,
                  gpointer    data)
{
  JsonObject *window = main_window (state);
  JsonObject *canvas = dg_e2e_obj (window, "canvas");

  return canvas != NULL && g_strcmp0 (dg_e2e_str (window, "selection_kind"), "cycle") == 0
         && dg_e2e_bool (window, "panel_visible") && dg_e2e_int (canvas, "n_lit_nodes") >= 2
         && !dg_e2e_bool (canvas, "animating") && dg_e2e_bool (canvas, "legend_shown")
         && dg_e2e_int (canvas, "n_lit_nodes_hidden") == 0;
}

static void
test_cycle_clear_of_legend (Fixture       *f,
                            gconstpointer  data)
{
  const int rows[] = { 0, 1, 7, 12 };

  wait_view_rests (f);
  dg_e2e_click_widget (f->e2e, "label:Cycles");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *what = g_strdup_printf ("cycle row %d in view, clear of the legend", rows[i]);

      click_list_row (f, rows[i]);
      g_assert_true (dg_e2e_wait (f->e2e, cycle_clear_cond, NULL, what));
    }
}

/* ---- 8. tooltips, the list, the context menu ---------------------------- */

static gboolean
tooltip_hidden_cond (JsonObject *state,
                     gpointer    data)
{
  return dg_e2e_bool (main_canvas (state), "tooltip_suppressed");
}

static void
test_tooltip_after_click (Fixture       *f,
                          gconstpointer  data)
{
  dg_e2e_click_item (f->e2e, "company", "coreweave", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, tooltip_hidden_cond, NULL, "no tooltip after the click"));
  g_assert_false (dg_e2e_bool (dg_e2e_locate_widget (f->e2e, "type:GtkTooltipWindow"), "found"));
}

static gboolean
selected_row_in_view_cond (JsonObject *state,
                           gpointer    data)
{
  JsonObject *window = main_window (state);
  JsonArray *scroll;
  gint64 selected = dg_e2e_int (window, "list_selected"), n = dg_e2e_int (window, "list_n_items");
  double value, page, upper, row, top, bottom;

  if (window == NULL || g_strcmp0 (dg_e2e_str (window, "selection_kind"), data) != 0
      || !json_object_has_member (window, "list_scroll") || selected < 0 || n <= 0)
    return FALSE;
  scroll = json_object_get_array_member (window, "list_scroll");
  value = json_array_get_double_element (scroll, 0);
  page = json_array_get_double_element (scroll, 1);
  upper = json_array_get_double_element (scroll, 2);
  /* Rows of a column view are of one height; the header scrolls with them. */
  row = upper / (n + 1);
  top = row * (selected + 1);
  bottom = top + row;
  return top >= value - 1 && bottom <= value + page + 1;
}

/* A deal chosen on the canvas is shown, in view, in the Deals list. */
static void
test_list_follows_canvas (Fixture       *f,
                          gconstpointer  data)
{
  static const char *deals[] = { "openai-oracle-300b", "nvda-groq", "msft-iren", "iren-dell", "blueowl-hyperion", "msft-openai-2019" };

  for (guint i = 0; i < G_N_ELEMENTS (deals); i++)
    {
      gint64 xid;
      double x, y;

      if (!dg_e2e_locate_item (f->e2e, "deal", deals[i], &xid, &x, &y))
        continue;
      g_test_message ("clicking deal %s", deals[i]);
      dg_e2e_move (f->e2e, xid, x, y);
      dg_e2e_click (f->e2e, 1, 1);
      g_assert_true (dg_e2e_wait (f->e2e, selected_row_in_view_cond, (gpointer) "deal", "the deal's row in view"));
    }
}

/* ---- 8. the context menu ---------------------------------------------- */

static gboolean
context_menu_cond (JsonObject *state,
                   gpointer    data)
{
  return dg_e2e_bool (main_canvas (state), "context_menu_shown") == GPOINTER_TO_INT (data);
}

static void
context_menu_on (Fixture    *f,
                 const char *kind,
                 const char *id)
{
  if (kind != NULL)
    dg_e2e_click_item (f->e2e, kind, id, 3, 1);
  else
    {
      point_at_canvas (f, 0.98, 0.02);
      dg_e2e_click (f->e2e, 3, 1);
    }
  g_assert_true (dg_e2e_wait (f->e2e, context_menu_cond, GINT_TO_POINTER (TRUE), "the context menu"));
}

static gboolean
visible_nodes_cond (JsonObject *state,
                    gpointer    data)
{
  return dg_e2e_int (main_canvas (state), "n_visible_nodes") == GPOINTER_TO_INT (data);
}

static gboolean
subtitle_has_cond (JsonObject *state,
                   gpointer    data)
{
  const char *subtitle = dg_e2e_str (main_window (state), "header_subtitle");

  return subtitle != NULL && strstr (subtitle, data) != NULL;
}

static gboolean
selected_cond (JsonObject *state,
               gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_canvas (state), "selected_node"), data) == 0;
}

/* A company drawn where the panel's divider was, once the panel has
 * closed: GTK 4.8's GtkPaned kept the hidden panel's handle there and took
 * the click for a drag of the divider, so the click did nothing. */
static void
test_click_where_divider_was (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) open_state = NULL;
  double divider, canvas_x, canvas_y, canvas_w, canvas_h;
  gint64 xid;
  double x, y;
  int tries;

  dg_e2e_click_item (f->e2e, "company", "nvidia", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  wait_view_rests (f);
  open_state = dg_e2e_state (f->e2e);
  divider = dg_e2e_double (main_canvas (open_state), "x") + dg_e2e_int (main_canvas (open_state), "width");

  dg_e2e_click_widget (f->e2e, "tooltip:Close the Panel");
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (FALSE), "the panel closes"));
  wait_view_rests (f);

  /* Bring Oracle's disc just right of where the divider was, by dragging
   * the view from empty canvas. */
  for (tries = 0; tries < 4; tries++)
    {
      g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
      JsonObject *canvas = main_canvas (state);

      canvas_x = dg_e2e_double (canvas, "x");
      canvas_y = dg_e2e_double (canvas, "y");
      canvas_w = dg_e2e_int (canvas, "width");
      canvas_h = dg_e2e_int (canvas, "height");
      g_assert_true (dg_e2e_locate_item (f->e2e, "company", "oracle", &xid, &x, &y));
      if (fabs (x - (divider + 5)) < 2 && y > canvas_y + 40 && y < canvas_y + canvas_h - 40)
        break;
      dg_e2e_drag (f->e2e, xid, canvas_x + canvas_w * 0.5, canvas_y + 8,
                   canvas_x + canvas_w * 0.5 + (divider + 5 - x), canvas_y + 8 + (canvas_y + canvas_h / 2.0 - y));
      wait_view_rests (f);
    }
  g_assert_cmpint (tries, <, 4);
  g_assert_cmpstr (dg_e2e_str (main_canvas (open_state), "selected_node"), ==, "nvidia");

  dg_e2e_move (f->e2e, xid, x, y);
  dg_e2e_click (f->e2e, 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selected_cond, (gpointer) "oracle", "Oracle is selected"));
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "its panel opens"));
}

static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  double zoom = canvas_double (f, "zoom");
  int n_companies = (int) shipped_count ("companies");
  g_autofree char *one_less = g_strdup_printf ("%d of %d companies", n_companies - 1, n_companies);
  g_autofree char *all = g_strdup_printf ("%d companies", n_companies);

  /* Zoom to a company's neighbourhood from its menu. */
  context_menu_on (f, "company", "nebius");
  dg_e2e_click_widget (f->e2e, "label:Zoom to Neighbourhood");
  g_assert_true (dg_e2e_wait (f->e2e, zoomed_to_cond, &zoom, "the view zooms in"));
  g_assert_true (dg_e2e_wait (f->e2e, selected_cond, (gpointer) "nebius", "Nebius selected"));
  dg_e2e_key (f->e2e, "ctrl+0");
  wait_view_rests (f);

  /* Hide a company: it leaves the canvas, and the header says so. */
  context_menu_on (f, "company", "groq");
  dg_e2e_click_widget (f->e2e, "label:Hide");
  g_assert_true (dg_e2e_wait (f->e2e, visible_nodes_cond, GINT_TO_POINTER (n_companies - 1), "Groq hidden"));
  g_assert_true (dg_e2e_wait (f->e2e, subtitle_has_cond, (gpointer) one_less, "the header counts"));
  context_menu_on (f, NULL, NULL);
  dg_e2e_click_widget (f->e2e, "label:Show Hidden Companies");
  g_assert_true (dg_e2e_wait (f->e2e, visible_nodes_cond, GINT_TO_POINTER (n_companies), "Groq back"));
  g_assert_true (dg_e2e_wait (f->e2e, subtitle_has_cond, (gpointer) all, "the header counts"));

  /* Pin and unpin from the menu; a pin is an edit, undone like any. */
  context_menu_on (f, "company", "xai");
  dg_e2e_click_widget (f->e2e, "label:Pin Here");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "pinning marks the document"));
  g_assert_true (dg_e2e_wait (f->e2e, undo_label_cond, (gpointer) "Pin Company", "a step to undo"));
  context_menu_on (f, "company", "xai");
  g_assert_true (dg_e2e_wait_widget (f->e2e, "label:Unpin"));
  dg_e2e_click_widget (f->e2e, "label:Unpin");
  g_assert_true (dg_e2e_wait (f->e2e, context_menu_cond, GINT_TO_POINTER (FALSE), "the menu closes"));
  g_assert_true (dg_e2e_wait (f->e2e, undo_label_cond, (gpointer) "Unpin Company", "a step to undo"));
  /* Undo pins it again, in the document and on the canvas (its menu). */
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, undo_label_cond, (gpointer) "Pin Company", "the unpin undone"));
  context_menu_on (f, "company", "xai");
  g_assert_true (dg_e2e_wait_widget (f->e2e, "label:Unpin"));
  dg_e2e_key (f->e2e, "Escape");
  g_assert_true (dg_e2e_wait (f->e2e, context_menu_cond, GINT_TO_POINTER (FALSE), "the menu closes"));
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "both undone: as saved"));

  /* A deal's menu goes to its ends. */
  context_menu_on (f, "deal", "iren-dell");
  dg_e2e_click_widget (f->e2e, "label:Go to the Payee");
  g_assert_true (dg_e2e_wait (f->e2e, selected_cond, (gpointer) "dell", "Dell selected"));

  /* The keyboard opens it too. */
  dg_e2e_key (f->e2e, "Escape");
  point_at_canvas (f, 0.98, 0.02);
  dg_e2e_click (f->e2e, 1, 1);
  dg_e2e_key (f->e2e, "Tab");
  dg_e2e_key (f->e2e, "shift+F10");
  g_assert_true (dg_e2e_wait (f->e2e, context_menu_cond, GINT_TO_POINTER (TRUE), "the menu from the keyboard"));
  dg_e2e_key (f->e2e, "Escape");
  g_assert_true (dg_e2e_wait (f->e2e, context_menu_cond, GINT_TO_POINTER (FALSE), "the menu closes"));
}

/* A drag is not the first click of a double click: a company dragged and
 * at once clicked is selected, and the view stays (the drag's press and the
 * click's counted as a double click, which zooms to the company; two
 * Ctrl+drags from one company in quick succession zoomed instead of
 * drawing the second deal). */
static void
test_drag_then_click (Fixture       *f,
                      gconstpointer  data)
{
  double zoom;
  gint64 xid;
  double x, y;

  wait_view_rests (f);
  zoom = canvas_double (f, "zoom");
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "broadcom", &xid, &x, &y));
  dg_e2e_drag (f->e2e, xid, x, y, x + 60, y);
  dg_e2e_click (f->e2e, 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selected_cond, (gpointer) "broadcom", "Broadcom is selected"));
  wait_view_rests (f);
  g_assert_cmpfloat (fabs (canvas_double (f, "zoom") / zoom - 1), <, 0.01);
}

static gboolean
focus_cond (JsonObject *state,
            gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_window (state), "focus"), data) == 0;
}

static gboolean n_companies_cond (JsonObject *state,
                                  gpointer    data);

static gboolean
merge_list_cond (JsonObject *state,
                 gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_window (state), "merge_list"), data) == 0;
}

/* "Merge With…" from a company's menu, by hand: the list of the others
 * pops up with the keyboard in its search field, a name typed picks the
 * other, and the merge goes through the same dialog as from the panel. */
static void
test_context_merge (Fixture       *f,
                    gconstpointer  data)
{
  int n_companies = (int) shipped_count ("companies");
  gint64 xid;
  double x, y;

  context_menu_on (f, "company", "anthropic");
  dg_e2e_click_widget (f->e2e, "label:Merge With…");
  g_assert_true (dg_e2e_wait (f->e2e, focus_cond, (gpointer) "GtkText", "the list's search field has the keyboard"));
  dg_e2e_type (f->e2e, "Amazon");
  /* The list narrows once the typing pauses; then a hand picks. */
  g_assert_true (dg_e2e_wait (f->e2e, merge_list_cond, (gpointer) "Amazon / AWS", "the list narrows to Amazon"));
  dg_e2e_key (f->e2e, "Down Return");
  g_assert_true (dg_e2e_wait (f->e2e, merge_list_cond, NULL, "the list closes"));
  dg_e2e_click_widget (f->e2e, "label:Merge");
  /* Deals between the two would go: the dialog asks, Return merges (once
   * the dialog has the keyboard: before, Return would go to the window). */
  g_assert_true (dg_e2e_wait (f->e2e, active_dialog_cond, (gpointer) "GtkMessageDialog", "the dialog has the keyboard"));
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, no_dialog_cond, NULL, "the dialog goes"));
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n_companies - 1), "one company less"));
  g_assert_true (dg_e2e_wait (f->e2e, undo_label_cond, (gpointer) "Merge Companies", "a step to undo"));
  g_assert_false (dg_e2e_locate_item (f->e2e, "company", "amazon", &xid, &x, &y));
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "anthropic", &xid, &x, &y));

  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n_companies), "the merge undone"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "as saved"));
}

/* ---- 9. header, timeline, Save As ---------------------------------------- */

static gboolean
playing_cond (JsonObject *state,
              gpointer    data)
{
  return dg_e2e_bool (main_window (state), "timeline_playing") == GPOINTER_TO_INT (data);
}

static gboolean
filters_cond (JsonObject *state,
              gpointer    data)
{
  return dg_e2e_bool (main_window (state), "filters_revealed") == GPOINTER_TO_INT (data);
}

static void
test_timeline_play (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *of_deals = g_strdup_printf (" of %u deals", shipped_count ("deals"));

  dg_e2e_key (f->e2e, "ctrl+l");
  g_assert_true (dg_e2e_wait (f->e2e, filters_cond, GINT_TO_POINTER (TRUE), "the filter bar"));
  dg_e2e_click_widget (f->e2e, "tooltip:Play the Timeline Month by Month");
  g_assert_true (dg_e2e_wait (f->e2e, playing_cond, GINT_TO_POINTER (TRUE), "the timeline plays"));
  /* The header counts follow the months. */
  g_assert_true (dg_e2e_wait (f->e2e, subtitle_has_cond, (gpointer) of_deals, "the header follows the timeline"));
  {
    g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

    /* On a loaded machine the months may all have played by now, and the
     * button says Play again: play once more, from the start. */
    if (!dg_e2e_bool (main_window (state), "timeline_playing"))
      {
        g_test_message ("the timeline played to its end before the pause; playing again");
        dg_e2e_click_widget (f->e2e, "tooltip:Play the Timeline Month by Month");
        g_assert_true (dg_e2e_wait (f->e2e, playing_cond, GINT_TO_POINTER (TRUE), "the timeline plays again"));
      }
  }
  dg_e2e_click_widget (f->e2e, "tooltip:Pause the Timeline");
  g_assert_true (dg_e2e_wait (f->e2e, playing_cond, GINT_TO_POINTER (FALSE), "the timeline pauses"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "playing is not an edit"));
  /* Closing does not ask to save what nobody changed. */
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait_exit (f->e2e, NULL));
}

static gboolean
save_as_name_cond (JsonObject *state,
                   gpointer    data)
{
  JsonObject *chooser = dg_e2e_window (state, "GtkFileChooserDialog");

  return chooser != NULL && g_strcmp0 (dg_e2e_str (chooser, "current_name"), data) == 0;
}

static void
test_save_as_name (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-saveas-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  Fixture fixture = { 0 }, *f = &fixture;

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  dg_e2e_key (f->e2e, "ctrl+shift+s");
  g_assert_true (dg_e2e_wait (f->e2e, save_as_name_cond, (gpointer) "net.dealgraph.json", "Save As names the file"));
  dg_e2e_key (f->e2e, "Escape");
  g_clear_pointer (&f->e2e, dg_e2e_free);

  /* The embedded network: a name from its title. */
  f->e2e = dg_e2e_start (NULL, NULL);
  dg_e2e_key (f->e2e, "ctrl+shift+s");
  g_assert_true (dg_e2e_wait (f->e2e, save_as_name_cond, (gpointer) "the-ai-deal-network-2025-2026.dealgraph.json",
                              "Save As names the file from the title"));
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_rmdir (dir);
}

/* ---- 10. the export dialog -------------------------------------------- */

static gboolean
toast_cond (JsonObject *state,
            gpointer    data)
{
  JsonObject *window = main_window (state);
  const char *text = dg_e2e_str (window, "toast_text");

  return dg_e2e_bool (window, "toast_shown") == (data != NULL)
         && (data == NULL || (text != NULL && strstr (text, data) != NULL));
}

static gboolean
no_popover_cond (JsonObject *state,
                 gpointer    data)
{
  g_autoptr(JsonObject) popover = dg_e2e_locate_widget (data, "DgExportDialog>type:GtkPopover");

  return !dg_e2e_bool (popover, "found");
}

static void
test_export_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) size_label = NULL, width = NULL, format_label = NULL, export_before = NULL, export_after = NULL;
  g_autofree char *path = g_build_filename (dg_e2e_get_tmpdir (f->e2e), "picture.svg", NULL);
  g_autofree char *svg = NULL;

  dg_e2e_key (f->e2e, "ctrl+e");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "DgExportDialog", "the export dialog"));
  g_assert_true (dg_e2e_wait_widget (f->e2e, "id:width_spin"));

  /* The width and height fields sit on the Size row, not on Format's. */
  size_label = dg_e2e_locate_widget_stable (f->e2e, "DgExportDialog>label:Size");
  format_label = dg_e2e_locate_widget_stable (f->e2e, "DgExportDialog>label:Format");
  width = dg_e2e_locate_widget_stable (f->e2e, "DgExportDialog>id:width_spin");
  g_assert_cmpfloat (fabs (dg_e2e_double (dg_e2e_obj (width, "center"), "y")
                           - dg_e2e_double (dg_e2e_obj (size_label, "center"), "y")), <, 8);
  g_assert_cmpfloat (fabs (dg_e2e_double (dg_e2e_obj (width, "center"), "y")
                           - dg_e2e_double (dg_e2e_obj (format_label, "center"), "y")), >, 16);

  /* Choosing SVG closes the list, and the Export button stays put. */
  export_before = dg_e2e_locate_widget_stable (f->e2e, "DgExportDialog>label:Export…");
  dg_e2e_click_widget (f->e2e, "DgExportDialog>id:format_dropdown");
  dg_e2e_click_widget (f->e2e, "DgExportDialog>label:SVG drawing (text stays text)");
  g_assert_true (dg_e2e_wait (f->e2e, no_popover_cond, f->e2e, "the format list closes"));
  export_after = dg_e2e_locate_widget_stable (f->e2e, "DgExportDialog>label:Export…");
  g_assert_cmpfloat (dg_e2e_double (dg_e2e_obj (export_before, "center"), "x"), ==,
                     dg_e2e_double (dg_e2e_obj (export_after, "center"), "x"));

  /* Export, name the file, and a toast says so. */
  dg_e2e_click_widget (f->e2e, "DgExportDialog>label:Export…");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkFileChooserDialog", "the file chooser"));
  g_assert_true (dg_e2e_wait_widget (f->e2e, "type:GtkFileChooserWidget"));
  g_assert_true (dg_e2e_wait (f->e2e, active_dialog_cond, (gpointer) "GtkFileChooserDialog",
                              "the file chooser has the keyboard"));
  dg_e2e_key (f->e2e, "ctrl+a");
  dg_e2e_type (f->e2e, path);
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, toast_cond, (gpointer) "picture.svg", "the toast"));
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "OpenAI"));
  dg_e2e_click_widget (f->e2e, "tooltip:Close the Notification");
  g_assert_true (dg_e2e_wait (f->e2e, toast_cond, NULL, "the toast goes"));
}

/* ---- 12. every string fits, in German and French -------------------------- */

static gboolean
no_chooser_cond (JsonObject *state,
                 gpointer    data)
{
  return dg_e2e_window (state, "GtkFileChooserDialog") == NULL;
}

static gboolean
nothing_cut_cond (JsonObject *state,
                  gpointer    data)
{
  JsonObject *window = main_window (state);
  JsonArray *cut;

  if (window == NULL || !json_object_has_member (window, "ellipsized_labels"))
    return FALSE;
  cut = json_object_get_array_member (window, "ellipsized_labels");
  for (guint i = 0; i < json_array_get_length (cut); i++)
    g_test_message ("cut short: %s", json_array_get_string_element (cut, i));
  return json_array_get_length (cut) == 0;
}

static void
test_translations_fit (gconstpointer data)
{
  const char *language = data;
  g_autofree char *lang = g_strdup_printf ("LANG=%s", g_str_equal (language, "de") ? "de_DE.UTF-8" : "fr_FR.UTF-8");
  g_autofree char *languages = g_strdup_printf ("LANGUAGE=%s", language);
  g_autofree char *localedir = g_strdup_printf ("DEALGRAPH_LOCALEDIR=%s", g_getenv ("DEALGRAPH_LOCALEDIR"));
  const char *env[] = { lang, "LC_ALL=", languages, localedir, NULL };
  Fixture fixture = { 0 }, *f = &fixture;

  if (g_getenv ("DEALGRAPH_LOCALEDIR") == NULL)
    {
      g_test_skip ("DEALGRAPH_LOCALEDIR is not set");
      return;
    }
  f->e2e = dg_e2e_start (NULL, env);
  /* The window at start, with the filters and timeline, and each list. */
  g_assert_true (dg_e2e_wait (f->e2e, nothing_cut_cond, NULL, "no word cut short at start"));
  dg_e2e_key (f->e2e, "ctrl+l");
  g_assert_true (dg_e2e_wait (f->e2e, filters_cond, GINT_TO_POINTER (TRUE), "the filter bar"));
  wait_view_rests (f);
  g_assert_true (dg_e2e_wait (f->e2e, nothing_cut_cond, NULL, "no word cut short in the filter bar"));
  dg_e2e_click_item (f->e2e, "company", "nvidia", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "the panel opens"));
  g_assert_true (dg_e2e_wait (f->e2e, nothing_cut_cond, NULL, "no word cut short with a panel"));
  g_clear_pointer (&f->e2e, dg_e2e_free);
}

/* ---- 13. acting while a large file loads; the last file opened wins ----- */

/* A valid network of @n companies and about 4 deals each, over 2 MiB so
 * the window loads it in a worker. */
static char *
write_big_network (const char *dir,
                   guint       n)
{
  GString *json = g_string_new ("{\"format\": \"dealgraph\", \"version\": 1, \"title\": \"Big network\",\n\"companies\": [\n");
  char *path = g_build_filename (dir, "big.dealgraph.json", NULL);

  for (guint v = 0; v < n; v++)
    g_string_append_printf (json, "%s{\"id\": \"c%u\", \"name\": \"Company number %u\", \"kind\": \"other\", "
                            "\"description\": \"A company of the generated network, here to make the file large.\"}\n",
                            v ? "," : "", v, v);
  g_string_append (json, "],\n\"deals\": [\n");
  for (guint e = 0; e < 4 * n; e++)
    g_string_append_printf (json, "%s{\"id\": \"d%u\", \"from\": \"c%u\", \"to\": \"c%u\", \"kind\": \"investment\", "
                            "\"amount_usd\": %u000000, \"status\": \"signed\", "
                            "\"sources\": [{\"publisher\": \"Test\", \"url\": \"https://example.com/%u\"}]}\n",
                            e ? "," : "", e, e % n, (e * 7 + 1 + e / n) % n == e % n ? (e + 1) % n : (e * 7 + 1 + e / n) % n,
                            e % 900 + 1, e);
  g_string_append (json, "]}\n");
  g_assert_cmpuint (json->len, >, 2 * 1024 * 1024);
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  g_string_free (json, TRUE);
  return path;
}

static gboolean
loading_cond (JsonObject *state,
              gpointer    data)
{
  return dg_e2e_bool (main_window (state), "loading") == GPOINTER_TO_INT (data);
}

static void
test_keys_while_loading (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-big-XXXXXX", NULL);
  g_autofree char *path = write_big_network (dir, 6000);
  /* The load lasts until the test removes this file: a fixed delay ran out
   * before the keys arrived on a loaded machine. */
  g_autofree char *hold = g_build_filename (dir, "hold", NULL);
  g_autofree char *hold_env = g_strconcat ("DEALGRAPH_DEBUG_LOAD_HOLD=", hold, NULL);
  const char *env[] = { hold_env, NULL };
  PresentationWant up = { -2, TRUE };
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(JsonObject) state = NULL;

  g_assert_true (g_file_set_contents (hold, "", 0, NULL));
  f->e2e = dg_e2e_start_full ((const char *[]) { path, NULL }, env, FALSE);
  g_assert_true (dg_e2e_wait (f->e2e, loading_cond, GINT_TO_POINTER (TRUE), "the file loading"));
  /* F5 and Edit the Tour… while it loads: nothing to act on yet, and no
   * critical (the app runs with fatal criticals). */
  point_at_canvas (f, 0.5, 0.5);
  dg_e2e_key (f->e2e, "F5");
  dg_e2e_click_widget (f->e2e, "tooltip:Main Menu");
  dg_e2e_click_widget (f->e2e, "label:Edit the Tour…");
  g_assert_true (dg_e2e_running (f->e2e));
  state = dg_e2e_state (f->e2e);
  g_assert_true (dg_e2e_bool (main_window (state), "loading"));
  g_remove (hold);
  g_assert_true (dg_e2e_wait (f->e2e, loading_cond, GINT_TO_POINTER (FALSE), "the file loaded"));
  g_assert_true (dg_e2e_running (f->e2e));
  dg_e2e_key (f->e2e, "Escape");
  point_at_canvas (f, 0.5, 0.5);
  dg_e2e_key (f->e2e, "F5");
  g_assert_true (dg_e2e_wait (f->e2e, presentation_cond, &up, "the presentation once loaded"));
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_remove (hold);
  g_rmdir (dir);
}

static gboolean
file_shown_cond (JsonObject *state,
                 gpointer    data)
{
  JsonObject *window = main_window (state);

  return g_strcmp0 (dg_e2e_str (window, "file"), data) == 0 && !dg_e2e_bool (window, "loading")
         && dg_e2e_int (window, "loads_dropped") == 1;
}

static void
open_with_chooser (Fixture    *f,
                   const char *path)
{
  dg_e2e_key (f->e2e, "ctrl+o");
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkFileChooserDialog", "the file chooser"));
  g_assert_true (dg_e2e_wait_widget (f->e2e, "type:GtkFileChooserWidget"));
  g_assert_true (dg_e2e_wait (f->e2e, active_dialog_cond, (gpointer) "GtkFileChooserDialog",
                              "the file chooser has the keyboard"));
  /* Typing a path starting with / opens the location field. */
  dg_e2e_type (f->e2e, path);
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, no_chooser_cond, NULL, "the file chooser closes"));
}

static void
test_last_open_wins (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-open-XXXXXX", NULL);
  g_autofree char *big = write_big_network (dir, 6000);
  g_autofree char *small = copy_dataset (dir);
  const char *env[] = { "DEALGRAPH_DEBUG_LOAD_DELAY_MS=3000", NULL };
  Fixture fixture = { 0 }, *f = &fixture;

  f->e2e = dg_e2e_start (NULL, env);
  point_at_canvas (f, 0.5, 0.5);
  open_with_chooser (f, big);
  g_assert_true (dg_e2e_wait (f->e2e, loading_cond, GINT_TO_POINTER (TRUE), "the big file loading"));
  open_with_chooser (f, small);
  /* The small file, opened last, stays: the big one's load is dropped. */
  g_assert_true (dg_e2e_wait (f->e2e, file_shown_cond, small, "the last file opened shown"));
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (big);
  g_remove (small);
  g_rmdir (dir);
}

/* ---- every shortcut and interaction the README lists ------------------- */

static gboolean
selection_cond (JsonObject *state,
                gpointer    data)
{
  const char *want = data;   /* "kind" or "kind:id" */
  JsonObject *window = main_window (state);
  JsonObject *canvas = dg_e2e_obj (window, "canvas");
  const char *kind = dg_e2e_str (window, "selection_kind");
  const char *colon = strchr (want, ':');

  if (colon == NULL)
    return g_strcmp0 (kind, want) == 0;
  if (strncmp (kind != NULL ? kind : "", want, colon - want) != 0)
    return FALSE;
  return g_strcmp0 (dg_e2e_str (canvas, g_str_has_prefix (want, "company") ? "selected_node" : "selected_edge"),
                    colon + 1) == 0;
}

static char *
selected_id (Fixture    *f,
             const char *member)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

  return g_strdup (dg_e2e_str (main_canvas (state), member));
}

static gboolean
focus_company_cond (JsonObject *state,
                    gpointer    data)
{
  const char *focus = dg_e2e_str (main_canvas (state), "focus_node");

  return focus != NULL && g_strcmp0 (focus, data) != 0;
}

static gboolean
sidebar_cond (JsonObject *state,
              gpointer    data)
{
  return dg_e2e_bool (main_window (state), "sidebar_visible") == GPOINTER_TO_INT (data);
}

static gboolean
list_count_cond (JsonObject *state,
                 gpointer    data)
{
  return dg_e2e_int (main_window (state), "list_n_items") == GPOINTER_TO_INT (data);
}

static gboolean
shortcuts_cond (JsonObject *state,
                gpointer    data)
{
  return dg_e2e_window (state, "GtkShortcutsWindow") != NULL;
}

/* Whether company @id is drawn inside the main canvas, @margin px clear of
 * its edges and of the legend (where a reader would see it). */
static gboolean
company_on_canvas (Fixture    *f,
                   const char *id,
                   double      margin)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  JsonObject *canvas = main_canvas (state);
  gint64 xid;
  double x, y, cx, cy;

  if (canvas == NULL || !dg_e2e_locate_item (f->e2e, "company", id, &xid, &x, &y))
    return FALSE;
  cx = dg_e2e_double (canvas, "x");
  cy = dg_e2e_double (canvas, "y");
  if (!(x > cx + margin && x < cx + dg_e2e_int (canvas, "width") - margin
        && y > cy + margin && y < cy + dg_e2e_int (canvas, "height") - margin))
    return FALSE;
  /* Not under the legend either. */
  if (dg_e2e_bool (canvas, "legend_shown") && json_object_has_member (canvas, "legend_rect"))
    {
      JsonArray *rect = json_object_get_array_member (canvas, "legend_rect");
      double lx = cx + json_array_get_double_element (rect, 0), ly = cy + json_array_get_double_element (rect, 1);

      if (x > lx - margin && x < lx + json_array_get_double_element (rect, 2) + margin
          && y > ly - margin && y < ly + json_array_get_double_element (rect, 3) + margin)
        return FALSE;
    }
  return TRUE;
}

/* Ctrl+F in the Companies list, the name, Return: opens the first match. */
static void
choose_from_list (Fixture    *f,
                  const char *query)
{
  dg_e2e_click_widget (f->e2e, "label:Companies");
  dg_e2e_key (f->e2e, "ctrl+f");
  dg_e2e_key (f->e2e, "ctrl+a BackSpace");
  dg_e2e_type (f->e2e, query);
  g_assert_true (dg_e2e_wait (f->e2e, list_count_cond, GINT_TO_POINTER (1), "one match"));
  dg_e2e_key (f->e2e, "Return");
}

/* A company chosen from a list is brought on screen when it is off it, and
 * the view stays put when it is already shown (it panned away before:
 * the panel opened on a company nobody could see). */
static void
test_list_reveals (Fixture       *f,
                   gconstpointer  data)
{
  /* Far from Broadcom's partners, each matched by one name only. */
  static const char *far[][2] = {
    { "disney", "Disney" }, { "etsy", "Etsy" }, { "shopify", "Shopify" }, { "walmart", "Walmart" },
    { "instacart", "Instacart" }, { "nebius", "Nebius" }, { "cerebras", "Cerebras" }, { "akamai", "Akamai" },
  };
  double zoom = canvas_double (f, "zoom");
  double view_x, view_y;
  const char *id = NULL, *query = NULL;
  g_autofree char *want = NULL;
  gint64 deadline;

  dg_e2e_click_item (f->e2e, "company", "broadcom", 1, 2);
  g_assert_true (dg_e2e_wait (f->e2e, zoomed_to_cond, &zoom, "the view zooms in"));
  wait_view_rests (f);
  for (guint i = 0; i < G_N_ELEMENTS (far) && id == NULL; i++)
    if (!company_on_canvas (f, far[i][0], 0))
      {
        id = far[i][0];
        query = far[i][1];
      }
  g_assert_nonnull (id);   /* zoomed in on Broadcom, some of them are off screen */
  g_test_message ("choosing %s, off screen", id);

  choose_from_list (f, query);
  want = g_strdup_printf ("company:%s", id);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, want, "the company is chosen"));
  /* The glide starts at the canvas's next allocation: look until it is
   * there (or 10 s). */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!company_on_canvas (f, id, 8) && g_get_monotonic_time () < deadline)
    {
      wait_view_rests (f);
      g_usleep (20000);
    }
  wait_view_rests (f);
  g_assert_true (company_on_canvas (f, id, 8));
  /* At the zoom the user chose. */
  g_assert_cmpfloat (fabs (canvas_double (f, "zoom") - zoom) / zoom, >, 0.3);

  /* Chosen again while shown: nothing moves. */
  view_x = canvas_double (f, "view_x");
  view_y = canvas_double (f, "view_y");
  choose_from_list (f, query);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, want, "chosen again"));
  for (int i = 0; i < 10; i++)
    wait_view_rests (f);
  g_assert_cmpfloat (fabs (canvas_double (f, "view_x") - view_x), <, 0.5);
  g_assert_cmpfloat (fabs (canvas_double (f, "view_y") - view_y), <, 0.5);
}

/* The keyboard alone walks the network and follows the money. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *first = NULL, *deal = NULL, *payee = NULL, *sibling = NULL;
  double view_x;

  point_at_canvas (f, 0.98, 0.02);
  dg_e2e_click (f->e2e, 1, 1);   /* the canvas has the keyboard */

  /* Arrows pan, Home fits again. */
  view_x = canvas_double (f, "view_x");
  dg_e2e_key (f->e2e, "Left");
  g_assert_true (wait_canvas_value (f, "view_x", +1, view_x));
  dg_e2e_key (f->e2e, "Home");
  wait_view_rests (f);
  g_assert_cmpfloat (fabs (canvas_double (f, "view_x") - view_x), <, 1);

  /* Tab walks the companies; Shift+Tab back; Return opens. */
  dg_e2e_key (f->e2e, "Tab");
  g_assert_true (dg_e2e_wait (f->e2e, focus_company_cond, (gpointer) "", "a company has the focus"));
  first = selected_id (f, "focus_node");
  dg_e2e_key (f->e2e, "Tab");
  g_assert_true (dg_e2e_wait (f->e2e, focus_company_cond, first, "the next company"));
  dg_e2e_key (f->e2e, "shift+Tab");
  g_assert_true (dg_e2e_wait (f->e2e, selected_cond, NULL, "nothing selected yet"));
  {
    g_autofree char *back = NULL;

    g_assert_true (dg_e2e_wait (f->e2e, focus_company_cond, (gpointer) "", "a company has the focus"));
    back = selected_id (f, "focus_node");
    g_assert_cmpstr (back, ==, first);
  }
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "company", "Return opens the company"));
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "its panel"));

  /* Alt+Down follows the money out of OpenAI (many deals): a deal, then
   * its payee. */
  dg_e2e_click_item (f->e2e, "company", "openai", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "company:openai", "OpenAI"));
  dg_e2e_key (f->e2e, "alt+Down");
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal", "a deal out"));
  deal = selected_id (f, "selected_edge");
  dg_e2e_key (f->e2e, "alt+Page_Down");
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal", "still a deal"));
  sibling = selected_id (f, "selected_edge");
  g_assert_cmpstr (sibling, !=, deal);
  dg_e2e_key (f->e2e, "alt+Down");
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "company", "the payee"));
  payee = selected_id (f, "selected_node");
  dg_e2e_key (f->e2e, "alt+Up");
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal", "a deal in"));

  /* Alt+Left and Alt+Right go back and forward through what was opened. */
  dg_e2e_key (f->e2e, "alt+Left");
  {
    g_autofree char *want = g_strdup_printf ("company:%s", payee);

    g_assert_true (dg_e2e_wait (f->e2e, selection_cond, want, "back to the payee"));
  }
  dg_e2e_key (f->e2e, "alt+Right");
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal", "forward to the deal"));

  /* Escape clears the selection. */
  point_at_canvas (f, 0.98, 0.02);
  dg_e2e_key (f->e2e, "Escape");
  g_assert_true (dg_e2e_wait (f->e2e, nothing_lit_cond, NULL, "Escape clears"));

  /* F9 hides and shows the sidebar; Ctrl+F searches as you type. */
  dg_e2e_key (f->e2e, "F9");
  g_assert_true (dg_e2e_wait (f->e2e, sidebar_cond, GINT_TO_POINTER (FALSE), "the sidebar hides"));
  dg_e2e_key (f->e2e, "ctrl+f");
  g_assert_true (dg_e2e_wait (f->e2e, sidebar_cond, GINT_TO_POINTER (TRUE), "Ctrl+F shows the sidebar"));
  dg_e2e_click_widget (f->e2e, "label:Companies");
  dg_e2e_key (f->e2e, "ctrl+f");
  dg_e2e_type (f->e2e, "Oracle");
  g_assert_true (dg_e2e_wait (f->e2e, list_count_cond, GINT_TO_POINTER (1), "the list finds Oracle"));
  dg_e2e_key (f->e2e, "ctrl+a BackSpace");
  g_assert_true (dg_e2e_wait (f->e2e, list_count_cond, GINT_TO_POINTER (shipped_count ("companies")),
                              "the whole list again"));

  /* Ctrl+C on the diagram copies it as an image. */
  point_at_canvas (f, 0.98, 0.02);
  dg_e2e_click (f->e2e, 1, 1);
  dg_e2e_key (f->e2e, "ctrl+c");
  g_assert_true (dg_e2e_wait_clipboard (f->e2e, "image/png"));

  /* Ctrl+? shows the shortcuts. */
  dg_e2e_key (f->e2e, "ctrl+question");
  g_assert_true (dg_e2e_wait (f->e2e, shortcuts_cond, NULL, "the shortcuts window"));
}

/* Ctrl+S saves a moved company into the file; Ctrl+R reloads it. */
static void
test_save_reload (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-save-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  double x_before = saved_position_x (path, "amd");
  Fixture fixture = { 0 }, *f = &fixture;
  gint64 xid;
  double x1, y1, x2, y2;

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  drag_company (f, "amd", -70, -50);
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "the drag marks the document"));
  dg_e2e_key (f->e2e, "ctrl+s");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "saved"));
  g_assert_cmpfloat (fabs (saved_position_x (path, "amd") - x_before), >, 20);

  /* Move it again, then reload: the saved place comes back. */
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "amd", &xid, &x1, &y1));
  drag_company (f, "amd", 100, 0);
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "moved again"));
  dg_e2e_key (f->e2e, "ctrl+r");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "reloaded"));
  wait_view_rests (f);
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "amd", &xid, &x2, &y2));
  g_assert_cmpfloat (fabs (x2 - x1), <, 2);
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_rmdir (dir);
}

/* The mouse pans by dragging empty canvas and by the wheel; a click on a
 * column heading sorts the list; a click on a deal opens it. */
static void
test_mouse (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  JsonObject *canvas = main_canvas (state);
  gint64 xid = dg_e2e_int (canvas, "xid");
  double cx = dg_e2e_double (canvas, "x") + dg_e2e_int (canvas, "width") - 20;
  double cy = dg_e2e_double (canvas, "y") + 20;
  double view_x = dg_e2e_double (canvas, "view_x"), view_y = dg_e2e_double (canvas, "view_y");

  dg_e2e_drag (f->e2e, xid, cx, cy, cx - 120, cy + 80);
  g_assert_true (wait_canvas_value (f, "view_x", -1, view_x));
  g_assert_cmpfloat (fabs (canvas_double (f, "view_y") - (view_y + 80)), <, 2);

  view_y = canvas_double (f, "view_y");
  point_at_canvas (f, 0.5, 0.5);
  dg_e2e_click (f->e2e, 5, 2);   /* the wheel scrolls the picture */
  g_assert_true (wait_canvas_value (f, "view_y", -1, view_y));

  dg_e2e_click_item (f->e2e, "deal", "iren-dell", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal:iren-dell", "the deal opens"));
  g_assert_true (dg_e2e_wait (f->e2e, panel_cond, GINT_TO_POINTER (TRUE), "its panel"));

  /* Sort the deals by amount: the largest (OpenAI → Oracle, $300B) first;
   * by date, undated deals and all, without a critical. */
  dg_e2e_click_widget (f->e2e, "label:Announced");
  dg_e2e_click_widget (f->e2e, "label:Amount");
  click_list_row (f, 0);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal:openai-oracle-300b", "the largest deal first"));
}


/* ---- editing ------------------------------------------------------------ */

static gboolean
n_companies_cond (JsonObject *state,
                  gpointer    data)
{
  return dg_e2e_int (main_window (state), "n_companies") == GPOINTER_TO_INT (data);
}

static int
n_companies (Fixture *f)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

  return (int) dg_e2e_int (main_window (state), "n_companies");
}

static gboolean
selected_name_cond (JsonObject *state,
                    gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_window (state), "selected_company_name"), data) == 0;
}

static gboolean
round_trips_cond (JsonObject *state,
                  gpointer    data)
{
  return dg_e2e_double (main_window (state), "cycle_round_trip_sum") == *(double *) data;
}

static gboolean
edit_error_cond (JsonObject *state,
                 gpointer    data)
{
  const char *error = dg_e2e_str (main_window (state), "edit_error");

  return error != NULL && strstr (error, data) != NULL;
}

static gboolean
round_trips_less_cond (JsonObject *state,
                       gpointer    data)
{
  return dg_e2e_double (main_window (state), "cycle_round_trip_sum") < *(double *) data;
}

static double
round_trips (Fixture *f)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);

  return dg_e2e_double (main_window (state), "cycle_round_trip_sum");
}

static JsonObject *
saved_object (const char *path,
              const char *list,
              const char *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *items;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), list);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0)
        return json_object_ref (item);
    }
  return NULL;
}

/* A company added and named with the keyboard; an amount changed in the
 * deal's panel, and the cycles' round trips follow; undo and redo with
 * the keys; saved, and there again when the file is opened anew. */
static void
test_edit_undo_save (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-edit-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(JsonObject) company = NULL;
  g_autoptr(JsonObject) deal = NULL;
  double before, after;
  int status = -1, n0;

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  n0 = n_companies (f);

  dg_e2e_key (f->e2e, "ctrl+shift+c");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "a company is added"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "the title marks the change"));
  /* Its name is selected in the panel: typing replaces it. */
  dg_e2e_type (f->e2e, "Nova Labs");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "Nova Labs", "the company is renamed"));

  /* Microsoft's $1B of 2019 comes back from OpenAI's Azure spending: a
   * smaller amount makes smaller round trips, by at least the $600M less
   * on the two-company cycle. */
  before = round_trips (f);
  dg_e2e_click_item (f->e2e, "deal", "msft-openai-2019", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal:msft-openai-2019", "the deal opens"));
  dg_e2e_click_widget (f->e2e, "id:edit-expander");
  dg_e2e_click_widget (f->e2e, "id:amount-entry");
  dg_e2e_key (f->e2e, "ctrl+a");
  dg_e2e_type (f->e2e, "4e8");
  dg_e2e_key (f->e2e, "Return");
  /* Every cycle through the deal that it limited now carries less. */
  g_assert_true (dg_e2e_wait (f->e2e, round_trips_less_cond, &before, "the cycles follow the amount"));
  after = round_trips (f);
  g_assert_cmpfloat (after, <=, before - 6e8);

  /* A value the loader would refuse is refused with its words. */
  dg_e2e_click_widget (f->e2e, "id:amount-entry");
  dg_e2e_key (f->e2e, "ctrl+a");
  dg_e2e_type (f->e2e, "5e999");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, edit_error_cond, (gpointer) "out of range", "refused"));
  g_assert_cmpfloat (round_trips (f), ==, after);

  /* Back in the canvas, Ctrl+Z undoes the amount, Ctrl+Shift+Z redoes it. */
  dg_e2e_click_widget (f->e2e, "type:DgCanvas");
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, round_trips_cond, &before, "undone"));
  dg_e2e_key (f->e2e, "ctrl+shift+z");
  g_assert_true (dg_e2e_wait (f->e2e, round_trips_cond, &after, "redone"));

  dg_e2e_key (f->e2e, "ctrl+s");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "saved"));
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait_exit (f->e2e, &status));
  g_clear_pointer (&f->e2e, dg_e2e_free);

  /* Its id was made from the name it was given. */
  company = saved_object (path, "companies", "nova-labs");
  g_assert_nonnull (company);
  g_assert_cmpstr (json_object_get_string_member (company, "name"), ==, "Nova Labs");
  deal = saved_object (path, "deals", "msft-openai-2019");
  g_assert_cmpfloat (json_object_get_double_member (deal, "amount_usd"), ==, 4e8);

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "the company is in the file"));
  g_assert_true (dg_e2e_wait (f->e2e, round_trips_cond, &after, "and the amount"));
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
recovery_has_cond (JsonObject *state,
                   gpointer    data)
{
  const char *path = dg_e2e_str (main_window (state), "recovery_path");
  g_autofree char *contents = NULL;

  return path != NULL && g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, data) != NULL;
}


/* A double click on empty canvas adds a company there, named to type;
 * Ctrl+Z takes it away again. */
static void
test_double_click_adds (Fixture       *f,
                        gconstpointer  data)
{
  int n0 = n_companies (f);

  point_at_canvas (f, 0.97, 0.05);
  dg_e2e_click (f->e2e, 1, 2);
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "a company is added"));
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "New Company", "and opened"));
  dg_e2e_type (f->e2e, "Placed");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "Placed", "renamed"));
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "New Company", "the name undone"));
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0), "the company undone"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "back to the saved state"));
}

static gboolean
canvas_sharp_cond (JsonObject *state,
                   gpointer    data)
{
  JsonObject *canvas = main_canvas (state);

  return canvas != NULL && !dg_e2e_bool (main_window (state), "loading") && dg_e2e_bool (canvas, "cached_mode")
         && !dg_e2e_bool (canvas, "layout_running") && dg_e2e_bool (canvas, "frame_exact");
}

static gboolean
content_painted_cond (JsonObject *state,
                      gpointer    data)
{
  JsonObject *canvas = main_canvas (state);

  return canvas != NULL && dg_e2e_bool (canvas, "content_painted");
}

/* Pixels of a box that differ clearly between two shots of the canvas. */
static guint
shots_differ (cairo_surface_t *a,
              cairo_surface_t *b,
              int              x0,
              int              y0,
              int              x1,
              int              y1,
              cairo_surface_t *also)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a) / 4;
  const guint32 *pa = (const guint32 *) cairo_image_surface_get_data (a);
  const guint32 *pb = (const guint32 *) cairo_image_surface_get_data (b);
  const guint32 *pc = also != NULL ? (const guint32 *) cairo_image_surface_get_data (also) : NULL;
  guint count = 0;

  for (int j = MAX (y0, 0); j < MIN (y1, h); j++)
    for (int i = MAX (x0, 0); i < MIN (x1, w); i++)
      {
        /* With @also: counted only where @also differs from @a too. */
        count += rgb_distance (pa[j * stride + i], pb[j * stride + i]) > 48
                 && (pc == NULL || rgb_distance (pa[j * stride + i], pc[j * stride + i]) > 48);
      }
  return count;
}

/* How far two shots are apart in a box: the sum of their pixels' colour
 * distances (a few faint lines moved weigh little, a dark patch much). */
static guint64
shots_distance (cairo_surface_t *a,
                cairo_surface_t *b,
                int              x0,
                int              y0,
                int              x1,
                int              y1)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a) / 4;
  const guint32 *pa = (const guint32 *) cairo_image_surface_get_data (a);
  const guint32 *pb = (const guint32 *) cairo_image_surface_get_data (b);
  guint64 sum = 0;

  for (int j = MAX (y0, 0); j < MIN (y1, h); j++)
    for (int i = MAX (x0, 0); i < MIN (x1, w); i++)
      sum += rgb_distance (pa[j * stride + i], pb[j * stride + i]);
  return sum;
}

/* On a network big enough for the canvas to draw it in its worker (24,000
 * deals), a company renamed with the keyboard shows its new name before
 * the worker has drawn the new picture: the worker is held
 * (DEALGRAPH_DEBUG_RENDER_HOLD) while the test looks. Before the canvas
 * drew edits over its kept picture, the screen kept the old name until the
 * worker's picture came; and (found by this test) when nothing else asked
 * for a frame, the worker's picture did not come at all. */
static void
test_big_edit_shows (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-big-edit-XXXXXX", NULL);
  g_autofree char *path = write_big_network (dir, 6000);
  g_autofree char *hold = g_build_filename (dir, "hold", NULL);
  g_autofree char *hold_env = g_strconcat ("DEALGRAPH_DEBUG_RENDER_HOLD=", hold, NULL);
  const char *env[] = { hold_env, NULL };
  Fixture fixture = { 0 }, *f = &fixture;
  cairo_surface_t *before, *patched, *sharp;
  g_autoptr(JsonObject) state = NULL;
  JsonObject *canvas;
  const char *added;
  gint64 xid;
  double x, y;
  int cx, cy, n0;
  guint changed, shown, sharp_changed;
  guint64 wrong, old_wrong;

  f->e2e = dg_e2e_start_full ((const char *[]) { path, NULL }, env, FALSE);
  g_assert_true (dg_e2e_wait (f->e2e, canvas_sharp_cond, NULL, "the big network drawn, sharp"));
  n0 = n_companies (f);
  /* A company, named: the panel is open from here on, so the canvas keeps
   * its size between the pictures compared. */
  dg_e2e_key (f->e2e, "ctrl+shift+c");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "a company is added"));
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "New Company", "and opened"));
  dg_e2e_type (f->e2e, "Alpha");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "Alpha", "named"));
  g_assert_true (dg_e2e_wait (f->e2e, canvas_sharp_cond, NULL, "drawn, sharp"));
  dg_e2e_wait_idle (f->e2e);
  state = dg_e2e_state (f->e2e);
  canvas = main_canvas (state);
  added = dg_e2e_str (canvas, "selected_node");
  g_assert_nonnull (added);
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", added, &xid, &x, &y));
  cx = (int) (x - dg_e2e_double (canvas, "x"));
  cy = (int) (y - dg_e2e_double (canvas, "y"));
  before = dg_e2e_screenshot_canvas (f->e2e, main_window (state));
  g_clear_pointer (&state, json_object_unref);

  /* Renamed while the worker is held. */
  g_assert_true (g_file_set_contents (hold, "", 0, NULL));
  dg_e2e_click_widget (f->e2e, "id:name-entry");
  dg_e2e_key (f->e2e, "ctrl+a");
  dg_e2e_type (f->e2e, "Zeta Holdings Worldwide");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "Zeta Holdings Worldwide", "renamed"));
  /* A frame of the renamed state is on screen (the worker has not drawn it). */
  g_assert_true (dg_e2e_wait (f->e2e, content_painted_cond, NULL, "a frame of the edit"));
  state = dg_e2e_state (f->e2e);
  g_assert_false (dg_e2e_bool (main_canvas (state), "frame_exact"));
  g_assert_true (dg_e2e_bool (main_canvas (state), "edit_patched"));
  patched = dg_e2e_screenshot_canvas (f->e2e, main_window (state));
  g_clear_pointer (&state, json_object_unref);

  g_remove (hold);
  g_assert_true (dg_e2e_wait (f->e2e, canvas_sharp_cond, NULL, "the worker's picture"));
  state = dg_e2e_state (f->e2e);
  sharp = dg_e2e_screenshot_canvas (f->e2e, main_window (state));

  /* Around the company (its disc, its name beside it): what the
   * worker's picture changed, and how much of that the screen showed
   * before it came. */
  sharp_changed = shots_differ (before, sharp, cx - 260, cy - 25, cx + 260, cy + 25, NULL);
  changed = shots_differ (before, patched, cx - 260, cy - 25, cx + 260, cy + 25, NULL);
  shown = shots_differ (before, sharp, cx - 260, cy - 25, cx + 260, cy + 25, patched);
  if (g_getenv ("DG_TEST_DUMP") != NULL)
    {
      /* To look at them: DG_TEST_DUMP=dir */
      const char *names[] = { "before", "patched", "sharp" };
      cairo_surface_t *shots[] = { before, patched, sharp };

      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *name = g_strdup_printf ("big-edit-%s.png", names[i]);
          g_autofree char *file = g_build_filename (g_getenv ("DG_TEST_DUMP"), name, NULL);

          cairo_surface_write_to_png (shots[i], file);
        }
      g_test_message ("the company at %d, %d", cx, cy);
    }
  g_test_message ("around the renamed company: %u pixels changed in the worker's picture, %u of them already "
                  "on screen before it (%u changed then)", sharp_changed, shown, changed);
  g_assert_cmpuint (sharp_changed, >, 100);
  g_assert_cmpuint (shown, >, sharp_changed / 2);
  /* Where the old name was, right of the disc and its ring: the frame of
   * the edit comes closer to the worker's picture than the picture before
   * the edit. The deals under the erased name are drawn again as the kept
   * frame drew them, dimmed around the selected company; drawn at full
   * strength they made a dark patch there. */
  wrong = shots_distance (sharp, patched, cx + 12, cy - 11, cx + 46, cy + 13);
  old_wrong = shots_distance (sharp, before, cx + 12, cy - 11, cx + 46, cy + 13);
  g_test_message ("where the old name was: the edit's frame %" G_GUINT64_FORMAT " off the worker's picture, "
                  "the picture before it %" G_GUINT64_FORMAT, wrong, old_wrong);
  g_assert_cmpuint (wrong, <=, old_wrong);
  cairo_surface_destroy (before);
  cairo_surface_destroy (patched);
  cairo_surface_destroy (sharp);
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_remove (path);
  g_rmdir (dir);
}

/* Killed after an edit: the next start offers the edit back. */
static void
test_kill_restore (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-kill-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  g_autofree char *state_home = g_build_filename (dir, "state", NULL);
  g_autofree char *env_state = g_strconcat ("XDG_STATE_HOME=", state_home, NULL);
  const char *env[] = { env_state, NULL };
  g_autofree char *before = NULL, *after = NULL;
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(JsonObject) state = NULL;
  gint64 xid;
  double x, y;
  int n0, status = -1;

  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  g_mkdir (state_home, 0700);
  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, env);
  n0 = n_companies (f);
  dg_e2e_key (f->e2e, "ctrl+shift+c");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "a company is added"));
  dg_e2e_type (f->e2e, "Survivor");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "Survivor", "renamed"));
  /* Within a few seconds, the copy holds the edit. */
  g_assert_true (dg_e2e_wait (f->e2e, recovery_has_cond, (gpointer) "\"Survivor\"", "the recovery copy"));
  /* SIGKILL: no chance to save or clean up. */
  g_clear_pointer (&f->e2e, dg_e2e_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  f->e2e = dg_e2e_start (NULL, env);
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkMessageDialog", "the offer to restore"));
  dg_e2e_click_widget (f->e2e, "label:Restore");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "the edit is back"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "unsaved"));
  state = dg_e2e_state (f->e2e);
  g_assert_cmpstr (dg_e2e_str (main_window (state), "file"), ==, path);
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "survivor", &xid, &x, &y));

  /* Saved: the copy goes, and the next start offers nothing. */
  dg_e2e_key (f->e2e, "ctrl+s");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "saved"));
  g_clear_pointer (&state, json_object_unref);
  state = dg_e2e_state (f->e2e);
  g_assert_null (dg_e2e_str (main_window (state), "recovery_path"));
  /* The save is written in a worker: quitting waits for it. */
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait_exit (f->e2e, &status));
  g_clear_pointer (&f->e2e, dg_e2e_free);
  {
    g_autofree char *recovery = g_build_filename (state_home, "dealgraph", "recovery", NULL);
    g_autoptr(GDir) d = g_dir_open (recovery, 0, NULL);

    g_assert_nonnull (d);
    g_assert_null (g_dir_read_name (d));
  }
  {
    g_autofree char *saved = NULL;

    g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
    g_assert_nonnull (strstr (saved, "\"Survivor\""));
  }
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
}


static gboolean
selected_deal_cond (JsonObject *state,
                    gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_window (state), "selected_deal"), data) == 0;
}

static gboolean
selected_id_cond (JsonObject *state,
                  gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_window (state), "selected_company_id"), data) == 0;
}


static gboolean
n_deals_cond (JsonObject *state,
              gpointer    data)
{
  return dg_e2e_int (main_window (state), "n_deals") == GPOINTER_TO_INT (data);
}

static gboolean
undo_label_cond (JsonObject *state,
                 gpointer    data)
{
  return g_strcmp0 (dg_e2e_str (main_window (state), "undo_label"), data) == 0;
}

/* Ctrl+drag from OpenAI to NVIDIA draws a deal; on release it is made,
 * its panel open on the amount; Escape before the release makes none. */
static void
test_drag_adds_deal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) state = dg_e2e_state (f->e2e);
  int m0 = (int) dg_e2e_int (main_window (state), "n_deals");
  gint64 xid;
  double x0, y0, x1, y1;

  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "openai", &xid, &x0, &y0));
  g_assert_true (dg_e2e_locate_item (f->e2e, "company", "nvidia", &xid, &x1, &y1));

  /* Cancelled: nothing made, nothing moved. */
  dg_e2e_drag_with (f->e2e, "ctrl", "Escape", xid, x0, y0, x1, y1);
  g_assert_true (dg_e2e_wait_idle (f->e2e));
  g_assert_true (dg_e2e_wait (f->e2e, n_deals_cond, GINT_TO_POINTER (m0), "no deal"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "no change"));
  {
    double x, y;

    g_assert_true (dg_e2e_locate_item (f->e2e, "company", "openai", &xid, &x, &y));
    g_assert_cmpfloat (fabs (x - x0) + fabs (y - y0), <, 1.0);
  }

  dg_e2e_drag_with (f->e2e, "ctrl", NULL, xid, x0, y0, x1, y1);
  g_assert_true (dg_e2e_wait (f->e2e, n_deals_cond, GINT_TO_POINTER (m0 + 1), "a deal is made"));
  g_assert_true (dg_e2e_wait (f->e2e, selected_deal_cond, (gpointer) "openai>nvidia|", "from OpenAI to NVIDIA"));
  /* The amount's field has the keyboard: type it. */
  dg_e2e_type (f->e2e, "5e9");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, undo_label_cond, (gpointer) "Change Amount", "the amount is set"));
  dg_e2e_key (f->e2e, "ctrl+z");
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, n_deals_cond, GINT_TO_POINTER (m0), "both undone"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "as saved"));
}

/* In the deal's panel: the direction swapped with one click, a source
 * moved down with Alt+Down in its field; in OpenAI's, its id changed in
 * the Advanced part, and its deals follow; each undone with Ctrl+Z,
 * redone, saved, and so in the file. */
static void
test_edit_ends_sources_id (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-edit2-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(JsonObject) other = NULL;
  JsonArray *sources;
  int status = -1;

  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, NULL);
  dg_e2e_click_item (f->e2e, "deal", "msft-openai-2023", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selection_cond, (gpointer) "deal:msft-openai-2023", "the deal opens"));
  dg_e2e_click_widget (f->e2e, "id:edit-expander");
  g_assert_true (dg_e2e_wait (f->e2e, selected_deal_cond,
                              (gpointer) "microsoft>openai|LA Times,ibbit.at,feeds.vc", "as in the file"));

  dg_e2e_click_widget (f->e2e, "id:swap-button");
  g_assert_true (dg_e2e_wait (f->e2e, selected_deal_cond,
                              (gpointer) "openai>microsoft|LA Times,ibbit.at,feeds.vc", "swapped"));
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (TRUE), "unsaved"));

  /* The keyboard moves a source: Alt+Down in its publisher's field,
   * reached with Tab from the term (the form scrolls to it). */
  dg_e2e_click_widget (f->e2e, "id:term-entry");
  for (guint i = 0; i < 5; i++)
    dg_e2e_key (f->e2e, "Tab");
  dg_e2e_key (f->e2e, "alt+Down");
  g_assert_true (dg_e2e_wait (f->e2e, selected_deal_cond,
                              (gpointer) "openai>microsoft|ibbit.at,LA Times,feeds.vc", "moved down"));
  /* Still in the keyboard's hands, it moves on. */
  dg_e2e_key (f->e2e, "space");
  g_assert_true (dg_e2e_wait (f->e2e, selected_deal_cond,
                              (gpointer) "openai>microsoft|ibbit.at,feeds.vc,LA Times", "and again"));

  /* Ctrl+Z from the canvas (a click on the deal gives it the keyboard)
   * undoes the moves, then the swap. */
  dg_e2e_click_item (f->e2e, "deal", "msft-openai-2023", 1, 1);
  dg_e2e_key (f->e2e, "ctrl+z");
  dg_e2e_key (f->e2e, "ctrl+z");
  dg_e2e_key (f->e2e, "ctrl+z");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "all undone"));
  dg_e2e_key (f->e2e, "ctrl+shift+z");
  dg_e2e_key (f->e2e, "ctrl+shift+z");
  g_assert_true (dg_e2e_wait (f->e2e, selected_deal_cond,
                              (gpointer) "openai>microsoft|ibbit.at,LA Times,feeds.vc", "two redone"));

  /* OpenAI's id, in the Advanced part: its deals follow. */
  dg_e2e_click_item (f->e2e, "company", "openai", 1, 1);
  g_assert_true (dg_e2e_wait (f->e2e, selected_id_cond, (gpointer) "openai", "the company opens"));
  dg_e2e_click_widget (f->e2e, "id:advanced-expander");
  g_assert_true (dg_e2e_wait_widget (f->e2e, "id:id-entry"));
  /* A taken id is refused with the loader's words. */
  dg_e2e_click_widget (f->e2e, "id:id-entry");
  dg_e2e_key (f->e2e, "ctrl+a");
  dg_e2e_type (f->e2e, "microsoft");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, edit_error_cond, (gpointer) "duplicate company id", "refused"));
  dg_e2e_click_widget (f->e2e, "id:id-entry");
  dg_e2e_key (f->e2e, "ctrl+a");
  dg_e2e_type (f->e2e, "oai");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_id_cond, (gpointer) "oai", "the id changed"));

  dg_e2e_key (f->e2e, "ctrl+s");
  g_assert_true (dg_e2e_wait (f->e2e, modified_cond, GINT_TO_POINTER (FALSE), "saved"));
  dg_e2e_key (f->e2e, "ctrl+q");
  g_assert_true (dg_e2e_wait_exit (f->e2e, &status));
  g_clear_pointer (&f->e2e, dg_e2e_free);

  deal = saved_object (path, "deals", "msft-openai-2023");
  g_assert_cmpstr (json_object_get_string_member (deal, "from"), ==, "oai");
  g_assert_cmpstr (json_object_get_string_member (deal, "to"), ==, "microsoft");
  sources = json_object_get_array_member (deal, "sources");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 0), "publisher"), ==, "ibbit.at");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 1), "publisher"), ==, "LA Times");
  other = saved_object (path, "deals", "nvda-openai-loi");
  g_assert_cmpstr (json_object_get_string_member (other, "to"), ==, "oai");
  g_assert_null (saved_object (path, "companies", "openai"));
  g_assert_nonnull (saved_object (path, "companies", "oai"));
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
}


static guint
count_windows (JsonObject *state,
               const char *type)
{
  JsonArray *windows = state != NULL && json_object_has_member (state, "windows")
                       ? json_object_get_array_member (state, "windows") : NULL;
  guint n = 0;

  for (guint i = 0; windows != NULL && i < json_array_get_length (windows); i++)
    {
      JsonObject *w = json_array_get_object_element (windows, i);

      n += g_strcmp0 (dg_e2e_str (w, "type"), type) == 0 && dg_e2e_bool (w, "mapped");
    }
  return n;
}

static gboolean
n_windows_cond (JsonObject *state,
                gpointer    data)
{
  return count_windows (state, "DgWindow") == GPOINTER_TO_UINT (data);
}

static gboolean
second_offer_cond (JsonObject *state,
                   gpointer    data)
{
  return count_windows (state, "DgWindow") == 2 && count_windows (state, "GtkMessageDialog") == 1;
}

static gboolean
both_restored_cond (JsonObject *state,
                    gpointer    data)
{
  JsonArray *windows = json_object_get_array_member (state, "windows");
  int want = GPOINTER_TO_INT (data);
  gboolean big = FALSE, small = FALSE;

  if (count_windows (state, "DgWindow") != 2 || count_windows (state, "GtkMessageDialog") != 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (windows); i++)
    {
      JsonObject *w = json_array_get_object_element (windows, i);

      if (g_strcmp0 (dg_e2e_str (w, "type"), "DgWindow") != 0 || !dg_e2e_bool (w, "modified"))
        continue;
      big |= dg_e2e_int (w, "n_companies") == want;
      small |= dg_e2e_int (w, "n_companies") == 1;
    }
  return big && small;
}

static gboolean
n_recovery_copies_cond (JsonObject *state,
                        gpointer    data)
{
  g_autoptr(GDir) d = g_dir_open (data, 0, NULL);
  const char *name;
  guint n = 0;

  /* A copy counts with its note beside it (the note is written first). */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".dealgraph.json"))
      {
        g_autofree char *info = g_strconcat (data, G_DIR_SEPARATOR_S, name, ".info", NULL);

        n += g_file_test (info, G_FILE_TEST_EXISTS);
      }
  return n == 2;
}

/* Two windows with unsaved changes, killed: the next start offers both
 * back, one after the other, each in a window of its own. */
static void
test_kill_restore_two (gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-e2e-kill2-XXXXXX", NULL);
  g_autofree char *path = copy_dataset (dir);
  g_autofree char *state_home = g_build_filename (dir, "state", NULL);
  g_autofree char *recovery = g_build_filename (state_home, "dealgraph", "recovery", NULL);
  g_autofree char *env_state = g_strconcat ("XDG_STATE_HOME=", state_home, NULL);
  const char *env[] = { env_state, NULL };
  Fixture fixture = { 0 }, *f = &fixture;
  int n0;

  g_mkdir (state_home, 0700);
  f->e2e = dg_e2e_start ((const char *[]) { path, NULL }, env);
  n0 = n_companies (f);
  dg_e2e_key (f->e2e, "ctrl+shift+c");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (n0 + 1), "a company is added"));
  dg_e2e_type (f->e2e, "First");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "First", "named"));

  dg_e2e_key (f->e2e, "ctrl+n");
  g_assert_true (dg_e2e_wait (f->e2e, n_windows_cond, GUINT_TO_POINTER (2), "a new network's window"));
  g_assert_true (dg_e2e_wait (f->e2e, active_dialog_cond, (gpointer) "DgWindow", "it has the keyboard"));
  dg_e2e_key (f->e2e, "ctrl+shift+c");
  g_assert_true (dg_e2e_wait (f->e2e, n_companies_cond, GINT_TO_POINTER (1), "a company in the new one"));
  dg_e2e_type (f->e2e, "Second");
  dg_e2e_key (f->e2e, "Return");
  g_assert_true (dg_e2e_wait (f->e2e, selected_name_cond, (gpointer) "Second", "named"));
  g_assert_true (dg_e2e_wait (f->e2e, n_recovery_copies_cond, recovery, "a recovery copy each"));
  g_clear_pointer (&f->e2e, dg_e2e_free);

  f->e2e = dg_e2e_start (NULL, env);
  g_assert_true (dg_e2e_wait (f->e2e, dialog_cond, (gpointer) "GtkMessageDialog", "the first offer"));
  dg_e2e_click_widget (f->e2e, "label:Restore");
  g_assert_true (dg_e2e_wait (f->e2e, second_offer_cond, NULL, "the second offer, in a window of its own"));
  dg_e2e_click_widget (f->e2e, "label:Restore");
  g_assert_true (dg_e2e_wait (f->e2e, both_restored_cond, GINT_TO_POINTER (n0 + 1), "both back, unsaved"));
  g_clear_pointer (&f->e2e, dg_e2e_free);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  dg_e2e_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/dealgraph/e2e/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("start", test_start);
  ADD ("edit/drag-adds-deal", test_drag_adds_deal);
  ADD ("ctrl-wheel", test_ctrl_wheel);
  ADD ("presentation/keys", test_presentation_keys);
  ADD ("presentation/clicks", test_presentation_clicks);
  ADD ("presentation/from-tour-editor", test_tour_editor_present);
  ADD ("view/fit-fills", test_fit_fills);
  ADD ("view/panel-keeps-view", test_panel_keeps_view);
  ADD ("legend", test_legend);
  ADD ("double-click", test_double_click);
  ADD ("view/list-reveals", test_list_reveals);
  ADD ("highlight-clears", test_highlight_clears);
  ADD ("view/cycle-clear-of-legend", test_cycle_clear_of_legend);
  ADD ("click-where-divider-was", test_click_where_divider_was);
  ADD ("tooltip-after-click", test_tooltip_after_click);
  ADD ("list-follows-canvas", test_list_follows_canvas);
  ADD ("context-menu", test_context_menu);
  ADD ("context-menu/merge", test_context_merge);
  ADD ("drag-then-click", test_drag_then_click);
  ADD ("timeline-play", test_timeline_play);
  ADD ("export-dialog", test_export_dialog);
  ADD ("keyboard", test_keyboard);
  ADD ("mouse", test_mouse);
  g_test_add_data_func ("/dealgraph/e2e/save-and-reload", NULL, test_save_reload);
  g_test_add_data_func ("/dealgraph/e2e/save-as-name", NULL, test_save_as_name);
  g_test_add_data_func ("/dealgraph/e2e/translations-fit/de", "de", test_translations_fit);
  g_test_add_data_func ("/dealgraph/e2e/loading/keys-while-loading", NULL, test_keys_while_loading);
  g_test_add_data_func ("/dealgraph/e2e/loading/last-open-wins", NULL, test_last_open_wins);
  g_test_add_data_func ("/dealgraph/e2e/translations-fit/fr", "fr", test_translations_fit);
  g_test_add_data_func ("/dealgraph/e2e/quit/asks-and-saves", NULL, test_quit_asks);
  g_test_add_data_func ("/dealgraph/e2e/quit/discard", NULL, test_quit_discard);
  g_test_add_data_func ("/dealgraph/e2e/edit/undo-redo-save", NULL, test_edit_undo_save);
  ADD ("edit/double-click-adds", test_double_click_adds);
  g_test_add_data_func ("/dealgraph/e2e/edit/kill-and-restore", NULL, test_kill_restore);
  g_test_add_data_func ("/dealgraph/e2e/edit/kill-and-restore-two", NULL, test_kill_restore_two);
  g_test_add_data_func ("/dealgraph/e2e/edit/ends-sources-id", NULL, test_edit_ends_sources_id);
  g_test_add_data_func ("/dealgraph/e2e/edit/big-network-shows-at-once", NULL, test_big_edit_shows);

  return dg_e2e_run ();
}
