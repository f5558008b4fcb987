#!/usr/bin/env bash
# Reading annotations in at corpus scale (issue 15): the annotations of
# scripts/entities.lua on the standard corpus's txt and html documents,
# written as jsonl, W3C json and brat, read back onto the same documents
# (every annotation exact) and onto revised copies (a paragraph put before
# the text of each: every annotation moved), beside the run that made them.
# Each command runs RUNS times (default 3); the table gives the median wall
# time, the peak RSS (/usr/bin/time %M) and what --stats said of the
# annotations read in. Prints Markdown; bench/README.md keeps the figures.
#
#   bash bench/import.sh            (KINDS="txt html", RUNS=3, JOBS=2)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${GLOSSA_SHARED:-$root/../shared}
corpus=${GLOSSA_CORPUS:-/tmp/glossa-corpus}
out=${GLOSSA_BENCH_OUT:-/tmp/glossa-bench/import}
runs=${RUNS:-3}
kinds=${KINDS:-txt html}
jobs=${JOBS:-2}
export LC_ALL=C.UTF-8
[ -s "$corpus/html.list" ] || bash "$shared/bench/make-corpus.sh" "$corpus" >&2
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 2; }
[ -f build-release/CMakeCache.txt ] || cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j2 --target glossa-cli >/dev/null # incremental: what changed
g=$root/build-release/glossa
mkdir -p "$out"

# timed NAME CMD...: the median of RUNS wall times and the largest peak RSS;
# stderr of the last run kept in $out/NAME.err
timed() {
  local name=$1; shift
  local ts=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" 2>"$out/$name.err"
    read -r t m <"$out/$name.time"
    ts+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  local med
  med=$(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local said
  said=$(grep -o 'read in: .*' "$out/$name.err" | head -1 || true)
  printf '| %s | %s | %d MiB | %s |\n' "$name" "$med" $((rss / 1024)) "${said:-}"
}

echo "| run | s | peak RSS | --stats: read in |"
echo "| --- | ---: | ---: | --- |"
for k in $kinds; do
  list=$out/$k.list # paths below the corpus: the revised copies have the same ones
  cp "$corpus/$k.list" "$list"
  # revised copies: a new first paragraph, so every annotation has moved
  rev=$out/$k-revised
  if [ ! -e "$rev/.done" ]; then
    rm -rf "$rev"
    while read -r f; do
      mkdir -p "$(dirname "$rev/$f")"
      if [ "$k" = html ]; then
        sed '0,/<body[^>]*>/s||&<p>A paragraph put before the text, so that every annotation has moved.</p>|' \
          "$corpus/$f" >"$rev/$f"
      else
        { echo "A paragraph put before the text, so that every annotation has moved."; echo; cat "$corpus/$f"; } \
          >"$rev/$f"
      fi
    done <"$list"
    touch "$rev/.done"
  fi
  cd "$corpus"
  timed "$k: made (entities.lua, -f jsonl)" "$g" -j"$jobs" -q --stats -s "$root/scripts/entities.lua" \
    --files-from "$list" -f jsonl -o "$out/$k.jsonl"
  "$g" -j"$jobs" -q -s "$root/scripts/entities.lua" --files-from "$list" -f json -o "$out/$k.json"
  n=$(wc -l <"$out/$k.jsonl")
  timed "$k: $n read in from jsonl" "$g" -j"$jobs" -q --stats --annotations "$out/$k.jsonl" \
    --files-from "$list" -f jsonl -o "$out/$k.back.jsonl"
  timed "$k: $n read in from W3C json" "$g" -j"$jobs" -q --stats --annotations "$out/$k.json" \
    --files-from "$list" -f jsonl -o "$out/$k.back-w3c.jsonl"
  cd "$rev"
  timed "$k: $n read in from jsonl onto the revised copies" "$g" -j"$jobs" -q --stats \
    --annotations "$out/$k.jsonl" --files-from "$list" -f jsonl -o "$out/$k.revised.jsonl"
  cd "$root"
done
