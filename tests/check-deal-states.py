#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every deal's state at a list of dates, as Dealgraph computes it
# (test-deal-state --dump), against this script's own reading of the rules
# of docs/file-format.md ("The state of a deal at a date"), written from
# the text and not from the C code. Prints TAP.
#
# Usage: check-deal-states.py TEST_DEAL_STATE DATASET

import json
import subprocess
import sys


def packed(date):
    """YYYYMMDD with a missing month or day as 00."""
    parts = [int(p) for p in date.split('-')]
    while len(parts) < 3:
        parts.append(0)
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def as_of(date):
    """An "as of" date: a month means its end, a year its last day."""
    parts = [int(p) for p in date.split('-')]
    if len(parts) == 1:
        return parts[0] * 10000 + 1231
    if len(parts) == 2:
        return parts[0] * 10000 + parts[1] * 100 + 31
    return packed(date)


AMOUNT_KEYS = ('amount_usd', 'amount_min_usd', 'amount_max_usd')


def amount_of(obj):
    lo, hi, value = obj.get('amount_min_usd'), obj.get('amount_max_usd'), obj.get('amount_usd')
    if lo is not None:
        return (float(lo), float(hi))
    if value is not None:
        return (float(value), float(value))
    return None


def state(deal, when):
    """(exists, in_network, status, amount, confidence, n_figures)."""
    events = deal.get('history', [])
    top = (deal.get('status') or 'announced', amount_of(deal),
           deal.get('confidence', 'agreed'), len(deal.get('figures', [])))
    applied = [e for e in events if packed(e['date']) <= when]
    if not events:
        announced = deal.get('announced')
        exists = announced is None or packed(announced) <= when
        status, amount, confidence, figures = top
    elif not applied:
        return (False, False, None, None, 'agreed', 0)
    elif len(applied) == len(events):
        exists = True
        status, amount, confidence, figures = top
    else:
        exists = True
        status, amount, confidence, figures = None, None, 'agreed', 0
        for e in applied:
            status = e['status']
            if any(k in e for k in AMOUNT_KEYS):
                amount = amount_of(e)
                confidence, figures = 'agreed', 0
            if 'confidence' in e:
                confidence, figures = e['confidence'], len(e.get('figures', []))
    if not exists:
        return (False, False, None, None, 'agreed', 0)
    return (True, status != 'cancelled', status, amount, confidence, figures)


def main():
    binary, dataset = sys.argv[1], sys.argv[2]
    with open(dataset, encoding='utf-8') as f:
        doc = json.load(f)
    deals = {d['id']: d for d in doc['deals']}
    out = subprocess.run([binary, '--dump', dataset], check=True, capture_output=True, text=True).stdout
    rows = [line.split('\t') for line in out.splitlines()]
    n = 0
    failures = []
    changed = 0
    for date, deal_id, exists, in_network, status, lo, hi, confidence, figures in rows:
        want = state(deals[deal_id], as_of(date))
        amount = None if lo == '-' else (float(lo), float(hi))
        got = (exists == '1', in_network == '1', None if status == '-' else status, amount, confidence,
               int(figures))
        n += 1
        if want[0] and want[2] != (deals[deal_id].get('status') or 'announced'):
            changed += 1
        if got != want:
            failures.append(f'{deal_id} as of {date}: Dealgraph says {got}, the rules say {want}')
    print('1..3')
    print(f'{"ok" if rows and len(rows) % len(deals) == 0 else "not ok"} 1 - {n} states, every deal at every date')
    print(f'{"ok" if changed > 0 else "not ok"} 2 - {changed} states differ from the deal\'s latest status')
    if failures:
        print(f'not ok 3 - {len(failures)} states differ')
        for failure in failures[:20]:
            print('# ' + failure)
    else:
        print('ok 3 - Dealgraph and the rules agree on every state')


if __name__ == '__main__':
    main()
