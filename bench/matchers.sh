#!/usr/bin/env bash
# Dictionary build time and lookup throughput (issue 3), beside ripgrep on
# the same text. Builds what it needs:
#   - the gazetteer and corpus of ../shared/bench (make-gazetteer.sh,
#     make-corpus.sh; npm and apt-get download), in /tmp;
#   - bench/dict-bench.c and a Release glossa (build-release/).
# Prints a Markdown table; bench/README.md keeps the figures it printed.
#
#   bash bench/matchers.sh            (RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${GLOSSA_SHARED:-../shared}
gaz=${GLOSSA_GAZETTEER:-/tmp/glossa-gazetteer}
corpus=${GLOSSA_CORPUS:-/tmp/glossa-corpus}
runs=${RUNS:-3}
text=/tmp/glossa-bench-txt.txt

[ -s "$gaz/names.txt" ] || bash "$shared/bench/make-gazetteer.sh" "$gaz" >&2
[ -s "$corpus/txt.list" ] || bash "$shared/bench/make-corpus.sh" >&2
if [ ! -s "$text" ]; then # the txt corpus as one file
  (cd "$corpus" && xargs cat < txt.list) > "$text"
fi
command -v rg >/dev/null || { echo "needs ripgrep: apt-get install ripgrep" >&2; exit 2; }

cc -std=gnu17 -O2 -Icore -o /tmp/dict-bench bench/dict-bench.c \
  core/dict.c core/bigmem.c core/casefold.c core/utf8.c core/buf.c
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$(nproc)" >/dev/null

mb=$(awk -v b="$(stat -c %s "$text")" 'BEGIN { printf "%.1f", b / 1e6 }')
best() { # best wall time of $runs runs of "$@", in seconds
  local b="" s e t
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}
rss() { # peak RSS of one run of "$@", in MiB
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}

echo "text: $text ($mb MB, the txt corpus), $(wc -l < "$gaz/names.txt") names, $runs runs, $(nproc) cores"
echo
echo "| what | build s | memory | scan MB/s | total s | hits |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
dictrow() { # LABEL ARGS...
  local label=$1; shift
  /tmp/dict-bench -r "$runs" "$@" "$text" | awk -v l="$label" '
    /^build:/ { match($0, /= [0-9.]+ s/); b = substr($0, RSTART + 2, RLENGTH - 4)
                match($0, /peak RSS [0-9.]+/); m = substr($0, RSTART + 9, RLENGTH - 9) }
    /^scan:/  { match($0, /[0-9]+ hits/); h = substr($0, RSTART, RLENGTH - 5)
                match($0, /[0-9.]+ MB\/s/); s = substr($0, RSTART, RLENGTH - 5) }
    END { printf "| %s | %s | %s MiB | %s | | %s |\n", l, b, m, s, h }'
}
dictrow "dict_scan, 158k names, whole words" -w "$gaz/names.txt"
dictrow "dict_scan, 158k names, whole words, nocase" -w -i "$gaz/names.txt"
dictrow "dict_scan, 1M generated names, whole words" -w -g 1000000
t=$(best ./build-release/glossa -t text --max-size 1G -a dict="$gaz/names.txt" -s bench/lookup.lua -f jsonl "$text")
echo "| glossa -s bench/lookup.lua (load, build, lookup, jsonl out) | | $(rss ./build-release/glossa -t text --max-size 1G -a dict="$gaz/names.txt" -s bench/lookup.lua -f jsonl "$text") MiB | $(awk -v m="$mb" -v t="$t" 'BEGIN { printf "%.0f", m / t }') | $t | $(./build-release/glossa -t text --max-size 1G -a dict="$gaz/names.txt" -s bench/lookup.lua -f jsonl "$text" | wc -l) |"
t=$(best rg -j1 -F -c -f "$gaz/names.txt" "$text")
echo "| rg -j1 -F -c -f names.txt (substrings, not words) | | $(rss rg -j1 -F -c -f "$gaz/names.txt" "$text") MiB | $(awk -v m="$mb" -v t="$t" 'BEGIN { printf "%.0f", m / t }') | $t | $(rg -j1 -F -o -f "$gaz/names.txt" "$text" | wc -l) |"
