# The output is byte-identical whatever -j: documents come out in input order.
$GLOSSA -j1 -q -s scripts/entities.lua -f jsonl samples/ tests/html/cases/ > $TMP/j1.jsonl
echo "exit $?"
for j in 2 3 8; do
  $GLOSSA -j$j -q -s scripts/entities.lua -f jsonl samples/ tests/html/cases/ > $TMP/j$j.jsonl
  echo "-j$j: exit $?"
  if cmp -s $TMP/j1.jsonl $TMP/j$j.jsonl; then echo "-j$j: identical"; else echo "-j$j: DIFFERS"; fi
done
wc -l < $TMP/j1.jsonl
cut -d'"' -f4 $TMP/j1.jsonl | uniq -c
