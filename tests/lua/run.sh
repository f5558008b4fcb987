#!/bin/sh
# (-j1: these suites keep objects from one document to the next, which
# only works within one worker's Lua state)
# Runs the Lua API test scripts and compares each run's standard output and
# exit status with tests/lua/expected/NAME.out. Standard error is not
# compared, except for the lines asserted below.
#
#   tests/lua/run.sh [GLOSSA]          (default: build/glossa)
#   UPDATE=1 tests/lua/run.sh          rewrite the expected files (then review
#                                      the diff by hand before committing)
#
# Exits 0 when every run matches, 1 otherwise (with a diff for each mismatch).
set -u

glossa=${1:-build/glossa}
case $glossa in
/*) ;;
*) glossa=$(pwd)/$glossa ;;
esac
here=$(dirname "$0")
cd "$here/../.." || exit 1
if [ ! -x "$glossa" ]; then
  echo "run.sh: $glossa: not an executable (build glossa first)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/glossa-lua-tests.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
S=samples/trump-putin-call

fail() {
  echo "FAIL $name: $*" >&2
  failed=1
}

# run NAME ARGS...: glossa ARGS, stdout and "exit N" into $tmp/NAME.out
run() {
  name=$1
  shift
  "$glossa" -j1 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  echo "exit $?" >>"$tmp/$name.out"
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$tmp/$name.out" "tests/lua/expected/$name.out"
  elif ! diff -u "tests/lua/expected/$name.out" "$tmp/$name.out" >"$tmp/$name.diff" 2>&1; then
    fail "stdout or exit status differ (stderr follows the diff)"
    cat "$tmp/$name.diff" >&2
    sed 's/^/  stderr: /' "$tmp/$name.err" >&2
  fi
}

# run_marker NAME LABEL ARGS...: like run, but only the LABEL annotations of
# stdout (the suite's markers) and "exit N" are compared: suites that make
# thousands of annotations keep a short expected file
run_marker() {
  name=$1
  label=$2
  shift 2
  "$glossa" -j1 "$@" >"$tmp/$name.all" 2>"$tmp/$name.err"
  st=$?
  grep -F ": $label: " "$tmp/$name.all" >"$tmp/$name.out"
  echo "exit $st" >>"$tmp/$name.out"
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$tmp/$name.out" "tests/lua/expected/$name.out"
  elif ! diff -u "tests/lua/expected/$name.out" "$tmp/$name.out" >"$tmp/$name.diff" 2>&1; then
    fail "the marker lines or exit status differ (stderr follows the diff)"
    cat "$tmp/$name.diff" >&2
    sed 's/^/  stderr: /' "$tmp/$name.err" >&2
  fi
}

# stderr_has NAME TEXT: the run's stderr has a line matching the BRE TEXT
stderr_has() {
  grep -q -e "$2" "$tmp/$1.err" || { name=$1; fail "stderr lacks a line matching '$2'"; }
}

run api-txt -s tests/lua/api.lua $S.txt
run api-html -a suite=api -a eq=a=b -a empty= -s tests/lua/api.lua $S.html
stderr_has api-html '^tests/lua/api\.lua:[0-9][0-9]*: api-tests log 1 nil true$'
run api-xml -s tests/lua/api.lua $S.xml
run closed -s tests/lua/closed.lua $S.txt $S.html
run sandbox -s tests/lua/sandbox.lua $S.txt $S.html
stderr_has sandbox '^sandbox print on stderr$'
run trusted --trusted -s tests/lua/trusted.lua $S.txt
# the same script without --trusted fails on its first check (its top level, before reading doc): exit 2
run untrusted -s tests/lua/trusted.lua $S.txt
stderr_has untrusted 'FAILED: os\.getenv is available'
stderr_has untrusted "trusted.lua: the script's top level failed (above) before it read doc"
# the matcher suite (issue 3): the three samples in one process, so that
# objects of one document are used (and refused) while the next one runs
run_marker matchers matchers-tests -s tests/lua/matchers.lua $S.txt $S.html $S.xml

# whatever the expected files say, the suites themselves must pass
for n in api-txt api-html api-xml closed sandbox trusted matchers; do
  tail -n 1 "$tmp/$n.out" | grep -qx 'exit 0' || { name=$n; fail "the suite failed (exit status not 0)"; }
  grep -q 'checks passed' "$tmp/$n.out" || { name=$n; fail "no 'checks passed' line: the suite did not finish"; }
done
# ... and the matcher suite on each of the three documents
[ "$(grep -c 'matchers-tests: .* checks passed$' "$tmp/matchers.out")" = 3 ] ||
  { name=matchers; fail "not 3 'checks passed' lines: the suite failed on some document"; }

if [ "$failed" = 0 ]; then
  echo "tests/lua: all runs match"
fi
exit "$failed"
