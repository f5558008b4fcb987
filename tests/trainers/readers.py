"""Reads -f conll with NLTK's CoNLL reader and -f spans with json, and checks
them against each other and against doc:tokens() / doc:sentences() as a
script sees them (tests/trainers/readers.sh).

readers.py CONLL SPANS LUA ERR: the two outputs of one run, what the Lua
script printed for it (T START STOP per token, S START STOP per sentence,
bytes, 1-based, D before each document), and the run's stderr. The rule of
-f conll is worked out again here from the spans: the most tokens first,
then the earliest, then the first made; a span that crosses a sentence is
one chunk per sentence. Prints one line per document; exits 1 on the first
difference."""
import json
import os
import re
import sys

from nltk.chunk.util import conlltags2tree
from nltk.corpus.reader import ConllCorpusReader


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def col(s):  # what -f conll writes for a token or a label
    return "".join("_" if c.isspace() else c for c in s) or "_"


conll, spans, lua, err = sys.argv[1:5]
reader = ConllCorpusReader(os.path.dirname(conll), [os.path.basename(conll)],
                           ("words", "pos"), encoding="utf-8")
# NLTK drops each -DOCSTART- row, which leaves an empty sentence: the
# documents are the runs of sentences between them
docs = []
for sent in reader.tagged_sents():
    if not sent:
        docs.append([])
    else:
        docs[-1].append(sent)
tasks = [json.loads(line) for line in open(spans, encoding="utf-8")]
luadocs = []
for line in open(lua, encoding="utf-8"):
    f = line.split()
    if not f:
        continue
    if f[0] == "D":
        luadocs.append({"T": [], "S": []})
    elif f[0] in ("T", "S") and len(f) == 3:
        luadocs[-1][f[0]].append((int(f[1]), int(f[2])))
left = {}
for line in open(err, encoding="utf-8"):
    m = re.match(r"(.*): (\d+) annotations? (\S+ \S+ \S+)", line)
    if m:
        left.setdefault(m.group(1), {})[(m.group(3), "conll" if "conll" in line else "spans")] = int(m.group(2))
if not (len(docs) == len(tasks) == len(luadocs)):
    fail("%d conll documents, %d spans lines, %d Lua documents" % (len(docs), len(tasks), len(luadocs)))

for sents, task, ld in zip(docs, tasks, luadocs):
    name, text = task["meta"]["path"], task["text"]
    toks = task["tokens"]
    # the tokens are the script's, with their offsets in code points
    b = [len(text[:t["start"]].encode()) + 1 for t in toks]
    e = [len(text[:t["end"]].encode()) for t in toks]
    if list(zip(b, e)) != ld["T"]:
        fail("%s: the tokens of -f spans are not doc:tokens()" % name)
    starts_at = {t["start"] for t in toks}
    for t in toks:
        if text[t["start"]:t["end"]] != t["text"]:
            fail("%s: token %d is not the text at its offsets" % (name, t["id"]))
        # white space follows that is no token ("\x1c" is one to glossa)
        if t["ws"] != (t["end"] < len(text) and text[t["end"]].isspace() and t["end"] not in starts_at):
            fail("%s: token %d: ws" % (name, t["id"]))
    # conll writes them all but those of nothing but white space to Python
    kept = [t for t in toks if t["text"].split()]
    words = [w for s in sents for w, _ in s]
    if words != [col(t["text"]) for t in kept]:
        fail("%s: the conll tokens are not the spans' tokens" % name)
    # a sentence starts at the first kept token at or after each of the
    # script's sentences
    starts, k = set(), 0
    for s, _ in ld["S"]:
        while k < len(kept) and b[kept[k]["id"]] < s:
            k += 1
        if k < len(kept):
            starts.add(k)
    firsts, n = set(), 0
    for s in sents:
        firsts.add(n)
        n += len(s)
    if firsts != starts:
        fail("%s: the conll sentences are not doc:sentences()" % name)
    # the chunks NLTK reads (strict IOB), as (label, first, last) of kept tokens
    got, n = set(), 0
    for s in sents:
        tree = conlltags2tree([(w, "X", t) for w, t in s], strict=True)
        for node in tree:
            if isinstance(node, tuple):
                n += 1
            else:
                got.add((node.label(), n, n + len(node)))
                n += len(node)
    # the same worked out from the spans
    index = {t["id"]: i for i, t in enumerate(kept)}
    cands = []
    for sp in task["spans"]:
        ids = [index[i] for i in range(sp["token_start"], sp["token_end"] + 1) if i in index]
        if ids:
            cands.append((-(ids[-1] + 1 - ids[0]), ids[0], int(sp["glossa"]["id"][1:]), ids[-1] + 1, sp["label"]))
    cands.sort()
    taken, want, dropped = set(), set(), 0
    for _, f, _, l, label in cands:
        if taken & set(range(f, l)):
            dropped += 1
            continue
        taken |= set(range(f, l))
        cut = f
        for i in range(f + 1, l + 1):
            if i == l or i in firsts:
                want.add((col(label), cut, i))
                cut = i
    if got != want:
        fail("%s: conll chunks %s, spans say %s" % (name, sorted(got - want), sorted(want - got)))
    said = left.get(name, {})
    if said.get(("overlap others and", "conll"), said.get(("overlaps others and", "conll"), 0)) != dropped:
        fail("%s: %d left out for overlaps, stderr says %s" % (name, dropped, said))
    none_c = sum(v for (why, f), v in said.items() if f == "conll" and "no token" in why)
    none_s = sum(v for (why, f), v in said.items() if f == "spans" and "no token" in why)
    if none_c != none_s:
        fail("%s: %d cover no token in conll, %d in spans" % (name, none_c, none_s))
    print("%s: %d tokens, %d sentences, %d chunks, %d spans, %d overlapping, %d relations" %
          (name, len(kept), len(sents), len(got), len(task["spans"]), dropped, len(task["relations"])))
