#!/usr/bin/env python3
"""check.py TYPESYSTEM.xml READ.jsonl GLOSSA.jsonl VIEWS SPANS.jsonl: holds what UIMA's
XmiCasDeserializer read from glossa's -f xmi (READ.jsonl, ReadXmi's lines)
against what glossa wrote of the same run in -f jsonl --offsets utf16
(GLOSSA.jsonl), the text views (VIEWS: a directory of NAME.txt, each
`glossa dump --text NAME`) and the tokens of -f spans (SPANS.jsonl). The
expected types and feature names are made here from docs/xmi.md's rules,
independently of the writer. Prints one line per document and exits 1 at
the first difference."""
import json, os, sys
import xml.etree.ElementTree as ET

NER = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
SEG = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type."


def m(s):
    out = []
    for c in s.encode("utf-8"):
        ch = chr(c)
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif ch == "_":
            out.append("__")
        else:
            out.append("_x%02X" % c)
    return "".join(out)


def type_name(label):
    b = label.encode("utf-8")
    if b and chr(b[0]).isascii() and chr(b[0]).isalpha():
        return "webanno.custom." + m(label)
    if not b:
        return "webanno.custom.L_"
    return "webanno.custom.L_%02X" % b[0] + m(b[1:].decode("utf-8", "surrogateescape"))


def u16(text):
    return text.encode("utf-16-le")


def sub16(t16, b, e):
    return t16[2 * b:2 * e].decode("utf-16-le")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def xml_text(s):
    """What XML 1.0 can hold of s: the other controls, U+FFFE, U+FFFF as U+FFFD."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" else c
                   for c in s)


def value(v, rng):
    """A jsonl attribute value as ReadXmi prints it for a feature of range
    rng: a String holds any value as glossa writes it."""
    if rng == "uima.cas.String" and not isinstance(v, str):
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v) if isinstance(v, int) else "%.17g" % v
    if rng == "uima.cas.Double":
        return float(v)
    return v


def ranges(path):
    """{(type, feature): range} of a type system descriptor."""
    ns = {"u": "http://uima.apache.org/resourceSpecifier"}
    out = {}
    for t in ET.parse(path).getroot().iterfind(".//u:typeDescription", ns):
        tn = t.find("u:name", ns).text
        for f in t.iterfind(".//u:featureDescription", ns):
            out[(tn, f.find("u:name", ns).text)] = f.find("u:rangeTypeName", ns).text
    return out


def main():
    ts, read, glossa, views, spans = sys.argv[1:6]
    rng = ranges(ts)
    docs = []  # [(file, sofa, language, [annotations])]
    for line in open(read, encoding="utf-8"):
        r = json.loads(line)
        if "file" in r:
            docs.append((r["file"], r["sofa"], r["language"], []))
        else:
            docs[-1][3].append(r)
    want = {}  # document name -> jsonl records
    for line in open(glossa, encoding="utf-8"):
        r = json.loads(line)
        want.setdefault(os.path.basename(r["path"]), []).append(r)
    toks = {}
    for line in open(spans, encoding="utf-8"):
        r = json.loads(line)
        toks[os.path.basename(r["meta"]["path"])] = r
    for f, sofa, lang, anns in docs:
        name = os.path.basename(f)[:-len(".xmi")]
        view = open(os.path.join(views, name + ".txt"), encoding="utf-8", newline="").read()
        if sofa != xml_text(view):
            fail(f"{name}: the sofa is not the text view")
        t16 = u16(sofa)
        ids = {}
        for r in want.get(name, []):
            plain = not r.get("note") and not r.get("attrs") and not r.get("links")
            ids[r["id"]] = (NER if plain else type_name(r["label"]), r["start"], r["end"])
        exp = []
        for r in want.get(name, []):
            t, b, e = ids[r["id"]]
            if t == NER:
                feats = {"value": r["label"]}
            else:
                feats = {"label": r["label"]}
                if r.get("note") is not None:
                    feats["note"] = xml_text(r["note"])
                for k, v in r.get("attrs", {}).items():
                    f = "attr_" + m(k)
                    if (t, f) not in rng:
                        fail(f"{name}: TypeSystem.xml has no {t}:{f}")
                    feats[f] = value(v, rng[(t, f)])
                for role, target in r.get("links", {}).items():
                    tt, tb, te = ids[target]
                    feats["link_" + m(role)] = {"type": tt, "begin": tb, "end": te}
            if sub16(t16, b, e) != xml_text(r["exact"]):
                fail(f"{name}: {r['id']}: UTF-16 {b}..{e} is not its quote")
            exp.append({"type": t, "begin": b, "end": e, "text": sub16(t16, b, e), "features": feats})
        got = [a for a in anns if a["type"] != "uima.tcas.DocumentAnnotation" and not a["type"].startswith(SEG)]
        key = lambda a: json.dumps(a, sort_keys=True, ensure_ascii=False)
        g, w = sorted(map(key, got)), sorted(map(key, exp))
        if g != w:
            for x, y in zip(g, w):
                if x != y:
                    fail(f"{name}: UIMA read {x}\n  glossa wrote {y}")
            fail(f"{name}: UIMA read {len(g)} annotations, glossa wrote {len(w)}")
        # --segments: Token is each -f spans token; Sentences cover them in order
        tk = toks[name]["tokens"]
        cp16 = [0]
        for c in sofa:
            cp16.append(cp16[-1] + (2 if ord(c) > 0xFFFF else 1))
        want_tok = [(cp16[t["start"]], cp16[t["end"]]) for t in tk]
        got_tok = [(a["begin"], a["end"]) for a in anns if a["type"] == SEG + "Token"]
        if got_tok != want_tok:
            fail(f"{name}: Tokens {got_tok[:5]}... are not -f spans' {want_tok[:5]}...")
        sents = [(a["begin"], a["end"]) for a in anns if a["type"] == SEG + "Sentence"]
        starts = {b for b, _ in want_tok}
        ends = {e for _, e in want_tok}
        if any(b not in starts or e not in ends for b, e in sents) or \
                any(sents[i][1] > sents[i + 1][0] for i in range(len(sents) - 1)):
            fail(f"{name}: Sentences do not begin and end at tokens, in order")
        if sum(1 for b, e in want_tok if not any(sb <= b and e <= se for sb, se in sents)):
            fail(f"{name}: a token is in no Sentence")
        print(f"{name}: {len(got)} annotations, {len(sents)} sentences, {len(got_tok)} tokens, "
              f"language {lang}: as glossa wrote them")


main()
