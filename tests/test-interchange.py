#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The network exports, read back by the tools they are for:
# - GraphML: xmllint against the GraphML XSD; networkx's read_graphml and
#   igraph's Read_GraphML find the same companies, deals, directions and
#   amounts (undisclosed absent, not 0) as the document, and the cyclic flag
#   agrees with networkx's strongly connected components;
# - GEXF 1.3: xmllint against the RELAX NG grammar and the XSD (see
#   tests/schemas/README.md for why the XSD check binds the viz prefix to the
#   main namespace); Python's ElementTree finds every company, deal, date
#   (`start`) and amount; networkx 2.8 reads GEXF only up to 1.2draft, so it
#   reads a copy renamed to 1.2draft (the elements used are the same);
# - DOT: `dot -Tsvg` parses it and draws every name; `neato -n2` keeps the
#   positions;
# - CSV: the binary imports its own export back with every field equal.
# Expectations come from the JSON document itself, with the filter and
# --as-of reimplemented here, and the counts from `dealgraph --summary`.
# Names with quotes, <, &, line breaks, right-to-left text and emoji are in
# tests/files/interchange/tricky.dealgraph.json. Prints TAP.
#
# Usage: test-interchange.py DEALGRAPH SCHEMA_DIR DATASET TRICKY

import collections
import importlib.util
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

try:
    import igraph
    import networkx as nx
except ImportError as e:
    print('Bail out! %s (Debian: apt-get install python3-networkx python3-igraph)' % e)
    sys.exit(1)

DEALGRAPH, SCHEMAS, DATASET, TRICKY = sys.argv[1:5]
GEXF_NS = 'http://gexf.net/1.3'
VIZ_NS = 'http://gexf.net/1.3/viz'
ENV = dict(os.environ, LC_ALL='C.UTF-8')

results = []


def check(name, ok, detail=''):
    results.append((name, bool(ok), detail))


def run(args, expect=0):
    p = subprocess.run(args, capture_output=True, text=True, env=ENV)
    if p.returncode != expect:
        raise AssertionError('%s exited %d: %s' % (' '.join(args), p.returncode, p.stderr[-2000:]))
    return p


# The document, as the tools should find it --------------------------------------

def packed(date):
    if date is None:
        return 0
    parts = [int(p) for p in date.split('-')] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def as_of_limit(text):
    parts = [int(p) for p in text.split('-')]
    return parts[0] * 10000 + (parts[1] if len(parts) > 1 else 12) * 100 + (parts[2] if len(parts) > 2 else 31)


def amount(deal):
    """(kind, headline, low, high) as the file format defines them."""
    lo, hi, v = deal.get('amount_min_usd'), deal.get('amount_max_usd'), deal.get('amount_usd')
    if lo is not None:
        return ('range', v if v is not None else hi, lo, hi)
    if v is not None:
        return ('exact', v, v, v)
    return ('undisclosed', None, None, None)


# A deal's state at a date and what totals count, by the rules of
# docs/file-format.md, "Deal histories", as check-deal-states.py reads them.
_spec = importlib.util.spec_from_file_location(
    'deal_states', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-deal-states.py'))
deal_states = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deal_states)
LATEST = 99991231


def at_date(deal, limit):
    """@deal as a copy at @limit holds it: its status and amount then."""
    if not deal.get('history'):
        return deal
    _, _, status, amt, _, _ = deal_states.state(deal, limit)
    d = {k: v for k, v in deal.items() if k not in ('amount_usd', 'amount_min_usd', 'amount_max_usd')}
    d['status'] = status
    if amt is not None and amt[0] == amt[1] and not deal_states_is_range(deal, limit):
        d['amount_usd'] = amt[0]
    elif amt is not None:
        d['amount_min_usd'], d['amount_max_usd'] = amt
    return d


def deal_states_is_range(deal, limit):
    events = [e for e in deal.get('history', []) if deal_states.packed(e['date']) <= limit]
    source = deal
    if deal.get('history') and len(events) < len(deal['history']):
        source = next((e for e in reversed(events) if any(k in e for k in deal_states.AMOUNT_KEYS)), {})
    return source.get('amount_min_usd') is not None


