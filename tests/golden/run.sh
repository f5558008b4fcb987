#!/bin/sh
# run.sh GLOSSA CASE.sh [--update]
# Runs CASE.sh (a shell snippet; $GLOSSA is the binary, $TMP a scratch
# directory) from the repository root, and compares its stdout, stderr and
# exit status with CASE.out. --update rewrites CASE.out instead. A case that
# cannot run here (a tool it needs is missing) prints "SKIP: why" and exits
# 77: run.sh says why and exits 77, which ctest reports as skipped
# (SKIP_RETURN_CODE, tests/CMakeLists.txt).
set -u
glossa=$1
case=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $case in /*) ;; *) case=$PWD/$case ;; esac
expected=${case%.sh}.out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/scratch"
cd "$root" || exit 2
GLOSSA=$glossa TMP=$tmp/scratch sh "$case" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
code=$?
if [ $code -eq 77 ] && head -1 "$tmp/stdout" | grep -q '^SKIP: '; then
  head -1 "$tmp/stdout"
  exit 77
fi
{
  echo "== stdout"
  cat "$tmp/stdout"
  echo "== stderr"
  cat "$tmp/stderr"
  echo "== exit $code"
} >"$tmp/actual"
if [ "${3:-}" = --update ]; then
  cp "$tmp/actual" "$expected"
  echo "updated $expected"
  exit 0
fi
if ! [ -f "$expected" ]; then
  echo "no expected output $expected; run with --update and check it by hand" >&2
  exit 1
fi
if ! diff -u "$expected" "$tmp/actual"; then
  echo "FAIL: $(basename "$case"): output differs from $(basename "$expected") (above)" >&2
  exit 1
fi
