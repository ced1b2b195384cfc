#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-files.py: Dealgraph's whole commands on a generated network, next to
# the reference tools in the same run (docs/performance.md has the figures)
#
# Run: /usr/bin/python3 bench/bench-files.py BUILDDIR [--companies N] [--runs R] [--file F]
#
# The network is bench/gen-network's (dg_graph_generate_scale_free (N, 5, 0.1,
# 1), one source per deal): at 10,000 companies, 50,000 deals and 12.6 MB.
# Every row is a separate process, timed from start to exit (wall clock) with
# its peak RSS from wait4(), the median of R runs; rows that also time their
# own inner work (a parse, a layout) print that too. The references:
#   - JSON parsing: Python's json.load, json-glib (what Dealgraph used until
#     issue 13), json-c, jansson, yajl's streaming parser (no callbacks: the
#     least any reader can do) and yajl's tree (bench/bench-ref-json.c, one program a library);
#   - saving: Python's json.dump of the same document;
#   - layout: igraph's Fruchterman-Reingold with its grid, as a whole program
#     (read the file, lay out, write positions) in python3-igraph;
#   - drawing: Graphviz `neato -n2 -Tpng` of the laid-out network (positions
#     given, as Dealgraph's --export uses the saved ones), 1920x1080.
# Needs /usr/bin/python3 with python3-igraph, and graphviz (build-aux/deps.sh,
# the bench list).

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

IGRAPH_PROGRAM = r'''
import json, sys, time
import igraph
t0 = time.monotonic()
with open(sys.argv[1], 'rb') as f:
    doc = json.load(f)
index = {c['id']: i for i, c in enumerate(doc['companies'])}
g = igraph.Graph(n=len(index), edges=[(index[d['from']], index[d['to']]) for d in doc['deals']],
                 directed=True)
t1 = time.monotonic()
layout = g.layout_fruchterman_reingold(grid=True, seed=None)
t2 = time.monotonic()
positions = {c['id']: {'x': round(x * 50, 2), 'y': round(y * 50, 2)}
             for c, (x, y) in zip(doc['companies'], layout.coords)}
doc.setdefault('layout', {})['positions'] = positions
with open(sys.argv[2], 'w') as f:
    json.dump(doc, f)
print('inner layout %.1f ms (read %.1f ms)' % ((t2 - t1) * 1000, (t1 - t0) * 1000))
'''

PY_LOAD_PROGRAM = r'''
import json, sys, time
with open(sys.argv[1], 'rb') as f:
    data = f.read()
t0 = time.monotonic()
doc = json.loads(data)
t1 = time.monotonic()
print('inner parse %.1f ms' % ((t1 - t0) * 1000))
'''

PY_SAVE_PROGRAM = r'''
import json, sys, time
with open(sys.argv[1], 'rb') as f:
    doc = json.load(f)
t0 = time.monotonic()
text = json.dumps(doc, indent=2)
with open(sys.argv[2], 'w') as f:
    f.write(text)
t1 = time.monotonic()
print('inner dump+write %.1f ms' % ((t1 - t0) * 1000))
'''


def run(argv, env=None):
    """(seconds, peak RSS in MiB, stdout) of one process."""
    # Output goes to files, not pipes: a process that fills one pipe while
    # we wait on the other would never finish (neato warns a lot).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit('%s failed (%d): %s' % (' '.join(argv), proc.returncode, err.read().decode(errors='replace')))
        return elapsed, usage.ru_maxrss / 1024.0, out.read().decode(errors='replace').strip()


def measure(name, argv, runs, env=None):
    times, rss, inner = [], [], ''
    for _ in range(runs):
        t, r, out = run(argv, env)
        times.append(t)
        rss.append(r)
        inner = out.splitlines()[-1] if out else ''
    row = (name, statistics.median(times), max(rss), inner)
    print('%-44s %8.3f s %8.1f MiB   %s' % row, flush=True)
    return row