def company_at_date(company, limit):
    """@company with its valuation at @limit (the last dated one on or before it)."""
    entries = [v for v in company.get('valuations', []) if packed(v['date']) <= limit]
    if not company.get('valuations') or len(entries) == len(company['valuations']):
        return company
    c = {k: v for k, v in company.items() if k not in ('valuation_usd', 'valuation_as_of')}
    if entries:
        c['valuation_usd'] = entries[-1]['valuation_usd']
        c['valuation_as_of'] = entries[-1]['date']
    return c


def counted_in_totals(doc, limit=LATEST):
    """The deals a total counts at @limit: in the network, not part of a deal in it."""
    inside = {d['id'] for d in doc['deals'] if deal_states.state(d, limit)[1]}
    return [d for d in doc['deals'] if d['id'] in inside and d.get('part_of') not in inside]


def expected_network(doc, as_of=None):
    """The companies and deals an export shows: the saved filter's statuses
    and date, or --as-of, each deal in its state then (cancelled ones out);
    a company shows with a shown deal, or with no deals at all."""
    flt = doc.get('layout', {}).get('filter', {})
    hidden = set(flt.get('hidden_statuses', []))
    limit = as_of_limit(as_of or flt['as_of']) if (as_of or flt.get('as_of')) else 0
    statuses = {'rumoured', 'discussed', 'letter-of-intent', 'announced', 'signed', 'completed', 'cancelled',
                'stalled'}
    deals = []
    for d in doc['deals']:
        status = d.get('status') if d.get('status') in statuses else 'announced'
        date = packed(d.get('announced'))
        if status in hidden or (limit and date and date > limit):
            continue
        if limit and not deal_states.state(d, limit)[1]:
            continue
        deals.append(at_date(d, limit) if limit else d)
    with_deals = {c for d in doc['deals'] for c in (d['from'], d['to'])}
    shown = {c for d in deals for c in (d['from'], d['to'])}
    companies = [company_at_date(c, limit) if limit else c
                 for c in doc['companies'] if c['id'] in shown or c['id'] not in with_deals]
    return companies, deals


def close(a, b, tol=1e-9):
    return a is not None and b is not None and abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def xml_clean(text):
    """What XML can carry: the C0 controls it forbids become U+FFFD."""
    if text is None:
        return None
    return ''.join('\ufffd' if (ord(ch) < 0x20 and ch not in '\t\n\r') else ch for ch in text)


def summary_counts(path):
    """`dealgraph --summary`: companies, deals, and deals and undisclosed by kind."""
    out = run([DEALGRAPH, '--summary'] + ([path] if path else [])).stdout
    m = re.search(r'^(\d+) compan\w+, (\d+) deals?$', out, re.M)
    by_kind = {}
    section = out.split('Deals by kind:')[1].split('\n\n')[0]
    for line in section.splitlines()[2:]:
        cols = re.split(r'\s{2,}', line.strip())
        by_kind[cols[0]] = (int(cols[1]), int(cols[-1]))
    return int(m.group(1)), int(m.group(2)), by_kind


KIND_LABELS = {
    'investment': 'Investment', 'equity-warrant': 'Equity warrant', 'share-sale': 'Share sale',
    'chip-purchase': 'Chip purchase', 'cloud-lease': 'Cloud lease', 'compute-purchase': 'Compute purchase',
    'joint-venture': 'Joint venture', 'licensing': 'Licensing', 'backstop': 'Backstop', 'commerce': 'Commerce',
}


# GraphML ------------------------------------------------------------------------------

