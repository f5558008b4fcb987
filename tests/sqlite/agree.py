# agree.py DB JSONL: the database -f sqlite wrote holds what -f jsonl writes
# for the same run, read back through the sqlite3 CLI: one annotations row
# per jsonl line, in the same order (ids 1, 2, ...), with the same path, id,
# label, note, quote, offsets, line, col, script and matcher; the same attrs
# with their types (a jsonl number may be an integer-valued float, so the
# type column says which it was); the same links. Prints what agreed, or
# each difference (exit 1).
import json
import math
import subprocess
import sys

db, jsonl = sys.argv[1], sys.argv[2]


def query(sql):
    out = subprocess.run(["sqlite3", "-json", db, sql], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out) if out.strip() else []


lines = [json.loads(l) for l in open(jsonl, encoding="utf-8")]
rows = query("SELECT a.id, d.path, a.seq, a.label, a.note, a.quote, a.start, a.end, a.start_byte,"
             " a.end_byte, a.line, a.col, a.script, a.script_line, a.matcher"
             " FROM annotations a JOIN documents d ON d.id = a.document ORDER BY a.id")
attrs = {}
for r in query("SELECT annotation, key, type, value, typeof(value) AS t FROM attrs"
               " ORDER BY annotation, key"):
    attrs.setdefault(r["annotation"], []).append(r)
links = {}
for r in query("SELECT l.annotation, l.role, t.seq, t.document = a.document AS same"
               " FROM links l JOIN annotations a ON a.id = l.annotation"
               " JOIN annotations t ON t.id = l.target ORDER BY l.annotation, l.role"):
    links.setdefault(r["annotation"], []).append(r)

bad = []
if len(lines) != len(rows):
    bad.append("%d jsonl lines, %d annotations rows" % (len(lines), len(rows)))
nattrs = nlinks = 0
for k, (j, r) in enumerate(zip(lines, rows), 1):
    where = "%s %s (row %d)" % (j["path"], j["id"], r["id"])
    if r["id"] != k:
        bad.append("%s: id %d, not %d" % (where, r["id"], k))
    pairs = [("path", "path"), ("label", "label"), ("note", "note"), ("exact", "quote"),
             ("start", "start"), ("end", "end"), ("start_byte", "start_byte"),
             ("end_byte", "end_byte"), ("line", "line"), ("col", "col"), ("script", "script"),
             ("script_line", "script_line"), ("matcher", "matcher")]
    for jk, rk in pairs:
        if j[jk] != r[rk]:
            bad.append("%s: %s %r, %s %r" % (where, jk, j[jk], rk, r[rk]))
    if j["id"] != "a%d" % r["seq"]:
        bad.append("%s: seq %d" % (where, r["seq"]))
    got = {a["key"]: a for a in attrs.get(r["id"], [])}
    if sorted(got) != sorted(j["attrs"]):
        bad.append("%s: attrs %s, rows %s" % (where, sorted(j["attrs"]), sorted(got)))
    for key, want in j["attrs"].items():
        a = got.get(key)
        if a is None:
            continue
        nattrs += 1
        ty, v, t = a["type"], a["value"], a["t"]
        ok = {
            "bool": isinstance(want, bool) and t == "integer" and v == int(want),
            "integer": type(want) is int and t == "integer" and v == want,
            "number": t == "real" and isinstance(want, (int, float)) and not isinstance(want, bool)
                      and float(v) == float(want),
            "string": isinstance(want, str) and t == "text" and v == want,
        }.get(ty, False)
        # a number JSON cannot hold: jsonl writes null; the database the value
        # (NaN is NULL there)
        if want is None and ty == "number":
            ok = t == "null" or (t == "real" and math.isinf(float(v)))
        if not ok:
            bad.append("%s: attr %s: jsonl %r, row %s %s %r" % (where, key, want, ty, t, v))
    got = {l["role"]: l for l in links.get(r["id"], [])}
    want = j.get("links", {})
    if sorted(got) != sorted(want):
        bad.append("%s: links %s, rows %s" % (where, sorted(want), sorted(got)))
    for role, target in want.items():
        l = got.get(role)
        if l is None:
            continue
        nlinks += 1
        if target != "a%d" % l["seq"] or not l["same"]:
            bad.append("%s: link %s: jsonl %s, row a%d (same document: %s)" %
                       (where, role, target, l["seq"], l["same"]))
# every row of attrs and links, not only those the joins above find
total = query("SELECT (SELECT count(*) FROM attrs) AS attrs, (SELECT count(*) FROM links) AS links")[0]
extra = total["attrs"] - nattrs, total["links"] - nlinks
if extra != (0, 0):
    bad.append("rows beyond jsonl's: %d attrs, %d links" % extra)
for b in bad[:20]:
    print("DIFFERS: " + b)
if bad:
    sys.exit(1)
print("%d annotations, %d attrs, %d links agree with jsonl" % (len(rows), nattrs, nlinks))
