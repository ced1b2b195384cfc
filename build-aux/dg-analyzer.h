/* dg-analyzer.h: what the clang static analyzer (scan-build) needs to read
 * GLib code without false alarms; empty in every other build
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Force-included into every C file (the root meson.build), before any other
 * header. clang 14's analyzer does not model __attribute__((cleanup)), so
 * every g_autofree buffer from g_new() and friends looks leaked at its last
 * use (about 90 false reports), and it cannot follow the invariants that
 * make g_new()'s uninitialised arrays fully written before they are read
 * (CSR offsets and the like). Renaming GLib's allocators to functions the
 * analyzer does not know makes their memory opaque to it: it then checks
 * everything else (NULL dereferences, garbage values from the stack, dead
 * stores, use after g_free, double g_free of other memory) and stops
 * guessing about heap buffers. Leaks and reads of uninitialised heap memory
 * stay covered at run time: every CI test runs under AddressSanitizer with
 * LeakSanitizer and MALLOC_CHECK_. The names only change in the analyzer's
 * pass (__clang_analyzer__), so the built program is untouched; they are
 * defined before GLib's headers, so GLib's own declarations and its g_new()
 * macros follow them consistently.
 */
#pragma once

#ifdef __clang_analyzer__
#define g_malloc       dg_analyzer_opaque_malloc
#define g_malloc0      dg_analyzer_opaque_malloc0
#define g_malloc_n     dg_analyzer_opaque_malloc_n
#define g_malloc0_n    dg_analyzer_opaque_malloc0_n
#define g_realloc      dg_analyzer_opaque_realloc
#define g_realloc_n    dg_analyzer_opaque_realloc_n
#define g_try_malloc   dg_analyzer_opaque_try_malloc
#define g_try_malloc0  dg_analyzer_opaque_try_malloc0
#define g_try_malloc_n dg_analyzer_opaque_try_malloc_n
#define g_try_malloc0_n dg_analyzer_opaque_try_malloc0_n
#define g_try_realloc  dg_analyzer_opaque_try_realloc
#define g_try_realloc_n dg_analyzer_opaque_try_realloc_n
#define g_memdup2      dg_analyzer_opaque_memdup2
#endif
