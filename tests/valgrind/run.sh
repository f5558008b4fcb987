#!/bin/sh
# run.sh GLOSSA CASE.sh: the golden case under valgrind memcheck; on a
# failure, prints valgrind's report.
set -u
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
trap 'rm -f "$log" "$log".*' EXIT INT TERM
GLOSSA_REAL=$1 GLOSSA_VALGRIND_LOG="$log.%p" sh "$here/../golden/run.sh" "$here/glossa.sh" "$2"
rc=$?
found=0
for f in "$log".*; do
  [ -s "$f" ] || continue
  found=1
  echo "== valgrind ($f):"
  cat "$f"
done
[ $rc -eq 0 ] && [ $found -eq 0 ]
