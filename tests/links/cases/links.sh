# Links: every way a link finds its target (tests/links/links.lua), as
# -f jsonl writes them ("links" after "attrs", only where there are live
# ones) and -f text --explain; what a.links gives back is on stderr.
$GLOSSA -j1 -f jsonl -s tests/links/links.lua samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA -j1 --explain -s tests/links/links.lua samples/trump-putin-call.txt 2>/dev/null
echo "exit $?"
