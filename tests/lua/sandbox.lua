-- sandbox.lua: what a script may and may not reach without --trusted.
--
--   build/glossa -s tests/lua/sandbox.lua samples/trump-putin-call.txt
--
-- Every check must hold; the document then gets a `sandbox-tests`
-- annotation, "N checks passed".

local N = 0
local function check(cond, what)
  N = N + 1
  if not cond then error("FAILED: " .. what, 2) end
end
local function fails(f, needle, what)
  local ok, err = pcall(f)
  check(not ok, what .. ": should raise an error")
  check(tostring(err):find(needle, 1, true) ~= nil,
    what .. ": message " .. tostring(err) .. " lacks '" .. needle .. "'")
end

-- out of reach
for _, name in ipairs{"os.execute", "io.popen", "os.remove", "os.rename", "os.exit",
                      "os.getenv", "os.tmpname", "io.write", "io.read", "io.output",
                      "io.input", "io.tmpfile", "io.stdout", "io.stdin",
                      "string.dump", "debug", "package", "dofile",
                      "loadfile", "lpeg.ptree", "lpeg.pcode"} do
  local t, k = name:match("^(%a+)%.(%a+)$")
  local v
  if t then v = _ENV[t][k] else v = _ENV[name] end
  check(v == nil, name .. " is nil")
end
check(rawget(_G, "debug") == nil and rawget(_G, "package") == nil, "not in _G either")
-- require loads the user's own Lua files only: no C modules, no system paths
fails(function() return require("lfs") end, "module 'lfs' not found", "require 'lfs'")
fails(function() return require("string") end, "module 'string' not found", "require 'string'")
check(require("lpeg") == lpeg and require("re") == re, "require gives lpeg and re")
fails(function() lpeg.setmaxstack(1e6) end, "glossa allows from 1 to", "lpeg.setmaxstack(1e6)")
check(getmetatable(lpeg.P(1)) == false, "the lpeg pattern metatable is hidden")
-- the string metatable is shared by every script: hidden
check(getmetatable("") == false, "getmetatable('') is hidden")
check(("x").dump == nil, "no ('x').dump")
check(("x").upper == string.upper, "string methods are the string library's")
-- the libraries are read-only views, the globals the script's own
fails(function() string.upper = nil end, "string is shared by every script and read-only",
  "string.upper = nil")
fails(function() glossa.count = print end, "glossa is shared by every script and read-only",
  "glossa.count = print")
fails(function() glossa.args.x = 1 end, "glossa.args is shared by every script and read-only",
  "glossa.args.x = 1")
check(_G == _ENV, "_G is the script's environment")
do
  local n = 0
  for k, v in pairs(string) do n = n + 1; check(string[k] == v, "pairs(string) gives " .. k) end
  check(n > 10, "pairs(string) iterates the library")
end
-- no finalizers: the collector runs them outside the limits
fails(function() setmetatable({}, {__gc = function() end}) end,
  "__gc finalizers are not available to sandboxed scripts", "setmetatable with __gc")
check(getmetatable(setmetatable({}, {__index = {}})) ~= nil, "setmetatable without __gc works")
-- the collector cannot be postponed
fails(function() collectgarbage("step", -2^31) end, "n must be from 0 to", "collectgarbage('step', -2^31)")
fails(function() collectgarbage("step", 2^31) end, "n must be from 0 to", "collectgarbage('step', 2^31)")
collectgarbage("step", 100)
-- regular data files only
for _, p in ipairs{"/dev/stdin", "/dev/zero", "/dev/null"} do
  fails(function() return io.open(p) end, "is not a regular file", "io.open('" .. p .. "')")
  fails(function() return io.lines(p) end, "is not a regular file", "io.lines('" .. p .. "')")
end
for _, p in ipairs{"/proc/self/environ", "/proc/self/mem", "/proc/self/maps", "/sys/kernel/mm/transparent_hugepage/enabled"} do
  fails(function() return io.open(p) end, "is one of the kernel's files", "io.open('" .. p .. "')")
