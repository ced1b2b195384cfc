#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# po/POTFILES.in must list every file with translatable strings, and only
# files that exist: a file left out means its strings never reach the
# translators, and a stale entry breaks `dealgraph-pot`. Prints TAP.
#
# Usage: test-potfiles.py SOURCE_ROOT

import os
import re
import sys

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), Q_(…), and the gettext family
# (ngettext, g_dngettext, g_dpgettext2…). Requiring the opening quote for the
# macros keeps identifiers such as `foo_ (` and prose in comments out.
C_PATTERNS = [
    re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*"'),
    re.compile(r'(?<![A-Za-z0-9_])(?:g_)?d?n?p?gettext2?\s*\('),
]
UI_PATTERN = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')

# Under data/, these kinds of file are translated by their nature (names,
# summaries, descriptions), whatever they contain.
DATA_SUFFIXES = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')

SCANNED_DIRS = ('src', 'resources', 'data')


def read_potfiles(root):
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def translatable(path):
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False

    if path.endswith(('.c', '.h')):
        return any(p.search(text) for p in C_PATTERNS)
    if path.endswith(('.ui', '.ui.in')):
        return UI_PATTERN.search(text) is not None
    if path.endswith(DATA_SUFFIXES):
        return True
    if path.endswith('.xml.in') and '<mime-info' in text:
        return True
    return False


def scan(root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if translatable(path):
                    found.append(os.path.relpath(path, root))
    return sorted(found)


def main():
    if len(sys.argv) != 2:
        print('usage: test-potfiles.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = sys.argv[1]
    entries = read_potfiles(root)
    results = []

    missing = [e for e in entries if not os.path.isfile(os.path.join(root, e))]
    results.append(('every file listed in po/POTFILES.in exists', missing,
                    'listed but not found'))

    dupes = sorted({e for e in entries if entries.count(e) > 1})
    results.append(('po/POTFILES.in lists each file once', dupes, 'listed more than once'))

    unsorted = [b for a, b in zip(entries, entries[1:]) if a > b]
    results.append(('po/POTFILES.in is sorted', unsorted, 'out of order'))

    listed = set(entries)
    unlisted = [f for f in scan(root) if f not in listed]
    results.append(('every file with translatable strings is listed', unlisted,
                    'has translatable strings but is not in po/POTFILES.in'))

    print('1..%d' % len(results))
    failed = 0
    for i, (name, bad, why) in enumerate(results, 1):
        if bad:
            failed += 1
            print('not ok %d - %s' % (i, name))
            for b in bad:
                print('# %s: %s' % (b, why))
        else:
            print('ok %d - %s' % (i, name))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
