#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# dealgraph --cycles --since (what changed between two dates) against this
# script's own computation: each deal's state at both dates by
# check-deal-states.py's reading of docs/file-format.md, the cycles at both
# dates by networkx (check-as-of.py's cycles_of()), compared here. Checked:
# the deals added, cancelled, replaced (with their successor), stalled and
# resized; the cycles that broke and formed, each with the deals that made
# the difference; on the embedded network at several pairs of dates, and on
# random files with histories (cancellations, stalls, resizes,
# replacements). Prints TAP.
#
# Usage: check-changes.py DEALGRAPH DATASET

import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import networkx  # noqa: F401  (check-as-of.py uses it)
except ImportError:
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3') \
            and not os.environ.get('DG_CHANGES_REEXEC'):
        os.environ['DG_CHANGES_REEXEC'] = '1'
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    print('Bail out! the Python module networkx is missing (Debian: apt-get install python3-networkx)')
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deal_states = load('deal_states', 'check-deal-states.py')
as_of_check = load('as_of_check', 'check-as-of.py')

n_test = 0


def ok(cond, text, detail=None):
    global n_test
    n_test += 1
    print(f'{"ok" if cond else "not ok"} {n_test} - {text}')
    if not cond and detail:
        for line in str(detail).splitlines()[:20]:
            print('# ' + line)


def since_from(date):
    """The as-of date just before @date: "2026-01" -> 20251231."""
    parts = [int(p) for p in date.split('-')]
    if len(parts) == 1:
        return (parts[0] - 1) * 10000 + 1231
    year, month = parts[0], parts[1]
    day = parts[2] if len(parts) == 3 else 1
    if day > 1:
        return year * 10000 + month * 100 + day - 1
    return (year - 1) * 10000 + 1231 if month == 1 else year * 10000 + (month - 1) * 100 + 31


def network(doc, when):
    out = {}
    for d in doc['deals']:
        exists, in_network, status, amount, _, _ = deal_states.state(d, when)
        if in_network:
            out[d['id']] = (d['from'], d['to'], amount, status)
    return out


def expected(doc, since, until):
    """What changed: ({kind: {deal: extra}}, {broke/formed: {cycle: causes}})."""
    a_when = since_from(since)
    b_when = deal_states.as_of(until) if until else 99991231
    deals = {k: {} for k in ('added', 'ended', 'replaced', 'stalled', 'resized')}
    for d in doc['deals']:
        _, a_in, a_status, a_amount, _, _ = deal_states.state(d, a_when)
        _, b_in, b_status, b_amount, _, _ = deal_states.state(d, b_when)
        if not a_in and b_in:
            deals['added'][d['id']] = None
        elif a_in and not b_in:
            if d.get('replaced_by'):
                deals['replaced'][d['id']] = d['replaced_by']
            else:
                deals['ended'][d['id']] = None
        elif a_in and b_in and b_status == 'stalled' and a_status != 'stalled':
            deals['stalled'][d['id']] = None
        elif a_in and b_in and a_amount != b_amount:
            deals['resized'][d['id']] = None
    net_a, net_b = network(doc, a_when), network(doc, b_when)
    cyc_a, cyc_b = as_of_check.cycles_of(net_a), as_of_check.cycles_of(net_b)
    cycles = {
        'cycle-broke': {c: tuple(sorted(x for x in c if x not in net_b)) for c in cyc_a if c not in cyc_b},
        'cycle-formed': {c: tuple(sorted(x for x in c if x not in net_a)) for c in cyc_b if c not in cyc_a},
    }
    return deals, cycles


def reported(binary, path, since, until):
    args = [binary, '--cycles', '--format', 'json', '--since', since]
    if until:
        args += ['--as-of', until]
    report = json.loads(subprocess.run(args + [path], check=True, capture_output=True, text=True).stdout)
    deals = {k: {} for k in ('added', 'ended', 'replaced', 'stalled', 'resized')}
    cycles = {'cycle-broke': {}, 'cycle-formed': {}}
    groups_ok = True
    for change in report['since']['changes']:
        if change['kind'] in cycles:
            causes = tuple(sorted(change['causes']))
            for c in change['cycles']:
                canon = as_of_check.canonical(c)
                # Every cycle of a group has the group's causes.
                cycles[change['kind']][canon] = causes
        else:
            deals[change['kind']][change['deal']] = change.get('replaced_by')
    return report['since']['complete'], deals, cycles, groups_ok


