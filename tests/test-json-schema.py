#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# data/dealgraph.schema.json must agree with the loader, which is the
# reference (docs/file-format.md):
# - the embedded dataset and every test fixture the loader accepts validate;
# - a fixture the loader refuses is refused by the schema too, unless every
#   reason lies beyond what JSON Schema can say (duplicate ids, unknown
#   companies, min > max, impossible days, syntax...);
# - small edits of the dataset, each testing one rule, are accepted or
#   refused alike by the loader and the schema;
# - a generated set of edits, for every field of the format: each JSON type
#   in its place, the field missing, values out of range. Each is accepted
#   or refused as the table below says (the format's rules written a second
#   time, independently of both), by the loader and by the schema alike.
# Prints TAP.
#
# Usage: test-json-schema.py SCHEMA DEALGRAPH DATASET FIXTURE_DIR

import concurrent.futures
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    # Debian's python3-jsonschema installs for /usr/bin/python3, which may
    # not be the python3 first on PATH.
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3') \
            and not os.environ.get('DG_SCHEMA_TEST_REEXEC'):
        os.environ['DG_SCHEMA_TEST_REEXEC'] = '1'
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    print('Bail out! the Python module jsonschema is missing (Debian: apt-get install python3-jsonschema)')
    sys.exit(1)

# Loader errors that JSON Schema cannot express: a fixture refused only for
# these may pass the schema.
BEYOND_SCHEMA = (
    'duplicate company id',
    'duplicate deal id',
    'duplicate key',              # JSON readers keep one value; the schema sees one
    'lone UTF-16 surrogate',      # Python reads them into its strings
    'names unknown company',
    'cannot run from a company to itself',
    'is greater than "amount_max_usd"',
    'lies outside "amount_min_usd"',
    'nesting deeper than',
    'syntax error',
    'invalid UTF-8',
    'the file is empty',
    'the file is larger than',
)

# The schema checks a date's shape, not the calendar: 2025-02-30 passes it.
WELL_SHAPED_DATE = re.compile(r'has the day \d\d, which \d{4}-\d\d does not have')

results = []


def beyond_schema(error):
    return any(p in error for p in BEYOND_SCHEMA) or WELL_SHAPED_DATE.search(error) is not None


def check(name, ok, diag=None):
    results.append((name, ok, diag))


