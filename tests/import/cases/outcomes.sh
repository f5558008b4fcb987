# The four outcomes of re-anchoring on a revised text, and what each format
# says of them: exact (the text is where it was), moved (found elsewhere),
# fuzzy (found changed, with its score), orphan (not found: reported,
# counted, kept in jsonl with no offsets, left out of the others).
cd $TMP
printf 'The council met on Monday.\n\nIt would appear there is some deal-making in the works.\n\nThe mayor spoke for ninety minutes about the new bridge.\n\nNobody asked about the budget.\n' > v1.txt
printf 'A new first line.\n\nThe council met on Monday.\n\nIt would appear there is some deal making in the works!\n\nNobody asked about the budget.\n' > v2.txt
cat > mark.lua <<'LUA'
for _, w in ipairs{"council", "deal%-making", "ninety minutes", "budget"} do
  doc:find(w):annotate{label = "term", note = w, attrs = {n = #w}}
end
for s in doc:sentences() do s:annotate{label = "sentence"} end
LUA
$GLOSSA -j1 -s mark.lua -f jsonl v1.txt > v1.jsonl
$GLOSSA -j1 -s mark.lua -f json v1.txt > v1.json
# v1 onto itself: all exact
$GLOSSA -j1 -f jsonl --annotations v1.jsonl v1.txt --stats 2>&1 >/dev/null | grep 'read in'
for f in v1.jsonl v1.json; do
  echo "== $f onto v2"
  $GLOSSA reanchor -j1 -f jsonl --annotations $f v2.txt --stats > v2.jsonl 2> err; echo "exit $?"
  grep -v -e "^  " -e "documents ok" err | sed "s|$TMP|TMP|g"
  python3 -c '
import json, sys
for l in open("v2.jsonl"):
    a = json.loads(l)
    print(a["label"], a["anchor"], a["anchor_score"], a["start"], a["end"], json.dumps(a["exact"]), a.get("source_id", a["id"])[-3:])'
done
echo "== W3C back: ids kept, orphans left out"
$GLOSSA reanchor -j1 --annotations v1.json v2.txt 2>/dev/null | grep -c '"type": "Annotation"'
$GLOSSA reanchor -j1 --annotations v1.json v2.txt 2>/dev/null | grep '"id": "file' | sed 's|.*/v1.txt|v1.txt|'