def write_dot(doc, path):
    """The laid-out network as DOT for neato -n2: positions in points."""
    pos = doc['layout']['positions']
    xs = [p['x'] for p in pos.values()]
    ys = [p['y'] for p in pos.values()]
    x0, y0 = min(xs), min(ys)
    w, h = max(xs) - x0 or 1, max(ys) - y0 or 1
    scale = min(1900 / w, 1060 / h)
    with open(path, 'w') as f:
        f.write('digraph deals {\n  graph [size="20,11.25!", dpi=96, bgcolor=white];\n'
                '  node [shape=circle, fixedsize=true, width=0.12, fontsize=8, style=filled, fillcolor="#3584e4"];\n'
                '  edge [arrowsize=0.4, color="#3584e480"];\n')
        for c in doc['companies']:
            p = pos[c['id']]
            f.write('  "%s" [label="%s", pos="%.1f,%.1f"];\n'
                    % (c['id'], c['name'], (p['x'] - x0) * scale, (h - (p['y'] - y0)) * scale))
        for d in doc['deals']:
            f.write('  "%s" -> "%s";\n' % (d['from'], d['to']))
        f.write('}\n')


def counts(path):
    """Companies, deals and size, read in a child so that this process stays
    small: a child's peak RSS counts what its parent held when it forked."""
    out = subprocess.run(['/usr/bin/python3', '-c',
                          'import json,sys; d=json.load(open(sys.argv[1],"rb")); '
                          'print(len(d["companies"]), len(d["deals"]))', path],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.split()
    return int(out[0]), int(out[1]), os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('builddir')
    ap.add_argument('--companies', type=int, default=10000)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--file', help='use this Dealgraph file instead of generating one '
                    '(to compare two builds on the same bytes)')
    ap.add_argument('--write-dot', nargs=2, metavar=('IN', 'OUT'), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write_dot:
        with open(args.write_dot[0], 'rb') as f:
            write_dot(json.load(f), args.write_dot[1])
        return
    b = os.path.abspath(args.builddir)
    dealgraph = os.path.join(b, 'src', 'dealgraph')
    env = dict(os.environ, LC_ALL='C.UTF-8')

    with tempfile.TemporaryDirectory() as tmp:
        net = os.path.join(tmp, 'net.dealgraph.json')
        laid = os.path.join(tmp, 'laid.dealgraph.json')
        if args.file:
            net = os.path.abspath(args.file)
        else:
            subprocess.run([os.path.join(b, 'bench', 'gen-network'), '--companies', str(args.companies),
                            '--sources', net], check=True, stdout=subprocess.DEVNULL)
        n_companies, n_deals, size = counts(net)
        print('%s, %s, %d cores; %d companies, %d deals, %.1f MB; median of %d runs'
              % (platform.node(), platform.machine(), os.cpu_count(),
                 n_companies, n_deals, size / 1e6, args.runs))
        print('%-44s %10s %12s   %s' % ('work', 'wall', 'peak RSS', 'inner'), flush=True)

        measure('dealgraph --validate', [dealgraph, '--validate', net], args.runs, env)
        measure('python3 json.load', ['/usr/bin/python3', '-c', PY_LOAD_PROGRAM, net], args.runs)
        for lib, program in (('json-glib', 'json-glib'), ('json-c', 'json-c'), ('jansson', 'jansson'),
                             ('yajl', 'yajl'), ('yajl-tree', 'yajl')):
            ref = os.path.join(b, 'bench', 'bench-ref-' + program)
            if os.path.exists(ref):
                measure('%s parse (bench-ref-json.c)' % lib, [ref, lib, net], args.runs)
        measure('python3 json.dump (indent=2) + write',
                ['/usr/bin/python3', '-c', PY_SAVE_PROGRAM, net, os.path.join(tmp, 'py.json')], args.runs)
        measure('dealgraph --save-layout --layout force',
                [dealgraph, '--save-layout', laid, '--layout', 'force', net], args.runs, env)
        measure('igraph FR grid, whole program (python3)',
                ['/usr/bin/python3', '-c', IGRAPH_PROGRAM, net, os.path.join(tmp, 'igraph.json')], args.runs)

        dot = os.path.join(tmp, 'laid.dot')
        subprocess.run(['/usr/bin/python3', os.path.abspath(__file__), b, '--write-dot', laid, dot], check=True)
        measure('dealgraph --export PNG 1920x1080',
                [dealgraph, '--export', os.path.join(tmp, 'out.png'), laid], args.runs, env)
        measure('neato -n2 -Tpng (positions given)',
                ['neato', '-n2', '-Tpng', '-o', os.path.join(tmp, 'neato.png'), dot], args.runs)


if __name__ == '__main__':
    main()
