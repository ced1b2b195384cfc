#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Dealgraph needs to build, run and test,
# when any is missing. Sourced by build-aux/run.sh and build-aux/test.sh.

dg_packages_build=(
  meson ninja-build pkg-config gcc gettext libglib2.0-bin
  libglib2.0-dev libgtk-4-dev libjson-glib-dev libcairo2-dev libpango1.0-dev
)
dg_packages_run=(
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme
)
dg_packages_test=(
  xvfb xauth dbus dbus-x11 desktop-file-utils appstream libxml2-utils
  poppler-utils locales shared-mime-info python3-jsonschema
  graphviz python3-networkx python3-igraph
  xdotool openbox xclip libx11-dev x11-utils
  python3-pyatspi gir1.2-atspi-2.0 at-spi2-core
)
dg_packages_bench=(
  libigraph-dev graphviz python3-igraph libjson-c-dev libjansson-dev libyajl-dev
)
# .ci/run's static analysis (scan-build) and fuzzing (libFuzzer's runtime).
dg_packages_ci=(
  clang clang-tools libclang-rt-14-dev
)

# The translation tests check decimal commas and month names: they need the
# German and French locales, which Debian's locales package only generates
# on request.
dg_ensure_locales () {
  local loc sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  for loc in de_DE fr_FR; do
    locale -a 2>/dev/null | grep -qi "^${loc}.utf-\?8$" && continue
    echo "Generating the ${loc}.UTF-8 locale" >&2
    "${sudo[@]}" localedef -i "$loc" -f UTF-8 "${loc}.UTF-8" || true
  done
}

dg_ensure_packages () {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0

  echo "Installing: ${missing[*]}" >&2
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
