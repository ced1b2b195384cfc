#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An independent check of resources/ai-deals.dealgraph.json (the AI deal
# network 2025-2026) against the research it was built from:
# - every row of Table A of shared/data/ai-deals-2026-updates.md is a deal
#   (by its id, or through the small mapping below): payer and payee, the
#   amount or range as of the row's date, the status at the row's date and at
#   the end of 2026, the confidence mark (F, F*, F1), and the row's U-sources
#   among the deal's sources (by URL, from the file's source list);
# - every row of Table B: the company exists, its valuations are there;
# - every deal's history is in date order, restates its top-level state, and
#   names no unknown deal or source; part_of, replaced_by and overlaps hold;
# - every deal and company of the 2025 file is here with the same ids, and its
#   state at 2025-12-31 is the 2025 file's (except the two late-2025 changes
#   the updates file dates in 2025, listed below).
# It reads the markdown and the JSON with the standard library only and
# computes a deal's state at a date itself, from the rule written in
# docs/file-format.md ("Deal histories"). Prints TAP and a summary.
#
# Usage: check-dataset-2026.py UPDATES_MD DATASET_2026 DATASET_2025

import json
import math
import os
import re
import sys

STATUSES = {'rumoured', 'discussed', 'letter-of-intent', 'announced', 'signed', 'completed', 'cancelled',
            'stalled'}
END_2025 = '2025-12-31'
END_2026 = '2026-12'

# Rows of Table A that are not a deal of the same id.
ROW_DEALS = {
    # The sources disagree whether the Feb-2026 $100B includes the Nov-2025
    # $38B: one deal whose range spans both readings, never two that double count.
    'openai-aws-2026': ['openai-aws-38b'],
    # The payee changed (xAI, not its GPU vehicle): a new deal replaces the old.
    'nvda-xai-spv': ['nvda-xai-2026'],
    # Two payers (equity and debt) in one row: two deals, as the 2025 file did.
    'blackstone-oracle-michigan': ['blackstone-oracle-michigan', 'banks-oracle-michigan'],
}

# Peripheral rows left out, and why (docs/dataset-2026.md).
LEFT_OUT = {
    'pe-openai-deployco': 'services joint venture outside the compute network; F*: $4B raised or a $10B JV',
    'pe-anthropic-jv': 'services joint venture outside the compute network; one page only (F1)',
}

# Deals that a row says are replaced, and what replaces them.
REPLACED = {
    'nvda-openai-loi': 'nvda-openai-2026',
    'amazon-openai-10b': 'amazon-openai-2026',
    'nvda-xai-spv': 'nvda-xai-2026',
}

# The updates file's payer and payee names, as company ids.
NAMES = {
    'NVIDIA': 'nvidia', 'OpenAI': 'openai', 'Amazon': 'amazon', 'SoftBank': 'softbank',
    'Microsoft': 'microsoft', 'Cerebras': 'cerebras', 'SB Energy': 'sb-energy', 'Disney': 'disney',
    'Oracle': 'oracle', 'Crusoe': 'crusoe', 'Nscale': 'nscale', 'Google': 'alphabet',
    'Google Cloud': 'alphabet', 'Broadcom': 'broadcom', 'Blue Owl': 'blueowl',
    'Michigan Stargate site SPV': 'michigan-spv', 'Blackstone': 'blackstone',
    'Bank of America-led banks': 'bofa-banks', 'Anthropic': 'anthropic',
    'Apollo, Blackstone and syndicate': 'tpu-spv-lenders', 'SPV senior lenders': 'tpu-spv-lenders',
    'Anthropic TPU leasing SPV': 'tpu-spv', 'SpaceX': 'spacex', 'CoreWeave': 'coreweave', 'Akamai': 'akamai',
    'xAI shareholders': 'xai-shareholders', 'xAI': 'xai', 'Blackstone-Google TPU cloud JV': 'google-bx-tpu-jv',
    'Blackstone-Google TPU JV': 'google-bx-tpu-jv', 'Meta': 'meta', 'AMD': 'amd', 'Nebius': 'nebius',
    'Intel': 'intel', 'Groq': 'groq', 'Thinking Machines Lab': 'thinking-machines',
}
# "Investor group" names a different group in each row.
ROW_NAMES = {
    ('investors-openai-2026', 'Investor group'): 'openai-round-2026',
    ('investors-anthropic-seriesG', 'Investor group'): 'anthropic-g-investors',
    ('investors-anthropic-seriesH', 'Investor group'): 'anthropic-h-investors',
}

