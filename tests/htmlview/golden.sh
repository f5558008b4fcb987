#!/bin/sh
# golden.sh RENDER [--update]
# Renders the three samples with scripts/deal-making.lua and
# tests/htmlview/overlaps.lua through out_html and compares each page byte
# for byte with tests/htmlview/trump-putin-call.EXT.expected.html.
# --update rewrites the expected pages (inspect them by eye before committing).
set -u
render=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 2
status=0
for ext in txt html xml; do
  name=trump-putin-call.$ext
  if ! "$render" -s scripts/deal-making.lua -s tests/htmlview/overlaps.lua \
      "samples/$name" "$tmp/$name.html"; then
    echo "FAIL: render $name" >&2
    status=1
    continue
  fi
  expected=$here/$name.expected.html
  if [ "${2:-}" = --update ]; then
    cp "$tmp/$name.html" "$expected"
    echo "updated $expected"
  elif ! cmp -s "$expected" "$tmp/$name.html"; then
    diff -u "$expected" "$tmp/$name.html" | head -40
    echo "FAIL: $name: page differs from $(basename "$expected")" >&2
    status=1
  fi
done
exit $status
