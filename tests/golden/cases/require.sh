# require in the sandbox: the user's own Lua files, NAME.lua (dots for
# directories) next to the requiring file, then in each --lib DIR in order;
# loaded once per worker, as text, each in an environment of its own; lpeg
# and re come through it too. Failures: a missing module (the paths tried),
# a syntax error (FILE:LINE), bytecode, a name that is no module's, a loop.
S=$PWD/samples/trump-putin-call.txt
cd "$TMP" && mkdir -p s/my lib1/my lib2
cat >s/util.lua <<'LUA'
print("loading util", ...)
helper_global = 1
return {twice = function(x) return x .. x end}
LUA
cat >s/my/names.lua <<'LUA'
return {first = require("util").twice("na"), lib = require("fromlib")}
LUA
echo 'return "lib1"' >lib1/fromlib.lua
echo 'return "lib2"' >lib2/fromlib.lua
echo 'return "only in lib2"' >lib2/second.lua
echo 'local x = = 1' >s/bad.lua
echo 'return require("loop_b")' >s/loop_a.lua
echo 'return require("loop_a")' >s/loop_b.lua
cat >s/main.lua <<'LUA'
local util = require "util"
local names = require "my.names"
print(util.twice("ab"), names.first, names.lib, require "second")
print("cached:", require("util") == util, "module globals stay its own:", helper_global)
print("lpeg:", require("lpeg") == lpeg, require("re") == re)
for _, m in ipairs{"nope", "bad", "bc", "../etc/passwd", "loop_a"} do
  local ok, err = pcall(require, m)
  print(m, ok, err)
end
LUA
$GLOSSA --trusted -e 'local f = io.open("s/bc.lua", "wb") f:write(string.dump(function() return 1 end)) f:close()' "$S"
$GLOSSA --lib lib1 --lib lib2 -s s/main.lua -s s/main.lua "$S"
echo "exit $?"
# -e code looks in the current directory; --trusted keeps Lua's require,
# with the --lib directories first in package.path
(cd s && $GLOSSA -e 'print(require("util").twice("x"))' "$S")
$GLOSSA --trusted --lib lib2 -e 'print(require("fromlib"), require("lpeg") == package.loaded.lpeg)' "$S"
