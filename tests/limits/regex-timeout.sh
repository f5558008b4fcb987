# PCRE2 under --timeout and its own limits (issue 11, item 8). A pattern
# that backtracks exponentially stops at the match limit at once, with a
# message naming the pattern and the limit; one that stays under the limit
# but is slow on each of 3000 paragraphs stops at the deadline (the scan
# polls between paragraphs and matches). The next document still runs.
cd "$TMP" || exit 2
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "aaaaaaaaaaaaaaaaaaaaab\n\n" }' >slow.txt
awk 'BEGIN { for (i = 0; i < 10; i++) printf "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n\n" }' >bad.txt
echo 'aaab' >small.txt
$GLOSSA -j1 -q -e 'doc:span(1, 4):annotate{label = "match", note = tostring(#doc:match("^(a|a)*$"))}' bad.txt small.txt
echo "exit $?"
$GLOSSA -j1 -q --timeout 1 -e 'doc:span(1, 4):annotate{label = "match", note = tostring(#doc:match("^(a|a)*$"))}' slow.txt small.txt
echo "exit $?"
$GLOSSA -j1 -q --timeout 1 -e 'local re = glossa.regex("^(a|a)*$"); for s in doc:blocks() do s:match(re) end; doc:span(1, 4):annotate{label = "span:match"}' slow.txt small.txt
echo "exit $?"
