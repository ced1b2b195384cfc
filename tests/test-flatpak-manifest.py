#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest parses, names the same application id as everything
# else (meson.build, desktop file, metainfo, settings schema, GResource
# prefixes, icons, MIME file, GApplication), asks for no more than a
# portal-only GUI app needs, and builds only pinned sources. Prints TAP.
#
# Usage: test-flatpak-manifest.py SOURCE_ROOT

import configparser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# Exactly what a GUI app that opens files through portals needs.
EXPECTED_FINISH_ARGS = {
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}

# Never, whatever else changes.
BROAD = [
    (re.compile(r'^--filesystem='), 'file system access (files open through portals)'),
    (re.compile(r'^--socket=x11$'), 'X11 without the Wayland fallback'),
    (re.compile(r'^--device=all$'), 'every device'),
    (re.compile(r'^--talk-name=org\.freedesktop\.Flatpak$'), 'escaping the sandbox'),
    (re.compile(r'^--socket=(session|system)-bus$'), 'the whole bus'),
    (re.compile(r'^--share=network$'), 'the network (links open in the browser through a portal)'),
]

results = []


def check(name, ok, diag=None):
    results.append((name, ok, diag or []))


def read(root, *parts):
    with open(os.path.join(root, *parts), encoding='utf-8') as f:
        return f.read()


def app_id_from_meson(root):
    m = re.search(r"^app_id\s*=\s*'([^']+)'", read(root, 'meson.build'), re.M)
    return m.group(1) if m else None


def sources_of(module):
    for source in module.get('sources', []):
        yield source
    for sub in module.get('modules', []):
        if isinstance(sub, dict):
            yield from sources_of(sub)


def pinned(source):
    kind = source.get('type')
    if kind in ('dir', 'patch', 'file', 'script', 'shell', 'inline') and 'url' not in source:
        return True   # in the repository itself
    if kind == 'git':
        return bool(source.get('commit'))
    if kind in ('archive', 'file'):
        return bool(source.get('sha256') or source.get('sha512'))
    return False


