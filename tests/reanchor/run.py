#!/usr/bin/env python3
"""run.py GLOSSA [--update | --pages DIR]: the revision pairs (issue 15 item 2).

Each tests/reanchor/pairs/NAME holds new.EXT, a hand-edited revision of the
sample named in NAME/base. The seed scripts annotate the old version (-f
jsonl and -f json, W3C); both are re-anchored on new.EXT with --annotations
and the outcome table (id label anchor start end "text") is compared with
NAME/expected (--update rewrites it: read it through before committing).
Independent checks: exact/moved text at the new offsets (in glossa dump
--text of new) equals the old exact; fuzzy text is similar (difflib >= 0.6)
and its old text no longer occurs unchanged; an annotation whose old text is
still in new unchanged and unique never becomes fuzzy/orphan; jsonl and W3C
imports (and brat's, for text) give the same outcomes; -j1 and -j2 give the same bytes.
--pages DIR: the same checks (no golden table) on real pages under DIR
revised by revise.py into a temp dir."""
import difflib, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
glossa = sys.argv[1]
update = '--update' in sys.argv[2:]
SEED = ['-s', 'scripts/entities.lua', '-s', 'scripts/quotes.lua',
        '-s', 'scripts/call-length.lua', '-s', 'scripts/deal-making.lua']
fails = []

def run(args):
    p = subprocess.run([glossa] + args, cwd=root, capture_output=True)
    if p.returncode != 0:
        fails.append('exit %d: glossa %s: %s' % (p.returncode, ' '.join(args), p.stderr.decode()[:300]))
    return p

def reanchor(ann, new, jobs='1'):
    return run(['-j', jobs, '-f', 'jsonl', '--annotations', ann,
                '--annotations-for', ann + '=' + new, new, '--stats'])

def table(out):
    return [json.loads(l) for l in out.decode().splitlines() if l.strip()]

summary = []

