# Item 6: a limit tripped inside a coroutine holds for every thread: the
# main thread's pcall cannot catch it forever (was: only the coroutine got
# the every-instruction hook; the loop below ran until killed).
$GLOSSA --max-instructions 1000000 -e '
  print(pcall(coroutine.wrap(function() while true do end end)))
  print("not reached")
  while true do pcall(function() while true do end end) end' samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --timeout 1 -e '
  print(pcall(coroutine.wrap(function() while true do end end)))
  while true do pcall(function() while true do end end) end' samples/trump-putin-call.txt
echo "exit $?"
# the next document starts afresh: its own count, no tripped hook left over
$GLOSSA -j1 --max-instructions 1000000 -e '
  if doc.type == "text" then
    while true do pcall(coroutine.wrap(function() while true do end end)) end
  else
    for i = 1, 300000 do end
    doc:span(1, 2):annotate{label = "second-ran"}
  end' samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