# Amount cells the parser below cannot read, as (headline, min, max); each with why.
AMOUNTS = {
    # the row's first figure is the second tranche; the deal is SoftBank's $30B total
    'softbank-openai': (30e9, None, None),
    # F*: the two readings, 100e9 or 138e9 in all
    'openai-aws-38b': (None, 100e9, 138e9),
    # ">20e9 ... could reach 30e9", plus ~1e9 for data centres in the note
    'openai-cerebras-2': (None, 20e9, 30e9),
    # a share of Cerebras, no dollar figure
    'cerebras-openai-warrant': (None, None, None),
    # F*: ~14e9 (FT) vs 23e9 (Bloomberg)
    'msft-nscale': (None, 14e9, 23e9),
    # "equity undisclosed; debt ~14e9", split into two deals
    'blackstone-oracle-michigan': (None, None, None),
    'banks-oracle-michigan': (14e9, None, None),
    # F*: 30e9 at the close against a 20e9 pre-close report
    'investors-anthropic-seriesG': (None, 20e9, 30e9),
    # F*: ~10e9 (Huang) vs 5e9
    'nvda-anthropic': (None, 5e9, 10e9),
    # F*: ~36e9 vs 35e9
    'lenders-anthropic-tpu-spv': (None, 35e9, 36e9),
    # 1.25e9 a month; F*: ~45e9 vs ">40e9" in all
    'anthropic-spacex': (None, 40e9, 45e9),
    # 0.92e9 a month, ~28e9..30e9 in all
    'google-spacex': (None, 28e9, 30e9),
    # "undisclosed; F*: >100e9 vs up to 60e9": the range of the two headline figures
    'meta-amd-6gw': (None, 60e9, 100e9),
    # "+21e9 (Meta total ~35.2e9)": 21e9 new, plus up to 14.2e9 from 2025
    'meta-coreweave': (None, 21e9, 35.2e9),
}

# Status cells, where the first status word in the cell is not the deal's status.
STATUS = {
    # paid in part with more to come: signed
    'amazon-openai-2026': 'signed',
    'softbank-openai-2026': 'signed',
    'amazon-anthropic-2026': 'signed',
    'google-anthropic-2026': 'signed',
    # F*: the better-attested claim
    'msft-openai-2026': 'completed',      # listed in the Mar-31 close
    'openai-cerebras-2': 'rumoured',      # The Information, unverified by Reuters
    'anthropic-google-200b': 'signed',    # The Information, confirmed by Reuters per several pages
    'lenders-anthropic-tpu-spv': 'rumoured',  # Bloomberg: being syndicated
}
STATUS_WORDS = [
    ('cancelled', 'cancelled'), ('superseded', 'cancelled'), ('completed', 'completed'),
    ('signed', 'signed'), ('active', 'signed'), ('committed', 'signed'), ('issued', 'signed'),
    ('term sheet', 'letter-of-intent'), ('announced', 'announced'), ('discussed', 'discussed'),
    ('rumoured', 'rumoured'), ('reported', 'rumoured'), ('stalled', 'stalled'),
]

# The row's first date is when Microsoft said it was NOT investing.
NOT_AT_FIRST_DATE = {'msft-openai-2026'}

# 2025 deals whose state at 2025-12-31 the updates file changes with a 2025 date.
CHANGED_IN_2025 = {
    'nvda-intel': 'completed 2025-12-26 (FTC cleared 2025-12-18) [U117, U118]',
    'msft-nscale': 'Bloomberg (Nov-2025) counts $23B against the FT\'s ~$14B [U60]',
}

