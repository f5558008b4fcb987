# A fuzzy match on exactly the place of another annotation read in, of the
# same label, found exact or moved, is an orphan (core/import.c,
# fuzzy_on_another): a deleted item of a list of near-identical ones does not
# land on its neighbour. Of another label, or with nothing there, it stays
# fuzzy.
cd $TMP
printf 'Types\n\n- An unsigned, 8-bit integer type.\n- An unsigned, 16-bit integer type.\n- An unsigned, 64-bit integer type.\n' > v1.txt
printf 'Types\n\n- An unsigned, 16-bit integer type.\n- An unsigned, 64-bit integer type.\n' > v2.txt
printf 'Types\n\n- An unsigned, 16-bit integer type.\n- An unsigned, 32-bit integer type.\n' > v3.txt
cat > items.lua <<'LUA'
for i, w in ipairs{"8", "16", "64"} do
  doc:find("An unsigned, " .. w .. "%-bit integer type%."):annotate{label = LABELS[i]}
end
LUA
show() {
  python3 -c '
import json, sys
for l in open(sys.argv[1]):
    a = json.loads(l)
    print(a["label"], a["anchor"], a["anchor_score"], a["start"], a["end"], json.dumps(a["exact"]), a["id"], a.get("source_id"))' "$1"
}
echo "== the 8-bit item deleted: an orphan, not fuzzy on 16-bit's place"
sed 's/LABELS\[i\]/"item"/' items.lua > same.lua
$GLOSSA -j1 -s same.lua -f jsonl v1.txt > same.jsonl
$GLOSSA -j1 -s same.lua -f json v1.txt > same.json
for f in same.jsonl same.json; do
  $GLOSSA reanchor -j1 -f jsonl --annotations $f v2.txt --stats > out.jsonl 2> err; echo "exit $?"
  grep -v -e "^  " -e "documents ok" err | sed "s|$TMP|TMP|g"
  show out.jsonl | sed "s|file://$TMP|TMP|g"
done
echo "== labels differ: fuzzy on the neighbour's place, as before"
sed 's/LABELS\[i\]/({"a", "b", "c"})[i]/' items.lua > diff.lua
$GLOSSA -j1 -s diff.lua -f jsonl v1.txt > diff.jsonl
$GLOSSA reanchor -j1 -f jsonl --annotations diff.jsonl v2.txt --stats > out.jsonl 2> err; echo "exit $?"
grep 'read in' err
show out.jsonl
echo "== 64-bit became 32-bit too: a3 fuzzy at its own place, a1 an orphan still"
$GLOSSA reanchor -j1 -f jsonl --annotations same.jsonl v3.txt --stats > out.jsonl 2> err; echo "exit $?"
grep -v -e "^  " -e "documents ok" err
show out.jsonl
