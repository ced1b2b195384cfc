#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The app as a screen reader sees it: starts the built dealgraph on an X
# server, session bus and accessibility bus of its own, reads its whole tree
# through AT-SPI (pyatspi, as Orca does), drives it with real X key events
# (xdotool) and checks what the tree says.
#
#   test-a11y.py DEALGRAPH SCHEMA_DIR DATASET [--dump]
#
# Runs with Debian's /usr/bin/python3 (python3-pyatspi, gir1.2-atspi-2.0,
# at-spi2-core, xvfb, dbus, openbox, xdotool: build-aux/deps.sh). Output is
# TAP. Nothing sleeps for a fixed time: every step waits for a condition with
# a deadline (DG_A11Y_TIMEOUT_SCALE multiplies them).

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30.0 * float(os.environ.get("DG_A11Y_TIMEOUT_SCALE", "1"))

# Roles a user acts on: each must have a name of its own.
ACTIONABLE_ROLES = {
    "push button", "toggle button", "check box", "radio button", "menu item",
    "check menu item", "radio menu item", "entry", "password text", "combo box",
    "link", "slider", "spin button", "page tab", "switch", "button", "menu button",
}
# Where a screen reader says the name as it enters: these may go unnamed,
# but never by a GTK type.
CONTAINER_ROLES = {
    "menu", "popup menu", "menu bar", "list", "list box", "table", "tree table", "tree",
    "page tab list", "dialog", "frame", "window", "scroll pane", "tool bar",
}
# Rows of lists and tables count when they take the focus.
ROW_ROLES = {"table row", "list item", "tree item"}

TYPE_NAME = re.compile(r"^(Gtk|Gdk|Dg|Adw)[A-Z][A-Za-z0-9]*$")
# "_Open", "Show _All": an underscore that starts a word or sits inside one
# before a letter, as a mnemonic does; "a_b" in a file name would pass only
# if it did not look like one, and no name here is a file name.
MNEMONIC = re.compile(r"(^|[\s(\[])_[^\s_]|[^\s_]_[A-Za-z]")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, diag=None):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, what), flush=True)
        if not cond and diag:
            for line in str(diag).splitlines():
                print("# " + line, flush=True)
        return cond

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def bail(self, text):
        print("Bail out! " + text, flush=True)
        sys.exit(1)


tap = Tap()
children = []


def stop_all():
    for p in reversed(children):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def die_with_parent():
    # If the test is killed outright, its servers and the app go too.
    import ctypes
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def spawn(argv, env, **kw):
    # A process group of its own, so stopping it stops what it started.
    p = subprocess.Popen(argv, env=env, start_new_session=True, preexec_fn=die_with_parent, **kw)
    children.append(p)
    return p


def read_fd_line(fd, what):
    deadline = time.monotonic() + TIMEOUT
    data = b""
    while not data.endswith(b"\n"):
        if time.monotonic() > deadline:
            tap.bail("no answer from " + what)
        chunk = os.read(fd, 256)
        if not chunk:
            tap.bail(what + " ended without an answer")
        data += chunk
    os.close(fd)
    return data.decode().strip()


