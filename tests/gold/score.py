#!/usr/bin/env python3
"""score.py GOLD.ann PRED.jsonl [TEXT] [--json]: precision, recall and F1 per label.

A stand-in for `glossa eval` with its rules: strict = same label, start and
end; lenient = same label, overlapping spans, each annotation paired at most
once (identical spans first, then the largest overlaps). brat fragments count
as one span, from the least start to the greatest end. With TEXT, first
checks that each T line's TEXT is the text at its offsets (code points).
--json writes what `glossa eval --json` does instead of the table.
"""
import json, sys

def read_brat(path, text=None):
    out = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        if not line.startswith('T'):
            continue
        tid, body, quote = line.rstrip('\n').split('\t')
        label, offs = body.split(' ', 1)
        frags = [tuple(map(int, f.split())) for f in offs.split(';')]
        if text is not None:
            got = ' '.join(text[a:b] for a, b in frags)
            if got != quote:
                sys.exit('%s:%d: %s: TEXT %r but the offsets hold %r' % (path, n, tid, quote, got))
        out.append((label, min(a for a, _ in frags), max(b for _, b in frags)))
    return out

def read_jsonl(path):
    return [(o['label'], o['start'], o['end'])
            for o in map(json.loads, filter(str.strip, open(path, encoding='utf-8')))]

def pair(gold, pred, lenient):
    """True positives: a one-to-one pairing, identical spans first."""
    g_left, p_left, tp = list(gold), list(pred), 0
    for g in list(g_left):
        if g in p_left:
            g_left.remove(g); p_left.remove(g); tp += 1
    if lenient:
        cands = sorted(((min(g[2], p[2]) - max(g[1], p[1]), i, j)
                        for i, g in enumerate(g_left) for j, p in enumerate(p_left)
                        if g[0] == p[0] and g[1] < p[2] and p[1] < g[2]),
                       key=lambda c: (-c[0], c[1], c[2]))
        used_g, used_p = set(), set()
        for _, i, j in cands:
            if i not in used_g and j not in used_p:
                used_g.add(i); used_p.add(j); tp += 1
    return tp

def prf(tp, np, ng):
    p = tp / np if np else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

def main():
    args = [a for a in sys.argv[1:] if a != '--json']
    text = open(args[2], encoding='utf-8').read() if len(args) > 2 else None
    gold, pred = read_brat(args[0], text), read_jsonl(args[1])
    labels = sorted({a[0] for a in gold} | {a[0] for a in pred})
    rows = {}
    for mode in ('strict', 'lenient'):
        for l in labels + [None]:
            g = [a for a in gold if l is None or a[0] == l]
            p = [a for a in pred if l is None or a[0] == l]
            tp = sum(pair([a for a in g if a[0] == x], [a for a in p if a[0] == x], mode == 'lenient')
                     for x in ({l} if l else set(labels)))
            rows[(mode, l or 'overall')] = (tp, len(p) - tp, len(g) - tp) + prf(tp, len(p), len(g))
    if '--json' in sys.argv:
        keys = ('tp', 'fp', 'fn', 'precision', 'recall', 'f1')
        counts = lambda r: dict(zip(keys, r[:3] + tuple(round(x, 4) for x in r[3:])))
        print(json.dumps({m: {'overall': counts(rows[(m, 'overall')]),
                              'labels': {l: counts(rows[(m, l)]) for l in labels}}
                          for m in ('strict', 'lenient')}))
        return rows
    print('%-14s %-8s %4s %4s %4s %6s %6s %6s' % ('label', 'mode', 'tp', 'fp', 'fn', 'P', 'R', 'F1'))
    for l in labels + ['overall']:
        for mode in ('strict', 'lenient'):
            print('%-14s %-8s %4d %4d %4d %6.3f %6.3f %6.3f' % ((l, mode) + rows[(mode, l)]))
    return rows

if __name__ == '__main__':
    main()
