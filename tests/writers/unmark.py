#!/usr/bin/env python3
"""Deletes what glossa -f inline inserted into a page, from the known syntax
of the insertions: HTML <mark class="glossa ..."> elements and the
Content-Security-Policy <meta> (with its <head> when one was made), and the
"]]>" and "<![CDATA[" around marks that split a CDATA section of SVG or
MathML; XML PFX:mark elements of the glossa namespace,
their declaration on the root, the "]]>" and "<![CDATA[" around marks that
split a CDATA section, and XHTML's policy <meta/> (with its <head> when one
was made). Inside a glossa mark there is only text and other glossa marks,
so the page's own </mark> tags are told from glossa's by depth.

unmark.py html|xml IN OUT"""
import re
import sys

NS = 'https://glossa.dev/ns#'
CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'none'")


def unmark_html(s):
    meta = '<meta http-equiv="Content-Security-Policy" content="%s">' % CSP
    assert s.count(meta) >= 1, 'no policy <meta>'
    own = '<head>' + meta + '</head>'   # made for a page without a <head> tag
    s = s.replace(own, '', 1) if own in s else s.replace(meta, '', 1)
    # marks that split a CDATA section (SVG's, MathML's) close and reopen it
    s = re.sub(r'\]\]>((?:<mark class="glossa [^>]*>|</mark>)+)<!\[CDATA\[', r'\1', s)
    out, i, depth = [], 0, 0
    opener = re.compile(r'<mark class="glossa [^>]*>')
    while i < len(s):
        m = opener.match(s, i)
        if m:
            depth += 1
            i = m.end()
            continue
        if depth and s.startswith('</mark>', i):
            depth -= 1
            i += 7
            continue
        j = s.find('<', i + 1)
        j = len(s) if j < 0 else j
        out.append(s[i:j])
        i = j
    assert depth == 0, 'unclosed glossa mark'
    return ''.join(out)


def unmark_xml(s):
    decl = re.search(r' xmlns:([A-Za-z_][\w.-]*)="' + re.escape(NS) + '"', s)
    meta = re.search(r'<(?:([\w.-]+):)?meta http-equiv="Content-Security-Policy" content="'
                     + re.escape(CSP) + '"/>', s)
    if meta:
        p = meta.group(1) + ':' if meta.group(1) else ''
        head = '<%shead>%s</%shead>' % (p, meta.group(0), p)
        k = s.find(head)
        s = s.replace(head, '', 1) if k >= 0 else s.replace(meta.group(0), '', 1)
    if not decl:
        return s
    p = decl.group(1)
    s = s[:decl.start()] + s[decl.end():]
    tag = r'(?:<%s:mark [^>]*?/?>|</%s:mark>)' % (p, p)
    run = re.compile(r'(\]\]>)?((?:%s)+)(<!\[CDATA\[)?' % tag)

    def drop(m):
        if m.group(1) and m.group(3):
            return ''          # a split CDATA section, joined again
        return (m.group(1) or '') + (m.group(3) or '')
    return run.sub(drop, s)


def main():
    kind, src, dst = sys.argv[1:4]
    data = open(src, 'rb').read().decode('utf-8', 'surrogateescape')
    out = unmark_html(data) if kind == 'html' else unmark_xml(data)
    open(dst, 'wb').write(out.encode('utf-8', 'surrogateescape'))


main()
