# The errors of links and corrections (tests/links/errors.lua prints each
# message on stderr); an Annotation kept from the first document cannot be
# linked to or removed on the second. Nothing is added by a failed call.
$GLOSSA -j1 -s tests/links/errors.lua samples/trump-putin-call.txt samples/trump-putin-call.html
echo "exit $?"
