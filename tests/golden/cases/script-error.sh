# A script that fails on one document: message with file:line, traceback and
# the document's name; the other documents are still annotated; exit 1.
$GLOSSA -s tests/golden/data/fails-on-html.lua samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