results = []


def check(name, problems):
    results.append((name, not problems, problems))


# ---------------------------------------------------------------- dates and states

def packed(date):
    """YYYY, YYYY-MM or YYYY-MM-DD as YYYYMMDD with 0 for a missing part."""
    m = re.fullmatch(r'(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?', date)
    if not m:
        raise ValueError('bad date %r' % date)
    return int(m.group(1)) * 10000 + int(m.group(2) or 0) * 100 + int(m.group(3) or 0)


def as_of(date):
    """An "as of" date: a month or a year means its end, as --as-of reads it."""
    p = packed(date)
    if p % 10000 == 0:
        return p + 1231
    if p % 100 == 0:
        return p + 31
    return p


AMOUNT_KEYS = ('amount_usd', 'amount_min_usd', 'amount_max_usd')


def state(deal, date):
    """The deal's state as of date: a dict, or None before it existed."""
    limit = as_of(date)
    hist = deal.get('history')
    if not hist:
        if deal.get('announced') and packed(deal['announced']) > limit:
            return None
        return {k: deal[k] for k in ('status',) + AMOUNT_KEYS + ('confidence', 'figures') if k in deal}
    st = None
    for e in hist:
        if packed(e['date']) > limit:
            break
        st = dict(st or {})
        st['status'] = e['status']
        if any(k in e for k in AMOUNT_KEYS):
            for k in AMOUNT_KEYS:
                st.pop(k, None)
                if k in e:
                    st[k] = e[k]
            st.pop('confidence', None)
            st.pop('figures', None)
        if 'confidence' in e:
            st['confidence'] = e['confidence']
            st.pop('figures', None)
            if 'figures' in e:
                st['figures'] = e['figures']
    return st


def amount_of(st):
    """(headline, min, max) with None for what is absent."""
    return (st.get('amount_usd'), st.get('amount_min_usd'), st.get('amount_max_usd'))


def same_amount(a, b):
    for x, y in zip(a, b):
        if (x is None) != (y is None):
            return False
        if x is not None and not math.isclose(x, y, rel_tol=1e-9):
            return False
    return True


def fmt_amount(a):
    h, lo, hi = a
    parts = []
    if h is not None:
        parts.append('%g' % h)
    if lo is not None:
        parts.append('%g..%g' % (lo, hi))
    return ' '.join(parts) or 'undisclosed'


# ---------------------------------------------------------------- the markdown

def split_row(line):
    return [c.strip() for c in line.strip().strip('|').split(' | ')]


def read_updates(path):
    text = open(path, encoding='utf-8').read()
    lines = text.splitlines()
    rows_a, rows_b, sources = [], [], {}
    section = None
    for line in lines:
        if line.startswith('## Table A'):
            section = 'A'
        elif line.startswith('### Peripheral'):
            section = 'P'
        elif line.startswith('## Context'):
            section = None
        elif line.startswith('## Table B'):
            section = 'B'
        elif line.startswith('## Sources'):
            section = 'S'
        if section in ('A', 'P') and line.count(' | ') >= 9 and not line.startswith(('id |', '---')):
            c = split_row(line)
            rows_a.append({'id': c[0], 'date': c[1], 'parties': c[2], 'kind': c[3], 'amount': c[4],
                           'status': c[5], 'newupd': c[6], 'sources': c[8].split(','), 'conf': c[9],
                           'peripheral': section == 'P'})
        elif section == 'B' and line.count(' | ') == 3 and not line.startswith(('id |', '---')):
            c = split_row(line)
            rows_b.append({'id': c[0], 'change': c[1], 'value': c[2], 'sources': c[3].split(',')})
        elif section == 'S':
            m = re.match(r'^- (U\d+) .*?(https?://\S+)$', line)
            if m:
                sources[m.group(1)] = m.group(2)
    return rows_a, rows_b, sources


def strip_parens(s):
    while True:
        t = re.sub(r'\([^()]*\)', '', s)
        if t == s:
            return ' '.join(s.split())
        s = t


