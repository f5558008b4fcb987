# glossa.count sums across workers: finish sees the same totals for any -j.
cat > $TMP/count.lua <<'LUA'
return {
  document = function(doc)
    glossa.count("documents")
    glossa.count("words", #doc:tokens())
    for n in doc:lookup(glossa.dict{"Putin", "Trump"}) do glossa.count(n.text) end
  end,
  finish = function()
    local c = glossa.counts()
    local keys = {}
    for k in pairs(c) do keys[#keys + 1] = k end
    table.sort(keys)
    for _, k in ipairs(keys) do io.stderr:write(k, " ", c[k], "\n") end
  end,
}
LUA
for j in 1 2 4; do
  echo "-j$j"
  $GLOSSA -j$j -q -s $TMP/count.lua samples/ tests/html/cases/ 2>&1
  echo "exit $?"
done
# finish runs whichever worker took the documents: 30 runs of -j3 over three
# documents each print their totals (when the first worker started last and
# found none left, finish used to be skipped without a word)
S=samples/trump-putin-call.txt
for i in $(seq 30); do
  $GLOSSA -j3 -q -s $TMP/count.lua $S $S $S 2>>$TMP/finish || echo "exit $?"
done
sort $TMP/finish | uniq -c