end
fails(function() return io.open("/proc/self/status") end, "kernel's files", "io.open('/proc/self/status')")
fails(function() return io.open("tests") end, "is a directory", "io.open(a directory)")
-- the script environment is protected
check(getmetatable(_ENV) == false, "getmetatable(_ENV) is hidden")
fails(function() setmetatable(_ENV, nil) end, "cannot change a protected metatable",
  "setmetatable(_ENV, nil)")
-- binary chunks
local bin = "\27Lua\x54\0\x19\x93\r\n\x1a\n\4\8\8\x78\x56\0\0\0\0\0\0\0\0\0\0\0\x28\x77\x40"
do
  local f, err = load(bin)
  check(f == nil, "load of a binary chunk fails")
  check(tostring(err):find("attempt to load a binary chunk", 1, true) ~= nil,
    "binary chunk message: " .. tostring(err))
end
fails(function() return load(bin, "b", "b") end,
  "load: only text chunks can be loaded (mode 'b' needs --trusted)", "load(..., 'b')")
fails(function() return load(bin, "bt", "bt") end, "mode 'bt' needs --trusted", "load(..., 'bt')")
do -- a reader function handing out the binary chunk piecewise
  local given = false
  local f = load(function() if not given then given = true return bin end end)
  check(f == nil, "load(reader) of a binary chunk fails")
end
-- text chunks load, in the script's environment by default
do
  local bad, err = load("return +")
  check(bad == nil and err:find("unexpected symbol", 1, true), "load of bad text returns nil, message")
  local f = load("return os.execute, glossa ~= nil")
  check(type(f) == "function", "load(text) returns a function")
  do
    local ex, g = f()
    check(ex == nil and g == true, "load()ed code sees the sandboxed environment")
    local f2 = assert(load("return x", "=chunk", "t", {x = 42}))
    check(f2() == 42, "load with an explicit env")
  end
end
-- files: read yes, write no
fails(function() return io.open("/tmp/glossa-sandbox-test", "w") end,
  "io.open: scripts may only read files (mode 'w' needs --trusted)", "io.open(path, 'w')")
fails(function() return io.open("/tmp/glossa-sandbox-test", "a") end, "mode 'a' needs --trusted",
  "io.open(path, 'a')")
fails(function() return io.open("/tmp/glossa-sandbox-test", "r+") end, "mode 'r+' needs --trusted",
  "io.open(path, 'r+')")
do
  local f, err = io.open("/nonexistent/glossa", "r")
  check(f == nil and tostring(err):find("No such file", 1, true), "io.open of a missing file: nil, message")
end
-- collectgarbage: some options only
check(type(collectgarbage("count")) == "number", "collectgarbage('count') works")
check(collectgarbage("isrunning") == true, "collectgarbage('isrunning') works")
collectgarbage()
collectgarbage("step")
fails(function() collectgarbage("stop") end,
  "collectgarbage('stop') is not available to scripts", "collectgarbage('stop')")
fails(function() collectgarbage("generational") end, "is not available to scripts",
  "collectgarbage('generational')")
check(collectgarbage("isrunning") == true, "the collector still runs")
-- print goes to stderr (run.sh keeps stdout clean of it)
print("sandbox print on stderr")

return function(doc)
  -- reading a file works: the .txt document is its file
  local path = "samples/trump-putin-call.txt"
  local f = assert(io.open(path, "r"))
  local s = f:read("a")
  f:close()
  check(#s > 1000, "io.open(path, 'r') reads the file")
  local f2 = assert(io.open(path, "rb"))
  check(f2:read("a") == s, "mode 'rb' reads the same bytes")
  f2:close()
  local f3 = assert(io.open(path))
  check(f3:read("l") == s:match("^[^\n]*"), "default mode is 'r'")
  -- a read-only handle cannot write
  local okw = f3:write("x")
  check(okw == nil, "a handle opened for reading does not write")
  f3:close()
  if doc.type == "text" then
    check(doc.text == s, "doc.text == the .txt file read with io.open")
  end
  local n = 0
  for _ in io.lines(path) do n = n + 1 end
  check(n > 20, "io.lines reads")
  local marker = doc:find("It would appear"):first()
  N = N + 1
  marker:annotate{label = "sandbox-tests", note = N .. " checks passed"}
end
