#!/bin/sh
# tools/dump: glossa dump's tree and --json.
#   1. the tree of tests/tools/data/tree.html is exactly data/tree.expected
#      (no colour: stdout is not a terminal), and --color=always colours it;
#   2. --json on each sample is one JSON object whose text is dump --text's
#      bytes, whose segments tile the text, whose elements nest, and whose
#      blocks are sorted offsets inside it (dump_json.py).
# Usage: dump.sh GLOSSA
set -u
GLOSSA=$1
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

"$GLOSSA" dump tests/tools/data/tree.html > "$tmp/tree" 2>&1
if ! diff -u tests/tools/data/tree.expected "$tmp/tree"; then
  echo "tools/dump: FAIL: the tree of tests/tools/data/tree.html differs (above)"
  status=1
fi
if grep -q "$(printf '\033')" "$tmp/tree"; then
  echo "tools/dump: FAIL: colour when stdout is not a terminal"
  status=1
fi
# an element's id and class are shown (CSS selectors name them)
"$GLOSSA" dump samples/trump-putin-call.html > "$tmp/sample"
if ! grep -qx '  <div id="page" class="hfeed site"> \[1,4027) line 20' "$tmp/sample"; then
  echo "tools/dump: FAIL: the sample's <div id=\"page\" class=\"hfeed site\"> is not shown with its id and class"
  status=1
fi
"$GLOSSA" dump --color=always tests/tools/data/tree.html > "$tmp/colour"
if ! grep -q "$(printf '\033')\[" "$tmp/colour"; then
  echo "tools/dump: FAIL: --color=always gives no colour"
  status=1
fi
# without the escapes, the coloured tree is the plain one
if ! sed "s/$(printf '\033')\[[0-9;]*m//g" "$tmp/colour" | cmp -s - "$tmp/tree"; then
  echo "tools/dump: FAIL: --color=always differs from the plain tree in more than colour"
  status=1
fi

for f in samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml \
         tests/golden/data/masked.html tests/tools/data/tree.html; do
  "$GLOSSA" dump --text "$f" > "$tmp/view" || { echo "tools/dump: FAIL: dump --text $f"; status=1; continue; }
  "$GLOSSA" dump --json "$f" > "$tmp/json" || { echo "tools/dump: FAIL: dump --json $f"; status=1; continue; }
  python3 "$here/dump_json.py" "$tmp/json" "$tmp/view" "$f" || status=1
done
[ "$status" = 0 ] && echo "tools/dump: the tree, its colour and --json on 5 documents are right"
exit $status
