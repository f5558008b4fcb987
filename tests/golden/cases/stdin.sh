# - reads standard input, sniffed by content; messages call it <stdin>.
$GLOSSA -s scripts/deal-making.lua - < samples/trump-putin-call.html
echo "exit $?"
$GLOSSA -s scripts/deal-making.lua < samples/trump-putin-call.txt
