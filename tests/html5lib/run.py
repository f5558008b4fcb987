#!/usr/bin/env python3
"""run.py GLOSSA [SUITE] [-v] [--propose] [--records]: glossa's HTML text view on the
html5lib tree-construction suite (issue 16 item 1).

SUITE is html5lib-tests (default: ../shared/html5lib-tests beside the
repository, read in place, never copied). Every tree-construction/*.dat
test that is a full document with scripting on (no #document-fragment, no
#script-off) is run: its #data, written as UTF-8 to a temp file NAME.html,
through `GLOSSA dump --text`, whose stdout must equal byte for byte the
document.body.textContent derived from its #document tree: the text nodes
under the <body> (or <frameset>) child of <html>, in order, template
contents left out; no such child, "".

Prints `html5lib: A of N agree (P%), D differ, C crash` (crash: a non-zero
exit or a signal). -v: also every differing test (FILE:N, input, expected,
got, repr-escaped). --propose: a KNOWN-DIFFERENCES line for each differing
test, with a guessed cause, to read through before pasting. --records:
all tests in one glossa run (--records, -f spans: its "text"), 0.3 s
instead of 12 to 19, to iterate quickly; the ctest reads files, as users do (if
the run fails, every test is run from its file).

Fails (exit 1) when a test differs that KNOWN-DIFFERENCES (beside this
file) does not list, when a listed test agrees now or is not in the suite,
when any test crashes, or when fewer agree than its `floor` line. Exits 77
(skip) when the suite is not there."""
import json, os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
args = [a for a in sys.argv[1:] if not a.startswith('-')]
opts = {a for a in sys.argv[1:] if a.startswith('-')}
if not args or opts - {'-v', '--propose', '--records'}:
    sys.exit(__doc__)
glossa = os.path.abspath(args[0])
suite = args[1] if len(args) > 1 else os.path.join(root, '..', 'shared', 'html5lib-tests')
verbose = '-v' in opts
tcdir = os.path.join(suite, 'tree-construction')
if not os.path.isdir(tcdir):
    print('SKIP: no html5lib suite at %s (it is shared data, kept outside the '
          'repository: see tests/html5lib/README.md)' % os.path.abspath(tcdir))
    sys.exit(77)


def tests_of(path):
    """(index, data, document lines) of each full-document, scripting-on test
    in a .dat file; index counts every test in the file from 1."""
    raw = open(path, 'rb').read()
    if raw.endswith(b'\n'):
        raw = raw[:-1]
    # Tests are separated by a blank line; each begins with a #data line.
    chunks = re.split(b'\n\n(?=#data\n)', raw)
    out = []
    for n, chunk in enumerate(chunks, 1):
        lines = chunk.split(b'\n')
        if lines[0] != b'#data' or b'#errors' not in lines or b'#document' not in lines:
            raise SystemExit('%s: test %d: not a tree-construction test' % (path, n))
        e = lines.index(b'#errors')
        d = lines.index(b'#document', e)
        heads = set(lines[e:d])
        if b'#document-fragment' in heads or b'#script-off' in heads:
            continue
        out.append((n, b'\n'.join(lines[1:e]), lines[d + 1:]))
    return out


def complete(node):
    """Whether a node's text (after the indent) is a whole node: a quoted
    text node or attribute value, or a comment, may run over several lines."""
    if node.startswith(b'"'):
        return len(node) >= 2 and node.endswith(b'"')
    if node.startswith(b'<!-- '):
        return node.endswith(b' -->') and len(node) >= 9
    if node.startswith(b'<') or node == b'content':
        return True
    q = node.find(b'="')  # an attribute: name="value"
    return q >= 0 and len(node) >= q + 3 and node.endswith(b'"')