def compare(binary, doc, path, since, until, label):
    want_deals, want_cycles = expected(doc, since, until)
    complete, got_deals, got_cycles, _ = reported(binary, path, since, until)
    # The replacement is named only when the document has it.
    ids = {d['id'] for d in doc['deals']}
    want_deals['replaced'] = {k: (v if v in ids else None) for k, v in want_deals['replaced'].items()}
    wrong = {k: (sorted(set(got_deals[k].items()) ^ set(want_deals[k].items())))
             for k in want_deals if got_deals[k] != want_deals[k]}
    ok(not wrong, f'{label}: deals added, cancelled, replaced, stalled and resized as computed here '
       f'({", ".join(f"{len(v)} {k}" for k, v in want_deals.items())})', wrong)
    for kind in ('cycle-broke', 'cycle-formed'):
        w, g = want_cycles[kind], got_cycles[kind]
        ok(complete and set(w) == set(g) and all(w[c] == g[c] for c in w),
           f'{label}: the same {len(w)} cycles {kind.split("-")[1]} as networkx, each with the deals that made '
           'the difference',
           f'only Dealgraph: {sorted(set(g) - set(w))[:5]}\nonly here: {sorted(set(w) - set(g))[:5]}\n'
           f'causes differ: {[(c, w[c], g[c]) for c in set(w) & set(g) if w[c] != g[c]][:5]}')


STATUSES = ['announced', 'signed', 'letter-of-intent', 'stalled', 'cancelled', 'completed']


def random_doc(rng, n):
    companies = [{'id': f'c{i}', 'name': f'Company {i}', 'kind': rng.choice(['ai-lab', 'cloud', 'chips'])}
                 for i in range(n)]
    deals = []
    for k in range(rng.randint(2 * n, 4 * n)):
        a, b = rng.sample(range(n), 2)
        months = sorted(rng.sample(range(0, 24), rng.randint(1, 4)))
        history = []
        amount = None
        for j, m in enumerate(months):
            event = {'date': f'{2025 + m // 12}-{m % 12 + 1:02d}',
                     'status': 'announced' if j == 0 else rng.choice(STATUSES), 'sources': [0]}
            if j == 0 or rng.random() < 0.4:
                if rng.random() < 0.3:
                    lo = rng.randint(1, 50)
                    event['amount_min_usd'], event['amount_max_usd'] = lo * 10 ** 9, (lo + rng.randint(1, 50)) * 10 ** 9
                else:
                    event['amount_usd'] = rng.randint(1, 100) * 10 ** 9
                amount = {key: event[key] for key in deal_states.AMOUNT_KEYS if key in event}
            history.append(event)
            if event['status'] == 'cancelled':
                break
        deal = {'id': f'd{k}', 'from': f'c{a}', 'to': f'c{b}', 'kind': 'investment',
                'announced': history[0]['date'], 'status': history[-1]['status'],
                'sources': [{'publisher': 'Test', 'url': f'https://example.com/{k}'}]}
        deal.update(amount)
        if len(history) > 1:
            deal['history'] = history
        deals.append(deal)
    for deal in deals:
        if deal['status'] == 'cancelled' and 'history' in deal and rng.random() < 0.5:
            other = rng.choice(deals)
            if other is not deal:
                deal['replaced_by'] = other['id']
    return {'format': 'dealgraph', 'version': 1, 'title': 'Random histories', 'companies': companies,
            'deals': deals}


def main():
    binary, dataset = sys.argv[1], sys.argv[2]
    with open(dataset, encoding='utf-8') as f:
        doc = json.load(f)
    pairs = [('2026-01', None), ('2025-10', '2026-06'), ('2026-02', '2026-03'), ('2025-06', '2025-12'),
             ('2026-01-31', '2026-02')]
    n_random = 25
    print(f'1..{len(pairs) * 3 + 2 + n_random * 3}')

    for since, until in pairs:
        compare(binary, doc, dataset, since, until, f'embedded network, since {since} to {until or "the latest"}')

    # The story: the LOI's cycle broke, and the LOI was replaced.
    _, _, cycles, _ = reported(binary, dataset, '2026-01', None)
    loi = 'nvda-openai-loi'
    ok(any(loi in c and causes == (loi,) for c, causes in cycles['cycle-broke'].items()),
       'since 2026-01: a cycle through the letter of intent broke, the letter of intent its only cause')
    _, deals, _, _ = reported(binary, dataset, '2026-01', None)
    ok(deals['replaced'].get(loi) == 'nvda-openai-2026', 'since 2026-01: the letter of intent was replaced by '
       'the $30B investment', deals['replaced'])

    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n_random):
            rdoc = random_doc(rng, rng.randint(4, 9))
            path = os.path.join(tmp, f'random-{i}.dealgraph.json')
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(rdoc, f)
            m1, m2 = sorted(rng.sample(range(0, 26), 2))
            since = f'{2025 + m1 // 12}-{m1 % 12 + 1:02d}'
            until = f'{2025 + m2 // 12}-{m2 % 12 + 1:02d}' if rng.random() < 0.7 else None
            compare(binary, rdoc, path, since, until, f'random file {i}, since {since} to {until or "the latest"}')


if __name__ == '__main__':
    main()
