#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the window's frames cost while a person pans, zooms and hovers over a
# big network, with real X input (xdotool) under Xvfb:
#
#   bench/canvas-frames.sh BUILDDIR N [N...]
#
# For each N, writes the generated network of N companies
# (BUILDDIR/bench/gen-laid-out), opens it in BUILDDIR/src/dealgraph with
# DEALGRAPH_FRAME_STATS=1 and GSK_RENDERER=cairo (Xvfb has no GPU), then:
# drags the empty corner (pan at fit), presses Ctrl++ twelve times (zoom in),
# the arrow keys forty times (pan zoomed in), Ctrl+- twelve times (zoom out),
# Ctrl+0 (fit), and moves the pointer over the network (hover), waiting three
# seconds between steps. Prints each step's frame lines: mean and worst frame
# of every burst, and how long the sharp frame took after the last change.
# Needs xvfb, xdotool and dbus (build-aux/deps.sh installs them).
set -euo pipefail
builddir=$(cd "$1" && pwd)
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
  local file=$1 log=$2 n=70 xpid app wid
  while [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  for _ in $(seq 100); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
  # Appended to by the app and by step (below), both in append mode.
  : >"$log"
  DISPLAY=":$n" GDK_BACKEND=x11 DEALGRAPH_FRAME_STATS=1 GSK_RENDERER=cairo GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="$builddir/data" setsid dbus-run-session -- "$builddir/src/dealgraph" "$file" >>"$log" 2>&1 &
  app=$!
  export DISPLAY=":$n"
  # Wait for the window, then for the file to load (its title shows the count).
  for _ in $(seq 600); do
    wid=$(xdotool search --onlyvisible --name "companies|deal network" 2>/dev/null | head -1 || true)
    [[ -n $wid ]] && break
    sleep 0.1
  done
  for _ in $(seq 600); do
    grep -q "window frames" "$log" 2>/dev/null && break
    sleep 0.1
  done
  xdotool windowactivate --sync "$wid" 2>/dev/null || true
  xdotool windowsize "$wid" 1900 1040 windowmove "$wid" 0 0
  sleep 6
  step() { echo "=== $1" >>"$log"; }
  step "pan at fit"
  xdotool mousemove 1800 130 mousedown 1
  for i in $(seq 1 60); do xdotool mousemove $((1800 - i * 6)) $((130 + i * 3)); sleep 0.016; done
  xdotool mouseup 1 mousemove 1880 1000
  sleep 3
  step "zoom in"
  for _ in $(seq 1 12); do xdotool key ctrl+plus; sleep 0.05; done
  sleep 3
  step "pan zoomed in"
  for _ in $(seq 1 20); do xdotool key Left; sleep 0.03; done
  for _ in $(seq 1 20); do xdotool key Up; sleep 0.03; done
  sleep 3
  step "zoom out"
  for _ in $(seq 1 12); do xdotool key ctrl+minus; sleep 0.05; done
  sleep 3
  step "fit"
  xdotool key ctrl+0
  sleep 3
  step "hover"
  for i in $(seq 1 40); do xdotool mousemove $((1000 + i * 5)) $((500 + i * 2)); sleep 0.02; done
  sleep 3
  step end
  kill -- -"$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  kill "$xpid" 2>/dev/null || true
  wait "$xpid" 2>/dev/null || true
}

for n in "$@"; do
  "$builddir/bench/gen-laid-out" "$n" "$work/net-$n.json"
  run "$work/net-$n.json" "$work/log-$n"
  echo "== $n companies"
  grep -E "^===|window frames" "$work/log-$n" | sed 's/^.*Message: [0-9:.]*: /  /'
done
