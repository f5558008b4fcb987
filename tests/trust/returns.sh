# Item 3: a script's returned table is read with rawget, never through its
# metamethods; whatever the script does there, the run gets a message and
# goes on, and -o leaves no temporary file (was: Lua panic, abort, exit 134,
# no message, the -o temp file left behind).
$GLOSSA -s tests/trust/data/returns-index-error.lua -o "$TMP/out.txt" samples/trump-putin-call.txt
echo "exit $?"
ls "$TMP"
$GLOSSA --max-instructions 100000 -s tests/trust/data/returns-index-loop.lua samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
$GLOSSA -s tests/trust/data/returns-bad.lua samples/trump-putin-call.txt
echo "exit $?"
# too little memory to open the libraries: a message, exit 2
$GLOSSA --max-memory 1 -e 'local t = {} for i = 1, 1e6 do t[i] = i end' samples/trump-putin-call.txt
echo "exit $?"
