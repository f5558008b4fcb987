#!/bin/sh
# Builds the libFuzzer targets with clang in a temporary directory and runs
# each one for a short fixed time (FUZZ_SECONDS, default 20) from its seed
# corpus and regression inputs (load_html: and every input of the html5lib
# suite in ../shared, when it is there), FUZZ_JOBS targets at a time (default:
# one per core; each target is one process on one core). Fails on any finding
# (crash, leak, timeout, failed check): names the inputs, prints them in
# base64 (the CI log may be all that is left of a run) and keeps them in
# $FUZZ_KEEP (default: ./fuzz-findings).
# Usage: tests/fuzz/ci.sh [TARGET...]   (default: every target)
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-20}
keep=${FUZZ_KEEP:-$PWD/fuzz-findings}
cores=$(nproc 2>/dev/null || echo 2)
jobs=${FUZZ_JOBS:-$cores}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
targets=${*:-"load_text load_html load_xml dict sentence writers css jsonread rule dictfile anchor import"}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glossa-fuzz-ci.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# only the fuzz binaries: the rest of the tree is built and tested elsewhere
build_targets=
for t in $targets; do build_targets="$build_targets glossa-fuzz-$t"; done
start=$(date +%s)
# shellcheck disable=SC2086 # one --target per word
CC=${FUZZ_CC:-clang} cmake -S "$src" -B "$tmp/build" -DGLOSSA_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/cmake.log" 2>&1 &&
  cmake --build "$tmp/build" -j"$cores" --target $build_targets >>"$tmp/cmake.log" 2>&1 || {
  cat "$tmp/cmake.log"
  echo "fuzz: build failed" >&2
  exit 2
}
echo "fuzz: built in $(($(date +%s) - start)) s; running each target for ${secs} s, $jobs at a time"

# One target: writes its verdict to $tmp/$t.result, its status to $tmp/$t.status.
fuzz_one() {
  t=$1
  bin=$tmp/build/tests/glossa-fuzz-$t
  if ! [ -x "$bin" ]; then
    echo "fuzz/$t: no such target" >"$tmp/$t.result"
    echo 2 >"$tmp/$t.status"
    return
  fi
  mkdir -p "$tmp/corpus/$t" "$tmp/art/$t"
  # the seeds and regression inputs first: each must pass before new ground
  # is tried (libFuzzer runs the empty input itself)
  for d in "$src/tests/fuzz/corpus/$t" "$src/tests/fuzz/regressions/$t"; do
    for f in "$d"/*; do [ -f "$f" ] && cp "$f" "$tmp/corpus/$t/"; done
  done
  # and the repository files corpus/$t.seeds names (paths or globs from the
  # top, as tests/fuzz.cmake reads them), named by their path so none
  # overwrites another
  seeds=$src/tests/fuzz/corpus/$t.seeds
  if [ -f "$seeds" ]; then
    # shellcheck disable=SC2086 # each line is a glob
    if ! (cd "$src" && while read -r l; do
            case $l in '' | '#'*) continue ;; esac
            for f in $l; do
              [ -f "$f" ] || { echo "fuzz/$t: $seeds: $l: no such file"; exit 1; }
              cp "$f" "$tmp/corpus/$t/seed-$(printf %s "$f" | tr / -)"
            done
          done <"$seeds") >"$tmp/$t.result"; then
      echo 2 >"$tmp/$t.status"
      return
    fi
  fi
  # load_html: every input of the html5lib tree-construction suite too,
  # written from ../shared/html5lib-tests (shared data beside the repository,
  # read in place) by the script the ctest fuzz/html5lib replays them with
  note=
  if [ "$t" = load_html ]; then
    if ! command -v python3 >/dev/null 2>&1; then
      note="; no python3: no seeds from the html5lib suite"
    else
      n=$(python3 "$src/tests/fuzz/html5lib-seeds.py" "$tmp/corpus/$t" 2>&1)
      case $? in
      0) note="; $n seeds from the html5lib suite" ;;
      77) note="; the html5lib suite was not found at $src/../shared/html5lib-tests: no seeds from it" ;;
      *)
        echo "fuzz/$t: html5lib-seeds.py: $n" >"$tmp/$t.result"
        echo 2 >"$tmp/$t.status"
        return
        ;;
      esac
    fi
  fi
  if "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$tmp/art/$t/" "$tmp/corpus/$t" >"$tmp/$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/$t.log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$tmp/$t.log" | tail -1)
    echo "fuzz/$t: ok (${runs:-?} runs in ${secs} s; $cov$note)" >"$tmp/$t.result"
    echo 0 >"$tmp/$t.status"
    return
  fi
  {
    echo "fuzz/$t: FINDING${note:+ (}${note#; }${note:+)}"
    # what went wrong, and the top of the first stack (where)
    awk '/ERROR:|check failed|runtime error|SUMMARY|Test unit written/ { print; next }
         /^ *#[0-9]+ 0x/ && !done { print; if (++n == 6) done = 1; next }
         /^$/ && n { done = 1 }' "$tmp/$t.log" | head -30
    mkdir -p "$keep/$t"
    for f in "$tmp/art/$t/"*; do
      [ -f "$f" ] || continue
      cp "$f" "$keep/$t/"
      echo "fuzz/$t: input $keep/$t/$(basename "$f") ($(wc -c <"$f") bytes)," \
        "replay: glossa-fuzz-$t FILE; its first 4 KiB in base64 (base64 -d >FILE):"
      head -c 4096 "$f" | base64
    done
  } >"$tmp/$t.result"
  echo 1 >"$tmp/$t.status"
}

# $jobs lanes, the targets dealt round-robin, each lane running its own in turn
lane=0
while [ "$lane" -lt "$jobs" ]; do
  (
    i=0
    for t in $targets; do
      [ $((i % jobs)) -eq "$lane" ] && fuzz_one "$t"
      i=$((i + 1))
    done
  ) &
  lane=$((lane + 1))
done
wait

status=0
for t in $targets; do
  cat "$tmp/$t.result"
  s=$(cat "$tmp/$t.status" 2>/dev/null || echo 2)
  [ "$s" -gt "$status" ] && status=$s
done
echo "fuzz: $(($(date +%s) - start)) s in all"
exit $status
