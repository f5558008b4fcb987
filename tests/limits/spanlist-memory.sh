# SpanLists count against --max-memory (issue 11, item 9): 60 lists of
# every empty match of a 1 MB text (a million spans each) once reached
# 1.4 GB; now the document fails with the limit, and the next one runs.
cd "$TMP" || exit 2
awk 'BEGIN { for (i = 0; i < 16000; i++) print "word word word word word word word word word word word word" }' >mb.txt
echo 'small' >small.txt
$GLOSSA -j1 -q --max-memory 16 -e 'local t = {}; for i = 1, 60 do t[i] = doc:find("") end; doc:span(1, 4):annotate{label = "find", note = tostring(#t[1])}' mb.txt small.txt
echo "exit $?"
$GLOSSA -j1 -q --max-memory 16 -e 'local t = {}; for i = 1, 60 do t[i] = doc:match("(?=)") end; doc:span(1, 4):annotate{label = "match", note = tostring(#t[1])}' mb.txt small.txt
echo "exit $?"
$GLOSSA -j1 -q --max-memory 16 -e 'local t = {}; for i = 1, 60 do t[i] = doc:tokens() end; doc:span(1, 4):annotate{label = "tokens", note = tostring(#t[1])}' mb.txt small.txt
echo "exit $?"
# garbage lists are collected at the pace of their memory: 60 lists one
# after the other (25 MB each, and as much garbage while each grows) fit
# under a limit that holds a few of them
$GLOSSA -j1 -q --max-memory 128 -e 'for i = 1, 60 do local l = doc:find("") end; doc:span(1, 4):annotate{label = "one at a time"}' mb.txt
echo "exit $?"
