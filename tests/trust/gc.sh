# Item 7: finalizers. The collector runs __gc with hooks off, so a sandboxed
# script may not set one (was: a looping finalizer ignored --timeout and
# --max-instructions, also from an error object after its document had
# failed); a trusted script's finalizer runs in a thread of its own, with
# the limits on.
$GLOSSA --timeout 1 -e 'setmetatable({}, {__gc = function() while true do end end}); collectgarbage()' samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --timeout 1 -e 'error(setmetatable({}, {__gc = function() while true do end end}))' samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --trusted --timeout 1 -e 'setmetatable({}, {__gc = function() while true do end end}); collectgarbage(); print("not reached")' samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --trusted --max-instructions 100000 -e 'error(setmetatable({}, {__gc = function() while true do end end, __tostring = function() return "an error object" end}))' samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
$GLOSSA --trusted -e 'local n = 0; setmetatable({}, {__gc = function() n = n + 1 end}); collectgarbage(); print("finalizers ran:", n)' samples/trump-putin-call.txt
echo "exit $?"
