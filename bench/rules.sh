#!/usr/bin/env bash
# Rules at scale (issue 14): bench/rules.lua with COUNTS rules (default
# "10 1000 10000") over the txt corpus (GLOSSA_CORPUS, default
# /tmp/glossa-corpus: its txt.list concatenated), beside the dictionary
# lookup alone of the same phrases (-a mode=dict). The words are the
# corpus's most frequent word pairs and words (awk, ASCII letters, lower
# case; ties by the words), written as a Lua module that rules.lua
# requires. RUNS runs of each command (default 3), interleaved; median wall
# and user CPU seconds, MB/s of wall time, peak RSS of the runs. Prints
# Markdown rows; bench/README.md keeps them.
#
#   RUNS=3 bash bench/rules.sh build-rel/glossa
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${GLOSSA_CORPUS:-/tmp/glossa-corpus}
out=${GLOSSA_BENCH_OUT:-/tmp/glossa-bench/rules}
runs=${RUNS:-3}
counts=${COUNTS:-10 1000 10000}
g=${1:-build-rel/glossa}
mkdir -p "$out"
[ -s "$out/all.txt" ] || (cd "$corpus" && xargs cat < txt.list) > "$out/all.txt"
if ! [ -s "$out/benchwords.lua" ]; then
  LC_ALL=C awk '{
      n = split(tolower($0), w, /[^a-z]+/); prev = ""
      for (i = 1; i <= n; i++)
        if (w[i] == "") prev = ""
        else { if (prev != "") b[prev " " w[i]]++; c[w[i]]++; prev = w[i] }
    }
    END { for (k in b) print b[k] "\tb\t" k; for (k in c) print c[k] "\tw\t" k }' "$out/all.txt" |
    LC_ALL=C sort -t "$(printf '\t')" -k1,1nr -k3,3 > "$out/counts.tsv"
  {
    echo "return {bigrams = {"
    awk -F '\t' '$2 == "b" { split($3, p, " "); printf "{\"%s\", \"%s\"},\n", p[1], p[2]; if (++n == 5000) exit }' "$out/counts.tsv"
    echo "}, words = {"
    awk -F '\t' '$2 == "w" { printf "\"%s\",\n", $3; if (++n == 5000) exit }' "$out/counts.tsv"
    echo "}}"
  } > "$out/benchwords.lua"
fi
f=$out/all.txt
mb=$(stat -c %s "$f" | awk '{printf "%.1f", $1 / 1e6}')
echo "| N | matcher | hits | wall s (user) | MB/s | peak RSS MiB |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for n in $counts; do
  rm -f "$out"/t.*
  for r in $(seq "$runs"); do
    for mode in rules dict; do
      /usr/bin/time -a -o "$out/t.$mode" -f "%e %U %M" "$g" --lib "$out" -s bench/rules.lua \
        -a n="$n" -a mode=$mode --stats -f jsonl -o /dev/null "$f" 2> "$out/stats.$mode"
    done
  done
  for mode in rules dict; do
    hits=$(awk '$2 == "hit" {print $1}' "$out/stats.$mode")
    w=$(cut -d' ' -f1 "$out/t.$mode" | median) u=$(cut -d' ' -f2 "$out/t.$mode" | median)
    rss=$(cut -d' ' -f3 "$out/t.$mode" | sort -n | tail -1)
    awk -v n="$n" -v m="$mode" -v h="${hits:-?}" -v w="$w" -v u="$u" -v mb="$mb" -v rss="$rss" 'BEGIN {
      printf "| %d | %s | %s | %.2f (%.2f) | %.1f | %d |\n", n, m == "dict" ? "dictionary" : "rules", h, w, u, mb / w, rss / 1024 }'
  done
done
