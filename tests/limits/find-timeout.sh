# doc:find under --timeout (issue 11, item 8): its Lua pattern runs in C,
# where no hook fires, and ("a*"):rep(20).."b" on a line of 40 a's takes
# hours; the matcher (core/luapat.c) polls the deadline, and so does the
# loop over matches of doc:find(""). The next document still runs.
cd "$TMP" || exit 2
awk 'BEGIN { for (i = 0; i < 100; i++) print "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }' >aaa.txt
echo 'aab' >small.txt
$GLOSSA -j1 -q --timeout 1 -e 'doc:span(1, 4):annotate{label = "find", note = tostring(#doc:find(("a*"):rep(20) .. "b"))}' aaa.txt small.txt
echo "exit $?"