def check_graphml(label, path, doc, companies, deals, summary):
    p = subprocess.run(['xmllint', '--noout', '--schema', os.path.join(SCHEMAS, 'graphml', 'graphml.xsd'), path],
                       capture_output=True, text=True)
    check('%s: GraphML validates against the GraphML XSD' % label, p.returncode == 0, p.stderr)

    G = nx.read_graphml(path, force_multigraph=True)
    check('%s: networkx reads a directed graph' % label, G.is_directed())
    by_id = {d['company_id']: d for _, d in G.nodes(data=True)}
    want = {c['id']: c for c in companies}
    check('%s: networkx finds the same %d companies' % (label, len(want)),
          set(by_id) == set(want) and G.number_of_nodes() == len(want), '%s != %s' % (sorted(by_id), sorted(want)))
    for cid, c in want.items():
        n = by_id.get(cid, {})
        check('%s: networkx reads company %r whole' % (label, cid),
              n.get('name') == xml_clean(c['name']) and n.get('kind') == c.get('kind')
              and n.get('country') == c.get('country') and n.get('description') == xml_clean(c.get('description'))
              and n.get('website') == c.get('website') and close(n.get('valuation_usd'), c.get('valuation_usd'))
              == ('valuation_usd' in c), repr(n))
        pos = doc.get('layout', {}).get('positions', {}).get(cid)
        if pos is not None and len(doc['layout']['positions']) == len(doc['companies']):
            check('%s: company %r is where the file puts it' % (label, cid),
                  abs(n['x'] - pos['x']) < 1e-3 and abs(n['y'] - pos['y']) < 1e-3, '%r %r' % (n.get('x'), pos))

    node_cid = {n: d['company_id'] for n, d in G.nodes(data=True)}
    got = collections.Counter((node_cid[u], node_cid[v], d['deal_id']) for u, v, d in G.edges(data=True))
    wanted = collections.Counter((d['from'], d['to'], d['id']) for d in deals)
    check('%s: networkx finds the same %d deals, each from its payer to its payee' % (label, len(deals)),
          got == wanted, '%s' % (got - wanted or wanted - got))

    edges = {d['deal_id']: d for _, _, d in G.edges(data=True)}
    bad = []
    for d in deals:
        e = edges.get(d['id'], {})
        kind, v, lo, hi = amount(d)
        if kind == 'undisclosed':
            ok = 'amount_usd' not in e and 'amount_min_usd' not in e and e.get('amount_kind') == 'undisclosed'
        else:
            ok = (e.get('amount_kind') == kind and close(e.get('amount_usd'), v) and close(e.get('amount_min_usd'), lo)
                  and close(e.get('amount_max_usd'), hi))
        ok = ok and e.get('kind') == d.get('kind') and e.get('status') == d.get('status') \
            and e.get('announced') == d.get('announced') and e.get('title') == xml_clean(d.get('title'))
        srcs = json.loads(e['sources']) if 'sources' in e else []
        ok = ok and srcs == [{k: s[k] for k in ('publisher', 'title', 'date', 'url', 'via') if k in s}
                             for s in d.get('sources', [])]
        if not ok:
            bad.append((d['id'], e))
    check('%s: networkx reads every amount (undisclosed absent, ranges with both ends), kind, status, date, '
          'title and source' % label, not bad, repr(bad[:3]))

    # The cyclic flag, against networkx's own strongly connected components.
    comp = {}
    for i, scc in enumerate(nx.strongly_connected_components(G)):
        for n in scc:
            comp[n] = i
    wrong = [d['deal_id'] for u, v, d in G.edges(data=True) if d['cyclic'] != (comp[u] == comp[v])]
    check('%s: the cyclic flag marks exactly the deals networkx finds on a cycle (%d of %d)'
          % (label, sum(1 for _, _, d in G.edges(data=True) if d['cyclic']), G.number_of_edges()), not wrong, wrong)

    if summary is not None:
        n_companies, n_deals, by_kind = summary
        check('%s: networkx counts what dealgraph --summary reports (%d companies, %d deals)'
              % (label, n_companies, n_deals), G.number_of_nodes() == n_companies and G.number_of_edges() == n_deals)
        # The tables count each deal in the network once (cancelled ones
        # and parts of a deal in the network are out).
        counted = {d['id'] for d in counted_in_totals(doc)}
        edges = [d for _, _, d in G.edges(data=True) if d['deal_id'] in counted]
        counts = collections.Counter(KIND_LABELS.get(d.get('kind'), 'Other') for d in edges)
        undisclosed = collections.Counter(KIND_LABELS.get(d.get('kind'), 'Other') for d in edges
                                          if 'amount_usd' not in d)
        mismatch = {k: v for k, v in by_kind.items() if (counts.get(k, 0), undisclosed.get(k, 0)) != v}
        check('%s: deals and undisclosed amounts by kind match dealgraph --summary' % label, not mismatch,
              repr(mismatch))

    g = igraph.Graph.Read_GraphML(path)
    check('%s: igraph reads a directed graph of %d companies and %d deals' % (label, len(companies), len(deals)),
          g.is_directed() and g.vcount() == len(companies) and g.ecount() == len(deals))
    got = collections.Counter((g.vs[e.source]['company_id'], g.vs[e.target]['company_id'], e['deal_id']) for e in g.es)
    check('%s: igraph finds every deal from its payer to its payee' % label, got == wanted)
    names = {v['company_id']: v['name'] for v in g.vs}
    check('%s: igraph reads every name as written' % label,
          all(names.get(c['id']) == xml_clean(c['name']) for c in companies))
    bad = []
    for e in g.es:
        d = next(x for x in deals if x['id'] == e['deal_id'])
        kind, v, lo, hi = amount(d)
        if kind == 'undisclosed':
            ok = math.isnan(e['amount_usd']) and math.isnan(e['amount_max_usd'])
        else:
            ok = close(e['amount_usd'], v) and close(e['amount_min_usd'], lo) and close(e['amount_max_usd'], hi)
        if not ok:
            bad.append(d['id'])
    check('%s: igraph reads every amount (NaN where undisclosed)' % label, not bad, bad)


