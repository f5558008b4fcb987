-- trusted.lua: with --trusted the whole standard library is there.
--
--   build/glossa --trusted -s tests/lua/trusted.lua samples/trump-putin-call.txt

local N = 0
local function check(cond, what)
  N = N + 1
  if not cond then error("FAILED: " .. what, 2) end
end
for _, name in ipairs{"os.getenv", "io.popen", "os.execute", "os.remove", "io.write",
                      "string.dump", "debug", "package", "require", "dofile", "loadfile"} do
  local t, k = name:match("^(%a+)%.(%a+)$")
  local v
  if t then v = _ENV[t][k] else v = _ENV[name] end
  check(v ~= nil, name .. " is available")
end
check(type(os.getenv("PATH")) == "string", "os.getenv('PATH') answers")
local p = assert(io.popen("echo trusted"))
check(p:read("l") == "trusted", "io.popen runs a program")
p:close()
-- binary chunks load when trusted
local f = load(string.dump(function() return 7 end), "=dumped", "b")
check(f and f() == 7, "load of a dumped function")
check(collectgarbage("count") > 0, "collectgarbage('count')")
return function(doc)
  N = N + 1
  doc:find("It would appear"):first():annotate{label = "trusted-tests", note = N .. " checks passed"}
end
