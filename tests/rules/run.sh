#!/bin/sh
# The randomized comparison of the C rule matcher with the reference
# matcher (tests/rules/random.lua, reference.lua): random texts of a small
# vocabulary (words.awk) and the three samples, each with its own random
# rules; the counts of cases and matches compared (the script prints them,
# on stderr as scripts do) must equal tests/rules/expected.out (so a run that compares nothing, or
# less, fails too). With GLOSSA_CORPUS set to the benchmark corpus
# (../shared/bench/make-corpus.sh), a few of its texts are checked as well
# (not compared with the expected file: the corpus is not in the repository).
#
#   tests/rules/run.sh GLOSSA            UPDATE=1 to rewrite expected.out
set -u
glossa=$1
case $glossa in /*) ;; *) glossa=$(pwd)/$glossa ;; esac
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glossa-rules.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
for s in 1 2 3; do
  awk -v SEED=$s -v BLOCKS=30 -f tests/rules/words.awk >"$tmp/words$s.txt"
done
failed=0
"$glossa" -j1 -s tests/rules/random.lua -a cases=300 -o /dev/null \
  "$tmp/words1.txt" "$tmp/words2.txt" "$tmp/words3.txt" 2>"$tmp/err" || failed=1
S=samples/trump-putin-call
"$glossa" -j1 -s tests/rules/random.lua -a cases=8 -a seed=7 -o /dev/null \
  $S.txt $S.html $S.xml 2>>"$tmp/err" || failed=1
grep '^rules-random: ' "$tmp/err" >"$tmp/out"
if [ "${UPDATE:-}" = 1 ]; then
  cp "$tmp/out" tests/rules/expected.out
elif ! diff -u tests/rules/expected.out "$tmp/out"; then
  failed=1
fi
if [ -n "${GLOSSA_CORPUS:-}" ] && [ -s "$GLOSSA_CORPUS/txt.list" ]; then
  # every 150th text of the list under 40 kB (the reference is slow on big texts)
  files=$(awk 'NR % 150 == 1' "$GLOSSA_CORPUS/txt.list" | sed "s|^|$GLOSSA_CORPUS/|" |
    while read -r f; do [ "$(wc -c <"$f")" -lt 40000 ] && echo "$f"; done)
  # shellcheck disable=SC2086
  "$glossa" -j2 -s tests/rules/random.lua -a cases=10 -a seed=11 -o /dev/null $files 2>"$tmp/corpus" ||
    failed=1
  grep '^rules-random: ' "$tmp/corpus" | awk '{n++; c += $3; m += $5} END {
    printf "tests/rules: %d corpus texts, %d cases, %d matches\n", n, c, m }'
  cat "$tmp/corpus" >>"$tmp/err"
fi
[ "$failed" = 0 ] || { sed 's/^/  stderr: /' "$tmp/err" >&2; echo "tests/rules: FAILED" >&2; exit 1; }
echo "tests/rules: the C matcher and the reference agree"
