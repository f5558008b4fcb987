#!/usr/bin/env python3
"""revise.py SRC_DIR OUT_DIR [N]: deterministic revisions of real HTML pages.

Takes the first N (default 3) pages under SRC_DIR, in sorted path order,
that have at least 8 <p> paragraphs, reads them in place and writes
OUT_DIR/K.old.html (a copy) and OUT_DIR/K.new.html, with: a paragraph
inserted after the first, the third deleted, a word reworded in the
fourth and the sixth, the seventh and eighth swapped, and every line
re-indented by two spaces outside <pre>. Prints one line per pair: K SRC.
Nothing random: the same input gives the same bytes."""
import os, re, sys

src, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 3
P = re.compile(r'<p\b[^>]*>.*?</p>', re.S | re.I)

def reword(par):
    # the first word of six or more letters outside tags becomes "rewritten"
    m = re.search(r'>([^<]*?)\b([A-Za-z]{6,})\b', par)
    return par if not m else par[:m.start(2)] + 'rewritten' + par[m.end(2):]

def revise(html):
    ps = list(P.finditer(html))
    if len(ps) < 8:
        return None
    texts = [m.group(0) for m in ps]
    new = texts[:]
    new[3] = reword(new[3]); new[5] = reword(new[5])
    new[6], new[7] = texts[7], texts[6]
    new[2] = ''
    new[0] = texts[0] + '\n<p>This paragraph was added in the revision, with words no page had.</p>'
    outp, last = [], 0
    for m, t in zip(ps, new):
        outp.append(html[last:m.start()]); outp.append(t); last = m.end()
    outp.append(html[last:])
    s = ''.join(outp)
    parts = re.split(r'(<pre\b.*?</pre>)', s, flags=re.S | re.I)
    return ''.join(p if p.lower().startswith('<pre') else re.sub(r'\n(?=\S)', '\n  ', p) for p in parts)

files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith('.html'))
k = 0
for f in files:
    if k >= n:
        break
    try:
        html = open(f, encoding='utf-8').read()
    except UnicodeDecodeError:
        continue
    r = revise(html)
    if r is None:
        continue
    open(os.path.join(out, '%d.old.html' % k), 'w', encoding='utf-8').write(html)
    open(os.path.join(out, '%d.new.html' % k), 'w', encoding='utf-8').write(r)
    print(k, os.path.relpath(f, src))
    k += 1
if k == 0:
    sys.exit('revise.py: no page with 8 paragraphs under ' + src)
