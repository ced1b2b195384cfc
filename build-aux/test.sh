#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds Dealgraph and runs every test (the GTK
# ones in a virtual X server). Extra arguments go to `meson setup`, e.g.
#   build-aux/test.sh -Db_sanitize=address,undefined
# BUILDDIR picks the build directory (default: build-test); DG_TEST_ARGS adds
# arguments to `meson test`, e.g. DG_TEST_ARGS="--no-suite e2e".
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
dg_ensure_packages "${dg_packages_build[@]}" "${dg_packages_run[@]}" "${dg_packages_test[@]}"
dg_ensure_locales

builddir=${BUILDDIR:-build-test}
if [[ -f $builddir/build.ninja ]]; then
  meson configure "$builddir" -Dwerror=true "$@" >/dev/null
else
  meson setup "$builddir" -Dwerror=true "$@"
fi
ninja -C "$builddir"

# GTK tests need a display; give the whole run one virtual X server and a
# session bus.
exec xvfb-run -a -s "-screen 0 1920x1080x24" \
  dbus-run-session -- meson test -C "$builddir" --print-errorlogs --num-processes 2 ${DG_TEST_ARGS:-}