def run_loader(dealgraph, path):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    proc = subprocess.run([dealgraph, '--validate', path], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors = [l for l in proc.stderr.splitlines() if ': error: ' in l]
    return proc.returncode, errors


def run_loader_many(dealgraph, paths):
    """run_loader() for many files in one process (--validate takes any
    number): [(status, errors)] in the order of paths."""
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    proc = subprocess.run([dealgraph, '--validate'] + paths, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):
        # A crash or a sanitizer halt: never taken for "refused".
        return [(proc.returncode, ['killed: ' + proc.stderr[-2000:]])] * len(paths)
    results = []
    for path in paths:
        valid = (path + ': valid: ') in proc.stdout
        errors = [l for l in proc.stderr.splitlines() if l.startswith(path + ':') and ': error: ' in l]
        results.append((0 if valid else 1, errors))
    return results


def schema_errors(validator, doc):
    return [('/'.join(str(p) for p in e.absolute_path) or '(top)') + ': ' + e.message
            for e in validator.iter_errors(doc)]


def load_json(path):
    try:
        # RFC 8259 lets a reader skip a byte-order mark, and Dealgraph does.
        with open(path, encoding='utf-8-sig') as f:
            return json.load(f), None
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        return None, str(e)


def mutations(base):
    """(name, expected to load, function editing a copy of the dataset)"""
    def company(d):
        return d['companies'][0]

    def deal(d):
        return d['deals'][0]

    def deal_with_sources(d):
        return next(x for x in d['deals'] if x.get('sources'))

    def set_(getter, key, value):
        def f(d):
            getter(d)[key] = value
        return f

    def del_(getter, key):
        def f(d):
            getter(d).pop(key, None)
        return f

    def top(d):
        return d

    def first_source(d):
        return deal_with_sources(d)['sources'][0]

    def layout_with(position):
        def f(d):
            d['layout'] = {'algorithm': 'force',
                           'positions': {company(d)['id']: position}}
        return f

    def range_(lo, hi, amount='keep'):
        def f(d):
            x = deal(d)
            if lo is not None:
                x['amount_min_usd'] = lo
            if hi is not None:
                x['amount_max_usd'] = hi
            if amount != 'keep':
                x['amount_usd'] = amount
        return f

    return [
        # Accepted by both
        ('unknown company kind loads', True, set_(company, 'kind', 'space-agency')),
        ('unknown deal kind loads', True, set_(deal, 'kind', 'barter')),
        ('unknown status loads', True, set_(deal, 'status', 'whispered')),
        ('unknown top-level key is kept', True, set_(top, 'x_future', {'a': [1, 2]})),
        ('unknown company field is kept', True, set_(company, 'ticker', 'OPAI')),
        ('null optional fields mean absent', True,
         lambda d: (top(d).update(title=None, description=None, as_of=None),
                    company(d).update(country=None, valuation_usd=None, website=None))),
        ('null amount is undisclosed', True, set_(deal, 'amount_usd', None)),
        ('"up to" range', True, range_(0, 100e9, None)),
        ('range with a headline figure', True, range_(10e9, 20e9, 15e9)),
        ('year-only and month dates', True,
         lambda d: (deal(d).update(announced='2025'), top(d).update(as_of='2025-10'))),
        ('upper-case URL scheme', True, set_(company, 'website', 'HTTPS://example.com/')),
        ('null sources', True, set_(deal, 'sources', None)),
        ('layout with a pinned position', True, layout_with({'x': 1.5, 'y': -2, 'pinned': True})),
        ('null layout', True, set_(top, 'layout', None)),

        # Refused by both
        ('missing "format"', False, del_(top, 'format')),
        ('wrong "format"', False, set_(top, 'format', 'graphml')),
        ('version 2', False, set_(top, 'version', 2)),
        ('version as a string', False, set_(top, 'version', '1')),
        ('missing "companies"', False, del_(top, 'companies')),
        ('"deals" not an array', False, set_(top, 'deals', {})),
        ('company without a name', False, del_(company, 'name')),
        ('company with an empty id', False, set_(company, 'id', '')),
        ('company id a number', False, set_(company, 'id', 5)),
        ('company not an object', False, lambda d: d['companies'].append('nvidia')),
        ('negative valuation', False, set_(company, 'valuation_usd', -1)),
        ('amount as a string', False, set_(deal, 'amount_usd', '38e9')),
        ('negative amount', False, set_(deal, 'amount_usd', -5)),
        ('month 13', False, set_(deal, 'announced', '2025-13-01')),
        ('two-digit year', False, set_(deal, 'announced', '25-01-01')),
        ('year zero', False, set_(top, 'as_of', '0000')),
        ('date in words', False, set_(deal, 'announced', 'November 2025')),
        ('javascript: website', False, set_(company, 'website', 'javascript:alert(1)')),
        ('ftp source URL', False, set_(first_source, 'url', 'ftp://example.com/x')),
        ('deal without "from"', False, del_(deal, 'from')),
        ('deal "to" null', False, set_(deal, 'to', None)),
        ('"sources" an object', False, set_(deal, 'sources', {})),
        ('source without a publisher', False, del_(first_source, 'publisher')),
        ('min without max', False, range_(1e9, None)),
        ('max without min', False, range_(None, 1e9)),
        ('position x a string', False, layout_with({'x': '1', 'y': 2})),
        ('position without y', False, layout_with({'x': 1})),
        ('pinned "yes"', False, layout_with({'x': 1, 'y': 2, 'pinned': 'yes'})),
        ('layout an array', False, set_(top, 'layout', [])),
        ('title a number', False, set_(top, 'title', 7)),
    ]


# ---- Generated edits: every field, every type, out of range, missing ----

# Values as JSON text, put in place after json.dumps (1e400 has no Python
# float that writes it back).
STRING = '"text"'
EMPTY = '""'
NUL = '"a\\u0000b"'
NULL = 'null'
TRUE = 'true'
INTEGER = '7'
FRACTION = '1.5'
NEGATIVE = '-3'
OBJECT = '{"x": "a"}'
ARRAY = '[1]'
HUGE = '1e400'

ALL_TYPES = (STRING, NULL, TRUE, INTEGER, FRACTION, OBJECT, ARRAY)

# For each kind of field: (value, accepted?, beyond the schema?) besides the
# types not listed, which are refused.
KINDS = {
    'format': [('"dealgraph"', True), ('"graphml"', False)],
    'version': [('1', True), ('1.0', True), ('1e0', True), ('2', False), ('"1"', False), ('0.5', False)],
    'text': [(STRING, True), (EMPTY, True), (NULL, True), (NUL, False)],
    'required-text': [(STRING, True), (EMPTY, True), (NUL, False)],
    'id': [(EMPTY, False), (NUL, False)],
    'kind': [(STRING, True), ('"ai-lab"', True), (NULL, True), (NUL, False)],
    'date': [('"2025"', True), ('"2025-06"', True), ('"2024-02-29"', True), (NULL, True),
             ('"0000"', False), ('"2025-13"', False), ('"2025-00"', False), ('"25-01-01"', False),
             ('"2025-1-1"', False), ('"June 2025"', False), (NUL, False),
             ('"2025-02-30"', False, 'beyond'), ('"2023-02-29"', False, 'beyond')],
    'url': [('"https://example.com/a"', True), ('"HTTP://example.com"', True), (NULL, True),
            ('"ftp://example.com"', False), ('"javascript:alert(1)"', False), (EMPTY, False),
            ('"https://a\\u0000b"', False)],
    'amount': [('0', True), ('-0', True), (INTEGER, True), (FRACTION, True), ('10000000000000000000', True),
               ('1.7976931348623157e308', True), ('1e-400', True), (NULL, True),
               (NEGATIVE, False), (HUGE, False), ('-1e400', False)],
    'range-low': [('0', True), (FRACTION, True), (NEGATIVE, False), (HUGE, False),
                  ('1e12', False, 'beyond')],
    'range-high': [('1e12', True), ('0', True), (NEGATIVE, False), (HUGE, False), ('1e-3', True)],
    'coordinate': [('0', True), ('-0', True), (FRACTION, True), ('-1000000', True), ('1000000', True),
                   ('1000000.5', False), ('-1e308', False), (HUGE, False), (NEGATIVE, True)],
    'zoom': [('1', True), ('0.0001', True), ('1000', True), ('0', False), (NEGATIVE, False),
             ('1000.5', False), ('0.00005', False), (HUGE, False)],
    'seed': [('0', True), (INTEGER, True), ('7.0', True), ('7e0', True), ('9223372036854775807', True),
             ('9223372036854775808', False), (FRACTION, False), ('-1', False), (HUGE, False)],
    'bool': [(TRUE, True), ('false', True)],
    'companies': [('[]', False, 'beyond')],  # the deals then name unknown companies
    'deals': [('[]', True)],
    'layout': [(NULL, True), ('{}', True)],
    'sources': [(NULL, True), ('[]', True), ('[1]', False), ('[{}]', False)],
    'positions': [(NULL, True), ('{}', True), ('{"nobody": {"x": 0, "y": 0}}', True),
                  ('{"openai": 5}', False)],
    'view': [('{}', True), ('{"x": 1, "y": 2, "zoom": 3, "x_tilt": 4}', True)],
    'ref': [],
}

# (where, key, kind, required)
FIELDS = [
    ('top', 'format', 'format', True),
    ('top', 'version', 'version', True),
    ('top', 'title', 'text', False),
    ('top', 'description', 'text', False),
    ('top', 'as_of', 'date', False),
    ('top', 'companies', 'companies', True),
    ('top', 'deals', 'deals', True),
    ('top', 'layout', 'layout', False),
    ('company', 'id', 'id', True),
    ('company', 'name', 'id', True),
    ('company', 'kind', 'kind', False),
    ('company', 'country', 'text', False),
    ('company', 'valuation_usd', 'amount', False),
    ('company', 'valuation_as_of', 'date', False),
    ('company', 'valuation_note', 'text', False),
    ('company', 'description', 'text', False),
    ('company', 'website', 'url', False),
    ('deal', 'id', 'id', True),
    ('deal', 'from', 'ref', True),
    ('deal', 'to', 'ref', True),
    ('deal', 'kind', 'kind', False),
    ('deal', 'amount_usd', 'amount', False),
    ('range', 'amount_min_usd', 'range-low', False),
    ('range', 'amount_max_usd', 'range-high', False),
    ('deal', 'amount_note', 'text', False),
    ('deal', 'announced', 'date', False),
    ('deal', 'term', 'text', False),
    ('deal', 'status', 'kind', False),
    ('deal', 'status_note', 'text', False),
    ('deal', 'title', 'text', False),
    ('deal', 'description', 'text', False),
    ('deal', 'sources', 'sources', False),
    ('source', 'publisher', 'required-text', True),
    ('source', 'title', 'text', False),
    ('source', 'date', 'date', False),
    ('source', 'url', 'url', False),
    ('source', 'via', 'text', False),
    ('layout', 'algorithm', 'text', False),
    ('layout', 'seed', 'seed', False),
    ('layout', 'positions', 'positions', False),
    ('layout', 'view', 'view', False),
    ('position', 'x', 'coordinate', True),
    ('position', 'y', 'coordinate', True),
    ('position', 'pinned', 'bool', False),
    ('view', 'x', 'coordinate', False),
    ('view', 'y', 'coordinate', False),
    ('view', 'zoom', 'zoom', False),
]

# The JSON type of each sample, to know which types a kind accepts.
def json_type(text):
    if text.startswith('"'):
        return 'string'
    if text in ('true', 'false'):
        return 'boolean'
    if text == 'null':
        return 'null'
    if text.startswith('{'):
        return 'object'
    if text.startswith('['):
        return 'array'
    return 'number'


def generated_cases(base):
    """(name, document text, expected to load, beyond the schema)"""
    exact = next(x for x in base['deals'] if 'amount_usd' in x and 'amount_min_usd' not in x and x.get('sources'))
    ranged = next(x for x in base['deals'] if 'amount_min_usd' in x and 'amount_usd' not in x)
    company = base['companies'][0]
    places = {
        'top': lambda d: d,
        'company': lambda d: d['companies'][0],
        'deal': lambda d: next(x for x in d['deals'] if x['id'] == exact['id']),
        'range': lambda d: next(x for x in d['deals'] if x['id'] == ranged['id']),
        'source': lambda d: next(x for x in d['deals'] if x['id'] == exact['id'])['sources'][0],
        'layout': lambda d: d['layout'],
        'position': lambda d: d['layout']['positions'][company['id']],
        'view': lambda d: d['layout']['view'],
    }
    cases = []
    for where, key, kind, required in FIELDS:
        listed = KINDS[kind]
        types = {json_type(entry[0]) for entry in listed}
        samples = list(listed)
        # Every type the kind does not take is refused.
        for t in ALL_TYPES:
            if json_type(t) not in types and not (kind == 'ref' and t == STRING):
                samples.append((t, False))
        for entry in samples:
            value, accepted = entry[0], entry[1]
            beyond = len(entry) > 2
            doc = copy.deepcopy(base)
            places[where](doc)[key] = '@@VALUE@@'
            text = json.dumps(doc, ensure_ascii=False).replace('"@@VALUE@@"', value)
            cases.append(('%s.%s = %s' % (where, key, value), text, accepted, beyond))
        doc = copy.deepcopy(base)
        places[where](doc).pop(key, None)
        # A range needs both ends: without one, the other is refused.
        cases.append(('%s.%s missing' % (where, key), json.dumps(doc, ensure_ascii=False),
                      not required and where != 'range', False))
    return cases


def check_generated(validator, base, tmp):
    # A small document (tests/files/good.json) with every part: the schema's
    # validator takes most of the time on a large one.
    base = copy.deepcopy(base)
    base['layout'] = {'algorithm': 'force', 'seed': 2,
                      'positions': {c['id']: {'x': 10.5 * i, 'y': -3} for i, c in enumerate(base['companies'])},
                      'view': {'x': 0, 'y': 0, 'zoom': 1}}
    cases = generated_cases(base)
    paths = []
    for i, (name, text, accepted, beyond) in enumerate(cases):
        path = os.path.join(tmp, 'generated-%d.dealgraph.json' % i)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        paths.append(path)
    # Starting the program is most of the time (more under the sanitizers):
    # many files a process, two processes at a time.
    batches = [paths[i:i + 60] for i in range(0, len(paths), 60)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        results = [r for batch in pool.map(lambda b: run_loader_many(dealgraph_path, b), batches) for r in batch]
    for (name, text, accepted, beyond), (status, loader_errors) in zip(cases, results):
        errs = schema_errors(validator, json.loads(text))
        diag = ['loader exit %d %s' % (status, loader_errors[:2]), 'schema: %s' % errs[:2]]
        if beyond:
            check('%s: refused by the loader (the schema cannot tell)' % name,
                  status == (0 if accepted else 1) and not errs, diag)
        elif accepted:
            check('%s: accepted by the loader and the schema' % name, status == 0 and not errs, diag)
        else:
            check('%s: refused by the loader and the schema' % name, status == 1 and bool(errs), diag)
    return len(cases)


dealgraph_path = None


def main():
    if len(sys.argv) != 5:
        print('usage: test-json-schema.py SCHEMA DEALGRAPH DATASET FIXTURE_DIR', file=sys.stderr)
        return 2
    schema_path, dealgraph, dataset_path, fixture_dir = sys.argv[1:]
    global dealgraph_path
    dealgraph_path = dealgraph

    with open(schema_path, encoding='utf-8') as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        check('the schema is a valid JSON Schema (2020-12)', True)
    except jsonschema.SchemaError as e:
        check('the schema is a valid JSON Schema (2020-12)', False, [str(e)])
        return report()
    validator = jsonschema.Draft202012Validator(schema)

    dataset, err = load_json(dataset_path)
    check('the embedded dataset parses', dataset is not None, [err] if err else None)
    if dataset is None:
        return report()
    errs = schema_errors(validator, dataset)
    check('the embedded dataset validates', not errs, errs[:10])

    fixtures = []
    for dirpath, dirnames, filenames in os.walk(fixture_dir):
        dirnames.sort()
        fixtures += [os.path.join(dirpath, n) for n in sorted(filenames) if n.endswith('.json')]
    check('there are fixtures to check', len(fixtures) > 0, ['none under ' + fixture_dir])

    for path in fixtures:
        name = os.path.relpath(path, fixture_dir)
        status, loader_errors = run_loader(dealgraph, path)
        doc, parse_error = load_json(path)
        if status == 0:
            errs = schema_errors(validator, doc) if doc is not None else ['not JSON: ' + str(parse_error)]
            check('fixture %s loads, and the schema accepts it' % name, not errs, errs[:10])
        elif status == 1:
            beyond = loader_errors and all(beyond_schema(e) for e in loader_errors)
            if beyond:
                check('fixture %s is refused for reasons beyond JSON Schema' % name, True)
            else:
                errs = schema_errors(validator, doc) if doc is not None else ['unparseable']
                check('fixture %s is refused, and the schema refuses it too' % name, bool(errs),
                      ['loader: ' + e for e in loader_errors])
        else:
            check('fixture %s: dealgraph --validate exits 0 or 1' % name, False,
                  ['exit status %d' % status])

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, expected, edit) in enumerate(mutations(dataset)):
            doc = copy.deepcopy(dataset)
            edit(doc)
            path = os.path.join(tmp, 'case-%d.dealgraph.json' % i)
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(doc, f)
            status, loader_errors = run_loader(dealgraph, path)
            errs = schema_errors(validator, doc)
            diag = ['loader exit %d %s' % (status, loader_errors[:3]), 'schema: %s' % errs[:3]]
            if expected:
                check('%s: the loader and the schema accept it' % name, status == 0 and not errs, diag)
            else:
                check('%s: the loader and the schema refuse it' % name, status == 1 and bool(errs), diag)

        small, err = load_json(os.path.join(fixture_dir, 'good.json'))
        n = check_generated(validator, small, tmp)
        check('the generated edits cover every field (%d edits)' % n, n >= 300, ['only %d' % n])

    return report()


def report():
    print('1..%d' % len(results))
    failed = 0
    for i, (name, ok, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok:
            failed += 1
            for line in diag or []:
                print('# %s' % line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
