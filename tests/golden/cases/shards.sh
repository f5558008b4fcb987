# A run split into shards with GNU parallel (here 4 files a shard, 2 at a
# time, -k keeping their order) concatenates to the single run's output.
ls samples/* tests/html/cases/*.html > $TMP/list
$GLOSSA -j1 -q -s scripts/entities.lua -f jsonl --files-from $TMP/list > $TMP/whole.jsonl
parallel --will-cite -k -j2 -n 4 $GLOSSA -j1 -q -s scripts/entities.lua -f jsonl :::: $TMP/list > $TMP/shards.jsonl
echo "parallel exit $?"
if cmp $TMP/whole.jsonl $TMP/shards.jsonl; then echo "shards concatenate to the whole run: $(wc -l < $TMP/whole.jsonl) lines"; fi