def check(name, old, new, exp, tmp):
    ext = old.rsplit('.', 1)[1]
    oj, ow = os.path.join(tmp, name + '.jsonl'), os.path.join(tmp, name + '.json')
    open(oj, 'wb').write(run(['-f', 'jsonl'] + SEED + [old]).stdout)
    open(ow, 'wb').write(run(['-f', 'json'] + SEED + [old]).stdout)
    olda = {i + 1: a for i, a in enumerate(table(open(oj, 'rb').read()))}  # by line in the file
    p1 = reanchor(oj, new)
    p2 = reanchor(oj, new, '2')
    if p1.stdout != p2.stdout:
        fails.append(name + ': -j1 and -j2 differ')
    res = table(p1.stdout)
    view = run(['dump', '--text', new]).stdout.decode()
    oldview = run(['dump', '--text', old]).stdout.decode()
    lines, counts = [], {'exact': 0, 'moved': 0, 'fuzzy': 0, 'orphan': 0}
    for a in res:
        k = a.get('anchor')
        counts[k] = counts.get(k, 0) + 1
        # placed: script = the file, script_line = its line; orphans
        # (out_jsonl.c): id null, script "FILE:LINE", source_id the old id
        ln = a.get('script_line') or int(a['script'].rsplit(':', 1)[1])
        o = olda.get(ln)
        if o is None or o['label'] != a['label']:
            fails.append('%s: %s (line %s) not in the old set' % (name, a['id'], a.get('script_line'))); continue
        if (a['id'] if k != 'orphan' else a.get('source_id')) != o['id']:
            fails.append('%s: %s %s lost its id %s' % (name, k, a['id'], o['id']))
        if k == 'orphan':
            lines.append('%s %s orphan - - %s' % (o['id'], a['label'], json.dumps(o['exact'], ensure_ascii=False)))
        else:
            got = view[a['start']:a['end']]
            lines.append('%s %s %s %d %d %s' % (a['id'], a['label'], k, a['start'], a['end'], json.dumps(got, ensure_ascii=False)))
            if got != a['exact']:
                fails.append('%s: %s: exact field %r but the text there is %r' % (name, a['id'], a['exact'], got))
            if k in ('exact', 'moved') and got != o['exact']:
                fails.append('%s: %s %s but %r != old %r' % (name, a['id'], k, got, o['exact']))
            ctx = o['prefix'] + o['exact'] + o['suffix']
            if o['exact'] and view.count(ctx) == 1 and a['start'] != view.index(ctx) + len(o['prefix']):
                fails.append('%s: %s %s at %d, but its text with its old context is at %d'
                             % (name, a['id'], k, a['start'], view.index(ctx) + len(o['prefix'])))
            if k == 'fuzzy':
                r = difflib.SequenceMatcher(None, got, o['exact'], autojunk=False).ratio()
                if r < 0.6:
                    fails.append('%s: %s fuzzy but ratio %.2f: %r vs %r' % (name, a['id'], r, got, o['exact']))
        # unchanged and unique in new (and in old): must be found exact or moved
        if o['exact'] and view.count(o['exact']) == 1 and oldview.count(o['exact']) == 1 \
           and view.count(o['prefix'] + o['exact'] + o['suffix']) == 1 and k not in ('exact', 'moved'):
            fails.append('%s: %s %r unchanged with its context but %s' % (name, a['id'], o['exact'], k))
        # fuzzy/orphan only where the old text was changed
        if k in ('fuzzy', 'orphan') and o['exact'] in view and view.count(o['exact']) == 1:
            fails.append('%s: %s %r is still in new unchanged but %s' % (name, a['id'], o['exact'], k))
    # W3C import gives the same outcomes
    pw = reanchor(ow, new)
    wk = sorted((a['label'], a.get('anchor'), a.get('start'), a.get('end')) for a in table(pw.stdout))
    jk = sorted((a['label'], a.get('anchor'), a.get('start'), a.get('end')) for a in res)
    if wk != jk:
        diff = [x for x in set(wk) ^ set(jk)][:5]
        fails.append('%s: W3C and jsonl imports differ, e.g. %s' % (name, diff))
    # brat (text documents): the .ann written for old gives the same outcomes
    if ext == 'txt':
        bd = os.path.join(tmp, name + '.brat') + '/'
        run(['-f', 'brat', '-o', bd] + SEED + [old])
        ann = bd + os.path.basename(old) + '.ann'
        bk = sorted((a['label'], a.get('anchor'), a.get('start'), a.get('end')) for a in table(reanchor(ann, new).stdout))
        if bk != jk:
            fails.append('%s: brat and jsonl imports differ, e.g. %s' % (name, list(set(bk) ^ set(jk))[:5]))
    text = '\n'.join(lines) + '\n'
    if exp is None:
        pass
    elif update:
        open(exp, 'w', encoding='utf-8').write(text)
    elif not os.path.exists(exp) or open(exp, encoding='utf-8').read() != text:
        fails.append('%s: outcome table differs from %s' % (name, exp))
        for l in difflib.unified_diff(open(exp, encoding='utf-8').read().splitlines() if os.path.exists(exp) else [], lines, 'expected', 'actual', lineterm='', n=0):
            print(l)
    # a fuzzy match where another annotation of its label was found exact or
    # moved is an orphan (core/import.c, fuzzy_on_another): a deleted item
    # is not matched to a near-identical neighbour
    placed = {(a['label'], a['start'], a['end']) for a in res if a.get('anchor') in ('exact', 'moved')}
    for a in res:
        if a.get('anchor') == 'fuzzy' and (a['label'], a['start'], a['end']) in placed:
            fails.append('%s: %s %s fuzzy on the place of another %s found exact or moved'
                         % (name, a['id'], a['label'], a['label']))
    notable = [l for l in lines if ' fuzzy ' in l or ' orphan ' in l]
    summary.append((name, ext, counts, notable))

pages = sys.argv[sys.argv.index('--pages') + 1] if '--pages' in sys.argv else None
with tempfile.TemporaryDirectory() as tmp:
    if pages is None:
        for name in sorted(os.listdir(os.path.join(here, 'pairs'))):
            d = os.path.join(here, 'pairs', name)
            old = open(os.path.join(d, 'base')).read().strip()
            new = os.path.relpath(os.path.join(d, 'new.' + old.rsplit('.', 1)[1]), root)
            check(name, old, new, os.path.join(d, 'expected'), tmp)
    else:
        rv = os.path.join(tmp, 'revised'); os.mkdir(rv)
        listing = subprocess.run([sys.executable, os.path.join(here, 'revise.py'), pages, rv],
                                 capture_output=True, text=True, check=True).stdout.split('\n')
        for line in filter(None, listing):
            k, src = line.split(' ', 1)
            check('page %s (%s)' % (k, src), os.path.join(rv, k + '.old.html'),
                  os.path.join(rv, k + '.new.html'), None, tmp)

print(open(os.path.join(here, 'README.md'), encoding='utf-8').read().split('## Outcomes')[0].rstrip() + '\n') if not update else None
print('| pair | file | exact | moved | fuzzy | orphan |')
print('|---|---|---|---|---|---|')
for name, ext, c, _ in summary:
    print('| %s | %s | %d | %d | %d | %d |' % (name, ext, c['exact'], c['moved'], c['fuzzy'], c['orphan']))
print()
for name, _, _, notable in summary:
    for l in notable:
        print('%s: %s' % (name, l[:160]))
for f in fails:
    print('FAIL ' + f)
sys.exit(1 if fails else 0)
