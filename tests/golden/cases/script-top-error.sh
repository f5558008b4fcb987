# A script whose top level fails without reading doc would fail the same way
# on every document: the error is reported once and the run stops (exit 2),
# nothing annotated, with one worker or two. A top level that fails after
# reading doc fails that document only, and the run goes on (exit 1).
cat >"$TMP/top.lua" <<'LUA'
local d = glossa.dict("no-such-dictionary.txt")
return function(doc) doc:lookup(d):annotate{label = "x"} end
LUA
for i in 1 2 3 4 5 6 7 8; do cp samples/trump-putin-call.txt "$TMP/page$i.txt"; done
echo "-- -j1"
$GLOSSA -s "$TMP/top.lua" "$TMP"/page*.txt 2>&1 | sed "s|$TMP|TMP|g"
$GLOSSA -s "$TMP/top.lua" "$TMP"/page*.txt >/dev/null 2>&1; echo "exit $?"
echo "-- -j2"
$GLOSSA -j2 -s "$TMP/top.lua" "$TMP"/page*.txt 2>&1 | sed "s|$TMP|TMP|g"
$GLOSSA -j2 -s "$TMP/top.lua" "$TMP"/page*.txt >/dev/null 2>&1; echo "exit $?"
echo "-- what the top level returns, not reading doc"
$GLOSSA -e 'return 42' "$TMP"/page1.txt "$TMP"/page2.txt 2>&1 | sed "s|$TMP|TMP|g"
echo "-- a one-liner that reads doc: per document"
$GLOSSA -j1 -e 'if doc.path:find("page1") then error("only page1") end print(doc.path:match("page%d"))' "$TMP"/page1.txt "$TMP"/page2.txt 2>"$TMP/err"; echo "exit $?"
sed "s|$TMP|TMP|g" "$TMP/err"
echo "-- -o FILE is left as it was"
echo before >"$TMP/out.txt"
$GLOSSA -s "$TMP/top.lua" -o "$TMP/out.txt" "$TMP"/page1.txt 2>/dev/null; echo "exit $?"
cat "$TMP/out.txt"
