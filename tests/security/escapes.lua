-- escapes.lua: known ways out of a Lua sandbox, tried without --trusted.
--
--   printf 'STDIN-SECRET\n' | glossa -j1 -s tests/security/escapes.lua \
--     tests/security/inputs/escapes.txt
--
-- Each attempt is a function that tries to get hold of something a script
-- must not have. The outcome is
--   blocked: MESSAGE   it raised an error (MESSAGE is the error), or it gave
--                      nil/false and a message, or nothing at all
--   ESCAPED: WHAT      it got what it was after: a finding
-- One annotation per attempt, label "escape" (blocked) or "ESCAPED", on the
-- document's first word, note "NAME: outcome". tests/security/run.sh compares
-- them with tests/security/expected/escapes.out; the table in
-- tests/SECURITY.md lists them. Addresses are masked so the output is stable.

local results = {}

local function clean(s)
  s = tostring(s):gsub("0x%x+", "ADDR"):gsub("\n.*", "")
  return s
end

-- attempt(NAME, F): F returns (true, WHAT) when it escaped; (false/nil, MSG)
-- or raises an error when it did not
local function attempt(name, f)
  local ok, got, what = pcall(f)
  local outcome
  if not ok then outcome = "blocked: " .. clean(got)
  elseif got == true then outcome = "ESCAPED: " .. clean(what)
  else outcome = "blocked: " .. clean(what or "nothing reachable") end
  results[#results + 1] = {name = name, outcome = outcome, escaped = ok and got == true}
end

-- a real Lua 5.4 binary chunk for `return 6*7` (string.dump of
-- load("return 6*7") by the host's lua5.4; the 5.4 format is shared by 5.4.x)
local bc = "\x1b\x4c\x75\x61\x54\x00\x19\x93\x0d\x0a\x1a\x0a\x04\x08\x08\x78\x56\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x28\x77\x40\x01\x8b\x72\x65\x74\x75\x72\x6e\x20\x36\x2a\x37\x80\x80\x00\x01\x02\x84\x51\x00\x00\x00\x01\x80\x14\x80\x46\x00\x02\x01\x46\x00\x01\x01\x80\x81\x01\x00\x00\x80\x84\x01\x00\x00\x00\x80\x80\x81\x85\x5f\x45\x4e\x56"

-- loads CHUNK with LOADER(chunk, name, mode) and runs it: escaped when the
-- binary chunk ran and gave 42
local function run_bytecode(loader, mode)
  local f, err = loader(bc, "=bytecode", mode)
  if not f then return false, err end
  local ok, v = pcall(f)
  if ok and v == 42 then return true, "a binary chunk was loaded and ran (returned 42)" end
  return true, "a binary chunk was loaded (running it: " .. tostring(v) .. ")"
end

-- 1. bytecode through load
attempt("load(bytecode)", function() return run_bytecode(load) end)
attempt("load(bytecode, name, 'b')", function() return run_bytecode(load, "b") end)
attempt("load(bytecode, name, 'bt')", function() return run_bytecode(load, "bt") end)
attempt("load(reader returning bytecode)", function()
  local given = false
  local f, err = load(function() if not given then given = true return bc end end)
  if f then return true, "a reader's binary chunk loaded" end
  return false, err
end)
attempt("load(bytecode, name, 't\\0b')", function() return run_bytecode(load, "t\0b") end)
attempt("_G.load(bytecode, name, 'b')", function() return run_bytecode(_G.load, "b") end)
attempt("rawget(_G, 'load')(bytecode, name, 'b')", function()
  return run_bytecode(rawget(_G, "load"), "b")
end)
attempt("local _ENV = _G; load(bytecode, name, 'b')", function()
  local _ENV = _G
  return run_bytecode(load, "b")
end)
attempt("coroutine.wrap(_G.load)(bytecode, name, 'b')", function()
  return run_bytecode(coroutine.wrap(_G.load), "b")
end)
attempt("load('return load', name, 't', _G)()(bytecode, name, 'b')", function()
  local l = load("return load", "=x", "t", _G)()
  return run_bytecode(l, "b")
end)

-- 2. string.dump
attempt("string.dump(f)", function() return true, string.dump(print) end)
attempt("('').dump", function()
  local d = ("").dump
  if d ~= nil then return true, "('').dump is a " .. type(d) end
  return false, "('').dump is nil"
end)
attempt("getmetatable('').__index.dump", function()
  local d = getmetatable("").__index.dump
  if d ~= nil then return true, "string.dump through the string metatable" end
  return false, "getmetatable('').__index.dump is nil"
end)

-- 3. the environment and its metatable
attempt("setmetatable(_ENV, nil)", function()
  setmetatable(_ENV, nil)
  return true, "the script environment's metatable was removed"
end)
attempt("getmetatable(_ENV).__index", function()
  local mt = getmetatable(_ENV)
  if type(mt) == "table" then return true, "the environment's metatable is reachable" end
  return false, "getmetatable(_ENV) is " .. tostring(mt)
end)
attempt("setmetatable(_G, nil); _G.debug", function()
  setmetatable(_G, nil)
  local d = rawget(_G, "debug") or _G.debug
  return d ~= nil, d and "debug reached" or "debug is nil after setmetatable(_G, nil)"
end)
attempt("setmetatable(_G, {__index = ...}) to reach debug", function()
  setmetatable(_G, {__index = function(_, k) return nil end})
  local d = _G.debug
  setmetatable(_G, nil)
  return d ~= nil, d and "debug reached" or "debug is nil"
end)

-- 4. the string metatable
attempt("getmetatable('').__index -> io/os/debug", function()
  local s = getmetatable("").__index
  for _, k in ipairs{"io", "os", "debug", "load", "dump", "execute", "require"} do
    if s[k] ~= nil then return true, "string metatable leads to " .. k end
  end
  return false, "the string metatable's __index is the sandboxed string table"
end)

-- 5. collectgarbage
for _, opt in ipairs{"stop", "restart", "generational", "incremental", "setpause", "setstepmul"} do
  attempt("collectgarbage('" .. opt .. "')", function()
    collectgarbage(opt)
    return true, "collectgarbage('" .. opt .. "') ran"
  end)
end

-- 6. coroutines around forbidden calls
attempt("coroutine.wrap(os.execute)", function()
  return true, tostring(coroutine.wrap(os.execute)("true"))
end)
attempt("coroutine.wrap(function() return os.execute('true') end)", function()
  return true, tostring(coroutine.wrap(function() return os.execute("true") end)())
end)
attempt("coroutine.resume(coroutine.create(io.popen))", function()
  local ok, err = coroutine.resume(coroutine.create(function() return io.popen("true") end))
  if ok then return true, "io.popen ran in a coroutine" end
  return false, err
end)

-- 7. debug, package, the registry, C loaders: anywhere reachable? A walk
-- over every table reachable from _G, the string and file metatables and the
-- glossa objects' metatables, looking for the keys of dangerous functions.
attempt("walk every reachable table for debug/package/loaders", function()
  local bad = {debug = 1, getupvalue = 1, setupvalue = 1, getregistry = 1, sethook = 1,
               upvalueid = 1, getlocal = 1, dump = 1, execute = 1, popen = 1, loadlib = 1,
               searchers = 1, preload = 1, loaded = 1, getenv = 1, remove = 1, rename = 1,
               exit = 1, require = 1, dofile = 1, loadfile = 1, tmpname = 1, tmpfile = 1,
               stdout = 1, stdin = 1, output = 1, input = 1, package = 1}
  -- (table.remove is the only harmless function with one of these names)
  local seen, queue, found = {}, {_G, getmetatable(""), getmetatable(io.stderr)}, {}
  local f = io.open("tests/security/inputs/escapes.txt", "r")
  if f then queue[#queue + 1] = getmetatable(f); f:close() end
  while #queue > 0 do
    local t = table.remove(queue)
    if type(t) == "table" and not seen[t] then
      seen[t] = true
      for k, v in pairs(t) do
        if bad[k] and v ~= nil and v ~= table.remove then found[#found + 1] = tostring(k) end
        if type(v) == "table" then queue[#queue + 1] = v end
        local mt = getmetatable(v)
        if type(mt) == "table" then queue[#queue + 1] = mt end
      end
      local mt = getmetatable(t)
      if type(mt) == "table" then queue[#queue + 1] = mt end
    end
  end
  table.sort(found)
  if #found > 0 then return true, "reachable: " .. table.concat(found, ", ") end
  return false, "none of debug/package/loaders/os/io writers reachable"
end)
attempt("debug via a function's upvalues (no debug.getupvalue)", function()
  local g = rawget(_G, "debug")
  if g then return true, "debug.getupvalue(load, 1) = " .. tostring(g.getupvalue(load, 1)) end
  return false, "no debug library to read upvalues with"
end)

-- 8. package, dofile, loadfile; require is the sandbox's, which loads the
-- user's own Lua files only: no library of Lua's, no C module, no system path
for _, name in ipairs{"package", "dofile", "loadfile"} do
  attempt(name, function()
    local v = _ENV[name]
    if v == nil then return false, name .. " is nil" end
    return true, name .. " is a " .. type(v)
  end)
end
attempt("require('os')", function() return true, tostring(require("os")) end)
attempt("require('debug')", function() return true, tostring(require("debug")) end)
attempt("package.loaded.debug", function() return true, tostring(package.loaded.debug) end)

-- 9. files: writing, programs
local tmp = "/tmp/glossa-escape-test-must-not-exist"
for _, mode in ipairs{"w", "a", "r+", "w+", "a+", "wb", "r+b"} do
  attempt("io.open(path, '" .. mode .. "')", function()
    local f, err = io.open(tmp, mode)
    if f then f:close() return true, "opened for '" .. mode .. "'" end
    return false, err
  end)
end
attempt("io.open(path, 'w\\0')", function()
  local f, err = io.open(tmp, "w\0")
  if f then f:close() return true, "opened for writing" end
  return false, err
end)
attempt("io.open(input, 'r\\0+') then write", function()
  local f, err = io.open("tests/security/inputs/escapes.txt", "r\0+")
  if not f then return false, err end
  local ok, werr = f:write("x")
  f:close()
  if ok then return true, "wrote to a file opened 'r\\0+'" end
  return false, "opened read-only; write: " .. tostring(werr)
end)
attempt("read-only handle:write", function()
  local f = assert(io.open("tests/security/inputs/escapes.txt", "r"))
  local ok, err = f:write("x")
  f:close()
  if ok then return true, "a read-only handle wrote" end
  return false, err
end)
attempt("file metatable __index.write on a read handle", function()
  local f = assert(io.open("tests/security/inputs/escapes.txt", "r"))
  local ok, err = getmetatable(f).__index.write(f, "x")
  f:close()
  if ok then return true, "wrote" end
  return false, err
end)
for _, name in ipairs{"io.popen", "io.write", "io.output", "io.stdout", "io.read", "io.input",
                      "io.stdin", "io.tmpfile", "os.execute", "os.getenv", "os.remove",
                      "os.rename", "os.exit", "os.tmpname", "os.setlocale"} do
  attempt(name .. "(...)", function()
    local t, k = name:match("^(%a+)%.(%a+)$")
    local v = _ENV[t][k]
    if v == nil then return false, name .. " is nil" end
    return true, name .. " is a " .. type(v)
  end)
end
attempt("os.execute('true')", function() return true, tostring(os.execute("true")) end)
attempt("io.popen('id')", function() return true, tostring(io.popen("id")) end)
attempt("os.getenv('HOME')", function() return true, tostring(os.getenv("HOME")) end)
attempt("os.remove(path)", function() return true, tostring(os.remove(tmp)) end)
attempt("os.rename(a, b)", function() return true, tostring(os.rename(tmp, tmp .. "2")) end)
attempt("os.exit(0)", function() os.exit(0) return true, "os.exit returned" end)
attempt("io.close() (the default output)", function()
  local ok, err = io.close()
  if ok then return true, "closed the default output (stdout)" end
  return false, err
end)
attempt("io.stderr:close()", function()
  local ok, err = io.stderr:close()
  if ok then return true, "closed stderr" end
  return false, err
end)
attempt("io.lines() (the default input, standard input)", function()
  local it = io.lines()
  local line = it()
  if line then return true, "read standard input: " .. line end
  return false, "standard input gave nothing"
end)

-- 10. print goes to stderr, never stdout (run.sh checks both)
print("PRINT-MARKER: print goes to stderr")

io.stderr:write("IO-STDERR-MARKER: io.stderr is writable (standard error only)\n")

return function(doc)
  local first = doc:find("Sandbox"):first()
  for _, r in ipairs(results) do
    first:annotate{label = r.escaped and "ESCAPED" or "escape", note = r.name .. ": " .. r.outcome}
  end
end
