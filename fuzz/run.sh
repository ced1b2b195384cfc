#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fuzzes the loader and its round trip with libFuzzer, under ASan and UBSan.
#   fuzz/run.sh SECONDS [BUILDDIR] [more libFuzzer options]
# Builds fuzz/fuzz-loader with clang in BUILDDIR (default build-fuzz) when
# needed, seeds the corpus with every test fixture, JSONTestSuite's cases and
# the embedded dataset, and runs for SECONDS (0: until stopped). A failure
# leaves crash-* or leak-* files in the current folder and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
builddir=${2:-build-fuzz}
shift $(( $# < 2 ? $# : 2 ))

if [[ ! -f $builddir/build.ninja ]]; then
  # meson 1.0 refuses b_sanitize=...,fuzzer: the instrumentation goes in as
  # plain arguments, and fuzz/meson.build adds -fsanitize=fuzzer to the
  # target's link.
  CC=clang meson setup "$builddir" -Dtests=false -Dgui=disabled -Dbuildtype=debugoptimized \
    -Dc_args="-fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -Dc_link_args="-fsanitize=address,undefined" -Db_lundef=false >/dev/null
fi
ninja -C "$builddir" fuzz/fuzz-loader >/dev/null

corpus=$builddir/fuzz-corpus
mkdir -p "$corpus"
for f in tests/files/*.json tests/files/*/*.json tests/JSONTestSuite/test_parsing/*.json \
         resources/ai-deals-2025.dealgraph.json; do
  cp -n "$f" "$corpus/seed-$(basename "$f")"
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_odr_violation=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/build-aux/lsan.supp:print_suppressions=0}
exec "$builddir/fuzz/fuzz-loader" "$corpus" -dict=fuzz/dealgraph.dict -max_len=65536 \
  -max_total_time="$seconds" -print_final_stats=1 "$@"
