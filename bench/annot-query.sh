#!/usr/bin/env bash
# Queries while annotating (issue 14, item 3): bench/annot-query.lua over the
# txt corpus (GLOSSA_CORPUS, default /tmp/glossa-corpus, its txt.list
# concatenated; repeated past its end) cut at whole lines to each of SIZES
# bytes ("all": uncut), with its queries (-a queries=1) and without
# (-a queries=0, the baseline), for each glossa given (default
# build-A-rel/glossa). RUNS runs of each
# command (default 3), interleaved; median wall and user CPU seconds, peak RSS
# of the runs. Prints Markdown rows; bench/README.md keeps them.
#
#   RUNS=3 SIZES="2000000 8000000 32000000 all" bash bench/annot-query.sh build-A-rel/glossa
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${GLOSSA_CORPUS:-/tmp/glossa-corpus}
out=${GLOSSA_BENCH_OUT:-/tmp/glossa-bench/annot-query}
runs=${RUNS:-3}
sizes=${SIZES:-2000000 8000000 32000000 all}
[ $# -gt 0 ] || set -- build-A-rel/glossa
mkdir -p "$out"
[ -s "$out/all.txt" ] || (cd "$corpus" && xargs cat < txt.list) > "$out/all.txt"
for size in $sizes; do # past the corpus's size, the corpus again from its start
  [ "$size" = all ] || [ -s "$out/$size.txt" ] ||
    (set +o pipefail; while :; do cat "$out/all.txt"; done 2>/dev/null | head -c "$size" |
      sed '$d') > "$out/$size.txt"
done
echo "| glossa | MB | annotations | without queries: wall s (user) | with: wall s (user) | with / without: wall (user) | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for g in "$@"; do
  for size in $sizes; do
    f=$out/$size.txt
    rm -f "$out"/t.*
    for r in $(seq "$runs"); do
      for q in 0 1; do
        /usr/bin/time -a -o "$out/t.$q" -f "%e %U %M" "$g" -s bench/annot-query.lua \
          -a queries=$q --stats -f jsonl -o /dev/null "$f" 2> "$out/stats.$q"
      done
    done
    n=$(sed -n 's/.*; \([0-9]*\) annotations;.*/\1/p' "$out/stats.1")
    w0=$(cut -d' ' -f1 "$out/t.0" | median) u0=$(cut -d' ' -f2 "$out/t.0" | median)
    w1=$(cut -d' ' -f1 "$out/t.1" | median) u1=$(cut -d' ' -f2 "$out/t.1" | median)
    rss=$(cut -d' ' -f3 "$out"/t.* | sort -n | tail -1)
    awk -v g="$g" -v b="$(stat -c %s "$f")" -v n="$n" -v w0="$w0" -v u0="$u0" \
      -v w1="$w1" -v u1="$u1" -v rss="$rss" 'BEGIN {
      printf "| %s | %.1f | %d | %.2f (%.2f) | %.2f (%.2f) | %.2f (%.2f) | %d |\n",
        g, b / 1e6, n, w0, u0, w1, u1, w1 / w0, u1 / u0, rss / 1024 }'
  done
done
