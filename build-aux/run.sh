#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds Dealgraph and runs it on the embedded
# AI-deals dataset (or on the files given as arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
dg_ensure_packages "${dg_packages_build[@]}" "${dg_packages_run[@]}"

[[ -f build/build.ninja ]] || meson setup build
ninja -C build

# Run from the build tree: settings schema and translations from there too.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export DEALGRAPH_LOCALEDIR="$PWD/build/po"
exec ./build/src/dealgraph "$@"