def nodes(lines):
    """(depth, node text) for each node of a #document dump. A node ends at a
    line that completes it and is followed by a new node line ("| ") or the
    end; other lines continue it (text with newlines in it)."""
    out, i = [], 0
    while i < len(lines):
        if not lines[i].startswith(b'| '):
            raise ValueError('not a node line: %r' % lines[i])
        body = lines[i][2:]
        indent = len(body) - len(body.lstrip(b' '))
        node = body[indent:]
        i += 1
        while i < len(lines) and not (complete(node) and lines[i].startswith(b'| ')):
            node += b'\n' + lines[i]
            i += 1
        out.append((indent // 2, node))
    return out


def body_text(lines):
    """document.body.textContent of a #document dump."""
    ns = nodes(lines)
    html = body = None
    text, skip = [], None
    for depth, node in ns:
        if depth == 0:
            html = node == b'<html>'
            if body is not None:
                break
            continue
        if body is None:
            if html and depth == 1 and node in (b'<body>', b'<frameset>'):
                body = True
            continue
        if depth == 1:
            break
        if skip is not None:
            if depth > skip:
                continue
            skip = None
        if node == b'content':  # a template's contents: a DocumentFragment
            skip = depth
        elif node.startswith(b'"'):
            text.append(node[1:-1])
    return b''.join(text)


def show(b):
    return repr(b.decode('utf-8', 'backslashreplace'))


def guess(data):
    """A first guess at why glossa differs on an input, for --propose."""
    d = data.lower()
    rules = [
        (b'\0' in data, 'NUL'),
        (b'<![cdata[' in d and (b'<svg' in d or b'<math' in d), 'CDATA in foreign content'),
        (b'<template' in d, 'template'),
        (b'<frameset' in d, 'frameset'),
        (b'<noscript' in d, 'noscript'),
        (b'<select' in d or b'<selectedcontent' in d, 'select'),
        (re.search(rb'<(plaintext|xmp|iframe|noembed|noframes)', d) is not None, 'raw-text elements'),
        (re.search(rb'<(script|style)', d) is not None, 'script data'),
        (re.search(rb'<(textarea|title)', d) is not None, 'textarea/title RCDATA'),
        (b'&' in data, 'character references'),
        (b'<table' in d, 'foster parenting'),
        (re.search(rb'<![^-]|<!--?>|</[^a-z]|<\?|<(?![a-z/!?])', d) is not None, 'tokenizer/bogus comments'),
        (re.search(rb'</(body|html)>', d) is not None, 'after body'),
    ]
    for hit, why in rules:
        if hit:
            return why
    return 'unclassified'


def load_known():
    known, floor = {}, None
    path = os.path.join(here, 'KNOWN-DIFFERENCES')
    for ln, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        if line.startswith('floor '):
            floor = int(line.split()[1])
            continue
        name, tab, why = line.partition('\t')
        if not tab or not why or not re.fullmatch(r'[\w.-]+\.dat:\d+', name):
            raise SystemExit('KNOWN-DIFFERENCES:%d: not FILE.dat:N<TAB>reason: %r' % (ln, line))
        if name in known:
            raise SystemExit('KNOWN-DIFFERENCES:%d: %s listed twice' % (ln, name))
        known[name] = why
    return known, floor


def batch(tests, tmp):
    """{name: view} of all tests from one `glossa --records` run; {} when
    that run fails (or a test's input is not UTF-8)."""
    path = os.path.join(tmp, 'tests.jsonl')
    try:
        with open(path, 'w', encoding='utf-8') as out:
            for name, data, _ in tests:
                out.write(json.dumps({'id': name, 'html': data.decode('utf-8')}) + '\n')
    except UnicodeDecodeError:
        return {}
    p = subprocess.run([glossa, '-j1', '--records', path, '-f', 'spans'], capture_output=True)
    if p.returncode != 0:
        return {}
    views = {}
    for line in p.stdout.decode('utf-8', 'surrogateescape').splitlines():
        d = json.loads(line)
        views[d['meta']['path']] = d['text'].encode('utf-8', 'surrogateescape')
    return views if len(views) == len(tests) else {}


class Ran:  # a batched test's result, as subprocess.run gives it
    returncode, stderr = 0, b''

    def __init__(self, stdout):
        self.stdout = stdout


known, floor = load_known()
agree, differ, crash, seen, fails = 0, [], [], set(), []
tests = []
for f in sorted(os.listdir(tcdir)):
    if f.endswith('.dat'):
        tests += [('%s:%d' % (f, n), data, doc) for n, data, doc in tests_of(os.path.join(tcdir, f))]
with tempfile.TemporaryDirectory() as tmp:
    views = batch(tests, tmp) if '--records' in opts else {}
    for name, data, doc in tests:
        seen.add(name)
        want = body_text(doc)
        if name in views:
            p, rc = Ran(views[name]), 0
        else:
            path = os.path.join(tmp, name.replace('.dat:', '-') + '.html')
            with open(path, 'wb') as out:
                out.write(data)
            try:
                p = subprocess.run([glossa, 'dump', '--text', path], capture_output=True, timeout=60)
                rc = p.returncode
            except subprocess.TimeoutExpired:
                rc, p = 'timeout', None
            os.unlink(path)
        if rc != 0:
            crash.append(name)
            fails.append('%s: glossa %s: %s' % (name, 'timed out' if p is None else
                         'exit %d' % rc if rc > 0 else 'signal %d' % -rc,
                         '' if p is None else p.stderr.decode('utf-8', 'replace')[-300:]))
        elif p.stdout == want:
            agree += 1
            if name in known:
                fails.append('%s agrees now: remove it from KNOWN-DIFFERENCES' % name)
        else:
            differ.append((name, data, want, p.stdout))
            if name not in known:
                fails.append('%s differs and is not in KNOWN-DIFFERENCES' % name)

total = agree + len(differ) + len(crash)
for name in sorted(set(known) - seen):
    fails.append('%s is in KNOWN-DIFFERENCES but not a test run here' % name)
if floor is None:
    fails.append('KNOWN-DIFFERENCES has no floor line')
elif agree < floor:
    fails.append('%d agree, fewer than the floor of %d' % (agree, floor))
if verbose:
    for name, data, want, got in differ:
        print('%s  (%s)\n  input:    %s\n  expected: %s\n  got:      %s'
              % (name, known.get(name, 'not listed'), show(data), show(want), show(got)))
if '--propose' in opts:
    for name, data, want, got in differ:
        print('%s\t%s' % (name, known.get(name) or guess(data)))
for msg in fails:
    print('FAIL: ' + msg)
print('html5lib: %d of %d agree (%.1f%%), %d differ, %d crash'
      % (agree, total, 100.0 * agree / total if total else 0, len(differ), len(crash)))
sys.exit(1 if fails else 0)
