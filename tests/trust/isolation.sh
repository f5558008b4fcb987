# Item 11: every script has its own globals; the libraries are read-only
# views; the shared metatables are hidden (was: script A could replace
# string.upper or wrap glossa.count for script B).
$GLOSSA -a mode=cli -s tests/trust/data/iso-a.lua -s tests/trust/data/iso-b.lua samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --trusted -a mode=cli -s tests/trust/data/iso-a.lua -s tests/trust/data/iso-b.lua samples/trump-putin-call.txt
echo "exit $?"
