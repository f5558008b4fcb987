# A sandboxed script calling or indexing what the sandbox removed (dofile,
# debug, package, os.execute, io.popen, io.write, ...) gets Lua's message and
# a hint: not available to sandboxed scripts, and what to do (--trusted).
# require is there, for the user's own files: a module that is not one says
# where it was looked for (tests/golden/cases/require.sh).
# A field of the same name in a table of the script's is hinted at as
# "if this is io.write"; --trusted scripts get Lua's message alone.
S=samples/trump-putin-call.txt
$GLOSSA -e 'return function(doc) local json = require("json") end' $S
echo "exit $?"
for code in 'dofile("x.lua")' 'loadfile("x.lua")' 'debug.traceback()' 'package.path = "x"' \
            'os.execute("ls")' 'io.popen("ls")' 'os.getenv("HOME")' 'io.write("x")' \
            'io.stdout:write("x")' 'io.read("l")' 'os.exit(1)' 'local f = ("x"):dump()' \
            'local t = {} t.write("x")' 'local t = {} t.nothing("x")' 'nothing("x")'; do
  $GLOSSA -e "$code" $S 2>&1 | head -1
done
$GLOSSA --trusted -e 'local t = {} t.write("x")' $S 2>&1 | head -1
