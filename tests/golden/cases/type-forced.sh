# -t text reads HTML as plain text: spans and lines are those of the source.
$GLOSSA -t text -e 'doc:find("deal%-making"):annotate{label = "x"}' samples/trump-putin-call.html
echo "exit $?"
$GLOSSA -t html -e 'doc:find("deal%-making"):annotate{label = "x"}' samples/trump-putin-call.txt
