# A script that does not compile: FILE:LINE: message before any document, exit 2.
$GLOSSA -s tests/golden/data/syntax-error.lua samples/trump-putin-call.txt
