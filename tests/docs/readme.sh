#!/bin/sh
# docs/readme: every `$ glossa …` line of a ```console block in README.md
# that is followed by its output is run from the project root, with the
# glossa under test first on PATH, and must print exactly that output and
# exit 0. Lines without output shown (corpus/, pipelines) are illustrations.
# Usage: readme.sh GLOSSA [README]
set -u
GLOSSA=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
readme=${2:-$root/README.md}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" && ln -s "$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")" "$tmp/bin/glossa"

# Split the blocks into cases: tmp/N.cmd (the command) and tmp/N.exp.
awk -v dir="$tmp" '
  /^```console/ { inb = 1; next }
  /^```/ { inb = 0; cur = ""; next }
  !inb { next }
  cont { print >> (cur ".cmd"); cont = /\\$/; next }
  /^\$ / { n++; cur = dir "/" n; sub(/^\$ /, ""); print > (cur ".cmd"); printf "" > (cur ".exp"); cont = /\\$/; next }
  cur != "" { print >> (cur ".exp") }
' "$readme"

status=0 ran=0
for cmd in "$tmp"/*.cmd; do
  [ -e "$cmd" ] || break
  case=${cmd%.cmd}
  [ -s "$case.exp" ] || continue
  grep -q '^glossa ' "$cmd" || continue
  ran=$((ran + 1))
  (cd "$root" && PATH="$tmp/bin:$PATH" sh "$cmd") > "$case.out" 2> "$case.err"
  rc=$?
  if [ $rc -ne 0 ] || ! cmp -s "$case.exp" "$case.out"; then
    echo "docs/readme: README.md example (exit $rc): $(cat "$cmd")"
    diff "$case.exp" "$case.out" | head -20
    head -5 "$case.err"
    status=1
  fi
done
[ $ran -ge 2 ] || { echo "docs/readme: only $ran examples with output found in $readme"; exit 1; }
[ $status -eq 0 ] && echo "docs/readme: $ran README examples print what README shows"
exit $status
