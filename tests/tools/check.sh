#!/bin/sh
# tools/check: glossa check.
#   1. the shipped scripts (scripts/*.lua) compile and draw no warning, even
#      with --strict;
#   2. each tests/tools/data/*.lua gives exactly data/NAME.expected: its
#      stdout, then "exit N".
# Usage: check.sh GLOSSA
set -u
GLOSSA=$1
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

if ! "$GLOSSA" check --strict scripts/*.lua > "$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
  echo "tools/check: glossa check --strict scripts/*.lua is not clean:"
  sed 's/^/    /' "$tmp/out"
  status=1
fi

n=0
for script in tests/tools/data/*.lua; do
  n=$((n + 1))
  expected=${script%.lua}.expected
  "$GLOSSA" check "$script" > "$tmp/actual" 2>&1
  echo "exit $?" >> "$tmp/actual"
  if ! diff -u "$expected" "$tmp/actual"; then
    echo "tools/check: FAIL: glossa check $script differs from $expected (above)"
    status=1
  fi
done
[ "$n" -gt 0 ] || { echo "tools/check: no tests/tools/data/*.lua"; exit 1; }

# --strict turns warnings into exit 1; usage errors are 2.
"$GLOSSA" check --strict tests/tools/data/methods.lua > /dev/null
[ $? = 1 ] || { echo "tools/check: FAIL: --strict with warnings should exit 1"; status=1; }
"$GLOSSA" check > /dev/null 2>&1
[ $? = 2 ] || { echo "tools/check: FAIL: check without scripts should exit 2"; status=1; }

[ "$status" = 0 ] && echo "tools/check: scripts/*.lua clean, $n bad scripts reported as expected"
exit $status
