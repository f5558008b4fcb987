# Item 2: nested coroutine.close (and wrap's closing of a failed coroutine)
# is bounded: an error at depth 100, the run goes on (was: SIGSEGV, exit 139,
# every document lost). Sandboxed and trusted.
$GLOSSA -s tests/trust/data/close-nest.lua samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --trusted -s tests/trust/data/close-nest.lua samples/trump-putin-call.txt
echo "exit $?"
