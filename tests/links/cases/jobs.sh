# Ids and links are per document: -j2 and -j3 write the same bytes as -j1
# (the seed's quotes and the links and corrections scripts over many
# documents; corrections.lua removes the person most links of links.lua go
# to, and those links are not written).
S="-s scripts/people.lua -s scripts/quotes.lua -s tests/links/links.lua -s tests/links/earlier.lua -s tests/links/corrections.lua"
F="samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml"
for i in 1 2 3 4; do F="$F samples/trump-putin-call.txt"; done
$GLOSSA -j1 -q -f jsonl $S $F > $TMP/j1.jsonl 2>/dev/null
echo "exit $?"
grep -c '"links"' $TMP/j1.jsonl
for j in 2 3; do
  $GLOSSA -j$j -q -f jsonl $S $F > $TMP/j$j.jsonl 2>/dev/null
  cmp $TMP/j1.jsonl $TMP/j$j.jsonl && echo "-j$j: same bytes"
done
