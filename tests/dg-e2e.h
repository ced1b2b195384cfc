/* dg-e2e.h: drive the real app with real X input, as a user's hands would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See docs/testing.md. The harness starts an X server (Xvfb) and a session
 * bus of its own, runs the built dealgraph binary on them with
 * DEALGRAPH_DEBUG_BUS=1, sends key, wheel, click and drag events through
 * xdotool, and reads back what the app shows: its debug D-Bus interface
 * (src/app/dg-debug.c), the pixels of the screen, and the files it writes.
 * Every wait is on a condition, with a generous deadline.
 */
#pragma once

#include <cairo.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _DgE2e DgE2e;

/* Returns TRUE when the state shows what the test waits for. */
typedef gboolean (*DgE2eCondition) (JsonObject *state,
                                    gpointer    data);

void         dg_e2e_init            (int                *argc,
                                     char             ***argv);
int          dg_e2e_run             (void);
DgE2e       *dg_e2e_start           (const char * const *args,
                                     const char * const *env);
DgE2e       *dg_e2e_start_full      (const char * const *args,
                                     const char * const *env,
                                     gboolean            wait_ready);
void         dg_e2e_free            (DgE2e              *e2e);
const char  *dg_e2e_get_tmpdir      (DgE2e              *e2e);

JsonObject  *dg_e2e_state           (DgE2e              *e2e);
JsonObject  *dg_e2e_window          (JsonObject         *state,
                                     const char         *type);
gboolean     dg_e2e_wait            (DgE2e              *e2e,
                                     DgE2eCondition      condition,
                                     gpointer            data,
                                     const char         *what);
gboolean     dg_e2e_wait_exit       (DgE2e              *e2e,
                                     int                *status);
gboolean     dg_e2e_running         (DgE2e              *e2e);
gboolean     dg_e2e_wait_idle       (DgE2e              *e2e);

void         dg_e2e_key             (DgE2e              *e2e,
                                     const char         *keys);
void         dg_e2e_type            (DgE2e              *e2e,
                                     const char         *text);
void         dg_e2e_move            (DgE2e              *e2e,
                                     gint64              xid,
                                     double              x,
                                     double              y);
void         dg_e2e_click           (DgE2e              *e2e,
                                     int                 button,
                                     int                 repeat);
void         dg_e2e_drag            (DgE2e              *e2e,
                                     gint64              xid,
                                     double              x0,
                                     double              y0,
                                     double              x1,
                                     double              y1);

void         dg_e2e_drag_with       (DgE2e              *e2e,
                                     const char         *modifier,
                                     const char         *key_before_release,
                                     gint64              xid,
                                     double              x0,
                                     double              y0,
                                     double              x1,
                                     double              y1);

gboolean     dg_e2e_locate_item     (DgE2e              *e2e,
                                     const char         *kind,
                                     const char         *id,
                                     gint64             *xid,
                                     double             *x,
                                     double             *y);
JsonObject  *dg_e2e_locate_widget   (DgE2e              *e2e,
                                     const char         *query);
JsonObject  *dg_e2e_locate_widget_stable (DgE2e           *e2e,
                                          const char      *query);
gboolean     dg_e2e_wait_widget     (DgE2e              *e2e,
                                     const char         *query);
void         dg_e2e_click_widget    (DgE2e              *e2e,
                                     const char         *query);
void         dg_e2e_click_item      (DgE2e              *e2e,
                                     const char         *kind,
                                     const char         *id,
                                     int                 button,
                                     int                 repeat);

gboolean     dg_e2e_wait_clipboard  (DgE2e              *e2e,
                                     const char         *target);
cairo_surface_t *dg_e2e_screenshot  (DgE2e              *e2e,
                                     gint64              xid,
                                     int                 x,
                                     int                 y,
                                     int                 width,
                                     int                 height);
guint        dg_e2e_count_ink       (cairo_surface_t    *surface,
                                     guint32             background,
                                     int                *x0,
                                     int                *y0,
                                     int                *x1,
                                     int                *y1);
guint32      dg_e2e_dominant_color  (cairo_surface_t    *surface);
cairo_surface_t *dg_e2e_screenshot_canvas (DgE2e        *e2e,
                                           JsonObject   *window);

/* Small readers for the state's JSON. */
const char  *dg_e2e_str             (JsonObject         *object,
                                     const char         *member);
gint64       dg_e2e_int             (JsonObject         *object,
                                     const char         *member);
double       dg_e2e_double          (JsonObject         *object,
                                     const char         *member);
gboolean     dg_e2e_bool            (JsonObject         *object,
                                     const char         *member);
JsonObject  *dg_e2e_obj             (JsonObject         *object,
                                     const char         *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgE2e, dg_e2e_free)

G_END_DECLS