def main():
    if len(sys.argv) != 2:
        print('usage: test-flatpak-manifest.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = sys.argv[1]

    app_id = app_id_from_meson(root)
    check('meson.build sets app_id', app_id is not None)
    if app_id is None:
        return report()
    app_path = '/' + app_id.replace('.', '/')

    manifest_path = os.path.join('flatpak', app_id + '.json')
    try:
        manifest = json.loads(read(root, manifest_path))
        check('%s parses as JSON' % manifest_path, isinstance(manifest, dict))
    except (OSError, ValueError) as e:
        check('%s parses as JSON' % manifest_path, False, [str(e)])
        return report()

    check('the manifest id is the app id', manifest.get('id') == app_id,
          ['id: %r, app_id: %r' % (manifest.get('id'), app_id)])
    check('runtime and SDK are GNOME\'s', manifest.get('runtime') == 'org.gnome.Platform'
          and manifest.get('sdk') == 'org.gnome.Sdk'
          and re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))) is not None,
          ['%s//%s, %s' % (manifest.get('runtime'), manifest.get('runtime-version'), manifest.get('sdk'))])

    src_meson = read(root, 'src', 'meson.build')
    m = re.search(r"executable\(\s*'([^']+)'", src_meson)
    binary = m.group(1) if m else None
    check('the manifest runs the binary meson builds', manifest.get('command') == binary,
          ['command: %r, executable: %r' % (manifest.get('command'), binary)])

    args = manifest.get('finish-args', [])
    broad = ['%s: %s' % (a, why) for a in args for (p, why) in BROAD if p.search(a)]
    check('no broad permissions', not broad, broad)
    check('finish-args are exactly the portal-only set', set(args) == EXPECTED_FINISH_ARGS
          and len(args) == len(set(args)),
          ['extra: %s' % sorted(set(args) - EXPECTED_FINISH_ARGS),
           'missing: %s' % sorted(EXPECTED_FINISH_ARGS - set(args))])

    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    unpinned = ['%s: %s' % (m.get('name'), json.dumps(s)) for m in modules for s in sources_of(m)
                if not pinned(s)]
    check('every source is pinned (local, git commit or checksum)', modules and not unpinned, unpinned)

    ours = [m for m in modules if m.get('name') == 'dealgraph']
    check('the dealgraph module builds with meson, without tests',
          len(ours) == 1 and ours[0].get('buildsystem') == 'meson'
          and '-Dtests=false' in ours[0].get('config-opts', []),
          [json.dumps(ours)])
    if ours:
        dirs = [s for s in ours[0].get('sources', []) if s.get('type') == 'dir']
        check('the dealgraph module builds this repository',
              len(dirs) == 1 and os.path.normpath(os.path.join(root, 'flatpak', dirs[0].get('path', '')))
              == os.path.normpath(root),
              [json.dumps(dirs)])

    # The desktop file: its name, icon and command.
    desktop_name = app_id + '.desktop.in'
    try:
        desktop = configparser.ConfigParser(interpolation=None)
        desktop.optionxform = str
        desktop.read_string(read(root, 'data', desktop_name))
        entry = desktop['Desktop Entry']
        check('the desktop file is named after the app id and its icon is the app id',
              entry.get('Icon') == app_id, ['Icon=%s' % entry.get('Icon')])
        check('the desktop file runs the binary', (entry.get('Exec') or '').split()[0] == binary,
              ['Exec=%s' % entry.get('Exec')])
        check('the desktop file opens the deal MIME type',
              'application/x-dealgraph+json' in (entry.get('MimeType') or '').split(';'),
              ['MimeType=%s' % entry.get('MimeType')])
    except (OSError, KeyError, configparser.Error) as e:
        check('data/%s exists and parses' % desktop_name, False, [str(e)])

    # The metainfo: its id and launchable.
    try:
        component = ET.fromstring(read(root, 'data', app_id + '.metainfo.xml.in'))
        launchable = component.find('launchable')
        check('the metainfo id is the app id', component.findtext('id') == app_id,
              ['<id>%s</id>' % component.findtext('id')])
        check('the metainfo launches the desktop file',
              launchable is not None and launchable.text == app_id + '.desktop')
    except (OSError, ET.ParseError) as e:
        check('the metainfo exists and parses', False, [str(e)])

    # The settings schema: id and path.
    try:
        schemas = ET.fromstring(read(root, 'data', app_id + '.gschema.xml')).findall('schema')
        check('the settings schema id and path follow the app id',
              any(s.get('id') == app_id and s.get('path') == app_path + '/' for s in schemas),
              ['%s %s' % (s.get('id'), s.get('path')) for s in schemas])
    except (OSError, ET.ParseError) as e:
        check('the settings schema exists and parses', False, [str(e)])

    # Every GResource prefix.
    prefixes = []
    for name in sorted(os.listdir(os.path.join(root, 'resources'))):
        if name.endswith('.gresource.xml'):
            tree = ET.fromstring(read(root, 'resources', name))
            prefixes += [(name, g.get('prefix')) for g in tree.findall('gresource')]
    wrong = ['%s: %s' % p for p in prefixes if not (p[1] or '').startswith(app_path)]
    check('every GResource prefix is %s' % app_path, prefixes and not wrong, wrong)

    # Icons and MIME file carry the id in their names.
    icons = [os.path.join('data', 'icons', 'hicolor', 'scalable', 'apps', app_id + '.svg'),
             os.path.join('data', 'icons', 'hicolor', 'symbolic', 'apps', app_id + '-symbolic.svg'),
             os.path.join('data', app_id + '.xml.in')]
    missing = [p for p in icons if not os.path.isfile(os.path.join(root, p))]
    check('icons and MIME file are named after the app id', not missing, missing)

    # The GApplication id comes from APP_ID, which meson sets from app_id.
    app_c = read(root, 'src', 'app', 'dg-application.c')
    check('the GApplication is created with APP_ID',
          re.search(r'"application-id"\s*,\s*APP_ID', app_c) is not None
          and re.search(r"config_h\.set_quoted\('APP_ID',\s*app_id\)", read(root, 'meson.build')) is not None)

    return report()


def report():
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
