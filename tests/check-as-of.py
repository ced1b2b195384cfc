#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# dealgraph --cycles --as-of and --summary --as-of on the 2025-2026 dataset,
# against networkx and this script's own reading of docs/file-format.md:
# at each date, the deals in the network (each in its state then) are
# worked out here (check-deal-states.py's rules), their elementary cycles
# enumerated by networkx, and every cycle's deals and round trip (the
# smallest amount on it) compared with Dealgraph's; the totals of
# --summary --as-of are summed here, each amount once. Also the issue's
# "done means": the NVIDIA -> OpenAI -> Oracle -> NVIDIA route runs
# through the letter of intent as of 2025-12 and not as of 2026-06, when
# the letter of intent is listed as cancelled and replaced. Prints TAP.
#
# Usage: check-as-of.py DEALGRAPH DATASET

import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys

try:
    import networkx as nx
except ImportError:
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3') \
            and not os.environ.get('DG_AS_OF_REEXEC'):
        os.environ['DG_AS_OF_REEXEC'] = '1'
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    print('Bail out! the Python module networkx is missing (Debian: apt-get install python3-networkx)')
    sys.exit(1)

spec = importlib.util.spec_from_file_location(
    'deal_states', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-deal-states.py'))
deal_states = importlib.util.module_from_spec(spec)
spec.loader.exec_module(deal_states)

DATES = ['2025-06', '2025-10', '2025-12', '2026-01', '2026-02', '2026-03', '2026-06', '2026-12']
MAX_LENGTH = 8

n_test = 0


def ok(cond, text, detail=None):
    global n_test
    n_test += 1
    print(f'{"ok" if cond else "not ok"} {n_test} - {text}')
    if not cond and detail:
        for line in str(detail).splitlines()[:20]:
            print('# ' + line)


def network(doc, date):
    """The deals in the network at @date: id -> (from, to, (low, high) or None, status)."""
    when = deal_states.as_of(date)
    out = {}
    for d in doc['deals']:
        exists, in_network, status, amount, _, _ = deal_states.state(d, when)
        if in_network:
            out[d['id']] = (d['from'], d['to'], amount, status)
    return out


def network_latest(doc):
    """The deals in the network at the latest state (every event applied)."""
    out = {}
    for d in doc['deals']:
        exists, in_network, status, amount, _, _ = deal_states.state(d, 99991231)
        if in_network:
            out[d['id']] = (d['from'], d['to'], amount, status)
    return out


def canonical(deals):
    """A cycle's deals, rotated to start at the smallest id."""
    k = deals.index(min(deals))
    return tuple(deals[k:] + deals[:k])


def cycles_of(net):
    g = nx.MultiDiGraph()
    for deal_id, (a, b, _, _) in net.items():
        g.add_edge(a, b, key=deal_id)
    found = {}
    for nodes in nx.simple_cycles(g):
        if len(nodes) > MAX_LENGTH:
            continue
        hops = [list(g[nodes[i]][nodes[(i + 1) % len(nodes)]]) for i in range(len(nodes))]
        for combo in itertools.product(*hops):
            amounts = [net[d][2] for d in combo]
            if any(a is None for a in amounts):
                trip = None
            else:
                trip = (min(a[0] for a in amounts), min(a[1] for a in amounts))
            found[canonical(list(combo))] = trip
    return found


def run(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def main():
    binary, dataset = sys.argv[1], sys.argv[2]
    with open(dataset, encoding='utf-8') as f:
        doc = json.load(f)
    print(f'1..{len(DATES) * 3 + 5}')

    for date in DATES:
        net = network(doc, date)
        want = cycles_of(net)
        report = json.loads(run(binary, '--cycles', '--as-of', date, '--format', 'json', dataset))
        got = {}
        for c in report['cycles']:
            rt = c['round_trip']
            got[canonical([d['id'] for d in c['deals']])] = \
                (rt['low_usd'], rt['high_usd']) if rt['known'] else None
        ok(report['summary']['complete'] and set(got) == set(want),
           f'as of {date}: the same {len(want)} cycles as networkx',
           f'only Dealgraph: {sorted(set(got) - set(want))}\nonly networkx: {sorted(set(want) - set(got))}')
        wrong = [(c, got[c], want[c]) for c in set(got) & set(want) if got[c] != want[c]]
        ok(not wrong, f'as of {date}: every round trip is the smallest amount then', wrong)

        # --summary: the deals counted, each amount once: the row of all
        # deals gives their number, how many are ranges and how many are
        # undisclosed.
        counted = [i for i in net if deals_by_id[i].get('part_of') not in net]
        ranges = sum(1 for i in counted if net[i][2] is not None and is_range(deals_by_id[i], date))
        undisclosed = sum(1 for i in counted if net[i][2] is None)
        text = run(binary, '--summary', '--as-of', date, dataset)
        row = re.search(r'All deals\s+(\d+)\s+\S+\s+(\d+)\s+\S+\s+(\d+)', text)
        ok(row is not None and tuple(int(x) for x in row.groups()) == (len(counted), ranges, undisclosed),
           f'as of {date}: --summary counts {len(counted)} deals ({ranges} ranges, {undisclosed} undisclosed), '
           'leaving out parts of deals in the network', text)

    # Without --as-of: the latest state, cancelled deals on no cycle.
    net = network_latest(doc)
    want = cycles_of(net)
    report = json.loads(run(binary, '--cycles', '--format', 'json', dataset))
    got = {canonical([d['id'] for d in c['deals']]) for c in report['cycles']}
    ok(report['summary']['complete'] and got == set(want),
       f'latest: the same {len(want)} cycles as networkx, cancelled deals on none',
       f'only Dealgraph: {sorted(got - set(want))}\nonly networkx: {sorted(set(want) - got)}')

    loi = 'nvda-openai-loi'
    r12 = json.loads(run(binary, '--cycles', '--as-of', '2025-12', '--format', 'json', dataset))
    r06 = json.loads(run(binary, '--cycles', '--as-of', '2026-06', '--format', 'json', dataset))
    ok(any(r['companies'] == ['nvidia', 'openai', 'oracle'] and [loi] in r['hops'] for r in r12['routes']),
       'as of 2025-12 the route NVIDIA -> OpenAI -> Oracle -> NVIDIA runs through the letter of intent')
    ok(not any(loi in sum(r['hops'], []) for r in r06['routes']),
       'as of 2026-06 no route runs through the letter of intent')
    ok(any(c['deal'] == loi and c['status'] == 'cancelled' and c.get('replaced_by') == 'nvda-openai-2026'
           for c in r06.get('changed', [])),
       'as of 2026-06 the letter of intent is listed as cancelled, replaced by the $30B equity deal')
    text = run(binary, '--cycles', '--as-of', '2026-06', dataset)
    ok(re.search(r'nvda-openai-loi .*cancelled 2026-02\n\s+replaced by nvda-openai-2026', text) is not None,
       'the text report says what replaced it', text[-1500:])


def is_range(deal, date):
    """Whether the amount then is a range: given by the deal, or by its last event with an amount."""
    when = deal_states.as_of(date)
    events = [e for e in deal.get('history', []) if deal_states.packed(e['date']) <= when]
    source = deal
    if deal.get('history') and len(events) < len(deal['history']):
        source = next((e for e in reversed(events) if any(k in e for k in deal_states.AMOUNT_KEYS)), {})
    return source.get('amount_min_usd') is not None


deals_by_id = {}

if __name__ == '__main__':
    with open(sys.argv[2], encoding='utf-8') as f:
        deals_by_id = {d['id']: d for d in json.load(f)['deals']}
    main()