def parties(row):
    payer, payee = row['parties'].split(' -> ')
    payers = [p.strip() for p in strip_parens(payer).split(';')]
    payee = strip_parens(payee).strip()

    def cid(name):
        return ROW_NAMES.get((row['id'], name), NAMES.get(name))
    return [cid(p) for p in payers], cid(payee)


def row_dates(cell):
    """The dates of a row's date cell, before any parenthesis; "2026-04-16/17" is its first day."""
    head = cell.split('(')[0]
    return re.findall(r'\d{4}-\d{2}(?:-\d{2})?', head)


NUM = r'(\d+(?:\.\d+)?(?:e\d+)?)'


def parse_amount(cell):
    if cell.startswith('undisclosed'):
        return (None, None, None)
    m = re.match(r'^[~>+]?' + NUM + r' \+ 0\.\.' + NUM, cell)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        return (None, a, a + b)
    m = re.match(r'^[~>+]?' + NUM + r'\.\.' + NUM, cell)
    if m:
        return (None, float(m.group(1)), float(m.group(2)))
    m = re.search(r'(\d+(?:\.\d+)?e\d+)', cell)
    if m:
        return (float(m.group(1)), None, None)
    return (None, None, None)


def parse_status(cell):
    low = cell.lower()
    best = None
    for word, status in STATUS_WORDS:
        i = low.find(word)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, status)
    return best[1] if best else None


CONF = {'F': None, 'F*': 'disputed', 'F1': 'single-source'}


# ---------------------------------------------------------------- the checks

def check_rows(rows, urls, doc, deals, comps, base_deals):
    checked = 0
    for row in rows:
        rid = row['id']
        if rid in LEFT_OUT:
            check('row %s: left out (%s)' % (rid, LEFT_OUT[rid]),
                  ['a deal %s exists' % rid] if rid in deals else [])
            continue
        ids = ROW_DEALS.get(rid, [rid])
        payers, payee = parties(row)
        if len(payers) != len(ids):
            payers = payers * len(ids)
        for did, payer in zip(ids, payers):
            p = []
            d = deals.get(did)
            if d is None:
                check('row %s: deal %s' % (rid, did), ['no deal %s' % did])
                continue
            checked += 1
            if payer is None or payee is None:
                p.append('unmapped party in %r' % row['parties'])
            if (d['from'], d['to']) != (payer, payee):
                p.append('direction %s -> %s, the row says %s -> %s' % (d['from'], d['to'], payer, payee))
            dates = row_dates(row['date'])
            if not dates:
                p.append('no date in %r' % row['date'])
                check('row %s: deal %s' % (rid, did), p)
                continue
            when = dates[-1]
            st = state(d, when)
            if st is None:
                p.append('does not exist as of %s' % when)
            else:
                want = AMOUNTS.get(did) or parse_amount(row['amount'])
                if not same_amount(amount_of(st), want):
                    p.append('amount as of %s is %s, the row says %s' % (when, fmt_amount(amount_of(st)),
                                                                          fmt_amount(want)))
                want_status = STATUS.get(did) or parse_status(row['status'])
                if st.get('status') != want_status:
                    p.append('status as of %s is %s, the row says %s' % (when, st.get('status'), want_status))
                if st.get('confidence') != CONF[row['conf']]:
                    p.append('confidence as of %s is %s, the row is %s' % (when, st.get('confidence'),
                                                                            row['conf']))
            end = state(d, END_2026)
            want_end = STATUS.get(did) or parse_status(row['status'])
            if end is None or end.get('status') != want_end:
                p.append('status as of %s is %s, expected %s' % (END_2026, end and end.get('status'), want_end))
            if len(dates) > 1 and did not in NOT_AT_FIRST_DATE and state(d, dates[0]) is None:
                p.append('does not exist yet at the row\'s first date %s' % dates[0])
            have = {s.get('url') for s in d.get('sources', [])}
            for u in row['sources']:
                u = u.strip()
                if u not in urls:
                    p.append('%s is not in the updates file\'s source list' % u)
                elif urls[u] not in have:
                    p.append('%s (%s) is not among the deal\'s sources' % (u, urls[u]))
            for target in re.findall(r'UPD (\S+?)(?:;|$)', row['newupd']):
                if target not in base_deals:
                    p.append('the row updates %s, which the 2025 file lacks' % target)
                elif target not in deals:
                    p.append('the updated 2025 deal %s is missing' % target)
            check('row %s: deal %s' % (rid, did), p)
    for old, new in REPLACED.items():
        p = []
        if deals.get(old, {}).get('replaced_by') != new:
            p.append('%s is not replaced_by %s' % (old, new))
        end = state(deals[old], END_2026) if old in deals else None
        if not end or end.get('status') != 'cancelled':
            p.append('%s is not cancelled as of %s' % (old, END_2026))
        if new in deals and old in deals:
            # the old deal leaves the network no later than its replacement enters it
            ends = [e for e in deals[old].get('history', []) if e['status'] == 'cancelled']
            if not ends or packed(ends[-1]['date']) > as_of(deals[new]['announced']):
                p.append('%s ends after %s begins' % (old, new))
        check('replaced: %s by %s' % (old, new), p)
    return checked


