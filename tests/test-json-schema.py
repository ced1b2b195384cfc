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
#   refused alike by the loader and the schema.
# Prints TAP.
#
# Usage: test-json-schema.py SCHEMA DEALGRAPH DATASET FIXTURE_DIR

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
    'names unknown company',
    'cannot run from a company to itself',
    'is greater than "amount_max_usd"',
    'lies outside "amount_min_usd"',
    'must be a finite number',    # JSON has no infinity; parsers differ on 1e999
    'nesting deeper than',
    'syntax error',
    'invalid UTF-8',
    'the file is empty',
    'the file is larger than',
)

# The schema checks a date's shape, not the calendar: 2025-02-30 passes it.
WELL_SHAPED_DATE = re.compile(r'is not a valid date .*: "\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"$')

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


def schema_errors(validator, doc):
    return [('/'.join(str(p) for p in e.absolute_path) or '(top)') + ': ' + e.message
            for e in validator.iter_errors(doc)]


def load_json(path):
    try:
        with open(path, encoding='utf-8') as f:
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


def main():
    if len(sys.argv) != 5:
        print('usage: test-json-schema.py SCHEMA DEALGRAPH DATASET FIXTURE_DIR', file=sys.stderr)
        return 2
    schema_path, dealgraph, dataset_path, fixture_dir = sys.argv[1:]

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
