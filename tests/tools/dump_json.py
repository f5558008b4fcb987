#!/usr/bin/env python3
"""Checks a `glossa dump --json` object against the `dump --text` view.

Usage: dump_json.py JSON VIEW NAME"""
import json
import sys

path, view_path, name = sys.argv[1:4]
with open(view_path, "rb") as f:
    view = f.read()
with open(path, "rb") as f:
    d = json.loads(f.read().decode("utf-8"))
problems = []
if set(d) != {"path", "type", "text", "segments", "elements", "blocks"}:
    problems.append("keys are %s" % sorted(d))
if d["path"] != name:
    problems.append("path is %r" % d["path"])
if d["type"] not in ("text", "html", "xml"):
    problems.append("type is %r" % d["type"])
text = d["text"].encode("utf-8")
if text != view:
    problems.append("text is not dump --text's view")
at = 0
for s in d["segments"]:
    if set(s) != {"start", "end", "line", "col", "masked", "path"}:
        problems.append("segment keys %s" % sorted(s))
        break
    if s["start"] != at or s["end"] <= s["start"]:
        problems.append("segment [%d,%d) does not follow %d" % (s["start"], s["end"], at))
        break
    if s["line"] < 1 or s["col"] < 1 or not s["path"].startswith("/"):
        problems.append("segment %r" % s)
    at = s["end"]
if at != len(text):
    problems.append("segments end at %d, the text at %d" % (at, len(text)))
for e in d["elements"]:
    if set(e) != {"name", "start", "end", "line", "depth"}:
        problems.append("element keys %s" % sorted(e))
        break
    if not (0 <= e["start"] <= e["end"] <= len(text)) or e["depth"] < 0:
        problems.append("element %r" % e)
if d["elements"] and d["elements"][0]["depth"] != 0:
    problems.append("the first element has depth %d" % d["elements"][0]["depth"])
b = d["blocks"]
if b != sorted(set(b)) or any(not 0 <= x <= len(text) for x in b):
    problems.append("blocks %r are not sorted unique offsets in the text" % b[:10])
for p in problems:
    print("tools/dump: FAIL: %s: --json: %s" % (name, p))
sys.exit(1 if problems else 0)