def check_table_b(rows, urls, deals, comps):
    for row in rows:
        p = []
        c = comps.get(row['id'])
        if c is None:
            check('company %s (Table B)' % row['id'], ['no company %s' % row['id']])
            continue
        have = {s['url'] for v in c.get('valuations', []) for s in v.get('sources', [])}
        for d in deals.values():
            if row['id'] in (d['from'], d['to']):
                have |= {s.get('url') for s in d.get('sources', [])}
        for u in row['sources']:
            u = u.strip()
            if urls.get(u) not in have:
                p.append('%s is neither in its valuations nor in its deals\' sources' % u)
        if 'valuation' in row['change'] or 'market value' in row['change'] or row['id'] in ('spacex', 'cerebras'):
            if 'not valuation' in row['change']:
                pass
            else:
                for value, date in valuation_figures(row):
                    hits = [v for v in c.get('valuations', [])
                            if math.isclose(v['valuation_usd'], value, rel_tol=1e-9) and v['date'].startswith(date)]
                    if not hits:
                        p.append('no valuation %g at %s' % (value, date))
        check('company %s (Table B: %s)' % (row['id'], row['change']), p)


MONTHS = {m: i for i, m in enumerate(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct',
                                      'Nov', 'Dec'], 1)}


def valuation_figures(row):
    """($ value, date prefix) pairs from a Table B value cell."""
    if row['id'] == 'cerebras':
        # "IPO refiled 2026-04-17; ~$35B target valuation (reported)": the date is in the other clause
        return [(35e9, '2026-04')]
    out = []
    for seg in row['value'].split(';'):
        if 'revenue' in seg:
            continue
        figs = re.findall(r'\$(\d+(?:\.\d+)?)([BT])( post)?', seg)
        if not figs:
            continue
        post = [f for f in figs if f[2]]
        v, unit, _ = (post or figs)[-1]
        value = float(v) * (1e9 if unit == 'B' else 1e12)
        m = re.search(r'(\d{4}-\d{2}(?:-\d{2})?)', seg)
        if m:
            date = m.group(1)
        else:
            m = re.search(r'(\w{3})-(\d{4})', seg)
            date = '%s-%02d' % (m.group(2), MONTHS[m.group(1)])
        out.append((value, date))
    return out


