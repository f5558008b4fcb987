# A malformed XML file: FILE:LINE: message, exit 1, the other files done.
$GLOSSA -s scripts/deal-making.lua samples/trump-putin-call.txt tests/golden/data/malformed.xml samples/trump-putin-call.xml
