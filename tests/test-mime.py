#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The MIME type definition does what a file manager needs: installed into a
# throw-away MIME database, *.dealgraph.json maps to
# application/x-dealgraph+json, which is a kind of application/json (so JSON
# tools still offer themselves), and a deal file renamed to plain .json is
# still recognised by its content. Prints TAP.
#
# Usage: test-mime.py UPDATE_MIME_DATABASE MIME_XML DATASET

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TYPE = 'application/x-dealgraph+json'
NS = '{http://www.freedesktop.org/standards/shared-mime-info}'

results = []


def check(name, ok, diag=None):
    results.append((name, ok, diag or []))


def main():
    if len(sys.argv) != 4:
        print('usage: test-mime.py UPDATE_MIME_DATABASE MIME_XML DATASET', file=sys.stderr)
        return 2
    update_mime_database, mime_xml, dataset = sys.argv[1:]

    tree = ET.parse(mime_xml).getroot()
    types = tree.findall(NS + 'mime-type')
    check('the file defines %s' % TYPE, [t.get('type') for t in types] == [TYPE],
          [t.get('type') for t in types])
    comments = {c.get('{http://www.w3.org/XML/1998/namespace}lang'): c.text
                for c in types[0].findall(NS + 'comment')} if types else {}
    check('the type has an English description, translated to German and French',
          comments.get(None) and comments.get('de') and comments.get('fr'), [repr(comments)])

    with tempfile.TemporaryDirectory() as tmp:
        mime_dir = os.path.join(tmp, 'mime')
        os.makedirs(os.path.join(mime_dir, 'packages'))
        shutil.copy(mime_xml, os.path.join(mime_dir, 'packages', os.path.basename(mime_xml)))
        proc = subprocess.run([update_mime_database, mime_dir], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        check('update-mime-database accepts it', proc.returncode == 0 and 'rror' not in proc.stdout,
              proc.stdout.splitlines())

        def lines(name):
            try:
                with open(os.path.join(mime_dir, name), encoding='utf-8', errors='replace') as f:
                    return f.read().splitlines()
            except OSError:
                return []

        globs = lines('globs2')
        check('*.dealgraph.json maps to %s' % TYPE,
              any(l.split(':')[1:3] == [TYPE, '*.dealgraph.json'] for l in globs), globs)
        subclasses = lines('subclasses')
        check('%s is a subclass of application/json' % TYPE,
              '%s application/json' % TYPE in subclasses, subclasses)
        with open(os.path.join(mime_dir, 'magic'), 'rb') as f:
            magic = f.read()
        check('deal files are also recognised by their content', TYPE.encode() in magic)

    # The magic rule looks at the first 256 bytes; the shipped dataset must
    # match it, as any file Dealgraph writes does.
    with open(dataset, 'rb') as f:
        head = f.read(256 + 32)
    check('the embedded dataset matches the content rule',
          b'"format": "dealgraph"' in head or b'"format":"dealgraph"' in head)

    print('1..%d' % len(results))
    failed = 0
    for i, (name, ok, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok:
            failed += 1
            for line in diag:
                print('# %s' % line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