def check_structure(doc, deals, comps):
    for d in doc['deals']:
        p = []
        did = d['id']
        for end in ('from', 'to'):
            if d.get(end) not in comps:
                p.append('"%s" names unknown company %s' % (end, d.get(end)))
        if d.get('status') not in STATUSES:
            p.append('unknown status %s' % d.get('status'))
        n = len(d.get('sources', []))
        if n == 0:
            p.append('no sources')

        def indices(obj, where, event=True):
            # an event and a figure name their sources by index into the deal's "sources"
            for i in obj.get('sources', []) if event else []:
                if not isinstance(i, int) or not 0 <= i < n:
                    p.append('%s: source index %r outside 0..%d' % (where, i, n - 1))
            for j, f in enumerate(obj.get('figures', [])):
                for i in f.get('sources', []):
                    if not isinstance(i, int) or not 0 <= i < n:
                        p.append('%s figures[%d]: source index %r' % (where, j, i))
                if 'status' in f and f['status'] not in STATUSES:
                    p.append('%s figures[%d]: unknown status' % (where, j))
        indices(d, 'deal', event=False)
        hist = d.get('history')
        if hist is not None:
            if len(hist) < 2:
                p.append('a history of fewer than two events')
            last = 0
            for i, e in enumerate(hist):
                if e.get('status') not in STATUSES:
                    p.append('history[%d]: unknown status %r' % (i, e.get('status')))
                if packed(e['date']) < last:
                    p.append('history[%d] (%s) is before the event above it' % (i, e['date']))
                last = packed(e['date'])
                indices(e, 'history[%d]' % i)
            if hist and hist[0]['date'] != d.get('announced'):
                p.append('"announced" %s is not the first event\'s date %s' % (d.get('announced'), hist[0]['date']))
            final = state(d, '9999')
            for k in ('status',) + AMOUNT_KEYS + ('confidence', 'figures'):
                if final.get(k) != d.get(k):
                    p.append('top-level %s %r is not the last state\'s %r' % (k, d.get(k), final.get(k)))
        if d.get('confidence') not in (None, 'disputed', 'single-source'):
            p.append('unknown confidence %r' % d['confidence'])
        if d.get('confidence') == 'disputed' and not d.get('figures'):
            p.append('disputed without figures')
        for key in ('replaced_by', 'part_of'):
            if key in d:
                if d[key] not in deals or d[key] == did:
                    p.append('%s names unknown deal %s' % (key, d[key]))
        if 'part_of' in d and 'part_of' in deals.get(d['part_of'], {}):
            p.append('part_of a deal that is itself part of another')
        for o in d.get('overlaps', []):
            if o not in deals or o == did:
                p.append('overlaps names unknown deal %s' % o)
                continue
            # of two overlapping deals at most one has an amount, at every date either changes
            dates = [e['date'] for x in (d, deals[o]) for e in x.get('history', [])] + \
                    [x['announced'] for x in (d, deals[o]) if x.get('announced')] + [END_2026]
            for when in dates:
                a, b = state(d, when), state(deals[o], when)
                if a and b and amount_of(a) != (None, None, None) and amount_of(b) != (None, None, None) \
                        and 'cancelled' not in (a['status'], b['status']):
                    p.append('%s and %s both have amounts as of %s: totals would count them twice' % (did, o, when))
                    break
        check('structure: %s' % did, p)

    for c in doc['companies']:
        p = []
        vals = c.get('valuations')
        if vals is not None:
            last = 0
            for i, v in enumerate(vals):
                if packed(v['date']) < last:
                    p.append('valuations[%d] out of date order' % i)
                last = packed(v['date'])
                if not v.get('sources'):
                    p.append('valuations[%d] without sources' % i)
            if vals and (c.get('valuation_usd') != vals[-1]['valuation_usd']
                         or c.get('valuation_as_of') != vals[-1]['date']):
                p.append('top-level valuation is not the last of "valuations"')
        if p:
            check('structure: company %s' % c['id'], p)


def valuation_at(c, date):
    vals = c.get('valuations')
    if vals is None:
        return c.get('valuation_usd')
    v = None
    for e in vals:
        if packed(e['date']) <= as_of(date):
            v = e['valuation_usd']
    return v


