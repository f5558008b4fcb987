#!/usr/bin/env python3
"""check-format.py FORMAT PATH: what a reader of glossa's FORMAT finds in
PATH (a file, or the -o directory for brat), in one line for run.sh's
expected files: how many records, and whether each is whole (one line per
annotation for text, JSON for jsonl and json, the page's data for html, the
marks and the Content-Security-Policy for inline, brat's line syntax and
quotes for brat, two columns per token line for conll, JSON for spans, an
intact database for sqlite). Standard library only."""
import json
import os
import re
import sqlite3
import sys


def text(path):
    data = open(path, 'rb').read()
    lines = data.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    bad = [i + 1 for i, l in enumerate(lines) if not re.match(rb'^.+?:\d+:\d+: ', l)]
    forged = [i + 1 for i, l in enumerate(lines) if l.startswith(b'forged')]
    split = len(data.decode('utf-8', 'replace').splitlines())
    out = '%d lines' % len(lines)
    if bad:
        out += ', lines %s not NAME:LINE:COL:' % bad[:5]
    if forged:
        out += ', FORGED lines %s' % forged[:5]
    if split != len(lines):
        out += ', %d lines to str.splitlines' % split
    return out


def jsonl(path):
    n = 0
    for i, line in enumerate(open(path, 'rb')):
        try:
            obj = json.loads(line)
        except ValueError as e:
            return 'line %d is not JSON: %s' % (i + 1, e)
        if not isinstance(obj, dict):
            return 'line %d is not an object' % (i + 1)
        n += 1
    return '%d records, each a JSON object on its line' % n


def json_(path):
    try:
        doc = json.load(open(path, 'rb'))
    except ValueError as e:
        return 'not JSON: %s' % e
    items = doc.get('first', {}).get('items', [])
    return 'JSON, %d items' % len(items)


def html(path):
    raw = open(path, 'rb').read()
    try:
        s = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        return 'not UTF-8: %s' % e
    m = re.search(r'<script type="application/json" id="g-data">(.*?)</script>', s, re.S)
    if not m:
        return 'no page data'
    try:
        data = json.loads(m.group(1))
    except ValueError as e:
        return 'page data not JSON: %s' % e
    return 'UTF-8, page data JSON with %d annotations' % len(data.get('annotations', []))


def inline(path):
    s = open(path, 'rb').read().decode('utf-8', 'replace')
    ids = set(re.findall(r'data-glossa-id="(a\d+)"', s)) | set(re.findall(r'g:id="(a\d+)"', s))
    out = '%d annotations marked' % len(ids)
    csp = re.search(r'<head><meta http-equiv="Content-Security-Policy" content="([^"]*)">', s)
    script = s.find('<script')
    if csp and (script < 0 or script > csp.start()):
        out += ', first in head: CSP "%s"' % csp.group(1)
    elif s.lstrip().startswith('<'):
        out += ', no CSP first in head'
    return out


BRAT_LINE = re.compile(r'^(T\d+\t\S+ \d+ \d+(;\d+ \d+)*\t[^\n]*|#\d+\tAnnotatorNotes T\d+\t[^\n]*'
                       r'|A\d+\t\S+ T\d+( \S+)?|R\d+\t\S+ Arg1:T\d+ Arg2:T\d+)$')
BRAT_REFS = re.compile(r'\bT(\d+)\b')


def brat(path):
    out = []
    for name in sorted(os.listdir(path)):
        if not name.endswith('.ann'):
            continue
        ann = open(os.path.join(path, name), encoding='utf-8').read()
        txt = open(os.path.join(path, name[:-4] + '.txt'), encoding='utf-8').read()
        lines = ann.split('\n')[:-1]
        bad = [i + 1 for i, l in enumerate(lines) if not BRAT_LINE.match(l)]
        quotes = 0
        ids = {l.split('\t')[0] for l in lines if l.startswith('T')}
        dangling = [i + 1 for i, l in enumerate(lines) if l[:1] in 'A#R' and
                    any('T' + n not in ids for n in BRAT_REFS.findall(l.split('\t')[1]))]
        for l in lines:
            if l.startswith('T'):
                _, spans, quote = l.split('\t')
                frags = [tuple(map(int, f.split(' '))) for f in spans.split(' ', 1)[1].split(';')]
                want = ' '.join(txt[a:b] for a, b in frags)
                quotes += want != quote
        msg = '%d lines, %d annotations' % (len(lines), sum(l.startswith('T') for l in lines))
        if len(ann.splitlines()) != len(lines):
            msg += ', %d lines to brat\'s reader' % len(ann.splitlines())
        if bad:
            msg += ', lines %s not brat' % bad[:5]
        if quotes:
            msg += ', %d quotes not the text' % quotes
        if dangling:
            msg += ', lines %s name a T that is not there' % dangling[:5]
        rels = sum(l.startswith('R') for l in lines)
        if rels:
            msg += ', %d relations' % rels
        out.append(msg)
    return '; '.join(out) if out else 'no .ann file'