# GEXF ------------------------------------------------------------------------------------

def xs_date(date):
    parts = date.split('-') + ['01', '01']
    return '%s-%s-%s' % (parts[0], parts[1].zfill(2), parts[2].zfill(2))


def check_gexf(label, path, doc, companies, deals, tmp):
    p = subprocess.run(['xmllint', '--noout', '--relaxng', os.path.join(SCHEMAS, 'gexf-1.3', 'gexf.rng'), path],
                       capture_output=True, text=True)
    check('%s: GEXF validates against the GEXF 1.3 RELAX NG grammar' % label, p.returncode == 0, p.stderr)

    text = open(path, encoding='utf-8').read()
    mapped = os.path.join(tmp, 'mapped.gexf')
    open(mapped, 'w', encoding='utf-8').write(text.replace('xmlns:viz="%s"' % VIZ_NS, 'xmlns:viz="%s"' % GEXF_NS, 1))
    p = subprocess.run(['xmllint', '--noout', '--schema', os.path.join(SCHEMAS, 'gexf-1.3', 'gexf.xsd'), mapped],
                       capture_output=True, text=True)
    check('%s: GEXF validates against the GEXF 1.3 XSD' % label, p.returncode == 0, p.stderr)

    root = ET.parse(path).getroot()
    ns = {'g': GEXF_NS, 'viz': VIZ_NS}
    graph = root.find('g:graph', ns)
    check('%s: GEXF is directed, dynamic, dated' % label,
          root.get('version') == '1.3' and graph.get('defaultedgetype') == 'directed'
          and graph.get('mode') == 'dynamic' and graph.get('timeformat') == 'date')
    titles = {a.get('id'): a.get('type') for a in graph.findall('g:attributes/g:attribute', ns)}
    check('%s: GEXF types the amounts as doubles' % label,
          titles.get('amount_usd') == 'double' and titles.get('amount_min_usd') == 'double'
          and titles.get('amount_max_usd') == 'double' and titles.get('cyclic') == 'boolean')

    nodes = {n.get('id'): n for n in graph.findall('g:nodes/g:node', ns)}
    want = {c['id']: c for c in companies}
    check('%s: GEXF holds the same %d companies' % (label, len(want)), set(nodes) == set(want))
    check('%s: GEXF labels are the names as written' % label,
          all(nodes[c].get('label') == xml_clean(want[c]['name']) for c in want if c in nodes))
    firsts = {}
    for d in deals:
        for c in (d['from'], d['to']):
            firsts.setdefault(c, []).append(d.get('announced'))
    starts_ok = True
    for cid, n in nodes.items():
        dates = firsts.get(cid, [])
        expect = min(xs_date(x) for x in dates) if dates and all(dates) else None
        starts_ok = starts_ok and n.get('start') == expect
    check('%s: each company starts on the timeline with its first deal (or throughout)' % label, starts_ok)

    positions = doc.get('layout', {}).get('positions', {})
    if len(positions) == len(doc['companies']):
        ok = True
        for cid, n in nodes.items():
            pos = n.find('viz:position', ns)
            ok = ok and abs(float(pos.get('x')) - positions[cid]['x']) < 0.011 \
                and abs(float(pos.get('y')) + positions[cid]['y']) < 0.011
        check('%s: viz:position is the saved layout (y pointing up)' % label, ok)
    check('%s: every company has viz:color and viz:size' % label,
          all(n.find('viz:color', ns) is not None and float(n.find('viz:size', ns).get('value')) > 0
              for n in nodes.values()))

    edges = graph.findall('g:edges/g:edge', ns)
    got = collections.Counter((e.get('source'), e.get('target'), e.get('id')) for e in edges)
    wanted = collections.Counter((d['from'], d['to'], d['id']) for d in deals)
    check('%s: GEXF holds the same %d deals from payer to payee' % (label, len(deals)), got == wanted)
    by_id = {e.get('id'): e for e in edges}
    bad = []
    for d in deals:
        e = by_id[d['id']]
        values = {a.get('for'): a.get('value') for a in e.findall('g:attvalues/g:attvalue', ns)}
        kind, v, lo, hi = amount(d)
        ok = e.get('start') == (xs_date(d['announced']) if d.get('announced') else None)
        if kind == 'undisclosed':
            ok = ok and 'amount_usd' not in values and values.get('amount_kind') == 'undisclosed'
        else:
            ok = ok and close(float(values['amount_usd']), v) and close(float(values['amount_min_usd']), lo) \
                and close(float(values['amount_max_usd']), hi)
        if not ok:
            bad.append(d['id'])
    check('%s: every deal starts on its announced date and carries its amount' % label, not bad, bad)

    # networkx 2.8 knows GEXF up to 1.2draft: read a copy in that namespace.
    old = os.path.join(tmp, 'old.gexf')
    open(old, 'w', encoding='utf-8').write(
        text.replace(VIZ_NS, 'http://www.gexf.net/1.2draft/viz')
            .replace('"%s"' % GEXF_NS, '"http://www.gexf.net/1.2draft"').replace('version="1.3"', 'version="1.2"'))
    H = nx.read_gexf(old)
    ok = H.number_of_nodes() == len(companies) and H.number_of_edges() == len(deals)
    amounts = {d['deal_id']: d.get('amount_max_usd') for _, _, d in H.edges(data=True)}
    ok = ok and all((amount(d)[3] is None and amounts[d['id']] is None) or close(amounts[d['id']], amount(d)[3])
                    for d in deals)
    check('%s: networkx reads the GEXF (as 1.2draft): same counts and amounts' % label, ok)