def wait_for(cond, what, timeout=None, step=None):
    """Polls cond() until it returns something true, with a deadline;
    step() runs between polls (the AT-SPI main loop)."""
    deadline = time.monotonic() + (timeout or TIMEOUT)
    delay = 0.01
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        if step:
            step()
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def start_environment(tmp):
    env = dict(os.environ)
    for var in ("WAYLAND_DISPLAY", "AT_SPI_BUS_ADDRESS", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(var, None)

    r, w = os.pipe()
    spawn(["Xvfb", "-displayfd", str(w), "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
          env, pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    env["DISPLAY"] = ":" + read_fd_line(r, "Xvfb")

    r, w = os.pipe()
    spawn(["dbus-daemon", "--session", "--nofork", "--print-address=%d" % w],
          env, pass_fds=(w,), stdout=subprocess.DEVNULL)
    os.close(w)
    env["DBUS_SESSION_BUS_ADDRESS"] = read_fd_line(r, "dbus-daemon")

    # Openbox, as a desktop would: it gives new windows the keyboard.
    wm_log = open(os.path.join(tmp, "openbox.log"), "w")
    wm = spawn(["openbox", "--sm-disable"], env, stdout=wm_log, stderr=subprocess.STDOUT)
    # Openbox now and then finds the new server not yet taking clients;
    # it gets a few more tries.
    for _ in range(5):
        try:
            wm.wait(0.3)
        except subprocess.TimeoutExpired:
            break
        wm = spawn(["openbox", "--sm-disable"], env, stdout=wm_log, stderr=subprocess.STDOUT)

    def wm_ready():
        out = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env,
                             capture_output=True, text=True).stdout
        return "window id" in out
    if not wait_for(wm_ready, "the window manager"):
        with open(os.path.join(tmp, "openbox.log")) as f:
            tap.diag(f.read())
        tap.bail("openbox did not start (%s)" % ("running" if wm.poll() is None else "exit %s" % wm.poll()))

    # The accessibility bus, started the way a GNOME session starts it.
    spawn(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"], env,
          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def a11y_bus_ready():
        out = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
                              "/org/a11y/bus", "org.a11y.Bus.GetAddress"], env=env,
                             capture_output=True, text=True).stdout
        return "unix:" in out
    if not wait_for(a11y_bus_ready, "the accessibility bus"):
        tap.bail("at-spi-bus-launcher did not start")

    for home in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"):
        path = os.path.join(tmp, home.lower())
        os.makedirs(path, mode=0o700, exist_ok=True)
        env[home] = path
    return env


# ---- reading the tree --------------------------------------------------

def atspi():
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi, GLib
    return Atspi, GLib


def pump():
    """Lets libatspi read the events the app sent, so cached names and
    states are current."""
    _, GLib = atspi()
    ctx = GLib.MainContext.default()
    while ctx.pending():
        ctx.iteration(False)


def fresh(acc, live):
    # libatspi keeps what it read and updates it from the app's events; a
    # value the test waits on to change is read again from the app.
    if live:
        try:
            acc.clear_cache()
        except Exception:
            pass
    return acc


def name_of(acc, live=True):
    try:
        return fresh(acc, live).get_name() or ""
    except Exception:
        return ""


def description_of(acc, live=True):
    try:
        return fresh(acc, live).get_description() or ""
    except Exception:
        return ""


def role_of(acc):
    try:
        return acc.get_role_name()
    except Exception:
        return "?"


def states_of(acc, live=True):
    try:
        ss = fresh(acc, live).get_state_set()
        return {s.value_nick for s in ss.get_states()}
    except Exception:
        return set()


def kids(acc):
    try:
        n = acc.get_child_count()
    except Exception:
        return []
    out = []
    for i in range(n):
        try:
            c = acc.get_child_at_index(i)
        except Exception:
            c = None
        if c is not None:
            out.append(c)
    return out


def walk(acc, depth=0):
    yield acc, depth
    for c in kids(acc):
        yield from walk(c, depth + 1)


def find_app(pid):
    Atspi, _ = atspi()
    desktop = Atspi.get_desktop(0)
    for app in kids(desktop):
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:
            pass
    return None


def frames(app):
    # Every toplevel but tooltips, whatever its role: the test checks roles.
    return [w for w in kids(app) if "Tooltip" not in name_of(w)]


def find(root, pred):
    for acc, _ in walk(root):
        if pred(acc):
            return acc
    return None


def dump_tree(root, out=print):
    for acc, depth in walk(root):
        desc = description_of(acc)
        states = states_of(acc)
        flags = ",".join(sorted(s for s in states if s in ("focusable", "focused", "showing", "checked", "selected")))
        out("%s%s %r%s [%s]" % ("  " * depth, role_of(acc), name_of(acc),
                                " desc=%r" % desc if desc else "", flags))


def problems_in(root):
    """Every named-ness problem under root, as text lines."""
    out = []
    for acc, _ in walk(root):
        role = role_of(acc)
        name = name_of(acc, live=False)
        states = states_of(acc, live=False)
        actionable = role in ACTIONABLE_ROLES or (role in ROW_ROLES and "focusable" in states)
        where = "%s %r" % (role, name)
        if actionable and not name.strip():
            out.append("no name: " + where + path_of(acc))
        if (actionable or role in CONTAINER_ROLES) and TYPE_NAME.match(name):
            out.append("a type for a name: " + where + path_of(acc))
        if MNEMONIC.search(name):
            out.append("a mnemonic in the name: " + where + path_of(acc))
        words = name.split()
        half = len(words) // 2
        if half and len(words) % 2 == 0 and words[:half] == words[half:]:
            out.append("a doubled name: " + where + path_of(acc))
    return out


def path_of(acc):
    parts = []
    try:
        p = acc.get_parent()
        while p is not None and len(parts) < 6:
            parts.append("%s %r" % (role_of(p), name_of(p)))
            p = p.get_parent()
    except Exception:
        pass
    return " (in " + " < ".join(parts) + ")" if parts else ""


def xdotool(env, *args):
    subprocess.run(["xdotool"] + list(args), env=env, check=True)


def key(env, *keys):
    xdotool(env, "key", "--delay", "40", *keys)


def load_dataset(path):
    import json
    with open(path) as f:
        doc = json.load(f)
    names = {c["id"]: c["name"] for c in doc["companies"]}
    deals = [(d["from"], d["to"]) for d in doc["deals"]]
    # Companies and deals on a cycle, computed here by Tarjan's algorithm
    # from the file itself, not by the app: a deal lies on a cycle when its
    # ends share a strongly connected component, or it is a self-loop.
    index, low, comp, stack, on = {}, {}, {}, [], set()
    counter = [0]
    adj = {c: [] for c in names}
    for a, b in deals:
        adj[a].append(b)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in adj[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            while True:
                w = stack.pop()
                on.discard(w)
                comp[w] = v
                if w == v:
                    break
    sys.setrecursionlimit(10000)
    for v in names:
        if v not in index:
            strong(v)
    cyclic_deal = [a == b or comp[a] == comp[b] for a, b in deals]
    return names, deals, cyclic_deal


def frame_named(acc_app, pred):
    for f in frames(acc_app):
        if pred(f):
            return f
    return None


def run_checks(app, env, dump, dataset):
    Atspi, _ = atspi()
    Atspi.init()
    names, deals, cyclic_deal = load_dataset(dataset)

    acc_app = wait_for(lambda: find_app(app.pid), "the app on the bus", step=pump)
    if acc_app is None:
        tap.bail("the app never appeared on the accessibility bus")

    def main_canvas():
        for f in frames(acc_app):
            c = find(f, lambda a: role_of(a) == "image" and "focusable" in states_of(a))
            if c is not None:
                return f, c
        return None
    found = wait_for(main_canvas, "the canvas", step=pump)
    if found is None:
        tap.bail("no canvas in the tree")
    window, canvas = found
    if dump:
        for f in frames(acc_app):
            dump_tree(f)
        return

    # 1. Every control has a name a person reads.
    problems = problems_in(window)
    tap.ok(not problems, "every control in the main window has a proper name", "\n".join(problems))
    idle_name = name_of(canvas)
    tap.ok(idle_name == "Deal network diagram" and "sidebar" in description_of(canvas),
           "the canvas says what it is and how to walk it",
           "name %r, description %r" % (idle_name, description_of(canvas)))

    # 2. Real keys: Tab reaches a company, the canvas's name says which.
    if not wait_for(lambda: "active" in states_of(window) and "focused" in states_of(canvas),
                    "the window and canvas have the keyboard", step=pump):
        tap.diag("window states %s, canvas states %s" % (states_of(window), states_of(canvas)))
    key(env, "Tab")
    company_name = wait_for(lambda: name_of(canvas) if name_of(canvas) != idle_name else None,
                            "the canvas names a company", step=pump)
    company_id = None
    if company_name:
        for cid, cname in names.items():
            if company_name.startswith(cname + ",") and (company_id is None or len(cname) > len(names[company_id])):
                company_id = cid
    if tap.ok(company_id is not None, "Tab: the canvas's name is the focused company",
              "name %r" % company_name):
        n_in = sum(1 for a, b in deals if b == company_id)
        n_out = sum(1 for a, b in deals if a == company_id)
        on_cycle = any(c and company_id in d for d, c in zip(deals, cyclic_deal))
        want_in = "%d deal%s in" % (n_in, "" if n_in == 1 else "s")
        want_out = "%d deal%s out" % (n_out, "" if n_out == 1 else "s")
        want_cycle = "; on a cycle" if on_cycle else "; not on a cycle"
        tap.ok(want_in in company_name and want_out in company_name and company_name.endswith(want_cycle),
               "the company's deals in and out and its cycle match the file",
               "name %r; want %r, %r, %r" % (company_name, want_in, want_out, want_cycle))
        tap.ok("Enter" in description_of(canvas), "the description says what the keys do on a company",
               description_of(canvas))
    else:
        tap.ok(False, "the company's deals in and out and its cycle match the file")
        tap.ok(False, "the description says what the keys do on a company")

    # 3. Alt+Down follows the money out of it: the canvas names the deal.
    key(env, "alt+Down")
    deal_name = wait_for(lambda: name_of(canvas) if name_of(canvas).startswith("Deal from ") else None,
                         "the canvas names a deal", step=pump)
    ok = False
    if deal_name and company_id:
        payer = names[company_id]
        prefix = "Deal from %s to " % payer
        if deal_name.startswith(prefix):
            rest = deal_name[len(prefix):]
            for i, (a, b) in enumerate(deals):
                if a == company_id and rest.startswith(names[b] + ":"):
                    want_cycle = "; on a cycle" if cyclic_deal[i] else "; not on a cycle"
                    ok = ok or deal_name.endswith(want_cycle)
    tap.ok(ok, "Alt+Down: the canvas's name is a deal out of that company, with its cycle as in the file",
           "name %r, company %r" % (deal_name, company_id))

    # The panel the deal opened has names too.
    problems = problems_in(window)
    tap.ok(not problems, "with the deal panel open, every control still has a proper name", "\n".join(problems))

    # 4. Presentation mode (F5) speaks each slide.
    key(env, "F5")
    pres = wait_for(lambda: frame_named(acc_app, lambda f: f != window and find(
        f, lambda a: name_of(a).startswith("Slide ")) is not None), "the presentation", step=pump)
    if not tap.ok(pres is not None, "F5 opens a presentation that names its slide"):
        for f in kids(acc_app):
            tap.diag("app child: %s %r %s" % (role_of(f), name_of(f), states_of(f)))
            if f != window:
                dump_tree(f, out=tap.diag)
        return
    slide = find(pres, lambda a: name_of(a).startswith("Slide "))
    tap.ok(role_of(pres) == "frame" and name_of(pres) == "Presentation",
           "the presentation is a window named Presentation", "%s %r" % (role_of(pres), name_of(pres)))

    def slide_texts():
        labels = [name_of(a) for a, _ in walk(pres) if role_of(a) == "label"]
        return labels
    first = name_of(slide)
    texts = slide_texts()
    m = re.match(r"^Slide (\d+) of (\d+): (.*)$", first)
    tap.ok(m is not None and m.group(1) == "1" and m.group(3) in texts and m.group(3) != ""
           and description_of(slide) in texts and description_of(slide) != "",
           "the first slide's title and caption are its name and description",
           "name %r, description %r, labels %r" % (first, description_of(slide), texts))
    tap.ok("focused" in states_of(slide), "the slide has the keyboard, so a screen reader reads it as it changes",
           states_of(slide))
    pcanvas = find(pres, lambda a: role_of(a) == "image")
    tap.ok(pcanvas is not None and "sidebar" not in description_of(pcanvas).lower()
           and m is not None and name_of(pcanvas) == m.group(3),
           "the presentation's diagram is named after the slide and speaks of no sidebar",
           pcanvas and (name_of(pcanvas), description_of(pcanvas)))
    key(env, "space")
    second = wait_for(lambda: name_of(slide) if name_of(slide).startswith("Slide 2 ") else None,
                      "the second slide", step=pump)
    tap.ok(second is not None and description_of(slide) in slide_texts(),
           "Space: the next slide's title and caption are exposed", "name %r" % name_of(slide))
    problems = problems_in(pres)
    tap.ok(not problems, "every control in the presentation has a proper name", "\n".join(problems))
    key(env, "Escape")
    tap.ok(wait_for(lambda: "active" in states_of(window) and pres not in frames(acc_app),
                    "the presentation closes", step=pump),
           "Escape closes the presentation and the main window has the keyboard again")

    # 5. A dialog: the export dialog (Ctrl+E).
    key(env, "ctrl+e")
    dialog = wait_for(lambda: frame_named(acc_app, lambda f: f != window and f != pres
                                          and find(f, lambda a: role_of(a) == "spin button") is not None),
                      "the export dialog", step=pump)
    if tap.ok(dialog is not None, "Ctrl+E opens the export dialog"):
        problems = problems_in(dialog)
        if role_of(dialog) != "dialog":
            problems.append("the dialog is a %s" % role_of(dialog))
        tap.ok(not problems, "every control in the export dialog has a proper name", "\n".join(problems))
        key(env, "Escape")

    # 6. The main menu (F10) and its submenus.
    wait_for(lambda: "active" in states_of(window), "the main window has the keyboard", step=pump)
    key(env, "F10")
    # GTK 4.8 puts a popover menu in the tree when it first opens, but
    # does not mark it showing.
    menu = wait_for(lambda: find(window, lambda a: role_of(a) == "menu"
                                 and find(a, lambda i: name_of(i) == "Keyboard Shortcuts") is not None),
                    "the main menu", step=pump)
    if tap.ok(menu is not None, "F10 opens the main menu"):
        items = [name_of(a) for a, _ in walk(menu) if role_of(a).endswith("menu item")]
        problems = problems_in(window)
        tap.ok(len(items) >= 10 and not problems, "the main menu and its items have proper names",
               "items %r\n%s" % (items, "\n".join(problems)))

        # 7. The tour editor, opened as a screen reader user would: by the
        # menu item's action.
        Atspi, _ = atspi()
        item = find(menu, lambda a: role_of(a) == "menu item" and name_of(a, live=False) == "Edit the Tour…")
        editor = None
        if item is not None:
            Atspi.Action.do_action(item, 0)
            editor = wait_for(lambda: frame_named(acc_app, lambda f: f != window and f != pres and f != dialog
                                                  and find(f, lambda a: role_of(a) == "list item") is not None),
                              "the tour editor", step=pump)
        if tap.ok(editor is not None, "the menu's Edit the Tour… item opens the tour editor"):
            problems = problems_in(editor)
            if role_of(editor) != "frame":
                problems.append("the tour editor is a %s" % role_of(editor))
            tap.ok(not problems, "every control in the tour editor has a proper name", "\n".join(problems))


def main():
    if len(sys.argv) < 4:
        print("usage: test-a11y.py DEALGRAPH SCHEMA_DIR DATASET [--dump]", file=sys.stderr)
        return 2
    binary, schema_dir, dataset = sys.argv[1], sys.argv[2], sys.argv[3]
    # meson's timeout sends SIGTERM: clean up as on any other exit.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    dump = "--dump" in sys.argv[4:]
    tmp = tempfile.mkdtemp(prefix="dg-a11y-")
    try:
        env = start_environment(tmp)
        # pyatspi finds the accessibility bus through the session bus and
        # the display when it is imported.
        os.environ["DISPLAY"] = env["DISPLAY"]
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = env["DBUS_SESSION_BUS_ADDRESS"]
        app_env = dict(env)
        # The test suite turns accessibility off for every other test.
        app_env.pop("NO_AT_BRIDGE", None)
        app_env.pop("GTK_A11Y", None)
        app_env.update({
            "GDK_BACKEND": "x11",
            "GSETTINGS_BACKEND": "memory",
            "GSETTINGS_SCHEMA_DIR": schema_dir,
            "GDK_DEBUG": "gl-disable",
            "LC_ALL": "C.UTF-8",
        })
        log = open(os.path.join(tmp, "app.log"), "w")
        app = spawn([binary, dataset], app_env, stdout=log, stderr=subprocess.STDOUT)
        run_checks(app, env, dump, dataset)
        if tap.failed:
            log.flush()
            with open(os.path.join(tmp, "app.log")) as f:
                tap.diag("app output:\n" + f.read()[-4000:])
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
