# Text in script, style and noscript is in the view (offsets stay those of
# the browser) but matchers skip it.
$GLOSSA -e 'doc:find("var%s*%a"):annotate{label = "v"}' tests/golden/data/masked.html
echo "exit $?"
$GLOSSA dump tests/golden/data/masked.html