# DOT ------------------------------------------------------------------------------------

def dot_names(doc_companies):
    names = {}
    for i, c in enumerate(doc_companies):
        plain = all(ch not in '"\\' and ord(ch) >= 0x20 for ch in c['id'])
        names[c['id']] = c['id'] if plain else 'company-%d' % i
    return names


def check_dot(label, path, doc, companies, deals):
    p = subprocess.run(['dot', '-Tsvg', path], capture_output=True, text=True)
    check('%s: dot -Tsvg parses the DOT' % label, p.returncode == 0 and '<svg' in p.stdout, p.stderr)
    svg = ET.fromstring(p.stdout)
    ns = {'s': 'http://www.w3.org/2000/svg'}
    drawn = {}
    for g in svg.iter('{http://www.w3.org/2000/svg}g'):
        if g.get('class') == 'node':
            lines = [t.text or '' for t in g.findall('s:text', ns)]
            drawn[g.find('s:title', ns).text] = '\n'.join(lines).replace('\xa0', ' ')
    names = dot_names(companies)
    wrong = [(c['name'], drawn.get(names[c['id']])) for c in companies
             if drawn.get(names[c['id']]) != c['name'].replace('\r', '').replace('\u0001', '\ufffd')]
    check('%s: Graphviz draws every name as written' % label, not wrong, repr(wrong))
    edge_ids = collections.Counter(g.get('id') for g in svg.iter('{http://www.w3.org/2000/svg}g')
                                   if g.get('class') == 'edge')
    check('%s: Graphviz draws every deal' % label, edge_ids == collections.Counter(d['id'] for d in deals),
          repr(edge_ids))

    text = open(path, encoding='utf-8').read()
    given = {}
    for m in re.finditer(r'^  "((?:[^"\\]|\\.)*)" \[label=.*?, pos="([-0-9.]+),([-0-9.]+)!"', text, re.M):
        given[m.group(1).replace('\\"', '"')] = (float(m.group(2)), float(m.group(3)))
    p = subprocess.run(['neato', '-n2', '-Tjson', path], capture_output=True, text=True)
    out = {}
    for o in json.loads(p.stdout).get('objects', []):
        if 'pos' in o and o.get('name') in given:
            x, y = o['pos'].split(',')
            out[o['name']] = (float(x), float(y))
    shift = None
    ok = p.returncode == 0 and len(out) == len(given) == len(companies)
    for name, (x, y) in given.items():
        if name not in out:
            continue
        dx, dy = out[name][0] - x, out[name][1] - y
        shift = shift or (dx, dy)
        # Graphviz rounds what it reads and writes to hundredths of a point.
        ok = ok and abs(dx - shift[0]) < 0.5 and abs(dy - shift[1]) < 0.5
    check('%s: neato -n2 keeps every position (up to a shift of the whole page)' % label, ok)