def check_2025(base, deals, comps, urls):
    for c in base['companies']:
        p = []
        n = comps.get(c['id'])
        if n is None:
            check('2025 company %s' % c['id'], ['missing'])
            continue
        for k in ('name', 'kind'):
            if n.get(k) != c.get(k):
                p.append('%s %r, was %r' % (k, n.get(k), c.get(k)))
        v = valuation_at(n, END_2025)
        if (v is None) != (c.get('valuation_usd') is None) or \
                (v is not None and not math.isclose(v, c['valuation_usd'], rel_tol=1e-9)):
            p.append('valuation at %s is %r, the 2025 file has %r' % (END_2025, v, c.get('valuation_usd')))
        check('2025 company %s: same name, kind and valuation at the end of 2025' % c['id'], p)
    for d in base['deals']:
        p = []
        n = deals.get(d['id'])
        if n is None:
            check('2025 deal %s' % d['id'], ['missing'])
            continue
        for k in ('from', 'to', 'kind', 'announced'):
            if n.get(k) != d.get(k):
                p.append('%s %r, was %r' % (k, n.get(k), d.get(k)))
        st = state(n, END_2025)
        old = (d.get('status'), amount_of(d))
        new = st and (st.get('status'), amount_of(st))
        same = new is not None and new[0] == old[0] and same_amount(new[1], old[1])
        if d['id'] in CHANGED_IN_2025:
            if same:
                p.append('listed as changed in 2025 (%s) but equal to the 2025 file' % CHANGED_IN_2025[d['id']])
        elif not same:
            p.append('as of %s: %s %s, the 2025 file has %s %s' % (
                END_2025, new and new[0], new and fmt_amount(new[1]), old[0], fmt_amount(old[1])))
        have = {s.get('url') for s in n.get('sources', [])}
        for s in d.get('sources', []):
            if s.get('url') not in have:
                p.append('lost source %s' % s.get('url'))
            elif s not in n['sources']:
                p.append('source %s changed' % s.get('url'))
        check('2025 deal %s: same ends, kind, date, sources and state at the end of 2025' % d['id'], p)


def routes(doc, date, companies):
    """The ways (tuples of deal ids) to go round companies[0] -> ... -> companies[0] through the
    deals in the network at date (cancelled deals out)."""
    hops = list(zip(companies, companies[1:] + companies[:1]))
    ways = [()]
    for a, b in hops:
        step = [d['id'] for d in doc['deals'] if (d['from'], d['to']) == (a, b)
                and state(d, date) and state(d, date)['status'] != 'cancelled']
        ways = [w + (x,) for w in ways for x in step]
    return set(ways)


# What docs/dataset-2026.md says a user sees on the timeline.
TIMELINE = [
    ('2025-12', ['nvidia', 'openai', 'oracle'], {('nvda-openai-loi', 'openai-oracle-300b', 'oracle-nvda-40b')}),
    ('2026-01', ['nvidia', 'openai', 'oracle'], {('nvda-openai-loi', 'openai-oracle-300b', 'oracle-nvda-40b')}),
    ('2026-06', ['nvidia', 'openai', 'oracle'], {('nvda-openai-2026', 'openai-oracle-300b', 'oracle-nvda-40b')}),
    ('2025-12', ['nvidia', 'openai'], {('nvda-openai-loi', 'openai-nvda-10gw')}),
    ('2026-06', ['nvidia', 'openai'], set()),
    ('2025-12', ['amazon', 'openai'], {('amazon-openai-10b', 'openai-aws-38b')}),
    ('2026-06', ['amazon', 'openai'], {('amazon-openai-2026', 'openai-aws-38b')}),
    ('2026-02', ['amd', 'meta'], {('amd-meta-warrant', 'meta-amd-6gw')}),
    ('2026-06', ['openai', 'oracle'], {('openai-oracle-300b', 'oracle-openai-resale')}),
    ('2026-05', ['openai', 'oracle'], set()),
]


def check_timeline(doc):
    for date, companies, want in TIMELINE:
        got = routes(doc, date, companies)
        check('timeline %s: %s round trips through %s' % (
            date, ' -> '.join(companies + companies[:1]), ', '.join('/'.join(w) for w in sorted(want)) or 'none'),
            [] if got == want else ['found %s' % sorted(got)])


