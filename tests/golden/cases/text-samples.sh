# The demo line of issue 2, for all three samples, in the default format.
$GLOSSA -s scripts/deal-making.lua samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
