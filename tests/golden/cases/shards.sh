# A run split into shards with GNU parallel (here 4 files a shard, 2 at a
# time, -k keeping their order) concatenates to the single run's output.
# Without GNU parallel the case is skipped, and says so (run.sh: exit 77).
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  echo "SKIP: GNU parallel is not installed (Debian: apt-get install parallel)"
  exit 77
fi
ls samples/* tests/html/cases/*.html > $TMP/list
$GLOSSA -j1 -q -s scripts/entities.lua -f jsonl --files-from $TMP/list > $TMP/whole.jsonl
echo "exit $?"
parallel --will-cite -k -j2 -n 4 $GLOSSA -j1 -q -s scripts/entities.lua -f jsonl :::: $TMP/list > $TMP/shards.jsonl
echo "parallel exit $? (the number of shards whose glossa failed)"
if cmp $TMP/whole.jsonl $TMP/shards.jsonl; then echo "shards concatenate to the whole run: $(wc -l < $TMP/whole.jsonl) lines"; fi
