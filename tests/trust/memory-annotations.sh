# Item 9: the annotations a script makes are C memory counted against
# --max-memory (was: unbounded; only the Lua state's memory counted).
$GLOSSA --max-memory 16 -e 'for i = 1, 1e8 do doc:span(1, 1):annotate{label = "x", note = "n"} end' samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
$GLOSSA --max-memory 16 -e 'local sp = doc:span(1, 1); for i = 1, 1e4 do sp:annotate{label = "x"} end' samples/trump-putin-call.txt | wc -l
