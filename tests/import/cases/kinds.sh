# Each kind of file glossa writes is read back in (--annotations) onto the
# document it was made on, with no script: the same annotations, every field
# equal (labels, offsets, quotes, notes, attrs, links), all anchored exact.
S="-s scripts/people.lua -s scripts/quotes.lua -s scripts/titles.lua -s scripts/call-length.lua -s scripts/deal-making.lua"
for f in samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml; do
  n=$(basename $f)
  $GLOSSA -j1 -f jsonl $S $f > $TMP/old.jsonl
  $GLOSSA -j1 -f jsonl --annotations $TMP/old.jsonl $f > $TMP/back.jsonl; echo "jsonl exit $?"
  python3 tests/import/compare.py $TMP/old.jsonl $TMP/back.jsonl "$n jsonl"
  $GLOSSA -j1 -f json $S $f > $TMP/old.json
  $GLOSSA -j1 -f jsonl --annotations $TMP/old.json $f > $TMP/back.jsonl; echo "json exit $?"
  python3 tests/import/compare.py $TMP/old.jsonl $TMP/back.jsonl "$n W3C json"
  $GLOSSA -j1 -f spans $S $f > $TMP/old.spans
  $GLOSSA -j1 -f jsonl --annotations $TMP/old.spans $f > $TMP/back.jsonl; echo "spans exit $?"
  python3 tests/import/compare.py $TMP/old.jsonl $TMP/back.jsonl "$n spans"
done
# brat: its .txt is the text view; read back onto the text file
f=samples/trump-putin-call.txt
$GLOSSA -j1 -f jsonl $S $f > $TMP/old.jsonl
$GLOSSA -j1 -f brat -o $TMP/brat/ $S $f
$GLOSSA -j1 -f jsonl --annotations $TMP/brat/trump-putin-call.txt.ann $f > $TMP/back.jsonl; echo "brat exit $?"
python3 tests/import/compare.py $TMP/old.jsonl $TMP/back.jsonl "trump-putin-call.txt brat"
# glossa ids keep their numbers; the others are kept as source_id
$GLOSSA -j1 -f jsonl --annotations $TMP/old.jsonl $f | head -2 | sed 's/,"start".*"matcher"/ … "matcher"/'
$GLOSSA -j1 -f jsonl --annotations $TMP/brat/trump-putin-call.txt.ann $f | head -2 | sed 's/,"start".*"matcher"/ … "matcher"/'
