# --records: JSON Lines records are documents named by their id; a bad
# record is reported with its line and skipped; - reads standard input.
# (the exit status is glossa's: its output goes to a file, then to cut)
$GLOSSA -j2 --records tests/golden/data/records.jsonl -s scripts/deal-making.lua \
  -e 'doc:find("Putin"):annotate{label = "person"}' -f jsonl --offsets utf16 >$TMP/out.jsonl
echo "exit $?"
cut -d, -f1,3,6,7 $TMP/out.jsonl
$GLOSSA --records - -s scripts/deal-making.lua < tests/golden/data/records.jsonl
echo "exit $?"
$GLOSSA --records tests/golden/data/no-such.jsonl
echo "exit $?"
