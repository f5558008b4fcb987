#!/bin/sh
# check.sh GLOSSA
#
# The seed's analysis scripts against the hand-made gold: runs them on
# samples/trump-putin-call.txt (-f jsonl), scores the result with
# `glossa eval` against tests/gold/trump-putin-call.ann, prints the table,
# and fails unless the overall lenient F1 is at least 0.9 (MIN_F1 to change).
# Also checks that every T line of the gold spells the text at its offsets.
# scripts/entities.lua (the matcher tour) is not one of them: it marks
# sentences, durations and the readout under labels the gold does not have.
set -u
glossa=$1
min=${MIN_F1:-0.9}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

gold=tests/gold/trump-putin-call.ann
doc=samples/trump-putin-call.txt
# In this order (the order `make demo` runs them in, too): boilerplate.lua
# first, so the others can skip the comment form; people.lua before
# quotes.lua (speakers); deal-making.lua before speculation.lua.
scripts="boilerplate call-length comments dates deal-making people places quotes sources speculation"
args=
for s in $scripts; do args="$args -s scripts/$s.lua"; done

# the gold itself: each T line's TEXT is what its offsets hold
python3 tests/gold/score.py "$gold" /dev/null "$doc" >/dev/null || { echo "FAIL: $gold is inconsistent" >&2; exit 1; }

"$glossa" -q -f jsonl $args "$doc" > "$tmp/pred.jsonl" || { echo "FAIL: the scripts failed on $doc" >&2; exit 1; }
"$glossa" eval --gold "$gold" --pred "$tmp/pred.jsonl" || {
  echo "FAIL: glossa eval is missing or failed" >&2; exit 1; }
"$glossa" eval --gold "$gold" --pred "$tmp/pred.jsonl" --json > "$tmp/score.json" || exit 1
python3 - "$tmp/score.json" "$min" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
f1, strict = s["lenient"]["overall"]["f1"], s["strict"]["overall"]["f1"]
print("overall F1: lenient %.4f, strict %.4f (needed: lenient >= %s)" % (f1, strict, sys.argv[2]))
sys.exit(0 if f1 >= float(sys.argv[2]) else 1)
PY
status=$?
[ $status = 0 ] && echo PASS || echo "FAIL: the scripts score below the gold's threshold" >&2
exit $status
