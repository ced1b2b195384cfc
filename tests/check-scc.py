#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The one Tarjan (dg_analysis_strong_components, shared by the analysis and
# the layouts) against networkx's strongly_connected_components on random
# dense graphs with parallel deals, self-loops and masked deals
# (test-scc --dump). Prints TAP.
#
# Usage: check-scc.py TEST_SCC

import subprocess
import sys

import networkx as nx


def graphs(text):
    lines = iter(text.splitlines())
    for line in lines:
        _, n, m, n_comp = line.split()
        n, m, n_comp = int(n), int(m), int(n_comp)
        edges = [tuple(int(x) for x in next(lines).split()[1:]) for _ in range(m)]
        comp = [int(x) for x in next(lines).split()[1:]]
        yield n, edges, n_comp, comp


def check(n, edges, n_comp, comp):
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b, kept, _ in edges if kept)
    expected = {frozenset(c) for c in nx.strongly_connected_components(g)}
    found = {}
    for v, c in enumerate(comp):
        found.setdefault(c, set()).add(v)
    if {frozenset(c) for c in found.values()} != expected:
        return 'components differ from networkx'
    if n_comp != len(expected) or sorted(found) != list(range(n_comp)):
        return 'component ids are not 0 .. %d' % (len(expected) - 1)
    for a, b, kept, cyclic in edges:
        if kept and comp[b] > comp[a]:
            return 'deal %d -> %d goes to a later component' % (a, b)
        if cyclic != int(bool(kept) and comp[a] == comp[b]):
            return 'deal %d -> %d has the wrong cyclic flag' % (a, b)
    return None


def main():
    out = subprocess.run([sys.argv[1], '--dump'], check=True,
                         capture_output=True, text=True).stdout
    cases = list(graphs(out))
    print('1..%d' % len(cases))
    failed = 0
    for i, case in enumerate(cases, 1):
        error = check(*case)
        if error:
            failed += 1
            print('not ok %d - graph %d (%d companies): %s' % (i, i, case[0], error))
        else:
            print('ok %d - graph %d (%d companies, %d deals)' % (i, i, case[0], len(case[1])))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
