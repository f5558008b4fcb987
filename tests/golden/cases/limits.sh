# Limits that pcall cannot swallow: the document fails with the limit's name,
# the next document still runs (in a fresh Lua state after --max-memory).
$GLOSSA -j1 --timeout 0.3 -e 'if doc.type == "html" then while true do pcall(function() while true do end end) end end; doc:span(1, 4):annotate{label = "ok"}' samples/trump-putin-call.html samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA -j1 --max-instructions 100000 -e 'if doc.type == "html" then while true do pcall(error) end end; doc:span(1, 4):annotate{label = "ok"}' samples/trump-putin-call.html samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA -j1 --max-memory 16 -e 'if doc.type == "html" then local t = {} for i = 1, 1e8 do t[i] = ("x"):rep(100) .. i end end; doc:span(1, 4):annotate{label = "ok"}' samples/trump-putin-call.html samples/trump-putin-call.txt
echo "exit $?"
