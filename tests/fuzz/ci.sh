#!/bin/sh
# Builds the libFuzzer targets with clang in a temporary directory and runs
# each one for a short fixed time (FUZZ_SECONDS, default 20) from its seed
# corpus and regression inputs. Fails on any finding (crash, leak, timeout,
# failed check), leaving the inputs in $FUZZ_KEEP (default: ./fuzz-findings).
# Usage: tests/fuzz/ci.sh [TARGET...]   (default: every target)
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-20}
keep=${FUZZ_KEEP:-$PWD/fuzz-findings}
targets=${*:-"load_text load_html load_xml dict sentence writers css"}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glossa-fuzz-ci.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

CC=${FUZZ_CC:-clang} cmake -S "$src" -B "$tmp/build" -DGLOSSA_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/cmake.log" 2>&1 &&
  cmake --build "$tmp/build" -j"$(nproc 2>/dev/null || echo 2)" >>"$tmp/cmake.log" 2>&1 || {
  cat "$tmp/cmake.log"
  echo "fuzz: build failed" >&2
  exit 2
}

status=0
for t in $targets; do
  bin=$tmp/build/tests/glossa-fuzz-$t
  [ -x "$bin" ] || { echo "fuzz: no target $t" >&2; status=2; continue; }
  mkdir -p "$tmp/corpus/$t" "$tmp/art/$t"
  # the regression inputs first: each must pass before new ground is tried
  for d in "$src/tests/fuzz/corpus/$t" "$src/tests/fuzz/regressions/$t"; do
    for f in "$d"/*; do [ -f "$f" ] && cp "$f" "$tmp/corpus/$t/"; done
  done
  if "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$tmp/art/$t/" "$tmp/corpus/$t" >"$tmp/$t.log" 2>&1; then
    echo "fuzz/$t: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/$t.log" |
      grep -o '[0-9]*$') runs in ${secs}s)"
  else
    status=1
    echo "fuzz/$t: FINDING"
    grep -E 'ERROR:|check failed|runtime error|SUMMARY|Test unit written' "$tmp/$t.log" | head -20
    mkdir -p "$keep/$t" && cp "$tmp/art/$t/"* "$keep/$t/" 2>/dev/null &&
      echo "fuzz/$t: inputs kept in $keep/$t"
  fi
done
exit $status
