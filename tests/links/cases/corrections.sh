# Corrections: a later script removes and changes what an earlier one made;
# queries, a filter function, rules and every writer leave the removed out,
# --explain lists them and says who changed what, --stats counts the live.
S="-s tests/links/earlier.lua -s tests/links/corrections.lua"
D=samples/trump-putin-call.txt
$GLOSSA -j1 --explain $S $D
echo "exit $?"
echo "== without --explain: no removed ones"
$GLOSSA -j1 $S $D 2>/dev/null | grep -c .
echo "== jsonl"
$GLOSSA -j1 -f jsonl $S $D 2>/dev/null | sed 's/,"start".*//'
echo "== json: items and total"
$GLOSSA -j1 -f json $S $D 2>/dev/null | grep -c '"type": *"Annotation"'
$GLOSSA -j1 -f json $S $D 2>/dev/null | grep '"total"'
echo "== brat"
$GLOSSA -j1 -f brat -o $TMP/brat/ $S $D 2>/dev/null
cat $TMP/brat/trump-putin-call.txt.ann
echo "== html and inline: how many"
$GLOSSA -j1 -f html $S $D 2>/dev/null | grep -o '<small id="g-count">[^<]*'
$GLOSSA -j1 -f inline $S $D 2>/dev/null | grep -o '<mark ' | wc -l
echo "== stats"
$GLOSSA -j1 -q --stats -o $TMP/out.txt $S $D 2>&1 | grep -E '^glossa: |^  +[0-9]' | sed 's/; [0-9.]* MB in [0-9.]* s$//'
