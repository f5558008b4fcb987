# A dictionary scan under --timeout (issue 11, item 8): keys a, aa, ...,
# a^2000 over 2 MB of "aaa…" take some 4e9 steps in one paragraph; the scan
# polls the deadline as it goes and the document fails with the limit's
# name. The next document still runs.
cd "$TMP" || exit 2
awk 'BEGIN { s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; for (i = 0; i < 31250; i++) printf "%s", s; print "" }' >aaa.txt
echo 'a aa aaa' >small.txt
$GLOSSA -j1 -q --timeout 1 -e 'local t = {}; for i = 1, 2000 do t[i] = ("a"):rep(i) end; doc:span(1, 4):annotate{label = "lookup", note = tostring(#doc:lookup(glossa.dict(t)))}' aaa.txt small.txt
echo "exit $?"
