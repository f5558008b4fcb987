"""The test pages of tests/encodings, shared by regen.sh (Chromium, the
oracle) and labels.py (the ctest): cases() yields (case, golden, page bytes).

Each page declares one label and then holds every byte 0x80-0xFF, each after
its hex value ("80=<byte> 81=<byte> ..."), so a byte dropped, merged or
shifted shows in place; then every byte 0xC0-0xFF after each of "a", "A"
and "o", and a de Bruijn sequence of the bytes 0xC0-0xFF (each ordered pair
of them once, side by side), so a decoder that composes a base and a
following combining mark (glibc's CP1255 and CP1258 do; browsers do not)
differs too. golden names the file in expected/ that
holds the text a browser gives (document.body.textContent): the encoding's
for a <meta> declaration, the case's own for an XML declaration."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def labels():
    """[(encoding, [label, ...])] from labels.txt, in its order."""
    out = []
    with open(os.path.join(HERE, 'labels.txt'), encoding='ascii') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                name, *labs = line.split()
                out.append((name, labs))
    return out


def de_bruijn(k):
    """A sequence over range(k) holding every ordered pair once (k*k + 1 long)."""
    a, seq = [0] * 4, []

    def db(t, p):
        if t > 2:
            if 2 % p == 0:
                seq.extend(a[1:p + 1])
        else:
            a[t] = a[t - p]
            db(t + 1, p)
            for j in range(a[t - p] + 1, k):
                a[t] = j
                db(t + 1, t)
    db(1, 1)
    return seq + seq[:1]


def body():
    a = b''.join(b'%02X=%c ' % (c, c) for c in range(0x80, 0x100))
    b = b' '.join(b''.join(bytes([base, m]) for m in range(0xC0, 0x100)) for base in b'aAo')
    c = bytes(0xC0 + x for x in de_bruijn(64))
    return a + b'\n' + b + b'\n' + c


def mixed(label):
    """lAbEl: every other letter upper case."""
    return ''.join(c.upper() if i % 2 else c.lower() for i, c in enumerate(label))


def cases():
    text = body()
    for name, labs in labels():
        for lab in labs:
            yield (f'{name}/{lab}', name,
                   b'<!DOCTYPE html><meta charset="%s"><body>' % lab.encode() + text)
        # the spellings of one label a browser accepts as well: any case,
        # white space around it; for two encodings also other quoting and
        # the http-equiv form
        lab = next((l for l in labs if l == name.lower()), labs[0])
        how = [('upper', f'charset="{lab.upper()}"'),
               ('spaces', f'charset=" {mixed(lab)} "')]
        if name in ('windows-1252', 'KOI8-U'):
            how += [('mixed', f'charset="{mixed(lab)}"'),
                    ('single-quoted', f"charset='{lab}'"),
                    ('unquoted', f'charset={lab}'),
                    ('http-equiv', f'http-equiv="Content-Type" '
                                   f'content="text/html; charset={mixed(lab)}"')]
        for how, decl in how:
            yield (f'{name}/{how}', name,
                   b'<!DOCTYPE html><meta %s><body>' % decl.encode() + text)
    # no <meta>: an XML declaration at the first byte, which Chromium
    # honours (WHATWG's prescan does not): a label there means its encoding,
    # x-user-defined too (its own decoder: U+F780-U+F7FF), and UTF-16 UTF-8
    for lab in ('iso-8859-2', 'windows-1251', 'x-user-defined', 'utf-16'):
        yield (f'xml/{lab}', f'xml-{lab}',
               b'<?xml version="1.0" encoding="%s"?><!DOCTYPE html><body>' % lab.encode() + text)
