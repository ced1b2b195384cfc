#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a user sees scrubbing the timeline of a dataset with deal histories,
# month by month: the deals that enter, change or leave the network, and the
# cycles that form and break. Written for docs/dataset-2026.md and kept apart
# from the app's analysis on purpose: a deal's state at a date follows the rule
# of docs/file-format.md ("Deal histories"), a deal is in the network unless it
# is cancelled, and cycles are found by a plain depth-first search (elementary
# cycles, each deal a separate edge, up to --max-length companies).
# Standard library only.
#
# Usage: dataset-timeline.py [--from 2025-09] [--to 2026-12] [--max-length 4] [--route A,B,C] FILE

import argparse
import json
import re

AMOUNT_KEYS = ('amount_usd', 'amount_min_usd', 'amount_max_usd')


def packed(date):
    m = re.fullmatch(r'(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?', date)
    return int(m.group(1)) * 10000 + int(m.group(2) or 0) * 100 + int(m.group(3) or 0)


def month_end(month):
    return packed(month) + 31


def state(deal, limit):
    hist = deal.get('history')
    if not hist:
        if deal.get('announced') and packed(deal['announced']) > limit:
            return None
        return {k: deal.get(k) for k in ('status',) + AMOUNT_KEYS}
    st = None
    for e in hist:
        if packed(e['date']) > limit:
            break
        st = dict(st or {})
        st['status'] = e['status']
        if any(k in e for k in AMOUNT_KEYS):
            for k in AMOUNT_KEYS:
                st[k] = e.get(k)
    return st


def money(st):
    h, lo, hi = (st.get(k) for k in AMOUNT_KEYS)
    if lo is not None:
        return '$%gB-$%gB' % (lo / 1e9, hi / 1e9) if lo else 'up to $%gB' % (hi / 1e9)
    if h is not None:
        return '$%gB' % (h / 1e9)
    return 'undisclosed'


def cycles(edges, max_length):
    """Elementary cycles as tuples of deal ids, each listed once, starting at its
    smallest company (in sorted order) and only through larger companies."""
    edges_from = {}
    for did, a, b in edges:
        edges_from.setdefault(a, []).append((b, did))
    found = set()
    nodes = sorted(edges_from)
    for s in nodes:
        stack = [(s, [], {s})]
        while stack:
            node, path, seen = stack.pop()
            for b, did in edges_from.get(node, []):
                if b == s:
                    found.add(tuple(path + [did]))
                elif b > s and b not in seen and len(path) + 1 < max_length:
                    stack.append((b, path + [did], seen | {b}))
    return found


def cyclic_deals(edges):
    """Deals a -> b where b reaches a again: the deals on at least one cycle."""
    out_of = {}
    for did, a, b in edges:
        out_of.setdefault(a, set()).add(b)

    def reaches(src, dst):
        seen, todo = {src}, [src]
        while todo:
            n = todo.pop()
            if n == dst:
                return True
            for m in out_of.get(n, ()):
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        return False
    return {did for did, a, b in edges if reaches(b, a)}


def route(cycle, ends):
    names = [ends[cycle[0]][0]] + [ends[d][1] for d in cycle]
    return ' -> '.join(names) + '  [' + ', '.join(cycle) + ']'


def months(first, last):
    y, m = map(int, first.split('-'))
    while '%04d-%02d' % (y, m) <= last:
        yield '%04d-%02d' % (y, m)
        m += 1
        if m == 13:
            y, m = y + 1, 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--from', dest='first', default='2025-09')
    ap.add_argument('--to', dest='last', default='2026-12')
    ap.add_argument('--max-length', type=int, default=4)
    ap.add_argument('--route', action='append', default=[],
                    help='companies (ids, comma-separated, first = last omitted): report whether that route '
                         'is a cycle each month, and through which deals')
    ap.add_argument('file')
    args = ap.parse_args()
    doc = json.load(open(args.file, encoding='utf-8'))
    names = {c['id']: c['name'] for c in doc['companies']}
    ends = {d['id']: (names[d['from']], names[d['to']]) for d in doc['deals']}
    prev_states, prev_cycles = {}, set()
    for month in months(args.first, args.last):
        limit = month_end(month)
        states = {d['id']: state(d, limit) for d in doc['deals']}
        active = [(d['id'], d['from'], d['to']) for d in doc['deals']
                  if states[d['id']] and states[d['id']]['status'] != 'cancelled']
        cyc = cycles(active, args.max_length)
        print('== %s: %d deals in the network, %d on a cycle; %d cycles of up to %d companies'
              % (month, len(active), len(cyclic_deals(active)), len(cyc), args.max_length))
        for d in doc['deals']:
            did, st, was = d['id'], states[d['id']], prev_states.get(d['id'])
            if st and not was:
                print('  + %s (%s -> %s): %s, %s' % (did, *ends[did], st['status'], money(st)))
            elif st and was and (st['status'], money(st)) != (was['status'], money(was)):
                print('  ~ %s: %s %s -> %s %s' % (did, was['status'], money(was), st['status'], money(st)))
        for c in sorted(cyc - prev_cycles, key=len):
            print('  cycle forms: %s' % route(c, ends))
        for c in sorted(prev_cycles - cyc, key=len):
            print('  cycle breaks: %s' % route(c, ends))
        for r in args.route:
            ids = r.split(',')
            hops = list(zip(ids, ids[1:] + ids[:1]))
            seq = {did: (a, b) for did, a, b in active}
            ways = [c for c in cyc if len(c) == len(hops)
                    and any([seq[c[(k + i) % len(c)]] for i in range(len(c))] == hops for k in range(len(c)))]
            print('  route %s: %s' % (' -> '.join(ids + ids[:1]),
                                      '; '.join(', '.join(c) for c in sorted(ways)) or 'no'))
        prev_states, prev_cycles = states, cyc


if __name__ == '__main__':
    main()
