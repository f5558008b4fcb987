# A missing input is reported and the run goes on; exit 1.
$GLOSSA -s scripts/deal-making.lua tests/golden/data/no-such-file.txt samples/trump-putin-call.txt
