# Usage errors exit 2 and say what to do.
$GLOSSA -f yaml samples/trump-putin-call.txt; echo "exit $?"
$GLOSSA -t pdf samples/trump-putin-call.txt; echo "exit $?"
$GLOSSA -a novalue samples/trump-putin-call.txt; echo "exit $?"
$GLOSSA --no-such-option samples/trump-putin-call.txt; echo "exit $?"
$GLOSSA -s tests/golden/data/no-such-script.lua samples/trump-putin-call.txt