# CSV ------------------------------------------------------------------------------------

def check_csv(label, path, companies, deals, tmp):
    base = path[:-len('.csv')]
    out = os.path.join(tmp, 'back.dealgraph.json')
    p = subprocess.run([DEALGRAPH, '--import-csv', out, path, '--companies', base + '-companies.csv'],
                       capture_output=True, text=True, env=ENV)
    check('%s: the CSV export imports back with no row refused' % label, p.returncode == 0, p.stderr)
    if p.returncode != 0:
        return
    back = json.load(open(out, encoding='utf-8'))
    ckeys = ('id', 'name', 'kind', 'country', 'valuation_usd', 'valuation_as_of', 'valuation_note', 'description',
             'website')
    dkeys = ('id', 'from', 'to', 'kind', 'amount_note', 'announced', 'term', 'status', 'status_note', 'title',
             'description')
    ok = [{k: c.get(k) for k in ckeys} for c in companies] == [{k: c.get(k) for k in ckeys} for c in back['companies']]
    check('%s: CSV round trip keeps every company field' % label, ok)

    def deal_view(d):
        view = {k: d.get(k) for k in dkeys}
        view['amount'] = amount(d)
        view['sources'] = [{k: s[k] for k in ('publisher', 'title', 'date', 'url', 'via') if k in s}
                           for s in d.get('sources', [])]
        return view
    check('%s: CSV round trip keeps every deal field, amounts and sources included' % label,
          [deal_view(d) for d in deals] == [deal_view(d) for d in back['deals']])


def main():
    dataset = json.load(open(DATASET, encoding='utf-8'))
    tricky = json.load(open(TRICKY, encoding='utf-8'))
    with tempfile.TemporaryDirectory() as tmp:
        filtered_path = os.path.join(tmp, 'filtered.dealgraph.json')
        filtered = json.loads(json.dumps(tricky))
        filtered['layout']['filter'] = {'hidden_statuses': ['rumoured', 'cancelled']}
        json.dump(filtered, open(filtered_path, 'w', encoding='utf-8'), ensure_ascii=False)

        cases = [
            ('dataset', None, dataset, [], None),
            ('dataset as of 2025-06', None, dataset, ['--as-of', '2025-06'], '2025-06'),
            ('tricky names', TRICKY, tricky, [], None),
            ('tricky, saved filter', filtered_path, filtered, [], None),
        ]
        for label, path, doc, extra, as_of in cases:
            companies, deals = expected_network(doc, as_of)
            summary = summary_counts(path) if not extra and path != filtered_path else None
            files = {}
            for ext in ('graphml', 'gexf', 'dot', 'csv'):
                files[ext] = os.path.join(tmp, 'net.' + ext)
                run([DEALGRAPH, '--export', files[ext]] + extra + ([path] if path else []))
            check_graphml(label, files['graphml'], doc, companies, deals, summary)
            check_gexf(label, files['gexf'], doc, companies, deals, tmp)
            check_dot(label, files['dot'], doc, companies, deals)
            check_csv(label, files['csv'], companies, deals, tmp)

        # The filter really leaves something out, or these cases test nothing new.
        check('the saved filter and --as-of leave deals out',
              len(expected_network(filtered)[1]) < len(tricky['deals'])
              and len(expected_network(dataset, '2025-06')[1]) < len(dataset['deals']))

    print('1..%d' % len(results))
    for i, (name, ok, detail) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok and detail:
            for line in str(detail).splitlines()[:20]:
                print('# ' + line)


if __name__ == '__main__':
    main()
