#!/usr/bin/env python3
"""compare.py OLD.jsonl NEW.jsonl KIND: whether the annotations read back in
(NEW, written by a run with --annotations and no scripts) are those written
(OLD), field by field: label, offsets, quote, note, attrs and links (links
by the target's label and offsets, since ids of other formats are not
glossa's). Prints one line of the outcome, or each difference."""
import json, sys

def load(p):
    return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]

old, new, kind = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
# formats that hold no notes or attrs of every kind are told which
fields = ["label", "start", "end", "exact", "note", "attrs"]
def key(a, byid):
    links = {r: (byid[t]["label"], byid[t]["start"], byid[t]["end"]) for r, t in a.get("links", {}).items()}
    return tuple(json.dumps(a.get(f), sort_keys=True) for f in fields) + (json.dumps(links, sort_keys=True),)
oid = {a["id"]: a for a in old}
nid = {a["id"]: a for a in new}
ko = sorted(key(a, oid) for a in old)
kn = sorted(key(a, nid) for a in new)
bad = [a for a in new if a.get("anchor") != "exact"]
if ko == kn and not bad:
    nlinks = sum(len(a.get("links", {})) for a in old)
    print(f"{kind}: {len(old)} annotations ({nlinks} links) read back, every field equal, all exact")
else:
    print(f"{kind}: {len(old)} written, {len(new)} read back; {len(bad)} not exact")
    for x in sorted(set(ko) - set(kn))[:5]: print("  only written:", x)
    for x in sorted(set(kn) - set(ko))[:5]: print("  only read:", x)