def conll(path):
    lines = open(path, 'rb').read().split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    tokens = [l for l in lines if l and not l.startswith(b'-DOCSTART-')]
    bad = [i + 1 for i, l in enumerate(lines)
           if l and not l.startswith(b'-DOCSTART-') and len(l.split(b' ')) != 2]
    tags = sum(1 for l in tokens if l.split(b' ')[-1].startswith(b'B-'))
    out = '%d tokens, %d spans' % (len(tokens), tags)
    if bad:
        out += ', lines %s not TOKEN TAG' % bad[:5]
    return out


def spans(path):
    n = m = 0
    for i, line in enumerate(open(path, 'rb')):
        try:
            obj = json.loads(line)
        except ValueError as e:
            return 'line %d is not JSON: %s' % (i + 1, e)
        text = obj.get('text', '')
        for sp in obj.get('spans', []):
            if not 0 <= sp['start'] <= sp['end'] <= len(text):
                return 'line %d: a span outside the text' % (i + 1)
            m += 1
        n += 1
    return '%d documents, %d spans' % (n, m)


def xmi(path):
    """Each NAME.xmi well-formed, one Sofa, every begin <= end within the
    Sofa (UTF-16), every link_ reference an xmi:id; TypeSystem.xml
    well-formed."""
    import xml.etree.ElementTree as ET
    out = []
    try:
        ET.parse(os.path.join(path, 'TypeSystem.xml'))
    except (OSError, ET.ParseError) as e:
        return 'TypeSystem.xml: %s' % e
    for name in sorted(os.listdir(path)):
        if not name.endswith('.xmi'):
            continue
        try:
            root = ET.parse(os.path.join(path, name)).getroot()
        except ET.ParseError as e:
            out.append('not XML: %s' % e)
            continue
        xid = '{http://www.omg.org/XMI}id'
        sofas = [e.get('sofaString') for e in root if e.get('sofaString') is not None]
        n16 = len(sofas[0].encode('utf-16-le')) // 2 if len(sofas) == 1 else -1
        ids = {e.get(xid) for e in root}
        spans = [e for e in root if e.get('begin') is not None]
        bad = sum(not (0 <= int(e.get('begin')) <= int(e.get('end')) <= n16) for e in spans)
        refs = sum(v not in ids for e in root for k, v in e.items() if k.startswith('link_'))
        msg = '%d sofa, %d annotations' % (len(sofas), len(spans) - 1)
        if bad:
            msg += ', %d outside the sofa' % bad
        if refs:
            msg += ', %d links to no xmi:id' % refs
        out.append(msg)
    return '; '.join(out) if out else 'no .xmi file'


def sqlite(path):
    db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
    ok = db.execute('PRAGMA integrity_check').fetchone()[0]
    n = db.execute('SELECT count(*) FROM annotations').fetchone()[0]
    docs = db.execute('SELECT count(*) FROM documents').fetchone()[0]
    return 'integrity %s, %d documents, %d annotations' % (ok, docs, n)


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt not in ('brat', 'xmi') and (not os.path.exists(path) or os.path.getsize(path) == 0):
        print('empty' if os.path.exists(path) else 'no file')
        return
    print({'text': text, 'jsonl': jsonl, 'json': json_, 'html': html, 'inline': inline,
           'brat': brat, 'conll': conll, 'spans': spans, 'sqlite': sqlite, 'xmi': xmi}[fmt](path))


main()