def totals(doc, deals, date):
    """Sum of the amounts in the network at date: cancelled deals out, a part_of slice out
    while its parent is in (docs/file-format.md). Returns (low, high, undisclosed count)."""
    lo = hi = 0.0
    und = 0
    for d in doc['deals']:
        st = state(d, date)
        if not st or st['status'] == 'cancelled':
            continue
        parent = d.get('part_of')
        if parent:
            pst = state(deals[parent], date)
            if pst and pst['status'] != 'cancelled':
                continue
        h, a, b = amount_of(st)
        if a is not None:
            lo += a
            hi += b
        elif h is not None:
            lo += h
            hi += h
        else:
            und += 1
    return lo, hi, und


def main():
    if len(sys.argv) != 4:
        print('usage: check-dataset-2026.py UPDATES_MD DATASET_2026 DATASET_2025', file=sys.stderr)
        return 2
    md, path, path_2025 = sys.argv[1:]
    for f in (md, path, path_2025):
        if not os.path.exists(f):
            print('Bail out! %s not found ' % f)
            return 1
    rows_a, rows_b, urls = read_updates(md)
    doc = json.load(open(path, encoding='utf-8'))
    base = json.load(open(path_2025, encoding='utf-8'))
    deals = {d['id']: d for d in doc['deals']}
    comps = {c['id']: c for c in doc['companies']}
    base_deals = {d['id']: d for d in base['deals']}

    check('the updates file has Table A rows, Table B rows and sources',
          [] if rows_a and rows_b and len(urls) > 100 else ['parsed %d/%d/%d' % (len(rows_a), len(rows_b), len(urls))])
    check('unique ids', [] if len(deals) == len(doc['deals']) and len(comps) == len(doc['companies'])
          else ['duplicate deal or company ids'])
    check('as_of is 2026-12', [] if doc.get('as_of') == END_2026 else ['as_of %r' % doc.get('as_of')])
    n_checked = check_rows(rows_a, urls, doc, deals, comps, base_deals)
    check_table_b(rows_b, urls, deals, comps)
    check_structure(doc, deals, comps)
    check_2025(base, deals, comps, urls)
    check_timeline(doc)

    failed = sum(1 for _, ok, _ in results if not ok)
    print('1..%d' % len(results))
    for i, (name, ok, problems) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        for line in problems:
            print('# %s' % line)

    hist = [d for d in doc['deals'] if d.get('history')]
    events = sum(len(d['history']) for d in hist)
    ever_disputed = {d['id'] for d in doc['deals'] if d.get('confidence') == 'disputed'
                     or any(e.get('confidence') == 'disputed' for e in d.get('history', []))}
    single = {d['id'] for d in doc['deals'] if d.get('confidence') == 'single-source'
              or any(e.get('confidence') == 'single-source' for e in d.get('history', []))}
    print('# summary: %d companies (%d new), %d deals (%d new); %d deals with a history of %d events'
          % (len(comps), len(comps) - len(base['companies']), len(deals), len(deals) - len(base_deals),
             len(hist), events))
    print('# summary: %d Table A rows (%d checked as %d deals, %d left out), %d Table B rows'
          % (len(rows_a), len(rows_a) - len(LEFT_OUT), n_checked, len(LEFT_OUT), len(rows_b)))
    print('# summary: disputed %d deals (%d now), single-source %d deals (%d now); part_of %d, overlaps %d, '
          'replaced_by %d' % (
              len(ever_disputed), sum(1 for d in doc['deals'] if d.get('confidence') == 'disputed'),
              len(single), sum(1 for d in doc['deals'] if d.get('confidence') == 'single-source'),
              sum(1 for d in doc['deals'] if 'part_of' in d),
              sum(len(d.get('overlaps', [])) for d in doc['deals']),
              sum(1 for d in doc['deals'] if 'replaced_by' in d)))
    for date in ('2025-09', END_2025, '2026-06', END_2026):
        lo, hi, und = totals(doc, deals, date)
        print('# summary: total as of %s: $%.1fB..$%.1fB, plus %d undisclosed' % (date, lo / 1e9, hi / 1e9, und))
    print('# summary: %d checks, %d failed' % (len(results), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
