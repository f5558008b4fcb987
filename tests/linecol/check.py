#!/usr/bin/env python3
"""views/linecol: every text segment's source line:col (and the position of
every code point of the view) points at that text in the page's source.

usage: check.py GLOSSA

The oracle is the source itself: each page of pages/ is decoded in the
encoding expected.txt gives it, CRLF and CR become LF, and it is split into
lines; a position line:col (col in code points, from 1) names the code point
lines[line-1][col-1], or the line's end ('\\n').

- Segments (`glossa dump --json`): the source from the segment's line:col
  reads the segment's text up to the first place the view is not the source
  verbatim: a reference ('&'), a NUL (dropped or U+FFFD), or a CDATA
  section's start or end ('<![CDATA[', ']]>'), a bogus comment the view
  leaves out ('<!>', '<?>', '</>'); where the segment starts at such a place the source
  there must start with it. Every page's segment count is in expected.txt, so
  a lost or split segment fails too.
- Code points (`doc:span(p, p)` for each code point p of doc.text): the
  source at its line:col is that code point, or the '&' of the reference it
  comes from (the second code point of a reference that gives two, such as
  '&NotEqualTilde;', may point inside its name: positions between anchors
  are counted from the anchor), or the NUL it replaces (U+FFFD).

A position that glossa gets wrong today is listed in KNOWN (`PAGE seg N` or
`PAGE cp BYTE` or `PAGE cp FIRST-LAST`, view byte offsets, then the reason):
each entry must still fail somewhere, so the list stays true, and the test
stays green.
"""
from html.entities import html5
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = r'''
local out = {}
for p in utf8.codes(doc.text) do
  local s = doc:span(p, p)
  out[#out + 1] = "linecol " .. (p - 1) .. " " .. s.line .. " " .. s.col
end
print(table.concat(out, "\n"))
'''
REF = re.compile(r'&(#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;?)')


def read_list(name):
    rows = []
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                rows.append(line.split(None, 3))
    return rows


def run(cmd, stream='stdout'):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit('FAIL: %s exited %d: %s' % (' '.join(cmd), p.returncode,
                                             p.stderr.decode(errors='replace')))
    return getattr(p, stream).decode('utf-8')


def source_lines(path, encoding):
    with open(path, 'rb') as f:
        src = f.read().decode(encoding)
    return src.replace('\r\n', '\n').replace('\r', '\n').split('\n')


def at(lines, line, col, n=1):
    """The n code points of the source from line:col (None: out of it)."""
    if line < 1 or line > len(lines) or col < 1 or col > len(lines[line - 1]) + 1:
        return None
    rest = lines[line - 1][col - 1:] + '\n' + '\n'.join(lines[line:])
    return rest[:n]


def special(src):
    """What the view may differ from the source at: a reference, a NUL, a
    CDATA section's end."""
    return (bool(REF.match(src)) or src.startswith('\0') or src.startswith(']]>')
            or src.startswith('<![CDATA[') or src[:3] in ('<!>', '<?>', '</>'))


def check_segment(lines, text, line, col):
    """None if the source at line:col reads text up to a special place."""
    src = at(lines, line, col, len(text) + 16)
    if src is None:
        return 'line:col is outside the source'
    for i, ch in enumerate(text):
        if i >= len(src):
            return 'the source ends first'
        if special(src[i:]):
            return None
        if src[i] != ch:
            return 'differs at its code point %d' % i
    return None


def check_cp(lines, ch, line, col, inref):
    """inref: where the second code point of the reference the one before
    came from is counted, if that reference gives two; else None."""
    src = at(lines, line, col, 40)
    if src is None:
        return 'line:col is outside the source'
    if src[0] == ch or REF.match(src) or (src[0] == '\0' and ch == '\ufffd'):
        return None
    # A reference that expands to two code points ('&NotEqualTilde;'): the
    # second is counted from the reference's anchor, inside its name.
    if inref == (line, col):
        return None
    return 'differs'


def main():
    glossa = sys.argv[1]
    known = {}  # (page, 'seg' | 'cp', 'N' or 'A-B') -> (lo, hi)
    for r in read_list('KNOWN'):
        lo, _, hi = r[2].partition('-')
        known[(r[0], r[1], r[2])] = (int(lo), int(hi or lo))
    seen_known = set()

    def is_known(page, kind, n):
        for k, (lo, hi) in known.items():
            if k[0] == page and k[1] == kind and lo <= n <= hi:
                seen_known.add(k)
                return True
        return False

    failures = []
    nsegs = ncps = 0
    for row in read_list('expected.txt'):
        page, want, encoding = row[0], int(row[1]), row[2]
        path = os.path.join(HERE, 'pages', page)
        lines = source_lines(path, encoding)
        d = json.loads(run([glossa, 'dump', '--json', path]))
        view = d['text']
        vb = view.encode('utf-8')
        segs = d['segments']
        if len(segs) != want:
            failures.append('%s: %d segments, expected %d' % (page, len(segs), want))
        for i, s in enumerate(segs):
            nsegs += 1
            text = vb[s['start']:s['end']].decode('utf-8')
            why = check_segment(lines, text, s['line'], s['col'])
            if why and not is_known(page, 'seg', i):
                failures.append('%s: segment %d at %d:%d: %s\n  source: %r\n  view:   %r'
                                % (page, i, s['line'], s['col'], why,
                                   at(lines, s['line'], s['col'], len(text) + 8), text))
        # Every code point of the view, by its byte offset.
        # print writes to stderr (stdout carries annotations: none here).
        pos = run([glossa, '-e', LUA, path], 'stderr').split('\n')
        pos = [p.split()[1:] for p in pos if p.startswith('linecol ')]
        offs = [o for o in range(len(vb)) if (vb[o] & 0xC0) != 0x80]
        if [int(p[0]) for p in pos] != offs:
            failures.append('%s: doc:span positions are not one per code point' % page)
            continue
        inref = None
        for o, l, c in pos:
            ncps += 1
            o, l, c = int(o), int(l), int(c)
            ch = vb[o:].decode('utf-8', errors='ignore')[0]
            why = check_cp(lines, ch, l, c, inref)
            m = REF.match(at(lines, l, c, 40) or '')
            two = m and len(html5.get(m.group(0)[1:], '')) == 2
            inref = (l, c + 1) if two else None
            if why and not is_known(page, 'cp', o):
                failures.append('%s: code point at byte %d (%r) at %d:%d: %s\n  source: %r'
                                % (page, o, ch, l, c, why, at(lines, l, c, 12)))
    for key in sorted(set(known) - seen_known):
        failures.append('KNOWN lists %s, which is right now: take it off the list' % ' '.join(key))
    for f in failures:
        print('FAIL: ' + f)
    print('%d pages, %d segments, %d code points checked; %d KNOWN entries still wrong'
          % (len(read_list('expected.txt')), nsegs, ncps, len(seen_known)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
