#!/usr/bin/env python3
"""Checks what the marks of glossa -f inline hold against glossa -f jsonl's
quotes of the same run: each annotation's fragments, joined in document
order, hold its "exact" text (references decoded, CRLF read as LF), and
each split one's parts are 1/n .. n/n, named aN-k, each next naming the
following fragment. Inside a glossa mark there is only text and glossa
marks, so text is gathered by depth, as unmark.py deletes.

quotes.py html|xml INLINE JSONL: prints "N exact, M moved, 0 wrong, U
unmarked" (moved: a boundary was moved to a reference's edge, or raw text a
mark cannot hold was left out; unmarked: no mark at all, the annotation
wholly in raw text, which glossa says) and exits 1 on anything else."""
import html
import json
import re
import sys

NS = 'https://glossa.dev/ns#'


ENTITIES = {}  # the internal subset's entities, their markup left out


def xml_unescape(s):
    def ref(m):
        t = m.group(1)
        if t[0] == '#':
            return chr(int(t[2:], 16) if t[1] in 'xX' else int(t[1:]))
        five = {'lt': '<', 'gt': '>', 'amp': '&', 'quot': '"', 'apos': "'"}
        return five.get(t, ENTITIES.get(t, m.group(0)))
    return re.sub(r'&(#?[\w.:-]+);', ref, s)


def in_order(pieces, w):
    """Whether the fragments' texts are found in w in order: marks left out
    the text of raw-text elements (script, textarea …) the quote has."""
    k = 0
    for n in sorted(pieces):
        t = ''.join(pieces[n])
        j = w.find(t, k)
        if j < 0:
            return False
        k = j + len(t)
    return True


def main():
    kind, out, jsonl = sys.argv[1:4]
    s = open(out, 'rb').read().decode('utf-8', 'surrogateescape')
    for name, value in re.findall(r'<!ENTITY\s+([\w.:-]+)\s+"([^"]*)"\s*>', s):
        ENTITIES[name] = re.sub(r'<[^>]*>', '', value)
    want = {}
    for line in open(jsonl, encoding='utf-8', errors='surrogateescape'):
        r = json.loads(line)
        want[r['id']] = r['exact']
    if kind == 'html':
        opener = re.compile(r'<mark class="glossa [^>]*>')
        close = '</mark>'
        attr = lambda t, n: (re.search(r' data-glossa-%s="([^"]*)"' % n, t) or [None, None])[1]
    else:
        decl = re.search(r' xmlns:([\w.-]+)="' + re.escape(NS) + '"', s)
        p = decl.group(1) if decl else 'g'
        opener = re.compile(r'<%s:mark [^>]*?/?>' % p)
        close = '</%s:mark>' % p
        attr = lambda t, n: (re.search(r' %s:%s="([^"]*)"' % (p, n), t) or [None, None])[1]
    got, frags, stack, pieces = {}, {}, [], {}
    i, bad = 0, []
    cdata = re.compile(r'<!\[CDATA\[(.*?)\]\]>', re.S)
    while i < len(s):
        m = opener.match(s, i)
        if m:
            t = m.group(0)
            aid = attr(t, 'id')
            frags.setdefault(aid, []).append((attr(t, 'part'), attr(t, 'frag'), attr(t, 'next')))
            got.setdefault(aid, '')
            i = m.end()
            if kind == 'html' and s.startswith(close, i):  # an empty mark
                i += len(close)
            elif not t.endswith('/>'):
                stack.append(aid)
            continue
        if stack and s.startswith(close, i):
            stack.pop()
            i += len(close)
            continue
        if stack:
            c = cdata.match(s, i)  # XML's, and HTML's in SVG and MathML
            if not c and s[i] == '<' and re.match(r'</?[A-Za-z]', s[i:i + 3]):
                # a tag inside a mark: a stray end tag the parser dropped,
                # whose text on either side is one text node ("</trn>")
                j = s.find('>', i)
                i = len(s) if j < 0 else j + 1
                continue
            if c:
                text, i = c.group(1), c.end()
            else:
                j = s.find('<', i + 1) if s[i] == '<' else s.find('<', i)
                j = len(s) if j < 0 else j
                raw, i = s[i:j], j
                raw = raw.replace('\r\n', '\n').replace('\r', '\n')
                text = html.unescape(raw) if kind == 'html' else xml_unescape(raw)
                if raw.startswith(']]>'):
                    text = text[3:]
            for a in stack:
                got[a] += text
                pieces.setdefault(a, {}).setdefault(len(frags[a]), [])
                pieces[a][len(frags[a])].append(text)
            continue
        j = s.find('<', i + 1)
        i = len(s) if j < 0 else j
    exact = moved = unmarked = 0
    for aid, w in want.items():
        g = got.get(aid)
        if g is None:
            unmarked += 1  # glossa says how many it left out (raw text)
        elif g == w:
            exact += 1
        elif g in w or w in g or in_order(pieces.get(aid, {}), w):
            moved += 1
        else:
            bad.append('%s: marks hold %r, quote %r' % (aid, g[:80], w[:80]))
        fs = frags.get(aid, [])
        if len(fs) > 1:
            n = len(fs)
            for k, (part, name, nxt) in enumerate(fs, 1):
                ok = part == '%d/%d' % (k, n) and name == '%s-%d' % (aid, k) and \
                    nxt == ('%s-%d' % (aid, k + 1) if k < n else None)
                if not ok:
                    bad.append('%s: fragment %d of %d: part %s frag %s next %s' % (aid, k, n, part, name, nxt))
    for b in bad[:20]:
        print(b)
    print('%d exact, %d moved, %d wrong, %d unmarked' % (exact, moved, len(bad), unmarked))
    sys.exit(1 if bad else 0)


main()
